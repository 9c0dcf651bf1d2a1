"""The admin under the access policy: a verdict belongs to whoever saved it (staff, editors and
superusers included), blind review holds in the verdict, source and History lists and in a
claim's History inline, maker-checker holds for the "approve" action, and the change forms of
claims, verdicts and sources refuse a stale save instead of overwriting."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles import services
from articles.models import Claim, History, Source, Verdict

pytestmark = pytest.mark.django_db

MAKER_CHECKER = "you gave a verdict on this claim, so another editor must approve it (maker-checker)"
SECRET_RATIONALE = "Reviewer two found the 2019 ledger."
SECRET_URL = "https://example.org/r2-ledger-2019"


@pytest.fixture
def users(staff_reviewer, editor, editor2, superuser, reviewer, reviewer2):
    return {
        "staff_reviewer": staff_reviewer, "editor": editor, "editor2": editor2, "superuser": superuser,
        "reviewer": reviewer, "reviewer2": reviewer2,
    }  # fmt: skip


def _claim(article, position: int) -> Claim:
    return Claim.objects.select_related("article").get(article=article, position=position)


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _opened_version(html: str) -> str:
    found = re.findall(r'<input type="hidden" name="opened_version" value="(\d+)"', html)
    assert len(found) == 1, "the change form carries the version it was opened with"
    return found[0]


def _verdict_state(pk: int):
    return (
        Verdict.objects.filter(pk=pk)
        .values_list("reviewer_id", "rating_id", "rationale", "version", "approved_at", "updated_at")
        .first()
    )


def _sources_state():
    return list(Source.objects.order_by("pk").values_list("pk", "verdict_id", "url", "title"))


def _rate_r2(claim, reviewer2, ratings):
    return services.verdict_submit(
        claim=claim, reviewer=reviewer2, rating=ratings["misleading"], rationale=SECRET_RATIONALE,
        sources=[services.SourceChange(source=Source(url=SECRET_URL, title="R2 ledger"))],
    )  # fmt: skip


# ============================================================================= nobody changes someone else's verdict


@pytest.mark.parametrize("who", ["staff_reviewer", "editor", "superuser"])
def test_nobody_changes_another_reviewers_verdict_in_the_admin(client, users, seeded, ratings, who):
    """One verdict needed, so reviewer2's verdict is complete and visible to everyone: they see
    it, read-only, and a forged POST is refused."""
    claim = _claim(seeded[0], 4)
    verdict = _rate_r2(claim, users["reviewer2"], ratings)
    source = Source.objects.get(verdict=verdict)
    client.force_login(users[who])
    url = reverse("admin:articles_verdict_change", args=[verdict.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET_RATIONALE in html  # visible...
    assert 'name="_save"' not in html and 'name="rationale"' not in html  # ...but not editable
    assert 'name="sources-0-url"' not in html
    before, sources = _verdict_state(verdict.pk), _sources_state()
    forged = {
        "rating": ratings["true"].pk, "rationale": "Overwritten by someone else", "opened_version": str(verdict.version),
        "reviewer": users[who].pk, **_management("sources", 1, 1),
        "sources-0-id": str(source.pk), "sources-0-verdict": str(verdict.pk), "sources-0-url": "https://example.org/planted",
        "sources-0-position": "0", "_save": "Save",
    }  # fmt: skip
    assert client.post(url, forged).status_code == 403
    # the source's own admin page: read-only too, and a POST is refused
    source_url = reverse("admin:articles_source_change", args=[source.pk])
    assert 'name="_save"' not in client.get(source_url).content.decode()
    response = client.post(
        source_url,
        {"verdict": verdict.pk, "url": "https://example.org/planted", "title": "x", "position": "0",
         "opened_version": str(verdict.version), "_save": "Save"},
    )  # fmt: skip
    assert response.status_code == 403
    assert client.post(reverse("admin:articles_source_delete", args=[source.pk]), {"post": "yes"}).status_code == 403
    # adding a source to someone else's verdict through the source admin
    add = client.post(
        reverse("admin:articles_source_add"),
        {"verdict": verdict.pk, "url": "https://example.org/planted", "title": "x", "position": "1", "_save": "Save"},
    )
    assert add.status_code == 200 and "only they can change it" in add.content.decode()
    assert _verdict_state(verdict.pk) == before and _sources_state() == sources
    assert not History.objects.filter(actor=users[who], entity__in=["verdict", "source"]).exists()


@pytest.mark.parametrize("who", ["staff_reviewer", "editor"])
def test_only_a_superuser_deletes_another_reviewers_verdict(client, users, seeded, ratings, who):
    claim = _claim(seeded[0], 4)
    verdict = _rate_r2(claim, users["reviewer2"], ratings)
    client.force_login(users[who])
    delete = reverse("admin:articles_verdict_delete", args=[verdict.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # nor through the changelist's bulk delete
    client.post(
        reverse("admin:articles_verdict_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [verdict.pk], "post": "yes"},
    )
    assert Verdict.objects.filter(pk=verdict.pk).exists()
    assert not History.objects.filter(entity="verdict", action="delete").exists()


@pytest.mark.parametrize("with_source", [False, True], ids=["no-source", "with-source"])
def test_a_superuser_deletes_another_reviewers_verdict_and_history_records_it(
    client, superuser, reviewer2, seeded, ratings, with_source
):
    """The superuser may delete someone else's verdict; its sources go with it (they follow
    their verdict), so a source must not stop the deletion."""
    claim = _claim(seeded[0], 4)
    if with_source:
        verdict = _rate_r2(claim, reviewer2, ratings)
    else:
        verdict = services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings["misleading"])
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_verdict_delete", args=[verdict.pk])).content.decode()
    assert "Cannot delete verdict" not in page
    response = client.post(reverse("admin:articles_verdict_delete", args=[verdict.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Verdict.objects.filter(pk=verdict.pk).exists() and not Source.objects.exists()
    row = History.objects.get(entity="verdict", action="delete", object_id=verdict.pk)
    assert row.actor == superuser and row.claim_id == claim.pk
    assert row.changes["reviewer"] == ["rev2", None]
    assert Claim.objects.get(pk=claim.pk).status == "unreviewed"


@pytest.mark.parametrize("who", ["staff_reviewer", "editor", "superuser"])
def test_the_verdict_add_form_saves_in_the_savers_name(client, users, settings, seeded, ratings, who):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 4)
    client.force_login(users[who])
    response = client.post(
        reverse("admin:articles_verdict_add"),
        {
            "claim": claim.pk,
            "reviewer": users["reviewer"].pk,  # not a field of the form: ignored
            "rating": ratings["half-true"].pk,
            "rationale": "From the admin",
            **_management("sources"),
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.reviewer == users[who]
    assert not Verdict.objects.filter(reviewer=users["reviewer"]).exists()
    created = History.objects.get(entity="verdict", action="create", object_id=verdict.pk)
    assert created.actor == users[who]


def test_a_staff_reviewer_changes_their_own_verdict_in_the_admin(client, staff_reviewer, seeded, ratings):
    """The control for the refusals above: one's own verdict is editable, through the service."""
    claim = _claim(seeded[0], 4)
    verdict = services.verdict_save(claim=claim, reviewer=staff_reviewer, rating=ratings["true"], rationale="first")
    client.force_login(staff_reviewer)
    url = reverse("admin:articles_verdict_change", args=[verdict.pk])
    html = client.get(url).content.decode()
    assert 'name="_save"' in html
    response = client.post(
        url,
        {"rating": ratings["false"].pk, "rationale": "second", "opened_version": _opened_version(html),
         **_management("sources"), "_save": "Save"},
    )  # fmt: skip
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert (verdict.rating.slug, verdict.rationale, verdict.version, verdict.reviewer) == ("false", "second", 2, staff_reviewer)
    assert History.objects.filter(entity="verdict", action="update", actor=staff_reviewer).exists()


