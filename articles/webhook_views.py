"""Webhook endpoints for editors (/webhooks/): list, register (the secret is shown once),
recent deliveries, remove, send a test event. The writes are articles.webhooks' services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import policy, webhooks
from .models import Webhook, WebhookDelivery
from .services import ServiceError

RECENT = 50  # deliveries listed on a webhook's page (the admin has them all)


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Endpoint URL"),
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://cms.example.com/hooks/factcheck"}),
        help_text=_("An http(s) URL on a public address; events are POSTed to it as signed JSON."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every event."),
    )


def _require(request) -> None:
    policy.require(policy.may_manage_webhooks(request.user))


@require_GET
def webhook_list(request):
    _require(request)
    listed = Webhook.objects.select_related("created_by").annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)),
        pending=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)),
    )
    return render(request, "webhooks/webhook_list.html", {"webhooks": listed, "event_names": dict(Webhook.Event.choices)})


@require_http_methods(["GET", "POST"])
def webhook_add(request):
    _require(request)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = webhooks.webhook_create(actor=request.user, **form.cleaned_data)
        except ServiceError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            response = render(request, "webhooks/webhook_created.html", {"webhook": webhook, "secret": secret}, status=201)
            response["Cache-Control"] = "no-store"  # the secret is shown once: keep it out of caches
            return response
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "webhooks/webhook_form.html", {"form": form}, status=status)


@require_GET
def webhook_detail(request, pk: int):
    _require(request)
    webhook = get_object_or_404(Webhook.objects.select_related("created_by"), pk=pk)
    deliveries = list(webhook.deliveries.order_by("-created_at", "-id")[:RECENT])
    context = {"webhook": webhook, "deliveries": deliveries, "recent": RECENT, "event_names": dict(Webhook.Event.choices)}
    return render(request, "webhooks/webhook_detail.html", context)


@require_POST
def webhook_delete(request, pk: int):
    _require(request)
    webhook = get_object_or_404(Webhook, pk=pk)
    webhooks.webhook_delete(webhook=webhook, actor=request.user)
    messages.success(request, _("Webhook %(url)s removed: it receives no more events.") % {"url": webhook.url})
    return redirect("webhooks:list")


@require_POST
def webhook_test(request, pk: int):
    _require(request)
    webhook = get_object_or_404(Webhook, pk=pk)
    webhooks.webhook_ping(webhook=webhook, actor=request.user)
    messages.success(request, _("A test event (“ping”) is on its way: its delivery appears below."))
    return redirect("webhooks:detail", pk=webhook.pk)
