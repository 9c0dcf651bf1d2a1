"""The SQL of an SQLite FTS5 trigram index over some text columns of a table, and the triggers
that keep it in step (migrations 0020 and 0021). Not a migration: Django's loader skips modules
whose name starts with "_". Nothing is created when SQLite lacks FTS5 (the searches then read the
table, as before) nor on PostgreSQL."""

from django.db import OperationalError


def statements(fts: str, table: str, columns: list[str]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')"
        ),
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
    END""",
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
    END""",
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
    END""",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create(schema_editor, fts: str, table: str, columns: list[str]) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    sql = statements(fts, table, columns)
    try:
        schema_editor.execute(sql[0])
    except OperationalError:  # no FTS5 in this SQLite: the search reads the table
        return
    for statement in sql[1:]:
        schema_editor.execute(statement)


def drop(schema_editor, fts: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
