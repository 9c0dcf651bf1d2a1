"""Thin views: parse the request, call one service or query, render."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import exports, queries, rows, services
from .forms import (
    ArticleFilterForm,
    ArticleImportForm,
    AssignForm,
    BoundsForm,
    DismissForm,
    ExportForm,
    ReturnForm,
    SplitForm,
    VerdictForm,
    VersionForm,
    source_formset,
)
from .models import Article, Claim, Verdict
from .text import checkworthiness, readers

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
editor_required = permission_required("articles.approve_verdict", raise_exception=True)
reviewer_required = permission_required("articles.add_verdict", raise_exception=True)
exporter_required = permission_required("articles.export_verdicts", raise_exception=True)


# ----------------------------------------------------------------------------- articles


@require_GET
def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    articles = form.apply(Article.objects.with_progress().defer("text"))
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    for article in page:
        article.progress = queries.Progress.from_article(article)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "query": query.urlencode()}
    if request.user.has_perm("articles.export_verdicts"):
        shown = [(name, form.cleaned_data[name]) for name in ExportForm.LIST_FIELDS] if form.is_bound and form.is_valid() else []
        context["export"] = {"form": ExportForm(), "hidden": [(k, v) for k, v in shown if v], "filtered": any(v for _, v in shown)}
    return render(request, "articles/article_list.html", context)


@require_GET
def article_detail(request, pk: int):
    """The review page: the text with claims highlighted, the claim list and the claim panel."""
    return _render_page(request, get_object_or_404(Article, pk=pk))


def _panel(claim, user, *, verdicts=None, related=None, **extra):
    """The claim panel's context with its forms: what the user typed (``form``/``sources``
    in ``extra``), else their saved verdict."""
    panel = queries.claim_panel(claim, user, verdicts=verdicts, related=related)
    panel.update({k: v for k, v in extra.items() if v is not None})
    mine = panel["mine"]
    if panel.get("form") is None:
        initial = {"rating": mine.rating.slug, "rationale": mine.rationale, "version": mine.version} if mine else {"version": 0}
        panel["form"] = VerdictForm(initial=initial, ratings=panel["ratings"])
    if panel.get("sources") is None:
        panel["sources"] = source_formset(verdict=mine)
    panel["dismiss_choices"] = DismissForm.base_fields["reason"].choices
    form = panel["form"]
    panel["current_rating"] = (form.data.get("rating") if form.is_bound else form.initial.get("rating")) or ""
    return panel


def _pick(claims, wanted, user):
    """The selected claim: the one asked for, else the first the user can still review, else the first."""
    by_id = {str(c.pk): c for c in claims}
    if wanted in by_id:
        return by_id[wanted]
    open_ = [c for c in claims if c.status in ("unreviewed", "in_review") and c.assignee_id in (None, user.pk)]
    return open_[0] if open_ else (claims[0] if claims else None)


def _page_context(request, article, claims, verdicts):
    from .agreement import agreement

    for claim in claims:
        _decorate(claim, verdicts.get(claim.pk, []), request.user)
    rated = [[v.rating_id for v in verdicts.get(c.pk, [])] for c in claims if c.status != "dismissed"]
    return {
        "article": article,
        "claims": claims,
        "pieces": queries.text_pieces(article.text, claims),
        "progress": queries.Progress.of(c.status for c in claims),
        "per_reviewer": queries.reviewer_progress(claims, verdicts),
        "agreement": agreement(rated),
        "is_editor": queries.is_editor(request.user),
    }


def _decorate(claim, verdicts, user) -> None:
    """What a claim row shows: the rating to colour it by (the approved one, else agreed one,
    else the user's own), and whether its check-worthiness is low."""
    approved = next((v for v in verdicts if v.approved_at), None)
    mine = next((v for v in verdicts if v.reviewer_id == user.pk), None)
    agreed = verdicts[0] if verdicts and len({v.rating_id for v in verdicts}) == 1 and claim.status == "reviewed" else None
    shown = approved or agreed or mine
    claim.shown_rating = shown.rating if shown else None
    claim.verdict_count = len(verdicts)
    claim.mine = mine
    claim.quiet = claim.checkworthiness < checkworthiness.THRESHOLD


@require_http_methods(["GET", "POST"])
@permission_required("articles.import_articles", raise_exception=True)
def article_add(request):
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    outcomes: list[services.ImportOutcome] = []
    if request.method == "POST" and form.is_valid():
        outcomes = list(services.articles_import(items=_items(request, form), created_by=request.user, overrides=form.overrides()))
        done = [o for o in outcomes if o.article is not None]
        failed = [o for o in outcomes if o.status == "failed"]
        if done and not failed and len(done) == 1:
            o = done[0]
            if o.status == "present":
                messages.info(request, "This article was already imported; here it is.")
            else:
                messages.success(request, f"Imported “{o.title}”: {o.claims} claims.")
            return redirect("articles:detail", pk=o.article.pk)
        if done and not failed:
            messages.success(request, f"Imported {len(done)} articles.")
            return redirect("articles:list")
        # failures are shown on the form page, next to what did import
    return render(request, "articles/article_form.html", {"form": form, "outcomes": outcomes})


def _items(request, form: ArticleImportForm):
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    upload = form.cleaned_data.get("file")
    if upload is not None:
        if upload.size > 4 * limit:
            return [readers.Item(path=upload.name, line=None, article=None, error=f"file is over {4 * limit / 1048576:.0f} MB")]
        items = list(readers.read_bytes(upload.name, upload.read(), max_article_bytes=limit))
    else:
        items = list(readers.read_paste(form.cleaned_data["text"], max_article_bytes=limit))
    if len(items) > 1 and form.cleaned_data.get("url"):
        form.cleaned_data["url"] = ""  # one URL cannot belong to several articles
        messages.warning(request, "The URL was not applied: the input holds several articles.")
    return items


def _render_page(request, article, *, selected=None, status=200, panel_extra=None):
    """The article review page; for HTMX requests only its workspace (text, claims, panel)."""
    claims = list(Claim.objects.filter(article=article).select_related("assignee").order_by("position"))
    chosen = _pick(claims, str(selected) if selected else request.GET.get("claim"), request.user)
    related = queries.related_claims(chosen) if chosen else (None, None, [])
    verdicts = queries.load_verdicts(Q(claim__article_id=article.pk) | Q(claim_id__in=[d.pk for d in related[2]]))
    context = _page_context(request, article, claims, verdicts)
    context["selected_id"] = selected_id = chosen.pk if chosen else None
    context["rows_html"] = rows.claim_rows_html(claims, selected_id=selected_id, is_editor=context["is_editor"])
    context["text_html"] = rows.article_text_html(context.pop("pieces"), selected_id=selected_id)
    if chosen:
        context["panel"] = _panel(chosen, request.user, verdicts=verdicts, related=related, **(panel_extra or {}))
    if request.user.has_perm("articles.export_verdicts"):  # the panel has read the reviewers already
        form = ExportForm(reviewers=context["panel"]["reviewers"] if chosen else None)
        context["export"] = {"form": form, "hidden": [("article", article.pk)], "article": article}
    template = "articles/article_detail.html#workspace" if request.htmx else "articles/article_detail.html"
    response = render(request, template, context, status=status)
    if request.htmx:
        response["HX-Retarget"] = "#workspace"
        response["HX-Reswap"] = "outerHTML"
        if chosen:
            response["HX-Push-Url"] = f"{reverse('articles:detail', args=[article.pk])}?claim={chosen.pk}"
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
    return exports.claimreview_response(exports.Filters(articles=[article.pk]), name=f"claimreview-article-{article.pk}")


# ----------------------------------------------------------------------------- the claim panel


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee").defer("article__text"), pk=pk)


@require_GET
def claim_panel(request, pk: int):
    """The claim panel alone (HTMX); without JavaScript, the article page with this claim selected."""
    claim = _claim(pk)
    if not request.htmx:
        return redirect(_claim_url(claim))
    context = {"panel": _panel(claim, request.user), "from_queue": request.GET.get("from") == "queue"}
    return render(request, "articles/claim_panel.html#panel", context)


def _claim_url(claim: Claim, *, queue: bool = False) -> str:
    if queue:
        return f"{reverse('articles:queue')}?claim={claim.pk}"
    return f"{reverse('articles:detail', args=[claim.article_id])}?claim={claim.pk}#claim-panel"


@require_POST
@reviewer_required
def verdict_save(request, pk: int):
    claim = _claim(pk)
    form = VerdictForm(request.POST, ratings=queries.active_ratings())
    mine = Verdict.objects.filter(claim=claim, reviewer=request.user).first()
    sources = source_formset(data=request.POST, verdict=mine)
    from_queue = request.POST.get("from") == "queue"
    if "add_source" in request.POST:  # no-JavaScript "add another source": one more blank row
        return _panel_response(request, claim, form=form, sources=source_formset(data=_one_more(request.POST), verdict=mine))
    if not (form.is_valid() and sources.is_valid()):
        return _panel_response(request, claim, form=form, sources=sources, status=422)
    try:
        services.verdict_submit(
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
    return _after_save(request, claim, go_next="next" in request.POST, from_queue=from_queue)


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
    kept = VerdictForm(data, ratings=queries.active_ratings())
    kept.is_valid()
    return _panel_response(
        request, claim, form=kept, sources=source_formset(data=data, verdict=current), status=409,
        error=err.message, extra={"conflict": current},
    )


def _panel_response(request, claim, *, form=None, sources=None, status=200, error="", extra=None):
    panel_extra = {"form": form, "sources": sources, "error": error, **(extra or {})}
    from_queue = request.POST.get("from") == "queue" or request.GET.get("from") == "queue"
    if request.htmx:
        context = {"panel": _panel(claim, request.user, **panel_extra), "from_queue": from_queue}
        return render(request, "articles/claim_panel.html#panel", context, status=status)
    if from_queue:
        return _queue_page(request, claim, status=status, panel_extra=panel_extra)
    return _render_page(request, claim.article, selected=claim.pk, status=status, panel_extra=panel_extra)


def _after_save(request, claim, *, go_next: bool, from_queue: bool):
    if from_queue:
        nxt = Claim.objects.queue_for(request.user).select_related("article").defer("article__text").first()
        if not request.htmx:
            messages.success(request, f"Saved claim #{claim.position}.")
            return redirect("articles:queue")
        return _queue_panel(request, nxt)
    nxt = _next_in_article(claim, request.user) if go_next else claim
    if not request.htmx:
        messages.success(request, f"Saved claim #{claim.position}.")
        return redirect(_claim_url(nxt or claim))
    return _saved(request, claim, nxt or claim)


def _next_in_article(claim: Claim, user) -> Claim | None:
    """The next claim of the article the user can still review (after this one, then from the top)."""
    open_ = Claim.objects.filter(article_id=claim.article_id).open_for(user).exclude(pk=claim.pk)
    later = open_.filter(position__gt=claim.position).order_by("position").first()
    return later or open_.order_by("position").first()


def _saved(request, saved: Claim, shown: Claim):
    """One response: the panel (of the next claim, or the same), and out-of-band the saved
    claim's row and highlight and the article's progress bar."""
    saved = _claim(saved.pk)
    shown = saved if shown.pk == saved.pk else _claim(shown.pk)
    related = queries.related_claims(shown)
    verdicts = queries.load_verdicts(Q(claim_id__in=[saved.pk, shown.pk, *(d.pk for d in related[2])]))
    _decorate(saved, verdicts.get(saved.pk, []), request.user)
    statuses = Claim.objects.filter(article_id=saved.article_id).values("status").annotate(n=Count("id")).order_by()
    progress = queries.Progress(total=sum(r["n"] for r in statuses), counts={r["status"]: r["n"] for r in statuses})
    context = {
        "panel": _panel(shown, request.user, verdicts=verdicts, related=related),
        "is_editor": queries.is_editor(request.user),
        "rows": [saved],
        "selected_id": shown.pk,
        "progress": progress,
    }
    response = render(request, "articles/claim_panel.html#saved", context)
    response["HX-Push-Url"] = f"{reverse('articles:detail', args=[shown.article_id])}?claim={shown.pk}"
    return response


@require_POST
@reviewer_required
def verdict_reuse(request, pk: int, verdict_pk: int):
    claim = _claim(pk)
    original = get_object_or_404(Verdict.objects.select_related("rating"), pk=verdict_pk)
    version_form = VersionForm(request.POST)
    version = version_form.cleaned_data["version"] if version_form.is_valid() else 0
    try:
        services.verdict_reuse(claim=claim, reviewer=request.user, original=original, version=version)
    except services.StaleVersionError as err:
        return _panel_response(request, claim, status=409, error=err.message)
    except services.ServiceError as err:
        return _panel_response(request, claim, status=422, error=err.message)
    if not request.htmx:
        messages.success(request, "Verdict reused: check it and adjust the rationale if needed.")
        return redirect(_claim_url(claim))
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
    return _render_page(request, claim.article, selected=claim.pk, status=status, panel_extra={"error": error, "notice": notice})


def _form_error(request, claim: Claim, form):
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = f"{field.label}: " if field is not None and field.label else ""
        parts.append(label + " ".join(errors))
    return _edited(request, claim, error="; ".join(parts), status=422)


@require_POST
@editor_required
def claim_bounds(request, pk: int):
    claim = _claim(pk)
    form = BoundsForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    d = form.cleaned_data
    return _edit(
        request, claim,
        lambda: services.claim_set_bounds(claim=claim, start=d["start"], end=d["end"], version=d["version"], actor=request.user),
        success="Boundaries changed.",
    )


@require_POST
@editor_required
def claim_split(request, pk: int):
    claim = _claim(pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    d = form.cleaned_data
    return _edit(
        request, claim,
        lambda: services.claim_split(claim=claim, at=d["at"], version=d["version"], actor=request.user)[0],
        success="Claim split in two.",
    )


@require_POST
@editor_required
def claim_merge(request, pk: int):
    claim = _claim(pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request, claim,
        lambda: services.claim_merge(claim=claim, version=form.cleaned_data["version"], actor=request.user),
        success="Claim merged with the next one.",
    )


@require_POST
@editor_required
def claim_dismiss(request, pk: int):
    claim = _claim(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request, claim,
        lambda: services.claim_dismiss(claims=[claim], reason=form.cleaned_data["reason"], actor=request.user),
        success="Claim dismissed.",
    )


@require_POST
@editor_required
def claim_reopen(request, pk: int):
    claim = _claim(pk)
    return _edit(request, claim, lambda: services.claim_reopen(claim=claim, actor=request.user), success="Claim reopened.")


@require_POST
@editor_required
def claim_assign(request, pk: int):
    claim = _claim(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    assignee = form.cleaned_data["assignee"]
    return _edit(
        request, claim,
        lambda: services.claims_assign(claims=[claim], assignee=assignee, actor=request.user),
        success=f"Assigned to {assignee}." if assignee else "Unassigned.",
    )


@require_POST
@editor_required
def claims_assign(request, pk: int):
    """Bulk assignment of the article's selected claims."""
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    form = AssignForm(request.POST, article=article)
    error = ""
    if not form.is_valid() or not form.cleaned_data["claims"]:
        error = "Tick the claims to assign." if form.is_valid() else "Choose a reviewer who can review claims."
    else:
        try:
            n = services.claims_assign(claims=form.cleaned_data["claims"], assignee=form.cleaned_data["assignee"], actor=request.user)
        except services.ServiceError as err:
            error = err.message
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or f"{n} claims assigned.")
        return redirect("articles:detail", pk=article.pk)
    notice = "" if error else f"{n} claims assigned."
    return _render_page(request, article, status=422 if error else 200, panel_extra={"error": error, "notice": notice})


@require_POST
@editor_required
def verdict_approve(request, pk: int):
    verdict = get_object_or_404(Verdict.objects.select_related("claim__article"), pk=pk)
    claim = _claim(verdict.claim_id)
    return _edit(request, claim, lambda: services.verdict_approve(verdict=verdict, editor=request.user), success="Verdict approved.")


@require_POST
@editor_required
def article_approve_agreed(request, pk: int):
    """Approve every claim of the article on which the reviewers agree."""
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    n = services.verdicts_approve_agreed(article=article, editor=request.user)
    notice = f"Approved {n} claim{'s' if n != 1 else ''} on which the reviewers agree." if n else "No agreed claim was waiting for approval."
    if not request.htmx:
        messages.success(request, notice)
        return redirect("articles:detail", pk=article.pk)
    return _render_page(request, article, panel_extra={"notice": notice})


@require_POST
@editor_required
def claim_return(request, pk: int):
    claim = _claim(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _form_error(request, claim, form)
    return _edit(
        request, claim,
        lambda: services.verdict_return(claim=claim, editor=request.user, note=form.cleaned_data["note"]),
        success="Claim returned for another review.",
    )


# ----------------------------------------------------------------------------- queues


@require_GET
@reviewer_required
def queue(request):
    """My queue: one claim at a time, assigned ones first, then unassigned by check-worthiness."""
    wanted = request.GET.get("claim")
    claim = None
    if wanted and wanted.isdigit():
        claim = Claim.objects.filter(pk=wanted).select_related("article", "assignee").defer("article__text").first()
    if claim is None:
        claim = Claim.objects.queue_for(request.user).select_related("article", "assignee").defer("article__text").first()
    return _queue_page(request, claim)


def _queue_page(request, claim, *, status=200, panel_extra=None):
    context = {"left": Claim.objects.open_for(request.user).count(), "from_queue": True}
    if claim is not None:
        context["panel"] = _panel(claim, request.user, **(panel_extra or {}))
    return render(request, "articles/queue.html", context, status=status)


def _queue_panel(request, claim):
    context = {"left": Claim.objects.open_for(request.user).count(), "from_queue": True}
    if claim is not None:
        context["panel"] = _panel(claim, request.user)
    response = render(request, "articles/queue.html#queue_body", context)
    response["HX-Retarget"] = "#queue-body"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Push-Url"] = f"{reverse('articles:queue')}?claim={claim.pk}" if claim else reverse("articles:queue")
    return response


@require_GET
@editor_required
def approvals(request):
    """The editors' queue: disputed claims, then agreed ones awaiting approval."""
    claims = Claim.objects.awaiting_editor().select_related("article").defer("article__text")
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    verdicts = queries.load_verdicts(Q(claim_id__in=[c.pk for c in page]))
    for claim in page:
        claim.verdict_list = verdicts.get(claim.pk, [])
    return render(request, "articles/approvals.html", {"page": page})


@require_GET
def shortcuts(request):
    return render(request, "articles/shortcuts.html")


@require_GET
def ratings_css(request):
    """Each rating's colour as a CSS class (the CSP allows no inline style; colours are
    edited in the admin)."""
    from .models import Rating

    lines = []
    for r in Rating.objects.all():
        if _HEX.fullmatch(r.color or ""):
            lines.append(f".rating-{r.slug} {{ --rating: {r.color}; }}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response