# ============================================================================= blind review in the admin


@pytest.fixture
def blind(settings, seeded, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 5)
    verdict = _rate_r2(claim, reviewer2, ratings)
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    return claim, verdict


def _listed(client, name: str, query: str = ""):
    response = client.get(reverse(f"admin:articles_{name}_changelist") + query)
    assert response.status_code == 200
    return response, {obj.pk for obj in response.context["cl"].result_list}


def test_a_staff_reviewer_sees_no_blind_verdict_in_the_admin(client, blind, staff_reviewer, ratings):
    claim, verdict = blind
    source = Source.objects.get(verdict=verdict)
    r2_rows = set(
        History.objects.filter(claim=claim, entity__in=["verdict", "source"]).values_list("pk", flat=True)
    )
    assert len(r2_rows) == 2  # the verdict's and the source's creation
    client.force_login(staff_reviewer)

    response, verdicts = _listed(client, "verdict")
    assert verdict.pk not in verdicts and SECRET_RATIONALE not in response.content.decode()
    assert client.get(reverse("admin:articles_verdict_change", args=[verdict.pk])).status_code == 302  # "doesn't exist"
    response, sources = _listed(client, "source")
    assert source.pk not in sources and SECRET_URL not in response.content.decode()
    assert client.get(reverse("admin:articles_source_change", args=[source.pk])).status_code == 302
    _, history = _listed(client, "history")
    assert not history & r2_rows
    for pk in r2_rows:
        assert client.get(reverse("admin:articles_history_change", args=[pk])).status_code == 302
    # the claim's page: its History inline leaves out reviewer2's entries
    claim_page = client.get(reverse("admin:articles_claim_change", args=[claim.pk]))
    assert claim_page.status_code == 200
    html = claim_page.content.decode()
    assert SECRET_RATIONALE not in html and SECRET_URL not in html and "misleading" not in html
    inline_rows = {f.instance.pk for f in claim_page.context["inline_admin_formsets"][0].formset.forms}
    assert not inline_rows & r2_rows

    # once they saved their own verdict, blind review is over for them
    services.verdict_save(claim=claim, reviewer=staff_reviewer, rating=ratings["true"])
    _, verdicts = _listed(client, "verdict")
    assert verdict.pk in verdicts
    _, sources = _listed(client, "source")
    assert source.pk in sources
    _, history = _listed(client, "history")
    assert r2_rows <= history
    html = client.get(reverse("admin:articles_claim_change", args=[claim.pk])).content.decode()
    assert SECRET_RATIONALE in html


