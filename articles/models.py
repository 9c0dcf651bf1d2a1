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
from django.db.models.functions import Coalesce, Length, Upper
from django.utils.translation import gettext_lazy as _

http_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// URL.")


class ArticleQuerySet(models.QuerySet):
    def with_done(self, *, done: Iterable[str] = ()) -> ArticleQuerySet:
        """Annotate ``done_count``: the stored counts of the statuses in ``done`` (the policy
        says which), added up in the row itself (no join)."""
        total = sum((F(f"{status}_count") for status in sorted(done)), start=models.Value(0))
        return self.annotate(done_count=total)

    PUBLISHER_KEYS_MAX = 500  # publishers a "contains" filter may name (a typed fragment, not a scan)

    def publisher_keys(self, fragment: str) -> list[str]:
        """The distinct upper-cased publishers containing ``fragment`` (case-insensitive), as
        the database upper-cases them: one read of the index article_list_publisher alone (on
        PostgreSQL an index-only scan of its first column: about 10 ms at 100,000 articles)."""
        table = self.model._meta.db_table
        if connections[self.db].vendor == "postgresql":
            sql = f"SELECT DISTINCT publisher_key FROM {table} WHERE strpos(publisher_key, upper(%s)) > 0 LIMIT %s"
        else:
            sql = f"SELECT DISTINCT upper(publisher) FROM {table} WHERE instr(upper(publisher), upper(%s)) > 0 LIMIT %s"
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [fragment.strip(), self.PUBLISHER_KEYS_MAX])
            return [row[0] for row in cursor.fetchall()]

    def of_publisher(self, name: str, *, exact: bool = False) -> ArticleQuerySet:
        """Articles whose publisher contains ``name`` (``exact``: is ``name``),
        case-insensitively ("daily" finds "Daily Planet" and "The Daily Mail"). Served by the
        index article_list_publisher of migration 0007, in the list's order: the matching
        publishers are looked up first (``publisher_keys``), then their articles by the index,
        on PostgreSQL over the stored column ``publisher_key`` (upper-cased publisher; a column,
        not an expression, so that counting a publisher's articles reads the index alone), on
        SQLite over UPPER(publisher)."""
        postgres = connections[self.db].vendor == "postgresql"
        if exact:
            wanted = Upper(models.Value(name.strip()))
            if postgres:
                return self.filter(models.lookups.Exact(PgColumn("publisher_key", models.CharField()), wanted))
            return self.alias(_publisher=Upper("publisher")).filter(_publisher=wanted)
        # none found: the fragment itself (matches nothing, as no publisher contains it), so the
        # query keeps its shape (and its plan) instead of becoming none()
        keys = self.publisher_keys(name) or [name.strip().upper()]
        if postgres:
            return self.filter(models.lookups.In(PgColumn("publisher_key", models.CharField()), keys))
        return self.alias(_publisher=Upper("publisher")).filter(_publisher__in=keys)

    def search(self, term: str, *, rank: bool = False) -> ArticleQuerySet:
        """Articles matching ``term``; with ``rank`` the best matches first.

        On PostgreSQL: full-text search (stemmed words, "quoted phrases", -exclusions) on the
        stored ``search_vector`` column of migrations 0004 and 0015 (title weighted above text,
        each article stemmed in its own language, accents ignored where its language wants it), served by
        its GIN index (migration 0006 tells the planner what testing a stored vector row by row
        costs, so that rare words are looked up in the index rather than tested along the
        list's order). Ranking reads every candidate's vector (~15 µs each), so it ranks the
        RANK_CANDIDATES most recent matches (all of them for any but very common words).
        On SQLite: a case-insensitive substring match (no index; see README), title matches
        first when ranked."""
        term = term.strip()
        if not term:
            return self
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact

            # each article's vector is stemmed in its own language (migration 0015): the query
            # is parsed in every language's configuration and each parse tested on the articles
            # of the languages that gave it (an English "-medicare" must not let through an
            # English article because the Spanish parse excludes another stem). The parses are
            # de-duplicated, and only the languages in use are asked (an English-only archive
            # searches exactly as before: one parse, no condition on the language).
            groups = _query_parses(self.db, term)
            if not groups:
                return self._nothing()
            condition = None
            for parse, configs in groups:
                part = SearchVectorExact(_search_vector(), SearchQuery(parse, search_type="raw", config="simple"))
                if configs is not None:
                    part = Q(part) & _language_of(configs)
                condition = part if condition is None else (Q(condition) | Q(part))
            query = SearchQuery(" | ".join(f"({p})" for p, _ in groups), search_type="raw", config="simple")
            qs = self.filter(condition)
            if rank:
                # the candidates: the newest matches, found through the GIN index and sorted
                newest = qs.newest_first_from_matches().values("pk")[:RANK_CANDIDATES]
                score = SearchRank(_search_vector(), query, cover_density=True)
                qs = qs.filter(pk__in=newest).alias(_rank=score).order_by("-_rank", "-published_on", "-id")
            return qs
        # SQLite: the same query language as PostgreSQL's websearch (every word, "a phrase",
        # -exclusion, "or"), each word matched by its stem as a substring ("vaccines" finds
        # "vaccine" and "vaccinated"), case-insensitively (ASCII only: SQLite's LIKE)
        groups = sqlite_search_terms(term)
        if not groups:
            return self._nothing()
        indexed = sqlite_fts_ready(self.db)
        condition = None
        for group in groups:  # OR of groups, each an AND of its terms
            part = Q()
            for word, negated in group:
                found = Q(title__icontains=word) | Q(text__icontains=word) | Q(publisher__icontains=word)
                if indexed and not negated and len(word) >= 3:
                    # the rows the full-text index (migration 0020) finds for the word: a
                    # superset of the LIKE's (Unicode case folding), which is then tested on them only
                    found = Q(pk__in=sqlite_fts_rows(word)) & found
                part &= ~found if negated else found
            condition = part if condition is None else condition | part
        qs = self.filter(condition)
        if rank:
            first = next((w for g in groups for w, negated in g if not negated), "")
            qs = qs.alias(_in_title=models.Case(models.When(title__icontains=first, then=1), default=0))
            qs = qs.order_by("-_in_title", "-published_on", "-id")
        return qs


    def _nothing(self) -> ArticleQuerySet:
        """No article, as a query that still compiles to SQL (``none()`` raises EmptyResultSet
        where the export and the paginators compose the query's SQL themselves)."""
        return self.filter(pk__lt=0)

    def newest_first_from_matches(self) -> ArticleQuerySet:
        """The list's order (newest first), sorted from the rows the filters select rather than
        read along the date index: for a search of a rare word, walking the date index tests
        the stored vector of article after article (~15 µs each, 1,250 of them for 25 hits at
        2% of articles), while the GIN index finds the few matches at once. ``published_on +
        0`` is the same order (NULLs first) on an expression no index has, so the planner has
        to take the second path. (SQLite: the plain order; it has no such index to avoid.)"""
        if connections[self.db].vendor != "postgresql":
            return self.order_by("-published_on", "-id")
        unindexed = models.ExpressionWrapper(F("published_on") + 0, output_field=models.DateField())
        return self.order_by(unindexed.desc(nulls_first=True), "-id")


