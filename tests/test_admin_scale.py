"""The admin at archive scale (issue 10): every changelist reads a fixed number of queries
whatever the size of the archive, never counts a big table exactly (an estimate or a capped
count, said as such), takes its filter choices from small tables, and on PostgreSQL searches
through indexes (trigram, full text)."""

from __future__ import annotations

import pytest
from django.contrib.admin import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import admin as fc_admin
from articles import services
from articles.models import Article, Claim, History, Source, Verdict
from articles.policy import SYSTEM
from articles.text.parse import build_article

pytestmark = pytest.mark.django_db

BIG_TABLES = ("articles_claim", "articles_verdict", "articles_source", "articles_history")
on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _grow(n: int, reviewer, ratings, start: int = 0) -> None:
    """``n`` more articles, each with a verdict (and a source, History) on its claim about ships."""
    for i in range(start, start + n):
        parsed = build_article(
            title=f"Harbour report number {i}",
            parts=[("body", f"The harbour in town {i} handled {1000 + i} ships in 2024, the port authority said.")],
            publisher="Reuters" if i % 2 else "Politico",
        )
        article = services.article_ingest(parsed=parsed, created_by=SYSTEM).article
        claim = article.claims.get(text__contains="ships")
        services.verdict_submit(
            claim=claim, reviewer=reviewer, rating=ratings["true" if i % 2 else "false"],
            rationale=f"Port ledger {i:04d}-L confirms the tonnage.",
            sources=[services.SourceChange(source=Source(url=f"https://port.example/ledger/{i:04d}-S", title="Port ledger"))],
        )  # fmt: skip


def _pages(ratings, reviewer) -> list[tuple[str, str]]:
    false = ratings["false"]
    return [
        ("article", ""),
        ("article", "review=progress"),
        ("article", "publisher=Reuters"),
        ("article", "q=harbour"),
        ("claim", ""),
        ("claim", "status__exact=in_review"),
        ("claim", "rating=false"),
        ("claim", f"assignee__id__exact={reviewer.pk}"),
        ("claim", "q=harbour"),
        ("verdict", ""),
        ("verdict", f"rating__id__exact={false.pk}"),
        ("verdict", "q=ledger"),
        ("verdict", f"q={reviewer.username}"),
        ("source", ""),
        ("source", "q=port.example"),
        ("history", ""),
        ("history", "entity__exact=verdict"),
        ("history", "q=ledger"),
        ("history", "q=12"),
    ]


def _queries(client, model: str, query: str) -> tuple[int, list[str]]:
    url = reverse(f"admin:articles_{model}_changelist") + (f"?{query}" if query else "")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (model, query, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_changelists_read_a_fixed_number_of_queries_as_the_archive_grows(client, superuser, reviewer, ratings):
    _grow(1, reviewer, ratings)
    client.force_login(superuser)
    pages = _pages(ratings, reviewer)
    for page in pages:  # once first: a process's one-time look-ups (SQLite's full-text index) are not per page
        _queries(client, *page)
    small = {page: _queries(client, *page)[0] for page in pages}
    _grow(20, reviewer, ratings, start=1)
    large = {page: _queries(client, *page)[0] for page in pages}
    assert large == small


def test_filter_choices_and_counts_never_read_a_big_table_whole(client, superuser, reviewer, ratings):
    """No SELECT DISTINCT over claims, verdicts, sources or History for a filter's choices (nor
    over articles on PostgreSQL: the publishers come from a loose index scan), no date hierarchy,
    and no count without a LIMIT over a big table."""
    _grow(3, reviewer, ratings)
    client.force_login(superuser)
    for model, query in _pages(ratings, reviewer):
        _, sqls = _queries(client, model, query)
        for sql in sqls:
            upper = sql.upper()
            if "DISTINCT" in upper and "LIMIT" not in upper:  # (SQLite's search of a join: DISTINCT ids)
                assert not any(t in sql for t in BIG_TABLES), (model, query, sql)
                if connection.vendor == "postgresql":
                    assert "articles_article" not in sql, (model, query, sql)
            if upper.startswith("SELECT COUNT(") and any(t in sql for t in (*BIG_TABLES, "articles_article")):
                assert "LIMIT" in upper, (model, query, sql)
            assert "django_datetime_trunc" not in sql and "DATE_TRUNC" not in upper, (model, query, sql)


def test_a_count_past_the_cap_says_more_than(client, superuser, reviewer, ratings, monkeypatch):
    _grow(6, reviewer, ratings)
    monkeypatch.setattr(fc_admin.ClaimAdmin, "count_cap", 5)
    monkeypatch.setattr(fc_admin.ClaimAdmin, "list_per_page", 2)
    client.force_login(superuser)
    url = reverse("admin:articles_claim_changelist")
    page = client.get(url + "?status__exact=unreviewed")
    assert page.context["cl"].paginator.count_kind == "capped"
    html = page.content.decode()
    assert "more than 5 claims" in html and "the first 3 pages" in html
    assert "Select all claims that match (more than 5)" in html
    # only the first `cap` rows are paged: a deeper page is refused (the admin's ?e=1), not read
    assert client.get(url + "?status__exact=unreviewed&p=4").status_code == 302
    assert client.get(url + "?status__exact=unreviewed&p=3").status_code == 200
    # under the cap: exact, said as a plain number
    monkeypatch.setattr(fc_admin.ClaimAdmin, "count_cap", 1000)
    page = client.get(url + "?status__exact=unreviewed")
    assert page.context["cl"].paginator.count_kind == "exact"
    assert page.context["cl"].result_count == Claim.objects.filter(status="unreviewed").count() >= 6


@on_postgresql
def test_an_unfiltered_big_table_is_estimated_on_postgresql(client, superuser, reviewer, ratings, monkeypatch):
    _grow(6, reviewer, ratings)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_claim")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'articles_claim'")
        estimate = cursor.fetchone()[0]
    monkeypatch.setattr(fc_admin.ClaimAdmin, "count_cap", 5)
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_claim_changelist"))
    cl = page.context["cl"]
    assert cl.paginator.count_kind == "estimate" and cl.result_count == estimate
    assert f"about {estimate:,} claims" in page.content.decode()


