"""Background jobs: the services that create, run, cancel and recover them (README: background jobs).

A ``Job`` row is what the user sees (kind, who, when, status, progress, per-item outcomes); the
work is done by a worker process (``manage.py run_worker``) through Django's task framework: the
task ``articles.tasks.job_run`` takes a job id and calls :func:`job_run`, which hands the job to
the runner registered for its kind (``@runner("import_urls")``, in the module that owns the work).

Reliability, by construction:

- **Enqueued after commit**: :func:`job_create` enqueues in ``transaction.on_commit``, so a worker
  never sees a job whose rows are not there; a job whose enqueue was lost (the process died
  between commit and enqueue) is found by :func:`jobs_recover` and enqueued again.
- **Idempotent**: every item has a row (``JobItem``, unique per job and position) that is moved
  out of "pending" once, by a conditional UPDATE; a job taken up again skips finished items. The
  work of an item is idempotent itself (an article already present by URL or content is
  reported as present).
- **Killed workers**: a running job's worker writes ``heartbeat_at`` at every item (and at least
  every few seconds through :meth:`JobRun.beat`); every worker sweeps (:func:`jobs_recover`) for
  running jobs silent for FACTCHECK_JOB_STALE_SECONDS and enqueues them again. A worker that
  comes back after its job was taken over finds that its conditional writes match nothing
  (:class:`JobLost`) and stops.
- **Transient failures** (raised as :class:`Transient`) retry with exponential backoff: a whole
  job by enqueueing it again with ``run_after``; one item by leaving it pending with
  ``retry_after`` (:meth:`JobRun.retry_later`); after FACTCHECK_JOB_RETRIES attempts they fail.
- **Cancel**: a queued job is cancelled at once; a running one at its next item.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policy
from .models import Job, JobItem

logger = logging.getLogger(__name__)

RUNNERS: dict[str, Callable[[JobRun], None]] = {}
# modules whose import registers runners (imported lazily by job_run: they import services)
RUNNER_MODULES = ("articles.intake", "articles.uploads", "articles.factchecks", "articles.matching")


def runner(kind: str) -> Callable:
    """Register the function that does the work of jobs of ``kind``."""

    def register(fn: Callable[[JobRun], None]) -> Callable[[JobRun], None]:
        RUNNERS[kind] = fn
        return fn

    return register


class Transient(Exception):
    """A failure worth retrying later (a timeout, a 5xx, a dropped connection)."""


class JobLost(Exception):
    """This worker no longer owns the job (it was taken up again, or it was deleted)."""


class Cancelled(Exception):
    """The job was cancelled while it ran; raised by :meth:`JobRun.check` between items."""


def outcome_line(*, status: str, where: str, title: str = "", article_id: int | None = None, claims: int = 0, message: str = "") -> str:
    """One outcome in the wording of ``manage.py import_articles``."""
    if status == "imported":
        return f"imported  {where}  “{title}” ({claims} claims, #{article_id})"
    if status == "present":
        return f"present   {where}  “{title}” (already imported as #{article_id})"
    if status == "pending":
        return f"pending   {where}"
    return f"{status:<9} {where}: {message}"


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _backoff(attempt: int) -> timedelta:
    """2 s, 4 s, 8 s, ... (FACTCHECK_JOB_RETRY_BASE_DELAY doubling), capped."""
    delay = settings.FACTCHECK_JOB_RETRY_BASE_DELAY * (2 ** max(attempt - 1, 0))
    return timedelta(seconds=min(delay, settings.FACTCHECK_JOB_RETRY_MAX_DELAY))


# ----------------------------------------------------------------------------- create, cancel


@transaction.atomic
def job_create(
    *, kind: str, created_by: Any, params: dict | None = None, items: Sequence[str] = (), total: int | None = None
) -> Job:
    """A new queued job, its items (one per ``items`` entry, e.g. a URL) pending; enqueued for a
    worker once the surrounding transaction commits. The caller checks the permission for the
    work itself (e.g. policy.may_import) before calling this."""
    if kind not in Job.Kind.values:
        raise ValueError(f"unknown job kind {kind!r}")
    user = created_by if getattr(created_by, "pk", None) else None
    job = Job.objects.create(
        kind=kind, created_by=user, params=params or {}, total=len(items) if items else total
    )
    JobItem.objects.bulk_create(
        [JobItem(job=job, position=i, where=where[:1000]) for i, where in enumerate(items, start=1)]
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int, *, run_after=None) -> None:
    from . import tasks

    task = tasks.job_run if run_after is None else tasks.job_run.using(run_after=run_after)
    result = task.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id), run_after=run_after)


@transaction.atomic
def job_cancel(*, job: Job, actor: Any) -> Job:
    """Cancel ``job``: a queued job at once, a running one at its next item."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    policy.require(policy.may_cancel_job(actor, job))
    if job.status == Job.Status.QUEUED:
        job.status = Job.Status.CANCELLED
        job.finished_at = timezone.now()
        job.cancel_requested = True
        job.save(update_fields=["status", "finished_at", "cancel_requested"])
        _drop_files(job)
    else:
        job.cancel_requested = True
        job.save(update_fields=["cancel_requested"])
    return job


