"""Issue 15, a queue that flows: QueueMark (returned, skipped, deferred claims in one reviewer's queue) and the History actions skip and defer."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_history_team_entities'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='history',
            name='action',
            field=models.CharField(choices=[('create', 'Created'), ('update', 'Updated'), ('delete', 'Deleted'), ('assign', 'Assigned'), ('dismiss', 'Dismissed'), ('reopen', 'Reopened'), ('resplit', 'Re-split'), ('approve', 'Approved'), ('return', 'Returned'), ('skip', 'Skipped'), ('defer', 'Deferred')], max_length=10),
        ),
        migrations.CreateModel(
            name='QueueMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('returned', 'Returned'), ('skipped', 'Skipped'), ('deferred', 'Deferred')], max_length=10)),
                ('reason', models.CharField(blank=True, max_length=300)),
                ('due_at', models.DateTimeField(help_text='Back in the queue from then (deferred); when marked (returned, skipped).')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='queue_marks', to='articles.claim')),
                ('user', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['user', 'kind', 'due_at'], name='queuemark_user_kind')],
                'constraints': [models.UniqueConstraint(fields=('claim', 'user'), name='queuemark_one_per_user')],
            },
        ),
    ]
