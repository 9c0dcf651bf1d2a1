"""Read files, uploads and pastes into ``Item``s: one parsed article or one clear error each.

Pure Python (no Django). Nothing here raises for bad input: every problem becomes an
``Item`` whose ``error`` names what was wrong (and ``where`` names the file and line),
and the rest of the batch still comes through. JSON Lines, JSON arrays and CSV are
streamed, so a file of any size is read in constant memory.

Hostile input is bounded before it is parsed, so that no file under the upload limit costs
200 MB (``tests/test_hostile_input.py`` measures each shape; the worst, a web page at the tag and
attribute limits, ~135 MB): lines per document (``MAX_LINES``), tags and attributes per web page
(``MAX_HTML_TAGS``, ``MAX_HTML_ATTRIBUTES``) and its text, Markdown elements
(``parse.MAX_MARKDOWN_TOKENS``), JSON nesting and values per record (``MAX_JSON_DEPTH``,
``MAX_JSON_VALUES``), CSV columns and values per line, sentence breaks per article
(``MAX_SENTENCE_BREAKS``, each one a claim to store) and, for uploads and pastes, the number of
articles and of sentence breaks in all (``DEFAULT_MAX_UPLOAD_ARTICLES``,
``MAX_UPLOAD_SENTENCE_BREAKS``) and of problems listed. Folder walks skip links that lead out of
the folder.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from .parse import (
    ParsedArticle,
    ParseError,
    parse_html,
    parse_markdown,
    parse_record,
    parse_txt,
)

__all__ = [
    "DEFAULT_MAX_ARTICLE_BYTES",
    "DEFAULT_MAX_UPLOAD_ARTICLES",
    "MAX_CSV_COLUMNS",
    "MAX_HTML_ATTRIBUTES",
    "MAX_HTML_TAGS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_VALUES",
    "MAX_LINES",
    "MAX_LISTED_PROBLEMS",
    "MAX_SENTENCE_BREAKS",
    "MAX_UPLOAD_SENTENCE_BREAKS",
    "SUFFIXES",
    "Item",
    "read_bytes",
    "read_file",
    "read_paste",
    "read_paths",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv")
DEFAULT_MAX_ARTICLE_BYTES = 2 * 1024 * 1024

# A whole-document file (.txt/.md/.html) larger than this many times the article limit is
# refused before it is read. Saved web pages carry markup, styles and scripts, so they get more room.
_WHOLE_FILE_FACTOR = {".txt": 4, ".md": 4, ".markdown": 4, ".html": 8, ".htm": 8}
# A web page may hold this many times the article limit in text (the rest of the page, comments...).
_HTML_TEXT_FACTOR = 2
# One JSON Lines line / CSV field may be this many times the article limit (escapes, other fields).
_RECORD_FACTOR = 4
# Bounds on the shape of the input (see the module docstring): each keeps the memory a parser
# needs far below 200 MB whatever the bytes are, and far above anything a real article needs.
MAX_LINES = 200_000  # lines of one .txt/.md/.html document or paste, and of one record's text
MAX_HTML_TAGS = 50_000  # tags (opening and closing) of one web page: lxml + trafilatura cost ~1.9 KB each
MAX_HTML_ATTRIBUTES = 80_000  # attributes in one web page (~0.5 KB each)
_MAX_ATTRIBUTE_COST = 10_000**2  # sum of (attributes of a tag)^2: one tag of 10,000 parses in ~0.3 s
MAX_JSON_DEPTH = 64  # nesting of one JSON record (a record needs 2: object, summary list)
MAX_JSON_VALUES = 100_000  # values (strings, numbers, objects, arrays...) in one JSON record
MAX_CSV_COLUMNS = 10_000  # columns of a CSV header
MAX_CSV_SEPARATORS = 200_000  # separators on one physical CSV line (each may be a value to hold)
MAX_SENTENCE_BREAKS = 40_000  # ". ! ?" and line breaks in one article: each may be a claim to store
DEFAULT_MAX_UPLOAD_ARTICLES = 1_000  # articles in one upload or paste (the command has no limit)
MAX_UPLOAD_SENTENCE_BREAKS = 100_000  # in all the articles of one upload or paste (~45 s to store)
MAX_LISTED_PROBLEMS = 100  # problems listed one by one for an upload; the rest are counted
_SNIFF_BYTES = 8192
_BOM = codecs.BOM_UTF8
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PASTE = "paste"


@dataclass(slots=True)
class Item:
    """One article read from ``path``, or one error. Exactly one of ``article``/``error`` is set."""

    path: str
    line: int | None  # 1-based line, or record number when unit == "record"
    article: ParsedArticle | None
    error: str | None
    unit: str = "line"  # "line" or "record" (the elements of a JSON array)
    skipped: bool = False  # not read on purpose (a link out of the folder): ``error`` says why

    @property
    def where(self) -> str:
        if self.line is None:
            return self.path
        if self.unit == "record":
            return f"{self.path} (record {self.line})"
        return f"{self.path}:{self.line}"


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def read_paths(
    paths: Iterable[str | os.PathLike],
    *,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    encoding: str | None = None,
) -> Iterator[Item]:
    """Items from files and folders (walked recursively, sorted, hidden entries and other file types
    skipped). Inside a folder, a link is followed only when it leads to a file inside that folder;
    other links become ``skipped`` Items saying where they lead."""
    for p in paths:
        path = os.fsdecode(p)
        if os.path.isdir(path):
            root = os.path.realpath(path)
            yield from _walk(path, root, max_article_bytes=max_article_bytes, encoding=encoding)
        elif os.path.exists(path):
            yield from read_file(path, max_article_bytes=max_article_bytes, encoding=encoding)
        else:
            yield Item(path, None, None, "no such file or directory")


def read_file(
    path: str | os.PathLike,
    *,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    encoding: str | None = None,
) -> Iterator[Item]:
    """Items from one file, dispatched on its suffix."""
    name = os.fsdecode(path)
    suffix = _suffix(name)
    if suffix not in SUFFIXES:
        yield _unsupported(name, suffix)
        return
    try:
        f = open(name, "rb")  # noqa: SIM115 - each way of failing gets its message; closed by `with f` below
    except FileNotFoundError:
        yield Item(name, None, None, "no such file or directory")
        return
    except IsADirectoryError:
        yield Item(name, None, None, "is a folder, not a file")
        return
    except OSError as exc:
        yield Item(name, None, None, f"could not open the file: {_os_message(exc)}")
        return
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
        except OSError:
            size = None
        yield from _guarded(name, _read_stream(name, suffix, f, size, max_article_bytes, encoding))


def read_bytes(
    name: str,
    data: bytes,
    *,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    encoding: str | None = None,
    max_articles: int = DEFAULT_MAX_UPLOAD_ARTICLES,
) -> Iterator[Item]:
    """Items from an uploaded file's bytes, dispatched on the suffix of ``name``.

    An upload is imported in one request: more than ``max_articles`` articles is refused as a
    whole (one error Item, nothing to import), and after ``MAX_LISTED_PROBLEMS`` problems the
    rest are counted in one last Item."""
    suffix = _suffix(name)
    if suffix not in SUFFIXES:
        yield _unsupported(name, suffix)
        return
    f = io.BytesIO(data)
    items = _guarded(name, _read_stream(name, suffix, f, len(data), max_article_bytes, encoding))
    yield from _upload(name, items, max_articles, "file")


def read_paste(
    text: str,
    *,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    max_articles: int = DEFAULT_MAX_UPLOAD_ARTICLES,
) -> Iterator[Item]:
    """Items from pasted text: one or more pasted news pages, or one plain article (the bounds
    of an upload apply)."""
    if not isinstance(text, str) or not text.strip():
        yield Item(_PASTE, None, None, "nothing to import: the pasted text is empty")
        return
    limit = _WHOLE_FILE_FACTOR[".txt"] * max_article_bytes
    size = _utf8_len(text)
    if size > limit:
        yield Item(_PASTE, None, None, f"pasted text is {_size(size)}, over the {_size(limit)} limit")
        return
    problem = _too_many_lines(text, "the pasted text")
    if problem:
        yield Item(_PASTE, None, None, problem)
        return
    items = _guarded(_PASTE, _articles(_PASTE, lambda: parse_txt(text.lstrip("\ufeff")), max_article_bytes))
    yield from _upload(_PASTE, items, max_articles, "paste")


def _upload(path: str, items: Iterator[Item], max_articles: int, what: str) -> Iterator[Item]:
    """An upload's Items, all or nothing: over ``max_articles`` articles, one error instead."""
    kept: list[Item] = []
    articles = problems = breaks = 0
    try:
        for item in items:
            if item.article is not None:
                articles += 1
                breaks += _breaks(item.article)
                if articles > max_articles or breaks > MAX_UPLOAD_SENTENCE_BREAKS:
                    many = (
                        f"more than {max_articles:,} articles" if articles > max_articles
                        else f"more than {MAX_UPLOAD_SENTENCE_BREAKS:,} sentence breaks in its articles"
                    )  # fmt: skip
                    yield Item(
                        path, None, None,
                        f"the {what} holds {many}, more than one upload may import; "
                        "nothing was imported: split it, or import it with manage.py import_articles",
                    )  # fmt: skip
                    return
                kept.append(item)
            else:
                problems += 1
                if problems <= MAX_LISTED_PROBLEMS:
                    kept.append(item)
    finally:
        items.close()
    yield from kept
    if problems > MAX_LISTED_PROBLEMS:
        more = problems - MAX_LISTED_PROBLEMS
        yield Item(path, None, None, f"{more:,} more problem{'s' if more != 1 else ''} in this {what}, not listed")


