"""Indexes written as plain SQL in migrations (not declared by the models) exist after migrating,
on both databases: SQLite rebuilds a table to alter it and keeps only the models' own indexes, so a
later migration can drop one without a word (0018 did; 0019 restored them)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# name -> table; on both databases (PostgreSQL-only ones: full text, trigram, the matcher's GIN)
RAW_INDEXES = {
    "article_list_publisher": "articles_article",
    "claim_api_cw": "articles_claim",
    "claim_api_status": "articles_claim",
    "article_statement": "articles_article",
    "factcheck_newest": "articles_factcheck",
}
PG_ONLY = {
    "article_search": "articles_article",
    "verdict_rationale_trgm": "articles_verdict",
    "source_search_trgm": "articles_source",
    "history_note_trgm": "articles_history",
}


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def test_raw_sql_indexes_survive_every_migration():
    wanted = dict(RAW_INDEXES)
    if connection.vendor == "postgresql":
        wanted |= PG_ONLY
    missing = [name for name, table in wanted.items() if name not in _indexes(table)]
    assert not missing, f"indexes lost by a migration: {missing}"


def test_the_api_pages_and_the_publisher_filter_read_their_indexes():
    """The queries these indexes exist for use them (on SQLite an index walk is what makes a
    keyset page or a publisher's first page independent of the table's size)."""
    from articles.models import Article, Claim

    if connection.vendor == "sqlite":  # (PostgreSQL's planner may prefer a scan of tables this small)
        claim_status = str(Claim.objects.filter(status="approved").order_by("id").values("id")[:26].explain())
        assert "claim_api_status" in claim_status, claim_status
        by_score = str(Claim.objects.order_by("-checkworthiness", "-id").values("id")[:26].explain())
        assert "claim_api_cw" in by_score, by_score
        publisher = str(Article.objects.of_publisher("Reuters", exact=True).order_by("-published_on", "-id").values("id")[:25].explain())
        assert "article_list_publisher" in publisher, publisher


def test_sqlite_article_search_index_and_its_triggers_survive_every_migration():
    """Migrations 0020, 0021 and 0022's full-text indexes of the articles, sources and History notes, and the triggers that keep them in step
    (a table rebuild would drop them silently), on SQLite built with FTS5."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's full-text index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'articles_%%_fts%%'")
        names = {row[0] for row in cursor.fetchall()}
    for table in ("articles_article_fts", "articles_source_fts", "articles_history_fts"):
        assert {table, f"{table}_insert", f"{table}_delete", f"{table}_update"} <= names, table
