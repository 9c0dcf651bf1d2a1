"""An editor logs in, pastes an article, lands on its claims; the admin works under the strict CSP."""

from __future__ import annotations

import pytest

# transactional (live_server): the flush afterwards deletes the data migration's groups and
# ratings; tests/conftest.py's fixtures put them back (ensure_seed_data)
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_editor_pastes_the_seed_and_sees_claims(page, live_server, editor, seed_path, shot):
    login(page, live_server, "ed", "pw-ed")
    page.get_by_role("link", name="Add article").first.click()
    page.get_by_label("Paste the article").fill(seed_path.read_text(encoding="utf-8").split("\n\n\n")[0])
    page.get_by_label("Publisher").fill("Arab News")
    page.get_by_role("button", name="Import and split into claims").click()
    page.wait_for_url("**/articles/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lithuania declares more than 1,000")
    claims = page.get_by_role("list", name="Claims").get_by_role("listitem")
    assert claims.count() > 20
    assert "Short Url" not in page.get_by_role("list", name="Claims").inner_text()
    shot(page, "claims-list")
    assert page.console_errors == []


def test_admin_works_under_strict_csp(page, live_server, superuser, seeded, shot):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw-root")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/articles/article/")
    assert page.get_by_role("link", name="Ukraine to give revised peace plans", exact=False).count() == 1
    page.goto(f"{live_server.url}/admin/articles/article/{seeded[1].pk}/change/")
    assert page.get_by_text("Military aid for Ukraine declines").count() >= 1
    shot(page, "admin-article")
    page.goto(f"{live_server.url}/admin/articles/claim/")
    # the action bar (admin JavaScript) is alive: selecting a row updates the counter
    page.locator("input.action-select").first.check()
    assert "1 of" in page.locator(".action-counter").inner_text()
    assert page.console_errors == []
