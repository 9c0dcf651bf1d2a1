"""factcheck/querycount.py: the X-Query-Count header of the benchmarks (off unless asked for)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from factcheck.querycount import HEADER, QueryCountMiddleware

MIDDLEWARE = "factcheck.querycount.QueryCountMiddleware"


def _two_queries(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.execute("SELECT 2")
    return HttpResponse("ok")


def test_counts_the_queries_of_the_request(db):
    response = QueryCountMiddleware(_two_queries)(RequestFactory().get("/"))
    assert response[HEADER] == "2"


def test_counts_nothing_when_no_query_runs():
    response = QueryCountMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    assert response[HEADER] == "0"


def test_queries_after_the_request_are_not_counted(db):
    middleware = QueryCountMiddleware(_two_queries)
    middleware(RequestFactory().get("/"))
    with connection.cursor() as cur:  # the wrapper is gone once the response is made
        cur.execute("SELECT 3")
    assert middleware(RequestFactory().get("/"))[HEADER] == "2"


def test_header_absent_by_default(client, settings):
    assert MIDDLEWARE not in settings.MIDDLEWARE  # FACTCHECK_QUERY_COUNT is not set for the tests
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert HEADER not in response


def test_header_on_a_real_page_when_enabled(client, settings, reviewer):
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/accounts/password_change/")
    assert response.status_code == 200
    assert len(ctx.captured_queries) >= 2  # the session and the user at least
    assert response[HEADER] == str(len(ctx.captured_queries))
