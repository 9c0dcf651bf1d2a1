"""URLs of the api namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "api"
urlpatterns: list = []
