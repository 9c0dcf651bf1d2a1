"""The API tokens page (account:tokens) and the ApiToken admin."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.api.tokens import token_create
from articles.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_and_it_works(client, reviewer):
    client.force_login(reviewer)
    r = client.post(reverse("account:tokens"), {"name": "my script"})
    assert r.status_code == 201 and r["Cache-Control"] == "no-store"
    secret = re.search(r"fcw_[0-9a-f]{8}_[\w-]+", r.content.decode())[0]
    token = ApiToken.objects.get(user=reviewer)
    assert token.name == "my script" and secret.split("_")[1] == token.prefix
    page = client.get(reverse("account:tokens")).content.decode()
    assert secret not in page and f"fcw_{token.prefix}_…" in page and "my script" in page
    client.logout()
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_create_needs_a_name_and_a_future_expiry(client, reviewer):
    client.force_login(reviewer)
    r = client.post(reverse("account:tokens"), {"name": ""})
    assert r.status_code == 422 and not ApiToken.objects.exists()
    r = client.post(reverse("account:tokens"), {"name": "x", "expires_on": "2000-01-01"})
    assert r.status_code == 422 and "after today" in r.content.decode()


def test_revoke_own_token_and_not_someone_elses(client, reviewer, reviewer2):
    mine = token_create(user=reviewer, name="a", actor=reviewer)
    theirs = token_create(user=reviewer2, name="b", actor=reviewer2)
    client.force_login(reviewer)
    r = client.post(reverse("account:token_revoke", args=[theirs.token.pk]))
    assert r.status_code == 403
    assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None
    r = client.post(reverse("account:token_revoke", args=[mine.token.pk]))
    assert r.status_code == 302
    assert ApiToken.objects.get(pk=mine.token.pk).revoked_at is not None
    client.logout()
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {mine.secret}").status_code == 401
    assert client.get(reverse("account:token_revoke", args=[mine.token.pk])).status_code in (302, 405)


def test_page_needs_login_and_nav_links_it(client, reviewer):
    r = client.get(reverse("account:tokens"))
    assert r.status_code == 302 and "login" in r["Location"]
    client.force_login(reviewer)
    assert reverse("account:index") in client.get(reverse("articles:list")).content.decode()  # the menu
    assert reverse("account:tokens") in client.get(reverse("account:index")).content.decode()


def test_admin_creates_for_a_user_shows_once_never_the_hash(client, superuser, reviewer):
    client.force_login(superuser)
    r = client.post(reverse("admin:articles_apitoken_add"), {"user": reviewer.pk, "name": "for rev"}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    secret = re.search(r"fcw_[0-9a-f]{8}_[\w-]+", html)[0]
    token = ApiToken.objects.get(user=reviewer)
    assert token.token_hash not in html
    change = client.get(reverse("admin:articles_apitoken_change", args=[token.pk])).content.decode()
    assert token.token_hash not in change and secret not in change
    client.logout()
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}").json()["username"] == "rev"


def test_admin_revoke_action(client, superuser, reviewer):
    made = token_create(user=reviewer, name="a", actor=reviewer)
    client.force_login(superuser)
    r = client.post(
        reverse("admin:articles_apitoken_changelist"), {"action": "revoke", "_selected_action": [made.token.pk]}, follow=True
    )
    assert r.status_code == 200
    assert ApiToken.objects.get(pk=made.token.pk).revoked_at is not None


def test_the_account_page_links_what_a_user_sets_up(client, editor, reviewer):
    from django.urls import reverse

    client.force_login(reviewer)
    page = client.get(reverse("account:index")).content.decode()
    assert reverse("password_change") in page and reverse("account:tokens") in page
    assert reverse("webhooks:list") not in page  # editors only
    client.force_login(editor)
    assert reverse("webhooks:list") in client.get(reverse("account:index")).content.decode()
