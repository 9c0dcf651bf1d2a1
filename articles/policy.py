"""Who may do what, and what the review states mean: the one home of the access rules.

Views, the admin, forms and templates (through the flags the views pass), management
commands and services all ask this module; nothing else tests a group name, a permission
codename or a set of statuses. Services enforce the rules (``require``), so no entry point
can skip them; views and the admin ask the same functions first to decide what to offer.

The rules, in short:

- Roles are permissions (granted by the Editors and Reviewers groups of migration 0002):
  reviewers give verdicts; editors also edit claims (split, merge, bounds, dismiss, reopen,
  assign, re-split), approve or return verdicts, import and export. ``is_staff`` grants nothing
  here: the admin asks these same rules.
- A verdict belongs to the person who saved it: only they change it or its sources (an editor
  returns a claim instead of editing someone's verdict); only a superuser may delete someone
  else's verdict, and History records who did.
- Review is blind while a claim collects its verdicts: a user sees other reviewers' verdicts on
  a claim (and their changes in History) once they saved their own, or once the claim has all
  the verdicts it needs (editors included: they have nothing to approve before that).
  Approved outcomes are published and visible to everyone. On "Same claim elsewhere", with
  second review on, verdicts on the identical sentence stay hidden until the reader has rated
  the claim in front of them: the sentence is the same, so its verdicts are this claim's too.
- Maker-checker: nobody who gave a verdict on a claim may approve its outcome.
- Approval needs a claim whose verdicts are all in (reviewed or disputed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, FilteredRelation, OuterRef, Q, QuerySet, Value, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    INDEXED_AWAITING,
    INDEXED_OPEN,
    Article,
    Claim,
    History,
    QueueMark,
    StatusIn,
    Verdict,
    verdict_count,
)

S = Claim.Status

# ----------------------------------------------------------------------------- roles

PERM_REVIEW = "articles.add_verdict"
PERM_EDIT_CLAIMS = "articles.change_claim"
PERM_APPROVE = "articles.approve_verdict"
PERM_EXPORT = "articles.export_verdicts"
PERM_IMPORT = "articles.import_articles"


class System:
    """The command line (import_articles, load_demo): trusted like an editor; History
    records it as no user."""

    pk = None
    is_authenticated = False
    is_active = True
    is_superuser = False

    def __str__(self) -> str:
        return "the command line"


SYSTEM = System()
Actor = Any  # a user (AbstractBaseUser) or SYSTEM


def _has(user: Any, perm: str) -> bool:
    if user is SYSTEM:
        return True
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    # the permissions the auth backend (factcheck.auth) cached on the user for this request: a
    # page asks a dozen times, and each has_perm walks the backends again (~0.15 ms)
    known = getattr(user, "_perm_cache", None)
    if known is not None and not user.is_superuser:
        return perm in known
    return bool(user.has_perm(perm))


def is_reviewer(user: Any) -> bool:
    """May give verdicts (Reviewers and Editors)."""
    return _has(user, PERM_REVIEW)


def is_editor(user: Any) -> bool:
    """Second review: approves and returns verdicts, sees the editors' queue."""
    return _has(user, PERM_APPROVE)


def can_edit_claims(user: Any) -> bool:
    """Split, merge, move boundaries, dismiss, reopen, assign, re-split."""
    return _has(user, PERM_EDIT_CLAIMS)


def can_import(user: Any) -> bool:
    return _has(user, PERM_IMPORT)


def can_export(user: Any) -> bool:
    return _has(user, PERM_EXPORT)


def assignable_users() -> QuerySet:
    """Users a claim may be assigned to: active users who may review."""
    app, codename = PERM_REVIEW.split(".")
    perm = Permission.objects.filter(content_type__app_label=app, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=perm) | Q(groups__permissions__in=perm))
        .distinct()
        .order_by("username")
    )


# ----------------------------------------------------------------------------- statuses

