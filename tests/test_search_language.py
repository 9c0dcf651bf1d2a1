"""Full-text search in each article's own language (migration 0016; PostgreSQL), and what SQLite does."""

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


def _article(title: str, text: str, language: str, n: int) -> Article:
    return Article.objects.create(title=title, text=text, language=language, content_hash=f"h{n}")


@pytest.fixture
def articles(db):
    return {
        "es": _article("Elecciones en Madrid", "La política de vivienda dominó las elecciones regionales.", "es", 1),
        "fr": _article("Élection à Lyon", "Les élections municipales ont été reportées à cause de la pandémie.", "fr", 2),
        "de": _article("Wahl in Berlin", "Die Wahlbeteiligung lag bei 63 Prozent, sagte der Landeswahlleiter.", "de", 3),
        "en": _article("Housing vote", "Voters rejected the housing measures by a wide margin.", "en", 4),
        "pt": _article("Eleições em Lisboa", "A participação eleitoral caiu para 51 por cento.", "pt", 5),
        "xx": _article("Zgjedhjet", "Zgjedhjet lokale u shtyn për shkak të pandemisë.", "sq", 6),
    }


def _found(term: str) -> set[str]:
    return set(Article.objects.search(term).values_list("language", flat=True))


postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


@postgres
def test_each_language_is_stemmed_in_its_own_configuration(articles):
    assert "es" in _found("elección")  # Spanish stem: elecciones / elección
    assert "fr" in _found("élections")
    assert "en" in _found("measure")  # English stem: measures
    assert "de" in _found("Wahlbeteiligung")


@postgres
def test_accents_are_ignored_where_the_language_wants_it(articles):
    assert "es" in _found("politica")  # typed without the accent
    assert "fr" in _found("pandemie")
    assert "pt" in _found("participacao")
    assert "sq" in _found("pandemise")  # other languages: the unaccented simple configuration


@postgres
def test_english_words_do_not_match_by_accident(articles):
    assert _found("housing") == {"en"}
    assert _found("zzzunknown") == set()


@postgres
def test_the_vector_follows_a_corrected_language(articles):
    art = articles["es"]
    Article.objects.filter(pk=art.pk).update(language="en")
    # stemmed as English now: the Spanish stem no longer applies, the exact word still does
    assert "en" in _found("elecciones")


def test_sqlite_and_postgresql_both_find_the_exact_word(articles):
    assert "es" in _found("vivienda") and "de" in _found("Prozent")


@postgres
def test_an_exclusion_holds_in_the_articles_own_language(articles):
    # "measures" is stemmed "measur" in English and kept whole by other configurations: the
    # English article holds "measures", so "-measures" must exclude it whatever the other parses say
    assert "en" in _found("housing")
    assert "en" not in _found("housing -measures")
    assert "es" not in _found("vivienda -elecciones")


@postgres
def test_stopwords_only_find_nothing(articles):
    assert _found("the of and") == set()


@postgres
def test_ranked_search_finds_the_same_articles(articles):
    ranked = set(Article.objects.search("elecciones", rank=True).values_list("language", flat=True))
    assert ranked == _found("elecciones") and "es" in ranked


sqlite = pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's own search")


def test_sqlite_reads_the_query_as_postgresql_does():
    from articles.models import sqlite_search_terms

    assert sqlite_search_terms('housing "wide margin" -vote or elecciones') == [
        [("hous", False), ("wide margin", False), ("vote", True)],
        [("eleccion", False)],
    ]
    assert sqlite_search_terms("vaccines elections") == [[("vaccin", False), ("election", False)]]
    assert sqlite_search_terms("-only -exclusions") == []


def test_words_apart_stems_phrases_and_exclusions_on_both_databases(articles):
    # every word, anywhere in the article (not the words as one substring)
    assert "en" in _found("voters housing")
    assert "en" in _found("rejects")  # "rejected" shares the stem
    assert "en" not in _found('"housing margin"')  # a phrase is kept whole
    assert "en" in _found('"housing measures"')
    assert "en" not in _found("housing -margin")
    assert _found("housing or vivienda") >= {"en", "es"}
