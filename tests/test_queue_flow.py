"""Issue 15, a queue that flows: skip and defer (with a reason, in History and on the panel),
returned claims first, the same article's claims together, the list j/k move in, the next
panel preloaded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import policy, services
from articles.models import Claim, History, QueueMark

HX = {"HTTP_HX_REQUEST": "true"}


def _ids(claims):
    return [c.pk for c in claims]


def _verdict_data(rating="true", **extra):
    data = {"rating": rating, "rationale": "Checked.", "version": "0", "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"}
    data.update(extra)
    return data


def test_skip_sends_a_claim_to_the_end_of_my_queue_only(seeded, reviewer, reviewer2):
    first = policy.queue_first(reviewer)
    services.claim_defer(claim=first, reviewer=reviewer, reason="")
    queue = _ids(policy.review_queue(reviewer))
    assert queue[-1] == first.pk and queue.count(first.pk) == 1
    assert policy.queue_first(reviewer2).pk == first.pk  # someone else's queue is unchanged
    h = History.objects.get(claim=first, action=History.Action.SKIP)
    assert h.actor == reviewer


def test_defer_needs_a_reason_and_keeps_the_claim_out_until_due(seeded, reviewer):
    first = policy.queue_first(reviewer)
    with pytest.raises(services.ServiceError):
        services.claim_defer(claim=first, reviewer=reviewer, reason=" ", hours=24)
    services.claim_defer(claim=first, reviewer=reviewer, reason="Waiting for the ministry", hours=24)
    assert first.pk not in _ids(policy.review_queue(reviewer))
    later = timezone.now() + timedelta(hours=25)
    assert _ids(policy.queue_deferred(reviewer, now=later)) == [first.pk]  # due: at the end
    h = History.objects.get(claim=first, action=History.Action.DEFER)
    assert h.note == "Waiting for the ministry" and h.changes["until"][1]


def test_a_verdict_clears_the_mark(seeded, reviewer, ratings):
    first = policy.queue_first(reviewer)
    services.claim_defer(claim=first, reviewer=reviewer, reason="later")
    services.verdict_save(claim=first, reviewer=reviewer, rating=ratings["true"])
    assert not QueueMark.objects.filter(claim=first, user=reviewer).exists()


def test_returned_claims_come_first_with_the_editors_note(client, settings, seeded, reviewer, reviewer2, editor, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    low = Claim.objects.filter(status="unreviewed").order_by("checkworthiness").first()
    services.verdict_save(claim=low, reviewer=reviewer, rating=ratings["true"])
    assert low.pk not in _ids(policy.review_queue(reviewer))
    services.verdict_return(claim=low, editor=editor, note="Check the 2021 figure.")
    assert policy.queue_first(reviewer).pk == low.pk  # lowest check-worthiness, yet first
    assert policy.queue_first(reviewer2).pk != low.pk  # first only for those it was returned to
    client.force_login(reviewer)
    page = client.get(reverse("articles:queue")).content.decode()
    assert f'data-claim="{low.pk}"' in page
    top = page.index('id="claim-panel"')
    note = page.index("Check the 2021 figure.", top)
    assert note < page.index('id="verdict-form"')  # the note above the form, not in History only


def test_the_same_articles_claims_come_next(client, seeded, reviewer):
    first = Claim.objects.get(article=seeded[0], position=5)
    upcoming = policy.queue_upcoming(reviewer, after=first, limit=5)
    assert {c.article_id for c in upcoming} == {first.article_id}
    positions = [c.position for c in upcoming]
    assert positions == sorted(positions) and positions[0] > first.position
    # the last claim of an article: its earlier open claims, from the top
    last = Claim.objects.filter(article=seeded[0]).order_by("-position").first()
    wrap = policy.queue_upcoming(reviewer, after=last, limit=3)
    assert all(c.article_id == last.article_id for c in wrap) and [c.position for c in wrap] == sorted(c.position for c in wrap)
    # without that context the global order (check-worthiness) holds
    assert _ids(policy.queue_upcoming(reviewer, limit=3)) == _ids(policy.review_queue(reviewer)[:3])


def test_skip_in_the_queue_view_shows_the_next_claim_of_the_article(client, seeded, reviewer):
    client.force_login(reviewer)
    first = policy.queue_first(reviewer)
    response = client.post(reverse("articles:claim_defer", args=[first.pk]), {"reason": "", "until": "", "from": "queue"}, **HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#queue-body"
    nxt = policy.queue_upcoming(reviewer, after=first)[0]
    assert nxt.article_id == first.article_id
    assert f'data-claim="{nxt.pk}"' in response.content.decode()
    bad = client.post(reverse("articles:claim_defer", args=[nxt.pk]), {"reason": "", "until": "1d", "from": "queue"}, **HX)
    assert bad.status_code == 422 and "Say why you defer this claim." in bad.content.decode()
    plain = client.post(reverse("articles:claim_defer", args=[nxt.pk]), {"reason": "No time", "until": "1h"})
    assert plain.status_code == 302 and f"after={nxt.pk}" in plain["Location"]


def test_editors_see_the_reason_on_the_panel(client, seeded, reviewer, editor):
    first = policy.queue_first(reviewer)
    services.claim_defer(claim=first, reviewer=reviewer, reason="Needs <b>the</b> ministry", hours=1)
    client.force_login(editor)
    panel = client.get(reverse("articles:claim", args=[first.pk]), **HX).content.decode()
    assert "Deferred in rev" in panel and "Needs &lt;b&gt;the&lt;/b&gt; ministry" in panel


def test_queue_lists_the_next_claims_and_preloads_the_next_panel(client, seeded, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("articles:queue")).content.decode()
    upcoming = policy.queue_upcoming(reviewer, after=policy.queue_first(reviewer))
    assert 'class="claim-list queue-list"' in page
    first = policy.queue_first(reviewer)
    assert f'id="claim-row-{first.pk}" class="claim-row status-unreviewed selected"' in page
    assert page.count('preload="preload:init"') == 1
    assert f"claims/{upcoming[0].pk}/?from=queue" in page.split('preload="preload:init"')[0].rsplit("<li", 1)[1]
    assert "hx-preload-2.min.js" in page
    pre = client.get(reverse("articles:claim", args=[upcoming[0].pk]) + "?from=queue", HTTP_HX_PRELOADED="true", **HX)
    assert pre["Cache-Control"] == "private, max-age=20" and "HX-Request" in pre["Vary"]
    plain = client.get(reverse("articles:claim", args=[upcoming[0].pk]) + "?from=queue", **HX)
    assert "max-age" not in plain.get("Cache-Control", "")


def test_only_open_claims_can_be_put_aside(seeded, reviewer, editor):
    claim = Claim.objects.filter(status="unreviewed").first()
    services.claim_dismiss(claims=[claim], actor=editor, reason="opinion")
    claim.refresh_from_db()
    with pytest.raises(services.ServiceError):
        services.claim_defer(claim=claim, reviewer=reviewer, reason="x")


def test_the_queue_head_is_the_returned_claims_then_the_first_of_the_rest(settings, seeded, reviewer, editor, ratings):
    """policy.queue_head: the first claim and the returned claims leading the queue, the returned
    part read once; the same first claim as queue_first, with returned claims and without."""
    assert policy.queue_head(reviewer, policy.queue_all_parts(reviewer), limit=10) == (policy.queue_first(reviewer), [])
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    low = Claim.objects.filter(status="unreviewed").order_by("checkworthiness").first()
    services.verdict_save(claim=low, reviewer=reviewer, rating=ratings["true"])
    services.verdict_return(claim=low, editor=editor, note="Again.")
    first, returned = policy.queue_head(reviewer, policy.queue_all_parts(reviewer), limit=10)
    assert first == low == policy.queue_first(reviewer) and returned == [low]
    upcoming = policy.queue_upcoming(reviewer, after=first, returned=returned, limit=5)
    assert upcoming == policy.queue_upcoming(reviewer, after=first, limit=5) and upcoming[0] == low


def test_the_queue_view_reads_the_rest_of_the_article_with_the_article_at_hand(rf, seeded, reviewer, django_assert_num_queries):
    from articles import views

    first = Claim.objects.select_related("article", "assignee").get(pk=policy.queue_first(reviewer).pk)
    request = rf.get("/articles/queue/")
    request.user = reviewer
    with django_assert_num_queries(2):  # the returned part (empty), then the rest of the article
        upcoming = views._upcoming(request, after=first)[:3]
    with django_assert_num_queries(0):  # each claim carries the article already read
        assert {c.article.title for c in upcoming} == {first.article.title}
    assert all(c.article is first.article for c in upcoming)
    assert _ids(upcoming) == _ids(policy.queue_upcoming(reviewer, after=first, limit=3))
    # and the cap: exact up to QUEUE_COUNT_LIMIT, then "more than"
    assert policy.queue_left(reviewer) == min(len(policy.review_queue(reviewer)), policy.QUEUE_COUNT_LIMIT + 1)
