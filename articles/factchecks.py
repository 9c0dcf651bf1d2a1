"""Published fact-checks (``FactCheck``): the services that import them, publish ours, withdraw
ours, and the background job of big imports (README: published fact-checks).

- :func:`factchecks_import` takes the reads of ``text.factcheck_readers`` and stores them,
  idempotent by URL: a new URL is "imported", the same content "present", changed content
  "updated". Records are stored BATCH at a time, each batch in one transaction with one bulk
  upsert (``INSERT ... ON CONFLICT (url) DO UPDATE``), so a failure never leaves half a batch
  and the memory used does not grow with the feed.
- :func:`factcheck_from_approval` / :func:`factcheck_withdraw`: our approved verdicts are
  fact-checks too (origin "approval", ``claim`` set), built with the ClaimReview mapping of the
  export (``exports.claimreview``), so that what we publish and what we match are the same.
- After every change the matcher is told which fact-checks changed
  (``matching.targets_changed``), when it has that function.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import jobs, policy
from .models import Claim, FactCheck, Job, Verdict
from .text import factcheck_readers as readers
from .text.factcheck_readers import FactCheckRecord, Read

logger = logging.getLogger(__name__)

BATCH = 1000  # records per transaction (one SELECT of the batch's URLs, one upsert)
JOB_BATCH = 500  # records per transaction in a job (the records and their outcome rows)
FIELDS = (
    "claim_reviewed", "rating_text", "rating_value", "rating_best", "rating_worst", "headline", "publisher_name",
    "publisher_site", "date_published", "claimant", "appearance_url", "language",
)  # fmt: skip


class FactCheckError(Exception):
    """A refused import (a file type the readers do not know, a file over the upload limit)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(slots=True)
class Outcome:
    """What became of one read: ``status`` imported / updated / present / failed."""

    status: str
    where: str
    title: str = ""
    factcheck_id: int | None = None
    message: str = ""


def outcome_line(o: Outcome) -> str:
    """One outcome in the wording of ``manage.py import_articles``."""
    if o.status == "failed":
        return f"failed    {o.where}: {o.message}"
    note = f", {o.message}" if o.message else ""
    return f"{o.status:<9} {o.where}  “{o.title}” (#{o.factcheck_id}{note})"


def summary(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('imported', 0)} imported, {counts.get('updated', 0)} updated, "
        f"{counts.get('present', 0)} already present, {counts.get('failed', 0)} failed"
    )


def _targets_changed(ids: list[int]) -> None:
    """Tell the matcher (articles.matching, when it has the function) which fact-checks changed."""
    if not ids:
        return
    from . import matching

    changed = getattr(matching, "targets_changed", None)
    if changed is not None:
        changed(factcheck_ids=ids)


# ----------------------------------------------------------------------------- import


def factchecks_import(*, records: Iterable[Read], batch: str, actor: Any, batch_size: int = BATCH) -> Iterator[Outcome]:
    """Store the records (reads: a record or an error each), BATCH at a time, each batch in its
    own transaction; one outcome per read, in order. Raises policy.Denied at once when ``actor``
    may not import fact-checks."""
    policy.require(policy.may_import_factchecks(actor))
    return _import(records, batch=batch[:200], batch_size=batch_size)


def _import(records: Iterable[Read], *, batch: str, batch_size: int) -> Iterator[Outcome]:
    pending: list[Read] = []
    for read in records:
        pending.append(read)
        if len(pending) >= batch_size:
            yield from factchecks_store(pending, batch=batch)
            pending = []
    if pending:
        yield from factchecks_store(pending, batch=batch)


def factchecks_store(reads: list[Read], *, batch: str) -> list[Outcome]:
    """One batch: its records in one transaction (and the matcher told, in it). When the database
    refuses the batch, each record is tried on its own, so one bad record fails alone."""
    try:
        with transaction.atomic():
            return _store(reads, batch=batch)
    except DatabaseError as err:
        if isinstance(err, (OperationalError, InterfaceError)):
            raise  # a lost connection, a lock: transient (a job retries), not the records' fault
        if len(reads) == 1:
            return [
                Outcome("failed", r.where, message=r.message or f"the database refused it: {_one_line(err)}") for r in reads
            ]
        logger.warning("a batch of fact-checks was refused (%s); storing its records one by one", _one_line(err))
        out: list[Outcome] = []
        for r in reads:
            out.extend(factchecks_store([r], batch=batch))
        return out


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _values(rec: FactCheckRecord) -> tuple:
    return tuple(getattr(rec, f) for f in FIELDS)