OPEN = frozenset({S.UNREVIEWED, S.IN_REVIEW})  # still collecting verdicts
DONE = frozenset({S.REVIEWED, S.APPROVED, S.DISPUTED, S.DISMISSED})  # nothing more for reviewers
CLOSED = frozenset({S.APPROVED, S.DISMISSED})  # no verdict may change
APPROVABLE = frozenset({S.REVIEWED, S.DISPUTED})  # all verdicts in, awaiting the editor
RETURNABLE = frozenset({S.APPROVED, S.REVIEWED, S.DISPUTED})
AWAITING_EDITOR = (S.DISPUTED, S.REVIEWED)  # the editors' queue, in this order
# the progress bar's order (unreviewed last: it is the bar's empty part)
STATUS_ORDER = (S.APPROVED, S.REVIEWED, S.DISPUTED, S.IN_REVIEW, S.DISMISSED, S.UNREVIEWED)


def verdicts_required() -> int:
    """How many independent verdicts a claim needs (2 = second review)."""
    return max(1, int(settings.FACTCHECK_VERDICTS_REQUIRED))


def agreed(rating_ids: Iterable[Any]) -> bool:
    """The reviewers agree: at least one verdict, all with the same rating."""
    ratings = list(rating_ids)
    return bool(ratings) and len(set(ratings)) == 1


def status_from_verdicts(verdicts: Sequence[Any]) -> str:
    """The status a claim's verdicts give it (dismissal aside)."""
    if any(v.approved_at for v in verdicts):
        return S.APPROVED.value
    if not verdicts:
        return S.UNREVIEWED.value
    if len(verdicts) < verdicts_required():
        return S.IN_REVIEW.value
    if not agreed(v.rating_id for v in verdicts):
        return S.DISPUTED.value
    return S.REVIEWED.value


def is_open(claim: Claim) -> bool:
    return claim.status in OPEN


def is_returned(claim: Claim, verdict_count: int) -> bool:
    """Sent back by an editor: in review although it has all the verdicts it needs."""
    return claim.status == S.IN_REVIEW and verdict_count >= verdicts_required()


# ----------------------------------------------------------------------------- decisions


@dataclass(frozen=True, slots=True)
class Decision:
    """Allowed, or refused with a reason a person can act on."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, reason)


class Denied(PermissionDenied):
    """A refused action (HTTP 403 when nobody catches it), with the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def require(decision: Decision) -> None:
    if not decision:
        raise Denied(decision.reason)


def may_review(user: Any, claim: Claim) -> Decision:
    """Give or change one's own verdict on ``claim``."""
    if not is_reviewer(user):
        return deny(_("you are not in a group that reviews claims"))
    if claim.status == S.APPROVED:
        return deny(_("this claim is approved; an editor must return it for review first"))
    if claim.status == S.DISMISSED:
        return deny(_("this claim is dismissed; an editor must reopen it first"))
    return ALLOW


def may_change_verdict(user: Any, verdict: Verdict) -> Decision:
    """Change a verdict's rating, rationale or sources: its reviewer only."""
    if user is SYSTEM or verdict.reviewer_id != getattr(user, "pk", None):
        return deny(_("this is another reviewer’s verdict: only they can change it (return the claim for review instead)"))
    return ALLOW


def may_delete_verdict(user: Any, verdict: Verdict) -> Decision:
    if getattr(user, "is_superuser", False) and user.is_active:
        return ALLOW
    decision = may_change_verdict(user, verdict)
    if not decision:
        return deny(_("only its reviewer or a superuser can delete a verdict"))
    return ALLOW


def may_edit_claims(user: Any) -> Decision:
    if not can_edit_claims(user):
        return deny(_("only editors can change claims"))
    return ALLOW


def may_assign(user: Any, assignee: Any) -> Decision:
    if not can_edit_claims(user):
        return deny(_("only editors can assign claims"))
    if assignee is not None and not is_reviewer(assignee):
        return deny(_("%(name)s cannot review claims (not in the Reviewers or Editors group)") % {"name": assignee})
    return ALLOW


def may_reopen(user: Any, claim: Claim) -> Decision:
    if not can_edit_claims(user):
        return deny(_("only editors can reopen claims"))
    if claim.status != S.DISMISSED:
        return deny(_("only a dismissed claim can be reopened"))
    return ALLOW


