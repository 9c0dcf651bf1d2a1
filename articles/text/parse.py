"""Turn raw input (pasted text, Markdown, saved web pages, JSON records) into
``ParsedArticle`` objects.

Pure Python: no Django. Every parser ends in ``build_article``, which lays the
article out as the reviewer reads it (headline, summary bullets, sub-headings,
body) and records one ``Block`` per line with exact code-point offsets, so
``text[block.start:block.end]`` is always that whole line.

The only exception a parser raises for bad input is ``ParseError`` (a
``ValueError``) whose message names what was wrong.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from . import furniture, htmlmeta
from .htmlmeta import element_text

__all__ = [
    "KINDS",
    "Block",
    "ParseError",
    "ParsedArticle",
    "build_article",
    "detect_dateline",
    "looks_like_news_paste",
    "parse_html",
    "parse_markdown",
    "parse_news_paste",
    "parse_plain",
    "parse_record",
    "parse_txt",
]

KINDS = ("headline", "summary", "subheading", "body")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # one of KINDS
    start: int  # code-point offsets into ParsedArticle.text
    end: int


@dataclass(slots=True)
class ParsedArticle:
    title: str
    text: str
    blocks: list[Block]
    publisher: str = ""
    byline: str = ""
    url: str = ""
    published_on: datetime.date | None = None
    dateline: str = ""
    summary: list[str] = field(default_factory=list)
    caption: str = ""
    language: str = "en"
    line: int = 1


class ParseError(ValueError):
    """Bad input. ``str(err)`` is a message for a person; ``line``/``field`` say where."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

# Line separators other than "\n" become "\n" (Python's str.splitlines() set).
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Zero-width / invisible formatting characters, and the soft hyphen.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
# Control characters (except "\n" and "\t"), lone surrogates and the invisibles above.
_STRIP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _INVISIBLE + "]"
)
# Whitespace (but "\n") that is not already a single " ": a run of two or more, or any other kind.
_HSPACE = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")
_ANY_SPACE = re.compile(r"[^\S ]\s*| \s+")
# Anything _clean() must change besides spaces (a fast first check).
_DIRTY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _INVISIBLE + "]")


def _clean(s: str) -> str:
    """Newlines unified, invisibles and control chars removed, NFC, horizontal space collapsed."""
    if _DIRTY.search(s):
        s = _LINE_BREAKS.sub("\n", s)
        s = _STRIP.sub("", s)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    elif "  " not in s and "\t" not in s:
        return s  # ASCII: the other whitespace characters were handled above
    return _HSPACE.sub(" ", s)


def _one_line(s: str) -> str:
    """_clean() and then every run of whitespace (newlines too) to one space, stripped."""
    return _ANY_SPACE.sub(" ", _clean(s)).strip()


def _lines(s: str) -> list[str]:
    """Non-empty stripped lines of a cleaned string."""
    return [ln for ln in (x.strip() for x in _clean(s).split("\n")) if ln]


# --------------------------------------------------------------------------
# build_article
# --------------------------------------------------------------------------

_BULLET_CHARS = "•◦‣⁃▪●·∙"
_BULLET_PREFIX = re.compile(r"^\s*(?:[" + _BULLET_CHARS + r"]|[-*+–](?=\s))\s*")

_META_FIELDS = frozenset(
    {"publisher", "byline", "url", "published_on", "dateline", "summary", "caption", "language", "line"}
)


def _strip_bullet(s: str) -> str:
    return _BULLET_PREFIX.sub("", s, count=1)