def _drop_files(job: Job) -> None:
    """Remove the file a job was given (an upload) and its folder, once the job has ended
    (after the transaction that ended it commits). Only paths inside FACTCHECK_JOB_FILES_DIR."""
    path = job.params.get("file") if isinstance(job.params, dict) else None
    if not path:
        return
    import shutil
    from pathlib import Path

    folder = Path(settings.FACTCHECK_JOB_FILES_DIR).resolve()
    target = Path(path).resolve()
    if folder not in target.parents:
        return
    # the job's own folder (FACTCHECK_JOB_FILES_DIR/<random>/), never the files folder itself
    own = target.parent if target.parent != folder else None

    def drop() -> None:
        target.unlink(missing_ok=True)
        if own is not None:
            shutil.rmtree(own, ignore_errors=True)

    transaction.on_commit(drop)


# ----------------------------------------------------------------------------- read


def job_summary(job: Job) -> str:
    """The outcome counts in the words of ``import_articles``: "3 imported, 1 already present,
    0 failed" (and skipped items, when there are any)."""
    counts = job.counts or {}
    if job.kind == Job.Kind.IMPORT_FACTCHECKS:  # import_factchecks' summary
        return _("%(imported)s imported, %(updated)s updated, %(present)s already present, %(failed)s failed") % {
            "imported": counts.get("imported", 0),
            "updated": counts.get("updated", 0),
            "present": counts.get("present", 0),
            "failed": counts.get("failed", 0),
        }
    summary = _("%(imported)s imported, %(present)s already present, %(failed)s failed") % {
        "imported": counts.get("imported", 0),
        "present": counts.get("present", 0),
        "failed": counts.get("failed", 0),
    }
    if counts.get("skipped"):
        summary += _(", %(skipped)s skipped") % {"skipped": counts["skipped"]}
    return summary


def item_line(item: JobItem, *, kind: str = "") -> str:
    """One item's outcome line (outcome_line's wording; a fact-check import's in
    import_factchecks' wording: ``imported  feed.json (record 1)  “Headline” (#41)``)."""
    if kind == Job.Kind.IMPORT_FACTCHECKS and item.status not in (JobItem.Status.FAILED, JobItem.Status.PENDING):
        return f"{item.status:<9} {item.where}  “{item.title}” ({item.message})"
    return outcome_line(
        status=item.status,
        where=item.where,
        title=item.title,
        article_id=item.article_id,
        claims=item.claims,
        message=item.message,
    )


