"""Read published fact-checks: schema.org ClaimReview JSON-LD, fact-check data feeds, Google's Fact
Check Tools ``claims:search`` responses and CSV, into ``FactCheckRecord``s (README: published
fact-checks).

Pure Python (no Django). Nothing here raises for bad input: every record becomes a ``Read`` that
holds either a record or an error naming what was wrong (``where`` names the file and the line
or record), and the rest of the file still comes through. JSON is streamed with ``ijson`` (one
record built at a time, bounded in depth and size), JSON Lines and CSV line by line, so a feed of
millions of records is read in constant memory.

Shapes (all detected from the content; the suffix chooses JSON, JSON Lines, HTML or CSV):

- a ClaimReview object, an array of them, an object with ``@graph``;
- a ``DataFeed`` whose ``dataFeedElement`` holds ClaimReviews, or ``DataFeedItem``s whose
  ``item`` is a ClaimReview or a list of them;
- Google's ``{"claims": [{"text", "claimant", "claimDate", "claimReview": [...]}]}`` (one
  record per claimReview);
- JSON Lines of any of the objects above;
- a saved web page: every ``<script type="application/ld+json">`` block (other JSON-LD types,
  a NewsArticle or a BreadcrumbList, are passed over);
- CSV with the columns ``claim_reviewed`` and ``url`` (required), ``rating``, ``title``,
  ``publisher``, ``date_published``, ``claimant``, ``appearance_url``, ``language`` (optional;
  also ``rating_value``, ``rating_best``, ``rating_worst``, ``publisher_site``); header names
  are case-insensitive, other columns are ignored.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "SUFFIXES",
    "FactCheckRecord",
    "Read",
    "read_bytes",
    "read_file",
    "read_paths",
    "read_records",
    "record_from_claimreview",
    "record_from_fields",
]

SUFFIXES = (".json", ".jsonld", ".jsonl", ".ndjson", ".html", ".htm", ".csv")
CSV_REQUIRED = ("claim_reviewed", "url")
CSV_OPTIONAL = ("rating", "title", "publisher", "date_published", "claimant", "appearance_url", "language")
CSV_EXTRA = ("rating_value", "rating_best", "rating_worst", "publisher_site")
CSV_COLUMNS = CSV_REQUIRED + CSV_OPTIONAL

# Bounds: one record (a ClaimReview with its claim, a Google claim with its reviews, a feed
# item) is built in memory; nothing real comes near these.
MAX_DEPTH = 32
MAX_VALUES = 20_000
MAX_RECORD_CHARS = 4 * 1024 * 1024
MAX_HTML_BYTES = 32 * 1024 * 1024  # a saved page is read whole (its scripts are searched)
MAX_CSV_FIELD = 1024 * 1024

# lengths of the model's fields: longer display text is cut (with "…"); a longer URL is refused
LIMITS = {
    "rating_text": 200,
    "headline": 500,
    "publisher_name": 200,
    "publisher_site": 200,
    "claimant": 300,
    "language": 12,
}
MAX_URL = 1000

_STREAM_KEYS = ("dataFeedElement", "claims", "@graph", "itemListElement", "records")
_BOM = codecs.BOM_UTF8


@dataclass(slots=True)
class FactCheckRecord:
    """One published fact-check, as read (the FactCheck model's fields)."""

    claim_reviewed: str
    url: str
    rating_text: str = ""
    rating_value: float | None = None
    rating_best: float | None = None
    rating_worst: float | None = None
    headline: str = ""
    publisher_name: str = ""
    publisher_site: str = ""
    date_published: date | None = None
    claimant: str = ""
    appearance_url: str = ""
    language: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def title(self) -> str:
        """What an outcome line shows: the headline, else the claim."""
        return self.headline or _cut(self.claim_reviewed, 120)


@dataclass(slots=True)
class Read:
    """One record read from ``path``, or one error. Exactly one of ``record``/``error`` is set.
    ``line`` is a 1-based line (JSON Lines, CSV, HTML) or record number (``unit`` "record": the
    elements of a JSON array or feed); ``sub`` numbers the reviews of one element (a feed item
    with several ClaimReviews, a Google claim with several reviews)."""

    path: str
    line: int | None
    record: FactCheckRecord | None
    error: str | None = None
    unit: str = "line"
    sub: int | None = None

    @property
    def where(self) -> str:
        if self.line is None:
            return self.path
        if self.unit == "record":
            sub = f", review {self.sub}" if self.sub else ""
            return f"{self.path} (record {self.line}{sub})"
        sub = f" (review {self.sub})" if self.sub else ""
        return f"{self.path}:{self.line}{sub}"

    @property
    def message(self) -> str:
        """The error with its location inside the file ("record 3: missing claimReviewed")."""
        if self.error is None or self.line is None:
            return self.error or ""
        sub = f", review {self.sub}" if self.sub else ""
        return f"{self.unit} {self.line}{sub}: {self.error}"


class BadRecord(ValueError):
    """A record that cannot be read; the message names the field."""


# ----------------------------------------------------------------------------- entry points


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Read]:
    """Reads from files and folders (walked recursively, sorted; hidden entries and other file
    types skipped)."""
    for p in paths:
        path = os.fsdecode(p)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and _suffix(name) in SUFFIXES:
                        yield from read_file(os.path.join(root, name))
        elif os.path.exists(path):
            yield from read_file(path)
        else:
            yield Read(path, None, None, "no such file or directory")


