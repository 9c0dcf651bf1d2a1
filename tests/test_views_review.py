"""The review workbench: every URL x role, fixed query counts, HTMX saves, conflicts, editor tools."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles import policy, services
from articles.models import Article, Claim, History, Source, Verdict
from articles.policy import SYSTEM

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _article(n: int, title: str = "Budget figures") -> Article:
    """An article of exactly ``n`` claims, imported through the real pipeline."""
    from articles.text import readers

    body = " ".join(f"The council spent {100 + i} million euros on road {i} in {1900 + i}." for i in range(n - 1))
    outcome = next(iter(services.articles_import(items=readers.read_paste(f"{title} {n}\n\n{body}"), created_by=SYSTEM)))
    article = outcome.article
    assert article.claims.count() == n, article.claims.count()
    return article


def _verdict_data(rating="true", rationale="Checked.", version=0, **extra):
    data = {
        "rating": rating,
        "rationale": rationale,
        "version": str(version),
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


# ----------------------------------------------------------------------------- who may do what


@pytest.fixture
def claim(seeded):
    return Claim.objects.filter(article=seeded[0]).order_by("position")[1]


def _urls(claim: Claim, verdict: Verdict) -> dict[str, tuple[str, str]]:
    a = claim.article_id
    return {
        "list": ("get", reverse("articles:list")),
        "detail": ("get", reverse("articles:detail", args=[a])),
        "panel": ("get", reverse("articles:claim", args=[claim.pk])),
        "queue": ("get", reverse("articles:queue")),
        "approvals": ("get", reverse("articles:approvals")),
        "shortcuts": ("get", reverse("articles:shortcuts")),
        "add": ("get", reverse("articles:add")),
        "save": ("post", reverse("articles:verdict_save", args=[claim.pk])),
        "reuse": ("post", reverse("articles:verdict_reuse", args=[claim.pk, verdict.pk])),
        "bounds": ("post", reverse("articles:claim_bounds", args=[claim.pk])),
        "split": ("post", reverse("articles:claim_split", args=[claim.pk])),
        "merge": ("post", reverse("articles:claim_merge", args=[claim.pk])),
        "dismiss": ("post", reverse("articles:claim_dismiss", args=[claim.pk])),
        "reopen": ("post", reverse("articles:claim_reopen", args=[claim.pk])),
        "assign": ("post", reverse("articles:claim_assign", args=[claim.pk])),
        "bulk_assign": ("post", reverse("articles:claims_assign", args=[a])),
        "return": ("post", reverse("articles:claim_return", args=[claim.pk])),
        "approve": ("post", reverse("articles:verdict_approve", args=[verdict.pk])),
    }


EDITOR_ONLY = {"approvals", "add", "bounds", "split", "merge", "dismiss", "reopen", "assign", "bulk_assign", "return", "approve"}
REVIEWER_UP = {"queue", "save", "reuse"}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "reviewer", "editor", "staff"])
def test_every_url_for_every_role(client, role, claim, ratings, reviewer2, request, django_user_model):
    other = Claim.objects.filter(article=claim.article).order_by("position")[5]
    verdict = services.verdict_save(claim=other, reviewer=reviewer2, rating=ratings["false"], rationale="x")
    if role == "staff":  # staff without a group: the admin, not the review UI's editor actions
        user = django_user_model.objects.create_user("staffer", password="x", is_staff=True)
    elif role != "anonymous":
        user = request.getfixturevalue(role)
    if role != "anonymous":
        client.force_login(user)
    for name, (method, url) in _urls(claim, verdict).items():
        response = getattr(client, method)(url)
        if role == "anonymous":
            expected = {302}
            assert response.url.startswith(reverse("login")), name
        elif name in EDITOR_ONLY and role != "editor" or name in REVIEWER_UP and role not in ("reviewer", "editor"):
            expected = {403}
        elif method == "post":
            # allowed: an empty POST is refused as bad input (422) or handled (302 back to the claim)
            expected = {302, 422}
        else:
            expected = {200, 302} if name == "panel" else {200}
        assert response.status_code in expected, (role, name, response.status_code)
    # nobody outside the review groups got a verdict in (empty POSTs save nothing; "reuse" copies)
    if role not in ("reviewer", "editor"):
        assert Verdict.objects.filter(claim=claim).count() == 0


def test_reviewer_sees_no_editor_controls(client, reviewer, claim):
    client.force_login(reviewer)
    page = client.get(reverse("articles:detail", args=[claim.article_id]) + f"?claim={claim.pk}").content.decode()
    for name in ("claim_bounds", "claim_split", "claim_dismiss", "claim_assign", "claims_assign"):
        assert reverse(f"articles:{name}", args=[claim.article_id if name == "claims_assign" else claim.pk]) not in page
    assert reverse("articles:approvals") not in page and "Editor tools" not in page


def test_editor_sees_editor_controls(client, editor, claim):
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[claim.article_id]) + f"?claim={claim.pk}").content.decode()
    assert reverse("articles:claim_split", args=[claim.pk]) in page
    assert reverse("articles:claims_assign", args=[claim.article_id]) in page
    assert reverse("articles:approvals") in page


# ----------------------------------------------------------------------------- fixed query counts


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_article_page_and_panel_queries_do_not_grow_with_claims(client, role, request, reviewer2, ratings, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(role)
    client.force_login(user)
    counts = {}
    for n in (5, 300):
        article = _article(n, title=f"Article of {n}")
        claims = list(article.claims.order_by("position"))
        # work on the page: verdicts with sources, an assignment, a duplicate elsewhere
        for c in claims[:3]:
            v = services.verdict_save(claim=c, reviewer=reviewer2, rating=ratings["true"], rationale="ok")
            services.source_save(source=Source(verdict=v, url="https://example.org/a"), actor=reviewer2)
        services.claims_assign(claims=claims[:2], assignee=reviewer2, actor=SYSTEM)
        selected = claims[1]
        pages = {
            "page": (reverse("articles:detail", args=[article.pk]) + f"?claim={selected.pk}", {}),
            "panel": (reverse("articles:claim", args=[selected.pk]), HX),
        }
        for what, (url, headers) in pages.items():
            client.get(url, **headers)  # warm the rating-scale cache as a running server has it
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, **headers)
            assert response.status_code == 200
            counts[(what, n)] = len(ctx.captured_queries)
        page = client.get(pages["page"][0]).content.decode()
        assert page.count('id="claim-row-') == n and page.count('id="hl-') == n
    for what in ("page", "panel"):
        assert counts[(what, 5)] == counts[(what, 300)], counts
        assert counts[(what, 300)] <= 10, counts


# ----------------------------------------------------------------------------- saving a verdict


def test_htmx_save_swaps_panel_row_highlight_and_progress(client, reviewer, claim):
    client.force_login(reviewer)
    data = _verdict_data(
        rating="mostly-false",
        rationale="The figure is from 2019.",
        **{"sources-TOTAL_FORMS": "1", "sources-0-url": "https://stats.example.org/t1", "sources-0-title": "Table 1"},
    )
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), data, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="claim-panel"')
    assert f'id="claim-row-{claim.pk}"' in html and f'id="hl-{claim.pk}"' in html and 'id="progress"' in html
    assert html.count('hx-swap-oob="true"') == 3
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer)
    assert verdict.rating.slug == "mostly-false" and verdict.rationale == "The figure is from 2019."
    assert [(s.url, s.title) for s in verdict.sources.all()] == [("https://stats.example.org/t1", "Table 1")]
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
    assert "1 of" in html  # the progress bar counts it


def test_save_and_next_moves_to_the_next_open_claim(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(next="1"), **HX)
    nxt = Claim.objects.get(article=claim.article, position=claim.position + 1)
    assert response.status_code == 200
    assert f'data-claim="{nxt.pk}"' in response.content.decode().split("\n", 2)[1]
    assert response["HX-Push-Url"].endswith(f"?claim={nxt.pk}")


def test_article_page_keeps_no_history_snapshot_and_back_gets_the_whole_page(client, reviewer, claim):
    """Each pushed URL (a save, j/k) made htmx copy the whole page into sessionStorage first
    (~0.6 s per save on a 3,000-claim article): the page opts out with hx-history="false", so Back
    asks the server again (HX-History-Restore-Request), which must answer with the whole page."""
    client.force_login(reviewer)
    url = reverse("articles:detail", args=[claim.article_id]) + f"?claim={claim.pk}"
    page = client.get(url).content.decode()
    assert re.search(r'<div id="workspace"[^>]* hx-history="false"', page)
    partial = client.get(url, **HX)
    assert partial.content.decode().lstrip().startswith('<div id="workspace"') and partial["HX-Retarget"] == "#workspace"
    restored = client.get(url, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    html = restored.content.decode()
    assert restored.status_code == 200 and "<html" in html and 'id="workspace"' in html
    assert "HX-Retarget" not in restored and "HX-History-Restore-Request" in restored["Vary"]


def test_save_and_next_queries_do_not_grow_with_claims(client, reviewer):
    """The HTMX "save and next" on a 30- and a 300-claim article: the same, fixed number of
    queries (the saved claim is the row the service locked and updated; the next one is read with
    its article and assignee)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    counts = []
    for n in (30, 300):
        first = _article(n, title=f"Budget {n}").claims.order_by("position").first()
        client.post(reverse("articles:verdict_save", args=[first.pk]), _verdict_data(), **HX)  # warm
        second = Claim.objects.get(article=first.article, position=first.position + 1)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("articles:verdict_save", args=[second.pk]), _verdict_data(next="1"), **HX)
        assert response.status_code == 200 and f"Saved your verdict on claim {second.position}" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 22, counts  # 23 before the saved and next claims were reused; 21 before
    # the save read the verdict only for a form with saved source rows; 20 before the matcher's index
    # update went to the job worker (2: the queued index job taken, then created or given the ids)


