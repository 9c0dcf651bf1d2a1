"""Check-worthiness scoring: same numbers as scikit-learn, quality on CT24, cues, robustness."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text import checkworthiness as cw

CT24 = Path(__file__).parent / "data" / "ct24"
MODEL = json.loads(cw.MODEL_PATH.read_text(encoding="utf-8"))


def load_ct24(split: str) -> tuple[list[str], list[int]]:
    with open(CT24 / f"CT24_checkworthy_english_{split}.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["Sentence_id", "Text", "class_label"]
    return [r[1] for r in rows[1:]], [int(r[2].strip() == "Yes") for r in rows[1:]]


def prf1(labels: list[int], scores: list[float], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    predicted = sum(1 for s in scores if s >= threshold)
    precision = tp / predicted if predicted else 0.0
    recall = tp / sum(labels)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def average_precision(labels: list[int], scores: list[float]) -> float:
    """scikit-learn's average_precision_score: sum over distinct thresholds of (R_n - R_n-1) P_n."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda p: -p[0])
    positives = sum(labels)
    ap = 0.0
    tp = seen = 0
    prev_recall = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:  # ties form one threshold
            tp += pairs[j][1]
            seen += 1
            j += 1
        recall = tp / positives
        ap += (recall - prev_recall) * (tp / seen)
        prev_recall = recall
        i = j
    return ap


def naive_probability(sentence: str) -> float:
    """An independent, slow re-implementation of the model from the JSON alone."""
    tokens = re.findall(MODEL["settings"]["token_pattern"], sentence.lower())
    grams = tokens + [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    index = {t: i for i, t in enumerate(MODEL["terms"])}
    counts = Counter(g for g in grams if g in index)
    n = MODEL["n_docs"]
    vec = {}
    for g, c in counts.items():
        tf = 1 + math.log(c) if MODEL["sublinear_tf"] else c
        vec[g] = tf * (math.log((n + 1) / (MODEL["df"][index[g]] + 1)) + 1)
    norm = math.sqrt(sum(v * v for v in vec.values()))
    z = MODEL["intercept"] + sum(v / norm * MODEL["coef"][index[g]] for g, v in vec.items())
    bits = cw.cue_bits(sentence)
    z += sum(MODEL["cue_coef"][slug] for i, slug in enumerate(cw.CUE_SLUGS) if bits >> i & 1)
    z += MODEL["length_coef"] * math.log1p(len(tokens)) / 3
    return 1 / (1 + math.exp(-z))


# ----------------------------------------------------------------- model and API


def test_api_constants():
    assert cw.CUE_LABELS == {
        "number": "Number",
        "percentage": "Percentage",
        "money": "Money",
        "comparison": "Comparison",
        "attribution": "Attribution",
        "date": "Date / time",
        "named_entity": "Named entity",
    }
    assert 0.05 <= cw.THRESHOLD <= 0.95
    assert cw.THRESHOLD == MODEL["threshold"]
    assert cw.MODEL_VERSION == MODEL["version"] and cw.MODEL_VERSION.startswith("cw-")
    result = cw.score("Unemployment fell to 3.5 percent in 2019.")
    assert isinstance(result, cw.Score)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = 0.0  # type: ignore[misc]


def test_model_file_is_small_and_complete():
    assert cw.MODEL_PATH.stat().st_size < 3_000_000
    assert len(MODEL["terms"]) == len(MODEL["df"]) == len(MODEL["coef"]) > 10_000
    assert MODEL["terms"] == sorted(MODEL["terms"])
    assert set(MODEL["cue_coef"]) == set(cw.CUE_SLUGS)


def test_probabilities_match_recorded_scikit_learn_values():
    checks = MODEL["checks"]
    assert len(checks) >= 10
    for check in checks:
        assert abs(cw.score(check["text"]).value - check["p"]) < 1e-9, check["text"]
        assert cw.probability(check["text"]) == cw.score(check["text"]).value


def test_fast_path_equals_naive_reimplementation():
    texts, _ = load_ct24("dev")
    extra = [
        "",
        "the " * 100 + "economy",  # a term seen more than the tf table holds
        "jobs jobs jobs and more jobs than ever before",  # repeated terms
        "5 6 7 % $ € a I",  # no vocabulary term at all
    ]
    for text in texts[:300] + extra:
        assert abs(cw.probability(text) - naive_probability(text)) < 1e-12, text


def test_tokeniser_equals_scikit_learn_pattern_on_data():
    texts, _ = load_ct24("dev")
    for text in texts:
        low = text.lower()
        assert cw._TOKEN.findall(low) == re.findall(cw.SKLEARN_TOKEN_PATTERN, low)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_tokeniser_equals_scikit_learn_pattern_on_any_text(text):
    assert cw._TOKEN.findall(text) == re.findall(cw.SKLEARN_TOKEN_PATTERN, text)


# ------------------------------------------------------------------------- quality


def test_test_gold_f1_and_average_precision():
    texts, labels = load_ct24("test_gold")
    assert (len(texts), sum(labels)) == (341, 88)
    scores = [cw.score(t).value for t in texts]
    precision, recall, f1 = prf1(labels, scores, cw.THRESHOLD)
    ap = average_precision(labels, scores)
    assert f1 >= 0.58, (f1, precision, recall)
    assert ap >= 0.68
    # the training script's figures (scikit-learn) are reproduced
    recorded = MODEL["metrics"]["test_gold"]
    assert abs(f1 - recorded["f1"]) < 1e-4
    assert abs(ap - recorded["ap"]) < 1e-4


def test_dev_f1_and_average_precision():
    texts, labels = load_ct24("dev")
    scores = [cw.score(t).value for t in texts]
    _, _, f1 = prf1(labels, scores, cw.THRESHOLD)
    assert f1 >= 0.85
    assert average_precision(labels, scores) >= 0.93


def test_average_precision_helper():
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 1], [0.5, 0.5]) == pytest.approx(0.5)  # one tied threshold
    assert average_precision([1, 1, 0], [0.3, 0.2, 0.1]) == pytest.approx(1.0)


