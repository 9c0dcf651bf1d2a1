"""Issue 15 in a real browser: an editor invites and deactivates a member on the members page;
a reviewer comments on a claim with a mention picked from the list, swapped in by htmx under
the strict CSP, then edits it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_members_page_invite_and_deactivate(page, live_server, editor, shot):
    login(page, live_server, "ed", "pw-ed")
    page.goto(f"{live_server.url}/team/members/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("alice is invited")
    assert any(m.to == ["alice@example.org"] for m in mail.outbox)
    shot(page, "team-members")
    page.get_by_role("link", name="alice").click()
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("status")).to_contain_text("alice is deactivated")
    expect(page.locator(".team-history")).to_contain_text("deactivated")
    assert page.console_errors == []


def test_comment_with_a_mention_and_edit(page, live_server, reviewer, reviewer2, seeded):
    from articles.team_models import Notification

    claim = seeded[0].claims.order_by("position").first()
    login(page, live_server, "rev", "pw-rev")
    page.goto(f"{live_server.url}/team/claims/{claim.pk}/comments/")
    page.get_by_label("Add a comment").fill("<b>see</b> the 2019 figure")
    page.get_by_label("Mention").fill("rev2")
    page.get_by_label("Mention").dispatch_event("change")  # the picker (team.js) puts it in the text
    expect(page.get_by_label("Add a comment")).to_have_value(re.compile(r"figure @rev2 $"))
    url = page.url
    page.get_by_role("button", name="Comment", exact=True).click()
    body = page.locator(".comment-body").first
    expect(body).to_contain_text("<b>see</b> the 2019 figure")  # escaped, shown as typed
    assert page.url == url  # swapped in place by htmx, no navigation
    assert Notification.objects.filter(recipient=reviewer2, kind="mention").count() == 1
    page.get_by_role("link", name="Edit your comment").click()
    page.get_by_label("Edit your comment").fill("the 2018 figure")
    page.get_by_role("button", name="Save comment").click()
    expect(page.locator(".comment-body").first).to_have_text("the 2018 figure")
    expect(page.locator(".comment-meta").first).to_contain_text("edited")
    assert page.console_errors == []
