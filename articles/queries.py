"""Shared reads: progress and queue queries (aggregates, never counters kept by signals)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

# Statuses, spelled out here so that this module does not import models (circular).
_DONE = ("reviewed", "approved", "disputed", "dismissed")


class ArticleQuerySet(models.QuerySet):
    def with_progress(self) -> ArticleQuerySet:
        """Annotate claim counts per status (one aggregate query, no N+1)."""
        return self.annotate(
            claim_count=Count("claims", distinct=True),
            unreviewed_count=Count("claims", filter=Q(claims__status="unreviewed"), distinct=True),
            in_review_count=Count("claims", filter=Q(claims__status="in_review"), distinct=True),
            reviewed_count=Count("claims", filter=Q(claims__status="reviewed"), distinct=True),
            approved_count=Count("claims", filter=Q(claims__status="approved"), distinct=True),
            disputed_count=Count("claims", filter=Q(claims__status="disputed"), distinct=True),
            dismissed_count=Count("claims", filter=Q(claims__status="dismissed"), distinct=True),
            done_count=Count("claims", filter=Q(claims__status__in=_DONE), distinct=True),
        )

    def search(self, term: str) -> ArticleQuerySet:
        term = term.strip()
        if not term:
            return self
        from django.db import connections

        if connections[self.db].vendor == "postgresql":
            # full-text search (stemmed words, "quoted phrases", -exclusions), served by the
            # GIN index article_fts of migration 0003, whose expression this must match
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector("title", "text", config="english")
            return self.annotate(fts=vector).filter(fts=SearchQuery(term, search_type="websearch", config="english"))
        return self.filter(Q(title__icontains=term) | Q(text__icontains=term) | Q(publisher__icontains=term))


_OPEN = ("unreviewed", "in_review")


class ClaimQuerySet(models.QuerySet):
    def open_for(self, user) -> ClaimQuerySet:
        """Claims ``user`` can still give a verdict on: not finished, not theirs already, and
        not assigned to someone else."""
        from django.apps import apps

        from django.conf import settings

        Verdict = apps.get_model("articles", "Verdict")
        mine = Verdict.objects.filter(claim=models.OuterRef("pk"), reviewer=user)
        # a claim an editor returned for another review is "in review" with all the verdicts it
        # needs: it comes back to the reviewers who rated it too, to revise their verdicts
        verdicts = (
            Verdict.objects.filter(claim=models.OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(n=Count("id"))
            .values("n")
        )
        returned = Q(status="in_review", rated__gte=settings.FACTCHECK_VERDICTS_REQUIRED)
        return (
            self.filter(status__in=_OPEN)
            .filter(Q(assignee=user) | Q(assignee__isnull=True))
            .annotate(rated=Coalesce(models.Subquery(verdicts), 0))
            .filter(~models.Exists(mine) | returned)
        )

    def queue_for(self, user) -> ClaimQuerySet:
        """``user``'s review queue: their assigned claims first, then unassigned ones; within
        each group by check-worthiness (highest first), ties in reading order."""
        return self.open_for(user).order_by(
            models.Case(models.When(assignee=user, then=0), default=1),
            "-checkworthiness",
            "article_id",
            "position",
        )

    def awaiting_editor(self) -> ClaimQuerySet:
        """The editors' queue: disputed claims first, then agreed ones awaiting approval."""
        return self.filter(status__in=("disputed", "reviewed")).order_by(
            models.Case(models.When(status="disputed", then=0), default=1), "article_id", "position"
        )


# ----------------------------------------------------------------------------- review screens
# Each screen reads a fixed number of queries whatever the number of claims: these helpers
# fetch in bulk and assemble in Python.

RATINGS_CACHE_KEY = "articles:active-ratings"
RATINGS_CACHE_SECONDS = 30


def active_ratings() -> list:
    """The active rating scale, cached briefly (it changes rarely; the admin clears the cache,
    other processes see a change within RATINGS_CACHE_SECONDS, and the save service refuses an
    inactive rating anyway)."""
    from django.apps import apps
    from django.core.cache import cache

    Rating = apps.get_model("articles", "Rating")
    return cache.get_or_set(RATINGS_CACHE_KEY, lambda: list(Rating.objects.filter(is_active=True)), RATINGS_CACHE_SECONDS)


def forget_ratings() -> None:
    from django.core.cache import cache

    cache.delete(RATINGS_CACHE_KEY)