def read_file(path: str | os.PathLike, *, shown: str | None = None) -> Iterator[Read]:
    """Reads from one file, by its suffix (``shown``: the name to report it under)."""
    name = os.fsdecode(path)
    shown = shown or name
    try:
        f = open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Read(shown, None, None, exc.strerror or str(exc))
        return
    with f:
        yield from read_records(shown, f)


def read_bytes(name: str, data: bytes) -> Iterator[Read]:
    """Reads from an upload's bytes, by its name's suffix."""
    yield from read_records(name, io.BytesIO(data))


def read_records(name: str, f: BinaryIO) -> Iterator[Read]:
    """Reads from an open binary file named ``name`` (its suffix chooses the format)."""
    suffix = _suffix(name)
    if suffix not in SUFFIXES:
        yield Read(name, None, None, f"unsupported file type '{suffix or '(none)'}'; expected one of {', '.join(SUFFIXES)}")
        return
    head = f.read(4096)
    f.seek(0)
    if not head.strip():
        yield Read(name, None, None, "empty file")
        return
    if b"\x00" in head:
        yield Read(name, None, None, "not a text file (it holds NUL bytes: UTF-16 or binary?); save it as UTF-8")
        return
    if suffix in (".html", ".htm"):
        yield from _read_html(name, f)
    elif suffix == ".csv":
        yield from _read_csv(name, f)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(name, f)
    else:
        first = head.lstrip(_BOM + b" \t\r\n")[:1]
        if first == b"<":  # a saved page named .json
            yield from _read_html(name, f)
        else:
            yield from _read_json(name, f)


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


# ----------------------------------------------------------------------------- values


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: Any) -> str:
    """A JSON-LD text value: a string, a number, or an object with a name (first of a list)."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or value.get("@value") or ""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())


def _first_obj(value: Any) -> dict:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _number(value: Any, field: str) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        n = float(value)
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        try:
            n = float(s.replace(",", ".")) if s.count(",") == 1 and "." not in s else float(s)
        except ValueError:
            raise BadRecord(f"{field} {_shown(value)} is not a number") from None
    else:
        raise BadRecord(f"{field} is not a number")
    if not math.isfinite(n):
        raise BadRecord(f"{field} {_shown(value)} is not a number")
    return n


def _date(value: Any, field: str) -> date | None:
    """An ISO date or date-time ("2024-03-05", "2024-03-05T10:00:00Z") as a date."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRecord(f"{field} is not a date")
    s = value.strip()
    if not s:
        return None
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise BadRecord(f"{field} {_shown(value)} is not an ISO date (YYYY-MM-DD)")


