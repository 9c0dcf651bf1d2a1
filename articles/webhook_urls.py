"""URLs of the webhooks namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "webhooks"
urlpatterns: list = []
