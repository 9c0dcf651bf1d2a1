"""SQLite: a full-text index of the sources' URL, title, publisher and quote (issue 10), as 0020
made for the articles: the admin's source search read every source with four LIKEs (~90 ms at
10,000 articles, 112,000 sources); it now tests them on the rows the index finds. Triggers keep
it in step; nothing is created when SQLite lacks FTS5. A migration that rebuilds
``articles_source`` on SQLite must call ``create`` again (tests/test_migrations_indexes.py)."""

from django.db import OperationalError, migrations

TABLE = "articles_source_fts"
COLUMNS = "url, title, publisher, quote"
NEW = "new.url, new.title, new.publisher, new.quote"
OLD = "old.url, old.title, old.publisher, old.quote"
SQL = [
    (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, "
        "content='articles_source', content_rowid='id', tokenize='trigram')"
    ),
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON articles_source BEGIN
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON articles_source BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF {COLUMNS} ON articles_source BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, {NEW});
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
    dependencies = [("articles", "0020_sqlite_article_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
