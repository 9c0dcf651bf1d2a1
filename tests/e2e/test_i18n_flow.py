"""The review flow in Spanish (issue 14): the browser asks for Spanish (Accept-Language from the
context's locale); the reviewer opens an article, picks a claim, rates it from the keyboard,
saves and sees the Spanish confirmation; the texts app.js shows come in Spanish too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_es(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    pg.on("response", lambda r: r.status >= 400 and pg.console_errors.append(f"HTTP {r.status} {r.url}"))
    yield pg
    context.close()


def test_reviewer_works_a_claim_in_spanish(page_es, live_server, reviewer, seeded):
    from articles.models import Claim, Verdict

    page = page_es
    article = seeded[0]
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.locator("input[name=username]").fill("rev")
    page.locator("input[name=password]").fill("pw-rev")
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Afirmación 1\b"))).to_be_visible()
    page.keyboard.press("j")  # pick the next claim: the panel swaps in place
    expect(page.get_by_role("heading", name=re.compile(r"^Afirmación 2\b"))).to_be_visible()
    expect(page.get_by_role("group", name=re.compile(r"^Tu calificación"))).to_be_visible()
    page.keyboard.press("2")  # the second rating of the scale
    expect(page.get_by_role("button", name="Mostly true", exact=True)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("r")
    page.keyboard.type("Las cifras del ministerio lo confirman.")
    page.keyboard.press("Escape")  # leave the text box: letter keys are shortcuts again
    page.keyboard.press("s")  # save
    status = page.locator("[data-save-status]")
    expect(status).to_have_text("Guardado tu veredicto sobre la afirmación 2.")
    row = page.locator(f"#claim-row-{claims[1].pk}")
    expect(row).to_contain_text("Revisada")
    expect(page.locator("#progress")).to_contain_text("1 de")
    expect(page.get_by_text("Your rating")).to_have_count(0)

    page.keyboard.press("n")  # save and next: the confirmation names both claims
    expect(page.get_by_role("heading", name=re.compile(r"^Afirmación 3\b"))).to_be_visible()
    expect(page.locator("[data-save-status]")).to_have_text("Guardado tu veredicto sobre la afirmación 2; ahora la afirmación 3.")

    # a text app.js writes: the claim filter's count, from the page's translated data-* attribute
    page.locator("[data-search]").fill("zzz-no-claim-says-this")
    expect(page.locator("[data-claim-count]")).to_have_text(f"0 de {len(claims)} afirmaciones mostradas")

    verdict = Verdict.objects.get(claim=claims[1])
    assert (verdict.rating.slug, verdict.rationale) == ("mostly-true", "Las cifras del ministerio lo confirman.")
    assert page.console_errors == []