def test_a_superuser_is_blind_too_until_the_claim_is_complete(client, blind, superuser, editor, reviewer, ratings):
    claim, verdict = blind
    client.force_login(superuser)
    _, verdicts = _listed(client, "verdict")
    assert verdict.pk not in verdicts
    # complete: visible
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["misleading"])
    _, verdicts = _listed(client, "verdict")
    assert verdict.pk in verdicts


def test_the_rating_filter_does_not_reveal_blind_verdicts_to_a_staff_reviewer(
    client, blind, seeded, reviewer, staff_reviewer, editor, ratings
):
    """The rating filter matches only verdicts the user may see, and offers the whole scale (not
    only the ratings in use, which would tell which ratings were given)."""
    claim, _verdict = blind  # rated Misleading by reviewer2, still collecting verdicts
    client.force_login(staff_reviewer)
    response, found = _listed(client, "claim", "?rating=misleading")
    assert claim.pk not in found and found == set()
    page = response.content.decode()
    assert all(f"rating={r.slug}" in page for r in ratings.values())  # every rating offered, used or not
    # the model field's own filter is not open to a forged URL
    forged = client.get(reverse("admin:articles_claim_changelist") + f"?verdicts__rating__id__exact={ratings['misleading'].pk}")
    if forged.status_code == 200:
        assert forged.context["cl"].result_count == Claim.objects.count()
    else:
        assert forged.status_code in (302, 400)


