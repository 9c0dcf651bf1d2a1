"""Real-browser tests: Playwright driving Debian's Chromium (never `playwright install`)."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright


def _serial_live_server_on_sqlite() -> None:
    """On SQLite the test database lives in memory and Django's live server shares its one
    connection with every request thread; a page that fires several requests at once (the claim
    panel's lazy "checked before" and comments, the menu's notification bell) then has two threads
    on one connection, and one of them fails (an IndexError inside the session read). Serve one
    request at a time there, as a single-threaded server (each response closes its connection).
    PostgreSQL keeps the threaded server: each thread has its own connection."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # requests run in the live server's own thread,
            self.connections_override = connections_override  # which holds the shared connection

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = SerialServer


_serial_live_server_on_sqlite()

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = Path(__file__).resolve().parents[2] / "docs"  # the README's screenshots
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: `make test` installs Debian's chromium (or: apt-get install chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    pg.on("response", lambda r: r.status >= 400 and pg.console_errors.append(f"HTTP {r.status} {r.url}"))
    yield pg
    # Let the page's last requests finish before the test's database is flushed: a request still
    # running in the live server (a panel's lazy "checked before", a 422's follow-up) held its
    # locks while the flush truncated the tables, a deadlock on PostgreSQL that left the database
    # unflushed for the next test. A page that keeps polling is closed after the wait.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        pg.wait_for_load_state("networkidle", timeout=3000)
    context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str, *, docs: bool = False, element=None) -> Path:
        """A PNG of the viewport (or of ``element``); ``docs`` ones are the README's."""
        path = (DOCS if docs else ARTIFACTS) / f"{name}.png"
        path.parent.mkdir(exist_ok=True)
        (element or page).screenshot(path=str(path))
        return path

    return take
