"""python manage.py run_worker — a background worker (README: background jobs).

django-tasks-db's worker (``db_worker``) with what a newsroom's jobs need on top: every
``--sweep`` seconds a thread takes up again the jobs whose worker stopped reporting (killed,
its machine lost) or whose task was lost (articles.jobs.jobs_recover). Run any number of these,
on any number of machines, against the one database.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("articles.jobs")


class Command(db_worker.Command):
    help = "Run a background worker: jobs (imports by URL, big uploads, webhooks), with recovery of lost jobs."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(interval=settings.FACTCHECK_WORKER_INTERVAL, reload=False)
        parser.add_argument(
            "--sweep",
            type=float,
            default=None,
            help="seconds between sweeps for lost jobs (default: a quarter of FACTCHECK_JOB_STALE_SECONDS)",
        )

    def handle(self, *args, sweep=None, **options):
        every = sweep if sweep is not None else max(settings.FACTCHECK_JOB_STALE_SECONDS / 4, 0.5)
        stop = threading.Event()
        thread = threading.Thread(target=_sweeper, args=(every, stop), name="job-sweeper", daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()


def _sweeper(every: float, stop: threading.Event) -> None:
    from articles import jobs, webhooks

    while not stop.wait(every):
        try:
            jobs.jobs_recover()
            webhooks.deliveries_recover()
        except Exception:  # a database hiccup: try again at the next sweep
            logger.exception("sweep for lost jobs failed")
        finally:
            close_old_connections()
            connection.close()
