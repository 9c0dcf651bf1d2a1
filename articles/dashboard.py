"""The per-reviewer dashboard (issue 15): claims done per day, agreement with the others, and
Cohen's kappa per pair of reviewers (``articles.agreement``), with the charts' geometry
computed here so the template draws them as inline SVG (no script, no inline style: CSP-safe,
from the app's own files).

"Done" is a verdict given: a claim counts on the day its reviewer first saved a verdict on it.
Agreement reads the verdicts saved in the last ``AGREEMENT_DAYS`` days (bounded work at
archive scale): for every claim with two or more of them, every pair of its reviewers is one
observation of that pair (their two ratings).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .agreement import Agreement, agreement
from .models import Verdict

DAYS = 30
AGREEMENT_DAYS = 90


@dataclass(frozen=True, slots=True)
class Bar:
    day: dt.date
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class DailyChart:
    bars: list[Bar]
    total: int
    peak: int
    width: int
    height: int
    first: dt.date
    last: dt.date


@dataclass(frozen=True, slots=True)
class PairRow:
    a: Any  # user
    b: Any
    agreement: Agreement
    x: float  # the kappa bar (0..width for kappa 0..1; negative kappa: width 0)
    width: float


@dataclass(frozen=True, slots=True)
class Dashboard:
    subject: Any | None  # the reviewer, or None: everyone
    chart: DailyChart
    with_others: Agreement  # the subject's ratings against the others' (everyone: all pairs)
    pairs: list[PairRow]
    days: int
    agreement_days: int


def daily_counts(*, reviewer_ids: Iterable[int] | None, since: dt.date, until: dt.date) -> dict[dt.date, int]:
    """Verdicts saved per day (in the current time zone) between ``since`` and ``until``
    inclusive, by these reviewers (None: everyone)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min), tz)
    qs = Verdict.objects.filter(created_at__gte=start, created_at__lt=end)
    if reviewer_ids is not None:
        qs = qs.filter(reviewer_id__in=list(reviewer_ids))
    rows = qs.annotate(day=TruncDate("created_at", tzinfo=tz)).values("day").annotate(n=Count("id")).order_by("day")
    return {r["day"]: r["n"] for r in rows}


def bar_chart(counts: dict[dt.date, int], *, since: dt.date, until: dt.date, width: int = 600, height: int = 120) -> DailyChart:
    """One bar per day (empty days included), scaled to the busiest day."""
    days = [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]
    peak = max((counts.get(d, 0) for d in days), default=0)
    slot = width / max(1, len(days))
    bars = []
    for i, day in enumerate(days):
        n = counts.get(day, 0)
        h = 0.0 if peak == 0 else round(n / peak * (height - 4), 1)
        bars.append(Bar(day=day, count=n, x=round(i * slot + 1, 1), y=round(height - h, 1), width=round(max(1.0, slot - 2), 1), height=h))
    return DailyChart(bars=bars, total=sum(b.count for b in bars), peak=peak, width=width, height=height, first=since, last=until)


def rating_pairs(*, since: dt.datetime, subject_id: int | None = None) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """For each pair of reviewers (lower id first), their two ratings on each claim both rated
    (verdicts saved since ``since``; with ``subject_id``, only claims the subject rated)."""
    qs = Verdict.objects.filter(created_at__gte=since)
    if subject_id is not None:
        qs = qs.filter(claim_id__in=Verdict.objects.filter(created_at__gte=since, reviewer_id=subject_id).values("claim_id"))
    per_claim: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for claim_id, reviewer_id, rating_id in qs.order_by("claim_id", "created_at", "id").values_list("claim_id", "reviewer_id", "rating_id"):
        per_claim[claim_id].append((reviewer_id, rating_id))
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for verdicts in per_claim.values():
        for (ra, a), (rb, b) in combinations(sorted(verdicts), 2):
            if ra != rb:
                pairs[(ra, rb)].append((a, b))
    return pairs


def with_others(pairs: dict[tuple[int, int], list[tuple[int, int]]], subject_id: int | None) -> Agreement:
    """The subject's rating first and the other's second, over all their pairs (everyone: all pairs)."""
    rows: list[Sequence[int]] = []
    for (ra, rb), obs in pairs.items():
        if subject_id is None:
            rows += obs
        elif subject_id in (ra, rb):
            rows += obs if ra == subject_id else [(b, a) for a, b in obs]
    return agreement(rows)


def build(*, subject: Any | None, today: dt.date | None = None, days: int = DAYS) -> Dashboard:
    """The dashboard of ``subject`` (a reviewer), or of everyone (``subject`` None)."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    sid = subject.pk if subject is not None else None
    counts = daily_counts(reviewer_ids=None if sid is None else [sid], since=since, until=today)
    chart = bar_chart(counts, since=since, until=today)
    pairs = rating_pairs(since=timezone.now() - dt.timedelta(days=AGREEMENT_DAYS), subject_id=sid)
    if sid is not None:
        pairs = {k: v for k, v in pairs.items() if sid in k}
    users = get_user_model().objects.in_bulk({u for k in pairs for u in k})
    rows = []
    for (ra, rb), obs in sorted(pairs.items()):
        ag = agreement(obs)
        k = max(0.0, ag.kappa) if ag.kappa is not None else 0.0
        rows.append(PairRow(a=users.get(ra), b=users.get(rb), agreement=ag, x=0.0, width=round(k * 200, 1)))
    rows.sort(key=lambda r: (-r.agreement.claims, str(r.a), str(r.b)))
    return Dashboard(subject=subject, chart=chart, with_others=with_others(pairs, sid), pairs=rows, days=days, agreement_days=AGREEMENT_DAYS)
