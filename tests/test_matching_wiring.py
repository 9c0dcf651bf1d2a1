"""The services start matching (issue 12): every import and every claim logged by hand is matched in
the background, and a claim that gets its first verdict (or loses its last) is re-indexed."""

from __future__ import annotations

from articles import matching, policy, services
from articles.models import Job
from articles.text import readers
from tests.conftest import SEED


def test_an_import_enqueues_one_match_job_for_its_new_articles(db):
    outcomes = list(services.articles_import(items=readers.read_paths([SEED]), created_by=policy.SYSTEM))
    [job] = Job.objects.filter(kind=Job.Kind.MATCH_CLAIMS)
    assert sorted(job.params["article_ids"]) == sorted(o.article.pk for o in outcomes)
    list(services.articles_import(items=readers.read_paths([SEED]), created_by=policy.SYSTEM))  # all present
    assert Job.objects.filter(kind=Job.Kind.MATCH_CLAIMS).count() == 1  # nothing new: no job


def test_an_import_stopped_early_still_matches_what_it_stored(db):
    imports = services.articles_import(items=readers.read_paths([SEED]), created_by=policy.SYSTEM)
    first = next(imports)
    imports.close()  # the consumer stops after one article
    [job] = Job.objects.filter(kind=Job.Kind.MATCH_CLAIMS)
    assert job.params["article_ids"] == [first.article.pk]


def test_a_logged_claim_is_matched(db, editor):
    claim = services.claim_log(text="Crime rose 40 percent last year.", speaker="A", created_by=editor)
    [job] = Job.objects.filter(kind=Job.Kind.MATCH_CLAIMS)
    assert job.params["claim_ids"] == [claim.pk]


def test_first_and_last_verdicts_change_the_archive_the_matcher_searches(seeded, reviewer, ratings, monkeypatch):
    told: list[list[int]] = []
    monkeypatch.setattr(matching, "targets_changed", lambda *, factcheck_ids=(), claim_ids=(): told.append(list(claim_ids)))
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert told == [[claim.pk]]  # its first verdict: now a claim with a verdict
    verdict.refresh_from_db()
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"], version=verdict.version)
    assert told == [[claim.pk]]  # a changed verdict changes nothing the matcher keeps
    services.verdict_delete(verdict=verdict, actor=reviewer)
    assert told == [[claim.pk], [claim.pk]]  # its last verdict gone
