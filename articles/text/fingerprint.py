"""Normalised fingerprints for spotting the same claim twice (pure Python).

Two sentences get the same fingerprint when they differ only in case, accents,
punctuation, quote style, whitespace or a leading list bullet: "Ukraine’s allies — dubbed
…" and "ukraines allies dubbed ..." match. Numbers are kept, so "30 countries" and
"31 countries" never match.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["MIN_WORDS", "fingerprint", "fingerprint_and_linkable", "normalise"]

# Claims shorter than this are never linked as duplicates ("He said.", "Why?").
MIN_WORDS = 4

_NON_WORD = re.compile(r"[\W_]+")
# the combining-mark blocks (diacritics of Latin, Greek, Cyrillic...) left over by NFKD
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_APOSTROPHES = ("'", "’", "‘", "`", "´")


def normalise(text: str) -> str:
    """Lower-cased, accent-free words separated by single spaces (apostrophes dropped)."""
    if text.isascii():
        text = text.lower().replace("'", "").replace("`", "")
    else:
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
        for ch in _APOSTROPHES:
            if ch in text:
                text = text.replace(ch, "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def fingerprint(text: str) -> str:
    """A 32-hex-digit hash of ``normalise(text)``."""
    return _hash(normalise(text))


def fingerprint_and_linkable(text: str) -> tuple[str, bool]:
    """The fingerprint, and whether the claim is long enough to be linked as a duplicate."""
    norm = normalise(text)
    return _hash(norm), bool(norm) and norm.count(" ") + 1 >= MIN_WORDS


def _hash(norm: str) -> str:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()
