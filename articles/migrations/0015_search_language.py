"""Full-text search in each article's own language (issue 14), PostgreSQL only.

Migration 0004's stored ``search_vector`` used the ``english`` configuration for every article:
a Spanish article's words were stemmed as English ones ("elecciones" never matched "elección").
Now each article's vector is built with the configuration of its language (``SEARCH_CONFIGS``),
and a search ORs the query parsed in each of them (``ArticleQuerySet.search``), so a word is
found in the articles of every language in the form that language gives it.

Accent-insensitive where the language wants it: Spanish, French, Portuguese and Italian readers
(and the "simple" configuration of the other languages) often type words without their accents,
so those configurations run PostgreSQL's ``unaccent`` dictionary before stemming ("politica"
finds "política"). ``unaccent`` is a contrib extension shipped with PostgreSQL (Debian's
``postgresql-15`` package) and trusted, so the database owner may create it; where it cannot be
created the configurations are made without it (a warning says so) and search stays correct,
only accent-sensitive. English, German and Arabic keep PostgreSQL's own configurations (German
umlauts carry meaning: "schon" is not "schön").

The generated column is rebuilt (a table rewrite: about a minute per 100,000 articles).
"""

import sys

from django.db import DatabaseError, migrations, transaction

# language code -> text-search configuration; anything else -> fc_simple
SEARCH_CONFIGS = {
    "en": "english",
    "es": "fc_spanish",
    "fr": "fc_french",
    "pt": "fc_portuguese",
    "it": "fc_italian",
    "de": "german",
    "ar": "arabic",
}
FALLBACK = "fc_simple"
UNACCENTED = {"fc_spanish": "spanish", "fc_french": "french", "fc_portuguese": "portuguese", "fc_italian": "italian", "fc_simple": "simple"}


def _config_expr() -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{cfg}'::regconfig" for code, cfg in SEARCH_CONFIGS.items())
    return f"(CASE lower(left(language, 2)) {whens} ELSE '{FALLBACK}'::regconfig END)"


def _vector(config: str) -> str:
    return (
        f"setweight(to_tsvector({config}, COALESCE(title, '')), 'A') || "
        f"setweight(to_tsvector({config}, COALESCE(text, '')), 'B')"
    )


def _rebuild_column(schema_editor, config: str) -> None:
    schema_editor.execute("DROP INDEX IF EXISTS article_search")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({_vector(config)}) STORED"
    )
    schema_editor.execute("CREATE INDEX article_search ON articles_article USING gin (search_vector)")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    unaccent = True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError as err:
        unaccent = False
        sys.stderr.write(
            f"warning: the unaccent extension could not be created ({err}); search in Spanish, French, "
            "Portuguese and Italian stays accent-sensitive. Ask a superuser to run: CREATE EXTENSION unaccent;\n"
        )
    for name, base in UNACCENTED.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
        if unaccent:
            stem = "simple" if base == "simple" else f"{base}_stem"
            schema_editor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stem}"
            )
    _rebuild_column(schema_editor, _config_expr())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _rebuild_column(schema_editor, "'english'::regconfig")
    for name in UNACCENTED:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_team")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
