"""SQLite: a full-text index of the History notes (issue 10), as 0020 and 0021 made for the
articles and the sources: the admin's History search read every row's note with LIKE (~280,000
rows at 10,000 articles: 160-175 ms, over SQLite's 150 ms); it now tests the LIKE on the rows the
index finds. Triggers keep it in step; nothing is created when SQLite lacks FTS5. A migration that
rebuilds ``articles_history`` on SQLite must call ``create`` again (tests/test_migrations_indexes.py)."""

from django.db import migrations

from . import _sqlite_fts

TABLE = "articles_history_fts"
COLUMNS = ["note"]


def create(apps, schema_editor):
    _sqlite_fts.create(schema_editor, TABLE, "articles_history", COLUMNS)


def drop(apps, schema_editor):
    _sqlite_fts.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_sqlite_source_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
