"""Comments on claims (issue 15): add, edit and delete one's own, with ``@mentions``.

Each write is one transaction; the people a comment mentions are notified in it
(``articles.notifications``), their emails sent after it commits. Comments are plain text,
escaped wherever they are shown.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import notifications, policy
from .models import Claim
from .policy import require
from .services import ServiceError
from .team_models import Comment

MAX_LENGTH = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("write something first"), field="body")
    if len(body) > MAX_LENGTH:
        raise ServiceError(
            _("a comment is at most %(limit)s characters (this one has %(length)s)")
            % {
                "limit": number_format(MAX_LENGTH, force_grouping=True),
                "length": number_format(len(body), force_grouping=True),
            },
            field="body",
        )
    return body


@transaction.atomic
def comment_add(*, claim: Claim, author: Any, body: str) -> Comment:
    require(policy.may_comment(author))
    comment = Comment.objects.create(claim=claim, author=author, body=_clean_body(body))
    notifications.notify_mentions(claim=claim, by=author, text=comment.body)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, actor: Any, body: str) -> Comment:
    comment = Comment.objects.select_for_update().select_related("claim").get(pk=comment.pk)
    require(policy.may_change_comment(actor, comment))
    body = _clean_body(body)
    if body == comment.body:
        return comment
    before, comment.body, comment.edited = comment.body, body, True
    comment.save(update_fields=["body", "edited", "updated_at"])
    notifications.notify_mentions(claim=comment.claim, by=actor, text=body, before=before)  # new mentions only
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: Any) -> None:
    require(policy.may_change_comment(actor, comment))
    Comment.objects.filter(pk=comment.pk).delete()
