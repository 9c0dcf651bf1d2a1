"""Thin views: parse the request, call one service or query, render."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import exports, policy, rows, selectors, services
from .forms import (
    ArticleFilterForm,
    ArticleImportForm,
    AssignForm,
    BoundsForm,
    ClaimLogForm,
    ClaimsDismissForm,
    DeferForm,
    DismissForm,
    ExportForm,
    ReturnForm,
    SplitForm,
    VerdictForm,
    VersionForm,
    source_formset,
)
from .models import Article, Claim, Rating, Verdict
from .text import readers

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # a slug that can only be a CSS class name


def forbidden(request, message: str) -> HttpResponse:
    """403 in the site's layout, saying what was refused (Django's default page is bare)."""
    return render(
        request,
        "articles/403.html",
        {"message": message[:1].upper() + message[1:].rstrip(".") + "."},
        status=403,
    )


def allowed(check: Callable[..., bool], message: str):
    """The view runs only for users ``check`` (a policy role) admits; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                return forbidden(request, message)
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as err:  # a service's policy refusal (policy.Denied)
                return forbidden(request, str(err) or message)

        return wrapped

    return decorator


editor_required = allowed(policy.is_editor, "only editors can do that")
claim_editor_required = allowed(policy.can_edit_claims, "only editors can change claims")
reviewer_required = allowed(policy.is_reviewer, "you are not in a group that reviews claims")
exporter_required = allowed(policy.can_export, "only editors can export verdicts")
importer_required = allowed(policy.can_import, "only editors can import articles")


def _claims(n: int) -> str:
    """ "1 claim", "2 claims", "1,234 claims" (in the active language)."""
    return ngettext("%(count)s claim", "%(count)s claims", n) % {
        "count": number_format(n, force_grouping=True)
    }


# ----------------------------------------------------------------------------- articles


SEARCH_COUNT_CAP = 10_000  # a search's matches are counted up to this (the pager says "more than")


