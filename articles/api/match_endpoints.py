"""The matching API: ``GET /api/v1/match?q=...&against=&top=`` (reviewers: policy.may_see_matches),
the same search as ``manage.py match_claims`` and the admin's "Find matches" page."""

from __future__ import annotations

from ninja import Field, Query, Schema

from .. import matching, policy
from .base import ApiError, api
from .endpoints import _errors

MAX_QUERY = 5000  # characters of q looked at


class SharedOut(Schema):
    words: list[str]
    numbers: list[str]
    names: list[str]


class MatchOut(Schema):
    rank: int
    kind: str = Field(
        description="factcheck (a published fact-check) or claim (a claim of the archive with a verdict)."
    )
    ref: str = Field(description="The fact-check's URL, or the claim's id.")
    id: int = Field(description="The FactCheck's or the Claim's id.")
    url: str | None
    text: str = Field(description="The claim as the fact-check states it, or the claim's text.")
    title: str
    rating: str
    publisher: str
    score: float = Field(
        description="0..1: the calibrated blend of lexical (BM25) and semantic (embedding) similarity."
    )
    tier: str | None = Field(
        description="likely (the same claim), related, or null (below the 'related' threshold)."
    )
    lexical: float
    semantic: float
    shared: SharedOut = Field(description="Why: the words, numbers and names both texts say.")


class MatchResult(Schema):
    query: str
    against: str
    results: list[MatchOut]


class MatchFilters(Schema):
    q: str = Field("", description="The text to match (a claim, a tweet, a sentence).")
    against: str = Field("all", description="all, factchecks or claims.")
    top: int = Field(0, description="How many results (1 to 50; default: the admin's top_k).")


@api.get("/match", response={200: MatchResult, **_errors(422)}, url_name="match", tags=["matching"])
def match(request, filters: Query[MatchFilters]):
    """The published fact-checks and earlier claims with a verdict most similar to ``q``, best
    first, each with its score, tier and why (shared words, numbers, names)."""
    policy.require(policy.may_see_matches(request.user))
    q = filters.q.strip()[:MAX_QUERY]
    if not q:
        raise ApiError(422, "q: give a text to match", [{"field": "q", "message": "Give a text to match."}])
    if filters.against not in matching.AGAINST:
        raise ApiError(
            422,
            "against: all, factchecks or claims",
            [{"field": "against", "message": "Choose all, factchecks or claims."}],
        )
    if filters.top and not 1 <= filters.top <= 50:
        raise ApiError(422, "top: from 1 to 50", [{"field": "top", "message": "Give a number from 1 to 50."}])
    found = matching.match_text(q, against=filters.against, top=filters.top or None)
    return {
        "query": q,
        "against": filters.against,
        "results": [
            {
                "rank": i,
                "kind": s.kind,
                "ref": s.ref,
                "id": s.ref_id,
                "url": s.url,
                "text": s.text,
                "title": s.title,
                "rating": s.rating,
                "publisher": s.publisher,
                "score": s.score,
                "tier": s.tier,
                "lexical": s.lexical,
                "semantic": s.semantic,
                "shared": s.shared,
            }
            for i, s in enumerate(found, start=1)
        ],
    }
