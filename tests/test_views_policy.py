"""Maker-checker and blind review through the web: the claim panel, the article page, the
approvals page, "approve agreed", the approve and reuse endpoints. Second review on
(FACTCHECK_VERDICTS_REQUIRED = 2) unless a test says otherwise."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services
from articles.models import Claim, History, Source, Verdict
from articles.services import ServiceError

from .test_views_review import _verdict_data

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


MAKER_CHECKER = "you gave a verdict on this claim, so another editor must approve it (maker-checker)"


def _with_source(url: str, title: str = "") -> dict[str, str]:
    return {"sources-TOTAL_FORMS": "1", "sources-0-url": url, "sources-0-title": title, "sources-0-id": ""}


@pytest.fixture
def two_needed(settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2


def _claim(article, position: int) -> Claim:
    return Claim.objects.select_related("article").get(article=article, position=position)


def _status(claim: Claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


# ============================================================================= maker-checker


@pytest.fixture
def own_claim(two_needed, client, seeded, reviewer, editor, ratings):
    """Reviewer rates a claim on the web, the editor rates it as its second verdict (they agree)."""
    claim = _claim(seeded[0], 4)
    client.force_login(reviewer)
    assert client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data("true", "Reviewer checked."), **HX).status_code == 200
    assert _status(claim) == "in_review"
    client.force_login(editor)
    assert client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data("true", "Editor checked."), **HX).status_code == 200
    assert _status(claim) == "reviewed"
    return claim


def test_editor_who_rated_cannot_approve_on_the_web(client, own_claim, reviewer, editor):
    client.force_login(editor)
    theirs = Verdict.objects.get(claim=own_claim, reviewer=reviewer)
    for verdict in (theirs, Verdict.objects.get(claim=own_claim, reviewer=editor)):
        response = client.post(reverse("articles:verdict_approve", args=[verdict.pk]), **HX)
        assert response.status_code == 422
        assert f'role="alert">{MAKER_CHECKER}' in response.content.decode()
    assert _status(own_claim) == "reviewed"
    assert not Verdict.objects.filter(claim=own_claim, approved_at__isnull=False).exists()
    assert not History.objects.filter(claim=own_claim, action="approve").exists()
    # without JavaScript: back to the claim, the reason as a message
    plain = client.post(reverse("articles:verdict_approve", args=[theirs.pk]), follow=True)
    assert MAKER_CHECKER in plain.content.decode()
    assert _status(own_claim) == "reviewed"


def test_panel_and_approvals_page_say_why(client, own_claim, reviewer, editor, editor2, seeded, reviewer2, ratings):
    # another reviewed claim, on which the editor gave no verdict: approvable, no refusal
    other = _claim(seeded[0], 5)
    services.verdict_save(claim=other, reviewer=reviewer, rating=ratings["false"])
    services.verdict_save(claim=other, reviewer=reviewer2, rating=ratings["false"])
    client.force_login(editor)
    theirs = Verdict.objects.get(claim=own_claim, reviewer=reviewer)
    panel = client.get(reverse("articles:claim", args=[own_claim.pk]), **HX).content.decode()
    assert f"You cannot approve this claim’s outcome: {MAKER_CHECKER}." in panel
    assert reverse("articles:verdict_approve", args=[theirs.pk]) not in panel  # no Approve button
    page = client.get(reverse("articles:approvals")).content.decode()
    rows = {row.split("?claim=")[1].split("#")[0]: row for row in page.split("<tr")[2:]}
    assert f"You cannot approve it: {MAKER_CHECKER}." in rows[str(own_claim.pk)]
    assert "You cannot approve it" not in rows[str(other.pk)]
    # the editor's panel on the other claim offers its approval
    other_panel = client.get(reverse("articles:claim", args=[other.pk]), **HX).content.decode()
    assert "maker-checker" not in other_panel
    assert reverse("articles:verdict_approve", args=[Verdict.objects.filter(claim=other).first().pk]) in other_panel
    # a second editor, who gave no verdict, is told nothing of the sort and has the button
    client.force_login(editor2)
    panel2 = client.get(reverse("articles:claim", args=[own_claim.pk]), **HX).content.decode()
    assert "maker-checker" not in panel2 and reverse("articles:verdict_approve", args=[theirs.pk]) in panel2
    assert "maker-checker" not in client.get(reverse("articles:approvals")).content.decode()


def test_a_second_editor_who_gave_no_verdict_approves(client, own_claim, reviewer, editor2):
    client.force_login(editor2)
    theirs = Verdict.objects.get(claim=own_claim, reviewer=reviewer)
    response = client.post(reverse("articles:verdict_approve", args=[theirs.pk]), **HX)
    assert response.status_code == 200 and "Approved outcome" in response.content.decode()
    assert _status(own_claim) == "approved"
    assert Verdict.objects.get(pk=theirs.pk).approved_by == editor2
    assert History.objects.filter(claim=own_claim, action="approve", actor=editor2).exists()


def test_approve_agreed_skips_the_editors_own_claims_and_says_so(client, own_claim, seeded, reviewer, reviewer2, editor, ratings):
    other = _claim(seeded[0], 6)
    services.verdict_save(claim=other, reviewer=reviewer, rating=ratings["true"])
    services.verdict_save(claim=other, reviewer=reviewer2, rating=ratings["true"])
    assert _status(other) == "reviewed"
    client.force_login(editor)
    response = client.post(reverse("articles:approve_agreed", args=[seeded[0].pk]), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approved 1 claim on which the reviewers agree." in html
    assert "1 agreed claim carry your own verdict: another editor must approve it (maker-checker)." in html
    assert _status(other) == "approved" and _status(own_claim) == "reviewed"
    assert not History.objects.filter(claim=own_claim, action="approve").exists()
    # a second run approves nothing and still says why one claim waits
    again = client.post(reverse("articles:approve_agreed", args=[seeded[0].pk]), follow=True).content.decode()
    assert "No agreed claim was waiting for your approval." in again and "(maker-checker)" in again
    assert _status(own_claim) == "reviewed"


@pytest.mark.parametrize("required", [1, 2])
def test_the_service_refuses_maker_checker_whatever_the_number_required(settings, seeded, editor, reviewer, ratings, required):
    settings.FACTCHECK_VERDICTS_REQUIRED = required
    claim = _claim(seeded[0], 7)
    mine = services.verdict_save(claim=claim, reviewer=editor, rating=ratings["true"])
    if required == 2:
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert _status(claim) == "reviewed"
    with pytest.raises(ServiceError, match=r"\(maker-checker\)"):
        services.verdict_approve(verdict=mine, editor=editor)
    assert _status(claim) == "reviewed" and not Verdict.objects.filter(approved_at__isnull=False).exists()


def test_approving_a_claim_that_still_lacks_verdicts_is_refused(client, two_needed, seeded, reviewer, editor, ratings):
    claim = _claim(seeded[0], 9)
    verdict = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert _status(claim) == "in_review"
    client.force_login(editor)
    response = client.post(reverse("articles:verdict_approve", args=[verdict.pk]), **HX)
    assert response.status_code == 422
    assert "only a reviewed or disputed claim can be approved (this one is in review)" in response.content.decode()
    assert _status(claim) == "in_review" and Verdict.objects.get(pk=verdict.pk).approved_at is None
    assert not History.objects.filter(claim=claim, action="approve").exists()
    # nor does "approve agreed" touch it
    client.post(reverse("articles:approve_agreed", args=[seeded[0].pk]), **HX)
    assert _status(claim) == "in_review"


def test_a_reviewer_cannot_approve_at_all(client, own_claim, reviewer2, reviewer):
    client.force_login(reviewer2)
    theirs = Verdict.objects.get(claim=own_claim, reviewer=reviewer)
    assert client.post(reverse("articles:verdict_approve", args=[theirs.pk]), **HX).status_code == 403
    assert client.post(reverse("articles:approve_agreed", args=[own_claim.article_id]), **HX).status_code == 403
    assert client.get(reverse("articles:approvals")).status_code == 403
    assert _status(own_claim) == "reviewed"


# ============================================================================= blind review: the claim's own panel

SECRET_RATIONALE = "Reviewer two found the 2019 ledger."
SECRET_URL = "https://example.org/r2-ledger-2019"
SECRET_TITLE = "R2 ledger title"


def _leaks(html: str) -> list[str]:
    """What of reviewer2's verdict (rated Misleading) a page shows: the rating as a verdict or a
    row badge (the rating buttons always name every rating), the rationale, the source, and
    their History entries."""
    found = []
    for marker in (
        'badge rating">Misleading',
        "rated rating-misleading",
        "verdict rating-misleading",
        "→ misleading",
        SECRET_RATIONALE,
        SECRET_URL,
        SECRET_TITLE,
    ):
        if marker in html:
            found.append(marker)
    if 'badge rating diff">Misleading' in html and 'badge rating">Misleading' not in found:  # the editors' comparison marks it
        found.append('badge rating">Misleading')
    return found


@pytest.fixture
def blind_claim(two_needed, seeded, reviewer2, ratings):
    claim = _claim(seeded[0], 5)
    services.verdict_submit(
        claim=claim, reviewer=reviewer2, rating=ratings["misleading"], rationale=SECRET_RATIONALE,
        sources=[services.SourceChange(source=Source(url=SECRET_URL, title=SECRET_TITLE))],
    )  # fmt: skip
    assert _status(claim) == "in_review"
    return claim


def _panel(client, claim) -> str:
    response = client.get(reverse("articles:claim", args=[claim.pk]), **HX)
    assert response.status_code == 200
    return response.content.decode()


def _page(client, claim) -> str:
    response = client.get(reverse("articles:detail", args=[claim.article_id]) + f"?claim={claim.pk}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_reviewer_does_not_see_another_reviewers_verdict_before_saving_their_own(client, blind_claim, reviewer):
    client.force_login(reviewer)
    panel = _panel(client, blind_claim)
    assert _leaks(panel) == []
    assert "1 other verdict: shown once you have saved your own" in panel
    assert _leaks(_page(client, blind_claim)) == []
    assert _leaks(client.get(reverse("articles:queue") + f"?claim={blind_claim.pk}").content.decode()) == []
    # the claim's own History (its status) is shown, reviewer2's verdict and source entries are not
    assert "in_review" in panel and "create verdict" not in panel and "create source" not in panel

    # once reviewer saved their own verdict, reviewer2's is shown in full
    saved = client.post(reverse("articles:verdict_save", args=[blind_claim.pk]), _verdict_data("true", "Mine."), **HX)
    assert saved.status_code == 200
    assert {SECRET_RATIONALE, SECRET_URL, 'badge rating">Misleading'} <= set(_leaks(saved.content.decode()))
    panel = _panel(client, blind_claim)
    assert {SECRET_RATIONALE, SECRET_URL, 'badge rating">Misleading', "→ misleading"} <= set(_leaks(panel))


def test_an_editor_is_blind_too_until_the_claim_is_complete(client, blind_claim, editor, reviewer, ratings):
    client.force_login(editor)
    assert _leaks(_panel(client, blind_claim)) == []
    assert _leaks(_page(client, blind_claim)) == []
    assert "Misleading" not in client.get(reverse("articles:approvals")).content.decode()
    services.verdict_save(claim=blind_claim, reviewer=reviewer, rating=ratings["true"])
    assert _status(blind_claim) == "disputed"
    panel = _panel(client, blind_claim)
    assert {SECRET_RATIONALE, SECRET_URL, 'badge rating">Misleading'} <= set(_leaks(panel))
    assert "Misleading" in client.get(reverse("articles:approvals")).content.decode()


def test_an_outsider_reading_the_panel_is_blind(client, blind_claim, outsider):
    client.force_login(outsider)
    assert _leaks(_panel(client, blind_claim)) == []
    assert _leaks(_page(client, blind_claim)) == []


def test_with_one_verdict_required_a_verdict_completes_the_claim(client, settings, blind_claim, reviewer):
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    client.force_login(reviewer)
    assert SECRET_RATIONALE in _panel(client, blind_claim)


# ============================================================================= blind review: "Same claim elsewhere"


@pytest.fixture
def dup(seeded) -> Claim:
    dup = Claim.objects.filter(duplicate_of__isnull=False).select_related("duplicate_of__article", "article").order_by("pk").first()
    assert dup is not None, "the demo articles repeat sentences"
    return dup


def _rate(claim, user, ratings, rating="misleading", rationale=SECRET_RATIONALE, url=SECRET_URL):
    sources = [services.SourceChange(source=Source(url=url, title=SECRET_TITLE))] if url else []
    return services.verdict_submit(claim=claim, reviewer=user, rating=ratings[rating], rationale=rationale, sources=sources)


def _dups_section(html: str) -> str:
    assert "Same claim elsewhere" in html
    return html.split("Same claim elsewhere", 1)[1].split("</section>", 1)[0]


def test_same_claim_elsewhere_obeys_blind_review(client, two_needed, dup, reviewer, reviewer2, reviewer3, editor, ratings):
    original = dup.duplicate_of
    _rate(original, reviewer2, ratings)
    client.force_login(reviewer)
    # reviewer has rated neither: reviewer2's verdict on the identical sentence stays hidden
    html = _panel(client, dup)
    assert _leaks(html) == [] and "1 verdict hidden until you have saved your own" in _dups_section(html)
    assert _leaks(_page(client, dup)) == []
    # reviewer rates the duplicate: the original still collects its verdicts, still hidden
    client.post(reverse("articles:verdict_save", args=[dup.pk]), _verdict_data("true", "Mine on the copy."), **HX)
    assert Verdict.objects.filter(claim=dup, reviewer=reviewer).exists()
    assert _leaks(_panel(client, dup)) == []

    # reviewer3 completes the original (they agree): it is over there...
    _rate(original, reviewer3, ratings, rationale="Reviewer three agrees.", url="")
    assert _status(original) == "reviewed"
    html = _panel(client, dup)
    section = _dups_section(html)
    assert SECRET_RATIONALE in section and SECRET_URL in section and 'badge rating">Misleading' in section
    assert "Reviewer three agrees." in section and "hidden until" not in section

    # ...but not for someone who has not rated the duplicate in front of them
    client.force_login(reviewer3)
    html = _panel(client, dup)
    section = _dups_section(html)
    assert SECRET_RATIONALE not in section and SECRET_URL not in section and "Reviewer three agrees." in section
    assert "1 verdict hidden" in section
    client.force_login(editor)
    assert SECRET_RATIONALE not in _dups_section(_panel(client, dup))


def test_an_approved_outcome_elsewhere_is_shown(client, two_needed, dup, reviewer, reviewer2, reviewer3, editor, ratings):
    original = dup.duplicate_of
    approved = _rate(original, reviewer2, ratings)
    _rate(original, reviewer3, ratings, rating="false", rationale="Reviewer three disagrees.", url="https://example.org/r3")
    assert _status(original) == "disputed"
    client.force_login(reviewer)
    assert SECRET_RATIONALE not in _dups_section(_panel(client, dup))
    services.verdict_approve(verdict=approved, editor=editor)
    section = _dups_section(_panel(client, dup))
    # the published outcome, with its sources and a reuse button; the other verdict stays hidden
    assert SECRET_RATIONALE in section and SECRET_URL in section and "approved" in section
    assert reverse("articles:verdict_reuse", args=[dup.pk, approved.pk]) in section
    assert "Reviewer three disagrees." not in section and "https://example.org/r3" not in section
    assert "1 verdict hidden" in section


# ============================================================================= the reuse endpoint


def test_reusing_a_verdict_one_may_not_see_is_refused(client, two_needed, dup, reviewer, reviewer2, ratings):
    original = _rate(dup.duplicate_of, reviewer2, ratings)
    client.force_login(reviewer)
    url = reverse("articles:verdict_reuse", args=[dup.pk, original.pk])
    for extra in (HX, {}):
        response = client.post(url, {"version": "0"}, **extra)
        assert response.status_code == 403
        assert _leaks(response.content.decode()) == []
    assert not Verdict.objects.filter(reviewer=reviewer).exists()
    assert not History.objects.filter(actor=reviewer).exists()

    # rated the duplicate first: the original is still blind, nothing is copied into the verdict
    mine = services.verdict_save(claim=dup, reviewer=reviewer, rating=ratings["true"], rationale="Mine.")
    response = client.post(url, {"version": str(mine.version)}, **HX)
    assert response.status_code == 403 and _leaks(response.content.decode()) == []
    after = Verdict.objects.get(pk=mine.pk)
    assert (after.rating.slug, after.rationale, after.version, after.sources.count()) == ("true", "Mine.", mine.version, 0)


def test_reuse_by_verdict_id_of_any_blind_claim_is_refused(client, two_needed, seeded, reviewer, reviewer2, ratings):
    """Verdict ids are sequential: guessing one of an unrelated claim still in review gives nothing."""
    blind = _rate(_claim(seeded[0], 12), reviewer2, ratings)
    target = _claim(seeded[1], 5)
    client.force_login(reviewer)
    response = client.post(reverse("articles:verdict_reuse", args=[target.pk, blind.pk]), {"version": "0"}, **HX)
    assert response.status_code == 403 and _leaks(response.content.decode()) == []
    assert not Verdict.objects.filter(claim=target).exists()


def test_reusing_a_visible_verdict_works(client, settings, dup, reviewer, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 1  # reviewer2's verdict completes the original
    original = _rate(dup.duplicate_of, reviewer2, ratings)
    client.force_login(reviewer)
    response = client.post(reverse("articles:verdict_reuse", args=[dup.pk, original.pk]), {"version": "0"}, **HX)
    assert response.status_code == 200
    mine = Verdict.objects.get(claim=dup, reviewer=reviewer)
    assert (mine.rating.slug, mine.rationale) == ("misleading", SECRET_RATIONALE)
    assert list(mine.sources.values_list("url", flat=True)) == [SECRET_URL]
    assert History.objects.filter(entity="verdict", object_id=mine.pk, actor=reviewer).exists()


def test_reusing_an_approved_outcome_works_with_second_review(client, two_needed, dup, reviewer, reviewer2, reviewer3, editor, ratings):
    original = dup.duplicate_of
    approved = _rate(original, reviewer2, ratings)
    other = _rate(original, reviewer3, ratings, rating="false", rationale="Reviewer three disagrees.", url="")
    services.verdict_approve(verdict=approved, editor=editor)
    client.force_login(reviewer)
    refused = client.post(reverse("articles:verdict_reuse", args=[dup.pk, other.pk]), {"version": "0"}, **HX)
    assert refused.status_code == 403 and "Reviewer three disagrees." not in refused.content.decode()
    ok = client.post(reverse("articles:verdict_reuse", args=[dup.pk, approved.pk]), {"version": "0"}, **HX)
    assert ok.status_code == 200
    mine = Verdict.objects.get(claim=dup, reviewer=reviewer)
    assert (mine.rating.slug, mine.rationale, mine.approved_at) == ("misleading", SECRET_RATIONALE, None)