def build_article(*, title: str, parts: Sequence[tuple[str, str]], **meta) -> ParsedArticle:
    """Lay out an article and compute its blocks.

    ``parts`` are ``(kind, text)`` pairs with kind "summary", "subheading" or
    "body" (a "headline" part is ignored: the headline is ``title``). Summary
    parts go first whatever their position. Text inside a part is normalised;
    a newline inside a body or summary part splits it into several blocks.
    If no summary part is given, ``meta["summary"]`` (a list of bullet texts)
    is used instead. ``summary`` is always set from what ends up in the text.
    """
    unknown = set(meta) - _META_FIELDS
    if unknown:
        raise TypeError(f"build_article() got unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    if not isinstance(title, str):
        raise ParseError("title must be a string", field="title")
    head = _one_line(title)
    if not head:
        raise ParseError("the article has no title", field="title")

    summary: list[str] = []
    rest: list[tuple[str, str]] = []
    for kind, value in parts:
        if kind not in KINDS:
            raise ParseError(f"unknown block kind {kind!r}")
        if not isinstance(value, str):
            raise ParseError(f"a {kind} part must be a string", field=kind)
        if kind == "headline":
            continue
        if kind == "summary":
            summary.extend(b for b in (_strip_bullet(x).strip() for x in _lines(value)) if b)
        elif kind == "subheading":
            line = _one_line(value)
            if line:
                rest.append(("subheading", line))
        else:
            rest.extend(("body", line) for line in _lines(value))
    if not summary and meta.get("summary"):
        extra = meta["summary"]
        if isinstance(extra, str):
            extra = [extra]
        for item in extra:
            if isinstance(item, str):
                summary.extend(b for b in (_strip_bullet(x).strip() for x in _lines(item)) if b)

    pieces: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def add(kind: str, line: str, sep: str) -> None:
        nonlocal pos
        if pieces:
            pieces.append(sep)
            pos += len(sep)
        pieces.append(line)
        blocks.append(Block(kind, pos, pos + len(line)))
        pos += len(line)

    add("headline", head, "")
    for i, bullet in enumerate(summary):
        add("summary", bullet, "\n\n" if i == 0 else "\n")
    for kind, line in rest:
        add(kind, line, "\n\n")

    meta["summary"] = summary
    for key in ("publisher", "byline", "url", "dateline", "caption"):
        if key in meta:
            meta[key] = _one_line(meta[key] or "")
    if not meta.get("language"):
        meta.pop("language", None)
    return ParsedArticle(title=head, text="".join(pieces), blocks=blocks, **meta)


# --------------------------------------------------------------------------
# Datelines, bylines, sub-headings, dates
# --------------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names of the other languages the pipeline reads (German, French, Spanish, Portuguese,
# Italian), for the dates their pages show ("19. Juli 2022", "7 juillet 2022", "3 de marzo de 2021").
for _i, _names in enumerate(
    [
        ("januar", "jänner", "janvier", "enero", "janeiro", "gennaio", "janv"),
        ("februar", "février", "fevrier", "febrero", "fevereiro", "febbraio", "févr", "fevr"),
        ("märz", "maerz", "mars", "marzo", "março", "marco"),
        ("avril", "abril", "aprile", "avr"),
        ("mai", "mayo", "maio", "maggio"),
        ("juni", "juin", "junio", "junho", "giugno"),
        ("juli", "juillet", "julio", "julho", "luglio", "juil"),
        ("août", "aout", "agosto"),
        ("septembre", "septiembre", "setiembre", "setembro", "settembre"),
        ("oktober", "octobre", "octubre", "outubro", "ottobre"),
        ("novembre", "noviembre", "novembro"),
        ("dezember", "décembre", "decembre", "diciembre", "dezembro", "dicembre", "déc"),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS.setdefault(_name, _i)
# Arabic month names: the Maghreb's (Tunisia, Algeria: "8 فيفري 2019") and the Gulf's and Egypt's
for _i, _names in enumerate(
    [
        ("جانفي", "يناير"),
        ("فيفري", "فبراير"),
        ("مارس",),
        ("أفريل", "افريل", "أبريل", "ابريل"),
        ("ماي", "مايو"),
        ("جوان", "يونيو"),
        ("جويلية", "يوليو"),
        ("أوت", "اوت", "أغسطس", "اغسطس"),
        ("سبتمبر",),
        ("أكتوبر", "اكتوبر"),
        ("نوفمبر",),
        ("ديسمبر",),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS.setdefault(_name, _i)
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"

_DATELINE = re.compile(
    r"""^(?P<place>[^\W\d_](?:[^\W\d_]|[ .'’\-])*?)
    (?:,\s*(?P<date>""" + _MONTH_RE + r"""\s+\d{1,2}(?:,?\s+\d{4})?))?
    (?:,\s*(?P<region>(?:[^\W\d_]\.){2,3}|[^\W\d_][^\W\d_.'’ ]*\.?(?:\s[^\W\d_][^\W\d_.'’]*\.?){0,3}))?
    \s*(?:\((?P<agency>[^()\n]{1,40})\))?
    (?:\s*(?::|[-–—]{1,2})\s+(?=\S)|(?<=\))\s*(?=[A-Z“"‘']))""",
    re.VERBOSE,
)
_NOT_PLACES = frozenset(
    {
        "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "ANALYSIS",
        "OPINION", "CORRECTION", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "PHOTO", "PHOTOS", "VIDEO",
        "FACT CHECK", "READ MORE", "RELATED", "ALSO READ", "WARNING", "FILE", "COMMENT", "EDITORIAL",
        "REVIEW", "INTERVIEW", "ADVERTISEMENT", "SPONSORED", "SUMMARY", "TL;DR", "PS", "P.S.", "NB",
    }
)


def _is_region(region: str, head: str) -> bool:
    """A state or country after the place of a dateline with no agency ("SIOUX FALLS, S.D. –",
    "AUSTIN, Texas —", "ALBANY, N.Y. -"): every word capitalised (a list such as "France and
    Germany" is not one), and a dash after it (a colon after "X, Y" is a sentence)."""
    words = region.split()
    return (
        len(words) <= 2
        and all(w[:1].isupper() for w in words)
        and bool(re.search(r"[-–—]{1,2}\s*$", head))
    )


def detect_dateline(paragraph: str) -> tuple[str, str]:
    """Split an opening dateline off a paragraph: ``("VILNIUS", "Lithuania declared ...")``.

    Returns ``("", paragraph)`` when the paragraph does not open with one.
    """
    m = _DATELINE.match(paragraph[:160])  # a dateline is short; never scan a whole long paragraph
    if not m:
        return "", paragraph
    place = m.group("place").strip(" -'’")
    letters = [c for c in place if c.isalpha()]
    agency = m.group("agency") or ""
    glued = not re.search(r"(?::|[-–—])\s*$", paragraph[: m.end()])  # "London (CNN)It was..."
    if glued and not (agency and len(agency) <= 20 and agency[:1].isupper() and len(agency.split()) <= 3):
        return "", paragraph
    # "London (CNN)": a place in title case only with a news agency right after it
    title_case = agency and all(w[:1].isupper() for w in place.split())
    if (
        len(letters) < 2
        or len(place) > 40
        or len(place.split()) > 4
        or (place != place.upper() and not title_case)
        or place in _NOT_PLACES
        or (m.group("region") and not m.group("agency") and not _is_region(m.group("region"), paragraph[: m.end()]))
    ):
        return "", paragraph
    rest = paragraph[m.end():]
    if not rest.strip():
        return "", paragraph
    return place, rest


_NAME_PARTICLES = frozenset(
    {"and", "&", "de", "del", "della", "der", "van", "von", "la", "le", "da", "di", "du", "bin", "al", "el", "ibn", "y"}
)
_BYLINE = re.compile(r"^by[:\s]\s*(?P<name>.{2,120})$", re.IGNORECASE)


def _byline(line: str) -> str:
    """The name in a "By NAME" line, or ""."""
    m = _BYLINE.match(line.strip())
    if not m:
        return ""
    name = m.group("name").strip().rstrip(".").strip()
    words = name.replace(",", " ").split()
    if not words or len(words) > 12 or line.strip()[:2].lower() != "by":
        return ""
    if name[-1:] in "?!:;" or not (words[0][0].isupper() or words[0][0].isdigit()):
        return ""
    for w in words:
        if w.lower() in _NAME_PARTICLES:
            continue
        if not (w[0].isupper() or w[0] in "(\"'“"):
            return ""
    return name


_TERMINAL = tuple(".?!:”\"’'…,;")
_MAX_SUBHEADING_WORDS = 12


def _is_subheading(line: str) -> bool:
    if len(line) > 200 or line.endswith(_TERMINAL):
        return False
    words = line.split()
    if not 1 <= len(words) <= _MAX_SUBHEADING_WORDS:
        return False
    if line.endswith(_TERMINAL):
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit()):
        return False
    return any(c.isalpha() for c in line)


def _body_parts(paragraphs: list[str], *, detect_subheadings: bool = True, dateline: str | None = None):
    """(parts, dateline) for body paragraphs: dateline taken off the first paragraph, sub-headings marked."""
    paragraphs = [p for p in paragraphs if p.strip()]
    found = ""
    if paragraphs and dateline is None:
        found, rest = detect_dateline(paragraphs[0].strip())
        if found:
            paragraphs[0] = rest
    parts: list[tuple[str, str]] = []
    last = len(paragraphs) - 1
    for i, p in enumerate(paragraphs):
        p = p.strip()
        if detect_subheadings and i < last and not (i == 0 and found) and "\n" not in p and _is_subheading(p):
            parts.append(("subheading", p))
        else:
            parts.append(("body", p))
    return parts, (found if dateline is None else dateline)


_TIME_SUFFIX = re.compile(r"[\sT,]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\(?[A-Z]{1,5}\)?|\s*[+-]\d{2}:?\d{2}|Z)?$")


def parse_loose_date(s: str) -> datetime.date | None:
    """A calendar date written in one of the usual ways, or None.

    Accepts ISO ("2023-08-04", with or without a time), "04 August 2023",
    "4 Aug. 2023", "August 4, 2023", "Aug 4 2023", each optionally followed by a time.
    """
    s = s.strip().strip(".,")
    if not s:
        return None
    iso = _iso_date(s)
    if iso is not None:
        return iso
    s = _TIME_SUFFIX.sub("", s).strip().strip(",")
    s = re.sub(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", "", s, flags=re.IGNORECASE)
    m = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})", s)
    if m:  # "19.07.2022": day, month, year (dotted dates are never month-first)
        try:
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})", s)
    if m:
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s)
        if not m:
            return None
        month, day, year = m.group(1), m.group(2), m.group(3)
    mon = _MONTHS.get(month.lower())
    if mon is None:
        return None
    try:
        return datetime.date(int(year), mon, int(day))
    except ValueError:
        return None


_ISO_TIME_TAIL = re.compile(
    r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)


def _iso_date(s: str) -> datetime.date | None:
    """The date of an ISO "YYYY-MM-DD" string, with or without a time after it, else None."""
    s = s.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}(?!\d)", s):
        return None
    try:
        day = datetime.date.fromisoformat(s[:10])
    except ValueError:
        return None
    tail = s[10:]
    if not tail:
        return day
    try:
        return datetime.datetime.fromisoformat(s).date()
    except ValueError:
        pass
    return day if _ISO_TIME_TAIL.fullmatch(tail) else None


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------


