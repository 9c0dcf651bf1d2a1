#!/usr/bin/env python
"""CSV export of 1,000,000 verdict rows against PostgreSQL's own COPY of the same query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_export .venv/bin/python bench/export.py [--runs 3] [--fresh]

Fills the scratch database (its name must contain "bench") with --articles articles of --claims
claims and two verdicts per claim (bench/export_data.sql; default 5,000 x 100 = 1,000,000 verdict
rows, 0..2 sources each), unless it already holds exactly that; --fresh re-creates it. Then, per
run, in this order:

  copy     COPY (<the export's own SQL, exports.sql_with_params()>) TO STDOUT WITH CSV HEADER,
           read by psycopg in this process and thrown away;
  command  `manage.py export_verdicts` in a child process, stdout to /dev/null; its peak RSS is
           the child's ru_maxrss (os.wait4);
  view     GET /articles/export.csv as an editor from gunicorn (1 sync worker, DEBUG off) over
           loopback, the body read in 1 MiB blocks and thrown away; peak RSS is the worker's
           VmHWM, reset before each run (/proc/<pid>/clear_refs).

Prints each run, then the medians: seconds, rows/s, throughput as a ratio of COPY's (budget
>= 0.5x) and peak RSS (budget <= 150 MB). Byte counts are printed as a check that the command
and the view wrote the same file.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

RATIO_BUDGET = 0.5
RSS_BUDGET_MB = 150.0


def conninfo(url: str, dbname: str | None = None) -> dict:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    info = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                "password": cfg["PASSWORD"] or None, "dbname": dbname or cfg["NAME"]}
    return {k: v for k, v in info.items() if v}


def prepare(url: str, articles: int, claims: int, fresh: bool) -> int:
    """The database filled once (kept between invocations); returns the verdict count."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/export.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    name = cfg["NAME"]
    if "bench" not in name:
        sys.exit(f"bench/export.py re-creates its database: use a scratch one ('bench' in the name), not {name}")
    want = articles * claims * 2
    with psycopg.connect(**conninfo(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and not fresh:
        try:
            with psycopg.connect(**conninfo(url)) as conn:
                have = conn.execute("SELECT count(*) FROM articles_verdict").fetchone()[0]
                if have == want:
                    print(f"database {name}: {have:,} verdicts already there (--fresh re-creates it)")
                    return have
        except psycopg.Error:
            pass
    print(f"database {name}: creating {articles:,} articles x {claims} claims x 2 verdicts ...", flush=True)
    t0 = time.perf_counter()
    with psycopg.connect(**conninfo(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    sql = (ROOT / "bench" / "export_data.sql").read_text()
    sql = sql.replace(":articles", str(articles)).replace(":claims", str(claims))
    with psycopg.connect(**conninfo(url), autocommit=True) as conn:
        conn.execute(sql)
        have = conn.execute("SELECT count(*) FROM articles_verdict").fetchone()[0]
    print(f"  done in {time.perf_counter() - t0:.0f} s: {have:,} verdicts", flush=True)
    return have


def editor_session() -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connections
    from django.test import Client

    user, created = get_user_model().objects.get_or_create(username="bench-editor")
    if created:
        user.set_password(secrets.token_hex(16))
        user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    browser = Client()
    browser.force_login(user)
    connections.close_all()
    return browser.cookies["sessionid"].value


def time_copy(url: str) -> tuple[float, int]:
    import psycopg

    from articles import exports

    sql, params = exports.sql_with_params()
    with psycopg.connect(**conninfo(url)) as conn:
        t0 = time.perf_counter()
        size = 0
        with conn.cursor() as cur, cur.copy(f"COPY ({sql}) TO STDOUT WITH CSV HEADER", params) as copy:
            for block in copy:
                size += len(block)
        return time.perf_counter() - t0, size


def time_command() -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and bytes written of `manage.py export_verdicts` to a pipe."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "manage.py", "export_verdicts"], cwd=ROOT, stdout=subprocess.PIPE)
    size = 0
    while block := proc.stdout.read(1 << 20):
        size += len(block)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("export_verdicts failed")
    return elapsed, usage.ru_maxrss / 1024, size


def start_gunicorn() -> tuple[subprocess.Popen, int, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", "1", "--threads", "1", "--timeout", "900", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            with conn.getresponse() as resp:
                if resp.status == 200:
                    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                    return proc, port, int(children[0])
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("gunicorn did not come up")


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_view(port: int, worker: int, session: str) -> tuple[float, float, float, int]:
    """Seconds, seconds to the first data row (past the header line), the worker's peak RSS
    (MB) and body bytes."""
    from articles import exports

    header = len(exports.csv_line(exports.HEADER).encode()) + 2
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    t0 = time.perf_counter()
    conn.request("GET", "/articles/export.csv", headers={"Cookie": f"sessionid={session}"})
    resp = conn.getresponse()
    if resp.status != 200:
        sys.exit(f"the export view answered {resp.status}")
    size, first = 0, None
    while block := resp.read1(1 << 20):
        size += len(block)
        if first is None and size > header:
            first = time.perf_counter() - t0
    elapsed = time.perf_counter() - t0
    conn.close()
    time.sleep(0.2)  # the worker finishes its request (closing the generator) after the last byte
    return elapsed, first, vm_hwm_mb(worker), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=100, help="claims per article (two verdicts each)")
    parser.add_argument("--fresh", action="store_true", help="re-create and re-fill the database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench_export")
    # plain http on loopback: no HTTPS redirect, HSTS or Secure cookies; static files unhashed
    os.environ.update(DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0",
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0",
                      SECURE_HSTS_SECONDS="0", STATIC_MANIFEST="0")
    rows = prepare(url, args.articles, args.claims, args.fresh)
    session = editor_session()
    proc, port, worker = start_gunicorn()
    results: dict[str, list] = {"copy": [], "command": [], "view": []}
    try:
        for run in range(1, args.runs + 1):
            t_copy, b_copy = time_copy(url)
            t_cmd, rss_cmd, b_cmd = time_command()
            t_view, first, rss_view, b_view = time_view(port, worker, session)
            results["copy"].append(t_copy)
            results["command"].append((t_cmd, rss_cmd))
            results["view"].append((t_view, rss_view, first))
            print(f"run {run}: copy {t_copy:6.2f} s ({b_copy / 1e6:.0f} MB) | command {t_cmd:6.2f} s = "
                  f"{t_copy / t_cmd:.2f}x, peak RSS {rss_cmd:.0f} MB ({b_cmd / 1e6:.0f} MB) | view {t_view:6.2f} s = "
                  f"{t_copy / t_view:.2f}x, first row {first * 1000:.0f} ms, worker peak RSS {rss_view:.0f} MB "
                  f"({b_view / 1e6:.0f} MB)", flush=True)
            if b_cmd != b_view:
                print(f"  note: the command wrote {b_cmd} bytes, the view {b_view}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    med = statistics.median
    t_copy = med(results["copy"])
    print(f"\n{rows:,} verdict rows, {args.runs} runs, {os.cpu_count()} cores; medians (min..max of the ratio):")
    print(f"copy     {t_copy:6.2f} s  {rows / t_copy:9,.0f} rows/s")
    for name, index in (("command", 0), ("view", 0)):
        times = [r[index] for r in results[name]]
        ratios = [c / t for c, t in zip(results["copy"], times)]
        rss = max(r[1] for r in results[name])
        print(f"{name:8} {med(times):6.2f} s  {rows / med(times):9,.0f} rows/s  throughput {med(ratios):.2f}x COPY "
              f"({min(ratios):.2f}..{max(ratios):.2f}; budget >= {RATIO_BUDGET}x)  peak RSS (max) {rss:.0f} MB "
              f"= {rss / RSS_BUDGET_MB:.2f}x budget {RSS_BUDGET_MB:.0f} MB")
    print(f"view: first data row after a median {med(r[2] for r in results['view']) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