_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s")


def _stem(word: str) -> str:
    """A crude English-leaning stem for SQLite's substring search: "vaccines" -> "vaccin",
    "elections" -> "elect"; words of five letters or fewer stay as they are."""
    lower = word.lower()
    if len(lower) <= 5 or not lower.isalpha():
        return word
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 4:
            stem = word[: len(word) - len(suffix)]
            return stem[:-1] if stem.lower().endswith("e") else stem
    return word[:-1] if lower.endswith("e") else word


SQLITE_FTS = "articles_article_fts"  # migration 0020
SQLITE_SOURCE_FTS = "articles_source_fts"  # migration 0021
SQLITE_HISTORY_FTS = "articles_history_fts"  # migration 0022
_FTS_READY: dict[tuple[str, str, str], bool] = {}


def sqlite_fts_ready(alias: str, table: str = SQLITE_FTS) -> bool:
    """Whether this SQLite database has the full-text index ``table`` and the triggers that keep
    it in step (migrations 0020, 0021; absent when SQLite lacks FTS5). Looked up once per database."""
    connection = connections[alias]
    key = (alias, str(connection.settings_dict["NAME"]), table)
    if key not in _FTS_READY:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE (type = 'table' AND name = %s) OR "
                "(type = 'trigger' AND name IN (%s, %s, %s))",
                [table, f"{table}_insert", f"{table}_delete", f"{table}_update"],
            )
            _FTS_READY[key] = cursor.fetchone()[0] == 4
    return _FTS_READY[key]