# --------------------------------------------------------------------------
# Helpers: files, sizes, messages
# --------------------------------------------------------------------------


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _unsupported(name: str, suffix: str) -> Item:
    what = f"'{suffix}'" if suffix else "(no file extension)"
    return Item(name, None, None, f"unsupported file type {what}; expected one of {', '.join(SUFFIXES)}")


def _os_message(exc: OSError) -> str:
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: str, root: str, **kw) -> Iterator[Item]:
    """The files of ``folder`` and its sub-folders, ``root`` being the real path of the folder
    named on the command line: links to files inside it are read, other links skipped with a
    reason (a link to a folder is never walked: no loops, nothing read twice)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Item(folder, None, None, f"could not list the folder: {_os_message(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError:
            continue
        if is_link:
            if _suffix(entry.name) not in SUFFIXES and (is_file or not os.path.isdir(entry.path)):
                continue  # a link to a file of another type: skipped like the file would be
            target = os.path.realpath(entry.path)
            if os.path.isdir(target):
                reason = f"a link to the folder {target}: not followed (links to folders never are)"
            elif not os.path.exists(target):
                reason = f"a broken link (to {target}): not followed"
            elif not _inside(target, root):
                reason = f"a link to {target}, outside the folder {root}: not followed"
            else:
                yield from _renamed(read_file(target, **kw), target, entry.path)
                continue
            yield Item(entry.path, None, None, reason, skipped=True)
        elif is_dir:
            yield from _walk(entry.path, root, **kw)
        elif is_file and _suffix(entry.name) in SUFFIXES:
            yield from read_file(entry.path, **kw)


def _renamed(items: Iterator[Item], real: str, shown: str) -> Iterator[Item]:
    """Items of the file at ``real``, reported under the link's name ``shown``."""
    for item in items:
        if item.path == real:
            item.path = shown
        yield item