def may_approve(user: Any, claim: Claim, verdicts: Sequence[Verdict]) -> Decision:
    """Approve one of ``claim``'s verdicts as its published outcome (maker-checker)."""
    if not is_editor(user):
        return deny(_("only editors can approve verdicts"))
    if claim.status not in APPROVABLE:
        return deny(
            _("only a reviewed or disputed claim can be approved (this one is %(status)s)") % {"status": claim.get_status_display().lower()}
        )
    if any(v.reviewer_id == user.pk for v in verdicts):
        return deny(_("you gave a verdict on this claim, so another editor must approve it (maker-checker)"))
    return ALLOW


def may_return(user: Any, claim: Claim) -> Decision:
    if not is_editor(user):
        return deny(_("only editors can return claims"))
    if claim.status not in RETURNABLE:
        return deny(
            _("only an approved, reviewed or disputed claim can be returned (this one is %(status)s)")
            % {"status": claim.get_status_display().lower()}
        )
    return ALLOW


# ----------------------------------------------------------------------------- blind review


def sees_others(user: Any, claim: Claim, verdicts: Sequence[Verdict]) -> bool:
    """May ``user`` see the other reviewers' verdicts on ``claim`` (``verdicts`` are all of them)?"""
    if any(v.reviewer_id == user.pk for v in verdicts):
        return True
    if claim.status == S.APPROVED:
        return True
    # a member without a role reads the published outcomes only: work in progress (who rated
    # what, rationales not yet approved) stays with the desk
    return is_reviewer(user) and len(verdicts) >= verdicts_required()


def sees_others_elsewhere(
    user: Any, claim: Claim, verdicts: Sequence[Verdict], other: Claim, other_verdicts: Sequence[Verdict]
) -> bool:
    """From ``claim``'s panel, may ``user`` see the others' verdicts on ``other`` (the same
    sentence elsewhere)? Only when blind review is over on ``other``, and, with second review
    on, on ``claim`` too."""
    if not sees_others(user, other, other_verdicts):
        return False
    return verdicts_required() == 1 or sees_others(user, claim, verdicts)


def shows_verdict(user: Any, verdict: Verdict, *, others_visible: bool) -> bool:
    """One verdict: one's own, a published (approved) outcome, or others' once visible."""
    return verdict.reviewer_id == user.pk or verdict.approved_at is not None or others_visible


def _sees_others_q(user: Any, claim_ref: str, status_path: str) -> Q:
    """``sees_others`` as a condition on rows that refer to a claim (``claim_ref`` its id,
    ``status_path`` its status), evaluated per row (correlated subqueries, no scan of all claims)."""
    mine = Verdict.objects.filter(claim_id=OuterRef(claim_ref), reviewer_id=user.pk)
    if not is_reviewer(user):  # published outcomes only (see sees_others)
        return Q(Exists(mine)) | Q(**{status_path: S.APPROVED})
    complete = GreaterThanOrEqual(verdict_count(claim_ref), verdicts_required())
    return Q(Exists(mine)) | Q(complete) | Q(**{status_path: S.APPROVED})


def claims_with_visible_verdicts(user: Any, claims: QuerySet | None = None) -> QuerySet:
    """The claims on which ``user`` sees every verdict (``sees_others`` as a query)."""
    qs = Claim.objects.all() if claims is None else claims
    return qs.filter(_sees_others_q(user, "pk", "status"))


def visible_verdicts(user: Any, verdicts: QuerySet | None = None) -> QuerySet:
    """``verdicts`` (default: all) narrowed to those ``user`` may see (the admin's lists)."""
    qs = Verdict.objects.all() if verdicts is None else verdicts
    return qs.filter(visible_verdict_q(user))


def visible_verdict_q(user: Any, prefix: str = "") -> Q:
    """The verdicts ``user`` may see, as a condition on rows that reach a verdict through
    ``prefix`` ("verdict__" for sources): tested per row along the list's order, where
    ``verdict IN (visible verdicts)`` makes the database work out every visible verdict first."""
    return (
        Q(**{f"{prefix}reviewer_id": user.pk})
        | Q(**{f"{prefix}approved_at__isnull": False})
        | _sees_others_q(user, f"{prefix}claim_id", f"{prefix}claim__status")
    )


def blind_history(user: Any) -> Q:
    """History rows that blind review may hide from ``user``: other people's verdict and source changes."""
    return Q(entity__in=(History.Entity.VERDICT, History.Entity.SOURCE)) & ~Q(actor_id=user.pk)


