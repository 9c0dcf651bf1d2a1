"""URLs of the matches namespace: the claim panel's "Checked before" decisions."""

from django.urls import path

from . import match_views

app_name = "matches"
urlpatterns = [
    path("claims/<int:pk>/", match_views.claim_matches, name="claim"),
    path("<int:pk>/confirm/", match_views.match_confirm, name="confirm"),
    path("<int:pk>/reject/", match_views.match_reject, name="reject"),
    path("<int:pk>/source/", match_views.match_source, name="source"),
]