def _shown(value: Any) -> str:
    s = str(value)
    return repr(s if len(s) <= 60 else s[:57] + "...")


def _url(value: Any, field: str, *, required: bool) -> str:
    url = value.strip() if isinstance(value, str) else ""
    if isinstance(value, dict):
        url = str(value.get("@id") or value.get("url") or "").strip()
    if not url:
        if required:
            raise BadRecord(f"missing {field}")
        return ""
    if not _HTTP_URL.match(url):
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
            raise BadRecord(f"{field} {_shown(url)} is not an http(s) URL")
    if len(url) > MAX_URL:
        raise BadRecord(f"{field} is {len(url):,} characters long, over the {MAX_URL:,} limit")
    return url


_HTTP_URL = re.compile(r"https?://[^\s/?#]+(?:[/?#]\S*)?\Z", re.IGNORECASE)  # the common case, without urlsplit


@functools.lru_cache(maxsize=4096)  # publishers repeat: a feed has a few sites
def _site(url: str) -> str:
    """The host of a URL without "www." (as Google's ``publisher.site``)."""
    if not url:
        return ""
    if "//" not in url:
        url = "//" + url
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.")


def _fit(rec: FactCheckRecord) -> FactCheckRecord:
    for name, limit in LIMITS.items():
        value = getattr(rec, name)
        if len(value) > limit:
            setattr(rec, name, _cut(value, limit) if name != "language" else value[:limit])
    return rec


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def is_claimreview(obj: Any) -> bool:
    return isinstance(obj, dict) and ("ClaimReview" in _types(obj) or ("@type" not in obj and "claimReviewed" in obj))


# ----------------------------------------------------------------------------- mappings


def record_from_claimreview(obj: dict, *, check_url: bool = True) -> FactCheckRecord:
    """The record of one schema.org ClaimReview object. Raises BadRecord naming the field.
    ``check_url=False``: the url may be a path (our own fact-checks without a published site)."""
    claim = _text(obj.get("claimReviewed"))
    if not claim:
        raise BadRecord("missing claimReviewed")
    if check_url:
        url = _url(obj.get("url") or obj.get("@id"), "url", required=True)
    else:
        url = str(obj.get("url") or "")
    rating = _first_obj(obj.get("reviewRating"))
    author = _first_obj(obj.get("author")) or _first_obj(obj.get("publisher"))
    item = _first_obj(obj.get("itemReviewed"))
    appearance = _first_obj(item.get("appearance")) or _first_obj(item.get("firstAppearance"))
    appearance_url = appearance.get("url") or appearance.get("@id")
    if not appearance_url and item and not ({"Claim"} & _types(item)):
        appearance_url = item.get("url")  # older ClaimReviews: itemReviewed is the CreativeWork
    author_url = author.get("url") or author.get("sameAs") or ""
    if isinstance(author_url, list):
        author_url = next((u for u in author_url if isinstance(u, str)), "")
    rec = FactCheckRecord(
        claim_reviewed=claim,
        url=url,
        rating_text=_text(rating.get("alternateName") or rating.get("name")),
        rating_value=_number(rating.get("ratingValue"), "reviewRating.ratingValue"),
        rating_best=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        rating_worst=_number(rating.get("worstRating"), "reviewRating.worstRating"),
        headline=_text(obj.get("headline") or obj.get("name")),
        publisher_name=_text(author.get("name")),
        publisher_site=_site(author_url if isinstance(author_url, str) else "") or (_site(url) if check_url else ""),
        date_published=_date(obj.get("datePublished") or obj.get("dateCreated"), "datePublished"),
        claimant=_text(item.get("author")),
        appearance_url=_url(appearance_url, "itemReviewed.appearance.url", required=False) if check_url else str(appearance_url or ""),
        language=_text(obj.get("inLanguage")),
    )
    return _fit(rec)


