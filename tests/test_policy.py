"""The access policy (articles/policy.py) as tables, and its enforcement by every service that writes.

- role x action x claim state: one explicit expected table, one test per cell;
- the review states: status_from_verdicts, agreed;
- blind review: sees_others / sees_others_elsewhere / shows_verdict as tables with one and two
  verdicts required, and the queryset forms (claims_with_visible_verdicts, visible_verdicts,
  visible_history) agreeing with them row for row on real data;
- every service that changes data checks its actor: a refused actor gets policy.Denied and the
  database is left exactly as it was, while the entitled actor's same call does change it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import policy, services
from articles.models import Article, Claim, History, Source, Verdict
from articles.policy import SYSTEM, Denied
from articles.selectors import split_points
from articles.services import ServiceError
from tests.conftest import ensure_seed_data

S = Claim.Status


# ============================================================================= the role x action x state table

# column order of every row below
STATES = ("unreviewed", "in_review", "disputed", "reviewed", "approved", "dismissed")
assert set(STATES) == set(S.values), "a new Claim.Status needs a column in the table"

ROLES = (
    "anonymous",
    "outsider",  # logged in, in no group
    "staff",  # is_staff, in no group
    "reviewer",
    "staff_reviewer",  # Reviewers group and is_staff
    "editor",  # Editors group (and is_staff, as in the fixtures)
    "superuser",
    "inactive_editor",  # Editors group, is_active=False
    "system",  # policy.SYSTEM, the command line
)

ALL, NONE = "YYYYYY", "NNNNNN"
OPEN_ONLY = "YYYYNN"  # may review: not approved, not dismissed
N_A = "------"  # no meaning for this role (e.g. "own verdict" of someone who has no user id)

_REVIEWERS = {"reviewer", "staff_reviewer", "editor", "superuser", "system"}
_EDITORS = {"editor", "superuser", "system"}


def _row(allowed_roles: set[str], allowed: str, *, others: str = NONE, **special: str) -> dict[str, str]:
    return {role: special.get(role, allowed if role in allowed_roles else others) for role in ROLES}


# action -> role -> one Y/N per state of STATES ("-": not applicable, not asserted)
TABLE: dict[str, dict[str, str]] = {
    # the roles themselves: is_staff adds nothing, an inactive account nothing
    "is_reviewer": _row(_REVIEWERS, ALL),
    "is_editor": _row(_EDITORS, ALL),
    # give or change one's own verdict: reviewers and editors, not on approved or dismissed claims
    "may_review": _row(_REVIEWERS, OPEN_ONLY),
    "can_edit_claims": _row(_EDITORS, ALL),
    "may_edit_claims": _row(_EDITORS, ALL),
    # assign to someone who may review / to nobody / to someone who may not review
    "may_assign_to_reviewer": _row(_EDITORS, ALL),
    "may_assign_to_nobody": _row(_EDITORS, ALL),
    "may_assign_to_outsider": _row(set(), NONE),
    # reopen: only a dismissed claim
    "may_reopen": _row(_EDITORS, "NNNNNY"),
    # approve: only reviewed or disputed claims, and never with one's own verdict on it
    "may_approve": _row(_EDITORS, "NNYYNN"),
    "may_approve_with_own_verdict": _row(set(), NONE, anonymous=N_A, system=N_A),
    # return: approved, reviewed or disputed claims
    "may_return": _row(_EDITORS, "NNYYYN"),
    "can_export": _row(_EDITORS, ALL),
    "can_import": _row(_EDITORS, ALL),
    # a verdict is its reviewer's: nobody else changes it, not even a superuser (or the command line)
    "may_change_own_verdict": _row(
        {"outsider", "staff", "reviewer", "staff_reviewer", "editor", "superuser"}, ALL,
        anonymous=N_A, inactive_editor=N_A,
    ),
    "may_change_others_verdict": _row(set(), NONE),
    "may_delete_own_verdict": _row(
        {"outsider", "staff", "reviewer", "staff_reviewer", "editor", "superuser"}, ALL,
        anonymous=N_A, inactive_editor=N_A,
    ),
    # only a superuser deletes someone else's verdict
    "may_delete_others_verdict": _row({"superuser"}, ALL),
}  # fmt: skip


def _make_actor(role: str, django_user_model) -> Any:
    if role == "anonymous":
        return AnonymousUser()
    if role == "system":
        return SYSTEM
    if role == "superuser":
        return django_user_model.objects.create_superuser(username="root", password=None)
    ensure_seed_data()
    extra = {
        "outsider": {},
        "staff": {"is_staff": True},
        "reviewer": {},
        "staff_reviewer": {"is_staff": True},
        "editor": {"is_staff": True},
        "inactive_editor": {"is_staff": True, "is_active": False},
    }[role]
    user = django_user_model.objects.create_user(username=role, password=None, **extra)
    group = {"reviewer": "Reviewers", "staff_reviewer": "Reviewers", "editor": "Editors", "inactive_editor": "Editors"}
    if role in group:
        user.groups.add(Group.objects.get(name=group[role]))
    return user


def _ask(action: str, actor: Any, claim: Claim, other: Any) -> bool | policy.Decision:
    """Put ``action`` to the policy for ``actor`` on ``claim`` (``other``: another user who may review)."""
    pk = getattr(actor, "pk", None)
    others_verdict = Verdict(claim=claim, reviewer_id=other.pk)
    own_verdict = Verdict(claim=claim, reviewer_id=pk)
    outsider = SimpleNamespace(pk=-1, is_authenticated=True, is_active=True, has_perm=lambda perm: False)
    return {
        "is_reviewer": lambda: policy.is_reviewer(actor),
        "is_editor": lambda: policy.is_editor(actor),
        "may_review": lambda: policy.may_review(actor, claim),
        "can_edit_claims": lambda: policy.can_edit_claims(actor),
        "may_edit_claims": lambda: policy.may_edit_claims(actor),
        "may_assign_to_reviewer": lambda: policy.may_assign(actor, other),
        "may_assign_to_nobody": lambda: policy.may_assign(actor, None),
        "may_assign_to_outsider": lambda: policy.may_assign(actor, outsider),
        "may_reopen": lambda: policy.may_reopen(actor, claim),
        "may_approve": lambda: policy.may_approve(actor, claim, [others_verdict]),
        "may_approve_with_own_verdict": lambda: policy.may_approve(actor, claim, [others_verdict, own_verdict]),
        "may_return": lambda: policy.may_return(actor, claim),
        "can_export": lambda: policy.can_export(actor),
        "can_import": lambda: policy.can_import(actor),
        "may_change_own_verdict": lambda: policy.may_change_verdict(actor, own_verdict),
        "may_change_others_verdict": lambda: policy.may_change_verdict(actor, others_verdict),
        "may_delete_own_verdict": lambda: policy.may_delete_verdict(actor, own_verdict),
        "may_delete_others_verdict": lambda: policy.may_delete_verdict(actor, others_verdict),
    }[action]()


def _cells():
    for action, by_role in TABLE.items():
        for role in ROLES:
            for state, expected in zip(STATES, by_role[role], strict=True):
                if expected != "-":
                    yield pytest.param(role, action, state, expected == "Y", id=f"{role}-{action}-{state}")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "state", "expected"), list(_cells()))
def test_policy_table(role, action, state, expected, django_user_model):
    actor = _make_actor(role, django_user_model)
    other = django_user_model.objects.create_user(username="other-reviewer", password=None)
    other.groups.add(Group.objects.get(name="Reviewers"))
    claim = Claim(pk=1, status=state)
    answer = _ask(action, actor, claim, other)
    assert bool(answer) is expected
    if isinstance(answer, policy.Decision):
        # a refusal always says why, and require() turns it into Denied (HTTP 403)
        assert bool(answer.reason) is not expected
        if expected:
            policy.require(answer)
        else:
            with pytest.raises(Denied) as refused:
                policy.require(answer)
            assert refused.value.message == answer.reason


def test_the_table_covers_every_role_and_state():
    for action, by_role in TABLE.items():
        assert set(by_role) == set(ROLES), action
        assert all(len(cells) == len(STATES) for cells in by_role.values()), action


def test_denied_is_a_permission_denied():
    assert issubclass(Denied, PermissionDenied)
    assert not issubclass(ServiceError, PermissionDenied)


def test_status_groups():
    assert policy.OPEN == {S.UNREVIEWED, S.IN_REVIEW}
    assert policy.APPROVABLE == {S.REVIEWED, S.DISPUTED}
    assert policy.RETURNABLE == {S.APPROVED, S.REVIEWED, S.DISPUTED}
    assert policy.CLOSED == {S.APPROVED, S.DISMISSED}
    assert policy.DONE == {S.REVIEWED, S.APPROVED, S.DISPUTED, S.DISMISSED}
    assert set(policy.STATUS_ORDER) == set(S.values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "own", "reason"),
    [
        ("reviewed", True, "another editor must approve it (maker-checker)"),
        ("disputed", True, "another editor must approve it (maker-checker)"),
        ("in_review", False, "only a reviewed or disputed claim can be approved (this one is in review)"),
        ("approved", False, "only a reviewed or disputed claim can be approved (this one is approved)"),
        ("unreviewed", False, "only a reviewed or disputed claim can be approved (this one is unreviewed)"),
    ],
)
def test_approval_refusals_say_why(state, own, reason, editor, reviewer):
    verdicts = [Verdict(reviewer_id=reviewer.pk), *([Verdict(reviewer_id=editor.pk)] if own else [])]
    decision = policy.may_approve(editor, Claim(status=state), verdicts)
    assert not decision and reason in decision.reason


# ============================================================================= review states


def _v(rating: int, *, approved: bool = False, reviewer: int = 0):
    return SimpleNamespace(rating_id=rating, approved_at=timezone.now() if approved else None, reviewer_id=reviewer)


@pytest.mark.parametrize(
    ("verdicts", "one_required", "two_required"),
    [
        ([], "unreviewed", "unreviewed"),
        ([_v(1)], "reviewed", "in_review"),
        ([_v(1), _v(1)], "reviewed", "reviewed"),
        ([_v(1), _v(2)], "disputed", "disputed"),
        ([_v(1), _v(1), _v(2)], "disputed", "disputed"),
        ([_v(1), _v(1), _v(1)], "reviewed", "reviewed"),
        ([_v(1, approved=True)], "approved", "approved"),
        ([_v(1), _v(2, approved=True)], "approved", "approved"),
    ],
)
def test_status_from_verdicts(settings, verdicts, one_required, two_required):
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    assert policy.status_from_verdicts(verdicts) == one_required
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    assert policy.status_from_verdicts(verdicts) == two_required


@pytest.mark.parametrize("setting", [0, -3, 1])
def test_verdicts_required_is_at_least_one(settings, setting):
    settings.FACTCHECK_VERDICTS_REQUIRED = setting
    assert policy.verdicts_required() == 1


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [([], False), ([3], True), ([3, 3], True), ([3, 3, 3], True), ([3, 4], False), ([3, 3, 4], False), ([None, None], True)],
)
def test_agreed(ratings, expected):
    assert policy.agreed(ratings) is expected
    assert policy.agreed(iter(ratings)) is expected  # a generator is read once, correctly


# ============================================================================= blind review, as tables

ME, OTHER, THIRD = 1, 2, 3
# a reviewer (the permissions a request caches on its user, as factcheck.auth does)
_me = SimpleNamespace(
    pk=ME, is_authenticated=True, is_active=True, is_superuser=False, _perm_cache={policy.PERM_REVIEW}
)
# a member without a role: published outcomes only
_reader = SimpleNamespace(pk=ME, is_authenticated=True, is_active=True, is_superuser=False, _perm_cache=set())


def _vs(*reviewers: int, approved: int | None = None) -> list[SimpleNamespace]:
    return [_v(1, reviewer=r, approved=r == approved) for r in reviewers]


# (claim status, the claim's verdicts' reviewers, sees others with 1 required, with 2 required)
SEES_OTHERS = [
    ("unreviewed", _vs(), False, False),
    ("in_review", _vs(OTHER), True, False),  # 1 required: the other's verdict completes the claim
    ("reviewed", _vs(OTHER), True, False),
    ("in_review", _vs(ME), True, True),  # one's own saved: blind review is over for them
    ("in_review", _vs(OTHER, ME), True, True),
    ("reviewed", _vs(OTHER, THIRD), True, True),  # all the verdicts it needs
    ("disputed", _vs(OTHER, THIRD), True, True),
    ("in_review", _vs(OTHER, THIRD), True, True),  # returned by an editor: still complete
    ("approved", _vs(OTHER, approved=OTHER), True, True),  # published
    ("dismissed", _vs(OTHER), True, False),
]


@pytest.mark.parametrize(("status", "verdicts", "one", "two"), SEES_OTHERS)
def test_sees_others(settings, status, verdicts, one, two):
    claim = Claim(status=status)
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    assert policy.sees_others(_me, claim, verdicts) is one
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    assert policy.sees_others(_me, claim, verdicts) is two
    # a member without a role sees the verdicts only once the claim is approved (or their own)
    published = status == "approved" or any(v.reviewer_id == ME for v in verdicts)
    for required in (1, 2):
        settings.FACTCHECK_VERDICTS_REQUIRED = required
        assert policy.sees_others(_reader, claim, verdicts) is published


# (this claim: status, verdicts; the same sentence elsewhere: status, verdicts; visible with 1, with 2 required)
SEES_ELSEWHERE = [
    # nothing rated here, another reviewer's verdict there
    (("unreviewed", _vs()), ("in_review", _vs(OTHER)), True, False),
    (("unreviewed", _vs()), ("reviewed", _vs(OTHER)), True, False),
    # rated here, but there blind review goes on
    (("in_review", _vs(ME)), ("in_review", _vs(OTHER)), True, False),
    # complete there, not rated here: with second review, the sentence's verdicts stay hidden
    (("unreviewed", _vs()), ("reviewed", _vs(OTHER, THIRD)), True, False),
    (("in_review", _vs(OTHER)), ("reviewed", _vs(OTHER, THIRD)), True, False),
    # rated here and complete there
    (("in_review", _vs(ME)), ("reviewed", _vs(OTHER, THIRD)), True, True),
    # complete here (without me) and there
    (("reviewed", _vs(OTHER, THIRD)), ("disputed", _vs(OTHER, THIRD)), True, True),
    # my own verdict there: I see that claim's verdicts, and with second review need one here too
    (("unreviewed", _vs()), ("in_review", _vs(ME, OTHER)), True, False),
    (("in_review", _vs(ME)), ("in_review", _vs(ME, OTHER)), True, True),
    # an approved outcome there is public; the others' verdicts still follow this claim's blindness
    (("unreviewed", _vs()), ("approved", _vs(OTHER, approved=OTHER)), True, False),
    (("in_review", _vs(ME)), ("approved", _vs(OTHER, approved=OTHER)), True, True),
]


@pytest.mark.parametrize(("here", "there", "one", "two"), SEES_ELSEWHERE)
def test_sees_others_elsewhere(settings, here, there, one, two):
    claim, other = Claim(status=here[0]), Claim(status=there[0])
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    assert policy.sees_others_elsewhere(_me, claim, here[1], other, there[1]) is one
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    assert policy.sees_others_elsewhere(_me, claim, here[1], other, there[1]) is two


@pytest.mark.parametrize(
    ("reviewer", "approved", "others_visible", "shown"),
    [
        (ME, False, False, True),  # one's own, always
        (OTHER, True, False, True),  # a published outcome, always
        (OTHER, False, False, False),
        (OTHER, False, True, True),
    ],
)
def test_shows_verdict(reviewer, approved, others_visible, shown):
    verdict = _v(1, reviewer=reviewer, approved=approved)
    assert policy.shows_verdict(_me, verdict, others_visible=others_visible) is shown


# ============================================================================= blind review as querysets, on real data


@pytest.fixture
def review_world(settings, seeded, editor, editor2, reviewer, reviewer2, superuser, outsider, ratings, django_user_model):
    """Claims in every review situation, built through the services with second review on."""
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    lith = seeded[0]
    c = {p: Claim.objects.get(article=lith, position=p) for p in range(1, 14)}
    t, f = ratings["true"], ratings["false"]
    save = services.verdict_submit
    # 1: nothing; 2: reviewer alone; 3: reviewer2 alone, with sources (one removed again)
    save(claim=c[2], reviewer=reviewer, rating=t, rationale="r on 2")
    v3 = save(claim=c[3], reviewer=reviewer2, rating=f, rationale="r2 on 3", sources=[
        services.SourceChange(source=Source(url="https://example.org/kept", title="kept")),
        services.SourceChange(source=Source(url="https://example.org/gone", title="gone")),
    ])  # fmt: skip
    gone = Source.objects.get(verdict=v3, url="https://example.org/gone")
    services.source_delete(source=gone, actor=reviewer2)
    # 4: both agree; 5: they disagree
    for claim, second in ((c[4], t), (c[5], f)):
        save(claim=claim, reviewer=reviewer, rating=t)
        save(claim=claim, reviewer=reviewer2, rating=second)
    # 6: reviewer2 and the editor, approved by the superuser
    v6 = save(claim=c[6], reviewer=reviewer2, rating=t)
    save(claim=c[6], reviewer=editor, rating=t)
    services.verdict_approve(verdict=v6, editor=superuser)
    # 7: one verdict approved while one was enough
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    v7 = save(claim=c[7], reviewer=reviewer2, rating=f, rationale="r2 on 7")
    services.verdict_approve(verdict=v7, editor=editor)
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    # 8: approved, then returned: in review with all its verdicts
    save(claim=c[8], reviewer=reviewer, rating=t)
    v8 = save(claim=c[8], reviewer=reviewer2, rating=t)
    services.verdict_approve(verdict=v8, editor=editor)
    services.verdict_return(claim=c[8], editor=editor, note="check again")
    # 9: reviewer2's verdict, then dismissed
    save(claim=c[9], reviewer=reviewer2, rating=f, rationale="r2 on 9")
    services.claim_dismiss(claims=[c[9]], reason="opinion", actor=editor)
    # 10: the editor alone
    save(claim=c[10], reviewer=editor, rating=f, rationale="ed on 10")
    # 11: reviewer2's verdict deleted by the superuser; 12: changed twice by reviewer2
    v11 = save(claim=c[11], reviewer=reviewer2, rating=t)
    services.verdict_delete(verdict=v11, actor=superuser)
    v12 = save(claim=c[12], reviewer=reviewer2, rating=t)
    save(claim=c[12], reviewer=reviewer2, rating=f, rationale="changed", version=v12.version)
    # 13: assigned and its speaker edited (claim History only)
    services.claims_assign(claims=[c[13]], assignee=reviewer, actor=editor)
    services.claim_update(claim=c[13], actor=editor, speaker="Someone")
    # History rows without a claim
    services.article_resplit(article=seeded[1], actor=editor)
    return SimpleNamespace(claims=c, users={
        "reviewer": reviewer, "reviewer2": reviewer2, "editor": editor, "superuser": superuser,
        "outsider": outsider, "editor2": editor2,
    })  # fmt: skip


def _expected_visibility(user) -> tuple[list[int], list[int], list[int]]:
    """What the rules (policy.sees_others / shows_verdict, in Python) let ``user`` see."""
    claims = {c.pk: c for c in Claim.objects.all()}
    verdicts = list(Verdict.objects.all())
    by_claim: dict[int, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_claim[v.claim_id].append(v)
    sees = {pk: policy.sees_others(user, c, by_claim[pk]) for pk, c in claims.items()}
    visible_claims = sorted(pk for pk, yes in sees.items() if yes)
    visible_verdicts = sorted(v.pk for v in verdicts if policy.shows_verdict(user, v, others_visible=sees[v.claim_id]))
    blind_entities = {History.Entity.VERDICT, History.Entity.SOURCE}
    visible_history = sorted(
        h.pk
        for h in History.objects.all()
        if not (h.entity in blind_entities and h.actor_id != user.pk) or (h.claim_id is not None and sees[h.claim_id])
    )
    return visible_claims, visible_verdicts, visible_history


def _actual_visibility(user) -> tuple[list[int], list[int], list[int]]:
    return (
        sorted(policy.claims_with_visible_verdicts(user).values_list("pk", flat=True)),
        sorted(policy.visible_verdicts(user).values_list("pk", flat=True)),
        sorted(policy.visible_history(user, History.objects.all()).values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("required", [1, 2])
@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor", "editor2", "superuser", "outsider"])
def test_visibility_querysets_agree_with_sees_others(review_world, settings, required, who):
    settings.FACTCHECK_VERDICTS_REQUIRED = required
    user = review_world.users[who]
    expected = _expected_visibility(user)
    assert _actual_visibility(user) == expected  # sorted lists: no row twice, none missing
    # and the querysets narrow a given queryset rather than start over
    article = review_world.claims[1].article_id
    narrowed = policy.claims_with_visible_verdicts(user, Claim.objects.filter(article_id=article, position__lte=5))
    in_range = set(Claim.objects.filter(article_id=article, position__lte=5).values_list("pk", flat=True))
    assert sorted(narrowed.values_list("pk", flat=True)) == sorted(set(expected[0]) & in_range)


def test_the_visibility_world_is_not_trivial(review_world, settings):
    """The comparison above means something: with second review on, reviewer is blind to some of
    what reviewer2 did, and not to the rest."""
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    c, users = review_world.claims, review_world.users
    reviewer, reviewer2 = users["reviewer"], users["reviewer2"]
    claims, verdicts, history = _actual_visibility(reviewer)
    blind = [c[3].pk, c[9].pk, c[10].pk, c[12].pk]
    seen = [c[2].pk, c[4].pk, c[5].pk, c[6].pk, c[7].pk, c[8].pk]
    assert not set(blind) & set(claims) and set(seen) <= set(claims)
    r2_blind = Verdict.objects.filter(claim_id__in=blind, reviewer=reviewer2).values_list("pk", flat=True)
    assert len(r2_blind) == 3 and not set(r2_blind) & set(verdicts)
    hidden_rows = History.objects.filter(claim_id__in=blind, entity__in=["verdict", "source"]).exclude(actor=reviewer)
    assert hidden_rows.count() >= 6 and not set(hidden_rows.values_list("pk", flat=True)) & set(history)
    # the claim's own History (status, dismissal) stays visible, and so do rows without a claim
    assert History.objects.filter(claim=c[9], entity="claim").values_list("pk", flat=True)[0] in history
    assert History.objects.filter(claim__isnull=True, action="resplit").values_list("pk", flat=True)[0] in history
    # the deleted verdict's History (claim 11, no verdict left, not complete) is hidden from reviewer
    deleted = History.objects.get(claim=c[11], entity="verdict", action="delete")
    assert deleted.pk not in history
    # with one verdict required, all of them are complete: nothing is blind
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    claims1, verdicts1, _ = _actual_visibility(reviewer)
    assert set(blind) <= set(claims1) and set(r2_blind) <= set(verdicts1)


# ============================================================================= every service checks its actor


def _snapshot():
    """Everything a refused call must leave alone."""
    articles = list(Article.objects.order_by("pk").values_list("pk", "title", "content_hash", "updated_at"))
    claims = list(
        Claim.objects.order_by("pk").values_list(
            "pk", "article_id", "position", "start", "end", "text", "version", "fingerprint", "duplicate_of_id",
            "status", "dismissed_reason", "assignee_id", "speaker", "updated_at",
        )
    )  # fmt: skip
    verdicts = list(
        Verdict.objects.order_by("pk").values_list(
            "pk", "claim_id", "reviewer_id", "rating_id", "rationale", "version", "approved_by_id", "approved_at", "updated_at"
        )
    )
    sources = list(Source.objects.order_by("pk").values_list("pk", "verdict_id", "url", "title", "position"))
    history = list(History.objects.order_by("pk").values_list("pk", "entity", "object_id", "action", "actor_id"))
    return {"articles": articles, "claims": claims, "verdicts": verdicts, "sources": sources, "history": history}


@pytest.fixture
def service_world(seeded, editor, reviewer, reviewer2, ratings):
    """One verdict needed. Claim 3 is plain (claim 4, plain too, follows it); claim 6 is reviewed
    (reviewer2's verdict with a source); claim 8 is approved; claim 10 dismissed."""
    lith = seeded[0]
    c = {p: Claim.objects.select_related("article").get(article=lith, position=p) for p in (3, 4, 6, 8, 10)}
    services.claims_assign(claims=[c[4]], assignee=reviewer2, actor=editor)
    v6 = services.verdict_submit(
        claim=c[6], reviewer=reviewer2, rating=ratings["false"], rationale="Reviewer2's own work.",
        sources=[services.SourceChange(source=Source(url="https://example.org/r2-source", title="R2 source"))],
    )  # fmt: skip
    v8 = services.verdict_submit(claim=c[8], reviewer=reviewer2, rating=ratings["true"])
    services.verdict_approve(verdict=v8, editor=editor)
    services.claim_dismiss(claims=[c[10]], reason="opinion", actor=editor)
    fresh = {p: Claim.objects.select_related("article").get(pk=claim.pk) for p, claim in c.items()}
    return SimpleNamespace(
        article=lith, claims=fresh, v6=Verdict.objects.get(pk=v6.pk), source=Source.objects.get(verdict=v6), ratings=ratings
    )


def _parsed(title: str = "A new article"):
    from articles.text import readers

    items = list(readers.read_paste(f"{title}\n\nThe mayor said the bridge cost 40 million euros in 2019."))
    return items


@dataclass(frozen=True)
class ServiceCase:
    call: Callable[[SimpleNamespace, Any], Any]
    allowed: str  # the role whose same call goes through
    refused: tuple[str, ...]


NOT_EDITORS = ("anonymous", "outsider", "staff", "reviewer", "staff_reviewer")
NOT_REVIEWERS = ("anonymous", "outsider", "staff")
NOT_OWNER = ("anonymous", "outsider", "staff", "reviewer", "staff_reviewer", "editor", "superuser")


def _edited_source(w):
    source = Source.objects.get(pk=w.source.pk)
    source.title = "Changed by someone else"
    return source


SERVICE_CASES: dict[str, ServiceCase] = {
    "claim_set_bounds": ServiceCase(
        lambda w, a: services.claim_set_bounds(claim=w.claims[3], start=w.claims[3].start, end=w.claims[3].end - 1, actor=a),
        "editor", NOT_EDITORS,
    ),
    "claim_split": ServiceCase(
        lambda w, a: services.claim_split(claim=w.claims[3], at=split_points(w.claims[3])[1][0], actor=a),
        "editor", NOT_EDITORS,
    ),
    "claim_merge": ServiceCase(lambda w, a: services.claim_merge(claim=w.claims[3], actor=a), "editor", NOT_EDITORS),
    "claim_dismiss": ServiceCase(
        lambda w, a: services.claim_dismiss(claims=[w.claims[3]], reason="opinion", actor=a), "editor", NOT_EDITORS
    ),
    "claims_assign": ServiceCase(
        lambda w, a: services.claims_assign(claims=[w.claims[3]], assignee=w.users["reviewer"], actor=a),
        "editor", NOT_EDITORS,
    ),
    "claims_assign_to_self": ServiceCase(
        lambda w, a: services.claims_assign(claims=[w.claims[3]], assignee=a, actor=a),
        "editor", ("reviewer", "staff_reviewer"),
    ),
    "claims_unassign": ServiceCase(
        lambda w, a: services.claims_assign(claims=[w.claims[4]], assignee=None, actor=a), "editor", NOT_EDITORS
    ),
    "claim_reopen": ServiceCase(lambda w, a: services.claim_reopen(claim=w.claims[10], actor=a), "editor", NOT_EDITORS),
    "claim_update": ServiceCase(
        lambda w, a: services.claim_update(claim=w.claims[3], actor=a, speaker="Somebody"), "editor", NOT_EDITORS
    ),
    "article_resplit": ServiceCase(lambda w, a: services.article_resplit(article=w.article, actor=a), "editor", NOT_EDITORS),
    "article_ingest": ServiceCase(
        lambda w, a: services.article_ingest(parsed=_parsed()[0].article, created_by=a), "editor", NOT_EDITORS
    ),
    "articles_import": ServiceCase(
        lambda w, a: list(services.articles_import(items=_parsed(), created_by=a)), "editor", NOT_EDITORS
    ),
    "verdict_approve": ServiceCase(lambda w, a: services.verdict_approve(verdict=w.v6, editor=a), "editor", NOT_EDITORS),
    "verdict_return": ServiceCase(
        lambda w, a: services.verdict_return(claim=w.claims[8], editor=a, note="Check the figures"), "editor", NOT_EDITORS
    ),
    "verdicts_approve_agreed": ServiceCase(
        lambda w, a: services.verdicts_approve_agreed(article=w.article, editor=a), "editor", NOT_EDITORS
    ),
    # another reviewer's verdict and its sources: only reviewer2, its reviewer
    "source_save_new": ServiceCase(
        lambda w, a: services.source_save(source=Source(verdict=w.v6, url="https://example.org/planted"), actor=a),
        "reviewer2", NOT_OWNER,
    ),
    "source_save_edit": ServiceCase(
        lambda w, a: services.source_save(source=_edited_source(w), actor=a), "reviewer2", NOT_OWNER
    ),
    "source_delete": ServiceCase(
        lambda w, a: services.source_delete(source=Source.objects.get(pk=w.source.pk), actor=a), "reviewer2", NOT_OWNER
    ),
    "verdict_delete": ServiceCase(
        lambda w, a: services.verdict_delete(verdict=Verdict.objects.get(pk=w.v6.pk), actor=a),
        "superuser", ("anonymous", "outsider", "staff", "reviewer", "staff_reviewer", "editor"),
    ),
    # giving a verdict: the reviewers (always in the saver's own name)
    "verdict_save": ServiceCase(
        lambda w, a: services.verdict_save(claim=w.claims[3], reviewer=a, rating=w.ratings["true"]), "reviewer", NOT_REVIEWERS
    ),
    "verdict_submit": ServiceCase(
        lambda w, a: services.verdict_submit(claim=w.claims[3], reviewer=a, rating=w.ratings["true"]),
        "reviewer", NOT_REVIEWERS,
    ),
    "verdict_reuse": ServiceCase(
        lambda w, a: services.verdict_reuse(claim=w.claims[3], reviewer=a, original=w.v6), "reviewer", ("outsider", "staff")
    ),
}  # fmt: skip


def _role_user(role: str, w: SimpleNamespace, django_user_model):
    if role in w.users:
        return w.users[role]
    if role == "anonymous":
        return AnonymousUser()
    user = django_user_model.objects.create_user(username=role, password=None, is_staff=True)
    if role == "staff_reviewer":
        user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def world(service_world, editor, reviewer, reviewer2, outsider, superuser):
    service_world.users = {
        "editor": editor, "reviewer": reviewer, "reviewer2": reviewer2, "outsider": outsider, "superuser": superuser,
    }  # fmt: skip
    return service_world


def _refusals():
    for name, case in SERVICE_CASES.items():
        for role in case.refused:
            yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_refusals()))
