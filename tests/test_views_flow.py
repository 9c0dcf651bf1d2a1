"""Issue 15, the review flow's server side: the smaller defects (filters, publisher, plurals,
403 pages), bulk dismissal, the approval view."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, Claim, History

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _article(editor, title: str, publisher: str, n: int = 3) -> Article:
    """An article of exactly ``n`` claims (the headline and n-1 sentences), through the real pipeline."""
    from articles.text import readers

    body = " ".join(f"The council spent {100 + i} million euros on road {i} in {1900 + i}." for i in range(n - 1))
    items = readers.read_paste(f"{title}\n\n{body}" if n > 1 else title)
    outcome = next(iter(services.articles_import(items=items, created_by=editor, overrides={"publisher": publisher})))
    assert outcome.article.claims.count() == n
    return outcome.article


def _export_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_invalid_filter_keeps_the_valid_ones_and_refuses_to_export_everything(client, editor):
    a = _article(editor, "Roads report", "Daily Planet")
    b = _article(editor, "Bridges report", "Morning Star")
    client.force_login(editor)
    response = client.get(reverse("articles:list"), {"publisher": "planet", "date_from": "not-a-date"})
    page = response.content.decode()
    assert response.status_code == 200
    assert a.title in page and b.title not in page  # the valid publisher filter still applies
    assert 'id="filter-errors"' in page
    assert "Not applied" in page
    assert 'disabled aria-describedby="export-blocked"' in page  # no "Export CSV" of every article
    # the export itself refuses an invalid filter with a message (never exports everything)
    response = client.get(reverse("articles:export"), {"publisher": "planet", "date_from": "not-a-date"})
    assert response.status_code == 400 and "date" in response.content.decode().lower()


def test_valid_filters_export_what_the_list_shows(client, editor):
    a = _article(editor, "Roads report", "Daily Planet")
    _article(editor, "Bridges report", "Morning Star")
    client.force_login(editor)
    page = client.get(reverse("articles:list"), {"publisher": "planet"}).content.decode()
    assert 'name="publisher" value="planet"' in page and "export-blocked" not in page
    rows = _export_rows(client.get(reverse("articles:export"), {"publisher": "planet"}))
    assert rows and {r["article_id"] for r in rows} == {str(a.pk)}


@pytest.mark.parametrize("typed", ["Daily", "daily", "PLANET", " ily Pla "])
def test_publisher_filter_is_contains_case_insensitive(client, editor, typed):
    a = _article(editor, "Roads report", "The Daily Planet")
    _article(editor, "Bridges report", "Morning Star")
    client.force_login(editor)
    page = client.get(reverse("articles:list"), {"publisher": typed}).content.decode()
    assert a.title in page and "Bridges report" not in page


def test_publisher_filter_treats_wildcards_literally(editor):
    _article(editor, "Roads report", "Daily Planet")
    assert list(Article.objects.of_publisher("%")) == []
    assert list(Article.objects.of_publisher("_")) == []
    assert Article.objects.of_publisher("daily planet", exact=True).count() == 1
    assert Article.objects.of_publisher("daily", exact=True).count() == 0


def test_one_claim_is_singular(client, editor):
    article = _article(editor, "The council spent 4 million euros on roads in 2023", "Daily Planet", n=1)
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "0 of 1 claim done" in page and "1 claims" not in page
    claim = article.claims.get()
    response = client.post(reverse("articles:claims_assign", args=[article.pk]), {"assignee": editor.pk, "claims": [claim.pk]}, follow=True)
    assert "1 claim assigned." in response.content.decode()


def test_a_403_page_has_the_site_layout_and_says_why(client, reviewer, outsider):
    client.force_login(reviewer)
    response = client.get(reverse("articles:add"))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and "<h1>" in page and "Only editors can import articles." in page
    client.force_login(outsider)
    response = client.get(reverse("articles:queue"))
    assert response.status_code == 403 and "You are not in a group that reviews claims." in response.content.decode()


# ----------------------------------------------------------------------------- bulk dismissal (issue 13)


def test_editor_dismisses_ticked_claims_in_bulk_as_not_article_text(client, editor):
    article = _article(editor, "Roads report", "Daily Planet", n=4)
    claims = list(article.claims.order_by("position"))
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "data-bulk-dismiss" in page
    picked = [claims[1].pk, claims[3].pk]
    response = client.post(reverse("articles:claims_dismiss", args=[article.pk]), {"claims": picked, "reason": "not_article_text"}, **HX)
    assert response.status_code == 200 and "2 claims dismissed: not article text." in response.content.decode()
    by_pk = {c.pk: c for c in Claim.objects.filter(article=article)}
    assert [by_pk[pk].status for pk in picked] == ["dismissed", "dismissed"]
    assert {by_pk[pk].dismissed_reason for pk in picked} == {"Not article text"}
    assert by_pk[claims[0].pk].status == by_pk[claims[2].pk].status == "unreviewed"
    events = History.objects.filter(claim_id__in=picked, action=History.Action.DISMISS)
    assert sorted(events.values_list("claim_id", flat=True)) == sorted(picked)
    assert all(e.actor_id == editor.pk for e in events)


def test_bulk_dismissal_is_refused_to_reviewers_and_across_articles(client, editor, reviewer):
    article = _article(editor, "Roads report", "Daily Planet", n=3)
    other = _article(editor, "Bridges report", "Morning Star", n=3)
    mine, theirs = article.claims.first(), other.claims.first()
    client.force_login(reviewer)
    response = client.post(reverse("articles:claims_dismiss", args=[article.pk]), {"claims": [mine.pk], "reason": "not_article_text"})
    assert response.status_code == 403
    client.force_login(editor)
    # one claim of another article: nothing at all is dismissed (all or nothing)
    response = client.post(reverse("articles:claims_dismiss", args=[article.pk]), {"claims": [mine.pk, theirs.pk], "reason": "not_article_text"}, **HX)
    assert response.status_code == 422
    response = client.post(reverse("articles:claims_dismiss", args=[article.pk]), {"claims": [], "reason": "not_article_text"}, **HX)
    assert response.status_code == 422 and "Tick the claims to dismiss." in response.content.decode()
    assert not Claim.objects.filter(status="dismissed").exists()
    assert not History.objects.filter(action=History.Action.DISMISS).exists()


def test_claim_dismiss_service_is_atomic_and_policy_checked(editor, reviewer):
    from articles.policy import Denied

    article = _article(editor, "Roads report", "Daily Planet", n=3)
    claims = list(article.claims.all())
    with pytest.raises(Denied):
        services.claim_dismiss(claims=claims, reason="not_article_text", actor=reviewer)
    assert services.claim_dismiss(claims=claims, reason="not_article_text", actor=editor) == 3
    assert set(Claim.objects.filter(article=article).values_list("dismissed_reason", flat=True)) == {"Not article text"}


# ----------------------------------------------------------------------------- the editor's comparison


@pytest.fixture
def disputed(editor, reviewer, reviewer2, ratings, settings):
    from articles.models import Source

    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    article = _article(editor, "Roads report", "Daily Planet", n=3)
    claim = article.claims.order_by("position")[1]
    a = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="The ministry report confirms the figure.")
    b = services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"], rationale="The ministry report contradicts the figure.")
    Source.objects.create(verdict=a, url="https://example.org/shared", position=0)
    Source.objects.create(verdict=b, url="https://example.org/shared/", position=0)
    Source.objects.create(verdict=b, url="https://example.org/only-b", position=1)
    claim.refresh_from_db()
    assert claim.status == "disputed"
    return claim, a, b


def test_compare_verdicts_marks_rating_words_and_sources(disputed, editor):
    from articles import selectors

    claim, _, _ = disputed
    panel = selectors.claim_panel(claim, editor)
    cmp = panel.compare
    assert cmp is not None and cmp.rating_differs
    assert [w for w, d in cmp.left.rationale if d] == ["confirms"]
    assert [w for w, d in cmp.right.rationale if d] == ["contradicts"]
    assert [(s.url, d) for s, d in cmp.left.sources] == [("https://example.org/shared", False)]
    assert [(s.url, d) for s, d in cmp.right.sources] == [("https://example.org/shared/", False), ("https://example.org/only-b", True)]


def test_the_comparison_comes_before_the_editors_own_form(client, disputed, editor):
    claim, a, b = disputed
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[claim.article_id]), {"claim": claim.pk}).content.decode()
    compare_at, form_at = page.index("data-compare"), page.index('id="verdict-form"')
    assert compare_at < form_at
    section = page[compare_at:form_at]
    assert f'data-compare-verdict="{a.pk}"' in section and f'data-compare-verdict="{b.pk}"' in section
    assert '<mark class="diff">confirms</mark>' in section and '<mark class="diff">contradicts</mark>' in section
    assert section.count(">Approve</button>") == 2
    assert page.count(">Approve</button>") == 2  # not offered twice (once in the comparison only)


def test_nothing_is_approvable_twice(client, disputed, editor, editor2):
    claim, a, b = disputed
    client.force_login(editor)
    response = client.post(reverse("articles:verdict_approve", args=[a.pk]), **HX)
    assert response.status_code == 200
    page = client.get(reverse("articles:detail", args=[claim.article_id]), {"claim": claim.pk}).content.decode()
    assert ">Approve</button>" not in page  # neither verdict of an approved claim is offered
    assert reverse("articles:verdict_approve", args=[b.pk]) not in page
    # and the server refuses it (another editor, the other verdict)
    client.force_login(editor2)
    response = client.post(reverse("articles:verdict_approve", args=[b.pk]), **HX)
    assert response.status_code == 422
    b.refresh_from_db()
    a.refresh_from_db()
    assert b.approved_at is None and a.approved_at is not None
    with pytest.raises(services.ServiceError):
        services.verdict_approve(verdict=b, editor=editor2)
