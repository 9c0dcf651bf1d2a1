#!/usr/bin/env python
"""Claim matching: quality (MAP@5 on CLEF CheckThat! 2020 task 2) and speed (1,000,000 targets).

    .venv/bin/python bench/matching.py quality [--split dev train]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_match .venv/bin/python bench/matching.py speed [--targets 1000000] [--queries 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_match_ingest .venv/bin/python bench/matching.py ingest [--articles 2000] [--runs 3]

quality: a scratch database (a temporary SQLite file unless DATABASE_URL is set; it is emptied)
gets the 10,375 verified claims as FactChecks (claim_reviewed = vclaim, headline = title, url =
a synthetic URL per vclaim_id), indexed by ``matching.index_targets``; the tweets of each split
go through ``manage.py match_claims QUERIES.tsv --top 5 --against factchecks`` (the real code
path) and the printed TSV is scored: MAP@5 (the official metric), and the precision of the top
tier ("likely") and of "related" at the default thresholds (pairs in the tier that the qrels
confirm), with how many tweets got a "likely" suggestion.

speed: the scratch PostgreSQL database gets --targets synthetic fact-checks (new sentences
recombined from halves of the verified claims and of the demo articles, so the vocabulary and
the term frequencies look real) plus the 10,375 verified claims, written with COPY and indexed
by the matcher's own functions (terms, int8 embeddings, term frequencies); then times
``match_text`` for --queries dev and train tweets (p50/p95/max, ms) and the MAP@5 on dev at that
scale (candidates are capped, so this is where recall could suffer).

ingest: the added time of matching every claim of a --articles import: bench/ingest.py's
articles imported (timed), then ``claims_match`` over their claims (timed, as the background job
runs it, the in-memory snapshot's load included) against an index of 10,375 fact-checks; prints
both, per claim, and the ratio, --runs times (a new import each time), then the median ratio.
bench/ingest.py's copies of the demo paste repeat most sentences (one word changed per line):
the job ranks each distinct text once, so the distinct texts are printed too.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
DATA = Path(os.environ.get("CLAIM_MATCHING_DATA", ROOT.parent / "shared/data/claim-matching"))


def read_tsv(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[1:]


def qrels(split: str) -> dict[str, set[str]]:
    rel: dict[str, set[str]] = {}
    for line in (DATA / f"{split}_qrels.tsv").read_text().splitlines():
        if line.strip():
            tweet, _, vclaim, _ = line.split("\t")
            rel.setdefault(tweet, set()).add(vclaim)
    return rel


def vclaim_url(vclaim_id: str) -> str:
    return f"https://verified.example/claim/{vclaim_id}"


def average_precision_at_5(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, ref in enumerate(ranked[:5], start=1):
        if ref in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), 5) if relevant else 0.0


def setup(url: str | None) -> None:
    if url is None:
        url = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="bench_match_"), "db.sqlite3")
    os.environ["DATABASE_URL"] = url
    if url.startswith("postgres"):
        ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    conninfo = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
                "password": cfg["PASSWORD"] or None, "dbname": "postgres"}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def empty_index() -> None:
    from articles.match_models import MatchDoc, MatchStats, MatchTerm
    from articles.models import ClaimMatch, FactCheck

    ClaimMatch.objects.all().delete()
    MatchDoc.objects.all().delete()
    MatchTerm.objects.all().delete()
    FactCheck.objects.all().delete()
    MatchStats.objects.update_or_create(pk=1, defaults={"docs": 0, "total_length": 0})


def load_verified_claims() -> dict[int, str]:
    """The verified claims as FactChecks, indexed; returns {factcheck id: vclaim_id}."""
    from articles import matching
    from articles.models import FactCheck

    rows = read_tsv("verified_claims.tsv")
    made = FactCheck.objects.bulk_create(
        [
            FactCheck(claim_reviewed=r[1], headline=r[2][:500], url=vclaim_url(r[0]), publisher_name="Snopes")
            for r in rows
        ],
        batch_size=1000,
    )
    t0 = time.perf_counter()
    matching.index_targets(factcheck_ids=[f.pk for f in made])
    print(f"indexed {len(made)} fact-checks in {time.perf_counter() - t0:.1f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":  # what autovacuum would do after a big import
        with connection.cursor() as cur:
            cur.execute("ANALYZE articles_matchdoc")
            cur.execute("ANALYZE articles_matchterm")
    return {f.pk: r[0] for f, r in zip(made, rows, strict=True)}


def run_command(split: str, top: int = 5) -> dict[str, list[tuple[str, str, float]]]:
    """match_claims over the split's tweets: {tweet id: [(vclaim_id, tier, score), ...]}."""
    from django.core.management import call_command

    tweets = read_tsv(f"{split}_tweets.tsv")
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "text"])
        w.writerows(tweets)
    out = io.StringIO()
    t0 = time.perf_counter()
    call_command("match_claims", f.name, top=top, against="factchecks", stdout=out)
    elapsed = time.perf_counter() - t0
    os.unlink(f.name)
    lines = out.getvalue().splitlines()
    assert lines[0] == "query_id\trank\tkind\tref\tscore\ttier", lines[0]
    results: dict[str, list] = {t[0]: [] for t in tweets}
    for line in lines[1:]:
        qid, _rank, kind, ref, score, tier = line.split("\t")
        assert kind == "factcheck"
        results[qid].append((ref.rsplit("/", 1)[1], tier, float(score)))
    print(f"{split}: {len(tweets)} tweets matched by the command in {elapsed:.1f} s "
          f"({1000 * elapsed / len(tweets):.1f} ms each)", flush=True)  # fmt: skip
    return results


