"""The import stores a batch in a second thread while it prepares the next (services._BatchStore,
PostgreSQL outside a transaction): the outcomes and what is stored are those of the one-thread
import, in the same order — repeats across and inside batches found "present", a URL taken by an
earlier batch refused, parse errors and refused articles in their places — and an import the
caller abandons still reports the articles it stored to the matcher."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction

from articles import matching, services
from articles.models import Article, Claim
from articles.policy import SYSTEM
from articles.text.parse import build_article
from articles.text.readers import Item

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the store thread's connection sees committed rows only
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the batch path is PostgreSQL's"),
]


def _item(i: int, *, text: str | None = None, url: str = "", title: str | None = None) -> Item:
    body = text if text is not None else f"The harbour in town {i} handled {1000 + i} ships in 2024, the port authority said."
    parsed = build_article(title=title or f"Harbour report {i}", parts=[("body", body)], url=url, publisher="Reuters")
    return Item(path="feed.jsonl", line=i, article=parsed, error=None)


def _items() -> list[Item]:
    items = [_item(i) for i in range(1, 12)]
    items.insert(2, _item(1))  # the same article again, in the same batch
    items.insert(5, Item(path="feed.jsonl", line=99, article=None, error="line 99: not JSON"))
    items.insert(7, _item(50, text="Too long to take. " * 200))  # refused: over the size limit (the test's 2,000 bytes)
    items.append(_item(3))  # again, batches later
    items.append(_item(60, url="https://news.example/a"))
    items += [_item(i) for i in range(12, 16)]
    items.append(_item(61, url="https://news.example/a", title="Other text, same URL"))  # the URL is taken
    return items


def _run(items, monkeypatch, *, overlap: bool) -> tuple[list[tuple], list[tuple]]:
    if not overlap:
        monkeypatch.setattr(services._BatchStore, "usable", staticmethod(lambda: False))
    outcomes = [
        (o.status, o.where, o.title, o.claims, re.sub(r"#\d+", "#id", o.message))  # (ids differ between the runs)
        for o in services.articles_import(items=items, created_by=SYSTEM)
    ]
    stored = list(Article.objects.order_by("title").values_list("title", "url", "claim_count"))
    stored += list(Claim.objects.order_by("article__title", "position").values_list("article__title", "position", "text"))
    Article.objects.all().delete()
    monkeypatch.undo()
    return outcomes, stored


def test_overlapped_batches_store_and_report_what_one_thread_does(monkeypatch, settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 2_000
    monkeypatch.setattr(services, "_BATCH_ARTICLES", 3)
    started = []
    real_start = services._BatchStore.start

    def start(self, fn, entries):
        started.append(len(entries))
        return real_start(self, fn, entries)

    plain_outcomes, plain_stored = _run(_items(), monkeypatch, overlap=False)
    monkeypatch.setattr(services, "_BATCH_ARTICLES", 3)
    monkeypatch.setattr(services._BatchStore, "start", start)
    outcomes, stored = _run(_items(), monkeypatch, overlap=True)
    assert len(started) >= 3  # batches went to the store thread
    assert outcomes == plain_outcomes and stored == plain_stored
    statuses = [o[0] for o in outcomes]
    assert statuses.count("present") == 2 and statuses.count("failed") == 3, outcomes
    assert any("over the" in o[4] and "limit" in o[4] for o in outcomes)
    assert "already has the URL https://news.example/a" in outcomes[-1][4]


def test_an_import_that_stops_reports_what_it_stored_to_the_matcher(monkeypatch):
    """The reader fails while a batch is in the store thread: that batch is stored (it was
    handed over) and its articles are matched, though no outcome of theirs was yielded."""
    monkeypatch.setattr(services, "_BATCH_ARTICLES", 3)
    told: list[int] = []
    monkeypatch.setattr(matching, "match_later", lambda *, article_ids: told.extend(article_ids))

    def items():
        yield from (_item(i) for i in range(1, 5))  # a batch of 3 handed over, a 4th prepared
        raise OSError("the feed broke off")

    with pytest.raises(OSError, match="broke off"):
        list(services.articles_import(items=items(), created_by=SYSTEM))
    stored = set(Article.objects.values_list("pk", flat=True))
    assert len(stored) == 3 and set(told) == stored


def test_inside_a_transaction_everything_stays_on_its_connection(monkeypatch):
    monkeypatch.setattr(services, "_BATCH_ARTICLES", 2)
    monkeypatch.setattr(services._BatchStore, "start", lambda *a: pytest.fail("a second connection inside a transaction"))
    with transaction.atomic():
        outcomes = list(services.articles_import(items=[_item(i) for i in range(1, 8)], created_by=SYSTEM))
        assert [o.status for o in outcomes] == ["imported"] * 7
        transaction.set_rollback(True)
    assert not Article.objects.exists()
    assert connection.get_autocommit()
