"""Per-language sentence-boundary settings for ``segment.py`` (pure Python, data only).

``segment.py`` asks sentencex for boundary candidates (on an ASCII-folded copy of each line),
then applies the rules below at every boundary it was given: a boundary is undone ("joined")
when the text before it ends with an abbreviation that cannot end a sentence, and a few
boundaries sentencex misses are added ("split"). Each language is one ``SegmentRules``, declared
in its module of the language registry (``articles/text/languages/<code>.py``, its ``segment``);
``rules_for(code)`` finds the one for any code ("pt-BR" -> pt; a language without a module gets
a generic rule set that still splits). ``RULES`` / ``SUPPORTED`` are the registry's, read when
asked.

Abbreviations are written without their final period. An entry in lower case matches the
word in any case; an entry with a capital matches only that spelling (French "M" is
"Monsieur" but "m." is a metre).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import base_code

# also RULES and SUPPORTED, read from the registry when asked (module __getattr__ below)
__all__ = ["GENERIC", "SegmentRules", "generic_rules", "rules_for"]


@dataclass(frozen=True, slots=True)
class SegmentRules:
    language: str
    # sentencex language code used for the candidate boundaries (chosen by measurement on the
    # tests' sentences: sentencex's own Spanish/Italian/Portuguese lists hold words such as
    # "bien", "en", "de" that often end a sentence, so those languages use its English base).
    engine: str = "en"
    # never end a sentence: titles before a name ("Rep.", "Sr.", "Dott."), "z.B.", "vs."...
    titles: frozenset[str] = frozenset()
    # end a sentence only when the next word is a usual sentence opener ("Acme Corp. The ...")
    soft: frozenset[str] = frozenset()
    # two-token abbreviations that never end a sentence ("z. B.") or may ("EE. UU.")
    pairs: frozenset[str] = frozenset()
    pairs_open: frozenset[str] = frozenset()  # of ``pairs``, those that never end a sentence
    # a time abbreviation ("a.m.") ends a sentence unless a weekday, month or time zone follows
    times: frozenset[str] = frozenset()
    time_followers: frozenset[str] = frozenset()
    # words that open sentences: after a soft abbreviation they mean a new sentence
    starters: frozenset[str] = frozenset()
    # ordinal numbers written "31." (German): no boundary before a month, or after one of these words
    ordinals: bool = False
    months: frozenset[str] = frozenset()
    ordinal_before: frozenset[str] = frozenset()
    # never end a sentence before a number ("No. 2", "Mar. 23", "párrf. 5", "S. 225")
    before_number: frozenset[str] = frozenset()
    # a sentence always opens with these marks after a terminator ("km/h. ¿En cuánto ...")
    openers: str = ""
    # a quoted question or exclamation stays with a following "Name verb." attribution
    reporting_verbs: frozenset[str] = frozenset()
    # a period sentencex does not split at, but should (e.g. "no." followed by a capital word)
    split_after: frozenset[str] = field(default_factory=frozenset)
    # derived: every word before a period that needs a closer look (titles, soft, times)
    dot_keys: frozenset[str] = field(init=False, default=frozenset())
    # derived: the tokens that make up ``pairs`` and two-token ``times`` ("EE.", "UU.", "z.", "B.")
    pair_tokens: frozenset[str] = field(init=False, default=frozenset())
    split_needles: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        keys = self.titles | self.soft | self.before_number | {t for t in self.times if " " not in t}
        object.__setattr__(self, "dot_keys", frozenset(keys))
        tokens = {tok for pair in self.pairs | self.times for tok in pair.split() if " " in pair}
        object.__setattr__(self, "pair_tokens", frozenset(tokens))
        object.__setattr__(self, "split_needles", tuple(f"{w}. " for w in sorted(self.split_after)))


GENERIC = SegmentRules(
    language="und",
    titles=frozenset(("dr", "prof", "mr", "mrs", "ms", "st")),
    starters=frozenset(),
)

_CODE = re.compile(r"[a-z]{2,3}")


def generic_rules(code: str | None) -> SegmentRules:
    """The rules of a language without its own (the registry's generic fallback, built once per
    code by ``languages.generic``): ``GENERIC``'s few abbreviations, and the code handed on to
    sentencex when it is well formed (sentencex has lists, and fallbacks, for many languages)."""
    base = base_code(code)
    engine = base if _CODE.fullmatch(base) else "en"
    return SegmentRules(
        language=base or "und", engine=engine, titles=GENERIC.titles, starters=GENERIC.starters
    )


_cache: dict[object, SegmentRules] = {}


def _forget() -> None:
    _cache.clear()


def rules_for(code: str | None) -> SegmentRules:
    """The rules for a language code ("en", "pt-BR", "de_AT"...): its module's in the language
    registry, or the generic ones; no code means English. Looked up once per code (a dict hit)."""
    rules = _cache.get(code)
    if rules is None:
        from . import languages

        if not _cache:
            languages.on_change(_forget)
        rules = languages.get(code or "en").segment
        if len(_cache) < 1024:
            _cache[code] = rules
    return rules


def __getattr__(name: str):
    # the registry's languages, read when asked (not at import: the language modules import this one)
    if name == "RULES":
        from . import languages

        return {lang.code: lang.segment for lang in languages.languages()}
    if name == "SUPPORTED":
        from . import languages

        return frozenset(languages.supported())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
