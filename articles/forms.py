from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import exports, policy, selectors
from .models import LIST_FILTERS, Article, Claim, Rating, Source, http_url
from .services import DEFER_CHOICES, DISMISS_REASONS
from .text import readers


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


class ArticleImportForm(forms.Form):
    """Paste an article (or a whole news-site paste), upload a file, or give URLs to fetch."""

    text = forms.CharField(
        label=_("Paste the article"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": _("Headline\n\nBy Name\n\nFirst paragraph…")}),
        error_messages={"null_characters_not_allowed": _("The pasted text contains a NUL character (binary data?): paste plain text.")},
        help_text=_(
            "First line the headline, an optional “By NAME” line, then the paragraphs. "
            "A page pasted from a news site (with its “Short Url” / “Follow” lines) works as it is."
        ),
    )
    file = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        help_text="",  # set in __init__ with the limits
    )
    urls = forms.CharField(
        label=_("…or fetch articles by URL"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("https://www.example.com/news/article\nhttps://…")}),
        error_messages={"null_characters_not_allowed": _("The URLs contain a NUL character: paste plain text.")},
        help_text=_(
            "One http(s) URL per line: a background job fetches each page and imports it; "
            "you follow its progress on the job’s page."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        paste = settings.FACTCHECK_MAX_ARTICLE_BYTES
        self.fields["text"].help_text = "{} {}".format(self.fields["text"].help_text, _("Up to %(size)s.") % {"size": _mb(paste)})
        self.fields["file"].help_text = _(
            ".txt, .md, .html, .json, .jsonl or .csv, up to %(size)s; files over %(job)s are imported by a background "
            "job (smaller ones at once, up to %(articles)s articles)."
        ) % {
            "size": _mb(settings.FACTCHECK_MAX_UPLOAD_BYTES),
            "job": _mb(settings.FACTCHECK_JOB_UPLOAD_BYTES),
            "articles": f"{readers.DEFAULT_MAX_UPLOAD_ARTICLES:,}",
        }
        self.fields["urls"].help_text = "{} {}".format(
            self.fields["urls"].help_text, _("Up to %(count)s URLs.") % {"count": f"{settings.FACTCHECK_MAX_URLS:,}"}
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s, over the %(limit)s limit for an upload: split it, "
                    "or import it with manage.py import_articles."
                )
                % {"size": _mb(upload.size), "limit": _mb(limit)}
            )
        return upload

    url = forms.URLField(label=_("Article URL"), required=False, validators=[http_url], max_length=1000)
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        upload = data.get("file")
        urls = (data.get("urls") or "").strip()
        given = [name for name, value in (("text", text), ("file", upload), ("urls", urls)) if value]
        if not given and not any(self.has_error(f) for f in ("text", "file", "urls")):
            raise forms.ValidationError(_("Paste the article’s text, choose a file to upload, or give URLs to fetch."))
        if len(given) > 1:
            raise forms.ValidationError(_("Paste text, upload a file or give URLs: one of them, not several."))
        if urls and data.get("url"):
            self.add_error("url", _("The article URL applies to pasted text or a file; fetched articles keep their own URLs."))
        limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
        if text and len(text.encode("utf-8", "surrogatepass")) > limit:
            self.add_error(
                "text",
                _("The pasted text is over the %(limit)s limit for a paste: upload it as a .txt file (up to %(upload)s) or split it.")
                % {"limit": _mb(limit), "upload": _mb(settings.FACTCHECK_MAX_UPLOAD_BYTES)},
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
        label=_("The claim, as it was said"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("“Crime has doubled since 2020.”")}),
        error_messages={
            "required": _("Write the claim as it was said."),
            "null_characters_not_allowed": _("The claim contains a NUL character: write plain text."),
        },
    )
    speaker = forms.CharField(label=_("Who said it"), required=False, max_length=200)
    medium = forms.ChoiceField(
        label=_("Where it appeared"), required=False, choices=[("", "—"), *Article.Medium.choices]
    )
    url = forms.CharField(  # one clear message for any non-http(s) URL (URLField adds its own)
        label=_("Link to it"), required=False, validators=[http_url], max_length=1000,
        help_text=_("The post, video or page where it appeared (http or https)."),
    )  # fmt: skip
    published_on = forms.DateField(
        label=_("Said on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note for the team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("How it reached us (a reader’s tip, a monitoring alert…)")}),
        help_text=_("Kept in the claim’s History."),
    )


# ----------------------------------------------------------------------------- review


class VerdictForm(forms.Form):
    """A reviewer's verdict: one rating of the active scale, a rationale, the version edited."""

    rating = forms.ChoiceField(
        error_messages={"required": _("Pick a rating."), "invalid_choice": _("That rating is not on the scale (any more).")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _("Why this rating: what the sources show…")}),
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
            "url": _("Source URL"),
            "title": _("Source title"),
            "publisher": _("Source publisher"),
            "published_on": _("Source published on"),
            "accessed_on": _("Accessed on"),
            "quote": _("Quote"),
            "archive_url": _("Archive URL"),
        }
        widgets = {
            "url": forms.URLInput(attrs={"placeholder": _("https://…")}),
            "archive_url": forms.URLInput(attrs={"placeholder": _("https://web.archive.org/…")}),
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "accessed_on": forms.DateInput(attrs={"type": "date"}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }


@functools.cache
def _source_formset_class(extra: int):
    """The formset class, made once per ``extra`` (modelformset_factory builds a new form class
    and formset class on every call)."""
    from django.forms import modelformset_factory

    return modelformset_factory(Source, form=SourceForm, extra=extra, can_delete=True, max_num=50, validate_max=True)


def source_formset(*, data=None, verdict=None, loaded=None, extra: int = 1):
    """The verdict's sources as editable rows plus ``extra`` blank ones (prefix "sources").

    Saved by the views through services.verdict_submit, never by ``formset.save()``. When the
    verdict's sources are already loaded (``loaded``, e.g. a selectors.VerdictView's), no query
    is made for them.
    """
    factory = _source_formset_class(extra)
    if verdict is None:
        queryset = Source.objects.none()
        queryset._result_cache = []  # known empty: not compiled and run (EmptyResultSet) on each render
        queryset._prefetch_done = True
    else:
        queryset = Source.objects.filter(verdict=verdict)
        if loaded is not None:
            queryset._result_cache = list(loaded)  # already fetched with the panel
            queryset._prefetch_done = True
    return factory(data=data, queryset=queryset, prefix="sources")


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[*DISMISS_REASONS.items(), ("other", _("Other (say which)"))],
    )
    other = forms.CharField(label=_("Other reason"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other":
            if not (data.get("other") or "").strip():
                self.add_error("other", _("Say why the claim is dismissed."))
            data["reason"] = (data.get("other") or "").strip()
        return data


class ClaimsDismissForm(forms.Form):
    """Bulk dismissal of an article's ticked claims (page furniture: "not article text")."""

    claims = forms.ModelMultipleChoiceField(queryset=None, required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=list(DISMISS_REASONS.items()), initial="not_article_text")

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = Claim.objects.filter(article=article) if article else Claim.objects.none()


class BoundsForm(forms.Form):
    start = forms.IntegerField(label=_("Start offset"), min_value=0)
    end = forms.IntegerField(label=_("End offset"), min_value=1)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["start"] >= data["end"]:
            raise forms.ValidationError(_("The start must come before the end."))
        return data


class SplitForm(forms.Form):
    at = forms.IntegerField(label=_("Split before"), min_value=1)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class DeferForm(forms.Form):
    """Skip a claim (to the end of my queue) or defer it (out of my queue for a while)."""

    UNTIL = [("", _("Skip: to the end of my queue")), ("1h", _("Defer for an hour")), ("1d", _("Defer for a day")), ("7d", _("Defer for a week"))]
    reason = forms.CharField(max_length=300, required=False, label=_("Why"))
    until = forms.ChoiceField(choices=UNTIL, required=False, label=_("Put aside"))

    def clean(self):
        data = super().clean()
        if data.get("until") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you defer this claim."))
        return data

    @property
    def hours(self) -> int | None:
        return DEFER_CHOICES[self.cleaned_data.get("until") or ""]


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why it goes back"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, label=_("Assign to"), empty_label=_("— nobody —"))
    claims = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = policy.assignable_users()
        self.fields["claims"].queryset = Claim.objects.filter(article=article) if article else Claim.objects.none()


_NO_NUL = {"null_characters_not_allowed": _("This cannot contain a NUL character.")}


class ArticleFilterForm(forms.Form):
    """Search and filters of the article list (GET); invalid values are reported, not ignored."""

    STATUS_CHOICES = [
        ("", _("Any status")),
        ("open", _("Claims to review")),
        ("disputed", _("Disputed claims")),
        ("awaiting", _("Awaiting approval")),
        ("done", _("Fully reviewed")),
    ]
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, error_messages=_NO_NUL,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or text")}),
    )  # fmt: skip
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200, error_messages=_NO_NUL)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("", _("Newest first")), ("relevance", _("Best match first (with a search)"))]
    )
    # issue 12: articles with a claim that a published fact-check likely checked already
    match = forms.ChoiceField(
        label=_("Checked before"), required=False, choices=[("", _("Any")), ("likely", _("Has a likely match"))]
    )

    # issue 14: the article's language (indexed with the list's order: migration 0018)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())

    RANGES = (("date_from", "date_to"),)  # (start, end) date fields, checked in order

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .languages import choices

        self.fields["language"].choices = [("", _("Any language")), *choices(), ("other", _("Other languages"))]

    def clean(self):
        data = super().clean()
        for start, end in self.RANGES:
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("The end date is before the start date."))
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
        if data.get("language") == "other":
            from .languages import FULL_SUPPORT

            articles = articles.exclude(language__in=FULL_SUPPORT)
        elif data.get("language"):
            articles = articles.filter(language=data["language"])
        return articles


