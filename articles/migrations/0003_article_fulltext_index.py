"""PostgreSQL only: a GIN index for the article list's full-text search.

Its expression is the one ``ArticleQuerySet.search`` builds with
``SearchVector("title", "text", config="english")``, so the planner can use it. SQLite
(development, tests) searches with icontains and gets no index.
"""

from django.db import migrations

INDEX = "article_fts"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_ratings_and_groups")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