def sqlite_fts_rows(word: str, table: str = SQLITE_FTS):
    """The ids of the rows whose indexed columns (an article's title, text, publisher, URL,
    byline; a source's URL, title, publisher, quote) hold ``word`` (3 characters or more) as a
    substring, case-folded: a trigram phrase query of the full-text index ``table``."""
    from django.db.models.expressions import RawSQL

    phrase = '"' + word.replace('"', '""') + '"'
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [phrase])


def sqlite_search_terms(term: str) -> list[list[tuple[str, bool]]]:
    """``term`` read as PostgreSQL's websearch_to_tsquery reads it: groups joined by "or", each a
    list of (word or "quoted phrase", negated); words stemmed (``_stem``), phrases kept whole."""
    import re

    groups: list[list[tuple[str, bool]]] = [[]]
    for m in re.finditer(r'(-?)"([^"]+)"|(\S+)', term):
        if m.group(2) is not None:
            phrase = " ".join(m.group(2).split())
            if phrase:
                groups[-1].append((phrase, m.group(1) == "-"))
            continue
        token = m.group(3)
        if token.lower() == "or":
            groups.append([])
            continue
        negated = token.startswith("-") and len(token) > 1
        word = token.lstrip("-").strip(".,;:!?()[]{}'\"“”‘’")
        if word:
            groups[-1].append((_stem(word), negated))
    # a group of exclusions alone would match nearly everything: PostgreSQL finds nothing for it
    return [g for g in groups if any(not negated for _, negated in g)]


# the distinct languages of the articles, one index probe each (PostgreSQL has no skip scan)
_LANGUAGES_IN_USE = """
WITH RECURSIVE t(language) AS (
  (SELECT language FROM articles_article ORDER BY language LIMIT 1)
  UNION ALL
  SELECT (SELECT a.language FROM articles_article a WHERE a.language > t.language ORDER BY a.language LIMIT 1)
  FROM t WHERE t.language IS NOT NULL
) SELECT language FROM t WHERE language IS NOT NULL"""


def _configs_in_use(cur) -> list[str]:
    cur.execute(_LANGUAGES_IN_USE)
    used = {SEARCH_LANGUAGES.get((lang or "")[:2].lower(), "fc_simple") for (lang,) in cur.fetchall()}
    return [c for c in SEARCH_CONFIGS if c in used]


def _query_parses(db: str, term: str) -> list[tuple[str, list[str] | None]]:
    """``term`` parsed (websearch syntax) in the configuration of each language the articles are
    in: each distinct tsquery text with the configurations that gave it (None: every language in
    use gave it, no condition on the language needed); parses with no lexeme (stopwords only)
    left out."""
    with connections[db].cursor() as cur:
        configs = _configs_in_use(cur)
        if not configs:
            return []
        cur.execute(
            "SELECT websearch_to_tsquery(c::regconfig, %s)::text, c FROM unnest(%s::text[]) AS c",
            [term, configs],
        )
        groups: dict[str, list[str]] = {}
        for parse, config in cur.fetchall():
            if parse:
                groups.setdefault(parse, []).append(config)
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(configs):
        return [(next(iter(groups)), None)]
    return sorted(groups.items())