@require_GET
def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    articles = form.apply(Article.objects.defer("text"))  # the valid filters; invalid ones are reported
    valid = form.cleaned_data if form.is_bound else {}
    searched = bool((valid.get("q") or "").strip())
    ranked = searched and valid.get("sort") == "relevance"
    paginator = selectors.article_paginator(articles, searched=searched, ranked=ranked, cap=SEARCH_COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    items = [(article, selectors.Progress.from_article(article)) for article in page]
    query = request.GET.copy()
    query.pop("page", None)
    likely = selectors.articles_with_likely_match(
        [article.pk for article, _ in items]
    )  # the "likely match" marker
    context = {"page": page, "items": items, "form": form, "query": query.urlencode(), "likely": likely}
    if form.is_bound and form.errors:
        context["filter_errors"] = [
            f"{form.fields[name].label if name in form.fields else 'Filters'}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]
    if policy.can_export(request.user):
        shown = [(name, valid.get(name)) for name in ExportForm.LIST_FIELDS]
        context["export"] = {
            "form": ExportForm(),
            "hidden": [(k, v) for k, v in shown if v],
            "filtered": any(v for _, v in shown),
        }
        if form.is_bound and form.errors:  # never "export everything" because a filter was not understood
            context["export"]["blocked"] = _(
                "Fix the filters marked below to export: an export never ignores a filter."
            )
    return render(request, "articles/article_list.html", context)


@require_GET
def article_detail(request, pk: int):
    """The review page: the text with claims highlighted, the claim list and the claim panel."""
    return _render_page(request, get_object_or_404(Article, pk=pk))


def _panel_ui(
    panel: selectors.ClaimPanel, *, form=None, sources=None, error="", notice="", conflict=None
) -> dict:
    """The panel's forms and messages: what the user typed (``form``/``sources``), else their
    saved verdict."""
    mine = panel.mine.verdict if panel.mine else None
    if form is None:
        initial = (
            {"rating": mine.rating.slug, "rationale": mine.rationale, "version": mine.version}
            if mine
            else {"version": 0}
        )
        form = VerdictForm(initial=initial, ratings=panel.ratings)
    if sources is None:
        sources = source_formset(verdict=mine, loaded=panel.mine.sources if panel.mine else None)
    current = (form.data.get("rating") if form.is_bound else form.initial.get("rating")) or ""
    return {
        "form": form,
        "sources": sources,
        "error": error,
        "notice": notice,
        "conflict": conflict,
        "current_rating": current,
        "dismiss_choices": [(value, _(label)) for value, label in DismissForm.base_fields["reason"].choices],
        "defer_choices": DeferForm.UNTIL,
    }


def _panel_context(claim, user, *, verdicts=None, related=None, **ui) -> dict:
    panel = selectors.claim_panel(claim, user, verdicts=verdicts, related=related)
    return {"panel": panel, "ui": _panel_ui(panel, **ui), "checked": selectors.checked_before(claim, user)}


@require_http_methods(["GET", "POST"])
@importer_required
def article_add(request):
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    outcomes: list[services.ImportOutcome] = []
    if request.method == "POST" and form.is_valid():
        if form.in_background:
            job = _start_import_job(request, form)
            if job is not None:
                return redirect("jobs:detail", pk=job.pk)
            return render(request, "articles/article_form.html", {"form": form, "outcomes": outcomes})
        items = _items(request, form)
        outcomes = list(
            services.articles_import(items=items, created_by=request.user, overrides=form.overrides())
        )
        done = [o for o in outcomes if o.article is not None]
        failed = [o for o in outcomes if o.status == "failed"]
        if done and not failed and len(done) == 1:
            o = done[0]
            if o.status == "present":
                messages.info(request, _("This article was already imported; here it is."))
            else:
                messages.success(
                    request,
                    _("Imported “%(title)s”: %(claims)s.") % {"title": o.title, "claims": _claims(o.claims)},
                )
            return redirect("articles:detail", pk=o.article.pk)
        if done and not failed:
            messages.success(
                request,
                ngettext("Imported %(count)s article.", "Imported %(count)s articles.", len(done))
                % {"count": len(done)},
            )
            return redirect("articles:list")
        # failures are shown on the form page, next to what did import
    return render(request, "articles/article_form.html", {"form": form, "outcomes": outcomes})


@require_http_methods(["GET", "POST"])
@importer_required
def claim_log(request):
    """Log a claim by hand (a post, a TV quote, a reader's tip): it becomes a one-claim item."""
    form = ClaimLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_log(**form.cleaned_data, created_by=request.user)
        except services.ServiceError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            if claim.logged_now:
                messages.success(request, _("Claim logged: it is in the review queue."))
            else:
                messages.info(request, _("This claim was already logged; here it is."))
            return redirect(f"{reverse('articles:detail', args=[claim.article_id])}?claim={claim.pk}")
    return render(request, "articles/claim_log.html", {"form": form})


def _start_import_job(request, form: ArticleImportForm):
    """URLs to fetch or a big file: a background job (its page shows the progress); None with
    the form's error set when the input is refused."""
    from . import intake, uploads

    try:
        if (form.cleaned_data.get("urls") or "").strip():
            job = intake.urls_import_start(urls=form.cleaned_data["urls"], created_by=request.user)
            messages.success(
                request,
                ngettext(
                    "Fetching %(count)s URL in the background.",
                    "Fetching %(count)s URLs in the background.",
                    job.total,
                )
                % {"count": job.total},
            )
        else:
            job = uploads.upload_import_start(
                upload=form.cleaned_data["file"], created_by=request.user, overrides=form.overrides()
            )
            messages.success(
                request, _("Importing %(name)s in the background.") % {"name": form.cleaned_data["file"].name}
            )
    except services.ServiceError as err:
        form.add_error("urls" if form.cleaned_data.get("urls") else "file", err.message)
        return None
    return job


def _items(request, form: ArticleImportForm):
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    upload = form.cleaned_data.get("file")
    if upload is not None:
        items = list(readers.read_bytes(upload.name, upload.read(), max_article_bytes=limit))
    else:
        items = list(readers.read_paste(form.cleaned_data["text"], max_article_bytes=limit))
    if len(items) > 1 and form.cleaned_data.get("url"):
        form.cleaned_data["url"] = ""  # one URL cannot belong to several articles
        messages.warning(request, _("The URL was not applied: the input holds several articles."))
    return items


def _render_page(request, article, *, selected=None, status=200, ui=None):
    """The article review page; for HTMX requests only its workspace (text, claims, panel)."""
    page = selectors.article_page(
        article, request.user, wanted=str(selected) if selected else request.GET.get("claim")
    )
    selected_id = page.selected.pk if page.selected else None
    context = {
        "page": page,
        "article": article,
        "progress": page.progress,
        "per_reviewer": page.per_reviewer,
        "agreement": page.agreement,
        "is_editor": page.is_editor,
        "can_edit": page.can_edit,
        "selected_id": selected_id,
        "rows_html": rows.claim_rows_html(
            page.rows, selected_id=selected_id, is_editor=page.can_edit, language=article.language
        ),
        "text_html": rows.article_text_html(
            selectors.text_pieces(article.text, page.rows), selected_id=selected_id
        ),
    }
    if page.panel:
        context["panel"] = page.panel
        context["ui"] = _panel_ui(page.panel, **(ui or {}))
    if policy.can_export(request.user):
        form = ExportForm(reviewers=page.reviewers if page.can_edit else None)
        context["export"] = {"form": form, "hidden": [("article", article.pk)], "article": article}
    # htmx restoring a page on Back (no snapshot is kept, see article_detail.html) wants it whole
    partial = request.htmx and not request.htmx.history_restore_request
    template = "articles/article_detail.html#workspace" if partial else "articles/article_detail.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    if partial:
        response["HX-Retarget"] = "#workspace"
        response["HX-Reswap"] = "outerHTML"
        if page.selected:
            response["HX-Push-Url"] = (
                f"{reverse('articles:detail', args=[article.pk])}?claim={page.selected.pk}"
            )
    return response


# ----------------------------------------------------------------------------- exports


@require_GET
@exporter_required
def export_csv(request):
    """The CSV export of what the filters select (the article list's and the export's own)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "articles/export_error.html", {"form": form}, status=400)
    articles = form.cleaned_data["article"]
    name = f"verdicts-article-{articles[0].pk}" if len(articles) == 1 else "verdicts"
    return exports.csv_response(form.filters(), excel=form.cleaned_data["excel"], name=name)


@require_GET
@exporter_required
def article_claimreview(request, pk: int):
    """schema.org ClaimReview JSON-LD of the article's approved claims."""
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    return exports.claimreview_response(
        exports.Filters(articles=[article.pk]), name=f"claimreview-article-{article.pk}"
    )


# ----------------------------------------------------------------------------- the claim panel


_CLAIM = selectors.Prepared(
    Claim,
    lambda pk: Claim.objects.select_related("article", "assignee").defer("article__text").filter(pk=pk),
    int,
)


def _claim(pk: int) -> Claim:
    """The claim with its article (not its text) and assignee; 404 if there is none (its SQL
    compiled once: every claim action starts here)."""
    found = _CLAIM(int(pk))
    if not found:
        raise Http404("No claim matches the given query.")
    return found[0]


@require_GET
def claim_panel(request, pk: int):
    """The claim panel alone (HTMX); without JavaScript, the article page with this claim selected."""
    claim = _claim(pk)
    if not request.htmx:
        return redirect(_claim_url(claim))
    from_queue = request.GET.get("from") == "queue"
    context = {
        **_panel_context(claim, request.user),
        "from_queue": from_queue,
        "queue_match": _queue_match(request),
    }
    response = render(request, "articles/claim_panel.html#panel", context)
    patch_vary_headers(response, ["HX-Request"])
    if from_queue and request.headers.get("HX-Preloaded") == "true":
        # the queue preloads its next claim's panel (hx-preload): the browser keeps it briefly,
        # and the request that shows it is answered from that copy
        response["Cache-Control"] = f"private, max-age={PRELOAD_SECONDS}"
    return response


PRELOAD_SECONDS = 20


def _claim_url(claim: Claim, *, queue: bool = False) -> str:
    if queue:
        return f"{reverse('articles:queue')}?claim={claim.pk}"
    return f"{reverse('articles:detail', args=[claim.article_id])}?claim={claim.pk}#claim-panel"


@require_POST
@reviewer_required
def verdict_save(request, pk: int):
    claim = _claim(pk)
    form = VerdictForm(request.POST, ratings=selectors.active_ratings())
    mine = _mine_if_cited(request, claim)
    sources = source_formset(data=request.POST, verdict=mine)
    from_queue = request.POST.get("from") == "queue"
    if "add_source" in request.POST:  # no-JavaScript "add another source": one more blank row
        return _panel_response(
            request, claim, form=form, sources=source_formset(data=_one_more(request.POST), verdict=mine)
        )
    if not (form.is_valid() and sources.is_valid()):
        return _panel_response(request, claim, form=form, sources=sources, status=422)
    try:
        verdict = services.verdict_submit(
            claim=claim,
            reviewer=request.user,
            rating=form.cleaned_data["rating"],
            rationale=form.cleaned_data["rationale"],
            version=form.cleaned_data["version"] or 0,
            sources=_source_changes(sources),
        )
    except services.StaleVersionError as err:
        return _conflict(request, claim, err, form=form)
    except services.ServiceError as err:
        return _panel_response(request, claim, form=form, sources=sources, status=422, error=err.message)
    saved = verdict.claim  # as the service left it (new status and version), read under its lock
    saved.article, saved.assignee = claim.article, claim.assignee  # a save changes neither
    return _after_save(request, saved, go_next="next" in request.POST, from_queue=from_queue)


def _mine_if_cited(request, claim) -> Verdict | None:
    """The user's verdict on the claim when the form edits its saved sources (the formset finds
    them through it); None when the form has no saved source row: nothing to read, and the
    service reads the verdict under the claim's lock anyway."""
    try:
        saved_rows = int(request.POST.get("sources-INITIAL_FORMS") or 0)
    except ValueError:
        saved_rows = 1  # a malformed form: the formset reports it, with the verdict at hand
    if saved_rows <= 0:
        return None
    return Verdict.objects.filter(claim=claim, reviewer=request.user).first()


def _one_more(data):
    data = data.copy()
    data["sources-TOTAL_FORMS"] = str(int(data.get("sources-TOTAL_FORMS") or 0) + 1)
    return data


def _source_changes(formset) -> list[services.SourceChange]:
    changes = []
    for f in formset.forms:
        deleted = bool(f.cleaned_data.get("DELETE"))
        if deleted and f.instance.pk:
            changes.append(services.SourceChange(source=f.instance, delete=True))
        elif not deleted and f.has_changed():
            changes.append(services.SourceChange(source=f.instance))
    return changes


def _conflict(request, claim, err, *, form):
    """409: someone saved first. Show their current verdict and keep what this user typed."""
    current = Verdict.objects.filter(claim=claim, reviewer=request.user).select_related("rating").first()
    data = request.POST.copy()
    data["version"] = str(current.version if current else 0)
    kept = VerdictForm(data, ratings=selectors.active_ratings())
    kept.is_valid()
    return _panel_response(
        request,
        claim,
        form=kept,
        sources=source_formset(data=data, verdict=current),
        status=409,
        error=err.message,
        conflict=current,
    )


def _panel_response(request, claim, *, form=None, sources=None, status=200, error="", conflict=None):
    ui = {"form": form, "sources": sources, "error": error, "conflict": conflict}
    from_queue = request.POST.get("from") == "queue" or request.GET.get("from") == "queue"
    if request.htmx:
        context = {**_panel_context(claim, request.user, **ui), "from_queue": from_queue}
        return render(request, "articles/claim_panel.html#panel", context, status=status)
    if from_queue:
        return _queue_page(request, claim, status=status, ui=ui)
    return _render_page(request, claim.article, selected=claim.pk, status=status, ui=ui)


def _after_save(request, claim, *, go_next: bool, from_queue: bool):
    if from_queue:  # in the queue a save moves on (the saved claim has left the queue)
        if not request.htmx:
            messages.success(request, _("Saved claim #%(position)s.") % {"position": claim.position})
            return redirect(_queue_url(_queue_match(request)))
        return _queue_panel(request, after=claim, saved=claim)
    nxt = selectors.next_reviewable_in_article(claim, request.user) if go_next else claim
    if not request.htmx:
        messages.success(request, _("Saved claim #%(position)s.") % {"position": claim.position})
        return redirect(_claim_url(nxt or claim))
    return _saved(request, claim, nxt or claim)


def _saved(request, saved: Claim, shown: Claim):
    """One response: the panel (of the next claim, or the same), and out-of-band the saved
    claim's row and highlight and the article's progress bar. ``saved`` and ``shown`` come read
    with their article and assignee (no second read)."""
    related = selectors.related_claims(shown)
    verdicts = selectors.verdicts_of([saved.pk, shown.pk, *(d.pk for d in related[2])])
    context = {
        **_panel_context(shown, request.user, verdicts=verdicts, related=related),
        "can_edit": policy.can_edit_claims(request.user),
        "rows": selectors.saved_rows(saved, request.user, verdicts),
        "selected_id": shown.pk,
        "progress": selectors.Progress.of_article(saved.article_id),
        "saved_claim": saved,
        "article_language": saved.article.language,  # the rows' claim text (rows.claim_row_html)
    }
    response = render(request, "articles/claim_panel.html#saved", context)
    response["HX-Push-Url"] = f"{reverse('articles:detail', args=[shown.article_id])}?claim={shown.pk}"
    return response


@require_POST
@reviewer_required
def verdict_reuse(request, pk: int, verdict_pk: int):
    claim = _claim(pk)
    original = get_object_or_404(Verdict.objects.select_related("rating", "claim"), pk=verdict_pk)
    version_form = VersionForm(request.POST)
    version = version_form.cleaned_data["version"] if version_form.is_valid() else 0
    try:
        services.verdict_reuse(claim=claim, reviewer=request.user, original=original, version=version)
    except services.StaleVersionError as err:
        return _panel_response(request, claim, status=409, error=err.message)
    except services.ServiceError as err:
        return _panel_response(request, claim, status=422, error=err.message)
    if not request.htmx:
        messages.success(request, _("Verdict reused: check it and adjust the rationale if needed."))
        return redirect(_claim_url(claim))
    claim = _claim(pk)  # its new status
    return _saved(request, claim, claim)


# ----------------------------------------------------------------------------- editor tools


def _edit(request, claim: Claim, action, *, success: str):
    """Run an editor's ``action()`` on a claim and show the outcome."""
    try:
        result = action()
    except services.StaleVersionError as err:
        return _edited(request, claim, error=err.message, status=409)
    except services.ServiceError as err:
        return _edited(request, claim, error=err.message, status=422)
    return _edited(request, result if isinstance(result, Claim) else claim, notice=success)


def _edited(request, claim: Claim, *, error: str = "", notice: str = "", status: int = 200):
    """Without JavaScript: a message and back to the claim. With htmx: the workspace again
    (claims may have moved), the panel showing the error or notice."""
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or notice)
        return redirect(_claim_url(claim))
    return _render_page(
        request, claim.article, selected=claim.pk, status=status, ui={"error": error, "notice": notice}
    )


def _form_error(request, claim: Claim, form):
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = f"{field.label}: " if field is not None and field.label else ""
        parts.append(label + " ".join(errors))
    return _edited(request, claim, error="; ".join(parts), status=422)


@require_POST
@claim_editor_required
def claim_bounds(request, pk: int):
    claim = _claim(pk)
    form = BoundsForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    d = form.cleaned_data
    return _edit(
        request,
        claim,
        lambda: services.claim_set_bounds(
            claim=claim, start=d["start"], end=d["end"], version=d["version"], actor=request.user
        ),
        success="Boundaries changed.",
    )


@require_POST
@claim_editor_required
def claim_split(request, pk: int):
    claim = _claim(pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    d = form.cleaned_data
    return _edit(
        request,
        claim,
        lambda: services.claim_split(claim=claim, at=d["at"], version=d["version"], actor=request.user)[0],
        success="Claim split in two.",
    )


@require_POST
@claim_editor_required
def claim_merge(request, pk: int):
    claim = _claim(pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request,
        claim,
        lambda: services.claim_merge(claim=claim, version=form.cleaned_data["version"], actor=request.user),
        success="Claim merged with the next one.",
    )


@require_POST
@claim_editor_required
def claim_dismiss(request, pk: int):
    claim = _claim(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request,
        claim,
        lambda: services.claim_dismiss(
            claims=[claim], reason=form.cleaned_data["reason"], actor=request.user
        ),
        success=_("Claim dismissed."),
    )


@require_POST
@claim_editor_required
def claim_reopen(request, pk: int):
    claim = _claim(pk)
    return _edit(
        request,
        claim,
        lambda: services.claim_reopen(claim=claim, actor=request.user),
        success=_("Claim reopened."),
    )


@require_POST
@claim_editor_required
def claim_assign(request, pk: int):
    claim = _claim(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    assignee = form.cleaned_data["assignee"]
    return _edit(
        request,
        claim,
        lambda: services.claims_assign(claims=[claim], assignee=assignee, actor=request.user),
        success=_("Assigned to %(name)s.") % {"name": assignee} if assignee else _("Unassigned."),
    )


@require_POST
@claim_editor_required
def claims_assign(request, pk: int):
    """Bulk assignment of the article's selected claims."""
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    form = AssignForm(request.POST, article=article)
    error = ""
    if not form.is_valid() or not form.cleaned_data["claims"]:
        error = (
            _("Tick the claims to assign.")
            if form.is_valid()
            else _("Choose a reviewer who can review claims.")
        )
    else:
        try:
            n = services.claims_assign(
                claims=form.cleaned_data["claims"], assignee=form.cleaned_data["assignee"], actor=request.user
            )
        except services.ServiceError as err:
            error = err.message
    if not request.htmx:
        (messages.error if error else messages.success)(
            request, error or _("%(claims)s assigned.") % {"claims": _claims(n)}
        )
        return redirect("articles:detail", pk=article.pk)
    notice = "" if error else _("%(claims)s assigned.") % {"claims": _claims(n)}
    return _render_page(request, article, status=422 if error else 200, ui={"error": error, "notice": notice})


@require_POST
@claim_editor_required
def claims_dismiss(request, pk: int):
    """Bulk dismissal of the article's ticked claims (one service call: all or nothing)."""
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    form = ClaimsDismissForm(request.POST, article=article)
    error = ""
    if not form.is_valid():
        error = (
            _("Choose a reason for dismissing.")
            if "reason" in form.errors
            else _("Those claims are not this article’s.")
        )
    elif not form.cleaned_data["claims"]:
        error = _("Tick the claims to dismiss.")
    else:
        try:
            reason = form.cleaned_data["reason"]
            n = services.claim_dismiss(
                claims=list(form.cleaned_data["claims"]), reason=reason, actor=request.user
            )
        except services.ServiceError as err:
            error = err.message
    notice = (
        ""
        if error
        else _("%(claims)s dismissed: %(reason)s.")
        % {"claims": _claims(n), "reason": _(services.DISMISS_REASONS[reason]).lower()}
    )
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or notice)
        return redirect("articles:detail", pk=article.pk)
    return _render_page(request, article, status=422 if error else 200, ui={"error": error, "notice": notice})


@require_POST
@editor_required
def verdict_approve(request, pk: int):
    verdict = get_object_or_404(Verdict.objects.select_related("claim__article"), pk=pk)
    claim = _claim(verdict.claim_id)
    return _edit(
        request,
        claim,
        lambda: services.verdict_approve(verdict=verdict, editor=request.user),
        success=_("Verdict approved."),
    )


@require_POST
@editor_required
def article_approve_agreed(request, pk: int):
    """Approve every claim of the article on which the reviewers agree."""
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    result = services.verdicts_approve_agreed(article=article, editor=request.user)
    n = result.approved
    if n:
        notice = ngettext(
            "Approved %(count)s claim on which the reviewers agree.",
            "Approved %(count)s claims on which the reviewers agree.",
            n,
        ) % {"count": n}
    else:
        notice = _("No agreed claim was waiting for your approval.")
    if result.own:
        notice += " " + ngettext(
            "%(count)s agreed claim carry your own verdict: another editor must approve it (maker-checker).",
            "%(count)s agreed claims carry your own verdict: another editor must approve them (maker-checker).",
            result.own,
        ) % {"count": result.own}
    if not request.htmx:
        messages.success(request, notice)
        return redirect("articles:detail", pk=article.pk)
    return _render_page(request, article, ui={"notice": notice})


@require_POST
@editor_required
def claim_return(request, pk: int):
    claim = _claim(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request,
        claim,
        lambda: services.verdict_return(claim=claim, editor=request.user, note=form.cleaned_data["note"]),
        success=_("Claim returned for another review."),
    )


# ----------------------------------------------------------------------------- queues


@require_GET
@reviewer_required
def queue(request):
    """My queue: returned claims first, then the rest of the article just worked on, then
    assigned ones, unassigned ones by check-worthiness, and those put aside. ``?claim=`` shows
    that claim (the list continues after it), ``?after=`` the next claim after that one."""
    wanted, after = _claim_param(request, "claim"), _claim_param(request, "after")
    returned = None
    if wanted is None and after is None:  # the first claim; the list goes on from its article
        wanted, returned = policy.queue_head(request.user, _queue_parts(request), limit=QUEUE_LIST)
    upcoming = _upcoming(request, after=wanted or after, returned=returned)
    claim = wanted or (upcoming[0] if upcoming else None)
    return _queue_page(request, claim, upcoming=upcoming)


@require_POST
@reviewer_required
def claim_defer(request, pk: int):
    """Skip a claim (to the end of my queue) or defer it (out of it for a while), with a reason;
    the queue then shows the next claim (of the same article first)."""
    claim = _claim(pk)
    form = DeferForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.claim_defer(
                claim=claim, reviewer=request.user, reason=form.cleaned_data["reason"], hours=form.hours
            )
        except services.ServiceError as err:
            error = err.message
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if error:
        return _panel_response(request, claim, status=422, error=error)
    if not request.htmx:
        messages.success(request, _("Put claim #%(position)s aside.") % {"position": claim.position})
        return redirect(_queue_url(_queue_match(request), after=claim))
    return _queue_panel(
        request, after=claim, notice=_("Put claim %(position)s aside.") % {"position": claim.position}
    )


def _claim_param(request, name: str) -> Claim | None:
    value = request.GET.get(name) or ""
    if not (value.isascii() and value.isdecimal()) or len(value) > 18:  # isdigit() lets "²" through
        return None
    return Claim.objects.filter(pk=value).select_related("article", "assignee").defer("article__text").first()


def _queue_match(request) -> str:
    """The queue's filter: "likely" (?match=likely) keeps to claims with a likely match (issue
    12); the panel's forms carry it on, so "save and next" stays in the filtered queue."""
    return "likely" if (request.GET.get("match") or request.POST.get("match")) == "likely" else ""


QUEUE_LIST = selectors.QUEUE_READ  # claims listed in the queue (j/k move within them)


def _queue_reads(request) -> selectors.QueueReads:
    """The user's queue as this request reads it (selectors.QueueReads: each read's SQL compiled
    once per process), made once per request."""
    reads = getattr(request, "_queue_reads", None)
    if reads is None:
        reads = request._queue_reads = selectors.QueueReads(request.user, _queue_match(request))
    return reads


def _queue_parts(request) -> list:
    return _queue_reads(request).parts


def _upcoming(request, *, after: Claim | None, returned: list[Claim] | None = None) -> list[Claim]:
    # (the parts and the rest of the article are the compiled reads: no queryset is built here)
    return policy.queue_upcoming(
        request.user,
        after=after,
        limit=QUEUE_LIST,
        read_rest_of_article=_queue_reads(request).rest_of_article,
        parts=_queue_parts(request),
        returned=returned,
    )


def _queue_url(match: str = "", claim: Claim | None = None, *, after: Claim | None = None) -> str:
    params = (
        f"claim={claim.pk}" if claim else "",
        f"after={after.pk}" if after else "",
        f"match={match}" if match else "",
    )
    query = "&".join(q for q in params if q)
    return reverse("articles:queue") + (f"?{query}" if query else "")


def _queue_context(request, *, claim=None, upcoming=None) -> dict:
    match = _queue_match(request)
    left = _queue_reads(request).left()
    listed = list(upcoming or [])
    if claim is not None and all(c.pk != claim.pk for c in listed):
        listed.insert(0, claim)
    nxt = next((c for c in listed if claim is None or c.pk != claim.pk), None)
    return {
        "left": min(left, policy.QUEUE_COUNT_LIMIT), "left_more": left > policy.QUEUE_COUNT_LIMIT,
        "from_queue": True, "queue_match": match, "upcoming": listed, "next_claim": nxt,
        "selected_id": claim.pk if claim is not None else None,
    }  # fmt: skip


def _queue_page(request, claim, *, status=200, ui=None, upcoming=None):
    if upcoming is None:
        upcoming = _upcoming(request, after=claim)
    context = _queue_context(request, claim=claim, upcoming=upcoming)
    if claim is not None:
        context.update(_panel_context(claim, request.user, **(ui or {})))
    return render(request, "articles/queue.html", context, status=status)


def _queue_panel(request, *, after: Claim, saved=None, notice=""):
    """The queue's body (list and panel) after ``after`` was saved or put aside: the next claim."""
    match = _queue_match(request)
    upcoming = _upcoming(request, after=after)
    claim = upcoming[0] if upcoming else None
    context = {**_queue_context(request, claim=claim, upcoming=upcoming), "saved_claim": saved}
    if claim is not None:
        context.update(_panel_context(claim, request.user, notice=notice))
    response = render(request, "articles/queue.html#queue_body", context)
    response["HX-Retarget"] = "#queue-body"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Push-Url"] = _queue_url(match, claim)
    return response


@require_GET
@editor_required
def approvals(request):
    """The editors' queue: disputed claims, then agreed ones awaiting approval."""
    claims = policy.awaiting_editor().select_related("article").defer("article__text")
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/approvals.html",
        {"page": page, "rows": selectors.approval_rows(list(page), request.user)},
    )


@require_GET
def shortcuts(request):
    return render(request, "articles/shortcuts.html")


@require_GET
def ratings_css(request):
    """Each rating's colour as CSS custom properties on a class (the CSP allows no inline style;
    colours are edited in the admin), with text colours chosen for WCAG AA contrast whatever the
    colour: ``--rating`` (borders, the pressed button), ``--rating-on`` (text on it), and for
    badges and highlights a tint of it on the page background (``--rating-tint``) with its text
    colour (``--rating-ink``), once for the light and once for the dark colour scheme."""

    def rgb(hex_: str) -> tuple[int, int, int]:
        return int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)

    def luminance(hex_: str) -> float:
        lin = [
            (c / 255 / 12.92) if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb(hex_)
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    def mix(color: str, base: str, share: float) -> str:
        return "#" + "".join(
            f"{round(c * share + b * (1 - share)):02x}" for c, b in zip(rgb(color), rgb(base), strict=True)
        )

    def ink(background: str, preferred: str) -> str:
        """``preferred`` when it reaches 4.5:1 on ``background``, else black or white, whichever
        contrasts more (one of them always reaches 4.58:1)."""
        if contrast(preferred, background) >= 4.5:
            return preferred
        return max(("#000000", "#ffffff"), key=lambda c: contrast(c, background))

    light_bg, light_fg, dark_bg, dark_fg = "#ffffff", "#1d232a", "#15191d", "#e8ebee"  # static/app.css :root
    light, dark = [], []
    for r in Rating.objects.all():
        if _HEX.fullmatch(r.color or "") and _SLUG.fullmatch(r.slug or ""):
            color = r.color.lower()
            on = max(("#000000", "#ffffff"), key=lambda c, color=color: contrast(c, color))
            tint = mix(color, light_bg, 0.25)
            light.append(
                f".rating-{r.slug} {{ --rating: {color}; --rating-on: {on}; "
                f"--rating-tint: {tint}; --rating-ink: {ink(tint, light_fg)}; }}"
            )
            tint = mix(color, dark_bg, 0.35)
            dark.append(
                f"  .rating-{r.slug} {{ --rating-tint: {tint}; --rating-ink: {ink(tint, dark_fg)}; }}"
            )
    css = "\n".join(light) + "\n"
    if dark:
        css += "@media (prefers-color-scheme: dark) {\n" + "\n".join(dark) + "\n}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response
