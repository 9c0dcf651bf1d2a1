#!/usr/bin/env python
"""The JSON API (issue 11): claim list pages under gunicorn at archive scale, and the API
library's overhead per request.

    .venv/bin/python bench/api.py                         # PostgreSQL factcheck_scale_100000 (3,028,405 claims)
    .venv/bin/python bench/api.py --requests 50 --db factcheck_scale_100000
    .venv/bin/python bench/api.py --overhead-only         # ninja vs a plain JsonResponse view, in process

Budget (issue 11): "Claim list through the API, 25 per page, at 1,000,000 claims: p95 <= 30 ms
server time, the same on the first and on a page 20,000 rows deep."

The database (built by bench/scale_data.py; bench/scale.py creates it) is migrated, a personal
API token is made for scale-rev-01, then gunicorn (2 sync workers, DEBUG off, as bench/scale.py
starts it: its start_gunicorn, access-log %(D)s server time matched by X-Bench-Id) serves the
API; the rate limit stays on (at a limit the bench never reaches) so that its upsert is part of
every timed request. The deep cursor is reached by walking ``next`` from the first page (800
pages of 25 = 20,000 rows; the walk's own times are reported too). Per case: 3 warm-up requests
and ``--requests`` timed ones, one at a time; p50/p95 of the server time, and p95 over the budget.

The overhead part times a trivial endpoint in process through the whole middleware stack
(Django's test client, SQLite, no database query): django-ninja (no auth) vs a plain Django view
returning JsonResponse, and ninja with a pydantic response schema of 25 claim-shaped rows vs
the same rows as a plain JsonResponse.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

BUDGET_MS = 30.0
DEPTH = 20_000


def _get(port: int, path: str, token: str, bid: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}", "X-Bench-Id": bid})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, (json.loads(data) if data[:1] == b"{" else {})


def _make_token(env: dict) -> str:
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from articles.api.tokens import token_create\n"
        "u = get_user_model().objects.get(username='scale-rev-01')\n"
        "print(token_create(user=u, name='bench/api.py', actor=u).secret)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def scale(args) -> None:
    from scale import pct, server_ms, start_gunicorn  # bench/scale.py (another bench's harness, imported)

    url = f"{args.pg.rstrip('/')}/{args.db}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0", ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", STATIC_MANIFEST="0",
        FACTCHECK_VERDICTS_REQUIRED="2", FACTCHECK_API_RATE_LIMIT="1000000", DJANGO_SETTINGS_MODULE="factcheck.settings",
        PYTHONUNBUFFERED="1",
    )  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    import psycopg

    with psycopg.connect(url) as conn:
        claims = conn.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'articles_claim'").fetchone()[0]
    token = _make_token(env)
    load = os.getloadavg()
    print(f"database {args.db}: ~{claims:,} claims; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    log = Path(tempfile.mkdtemp(prefix="bench-api-")) / "access.log"
    log.touch()
    proc, port = start_gunicorn(env, args.workers, log)
    serial = 0

    def timed(path: str, n: int, warm: int = 3) -> tuple[list[float], dict]:
        nonlocal serial
        ids, last = [], {}
        for i in range(warm + n):
            serial += 1
            bid = f"api-{os.getpid()}-{serial}"
            status, last = _get(port, path, token, bid)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status} {last}")
            if i >= warm:
                ids.append(bid)
        found = server_ms(log, ids)
        return [found[i] for i in ids if i in found], last

    try:
        cases: list[tuple[str, str]] = []
        for label, query in (("by id", ""), ("by check-worthiness", "&order=-checkworthiness"), ("status=disputed", "&status=disputed")):
            base = f"/api/v1/claims/?limit=25{query}"
            # walk the cursor 20,000 rows deep (800 pages), timing each page once
            walk_ids, path, t0 = [], base, time.perf_counter()
            for _ in range(DEPTH // 25):
                serial += 1
                bid = f"api-{os.getpid()}-{serial}"
                status, data = _get(port, path, token, bid)
                if status != 200 or not data.get("next"):
                    raise SystemExit(f"walk stopped at {path}: HTTP {status}")
                walk_ids.append(bid)
                path = f"{base}&cursor={data['next']}"
            walk = list(server_ms(log, walk_ids).values())
            print(f"  walked {label}: {len(walk)} pages in {time.perf_counter() - t0:.1f} s client time; "
                  f"server p50 {pct(walk, 50):.1f} ms, p95 {pct(walk, 95):.1f} ms, max {max(walk):.1f} ms", flush=True)  # fmt: skip
            cases += [(f"claims {label}: first page", base), (f"claims {label}: {DEPTH:,} rows deep", path)]
        rows = []
        for name, path in cases:
            ms, last = timed(path, args.requests)
            assert len(last.get("results", [])) == 25, (name, last)
            rows.append((name, statistics.median(ms), pct(ms, 95), len(ms)))
        print(f"\n{'case':44} {'p50 ms':>8} {'p95 ms':>8} {'p95/budget':>11}  (n; budget p95 <= {BUDGET_MS:.0f} ms)")
        for name, p50, p95, n in rows:
            print(f"{name:44} {p50:8.1f} {p95:8.1f} {p95 / BUDGET_MS:10.2f}x  ({n})")
        first, deep = rows[0][2], rows[1][2]
        print(f"\nby id: deep p95 / first p95 = {deep / first:.2f}")
    finally:
        proc.terminate()
        proc.wait(30)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


# ----------------------------------------------------------------------------- library overhead


def overhead(n: int) -> None:
    """In process: the per-request cost of django-ninja over a plain Django view."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from datetime import UTC, datetime

    from django.contrib.auth.decorators import login_not_required
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.urls import path
    from ninja import NinjaAPI

    from articles.api import schemas

    now = datetime.now(UTC)
    row = {"id": 1, "url": "/api/v1/claims/1/", "article": 1, "position": 1, "start": 0, "end": 40,
           "text": "The minister said 40% of the budget went to roads.", "kind": "body", "speaker": "",
           "checkworthiness": 0.8, "cues": ["number"], "status": "unreviewed", "dismissed_reason": "",
           "assignee": None, "duplicate_of": None, "version": 1, "created_at": now, "updated_at": now}  # fmt: skip
    page = {"results": [dict(row, id=i) for i in range(25)], "next": "x"}

    api = NinjaAPI(urls_namespace="bench", docs_url=None, openapi_url=None)

    @api.get("/ping")
    def ping(request):
        return {"ok": True}

    @api.get("/page", response=schemas.ClaimPage)
    def ninja_page(request):
        return page

    @login_not_required
    def plain_ping(request):
        return JsonResponse({"ok": True})

    @login_not_required
    def plain_page(request):
        return JsonResponse(page)

    patterns = [p for p in api.urls[0]]
    for p in patterns:
        p.callback = login_not_required(p.callback)
    module = type(sys)("bench_api_urls")
    module.urlpatterns = [path("n/", (patterns, "bench", "bench")), path("p/ping", plain_ping), path("p/page", plain_page)]
    sys.modules["bench_api_urls"] = module
    with override_settings(ROOT_URLCONF="bench_api_urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        results = {}
        for name, url in (("plain JsonResponse", "/p/ping"), ("django-ninja", "/n/ping"),
                          ("plain, 25 claim rows", "/p/page"), ("ninja + pydantic schema, 25 rows", "/n/page")):  # fmt: skip
            assert client.get(url).status_code == 200, url
            best = []
            for _ in range(5):
                t0 = time.perf_counter()
                for _ in range(n):
                    client.get(url)
                best.append((time.perf_counter() - t0) / n * 1e6)
            results[name] = min(best)
    print(f"\nper request, in process, best of 5 x {n} (Django test client, full middleware stack):")
    for name, us in results.items():
        print(f"  {name:36} {us:8.0f} µs")
    print(f"  ninja overhead, trivial endpoint:     {results['django-ninja'] - results['plain JsonResponse']:+8.0f} µs")
    print(f"  ninja overhead, 25-row page:          {results['ninja + pydantic schema, 25 rows'] - results['plain, 25 claim rows']:+8.0f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="factcheck_scale_100000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--overhead-n", type=int, default=2000)
    parser.add_argument("--overhead-only", action="store_true")
    parser.add_argument("--scale-only", action="store_true")
    args = parser.parse_args()
    if not args.overhead_only:
        scale(args)
    if not args.scale_only:
        overhead(args.overhead_n)


if __name__ == "__main__":
    main()
