"""PostgreSQL only: trigram indexes for the admin's searches (issue 10, archive scale).

Django's admin search is ``icontains``, which PostgreSQL runs as ``UPPER(col::text) LIKE
UPPER('%word%')``: a scan of the whole table (the History search took 39 s over 5 million rows).
A GIN index of ``UPPER(col)`` with ``gin_trgm_ops`` (pg_trgm) serves exactly that expression,
for words of three characters or more (the admin refuses shorter ones on PostgreSQL).

Indexed: the verdict's rationale, the source's url, title, publisher and quote (one index of
their concatenation), and the History note: the columns the admin searches on those tables (see articles/admin.py). The articles are
searched through their full-text vector (migration 0004) and the claims through their articles,
so neither gets a trigram index (the claims' one would be large and slow every import).

SQLite (the embedded default) gets nothing here: its admin keeps Django's plain search. The
indexes are not in the models' Meta.indexes because SQLite has neither GIN nor pg_trgm.
"""

from django.db import migrations

# The source's four searched columns share one index of their concatenation (articles.admin.
# SOURCE_HAYSTACK, the same expression): one LIKE the planner can estimate, instead of an OR of
# four, which it misjudged into a sequential scan of every source (238 ms at 113,000 sources).
SOURCE_HAYSTACK = "UPPER(url::text || ' ' || title::text || ' ' || publisher::text || ' ' || quote)"
INDEXES = {
    "verdict_rationale_trgm": ("articles_verdict", 'UPPER("rationale"::text)'),
    "source_search_trgm": ("articles_source", SOURCE_HAYSTACK),
    "history_note_trgm": ("articles_history", 'UPPER("note"::text)'),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in INDEXES.items():
        # UPPER(col::text): the expression of Django's icontains, so that the planner matches it
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")
    # statistics of the new expressions: without them the planner guesses that any word is rare
    # (a handful of rows) and reads a common word's every match through the index, then sorts
    # them (1.1 s for a word in a fifth of 113,000 verdicts; 12 ms after ANALYZE, walking the
    # list's order instead). ANALYZE samples a fixed number of rows: a second or so per table.
    for table in sorted({table for table, _ in INDEXES.values()}):
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # the extension stays: other databases objects may use it, and it costs nothing


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_archive_scale")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
