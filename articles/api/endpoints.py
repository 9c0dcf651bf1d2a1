"""The API's operations: thin, like the web views — parse, ask the policy, call one service
or selector, answer. Every permission is the web UI's (``policy``); writes go through the
same services as the web forms."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from .. import exports, jobs, policy, selectors, services
from ..forms import ArticleFilterForm, ArticleImportForm, ExportForm
from ..models import Article, Claim, Job, Verdict
from ..text import readers
from . import cursor as cursors
from . import schemas as S
from .base import ApiError, api, form_errors

ERRORS = {code: S.Error for code in (400, 401, 403, 404, 422, 429)}


def _errors(*codes: int) -> dict:
    return {code: S.Error for code in (400, 401, 403, 429, *codes)}


def _require(check, message: str) -> None:
    """The web views' role decorators (views.allowed), as a check."""
    if not check:
        raise policy.Denied(message)


# ----------------------------------------------------------------------------- who, ratings


@api.get("/me/", response={200: S.Me, **_errors()}, url_name="me", tags=["account"])
def me(request):
    """Who the request is authenticated as, and what their roles allow."""
    user = request.user
    return {
        "id": user.pk,
        "username": user.get_username(),
        "via": "token" if getattr(request, "api_token", None) else "session",
        "is_reviewer": policy.is_reviewer(user),
        "is_editor": policy.is_editor(user),
        "can_edit_claims": policy.can_edit_claims(user),
        "can_import": policy.can_import(user),
        "can_export": policy.can_export(user),
        "rate_limit_per_minute": settings.FACTCHECK_API_RATE_LIMIT,
    }


@api.get("/ratings/", response={200: list[S.RatingOut], **_errors()}, url_name="ratings", tags=["ratings"])
def ratings(request):
    """The active rating scale, in order (verdicts name ratings by slug)."""
    return [
        {"slug": r.slug, "label": r.label, "description": r.description, "position": r.position, "score": r.score, "color": r.color}
        for r in selectors.active_ratings()
    ]


# ----------------------------------------------------------------------------- articles


def _progress(a: Article) -> dict:
    return {"total": a.claim_count, **{s: getattr(a, f"{s}_count") for s in Claim.Status.values}}


def _article(a: Article) -> dict:
    return {
        "id": a.pk, "url": reverse("api:article", args=[a.pk]), "kind": a.kind, "title": a.title,
        "publisher": a.publisher, "byline": a.byline, "source_url": a.url, "published_on": a.published_on,
        "language": a.language, "medium": a.medium, "created_at": a.created_at, "progress": _progress(a),
    }  # fmt: skip


def _claim(row: dict) -> dict:
    """A claim row (``selectors.API_CLAIM_FIELDS`` + the assignee's username) as the API shows it."""
    return {
        "id": row["id"], "url": reverse("api:claim", args=[row["id"]]), "article": row["article_id"],
        "position": row["position"], "start": row["start"], "end": row["end"], "text": row["text"],
        "kind": row["kind"], "speaker": row["speaker"], "checkworthiness": row["checkworthiness"],
        "cues": row["cues"], "status": row["status"], "dismissed_reason": row["dismissed_reason"],
        "assignee": row.get("assignee__username"), "duplicate_of": row["duplicate_of_id"],
        "version": row["version"], "created_at": row["created_at"], "updated_at": row["updated_at"],
    }  # fmt: skip


def _claim_row(c: Claim) -> dict:
    row = {name: getattr(c, name) for name in selectors.API_CLAIM_FIELDS}
    row["assignee__username"] = c.assignee.get_username() if c.assignee_id else None
    return row


class ArticleFilters(Schema):
    q: str = ""
    publisher: str = ""
    date_from: str = ""
    date_to: str = ""
    status: Literal["", "open", "disputed", "awaiting", "done"] = ""
    sort: Literal["", "relevance"] = ""
    cursor: str = ""
    limit: int = 25


def _limit(limit: int) -> int:
    if not 1 <= limit <= 100:
        raise ApiError(422, "limit: from 1 to 100", [{"field": "limit", "message": "Give a page size from 1 to 100."}])
    return limit