def _language_of(configs: list[str]) -> Q:
    """The articles whose search configuration (migration 0015's CASE on the language) is one
    of ``configs``."""
    from django.db.models.functions import Left, Lower

    codes = [code for code, config in SEARCH_LANGUAGES.items() if config in configs]
    key = Lower(Left("language", 2))
    condition = Q(models.lookups.In(key, codes)) if codes else Q(pk__in=[])
    if "fc_simple" in configs:
        condition |= ~Q(models.lookups.In(key, list(SEARCH_LANGUAGES)))
    return condition


RANK_CANDIDATES = 2000
# PostgreSQL text-search configurations of the article languages (migration 0015 builds each
# article's search_vector with its language's one, and fc_simple for any other language)
from .text.languages import search_configs  # each language module's search_config (text/languages/)

SEARCH_LANGUAGES = search_configs()
SEARCH_CONFIGS = (*SEARCH_LANGUAGES.values(), "fc_simple")
RARE_MATCHES = 5000  # a search with fewer matches is sorted from them (newest_first_from_matches)


class PgColumn(models.Expression):
    """A column of the article table that PostgreSQL keeps and the model does not declare
    (generated columns of migrations 0004 and 0007: ``search_vector``, ``publisher_key``), as
    an expression that follows the table's alias in any query (a subquery's "U0" as well as
    "articles_article")."""

    contains_aggregate = False

    def __init__(self, column: str, output_field):
        super().__init__(output_field=output_field)
        self.column = column
        self.source = F("pk")

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.source.alias)}.{connection.ops.quote_name(self.column)}", []


class StatusIn(models.Lookup):
    """``status IN ('a', 'b')`` with the statuses written into the SQL rather than bound as
    parameters: SQLite uses a partial index only when the query's condition repeats the index's
    own constants (a bound parameter proves nothing to its planner), so the queue's and the
    editors' queue's conditions are written this way to match INDEXED_OPEN / INDEXED_AWAITING.
    Only the model's own status values are accepted."""

    lookup_name = "in_literally"
    prepare_rhs = False

    def __init__(self, statuses):
        statuses = tuple(statuses)
        unknown = set(statuses) - set(Claim.Status.values)
        if unknown or not statuses:
            raise ValueError(f"not claim statuses: {sorted(unknown) or 'none given'}")
        super().__init__(F("status"), statuses)

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        literals = ", ".join(f"'{status}'" for status in self.rhs)  # the model's constants: [a-z_]
        return f"{column} IN ({literals})", params


def _search_vector() -> PgColumn:
    from django.contrib.postgres.search import SearchVectorField

    return PgColumn("search_vector", SearchVectorField())


def verdict_count(claim_ref: str = "pk") -> Coalesce:
    """How many verdicts the claim whose id is the outer query's ``claim_ref`` has: a
    correlated subquery (not a GROUP BY, so that filters on related rows still work), 0 for
    none."""
    count = (
        Verdict.objects.filter(claim=models.OuterRef(claim_ref))
        .order_by()
        .values("claim")
        .annotate(n=models.Count("id"))
        .values("n")
    )
    return Coalesce(models.Subquery(count), 0)


class ClaimQuerySet(models.QuerySet):
    def with_verdict_count(self) -> ClaimQuerySet:
        """Annotate ``verdict_count``."""
        return self.annotate(verdict_count=verdict_count())


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


# The article list's status filters, as conditions on the stored counts (Article): the list
# filters by these and the partial indexes of Article.Meta are made of these, so they match.
LIST_FILTERS = {
    "open": Q(unreviewed_count__gt=0) | Q(in_review_count__gt=0),  # claims left to review
    "disputed": Q(disputed_count__gt=0),
    "awaiting": Q(reviewed_count__gt=0),  # agreed claims awaiting approval
    # every claim approved or dismissed
    "done": Q(claim_count__gt=0, unreviewed_count=0, in_review_count=0, disputed_count=0, reviewed_count=0),
}


