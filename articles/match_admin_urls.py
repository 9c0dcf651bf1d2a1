"""URLs of the match_admin namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "match_admin"
urlpatterns: list = []
