"""An editor corrects an article's language (issue 14): POST only; the service re-splits the
article in that language's rules, keeping reviewed claims."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import languages, services
from .models import Article
from .views import claim_editor_required


@require_POST
@claim_editor_required
def article_language(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    code = request.POST.get("language", "")
    try:
        result = services.article_set_language(article=article, language=code, actor=request.user)
    except services.ServiceError as err:
        messages.error(request, _("Language not changed: %(reason)s.") % {"reason": err.message})
    else:
        messages.success(
            request,
            _("Language set to %(name)s; the article was split again (%(kept)d claims kept, %(added)d added, %(removed)d removed).")
            % {"name": _(languages.name(code)), "kept": result.kept, "added": result.added, "removed": result.removed},
        )
    return redirect("articles:detail", pk=article.pk)
