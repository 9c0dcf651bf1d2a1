"""A job's page in a real browser: the progress bar moves by itself (HTMX polling, under the strict
CSP) while the job runs, the outcome lines and summary appear when it ends, and polling stops."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import jobs
from articles.models import Job

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_job_page_follows_progress_live_and_stops_polling(page, live_server, editor, shot):
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_FILE, created_by=editor, status="running", worker_id="w", total=3,
        started_at=timezone.now(), heartbeat_at=timezone.now(), params={"name": "batch.jsonl", "size": 2048},
    )  # fmt: skip
    run = jobs.JobRun(job, "w")
    polls: list[str] = []
    page.on("request", lambda r: "/progress/" in r.url and polls.append(r.url))
    login(page, live_server, "ed", "pw-ed")
    page.get_by_role("link", name="Jobs").click()
    page.get_by_role("link", name=f"Import a file #{job.pk}").click()
    done = page.locator(".job-done")
    assert done.inner_text() == "0"
    run.record(position=1, where="batch.jsonl:1", status="failed", message="malformed JSON")
    expect(done).to_have_text("1", timeout=10_000)  # no reload: the partial was swapped in
    assert "failed    batch.jsonl:1: malformed JSON" in page.locator(".job-lines").inner_text()
    assert page.locator("#job-bar").get_attribute("value") == "1"
    run.record(position=2, where="batch.jsonl:2", status="failed", message="no text")
    run.record(position=3, where="batch.jsonl:3", status="failed", message="no title")
    jobs._finish(job, "w", Job.Status.SUCCEEDED)
    page.wait_for_selector(".job-status-succeeded", timeout=10_000)
    assert page.locator(".job-summary").first.inner_text() == "0 imported, 0 already present, 3 failed"
    assert page.get_by_role("button", name="Cancel job").count() == 0
    shot(page, "job-finished")
    settled = len(polls)
    assert settled >= 2
    time.sleep(2.5)  # two polling periods: no request follows a finished job's partial
    assert len(polls) == settled
    assert page.console_errors == []


def test_cancel_from_the_job_page(page, live_server, editor):
    job = jobs.job_create(kind=Job.Kind.IMPORT_FILE, created_by=editor, params={"name": "x.csv"})
    login(page, live_server, "ed", "pw-ed")
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    page.get_by_role("button", name="Cancel job").click()
    page.wait_for_selector(".job-status-cancelled", timeout=10_000)
    assert "Cancelled." in page.locator(".messages").inner_text()
    assert page.console_errors == []
