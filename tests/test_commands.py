"""import_articles and load_demo, as a user runs them."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Claim

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_a_mixed_folder(tmp_path, seed_path):
    (tmp_path / "seed.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "plain.txt").write_text(
        "Council raises parking fees\nBy Jane Doe\n\nThe council raised fees by 20% on Monday, the mayor said.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "legacy.txt").write_bytes("Caf\xe9 prices\n\nPrices rose 5% in Paris.".encode("cp1252"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    records = [
        {"title": "Record one title", "text": "Unemployment fell to 4.1% in May, the bureau said.", "url": "https://example.com/1"},
        "not an object",
        {"title": "Record three title", "text": "Exports doubled since 2020.", "published_on": "yesterday"},
    ]
    lines = [json.dumps(records[0]), json.dumps(records[1]), "{broken json", json.dumps(records[2])]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notext.csv").write_text("title,body\nA,B\n", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")

    code, out, err = run("import_articles", str(tmp_path))
    assert code == 1
    imported = [line for line in out.splitlines() if line.startswith("imported")]
    assert len(imported) == 4  # 2 seed articles, plain.txt, record one
    assert Article.objects.count() == 4
    assert "empty.txt" in err and "empty file" in err
    assert "legacy.txt" in err and "UTF-8" in err and "--encoding" in err
    assert "binary.txt" in err and "binary" in err
    assert "batch.jsonl:2" in err and "batch.jsonl:3" in err and "malformed JSON" in err
    assert "batch.jsonl:4" in err and "published_on" in err
    assert "notext.csv" in err and "'text'" in err
    assert "ignored.pdf" not in out + err
    assert "Traceback" not in out + err
    assert "4 imported, 0 already present, 7 failed" in err

    # again: everything present, the failures fail again, nothing new written
    claims = Claim.objects.count()
    code, out, err = run("import_articles", str(tmp_path))
    assert code == 1 and Claim.objects.count() == claims
    assert "0 imported, 4 already present" in err


def test_legacy_encoding_imports_with_encoding_flag(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café prices soar\n\nPrices rose 5% in Paris cafés.".encode("cp1252"))
    code, out, _ = run("import_articles", str(path), "--encoding", "cp1252")
    assert code == 0 and "1 imported" in out
    assert Article.objects.get().title == "Café prices soar"


def test_unknown_encoding_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown encoding"):
        call_command("import_articles", str(tmp_path), "--encoding", "klingon-8")


def test_missing_path_and_oversize(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text(json.dumps({"title": "Big one", "text": "Word. " * 400}) + "\n", encoding="utf-8")
    code, _out, err = run("import_articles", str(tmp_path / "nope.txt"), str(big), "--max-bytes", "1000")
    assert code == 1
    assert "nope.txt" in err and "no such file" in err
    assert "big.jsonl:1" in err and "limit" in err
    assert not Article.objects.exists()


def test_load_demo_is_idempotent_and_prints_passwords(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    code, out, _ = run("load_demo")
    assert code == 0
    assert Article.objects.count() == 2
    creds = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert set(creds) == {"editor", "reviewer"}
    assert creds["editor"] in out and creds["reviewer"] in out
    claims = Claim.objects.count()
    code, out2, _ = run("load_demo")
    assert code == 0 and Claim.objects.count() == claims and Article.objects.count() == 2
    assert creds["editor"] in out2 and "already there" in out2
    from django.contrib.auth import authenticate

    editor = authenticate(username="editor", password=creds["editor"])
    assert editor is not None and editor.is_staff and editor.has_perm("articles.import_articles")
    reviewer = authenticate(username="reviewer", password=creds["reviewer"])
    assert reviewer is not None and not reviewer.is_staff and not reviewer.has_perm("articles.approve_verdict")


@pytest.mark.django_db(transaction=True)
def test_parallel_import_matches_sequential_output(tmp_path, seed_path, editor):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("worker processes cannot share pytest's in-memory SQLite database; runs on PostgreSQL in CI")
    (tmp_path / "seed.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"title": "T"}\n{oops\n', encoding="utf-8")
    for i in range(6):
        (tmp_path / f"p{i}.txt").write_text(f"Headline number {i} here\n\nThe rate rose {i}% in 2024, officials said.\n")
    code, out, err = run("import_articles", str(tmp_path), "--jobs", "2", "--user", "ed")
    assert code == 1
    assert "8 imported, 0 already present, 2 failed" in err
    assert "bad.jsonl:1" in err and "'text'" in err and "bad.jsonl:2" in err
    lines = [line.split()[1] for line in out.splitlines() if line.startswith("imported")]
    assert lines == sorted(lines, key=lambda w: (w.split(":")[0], int(w.split(":")[1])))  # input order kept
    assert Article.objects.count() == 8 and set(Article.objects.values_list("created_by__username", flat=True)) == {"ed"}
    code, out, err = run("import_articles", str(tmp_path), "--jobs", "2")
    assert "0 imported, 8 already present, 2 failed" in err


def test_folder_import_skips_links_that_leave_the_folder(tmp_path):
    """A link to a file outside the folder (a secret, another tenant's data) is not read: one
    "skipped" line says where it leads; links to files inside are read; the run succeeds."""
    folder, outside = tmp_path / "in", tmp_path / "outside"
    folder.mkdir(), outside.mkdir()
    (outside / "secret.txt").write_text("Secret memo title\n\nThe password is 12345, the admin said.\n")
    (folder / "real.txt").write_text("Real article title\n\nThe council raised fees by 20% on Monday.\n")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    (folder / "up").symlink_to(outside, target_is_directory=True)
    code, out, err = run("import_articles", str(folder))
    assert code == 0, err
    assert f"skipped   {folder / 'leak.txt'}: a link to {outside / 'secret.txt'}, outside the folder {folder}: not followed" in err
    assert f"skipped   {folder / 'up'}: a link to the folder {outside}: not followed" in err
    assert "1 imported, 1 already present, 0 failed, 2 links skipped" in out
    assert not Article.objects.filter(title__startswith="Secret").exists()
    assert "Secret" not in out + err.replace(str(outside / "secret.txt"), "")


def _stored():
    """Every article and claim as an import left them; ids replaced by (content hash, position)."""
    where = {pk: (h, pos) for pk, h, pos in Claim.objects.values_list("pk", "article__content_hash", "position")}
    articles = sorted(
        Article.objects.values_list(
            "content_hash", "title", "publisher", "byline", "url", "published_on", "dateline", "summary", "text",
            "language", "claim_count", "unreviewed_count", "in_review_count", "disputed_count", "reviewed_count",
            "approved_count", "dismissed_count", "created_by__username",
        )
    )
    claims = sorted(
        (h, pos, start, end, text, kind, speaker, cw, cues, fp, status, where.get(dup))
        for h, pos, start, end, text, kind, speaker, cw, cues, fp, status, dup in Claim.objects.values_list(
            "article__content_hash", "position", "start", "end", "text", "kind", "speaker", "checkworthiness",
            "cues", "fingerprint", "status", "duplicate_of",
        )
    )
    return articles, claims


def _named(out: str) -> list[str]:
    """Outcome lines with each "#id" replaced by that article's content hash."""
    import re

    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    return [re.sub(r"#(\d+)", lambda m: "#" + hashes[int(m[1])][:12], line) for line in out.splitlines()]


def test_bulk_import_stores_what_one_by_one_import_stores(tmp_path, seed_path, editor, monkeypatch):
    """The bulk path (several articles per transaction on PostgreSQL) gives the same outcome
    lines, articles, claims, scores, speakers and duplicate links as article-by-article import,
    wherever the batches are cut; a batch whose transaction fails is imported one by one."""
    from articles import services

    seed = seed_path.read_text(encoding="utf-8")
    (tmp_path / "a_seed.txt").write_text(seed, encoding="utf-8")
    from articles.text import readers
    from articles.text.pipeline import build_claims

    first_seed = next(iter(readers.read_paths([seed_path]))).article
    seed_line = next(d.text for d in build_claims(first_seed.text, first_seed.blocks) if d.linkable and d.kind == "body")
    shared = "The ministry said 40 percent of the budget went to defence last year."
    body = f"{shared}\n\nPrices rose by 12% in March, the bureau reported.\n\n{shared}\n\nSmith said the plan would cost $3 billion."
    records = [
        {"title": "First with a shared claim", "text": body, "url": "https://example.com/one"},
        {"title": "Second repeats it", "text": f"{shared}\n\nOfficials said 300 schools closed.", "url": "https://example.com/two"},
        {"title": "Same text again", "text": body, "url": "https://example.com/one"},  # present
        {"title": "Other text, taken URL", "text": "Exports doubled since 2020, she said.", "url": "https://example.com/two"},
        {"title": "Empty", "text": "   "},
        {"title": "Third repeats it", "text": f"Intro line here.\n\n{shared}\n\n{shared}"},
        {"title": "A seed paragraph", "text": "Quoted here:\n\n" + seed_line},
        {"title": "First with a shared claim", "text": body},  # the same text as line 1: present
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(3, "{broken")
    (tmp_path / "b_batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(5):
        (tmp_path / f"c_{i}.txt").write_text(f"Headline number {i} here\n\n{shared}\n\nThe rate rose {i}% in 2024, officials said.\n")

    def imported_twice():
        runs = []
        for _ in range(2):  # the second run finds everything present
            code, out, err = run("import_articles", str(tmp_path), "--user", "ed")
            runs.append((code, _named(out), _named(err)))
        result = runs, _stored()
        Article.objects.all().delete()
        return result

    bulk = imported_twice()
    monkeypatch.setattr(services, "_BATCH_ARTICLES", 3)
    small_batches = imported_twice()

    def fail(batch):
        raise services.IntegrityError("simulated failure of a whole batch")

    monkeypatch.setattr(services, "_insert_batch_pg", fail)
    one_by_one = imported_twice()
    assert bulk == small_batches == one_by_one
    (code, out, err), (code2, _out2, err2) = bulk[0]
    assert code == code2 == 1
    assert "11 imported, 1 already present, 4 failed" in err[-1]
    assert "0 imported, 12 already present, 4 failed" in err2[-1]
    assert any("b_batch.jsonl:9" in line and line.startswith("present") for line in out)
    articles, claims = bulk[1]
    linked = [c for c in claims if c[4] == shared]
    assert len(linked) == 10 and sum(c[-1] is None for c in linked) == 1  # one original, the rest linked to it
    quoted = [c for c in claims if c[0] == next(a[0] for a in articles if a[1] == "A seed paragraph")]
    assert any(c[-1] is not None for c in quoted)  # linked to the seed article's claims


def test_import_workers_are_forked_from_a_server_that_has_loaded_the_models():
    """import_articles --jobs: the workers come from a fork server that imported Django and
    loaded the language and check-worthiness models once (articles._parallel_preload), not each
    from a fresh interpreter (~1.9 s a worker). The preload, run alone, sets everything up and
    opens no database connection."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import articles._parallel_preload as p, articles.text.language as l, articles.text.checkworthiness as c, threading\n"
        "from django.db import connections\n"
        "print(p.PRELOADED, l._identifier is not None, c._VGET is not None, threading.active_count(),"
        " any(conn.connection is not None for conn in connections.all(initialized_only=True)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, env=env,
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.split()
    assert out == ["True", "True", "True", "1", "False"], out
    import multiprocessing

    from articles import parallel

    assert "forkserver" in multiprocessing.get_all_start_methods()
    assert 'get_context("forkserver")' in Path(parallel.__file__).read_text()
