"""Tests for articles.text.readers (pure Python, no Django)."""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from articles.text import readers
from articles.text.readers import (
    DEFAULT_MAX_ARTICLE_BYTES,
    SUFFIXES,
    Item,
    read_bytes,
    read_file,
    read_paste,
    read_paths,
)

SAMPLES = Path(__file__).parent / "data" / "samples"
MB = 1024 * 1024


def only(items) -> Item:
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def check_item(item: Item) -> None:
    assert (item.article is None) != (item.error is None)
    if item.error:
        assert "Traceback" not in item.error and "\n" not in item.error


def test_item_where():
    assert Item("a.jsonl", 7, None, "x").where == "a.jsonl:7"
    assert Item("a.txt", None, None, "x").where == "a.txt"
    assert Item("a.json", 3, None, "x", "record").where == "a.json (record 3)"


# --------------------------------------------------------------------------
# Paths and folders
# --------------------------------------------------------------------------


def test_read_paths_walks_folders_sorted_skipping_hidden_and_other_types(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed title\n\nBody z.")
    (tmp_path / "b" / "a.md").write_text("# A title\n\nBody a.")
    (tmp_path / "a.TXT").write_text("First title\n\nBody.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / ".secret.txt").write_text("Hidden\n\nNo.")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden too\n\nNo.")
    items = list(read_paths([tmp_path]))
    for it in items:
        check_item(it)
    assert [os.path.relpath(it.path, tmp_path) for it in items] == ["a.TXT", "b/a.md", "b/z.txt"]
    assert [it.article.title for it in items] == ["First title", "A title", "Zed title"]


def test_read_paths_follows_links_only_inside_the_folder(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True), outside.mkdir()
    (outside / "secret.txt").write_text("Secret title\n\nSecret body.")
    (folder / "sub" / "inner.txt").write_text("Inner title\n\nInner body.")
    (folder / "a_leak.txt").symlink_to(outside / "secret.txt")
    (folder / "b_relative.txt").symlink_to(Path("..") / "out" / "secret.txt")
    (folder / "c_inside.txt").symlink_to(folder / "sub" / "inner.txt")
    (folder / "d_dir").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "e_broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "f_other.pdf").symlink_to(outside / "secret.txt")  # another type: skipped silently
    (folder / "sub" / "g_up.txt").symlink_to(Path("..") / ".." / "out" / "secret.txt")
    items = list(read_paths([folder]))
    got = [(Path(it.path).name, it.skipped, it.error, it.article.title if it.article else None) for it in items]
    real_out = os.path.realpath(outside)
    root = os.path.realpath(folder)
    assert got == [
        ("a_leak.txt", True, f"a link to {real_out}/secret.txt, outside the folder {root}: not followed", None),
        ("b_relative.txt", True, f"a link to {real_out}/secret.txt, outside the folder {root}: not followed", None),
        ("c_inside.txt", False, None, "Inner title"),
        ("d_dir", True, f"a link to the folder {root}/sub: not followed (links to folders never are)", None),
        ("e_broken.txt", True, f"a broken link (to {root}/nowhere.txt): not followed", None),
        ("g_up.txt", True, f"a link to {real_out}/secret.txt, outside the folder {root}: not followed", None),
        ("inner.txt", False, None, "Inner title"),
    ]
    assert items[2].path == str(folder / "c_inside.txt")  # reported under the link's own name
    # a file named on the command line is the user's choice: followed wherever it leads
    assert only(read_paths([folder / "a_leak.txt"])).article.title == "Secret title"


def test_read_paths_explicit_unsupported_and_missing(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    items = list(read_paths([str(pdf), tmp_path / "missing.txt", SAMPLES / "plain_article.txt"]))
    assert [it.error for it in items[:2]] == [
        "unsupported file type '.pdf'; expected one of " + ", ".join(SUFFIXES),
        "no such file or directory",
    ]
    assert items[1].where == str(tmp_path / "missing.txt")
    assert items[2].article.title == "City council approves record budget for schools"


def test_read_paths_sample_folder_every_format():
    items = list(read_paths([SAMPLES]))
    for it in items:
        check_item(it)
    by_file: dict[str, list[Item]] = {}
    for it in items:
        by_file.setdefault(Path(it.path).name, []).append(it)
    assert by_file["empty.txt"][0].error == "empty file"
    assert by_file["whitespace.md"][0].error == "empty file"
    assert [it.article.title for it in by_file["news_articles.txt"]] == [
        "Lithuania declares more than 1,000 Belarusians and Russians to be national security risks",
        "Ukraine to give revised peace plans to US as Kyiv readies for more talks with its coalition partners",
    ]
    assert [it.line for it in by_file["news_articles.txt"]] == [1, 27]
    assert by_file["article.md"][0].article.byline == "Maria Lopez"
    assert by_file["article.html"][0].article.publisher == "Example Times"
    assert by_file["single.json"][0].article.url == "http://example.org/bridge"
    assert by_file["no_text_column.csv"][0].error == "CSV has no 'title' or 'text' column (columns: headline, body)"


# --------------------------------------------------------------------------
# Whole-file problems
# --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  \n", b"\xef\xbb\xbf \n"], ids=["zero", "spaces", "bom"])
def test_empty_file_every_format(tmp_path, suffix, data):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(data)
    item = only(read_file(path))
    assert item.error == "empty file"
    assert item.where == str(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_binary_file_every_format(tmp_path, suffix):
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    assert only(read_file(path)).error == "binary file, not text"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 100 + b"some text")
    assert only(read_file(path)).error == "binary file, not text"


def test_utf16_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Title\r\n\r\nBody text.".encode("utf-16"))
    assert only(read_file(path)).error == "the file is UTF-16 text; re-save it as UTF-8 or pass --encoding utf-16"
    item = only(read_file(path, encoding="utf-16"))
    assert item.article.title == "Title"


LEGACY = "Café society\n\nThe second line.\nThe mayor said the café cost €4.2 million, officials said.\n"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_legacy_encoding_whole_document(tmp_path, suffix):
    path = tmp_path / f"legacy{suffix}"
    path.write_bytes(LEGACY.encode("cp1252"))
    item = only(read_file(path))
    assert item.error == (
        "not valid UTF-8 at line 1, column 4 (byte 0xe9); it looks like a legacy encoding such as Windows-1252 "
        "— re-save the file as UTF-8 or pass --encoding cp1252"
    )
    assert item.line == 1
    ok = only(read_file(path, encoding="cp1252"))
    assert ok.article.title == "Café society"
    assert "€4.2 million" in ok.article.text


def test_legacy_encoding_error_points_at_the_right_line_and_column(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes("Title ✓\n\nLine two\nSo: ‘quoted’ ".encode() + b"caf\xe9")
    item = only(read_file(path))
    assert item.error.startswith("not valid UTF-8 at line 4, column 17 (byte 0xe9);")
    assert item.where == f"{path}:4"


def test_html_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.htm"
    html = '<html><head><meta charset="windows-1252"><title>Café</title></head><body><h1>Café news</h1><p>Prices rose 4%.</p></body></html>'
    path.write_bytes(html.encode("cp1252"))
    item = only(read_file(path))
    assert item.article.title == "Café news"


def test_utf8_bom_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle with BOM\n\nBody.")
    assert only(read_file(path)).article.title == "Title with BOM"
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b'\xef\xbb\xbf{"title": "T", "text": "x"}\n')
    assert only(read_file(jsonl)).article.title == "T"
    js = tmp_path / "bom.json"
    js.write_bytes(b'\xef\xbb\xbf[{"title": "T", "text": "x"}]')
    assert only(read_file(js)).article.title == "T"
    csv_path = tmp_path / "bom.csv"
    csv_path.write_bytes(b"\xef\xbb\xbftitle,text\nT,x\n")
    assert only(read_file(csv_path)).article.title == "T"


def test_unknown_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody.")
    assert only(read_file(path, encoding="klingon")).error == "unknown encoding 'klingon'"


def test_whole_document_too_large_is_rejected_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Title\n\n" + b"word " * 2000)  # ~10 KB
    monkeypatch.setattr(readers, "_decode", lambda *a, **k: pytest.fail("must not decode a file over the limit"))
    item = only(read_file(path, max_article_bytes=1000))
    assert item.error == "file is 9.8 KB, over the 3.9 KB limit for one .txt file"


def test_article_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "word " * 500)
    item = only(read_file(path, max_article_bytes=1024))
    assert item.error == "article is 2.4 KB, over the 1.0 KB limit"
    assert item.line == 1
    assert "2.0 MB limit" in readers._too_big(
        readers.parse_record({"title": "t", "text": "x" * (2 * MB + 500 * 1024)}), DEFAULT_MAX_ARTICLE_BYTES
    )


def test_parser_crash_becomes_an_error_item(tmp_path, monkeypatch):
    def boom(raw):
        raise RuntimeError("kaput")

    monkeypatch.setattr(readers, "parse_txt", boom)
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody.")
    assert only(read_file(path)).error == "could not parse: RuntimeError: kaput"

    monkeypatch.setattr(readers, "parse_record", lambda *a, **k: 1 / 0)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"title": "T", "text": "x"}\n{"title": "U", "text": "y"}\n')
    assert [it.error for it in read_file(jsonl)] == [
        "line 1: could not parse: ZeroDivisionError: division by zero",
        "line 2: could not parse: ZeroDivisionError: division by zero",
    ]


