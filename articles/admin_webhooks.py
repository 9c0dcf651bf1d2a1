"""Admin of webhooks (registered on import from articles.admin): endpoints (the secret is never
shown; it is shown once, when an endpoint is added) and the delivery log (read-only, with a
"retry now" action). Who may manage them: policy.may_manage_webhooks (editors), as on /webhooks/."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import policy, webhooks
from .models import Webhook, WebhookDelivery
from .services import ServiceError


def _may(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and policy.may_manage_webhooks(user))


class WebhookAdminForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text="None chosen: every event."
    )

    class Meta:
        model = Webhook
        fields = ("url", "description", "events", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            return webhooks._check_url(url)
        except ServiceError as err:
            raise forms.ValidationError(err.message) from None


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookAdminForm
    list_display = ("url", "description", "events_shown", "is_active", "created_by", "created_at", "deliveries_link")
    list_filter = ("is_active",)
    list_select_related = ("created_by",)
    search_fields = ("url", "description")
    readonly_fields = ("created_by", "created_at", "deliveries_link")
    fields = ("url", "description", "events", "is_active", "created_by", "created_at", "deliveries_link")

    def has_module_permission(self, request):
        return _may(request)

    def has_view_permission(self, request, obj=None):
        return _may(request)

    def has_add_permission(self, request):
        return _may(request)

    def has_change_permission(self, request, obj=None):
        return _may(request)

    def has_delete_permission(self, request, obj=None):
        return _may(request)

    @admin.display(description="events")
    def events_shown(self, webhook: Webhook) -> str:
        return ", ".join(webhook.events) or "all"

    @admin.display(description="deliveries")
    def deliveries_link(self, webhook: Webhook) -> str:
        if not webhook.pk:
            return "—"
        url = reverse("admin:articles_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html('<a href="{}">delivery log</a>', url)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created, secret = webhooks.webhook_create(
            url=obj.url, actor=request.user, events=obj.events or (), description=obj.description
        )
        if not obj.is_active:
            webhooks.webhook_update(webhook=created, actor=request.user, is_active=False)
        obj.pk, obj.secret, obj.created_by, obj.created_at = created.pk, created.secret, created.created_by, created.created_at
        obj._state.adding = False
        self.message_user(
            request,
            format_html("Signing secret of {} — copy it now, it will not be shown again: <code>{}</code>", obj.url, secret),
            messages.WARNING,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "webhook", "status", "attempts", "last_status_code", "next_attempt_at", "delivered_at")
    list_filter = ("status", "event")
    list_select_related = ("webhook",)
    search_fields = ("event_id", "webhook__url")
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = (
        "webhook", "event", "event_id", "status", "attempts", "next_attempt_at", "last_status_code", "last_error",
        "created_at", "delivered_at", "attempt_log", "payload_shown",
    )  # fmt: skip
    readonly_fields = fields

    def has_module_permission(self, request):
        return _may(request)

    def has_view_permission(self, request, obj=None):
        return _may(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)

    def has_retry_permission(self, request):
        return _may(request)

    @admin.display(description="log")
    def attempt_log(self, delivery: WebhookDelivery) -> str:
        if not delivery.log:
            return "not tried yet"
        rows = format_html_join(
            "",
            "<li>#{} {}: {} {} ({} ms)</li>",
            (
                (a.get("attempt"), a.get("at"), f"HTTP {a['status']}" if a.get("status") else "", a.get("error", ""), a.get("ms"))
                for a in delivery.log
            ),
        )
        return format_html("<ol>{}</ol>", rows)

    @admin.display(description="payload")
    def payload_shown(self, delivery: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2, ensure_ascii=False, sort_keys=True))

    @admin.action(description="Retry now", permissions=["retry"])
    def retry_now(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                webhooks.delivery_retry(delivery=delivery, actor=request.user)
            except (ServiceError, policy.Denied) as err:
                self.message_user(request, f"{delivery}: {err.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, f"{done} deliver{'y' if done == 1 else 'ies'} queued to be tried again now.")
