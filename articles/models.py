"""The domain model. The model and field names are the interface other code relies on
(see DESIGN.md). Business rules live in services.py; these classes only describe data and
validate themselves (``clean``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Length

http_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// URL.")


class ArticleQuerySet(models.QuerySet):
    def with_progress(self, *, done: Iterable[str] = ()) -> ArticleQuerySet:
        """Annotate ``claim_count``, ``<status>_count`` for each claim status and ``done_count``
        (claims whose status is in ``done``: the policy says which), in one aggregate query."""
        counts = {
            f"{status}_count": models.Count("claims", filter=Q(claims__status=status), distinct=True)
            for status in Claim.Status.values
        }
        done_count = models.Count("claims", filter=Q(claims__status__in=list(done)), distinct=True)
        return self.annotate(claim_count=models.Count("claims", distinct=True), done_count=done_count, **counts)

    def search(self, term: str) -> ArticleQuerySet:
        term = term.strip()
        if not term:
            return self
        if connections[self.db].vendor == "postgresql":
            # full-text search (stemmed words, "quoted phrases", -exclusions), served by the
            # GIN index article_fts of migration 0003, whose expression this must match
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector("title", "text", config="english")
            return self.annotate(fts=vector).filter(fts=SearchQuery(term, search_type="websearch", config="english"))
        return self.filter(Q(title__icontains=term) | Q(text__icontains=term) | Q(publisher__icontains=term))


class ClaimQuerySet(models.QuerySet):
    def with_verdict_count(self) -> ClaimQuerySet:
        """Annotate ``verdict_count`` (a subquery, not a GROUP BY, so that filters on related
        rows still work)."""
        count = (
            Verdict.objects.filter(claim=models.OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return self.annotate(verdict_count=Coalesce(models.Subquery(count), 0))


class Rating(models.Model):
    """One step of the newsroom's verdict scale (editable in the admin)."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the rating buttons.")
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="1 = worst .. N = best; empty for off-scale ratings such as Unverifiable.",
    )
    color = models.CharField(max_length=7, default="#888888", help_text="CSS colour, e.g. #2e7d32.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.color and not (len(self.color) == 7 and self.color.startswith("#")):
            raise ValidationError({"color": "Use a #rrggbb colour."})
        if self.color and any(c not in "0123456789abcdefABCDEF" for c in self.color[1:]):
            raise ValidationError({"color": "Use a #rrggbb colour."})


class Article(models.Model):
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True, db_index=True)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True, validators=[http_url])
    published_on = models.DateField(null=True, blank=True, db_index=True)
    dateline = models.CharField(max_length=120, blank=True)
    summary = models.JSONField(default=list, blank=True, help_text="Summary bullet points.")
    text = models.TextField(help_text="The article as the reviewer reads it; claim offsets index into it.")
    language = models.CharField(max_length=12, default="en")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique_when_set"),
        ]
        permissions = [("import_articles", "Can import articles (paste, upload, command)")]

    def __str__(self) -> str:
        return self.title


class Claim(models.Model):
    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", "Unreviewed"
        IN_REVIEW = "in_review", "In review"
        DISPUTED = "disputed", "Disputed"
        REVIEWED = "reviewed", "Reviewed"
        APPROVED = "approved", "Approved"
        DISMISSED = "dismissed", "Dismissed"

    class Kind(models.TextChoices):
        HEADLINE = "headline", "Headline"
        SUMMARY = "summary", "Summary bullet"
        SUBHEADING = "subheading", "Sub-heading"
        BODY = "body", "Body"

    # no separate index: the unique (article, position) constraint's index starts with article_id
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    position = models.PositiveIntegerField(help_text="1-based order in the article.")
    start = models.PositiveIntegerField(help_text="Code-point offset into article.text.")
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.BODY)
    speaker = models.CharField(max_length=200, blank=True)
    checkworthiness = models.FloatField(
        default=0.0, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    cues = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNREVIEWED, db_index=True)
    dismissed_reason = models.CharField(max_length=300, blank=True)
    assignee = models.ForeignKey(  # indexed by the (assignee, status) index below
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,
    )
    # indexed for look-ups of originals by the partial index claim_original_fp (Meta.indexes);
    # the copies of a claim are found through duplicate_of
    fingerprint = models.CharField(max_length=32)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_before_end"),
            models.CheckConstraint(condition=Q(end=F("start") + Length("text")), name="claim_text_length_matches"),
            models.UniqueConstraint(fields=["article", "position"], name="claim_unique_position"),
        ]
        # few indexes on purpose: each one slows the bulk insert of every imported article.
        # The unique (article, position) index serves "claims of an article".
        indexes = [
            models.Index(fields=["assignee", "status"]),
            # the original of each fingerprint: what ingest looks up to link duplicates
            models.Index(fields=["fingerprint"], condition=Q(duplicate_of__isnull=True), name="claim_original_fp"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.text[:80]}"

    def clean(self) -> None:
        check_claim_offsets(self.article.text, self.start, self.end, self.text)


def check_claim_offsets(article_text: str, start: int, end: int, text: str) -> None:
    """The claim invariant: ``article_text[start:end] == text``, non-empty, in range."""
    if start is None or end is None:
        raise ValidationError("A claim needs a start and an end offset.")
    if not 0 <= start < end <= len(article_text):
        raise ValidationError(
            {"start": f"Offsets {start}..{end} are outside the article text (0..{len(article_text)})."}
        )
    if article_text[start:end] != text:
        raise ValidationError({"text": f"Claim text does not match article.text[{start}:{end}]."})


class Verdict(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "reviewer"], name="verdict_one_per_reviewer")]
        permissions = [
            ("approve_verdict", "Can approve or return verdicts (second review)"),
            ("export_verdicts", "Can export verdicts"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} by {self.reviewer} on claim {self.claim_id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Source(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=1000, validators=[http_url])
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    quote = models.TextField(blank=True)
    archive_url = models.URLField(max_length=1000, blank=True, validators=[http_url])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["verdict_id", "position", "id"]

    def __str__(self) -> str:
        return self.title or self.url


class History(models.Model):
    """Who changed what, when: one row per change to an article's claims, verdicts or sources.

    Written by the services (never by signals); ``changes`` maps each field to [old, new].
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        ASSIGN = "assign", "Assigned"
        DISMISS = "dismiss", "Dismissed"
        REOPEN = "reopen", "Reopened"
        RESPLIT = "resplit", "Re-split"
        APPROVE = "approve", "Approved"
        RETURN = "return", "Returned"

    class Entity(models.TextChoices):
        ARTICLE = "article", "Article"
        CLAIM = "claim", "Claim"
        VERDICT = "verdict", "Verdict"
        SOURCE = "source", "Source"

    entity = models.CharField(max_length=10, choices=Entity.choices)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    # SET_NULL: the record of what was done outlives the article
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "history"
        indexes = [models.Index(fields=["entity", "object_id"]), models.Index(fields=["claim", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.entity} {self.object_id}"
