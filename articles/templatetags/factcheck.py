import re

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
def claim_row_html(claim, selected_id=None, is_editor=False, oob=False, language=None):
    from articles.rows import claim_row_html as render

    return render(claim, selected_id=selected_id, is_editor=bool(is_editor), oob=bool(oob), language=language)


@register.simple_tag
def highlight_html(claim, selected_id=None, oob=False):
    from articles.rows import highlight_html as render

    return render(claim, selected_id=selected_id, oob=bool(oob))


@register.simple_tag
def sources_html(formset):
    """The verdict form's sources block: management form, errors, rows, template row."""
    from articles.rows import sources_html as render

    return render(formset)


@register.simple_tag
def rating_buttons_html(ratings, current):
    from articles.rows import rating_buttons_html as render

    return render(ratings, current or "")


@register.filter
def language_label(code: str) -> str:
    """ "fr" -> "French", in the UI's language ("francés" in Spanish: Django's catalogs name
    every language it knows); the code itself for a language Django does not know.

    Not called ``language_name``: Django's ``i18n`` library has a filter of that name (the
    English name), and a template loading ``factcheck i18n`` got Django's, untranslated."""
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


@register.simple_tag
def claim_kind_labels() -> str:
    """The claim kinds' labels in the UI's language, as JSON for a data-* attribute (escaped
    there by the template): app.js fills the claim list's "Kind" filter with them."""
    import json

    return json.dumps({value: str(label) for value, label in Claim.Kind.choices}, ensure_ascii=False)


@register.filter
def bdi(value) -> str:
    """``value`` (escaped) isolated in ``<bdi>``: a name or title in another script direction
    inside a sentence ("speaker: <Arabic name>") keeps the sentence's punctuation in place."""
    from django.utils.html import format_html

    return format_html("<bdi>{}</bdi>", value)


# a quoted title or name inside a message: “…” (English), «…» / « … » (Spanish, French)
_QUOTED = re.compile(r"“([^“”<>]+)”|«(\s?)([^«»<>]+?)(\s?)»")


# a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation forms)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _isolate(match: re.Match) -> str:
    if not _RTL.search(match[0]) and not _rtl_ui():
        return match[0]  # left to right in a left-to-right sentence: nothing to isolate
    if match[1] is not None:
        return f"“<bdi>{match[1]}</bdi>”"
    return f"«{match[2]}<bdi>{match[3]}</bdi>{match[4]}»"


def _rtl_ui() -> bool:
    from django.utils.translation import get_language_bidi

    return get_language_bidi()


@register.filter
def message_html(message) -> str:
    """A flash message, escaped, each quoted title or name in it isolated in ``<bdi>``: an
    Arabic title inside “Imported “…”: 4 claims.” otherwise pulls the quotes, the colon and the
    count into its right-to-left run (the sentence reads garbled). A message built as safe HTML
    is shown as it is."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import SafeData, mark_safe

    text = getattr(message, "message", message)
    if isinstance(text, SafeData):
        return text
    return mark_safe(_QUOTED.sub(_isolate, str(conditional_escape(str(text)))))
