"""URLs of the match_admin namespace (/admin/match/): the admin's "Find matches" page."""

from django.contrib import admin
from django.urls import path

from . import match_admin_views

app_name = "match_admin"
urlpatterns = [path("", admin.site.admin_view(match_admin_views.match_search), name="search")]
