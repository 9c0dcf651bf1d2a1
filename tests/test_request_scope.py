"""factcheck.request_scope: a thread knows whether it serves a web request."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from factcheck import request_scope


def test_only_the_request_itself_is_in_a_request():
    seen = []

    def view(request):
        seen.append(request_scope.in_request())
        return HttpResponse("ok")

    assert not request_scope.in_request()
    request_scope.RequestScopeMiddleware(view)(RequestFactory().get("/"))
    assert seen == [True]
    assert not request_scope.in_request()


def test_a_request_that_failed_leaves_the_thread_outside_any_request():
    def view(request):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        request_scope.RequestScopeMiddleware(view)(RequestFactory().get("/"))
    assert not request_scope.in_request()
