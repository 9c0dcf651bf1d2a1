"""Exports: the CSV row generator (columns, filters, quoting, formula neutralisation, read-back
with csv, pandas and LibreOffice), its three ways out (web, admin, command line) and ClaimReview."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from articles import exports, services
from articles.models import Article, Claim, Source, Verdict

README = Path(__file__).resolve().parent.parent / "README.md"
TRICKY = 'Says "1,000" jobs,\nthen: 2,000 — café, naïve, 東京'


def _verdict(claim, reviewer, rating, rationale="", urls=()):
    sources = [services.SourceChange(source=Source(url=u, position=i)) for i, u in enumerate(urls)]
    return services.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale, sources=sources)


@pytest.fixture
def world(seeded, ratings, reviewer, reviewer2, editor):
    """Two demo articles with a publisher and URL each; on the first article's claims: two
    verdicts on claim 1 (one approved, tricky text, sources), one on claim 2, none after."""
    first, second = seeded
    Article.objects.filter(pk=first.pk).update(publisher="Daily Bugle", url="https://news.example/a")
    Article.objects.filter(pk=second.pk).update(publisher="The Herald", url="https://news.example/b")
    c1, c2 = Claim.objects.filter(article=first).order_by("position")[:2]
    v1 = _verdict(c1, reviewer, ratings["false"], TRICKY, ["https://a.example/1", "https://a.example/2"])
    v2 = _verdict(c1, reviewer2, ratings["false"], "=HYPERLINK(\"http://evil\")")
    v3 = _verdict(c2, reviewer, ratings["unverifiable"], "-5% is what the minister said")
    services.verdict_approve(verdict=v1, editor=editor)
    for v in (v1, v2, v3):
        v.refresh_from_db()
    return {"articles": (first, second), "claims": (c1, c2), "verdicts": (v1, v2, v3)}


def read(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export(filters=None, **kw) -> str:
    return "".join(exports.csv_chunks(filters, **kw))


def utc(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ----------------------------------------------------------------------------- rows and columns


def test_header_is_the_documented_columns_and_the_readme_documents_each(db):
    text = export()
    assert text.split("\r\n", 1)[0] == ",".join(f'"{name}"' for name, _ in exports.COLUMNS)
    readme = README.read_text()
    for name, _ in exports.COLUMNS:
        assert f"| `{name}` |" in readme, f"README does not document column {name}"


def test_one_row_per_verdict_and_one_per_claim_without_verdict(world):
    rows = read(export())
    claims = Claim.objects.count()
    assert len(rows) == claims + 1  # claim 1 has two verdicts
    c1, _c2 = world["claims"]
    v1, v2, _v3 = world["verdicts"]
    assert [r["verdict_id"] for r in rows if r["claim_id"] == str(c1.pk)] == [str(v1.pk), str(v2.pk)]
    bare = [r for r in rows if r["verdict_id"] == ""]
    assert len(bare) == claims - 2
    verdict_columns = [name for name, _ in exports.COLUMNS][13:26]  # then the claim's checked_before_*
    assert all(r[col] == "" for r in bare for col in verdict_columns)
    # in article, claim position, verdict order
    keys = [(int(r["article_id"]), int(r["claim_position"])) for r in rows]
    assert keys == sorted(keys)


def test_cells_carry_the_database_values(world):
    v1 = world["verdicts"][0]
    claim, article = v1.claim, v1.claim.article
    row = next(r for r in read(export()) if r["verdict_id"] == str(v1.pk))
    assert row == {
        "article_id": str(article.pk),
        "article_title": article.title,
        "article_url": "https://news.example/a",
        "article_publisher": "Daily Bugle",
        "article_published_on": article.published_on.isoformat(),
        "claim_id": str(claim.pk),
        "claim_position": str(claim.position),
        "claim_start": str(claim.start),
        "claim_end": str(claim.end),
        "claim_text": claim.text,
        "claim_speaker": claim.speaker,
        "claim_checkworthiness": repr(claim.checkworthiness),
        "claim_status": "approved",
        "verdict_id": str(v1.pk),
        "rating_slug": "false",
        "rating_label": "False",
        "rating_score": "1",
        "rationale": TRICKY,
        "reviewer": "rev",
        "verdict_created_at": utc(v1.created_at),
        "verdict_updated_at": utc(v1.updated_at),
        "approved": "yes",
        "approved_by": "ed",
        "approved_at": utc(v1.approved_at),
        "sources": "https://a.example/1 | https://a.example/2",
        "source_count": "2",
        "checked_before_urls": "",  # no confirmed match (tests/test_match_views.py has some)
        "checked_before_publishers": "",
        "checked_before_ratings": "",
    }
    assert article.text[int(row["claim_start"]) : int(row["claim_end"])] == row["claim_text"]


def test_unapproved_and_off_scale_verdicts(world):
    _v1, v2, v3 = world["verdicts"]
    rows = {r["verdict_id"]: r for r in read(export())}
    assert (rows[str(v2.pk)]["approved"], rows[str(v2.pk)]["approved_by"], rows[str(v2.pk)]["approved_at"]) == ("no", "", "")
    assert (rows[str(v3.pk)]["rating_score"], rows[str(v3.pk)]["rating_label"]) == ("", "Unverifiable")
    assert (rows[str(v3.pk)]["sources"], rows[str(v3.pk)]["source_count"]) == ("", "0")


def test_sources_follow_their_position_not_their_id(world, reviewer):
    v1 = world["verdicts"][0]
    first, second = Source.objects.filter(verdict=v1).order_by("id")
    Source.objects.filter(pk=first.pk).update(position=5)
    row = next(r for r in read(export()) if r["verdict_id"] == str(v1.pk))
    assert row["sources"] == f"{second.url} | {first.url}"


# ----------------------------------------------------------------------------- filters


def ids(text: str, column: str = "verdict_id") -> set[str]:
    return {r[column] for r in read(text)}


def test_filters_narrow_the_rows(world, reviewer2, ratings):
    first, second = world["articles"]
    _c1, c2 = world["claims"]
    v1, v2, v3 = world["verdicts"]
    F = exports.Filters
    assert ids(export(F(articles=[second.pk])), "article_id") == {str(second.pk)}
    assert ids(export(F(publisher="daily bugle")), "article_id") == {str(first.pk)}  # case-insensitive
    assert ids(export(F(published_from=second.published_on)), "article_id") == {str(second.pk)}
    assert ids(export(F(published_to=first.published_on)), "article_id") == {str(first.pk)}
    assert ids(export(F(claims=[c2.pk]))) == {str(v3.pk)}
    # verdict filters drop the claims without a matching verdict
    assert ids(export(F(ratings=(ratings["false"].pk,)))) == {str(v1.pk), str(v2.pk)}
    assert ids(export(F(reviewers=(reviewer2.pk,)))) == {str(v2.pk)}
    assert ids(export(F(approved_only=True))) == {str(v1.pk)}
    assert ids(export(F(statuses=("approved",)))) == {str(v1.pk), str(v2.pk)}
    assert len(read(export(F(statuses=("unreviewed",))))) == Claim.objects.filter(status="unreviewed").count()
    today = timezone.localdate()
    assert ids(export(F(verdict_from=today, verdict_to=today))) == {str(v.pk) for v in (v1, v2, v3)}
    assert read(export(F(verdict_to=today - dt.timedelta(days=1)))) == []
    assert read(export(F(verdict_from=today + dt.timedelta(days=1)))) == []
    # filters combine
    assert ids(export(F(ratings=(ratings["false"].pk,), reviewers=(reviewer2.pk,), articles=[first.pk]))) == {str(v2.pk)}


def test_verdict_dates_are_days_in_the_newsroom_time_zone(world, settings):
    v3 = world["verdicts"][2]
    Verdict.objects.filter(pk=v3.pk).update(created_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    settings.TIME_ZONE = "Europe/Berlin"  # 00:30 on 2 March there
    F = exports.Filters
    assert str(v3.pk) in ids(export(F(verdict_from=dt.date(2026, 3, 2), verdict_to=dt.date(2026, 3, 2))))
    assert str(v3.pk) not in ids(export(F(verdict_to=dt.date(2026, 3, 1))))


def test_approved_only_is_the_published_outcome(world, editor):
    """A dismissed claim keeps its verdict's approval (reopening restores it) but is not
    published: the approved-only export and ClaimReview leave it out; the full export shows
    the approval next to the claim's status."""
    v1 = world["verdicts"][0]
    services.claim_dismiss(claims=[v1.claim], reason="opinion", actor=editor)
    assert read(export(exports.Filters(approved_only=True))) == []
    row = next(r for r in read(export()) if r["verdict_id"] == str(v1.pk))
    assert (row["claim_status"], row["approved"]) == ("dismissed", "yes")
    assert json.loads("".join(exports.claimreview_chunks())) == []
    services.claim_reopen(claim=Claim.objects.get(pk=v1.claim_id), actor=editor)
    assert ids(export(exports.Filters(approved_only=True))) == {str(v1.pk)}