def _request(user, query: str = ""):
    request = RequestFactory().get("/admin/?" + query)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _search(model, user, term: str) -> list:
    model_admin = site._registry[model]
    request = _request(user)
    queryset, duplicates = model_admin.get_search_results(request, model_admin.get_queryset(request), term)
    if model is not Article or connection.vendor == "postgresql":
        assert not duplicates  # no DISTINCT over a join: every big table's search is on its own rows
    return list(queryset.distinct() if duplicates else queryset)


def test_searches_find_what_they_say(superuser, reviewer, ratings):
    _grow(3, reviewer, ratings)
    harbour_2 = Article.objects.get(title="Harbour report number 2")
    assert _search(Article, superuser, "harbour") and harbour_2 in _search(Article, superuser, "report number")
    claim = harbour_2.claims.get(text__contains="ships")
    assert _search(Claim, superuser, "1002 ships") == [claim]
    verdict = Verdict.objects.get(claim=claim)
    assert _search(Verdict, superuser, "0002-L") == [verdict]
    assert len(_search(Verdict, superuser, reviewer.username)) == 3
    assert [s.verdict_id for s in _search(Source, superuser, "0002-S")] == [verdict.pk]
    row = History.objects.filter(claim=claim).first()
    History.objects.filter(pk=row.pk).update(note="Returned: check the 2014 tonnage")
    assert [h.pk for h in _search(History, superuser, "tonnage")] == [row.pk]
    by_id = _search(History, superuser, str(claim.pk))  # a number: the claim, article or changed object
    assert row in by_id
    assert all(claim.pk in (h.claim_id, h.object_id, h.article_id) for h in by_id)


def test_short_words_are_refused_with_a_message(client, superuser, reviewer, ratings):
    _grow(1, reviewer, ratings)
    client.force_login(superuser)
    response = client.get(reverse("admin:articles_source_changelist") + "?q=po", follow=True)
    assert response.context["cl"].result_count == 0
    assert "at least 3 characters" in response.content.decode()


@on_postgresql
@pytest.mark.parametrize(
    "model,term,index",
    [
        (Verdict, "ledger", "verdict_rationale_trgm"),
        (Source, "port.example", "source_search_trgm"),
        (Source, "Port ledger", "source_search_trgm"),
        (History, "tonnage", "history_note_trgm"),
        (Article, "harbour", "article_search"),
    ],
)
def test_postgresql_searches_can_use_their_indexes(superuser, reviewer, ratings, model, term, index):
    """The admin's lookups are written in the indexes' own expressions: with sequential scans and
    plain index walks off (the tables here are too small for the planner to want a GIN index)
    the plan uses them."""
    _grow(2, reviewer, ratings)
    model_admin = site._registry[model]
    request = _request(superuser)
    queryset, _ = model_admin.get_search_results(request, model._default_manager.all(), term)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # (a walk of another index in the list's order)
        plan = queryset.explain()
    assert index in plan, plan


