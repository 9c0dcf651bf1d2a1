"""Published fact-checks (/factchecks/): the list (everyone who is signed in; searchable by text
and publisher, newest first) and the import page (editors): a small file is imported in the
request and its outcome lines shown, a bigger one (over FACTCHECK_JOB_UPLOAD_BYTES) goes to a
background job. The writes are articles.factchecks' services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from . import factchecks, policy
from .models import FactCheck
from .selectors import IdsFirstPaginator
from .text import factcheck_readers as readers

PER_PAGE = 50
SEARCH_CAP = 10_000  # a search's count stops here (as the article list's)
LIST_CAP = 100_000  # and the whole list's (counting millions of rows costs more than the page)


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


class FactCheckSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)


class FactCheckImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=format_lazy(
            _(
                "ClaimReview JSON-LD (.json, .jsonld: one object, an array, a DataFeed, a Google Fact Check Tools "
                "response), JSON Lines, a saved web page (.html) or CSV (.csv: claim_reviewed, url; rating, title, "
                "publisher, date_published, claimant, appearance_url, language). Up to {size}; files over {job} "
                "are imported in the background."
            ),
            size=_mb(settings.FACTCHECK_MAX_UPLOAD_BYTES),
            job=_mb(settings.FACTCHECK_JOB_UPLOAD_BYTES),
        ),
    )
    batch = forms.CharField(label=_("Batch name"), required=False, max_length=200, help_text=_("Default: the file's name."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = readers._suffix(upload.name)
        if suffix not in readers.SUFFIXES:
            raise forms.ValidationError(
                _("unsupported file type '%(suffix)s'; expected one of %(expected)s")
                % {"suffix": suffix or _("(none)"), "expected": ", ".join(readers.SUFFIXES)}
            )
        if upload.size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("the file is %(size)s MB, over the %(limit)s upload limit")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": _mb(settings.FACTCHECK_MAX_UPLOAD_BYTES)}
            )
        return upload


def factcheck_search(qs, *, q: str = "", publisher: str = ""):
    """The list's filters: words of the claim or headline (each must occur), the publisher's name
    or site; newest published first (undated last), then newest imported."""
    for word in q.split()[:10]:
        qs = qs.filter(Q(claim_reviewed__icontains=word) | Q(headline__icontains=word))
    if publisher.strip():
        p = publisher.strip()
        qs = qs.filter(Q(publisher_name__icontains=p) | Q(publisher_site__icontains=p))
    return qs.order_by(F("date_published").desc(nulls_last=True), "-id")


@require_GET
def factcheck_list(request):
    form = FactCheckSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "publisher": ""}
    searched = bool(data["q"].strip() or data["publisher"].strip())
    qs = factcheck_search(FactCheck.objects.all(), q=data["q"], publisher=data["publisher"])
    paginator = IdsFirstPaginator(qs, PER_PAGE, cap=SEARCH_CAP if searched else LIST_CAP)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "paginator": paginator, "searched": searched, "query": query.urlencode(),
        "may_import": bool(policy.may_import_factchecks(request.user)),
    }  # fmt: skip
    return render(request, "factchecks/factcheck_list.html", context)


@require_http_methods(["GET", "POST"])
def factcheck_import(request):
    policy.require(policy.may_import_factchecks(request.user))
    form = FactCheckImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = form.cleaned_data["batch"].strip() or upload.name
        if upload.size > settings.FACTCHECK_JOB_UPLOAD_BYTES:
            try:
                job = factchecks.import_start(upload=upload, actor=request.user, batch=batch)
            except factchecks.FactCheckError as err:
                form.add_error("file", err.message)
            else:
                messages.success(request, _("Importing %(name)s in the background.") % {"name": upload.name})
                return redirect("jobs:detail", job.pk)
        else:
            reads = readers.read_bytes(upload.name, upload.read())
            outcomes = list(factchecks.factchecks_import(records=reads, batch=batch, actor=request.user))
            counts: dict[str, int] = {}
            for o in outcomes:
                counts[o.status] = counts.get(o.status, 0) + 1
            lines = [(o.status, factchecks.outcome_line(o)) for o in outcomes]
            context = {"form": FactCheckImportForm(), "lines": lines, "summary": factchecks.summary(counts), "name": upload.name}
            return render(request, "factchecks/factcheck_import.html", context, status=200 if not counts.get("failed") else 422)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "factchecks/factcheck_import.html", {"form": form}, status=status)
