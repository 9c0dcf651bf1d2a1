"""The team in the app (issue 15): comments on claims and in-app notifications.

Written only by ``articles.comments`` and ``articles.notifications``; read through
``articles.team_selectors``. Imported here from the end of ``models.py`` (like
``match_models``); until then ``ArticlesConfig.ready`` imports it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Claim


class Comment(models.Model):
    """A note on a claim by a member of the team; ``@username`` mentions notify that person."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="comment_claim")]

    def __str__(self) -> str:
        return f"comment {self.pk} on claim {self.claim_id}"


class Notification(models.Model):
    """Something a user should know about: an assignment, a claim returned for review, a
    dispute (the second review disagrees), a mention in a comment."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        RETURNED = "returned", _("Returned for review")
        DISPUTED = "disputed", _("Reviewers disagree")
        MENTION = "mention", _("Mentioned you")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_mine"),
            # the bell's count: a user's unread ones
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
