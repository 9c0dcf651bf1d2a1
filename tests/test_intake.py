"""articles/intake.py: URLs checked when given; the import_urls job run in the test process
(jobs.job_run) against a local HTTP server (allowlisted)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import fetch, intake, jobs, services
from articles.models import Article, Job, JobItem
from articles.policy import Denied
from tests.test_fetch import Reply, server  # noqa: F401 - the fixture

SAMPLE_HTML = (Path(__file__).parent / "data" / "samples" / "article.html").read_bytes()
PLAIN = (
    "Council approves new bridge\n\n"
    "The city council voted 7 to 2 on Monday to build a new bridge over the river.\n\n"
    "The bridge will cost 12 million euros, the mayor said.\n"
)


def page(title: str, sentence: str) -> bytes:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{sentence}</p><p>Officials said 3 people were hurt.</p>"
        "</article></body></html>"
    ).encode()


def outcomes(job: Job) -> list[tuple[str, str, str]]:
    return [(i.where.rsplit("/", 1)[-1], i.status, i.message) for i in JobItem.objects.filter(job=job).order_by("position")]


def run(job: Job) -> str:
    return jobs.job_run(job.pk, worker_id="test-worker")


# ----------------------------------------------------------------------------- start


def test_start_creates_one_item_per_url_trimmed_deduplicated(editor):
    text = "  https://example.com/a  \n\nhttps://example.com/b\r\nhttps://example.com/a\n   \nhttp://example.com/c?x=1#top\n"
    job = intake.urls_import_start(urls=text, created_by=editor)
    assert job.kind == "import_urls" and job.status == "queued" and job.total == 3 and job.created_by == editor
    assert [i.where for i in job.items.order_by("position")] == [
        "https://example.com/a",
        "https://example.com/b",
        "http://example.com/c?x=1#top",
    ]
    job2 = intake.urls_import_start(urls=["https://example.com/z", " https://example.com/y "], created_by=editor)
    assert job2.total == 2


def test_start_names_every_bad_line_and_creates_nothing(editor):
    text = "\n".join(
        [
            "https://example.com/ok",
            "",
            "ftp://x",
            "example.com/no-scheme",
            "http://user:pw@example.com/",
            "http://10.0.0.5/admin",
            "https://example.com/" + "a" * 1000,
            "http:///nohost",
            "https://exa mple.com/",
        ]
    )
    with pytest.raises(services.ServiceError) as err:
        intake.urls_import_start(urls=text, created_by=editor)
    problems = err.value.problems
    assert problems[0] == "line 3: 'ftp://x' is not an http(s) URL"
    assert problems[1] == "line 4: 'example.com/no-scheme' is not an http(s) URL"
    assert problems[2].startswith("line 5: ") and "user name or password" in problems[2]
    assert problems[3] == "line 6: refused: 10.0.0.5 is a private address"
    assert problems[4].startswith("line 7: ") and "longer than 1000 characters" in problems[4]
    assert problems[5].startswith("line 8: ") and "no host" in problems[5]
    assert problems[6].startswith("line 9: ") and "spaces" in problems[6]
    assert len(problems) == 7 and "line 3" in err.value.message and "line 9" in err.value.message
    assert not Job.objects.exists() and not JobItem.objects.exists()


def test_start_refuses_nothing_and_too_many(editor, settings):
    with pytest.raises(services.ServiceError, match="no URL to import"):
        intake.urls_import_start(urls="\n  \n", created_by=editor)
    settings.FACTCHECK_MAX_URLS = 3
    with pytest.raises(services.ServiceError, match="4 URLs: at most 3"):
        intake.urls_import_start(urls=[f"https://example.com/{i}" for i in range(4)], created_by=editor)
    assert not Job.objects.exists()


def test_only_importers_may_start(reviewer, outsider):
    for user in (reviewer, outsider):
        with pytest.raises(Denied, match="only editors can import articles"):
            intake.urls_import_start(urls="https://example.com/a", created_by=user)
    assert not Job.objects.exists()


def test_enqueued_after_commit(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = intake.urls_import_start(urls="https://example.com/a", created_by=editor)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.task_id


# ----------------------------------------------------------------------------- run


def test_mixed_outcomes(editor, server):  # noqa: F811
    server.routes["/html"] = Reply(body=SAMPLE_HTML)
    server.routes["/text"] = Reply(body=PLAIN.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    server.routes["/gone"] = Reply(404, b"no", {"Content-Type": "text/plain"})
    server.routes["/pdf"] = Reply(body=b"%PDF", headers={"Content-Type": "application/pdf"})
    server.routes["/same"] = Reply(body=SAMPLE_HTML)  # the same article at another URL
    server.routes["/empty"] = Reply(body=b"   ", headers={"Content-Type": "text/html"})
    server.routes["/moved"] = Reply(301, headers={"Location": "/there"})
    server.routes["/there"] = Reply(body=page("Port reopens after strike", "The port reopened on Friday."))
    server.routes["/private"] = Reply(302, headers={"Location": "http://192.168.1.20/x"})
    known = Article.objects.create(
        title="Already here", text="Already here.", url=server.url("/known"), content_hash="h" * 64
    )
    urls = [server.url(p) for p in ("/html", "/text", "/gone", "/pdf", "/known", "/same", "/empty", "/moved", "/private")]
    job = intake.urls_import_start(urls="\n".join(urls), created_by=editor)
    assert run(job) == "succeeded"
    got = outcomes(job)
    assert [(w, s) for w, s, _ in got] == [
        ("html", "imported"),
        ("text", "imported"),
        ("gone", "failed"),
        ("pdf", "failed"),
        ("known", "present"),
        ("same", "present"),
        ("empty", "failed"),
        ("moved", "imported"),
        ("private", "failed"),
    ]
    messages = {w: m for w, _, m in got}
    assert messages["gone"] == "HTTP 404 Not Found"
    assert messages["pdf"] == "not a web page: the server sent application/pdf (only HTML and plain text pages are imported)"
    assert messages["empty"] == "could not read the page: the page is empty"
    assert messages["private"] == "refused: 192.168.1.20 is a private address"
    assert "/known" not in [r.path for r in server.seen]  # present by URL: not fetched

    html_article = Article.objects.get(url=server.url("/html"))
    assert html_article.title == "Government pledges 40 percent of budget to schools"
    assert html_article.created_by == editor and html_article.claims.count() >= 3
    assert "do not import me" not in html_article.text
    text_article = Article.objects.get(url=server.url("/text"))
    assert text_article.title == "Council approves new bridge" and "12 million euros" in text_article.text
    # the URL stored is the one given, not the redirect's target
    assert Article.objects.get(url=server.url("/moved")).title == "Port reopens after strike"
    assert not Article.objects.filter(url=server.url("/there")).exists()

    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == 9
    assert job.counts == {"imported": 3, "failed": 4, "present": 2}
    item = job.items.get(position=5)
    assert item.article_id == known.pk and item.title == "Already here"
    item = job.items.get(position=1)
    line = jobs.outcome_line(status=item.status, where=item.where, title=item.title, article_id=item.article_id, claims=item.claims)
    assert line == f"imported  {server.url('/html')}  “{html_article.title}” ({html_article.claims.count()} claims, #{html_article.pk})"


def test_rerun_is_idempotent_and_fetches_nothing_already_imported(editor, server):  # noqa: F811
    server.routes["/a"] = Reply(body=page("Floods close roads", "Floods closed 40 roads on Sunday."))
    server.routes["/b"] = Reply(body=page("Rates held", "The bank held rates at 4 percent."))
    urls = [server.url("/a"), server.url("/b")]
    first = intake.urls_import_start(urls=urls, created_by=editor)
    run(first)
    assert [s for _, s, _ in outcomes(first)] == ["imported", "imported"]
    articles, seen = Article.objects.count(), len(server.seen)
    second = intake.urls_import_start(urls=urls, created_by=editor)
    run(second)
    assert [s for _, s, _ in outcomes(second)] == ["present", "present"]
    assert Article.objects.count() == articles and len(server.seen) == seen
    # the same job taken up again records nothing twice
    assert run(first) == "skipped"


def test_transient_error_retried_then_imported(editor, server, settings):  # noqa: F811
    settings.FACTCHECK_JOB_RETRIES = 3
    answers = iter([Reply(503, b"busy", {"Content-Type": "text/plain"})])
    good = Reply(body=page("Bridge reopens", "The bridge reopened on 5 May."))
    server.routes["/flaky"] = lambda req: next(answers, good)
    job = intake.urls_import_start(urls=server.url("/flaky"), created_by=editor)
    assert run(job) == "queued"  # the item waits for its retry
    item = job.items.get()
    assert item.status == "pending" and item.attempts == 1 and item.retry_after > timezone.now()
    assert item.message == "HTTP 503 Service Unavailable (retrying, attempt 2)"
    job.refresh_from_db()
    assert job.status == "queued"  # enqueued again (on commit) with run_after = the retry time

    JobItem.objects.filter(pk=item.pk).update(retry_after=timezone.now() - timedelta(seconds=1))
    assert run(job) == "succeeded"
    assert outcomes(job) == [("flaky", "imported", "")]
    assert Article.objects.filter(url=server.url("/flaky")).exists()


def test_transient_error_fails_after_the_retries(editor, server, settings):  # noqa: F811
    settings.FACTCHECK_JOB_RETRIES = 2
    server.routes["/down"] = Reply(502, b"", {"Content-Type": "text/plain"})
    job = intake.urls_import_start(urls=server.url("/down"), created_by=editor)
    for _ in range(3):
        run(job)
        JobItem.objects.filter(job=job).update(retry_after=timezone.now() - timedelta(seconds=1))
    assert outcomes(job) == [("down", "failed", "HTTP 502 Bad Gateway")]
    job.refresh_from_db()
    assert job.status == "succeeded" and job.counts == {"failed": 1}


def test_cancel_between_urls(editor, server, monkeypatch):  # noqa: F811
    for p in ("/1", "/2", "/3"):
        server.routes[p] = Reply(body=page(f"Story {p[1]}", f"Story number {p[1]} says 5 things happened."))
    job = intake.urls_import_start(urls=[server.url(p) for p in ("/1", "/2", "/3")], created_by=editor)
    real = fetch.fetch_page

    def fetch_then_cancel(url):
        result = real(url)
        jobs.job_cancel(job=Job.objects.get(pk=job.pk), actor=editor)
        return result

    monkeypatch.setattr(fetch, "fetch_page", fetch_then_cancel)
    assert run(job) == "cancelled"
    assert [s for _, s, _ in outcomes(job)] == ["imported", "pending", "pending"]
    job.refresh_from_db()
    assert job.status == "cancelled" and job.done == 1


def test_the_job_fails_when_its_user_may_no_longer_import(editor, server):  # noqa: F811
    server.routes["/a"] = Reply(body=page("A", "Something happened in 2020."))
    job = intake.urls_import_start(urls=server.url("/a"), created_by=editor)
    editor.groups.clear()
    editor.is_active = False
    editor.save()
    assert run(job) == "failed"
    job.refresh_from_db()
    assert "only editors can import articles" in job.error
    assert not Article.objects.exists()


def test_a_charset_declared_by_the_server_reaches_the_article(editor, server):  # noqa: F811
    body = (
        "<html><head><title>Caf\u00e9 prices</title></head><body><article><h1>Caf\u00e9 prices</h1>"
        "<p>A caf\u00e9 cr\u00e8me costs 3 \u20ac in Paris, the survey found.</p></article></body></html>"
    ).encode("cp1252")
    server.routes["/cp"] = Reply(body=body, headers={"Content-Type": "text/html; charset=windows-1252"})
    job = intake.urls_import_start(urls=server.url("/cp"), created_by=editor)
    run(job)
    article = Article.objects.get(url=server.url("/cp"))
    assert article.title == "Caf\u00e9 prices" and "3 \u20ac" in article.text