def visible_history(user: Any, history: QuerySet) -> QuerySet:
    """History without other reviewers' verdict and source changes on claims still blind to ``user``."""
    return history.filter(~blind_history(user) | _sees_others_q(user, "claim_id", "claim__status"))


# ----------------------------------------------------------------------------- work lists


def articles_with_progress(articles: QuerySet | None = None) -> QuerySet:
    """Articles with ``done_count`` (their stored counts of the DONE statuses) annotated; the
    counts per status are the articles' own stored fields."""

    return (Article.objects.all() if articles is None else articles).with_done(done=DONE)


def _not_yet_mine(user: Any, claims: QuerySet) -> QuerySet:
    """``claims`` without those ``user`` has a verdict on, unless an editor returned the claim
    to its reviewers (in review again with all the verdicts it needs).

    The user's verdict is a LEFT JOIN on (claim, reviewer), probed per claim as an index walk
    goes: a NOT EXISTS here is planned as a hash of all the user's verdicts, which grows with
    their history. The verdict count is only made for claims the user has rated."""
    returned = Q(status=S.IN_REVIEW) & Q(GreaterThanOrEqual(verdict_count(), verdicts_required()))
    mine = FilteredRelation("verdicts", condition=Q(verdicts__reviewer_id=user.pk))
    return claims.annotate(_mine=mine).filter(Q(_mine__id__isnull=True) | returned)


def reviewable_claims(user: Any, claims: QuerySet | None = None) -> QuerySet:
    """Claims ``user`` can still give a verdict on: open, not theirs already (unless an editor
    returned the claim to its reviewers), and not assigned to someone else."""
    qs = Claim.objects.all() if claims is None else claims
    return _not_yet_mine(user, qs.filter(status__in=OPEN).filter(Q(assignee_id=user.pk) | Q(assignee__isnull=True)))


QUEUE_ORDER = ("-checkworthiness", "article_id", "position")
M = QueueMark.Kind


def _unmarked(user: Any, claims: QuerySet) -> QuerySet:
    """``claims`` that ``user`` has not skipped, deferred or had returned (those have their own
    parts of the queue): NOT EXISTS a mark of (claim, user), probed through the unique index of
    QueueMark as the queue's index walk goes (or against a hash of the user's few marks).

    Not a LEFT JOIN ... IS NULL: PostgreSQL estimated that join to keep ~0.5 % of the rows
    (6 of a reviewer's 1,135 assigned claims at 100,000 articles, with few or no marks in the
    table), judged the index walk in queue order no cheaper than reading all of them, and sorted
    them: 20-26 ms for the first claim instead of 0.3 ms. The anti-join's estimate keeps the walk."""
    marks = QueueMark.objects.filter(claim_id=OuterRef("pk"), user_id=user.pk)
    return claims.filter(~Exists(marks))


def _in_queue(user: Any, claims: QuerySet | None) -> QuerySet:
    """Open claims assigned to ``user`` or to nobody (the partial indexes' own condition)."""
    qs = Claim.objects.all() if claims is None else claims
    return qs.filter(StatusIn(INDEXED_OPEN)).filter(Q(assignee_id=user.pk) | Q(assignee__isnull=True))


def queue_parts(user: Any, claims: QuerySet | None = None) -> list[QuerySet]:
    """``user``'s review queue without its marked claims, as its two parts in order: their
    assigned claims, then unassigned ones; each by check-worthiness (highest first), ties in
    reading order. Each part is read through its own partial index (claim_queue_assigned,
    claim_queue_unassigned), so the first claims come from an index walk whatever the archive's
    size; ``queue_first`` takes the first. (One query ordered by "assigned to me first" would
    have to sort every open claim.) ``queue_all_parts`` adds the returned and the put-aside claims."""
    qs = Claim.objects.all() if claims is None else claims
    open_ = qs.filter(StatusIn(INDEXED_OPEN))  # the partial indexes' own condition (see StatusIn)
    return [
        _unmarked(user, _not_yet_mine(user, open_.filter(assignee_id=user.pk))).order_by(*QUEUE_ORDER),
        _unmarked(user, _not_yet_mine(user, open_.filter(assignee__isnull=True))).order_by(*QUEUE_ORDER),
    ]