def job_percent(job: Job) -> int | None:
    """Progress in percent, when the total is known."""
    if not job.total:
        return 100 if job.is_finished and job.total == 0 else None
    return min(100, job.done * 100 // job.total)


LINES_PER_PAGE = 500  # outcome lines per page of a finished job
LATEST_LINES = 20  # outcome lines shown while a job runs: the newest


@dataclass(frozen=True, slots=True)
class JobPage:
    """What a job's page shows (selectors' style: typed data, not a template context)."""

    job: Job
    percent: int | None
    summary: str
    lines: list[tuple[str, str]]  # (status, outcome line), in the order of the items
    lines_page: Any  # a Paginator page of a finished job's lines; None while it runs
    latest: bool  # lines are only the newest few (the job is still running)
    may_cancel: bool

    @property
    def finished(self) -> bool:
        return self.job.is_finished


def job_page(job: Job, user: Any, *, page: Any = None) -> JobPage:
    """The job's page for ``user`` (who may see it: the caller looked it up through
    policy.visible_jobs). Two queries for the lines: a page of them (and their count) once the job
    has ended, the newest LATEST_LINES while it runs."""
    from django.core.paginator import Paginator

    items = JobItem.objects.filter(job=job).only(
        "position", "where", "status", "title", "article_id", "claims", "message", "job_id"
    )
    lines_page = None
    if job.is_finished:
        lines_page = Paginator(items.order_by("position"), LINES_PER_PAGE).get_page(page)
        shown = list(lines_page.object_list)
    else:
        shown = list(items.exclude(status=JobItem.Status.PENDING).order_by("-position")[:LATEST_LINES])[::-1]
    return JobPage(
        job=job,
        percent=job_percent(job),
        summary=job_summary(job),
        lines=[(item.status, item_line(item, kind=job.kind)) for item in shown],
        lines_page=lines_page,
        latest=not job.is_finished,
        may_cancel=bool(policy.may_cancel_job(user, job)),
    )


# ----------------------------------------------------------------------------- run


class JobRun:
    """What a runner is given: the job, its pending items, and the one way to record outcomes.

    Every write is conditional on this worker still owning the job (``worker_id``); when it does
    not, :class:`JobLost` is raised and the runner's work ends there."""

    BEAT_EVERY = 2.0  # seconds between heartbeats written by beat()

    def __init__(self, job: Job, worker_id: str):
        self.job = job
        self.worker_id = worker_id
        self._last_beat = timezone.now()
        self.retrying = 0  # items left pending for a retry

    # -- progress

    def _mine(self):
        return Job.objects.filter(pk=self.job.pk, worker_id=self.worker_id, status=Job.Status.RUNNING)

    def beat(self, *, force: bool = False) -> None:
        """Tell the other workers this one is alive (at most every BEAT_EVERY seconds)."""
        now = timezone.now()
        if not force and (now - self._last_beat).total_seconds() < self.BEAT_EVERY:
            return
        if not self._mine().update(heartbeat_at=now):
            raise JobLost(self.job.pk)
        self._last_beat = now

    def check(self) -> None:
        """Between items: stop when the job was cancelled (or taken over)."""
        row = Job.objects.filter(pk=self.job.pk).values("cancel_requested", "worker_id", "status").first()
        if row is None or row["worker_id"] != self.worker_id or row["status"] != Job.Status.RUNNING:
            raise JobLost(self.job.pk)
        if row["cancel_requested"]:
            raise Cancelled(self.job.pk)

    def set_total(self, total: int) -> None:
        if not self._mine().update(total=total, heartbeat_at=timezone.now()):
            raise JobLost(self.job.pk)
        self.job.total = total

    def pending_items(self) -> Iterator[JobItem]:
        """The items still to do, in order (those waiting for a retry whose time has come)."""
        now = timezone.now()
        yield from (
            JobItem.objects.filter(job=self.job, status=JobItem.Status.PENDING)
            .filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
            .order_by("position")
            .iterator(chunk_size=200)
        )

    def done_positions(self) -> set[int]:
        """Positions already recorded (for runners whose items are only known while reading)."""
        return set(
            JobItem.objects.filter(job=self.job).exclude(status=JobItem.Status.PENDING).values_list("position", flat=True)
        )

    def recorded_count(self) -> int:
        """How many items have an outcome (for runners that record items in order, the
        position to resume after)."""
        return JobItem.objects.filter(job=self.job).exclude(status=JobItem.Status.PENDING).count()

    @transaction.atomic
    def record_many(self, outcomes: Sequence[dict]) -> int:
        """Record several outcomes at once (each a dict of :meth:`record`'s arguments), for items
        the job did not know beforehand; in the caller's transaction, so that the work and its
        record commit together. Items already recorded are left as they are. Returns how many
        were recorded."""
        job = Job.objects.select_for_update().filter(pk=self.job.pk).first()
        if job is None or job.worker_id != self.worker_id or job.status != Job.Status.RUNNING:
            raise JobLost(self.job.pk)
        positions = [o["position"] for o in outcomes]
        known = dict(JobItem.objects.filter(job=job, position__in=positions).values_list("position", "status"))
        now = timezone.now()
        new: list[JobItem] = []
        recorded = 0
        for o in outcomes:
            if o["status"] not in JobItem.Status.values or o["status"] == JobItem.Status.PENDING:
                raise ValueError(f"not an outcome: {o['status']!r}")
            if o["position"] in known:  # a row the job knew: recorded once, one by one (rare)
                if known[o["position"]] == JobItem.Status.PENDING and self.record(**o):
                    recorded += 1
                continue
            new.append(
                JobItem(
                    job=job,
                    position=o["position"],
                    where=o.get("where", "")[:1000],
                    status=o["status"],
                    title=o.get("title", "")[:500],
                    article_id=o.get("article_id"),
                    claims=o.get("claims", 0),
                    message=o.get("message", ""),
                    updated_at=now,
                )
            )
        if new:
            JobItem.objects.bulk_create(new)
            counts = dict(Job.objects.filter(pk=job.pk).values_list("counts", flat=True).get())
            for item in new:
                counts[item.status] = counts.get(item.status, 0) + 1
            Job.objects.filter(pk=job.pk).update(counts=counts, done=F("done") + len(new), heartbeat_at=now)
        self._last_beat = now
        return recorded + len(new)

    @transaction.atomic
    def record(
        self,
        *,
        position: int,
        where: str,
        status: str,
        title: str = "",
        article_id: int | None = None,
        claims: int = 0,
        message: str = "",
    ) -> bool:
        """Record the outcome of item ``position`` (creating its row when the job did not know it
        beforehand). Returns False when it was already recorded (nothing changes then)."""
        if status not in JobItem.Status.values or status == JobItem.Status.PENDING:
            raise ValueError(f"not an outcome: {status!r}")
        job = Job.objects.select_for_update().filter(pk=self.job.pk).first()
        if job is None or job.worker_id != self.worker_id or job.status != Job.Status.RUNNING:
            raise JobLost(self.job.pk)
        fields = {
            "status": status,
            "where": where[:1000],
            "title": title[:500],
            "article_id": article_id,
            "claims": claims,
            "message": message,
            "retry_after": None,
            "updated_at": timezone.now(),
        }
        changed = JobItem.objects.filter(job=job, position=position, status=JobItem.Status.PENDING).update(**fields)
        if not changed:
            if JobItem.objects.filter(job=job, position=position).exists():
                return False
            JobItem.objects.create(job=job, position=position, **fields)
        counts = dict(job.counts)
        counts[status] = counts.get(status, 0) + 1
        job.counts = counts
        job.done = F("done") + 1
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["counts", "done", "heartbeat_at"])
        self._last_beat = timezone.now()
        return True

    def retry_later(self, *, position: int, message: str) -> bool:
        """A transient failure of one item: try it again later (backoff), or record it failed
        once it has used its attempts. Returns True when a retry is scheduled."""
        item = JobItem.objects.filter(job=self.job, position=position).first()
        attempts = (item.attempts if item else 0) + 1
        if attempts > settings.FACTCHECK_JOB_RETRIES:
            self.record(position=position, where=item.where if item else "", status="failed", message=message)
            return False
        when = timezone.now() + _backoff(attempts)
        if item is None:
            raise ValueError("retry_later needs an item the job knows")
        JobItem.objects.filter(pk=item.pk, status=JobItem.Status.PENDING).update(
            attempts=attempts, retry_after=when, message=f"{message} (retrying, attempt {attempts + 1})"
        )
        self.retrying += 1
        self.beat()
        return True


