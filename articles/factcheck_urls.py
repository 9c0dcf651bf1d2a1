"""URLs of the factchecks namespace (/factchecks/): published fact-checks, their import."""

from django.urls import path

from . import factcheck_views

app_name = "factchecks"
urlpatterns = [
    path("", factcheck_views.factcheck_list, name="list"),
    path("import/", factcheck_views.factcheck_import, name="import"),
]
