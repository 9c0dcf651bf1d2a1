"""The language registry (articles/text/languages/): one module per language, found by discovery,
read by the segmenter, speaker attribution, check-worthiness, articles/languages.py and search.

The key test adds a language (Dutch) as a module only, in a temporary directory put on the
package's path, and checks that segmentation, speakers and cues use it with no other edit."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from articles import languages as ui_languages
from articles.text import checkworthiness as cw
from articles.text import languages as registry
from articles.text import segment_data, speaker
from articles.text.language import base_code
from articles.text.languages import Cues, Language
from articles.text.pipeline import build_claims
from articles.text.segment import segment

SEVEN = ("en", "es", "fr", "de", "pt", "it", "ar")


def _sentences(text: str, language: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text, language)]


# ------------------------------------------------------------------ the registered languages


def test_the_seven_languages_are_found_by_discovery_in_list_order():
    assert registry.supported() == SEVEN
    assert [lang.code for lang in registry.languages()] == list(SEVEN)
    assert ui_languages.FULL_SUPPORT == SEVEN
    assert [code for code, _ in ui_languages.choices()] == list(SEVEN)


@pytest.mark.parametrize("code", SEVEN)
def test_every_registered_language_has_all_its_parts(code):
    lang = registry.get(code)
    assert lang.supported and lang.code == code
    assert lang.problems() == []
    assert lang.name and lang.native_name
    # segmentation: its own rules, with abbreviations and reporting verbs
    assert isinstance(lang.segment, segment_data.SegmentRules) and lang.segment.language == code
    assert lang.segment.titles and lang.segment.reporting_verbs
    assert segment_data.rules_for(code) is lang.segment
    # speakers: reporting verbs (or, for Arabic, a finder of its own) and quotation marks
    assert isinstance(lang.speaker, speaker.SpeakerRules) and lang.speaker.language == code
    assert lang.speaker.verbs or lang.speaker.finder is not None
    assert lang.speaker.open_quotes and lang.speaker.close_quotes
    assert speaker.rules_for(code) is lang.speaker
    # check-worthiness: cue words (English's are checkworthiness.py's own) and a model that exists
    if lang.cues.builtin:
        assert code == "en" and all(cw._CUE_WORDS.values())
    else:
        cues = lang.cues
        assert cues.numbers and cues.percent and cues.money and cues.comparison
        assert cues.attribution and cues.dates and cues.stamp_words
        assert cw._cue_table(code).bits
    assert lang.model in (code, "multi")
    assert cw.model_language(code) == lang.model
    assert cw.model_path(lang.model).is_file()
    assert code in cw.CUE_LANGUAGES
    # search: a configuration
    assert lang.search_config


def test_names_and_direction():
    assert registry.get("ar").direction == "rtl" and registry.get("ar").rtl
    assert all(registry.get(c).direction == "ltr" for c in SEVEN if c != "ar")
    assert ui_languages.name("de") == "German" and ui_languages.native_name("de") == "Deutsch"
    assert ui_languages.direction("ar") == "rtl" and ui_languages.direction("fr") == "ltr"
    # a language without a module: Django's names and direction
    assert ui_languages.name("nl") == "Dutch" and ui_languages.native_name("nl") == "Nederlands"
    assert ui_languages.direction("he") == "rtl" and ui_languages.direction("qq") == "ltr"


def test_model_languages_and_search_configs_come_from_the_modules():
    assert cw.MODEL_LANGUAGES == ("en", "es", "ar") == registry.model_languages()
    assert set(cw.CUE_LANGUAGES) == set(SEVEN)
    from articles.models import SEARCH_LANGUAGES

    assert SEARCH_LANGUAGES == registry.search_configs()


def _latest_search_migration():
    """The last migration that builds the search vector per language (0015 today)."""
    import pkgutil

    import articles.migrations

    found = None
    for info in sorted(pkgutil.iter_modules(articles.migrations.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"articles.migrations.{info.name}")
        if hasattr(module, "SEARCH_CONFIGS"):
            found = module
    return found


def test_search_configs_agree_with_the_migration_that_builds_the_vectors():
    """A language module with a search configuration of its own needs a migration that rebuilds
    the search vector with it (like 0015): until there is one, this fails."""
    migration = _latest_search_migration()
    assert migration is not None and migration.__name__ >= "articles.migrations.0015"
    assert registry.search_configs() == migration.SEARCH_CONFIGS
    assert registry.GENERIC_SEARCH_CONFIG == migration.FALLBACK


# ------------------------------------------------------------------ codes and the fallback


@pytest.mark.parametrize(
    ("asked", "code"), [("pt-BR", "pt"), ("PT", "pt"), (" de_AT ", "de"), ("fr-CA", "fr"), ("ES", "es")]
)
def test_codes_are_normalised_with_base_code(asked, code):
    assert registry.get(asked) is registry.get(code)
    assert segment_data.rules_for(asked) is registry.get(code).segment
    assert speaker.rules_for(asked) is registry.get(code).speaker
    assert cw.model_language(asked) == registry.get(code).model
    assert ui_languages.supported(asked)


@pytest.mark.parametrize("code", ["nl", "sw", "zz-XX", "x1"])
def test_an_unknown_language_gets_the_generic_fallback_and_says_unsupported(code):
    lang = registry.get(code)
    assert not lang.supported and not registry.is_supported(code) and not ui_languages.supported(code)
    assert lang.code == base_code(code)
    assert lang.speaker is speaker.GENERIC and speaker.rules_for(code) is speaker.GENERIC
    assert lang.model == "multi" and cw.model_language(code) == "multi"
    assert lang.search_config == "fc_simple" and not lang.cues.listed
    assert lang.segment is segment_data.rules_for(code) and lang.segment.titles == segment_data.GENERIC.titles
    # it still splits, with the generic abbreviations kept
    assert _sentences("Dr. Smit kwam gisteren. Hij bleef twee uur.", code) == [
        "Dr. Smit kwam gisteren.",
        "Hij bleef twee uur.",
    ]
    # and the cues that need no word list still count
    assert set(cw.cues("Het steeg met 5% in 2020.", code)) >= {"number", "percentage", "date"}


def test_no_language_is_english_for_the_segmenter_and_unknown_elsewhere():
    assert segment_data.rules_for(None) is registry.get("en").segment
    assert segment_data.rules_for("") is registry.get("en").segment
    assert registry.get(None).code == "und" and not registry.get("").supported
    assert speaker.rules_for(None) is speaker.GENERIC


def test_a_declaration_with_a_missing_or_wrong_part_is_refused():
    de = registry.get("de")
    bad = Language(
        code="xx", name="X", native_name="X", segment=de.segment, speaker=de.speaker, cues=Cues(), model="es"
    )
    problems = " ".join(bad.problems())
    assert "segment rules" in problems and "speaker rules" in problems and "no cue words" in problems
    assert "model" in problems
    with pytest.raises(ValueError):
        registry.register(bad)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(de)
    assert not registry.is_supported("xx")


# ------------------------------------------------------------------ a new language is a new module

_DUTCH = '''
"""Dutch: a few abbreviations, one reporting verb, one percent word (written by a test)."""

from ..segment_data import SegmentRules
from ..speaker import language_rules
from .base import Cues, Language

LANGUAGE = Language(
    code="nl",
    name="Dutch",
    native_name="Nederlands",
    segment=SegmentRules(language="nl", engine="nl", titles=frozenset({"mevr", "weth"})),
    speaker=language_rules("nl", verbs=("zei",), open_quotes="“„", close_quotes="”"),
    cues=Cues(percent=("procent",)),
)
'''

TEXT = "Volgens mevr. Jansen daalde de werkloosheid. “Dat klopt niet”, zei Pietersen. Het steeg met tien procent."


@pytest.fixture
def dutch_module(tmp_path, monkeypatch):
    """nl.py in a temporary directory on the package's path, found by discovery; removed after."""
    (tmp_path / "nl.py").write_text(textwrap.dedent(_DUTCH), encoding="utf-8")
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    try:
        yield tmp_path
    finally:
        registry.unregister("nl")
        sys.modules.pop(f"{registry.__name__}.nl", None)


