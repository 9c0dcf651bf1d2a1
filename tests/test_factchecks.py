"""articles.factchecks: importing published fact-checks (idempotent by URL, updated, batches that
fail alone), the import_factchecks command, the web pages (editors import; big files a job), the
API, the admin, and our approved verdicts as fact-checks (factcheck_from_approval / withdraw)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from articles import factchecks, jobs, policy, services
from articles.api.tokens import token_create
from articles.models import Claim, FactCheck, Job
from articles.text import factcheck_readers as fr


def _review(i: int, **extra) -> dict:
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": f"https://checks.example/{i}",
        "claimReviewed": f"Claim number {i}", "headline": f"Check {i}", "datePublished": f"2024-01-{i % 28 + 1:02d}",
        "author": {"@type": "Organization", "name": "Checkers", "url": "https://checks.example/"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
        **extra,
    }  # fmt: skip


def _feed(*reviews: dict) -> bytes:
    return json.dumps({"@type": "DataFeed", "dataFeedElement": list(reviews)}).encode()


def _import(data: bytes, name: str = "feed.json", actor=policy.SYSTEM, batch="b1", **kw) -> list[factchecks.Outcome]:
    return list(factchecks.factchecks_import(records=fr.read_bytes(name, data), batch=batch, actor=actor, **kw))


# ----------------------------------------------------------------------------- the service


def test_import_is_idempotent_by_url_and_reports_updates(db):
    first = _import(_feed(_review(1), _review(2), {**_review(3), "url": "nope"}))
    assert [o.status for o in first] == ["imported", "imported", "failed"]
    assert first[2].message == "url 'nope' is not an http(s) URL" and first[2].where == "feed.json (record 3)"
    fc = FactCheck.objects.get(url="https://checks.example/1")
    assert (fc.claim_reviewed, fc.rating_text, fc.rating_value, fc.rating_best, fc.rating_worst) == ("Claim number 1", "False", 1, 5, 1)
    assert (fc.headline, fc.publisher_name, fc.publisher_site, fc.date_published) == ("Check 1", "Checkers", "checks.example", date(2024, 1, 2))
    assert (fc.origin, fc.import_batch, first[0].factcheck_id) == ("import", "b1", fc.pk)
    again = _import(_feed(_review(1), {**_review(2), "claimReviewed": "Changed"}), batch="b2")
    assert [(o.status, o.factcheck_id) for o in again] == [("present", fc.pk), ("updated", first[1].factcheck_id)]
    assert FactCheck.objects.count() == 2
    changed = FactCheck.objects.get(url="https://checks.example/2")
    assert (changed.claim_reviewed, changed.import_batch) == ("Changed", "b2")
    assert FactCheck.objects.get(pk=fc.pk).import_batch == "b1"  # present: untouched


def test_the_same_url_twice_in_one_batch(db):
    outcomes = _import(_feed(_review(1), _review(1), {**_review(1), "headline": "New"}))
    assert [o.status for o in outcomes] == ["imported", "present", "updated"]
    assert len({o.factcheck_id for o in outcomes}) == 1
    assert FactCheck.objects.get().headline == "New"


def test_batches_are_transactions_and_a_refused_batch_fails_alone(db, monkeypatch):
    """A batch the database refuses leaves nothing of itself; its records are then tried one by
    one, so only the bad one fails; the other batches are stored."""
    real = factchecks._targets_changed
    bad_url = "https://checks.example/4"

    def refuse(ids):
        if FactCheck.objects.filter(pk__in=ids, url=bad_url).exists():
            raise DatabaseError("value refused")
        real(ids)

    monkeypatch.setattr(factchecks, "_targets_changed", refuse)
    outcomes = _import(_feed(*[_review(i) for i in range(1, 8)]), batch_size=3)
    assert [o.status for o in outcomes] == ["imported"] * 3 + ["failed", "imported", "imported", "imported"]
    assert "the database refused it: value refused" in outcomes[3].message
    assert set(FactCheck.objects.values_list("url", flat=True)) == {f"https://checks.example/{i}" for i in (1, 2, 3, 5, 6, 7)}


def test_the_matcher_is_told_after_each_batch(db, monkeypatch):
    from articles import matching

    told = []
    monkeypatch.setattr(matching, "targets_changed", lambda **kw: told.append(kw), raising=False)
    _import(_feed(*[_review(i) for i in range(1, 6)]), batch_size=2)
    assert [len(kw["factcheck_ids"]) for kw in told] == [2, 2, 1]
    told.clear()
    _import(_feed(*[_review(i) for i in range(1, 6)]), batch_size=2)
    assert told == []  # nothing changed


def test_only_editors_import(db, reviewer, editor):
    with pytest.raises(policy.Denied):
        factchecks.factchecks_import(records=[], batch="x", actor=reviewer)
    assert _import(_feed(_review(1)), actor=editor)[0].status == "imported"


# ----------------------------------------------------------------------------- the command


def test_command_lines_summary_and_exit_status(db, tmp_path, capsys):
    (tmp_path / "feed.json").write_bytes(_feed(_review(1), {**_review(2), "claimReviewed": ""}))
    (tmp_path / "more.csv").write_text("claim_reviewed,url,rating\nA csv claim,https://checks.example/1,False\nB,https://checks.example/9,True\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_factchecks", str(tmp_path))
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    fc1 = FactCheck.objects.get(url="https://checks.example/1")
    fc9 = FactCheck.objects.get(url="https://checks.example/9")
    assert out.splitlines() == [
        f"imported  {tmp_path}/feed.json (record 1)  “Check 1” (#{fc1.pk})",
        f"updated   {tmp_path}/more.csv:2  “A csv claim” (#{fc1.pk})",
        f"imported  {tmp_path}/more.csv:3  “B” (#{fc9.pk})",
    ]
    assert err.splitlines() == [
        f"failed    {tmp_path}/feed.json (record 2): missing claimReviewed",
        "2 imported, 1 updated, 0 already present, 1 failed",
    ]
    assert fc1.import_batch == "more.csv" and fc9.import_batch == "more.csv"
    call_command("import_factchecks", str(tmp_path / "more.csv"), "--batch", "again")
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == "0 imported, 0 updated, 2 already present, 0 failed"


def test_command_user_must_be_an_editor(db, reviewer, tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(_feed(_review(1)))
    with pytest.raises(CommandError, match="rev may not import fact-checks"):
        call_command("import_factchecks", str(path), "--user", "rev")
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        call_command("import_factchecks", str(path), "--user", "ghost")


# ----------------------------------------------------------------------------- web


def test_import_page_is_for_editors(client, reviewer, editor):
    client.force_login(reviewer)
    assert client.get(reverse("factchecks:import")).status_code == 403
    assert client.get(reverse("factchecks:list")).status_code == 200
    client.force_login(editor)
    assert client.get(reverse("factchecks:import")).status_code == 200
    upload = SimpleUploadedFile("feed.json", _feed(_review(1), {**_review(2), "url": "javascript:x"}))
    r = client.post(reverse("factchecks:import"), {"file": upload})
    assert r.status_code == 422  # something failed: the lines say what
    text = r.content.decode()
    assert "imported  feed.json (record 1)  “Check 1”" in text
    assert "failed    feed.json (record 2): url &#x27;javascript:x&#x27; is not an http(s) URL" in text
    assert "1 imported, 0 updated, 0 already present, 1 failed" in text


def test_list_search_and_order(client, reviewer, django_assert_max_num_queries):
    _import(_feed(_review(1), {**_review(2), "author": {"name": "Other Desk"}, "claimReviewed": "Moon cheese"}, {**_review(3), "datePublished": ""}))
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("factchecks:list"))
    claims = [fc.claim_reviewed for fc in r.context["page"].object_list]
    assert claims == ["Moon cheese", "Claim number 1", "Claim number 3"]  # newest published first, undated last
    r = client.get(reverse("factchecks:list"), {"q": "moon"})
    assert [fc.claim_reviewed for fc in r.context["page"].object_list] == ["Moon cheese"]
    r = client.get(reverse("factchecks:list"), {"publisher": "other"})
    assert [fc.claim_reviewed for fc in r.context["page"].object_list] == ["Moon cheese"]


def test_a_big_upload_is_a_job(client, editor, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.FACTCHECK_JOB_UPLOAD_BYTES = 100
    settings.FACTCHECK_JOB_FILES_DIR = tmp_path / "jobs"
    client.force_login(editor)
    data = _feed(*[_review(i) for i in range(1, 6)], {**_review(6), "url": "ftp://x"})
    with django_capture_on_commit_callbacks(execute=False):
        r = client.post(reverse("factchecks:import"), {"file": SimpleUploadedFile("big.json", data), "batch": "nightly"})
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "import_factchecks" and job.params["batch"] == "nightly"
    _run(job)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.total, job.done, job.counts) == (6, 6, {"imported": 5, "failed": 1})
    assert FactCheck.objects.filter(import_batch="nightly").count() == 5
    first = job.items.order_by("position").first()
    assert (first.status, first.title, first.message) == ("imported", "Check 1", f"#{FactCheck.objects.get(url='https://checks.example/1').pk}")
    lines = [jobs.item_line(i) for i in job.items.order_by("position")]
    assert lines[-1] == "failed    big.json (record 6): url 'ftp://x' is not an http(s) URL"
    assert not (tmp_path / "jobs").exists() or not any((tmp_path / "jobs").iterdir())  # the file is gone


def _run(job: Job) -> None:
    from django.db import transaction
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        jobs.job_run(job.pk, worker_id="w1")


# ----------------------------------------------------------------------------- API


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t', actor=user).secret}"}


def test_api_import_json_and_file_and_list_with_cursor(client, editor, reviewer):
    url = reverse("api:factcheck_import")
    r = client.post(url, _feed(_review(1), _review(2)), content_type="application/json", **_auth(editor))
    assert r.status_code == 201, r.content
    body = r.json()
    assert [o["status"] for o in body["outcomes"]] == ["imported", "imported"]
    assert body["summary"] == "2 imported, 0 updated, 0 already present, 0 failed"
    csv = SimpleUploadedFile("x.csv", b"claim_reviewed,url\nThird,https://checks.example/3\n")
    r = client.post(url, {"file": csv}, **_auth(editor))
    assert r.status_code == 201 and r.json()["outcomes"][0]["where"] == "x.csv:2"
    r = client.post(url, b'{"records": [{"claim_reviewed": "x", "url": "bad"}]}', content_type="application/json", **_auth(editor))
    assert r.status_code == 422 and "url 'bad' is not an http(s) URL" in r.json()["detail"]
    assert client.post(url, _feed(_review(9)), content_type="application/json", **_auth(reviewer)).status_code == 403
    seen, cursor = [], ""
    while True:
        r = client.get(reverse("api:factchecks"), {"limit": 1, "cursor": cursor}, **_auth(reviewer))
        assert r.status_code == 200
        seen += [f["url"] for f in r.json()["results"]]
        cursor = r.json()["next"]
        if not cursor:
            break
    assert seen == ["https://checks.example/2", "https://checks.example/1", "https://checks.example/3"]
    r = client.get(reverse("api:factchecks"), {"q": "third"}, **_auth(reviewer))
    assert [f["claim_reviewed"] for f in r.json()["results"]] == ["Third"]


def test_api_big_import_is_a_job(client, editor, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.FACTCHECK_JOB_UPLOAD_BYTES = 50
    settings.FACTCHECK_JOB_FILES_DIR = tmp_path / "jobs"
    with django_capture_on_commit_callbacks(execute=False):
        r = client.post(reverse("api:factcheck_import"), _feed(_review(1)), content_type="application/json", **_auth(editor))
    assert r.status_code == 202 and r.json()["kind"] == "import_factchecks"


# ----------------------------------------------------------------------------- admin


def test_admin_lists_and_ours_are_read_only(client, editor, db):
    _import(_feed(_review(1)))
    fc = FactCheck.objects.get()
    client.force_login(editor)
    r = client.get(reverse("admin:articles_factcheck_changelist"), {"q": "number"})
    assert r.status_code == 200 and "Claim number 1" in r.content.decode()
    assert client.get(reverse("admin:articles_factcheck_change", args=[fc.pk])).status_code == 200
    FactCheck.objects.filter(pk=fc.pk).update(origin="approval")
    r = client.post(reverse("admin:articles_factcheck_change", args=[fc.pk]), {"claim_reviewed": "hacked", "url": fc.url})
    assert r.status_code == 403
    assert FactCheck.objects.get(pk=fc.pk).claim_reviewed == "Claim number 1"


# ----------------------------------------------------------------------------- ours


@pytest.fixture
def approved(seeded, ratings, reviewer, editor):
    claim = Claim.objects.filter(article=seeded[0]).order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="no", sources=[])
    verdict = services.verdict_approve(verdict=verdict, editor=editor)
    claim.refresh_from_db()
    return claim, verdict


def test_an_approved_verdict_becomes_our_factcheck(approved, settings, ratings, monkeypatch):
    from articles import matching

    told = []
    monkeypatch.setattr(matching, "targets_changed", lambda **kw: told.append(kw), raising=False)
    claim, verdict = approved
    settings.FACTCHECK_ORGANIZATION_NAME = "Our desk"
    settings.FACTCHECK_ORGANIZATION_URL = "https://www.our.example/"
    claim.speaker = "A Minister"
    claim.save(update_fields=["speaker"])
    fc = factchecks.factcheck_from_approval(claim=claim, verdict=verdict)
    assert fc.origin == "approval" and fc.claim_id == claim.pk and fc.import_batch == ""
    assert fc.url == f"/articles/claims/{claim.pk}/"
    assert fc.claim_reviewed == claim.text and fc.claimant == "A Minister"
    scores = [r.score for r in ratings.values() if r.score is not None]
    assert (fc.rating_text, fc.rating_value, fc.rating_best, fc.rating_worst) == (
        ratings["false"].label, ratings["false"].score, max(scores), min(scores),
    )  # fmt: skip
    assert (fc.publisher_name, fc.publisher_site) == ("Our desk", "our.example")
    assert fc.appearance_url == (claim.article.url or "")
    assert fc.date_published is not None
    assert told == [{"factcheck_ids": [fc.pk]}]
    # approving again updates the same row; a published base URL gives the public URL
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://www.our.example/checks/"
    again = factchecks.factcheck_from_approval(claim=claim, verdict=verdict)
    assert again.pk == fc.pk and again.url == f"https://www.our.example/checks/claims/{claim.pk}/"
    # an import of our own URL leaves ours as it is
    [o] = _import(_feed({**_review(1), "url": again.url}))
    assert (o.status, o.factcheck_id) == ("present", fc.pk)
    assert FactCheck.objects.get(pk=fc.pk).origin == "approval"
    # withdrawn when the claim is returned
    assert factchecks.factcheck_withdraw(claim=claim) == fc.pk
    assert not FactCheck.objects.filter(claim=claim).exists()
    assert factchecks.factcheck_withdraw(claim=claim) is None


def test_our_factcheck_takes_over_an_imported_copy(approved, settings):
    claim, verdict = approved
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://our.example/"
    _import(_feed({**_review(1), "url": f"https://our.example/claims/{claim.pk}/"}))
    fc = factchecks.factcheck_from_approval(claim=claim, verdict=verdict)
    assert FactCheck.objects.count() == 1 and fc.origin == "approval" and fc.claim_id == claim.pk
