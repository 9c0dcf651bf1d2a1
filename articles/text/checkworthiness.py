"""Check-worthiness scoring of single sentences, in pure Python.

The model is a TF-IDF (word 1-2-grams, l2 norm) + logistic regression
classifier with a few extra features (the cues below and the sentence length),
trained by ``tools/train_checkworthiness.py`` on the CLEF CheckThat! 2024
Task 1 English data (ClaimBuster) and shipped as coefficients in
``checkworthiness_model.json``.  At run time the module needs only the
standard library; :func:`score` reproduces scikit-learn's ``predict_proba``
to within floating-point rounding (~1e-15).  It is written for speed (about
10 MB/s of news sentences on one core): one regex findall, bigram joins and
one dict lookup per n-gram, and a few regex searches for the cues.

The *cues* returned with a score are regex / word-list detections that are
independent of the model's weights: they explain a score to a person (the
model also sees them as extra binary features, but the model does the scoring).

Public API::

    Score(value, cues)          frozen dataclass
    CUE_LABELS                  slug -> human label, in display order
    THRESHOLD                   decision threshold (value >= THRESHOLD: check-worthy)
    MODEL_VERSION               version string of the shipped model
    score(sentence, language="en") -> Score
    is_checkworthy(value, language="en") -> bool
    threshold(language) -> float        the shipped threshold of the model that scores it
    supported(language) -> bool         whether the language has a model trained on its own data
    model_language(language) -> str     "en", "es", "ar" or "multi" (the fallback)
    is_stamp(sentence) -> bool          a page timestamp ("Stand: 28.04.2020 18:00 Uhr")

Languages.  English, Spanish and Arabic each have a model trained on their own CheckThat! 2024
data (English: word n-grams, ``checkworthiness_model.json``; Spanish and Arabic: character and
word n-grams, ``models/cw_es.json`` / ``models/cw_ar.json``).  Every other language is scored by
the *multi* model (``models/cw_multi.json``): logistic regression on the cue features and the
length only, fitted on English, Spanish and Arabic together, so it carries over to any language
whose cues are listed (French, German, Portuguese and Italian are; others get the cues that need
no word list: digits, %, currency signs).  Cue word lists exist for en, es, fr, de, pt, it, ar.
Page timestamps and bare dates (:func:`is_stamp`) score at most :data:`STAMP_CAP` in every
language.
"""

from __future__ import annotations

import json
import math
import re

try:  # the C helper behind Counter.update: counts into a plain dict
    from collections import _count_elements
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping, iterable):
        for x in iterable:
            mapping[x] = mapping.get(x, 0) + 1


import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .language import base_code

__all__ = [
    "CUE_LABELS",
    "CUE_LANGUAGES",
    "CUE_SLUGS",
    "MODEL_LANGUAGES",
    "MODEL_VERSION",
    "STAMP_CAP",
    "THRESHOLD",
    "Score",
    "cue_bits",
    "cues",
    "is_checkworthy",
    "is_stamp",
    "model_language",
    "model_version",
    "normalise_language",
    "probability",
    "score",
    "supported",
    "threshold",
]

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")
MODELS_DIR = Path(__file__).with_name("models")
#: languages with a model trained on their own data (anything else uses "multi"), and languages
#: with cue word lists (numbers in words, percent words, currencies...): both read from the
#: language registry (articles/text/languages/) by _refresh() at the end of this module
MODEL_LANGUAGES: tuple[str, ...] = ()
CUE_LANGUAGES: tuple[str, ...] = ()
FALLBACK = "multi"


@dataclass(frozen=True, slots=True)
class Score:
    """Check-worthiness of one sentence."""

    value: float  # 0..1 probability-like check-worthiness
    cues: tuple[str, ...]  # cue slugs, in CUE_SLUGS order


# --------------------------------------------------------------------------- cues

#: cue slug -> human-readable label; the order is the order of ``Score.cues``.
CUE_LABELS: dict[str, str] = {
    "number": "Number",
    "percentage": "Percentage",
    "money": "Money",
    "comparison": "Comparison",
    "attribution": "Attribution",
    "date": "Date / time",
    "named_entity": "Named entity",
}
CUE_SLUGS: tuple[str, ...] = tuple(CUE_LABELS)

NUMBER, PERCENTAGE, MONEY, COMPARISON, ATTRIBUTION, DATE, NAMED_ENTITY = (
    1 << i for i in range(len(CUE_SLUGS))
)

