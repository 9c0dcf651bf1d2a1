"""SQLite: a full-text index of the sources' URL, title, publisher and quote (issue 10), as 0020
made for the articles: the admin's source search read every source with four LIKEs (~90 ms at
10,000 articles, 112,000 sources); it now tests them on the rows the index finds. Triggers keep
it in step; nothing is created when SQLite lacks FTS5. A migration that rebuilds
``articles_source`` on SQLite must call ``create`` again (tests/test_migrations_indexes.py)."""

from django.db import migrations

from . import _sqlite_fts

TABLE = "articles_source_fts"
COLUMNS = ["url", "title", "publisher", "quote"]


def create(apps, schema_editor):
    _sqlite_fts.create(schema_editor, TABLE, "articles_source", COLUMNS)


def drop(apps, schema_editor):
    _sqlite_fts.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_sqlite_article_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
