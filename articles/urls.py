from django.urls import path

from . import language_views, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("add/", views.article_add, name="add"),
    path("log/", views.claim_log, name="log_claim"),
    path("queue/", views.queue, name="queue"),
    path("approvals/", views.approvals, name="approvals"),
    path("shortcuts/", views.shortcuts, name="shortcuts"),
    path("ratings.css", views.ratings_css, name="ratings_css"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/assign/", views.claims_assign, name="claims_assign"),
    path("<int:pk>/dismiss/", views.claims_dismiss, name="claims_dismiss"),
    path("<int:pk>/approve/", views.article_approve_agreed, name="approve_agreed"),
    path("<int:pk>/claimreview.json", views.article_claimreview, name="claimreview"),
    path("<int:pk>/language/", language_views.article_language, name="language"),
    path("claims/<int:pk>/", views.claim_panel, name="claim"),
    path("claims/<int:pk>/verdict/", views.verdict_save, name="verdict_save"),
    path("claims/<int:pk>/reuse/<int:verdict_pk>/", views.verdict_reuse, name="verdict_reuse"),
    path("claims/<int:pk>/bounds/", views.claim_bounds, name="claim_bounds"),
    path("claims/<int:pk>/split/", views.claim_split, name="claim_split"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/dismiss/", views.claim_dismiss, name="claim_dismiss"),
    path("claims/<int:pk>/reopen/", views.claim_reopen, name="claim_reopen"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/return/", views.claim_return, name="claim_return"),
    path("claims/<int:pk>/defer/", views.claim_defer, name="claim_defer"),
    path("verdicts/<int:pk>/approve/", views.verdict_approve, name="verdict_approve"),
]
