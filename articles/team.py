"""The team's services (issue 15): members, the rating scale, deleting a wrong import.

Same conventions as ``services.py``: keyword-only arguments, one transaction each, the
policy decides (``require``), a ``ServiceError`` a person can act on, a History row for every
change, side effects (emails, cache) after commit. History rows of members use
``entity="user"`` (object_id: the user's id), of the scale ``entity="rating"``; a deleted
article leaves a tombstone (``entity="article"``, ``action="delete"``, object_id: its id) that
outlives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import matching, policy, selectors
from .models import Article, Claim, History, Rating, Source, Verdict
from .policy import ROLE_GROUPS, require
from .services import ServiceError, _history, _validation_message
from .team_models import Comment

A = History.Action
USER, RATING, ARTICLE = "user", "rating", History.Entity.ARTICLE.value


def _user_event(member: Any, action: str, actor: Any, changes: dict, note: str = "") -> History:
    return _history(entity=USER, object_id=member.pk, action=action, actor=actor, changes=changes, note=note)


# ----------------------------------------------------------------------------- members


@dataclass(frozen=True, slots=True)
class Site:
    """Where the set-password link points (the request's host and scheme)."""

    domain: str
    use_https: bool = True


def _send_password_link(member: Any, site: Site, *, invite: bool) -> None:
    """Django's password-reset link (token, uid, the ``password_reset_confirm`` view), mailed
    through the configured backend after the transaction commits."""
    context = {
        "user": member,
        "email": member.email,
        "domain": site.domain,
        "site_name": site.domain,
        "protocol": "https" if site.use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(member.pk)),
        "token": default_token_generator.make_token(member),
        "invite": invite,
    }
    if invite:
        subject = _("You are invited to the fact-check workbench")
        body = render_to_string("team/invite_email.txt", context)
    else:
        subject = render_to_string("registration/password_reset_subject.txt", context).strip()
        body = render_to_string("registration/password_reset_email.html", context)
    address = member.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


def _set_groups(member: Any, role: str) -> None:
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUPS.values())}
    missing = set(ROLE_GROUPS.values()) - set(groups)
    if missing:
        raise ServiceError(
            _("the group %(groups)s is missing (migration 0002 creates it)") % {"groups": ", ".join(sorted(missing))}
        )
    member.groups.remove(*groups.values())
    if role in ROLE_GROUPS:
        member.groups.add(groups[ROLE_GROUPS[role]])