# Words and bigrams (lower-case, as produced by the tokeniser below) that set a
# cue.  Tokens have at least two word characters, so single digits are found
# by the ``[0-9]`` regex instead.
_CUE_WORDS: dict[int, list[str]] = {
    NUMBER: [
        "zero",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "trillions",
        "dozen",
        "dozens",
    ],
    PERCENTAGE: ["percent", "percentage", "percentages", "per cent"],
    MONEY: [
        "dollar",
        "dollars",
        "euro",
        "euros",
        "cents",
        "yen",
        "yuan",
        "renminbi",
        "rupee",
        "rupees",
        "rouble",
        "roubles",
        "ruble",
        "rubles",
        "peso",
        "pesos",
        "hryvnia",
        "usd",
        "eur",
        "gbp",
    ]
    + ["pounds sterling"],
    COMPARISON: [
        "fewer",
        "most",
        "least",
        "largest",
        "biggest",
        "highest",
        "lowest",
        "smallest",
        "greatest",
        "fastest",
        "slowest",
        "worst",
        "richest",
        "poorest",
        "strongest",
        "weakest",
        "higher",
        "lower",
        "larger",
        "bigger",
        "smaller",
        "worse",
        "doubled",
        "tripled",
        "quadrupled",
        "halved",
        "increase",
        "increased",
        "increases",
        "decrease",
        "decreased",
        "decreases",
        "decline",
        "declined",
        "declines",
        "declining",
        "rose",
        "risen",
        "grew",
        "shrank",
        "dropped",
        "fell",
    ]
    + [
        "more than",
        "less than",
        "fewer than",
        "greater than",
        "compared with",
        "compared to",
        "as many as",
        "as much as",
        "twice as",
    ],
    ATTRIBUTION: [
        "said",
        "says",
        "told",
        "tells",
        "announced",
        "announces",
        "reported",
        "claimed",
        "claims",
        "stated",
        "declared",
        "confirmed",
        "insisted",
        "testified",
        "tweeted",
    ]
    + ["according to", "quoted as"],
    DATE: [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "ago",
        "decade",
        "decades",
        "century",
    ]
    + [
        f"{a} {b}"
        for a in ("last", "next", "this", "past", "previous", "coming")
        for b in ("week", "month", "year", "night", "weekend", "decade")
    ],
}
# Years 1900-2099 (and decades, "1990s") are tokens too.
_CUE_WORDS[DATE] += [str(y) for y in range(1900, 2100)] + [f"{y}s" for y in range(1900, 2100, 10)]

_CUE_GRAM_BITS: dict[str, int] = {}
for _bit, _words in _CUE_WORDS.items():
    for _w in _words:
        _CUE_GRAM_BITS[_w] = _CUE_GRAM_BITS.get(_w, 0) | _bit
_CUE_GRAMS = frozenset(_CUE_GRAM_BITS)
# "may" and "march" are months only when written as such, next to a number or
# after a preposition.
_AMBIGUOUS_MONTHS = frozenset(("may", "march"))
_MONTH_CASED = re.compile(
    r"(?:\b(?i:in|on|since|until|by|of|early|late|mid|last|next|this|from|to)\s+|\d\s+)"
    r"(?:May|March)\b|\b(?:May|March)\s+\d"
)