def test_service_refuses_the_wrong_actor_and_changes_nothing(world, name, role, django_user_model):
    actor = _role_user(role, world, django_user_model)
    before = _snapshot()
    with pytest.raises(Denied) as refused:
        SERVICE_CASES[name].call(world, actor)
    assert refused.value.message  # says why
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(SERVICE_CASES))
def test_service_lets_the_entitled_actor_change_data(world, name, django_user_model):
    """The control for the test above: the same call by the right person does write, so
    "nothing changed" there is the refusal's doing."""
    actor = _role_user(SERVICE_CASES[name].allowed, world, django_user_model)
    before = _snapshot()
    SERVICE_CASES[name].call(world, actor)
    after = _snapshot()
    assert after != before
    new_history = set(after["history"]) - set(before["history"])
    assert new_history or name in ("article_ingest", "articles_import")  # the import is recorded on the article
    for _pk, _entity, _obj, _action, actor_id in new_history:
        assert actor_id == actor.pk  # recorded in the actor's name


def test_system_imports_but_changes_no_verdict(world):
    before = _snapshot()
    with pytest.raises(Denied):
        services.verdict_delete(verdict=world.v6, actor=SYSTEM)
    with pytest.raises(Denied):
        services.source_save(source=Source(verdict=world.v6, url="https://example.org/x"), actor=SYSTEM)
    assert _snapshot() == before
    outcome = services.article_ingest(parsed=_parsed("From the command line")[0].article, created_by=SYSTEM)
    assert outcome.created and outcome.article.created_by is None


def test_a_reviewer_assigning_an_outsider_is_refused_as_a_person_an_editor_as_a_choice(world):
    before = _snapshot()
    with pytest.raises(Denied):
        services.claims_assign(claims=[world.claims[3]], assignee=world.users["outsider"], actor=world.users["reviewer"])
    with pytest.raises(ServiceError, match="cannot review claims"):
        services.claims_assign(claims=[world.claims[3]], assignee=world.users["outsider"], actor=world.users["editor"])
    assert _snapshot() == before


def test_import_refuses_before_reading_anything(world):
    read = []

    def items():
        read.append(1)
        yield from _parsed()

    with pytest.raises(Denied):
        list(services.articles_import(items=items(), created_by=world.users["reviewer"]))
    assert read == []
