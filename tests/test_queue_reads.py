"""selectors.QueueReads: the review queue's reads with their SQL compiled once give exactly the
claims (and the count) of policy's querysets, which define the queue, in every state a claim can
be in for a reviewer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import policy, selectors, services
from articles.models import Claim
from tests.test_match_reviews import factcheck, suggest

pytestmark = pytest.mark.django_db


def _ids(claims):
    return [c.pk for c in claims]


@pytest.fixture
def states(seeded, reviewer, reviewer2, editor, ratings):
    """Claims in every queue state for ``reviewer``: assigned to them or to someone else, rated by
    them, returned by an editor, skipped, deferred (due and not yet due), with a likely match."""
    claims = list(Claim.objects.filter(article__in=seeded).order_by("article_id", "position"))
    assert len(claims) >= 30
    c = iter(claims)
    for _ in range(4):
        Claim.objects.filter(pk=next(c).pk).update(assignee=reviewer)
    Claim.objects.filter(pk=next(c).pk).update(assignee=reviewer2)
    services.verdict_save(claim=next(c), reviewer=reviewer, rating=ratings["true"])
    returned = next(c)
    for r in (reviewer, reviewer2):
        services.verdict_save(claim=returned, reviewer=r, rating=ratings["false"])
    services.verdict_return(claim=Claim.objects.get(pk=returned.pk), editor=editor, note="again")
    services.claim_defer(claim=next(c), reviewer=reviewer, reason="")  # skipped: due at once
    services.claim_defer(claim=next(c), reviewer=reviewer, reason="waiting for data", hours=48)
    fc = factcheck()
    for claim in claims[::5]:
        suggest(claim, fc)
    return claims


@pytest.mark.parametrize("match", ["", "likely"])
def test_each_read_is_the_policys(states, reviewer, reviewer2, match, monkeypatch):
    claims = None if not match else policy.with_likely_match(Claim.objects.all())
    for user in (reviewer, reviewer2):
        for now in (timezone.now(), timezone.now() + timedelta(days=3)):  # the deferred one comes due
            reads = selectors.QueueReads(user, match, now=now)
            parts = policy.queue_all_parts(user, claims, now=now)
            for i, part in enumerate(parts):
                for limit in (1, 3, 10):
                    got = reads.parts[i](limit)
                    assert _ids(got) == _ids(part[:limit]), (user.username, i, limit)
                    assert all(c.article.pk == c.article_id for c in got)
            for after in Claim.objects.select_related("article").order_by("article_id", "position")[::7]:
                want = policy.queue_rest_of_article(user, after, claims)[:10]
                got = reads.rest_of_article(after, 10)
                assert _ids(got) == _ids(want)
                assert all(c.article is after.article for c in got)
            for cap in (3, 1000):
                monkeypatch.setattr(policy, "QUEUE_COUNT_LIMIT", cap)
                assert selectors.QueueReads(user, match, now=now).left() == policy.queue_left(user, parts=parts)
            monkeypatch.undo()
    # compiled once (not run through the ORM each time), the put-aside part's time included
    key = (match, policy.verdicts_required())
    prepared, rest = selectors.QueueReads._cache[key]
    assert all(p._compiled["default"] is not None for p in [*prepared, rest])


def test_the_queue_screens_read_one_query_per_part(client, states, reviewer):
    client.force_login(reviewer)
    reads = selectors.QueueReads(reviewer)
    reads.left()
    with CaptureQueriesContext(connection) as q:
        assert reads.left() == policy.queue_left(reviewer) and len(q.captured_queries) > 1
    with CaptureQueriesContext(connection) as q:
        reads.left()
    assert len(q.captured_queries) == 1  # the four parts counted in one statement
    first = policy.queue_first(reviewer)
    upcoming = policy.queue_upcoming(
        reviewer, after=first, limit=10, parts=reads.parts, read_rest_of_article=reads.rest_of_article
    )
    assert _ids(upcoming) == _ids(policy.queue_upcoming(reviewer, after=first, limit=10))
    response = client.get("/articles/queue/")
    assert response.status_code == 200 and f'id="claim-row-{first.pk}"' in response.content.decode()