def _split_lines(raw: str) -> list[str]:
    """Lines of raw text, split on "\\n" only (after "\\r\\n" / "\\r"), so indexes are source lines."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: each non-empty line is a paragraph, except that a
    blank-line-separated block that is clearly hard-wrapped prose is joined."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        if _is_hard_wrapped(block):
            out.append(" ".join(block))
        else:
            out.extend(block)
        block.clear()

    for ln in lines:
        s = ln.strip()
        if s:
            block.append(s)
        else:
            flush()
    flush()
    return out


def _is_hard_wrapped(block: list[str]) -> bool:
    """Lines cut at a fixed width (all but the last close to the longest, up to 100 characters)."""
    if len(block) < 2:
        return False
    inner = block[:-1]
    width = max(len(x) for x in block)
    if width > 100 or min(len(x) for x in inner) < max(40, 0.6 * width):
        return False
    if any(_BULLET_PREFIX.match(x) for x in block):
        return False
    open_ended = sum(1 for x in inner if not x.endswith(_TERMINAL))
    return open_ended * 2 >= len(inner)


def parse_plain(raw: str) -> ParsedArticle:
    """First non-empty line = title, optional "By NAME" line, leading bullets = summary, then paragraphs."""
    if not isinstance(raw, str):
        raise ParseError("expected text")
    lines = _split_lines(raw)
    first = next((i for i, ln in enumerate(lines) if _one_line(ln)), None)
    if first is None:
        raise ParseError("no text: the input is empty")
    title = _one_line(lines[first])
    rest = [_clean(ln) for ln in lines[first + 1:]]
    byline = ""
    nonblank = [i for i, ln in enumerate(rest) if ln.strip()]
    if nonblank:
        byline = _byline(rest[nonblank[0]])
        if byline:
            rest = rest[nonblank[0] + 1:]
    summary: list[str] = []
    i = 0
    while i < len(rest):
        s = rest[i].strip()
        if not s:
            i += 1
            continue
        if s[0] in _BULLET_CHARS:
            summary.append(_strip_bullet(s))
            i += 1
            continue
        break
    if not summary:
        i = 0
    parts, dateline = _body_parts(_paragraphs(rest[i:]))
    return build_article(
        title=title,
        parts=[("summary", b) for b in summary] + parts,
        byline=byline,
        dateline=dateline,
        line=first + 1,
    )


# --------------------------------------------------------------------------
# News-paste format (headline, caption, Short Url, Updated <date>, Follow, headline again, bullets, body)
# --------------------------------------------------------------------------

_SHORT_URL = re.compile(r"^short\s*(?:url|link)$", re.IGNORECASE)
_FOLLOW = re.compile(r"^follow(?:\s+us)?$", re.IGNORECASE)
_DATE_META = re.compile(
    r"^(?P<which>updated|published|last\s+updated|posted)(?:\s+on)?\s*:?\s+(?P<date>.{4,60})$", re.IGNORECASE
)
_RELATIVE = re.compile(r"^(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month)s?\s+ago$", re.IGNORECASE)


def _meta_kind(line: str) -> tuple[str, datetime.date | None] | None:
    """("short_url" | "follow" | "published" | "updated", date) for a site boilerplate line, else None."""
    s = line.strip()
    if not s or len(s) > 80:
        return None
    if _SHORT_URL.match(s):
        return "short_url", None
    if _FOLLOW.match(s):
        return "follow", None
    m = _DATE_META.match(s)
    if m:
        d = parse_loose_date(m.group("date"))
        if d is not None or _RELATIVE.match(m.group("date").strip()):
            which = "published" if m.group("which").lower().startswith(("published", "posted")) else "updated"
            return which, d
    return None


def _key(s: str) -> str:
    return _one_line(s).casefold()


@dataclass(slots=True)
class _Header:
    headline: int  # line index of the headline
    captions: list[int]
    meta_start: int
    meta_end: int  # last meta line index
    repeat: int | None  # line index of the repeated headline
    dates: dict[str, datetime.date]


def _looks_like_caption(s: str) -> bool:
    return s.endswith((".", ")", "]")) or len(s.split()) > 20


def _find_headers(lines: list[str]) -> list[_Header]:
    stripped = [_one_line(ln) for ln in lines]
    n = len(stripped)
    headers: list[_Header] = []
    floor = 0  # nothing above this index belongs to the next header
    i = 0
    while i < n:
        kind = _meta_kind(stripped[i])
        if kind is None:
            i += 1
            continue
        # A cluster of meta lines, allowing single blank lines in between.
        start = end = i
        kinds = {kind[0]}
        dates: dict[str, datetime.date] = {}
        if kind[1]:
            dates[kind[0]] = kind[1]
        j = i + 1
        while j < n:
            if not stripped[j]:
                if j + 1 < n and stripped[j + 1] and _meta_kind(stripped[j + 1]):
                    j += 1
                    continue
                break
            k = _meta_kind(stripped[j])
            if k is None:
                break
            kinds.add(k[0])
            if k[1] and k[0] not in dates:
                dates[k[0]] = k[1]
            end = j
            j += 1
        # Lines above (closest first), not crossing the previous article's header.
        above = list(islice((a for a in range(start - 1, floor - 1, -1) if stripped[a]), 3))
        after = next((a for a in range(end + 1, n) if stripped[a]), None)
        header: _Header | None = None
        if above and after is not None:
            akey = _key(stripped[after])
            match = next((a for a in above if _key(stripped[a]) == akey), None)
            if match is not None:
                caps = [a for a in range(match + 1, start) if stripped[a]]
                header = _Header(match, caps, start, end, after, dates)
        if header is None and above and (len(kinds) >= 2 or "short_url" in kinds):
            a1 = above[0]
            if a1 == start - 1 and len(above) > 1 and _looks_like_caption(stripped[a1]) and not _looks_like_caption(
                stripped[above[1]]
            ):
                header = _Header(above[1], [a1], start, end, None, dates)
            else:
                header = _Header(a1, [], start, end, None, dates)
        if header is not None:
            headers.append(header)
            floor = (header.repeat if header.repeat is not None else header.meta_end) + 1
            i = floor
        else:
            i = end + 1
    return headers


def looks_like_news_paste(raw: str) -> bool:
    """True when the text has the site header of a pasted news page (Short Url / Updated <date> / Follow + repeated headline)."""
    if not isinstance(raw, str):
        return False
    return bool(_find_headers(_split_lines(raw)))


def parse_news_paste(raw: str) -> list[ParsedArticle]:
    lines = _split_lines(raw)
    headers = _find_headers(lines)
    if not headers:
        raise ParseError("not a pasted news page: no 'Short Url' / 'Updated <date>' / 'Follow' header found")
    stripped = [_one_line(ln) for ln in lines]
    articles = []
    for k, h in enumerate(headers):
        start = (h.repeat if h.repeat is not None else h.meta_end) + 1
        stop = headers[k + 1].headline if k + 1 < len(headers) else len(lines)
        body = [stripped[i] for i in range(start, stop) if stripped[i]]
        n_bullets = next((i for i, ln in enumerate(body) if ln[0] not in _BULLET_CHARS), len(body))
        bullets = [_strip_bullet(ln) for ln in body[:n_bullets]]
        body = body[n_bullets:]
        byline = ""
        if body:
            byline = _byline(body[0])
            if byline:
                body.pop(0)
        parts, dateline = _body_parts(body)
        published = h.dates.get("published") or h.dates.get("updated")
        articles.append(
            build_article(
                title=stripped[h.headline],
                parts=[("summary", b) for b in bullets] + parts,
                byline=byline,
                dateline=dateline,
                published_on=published,
                caption=" ".join(stripped[c] for c in h.captions),
                line=h.headline + 1,
            )
        )
    return articles


def parse_txt(raw: str) -> list[ParsedArticle]:
    """A .txt file or a paste: pasted news pages (one or more) or one plain article."""
    if looks_like_news_paste(raw):
        return parse_news_paste(raw)
    return [parse_plain(raw)]


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------

_FRONT_KEYS = {
    "title": "title",
    "byline": "byline",
    "author": "byline",
    "authors": "byline",
    "date": "published_on",
    "published_on": "published_on",
    "published": "published_on",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "publisher": "publisher",
    "source": "publisher",
    "site": "publisher",
    "dateline": "dateline",
    "language": "language",
    "lang": "language",
}


def _front_matter(raw: str) -> tuple[dict[str, str], str, int]:
    """(fields, rest, lines consumed) for an optional leading "---" key: value "---" block."""
    lines = _split_lines(raw)
    if not lines or lines[0].strip() != "---":
        return {}, raw, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, raw, 0
    fields: dict[str, str] = {}
    body = lines[1:end]
    if not all(not ln.strip() or ln.lstrip().startswith(("#", "-")) or ":" in ln for ln in body):
        return {}, raw, 0  # not key: value lines: a thematic break, not front matter
    last_key = None
    for ln in body:
        s = ln.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("- ") and last_key:  # a YAML list item: authors
            fields[last_key] = (fields.get(last_key, "") + ", " + _unquote(s[2:])).lstrip(", ")
            continue
        key, _, value = s.partition(":")
        last_key = _FRONT_KEYS.get(key.strip().lower())
        if last_key and value.strip():
            fields.setdefault(last_key, _unquote(value.strip()))
    return fields, "\n".join(lines[end + 1:]), end + 1


def _unquote(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def _inline_lines(token) -> list[str]:
    """The plain text of an inline token, one string per source line (split at soft breaks)."""
    lines: list[str] = []
    out: list[str] = []
    for child in token.children or ():
        t = child.type
        if t in ("text", "code_inline", "text_special"):
            out.append(child.content)
        elif t == "softbreak":
            lines.append("".join(out))
            out = []
        elif t == "hardbreak":
            out.append("\n")
        # links: their text children come through; images, html and emphasis markers are dropped
    lines.append("".join(out))
    return lines


# Markdown elements (markdown-it tokens, ~350 bytes each) one document may make, and inline
# elements one paragraph may make: far above any article, far below hundreds of MB.
MAX_MARKDOWN_TOKENS = 100_000


class _MarkdownBudget(Exception):
    def __init__(self, line: int | None = None):
        super().__init__(line)
        self.line = line


_MARKDOWN = None


def _markdown():
    """CommonMark, with two rules that stop a document whose elements would take hundreds of MB
    (a list item per line, a "*" per character...), and the inline parse left to the caller, one
    paragraph at a time, so that only one paragraph's inline elements are held at once."""
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark")
        md.disable(["inline", "text_join"])  # core rules: see parse_markdown

        def block_budget(state, start_line, end_line, silent):
            if len(state.tokens) > MAX_MARKDOWN_TOKENS:
                raise _MarkdownBudget(start_line)
            return False

        def inline_budget(state, silent):
            if len(state.tokens) + len(state.delimiters) + len(state.cache) > MAX_MARKDOWN_TOKENS:
                raise _MarkdownBudget()
            return False

        md.block.ruler.before("table", "element_budget", block_budget)
        md.inline.ruler.before("text", "element_budget", inline_budget)
        _MARKDOWN = md
    return _MARKDOWN


