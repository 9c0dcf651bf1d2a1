"""The claim panel's "Checked before" section: confirm, reject, add as source (thin views).

With htmx, confirm and reject answer with the section alone (``claim_panel.html#checked_before``);
"Add as source" answers with the whole panel, its verdict form holding what the reviewer had
typed plus the fact-check in a source row (nothing saved: they press Save). Without JavaScript
each is a plain POST answered by a redirect to the claim (post/redirect/get) or, for "Add as
source", the page with the filled-in form.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import match_reviews, policy, selectors, services
from .forms import VerdictForm, source_formset
from .models import ClaimMatch, Verdict
from .views import _claim, _claim_url, _panel_context, _queue_page, _render_page, reviewer_required


def _match(pk: int) -> ClaimMatch:
    return get_object_or_404(ClaimMatch.objects.select_related("factcheck"), pk=pk)


def _from_queue(request) -> bool:
    return request.POST.get("from") == "queue" or request.GET.get("from") == "queue"


def _back(request, claim) -> str:
    """Where a no-JavaScript decision returns to: the page it was made on."""
    if request.POST.get("from") == "matches":
        return reverse("matches:claim", args=[claim.pk])
    return _claim_url(claim, queue=_from_queue(request))


@require_GET
@reviewer_required
def claim_matches(request, pk: int):
    """The "Checked before" section of a claim: with htmx, the section alone (the article page
    loads it after itself, keeping the page within its query budget; nothing when there is no
    suggestion); without JavaScript, a page of its own whose decisions come back to it."""
    claim = _claim(pk)
    checked = selectors.checked_before(claim, request.user)
    if request.htmx:
        if not checked.matches:
            return HttpResponse("")
        context = {"checked": checked, "from_queue": _from_queue(request)}
        return render(request, "articles/claim_panel.html#checked_before", context)
    return render(request, "articles/checked_before.html", {"checked": checked, "claim": claim, "standalone": True})


def _decided(request, match: ClaimMatch, service, *, done: str):
    claim = _claim(match.claim_id)
    error, status = "", 200
    try:
        service(match=match, actor=request.user, note=request.POST.get("note", "")[:1000])
    except services.ServiceError as err:
        error, status = err.message, 422
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or done)
        return redirect(_back(request, claim))
    context = {
        "checked": selectors.checked_before(claim, request.user),
        "checked_error": error,
        "checked_notice": "" if error else done,
        "from_queue": _from_queue(request),
    }
    return render(request, "articles/claim_panel.html#checked_before", context, status=status)


@require_POST
@reviewer_required
def match_confirm(request, pk: int):
    """"Same claim"."""
    return _decided(request, _match(pk), match_reviews.match_confirm, done=_("Marked as the same claim: it is linked to this fact-check."))


@require_POST
@reviewer_required
def match_reject(request, pk: int):
    """"Not the same": hidden for good."""
    return _decided(request, _match(pk), match_reviews.match_reject, done=_("Marked as not the same claim: it will not be suggested again."))


def _fill_source(data, source) -> str:
    """Put ``source`` into the first blank source row of the posted verdict form (or a new row);
    returns a notice. ``data``: a mutable copy of request.POST."""
    raw = str(data.get("sources-TOTAL_FORMS") or "")
    total = int(raw) if raw.isascii() and raw.isdecimal() and len(raw) <= 9 else 0  # not isdigit(): "²"
    total = min(total, 50)
    keys = ("id", "url", "title", "publisher", "published_on", "accessed_on", "quote", "archive_url")
    for i in range(total):
        if data.get(f"sources-{i}-url", "").strip() == source.url and not data.get(f"sources-{i}-DELETE"):
            return _("This fact-check is already among your sources.")
    row = next((i for i in range(total) if not any(data.get(f"sources-{i}-{k}", "").strip() for k in keys)), None)
    if row is None:
        if total >= 50:
            return _("A verdict cites at most 50 sources.")
        row, data["sources-TOTAL_FORMS"] = total, str(total + 1)
        data.setdefault("sources-INITIAL_FORMS", "0")
    data[f"sources-{row}-url"] = source.url
    data[f"sources-{row}-title"] = source.title
    data[f"sources-{row}-publisher"] = source.publisher
    data[f"sources-{row}-published_on"] = source.published_on.isoformat() if source.published_on else ""
    return _("Source filled in below: save your verdict to keep it.")


@require_POST
@reviewer_required
def match_source(request, pk: int):
    """"Add as source": the verdict form as posted (rating, rationale, sources, version: what the
    reviewer typed) with the fact-check in a source row, shown again for saving. Nothing is
    written: the reviewer saves the verdict as usual (the version it carries still guards it)."""
    match = get_object_or_404(ClaimMatch.objects.select_related("factcheck", "other_claim__article"), pk=pk)
    claim = _claim(match.claim_id)
    policy.require(policy.may_see_matches(request.user))
    source = match_reviews.match_source(match) if match.status != ClaimMatch.Status.REJECTED else None
    data = request.POST.copy()
    if source is None:
        notice, error = "", _("This suggestion has no public URL to cite.")
    else:
        notice, error = _fill_source(data, source), ""
    mine = Verdict.objects.filter(claim=claim, reviewer=request.user).first()
    form = VerdictForm(
        initial={"rating": data.get("rating", ""), "rationale": data.get("rationale", ""), "version": data.get("version") or 0},
        ratings=selectors.active_ratings(),
    )  # unbound: what was typed, without "pick a rating" errors before any save
    sources = source_formset(data=data, verdict=mine) if "sources-TOTAL_FORMS" in data else None
    ui = {"form": form, "sources": sources, "error": error, "notice": notice}
    status = 422 if error else 200
    if request.htmx:
        context = {**_panel_context(claim, request.user, **ui), "from_queue": _from_queue(request), "unsaved": not error}
        return render(request, "articles/claim_panel.html#panel", context, status=status)
    if _from_queue(request):
        return _queue_page(request, claim, status=status, ui=ui)
    return _render_page(request, claim.article, selected=claim.pk, status=status, ui=ui)