@api.get("/articles/", response={200: S.ArticlePage, **_errors(422)}, url_name="articles", tags=["articles"])
def article_list(request, filters: Query[ArticleFilters]):
    """The article list with the web list's search and filters (q, publisher, date_from, date_to,
    status, sort=relevance), newest first, in pages of ``limit`` (default 25, at most 100)."""
    limit = _limit(filters.limit)
    data = {k: v for k, v in filters.dict().items() if k not in ("cursor", "limit") and v}
    form = ArticleFilterForm(data)
    if not form.is_valid():
        raise form_errors(form)
    articles = form.apply(Article.objects.defer("text", "summary"))
    searched = bool(form.cleaned_data["q"].strip())
    if searched and form.cleaned_data["sort"] == "relevance":
        # a ranking has no stable key to continue from: its pages are counted (within the
        # RANK_CANDIDATES best matches)
        offset = int((cursors.decode(filters.cursor, "relevance") or [0])[0])
        rows = list(articles[offset : offset + limit + 1])
        nxt = cursors.encode("relevance", [offset + limit]) if len(rows) > limit else None
        return {"results": [_article(a) for a in rows[:limit]], "next": nxt}
    if searched and articles.order_by()[: selectors.RARE_MATCHES + 1].count() <= selectors.RARE_MATCHES:
        articles = articles.newest_first_from_matches()  # a rare word: sorted from its matches (the web list's rule)
    rows, key = selectors.api_articles_page(articles, after=cursors.decode(filters.cursor, "newest"), limit=limit)
    return {"results": [_article(a) for a in rows], "next": cursors.encode("newest", key) if key else None}


@api.get("/articles/{int:pk}/", response={200: S.ArticleDetail, **_errors(404)}, url_name="article", tags=["articles"])
def article_detail(request, pk: int):
    """An article with its text and all its claims, in reading order."""
    article = get_object_or_404(Article, pk=pk)
    claims = article.claims.select_related("assignee").order_by("position")
    return {
        **_article(article), "dateline": article.dateline, "summary": article.summary, "text": article.text,
        "claims": [_claim(_claim_row(c)) for c in claims],
    }  # fmt: skip


def _outcome(o: services.ImportOutcome) -> dict:
    return {
        "status": o.status, "where": o.where, "title": o.title or "", "article": o.article.pk if o.article else None,
        "claims": o.claims or 0, "message": o.message or "",
    }  # fmt: skip


def _job_accepted(job: Job):
    return Status(202, _job(job))


def _import(request, form: ArticleImportForm, *, field: str):
    policy.require(policy.may_import(request.user))
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    try:
        if (data.get("urls") or "").strip():
            from .. import intake

            return _job_accepted(intake.urls_import_start(urls=data["urls"], created_by=request.user))
        upload = data.get("file")
        if upload is not None and upload.size > settings.FACTCHECK_JOB_UPLOAD_BYTES:
            from .. import uploads

            return _job_accepted(uploads.upload_import_start(upload=upload, created_by=request.user, overrides=form.overrides()))
    except services.ServiceError as err:
        raise ApiError(422, err.message, [{"field": err.field or field, "message": err.message}]) from None
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    if upload is not None:
        items = list(readers.read_bytes(upload.name, upload.read(), max_article_bytes=limit))
    else:
        items = list(readers.read_paste(data["text"], max_article_bytes=limit))
    overrides = form.overrides()
    if len(items) > 1 and overrides.get("url"):
        raise ApiError(422, "url: the input holds several articles; one URL cannot belong to them all",
                       [{"field": "url", "message": "The input holds several articles: leave the URL out."}])  # fmt: skip
    outcomes = list(services.articles_import(items=items, created_by=request.user, overrides=overrides))
    if not any(o.article is not None for o in outcomes):
        errors = [{"field": field, "message": f"{o.where}: {o.message}" if o.where else o.message} for o in outcomes]
        raise ApiError(422, errors[0]["message"] if errors else "nothing to import", errors)
    return Status(201, {"outcomes": [_outcome(o) for o in outcomes]})


IMPORT_RESPONSES = {201: S.ImportResult, 202: S.JobOut, **_errors(422)}


@api.post("/articles/", response=IMPORT_RESPONSES, url_name="article_import", tags=["articles"])
def article_import(request, payload: S.ImportIn):
    """Import articles (editors): ``text`` (a paste) is imported at once (201, one outcome per
    article); ``urls`` are fetched by a background job (202, the job: follow it at its ``url``)."""
    urls = payload.urls if isinstance(payload.urls, str) else "\n".join(payload.urls)
    data = {"text": payload.text, "urls": urls, "url": payload.url, "publisher": payload.publisher,
            "published_on": payload.published_on.isoformat() if payload.published_on else ""}  # fmt: skip
    return _import(request, ArticleImportForm(data), field="urls" if urls.strip() else "text")


