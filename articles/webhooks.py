"""Webhooks: signed JSON events sent to the newsroom's endpoints on approval, return and dispute.

Flow (README: webhooks):

- An editor registers an endpoint (:func:`webhook_create`): an http(s) URL that passes the same
  address rules as intake by URL (articles.fetch: no loopback, private, link-local, metadata...
  address, unless its host is in FACTCHECK_FETCH_ALLOWED_HOSTS), the events it wants (all when
  none is chosen), and gets a secret (``secrets.token_urlsafe(32)``), shown once.
- The services call :func:`events_emit` inside their transaction ("claim.approved",
  "claim.returned", "claim.disputed"). It costs one query when no webhook is active. For each
  matching active webhook and each claim it stores a ``WebhookDelivery`` (the payload, a new
  event id) and, once the transaction commits, enqueues the task ``webhook_deliver``: an event
  is sent only for a change that was committed, and a change rolled back sends nothing.
- The worker POSTs the JSON body (:func:`delivery_attempt`) with::

      X-Webhook-Id: <the event's uuid>            (the receiver's replay key)
      X-Webhook-Timestamp: <unix seconds>         (of this attempt)
      X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the secret>
      X-Webhook-Event: claim.approved

  A 2xx answer is delivered. Anything else (another status, a timeout, a refused connection) is
  tried again with exponential backoff, 30 s, 1 min, 2 min, ... (FACTCHECK_WEBHOOK_RETRY_BASE_DELAY,
  doubling, at most 1 h apart) by enqueuing the task again with ``run_after``, up to
  FACTCHECK_WEBHOOK_MAX_ATTEMPTS (8) attempts; then it is failed. An address the rules refuse
  fails at once. No redirect is followed. Every attempt is appended to the delivery's ``log``
  (time, attempt, status code or error, milliseconds), shown in the admin and on the webhook's page.
- A delivery whose task was lost (a worker killed between commit and enqueue, a pruned task
  row) is enqueued again by :func:`deliveries_recover`, which every worker's sweeper calls. An
  attempt first takes a lease on its row (a conditional UPDATE), so a duplicate task never sends
  the same attempt twice at the same time.

How a receiver verifies a delivery (:func:`verify` is a reference implementation)::

    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body,
                                    hashlib.sha256).hexdigest()
    hmac.compare_digest(expected, request.headers["X-Webhook-Signature"])   # else reject
    abs(time.time() - int(timestamp)) <= 300                                 # else reject (replay)
    event id not seen before (keep the ids of the last 5 minutes)            # else ignore (replay)

The signature covers the timestamp, so an old request cannot be replayed with a new time, and
the raw body bytes (verify before parsing the JSON). A retried delivery has the same
X-Webhook-Id and a new timestamp and signature: receivers acknowledge an id they have already
processed with a 2xx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

# services.py calls events_emit, so this module refers to services.ServiceError at call time
# (``from . import services`` works while services is still being imported; a name import would not)
from . import fetch, policy, services
from .models import Claim, Verdict, Webhook, WebhookDelivery, http_url

logger = logging.getLogger(__name__)

PING = "ping"  # a test event sent from the webhook's page (not one of Webhook.Event: never subscribed to)
EVENTS = tuple(Webhook.Event.values)
REPLAY_WINDOW = 300  # seconds a receiver should accept a timestamp for
LOG_LIMIT = 50  # attempts kept in a delivery's log
RESPONSE_TIMEOUT = 10.0  # seconds an endpoint has to answer


def max_attempts() -> int:
    return int(getattr(settings, "FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8))


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt ``attempt`` (1-based): 30 s, 60 s, 120 s, ... at most 1 h."""
    base = float(getattr(settings, "FACTCHECK_WEBHOOK_RETRY_BASE_DELAY", 30))
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


def _stale() -> timedelta:
    """How late a pending delivery may be before its task counts as lost."""
    return timedelta(seconds=max(settings.FACTCHECK_JOB_STALE_SECONDS, 60))


# ----------------------------------------------------------------------------- signatures


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Webhook-Signature value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(
    secret: str,
    *,
    body: bytes,
    timestamp: str,
    signature: str,
    event_id: str = "",
    seen: set[str] | None = None,
    now: float | None = None,
    tolerance: int = REPLAY_WINDOW,
) -> bool:
    """What a receiver does (documentation and tests): the signature matches, the timestamp is
    within ``tolerance`` seconds of now, and the event id is not in ``seen`` (then it is added)."""
    if not hmac.compare_digest(sign(secret, timestamp, body), signature or ""):
        return False
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    if seen is not None:
        if event_id in seen:
            return False
        seen.add(event_id)
    return True


def body_of(delivery: WebhookDelivery) -> bytes:
    """The exact bytes POSTed (and signed): the stored payload as compact, key-sorted JSON."""
    return json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# ----------------------------------------------------------------------------- endpoints


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        http_url(url)
    except ValidationError:
        raise services.ServiceError(_("enter an http:// or https:// URL"), field="url") from None
    problem = fetch.destination_problem(url)
    if problem:
        raise services.ServiceError(_("this URL cannot receive webhooks: %(problem)s") % {"problem": problem}, field="url")
    return url


