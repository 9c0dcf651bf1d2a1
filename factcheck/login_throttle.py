"""Login throttling with django-axes: the backend, the locked-out page and the client address.

Settings (``LOGIN_FAILURE_LIMIT``, ``LOGIN_COOLOFF_MINUTES``, ``TRUSTED_PROXY_COUNT``) are in
factcheck/settings.py.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check before the real backends, for log-ins that come with a request.

    ``authenticate()`` without a request (the shell, management commands, the test client's
    ``login()``) has no address to throttle and no one to show a message to: it passes on to
    the next backend instead of raising as axes does.
    """

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message(request: HttpRequest) -> str:
    wait = get_cool_off(request)
    if not wait:
        return "Too many failed log-ins for this account or from this address: ask an administrator to unlock it."
    now = timezone.now()
    return (
        "Too many failed log-ins for this account or from this address. "
        f"Try again in {timeuntil(now + wait, now)}; every try before then starts the wait again. "
        "Forgot your password? Reset it below."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The login page again, with the lock-out and its length instead of the form's error."""
    username = get_client_username(request, credentials) or ""
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout": lockout_message(request), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies the N-th entry from the right is the client as the first proxy saw it;
    anything further left came from the client and could be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
