"""What the text pipeline knows about one language: :class:`Language` and its :class:`Cues`.

A language module of this package (``en.py``, ``de.py``...) declares one ``LANGUAGE`` built from
these, and the registry (``articles/text/languages/__init__.py``) finds it. Pure Python, data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parts' types; imported by the language modules themselves
    from ..segment_data import SegmentRules
    from ..speaker import SpeakerRules

__all__ = ["GENERIC_SEARCH_CONFIG", "MULTI_MODEL", "NAMED_ENTITY_RULES", "Cues", "Language", "pairs", "words"]

#: the PostgreSQL text-search configuration of every language without one of its own (migration 0015)
GENERIC_SEARCH_CONFIG = "fc_simple"
#: the check-worthiness model of every language without one trained on its own data
MULTI_MODEL = "multi"
#: how the named-entity cue is read: a capitalised word inside the sentence, an acronym only
#: (German capitalises every noun), or never (Arabic has no capitals)
NAMED_ENTITY_RULES = ("capitalised", "acronyms", "none")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` split on white space: ``words("dos tres")`` -> ("dos", "tres")."""
    return tuple(text.split())


def pairs(text: str) -> frozenset[str]:
    """Two-token abbreviations, written with "_" for the space between them: "z._B." is "z. B."."""
    return frozenset(w.replace("_", " ") for w in text.split())


@dataclass(frozen=True, slots=True)
class Cues:
    """The words that set the check-worthiness cues (``checkworthiness.CUE_LABELS``) in one language.

    Entries are lower case and matched as tokens of two or more word characters, or as token
    bigrams ("por ciento", "mehr als"); French and Italian elisions are split first ("l'an" is
    "l an"). Digits, "%", currency signs next to a number and numeric dates need no list: they
    count in every language.
    """

    numbers: tuple[str, ...] = ()  # numbers written as words ("zwanzig", "millones")
    percent: tuple[str, ...] = ()  # "prozent", "por ciento"
    money: tuple[str, ...] = ()  # currencies ("euros", "reais")
    comparison: tuple[str, ...] = ()  # "mayor", "mehr als"
    attribution: tuple[str, ...] = ()  # "dijo", "según", "nach angaben"
    dates: tuple[str, ...] = ()  # months, weekdays, "ayer", "el año"; without them a year is a date
    # page timestamps ("Stand: 28.04.2020 18:00 Uhr"): the words such a line may hold besides
    # dates, times and numbers, and the date words above that never make one ("heute")
    stamp_words: tuple[str, ...] = ()
    not_stamp_dates: tuple[str, ...] = ()
    named_entities: str = "capitalised"  # one of NAMED_ENTITY_RULES
    # the lists live in checkworthiness.py itself (English: the base the others extend, read on
    # the English model's own fast path); the fields above are then empty
    builtin: bool = False

    def __post_init__(self) -> None:
        if self.named_entities not in NAMED_ENTITY_RULES:
            raise ValueError(
                f"named_entities must be one of {NAMED_ENTITY_RULES}, not {self.named_entities!r}"
            )

    @property
    def listed(self) -> bool:
        """Whether any cue word is listed (a language without lists reads digits and signs only)."""
        return bool(
            self.numbers or self.percent or self.money or self.comparison or self.attribution or self.dates
        )


@dataclass(frozen=True, eq=False)
class Language:
    """Everything the text pipeline knows about one language.

    ``model`` is the check-worthiness model that scores it: the language's own code when a model
    was trained on its data (``checkworthiness_model.json`` for English, ``models/cw_<code>.json``
    for the others, written by ``tools/train_checkworthiness.py``), else ``"multi"`` (cue
    features and length only). ``search_config`` is the PostgreSQL text-search configuration its
    articles are indexed with; one other than ``fc_simple`` needs a migration that rebuilds the
    search vector (see migration 0015), and ``tests/test_language_registry.py`` checks the two agree.
    ``order`` places it in language lists (filters, the correction form); ``supported`` is False
    only for the generic fallback the registry hands out for a language without a module.
    """

    code: str  # ISO 639-1 where one exists, else 639-3: "en", "pt"
    name: str  # in English, as Django's LANG_INFO spells it (its catalogs translate it): "German"
    native_name: str  # "Deutsch"
    segment: SegmentRules
    speaker: SpeakerRules
    cues: Cues
    direction: str = "ltr"  # "rtl" for Arabic
    model: str = MULTI_MODEL
    search_config: str = GENERIC_SEARCH_CONFIG
    order: int = 100
    supported: bool = True

    def __repr__(self) -> str:
        return f"<Language {self.code} {self.name}{'' if self.supported else ' (unsupported)'}>"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def problems(self) -> list[str]:
        """What is missing or inconsistent in this declaration (empty when it is complete)."""
        out = []
        if not (
            2 <= len(self.code) <= 3 and self.code.isascii() and self.code.isalpha() and self.code.islower()
        ):
            out.append(f"code {self.code!r} is not a lower-case ISO 639 code")
        if not self.name or not self.native_name:
            out.append("name and native_name are required")
        if self.direction not in ("ltr", "rtl"):
            out.append(f"direction must be 'ltr' or 'rtl', not {self.direction!r}")
        if getattr(self.segment, "language", None) != self.code:
            out.append("segment rules (SegmentRules) of another language")
        if getattr(self.speaker, "language", None) != self.code:
            out.append("speaker rules (SpeakerRules, speaker.language_rules) of another language")
        if not isinstance(self.cues, Cues):
            out.append("cues must be a Cues")
        elif not (self.cues.builtin or self.cues.listed):
            out.append("no cue words")
        if self.model not in (self.code, MULTI_MODEL):
            out.append(f"model must be {self.code!r} (its own) or {MULTI_MODEL!r}, not {self.model!r}")
        if not self.search_config:
            out.append("search_config is required")
        return out
