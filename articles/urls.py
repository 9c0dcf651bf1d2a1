from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("add/", views.article_add, name="add"),
    path("<int:pk>/", views.article_detail, name="detail"),
]