@api.post("/articles/upload/", response=IMPORT_RESPONSES, url_name="article_upload", tags=["articles"])
def article_upload(
    request, file: File[UploadedFile], url: Form[str] = "", publisher: Form[str] = "", published_on: Form[str] = ""
):
    """Import a file (multipart/form-data; .txt .md .html .json .jsonl .csv): imported at once
    (201) up to FACTCHECK_JOB_UPLOAD_BYTES, larger files by a background job (202)."""
    data = {"url": url, "publisher": publisher, "published_on": published_on}
    return _import(request, ArticleImportForm(data, {"file": file}), field="file")


# ----------------------------------------------------------------------------- claims


class ClaimFilters(Schema):
    status: list[Literal["unreviewed", "in_review", "disputed", "reviewed", "approved", "dismissed"]] = []
    assignee: str = ""
    article: int | None = None
    checkworthiness_min: float | None = None
    kind: Literal["", "headline", "summary", "subheading", "body"] = ""
    source: Literal["", "article", "statement"] = ""
    order: Literal["id", "-checkworthiness"] = "id"
    cursor: str = ""
    limit: int = 25


@api.get("/claims/", response={200: S.ClaimPage, **_errors(422)}, url_name="claims", tags=["claims"])
def claim_list(request, filters: Query[ClaimFilters]):
    """Claims, by id (oldest first) or by check-worthiness (highest first), filtered by
    ``status`` (repeatable), ``assignee`` (a username, ``me`` or ``none``), ``article``,
    ``checkworthiness_min`` (0..1), ``kind`` (headline, summary, subheading, body) and ``source``
    (``statement``: claims logged by hand). Keyset pages: follow ``next`` as ``cursor``."""
    limit = _limit(filters.limit)
    q = Q()
    if filters.status:
        q &= Q(status__in=filters.status) if len(filters.status) > 1 else Q(status=filters.status[0])
    if filters.assignee == "me":
        q &= Q(assignee_id=request.user.pk)
    elif filters.assignee == "none":
        q &= Q(assignee__isnull=True)
    elif filters.assignee:
        from django.contrib.auth import get_user_model

        User = get_user_model()
        assignee = User.objects.filter(**{User.USERNAME_FIELD: filters.assignee}).only("pk").first()
        if assignee is None:
            raise ApiError(422, f"assignee: there is no user {filters.assignee!r}",
                           [{"field": "assignee", "message": f"There is no user “{filters.assignee}”."}])  # fmt: skip
        q &= Q(assignee_id=assignee.pk)
    if filters.article is not None:
        q &= Q(article_id=filters.article)
    if filters.checkworthiness_min is not None:
        if not 0 <= filters.checkworthiness_min <= 1:
            raise ApiError(422, "checkworthiness_min: from 0 to 1",
                           [{"field": "checkworthiness_min", "message": "Give a score from 0 to 1."}])  # fmt: skip
        q &= Q(checkworthiness__gte=filters.checkworthiness_min)
    if filters.kind:
        q &= Q(kind=filters.kind)
    if filters.source:
        q &= Q(article__kind=filters.source)
    after = cursors.decode(filters.cursor, filters.order)
    rows, key = selectors.api_claims_page(Claim.objects.filter(q), order=filters.order, after=after, limit=limit)
    return {"results": [_claim(r) for r in rows], "next": cursors.encode(filters.order, key) if key else None}


def _user_name(user) -> str | None:
    return user.get_username() if user is not None else None


def _verdict(v: Verdict, sources) -> dict:
    return {
        "id": v.pk, "claim": v.claim_id, "reviewer": v.reviewer.get_username(), "rating": v.rating.slug,
        "rationale": v.rationale, "version": v.version, "approved": v.approved_at is not None,
        "approved_by": _user_name(v.approved_by) if v.approved_by_id else None, "approved_at": v.approved_at,
        "created_at": v.created_at, "updated_at": v.updated_at,
        "sources": [
            {"id": s.pk, "url": s.url, "title": s.title, "publisher": s.publisher, "published_on": s.published_on,
             "accessed_on": s.accessed_on, "quote": s.quote, "archive_url": s.archive_url, "position": s.position}
            for s in sources
        ],
    }  # fmt: skip