def _too_complex(line: int | None) -> ParseError:
    where = f" by line {line}" if line else ""
    return ParseError(
        f"the Markdown document has more than {MAX_MARKDOWN_TOKENS:,} elements{where} "
        "(list items, quotes, emphasis, links...), over the limit for one article",
        line=line,
    )


def parse_markdown(raw: str) -> ParsedArticle:
    if not isinstance(raw, str):
        raise ParseError("expected text")
    front, body, offset = _front_matter(raw)
    md = _markdown()
    env: dict = {}
    try:
        tokens = md.parse(body, env)
    except _MarkdownBudget as exc:
        raise _too_complex(exc.line + offset + 1) from None
    blocks: list[tuple[str, list[str], int]] = []  # (kind, source lines of text, source line number)
    depth_in_heading = None
    for tok in tokens:
        if tok.type == "heading_open":
            depth_in_heading = int(tok.tag[1])
        elif tok.type == "heading_close":
            depth_in_heading = None
        elif tok.type == "inline":
            line = (tok.map[0] if tok.map else 0) + offset + 1
            kind = "p" if depth_in_heading is None else f"h{depth_in_heading}"
            tok.children = []
            try:
                md.inline.parse(tok.content, md, env, tok.children)
            except _MarkdownBudget:
                raise _too_complex(line) from None
            blocks.append((kind, _inline_lines(tok), line))
            tok.children = None
        elif tok.type in ("fence", "code_block"):
            line = (tok.map[0] if tok.map else 0) + offset + 1
            blocks.append(("p", [tok.content], line))
    blocks = [b for b in blocks if _one_line(" ".join(b[1]))]
    if not front.get("title") and blocks and not any(b[0] == "h1" for b in blocks):
        # No title anywhere: the first line of the first block is the title.
        kind, source_lines, line = blocks[0]
        source_lines = [x for x in source_lines if _one_line(x)]
        blocks[0] = ("h1", source_lines[:1], line)
        if len(source_lines) > 1:
            blocks.insert(1, (kind, source_lines[1:], line + 1))

    title = _one_line(front.get("title", ""))
    first_line = 1 if front else offset + 1
    h1 = next((i for i, b in enumerate(blocks) if b[0] == "h1"), None)
    after_title = 0
    if h1 is not None and (not title or _key(" ".join(blocks[h1][1])) == _key(title)):
        if not title:
            title = _one_line(" ".join(blocks[h1][1]))
            first_line = 1 if front else blocks[h1][2]
        blocks.pop(h1)
        after_title = h1
    if not title:
        raise ParseError("no text: the Markdown document is empty")

    byline = front.get("byline", "")
    if after_title < len(blocks) and blocks[after_title][0] == "p":
        kind, source_lines, line = blocks[after_title]
        name = _byline(_one_line(source_lines[0]))
        if name:
            byline = byline or name
            if len(source_lines) > 1:
                blocks[after_title] = (kind, source_lines[1:], line + 1)
            else:
                blocks.pop(after_title)

    paragraphs = [("subheading" if kind[0] == "h" else "body", " ".join(lines)) for kind, lines, _ in blocks]
    dateline = front.get("dateline")
    if dateline is None:
        for idx, (kind, text) in enumerate(paragraphs):
            if kind == "body":
                lines = _lines(text)
                if lines:
                    found, rest = detect_dateline(lines[0])
                    if found:
                        dateline = found
                        paragraphs[idx] = ("body", "\n".join([rest, *lines[1:]]))
                break
    known = {k: v for k, v in front.items() if k in ("url", "publisher", "published_on", "language")}
    if "published_on" in known:
        known["published_on"] = parse_loose_date(str(known["published_on"])) or known["published_on"]
    meta = _checked_meta(known, line=None)
    return build_article(
        title=title,
        parts=paragraphs,
        byline=byline,
        dateline=dateline or "",
        line=first_line,
        **meta,
    )


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


