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
  ``text[span.start:span.end]`` is the sentence exactly, never empty;
* every language has its own rules (``segment_data.py``): at each boundary sentencex
  proposes, the original text around it decides whether it stands ("Rep. | Heath" is
  joined, a quoted question stays with "Wallace asked.", German "am 31. | Oktober" and
  "der 3. | Liga" are joined, "EE. | UU." is joined). Caseless letters (Arabic...) are
  folded to a capital and Arabic punctuation to its ASCII twin, so "؟" and "." before an
  Arabic word are boundaries; « » „ “ fold to '"' and ¿ ¡ to a neutral symbol, one code
  point for one, so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import NamedTuple

import sentencex

from .segment_data import SUPPORTED, SegmentRules, rules_for

__all__ = ["LANGUAGE", "SUPPORTED", "Span", "segment", "segment_line"]

LANGUAGE = "en"  # the default language


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
    if ch in _STOPS:
        return _STOPS[ch]
    if ch.isupper():
        return "A"
    if ch.isdigit():
        return "0"
    if ch.isalpha():
        # a letter without case (Arabic, Hebrew, Devanagari, CJK...) reads as a capital, so
        # that a full stop before it is a boundary (sentencex never splits before lower case)
        return "a" if ch.islower() or _cased(ch) else "A"
    if cat.startswith("M"):
        return "a"  # combining marks stay "word" characters
    return "#"  # symbols (€, ©, emoji, ¿, ¡...) and anything else


def _cased(ch: str) -> bool:
    return ch.upper() != ch or ch.lower() != ch or unicodedata.category(ch) == "Lt"


# Sentence punctuation of other scripts -> its ASCII twin.
_STOPS = dict(
    zip(
        "。．！？"  # CJK, full width
        "؟۔،؛٫٬"  # Arabic: question mark, full stop, comma, semicolon, decimal and thousands separators
        "।॥։።\u037e"  # Devanagari dandas, Armenian and Ethiopic full stops, Greek question mark
        "‼⁇⁈⁉",
        "..!??.,;.,....?!??!",
        strict=True,
    )
)


# str.translate table, grown as new characters are met (plain dict: lookups stay in C).
# ASCII maps to itself so that no lookup misses (a miss costs a KeyError inside translate).
_FOLD: dict[int, int] = {i: i for i in range(128)}
# The non-ASCII characters of most news text (typographic quotes, dashes, no-break space):
# replaced by str.replace, which runs at memory speed, before anything per character.
_COMMON = "\u2019\u201c\u201d\u2014\u2013\u00a0\u2018\u2026"
_COMMON_TO = {ch: _fold_char(ch) for ch in _COMMON}
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _fold_text(text: str) -> str:
    """``text`` through the translation table, the table grown first by what it lacks."""
    folded = text.translate(_FOLD)
    if not folded.isascii():
        for ch in {c for c in folded if ord(c) > 127}:
            _FOLD[ord(ch)] = ord(_fold_char(ch))
        folded = text.translate(_FOLD)
    return folded


def _fold_run(match: re.Match[str]) -> str:
    return _fold_text(match.group())


def _ascii(line: str) -> str:
    """``line`` with every non-ASCII code point replaced by one ASCII code point.

    One code point for one, so offsets into the result are offsets into ``line``. Whole texts
    are folded at once (``segment``): the common characters by ``str.replace``, the rest run
    by run (an accented letter, an Arabic word) through the translation table.
    """
    if line.isascii():
        return line
    for ch in _COMMON:
        if ch in line:
            line = line.replace(ch, _COMMON_TO[ch])
    if line.isascii():
        return line
    if len(line.encode("utf-8")) - len(line) > len(line) // 4:
        # a script of its own (Arabic, Cyrillic, Greek, CJK: every word a run): one translate
        # of the whole text, in C, instead of a Python call per word
        return _fold_text(line)
    return _NON_ASCII_RUN.sub(_fold_run, line)


