"""The Django admin for every model. Writes to claims, verdicts and sources go through the
services (so they are validated and land in History); offsets are read-only."""

from __future__ import annotations

from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext

from . import exports, policy, services
from .models import (
    SQLITE_HISTORY_FTS,
    SQLITE_SOURCE_FTS,
    Article,
    Claim,
    History,
    Rating,
    Source,
    Verdict,
    sqlite_fts_ready,
    sqlite_fts_rows,
)
from .selectors import forget_ratings

# ----------------------------------------------------------------------------- helpers


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, fn, *args, **kwargs):
    """Run a service; turn a refusal into an admin error message instead of a 500."""
    try:
        return fn(*args, **kwargs)
    except (services.ServiceError, policy.Denied) as err:
        modeladmin.message_user(request, err.message, messages.ERROR)
        return None


class OpenedVersionForm(forms.ModelForm):
    """A change form that remembers the version it was opened with and refuses a stale save
    (someone saved the object after this form was opened): no silent overwrite."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    version_of = "instance"  # the object whose version guards this form (a source: its verdict)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guarded = self._guarded()
        if guarded is not None:
            self.fields["opened_version"].initial = guarded.version

    def _guarded(self):
        if self.instance.pk is None:
            return None
        return self.instance if self.version_of == "instance" else getattr(self.instance, self.version_of, None)

    def clean(self):
        data = super().clean()
        guarded = self._guarded()
        opened = data.get("opened_version")
        if guarded is not None:
            if opened is None:
                raise forms.ValidationError("This form carries no version: reload the page and make your change again.")
            current = type(guarded).objects.filter(pk=guarded.pk).values_list("version", flat=True).first()
            if current != opened:
                raise forms.ValidationError(
                    f"Someone saved this {guarded._meta.verbose_name} after you opened this form "
                    f"(version {current}, yours {opened}). Nothing was saved: reload the page to see their "
                    "change, then make yours again."
                )
        return data


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
        return policy.can_export(request.user)


def progress_bar(done: int, total: int) -> str:
    pct = round(100 * done / total) if total else 0
    return format_html('<progress max="100" value="{}" title="{} of {}"></progress> {}%', pct, done, total, pct)


# ----------------------------------------------------------------------------- archive scale
#
# At archive scale (100,000 articles, 3 million claims, millions of History rows) every
# changelist reads a fixed number of index-served queries: no exact count of a big table, no
# filter choices computed over a big table, no date hierarchy (MIN/MAX and DISTINCT year over
# the whole list), and searches that an index serves on PostgreSQL (SQLite keeps Django's
# plain icontains search: it is the small embedded default).

COUNT_CAP = 10_000  # rows a changelist counts exactly; past that it says "more than 10,000"
# the lists the policy filters row by row (blind review: a few index probes per row) count less
POLICY_COUNT_CAP = 1_000
SEARCH_CAP = 300  # rows an admin search counts (a claim search finds: ClaimAdmin.get_search_results)
SEARCH_ARTICLES = 5_000  # ... in the newest this many of the articles the full-text search finds
MIN_WORD = 3  # shortest search word a trigram index can serve (PostgreSQL)
SQLITE_MATCH_IDS = 2_000  # ScaleAdmin._sqlite_matches


def is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class CappedCountPaginator(Paginator):
    """A paginator that never counts a big table.

    Unfiltered on PostgreSQL: the planner's estimate (``pg_class.reltuples``, kept by
    autovacuum/ANALYZE), shown as "about N", when it is over the cap. Otherwise (a filter, a
    search, a policy restriction, SQLite, or a small table): ``SELECT count(*) FROM (... LIMIT
    cap + 1)``, exact up to the cap and "more than 10,000" past it. Either way only the first
    ``cap`` rows are paged (deeper OFFSETs grow with the archive): narrow with a filter or a
    search to go further."""

    count_kind = "exact"  # or "estimate" or "capped"

    def __init__(self, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().count
        if is_postgresql(qs) and not qs.query.where:
            with connections[qs.db].cursor() as cursor:
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [qs.model._meta.db_table])
                estimate = cursor.fetchone()[0]
            if estimate > self.cap:
                self.count_kind = "estimate"
                return int(estimate)
        n = qs.order_by().values("pk")[: self.cap + 1].count()
        if n > self.cap:
            self.count_kind = "capped"
        return n

    def page(self, number):
        """SQLite: the page's ids first, in the list's order, then those rows with their
        annotations (a claim's verdict count, say): SQLite works out every annotation of every
        row it sorts (3,900 disputed claims: 74 ms), PostgreSQL only those of the rows it keeps."""
        qs = self.object_list
        if not isinstance(qs, QuerySet) or is_postgresql(qs) or not qs.query.annotations:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(qs.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    @cached_property
    def num_pages(self) -> int:
        if self.count_kind == "exact" and self.count <= self.cap:
            return super().num_pages
        pages = -(-self.cap // self.per_page)
        return pages if self.count else 1

    @property
    def count_text(self) -> str:
        """What the changelist says about its size (the admin templates show this)."""
        n = self.count
        if self.count_kind == "estimate":
            return f"about {n:,}"
        if self.count_kind == "capped":
            return f"more than {self.cap:,}"
        return str(n)

    @property
    def is_exact(self) -> bool:
        return self.count_kind == "exact"


def search_words(search_term: str) -> list[str]:
    """The admin's own split of a search term (quoted phrases stay whole)."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit)
    return words


def _change_url_prefix(viewname: str, current_app: str | None = None) -> tuple[str, str]:
    """``reverse(viewname, args=[pk])`` as a prefix and a suffix around the pk, worked out once
    per script prefix and URLconf (a changelist reversed its rows' links one by one: ~200
    reverse() calls a page)."""
    key = (viewname, current_app, get_script_prefix(), get_urlconf())
    found = _URL_PARTS.get(key)
    if found is None:
        url = reverse(viewname, args=[_PK_MARK], current_app=current_app)
        head, _, tail = url.partition(_PK_MARK)
        found = _URL_PARTS[key] = (head, tail)
    return found


_PK_MARK = "0pk0"
_URL_PARTS: dict[tuple, tuple[str, str]] = {}


def change_url(viewname: str, pk, current_app: str | None = None) -> str:
    head, tail = _change_url_prefix(viewname, current_app)
    # the admin's quote, then the percent-encoding reverse() gives every argument
    return f"{head}{url_quote(str(quote(pk)), safe=RFC3986_SUBDELIMS + '/~:@')}{tail}"


class ScaleChangeList(ChangeList):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each row's link keeps the list's filters and search. Django adds them row by row
        # (admin_list's add_preserved_filters resolves every row's URL: ~0.2 ms a row, 100 rows on
        # a searched or filtered page); every row's link is a change URL of this model, so the
        # query it gets is the same for all of them: worked out once, in url_for_result.
        self._row_filters, self.preserved_filters = self.preserved_filters, ""

    @cached_property
    def _row_query(self) -> str:
        if not self._row_filters:
            return ""
        sample = self._change_url(0)
        return urlsplit(add_preserved_filters({"preserved_filters": self._row_filters, "opts": self.opts}, sample)).query

    def _change_url(self, pk) -> str:
        return change_url(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", pk, self.model_admin.admin_site.name
        )

    def url_for_result(self, result):
        url = self._change_url(getattr(result, self.pk_attname))
        return f"{url}?{self._row_query}" if self._row_query else url


class ScaleAdmin(admin.ModelAdmin):
    """A changelist of a big table: estimated or capped count, no full count, no facets."""

    def get_changelist(self, request, **kwargs):
        return ScaleChangeList

    def action_checkbox(self, obj):
        """Django's own checkbox, written directly: Django renders a CheckboxInput widget through
        the template engine for every row (~0.2 ms a row, a fifth of a 100-row page's Python).
        The same HTML (tests/test_admin_scale.py compares them)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    paginator = CappedCountPaginator
    count_cap = COUNT_CAP
    show_full_result_count = False  # the "N total" next to a search counts the whole table
    show_facets = admin.ShowFacets.NEVER  # facet counts are a COUNT per choice over the table
    # The columns of this table a search reads: on PostgreSQL a trigram index of migration 0005
    # serves each (UPPER(col) gin_trgm_ops, matching Django's icontains); SQLite reads them with
    # LIKE, the same words and the same matches, on this table alone (Django's search over the
    # joined big tables read every row: 1-2 s at 10,000 articles). Conditions on other tables
    # come from search_related as this table's own columns. None: Django's own search, for the
    # small tables.
    trigram_search_fields: list[str] | None = None
    # SQLite: the full-text index (FTS5, trigram) of the trigram_search_fields' columns, when there is one
    sqlite_fts: str | None = None

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        cap = self.count_cap
        if request.GET.get("q", "").strip():
            # a search's count stops at SEARCH_CAP, as the claim search's does ("more than 300"):
            # counting a common word's matches through the policy's joins cost more than the page
            cap = min(cap, SEARCH_CAP)
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, cap=cap)

    def search_related(self, request, word: str) -> Q:
        """Conditions for ``word`` on other tables, as a Q of this table's own columns (an
        indexed ``fk IN (small list)``), so that PostgreSQL can OR it with the trigram scans."""
        return Q()

    def _sqlite_matches(self, queryset, q: Q) -> Q:
        """SQLite: a search word's rows of this table first, by one scan that tests the word
        alone, then the list's order and the policy's conditions on those rows only (along the
        list's index, the conditions were tested on every row before the word: ~1 s for a rare
        word at 10,000 articles). A word on more than SQLITE_MATCH_IDS rows stays a plain
        condition: the list's walk meets its rows at once."""
        ids = list(
            self.model._default_manager.using(queryset.db).filter(q).order_by().values_list("pk", flat=True)[
                : SQLITE_MATCH_IDS + 1
            ]
        )
        if len(ids) > SQLITE_MATCH_IDS:
            return q
        return Q(pk__in=ids) if ids else Q(pk__lt=0)  # (no match: still a query, as on PostgreSQL)

    def get_search_results(self, request, queryset, search_term):
        if self.trigram_search_fields is None:
            return super().get_search_results(request, queryset, search_term)
        searched = False
        for word in search_words(search_term):
            q = self.search_related(request, word)
            if len(word) >= MIN_WORD and self.trigram_search_fields:  # shorter: no trigram, the index would return every row
                found = Q(*(Q(**{f"{field}__icontains": word}) for field in self.trigram_search_fields), _connector=Q.OR)
                if self.sqlite_fts and not is_postgresql(queryset) and sqlite_fts_ready(queryset.db, self.sqlite_fts):
                    # tested only on the rows SQLite's full-text index of these columns finds
                    found = Q(pk__in=sqlite_fts_rows(word, self.sqlite_fts)) & found
                q |= found
            if q:
                if not is_postgresql(queryset):
                    q = self._sqlite_matches(queryset, q)
                queryset = queryset.filter(q)
                searched = True
        if search_term.strip() and not searched:
            self.message_user(request, f"Search words need at least {MIN_WORD} characters.", messages.WARNING)
            return queryset.none(), False
        return queryset, False


