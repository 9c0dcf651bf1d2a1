"""python manage.py import_factchecks PATH... — import published fact-checks (ClaimReview JSON-LD,
fact-check data feeds, Google Fact Check Tools responses, CSV) from files or folders."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import factchecks, policy
from articles.text import factcheck_readers as readers


class Command(BaseCommand):
    help = (
        "Import published fact-checks from files or folders: ClaimReview JSON-LD (.json/.jsonld: one object, an "
        "array, a DataFeed, Google's claims:search response; .jsonl; a saved web page .html), or CSV with the "
        "columns claim_reviewed and url (rating, title, publisher, date_published, claimant, appearance_url, "
        "language optional). Idempotent by URL. One line per record; exits non-zero when any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
        parser.add_argument("--batch", help="the import batch recorded on each fact-check (default: the file's name)")
        parser.add_argument("--user", help="username recorded as the importer (must be an editor)")

    def handle(self, *args, paths, batch, user, **options):
        actor = policy.SYSTEM
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"no user named '{user}'")
            if not policy.may_import_factchecks(actor):
                raise CommandError(f"{user} may not import fact-checks (not an editor)")
        counts = {"imported": 0, "updated": 0, "present": 0, "failed": 0}
        for path, reads in _by_file(paths):
            name = batch or os.path.basename(path.rstrip("/")) or path
            for outcome in factchecks.factchecks_import(records=reads, batch=name, actor=actor):
                counts[outcome.status] += 1
                line = factchecks.outcome_line(outcome)
                if outcome.status == "failed":
                    self.stderr.write(line)
                else:
                    self.stdout.write(line)
        summary = factchecks.summary(counts)
        if counts["failed"]:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)


def _by_file(paths):
    """(path, its reads) per file, so that each file is its own import batch."""
    for p in paths:
        path = os.fsdecode(p)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in readers.SUFFIXES:
                        full = os.path.join(root, name)
                        yield full, readers.read_file(full)
        else:
            yield path, readers.read_paths([path])
