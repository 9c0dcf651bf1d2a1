"""From a ParsedArticle to claim drafts: segment, score, attribute, fingerprint (pure Python)."""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Sequence
from dataclasses import dataclass

from . import checkworthiness, speaker, transcript
from .fingerprint import fingerprint_and_linkable
from .parse import Block
from .segment import segment

__all__ = ["ClaimDraft", "build_claims", "build_statement", "content_hash", "paragraphs"]


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    position: int  # 1-based
    start: int
    end: int
    text: str
    kind: str
    checkworthiness: float
    cues: tuple[str, ...]
    speaker: str
    fingerprint: str
    linkable: bool  # long enough to be linked to an earlier identical claim


def content_hash(text: str) -> str:
    """Identity of an article for re-import: SHA-256 of its reading text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_claims(
    text: str,
    blocks: Sequence[Block] = (),
    *,
    language: str | None = "en",
    speaker_rules: speaker.SpeakerRules | None = None,
) -> list[ClaimDraft]:
    """Every sentence of ``text`` as a claim candidate, in reading order.

    ``blocks`` (from the parser) give each claim its kind (headline, summary, subheading,
    body); without them every claim is "body". ``language`` (a code such as "en", "de",
    "pt-BR") picks the segmenter's rules, the check-worthiness model where it has one, and
    the speaker rules (:func:`speaker.rules_for`; a language without its own gets the
    generic rules, which give speakers only from transcript labels); ``speaker_rules``
    overrides the latter. In a transcript, a speaker label that opens a line ("THE
    PRESIDENT:", "Q", "Korinna Hennig:", "M. DUPONT :") is the speaker of that utterance and
    is left out of its claims.
    """
    language = language or "en"
    rules = speaker_rules if speaker_rules is not None else speaker.rules_for(language)
    spans = segment(text, language)
    skip = [(b.start, b.end) for b in blocks if b.kind != "body"]
    spans, labelled = transcript.apply_labels(text, spans, rules, skip)
    sentences = [text[s:e] for s, e in spans]
    speakers = speaker.attribute_speakers(sentences, paragraphs(text, spans), rules=rules)
    speakers = [lab or own for lab, own in zip(labelled, speakers, strict=True)]
    drafts: list[ClaimDraft] = []
    kinds = _kinds(spans, blocks)
    scores = checkworthiness.score_many(sentences, language)  # (n-gram models: one numpy pass)
    for i, ((start, end), sentence) in enumerate(zip(spans, sentences, strict=True)):
        result = scores[i]
        fp, linkable = fingerprint_and_linkable(sentence)
        drafts.append(
            ClaimDraft(
                position=i + 1,
                start=start,
                end=end,
                text=sentence,
                kind=kinds[i],
                checkworthiness=round(result.value, 4),
                cues=result.cues,
                speaker=(speakers[i] or "")[:200],
                fingerprint=fp,
                linkable=linkable,
            )
        )
    return drafts


def _accepts_language(fn) -> bool:
    try:
        return "language" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin without a signature
        return False


def _scorer(language: str):
    """checkworthiness.score for ``language`` (passed through when the model takes a language)."""
    score = checkworthiness.score
    if language != "en" and _accepts_language(score):
        return functools.partial(score, language=language)
    return score


def build_statement(text: str, said_by: str = "", *, language: str | None = "en") -> ClaimDraft:
    """A claim logged by hand: the whole ``text`` is one claim (a post or a quote is checked as
    it was said, even when it runs to several sentences), scored like any sentence (in
    ``language``), its speaker the one given."""
    result = _scorer(language or "en")(text)
    fp, linkable = fingerprint_and_linkable(text)
    return ClaimDraft(
        position=1,
        start=0,
        end=len(text),
        text=text,
        kind="body",
        checkworthiness=round(result.value, 4),
        cues=result.cues,
        speaker=said_by[:200],
        fingerprint=fp,
        linkable=linkable,
    )


def paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The paragraph number of each span: a line break between two spans starts a new one."""
    out = []
    para = 0
    prev_end = 0
    find = text.find
    for start, end in spans:
        if find("\n", prev_end, start) >= 0:
            para += 1
        out.append(para)
        prev_end = end
    return out


def _kinds(spans: Sequence[tuple[int, int]], blocks: Sequence[Block]) -> list[str]:
    kinds = ["body"] * len(spans)
    if not blocks:
        return kinds
    ordered = sorted(blocks, key=lambda b: b.start)
    j = 0
    for i, (start, _end) in enumerate(spans):
        while j < len(ordered) and ordered[j].end <= start:
            j += 1
        if j < len(ordered) and ordered[j].start <= start:
            kinds[i] = ordered[j].kind
    return kinds
