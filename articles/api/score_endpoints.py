"""Check-worthiness scoring: ``POST /api/v1/score`` with ``{"texts": [...], "language": optional}``,
the same scoring as ``manage.py score_claims`` (any signed-in API user; nothing is stored)."""

from __future__ import annotations

from ninja import Field, Schema

from ..text import checkworthiness
from ..text.language import is_valid_code
from .base import ApiError, api
from .endpoints import _errors
from .schemas import In

MAX_TEXTS = 1000
MAX_TEXT = 100_000  # characters of one text


class ScoreIn(In):
    texts: list[str] = Field(
        description=f"The texts to score (1 to {MAX_TEXTS}), each a sentence or a claim."
    )
    language: str | None = Field(
        None, description="ISO 639 code for every text (en, es, ar, de, ...); detected per text when absent."
    )


class ScoreOut(Schema):
    language: str = Field(description="The language the text was scored as; 'und' when detection abstained.")
    detected: bool = Field(description="Whether the language was detected rather than given.")
    model: str = Field(description="The model that scored it: en, es, ar, or multi (every other language).")
    score: float = Field(description="0..1 check-worthiness.")
    checkworthy: bool = Field(description="score >= threshold of that language's model.")
    threshold: float
    cues: list[str]


class ScoreResult(Schema):
    results: list[ScoreOut]


@api.post("/score", response={200: ScoreResult, **_errors(422)}, url_name="score", tags=["claims"])
def score(request, payload: ScoreIn):
    """Check-worthiness (0..1), the decision at the language's shipped threshold and the cues of
    each text, in order."""
    language = payload.language.strip().lower() if payload.language else None
    if language is not None and not is_valid_code(language):
        raise ApiError(
            422,
            "language: not a language code",
            [
                {
                    "field": "language",
                    "message": "Give a two- or three-letter language code such as es, or leave it out.",
                }
            ],
        )
    if not 1 <= len(payload.texts) <= MAX_TEXTS:
        raise ApiError(
            422,
            f"texts: give 1 to {MAX_TEXTS} texts",
            [{"field": "texts", "message": f"Give 1 to {MAX_TEXTS} texts."}],
        )
    for i, text in enumerate(payload.texts):
        if len(text) > MAX_TEXT:
            raise ApiError(
                422,
                f"texts[{i}]: longer than {MAX_TEXT:,} characters",
                [{"field": f"texts.{i}", "message": f"At most {MAX_TEXT:,} characters."}],
            )
    results = []
    for text in payload.texts:
        s = checkworthiness.score_text(text, language)
        results.append(
            {
                "language": s.language,
                "detected": s.detected,
                "model": s.model,
                "score": round(s.value, 4),
                "checkworthy": s.checkworthy,
                "threshold": checkworthiness.threshold(s.language),
                "cues": list(s.cues),
            }
        )
    return {"results": results}
