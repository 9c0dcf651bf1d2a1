"""The account page (what a user sets up for themselves) and its API tokens page: list, create
(the token is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import policy, services
from .api.tokens import token_create, token_revoke
from .models import ApiToken


@require_GET
def index(request):
    """Your account: password, API tokens, jobs, and (editors) webhooks; the menu links here."""
    return render(
        request,
        "account/index.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).count(),
            "manages_webhooks": bool(policy.may_manage_webhooks(request.user)),
        },
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “newsroom CMS sync”."))
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: the token stops working at the start of this day."),
    )  # fmt: skip

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return day


@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["expires_on"]
        expires = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) if day else None
        try:
            created = token_create(user=request.user, name=form.cleaned_data["name"], actor=request.user, expires_at=expires)
        except services.ServiceError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            form = TokenForm()
    status = 201 if created else (422 if form.is_bound and form.errors else 200)
    listed = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id")
    context = {"form": form, "created": created, "tokens": listed, "now": timezone.now()}
    response = render(request, "account/tokens.html", context, status=status)
    if created:
        response["Cache-Control"] = "no-store"  # the page shows the token once: keep it out of caches
    return response


@require_POST
def token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    if not policy.may_manage_token(request.user, token):
        return render(request, "account/tokens.html", {"form": TokenForm(), "tokens": [], "error": _("This token belongs to someone else.")}, status=403)
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” (%(prefix)s…) revoked: it no longer works.") % {"name": token.name, "prefix": token.prefix})
    return redirect("account:tokens")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation or a password reset: once the password is chosen the member is
    logged in and lands on the article list, welcomed (not on "Password set. Log in", to type it
    again). The backend is named: there are two (the log-in throttle and the model backend)."""

    post_reset_login = True
    post_reset_login_backend = "factcheck.auth.ModelBackend1Query"
    success_url = reverse_lazy("articles:list")

    def form_valid(self, form):
        invited = not self.user.has_usable_password()  # an invitation: no password until now
        response = super().form_valid(form)
        if invited:
            text = _("Welcome, %(name)s: your password is set and you are logged in.")
        else:
            text = _("Your new password is set and you are logged in, %(name)s.")
        # safe HTML: the name isolated (<bdi>), in case it is written right to left
        name = format_html("<bdi>{}</bdi>", self.user.get_username())
        messages.success(self.request, mark_safe(escape(str(text)) % {"name": name}))
        return response