def records_from_google_claim(claim: dict) -> Iterator[tuple[int, FactCheckRecord | BadRecord]]:
    """Google Fact Check Tools: one record per ``claimReview`` of a claim (numbered from 1)."""
    text = _text(claim.get("text"))
    claimant = _text(claim.get("claimant"))
    reviews = claim.get("claimReview")
    if isinstance(reviews, dict):
        reviews = [reviews]
    if not isinstance(reviews, list) or not reviews:
        yield 0, BadRecord("the claim has no claimReview")
        return
    for j, review in enumerate(reviews, start=1):
        try:
            if not isinstance(review, dict):
                raise BadRecord("claimReview is not an object")
            if not text:
                raise BadRecord("missing text (the claim)")
            url = _url(review.get("url"), "url", required=True)
            publisher = _first_obj(review.get("publisher"))
            rec = FactCheckRecord(
                claim_reviewed=text,
                url=url,
                rating_text=_text(review.get("textualRating")),
                headline=_text(review.get("title")),
                publisher_name=_text(publisher.get("name")),
                publisher_site=_site(_text(publisher.get("site"))) or _site(url),
                date_published=_date(review.get("reviewDate"), "reviewDate"),
                claimant=claimant,
                language=_text(review.get("languageCode")),
            )
            # claimDate is when the claim was made: checked, not stored (the model has no field)
            _date(claim.get("claimDate"), "claimDate")
            yield j, _fit(rec)
        except BadRecord as exc:
            yield j, exc


def expand(obj: Any, *, lenient: bool = False) -> Iterator[tuple[int, FactCheckRecord | BadRecord]]:
    """The records of one element (of a file, a feed, an array, a JSON Lines line), each with its
    sub-number (0 when the element is one ClaimReview). ``lenient``: objects that are not
    fact-checks are passed over (the other JSON-LD of a web page) instead of refused."""
    if not isinstance(obj, dict):
        if isinstance(obj, list) and lenient:
            n = 0
            for x in obj:
                for _, r in expand(x, lenient=True):
                    n += 1
                    yield n, r
            return
        yield 0, BadRecord(f"expected a JSON object, got {_json_type(obj)}")
        return
    if "claim_reviewed" in obj:  # a plain record: the CSV's column names as keys (the API)
        try:
            yield 0, record_from_fields(obj)
        except BadRecord as exc:
            yield 0, exc
        return
    if "claimReview" in obj and "text" in obj:  # Google Fact Check Tools
        yield from records_from_google_claim(obj)
        return
    if is_claimreview(obj):
        try:
            yield 0, record_from_claimreview(obj)
        except BadRecord as exc:
            yield 0, exc
        return
    nested = None
    for key in ("item", "@graph", "dataFeedElement", "claims", "itemListElement", "mainEntity", "records"):
        if key in obj and isinstance(obj[key], (list, dict)):
            nested = obj[key]
            break
    if nested is not None:
        n = 0
        for x in nested if isinstance(nested, list) else [nested]:
            if isinstance(x, dict) and "ClaimReview" not in _types(x) and isinstance(x.get("item"), (dict, list)):
                x = x["item"]  # a ListItem / DataFeedItem wrapping the ClaimReview
            for _, r in expand(x, lenient=True):
                n += 1
                yield n, r
        if n == 0 and not lenient:
            yield 0, BadRecord("no ClaimReview in this element")
        return
    if not lenient:
        types = ", ".join(sorted(_types(obj))) or "no @type"
        yield 0, BadRecord(f"not a ClaimReview ({types}); missing claimReviewed")


def _json_type(v: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(v), "a number"
    )