def _guarded(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """Whatever goes wrong reading a file becomes one last error Item, never a traceback."""
    try:
        yield from items
    except OSError as exc:
        yield Item(path, None, None, f"could not read the file: {_os_message(exc)}")
    except UnicodeDecodeError as exc:  # only with an explicit --encoding (UTF-8 problems are reported earlier)
        yield Item(path, None, None, f"not valid {exc.encoding} text; check the --encoding you passed")
    except Exception as exc:  # noqa: BLE001 - a bug or an exotic input: report it, keep the batch going
        yield Item(path, None, None, f"could not read: {type(exc).__name__}: {_one_line_msg(exc)}")


def _one_line_msg(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return msg if len(msg) <= 300 else msg[:297] + "..."


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _utf8_len(s: str) -> int:
    if s.isascii():
        return len(s)
    return len(s.encode("utf-8", "surrogatepass"))


def _too_big(article: ParsedArticle, limit: int) -> str | None:
    """Why the parsed article may not be stored: over the size limit, or so many sentence
    breaks (each a claim to store) that storing it would take hundreds of MB."""
    text = article.text
    if len(text) * 4 > limit:
        n = _utf8_len(text)
        if n > limit:
            return f"article is {_size(n)}, over the {_size(limit)} limit"
    return _too_many_breaks(article)


# Characters that break lines for the parsers (parse._split_lines and parse._LINE_BREAKS).
_LINE_BREAK_CHARS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_SENTENCE_ENDS = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "\u2026")


def _line_count(text: str) -> int:
    """How many lines the parsers will see in ``text`` (counted, never split)."""
    n = text.count("\n") + 1
    if "\r" in text:
        n += text.count("\r") - text.count("\r\n")
    if not text.isascii() or "\v" in text or "\f" in text:
        n += sum(text.count(c) for c in _LINE_BREAK_CHARS)
    return n


def _too_many_lines(text: str, what: str) -> str | None:
    n = _line_count(text)
    if n > MAX_LINES:
        return f"{what} has {n:,} lines, over the {MAX_LINES:,}-line limit; split it"
    return None


def _breaks(article: ParsedArticle) -> int:
    """Lines (the parser's blocks: a claim never crosses one) and sentence-ending marks: an upper
    bound, give or take enumerations, of the claims the article splits into."""
    text = article.text
    return len(article.blocks) + sum(text.count(c) for c in _SENTENCE_ENDS)


def _too_many_breaks(article: ParsedArticle) -> str | None:
    n = _breaks(article)
    if n > MAX_SENTENCE_BREAKS:
        return (
            f"article has {n:,} sentence breaks (. ! ? and line breaks), over the {MAX_SENTENCE_BREAKS:,} "
            "limit for one article (each sentence becomes a claim); split it"
        )
    return None


def _record_problem(obj: Mapping, limit: int) -> str | None:
    """Why a record's fields are too big to parse: checked before the parser copies them."""
    text = obj.get("text")
    if isinstance(text, str):
        if len(text) > limit or (len(text) * 4 > limit and _utf8_len(text) > limit):
            return f"article is {_size(_utf8_len(text))}, over the {_size(limit)} limit"
        problem = _too_many_lines(text, "field 'text'")
        if problem:
            return problem
    summary = obj.get("summary")
    if isinstance(summary, str):
        return _too_many_lines(summary, "field 'summary'")
    if isinstance(summary, list) and len(summary) > MAX_LINES:
        return f"field 'summary' has {len(summary):,} items, over the {MAX_LINES:,} limit"
    return None


def _articles(path: str, parse, limit: int) -> Iterator[Item]:
    """Items for the articles of one whole document; ``parse()`` returns a list or one article."""
    try:
        result = parse()
    except ParseError as exc:
        yield Item(path, exc.line, None, str(exc))
        return
    except RecursionError:
        yield Item(path, None, None, "could not parse: the document is nested too deeply")
        return
    except Exception as exc:  # noqa: BLE001 - bad input of any kind becomes a message
        yield Item(path, None, None, f"could not parse: {type(exc).__name__}: {_one_line_msg(exc)}")
        return
    for article in result if isinstance(result, list) else [result]:
        problem = _too_big(article, limit)
        if problem:
            yield Item(path, article.line, None, problem)
        else:
            yield Item(path, article.line, article, None)


def _record_item(path: str, obj: object, n: int | None, unit: str, limit: int) -> Item:
    label = f"{unit} {n}: " if n is not None else ""
    problem = _record_problem(obj, limit) if isinstance(obj, Mapping) else None
    if problem:
        return Item(path, n, None, f"{label}{problem}", unit)
    try:
        article = parse_record(obj, line=n or 1)  # type: ignore[arg-type]
    except ParseError as exc:
        return Item(path, n, None, f"{label}{exc}", unit)
    except Exception as exc:  # noqa: BLE001 - bad input of any kind becomes a message
        return Item(path, n, None, f"{label}could not parse: {type(exc).__name__}: {_one_line_msg(exc)}", unit)
    problem = _too_big(article, limit)
    if problem:
        return Item(path, n, None, f"{label}{problem}", unit)
    return Item(path, n, article, None, unit)


# --------------------------------------------------------------------------
# Sniffing and decoding
# --------------------------------------------------------------------------


def _codec(encoding: str | None) -> codecs.CodecInfo | None:
    return codecs.lookup(encoding) if encoding else None


def _ascii_compatible(codec: codecs.CodecInfo | None) -> bool:
    if codec is None:
        return True
    try:
        return codec.encode("{\n\"a\",")[0] == b'{\n"a",'
    except Exception:  # noqa: BLE001 - a codec that cannot encode this is not ASCII-compatible
        return False


def _sniff(head: bytes, codec: codecs.CodecInfo | None) -> str | None:
    """A whole-file problem visible in the first bytes: binary data or UTF-16/32 text."""
    if not _ascii_compatible(codec):
        return None  # UTF-16 and friends are full of NUL bytes: trust the caller
    if codec is None and head.startswith(_UTF16_32_BOMS):
        kind = "UTF-32" if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        return f"the file is {kind} text; re-save it as UTF-8 or pass --encoding {kind.lower()}"
    if b"\x00" in head:
        return "binary file, not text"
    if head:
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13)) + head.count(b"\x7f")
        if controls * 10 > len(head):
            return "binary file, not text"
    return None


