"""Issue 15, the team in the app: members, the rating scale, deleting a wrong import (services,
policy and views)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from articles import policy, services, team
from articles.models import Article, Claim, History, Rating, Verdict
from articles.policy import Denied
from articles.services import ServiceError
from articles.team_models import Comment

SITE = team.Site(domain="desk.example", use_https=True)


# ----------------------------------------------------------------------------- members


def test_invite_creates_a_member_with_the_role_and_mails_a_working_set_password_link(editor, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = team.member_invite(actor=editor, username="alice", email="alice@example.org", role="reviewer", site=SITE)
    assert policy.role_of(member) == "reviewer" and policy.is_reviewer(member) and not policy.is_editor(member)
    assert not member.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"https://desk\.example(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and b"new_password1" in page.content
    row = History.objects.get(entity="user", object_id=member.pk)
    assert row.action == "create" and row.actor == editor and row.changes["role"] == [None, "reviewer"]


def test_invite_is_not_mailed_when_the_transaction_fails(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        team.member_invite(actor=editor, username="bob", email="bob@example.org", role="editor", site=SITE)
    assert mail.outbox == [] and len(callbacks) == 1  # sent only after commit


@pytest.mark.parametrize(("username", "email", "field"), [("ed", "x@example.org", "username"), ("new", "", "email"), ("bad name!", "y@example.org", "username")])
def test_invite_refuses_bad_input(editor, username, email, field):
    with pytest.raises(ServiceError) as err:
        team.member_invite(actor=editor, username=username, email=email, role="reviewer", site=SITE)
    assert err.value.field == field


def test_only_editors_manage_members(reviewer, editor):
    with pytest.raises(Denied):
        team.member_invite(actor=reviewer, username="x", email="x@example.org", role="editor", site=SITE)
    with pytest.raises(Denied):
        team.member_set_active(actor=reviewer, member=editor, active=False)


def test_deactivate_reactivate_and_role_with_history(editor, reviewer):
    team.member_set_active(actor=editor, member=reviewer, active=False)
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    team.member_set_active(actor=editor, member=reviewer, active=True)
    team.member_set_role(actor=editor, member=reviewer, role="editor")
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # fresh permission cache
    assert policy.is_editor(reviewer)
    changes = [h.changes for h in History.objects.filter(entity="user", object_id=reviewer.pk).order_by("id")]
    assert changes == [{"is_active": [True, False]}, {"is_active": [False, True]}, {"role": ["reviewer", "editor"]}]


def test_an_editor_cannot_demote_or_deactivate_themself_or_an_admin(editor, superuser, editor2):
    for call in (
        lambda: team.member_set_active(actor=editor, member=editor, active=False),
        lambda: team.member_set_role(actor=editor, member=editor, role="reviewer"),
        lambda: team.member_set_active(actor=editor, member=superuser, active=False),
        lambda: team.member_set_role(actor=editor, member=superuser, role="none"),
        lambda: team.member_send_reset(actor=editor, member=superuser, site=SITE),
    ):
        with pytest.raises(Denied):
            call()
    team.member_set_role(actor=superuser, member=editor2, role="reviewer")  # an admin may
    assert policy.role_of(type(editor2).objects.get(pk=editor2.pk)) == "reviewer"


def test_no_peer_lockout_an_editor_cannot_deactivate_or_demote_another_editor(editor, editor2, superuser):
    for call in (
        lambda: team.member_set_active(actor=editor, member=editor2, active=False),
        lambda: team.member_set_role(actor=editor, member=editor2, role="reviewer"),
        lambda: team.member_set_role(actor=editor, member=editor2, role="none"),
    ):
        with pytest.raises(Denied, match="administrator"):
            call()
    assert type(editor2).objects.get(pk=editor2.pk).is_active
    # a staff member (admin-site access) is protected the same way, whatever their role
    staff = type(editor2).objects.create_user("staffer", is_staff=True)
    with pytest.raises(Denied):
        team.member_set_active(actor=editor, member=staff, active=False)
    # what cannot lock anyone out stays with editors; an administrator does the rest
    team.member_set_active(actor=superuser, member=editor2, active=False)
    team.member_set_active(actor=editor, member=editor2, active=True)
    team.member_set_role(actor=editor, member=editor2, role="editor")  # unchanged: allowed


def test_reset_sends_djangos_reset_email(editor, reviewer, django_capture_on_commit_callbacks):
    reviewer.email = "rev@example.org"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        team.member_send_reset(actor=editor, member=reviewer, site=SITE)
    assert "/accounts/reset/" in mail.outbox[0].body and mail.outbox[0].to == ["rev@example.org"]
    assert History.objects.filter(entity="user", object_id=reviewer.pk, note="set-password link sent").exists()
    reviewer.email = ""
    reviewer.save()
    with pytest.raises(ServiceError, match="no email"):
        team.member_send_reset(actor=editor, member=reviewer, site=SITE)


def test_members_page_invite_and_forbidden_to_reviewers(client, editor, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("team:members")).status_code == 403
    assert client.post(reverse("team:members"), {"username": "x", "email": "x@example.org", "role": "editor"}).status_code == 403
    client.force_login(editor)
    page = client.get(reverse("team:members"))
    assert page.status_code == 200 and b"rev" in page.content
    r = client.post(reverse("team:members"), {"username": "<b>carl</b>", "email": "c@example.org", "role": "reviewer"})
    assert r.status_code == 422 and b"<b>carl</b>" not in r.content and b"&lt;b&gt;carl&lt;/b&gt;" in r.content
    r = client.post(reverse("team:members"), {"username": "carl", "email": "c@example.org", "role": "reviewer"})
    assert r.status_code == 302
    carl = type(editor).objects.get(username="carl")
    r = client.post(reverse("team:member_active", args=[carl.pk]), {"active": "0"})
    assert r.status_code == 302 and not type(editor).objects.get(pk=carl.pk).is_active
    r = client.post(reverse("team:member_active", args=[editor.pk]), {"active": "0"})
    assert r.status_code == 403 and type(editor).objects.get(pk=editor.pk).is_active


def test_member_pages_need_csrf(editor, reviewer):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(editor)
    assert c.post(reverse("team:member_active", args=[reviewer.pk]), {"active": "0"}).status_code == 403
    reviewer.refresh_from_db()
    assert reviewer.is_active


# ----------------------------------------------------------------------------- rating scale


def test_rating_add_rename_reorder_with_history(editor, ratings):
    new = team.rating_save(actor=editor, label="Needs context", description="Lacks context", color="#123456")
    assert new.slug == "needs-context" and new.position == max(r.position for r in ratings.values()) + 1
    team.rating_save(actor=editor, rating=new, label="Missing context", slug="needs-context", description="Lacks context", color="#123456")
    assert Rating.objects.get(pk=new.pk).label == "Missing context"
    team.rating_move(actor=editor, rating=new, by=-1)
    order = list(Rating.objects.values_list("slug", flat=True))
    assert order[-2:] == ["needs-context", "unverifiable"]
    rows = History.objects.filter(entity="rating").order_by("id")
    assert [h.action for h in rows][:2] == ["create", "update"] and rows[1].changes["label"] == ["Needs context", "Missing context"]
    assert any(h.changes.get("position") for h in rows)


def test_a_rating_with_verdicts_is_retired_not_deleted(editor, reviewer, seeded, ratings):
    claim = seeded[0].claims.first()
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="x")
    with pytest.raises(ServiceError, match="retire it instead"):
        team.rating_delete(actor=editor, rating=ratings["false"])
    team.rating_set_active(actor=editor, rating=ratings["false"], active=False)
    assert not Rating.objects.get(slug="false").is_active and Verdict.objects.filter(rating__slug="false").count() == 1
    with pytest.raises(ServiceError, match="no longer in use"):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=Rating.objects.get(slug="false"))
    team.rating_delete(actor=editor, rating=ratings["misleading"])  # unused: removed
    assert not Rating.objects.filter(slug="misleading").exists()
    assert History.objects.filter(entity="rating", action="delete", object_id=ratings["misleading"].pk).exists()


def test_ratings_refused_to_reviewers_and_bad_colour(client, editor, reviewer, ratings):
    with pytest.raises(Denied):
        team.rating_save(actor=reviewer, label="X")
    client.force_login(reviewer)
    assert client.get(reverse("team:ratings")).status_code == 403
    client.force_login(editor)
    r = client.post(reverse("team:ratings"), {"label": "Odd", "color": "red"})
    assert r.status_code == 422 and b"#rrggbb" in r.content
    r = client.post(reverse("team:ratings"), {"label": "Satire <i>", "color": "#aa00aa"})
    assert r.status_code == 302 and Rating.objects.filter(label="Satire <i>").exists()
    assert b"Satire &lt;i&gt;" in client.get(reverse("team:ratings")).content


# ----------------------------------------------------------------------------- deleting a wrong import


def test_delete_article_leaves_a_tombstone_and_takes_claims_verdicts_comments(editor, reviewer, seeded, ratings):
    article = seeded[0]
    claim = article.claims.first()
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    Comment.objects.create(claim=claim, author=reviewer, body="hm")
    n_claims = article.claims.count()
    preview = team.deletion_preview([article.pk])
    assert (preview.articles, preview.claims, preview.verdicts, preview.comments) == (1, n_claims, 1, 1)
    team.articles_delete(actor=editor, articles=[article], note="wrong feed")
    assert not Article.objects.filter(pk=article.pk).exists() and not Claim.objects.filter(article_id=article.pk).exists()
    tomb = History.objects.get(entity="article", action="delete", object_id=article.pk)
    assert tomb.actor == editor and tomb.note == "wrong feed" and tomb.changes["claims"] == [n_claims, 0]
    assert tomb.changes["title"] == [article.title, None] and tomb.changes["verdicts"] == [1, 0]
    assert Article.objects.filter(pk=seeded[1].pk).exists()


def test_delete_refused_with_an_approved_claim_and_for_reviewers(editor, editor2, reviewer, seeded, ratings):
    article = seeded[0]
    claim = article.claims.first()
    v = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_approve(verdict=v, editor=editor2)
    with pytest.raises(Denied, match="return them for review first"):
        team.articles_delete(actor=editor, articles=[article])
    with pytest.raises(Denied):
        team.articles_delete(actor=reviewer, articles=[seeded[1]])
    assert Article.objects.count() == 2
    services.verdict_return(claim=claim, editor=editor2, note="again")
    team.articles_delete(actor=editor, articles=[article])
    assert Article.objects.count() == 1


def test_delete_page_confirms_what_goes(client, editor, seeded):
    article = seeded[0]
    client.force_login(editor)
    page = client.get(reverse("team:article_delete", args=[article.pk]))
    assert page.status_code == 200 and f"{article.claims.count()} claims".encode() in page.content
    assert client.post(reverse("team:article_delete", args=[article.pk]), {}).status_code == 422  # no confirmation
    assert Article.objects.filter(pk=article.pk).exists()
    r = client.post(reverse("team:article_delete", args=[article.pk]), {"confirm": "on", "note": "dupe"})
    assert r.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()


def test_delete_the_articles_of_an_import_job(client, editor, seeded):
    from articles.models import Job, JobItem

    job = Job.objects.create(kind=Job.Kind.IMPORT_FILE, created_by=editor, status="succeeded")
    JobItem.objects.create(job=job, position=1, where="f:1", status="imported", article=seeded[0])
    JobItem.objects.create(job=job, position=2, where="f:2", status="imported", article=seeded[1])
    client.force_login(editor)
    page = client.get(reverse("team:job_articles_delete", args=[job.pk]))
    assert b"2 articles" in page.content
    client.post(reverse("team:job_articles_delete", args=[job.pk]), {"confirm": "on"})
    assert Article.objects.count() == 0
    assert History.objects.filter(entity="article", action="delete").count() == 2


def test_the_member_page_offers_only_what_the_viewer_may_do(client, editor, editor2, reviewer):
    from django.urls import reverse

    client.force_login(editor)
    peer = client.get(reverse("team:member", args=[editor2.pk])).content.decode()
    assert "Deactivate" not in peer and "Set role" not in peer
    assert "deactivated or demoted by an administrator" in peer
    assert "Send a password link" in peer  # cannot lock anyone out
    below = client.get(reverse("team:member", args=[reviewer.pk])).content.decode()
    assert "Deactivate" in below and "Set role" in below
    refused = client.post(reverse("team:member_active", args=[editor2.pk]), {"active": "0"})
    assert refused.status_code == 403
    assert type(editor2).objects.get(pk=editor2.pk).is_active