def _reads(path: str, n: int, unit: str, obj: Any, *, lenient: bool = False) -> Iterator[Read]:
    """The Reads of element ``n`` (a record number, or a line)."""
    results = list(expand(obj, lenient=lenient))
    for sub, r in results:
        sub = sub if len(results) > 1 or sub > 1 else None
        if isinstance(r, BadRecord):
            yield Read(path, n, None, str(r), unit, sub)
        else:
            yield Read(path, n, r, None, unit, sub)


# ----------------------------------------------------------------------------- JSON (streamed)


class _TooBig(Exception):
    pass


_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})


def _build(events: Iterator, first_event: str, first_value: Any) -> Any:
    """One JSON value from ijson basic_parse events (its first event given), bounded; past a
    bound the value is skipped to its end and ``_TooBig`` raised."""
    if first_event not in _STARTS:
        return first_value
    root: Any = {} if first_event == "start_map" else []
    event = first_event
    stack: list = [root]
    keys: list = [None]
    count = 1
    chars = 0
    problem = ""
    for event, value in events:
        if event == "map_key":
            keys[-1] = value
            continue
        if event in _ENDS:
            stack.pop()
            keys.pop()
            if not stack:
                return root
            continue
        count += 1
        if event in _STARTS:
            if len(stack) >= MAX_DEPTH:
                problem = f"nested more than {MAX_DEPTH} levels deep"
                break
            child: Any = {} if event == "start_map" else []
        else:
            child = value
            if event == "string":
                chars += len(value)
        if count > MAX_VALUES or chars > MAX_RECORD_CHARS:
            problem = f"over the limit for one record ({MAX_VALUES:,} values, {MAX_RECORD_CHARS // 1048576} MB of text)"
            break
        parent = stack[-1]
        if type(parent) is dict:
            parent[keys[-1]] = child
        else:
            parent.append(child)
        if event in _STARTS:
            stack.append(child)
            keys.append(None)
    else:
        return root
    depth = len(stack) + (1 if event in _STARTS else 0)
    stack.clear()
    root = None
    for event, _ in events:
        if event in _STARTS:
            depth += 1
        elif event in _ENDS:
            depth -= 1
            if depth == 0:
                break
    raise _TooBig(problem)


def _skip_bom(f: BinaryIO) -> None:
    if f.read(len(_BOM)) != _BOM:
        f.seek(0)


def _ijson_message(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0].strip() if msg else type(exc).__name__


def _read_json(path: str, f: BinaryIO) -> Iterator[Read]:
    """A .json/.jsonld file: an object (a ClaimReview, a DataFeed, Google's response, @graph) or
    an array, streamed: the elements of the array or of the object's ``dataFeedElement`` /
    ``claims`` / ``@graph`` are built one at a time."""
    import ijson

    _skip_bom(f)
    events = ijson.basic_parse(f, use_float=True)
    n = 0  # elements begun
    complete = 0  # elements read whole
    produced = 0
    try:
        event, value = next(events)
        if event == "start_array":
            for event, value in events:
                if event == "end_array":
                    break
                n += 1
                try:
                    obj = _build(events, event, value)
                except _TooBig as exc:
                    yield Read(path, n, None, str(exc), "record")
                    continue
                complete = n
                for read in _reads(path, n, "record", obj):
                    produced += 1
                    yield read
        elif event == "start_map":
            top: dict = {}
            streamed = False
            for event, value in events:
                if event == "end_map":
                    break
                key = value  # map_key
                event, value = next(events)
                if key in _STREAM_KEYS and event == "start_array":
                    streamed = True
                    lenient = key in ("@graph", "itemListElement")  # other JSON-LD passed over
                    for event, value in events:
                        if event == "end_array":
                            break
                        n += 1
                        try:
                            obj = _build(events, event, value)
                        except _TooBig as exc:
                            yield Read(path, n, None, str(exc), "record")
                            continue
                        complete = n
                        for read in _reads(path, n, "record", obj, lenient=lenient):
                            produced += 1
                            yield read
                    continue
                try:
                    top[key] = _build(events, event, value)
                except _TooBig as exc:
                    yield Read(path, None, None, f"{key}: {exc}")
                    return
            if not streamed:
                if not top:
                    yield Read(path, None, None, "no fact-checks: the JSON object is empty")
                    return
                for read in _reads(path, None, "record", top):
                    produced += 1
                    yield read
                return
        else:
            yield Read(path, None, None, f"malformed JSON: expected an object or an array, found {_json_type(value)}")
            return
        for _ in events:  # only whitespace may follow
            pass
    except StopIteration:
        yield Read(path, None, None, "malformed JSON: the file ends early")
        return
    except ijson.JSONError as exc:
        after = f" after record {complete}" if complete else ""
        yield Read(path, complete + 1 if n else None, None, f"malformed JSON{after}: {_ijson_message(exc)}", "record")
        return
    except UnicodeDecodeError:
        yield Read(path, None, None, "not valid UTF-8 text")
        return
    if produced == 0:
        yield Read(path, None, None, "no fact-checks: the JSON holds no ClaimReview")


