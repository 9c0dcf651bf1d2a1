"""Thin views: parse the request, call one service or query, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import ArticleImportForm
from .models import Article, Claim, Verdict
from .text import readers


@require_GET
def article_list(request):
    query = request.GET.get("q", "")
    articles = Article.objects.with_progress().search(query).defer("text").order_by("-published_on", "-id")
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page, "q": query})


@require_GET
def article_detail(request, pk: int):
    verdicts = Prefetch("verdicts", queryset=Verdict.objects.select_related("rating", "reviewer"))
    article = get_object_or_404(Article.objects.with_progress(), pk=pk)
    claims = (
        Claim.objects.filter(article=article)
        .select_related("assignee", "duplicate_of")
        .prefetch_related(verdicts)
        .order_by("position")
    )
    return render(request, "articles/article_detail.html", {"article": article, "claims": claims})


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
