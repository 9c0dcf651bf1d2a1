"""Login throttling (django-axes) per account and per address, password change, password reset by email."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(username: str, password: str, address: str = "10.0.0.1") -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    return client, client.post(LOGIN, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        client, response = attempt(username, "wrong-password", address)
        assert response.status_code in (200, 429) and not logged_in(client)


def test_right_password_after_too_many_wrong_ones_is_refused_with_the_wait(settings, reviewer):
    fail("rev", settings.AXES_FAILURE_LIMIT)
    client, response = attempt("rev", "pw-rev")
    assert response.status_code == 429 and not logged_in(client)
    page = response.content.decode()
    assert "Too many failed log-ins for this account or from this address" in page
    assert "Try again in 15\xa0minutes" in page
    assert 'name="username"' in page and 'value="rev"' in page  # still the login page
    assert "style=" not in page and "<script>" not in page  # strict CSP: nothing inline


def test_below_the_limit_the_right_password_logs_in_and_clears_the_count(settings, reviewer):
    fail("rev", settings.AXES_FAILURE_LIMIT - 1)
    client, response = attempt("rev", "pw-rev")
    assert response.status_code == 302 and logged_in(client)
    fail("rev", settings.AXES_FAILURE_LIMIT - 1)  # counting starts again
    assert logged_in(attempt("rev", "pw-rev")[0])


def test_a_locked_account_is_locked_from_every_address(settings, reviewer):
    fail("rev", settings.AXES_FAILURE_LIMIT, address="10.0.0.1")
    client, response = attempt("rev", "pw-rev", address="10.9.9.9")
    assert response.status_code == 429 and not logged_in(client)


def test_a_locked_address_is_locked_for_every_account(settings, reviewer, reviewer2):
    for n in range(settings.AXES_FAILURE_LIMIT):  # a different (made-up) account each time
        attempt(f"guess{n}", "wrong-password", address="10.0.0.66")
    client, response = attempt("rev2", "pw-rev2", address="10.0.0.66")
    assert response.status_code == 429 and not logged_in(client)


def test_other_accounts_from_other_addresses_are_unaffected(settings, reviewer, reviewer2):
    fail("rev", settings.AXES_FAILURE_LIMIT, address="10.0.0.1")
    client, response = attempt("rev2", "pw-rev2", address="10.0.0.2")
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_ends_after_the_cool_off(settings, reviewer):
    from axes.models import AccessAttempt

    fail("rev", settings.AXES_FAILURE_LIMIT)
    assert attempt("rev", "pw-rev")[1].status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert logged_in(attempt("rev", "pw-rev")[0])


def test_the_admin_login_is_throttled_too(settings, editor):
    fail("ed", settings.AXES_FAILURE_LIMIT)
    client = Client(REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("admin:login"), {"username": "ed", "password": "pw-ed"})
    assert response.status_code == 429 and not logged_in(client)


def test_authenticate_without_a_request_is_not_throttled(settings, reviewer):
    """The shell, management commands, tests: no address to count, nobody to show a page to."""
    fail("rev", settings.AXES_FAILURE_LIMIT)
    assert authenticate(username="rev", password="pw-rev") == reviewer
    assert Client().login(username="rev", password="pw-rev")


def test_client_address_behind_trusted_proxies(settings):
    from factcheck.login_throttle import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"  # no proxy: the forwarded header is the client's word
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw; 6.6.6.6 could be forged
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.5"  # fewer hops than proxies: not believable


# ------------------------------------------------------------------ password change


def test_every_logged_in_user_finds_and_changes_their_password(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("articles:list")).content.decode()
    assert f'href="{reverse("account:index")}"' in page  # in the navigation: Account
    account = client.get(reverse("account:index")).content.decode()
    assert f'href="{reverse("password_change")}"' in account
    form = client.get(reverse("password_change"))
    assert form.status_code == 200 and 'name="old_password"' in form.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-nobody", "new_password1": "a-new-long-passphrase-7", "new_password2": "a-new-long-passphrase-7"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "Your password has been changed" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("articles:list")).status_code == 200  # still logged in
    outsider.refresh_from_db()
    assert outsider.check_password("a-new-long-passphrase-7")


def test_password_change_refuses_a_wrong_current_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a-new-long-passphrase-7", "new_password2": "a-new-long-passphrase-7"},
    )  # fmt: skip
    assert response.status_code == 200 and "incorrectly" in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.check_password("pw-nobody")


def test_password_change_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# ------------------------------------------------------------------ password reset by email


def test_password_reset_by_email_end_to_end(client, reviewer, settings):
    settings.DEFAULT_FROM_EMAIL = "desk@example.org"
    reviewer.email = "rev@example.org"
    reviewer.save()
    login_page = client.get(LOGIN).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page

    assert client.get(reverse("password_reset")).status_code == 200  # no login needed
    response = client.post(reverse("password_reset"), {"email": "rev@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Check your email" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["rev@example.org"] and message.from_email == "desk@example.org"
    assert message.subject == "Reset your password for the fact-check workbench"
    assert '"rev"' in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "fresh-long-passphrase-9", "new_password2": "fresh-long-passphrase-9"}
    )
    # the new password logs the member in and lands on the article list with a welcome
    assert response.status_code == 302 and response["Location"] == reverse("articles:list")
    assert logged_in(client)
    assert "Your new password is set and you are logged in" in client.get(response["Location"]).content.decode()

    fresh, response = attempt("rev", "fresh-long-passphrase-9")
    assert response.status_code == 302 and logged_in(fresh)
    again = Client().get(link, follow=True).content.decode()  # the link works once
    assert "no longer valid" in again


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, reviewer):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name",
    ["login", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_account_pages_render_without_inline_script_or_style(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "style=" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)