def _html_meta(tree) -> dict[str, str]:
    """title, published, author, site, url from a page's <meta>/<link>/<title>."""
    found: dict[str, str] = {}

    def first(*xpaths: str) -> str:
        for xp in xpaths:
            for v in tree.xpath(xp):
                v = _one_line(str(v))
                if v:
                    return v
        return ""

    found["title"] = first(
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        '//meta[@name="title"]/@content',
    )
    found["html_title"] = first("//title/text()")
    found["published"] = first(
        '//meta[@property="article:published_time"]/@content',
        '//meta[@name="article:published_time"]/@content',
        '//meta[@itemprop="datePublished"]/@content',
        '//meta[@name="date"]/@content',
        '//meta[@name="pubdate"]/@content',
        '//meta[@name="publish-date"]/@content',
        '//meta[@name="DC.date.issued"]/@content',
        "//time[@datetime]/@datetime",
    )
    found["author"] = first(
        '//meta[@name="author"]/@content',
        '//meta[@property="article:author"][not(starts-with(@content, "http"))]/@content',
        '//meta[@name="byl"]/@content',
    )
    found["site"] = first('//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content')
    found["url"] = first('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    found["lang"] = first("/html/@lang")
    return found


_JUNK = re.compile(
    r"cookie|consent|gdpr|share|social|newsletter|subscribe|promo|advert|\bads?\b|sponsor|related|"
    r"comment|footer|header|masthead|menu|\bnav|breadcrumb|sidebar|popup|modal|banner|signup|paywall",
    re.IGNORECASE,
)


def _lxml_fallback(tree) -> list[tuple[str, str]]:
    """Headings, paragraphs and list items from a page, with obvious chrome removed."""
    for bad in tree.xpath(
        "//script|//style|//noscript|//template|//svg|//nav|//footer|//header|//aside|//form|//iframe|//button"
    ):
        bad.drop_tree()
    for el in tree.xpath("//*[@class or @id or @role]"):
        if el.getparent() is None:
            continue
        marker = " ".join(el.get(a, "") for a in ("class", "id", "role"))
        if _JUNK.search(marker) and el.tag not in ("html", "body", "article", "main"):
            el.drop_tree()
    root = (tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree])[0]
    out: list[tuple[str, str]] = []
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre"):
        if any(a.tag in ("p", "li", "blockquote") for a in el.iterancestors()):
            continue
        kind = "h1" if el.tag == "h1" else "subheading" if el.tag[0] == "h" else "body"
        text = element_text(el)
        text = _one_line(text) if kind != "body" else "\n".join(_lines(text))
        if not text:
            continue
        out.append((kind, text))
    if not out:
        text = element_text(root)
        out = [("body", ln) for ln in _lines(text)]
    return out


_INLINE = frozenset(("br", "strong", "b", "i", "em", "a", "span", "font", "u", "small", "sup", "sub"))
_BR_BODY_MIN = 800  # characters of running text set between <br>s in one element


def _br_body(tree) -> list[str]:
    """The story set as text between ``<br>`` line breaks directly inside one element (no ``<p>``:
    ``<div class="article_txt">text<br><br>text<br><br>...``), one paragraph a line; [] when no
    element holds ``_BR_BODY_MIN`` characters of its own text in three or more pieces."""
    best: list[str] = []
    best_len = _BR_BODY_MIN - 1
    for el in tree.iter("div", "td", "section", "article"):
        brs = 0
        pieces = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                brs += 1
                pieces.append("\n")
            elif tag in _INLINE:
                pieces.append(element_text(child, source_breaks=False))
            else:
                pieces.append("\n")
            pieces.append(child.tail or "")
        if brs < 2:
            continue
        lines = [ln for ln in (_one_line(x) for x in "".join(pieces).split("\n")) if ln]
        size = sum(len(ln) for ln in lines)
        if size > best_len and len(lines) >= 3:
            best, best_len = lines, size
    return best


_CHUNK_MIN = 300  # characters a story's other chunks must add to be read


def _norm_key(text: str) -> str:
    return " ".join(text.split())[:80]