class PublisherFilter(admin.SimpleListFilter):
    """Articles (or claims) by publisher. Its choices are the distinct publishers, read on
    PostgreSQL by a loose index scan of the publisher index (one index probe per publisher,
    recursive CTE) instead of Django's SELECT DISTINCT over every article (or every claim)."""

    title = "publisher"
    parameter_name = "publisher"
    field_path = "publisher"
    max_choices = 500

    def lookups(self, request, model_admin):
        table = Article._meta.db_table
        connection = connections[Article.objects.db]
        if connection.vendor == "postgresql":
            sql = (
                f"WITH RECURSIVE p(publisher, n) AS ("
                f" (SELECT publisher, 1 FROM {table} ORDER BY publisher LIMIT 1)"
                f" UNION ALL SELECT (SELECT a.publisher FROM {table} a WHERE a.publisher > p.publisher"
                f" ORDER BY a.publisher LIMIT 1), n + 1 FROM p WHERE p.publisher IS NOT NULL AND n < %s)"
                f" SELECT publisher FROM p WHERE publisher IS NOT NULL"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.max_choices])
                names = [row[0] for row in cursor.fetchall()]
        else:
            names = list(
                Article.objects.order_by("publisher").values_list("publisher", flat=True).distinct()[: self.max_choices]
            )
        return [(name, name or "(none)") for name in names]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.field_path: self.value()})


