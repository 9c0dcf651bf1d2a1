"""URLs of the jobs namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "jobs"
urlpatterns: list = []
