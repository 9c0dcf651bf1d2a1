"""A new user's walk-through, in a real browser: at a phone's width the claim panel (not the
claim's highlight far down the text) is what is in view after load and after j; a refused save
says so in the sticky bar and puts focus on the first invalid field; `a` fills the empty source
row before adding one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_a11y import login, settle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def panel_in_view(page) -> dict:
    return page.evaluate(
        """() => { const r = document.querySelector('#claim-panel').getBoundingClientRect();
                   return {top: r.top, height: innerHeight, scroll: scrollY}; }"""
    )


def assert_panel_in_view(page, where: str) -> None:
    got = panel_in_view(page)
    assert -1 <= got["top"] < got["height"] * 0.5, (
        where,
        got,
    )  # the panel's top, on the first half of the screen


def test_at_390_the_panel_is_in_view_after_load_and_after_j(phone, live_server, seeded, reviewer):
    article = seeded[0]
    claims = list(article.claims.order_by("position"))
    assert len(claims) > 10
    late = claims[-3]  # its highlight is far down the text (y of thousands of px)
    login(phone, live_server, "rev")
    phone.goto(f"{live_server.url}/articles/{article.pk}/?claim={late.pk}")
    settle(phone)
    far = phone.evaluate(f"document.getElementById('hl-{late.pk}').getBoundingClientRect().top + scrollY")
    assert far > 2 * PHONE["height"]  # the highlight is far below the panel in the page
    assert_panel_in_view(phone, "after load")
    phone.keyboard.press("j")
    phone.wait_for_selector(f"#claim-panel[data-claim='{claims[-2].pk}']")
    settle(phone)
    assert_panel_in_view(phone, "after j")
    phone.keyboard.press("k")
    phone.wait_for_selector(f"#claim-panel[data-claim='{late.pk}']")
    settle(phone)
    assert_panel_in_view(phone, "after k")
    assert phone.console_errors == []


def test_at_390_the_queue_shows_the_panel_after_load_and_after_j(phone, live_server, seeded, reviewer):
    login(phone, live_server, "rev")
    phone.goto(f"{live_server.url}/articles/queue/")
    settle(phone)
    assert_panel_in_view(phone, "queue after load")
    first = phone.get_attribute("#claim-panel", "data-claim")
    phone.keyboard.press("j")
    expect(phone.locator("#claim-panel")).not_to_have_attribute("data-claim", first)
    settle(phone)
    assert_panel_in_view(phone, "queue after j")


def test_wide_layout_still_brings_the_highlight_into_view(browser, live_server, seeded, reviewer):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        article = seeded[0]
        late = list(article.claims.order_by("position"))[-3]
        login(page, live_server, "rev")
        page.goto(f"{live_server.url}/articles/{article.pk}/?claim={late.pk}")
        settle(page)
        mark = page.locator(f"#hl-{late.pk}").bounding_box()
        assert 0 <= mark["y"] < 1080, mark
    finally:
        context.close()


def test_keyboard_save_with_a_bad_source_url_says_why_and_goes_to_the_field(
    page, live_server, seeded, reviewer
):
    article = seeded[0]
    claim = article.claims.order_by("position").first()
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    settle(page)
    rows = "#verdict-form [data-source-forms] [data-source-form]"
    assert page.locator(rows).count() == 1  # "Source URL 1", empty
    page.locator("#claim-panel").focus()
    page.keyboard.press("1")  # a rating
    page.keyboard.press("a")  # the empty row gets the focus: no second row
    assert page.locator(rows).count() == 1
    assert page.evaluate("document.activeElement.name") == "sources-0-url"
    page.keyboard.type("javascript:alert(3)")
    page.keyboard.press("Escape")
    with page.expect_response(lambda r: "/verdict" in r.url or r.request.method == "POST") as answer:
        page.keyboard.press("s")
    assert answer.value.status == 422
    expect(page.locator("#verdict-form [name='sources-0-url']")).to_be_focused()  # not <body>
    status = page.locator("#verdict-form [data-save-status]")
    assert status.inner_text().strip() == "Not saved: 1 problem — see below."
    assert status.get_attribute("role") == "status" and status.is_visible()
    field = page.locator("#verdict-form [name='sources-0-url']")
    assert field.get_attribute("aria-invalid") == "true"
    b = field.bounding_box()
    assert 0 <= b["y"] < 900, b  # in view
    assert "Enter a valid URL." in page.locator("#verdict-form").inner_text()
    # `a` again: the row has text now, so a new row comes
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    assert page.locator(rows).count() == 2
