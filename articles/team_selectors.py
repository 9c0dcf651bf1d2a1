"""Reads for the team's screens (issue 15), returning typed data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count

from . import policy
from .models import Article, History, JobItem, Rating
from .team_models import Comment


@dataclass(frozen=True, slots=True)
class MemberRow:
    user: Any
    role: str
    can_change: bool


def members(viewer: Any) -> list[MemberRow]:
    User = get_user_model()
    users = User.objects.order_by("-is_active", "username").prefetch_related("groups")
    return [MemberRow(u, policy.role_of(u), bool(policy.may_change_member(viewer, u))) for u in users]


def member_history(member: Any, limit: int = 30) -> list[History]:
    return list(History.objects.filter(entity="user", object_id=member.pk).select_related("actor")[:limit])


@dataclass(frozen=True, slots=True)
class RatingRow:
    rating: Rating
    verdicts: int


def rating_rows() -> list[RatingRow]:
    ratings = Rating.objects.order_by("position", "id").annotate(n=Count("verdicts"))
    return [RatingRow(r, r.n) for r in ratings]


def rating_history(limit: int = 30) -> list[History]:
    return list(History.objects.filter(entity="rating").select_related("actor")[:limit])


def job_article_ids(job: Any) -> list[int]:
    """The articles a job imported (those still present): not those it found already present
    (their items name the article too), which were there before the job."""
    ids = JobItem.objects.filter(job=job, status=JobItem.Status.IMPORTED, article__isnull=False).values_list(
        "article_id", flat=True
    )
    return sorted(set(Article.objects.filter(pk__in=list(ids)).values_list("pk", flat=True)))


@dataclass(frozen=True, slots=True)
class CommentRow:
    comment: Comment
    mine: bool


def comments_context(claim: Any, user: Any, *, form: Any = None, editing: int | None = None) -> dict:
    """What ``templates/articles/_comments.html`` needs (``claim``, its comments, the form, the
    usernames offered by the mention picker)."""
    from .team_forms import CommentForm

    comments = Comment.objects.filter(claim_id=claim.pk).select_related("author")
    rows = [CommentRow(c, bool(policy.may_change_comment(user, c))) for c in comments]
    names = list(policy.assignable_users().values_list("username", flat=True)[:500])
    return {
        "claim": claim,
        "comments": rows,
        "comment_form": form or CommentForm(),
        "mention_names": names,
        "may_comment": bool(policy.may_comment(user)),
        "editing": editing,
    }


def notification_page(user: Any, limit: int = 100) -> list:
    from .notifications import for_user

    return list(for_user(user)[:limit])