_DIGIT = re.compile(r"[0-9]")
_MONEY_CHAR = re.compile(r"[$€£¥₴₽]")
_MONEY_AMOUNT = re.compile(r"[$€£¥₴₽]\s?\d|\d\s?[€£¥₴₽]")
_CALENDAR = (
    "January|February|March|April|May|June|July|August|September|October|"
    "November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A capitalised word that is not the first word of the sentence, not right
# after an opening quote or bracket (those are preceded by that character, not
# by whitespace), not the pronoun "I" and not a month or weekday.  Written to
# start with the capital letter (a character class the regex engine scans for
# quickly), then looking back at the two characters before it and ahead at the
# rest of the word.
_CAPITAL = "A-ZÀ-ÖØ-Þ"


def _named_entity_pattern() -> str:
    groups: dict[str, list[str]] = {}
    for word in _CALENDAR.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    not_these = ["(?<=I)\\b"] + [
        f"(?<={first})(?:{'|'.join(sorted(rests, key=len, reverse=True))})\\b"
        for first, rests in sorted(groups.items())
    ]
    return f"[{_CAPITAL}](?<=\\S\\s.)(?!{'|'.join(not_these)})"


_NAMED_ENTITY = re.compile(_named_entity_pattern())

# scikit-learn's default token_pattern r"(?u)\b\w\w+\b", applied to the
# lower-cased text.  For findall the two patterns are equivalent (a match is a
# maximal run of two or more word characters) and this one is faster; the
# tests check the equivalence.
SKLEARN_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
_TOKEN = re.compile(r"\w{2,}")

# bitmask -> tuple of slugs, precomputed so that scoring allocates nothing.
_CUE_TUPLES: tuple[tuple[str, ...], ...] = tuple(
    tuple(s for i, s in enumerate(CUE_SLUGS) if mask >> i & 1) for mask in range(1 << len(CUE_SLUGS))
)


def _cue_bits_tokens(sentence: str, grams: list[str]) -> int:
    """Cue bitmask from the original sentence and its lower-case n-grams."""
    bits = 0
    hits = _CUE_GRAMS.intersection(grams)
    if hits:
        for g in hits:
            if g in _AMBIGUOUS_MONTHS:
                if _MONTH_CASED.search(sentence):
                    bits |= DATE
            else:
                bits |= _CUE_GRAM_BITS[g]
    if _DIGIT.search(sentence):
        bits |= NUMBER
        if _MONEY_CHAR.search(sentence) and _MONEY_AMOUNT.search(sentence):
            bits |= MONEY
    if "%" in sentence:
        bits |= PERCENTAGE
    if _NAMED_ENTITY.search(sentence):
        bits |= NAMED_ENTITY
    return bits


def _grams(low: str) -> list[str]:
    """Word unigrams then bigrams, exactly as scikit-learn's ngram_range=(1, 2)."""
    toks = _TOKEN.findall(low)
    if len(toks) > 1:
        return toks + list(map(" ".join, itertools.pairwise(toks)))
    return toks


def cue_bits(sentence: str) -> int:
    """Bitmask of the cues found in ``sentence`` (bit i = ``CUE_SLUGS[i]``)."""
    return _cue_bits_tokens(sentence, _grams(sentence.lower()))


def length_feature(n_tokens: int) -> float:
    """The model's sentence-length feature: log(1 + number of word tokens) / 3."""
    return math.log1p(n_tokens) / 3.0


def model_features(sentence: str) -> tuple[int, int]:
    """(cue bitmask, number of word tokens): the model's non-n-gram inputs."""
    grams = _grams(sentence.lower())
    return _cue_bits_tokens(sentence, grams), (len(grams) + 1) // 2


def cues(sentence: str, language: str | None = "en") -> tuple[str, ...]:
    """Cue slugs found in ``sentence`` (read as ``language``), in ``CUE_SLUGS`` order."""
    if language == "en":
        return _CUE_TUPLES[cue_bits(sentence)]
    return _CUE_TUPLES[cue_bits_language(sentence, language)]


# -------------------------------------------------------------------------- model
#
# checkworthiness_model.json (written by tools/train_checkworthiness.py):
#   n_docs, terms, df, coef  -- TfidfVectorizer vocabulary with document
#                               frequencies (idf is recomputed from them exactly
#                               as scikit-learn does, smooth_idf=True) and the
#                               logistic-regression coefficient of each term
#   sublinear_tf, intercept  -- as in scikit-learn
#   cue_coef                 -- slug -> coefficient of the binary cue feature
#                               ({} when the model has no cue features)
#   length_coef              -- coefficient of length_feature() (0 when unused)
#   threshold, version, settings, metrics, checks (sklearn probabilities)


def _load(path: Path = MODEL_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        model = json.load(fh)
    n_docs = model["n_docs"]
    # weight[i] = idf * coef (numerator), idf2[i] = idf ** 2 (for the l2 norm).
    # Index 0 is unused so that every vocabulary value is truthy.
    weight = [0.0]
    idf2 = [0.0]
    vocab: dict[str, int] = {}
    triples = zip(model["terms"], model["df"], model["coef"], strict=True)
    for i, (term, df, coef) in enumerate(triples, 1):
        idf = math.log((n_docs + 1) / (df + 1)) + 1.0
        vocab[term] = i
        weight.append(idf * coef)
        idf2.append(idf * idf)
    cue_coef = model["cue_coef"]
    # cue bitmask -> summed contribution of the active cue features
    cue_z = tuple(
        sum(cue_coef.get(slug, 0.0) for i, slug in enumerate(CUE_SLUGS) if mask >> i & 1)
        for mask in range(1 << len(CUE_SLUGS))
    )
    length_coef = float(model["length_coef"])
    len_z = tuple(length_coef * length_feature(n) for n in range(_LEN_TABLE))
    return {
        "model": model,
        "vget": vocab.get,
        "weight": weight,
        "idf2": idf2,
        "cue_z": cue_z,
        "len_z": len_z,
        "length_coef": length_coef,
    }


_LEN_TABLE = 512
# Loaded on first use (see _ensure_loaded), so that importing the module for
# its cue detection (as the training script does) needs no model file.
_VGET = None
_WEIGHT: list[float] = []
_IDF2: list[float] = []
_WGET = _WEIGHT.__getitem__
_IGET = _IDF2.__getitem__
_CUE_Z: tuple[float, ...] = ()
_LEN_Z: tuple[float, ...] = ()
_LENGTH_COEF = 0.0
_INTERCEPT = 0.0
_THRESHOLD = 0.5
_SUBLINEAR = True
_MODEL: dict = {}
_log = math.log
_sqrt = math.sqrt
_sumprod = math.sumprod
_TF_TABLE = 64
_TF: list[float] = []  # term count -> tf (1 + log(count) when sublinear_tf)
_TF2: list[float] = []  # term count -> tf ** 2


_exp = math.exp


def _tf(n: int) -> float:
    """scikit-learn's term frequency of a term seen ``n`` times."""
    return (1.0 + _log(n)) if _SUBLINEAR else float(n)


def _ensure_loaded() -> None:
    global _VGET, _WEIGHT, _IDF2, _WGET, _IGET, _CUE_Z, _LEN_Z, _LENGTH_COEF
    global _INTERCEPT, _THRESHOLD, _SUBLINEAR, _MODEL
    if _VGET is not None:
        return
    st = _load()
    model = st["model"]
    _WEIGHT, _IDF2 = st["weight"], st["idf2"]
    _WGET, _IGET = _WEIGHT.__getitem__, _IDF2.__getitem__
    _CUE_Z, _LEN_Z, _LENGTH_COEF = st["cue_z"], st["len_z"], st["length_coef"]
    _INTERCEPT = float(model["intercept"])
    _SUBLINEAR = bool(model["sublinear_tf"])
    _THRESHOLD = float(model["threshold"])
    _TF[:] = [0.0] + [_tf(n) for n in range(1, _TF_TABLE)]
    _TF2[:] = [t * t for t in _TF]
    _MODEL = model
    _VGET = st["vget"]  # last: marks the module as loaded


THRESHOLD: float  # module attributes resolved (and the model loaded) by __getattr__
MODEL_VERSION: str


def __getattr__(name: str):
    if name == "THRESHOLD":
        _ensure_loaded()
        return _THRESHOLD
    if name == "MODEL_VERSION":
        _ensure_loaded()
        return str(_MODEL["version"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _decision(sentence: str) -> tuple[float, int]:
    """Logistic-regression decision value and cue bitmask of ``sentence``.

    The hot path: a handful of C-level calls per sentence (one regex findall,
    bigram joins, one dict lookup per n-gram, a few regex searches for cues).
    """
    if _VGET is None:
        _ensure_loaded()
    toks = _TOKEN.findall(sentence.lower())
    n_tokens = len(toks)
    grams = toks + list(map(" ".join, itertools.pairwise(toks))) if n_tokens > 1 else toks
    bits = _cue_bits_tokens(sentence, grams)
    z = (
        _INTERCEPT
        + _CUE_Z[bits]
        + (_LEN_Z[n_tokens] if n_tokens < _LEN_TABLE else _LENGTH_COEF * length_feature(n_tokens))
    )
    hits = list(filter(None, map(_VGET, grams)))
    if hits:
        # every occurrence counted once (tf = 1); then the few terms seen more than once
        # ("the" twice) corrected to their tf: one C-level pass for the usual sentence
        num = sum(map(_WGET, hits))
        den = sum(map(_IGET, hits))
        if len(set(hits)) != len(hits):
            counts: dict[int, int] = {}
            _count_elements(counts, hits)
            for i, c in counts.items():
                if c > 1:
                    if c < _TF_TABLE:
                        tf, tf2 = _TF[c], _TF2[c]
                    else:
                        tf = _tf(c)
                        tf2 = tf * tf
                    num += _WGET(i) * (tf - c)
                    den += _IGET(i) * (tf2 - c)
        z += num / _sqrt(den)
    return z, bits


def _capped(sentence: str, value: float, cue_tuple: tuple[str, ...]) -> Score:
    # a page timestamp always has a digit, so the number cue; checked only then
    if (
        cue_tuple
        and cue_tuple[0] == "number"
        and value > STAMP_CAP
        and len(sentence) <= 120
        and is_stamp(sentence)
    ):
        value = STAMP_CAP
    return Score(value, cue_tuple)


def score_many(sentences: Sequence[str], language: str | None = "en") -> list[Score]:
    """:func:`score` of each sentence (an article's, in one language): the same values; the
    languages of the character n-gram models count all the sentences' n-grams at once."""
    if language == "en" or normalise_language(language) == "en":
        return [score(s, language) for s in sentences]
    if not sentences:
        return []
    lang = normalise_language(language)
    return [_capped(s, value, cues) for s, (value, cues) in zip(sentences, _other_many(sentences, lang), strict=True)]


def score(sentence: str, language: str | None = "en") -> Score:
    """Check-worthiness of one sentence: probability-like value and its cues.

    ``language`` is an ISO 639 code ("en", "es", "de", ...); a language without its own model is
    scored by the multi model (see :func:`model_language`), None counts as unknown."""
    if language == "en" or normalise_language(language) == "en":
        z, bits = _decision(sentence)
        value, cue_tuple = _probability(z), _CUE_TUPLES[bits]
    else:
        value, cue_tuple = _other(sentence, normalise_language(language))
    return _capped(sentence, value, cue_tuple)


def probability(sentence: str, language: str | None = "en") -> float:
    """Just the value of :func:`score` (the model's probability of "Yes")."""
    return score(sentence, language).value


def is_checkworthy(value: float, language: str | None = "en") -> bool:
    """Whether a :attr:`Score.value` reaches the tuned decision threshold of ``language``."""
    return value >= threshold(language)


# ------------------------------------------------------------------ languages


_NORMALISED: dict[str | None, str] = {}


def normalise_language(language: str | None) -> str:
    """ "es-ES" / "ES" / " es " -> "es"; None or "" -> "" (unknown).

    Remembered per code (a sentence's score asks five times; base_code's string work was a fifth
    of scoring a sentence in the languages the multilingual model scores)."""
    if language is None or type(language) is str:
        found = _NORMALISED.get(language)
        if found is None:
            found = base_code(language)
            if len(_NORMALISED) < 1024:
                _NORMALISED[language] = found
        return found
    return base_code(language)


def supported(language: str | None) -> bool:
    """Whether ``language`` has a check-worthiness model trained on its own data."""
    return normalise_language(language) in MODEL_LANGUAGES


def model_language(language: str | None) -> str:
    """The model that scores ``language``: itself when :func:`supported`, else "multi"."""
    lang = normalise_language(language)
    return lang if lang in MODEL_LANGUAGES else FALLBACK


def threshold(language: str | None = "en") -> float:
    """The shipped decision threshold (chosen on dev data) of the model that scores ``language``."""
    key = model_language(language)
    if key == "en":
        if _VGET is None:
            _ensure_loaded()
        return _THRESHOLD
    return _generic(key).threshold


def model_version(language: str | None = "en") -> str:
    key = model_language(language)
    if key == "en":
        if _VGET is None:
            _ensure_loaded()
        return str(_MODEL["version"])
    return _generic(key).version


# ------------------------------------------------------- cues in other languages
#
# Same slugs as English. Each language's words are declared in its module of the language registry
# (``articles/text/languages/<code>.py``, its ``cues``: numbers in words, percent words, currencies,
# comparisons, attribution, dates, timestamp words, how names are spotted); the tables below are
# built from there once per language, on first use, and built again when a language is added.
# Words are matched as lower-case tokens (two or more word characters) or token bigrams, like the
# English lists; Arabic words are listed with the prefixes that attach to them in running text
# (w- "and", bi- "with") where they are common.

from . import languages as _registry  # here: the language modules import nothing of this one

_YEARS = [str(y) for y in range(1900, 2100)] + [f"{y}s" for y in range(1900, 2100, 10)]
# Digits of any script (Arabic-Indic too), per cent signs, currency signs next to a number.
_ANY_DIGIT = re.compile(r"\d")
_ANY_MONEY_AMOUNT = re.compile(
    r"[$€£¥₴₽₺₹]\s?\d|\d\s?[$€£¥₴₽₺₹]|\b(?:US\$|R\$|USD|EUR|GBP)\s?\d|\d\s?(?:USD|EUR|GBP)\b"
)
_PERCENT_SIGN = re.compile(r"[%٪]")
# A numeric date (28.04.2020, 2020-04-28, 28/04/2020) or a year on its own is a date in any language.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ROMANCE_NAMED_ENTITY = _NAMED_ENTITY  # capitalised word inside the sentence
# German capitalises every noun: only acronyms (two or more capitals) count as names there.
_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,}\b")
_NAMED_ENTITY_RULES = {"capitalised": _ROMANCE_NAMED_ENTITY, "acronyms": _ACRONYM, "none": None}


@dataclass(frozen=True, slots=True)
class _CueTable:
    bits: dict[str, int] | None  # word or bigram -> cue bits; None: the language lists no words
    grams: frozenset[str]
    named_entity: re.Pattern[str] | None
    year_is_date: bool  # no date words listed: a year or a time of day is the date cue


def _lang_gram_bits(cues) -> dict[str, int]:
    table: dict[str, int] = {}
    parts = (
        (NUMBER, cues.numbers),
        (PERCENTAGE, cues.percent),
        (MONEY, cues.money),
        (COMPARISON, cues.comparison),
        (ATTRIBUTION, cues.attribution),
        (DATE, (*cues.dates, *_YEARS)),
    )
    for bit, words in parts:
        for w in words:
            table[w] = table.get(w, 0) | bit
    return table


_CUE_TABLES: dict[object, _CueTable] = {}


def _cue_table(lang: str) -> _CueTable:
    """The cue table of ``lang`` from its module in the registry (a generic one without a module)."""
    cues = _registry.get(lang).cues
    bits = _lang_gram_bits(cues) if cues.listed else None
    table = _CueTable(
        bits,
        frozenset(bits or ()),
        _NAMED_ENTITY_RULES[cues.named_entities],
        not cues.dates,
    )
    if len(_CUE_TABLES) < 1024:
        _CUE_TABLES[lang] = table
    return table


def _other_cue_bits(sentence: str, lang: str, grams: list[str]) -> int:
    bits = 0
    entry = _CUE_TABLES.get(lang) or _cue_table(lang)
    table = entry.bits
    if table is not None:
        for g in entry.grams.intersection(grams):
            bits |= table[g]
    if _ANY_DIGIT.search(sentence):
        bits |= NUMBER
        if _ANY_MONEY_AMOUNT.search(sentence):
            bits |= MONEY
        if _NUMERIC_DATE.search(sentence) or (
            entry.year_is_date and (_YEAR.search(sentence) or _TIME.search(sentence))
        ):  # without date words (an unknown language), a year or a time of day is the date
            bits |= DATE
    if _PERCENT_SIGN.search(sentence):
        bits |= PERCENTAGE
    if entry.named_entity is not None and entry.named_entity.search(sentence):
        bits |= NAMED_ENTITY
    return bits


def cue_bits_language(sentence: str, language: str | None) -> int:
    """Bitmask of the cues in ``sentence`` read as ``language``."""
    lang = normalise_language(language)
    if lang == "en":
        return cue_bits(sentence)
    return _other_cue_bits(sentence, lang, _grams(_apostrophes(sentence.lower())))


_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def _apostrophes(low: str) -> str:
    """French and Italian elisions ("l'an", "d'après") split into words: "l an", "d après"."""
    return _APOSTROPHE.sub(" ", low) if "'" in low or "’" in low else low


# ------------------------------------------------------------------- stamps
#
# Page furniture such as "Stand: 28.04.2020 18:00 Uhr", "Updated 04 August 2023, 10:12 GMT",
# "Actualizado: 12/03/2021 - 18:05h" or "آخر تحديث: 12 مارس 2021" says when a page changed, not a
# claim.  A sentence is a stamp when it holds a date or a time and, once the stamp words, dates,
# times, numbers and small joining words are taken out, no word is left.

STAMP_CAP = 0.05
# English here; every other language's are its module's ``Cues.stamp_words`` (see _refresh below)
_STAMP_VOCAB_EN = frozenset(
    "updated update published posted last modified on at gmt utc bst cet cest est edt pst am pm".split()  # noqa: SIM905
)
_STAMP_TOKEN = re.compile(r"\w+")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s?(?:h|uhr|am|pm)\b", re.IGNORECASE)
_ORDINAL_OR_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|er|e|º|ª|h\d*)?")
_STAMP_VOCAB = _STAMP_VOCAB_EN
_MONTHS_AND_DAYS = frozenset(_CALENDAR.lower().split("|"))


def _refresh() -> None:
    """Read the registry again (at import, and whenever a language is added or removed): the
    languages with a model and with cue lists, the timestamp words of every language, and the
    cue tables (emptied, built again on first use)."""
    global MODEL_LANGUAGES, CUE_LANGUAGES, _STAMP_VOCAB, _MONTHS_AND_DAYS
    registered = _registry.languages()
    MODEL_LANGUAGES = _registry.model_languages()
    CUE_LANGUAGES = tuple(lang.code for lang in registered if lang.cues.builtin or lang.cues.listed)
    _STAMP_VOCAB = _STAMP_VOCAB_EN.union(*(lang.cues.stamp_words for lang in registered))
    months_and_days = set(_CALENDAR.lower().split("|"))
    for lang in registered:  # a stamp's tokens are \w+: bigrams and "l'an" never match one
        skip = frozenset(lang.cues.not_stamp_dates)
        months_and_days.update(w for w in lang.cues.dates if _STAMP_TOKEN.fullmatch(w) and w not in skip)
    _MONTHS_AND_DAYS = frozenset(months_and_days)
    _CUE_TABLES.clear()


def is_stamp(sentence: str) -> bool:
    """Whether ``sentence`` is only a page timestamp or a bare date (any of the cue languages)."""
    if len(sentence) > 120 or not _ANY_DIGIT.search(sentence):
        return False
    low = sentence.lower()
    dated = False
    for match in _STAMP_TOKEN.finditer(low):  # most sentences stop at their first word
        tok = match.group()
        if tok in _MONTHS_AND_DAYS:
            dated = True
        elif not (tok in _STAMP_VOCAB or _ORDINAL_OR_NUMBER.fullmatch(tok)):
            return False
    if _PERCENT_SIGN.search(sentence) or _ANY_MONEY_AMOUNT.search(sentence):
        return False
    return dated or bool(_NUMERIC_DATE.search(low) or _TIME.search(low))


# ------------------------------------------------------- models for other languages
#
# models/cw_<key>.json (written by tools/train_checkworthiness.py), keys "es", "ar", "multi":
#   analyzer      {"char_wb": [lo, hi] | null, "word": [lo, hi] | null}: the features of
#                 :func:`analyze`, the same function the training script hands to scikit-learn
#   n_docs, terms, df, coef, sublinear_tf, intercept, cue_coef, length_coef, threshold,
#   version, settings, metrics, checks    as in the English model

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def normalise_text(sentence: str) -> str:
    """What the n-gram features see: lower case, links dropped, @handles as "@user", every digit
    as 0 (so "5.000 millones" and "7.000 millones" share their features)."""
    low = sentence.lower()
    if "http" in low or "www." in low:
        low = _URL.sub(" ", low)
    if "@" in low:
        low = _HANDLE.sub("@user", low)
    return _DIGITS.sub("0", low)


def _char_wb(word: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's char_wb n-grams of one (already normalised) word."""
    w = f" {word} "
    n_w = len(w)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n_w <= n:
            out.append(w)
            break
        out.extend([w[i : i + n] for i in range(n_w - n + 1)])
    return out


def _word_features(text: str, lo: int, hi: int) -> list[str]:
    toks = ["w:" + t for t in _TOKEN.findall(_apostrophes(text))]
    out = toks[:] if lo <= 1 else []
    if hi >= 2 and len(toks) > 1:
        out.extend(a + " " + b[2:] for a, b in itertools.pairwise(toks))
    return out


def analyze(sentence: str, spec: dict) -> list[str]:
    """The n-gram features of ``sentence`` under ``spec`` (a model's "analyzer"): scikit-learn's
    char_wb n-grams of the normalised words, then word n-grams prefixed "w:"."""
    text = normalise_text(sentence)
    out: list[str] = []
    if spec.get("char_wb"):
        lo, hi = spec["char_wb"]
        for w in text.split():
            out.extend(_char_wb(w, lo, hi))
    if spec.get("word"):
        out.extend(_word_features(text, *spec["word"]))
    return out


def model_features_language(sentence: str, language: str) -> tuple[int, int]:
    """(cue bitmask, number of word tokens) of ``sentence`` read as ``language``."""
    if normalise_language(language) == "en":
        return model_features(sentence)
    grams = _grams(_apostrophes(sentence.lower()))
    # _grams: the tokens then their bigrams (n - 1 of them)
    return _other_cue_bits(sentence, normalise_language(language), grams), (len(grams) + 1) // 2


@dataclass(frozen=True, slots=True)
class _Generic:
    spec: dict
    vocab: dict[str, int]
    cue_z: tuple[float, ...]
    length_coef: float
    intercept: float
    sublinear: bool
    threshold: float
    version: str
    model: dict
    word_ids: dict[str, object]  # word -> int32 array of the vocabulary ids of its char n-grams (a cache)
    weight_a: object  # numpy float64 arrays of weight and idf2 (index 0 unused)
    idf2_a: object
    tf_a: object  # term count -> tf, for counts below its length


_GENERIC: dict[str, _Generic] = {}
# ~200 bytes a word (a small int32 array): 20 MB at most per model in a long-running worker
_WORD_CACHE_MAX = 100_000
_TF_COUNTS = 256


def model_path(key: str) -> Path:
    return MODEL_PATH if key == "en" else MODELS_DIR / f"cw_{key}.json"


def _generic(key: str) -> _Generic:
    found = _GENERIC.get(key)
    if found is None:
        import numpy as np

        with open(model_path(key), encoding="utf-8") as fh:
            model = json.load(fh)
        n_docs = model["n_docs"]
        vocab: dict[str, int] = {}
        weight = [0.0]
        idf2 = [0.0]
        for i, (term, df, coef) in enumerate(zip(model["terms"], model["df"], model["coef"], strict=True), 1):
            idf = math.log((n_docs + 1) / (df + 1)) + 1.0
            vocab[term] = i
            weight.append(idf * coef)
            idf2.append(idf * idf)
        cue_coef = model["cue_coef"]
        cue_z = tuple(
            sum(cue_coef.get(slug, 0.0) for i, slug in enumerate(CUE_SLUGS) if mask >> i & 1)
            for mask in range(1 << len(CUE_SLUGS))
        )
        sublinear = bool(model["sublinear_tf"])
        found = _Generic(
            spec=model["analyzer"],
            vocab=vocab,
            cue_z=cue_z,
            length_coef=float(model["length_coef"]),
            intercept=float(model["intercept"]),
            sublinear=sublinear,
            threshold=float(model["threshold"]),
            version=str(model["version"]),
            model=model,
            word_ids={},
            weight_a=np.array(weight, dtype=np.float64),
            idf2_a=np.array(idf2, dtype=np.float64),
            tf_a=np.array([0.0] + [(1.0 + math.log(c)) if sublinear else float(c) for c in range(1, _TF_COUNTS)]),
        )
        _GENERIC[key] = found
    return found


def _ngram_term(m: _Generic, ids) -> float:
    """The n-gram part of the decision value: the tf-idf vector of the sentence's vocabulary ids
    (``ids``, an int32 array, each occurrence once), l2-normalised, dotted with the coefficients;
    scikit-learn's TfidfVectorizer + LogisticRegression to rounding."""
    terms, tf = _counted(m, ids)
    return float(m.weight_a[terms] @ tf) / _sqrt(float(m.idf2_a[terms] @ (tf * tf)))


def _counted(m: _Generic, keys):
    """``keys`` (an integer array, sorted here in place) as its distinct values and the tf of
    each (its count through the model's term-frequency function)."""
    import numpy as np

    keys.sort()
    first = np.empty(keys.size, dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=keys.size)
    if counts.max() < _TF_COUNTS:
        tf = m.tf_a[counts]
    else:
        tf = (1.0 + np.log(counts)) if m.sublinear else counts.astype(np.float64)
    return keys[starts], tf


def _sentence_ids(m: _Generic, sentence: str):
    """The vocabulary ids of ``sentence``'s n-grams (an int32 array, each occurrence once), or
    None: analyze() with the char n-grams of each word looked up once per word (news text
    repeats its words)."""
    import numpy as np

    text = normalise_text(sentence)
    vget = m.vocab.get
    parts = []
    char = m.spec.get("char_wb")
    if char:
        lo, hi = char
        cache = m.word_ids
        for w in text.split():
            got = cache.get(w)
            if got is None:
                got = np.fromiter(filter(None, map(vget, _char_wb(w, lo, hi))), dtype=np.int32)
                if len(cache) < _WORD_CACHE_MAX:
                    cache[w] = got
            parts.append(got)
    if m.spec.get("word"):
        parts.append(np.fromiter(filter(None, map(vget, _word_features(text, *m.spec["word"]))), dtype=np.int32))
    return np.concatenate(parts) if len(parts) > 1 else (parts[0].copy() if parts else None)


def _probability(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + _exp(-z))
    e = _exp(z)  # no overflow for very negative z
    return e / (1.0 + e)


def _other(sentence: str, lang: str) -> tuple[float, tuple[str, ...]]:
    m = _generic(model_language(lang))
    bits, n_tokens = model_features_language(sentence, lang)
    z = m.intercept + m.cue_z[bits] + m.length_coef * length_feature(n_tokens)
    if m.vocab:
        # the counting and the sums in numpy: a Spanish sentence holds ~340 n-grams, counted in
        # ~25 µs where a dict took ~110 µs
        ids = _sentence_ids(m, sentence)
        if ids is not None and ids.size:
            z += _ngram_term(m, ids)
    return _probability(z), _CUE_TUPLES[bits]


def _other_many(sentences: Sequence[str], lang: str) -> list[tuple[float, tuple[str, ...]]]:
    """``_other`` of each sentence, the n-gram terms of all of them counted and summed in one
    pass of numpy (per sentence, numpy's fixed cost per call was half of the scoring)."""
    import numpy as np

    m = _generic(model_language(lang))
    zs, masks, arrays, sizes = [], [], [], []
    for sentence in sentences:
        bits, n_tokens = model_features_language(sentence, lang)
        zs.append(m.intercept + m.cue_z[bits] + m.length_coef * length_feature(n_tokens))
        masks.append(bits)
        ids = _sentence_ids(m, sentence) if m.vocab else None
        if ids is not None and ids.size:
            arrays.append(ids)
            sizes.append(ids.size)
        else:
            sizes.append(0)
    if arrays:
        n = len(sentences)
        width = np.int64(m.weight_a.size)
        key = np.repeat(np.arange(n, dtype=np.int64), sizes) * width + np.concatenate(arrays)
        pairs, tf = _counted(m, key)  # each (sentence, term) pair once, by sentence then term
        terms, of = pairs % width, pairs // width
        num = np.bincount(of, weights=m.weight_a[terms] * tf, minlength=n)
        den = np.bincount(of, weights=m.idf2_a[terms] * (tf * tf), minlength=n)
        for i, size in enumerate(sizes):
            if size:
                zs[i] += float(num[i]) / _sqrt(float(den[i]))
    return [(_probability(z), _CUE_TUPLES[bits]) for z, bits in zip(zs, masks, strict=True)]


# ------------------------------------------------------------------- batches


@dataclass(frozen=True, slots=True)
class Scored:
    """One text scored for the score_claims command and the API."""

    language: str  # the language it was scored as ("und" when detection abstained)
    detected: bool  # whether the language was detected (not given)
    model: str  # model_language(language): "en", "es", "ar" or "multi"
    value: float
    checkworthy: bool  # value >= threshold(language)
    cues: tuple[str, ...]


def score_text(text: str, language: str | None = None) -> Scored:
    """Score ``text`` as ``language``, or in the language detected from it when none is given
    (``articles.text.language.detect``; "und" and the multi model when it abstains)."""
    detected = not language
    if detected:
        from .language import detect

        lang = detect(text)[0] or "und"
    else:
        lang = normalise_language(language)
    result = score(text, lang)
    return Scored(
        lang, detected, model_language(lang), result.value, is_checkworthy(result.value, lang), result.cues
    )


_refresh()
_registry.on_change(_refresh)
