"""articles.uploads: big uploads stored and imported by a background job (streamed, chunk by chunk,
resumable after a crash without duplicates), outcome lines as import_articles prints them."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import jobs, policy, services, uploads
from articles.models import Article, Job, JobItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.FACTCHECK_JOB_FILES_DIR = tmp_path / "job-files"
    return settings.FACTCHECK_JOB_FILES_DIR


def _record(n: int, **extra) -> str:
    return json.dumps(
        {"title": f"Budget story {n}", "text": f"The city budget rose by {n}% in 2024, the mayor said. Taxes stayed flat.", **extra}
    )


def _jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


BATCH = _jsonl(
    _record(1),
    _record(2, url="https://example.org/2"),
    '{"title": "broken", ',
    _record(1),  # the same article again
    json.dumps({"title": "No text"}),
    _record(3, published_on="2024-02-30"),
    _record(4),
)


def _start(user, data: bytes = BATCH, name: str = "batch.jsonl", capture=None, **kw) -> Job:
    with capture(execute=True):
        return uploads.upload_import_start(upload=SimpleUploadedFile(name, data), created_by=user, **kw)


def _run(job: Job, worker: str = "w1") -> Job:
    from django.db import transaction
    from django.test import TestCase

    # the test's transaction never commits: run what the job leaves for after its commit
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        jobs.job_run(job.pk, worker_id=worker)
    job.refresh_from_db()
    return job


def _lines(job: Job) -> list[str]:
    return [jobs.item_line(i) for i in job.items.order_by("position")]


# ----------------------------------------------------------------------------- upload_import_start


def test_start_stores_the_file_under_a_random_folder_and_enqueues_after_commit(editor, files_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = uploads.upload_import_start(
            upload=SimpleUploadedFile("../../etc/évil name;rm.jsonl", BATCH),
            created_by=editor,
            overrides={"url": "", "publisher": "Daily", "published_on": date(2024, 3, 1)},
            encoding="utf-8",
        )
        assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    path = Path(job.params["file"])
    assert path.parent.parent == files_dir and re.fullmatch(r"[0-9a-f]{32}", path.parent.name)
    assert path.name == job.params["name"] == "evil_namerm.jsonl"
    assert path.read_bytes() == BATCH and job.params["size"] == len(BATCH)
    assert job.params["overrides"] == {"publisher": "Daily", "published_on": "2024-03-01"}
    assert job.params["encoding"] == "utf-8"
    assert (job.kind, job.status, job.created_by, job.total) == ("import_file", "queued", editor, None)
    job.refresh_from_db()
    assert str(DBTaskResult.objects.get().pk) == job.task_id


def test_start_refuses_who_may_not_import(reviewer, files_dir):
    with pytest.raises(policy.Denied):
        uploads.upload_import_start(upload=SimpleUploadedFile("a.jsonl", BATCH), created_by=reviewer)
    assert not Job.objects.exists() and not any(files_dir.glob("*/*"))


@pytest.mark.parametrize("sized", [True, False])
def test_start_refuses_a_file_over_the_limit_and_leaves_nothing(editor, settings, files_dir, sized):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 20
    upload = SimpleUploadedFile("a.jsonl", BATCH) if sized else io.BytesIO(BATCH)
    if not sized:
        upload.name = "a.jsonl"  # a plain stream: no size known before it is read
    with pytest.raises(services.ServiceError, match="over the 0 MB upload limit|upload limit"):
        uploads.upload_import_start(upload=upload, created_by=editor)
    assert not Job.objects.exists() and not any(files_dir.glob("*/*"))


def test_start_refuses_unknown_types_and_encodings(editor):
    with pytest.raises(services.ServiceError, match="unsupported file type '.exe'"):
        uploads.upload_import_start(upload=SimpleUploadedFile("a.exe", b"x"), created_by=editor)
    with pytest.raises(services.ServiceError, match="unknown encoding"):
        uploads.upload_import_start(upload=SimpleUploadedFile("a.csv", b"x"), created_by=editor, encoding="klingon")


@pytest.mark.parametrize(
    ("name", "safe"),
    [("report.csv", "report.csv"), ("../../x.json", "x.json"), ("C:\\temp\\a b.md", "a_b.md"), ("..", "upload"),
     (".hidden.txt", "hidden.txt"), ("x" * 300 + ".jsonl", "x" * 94 + ".jsonl")],
)  # fmt: skip
def test_safe_name(name, safe):
    assert uploads.safe_name(name) == safe


# ----------------------------------------------------------------------------- the job


def test_the_job_imports_the_file_with_import_articles_outcome_lines(editor, tmp_path, files_dir, django_capture_on_commit_callbacks):
    job = _run(_start(editor, capture=django_capture_on_commit_callbacks))
    assert job.status == "succeeded", job.error
    assert (job.total, job.done) == (7, 7)
    assert jobs.job_summary(job) == "3 imported, 1 already present, 3 failed"
    job_lines = _lines(job)
    assert not any(files_dir.iterdir())  # the stored file and its folder are gone
    # the same file through manage.py import_articles, on an empty database: the same lines
    Article.objects.all().delete()
    folder = tmp_path / "cli"
    folder.mkdir()
    (folder / "batch.jsonl").write_bytes(BATCH)
    out, err = io.StringIO(), io.StringIO()
    import os

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with pytest.raises(SystemExit):
            call_command("import_articles", "batch.jsonl", stdout=out, stderr=err)
    finally:
        os.chdir(cwd)
    cli = [line for line in (out.getvalue() + err.getvalue()).splitlines() if line and not line[0].isdigit()]
    position = {line.split()[1].rstrip(":"): line for line in cli}
    ordered = [position[line.split()[1].rstrip(":")] for line in job_lines]
    number = re.compile(r"#\d+")
    assert [number.sub("#N", x) for x in job_lines] == [number.sub("#N", x) for x in ordered]
    assert job_lines[0].startswith("imported  batch.jsonl:1  “Budget story 1” (")
    assert job_lines[2].startswith("failed    batch.jsonl:3: malformed JSON")
    assert job_lines[3].startswith("present   batch.jsonl:4  “Budget story 1” (already imported as #")


def test_overrides_apply_to_every_article_but_one_url_not_to_several(editor, django_capture_on_commit_callbacks):
    overrides = {"url": "https://example.org/one", "publisher": "The Daily", "published_on": date(2024, 5, 6)}
    job = _run(_start(editor, _jsonl(_record(1), _record(2)), capture=django_capture_on_commit_callbacks, overrides=overrides))
    assert job.counts == {"imported": 2}
    assert set(Article.objects.values_list("publisher", "published_on", "url")) == {("The Daily", date(2024, 5, 6), "")}
    job = _run(_start(editor, _jsonl(_record(9)), capture=django_capture_on_commit_callbacks, overrides=overrides))
    assert Article.objects.get(title="Budget story 9").url == "https://example.org/one"


def test_a_csv_in_a_legacy_encoding(editor, django_capture_on_commit_callbacks):
    data = "title,text\nCafé prices,Coffee cost 3% more in Zürich last year.\n".encode("cp1252")
    job = _run(_start(editor, data, "prices.csv", capture=django_capture_on_commit_callbacks, encoding="cp1252"))
    assert job.counts == {"imported": 1}
    assert Article.objects.get().title == "Café prices"


def test_a_crashed_worker_is_taken_over_and_nothing_is_imported_twice(editor, monkeypatch, settings, django_capture_on_commit_callbacks):
    """The worker dies half-way (here: a BaseException, as a kill, in the second chunk): the first
    chunk's articles and outcome rows are committed, the second's not at all; another worker
    takes the job over after FACTCHECK_JOB_STALE_SECONDS and finishes it."""
    settings.FACTCHECK_JOB_STALE_SECONDS = 30
    monkeypatch.setattr(uploads, "CHUNK", 2)
    data = _jsonl(*(_record(n) for n in range(1, 8)))
    job = _start(editor, data, capture=django_capture_on_commit_callbacks)

    class Killed(BaseException):
        pass

    real = uploads._import_chunk
    calls = []

    def dying_inside(run, chunk, **kw):
        calls.append([p for p, _ in chunk])
        from django.db import transaction

        if len(calls) == 2:
            with transaction.atomic():
                real(run, chunk, **kw)
                raise Killed  # killed before the chunk's commit: its writes vanish
        real(run, chunk, **kw)

    monkeypatch.setattr(uploads, "_import_chunk", dying_inside)
    with pytest.raises(Killed):
        jobs.job_run(job.pk, worker_id="dead:1")
    job.refresh_from_db()
    assert job.status == "running" and job.done == 2 and job.total == 7
    assert Article.objects.count() == 2 and JobItem.objects.filter(job=job).count() == 2
    monkeypatch.setattr(uploads, "_import_chunk", real)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == [job.pk]
    job = _run(job, "alive:2")
    assert job.status == "succeeded" and job.attempts == 2
    assert job.counts == {"imported": 7} and job.done == 7  # none reported as "present": no duplicate work
    assert Article.objects.count() == 7
    assert list(job.items.values_list("position", flat=True)) == list(range(1, 8))


def test_cancel_stops_between_chunks(editor, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(uploads, "CHUNK", 2)
    job = _start(editor, _jsonl(*(_record(n) for n in range(1, 8))), capture=django_capture_on_commit_callbacks)
    real = uploads._import_chunk

    def then_cancel(run, chunk, **kw):
        real(run, chunk, **kw)
        jobs.job_cancel(job=run.job, actor=editor)

    monkeypatch.setattr(uploads, "_import_chunk", then_cancel)
    job = _run(job)
    assert job.status == "cancelled" and job.done == 2 and Article.objects.count() == 2
    assert not Path(job.params["file"]).exists()


def test_the_file_gone_fails_the_job_with_a_clear_error(editor, django_capture_on_commit_callbacks):
    job = _start(editor, capture=django_capture_on_commit_callbacks)
    Path(job.params["file"]).unlink()
    job = _run(job)
    assert job.status == "failed" and job.error == "the uploaded file batch.jsonl is no longer there; upload it again"


def test_an_importer_who_lost_the_right_fails_the_job(editor, django_capture_on_commit_callbacks):
    job = _start(editor, capture=django_capture_on_commit_callbacks)
    editor.groups.clear()
    job = _run(job)
    assert job.status == "failed" and job.error == "only editors can import articles"
    assert not Article.objects.exists()


def test_the_job_reads_the_file_in_constant_memory(editor, monkeypatch, django_capture_on_commit_callbacks):
    """Peak Python allocations of the job's reading, chunking and recording for 200 vs 2,000
    records of ~2.5 KB (ingest itself replaced by a stub that reports each item failed): the file
    is streamed and stored in chunks, so ten times the records costs about the same memory."""
    import tracemalloc

    def stub(*, items, **kw):
        for item in items:
            yield services.ImportOutcome(status="failed", where=item.where, message="stub")

    monkeypatch.setattr(services, "articles_import", stub)

    def peak(n: int) -> int:
        padding = "Background. " * 200
        data = _jsonl(*(_record(i, summary=padding) for i in range(n)))
        job = _start(editor, data, capture=django_capture_on_commit_callbacks)
        tracemalloc.start()
        try:
            job = _run(job)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert job.done == n and job.counts == {"failed": n}, job.error

    small = peak(200)
    big = peak(2000)
    assert big < small * 1.5 + 256 * 1024, (small, big)