def _read_jsonl(path: str, f: BinaryIO) -> Iterator[Read]:
    _skip_bom(f)
    line = 0
    produced = 0
    for raw in f:
        line += 1
        if len(raw) > MAX_RECORD_CHARS:
            yield Read(path, line, None, f"the line is over the {MAX_RECORD_CHARS // 1048576} MB limit for one record")
            continue
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Read(path, line, None, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Read(path, line, None, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Read(path, line, None, "malformed JSON: nested too deeply")
            continue
        for read in _reads(path, line, "line", obj):
            produced += 1
            yield read
    if produced == 0:
        yield Read(path, None, None, "no fact-checks: the file has no JSON lines")


# ----------------------------------------------------------------------------- HTML

_SCRIPT = re.compile(
    rb"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_LD_TYPE = re.compile(rb"""type\s*=\s*["']?\s*application/ld\+json""", re.IGNORECASE)


def _read_html(path: str, f: BinaryIO) -> Iterator[Read]:
    """Every ``<script type="application/ld+json">`` block of a saved web page; its fact-checks
    (in the block itself, an array, ``@graph``) are records, other JSON-LD is passed over."""
    data = f.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        yield Read(path, None, None, f"the web page is over the {MAX_HTML_BYTES // 1048576} MB limit")
        return
    blocks = 0
    produced = 0
    seen: list[str] = []
    for m in _SCRIPT.finditer(data):
        if not _LD_TYPE.search(m.group(1)):
            continue
        blocks += 1
        raw = m.group(2)
        line = data.count(b"\n", 0, m.start(2) + len(raw) - len(raw.lstrip())) + 1  # where the JSON starts
        body = m.group(2).decode("utf-8", "replace").strip()
        if body.startswith("<!--") and body.endswith("-->"):
            body = body[4:-3].strip()
        if body.startswith("<![CDATA[") and body.endswith("]]>"):
            body = body[9:-3].strip()
        if not body:
            continue
        try:
            obj = json.loads(body, strict=False)
        except json.JSONDecodeError as exc:
            yield Read(path, line + exc.lineno - 1, None, f"malformed JSON-LD: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Read(path, line, None, "malformed JSON-LD: nested too deeply")
            continue
        for o in obj if isinstance(obj, list) else [obj]:
            if isinstance(o, dict):
                seen.extend(sorted(_types(o)))
        for read in _reads(path, line, "line", obj, lenient=True):
            produced += 1
            yield read
    if produced == 0:
        if not blocks:
            yield Read(path, None, None, "no ClaimReview: the page has no <script type=\"application/ld+json\"> block")
        else:
            kinds = ", ".join(dict.fromkeys(seen)) or "no @type"
            yield Read(path, None, None, f"no ClaimReview in the page's JSON-LD (found: {kinds})")


# ----------------------------------------------------------------------------- CSV


class _Lines:
    """Counts the physical lines fed to csv.reader."""

    __slots__ = ("_it", "line")

    def __init__(self, text):
        self._it = iter(text)
        self.line = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        s = next(self._it)
        self.line += 1
        return s


def _dialect(header: str):
    if "," not in header:
        for sep in ("\t", ";", "|"):
            if sep in header:

                class Dialect(csv.excel):
                    delimiter = sep

                return Dialect
    return csv.excel


def _read_csv(path: str, f: BinaryIO) -> Iterator[Read]:
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield from _read_csv_text(path, text)
    finally:
        text.detach()


def _read_csv_text(path: str, text) -> Iterator[Read]:
    lines = _Lines(text)
    try:
        header_line = ""
        for header_line in lines:
            if header_line.strip():
                break
        else:
            yield Read(path, None, None, "empty file")
            return
        header_no = lines.line
        dialect = _dialect(header_line)
        header = next(csv.reader([header_line], dialect))
        columns = [h.strip().lstrip("\ufeff").strip().lower().replace(" ", "_") for h in header]
        missing = [c for c in CSV_REQUIRED if c not in columns]
        if missing:
            what = " and ".join(f"'{c}'" for c in missing)
            shown = ", ".join(h.strip() for h in header)
            yield Read(path, header_no, None, f"the CSV has no {what} column (required: claim_reviewed, url; columns: {shown})")
            return
        index = {}
        for i, c in enumerate(columns):
            if c in CSV_COLUMNS + CSV_EXTRA and c not in index:
                index[c] = i
        reader = csv.reader(lines, dialect)
        rows = 0
        while True:
            start = lines.line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rows += 1
                yield Read(path, start, None, f"malformed CSV: {exc}")
                continue
            if not row or all(not c.strip() for c in row):
                continue
            rows += 1
            try:
                yield Read(path, start, _csv_record(row, index))
            except BadRecord as exc:
                yield Read(path, start, None, str(exc))
        if not rows:
            yield Read(path, None, None, "no fact-checks: the CSV has a header but no rows")
    except UnicodeDecodeError as exc:
        yield Read(path, lines.line + 1, None, f"not valid UTF-8 text ({exc.reason}); save the file as UTF-8")


def record_from_fields(obj: dict) -> FactCheckRecord:
    """A record given by field names (the CSV's columns: claim_reviewed, url, rating, title, ...),
    as the API's JSON ``{"records": [...]}`` sends them; numbers may be numbers."""
    row: list[str] = []
    index: dict[str, int] = {}
    for name in CSV_COLUMNS + CSV_EXTRA:
        value = obj.get(name)
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            raise BadRecord(f"{name} is not a text")
        index[name] = len(row)
        row.append(str(value))
    return _csv_record(row, index)


def _csv_record(row: list[str], index: dict[str, int]) -> FactCheckRecord:
    def get(name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    claim = " ".join(get("claim_reviewed").split())
    if not claim:
        raise BadRecord("missing claim_reviewed")
    url = _url(get("url"), "url", required=True)
    return _fit(
        FactCheckRecord(
            claim_reviewed=claim,
            url=url,
            rating_text=" ".join(get("rating").split()),
            rating_value=_number(get("rating_value"), "rating_value"),
            rating_best=_number(get("rating_best"), "rating_best"),
            rating_worst=_number(get("rating_worst"), "rating_worst"),
            headline=" ".join(get("title").split()),
            publisher_name=" ".join(get("publisher").split()),
            publisher_site=_site(get("publisher_site")) or _site(url),
            date_published=_date(get("date_published"), "date_published"),
            claimant=" ".join(get("claimant").split()),
            appearance_url=_url(get("appearance_url"), "appearance_url", required=False),
            language=get("language"),
        )
    )
