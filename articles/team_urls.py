"""URLs of the team namespace (/team/): members, rating scale, deletions, comments,
notifications, dashboard (issue 15)."""

from django.urls import path

from . import team_views as v

app_name = "team"
urlpatterns = [
    path("members/", v.members, name="members"),
    path("members/<int:pk>/", v.member_detail, name="member"),
    path("members/<int:pk>/role/", v.member_role, name="member_role"),
    path("members/<int:pk>/active/", v.member_active, name="member_active"),
    path("members/<int:pk>/reset/", v.member_reset, name="member_reset"),
    path("ratings/", v.ratings, name="ratings"),
    path("ratings/<int:pk>/", v.rating_edit, name="rating"),
    path("ratings/<int:pk>/move/", v.rating_move, name="rating_move"),
    path("ratings/<int:pk>/retire/", v.rating_retire, name="rating_retire"),
    path("ratings/<int:pk>/restore/", v.rating_restore, name="rating_restore"),
    path("ratings/<int:pk>/delete/", v.rating_delete, name="rating_delete"),
    path("articles/<int:pk>/delete/", v.article_delete, name="article_delete"),
    path("jobs/<int:pk>/delete-articles/", v.job_articles_delete, name="job_articles_delete"),
    path("claims/<int:pk>/comments/", v.claim_comments, name="comments"),
    path("claims/<int:pk>/comments/add/", v.comment_add, name="comment_add"),
    path("comments/<int:pk>/edit/", v.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", v.comment_delete, name="comment_delete"),
    path("notifications/", v.notification_list, name="notifications"),
    path("notifications/bell/", v.notification_bell, name="bell"),
    path("notifications/read/", v.notification_read, name="notifications_read"),
    path("dashboard/", v.dashboard_view, name="dashboard"),
    path("dashboard/<int:pk>/", v.dashboard_view, name="dashboard_of"),
]
