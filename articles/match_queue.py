"""The matcher's index updates that a web request causes, handed to the job worker (issue 10).

A verdict, an approval or a fact-check edit changes what "Checked before" can find: the targets'
index rows must be rebuilt (their terms and their wordllama embedding). Done in the web worker,
that loaded numpy, the tokenizer and the model into every gunicorn process (~55 MB each: the
workers stood at 160-178 MB against a budget of 150) and cost a third of a save's time. From a
request, ``index_later`` instead names the targets in one queued "match_claims" job that the
worker runs (it picks a job up within FACTCHECK_WORKER_INTERVAL, a quarter of a second): the
change is searchable about a second later, not at once.

Saves come in bursts; one job per save would leave a job row per verdict. The ids are added to the
newest *queued* index job instead, taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` in the caller's
transaction: a worker that is taking that job holds its lock (``jobs._take``), so such a job is
skipped and a new one made; a job this transaction has locked is still queued when it commits,
and the worker then reads it with the ids added. (SQLite: transactions are IMMEDIATE, one writer
at a time, so the same holds.)
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from . import jobs
from .models import Job
from .selectors import Prepared

COALESCE_KEY = "index_only"  # params flag of the jobs this module makes (and only those take more ids)
# a job takes at most this many targets; then a new one starts. Every save rewrites the queued job's
# list (read, merged, written back): at 5,000 ids that was ~35 KB of JSON per save while the worker
# was away (a stopped worker, the benchmarks); 1,000 keeps it under ~7 KB
MAX_IDS = 1_000


def _newest_queued():
    return (
        Job.objects.select_for_update(skip_locked=True)
        .filter(kind=Job.Kind.MATCH_CLAIMS, status=Job.Status.QUEUED, created_by=None, cancel_requested=False)
        .filter(**{f"params__{COALESCE_KEY}": True})
        .order_by("-pk")[:1]
    )


# the newest queued index job not being taken (its SQL compiled once: every first verdict asks)
_NEWEST_QUEUED = Prepared(Job, _newest_queued)


def index_later(factcheck_ids: Sequence[int], claim_ids: Sequence[int]) -> Job:
    """Queue the index update of these targets (inside the caller's transaction)."""
    fcs, cls = sorted(set(factcheck_ids)), sorted(set(claim_ids))
    with transaction.atomic(savepoint=False):  # (the caller's transaction: no savepoint queries)
        found = _NEWEST_QUEUED()
        job = found[0] if found else None
        if job is not None:
            params = dict(job.params)
            old_fcs, old_cls = params.get("index_factcheck_ids") or [], params.get("index_claim_ids") or []
            merged_fcs, merged_cls = sorted({*old_fcs, *fcs}), sorted({*old_cls, *cls})
            if len(merged_fcs) + len(merged_cls) <= MAX_IDS:
                params["index_factcheck_ids"], params["index_claim_ids"] = merged_fcs, merged_cls
                job.params, job.total = params, len(merged_fcs) + len(merged_cls)
                job.save(update_fields=["params", "total"])
                return job
        return jobs.job_create(
            kind=Job.Kind.MATCH_CLAIMS,
            created_by=None,
            params={COALESCE_KEY: True, "index_factcheck_ids": fcs, "index_claim_ids": cls},
            total=len(fcs) + len(cls),
        )
