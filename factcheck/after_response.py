"""Work a request causes that its reply need not wait for.

``after_response(fn)`` runs ``fn`` once the reply of the current request has been sent (from the
response's ``close()``, which the WSGI server calls after writing the last byte: gunicorn has
then logged the request as done, the reviewer has the page), in the same worker; outside a
request (a management command, a job, a test calling a service) it runs ``fn`` at once. A
failure is logged, never shown: the reply has gone. ``in_request()`` says whether this thread
serves a request: the matcher hands a request's index updates to the job worker
(``articles.match_queue``) rather than loading its model into a web worker (issue 10).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)
_local = threading.local()


def in_request() -> bool:
    """Whether this thread is serving a request (inside AfterResponseMiddleware)."""
    return getattr(_local, "pending", None) is not None


def after_response(fn: Callable[[], object]) -> None:
    pending = getattr(_local, "pending", None)
    if pending is None:
        fn()
    else:
        pending.append(fn)


def _run(pending: list[Callable[[], object]]) -> None:
    for fn in pending:
        try:
            fn()
        except Exception:  # the reply is sent: nobody to tell but the log
            logger.exception("work after the response failed")


class AfterResponseMiddleware:
    """Collects the request's after_response work and hangs it on the response's close()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        outer = getattr(_local, "pending", None)
        _local.pending = pending = []
        try:
            response = self.get_response(request)
        finally:
            _local.pending = outer
        if pending:
            response._resource_closers.append(lambda: _run(pending))
        return response
