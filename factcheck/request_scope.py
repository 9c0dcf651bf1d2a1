"""Whether this thread is serving a web request.

The matcher hands the index updates a request causes (a verdict, an approval) to the job worker
rather than loading its model into a web worker (``articles.match_queue``, issue 10); outside a
request (a command, a job, the shell) it updates the index itself at commit. ``in_request()``
tells which: ``RequestScopeMiddleware`` marks the thread for the length of each request.
"""

from __future__ import annotations

import threading

_local = threading.local()


def in_request() -> bool:
    return getattr(_local, "depth", 0) > 0


class RequestScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _local.depth = getattr(_local, "depth", 0) + 1
        try:
            return self.get_response(request)
        finally:
            _local.depth -= 1