def _trim(text: str, start: int, end: int) -> Span | None:
    chunk = text[start:end]
    right = chunk.rstrip()
    if not right:
        return None
    left = right.lstrip()
    start += len(right) - len(left)
    return Span(start, start + len(left))


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


def _marker_kind(s: str) -> str:
    if s[:1].isdigit():
        return "num-paren" if re.match(r"\d{1,3}\.?\)", s) else "num"
    return "alpha"


# --- the per-language decision at each boundary -------------------------------------------

_OPENERS = "\"'“‘„«»‹›¿¡([{—–-"
_CLOSERS = "\"'”’»«›‹)]}"
_TRAILING = ",;:.!?\"'”’»«)]}"
_ORDINAL = re.compile(r"\d{1,3}\.")
_QUOTE_END = re.compile(r"[?!]\s?[\"'”’»«]$|[?!][\"'”’»«]\s?[\"'”’»«]$")
_QUOTE_END_STOP = re.compile(r"\.\s?[\"'”’»«]$")
_NAME = r"(?:[A-Z][\w'’.-]*\s+){1,4}"
_attribution_cache: dict[frozenset[str], re.Pattern[str]] = {}
_split_cache: dict[frozenset[str], re.Pattern[str]] = {}


def _attribution(verbs: frozenset[str]) -> re.Pattern[str]:
    """``Wallace asked.`` / ``Chris Wallace asked on Sunday.``: one to four capitalised words and a verb."""
    pattern = _attribution_cache.get(verbs)
    if pattern is None:
        alternatives = "|".join(sorted((re.escape(v) for v in verbs), key=len, reverse=True))
        pattern = re.compile(rf"{_NAME}(?:[a-z]+ly\s+)?(?:{alternatives})\b")
        _attribution_cache[verbs] = pattern
    return pattern


# Bidirectional formatting marks that Arabic and Hebrew text carries around punctuation.
_WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # every ASCII character str.isspace() accepts
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _bare(token: str) -> str:
    """``"then-Rep.`` -> ``then-Rep``, ``l'Avv.`` -> ``Avv``: opening punctuation, an elided
    article, bidirectional marks and the final period off."""
    token = token.lstrip(_OPENERS).removesuffix(".").strip(_BIDI)
    if "'" in token or "’" in token:
        token = token.replace("’", "'").rsplit("'", 1)[1]
    return token


def _is_title(key: str, titles: frozenset[str]) -> bool:
    if not key:
        return False
    if key in titles or key.lower() in titles:
        return True
    if "-" in key:  # "then-Rep", "Ex-Gov"
        rest = key.rsplit("-", 1)[1]
        return bool(rest) and (rest in titles or rest.lower() in titles)
    return False


def _last_tokens(line: str, folded: str, a_start: int, a_end: int) -> tuple[str, str]:
    """The last two whitespace-separated tokens of ``line[a_start:a_end]`` (the first may be "")."""
    i = folded.rfind(" ", a_start, a_end)
    last = line[i + 1 if i >= 0 else a_start : a_end]
    if "\t" in last:
        return "", last.rsplit(None, 1)[-1]
    if i <= a_start:
        return "", last
    j = folded.rfind(" ", a_start, i)
    return line[j + 1 if j >= 0 else a_start : i], last


