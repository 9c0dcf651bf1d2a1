"""Admin of jobs (registered on import from articles.admin): read-only, rows filtered by the
policy (a user sees their own jobs, a superuser every job), cancel through jobs.job_cancel."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from . import jobs, policy
from .models import Job, JobItem

INLINE_ITEMS = 200  # items listed on a job's admin page; its own page (/jobs/<id>/) has them all


class JobItemInline(admin.TabularInline):
    model = JobItem
    extra = 0
    can_delete = False
    fields = ("position", "status", "where", "title", "article", "claims", "message", "attempts", "retry_after")
    readonly_fields = fields
    ordering = ("position",)
    verbose_name_plural = f"items (the first {INLINE_ITEMS})"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(position__lte=INLINE_ITEMS)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff  # the job itself is filtered by policy

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_by", "status", "progress", "created_at", "started_at", "finished_at", "attempts")
    list_filter = ("status", "kind")
    list_select_related = ("created_by",)
    search_fields = ("created_by__username",)
    date_hierarchy = "created_at"
    inlines = [JobItemInline]
    actions = ["cancel"]
    fields = (
        "kind", "created_by", "status", "progress", "summary", "error", "page", "params",
        "created_at", "started_at", "finished_at", "heartbeat_at", "run_after",
        "attempts", "cancel_requested", "worker_id", "task_id",
    )  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return policy.visible_jobs(request.user, super().get_queryset(request))

    # read-only for everyone: jobs are written by articles.jobs alone
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser and (obj is None or obj.is_finished))

    def has_cancel_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="progress")
    def progress(self, job: Job) -> str:
        pct = jobs.job_percent(job)
        total = "?" if job.total is None else job.total
        return f"{job.done} of {total}" + (f" ({pct}%)" if pct is not None else "")

    @admin.display(description="outcomes")
    def summary(self, job: Job) -> str:
        return jobs.job_summary(job)

    @admin.display(description="job page")
    def page(self, job: Job) -> str:
        url = reverse("jobs:detail", args=[job.pk])
        return format_html('<a href="{}">{}</a> (every outcome line, live progress)', url, url)

    @admin.action(description="Cancel selected jobs", permissions=["cancel"])
    def cancel(self, request, queryset):
        done = 0
        for job in queryset:
            if job.is_finished:
                continue
            try:
                jobs.job_cancel(job=job, actor=request.user)
            except policy.Denied as err:
                self.message_user(request, f"{job}: {err.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} job(s) cancelled (a running job stops after its current items).")
