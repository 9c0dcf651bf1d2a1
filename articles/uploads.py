"""Big uploads: a file imported by a background job (README: background jobs).

An upload over FACTCHECK_JOB_UPLOAD_BYTES (up to FACTCHECK_MAX_UPLOAD_BYTES) is not imported in
the request: :func:`upload_import_start` stores it under FACTCHECK_JOB_FILES_DIR/<random>/<name>
and creates an ``import_file`` job; a worker runs :func:`import_file`, which streams the stored
file (``readers.read_file``: JSON Lines, JSON arrays and CSV are read record by record, so the
memory used does not grow with the file) and records one outcome line per article, in the
wording of ``manage.py import_articles``.

Idempotent: the articles of a chunk and their outcome rows are written in one transaction, so a
worker killed half-way leaves either both or neither; the job, taken up again, skips the items
already recorded (items are numbered in reading order, which is the same every time) and goes
on after them. Re-importing an article is a no-op anyway (its content hash).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection, transaction
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from . import jobs, policy, services
from .models import Job
from .text import readers

CHUNK = 32  # articles stored (and recorded) per transaction; services' PostgreSQL batch size
# SQLite has one writer at a time, and a process waiting for the lock retries only every ~100 ms
# (SQLite's busy handler): a worker that commits chunk after chunk would keep every other writer
# (a reviewer saving a verdict, an editor cancelling this job) waiting until the job ends. After
# each chunk it pauses this long, so that a waiting writer gets its turn.
SQLITE_PAUSE = 0.12
_COPY_CHUNK = 1024 * 1024


# ----------------------------------------------------------------------------- the service


def job_folder() -> Path:
    """A new private folder (mode 0700) under FACTCHECK_JOB_FILES_DIR for one job's file."""
    root = Path(settings.FACTCHECK_JOB_FILES_DIR)
    root.mkdir(parents=True, exist_ok=True)
    folder = root / secrets.token_hex(16)
    folder.mkdir(mode=0o700)
    return folder