def test_the_last_possible_day_is_a_valid_end_date(world, client, editor):
    everything = ids(export())  # "" stands for the claims without verdicts, which a verdict filter drops
    assert ids(export(exports.Filters(verdict_to=dt.date.max))) == everything - {""}
    client.force_login(editor)
    response = client.get(reverse("articles:export"), {"verdict_to": "9999-12-31"})
    assert response.status_code == 200
    assert ids(b"".join(response.streaming_content).decode()) == everything - {""}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"statuses": ("open",)}, "unknown claim status open"),
        ({"published_from": dt.date(2026, 2, 1), "published_to": dt.date(2026, 1, 1)}, "article date range ends"),
        ({"verdict_from": dt.date(2026, 2, 1), "verdict_to": dt.date(2026, 1, 1)}, "verdict date range ends"),
    ],
)
def test_bad_filters_are_refused_with_a_message(kwargs, message):
    with pytest.raises(exports.ExportError, match=message):
        exports.Filters(**kwargs)


# ----------------------------------------------------------------------------- CSV for every consumer


def test_rfc4180_quoting_round_trips_through_csv_and_pandas(world):
    import pandas as pd

    text = export()
    assert "\r\n" in text and "\n" in TRICKY
    rows = read(text)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == exports.HEADER
    assert frame.to_dict("records") == rows
    v1 = world["verdicts"][0]
    assert next(r for r in rows if r["verdict_id"] == str(v1.pk))["rationale"] == TRICKY
    # pandas' own type inference reads the numbers back as numbers
    typed = pd.read_csv(io.StringIO(text))
    assert typed["claim_id"].dtype.kind == "i" and typed["claim_checkworthiness"].dtype.kind == "f"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(world, start):
    """OWASP CSV injection: a cell starting =, +, -, @, tab or CR gets a leading apostrophe."""
    v3 = world["verdicts"][2]
    Verdict.objects.filter(pk=v3.pk).update(rationale=start + "cmd|' /C calc'!A0")
    Claim.objects.filter(pk=v3.claim_id).update(speaker=start + "SUM(1,2)")
    row = next(r for r in read(export()) if r["verdict_id"] == str(v3.pk))
    assert row["rationale"] == "'" + start + "cmd|' /C calc'!A0"
    assert row["claim_speaker"] == "'" + start + "SUM(1,2)"
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in read(export()) for value in r.values())


