"""The Django admin for every model. Writes to claims, verdicts and sources go through the
services (so they are validated and land in History); offsets are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from . import exports, services
from .models import Article, Claim, History, Rating, Source, Verdict
from .queries import forget_ratings

# ----------------------------------------------------------------------------- helpers


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, fn, *args, **kwargs):
    """Run a service; turn a refusal into an admin error message instead of a 500."""
    try:
        return fn(*args, **kwargs)
    except services.ServiceError as err:
        modeladmin.message_user(request, err.message, messages.ERROR)
        return None


class ExportAction:
    """Admin action "Export verdicts of the selected rows as CSV": the same streamed export as
    the web's "Export CSV" (one row per verdict), for editors (``export_verdicts``)."""

    export_filter: str  # the exports.Filters field the selection fills

    @admin.action(description="Export verdicts of the selected %(verbose_name_plural)s as CSV", permissions=["export"])
    def export_csv(self, request, queryset: QuerySet):
        selected = queryset.order_by().values("pk")  # a subquery: "select all" of many rows stays one query
        name = f"verdicts-{self.model._meta.model_name}s"
        return exports.csv_response(exports.Filters(**{self.export_filter: selected}), name=name)

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("articles.export_verdicts")


def progress_bar(done: int, total: int) -> str:
    pct = round(100 * done / total) if total else 0
    return format_html('<progress max="100" value="{}" title="{} of {}"></progress> {}%', pct, done, total, pct)


# ----------------------------------------------------------------------------- ratings


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "position", "score", "color", "is_active", "verdict_count"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["label"]}
    search_fields = ["label", "slug", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_verdicts=Count("verdicts"))

    @admin.display(description="verdicts", ordering="_verdicts")
    def verdict_count(self, obj: Rating) -> int:
        return obj._verdicts

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_ratings()  # the review UI caches the scale (other processes: within 30 s)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_ratings()


