#!/usr/bin/env python
"""Importing published fact-checks into PostgreSQL: records/s and peak RSS of
`manage.py import_factchecks` (the whole command: read, validate, upsert, one outcome line each).

    .venv/bin/python bench/factchecks.py [--records 200000] [--runs 3] [--small 50000]

Uses the scratch database factcheck_bench_factchecks (DATABASE_URL overrides it; created if
needed, migrated, its fact-checks emptied before each run). Generates --records ClaimReview
records twice: a DataFeed JSON (each dataFeedElement a DataFeedItem holding one ClaimReview, as
fact-check feeds publish them) and a CSV with every column. Each run is a child process
(`import_factchecks FILE > /dev/null`), timed from start to exit (Django's start-up included);
its peak RSS is the child's ru_maxrss. Then a re-import of the same file (every record "present").
Constant memory: peak RSS for --small records against --records. Budget: >= 2,000 records/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 2000.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench_factchecks"
WORDS = ["minister", "says", "unemployment", "fell", "percent", "million", "vaccine", "border", "tax", "climate", "election", "votes", "police", "crime", "hospital", "school", "budget", "billion", "energy", "prices", "housing", "migrants", "doctors", "nurses", "wages", "pension", "war", "troops"]
RATINGS = [("True", 5), ("Mostly true", 4), ("Half true", 3), ("Mostly false", 2), ("False", 1)]
PUBLISHERS = [("Full Fact", "https://fullfact.org/"), ("PolitiFact", "https://www.politifact.com/"),
              ("AFP Fact Check", "https://factcheck.afp.com/"), ("Snopes", "https://www.snopes.com/")]  # fmt: skip


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/factchecks.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                "password": cfg["PASSWORD"] or None, "dbname": "postgres"}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def _record(i: int, rnd: random.Random) -> dict:
    rating, value = rnd.choice(RATINGS)
    name, site = rnd.choice(PUBLISHERS)
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 25)))
    return {
        "claim": f"Claim {i}: {words}.", "url": f"{site}factchecks/{i}/", "rating": rating, "value": value,
        "title": f"Fact check {i}: {' '.join(rnd.choice(WORDS) for _ in range(8))}", "publisher": name, "site": site,
        "date": f"20{rnd.randint(15, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        "claimant": f"Speaker {rnd.randint(1, 5000)}", "appearance": f"https://social.example/post/{i}", "language": "en",
    }  # fmt: skip


def write_feed(path: Path, n: int) -> None:
    rnd = random.Random(1)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"@context": "https://schema.org", "@type": "DataFeed", "dateModified": "2024-06-01T00:00:00Z",\n "dataFeedElement": [\n')
        for i in range(n):
            r = _record(i, rnd)
            review = {
                "@type": "ClaimReview", "url": r["url"], "claimReviewed": r["claim"], "headline": r["title"],
                "datePublished": r["date"], "inLanguage": r["language"],
                "author": {"@type": "Organization", "name": r["publisher"], "url": r["site"]},
                "reviewRating": {"@type": "Rating", "ratingValue": r["value"], "bestRating": 5, "worstRating": 1,
                                 "alternateName": r["rating"]},
                "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": r["claimant"]},
                                 "appearance": [{"@type": "CreativeWork", "url": r["appearance"]}]},
            }  # fmt: skip
            item = {"@type": "DataFeedItem", "dateCreated": r["date"], "item": [review]}
            f.write(("," if i else " ") + json.dumps(item) + "\n")
        f.write("]}\n")


def write_csv(path: Path, n: int) -> None:
    rnd = random.Random(1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["claim_reviewed", "url", "rating", "title", "publisher", "date_published", "claimant", "appearance_url", "language"])
        for i in range(n):
            r = _record(i, rnd)
            w.writerow([r["claim"], r["url"], r["rating"], r["title"], r["publisher"], r["date"], r["claimant"], r["appearance"], r["language"]])


def run_import(path: Path, env: dict) -> tuple[float, int, int]:
    """(seconds, peak RSS in KB, exit status) of one import_factchecks child."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "import_factchecks", str(path), "--batch", "bench"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        print(err[-2000:], file=sys.stderr)
    return elapsed, usage.ru_maxrss, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=50_000, help="records of the small file (constant memory)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    import psycopg

    def empty() -> None:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute("DELETE FROM articles_claimmatch WHERE factcheck_id IS NOT NULL") if _has_column(conn) else None
            conn.execute("TRUNCATE articles_factcheck RESTART IDENTITY CASCADE")
            conn.execute("VACUUM ANALYZE articles_factcheck")

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        files = {"DataFeed JSON": Path(tmp) / "feed.json", "CSV": Path(tmp) / "feed.csv"}
        write_feed(files["DataFeed JSON"], args.records)
        write_csv(files["CSV"], args.records)
        small = Path(tmp) / "small.json"
        write_feed(small, args.small)
        for label, path in files.items():
            size = path.stat().st_size / 1048576
            rates, rss = [], []
            for _ in range(args.runs):
                empty()
                elapsed, peak, code = run_import(path, env)
                assert code == 0, f"import failed ({code})"
                rates.append(args.records / elapsed)
                rss.append(peak)
            elapsed, peak, code = run_import(path, env)  # again: every record present
            assert code == 0
            med = statistics.median(rates)
            print(
                f"{label:14} {args.records:,} records ({size:.0f} MB): new {med:,.0f} records/s median "
                f"(min {min(rates):,.0f}, max {max(rates):,.0f}, {args.runs} runs; {med / BUDGET:.1f}x the {BUDGET:,.0f}/s budget), "
                f"peak RSS {max(rss) / 1024:.0f} MB; re-import (all present) {args.records / elapsed:,.0f} records/s"
            )
        empty()
        _, small_rss, _ = run_import(small, env)
        empty()
        _, large_rss, _ = run_import(files["DataFeed JSON"], env)
        print(
            f"constant memory (DataFeed JSON): peak RSS {small_rss / 1024:.0f} MB for {args.small:,} records, "
            f"{large_rss / 1024:.0f} MB for {args.records:,}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _has_column(conn) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'articles_claimmatch' AND column_name = 'factcheck_id'"
        ).fetchone()
    )


if __name__ == "__main__":
    main()