def queue_returned(user: Any, claims: QuerySet | None = None) -> QuerySet:
    """Claims an editor returned to ``user`` that are still theirs to review: first in their
    queue, the earliest return first (an index walk of the user's marks, queuemark_user_kind)."""
    marked = _in_queue(user, claims).filter(queue_marks__user_id=user.pk, queue_marks__kind=M.RETURNED)
    return _not_yet_mine(user, marked).order_by("queue_marks__due_at", "pk")


def queue_deferred(user: Any, claims: QuerySet | None = None, *, now=None) -> QuerySet:
    """Claims ``user`` skipped, or deferred and now due: the end of their queue, in the order
    they came due (a skipped claim is due at once). A deferred claim is out of the queue until
    its time."""
    from django.utils import timezone

    due = now or timezone.now()
    marked = _in_queue(user, claims).filter(
        queue_marks__user_id=user.pk, queue_marks__kind__in=(M.SKIPPED, M.DEFERRED), queue_marks__due_at__lte=due
    )
    return _not_yet_mine(user, marked).order_by("queue_marks__due_at", "pk")


def queue_all_parts(user: Any, claims: QuerySet | None = None, *, now=None) -> list[QuerySet]:
    """The whole queue in order: returned claims, assigned ones, unassigned ones, then those
    put aside (skipped, or deferred and due by ``now``)."""
    return [queue_returned(user, claims), *queue_parts(user, claims), queue_deferred(user, claims, now=now)]


def queue_in_article(user: Any, article_id: int, claims: QuerySet | None = None) -> QuerySet:
    """``user``'s open claims of one article (not skipped or deferred; returned ones are), in
    reading order: after a claim of an article its other claims come next, so a reviewer keeps
    the article's context. Read through the (article, position) index: one article's claims."""
    qs = Claim.objects.all() if claims is None else claims
    put_aside = FilteredRelation(
        "queue_marks", condition=Q(queue_marks__user_id=user.pk, queue_marks__kind__in=(M.SKIPPED, M.DEFERRED))
    )
    mine = _not_yet_mine(user, _in_queue(user, qs.filter(article_id=article_id)))
    return mine.annotate(_aside=put_aside).filter(_aside__id__isnull=True).order_by("position")


def queue_rest_of_article(user: Any, after: Any, claims: QuerySet | None = None) -> QuerySet:
    """The rest of ``after``'s article in ``user``'s queue (``queue_in_article`` without
    ``after``): the claims after it in reading order, then those before it. ``after`` needs
    ``pk``, ``article_id`` and ``position``."""
    before = Case(When(position__lt=after.position, then=Value(1)), default=Value(0))
    in_article = queue_in_article(user, after.article_id, claims).exclude(pk=after.pk)
    return in_article.alias(_before=before).order_by("_before", "position")


# A part of the queue as the screens read it: a queryset, or a function that returns its first
# ``limit`` claims (selectors.QueueReads: the same claims, the SQL compiled once)
Part = Any


def _read(part: Part, limit: int, prepare=None) -> list:
    if callable(part):
        return list(part(limit))[:limit]
    return list((prepare(part) if prepare else part)[:limit])


def queue_upcoming(
    user: Any,
    claims: QuerySet | None = None,
    *,
    after: Claim | None = None,
    limit: int = 10,
    prepare=None,
    read_rest_of_article=None,
    parts: list[QuerySet] | None = None,
    returned: list[Claim] | None = None,
) -> list[Claim]:
    """The next ``limit`` claims of ``user``'s queue, in order: returned claims first; then,
    after ``after`` (the claim just saved, skipped or shown), the rest of its article in reading
    order (from ``after`` on, then its earlier claims); then assigned, unassigned and put-aside
    claims. Each part is read only as far as needed (LIMIT ``limit``, index walks). ``parts``:
    ``queue_all_parts(user, claims)`` when the caller has built them (as for ``queue_first``);
    ``returned``: the first ``limit`` claims of its first part (the returned ones) when the caller
    has read them. The rest of the article is one query: after ``after`` first, then before it
    (``read_rest_of_article(after, limit)``, when given, reads it instead: its first ``limit``
    claims). ``parts`` may hold functions (``Part``)."""
    found: list[Claim] = []
    seen: set[int] = set()

    def add(read: Iterable[Claim]) -> None:
        for claim in read:
            if claim.pk not in seen and len(found) < limit:
                seen.add(claim.pk)
                found.append(claim)

    if parts is None:
        parts = queue_all_parts(user, claims)
    if returned is None:
        add(_read(parts[0], limit, prepare))
    else:
        add(returned[:limit])
    if after is not None and len(found) < limit:
        if read_rest_of_article is not None:
            add(read_rest_of_article(after, limit))
        else:
            add(_read(queue_rest_of_article(user, after, claims), limit, prepare))
    for part in parts[1:]:
        if len(found) >= limit:
            break
        add(_read(part, limit, prepare))
    return found