def score(split: str, results) -> None:
    rel = qrels(split)
    aps = [average_precision_at_5([r[0] for r in results.get(t, [])], rel[t]) for t in rel]
    line = f"{split}: MAP@5 {statistics.mean(aps):.3f} over {len(aps)} tweets"
    for tier in ("likely", "related"):
        pairs = [(t, r[0]) for t in rel for r in results.get(t, []) if r[1] == tier]
        right = sum(1 for t, v in pairs if v in rel[t])
        tweets = len({t for t, _ in pairs})
        prec = right / len(pairs) if pairs else float("nan")
        line += f"; {tier}: precision {prec:.3f} ({right}/{len(pairs)} pairs, {tweets} tweets)"
    first = sum(1 for t in rel if results.get(t) and results[t][0][1] == "likely")
    first_right = sum(
        1 for t in rel if results.get(t) and results[t][0][1] == "likely" and results[t][0][0] in rel[t]
    )
    line += f"; top-1 likely: {first_right}/{first} right"
    print(line, flush=True)


def quality(args) -> None:
    setup(os.environ.get("DATABASE_URL"))
    from django.db import connection

    empty_index()
    load_verified_claims()
    print(f"database: {connection.vendor}", flush=True)
    for split in args.split:
        score(split, run_command(split))


# ----------------------------------------------------------------------------- speed
def sentences(kind: str = "debates") -> list[str]:
    """The pool synthetic fact-checks are recombined from. "debates": the 23,533 sentences of the
    CheckThat! 2024 check-worthiness train and dev sets (U.S. presidential debates) and the demo
    articles' sentences: real claim-like text with its own vocabulary. "verified": the verified
    claims and their headlines themselves, so that every real target has ~50 synthetic
    near-copies of its halves (adversarial: far harder than a real archive)."""
    if kind == "verified":
        rows = read_tsv("verified_claims.tsv")
        out = [r[1] for r in rows] + [r[2] for r in rows]
    else:
        out = []
        for name in ("CT24_checkworthy_english_train.tsv", "CT24_checkworthy_english_dev.tsv"):
            with (DATA.parent / "checkworthiness" / name).open(encoding="utf-8", newline="") as f:
                out += [
                    r[1]
                    for r in list(csv.reader(f, delimiter="\t"))[1:]
                    if len(r) > 1 and len(r[1].split()) > 5
                ]
    demo = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    out += [s.strip() for s in demo.replace("\n", " ").split(". ") if len(s.split()) > 5]
    return out