def _story_chunks(tree, parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The story's paragraphs when its body is split into sibling chunks of the same markup and
    trafilatura read only one of them (WIRED's ``article__chunks``: three ``div.article__body``
    each in its own grid row; the story stops after the first). ``parts`` with the other chunks'
    paragraphs (direct ``<p>`` children only, in document order) around the chunk trafilatura
    read; ``parts`` unchanged when there are no such chunks or they add little."""
    body = [v for k, v in parts if k == "body"]
    if len(body) < 3:
        return parts
    wanted = {_norm_key(v) for v in body}
    counts: dict = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None and parent.get("class") and _norm_key(element_text(p)) in wanted:
            counts[parent] = counts.get(parent, 0) + 1
    if not counts:
        return parts
    chunk = max(counts, key=counts.get)
    if counts[chunk] < 2:
        return parts
    top = chunk
    for _ in range(3):
        if top.getparent() is None:
            break
        top = top.getparent()
    same = [
        el for el in top.iter(chunk.tag)
        if el.get("class") == chunk.get("class") and (el is chunk or not _nested(el, chunk))
    ]
    if len(same) < 2:
        return parts
    groups: list[list[tuple[str, str]] | None] = []
    extra = 0
    for el in same:
        if el is chunk:
            groups.append(None)
            continue
        found = []
        for p in el:
            if p.tag != "p":
                continue
            text = "\n".join(_lines(element_text(p)))
            if text and _norm_key(text) not in wanted:
                found.append(("body", text))
                extra += len(text)
        groups.append(found)
    if extra < _CHUNK_MIN or extra < 0.3 * sum(len(v) for v in body):
        return parts
    out: list[tuple[str, str]] = []
    for g in groups:
        out.extend(parts if g is None else g)
    # the headline first, as trafilatura gives it
    heads = [(k, v) for k, v in out if k == "h1"][:1]
    return heads + [kv for kv in out if kv not in heads]


def _nested(a, b) -> bool:
    """Whether one of ``a`` and ``b`` holds the other."""
    return any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


def _trafilatura_parts(page, url: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Main-text parts and metadata found by trafilatura in ``page`` (an lxml tree or a string)."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        return [], {}
    try:
        xml = _trafilatura_xml(trafilatura, page, url)
        doc = etree.fromstring(xml.encode("utf-8")) if xml else None
    except Exception:  # noqa: BLE001 - a third-party failure on odd markup: fall back to the page structure
        return [], {}
    if doc is None:
        return [], {}
    return _trafilatura_doc_parts(doc)


def _trafilatura_xml(trafilatura, page, url: str) -> str | None:
    return trafilatura.extract(
        page,
        url=url or None,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
    )


def _xml_text(el, *, skip=("list",)) -> str:
    """Text of a trafilatura element: ``<lb/>`` ends a line, nested blocks are lines of their own,
    nested ``skip`` elements (sub-lists, read item by item) are left out."""
    out: list[str] = []

    def walk(node, top: bool) -> None:
        tag = node.tag
        if not top and tag in skip:
            return
        if tag == "lb":
            out.append("\n")
        else:
            block = not top and tag in ("p", "head", "item", "quote", "list", "table", "row", "cell", "code")
            if block:
                out.append("\n")
            if node.text:
                out.append(node.text)
            for child in node:
                walk(child, False)
                if child.tail:
                    out.append(child.tail)
            if block:
                out.append("\n")

    walk(el, True)
    return "".join(out)


def _trafilatura_doc_parts(doc) -> tuple[list[tuple[str, str]], dict[str, str]]:
    meta = {k: doc.get(k, "") for k in ("title", "author", "date", "sitename", "url")}
    parts: list[tuple[str, str]] = []
    main = doc.find("main")
    if main is None:
        return [], meta
    for el in main:
        tag = el.tag
        if tag == "head":
            text = _one_line(_xml_text(el))
            rend = el.get("rend", "")
            parts.append(("h1" if rend == "h1" else "subheading", text))
        elif tag == "list":
            for item in el.iter("item"):
                parts.append(("body", _xml_text(item)))
        elif tag == "table":
            continue
        else:
            parts.append(("body", _xml_text(el)))
    return [p for p in parts if _one_line(p[1])], meta


# A control never holds an article: a <button> or <select> with paragraphs or the headline inside
# is broken markup (People's menu button left unclosed swallows the whole page), and dropping it
# as chrome would drop the story. Such an element's tag is removed, its content kept.
_SWALLOWING_CONTROLS = "//button[.//p or .//h1 or .//article] | //select[.//p or .//h1]"


def _unwrap_swallowing_controls(tree) -> None:
    for el in tree.xpath(_SWALLOWING_CONTROLS):
        el.drop_tag()


_HTML_MAX_DEPTH = 255  # libxml2's limit on nested elements (without XML_PARSE_HUGE)


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


def parse_html(raw: str, *, url: str = "", max_text: int | None = None) -> ParsedArticle:
    """A saved web page: main text plus title/date/author/site/URL from its metadata.

    ``max_text``: the most characters of text (outside scripts and styles) the page may hold;
    extracting the article from more would cost hundreds of MB (about 25 bytes per character)."""
    import lxml.html
    from lxml import etree

    if not isinstance(raw, str):
        raise ParseError("expected text")
    if not raw.strip():
        raise ParseError("no text: the page is empty")
    source = _STRIP.sub("", raw.replace("\r\n", "\n"))
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", source)
    # Comments out at parse time, their neighbours' text joined: "When <!-- -->President" is
    # "When President" (trafilatura drops a comment with the text after it: half sentences lost).
    parser = lxml.html.HTMLParser(remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not a readable HTML page ({exc})") from None
    for entry in parser.error_log:  # libxml2 stops reading at a fatal error: the rest would be lost
        if "Excessive depth" in entry.message:
            raise ParseError(
                f"the page nests elements more than {_HTML_MAX_DEPTH} deep (line {entry.line}); "
                "not a page that can be read",
                line=entry.line,
            )
        if entry.level_name == "FATAL":
            what = "one piece of text or script over 10 MB" if "limit" in entry.message else _one_line(entry.message)
            raise ParseError(f"not a readable HTML page: {what} (line {entry.line})", line=entry.line)
    if max_text is not None:
        size = sum(len(t) for t in tree.xpath("//text()[not(parent::script or parent::style)]"))
        if size > max_text:
            raise ParseError(
                f"the page holds {_mb(size)} of text, more than the {_mb(max_text)} a page with one "
                "article may hold; not read"
            )
    _unwrap_swallowing_controls(tree)
    page = _html_meta(tree)
    meta = htmlmeta.page_metadata(tree, url=url)
    # the date shown under the headline, read before the byline box (often a "share" box) is pruned
    shown_date = None
    if (meta.published is None or meta.published_utc) and meta.headline_element is not None:
        shown_date = _date_after_headline(meta.headline_element)
    furniture.prune(tree, keep=[meta.headline_element] if meta.headline_element is not None else [])
    parts, tmeta = _trafilatura_parts(tree, url)
    if len(parts) <= 1:
        # Nothing, or trafilatura's whole-page fallback on a short page: take the page's own structure.
        fallback = _lxml_fallback(tree)
        if fallback:
            parts = fallback
    parts = _story_chunks(tree, parts)
    br_body = _br_body(tree)
    if br_body and sum(len(ln) for ln in br_body) > 2 * sum(len(v) for k, v in parts if k == "body"):
        # the story set between <br>s in one element, which trafilatura left for the page's menus
        # (Dong-A's "article_txt"): its paragraphs, after the headings found before them
        heads = [(k, v) for k, v in parts if k == "h1"]
        parts = [*heads[:1], *(("body", ln) for ln in br_body)]

    first_h1 = next((v for k, v in parts if k == "h1"), "")
    title = _one_line(
        meta.title
        or first_h1
        or htmlmeta.strip_site_name(tmeta.get("title", "") or page["html_title"], site=meta.site, url=url or meta.url)
    )
    if not title and parts:
        title = _one_line(_lines(parts[0][1])[0])
    if not title:
        raise ParseError("no text: the page has no title and no readable text")
    parts = _html_body(parts, title=title, variants=[*meta.titles, first_h1, tmeta.get("title", "")])

    byline = meta.byline
    if not byline:
        # the site's names: its own, and trafilatura's ("elmundo.es", whose author "Elmundo Es" is the site)
        site_names = [n for n in (meta.site, tmeta.get("sitename", "")) if n] or [""]
        for raw_author in (page["author"], tmeta.get("author", "")):
            if any(htmlmeta.is_site_name(raw_author, site=name, url=url or meta.url) for name in site_names):
                continue  # the site's own name ("Mac & i" on heise.de) is the publisher, not a byline
            people, orgs = htmlmeta.clean_authors(raw_author, site=meta.site)
            orgs = [
                o for o in orgs
                if len(o) > 2 and htmlmeta.plausible_org(o) and not htmlmeta.is_site_name(o, site=meta.site, url=url or meta.url)
            ]
            byline = ", ".join(people) or (orgs[0] if orgs else "")
            if byline:
                break
    parts, found = _body_byline(parts)
    if found and not meta.authors:
        byline = found  # names in the text beat an organisation (or nothing) in the metadata

    dateline = ""
    for idx, (kind, text) in enumerate(parts[:4]):
        alone = _standalone_dateline(text) if idx + 1 < len(parts) else ""
        if alone:  # "WASHINGTON —" on a line of its own, the story in the next paragraph
            dateline = alone
            parts.pop(idx)
            break
        if kind == "body":
            found, rest = detect_dateline(text)
            if found:
                dateline = found
                parts[idx] = ("body", rest)
            break

    published = meta.published or parse_loose_date(page["published"])
    utc = meta.published_utc or (meta.published is None and published is not None and _is_utc_stamp(page["published"]))
    if published is None:
        for text in _ranked_date_texts(meta.date_texts):
            published = _date_in(text)
            if published is not None:
                break
    elif utc:
        # A UTC timestamp and no local offset on the page: the date the page shows, when it is
        # the day before or after (a late-evening story in the Americas, an early one in Asia).
        # The likeliest publication date shown decides: "PUBLISHED: November 8" by the byline
        # keeps the 8th even when the masthead shows today's date, the 9th.
        texts = meta.date_texts or htmlmeta._date_texts(tree)
        for text in _ranked_date_texts(texts):
            shown = _date_in(text)
            if shown is not None and shown == published:
                break
            if shown is not None and abs((shown - published).days) == 1:
                published = shown
                break
        else:
            # no dated element in the page's markup: the date written under the headline (ABC
            # News' "November 8, 2023, 11:15 PM" in class-less divs, the stamp 04:15 UTC on the 9th)
            if shown_date is not None and abs((shown_date - published).days) == 1:
                published = shown_date
    if published is None:
        # no date markup: the date shown just under the headline ("By A, B and C / December 16,
        # 2016, 4:19 PM"), before a date guessed from anywhere in the page
        published = shown_date
    if published is None:
        # only a modification stamp in the page's markup: closer than a date guessed from the text
        published = meta.modified
    if published is None:
        # no date in the page's markup or under its headline: the date in its address
        # ("/2010/POLITICS/08/13/democrats.social.security/"), before one guessed from the text
        published = _date_in_url(url or meta.url)
    if published is None and tmeta.get("date"):
        published = _iso_date(tmeta["date"])
    page_url = url or meta.url or tmeta.get("url", "")
    if page_url and not _is_http_url(page_url):
        page_url = ""
    lang = (page["lang"] or "").split("-")[0].lower()
    return build_article(
        title=title,
        parts=parts,
        byline=byline,
        publisher=meta.site or tmeta.get("sitename", ""),
        url=page_url,
        published_on=published,
        dateline=dateline,
        language=lang if re.fullmatch(r"[a-z]{2,3}", lang) else "en",
    )


# Live blogs: an entry's time ("10:41", "10:41 a.m. ET", "14.35 Uhr") is kept in the text as a
# line of its own, of kind "subheading", just before the entry it dates: the reader sees when each
# entry was posted, and the time never becomes (or glues onto) a body claim. Entry headings of one
# or two words ("Goodnight", "Sports") are sub-headings too, never body claims.
_SHORT_HEADING_WORDS = 2


def _html_body(parts: list[tuple[str, str]], *, title: str, variants: list[str]) -> list[tuple[str, str]]:
    """Body parts of a page, one line each: headline repeats, furniture and empty lines out,
    live-blog times and one/two-word headings as sub-headings."""
    keys = {_key(v) for v in variants if v}
    keys.add(_key(title))
    keys.discard("")
    lines: list[tuple[str, str]] = []
    for kind, text in parts:
        if kind == "body":
            lines.extend(("body", _cut_furniture_tail(ln)) for ln in _lines(text))
        else:
            line = _one_line(text)
            if line:
                lines.append((kind, line))
    out: list[tuple[str, str]] = []
    n = len(lines)
    for i, (kind, line) in enumerate(lines):
        # The headline (or a variant of it) again at the top of the text, or any h1 equal to it.
        if _key(line) in keys and (i < 6 or kind == "h1"):
            continue
        if furniture.is_time_line(line):
            out.append(("subheading", line))
            continue
        if furniture.is_furniture(line, last=i >= n - 3):
            continue
        if kind == "h1" or (
            kind == "body"
            and not line.endswith(_TERMINAL)
            and any(c.isalpha() for c in line)
            and (
                len(line.split()) <= _SHORT_HEADING_WORDS
                # a list article's numbered item title ("1. The economy"), in bold rather than a heading
                or (len(line.split()) <= _MAX_SUBHEADING_WORDS and furniture.NUMBERED_TITLE.match(line))
            )
        ):
            kind = "subheading"
        out.append((kind, line))
    # other stories' headlines listed after the story, one a line after a hyphen ("-La historia de
    # ...", no full stop), with the place the story was signed in before them ("MEDELLÍN")
    k = len(out)
    while k > 0 and _DASHED_TEASER.match(out[k - 1][1]):
        k -= 1
    if len(out) - k >= 2:
        if k > 0 and out[k - 1][1].isupper() and len(out[k - 1][1].split()) <= 3 and out[k - 1][1][-1:].isalpha():
            k -= 1
        del out[k:]
    return out


_DASHED_TEASER = re.compile(r"^-(?=[^\W\d_])[^\n]{10,160}(?<![.!?:;,])$")


# A paragraph closed by furniture set after its last sentence: "... in Gaza. (Watch the video below.)",
# "... aquatiques. (ats/nxp)", "... homeless. – Additional reporting from Reuters".
_FURNITURE_TAIL = re.compile(r"(?<=[.!?”\"»])\s+(\([^()]{2,160}\)\.?|[–—]\s*[^–—.!?]{5,120})$")


# a news agency signing the story at the end of its last paragraph: "... to sneak into the US. PTI"
_AGENCY_TAIL = re.compile(r"(?<=[.!?”\"»])\s+(?:PTI|IANS|ANI|AFP|AP|Reuters|EFE|dpa|ANSA|Xinhua|UPI|AAP)\.?$")


def _cut_furniture_tail(line: str) -> str:
    agency = _AGENCY_TAIL.search(line[-12:])
    if agency is not None:
        return line[: len(line) - 12 + agency.start()] if len(line) > 12 else line
    if not line.endswith((")", ").")) and "–" not in line[-130:] and "—" not in line[-130:]:
        return line
    m = _FURNITURE_TAIL.search(line)
    if m and furniture.is_furniture(m.group(1)) and not furniture.is_furniture(line):
        return line[: m.start()]  # (a caption closed by its credit is furniture whole: left to the caller)
    return line


_BYLINE_LEAD = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s+\S", re.IGNORECASE)


def _body_byline(parts: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """Bylines repeated at the top of the text ("By Jane Doe", "Von A, B und C, NDR") taken
    out: (parts, the names found)."""
    found = ""
    out = list(parts)
    for i in range(min(len(out), 6) - 1, -1, -1):
        kind, line = out[i]
        if kind != "body" or len(line) > 160:
            continue
        name = ""
        if _BYLINE_LEAD.match(line) and not line.endswith(("?", "!")):
            people, _orgs = htmlmeta.clean_authors(line)
            if people and (_byline(line) or len(line.split()) <= 4 * len(people) + 4):
                name = ", ".join(people)
        else:
            m = _LABELLED_BYLINE.match(line)
            if m and len(m.group("name").split()) <= 4 and not any(c.isdigit() for c in line):
                name = m.group("name").strip()
        if name:
            out.pop(i)
            found = found or name
    for i in range(len(out) - 1, max(len(out) - 4, -1), -1):
        kind, line = out[i]
        m = _SIGNED_BYLINE.match(line) if kind == "body" and len(line) <= 80 else None
        if m:  # "최윤호 기자 uknow@donga.com" closing the story
            out.pop(i)
            found = found or ", ".join(re.split(r"\s*[·,]\s*", m.group("names")))
            break
    return out, found


# An interview's or column's byline as a label ("حوار: آسيا العتروس", "بقلم: ..."), and a Korean
# reporter's signature closing the story ("최윤호 기자 uknow@donga.com", "김철수·이영희 기자")
_LABELLED_BYLINE = re.compile(r"^(?:حوار|بقلم|كتب|كتبت|إعداد|اعداد)\s*:\s*(?P<name>[^\W\d_][^:.!?؟«»\"]{1,40})$")
_SIGNED_BYLINE = re.compile(
    r"^(?P<names>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*(?:기자|특파원)(?:\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?$"
)


_DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?[^\W\d_]{3,9}\.?,?\s+(?:de\s+)?\d{4}\b|"
    r"\b[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b"
)


_PUBLISHED_CUE = re.compile(
    r"^\W*(?:by|von|par|por|door)\s|\b(?:published|posted|first\s+published|written|created|veröffentlicht|publié|"
    r"publicado|publicada|erschienen|pubblicato)\b",
    re.IGNORECASE,
)
_MODIFIED_CUE = re.compile(
    r"\b(?:updated|modified|last\s+edited|aktualisiert|geändert|mis\s+à\s+jour|actualizado|atualizado|aggiornato)\b",
    re.IGNORECASE,
)


def _ranked_date_texts(texts: list[str]) -> list[str]:
    """The page's visible dates, the likeliest publication date first: one next to the byline or
    said to be published ("By A on Monday, November 18th, 2019"), then plain dates, then
    modified ones ("Written: 2023-11-07 / Updated: 2023-11-08" is a published one: its first date
    is read); a date quoted in the text (a fact-check's "— X on Sunday, October 13th, 2019 in an
    article") is not preferred over the byline's."""
    def rank(text: str) -> int:
        if _PUBLISHED_CUE.search(text):
            return 0
        return 2 if _MODIFIED_CUE.search(text) else 1

    return sorted(texts, key=rank)


def _is_utc_stamp(value: str) -> bool:
    """An ISO timestamp in UTC ("2016-12-01T23:29:49.000Z")."""
    return bool(re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]00:?00)$", (value or "").strip()))


def _date_after_headline(h1) -> datetime.date | None:
    """The first date written in a short element (a byline or date line, not a paragraph) among
    the 60 elements after the headline, outside teasers."""
    seen = 0
    for el in htmlmeta._following(h1):
        seen += 1
        if seen > 60:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "li") or len(el) > 4:
            continue
        if sum(1 for _ in islice(el.iterdescendants(), 8)) > 7:
            continue  # a container: its text is read in its short parts
        text = _one_line(el.text_content())
        if not text or len(text) > 80 or not any(c.isdigit() for c in text):
            continue
        found = _date_in(text)
        if found is not None and not htmlmeta._in_furniture(el):
            return found
    return None


