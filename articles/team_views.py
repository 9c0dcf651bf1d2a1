"""The team's screens (issue 15, /team/): members, the rating scale, deleting a wrong import,
comments on a claim (HTMX partials), notifications, the reviewers' dashboard. Thin views: a
form parses, a service of ``articles.team`` / ``comments`` / ``notifications`` writes, the
policy decides (a refusal is a 403 with its reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import comments, dashboard, notifications, policy, team, team_selectors
from .models import Article, Claim, Job, Rating
from .policy import require
from .services import ServiceError
from .team_forms import ActiveForm, CommentForm, DeleteForm, InviteForm, MoveForm, RatingForm, RoleForm
from .team_models import Comment


def _site(request) -> team.Site:
    return team.Site(domain=request.get_host(), use_https=request.is_secure())


def _form_error(form, err: ServiceError) -> None:
    form.add_error(err.field if err.field in form.fields else None, err.message)


# ----------------------------------------------------------------------------- members


@require_http_methods(["GET", "POST"])
def members(request):
    require(policy.may_manage_members(request.user))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = team.member_invite(actor=request.user, site=_site(request), **form.cleaned_data)
        except ServiceError as err:
            _form_error(form, err)
        else:
            messages.success(request, _("%(name)s is invited: a link to choose a password was sent to %(email)s.") % {"name": member.username, "email": member.email})
            return redirect("team:members")
    status = 422 if form.is_bound and form.errors else 200
    context = {"rows": team_selectors.members(request.user), "form": form}
    return render(request, "team/members.html", context, status=status)


@require_GET
def member_detail(request, pk: int):
    require(policy.may_manage_members(request.user))
    member = get_object_or_404(get_user_model().objects.prefetch_related("groups"), pk=pk)
    lock = policy.may_change_member(request.user, member, active=False)  # deactivating / demoting
    context = {
        "member": member, "role": policy.role_of(member), "can_change": bool(policy.may_change_member(request.user, member)),
        "can_lock": bool(lock), "lock_refused": lock.reason,
        "role_form": RoleForm(initial={"role": policy.role_of(member)}), "history": team_selectors.member_history(member),
    }  # fmt: skip
    return render(request, "team/member_detail.html", context)


def _member_change(request, pk: int, action):
    require(policy.may_manage_members(request.user))
    member = get_object_or_404(get_user_model(), pk=pk)
    try:
        text = action(member)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, text)
    return redirect("team:member", pk=member.pk)


@require_POST
def member_role(request, pk: int):
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick one of the roles."))
        return redirect("team:member", pk=pk)
    role = form.cleaned_data["role"]

    def act(member):
        team.member_set_role(actor=request.user, member=member, role=role)
        return _("%(name)s is now: %(role)s.") % {"name": member.username, "role": str(dict(policy.ROLES)[role]).lower()}

    return _member_change(request, pk, act)


@require_POST
def member_active(request, pk: int):
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the account is active."))
        return redirect("team:member", pk=pk)
    active = form.cleaned_data["active"]

    def act(member):
        team.member_set_active(actor=request.user, member=member, active=active)
        return (_("%(name)s is reactivated.") if active else _("%(name)s is deactivated: they can no longer sign in.")) % {"name": member.username}

    return _member_change(request, pk, act)


@require_POST
def member_reset(request, pk: int):
    def act(member):
        team.member_send_reset(actor=request.user, member=member, site=_site(request))
        return _("A link to choose a new password was sent to %(email)s.") % {"email": member.email}

    return _member_change(request, pk, act)


# ----------------------------------------------------------------------------- the rating scale


@require_http_methods(["GET", "POST"])
def ratings(request):
    require(policy.may_edit_ratings(request.user))
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rating = team.rating_save(actor=request.user, **form.cleaned_data)
        except ServiceError as err:
            _form_error(form, err)
        else:
            messages.success(request, _("“%(label)s” is added at the end of the scale.") % {"label": rating.label})
            return redirect("team:ratings")
    status = 422 if form.is_bound and form.errors else 200
    context = {"rows": team_selectors.rating_rows(), "form": form, "history": team_selectors.rating_history()}
    return render(request, "team/ratings.html", context, status=status)


@require_http_methods(["GET", "POST"])
def rating_edit(request, pk: int):
    require(policy.may_edit_ratings(request.user))
    rating = get_object_or_404(Rating, pk=pk)
    initial = {f: getattr(rating, f) for f in ("label", "slug", "description", "score", "color")}
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team.rating_save(actor=request.user, rating=rating, **form.cleaned_data)
        except ServiceError as err:
            _form_error(form, err)
        else:
            messages.success(request, _("The rating is saved."))
            return redirect("team:ratings")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "team/rating_form.html", {"form": form, "rating": rating}, status=status)


def _rating_action(request, pk: int, action, done: str):
    require(policy.may_edit_ratings(request.user))
    rating = get_object_or_404(Rating, pk=pk)
    try:
        action(rating)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, done.format(label=rating.label))
    return redirect("team:ratings")


@require_POST
def rating_move(request, pk: int):
    form = MoveForm(request.POST)
    by = form.cleaned_data["by"] if form.is_valid() else 0
    return _rating_action(request, pk, lambda r: team.rating_move(actor=request.user, rating=r, by=by), _("“{label}” moved."))


@require_POST
def rating_retire(request, pk: int):
    return _rating_action(
        request, pk, lambda r: team.rating_set_active(actor=request.user, rating=r, active=False),
        _("“{label}” is retired: no new verdict can use it; verdicts that carry it keep it."),
    )  # fmt: skip


@require_POST
def rating_restore(request, pk: int):
    return _rating_action(request, pk, lambda r: team.rating_set_active(actor=request.user, rating=r, active=True), _("“{label}” is back in use."))


@require_POST
def rating_delete(request, pk: int):
    return _rating_action(request, pk, lambda r: team.rating_delete(actor=request.user, rating=r), _("“{label}” is removed."))


# ----------------------------------------------------------------------------- deleting a wrong import


def _delete_page(request, *, ids: list[int], what: str, back: str):
    preview = team.deletion_preview(ids)
    decision = policy.may_delete_article(request.user, approved_claims=preview.approved)
    if not policy.may_delete_article(request.user, approved_claims=0):
        require(decision)  # not an editor: 403
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and decision and form.is_valid():
        try:
            done = team.articles_delete(actor=request.user, articles=[Article(pk=i) for i in ids], note=form.cleaned_data["note"])
        except ServiceError as err:
            _form_error(form, err)
        else:
            messages.success(
                request,
                ngettext(
                    "Deleted %(articles)s article, %(claims)s claims, %(verdicts)s verdicts and %(sources)s sources "
                    "(History keeps a record).",
                    "Deleted %(articles)s articles, %(claims)s claims, %(verdicts)s verdicts and %(sources)s sources "
                    "(History keeps a record).",
                    done.articles,
                )
                % {"articles": done.articles, "claims": done.claims, "verdicts": done.verdicts, "sources": done.sources},
            )
            return redirect("articles:list")
    status = 422 if form.is_bound and (form.errors or not decision) else 200
    context = {"preview": preview, "decision": decision, "form": form, "what": what, "back": back}
    return render(request, "team/delete_confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
def article_delete(request, pk: int):
    article = get_object_or_404(Article.objects.only("pk", "title"), pk=pk)
    return _delete_page(request, ids=[article.pk], what=_("the article “%(title)s”") % {"title": article.title}, back=reverse("articles:detail", args=[pk]))


@require_http_methods(["GET", "POST"])
def job_articles_delete(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    require(policy.may_see_job(request.user, job))
    ids = team_selectors.job_article_ids(job)
    if not ids and request.method == "GET":
        messages.info(request, _("This job has no imported article left to delete."))
        return redirect("jobs:detail", pk=job.pk)
    return _delete_page(request, ids=ids, what=_("the articles imported by %(job)s") % {"job": job}, back=reverse("jobs:detail", args=[pk]))


# ----------------------------------------------------------------------------- comments (HTMX partials)


def _comments_response(request, claim, *, form=None, status=200, editing=None):
    if not request.htmx:
        if status >= 400 and form is not None:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(reverse("team:comments", args=[claim.pk]))
    context = team_selectors.comments_context(claim, request.user, form=form, editing=editing)
    return render(request, "articles/_comments.html", context, status=status)


@require_GET
def claim_comments(request, pk: int):
    require(policy.may_see_matches(request.user))  # whoever reviews sees a claim's comments
    claim = get_object_or_404(Claim.objects.select_related("article").only("pk", "text", "position", "article__title"), pk=pk)
    context = team_selectors.comments_context(claim, request.user)
    # htmx: the partial (the claim panel loads it); otherwise a page of its own (links, no JavaScript)
    return render(request, "articles/_comments.html" if request.htmx else "team/claim_comments.html", context)


@require_POST
def comment_add(request, pk: int):
    claim = get_object_or_404(Claim.objects.only("pk", "text", "article_id"), pk=pk)
    require(policy.may_comment(request.user))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.comment_add(claim=claim, author=request.user, body=form.cleaned_data["body"])
        except ServiceError as err:
            _form_error(form, err)
        else:
            return _comments_response(request, claim)
    return _comments_response(request, claim, form=form, status=422)


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("claim"), pk=pk)
    require(policy.may_change_comment(request.user, comment))
    if request.method == "GET":
        return _comments_response(request, comment.claim, editing=comment.pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.comment_edit(comment=comment, actor=request.user, body=form.cleaned_data["body"])
        except ServiceError as err:
            _form_error(form, err)
        else:
            return _comments_response(request, comment.claim)
    return _comments_response(request, comment.claim, form=form, status=422, editing=comment.pk)


@require_POST
def comment_delete(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("claim"), pk=pk)
    comments.comment_delete(comment=comment, actor=request.user)
    return _comments_response(request, comment.claim)


# ----------------------------------------------------------------------------- notifications


@require_GET
def notification_list(request):
    rows = team_selectors.notification_page(request.user)
    return render(request, "team/notifications.html", {"rows": rows, "unread": sum(1 for n in rows if n.read_at is None)})


@require_GET
def notification_bell(request):
    count = notifications.unread_count(request.user)
    return render(request, "articles/_notifications.html", {"unread_count": count, "loaded": True})


@require_POST
def notification_read(request):
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses (it was a 500); a
    # bad id is ignored, and ids that were all bad mark nothing (not everything)
    posted = request.POST.getlist("ids")
    ids = [int(i) for i in posted if i.isascii() and i.isdecimal() and len(i) <= 18]
    notifications.mark_read(user=request.user, ids=ids if posted else None)
    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(nxt)  # this site only: not "//evil.example", nor "/\\evil.example" (browsers read it as //)
    return redirect("team:notifications")


# ----------------------------------------------------------------------------- the dashboard


@require_GET
def dashboard_view(request, pk: int | None = None):
    if pk is None:
        subject = None if policy.is_editor(request.user) else request.user
    else:
        subject = get_object_or_404(get_user_model(), pk=pk)
    require(policy.may_see_dashboard(request.user, subject))
    data = dashboard.build(subject=subject)
    reviewers = list(policy.assignable_users()) if policy.is_editor(request.user) else []
    return render(request, "team/dashboard.html", {"d": data, "reviewers": reviewers})
