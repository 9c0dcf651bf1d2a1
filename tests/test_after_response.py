"""factcheck.after_response: work a view leaves for after its reply."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from factcheck import after_response as ar

pytestmark = pytest.mark.django_db  # (closing a response closes stale database connections)


def test_outside_a_request_the_work_runs_at_once():
    done = []
    ar.after_response(lambda: done.append(1))
    assert done == [1]


def test_in_a_request_the_work_waits_for_the_reply_to_be_closed():
    done = []

    def view(request):
        ar.after_response(lambda: done.append("indexed"))
        done.append("reply built")
        return HttpResponse("ok")

    response = ar.AfterResponseMiddleware(view)(RequestFactory().get("/"))
    assert done == ["reply built"]  # the reply is complete and nothing ran yet
    response.close()  # what the WSGI server does after sending the last byte
    assert done == ["reply built", "indexed"]
    ar.after_response(lambda: done.append("later"))  # the request is over: at once again
    assert done[-1] == "later"


def test_a_failure_after_the_reply_is_logged_and_the_rest_still_runs(caplog):
    done = []

    def view(request):
        ar.after_response(lambda: 1 / 0)
        ar.after_response(lambda: done.append("second"))
        return HttpResponse("ok")

    response = ar.AfterResponseMiddleware(view)(RequestFactory().get("/"))
    response.close()
    assert done == ["second"]
    assert "work after the response failed" in caplog.text


def test_nothing_is_kept_from_a_request_that_failed():
    def view(request):
        ar.after_response(lambda: None)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ar.AfterResponseMiddleware(view)(RequestFactory().get("/"))
    done = []
    ar.after_response(lambda: done.append(1))  # no request any more: at once
    assert done == [1]
