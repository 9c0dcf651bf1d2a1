"""python manage.py import_articles PATH... — import article files or folders."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import policy, services
from articles.jobs import outcome_line
from articles.text import readers


class Command(BaseCommand):
    help = (
        "Import articles from files or folders (.txt, news-site paste .txt, .md, .html, .json, .jsonl, .csv). "
        "Prints one line per article and exits non-zero when any failed. In folders, links are followed "
        "only to files inside the folder; others are skipped with a line saying so."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
        parser.add_argument("--encoding", help="decode text with this encoding instead of UTF-8 (e.g. cp1252)")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.FACTCHECK_MAX_ARTICLE_BYTES,
            help="largest article accepted, in bytes of UTF-8 text (default %(default)s)",
        )
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="worker processes that split, score and insert in parallel (PostgreSQL; default 1)",
        )

    def handle(self, *args, paths, encoding, max_bytes, user, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1")
        if encoding:
            import codecs

            try:
                codecs.lookup(encoding)
            except LookupError:
                raise CommandError(f"unknown encoding '{encoding}'") from None
        created_by = policy.SYSTEM  # the command line, unless --user names who imports
        if user:
            created_by = get_user_model().objects.filter(username=user).first()
            if created_by is None:
                raise CommandError(f"no user named '{user}'")
            if not policy.can_import(created_by):
                raise CommandError(f"{user} may not import articles (not an editor)")
        counts = {"imported": 0, "present": 0, "failed": 0, "skipped": 0}

        def announced(items):
            """The items to import; links that leave a folder are reported here, not imported."""
            for item in items:
                if item.skipped:
                    counts["skipped"] += 1
                    self.stderr.write(f"skipped   {item.where}: {item.error}")
                else:
                    yield item

        items = announced(readers.read_paths(paths, max_article_bytes=max_bytes, encoding=encoding))
        if jobs > 1:
            from articles.parallel import import_parallel

            outcomes = import_parallel(
                items=items, jobs=jobs, user_id=created_by.pk, max_bytes=max_bytes
            )
        else:
            outcomes = services.articles_import(items=items, created_by=created_by, max_bytes=max_bytes)
        for outcome in outcomes:
            counts[outcome.status] += 1
            if outcome.status in ("imported", "present"):
                # the wording background import jobs use too (articles.jobs.outcome_line)
                self.stdout.write(
                    outcome_line(
                        status=outcome.status, where=outcome.where, title=outcome.title,
                        article_id=outcome.article.pk, claims=outcome.claims,
                    )
                )
            else:
                message = outcome.message
                # the reader says "line 7: ..." or "record 3: ..."; the location already does
                said = re.match(r"(line|record) (\d+): ", message)
                if said and outcome.where.endswith((f":{said[2]}", f"(record {said[2]})")):
                    message = message[said.end() :]
                self.stderr.write(outcome_line(status="failed", where=outcome.where, message=message))
        summary = f"{counts['imported']} imported, {counts['present']} already present, {counts['failed']} failed"
        if counts["skipped"]:
            summary += f", {counts['skipped']} link{'s' if counts['skipped'] > 1 else ''} skipped"
        if counts["failed"]:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
