"""Admin of API tokens (registered on import from articles.admin): the hash is never shown;
revoke action; an admin may create a token for a user and sees it once (a message)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from . import policy
from .api.tokens import token_create, token_revoke
from .models import ApiToken


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    actions = ["revoke"]
    exclude = ["token_hash"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = token_create(user=obj.user, name=obj.name, actor=request.user, expires_at=obj.expires_at)
        obj.pk = created.token.pk
        obj.prefix, obj.token_hash, obj.created_at = created.token.prefix, created.token.token_hash, created.token.created_at
        obj._state.adding = False
        self.message_user(
            request, f"Token for {obj.user}: {created.secret} — copy it now, it will not be shown again.", messages.WARNING
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        n, refused = 0, []
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                token_revoke(token=token, actor=request.user)
                n += 1
            except policy.Denied as err:
                refused.append(f"{token}: {err.message}")
        self.message_user(request, f"{n} token{'s' if n != 1 else ''} revoked.")
        for line in refused:
            self.message_user(request, line, messages.ERROR)
