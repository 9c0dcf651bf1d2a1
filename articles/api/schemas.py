"""Request and response bodies of the API (pydantic, through django-ninja)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict


class In(Schema):
    """A request body: a field the API does not know is refused (422 naming it), never ignored
    (a client sending "title" must learn that the first line of ``text`` is the title)."""

    model_config = ConfigDict(extra="forbid")


class ErrorItem(Schema):
    field: str = Field(description="The input field the message is about ('' for the request as a whole).")
    message: str


class Error(Schema):
    detail: str
    errors: list[ErrorItem] = []


class Me(Schema):
    id: int
    username: str
    via: Literal["token", "session"]
    is_reviewer: bool
    is_editor: bool
    can_edit_claims: bool
    can_import: bool
    can_export: bool
    rate_limit_per_minute: int


class RatingOut(Schema):
    slug: str
    label: str
    description: str
    position: int
    score: int | None
    color: str


class Progress(Schema):
    total: int
    unreviewed: int
    in_review: int
    disputed: int
    reviewed: int
    approved: int
    dismissed: int


class ArticleOut(Schema):
    id: int
    url: str = Field(description="This article in the API.")
    kind: str = Field(description="'article', or 'statement' for a claim logged by hand.")
    title: str
    publisher: str
    byline: str
    source_url: str = Field(description="Where the article was published.")
    published_on: date | None
    language: str
    medium: str
    created_at: datetime
    progress: Progress


class ArticlePage(Schema):
    results: list[ArticleOut]
    next: str | None = Field(description="The cursor of the next page (None on the last).")


class ClaimOut(Schema):
    id: int
    url: str
    article: int
    position: int
    start: int = Field(description="Code-point offset into the article's text.")
    end: int
    text: str
    kind: str
    speaker: str
    checkworthiness: float
    cues: list
    status: str
    dismissed_reason: str
    assignee: str | None
    duplicate_of: int | None
    version: int
    created_at: datetime
    updated_at: datetime


class ClaimPage(Schema):
    results: list[ClaimOut]
    next: str | None = Field(description="The cursor of the next page (None on the last).")


class ArticleDetail(ArticleOut):
    dateline: str
    summary: list
    text: str
    claims: list[ClaimOut]


class SourceOut(Schema):
    id: int
    url: str
    title: str
    publisher: str
    published_on: date | None
    accessed_on: date | None
    quote: str
    archive_url: str
    position: int


class VerdictOut(Schema):
    id: int
    claim: int
    reviewer: str
    rating: str = Field(description="The rating's slug.")
    rationale: str
    version: int
    approved: bool
    approved_by: str | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    sources: list[SourceOut]


class ClaimDetail(ClaimOut):
    article_title: str
    verdicts: list[VerdictOut] = Field(description="The verdicts blind review lets you see.")
    hidden_verdicts: int = Field(description="Other reviewers' verdicts hidden until you give yours (blind review).")
    my_verdict: int | None
    my_verdict_version: int = Field(description="Send this as `version` to change your verdict (0: none yet).")
    can_review: bool
    review_refusal: str
    can_approve: bool
    can_return: bool


class SourceIn(In):
    id: int | None = Field(None, description="An existing source of your verdict to change; omit for a new one.")
    url: str
    title: str = ""
    publisher: str = ""
    published_on: date | None = None
    accessed_on: date | None = None
    quote: str = ""
    archive_url: str = ""


class VerdictIn(In):
    rating: str = Field(description="A rating's slug (GET /ratings/).", examples=["mostly-false"])
    rationale: str = ""
    version: int = Field(0, ge=0, description="Your verdict's version as you read it; 0 for a new verdict. A stale one gets 409.")
    sources: list[SourceIn] | None = Field(
        None, description="The verdict's sources as they should be (omitted: unchanged; sources not listed are removed)."
    )


class NoteIn(In):
    note: str = Field("", description="Why (required to return a claim).")


class ImportIn(In):
    text: str = Field("", description="An article (or a whole news-site paste) as text.")
    urls: list[str] | str = Field(
        default_factory=list, description="URLs to fetch and import by a background job (a list, or one per line)."
    )
    url: str = Field("", description="The pasted article's URL.")
    publisher: str = ""
    published_on: date | None = None


class ImportOutcome(Schema):
    status: str = Field(description="imported, present (already there) or failed.")
    where: str
    title: str
    article: int | None
    claims: int
    message: str


class ImportResult(Schema):
    outcomes: list[ImportOutcome]


class ClaimLogIn(In):
    text: str = Field(description="The claim as it was said.")
    speaker: str = ""
    url: str = Field("", description="Where it appeared.")
    medium: str = Field("", description="web, social, video, tv, radio, print, speech, messaging, tip or other.")
    published_on: date | None = None
    note: str = ""


class JobItemOut(Schema):
    position: int
    where: str
    status: str
    title: str
    article: int | None
    claims: int
    message: str


class JobOut(Schema):
    id: int
    url: str
    kind: str
    status: str
    created_by: str | None
    total: int | None
    done: int
    counts: dict
    error: str
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobDetail(JobOut):
    items: list[JobItemOut]


class JobPage(Schema):
    results: list[JobOut]
    next: str | None