def test_unreadable_file(tmp_path, monkeypatch):
    # chmod 0 does not stop root (CI runs as root), so make open() refuse like the OS would
    import builtins

    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nBody.")
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    assert only(read_file(path)).error.startswith("could not open the file: permission denied")


# --------------------------------------------------------------------------
# .txt / .md / .html
# --------------------------------------------------------------------------


def test_txt_several_news_paste_articles_have_their_start_lines(tmp_path):
    raw = (SAMPLES / "news_articles.txt").read_text()
    path = tmp_path / "paste.txt"
    path.write_bytes(("\r\n" * 3 + raw.replace("\n", "\r\n")).encode())
    items = list(read_file(path))
    assert [it.line for it in items] == [4, 30]
    assert [it.where for it in items] == [f"{path}:4", f"{path}:30"]
    assert items[0].article.dateline == "VILNIUS"


def test_markdown_and_html_items():
    md = only(read_file(SAMPLES / "article.md"))
    assert md.article.title == "Central bank holds rates at 5.25%"
    html = only(read_file(SAMPLES / "article.html"))
    assert html.article.title == "Government pledges 40 percent of budget to schools"
    assert "cookies" not in html.article.text


# --------------------------------------------------------------------------
# .jsonl
# --------------------------------------------------------------------------


