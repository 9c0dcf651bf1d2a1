"""The article page shows the article's language and lets an editor correct it (issue 14)."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.policy import SYSTEM
from articles.text import readers

pytestmark = pytest.mark.django_db

ARABIC = (
    "الحكومة تعلن خطة جديدة\n\n"
    "قال وزير الاقتصاد إن الحكومة ستخلق مئتي ألف وظيفة بحلول عام 2026. "
    "وأضاف أن معدل البطالة انخفض بنسبة 0,3 في المئة في الربع الأخير."
)


def _import(text: str) -> Article:
    return next(iter(services.articles_import(items=readers.read_paste(text), created_by=SYSTEM))).article


def test_page_shows_the_language_and_arabic_reads_right_to_left(client, reviewer):
    article = _import(ARABIC)
    assert article.language == "ar"
    client.force_login(reviewer)
    html = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert 'data-article-language="ar"' in html and "Arabic (ar)" in html
    assert 'id="article-text" lang="ar" dir="rtl"' in html
    assert "Correct the language" not in html  # reviewers do not correct it


def test_the_text_direction_follows_the_articles_language_not_the_ui(client, reviewer):
    """An English article read in the Arabic UI stays left to right; Hebrew (no rules of its own)
    still reads right to left."""
    article = _import(ARABIC)
    client.force_login(reviewer)
    url = reverse("articles:detail", args=[article.pk])
    Article.objects.filter(pk=article.pk).update(language="en")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'id="article-text" lang="en" dir="ltr"' in html
    Article.objects.filter(pk=article.pk).update(language="he")
    assert 'id="article-text" lang="he" dir="rtl"' in client.get(url).content.decode()


def test_an_unsupported_language_says_so(client, reviewer):
    article = _import(ARABIC)
    Article.objects.filter(pk=article.pk).update(language="sq")
    client.force_login(reviewer)
    html = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "no rules of its own for this language" in html


def test_editor_corrects_the_language(client, editor):
    article = _import(ARABIC)
    Article.objects.filter(pk=article.pk).update(language="en")
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "Correct the language" in page
    done = client.post(reverse("articles:language", args=[article.pk]), {"language": "ar"}, follow=True)
    article.refresh_from_db()
    assert article.language == "ar"
    assert "Language set to Arabic" in done.content.decode()
    bad = client.post(reverse("articles:language", args=[article.pk]), {"language": "<b>x"}, follow=True)
    assert "is not a language code" in bad.content.decode() and "<b>x" not in bad.content.decode()


def test_reviewer_cannot_correct_the_language(client, reviewer):
    article = _import(ARABIC)
    client.force_login(reviewer)
    response = client.post(reverse("articles:language", args=[article.pk]), {"language": "en"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.language == "ar"


def test_article_list_filters_by_language(client, reviewer):
    arabic = _import(ARABIC)
    english = _import("Budget vote\n\nThe council approved a budget of 2 million dollars on Monday.")
    other = _import("Zgjedhjet\n\nZgjedhjet lokale u shtyn për shkak të pandemisë në të gjithë vendin.")
    Article.objects.filter(pk=other.pk).update(language="sq")
    client.force_login(reviewer)

    def listed(query: str) -> set[int]:
        page = client.get(reverse("articles:list") + query)
        assert page.status_code == 200
        return {a.pk for a in page.context["page"].object_list}

    assert listed("?language=ar") == {arabic.pk}
    assert listed("?language=en") == {english.pk}
    assert listed("?language=other") == {other.pk}
    assert listed("?language=") == {arabic.pk, english.pk, other.pk}
    bad = client.get(reverse("articles:list") + "?language=xx")
    assert "Not applied" in bad.content.decode() or "Select a valid choice" in bad.content.decode()


def test_claim_rows_carry_the_language_of_their_text(client, reviewer):
    """Each row of the claim list marks its claim's text with the article's language (or the
    claim's own, when it differs), not the UI's: screen readers read it with the right voice."""
    import re

    from articles.models import Claim

    article = _import(ARABIC)
    claims = list(article.claims.order_by("position"))
    Claim.objects.filter(pk=claims[-1].pk).update(language="fr")
    client.force_login(reviewer)
    html = client.get(reverse("articles:detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    langs = re.findall(r'<span class="claim-text" dir="auto"(?: lang="([a-z-]+)")?>', html)
    assert langs == ["ar"] * (len(claims) - 1) + ["fr"]


def test_a_saved_claims_row_keeps_the_language_of_its_text(client, reviewer, ratings):
    """The row a save sends back (out of band) is marked like the page's rows."""
    article = _import(ARABIC)
    claim = article.claims.order_by("position").last()
    client.force_login(reviewer)
    response = client.post(
        reverse("articles:verdict_save", args=[claim.pk]),
        {"rating": "false", "rationale": "x", "version": 0, "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0,
         "sources-MIN_NUM_FORMS": 0, "sources-MAX_NUM_FORMS": 1000},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and f'id="claim-row-{claim.pk}"' in html
    row = html.split(f'id="claim-row-{claim.pk}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="claim-text" dir="auto" lang="ar">' in row
