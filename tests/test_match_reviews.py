"""articles/match_reviews.py: confirm, reject, add as source; who may; History; rejected stays hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from articles import match_reviews, policy, selectors, services
from articles.models import Claim, ClaimMatch, FactCheck, History, Source
from articles.policy import SYSTEM

pytestmark = pytest.mark.django_db


def factcheck(n: int = 1, **extra) -> FactCheck:
    values = {
        "claim_reviewed": f"The council spent 4.1 million euros on roads ({n}).",
        "rating_text": "False",
        "url": f"https://checker.example/fc/{n}",
        "headline": f"No, the council did not double road spending ({n})",
        "publisher_name": "Checker",
        "date_published": dt.date(2026, 3, 1),
    }
    values.update(extra)
    return FactCheck.objects.create(**values)


def suggest(claim: Claim, fc: FactCheck | None = None, *, score=0.9, tier="likely", other: Claim | None = None, **extra) -> ClaimMatch:
    return ClaimMatch.objects.create(
        claim=claim, article_id=claim.article_id, factcheck=fc, other_claim=other, score=score, tier=tier,
        shared={"numbers": ["4.1 million"], "names": ["Ana Silva"], "words": ["council", "roads"]}, **extra,
    )  # fmt: skip


@pytest.fixture
def claim(seeded) -> Claim:
    return Claim.objects.filter(article=seeded[0]).order_by("position").first()


@pytest.fixture
def match(claim) -> ClaimMatch:
    return suggest(claim, factcheck())


def test_confirm_links_the_claim_and_records_history(match, reviewer):
    done = match_reviews.match_confirm(match=match, actor=reviewer, note="same numbers, same mayor")
    assert (done.status, done.decided_by, done.decided_at is not None) == ("confirmed", reviewer, True)
    h = History.objects.get(claim=match.claim, changes__has_key="checked before")
    assert (h.entity, h.action, h.actor) == ("claim", "update", reviewer)
    assert h.changes == {"checked before": ["Suggested", "Same claim"]}
    assert "Checker: https://checker.example/fc/1" in h.note and "same numbers, same mayor" in h.note


def test_decisions_are_idempotent(match, reviewer, reviewer2):
    match_reviews.match_confirm(match=match, actor=reviewer)
    again = match_reviews.match_confirm(match=match, actor=reviewer2)  # a double click, a replayed request
    assert again.decided_by == reviewer
    match_reviews.match_reject(match=match, actor=reviewer)
    match_reviews.match_reject(match=match, actor=reviewer)
    assert History.objects.filter(claim=match.claim, changes__has_key="checked before").count() == 2


def test_a_rejected_match_stays_rejected_and_hidden(match, reviewer, reviewer2):
    match_reviews.match_reject(match=match, actor=reviewer)
    with pytest.raises(services.ServiceError, match="rejected"):
        match_reviews.match_confirm(match=match, actor=reviewer2)
    assert ClaimMatch.objects.get(pk=match.pk).status == "rejected"
    assert selectors.checked_before(match.claim, reviewer2).matches == []
    # the article list's and queue's filter no longer count it
    assert not policy.with_likely_match(Claim.objects.filter(pk=match.claim_id)).exists()
    with pytest.raises(services.ServiceError):
        match_reviews.match_add_as_source(match=match, actor=reviewer, version=None)


def test_a_mistaken_confirmation_can_be_rejected(match, reviewer):
    match_reviews.match_confirm(match=match, actor=reviewer)
    assert match_reviews.match_reject(match=match, actor=reviewer).status == "rejected"


@pytest.mark.parametrize(
    "who, allowed",
    [("reviewer", True), ("editor", True), ("outsider", False), ("superuser", True)],
)
def test_who_may_decide(request, match, who, allowed):
    user = request.getfixturevalue(who)
    if allowed:
        assert match_reviews.match_confirm(match=match, actor=user).status == "confirmed"
    else:
        with pytest.raises(policy.Denied):
            match_reviews.match_confirm(match=match, actor=user)
        with pytest.raises(policy.Denied):
            match_reviews.match_reject(match=match, actor=user)
        assert ClaimMatch.objects.get(pk=match.pk).status == "suggested"


@pytest.mark.parametrize("status", ["approved", "dismissed"])
def test_no_decision_on_a_closed_claim(match, reviewer, status):
    Claim.objects.filter(pk=match.claim_id).update(status=status)
    with pytest.raises(services.ServiceError, match=status):
        match_reviews.match_confirm(match=match, actor=reviewer)


def test_add_as_source_appends_to_the_saved_verdict_once(match, reviewer, ratings):
    with pytest.raises(services.ServiceError, match="save your verdict first"):
        match_reviews.match_add_as_source(match=match, actor=reviewer, version=None)
    verdict = services.verdict_save(claim=match.claim, reviewer=reviewer, rating=ratings["false"], rationale="no")
    services.source_save(source=Source(verdict=verdict, url="https://first.example/"), actor=reviewer)
    verdict.refresh_from_db()
    source = match_reviews.match_add_as_source(match=match, actor=reviewer, version=verdict.version)
    assert (source.url, source.title, source.publisher, source.published_on, source.position) == (
        "https://checker.example/fc/1", "No, the council did not double road spending (1)", "Checker", dt.date(2026, 3, 1), 1,
    )  # fmt: skip
    assert History.objects.filter(entity="source", object_id=source.pk, action="create").exists()
    verdict.refresh_from_db()
    same = match_reviews.match_add_as_source(match=match, actor=reviewer, version=verdict.version)
    assert same.pk == source.pk and verdict.sources.count() == 2


def test_add_as_source_respects_the_verdict_version(match, reviewer, ratings):
    verdict = services.verdict_save(claim=match.claim, reviewer=reviewer, rating=ratings["false"])
    with pytest.raises(services.StaleVersionError):
        match_reviews.match_add_as_source(match=match, actor=reviewer, version=verdict.version + 5)
    assert not verdict.sources.exists()


def test_add_as_source_needs_a_reviewer(match, outsider):
    with pytest.raises(policy.Denied):
        match_reviews.match_add_as_source(match=match, actor=outsider, version=None)


def test_an_earlier_claim_is_a_source_only_with_a_publishing_url(seeded, reviewer, settings):
    claims = list(Claim.objects.filter(article=seeded[0]).order_by("position"))
    m = suggest(claims[0], other=claims[1], tier="related", score=0.6)
    m = ClaimMatch.objects.select_related("other_claim__article").get(pk=m.pk)
    settings.FACTCHECK_PUBLISH_BASE_URL = ""
    assert match_reviews.match_source(m) is None
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://we.example/checks/"
    assert match_reviews.match_source(m).url == f"https://we.example/checks/claims/{claims[1].pk}/"


def test_history_of_a_decision_shows_in_the_panel(match, reviewer, reviewer2):
    match_reviews.match_confirm(match=match, actor=reviewer)
    panel = selectors.claim_panel(Claim.objects.select_related("article").get(pk=match.claim_id), reviewer2)
    assert any("checked before" in h.changes for h in panel.history)  # not a verdict: not blind


def test_checked_before_lists_confirmed_first_then_by_score_in_one_query(seeded, reviewer, ratings, editor, django_assert_num_queries):
    claims = list(Claim.objects.filter(article=seeded[0]).order_by("position"))
    claim = claims[0]
    low = suggest(claim, factcheck(1), score=0.55, tier="related")
    high = suggest(claim, factcheck(2), score=0.95)
    mid = suggest(claim, factcheck(3), score=0.8)
    gone = suggest(claim, factcheck(4), score=0.99, status="rejected")
    # an earlier claim of the archive with an approved verdict
    other = claims[1]
    v = services.verdict_save(claim=other, reviewer=reviewer, rating=ratings["mostly-false"])
    services.verdict_approve(verdict=v, editor=editor)
    earlier = suggest(claim, other=other, score=0.7, tier="likely")
    match_reviews.match_confirm(match=low, actor=reviewer)
    selectors.ratings_by_id()  # cached, as in a running server
    user = type(reviewer).objects.get(pk=reviewer.pk)
    user.has_perm("articles.add_verdict")  # the permission cache, loaded by the page already
    with django_assert_num_queries(1):
        checked = selectors.checked_before(claim, user)
    assert [m.match.pk for m in checked.matches] == [low.pk, high.pk, mid.pk, earlier.pk]
    assert gone.pk not in [m.match.pk for m in checked.matches]
    first = checked.matches[0]
    assert (first.confirmed, first.publisher, first.rating, first.tier_label) == (True, "Checker", "False", "Possibly related")
    assert first.shared == [("numbers", ["4.1 million"]), ("names", ["Ana Silva"]), ("words", ["council", "roads"])]
    e = checked.matches[-1]
    assert (e.rating, e.external, e.url) == ("Mostly false", False, f"/articles/{other.article_id}/?claim={other.pk}")
    assert checked.can_decide and checked.can_add_source and checked.likely == 3


def test_outsiders_see_no_suggestions(match, outsider, django_assert_num_queries):
    outsider.has_perm("articles.add_verdict")
    with django_assert_num_queries(0):
        assert selectors.checked_before(match.claim, outsider).matches == []


def test_the_filter_condition_is_the_partial_indexes_own():
    conditions = {i.name: i.condition for i in ClaimMatch._meta.indexes}
    assert conditions["claimmatch_likely_article"] == policy.LIKELY_MATCH
    assert conditions["claimmatch_likely_claim"] == policy.LIKELY_MATCH


def test_with_likely_match(seeded, reviewer):
    claims = list(Claim.objects.filter(article=seeded[0]).order_by("position"))
    suggest(claims[0], factcheck(1), tier="likely")
    suggest(claims[1], factcheck(2), tier="related", score=0.6)
    assert list(policy.with_likely_match(Claim.objects.all()).values_list("pk", flat=True)) == [claims[0].pk]
    assert list(policy.with_likely_match(type(seeded[0]).objects.all(), by="article")) == [seeded[0]]
    services.claims_assign(claims=[claims[0]], assignee=reviewer, actor=SYSTEM)
    parts = policy.queue_parts(reviewer, policy.with_likely_match(Claim.objects.all()))
    assert [c.pk for part in parts for c in part] == [claims[0].pk]
