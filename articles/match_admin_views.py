"""The admin's "Find matches" page (/admin/match/): a search box, and the published fact-checks
and claims with a verdict most similar to the text, with tier, score and why (staff who may
see matches: policy.may_see_matches). Reads only; the search is matching.match_text."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import matching, policy

MAX_QUERY = 5000


@require_GET
def match_search(request):
    if not policy.may_see_matches(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    against = request.GET.get("against", "all")
    if against not in matching.AGAINST:
        against = "all"
    results = matching.match_text(q, against=against) if q else []
    context = {
        **admin.site.each_context(request),
        "title": "Find matches",
        "q": q,
        "against": against,
        "choices": [("all", "fact-checks and claims"), ("factchecks", "published fact-checks"), ("claims", "claims with a verdict")],
        "results": results,
    }
    return TemplateResponse(request, "admin/match_search.html", context)
