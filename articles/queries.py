"""Shared reads: progress and queue queries (aggregates, never counters kept by signals)."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q

# Statuses, spelled out here so that this module does not import models (circular).
_DONE = ("reviewed", "approved", "disputed", "dismissed")


class ArticleQuerySet(models.QuerySet):
    def with_progress(self) -> ArticleQuerySet:
        """Annotate claim counts per status (one aggregate query, no N+1)."""
        return self.annotate(
            claim_count=Count("claims", distinct=True),
            unreviewed_count=Count("claims", filter=Q(claims__status="unreviewed"), distinct=True),
            in_review_count=Count("claims", filter=Q(claims__status="in_review"), distinct=True),
            reviewed_count=Count("claims", filter=Q(claims__status="reviewed"), distinct=True),
            approved_count=Count("claims", filter=Q(claims__status="approved"), distinct=True),
            disputed_count=Count("claims", filter=Q(claims__status="disputed"), distinct=True),
            dismissed_count=Count("claims", filter=Q(claims__status="dismissed"), distinct=True),
            done_count=Count("claims", filter=Q(claims__status__in=_DONE), distinct=True),
        )

    def search(self, term: str) -> ArticleQuerySet:
        term = term.strip()
        if not term:
            return self
        return self.filter(Q(title__icontains=term) | Q(text__icontains=term) | Q(publisher__icontains=term))
