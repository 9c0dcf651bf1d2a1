"""``python manage.py match_claims QUERIES.tsv [--top K] [--against factchecks|claims|all]``: the
most similar fact-checks and claims for every query of a TSV (header ``id<TAB>text``), printed as
a TSV (header ``query_id<TAB>rank<TAB>kind<TAB>ref<TAB>score<TAB>tier``; ref is the fact-check's
URL or the claim's id; tier "likely", "related" or "none"). Also ``--reindex`` (rebuild the
matcher's index from every fact-check and every claim with a verdict) and ``--claims ID...``
(match stored claims and store their suggestions, as the background job does)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import matching


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


class Command(BaseCommand):
    help = "Match the texts of a TSV (id<TAB>text) against published fact-checks and claims with a verdict."

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="?", help="TSV with a header id<TAB>text ('-': standard input)")
        parser.add_argument("--top", type=int, default=None, help="results per query (default: the admin's top_k)")
        parser.add_argument("--against", choices=matching.AGAINST, default="all")
        parser.add_argument("--reindex", action="store_true", help="rebuild the index first")
        parser.add_argument("--claims", nargs="+", type=int, metavar="ID", help="match these claims and store the suggestions")

    def handle(self, *args, queries=None, top=None, against="all", reindex=False, claims=None, **options):
        if top is not None and top < 1:
            raise CommandError("--top must be at least 1")
        if reindex:
            n = matching.reindex()
            self.stderr.write(f"indexed {n} targets")
        if claims:
            n = matching.claims_match(claims)
            self.stderr.write(f"{n} suggestions stored for {len(claims)} claims")
        if not queries:
            if not reindex and not claims:
                raise CommandError("give a TSV of queries (id<TAB>text), --reindex or --claims")
            return
        if queries == "-":
            handle = sys.stdin
        else:
            path = Path(queries)
            if not path.is_file():
                raise CommandError(f"{queries}: no such file")
            handle = path.open(encoding="utf-8", newline="")
        out = csv.writer(self.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        with handle:
            reader = csv.reader(handle, delimiter="\t")
            header = next(reader, None)
            if header is None or [h.strip().lower() for h in header[:2]] != ["id", "text"]:
                raise CommandError(f"{queries}: line 1: the header must be id<TAB>text, not {header!r}")
            out.writerow(["query_id", "rank", "kind", "ref", "score", "tier"])
            for line, row in enumerate(reader, start=2):
                if not row or not "".join(row).strip():
                    continue
                if len(row) < 2:
                    raise CommandError(f"{queries}: line {line}: expected id<TAB>text")
                for rank, s in enumerate(matching.match_text(row[1], against=against, top=top), start=1):
                    out.writerow([_clean(row[0]), rank, s.kind, _clean(s.ref), f"{s.score:.4f}", s.tier or "none"])
