from django import template
from django.utils.translation import gettext

from articles.models import Claim

register = template.Library()


@register.filter
def cue_label(slug) -> str:
    """Human label of a check-worthiness cue ("named_entity" -> "Named entity"); plain text,
    escaped by the template."""
    from articles.rows import cue_label as label

    return label(slug)


_STATUS_LABELS = dict(Claim.Status.choices)


@register.filter
def status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status)


@register.simple_tag
def claim_row_html(claim, selected_id=None, is_editor=False, oob=False):
    from articles.rows import claim_row_html as render

    return render(claim, selected_id=selected_id, is_editor=bool(is_editor), oob=bool(oob))


@register.simple_tag
def highlight_html(claim, selected_id=None, oob=False):
    from articles.rows import highlight_html as render

    return render(claim, selected_id=selected_id, oob=bool(oob))


@register.simple_tag
def source_form_html(sf, n):
    """A source row of the verdict form (articles/rows.py writes the inputs out)."""
    from articles.rows import source_form_html as render

    return render(sf, n)


@register.simple_tag
def management_form_html(formset):
    from articles.rows import management_form_html as render

    return render(formset)


@register.simple_tag
def rating_buttons_html(ratings, current):
    from articles.rows import rating_buttons_html as render

    return render(ratings, current or "")


@register.filter
def language_name(code: str) -> str:
    """ "fr" -> "French", in the UI's language ("francés" in Spanish: Django's catalogs name
    every language it knows); the code itself for a language Django does not know."""
    from articles.languages import name

    return gettext(name(code or ""))


@register.filter
def language_supported(code: str) -> bool:
    """Whether the language has segmentation and speaker rules of its own (articles/languages.py)."""
    from articles.languages import supported

    return supported(code or "")


@register.filter
def language_direction(code: str) -> str:
    """ "rtl" or "ltr" for text in ``code`` (the language registry, then Django's bidi list)."""
    from articles.languages import direction

    return direction(code or "")
