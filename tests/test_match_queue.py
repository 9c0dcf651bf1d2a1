"""articles.match_queue: index updates a request causes go to one queued job (issue 10)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import TestCase

from articles import jobs, match_queue
from articles.match_models import MatchDoc
from articles.models import FactCheck, Job

pytestmark = pytest.mark.django_db


def _index_jobs():
    return list(Job.objects.filter(kind=Job.Kind.MATCH_CLAIMS).order_by("pk"))


def test_saves_in_a_row_share_one_queued_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker: the job stays queued
        first = match_queue.index_later([], [3, 1])
        again = match_queue.index_later([7], [1, 2])
    assert first.pk == again.pk and len(_index_jobs()) == 1
    job = _index_jobs()[0]
    assert job.params["index_claim_ids"] == [1, 2, 3] and job.params["index_factcheck_ids"] == [7]
    assert job.total == 4 and job.params[match_queue.COALESCE_KEY] is True


def test_a_job_a_worker_has_taken_takes_no_more(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = match_queue.index_later([], [1])
        Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
        second = match_queue.index_later([], [2])
        Job.objects.filter(pk=second.pk).update(cancel_requested=True)
        third = match_queue.index_later([], [3])
    assert len({first.pk, second.pk, third.pk}) == 3
    assert Job.objects.get(pk=first.pk).params["index_claim_ids"] == [1]


def test_a_full_job_makes_way_for_a_new_one(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(match_queue, "MAX_IDS", 3)
    with django_capture_on_commit_callbacks(execute=False):
        a = match_queue.index_later([], [1, 2])
        b = match_queue.index_later([], [2, 3])  # 3 ids: still fits
        c = match_queue.index_later([], [4])  # 4: a new job
    assert a.pk == b.pk != c.pk
    assert Job.objects.get(pk=a.pk).params["index_claim_ids"] == [1, 2, 3]


def test_other_match_jobs_are_never_added_to(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        theirs = jobs.job_create(kind=Job.Kind.MATCH_CLAIMS, created_by=None, params={"claim_ids": [9]})
        mine = match_queue.index_later([], [1])
    assert mine.pk != theirs.pk and Job.objects.get(pk=theirs.pk).params == {"claim_ids": [9]}


def test_the_worker_indexes_what_the_job_names(django_capture_on_commit_callbacks):
    fc = FactCheck.objects.create(claim_reviewed="Zebras outnumber people in Kenya", url="https://fc.example/zebras")
    with django_capture_on_commit_callbacks(execute=False):
        job = match_queue.index_later([fc.pk], [])
    assert not MatchDoc.objects.filter(factcheck=fc).exists()
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        jobs.job_run(job.pk, worker_id="w1")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert MatchDoc.objects.filter(factcheck=fc).exists()


def test_a_verdict_saved_on_the_web_is_indexed_by_the_worker(client, reviewer, ratings, django_capture_on_commit_callbacks):
    """Through a request the web worker does no index work (no model in its memory); the queued
    job does it. Outside a request (a command, a job) the index is updated at commit as before."""
    from articles import services
    from articles.models import Claim
    from articles.policy import SYSTEM
    from articles.text import readers

    article = next(
        iter(
            services.articles_import(
                items=readers.read_paste("Harbour news\n\nThe harbour handled 1,200 ships in 2024, the port said."),
                created_by=SYSTEM,
            )
        )
    ).article
    claim = Claim.objects.filter(article=article, text__contains="ships").get()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/articles/claims/{claim.pk}/verdict/",
            {"rating": "false", "rationale": "Port ledger says 900.", "version": 0, "sources-TOTAL_FORMS": 0,
             "sources-INITIAL_FORMS": 0, "sources-MIN_NUM_FORMS": 0, "sources-MAX_NUM_FORMS": 1000},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
    assert response.status_code == 200
    assert not MatchDoc.objects.filter(claim=claim).exists()
    job = Job.objects.get(kind=Job.Kind.MATCH_CLAIMS, params__index_only=True)
    assert job.params["index_claim_ids"] == [claim.pk]
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        jobs.job_run(job.pk, worker_id="w1")
    assert MatchDoc.objects.filter(claim=claim).exists()
