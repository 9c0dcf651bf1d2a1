"""Archive scale (issue 10): stored per-article progress counts, the list's and the queues'
indexes, a full (not partial) fingerprint index, and on PostgreSQL a stored, weighted search
vector with its GIN index in place of the expression index of migration 0003.

The counts are filled here for existing articles (the services keep them from now on). The
search column is PostgreSQL's own (a generated column the models do not declare: nothing in
Django writes it); an ALTER of ``title`` or ``text`` must drop and re-add it.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

STATUSES = ("unreviewed", "in_review", "disputed", "reviewed", "approved", "dismissed")
# the same statement as services.refresh_progress, for every article (a migration keeps its own copy)
COUNT = (
    "UPDATE articles_article SET (claim_count, {columns}) = (SELECT COUNT(*), {sums} FROM articles_claim c"
    " WHERE c.article_id = articles_article.id)"
).format(
    columns=", ".join(f"{s}_count" for s in STATUSES),
    sums=", ".join(f"COALESCE(SUM(CASE WHEN c.status = '{s}' THEN 1 ELSE 0 END), 0)" for s in STATUSES),
)

SEARCH_VECTOR = (
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'B')) STORED"
)


def count_claims(apps, schema_editor):
    schema_editor.execute(COUNT)


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_fts")
        schema_editor.execute(SEARCH_VECTOR)
        schema_editor.execute("CREATE INDEX article_search ON articles_article USING gin (search_vector)")


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_fts ON articles_article USING gin "
            "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, '')))"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_article_fulltext_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_original_fp',
        ),
        migrations.AddField(
            model_name='article',
            name='approved_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='claim_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='dismissed_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='disputed_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='in_review_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='reviewed_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='unreviewed_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AlterField(
            model_name='claim',
            name='status',
            field=models.CharField(choices=[('unreviewed', 'Unreviewed'), ('in_review', 'In review'), ('disputed', 'Disputed'), ('reviewed', 'Reviewed'), ('approved', 'Approved'), ('dismissed', 'Dismissed')], default='unreviewed', max_length=12),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_on', '-id'], name='article_list_order'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('unreviewed_count__gt', 0), ('in_review_count__gt', 0), _connector='OR'), fields=['-published_on', '-id'], name='article_list_open'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('disputed_count__gt', 0)), fields=['-published_on', '-id'], name='article_list_disputed'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('reviewed_count__gt', 0)), fields=['-published_on', '-id'], name='article_list_awaiting'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('claim_count__gt', 0), ('disputed_count', 0), ('in_review_count', 0), ('reviewed_count', 0), ('unreviewed_count', 0)), fields=['-published_on', '-id'], name='article_list_done'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(django.db.models.functions.text.Upper('publisher'), name='article_publisher_upper'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['fingerprint'], name='claim_fp'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('assignee__isnull', False), ('status__in', ('unreviewed', 'in_review'))), fields=['assignee', '-checkworthiness', 'article', 'position'], name='claim_queue_assigned'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('assignee__isnull', True), ('status__in', ('unreviewed', 'in_review'))), fields=['-checkworthiness', 'article', 'position'], name='claim_queue_unassigned'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status__in', ('disputed', 'reviewed'))), fields=['status', 'article', 'position'], name='claim_awaiting_editor'),
        ),
        migrations.RunPython(count_claims, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(add_search_vector, drop_search_vector, elidable=False),
    ]
