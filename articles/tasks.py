"""Task functions (django.tasks): thin wrappers that call the services in the worker process."""

from __future__ import annotations

from django.tasks import task


@task(takes_context=True)
def job_run(context, job_id: int) -> str:
    """Run a background job (articles.jobs.job_run). Idempotent: a job already finished, or
    running in another live worker, is skipped."""
    from . import jobs

    return jobs.job_run(job_id, task_id=str(context.task_result.id))


@task()
def webhook_deliver(delivery_id: int) -> str:
    """One attempt to deliver a webhook event (articles.webhooks.delivery_attempt); a failed
    attempt enqueues the next one itself, with run_after (backoff)."""
    from . import webhooks

    return webhooks.delivery_attempt(delivery_id)
