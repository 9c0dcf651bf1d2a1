"""An editor sets a claim's boundaries and splits it by selecting words in the article text
(issue 15): the browser sends code-point offsets (JavaScript counts UTF-16 units, so an emoji
before the claim is where they differ), the server checks them and stores exactly those."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Road money 🚧\n\n"
    "Fans cheered 😀🎉 at the opening. The council spent 5 million euros on roads in 2023 and "
    "then 7 million euros on bridges. The mayor said taxes would fall by 2 percent next year."
)

# select the first occurrence of ``words`` inside one text node of the article text, as a
# reader's drag would (the Selection API: selectionchange fires as for a mouse selection)
SELECT = """([words, collapse]) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, all.length]); all += node.data; }
  const at = all.indexOf(words);
  if (at < 0) return false;
  const place = (i) => { let k = nodes.length - 1; while (nodes[k][1] > i) k--; return [nodes[k][0], i - nodes[k][1]]; };
  const range = document.createRange();
  range.setStart(...place(at));
  range.setEnd(...place(collapse ? at : at + words.length));
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
}"""


def _select(page, words: str, *, collapse: bool = False) -> None:
    assert page.evaluate(SELECT, [words, collapse]), words
    page.wait_for_timeout(50)  # selectionchange is dispatched asynchronously


def test_editor_sets_bounds_and_splits_by_selecting_text_after_an_emoji(page, live_server, editor):
    from articles import services
    from articles.models import Claim
    from articles.policy import SYSTEM
    from articles.text import readers

    article = next(iter(services.articles_import(items=readers.read_paste(TEXT), created_by=SYSTEM))).article
    text = article.text
    claim = next(c for c in Claim.objects.filter(article=article) if "council spent" in c.text)
    assert len(text[: text.index("council")].encode("utf-16-le")) // 2 > text.index("council")  # emoji before it

    login(page, live_server, "ed", "pw-ed")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim.pk))
    page.locator(".editor-tools summary").click()
    form = page.locator("[data-selection-form]")
    expect(form).to_be_visible()

    # without a selection nothing is sent: the form says what to do
    page.evaluate("() => window.getSelection().removeAllRanges()")
    form.get_by_role("button", name="Set the boundaries to the selection").click()
    expect(form.locator("[data-selection-note]")).to_contain_text("First select words")
    assert Claim.objects.get(pk=claim.pk).version == claim.version

    words = "council spent 5 million euros on roads in 2023 and then 7 million euros on bridges"
    _select(page, words)
    form.get_by_role("button", name="Set the boundaries to the selection").click()
    expect(page.locator("#claim-panel > .notice.ok")).to_contain_text("Boundaries changed")
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (text.index(words), text.index(words) + len(words))
    assert claim.text == words == text[claim.start : claim.end]
    expect(page.locator(f"#hl-{claim.pk}")).to_have_text(words)

    # split where the caret is: before "then"
    page.locator(".editor-tools summary").click()
    _select(page, "then 7 million", collapse=True)
    page.locator("[data-selection-form]").get_by_role("button", name="Split where the selection starts").click()
    expect(page.locator("#claim-panel > .notice.ok")).to_contain_text("split in two")
    claim.refresh_from_db()
    at = text.index("then 7 million")
    second = Claim.objects.get(article=article, position=claim.position + 1)
    assert (claim.start, second.start, second.end) == (text.index(words), at, text.index(words) + len(words))
    assert claim.text == text[claim.start : claim.end] == text[claim.start : at].rstrip()
    assert second.text == text[at : second.end]
    expect(page.locator(f"#hl-{second.pk}")).to_have_text(re.compile(r"^then 7 million euros on bridges$"))
    assert page.console_errors == []


def test_a_selection_the_server_refuses_is_reported(page, live_server, editor):
    """Offsets that overlap the next claim: the server refuses them with its message and nothing changes."""
    from articles import services
    from articles.models import Claim
    from articles.policy import SYSTEM
    from articles.text import readers

    article = next(iter(services.articles_import(items=readers.read_paste(TEXT), created_by=SYSTEM))).article
    claim = next(c for c in Claim.objects.filter(article=article) if "council spent" in c.text)
    before = (claim.start, claim.end, claim.version)
    login(page, live_server, "ed", "pw-ed")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.locator(".editor-tools summary").click()
    _select(page, "on bridges. The mayor said")  # runs into the next claim
    page.locator("[data-selection-form]").get_by_role("button", name="Set the boundaries to the selection").click()
    expect(page.locator("#claim-panel > .notice.error")).to_contain_text("overlaps claim")
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == before
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]
    assert page.console_errors == []
