"""The sources of one publisher in the admin list's order (issue 10): ``/admin/articles/source/?publisher=X``
filtered by a sequential scan of every source until a page and the capped count were found — for a rare
publisher all 1.1 million at 100,000 articles. A plain index: SQLite creates it without rebuilding the
table (the full-text triggers of 0021 stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0022_sqlite_history_search'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='source',
            index=models.Index(fields=['publisher', 'verdict', 'position', 'id'], name='source_publisher'),
        ),
    ]