def test_jsonl_sample_every_line_reported():
    items = list(read_file(SAMPLES / "articles.jsonl"))
    for it in items:
        check_item(it)
    assert [(it.line, it.error) for it in items if it.error] == [
        (4, "line 4: malformed JSON: Expecting ',' delimiter (column 33)"),
        (5, "line 5: field 'published_on': 'yesterday' is not an ISO date (YYYY-MM-DD)"),
        (6, "line 6: expected a JSON object, got an array"),
        (7, "line 7: field 'url': 'javascript:alert(1)' is not an http(s) URL"),
        (8, "line 8: missing required field 'title'"),
    ]
    good = [it for it in items if it.article]
    assert [(it.line, it.article.title) for it in good] == [
        (1, "Unemployment falls to 3.5%"),
        (3, "Second article"),
        (9, "Last one"),
    ]
    first = good[0].article
    assert first.dateline == "LONDON" and first.publisher == "Reuters" and first.summary == ["Lowest since 1970", "Wages up 4%"]
    assert good[0].where.endswith("articles.jsonl:1")


def test_jsonl_bad_utf8_line_fails_alone(tmp_path):
    path = tmp_path / "mixed.ndjson"
    lines = [
        b'{"title": "One", "text": "Fine."}',
        b'{"title": "Two", "text": "Caf' + b"\xe9" + b'."}',
        b'{"title": "Three", "text": "Also fine."}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_file(path))
    assert [it.article.title if it.article else None for it in items] == ["One", None, "Three"]
    assert items[1].line == 2
    assert items[1].error.startswith("not valid UTF-8 at line 2, column 30 (byte 0xe9); it looks like a legacy encoding")
    decoded = list(read_file(path, encoding="cp1252"))
    assert decoded[1].article.text.endswith("Café.")


def test_jsonl_line_over_the_limit_is_skipped_and_the_rest_imports(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"title": "Small", "text": "ok"}) + "\n")
        f.write(json.dumps({"title": "Huge", "text": "x" * 30_000}) + "\n")
        f.write(json.dumps({"title": "Big", "text": "y " * 1500}) + "\n")
        f.write(json.dumps({"title": "After", "text": "ok"}) + "\n")
    items = list(read_file(path, max_article_bytes=2048))
    assert items[0].article.title == "Small"
    assert items[1].error == "line 2: record is 29.3 KB, over the 72.0 KB limit for one line" or items[1].error.startswith(
        "line 2: article is 29.3 KB"
    )
    assert items[2].error == "line 3: article is 2.9 KB, over the 2.0 KB limit"
    assert items[3].article.title == "After"