@on_postgresql
def test_the_sources_of_one_publisher_are_read_through_their_index(client, superuser, reviewer, ratings):
    """``?publisher=X`` on the source list (migration 0023): the page, in the list's order, and its
    count come from the index source_publisher, not a scan of every source."""
    _grow(3, reviewer, ratings)
    first = Source.objects.order_by("pk").first()
    Source.objects.filter(pk=first.pk).update(publisher="Rare Wire")
    request = _request(superuser, "publisher=Rare+Wire")
    changelist = site._registry[Source].get_changelist_instance(request)
    assert [s.pk for s in changelist.result_list] == [first.pk]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = changelist.queryset.explain()
    assert "source_publisher" in plan, plan
    client.force_login(superuser)
    response = client.get(reverse("admin:articles_source_changelist") + "?publisher=Rare+Wire")
    assert response.status_code == 200 and first.url in response.content.decode()


def test_claim_search_reads_the_newest_matching_articles_up_to_its_cap(client, superuser, reviewer, ratings, monkeypatch):
    """The candidates come from the articles' search (PostgreSQL: full text, its index: see the
    test above; SQLite: substrings), newest first, a chunk of articles at a time, and the search stops once it has found one claim
    more than SEARCH_CAP: the list says "more than N" and pages through those."""
    from articles import admin as articles_admin

    _grow(5, reviewer, ratings)
    in_order = list(
        Claim.objects.filter(text__icontains="harbour").order_by("-article__published_on", "-article_id", "position")
    )
    assert len(in_order) == 10  # the headline and the sentence of each article
    assert _search(Claim, superuser, "harbour") == in_order  # all of them, in the list's order
    assert _search(Claim, superuser, "1003 ships") == [c for c in in_order if "1003 ships" in c.text]
    monkeypatch.setattr(articles_admin, "SEARCH_CAP", 2)
    assert _search(Claim, superuser, "harbour") == in_order[:3]  # the cap, and one more to say "more than"
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_claim_changelist") + "?q=harbour")
    assert page.context["cl"].paginator.count_kind == "capped"
    assert "more than 2 claims" in page.content.decode()


@on_postgresql
def test_claim_search_in_one_statement_finds_what_the_chunked_reads_find(superuser, reviewer, ratings, monkeypatch):
    """An unfiltered claim search runs as one statement (LATERAL join, stops at the cap); a list
    with a filter keeps the chunked reads, which carry the filter's conditions. Both give the
    same claims in the same order for every kind of term, at any cap."""
    from articles import admin as articles_admin

    _grow(5, reviewer, ratings)
    # a word of the article found in a claim's speaker only (not its text, not the title)
    headline = Claim.objects.filter(text__startswith="Harbour report").order_by("pk").first()
    Claim.objects.filter(pk=headline.pk).update(speaker="The port authority")
    model_admin = site._registry[Claim]
    request = _request(superuser)
    for cap in (300, 3, 1):
        monkeypatch.setattr(articles_admin, "SEARCH_CAP", cap)
        for term in ("harbour", "harbour ships", '"1003 ships"', "authority", "harbour -nothing", "zzzunfound"):
            one, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), term)
            assert model_admin._search_in_one_statement(model_admin.get_queryset(request), term) is not None
            everything = model_admin.get_queryset(request).filter(pk__gt=0)  # a condition: the chunked reads
            chunked, _ = model_admin.get_search_results(request, everything, term)
            assert list(one.order_by("-article__published_on", "-article_id", "position")) == list(
                chunked.order_by("-article__published_on", "-article_id", "position")
            ), (cap, term)
    monkeypatch.setattr(articles_admin, "SEARCH_CAP", 300)
    assert headline in _search(Claim, superuser, "authority")
    # a filter's conditions are kept: the first matches of an open list are not the disputed ones
    disputed = Claim.objects.filter(text__icontains="harbour").order_by("pk").last()
    Claim.objects.filter(pk=disputed.pk).update(status=Claim.Status.DISPUTED)
    filtered, _ = model_admin.get_search_results(request, model_admin.get_queryset(request).filter(status="disputed"), "harbour")
    assert list(filtered) == [Claim.objects.get(pk=disputed.pk)]


