from __future__ import annotations

from django import forms
from django.conf import settings

from . import exports, policy, selectors
from .models import LIST_FILTERS, Article, Claim, Rating, Source, http_url
from .services import DISMISS_REASONS
from .text import readers


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


class ArticleImportForm(forms.Form):
    """Paste an article (or a whole news-site paste), upload a file, or give URLs to fetch."""

    text = forms.CharField(
        label="Paste the article",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Headline\n\nBy Name\n\nFirst paragraph…"}),
        error_messages={"null_characters_not_allowed": "The pasted text contains a NUL character (binary data?): paste plain text."},
        help_text="First line the headline, an optional “By NAME” line, then the paragraphs. "
        "A page pasted from a news site (with its “Short Url” / “Follow” lines) works as it is.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=".txt, .md, .html, .json, .jsonl or .csv",
    )
    urls = forms.CharField(
        label="…or fetch articles by URL",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://www.example.com/news/article\nhttps://…"}),
        error_messages={"null_characters_not_allowed": "The URLs contain a NUL character: paste plain text."},
        help_text="One http(s) URL per line: a background job fetches each page and imports it; "
        "you follow its progress on the job’s page.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        paste = settings.FACTCHECK_MAX_ARTICLE_BYTES
        self.fields["text"].help_text += f" Up to {_mb(paste)}."
        self.fields["file"].help_text += (
            f", up to {_mb(settings.FACTCHECK_MAX_UPLOAD_BYTES)}; files over {_mb(settings.FACTCHECK_JOB_UPLOAD_BYTES)} "
            f"are imported by a background job (smaller ones at once, up to {readers.DEFAULT_MAX_UPLOAD_ARTICLES:,} articles)."
        )
        self.fields["urls"].help_text += f" Up to {settings.FACTCHECK_MAX_URLS:,} URLs."

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {_mb(upload.size)}, over the {_mb(limit)} limit for an upload: split it, "
                "or import it with manage.py import_articles."
            )
        return upload

    url = forms.URLField(label="Article URL", required=False, validators=[http_url], max_length=1000)
    publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    published_on = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        upload = data.get("file")
        urls = (data.get("urls") or "").strip()
        given = [name for name, value in (("text", text), ("file", upload), ("urls", urls)) if value]
        if not given and not any(self.has_error(f) for f in ("text", "file", "urls")):
            raise forms.ValidationError("Paste the article’s text, choose a file to upload, or give URLs to fetch.")
        if len(given) > 1:
            raise forms.ValidationError("Paste text, upload a file or give URLs: one of them, not several.")
        if urls and data.get("url"):
            self.add_error("url", "The article URL applies to pasted text or a file; fetched articles keep their own URLs.")
        limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
        if text and len(text.encode("utf-8", "surrogatepass")) > limit:
            self.add_error(
                "text",
                f"The pasted text is over the {_mb(limit)} limit for a paste: upload it as a .txt file "
                f"(up to {_mb(settings.FACTCHECK_MAX_UPLOAD_BYTES)}) or split it.",
            )
        return data

    @property
    def in_background(self) -> bool:
        """Whether this valid form's input is imported by a background job (URLs, a big file)."""
        upload = self.cleaned_data.get("file")
        return bool((self.cleaned_data.get("urls") or "").strip()) or (
            upload is not None and upload.size > settings.FACTCHECK_JOB_UPLOAD_BYTES
        )

    def overrides(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("url", "publisher", "published_on")}