def _claim_obj(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee").defer("article__text"), pk=pk)


def _claim_detail(claim: Claim, user) -> dict:
    d = selectors.api_claim_detail(claim, user)
    return {
        **_claim(_claim_row(claim)),
        "article_title": claim.article.title,
        "verdicts": [_verdict(v.verdict, v.sources) for v in d.verdicts],
        "hidden_verdicts": d.hidden_verdicts,
        "my_verdict": d.mine.pk if d.mine else None,
        "my_verdict_version": d.mine.version if d.mine else 0,
        "can_review": not d.review_refusal,
        "review_refusal": d.review_refusal,
        "can_approve": d.can_approve,
        "can_return": d.can_return,
    }


@api.get("/claims/{int:pk}/", response={200: S.ClaimDetail, **_errors(404)}, url_name="claim", tags=["claims"])
def claim_detail(request, pk: int):
    """A claim with the verdicts you may see: your own, an approved outcome, and the other
    reviewers' once blind review is over for you (you gave yours, or the claim has all it needs)."""
    return _claim_detail(_claim_obj(pk), request.user)


@api.post("/claims/", response={201: S.ClaimDetail, 200: S.ClaimDetail, **_errors(422)}, url_name="claim_log", tags=["claims"])
def claim_log(request, payload: S.ClaimLogIn):
    """Log a claim by hand (a post, a quote, a tip; editors): 201, or 200 when the same claim was
    logged before (same text, speaker, place and date)."""
    claim = services.claim_log(
        text=payload.text, speaker=payload.speaker, url=payload.url, medium=payload.medium,
        published_on=payload.published_on, note=payload.note, created_by=request.user,
    )  # fmt: skip
    created = getattr(claim, "logged_now", True)
    return Status(201 if created else 200, _claim_detail(_claim_obj(claim.pk), request.user))


def _source_changes(verdict: Verdict | None, wanted: list[S.SourceIn] | None) -> list[services.SourceChange]:
    from ..models import Source

    if wanted is None:
        return []
    existing = {s.pk: s for s in verdict.sources.all()} if verdict else {}
    changes, kept = [], set()
    for i, s in enumerate(wanted):
        fields = s.dict(exclude={"id"})
        if s.id is not None:
            if s.id not in existing:
                raise ApiError(422, f"sources[{i}].id: your verdict has no source {s.id}",
                               [{"field": f"sources[{i}].id", "message": f"Your verdict has no source {s.id}."}])  # fmt: skip
            source = Source.objects.get(pk=s.id)
            for name, value in fields.items():
                setattr(source, name, value)
            kept.add(s.id)
        else:
            source = Source(**fields)
        changes.append(services.SourceChange(source=source))
    changes += [services.SourceChange(source=s, delete=True) for pk, s in existing.items() if pk not in kept]
    return changes


@api.put(
    "/claims/{int:pk}/verdict/", response={200: S.ClaimDetail, 201: S.ClaimDetail, **_errors(404, 409)},
    url_name="verdict_save", tags=["verdicts"],
)  # fmt: skip
def verdict_save(request, pk: int, payload: S.VerdictIn):
    """Give or change your verdict on a claim (reviewers; the web form's rules). ``version``: your
    verdict's version as you read it (0 for a new one); if it changed meanwhile: 409 and nothing saved."""
    _require(policy.is_reviewer(request.user), "you are not in a group that reviews claims")
    claim = _claim_obj(pk)
    rating = next((r for r in selectors.active_ratings() if r.slug == payload.rating), None)
    if rating is None:
        slugs = ", ".join(r.slug for r in selectors.active_ratings())
        raise ApiError(422, f"rating: no active rating {payload.rating!r}",
                       [{"field": "rating", "message": f"Choose one of: {slugs}."}])  # fmt: skip
    mine = Verdict.objects.filter(claim=claim, reviewer=request.user).first()
    try:
        services.verdict_submit(
            claim=claim, reviewer=request.user, rating=rating, rationale=payload.rationale,
            version=payload.version, sources=_source_changes(mine, payload.sources),
        )  # fmt: skip
    except services.StaleVersionError as err:
        current = Verdict.objects.filter(claim=claim, reviewer=request.user).values_list("version", flat=True).first()
        raise ApiError(409, err.message, [{"field": "version", "message": f"The current version is {current or 0}."}]) from None
    return Status(200 if mine else 201, _claim_detail(_claim_obj(pk), request.user))


@api.post(
    "/verdicts/{int:pk}/approve/", response={200: S.ClaimDetail, **_errors(404)}, url_name="verdict_approve",
    tags=["verdicts"],
)  # fmt: skip
def verdict_approve(request, pk: int, payload: S.NoteIn | None = None):
    """Approve a verdict as its claim's published outcome (editors; maker-checker: not on a claim
    you gave a verdict on; the claim must be reviewed or disputed)."""
    _require(policy.is_editor(request.user), "only editors can do that")
    verdict = get_object_or_404(Verdict.objects.select_related("claim"), pk=pk)
    services.verdict_approve(verdict=verdict, editor=request.user, note=payload.note if payload else "")
    return _claim_detail(_claim_obj(verdict.claim_id), request.user)


@api.post("/claims/{int:pk}/return/", response={200: S.ClaimDetail, **_errors(404)}, url_name="claim_return", tags=["verdicts"])
def claim_return(request, pk: int, payload: S.NoteIn):
    """Send a claim back for another review (editors), saying why (``note``)."""
    _require(policy.is_editor(request.user), "only editors can do that")
    claim = _claim_obj(pk)
    services.verdict_return(claim=claim, editor=request.user, note=payload.note)
    return _claim_detail(_claim_obj(pk), request.user)


# ----------------------------------------------------------------------------- jobs


def _job(job: Job) -> dict:
    return {
        "id": job.pk, "url": reverse("api:job", args=[job.pk]), "kind": job.kind, "status": job.status,
        "created_by": job.created_by.get_username() if job.created_by_id else None, "total": job.total,
        "done": job.done, "counts": job.counts, "error": job.error, "cancel_requested": job.cancel_requested,
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
    }  # fmt: skip


def _job_detail(job: Job) -> dict:
    items = [
        {"position": i.position, "where": i.where, "status": i.status, "title": i.title, "article": i.article_id,
         "claims": i.claims, "message": i.message}
        for i in job.items.order_by("position")
    ]  # fmt: skip
    return {**_job(job), "items": items}


class JobFilters(Schema):
    cursor: str = ""
    limit: int = 25


@api.get("/jobs/", response={200: S.JobPage, **_errors(422)}, url_name="jobs", tags=["jobs"])
def job_list(request, filters: Query[JobFilters]):
    """Your background jobs (superusers: everyone's), newest first."""
    limit = _limit(filters.limit)
    qs = policy.visible_jobs(request.user).select_related("created_by").order_by("-id")
    after = cursors.decode(filters.cursor, "-id")
    if after:
        qs = qs.filter(id__lt=int(after[0]))
    rows = list(qs[: limit + 1])
    nxt = cursors.encode("-id", [rows[limit - 1].pk]) if len(rows) > limit else None
    return {"results": [_job(j) for j in rows[:limit]], "next": nxt}


def _job_obj(user, pk: int) -> Job:
    """A job ``user`` may see (policy.visible_jobs), else 404 — as on the web's job pages."""
    return get_object_or_404(policy.visible_jobs(user).select_related("created_by"), pk=pk)


@api.get("/jobs/{int:pk}/", response={200: S.JobDetail, **_errors(404)}, url_name="job", tags=["jobs"])
def job_detail(request, pk: int):
    """A job: its status, progress (``done`` of ``total``), outcome counts and each item's outcome."""
    return _job_detail(_job_obj(request.user, pk))


@api.post("/jobs/{int:pk}/cancel/", response={200: S.JobDetail, **_errors(404)}, url_name="job_cancel", tags=["jobs"])
def job_cancel(request, pk: int):
    """Cancel a job: a queued one at once, a running one after its current item."""
    job = jobs.job_cancel(job=_job_obj(request.user, pk), actor=request.user)
    return _job_detail(Job.objects.select_related("created_by").get(pk=job.pk))


# ----------------------------------------------------------------------------- exports


class ExportFilters(Schema):
    q: str = ""
    publisher: str = ""
    date_from: str = ""
    date_to: str = ""
    status: str = ""
    article: list[str] = []
    claim_status: list[str] = []
    rating: list[str] = []
    reviewer: list[str] = []
    verdict_from: str = ""
    verdict_to: str = ""
    approved_only: bool = False
    excel: bool = False


def _export_form(request) -> ExportForm:
    _require(policy.can_export(request.user), "only editors can export verdicts")
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise form_errors(form)
    return form


@api.get(
    "/exports/verdicts.csv", response={200: None, **_errors(422)}, url_name="export_csv", tags=["exports"],
    openapi_extra={"responses": {"200": {"description": "CSV, one row per verdict (streamed)", "content": {"text/csv": {"schema": {"type": "string"}}}}}},
)  # fmt: skip
def export_csv(request, filters: Query[ExportFilters]):
    """The verdict export as CSV (editors), streamed: the web export's filters and columns."""
    form = _export_form(request)
    return exports.csv_response(form.filters(), excel=form.cleaned_data["excel"], name="verdicts")


@api.get(
    "/exports/claimreview.json", response={200: None, **_errors(422)}, url_name="export_claimreview", tags=["exports"],
    openapi_extra={"responses": {"200": {"description": "A JSON array of schema.org ClaimReview objects (streamed)", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}},
)  # fmt: skip
def export_claimreview(request, filters: Query[ExportFilters]):
    """schema.org ClaimReview JSON-LD of the approved claims the filters select (editors), streamed."""
    form = _export_form(request)
    return exports.claimreview_response(form.filters(), name="claimreview")