def _keep_together(
    line: str, folded: str, a_start: int, a_end: int, b_start: int, b_end: int, rules: SegmentRules
) -> bool:
    """Whether the boundary between two spans of ``line`` is false, by ``rules``.

    ``folded`` is ``line`` folded to ASCII (every kind of space is " " there).
    """
    i = folded.rfind(" ", a_start, a_end)
    last = line[i + 1 if i >= 0 else a_start : a_end]
    end = last[-1]
    if end == ".":
        key = _bare(last)
        low = key.lower()
        if low in rules.before_number and line[b_start : b_start + 1].isdigit():
            return True
        titles = rules.titles
        if key in titles or low in titles or ("-" in key and _is_title(key, titles)):
            return True
        if len(key) > 2 and key[-2] == "-" and key[-1].isupper():  # "D-N.|Y.", "R-W.|Va." (party-state)
            return True
        j = folded.find(" ", b_start, b_end)
        head = line[b_start : j if j >= 0 else b_end]
        word = head.rstrip(_TRAILING)
        if rules.pairs:
            prev, last = _last_tokens(line, folded, a_start, a_end)
            if f"{last} {head}" in rules.pairs or f"{last} {word}." in rules.pairs:  # "EE. | UU.,"
                return True
            pair = f"{prev.lstrip(_OPENERS)} {last}"
            if pair in rules.pairs_open:  # "z. B. | Der"
                return True
            if pair in rules.pairs and word.lstrip(_OPENERS) not in rules.starters:
                return True
            if pair in rules.times:
                return word in rules.time_followers or word[:1].islower()
        if low in rules.times:
            return word in rules.time_followers or word[:1].islower()
        if low in rules.soft:
            return word.lstrip(_OPENERS) not in rules.starters
        if rules.ordinals and last[:1].isdigit() and _ORDINAL.fullmatch(last):
            if word in rules.months:
                return True
            prev, _last = _last_tokens(line, folded, a_start, a_end)
            return prev.lstrip(_OPENERS).lower() in rules.ordinal_before
        return False
    if rules.reporting_verbs and end in _CLOSERS:
        tail = line[max(a_start, a_end - 4) : a_end]
        question = _QUOTE_END.search(tail) is not None
        if question or _QUOTE_END_STOP.search(tail) is not None:
            found = _attribution(rules.reporting_verbs).match(line, b_start, b_end)
            if found is not None:
                rest = line[found.end() : b_end]
                # after a question or exclamation any short attribution; after a full stop
                # only "Name said." itself
                return (len(rest) <= 60) if question else (rest in {".", ""})
    return False


def _split_pattern(words: frozenset[str]) -> re.Pattern[str]:
    pattern = _split_cache.get(words)
    if pattern is None:
        alternatives = "|".join(sorted(re.escape(w) for w in words))
        pattern = re.compile(rf"(?:{alternatives})\.(?=\s+[A-Z#\"'])")
        _split_cache[words] = pattern
    return pattern


def _extra_cuts(folded: str, rules: SegmentRules) -> list[int]:
    """Boundaries sentencex misses, e.g. "The answer was no. Then ..." ("no." read as "number")."""
    cuts = []
    for m in _split_pattern(rules.split_after).finditer(folded):
        i = m.start()
        if i == 0 or not (folded[i - 1].isalnum() or folded[i - 1] in "._"):
            cuts.append(m.end())
    return cuts


# A sentence end inside a quotation (sentencex keeps a quotation whole) or right after one that
# closes with two quote marks (".’” The"): a terminator (and closing quotes) before a capital, or
# before an ellipsis that opens the next sentence ("humbly. ... I want").
_QUOTED_END = re.compile(r"[.!?]+[\"']*(?=\s+(?:[\"']*[A-Z]|\.(?:\.\.)?\s+[A-Z]))")
# a terminator, closing quotes and a space before an opening mark ("km/h. ¿En cuánto ...")
_OPENING_MARK = re.compile(r"[.!?…]+[\"'”’»]*\s+(?=[¿¡])")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


def _quote_cuts(line: str, folded: str, start: int, end: int, rules: SegmentRules) -> list[int]:
    """Sentence ends inside the quotation(s) of ``line[start:end]``, which sentencex does not cut."""
    cuts = []
    last_cut = start
    quotes, counted = 0, start  # quote marks in folded[start:counted]
    for m in _QUOTED_END.finditer(folded, start, end):
        stop = m.start()
        quotes += folded.count('"', counted, stop)
        counted = stop
        closes = folded[m.end() - 1] in "\"'"
        if not closes and quotes % 2 == 0:
            continue  # not inside a quotation: sentencex has decided
        i = folded.rfind(" ", start, stop)
        if i < max(last_cut, folded.rfind('"', start, stop)):
            continue  # one word since the quotation opened or the last cut: a slogan ("Meth. We're on it.")
        key = line[i + 1 if i >= 0 else start : stop].lstrip(_OPENERS)
        if folded[stop] == "." and (
            not key
            or key in rules.dot_keys
            or key.lower() in rules.dot_keys
            or f"{key}." in rules.pair_tokens
            or _INITIALS.fullmatch(f"{key}.")  # "U.S.", "a.m.", "J."
            or (rules.ordinals and key.isdigit())
            or (len(key) > 2 and key[-2] == "-" and key[-1].isupper())
        ):
            continue
        cuts.append(m.end())
        last_cut = m.end()
    return cuts


