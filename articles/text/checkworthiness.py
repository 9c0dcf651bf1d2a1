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
    score(sentence) -> Score
    is_checkworthy(value) -> bool
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
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CUE_LABELS",
    "CUE_SLUGS",
    "MODEL_VERSION",
    "THRESHOLD",
    "Score",
    "cue_bits",
    "cues",
    "is_checkworthy",
    "probability",
    "score",
]

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")


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
    NUMBER: ["zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "trillions", "dozen", "dozens"],
    PERCENTAGE: ["percent", "percentage", "percentages", "per cent"],
    MONEY: ["dollar", "dollars", "euro", "euros", "cents", "yen", "yuan", "renminbi", "rupee", "rupees", "rouble", "roubles", "ruble", "rubles", "peso", "pesos", "hryvnia", "usd", "eur", "gbp"]
    + ["pounds sterling"],
    COMPARISON: ["fewer", "most", "least", "largest", "biggest", "highest", "lowest", "smallest", "greatest", "fastest", "slowest", "worst", "richest", "poorest", "strongest", "weakest", "higher", "lower", "larger", "bigger", "smaller", "worse", "doubled", "tripled", "quadrupled", "halved", "increase", "increased", "increases", "decrease", "decreased", "decreases", "decline", "declined", "declines", "declining", "rose", "risen", "grew", "shrank", "dropped", "fell"]
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
    ATTRIBUTION: ["said", "says", "told", "tells", "announced", "announces", "reported", "claimed", "claims", "stated", "declared", "confirmed", "insisted", "testified", "tweeted"]
    + ["according to", "quoted as"],
    DATE: ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "yesterday", "today", "tomorrow", "tonight", "ago", "decade", "decades", "century"]
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


def cues(sentence: str) -> tuple[str, ...]:
    """Cue slugs found in ``sentence``, in ``CUE_SLUGS`` order."""
    return _CUE_TUPLES[cue_bits(sentence)]


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
        if len(set(hits)) == len(hits):  # every term once: tf = 1
            z += sum(map(_WGET, hits)) / _sqrt(sum(map(_IGET, hits)))
        else:
            counts: dict[int, int] = {}
            _count_elements(counts, hits)
            tfs = counts.values()
            if max(tfs) < _TF_TABLE:
                z += _sumprod(map(_WGET, counts), map(_TF.__getitem__, tfs)) / _sqrt(
                    _sumprod(map(_IGET, counts), map(_TF2.__getitem__, tfs))
                )
            else:
                z += _sumprod(map(_WGET, counts), map(_tf, tfs)) / _sqrt(
                    _sumprod(map(_IGET, counts), [_tf(n) ** 2 for n in tfs])
                )
    return z, bits


def score(sentence: str) -> Score:
    """Check-worthiness of one sentence: probability-like value and its cues."""
    z, bits = _decision(sentence)
    if z >= 0.0:
        return Score(1.0 / (1.0 + _exp(-z)), _CUE_TUPLES[bits])
    e = _exp(z)  # no overflow for very negative z
    return Score(e / (1.0 + e), _CUE_TUPLES[bits])


def probability(sentence: str) -> float:
    """Just the value of :func:`score` (the model's probability of "Yes")."""
    return score(sentence).value


def is_checkworthy(value: float) -> bool:
    """Whether a :attr:`Score.value` reaches the tuned decision threshold."""
    if _VGET is None:
        _ensure_loaded()
    return value >= _THRESHOLD