@transaction.atomic
def member_invite(*, actor: Any, username: str, email: str, role: str, site: Site, first_name: str = "", last_name: str = "") -> Any:
    """A new member with ``role`` and no password yet: they get an email with a link to choose one."""
    require(policy.may_manage_members(actor))
    if role not in ROLE_GROUPS and role != "none":
        raise ServiceError(_("unknown role “%(role)s”") % {"role": role}, field="role")
    User = get_user_model()
    username, email = (username or "").strip(), (email or "").strip()
    if not email:
        raise ServiceError(
            _("an invitation needs an email address (the link to set a password goes there)"), field="email"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("the username “%(username)s” is taken") % {"username": username}, field="username")
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(_("a member with the address %(email)s exists already") % {"email": email}, field="email")
    member = User(username=username, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    member.set_unusable_password()
    try:
        member.full_clean(exclude=["password"])
    except ValidationError as err:
        field = next(iter(getattr(err, "message_dict", {}) or {}), None)
        raise ServiceError(_validation_message(err), field=field) from err
    member.save()
    _set_groups(member, role)
    changes = {"username": [None, username], "email": [None, email], "role": [None, role], "is_active": [None, True]}
    _user_event(member, A.CREATE, actor, changes, note="invited; set-password link sent").save()
    _send_password_link(member, site, invite=True)
    return member


def _locked(member: Any) -> Any:
    return get_user_model().objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def member_set_active(*, actor: Any, member: Any, active: bool) -> Any:
    """Deactivate (they can no longer sign in; their verdicts and History stay) or reactivate."""
    member = _locked(member)
    require(policy.may_change_member(actor, member, active=active))
    if member.is_active == active:
        return member
    member.is_active = active
    member.save(update_fields=["is_active"])
    note = "reactivated" if active else "deactivated"
    _user_event(member, A.UPDATE, actor, {"is_active": [not active, active]}, note=note).save()
    return member


@transaction.atomic
def member_set_role(*, actor: Any, member: Any, role: str) -> Any:
    member = _locked(member)
    require(policy.may_change_member(actor, member, role=role))
    before = policy.role_of(member)
    if before == role:
        return member
    _set_groups(member, role)
    _user_event(member, A.UPDATE, actor, {"role": [before, role]}).save()
    return member


@transaction.atomic
def member_send_reset(*, actor: Any, member: Any, site: Site) -> Any:
    """Email ``member`` a link to choose a new password (their current one keeps working until then)."""
    member = _locked(member)
    require(policy.may_change_member(actor, member))
    if not member.is_active:
        raise ServiceError(
            _("%(username)s is deactivated: reactivate the account first") % {"username": member.get_username()}
        )
    if not member.email:
        raise ServiceError(
            _("%(username)s has no email address to send the link to") % {"username": member.get_username()}
        )
    _user_event(member, A.UPDATE, actor, {}, note="set-password link sent").save()
    _send_password_link(member, site, invite=False)
    return member


# ----------------------------------------------------------------------------- the rating scale

_RATING_FIELDS = ("slug", "label", "description", "score", "color")


def _rating_event(rating: Rating, action: str, actor: Any, changes: dict, note: str = "") -> History:
    return _history(entity=RATING, object_id=rating.pk, action=action, actor=actor, changes=changes, note=note)


def _forget_scale() -> None:
    transaction.on_commit(selectors.forget_ratings)


@transaction.atomic
def rating_save(*, actor: Any, rating: Rating | None = None, label: str, slug: str = "", description: str = "",
                score: int | None = None, color: str = "#888888") -> Rating:  # fmt: skip
    """Add a rating (``rating`` None: at the end of the scale) or rename / redescribe one."""
    require(policy.may_edit_ratings(actor))
    label = (label or "").strip()
    if not label:
        raise ServiceError(_("a rating needs a label"), field="label")
    slug = (slug or "").strip() or slugify(label)
    values = {"slug": slug, "label": label, "description": (description or "").strip(), "score": score, "color": color}
    if rating is None or rating.pk is None:
        position = (Rating.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        rating = Rating(position=position, is_active=True, **values)
        changes = {f: [None, v] for f, v in values.items() if v not in ("", None)}
        action = A.CREATE
    else:
        rating = Rating.objects.select_for_update().get(pk=rating.pk)
        changes = {}
        for f, v in values.items():
            if getattr(rating, f) != v:
                changes[f] = [getattr(rating, f), v]
                setattr(rating, f, v)
        if not changes:
            return rating
        action = A.UPDATE
    try:
        rating.full_clean()
    except ValidationError as err:
        field = next(iter(getattr(err, "message_dict", {}) or {}), None)
        raise ServiceError(_validation_message(err), field=field) from err
    rating.save()
    _rating_event(rating, action, actor, changes).save()
    _forget_scale()
    return rating


@transaction.atomic
def ratings_reorder(*, actor: Any, order: Sequence[int]) -> int:
    """Put the scale in ``order`` (rating ids, each once, all of them); returns how many moved."""
    require(policy.may_edit_ratings(actor))
    ratings = {r.pk: r for r in Rating.objects.select_for_update()}
    order = [int(i) for i in order]
    if sorted(order) != sorted(ratings):
        raise ServiceError(_("the order must list every rating once (the scale changed meanwhile? reload)"))
    moved = []
    for position, pk in enumerate(order, start=1):
        r = ratings[pk]
        if r.position != position:
            moved.append(_rating_event(r, A.UPDATE, actor, {"position": [r.position, position]}))
            r.position = position
    Rating.objects.bulk_update(list(ratings.values()), ["position"])
    History.objects.bulk_create(moved)
    _forget_scale()
    return len(moved)


def rating_move(*, actor: Any, rating: Rating, by: int) -> int:
    """Move ``rating`` ``by`` places (-1: up, 1: down) on the scale."""
    order = list(Rating.objects.order_by("position", "id").values_list("pk", flat=True))
    i = order.index(rating.pk)
    j = max(0, min(len(order) - 1, i + by))
    order.insert(j, order.pop(i))
    return ratings_reorder(actor=actor, order=order)


@transaction.atomic
def rating_set_active(*, actor: Any, rating: Rating, active: bool) -> Rating:
    """Retire a rating (no new verdicts with it; verdicts that carry it keep it) or bring it back."""
    require(policy.may_edit_ratings(actor))
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    if rating.is_active == active:
        return rating
    if not active and not Rating.objects.filter(is_active=True).exclude(pk=rating.pk).exists():
        raise ServiceError(_("this is the last rating in use: add another before retiring it"))
    rating.is_active = active
    rating.save(update_fields=["is_active"])
    _rating_event(rating, A.UPDATE, actor, {"is_active": [not active, active]}, note="restored" if active else "retired").save()
    _forget_scale()
    return rating


@transaction.atomic
def rating_delete(*, actor: Any, rating: Rating) -> None:
    """Remove a rating nobody used; one with verdicts is retired instead (refused here)."""
    require(policy.may_edit_ratings(actor))
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    used = Verdict.objects.filter(rating=rating).count()
    if used:
        raise ServiceError(
            ngettext(
                "“%(label)s” is the rating of %(count)d verdict: retire it instead",
                "“%(label)s” is the rating of %(count)d verdicts: retire it instead",
                used,
            )
            % {"label": rating.label, "count": used}
        )
    if rating.is_active and not Rating.objects.filter(is_active=True).exclude(pk=rating.pk).exists():
        raise ServiceError(_("this is the last rating in use: add another before removing it"))
    changes = {f: [getattr(rating, f), None] for f in ("slug", "label")}
    event = _rating_event(rating, A.DELETE, actor, changes)
    rating.delete()
    event.save()
    _forget_scale()


# ----------------------------------------------------------------------------- deleting a wrong import


@dataclass(frozen=True, slots=True)
class DeletionPreview:
    """What deleting these articles takes with it (the confirmation page says it)."""

    articles: int
    claims: int
    verdicts: int
    sources: int
    comments: int
    approved: int  # approved claims: deletion is refused while there are any


def deletion_preview(article_ids: Sequence[int]) -> DeletionPreview:
    ids = list(article_ids)
    claims = Claim.objects.filter(article_id__in=ids)
    by_status = claims.aggregate(n=Count("pk"))
    return DeletionPreview(
        articles=Article.objects.filter(pk__in=ids).count(),
        claims=by_status["n"],
        verdicts=Verdict.objects.filter(claim__article_id__in=ids).count(),
        sources=Source.objects.filter(verdict__claim__article_id__in=ids).count(),
        comments=Comment.objects.filter(claim__article_id__in=ids).count(),
        approved=claims.filter(status=Claim.Status.APPROVED).count(),
    )


@transaction.atomic
def articles_delete(*, actor: Any, articles: Sequence[Article], note: str = "") -> DeletionPreview:
    """Delete articles with their claims, verdicts, sources and comments; each leaves a
    tombstone in History. Refused (nothing deleted) while any of their claims is approved."""
    ids = sorted({a.pk for a in articles})
    locked = list(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk").defer("text"))
    if len(locked) != len(ids):
        raise ServiceError(_("an article was deleted meanwhile; reload"))
    approved = Claim.objects.filter(article_id__in=ids, status=Claim.Status.APPROVED).count()
    require(policy.may_delete_article(actor, approved_claims=approved))
    tombstones = []
    for article in locked:
        p = deletion_preview([article.pk])
        changes = {
            "title": [article.title, None], "url": [article.url, None], "publisher": [article.publisher, None],
            "claims": [p.claims, 0], "verdicts": [p.verdicts, 0], "sources": [p.sources, 0], "comments": [p.comments, 0],
        }  # fmt: skip
        tombstones.append(_history(entity=ARTICLE, object_id=article.pk, action=A.DELETE, actor=actor,
                                   changes=changes, note=note.strip() or "deleted (wrong import)"))  # fmt: skip
    total = deletion_preview(ids)
    # the matcher's index: drop the documents of the claims that had verdicts (their term
    # counts with them) before the claims go
    rated = list(Verdict.objects.filter(claim__article_id__in=ids).values_list("claim_id", flat=True).distinct())
    Verdict.objects.filter(claim__article_id__in=ids).delete()  # sources go with them
    if rated:
        matching.index_targets(claim_ids=rated)
    Article.objects.filter(pk__in=ids).delete()
    History.objects.bulk_create(tombstones)
    return total
