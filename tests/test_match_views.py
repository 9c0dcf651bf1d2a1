"""The "Checked before" section: panel, HTMX and no-JS decisions, add as source, CSRF, query
counts, the "has a likely match" filters, export columns, ClaimReview, admin pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from articles import exports, match_reviews, services
from articles.models import Claim, ClaimMatch, MatchSettings, Verdict

from .test_match_reviews import factcheck, suggest

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claims(seeded) -> list[Claim]:
    return list(Claim.objects.filter(article=seeded[0]).order_by("position"))


@pytest.fixture
def match(claims) -> ClaimMatch:
    return suggest(claims[0], factcheck(1, headline='<script>alert("x")</script> Council', publisher_name="Checker & Co"))


def panel(client, claim, **extra):
    return client.get(reverse("articles:claim", args=[claim.pk]), **HX, **extra)


def verdict_data(rating="", rationale="", version=0, rows=1, **extra):
    data = {
        "rating": rating, "rationale": rationale, "version": str(version),
        "sources-TOTAL_FORMS": str(rows), "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0", "sources-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(extra)
    return data


# ----------------------------------------------------------------------------- the panel


def test_panel_shows_checked_before_escaped(client, reviewer, match):
    client.force_login(reviewer)
    html = panel(client, match.claim).content.decode()
    assert 'id="checked-before"' in html and "Checked before (1)" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Council" in html
    assert "Checker &amp; Co" in html
    assert '<a href="https://checker.example/fc/1" rel="noopener noreferrer" target="_blank">' in html
    assert "Likely the same claim" in html and "score 0.90" in html and "4.1 million" in html and "Ana Silva" in html
    assert f'action="{reverse("matches:confirm", args=[match.pk])}"' in html
    assert f'action="{reverse("matches:reject", args=[match.pk])}"' in html
    assert f'formaction="{reverse("matches:source", args=[match.pk])}"' in html and 'form="verdict-form"' in html
    assert "<kbd>c</kbd> same claim" in html


def test_no_section_without_suggestions(client, reviewer, claims):
    client.force_login(reviewer)
    assert 'id="checked-before"' not in panel(client, claims[0]).content.decode()


def test_the_article_page_loads_the_section_after_itself(client, reviewer, match):
    client.force_login(reviewer)
    page = client.get(reverse("articles:detail", args=[match.article_id]) + f"?claim={match.claim_id}").content.decode()
    url = reverse("matches:claim", args=[match.claim_id])
    assert f'hx-get="{url}"' in page and f'<noscript><p class="help"><a href="{url}">' in page
    section = client.get(url, **HX)
    assert section.status_code == 200 and 'id="checked-before"' in section.content.decode()
    standalone = client.get(url).content.decode()  # without JavaScript: a page of its own
    assert "<html" in standalone and 'name="from" value="matches"' in standalone and "data-match-source" not in standalone
    other = Claim.objects.filter(article_id=match.article_id).exclude(pk=match.claim_id).first()
    empty = client.get(reverse("matches:claim", args=[other.pk]), **HX)  # no suggestion: nothing to swap in
    assert empty.status_code == 200 and empty.content == b""


def test_outsider_gets_403(client, outsider, match):
    client.force_login(outsider)
    assert client.get(reverse("matches:claim", args=[match.claim_id]), **HX).status_code == 403
    assert client.post(reverse("matches:confirm", args=[match.pk]), **HX).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).status == "suggested"


# ----------------------------------------------------------------------------- decisions


def test_htmx_confirm_swaps_the_section(client, reviewer, match):
    client.force_login(reviewer)
    response = client.post(reverse("matches:confirm", args=[match.pk]), **HX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="checked-before"')
    assert "Marked as the same claim" in html and 'class="badge same"' in html
    assert ClaimMatch.objects.get(pk=match.pk).status == "confirmed"


def test_htmx_reject_hides_it_for_good(client, reviewer, match):
    client.force_login(reviewer)
    html = client.post(reverse("matches:reject", args=[match.pk]), **HX).content.decode()
    assert "will not be suggested again" in html and f'id="match-{match.pk}"' not in html
    assert 'id="checked-before"' not in panel(client, match.claim).content.decode()


def test_no_js_decisions_redirect_back(client, reviewer, match):
    client.force_login(reviewer)
    response = client.post(reverse("matches:confirm", args=[match.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("articles:detail", args=[match.article_id]))
    response = client.post(reverse("matches:reject", args=[match.pk]), {"from": "queue"})
    assert response.url == f"{reverse('articles:queue')}?claim={match.claim_id}"
    match.status = "suggested"
    match.save()
    response = client.post(reverse("matches:confirm", args=[match.pk]), {"from": "matches"})
    assert response.url == reverse("matches:claim", args=[match.claim_id])


def test_refused_decision_is_shown_in_the_section(client, reviewer, match):
    client.force_login(reviewer)
    Claim.objects.filter(pk=match.claim_id).update(status="dismissed")
    response = client.post(reverse("matches:confirm", args=[match.pk]), **HX)
    assert response.status_code == 422 and "dismissed" in response.content.decode()


def test_decisions_need_csrf(reviewer, match):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(reverse("matches:confirm", args=[match.pk]), **HX).status_code == 403
    assert client.post(reverse("matches:source", args=[match.pk]), verdict_data(), **HX).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).status == "suggested"


def test_get_is_refused(client, reviewer, match):
    client.force_login(reviewer)
    assert client.get(reverse("matches:confirm", args=[match.pk])).status_code == 405


# ----------------------------------------------------------------------------- add as source


def test_add_as_source_fills_the_form_and_keeps_what_was_typed(client, reviewer, match):
    client.force_login(reviewer)
    data = verdict_data(rating="false", rationale="Typed, not saved yet.", rows=1)
    response = client.post(reverse("matches:source", args=[match.pk]), data, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="claim-panel"' in html
    assert "Typed, not saved yet." in html and 'name="rating" value="false" data-rating-input' in html
    assert 'value="https://checker.example/fc/1"' in html and 'value="Checker &amp; Co"' in html and 'value="2026-03-01"' in html
    assert 'data-dirty="1"' in html and "save your verdict to keep it" in html
    assert not Verdict.objects.filter(claim=match.claim).exists()  # nothing saved
    # pressing Save afterwards stores it, with the typed rationale
    saved = dict(data)
    saved.update({"sources-0-url": "https://checker.example/fc/1", "sources-0-title": "t", "sources-0-publisher": "Checker"})
    client.post(reverse("articles:verdict_save", args=[match.claim_id]), saved, **HX)
    v = Verdict.objects.get(claim=match.claim)
    assert v.rationale == "Typed, not saved yet." and [s.url for s in v.sources.all()] == ["https://checker.example/fc/1"]


def test_add_as_source_appends_a_row_when_none_is_blank_and_never_twice(client, reviewer, match):
    client.force_login(reviewer)
    data = verdict_data(rating="false", rows=1, **{"sources-0-url": "https://mine.example/"})
    html = client.post(reverse("matches:source", args=[match.pk]), data, **HX).content.decode()
    assert 'value="https://mine.example/"' in html and 'name="sources-1-url"' in html and 'value="https://checker.example/fc/1"' in html
    data = verdict_data(rating="false", rows=1, **{"sources-0-url": "https://checker.example/fc/1"})
    html = client.post(reverse("matches:source", args=[match.pk]), data, **HX).content.decode()
    assert "already among your sources" in html and html.count('value="https://checker.example/fc/1"') == 1


def test_add_as_source_without_js_shows_the_page_with_the_form(client, reviewer, match):
    client.force_login(reviewer)
    response = client.post(reverse("matches:source", args=[match.pk]), verdict_data(rationale="kept"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and "kept" in html and 'value="https://checker.example/fc/1"' in html


# ----------------------------------------------------------------------------- query counts


def test_panel_query_count_is_fixed_with_suggestions(client, editor, claims, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    counts = []
    for n in (0, 1, 6):
        claim = claims[n % len(claims)] if n else claims[2]
        for i in range(n):
            suggest(claim, factcheck(100 * n + i), score=0.5 + i / 20, tier="likely" if i % 2 else "related")
        if n:
            suggest(claim, other=claims[-1], score=0.6, tier="related")
        panel(client, claim)  # warm the caches as a running server has them
        with CaptureQueriesContext(connection) as ctx:
            html = panel(client, claim).content.decode()
        counts.append(len(ctx.captured_queries))
        assert html.count('class="match ') == (n + 1 if n else 0)
    assert counts[0] == counts[1] == counts[2] <= 10, counts
    with django_assert_max_num_queries(10):  # the article page stays within its budget (DESIGN.md)
        client.get(reverse("articles:detail", args=[claims[0].article_id]) + f"?claim={claims[1].pk}")


# ----------------------------------------------------------------------------- filters


def test_article_list_filter_and_marker(client, editor, seeded, match):
    client.force_login(editor)
    html = client.get(reverse("articles:list"), {"match": "likely"}).content.decode()
    assert seeded[0].title in html and seeded[1].title not in html and "likely match</span>" in html
    html = client.get(reverse("articles:list")).content.decode()
    assert seeded[1].title in html and html.count("likely match</span>") == 1
    assert '<option value="likely">Has a likely match</option>' in html
    assert 'name="match" value="likely"' in client.get(reverse("articles:list"), {"match": "likely"}).content.decode()  # export keeps it
    assert client.get(reverse("articles:list"), {"match": "bogus"}).status_code == 200


def test_article_list_query_count_with_the_filter(client, reviewer, seeded, match, django_assert_max_num_queries):
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("articles:list"), {"match": "likely"}).status_code == 200


def test_a_related_or_rejected_match_is_not_likely(client, editor, seeded, match, claims):
    client.force_login(editor)
    match_reviews.match_reject(match=match, actor=editor)
    suggest(claims[1], factcheck(2), tier="related", score=0.6)
    html = client.get(reverse("articles:list"), {"match": "likely"}).content.decode()
    assert "No articles match these filters" in html


def test_export_follows_the_list_filter(client, editor, seeded, match):
    client.force_login(editor)
    body = b"".join(client.get(reverse("articles:export"), {"match": "likely"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {r["article_id"] for r in rows} == {str(seeded[0].pk)}


def test_queue_filter_keeps_to_claims_with_a_likely_match(client, reviewer, claims, match):
    client.force_login(reviewer)
    html = client.get(reverse("articles:queue"), {"match": "likely"}).content.decode()
    assert f'data-claim="{match.claim_id}"' in html and "1 claim left to review with a likely match" in html
    assert '<input type="hidden" name="match" value="likely">' in html
    # save and next stays in the filtered queue: nothing left after this one
    data = verdict_data(rating="false", rows=0, **{"from": "queue", "match": "likely"})
    response = client.post(reverse("articles:verdict_save", args=[match.claim_id]), data, **HX)
    assert "Your queue is empty" in response.content.decode()
    assert response["HX-Push-Url"] == reverse("articles:queue") + "?match=likely"
    response = client.post(reverse("articles:verdict_save", args=[claims[1].pk]), {**data, "from": "queue"})
    assert response.status_code == 302 and response.url == reverse("articles:queue") + "?match=likely"
    all_claims = client.get(reverse("articles:queue")).content.decode()
    assert "Only claims with a likely match</a>" in all_claims


def test_queue_query_count_with_the_filter(client, reviewer, claims, match, django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("articles:queue"), {"match": "likely"})
    # a fixed number whatever the archive holds: each part of the queue (returned, the article's
    # rest, assigned, unassigned, put aside) is read with a LIMIT and counted up to a cap
    with django_assert_max_num_queries(20):
        assert client.get(reverse("articles:queue"), {"match": "likely"}).status_code == 200


# ----------------------------------------------------------------------------- exports


def test_export_columns_carry_confirmed_matches_in_score_order(editor, reviewer, ratings, claims, settings):
    settings.FACTCHECK_ORGANIZATION_NAME = "Our Desk"
    settings.FACTCHECK_PUBLISH_BASE_URL = "https://we.example/"
    claim = claims[0]
    a = suggest(claim, factcheck(1, publisher_name="=Evil", rating_text="Pants on Fire"), score=0.8)
    b = suggest(claim, factcheck(2, publisher_name="", publisher_site="b.example", rating_text="False"), score=0.95)
    suggest(claim, factcheck(3), score=0.99)  # not confirmed: not exported
    other = claims[1]
    v = services.verdict_save(claim=other, reviewer=reviewer, rating=ratings["mostly-false"])
    services.verdict_approve(verdict=v, editor=editor)
    c = suggest(claim, other=other, score=0.7, tier="related")
    for m in (a, b, c):
        match_reviews.match_confirm(match=m, actor=reviewer)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    services.verdict_save(claim=claim, reviewer=editor, rating=ratings["false"])
    rows = [r for r in csv.DictReader(io.StringIO("".join(exports.csv_chunks()))) if r["claim_id"] == str(claim.pk)]
    assert len(rows) == 2  # one per verdict, the claim's matches on each
    for r in rows:
        assert r["checked_before_urls"] == f"https://checker.example/fc/2 | https://checker.example/fc/1 | https://we.example/claims/{other.pk}/"
        assert r["checked_before_publishers"] == "b.example | =Evil | Our Desk"
        assert r["checked_before_ratings"] == "False | Pants on Fire | Mostly false"
    bare = next(r for r in csv.DictReader(io.StringIO("".join(exports.csv_chunks()))) if r["claim_id"] == str(claims[2].pk))
    assert bare["checked_before_urls"] == bare["checked_before_ratings"] == ""


def test_export_neutralises_formula_cells_in_the_new_columns(reviewer, claims):
    m = suggest(claims[0], factcheck(1, publisher_name="Checker", rating_text="=cmd|' /C calc'!A0"))
    match_reviews.match_confirm(match=m, actor=reviewer)
    row = next(r for r in csv.DictReader(io.StringIO("".join(exports.csv_chunks()))) if r["claim_id"] == str(claims[0].pk))
    assert row["checked_before_urls"] == "https://checker.example/fc/1"
    assert row["checked_before_ratings"].startswith("'=")


def test_claimreview_lists_confirmed_matches_as_subject_of(editor, reviewer, ratings, claims, settings):
    settings.FACTCHECK_PUBLISH_BASE_URL = ""
    claim = claims[0]
    m = suggest(claim, factcheck(1, publisher_name="Checker"), score=0.9)
    suggest(claim, factcheck(2), score=0.95)  # suggested only
    match_reviews.match_confirm(match=m, actor=reviewer)
    v = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    services.verdict_approve(verdict=v, editor=editor)
    reviews = json.loads("".join(exports.claimreview_chunks()))
    review = next(r for r in reviews if r["claimReviewed"] == claim.text)
    assert review["itemReviewed"]["subjectOf"] == [
        {
            "@type": "CreativeWork",
            "url": "https://checker.example/fc/1",
            "headline": "No, the council did not double road spending (1)",
            "publisher": {"@type": "Organization", "name": "Checker"},
            "datePublished": "2026-03-01",
        }
    ]
    assert "appearance" in review["itemReviewed"]  # unchanged: where the claim appeared


# ----------------------------------------------------------------------------- admin


def test_admin_match_settings_one_row_validated(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:articles_matchsettings_changelist")).url == reverse("admin:articles_matchsettings_add")
    bad = {"likely_threshold": "0.5", "related_threshold": "0.7", "min_words_likely": "6", "top_k": "5"}
    response = client.post(reverse("admin:articles_matchsettings_add"), bad)
    assert response.status_code == 200 and "must not be above" in response.content.decode()
    good = {**bad, "likely_threshold": "0.8", "related_threshold": "0.55"}
    assert client.post(reverse("admin:articles_matchsettings_add"), good).status_code == 302
    row = MatchSettings.objects.get()
    assert (row.pk, row.likely_threshold, row.related_threshold) == (1, 0.8, 0.55)
    assert client.get(reverse("admin:articles_matchsettings_changelist")).url == reverse("admin:articles_matchsettings_change", args=[1])
    assert client.get(reverse("admin:articles_matchsettings_add")).status_code == 403  # one row


def test_admin_match_settings_are_for_administrators(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:articles_matchsettings_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_matchsettings_decisions")).status_code == 403


def test_admin_decisions_per_threshold(client, superuser, reviewer, claims):
    MatchSettings.objects.create(pk=1, likely_threshold=0.8, related_threshold=0.5)
    for i, (score, decide) in enumerate([(0.82, "confirm"), (0.84, "confirm"), (0.81, "reject"), (0.62, "reject"), (0.61, None), (1.0, "confirm")]):
        m = suggest(claims[i % len(claims)], factcheck(i), score=score, tier="likely" if score >= 0.8 else "related")
        if decide:
            getattr(match_reviews, f"match_{decide}")(match=m, actor=reviewer)
    from articles.admin_matching import decision_bands

    bands = {b.low: b for b in decision_bands()}
    assert (bands[0.8].confirmed, bands[0.8].rejected, bands[0.8].marks) == (2, 1, ("likely",))
    assert (bands[0.95].confirmed, bands[0.6].rejected, bands[0.6].suggested, bands[0.5].marks) == (1, 1, 1, ("related",))
    assert (bands[0.8].above_confirmed, bands[0.8].above_decided) == (3, 4)
    client.force_login(superuser)
    html = client.get(reverse("admin:articles_matchsettings_decisions")).content.decode()
    assert "“likely” starts here" in html and "“possibly related” starts here" in html and "75% of 4" in html
    assert "style=" not in html.split('id="decision-bands"')[1]


def test_admin_claim_matches_read_only(client, superuser, match):
    client.force_login(superuser)
    html = client.get(reverse("admin:articles_claimmatch_changelist"), {"tier": "likely"}).content.decode()
    assert f"claim #{match.claim_id}" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    assert client.get(reverse("admin:articles_claimmatch_change", args=[match.pk])).status_code == 200
    assert client.post(reverse("admin:articles_claimmatch_change", args=[match.pk]), {"status": "rejected"}).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).status == "suggested"