def test_sqlite_and_postgresql_search_the_same_columns(superuser, reviewer, ratings, monkeypatch):
    """A verdict's claim text or a History row's claim text is not a search column on either
    database (PostgreSQL never had it: no index serves an OR across two big tables), and a word
    on more rows than SQLITE_MATCH_IDS finds the same rows as a rare one (the two SQLite paths)."""
    _grow(3, reviewer, ratings)
    claim = Claim.objects.get(text__contains="1001 ships")
    assert _search(Verdict, superuser, "1001 ships") == []  # the claim's words, not the rationale's
    assert _search(History, superuser, "1001 ships") == []
    everything = sorted(v.pk for v in _search(Verdict, superuser, "ledger"))
    assert len(everything) == 3
    monkeypatch.setattr(fc_admin, "SQLITE_MATCH_IDS", 1)  # "ledger" is now a common word
    assert sorted(v.pk for v in _search(Verdict, superuser, "ledger")) == everything
    assert [s.verdict.claim_id for s in _search(Source, superuser, "0001-S")] == [claim.pk]


def test_a_page_of_annotated_rows_is_the_plain_page(superuser, reviewer, ratings):
    """The claim list's page (ids first on SQLite, then the rows with their verdict counts) holds
    the same claims, in the same order, with the same counts as slicing the list's queryset."""
    _grow(4, reviewer, ratings)
    model_admin = site._registry[Claim]
    request = _request(superuser)
    for ordering in (["-article__published_on", "-article_id", "position"], ["-verdict_count", "pk"], ["text"]):
        qs = model_admin.get_queryset(request).order_by(*ordering)
        paginator = fc_admin.CappedCountPaginator(qs, 3)
        for number in (1, 2, 3):
            got = [(c.pk, c.verdict_count) for c in paginator.page(number).object_list]
            assert got == [(c.pk, c.verdict_count) for c in qs[(number - 1) * 3 : number * 3]], (ordering, number)
            assert got


def test_row_links_are_the_admins_own(client, superuser, reviewer, ratings):
    """The changelists write each row's links from a prefix worked out once (not reverse() per
    row): the same URLs as Django's, for any primary key the admin quotes."""
    from django.contrib.admin.utils import quote

    for pk in (1, 12345, "a/b_c d"):
        for name in ("admin:articles_claim_change", "admin:articles_article_change"):
            assert fc_admin.change_url(name, pk) == reverse(name, args=[quote(pk)])
    _grow(2, reviewer, ratings)
    client.force_login(superuser)
    html = client.get(reverse("admin:articles_claim_changelist")).content.decode()
    for claim in Claim.objects.all():
        assert f'href="{reverse("admin:articles_claim_change", args=[claim.pk])}"' in html
        assert f'href="{reverse("admin:articles_article_change", args=[claim.article_id])}"' in html


def test_the_rows_checkbox_is_djangos_own(superuser, reviewer, ratings):
    """ScaleAdmin writes each row's action checkbox directly (not a widget rendered through the
    template engine per row): the same HTML as Django's, escaped alike, on every big changelist."""
    from django.contrib.admin import ModelAdmin

    parsed = build_article(title='Quotes "and" <tags> & more', parts=[("body", 'He said "5 < 6 & 7 > 3" on <b>Monday</b>.')])
    article = services.article_ingest(parsed=parsed, created_by=SYSTEM).article
    _grow(1, reviewer, ratings)
    seen = 0
    for model in (Article, Claim, Verdict, Source, History):
        model_admin = site._registry[model]
        assert isinstance(model_admin, fc_admin.ScaleAdmin)
        for obj in model.objects.all()[:5]:
            mine = model_admin.action_checkbox(obj)
            assert mine == ModelAdmin.action_checkbox(model_admin, obj), (model, obj.pk)
            seen += 1
    assert seen >= 8 and article.pk


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("claim", ""),
        ("claim", "?kind__exact=body"),
        ("claim", "?q=harbour&o=2"),
        ("article", "?q=harbour"),
        ("history", "?entity__exact=claim"),
    ],
)
def test_row_links_keep_the_lists_filters_as_django_writes_them(client, superuser, reviewer, ratings, model, query):
    """The rows' links carry the list's filters and search back (to return to the same list after
    an edit): the query worked out once per page is the one Django's add_preserved_filters gives
    each row."""
    import html as html_module

    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters

    _grow(2, reviewer, ratings)
    client.force_login(superuser)
    response = client.get(reverse(f"admin:articles_{model}_changelist") + query)
    assert response.status_code == 200
    cl = response.context["cl"]
    page = response.content.decode()
    rows = list(cl.result_list)
    assert rows
    for obj in rows:
        plain = reverse(f"admin:articles_{model}_change", args=[obj.pk])
        django_url = add_preserved_filters({"preserved_filters": cl._row_filters, "opts": cl.opts}, plain)
        assert cl.url_for_result(obj) == django_url
        assert f'href="{html_module.escape(django_url, quote=True)}"' in page or f'href="{django_url}"' in page
    assert bool(query) == ("_changelist_filters" in cl.url_for_result(rows[0]))
