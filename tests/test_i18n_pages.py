"""The main pages in Spanish and French: no key English phrase is left, the translation is
there, display dates follow the locale while machine attributes stay ISO, and English stays the
default."""

import datetime as dt

import pytest
from django.urls import reverse

from articles import policy, services

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


# ----------------------------------------------------------------------------- the review pages

# English phrases of the article page and its claim panel that must not be left in es/fr
REVIEW_ENGLISH = [
    "Your rating", "Save and next", "Add another source", "Editor tools", "Other reviewers’ verdicts",
    "Show the claim in the article text", "claims done", "Filter and sort the claims", "Correct the language",
    "Assign ticked claims to", "Merge with the next claim", "Change boundaries", "No changes yet",
    ">Unreviewed<", "check-worthiness 0", "Why this rating", "The claim in context",
]
REVIEW_EXPECTED = {
    "es": ["Tu calificación", "Guardar y siguiente", "Añadir otra fuente", "Herramientas de editor", "Sin revisar", "Corregir el idioma"],
    "fr": ["Votre verdict", "Enregistrer et suivante", "Ajouter une autre source", "Outils d’éditeur", "Non vérifiée", "Corriger la langue"],
}


def _left(body, phrases):
    return [phrase for phrase in phrases if phrase in body]


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_article_page_with_a_claim_has_no_english_left(boss, seeded, lang):
    article = seeded[0]
    claim = article.claims.order_by("position").first()
    body = boss.get(f"{reverse('articles:detail', args=[article.pk])}?claim={claim.pk}", headers={"accept-language": lang}).content.decode()
    assert f'lang="{lang}"' in body
    missing = [phrase for phrase in REVIEW_EXPECTED[lang] if phrase not in body]
    assert not missing, (lang, missing)
    assert not _left(body, REVIEW_ENGLISH), (lang, _left(body, REVIEW_ENGLISH))


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_claim_panel_fragment_has_no_english_left(boss, seeded, lang):
    claim = seeded[0].claims.order_by("position").first()
    body = boss.get(reverse("articles:claim", args=[claim.pk]), headers={"accept-language": lang, "hx-request": "true"}).content.decode()
    assert 'id="claim-panel"' in body
    missing = [phrase for phrase in REVIEW_EXPECTED[lang][:4] if phrase not in body]
    assert not missing, (lang, missing)
    assert not _left(body, REVIEW_ENGLISH), (lang, _left(body, REVIEW_ENGLISH))


def test_article_page_stays_english_by_default(boss, seeded):
    article = seeded[0]
    claim = article.claims.order_by("position").first()
    body = boss.get(f"{reverse('articles:detail', args=[article.pk])}?claim={claim.pk}", headers={"accept-language": "en"}).content.decode()
    assert "Save and next" in body and "Your rating" in body and ">Unreviewed<" in body
    assert "Guardar y siguiente" not in body


@pytest.mark.parametrize(
    ("lang", "expected", "english"),
    [
        ("es", ["Mi cola", "por revisar", "Todas las afirmaciones", "Guardar y siguiente", "Saltar o aplazar esta afirmación"], ["My queue", "left to review", "All claims", "Skip or defer this claim", "Put aside<"]),
        ("fr", ["Ma file", "à vérifier", "Toutes les affirmations", "Enregistrer et suivante", "Passer ou reporter cette affirmation"], ["My queue", "left to review", "All claims", "Skip or defer this claim", "Put aside<"]),
    ],
)
def test_queue_has_no_english_left(client, reviewer, seeded, lang, expected, english):
    client.force_login(reviewer)
    body = client.get(reverse("articles:queue"), headers={"accept-language": lang}).content.decode()
    assert 'id="claim-panel"' in body and "verdict-form" in body
    missing = [phrase for phrase in expected if phrase not in body]
    assert not missing, (lang, missing)
    assert not _left(body, english), (lang, _left(body, english))


def test_app_js_texts_come_translated_from_the_page(boss, seeded):
    """app.js reads its toasts, draft note and filter count from data-* attributes (no inline
    script under the CSP); the page carries them in the user's language."""
    article = seeded[0]
    es = boss.get(reverse("articles:detail", args=[article.pk]), headers={"accept-language": "es"}).content.decode()
    assert 'data-offline="Sin conexión con el servidor' in es
    assert 'data-count-shown="%(shown)s de %(total)s afirmaciones mostradas"' in es
    fr = boss.get(reverse("articles:detail", args=[article.pk]), headers={"accept-language": "fr"}).content.decode()
    assert 'data-server-error="Le serveur n’a pas pu le faire (HTTP %(status)s). Rien n’est perdu : réessayez."' in fr
    en = boss.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert 'data-forbidden="You are not allowed to do that."' in en


def test_view_messages_and_policy_reasons_are_translated(boss, reviewer, client, seeded):
    article = seeded[0]
    page = boss.post(reverse("articles:claims_assign", args=[article.pk]), {"assignee": ""}, headers={"accept-language": "es"}, follow=True)
    assert "Marca las afirmaciones que quieres asignar." in page.content.decode()
    # a refusal reason from articles/policy.py, shown in the panel
    claim = article.claims.order_by("position").first()
    client.force_login(reviewer)
    services.claim_dismiss(claims=[claim], reason="opinion", actor=policy.SYSTEM)
    body = client.get(reverse("articles:claim", args=[claim.pk]), headers={"accept-language": "fr", "hx-request": "true"}).content.decode()
    assert "Vous ne pouvez pas évaluer ici : cette affirmation est écartée ; un éditeur doit d’abord la rouvrir." in body
    # the stored reason stays English; it is shown translated
    claim.refresh_from_db()
    assert claim.dismissed_reason == "Opinion"
    assert "Écartée : Opinion." in body


def test_error_page_explanations_follow_the_language(rf):
    from django.core.exceptions import DisallowedHost
    from django.utils import translation

    from factcheck.errors import explain

    request = rf.get("/")
    with translation.override("fr"):
        title, problem, advice = explain(request, DisallowedHost("x"))
    assert problem.startswith("Ce serveur ne répond pas")
    assert (title, advice) == ("Adresse inconnue", "Utilisez l’adresse de l’atelier de vérification ; un administrateur l’inscrit dans ALLOWED_HOSTS.")
    assert explain(request, DisallowedHost("x"))[0] == "Unknown address"


def test_export_filter_errors_are_translated():
    import datetime as dt

    from django.utils import translation

    from articles.exports import ExportError, Filters

    with translation.override("es"), pytest.raises(ExportError, match="el intervalo de fecha del artículo termina"):
        Filters(published_from=dt.date(2026, 3, 2), published_to=dt.date(2026, 3, 1))
