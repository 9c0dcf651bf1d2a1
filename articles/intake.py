"""Intake by URL: fetch pages safely and import them (a job runner).

An editor pastes URLs (one per line) in Add article, or posts them to the API:
:func:`urls_import_start` checks every line, then creates one background job with one item per
URL (nothing is created when any line is bad). A worker runs :func:`urls_import_run`: for each
URL, an article already stored with that URL is reported as present without fetching; otherwise
the page is fetched by :mod:`articles.fetch` (the SSRF rules, timeouts, size cap, redirects,
charset), read by the same reader as an uploaded ``.html`` (or ``.txt`` for a plain-text page)
and ingested by the services, with the URL stored on the article. Every URL gets one outcome in
the wording of ``import_articles`` ("imported", "present", "failed: HTTP 404 Not Found"...).
Transient failures (timeouts, connection errors, 429, 5xx) are retried with backoff
(JobRun.retry_later) before they are reported as failed.

The URL stored is the one the editor gave, not the one the last redirect led to: it is the URL
the newsroom cites, the one a second import of the same list finds (so a re-run is a no-op
without fetching anything), and the one that stays stable when a site's redirects change
(tracking parameters, consent pages, mobile hosts). The final URL is kept in the outcome message
when the page was found elsewhere.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import fetch, jobs, policy, services
from .models import Article, Job
from .models import http_url as _http_url_validator
from .text import readers

logger = logging.getLogger(__name__)

KIND = Job.Kind.IMPORT_URLS.value


# ----------------------------------------------------------------------------- start


def _lines(urls: list[str] | tuple[str, ...] | str) -> list[str]:
    if isinstance(urls, str):
        return urls.splitlines()
    lines: list[str] = []
    for u in urls:
        lines.append(u if isinstance(u, str) else repr(u))
    return lines


def _shown(url: str, limit: int = 80) -> str:
    return repr(url if len(url) <= limit else url[: limit - 1] + "…")


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be imported, judged from its text alone (no DNS): not http(s), no host,
    a user name in it, too long, not a URL, or a literal IP address the SSRF rules refuse."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https") or not url.lower().startswith(f"{scheme}://"):
        return _("%(url)s is not an http(s) URL") % {"url": _shown(url)}
    if len(url) > fetch.MAX_URL_LENGTH:
        return _("%(url)s is longer than %(limit)s characters") % {"url": _shown(url), "limit": fetch.MAX_URL_LENGTH}
    if any(c.isspace() for c in url):
        return _("%(url)s holds spaces") % {"url": _shown(url)}
    try:
        target = fetch._target(url)
    except fetch.FetchError as err:
        return f"{_shown(url)}: {err.localized()}"
    try:
        _http_url_validator(url)
    except ValidationError:
        return _("%(url)s is not a valid URL") % {"url": _shown(url)}
    try:
        ip = ipaddress.ip_address(target.host)
    except ValueError:
        return None
    if not fetch._allowed_host(target.host):
        problem = fetch.address_problem(ip, _)
        if problem:
            return _("refused: %(ip)s is %(problem)s") % {"ip": ip, "problem": problem}
    return None


def urls_parse(urls: list[str] | tuple[str, ...] | str) -> list[str]:
    """The URLs to import: one per line, trimmed, blank lines dropped, repeats dropped (the first
    kept, in order). Raises ServiceError naming every bad line, or when there are none or too many."""
    problems: list[str] = []
    seen: dict[str, None] = {}
    for n, line in enumerate(_lines(urls), start=1):
        url = line.strip()
        if not url:
            continue
        problem = url_problem(url)
        if problem:
            problems.append(_("line %(number)s: %(problem)s") % {"number": n, "problem": problem})
        else:
            seen.setdefault(url, None)
    if problems:
        err = services.ServiceError("; ".join(problems), field="urls")
        err.problems = problems  # type: ignore[attr-defined]
        raise err
    if not seen:
        raise services.ServiceError(_("no URL to import: give one http(s) URL per line"), field="urls")
    limit = settings.FACTCHECK_MAX_URLS
    if len(seen) > limit:
        raise services.ServiceError(
            ngettext(
                "%(count)d URL: at most %(limit)d can be imported at once",
                "%(count)d URLs: at most %(limit)d can be imported at once",
                len(seen),
            )
            % {"count": len(seen), "limit": limit},
            field="urls",
        )
    return list(seen)


def urls_import_start(*, urls: list[str] | str, created_by: Any) -> Job:
    """Check the URLs (one per line, or a list) and start the job that imports them.

    Nothing is created when a line is bad: the ServiceError names each one ("line 3: 'ftp://x'
    is not an http(s) URL"). The job is enqueued once the surrounding transaction commits."""
    policy.require(policy.may_import(created_by))
    clean = urls_parse(urls)
    return jobs.job_create(kind=KIND, created_by=created_by, params={"urls": len(clean)}, items=clean)


# ----------------------------------------------------------------------------- run


def _parsed_item(page: fetch.Page) -> readers.Item:
    """The page read like an uploaded file: an .html page through the HTML reader (with its
    bounds on tags, attributes and text), a plain-text page through the .txt reader."""
    name = "page.html" if page.kind == "html" else "page.txt"
    if not page.text.strip():
        return readers.Item(name, None, None, "the page is empty")
    items = readers.read_bytes(
        name, page.text.encode("utf-8", "surrogatepass"), max_article_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES
    )
    first = next(iter(items), None)
    if first is None:
        return readers.Item(name, None, None, "no article found in the page")
    return first


def url_import_one(*, url: str, user: Any) -> services.ImportOutcome:
    """Import one URL (raises fetch.FetchError when the fetch fails)."""
    page = fetch.fetch_page(url)
    item = _parsed_item(page)
    if item.error is not None:
        return services.ImportOutcome(status="failed", where=url, message=f"could not read the page: {item.error}")
    outcomes = list(services.articles_import(items=[item], created_by=user, overrides={"url": url}))
    outcome = outcomes[0]
    message = outcome.message
    if outcome.status == "failed" and page.final_url != url:
        message = f"{message} (page found at {page.final_url})"
    return services.ImportOutcome(
        status=outcome.status,
        where=url,
        title=outcome.title,
        article=outcome.article,
        claims=max(outcome.claims, 0),
        message=message,
    )


@jobs.runner(KIND)
def urls_import_run(run: jobs.JobRun) -> None:
    """Import each pending URL of the job, recording one outcome per URL."""
    user = run.job.created_by
    if user is None:
        raise services.ServiceError(_("the user who started this import no longer exists"))
    policy.require(policy.may_import(user))
    for item in run.pending_items():
        run.check()
        url = item.where
        present = Article.objects.filter(url=url).values("id", "title", "claim_count").first()
        if present is not None:
            run.record(
                position=item.position,
                where=url,
                status="present",
                title=present["title"],
                article_id=present["id"],
                claims=present["claim_count"] or 0,
            )
            continue
        try:
            outcome = url_import_one(url=url, user=user)
        except fetch.FetchError as err:
            if err.transient:
                run.retry_later(position=item.position, message=err.message)
            else:
                run.record(position=item.position, where=url, status="failed", message=err.message)
            continue
        run.record(
            position=item.position,
            where=url,
            status=outcome.status,
            title=outcome.title,
            article_id=outcome.article.pk if outcome.article is not None else None,
            claims=outcome.claims,
            message=outcome.message,
        )
