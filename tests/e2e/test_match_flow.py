"""A reviewer settles "Checked before" suggestions from the keyboard: not the same, same claim,
add as source, save."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..test_match_reviews import factcheck, suggest
from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reviewer_confirms_a_match_and_cites_it_from_the_keyboard(page, live_server, reviewer, seeded, ratings, shot):
    from articles.models import Claim, ClaimMatch, History, Verdict

    article = seeded[0]
    claim = Claim.objects.filter(article=article).order_by("position").first()
    wrong = suggest(claim, factcheck(1, headline="Unrelated: bridge tolls", publisher_name="Other Desk", rating_text="Half true"), score=0.97)
    right = suggest(
        claim, factcheck(2, headline="What the minister really said", publisher_name="Checker", rating_text="False"), score=0.9
    )
    login(page, live_server, "rev", "pw-rev")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    section = page.locator("#checked-before")
    expect(section.get_by_role("heading", name="Checked before (2)")).to_be_visible()  # loaded after the page
    expect(section.locator(".match.current")).to_have_attribute("data-match", str(wrong.pk))
    page.locator(".panel-col").evaluate("el => { el.scrollTop = 0; }")
    shot(page, "match-checked-before", element=page.locator(".panel-col"))

    page.keyboard.press("x")  # not the same: gone for good
    expect(section.get_by_role("heading", name="Checked before (1)")).to_be_visible()
    expect(page.locator("#checked-before")).to_contain_text("will not be suggested again")
    page.keyboard.press("c")  # same claim (the one left is current)
    expect(page.locator("#checked-before .badge.same")).to_have_text("Same claim")
    page.keyboard.press("2")  # a rating, and a rationale typed but not saved
    page.keyboard.press("r")
    page.keyboard.type("Checker found the same quote false.")
    page.keyboard.press("Escape")
    page.keyboard.press("u")  # add as source: the form comes back with the fact-check filled in
    expect(page.get_by_label("Source URL").first).to_have_value("https://checker.example/fc/2")
    expect(page.get_by_label("Source title").first).to_have_value("What the minister really said")
    expect(page.get_by_label("Rationale")).to_have_value("Checker found the same quote false.")
    expect(page.get_by_role("button", name="Mostly true", exact=True)).to_have_attribute("aria-pressed", "true")
    assert not Verdict.objects.filter(claim=claim).exists()  # nothing saved before Save
    page.locator(".panel-col").evaluate("el => { el.scrollTop = 0; }")
    shot(page, "match-added-as-source", element=page.locator(".panel-col"))
    page.keyboard.press("s")
    expect(page.locator("#claim-panel")).to_contain_text("saved: Mostly true")

    assert ClaimMatch.objects.get(pk=wrong.pk).status == "rejected"
    assert ClaimMatch.objects.get(pk=right.pk).status == "confirmed"
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.rationale == "Checker found the same quote false."
    assert [(s.url, s.publisher) for s in verdict.sources.all()] == [("https://checker.example/fc/2", "Checker")]
    assert History.objects.filter(claim=claim, changes__has_key="checked before").count() == 2
    page.get_by_text(re.compile(r"^History \(")).click()
    expect(page.locator(".history-list")).to_contain_text("checked before: Suggested → Same claim")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-dialog")).to_contain_text("not the same (never suggested again)")
    assert page.console_errors == []
