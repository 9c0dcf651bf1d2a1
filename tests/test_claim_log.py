"""Claims logged by hand (issue 11): a post, a quote, a tip, reviewed and published like any claim."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from articles import exports, policy, services
from articles.models import Article, Claim, History
from articles.policy import SYSTEM, Denied

SAID = "Crime in Chicago rose 40 percent last year, more than in any other city."


def log(actor=SYSTEM, **kw):
    args = {"text": SAID, "speaker": "Jane Doe", "url": "https://social.example/jd/status/1", "medium": "social"}
    args.update(kw)
    return services.claim_log(**args, created_by=actor)


def test_a_logged_claim_is_a_one_claim_item_with_exact_offsets(db, editor):
    claim = log(editor, text=f"  {SAID}\n", published_on=dt.date(2026, 11, 2), note="reader tip #12")
    assert claim.logged_now is True
    article = claim.article
    assert article.kind == Article.Kind.STATEMENT and article.medium == "social"
    assert article.text == SAID and article.url == "https://social.example/jd/status/1"
    assert article.published_on == dt.date(2026, 11, 2) and article.created_by == editor
    assert article.title == f"Jane Doe: “{SAID}”"
    assert (claim.position, claim.start, claim.end, claim.text) == (1, 0, len(SAID), SAID)
    assert article.text[claim.start : claim.end] == claim.text
    assert claim.speaker == "Jane Doe" and claim.status == Claim.Status.UNREVIEWED
    assert claim.checkworthiness > 0.5 and "percentage" in claim.cues
    assert (article.claim_count, article.unreviewed_count) == (1, 1)
    event = History.objects.get(claim=claim)
    assert event.action == History.Action.CREATE and event.actor == editor and event.note == "reader tip #12"


def test_a_multi_sentence_statement_stays_one_claim(db):
    text = "We built 300 schools. Nobody else built even half of that."
    claim = log(text=text)
    assert Claim.objects.filter(article=claim.article).count() == 1 and claim.text == text


def test_logging_the_same_claim_again_returns_the_first(db):
    first = log()
    again = log(speaker="jane  doe")  # same person, typed differently
    assert again.pk == first.pk and again.logged_now is False
    assert Article.objects.count() == 1
    other_speaker = log(speaker="John Roe")
    assert other_speaker.pk != first.pk
    # the same words said by someone else are the same claim text: linked as a repeat
    assert other_speaker.duplicate_of_id == first.pk


def test_several_claims_may_come_from_one_post(db):
    one = log(text="Unemployment fell to 3 percent in March.")
    two = log(text="Wages rose 12 percent since 2020.")
    assert one.article.url == two.article.url and one.article_id != two.article_id


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"text": "   "}, "text", "write the claim as it was said"),
        ({"text": "x" * 5001}, "text", "over the 5,000 limit"),
        ({"speaker": "s" * 201}, "speaker", "longer than 200"),
        ({"medium": "carrier pigeon"}, "medium", "unknown medium 'carrier pigeon'"),
        ({"url": "javascript:alert(1)"}, "url", "http:// or https://"),
        ({"published_on": dt.date.today() + dt.timedelta(days=3)}, "published_on", "in the future"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(db, kw, field, message):
    with pytest.raises(services.ServiceError) as err:
        log(**kw)
    assert message in err.value.message and err.value.field == field
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_only_those_who_may_import_log_claims(db, reviewer, outsider):
    for who in (reviewer, outsider):
        with pytest.raises(Denied):
            log(who)
    assert not Article.objects.exists()


def test_a_logged_claim_is_reviewed_approved_and_exported(db, editor, reviewer, ratings, settings):
    claim = log(editor, published_on=dt.date(2026, 10, 1))
    assert claim in policy.review_queue(reviewer)
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="FBI data show 3%.")
    services.verdict_approve(verdict=verdict, editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    [review] = exports.claimreviews()
    assert review["claimReviewed"] == SAID
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert review["itemReviewed"]["datePublished"] == "2026-10-01"
    assert review["itemReviewed"]["appearance"] == {"@type": "SocialMediaPosting", "url": "https://social.example/jd/status/1"}
    rows = list(exports.rows())
    assert any(SAID in [str(c) for c in row] for row in rows)


# ----------------------------------------------------------------------------- the page


def test_the_log_page_logs_a_claim_and_opens_it(client, editor):
    client.force_login(editor)
    page = client.get(reverse("articles:log_claim"))
    assert page.status_code == 200 and "Log a claim by hand" in page.content.decode()
    response = client.post(
        reverse("articles:log_claim"),
        {"text": SAID, "speaker": "Jane Doe", "medium": "tv", "url": "", "published_on": "2026-11-01", "note": ""},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('articles:detail', args=[claim.article_id])}?claim={claim.pk}"
    detail = client.get(response["Location"]).content.decode()
    assert "Logged by hand" in detail and "TV" in detail
    again = client.post(reverse("articles:log_claim"), {"text": SAID, "speaker": "Jane Doe", "medium": "tv", "published_on": "2026-11-01"}, follow=True)
    assert "already logged" in again.content.decode() and Claim.objects.count() == 1


def test_the_log_page_shows_errors_inline_and_escapes(client, editor):
    client.force_login(editor)
    response = client.post(reverse("articles:log_claim"), {"text": "", "speaker": "<b>x</b>", "url": "ftp://x", "medium": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Write the claim as it was said." in body
    assert "Enter an http:// or https:// URL." in body
    assert "Select a valid choice" in body
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body
    assert not Article.objects.exists()
    future = client.post(reverse("articles:log_claim"), {"text": SAID, "published_on": "2999-01-01"})
    assert "the date is in the future" in future.content.decode() and not Article.objects.exists()


def test_the_log_page_is_for_editors(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("articles:log_claim")).status_code == 403
    assert client.post(reverse("articles:log_claim"), {"text": SAID}).status_code == 403
    assert not Article.objects.exists()


def test_claimreview_of_a_page_keeps_the_headline_for_articles(seeded, editor, reviewer, ratings):
    claim = seeded[0].claims.order_by("position").first()
    verdict = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_approve(verdict=verdict, editor=editor)
    [review] = exports.claimreviews()
    assert review["itemReviewed"]["appearance"]["headline"] == seeded[0].title
    json.dumps(review)


def test_add_article_links_logging_a_claim_and_importing_factchecks(client, editor):
    client.force_login(editor)
    page = client.get(reverse("articles:add")).content.decode()
    assert reverse("articles:log_claim") in page and reverse("factchecks:import") in page
    assert reverse("factchecks:list") in page  # the menu
