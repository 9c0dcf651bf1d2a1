"""The service layer's refusals in the newsroom's language (issue 14): a ServiceError raised by
services.py, team.py, uploads.py, intake.py, comments.py or webhooks.py reads in Spanish or French
when that language is active (a request's Accept-Language or the user's choice), and stays
exactly the English text it always was otherwise (command-line output, tests, API clients that
ask for no language). And the catalogs: every msgid of locale/es and locale/fr is translated,
none fuzzy, each translation keeps its msgid's placeholders, and the committed .mo files say what
the .po files say."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from articles import comments, intake, policy, services, team, uploads, webhooks
from articles.models import Rating, Verdict
from articles.services import ServiceError

pytestmark = pytest.mark.django_db


def _refusal(call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value


# ----------------------------------------------------------------------------- the service layer


def test_a_services_refusal_in_spanish_and_french_and_english_by_default(seeded):
    claim = seeded[0].claims.order_by("position").first()
    dismiss = lambda: services.claim_dismiss(claims=[claim], reason="  ", actor=policy.SYSTEM)
    with translation.override("es"):
        assert (
            _refusal(dismiss).message
            == "indica por qué se descarta (opinión, no verificable, duplicada o un motivo propio)"
        )
    with translation.override("fr"):
        assert (
            _refusal(dismiss).message
            == "indiquez pourquoi l’écarter (opinion, invérifiable, doublon ou votre propre motif)"
        )
    assert (
        _refusal(dismiss).message
        == "give a reason for dismissing (opinion, not checkable, duplicate or your own)"
    )


def test_placeholders_are_filled_in_the_translation(seeded):
    """Named placeholders: the translation puts the values where its grammar wants them."""
    claims = list(seeded[0].claims.order_by("position"))
    first, second = claims[0], claims[1]
    overlap = lambda: services.claim_set_bounds(
        claim=second, start=first.start, end=second.end, actor=policy.SYSTEM
    )
    with translation.override("es"):
        assert _refusal(overlap).message == (
            f"el inicio {first.start} se solapa con la afirmación n.º {first.position} (termina en {first.end})"
        )
    assert (
        _refusal(overlap).message
        == f"the start {first.start} overlaps claim #{first.position} (it ends at {first.end})"
    )


def test_a_claim_with_verdicts_is_refused_in_the_editors_language(seeded, reviewer, ratings):
    claim = seeded[0].claims.order_by("position").first()
    services.verdict_save(
        claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="ok", version=None
    )
    assert Verdict.objects.filter(claim=claim).exists()
    split = lambda: services.claim_split(claim=claim, at=claim.start + 1, actor=policy.SYSTEM)
    with translation.override("fr"):
        assert _refusal(split).message == (
            f"l’affirmation nº {claim.position} a des évaluations : son texte ne peut pas être scindé tant qu’elle en a"
        )
    assert (
        _refusal(split).message
        == f"claim #{claim.position} has verdicts: its text cannot be split under them"
    )


def test_numbers_follow_the_locale_and_stay_english_by_default(editor):
    text = "x" * (services.CLAIM_LOG_MAX_CHARS + 1)
    log = lambda: services.claim_log(text=text, speaker="", created_by=editor)
    n, limit = services.CLAIM_LOG_MAX_CHARS + 1, services.CLAIM_LOG_MAX_CHARS
    assert _refusal(log).message.startswith(f"the claim is {n:,} characters long, over the {limit:,} limit: ")
    with translation.override("fr"):
        fr = _refusal(log).message
    assert fr.startswith("l’affirmation fait ") and f"{n:,}" not in fr
    assert f"{n:,}".replace(",", "\xa0") in fr


def test_a_team_refusal_in_spanish(superuser, ratings, reviewer):
    rating = ratings["true"]
    with translation.override("es"):
        assert (
            _refusal(team.rating_save, actor=superuser, label="  ").message
            == "una calificación necesita una etiqueta"
        )
        taken = _refusal(
            team.member_invite,
            actor=superuser,
            username="rev",
            email="x@example.com",
            role="reviewer",
            site=team.Site("x"),
        )
    assert (taken.message, taken.field) == ("el nombre de usuario «rev» ya está en uso", "username")
    assert _refusal(team.rating_save, actor=superuser, label="").message == "a rating needs a label"
    Rating.objects.exclude(pk=rating.pk).update(is_active=False)  # the last rating in use
    with translation.override("fr"):
        retire = _refusal(team.rating_set_active, actor=superuser, rating=rating, active=False)
    assert retire.message == "c’est le dernier verdict utilisé : ajoutez-en un autre avant de le retirer"


def test_a_used_rating_refusal_uses_the_plural_of_each_language(
    superuser, seeded, reviewer, reviewer2, ratings
):
    rating = ratings["false"]
    for who in (reviewer, reviewer2):
        claim = seeded[0].claims.order_by("position").first()
        services.verdict_save(claim=claim, reviewer=who, rating=rating, rationale="r", version=None)
    with translation.override("es"):
        es = _refusal(team.rating_delete, actor=superuser, rating=rating).message
    with translation.override("fr"):
        fr = _refusal(team.rating_delete, actor=superuser, rating=rating).message
    label = rating.label
    assert es == f"«{label}» es la calificación de 2 veredictos: retírala en su lugar"
    assert fr == f"« {label} » est le verdict de 2 évaluations : retirez-le plutôt"
    assert _refusal(team.rating_delete, actor=superuser, rating=rating).message == (
        f"“{label}” is the rating of 2 verdicts: retire it instead"
    )


def test_upload_and_url_intake_refusals_in_french(editor):
    bad_type = SimpleUploadedFile("notes.exe", b"x")
    with translation.override("fr"):
        err = _refusal(uploads.upload_import_start, upload=bad_type, created_by=editor)
        assert err.field == "file"
        assert err.message.startswith("type de fichier non pris en charge « .exe » ; attendu : .")
        lines = _refusal(intake.urls_parse, "https://example.org/a\nftp://example.org/b").message
        assert lines == "ligne 2 : 'ftp://example.org/b' n’est pas une URL http(s)"
        assert (
            _refusal(intake.urls_parse, "\n  \n").message
            == "aucune URL à importer : indiquez une URL http(s) par ligne"
        )
    assert (
        _refusal(intake.urls_parse, "ftp://example.org/b").message
        == "line 1: 'ftp://example.org/b' is not an http(s) URL"
    )


@override_settings(FACTCHECK_MAX_UPLOAD_BYTES=1024 * 1024)
def test_an_upload_over_the_limit_in_spanish_keeps_the_english_figures_by_default(editor):
    big = SimpleUploadedFile("big.txt", b"x" * (2 * 1024 * 1024 + 100_000))
    with translation.override("es"):
        es = _refusal(uploads.upload_import_start, upload=big, created_by=editor).message
    assert es == "el archivo pesa 2,1 MB, más que el límite de 1 MB por subida"
    big.seek(0)
    en = _refusal(uploads.upload_import_start, upload=big, created_by=editor).message
    assert en == "the file is 2.1 MB, over the 1 MB upload limit"


@override_settings(FACTCHECK_MAX_URLS=2)
def test_the_url_count_uses_plural_forms():
    urls = "\n".join(f"https://example.org/{i}" for i in range(3))
    with translation.override("es"):
        assert _refusal(intake.urls_parse, urls).message == "3 URL: se pueden importar como máximo 2 a la vez"
    assert _refusal(intake.urls_parse, urls).message == "3 URLs: at most 2 can be imported at once"


def test_comment_and_webhook_refusals_in_spanish(seeded, reviewer, editor):
    claim = seeded[0].claims.order_by("position").first()
    with translation.override("es"):
        assert (
            _refusal(comments.comment_add, claim=claim, author=reviewer, body="  ").message
            == "escribe algo primero"
        )
        assert (
            _refusal(webhooks.webhook_create, url="not a url", actor=editor).message
            == "introduce una URL http:// o https://"
        )
        events = _refusal(webhooks._check_events, ["nope"])  # no URL: its check would look the host up
    assert (events.message, events.field) == (
        f"evento desconocido 'nope'; elige entre {', '.join(webhooks.EVENTS)}",
        "events",
    )


def test_a_token_without_a_name_is_refused_in_french(reviewer):
    from articles.api.tokens import token_create

    with translation.override("fr"):
        assert (
            _refusal(token_create, user=reviewer, name=" ", actor=reviewer).message
            == "donnez un nom au jeton (à quoi il sert)"
        )
    assert (
        _refusal(token_create, user=reviewer, name=" ", actor=reviewer).message
        == "give the token a name (what it is for)"
    )


# ----------------------------------------------------------------------------- through the web


def test_a_refused_invitation_shows_the_french_text(client, superuser, reviewer):
    client.force_login(superuser)
    page = client.post(
        reverse("team:members"),
        {"username": "rev", "email": "new@example.com", "role": "reviewer"},
        headers={"accept-language": "fr"},
    )
    body = page.content.decode()
    assert "le nom d’utilisateur « rev » est déjà pris" in body
    assert "is taken" not in body


def test_the_users_language_choice_translates_a_refusal(client, editor, seeded):
    """The language chosen on the account page (the cookie) beats the browser's: a refused
    language correction reads in Spanish although the browser asks for French."""
    article = seeded[0]
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = client.post(
        reverse("articles:language", args=[article.pk]),
        {"language": article.language},
        headers={"accept-language": "fr"},
        follow=True,
    )
    body = page.content.decode()
    assert f"Idioma sin cambiar: el idioma del artículo ya es «Inglés» ({article.language})." in body


def test_the_same_refusal_stays_english_without_a_language(client, editor, seeded):
    article = seeded[0]
    client.force_login(editor)
    page = client.post(
        reverse("articles:language", args=[article.pk]), {"language": article.language}, follow=True
    )
    assert "Language not changed: the article is already in English (en)." in page.content.decode()


# ----------------------------------------------------------------------------- the catalogs

LOCALE = Path(settings.BASE_DIR) / "locale"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdif]")


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    quoted = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted)


def _entries(path: Path) -> list[dict]:
    """The .po file's live entries: msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    entries, current, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current and current.get("msgid") is not None:
                entries.append(current)
            current, key = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete: not shipped
        current = current if current is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(key, tuple):
                current["msgstr"][key[1]] += _unquote(line)
            else:
                current[key] += _unquote(line)
        else:
            word = line.split(" ", 1)[0]
            if word.startswith("msgstr["):
                key = ("msgstr", int(word[7:-1]))
                current["msgstr"][key[1]] = _unquote(line)
            elif word == "msgstr":
                key = ("msgstr", 0)
                current["msgstr"][0] = _unquote(line)
            else:
                key = word
                current[key] = _unquote(line)
    return [e for e in entries if e["msgid"] != ""]  # the header


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_every_msgid_is_translated_and_none_is_fuzzy(lang):
    entries = _entries(LOCALE / lang / "LC_MESSAGES" / "django.po")
    assert len(entries) > 800
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    assert not fuzzy, fuzzy
    assert not untranslated, untranslated
    plural = [e for e in entries if "msgid_plural" in e]
    assert plural and all(len(e["msgstr"]) == 3 for e in plural)  # nplurals=3 in both catalogs


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for e in _entries(LOCALE / lang / "LC_MESSAGES" / "django.po"):
        if "python-format" not in e["flags"]:
            continue
        wanted = set(_PLACEHOLDER.findall(e["msgid"])) | set(_PLACEHOLDER.findall(e.get("msgid_plural", "")))
        for text in e["msgstr"].values():
            got = set(_PLACEHOLDER.findall(text))
            # a singular form may leave out the count ("una hora"), never add an unknown name
            if not got <= wanted or (wanted - got) - {"count", "counter", "n"}:
                wrong.append((e["msgid"], text))
    assert not wrong, wrong


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_committed_mo_matches_the_po(lang):
    """`make messages` compiles the .mo; a .po edited without recompiling would ship stale text."""
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in _entries(folder / "django.po"):
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            if [catalog.get((key, i)) for i in sorted(e["msgstr"])] != [
                e["msgstr"][i] for i in sorted(e["msgstr"])
            ]:
                stale.append(e["msgid"])
        elif catalog.get(key) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert not stale, stale[:10]