def _encoding_hint(sample: bytes) -> str:
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return (
            "it looks like a legacy encoding such as Latin-1 — re-save the file as UTF-8 "
            "or pass --encoding latin-1"
        )
    return (
        "it looks like a legacy encoding such as Windows-1252 — re-save the file as UTF-8 "
        "or pass --encoding cp1252"
    )


def _bad_utf8_message(line: int, column: int, byte: int, sample: bytes) -> str:
    return f"not valid UTF-8 at line {line}, column {column} (byte 0x{byte:02x}); {_encoding_hint(sample)}"


class _DecodeProblem(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def _position(data: bytes, pos: int) -> tuple[int, int]:
    """1-based (line, column in characters) of byte offset ``pos``."""
    line = data.count(b"\n", 0, pos) + 1
    start = data.rfind(b"\n", 0, pos) + 1
    return line, len(data[start:pos].decode("utf-8", "replace")) + 1


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)


def _decode(data: bytes, codec: codecs.CodecInfo | None, *, html: bool = False) -> str:
    """Text of a whole document; raises _DecodeProblem with a message naming the line."""
    if data.startswith(_BOM) and (codec is None or _ascii_compatible(codec)):
        data = data[len(_BOM):]
    if codec is not None:
        try:
            return codec.decode(data)[0]
        except UnicodeDecodeError as exc:
            line, col = _position(data, exc.start) if _ascii_compatible(codec) else (None, None)
            where = f" at line {line}, column {col}" if line else ""
            raise _DecodeProblem(
                f"not valid {codec.name}{where} (byte 0x{data[exc.start]:02x}); check the --encoding you passed", line
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                declared = codecs.lookup(m.group(1).decode("ascii"))
                if declared.name != "utf-8" and _ascii_compatible(declared):
                    return declared.decode(data)[0]
            except (LookupError, UnicodeDecodeError):
                pass
    line, col = _position(data, error.start)
    sample = data[max(0, error.start - 4096): error.start + 4096]
    raise _DecodeProblem(_bad_utf8_message(line, col, data[error.start], sample), line)


def _first_utf8_error(f: BinaryIO) -> tuple[int, int, int, bytes] | None:
    """Stream the file once: (line, column, byte, sample) of its first invalid UTF-8 byte, or None."""
    f.seek(0)
    pending = b""
    line = 1
    col = 0  # characters since the last newline
    first = True
    while True:
        chunk = f.read(1 << 20)
        final = not chunk
        buf = pending + chunk
        if first and buf.startswith(_BOM):
            buf = buf[len(_BOM):]
        first = False
        try:
            text, used = codecs.utf_8_decode(buf, "strict", final)
        except UnicodeDecodeError as exc:
            before = buf[: exc.start].decode("utf-8")
            nl = before.count("\n")
            column = (len(before) - before.rfind("\n")) if nl else (col + len(before) + 1)
            return line + nl, column, buf[exc.start], buf[max(0, exc.start - 4096): exc.start + 4096]
        nl = text.count("\n")
        if nl:
            line += nl
            col = len(text) - text.rfind("\n") - 1
        else:
            col += len(text)
        pending = buf[used:]
        if final:
            return None


def _blank_stream(f: BinaryIO, start: int = 0) -> bool:
    """True when the file holds nothing but whitespace (and a BOM)."""
    f.seek(start)
    first = True
    while chunk := f.read(1 << 20):
        if first and chunk.startswith(_BOM):
            chunk = chunk[len(_BOM):]
        first = False
        if chunk.strip():
            return False
    return True


# --------------------------------------------------------------------------
# The readers
# --------------------------------------------------------------------------


def _read_stream(
    path: str, suffix: str, f: BinaryIO, size: int | None, limit: int, encoding: str | None
) -> Iterator[Item]:
    try:
        codec = _codec(encoding)
    except LookupError:
        yield Item(path, None, None, f"unknown encoding {encoding!r}")
        return
    if size == 0:
        yield Item(path, None, None, "empty file")
        return
    head = f.read(_SNIFF_BYTES)
    f.seek(0)
    problem = _sniff(head, codec)
    if problem:
        yield Item(path, None, None, problem)
        return
    if suffix in _WHOLE_FILE_FACTOR:
        yield from _read_document(path, suffix, f, size, limit, codec)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, f, limit, codec)
    elif suffix == ".json":
        yield from _read_json(path, f, size, limit, codec)
    elif suffix == ".csv":
        yield from _read_csv(path, f, limit, codec)