def test_neutralise_leaves_ordinary_text_alone():
    assert exports.neutralise("The council spent €4m") == "The council spent €4m"
    assert exports.neutralise("") == "" and exports.neutralise(None) is None
    assert exports.neutralise("a=b") == "a=b"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text()), min_size=1, max_size=8))
def test_csv_line_writes_what_the_csv_module_writes(cells):
    assume(cells != [None])  # csv.writer refuses a lone empty field; export rows have 26 cells
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_STRINGS).writerow(cells)
    assert exports.csv_line(cells) + "\r\n" == buffer.getvalue()
    back = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert back == ["" if c is None else c if isinstance(c, str) else repr(c) if isinstance(c, float) else str(c) for c in cells]


def test_excel_option_adds_a_utf8_bom(world):
    plain, excel = export().encode(), export(excel=True).encode()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    assert read(excel.decode("utf-8-sig")) == read(plain.decode())


@pytest.mark.slow
def test_libreoffice_converts_the_export_to_the_same_values(world, tmp_path):
    """What a spreadsheet user gets: LibreOffice's CSV import (UTF-8, comma, double quote,
    quoted fields as text; the README gives the command) converted to .xlsx holds the same
    values as Python's csv module reads: text as text, numbers as numbers. Never skipped: without
    LibreOffice it fails, saying how to install it (`make test` does)."""
    import openpyxl

    assert shutil.which("libreoffice"), (
        "LibreOffice is not installed: run `make test` (it installs Debian's libreoffice-calc-nogui) "
        "or `apt-get install --no-install-recommends libreoffice-calc-nogui`"
    )
    path = tmp_path / "verdicts.csv"
    path.write_bytes(export(excel=True).encode())
    subprocess.run(
        ["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--infilter=CSV:44,34,76,1,,0,true", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "verdicts.xlsx").active
    got = [[cell.value for cell in row] for row in sheet.iter_rows()]
    expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert len(got) == len(expected)

    def same(cell, text: str) -> bool:
        if cell is None:
            return text == ""
        if isinstance(cell, str):
            return cell == text
        assert type(cell) in (int, float), cell  # never a boolean or a date made from text
        return float(text) == cell

    for got_row, want_row in zip(got, expected, strict=True):
        assert len(got_row) >= len(want_row)
        for cell, text in zip(got_row, want_row):
            assert same(cell, text), (cell, text)
    rationale = exports.HEADER.index("rationale")
    assert TRICKY in [row[rationale] for row in got]
    assert "'=HYPERLINK(\"http://evil\")" in [row[rationale] for row in got]  # text, not a formula


# ----------------------------------------------------------------------------- streaming


def test_rows_come_in_chunks_through_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        chunks = list(exports.row_chunks(chunk_rows=5))
    total = sum(len(c) for c in chunks)
    assert total == Claim.objects.count() + 1
    assert all(len(c) == 5 for c in chunks[:-1]) and 1 <= len(chunks[-1]) <= 5
    selects = [q for q in queries.captured_queries if "articles_claim" in q["sql"]]
    # one query on SQLite; on PostgreSQL the cursor lives on the raw psycopg connection (the
    # fetching thread), which Django's query log does not see
    assert len(selects) == (0 if connection.vendor == "postgresql" else 1)


def test_the_header_leaves_before_the_query_runs(world):
    chunks = exports.csv_chunks()
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)
    assert first == exports.csv_line(exports.HEADER) + "\r\n" and len(queries) == 0
    rest = "".join(chunks)
    assert rest.count("\r\n") >= Claim.objects.count()


