"""Real worker processes (`manage.py run_worker`) against the test database: a job is picked up
once committed, a worker killed with SIGKILL half-way has its job taken up by another worker
after FACTCHECK_JOB_STALE_SECONDS, which finishes it without duplicates; cancel reaches a
running worker.

The workers are separate processes, so they need a database they can open: on PostgreSQL the
test database itself; on SQLite the test database is in memory, so for these tests it is copied
into a file (SQLite's backup API) and the test's connection is pointed at that file; the
in-memory database is put back afterwards."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from articles import jobs, uploads
from articles.models import Article, Job, JobItem

ROOT = Path(__file__).resolve().parent.parent
# FACTCHECK_JOB_STALE_SECONDS of the workers: a live worker writes its heartbeat after each chunk of
# articles, which took over 3 s on a machine under load 3-5 (the live worker was then taken for dead
# and its job taken again: "attempts" 4 instead of 2); 8 s leaves room, at 5 s more per takeover test
STALE = 8


@pytest.fixture
def worker_env(transactional_db, tmp_path, settings):
    """The environment for worker processes that share this test's (committed) database."""
    from django.db import connection

    files = tmp_path / "job-files"
    settings.FACTCHECK_JOB_FILES_DIR = files
    env = {
        **os.environ,
        "DEBUG": "0",
        "FACTCHECK_JOB_STALE_SECONDS": str(STALE),
        "FACTCHECK_WORKER_INTERVAL": "0.1",
        "FACTCHECK_JOB_FILES_DIR": str(files),
        "PYTHONUNBUFFERED": "1",
    }
    keeper = old_name = None
    if connection.vendor == "sqlite":
        path = tmp_path / "worker-db.sqlite3"
        if connection.is_in_memory_db():
            connection.ensure_connection()
            keeper = connection.connection  # keeps the in-memory database alive meanwhile
            target = sqlite3.connect(path)
            keeper.backup(target)
            target.close()
            old_name = connection.settings_dict["NAME"]
            connection.settings_dict["NAME"] = str(path)
            connection.connection = None  # the next query opens the file
        else:
            path = Path(connection.settings_dict["NAME"])
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        s = connection.settings_dict
        auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    try:
        yield env
    finally:
        if keeper is not None:
            connection.close()
            connection.settings_dict["NAME"] = old_name
            connection.connection = keeper


class Workers:
    """Worker processes started by a test, all stopped at its end."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs, self.procs = env, logs, []

    def start(self) -> subprocess.Popen:
        log = open(self.logs / f"worker-{len(self.procs) + 1}.log", "wb")  # noqa: SIM115 - closed in stop()
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.1", "--sweep", "0.5", "-v", "2"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        proc.log = log  # type: ignore[attr-defined]
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.log.close()

    def output(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.logs.glob("worker-*.log")))


@pytest.fixture
def workers(worker_env, tmp_path):
    w = Workers(worker_env, tmp_path)
    yield w
    w.stop()


def wait_for(check, *, timeout: float, what: str, workers: Workers):
    """Poll ``check`` (every 50 ms) until it returns something true, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n--- worker output ---\n{workers.output()}")


def _article_lines(n: int) -> bytes:
    body = (
        "The council approved a budget of 4.2 million euros on Tuesday, up 12% from last year, the mayor said. "
        "Critics said the figure hides a 3% cut in school spending. "
        "According to the finance office, debt will fall to 18 million by 2027. "
    )
    return "".join(
        json.dumps({"title": f"Council budget {i}", "text": f"Report {i}. " + body * 3}) + "\n" for i in range(1, n + 1)
    ).encode()


def _start_job(user, data: bytes) -> Job:
    return uploads.upload_import_start(upload=SimpleUploadedFile("big.jsonl", data), created_by=user)


def _job(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def test_a_killed_worker_s_job_is_taken_over_and_finished_without_duplicates(workers, editor):
    n = 1200
    job = _start_job(editor, _article_lines(n))  # committed (transactional test): enqueued
    first = workers.start()
    wait_for(lambda: _job(job.pk).done >= uploads.CHUNK, timeout=90, what="the first worker to store a chunk", workers=workers)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = _job(job.pk)
    assert killed_at.status == "running" and killed_at.done < n, "the job finished before the kill: make it bigger"
    assert killed_at.worker_id.endswith(f":{first.pid}")
    first_task = killed_at.task_id

    second = workers.start()
    wait_for(lambda: _job(job.pk).is_finished, timeout=120 + STALE, what="the second worker to finish the job", workers=workers)
    job.refresh_from_db()
    assert job.status == "succeeded", (job.error, workers.output())
    assert job.worker_id.endswith(f":{second.pid}") and job.attempts == 2
    assert (job.total, job.done) == (n, n)
    assert job.counts == {"imported": n}  # every article once, and none found "already present"
    assert Article.objects.count() == n
    assert Article.objects.values("content_hash").distinct().count() == n
    positions = list(JobItem.objects.filter(job=job).order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, n + 1))
    # the killed worker's task was marked failed by the sweep; the new one succeeded
    assert DBTaskResult.objects.get(pk=first_task).status == "FAILED"
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    assert not Path(job.params["file"]).exists()


def test_an_idle_worker_picks_up_a_committed_job_and_cancel_reaches_a_running_one(workers, editor):
    workers.start()
    # idle: started and polling (its start-up, seconds on a loaded machine, is not pick-up time)
    wait_for(lambda: "Starting worker" in workers.output(), timeout=60, what="the worker to start", workers=workers)
    small = _start_job(editor, _article_lines(3))
    wait_for(lambda: _job(small.pk).is_finished, timeout=60, what="the small job", workers=workers)
    small.refresh_from_db()
    assert small.status == "succeeded" and small.counts == {"imported": 3}
    assert [jobs.item_line(i).split("  ")[1] for i in small.items.all()] == ["big.jsonl:1", "big.jsonl:2", "big.jsonl:3"]
    assert (small.started_at - small.created_at).total_seconds() < 5  # the budget (1 s) is measured in bench/jobs.py

    big = _start_job(editor, _article_lines(1500).replace(b"Council budget", b"Harbour budget"))
    wait_for(lambda: _job(big.pk).done >= uploads.CHUNK, timeout=90, what="the big job to start storing", workers=workers)
    # (on SQLite this write waits for the worker's chunk to commit: uploads.SQLITE_PAUSE lets it in)
    jobs.job_cancel(job=_job(big.pk), actor=editor)
    wait_for(lambda: _job(big.pk).is_finished, timeout=60, what="the cancel to reach the worker", workers=workers)
    big.refresh_from_db()
    assert big.status == "cancelled" and 0 < big.done < 1500
    assert Article.objects.filter(title__startswith="Harbour").count() == big.done