def test_a_refused_url_reads_whole_in_the_editors_language_and_stays_english_in_logs():
    """The Add article form names a refused address in one language, not "est a loopback address"."""
    from articles import fetch

    with translation.override("fr"):
        assert intake.url_problem("http://127.0.0.1/x") == "refusée : 127.0.0.1 est une adresse de bouclage (loopback)"
        assert intake.url_problem("http://user:pw@example.com/") == (
            "'http://user:pw@example.com/': refusée : l’URL contient un nom d’utilisateur ou un mot de passe"
        )
    with translation.override("es"):
        assert intake.url_problem("http://[::ffff:10.0.0.1]/") == (
            "rechazada: ::ffff:10.0.0.1 es una dirección privada (IPv4 10.0.0.1 dentro de IPv6)"
        )
    assert intake.url_problem("http://127.0.0.1/x") == "refused: 127.0.0.1 is a loopback address"
    with translation.override("fr"):
        with pytest.raises(fetch.FetchError) as caught:
            fetch._target("http://user:pw@example.com/")
        # what job items, logs and webhook deliveries store stays English ("refused..." is matched)
        assert caught.value.message == "refused: the URL holds a user name or password"
        assert caught.value.localized() == "refusée : l’URL contient un nom d’utilisateur ou un mot de passe"


def test_the_api_answers_in_english_whatever_the_clients_language(editor):
    """API texts sit next to stable codes in integrations' logs: English, even with Accept-Language
    (the same service refusal is French on the web)."""
    import json

    from django.test import Client

    from articles.api.tokens import token_create

    secret = token_create(user=editor, name="t", actor=editor).secret
    answers = {}
    for language in ("fr", "es", "en"):
        response = Client().post(
            reverse("api:claim_log"),
            json.dumps({"text": "   ", "speaker": "The mayor"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert 400 <= response.status_code < 500, response.content
        answers[language] = json.dumps(response.json(), sort_keys=True)
    assert answers["fr"] == answers["es"] == answers["en"]
    assert "write the claim as it was said" in answers["en"]
    with translation.override("fr"):
        assert translation.gettext("write the claim as it was said") != "write the claim as it was said"