def _store(reads: list[Read], *, batch: str) -> list[Outcome]:
    urls = {r.record.url for r in reads if r.record is not None}
    existing: dict[str, tuple] = {}
    if urls:
        for row in FactCheck.objects.filter(url__in=urls).values_list("url", "id", "origin", *FIELDS):
            existing[row[0]] = row
    outcomes: list[Outcome | None] = []
    rows: dict[str, tuple] = {}  # url -> the values to write (the last read of a URL wins)
    first_status: dict[str, str] = {}  # url -> imported / updated
    waiting: list[tuple[int, str]] = []  # (outcome index, url) whose id comes from the upsert
    for read in reads:
        rec = read.record
        if rec is None:
            outcomes.append(Outcome("failed", read.where, message=read.error or "unreadable"))
            continue
        title = rec.title
        values = _values(rec)
        if rec.url in rows:  # the same URL earlier in this batch
            before = rows[rec.url]
            found_id = None
        elif rec.url in existing:
            row = existing[rec.url]
            if row[2] == FactCheck.Origin.APPROVAL:
                outcomes.append(Outcome("present", read.where, title, row[1], "ours: an approved verdict, left as it is"))
                continue
            before, found_id = tuple(row[3:]), row[1]
        else:
            before, found_id = None, None
        if before == values:
            status = "present"
        else:
            status = "imported" if before is None else "updated"
            rows[rec.url] = values
            first_status.setdefault(rec.url, status)
        if found_id is not None and status == "present":
            outcomes.append(Outcome(status, read.where, title, found_id))
        else:
            outcomes.append(Outcome(status, read.where, title))
            waiting.append((len(outcomes) - 1, rec.url))
    ids: dict[str, int] = {u: row[1] for u, row in existing.items()}
    if rows:
        ids.update(_upsert(rows, batch=batch))
        _targets_changed([ids[url] for url in rows])
    for index, url in waiting:
        outcomes[index].factcheck_id = ids.get(url)
    return outcomes  # type: ignore[return-value]


_UPSERT_TYPES = {
    "claim_reviewed": "text", "rating_text": "text", "rating_value": "float8", "rating_best": "float8",
    "rating_worst": "float8", "headline": "text", "publisher_name": "text", "publisher_site": "text",
    "date_published": "date", "claimant": "text", "appearance_url": "text", "language": "text",
}  # fmt: skip


def _upsert(rows: dict[str, tuple], *, batch: str) -> dict[str, int]:
    """Insert or update the rows by URL; their ids by URL. On PostgreSQL one statement over
    arrays (``unnest``: 14 parameters whatever the batch size, no per-value SQL to build); on
    other databases Django's bulk_create(update_conflicts=True)."""
    now = timezone.now()
    conn = transaction.get_connection()
    if conn.vendor == "postgresql":
        table = FactCheck._meta.db_table
        cols = [*FIELDS, "url", "import_batch"]
        arrays = [list(column) for column in zip(*rows.values(), strict=True)]
        arrays += [list(rows), [batch] * len(rows)]
        types = [_UPSERT_TYPES.get(c, "text") for c in cols]
        unnest = ", ".join(f"%s::{t}[]" for t in types)
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in [*FIELDS, "import_batch", "updated_at"])
        sql = (
            f'INSERT INTO "{table}" ({names}, "origin", "created_at", "updated_at") '
            f"SELECT *, %s, %s, %s FROM unnest({unnest}) "
            f'ON CONFLICT ("url") DO UPDATE SET {updates} RETURNING "url", "id"'
        )
        with conn.cursor() as cursor:
            cursor.execute(sql, [FactCheck.Origin.IMPORT, now, now, *arrays])
            return dict(cursor.fetchall())
    objs = [
        FactCheck(url=url, origin=FactCheck.Origin.IMPORT, import_batch=batch, created_at=now, updated_at=now,
                  **dict(zip(FIELDS, values, strict=True)))
        for url, values in rows.items()
    ]  # fmt: skip
    FactCheck.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["url"], update_fields=[*FIELDS, "import_batch", "updated_at"]
    )
    ids = {o.url: o.pk for o in objs if o.pk is not None}
    missing = [o.url for o in objs if o.pk is None]
    if missing:  # a backend that does not return ids from an upsert
        ids.update(FactCheck.objects.filter(url__in=missing).values_list("url", "id"))
    return ids


# ----------------------------------------------------------------------------- ours


def _our_url(claim: Claim) -> str:
    base = settings.FACTCHECK_PUBLISH_BASE_URL
    if base:
        return f"{base.rstrip('/')}/claims/{claim.pk}/"
    return reverse("articles:claim", args=[claim.pk])


