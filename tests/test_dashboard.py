"""The per-reviewer dashboard (issue 15): claims per day, agreement, kappa per pair, SVG charts,
who sees whose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import dashboard, services
from articles.agreement import agreement
from articles.models import Verdict


@pytest.fixture
def rated(seeded, reviewer, reviewer2, reviewer3, ratings, settings):
    """rev and rev2 agree on 3 claims, disagree on 1; rev and rev3 disagree on 1."""
    settings.FACTCHECK_VERDICTS_REQUIRED = 3
    claims = list(seeded[0].claims.order_by("position")[:5])
    t, f = ratings["true"], ratings["false"]
    plan = [(t, t, None), (f, f, None), (t, t, None), (t, f, None), (t, None, f)]
    for claim, (a, b, c) in zip(claims, plan, strict=True):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=a)
        if b:
            services.verdict_save(claim=claim, reviewer=reviewer2, rating=b)
        if c:
            services.verdict_save(claim=claim, reviewer=reviewer3, rating=c)
    return claims


def test_kappa_per_pair_reuses_agreement(rated, reviewer, reviewer2, reviewer3):
    d = dashboard.build(subject=None)
    pairs = {(p.a.username, p.b.username): p.agreement for p in d.pairs}
    expected = agreement([("t", "t"), ("f", "f"), ("t", "t"), ("t", "f")])
    assert pairs[("rev", "rev2")] == expected and expected.kappa == pytest.approx(0.5)
    assert pairs[("rev", "rev3")].claims == 1 and pairs[("rev", "rev3")].agreed == 0
    assert d.with_others.claims == 5 and d.with_others.agreed == 3


def test_a_reviewers_own_dashboard_only_has_their_pairs(rated, reviewer2, reviewer3):
    d = dashboard.build(subject=reviewer3)
    assert [(p.a.username, p.b.username) for p in d.pairs] == [("rev", "rev3")]
    assert d.chart.total == 1 and d.with_others.claims == 1


def test_per_day_counts_and_bar_geometry(rated, reviewer):
    today = timezone.localdate()
    Verdict.objects.filter(pk=Verdict.objects.filter(reviewer=reviewer).first().pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    d = dashboard.build(subject=reviewer, today=today)
    counts = {b.day: b.count for b in d.chart.bars}
    assert len(d.chart.bars) == 30 and counts[today] == 4 and counts[today - dt.timedelta(days=2)] == 1
    tallest = max(d.chart.bars, key=lambda b: b.count)
    assert tallest.height == d.chart.height - 4 and tallest.y == 4
    empty = next(b for b in d.chart.bars if b.count == 0)
    assert empty.height == 0 and empty.y == d.chart.height


def test_bar_chart_with_no_data():
    today = dt.date(2026, 1, 31)
    chart = dashboard.bar_chart({}, since=today - dt.timedelta(days=6), until=today)
    assert chart.peak == 0 and [b.height for b in chart.bars] == [0.0] * 7


def test_editors_see_everyone_reviewers_themselves(client, rated, editor, reviewer, reviewer2):
    client.force_login(editor)
    page = client.get(reverse("team:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200 and "the whole desk" in html and "<svg" in html and "style=" not in html
    assert "rev &amp; rev2" in html and "0.50" in html
    assert client.get(reverse("team:dashboard_of", args=[reviewer.pk])).status_code == 200
    client.force_login(reviewer)
    assert ": rev</h1>" in client.get(reverse("team:dashboard")).content.decode()
    assert client.get(reverse("team:dashboard_of", args=[reviewer.pk])).status_code == 200
    assert client.get(reverse("team:dashboard_of", args=[reviewer2.pk])).status_code == 403


def test_outsiders_have_no_dashboard(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("team:dashboard")).status_code == 403
