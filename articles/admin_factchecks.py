"""Admin of published fact-checks (registered on import from articles.admin): list, search,
filters by origin, publisher and date. Editors (policy.may_import_factchecks) change imported
records; ours (origin "approval") come from approved verdicts and are read-only here: returning the
claim withdraws them. The matcher is told of every change (factchecks._targets_changed)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from . import factchecks, policy
from .models import FactCheck
from .text import factcheck_readers as readers


def _editor(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and policy.may_import_factchecks(user))


class FactCheckAdminForm(forms.ModelForm):
    class Meta:
        model = FactCheck
        fields = (
            "claim_reviewed", "url", "headline", "rating_text", "rating_value", "rating_best", "rating_worst",
            "publisher_name", "publisher_site", "date_published", "claimant", "appearance_url", "language", "import_batch",
        )  # fmt: skip

    def _checked_url(self, name: str, *, required: bool) -> str:
        try:
            return readers._url(self.cleaned_data.get(name) or "", name, required=required)
        except readers.BadRecord as err:
            raise forms.ValidationError(str(err)) from None

    def clean_url(self):
        return self._checked_url("url", required=True)

    def clean_appearance_url(self):
        return self._checked_url("appearance_url", required=False)


class PublisherFilter(admin.SimpleListFilter):
    """The 30 publishers with the most fact-checks (a feed may name thousands)."""

    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        from django.db.models import Count

        rows = (
            FactCheck.objects.exclude(publisher_name="").values("publisher_name")
            .annotate(n=Count("id")).order_by("-n")[:30]
        )  # fmt: skip
        return [(r["publisher_name"], f"{r['publisher_name']} ({r['n']})") for r in rows]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(publisher_name=self.value())
        return queryset


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    form = FactCheckAdminForm
    list_display = ("short_claim", "rating_text", "publisher_name", "date_published", "origin", "link")
    list_filter = ("origin", PublisherFilter, ("date_published", admin.DateFieldListFilter), "language")
    search_fields = ("claim_reviewed", "headline", "url", "publisher_name", "publisher_site", "claimant")
    readonly_fields = ("origin", "claim_link", "created_at", "updated_at")
    date_hierarchy = None
    show_full_result_count = False  # millions of rows: no second COUNT(*)
    list_per_page = 50
    ordering = ("-date_published", "-id")

    @admin.display(description="claim reviewed", ordering="claim_reviewed")
    def short_claim(self, obj: FactCheck) -> str:
        text = obj.claim_reviewed
        return text if len(text) <= 120 else text[:119] + "…"

    @admin.display(description="fact-check")
    def link(self, obj: FactCheck):
        if obj.url.startswith(("http://", "https://")):
            return format_html('<a href="{}" rel="noopener noreferrer">open</a>', obj.url)
        return format_html('<a href="{}">open</a>', obj.url)

    @admin.display(description="our claim")
    def claim_link(self, obj: FactCheck):
        if not obj.claim_id:
            return "—"
        return format_html('<a href="{}">claim #{}</a>', reverse("admin:articles_claim_change", args=[obj.claim_id]), obj.claim_id)

    def get_fields(self, request, obj=None):
        return (*FactCheckAdminForm.Meta.fields, *self.readonly_fields)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return bool(user.is_active and user.is_staff and (policy.is_reviewer(user) or user.is_superuser))

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return _editor(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.origin == FactCheck.Origin.APPROVAL:
            return False  # ours follow the approval (return the claim to withdraw it)
        return _editor(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = FactCheck.Origin.IMPORT
            obj.import_batch = obj.import_batch or "admin"
        super().save_model(request, obj, form, change)
        factchecks._targets_changed([obj.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        factchecks._targets_changed([pk])

    def delete_queryset(self, request, queryset):
        queryset = queryset.exclude(origin=FactCheck.Origin.APPROVAL)
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        factchecks._targets_changed(ids)