# A date in a page's address: "/2019/11/19/", "/2010/POLITICS/08/13/", "/2013/middle_east/8/3/", "/2019-11-19/"
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})/(?:[A-Za-z][\w-]{0,30}/)?(\d{1,2})/(\d{1,2})(?=/)|/((?:19|20)\d{2})-(\d{2})-(\d{2})(?=[/_.-]|$)"
)


def _date_in_url(url: str) -> datetime.date | None:
    m = _URL_DATE.search(urlsplit(url).path) if url else None
    if m is None:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        day = datetime.date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return day if day <= datetime.date.today() + datetime.timedelta(days=1) else None


def _date_in(text: str) -> datetime.date | None:
    """The first calendar date written in a piece of text ("By A, 8 January 2020, 3:51 pm")."""
    for m in _DATE_IN_TEXT.finditer(text):
        d = parse_loose_date(m.group())
        if d is not None:
            return d
    return None


def _standalone_dateline(line: str) -> str:
    """The place of a paragraph that is nothing but a dateline ("WASHINGTON —"), else ""."""
    if len(line) > 60 or not re.search(r"(?:[-–—:]|\))$", line):
        return ""
    place, _rest = detect_dateline(line + " x")
    return place


# --------------------------------------------------------------------------
# Records (JSON / JSONL / CSV rows)
# --------------------------------------------------------------------------


