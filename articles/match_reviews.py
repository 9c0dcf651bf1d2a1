"""Reviewers' decisions on "Checked before" suggestions (services; README: claim matching).

Kept apart from ``services.py`` (which others edit) but written by its rules: keyword-only
arguments, one transaction each, the policy enforced here (``policy.require``), a History row on
the claim for every change, a ``ServiceError`` with a message a person can act on.

- :func:`match_confirm` — "same claim": the claim is linked to that fact-check (or earlier
  claim); the link shows in the CSV export and in ClaimReview.
- :func:`match_reject` — "not the same": the suggestion is hidden for good; the matcher never
  suggests the pair again (it keeps the rejected row, and skips it).
- :func:`match_add_as_source` — the fact-check as a source of the actor's saved verdict.
  The panel's "Add as source" button does not call it: it fills a source row of the verdict
  form instead (``match_source``), so nothing the reviewer typed is lost and nothing is saved
  (in second review, saving would end blind review early) before they press Save.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy
from .models import ClaimMatch, History, Source, Verdict
from .policy import require
from .services import ServiceError, _claim_event, source_save

M = ClaimMatch.Status


def _target(match: ClaimMatch) -> str:
    """The matched fact-check (or claim) in a few words, for History."""
    if match.factcheck_id:
        fc = match.factcheck
        who = fc.publisher_name or fc.publisher_site or "a fact-check"
        return f"{who}: {fc.url}"
    return f"claim #{match.other_claim_id} of the archive"


def _decide(*, match: ClaimMatch, actor: Any, status: str, note: str) -> ClaimMatch:
    locked = ClaimMatch.objects.select_for_update(of=("self", "claim")).select_related("claim", "factcheck").get(pk=match.pk)
    decision = policy.may_decide_match(actor, locked)
    if not decision and policy.is_reviewer(actor):
        raise ServiceError(decision.reason)  # the claim's state, not the person: shown in the panel
    require(decision)
    if locked.status == status:
        return locked  # idempotent: a double click or a replayed request changes nothing
    if locked.status == M.REJECTED:
        raise ServiceError(_("this suggestion was rejected as not the same claim; it is not shown again"))
    old = M(locked.status).label
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    label = M(status).label.lower()
    text = f"checked before — {label}: {_target(locked)}" + (f" — {note.strip()}" if note.strip() else "")
    _claim_event(locked.claim, History.Action.UPDATE, actor, {"checked before": [old, M(status).label]}, text).save()
    return locked


@transaction.atomic
def match_confirm(*, match: ClaimMatch, actor: Any, note: str = "") -> ClaimMatch:
    """"Same claim": link the claim to the matched fact-check (or earlier claim). Idempotent;
    a rejected suggestion cannot be confirmed (it is hidden for good)."""
    return _decide(match=match, actor=actor, status=M.CONFIRMED, note=note)


@transaction.atomic
def match_reject(*, match: ClaimMatch, actor: Any, note: str = "") -> ClaimMatch:
    """"Not the same": hide the suggestion for good (also a confirmed one, when its confirmation
    was a mistake). Idempotent."""
    return _decide(match=match, actor=actor, status=M.REJECTED, note=note)


def published_url(claim_id: int) -> str:
    """Our published fact-check of an earlier claim: FACTCHECK_PUBLISH_BASE_URL + claims/<id>/
    ("" when no base URL is set: the workbench's own pages are not a citable source)."""
    base = settings.FACTCHECK_PUBLISH_BASE_URL
    return f"{base.rstrip('/')}/claims/{claim_id}/" if base else ""


def match_source(match: ClaimMatch) -> Source | None:
    """The matched fact-check as an (unsaved) Source: URL, headline as title, publisher, date.
    None when it has no public http(s) URL (an earlier claim of ours with no publishing URL).
    ``match`` needs its factcheck (or other_claim and its article) loaded."""
    if match.factcheck_id:
        fc = match.factcheck
        url = fc.url if fc.url.startswith(("http://", "https://")) else ""
        title = fc.headline or fc.claim_reviewed
        publisher, day = fc.publisher_name or fc.publisher_site, fc.date_published
    else:
        other = match.other_claim
        url = published_url(match.other_claim_id)
        title, publisher, day = other.text, settings.FACTCHECK_ORGANIZATION_NAME, other.article.published_on
    if not url:
        return None
    return Source(url=url[:1000], title=(title or "")[:300], publisher=(publisher or "")[:200], published_on=day)


@transaction.atomic
def match_add_as_source(*, match: ClaimMatch, actor: Any, version: int | None) -> Source:
    """Add the matched fact-check as a source of ``actor``'s saved verdict on the claim.

    ``version``: the verdict's version the actor saw (a stale one is refused, as for every
    source change). Nothing is created without a verdict (a verdict needs a rating: the panel
    fills the source into the verdict form instead). Idempotent: a URL the verdict already cites
    is not added twice (that source is returned)."""
    require(policy.may_see_matches(actor))
    match = ClaimMatch.objects.select_related("factcheck", "other_claim__article").get(pk=match.pk)
    if match.status == M.REJECTED:
        raise ServiceError(_("this suggestion was rejected as not the same claim"))
    source = match_source(match)
    if source is None:
        raise ServiceError(_("this earlier claim has no public URL to cite (FACTCHECK_PUBLISH_BASE_URL is not set)"))
    verdict = Verdict.objects.filter(claim_id=match.claim_id, reviewer_id=actor.pk).first()
    if verdict is None:
        raise ServiceError(_("save your verdict first (pick a rating); then add sources to it"))
    cited = list(verdict.sources.all())
    same = next((s for s in cited if s.url == source.url), None)
    if same is not None:
        return same
    source.verdict = verdict
    source.position = max((s.position for s in cited), default=-1) + 1
    return source_save(source=source, actor=actor, version=version)