def test_the_rating_filter_does_not_reveal_blind_verdicts_to_an_editor(client, blind, editor, reviewer, ratings):
    """Editors are blind too until a claim has its verdicts (policy docstring, README "Blind
    review"): filtering claims by rating must not tell an editor how a claim still in review was
    rated."""
    claim, _verdict = blind
    # a complete claim rated Misleading, and a second rating in use (so that the filter is offered)
    complete = _claim(claim.article, 8)
    services.verdict_save(claim=complete, reviewer=reviewer, rating=ratings["misleading"])
    services.verdict_save(claim=complete, reviewer=editor, rating=ratings["misleading"])
    services.verdict_save(claim=_claim(claim.article, 9), reviewer=editor, rating=ratings["true"])
    client.force_login(editor)
    query = "?rating=misleading"
    _, found = _listed(client, "claim", query)
    assert complete.pk in found and len(found) < Claim.objects.count()  # the filter applies
    assert claim.pk not in found
    # once the claim has all its verdicts, the filter finds it
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    _, found = _listed(client, "claim", query)
    assert claim.pk in found


# ============================================================================= maker-checker: the "approve" action


@pytest.fixture
def own_claim(settings, seeded, reviewer, editor, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 6)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    services.verdict_save(claim=claim, reviewer=editor, rating=ratings["true"])
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
    return claim


def _approve_action(client, verdicts):
    return client.post(
        reverse("admin:articles_verdict_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [v.pk for v in verdicts]},
        follow=True,
    )


def test_the_admin_approve_action_refuses_an_editor_who_rated(client, own_claim, editor, editor2, reviewer):
    verdicts = list(Verdict.objects.filter(claim=own_claim))
    client.force_login(editor)
    response = _approve_action(client, verdicts)
    assert [str(m) for m in response.context["messages"]] == [MAKER_CHECKER, MAKER_CHECKER, "0 verdict(s) approved."]
    assert "another editor must approve it (maker-checker)" in response.content.decode()
    assert Claim.objects.get(pk=own_claim.pk).status == "reviewed"
    assert not Verdict.objects.filter(approved_at__isnull=False).exists()
    assert not History.objects.filter(action="approve").exists()
    # a second editor, who gave no verdict, approves it
    client.force_login(editor2)
    theirs = Verdict.objects.get(claim=own_claim, reviewer=reviewer)
    html = _approve_action(client, [theirs]).content.decode()
    assert "1 verdict(s) approved." in html and "maker-checker" not in html
    assert Claim.objects.get(pk=own_claim.pk).status == "approved"
    assert Verdict.objects.get(pk=theirs.pk).approved_by == editor2


def test_the_admin_approve_action_refuses_a_claim_that_lacks_verdicts(client, settings, seeded, reviewer, editor, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 7)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    client.force_login(editor)
    # blind to the editor: the verdict is not even listed, so the action finds nothing to approve
    _approve_action(client, list(Verdict.objects.filter(claim=claim)))
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert not Verdict.objects.filter(approved_at__isnull=False).exists()


def test_a_staff_reviewer_has_no_approve_action(client, own_claim, staff_reviewer, reviewer):
    client.force_login(staff_reviewer)
    response, _ = _listed(client, "verdict")
    assert "approve" not in dict(response.context["action_form"].fields["action"].choices)
    _approve_action(client, [Verdict.objects.get(claim=own_claim, reviewer=reviewer)])
    assert Claim.objects.get(pk=own_claim.pk).status == "reviewed"


# ============================================================================= stale admin saves


def test_a_stale_claim_form_is_refused(client, seeded, editor, editor2):
    claim = _claim(seeded[0], 4)
    client.force_login(editor)
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    opened = _opened_version(client.get(url).content.decode())
    # another editor saves the claim meanwhile
    services.claim_update(claim=claim, actor=editor2, speaker="Set by the second editor")
    data = {"speaker": "Set by the first editor", "assignee": "", **_management("history"), "_save": "Save"}
    response = client.post(url, {**data, "opened_version": opened})
    assert response.status_code == 200
    assert "Someone saved this claim after you opened this form" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).speaker == "Set by the second editor"
    # a form without its version is refused too
    response = client.post(url, data)
    assert response.status_code == 200 and "This form carries no version" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).speaker == "Set by the second editor"
    # reopened (the current version): saved
    current = _opened_version(client.get(url).content.decode())
    assert current != opened
    assert client.post(url, {**data, "opened_version": current}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).speaker == "Set by the first editor"
    assert History.objects.filter(claim=claim, action="update", actor=editor).exists()


