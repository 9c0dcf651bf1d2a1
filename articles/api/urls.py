"""URLs of the api namespace (/api/v1/): the django-ninja operations (each marked
login_not_required: the API authenticates itself and answers 401 in JSON), the OpenAPI schema
(openapi.json), the API page (docs/), and a JSON 404 for anything else under /api/v1/."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.generic import RedirectView

from . import endpoints, factcheck_endpoints, match_endpoints, score_endpoints  # noqa: F401  (registers the operations)
from .base import api
from .docs import api_docs

app_name = "api"


@login_not_required
def not_found(request, rest: str = ""):
    return JsonResponse({"detail": f"no such API endpoint: {request.path}", "errors": []}, status=404)


def _ninja_patterns() -> list:
    patterns = [p for p in api.urls[0] if p.name != "api-root"]
    for p in patterns:
        p.callback = login_not_required(p.callback)
    return patterns


urlpatterns = [
    *_ninja_patterns(),
    path("", login_not_required(RedirectView.as_view(pattern_name="api:docs")), name="api-root"),
    path("docs/", api_docs, name="docs"),
    re_path(r"^(?P<rest>.*)$", not_found),
]
