"""The interface language: the user's choice (set_language on the account page), then the browser."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, django_user_model):
    user = django_user_model.objects.create_user("ana", password="pw-123456789")
    client.force_login(user)
    return client


def test_browser_language_is_followed(reviewer_client):
    page = reviewer_client.get(reverse("account:index"), headers={"accept-language": "es-ES,es;q=0.9"})
    body = page.content.decode()
    assert "Tu cuenta" in body and "Your account" not in body
    assert '<html lang="es"' in body or 'lang="es"' in body


def test_unknown_browser_language_falls_back_to_english(reviewer_client):
    page = reviewer_client.get(reverse("account:index"), headers={"accept-language": "xx"})
    assert "Your account" in page.content.decode()


def test_users_choice_beats_the_browser(reviewer_client):
    chosen = reviewer_client.post(reverse("set_language"), {"language": "fr", "next": reverse("account:index")})
    assert chosen.status_code == 302 and chosen["Location"] == reverse("account:index")
    page = reviewer_client.get(reverse("account:index"), headers={"accept-language": "es"})
    body = page.content.decode()
    assert "Votre compte" in body and "Tu cuenta" not in body
    # the chooser shows the current choice
    assert '<option value="fr" lang="fr" selected>' in body


def test_plural_forms_in_spanish(reviewer_client):
    body = reviewer_client.get(reverse("account:index"), headers={"accept-language": "es"}).content.decode()
    assert "(0 activos)" in body


def test_set_language_needs_csrf(django_user_model):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.create_user("bo", password="pw-123456789"))
    assert strict.post(reverse("set_language"), {"language": "fr"}).status_code == 403


def test_a_language_outside_the_list_is_ignored(reviewer_client):
    reviewer_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert "Your account" in reviewer_client.get(reverse("account:index")).content.decode()
