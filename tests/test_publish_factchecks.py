"""Our approved verdicts are published fact-checks too (issue 12): approval publishes, return withdraws."""

from __future__ import annotations

import pytest

from articles import services
from articles.models import FactCheck


def test_approval_publishes_a_factcheck_and_return_withdraws_it(seeded, editor, reviewer, ratings, settings):
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://factcheck.example.org/"
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="No.")
    assert not FactCheck.objects.exists()  # a verdict alone is not published
    services.verdict_approve(verdict=verdict, editor=editor)
    ours = FactCheck.objects.get()
    assert (ours.origin, ours.claim_id, ours.claim_reviewed) == ("approval", claim.pk, claim.text)
    assert ours.url == f"https://factcheck.example.org/claims/{claim.pk}/"
    assert ours.rating_text == ratings["false"].label
    services.verdict_return(claim=claim, editor=editor, note="Check the figure again.")
    assert not FactCheck.objects.exists()
    verdict.refresh_from_db()
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"], version=verdict.version)
    services.verdict_approve(verdict=verdict, editor=editor)
    assert FactCheck.objects.get().rating_text == ratings["true"].label  # approved again: published again


def test_a_refused_approval_publishes_nothing(seeded, reviewer, ratings):
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"])
    with pytest.raises(services.Denied):
        services.verdict_approve(verdict=verdict, editor=reviewer)
    assert not FactCheck.objects.exists()


def test_dismissing_an_approved_claim_withdraws_its_factcheck(seeded, editor, reviewer, ratings):
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"])
    services.verdict_approve(verdict=verdict, editor=editor)
    assert FactCheck.objects.filter(claim=claim).exists()
    services.claim_dismiss(claims=[claim], reason="opinion", actor=editor)
    assert not FactCheck.objects.exists()
