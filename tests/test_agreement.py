"""Inter-reviewer agreement (percent and Cohen's kappa) on claims with two or more verdicts."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.agreement import Agreement, agreement


def _table(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> list[list[str]]:
    """A 2x2 contingency table as one [first rating, second rating] pair per claim."""
    return (
        [["yes", "yes"]] * yes_yes + [["yes", "no"]] * yes_no + [["no", "yes"]] * no_yes + [["no", "no"]] * no_no
    )


def test_textbook_two_by_two_table():
    # 50 claims: p_o = (20 + 15) / 50 = 0.7; first rater says yes 25 times, second 30 times:
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    result = agreement(_table(20, 5, 10, 15))
    assert result.claims == 50 and result.agreed == 35
    assert result.percent == pytest.approx(70.0)
    assert result.kappa == pytest.approx(0.4)


def test_second_textbook_table():
    # 100 claims: p_o = 0.6; yes 60/100 and 70/100: p_e = 0.6 * 0.7 + 0.4 * 0.3 = 0.54;
    # kappa = 0.06 / 0.46
    result = agreement(_table(45, 15, 25, 15))
    assert (result.claims, result.agreed) == (100, 60)
    assert result.percent == pytest.approx(60.0)
    assert result.kappa == pytest.approx(0.06 / 0.46)


def test_systematic_disagreement_gives_negative_kappa():
    result = agreement([["true", "false"], ["false", "true"]] * 3)
    assert (result.claims, result.agreed, result.percent) == (6, 0, 0.0)
    assert result.kappa == pytest.approx(-1.0)


def test_perfect_agreement_with_several_ratings_is_kappa_one():
    ratings = ["true", "false", "half-true", "true", "misleading", "false"]
    result = agreement([[r, r] for r in ratings])
    assert result == Agreement(claims=6, agreed=6, percent=100.0, kappa=1.0)


def test_claims_with_fewer_than_two_verdicts_are_ignored():
    with_singles = [[], ["true"], *_table(20, 5, 10, 15), ["false"], []]
    assert agreement(with_singles) == agreement(_table(20, 5, 10, 15))


def test_only_the_first_two_ratings_count():
    # the third verdict would turn each of these into agreement or disagreement if it counted
    result = agreement([["true", "false", "false"], ["true", "true", "false"], ["false", "false", "true", "true"]])
    assert (result.claims, result.agreed) == (3, 2)
    assert result.percent == pytest.approx(200 / 3)
    assert result == agreement([["true", "false"], ["true", "true"], ["false", "false"]])


def test_one_rating_throughout_has_no_kappa():
    result = agreement([["true", "true"]] * 4 + [["true"]])
    assert result == Agreement(claims=4, agreed=4, percent=100.0, kappa=None)


def test_a_rare_second_rating_still_gives_a_kappa():
    # chance agreement is very high (p_e = (1999^2 + 1) / 2000^2 > 0.999) but not total
    result = agreement([["true", "true"]] * 1999 + [["false", "false"]])
    assert result.kappa == pytest.approx(1.0)
    result = agreement([["true", "true"]] * 1998 + [["false", "true"], ["true", "false"]])
    assert result.kappa == pytest.approx(_kappa([("true", "true")] * 1998 + [("false", "true"), ("true", "false")]))
    assert result.kappa < 0


def test_no_claim_with_two_verdicts():
    assert agreement([]) == Agreement(claims=0, agreed=0, percent=None, kappa=None)
    assert agreement([["true"], []]) == Agreement(claims=0, agreed=0, percent=None, kappa=None)


def test_accepts_any_iterable_and_hashable_ratings():
    # a generator (read once) of tuples of rating ids, as a query would give them
    result = agreement(pair for pair in [(1, 1), (2, 1), (2, 2), (3, 3)])
    assert (result.claims, result.agreed) == (4, 3)
    assert result.kappa == pytest.approx(_kappa([(1, 1), (2, 1), (2, 2), (3, 3)]))


# ----------------------------------------------------------------------------- brute force


def _kappa(pairs: list[tuple[object, object]]) -> float | None:
    """Cohen's kappa from the full contingency table, in exact fractions (independent of the
    implementation: marginals are summed from the table's rows and columns)."""
    n = len(pairs)
    cats = sorted({c for pair in pairs for c in pair}, key=repr)
    table = {(a, b): 0 for a in cats for b in cats}
    for a, b in pairs:
        table[a, b] += 1
    p_o = Fraction(sum(table[c, c] for c in cats), n)
    rows = {c: sum(table[c, b] for b in cats) for c in cats}
    cols = {c: sum(table[a, c] for a in cats) for c in cats}
    p_e = sum((Fraction(rows[c], n) * Fraction(cols[c], n) for c in cats), Fraction(0))
    if p_e == 1:
        return None
    return float((p_o - p_e) / (1 - p_e))


_RATING = st.sampled_from(["true", "mostly-true", "half-true", "false", "unverifiable"])


@given(st.lists(st.lists(_RATING, max_size=4), max_size=60))
def test_matches_a_brute_force_computation(claims):
    result = agreement(claims)
    pairs = [(c[0], c[1]) for c in claims if len(c) >= 2]
    assert result.claims == len(pairs)
    assert result.agreed == sum(a == b for a, b in pairs)
    if not pairs:
        assert result.percent is None and result.kappa is None
        return
    assert result.percent == pytest.approx(100 * result.agreed / len(pairs))
    expected = _kappa(pairs)
    if expected is None:
        assert result.kappa is None
    else:
        assert result.kappa == pytest.approx(expected, abs=1e-12)
        assert -1.0 - 1e-12 <= result.kappa <= 1.0 + 1e-12
        # kappa is 1 exactly when every pair agrees
        assert (result.kappa == pytest.approx(1.0)) == (result.agreed == len(pairs))


@given(st.lists(st.tuples(_RATING, _RATING), min_size=1, max_size=40))
def test_kappa_is_symmetric_in_the_two_raters(pairs):
    forward = agreement([list(p) for p in pairs])
    backward = agreement([[b, a] for a, b in pairs])
    assert (forward.claims, forward.agreed, forward.percent) == (backward.claims, backward.agreed, backward.percent)
    if forward.kappa is None:
        assert backward.kappa is None
    else:
        assert forward.kappa == pytest.approx(backward.kappa, abs=1e-12)
    # kappa is None only when both raters used one and the same rating throughout
    firsts, seconds = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    assert (forward.kappa is None) == (len(firsts) == 1 and firsts.keys() == seconds.keys())