def test_plain_form_save_redirects_back_without_javascript(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(next="1"))
    nxt = Claim.objects.get(article=claim.article, position=claim.position + 1)
    assert response.status_code == 302 and f"?claim={nxt.pk}" in response.url
    assert Verdict.objects.filter(claim=claim, reviewer=reviewer).exists()


def test_rating_button_alone_saves_without_javascript(client, reviewer, claim):
    """No JavaScript: the rating buttons are submit buttons; their value comes after the hidden one."""
    client.force_login(reviewer)
    data = _verdict_data(rating="")
    body = "&".join(f"{k}={v}" for k, v in data.items() if k != "rating") + "&rating=&rating=half-true"
    response = client.post(
        reverse("articles:verdict_save", args=[claim.pk]), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert Verdict.objects.get(claim=claim).rating.slug == "half-true"


def test_bad_input_is_refused_inline_and_nothing_written(client, reviewer, claim):
    client.force_login(reviewer)
    data = _verdict_data(**{"sources-TOTAL_FORMS": "1", "sources-0-url": "javascript:alert(1)"})
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), data, **HX)
    assert response.status_code == 422
    assert "http" in response.content.decode()  # names what a source URL must be
    missing = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(rating=""), **HX)
    assert missing.status_code == 422 and "Pick a rating." in missing.content.decode()
    unknown = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(rating="nonsense"), **HX)
    assert unknown.status_code == 422 and "not on the scale" in unknown.content.decode()
    assert not Verdict.objects.exists() and not Source.objects.exists()


