"""The pure ingest pipeline: every claim draft is exactly its slice of the article text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text.parse import build_article, parse_txt
from articles.text.pipeline import build_claims, content_hash
from tests.conftest import SEED


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(min_size=1, max_size=80),
    body=st.lists(st.text(max_size=200), min_size=1, max_size=5),
)
def test_fuzz_drafts_are_exact_slices(title, body):
    try:
        parsed = build_article(title=title, parts=[("body", p) for p in body])
    except ValueError:
        return  # e.g. an empty title after cleaning: a ParseError, tested in test_text_parse
    drafts = build_claims(parsed.text, parsed.blocks)
    assert [d.position for d in drafts] == list(range(1, len(drafts) + 1))
    for d in drafts:
        assert parsed.text[d.start : d.end] == d.text and d.text.strip() == d.text and d.text
        assert 0.0 <= d.checkworthiness <= 1.0 and len(d.fingerprint) == 32
        assert d.kind in {"headline", "summary", "subheading", "body"}


def test_seed_kinds_and_order():
    _lith, ukr = parse_txt(SEED.read_text(encoding="utf-8"))
    drafts = build_claims(ukr.text, ukr.blocks)
    kinds = [d.kind for d in drafts]
    assert kinds[:3] == ["headline", "summary", "summary"]
    assert kinds.count("subheading") == 2
    assert drafts[0].text == ukr.title
    assert all(a.end <= b.start for a, b in itertools.pairwise(drafts))


def test_content_hash_is_the_identity_of_the_text():
    raw = SEED.read_text(encoding="utf-8")
    lith, _ = parse_txt(raw)
    # the same article pasted with Windows line endings and trailing spaces is the same article
    again, _ = parse_txt(raw.replace("\n", "  \r\n"))
    assert content_hash(lith.text) == content_hash(again.text)
    assert len(content_hash(lith.text)) == 64
    assert content_hash(lith.text) != content_hash(lith.text.replace("1,164", "1,165"))


def test_speakers_carry_over_paragraphs_of_one_quotation():
    from articles.text.pipeline import paragraphs

    text = (
        "Senator Elizabeth Warren said on Monday that the bill was dead.\n\n"
        "“We will fight for every vote. We will not stop.\n\n"
        "“We will be back next year,” she said.\n\n"
        "“It’s over,” Begala said. “They have no path.”\n\n"
        "Republicans disagreed."
    )
    drafts = build_claims(text)
    assert [d.speaker for d in drafts] == [
        "Elizabeth Warren",
        "Elizabeth Warren",
        "Elizabeth Warren",
        "Elizabeth Warren",
        "Begala",
        "Begala",
        "",
    ]
    assert paragraphs(text, [(d.start, d.end) for d in drafts]) == [0, 1, 1, 2, 3, 3, 4]


def test_language_picks_the_speaker_rules():
    text = "„Die Liste der Künstler wird aber immer länger“, sagte Allendorf.\n\nDas sei bekannt, so Meier."
    de = build_claims(text, language="de")
    assert [d.speaker for d in de] == ["Allendorf", "Meier"]
    for d in de:
        assert text[d.start : d.end] == d.text
    # English rules do not know "sagte"; a language without rules of its own attributes nothing
    assert [d.speaker for d in build_claims(text)] == ["", ""]
    assert [d.speaker for d in build_claims(text, language="xx")] == ["", ""]
    # explicit rules win over the language
    from articles.text.speaker import rules_for

    assert [d.speaker for d in build_claims(text, language="en", speaker_rules=rules_for("de"))] == [
        "Allendorf",
        "Meier",
    ]


def test_language_codes_with_regions_and_arabic_offsets():
    text = "قال د. محمد العلي، وزير المالية، إن التضخم تراجع.\nوأضاف: «سنخفض الأسعار»."
    drafts = build_claims(text, language="ar-EG")
    for d in drafts:
        assert text[d.start : d.end] == d.text
    assert [d.speaker for d in drafts] == ["محمد العلي", "محمد العلي"]
    pt = build_claims("“Isso é mentira!”, disse Lula.", language="pt-BR")
    assert [d.speaker for d in pt] == ["Lula"]
