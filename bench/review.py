#!/usr/bin/env python
"""Review latency under gunicorn on PostgreSQL: the page of a 300-claim article and a verdict save.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_review .venv/bin/python bench/review.py [--runs 3] [--clients 20] [--requests 200] [--workers 4]

Drops and re-creates the scratch database (its name must contain "bench"), migrates it, imports
the demo articles and one plain article of exactly 300 claims through the import service,
logs --clients reviewers in (sessions in the database) and ANALYZEs. Then starts gunicorn (sync
workers, DEBUG off) on a free loopback port; per run, after a warm-up, the --clients threads
send --requests page GETs, then --requests verdict saves (each a reviewer's first verdict on a
claim), then, when a save reply shows the verdict's version, --requests re-saves of those
verdicts; all clients are busy at once in each phase. "server" is gunicorn's access-log request
time (%(D)s: from the request read to the reply sent, so not the wait for a free worker); "wall"
is what a client saw, queueing included; a Server-Timing header is reported too when sent.
Prints p50/p95/max and req/s per run, then the medians over the runs and the ratio of the
server p95 to its budget (page 50 ms, save 30 ms).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

BUDGET_MS = {"page": 50.0, "save": 30.0, "update": 30.0}
CLAIMS = 300
VERSION_RE = re.compile(rb'name="version" value="(\d+)"')
TIMING_RE = re.compile(r"dur=([\d.]+)")


def ensure_database(url: str) -> None:
    """A fresh scratch database: dropped (connections and all) and created anew."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/review.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    if "bench" not in (name := cfg["NAME"]):
        sys.exit(f"bench/review.py drops its database: use a scratch one ('bench' in the name), not {name}")
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                    "password": cfg["PASSWORD"] or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def article_text(sentences: int) -> str:
    """A headline and ``sentences`` distinct body sentences, five to a paragraph."""
    lines = ["Council road spending in 2023 under review"]
    body = [f"The council spent {4100 + i:,} thousand euros on road number {i} in 2023."
            for i in range(1, sentences + 1)]
    lines += [" ".join(body[i:i + 5]) for i in range(0, len(body), 5)]
    return "\n\n".join(lines) + "\n"