def test_claims_score_higher_than_chatter():
    claims = [
        "Unemployment fell to 3.5 percent in 2019, the lowest level in 50 years.",
        "We have lost 60,000 factories since China joined the World Trade Organization.",
        (
            "But so far this year Ukraine has received just 32.5 billion euros ($37.8 billion), "
            "the Kiel Institute said."
        ),
    ]
    chatter = ["Thank you very much.", "Let me help the governor.", "I think that's a great question."]
    for text in claims:
        assert cw.is_checkworthy(cw.score(text).value), text
    for text in chatter:
        assert not cw.is_checkworthy(cw.score(text).value), text
    assert min(cw.score(t).value for t in claims) > max(cw.score(t).value for t in chatter)


def test_is_checkworthy_uses_threshold():
    assert cw.is_checkworthy(cw.THRESHOLD)
    assert cw.is_checkworthy(1.0)
    assert not cw.is_checkworthy(math.nextafter(cw.THRESHOLD, 0.0))
    assert not cw.is_checkworthy(0.0)


# ----------------------------------------------------------------------------- cues

CUE_CASES = {
    "number": (
        [
            "It has 5 members.",
            "More than a thousand people came.",
            "Two million voted.",
            "COVID-19 hit hard.",
        ],
        ["Nobody came.", "Someone else will do it.", "It was the one."],
    ),
    "percentage": (
        ["Prices rose 5% last year.", "About 5 percent of the population.", "Ten per cent of them."],
        ["Prices rose last year.", "A hundred people.", "The percentile is 5."],
    ),
    "money": (
        [
            "It costs $48.4 billion.",
            "Aid of €5 million.",
            "Just 32.5 billion euros.",
            "Ten dollars each.",
            "A £ 20 fee.",
        ],
        ["It costs a lot.", "He won 5 medals.", "The $ sign.", "US aid fell."],
    ),
    "comparison": (
        [
            "More than 58,000 citizens live there.",
            "It is the largest city.",
            "Aid doubled.",
            "Germany nearly tripled its aid.",
            "A 15 percent cut compared with 2022.",
            "Fewer people came.",
            "A decline in aid.",
        ],
        ["People came.", "It is a city.", "Aid arrived.", "We compared notes."],
    ),
    "attribution": (
        [
            "The minister said it was over.",
            "According to the ministry, it is over.",
            "Zelensky told reporters.",
            "She claimed victory.",
            "The office announced it.",
        ],
        ["The minister left.", "It is over.", "The story was telling.", "The saying goes."],
    ),
    "date": (
        [
            "It happened on Friday.",
            "In 2019 it rose.",
            "It was in the 1990s.",
            "He left yesterday.",
            "Updated 04 August 2023",
            "Prices rose last year.",
            "It opened on 5 May.",
            "In March we won.",
        ],
        ["It happened.", "He has 3000 cows but 1899 sheep.", "You may go.", "They march on.", "May I?"],
    ),
    "named_entity": (
        ["He met Zelensky in Kyiv.", "The talks with NATO failed.", "It was said by the European Union."],
        [
            "Lithuania declared war.",
            "I think so.",
            "He said: “We will win.”",
            "It happened on Friday.",
            "  The economy grew.",
            "I'm sure I'll go.",
        ],
    ),
}


@pytest.mark.parametrize("slug", list(CUE_CASES))
def test_cue_positives_and_negatives(slug):
    positives, negatives = CUE_CASES[slug]
    for text in positives:
        assert slug in cw.score(text).cues, (slug, text)
        assert slug in cw.cues(text), (slug, text)
    for text in negatives:
        assert slug not in cw.score(text).cues, (slug, text)


def test_cues_are_in_fixed_order_and_independent_of_weights():
    text = "The Kiel Institute said $5 billion, or 20 percent more than in 2022, was spent last week."
    result = cw.score(text)
    assert result.cues == (
        "number",
        "percentage",
        "money",
        "comparison",
        "attribution",
        "date",
        "named_entity",
    )
    assert cw.cues(text) == result.cues


def test_empty_and_blank_strings():
    for text in ("", " ", "\n\t", "…", "•"):
        result = cw.score(text)
        assert 0.0 < result.value < 1.0
        assert result.cues == ()
    assert cw.score("").value == pytest.approx(naive_probability(""), abs=1e-12)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_stays_in_range(text):
    result = cw.score(text)
    assert 0.0 <= result.value <= 1.0
    assert result.cues == tuple(s for s in cw.CUE_SLUGS if s in result.cues)
    assert result.cues == cw.cues(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "tax", "cut", "5", "%", "$", "Biden", "said", "more", "than", "2019"]),
        max_size=200,
    )
)
def test_matches_naive_reimplementation_on_word_soup(words):
    text = " ".join(words)
    assert abs(cw.probability(text) - naive_probability(text)) < 1e-12

