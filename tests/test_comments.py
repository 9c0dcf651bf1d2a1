"""Comments on a claim with @mentions (issue 15): services, escaping, own-only edits, HTMX partials."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from articles import comments
from articles.policy import Denied
from articles.services import ServiceError
from articles.team_models import Comment, Notification

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim(seeded):
    return seeded[0].claims.first()


def test_add_edit_delete_own_comment(claim, reviewer, reviewer2):
    c = comments.comment_add(claim=claim, author=reviewer, body="  Check the 2019 figure  ")
    assert c.body == "Check the 2019 figure" and not c.edited
    comments.comment_edit(comment=c, actor=reviewer, body="Check the 2018 figure")
    c.refresh_from_db()
    assert c.body == "Check the 2018 figure" and c.edited
    with pytest.raises(Denied):
        comments.comment_edit(comment=c, actor=reviewer2, body="mine now")
    with pytest.raises(Denied):
        comments.comment_delete(comment=c, actor=reviewer2)
    comments.comment_delete(comment=c, actor=reviewer)
    assert not Comment.objects.exists()


def test_empty_or_huge_comment_refused_and_outsiders_cannot_comment(claim, reviewer, outsider):
    with pytest.raises(ServiceError, match="write something"):
        comments.comment_add(claim=claim, author=reviewer, body="   ")
    with pytest.raises(ServiceError, match="at most"):
        comments.comment_add(claim=claim, author=reviewer, body="x" * 5001)
    with pytest.raises(Denied):
        comments.comment_add(claim=claim, author=outsider, body="hello")


def test_mentions_notify_once_and_only_new_ones_on_edit(claim, reviewer, reviewer2, editor):
    c = comments.comment_add(claim=claim, author=reviewer, body="@rev2 and @ed, see this; mail me at a@rev2.org, @rev (me), @ghost")
    got = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert got == [("ed", "mention"), ("rev2", "mention")]
    comments.comment_edit(comment=c, actor=reviewer, body="@rev2 @ed see this again")
    assert Notification.objects.count() == 2  # already mentioned: not told twice
    reviewer3 = type(reviewer).objects.create_user(username="rev3")
    comments.comment_edit(comment=c, actor=reviewer, body="@rev2 @ed @rev3 see this")
    assert Notification.objects.filter(recipient=reviewer3, kind="mention").count() == 1  # a new mention


def test_htmx_post_returns_the_escaped_partial(client, claim, reviewer, reviewer2):
    client.force_login(reviewer)
    r = client.post(reverse("team:comment_add", args=[claim.pk]), {"body": "<script>alert(1)</script> @rev2"}, **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert f'id="comments-{claim.pk}"' in html and "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<option value="rev2">' in html  # the mention picker
    c = Comment.objects.get()
    assert reverse("team:comment_edit", args=[c.pk]) in html
    client.force_login(reviewer2)
    r = client.get(reverse("team:comments", args=[claim.pk]), **HX)
    assert reverse("team:comment_edit", args=[c.pk]) not in r.content.decode()  # not theirs: no edit link
    assert client.post(reverse("team:comment_delete", args=[c.pk]), **HX).status_code == 403
    assert Comment.objects.count() == 1


def test_mention_picker_without_javascript_and_errors(client, claim, reviewer, reviewer2):
    client.force_login(reviewer)
    r = client.post(reverse("team:comment_add", args=[claim.pk]), {"body": "look", "mention": "rev2"})
    assert r.status_code == 302 and r.url == reverse("team:comments", args=[claim.pk])  # no htmx: the comments page
    page = client.get(r.url).content.decode()
    assert "<h1>Comments on claim" in page and "@rev2 look" in page
    assert Comment.objects.get().body == "@rev2 look"
    assert Notification.objects.filter(recipient=reviewer2, kind="mention").exists()
    r = client.post(reverse("team:comment_add", args=[claim.pk]), {"body": ""}, **HX)
    assert r.status_code == 422 and b"required" in r.content


def test_edit_and_delete_through_the_partial(client, claim, reviewer):
    c = comments.comment_add(claim=claim, author=reviewer, body="first")
    client.force_login(reviewer)
    r = client.get(reverse("team:comment_edit", args=[c.pk]), **HX)
    assert f'id="comment-edit-{c.pk}"' in r.content.decode()
    r = client.post(reverse("team:comment_edit", args=[c.pk]), {"body": "second"}, **HX)
    assert r.status_code == 200 and b"second" in r.content and b"edited" in r.content
    r = client.post(reverse("team:comment_delete", args=[c.pk]), **HX)
    assert r.status_code == 200 and b"No comment yet" in r.content


def test_comment_posts_need_csrf(claim, reviewer):
    c = Client(enforce_csrf_checks=True)
    c.force_login(reviewer)
    assert c.post(reverse("team:comment_add", args=[claim.pk]), {"body": "x"}, **HX).status_code == 403
    assert not Comment.objects.exists()
