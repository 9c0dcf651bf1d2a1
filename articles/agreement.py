"""Inter-reviewer agreement on claims with two or more verdicts (pure Python, no Django).

For each claim the first two verdicts (in the order they were saved) are the two "raters":
the first review and the second review. Percent agreement is the share of those claims on
which both gave the same rating; Cohen's kappa corrects it for the agreement expected by
chance from each rater's own rating frequencies:

    kappa = (p_o - p_e) / (1 - p_e),   p_e = sum over ratings of p_first(r) * p_second(r)

Kappa is undefined (None) when chance agreement is already total (both raters used a single,
identical rating throughout).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Agreement", "agreement"]


@dataclass(frozen=True, slots=True)
class Agreement:
    claims: int  # claims with two or more verdicts
    agreed: int
    percent: float | None  # 0..100
    kappa: float | None


def agreement(ratings_per_claim: Iterable[Sequence[object]]) -> Agreement:
    """``ratings_per_claim``: for each claim, its verdicts' ratings in the order they were saved."""
    pairs = [(r[0], r[1]) for r in ratings_per_claim if len(r) >= 2]
    n = len(pairs)
    if n == 0:
        return Agreement(claims=0, agreed=0, percent=None, kappa=None)
    agreed = sum(1 for a, b in pairs if a == b)
    p_o = agreed / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    p_e = sum(first[k] * second.get(k, 0) for k in first) / (n * n)
    kappa = None if p_e >= 1 else (p_o - p_e) / (1 - p_e)
    return Agreement(claims=n, agreed=agreed, percent=100 * p_o, kappa=kappa)
