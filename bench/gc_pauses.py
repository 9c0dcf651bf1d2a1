#!/usr/bin/env python
"""Garbage-collector pauses of a web worker, with and without gunicorn.conf.py's post_worker_init
(the view modules imported, then the loaded code frozen out of the collector with gc.freeze).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_scale_100000 .venv/bin/python bench/gc_pauses.py [--requests 60] [--runs 3]

Reads the bench/scale.py database named by DATABASE_URL (built with ``bench/scale.py
--build-only``). Each run is a fresh process (production settings: DEBUG off, plain http) that
logs in reviewer scale-rev-01 and requests the review queue and the article page of 300 claims
(#500) alternately through Django's test client, after 3 warm-up pairs; ``gc.callbacks`` time
every collection. Prints, per mode, the collections of each generation, their total and longest
pause, and the median and slowest pair of requests, over --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import gc, json, os, sys, time
sys.path.insert(0, ROOT)
import django
django.setup()
if FREEZE:
    import runpy, types, logging
    conf = runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))
    conf["post_worker_init"](types.SimpleNamespace(pid=os.getpid(), log=logging.getLogger("bench")))
from django.contrib.auth import get_user_model
from django.test import Client
pauses, start = [], {}
def timer(phase, info):
    if phase == "start":
        start["t"] = time.perf_counter()
    else:
        pauses.append((info["generation"], (time.perf_counter() - start["t"]) * 1000))
c = Client(HTTP_HOST="127.0.0.1")
c.force_login(get_user_model().objects.get(username="scale-rev-01"))
for _ in range(3):
    assert c.get("/articles/queue/").status_code == 200 and c.get("/articles/500/").status_code == 200
gc.callbacks.append(timer)
pairs = []
for _ in range(REQUESTS):
    t = time.perf_counter()
    c.get("/articles/queue/"); c.get("/articles/500/")
    pairs.append((time.perf_counter() - t) * 1000)
print(json.dumps({"pauses": pauses, "pairs": pairs, "tracked": len(gc.get_objects()), "frozen": gc.get_freeze_count()}))
"""


def run(freeze: bool, requests: int) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    code = f"ROOT = {str(ROOT)!r}; FREEZE = {freeze}; REQUESTS = {requests}\n" + CHILD
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="pairs of requests timed per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to a bench/scale.py database")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, freeze in (("as Django leaves it", False), ("post_worker_init (gc.freeze)", True)):
        results = [run(freeze, args.requests) for _ in range(args.runs)]
        print(f"{label}: {args.runs} runs of {args.requests} pairs (queue + 300-claim article page)")
        for gen in (0, 1, 2):
            ms = [[p for g, p in r["pauses"] if g == gen] for r in results]
            n = [len(m) for m in ms]
            print(
                f"  gen{gen}: {statistics.median(n):.0f} collections a run, total {statistics.median(sum(m) for m in ms):.1f} ms,"
                f" longest {max((max(m) for m in ms if m), default=0):.1f} ms"
            )
        pairs = [p for r in results for p in r["pairs"]]
        print(
            f"  pairs: median {statistics.median(pairs):.1f} ms, slowest {max(pairs):.1f} ms;"
            f" objects the collector walks {statistics.median(r['tracked'] for r in results):,.0f}"
            f" (frozen {statistics.median(r['frozen'] for r in results):,.0f})"
        )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