def test_stale_save_is_refused_with_409_and_the_typed_text_kept(client, reviewer, claim, ratings):
    client.force_login(reviewer)
    mine = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="First take.")
    # another tab saves a newer version
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="Other tab.", version=mine.version)
    data = _verdict_data(rating="half-true", rationale="My careful rewrite.", version=mine.version)
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), data, **HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Saved meanwhile" in html and "Other tab." in html  # the current state shown
    assert "My careful rewrite." in html  # nothing lost
    current = Verdict.objects.get(claim=claim, reviewer=reviewer)
    assert current.rationale == "Other tab."
    assert f'name="version" value="{current.version}"' in html  # saving again is a deliberate overwrite
    again = client.post(
        reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(rating="half-true", rationale="My careful rewrite.", version=current.version), **HX
    )
    assert again.status_code == 200 and Verdict.objects.get(pk=current.pk).rationale == "My careful rewrite."


def test_plain_stale_save_shows_the_page_with_409(client, reviewer, claim, ratings):
    client.force_login(reviewer)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="Saved elsewhere.")
    response = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(rationale="Typed here.", version=0))
    assert response.status_code == 409
    assert "Typed here." in response.content.decode() and "Saved elsewhere." in response.content.decode()


def test_blind_second_review(client, reviewer, reviewer2, editor, claim, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="First reviewer's reasoning.")
    client.force_login(reviewer2)
    panel = client.get(reverse("articles:claim", args=[claim.pk]), **HX).content.decode()
    assert "First reviewer&#x27;s reasoning." not in panel and "shown once you have saved your own" in panel
    saved = client.post(reverse("articles:verdict_save", args=[claim.pk]), _verdict_data(rating="false", rationale="Disagree."), **HX)
    assert "First reviewer&#x27;s reasoning." in saved.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "disputed"
    client.force_login(editor)  # editors always see every verdict
    page = client.get(reverse("articles:claim", args=[claim.pk]), **HX).content.decode()
    assert "First reviewer&#x27;s reasoning." in page and "Disagree." in page