def setup(clients: int) -> tuple[int, list[int], list[str], list[str]]:
    """Fill the database; return the article id, its claim ids, the rating slugs and one session
    key per reviewer."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from articles import services
    from articles.models import Rating
    from articles.policy import SYSTEM
    from articles.text import readers
    from articles.text.pipeline import build_claims

    call_command("migrate", verbosity=0)
    demo = ROOT / "articles/demo/news_articles.txt"
    list(services.articles_import(items=readers.read_paths([demo]), created_by=SYSTEM))  # a database that is not empty
    n = CLAIMS - 1  # the headline is a claim too; adjust if the segmenter counts otherwise
    for _ in range(3):
        parsed = next(readers.read_paste(article_text(n))).article
        n += CLAIMS - len(build_claims(parsed.text, parsed.blocks))
    outcome = next(iter(services.articles_import(items=readers.read_paste(article_text(n)), created_by=SYSTEM)))
    article = outcome.article
    assert article is not None and article.claims.count() == CLAIMS, outcome
    claim_ids = list(article.claims.order_by("position").values_list("pk", flat=True))
    slugs = list(Rating.objects.filter(is_active=True).values_list("slug", flat=True))

    reviewers = Group.objects.get(name="Reviewers")
    sessions = []
    for i in range(clients):
        user = get_user_model().objects.create_user(f"bench-rev-{i}", password=secrets.token_hex(16))
        user.groups.add(reviewers)
        browser = Client()
        browser.force_login(user)  # the session row is written to the database
        sessions.append(browser.cookies["sessionid"].value)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    connections.close_all()
    return article.pk, claim_ids, slugs, sessions


class Browser:
    """One reviewer: a session cookie, a CSRF token and one HTTP connection (http.client
    reconnects by itself when a sync worker closes it after a response)."""

    def __init__(self, port: int, session: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, bytes, float, float | None]:
        """Status, body, wall ms (request sent to body read) and Server-Timing ms (None if absent)."""
        headers = {"Cookie": self.cookie}
        body = None
        if form is not None:  # an HTMX save; CSRF: the cookie's secret in the header, no Origin
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf,
                        "HX-Request": "true"}
        t0 = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        wall = (time.perf_counter() - t0) * 1000
        timing = TIMING_RE.findall(resp.getheader("Server-Timing") or "")
        return resp.status, data, wall, max(map(float, timing)) if timing else None


def start_gunicorn(workers: int, access_log: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:  # a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", "1", "--log-level", "warning",
           "--access-logfile", access_log, "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    proc = subprocess.Popen(cmd, cwd=ROOT)  # os.environ holds the settings
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            with conn.getresponse() as resp:
                if resp.status == 200:
                    return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            sys.exit("gunicorn did not come up")
        time.sleep(0.2)


def server_times(log: Path, offset: int, method: str, pattern: str, expected: int) -> list[float]:
    """Times (ms) of the 200 replies gunicorn logged after ``offset`` for ``method`` on paths matching
    ``pattern`` (a line may be written just after the client got its reply: wait for all of them)."""
    rx = re.compile(rf"^{method} {pattern} 200 (\d+)$")
    deadline = time.monotonic() + 5
    while True:
        with log.open("rb") as f:
            f.seek(offset)
            lines = f.read().decode().splitlines()
        found = [int(m[1]) / 1000 for line in lines if (m := rx.match(line))]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def phase(browsers: list[Browser], jobs: list[list[tuple]]) -> dict:
    """Run every client's (method, path, form, claim id) jobs at once: wall and Server-Timing ms of
    the 200s, the non-200s, the save replies (for their version) and the requests/s."""
    wall, timing, errors, replies = [], [], [], []
    lock = threading.Lock()
    gate = threading.Barrier(len(browsers) + 1)

    def work(browser: Browser, todo: list[tuple]) -> None:
        gate.wait()
        for method, path, form, key in todo:
            try:
                status, body, ms, st = browser.request(method, path, form)
            except (OSError, http.client.HTTPException) as exc:
                browser.conn.close()
                status, body = 0, repr(exc).encode()
            with lock:
                if status != 200:
                    errors.append((status, path, body[:300]))
                    continue
                wall.append(ms)
                if st is not None:
                    timing.append(st)
                if form is not None:
                    replies.append((browser, key, body))

    threads = [threading.Thread(target=work, args=(b, t)) for b, t in zip(browsers, jobs)]
    for t in threads:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    rate = sum(map(len, jobs)) / elapsed
    return {"wall": wall, "timing": timing, "errors": errors, "replies": replies, "rate": rate}


def pct(xs: list[float], q: int) -> float:
    if len(xs) < 2:
        return xs[0] if xs else float("nan")
    return statistics.quantiles(xs, n=100, method="inclusive")[q - 1]


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (i < total % parts) for i in range(parts)]


def show(run: int, name: str, res: dict) -> None:
    def stats(xs: list[float]) -> str:
        return f"p50 {pct(xs, 50):6.1f} p95 {pct(xs, 95):6.1f} max {max(xs, default=0):6.1f} ms"

    line = f"run {run} {name:6}: server {stats(res['server'])} | wall {stats(res['wall'])}"
    line += f" | {res['rate']:3.0f} req/s"
    if res["timing"]:
        line += f" | Server-Timing {stats(res['timing'])}"
    print(line + (f" | {len(res['errors'])} non-200" if res["errors"] else ""), flush=True)
    for status, path, body in res["errors"][:3]:
        print(f"    {status} {path}: {body!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20, help="concurrent reviewers (threads)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per phase and run, in all")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--warmup", type=int, default=5, help="untimed GETs per client and run (+2 saves)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench_review")
    # gunicorn (which inherits this environment) must know the key the sessions are signed with here
    # plain http on loopback: no HTTPS redirect, HSTS or Secure cookies; static files unhashed
    os.environ.update(DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0",
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0",
                      SECURE_HSTS_SECONDS="0", STATIC_MANIFEST="0")
    per_client = split(args.requests, args.clients)
    if (need := args.runs * (2 + max(per_client))) > CLAIMS:
        sys.exit(f"each reviewer needs {need} distinct claims, the article has {CLAIMS}")
    ensure_database(url)
    article_id, claim_ids, slugs, sessions = setup(args.clients)

    log = Path(tempfile.mkdtemp(prefix="bench-review-")) / "access.log"
    log.touch()
    proc, port = start_gunicorn(args.workers, str(log))
    results: dict[str, list[dict]] = {"page": [], "save": [], "update": []}
    notes: list[str] = []
    page, save_path = f"/articles/{article_id}/", r"/articles/claims/\d+/verdict/"
    try:
        browsers = [Browser(port, s) for s in sessions]
        status, body, _, _ = browsers[0].request("GET", page)
        if status != 200:
            sys.exit(f"GET {page}: {status} {body[:300]!r}")
        shown = {int(x) for x in re.findall(rb'id="claim-(?:row-)?(\d+)"', body)} & set(claim_ids)
        if len(shown) != CLAIMS:
            print(f'warning: the page ({len(body) >> 10} KB) has id="claim-…" for {len(shown)} of the claims')
        # reviewer i walks the claims from its own offset, spread over the article, so every save is
        # that reviewer's first verdict on that claim and reviewers rarely lock the same claim row
        stride = max(1, CLAIMS // args.clients)
        cursors = [iter(claim_ids[i * stride % CLAIMS:] + claim_ids[:i * stride % CLAIMS])
                   for i in range(args.clients)]
        serial = 0

        def save(claim_id: int, version: int) -> tuple:
            nonlocal serial
            serial += 1  # a new rationale (and rating) each time, so an update always changes the verdict
            form = {"rating": slugs[serial % len(slugs)], "rationale": f"Checked, see note {serial}.",
                    "version": version, "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0,
                    "sources-MIN_NUM_FORMS": 0, "sources-MAX_NUM_FORMS": 1000}
            return ("POST", f"/articles/claims/{claim_id}/verdict/", form, claim_id)

        def measure(run: int, name: str, method: str, pattern: str, jobs: list[list[tuple]]) -> dict:
            offset = log.stat().st_size
            res = phase(browsers, jobs)
            res["server"] = server_times(log, offset, method, pattern, len(res["wall"]))
            results[name].append(res)
            show(run, name, res)
            return res

        get = ("GET", page, None, None)
        for run in range(1, args.runs + 1):
            warm_jobs = [[get] * args.warmup + [save(next(c), 0), save(next(c), 0)] for c in cursors]
            warm = phase(browsers, warm_jobs)
            for status, path, body in warm["errors"][:1]:
                print(f"warm-up: {len(warm['errors'])} non-200 replies, first {status} {path}: {body!r}")
            measure(run, "page", "GET", re.escape(page), [[get] * k for k in per_client])
            jobs = [[save(next(c), 0) for _ in range(k)] for c, k in zip(cursors, per_client)]
            res = measure(run, "save", "POST", save_path, jobs)
            # re-save the same verdicts with the version the save reply showed, if it shows one
            saved = [(b, key, VERSION_RE.search(body)) for b, key, body in res["replies"]]
            if saved and all(m for _, _, m in saved):
                jobs = [[save(key, int(m[1])) for b, key, m in saved if b is browser] for browser in browsers]
                measure(run, "update", "POST", save_path, jobs)
            elif run == 1:
                notes.append('save replies carry no name="version" value="N": updates not measured')
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(log.parent, ignore_errors=True)

    what = {"page": f"page GET /articles/<id>/ ({CLAIMS} claims)", "save": "save (new verdict, HTMX POST)",
            "update": "save (update, HTMX POST)"}
    print(f"\n{args.runs} runs, {args.clients} clients, {args.requests} requests per phase and run, "
          f"gunicorn {args.workers} sync workers, {os.cpu_count()} cores; medians over the runs:")
    for name, runs in results.items():
        errors = sum(len(r["errors"]) for r in runs)
        runs = [r for r in runs if r["server"] and r["wall"]]
        if not runs:
            if errors:
                print(f"{what[name]}: no 200 reply, {errors} non-200")
            continue
        med = {f"{src[0]}{q}": statistics.median(pct(r[src], q) for r in runs)
               for src in ("server", "wall") for q in (50, 95)}
        budget, rate = BUDGET_MS[name], statistics.median(r["rate"] for r in runs)
        print(f"{what[name]}: server p50 {med['s50']:.1f} ms, p95 {med['s95']:.1f} ms = "
              f"{med['s95'] / budget:.2f}x budget {budget:.0f} ms (<=1 is within); "
              f"wall p50 {med['w50']:.1f} ms, p95 {med['w95']:.1f} ms = {med['w95'] / budget:.2f}x; "
              f"{rate:.0f} req/s" + (f"; {errors} non-200" if errors else ""))
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
