"""URLs of the matches namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "matches"
urlpatterns: list = []
