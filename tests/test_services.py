"""The write services: ingest, re-split, assign, dismiss, reopen, verdicts, sources, history."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import policy, services
from articles.models import Article, Claim, History, Source, Verdict
from articles.policy import SYSTEM
from articles.text.parse import build_article

pytestmark = pytest.mark.django_db


def _article(title="A test headline about numbers", body=("The budget rose by 12% in 2024, officials said.",), **meta):
    return build_article(title=title, parts=[("body", p) for p in body], **meta)


# ----------------------------------------------------------------------------- ingest


def test_seed_ingest_gives_two_articles_with_claims(seeded):
    lith, ukr = seeded
    assert lith.title.startswith("Lithuania declares more than 1,000")
    assert str(lith.published_on) == "2023-08-04" and lith.dateline == "VILNIUS"
    assert str(ukr.published_on) == "2025-12-10" and ukr.dateline == "KYIV"
    assert len(lith.summary) == 2 and len(ukr.summary) == 2
    for article in seeded:
        claims = list(article.claims.order_by("position"))
        assert [c.position for c in claims] == list(range(1, len(claims) + 1))
        assert claims[0].kind == "headline" and claims[0].text == article.title
        texts = [c.text for c in claims]
        assert "Short Url" not in texts and "Follow" not in texts
        assert texts.count(article.title) == 1, "the repeated headline never becomes a claim"
        assert not any(t.startswith("Updated ") for t in texts)
        for c in claims:
            assert article.text[c.start : c.end] == c.text
            assert 0.0 <= c.checkworthiness <= 1.0
    kinds = set(ukr.claims.values_list("kind", flat=True))
    assert kinds == {"headline", "summary", "subheading", "body"}
    assert ukr.claims.filter(kind="subheading", text="Military aid for Ukraine declines").exists()


def test_seed_claims_carry_cues_and_speakers(seeded):
    lith, ukr = seeded
    c = lith.claims.get(text__startswith="The Migration Department said Friday that it had established that 1,164")
    assert "number" in c.cues and c.speaker
    assert "Migration Department" in c.speaker
    z = ukr.claims.get(text__startswith="Zelensky told reporters late Tuesday")
    assert z.speaker == "Zelensky"
    kiel = ukr.claims.get(text__startswith="But so far this year Ukraine has received just 32.5 billion euros")
    assert "money" in kiel.cues and "Kiel Institute" in kiel.speaker
    # the money sentence scores higher than a bland one
    bland = ukr.claims.get(text="The document also portrays European allies as weak.")
    assert kiel.checkworthiness > bland.checkworthiness


def test_summary_bullet_repeated_in_body_is_linked_as_duplicate(seeded):
    ukr = seeded[1]
    bullet = ukr.claims.get(kind="summary", text__startswith="Ukraine’s European allies are backing")
    body = ukr.claims.get(kind="body", text__startswith="Ukraine’s European allies are backing")
    assert body.duplicate_of_id == bullet.pk and bullet.duplicate_of_id is None
    assert body.fingerprint == bullet.fingerprint


def test_duplicates_link_across_articles_to_the_earliest_claim(seeded):
    lith = seeded[0]
    original = lith.claims.get(text="There was no immediate reaction from the Russian or Belarusian governments.")
    result = services.article_ingest(
        created_by=SYSTEM, parsed=_article(body=("There was no immediate reaction from the Russian or Belarusian governments!",))
    )
    copy = result.article.claims.get(kind="body")
    assert copy.duplicate_of_id == original.pk


def test_reimport_is_a_noop(seeded, seed_path):
    from articles.text import readers

    before = (Article.objects.count(), Claim.objects.count(), History.objects.count())
    outcomes = list(services.articles_import(items=readers.read_paths([seed_path]), created_by=SYSTEM))
    assert [o.status for o in outcomes] == ["present", "present"]
    assert (Article.objects.count(), Claim.objects.count(), History.objects.count()) == before


def test_same_url_with_other_text_is_refused_and_nothing_written():
    services.article_ingest(created_by=SYSTEM, parsed=_article(url="https://example.com/a"))
    before = (Article.objects.count(), Claim.objects.count())
    with pytest.raises(services.ServiceError, match="already has the URL"):
        services.article_ingest(created_by=SYSTEM, parsed=_article(title="Another headline entirely", url="https://example.com/a"))
    assert (Article.objects.count(), Claim.objects.count()) == before


def test_oversize_article_is_refused_before_writing():
    big = _article(body=("Word " * 1000,))
    with pytest.raises(services.ServiceError, match="over the 0.0 MB limit"):
        services.article_ingest(created_by=SYSTEM, parsed=big, max_bytes=1000)
    assert not Article.objects.exists()


def test_bad_url_is_a_clear_error_and_writes_nothing():
    parsed = dataclasses.replace(_article(), url="javascript:alert(1)")
    with pytest.raises(services.ServiceError, match="url"):
        services.article_ingest(created_by=SYSTEM, parsed=parsed)
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_failure_midway_rolls_back_everything(monkeypatch):
    def written_then_fail(**kwargs):
        # the article and its claims are written by now (both the ORM and the PostgreSQL path
        # build the result last, inside the transaction); then something breaks
        assert Claim.objects.exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "IngestResult", written_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        services.article_ingest(created_by=SYSTEM, parsed=_article())
    assert not Article.objects.exists() and not Claim.objects.exists()


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len([q for q in ctx.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))])


def test_ingest_query_count_does_not_grow_with_article_size():
    small = _article(title="Small one here today", body=("One sentence with 5 facts in it.",))
    large = _article(
        title="Large one here today",
        body=tuple(f"Sentence number {i} says prices rose {i}% in 2024." for i in range(300)),
    )
    n_small = _queries(lambda: services.article_ingest(created_by=SYSTEM, parsed=small))
    n_large = _queries(lambda: services.article_ingest(created_by=SYSTEM, parsed=large))
    assert n_small == n_large <= 5
    assert Claim.objects.filter(article__title="Large one here today").count() == 301


def test_claim_offsets_are_enforced_by_clean(seeded):
    from django.core.exceptions import ValidationError

    claim = seeded[0].claims.first()
    claim.end -= 1
    with pytest.raises(ValidationError):
        claim.full_clean()


def test_db_rejects_text_that_does_not_fit_the_offsets(seeded):
    from django.db import IntegrityError, transaction

    claim = seeded[0].claims.get(position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=claim.end + 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=claim.start)


# ----------------------------------------------------------------------------- re-split


def test_resplit_keeps_work_and_unchanged_claims_and_renumbers(seeded, editor, reviewer, ratings):
    article = seeded[1]
    n = article.claims.count()
    ids_before = set(article.claims.values_list("id", flat=True))
    target = article.claims.get(position=7)
    services.verdict_save(claim=target, reviewer=reviewer, rating=ratings["true"], rationale="ok")
    edited = article.claims.get(position=9)
    services.claim_update(claim=edited, actor=editor, speaker="Corrected Speaker")
    body_repeat = article.claims.get(kind="body", text__startswith="Ukraine’s European allies are backing")
    assert body_repeat.duplicate_of_id is not None
    # simulate an older split that missed a sentence
    missing = article.claims.get(position=3)
    article.claims.filter(pk=missing.pk).delete()
    result = services.article_resplit(article=article, actor=editor)
    assert (result.kept, result.added, result.removed) == (n - 1, 1, 0)
    assert article.claims.count() == n
    assert list(article.claims.values_list("position", flat=True)) == list(range(1, n + 1))
    assert ids_before - {missing.pk} <= set(article.claims.values_list("id", flat=True))
    target.refresh_from_db()
    assert target.position == 7 and target.verdicts.count() == 1
    assert Claim.objects.get(pk=edited.pk).speaker == "Corrected Speaker"
    assert Claim.objects.get(pk=body_repeat.pk).duplicate_of_id == body_repeat.duplicate_of_id
    re_added = article.claims.get(position=3)
    assert re_added.text == missing.text and re_added.kind == "summary"
    assert History.objects.filter(article=article, action="resplit").exists()
    # nothing changed: re-split again is a no-op
    again = services.article_resplit(article=article, actor=editor)
    assert (again.added, again.removed) == (0, 0)


# ----------------------------------------------------------------------------- assign / dismiss / reopen


def test_assign_and_unassign_record_history(seeded, editor, reviewer):
    claims = list(seeded[0].claims.all()[:3])
    assert services.claims_assign(claims=claims, assignee=reviewer, actor=editor) == 3
    assert Claim.objects.filter(assignee=reviewer).count() == 3
    assert services.claims_assign(claims=claims, assignee=reviewer, actor=editor) == 0  # nothing changed
    h = History.objects.filter(action="assign", claim=claims[0]).get()
    assert h.actor == editor and h.changes["assignee"] == [None, "rev"]
    assert services.claims_assign(claims=Claim.objects.filter(assignee=reviewer), assignee=None, actor=editor) == 3


def test_cannot_assign_to_someone_who_cannot_review(seeded, editor, outsider):
    with pytest.raises(services.ServiceError, match="cannot review"):
        services.claims_assign(claims=list(seeded[0].claims.all()[:1]), assignee=outsider, actor=editor)


def test_dismiss_needs_a_reason_and_reopen_restores_status(seeded, editor, reviewer, ratings):
    claim = seeded[0].claims.get(position=2)
    with pytest.raises(services.ServiceError, match="reason"):
        services.claim_dismiss(claims=[claim], reason="  ", actor=editor)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    services.claim_dismiss(claims=[claim], reason="opinion", actor=editor)
    claim.refresh_from_db()
    assert claim.status == "dismissed" and claim.dismissed_reason == "Opinion"
    services.claim_dismiss(claims=[Claim.objects.get(pk=claim.pk)], reason="my own reason", actor=editor)
    assert Claim.objects.get(pk=claim.pk).dismissed_reason == "my own reason"
    services.claim_reopen(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert claim.status == "reviewed" and claim.dismissed_reason == ""
    with pytest.raises(services.ServiceError):
        services.claim_reopen(claim=claim, actor=editor)


# ----------------------------------------------------------------------------- verdicts


def test_verdict_flow_single_review(seeded, reviewer, editor, ratings):
    claim = seeded[0].claims.get(position=2)
    v = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="Checked")
    claim.refresh_from_db()
    assert claim.status == "reviewed" and v.version == 1
    v2 = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["mostly-true"], rationale="Checked", version=1)
    assert v2.pk == v.pk and v2.version == 2
    with pytest.raises(services.StaleVersionError):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"], version=1)
    assert Verdict.objects.get(pk=v.pk).rating == ratings["mostly-true"]
    services.verdict_approve(verdict=v2, editor=editor)
    claim.refresh_from_db()
    assert claim.status == "approved"
    with pytest.raises(services.ServiceError, match="approved"):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"], version=3)
    services.verdict_return(claim=claim, editor=editor, note="Needs a second source")
    claim.refresh_from_db()
    assert claim.status == "in_review" and not Verdict.objects.filter(claim=claim, approved_at__isnull=False).exists()
    actions = list(History.objects.filter(claim=claim).order_by("id").values_list("entity", "action"))
    assert ("verdict", "create") in actions and ("verdict", "approve") in actions and ("claim", "return") in actions


def test_second_review_disagreement_is_disputed(settings, seeded, reviewer, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = seeded[0].claims.get(position=2)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    assert Claim.objects.get(pk=claim.pk).status == "disputed"
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["true"], version=1)
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"


def test_only_editors_approve(seeded, reviewer, ratings):
    claim = seeded[0].claims.get(position=2)
    v = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    with pytest.raises(policy.Denied, match="only editors"):
        services.verdict_approve(verdict=v, editor=reviewer)


def test_outsider_cannot_save_a_verdict(seeded, outsider, ratings):
    with pytest.raises(policy.Denied, match="not in a group that reviews"):
        services.verdict_save(claim=seeded[0].claims.first(), reviewer=outsider, rating=ratings["true"])


def test_sources_http_only_and_history(seeded, reviewer, ratings):
    v = services.verdict_save(claim=seeded[0].claims.get(position=2), reviewer=reviewer, rating=ratings["true"])
    with pytest.raises(services.ServiceError, match="http"):
        services.source_save(source=Source(verdict=v, url="ftp://example.com/x"), actor=reviewer)
    s = services.source_save(source=Source(verdict=v, url="https://example.com/report", title="Report"), actor=reviewer)
    s.title = "Annual report"
    services.source_save(source=s, actor=reviewer)
    services.source_delete(source=s, actor=reviewer)
    rows = list(History.objects.filter(entity="source").order_by("id").values_list("action", "changes"))
    assert [r[0] for r in rows] == ["create", "update", "delete"]
    assert rows[1][1] == {"title": ["Report", "Annual report"]}


def test_return_refuses_claims_that_were_not_reviewed(seeded, editor):
    claim = seeded[0].claims.get(position=2)
    services.claim_dismiss(claims=[claim], reason="opinion", actor=editor)
    with pytest.raises(services.ServiceError, match="only an approved, reviewed or disputed claim"):
        services.verdict_return(claim=claim, editor=editor, note="why")
    assert Claim.objects.get(pk=claim.pk).status == "dismissed"
