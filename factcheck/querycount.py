"""Per-request SQL query count, for benchmarks: an ``X-Query-Count`` response header.

Switched on only when ``FACTCHECK_QUERY_COUNT=1`` is set when the server starts (settings.py
then puts this middleware right after SecurityMiddleware). Every query run on any database
connection while the request passes through the rest of the stack is counted with
``connection.execute_wrapper``; for a streaming response the count stops when the headers are
ready (queries run while the body streams are not included).
"""

from __future__ import annotations

from contextlib import ExitStack

from django.db import connections

HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for conn in connections.all(initialized_only=False):
                stack.enter_context(conn.execute_wrapper(counted))
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