def _read_document(path, suffix, f, size, limit, codec) -> Iterator[Item]:
    cap = _WHOLE_FILE_FACTOR[suffix] * limit
    if size is not None and size > cap:
        yield Item(path, None, None, f"file is {_size(size)}, over the {_size(cap)} limit for one {suffix} file")
        return
    data = f.read(cap + 1)
    if len(data) > cap:
        yield Item(path, None, None, f"file is over the {_size(cap)} limit for one {suffix} file")
        return
    html = suffix in (".html", ".htm")
    if html and _ascii_compatible(codec):
        problem, line = _html_problem(data)
        if problem:
            yield Item(path, line, None, problem)
            return
    try:
        text = _decode(data, codec, html=html)
    except _DecodeProblem as exc:
        yield Item(path, exc.line, None, exc.message)
        return
    del data
    if not text.strip():
        yield Item(path, None, None, "empty file")
        return
    problem = _too_many_lines(text, "file")
    if not problem and html and not _ascii_compatible(codec) and text.count("<") > MAX_HTML_TAGS:
        problem = f"web page has {text.count('<'):,} tags, over the {MAX_HTML_TAGS:,} limit for one page"
    if problem:
        yield Item(path, None, None, problem)
        return
    if suffix == ".txt":
        parse = lambda: parse_txt(text)
    elif suffix in (".md", ".markdown"):
        parse = lambda: parse_markdown(text)
    else:
        parse = lambda: parse_html(text, max_text=_HTML_TEXT_FACTOR * limit)
    yield from _articles(path, parse, limit)


# The page's tags, as libxml2 will see them: comments and the contents of <script> and <style>
# are skipped (their "<" are not tags); an unclosed one runs to the end, as in the parser.
_HTML_SCAN = re.compile(rb"<!--.*?(?:-->|\Z)|<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)|<[^<>]*", re.DOTALL | re.IGNORECASE)
_QUOTED = re.compile(rb""""[^"]*"|'[^']*'""")


def _html_problem(data: bytes) -> tuple[str | None, int | None]:
    """Why a web page is refused before it is parsed: more than ``MAX_HTML_TAGS`` tags or
    ``MAX_HTML_ATTRIBUTES`` attributes (parsing and extraction cost ~1.9 KB per element and
    ~0.5 KB per attribute), or tags with so many attributes that libxml2, which checks each new
    attribute of a tag against those before it, would take minutes (40,000 on one tag: 16 s)."""
    tags = attributes = cost = 0
    for m in _HTML_SCAN.finditer(data):
        if m.group(1) or m.group().startswith(b"<!--"):
            continue
        tags += 1
        if tags > MAX_HTML_TAGS:
            return f"web page has more than {MAX_HTML_TAGS:,} tags, over the limit for one page", None
        tag = m.group()
        if len(tag) < 8:
            continue
        n = len(_QUOTED.sub(b"", tag).split()) - 1  # words after the name: an upper bound
        attributes += n
        cost += n * n
        if attributes > MAX_HTML_ATTRIBUTES or cost > _MAX_ATTRIBUTE_COST:
            line = data.count(b"\n", 0, m.start()) + 1
            what = f"more than {MAX_HTML_ATTRIBUTES:,} attributes" if attributes > MAX_HTML_ATTRIBUTES else "a tag with too many attributes"
            return f"line {line}: web page has {what}, over the limit for one page", line
    return None, None


# ---- JSON Lines ------------------------------------------------------------


