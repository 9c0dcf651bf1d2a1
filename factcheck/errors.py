"""Error pages that say what was wrong.

``bad_request`` is Django's ``handler400`` (set in ``factcheck/urls.py``): a request Django
refuses before any view runs — a form over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a long paste), more
than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields or parameters, too many files, a bad Host header —
gets a page naming the problem and what to do, instead of a bare "Bad Request (400)".
The page (``templates/400.html``) stands alone: no database query, no script, no inline style
(strict CSP), so it renders whatever state the request is in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


def _import_page() -> str:
    try:
        return reverse("articles:add")
    except NoReverseMatch:
        return ""


def explain(request: HttpRequest, exception: Exception | None) -> tuple[str, str, str]:
    """(title, what was wrong, what to do) for a refused request, in the request's language."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.path == _import_page():
            paste = settings.FACTCHECK_MAX_ARTICLE_BYTES
            advice = _(
                "Save it as a .txt file and upload it instead (files up to %(size)s), or split it into "
                "several pastes. Nothing was imported."
            ) % {"size": _mb(4 * paste)}
            return (
                _("The pasted text is too long"),
                _("The text you pasted is over the %(limit)s a form may send, and a paste may hold at most %(paste)s.")
                % {"limit": _mb(limit), "paste": _mb(paste)},
                advice,
            )
        return (
            _("The form sent too much"),
            _("The form’s fields hold more than %(limit)s, the most the server reads from one form.") % {"limit": _mb(limit)},
            _("Send less text at a time. Nothing was saved."),
        )
    if isinstance(exception, TooManyFieldsSent):
        n = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return (
            _("Too many fields"),
            _("The request carries more than %(count)s fields or parameters, the most the server reads.") % {"count": f"{n:,}"},
            _("Choose fewer filters (ratings, reviewers, articles) or select fewer items at once."),
        )
    if isinstance(exception, TooManyFilesSent):
        n = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return (
            _("Too many files"),
            _("The form sends more than %(count)s files, the most the server reads.") % {"count": f"{n:,}"},
            _("Send fewer files at once."),
        )
    if isinstance(exception, DisallowedHost):
        return (
            _("Unknown address"),
            _("This server does not answer to the address (host name) the request was sent to."),
            _("Use the workbench’s own address; an administrator lists it in ALLOWED_HOSTS."),
        )
    if type(exception) is BadRequest and str(exception):  # raised by our code with a message for people
        return (_("Bad request"), str(exception), _("Go back, correct it and try again."))
    return (
        _("Bad request"),
        _("The server could not read this request: it was malformed or looked unsafe."),
        _("Go back and try again; if it happens again, tell an administrator what you did."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None, template_name: str = "400.html"):
    title, problem, advice = explain(request, exception)
    back = request.path if request.method == "POST" else ""
    html = loader.get_template(template_name).render(
        {"title": title, "problem": problem, "advice": advice, "back": back, "home": "/"}
    )
    return HttpResponseBadRequest(html)
