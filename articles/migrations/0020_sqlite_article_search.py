"""SQLite: a full-text index of the articles' title, text, publisher, URL and byline (issue 10).

SQLite has no index a substring search can use: every search of the article list, and the
admin's claim search that starts from the articles holding the words, read the text of every
article (~90 ms at 10,000 articles); so did the admin's article search. An FTS5 table with the trigram tokenizer indexes every
three-character sequence, so a word or phrase of three characters or more is found as a
substring, as LIKE finds it (case-folded), through the index; the search keeps its LIKE
conditions on those rows only, so it finds exactly what it found before (``ArticleQuerySet.search``).
The table holds no copy of the text (``content=``: it reads the articles' own rows); triggers keep
it in step with every insert, update and delete. About 3.5 bytes of index per byte of text.

When SQLite was built without FTS5, nothing is created and the search reads the table as before.
SQLite rebuilds a table to alter one of its columns and drops its triggers with it: a later
migration that alters ``articles_article`` on SQLite must call ``create`` again
(``tests/test_migrations_indexes.py`` checks the triggers exist after migrating).
"""

from django.db import migrations

from . import _sqlite_fts

TABLE = "articles_article_fts"
COLUMNS = ["title", "text", "publisher", "url", "byline"]


def create(apps, schema_editor):
    _sqlite_fts.create(schema_editor, TABLE, "articles_article", COLUMNS)


def drop(apps, schema_editor):
    _sqlite_fts.drop(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_restore_raw_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