@transaction.atomic
def factcheck_from_approval(*, claim: Claim, verdict: Verdict) -> FactCheck:
    """Publish ``claim``'s approved ``verdict`` as one of our fact-checks (origin "approval"):
    the record the ClaimReview export gives for it (``exports.claimreview``), at our URL
    (FACTCHECK_PUBLISH_BASE_URL + "claims/<id>/", else the claim's page in the workbench). Called
    by services.verdict_approve, in its transaction; approving again updates the same row. An
    imported record with our URL (our own fact-check, read back from a feed) becomes ours."""
    from . import exports

    verdict = Verdict.objects.select_related("claim__article", "rating").get(pk=verdict.pk)
    if verdict.approved_at is None:
        raise ValueError("factcheck_from_approval needs an approved verdict")
    review = exports.claimreview(verdict, scale=exports.rating_scale())
    url = _our_url(claim)
    review["url"] = url
    rec = readers.record_from_claimreview(review, check_url=False)
    rec.appearance_url = claim.article.url or ""
    rec.publisher_site = readers._site(settings.FACTCHECK_ORGANIZATION_URL)
    rec.language = (claim.article.language or "")[:12]
    values = {f: getattr(rec, f) for f in FIELDS}
    rows = list(FactCheck.objects.select_for_update().filter(Q(claim=claim) | Q(url=url)))
    ours = next((r for r in rows if r.claim_id == claim.pk), None)
    other = next((r for r in rows if r.url == url and r is not ours), None)
    if ours is None and other is not None:
        ours, other = other, None
    if other is not None:
        other.delete()  # an imported copy of our own fact-check: ours replaces it
    if ours is None:
        ours = FactCheck(claim=claim)
    for name, value in values.items():
        setattr(ours, name, value)
    ours.url = url
    ours.claim = claim
    ours.origin = FactCheck.Origin.APPROVAL
    ours.import_batch = ""
    ours.save()
    _targets_changed([ours.pk])
    return ours


@transaction.atomic
def factcheck_withdraw(*, claim: Claim) -> int | None:
    """``claim`` is no longer published (returned for review): delete our fact-check of it.
    Returns the deleted fact-check's id (None when there was none)."""
    row = FactCheck.objects.filter(claim=claim).values_list("id", flat=True).first()
    if row is None:
        return None
    FactCheck.objects.filter(pk=row).delete()
    _targets_changed([row])
    return row


# ----------------------------------------------------------------------------- big files: a job


def import_start(*, upload: Any, actor: Any, batch: str = "") -> Job:
    """Store ``upload`` (an UploadedFile, or anything with ``name`` and ``chunks()``/``read()``)
    and create the job that imports it (enqueued once the surrounding transaction commits)."""
    from . import uploads
    from .services import ServiceError

    policy.require(policy.may_import_factchecks(actor))
    name = uploads.safe_name(getattr(upload, "name", "") or "upload")
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in readers.SUFFIXES:
        raise FactCheckError(f"unsupported file type '{suffix or '(none)'}'; expected one of {', '.join(readers.SUFFIXES)}", "file")
    limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise FactCheckError(uploads._too_big(size, limit), "file")
    folder = uploads.job_folder()
    target = folder / name
    try:
        try:
            written = uploads._store(upload, target, limit)
        except ServiceError as err:
            raise FactCheckError(err.message, "file") from None
        with transaction.atomic():
            job = jobs.job_create(
                kind=Job.Kind.IMPORT_FACTCHECKS,
                created_by=actor,
                params={"file": str(target), "name": name, "size": written, "batch": batch or name},
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def _job_status(status: str) -> str:
    """The JobItem status of an outcome (they share their names)."""
    from .models import JobItem

    return status if status in JobItem.Status.values else "failed"


@jobs.runner(Job.Kind.IMPORT_FACTCHECKS)
def import_factchecks_job(run: jobs.JobRun) -> None:
    """Stream the stored file; each JOB_BATCH of records and their outcome rows commit together,
    so a job taken up again resumes after the last stored batch (reads come in the same order
    every time; re-importing is idempotent anyway)."""
    job = run.job
    path = Path(job.params["file"])
    shown = job.params.get("name") or path.name
    batch = job.params.get("batch") or shown
    if not path.is_file():
        raise FactCheckError(f"the uploaded file {shown} is no longer there; upload it again")
    user = job.created_by
    policy.require(policy.may_import_factchecks(user))
    if job.total is None:  # first run: count the records for the progress bar (a reading pass)
        total = 0
        for _ in readers.read_file(path, shown=shown):
            total += 1
            if total % 1024 == 0:
                run.beat()
        run.set_total(total)
    start = run.recorded_count()
    chunk: list[tuple[int, Read]] = []
    for position, read in enumerate(readers.read_file(path, shown=shown), start=1):
        if position <= start:
            if position % 1024 == 0:
                run.beat()
            continue
        chunk.append((position, read))
        if len(chunk) >= JOB_BATCH:
            _job_chunk(run, chunk, batch=batch)
            chunk = []
    if chunk:
        _job_chunk(run, chunk, batch=batch)


def _job_chunk(run: jobs.JobRun, chunk: list[tuple[int, Read]], *, batch: str) -> None:
    run.check()
    with transaction.atomic():
        outcomes = factchecks_store([r for _, r in chunk], batch=batch)
        rows = []
        for (position, _), o in zip(chunk, outcomes, strict=True):
            message = o.message
            if o.status != "failed":  # what the line shows in brackets (jobs.item_line): "#12"
                message = f"#{o.factcheck_id}" + (f", {o.message}" if o.message else "")
            rows.append(
                {"position": position, "where": o.where, "status": _job_status(o.status), "title": o.title, "message": message}
            )
        run.record_many(rows)