def queue_first(user: Any, claims: QuerySet | None = None, *, prepare=None, parts: list[QuerySet] | None = None) -> Claim | None:
    """The first claim of ``user``'s queue (a query per part until one has a claim); ``prepare``
    adapts each part's queryset (select_related, defer) before it is read; ``parts``:
    ``queue_all_parts(user)`` when the caller has built them (they are lazy: each read is a
    fresh query)."""
    for part in parts if parts is not None else queue_all_parts(user, claims):
        found = _read(part, 1, prepare)
        if found:
            return found[0]
    return None


def queue_head(
    user: Any, parts: list[QuerySet], *, limit: int, prepare=None
) -> tuple[Claim | None, list[Claim]]:
    """The first claim of ``user``'s queue (``parts``: ``queue_all_parts``) and the returned
    claims that lead it, up to ``limit``: the returned part is read once, for the first claim
    and for ``queue_upcoming(returned=...)``'s list."""
    returned = _read(parts[0], limit, prepare)
    first = returned[0] if returned else queue_first(user, prepare=prepare, parts=parts[1:])
    return first, returned


def review_queue(user: Any, claims: QuerySet | None = None) -> list[Claim]:
    """The whole queue as a list, in order (for small sets of claims: the screens read
    ``queue_first`` and ``queue_left``)."""
    return [claim for part in queue_all_parts(user, claims) for claim in part]


# "More than 100 claims left": exact up to here. Each counted claim costs a probe of the user's
# verdicts and marks; counting to 501 was ~6 ms of every queue request at 100,000 articles, and
# past a hundred the exact figure tells a reviewer nothing they act on.
QUEUE_COUNT_LIMIT = 100


def queue_left(user: Any, *, parts: list[QuerySet] | None = None) -> int:
    """How many claims ``user`` can still review, counted up to QUEUE_COUNT_LIMIT + 1 (the
    screen says "more than 500" past that): an exact count would scan every open claim of the
    archive on each page (each counted claim costs a probe of the user's verdicts, ~10 µs)."""
    left = 0
    for part in parts if parts is not None else queue_all_parts(user):
        # unordered: any QUEUE_COUNT_LIMIT + 1 rows will do, and the planner stops at them by
        # any path (ordered, it misjudged the walk at 1,000 articles and sorted every open claim)
        left += part.order_by()[: QUEUE_COUNT_LIMIT + 1 - left].count()
        if left > QUEUE_COUNT_LIMIT:
            break
    return left


def awaiting_editor(claims: QuerySet | None = None) -> QuerySet:
    """The editors' queue: disputed claims first, then agreed ones awaiting approval.

    "disputed" sorts before "reviewed", so ordering by status gives that order and matches the
    partial index claim_awaiting_editor (status, article, position) of exactly these claims."""

    qs = Claim.objects.all() if claims is None else claims
    return qs.filter(StatusIn(INDEXED_AWAITING)).order_by("status", "article_id", "position")


# the editors' queue relies on this order being alphabetical (see awaiting_editor), and the
# indexes of Claim on these very statuses
assert list(AWAITING_EDITOR) == sorted(AWAITING_EDITOR) == list(INDEXED_AWAITING), AWAITING_EDITOR
assert set(OPEN) == set(INDEXED_OPEN), OPEN


# ----------------------------------------------------------------------------- jobs, API, webhooks


def may_log_claim(user: Any) -> Decision:
    """Log a claim by hand (a post, a quote, a tip): whoever may import articles."""
    if not can_import(user):
        return deny(_("only editors can log claims"))
    return ALLOW


