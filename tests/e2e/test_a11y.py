"""Accessibility in a real browser (issue 15): axe-core, vendored as a static test asset
(tests/e2e/vendor/axe.min.js, injected with page.add_script_tag(path=...), never from a CDN), runs
on every page state in the light and the dark colour scheme and finds no serious or critical
violation; every focusable element is reached from the keyboard with a visible focus indicator.

Each run writes what axe found (all impacts, per page and scheme) to
tests/e2e/artifacts/axe-results.json, the figures the README reports.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.backend_independent, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def apage(browser):
    """A page whose context lets Playwright's script tag (axe) run under the app's strict CSP
    (bypass_csp: the app's own scripts still come only from its static files)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (all rules axe runs by default)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }"""
    )


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-" + username)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


@pytest.fixture
def world(editor, reviewer, reviewer2, seeded, ratings, django_user_model):
    """A newsroom mid-day: verdicts (a disputed claim among them), an assignment, a comment with
    a mention and so notifications, published fact-checks, a job, a webhook, an API token, and
    a staff account in no group (the site-wide 403 of the admin's match search)."""
    from articles import jobs, services
    from articles.api.tokens import token_create
    from articles.comments import comment_add
    from articles.models import Claim, Job, Webhook

    from ..test_match_reviews import factcheck

    article = seeded[0]
    claims = list(Claim.objects.filter(article=article).order_by("position")[:4])
    services.verdict_save(
        claim=claims[0], reviewer=reviewer, rating=ratings["false"], rationale="The figure is 4.1, not 41."
    )
    services.verdict_save(
        claim=claims[0], reviewer=reviewer2, rating=ratings["half-true"], rationale="Close enough."
    )
    for slug, claim in zip(("true", "mostly-false"), claims[1:3], strict=True):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings[slug])
    services.claims_assign(claims=[claims[3]], assignee=reviewer, actor=editor)
    comment_add(claim=claims[0], author=reviewer2, body="@ed can you settle this one? @rev")
    for n, (rating, language) in enumerate(
        (("False", "en"), ("Mostly true", ""), ("Unverifiable", "es")), start=1
    ):
        factcheck(
            n, rating_text=rating, language=language
        )  # "": a blank value in the admin's language filter
    job = jobs.job_create(kind=Job.Kind.IMPORT_FILE, created_by=editor, params={"name": "batch.jsonl"})
    Webhook.objects.create(
        url="https://hooks.example.org/factcheck", description="Newsroom chat", secret="s" * 32
    )
    token_create(user=editor, name="CI export", actor=editor)
    django_user_model.objects.create_user(username="staffonly", password="pw-staffonly", is_staff=True)
    return {"article": article, "claim": claims[0], "job": job}


def editor_pages(w) -> list[tuple[str, str]]:
    a, c = w["article"].pk, w["claim"].pk
    return [
        ("article list", "/articles/"),
        ("article page, claim selected", f"/articles/{a}/?claim={c}"),
        ("queue", "/articles/queue/"),
        ("approvals", "/articles/approvals/"),
        ("add article", "/articles/add/"),
        ("log claim", "/articles/log/"),
        ("fact-checks", "/factchecks/"),
        ("fact-check import", "/factchecks/import/"),
        ("jobs list", "/jobs/"),
        ("job detail", f"/jobs/{w['job'].pk}/"),
        ("account", "/account/"),
        ("tokens", "/account/tokens/"),
        ("webhooks", "/webhooks/"),
        ("team members", "/team/members/"),
        ("ratings", "/team/ratings/"),
        ("notifications", "/team/notifications/"),
        ("dashboard", "/team/dashboard/"),
        ("comments", f"/team/claims/{c}/comments/"),
        ("shortcuts", "/articles/shortcuts/"),
        ("password change", "/accounts/password_change/"),
        ("admin index", "/admin/"),
        ("admin changelist", "/admin/articles/claim/"),
        ("admin changelist, a blank value in a filter", "/admin/articles/factcheck/"),
        ("400", "/articles/export.csv?" + "&".join(f"rating=r{i}" for i in range(1001))),
    ]


def settle(page) -> None:
    """Wait until the lazy sections (checked before, comments) are in; a page that polls (a running
    job) never goes quiet, so give up waiting after a few seconds."""
    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeout:
        pass


def visit(page, live_server, path: str) -> None:
    page.goto(live_server.url + path)
    settle(page)


def audit(page, live_server, w, shot) -> dict[str, dict[str, list[dict]]]:
    """{scheme: {page name: violations}} over every page state, each user as the page needs."""
    found: dict[str, dict[str, list[dict]]] = {"light": {}, "dark": {}}

    def check(name: str) -> None:
        found["light"][name] = run_axe(page)
        page.emulate_media(color_scheme="dark")
        page.reload()  # loaded dark: no colour transition half-way when axe reads the colours
        settle(page)
        found["dark"][name] = run_axe(page)
        page.emulate_media(color_scheme="light")

    login(page, live_server, "ed")
    for name, path in editor_pages(w):
        visit(page, live_server, path)
        check(name)
    page.context.clear_cookies()
    visit(page, live_server, "/accounts/login/")
    check("login")
    login(page, live_server, "rev")
    visit(page, live_server, "/team/members/")  # an editors' page: the app's 403 with its reason
    assert page.get_by_role("heading", level=1).count() == 1
    check("403 (policy)")
    page.context.clear_cookies()
    login(page, live_server, "staffonly")
    response = page.goto(f"{live_server.url}/admin/match/?q=roads")  # PermissionDenied: Django's handler
    assert response.status == 403
    check("403 (site-wide)")
    return found


