#!/usr/bin/env python
"""Ingest throughput into PostgreSQL: parse + split + score + insert, articles/s and queries/article.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench .venv/bin/python bench/ingest.py [--articles 2000] [--runs 3] [--jobs 1 2 3]

Creates the database if needed (a scratch one: it is emptied first), migrates it, loads
--warmup articles and ANALYZEs (a newsroom database is not empty), counts the SQL queries
per article on a sequential sample, then for each --jobs value imports --articles new
seed-sized articles per run (the demo articles' raw news-site paste, one word per line varied,
so hashes and nearly all fingerprints are new) through the code path of `import_articles`
(`--jobs N` = N worker processes), one transaction per article; the paste parsing is timed too.
Prints the median, min and max articles/s over the runs and the ratio to the 300/s budget.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# production settings (DEBUG off keeps no query log); a throwaway key when none is set
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

BUDGET = 300.0


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/ingest.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                    "password": cfg["PASSWORD"] or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def variants(n: int, seed: int) -> list[str]:
    """``n`` distinct copies of the demo paste: in every line one word is swapped for another
    word of the same text, so nearly every sentence (and fingerprint) is new, as in real news;
    the boilerplate lines and the structure stay as they are."""
    raw = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    vocab = sorted({w for w in raw.split() if w.isalpha() and w.islower() and len(w) > 3})
    keep = {"Short Url", "Follow"}
    rng = random.Random(seed)
    out = []
    for i in range(n):
        new_lines = []
        for line in lines:
            words = line.split(" ")
            if line.strip() and line not in keep and not line.startswith("Updated") and len(words) > 3:
                j = rng.randrange(1, len(words))
                words[j] = rng.choice(vocab)
            new_lines.append(" ".join(words))
        text = "\n".join(new_lines)
        # headlines get a serial number so the two headline copies stay recognisable as repeats
        text = text.replace("more than 1,000", f"more than {1000 + i:,}").replace("peace plans", f"peace plan {i}")
        out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per run (pastes hold 2 each)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2, 3], help="worker processes to measure")
    parser.add_argument("--warmup", type=int, default=500, help="articles loaded (and ANALYZEd) before timing")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles import services
    from articles.parallel import import_parallel
    from articles.policy import SYSTEM
    from articles.text import readers

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:  # a scratch database: start empty
        cur.execute("TRUNCATE articles_source, articles_verdict, articles_history, articles_claim, articles_article CASCADE")
    # a newsroom database is not empty: load some articles and let the planner see them
    for paste in variants(args.warmup // 2, seed=10_000):
        for _ in services.articles_import(items=readers.read_paste(paste), created_by=SYSTEM):
            pass
    with connection.cursor() as cur:
        cur.execute("ANALYZE")

    # queries per article, counted on a sequential sample
    counts: list[int] = []

    def counter(execute, sql, params, many, context):
        counts[-1] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        for paste in variants(50, seed=20_000):
            for item in readers.read_paste(paste):
                counts.append(0)
                outcome = next(iter(services.articles_import(items=[item], created_by=SYSTEM)))
                assert outcome.status == "imported", outcome
    print(f"queries per article: min {min(counts)}, max {max(counts)} (over {len(counts)} articles, one per call)")
    counts = [0]
    with connection.execute_wrapper(counter):
        items = [item for paste in variants(50, seed=25_000) for item in readers.read_paste(paste)]
        outcomes = list(services.articles_import(items=items, created_by=SYSTEM))
        assert all(o.status == "imported" for o in outcomes)
    print(f"queries for {len(items)} articles in one call: {counts[0]}")

    seed = 30_000
    for jobs in args.jobs:
        rates = []
        for run in range(args.runs):
            seed += 1
            pastes = variants(args.articles // 2, seed=seed)
            items = (item for paste in pastes for item in readers.read_paste(paste))  # parse is timed too
            t0 = time.perf_counter()
            if jobs == 1:
                outcomes = list(services.articles_import(items=items, created_by=SYSTEM))
            else:
                outcomes = list(import_parallel(items=items, jobs=jobs))
            elapsed = time.perf_counter() - t0
            bad = [o for o in outcomes if o.status != "imported"]
            if bad:
                sys.exit(f"unexpected outcome: {bad[0]}")
            rates.append(len(outcomes) / elapsed)
        med = statistics.median(rates)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"jobs={jobs}: median {med:.0f} articles/s (min {min(rates):.0f}, max {max(rates):.0f}, "
            f"{args.runs} runs of {args.articles}) budget {BUDGET:.0f}/s -> {med / BUDGET:.2f}x; load average {load}",
            flush=True,
        )
    from articles.models import Article

    claims = list(Article.objects.values_list("claim_count", flat=True))
    print(f"{len(claims)} articles in the database, {statistics.mean(claims):.0f} claims/article")


if __name__ == "__main__":
    main()