def _check_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events or ()))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise services.ServiceError(
            _("unknown event %(event)s; choose among %(events)s") % {"event": repr(unknown[0]), "events": ", ".join(EVENTS)},
            field="events",
        )
    return chosen


@transaction.atomic
def webhook_create(*, url: str, actor: Any, events: Iterable[str] = (), description: str = "") -> tuple[Webhook, str]:
    """Register an endpoint. Returns the webhook and its secret (shown once; stored for signing).
    The URL's host must pass the address rules now (and is checked again at every delivery)."""
    policy.require(policy.may_manage_webhooks(actor))
    webhook = Webhook(
        url=_check_url(url),
        description=(description or "").strip()[:200],
        events=_check_events(events),
        secret=secrets.token_urlsafe(32),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        webhook.full_clean(exclude=["created_by", "secret", "events"])  # events: [] means all (checked above)
    except ValidationError as err:
        field, messages = next(iter(err.message_dict.items()))
        raise services.ServiceError(f"{field}: {' '.join(messages)}", field=field) from None
    webhook.save()
    return webhook, webhook.secret


@transaction.atomic
def webhook_update(*, webhook: Webhook, actor: Any, is_active: bool | None = None, events: Iterable[str] | None = None) -> Webhook:
    policy.require(policy.may_manage_webhooks(actor))
    fields = []
    if is_active is not None:
        webhook.is_active = is_active
        fields.append("is_active")
    if events is not None:
        webhook.events = _check_events(events)
        fields.append("events")
    if fields:
        webhook.save(update_fields=fields)
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook, actor: Any) -> None:
    """Remove an endpoint and its delivery log (pending deliveries are dropped)."""
    policy.require(policy.may_manage_webhooks(actor))
    Webhook.objects.filter(pk=webhook.pk).delete()


# ----------------------------------------------------------------------------- events


def _now_iso(now: datetime) -> str:
    return now.isoformat().replace("+00:00", "Z")


