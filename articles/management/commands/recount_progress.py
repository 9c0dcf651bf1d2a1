"""python manage.py recount_progress [--check] — the articles' stored claim counts, checked and repaired.

The services keep ``Article.claim_count`` and ``<status>_count`` in the same transaction as every
change of a claim; this command finds articles whose stored counts differ from their claims
(after rows were written outside the services: a restore, hand-written SQL, a bulk load) and
recounts them. ``--check`` only reports, and exits with status 1 when any article is off.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q

from articles import services
from articles.models import Article, Claim

STATUSES = tuple(Claim.Status.values)


def stale_articles() -> list[int]:
    """Ids of the articles whose stored counts differ from a count of their claims."""
    counted = {
        row["article_id"]: row
        for row in Claim.objects.order_by()
        .values("article_id")
        .annotate(n=Count("id"), **{f"n_{s}": Count("id", filter=Q(status=s)) for s in STATUSES})
    }
    fields = ["pk", *Article.COUNT_FIELDS]
    stale = []
    for row in Article.objects.order_by().values(*fields).iterator(chunk_size=5000):
        c = counted.get(row["pk"], {})
        want = [c.get("n", 0), *(c.get(f"n_{s}", 0) for s in STATUSES)]
        have = [row["claim_count"], *(row[f"{s}_count"] for s in STATUSES)]
        if want != have:
            stale.append(row["pk"])
    return stale


class Command(BaseCommand):
    help = (
        "Check the articles' stored claim counts (per status) against their claims and recount the ones "
        "that differ. With --check, only report them (exit status 1 when any differ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="report stale counts, change nothing")
        parser.add_argument("--all", action="store_true", help="recount every article, stale or not")

    def handle(self, *args, check: bool, all: bool, **options):
        if check and all:
            raise CommandError("--check and --all do not go together: --check changes nothing")
        if all:
            with transaction.atomic():
                services.refresh_progress(None)
            self.stdout.write(f"recounted {Article.objects.count()} articles")
            return
        stale = stale_articles()
        if check:
            for pk in stale[:50]:
                self.stdout.write(f"article {pk}: stored counts differ from its claims")
            if len(stale) > 50:
                self.stdout.write(f"... and {len(stale) - 50} more")
            self.stdout.write(f"{len(stale)} article(s) with stale counts")
            if stale:
                raise CommandError("stale counts found; run recount_progress without --check to repair", returncode=1)
            return
        for i in range(0, len(stale), 1000):
            with transaction.atomic():
                services.refresh_progress(stale[i : i + 1000])
        self.stdout.write(f"recounted {len(stale)} article(s) with stale counts")