def test_editor_approves_a_disputed_claim_and_agreement_is_shown(client, editor, reviewer, reviewer2, seeded, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claims = list(Claim.objects.filter(article=seeded[0]).order_by("position")[:3])
    pairs = [("true", "true"), ("false", "false"), ("true", "false")]
    for c, (a, b) in zip(claims, pairs, strict=True):
        services.verdict_save(claim=c, reviewer=reviewer, rating=ratings[a])
        services.verdict_save(claim=c, reviewer=reviewer2, rating=ratings[b])
    disputed = claims[2]
    assert Claim.objects.get(pk=disputed.pk).status == "disputed"
    client.force_login(editor)
    queue = client.get(reverse("articles:approvals")).content.decode()
    assert queue.index(disputed.text[:30]) < queue.index(claims[0].text[:30])  # disputed first
    page = client.get(reverse("articles:detail", args=[seeded[0].pk])).content.decode()
    # 2 of 3 agree: 66.7 %; chance agreement (2*1 + 1*2) / 9 = 4/9, kappa = (2/3 - 4/9) / (5/9) = 0.40
    assert "percent agreement <strong>66.7%</strong>" in page and "kappa <strong>0.40</strong>" in page
    mine = Verdict.objects.get(claim=disputed, reviewer=reviewer2)
    response = client.post(reverse("articles:verdict_approve", args=[mine.pk]), **HX)
    assert response.status_code == 200 and "Approved outcome" in response.content.decode()
    assert Claim.objects.get(pk=disputed.pk).status == "approved"
    assert History.objects.filter(claim=disputed, action="approve", actor=editor).exists()


def test_reuse_copies_a_duplicate_verdict(client, reviewer, reviewer2, seeded, ratings):
    dup = Claim.objects.filter(duplicate_of__isnull=False).select_related("duplicate_of").first()
    assert dup is not None, "the seed articles repeat sentences"
    original = services.verdict_submit(
        claim=dup.duplicate_of, reviewer=reviewer2, rating=ratings["misleading"], rationale="Cherry-picked.",
        sources=[services.SourceChange(source=Source(url="https://example.org/src", title="Src"))],
    )
    client.force_login(reviewer)
    panel = client.get(reverse("articles:claim", args=[dup.pk]), **HX).content.decode()
    assert "Same claim elsewhere" in panel and "Cherry-picked." in panel and "Reuse this verdict" in panel
    response = client.post(reverse("articles:verdict_reuse", args=[dup.pk, original.pk]), {"version": "0"}, **HX)
    assert response.status_code == 200
    mine = Verdict.objects.get(claim=dup, reviewer=reviewer)
    assert (mine.rating.slug, mine.rationale) == ("misleading", "Cherry-picked.")
    assert [s.url for s in mine.sources.all()] == ["https://example.org/src"]


# ----------------------------------------------------------------------------- editor tools


def test_editor_splits_merges_and_moves_bounds(client, editor, seeded):
    client.force_login(editor)
    claim = Claim.objects.filter(article=seeded[0], text__contains=" ").order_by("-checkworthiness").first()
    count = Claim.objects.filter(article=seeded[0]).count()
    at = claim.start + claim.text.index(" ") + 1
    response = client.post(reverse("articles:claim_split", args=[claim.pk]), {"at": at, "version": claim.version}, **HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#workspace"
    assert Claim.objects.filter(article=seeded[0]).count() == count + 1
    first = Claim.objects.get(pk=claim.pk)
    assert first.end <= at
    merged = client.post(reverse("articles:claim_merge", args=[claim.pk]), {"version": first.version}, **HX)
    assert merged.status_code == 200
    back = Claim.objects.get(pk=claim.pk)
    assert (back.start, back.end, back.text) == (claim.start, claim.end, claim.text)
    positions = list(Claim.objects.filter(article=seeded[0]).order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, count + 1))
    # boundaries: a stale version is refused with 409, bad offsets with 422 and a message
    stale = client.post(reverse("articles:claim_bounds", args=[claim.pk]), {"start": back.start, "end": back.end - 1, "version": claim.version}, **HX)
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    bad = client.post(reverse("articles:claim_bounds", args=[claim.pk]), {"start": back.end, "end": back.start, "version": back.version}, **HX)
    assert bad.status_code == 422 and "The start must come before the end." in bad.content.decode()
    overlap = client.post(reverse("articles:claim_bounds", args=[claim.pk]), {"start": 0, "end": back.end, "version": back.version}, **HX)
    assert overlap.status_code == 422 and "overlaps claim #" in overlap.content.decode()
    ok = client.post(reverse("articles:claim_bounds", args=[claim.pk]), {"start": back.start, "end": back.end - 1, "version": back.version})
    assert ok.status_code == 302 and Claim.objects.get(pk=claim.pk).end == back.end - 1


def test_editor_dismisses_reopens_assigns_and_returns(client, editor, reviewer, claim, ratings):
    client.force_login(editor)
    r = client.post(reverse("articles:claim_dismiss", args=[claim.pk]), {"reason": "other", "other": ""}, **HX)
    assert r.status_code == 422 and "Say why" in r.content.decode()
    client.post(reverse("articles:claim_dismiss", args=[claim.pk]), {"reason": "opinion"}, **HX)
    assert Claim.objects.get(pk=claim.pk).dismissed_reason == "Opinion"
    client.post(reverse("articles:claim_reopen", args=[claim.pk]), **HX)
    assert Claim.objects.get(pk=claim.pk).status == "unreviewed"
    client.post(reverse("articles:claim_assign", args=[claim.pk]), {"assignee": reviewer.pk}, **HX)
    assert Claim.objects.get(pk=claim.pk).assignee == reviewer
    others = list(Claim.objects.filter(article=claim.article).exclude(pk=claim.pk)[:3])
    bulk = client.post(reverse("articles:claims_assign", args=[claim.article_id]), {"assignee": reviewer.pk, "claims": [c.pk for c in others]})
    assert bulk.status_code == 302 and Claim.objects.filter(assignee=reviewer).count() == 4
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    nonote = client.post(reverse("articles:claim_return", args=[claim.pk]), {"note": ""}, **HX)
    assert nonote.status_code == 422
    client.post(reverse("articles:claim_return", args=[claim.pk]), {"note": "Check the 2021 figure."}, **HX)
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    actions = set(History.objects.filter(claim=claim).values_list("action", flat=True))
    assert {"dismiss", "reopen", "assign", "return"} <= actions


def test_queue_walks_assigned_claims_first(client, reviewer, editor, seeded):
    claims = list(Claim.objects.filter(article=seeded[1]).order_by("position"))
    services.claims_assign(claims=[claims[-1]], assignee=reviewer, actor=editor)
    client.force_login(reviewer)
    page = client.get(reverse("articles:queue")).content.decode()
    assert f'data-claim="{claims[-1].pk}"' in page
    left = int(re.search(r"(\d+) claims? left", page).group(1))
    response = client.post(reverse("articles:verdict_save", args=[claims[-1].pk]), _verdict_data(**{"from": "queue", "next": "1"}), **HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#queue-body"
    assert f"{left - 1} claim" in response.content.decode()
    # the same article's other open claims come next (here from its top: the last one was saved)
    nxt = policy.queue_upcoming(reviewer, after=claims[-1])[0]
    assert nxt.article_id == claims[-1].article_id and nxt.position < claims[-1].position
    assert f'data-claim="{nxt.pk}"' in response.content.decode()


# ----------------------------------------------------------------------------- list, filters, assets


def test_list_filters_and_progress(client, reviewer, seeded, ratings):
    client.force_login(reviewer)
    first, second = seeded
    c = first.claims.order_by("position").first()
    services.verdict_save(claim=c, reviewer=reviewer, rating=ratings["true"])
    page = client.get(reverse("articles:list")).content.decode()
    assert "1 of" in page and 'role="img"' in page
    only = client.get(reverse("articles:list"), {"date_from": second.published_on.isoformat()}).content.decode()
    assert second.title in only and first.title not in only
    bad = client.get(reverse("articles:list"), {"date_from": "2024-02-01", "date_to": "2024-01-01"}).content.decode()
    assert "The end date is before the start date." in bad
    searched = client.get(reverse("articles:list"), {"q": "Belarusians"}).content.decode()
    assert first.title in searched and second.title not in searched


def test_ratings_css_serves_admin_colours(client, reviewer, ratings):
    client.force_login(reviewer)
    css = client.get(reverse("articles:ratings_css"))
    assert css["Content-Type"].startswith("text/css")
    assert f".rating-true {{ --rating: {ratings['true'].color.lower()}; --rating-on: " in css.content.decode()


def test_article_text_is_escaped(client, reviewer):
    from articles.text import readers

    outcome = next(iter(services.articles_import(items=readers.read_paste("Headline <b>x</b>\n\nHe said <script>alert(1)</script> twice."), created_by=SYSTEM)))
    client.force_login(reviewer)
    page = client.get(reverse("articles:detail", args=[outcome.article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editor_approves_all_agreed_claims_at_once(client, editor, reviewer, reviewer2, seeded, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    a, b, c = Claim.objects.filter(article=seeded[0]).order_by("position")[:3]
    for claim, (x, y) in ((a, ("true", "true")), (b, ("false", "true"))):
        services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings[x])
        services.verdict_save(claim=claim, reviewer=reviewer2, rating=ratings[y])
    client.force_login(reviewer)
    assert client.post(reverse("articles:approve_agreed", args=[seeded[0].pk])).status_code == 403
    client.force_login(editor)
    page = client.get(reverse("articles:detail", args=[seeded[0].pk])).content.decode()
    assert "Approve the 1 agreed claim" in page
    response = client.post(reverse("articles:approve_agreed", args=[seeded[0].pk]), **HX)
    assert response.status_code == 200 and "Approved 1 claim" in response.content.decode()
    assert [Claim.objects.get(pk=x.pk).status for x in (a, b, c)] == ["approved", "disputed", "unreviewed"]
    assert Verdict.objects.get(claim=a, reviewer=reviewer).approved_by == editor  # the earliest verdict


def test_shortcuts_page_lists_every_key_app_js_handles(client, reviewer):
    """Each single-letter key static/app.js acts on is explained on the shortcuts page."""
    from pathlib import Path

    from django.conf import settings

    client.force_login(reviewer)
    page = client.get(reverse("articles:shortcuts")).content.decode()
    script = (Path(settings.BASE_DIR) / "static" / "app.js").read_text()
    handled = set(re.findall(r'key === "([a-z])"', script))
    assert {"d", "j", "k", "n", "s"} <= handled
    listed = set(re.findall(r"<dt>(?:[^<]|<kbd>|</kbd>)*<kbd>([a-z])</kbd>", page)) | set(re.findall(r"<dt><kbd>([a-z])</kbd>", page))
    assert handled <= listed, handled - listed


def test_saved_source_rows_are_edited_and_removed_through_the_save(client, reviewer, claim):
    """A form with saved source rows (INITIAL_FORMS > 0) is matched to the reviewer's verdict's
    sources (the view reads the verdict for those only); a form without them keeps the sources."""
    client.force_login(reviewer)
    url = reverse("articles:verdict_save", args=[claim.pk])
    new = {"sources-TOTAL_FORMS": "1", "sources-0-url": "https://example.org/a", "sources-0-title": "A"}
    assert client.post(url, _verdict_data(**new), **HX).status_code == 200
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer)
    source = verdict.sources.get()
    assert client.post(url, _verdict_data(rationale="Again.", version=verdict.version), **HX).status_code == 200
    verdict.refresh_from_db()
    assert list(verdict.sources.all()) == [source]  # no source rows in the form: kept as they are
    edit = {"sources-TOTAL_FORMS": "1", "sources-INITIAL_FORMS": "1", "sources-0-id": str(source.pk),
            "sources-0-url": "https://example.org/a", "sources-0-title": "A, renamed"}  # fmt: skip
    assert client.post(url, _verdict_data(rationale="Again.", version=verdict.version, **edit), **HX).status_code == 200
    verdict.refresh_from_db()
    assert verdict.sources.get().title == "A, renamed"
    gone = {**edit, "sources-0-DELETE": "on"}
    assert client.post(url, _verdict_data(rationale="Again.", version=verdict.version, **gone), **HX).status_code == 200
    assert not verdict.sources.exists()