def reviewers():
    """Users who may be assigned claims: active members of the Reviewers or Editors group."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=("Reviewers", "Editors"))
        .distinct()
        .order_by("username")
    )


STATUS_ORDER = ("approved", "reviewed", "disputed", "in_review", "dismissed", "unreviewed")


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    counts: dict[str, int]

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in _DONE)

    def segments(self) -> list[tuple[str, int, int]]:
        """(status, count, whole percent) for the bar, in a fixed order, empty ones left out.
        Percentages are rounded so that they never add up to more than 100."""
        out, used = [], 0
        for status in STATUS_ORDER[:-1]:
            n = self.counts.get(status, 0)
            if n:
                pct = min(100 - used, round(100 * n / self.total)) if self.total else 0
                used += pct
                out.append((status, n, pct))
        return out

    @classmethod
    def of(cls, statuses: Iterable[str]) -> Progress:
        counts = Counter(statuses)
        return cls(total=sum(counts.values()), counts=dict(counts))

    @classmethod
    def from_article(cls, article) -> Progress:
        """From ArticleQuerySet.with_progress() annotations."""
        counts = {s: getattr(article, f"{s}_count", 0) for s in ("unreviewed", "in_review", "reviewed", "approved", "disputed", "dismissed")}
        return cls(total=article.claim_count, counts=counts)


@dataclass
class ReviewerProgress:
    user: Any
    assigned: int = 0
    assigned_done: int = 0
    verdicts: int = 0


def reviewer_progress(claims: Sequence[Any], verdicts: dict[int, list[Any]]) -> list[ReviewerProgress]:
    rows: dict[int, ReviewerProgress] = {}
    for claim in claims:
        mine = verdicts.get(claim.pk, [])
        if claim.assignee_id:
            row = rows.setdefault(claim.assignee_id, ReviewerProgress(user=claim.assignee))
            row.assigned += 1
            if claim.status not in _OPEN or any(v.reviewer_id == claim.assignee_id for v in mine):
                row.assigned_done += 1
        for v in mine:
            rows.setdefault(v.reviewer_id, ReviewerProgress(user=v.reviewer)).verdicts += 1
    return sorted(rows.values(), key=lambda r: r.user.get_username())


def group_verdicts(verdicts: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for v in verdicts:
        grouped[v.claim_id].append(v)
    return grouped


def text_pieces(text: str, claims: Sequence[Any]) -> list[tuple[str, Any]]:
    """The article text cut into (piece, claim or None), each claim's own span highlighted
    in place. Offsets come from the database (code points); overlapping spans (never made by
    the services) are shown once, unhighlighted."""
    pieces: list[tuple[str, Any]] = []
    at = 0
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.start < at or claim.end > len(text):
            continue
        if claim.start > at:
            pieces.append((text[at : claim.start], None))
        pieces.append((text[claim.start : claim.end], claim))
        at = claim.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def is_editor(user) -> bool:
    return user.has_perm("articles.approve_verdict")


def can_review(user) -> bool:
    return user.has_perm("articles.add_verdict")


def related_claims(claim) -> tuple[Any, Any, list[Any]]:
    """(claim before, claim after, other claims with the same fingerprint): one query."""
    Claim = type(claim)
    rows = list(
        Claim.objects.filter(
            Q(article_id=claim.article_id, position__in=(claim.position - 1, claim.position + 1))
            | (Q(fingerprint=claim.fingerprint) & ~Q(pk=claim.pk))
        )
        .select_related("article")
        .defer("article__text", "article__summary")
        .order_by("article__published_on", "id")[:52]
    )
    before = next((c for c in rows if c.article_id == claim.article_id and c.position == claim.position - 1), None)
    after = next((c for c in rows if c.article_id == claim.article_id and c.position == claim.position + 1), None)
    duplicates = [c for c in rows if c.fingerprint == claim.fingerprint and c.pk != claim.pk]
    return before, after, duplicates[:50]


def load_verdicts(q: Q) -> dict[int, list[Any]]:
    from django.apps import apps

    Verdict = apps.get_model("articles", "Verdict")
    return group_verdicts(Verdict.objects.filter(q).select_related("rating", "reviewer", "approved_by"))


def attach_sources(verdicts: Iterable[Any]) -> None:
    """Give each verdict a ``source_list`` (one query for all of them)."""
    from django.apps import apps

    Source = apps.get_model("articles", "Source")
    verdicts = list(verdicts)
    by_verdict: dict[int, list[Any]] = defaultdict(list)
    if verdicts:
        for s in Source.objects.filter(verdict_id__in=[v.pk for v in verdicts]):
            by_verdict[s.verdict_id].append(s)
    for v in verdicts:
        v.source_list = by_verdict.get(v.pk, [])


def claim_panel(claim, user, *, verdicts: dict[int, list[Any]] | None = None, related=None) -> dict[str, Any]:
    """Everything the claim panel shows, for ``user``.

    ``verdicts`` (claim id -> verdicts) may already hold this claim's and its duplicates'
    verdicts (the article page loads them with the rest); ``related`` likewise.
    """
    from django.apps import apps

    History = apps.get_model("articles", "History")
    before, after, duplicates = related if related is not None else related_claims(claim)
    if verdicts is None:
        verdicts = load_verdicts(Q(claim_id__in=[claim.pk, *(d.pk for d in duplicates)]))
    claim_verdicts = verdicts.get(claim.pk, [])
    mine = next((v for v in claim_verdicts if v.reviewer_id == user.pk), None)
    editor = is_editor(user)
    others = [v for v in claim_verdicts if v.reviewer_id != user.pk]
    for d in duplicates:
        d.verdict_list = verdicts.get(d.pk, [])
    attach_sources([*claim_verdicts, *(v for d in duplicates for v in d.verdict_list)])
    history = list(History.objects.filter(claim_id=claim.pk).select_related("actor")[:50])
    show_others = editor or mine is not None
    if not show_others:
        # second review is blind: other reviewers' verdict and source changes stay hidden too
        history = [h for h in history if h.entity not in ("verdict", "source") or h.actor_id == user.pk]
    return {
        "claim": claim,
        "before": before,
        "after": after,
        "duplicates": duplicates,
        "mine": mine,
        "others": others,
        # second review is blind: reviewers see the others' verdicts once they saved their own
        "show_others": show_others,
        "approved": next((v for v in claim_verdicts if v.approved_at), None),
        "history": history,
        "ratings": active_ratings(),
        "is_editor": editor,
        "can_review": can_review(user) and claim.status not in ("approved", "dismissed"),
        "reviewers": list(reviewers()) if editor else [],
        "split_points": split_points(claim),
    }


def split_points(claim) -> list[tuple[int, str]]:
    """Where an editor may split the claim: before each word after the first, as
    (article-text offset, the words from there on, shortened)."""
    out = []
    text = claim.text
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            out.append((claim.start + i, text[i : i + 40]))
    return out