def _jsonl_lines(f: BinaryIO, limit: int, codec) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, error) per non-blank line, one line in memory at a time."""
    line_cap = _RECORD_FACTOR * limit + 65536
    if not _ascii_compatible(codec):
        wrapper = io.TextIOWrapper(f, encoding=codec.name, newline=None)
        n = 0
        try:
            for n, text in enumerate(wrapper, 1):
                if text.strip():
                    yield n, text, None
        except UnicodeDecodeError:
            yield n + 1, None, f"line {n + 1}: not valid {codec.name} text; check the --encoding you passed"
        finally:
            wrapper.detach()
        return
    n = 0
    while True:
        raw = f.readline(line_cap + 1)
        if not raw:
            return
        n += 1
        if len(raw) > line_cap and not raw.endswith(b"\n"):
            total = len(raw)
            while chunk := f.readline(1 << 20):
                total += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            yield n, None, f"line {n}: record is {_size(total)}, over the {_size(line_cap)} limit for one line"
            continue
        if n == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if not raw.strip():
            continue
        if codec is not None:
            try:
                yield n, codec.decode(raw)[0], None
            except UnicodeDecodeError as exc:
                yield n, None, (
                    f"not valid {codec.name} at line {n}, column {exc.start + 1} (byte 0x{raw[exc.start]:02x}); "
                    "check the --encoding you passed"
                )
            continue
        try:
            yield n, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            col = len(raw[: exc.start].decode("utf-8")) + 1
            yield n, None, _bad_utf8_message(n, col, raw[exc.start], raw)


def _read_jsonl(path, f, limit, codec) -> Iterator[Item]:
    any_line = False
    for n, text, error in _jsonl_lines(f, limit, codec):
        any_line = True
        if error:
            yield Item(path, n, None, error)
            continue
        try:
            obj = _load_json(text, limit)
        except _JsonProblem as exc:
            yield Item(path, n, None, f"line {n}: {exc}")
            continue
        except json.JSONDecodeError as exc:
            yield Item(path, n, None, f"line {n}: malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Item(path, n, None, f"line {n}: malformed JSON: nested too deeply")
            continue
        except ValueError as exc:
            yield Item(path, n, None, f"line {n}: malformed JSON: {_one_line_msg(exc)}")
            continue
        if not isinstance(obj, dict):
            yield Item(path, n, None, f"line {n}: expected a JSON object, got {_json_type(obj)}")
            continue
        yield _record_item(path, obj, n, "line", limit)
    if not any_line:
        yield Item(path, None, None, "empty file")


def _json_type(v: object) -> str:
    if isinstance(v, list):
        return "an array"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float, Decimal)):
        return "a number"
    if v is None:
        return "null"
    return type(v).__name__


# ---- JSON --------------------------------------------------------------------


class _JsonProblem(ValueError):
    """A JSON record that is not built: nested too deeply, too many values, too big."""


# Below this many structural characters ("{", "[", ",", ":"), and with no more "{" and "[" than
# the depth limit, json.loads is safe to call (its memory is bounded by them) and gives the best
# error messages; otherwise the bounded builder.
_FAST_JSON = 10_000
_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})


def _load_json(text: str, limit: int) -> object:
    """One JSON document (a JSON Lines line, a one-object file) within the record bounds."""
    containers = text.count("{") + text.count("[")
    if containers <= MAX_JSON_DEPTH and containers + text.count(",") + text.count(":") <= _FAST_JSON:
        return json.loads(text)  # cannot nest too deeply nor hold too many values
    import ijson

    events = ijson.basic_parse(io.BytesIO(text.encode("utf-8", "surrogatepass")), use_float=True)
    try:
        event, value = next(events)
        obj = _json_value(events, event, value, limit)
        for _ in events:
            pass
    except StopIteration:
        raise _JsonProblem("malformed JSON: no value") from None
    except ijson.JSONError as exc:
        raise _JsonProblem(f"malformed JSON: {_ijson_message(exc)}") from None
    return obj


def _json_value(events, first_event: str, first_value, limit: int):
    """One JSON value from ijson ``basic_parse`` events, its first event given: built only within
    ``MAX_JSON_DEPTH`` levels, ``MAX_JSON_VALUES`` values and the record size, else skipped to its
    end (constant memory, linear time) and refused with ``_JsonProblem``."""
    if first_event not in _STARTS:
        return first_value
    root: dict | list = {} if first_event == "start_map" else []
    stack: list = [root]
    keys: list = [None]
    values = 1
    chars = 0
    max_chars = _RECORD_FACTOR * limit + 65536
    problem = ""
    for event, value in events:
        if event == "map_key":
            keys[-1] = value
            chars += len(value)
            if chars > max_chars:
                problem = f"JSON record over the {_size(max_chars)} limit for one record"
                break
            continue
        if event in _ENDS:
            stack.pop()
            keys.pop()
            if not stack:
                return root
            continue
        values += 1
        if values > MAX_JSON_VALUES:
            problem = f"JSON record with more than {MAX_JSON_VALUES:,} values (the limit for one record)"
            break
        if event in _STARTS:
            if len(stack) >= MAX_JSON_DEPTH:
                problem = f"JSON nested more than {MAX_JSON_DEPTH} levels deep (the limit for one record)"
                break
            child = {} if event == "start_map" else []
        else:
            child = value
            if event == "string":
                chars += len(value)
                if chars > max_chars:
                    problem = f"JSON record over the {_size(max_chars)} limit for one record"
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
        return root  # the events ended inside the value: ijson raises before this
    depth = len(stack) + (1 if event in _STARTS else 0)  # levels open: skip to where they close
    stack.clear()
    keys.clear()
    root = None  # what was built so far goes now, not after the skipping
    for event, _ in events:
        if event in _STARTS:
            depth += 1
        elif event in _ENDS:
            depth -= 1
            if depth == 0:
                break
    raise _JsonProblem(problem)


class _Utf8Reader(io.RawIOBase):
    """A binary file that re-encodes text decoded with ``codec`` as UTF-8 (for ijson)."""

    def __init__(self, f: BinaryIO, codec: codecs.CodecInfo):
        self._text = io.TextIOWrapper(f, encoding=codec.name)
        self._buf = b""

    def peek_first(self) -> bytes:
        """The first non-whitespace byte, dropping a leading BOM; nothing is consumed."""
        while not self._buf.lstrip():
            chunk = self._text.read(65536)
            if not chunk:
                return b""
            self._buf += chunk.encode("utf-8")
        if self._buf.lstrip().startswith(_BOM):
            self._buf = self._buf.lstrip()[len(_BOM):]
            return self.peek_first()
        return self._buf.lstrip()[:1]

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buf) < n:
            chunk = self._text.read(65536 if n < 0 else max(n, 4096))
            if not chunk:
                break
            self._buf += chunk.encode("utf-8")
        if n < 0:
            out, self._buf = self._buf, b""
        else:
            out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


def _first_char(f: BinaryIO) -> bytes:
    """The first non-whitespace byte of the file (after a BOM), or b""."""
    f.seek(0)
    first = True
    while chunk := f.read(65536):
        if first and chunk.startswith(_BOM):
            chunk = chunk[len(_BOM):]
        first = False
        s = chunk.lstrip()
        if s:
            return s[:1]
    return b""


def _ijson_message(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0].strip() if msg else type(exc).__name__


def _read_json(path, f, size, limit, codec) -> Iterator[Item]:
    import ijson

    if codec is None:
        bad = _first_utf8_error(f)
        if bad:
            line, col, byte, sample = bad
            yield Item(path, line, None, _bad_utf8_message(line, col, byte, sample))
            return
        first = _first_char(f)
        f.seek(0)
        if f.read(len(_BOM)) != _BOM:
            f.seek(0)
        stream: BinaryIO | _Utf8Reader = f
    else:
        stream = _Utf8Reader(f, codec)
        first = stream.peek_first()
    if not first:
        yield Item(path, None, None, "empty file")
        return
    if first == b"{":
        cap = _RECORD_FACTOR * limit + 65536
        data = stream.read(cap + 1)
        if len(data) > cap:
            yield Item(path, None, None, f"file is over the {_size(cap)} limit for one JSON object")
            return
        try:
            obj = _load_json(data.decode("utf-8"), limit)
        except _JsonProblem as exc:
            yield Item(path, None, None, str(exc))
            return
        except json.JSONDecodeError as exc:
            hint = " (one object per line is JSON Lines: name the file .jsonl)" if exc.msg == "Extra data" else ""
            message = f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){hint}"
            yield Item(path, exc.lineno, None, message)
            return
        except (RecursionError, ValueError) as exc:
            yield Item(path, None, None, f"malformed JSON: {_one_line_msg(exc) or 'nested too deeply'}")
            return
        yield _record_item(path, obj, None, "line", limit)
        return
    if first != b"[":
        shown = first.decode("utf-8", "replace")
        yield Item(path, None, None, f"malformed JSON: expected an object or an array of objects, found {shown!r}")
        return
    n = 0
    try:
        # basic_parse, not ijson.items(): items() builds the path of every value ("item.item.item..."),
        # which costs memory quadratic in the nesting depth (6 GB for a 100 KB file of 50,000 "[")
        events = ijson.basic_parse(stream, use_float=True)
        next(events)  # the array's start
        for event, value in events:
            if event == "end_array":
                break
            try:
                obj = _json_value(events, event, value, limit)
            except _JsonProblem as exc:
                n += 1
                yield Item(path, n, None, f"record {n}: {exc}", "record")
                continue
            n += 1
            if not isinstance(obj, dict):
                yield Item(path, n, None, f"record {n}: expected a JSON object, got {_json_type(obj)}", "record")
                continue
            yield _record_item(path, obj, n, "record", limit)
            del obj
        for _ in events:  # after the array: only whitespace (ijson raises on anything else)
            pass
    except ijson.JSONError as exc:
        after = f" after record {n}" if n else ""
        yield Item(path, n + 1, None, f"malformed JSON{after}: {_ijson_message(exc)}", "record")
        return
    except UnicodeDecodeError:
        yield Item(path, None, None, f"not valid {codec.name if codec else 'UTF-8'} text")
        return
    if n == 0:
        yield Item(path, None, None, "no articles: the JSON array is empty")


# ---- CSV ---------------------------------------------------------------------


_SURROGATE = re.compile("[\udc80-\udcff]")


class _CsvLineTooLong(Exception):
    pass


class _LineCounter:
    """Feeds lines to csv.reader, counting physical lines and keeping those of the current record
    that hold undecodable bytes (as (line number, text); only those, so that a record running
    over millions of lines costs no memory). A line with more than ``MAX_CSV_SEPARATORS``
    separators stops the file: the csv module would hold each of its values at once."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self.line = 0
        self.record: list[tuple[int, str]] = []
        self.separator = ""  # set once the header has given the dialect

    def __iter__(self):
        return self

    def __next__(self) -> str:
        ln = next(self._lines)
        self.line += 1
        if not ln.isascii() and _SURROGATE.search(ln):
            self.record.append((self.line, ln))
        if len(ln) > MAX_CSV_SEPARATORS and self.separator and ln.count(self.separator) > MAX_CSV_SEPARATORS:
            raise _CsvLineTooLong(self.line)
        return ln