def _short(v: object, limit: int = 60) -> str:
    r = repr(v)
    return r if len(r) <= limit else r[: limit - 4] + "...'"


def _type_name(v: object) -> str:
    return {
        type(None): "null",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(v), type(v).__name__)


def _is_http_url(v: str) -> bool:
    if not v or any(c.isspace() for c in v):
        return False
    try:
        parts = urlsplit(v)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _checked_meta(meta: Mapping[str, object], *, line: int | None) -> dict[str, object]:
    """Validate the optional fields shared by records and Markdown front matter."""
    out: dict[str, object] = {}
    for name in ("publisher", "byline", "dateline", "language"):
        v = meta.get(name)
        if v is None or v == "":
            continue
        if not isinstance(v, str):
            raise ParseError(f"field {name!r}: expected a string, got {_type_name(v)}", line=line, field=name)
        if _one_line(v):
            out[name] = _one_line(v)
    if "language" in out:
        lang = str(out["language"]).lower()
        if not re.fullmatch(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", lang):
            raise ParseError(f"field 'language': {_short(out['language'])} is not a language code such as 'en'", line=line, field="language")
        out["language"] = lang.split("-")[0].split("_")[0]
    v = meta.get("url")
    if v is not None and v != "":
        if not isinstance(v, str):
            raise ParseError(f"field 'url': expected a string, got {_type_name(v)}", line=line, field="url")
        if _one_line(v):
            if not _is_http_url(v.strip()):
                raise ParseError(f"field 'url': {_short(v)} is not an http(s) URL", line=line, field="url")
            out["url"] = v.strip()
    v = meta.get("published_on")
    if v is not None and v != "":
        if isinstance(v, datetime.datetime):
            out["published_on"] = v.date()
        elif isinstance(v, datetime.date):
            out["published_on"] = v
        elif isinstance(v, str):
            d = _iso_date(v)
            if d is None:
                raise ParseError(
                    f"field 'published_on': {_short(v)} is not an ISO date (YYYY-MM-DD)", line=line, field="published_on"
                )
            out["published_on"] = d
        else:
            raise ParseError(
                f"field 'published_on': expected an ISO date string (YYYY-MM-DD), got {_type_name(v)}",
                line=line,
                field="published_on",
            )
    return out


def parse_record(record: Mapping[str, object], *, line: int = 1) -> ParsedArticle:
    """One article from a JSON object / CSV row; see the module docs for the fields."""
    if not isinstance(record, Mapping):
        raise ParseError(f"expected a JSON object, got {_type_name(record)}", line=line)
    for name in ("title", "text"):
        if name not in record or record[name] is None:
            raise ParseError(f"missing required field {name!r}", line=line, field=name)
        if not isinstance(record[name], str):
            raise ParseError(f"field {name!r}: expected a string, got {_type_name(record[name])}", line=line, field=name)
    title = _one_line(record["title"])
    if not title:
        raise ParseError("field 'title' is empty", line=line, field="title")
    text = record["text"]
    if not text.strip():
        raise ParseError("field 'text' is empty", line=line, field="text")
    meta = _checked_meta(record, line=line)

    summary: list[str] = []
    v = record.get("summary")
    if isinstance(v, str):
        summary = [_strip_bullet(x).strip() for x in _lines(v)]
    elif isinstance(v, list):
        for item in v:
            if not isinstance(item, str):
                raise ParseError(
                    f"field 'summary': expected a list of strings, found {_type_name(item)}", line=line, field="summary"
                )
            summary.extend(_strip_bullet(x).strip() for x in _lines(item))
    elif v is not None:
        raise ParseError(
            f"field 'summary': expected a string or a list of strings, got {_type_name(v)}", line=line, field="summary"
        )
    summary = [s for s in summary if s]

    paragraphs = _paragraphs([_clean(x) for x in _split_lines(text)])
    if not paragraphs:
        raise ParseError("field 'text' is empty", line=line, field="text")
    if len(paragraphs) > 1 and len(paragraphs[0]) < 2 * len(title) and _key(paragraphs[0]) == _key(title):
        paragraphs = paragraphs[1:]  # the text repeats the headline
    parts, dateline = _body_parts(paragraphs, dateline=meta.pop("dateline", None))
    return build_article(
        title=title,
        parts=[("summary", s) for s in summary] + parts,
        dateline=dateline or "",
        line=line,
        **meta,
    )
