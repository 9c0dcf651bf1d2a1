"""manage.py score_claims: TSV in, TSV out, per-row language, clear errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.text import checkworthiness as cw

ROWS = [
    ("en1", "Unemployment fell to 3.5 percent in 2019, the lowest level in 50 years."),
    ("en2", "Thank you very much, it is a pleasure to be here tonight."),
    ("es1", "El paro subió un 20 por ciento en 2020, según el Instituto Nacional de Estadística."),
    ("de1", "Die Arbeitslosigkeit stieg im März um 5 Prozent, sagte der Minister am Dienstag."),
    ("de2", "Stand: 28.04.2020 18:00 Uhr"),
    ("ar1", "قال وزير المالية إن البطالة ارتفعت بنسبة 5 في المئة خلال العام الماضي."),
]


def run(tmp_path, rows, *args, header="id\ttext") -> list[dict]:
    path = tmp_path / "in.tsv"
    path.write_text(header + "\n" + "".join(f"{i}\t{t}\n" for i, t in rows), encoding="utf-8")
    out = io.StringIO()
    call_command("score_claims", str(path), *args, stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0] == "id\tlanguage\tscore\tcheckworthy\tcues"
    return list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))


def test_languages_detected_per_row_and_scored_by_their_model(tmp_path):
    got = {r["id"]: r for r in run(tmp_path, ROWS)}
    assert [got[i]["language"] for i in ("en1", "en2", "es1", "de1", "ar1")] == ["en", "en", "es", "de", "ar"]
    for row_id, text in ROWS:
        r = got[row_id]
        expected = cw.score(text, r["language"])
        assert r["score"] == f"{expected.value:.4f}"
        assert r["checkworthy"] == str(int(expected.value >= cw.threshold(r["language"])))
        assert r["cues"] == ",".join(expected.cues)
    assert got["en1"]["checkworthy"] == "1" and got["en2"]["checkworthy"] == "0"
    assert "percentage" in got["es1"]["cues"].split(",") and "percentage" in got["de1"]["cues"].split(",")
    assert "attribution" in got["ar1"]["cues"].split(",")
    assert float(got["de2"]["score"]) <= cw.STAMP_CAP and got["de2"]["checkworthy"] == "0"


def test_language_option_applies_to_every_row(tmp_path):
    rows = run(tmp_path, ROWS[:3], "--language", "ES")
    assert {r["language"] for r in rows} == {"es"}
    assert rows[0]["score"] == f"{cw.score(ROWS[0][1], 'es').value:.4f}"


def test_undetermined_language_is_und(tmp_path):
    (row,) = run(tmp_path, [("x", "OK 12")])
    assert row["language"] == "und"
    assert row["score"] == f"{cw.score('OK 12', None).value:.4f}"


def test_tabs_and_quotes_in_text_survive(tmp_path):
    (row,) = run(tmp_path, [("q", '"Quoted" claim: taxes rose 20 percent in 2020.')], "--language", "en")
    assert (
        row["score"]
        == f"{cw.score(chr(34) + 'Quoted' + chr(34) + ' claim: taxes rose 20 percent in 2020.').value:.4f}"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "line 1: the file is empty"),
        ("tweet\tcontent\n1\tx\n", "line 1: the header must be id<TAB>text"),
        ("id\ttext\textra\n1\tx\ty\n", "line 1: the header must be id<TAB>text"),
        ("id\ttext\n1\tfine\n2\ttoo\tmany\n", "line 3: expected 2 columns"),
        ("id\ttext\n1\tfine\nonly-one-column\n", "line 3: expected 2 columns"),
        ("id\ttext\n\tno id\n", "line 2: the id is empty"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match=message) as info:
        call_command("score_claims", str(path), stdout=out)
    assert str(path) in str(info.value)
    assert out.getvalue() == ""  # nothing half-printed


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("score_claims", str(tmp_path / "none.tsv"))
    latin = tmp_path / "latin1.tsv"
    latin.write_bytes("id\ttext\n1\tEl año pasó\n".encode("latin-1"))
    with pytest.raises(CommandError, match="latin1.tsv: not UTF-8"):
        call_command("score_claims", str(latin))


@pytest.mark.parametrize("code", ["english", "e", "1x", "es_ES!"])
def test_bad_language_code(tmp_path, code):
    path = tmp_path / "in.tsv"
    path.write_text("id\ttext\n1\tx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--language"):
        call_command("score_claims", str(path), "--language", code)


def test_exit_status_1_from_the_command_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.tsv"
    bad.write_text("nope\n", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(root / "manage.py"), "score_claims", str(bad)],
        check=False,
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert done.returncode == 1
    assert "bad.tsv: line 1" in done.stderr