def test_a_reader_that_stops_early_releases_the_cursor(world):
    """An interrupted download (client gone) closes the generator: the transaction and, on
    PostgreSQL, the fetching thread end with it, and the connection stays usable."""
    import threading

    savepoints = list(connection.savepoint_ids)
    chunks = exports.row_chunks(chunk_rows=2)
    next(chunks)
    assert connection.in_atomic_block and len(connection.savepoint_ids) == len(savepoints) + 1  # its own atomic block
    chunks.close()
    assert connection.savepoint_ids == savepoints
    assert not [t for t in threading.enumerate() if t.name == "export-fetch"]
    assert Claim.objects.count() > 0


def test_a_client_that_goes_away_closes_the_export(client, editor, world, monkeypatch):
    """The web server closes the response when the client disconnects: the generator chain,
    its transaction and (PostgreSQL) the fetching thread and cursor end with it."""
    import threading

    monkeypatch.setattr(exports, "CHUNK_ROWS", 3)  # many chunks: the client leaves mid-stream
    # request_finished would close the test's own connection (it is inside the test's transaction)
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    savepoints = list(connection.savepoint_ids)
    client.force_login(editor)
    response = client.get(reverse("articles:export"))
    stream = iter(response.streaming_content)
    next(stream)  # the header
    next(stream)  # the first rows: the cursor is open, the transaction too
    assert connection.in_atomic_block and len(connection.savepoint_ids) == len(savepoints) + 1
    response.close()  # what the WSGI server does when the client has gone
    assert connection.savepoint_ids == savepoints
    assert not [t for t in threading.enumerate() if t.name == "export-fetch"]
    assert Claim.objects.count() > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the prefetching server-side cursor is PostgreSQL's")
def test_postgresql_errors_in_the_fetching_thread_reach_the_reader(world):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="division by zero"), transaction.atomic():
        list(exports._prefetched(connection, "SELECT 1 / (g - 3) FROM generate_series(1, 5) g", (), 1))
    assert Claim.objects.count() > 0  # the connection is fine afterwards


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's")
def test_postgresql_reads_through_a_server_side_cursor(world):
    """The rows come from a DECLAREd cursor (psycopg's named cursor), not a client-side fetch."""
    seen = []
    real = connection.connection.cursor

    def spy(*args, **kwargs):
        seen.append(kwargs.get("name") or (args[0] if args else None))
        return real(*args, **kwargs)

    connection.connection.cursor = spy
    try:
        list(exports.rows())
    finally:
        del connection.connection.cursor
    assert any(name and name.startswith("export_") for name in seen)


# ----------------------------------------------------------------------------- an export cut short

DB_GONE = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally"


