"""A reviewer works a seed article from the keyboard; an editor settles a disputed claim."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reviewer_rates_from_the_keyboard_and_it_persists(page, live_server, reviewer, seeded, shot):
    from articles.models import Claim, Verdict

    article = seeded[0]
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    login(page, live_server, "rev", "pw-rev")
    page.get_by_role("link", name=article.title).click()
    panel = page.get_by_role("region", name=re.compile(r"^Claim 1\b"))
    expect(panel).to_be_visible()
    page.keyboard.press("j")  # select the next claim: the panel swaps in place
    expect(page.get_by_role("heading", name=re.compile(r"^Claim 2\b"))).to_be_visible()
    assert page.locator("mark.selected").inner_text() == claims[1].text  # highlighted in the text
    page.keyboard.press("2")  # the second rating of the scale
    expect(page.get_by_role("button", name="Mostly true", exact=True)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("r")
    page.keyboard.type("The ministry's own figures say so.")
    page.keyboard.press("Escape")
    page.get_by_label("Source URL").first.fill("https://example.org/report")
    page.get_by_label("Source title").first.fill("Ministry report")
    page.keyboard.press("Escape")  # leave the text box: letter keys are shortcuts again
    page.locator(".panel-col").evaluate("el => { el.scrollTop = 0; }")
    shot(page, "claim-panel", docs=True, element=page.locator(".panel-col"))
    page.keyboard.press("n")  # save and next
    expect(page.get_by_role("heading", name=re.compile(r"^Claim 3\b"))).to_be_visible()
    row = page.locator(f"#claim-row-{claims[1].pk}")
    expect(row).to_contain_text("Mostly true")
    expect(row).to_contain_text("Reviewed")
    expect(page.locator("#progress")).to_contain_text("1 of")

    verdict = Verdict.objects.get(claim=claims[1])
    assert (verdict.rating.slug, verdict.rationale) == ("mostly-true", "The ministry's own figures say so.")
    assert [s.url for s in verdict.sources.all()] == ["https://example.org/report"]

    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claims[1].pk}")
    expect(page.get_by_role("button", name="Mostly true", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Rationale")).to_have_value("The ministry's own figures say so.")
    expect(page.get_by_label("Source URL").first).to_have_value("https://example.org/report")
    shot(page, "article-page", docs=True)
    assert page.console_errors == []


def test_editor_approves_a_disputed_claim(page, live_server, editor, reviewer, reviewer2, seeded, ratings, settings, shot):
    from articles import services
    from articles.models import Claim

    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = Claim.objects.filter(article=seeded[0]).order_by("position")[3]
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="Matches the data.")
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"], rationale="Figures are older.")
    assert Claim.objects.get(pk=claim.pk).status == "disputed"

    login(page, live_server, "ed", "pw-ed")
    page.get_by_role("link", name="Approvals").click()
    page.get_by_role("link", name=claim.text[:40], exact=False).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^Claim {claim.position}\b"))).to_be_visible()
    page.get_by_role("button", name="Approve True by rev", exact=True).click()
    expect(page.get_by_text("Approved outcome: True")).to_be_visible()
    expect(page.locator(f"#claim-row-{claim.pk}")).to_contain_text("Approved")
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    shot(page, "editor-approved")
    assert page.console_errors == []