def job_run(job_id: int, *, worker_id: str | None = None, task_id: str = "") -> str:
    """Run job ``job_id`` in this process (the task's body). Returns its status."""
    import importlib

    for module in RUNNER_MODULES:
        importlib.import_module(module)
    worker_id = worker_id or worker_name()
    job = _take(job_id, worker_id=worker_id, task_id=task_id)
    if job is None:
        return "skipped"
    run = JobRun(job, worker_id)
    try:
        fn = RUNNERS[job.kind]
        fn(run)
        run.check()
    except JobLost:
        logger.warning("job %s was taken over by another worker; this one stops", job_id)
        return "lost"
    except Cancelled:
        return _finish(job, worker_id, Job.Status.CANCELLED)
    except (Transient, OperationalError, InterfaceError) as err:
        # a dropped database connection, a locked SQLite file, a timeout: worth another attempt
        if not connection.in_atomic_block:  # a worker: drop the connection if it is broken
            connection.close_if_unusable_or_obsolete()
        why = str(err) if isinstance(err, Transient) else f"database error: {err}"
        if job.attempts < settings.FACTCHECK_JOB_RETRIES:
            return _requeue(job, worker_id, delay=_backoff(job.attempts), why=why)
        return _finish(job, worker_id, Job.Status.FAILED, error=f"gave up after {job.attempts} attempts: {why}")
    except Exception as err:
        message = getattr(err, "message", None)  # a refusal (policy.Denied, ServiceError) says why
        if not message:
            logger.exception("job %s failed", job_id)
            message = f"{type(err).__name__}: {err}"
        return _finish(job, worker_id, Job.Status.FAILED, error=str(message))
    if run.retrying or JobItem.objects.filter(job=job, status=JobItem.Status.PENDING).exists():
        nxt = (
            JobItem.objects.filter(job=job, status=JobItem.Status.PENDING, retry_after__isnull=False)
            .order_by("retry_after")
            .values_list("retry_after", flat=True)
            .first()
        )
        delay = max((nxt - timezone.now()) if nxt else timedelta(0), timedelta(0))
        return _requeue(job, worker_id, delay=delay, why="items wait for a retry", count_attempt=False)
    return _finish(job, worker_id, Job.Status.SUCCEEDED)