# Opening quotation marks (not » or ›: French closes with them after a space)
_OPENINGS = frozenset('"\'\u201c\u2018\u201e\u201a\u00ab\u2039')


def _piece_spans(
    line: str, folded: str, folded_piece: str, p_start: int, rules: SegmentRules
) -> list[tuple[int, int]]:
    """Trimmed spans (offsets into ``line``) of one piece, after the language's rules."""
    # sentencex's sentences tile the piece, each with its trailing whitespace (its ``segment``
    # returns them as strings, twice as fast as its boundary dicts; checked to tile, else the
    # dicts); every kind of space is an ASCII space in the folded copy, so stripping it there
    # trims ``line``
    try:
        parts = _engine_segment(rules.engine, folded_piece)
        if "".join(parts) != folded_piece:
            parts = [
                folded_piece[b["start_index"] : b["end_index"]]
                for b in sentencex.get_sentence_boundaries(rules.engine, folded_piece)
            ]
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:  # noqa: BLE001 - pyo3's PanicException derives from BaseException
        parts = [folded_piece]
    spans: list[tuple[int, int]] = []
    append = spans.append
    s = p_start
    carried = -1  # where the quotation mark that opens this part's sentence is (see below)
    last = len(parts) - 1
    for k, part in enumerate(parts):
        right = part.rstrip()
        if right:
            n = len(right)
            if right[-1] in "\"'" and n > 2 and right[-2] == " " and k < last and line[s + n - 1] in _OPENINGS:
                # '... explains Jennifer Ngo-Anh. “' + 'If we were able ...': the engine gave the
                # mark that opens the next sentence to this one (a quotation that runs on into the
                # next paragraph is not closed in this one, so the mark read as a closing one). It
                # goes to the sentence it opens, which then reads as quoted (its speaker carries over).
                carried = s + n - 1
                right = right[:-1].rstrip()
            if carried >= 0 and carried < s:
                append((carried, s + len(right)))
                carried = -1
            elif right[0] in _WS:
                left = right.lstrip()
                start = s + len(right) - len(left)
                append((start, start + len(left)))
            else:
                append((s, s + len(right)))
        s += len(part)
    for needle in rules.split_needles:
        if needle in folded_piece:
            cuts = _extra_cuts(folded_piece, rules)
            if cuts:
                spans = _cut(line, spans, [p_start + c for c in cuts])
            break
    if rules.openers and any(ch in line for ch in rules.openers):
        p_end = p_start + len(folded_piece)
        cuts = [
            m.end() for m in _OPENING_MARK.finditer(line, p_start, p_end) if line[m.end()] in rules.openers
        ]
        if cuts:
            spans = _cut(line, spans, cuts)
    if '"' in folded_piece:
        cuts = []
        search = _QUOTED_END.search
        for start, end in spans:
            # most quoted sentences hold no inner sentence end: one regex search tells
            if folded.find('"', start, end) >= 0 and search(folded, start, end) is not None:
                cuts.extend(_quote_cuts(line, folded, start, end, rules))
        if cuts:
            spans = _cut(line, spans, cuts)
    if len(spans) < 2:
        return spans
    # The usual boundary follows a plain word; only a few need _keep_together's closer look.
    keys = rules.dot_keys
    pair_tokens = rules.pair_tokens
    ordinals = rules.ordinals
    verbs = bool(rules.reporting_verbs)
    out: list[tuple[int, int]] = []
    a_start, a_end = spans[0]
    for b_start, b_end in spans[1:]:
        c = line[a_end - 1]
        if line[b_start].islower() or (
            b_start == a_end and c == "." and line[a_end - 2 : a_end - 1].isdigit()
        ):
            # no sentence opens in lower case ("Admón. es ...", "'Stop!' she said"), nor right
            # after a number's period without a space ("1.Helado, 2.Carne, 3.Arroz"; but
            # "on Wednesday.The stabbing" is two sentences glued by the page)
            a_end = b_end
            continue
        if c == ".":
            i = folded.rfind(" ", a_start, a_end)
            last = line[i + 1 if i >= 0 else a_start : a_end]
            key = last[:-1]
            if key.isalpha():
                look = key in keys or key.lower() in keys or last in pair_tokens
            elif key.isdigit():
                look = ordinals
            else:  # "then-Rep", "l'Avv", "U.S", "(Dr", bidi marks...
                look = True
        else:
            look = verbs and c in _CLOSERS
        if look and _keep_together(line, folded, a_start, a_end, b_start, b_end, rules):
            a_end = b_end
        else:
            out.append((a_start, a_end))
            a_start, a_end = b_start, b_end
    out.append((a_start, a_end))
    return out


