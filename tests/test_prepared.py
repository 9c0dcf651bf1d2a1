"""selectors.Prepared: a read compiled once gives what the ORM gives, for any values."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from articles import selectors, services
from articles.models import Claim, Verdict

pytestmark = pytest.mark.django_db


def _same(a, b) -> None:
    assert [x.pk for x in a] == [x.pk for x in b]
    for x, y in zip(a, b, strict=True):
        assert {k: v for k, v in x.__dict__.items() if k != "_state"} == {
            k: v for k, v in y.__dict__.items() if k != "_state"
        }
        assert x._state.fields_cache.keys() == y._state.fields_cache.keys()
        for name, obj in x._state.fields_cache.items():
            other = y._state.fields_cache[name]
            assert (obj is None and other is None) or (obj.pk == other.pk and type(obj) is type(other))


def _by_text(article_id, position, text):
    return (
        Claim.objects.filter(Q(article_id=article_id, position__gt=position) | Q(text=text))
        .select_related("article", "assignee")
        .defer("article__text")
        .order_by("position")[:5]
    )


def test_prepared_reads_what_the_orm_reads(seeded, reviewer, ratings):
    prepared = selectors.Prepared(Claim, _by_text, int, int, str)
    claims = list(Claim.objects.filter(article=seeded[0]).order_by("position"))
    for c in claims[:4]:
        for args in (
            (c.article_id, c.position, c.text),
            (c.article_id, 0, "no such text"),
            (-1, 0, claims[-1].text),
        ):
            _same(prepared(*args), list(_by_text(*args)))
    assert prepared._compiled["default"] is not None  # compiled, not run through the ORM each time


def test_prepared_select_related_and_annotations(seeded, reviewer, reviewer2, ratings):
    claim = Claim.objects.filter(article=seeded[0]).order_by("position")[0]
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="a")
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"], rationale="b")
    got = selectors.verdicts_of([claim.pk])[claim.pk]
    want = list(Verdict.objects.filter(claim_id=claim.pk).select_related("rating", "reviewer", "approved_by"))
    _same(got, want)
    assert {v.rating.slug for v in got} == {"true", "false"} and {v.reviewer.username for v in got} == {
        reviewer.username,
        reviewer2.username,
    }


@pytest.mark.django_db(transaction=True)  # the other thread's connection sees committed rows only
def test_prepared_counts_as_one_query_and_works_in_another_thread(seeded):
    claim = Claim.objects.filter(article=seeded[0]).order_by("position")[1]
    with CaptureQueriesContext(connection) as q:
        before, after, _ = selectors.related_claims(claim)
    assert (
        len(q.captured_queries) == 1
        and before.position == claim.position - 1
        and after.position == claim.position + 1
    )
    out = []

    def read():
        try:
            out.append(selectors.related_claims(claim)[0].pk)
        except Exception as exc:  # noqa: BLE001 (e.g. another thread's connection used)
            out.append(exc)
        finally:
            connection.close()

    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database is not shared with other threads")
    t = threading.Thread(target=read)
    t.start()
    t.join()
    assert out == [before.pk]


def test_a_value_that_is_no_parameter_falls_back_to_the_orm(seeded):
    # a slice bound is written into the SQL, not passed as a parameter: no shortcut, same rows
    prepared = selectors.Prepared(Claim, lambda n: Claim.objects.order_by("id")[:n], int)
    assert [c.pk for c in prepared(3)] == list(Claim.objects.order_by("id").values_list("pk", flat=True)[:3])
    assert prepared._compiled["default"] is None


def test_a_value_used_twice_gets_the_value_in_both_places(seeded):
    def build(pk):
        return Claim.objects.filter(Q(pk=pk) | Q(duplicate_of_id=pk)).order_by("id")

    prepared = selectors.Prepared(Claim, build, int)
    for c in Claim.objects.order_by("id")[:5]:
        assert [x.pk for x in prepared(c.pk)] == [x.pk for x in build(c.pk)]
    assert prepared._compiled["default"] is not None


def _next_by_the_orm(claim, user):
    """What the article page's save-and-next read before: two ORM queries."""
    from articles import policy

    open_ = policy.reviewable_claims(user, Claim.objects.filter(article_id=claim.article_id)).exclude(pk=claim.pk)
    return open_.filter(position__gt=claim.position).order_by("position").first() or open_.order_by("position").first()


def test_next_reviewable_in_article_is_the_policys_next_claim(seeded, reviewer, reviewer2, editor, ratings, settings):
    from articles.models import Claim as C

    article = seeded[0]
    claims = list(C.objects.filter(article=article).order_by("position"))
    assert len(claims) >= 8
    # the states that decide: rated by the user, assigned to someone else, assigned to the user,
    # dismissed, returned by an editor (in review again with all its verdicts)
    services.verdict_save(claim=claims[2], reviewer=reviewer, rating=ratings["true"])
    C.objects.filter(pk=claims[3].pk).update(assignee=reviewer2)
    C.objects.filter(pk=claims[4].pk).update(assignee=reviewer)
    C.objects.filter(pk=claims[5].pk).update(status=C.Status.DISMISSED)
    for r in (reviewer, reviewer2):
        services.verdict_save(claim=claims[6], reviewer=r, rating=ratings["false"])
    services.verdict_return(claim=C.objects.get(pk=claims[6].pk), editor=editor, note="check again")
    for required in (1, 2):
        settings.FACTCHECK_VERDICTS_REQUIRED = required
        for user in (reviewer, reviewer2):
            for c in C.objects.filter(article=article).order_by("position"):
                want = _next_by_the_orm(c, user)
                got = selectors.next_reviewable_in_article(c, user)
                assert (got and got.pk) == (want and want.pk), (c.position, user.username, required)
                if got is not None:
                    assert got.article.pk == article.pk and "text" not in got.article.__dict__
    assert all(p._compiled["default"] is not None for p in selectors._NEXT_REVIEWABLE.values())
    # from the last claim it wraps to the first one left; with none left, None
    last = claims[-1]
    first_open = selectors.next_reviewable_in_article(last, reviewer)
    assert first_open is not None and first_open.position < last.position
    C.objects.filter(article=article).update(status=C.Status.DISMISSED)
    assert selectors.next_reviewable_in_article(claims[0], reviewer) is None


def test_verdicts_of_two_claims_is_compiled_once_and_reads_both(seeded, reviewer, reviewer2, ratings):
    a, b, c = Claim.objects.filter(article=seeded[0]).order_by("position")[:3]
    services.verdict_save(claim=a, reviewer=reviewer, rating=ratings["true"])
    services.verdict_save(claim=b, reviewer=reviewer, rating=ratings["false"])
    services.verdict_save(claim=b, reviewer=reviewer2, rating=ratings["true"])
    for ids in ([a.pk, b.pk], [b.pk, c.pk], [c.pk, a.pk]):
        got = selectors.verdicts_of(ids)
        want = selectors.load_verdicts(Q(claim_id__in=ids))
        assert got.keys() == want.keys()
        for k in want:
            _same(sorted(got[k], key=lambda v: v.pk), sorted(want[k], key=lambda v: v.pk))
    assert selectors._VERDICTS_OF_TWO._compiled["default"] is not None