# ----------------------------------------------------------------------------- articles


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["position", "kind", "text", "start", "end", "checkworthiness", "speaker", "status", "assignee"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee")


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "review status"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("todo", "Not started"),
            ("progress", "In progress"),
            ("disputed", "Has disputed claims"),
            ("done", "All claims reviewed"),
            ("approved", "All claims approved or dismissed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "todo":
            return queryset.filter(done_count=0, in_review_count=0)
        if value == "progress":
            return queryset.filter(Q(done_count__gt=0) | Q(in_review_count__gt=0)).exclude(
                done_count=F("claim_count")
            )
        if value == "disputed":
            return queryset.filter(disputed_count__gt=0)
        if value == "done":
            return queryset.filter(claim_count__gt=0, done_count=F("claim_count"))
        if value == "approved":
            return queryset.filter(
                claim_count__gt=0, claim_count=F("approved_count") + F("dismissed_count")
            )
        return queryset


class HistoryInline(admin.TabularInline):
    model = History
    fk_name = "claim"
    fields = ["created_at", "actor", "entity", "action", "changes", "note"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "history of changes"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Article)
class ArticleAdmin(ExportAction, admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "claims_column", "progress_column", "created_at"]
    list_filter = [ReviewStatusFilter, "publisher", "published_on", "created_at"]
    search_fields = ["title", "text", "publisher", "url", "byline"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "text", "created_by", "created_at", "updated_at", "review_links"]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "byline", "url", "published_on", "dateline", "language"]}),
        ("Text", {"fields": ["summary", "text", "review_links"]}),
        ("Record", {"fields": ["content_hash", "created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [ClaimInline]
    actions = ["resplit_action", "export_csv"]
    export_filter = "articles"
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def has_add_permission(self, request):
        # articles come in through the import pipeline (form or command), never half-built here
        return False

    @admin.display(description="claims", ordering="claim_count")
    def claims_column(self, obj: Article) -> int:
        return obj.claim_count

    @admin.display(description="review progress", ordering="done_count")
    def progress_column(self, obj: Article) -> str:
        return format_html(
            "{} <small>{} reviewed · {} approved · {} disputed · {} dismissed</small>",
            progress_bar(obj.done_count, obj.claim_count),
            obj.reviewed_count,
            obj.approved_count,
            obj.disputed_count,
            obj.dismissed_count,
        )

    @admin.display(description="open")
    def review_links(self, obj: Article) -> str:
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">Claims of this article</a>', reverse("articles:detail", args=[obj.pk]))

    @admin.action(description="Re-split selected articles into claims (keeps reviewed claims)", permissions=["change"])
    def resplit_action(self, request, queryset: QuerySet[Article]):
        for article in queryset:
            result = _report(self, request, services.article_resplit, article=article, actor=request.user)
            if result is not None:
                self.message_user(
                    request,
                    f"“{article.title[:60]}”: kept {result.kept}, added {result.added}, removed {result.removed} claims.",
                )


# ----------------------------------------------------------------------------- claims


class ClaimActionForm(helpers.ActionForm):
    reason = forms.ChoiceField(
        required=False,
        choices=[("", "Reason (for dismiss)…"), *services.DISMISS_REASONS.items()],
        label="Reason",
    )
    note = forms.CharField(required=False, label="or your own reason / note", max_length=300)


@admin.register(Claim)
class ClaimAdmin(ExportAction, admin.ModelAdmin):
    list_display = [
        "short_text",
        "article_link",
        "position",
        "kind",
        "status",
        "checkworthiness",
        "speaker",
        "assignee",
        "ratings",
    ]
    list_filter = [
        "status",
        "kind",
        ("verdicts__rating", admin.RelatedOnlyFieldListFilter),
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "article__publisher",
        "article__published_on",
    ]
    search_fields = ["text", "speaker", "article__title"]
    list_select_related = ["article", "assignee"]
    ordering = ["-article__published_on", "article_id", "position"]
    fields = [
        "article",
        "position",
        "kind",
        "text",
        "start",
        "end",
        "speaker",
        "assignee",
        "status",
        "dismissed_reason",
        "checkworthiness",
        "cues",
        "fingerprint",
        "duplicate_of",
        "version",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [f for f in fields if f not in ("speaker", "assignee")]
    inlines = [HistoryInline]
    action_form = ClaimActionForm
    actions = ["assign_to_me", "unassign", "dismiss", "reopen", "return_for_review", "export_csv"]
    export_filter = "claims"
    list_per_page = 100

    def get_queryset(self, request):
        # a subquery, not annotate(Count(...)): a GROUP BY would break the verdict/rating filters
        count = (
            Verdict.objects.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(n=Count("id")).values("n")
        )
        return super().get_queryset(request).annotate(_ratings=Coalesce(Subquery(count), 0))

    def has_add_permission(self, request):
        return False  # claims come from splitting an article

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            from django.contrib.auth import get_user_model

            user_model = get_user_model()
            kwargs["queryset"] = user_model.objects.filter(
                Q(groups__permissions__codename="add_verdict") | Q(is_superuser=True), is_active=True
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj: Claim) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[obj.article_id]), obj.article.title[:50]
        )

    @admin.display(description="verdicts", ordering="_ratings")
    def ratings(self, obj: Claim) -> int:
        return obj._ratings

    def save_model(self, request, obj: Claim, form, change):
        fields = {name: form.cleaned_data[name] for name in ("speaker", "assignee") if name in form.changed_data}
        if fields:
            try:
                services.claim_update(claim=obj, actor=request.user, version=obj.version, **fields)
            except services.ServiceError as err:
                self.message_user(request, err.message, messages.ERROR)

    @admin.action(description="Assign selected claims to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        n = _report(self, request, services.claims_assign, claims=list(queryset), assignee=request.user, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) assigned to you.")

    @admin.action(description="Unassign selected claims", permissions=["change"])
    def unassign(self, request, queryset):
        n = _report(self, request, services.claims_assign, claims=list(queryset), assignee=None, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) unassigned.")

    @admin.action(description="Dismiss selected claims (choose a reason)", permissions=["change"])
    def dismiss(self, request, queryset):
        reason = request.POST.get("reason", "") or request.POST.get("note", "").strip()
        note = request.POST.get("note", "").strip() if request.POST.get("reason") else ""
        n = _report(self, request, services.claim_dismiss, claims=list(queryset), reason=reason, note=note, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) dismissed.")

    @admin.action(description="Reopen selected dismissed claims", permissions=["change"])
    def reopen(self, request, queryset):
        count = 0
        for claim in queryset.filter(status=Claim.Status.DISMISSED):
            if _report(self, request, services.claim_reopen, claim=claim, actor=request.user) is not None:
                count += 1
        self.message_user(request, f"{count} claim(s) reopened.")


    @admin.action(description="Return selected claims for another review (write the note)", permissions=["approve"])
    def return_for_review(self, request, queryset):
        note = request.POST.get("note", "").strip()
        count = 0
        for claim in queryset:
            if _report(self, request, services.verdict_return, claim=claim, editor=request.user, note=note) is not None:
                count += 1
        self.message_user(request, f"{count} claim(s) returned for review.")

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("articles.approve_verdict")


# ----------------------------------------------------------------------------- verdicts


class VerdictAdminForm(forms.ModelForm):
    """Refuse in the form what verdict_save would refuse, so the admin shows an error, not a 500."""

    class Meta:
        model = Verdict
        fields = ["claim", "reviewer", "rating", "rationale"]

    def clean(self):
        data = super().clean()
        claim = data.get("claim") or getattr(self.instance, "claim", None)
        reviewer = data.get("reviewer") or getattr(self.instance, "reviewer", None)
        rating = data.get("rating")
        if claim is not None and claim.status in (Claim.Status.APPROVED, Claim.Status.DISMISSED):
            what = "return it for review" if claim.status == Claim.Status.APPROVED else "reopen it"
            raise forms.ValidationError(f"This claim is {claim.get_status_display().lower()}: {what} first.")
        if reviewer is not None and not (reviewer.is_active and reviewer.has_perm("articles.add_verdict")):
            self.add_error("reviewer", f"{reviewer} cannot review claims (not in the Reviewers or Editors group).")
        if rating is not None and not rating.is_active:
            self.add_error("rating", f"The rating “{rating.label}” is no longer in use.")
        if self.instance.pk is None and claim is not None and reviewer is not None:
            if Verdict.objects.filter(claim=claim, reviewer=reviewer).exists():
                raise forms.ValidationError(f"{reviewer} already has a verdict on this claim: edit that one.")
        return data


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    fields = [("url", "archive_url"), ("title", "publisher"), ("published_on", "accessed_on"), "quote", "position"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "rating", "approved", "updated_at"]
    list_filter = ["rating", ("reviewer", admin.RelatedOnlyFieldListFilter), ("approved_at", admin.EmptyFieldListFilter)]
    search_fields = ["claim__text", "rationale", "reviewer__username", "sources__url"]
    list_select_related = ["claim", "reviewer", "rating"]
    raw_id_fields = ["claim"]
    readonly_fields = ["version", "approved_by", "approved_at", "created_at", "updated_at"]
    fields = ["claim", "reviewer", "rating", "rationale", *readonly_fields]
    inlines = [SourceInline]
    actions = ["approve"]
    form = VerdictAdminForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["claim", "reviewer", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(boolean=True, ordering="approved_at")
    def approved(self, obj: Verdict) -> bool:
        return obj.approved_at is not None

    def save_model(self, request, obj: Verdict, form, change):
        try:
            saved = services.verdict_save(
                claim=obj.claim,
                reviewer=obj.reviewer,
                rating=obj.rating,
                rationale=obj.rationale,
                # the admin form carries no version (read-only); the review UI does the stale checks
                version=None,
                actor=request.user,
            )
        except services.ServiceError as err:
            # checked by VerdictAdminForm.clean; only a concurrent change gets here
            raise PermissionDenied(err.message) from err
        obj.pk = saved.pk
        obj.version = saved.version

    def save_formset(self, request, form, formset, change):
        """Sources go through source_save / source_delete (validation and history)."""
        verdict = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for source_form in formset.forms:
            source = source_form.instance
            if formset.can_delete and formset._should_delete_form(source_form):
                if source.pk:
                    services.source_delete(source=source, actor=request.user)
                    formset.deleted_objects.append(source)
                continue
            if not source_form.has_changed():
                continue
            is_new = source.pk is None
            source.verdict = verdict
            services.source_save(source=source, actor=request.user)
            if is_new:
                formset.new_objects.append(source)
            else:
                formset.changed_objects.append((source, source_form.changed_data))

    def delete_model(self, request, obj):
        services.verdict_delete(verdict=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for verdict in queryset.select_related("rating", "reviewer"):
            services.verdict_delete(verdict=verdict, actor=request.user)

    @admin.action(description="Approve selected verdicts (editor decision)")
    def approve(self, request, queryset):
        count = 0
        for verdict in queryset:
            if _report(self, request, services.verdict_approve, verdict=verdict, editor=request.user) is not None:
                count += 1
        self.message_user(request, f"{count} verdict(s) approved.")

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("articles.approve_verdict")


VerdictAdmin.approve.allowed_permissions = ("approve",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "title", "publisher", "verdict"]
    search_fields = ["url", "title", "publisher", "quote"]
    list_select_related = ["verdict", "verdict__rating", "verdict__reviewer"]
    raw_id_fields = ["verdict"]

    def save_model(self, request, obj, form, change):
        services.source_save(source=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.source_delete(source=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for source in queryset:
            services.source_delete(source=source, actor=request.user)


# ----------------------------------------------------------------------------- history


@admin.register(History)
class HistoryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "entity", "object_id", "action", "article", "claim", "note"]
    list_filter = ["entity", "action", ("actor", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["note", "claim__text", "article__title"]
    list_select_related = ["actor", "article", "claim"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "Fact-check workbench"
admin.site.site_title = "Fact-check workbench admin"
