#!/usr/bin/env python
"""Throughput of the text pipeline on one core: segmentation alone, and segmentation + scoring.

    .venv/bin/python bench/segment.py [--mb 8] [--runs 5]

Corpus: the demo articles' reading text (parsed from articles/demo/news_articles.txt), with
numbers and names varied per copy so nothing is cached, concatenated to --mb megabytes.
Prints the median and the range of MB/s over --runs runs, and the ratio to the budget.
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

from articles.text import checkworthiness, speaker
from articles.text.parse import parse_txt
from articles.text.segment import segment

BUDGET_SEGMENT = 20.0
BUDGET_PIPELINE = 5.0


def corpus(megabytes: float) -> str:
    texts = [a.text for a in parse_txt((ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8"))]
    rng = random.Random(7)
    names = ["Zelensky", "Lavrov", "Voroncov", "Trump", "Putin", "Macron", "Scholz", "Meloni"]
    out, size = [], 0
    while size < megabytes * 1_000_000:
        t = rng.choice(texts)
        t = t.replace("30", str(rng.randint(2, 99))).replace("Zelensky", rng.choice(names))
        out.append(t)
        size += len(t.encode("utf-8"))
    return "\n\n".join(out)


def seg_only(text: str) -> None:
    segment(text)


def seg_and_score(text: str) -> None:
    spans = segment(text)
    sentences = [text[s:e] for s, e in spans]
    score = checkworthiness.score
    for s in sentences:
        score(s)
    speaker.attribute_speakers(sentences)


def measure(fn, text: str, runs: int) -> list[float]:
    mb = len(text.encode("utf-8")) / 1_000_000
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(text)
        rates.append(mb / (time.perf_counter() - t0))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    text = corpus(args.mb)
    print(f"corpus: {len(text.encode('utf-8')) / 1e6:.1f} MB, {len(segment(text))} sentences; {args.runs} runs, one core")
    for label, fn, budget in (
        ("segment", seg_only, BUDGET_SEGMENT),
        ("segment + score + speaker", seg_and_score, BUDGET_PIPELINE),
    ):
        rates = measure(fn, text, args.runs)
        med = statistics.median(rates)
        print(
            f"{label:<27} median {med:6.1f} MB/s  (min {min(rates):.1f}, max {max(rates):.1f})"
            f"  budget {budget:.0f} MB/s -> {med / budget:.2f}x"
        )


if __name__ == "__main__":
    main()
