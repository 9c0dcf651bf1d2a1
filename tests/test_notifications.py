"""Notifications (issue 15): the functions the services call, the bell, the list, mark read,
email after commit only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles import notifications, services
from articles.team_models import Notification


@pytest.fixture
def claim(seeded):
    return seeded[0].claims.first()


def test_assigned_notifies_the_assignee_not_oneself(claim, editor, reviewer):
    notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.claim, n.actor) == (reviewer, "assigned", claim, editor)
    assert "ed assigned you" in n.message
    notifications.notify_assigned(claims=[claim], by=editor, to=editor)
    assert Notification.objects.count() == 1


def test_many_assignments_are_summed_up(seeded, editor, reviewer):
    claims = list(seeded[0].claims.all()[:25])
    assert len(claims) > 20
    notifications.notify_assigned(claims=claims, by=editor, to=reviewer)
    assert Notification.objects.get().message == f"ed assigned you {len(claims)} claims"


def test_returned_notifies_its_reviewers_and_assignee_with_the_note(claim, editor, reviewer, reviewer2, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["true"])
    notifications.notify_returned(claim=claim, by=editor, note="source 2 is dead")
    got = {(n.recipient.username, n.kind) for n in Notification.objects.all()}
    assert got == {("rev", "returned"), ("rev2", "returned")}
    assert all(n.message.endswith("source 2 is dead") for n in Notification.objects.all())


def test_disputed_notifies_the_other_reviewers(claim, reviewer, reviewer2, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    claim.refresh_from_db()
    assert claim.status == "disputed"
    # the service that made it disputed told the other reviewer (once)
    assert [(n.recipient.username, n.kind) for n in Notification.objects.all()] == [("rev", "disputed")]
    Notification.objects.all().delete()
    notifications.notify_disputed(claim=claim, by=reviewer2)
    assert [(n.recipient.username, n.kind) for n in Notification.objects.all()] == [("rev", "disputed")]


def test_inactive_members_are_not_notified(claim, editor, reviewer):
    reviewer.is_active = False
    reviewer.save()
    assert notifications.notify_assigned(claims=[claim], by=editor, to=reviewer) == []


def test_email_after_commit_only_and_only_when_configured(claim, editor, reviewer, settings, django_capture_on_commit_callbacks):
    reviewer.email = "rev@example.org"
    reviewer.save()
    settings.FACTCHECK_NOTIFY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    assert mail.outbox == []
    settings.FACTCHECK_NOTIFY_EMAIL = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    assert mail.outbox == [] and len(callbacks) == 1  # nothing inside the transaction
    callbacks[0]()
    assert mail.outbox[0].to == ["rev@example.org"] and "Assigned to you" in mail.outbox[0].subject
    assert f"/articles/claims/{claim.pk}/" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_fail_the_caller(claim, editor, reviewer, settings, django_capture_on_commit_callbacks, caplog):
    reviewer.email = "rev@example.org"
    reviewer.save()
    settings.FACTCHECK_NOTIFY_EMAIL = True
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications.BrokenBackend", "OPTIONS": {}}}
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    assert Notification.objects.count() == 1
    assert "notification emails failed" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_bell_list_and_mark_read(client, claim, editor, reviewer, reviewer2):
    notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    notifications.notify_mentions(claim=claim, by=editor, text="@rev <b>look</b>")
    notifications.notify_mentions(claim=claim, by=editor, text="@rev2 look")
    client.force_login(reviewer)
    bell = client.get(reverse("team:bell"), HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-label="Notifications, 2 unread"' in bell and 'hx-trigger="every 60s"' in bell
    page = client.get(reverse("team:notifications")).content.decode()
    assert "&lt;b&gt;look&lt;/b&gt;" in page and "<b>look" not in page and "rev2 look" not in page
    mine = list(Notification.objects.filter(recipient=reviewer).order_by("id"))
    other = Notification.objects.get(recipient=reviewer2)
    client.post(reverse("team:notifications_read"), {"ids": [mine[0].pk, other.pk]})
    assert [n.read_at is not None for n in Notification.objects.filter(recipient=reviewer).order_by("id")] == [True, False]
    other.refresh_from_db()
    assert other.read_at is None  # someone else's: untouched
    client.post(reverse("team:notifications_read"))
    assert notifications.unread_count(reviewer) == 0
    assert "bell-count" not in client.get(reverse("team:bell")).content.decode()


def test_mark_read_needs_csrf(claim, editor, reviewer):
    notifications.notify_assigned(claims=[claim], by=editor, to=reviewer)
    c = Client(enforce_csrf_checks=True)
    c.force_login(reviewer)
    assert c.post(reverse("team:notifications_read")).status_code == 403
    assert notifications.unread_count(reviewer) == 1


def test_mentioned_usernames():
    assert notifications.mentioned_usernames("@ann, @bob. mail x@carl.org @ann @d.e-f") == ["ann", "bob", "d.e-f"]


def test_the_services_notify_assignment_and_return(claim, editor, reviewer, reviewer2, ratings, settings):
    """The wiring: claims_assign, claim_update (assignee) and verdict_return tell people."""
    services.claims_assign(claims=[claim], assignee=reviewer, actor=editor)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("rev", "assigned")]
    services.claims_assign(claims=[claim], assignee=reviewer, actor=editor)  # no change: no new notice
    assert Notification.objects.count() == 1
    claim.refresh_from_db()
    services.claim_update(claim=claim, actor=editor, assignee=reviewer2)
    assert Notification.objects.filter(recipient=reviewer2, kind="assigned").count() == 1
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    Notification.objects.all().delete()
    services.verdict_return(claim=claim, editor=editor, note="check the date")
    got = set(Notification.objects.values_list("recipient__username", "kind"))
    assert ("rev", "returned") in got and ("rev2", "returned") in got
