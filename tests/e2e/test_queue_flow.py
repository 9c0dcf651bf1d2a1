"""The review queue from the keyboard (issue 15): a returned claim first with the editor's note
at the top of its panel, j/k in the queue list, the next claim's panel preloaded and shown after
"save and next", skip and defer with a reason."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shown(page) -> int:
    return int(page.locator("#claim-panel").get_attribute("data-claim"))


def test_queue_flow_from_the_keyboard(page, live_server, settings, reviewer, editor, seeded, ratings):
    from articles import policy, services
    from articles.models import Claim, QueueMark, Verdict

    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    returned = Claim.objects.filter(status="unreviewed").order_by("checkworthiness").first()  # the least check-worthy
    services.verdict_save(claim=returned, reviewer=reviewer, rating=ratings["true"])
    services.verdict_return(claim=returned, editor=editor, note="Check the 2021 figure.")

    preloaded = []
    page.on("request", lambda r: r.headers.get("hx-preloaded") == "true" and preloaded.append(r.url))
    login(page, live_server, "rev", "pw-rev")
    page.goto(live_server.url + reverse("articles:queue"))

    # the returned claim first, the editor's note above the verdict form
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(returned.pk))
    note = page.locator("#claim-panel .notice.returned")
    expect(note).to_contain_text("Check the 2021 figure.")
    assert note.evaluate("(n) => !!(n.compareDocumentPosition(document.getElementById('verdict-form')) & Node.DOCUMENT_POSITION_FOLLOWING)")

    # j / k move in the queue list (the panel follows)
    rows = page.locator(".queue-list .claim-row")
    second = int(rows.nth(1).get_attribute("id").removeprefix("claim-row-"))
    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(second))
    expect(rows.nth(1)).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("k")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(returned.pk))
    expect(rows.nth(0)).to_have_class(re.compile(r"\bselected\b"))

    # the next claim's panel is preloaded; "save and next" shows that claim
    nxt = int(page.locator("[data-next-claim]").get_attribute("href").split("claim=")[1].split("&")[0])
    for _ in range(50):  # hx-preload fetches it once the page is idle
        if any(f"/claims/{nxt}/" in url for url in preloaded):
            break
        page.wait_for_timeout(100)
    assert any(f"/claims/{nxt}/" in url for url in preloaded), preloaded
    page.keyboard.press("2")
    page.keyboard.press("n")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(nxt))
    expect(page.locator("[data-save-status]")).to_contain_text("Saved your verdict")
    verdict = Verdict.objects.get(claim=returned, reviewer=reviewer)
    assert verdict.rating.slug == "mostly-true" and not QueueMark.objects.filter(claim=returned, user=reviewer).exists()

    # d, then Enter: skip (no reason needed) -> the next claim; the skipped one goes to the end
    skipped = _shown(page)
    page.keyboard.press("d")
    expect(page.locator("[data-defer-reason]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel")).not_to_have_attribute("data-claim", str(skipped))
    mark = QueueMark.objects.get(claim_id=skipped, user=reviewer)
    assert mark.kind == "skipped"
    assert policy.queue_first(reviewer).pk != skipped

    # d, a reason and a day: deferred, out of the list
    deferred = _shown(page)
    page.keyboard.press("d")
    page.keyboard.type("Waiting for the ministry's answer")
    page.locator("#claim-panel select[name=until]").select_option("1d")
    page.locator("#claim-panel [data-defer]").click()
    expect(page.locator("#claim-panel")).not_to_have_attribute("data-claim", str(deferred))
    mark = QueueMark.objects.get(claim_id=deferred, user=reviewer)
    assert (mark.kind, mark.reason) == ("deferred", "Waiting for the ministry's answer")
    assert timezone.now() + timedelta(hours=23) < mark.due_at < timezone.now() + timedelta(hours=25)
    expect(page.locator(f"#claim-row-{deferred}")).to_have_count(0)
    assert page.console_errors == []


def test_save_and_next_right_after_a_panel_swap_stays_in_the_page(page, live_server, reviewer, seeded, ratings):
    """htmx wires a swapped-in panel up when it settles; a key pressed before that (a fast
    reviewer, or a slow machine) once submitted the bare form: a full page load back to the queue.
    The settle delay is stretched to 3 s here so that the keys always fall inside it."""
    from articles.models import Verdict

    login(page, live_server, "rev", "pw-rev")
    page.goto(live_server.url + reverse("articles:queue"))
    page.evaluate("htmx.config.defaultSettleDelay = 3000")
    rows = page.locator(".queue-list .claim-row")
    second = int(rows.nth(1).get_attribute("id").removeprefix("claim-row-"))
    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(second))
    page.evaluate("window.samePage = true")  # gone if the document is loaded again
    page.keyboard.press("2")
    page.keyboard.press("n")
    expect(page.locator("[data-save-status]")).to_contain_text("Saved your verdict")
    assert Verdict.objects.get(claim_id=second, reviewer=reviewer).rating.slug == "mostly-true"
    assert _shown(page) != second
    assert page.evaluate("window.samePage === true")  # htmx swapped the next claim in: no page load
    assert page.console_errors == []
