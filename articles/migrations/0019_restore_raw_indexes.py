"""Indexes written as plain SQL that later migrations lost on SQLite (issue 10).

SQLite cannot alter a column in place: Django rebuilds the table (copy, drop, rename) and
re-creates the indexes the models declare, not those of migrations 0007 and 0011, which are plain
SQL. Adding ``Claim.language`` and ``Article.language`` (0018) and earlier rebuilds dropped, on
SQLite only: ``article_list_publisher`` (the article list's publisher filter), ``claim_api_cw`` and
``claim_api_status`` (the API's keyset pages), which left those pages reading whole tables. They
are re-created here when missing (PostgreSQL alters tables in place and still has them);
``tests/test_migrations_indexes.py`` checks that every one exists after migrating, so that a
future rebuild cannot drop one unseen."""

from django.db import migrations

SQLITE = [
    "CREATE INDEX IF NOT EXISTS article_list_publisher ON articles_article (upper(publisher), published_on DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS claim_api_cw ON articles_claim (checkworthiness DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS claim_api_status ON articles_claim (status, id)",
    "CREATE INDEX IF NOT EXISTS article_statement ON articles_article (id) WHERE kind = 'statement'",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_languages")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
