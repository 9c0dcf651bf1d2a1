"""An article's language and its claims' (articles/languages.py): decided at import, used by the
pipeline, corrected by an editor (re-split, reviewed claims kept)."""

import pytest

from articles import languages, services
from articles.models import Article, Claim, History, Verdict
from articles.policy import SYSTEM, Denied
from articles.text import readers

FRENCH = (
    "Le gouvernement annonce un plan de relance\n\n"
    "Le ministre de l'Économie a présenté mardi un plan de 30 milliards d'euros. "
    "« Nous allons créer 200 000 emplois d'ici à 2026 », a déclaré M. Dupont devant les députés. "
    "Selon l'Insee, le chômage a baissé de 0,3 point au dernier trimestre."
)
ENGLISH_WITH_SPANISH_QUOTE = (
    "Mexico's president defends the reform\n\n"
    "The president spoke to reporters on Monday about the energy reform. "
    "“La reforma eléctrica no va a aumentar los precios de la luz para las familias mexicanas”, he said. "
    "Critics say the reform will raise prices for households across the country."
)


def _import(text: str) -> Article:
    outcome = next(iter(services.articles_import(items=readers.read_paste(text), created_by=SYSTEM)))
    assert outcome.status == "imported", outcome
    return outcome.article


def test_normalise():
    assert languages.normalise("pt-BR") == "pt" and languages.normalise("FR_ca") == "fr"
    assert languages.normalise("") == "" and languages.normalise("english") == "" and languages.normalise("../x") == ""


def test_detected_language_beats_a_wrong_declaration():
    assert languages.article_language(FRENCH, "en") == "fr"


def test_declared_language_when_the_detector_is_unsure():
    assert languages.article_language("OK.", "de") == "de"
    assert languages.article_language("OK.", "") == "en"
    assert languages.article_language("OK.", "pt-BR") == "pt"


def test_a_quotation_in_another_language_is_marked():
    sentences = [
        "“La reforma eléctrica no va a aumentar los precios de la luz para las familias mexicanas”, he said.",
        "Critics say the reform will raise prices for households across the country.",  # no quote: not looked at
        "“Yes,” he said.",  # too short to tell
        "“We will not raise prices for families across the country,” he said.",  # the article's own
    ]
    assert languages.claim_languages(sentences, "en") == ["es", "", "", ""]


def test_support():
    assert all(languages.supported(c) for c in ("en", "es", "fr", "de", "pt", "it", "ar"))
    assert not languages.supported("sq") and languages.name("fr") == "French" and languages.name("qq") == "qq"


@pytest.mark.django_db
def test_import_detects_the_language_and_splits_in_it():
    article = _import(FRENCH)
    assert article.language == "fr"
    texts = list(article.claims.order_by("position").values_list("text", "speaker"))
    # "M. Dupont" does not end a sentence in French, and the « » quotation has its speaker
    quote = next((t, s) for t, s in texts if t.startswith("« Nous"))
    assert quote[0].endswith("devant les députés.") and quote[1] == "Dupont"


@pytest.mark.django_db
def test_claim_language_is_detected_in_the_background_job():
    article = _import(ENGLISH_WITH_SPANISH_QUOTE)
    assert article.language == "en"
    ids = list(article.claims.values_list("pk", flat=True))
    assert languages.claims_detect_language(ids) == 1
    quoted = Claim.objects.get(article=article, text__startswith="“La reforma")
    assert quoted.language == "es"
    assert set(article.claims.exclude(pk=quoted.pk).values_list("language", flat=True)) == {""}
    assert languages.claims_detect_language(ids) == 0  # idempotent


@pytest.mark.django_db
def test_an_editor_corrects_the_language_and_the_article_is_split_again(editor, reviewer, ratings):
    article = _import(FRENCH)
    Article.objects.filter(pk=article.pk).update(language="en")  # as if stored wrongly
    article.refresh_from_db()
    reviewed = article.claims.order_by("position").last()
    Verdict.objects.create(claim=reviewed, reviewer=reviewer, rating=ratings["true"])
    result = services.article_set_language(article=article, language="fr-FR", actor=editor)
    article.refresh_from_db()
    assert article.language == "fr" and result.kept >= 1
    assert Claim.objects.filter(pk=reviewed.pk).exists()  # review work kept
    entry = History.objects.filter(entity="article", object_id=article.pk, changes__has_key="language").get()
    assert entry.changes == {"language": ["en", "fr"]} and entry.actor == editor


@pytest.mark.django_db
def test_language_correction_refusals(editor, reviewer):
    article = _import(FRENCH)
    with pytest.raises(Denied):
        services.article_set_language(article=article, language="es", actor=reviewer)
    with pytest.raises(services.ServiceError, match="not a language code"):
        services.article_set_language(article=article, language="French!", actor=editor)
    with pytest.raises(services.ServiceError, match="already in French"):
        services.article_set_language(article=article, language="fr", actor=editor)
