"""Screen reads: what each page shows, as typed data.

Each screen reads a fixed number of queries whatever the number of claims: these functions
fetch in bulk and assemble in Python. What a user may see (blind second review) and do (the
flags the templates show buttons by) comes from ``policy``; views pass these objects to the
templates as they are.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import Case, Q, Value, When
from django.utils.functional import cached_property

from . import policy
from .agreement import Agreement, agreement
from .models import RARE_MATCHES, Article, Claim, ClaimMatch, History, Rating, Source, Verdict
from .text import checkworthiness

# ----------------------------------------------------------------------------- reads compiled once


class Prepared:
    """A read the hot paths make on every request, its SQL compiled once per process.

    Django compiles a queryset's SQL again on every run: for a read with joins (select_related)
    that is 1-4 ms of Python, more than the database takes to answer it. The SQL and the way its
    rows become objects do not change from one call to the next, only the parameter values. So
    ``build(*stand_ins)`` makes the queryset once with stand-in values (``types``: int, str or
    datetime, one per value; each must reach the SQL as a parameter, as a filter's value does);
    each call runs that SQL with the real values and hands the rows to Django's own iterable,
    which makes the model instances (select_related objects, annotations) exactly as
    ``list(queryset)`` does. A stand-in may reach the SQL more than once (each place gets the
    value). A queryset whose stand-ins do not all come out as parameters is simply run through
    the ORM each time (same result, no saving)."""

    def __init__(self, model, build, *types: type):
        self.model = model
        self.build = build
        self.types = types
        self._compiled: dict[str, Any] = {}

    def _stand_ins(self) -> list:
        # in range of every integer column (Django drops a comparison no value of the column can fail)
        out: list = []
        for i, t in enumerate(self.types):
            if t is int:
                out.append(1_917_000_000 + i)
            elif t is datetime:
                out.append(datetime(2191, 7, 1, 0, 0, i, 917, tzinfo=UTC))
            else:
                out.append(f"\x1fstand-in {i}\x1f")
        return out

    def _adapt(self, db: str, value):
        """A value as the SQL's parameters hold it (a datetime as the backend writes it)."""
        if isinstance(value, datetime):
            return connections[db].ops.adapt_datetimefield_value(value)
        return value

    def _slots(self, db: str, sql: str, params, stand_ins: list) -> list[tuple[int, int]] | None:
        """(parameter index, stand-in index) for each place a stand-in went; None when one is
        missing or went into the SQL text itself."""
        reps = [self._adapt(db, v) for v in stand_ins]
        slots = [(i, reps.index(p)) for i, p in enumerate(params) if isinstance(p, (int, str, datetime)) and p in reps]
        if {k for _, k in slots} != set(range(len(stand_ins))) or any(str(v) in sql for v in reps):
            return None
        return slots

    def _compile(self, db: str) -> Any:
        stand_ins = self._stand_ins()
        try:
            qs = self.build(*stand_ins).using(db)
            compiler = qs.query.get_compiler(using=db)
            sql, params = compiler.as_sql()
        except (ValueError, TypeError, EmptyResultSet):  # the stand-ins are not usable there
            return None
        slots = self._slots(db, sql, params, stand_ins)
        if slots is None:
            return None
        return qs, compiler, sql, tuple(params), slots

    def _run_params(self, db: str, params, slots, values) -> list:
        run = list(params)
        for i, k in slots:
            run[i] = self._adapt(db, values[k])
        return run

    def _for(self, db: str) -> Any:
        """The compiled read for database ``db`` (compiled on first use), or None."""
        if db not in self._compiled:
            self._compiled[db] = self._compile(db)
        return self._compiled[db]

    def __call__(self, *values) -> list:
        db = router.db_for_read(self.model)
        compiled = self._for(db)
        if compiled is None:
            return list(self.build(*values).using(db))
        qs, compiler, sql, params, slots = compiled
        run = self._run_params(db, params, slots, values)
        frozen = copy.copy(compiler)  # per call: the compiled state is shared, never changed
        frozen.connection = connections[db]  # this thread's
        frozen.as_sql = lambda *args, **kwargs: (sql, run)
        query = copy.copy(qs.query)
        query.get_compiler = lambda *args, **kwargs: frozen
        return list(type(qs)(model=qs.model, query=query, using=db))


class PreparedSQL(Prepared):
    """Like Prepared, for a statement made from querysets' SQL: ``build(*stand_ins)`` returns
    (sql, params); each call runs it with the real values and returns the rows as tuples.
    ``fallback(*values)`` gives the same rows when the stand-ins cannot be found again."""

    def __init__(self, model, build, *types: type, fallback):
        super().__init__(model, build, *types)
        self.fallback = fallback

    def _compile(self, db: str) -> Any:
        stand_ins = self._stand_ins()
        try:
            sql, params = self.build(db, *stand_ins)
        except (ValueError, TypeError, EmptyResultSet):
            return None
        slots = self._slots(db, sql, params, stand_ins)
        return None if slots is None else (sql, tuple(params), slots)

    def __call__(self, *values) -> list:
        db = router.db_for_read(self.model)
        compiled = self._for(db)
        if compiled is None:
            return self.fallback(*values)
        sql, params, slots = compiled
        with connections[db].cursor() as cursor:
            cursor.execute(sql, self._run_params(db, params, slots, values))
            return cursor.fetchall()


@dataclass(frozen=True, slots=True)
class _Someone:
    """What policy's filters read of a user (its pk): the user of a Prepared build."""

    pk: int


# ----------------------------------------------------------------------------- the rating scale

RATINGS_CACHE_KEY = "articles:active-ratings"
RATINGS_CACHE_SECONDS = 30


def active_ratings() -> list[Rating]:
    """The active rating scale, cached briefly (it changes rarely; the admin clears the cache,
    other processes see a change within RATINGS_CACHE_SECONDS, and the save service refuses an
    inactive rating anyway)."""
    return cache.get_or_set(RATINGS_CACHE_KEY, lambda: list(Rating.objects.filter(is_active=True)), RATINGS_CACHE_SECONDS)


def ratings_by_id() -> dict[int, Rating]:
    """Every rating, active or not (a verdict may carry a retired one), by id; cached like
    ``active_ratings``."""
    return cache.get_or_set(ALL_RATINGS_CACHE_KEY, lambda: {r.pk: r for r in Rating.objects.all()}, RATINGS_CACHE_SECONDS)


ALL_RATINGS_CACHE_KEY = "articles:ratings-by-id"


def forget_ratings() -> None:
    cache.delete_many([RATINGS_CACHE_KEY, ALL_RATINGS_CACHE_KEY])


# ----------------------------------------------------------------------------- lists


class IdsFirstPaginator(Paginator):
    """A paginator for long lists: a page is read as its ids first (walking the list's index
    past the offset reads index entries only), then those rows in one ``pk IN`` query, instead
    of fetching and discarding every row before the offset. Same pages, same order.

    With ``cap``, the count stops there (``capped`` then says there are more): counting every
    article a common word matches costs more than the page itself, and nobody pages through
    ten thousand search results."""

    def __init__(self, *args, cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        if self.cap is None:
            return super().count
        n = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        # the rows by primary key alone (the list's filters, a search above all, would be
        # evaluated again), with the list's deferred fields
        rows_qs = self.object_list.model._default_manager.using(self.object_list.db).filter(pk__in=ids)
        rows_qs.query.deferred_loading = self.object_list.query.deferred_loading
        rows = {obj.pk: obj for obj in rows_qs} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def article_paginator(articles, *, searched: bool, ranked: bool, cap: int, per_page: int = 25) -> IdsFirstPaginator:
    """The article list's pages. A search's count stops at ``cap``; a search for a rare word
    (at most RARE_MATCHES articles) is sorted from its matches rather than read along the date
    index (``newest_first_from_matches``): the count, made first, says which it is."""
    paginator = IdsFirstPaginator(articles, per_page, cap=cap if searched else None)
    if searched and not ranked and paginator.count <= RARE_MATCHES:
        paginator.object_list = articles.newest_first_from_matches()
    return paginator


# ----------------------------------------------------------------------------- progress


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    counts: dict[str, int]

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in policy.DONE)

    @property
    def agreed_waiting(self) -> int:
        """Claims whose reviewers agree, awaiting approval."""
        return self.counts.get(Claim.Status.REVIEWED, 0)

    def segments(self) -> list[tuple[str, int, int]]:
        """(status, count, whole percent) for the bar, in a fixed order, empty ones left out.
        Percentages are rounded so that they never add up to more than 100."""
        out, used = [], 0
        for status in policy.STATUS_ORDER[:-1]:
            n = self.counts.get(status, 0)
            if n:
                pct = min(100 - used, round(100 * n / self.total)) if self.total else 0
                used += pct
                out.append((str(status), n, pct))
        return out

    @classmethod
    def of(cls, statuses: Iterable[str]) -> Progress:
        counts = Counter(str(s) for s in statuses)
        return cls(total=sum(counts.values()), counts=dict(counts))

    @classmethod
    def from_article(cls, article: Article) -> Progress:
        """From the article's stored counts."""
        counts = {s: getattr(article, f"{s}_count", 0) for s in Claim.Status.values}
        return cls(total=article.claim_count, counts=counts)

    @classmethod
    def of_article(cls, article_id: int) -> Progress:
        """From the article's stored counts (one row)."""
        found = _ARTICLE_COUNTS(article_id)
        if not found:
            raise Article.DoesNotExist(f"no article {article_id}")
        return cls.from_article(found[0])


_ARTICLE_COUNTS = Prepared(Article, lambda pk: Article.objects.only(*Article.COUNT_FIELDS).filter(pk=pk), int)


@dataclass
class ReviewerProgress:
    user: Any
    assigned: int = 0
    assigned_done: int = 0
    verdicts: int = 0


def reviewer_progress(claims: Sequence[Any], verdicts: dict[int, Sequence[Any]]) -> list[ReviewerProgress]:
    """Per person: claims assigned (and done), verdicts given."""
    rows: dict[int, ReviewerProgress] = {}
    for claim in claims:
        mine = verdicts.get(claim.pk, [])
        if claim.assignee_id:
            row = rows.setdefault(claim.assignee_id, ReviewerProgress(user=claim.assignee))
            row.assigned += 1
            if not policy.is_open(claim) or any(v.reviewer_id == claim.assignee_id for v in mine):
                row.assigned_done += 1
        for v in mine:
            rows.setdefault(v.reviewer_id, ReviewerProgress(user=v.reviewer)).verdicts += 1
    return sorted(rows.values(), key=lambda r: r.user.get_username())


# ----------------------------------------------------------------------------- bulk reads


def group_verdicts(verdicts: Iterable[Verdict]) -> dict[int, list[Verdict]]:
    grouped: dict[int, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        grouped[v.claim_id].append(v)
    return grouped


def load_verdicts(q: Q) -> dict[int, list[Verdict]]:
    return group_verdicts(Verdict.objects.filter(q).select_related("rating", "reviewer", "approved_by"))


_VERDICTS_OF_ONE = Prepared(
    Verdict, lambda claim_id: Verdict.objects.filter(claim_id=claim_id).select_related("rating", "reviewer", "approved_by"), int
)


_VERDICTS_OF_TWO = Prepared(
    Verdict,
    lambda a, b: Verdict.objects.filter(claim_id__in=(a, b)).select_related("rating", "reviewer", "approved_by"),
    int,
    int,
)


def verdicts_of(claim_ids: Iterable[int]) -> dict[int, list[Verdict]]:
    """``load_verdicts`` of these claims (one query; for one claim, the panel's usual case, and
    for two, a save's saved and next claim, its SQL compiled once)."""
    ids = sorted(set(claim_ids))
    if len(ids) == 1:
        return group_verdicts(_VERDICTS_OF_ONE(ids[0]))
    if len(ids) == 2:
        return group_verdicts(_VERDICTS_OF_TWO(*ids))
    return load_verdicts(Q(claim_id__in=ids))


@dataclass(frozen=True, slots=True)
class Person:
    """A user as lists show them (their username), read with the row that names them."""

    pk: int
    username: str

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username


@dataclass(frozen=True, slots=True)
class VerdictFact:
    """What the claim list needs of a verdict (who, which rating, approved or not): read as
    plain tuples for the hundreds of verdicts of a long article, where model instances with
    their related rows cost more than the rest of the page."""

    claim_id: int
    reviewer_id: int
    rating_id: int
    approved_at: Any
    reviewer: Person


def _user_as_read(db: str, pk: int, username: str) -> Any:
    """A user instance as if read with only its id and username (the rest deferred), from a
    username joined into another query: what the panel shows of reviewers and assignees."""
    User = get_user_model()
    return User.from_db(db, ["id", User.USERNAME_FIELD], [pk, username])


_VERDICT_FIELDS = tuple(f.attname for f in Verdict._meta.concrete_fields)


def verdicts_and_facts(q: Q, *, full: Iterable[int]) -> tuple[dict[int, list[Verdict]], dict[int, list[VerdictFact]]]:
    """The verdicts ``q`` selects, in one query: as Verdict instances (rating, reviewer and
    approver attached, the users with their usernames only) for the claims in ``full``, and as
    VerdictFacts for every claim."""
    db = Verdict.objects.db
    want = set(full)
    ratings = ratings_by_id()
    verdicts: dict[int, list[Verdict]] = defaultdict(list)
    facts: dict[int, list[VerdictFact]] = defaultdict(list)
    rows = Verdict.objects.filter(q).order_by("claim_id", "created_at", "id")
    at = {name: i for i, name in enumerate(_VERDICT_FIELDS)}
    for row in rows.values_list(*_VERDICT_FIELDS, "reviewer__username", "approved_by__username"):
        values, username, approver = row[:-2], row[-2], row[-1]
        claim_id, reviewer_id = values[at["claim_id"]], values[at["reviewer_id"]]
        facts[claim_id].append(
            VerdictFact(claim_id, reviewer_id, values[at["rating_id"]], values[at["approved_at"]], Person(reviewer_id, username))
        )
        if claim_id in want:
            v = Verdict.from_db(db, _VERDICT_FIELDS, values)
            v.rating = ratings.get(v.rating_id) or Rating.objects.get(pk=v.rating_id)
            v.reviewer = _user_as_read(db, reviewer_id, username)
            if v.approved_by_id:
                v.approved_by = _user_as_read(db, v.approved_by_id, approver)
            verdicts[claim_id].append(v)
    return verdicts, facts


_SOURCES_OF_ONE = Prepared(Source, lambda verdict_id: Source.objects.filter(verdict_id=verdict_id), int)


def sources_of(verdicts: Iterable[Verdict]) -> dict[int, list[Source]]:
    """verdict id -> its sources in order (one query for all of them)."""
    ids = sorted({v.pk for v in verdicts})
    by_verdict: dict[int, list[Source]] = defaultdict(list)
    if ids:
        for s in _SOURCES_OF_ONE(ids[0]) if len(ids) == 1 else Source.objects.filter(verdict_id__in=ids):
            by_verdict[s.verdict_id].append(s)
    return by_verdict


def text_pieces(text: str, claims: Sequence[Any]) -> list[tuple[str, Any]]:
    """The article text cut into (piece, claim or None), each claim's own span highlighted
    in place. Offsets come from the database (code points); overlapping spans (never made by
    the services) are shown once, unhighlighted. ``claims`` need ``start`` and ``end``."""
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


def _related(article_id, before, after, fingerprint, pk):
    return (
        Claim.objects.filter(
            Q(article_id=article_id, position__in=(before, after)) | (Q(fingerprint=fingerprint) & ~Q(pk=pk))
        )
        .select_related("article")
        .defer("article__text", "article__summary")
        .order_by("article__published_on", "id")[:52]
    )


_RELATED = Prepared(Claim, _related, int, int, int, str, int)


def _next_reviewable(article_id, user_pk, position, pk):
    later_first = Case(When(position__gt=position, then=Value(0)), default=Value(1))
    claims = Claim.objects.filter(article_id=article_id).exclude(pk=pk)
    return (
        policy.reviewable_claims(_Someone(user_pk), claims)
        .select_related("article", "assignee")
        .defer("article__text")
        .order_by(later_first, "position")[:1]
    )


_NEXT_REVIEWABLE: dict[int, Prepared] = {}  # by policy.verdicts_required(), which the SQL holds


def next_reviewable_in_article(claim: Claim, user: Any) -> Claim | None:
    """The next claim of ``claim``'s article that ``user`` can still review (policy's
    reviewable_claims): the first after it in reading order, else the first from the top; with
    its article (not its text) and assignee. One query, its SQL compiled once per process (it
    was two, each compiled per save: ~4 ms of a save-and-next)."""
    required = policy.verdicts_required()
    prepared = _NEXT_REVIEWABLE.get(required)
    if prepared is None:
        prepared = _NEXT_REVIEWABLE.setdefault(required, Prepared(Claim, _next_reviewable, int, int, int, int))
    found = prepared(claim.article_id, user.pk, claim.position, claim.pk)
    return found[0] if found else None


# ----------------------------------------------------------------------------- the review queue, compiled once

QUEUE_READ = 10  # claims a queue read returns (the queue lists ten)


def _queue_claims(match: str):
    return policy.with_likely_match(Claim.objects.all()) if match else None


def _for_queue(qs):
    return qs.select_related("article", "assignee").defer("article__text")


class _After:
    """What policy.queue_rest_of_article reads of the claim just worked on."""

    def __init__(self, pk: int, article_id: int, position: int):
        self.pk, self.article_id, self.position = pk, article_id, position


def _queue_part(match: str, i: int) -> Prepared:
    def build(user_pk, now):
        parts = policy.queue_all_parts(_Someone(user_pk), _queue_claims(match), now=now)
        return _for_queue(parts[i])[:QUEUE_READ]

    if i == 3:  # the put-aside claims: due by now
        return Prepared(Claim, build, int, datetime)
    return Prepared(Claim, lambda user_pk: build(user_pk, None), int)


def _queue_rest(match: str) -> Prepared:
    def build(user_pk, article_id, position, pk):
        after = _After(pk, article_id, position)
        rest = policy.queue_rest_of_article(_Someone(user_pk), after, _queue_claims(match))
        return rest.select_related("assignee")[:QUEUE_READ]

    return Prepared(Claim, build, int, int, int, int)


def _queue_left(match: str, limit: int) -> PreparedSQL:
    def build(db, user_pk, now):
        parts = policy.queue_all_parts(_Someone(user_pk), _queue_claims(match), now=now)
        pieces, params = [], []
        for i, part in enumerate(parts):
            sql, p = part.using(db).order_by().values("pk")[: limit + 1].query.get_compiler(using=db).as_sql()
            pieces.append(f"SELECT * FROM ({sql}) AS q{i}")
            params += p
        union = " UNION ALL ".join(pieces)
        return f"SELECT COUNT(*) FROM (SELECT 1 FROM ({union}) AS u LIMIT {limit + 1:d}) AS c", params

    def fallback(user_pk, now):
        parts = policy.queue_all_parts(_Someone(user_pk), _queue_claims(match), now=now)
        return [(policy.queue_left(None, parts=parts),)]

    return PreparedSQL(Claim, build, int, datetime, fallback=fallback)


class QueueReads:
    """A user's review queue as the queue screens read it, each read's SQL compiled once per
    process (and per filter and policy setting): building the queue's querysets and compiling
    them cost ~10-15 ms of Python per request (FilteredRelation, EXISTS, CASE), more than the
    database takes. The same claims in the same order as policy's querysets, which define the
    queue (tests compare them); ``parts`` are policy ``Part`` functions."""

    _cache: dict[tuple, Any] = {}

    def __init__(self, user: Any, match: str = "", *, now=None):
        from django.utils import timezone

        self.user, self.match = user, match
        self.now = now or timezone.now()
        required = policy.verdicts_required()
        key = (match, required)
        if key not in self._cache:
            self._cache[key] = ([_queue_part(match, i) for i in range(4)], _queue_rest(match))
        self._parts, self._rest = self._cache[key]
        limit = policy.QUEUE_COUNT_LIMIT
        left_key = (match, required, "left", limit)
        if left_key not in self._cache:
            self._cache[left_key] = _queue_left(match, limit)
        self._left = self._cache[left_key]

    @cached_property
    def parts(self) -> list:
        def reader(i: int):
            def read(limit: int) -> list[Claim]:
                rows = self._parts[i](self.user.pk, self.now) if i == 3 else self._parts[i](self.user.pk)
                return rows[:limit]

            return read

        return [reader(i) for i in range(4)]

    def rest_of_article(self, after: Claim, limit: int) -> list[Claim]:
        """policy.queue_rest_of_article's first ``limit`` claims, each with ``after``'s article
        (read once with ``after``; joined, its large row was read again for every claim)."""
        rows = self._rest(self.user.pk, after.article_id, after.position, after.pk)[:limit]
        for claim in rows:
            claim.article = after.article
        return rows

    def left(self) -> int:
        """policy.queue_left: what is left, counted up to QUEUE_COUNT_LIMIT + 1, in one statement."""
        return int(self._left(self.user.pk, self.now)[0][0])


def related_claims(claim: Claim) -> tuple[Claim | None, Claim | None, list[Claim]]:
    """(claim before, claim after, other claims with the same fingerprint): one query."""
    rows = _RELATED(claim.article_id, claim.position - 1, claim.position + 1, claim.fingerprint, claim.pk)
    before = next((c for c in rows if c.article_id == claim.article_id and c.position == claim.position - 1), None)
    after = next((c for c in rows if c.article_id == claim.article_id and c.position == claim.position + 1), None)
    duplicates = [c for c in rows if c.fingerprint == claim.fingerprint and c.pk != claim.pk]
    return before, after, duplicates[:50]


def split_points(claim: Claim) -> list[tuple[int, str]]:
    """Where an editor may split the claim: before each word after the first, as
    (article-text offset, the words from there on, shortened)."""
    out = []
    text = claim.text
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            out.append((claim.start + i, text[i : i + 40]))
    return out


# ----------------------------------------------------------------------------- the claim panel


@dataclass(frozen=True, slots=True)
class VerdictView:
    verdict: Verdict
    sources: list[Source]
    can_approve: bool = False  # the user may approve it (editors, maker-checker)


@dataclass(frozen=True, slots=True)
class DuplicateView:
    """The same sentence elsewhere, with the verdicts the user may see on it."""

    claim: Claim
    verdicts: list[VerdictView]
    hidden: int  # verdicts not shown (blind second review)


@dataclass(frozen=True, slots=True)
class ClaimPanel:
    claim: Claim
    before: Claim | None
    after: Claim | None
    duplicates: list[DuplicateView]
    mine: VerdictView | None
    others: list[VerdictView]  # empty while blind
    hidden_others: int  # other reviewers' verdicts not shown yet (blind second review)
    show_others: bool
    approved: Verdict | None
    history: list[History]
    ratings: list[Rating]
    reviewers: list[Any]  # who a claim may be assigned to (editors only)
    split_points: list[tuple[int, str]]
    is_editor: bool
    can_edit: bool  # claim tools: assign, dismiss, reopen, bounds, split, merge
    can_review: bool
    review_refusal: str  # why the user cannot give a verdict here
    can_return: bool
    approve_refusal: str  # why the editor cannot approve (maker-checker), when that is the reason
    is_dismissed: bool
    returned: History | None  # the editor's note when the claim was sent back and is open again
    compare: Comparison | None = None  # editors on a disputed claim: the two verdicts side by side
    # skipped / deferred in a reviewer's queue (latest first): editors see everyone's, a reviewer their own
    put_aside: tuple[History, ...] = ()


@dataclass(frozen=True, slots=True)
class ComparedVerdict:
    view: VerdictView
    rationale: list[tuple[str, bool]]  # (word or space, differs from the other verdict's rationale)
    sources: list[tuple[Source, bool]]  # (source, not cited by the other verdict)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two verdicts to decide between, with their differences marked: the rating, the words of
    the rationale (a word diff) and the sources (by URL)."""

    left: ComparedVerdict
    right: ComparedVerdict
    rating_differs: bool
    rest: tuple[VerdictView, ...] = ()  # a third reviewer's and later verdicts, shown below

    @property
    def sides(self) -> tuple[ComparedVerdict, ComparedVerdict]:
        return (self.left, self.right)


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\s+|[^\s]+", text or "")


def compare_verdicts(a: VerdictView, b: VerdictView, *, rest: tuple[VerdictView, ...] = ()) -> Comparison:
    """Word-level differences of two rationales (difflib over the words, spaces kept) and the
    sources one cites and the other does not."""
    from difflib import SequenceMatcher

    wa, wb = _words(a.verdict.rationale), _words(b.verdict.rationale)
    keys_a, keys_b = [w.lower() for w in wa if not w.isspace()], [w.lower() for w in wb if not w.isspace()]
    same_a, same_b = set(), set()
    for block in SequenceMatcher(a=keys_a, b=keys_b, autojunk=False).get_matching_blocks():
        same_a.update(range(block.a, block.a + block.size))
        same_b.update(range(block.b, block.b + block.size))

    def marked(words: list[str], same: set[int]) -> list[tuple[str, bool]]:
        out, i = [], 0
        for w in words:
            if w.isspace():
                out.append((w, False))
            else:
                out.append((w, i not in same))
                i += 1
        return out

    urls_a = {s.url.rstrip("/") for s in a.sources}
    urls_b = {s.url.rstrip("/") for s in b.sources}
    return Comparison(
        left=ComparedVerdict(a, marked(wa, same_a), [(s, s.url.rstrip("/") not in urls_b) for s in a.sources]),
        right=ComparedVerdict(b, marked(wb, same_b), [(s, s.url.rstrip("/") not in urls_a) for s in b.sources]),
        rating_differs=a.verdict.rating_id != b.verdict.rating_id,
        rest=rest,
    )


_HISTORY = Prepared(History, lambda claim_id: History.objects.filter(claim_id=claim_id).select_related("actor")[:50], int)
_HISTORY_BLIND = Prepared(
    History,
    lambda claim_id, user_pk: (
        History.objects.filter(claim_id=claim_id).exclude(policy.blind_history(_Someone(user_pk))).select_related("actor")[:50]
    ),
    int,
    int,
)


def claim_panel(
    claim: Claim,
    user: Any,
    *,
    verdicts: dict[int, list[Verdict]] | None = None,
    related: tuple[Claim | None, Claim | None, list[Claim]] | None = None,
) -> ClaimPanel:
    """Everything the claim panel shows, for ``user``.

    ``verdicts`` (claim id -> verdicts) may already hold this claim's and its duplicates'
    verdicts (the article page loads them with the rest); ``related`` likewise.
    """
    before, after, duplicates = related if related is not None else related_claims(claim)
    if verdicts is None:
        verdicts = verdicts_of([claim.pk, *(d.pk for d in duplicates)])
    claim_verdicts = verdicts.get(claim.pk, [])
    show_others = policy.sees_others(user, claim, claim_verdicts)
    is_editor = policy.is_editor(user)
    approve = policy.may_approve(user, claim, claim_verdicts)

    shown_dups: list[tuple[Claim, list[Verdict], int]] = []
    for d in duplicates:
        theirs = verdicts.get(d.pk, [])
        visible = policy.sees_others_elsewhere(user, claim, claim_verdicts, d, theirs)
        shown = [v for v in theirs if policy.shows_verdict(user, v, others_visible=visible)]
        shown_dups.append((d, shown, len(theirs) - len(shown)))
    own_and_others = [v for v in claim_verdicts if show_others or v.reviewer_id == user.pk]
    sources = sources_of([*own_and_others, *(v for _, shown, _ in shown_dups for v in shown)])

    def view(v: Verdict, *, approvable: bool = False) -> VerdictView:
        return VerdictView(verdict=v, sources=sources.get(v.pk, []), can_approve=approvable and not v.approved_at)

    mine_v = next((v for v in claim_verdicts if v.reviewer_id == user.pk), None)
    others = [view(v, approvable=bool(approve)) for v in claim_verdicts if v.reviewer_id != user.pk] if show_others else []
    # blind: without others' verdict changes (known for this claim already: no per-row query)
    history = _HISTORY(claim.pk) if show_others else _HISTORY_BLIND(claim.pk, user.pk)
    review = policy.may_review(user, claim)
    compare = None
    if is_editor and show_others and claim.status in (Claim.Status.DISPUTED, Claim.Status.REVIEWED, Claim.Status.APPROVED):
        listed = [view(v, approvable=bool(approve)) for v in claim_verdicts]
        if len(listed) >= 2:
            compare = compare_verdicts(listed[0], listed[1], rest=tuple(listed[2:]))
    returned = None
    if policy.is_returned(claim, len(claim_verdicts)):
        returned = next((h for h in history if h.action == History.Action.RETURN), None)
    return ClaimPanel(
        claim=claim,
        before=before,
        after=after,
        duplicates=[DuplicateView(claim=d, verdicts=[view(v) for v in shown], hidden=n) for d, shown, n in shown_dups],
        mine=view(mine_v, approvable=bool(approve)) if mine_v else None,
        others=others,
        hidden_others=0 if show_others else sum(1 for v in claim_verdicts if v.reviewer_id != user.pk),
        show_others=show_others,
        approved=next((v for v in claim_verdicts if v.approved_at), None),
        history=history,
        ratings=active_ratings(),
        reviewers=list(policy.assignable_users()) if policy.can_edit_claims(user) else [],
        split_points=split_points(claim) if policy.can_edit_claims(user) else [],
        is_editor=is_editor,
        can_edit=policy.can_edit_claims(user),
        can_review=bool(review),
        review_refusal=review.reason,
        can_return=bool(policy.may_return(user, claim)),
        approve_refusal=approve.reason if is_editor and claim.status in policy.APPROVABLE else "",
        returned=returned,
        is_dismissed=claim.status == Claim.Status.DISMISSED,
        compare=compare,
        put_aside=tuple(
            h for h in history
            if h.action in (History.Action.SKIP, History.Action.DEFER) and (is_editor or h.actor_id == user.pk)
        )[:3],
    )  # fmt: skip


# ----------------------------------------------------------------------------- the article page


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim of the article page's list and text (what ``rows.py`` renders): the claim's
    own fields, the rating to colour it by (the approved one, else the agreed one when the user
    may see it, else the user's own), how many verdicts it has, and whether its
    check-worthiness is low."""

    pk: int
    position: int
    start: int
    end: int
    text: str
    kind: str
    status: str
    checkworthiness: float
    cues: list[str]
    speaker: str
    assignee_id: int | None
    assignee: Any
    duplicate_of_id: int | None
    shown_rating: Rating | None
    verdict_count: int
    quiet: bool
    language: str = ""  # the claim's own language, when it is not its article's ("" otherwise)


def claim_row(claim: Any, verdicts: Sequence[Any], user: Any, *, ratings: dict[int, Rating] | None = None) -> ClaimRow:
    """``claim``: a Claim or a _Listed; ``verdicts``: Verdicts or VerdictFacts; ``ratings``:
    ``ratings_by_id()`` when the caller has it already."""
    approved = next((v for v in verdicts if v.approved_at), None)
    mine = next((v for v in verdicts if v.reviewer_id == user.pk), None)
    agreed = None
    reviewed = claim.status == Claim.Status.REVIEWED and policy.agreed(v.rating_id for v in verdicts)
    if reviewed and policy.sees_others(user, claim, verdicts):
        agreed = verdicts[0]
    shown = approved or agreed or mine
    return ClaimRow(
        pk=claim.pk,
        position=claim.position,
        start=claim.start,
        end=claim.end,
        text=claim.text,
        kind=claim.kind,
        status=claim.status,
        checkworthiness=claim.checkworthiness,
        cues=list(claim.cues or ()),
        speaker=claim.speaker,
        assignee_id=claim.assignee_id,
        assignee=claim.assignee if claim.assignee_id else None,
        duplicate_of_id=claim.duplicate_of_id,
        shown_rating=(ratings if ratings is not None else ratings_by_id()).get(shown.rating_id) if shown else None,
        verdict_count=len(verdicts),
        quiet=claim.checkworthiness < checkworthiness.THRESHOLD,
        language=getattr(claim, "language", ""),
    )


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    rows: list[ClaimRow]
    selected: Claim | None
    panel: ClaimPanel | None
    progress: Progress
    per_reviewer: list[ReviewerProgress]
    agreement: Agreement
    is_editor: bool
    can_edit: bool
    reviewers: list[Any] = field(default_factory=list)

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """The claim statuses (value, label), for the claim list's filter."""
        return list(Claim.Status.choices)


@dataclass(slots=True)
class _Listed:
    """A claim of the article page's list, as read (plain values, no model instance)."""

    pk: int
    position: int
    start: int
    end: int
    text: str
    kind: str
    status: str
    checkworthiness: float
    cues: list[str]
    speaker: str
    assignee_id: int | None
    duplicate_of_id: int | None
    version: int
    dismissed_reason: str
    fingerprint: str
    created_at: Any
    updated_at: Any
    article_id: int
    language: str
    assignee: Person | None = None
    extra: tuple = ()  # the values of _EXTRA_FIELDS


# every field of Claim: the selected claim is made a Claim from its row (no second read); fields
# the list does not use (added to Claim later) are read too, in ``extra``
_LISTED_FIELDS = tuple(f if f != "pk" else "id" for f in _Listed.__slots__ if f not in ("assignee", "extra"))
_EXTRA_FIELDS = tuple(f.attname for f in Claim._meta.concrete_fields if f.attname not in _LISTED_FIELDS)


def _listed_claims(article: Article) -> list[_Listed]:
    rows = Claim.objects.filter(article=article).order_by("position").values_list(*_LISTED_FIELDS, *_EXTRA_FIELDS, "assignee__username")
    out = []
    n = len(_LISTED_FIELDS)
    for *values, username in rows:
        row = _Listed(*values[:n], extra=tuple(values[n:]))
        if row.assignee_id:
            row.assignee = Person(row.assignee_id, username)
        out.append(row)
    return out


def _as_claim(row: _Listed, article: Article) -> Claim:
    """The listed claim as a Claim instance (as if read from the database), its article and
    assignee attached."""
    db = Claim.objects.db
    names = [f.attname for f in Claim._meta.concrete_fields]  # from_db takes values in this order
    extra = dict(zip(_EXTRA_FIELDS, row.extra, strict=True))
    claim = Claim.from_db(db, names, [extra[name] if name in extra else getattr(row, "pk" if name == "id" else name) for name in names])
    claim.article = article
    if row.assignee is not None:
        claim.assignee = _user_as_read(db, row.assignee.pk, row.assignee.username)
    return claim


def pick_claim(claims: Sequence[Any], wanted: str | None, user: Any) -> Any:
    """The selected claim: the one asked for, else the first the user can still review, else the first."""
    by_id = {str(c.pk): c for c in claims}
    if wanted in by_id:
        return by_id[wanted]
    open_ = [c for c in claims if policy.is_open(c) and c.assignee_id in (None, user.pk)]
    return open_[0] if open_ else (claims[0] if claims else None)


def article_page(article: Article, user: Any, *, wanted: str | None = None) -> ArticlePage:
    """The review page of ``article``: its claims as rows (read as plain values), the selected
    claim's panel, progress, per-reviewer progress and agreement. Queries: a fixed handful
    whatever the number of claims."""
    listed = _listed_claims(article)
    picked = pick_claim(listed, wanted, user)
    chosen = _as_claim(picked, article) if picked else None
    related = related_claims(chosen) if chosen else (None, None, [])
    full = [chosen.pk, *(d.pk for d in related[2])] if chosen else []
    # by claim id (the ids are at hand): "claim's article = X OR claim in (...)" defeats the indexes
    verdicts, facts = verdicts_and_facts(Q(claim_id__in=[*(c.pk for c in listed), *full]), full=full)
    rated = [[v.rating_id for v in facts.get(c.pk, [])] for c in listed if c.status != Claim.Status.DISMISSED]
    ratings = ratings_by_id()
    panel = claim_panel(chosen, user, verdicts=verdicts, related=related) if chosen else None
    can_edit = policy.can_edit_claims(user)
    return ArticlePage(
        article=article,
        rows=[claim_row(c, facts.get(c.pk, []), user, ratings=ratings) for c in listed],
        selected=chosen,
        panel=panel,
        progress=Progress.of(c.status for c in listed),
        per_reviewer=reviewer_progress(listed, facts),
        agreement=agreement(rated),
        is_editor=policy.is_editor(user),
        can_edit=can_edit,
        reviewers=(panel.reviewers if panel else list(policy.assignable_users())) if can_edit else [],
    )


def saved_rows(saved: Claim, user: Any, verdicts: dict[int, list[Verdict]]) -> list[ClaimRow]:
    return [claim_row(saved, verdicts.get(saved.pk, []), user)]


# ----------------------------------------------------------------------------- approvals


@dataclass(frozen=True, slots=True)
class ApprovalRow:
    claim: Claim
    verdicts: list[Verdict]
    refusal: str  # why this editor cannot approve it (maker-checker), else ""


def approval_rows(claims: Sequence[Claim], user: Any) -> list[ApprovalRow]:
    verdicts = load_verdicts(Q(claim_id__in=[c.pk for c in claims]))
    rows = []
    for claim in claims:
        theirs = verdicts.get(claim.pk, [])
        decision = policy.may_approve(user, claim, theirs)
        rows.append(ApprovalRow(claim=claim, verdicts=theirs, refusal=decision.reason))
    return rows


# ----------------------------------------------------------------------------- the JSON API (keyset pages)
# Appended for the API (articles/api): lists read by keyset — the rows after the last one a page
# showed, along an index in the list's order — so a page 20,000 rows deep reads 26 index entries
# like the first. ``after`` is the last row's sort key (decoded from the API's signed cursor).

API_CLAIM_FIELDS = (
    "id", "article_id", "position", "start", "end", "text", "kind", "speaker", "checkworthiness", "cues",
    "status", "dismissed_reason", "assignee_id", "duplicate_of_id", "version", "created_at", "updated_at",
)  # fmt: skip
# order name -> the ORDER BY; each is an index's order (the primary key; claim_api_cw of 0011)
API_CLAIM_ORDERS = {"id": ("id",), "-checkworthiness": ("-checkworthiness", "-id")}


def api_claims_page(claims, *, order: str, after: list | None, limit: int) -> tuple[list[dict], list | None]:
    """One page of ``claims`` (filtered by the caller) in ``order`` after the key ``after``: the
    rows as dicts (with the assignee's username) and the next page's key (None on the last)."""
    qs = claims
    if after is not None:
        if order == "id":
            qs = qs.filter(id__gt=int(after[0]))
        else:  # (checkworthiness, id) < (score, last): a row comparison, so that the index
            # range starts right after the key however many claims share its score
            from django.db.models import F
            from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan

            qs = qs.filter(TupleLessThan(Tuple(F("checkworthiness"), F("id")), [float(after[0]), int(after[1])]))
    rows = list(qs.order_by(*API_CLAIM_ORDERS[order]).values(*API_CLAIM_FIELDS, "assignee__username")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if not more or not rows:
        return rows, None
    last = rows[-1]
    return rows, ([last["id"]] if order == "id" else [last["checkworthiness"], last["id"]])


def api_articles_page(articles, *, after: list | None, limit: int) -> tuple[list[Article], list | None]:
    """One page of ``articles`` in the list's order (newest first: published_on descending, the
    undated first as PostgreSQL's index has them, then id descending) after the key ``after``
    ([published_on ISO date or None, id])."""
    from django.db.models import F

    qs = articles
    if after is not None:
        day, last = after[0], int(after[1])
        if day is None:
            qs = qs.filter(Q(published_on__isnull=True, id__lt=last) | Q(published_on__isnull=False))
        else:
            qs = qs.filter(published_on__lte=day).filter(Q(published_on__lt=day) | Q(id__lt=last))
    if not qs.query.order_by or qs.query.order_by[0] in ("-published_on", "published_on"):
        qs = qs.order_by(F("published_on").desc(nulls_first=True), "-id")
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if not more or not rows:
        return rows, None
    last = rows[-1]
    return rows, [last.published_on.isoformat() if last.published_on else None, last.pk]


@dataclass(frozen=True, slots=True)
class ApiClaimDetail:
    """A claim as the API shows it to ``user``: the verdicts blind review lets them see."""

    claim: Claim
    verdicts: list[VerdictView]
    hidden_verdicts: int  # other reviewers' verdicts not shown yet (blind review)
    mine: Verdict | None
    review_refusal: str
    can_approve: bool
    can_return: bool


def api_claim_detail(claim: Claim, user: Any) -> ApiClaimDetail:
    """Three queries: the verdicts (rating, reviewer, approver), their sources."""
    theirs = load_verdicts(Q(claim_id=claim.pk)).get(claim.pk, [])
    others_visible = policy.sees_others(user, claim, theirs)
    shown = [v for v in theirs if policy.shows_verdict(user, v, others_visible=others_visible)]
    sources = sources_of(shown)
    approve = policy.may_approve(user, claim, theirs)
    review = policy.may_review(user, claim)
    return ApiClaimDetail(
        claim=claim,
        verdicts=[VerdictView(verdict=v, sources=sources.get(v.pk, []), can_approve=bool(approve)) for v in shown],
        hidden_verdicts=len(theirs) - len(shown),
        mine=next((v for v in theirs if v.reviewer_id == user.pk), None),
        review_refusal=review.reason,
        can_approve=bool(approve),
        can_return=bool(policy.may_return(user, claim)),
    )


# ----------------------------------------------------------------------------- "Checked before" (claim matching)
# Appended for issue 12: the claim panel's list of published fact-checks (and earlier claims of
# the archive) that may have checked this claim already; reviewers confirm or reject each.

CHECKED_BEFORE_MAX = 10  # shown per claim (the matcher keeps MatchSettings.top_k suggestions)


@dataclass(frozen=True, slots=True)
class MatchView:
    """One suggestion as the panel shows it. ``rating``: the fact-check's rating as published,
    or the earlier claim's approved rating (nothing for a claim without an approved outcome:
    blind review); ``url``: a link that opens it (a fact-check's page, the earlier claim's
    page in the workbench); ``source``: the Source that "Add as source" fills in (None: not
    citable)."""

    match: Any
    tier: str
    tier_label: str
    score: float
    status: str
    confirmed: bool
    publisher: str
    rating: str
    date: Any
    url: str
    external: bool  # url leaves the workbench (rel=noopener noreferrer, new tab)
    headline: str
    claim_text: str
    shared: list[tuple[str, list[str]]]  # ("numbers", ["4.1 million"]), ... (the "why")
    source: Any


@dataclass(frozen=True, slots=True)
class CheckedBefore:
    claim: Claim
    matches: list[MatchView]
    can_see: bool
    can_decide: bool  # may confirm / reject (the claim is not approved or dismissed)
    decide_refusal: str
    can_add_source: bool  # the panel has a verdict form to put a source into

    @property
    def likely(self) -> int:
        return sum(1 for m in self.matches if m.tier == "likely")


_SHARED_KINDS = (("numbers", "numbers"), ("names", "names"), ("words", "words"))


def _shared(raw: Any) -> list[tuple[str, list[str]]]:
    out = []
    if isinstance(raw, dict):
        for key, label in _SHARED_KINDS:
            values = raw.get(key) or []
            if isinstance(values, (list, tuple)) and values:
                out.append((label, [str(v) for v in values[:8]]))
    return out


def _matches(claim_id):
    from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

    approved = Verdict.objects.filter(claim_id=OuterRef("other_claim_id"), approved_at__isnull=False).values("rating_id")[:1]
    return (
        ClaimMatch.objects.filter(claim_id=claim_id)
        .exclude(status=ClaimMatch.Status.REJECTED)
        .select_related("factcheck", "other_claim__article")
        .defer("other_claim__article__text", "other_claim__article__summary")
        .annotate(
            x_rating_id=Subquery(approved),
            x_first=Case(When(status=ClaimMatch.Status.CONFIRMED, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("x_first", "-score", "id")[:CHECKED_BEFORE_MAX]
    )


_MATCHES = Prepared(ClaimMatch, _matches, int)


def checked_before(claim: Claim, user: Any) -> CheckedBefore:
    """The claim's suggestions that nobody rejected, confirmed ones first, then by score: one
    query (each match with its fact-check, or its earlier claim, that claim's article and
    approved rating), none for a user who may not see matches."""
    from django.urls import reverse

    from . import match_reviews

    see = policy.may_see_matches(user)
    if not see:
        return CheckedBefore(claim, [], False, False, see.reason, False)
    rows = _MATCHES(claim.pk)
    ratings = ratings_by_id()
    views = []
    for m in rows:
        m.claim = claim  # the panel's own claim: no read
        if m.factcheck_id:
            fc = m.factcheck
            rating, url, external = fc.rating_text, fc.url, fc.url.startswith(("http://", "https://"))
            publisher, day, headline, text = fc.publisher_name or fc.publisher_site, fc.date_published, fc.headline, fc.claim_reviewed
        else:
            other = m.other_claim
            r = ratings.get(m.x_rating_id) if m.x_rating_id else None
            rating = r.label if r else ""
            url, external = f"{reverse('articles:detail', args=[other.article_id])}?claim={other.pk}", False
            publisher, day, headline, text = other.article.publisher, other.article.published_on, other.article.title, other.text
        views.append(
            MatchView(
                match=m, tier=m.tier, tier_label=ClaimMatch.Tier(m.tier).label if m.tier in ClaimMatch.Tier.values else m.tier,
                score=m.score, status=m.status, confirmed=m.status == ClaimMatch.Status.CONFIRMED,
                publisher=publisher or "", rating=rating or "", date=day, url=url, external=external,
                headline=headline or "", claim_text=text or "", shared=_shared(m.shared), source=match_reviews.match_source(m),
            )
        )  # fmt: skip
    decide = policy.may_decide_match(user, ClaimMatch(claim=claim))
    review = policy.may_review(user, claim)
    return CheckedBefore(claim, views, True, bool(decide), decide.reason, bool(review))


def articles_with_likely_match(article_ids: Sequence[int]) -> set[int]:
    """Which of these articles (a list page's) have a claim with a likely match: the article
    list's marker; one query on the partial index claimmatch_likely_article."""
    from .models import ClaimMatch

    if not article_ids:
        return set()
    found = ClaimMatch.objects.filter(policy.LIKELY_MATCH, article_id__in=list(article_ids))
    return set(found.order_by().values_list("article_id", flat=True).distinct())
