"""The API of published fact-checks: the list (keyset pages, filters q / publisher) and the
import (editors: a multipart file or a JSON body; 201 with one outcome per record, or 202 with a
job for big files). Writes go through articles.factchecks' services, as the web page's."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from ninja import Field, Query, Schema, Status

from .. import factchecks, policy
from ..factcheck_views import factcheck_search
from ..models import FactCheck
from ..text import factcheck_readers as readers
from . import cursor as cursors
from . import schemas as S
from .base import ApiError, api
from .endpoints import _errors, _job, _limit

ORDER = "factchecks-newest"


class FactCheckOut(Schema):
    id: int
    claim_reviewed: str
    rating_text: str
    rating_value: float | None
    rating_best: float | None
    rating_worst: float | None
    url: str = Field(description="The fact-check's URL (ours: our published URL, or the claim's page).")
    headline: str
    publisher_name: str
    publisher_site: str
    date_published: date | None
    claimant: str
    appearance_url: str
    language: str
    origin: str = Field(description="import, or approval (one of our approved verdicts; see claim).")
    claim: int | None
    import_batch: str


class FactCheckPage(Schema):
    results: list[FactCheckOut]
    next: str | None = Field(description="The cursor of the next page (None on the last).")


class FactCheckFilters(Schema):
    q: str = Field("", description="Words of the claim or headline (each must occur).")
    publisher: str = Field("", description="Part of the publisher's name or site.")
    cursor: str = ""
    limit: int = 25


class FactCheckOutcome(Schema):
    status: str = Field(description="imported, updated, present (already there, unchanged) or failed.")
    where: str = Field(description="The record: 'name:line' or 'name (record N)'.")
    title: str
    factcheck: int | None
    message: str


class FactCheckImportResult(Schema):
    outcomes: list[FactCheckOutcome]
    summary: str


def _out(fc: FactCheck) -> dict:
    return {
        "id": fc.pk, "claim_reviewed": fc.claim_reviewed, "rating_text": fc.rating_text, "rating_value": fc.rating_value,
        "rating_best": fc.rating_best, "rating_worst": fc.rating_worst, "url": fc.url, "headline": fc.headline,
        "publisher_name": fc.publisher_name, "publisher_site": fc.publisher_site, "date_published": fc.date_published,
        "claimant": fc.claimant, "appearance_url": fc.appearance_url, "language": fc.language, "origin": fc.origin,
        "claim": fc.claim_id, "import_batch": fc.import_batch,
    }  # fmt: skip


@api.get("/factchecks/", response={200: FactCheckPage, **_errors(422)}, url_name="factchecks", tags=["fact-checks"])
def factcheck_list(request, filters: Query[FactCheckFilters]):
    """Published fact-checks (imported and ours), newest published first (undated last), in keyset
    pages of ``limit`` (default 25, at most 100): follow ``next`` as ``cursor``."""
    limit = _limit(filters.limit)
    qs = factcheck_search(FactCheck.objects.all(), q=filters.q, publisher=filters.publisher)
    after = cursors.decode(filters.cursor, ORDER)
    if after:
        if len(after) != 2 or not isinstance(after[1], int):
            raise ApiError(400, "cursor: not a cursor this API gave out", [{"field": "cursor", "message": "invalid cursor"}])
        day, pk = after
        if day is None:
            qs = qs.filter(date_published__isnull=True, id__lt=pk)
        else:
            day = date.fromisoformat(day)
            qs = qs.filter(
                Q(date_published__lt=day) | Q(date_published=day, id__lt=pk) | Q(date_published__isnull=True)
            )
    rows = list(qs[: limit + 1])
    nxt = None
    if len(rows) > limit:
        last = rows[limit - 1]
        nxt = cursors.encode(ORDER, [last.date_published.isoformat() if last.date_published else None, last.pk])
    return {"results": [_out(fc) for fc in rows[:limit]], "next": nxt}


def _outcome(o: factchecks.Outcome) -> dict:
    return {"status": o.status, "where": o.where, "title": o.title, "factcheck": o.factcheck_id, "message": o.message}


IMPORT_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "batch": {"type": "string", "description": "import batch name (default: the file's name)"},
                    },
                    "required": ["file"],
                }
            },
            "application/json": {
                "schema": {
                    "description": (
                        "A ClaimReview object, an array of them, a DataFeed, a Google Fact Check Tools claims:search "
                        'response, or {"records": [{"claim_reviewed": ..., "url": ..., "rating": ..., ...}]} (the CSV\'s '
                        "column names)."
                    ),
                    "type": "object",
                }
            },
        },
        "required": True,
    }
}


@api.post(
    "/factchecks/import",
    response={201: FactCheckImportResult, 202: S.JobOut, **_errors(422)},
    url_name="factcheck_import",
    tags=["fact-checks"],
    openapi_extra=IMPORT_BODY,
)
def factcheck_import(request):
    """Import published fact-checks (editors): a file (multipart ``file``: .json .jsonld .jsonl .html .csv)
    or a JSON body. Up to FACTCHECK_JOB_UPLOAD_BYTES imported at once (201, one outcome per record,
    idempotent by URL); larger by a background job (202: follow the job at its ``url``)."""
    policy.require(policy.may_import_factchecks(request.user))
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise ApiError(422, "file: This field is required.", [{"field": "file", "message": "This field is required."}])
        batch = (request.POST.get("batch") or "").strip() or upload.name
    elif request.content_type in ("application/json", "application/ld+json"):
        body = request.body
        if not body.strip():
            raise ApiError(422, "the JSON body is empty", [{"field": "", "message": "send fact-checks as JSON"}])
        upload = SimpleUploadedFile("request.json", body, content_type="application/json")
        batch = (request.GET.get("batch") or "").strip() or "api"
    else:
        raise ApiError(
            422, "send a multipart/form-data file or a JSON body",
            [{"field": "", "message": f"unsupported content type {request.content_type!r}"}],
        )  # fmt: skip
    suffix = readers._suffix(upload.name)
    if suffix not in readers.SUFFIXES:
        message = f"unsupported file type '{suffix or '(none)'}'; expected one of {', '.join(readers.SUFFIXES)}"
        raise ApiError(422, f"file: {message}", [{"field": "file", "message": message}])
    if upload.size > settings.FACTCHECK_JOB_UPLOAD_BYTES:
        try:
            job = factchecks.import_start(upload=upload, actor=request.user, batch=batch)
        except factchecks.FactCheckError as err:
            raise ApiError(422, err.message, [{"field": err.field or "file", "message": err.message}]) from None
        return Status(202, _job(job))
    reads = readers.read_bytes(upload.name, upload.read())
    outcomes = list(factchecks.factchecks_import(records=reads, batch=batch, actor=request.user))
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    if outcomes and not any(o.factcheck_id for o in outcomes):
        errors = [{"field": "file", "message": f"{o.where}: {o.message}"} for o in outcomes[:100]]
        raise ApiError(422, errors[0]["message"], errors)
    return Status(201, {"outcomes": [_outcome(o) for o in outcomes], "summary": factchecks.summary(counts)})
