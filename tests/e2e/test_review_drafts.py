"""Issue 15 in a browser: no lost work (drafts across claims and reloads, Discard, leaving asks),
focus and confirmation after a save, the sticky action bar."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _claim_heading(page, n: int):
    return page.get_by_role("heading", name=re.compile(rf"^Claim {n}\b"))


def test_unsaved_work_survives_moving_and_reloading_until_saved_or_discarded(page, live_server, reviewer, seeded):
    from articles.models import Claim, Verdict

    article = seeded[0]
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    login(page, live_server, "rev", "pw-rev")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claims[1].pk}")
    expect(_claim_heading(page, 2)).to_be_visible()
    page.keyboard.press("3")
    page.keyboard.press("r")
    page.keyboard.type("Draft rationale.")
    page.keyboard.press("Escape")
    page.get_by_label("Source URL").first.fill("https://example.org/draft")
    page.keyboard.press("Escape")
    third = page.locator("#verdict-form [data-key='3']")
    expect(third).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("j")  # another claim, then back: everything is still there
    expect(_claim_heading(page, 3)).to_be_visible()
    page.keyboard.press("k")
    expect(_claim_heading(page, 2)).to_be_visible()
    expect(page.locator("[data-draft-note]")).to_contain_text("Unsaved draft restored")
    expect(page.locator("#verdict-form [data-key='3']")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Rationale")).to_have_value("Draft rationale.")
    expect(page.get_by_label("Source URL").first).to_have_value("https://example.org/draft")

    page.reload()  # and after a reload
    expect(_claim_heading(page, 2)).to_be_visible()
    expect(page.get_by_label("Rationale")).to_have_value("Draft rationale.")
    expect(page.get_by_label("Source URL").first).to_have_value("https://example.org/draft")
    expect(page.locator("#verdict-form [data-key='3']")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Discard").click()  # discard: back to the saved (empty) verdict
    expect(page.get_by_label("Rationale")).to_have_value("")
    expect(page.get_by_label("Source URL").first).to_have_value("")
    expect(page.locator("#verdict-form [data-key='3']")).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.locator("[data-draft-note]")).to_have_count(0)

    # type again and save: the confirmation shows, focus is on the panel (a key is a shortcut)
    page.keyboard.press("2")
    page.keyboard.press("r")
    page.keyboard.type("Saved rationale.")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    expect(page.locator("[data-save-status]")).to_have_text(re.compile(r"Saved your verdict on claim 2"))
    assert page.evaluate("document.activeElement.id") == "claim-panel"
    assert Verdict.objects.get(claim=claims[1]).rationale == "Saved rationale."
    page.keyboard.press("j")  # a shortcut, not a letter typed into a box
    expect(_claim_heading(page, 3)).to_be_visible()
    page.keyboard.press("k")
    expect(_claim_heading(page, 2)).to_be_visible()
    expect(page.locator("[data-draft-note]")).to_have_count(0)  # the saved draft is gone
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('fc-draft:')).length") == 0
    assert page.console_errors == []


def test_leaving_with_unsaved_changes_asks_once(page, live_server, reviewer, seeded):
    article = seeded[0]
    login(page, live_server, "rev", "pw-rev")
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(page.locator("#verdict-form")).to_be_visible()
    page.keyboard.press("1")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/articles/")
    assert dialogs == ["beforeunload"]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_save_actions_stay_in_view(browser, live_server, reviewer, seeded, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        article = seeded[0]
        login(page, live_server, "rev", "pw-rev")
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        page.locator("#verdict-form textarea[name=rationale]").scroll_into_view_if_needed()
        box = page.locator("#verdict-form [data-save]").bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= size[1], box
    finally:
        context.close()


def test_the_claim_list_filters_and_sorts_and_j_skips_hidden_rows(page, live_server, editor, seeded):
    from articles.models import Claim

    article = seeded[0]
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    login(page, live_server, "ed", "pw-ed")
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    filters = page.locator("#claim-filters")
    expect(filters).to_be_visible()
    page.keyboard.press("/")  # the page's search box: the claim filter
    assert page.evaluate("document.activeElement.name") == "text"
    threshold = sorted(c.checkworthiness for c in claims)[-3]
    page.keyboard.press("Escape")
    filters.get_by_label("CW at least").fill(f"{threshold:.2f}")
    visible = page.locator(".claim-list .claim-row:not([hidden])")
    expected = [c for c in claims if round(c.checkworthiness, 2) >= round(threshold, 2)]
    expect(visible).to_have_count(len(expected))
    filters.get_by_label("Order").select_option("cw")
    first = visible.first.get_attribute("data-claim")
    assert int(first) == max(expected, key=lambda c: (c.checkworthiness, -c.position)).pk
    page.locator(f"#claim-row-{first} [data-claim-link]").click()
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", first)
    expect(page.locator(f"#claim-row-{first}")).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("j")  # the next visible row in the shown order
    second = visible.nth(1).get_attribute("data-claim")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", second)
    filters.get_by_label("Status").select_option("dismissed")
    expect(visible).to_have_count(0)
    assert page.console_errors == []
