#!/usr/bin/env python
"""Job pick-up latency: time from a job's commit to its start by an idle worker (budget: median <= 1 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_jobs .venv/bin/python bench/jobs.py \
        [--workers 2] [--jobs 20] [--runs 3] [--timeout 300]

Creates the database if needed and migrates it, starts --workers real worker processes
(`manage.py run_worker`, as deployed: FACTCHECK_WORKER_INTERVAL as configured, 0.25 s by default),
waits until each has run a warm-up job, then for each run creates --jobs tiny jobs one after the
other (an upload of a one-article JSON Lines file, through uploads.upload_import_start, as the
web view does), each at a random moment (0-0.3 s after the previous one ended, so that commits
land anywhere in the workers' polling cycle) and only once the previous job has finished (the
workers are idle). Pick-up = the job's started_at (written by the worker that takes it) minus the
moment its transaction committed (an on_commit hook registered before the job's own). Prints
median and p95 per run and over all runs, and the ratio of the median to the 1 s budget.
Loopback only; every wait is bounded, and --timeout bounds the whole run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # production settings, a throwaway key
FILES = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
os.environ["FACTCHECK_JOB_FILES_DIR"] = str(FILES)

BUDGET = 1.0  # seconds: median pick-up with an idle worker


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/jobs.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    if cfg["HOST"] not in ("127.0.0.1", "localhost", "::1", ""):
        sys.exit("bench/jobs.py runs on loopback only: DATABASE_URL must point at 127.0.0.1")
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                "password": cfg["PASSWORD"] or None, "dbname": "postgres"}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def start_workers(n: int, logs: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(n):
        log = open(logs / f"worker-{i + 1}.log", "wb")  # noqa: SIM115 - the worker's output, kept for a post-mortem
        cmd = [sys.executable, "manage.py", "run_worker"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT))
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_until(check, *, timeout: float, what: str, deadline: float):
    end = min(time.monotonic() + timeout, deadline)
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.005)
    raise TimeoutError(f"timed out waiting for {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=20, help="jobs per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds the whole benchmark may take")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout

    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import transaction

    from articles import uploads
    from articles.models import Job

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench-jobs")
    user.groups.add(Group.objects.get(name="Editors"))
    tag = secrets.token_hex(4)
    serial = iter(range(10**9))

    def tiny_job(on_commit=None) -> Job:
        n = next(serial)
        line = json.dumps({"title": f"Pick-up {tag} {n}", "text": f"Pick-up test {tag} {n}: prices rose 3% in May."})
        with transaction.atomic():
            if on_commit:
                transaction.on_commit(on_commit)  # runs first: the moment of the commit
            return uploads.upload_import_start(upload=SimpleUploadedFile("tiny.jsonl", line.encode() + b"\n"), created_by=user)

    def finished(pk: int) -> bool:
        return Job.objects.filter(pk=pk, status__in=Job.FINISHED).exists()

    logs = Path(tempfile.mkdtemp(prefix="bench-jobs-logs-"))
    print(f"PostgreSQL {url.rsplit('/', 1)[-1]}, {args.workers} worker(s), poll interval {settings.FACTCHECK_WORKER_INTERVAL} s, "
          f"{args.jobs} jobs x {args.runs} runs; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    procs = start_workers(args.workers, logs)
    try:
        # warm-up: every worker has imported Django and run a job
        warm = [tiny_job() for _ in range(args.workers * 2)]
        for job in warm:
            wait_until(lambda job=job: finished(job.pk), timeout=60, what="the warm-up jobs", deadline=deadline)
        every: list[float] = []
        for run in range(1, args.runs + 1):
            latencies = []
            for _ in range(args.jobs):
                time.sleep(random.uniform(0, 0.3))
                committed: list[datetime] = []
                job = tiny_job(lambda committed=committed: committed.append(datetime.now(UTC)))
                started = wait_until(
                    lambda job=job: Job.objects.filter(pk=job.pk).values_list("started_at", flat=True).first(),
                    timeout=10, what=f"job {job.pk} to start", deadline=deadline,
                )  # fmt: skip
                latencies.append((started - committed[0]).total_seconds())
                wait_until(lambda job=job: finished(job.pk), timeout=30, what=f"job {job.pk} to finish", deadline=deadline)
            latencies.sort()
            p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
            print(f"run {run}: pick-up median {statistics.median(latencies) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms, "
                  f"max {latencies[-1] * 1000:6.1f} ms")  # fmt: skip
            every += latencies
        every.sort()
        median = statistics.median(every)
        p95 = every[min(len(every) - 1, round(0.95 * (len(every) - 1)))]
        print(f"all {len(every)} jobs: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; "
              f"budget median <= {BUDGET:.0f} s: {median / BUDGET:.2f}x of the budget "
              f"({'within' if median <= BUDGET else 'OVER'})")  # fmt: skip
    finally:
        stop_workers(procs)
        import shutil

        shutil.rmtree(FILES, ignore_errors=True)
        print(f"worker logs: {logs}")


if __name__ == "__main__":
    main()
