"""The API object, its authentication (a personal token or the browser session), the per-client
rate limit and the error format.

Every error is JSON ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``:
400 malformed request, 401 not signed in (or a bad token), 403 refused by the policy (or a
missing CSRF token with session authentication), 404, 409 stale version, 422 invalid input or a
refused change (``errors`` names the fields), 429 over the rate limit (with ``Retry-After``)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone, translation
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from .. import policy, services
from ..models import RateWindow
from .tokens import BadToken, token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiError(Exception):
    def __init__(self, status: int, detail: str, errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors or [], headers or {}


def form_errors(form, status: int = 422, detail: str = "invalid input") -> ApiError:
    """A Django form's errors, one entry per message, each naming its field (``""`` for the whole input)."""
    errors = [
        {"field": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    first = errors[0] if errors else None
    if first:
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return ApiError(status, detail, errors)


# ----------------------------------------------------------------------------- rate limit


def rate_count(key: str, *, now=None) -> tuple[int, int]:
    """Count one request of client ``key`` in the current one-minute window: (requests in the
    window so far, seconds until it ends). One atomic upsert, shared by every process; on
    PostgreSQL without waiting for the commit's flush to disk (a counter lost in a crash is
    harmless). A client's first request of a window drops its older windows."""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    db = RateWindow.objects.db
    conn = connections[db]
    table = conn.ops.quote_name(RateWindow._meta.db_table)
    sql = (
        f'INSERT INTO {table} ("key", "window_start", "count") VALUES (%s, %s, 1) '
        f'ON CONFLICT ("key", "window_start") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"'
    )
    start = conn.ops.adapt_datetimefield_value(window)
    with transaction.atomic(using=db), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, [key, start])
        count = cursor.fetchone()[0]
        if count == 1:
            cursor.execute(f'DELETE FROM {table} WHERE "key" = %s AND "window_start" < %s', [key, start])
    left = 60 - (now - window).total_seconds()
    return count, max(1, math.ceil(left))


def rate_limit(key: str) -> None:
    limit = settings.FACTCHECK_API_RATE_LIMIT
    if limit <= 0:
        return
    count, left = rate_count(key)
    if count > limit:
        raise ApiError(
            429, f"rate limit exceeded: {limit} requests per minute; retry in {left} s", headers={"Retry-After": str(left)}
        )


# ----------------------------------------------------------------------------- authentication


def _csrf_ok(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


class ApiAuth(HttpBearer):
    """``Authorization: Bearer fcw_…`` (a personal token; no CSRF), else the browser session
    (CSRF token required for unsafe methods). Then the client's rate limit."""

    def __call__(self, request) -> Any:
        # the API speaks English whatever the client's Accept-Language: its texts sit next to stable
        # error codes in integrations' logs (the service and policy refusals are translatable)
        translation.activate("en")
        request.LANGUAGE_CODE = "en"
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.strip().partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                raise ApiError(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
            try:
                token = token_authenticate(raw)
            except BadToken as err:
                raise ApiError(401, str(err), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
            user = token.user
            request.user = user
            request.api_token = token
            key = f"token:{token.pk}"
        else:
            user = getattr(request, "user", None)
            decision = policy.may_use_api(user)
            if not decision:
                raise ApiError(401, decision.reason, headers={"WWW-Authenticate": "Bearer"})
            if request.method not in SAFE_METHODS and not _csrf_ok(request):
                raise ApiError(
                    403,
                    "CSRF check failed: with session authentication send the csrftoken cookie's value in the "
                    "X-CSRFToken header (or use a token: 'Authorization: Bearer <token>')",
                )
            request.api_token = None
            key = f"user:{user.pk}"
        policy.require(policy.may_use_api(user))
        rate_limit(key)
        return user

    def authenticate(self, request, token):  # HttpBearer's hook, unused: __call__ does it all
        raise NotImplementedError


# ----------------------------------------------------------------------------- the API object

api = NinjaAPI(
    title="Fact-check workbench API",
    version="1",
    description=(
        "The claim-tracking workbench's JSON API. Authenticate with a personal token "
        "(`Authorization: Bearer fcw_…`, created on the API tokens page) or the browser session "
        "(unsafe methods then need the `X-CSRFToken` header). Every permission is the web UI's. "
        "Lists are paged by an opaque `cursor` (`next` in each page). Errors are "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    auth=ApiAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


def _respond(request, status: int, detail: str, errors: list[dict] | None = None, headers: dict | None = None):
    response = api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _loc_field(loc) -> str:
    """pydantic's error location as a field name: ('body', 'payload', 'sources', 0, 'url') -> 'sources[0].url'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header", "cookie"):
        parts = parts[1:]
    if parts and parts[0] in ("payload", "filters", "params"):
        parts = parts[1:]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _respond(request, exc.status, exc.detail, exc.errors, exc.headers)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        message = err.get("msg", "invalid value")
        if err.get("type") == "missing":
            message = "This field is required."
        errors.append({"field": _loc_field(err.get("loc", ())), "message": message})
    first = errors[0] if errors else {"field": "", "message": "invalid input"}
    return _respond(request, 422, f"{first['field']}: {first['message']}" if first["field"] else first["message"], errors)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _respond(request, exc.status_code, exc.message if hasattr(exc, "message") else str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _respond(request, 404, "not found")


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return _respond(request, 403, getattr(exc, "message", "") or str(exc) or "permission denied")


@api.exception_handler(services.StaleVersionError)
def _stale(request, exc):
    return _respond(request, 409, exc.message, [{"field": exc.field or "version", "message": exc.message}])


@api.exception_handler(services.ServiceError)
def _refused(request, exc):
    return _respond(request, 422, exc.message, [{"field": exc.field or "", "message": exc.message}])
