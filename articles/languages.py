"""An article's language and its claims' (issue 14): decided at import, shown, filterable, correctable.

* **The article**: the language detected from its text (``text/language.detect``, py3langid's
  bundled model) when the detector is sure (probability >= ``TRUST_DETECTED``): pages often
  declare their site's default (``<html lang="en">`` on a French story); otherwise the language the
  source declared (``<html lang>``, a record's ``language``); otherwise what the detector
  returned with less confidence; otherwise English. Stored as a lower-case ISO 639 code; the
  region is dropped ("pt-BR" -> "pt").
* **A claim** whose language differs from its article's, e.g. a quotation in the original
  language inside a translated story: only sentences that hold a quotation mark and at least
  ``CLAIM_MIN_LETTERS`` letters are looked at (detection costs ~60 µs a sentence: every sentence
  would halve the pipeline's speed), and only a sure detection (>= ``TRUST_DETECTED``) that
  differs is kept. Empty means "the article's language".
* **Support**: a language has full support when it has a module in the language registry
  (``articles/text/languages/<code>.py``: its segmentation and speaker rules, check-worthiness
  cues, model and search configuration; ``supported``: en, es, fr, de, pt, it, ar today); a
  check-worthiness model of its own exists for en, es and ar (``has_own_model``), the others are
  scored by the multilingual model; any other language is split with the generic rules and the
  article page says so. Names, native names and the writing direction come from the registry too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import checkworthiness
from .text import language as detector
from .text import languages as registry
from .text.language import base_code, is_valid_code

TRUST_DETECTED = 0.9
CLAIM_MIN_LETTERS = 40
# the languages with a module of their own, in list order (filters, the correction form)
FULL_SUPPORT: tuple[str, ...] = registry.supported()
_QUOTES = re.compile(r"[\"“”„«»‹›‘’「」]")


def normalise(code: str | None) -> str:
    """ "pt-BR" -> "pt", "EN" -> "en"; "" for anything that is not a language code."""
    base = base_code(code)
    return base if is_valid_code(base) else ""


def article_language(text: str, declared: str | None = "") -> str:
    """The language to store for an article of ``text`` that its source says is ``declared``."""
    declared = normalise(declared)
    code, p = detector.detect(text)
    if code and p >= TRUST_DETECTED:
        return code
    return declared or code or "en"


def claim_languages(sentences: Sequence[str], article_language: str) -> list[str]:
    """For each sentence, its language when it is surely not the article's, else ""."""
    out = []
    for s in sentences:
        lang = ""
        if _QUOTES.search(s) and sum(ch.isalpha() for ch in s) >= CLAIM_MIN_LETTERS:
            code, p = detector.detect(s)
            if code and p >= TRUST_DETECTED and code != article_language:
                lang = code
        out.append(lang)
    return out


def supported(code: str) -> bool:
    """Whether ``code`` has its own segmentation and speaker rules and check-worthiness cues
    (its check-worthiness model may still be the multilingual one: ``has_own_model``)."""
    return registry.is_supported(normalise(code))


def has_own_model(code: str) -> bool:
    """Whether ``code`` has a check-worthiness model trained on its own language."""
    return checkworthiness.supported(normalise(code))


def name(code: str) -> str:
    """The language's English name ("French"): its module's, else Django's (which names many more
    languages), else the code itself."""
    language = registry.get(normalise(code))
    if language.supported:
        return language.name
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(normalise(code))
    return info["name"] if info else code


def native_name(code: str) -> str:
    """The language's name in itself ("Français"), or its English :func:`name` when not known."""
    language = registry.get(normalise(code))
    if language.supported:
        return language.native_name
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(normalise(code))
    return info["name_local"] if info else name(code)


def direction(code: str) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"."""
    language = registry.get(normalise(code))
    if language.supported:
        return language.direction
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(normalise(code))
    return "rtl" if info and info.get("bidi") else "ltr"


def choices() -> list[tuple[str, str]]:
    """(code, name) of the fully supported languages, for filters and the correction form."""
    return [(c, name(c)) for c in registry.supported()]


def claims_detect_language(claim_ids) -> int:
    """Store the language of each of these claims that is surely not its article's (a quotation
    in the original language); run in the background ``match_claims`` job after an import, so
    the import itself pays nothing for it. Returns how many claims got a language."""
    from .models import Claim

    ids = list(claim_ids)
    found = 0
    for start in range(0, len(ids), 2000):
        rows = list(
            Claim.objects.filter(pk__in=ids[start : start + 2000]).values_list(
                "pk", "text", "article__language"
            )
        )
        by_lang: dict[str, list[int]] = {}
        for pk, text, article_lang in rows:
            lang = claim_languages([text], normalise(article_lang) or "en")[0]
            if lang:
                by_lang.setdefault(lang, []).append(pk)
        for lang, pks in by_lang.items():
            found += Claim.objects.filter(pk__in=pks).exclude(language=lang).update(language=lang)
    return found
