"""The article list's publisher filter in the list's order (issue 10).

PostgreSQL: a stored generated column ``publisher_key`` (the upper-cased publisher; the model
does not declare it, see ``PgColumn``) and an index (publisher_key, published_on DESC, id DESC):
the first page is 25 index entries and the count of a publisher's articles is read from the
index alone (an expression index cannot answer a count without the table). SQLite: the same
index over UPPER(publisher). Either replaces the expression index of migration 0004.
"""

from django.db import migrations

PG = [
    "ALTER TABLE articles_article ADD COLUMN publisher_key varchar(200) GENERATED ALWAYS AS (upper(publisher)) STORED",
    "CREATE INDEX article_list_publisher ON articles_article (publisher_key, published_on DESC, id DESC)",
    "ANALYZE articles_article",
]
PG_BACK = ["ALTER TABLE articles_article DROP COLUMN IF EXISTS publisher_key"]
SQLITE = ["CREATE INDEX article_list_publisher ON articles_article (upper(publisher), published_on DESC, id DESC)"]
SQLITE_BACK = ["DROP INDEX IF EXISTS article_list_publisher"]


def forward(apps, schema_editor):
    for sql in PG if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    for sql in PG_BACK if schema_editor.connection.vendor == "postgresql" else SQLITE_BACK:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_search_match_cost")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_publisher_upper"),
        migrations.RunPython(forward, backward, elidable=False),
    ]