def test_jsonl_overlong_line_is_cut_without_reading_it_whole(tmp_path):
    path = tmp_path / "long.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"title": "Huge", "text": "x" * 300_000}) + "\n")
        f.write(json.dumps({"title": "After", "text": "ok"}) + "\n")
    items = list(read_file(path, max_article_bytes=1024))
    assert items[0].error == "line 1: record is 293.0 KB, over the 68.0 KB limit for one line"
    assert items[1].line == 2 and items[1].article.title == "After"


def test_jsonl_blank_lines_only_is_empty(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n   \n")
    assert only(read_file(path)).error == "empty file"


def test_jsonl_streams_a_100_mb_file_in_flat_memory(tmp_path):
    sentence = "The council approved a budget of $4.2 billion on Tuesday, officials said. "
    text = json.dumps("\n\n".join([(sentence * 130).strip()] * 100))  # ~1 MB per record
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        for i in range(105):
            f.write(f'{{"title": "Article {i}", "published_on": "2024-01-02", "text": {text}}}\n')
    assert path.stat().st_size >= 100 * 1000 * 1000
    tracemalloc.start()
    try:
        count = 0
        for item in read_file(path):
            assert item.error is None
            count += 1
            del item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 105
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"


# --------------------------------------------------------------------------
# .json
# --------------------------------------------------------------------------


def test_json_array_sample_uses_record_numbers():
    items = list(read_file(SAMPLES / "articles.json"))
    assert [(it.line, it.unit) for it in items] == [(1, "record"), (2, "record"), (3, "record"), (4, "record")]
    assert items[0].article.title == "First record" and items[0].article.line == 1
    assert items[1].error == "record 2: field 'text' is empty"
    assert items[1].where.endswith("articles.json (record 2)")
    assert items[2].error == "record 3: expected a JSON object, got a string"
    assert items[3].article.summary == ["Recession fears", "Exports weak"]
    assert items[3].article.dateline == "BERLIN"


def test_json_single_object():
    item = only(read_file(SAMPLES / "single.json"))
    assert item.article.title == "A single article"
    assert item.article.byline == "Sam Lee"
    assert item.where.endswith("single.json")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"title": "T", "text": }', "malformed JSON: Expecting value (line 1, column 24)"),
        (b'"just a string"', "malformed JSON: expected an object or an array of objects, found '\"'"),
        (b"[]", "no articles: the JSON array is empty"),
        (
            b'{"title": "A", "text": "a"}\n{"title": "B", "text": "b"}\n',
            "malformed JSON: Extra data (line 2, column 1) (one object per line is JSON Lines: name the file .jsonl)",
        ),
        (b'{"title": "T"}', "missing required field 'text'"),
    ],
)
def test_json_bad_documents(tmp_path, data, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    assert only(read_file(path)).error == expected


def test_json_truncated_array_keeps_the_records_before_the_error(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[{"title": "A", "text": "a"}, {"title": "B", "text": "b"}, {"title": "C", "te')
    items = list(read_file(path))
    assert [it.article.title for it in items[:2]] == ["A", "B"]
    assert items[2].error.startswith("malformed JSON after record 2: ")
    assert items[2].where.endswith("(record 3)")
    assert len(items) == 3


def test_json_not_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "legacy.json"
    path.write_bytes(b'[\n  {"title": "Caf\xe9", "text": "x"}\n]')
    item = only(read_file(path))
    assert item.error.startswith("not valid UTF-8 at line 2, column 17 (byte 0xe9)")
    ok = only(read_file(path, encoding="latin-1"))
    assert ok.article.title == "Café"


def test_json_array_is_streamed(tmp_path, monkeypatch):
    path = tmp_path / "many.json"
    with path.open("w") as f:
        f.write("[")
        for i in range(2000):
            f.write(("," if i else "") + json.dumps({"title": f"T{i}", "text": "word " * 200}))
        f.write("]")
    calls = []
    real = readers.json.loads
    monkeypatch.setattr(readers.json, "loads", lambda s, *a, **k: calls.append(len(s)) or real(s, *a, **k))
    items = read_file(path)
    first = next(items)
    assert first.article.title == "T0"
    assert calls == []  # not json.loads of the whole file
    assert sum(1 for _ in items) == 1999


# --------------------------------------------------------------------------
# .csv
# --------------------------------------------------------------------------


def test_csv_sample_records_and_lines():
    items = list(read_file(SAMPLES / "articles.csv"))
    for it in items:
        check_item(it)
    assert [it.line for it in items] == [2, 5, 7]
    rates = items[0].article
    assert rates.title == "Rates held" and rates.dateline == "FRANKFURT"
    assert rates.published_on.isoformat() == "2024-03-05"
    assert rates.url == ""  # empty optional cell is missing, not an invalid URL
    assert items[1].error == "line 5: field 'published_on': '05/03/2024' is not an ISO date (YYYY-MM-DD)"
    assert items[2].article.summary == ["One", "Two"]
    assert items[2].article.url == "https://example.com/c"


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Title, body ,date\nA,B,C\nD,E,F\n")
    assert only(read_file(path)).error == "CSV has no 'text' column (columns: Title, body, date)"


def test_csv_header_case_semicolons_and_bad_rows(tmp_path):
    path = tmp_path / "euro.csv"
    path.write_bytes(
        b"Title;Text;Publisher\n"
        b"Un;Le taux est de 4 %.;Le Monde\n"
        b"Deux;Texte;X;extra\n"
        b"Trois;Encore;\n"
    )
    items = list(read_file(path))
    assert items[0].article.title == "Un" and items[0].article.publisher == "Le Monde"
    assert items[1].error == "line 3: the row has 4 values but the header has 3 columns"
    assert items[2].article.title == "Trois" and items[2].article.publisher == ""


def test_csv_bad_utf8_record_fails_alone(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b'title,text\n"One","Line one\nline two"\n"Two","Caf\xe9 prices"\n"Three","Fine"\n'
    )
    items = list(read_file(path))
    assert [it.line for it in items] == [2, 4, 5]
    assert items[0].article.text == "One\n\nLine one\n\nline two"
    assert items[1].error.startswith("not valid UTF-8 at line 4, column 11 (byte 0xe9); it looks like a legacy encoding")
    assert items[2].article.title == "Three"
    fixed = list(read_file(path, encoding="cp1252"))
    assert fixed[1].article.text.endswith("Café prices")


def test_csv_big_field_within_limit_is_read(tmp_path):
    path = tmp_path / "big.csv"
    body = "word " * 60_000  # 300 KB, over csv's default 128 KB field limit
    path.write_text(f'title,text\nBig,"{body}"\nSmall,ok\n')
    items = list(read_file(path, max_article_bytes=512 * 1024))
    assert items[0].article.title == "Big"
    assert items[1].article.title == "Small" and items[1].line == 3
    items = list(read_file(path, max_article_bytes=64 * 1024))
    assert items[0].error.startswith("line 2: ")
    assert items[-1].article.title == "Small"


# --------------------------------------------------------------------------
# Uploads and pastes
# --------------------------------------------------------------------------


def test_read_bytes_dispatches_on_the_name():
    data = (SAMPLES / "articles.csv").read_bytes()
    assert [it.line for it in read_bytes("upload.CSV", data)] == [2, 5, 7]
    assert only(read_bytes("upload.docx", b"PK\x03\x04")).error.startswith("unsupported file type '.docx'")
    assert only(read_bytes("noext", b"x")).error.startswith("unsupported file type (no file extension)")
    item = only(read_bytes("upload.md", b"# Hello\n\nWorld."))
    assert item.where == "upload.md:1" and item.article.title == "Hello"


def test_read_paste_news_and_plain():
    items = list(read_paste((SAMPLES / "news_articles.txt").read_text()))
    assert [it.line for it in items] == [1, 27]
    assert items[1].article.dateline == "KYIV"
    assert items[0].where == "paste:1"
    plain = only(read_paste("A headline\n\nSome text."))
    assert plain.article.title == "A headline"
    assert only(read_paste("  \n ")).error == "nothing to import: the pasted text is empty"
    assert only(read_paste("T\n\n" + "x" * 5000, max_article_bytes=1000)).error == (
        "pasted text is 4.9 KB, over the 3.9 KB limit"
    )
    assert only(read_paste("T\n\n" + "x" * 2000, max_article_bytes=1000)).error == (
        "article is 2.0 KB, over the 1000 bytes limit"
    )


def test_rest_of_batch_still_comes_through(tmp_path):
    shutil.copy(SAMPLES / "plain_article.txt", tmp_path / "1.txt")
    (tmp_path / "2.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "3.json").write_text("{not json")
    shutil.copy(SAMPLES / "single.json", tmp_path / "4.json")
    items = list(read_paths([tmp_path]))
    assert [bool(it.article) for it in items] == [True, False, False, True]
    assert items[1].error == "binary file, not text"
    assert items[2].error.startswith("malformed JSON: Expecting property name enclosed in double quotes")


# --------------------------------------------------------------------------
# Bounds (the memory figures are in tests/test_hostile_input.py)
# --------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    """A record whose "meta" field nests so that the record is ``depth`` levels deep."""
    return b'{"title": "T", "text": "Body.", "meta": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize("fast", [True, False])
def test_json_depth_limit_is_exact(monkeypatch, fast):
    if not fast:  # the bounded builder, as for a record with many structural characters
        monkeypatch.setattr(readers, "_FAST_JSON", 0)
    ok = only(read_bytes("a.jsonl", _nested(readers.MAX_JSON_DEPTH)))
    assert ok.article.title == "T"
    bad = only(read_bytes("a.jsonl", _nested(readers.MAX_JSON_DEPTH + 1)))
    assert bad.error == "line 1: JSON nested more than 64 levels deep (the limit for one record)"


def test_json_array_bad_record_does_not_stop_the_others():
    data = b"[" + b",".join([b'{"title": "A", "text": "a"}', _nested(100), b"[" * 70_000 + b"]" * 70_000, b'{"title": "B", "text": "b"}']) + b"]"
    items = list(read_bytes("a.json", data))
    assert [(it.line, it.error, it.article.title if it.article else None) for it in items] == [
        (1, None, "A"),
        (2, "record 2: JSON nested more than 64 levels deep (the limit for one record)", None),
        (3, "record 3: JSON nested more than 64 levels deep (the limit for one record)", None),
        (4, None, "B"),
    ]


def test_json_values_limit(monkeypatch):
    monkeypatch.setattr(readers, "MAX_JSON_VALUES", 10)
    monkeypatch.setattr(readers, "_FAST_JSON", 0)
    ok = b'{"title": "T", "text": "x", "k": [1, 2, 3, 4, 5, 6]}'  # 10 values: record, 2 strings, list, 6
    assert only(read_bytes("a.json", ok)).article.title == "T"
    bad = b'{"title": "T", "text": "x", "k": [1, 2, 3, 4, 5, 6, 7]}'
    assert only(read_bytes("a.json", bad)).error == "JSON record with more than 10 values (the limit for one record)"


def test_csv_header_without_rows():
    assert only(read_bytes("a.csv", b"title,text\n")).error == "no articles: the CSV has a header but no rows"


def test_record_text_is_checked_before_it_is_parsed(monkeypatch):
    calls = []
    monkeypatch.setattr(readers, "parse_record", lambda *a, **k: calls.append(1))
    item = only(read_bytes("a.jsonl", json.dumps({"title": "T", "text": "a\n" * 200_001}).encode()))
    assert item.error == "line 1: field 'text' has 200,002 lines, over the 200,000-line limit; split it"
    assert calls == []


def test_sentence_breaks_per_article():
    text = "Ab. " * (readers.MAX_SENTENCE_BREAKS + 1)
    item = only(read_bytes("a.jsonl", json.dumps({"title": "T", "text": text}).encode()))
    assert item.error.startswith("line 1: article has 40,")
    assert "sentence breaks (. ! ? and line breaks), over the 40,000 limit for one article" in item.error


def test_markdown_element_budget_names_the_line():
    data = b"# Title\n\nIntro.\n\n" + b"- a\n" * 30_000
    item = only(read_bytes("a.md", data))
    assert item.error.startswith("the Markdown document has more than 100,000 elements by line ")
    assert item.line and item.line > 5


def test_html_fatal_parser_error_is_named(tmp_path):
    page = b"<html><head><script>" + b"var a = 1; " * 1_000_000 + b"</script></head><body><p>x</p></body></html>"
    path = tmp_path / "big.html"
    path.write_bytes(page)
    assert only(read_file(path)).error == "not a readable HTML page: one piece of text or script over 10 MB (line 1)"


def test_html_quoted_attribute_values_are_not_attributes():
    svg = b'<svg><path d="' + b"10 20 " * 200_000 + b'"/></svg>'
    page = b"<html><head><title>Map story</title></head><body><h1>Map story</h1><p>The map shows it. It is big.</p>" + svg + b"</body></html>"
    assert only(read_bytes("a.html", page)).article.title == "Map story"