def test_a_stale_verdict_form_is_refused(client, seeded, staff_reviewer, ratings):
    claim = _claim(seeded[0], 4)
    verdict = services.verdict_save(claim=claim, reviewer=staff_reviewer, rating=ratings["true"], rationale="Opened.")
    client.force_login(staff_reviewer)
    url = reverse("admin:articles_verdict_change", args=[verdict.pk])
    opened = _opened_version(client.get(url).content.decode())
    # the same reviewer saves from the review page in another tab
    web = client.post(
        reverse("articles:verdict_save", args=[claim.pk]),
        {"rating": "false", "rationale": "Saved on the web.", "version": str(verdict.version), **_management("sources")},
    )
    assert web.status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).rationale == "Saved on the web."
    data = {"rating": ratings["half-true"].pk, "rationale": "Typed in the admin.", **_management("sources"), "_save": "Save"}
    response = client.post(url, {**data, "opened_version": opened})
    assert response.status_code == 200
    assert "Someone saved this verdict after you opened this form" in response.content.decode()
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.rating.slug, saved.rationale) == ("false", "Saved on the web.")
    current = _opened_version(client.get(url).content.decode())
    assert client.post(url, {**data, "opened_version": current}).status_code == 302
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.rating.slug, saved.rationale) == ("half-true", "Typed in the admin.")


def test_a_stale_verdict_form_is_refused_after_a_source_change(client, seeded, staff_reviewer, ratings):
    """A change to the sources alone moves the verdict's version: the verdict form opened before
    it is stale."""
    claim = _claim(seeded[0], 4)
    verdict = services.verdict_save(claim=claim, reviewer=staff_reviewer, rating=ratings["true"], rationale="Opened.")
    client.force_login(staff_reviewer)
    url = reverse("admin:articles_verdict_change", args=[verdict.pk])
    opened = _opened_version(client.get(url).content.decode())
    services.source_save(source=Source(verdict=verdict, url="https://example.org/added"), actor=staff_reviewer)
    response = client.post(
        url,
        {"rating": ratings["true"].pk, "rationale": "Typed in the admin.", "opened_version": opened,
         **_management("sources"), "_save": "Save"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Someone saved this verdict after you opened this form" in response.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).rationale == "Opened."


def test_a_stale_source_form_is_refused(client, seeded, staff_reviewer, ratings):
    claim = _claim(seeded[0], 4)
    verdict = services.verdict_submit(
        claim=claim, reviewer=staff_reviewer, rating=ratings["true"],
        sources=[services.SourceChange(source=Source(url="https://example.org/a", title="Opened"))],
    )  # fmt: skip
    source = Source.objects.get(verdict=verdict)
    client.force_login(staff_reviewer)
    url = reverse("admin:articles_source_change", args=[source.pk])
    opened = _opened_version(client.get(url).content.decode())
    # saved meanwhile (the review page's form, another tab)
    changed = Source.objects.get(pk=source.pk)
    changed.title = "Saved meanwhile"
    services.source_save(source=changed, actor=staff_reviewer)
    data = {
        "verdict": verdict.pk, "url": "https://example.org/a", "title": "Typed in the admin", "publisher": "",
        "published_on": "", "accessed_on": "", "quote": "", "archive_url": "", "position": "0", "_save": "Save",
    }  # fmt: skip
    response = client.post(url, {**data, "opened_version": opened})
    assert response.status_code == 200
    assert "Someone saved this verdict after you opened this form" in response.content.decode()
    assert Source.objects.get(pk=source.pk).title == "Saved meanwhile"
    current = _opened_version(client.get(url).content.decode())
    assert client.post(url, {**data, "opened_version": current}).status_code == 302
    assert Source.objects.get(pk=source.pk).title == "Typed in the admin"
    assert History.objects.filter(entity="source", action="update", actor=staff_reviewer).count() == 2
