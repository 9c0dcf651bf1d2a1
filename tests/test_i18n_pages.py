"""The main pages in Spanish and French: no key English phrase is left, the translation is
there, display dates follow the locale while machine attributes stay ISO, and English stays the
default."""

import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (url name, args, English phrases that must not appear, Spanish phrase, French phrase)
PAGES = [
    ("articles:list", [], ["Add article", "No articles", "Search and filter articles", "My queue", "Log out"], "Añadir artículo", "Ajouter un article"),
    ("articles:add", [], ["Add an article", "Paste the article", "Import and split into claims", "Skip to content"], "Pega el artículo", "Collez l’article"),
    ("articles:log_claim", [], ["Log a claim by hand", "Who said it", "Log the claim"], "Quién lo dijo", "Qui l’a dit"),
    ("articles:approvals", [], ["Awaiting an editor", "Nothing awaits approval"], "Pendientes de un editor", "En attente d’un éditeur"),
    ("articles:shortcuts", [], ["Keyboard shortcuts", "Next / previous claim", "Show this help"], "Atajos de teclado", "Raccourcis clavier"),
    ("factchecks:list", [], ["Published fact-checks", "No fact-checks"], "Verificaciones publicadas", "Vérifications publiées"),
    ("factchecks:import", [], ["Import published fact-checks", "Batch name"], "Nombre del lote", "Nom du lot"),
    ("jobs:list", [], ["No jobs yet", "My jobs"], "Todavía no hay tareas", "Pas encore de tâche"),
    ("team:members", [], ["Invite a member", "Send the invitation", "last sign-in"], "Invitar a un miembro", "Inviter un membre"),
    ("team:ratings", [], ["Add a rating", "Add to the scale", "No change recorded"], "Añadir una calificación", "Ajouter un verdict"),
    ("team:dashboard", [], ["Claims done per day", "Agreement with the others"], "Afirmaciones hechas por día", "Affirmations traitées par jour"),
    ("team:notifications", [], ["Nothing to tell you yet"], "Nada que contarte", "Rien à signaler"),
    ("account:tokens", [], ["Create a token", "You have no API tokens"], "Crear un token", "Créer un jeton"),
    ("webhooks:list", [], ["Register an endpoint", "No endpoint is registered"], "Registrar un endpoint", "Enregistrer un point de terminaison"),
    ("webhooks:add", [], ["Register a webhook endpoint", "Endpoint URL"], "Registrar un endpoint de webhook", "Enregistrer un point de terminaison de webhook"),
]


@pytest.fixture
def boss(superuser, client):
    client.force_login(superuser)
    return client


def _get(client, name, args, lang):
    page = client.get(reverse(name, args=args), headers={"accept-language": lang})
    assert page.status_code == 200, (name, page.status_code)
    return page.content.decode()


@pytest.mark.parametrize(("name", "args", "english", "es", "fr"), PAGES, ids=[p[0] for p in PAGES])
def test_main_pages_have_no_english_left_in_spanish_and_french(boss, name, args, english, es, fr):
    for lang, expected in (("es", es), ("fr", fr)):
        body = _get(boss, name, args, lang)
        assert f'lang="{lang}"' in body
        assert expected in body, (lang, expected)
        left = [phrase for phrase in english if phrase in body]
        assert not left, (lang, left)


@pytest.mark.parametrize(("name", "args", "english", "es", "fr"), PAGES[:4], ids=[p[0] for p in PAGES[:4]])
def test_english_stays_the_default(boss, name, args, english, es, fr):
    body = _get(boss, name, args, "en")
    assert english[0] in body and es not in body


def test_form_errors_are_translated(boss):
    page = boss.post(reverse("articles:add"), {"text": "", "urls": ""}, headers={"accept-language": "es"})
    assert "Pega el texto del artículo, elige un archivo" in page.content.decode()


def test_messages_are_translated(boss, superuser):
    boss.post(reverse("account:tokens"), {"name": "cms"}, headers={"accept-language": "fr"})
    token = superuser.api_tokens.get()
    page = boss.post(reverse("account:token_revoke", args=[token.pk]), headers={"accept-language": "fr"}, follow=True)
    assert "révoqué : il ne fonctionne plus" in page.content.decode()


def test_dates_follow_the_locale_and_machine_attributes_stay_iso(boss, superuser):
    from django.utils import timezone

    from articles.team_models import Notification

    when = timezone.make_aware(dt.datetime(2026, 3, 7, 9, 5))
    n = Notification.objects.create(recipient=superuser, kind=Notification.Kind.ASSIGNED, message="x")
    Notification.objects.filter(pk=n.pk).update(created_at=when)
    en = _get(boss, "team:notifications", [], "en")
    es = _get(boss, "team:notifications", [], "es")
    assert "2026-03-07 09:05" in en
    assert "07/03/2026 09:05" in es and "2026-03-07 09:05<" not in es
    assert 'datetime="2026-03-07T09:05:00' in es


def test_spanish_plurals(boss, superuser):
    from articles.team_models import Notification

    for _ in range(2):
        Notification.objects.create(recipient=superuser, kind=Notification.Kind.ASSIGNED, message="x")
    body = boss.get(reverse("team:bell"), headers={"accept-language": "es"}).content.decode()
    assert "Notificaciones, 2 sin leer" in body


def test_password_reset_email_in_the_users_language(client, superuser, mailoutbox):
    superuser.email = "boss@example.com"
    superuser.save()
    client.post(reverse("password_reset"), {"email": "boss@example.com"}, headers={"accept-language": "fr"})
    assert mailoutbox, "no email sent"
    mail = mailoutbox[-1]
    assert "Réinitialisez votre mot de passe" in mail.subject
    assert "Pour choisir un nouveau mot de passe" in mail.body and "To choose a new password" not in mail.body
