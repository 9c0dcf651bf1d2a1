"""articles/webhooks.py, the webhook pages and admin: registration (SSRF rules), events_emit
(one query when no webhook is active), signed delivery to a local server, retries with
backoff, the delivery log, recovery of lost tasks, permissions."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import webhooks
from articles.models import Claim, Verdict, Webhook, WebhookDelivery
from articles.policy import Denied
from articles.services import ServiceError
from tests.test_fetch import Reply, server  # noqa: F401 - the fixture


@pytest.fixture
def enqueued(monkeypatch):
    """The tasks enqueued (delivery id, run_after) instead of the task queue."""
    calls: list[tuple[int, object]] = []
    monkeypatch.setattr(webhooks, "_enqueue", lambda pk, run_after=None: calls.append((pk, run_after)))
    return calls


@pytest.fixture
def hook(editor, server):  # noqa: F811
    server.routes["/hook"] = Reply(200, b"ok", {"Content-Type": "text/plain"})
    webhook, _ = webhooks.webhook_create(url=server.url("/hook"), actor=editor, description="CMS")
    return webhook


def _claim(seeded) -> Claim:
    return seeded[0].claims.order_by("position").first()


def _approved(claim, reviewer, editor, ratings) -> Verdict:
    return Verdict.objects.create(
        claim=claim,
        reviewer=reviewer,
        rating=ratings["false"] if "false" in ratings else next(iter(ratings.values())),
        rationale="The budget documents say 4 percent.",
        approved_by=editor,
        approved_at=timezone.now(),
    )


# ----------------------------------------------------------------------------- registration


def test_create_returns_a_secret_once(editor, server):  # noqa: F811
    webhook, secret = webhooks.webhook_create(
        url=server.url("/in"), actor=editor, events=["claim.approved", "claim.approved"], description=" CMS "
    )
    assert len(secret) >= 40 and webhook.secret == secret
    assert webhook.events == ["claim.approved"] and webhook.description == "CMS" and webhook.created_by == editor
    _, other = webhooks.webhook_create(url=server.url("/in2"), actor=editor)
    assert other != secret


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.0.0.5/hook", "refused: 10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://[::1]/hook", "refused: ::1 is a loopback address"),
        ("http://2130706433/hook", "enter an http:// or https:// URL"),  # Django's URL validator refuses it first
        ("ftp://example.com/hook", "enter an http:// or https:// URL"),
        ("not a url", "enter an http:// or https:// URL"),
    ],
)
def test_registration_refuses_ssrf_targets(editor, settings, url, message):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(ServiceError, match=message.replace("(", r"\(").replace(".", r"\.")) as err:
        webhooks.webhook_create(url=url, actor=editor)
    assert err.value.field == "url"
    assert not Webhook.objects.exists()


def test_registration_refuses_a_name_resolving_to_a_private_address(editor, settings, monkeypatch):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.7.7", port))]
    )
    with pytest.raises(ServiceError, match="hooks.example.com resolves to 192.168.7.7, a private address"):
        webhooks.webhook_create(url="https://hooks.example.com/x", actor=editor)


def test_only_editors_manage_webhooks(reviewer, outsider, editor, server):  # noqa: F811
    for user in (reviewer, outsider):
        with pytest.raises(Denied, match="only editors can manage webhooks"):
            webhooks.webhook_create(url=server.url("/x"), actor=user)
    webhook, _ = webhooks.webhook_create(url=server.url("/x"), actor=editor)
    with pytest.raises(Denied):
        webhooks.webhook_delete(webhook=webhook, actor=reviewer)
    with pytest.raises(Denied):
        webhooks.webhook_ping(webhook=webhook, actor=reviewer)


def test_unknown_event_refused(editor, server):  # noqa: F811
    with pytest.raises(ServiceError, match="unknown event 'claim.deleted'"):
        webhooks.webhook_create(url=server.url("/x"), actor=editor, events=["claim.deleted"])


# ----------------------------------------------------------------------------- events


def test_one_query_when_no_webhook_is_active(seeded, editor, django_assert_num_queries, enqueued):
    claim = _claim(seeded)
    with django_assert_num_queries(1):
        webhooks.events_emit(event="claim.disputed", claims=[claim], actor=editor)
    Webhook.objects.create(url="https://example.com/h", secret="s", is_active=False)
    Webhook.objects.create(url="https://example.com/only-returns", secret="s", events=["claim.returned"])
    with django_assert_num_queries(1):
        webhooks.events_emit(event="claim.disputed", claims=[claim], actor=editor)
    assert not WebhookDelivery.objects.exists() and not enqueued


def test_approval_event_payload(seeded, editor, reviewer, ratings, hook, enqueued, django_capture_on_commit_callbacks):
    claim = _claim(seeded)
    verdict = _approved(claim, reviewer, editor, ratings)
    Claim.objects.filter(pk=claim.pk).update(status="approved")
    other, _ = webhooks.webhook_create(url=hook.url + "2", actor=editor, events=["claim.approved"])
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.events_emit(event="claim.approved", claims=[claim], actor=editor)
    deliveries = list(WebhookDelivery.objects.order_by("webhook_id"))
    assert [d.webhook_id for d in deliveries] == [hook.pk, other.pk]
    assert sorted(pk for pk, _ in enqueued) == sorted(d.pk for d in deliveries)
    d = deliveries[0]
    p = d.payload
    assert d.event == p["event"] == "claim.approved" and d.status == "pending" and d.attempts == 0
    assert p["id"] == str(d.event_id) and deliveries[1].event_id != d.event_id
    assert p["occurred_at"].endswith("Z")
    assert p["actor"] == "ed"
    assert p["claim"]["id"] == claim.pk and p["claim"]["text"] == claim.text and p["claim"]["status"] == "approved"
    article = seeded[0]
    assert p["claim"]["article"] == {"id": article.pk, "title": article.title, "url": article.url}
    assert p["verdict"] == {"rating": verdict.rating.label, "rating_slug": verdict.rating.slug, "rationale": verdict.rationale}
    assert "note" not in p


def test_return_event_carries_the_note(seeded, editor, hook, enqueued):
    claim = _claim(seeded)
    webhooks.events_emit(event="claim.returned", claims=claim, actor=editor, note="Check the second source.")
    d = WebhookDelivery.objects.get()
    assert d.payload["note"] == "Check the second source." and "verdict" not in d.payload


def test_nothing_sent_when_the_change_is_rolled_back(seeded, editor, hook, enqueued, django_capture_on_commit_callbacks):
    claim = _claim(seeded)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                webhooks.events_emit(event="claim.disputed", claims=[claim], actor=editor)
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert not WebhookDelivery.objects.exists() and not enqueued


def test_unknown_event_is_a_programming_error(seeded, editor):
    with pytest.raises(ValueError):
        webhooks.events_emit(event="claim.whatever", claims=[], actor=editor)


# ----------------------------------------------------------------------------- delivery


def _delivery(hook, enqueued) -> WebhookDelivery:  # enqueued: the fixture keeps the task queue out of it
    webhooks.webhook_ping(webhook=hook, actor=hook.created_by)
    return WebhookDelivery.objects.get(webhook=hook)


def test_delivered_signed_and_verifiable(hook, server, enqueued):  # noqa: F811
    d = _delivery(hook, enqueued)
    before = int(time.time())
    assert webhooks.delivery_attempt(d.pk) == "delivered"
    req = server.seen[-1]
    assert req.method == "POST" and req.path == "/hook"
    assert json.loads(req.body) == d.payload
    assert req.headers["content-type"] == "application/json"
    assert req.headers["x-webhook-id"] == str(d.event_id) == d.payload["id"]
    assert req.headers["x-webhook-event"] == "ping"
    ts = req.headers["x-webhook-timestamp"]
    assert before <= int(ts) <= int(time.time())
    expected = hmac.new(hook.secret.encode(), f"{ts}.".encode() + req.body, hashlib.sha256).hexdigest()
    assert req.headers["x-webhook-signature"] == f"sha256={expected}"
    seen: set[str] = set()
    args = {"body": req.body, "timestamp": ts, "signature": req.headers["x-webhook-signature"]}
    assert webhooks.verify(hook.secret, event_id=req.headers["x-webhook-id"], seen=seen, **args)
    # a replay: the same id again, or the same request 5 minutes later, or another secret or body
    assert not webhooks.verify(hook.secret, event_id=req.headers["x-webhook-id"], seen=seen, **args)
    assert not webhooks.verify(hook.secret, now=int(ts) + 301, **args)
    assert not webhooks.verify("another secret", **args)
    assert not webhooks.verify(hook.secret, **{**args, "body": req.body + b" "})
    assert not webhooks.verify(hook.secret, **{**args, "timestamp": str(int(ts) + 1)})

    d.refresh_from_db()
    assert d.status == "delivered" and d.attempts == 1 and d.last_status_code == 200 and d.delivered_at
    assert d.next_attempt_at is None
    [entry] = d.log
    assert entry["attempt"] == 1 and entry["status"] == 200 and entry["error"] == "" and entry["ms"] >= 0
    # a duplicate task sends nothing more
    assert webhooks.delivery_attempt(d.pk) == "skipped"
    assert len([r for r in server.seen if r.path == "/hook"]) == 1


def test_failure_retried_with_backoff_then_failed(hook, server, enqueued, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    server.routes["/hook"] = Reply(500, b"oops", {"Content-Type": "text/plain"})
    d = _delivery(hook, enqueued)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.delivery_attempt(d.pk) == "retry"
    d.refresh_from_db()
    assert d.status == "pending" and d.attempts == 1 and d.last_status_code == 500 and d.last_error == "HTTP 500 Internal Server Error"
    assert start + timedelta(seconds=29) < d.next_attempt_at < timezone.now() + timedelta(seconds=31)
    assert enqueued[-1] == (d.pk, d.next_attempt_at)  # the next attempt: a task with run_after
    assert webhooks.delivery_attempt(d.pk) == "skipped"  # not due yet

    WebhookDelivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())
    server.routes["/hook"] = Reply(301, b"", {"Location": "http://10.0.0.1/", "Content-Type": "text/plain"})
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.delivery_attempt(d.pk) == "retry"
    d.refresh_from_db()
    assert d.attempts == 2 and "redirects are not followed" in d.last_error
    assert d.next_attempt_at > timezone.now() + timedelta(seconds=59)  # doubled

    WebhookDelivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())
    server.routes["/hook"] = Reply(503, b"", {"Content-Type": "text/plain"})
    assert webhooks.delivery_attempt(d.pk) == "failed"
    d.refresh_from_db()
    assert d.status == "failed" and d.attempts == 3 and d.next_attempt_at is None
    assert [(e["attempt"], e["status"]) for e in d.log] == [(1, 500), (2, 301), (3, 503)]
    assert [r.headers["x-webhook-id"] for r in server.seen] == [str(d.event_id)] * 3  # one id, every attempt


def test_backoff_doubles_and_is_capped():
    assert [webhooks.retry_delay(n).total_seconds() for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_timeout_and_connection_errors_are_logged_and_retried(hook, server, enqueued, monkeypatch):  # noqa: F811
    monkeypatch.setattr(webhooks, "RESPONSE_TIMEOUT", 0.5)
    server.routes["/hook"] = Reply(200, b"late", {"Content-Type": "text/plain"}, delay=2)
    d = _delivery(hook, enqueued)
    assert webhooks.delivery_attempt(d.pk) == "retry"
    d.refresh_from_db()
    assert d.log[-1]["error"] == "timed out after 0.5 s" and d.log[-1]["status"] is None and d.last_status_code is None


def test_ssrf_refused_at_delivery(hook, enqueued, settings):
    """Registered while its host was allowed (or its DNS answered a public address): refused at
    delivery, at once, without retrying."""
    d = _delivery(hook, enqueued)
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    assert webhooks.delivery_attempt(d.pk) == "failed"
    d.refresh_from_db()
    assert d.status == "failed" and d.attempts == 1
    assert d.last_error == "refused: 127.0.0.1 is a loopback address"


def test_turned_off_webhook_is_not_sent(hook, server, enqueued):  # noqa: F811
    d = _delivery(hook, enqueued)
    webhooks.webhook_update(webhook=hook, actor=hook.created_by, is_active=False)
    assert webhooks.delivery_attempt(d.pk) == "failed"
    assert not server.seen


def test_recovery_enqueues_lost_deliveries_only(hook, enqueued, django_capture_on_commit_callbacks):
    d = _delivery(hook, enqueued)
    enqueued.clear()
    fresh = _delivery_for(hook)
    WebhookDelivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=10))
    WebhookDelivery.objects.filter(pk=fresh.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.deliveries_recover() == [d.pk]
    assert enqueued == [(d.pk, None)]
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.deliveries_recover() == []  # moved to now: not again at the next sweep


def _delivery_for(hook) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        webhook=hook, event="ping", event_id=uuid.uuid4(), payload={"event": "ping"}, next_attempt_at=timezone.now()
    )


def test_retry_now(hook, editor, enqueued, server, settings):  # noqa: F811
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 1
    server.routes["/hook"] = Reply(500, b"", {"Content-Type": "text/plain"})
    d = _delivery(hook, enqueued)
    assert webhooks.delivery_attempt(d.pk) == "failed"
    server.routes["/hook"] = Reply(204, b"", {})
    webhooks.delivery_retry(delivery=d, actor=editor)
    assert webhooks.delivery_attempt(d.pk) == "delivered"
    d.refresh_from_db()
    assert [e["status"] for e in d.log] == [500, 204]
    with pytest.raises(ServiceError, match="delivered already"):
        webhooks.delivery_retry(delivery=d, actor=editor)


def test_the_task_runs_a_delivery(hook, enqueued):
    from articles import tasks

    d = _delivery(hook, enqueued)
    assert tasks.webhook_deliver.call(d.pk) == "delivered"


# ----------------------------------------------------------------------------- pages


def test_pages_for_editors(client, editor, server, enqueued):  # noqa: F811
    client.force_login(editor)
    assert client.get(reverse("webhooks:list")).status_code == 200
    page = client.get(reverse("webhooks:add"))
    assert page.status_code == 200 and b'name="url"' in page.content
    created = client.post(reverse("webhooks:add"), {"url": server.url("/in"), "description": "CMS", "events": ["claim.approved"]})
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    webhook = Webhook.objects.get()
    assert webhook.secret.encode() in created.content and webhook.events == ["claim.approved"]
    listing = client.get(reverse("webhooks:list"))
    assert server.url("/in").encode() in listing.content and webhook.secret.encode() not in listing.content
    detail = client.get(reverse("webhooks:detail", args=[webhook.pk]))
    assert detail.status_code == 200 and webhook.secret.encode() not in detail.content
    assert client.post(reverse("webhooks:test", args=[webhook.pk])).status_code == 302
    assert WebhookDelivery.objects.get().event == "ping"
    detail = client.get(reverse("webhooks:detail", args=[webhook.pk]))
    assert b"ping" in detail.content and b"not tried yet" in detail.content
    assert client.post(reverse("webhooks:delete", args=[webhook.pk])).status_code == 302
    assert not Webhook.objects.exists() and not WebhookDelivery.objects.exists()


def test_registration_form_shows_the_ssrf_refusal(client, editor, settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    client.force_login(editor)
    page = client.post(reverse("webhooks:add"), {"url": "http://192.168.0.1/hook"})
    assert page.status_code == 422
    assert b"this URL cannot receive webhooks: refused: 192.168.0.1 is a private address" in page.content
    assert not Webhook.objects.exists()


def test_pages_refused_to_others(client, reviewer, hook):
    client.force_login(reviewer)
    for name, method in (("list", "get"), ("add", "get"), ("detail", "get"), ("delete", "post"), ("test", "post")):
        args = [] if name in ("list", "add") else [hook.pk]
        assert getattr(client, method)(reverse(f"webhooks:{name}", args=args)).status_code == 403, name
    assert b"Webhooks</a>" not in client.get(reverse("articles:list")).content
    assert Webhook.objects.count() == 1 and not WebhookDelivery.objects.exists()


def test_account_page_links_webhooks_for_editors(client, editor):
    client.force_login(editor)
    assert reverse("account:index").encode() in client.get(reverse("articles:list")).content
    assert reverse("webhooks:list").encode() in client.get(reverse("account:index")).content


def test_pages_query_count(client, editor, hook, enqueued, django_assert_max_num_queries):
    for _ in range(5):
        webhooks.webhook_ping(webhook=hook, actor=editor)
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("webhooks:list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("webhooks:detail", args=[hook.pk])).status_code == 200


# ----------------------------------------------------------------------------- admin


def test_admin_never_shows_the_secret_and_retries(client, editor, hook, enqueued, server, settings):  # noqa: F811
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 1
    client.force_login(editor)
    for url in (
        reverse("admin:articles_webhook_changelist"),
        reverse("admin:articles_webhook_change", args=[hook.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and hook.secret.encode() not in page.content
    server.routes["/hook"] = Reply(500, b"", {"Content-Type": "text/plain"})
    d = _delivery(hook, enqueued)
    webhooks.delivery_attempt(d.pk)
    page = client.get(reverse("admin:articles_webhookdelivery_change", args=[d.pk]))
    assert page.status_code == 200 and b"HTTP 500 Internal Server Error" in page.content
    client.post(
        reverse("admin:articles_webhookdelivery_changelist"), {"action": "retry_now", "_selected_action": [d.pk]}
    )
    d.refresh_from_db()
    assert d.status == "pending" and d.attempts == 0


def test_admin_add_checks_the_url_and_shows_the_secret_once(client, editor, settings):
    client.force_login(editor)
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    page = client.post(reverse("admin:articles_webhook_add"), {"url": "http://10.1.1.1/x", "is_active": "on"})
    assert page.status_code == 200 and b"refused: 10.1.1.1 is a private address" in page.content
    assert not Webhook.objects.exists()
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    page = client.post(
        reverse("admin:articles_webhook_add"), {"url": "http://127.0.0.1:9/x", "is_active": "on", "events": ["claim.disputed"]}, follow=True
    )
    webhook = Webhook.objects.get()
    assert webhook.events == ["claim.disputed"] and webhook.created_by == editor and len(webhook.secret) >= 40
    assert webhook.secret.encode() in page.content  # the message, once
    assert webhook.secret.encode() not in client.get(reverse("admin:articles_webhook_change", args=[webhook.pk])).content


def test_admin_refused_to_reviewers(client, staff_reviewer, hook):
    client.force_login(staff_reviewer)
    assert client.get(reverse("admin:articles_webhook_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_webhookdelivery_changelist")).status_code == 403
