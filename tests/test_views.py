"""The plain pages of this issue: login everywhere, the import form, the claim list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, args", [("articles:list", []), ("articles:add", []), ("articles:detail", [1])])
def test_anonymous_is_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_reviewer_cannot_import(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("articles:add")).status_code == 403
    assert client.post(reverse("articles:add"), {"text": "Title\n\nBody text here."}).status_code == 403
    assert not Article.objects.exists()
    page = client.get(reverse("articles:list")).content.decode()
    assert reverse("articles:add") not in page


def test_editor_pastes_an_article_and_lands_on_its_claims(client, editor):
    client.force_login(editor)
    text = "Mayor promises 500 new homes\nBy Sam Reporter\n\nSPRINGFIELD: The mayor said 500 homes will be built by 2027. Critics disagree."
    response = client.post(reverse("articles:add"), {"text": text, "publisher": "Daily Planet"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("articles:detail", args=[article.pk])
    assert article.publisher == "Daily Planet" and article.byline.endswith("Sam Reporter") and article.dateline == "SPRINGFIELD"
    page = client.get(response.url).content.decode()
    assert "The mayor said 500 homes will be built by 2027." in page and "Critics disagree." in page
    # the same paste again: back to the same article, nothing new
    again = client.post(reverse("articles:add"), {"text": text})
    assert again.url == response.url and Article.objects.count() == 1


def test_editor_uploads_the_seed_file(client, editor, seed_path):
    client.force_login(editor)
    with seed_path.open("rb") as fh:
        response = client.post(reverse("articles:add"), {"file": fh})
    assert response.status_code == 302 and response.url == reverse("articles:list")
    assert Article.objects.count() == 2


def test_bad_upload_shows_a_clear_error_and_writes_nothing(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("old.txt", "Caf\xe9 headline\n\nBody.".encode("cp1252"))
    response = client.post(reverse("articles:add"), {"file": upload})
    assert response.status_code == 200
    assert "not valid UTF-8" in response.content.decode()
    assert not Article.objects.exists()


def test_form_needs_text_or_file(client, editor):
    client.force_login(editor)
    response = client.post(reverse("articles:add"), {"text": "   "})
    assert response.status_code == 200 and "Paste the article" in response.content.decode()


def test_article_text_is_escaped(client, editor):
    client.force_login(editor)
    client.post(reverse("articles:add"), {"text": "<script>alert(1)</script> headline\n\nBody says <b>bold</b> things."})
    article = Article.objects.get()
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_pages_send_a_strict_csp(client, reviewer, seeded):
    client.force_login(reviewer)
    response = client.get(reverse("articles:detail", args=[seeded[0].pk]))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_list_and_detail_query_counts_do_not_grow(client, reviewer, seeded, django_assert_max_num_queries):
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("articles:list")).status_code == 200
    for article in seeded:  # the review page with its claim panel: budget 10 (DESIGN.md)
        with django_assert_max_num_queries(10):
            assert client.get(reverse("articles:detail", args=[article.pk])).status_code == 200


def test_list_search(client, reviewer, seeded):
    client.force_login(reviewer)
    page = client.get(reverse("articles:list"), {"q": "Kiel Institute"}).content.decode()
    assert "Ukraine to give revised peace plans" in page and "Lithuania declares" not in page


def test_url_is_not_applied_to_an_upload_of_several_articles(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    data = b'{"title": "First record title", "text": "Fees rose 5%."}\n{"title": "Second record title", "text": "Fees fell 2%."}\n'
    response = client.post(
        reverse("articles:add"),
        {"file": SimpleUploadedFile("two.jsonl", data), "url": "https://example.com/one", "publisher": "Wire"},
        follow=True,
    )
    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("url", flat=True)) == {""}
    assert set(Article.objects.values_list("publisher", flat=True)) == {"Wire"}
    assert "The URL was not applied" in response.content.decode()
