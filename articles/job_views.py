"""Background jobs seen by the people who started them: the list of my jobs, a job's page with
its live progress (HTMX polling while it runs) and outcome lines, and cancel. Reads go through
policy.visible_jobs (a user sees their own jobs; a superuser every job); cancel through
jobs.job_cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import jobs, policy
from .models import Job

JOBS_PER_PAGE = 50


def _job(request, pk: int) -> Job:
    """The job, when the user may see it; 404 otherwise (ids of others' jobs are not confirmed)."""
    return get_object_or_404(policy.visible_jobs(request.user).select_related("created_by"), pk=pk)


@require_GET
def job_list(request):
    page = Paginator(policy.visible_jobs(request.user).select_related("created_by"), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(job, jobs.job_percent(job), jobs.job_summary(job)) for job in page.object_list]
    return render(request, "jobs/job_list.html", {"page": page, "rows": rows})


@require_GET
def job_detail(request, pk: int):
    job = _job(request, pk)
    template = "jobs/job_detail.html#progress" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"view": jobs.job_page(job, request.user, page=request.GET.get("page"))})


@require_GET
def job_progress(request, pk: int):
    """The progress partial alone (what the job page polls every second while the job runs)."""
    job = _job(request, pk)
    view = jobs.job_page(job, request.user, page=request.GET.get("page"))
    return render(request, "jobs/job_detail.html#progress", {"view": view})


@require_POST
def job_cancel(request, pk: int):
    job = _job(request, pk)
    try:
        job = jobs.job_cancel(job=job, actor=request.user)
    except policy.Denied as refused:
        messages.error(request, _("Not cancelled: %(reason)s.") % {"reason": refused.message})
    else:
        done = job.status == Job.Status.CANCELLED
        messages.info(request, _("Cancelled.") if done else _("Cancelling: the job stops after the articles it is storing now."))
    return redirect("jobs:detail", pk=job.pk)
