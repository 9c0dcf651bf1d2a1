"""URLs of the webhooks namespace (/webhooks/): editors manage the endpoints."""

from django.urls import path

from . import webhook_views

app_name = "webhooks"
urlpatterns = [
    path("", webhook_views.webhook_list, name="list"),
    path("add/", webhook_views.webhook_add, name="add"),
    path("<int:pk>/", webhook_views.webhook_detail, name="detail"),
    path("<int:pk>/delete/", webhook_views.webhook_delete, name="delete"),
    path("<int:pk>/test/", webhook_views.webhook_test, name="test"),
]
