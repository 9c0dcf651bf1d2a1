"""``python manage.py score_claims FILE.tsv [--language CODE]``: the check-worthiness of every text
of a TSV (header ``id<TAB>text``; ``-`` reads standard input), printed as a TSV with the header
``id<TAB>language<TAB>score<TAB>checkworthy<TAB>cues``: the language the text was scored as (the
one given, else the one detected in that row, ``und`` when detection abstains), the score 0..1,
``checkworthy`` 1 or 0 at the shipped threshold of that language's model, and the cues
comma-separated. Nothing is stored. Bad input stops with a message naming the file and the line
(exit status 1), before anything is printed."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.text import checkworthiness
from articles.text.language import is_valid_code

MAX_TEXT = 100_000  # characters of one text


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def read_rows(name: str, handle) -> list[tuple[str, str]]:
    """(id, text) of every data row; CommandError naming ``name`` and the line on bad input."""
    try:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None:
            raise CommandError(f"{name}: line 1: the file is empty; the header must be id<TAB>text")
        if [h.strip().lower() for h in header] != ["id", "text"]:
            raise CommandError(
                f"{name}: line 1: the header must be id<TAB>text, not {'<TAB>'.join(header)!r}"
            )
        rows = []
        for row in reader:
            line = reader.line_num
            if not row or not "".join(row).strip():
                continue
            if len(row) != 2:
                raise CommandError(f"{name}: line {line}: expected 2 columns (id<TAB>text), found {len(row)}")
            if not row[0].strip():
                raise CommandError(f"{name}: line {line}: the id is empty")
            if len(row[1]) > MAX_TEXT:
                raise CommandError(f"{name}: line {line}: the text is longer than {MAX_TEXT:,} characters")
            rows.append((row[0].strip(), row[1]))
        return rows
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise CommandError(f"{name}: line {reader.line_num}: {exc}") from exc


class Command(BaseCommand):
    help = "Score the texts of a TSV (id<TAB>text) for check-worthiness, in their language."

    def add_arguments(self, parser):
        parser.add_argument("file", help="TSV with a header id<TAB>text ('-': standard input)")
        parser.add_argument(
            "--language",
            default=None,
            help="ISO 639 code (en, es, ar, de, ...) for every row; detected per row when not given",
        )

    def handle(self, *args, file: str, language: str | None = None, **options):
        if language is not None:
            language = language.strip().lower()
            if not is_valid_code(language):
                raise CommandError(
                    f"--language: {language!r} is not a language code (two or three letters, e.g. es)"
                )
        if file == "-":
            rows = read_rows("<stdin>", sys.stdin)
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file}: no such file")
            try:
                with path.open(encoding="utf-8", newline="") as handle:
                    rows = read_rows(file, handle)
            except OSError as exc:
                raise CommandError(f"{file}: cannot read it ({exc.strerror})") from exc
        if language and not checkworthiness.supported(language):
            self.stderr.write(
                f"note: {language} has no model of its own; scored by the multi model (cues and length) "
                f"at its threshold {checkworthiness.threshold(language)}"
            )
        out = csv.writer(self.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        out.writerow(["id", "language", "score", "checkworthy", "cues"])
        for row_id, text in rows:
            s = checkworthiness.score_text(text, language)
            out.writerow([_clean(row_id), s.language, f"{s.value:.4f}", int(s.checkworthy), ",".join(s.cues)])
