#!/usr/bin/env python
"""Ingest throughput into PostgreSQL: parse + split + score + insert, articles/s and queries/article.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench .venv/bin/python bench/ingest.py [--articles 1000] [--runs 3]

Creates the database if needed (it must be a scratch one: its articles are deleted between
runs), migrates it, then for each run imports --articles distinct seed-sized articles (the demo
articles' raw news-site paste with names and numbers varied, so hashes and most fingerprints
differ) through the same code path as `import_articles`, one transaction per article.
Prints articles/s per run (median, min, max), the ratio to the 300 articles/s budget, and the
SQL queries per article (min/max over all articles: constant means equal).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

BUDGET = 300.0


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/ingest.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    conninfo = dict(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres")
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def variants(n: int, seed: int) -> list[str]:
    raw = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    rng = random.Random(seed)
    words = ["Lithuania", "Ukraine", "Zelensky", "Russia", "Europe", "Trump", "Kyiv", "NATO"]
    out = []
    for i in range(n):
        text = raw
        for w in words:
            text = text.replace(w, f"{w}{rng.randint(0, 10**6)}" if rng.random() < 0.5 else w)
        # keep each copy unique even when no word changed
        text = text.replace("more than 1,000", f"more than {1000 + i:,}", 1).replace("30 other", f"{30 + i} other", 1)
        out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="raw pastes per run (each holds 2 articles)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles import services
    from articles.models import Article, History
    from articles.text import readers

    call_command("migrate", verbosity=0)
    counts: list[int] = []

    def counter(execute, sql, params, many, context):
        counts[-1] += 1
        return execute(sql, params, many, context)

    rates = []
    for run in range(args.runs):
        History.objects.all().delete()
        Article.objects.all().delete()
        pastes = variants(args.articles // 2, seed=run)
        n = 0
        t0 = time.perf_counter()
        with connection.execute_wrapper(counter):
            for paste in pastes:
                for item in readers.read_paste(paste):
                    counts.append(0)
                    outcome = next(iter(services.articles_import(items=[item])))
                    if outcome.status != "imported":
                        sys.exit(f"unexpected outcome: {outcome}")
                    n += 1
        elapsed = time.perf_counter() - t0
        rates.append(n / elapsed)
        print(f"run {run + 1}: {n} articles in {elapsed:.2f} s = {n / elapsed:.0f} articles/s")
    med = statistics.median(rates)
    claims = Article.objects.with_progress().values_list("claim_count", flat=True)
    print(
        f"ingest median {med:.0f} articles/s (min {min(rates):.0f}, max {max(rates):.0f}) "
        f"budget {BUDGET:.0f}/s -> {med / BUDGET:.2f}x; {statistics.mean(claims):.0f} claims/article"
    )
    print(f"queries per article: min {min(counts)}, max {max(counts)} (over {len(counts)} articles)")


if __name__ == "__main__":
    main()
