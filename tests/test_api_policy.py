"""One role x action table for the web UI and the API: for each role and action, the web view
and the API endpoint allow or refuse alike (and as the table says). Both ask articles.policy;
this proves no entry point adds or skips a rule."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles import services
from articles.api.tokens import token_create
from articles.models import Job

ROLES = ("outsider", "reviewer", "editor", "superuser")
ALL, REVIEWERS, EDITORS, SUPER = set(ROLES), {"reviewer", "editor", "superuser"}, {"editor", "superuser"}, {"superuser"}

# action -> the roles allowed
TABLE = {
    "list articles": ALL,
    "see an article": ALL,
    "see a claim": ALL,
    "import": EDITORS,
    "log a claim": EDITORS,
    "save verdict": REVIEWERS,
    "approve": EDITORS,
    "return": EDITORS,
    "export CSV": EDITORS,
    "export ClaimReview": EDITORS,
    "see own jobs": ALL,
    "see someone else's job": SUPER,
    "cancel someone else's job": SUPER,
}

TEXT = "A headline for {who}\n\nThe minister said {who} spent 40% of the budget on roads in 2023."


def _web(action: str, c: Client, ctx: dict) -> int:
    claim, verdict, article, job = ctx["claim"], ctx["verdict"], ctx["article"], ctx["job"]
    match action:
        case "list articles":
            return c.get(reverse("articles:list")).status_code
        case "see an article":
            return c.get(reverse("articles:detail", args=[article.pk])).status_code
        case "see a claim":
            return c.get(reverse("articles:claim", args=[claim.pk])).status_code
        case "import":
            return c.post(reverse("articles:add"), {"text": TEXT.format(who="web")}).status_code
        case "log a claim":
            return c.get(reverse("articles:log_claim")).status_code
        case "save verdict":
            form = {"rating": "false", "rationale": "", "version": 0, "sources-TOTAL_FORMS": 0,
                    "sources-INITIAL_FORMS": 0, "sources-MIN_NUM_FORMS": 0, "sources-MAX_NUM_FORMS": 1000}  # fmt: skip
            return c.post(reverse("articles:verdict_save", args=[ctx["open_claim"].pk]), form).status_code
        case "approve":
            return c.post(reverse("articles:verdict_approve", args=[verdict.pk])).status_code
        case "return":
            return c.post(reverse("articles:claim_return", args=[claim.pk]), {"note": "why"}).status_code
        case "export CSV":
            return c.get(reverse("articles:export")).status_code
        case "export ClaimReview":
            return c.get(reverse("articles:claimreview", args=[article.pk])).status_code
        case "see own jobs":
            return c.get(reverse("jobs:list")).status_code
        case "see someone else's job":
            return c.get(reverse("jobs:detail", args=[job.pk])).status_code
        case "cancel someone else's job":
            return c.post(reverse("jobs:cancel", args=[job.pk])).status_code
    raise AssertionError(action)


def _api(action: str, c: Client, ctx: dict, auth: dict) -> int:
    claim, verdict, article, job = ctx["claim"], ctx["verdict"], ctx["article"], ctx["job"]

    def post(name, args=(), data=None, method="post"):
        fn = getattr(c, method)
        return fn(reverse(name, args=args), json.dumps(data or {}), content_type="application/json", **auth).status_code

    match action:
        case "list articles":
            return c.get(reverse("api:articles"), **auth).status_code
        case "see an article":
            return c.get(reverse("api:article", args=[article.pk]), **auth).status_code
        case "see a claim":
            return c.get(reverse("api:claim", args=[claim.pk]), **auth).status_code
        case "import":
            return post("api:article_import", data={"text": TEXT.format(who="api")})
        case "log a claim":
            return post("api:claim_log", data={"text": "Crime fell by 30% last year.", "speaker": "The mayor"})
        case "save verdict":
            return post("api:verdict_save", [ctx["open_claim"].pk], {"rating": "false", "version": 0}, method="put")
        case "approve":
            return post("api:verdict_approve", [verdict.pk])
        case "return":
            return post("api:claim_return", [claim.pk], {"note": "why"})
        case "export CSV":
            return c.get(reverse("api:export_csv"), **auth).status_code
        case "export ClaimReview":
            return c.get(reverse("api:export_claimreview") + f"?article={article.pk}", **auth).status_code
        case "see own jobs":
            return c.get(reverse("api:jobs"), **auth).status_code
        case "see someone else's job":
            return c.get(reverse("api:job", args=[job.pk]), **auth).status_code
        case "cancel someone else's job":
            return post("api:job_cancel", [job.pk])
    raise AssertionError(action)


def _allowed(status: int) -> bool:
    """Refused: 401/403, or 404 for an object the user may not see (a job); anything else
    (200, 201, 202, 302 after a web form) means the rules let the request through."""
    return status not in (401, 403, 404)


def _context(seeded, reviewer2, editor2, ratings, offset: int) -> dict:
    claims = list(seeded[offset].claims.order_by("position")[:2])
    verdict = services.verdict_save(claim=claims[0], reviewer=reviewer2, rating=ratings["false"])
    job = Job.objects.create(kind="import_urls", created_by=editor2)
    return {"claim": claims[0], "open_claim": claims[1], "verdict": verdict, "article": seeded[offset], "job": job}


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_web_and_api_allow_and_refuse_alike(role, action, request, seeded, reviewer2, editor2, ratings, settings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 1
    user = request.getfixturevalue(role)
    web_ctx = _context(seeded, reviewer2, editor2, ratings, 0)  # each side acts on its own objects
    api_ctx = _context(seeded, reviewer2, editor2, ratings, 1)
    web = Client()
    web.force_login(user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t', actor=user).secret}"}
    web_status = _web(action, web, web_ctx)
    api_status = _api(action, Client(), api_ctx, auth)
    assert web_status < 500 and api_status < 500, (web_status, api_status)
    expected = role in TABLE[action]
    assert (_allowed(web_status), _allowed(api_status)) == (expected, expected), (
        f"{role} / {action}: web {web_status}, API {api_status}, table says {'allow' if expected else 'refuse'}"
    )