def _claims(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(d.text, d.speaker, d.cues) for d in build_claims(text, language="nl")]


def test_a_new_language_added_as_a_module_is_used_by_segmentation_speakers_and_cues(dutch_module):
    # before: Dutch has no module, so the generic fallback
    before = _claims(TEXT)
    assert [t for t, _, _ in before] == [
        "Volgens mevr.",
        "Jansen daalde de werkloosheid.",
        "“Dat klopt niet”, zei Pietersen.",
        "Het steeg met tien procent.",
    ]
    assert all(who == "" for _, who, _ in before)
    assert "percentage" not in before[-1][2]
    assert not ui_languages.supported("nl")

    assert registry.discover() == ("nl",)  # the module on the path, nothing else

    after = _claims(TEXT)
    # segmentation: the abbreviation it declares does not end a sentence
    assert [t for t, _, _ in after] == [
        "Volgens mevr. Jansen daalde de werkloosheid.",
        "“Dat klopt niet”, zei Pietersen.",
        "Het steeg met tien procent.",
    ]
    assert _sentences("De weth. Bakker sprak. Daarna niemand.", "nl-BE") == [
        "De weth. Bakker sprak.",
        "Daarna niemand.",
    ]
    # speakers: its reporting verb attributes the quotation
    assert after[1][1] == "Pietersen"
    # cues: its percent word sets the percentage cue
    assert "percentage" in after[2][2]
    assert cw.score("Het steeg met tien procent.", "nl").cues == ("percentage",)
    # and everything else that lists languages knows it
    assert registry.is_supported("nl") and ui_languages.supported("nl-NL")
    assert "nl" in registry.supported() and "nl" in segment_data.SUPPORTED and "nl" in cw.CUE_LANGUAGES
    assert ("nl", "Dutch") in ui_languages.choices()
    assert ui_languages.native_name("nl") == "Nederlands"
    assert cw.model_language("nl") == "multi"

    # taken away again: the caches built from the registry forget it
    registry.unregister("nl")
    assert _claims(TEXT) == before
    assert not ui_languages.supported("nl") and "nl" not in cw.CUE_LANGUAGES


def test_a_module_must_declare_its_own_language(tmp_path, monkeypatch):
    (tmp_path / "nl.py").write_text(
        textwrap.dedent(_DUTCH).replace('code="nl"', 'code="fy"'), encoding="utf-8"
    )
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    try:
        with pytest.raises(ValueError, match="declares the language 'fy'"):
            registry.discover()
        assert not registry.is_supported("nl") and not registry.is_supported("fy")
    finally:
        sys.modules.pop(f"{registry.__name__}.nl", None)
