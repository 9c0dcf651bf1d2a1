"""Shared reads: the review queue, the editors' queue, progress bars, highlighted text pieces
and split points."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import policy, services
from articles.models import Claim
from articles.policy import STATUS_ORDER
from articles.selectors import Progress, split_points, text_pieces

STATUSES = [s for s, _label in Claim.Status.choices]


def _claim(article, position: int) -> Claim:
    return Claim.objects.get(article=article, position=position)


def _set_status(article, status: str, *positions: int) -> None:
    Claim.objects.filter(article=article, position__in=positions).update(status=status)
    services.refresh_progress([article.pk])  # as the services do after a status change


def _ids(qs) -> list[int]:
    if isinstance(qs, list):
        return [c.pk for c in qs]
    return list(qs.values_list("pk", flat=True))


# ----------------------------------------------------------------------------- queue_for / open_for


@pytest.fixture
def queue_world(seeded, editor, reviewer, reviewer2):
    """Lithuania article: claims assigned to rev (low check-worthiness on purpose), to rev2,
    finished ones of each status, and one rev already rated (in review, two verdicts needed)."""
    lith, ukr = seeded
    services.claims_assign(claims=[_claim(lith, 14), _claim(lith, 2)], assignee=reviewer, actor=editor)
    services.claims_assign(claims=[_claim(lith, 12), _claim(ukr, 41)], assignee=reviewer2, actor=editor)
    _set_status(lith, "reviewed", 6)
    _set_status(lith, "approved", 8)
    _set_status(lith, "disputed", 20)
    _set_status(lith, "dismissed", 1, 3)
    _set_status(ukr, "reviewed", 40)
    return SimpleNamespace(lith=lith, ukr=ukr)


def _expected_queue(user) -> list[int]:
    """The queue computed by hand from the rules, in Python."""
    mine = set(Claim.objects.filter(verdicts__reviewer=user).values_list("pk", flat=True))
    open_claims = [
        c
        for c in Claim.objects.all()
        if c.status in ("unreviewed", "in_review") and c.assignee_id in (None, user.pk) and c.pk not in mine
    ]
    assigned = [c for c in open_claims if c.assignee_id == user.pk]
    rest = [c for c in open_claims if c.assignee_id is None]
    by_worth = lambda c: (-c.checkworthiness, c.article_id, c.position)
    return [c.pk for c in sorted(assigned, key=by_worth)] + [c.pk for c in sorted(rest, key=by_worth)]


def test_queue_puts_assigned_claims_first_then_by_checkworthiness(queue_world, reviewer):
    lith = queue_world.lith
    queue = list(policy.review_queue(reviewer))
    ids = [c.pk for c in queue]
    # the two claims assigned to rev come first although they score lowest
    assert set(ids[:2]) == {_claim(lith, 2).pk, _claim(lith, 14).pk}
    assert all(c.assignee_id is None for c in queue[2:])
    rest = [(-c.checkworthiness, c.article_id, c.position) for c in queue[2:]]
    assert rest == sorted(rest)
    assert queue[2].checkworthiness == max(c.checkworthiness for c in queue[2:])
    assert ids == _expected_queue(reviewer)


def test_queue_ties_in_checkworthiness_follow_reading_order(seeded, reviewer):
    ukr = seeded[1]
    # the summary bullet and its repeat in the body score the same
    bullet, repeat = _claim(ukr, 2), _claim(ukr, 8)
    assert bullet.checkworthiness == repeat.checkworthiness
    ids = _ids(policy.review_queue(reviewer))
    assert ids.index(bullet.pk) + 1 == ids.index(repeat.pk)


def test_queue_leaves_out_finished_claims_others_claims_and_my_verdicts(settings, queue_world, reviewer, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    lith, ukr = queue_world.lith, queue_world.ukr
    services.verdict_save(claim=_claim(lith, 4), reviewer=reviewer, rating=ratings["true"])
    assert _claim(lith, 4).status == "in_review"
    ids = set(_ids(policy.review_queue(reviewer)))
    left_out = {
        "assigned to rev2": [_claim(lith, 12).pk, _claim(ukr, 41).pk],
        "reviewed": [_claim(lith, 6).pk, _claim(ukr, 40).pk],
        "approved": [_claim(lith, 8).pk],
        "disputed": [_claim(lith, 20).pk],
        "dismissed": [_claim(lith, 1).pk, _claim(lith, 3).pk],
        "rated by rev": [_claim(lith, 4).pk],
    }
    for why, pks in left_out.items():
        assert not ids & set(pks), why
    assert len(ids) == Claim.objects.count() - sum(len(p) for p in left_out.values())
    # the claim rev rated is still open for a second reviewer
    assert _claim(lith, 4).pk in _ids(policy.review_queue(reviewer2))
    assert _ids(policy.review_queue(reviewer)) == _expected_queue(reviewer)
    assert _ids(policy.review_queue(reviewer2)) == _expected_queue(reviewer2)


def test_queue_offers_claims_another_reviewer_rated_when_two_verdicts_are_needed(settings, seeded, reviewer, reviewer2, ratings):
    lith = seeded[0]
    claim = _claim(lith, 10)
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert claim.pk in _ids(policy.review_queue(reviewer))
    assert claim.pk not in _ids(policy.review_queue(reviewer2))
    # once the second verdict is in, nobody is offered it any more
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    assert claim.pk not in _ids(policy.review_queue(reviewer))
    assert claim.pk not in _ids(policy.review_queue(reviewer2))


def test_queue_with_one_verdict_needed_drops_a_rated_claim(seeded, reviewer, reviewer2, ratings):
    claim = _claim(seeded[0], 10)
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
    assert claim.pk not in _ids(policy.review_queue(reviewer))


def test_open_for_matches_the_queue(queue_world, reviewer, reviewer2, editor):
    for user in (reviewer, reviewer2, editor):
        queue = _ids(policy.review_queue(user))
        assert policy.reviewable_claims(user).count() == len(queue) == len(set(queue))
        assert set(_ids(policy.reviewable_claims(user))) == set(queue)
    # chained on a filtered queryset (an article's own queue)
    lith = queue_world.lith
    assert policy.reviewable_claims(reviewer, Claim.objects.filter(article=lith)).count() == len(
        [pk for pk in _ids(policy.review_queue(reviewer)) if Claim.objects.get(pk=pk).article_id == lith.pk]
    )


# ----------------------------------------------------------------------------- awaiting_editor


def test_awaiting_editor_lists_disputed_then_reviewed(seeded):
    lith, ukr = seeded
    _set_status(lith, "reviewed", 3, 9)
    _set_status(ukr, "reviewed", 2)
    _set_status(lith, "disputed", 15)
    _set_status(ukr, "disputed", 1, 30)
    _set_status(lith, "approved", 4)
    _set_status(lith, "in_review", 5)
    _set_status(lith, "dismissed", 6)
    got = [(c.article_id, c.position, c.status) for c in policy.awaiting_editor()]
    assert got == [
        (lith.pk, 15, "disputed"),
        (ukr.pk, 1, "disputed"),
        (ukr.pk, 30, "disputed"),
        (lith.pk, 3, "reviewed"),
        (lith.pk, 9, "reviewed"),
        (ukr.pk, 2, "reviewed"),
    ]


def test_awaiting_editor_follows_the_services(settings, seeded, editor, reviewer, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    lith = seeded[0]
    agreed, disputed = _claim(lith, 8), _claim(lith, 12)
    for claim, second in ((agreed, "true"), (disputed, "false")):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
        services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings[second])
    assert _ids(policy.awaiting_editor()) == [disputed.pk, agreed.pk]
    services.verdict_approve(verdict=disputed.verdicts.first(), editor=editor)
    assert _ids(policy.awaiting_editor()) == [agreed.pk]


# ----------------------------------------------------------------------------- Progress


def test_progress_segments_round_without_going_over_100():
    # 3/8 and 3/8 round up to 38 each; the 2/8 that follows only gets what is left
    progress = Progress.of(["approved"] * 3 + ["reviewed"] * 3 + ["disputed"] * 2)
    assert progress.total == 8 and progress.done == 8
    assert progress.segments() == [("approved", 3, 38), ("reviewed", 3, 38), ("disputed", 2, 24)]


def test_progress_segments_skip_empty_and_unreviewed():
    progress = Progress.of(["unreviewed"] * 5 + ["dismissed"] + ["approved"] * 4)
    assert progress.segments() == [("approved", 4, 40), ("dismissed", 1, 10)]
    assert progress.done == 5
    assert Progress.of([]).segments() == []
    assert Progress.of(["unreviewed"] * 3).segments() == []


@given(st.lists(st.sampled_from(STATUSES), max_size=400))
def test_progress_segments_property(statuses):
    progress = Progress.of(statuses)
    segments = progress.segments()
    assert sum(pct for _s, _n, pct in segments) <= 100
    assert [s for s, _n, _p in segments] == [s for s in STATUS_ORDER if s != "unreviewed" and statuses.count(s)]
    for status, n, pct in segments:
        assert n == statuses.count(status) > 0
        assert 0 <= pct <= round(100 * n / len(statuses))
    # the bar is full when everything is finished or in review
    if statuses and "unreviewed" not in statuses:
        assert sum(pct for _s, _n, pct in segments) >= 100 - len(segments)


def test_progress_from_article_matches_progress_of(seeded):

    lith = seeded[0]
    _set_status(lith, "reviewed", 2, 3, 4)
    _set_status(lith, "dismissed", 5)
    _set_status(lith, "disputed", 6)
    for article in policy.articles_with_progress():
        statuses = list(article.claims.values_list("status", flat=True))
        expected = Progress.of(statuses)
        got = Progress.from_article(article)
        assert got.total == expected.total and got.done == expected.done
        assert got.segments() == expected.segments()


# ----------------------------------------------------------------------------- text_pieces


def test_text_pieces_rebuild_the_text_and_highlight_each_claim(seeded):
    for article in seeded:
        claims = list(article.claims.all())
        pieces = text_pieces(article.text, list(reversed(claims)))  # any order in
        assert "".join(piece for piece, _c in pieces) == article.text
        highlighted = [(piece, c) for piece, c in pieces if c is not None]
        assert [c.pk for _p, c in highlighted] == [c.pk for c in claims]
        assert [piece for piece, _c in highlighted] == [c.text for c in claims]
        assert all(piece for piece, _c in pieces)


def test_text_pieces_show_overlapping_or_out_of_range_spans_unhighlighted():
    text = "One two three. Four five six."
    a = SimpleNamespace(start=0, end=14)
    b = SimpleNamespace(start=4, end=20)  # overlaps a
    c = SimpleNamespace(start=15, end=29)
    d = SimpleNamespace(start=25, end=99)  # past the end
    pieces = text_pieces(text, [d, c, b, a])
    assert "".join(p for p, _ in pieces) == text
    assert [(p, claim) for p, claim in pieces if claim is not None] == [("One two three.", a), ("Four five six.", c)]


# ----------------------------------------------------------------------------- split_points


def test_split_points_are_word_starts_inside_the_claim(seeded):
    for article in seeded:
        for claim in article.claims.all():
            points = split_points(claim)
            offsets = [at for at, _label in points]
            assert len(offsets) == len(claim.text.split()) - 1
            assert offsets == sorted(set(offsets))
            for at, label in points:
                assert claim.start < at < claim.end
                assert article.text[at - 1].isspace() and not article.text[at].isspace()
                assert label == article.text[at : min(at + 40, claim.end)]


def test_split_points_skip_the_first_word_and_runs_of_spaces():
    assert split_points(SimpleNamespace(start=10, text="Word.")) == []
    assert split_points(SimpleNamespace(start=10, text="Two  words")) == [(15, "words")]


@pytest.mark.parametrize("required", [1, 2])
def test_a_returned_claim_comes_back_to_the_reviewers_who_rated_it(settings, seeded, editor, reviewer, reviewer2, ratings, required):
    settings.FACTCHECK_VERDICTS_REQUIRED = required
    claim = _claim(seeded[0], 2)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    if required == 2:
        assert claim.pk in _ids(policy.review_queue(reviewer2))  # waits for the second review
        assert claim.pk not in _ids(policy.review_queue(reviewer))  # not twice to the first
        services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["true"])
    assert claim.pk not in _ids(policy.review_queue(reviewer))
    services.verdict_return(claim=claim, editor=editor, note="Check the date.")
    assert claim.pk in _ids(policy.review_queue(reviewer))
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])  # revised
    assert claim.pk not in _ids(policy.review_queue(reviewer))