class ClaimLogForm(forms.Form):
    """A claim that did not come from an article: what was said, by whom, where and when."""

    text = forms.CharField(
        label="The claim, as it was said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "“Crime has doubled since 2020.”"}),
        error_messages={
            "required": "Write the claim as it was said.",
            "null_characters_not_allowed": "The claim contains a NUL character: write plain text.",
        },
    )
    speaker = forms.CharField(label="Who said it", required=False, max_length=200)
    medium = forms.ChoiceField(
        label="Where it appeared", required=False, choices=[("", "—"), *Article.Medium.choices]
    )
    url = forms.CharField(  # one clear message for any non-http(s) URL (URLField adds its own)
        label="Link to it", required=False, validators=[http_url], max_length=1000,
        help_text="The post, video or page where it appeared (http or https).",
    )  # fmt: skip
    published_on = forms.DateField(
        label="Said on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Note for the team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "How it reached us (a reader’s tip, a monitoring alert…)"}),
        help_text="Kept in the claim’s History.",
    )


# ----------------------------------------------------------------------------- review


class VerdictForm(forms.Form):
    """A reviewer's verdict: one rating of the active scale, a rationale, the version edited."""

    rating = forms.ChoiceField(
        error_messages={"required": "Pick a rating.", "invalid_choice": "That rating is not on the scale (any more)."},
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Why this rating: what the sources show…"}),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, ratings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = {r.slug: r for r in ratings}
        self.fields["rating"].choices = [(r.slug, r.label) for r in ratings]

    def clean_rating(self):
        return self.ratings[self.cleaned_data["rating"]]


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published_on", "accessed_on", "quote", "archive_url"]
        labels = {
            "url": "Source URL",
            "title": "Source title",
            "publisher": "Source publisher",
            "published_on": "Source published on",
            "accessed_on": "Accessed on",
            "quote": "Quote",
            "archive_url": "Archive URL",
        }
        widgets = {
            "url": forms.URLInput(attrs={"placeholder": "https://…"}),
            "archive_url": forms.URLInput(attrs={"placeholder": "https://web.archive.org/…"}),
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "accessed_on": forms.DateInput(attrs={"type": "date"}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }


def source_formset(*, data=None, verdict=None, loaded=None, extra: int = 1):
    """The verdict's sources as editable rows plus ``extra`` blank ones (prefix "sources").

    Saved by the views through services.verdict_submit, never by ``formset.save()``. When the
    verdict's sources are already loaded (``loaded``, e.g. a selectors.VerdictView's), no query
    is made for them.
    """
    from django.forms import modelformset_factory

    factory = modelformset_factory(Source, form=SourceForm, extra=extra, can_delete=True, max_num=50, validate_max=True)
    if verdict is None:
        queryset = Source.objects.none()
    else:
        queryset = Source.objects.filter(verdict=verdict)
        if loaded is not None:
            queryset._result_cache = list(loaded)  # already fetched with the panel
            queryset._prefetch_done = True
    return factory(data=data, queryset=queryset, prefix="sources")


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason",
        choices=[*DISMISS_REASONS.items(), ("other", "Other (say which)")],
    )
    other = forms.CharField(label="Other reason", required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other":
            if not (data.get("other") or "").strip():
                self.add_error("other", "Say why the claim is dismissed.")
            data["reason"] = (data.get("other") or "").strip()
        return data


class ClaimsDismissForm(forms.Form):
    """Bulk dismissal of an article's ticked claims (page furniture: "not article text")."""

    claims = forms.ModelMultipleChoiceField(queryset=None, required=False)
    reason = forms.ChoiceField(label="Reason", choices=list(DISMISS_REASONS.items()), initial="not_article_text")

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = Claim.objects.filter(article=article) if article else Claim.objects.none()


class BoundsForm(forms.Form):
    start = forms.IntegerField(label="Start offset", min_value=0)
    end = forms.IntegerField(label="End offset", min_value=1)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["start"] >= data["end"]:
            raise forms.ValidationError("The start must come before the end.")
        return data


class SplitForm(forms.Form):
    at = forms.IntegerField(label="Split before", min_value=1)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    note = forms.CharField(label="Why it goes back", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Assign to", empty_label="— nobody —")
    claims = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = policy.assignable_users()
        self.fields["claims"].queryset = Claim.objects.filter(article=article) if article else Claim.objects.none()


_NO_NUL = {"null_characters_not_allowed": "This cannot contain a NUL character."}


class ArticleFilterForm(forms.Form):
    """Search and filters of the article list (GET); invalid values are reported, not ignored."""

    STATUS_CHOICES = [
        ("", "Any status"),
        ("open", "Claims to review"),
        ("disputed", "Disputed claims"),
        ("awaiting", "Awaiting approval"),
        ("done", "Fully reviewed"),
    ]
    q = forms.CharField(
        label="Search", required=False, max_length=200, error_messages=_NO_NUL,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title or text"}),
    )  # fmt: skip
    publisher = forms.CharField(label="Publisher", required=False, max_length=200, error_messages=_NO_NUL)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(
        label="Order", required=False, choices=[("", "Newest first"), ("relevance", "Best match first (with a search)")]
    )
    # issue 12: articles with a claim that a published fact-check likely checked already
    match = forms.ChoiceField(
        label="Checked before", required=False, choices=[("", "Any"), ("likely", "Has a likely match")]
    )

    RANGES = (("date_from", "date_to"),)  # (start, end) date fields, checked in order

    def clean(self):
        data = super().clean()
        for start, end in self.RANGES:
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, "The end date is before the start date.")
        return data

    def apply(self, articles):
        """The articles the input selects, newest first (or best match first for a search with
        ``sort=relevance``). Status filters test the articles' stored counts (the conditions of
        the partial indexes of Article, ``LIST_FILTERS``); no claim is read."""
        articles = articles.order_by("-published_on", "-id")
        if not self.is_bound:
            return articles
        self.is_valid()  # an invalid value is reported (``errors``) and left out; the valid filters still apply
        data = self.cleaned_data
        articles = articles.search(data.get("q") or "", rank=data.get("sort") == "relevance")
        if data.get("publisher"):
            articles = articles.of_publisher(data["publisher"])
        if data.get("date_from"):
            articles = articles.filter(published_on__gte=data["date_from"])
        if data.get("date_to"):
            articles = articles.filter(published_on__lte=data["date_to"])
        if data.get("status"):
            articles = articles.filter(LIST_FILTERS[data["status"]])
        if data.get("match") == "likely":
            articles = policy.with_likely_match(articles, by="article")
        return articles


class _Names(forms.MultipleChoiceField):
    """Several names (rating slugs, usernames): any plausible name passes here; the form's
    clean_<field> looks them up (and names an unknown one), so the choices need not be loaded to
    validate. A name with a NUL character (PostgreSQL refuses it in a query) or absurdly long is
    refused with a message before any query."""

    def __init__(self, *, what: str, max_length: int = 1000, **kwargs):
        super().__init__(**kwargs)
        self.what, self.max_length = what, max_length

    def valid_value(self, value) -> bool:
        return True

    def validate(self, value):
        super().validate(value)
        for name in value:
            if "\x00" in name:
                raise forms.ValidationError(f"A {self.what} name cannot contain a NUL character.", code="null_characters_not_allowed")
            if len(name) > self.max_length:
                raise forms.ValidationError(
                    f"“{name[:40]}…” is too long to be a {self.what} name ({len(name):,} characters).", code="max_length"
                )


# The ids a database can hold (BigAutoField): a larger number is no article, and SQLite would
# fail to even compare it.
_MAX_ID = 2**63 - 1


class _Ids(forms.ModelMultipleChoiceField):
    """Article ids: anything that is not a whole number from 1 to 2^63-1 is refused with the
    field's ``invalid_pk_value`` message before any query."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not (len(text) <= 20 and text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:40]}
                )
        return super()._check_values(value)


def _named(names: list[str], objects, key: str, missing: str) -> list:
    """The objects whose ``key`` field has these values, in their order; the first unknown
    name is a validation error (``missing`` % name). No query for no names."""
    found = {getattr(o, key): o for o in objects.filter(**{f"{key}__in": names})} if names else {}
    for name in names:
        if name not in found:
            raise forms.ValidationError(missing % name)
    return [found[name] for name in names]


class ExportForm(ArticleFilterForm):
    """What to export (GET): the article list's own filters (so "Export CSV" exports what the
    list shows) plus the export's. ``manage.py export_verdicts`` validates its options through
    this form too, so the web and the command line report bad input alike."""

    article = _Ids(
        label="Articles",
        queryset=Article.objects.only("pk"),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": "There is no article %(value)s.", "invalid_pk_value": "“%(pk)s” is not an article id."},
    )
    claim_status = forms.MultipleChoiceField(
        label="Claim status", choices=Claim.Status.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "“%(value)s” is not a claim status; use one of: " + ", ".join(Claim.Status.values) + "."},
    )  # fmt: skip
    rating = _Names(label="Rating", what="rating", required=False, widget=forms.CheckboxSelectMultiple)
    reviewer = _Names(label="Reviewer", what="user", required=False)
    verdict_from = forms.DateField(label="Verdicts from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    verdict_to = forms.DateField(label="Verdicts to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    approved_only = forms.BooleanField(label="Approved verdicts only", required=False)
    excel = forms.BooleanField(label="For Excel", required=False, help_text="Adds a UTF-8 byte-order mark so Excel shows accents right.")

    LIST_FIELDS = ("q", "publisher", "date_from", "date_to", "status", "match")
    RANGES = (*ArticleFilterForm.RANGES, ("verdict_from", "verdict_to"))

    def __init__(self, *args, reviewers=None, **kwargs):
        """``reviewers``: the users to offer in the reviewer list, when the page has them."""
        super().__init__(*args, **kwargs)
        # the choices only feed the widgets (read when rendered, from the rating cache and the
        # page's reviewer list); input is checked against the database in clean_<field>
        self.fields["rating"].choices = lambda: [(r.slug, r.label) for r in selectors.active_ratings()]
        self.fields["reviewer"].choices = lambda: [
            (u.get_username(),) * 2 for u in (policy.assignable_users() if reviewers is None else reviewers)
        ]
        self.fields["date_from"].label, self.fields["date_to"].label = "Articles from", "Articles to"

    def clean_rating(self):
        missing = "There is no rating “%s” (ratings are named by their slug, e.g. mostly-false)."
        return _named(self.cleaned_data["rating"], Rating.objects.all(), "slug", missing)

    def clean_reviewer(self):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        return _named(self.cleaned_data["reviewer"], User.objects.all(), User.USERNAME_FIELD, "There is no user “%s”.")

    def filters(self) -> exports.Filters:
        """The validated input as export filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        articles = [a.pk for a in data["article"]] or None
        if data["q"] or data["status"] or data.get("match") or data["publisher"]:
            # search, progress, matches and the publisher ("contains") need the list's own query
            listed = self.apply(Article.objects.all()).order_by().values("pk")
            articles = listed.filter(pk__in=articles) if articles else listed
        return exports.Filters(
            articles=articles,
            publisher="",  # applied above, as the list applies it
            published_from=data["date_from"],
            published_to=data["date_to"],
            verdict_from=data["verdict_from"],
            verdict_to=data["verdict_to"],
            ratings=tuple(r.pk for r in data["rating"]),
            statuses=tuple(data["claim_status"]),
            reviewers=tuple(u.pk for u in data["reviewer"]),
            approved_only=data["approved_only"],
        )

    def errors_text(self, names: dict[str, str] | None = None) -> str:
        """Every error as "<field>: <message>", fields named by ``names`` or their labels."""
        names = names or {}
        parts = []
        for field, errors in self.errors.items():
            label = names.get(field) or (self.fields[field].label if field in self.fields else "")
            parts += [f"{label}: {e}" if label else e for e in errors]
        return "\n".join(parts)