def _cut(line: str, spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """``spans`` cut at the ``cuts`` that fall inside them (both in order; one pass)."""
    cuts = sorted(cuts)
    out: list[tuple[int, int]] = []
    j, n = 0, len(cuts)
    for start, end in spans:
        while j < n and cuts[j] <= start:
            j += 1
        if j == n or cuts[j] >= end:
            out.append((start, end))
            continue
        bounds = [start]
        while j < n and cuts[j] < end:
            bounds.append(cuts[j])
            j += 1
        bounds.append(end)
        for i in range(len(bounds) - 1):
            trimmed = _trim(line, bounds[i], bounds[i + 1])
            if trimmed is not None:
                out.append(trimmed)
    return out


def segment_line(line: str, offset: int = 0, language: str = LANGUAGE) -> list[Span]:
    """Segment one line (no line break inside) into trimmed spans shifted by ``offset``."""
    return _segment_line(line, offset, rules_for(language), _ascii(line))


_engine_segment = sentencex.segment
_span = partial(tuple.__new__, Span)  # Span((start, end)) without the Python-level __new__


def _segment_line(line: str, offset: int, rules: SegmentRules, folded: str) -> list[Span]:
    """Spans of ``line`` (``folded`` is its ASCII fold), shifted by ``offset``."""
    c0 = folded[0]
    if "*" in folded or (("0" <= c0 <= "9" or "a" <= c0 <= "z") and _ENUM_ITEM.match(line) is not None):
        pieces = _pieces(line)
    else:
        pieces = [(0, len(line))]
    spans: list[Span] = []
    single = len(pieces) == 1
    for p_start, p_end in pieces:
        piece = folded if single else folded[p_start:p_end]
        c0 = piece[0]
        if "0" <= c0 <= "9" or c0 in _WS or "*" in piece[:3]:
            piece = _protect_marker(piece)
        found = _piece_spans(line, folded, piece, p_start, rules)
        spans.extend([_span((start + offset, end + offset)) for start, end in found])
    return spans


# Every character that str.splitlines() treats as a line boundary.
_EOL = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def segment(text: str, language: str = LANGUAGE) -> list[Span]:
    """Split ``text`` into sentence spans; ``text[s.start:s.end]`` is each sentence.

    Spans are in order, never overlap, never empty, never contain a line break and
    never start or end with whitespace. A line break always ends a span. ``language``
    is a code ("en", "de", "pt-BR"...): the languages in ``SUPPORTED`` have their own
    rules, any other still splits with generic ones.
    """
    rules = rules_for(language)
    folded_text = _ascii(text)  # once for the whole text: one code point for one
    spans: list[Span] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        n = len(raw)
        line = raw.rstrip(_EOL)
        if line and not line.isspace():
            spans.extend(_segment_line(line, pos, rules, folded_text[pos : pos + len(line)]))
        pos += n
    return spans
