"""Any screen (issue 15) in a real browser: at 390 px (a phone) no page is wider than the screen,
the navigation wraps so that every item (Log out included) is on screen, and on the review pages
the claim panel comes first with the article text one tap away; at 1920 px the article page
shows text, claims and panel side by side. Screenshots of both go to docs/."""

from __future__ import annotations

import pytest

from .test_a11y import login, settle, world  # noqa: F401  (world: the fixture newsroom uses)

pytestmark = [pytest.mark.e2e, pytest.mark.backend_independent, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(world):  # noqa: F811
    return world


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1920, "height": 1080}


@pytest.fixture
def sized(browser):
    contexts = []

    def make(viewport, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


PAGES = [
    "/articles/",
    "/articles/queue/",
    "/articles/approvals/",
    "/articles/add/",
    "/articles/log/",
    "/factchecks/",
    "/jobs/",
    "/account/",
    "/account/tokens/",
    "/webhooks/",
    "/team/members/",
    "/team/ratings/",
    "/team/notifications/",
    "/team/dashboard/",
    "/articles/shortcuts/",
]


def test_no_page_is_wider_than_a_phone_and_the_navigation_wraps(sized, live_server, newsroom):
    page = sized(PHONE)
    login(page, live_server, "ed")
    a, c = newsroom["article"].pk, newsroom["claim"].pk
    too_wide = {}
    for path in [*PAGES, f"/articles/{a}/?claim={c}", f"/team/claims/{c}/comments/"]:
        page.goto(live_server.url + path)
        settle(page)
        if page_width(page) > PHONE["width"]:
            too_wide[path] = page_width(page)
    assert too_wide == {}
    logout = page.get_by_role("button", name="Log out ed")
    b = logout.bounding_box()
    assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], b  # on screen, not off to the right


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_page_at_390_puts_the_panel_first_with_the_text_one_tap_away(
    sized, live_server, newsroom, shot, scheme
):
    page = sized(PHONE, scheme)
    login(page, live_server, "rev")
    claim = newsroom["claim"]
    page.goto(f"{live_server.url}/articles/{newsroom['article'].pk}/?claim={claim.pk}")
    settle(page)
    panel, claims, text = box(page, ".panel-col"), box(page, ".claims-col"), box(page, ".text-col")
    assert panel["y"] < claims["y"] < text["y"]  # the panel, the claim list, then the text
    assert panel["y"] < 700  # the panel starts on the first screen, under the header
    assert page_width(page) <= PHONE["width"]
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, f"responsive-article-390-{scheme}", docs=True)
    page.get_by_role("link", name="Show the claim in the article text").click()  # one tap
    mark = page.locator(f"#hl-{claim.pk}")
    b = mark.bounding_box()
    assert -1 <= b["y"] < PHONE["height"], b  # the claim, in the text, on screen
    assert page.evaluate("location.hash") == f"#hl-{claim.pk}"


def test_queue_at_390_shows_the_panel_with_a_link_to_the_article(sized, live_server, newsroom, shot):
    page = sized(PHONE)
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/articles/queue/")
    settle(page)
    assert page_width(page) <= PHONE["width"]
    assert box(page, "#claim-panel")["y"] < 700
    link = page.locator("#panel-title a")  # the claim in its article: one tap away
    assert link.get_attribute("href").startswith(f"/articles/{newsroom['article'].pk}/?claim=")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "responsive-queue-390", docs=True)


def test_article_page_and_queue_at_1920(sized, live_server, newsroom, shot):
    page = sized(DESKTOP)
    login(page, live_server, "rev")
    page.goto(f"{live_server.url}/articles/{newsroom['article'].pk}/?claim={newsroom['claim'].pk}")
    settle(page)
    text, claims, panel = box(page, ".text-col"), box(page, ".claims-col"), box(page, ".panel-col")
    assert text["x"] < claims["x"] < panel["x"]  # three columns side by side
    assert abs(text["y"] - panel["y"]) < 5
    assert page_width(page) <= DESKTOP["width"]
    assert not page.get_by_role(
        "link", name="Show the claim in the article text"
    ).is_visible()  # the text is beside it
    shot(page, "responsive-article-1920", docs=True)
    page.goto(f"{live_server.url}/articles/queue/")
    settle(page)
    assert page_width(page) <= DESKTOP["width"]
    shot(page, "responsive-queue-1920", docs=True)