def synthetic(n: int, seed: int = 7, kind: str = "debates") -> list[tuple[str, str]]:
    """``n`` (claim, headline) pairs, each claim the first half of one real sentence and the
    second half of another (a number changed now and then)."""
    pool = [s.split() for s in sentences(kind)]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.choice(pool), rng.choice(pool)
        words = a[: max(2, len(a) // 2)] + b[len(b) // 2 :]
        if rng.random() < 0.3:
            words.append(str(rng.randint(2, 5000)))
        claim = " ".join(words)
        head = " ".join(rng.choice(pool)[:8])
        out.append((claim, head))
    return out


def build(n: int, kind: str = "debates") -> None:
    """--targets synthetic fact-checks + the verified claims, written with COPY and indexed
    (terms, embeddings, frequencies) in bulk by the matcher's own text functions."""
    from django.db import connection

    from articles.match_models import MatchStats
    from articles.text import match as tm

    rows = read_tsv("verified_claims.tsv")
    pairs = [(r[1], r[2][:500], vclaim_url(r[0])) for r in rows]
    pairs += [
        (c, h, f"https://synthetic.example/fc/{i}")
        for i, (c, h) in enumerate(synthetic(n - len(rows), kind=kind))
    ]
    t0 = time.perf_counter()
    df: dict[str, int] = {}
    total_len = 0
    batch = 20_000
    with connection.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS matchdoc_terms_gin")
        for start in range(0, len(pairs), batch):
            part = pairs[start : start + batch]
            with cur.copy("COPY articles_factcheck (claim_reviewed, headline, url, rating_text, rating_value, "
                          "rating_best, rating_worst, publisher_name, publisher_site, claimant, appearance_url, "
                          "language, origin, import_batch, created_at, updated_at) FROM STDIN") as copy:  # fmt: skip
                for c, h, u in part:
                    copy.write_row(
                        (
                            c,
                            h,
                            u,
                            "False",
                            None,
                            None,
                            None,
                            "Bench",
                            "",
                            "",
                            "",
                            "en",
                            "import",
                            "bench",
                            "now",
                            "now",
                        )
                    )
            cur.execute(
                "SELECT id, claim_reviewed, headline FROM articles_factcheck WHERE url = ANY(%s) ORDER BY id",
                [[p[2] for p in part]],
            )
            fcs = cur.fetchall()
            vecs = tm.quantize(tm.embed([f[1] for f in fcs], batch_size=512))
            with cur.copy(
                "COPY articles_matchdoc (kind, factcheck_id, terms, length, words, embedding) FROM STDIN"
            ) as copy:
                for (fid, c, h), v in zip(fcs, vecs, strict=True):
                    terms = [t[:64] for t in tm.terms(f"{c}\n{h}")]
                    for t in set(terms):
                        df[t] = df.get(t, 0) + 1
                    total_len += len(terms)
                    copy.write_row(
                        (
                            "factcheck",
                            fid,
                            " ".join(terms),
                            len(terms),
                            min(tm.content_word_count(c), 32767),
                            v,
                        )
                    )
            done = start + len(part)
            if done % 100_000 < batch:
                print(f"  {done} targets written, {time.perf_counter() - t0:.0f} s", flush=True)
        with cur.copy("COPY articles_matchterm (term, df) FROM STDIN") as copy:
            for t, d in df.items():
                copy.write_row((t, d))
        t1 = time.perf_counter()
        cur.execute(
            "CREATE INDEX matchdoc_terms_gin ON articles_matchdoc USING gin ((string_to_array(terms, ' ')))"
        )
        print(f"  GIN index built in {time.perf_counter() - t1:.0f} s", flush=True)
        cur.execute("ANALYZE articles_matchdoc")
        cur.execute("ANALYZE articles_matchterm")
        cur.execute("ANALYZE articles_factcheck")
    MatchStats.objects.update_or_create(pk=1, defaults={"docs": len(pairs), "total_length": total_len})
    print(f"built {len(pairs)} targets in {time.perf_counter() - t0:.0f} s", flush=True)


def speed(args) -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench_match")
    if not url.startswith("postgres"):
        sys.exit("speed is measured on PostgreSQL: set DATABASE_URL=postgres://...")
    setup(url)
    from django.db import connection

    from articles import matching
    from articles.match_models import MatchDoc

    have = MatchDoc.objects.count()
    if have < args.targets or args.rebuild:
        with connection.cursor() as cur:
            cur.execute(
                "TRUNCATE articles_claimmatch, articles_matchdoc, articles_matchterm, articles_factcheck CASCADE"
            )
        build(args.targets, args.distractors)
    print(
        f"{MatchDoc.objects.count()} targets; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    tweets = [t[1] for t in read_tsv("dev_tweets.tsv")] + [t[1] for t in read_tsv("train_tweets.tsv")]
    random.Random(3).shuffle(tweets)
    matching.match_text("warm up the model and the connection", top=5)
    times = []
    for text in tweets[: args.queries]:
        t0 = time.perf_counter()
        matching.match_text(text, top=5)
        times.append(1000 * (time.perf_counter() - t0))
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"match_text at {max(have, args.targets)} targets, {len(times)} queries: "
          f"p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {times[-1]:.1f} ms (budget p95 50 ms); "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)  # fmt: skip
    if args.map:
        score("dev", run_command("dev"))


# ----------------------------------------------------------------------------- ingest
def ingest(args) -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench_match_ingest")
    setup(url)
    from django.db import connection

    from articles import match_memory, matching, services
    from articles.models import Claim
    from articles.policy import SYSTEM
    from articles.text import readers
    from bench.ingest import variants

    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE articles_claimmatch, articles_matchdoc, articles_matchterm, articles_factcheck CASCADE"
        )
    empty_index()
    load_verified_claims()
    matching.match_text("warm up", top=5)
    ratios = []
    for run in range(args.runs):
        pastes = variants(args.articles // 2, seed=(int(time.time()) + run) % 100_000)
        items = [item for paste in pastes for item in readers.read_paste(paste)]
        t0, c0 = time.perf_counter(), time.process_time()
        outcomes = list(services.articles_import(items=iter(items), created_by=SYSTEM))
        t_ingest, c_ingest = time.perf_counter() - t0, time.process_time() - c0
        article_ids = [o.article.pk for o in outcomes if o.status == "imported"]
        claims = list(Claim.objects.filter(article_id__in=article_ids).values_list("pk", "text"))
        claim_ids = [pk for pk, _ in claims]
        # as the job runs it, in a worker that has not loaded the index yet (counted in)
        match_memory.forget()
        t0 = time.perf_counter()
        match_memory.current(claims=len(claim_ids))
        t_load = time.perf_counter() - t0
        match_memory.forget()
        t0, c0 = time.perf_counter(), time.process_time()
        stored = matching.claims_match(claim_ids)
        t_match, c_match = time.perf_counter() - t0, time.process_time() - c0
        n = len(claim_ids)
        ratios.append(t_match / t_ingest)
        print(f"run {run + 1}: ingest of {len(article_ids)} articles ({n} claims, {len({t for _, t in claims})} distinct "
              f"texts): {t_ingest:.2f} s, {1000 * t_ingest / n:.3f} ms per claim; matching every claim (claims_match, "
              f"as the job does): {t_match:.2f} s, {1000 * t_match / n:.3f} ms per claim (the snapshot's load "
              f"{t_load:.2f} s of it), {stored} suggestions; added {100 * t_match / t_ingest:.0f}% (budget 20%); "
              f"this process's CPU: ingest {c_ingest:.2f} s, matching {c_match:.2f} s (the snapshot's load included); "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)  # fmt: skip
    ratios.sort()
    print(f"added by matching over {len(ratios)} runs: median {100 * statistics.median(ratios):.0f}%, "
          f"min {100 * ratios[0]:.0f}%, max {100 * ratios[-1]:.0f}% (budget 20%)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--split", nargs="+", default=["dev", "train"])
    s = sub.add_parser("speed")
    s.add_argument("--targets", type=int, default=1_000_000)
    s.add_argument("--queries", type=int, default=300)
    s.add_argument("--rebuild", action="store_true")
    s.add_argument(
        "--distractors", choices=("debates", "verified"), default="debates", help="see sentences()"
    )
    s.add_argument("--map", action="store_true", help="also MAP@5 on dev at that scale")
    i = sub.add_parser("ingest")
    i.add_argument("--articles", type=int, default=2000)
    i.add_argument("--runs", type=int, default=1, help="imports, each matched after it (the index kept)")
    args = parser.parse_args()
    {"quality": quality, "speed": speed, "ingest": ingest}[args.what](args)


if __name__ == "__main__":
    main()
