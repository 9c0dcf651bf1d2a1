"""The services send webhook events: approval, return, dispute (issue 11), and nothing else."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from articles import services, webhooks
from articles.models import WebhookDelivery
from tests.test_fetch import Reply, server  # noqa: F401 - the fixture


@pytest.fixture
def hook(editor, server):  # noqa: F811
    server.routes["/hook"] = Reply(200, b"ok", {"Content-Type": "text/plain"})
    webhook, _ = webhooks.webhook_create(url=server.url("/hook"), actor=editor)
    return webhook


def _events() -> list[str]:
    return list(WebhookDelivery.objects.order_by("id").values_list("event", flat=True))


@override_settings(FACTCHECK_VERDICTS_REQUIRED=2)
def test_dispute_approval_and_return_are_sent(seeded, hook, editor, reviewer, reviewer2, ratings):
    claim = seeded[0].claims.order_by("position").first()
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert _events() == []  # one verdict of two: nothing to tell
    v2 = services.verdict_submit(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    assert _events() == ["claim.disputed"]
    services.verdict_approve(verdict=v2, editor=editor)
    assert _events() == ["claim.disputed", "claim.approved"]
    services.verdict_return(claim=claim, editor=editor, note="Find a second source.")
    assert _events() == ["claim.disputed", "claim.approved", "claim.returned"]
    approved, returned = WebhookDelivery.objects.order_by("id")[1:]
    assert approved.payload["claim"]["id"] == claim.pk and approved.payload["verdict"]["rating_slug"] == "false"
    assert approved.payload["actor"] == editor.username
    assert returned.payload["note"] == "Find a second source."


def test_a_refused_approval_sends_nothing(seeded, hook, reviewer, ratings):
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    with pytest.raises(services.Denied):
        services.verdict_approve(verdict=verdict, editor=reviewer)  # not an editor
    assert _events() == []


def test_without_webhooks_the_approval_asks_and_sends_nothing(seeded, editor, reviewer, ratings, monkeypatch):
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    calls = []
    real = webhooks.events_emit
    monkeypatch.setattr(webhooks, "events_emit", lambda **kw: calls.append(kw["event"]) or real(**kw))
    services.verdict_approve(verdict=verdict, editor=editor)
    assert calls == ["claim.approved"] and _events() == []
