"""python manage.py export_verdicts [--output FILE] [filters] — verdicts as CSV or ClaimReview."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.http import QueryDict

from articles import exports
from articles.forms import ExportForm

# ExportForm field -> the option that fills it (for error messages)
OPTIONS = {
    "article": "--article",
    "q": "--search",
    "publisher": "--publisher",
    "date_from": "--published-from",
    "date_to": "--published-to",
    "verdict_from": "--verdict-from",
    "verdict_to": "--verdict-to",
    "rating": "--rating",
    "claim_status": "--status",
    "reviewer": "--reviewer",
}


def _many(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: --rating false --rating mostly-false,misleading."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class Command(BaseCommand):
    help = (
        "Export verdicts: CSV (one row per verdict; a claim without a verdict is one row with empty verdict "
        "columns) or, with --format claimreview, schema.org ClaimReview JSON-LD of approved claims. "
        "Writes to stdout unless --output is given; a file is written whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout ('-' is stdout)")
        parser.add_argument("--format", choices=["csv", "claimreview"], default="csv", help="default: csv")
        parser.add_argument("--excel", action="store_true", help="CSV: start with a UTF-8 byte-order mark (for Excel)")
        parser.add_argument("--article", action="append", metavar="ID", help="article id (repeat, or a comma list)")
        parser.add_argument("--search", metavar="WORDS", help="articles whose title or text match, as in the article list")
        parser.add_argument("--publisher", help="articles of this publisher (case-insensitive)")
        parser.add_argument("--published-from", metavar="YYYY-MM-DD", help="articles published on or after")
        parser.add_argument("--published-to", metavar="YYYY-MM-DD", help="articles published on or before")
        parser.add_argument("--verdict-from", metavar="YYYY-MM-DD", help="verdicts first saved on or after (TIME_ZONE days)")
        parser.add_argument("--verdict-to", metavar="YYYY-MM-DD", help="verdicts first saved on or before")
        parser.add_argument("--rating", action="append", metavar="SLUG", help="verdicts with this rating (repeat, or a comma list)")
        parser.add_argument(
            "--status", action="append", metavar="STATUS",
            help="claims in this status: unreviewed, in_review, disputed, reviewed, approved, dismissed (repeat, or a comma list)",
        )  # fmt: skip
        parser.add_argument("--reviewer", action="append", metavar="USERNAME", help="verdicts by this reviewer (repeat, or a comma list)")
        parser.add_argument("--approved-only", action="store_true", help="only approved verdicts: the published outcome")

    def handle(self, *args, **options):
        """A database failure, before or during the export, ends the command with one line
        (CommandError: exit status 1): no traceback, no output file; on stdout the CSV ends with
        the export's ERROR line (``exports.INTERRUPTED_MARK``)."""
        if options["excel"] and options["format"] != "csv":
            raise CommandError("--excel applies to CSV only (--format csv)")
        target = None if options["output"] in (None, "-") else self._target(Path(options["output"]))
        try:
            filters, excel = self._filters(options)
            if options["format"] == "claimreview":
                chunks = exports.claimreview_chunks(filters)
            else:
                chunks = exports.csv_chunks(filters, excel=excel)
            if target is None:
                self._to_stdout(chunks)
            else:
                self._to_file(target, chunks)
        except exports.ExportInterrupted as err:
            where = f"nothing was written to {target}" if target else "the output is incomplete"
            raise CommandError(f"{err}; {where}") from None
        except DatabaseError as err:
            raise CommandError(f"nothing was exported: {exports.failure(err)}") from None

    @staticmethod
    def _target(path: Path) -> Path:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise CommandError(f"--output: folder {folder} does not exist")
        if path.is_dir():
            raise CommandError(f"--output: {path} is a folder; name a file")
        return path

    def _filters(self, options) -> tuple[exports.Filters, bool]:
        data = QueryDict(mutable=True)
        for field, option in OPTIONS.items():
            value = options[option[2:].replace("-", "_")]
            if isinstance(value, list):
                data.setlist(field, _many(value))
            elif value:
                data[field] = value
        if options["approved_only"]:
            data["approved_only"] = "on"
        form = ExportForm(data)
        if not form.is_valid():
            raise CommandError(form.errors_text(OPTIONS))
        return form.filters(), options["excel"]

    def _to_stdout(self, chunks) -> None:
        out = self.stdout._out if hasattr(self.stdout, "_out") else self.stdout
        try:
            if out is sys.stdout:  # bytes straight out: UTF-8 whatever the terminal's locale, CRLF kept
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk.encode())
                sys.stdout.buffer.flush()
            else:
                for chunk in chunks:
                    out.write(chunk)
        except BrokenPipeError:  # the reader stopped early (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        finally:
            chunks.close()

    def _to_file(self, path: Path, chunks) -> None:
        """Into a temporary file beside the target, renamed over it once complete: a failed
        or interrupted export never leaves a half-written file behind."""
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in chunks:
                    f.write(chunk.encode())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # as a plain open() would have made it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        finally:
            chunks.close()