def may_import(user: Any) -> Decision:
    if not can_import(user):
        return deny(_("only editors can import articles"))
    return ALLOW


def may_see_job(user: Any, job: Any) -> Decision:
    """A job is seen by who started it, and by superusers (and the command line)."""
    if user is SYSTEM:
        return ALLOW
    if not (user is not None and user.is_authenticated and user.is_active):
        return deny(_("sign in to see jobs"))
    if job.created_by_id == user.pk or user.is_superuser:
        return ALLOW
    return deny(_("this job was started by someone else"))


def may_cancel_job(user: Any, job: Any) -> Decision:
    decision = may_see_job(user, job)
    if not decision:
        return decision
    if job.is_finished:
        return deny(_("this job has already ended"))
    return ALLOW


def visible_jobs(user: Any, jobs: QuerySet | None = None) -> QuerySet:
    """The jobs ``user`` may see: their own (superusers: all)."""
    from .models import Job

    jobs = Job.objects.all() if jobs is None else jobs
    if user is SYSTEM or (getattr(user, "is_superuser", False) and user.is_active):
        return jobs
    if not (user is not None and user.is_authenticated and user.is_active):
        return jobs.none()
    return jobs.filter(created_by=user)


def may_use_api(user: Any) -> Decision:
    """Sign in to the API (a token or the browser session): any active user; what they may then
    do is decided by the same rules as in the web UI."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return deny(_("authentication required: send 'Authorization: Bearer <token>' or sign in"))
    return ALLOW


def may_manage_token(user: Any, token: Any) -> Decision:
    """Name and revoke a token: its owner; a superuser may revoke anyone's."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return deny(_("sign in to manage API tokens"))
    if token.user_id == user.pk or user.is_superuser:
        return ALLOW
    return deny(_("this token belongs to someone else"))


def may_manage_webhooks(user: Any) -> Decision:
    """Register, change and remove webhook endpoints: editors."""
    if not is_editor(user):
        return deny(_("only editors can manage webhooks"))
    return ALLOW


# ----------------------------------------------------------------------------- published fact-checks, matching


def may_import_factchecks(user: Any) -> Decision:
    """Import published fact-checks (files, feeds; web, API, command): editors."""
    if not can_import(user):
        return deny(_("only editors can import fact-checks"))
    return ALLOW


def may_see_matches(user: Any) -> Decision:
    """See "Checked before" suggestions and search for matches: anyone who reviews."""
    if not is_reviewer(user):
        return deny(_("you are not in a group that reviews claims"))
    return ALLOW


def may_decide_match(user: Any, match: Any) -> Decision:
    """Confirm ("same claim") or reject ("not the same") a suggestion: reviewers and editors, on a
    claim that is not approved or dismissed (an editor reopens or returns it first)."""
    if not is_reviewer(user):
        return deny(_("you are not in a group that reviews claims"))
    claim = match.claim
    if claim.status == S.APPROVED:
        return deny(_("this claim is approved; an editor must return it for review first"))
    if claim.status == S.DISMISSED:
        return deny(_("this claim is dismissed; an editor must reopen it first"))
    return ALLOW


def may_tune_matching(user: Any) -> Decision:
    """Set the matching thresholds and see the decision counts per threshold: superusers (admin)."""
    if not (getattr(user, "is_superuser", False) and user.is_active):
        return deny(_("only administrators can change the matching thresholds"))
    return ALLOW


# "Has a likely match" (the article list's and the queue's filter): the condition of the partial
# indexes claimmatch_likely_article and claimmatch_likely_claim (ClaimMatch.Meta), written the
# same way so that the planner proves the index usable; a test checks they stay equal.
LIKELY_MATCH = Q(tier="likely") & ~Q(status="rejected")


def with_likely_match(qs: QuerySet, *, by: str = "claim") -> QuerySet:
    """``qs`` (claims, or articles with ``by="article"``) narrowed to those with a likely match
    that nobody rejected: an EXISTS probe of the partial index per row, so a list walked along its
    own index (the queue's, the article list's) stays an index walk."""
    from .models import ClaimMatch

    field = "article_id" if by == "article" else "claim_id"
    return qs.filter(Exists(ClaimMatch.objects.filter(LIKELY_MATCH, **{field: OuterRef("pk")})))


