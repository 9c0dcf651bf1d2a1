"""Sentence segmentation with exact code-point offsets.

Pure Python (no Django). The boundary detection is done by `sentencex` (Rust,
chosen by measurement: see README "Choosing the segmenter"); this module makes it
safe and exact:

* a line break always ends a claim: the text is cut into lines first and each
  line is segmented on its own (this also works around sentencex's habit of not
  splitting after a "•" bullet until the next newline);
* sentencex panics (a ``BaseException``) on some non-ASCII input, e.g. a capital
  letter, a no-break space and a period (``"Plan B\\u00a0."``), because it slices
  UTF-8 bytes. We never give it non-ASCII: each non-ASCII code point is replaced by
  one ASCII code point of the same kind (space, quote, dash, letter...) before
  segmenting, so offsets are unchanged and no char boundary can be hit. Should it
  panic anyway, the line becomes one span instead of crashing the import;
* spans are trimmed of surrounding whitespace, so
  ``text[span.start:span.end]`` is the sentence exactly, never empty.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import sentencex

__all__ = ["LANGUAGE", "Span", "segment", "segment_line"]

LANGUAGE = "en"


class Span(NamedTuple):
    start: int
    end: int


# Leading list markers that sentencex would glue to the previous item's end
# ("• 9. The first item • 10. The second item").
_BULLETS = "•◦‣⁃▪●·"
_BULLET_SPLIT = re.compile(r"(?<=\S)\s+(?=[" + _BULLETS + r"]\s*\S)")
# Enumerated items inside one line: "1.) a 2.) b", "1) a 2) b", "a. x b. y".
_ENUM_ITEM = re.compile(r"(?:(?<=\s)|^)(?:\d{1,3}\.?\)|\d{1,3}\.|[a-z]\.)\s+(?=\S)")
# A closing period followed by an ellipsis-ish ". . ." run that starts the next
# sentence (Golden Rule 48): handled by sentencex well enough; nothing to do.



def _fold_char(ch: str) -> str:
    """The one ASCII character that stands in for the non-ASCII ``ch`` when segmenting."""
    cat = unicodedata.category(ch)
    if ch.isspace() or cat == "Zs":
        return " "
    if ch in "“”„‟«»″〝〞＂":
        return '"'
    if ch in "‘’‚‛‹›′＇":
        return "'"
    if ch in "°º":
        return "o"  # "N°." reads as the abbreviation "No."
    if ch == "…":
        return "."  # keeps "that… She" a boundary candidate
    if ch in _BULLETS:
        return "*"
    if cat == "Pd":
        return "-"
    if ch in _CJK_STOPS:
        return _CJK_STOPS[ch]
    if ch.isupper():
        return "A"
    if ch.isdigit():
        return "0"
    if ch.isalpha() or cat.startswith("M"):
        return "a"  # letters and combining marks stay "word" characters
    return "#"  # symbols (€, ©, emoji...) and anything else


_CJK_STOPS = {"。": ".", "．": ".", "！": "!", "？": "?"}


# str.translate table, grown as new characters are met (plain dict: lookups stay in C).
# ASCII maps to itself so that no lookup misses (a miss costs a KeyError inside translate).
_FOLD: dict[int, int] = {i: i for i in range(128)}


def _ascii(line: str) -> str:
    """``line`` with every non-ASCII code point replaced by one ASCII code point.

    One code point for one, so offsets into the result are offsets into ``line``.
    """
    if line.isascii():
        return line
    folded = line.translate(_FOLD)
    if not folded.isascii():
        for ch in {c for c in folded if ord(c) > 127}:
            _FOLD[ord(ch)] = ord(_fold_char(ch))
        folded = line.translate(_FOLD)
    return folded


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(start, end)


def _pieces(line: str) -> list[tuple[int, int]]:
    """Cut a line before bullets and before the items of an inline enumeration.

    "• 9. a • 10. b" and "1.) a 2.) b" / "1. a 2. b" / "a. x b. y c. z" are lists, not
    sentences that sentencex should join or cut at the item numbers.
    """
    cuts = {m.end() for m in _BULLET_SPLIT.finditer(line)}
    cuts.update(_enumeration_cuts(line))
    if not cuts:
        return [(0, len(line))]
    bounds = [0, *sorted(cuts), len(line)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]


def _enumeration_cuts(line: str) -> list[int]:
    """Start offsets of list items 2..n when the line opens with item 1 (or a)."""
    first = _ENUM_ITEM.match(line)
    if first is None:
        return []
    kind = _marker_kind(line)
    marks = [m.start() for m in _ENUM_ITEM.finditer(line) if _marker_kind(line[m.start() :]) == kind]
    # items must count up: 1, 2, 3 ... or a, b, c ...
    keep: list[int] = []
    expected = _marker_value(line)
    for m in marks:
        if _marker_value(line[m:]) == expected:
            keep.append(m)
            expected = _next_value(expected)
    return keep[1:] if len(keep) >= 2 else []


_MARK_NUM = re.compile(r"\d{1,3}")


def _marker_value(s: str) -> str:
    if s[:1].isdigit():
        m = _MARK_NUM.match(s)
        return m.group() if m else ""
    return s[:1]


def _next_value(v: str) -> str:
    return str(int(v) + 1) if v.isdigit() else chr(ord(v) + 1)


_NUM_DOT_MARK = re.compile(r"\s*\*?\s*\d{1,3}\.(?=[\s)])")


def _protect_marker(piece: str) -> str:
    """Rewrite a leading "12. " / "12.)" / "• 12. " item marker's period as ")".

    Works on the ASCII-folded copy only (bullets are "*" there), so offsets are unchanged.
    """
    m = _NUM_DOT_MARK.match(piece)
    if m is None:
        return piece
    i = m.end() - 1
    return piece[:i] + ")" + piece[i + 1 :]


def _boundaries(ascii_line: str) -> list[tuple[int, int]]:
    try:
        found = sentencex.get_sentence_boundaries(LANGUAGE, ascii_line)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:  # noqa: BLE001 - pyo3's PanicException derives from BaseException
        return [(0, len(ascii_line))]
    return [(b["start_index"], b["end_index"]) for b in found]


def _marker_kind(s: str) -> str:
    if s[:1].isdigit():
        return "num-paren" if re.match(r"\d{1,3}\.?\)", s) else "num"
    return "alpha"


def segment_line(line: str, offset: int = 0) -> list[Span]:
    """Segment one line (no line break inside) into trimmed spans shifted by ``offset``."""
    spans: list[Span] = []
    folded = _ascii(line)
    if "*" in folded or _ENUM_ITEM.match(line) is not None:
        pieces = _pieces(line)
    else:
        pieces = [(0, len(line))]
    for p_start, p_end in pieces:
        piece = folded[p_start:p_end] if len(pieces) > 1 else folded
        if piece[:1].isdigit() or "*" in piece[:3] or piece[:1].isspace():
            piece = _protect_marker(piece)
        for b_start, b_end in _boundaries(piece):
            start = p_start + b_start
            end = p_start + b_end
            if line[start].isspace() or line[end - 1].isspace():
                trimmed = _trim(line, start, end)
                if trimmed is None:
                    continue
                start, end = trimmed
            spans.append(Span(start + offset, end + offset))
    return spans


# Every character that str.splitlines() treats as a line boundary.
_EOL = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def segment(text: str) -> list[Span]:
    """Split ``text`` into sentence spans; ``text[s.start:s.end]`` is each sentence.

    Spans are in order, never overlap, never empty, never contain a line break and
    never start or end with whitespace. A line break always ends a span.
    """
    spans: list[Span] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip(_EOL)
        if line and not line.isspace():
            spans.extend(segment_line(line, pos))
        pos += len(raw)
    return spans
