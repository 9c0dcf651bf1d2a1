"""Personal API tokens: create, revoke, authenticate (the writes of the API's own model).

A token reads ``fcw_<prefix>_<secret>``: ``prefix`` (8 hex characters, unique) finds the row and
is shown in lists; only the SHA-256 of the whole token is stored, so a token is shown once, when
it is created, and a leaked database does not leak usable tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import policy
from ..models import ApiToken

PREFIX = "fcw"
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token string: shown once, never stored


def token_create(*, user: Any, name: str, actor: Any, expires_at=None) -> NewToken:
    """A new token for ``user`` (by themselves, or by a superuser in the admin)."""
    if not (actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active):
        raise policy.Denied(gettext("sign in to create API tokens"))
    if actor.pk != user.pk and not actor.is_superuser:
        raise policy.Denied(gettext("only a superuser can create a token for someone else"))
    name = (name or "").strip()
    if not name:
        from ..services import ServiceError

        raise ServiceError(gettext("give the token a name (what it is for)"), field="name")
    for _ in range(5):  # a prefix collision (1 in 4 billion per pair) draws again
        prefix = secrets.token_hex(4)
        secret = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name[:100], prefix=prefix, token_hash=token_hash(secret), expires_at=expires_at
                )
        except IntegrityError:
            continue
        return NewToken(token=token, secret=secret)
    raise RuntimeError("could not draw a unique token prefix")


def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    policy.require(policy.may_manage_token(actor, token))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at)
    return token


class BadToken(Exception):
    """The token is malformed, unknown, revoked, expired, or its user is inactive."""


def token_authenticate(raw: str) -> ApiToken:
    """The live token ``raw`` names (its user attached), else BadToken with the reason."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        raise BadToken("malformed token: expected fcw_<prefix>_<secret>")
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1][:16]).first()
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(raw.strip())):
        raise BadToken("unknown token")
    now = timezone.now()
    if token.revoked_at is not None:
        raise BadToken("this token was revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise BadToken("this token has expired")
    if not token.user.is_active:
        raise BadToken("the token's user is inactive")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