# ----------------------------------------------------------------------------- the team (issue 15)

# A member's role is the group that grants it (migration 0002); "none": signed in, no role.
ROLE_GROUPS = {"editor": "Editors", "reviewer": "Reviewers"}
ROLES = (("reviewer", "Reviewer"), ("editor", "Editor"), ("none", "No role"))


def role_of(user: Any) -> str:
    """The role a member has in the app ("admin" for superusers), read from their groups
    (prefetched ``groups`` are used when present)."""
    if getattr(user, "is_superuser", False):
        return "admin"
    names = {g.name for g in user.groups.all()}
    for role, group in ROLE_GROUPS.items():  # editor first: the larger role wins
        if group in names:
            return role
    return "none"


def may_manage_members(user: Any) -> Decision:
    """See the members page, invite, deactivate, reactivate, reset a password, set a role:
    editors (and admins)."""
    if not is_editor(user):
        return deny(_("only editors can manage members"))
    return ALLOW


def may_change_member(user: Any, member: Any, *, role: str | None = None, active: bool | None = None) -> Decision:
    """Change ``member`` (set ``role``, set ``active``; neither: send a reset link). Nobody but an
    admin changes an admin; an editor cannot demote or deactivate themself (the desk would risk
    losing its last editor), nor another editor or a staff member (no peer lock-out: an admin
    does it); editors manage reviewers and members without a role."""
    decision = may_manage_members(user)
    if not decision:
        return decision
    if getattr(member, "is_superuser", False) and not getattr(user, "is_superuser", False):
        return deny(_("an administrator’s account is changed in the admin by an administrator"))
    if member.pk == getattr(user, "pk", None) and not getattr(user, "is_superuser", False):
        if active is False:
            return deny(_("you cannot deactivate your own account"))
        if role is not None and role != "editor":
            return deny(_("you cannot remove your own editor role (ask another editor)"))
    if role is not None and role not in ROLE_GROUPS and role != "none":
        return deny(_("unknown role “%(role)s”") % {"role": role})
    locks = active is False or role is not None
    if locks and member.pk != getattr(user, "pk", None) and not getattr(user, "is_superuser", False):
        current = role_of(member)  # read once: without prefetched groups it is a query
        if (getattr(member, "is_staff", False) or current == "editor") and (active is False or role != current):
            # no peer lock-out: one editor's account (or a stolen one) cannot deactivate or demote
            # the other editors; reactivating one, or sending a set-password link, stays with any editor
            return deny(_("another editor’s account is deactivated or demoted by an administrator"))
    return ALLOW


def may_edit_ratings(user: Any) -> Decision:
    """Add, rename, reorder and retire steps of the rating scale: editors."""
    if not is_editor(user):
        return deny(_("only editors can change the rating scale"))
    return ALLOW


def may_delete_article(user: Any, *, approved_claims: int) -> Decision:
    """Delete a wrongly imported article with its claims, verdicts and sources: editors, and only
    while none of its claims is approved (published): an editor returns those claims first,
    which withdraws the published fact-check, so nothing published disappears silently."""
    if not (is_editor(user) and can_import(user)):
        return deny(_("only editors can delete articles"))
    if approved_claims:
        return deny(
            ngettext(
                "%(count)s of its claims is approved (published): return them for review first",
                "%(count)s of its claims are approved (published): return them for review first",
                approved_claims,
            )
            % {"count": approved_claims}
        )
    return ALLOW


def may_comment(user: Any) -> Decision:
    """Comment on a claim (and mention people): whoever reviews claims."""
    if not is_reviewer(user):
        return deny(_("you are not in a group that reviews claims"))
    return ALLOW


def may_change_comment(user: Any, comment: Any) -> Decision:
    """Edit or delete a comment: its author only."""
    if not is_reviewer(user) or comment.author_id != getattr(user, "pk", None):
        return deny(_("only its author can change or delete a comment"))
    return ALLOW


def may_see_dashboard(user: Any, subject: Any) -> Decision:
    """A reviewer's dashboard: editors see everyone's, reviewers their own."""
    if is_editor(user):
        return ALLOW
    if is_reviewer(user) and subject is not None and subject.pk == user.pk:
        return ALLOW
    return deny(_("only editors can see other reviewers’ dashboards"))
