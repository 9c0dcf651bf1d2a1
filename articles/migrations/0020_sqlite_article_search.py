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

from django.db import OperationalError, migrations

TABLE = "articles_article_fts"
SQL = [
    (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, text, publisher, url, byline, "
        "content='articles_article', content_rowid='id', tokenize='trigram')"
    ),
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO {TABLE}(rowid, title, text, publisher, url, byline)
            VALUES (new.id, new.title, new.text, new.publisher, new.url, new.byline);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title, text, publisher, url, byline)
            VALUES ('delete', old.id, old.title, old.text, old.publisher, old.url, old.byline);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF title, text, publisher, url, byline ON articles_article BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title, text, publisher, url, byline)
            VALUES ('delete', old.id, old.title, old.text, old.publisher, old.url, old.byline);
        INSERT INTO {TABLE}(rowid, title, text, publisher, url, byline)
            VALUES (new.id, new.title, new.text, new.publisher, new.url, new.byline);
    END""",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
TRIGGERS = [f"{TABLE}_insert", f"{TABLE}_delete", f"{TABLE}_update"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    try:
        schema_editor.execute(SQL[0])
    except OperationalError:  # no FTS5 in this SQLite: the search reads the table
        return
    for sql in SQL[1:]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_restore_raw_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
