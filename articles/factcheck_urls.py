"""URLs of the factchecks namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "factchecks"
urlpatterns: list = []
