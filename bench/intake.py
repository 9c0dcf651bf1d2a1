#!/usr/bin/env python
"""Intake by URL throughput: pages/s fetched from a loopback HTTP server and imported by workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_intake .venv/bin/python bench/intake.py \
        [--pages 200] [--runs 3] [--workers 2] [--jobs 1]

Creates the database if needed (a scratch one), migrates it, serves --pages distinct news pages
per run from a threaded HTTP server on 127.0.0.1 (built from the demo articles, every page's
words varied so that each is a new article; about 6 KB of HTML each, like a saved news page),
allowlists that host (FACTCHECK_FETCH_ALLOWED_HOSTS=127.0.0.1) for --workers
``manage.py run_worker`` processes, then per run starts --jobs import_urls job(s) holding the
pages' URLs (articles.intake.urls_import_start, as the Add article form does) and times from
the start to the last job's end. Every page goes through the whole path: job pick-up, the
SSRF-checked fetch, the HTML reader (lxml + trafilatura), split, score and insert.
Prints pages/s per run, the median, and the ratio to the 20 pages/s budget.
"""

from __future__ import annotations

import argparse
import html
import http.server
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["FACTCHECK_FETCH_ALLOWED_HOSTS"] = "127.0.0.1"

BUDGET = 20.0


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/intake.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                "password": cfg["PASSWORD"] or None, "dbname": "postgres"}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def pages(n: int, seed: int) -> dict[str, bytes]:
    """``n`` distinct news pages (path -> HTML): the demo articles' paragraphs with one word per
    paragraph swapped, in a page with the usual furniture (nav, cookie banner, share buttons, footer)."""
    raw = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    paras = [p.strip() for p in raw.split("\n") if len(p.split()) > 8]
    vocab = sorted({w for w in raw.split() if w.isalpha() and w.islower() and len(w) > 3})
    rng = random.Random(seed)
    out = {}
    for i in range(n):
        body = []
        for p in paras[:14]:
            words = p.split(" ")
            words[rng.randrange(1, len(words))] = rng.choice(vocab)
            body.append(f"<p>{html.escape(' '.join(words))}</p>")
        title = f"Story {seed}-{i}: {html.escape(paras[0][:60])}"
        out[f"/news/{seed}/{i}"] = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title} | Example Times</title><meta property='og:title' content='{title}'>"
            "<meta property='og:site_name' content='Example Times'><meta name='author' content='Jane Doe'>"
            "<style>body{color:#222}</style><script>var tracking = 1;</script></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            "<div id='cookie-banner'><p>We use cookies. Accept all cookies?</p></div>"
            f"<article><h1>{title}</h1><p class='byline'>By Jane Doe</p>{''.join(body)}"
            "<div class='share-buttons'>Share on Facebook Share on Twitter</div></article>"
            "<footer><p>Copyright Example Times.</p></footer></body></html>"
        ).encode()
    return out


def serve(site: dict[str, bytes]) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = site.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="URLs per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="run_worker processes")
    parser.add_argument("--jobs", type=int, default=1, help="import jobs per run (the pages split among them)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://... (a scratch database; it is created when missing)")
    ensure_database(url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from articles import intake
    from articles.models import Job

    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-intake")
    user.groups.add(Group.objects.get(name="Editors"))

    site: dict[str, bytes] = {}
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    env = {**os.environ, "FACTCHECK_FETCH_ALLOWED_HOSTS": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    workers = [
        subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "run_worker"], env=env, cwd=ROOT)
        for _ in range(args.workers)
    ]
    try:
        time.sleep(3)  # the workers start (Django, the text pipeline's models)
        # warm-up: every worker loads lxml, trafilatura and the scorer once
        warm = pages(args.workers * 2, seed=secrets.randbelow(10**9))
        site.update(warm)
        run_once(intake, Job, user, [base + p for p in warm], jobs=args.workers)
        rates = []
        for r in range(args.runs):
            batch = pages(args.pages, seed=secrets.randbelow(10**9))
            site.update(batch)
            urls = [base + p for p in batch]
            elapsed, counts = run_once(intake, Job, user, urls, jobs=args.jobs)
            rate = len(urls) / elapsed
            rates.append(rate)
            print(f"run {r + 1}: {len(urls)} pages in {elapsed:.2f} s = {rate:.1f} pages/s  {counts}", flush=True)
        med = statistics.median(rates)
        print(
            f"intake by URL, {args.workers} workers, {args.jobs} job(s) per run: median {med:.1f} pages/s "
            f"(min {min(rates):.1f}, max {max(rates):.1f}); budget {BUDGET:g} pages/s -> ratio {med / BUDGET:.2f}"
            f"; load average {os.getloadavg()[0]:.2f}"
        )
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=15)
            except subprocess.TimeoutExpired:
                w.kill()
        httpd.shutdown()


def run_once(intake, Job, user, urls: list[str], *, jobs: int) -> tuple[float, dict]:
    started = time.perf_counter()
    chunk = -(-len(urls) // jobs)
    ids = [intake.urls_import_start(urls=urls[i : i + chunk], created_by=user).pk for i in range(0, len(urls), chunk)]
    while True:
        rows = list(Job.objects.filter(pk__in=ids).values("status", "counts"))
        if all(r["status"] in Job.FINISHED for r in rows):
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for r in rows:
        for k, v in r["counts"].items():
            counts[k] = counts.get(k, 0) + v
    if any(r["status"] != "succeeded" for r in rows):
        print("  a job did not succeed:", [r["status"] for r in rows], flush=True)
    return elapsed, counts


if __name__ == "__main__":
    main()
