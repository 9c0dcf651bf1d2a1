"""URLs of the account namespace: the account page and its API tokens page."""

from django.urls import path

from . import account_views

app_name = "account"
urlpatterns = [
    path("", account_views.index, name="index"),
    path("tokens/", account_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", account_views.token_revoke_view, name="token_revoke"),
]