class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        STATEMENT = "statement", _("Claim logged by hand")

    class Medium(models.TextChoices):
        WEB = "web", _("Web page")
        SOCIAL = "social", _("Social media post")
        VIDEO = "video", _("Video")
        TV = "tv", _("TV")
        RADIO = "radio", _("Radio or podcast")
        PRINT = "print", _("Print")
        SPEECH = "speech", _("Speech or event")
        MESSAGING = "messaging", _("Messaging app")
        TIP = "tip", _("Reader's tip")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=500)
    # also indexed in the list's order for the publisher filter (migration 0007, ``of_publisher``)
    publisher = models.CharField(max_length=200, blank=True, db_index=True)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True, validators=[http_url])
    published_on = models.DateField(null=True, blank=True, db_index=True)
    dateline = models.CharField(max_length=120, blank=True)
    summary = models.JSONField(default=list, blank=True, help_text="Summary bullet points.")
    text = models.TextField(help_text="The article as the reviewer reads it; claim offsets index into it.")
    language = models.CharField(max_length=12, default="en")
    # "article": a news article split into claims. "statement": a claim logged by hand (a post, a
    # TV quote, a reader's tip): a one-claim source item whose text is the claim as said, whose
    # url/published_on say where and when it appeared, and whose ``medium`` says in what.
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE, db_default=Kind.ARTICLE)
    medium = models.CharField(max_length=20, choices=Medium.choices, blank=True, default="", db_default="")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # How many claims the article has, in all and per status: what the article list shows and
    # filters by, kept by the services in the same transaction as every change of a claim's
    # status (services.refresh_progress), so that the list never aggregates over claims.
    # ``manage.py recount_progress`` checks (and repairs) them.
    claim_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    unreviewed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    in_review_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    disputed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    reviewed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    approved_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    dismissed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    COUNT_FIELDS = (
        "claim_count", "unreviewed_count", "in_review_count", "disputed_count",
        "reviewed_count", "approved_count", "dismissed_count",
    )  # fmt: skip

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            # one article per URL; claims logged by hand may share the post or programme they came from
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url="") & Q(kind="article"), name="article_url_unique_when_set"
            ),
        ]
        # The list's order, and one partial index per status filter of the list (their
        # conditions are the filters' own, articles.models.LIST_FILTERS), so that each filtered
        # first page reads 25 index entries, not every article.
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="article_list_order"),
            *(
                models.Index(fields=["-published_on", "-id"], condition=q, name=f"article_list_{name}")
                for name, q in LIST_FILTERS.items()
            ),
            # the languages in use (search parses the query in theirs only) and the list's
            # language filter
            models.Index(fields=["language", "-published_on", "-id"], name="article_language"),
        ]
        permissions = [("import_articles", "Can import articles (paste, upload, command)")]

    def __str__(self) -> str:
        return self.title


# The status sets the partial indexes of Claim are made for. They are policy.OPEN and
# policy.AWAITING_EDITOR (the policy owns what statuses mean; tests/test_policy.py checks that
# these match): the queue's and the editors' queue's queries carry these conditions.
INDEXED_OPEN = ("unreviewed", "in_review")
INDEXED_AWAITING = ("disputed", "reviewed")  # the editors' queue, in this order (alphabetical)


