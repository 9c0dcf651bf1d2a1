"""Production serving in a real browser: gunicorn with DEBUG off, static files collected into a
temporary STATIC_ROOT and served by the app server itself (WhiteNoise); Chromium loads the
login page and a logged-in page with their CSS, htmx and app.js, and nothing fails."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_deploy_support import gunicorn, manage, production_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def production_site(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        # plain http on loopback: no redirect to https. Cookies stay Secure: Chromium accepts them
        # from http://127.0.0.1, a secure context.
        SECURE_SSL_REDIRECT="0",
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": "static-test-pw-1"},
           "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org")  # fmt: skip
    with gunicorn(env, tmp_path) as url:
        yield url


def assert_assets_applied(page) -> None:
    # app.css: the top bar's background and the button colour come from it (var(--soft), var(--accent))
    assert (
        page.locator(".topbar").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(244, 246, 248)"
    )
    assert page.locator("main").evaluate("el => getComputedStyle(el).maxWidth") != "none"
    # htmx, from django-htmx's static files
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.")
    loaded = page.evaluate(
        "performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.responseStatus])"
    )
    names = {
        re.sub(r"\.[0-9a-f]{12}\.", ".", path): status
        for path, status in loaded
        if path.startswith("/static/")
    }
    assert names.get("/static/app.css") == 200, loaded
    assert names.get("/static/app.js") == 200, loaded
    assert any(n.startswith("/static/django_htmx/htmx-2") for n in names), loaded


def test_static_files_load_under_gunicorn_with_debug_off(page, production_site, shot):
    responses = []
    page.on("response", lambda r: responses.append((r.status, r.url)))
    page.goto(f"{production_site}/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert_assets_applied(page)
    shot(page, "production-login")

    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("static-test-pw-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["csrftoken"]["secure"]  # DEBUG off: Secure cookies
    page.wait_for_load_state("networkidle")
    assert_assets_applied(page)

    # app.js runs: the "Shortcuts" link opens the dialog in place instead of going to its page
    page.get_by_role("link", name=re.compile("^Shortcuts")).click()
    expect(page.locator("#shortcuts-dialog")).to_be_visible()
    assert page.url.endswith("/articles/")

    assert [r for r in responses if r[0] >= 400] == []
    static = [u for s, u in responses if "/static/" in u]
    assert static and all(re.search(r"\.[0-9a-f]{12}\.\w+$", u) for u in static), static  # hashed names
    assert page.console_errors == []  # no 404, no CSP violation, no script error