def summary(found) -> dict[str, dict[str, dict[str, int]]]:
    return {
        scheme: {name: dict(Counter(v["impact"] for v in vs)) for name, vs in pages.items()}
        for scheme, pages in found.items()
    }


def test_no_serious_or_critical_axe_violation_on_any_page(apage, live_server, world, shot):
    found = audit(apage, live_server, world, shot)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-results.json").write_text(
        json.dumps({"summary": summary(found), "violations": found}, indent=1), encoding="utf-8"
    )
    assert len(found["light"]) == 27  # every page state was audited
    blocking = [
        f"{scheme} · {name}: {v['id']} ({v['impact']}) {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for scheme, pages in found.items()
        for name, vs in pages.items()
        for v in vs
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)


def focus_ring(page) -> dict:
    """The focused element and whether a focus indicator is drawn around it."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const s = getComputedStyle(el);
          const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
          const r = el.getBoundingClientRect();
          return {tag: el.tagName, text: (el.innerText || el.value || el.name || '').trim().slice(0, 40),
                  href: el.getAttribute('href'), ring, visible: r.width > 0 && r.height > 0};
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_reaches_the_navigation_and_the_panel_with_a_visible_focus(page, live_server, world, scheme):
    page.emulate_media(color_scheme=scheme)
    login(page, live_server, "ed")
    visit(page, live_server, f"/articles/{world['article'].pk}/?claim={world['claim'].pk}")
    page.keyboard.press("Tab")
    first = focus_ring(page)
    assert first["text"] == "Skip to content" and first["visible"] and first["ring"], first
    page.keyboard.press("Enter")  # the skip link lands on the main content
    assert page.evaluate("location.hash") == "#main"
    page.reload()
    settle(page)
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(focus_ring(page))
    unringed = [f for f in seen if not f["ring"] or not f["visible"]]
    assert unringed == [], unringed
    texts = {f["text"] for f in seen}
    for name in (
        "Articles",
        "Approvals",
        "Add article",
        "Fact-checks",
        "Jobs",
        "Team",
        "Account",
        "Log out ed",
    ):
        assert name in texts, (name, sorted(texts))
    assert any(f["tag"] == "SECTION" for f in seen)  # the article text, a scrolling region, is a stop
    page.locator("#claim-panel").focus()  # where a save leaves the focus: the panel's controls follow
    panel = []
    for _ in range(25):
        page.keyboard.press("Tab")
        panel.append(focus_ring(page))
    bad = [f for f in panel if not f["ring"] or not f["visible"]]
    assert bad == [], json.dumps(bad)
    assert "False 5" in {f["text"] for f in panel}, panel  # a rating button (its key hint read too)


# ----------------------------------------------------------------------------- without a browser


def _luminance(hex_: str) -> float:
    channels = [int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_ratings_css_picks_text_colours_with_aa_contrast_for_any_rating_colour(client, reviewer, ratings):
    """The seeded scale and colours an admin might pick (yellow, mid-grey, near-black, white):
    text on the solid colour, and the badge ink on its tint in either colour scheme, >= 4.5:1."""
    import re

    from django.urls import reverse

    from articles.models import Rating

    for n, color in enumerate(("#ffff00", "#777777", "#767676", "#0a0a0a", "#ffffff", "#00ff00", "#3366ff")):
        Rating.objects.create(slug=f"pick-{n}", label=f"Pick {n}", color=color, position=50 + n)
    client.force_login(reviewer)
    css = client.get(reverse("articles:ratings_css")).content.decode()
    light_css, _, dark_css = css.partition("@media (prefers-color-scheme: dark)")
    rules = {
        m["slug"]: dict(re.findall(r"--([-a-z]+): (#[0-9a-f]{6});", m["body"]))
        for m in re.finditer(r"\.rating-(?P<slug>[-\w]+) \{(?P<body>[^}]*)\}", light_css)
    }
    dark = {
        m["slug"]: dict(re.findall(r"--([-a-z]+): (#[0-9a-f]{6});", m["body"]))
        for m in re.finditer(r"\.rating-(?P<slug>[-\w]+) \{(?P<body>[^}]*)\}", dark_css)
    }
    assert set(rules) == set(dark) == set(Rating.objects.values_list("slug", flat=True))
    assert rules["false"]["rating"] == "#c62828"
    for slug, r in rules.items():
        assert _contrast(r["rating-on"], r["rating"]) >= 4.5, (slug, r)
        assert _contrast(r["rating-ink"], r["rating-tint"]) >= 4.5, (slug, r)
        assert _contrast(dark[slug]["rating-ink"], dark[slug]["rating-tint"]) >= 4.5, (slug, dark[slug])
    # the page's own text colour is kept wherever it is readable (a light tint in the light scheme)
    assert rules["false"]["rating-ink"] == "#1d232a" and dark["false"]["rating-ink"] == "#e8ebee"
    assert rules["pick-0"]["rating-on"] == "#000000" and rules["false"]["rating-on"] == "#ffffff"


def test_admin_filter_names_a_blank_value(client, editor):
    """Django's admin shows a blank CharField value in a filter as a link without text."""
    from ..test_match_reviews import factcheck

    factcheck(1, language="")
    factcheck(2, language="es")
    client.force_login(editor)
    html = client.get("/admin/articles/factcheck/").content.decode()
    import re

    links = re.findall(r'<a href="(\?language=[^"]*)">([^<]*)</a>', html)
    assert ("?language=", "(empty)") in links and ("?language=es", "es") in links, links
