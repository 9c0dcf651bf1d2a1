"""The admin: every model's pages work, columns and filters, and actions go through services."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles import services
from articles.models import Claim, History

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["article", "claim", "verdict", "source", "rating", "history"])
def test_changelists_render_for_superuser(client, superuser, seeded, model):
    client.force_login(superuser)
    response = client.get(reverse(f"admin:articles_{model}_changelist"))
    assert response.status_code == 200


def test_article_changelist_shows_counts_progress_and_filters(client, superuser, seeded, reviewer, ratings):
    claim = seeded[0].claims.get(position=2)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    total = seeded[0].claims.count()
    assert f'title="1 of {total}"' in page and "1 reviewed" in page
    for query in ["review=todo", "review=progress", "review=done", "review=disputed", "review=approved", "q=Kiel"]:
        assert client.get(reverse("admin:articles_article_changelist") + "?" + query).status_code == 200
    progress = client.get(reverse("admin:articles_article_changelist") + "?review=progress").content.decode()
    assert "Lithuania declares" in progress and "Ukraine to give" not in progress


def test_claim_filters_by_status_rating_assignee(client, superuser, seeded, reviewer, reviewer2, ratings):
    # two of each, so that the admin shows (and applies) the rating and assignee filters
    claim = seeded[0].claims.get(position=3)
    other = seeded[0].claims.get(position=4)
    services.claims_assign(claims=[claim], assignee=reviewer, actor=superuser)
    services.claims_assign(claims=[other], assignee=reviewer2, actor=superuser)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    services.verdict_save(claim=other, reviewer=reviewer2, rating=ratings["true"])
    services.claim_dismiss(claims=[Claim.objects.get(pk=other.pk)], reason="opinion", actor=superuser)
    client.force_login(superuser)
    url = reverse("admin:articles_claim_changelist")
    for query in [
        "status__exact=reviewed",
        f"rating={ratings['false'].slug}",
        f"assignee__id__exact={reviewer.pk}",
    ]:
        response = client.get(f"{url}?{query}")
        assert response.context["cl"].result_count == 1, query
        assert claim.text[:40] in response.content.decode(), query


def test_article_change_page_has_readonly_claim_inline(client, superuser, seeded):
    client.force_login(superuser)
    article = seeded[0]
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    first = article.claims.get(position=1)
    assert first.text in page
    assert 'name="claims-0-start"' not in page  # offsets are read-only
    assert "claims-TOTAL_FORMS" in page


def test_admin_actions_call_services(client, superuser, editor, seeded):
    client.force_login(editor)
    url = reverse("admin:articles_claim_changelist")
    ids = list(seeded[0].claims.order_by("position").values_list("pk", flat=True)[:2])
    client.post(url, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: ids})
    assert Claim.objects.filter(assignee=editor).count() == 2
    client.post(url, {"action": "dismiss", ACTION_CHECKBOX_NAME: ids[:1], "reason": "not_checkable"})
    dismissed = Claim.objects.get(pk=ids[0])
    assert dismissed.status == "dismissed" and dismissed.dismissed_reason == "Not checkable"
    # dismiss without a reason is refused with a message
    response = client.post(url, {"action": "dismiss", ACTION_CHECKBOX_NAME: ids[1:]}, follow=True)
    assert "give a reason" in response.content.decode().lower()
    assert Claim.objects.get(pk=ids[1]).status == "unreviewed"
    client.post(url, {"action": "reopen", ACTION_CHECKBOX_NAME: ids[:1]})
    assert Claim.objects.get(pk=ids[0]).status == "unreviewed"
    assert set(History.objects.filter(claim_id=ids[0]).values_list("action", flat=True)) == {"assign", "dismiss", "reopen"}


def test_resplit_action(client, editor, seeded):
    client.force_login(editor)
    article = seeded[1]
    n = article.claims.count()
    article.claims.filter(position__in=[4, 5]).delete()
    client.post(reverse("admin:articles_article_changelist"), {"action": "resplit_action", ACTION_CHECKBOX_NAME: [article.pk]})
    assert article.claims.count() == n


def test_claim_edit_in_admin_goes_through_service_with_history(client, superuser, seeded):
    client.force_login(superuser)
    claim = seeded[0].claims.get(position=4)
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    response = client.post(
        url,
        {
            "speaker": "Someone Else",
            "assignee": "",
            "opened_version": "1",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
            "history-MIN_NUM_FORMS": "0",
            "history-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.speaker == "Someone Else" and claim.version == 2
    h = History.objects.get(claim=claim, action="update")
    assert h.changes["speaker"][1] == "Someone Else" and h.actor == superuser


def test_reviewer_has_no_admin(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # not staff: back to the admin login


def test_verdict_with_source_added_in_admin_goes_through_services(client, superuser, reviewer, seeded, ratings):
    """A verdict added in the admin is the saving user's own: a "reviewer" in the post is ignored."""
    from articles.models import Source, Verdict

    client.force_login(superuser)
    claim = seeded[0].claims.get(position=4)
    response = client.post(
        reverse("admin:articles_verdict_add"),
        {
            "claim": claim.pk,
            "reviewer": reviewer.pk,
            "rating": ratings["mostly-true"].pk,
            "rationale": "Migration Department figures",
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "1000",
            "sources-0-url": "https://example.org/migration-report",
            "sources-0-title": "Report",
            "sources-0-position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.reviewer == superuser and verdict.rating == ratings["mostly-true"]
    assert Source.objects.get(verdict=verdict).url == "https://example.org/migration-report"
    claim.refresh_from_db()
    assert claim.status == "reviewed"
    rows = set(History.objects.filter(claim=claim).values_list("entity", "action", "actor__username"))
    assert {("verdict", "create", "root"), ("source", "create", "root"), ("claim", "update", "root")} <= rows


def test_admin_refuses_a_verdict_on_a_dismissed_claim_with_a_form_error(client, superuser, reviewer, seeded, ratings):
    from articles.models import Verdict

    claim = seeded[0].claims.get(position=4)
    services.claim_dismiss(claims=[claim], reason="opinion", actor=superuser)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_verdict_add"),
        {
            "claim": claim.pk,
            "reviewer": reviewer.pk,
            "rating": ratings["true"].pk,
            "rationale": "",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "reopen it first" in response.content.decode()
    assert not Verdict.objects.exists()


def test_admin_verdict_delete_goes_through_service(client, superuser, reviewer, seeded, ratings):
    from articles.models import Verdict

    claim = seeded[0].claims.get(position=4)
    verdict = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    client.force_login(superuser)
    response = client.post(reverse("admin:articles_verdict_delete", args=[verdict.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Verdict.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "unreviewed"
    assert History.objects.filter(entity="verdict", action="delete", object_id=verdict.pk, actor=superuser).exists()


def test_resplit_and_return_need_their_permissions(client, seeded, django_user_model, editor, reviewer, ratings):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", password="x", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "view_claim"]))
    client.force_login(viewer)
    article = seeded[0]
    client.post(reverse("admin:articles_article_changelist"), {"action": "resplit_action", ACTION_CHECKBOX_NAME: [article.pk]})
    assert not History.objects.filter(action="resplit").exists()

    claim = article.claims.get(position=4)
    verdict = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_approve(verdict=verdict, editor=editor)
    client.force_login(editor)
    url = reverse("admin:articles_claim_changelist")
    client.post(url, {"action": "return_for_review", ACTION_CHECKBOX_NAME: [claim.pk], "note": "Check the 2014 date"})
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert History.objects.get(claim=claim, action="return").note == "Check the 2014 date"
