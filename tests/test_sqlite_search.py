"""SQLite's article search through the full-text index of migration 0020 finds exactly what the
plain LIKE search finds, as articles are added, edited and deleted, and reads the index."""

from __future__ import annotations

import pytest
from django.db import connection

from articles import models as article_models
from articles import services
from articles.models import Article
from articles.policy import SYSTEM
from articles.text.parse import build_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text index"),
]

TERMS = [
    "harbour", "Harbour ships", "ships -Reuters", '"port authority"', "medicare or harbour", "tonnage",
    "ÉLAN", "élan", "ab", "x", "50%", "o'brien", 'say "what', "unknownword", "-harbour",
]


def _ids(qs) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


def _like_only(term: str) -> list[int]:
    article_models._FTS_READY.clear()
    real = article_models.sqlite_fts_ready
    article_models.sqlite_fts_ready = lambda alias: False
    try:
        return _ids(Article.objects.search(term))
    finally:
        article_models.sqlite_fts_ready = real
        article_models._FTS_READY.clear()


def _admin_searches(rf, django_user_model, monkeypatch, model, admin_class):
    """The model admin, its request, ``search(term)``: the ids the model admin's search finds (through SQLite's full-text index
    when there is one), and ``plain(term)``: the same search with the index switched off."""
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    import articles.admin as fc_admin

    model_admin = admin_class(model, admin.site)
    request = rf.get(f"/admin/articles/{model._meta.model_name}/")
    request.user = django_user_model.objects.create_superuser("root", password="x" * 12)
    request.session = {}
    request._messages = FallbackStorage(request)  # short words are refused with a message

    def search(term):
        return _ids(model_admin.get_search_results(request, model.objects.all(), term)[0])

    def plain(term):
        with monkeypatch.context() as m:
            m.setattr(fc_admin, "sqlite_fts_ready", lambda *args: False)
            return search(term)

    return model_admin, request, search, plain


def _add(title: str, body: str, publisher: str = "Politico") -> Article:
    parsed = build_article(title=title, parts=[("body", body)], publisher=publisher)
    return services.article_ingest(parsed=parsed, created_by=SYSTEM).article


def test_the_index_finds_what_like_finds_through_inserts_updates_and_deletes():
    a = _add("Harbour report", "The harbour handled 1000 ships, the port authority said. Élan and tonnage.", "Reuters")
    b = _add("Medicare costs", "Medicare spending rose 50% says O'Brien.")
    _add("Elsewhere", "Nothing about boats here; ÉLAN vital.")
    assert article_models.sqlite_fts_ready("default")
    for term in TERMS:
        assert _ids(Article.objects.search(term)) == _like_only(term), term
    assert _ids(Article.objects.search("harbour")) == [a.pk]
    Article.objects.filter(pk=a.pk).update(text="Only airports now.", title="Airport report")
    Article.objects.filter(pk=b.pk).delete()
    for term in [*TERMS, "airport"]:
        assert _ids(Article.objects.search(term)) == _like_only(term), term
    assert _ids(Article.objects.search("harbour")) == []
    assert _ids(Article.objects.search("airports")) == [a.pk]
    assert _ids(Article.objects.search("harbour", rank=True)) == []


def test_a_search_reads_the_index_not_every_article():
    _add("Harbour report", "The harbour handled 1000 ships.")
    plan = str(Article.objects.search("harbour").explain())
    assert "articles_article_fts" in plan and "VIRTUAL TABLE" in plan, plan


def test_the_admins_article_search_finds_what_djangos_finds(rf, django_user_model):
    from django.contrib import admin

    from articles.admin import ArticleAdmin

    a = _add("Harbour report", "The harbour handled 1000 ships.", "Reuters")
    Article.objects.filter(pk=a.pk).update(url="https://news.example/harbour-ships", byline="Ana Silva")
    _add("Medicare costs", "Medicare spending rose 50% says O'Brien.")
    model_admin = ArticleAdmin(Article, admin.site)
    request = rf.get("/admin/articles/article/")
    request.user = django_user_model.objects.create_superuser("root", password="x" * 12)
    for term in ["harbour", "news.example", "silva", "Ana Silva", '"ana silva"', "medicare 50%", "ab", "nothing-here", "o'brien"]:
        got, _ = model_admin.get_search_results(request, Article.objects.all(), term)
        want, _ = admin.ModelAdmin.get_search_results(model_admin, request, Article.objects.all(), term)
        assert _ids(got) == _ids(want), term
    got, _ = model_admin.get_search_results(request, Article.objects.all(), "silva")
    assert "articles_article_fts" in str(got.query)


def test_the_admins_source_search_finds_what_the_plain_search_finds(rf, django_user_model, monkeypatch, reviewer, ratings):
    import articles.admin as fc_admin
    from articles.models import Claim, Source

    article = _add("Harbour report", "The harbour handled 1000 ships, the port authority said.")
    claim = Claim.objects.filter(article=article).first()
    changes = [
        services.SourceChange(source=Source(url="https://port.example/ledger/1", title="Port ledger", publisher="Reuters")),
        services.SourceChange(source=Source(url="https://news.example/a", title="Élan report", quote="Tonnage rose 5%")),
        services.SourceChange(source=Source(url="https://x.example/b", title="Other", publisher="AP")),
    ]
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"], sources=changes)
    model_admin, request, search, plain = _admin_searches(rf, django_user_model, monkeypatch, Source, fc_admin.SourceAdmin)
    terms = ["reuters", "port.example", "ledger", "élan", "tonnage rose", "5%", "nothing"]
    for term in terms:
        assert search(term) == plain(term), term
    first = Source.objects.get(title="Port ledger")
    Source.objects.filter(pk=first.pk).update(publisher="AFP", url="https://airport.example/1")
    Source.objects.filter(title="Other").delete()
    for term in [*terms, "afp", "airport"]:
        assert search(term) == plain(term), term
    assert search("airport") == [first.pk] and search("reuters") == []
    # the ids come from the index (the list then reads those rows by id)
    assert "articles_source_fts" in str(Source.objects.filter(model_admin.search_related(request, "ledger")).query)


def test_the_admins_history_search_finds_what_the_plain_search_finds(rf, django_user_model, monkeypatch):
    """Migration 0022's full-text index of the History notes: the admin's History search finds the
    rows the LIKE-only search finds, through inserts, updates and deletes, and reads the index."""
    import articles.admin as fc_admin
    from articles.models import History

    article = _add("Harbour report", "The harbour handled 1000 ships, the port authority said.")

    def note(text: str) -> History:
        return History.objects.create(
            entity=History.Entity.ARTICLE, object_id=article.pk, action=History.Action.UPDATE, article=article, note=text
        )

    first = note("kept 3, added 2, removed 1")
    note("Rationale rewritten: Élan figures from the port ledger (50% rise)")
    note("returned to O'Brien for a second look")
    _, _, search, plain = _admin_searches(rf, django_user_model, monkeypatch, History, fc_admin.HistoryAdmin)
    terms = ["kept", "added 2", "ledger", "élan", "ÉLAN", "50%", "o'brien", "second look", "nothing", str(article.pk)]
    for term in terms:
        assert search(term) == plain(term), term
    assert search("ledger") and search("nothing") == []
    History.objects.filter(pk=first.pk).update(note="airport moved")
    History.objects.filter(note__startswith="returned").delete()
    for term in [*terms, "airport"]:
        assert search(term) == plain(term), term
    assert search("airport") == [first.pk] and search("o'brien") == [] and search("kept") == []
    # the note's rows come from the index
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        search("ledger")
    assert any("articles_history_fts" in q["sql"] for q in queries.captured_queries)