def upload_import_start(
    *, upload: Any, created_by: Any, overrides: dict | None = None, encoding: str | None = None
) -> Job:
    """Store ``upload`` (a Django ``UploadedFile``, or any object with ``name`` and ``chunks()``
    or ``read()``) and create the job that imports it; the job is enqueued when the surrounding
    transaction commits. ``overrides``: the form's url / publisher / published_on, applied to
    every article as in services.articles_import. Raises policy.Denied when ``created_by`` may
    not import, services.ServiceError when the file is over FACTCHECK_MAX_UPLOAD_BYTES or of a
    type the readers do not know, or ``encoding`` is unknown."""
    policy.require(policy.may_import(created_by))
    name = safe_name(getattr(upload, "name", "") or "upload")
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in readers.SUFFIXES:
        raise services.ServiceError(
            gettext("unsupported file type '%(suffix)s'; expected one of %(expected)s")
            % {"suffix": suffix or gettext("(none)"), "expected": ", ".join(readers.SUFFIXES)},
            field="file",
        )
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise services.ServiceError(
                gettext("unknown encoding '%(encoding)s'") % {"encoding": encoding}, field="encoding"
            ) from None
    limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise services.ServiceError(_too_big(size, limit), field="file")
    folder = job_folder()
    target = folder / name
    try:
        written = _store(upload, target, limit)
        with transaction.atomic():
            job = jobs.job_create(
                kind=Job.Kind.IMPORT_FILE,
                created_by=created_by,
                params={
                    "file": str(target),
                    "name": name,
                    "size": written,
                    "encoding": encoding or "",
                    "overrides": _json_overrides(overrides),
                },
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def safe_name(name: str) -> str:
    """The upload's base name, reduced to letters, digits, '-', '_' and '.' (never empty, never
    a path, at most 100 characters with its suffix kept)."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # "." or ".." or nothing left
        cleaned = ""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", cleaned).lstrip(".")
    if not cleaned:
        cleaned = "upload" + os.path.splitext(base)[1].lower()[:10]
    stem, suffix = os.path.splitext(cleaned)
    return stem[: 100 - len(suffix)] + suffix


def _too_big(size: int, limit: int) -> str:
    return gettext("the file is %(size)s MB, over the %(limit)s MB upload limit") % {
        "size": number_format(round(size / 1048576, 1), 1),
        "limit": number_format(round(limit / 1048576)),
    }


def _store(upload: Any, target: Path, limit: int) -> int:
    """Copy the upload to ``target`` in chunks; refuse it (ServiceError) past ``limit`` bytes."""
    written = 0
    if hasattr(upload, "seek"):
        try:
            upload.seek(0)
        except (OSError, ValueError):
            pass
    if hasattr(upload, "chunks"):
        pieces = upload.chunks(_COPY_CHUNK)
    else:
        pieces = iter(lambda: upload.read(_COPY_CHUNK), b"")
    with open(target, "xb") as out:
        for piece in pieces:
            written += len(piece)
            if written > limit:
                raise services.ServiceError(_too_big(written, limit), field="file")
            out.write(piece)
    return written


def _json_overrides(overrides: dict | None) -> dict:
    out: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if value in (None, ""):
            continue
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


def _overrides(stored: dict | None) -> dict:
    out = dict(stored or {})
    if isinstance(out.get("published_on"), str):
        out["published_on"] = date.fromisoformat(out["published_on"])
    return out


# ----------------------------------------------------------------------------- the runner


def file_items(path: Path, shown: str, encoding: str | None, max_bytes: int):
    """The file's Items in reading order, reported under the name the user uploaded."""
    real = os.fsdecode(path)
    for item in readers.read_file(real, max_article_bytes=max_bytes, encoding=encoding):
        if item.path == real:
            item.path = shown
        yield item


def _strip_location(where: str, message: str) -> str:
    """The reader says "line 7: ..." or "record 3: ..."; the location already does (as in
    import_articles)."""
    said = re.match(r"(line|record) (\d+): ", message or "")
    if said and where.endswith((f":{said[2]}", f"(record {said[2]})")):
        return message[said.end() :]
    return message


@jobs.runner(Job.Kind.IMPORT_FILE)
def import_file(run: jobs.JobRun) -> None:
    job = run.job
    params = job.params
    path = Path(params["file"])
    shown = params.get("name") or path.name
    encoding = params.get("encoding") or None
    max_bytes = settings.FACTCHECK_MAX_ARTICLE_BYTES
    if not path.is_file():
        raise services.ServiceError(
            gettext("the uploaded file %(name)s is no longer there; upload it again") % {"name": shown}
        )
    user = job.created_by
    policy.require(policy.may_import(user))
    overrides = _overrides(params.get("overrides"))

    if job.total is None:  # first run: count the items for the progress bar (a reading pass)
        total = 0
        for _ in file_items(path, shown, encoding, max_bytes):
            total += 1
            if total % 256 == 0:
                run.beat()
        run.set_total(total)
    if (run.job.total or 0) > 1:
        overrides.pop("url", None)  # one URL cannot belong to several articles (as the form does)

    start = run.recorded_count()  # items are recorded in order: these are done
    chunk: list[tuple[int, readers.Item]] = []
    for position, item in enumerate(file_items(path, shown, encoding, max_bytes), start=1):
        if position <= start:
            if position % 256 == 0:
                run.beat()
            continue
        chunk.append((position, item))
        if len(chunk) >= CHUNK:
            _import_chunk(run, chunk, user=user, max_bytes=max_bytes, overrides=overrides)
            chunk = []
    if chunk:
        _import_chunk(run, chunk, user=user, max_bytes=max_bytes, overrides=overrides)


def _import_chunk(run: jobs.JobRun, chunk, *, user, max_bytes: int, overrides: dict) -> None:
    """Import the chunk's articles and record their outcomes in one transaction."""
    run.check()  # cancelled, or taken over: stop before writing anything more
    with transaction.atomic():
        outcomes = list(
            services.articles_import(
                items=[item for _, item in chunk], created_by=user, max_bytes=max_bytes, overrides=overrides
            )
        )
        rows = []
        for (position, _), outcome in zip(chunk, outcomes, strict=True):
            rows.append(
                {
                    "position": position,
                    "where": outcome.where,
                    "status": outcome.status,
                    "title": outcome.title,
                    "article_id": outcome.article.pk if outcome.article is not None else None,
                    "claims": max(outcome.claims or 0, 0),  # "present" carries no count
                    "message": _strip_location(outcome.where, outcome.message),
                }
            )
        run.record_many(rows)
    if connection.vendor == "sqlite":
        time.sleep(SQLITE_PAUSE)