@transaction.atomic
def _take(job_id: int, *, worker_id: str, task_id: str) -> Job | None:
    """Make this worker the job's owner, unless it has ended or another live worker runs it."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    now = timezone.now()
    stale = timedelta(seconds=settings.FACTCHECK_JOB_STALE_SECONDS)
    if job.status == Job.Status.RUNNING and job.heartbeat_at and now - job.heartbeat_at < stale:
        return None  # alive elsewhere: a duplicate task; the running worker finishes it
    if job.cancel_requested:
        job.status, job.finished_at = Job.Status.CANCELLED, now
        job.save(update_fields=["status", "finished_at"])
        _drop_files(job)
        return None
    if job.attempts > settings.FACTCHECK_JOB_RETRIES:
        # only workers that died with it get here (transient failures give up earlier): a job
        # that kills its worker (out of memory, a crash) is not handed to the next one forever
        job.status, job.finished_at = Job.Status.FAILED, now
        job.error = f"gave up: its worker stopped {job.attempts} times before finishing it (killed, or out of memory)"
        job.save(update_fields=["status", "finished_at", "error"])
        _drop_files(job)
        return None
    job.status = Job.Status.RUNNING
    job.worker_id = worker_id
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    job.attempts += 1
    job.run_after = None
    if task_id:
        job.task_id = task_id
    job.save(update_fields=["status", "worker_id", "started_at", "heartbeat_at", "attempts", "run_after", "task_id"])
    return job


@transaction.atomic
def _finish(job: Job, worker_id: str, status: str, *, error: str = "") -> str:
    now = timezone.now()
    updated = Job.objects.filter(pk=job.pk, worker_id=worker_id, status=Job.Status.RUNNING).update(
        status=status, finished_at=now, heartbeat_at=now, error=error
    )
    if updated:
        _drop_files(job)
    return status


@transaction.atomic
def _requeue(job: Job, worker_id: str, *, delay: timedelta, why: str, count_attempt: bool = True) -> str:
    when = timezone.now() + delay
    fields: dict[str, Any] = {"status": Job.Status.QUEUED, "worker_id": "", "heartbeat_at": timezone.now(), "error": why}
    if not count_attempt:
        fields["attempts"] = F("attempts") - 1 if job.attempts else 0
    if not Job.objects.filter(pk=job.pk, worker_id=worker_id, status=Job.Status.RUNNING).update(**fields):
        return "lost"
    transaction.on_commit(lambda: _enqueue(job.pk, run_after=when))
    return Job.Status.QUEUED


# ----------------------------------------------------------------------------- recovery


def jobs_recover(*, now=None) -> list[int]:
    """Enqueue again the jobs nobody is doing: running jobs whose worker has been silent for
    FACTCHECK_JOB_STALE_SECONDS (killed, or its machine lost), and queued jobs whose task is
    gone (lost before it was enqueued, or its task row failed or was pruned). Every worker calls
    this now and then; rows are locked with SKIP LOCKED so two workers never take the same job.
    Returns the ids of the jobs enqueued again."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.FACTCHECK_JOB_STALE_SECONDS)
    recovered: list[int] = []
    with transaction.atomic():
        candidates = list(
            Job.objects.select_for_update(skip_locked=True)
            .filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
            .filter(Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale))
            .only("id", "status", "task_id", "worker_id", "run_after")[:100]
        )
        for job in candidates:
            task_alive = False
            if job.task_id:
                task_alive = DBTaskResult.objects.filter(
                    pk=job.task_id, status__in=["READY", "RUNNING"]
                ).exists()
            if job.status == Job.Status.QUEUED and task_alive:
                continue  # waiting for a worker (or for its run_after): nothing is lost
            if job.status == Job.Status.RUNNING and job.task_id:
                DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").update(
                    status="FAILED",
                    finished_at=now,
                    exception_class_path="articles.jobs.JobLost",
                    traceback=f"worker {job.worker_id} stopped reporting; the job was taken up again",
                )
            Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, worker_id="", heartbeat_at=now)
            recovered.append(job.pk)
            transaction.on_commit(lambda pk=job.pk: _enqueue(pk))
    if recovered:
        logger.warning("taken up again: jobs %s", ", ".join(map(str, recovered)))
    return recovered
