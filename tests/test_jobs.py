"""articles.jobs (create after commit, run, record once, retries, cancel, recovery), the job pages
(list, detail with live progress, cancel) and the admin. The runners here are registered by the
tests themselves; real worker processes are in test_jobs_worker.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import jobs
from articles.models import Job, JobItem

pytestmark = pytest.mark.django_db

KIND = Job.Kind.IMPORT_URLS  # the kind the test runners stand in for


@pytest.fixture
def runner(monkeypatch):
    """Register a test runner for KIND (restored afterwards); returns a setter."""
    monkeypatch.setattr(jobs, "RUNNERS", dict(jobs.RUNNERS))
    monkeypatch.setattr(jobs, "RUNNER_MODULES", ())

    def use(fn):
        jobs.RUNNERS[KIND] = fn
        return fn

    return use


@pytest.fixture
def fast_retries(settings):
    settings.FACTCHECK_JOB_RETRIES = 3
    settings.FACTCHECK_JOB_RETRY_BASE_DELAY = 2
    settings.FACTCHECK_JOB_RETRY_MAX_DELAY = 300


def _create(user, items=("a", "b", "c"), django_capture_on_commit_callbacks=None) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        return jobs.job_create(kind=KIND, created_by=user, items=list(items))


def _article(n: int = 1) -> int:
    from articles import policy, services
    from articles.text.parse import parse_txt

    parsed = parse_txt(f"Article {n}\n\nThe budget rose by {n}% in 2024, officials said.\n")[0]
    return services.article_ingest(parsed=parsed, created_by=policy.SYSTEM).article.pk


def _record_all(run: jobs.JobRun) -> None:
    for item in run.pending_items():
        run.check()
        run.record(position=item.position, where=item.where, status="imported", title=item.where.upper(), claims=2)


# ----------------------------------------------------------------------------- create, enqueue


def test_job_is_enqueued_only_when_the_transaction_commits(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.job_create(kind=KIND, created_by=editor, items=["x", "y"])
        assert DBTaskResult.objects.count() == 0  # nothing for a worker before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    job.refresh_from_db()
    assert job.task_id == str(task.pk)
    assert task.args_kwargs["args"] == [job.pk]
    assert task.task_path == "articles.tasks.job_run"
    assert (job.status, job.total, job.done) == ("queued", 2, 0)
    assert list(job.items.values_list("position", "where", "status")) == [(1, "x", "pending"), (2, "y", "pending")]


def test_a_rolled_back_job_is_never_enqueued(editor, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), transaction.atomic():
            jobs.job_create(kind=KIND, created_by=editor, items=["x"])
            raise RuntimeError
    assert callbacks == [] and not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_unknown_kind_is_refused(editor):
    with pytest.raises(ValueError):
        jobs.job_create(kind="mine", created_by=editor)


# ----------------------------------------------------------------------------- run


def test_a_job_runs_and_records_each_item_once(editor, runner, django_capture_on_commit_callbacks):
    runner(_record_all)
    job = _create(editor, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert jobs.job_run(job.pk, worker_id="w1") == "succeeded"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == ("succeeded", 3, 3, 1)
    assert job.counts == {"imported": 3}
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert jobs.job_summary(job) == "3 imported, 0 already present, 0 failed"
    # the task again (a duplicate delivery): nothing happens
    assert jobs.job_run(job.pk, worker_id="w2") == "skipped"
    job.refresh_from_db()
    assert job.done == 3 and JobItem.objects.filter(job=job).count() == 3


def test_record_is_idempotent_and_lines_use_import_articles_wording(editor, runner):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["https://example.org/a"])
    article = _article()
    outcomes = []

    @runner
    def run(run: jobs.JobRun):
        outcomes.append(run.record(position=1, where="https://example.org/a", status="present", title="A", article_id=article))
        outcomes.append(run.record(position=1, where="https://example.org/a", status="failed", message="again"))
        outcomes.append(run.record(position=2, where="x.jsonl:2", status="failed", message="malformed JSON"))

    jobs.job_run(job.pk, worker_id="w")
    job.refresh_from_db()
    assert outcomes == [True, False, True]
    assert job.counts == {"present": 1, "failed": 1} and job.done == 2
    lines = [jobs.item_line(i) for i in job.items.order_by("position")]
    assert lines == [
        f"present   https://example.org/a  “A” (already imported as #{article})",
        "failed    x.jsonl:2: malformed JSON",
    ]
    assert jobs.job_summary(job) == "0 imported, 1 already present, 1 failed"


def test_a_live_duplicate_task_is_skipped_but_a_stale_one_takes_over(editor, runner):
    runner(_record_all)
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    Job.objects.filter(pk=job.pk).update(status="running", worker_id="other", heartbeat_at=timezone.now())
    assert jobs.job_run(job.pk, worker_id="w") == "skipped"
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs.job_run(job.pk, worker_id="w") == "succeeded"
    job.refresh_from_db()
    assert job.worker_id == "w" and job.done == 1


def test_a_worker_whose_job_was_taken_over_stops_without_writing(editor, runner):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a", "b"])

    @runner
    def run(run: jobs.JobRun):
        run.record(position=1, where="a", status="imported", title="A", claims=1)
        Job.objects.filter(pk=run.job.pk).update(worker_id="newcomer")  # recovered elsewhere meanwhile
        run.record(position=2, where="b", status="imported", title="B", claims=1)

    assert jobs.job_run(job.pk, worker_id="old") == "lost"
    job.refresh_from_db()
    assert job.done == 1 and job.status == "running" and job.worker_id == "newcomer"
    assert list(job.items.values_list("status", flat=True)) == ["imported", "pending"]


def test_a_crashing_runner_fails_the_job_with_the_error(editor, runner):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])

    @runner
    def run(run):
        raise KeyError("boom")

    assert jobs.job_run(job.pk, worker_id="w") == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "KeyError: 'boom'" and job.finished_at


# ----------------------------------------------------------------------------- retries


def test_a_transient_failure_requeues_with_backoff_then_gives_up(editor, runner, fast_retries, django_capture_on_commit_callbacks):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])

    @runner
    def run(run):
        raise jobs.Transient("HTTP 503 from the server")

    delays = []
    for attempt in (1, 2):
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.job_run(job.pk, worker_id="w") == "queued"
        job.refresh_from_db()
        assert job.status == "queued" and job.attempts == attempt and "503" in job.error
        task = DBTaskResult.objects.get(pk=job.task_id)
        assert task.status == "READY"
        delays.append((task.run_after - before).total_seconds())
        assert job.run_after == task.run_after
    assert 1.9 <= delays[0] <= 3 and 3.9 <= delays[1] <= 5  # 2 s, then 4 s
    assert jobs.job_run(job.pk, worker_id="w") == "failed"  # the third attempt is the last
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("gave up after 3 attempts") and job.attempts == 3


def test_a_database_error_counts_as_transient(editor, runner, fast_retries, django_capture_on_commit_callbacks):
    from django.db import OperationalError

    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])

    @runner
    def run(run):
        raise OperationalError("database is locked")

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.job_run(job.pk, worker_id="w") == "queued"
    job.refresh_from_db()
    assert job.status == "queued" and job.error == "database error: database is locked"


def test_an_item_retried_later_then_recorded(editor, runner, fast_retries, django_capture_on_commit_callbacks):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["flaky", "fine"])
    calls = {"flaky": 0}

    @runner
    def run(run: jobs.JobRun):
        for item in run.pending_items():
            if item.where == "flaky" and calls["flaky"] == 0:
                calls["flaky"] += 1
                assert run.retry_later(position=item.position, message="timed out")
                continue
            run.record(position=item.position, where=item.where, status="imported", title=item.where, claims=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.job_run(job.pk, worker_id="w") == "queued"  # waits for its item's retry
    flaky = JobItem.objects.get(job=job, where="flaky")
    assert flaky.status == "pending" and flaky.attempts == 1 and "retrying, attempt 2" in flaky.message
    job.refresh_from_db()
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.run_after >= flaky.retry_after - timedelta(seconds=1)
    assert job.attempts == 0  # waiting for an item's retry is not an attempt of the job
    JobItem.objects.filter(pk=flaky.pk).update(retry_after=timezone.now())  # its time has come
    assert jobs.job_run(job.pk, worker_id="w") == "succeeded"
    job.refresh_from_db()
    assert job.counts == {"imported": 2} and job.done == 2


# ----------------------------------------------------------------------------- cancel


def test_cancel_a_queued_job_at_once(editor):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    job = jobs.job_cancel(job=job, actor=editor)
    assert job.status == "cancelled" and job.finished_at
    assert jobs.job_run(job.pk, worker_id="w") == "skipped"


def test_cancel_a_running_job_stops_it_at_the_next_item(editor, runner):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a", "b", "c"])

    @runner
    def run(run: jobs.JobRun):
        for item in run.pending_items():
            run.check()
            run.record(position=item.position, where=item.where, status="imported", title="t", claims=1)
            if item.position == 1:
                jobs.job_cancel(job=run.job, actor=editor)

    assert jobs.job_run(job.pk, worker_id="w") == "cancelled"
    job.refresh_from_db()
    assert job.status == "cancelled" and job.done == 1 and job.cancel_requested


def test_only_the_owner_or_a_superuser_may_cancel(editor, editor2, superuser):
    from articles import policy

    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    with pytest.raises(policy.Denied):
        jobs.job_cancel(job=job, actor=editor2)
    assert jobs.job_cancel(job=job, actor=superuser).status == "cancelled"
    with pytest.raises(policy.Denied, match="already ended"):
        jobs.job_cancel(job=job, actor=editor)


# ----------------------------------------------------------------------------- recovery


def test_recover_takes_up_a_job_whose_worker_went_silent(editor, runner, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_JOB_STALE_SECONDS = 60
    runner(_record_all)
    job = _create(editor, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(status="running", worker_id="dead:1", heartbeat_at=timezone.now() - timedelta(seconds=30))
    assert jobs.jobs_recover() == []  # silent for 30 s: not yet
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == [job.pk]
    task.refresh_from_db()
    assert task.status == "FAILED" and "dead:1" in task.traceback
    job.refresh_from_db()
    assert job.status == "queued" and job.task_id != str(task.pk)
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    assert jobs.job_run(job.pk, worker_id="alive:2") == "succeeded"
    job.refresh_from_db()
    assert job.done == 3 and job.attempts == 1


def test_a_job_that_keeps_killing_its_worker_is_given_up(editor, runner, fast_retries):
    runner(_record_all)
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    Job.objects.filter(pk=job.pk).update(attempts=3)  # taken up after three dead workers: one more try
    assert jobs.job_run(job.pk, worker_id="w") == "succeeded"
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    Job.objects.filter(pk=job.pk).update(attempts=4)
    assert jobs.job_run(job.pk, worker_id="w") == "skipped"
    job.refresh_from_db()
    assert job.status == "failed" and "stopped 4 times" in job.error and job.done == 0


def test_recover_enqueues_a_job_whose_enqueue_was_lost(editor, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_JOB_STALE_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=False):  # the process died before enqueueing
        job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == [job.pk]
    job.refresh_from_db()
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == []  # queued with a live task: left alone


# ----------------------------------------------------------------------------- pages


def _finished_job(user, lines=(("imported", "a.jsonl:1", "<b>A</b>"), ("failed", "a.jsonl:2", ""))) -> Job:
    job = Job.objects.create(kind=Job.Kind.IMPORT_FILE, created_by=user, status="running", worker_id="w", total=len(lines))
    run = jobs.JobRun(job, "w")
    article = _article()
    for pos, (status, where, title) in enumerate(lines, start=1):
        run.record(position=pos, where=where, status=status, title=title, article_id=article if status != "failed" else None,
                   claims=3, message="malformed JSON <script>" if status == "failed" else "")  # fmt: skip
    Job.objects.filter(pk=job.pk).update(status="succeeded", finished_at=timezone.now())
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("name", ["jobs:list", "jobs:detail", "jobs:progress"])
def test_pages_need_login(client, editor, name):
    job = _finished_job(editor)
    url = reverse(name) if name == "jobs:list" else reverse(name, args=[job.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_my_jobs_lists_only_mine(client, editor, editor2, superuser, django_assert_num_queries):
    mine = _finished_job(editor)
    theirs = _finished_job(editor2)
    client.force_login(editor)
    with django_assert_num_queries(5):  # session, user, count, page (with who), permissions (nav)
        response = client.get(reverse("jobs:list"))
    html = response.content.decode()
    assert reverse("jobs:detail", args=[mine.pk]) in html
    assert reverse("jobs:detail", args=[theirs.pk]) not in html
    assert "1 imported, 0 already present, 1 failed" in html
    client.force_login(superuser)
    html = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:detail", args=[theirs.pk]) in html and reverse("jobs:detail", args=[mine.pk]) in html


def test_nav_links_to_jobs(client, reviewer):
    client.force_login(reviewer)
    assert f'href="{reverse("jobs:list")}"' in client.get(reverse("jobs:list")).content.decode()


def test_someone_elses_job_is_not_found(client, editor, editor2, superuser):
    job = _finished_job(editor)
    client.force_login(editor2)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
    client.force_login(superuser)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_finished_job_page_shows_lines_summary_and_no_polling(client, editor, django_assert_num_queries):
    job = _finished_job(editor)
    client.force_login(editor)
    with django_assert_num_queries(6):  # session, user, job, count, lines, permissions (nav)
        response = client.get(reverse("jobs:detail", args=[job.pk]))
    html = response.content.decode()
    # finished: the page does not poll (the menu's notification bell loads on its own)
    assert reverse("jobs:progress", args=[job.pk]) not in html and 'hx-trigger="every' not in html
    assert f"imported  a.jsonl:1  “&lt;b&gt;A&lt;/b&gt;” (3 claims, #{job.items.first().article_id})" in html  # escaped
    assert "failed    a.jsonl:2: malformed JSON &lt;script&gt;" in html
    assert "<script>" not in html.split("</head>")[1]
    assert "1 imported, 0 already present, 1 failed" in html
    assert 'max="2" value="2"' in html
    assert "Cancel job" not in html
    assert 'style="' not in html and "<style" not in html  # CSP: no inline style


def test_running_job_polls_its_progress_until_it_ends(client, editor, runner):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a", "b"])
    Job.objects.filter(pk=job.pk).update(status="running", worker_id="w", heartbeat_at=timezone.now(), started_at=timezone.now())
    job.refresh_from_db()
    article = _article()
    jobs.JobRun(job, "w").record(position=1, where="a", status="imported", title="A", article_id=article, claims=1)
    client.force_login(editor)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    progress_url = reverse("jobs:progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in html and 'hx-trigger="every 1s"' in html
    assert 'max="2" value="1"' in html and "1</span> of <span class=\"job-total\">2</span> done (50%)" in html
    assert "Cancel job" in html and "Latest outcomes" in html
    partial = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="job-progress"') and "<html" not in partial
    assert 'hx-trigger="every 1s"' in partial
    jobs.JobRun(job, "w").record(position=2, where="b", status="present", title="B", article_id=article)
    jobs._finish(job, "w", Job.Status.SUCCEEDED)
    partial = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "hx-get" not in partial  # polling stops
    assert "1 imported, 1 already present, 0 failed" in partial and "Finished" in partial


def test_cancel_needs_post_and_csrf(editor):
    job = jobs.job_create(kind=KIND, created_by=editor, items=["a"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("jobs:cancel", args=[job.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    job.refresh_from_db()
    assert job.status == "queued"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "cancelled"
    response = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert "Not cancelled: this job has already ended." in response.content.decode()


def test_finished_job_lines_are_paginated(client, editor, monkeypatch):
    monkeypatch.setattr(jobs, "LINES_PER_PAGE", 2)
    job = _finished_job(editor, [("imported", f"f.csv:{i}", f"T{i}") for i in range(1, 6)])
    client.force_login(editor)
    html = client.get(reverse("jobs:detail", args=[job.pk]) + "?page=3").content.decode()
    assert "f.csv:5" in html and "f.csv:4" not in html and "Lines 5–5 of 5" in html


# ----------------------------------------------------------------------------- admin


def test_admin_lists_jobs_read_only_and_cancels(client, editor, editor2, superuser):
    mine = jobs.job_create(kind=KIND, created_by=editor, items=["https://example.org/<x>"])
    theirs = _finished_job(editor2)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_job_changelist")).content.decode()
    assert f"/admin/articles/job/{mine.pk}/change/" in html and f"/admin/articles/job/{theirs.pk}/change/" not in html
    page = client.get(reverse("admin:articles_job_change", args=[mine.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "https://example.org/&lt;x&gt;" in body and 'name="_save"' not in body
    assert client.get(reverse("admin:articles_job_add")).status_code == 403
    response = client.post(
        reverse("admin:articles_job_changelist"), {"action": "cancel", "_selected_action": [mine.pk]}, follow=True
    )
    assert "1 job(s) cancelled" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    client.force_login(superuser)
    assert client.get(reverse("admin:articles_job_change", args=[theirs.pk])).status_code == 200
