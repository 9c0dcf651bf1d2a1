"""Admin of matching (registered on import from articles.admin).

- **Matching settings**: the one row of thresholds (``MatchSettings``, pk 1); administrators
  only (``policy.may_tune_matching``); the list opens the row itself; ``clean()`` keeps
  "possibly related" at or below "likely".
- **Claim matches**: every suggestion, read-only (reviewers decide in the claim panel), by tier
  and status.
- **Decisions per threshold** (``admin:articles_matchsettings_decisions``): confirmed and rejected
  suggestions per 0.05-wide score band, with the current thresholds marked and, for each band,
  how many of the decisions at or above it were "same claim" — where "likely" should start.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, FloatField, IntegerField, Q
from django.db.models.functions import Cast, Floor, Least
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import policy
from .models import ClaimMatch, MatchSettings

BAND = 0.05
BANDS = round(1 / BAND)  # 20 bands: [0, 0.05) ... [0.95, 1.0]


def _admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and policy.may_tune_matching(user))


class MatchSettingsForm(forms.ModelForm):
    class Meta:
        model = MatchSettings
        fields = ("likely_threshold", "related_threshold", "min_words_likely", "top_k")

    def clean_top_k(self):
        top_k = self.cleaned_data["top_k"]
        if not 1 <= top_k <= 50:
            raise forms.ValidationError("keep between 1 and 50 suggestions per claim")
        return top_k


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    confirmed: int
    rejected: int
    suggested: int
    above_confirmed: int  # decisions at or above this band's start
    above_decided: int
    marks: tuple[str, ...]  # "likely", "related": a threshold falls in this band

    @property
    def decided(self) -> int:
        return self.confirmed + self.rejected

    @property
    def share(self) -> float | None:
        """Share of "same claim" among this band's decisions."""
        return self.confirmed / self.decided if self.decided else None

    @property
    def above_share(self) -> float | None:
        """Share of "same claim" among the decisions at or above this band: the precision of
        "likely" if it started here."""
        return self.above_confirmed / self.above_decided if self.above_decided else None


def decision_bands(settings: MatchSettings | None = None) -> list[Band]:
    """Counts per 0.05 score band (highest first) and status: one query."""
    settings = settings or MatchSettings.current()
    band = Least(Cast(Floor(Cast("score", FloatField()) * BANDS), IntegerField()), BANDS - 1)
    rows = (
        ClaimMatch.objects.order_by()
        .annotate(band=band)
        .values("band")
        .annotate(
            confirmed=Count("id", filter=Q(status=ClaimMatch.Status.CONFIRMED)),
            rejected=Count("id", filter=Q(status=ClaimMatch.Status.REJECTED)),
            suggested=Count("id", filter=Q(status=ClaimMatch.Status.SUGGESTED)),
        )
    )
    by_band = {max(0, int(r["band"])): r for r in rows}
    out, above_c, above_d = [], 0, 0
    for i in reversed(range(BANDS)):
        r = by_band.get(i, {"confirmed": 0, "rejected": 0, "suggested": 0})
        above_c += r["confirmed"]
        above_d += r["confirmed"] + r["rejected"]
        low, high = round(i * BAND, 2), round((i + 1) * BAND, 2)
        marks = tuple(
            name
            for name, value in (("likely", settings.likely_threshold), ("related", settings.related_threshold))
            if low <= value < high or (i == BANDS - 1 and value >= high)
        )
        out.append(Band(low, high, r["confirmed"], r["rejected"], r["suggested"], above_c, above_d, marks))
    return out


@admin.register(MatchSettings)
class MatchSettingsAdmin(admin.ModelAdmin):
    form = MatchSettingsForm
    fields = ("likely_threshold", "related_threshold", "min_words_likely", "top_k", "updated_at", "decisions_link")
    readonly_fields = ("updated_at", "decisions_link")

    def has_module_permission(self, request):
        return _admin(request)

    def has_view_permission(self, request, obj=None):
        return _admin(request)

    def has_change_permission(self, request, obj=None):
        return _admin(request)

    def has_add_permission(self, request):
        return _admin(request) and not MatchSettings.objects.filter(pk=1).exists()

    def has_delete_permission(self, request, obj=None):
        return False  # the defaults come back by changing the values, not by deleting the row

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # one row
        super().save_model(request, obj, form, change)

    @admin.display(description="decisions per threshold")
    def decisions_link(self, obj=None):
        return format_html('<a href="{}">Confirmed and rejected suggestions per score band</a>', reverse("admin:articles_matchsettings_decisions"))

    def changelist_view(self, request, extra_context=None):
        """The list of one row is the row: its change form (the add form before it exists)."""
        if not _admin(request):
            raise PermissionDenied
        if MatchSettings.objects.filter(pk=1).exists():
            return redirect("admin:articles_matchsettings_change", 1)
        return redirect("admin:articles_matchsettings_add")

    def get_urls(self):
        own = [path("decisions/", self.admin_site.admin_view(self.decisions_view), name="articles_matchsettings_decisions")]
        return own + super().get_urls()

    def decisions_view(self, request):
        if not _admin(request):
            raise PermissionDenied
        current = MatchSettings.current()
        bands = decision_bands(current)
        context = {
            **self.admin_site.each_context(request),
            "title": "Matching: decisions per threshold",
            "opts": self.model._meta,
            "settings": current,
            "bands": bands,
            "totals": {
                "confirmed": sum(b.confirmed for b in bands),
                "rejected": sum(b.rejected for b in bands),
                "suggested": sum(b.suggested for b in bands),
            },
        }
        return TemplateResponse(request, "admin/articles/match_decisions.html", context)


@admin.register(ClaimMatch)
class ClaimMatchAdmin(admin.ModelAdmin):
    """Read-only: reviewers confirm and reject in the claim panel (History records who)."""

    list_display = ("claim_link", "target", "score", "tier", "status", "decided_by", "decided_at")
    list_filter = ("tier", "status")
    list_select_related = ("factcheck", "decided_by")
    show_full_result_count = False
    list_per_page = 50
    ordering = ("-id",)
    fields = ("claim", "factcheck", "other_claim", "score", "tier", "lexical", "semantic", "shared", "status", "decided_by", "decided_at", "created_at")
    readonly_fields = fields

    @admin.display(description="claim", ordering="claim_id")
    def claim_link(self, obj: ClaimMatch):
        url = reverse("articles:detail", args=[obj.article_id]) + f"?claim={obj.claim_id}"
        return format_html('<a href="{}">claim #{}</a>', url, obj.claim_id)

    @admin.display(description="checked before by")
    def target(self, obj: ClaimMatch):
        if obj.factcheck_id:
            fc = obj.factcheck
            label = f"{fc.publisher_name or fc.publisher_site or 'fact-check'}: {(fc.headline or fc.claim_reviewed)[:80]}"
            if fc.url.startswith(("http://", "https://")):
                return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', fc.url, label)
            return label
        return f"claim #{obj.other_claim_id} of the archive"

    def has_view_permission(self, request, obj=None):
        user = request.user
        return bool(user.is_active and user.is_staff and (policy.may_see_matches(user) or user.is_superuser))

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
