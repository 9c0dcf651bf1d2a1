"""Segmentation: exact offsets, line breaks end claims, no input crashes it, Golden Rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text.segment import segment

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden_rules_en.json").read_text())
# The 48 English "Golden Rules" of the Pragmatic Segmenter (diasks2/pragmatic_segmenter), as kept
# in the pySBD repository (nipunsadvilkar/pySBD, MIT licence); see GOLDEN["source"].
# We pass 47: only rule 48 (a 4-dot ellipsis that opens the next sentence) fails.
GOLDEN_PASS_COUNT = 47
SEED = Path(__file__).resolve().parent.parent / "articles" / "demo" / "news_articles.txt"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment(text)]


def test_golden_rules_attribution_is_kept():
    assert "pySBD" in GOLDEN["source"] and "pragmatic_segmenter" in GOLDEN["source"]
    assert len(GOLDEN["cases"]) == 48


def test_golden_rules_pass_count():
    passed = [c["id"] for c in GOLDEN["cases"] if [s.strip() for s in sentences(c["input"])] == c["expected"]]
    assert len(passed) == GOLDEN_PASS_COUNT, sorted(set(range(1, 49)) - set(passed))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
        ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
        ("A new US national security strategy released Dec. 5 made it clear.", ["A new US national security strategy released Dec. 5 made it clear."]),
        ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
        ("• 9. The first item • 10. The second item", ["• 9. The first item", "• 10. The second item"]),
        ("It cost $48.4 billion. Then it rose.", ["It cost $48.4 billion.", "Then it rose."]),
        ("You can find it at N°. 1026.253.553. That is where the treasure is.",
         ["You can find it at N°. 1026.253.553.", "That is where the treasure is."]),
    ],
)
def test_known_sentences(text, expected):
    assert sentences(text) == expected


def test_a_line_break_always_ends_a_claim():
    text = "Headline without a full stop\nSub-heading here\nBody sentence one. Body two."
    assert sentences(text) == ["Headline without a full stop", "Sub-heading here", "Body sentence one.", "Body two."]
    # every kind of line boundary str.splitlines() knows
    for brk in ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c"]:
        assert sentences(f"First line{brk}second line") == ["First line", "second line"]


def test_spans_are_trimmed_and_offsets_exact_on_the_seed():
    text = SEED.read_text(encoding="utf-8")
    spans = segment(text)
    assert len(spans) > 60
    for s, e in spans:
        chunk = text[s:e]
        assert chunk == chunk.strip() and chunk and "\n" not in chunk
    # non-ASCII text (curly quotes, dashes) keeps code-point offsets
    quoted = [text[s:e] for s, e in spans if text[s:e].startswith("“Lithuania is a democratic")]
    assert quoted and quoted[0].endswith("he said.")


@pytest.mark.parametrize(
    "text",
    [
        "Plan B\u00a0.",  # sentencex panics on this (capital, no-break space, period)
        "Plan B\u2003. Next one.",
        "X\u3000.\u00a0Y\u2009.",
        "É\u00a0. Ü\u202f.",
        "\u00a0\u00a0.",
        "A\u0301\u00a0. b",
        "🙂 A\u00a0. 🙂",
    ],
)
def test_inputs_that_crash_sentencex_do_not_crash_us(text):
    spans = segment(text)
    for s, e in spans:
        assert text[s:e].strip() == text[s:e] and text[s:e]


def test_nothing_but_whitespace_gives_no_spans():
    assert segment("") == []
    assert segment("   \n\n\t \u00a0\n") == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_fuzz_offsets_are_exact(text):
    spans = segment(text)
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip()
        assert len(piece.splitlines()) == 1, "a claim never crosses a line break"
        last_end = e


_SENTENCEY = st.lists(
    st.sampled_from(
        ["Mr.", "U.S.", "B", "\u00a0", " ", ".", "!", "?", "“", "”", "’", "•", "1.", "a.", "\n", "Dec.", "5", "é", "…", "—", "Hello", "world"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_SENTENCEY)
def test_fuzz_punctuation_heavy_text(text):
    for s, e in segment(text):
        assert text[s:e] and text[s:e] == text[s:e].strip() and "\n" not in text[s:e]
