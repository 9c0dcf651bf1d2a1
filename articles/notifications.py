"""Notifications (issue 15): in the app (the bell and the list) and by email when configured.

The services call these inside their own transaction; the rows commit with the change they
tell about, and the emails are sent after that commit (``transaction.on_commit``), so a mail
server that fails or hangs never fails or rolls back the request that caused them. Email goes
only to members with an address, and only when ``FACTCHECK_NOTIFY_EMAIL`` is on.

The events:

- ``notify_assigned``: claims were assigned to someone (not when they assign themself).
- ``notify_returned``: an editor returned a claim: its reviewers and its assignee.
- ``notify_disputed``: the second review disagrees: the claim's other reviewers and its assignee.
- ``notify_mentions``: ``@username`` in a comment: each mentioned active member.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Claim, Verdict
from .team_models import Notification

logger = logging.getLogger(__name__)
K = Notification.Kind

MENTION = re.compile(r"(?<![\w@.])@([\w.+-]{1,150})")


def mentioned_usernames(text: str) -> list[str]:
    """The ``@username``s of ``text``, in order, each once (an e-mail address is no mention;
    a trailing full stop ends the name)."""
    seen: dict[str, None] = {}
    for name in MENTION.findall(text or ""):
        seen.setdefault(name.rstrip("."), None)
    return [n for n in seen if n]


def _short(claim: Claim) -> str:
    text = " ".join(claim.text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _create(kind: str, recipients: Iterable[Any], *, claim: Claim | None, actor: Any, message: str) -> list[Notification]:
    actor_id = getattr(actor, "pk", None)
    seen, rows = set(), []
    for user in recipients:
        if user is None or user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, claim=claim, actor_id=actor_id, message=message[:500]))
    Notification.objects.bulk_create(rows)
    if rows:
        _email_after_commit(rows)
    return rows


def _email_after_commit(rows: Sequence[Notification]) -> None:
    if not getattr(settings, "FACTCHECK_NOTIFY_EMAIL", False):
        return
    messages = []
    for n in rows:
        address = getattr(n.recipient, "email", "")
        if not address:
            continue
        subject = _("[Fact-check] %(kind)s") % {"kind": n.get_kind_display()}
        body = "{}\n\n{}\n".format(n.message, _("See your notifications in the workbench: %(link)s") % {"link": _link(n)})
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    if messages:
        transaction.on_commit(lambda: _send(messages))


def _link(n: Notification) -> str:
    base = getattr(settings, "FACTCHECK_SITE_URL", "").rstrip("/")
    path = reverse("articles:claim", args=[n.claim_id]) if n.claim_id else reverse("team:notifications")
    return f"{base}{path}" if base else path


def _send(messages: list[tuple]) -> None:
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # committed already: the in-app notification stands, the email is lost
        logger.exception("sending %d notification emails failed", len(messages))


# ----------------------------------------------------------------------------- the events


def notify_assigned(*, claims: Sequence[Claim], by: Any, to: Any) -> list[Notification]:
    """``to`` was assigned ``claims`` by ``by`` (one notification per claim, at most 20; more
    are summed up in one)."""
    if to is None or not claims:
        return []
    claims = list(claims)
    if len(claims) > 20:
        message = _("%(by)s assigned you %(count)s claims") % {"by": by, "count": len(claims)}
        return _create(K.ASSIGNED, [to], claim=claims[0], actor=by, message=message)
    out = []
    for claim in claims:
        out += _create(K.ASSIGNED, [to], claim=claim, actor=by, message=_("%(by)s assigned you: “%(claim)s”") % {"by": by, "claim": _short(claim)})
    return out


def _reviewers(claim: Claim) -> list[Any]:
    ids = Verdict.objects.filter(claim_id=claim.pk).values_list("reviewer_id", flat=True)
    users = list(get_user_model().objects.filter(pk__in=list(ids)))
    if claim.assignee_id:
        users.append(claim.assignee)
    return users


def notify_returned(*, claim: Claim, by: Any, note: str = "") -> list[Notification]:
    """An editor returned ``claim`` for review: its reviewers and assignee are told, with the note."""
    message = _("%(by)s returned for review: “%(claim)s”") % {"by": by, "claim": _short(claim)}
    if note.strip():
        message += f" — {note.strip()}"
    return _create(K.RETURNED, _reviewers(claim), claim=claim, actor=by, message=message)


def notify_disputed(*, claim: Claim, by: Any) -> list[Notification]:
    """The reviewers of ``claim`` disagree (``by`` saved the verdict that made it disputed)."""
    message = _("Reviewers disagree on “%(claim)s”") % {"claim": _short(claim)}
    return _create(K.DISPUTED, _reviewers(claim), claim=claim, actor=by, message=message)


def notify_mentions(*, claim: Claim, by: Any, text: str, before: str = "") -> list[Notification]:
    """Each active member ``@``-mentioned in ``text`` (and not already in ``before``, the
    comment's text before an edit) is told."""
    names = [n for n in mentioned_usernames(text) if n not in set(mentioned_usernames(before))]
    if not names:
        return []
    users = get_user_model().objects.filter(username__in=names, is_active=True)
    excerpt = " ".join(text.split())
    excerpt = excerpt if len(excerpt) <= 160 else excerpt[:159] + "…"
    return _create(K.MENTION, users, claim=claim, actor=by, message=_("%(by)s mentioned you: %(excerpt)s") % {"by": by, "excerpt": excerpt})


# ----------------------------------------------------------------------------- reading, marking read


def unread_count(user: Any, *, cap: int = 99) -> int:
    """The bell's number (counted up to ``cap`` + 1: "99+")."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)[: cap + 1].count()


def for_user(user: Any) -> QuerySet:
    return Notification.objects.filter(recipient_id=user.pk).select_related("actor", "claim")


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (``ids``: these only; None: all). Others' are never touched."""
    qs = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