def _actor_name(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else ""


def _wants(webhook: Webhook, event: str) -> bool:
    return not webhook.events or event in webhook.events


def events_emit(*, event: str, claims: Claim | Iterable[Claim], actor: Any, note: str = "") -> None:
    """Queue ``event`` about ``claims`` for every active webhook that wants it. Call it inside the
    transaction that makes the change: the deliveries are stored in it and sent after it commits.

    One query when no webhook is active; otherwise one for the webhooks, one for the claims and
    their articles, one for the approved verdicts (approvals) and one insert."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    active = [w for w in Webhook.objects.filter(is_active=True).only("id", "events") if _wants(w, event)]
    if not active:
        return
    ids = [claims.pk] if isinstance(claims, Claim) else [c.pk for c in claims]
    if not ids:
        return
    rows = list(
        Claim.objects.filter(pk__in=ids)
        .select_related("article")
        .only("id", "text", "status", "speaker", "article__id", "article__title", "article__url")
        .order_by("id")
    )
    approved: dict[int, Verdict] = {}
    if event == Webhook.Event.APPROVED:
        for v in (
            Verdict.objects.filter(claim_id__in=ids, approved_at__isnull=False)
            .select_related("rating")
            .only("claim_id", "rationale", "rating__slug", "rating__label")
        ):
            approved[v.claim_id] = v
    now = timezone.now()
    deliveries = []
    for claim in rows:
        body: dict[str, Any] = {
            "claim": {
                "id": claim.pk,
                "text": claim.text,
                "status": claim.status,
                "speaker": claim.speaker,
                "article": {"id": claim.article.pk, "title": claim.article.title, "url": claim.article.url},
            },
            "actor": _actor_name(actor),
        }
        if event == Webhook.Event.APPROVED and claim.pk in approved:
            v = approved[claim.pk]
            body["verdict"] = {"rating": v.rating.label, "rating_slug": v.rating.slug, "rationale": v.rationale}
        if event == Webhook.Event.RETURNED:
            body["note"] = note
        for webhook in active:
            event_id = uuid.uuid4()
            payload = {"event": event, "id": str(event_id), "occurred_at": _now_iso(now), **body}
            deliveries.append(
                WebhookDelivery(webhook_id=webhook.pk, event=event, event_id=event_id, payload=payload, next_attempt_at=now)
            )
    _store(deliveries)


def _store(deliveries: list[WebhookDelivery]) -> None:
    if not deliveries:
        return
    WebhookDelivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in deliveries] if all(d.pk for d in deliveries) else None
    if ids is None:  # a backend that does not return ids from a bulk insert
        ids = list(
            WebhookDelivery.objects.filter(event_id__in=[d.event_id for d in deliveries]).values_list("id", flat=True)
        )
    transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])


@transaction.atomic
def webhook_ping(*, webhook: Webhook, actor: Any) -> WebhookDelivery:
    """Send a test event ("ping") to ``webhook`` (by the worker, like any delivery)."""
    policy.require(policy.may_manage_webhooks(actor))
    now = timezone.now()
    event_id = uuid.uuid4()
    delivery = WebhookDelivery(
        webhook=webhook,
        event=PING,
        event_id=event_id,
        payload={
            "event": PING,
            "id": str(event_id),
            "occurred_at": _now_iso(now),
            "webhook": {"id": webhook.pk, "url": webhook.url},
            "actor": _actor_name(actor),
        },
        next_attempt_at=now,
    )
    delivery.save(force_insert=True)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, *, run_after: datetime | None = None) -> None:
    from . import tasks

    task = tasks.webhook_deliver if run_after is None else tasks.webhook_deliver.using(run_after=run_after)
    task.enqueue(delivery_id)


# ----------------------------------------------------------------------------- delivery


def _lease() -> timedelta:
    return timedelta(seconds=RESPONSE_TIMEOUT + 30)


def delivery_attempt(delivery_id: int) -> str:
    """One attempt to deliver (the task's body). Returns what happened: "delivered", "retry",
    "failed", or "skipped" (already delivered or failed, not due yet, or another worker holds it)."""
    now = timezone.now()
    # the lease: this worker's attempt, unless another holds it or it is not due
    taken = WebhookDelivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), pk=delivery_id, status=WebhookDelivery.Status.PENDING
    ).update(next_attempt_at=now + _lease())
    if not taken:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    webhook = delivery.webhook
    attempt = delivery.attempts + 1
    if not webhook.is_active:
        return _record(delivery, attempt=attempt, status=None, error="the webhook is turned off", ms=0, final=True)
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {
        "X-Webhook-Id": str(delivery.event_id),
        "X-Webhook-Timestamp": str(timestamp),
        "X-Webhook-Signature": sign(webhook.secret, timestamp, body),
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Attempt": str(attempt),
    }
    started = time.monotonic()
    try:
        result = fetch.post_json(webhook.url, body, headers=headers, timeout=RESPONSE_TIMEOUT)
    except fetch.FetchError as err:
        ms = round((time.monotonic() - started) * 1000)
        # an address the rules refuse stays refused: no retry
        return _record(delivery, attempt=attempt, status=None, error=err.message, ms=ms, final=err.message.startswith("refused"))
    except Exception as err:  # an unexpected failure is logged, and retried like the others
        logger.exception("webhook delivery %s failed", delivery_id)
        ms = round((time.monotonic() - started) * 1000)
        return _record(delivery, attempt=attempt, status=None, error=f"{type(err).__name__}: {err}", ms=ms, final=False)
    ms = round(result.seconds * 1000)
    if 200 <= result.status < 300:
        return _record(delivery, attempt=attempt, status=result.status, error="", ms=ms, final=True, ok=True)
    error = f"HTTP {result.status} {result.reason}".strip()
    if 300 <= result.status < 400:
        error += " (redirects are not followed: register the final URL)"
    return _record(delivery, attempt=attempt, status=result.status, error=error, ms=ms, final=False)


def _record(
    delivery: WebhookDelivery, *, attempt: int, status: int | None, error: str, ms: int, final: bool, ok: bool = False
) -> str:
    now = timezone.now()
    entry = {"at": _now_iso(now), "attempt": attempt, "status": status, "error": error, "ms": ms}
    log = [*list(delivery.log or []), entry][-LOG_LIMIT:]
    fields: dict[str, Any] = {"attempts": attempt, "log": log, "last_status_code": status, "last_error": error}
    if ok:
        outcome = "delivered"
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif final or attempt >= max_attempts():
        outcome = "failed"
        fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    else:
        outcome = "retry"
        fields["next_attempt_at"] = now + retry_delay(attempt)
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        if outcome == "retry":
            when = fields["next_attempt_at"]
            transaction.on_commit(lambda: _enqueue(delivery.pk, run_after=when))
    for k, v in fields.items():
        setattr(delivery, k, v)
    return outcome


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery, actor: Any) -> WebhookDelivery:
    """Try a delivery again now (the admin's "retry now"): a failed one gets a fresh round of
    attempts; a pending one is moved to now."""
    policy.require(policy.may_manage_webhooks(actor))
    now = timezone.now()
    fields: dict[str, Any] = {"status": WebhookDelivery.Status.PENDING, "next_attempt_at": now}
    if delivery.status == WebhookDelivery.Status.FAILED:
        fields["attempts"] = 0
    elif delivery.status == WebhookDelivery.Status.DELIVERED:
        raise services.ServiceError(_("this event was delivered already"))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    delivery.refresh_from_db()
    return delivery


def deliveries_recover(*, now: datetime | None = None) -> list[int]:
    """Enqueue again the pending deliveries whose task was lost: due for longer than the stale
    time (FACTCHECK_JOB_STALE_SECONDS, at least a minute) and not held by an attempt. Every
    worker's sweeper calls this; a duplicate task is harmless (the attempt's lease)."""
    now = now or timezone.now()
    late = now - _stale()
    with transaction.atomic():
        ids = list(
            WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=late)
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[:200]
        )
        if ids:
            WebhookDelivery.objects.filter(pk__in=ids, status=WebhookDelivery.Status.PENDING).update(next_attempt_at=now)
            transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    if ids:
        logger.warning("webhook deliveries enqueued again: %s", ", ".join(map(str, ids)))
    return ids
