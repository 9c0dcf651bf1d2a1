"""Parallel bulk import: the CPU-heavy pipeline (split, score, attribute) and the inserts of
each article run in worker processes, each with its own database connection; outcomes come
back in input order. Used by ``import_articles --jobs N``.

Memory stays bounded: at most ``jobs * 4`` articles are in flight, so a 100 MB JSONL file
still streams.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

# Nothing from Django at module level: spawned workers import this module before
# _init_worker has run django.setup().
_IN_FLIGHT_PER_JOB = 4


def _init_worker(db_settings: dict) -> None:
    import django

    django.setup()
    from django.db import connections

    # the parent's database, whatever the settings say (e.g. the test database)
    connections["default"].settings_dict.update(db_settings)


def _ingest_one(where: str, parsed, user_id: int | None, max_bytes: int | None) -> tuple:
    from django.contrib.auth import get_user_model

    from . import services
    from .policy import SYSTEM
    from .text.readers import Item

    user = get_user_model().objects.get(pk=user_id) if user_id else SYSTEM
    item = Item(path=where, line=None, article=parsed, error=None)
    o = next(iter(services.articles_import(items=[item], created_by=user, max_bytes=max_bytes)))
    return (o.status, o.title, o.article.pk if o.article else None, o.claims, o.message)


def import_parallel(
    *, items: Iterable, jobs: int, user_id: int | None = None, max_bytes: int | None = None
) -> Iterator:
    from django.db import connections

    from .models import Article
    from .services import ImportOutcome

    db_settings = {"NAME": connections["default"].settings_dict["NAME"]}
    connections.close_all()  # never share a connection (or its pool) with the children
    ctx = multiprocessing.get_context("spawn")
    pending: deque[tuple[str, Future | ImportOutcome]] = deque()
    limit = max(1, jobs) * _IN_FLIGHT_PER_JOB
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(db_settings,)
    ) as pool:

        def drain(keep: int) -> Iterator:
            while len(pending) > keep:
                where, job = pending.popleft()
                if isinstance(job, ImportOutcome):
                    yield job
                    continue
                status, title, pk, claims, message = job.result()
                article = Article(pk=pk, title=title) if pk else None  # enough to report it
                yield ImportOutcome(status=status, where=where, title=title, article=article, claims=claims, message=message)

        for item in items:
            if item.error is not None:
                pending.append((item.where, ImportOutcome(status="failed", where=item.where, message=item.error)))
            else:
                future = pool.submit(_ingest_one, item.where, item.article, user_id, max_bytes)
                pending.append((item.where, future))
            yield from drain(limit)
        yield from drain(0)