class _Names(forms.MultipleChoiceField):
    """Several names (rating slugs, usernames): any plausible name passes here; the form's
    clean_<field> looks them up (and names an unknown one), so the choices need not be loaded to
    validate. A name with a NUL character (PostgreSQL refuses it in a query) or absurdly long is
    refused with a message before any query."""

    MESSAGES = {
        "rating": {
            "nul": _("A rating name cannot contain a NUL character."),
            "long": _("“%(name)s…” is too long to be a rating name (%(length)s characters)."),
        },
        "user": {
            "nul": _("A user name cannot contain a NUL character."),
            "long": _("“%(name)s…” is too long to be a user name (%(length)s characters)."),
        },
    }

    def __init__(self, *, what: str, max_length: int = 1000, **kwargs):
        super().__init__(**kwargs)
        self.what, self.max_length = what, max_length
        self.messages = self.MESSAGES[what]

    def valid_value(self, value) -> bool:
        return True

    def validate(self, value):
        super().validate(value)
        for name in value:
            if "\x00" in name:
                raise forms.ValidationError(self.messages["nul"], code="null_characters_not_allowed")
            if len(name) > self.max_length:
                raise forms.ValidationError(
                    self.messages["long"] % {"name": name[:40], "length": f"{len(name):,}"}, code="max_length"
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
        label=_("Articles"),
        queryset=Article.objects.only("pk"),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("There is no article %(value)s."), "invalid_pk_value": _("“%(pk)s” is not an article id.")},
    )
    claim_status = forms.MultipleChoiceField(
        label=_("Claim status"), choices=Claim.Status.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": format_lazy("{} {}.", _("“%(value)s” is not a claim status; use one of:"), ", ".join(Claim.Status.values))},
    )  # fmt: skip
    rating = _Names(label=_("Rating"), what="rating", required=False, widget=forms.CheckboxSelectMultiple)
    reviewer = _Names(label=_("Reviewer"), what="user", required=False)
    verdict_from = forms.DateField(label=_("Verdicts from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    verdict_to = forms.DateField(label=_("Verdicts to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    approved_only = forms.BooleanField(label=_("Approved verdicts only"), required=False)
    excel = forms.BooleanField(label=_("For Excel"), required=False, help_text=_("Adds a UTF-8 byte-order mark so Excel shows accents right."))

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
        self.fields["date_from"].label, self.fields["date_to"].label = _("Articles from"), _("Articles to")

    def clean_rating(self):
        missing = _("There is no rating “%s” (ratings are named by their slug, e.g. mostly-false).")
        return _named(self.cleaned_data["rating"], Rating.objects.all(), "slug", missing)

    def clean_reviewer(self):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        return _named(self.cleaned_data["reviewer"], User.objects.all(), User.USERNAME_FIELD, _("There is no user “%s”."))

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
