"""HTML of the claim rows and text highlights, built in Python.

The review page shows hundreds of claims twice (a row in the list, a highlight in the text).
Rendered with the template engine that was ~70 ms for 300 claims, over the page budget; these
functions make the same markup in ~2 ms. The templates' partials (``claim_row``, ``highlight``,
``article_text``) output them, so the page and the HTMX out-of-band swaps share one markup.
Everything from the database goes through ``escape``. Each function takes a
``selectors.ClaimRow`` (the claim's fields plus the rating to show, its verdict count and
whether it is quiet).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from .models import Claim
from .text.checkworthiness import CUE_LABELS


def escape(value: Any) -> str:
    """What ``django.utils.html.escape`` outputs (``html.escape`` of ``str(value)``, quotes
    included), without its lazy-string wrapper and a SafeString per call: this runs a dozen
    times per claim, and each function here marks its whole markup safe once."""
    return html.escape(str(value))


_STATUS = dict(Claim.Status.choices)
# the cue labels of text/checkworthiness.py (pure Python, no Django) for the catalogs
_CUE_MSGIDS = (
    gettext_noop("Number"),
    gettext_noop("Percentage"),
    gettext_noop("Money"),
    gettext_noop("Comparison"),
    gettext_noop("Attribution"),
    gettext_noop("Date / time"),
    gettext_noop("Named entity"),
)
_LABELS: dict[str | None, dict[str, Any]] = {}


def _labels() -> dict[str, Any]:
    """The rows' words in the active language, looked up once per language (a row is built in
    microseconds: no gettext call per claim)."""
    lang = get_language()
    labels = _LABELS.get(lang)
    if labels is None:
        labels = _LABELS[lang] = {
            "cues": {slug: escape(gettext(label)) for slug, label in CUE_LABELS.items()},
            "select": escape(gettext("Select claim %(position)s")),
            "cw": escape(gettext("Check-worthiness")),
            "cw_short": escape(gettext("CW")),
            "speaker": escape(gettext("speaker:")),
            "verdicts": (
                escape(ngettext("%(count)s verdict", "%(count)s verdicts", 1)),
                escape(ngettext("%(count)s verdict", "%(count)s verdicts", 2)),
            ),
            "repeat": escape(gettext("repeat")),
            # the statuses' labels are lazy strings: translated here once, not per row
            "status": {value: escape(str(label)) for value, label in _STATUS.items()},
            # the locale's decimal separator for the visible score (the panel's floatformat
            # shows "0,42" in Spanish; data-cw keeps "0.42" for app.js)
            "decimal": get_format("DECIMAL_SEPARATOR"),
        }
    return labels


def cue_label(cue: Any) -> str:
    """Human label of a check-worthiness cue ("named_entity" -> "Named entity"), in the active
    language. A cue is a slug, but ``cues`` is JSON: anything else stored there is shown as text,
    not a 500."""
    slug = cue if isinstance(cue, str) else str(cue)
    label = CUE_LABELS.get(slug)
    return gettext(label) if label else slug.replace("_", " ")


def _claim_url() -> str:
    return reverse("articles:claim", args=[0])[: -len("0/")]


def _classes(claim: Any, selected_id: int | None, base: str) -> str:
    parts = [base, f"status-{claim.status}"]
    rating = claim.shown_rating
    if rating is not None:
        parts += ["rated", f"rating-{rating.slug}"]
    if claim.quiet:
        parts.append("quiet")
    if claim.pk == selected_id:
        parts.append("selected")
    return escape(" ".join(parts))


def _link_attrs(claim: Any, base: str) -> str:
    pk = claim.pk
    return (
        f'href="?claim={pk}#claim-panel" hx-get="{base}{pk}/" hx-target="#claim-panel" '
        f'hx-swap="outerHTML" hx-push-url="?claim={pk}"'
    )


def highlight_html(
    claim: Any, *, selected_id: int | None = None, oob: bool = False, base: str | None = None
) -> SafeString:
    base = base or _claim_url()
    oob_attr = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(
        f'<mark id="hl-{claim.pk}" class="{_classes(claim, selected_id, "hl")}" data-claim="{claim.pk}"{oob_attr}>'
        f'<a {_link_attrs(claim, base)} tabindex="-1">{escape(claim.text)}</a></mark>'
    )


def claim_row_html(
    claim: Any,
    *,
    selected_id: int | None = None,
    is_editor: bool = False,
    oob: bool = False,
    base: str | None = None,
    language: str | None = None,
) -> SafeString:
    """One row of the article's claim list. ``language``: the article's (the claim's text is
    marked with it, or with the claim's own, for screen readers and hyphenation)."""
    base = base or _claim_url()
    labels = _labels()
    pk = claim.pk
    out = [
        f'<li id="claim-row-{pk}" class="{_classes(claim, selected_id, "claim-row")} kind-{escape(claim.kind)}" data-claim="{pk}"'
    ]
    out.append(' hx-swap-oob="true">' if oob else ">")
    if is_editor:
        out.append(
            f'<input type="checkbox" name="claims" value="{pk}" form="bulk-assign" aria-label="{labels["select"] % {"position": claim.position}}">'
        )
    text = claim.text if len(claim.text) <= 180 else claim.text[:179].rstrip() + "…"
    text = escape(text)
    lang = getattr(claim, "language", "") or language  # the claim's own, else its article's
    lang = f' lang="{escape(lang)}"' if lang else ""
    out.append(
        f'<a class="claim-link" {_link_attrs(claim, base)} data-claim-link><span class="pos">{claim.position}.</span> <span class="claim-text" dir="auto"{lang}>{text}</span></a>'
    )
    out.append(
        f'<span class="claim-meta"><span class="badge status">{labels["status"].get(claim.status) or escape(claim.status)}</span>'
    )
    rating = claim.shown_rating
    if rating is not None:
        out.append(f'<span class="badge rating">{escape(rating.label)}</span>')
    cw = f"{claim.checkworthiness:.2f}"
    shown = cw if labels["decimal"] == "." else cw.replace(".", labels["decimal"])
    out.append(f'<span class="cw" title="{labels["cw"]}" data-cw="{cw}">{labels["cw_short"]} {shown}</span>')
    cues = labels["cues"]
    for cue in claim.cues or ():
        out.append(
            f'<span class="cue">{(cues.get(cue) if isinstance(cue, str) else None) or escape(cue_label(cue))}</span>'
        )
    if claim.speaker:
        out.append(f'<span class="speaker">{labels["speaker"]} <bdi>{escape(claim.speaker)}</bdi></span>')
    if claim.assignee_id and claim.assignee is not None:
        out.append(f'<span class="assignee">→ {escape(claim.assignee.get_username())}</span>')
    count = claim.verdict_count
    if count:
        one, many = labels["verdicts"]
        out.append(f'<span class="count">{(one if count == 1 else many) % {"count": count}}</span>')
    if claim.duplicate_of_id:
        out.append(f'<span class="dup">{labels["repeat"]}</span>')
    out.append("</span></li>")
    return mark_safe("".join(out))


def claim_rows_html(
    claims: Sequence[Any], *, selected_id: int | None, is_editor: bool, language: str | None = None
) -> SafeString:
    base = _claim_url()
    return mark_safe(
        "\n".join(
            claim_row_html(c, selected_id=selected_id, is_editor=is_editor, base=base, language=language)
            for c in claims
        )
    )


def article_text_html(pieces: Sequence[tuple[str, Any]], *, selected_id: int | None) -> SafeString:
    """The article text with each claim's highlight (``pieces`` from selectors.text_pieces)."""
    base = _claim_url()
    return mark_safe(
        "".join(
            escape(piece) if claim is None else highlight_html(claim, selected_id=selected_id, base=base)
            for piece, claim in pieces
        )
    )


# ----------------------------------------------------------------------------- the verdict form's source rows

_INPUT_TYPES = {"url": "url", "archive_url": "url", "published_on": "date", "accessed_on": "date"}


def _errors(errors: Any) -> str:
    return " ".join(escape(e) for e in errors)


def source_form_html(sf: Any, n: Any) -> SafeString:
    """One source row of the verdict form (a SourceForm of the "sources" formset; ``n`` its
    number from 1, or "new" for the template row app.js copies): the inputs written out. Through
    the template engine the two rows of every panel cost ~4 ms, a third of a save's rendering."""
    number = "" if n == "new" else f" {escape(n)}"
    bound = sf["id"]
    value = bound.value()
    hidden = f'name="{escape(bound.html_name)}" value="{escape("" if value is None else value)}" id="{escape(bound.auto_id)}"'
    out = [f'<li class="source-form" data-source-form>\n  <input type="hidden" {hidden}>\n  ']
    if errors := sf.non_field_errors():
        out.append(f'<p class="errors">{_errors(errors)}</p>')
    out.append("\n  ")
    for field in sf.visible_fields():
        name = field.name
        if name == "DELETE":
            continue
        value = field.value()
        value = "" if value is None else value
        ids = f'name="{escape(field.html_name)}" id="{escape(field.auto_id)}"'
        out.append(
            f'\n  <p class="field field-{escape(name)}"><label for="{escape(field.auto_id)}">{escape(field.label)}{number}</label>'
        )
        if name == "quote":
            out.append(f'<textarea {ids} rows="2">{escape(value)}</textarea>')
        else:
            max_length = getattr(field.field, "max_length", None)
            out.append(
                f'<input type="{_INPUT_TYPES.get(name, "text")}" {ids} value="{escape(value)}"'
                + (f' maxlength="{max_length}"' if max_length else "")
                + (' placeholder="https://…"' if name == "url" else "")
                + ">"
            )
        if field.errors:
            out.append(f'<span class="errors">{_errors(field.errors)}</span>')
        out.append("</p>\n  ")
    out.append("\n  ")
    if sf.instance.pk:
        delete = sf["DELETE"]
        checked = " checked" if delete.value() else ""
        remove = gettext("Remove this source")  # outside the f-string, where makemessages finds it
        out.append(
            f'<p class="field"><label><input type="checkbox" name="{escape(delete.html_name)}" id="{escape(delete.auto_id)}"{checked}>'
            f" {escape(remove)}</label></p>"
        )
    out.append("\n</li>")
    return mark_safe("".join(out))


def management_form_html(formset: Any) -> SafeString:
    """``{{ formset.management_form }}``: its four hidden inputs, as Django writes them (a bound
    management form with errors is left to Django, which lists them)."""
    mf = formset.management_form
    if mf.is_bound and mf.errors:
        return mark_safe(str(mf))
    out = []
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        field = mf[name]
        value = field.value()
        shown = "" if value is None or value == "" else f' value="{escape(value)}"'
        out.append(
            f'<input type="hidden" name="{escape(field.html_name)}"{shown} id="{escape(field.auto_id)}">'
        )
    return mark_safe("".join(out))


def sources_html(formset: Any) -> SafeString:
    """The verdict form's sources: the management form, the formset's errors, its rows and the
    template row app.js copies (the fieldset's inside in claim_panel.html). A formset with
    nothing in it — no data sent, no saved source: the panel of a claim this reviewer has not yet
    cited a source for, most panels — is the same markup every time for the same language and
    formset class; it is written once per process (~0.75 ms: two SourceForms built, deep copies
    of their fields, and their rows) and reused."""
    pristine = not formset.is_bound and not formset.initial and _known_empty(formset)
    key = (get_language(), type(formset), formset.prefix) if pristine else None
    if key is not None and (cached := _PRISTINE_SOURCES.get(key)) is not None:
        return cached
    out = [str(management_form_html(formset)), "\n      "]
    if errors := formset.non_form_errors():
        out.append(f'<p class="errors">{_errors(errors)}</p>')
    out.append('\n      <ol class="source-forms" data-source-forms>\n        ')
    out.extend(str(source_form_html(sf, n)) for n, sf in enumerate(formset, start=1))
    out.append("\n      </ol>\n      <template data-source-template>")
    out.append(str(source_form_html(formset.empty_form, "new")))
    out.append("</template>")
    html = mark_safe("".join(out))
    if key is not None:
        _PRISTINE_SOURCES[key] = html
    return html


_PRISTINE_SOURCES: dict[tuple, SafeString] = {}


def _known_empty(formset: Any) -> bool:
    """Whether the model formset's queryset is known to hold no row without asking the
    database (forms.source_formset fills the result cache: [] for a verdict without sources)."""
    queryset = getattr(formset, "queryset", None)
    return queryset is not None and queryset._result_cache == []


def rating_buttons_html(ratings: Sequence[Any], current: str) -> SafeString:
    """The verdict form's rating buttons (keys 1-9 for the first nine)."""
    out = []
    for i, r in enumerate(ratings, start=1):
        slug = escape(r.slug)
        pressed = "true" if r.slug == current else "false"
        keys = f' aria-keyshortcuts="{i}" data-key="{i}"' if i < 10 else ""
        kbd = f' <kbd aria-hidden="true">{i}</kbd>' if i < 10 else ""
        out.append(
            f'<button type="submit" name="rating" value="{slug}" class="rating-button rating-{slug}" aria-pressed="{pressed}"{keys}'
            f' title="{escape(r.description)}" data-rating="{slug}">{escape(r.label)}{kbd}</button>'
        )
    return mark_safe("".join(out))
