"""Language of a text: ``detect(text) -> (code | None, confidence)``.

The model is py3langid's (a fork of langid.py: byte n-gram naive Bayes over 97 languages and a
few varieties), shipped inside its wheel (4.5 MB installed, loaded once on first use, about 1 s;
no download at run time). Chosen over lingua-language-detector after measuring both on short
news sentences and paragraphs in en/es/fr/de/pt/it/ar (figures in the README's check-worthiness
section): as accurate on paragraphs, 99% on short sentences against lingua's 99%, 10-40x faster
per call and 20x smaller on disk (lingua: 96 MB, 1 GB of memory with every language loaded).

``detect`` abstains (returns ``None``) when the text has fewer than :data:`MIN_LETTERS` letters
once links, @handles, e-mail addresses and digits are taken out, or when the best language's
probability is under :data:`MIN_CONFIDENCE`. Regional varieties the model tells apart are folded
into their macrolanguage (Moroccan ``ary`` and Egyptian ``arz`` Arabic count as ``ar``), and their
probabilities added up. Codes are ISO 639-1 where one exists (``en``, ``es``, ``ar``), else ISO
639-3 as the model gives them.

Only the first :data:`MAX_CHARS` characters are looked at (an article's language is clear long
before that, and the cost per call stays flat): 2,500 gave the same language and the same
sure/unsure side of 0.9 as 10,000 on every page of tests/data/realpages (so did 1,500), at a
quarter of the cost (about 3 ms an article instead of 10: at 10,000 it was 44% of an import).
The first look is at :data:`FIRST_LOOK` characters: at 400, each of the 170 saved pages of
tests/data/realpages, realpages2 and realpages3 got the language it gets from 2,500 (3 were not
sure at 400 and read on; 1 at 800), at 0.52 ms a page against 0.94 at 800.
"""

from __future__ import annotations

import re
import threading

__all__ = ["MAX_CHARS", "MIN_CONFIDENCE", "MIN_LETTERS", "base_code", "detect", "is_valid_code"]

MIN_LETTERS = 12
MIN_CONFIDENCE = 0.7
MAX_CHARS = 2_500  # py3langid reads bytes in a Python loop: ~1 us a character
FIRST_LOOK = 400
SURE = 0.99

# variety -> language it is reported as
_FOLD = {"ary": "ar", "arz": "ar", "uzs": "uz", "wuu": "zh", "yue": "zh", "nn": "no", "gug": "gn"}
_NOT_LANGUAGE = frozenset({"zxx"})  # "no linguistic content"

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+|[\d_]+")
_CODE = re.compile(r"[a-z]{2,3}")

_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                # Languages with an ISO 639-1 code and the varieties folded into one; regional
                # languages without one (Extremaduran, Aragonese, Ligurian...) took probability
                # from Spanish and Italian on short sentences without being what newsrooms write.
                keep = sorted({c for c in identifier.nb_classes if len(c) == 2 or c in _FOLD})
                identifier.set_languages(keep)
                _identifier = identifier
    return _identifier


def base_code(code: str | None) -> str:
    """The language of a code, its region dropped: "es-ES" / "ES" / " pt_BR " -> "es" / "es" / "pt";
    None or "" -> "". Not validated (see :func:`is_valid_code`)."""
    if not code:
        return ""
    return str(code).strip().lower().replace("_", "-").split("-", 1)[0]


def detect(text: str) -> tuple[str | None, float]:
    """(language code, confidence 0..1) of ``text``, or (None, confidence) when unsure.

    The confidence is the model's probability of the language returned (of the best one when it
    abstains; 0.0 when the text is too short to look at). A long text is first judged on its
    first :data:`FIRST_LOOK` characters; only when that is not :data:`SURE` is the rest, up to
    :data:`MAX_CHARS`, read too (all but 3 of 170 saved real pages were sure at 400 characters)."""
    if not isinstance(text, str):
        raise TypeError(f"detect() wants a str, not {type(text).__name__}")
    if len(text) > FIRST_LOOK:
        code, p = _detect(text[:FIRST_LOOK])
        if code is not None and p >= SURE:
            return code, p
    return _detect(text[:MAX_CHARS])


def _detect(text: str) -> tuple[str | None, float]:
    clean = _NOISE.sub(" ", text)
    if sum(map(str.isalpha, clean)) < MIN_LETTERS:  # C-level: a generator cost ~0.3 ms an article
        return None, 0.0
    merged: dict[str, float] = {}
    for code, p in _model().rank(clean):
        code = _FOLD.get(code, code)
        merged[code] = merged.get(code, 0.0) + p
    code, p = max(merged.items(), key=lambda kv: kv[1])
    p = min(max(float(p), 0.0), 1.0)
    if p < MIN_CONFIDENCE or code in _NOT_LANGUAGE:
        return None, p
    return code, p


def is_valid_code(code: object) -> bool:
    """Whether ``code`` looks like a language code this module can return (2-3 lower-case letters)."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None