def fail_after(monkeypatch, chunks: int) -> None:
    """The row generator's database fails after ``chunks`` chunks (2 rows each): what a lost
    connection or a restarted PostgreSQL does to an export part-way."""
    from django.db import OperationalError

    real = exports._fetch
    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)

    def fetch(db, sql, params, size):
        for i, rows in enumerate(real(db, sql, params, size)):
            if i == chunks:
                raise OperationalError(DB_GONE)
            yield rows

    monkeypatch.setattr(exports, "_fetch", fetch)


def check_interrupted(text: str, rows: int) -> None:
    """The CSV a reader gets: the rows sent before the failure, whole, then one last line whose
    only cell starts with INTERRUPTED_MARK and says after how many rows and why."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == exports.HEADER
    assert all(len(r) == len(exports.HEADER) for r in records[1:-1]) and len(records) == rows + 2
    last = records[-1]
    assert len(last) == 1 and last[0].startswith(exports.INTERRUPTED_MARK)
    assert last[0] == (
        f"{exports.INTERRUPTED_MARK} after {rows} rows: the database failed (server closed the connection "
        "unexpectedly); this file is incomplete"
    )
    assert text.endswith("\r\n")


def test_a_database_failure_mid_export_ends_with_an_error_line_and_raises(world, monkeypatch):
    fail_after(monkeypatch, 2)
    sent = []
    with pytest.raises(exports.ExportInterrupted) as err:
        sent.extend(exports.csv_chunks())
    assert err.value.rows == 4 and "\n" not in str(err.value)
    assert str(err.value) == "export interrupted after 4 rows: the database failed (server closed the connection unexpectedly)"
    check_interrupted("".join(sent), 4)
    assert Claim.objects.count() > 0  # the connection is usable afterwards


def test_a_complete_export_has_no_error_line(world):
    text = export()
    assert exports.INTERRUPTED_MARK not in text
    assert len(read(text)) == Claim.objects.count() + 1


def test_a_failure_before_the_first_row_still_marks_the_file(world, monkeypatch):
    fail_after(monkeypatch, 0)
    sent = []
    with pytest.raises(exports.ExportInterrupted):
        sent.extend(exports.csv_chunks())
    check_interrupted("".join(sent), 0)


def test_web_export_cut_short_aborts_the_response_after_the_error_line(client, editor, world, monkeypatch):
    """The web stream writes the error line, then raises: the WSGI server (gunicorn) then closes
    the connection without the last chunk of the chunked response, which curl reports as
    error 18 and a browser as a failed download (README, "An export cut short")."""
    fail_after(monkeypatch, 1)
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    client.force_login(editor)
    response = client.get(reverse("articles:export"))
    assert response.status_code == 200
    sent = []
    with pytest.raises(exports.ExportInterrupted):
        sent.extend(response.streaming_content)
    response.close()
    check_interrupted(b"".join(sent).decode(), 2)


def test_claimreview_cut_short_stays_unclosed_json(world, monkeypatch):
    from django.db import OperationalError

    def broken(qs, scale):
        yield {"@type": "ClaimReview"}
        raise OperationalError(DB_GONE)

    monkeypatch.setattr(exports, "_claimreview_stream", broken)
    sent = []
    with pytest.raises(exports.ExportInterrupted, match="after 1 rows: the database failed"):
        sent.extend(exports.claimreview_chunks())
    with pytest.raises(json.JSONDecodeError):
        json.loads("".join(sent))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True)
def test_postgresql_backend_terminated_mid_export(world, monkeypatch):
    """The real thing: another session ends the export's backend (pg_terminate_backend, as a
    restart or an administrator would) while the prefetching cursor streams; the CSV ends with
    the error line and the stream raises."""
    import psycopg

    monkeypatch.setattr(exports, "CHUNK_ROWS", 1)
    chunks = exports.csv_chunks()
    sent = [next(chunks), next(chunks)]  # the header, then the first row: the cursor is open
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None), params.pop("context", None), params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    with pytest.raises(exports.ExportInterrupted) as err:
        sent.extend(chunks)
    assert "the database failed" in str(err.value) and "\n" not in str(err.value)
    text = "".join(sent)
    last = list(csv.reader(io.StringIO(text, newline="")))[-1]
    assert last[0].startswith(f"{exports.INTERRUPTED_MARK} after {err.value.rows} rows: the database failed (")
    assert 1 <= err.value.rows < Claim.objects.count()  # a new connection: Django reconnects


# ----------------------------------------------------------------------------- the web


@pytest.mark.parametrize("who, status", [("reviewer", 403), ("outsider", 403), ("editor", 200)])
def test_only_editors_may_export(client, world, request, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("articles:export")
    assert client.get(url).status_code == status
    first = world["articles"][0]
    assert client.get(reverse("articles:claimreview", args=[first.pk])).status_code == status


def test_anonymous_export_goes_to_login(client, world):
    response = client.get(reverse("articles:export"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_web_export_streams_a_csv_download(client, editor, world):
    client.force_login(editor)
    first = world["articles"][0]
    response = client.get(reverse("articles:export"), {"article": first.pk, "excel": "on"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="verdicts-article-{first.pk}-')
    assert response["Cache-Control"] == "no-store" and response["X-Accel-Buffering"] == "no"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = read(body.decode("utf-8-sig"))
    assert {r["article_id"] for r in rows} == {str(first.pk)}
    assert len(rows) == Claim.objects.filter(article=first).count() + 1


def web_export(client, query) -> str:
    return b"".join(client.get(reverse("articles:export"), query).streaming_content).decode()


def test_web_export_follows_the_article_list_filters(client, editor, world):
    first, second = world["articles"]
    client.force_login(editor)
    body = web_export(client, {"publisher": "The Herald"})
    assert {r["article_id"] for r in read(body)} == {str(second.pk)}
    body = web_export(client, {"status": "disputed"})
    assert read(body) == []  # no article has disputed claims
    body = web_export(client, {"status": "open", "approved_only": "on"})
    assert ids(body) == {str(world["verdicts"][0].pk)}
    word = first.title.split()[0]
    body = web_export(client, {"q": word})
    assert str(first.pk) in {r["article_id"] for r in read(body)}


def test_web_export_with_export_filters(client, editor, world, reviewer2):
    client.force_login(editor)
    query = {"rating": ["false"], "reviewer": ["rev2"], "claim_status": ["approved"]}
    body = web_export(client, query)
    assert ids(body) == {str(world["verdicts"][1].pk)}


def test_web_export_reports_bad_filters_and_exports_nothing(client, editor, world):
    client.force_login(editor)
    response = client.get(
        reverse("articles:export"), {"rating": "nope", "verdict_from": "2026-02-01", "verdict_to": "2026-01-01", "article": "99999"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was exported" in text
    assert "There is no rating “nope”" in text
    assert "The end date is before the start date." in text
    assert "There is no article 99999." in text


def test_list_and_article_pages_offer_the_export_to_editors_only(client, editor, reviewer, world):
    first = world["articles"][0]
    client.force_login(editor)
    page = client.get(reverse("articles:list"), {"publisher": "Daily Bugle"}).content.decode()
    assert 'action="/articles/export.csv"' in page and "Export CSV" in page
    assert '<input type="hidden" name="publisher" value="Daily Bugle">' in page
    page = client.get(reverse("articles:detail", args=[first.pk])).content.decode()
    assert f'<input type="hidden" name="article" value="{first.pk}">' in page
    assert reverse("articles:claimreview", args=[first.pk]) in page
    client.force_login(reviewer)
    assert "Export CSV" not in client.get(reverse("articles:list")).content.decode()
    assert "Export CSV" not in client.get(reverse("articles:detail", args=[first.pk])).content.decode()


# ----------------------------------------------------------------------------- the admin


def test_admin_action_exports_the_selected_articles(client, editor, world):
    _first, second = world["articles"]
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"), {"action": "export_csv", "_selected_action": [second.pk]}
    )
    assert isinstance(response, StreamingHttpResponse)
    rows = read(b"".join(response.streaming_content).decode())
    assert {r["article_id"] for r in rows} == {str(second.pk)}
    assert len(rows) == Claim.objects.filter(article=second).count()


def test_admin_action_exports_the_selected_claims(client, editor, world):
    c1, _c2 = world["claims"]
    client.force_login(editor)
    response = client.post(reverse("admin:articles_claim_changelist"), {"action": "export_csv", "_selected_action": [c1.pk]})
    rows = read(b"".join(response.streaming_content).decode())
    assert [r["claim_id"] for r in rows] == [str(c1.pk), str(c1.pk)]


def test_admin_export_action_needs_the_export_permission(client, django_user_model, world):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "export_csv" not in page
    response = client.post(
        reverse("admin:articles_article_changelist"), {"action": "export_csv", "_selected_action": [world["articles"][0].pk]}
    )
    assert not isinstance(response, StreamingHttpResponse)


# ----------------------------------------------------------------------------- the command line


def test_command_writes_csv_to_stdout(world):
    out = io.StringIO()
    call_command("export_verdicts", "--rating", "false", "--approved-only", stdout=out)
    rows = read(out.getvalue())
    assert [r["verdict_id"] for r in rows] == [str(world["verdicts"][0].pk)]


def test_command_filters_take_repeats_and_comma_lists(world):
    first, second = world["articles"]
    out = io.StringIO()
    call_command("export_verdicts", "--article", f"{first.pk},{second.pk}", "--status", "approved", "--status", "in_review", stdout=out)
    assert ids(out.getvalue()) == {str(v.pk) for v in world["verdicts"][:2]}
    out = io.StringIO()
    call_command("export_verdicts", "--reviewer", "rev2,rev", "--verdict-from", timezone.localdate().isoformat(), stdout=out)
    assert ids(out.getvalue()) == {str(v.pk) for v in world["verdicts"]}


def test_command_writes_a_file_whole(world, tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_verdicts", "--output", str(target), "--excel")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig") == export()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_command_leaves_no_half_written_file(world, tmp_path, monkeypatch):
    def broken(filters, excel=False):
        yield "article_id\r\n"
        raise RuntimeError("database went away")

    monkeypatch.setattr(exports, "csv_chunks", broken)
    target = tmp_path / "out.csv"
    target.write_text("yesterday's export")
    with pytest.raises(RuntimeError):
        call_command("export_verdicts", "--output", str(target))
    assert target.read_text() == "yesterday's export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_command_closes_the_export_when_writing_fails(world, tmp_path, monkeypatch):
    """A write error (disk full) removes the partial file and closes the export's transaction
    and cursor at once, not whenever the generator is collected."""
    from articles.management.commands import export_verdicts

    real_fdopen = export_verdicts.os.fdopen

    class Full:
        def __init__(self, f):
            self.f, self.writes = f, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.writes += 1
            if self.writes == 2:
                raise OSError(28, "No space left on device")
            return self.f.write(data)

    monkeypatch.setattr(export_verdicts.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    savepoints = list(connection.savepoint_ids)
    with pytest.raises(OSError, match="No space left"):
        call_command("export_verdicts", "--output", str(tmp_path / "out.csv"))
    assert connection.savepoint_ids == savepoints
    assert list(tmp_path.iterdir()) == []


def test_command_reports_a_database_failure_mid_export_in_one_line(world, monkeypatch):
    fail_after(monkeypatch, 2)
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("export_verdicts", stdout=out)
    assert str(err.value) == (
        "export interrupted after 4 rows: the database failed (server closed the connection unexpectedly); "
        "the output is incomplete"
    )
    check_interrupted(out.getvalue(), 4)


def test_command_database_failure_leaves_no_output_file(world, tmp_path, monkeypatch):
    fail_after(monkeypatch, 1)
    target = tmp_path / "out.csv"
    target.write_text("yesterday's export")
    with pytest.raises(CommandError) as err:
        call_command("export_verdicts", "--output", str(target))
    assert str(err.value).endswith(f"; nothing was written to {target}") and "\n" not in str(err.value)
    assert target.read_text() == "yesterday's export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize(
    "args, start, end",
    [
        ([], "export interrupted after 0 rows: the database failed (connection", "; nothing was written to {target}"),
        (["--rating", "false"], "nothing was exported: the database failed (connection", ")"),  # fails in the filters
    ],
)
def test_command_database_down_is_one_line_and_exit_status_1(tmp_path, args, start, end):
    """No database at all (a real process, a closed port): one line on stderr, exit status 1,
    no traceback, no file."""
    import os
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:9/none", "DB_POOL": "0"}
    target = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "manage.py", "export_verdicts", "--output", str(target), *args],
        cwd=README.parent, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"CommandError: {start}")
    assert done.stderr.endswith(end.format(target=target) + "\n")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--rating", "nope"], "--rating: There is no rating “nope”"),
        (["--status", "open"], "--status: “open” is not a claim status"),
        (["--article", "abc"], "--article: “abc” is not an article id."),
        (["--article", "99999"], "--article: There is no article 99999."),
        (["--reviewer", "ghost"], "--reviewer: There is no user “ghost”."),
        (["--published-from", "yesterday"], "--published-from: Enter a valid date."),
        (["--verdict-from", "2026-02-01", "--verdict-to", "2026-01-01"], "--verdict-to: The end date is before the start date."),
        (["--output", "/no/such/folder/x.csv"], "--output: folder /no/such/folder does not exist"),
        (["--format", "claimreview", "--excel"], "--excel applies to CSV only"),
        (["--output", "/tmp"], "--output: /tmp is a folder; name a file"),
    ],
)
def test_command_refuses_bad_input_with_the_option_named(world, args, message):
    with pytest.raises(CommandError) as err:
        call_command("export_verdicts", *args, stdout=io.StringIO())
    assert message in str(err.value)


# ----------------------------------------------------------------------------- ClaimReview

CLAIMREVIEW_KEYS = {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "url"}


def _check_claimreview(review: dict, *, verdict: Verdict, worst: int, best: int) -> None:
    """The ClaimReview field list of the issue, field by field."""
    claim, article, rating = verdict.claim, verdict.claim.article, verdict.rating
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    expected_rating = {"@type": "Rating", "alternateName": rating.label}
    if rating.score is not None:
        expected_rating |= {"ratingValue": rating.score, "bestRating": best, "worstRating": worst}
    assert review["reviewRating"] == expected_rating
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["datePublished"] == article.published_on.isoformat()
    assert item["appearance"]["url"] == article.url and item["appearance"]["@type"] == "CreativeWork"
    if claim.speaker:
        assert item["author"] == {"@type": "Person", "name": claim.speaker}
    else:
        assert "author" not in item
    assert review["datePublished"] == timezone.localdate(verdict.approved_at).isoformat()


def test_claimreview_of_an_approved_claim_carries_every_field(world, settings):
    settings.FACTCHECK_ORGANIZATION_NAME = "Desk Check"
    settings.FACTCHECK_ORGANIZATION_URL = "https://deskcheck.example/"
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://deskcheck.example/checks/"
    v1 = world["verdicts"][0]
    Claim.objects.filter(pk=v1.claim_id).update(speaker="Minister Jane Roe")
    v1 = Verdict.objects.select_related("claim__article", "rating").get(pk=v1.pk)
    reviews = json.loads("".join(exports.claimreview_chunks()))
    assert len(reviews) == 1  # only the approved claim
    review = reviews[0]
    assert set(review) == CLAIMREVIEW_KEYS
    _check_claimreview(review, verdict=v1, worst=1, best=5)
    assert review["author"] == {"@type": "Organization", "name": "Desk Check", "url": "https://deskcheck.example/"}
    assert review["url"] == f"https://deskcheck.example/checks/claims/{v1.claim_id}/"


def test_claimreview_off_scale_rating_carries_only_its_name(world, editor, settings):
    settings.FACTCHECK_PUBLISH_BASE_URL = ""
    v3 = world["verdicts"][2]
    services.verdict_approve(verdict=v3, editor=editor)
    v3 = Verdict.objects.select_related("claim__article", "rating").get(pk=v3.pk)
    reviews = {r["claimReviewed"]: r for r in json.loads("".join(exports.claimreview_chunks()))}
    review = reviews[v3.claim.text]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert "url" not in review  # no publishing base URL configured
    _check_claimreview(review, verdict=v3, worst=1, best=5)


def test_claimreview_skips_claims_returned_after_approval(world, editor):
    v1 = world["verdicts"][0]
    services.verdict_return(claim=v1.claim, editor=editor, note="check the date")
    assert json.loads("".join(exports.claimreview_chunks())) == []


def test_claimreview_download_and_command(client, editor, world):
    first = world["articles"][0]
    client.force_login(editor)
    response = client.get(reverse("articles:claimreview", args=[first.pk]))
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="claimreview-article-{first.pk}.json"'
    web = json.loads(b"".join(response.streaming_content))
    out = io.StringIO()
    call_command("export_verdicts", "--format", "claimreview", "--article", str(first.pk), stdout=out)
    assert json.loads(out.getvalue()) == web and len(web) == 1
    second = world["articles"][1]
    response = client.get(reverse("articles:claimreview", args=[second.pk]))
    assert json.loads(b"".join(response.streaming_content)) == []
    assert client.get(reverse("articles:claimreview", args=[99999])).status_code == 404


def test_claimreview_can_be_pasted_into_a_script_element(world):
    """Publishers paste ClaimReview into <script type="application/ld+json">: a speaker or claim
    holding "</script>" must not end that element, and the data must stay the same."""
    v1 = world["verdicts"][0]
    Claim.objects.filter(pk=v1.claim_id).update(speaker='</script><script>alert(1)</script> & "Co"')
    text = "".join(exports.claimreview_chunks())
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    (review,) = json.loads(text)
    assert review["itemReviewed"]["author"]["name"] == '</script><script>alert(1)</script> & "Co"'