class ClaimPublisherFilter(PublisherFilter):
    parameter_name = "article__publisher"
    field_path = "article__publisher"


class AssigneeFilter(admin.RelatedFieldListFilter):
    """Claims by assignee, offering the users a claim may be assigned to (policy), not the
    distinct assignees of every claim."""

    def field_choices(self, field, request, model_admin):
        return [(user.pk, str(user)) for user in policy.assignable_users()]


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
            closed = sum((F(f"{status}_count") for status in sorted(policy.CLOSED)), start=Value(0))
            return queryset.filter(claim_count__gt=0, claim_count=closed)
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
        return policy.visible_history(request.user, super().get_queryset(request)).select_related("actor")


@admin.register(Article)
class ArticleAdmin(ExportAction, ScaleAdmin):
    list_display = ["title", "publisher", "published_on", "claims_column", "progress_column", "created_at"]
    # no date_hierarchy: it runs MIN/MAX and a DISTINCT year over the whole list on every load;
    # the published_on filter (no query) offers the same periods
    list_filter = [ReviewStatusFilter, PublisherFilter, "published_on", "created_at"]
    # SQLite: Django's icontains over these; PostgreSQL: get_search_results (full text)
    search_fields = ["title", "text", "publisher", "url", "byline"]
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
        return policy.articles_with_progress(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        """PostgreSQL: the article search of the web list (words of the title and text, on the
        stored search vector and its GIN index; "quoted phrases", -exclusions); icontains over
        the text of every article would read the whole table. Publisher is a filter."""
        if is_postgresql(queryset):
            return queryset.search(search_term), False
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and sqlite_fts_ready(queryset.db):
            # SQLite: Django's icontains over every article's text, on the rows the full-text
            # index (migration 0020: title, text, publisher, URL, byline) finds for each word
            for bit in smart_split(search_term):
                if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                    bit = unescape_string_literal(bit)
                if len(bit) >= 3:
                    found = found.filter(pk__in=sqlite_fts_rows(bit))
        return found, duplicates

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

    def has_resplit_permission(self, request) -> bool:
        return policy.can_edit_claims(request.user)

    @admin.action(description="Re-split selected articles into claims (keeps reviewed claims)", permissions=["resplit"])
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


class VisibleRatingFilter(admin.SimpleListFilter):
    """Claims by the rating of a verdict the user may see: a plain filter on verdicts__rating
    would reveal ratings of claims still in blind review. Offers the whole scale, not only the
    ratings in use (which would reveal them too)."""

    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(r.slug, r.label) for r in Rating.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # EXISTS per claim, not claim IN (every visible verdict of this rating): the list reads
        # claims in its order and stops at the page (or the capped count), instead of checking
        # the visibility of every verdict of the rating first (a seventh of them all)
        visible = policy.visible_verdicts(request.user).filter(rating__slug=self.value(), claim_id=OuterRef("pk"))
        return queryset.filter(Exists(visible))


class ClaimAdminForm(OpenedVersionForm):
    class Meta:
        model = Claim
        fields = ["speaker", "assignee"]


@admin.register(Claim)
class ClaimAdmin(ExportAction, ScaleAdmin):
    form = ClaimAdminForm
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
    # every filter's choices come from small tables or constants: Rating, the assignable users,
    # the distinct publishers by an index scan (not SELECT DISTINCT over 3 million claims)
    list_filter = [
        "status",
        "kind",
        VisibleRatingFilter,
        ("assignee", AssigneeFilter),
        ClaimPublisherFilter,
        "article__published_on",
    ]
    search_fields = ["text", "speaker", "article__title"]
    list_select_related = ["article", "assignee"]
    # the article list's order (index article_list_order), then the claims of each article in
    # reading order (index of the unique (article, position)): the first page is an index walk
    ordering = ["-article__published_on", "-article_id", "position"]
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
        "opened_version",
    ]
    readonly_fields = [f for f in fields if f not in ("speaker", "assignee", "opened_version")]
    inlines = [HistoryInline]
    action_form = ClaimActionForm
    actions = ["assign_to_me", "unassign", "dismiss", "reopen", "return_for_review", "export_csv"]
    export_filter = "claims"

    def get_queryset(self, request):
        # a subquery, not annotate(Count(...)): a GROUP BY would break the verdict/rating filters
        return super().get_queryset(request).with_verdict_count()

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        if request.GET.get(VisibleRatingFilter.parameter_name):
            paginator.cap = POLICY_COUNT_CAP  # the rating filter checks blind review claim by claim
        if request.GET.get("q", "").strip():
            paginator.cap = SEARCH_CAP  # get_search_results found at most SEARCH_CAP + 1 claims
        return paginator

    def get_search_results(self, request, queryset, search_term):
        """A claim is a substring of its article's text, so the candidates are the claims of the
        articles the article search finds (PostgreSQL: full text, GIN index; SQLite: each word's
        stem as a substring of title or text, which holds every claim holding the word); Django's
        icontains over text, speaker and article title then runs on those only, not on every
        claim. (So on PostgreSQL a search finds words, not fragments of words; a speaker typed by
        hand that the article's text never names is not found, on either database.)

        Those candidates are read in the list's order, a chunk of articles at a time, until
        SEARCH_CAP + 1 claims match: a word found in 2,000 articles holds ~60,000 candidate claims,
        and testing them all (for the count, then again for the page) took ~400 ms at 100,000
        articles. The page and its count ("more than 300 claims") then come from those ids."""
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        if (
            is_postgresql(queryset)
            and not queryset.query.where
            and (found := self._search_in_one_statement(queryset, search_term)) is not None
        ):
            return queryset.filter(pk__in=found), False
        articles = (
            Article.objects.search(search_term).order_by("-published_on", "-id").values_list("pk", flat=True)
        )
        found: list[int] = []
        chunk, start, duplicates = 64, 0, False
        candidates = list(articles[: SEARCH_ARTICLES])  # one read of the full-text index, in order
        while len(found) <= SEARCH_CAP:
            ids = candidates[start : start + chunk]
            if not ids:
                break
            matched, duplicates = super().get_search_results(request, queryset.filter(article_id__in=ids), search_term)
            found += matched.values_list("pk", flat=True)[: SEARCH_CAP + 1 - len(found)]
            start += chunk
            chunk = min(chunk * 2, 1024)  # few matches per article: read more at a time
        return queryset.filter(pk__in=found), duplicates

    def _search_in_one_statement(self, queryset, search_term: str) -> list[int] | None:
        """The same SEARCH_CAP + 1 claims as the chunked reads below, in one statement: the
        newest SEARCH_ARTICLES articles the full-text search finds, in the list's order, each
        joined (LATERAL, by the (article, position) index) to its claims that hold every word in
        their text, speaker or article title, until SEARCH_CAP + 1 are found. PostgreSQL stops
        there: no round trip per chunk, no claim tested twice. For an unfiltered list only (a
        filter's conditions stay with the chunked reads); None when the search has no words."""
        words = search_words(search_term)
        if not words:
            return None
        connection = connections[queryset.db]
        articles = (
            Article.objects.search(search_term)
            .order_by("-published_on", "-id")
            .values("id", "published_on", "title")[:SEARCH_ARTICLES]
        )
        articles_sql, params = articles.query.sql_with_params()
        conditions, like = [], []
        for word in words:
            pattern = f"%{connection.ops.prep_for_like_query(word)}%"
            # what icontains writes on PostgreSQL, for each of search_fields
            conditions.append(
                "(UPPER(c.text::text) LIKE UPPER(%s) OR UPPER(c.speaker::text) LIKE UPPER(%s)"
                " OR UPPER(a.title::text) LIKE UPPER(%s))"
            )
            like += [pattern, pattern, pattern]
        sql = (
            f"SELECT c.id FROM ({articles_sql}) a CROSS JOIN LATERAL (SELECT c.id, c.position"
            f" FROM {Claim._meta.db_table} c WHERE c.article_id = a.id AND {' AND '.join(conditions)}) c"
            f" ORDER BY a.published_on DESC, a.id DESC, c.position LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *like, SEARCH_CAP + 1])
            return [row[0] for row in cursor.fetchall()]

    def has_add_permission(self, request):
        return False  # claims come from splitting an article

    def has_change_permission(self, request, obj=None):
        return policy.can_edit_claims(request.user)

    def has_edit_permission(self, request) -> bool:
        return policy.can_edit_claims(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = policy.assignable_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj: Claim) -> str:
        return format_html(
            '<a href="{}">{}</a>', change_url("admin:articles_article_change", obj.article_id), obj.article.title[:50]
        )

    @admin.display(description="verdicts", ordering="verdict_count")
    def ratings(self, obj: Claim) -> int:
        return obj.verdict_count

    def save_model(self, request, obj: Claim, form, change):
        fields = {name: form.cleaned_data[name] for name in ("speaker", "assignee") if name in form.changed_data}
        if fields:
            version = form.cleaned_data["opened_version"]
            try:
                services.claim_update(claim=obj, actor=request.user, version=version, **fields)
            except (services.ServiceError, policy.Denied) as err:
                # checked by the form; only a change racing this very save gets here
                raise PermissionDenied(err.message) from err

    @admin.action(description="Assign selected claims to me", permissions=["edit"])
    def assign_to_me(self, request, queryset):
        n = _report(self, request, services.claims_assign, claims=list(queryset), assignee=request.user, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) assigned to you.")

    @admin.action(description="Unassign selected claims", permissions=["edit"])
    def unassign(self, request, queryset):
        n = _report(self, request, services.claims_assign, claims=list(queryset), assignee=None, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) unassigned.")

    @admin.action(description="Dismiss selected claims (choose a reason)", permissions=["edit"])
    def dismiss(self, request, queryset):
        reason = request.POST.get("reason", "") or request.POST.get("note", "").strip()
        note = request.POST.get("note", "").strip() if request.POST.get("reason") else ""
        n = _report(self, request, services.claim_dismiss, claims=list(queryset), reason=reason, note=note, actor=request.user)
        if n is not None:
            self.message_user(request, f"{n} claim(s) dismissed.")

    @admin.action(description="Reopen selected dismissed claims", permissions=["edit"])
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
        return policy.is_editor(request.user)


# ----------------------------------------------------------------------------- verdicts


class VerdictAdminForm(OpenedVersionForm):
    """A verdict in the admin is always the user's own: the reviewer is whoever saves it.
    Refuses in the form what verdict_submit would refuse, so the admin shows an error, not a 500."""

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "rationale"]

    user = None  # set by VerdictAdmin.get_form

    def clean(self):
        data = super().clean()
        claim = data.get("claim") or getattr(self.instance, "claim", None)
        rating = data.get("rating")
        if claim is not None:
            decision = policy.may_review(self.user, claim)
            if not decision:
                raise forms.ValidationError(decision.reason[0].upper() + decision.reason[1:] + ".")
        if rating is not None and not rating.is_active:
            self.add_error("rating", f"The rating “{rating.label}” is no longer in use.")
        adding = self.instance.pk is None and claim is not None
        if adding and Verdict.objects.filter(claim=claim, reviewer_id=self.user.pk).exists():
            raise forms.ValidationError("You already have a verdict on this claim: edit that one.")
        return data


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    fields = [("url", "archive_url"), ("title", "publisher"), ("published_on", "accessed_on"), "quote", "position"]

    def _own(self, request, obj) -> bool:
        return obj is None or bool(policy.may_change_verdict(request.user, obj))

    def has_add_permission(self, request, obj=None):
        return policy.is_reviewer(request.user) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return policy.is_reviewer(request.user) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.is_reviewer(request.user) and self._own(request, obj)