class Claim(models.Model):
    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Unreviewed")
        IN_REVIEW = "in_review", _("In review")
        DISPUTED = "disputed", _("Disputed")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")
        DISMISSED = "dismissed", _("Dismissed")

    class Kind(models.TextChoices):
        HEADLINE = "headline", _("Headline")
        SUMMARY = "summary", _("Summary bullet")
        SUBHEADING = "subheading", _("Sub-heading")
        BODY = "body", _("Body")

    # no separate index: the unique (article, position) constraint's index starts with article_id
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    position = models.PositiveIntegerField(help_text="1-based order in the article.")
    start = models.PositiveIntegerField(help_text="Code-point offset into article.text.")
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.BODY)
    speaker = models.CharField(max_length=200, blank=True)
    # the claim's own language when it is surely not its article's (a quotation in the original
    # language); empty: the article's (articles/languages.py)
    language = models.CharField(max_length=12, blank=True, default="", db_default="")
    checkworthiness = models.FloatField(
        default=0.0, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    cues = models.JSONField(default=list, blank=True)
    # indexed only where a screen needs it: the partial indexes of Meta (queue, approvals)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNREVIEWED)
    dismissed_reason = models.CharField(max_length=300, blank=True)
    assignee = models.ForeignKey(  # indexed by claim_assignee and claim_queue_assigned (Meta.indexes)
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,
    )
    # indexed (claim_fp): "same claim elsewhere" (fingerprint = X AND id <> Y) and the originals
    # ingest links duplicates to; the copies of a claim are found through duplicate_of
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
            # assigned claims (the admin's filter, a reviewer's assignments); partial, so that
            # it never competes with claim_queue_unassigned for "assignee IS NULL"
            models.Index(fields=["assignee"], condition=Q(assignee__isnull=False), name="claim_assignee"),
            # "same claim elsewhere" (fingerprint = X AND id <> Y) reads the first column; ingest's
            # look-up of the original of each fingerprint (duplicate_of IS NULL) reads both, so it
            # never walks the thousands of copies a common sentence has
            models.Index(fields=["fingerprint", "duplicate_of"], name="claim_fp"),
            # the review queue's order (policy.review_queue), one index per part of the queue:
            # claims assigned to the reviewer, then unassigned ones
            models.Index(
                fields=["assignee", "-checkworthiness", "article", "position"],
                condition=Q(status__in=INDEXED_OPEN, assignee__isnull=False), name="claim_queue_assigned",
            ),
            models.Index(
                fields=["-checkworthiness", "article", "position"],
                condition=Q(status__in=INDEXED_OPEN, assignee__isnull=True), name="claim_queue_unassigned",
            ),
            # the editors' queue (policy.awaiting_editor): its order is this index's
            models.Index(
                fields=["status", "article", "position"], condition=Q(status__in=INDEXED_AWAITING),
                name="claim_awaiting_editor",
            ),
        ]  # fmt: skip

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
        indexes = [
            # the admin's sources of one publisher, in the list's order: without it a rare
            # publisher's page and count read every source (issue 10)
            models.Index(fields=["publisher", "verdict", "position", "id"], name="source_publisher"),
        ]

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
        SKIP = "skip", "Skipped"  # in a reviewer's queue: to its end (policy.queue_deferred)
        DEFER = "defer", "Deferred"  # in a reviewer's queue: out of it until a time, then at its end

    class Entity(models.TextChoices):
        ARTICLE = "article", "Article"
        CLAIM = "claim", "Claim"
        VERDICT = "verdict", "Verdict"
        SOURCE = "source", "Source"
        USER = "user", "User"  # a member's role, activation or invitation (articles/team.py)
        RATING = "rating", "Rating"  # the rating scale (articles/team.py)

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