def _csv_dialect(header_line: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma-separated unless the header line clearly uses ";" or tabs instead."""
    if "," not in header_line:
        for sep in ("\t", ";", "|"):
            if sep in header_line:

                class Dialect(csv.excel):
                    delimiter = sep

                return Dialect
    return csv.excel


def _surrogate_problem(counter: _LineCounter) -> tuple[int, str] | None:
    for line, ln in counter.record:
        m = _SURROGATE.search(ln)
        if m:
            raw = ln.encode("utf-8", "surrogateescape")
            col = m.start() + 1
            return line, _bad_utf8_message(line, col, ord(m.group()) - 0xDC00, raw)
    return None


def _read_csv(path, f, limit, codec) -> Iterator[Item]:
    field_cap = _RECORD_FACTOR * limit + 65536
    if csv.field_size_limit() < field_cap:
        csv.field_size_limit(field_cap)
    if codec is None or codec.name == "utf-8":
        text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="surrogateescape", newline="")
        enc_name = "UTF-8"
    else:
        text = io.TextIOWrapper(f, encoding=codec.name, errors="strict", newline="")
        enc_name = codec.name
    try:
        yield from _read_csv_text(path, text, limit, enc_name)
    finally:
        text.detach()


def _read_csv_text(path, text, limit, enc_name) -> Iterator[Item]:
    counter = _LineCounter(text)
    # The header: the first non-blank line.
    try:
        first = ""
        for first in counter:
            if first.strip():
                break
        else:
            yield Item(path, None, None, "empty file")
            return
    except UnicodeDecodeError:
        yield Item(path, counter.line + 1, None, f"not valid {enc_name} text at line {counter.line + 1}")
        return
    header_line_no = counter.line
    m = _SURROGATE.search(first)
    if m:
        raw = first.encode("utf-8", "surrogateescape")
        message = _bad_utf8_message(header_line_no, m.start() + 1, ord(m.group()) - 0xDC00, raw)
        yield Item(path, header_line_no, None, message)
        return
    dialect = _csv_dialect(first)
    counter.separator = dialect.delimiter
    if first.count(dialect.delimiter) >= MAX_CSV_COLUMNS:
        n = first.count(dialect.delimiter) + 1
        yield Item(path, header_line_no, None, f"line {header_line_no}: the header has {n:,} columns, over the {MAX_CSV_COLUMNS:,} limit")
        return
    try:
        header = next(csv.reader([first], dialect))
    except csv.Error as exc:
        yield Item(path, header_line_no, None, f"line {header_line_no}: malformed CSV header: {exc}")
        return
    columns = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    shown = ", ".join(h.strip() for h in header)
    missing = [c for c in ("title", "text") if c not in columns]
    if missing:
        what = " or ".join(f"'{c}'" for c in missing)
        yield Item(path, None, None, f"CSV has no {what} column (columns: {shown})")
        return
    reader = csv.reader(counter, dialect)
    required = {"title", "text"}
    rows = 0
    while True:
        counter.record = []
        start = counter.line + 1
        try:
            row = next(reader)
        except StopIteration:
            if not rows:
                yield Item(path, None, None, "no articles: the CSV has a header but no rows")
            return
        except _CsvLineTooLong as exc:
            line = exc.args[0]
            yield Item(
                path, line, None,
                f"line {line}: more than {MAX_CSV_SEPARATORS:,} separators on one line; stopped reading the file here",
            )  # fmt: skip
            return
        except csv.Error as exc:
            rows += 1
            yield Item(path, start, None, f"line {start}: malformed CSV: {exc}")
            continue
        except UnicodeDecodeError:
            yield Item(path, start, None, f"not valid {enc_name} text near line {start}; check the --encoding you passed")
            return
        if not row or all(not cell.strip() for cell in row):
            continue
        rows += 1
        bad = _surrogate_problem(counter)
        if bad:
            yield Item(path, bad[0], None, bad[1])
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
            yield Item(
                path,
                start,
                None,
                f"line {start}: the row has {len(row)} values but the header has {len(columns)} columns",
            )
            continue
        record: dict[str, str] = {}
        for name, cell in zip(columns, row):
            if name in record or not name:
                continue
            if cell.strip() or name in required:
                record[name] = cell
        yield _record_item(path, record, start, "line", limit)