@admin.register(Verdict)
class VerdictAdmin(ScaleAdmin):
    """Verdicts as the policy shows them: a user lists the verdicts they may see (blind second
    review holds here too), adds verdicts only in their own name and changes only their own;
    sources change with their verdict, through the same service as the review page."""

    list_display = ["claim", "reviewer", "rating", "approved", "updated_at"]
    # reviewer choices: the users table (small), not SELECT DISTINCT over a million verdicts
    list_filter = ["rating", ("reviewer", admin.RelatedFieldListFilter), ("approved_at", admin.EmptyFieldListFilter)]
    # SQLite: Django's icontains over these. PostgreSQL: rationale (trigram index) or the
    # reviewer's name (the small users table, as reviewer_id IN (...)). The claim text and the
    # sources' URLs are not searched here on PostgreSQL: OR-ed with a condition on another big
    # table, no index serves the search and it reads every verdict (seconds at a million);
    # search claims in the claim list and URLs in the source list (each links its verdict).
    search_fields = ["claim__text", "rationale", "reviewer__username", "sources__url"]
    trigram_search_fields = ["rationale"]
    search_help_text = "Rationale or reviewer (words of 3 characters or more)."
    list_select_related = ["claim", "reviewer", "rating"]
    raw_id_fields = ["claim"]
    readonly_fields = ["reviewer", "version", "approved_by", "approved_at", "created_at", "updated_at"]
    fields = ["claim", "rating", "rationale", "opened_version", *readonly_fields]
    inlines = [SourceInline]
    actions = ["approve"]
    form = VerdictAdminForm

    count_cap = POLICY_COUNT_CAP

    def get_queryset(self, request):
        return policy.visible_verdicts(request.user, super().get_queryset(request))

    def search_related(self, request, word: str) -> Q:
        users = get_user_model().objects.filter(username__icontains=word).values_list("pk", flat=True)
        return Q(reviewer_id__in=list(users[:1000]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["claim", *self.readonly_fields]
        return self.readonly_fields

    def has_add_permission(self, request):
        return policy.is_reviewer(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return policy.is_reviewer(request.user)
        return bool(policy.may_change_verdict(request.user, obj)) and bool(policy.may_review(request.user, obj.claim))

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return policy.is_reviewer(request.user) or request.user.is_superuser
        return bool(policy.may_delete_verdict(request.user, obj))

    @admin.display(boolean=True, ordering="approved_at")
    def approved(self, obj: Verdict) -> bool:
        return obj.approved_at is not None

    def save_model(self, request, obj: Verdict, form, change):
        """Nothing yet: the verdict is saved with its sources, in one service call, by save_related."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        changes: list[services.SourceChange] = []
        new, changed, deleted = [], [], []
        for formset in formsets:
            for source_form in formset.forms:
                source = source_form.instance
                if formset.can_delete and formset._should_delete_form(source_form):
                    if source.pk:
                        changes.append(services.SourceChange(source=source, delete=True))
                        deleted.append(source)
                elif source_form.has_changed():
                    changes.append(services.SourceChange(source=source))
                    (changed if source.pk else new).append((source, source_form.changed_data))
        try:
            saved = services.verdict_submit(
                claim=obj.claim,
                reviewer=request.user,
                rating=obj.rating,
                rationale=obj.rationale,
                version=form.cleaned_data.get("opened_version") if change else None,
                sources=changes,
            )
        except (services.ServiceError, policy.Denied) as err:
            # checked by VerdictAdminForm.clean; only a change racing this very save gets here
            raise PermissionDenied(err.message) from err
        obj.pk = saved.pk
        obj.version = saved.version
        obj.reviewer = saved.reviewer
        for formset in formsets:  # what the admin's change message lists
            formset.new_objects = [source for source, _ in new]
            formset.changed_objects, formset.deleted_objects = changed, deleted

    def get_deleted_objects(self, objs, request):
        """A verdict's sources go with it (verdict_delete): deleting them needs no permission of its own."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed - {Source._meta.verbose_name}, protected

    def delete_model(self, request, obj):
        services.verdict_delete(verdict=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for verdict in queryset.select_related("rating", "reviewer"):
            _report(self, request, services.verdict_delete, verdict=verdict, actor=request.user)

    @admin.action(description="Approve selected verdicts (editor decision)", permissions=["approve"])
    def approve(self, request, queryset):
        count = 0
        for verdict in queryset:
            if _report(self, request, services.verdict_approve, verdict=verdict, editor=request.user) is not None:
                count += 1
        self.message_user(request, f"{count} verdict(s) approved.")

    def has_approve_permission(self, request) -> bool:
        return policy.is_editor(request.user)


class SourceAdminForm(OpenedVersionForm):
    """A source's change form is guarded by its verdict's version (a source change moves it)."""

    version_of = "verdict"

    class Meta:
        model = Source
        fields = ["verdict", "url", "title", "publisher", "published_on", "accessed_on", "quote", "archive_url", "position"]

    user = None

    def clean(self):
        data = super().clean()
        verdict = data.get("verdict") or getattr(self.instance, "verdict", None)
        if verdict is not None:
            decision = policy.may_change_verdict(self.user, verdict)
            if not decision:
                raise forms.ValidationError(decision.reason[0].upper() + decision.reason[1:] + ".")
        return data


# the expression of the source's trigram index (migration 0005): the searched columns, joined
SOURCE_HAYSTACK = "UPPER({t}.url::text || ' ' || {t}.title::text || ' ' || {t}.publisher::text || ' ' || {t}.quote)"


def like_pattern(word: str) -> str:
    escaped = word.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@admin.register(Source)
class SourceAdmin(ScaleAdmin):
    list_display = ["url", "title", "publisher", "verdict"]
    search_fields = ["url", "title", "publisher", "quote"]
    # PostgreSQL: one LIKE on the concatenation of these, which one trigram index serves (an OR
    # of four LIKEs, one index each, was misjudged into a scan of every source)
    trigram_search_fields = []
    list_select_related = ["verdict", "verdict__rating", "verdict__reviewer"]
    raw_id_fields = ["verdict"]
    form = SourceAdminForm

    count_cap = POLICY_COUNT_CAP

    def get_queryset(self, request):
        return super().get_queryset(request).filter(policy.visible_verdict_q(request.user, "verdict__"))

    def search_related(self, request, word: str) -> Q:
        if len(word) < MIN_WORD:
            return Q()
        if connections[Source.objects.db].vendor != "postgresql":  # the same columns, as icontains reads them
            found = Q(*(Q(**{f"{field}__icontains": word}) for field in self.search_fields), _connector=Q.OR)
            if sqlite_fts_ready(Source.objects.db, SQLITE_SOURCE_FTS):
                # tested only on the rows the full-text index (migration 0021) finds for the word
                found = Q(pk__in=sqlite_fts_rows(word, SQLITE_SOURCE_FTS)) & found
            return found
        haystack = SOURCE_HAYSTACK.format(t=Source._meta.db_table)
        return Q(RawSQL(f"{haystack} LIKE %s", [like_pattern(word)], output_field=BooleanField()))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_add_permission(self, request):
        return policy.is_reviewer(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return policy.is_reviewer(request.user)
        return bool(policy.may_change_verdict(request.user, obj.verdict))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        version = form.cleaned_data.get("opened_version") if change else None
        try:
            services.source_save(source=obj, actor=request.user, version=version)
        except (services.ServiceError, policy.Denied) as err:
            raise PermissionDenied(err.message) from err

    def delete_model(self, request, obj):
        services.source_delete(source=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for source in queryset:
            _report(self, request, services.source_delete, source=source, actor=request.user)


# ----------------------------------------------------------------------------- history


@admin.register(History)
class HistoryAdmin(ScaleAdmin):
    list_display = ["created_at", "actor", "entity", "object_id", "action", "article", "claim", "note"]
    # actor choices: the users table (small), not SELECT DISTINCT over millions of rows. No
    # date_hierarchy: its DISTINCT year reads every row; the created_at filter (no query) stays.
    list_filter = ["entity", "action", ("actor", admin.RelatedFieldListFilter), "created_at"]
    # SQLite: Django's icontains over these. PostgreSQL: the note (trigram index of migration
    # 0005), or a number: the id of the claim, article or changed object. The claim text and
    # article title are not searched on PostgreSQL: OR-ed with conditions on other big tables no
    # index serves it (the History search read 5 million rows: 39 s); a claim's History is on
    # its admin page, and the claim list searches claim text.
    search_fields = ["note", "claim__text", "article__title"]
    trigram_search_fields = ["note"]
    sqlite_fts = SQLITE_HISTORY_FTS  # migration 0022
    search_help_text = "Note, or the id of a claim, article or changed object (words of 3 characters or more)."
    list_select_related = ["actor", "article", "claim"]

    count_cap = POLICY_COUNT_CAP

    def get_queryset(self, request):
        # blind second review: other reviewers' verdict and source changes stay hidden here too
        return policy.visible_history(request.user, super().get_queryset(request))

    def search_related(self, request, word: str) -> Q:
        if not (word.isascii() and word.isdecimal()) or len(word) > 18:  # isdigit() lets "²" through to int()
            return Q()
        n = int(word)
        # (entity, object_id) is indexed: name every entity so that the index serves it
        return Q(claim_id=n) | Q(article_id=n) | Q(entity__in=History.Entity.values, object_id=n)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "Fact-check workbench"
admin.site.site_title = "Fact-check workbench admin"

# the admin pages of jobs, API tokens and webhooks live in their own modules
from . import admin_api, admin_factchecks, admin_jobs, admin_matching, admin_webhooks  # noqa: F401