class QueueMark(models.Model):
    """A claim's place in one reviewer's queue when it is not the usual one (policy.queue_parts):
    returned to them by an editor (first in their queue), skipped (at the end of their queue at
    once) or deferred (out of their queue until ``due_at``, then at its end). Written by the
    services (verdict_return, claim_defer) and removed when the reviewer saves a verdict on the
    claim. The reason is kept in History as well, where editors read it."""

    class Kind(models.TextChoices):
        RETURNED = "returned", "Returned"
        SKIPPED = "skipped", "Skipped"
        DEFERRED = "deferred", "Deferred"

    # no index of its own: the unique (claim, user) index serves the queue's probe per claim
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="queue_marks", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=300, blank=True)
    due_at = models.DateTimeField(help_text="Back in the queue from then (deferred); when marked (returned, skipped).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "user"], name="queuemark_one_per_user")]
        # a reviewer's returned claims and due deferrals, in their order: an index walk
        indexes = [models.Index(fields=["user", "kind", "due_at"], name="queuemark_user_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} claim {self.claim_id} for user {self.user_id}"


# ----------------------------------------------------------------------------- background jobs


class Job(models.Model):
    """A piece of work done by a background worker for a user (README: background jobs): what the
    user sees of it (kind, who, when, status, progress, per-item outcomes, errors). The worker
    runs it through Django's task framework (articles.tasks.job_run); ``task_id`` is the id of its
    latest task. Written only by articles.jobs."""

    class Kind(models.TextChoices):
        IMPORT_URLS = "import_urls", "Import articles by URL"
        IMPORT_FILE = "import_file", "Import a file"
        IMPORT_FACTCHECKS = "import_factchecks", "Import published fact-checks"
        MATCH_CLAIMS = "match_claims", "Match claims against fact-checks"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = ("succeeded", "failed", "cancelled")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True, help_text="What to do (URLs, the stored file, options).")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Items to do, when known.")
    done = models.PositiveIntegerField(default=0, help_text="Items done.")
    counts = models.JSONField(default=dict, blank=True, help_text="Outcomes so far: {status: count}.")
    error = models.TextField(blank=True, help_text="Why the job failed as a whole.")
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker has started it.")
    task_id = models.CharField(max_length=64, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of its worker.")
    run_after = models.DateTimeField(null=True, blank=True, help_text="Retry not before this time.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at", "-id"], name="job_mine"),
            # the workers' sweep for jobs to take up again
            models.Index(fields=["heartbeat_at"], condition=Q(status__in=["queued", "running"]), name="job_unfinished"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class JobItem(models.Model):
    """One item of a job (a URL, an article of a file) and its outcome, in the wording of
    ``import_articles``. Unique per (job, position): a job taken up again never records an item
    twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        IMPORTED = "imported", "Imported"
        PRESENT = "present", "Already present"
        UPDATED = "updated", "Updated"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    where = models.CharField(max_length=1000, help_text="The URL, or file:line.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claims = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["job_id", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="jobitem_once")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.position} {self.where}"


# ----------------------------------------------------------------------------- the JSON API


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once, when created.
    ``prefix`` (the token's first characters, shown in lists) finds the row; the hash proves it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class RateWindow(models.Model):
    """Requests counted per API client (a token or a signed-in user) and per window of time:
    shared by every web process, so the rate limit holds whatever serves the request."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratewindow_once")]


# ----------------------------------------------------------------------------- webhooks


class Webhook(models.Model):
    """An endpoint that is sent a signed JSON event on approval, return and dispute."""

    class Event(models.TextChoices):
        APPROVED = "claim.approved", "A verdict was approved"
        RETURNED = "claim.returned", "A claim was returned for review"
        DISPUTED = "claim.disputed", "Reviewers disagree on a claim"

    url = models.URLField(max_length=1000, validators=[http_url])
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, blank=True, help_text="The events sent; all when empty.")
    # the HMAC-SHA256 key; shown once to the editor who registers the endpoint
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint, and every attempt to deliver it (the delivery log)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30, choices=[*Webhook.Event.choices, ("ping", "Test event")])
    event_id = models.UUIDField(unique=True, help_text="Sent as X-Webhook-Id; the receiver's replay key.")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    log = models.JSONField(default=list, blank=True, help_text="Each attempt: time, status code or error.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_pending")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"


# ----------------------------------------------------------------------------- published fact-checks, matching


