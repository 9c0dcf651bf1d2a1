"""URLs of the account namespace (filled in by its module)."""

from django.urls import path  # noqa: F401

app_name = "account"
urlpatterns: list = []
