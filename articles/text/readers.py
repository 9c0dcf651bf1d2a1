"""Read files, uploads and pastes into ``Item``s: one parsed article or one clear error each.

Pure Python (no Django). Nothing here raises for bad input: every problem becomes an
``Item`` whose ``error`` names what was wrong (and ``where`` names the file and line),
and the rest of the batch still comes through. JSON Lines, JSON arrays and CSV are
streamed, so a file of any size is read in constant memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
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
    "Item",
    "SUFFIXES",
    "DEFAULT_MAX_ARTICLE_BYTES",
    "read_paths",
    "read_file",
    "read_bytes",
    "read_paste",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv")
DEFAULT_MAX_ARTICLE_BYTES = 2 * 1024 * 1024

# A whole-document file (.txt/.md/.html) larger than this many times the article limit is
# refused before it is read. Saved web pages carry markup, styles and scripts, so they get more room.
_WHOLE_FILE_FACTOR = {".txt": 4, ".md": 4, ".markdown": 4, ".html": 8, ".htm": 8}
# One JSON Lines line / CSV field may be this many times the article limit (escapes, other fields).
_RECORD_FACTOR = 4
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
    """Items from files and folders (walked recursively, sorted, hidden entries and other file types skipped)."""
    for p in paths:
        path = os.fsdecode(p)
        if os.path.isdir(path):
            yield from _walk(path, max_article_bytes=max_article_bytes, encoding=encoding)
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
        f = open(name, "rb")
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
) -> Iterator[Item]:
    """Items from an uploaded file's bytes, dispatched on the suffix of ``name``."""
    suffix = _suffix(name)
    if suffix not in SUFFIXES:
        yield _unsupported(name, suffix)
        return
    f = io.BytesIO(data)
    yield from _guarded(name, _read_stream(name, suffix, f, len(data), max_article_bytes, encoding))


def read_paste(text: str, *, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Item]:
    """Items from pasted text: one or more pasted news pages, or one plain article."""
    if not isinstance(text, str) or not text.strip():
        yield Item(_PASTE, None, None, "nothing to import: the pasted text is empty")
        return
    limit = _WHOLE_FILE_FACTOR[".txt"] * max_article_bytes
    size = _utf8_len(text)
    if size > limit:
        yield Item(_PASTE, None, None, f"pasted text is {_size(size)}, over the {_size(limit)} limit")
        return
    yield from _guarded(_PASTE, _articles(_PASTE, lambda: parse_txt(text.lstrip("\ufeff")), max_article_bytes))


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


def _walk(folder: str, **kw) -> Iterator[Item]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Item(folder, None, None, f"could not list the folder: {_os_message(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(entry.path, **kw)
        elif is_file and _suffix(entry.name) in SUFFIXES:
            yield from read_file(entry.path, **kw)


def _guarded(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """Whatever goes wrong reading a file becomes one last error Item, never a traceback."""
    try:
        yield from items
    except OSError as exc:
        yield Item(path, None, None, f"could not read the file: {_os_message(exc)}")
    except UnicodeDecodeError as exc:  # only with an explicit --encoding (UTF-8 problems are reported earlier)
        yield Item(path, None, None, f"not valid {exc.encoding} text; check the --encoding you passed")
    except Exception as exc:  # a bug or an exotic input: report it, keep the batch going
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
    text = article.text
    if len(text) * 4 <= limit:
        return None
    n = _utf8_len(text)
    if n > limit:
        return f"article is {_size(n)}, over the {_size(limit)} limit"
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
    except Exception as exc:
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
    try:
        article = parse_record(obj, line=n or 1)  # type: ignore[arg-type]
    except ParseError as exc:
        return Item(path, n, None, f"{label}{exc}", unit)
    except Exception as exc:
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
    except Exception:
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
    try:
        text = _decode(data, codec, html=suffix in (".html", ".htm"))
    except _DecodeProblem as exc:
        yield Item(path, exc.line, None, exc.message)
        return
    if not text.strip():
        yield Item(path, None, None, "empty file")
        return
    if suffix == ".txt":
        parse = lambda: parse_txt(text)  # noqa: E731
    elif suffix in (".md", ".markdown"):
        parse = lambda: parse_markdown(text)  # noqa: E731
    else:
        parse = lambda: parse_html(text)  # noqa: E731
    yield from _articles(path, parse, limit)


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
            obj = json.loads(text)
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
            obj = json.loads(data.decode("utf-8"))
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
        for n, obj in enumerate(ijson.items(stream, "item", use_float=True), 1):
            if not isinstance(obj, dict):
                yield Item(path, n, None, f"record {n}: expected a JSON object, got {_json_type(obj)}", "record")
                continue
            yield _record_item(path, obj, n, "record", limit)
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


class _LineCounter:
    """Feeds lines to csv.reader, counting physical lines and keeping those of the current record."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self.line = 0
        self.record: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        ln = next(self._lines)
        self.line += 1
        self.record.append(ln)
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


def _surrogate_problem(counter: _LineCounter, start: int) -> tuple[int, str] | None:
    for k, ln in enumerate(counter.record):
        m = _SURROGATE.search(ln)
        if m:
            raw = ln.encode("utf-8", "surrogateescape")
            line = start + k
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
    while True:
        counter.record = []
        start = counter.line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Item(path, start, None, f"line {start}: malformed CSV: {exc}")
            continue
        except UnicodeDecodeError:
            yield Item(path, start, None, f"not valid {enc_name} text near line {start}; check the --encoding you passed")
            return
        if not row or all(not cell.strip() for cell in row):
            continue
        bad = _surrogate_problem(counter, start)
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