class FactCheck(models.Model):
    """A fact-check published anywhere (imported from ClaimReview, a feed, Google's Fact Check
    Tools, CSV), or one of ours (an approved verdict, ``origin`` "approval", ``claim`` set).
    Claims are matched against these (README: claim matching)."""

    class Origin(models.TextChoices):
        IMPORT = "import", "Imported"
        APPROVAL = "approval", "Our approved verdict"

    claim_reviewed = models.TextField(help_text="The claim as the fact-check states it.")
    rating_text = models.CharField(max_length=200, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    rating_best = models.FloatField(null=True, blank=True)
    rating_worst = models.FloatField(null=True, blank=True)
    # unique: re-importing a record updates it. Ours: the published URL when one is configured
    # (FACTCHECK_PUBLISH_BASE_URL), else the claim's page in the workbench.
    url = models.CharField(max_length=1000, unique=True)
    headline = models.CharField(max_length=500, blank=True)
    publisher_name = models.CharField(max_length=200, blank=True)
    publisher_site = models.CharField(max_length=200, blank=True)
    date_published = models.DateField(null=True, blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    appearance_url = models.CharField(max_length=1000, blank=True, help_text="Where the claim appeared.")
    language = models.CharField(max_length=12, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.IMPORT)
    import_batch = models.CharField(max_length=200, blank=True, help_text="The file, feed or job it came from.")
    claim = models.OneToOneField(
        "Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="published_factcheck",
        help_text="Ours: the approved claim.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_published", "-id"]
        verbose_name = "published fact-check"
        # the list's and the API's order (newest first, undated last) has the index factcheck_newest,
        # made by migration 0012 in each database's own words (SQLite has no NULLS LAST in an index)

    def __str__(self) -> str:
        return self.headline or self.claim_reviewed[:80]


class MatchSettings(models.Model):
    """The matching thresholds an admin sets (one row, pk 1; ``MatchSettings.current()``)."""

    likely_threshold = models.FloatField(
        default=0.75, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Score at or above which a match is 'likely the same claim'.",
    )  # fmt: skip
    related_threshold = models.FloatField(
        default=0.5, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Score at or above which a match is 'possibly related' (below: not shown).",
    )  # fmt: skip
    min_words_likely = models.PositiveSmallIntegerField(
        default=6, help_text="Texts with fewer content words are never 'likely' on similarity alone."
    )
    top_k = models.PositiveSmallIntegerField(default=5, help_text="Suggestions kept per claim.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "matching settings"

    def __str__(self) -> str:
        return "Matching settings"

    def clean(self) -> None:
        if self.related_threshold > self.likely_threshold:
            raise ValidationError({"related_threshold": "must not be above the 'likely' threshold"})

    @classmethod
    def current(cls) -> MatchSettings:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ClaimMatch(models.Model):
    """A suggestion that ``claim`` was checked before: by a published fact-check, or as an
    earlier claim of the archive that has a verdict. Reviewers confirm or reject it; a rejected
    pair is never suggested again for that claim."""

    class Tier(models.TextChoices):
        LIKELY = "likely", _("Likely the same claim")
        RELATED = "related", _("Possibly related")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Same claim"
        REJECTED = "rejected", "Not the same"

    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="matches")
    # the claim's article, kept here so that the article list filters "has a likely match" by index
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", db_index=False)
    factcheck = models.ForeignKey(FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="matches")
    other_claim = models.ForeignKey(
        "Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.FloatField()
    tier = models.CharField(max_length=8, choices=Tier.choices)
    lexical = models.FloatField(default=0.0)
    semantic = models.FloatField(default=0.0)
    shared = models.JSONField(default=dict, blank=True, help_text="Why: {words, numbers, names} both share.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(factcheck__isnull=False, other_claim__isnull=True)
                | Q(factcheck__isnull=True, other_claim__isnull=False),
                name="claimmatch_one_target",
            ),
            models.UniqueConstraint(fields=["claim", "factcheck"], condition=Q(factcheck__isnull=False), name="claimmatch_factcheck_once"),
            models.UniqueConstraint(fields=["claim", "other_claim"], condition=Q(other_claim__isnull=False), name="claimmatch_claim_once"),
        ]
        indexes = [
            # "has a likely match": the article list's and the queue's filter
            models.Index(fields=["article"], condition=Q(tier="likely") & ~Q(status="rejected"), name="claimmatch_likely_article"),
            models.Index(fields=["claim"], condition=Q(tier="likely") & ~Q(status="rejected"), name="claimmatch_likely_claim"),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} ~ {self.factcheck_id or self.other_claim_id} ({self.score:.2f})"

from .match_models import MatchDoc, MatchStats, MatchTerm  # noqa: F401  (the matcher's index)
from .team_models import Comment, Notification  # noqa: F401  (comments, notifications)
