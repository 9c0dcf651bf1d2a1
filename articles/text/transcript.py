"""Speaker labels of transcripts: "THE PRESIDENT: ...", "Q ...", "Korinna Hennig: ...". Pure Python.

A line that opens with a speaker label gives that utterance (every sentence of the line, and of
the unlabelled lines after it, up to the next label) its speaker, and the label is not part of
any claim. Labels count only when the text really is a transcript: at least three labelled
lines, at least two different labels, one of them used more than once, so that "Note: ..." or
"Update: ..." in an ordinary article never becomes a speaker.

``find_labels(text)`` returns the labels; ``apply_labels(text, spans)`` moves each claim span that
starts on a label to just after it (dropping spans that lie inside a label) and returns the
speaker of every remaining span (None outside the transcript's utterances).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .speaker import ENGLISH, SpeakerRules

__all__ = ["Label", "apply_labels", "find_labels", "label_speaker"]


class Label(NamedTuple):
    start: int  # where the label starts (the line start, after indentation)
    body: int  # where the utterance starts (after the colon and spaces); == line end for a label-only line
    line_end: int
    speaker: str


# An upper-case label ("THE PRESIDENT:", "MR. SMITH:", "SEN. WARREN:", "Q:"), or a name label of
# one to four capitalised words ("Korinna Hennig:", "Jean-Luc de la Tour:"), then a colon; or the
# White House "Q" with no colon.
_LABEL = re.compile(
    r"^[ \t]*(?P<label>"
    r"[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*){0,4}"
    r"|[A-ZÀ-Þ][\w.'’\-]*(?:[ \t]+(?:[A-ZÀ-Þ][\w.'’\-]*|de|da|van|von|der|la|le|al|bin)){0,3}"
    r")[ \t]*:(?:[ \t]+|$)"
    r"|^[ \t]*(?P<q>Q)(?:[ \t]+(?=\S)|[ \t]*$)",
    re.MULTILINE,
)


_OPENING_QUOTES = frozenset('“"«„‘‹')
# Places and sections that head the items of a round-up ("Connecticut: ...", "Federal: ...")
_ROUND_UP_HEADS = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Washington Wisconsin Wyoming "
    "Federal Local State National International World Business Sports Politics Economy Health Science "
    "Technology Culture Weather Markets"
)
_NOT_SPEAKER_LABELS = frozenset(_ROUND_UP_HEADS.split()) | {
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Rhode Island",
    "South Carolina", "South Dakota", "West Virginia",
}


def _cap_word(w: str) -> str:
    if not any(c.isalpha() for c in w) or not w.isupper():
        return w
    if len(w) > 2 and w.startswith("MC"):
        return "Mc" + w[2:].capitalize()
    return "-".join(p[:1] + p[1:].lower() for p in w.split("-")).replace("’", "’").title().replace("’S", "’s")


def label_speaker(label: str, rules: SpeakerRules = ENGLISH) -> str:
    """The speaker a label names: upper case made title case, a leading title dropped when a name
    remains ("MR. SMITH" -> "Smith", "THE PRESIDENT" -> "The President", "Q" -> "Q")."""
    words = label.split()
    if len(words) > 1 and label.isupper():
        words = [_cap_word(w) for w in words]
    elif len(words) == 1 and len(label) > 2 and label.isupper():
        words = [_cap_word(label)]
    k = 0
    while k < len(words) - 1 and words[k].lower() in rules.titles:
        k += 1
    if k and words[k].lower() not in rules.titles:
        words = words[k:]
    return " ".join(words)


def find_labels(
    text: str, rules: SpeakerRules = ENGLISH, skip: Sequence[tuple[int, int]] = ()
) -> list[Label]:
    """The speaker labels of ``text`` when it reads as a transcript, else [].

    ``skip``: (start, end) ranges that are never labels (headline, sub-headings).
    """
    if ":" not in text and "Q" not in text:
        return []
    found: list[Label] = []
    for m in _LABEL.finditer(text):
        if m.group("q") is not None:
            raw, start = "Q", m.start("q")
        else:
            raw, start = m.group("label"), m.start("label")
            first = raw.split(None, 1)[0].lower().rstrip(".")
            if raw.lower() in rules.label_stop or first in rules.label_stop or len(raw) > 40:
                continue
            if raw[-1:] in ".-’'":
                continue
            if raw in rules.places or raw in _NOT_SPEAKER_LABELS:
                continue  # "California: Homeless youth are eligible ...": a list's place or section, not a speaker
        if any(a <= start < b for a, b in skip):
            continue
        line_end = text.find("\n", m.end())
        if line_end < 0:
            line_end = len(text)
        body = m.end()
        while body < line_end and text[body].isspace():
            body += 1
        if text[body : body + 1] in _OPENING_QUOTES:
            continue  # "Israele: “Colpita cellula ...”": a live blog's headline quoting a source, not a turn
        found.append(Label(start, body, line_end, raw))
    if len(found) < 3:
        return []
    counts = Counter(" ".join(lab.speaker.split()).upper() for lab in found)
    if len(counts) < 2 or max(counts.values()) < 2:
        return []
    if counts.get("Q", 0) == len(found):
        return []
    return [lab._replace(speaker=label_speaker(lab.speaker, rules)) for lab in found]


def apply_labels(
    text: str,
    spans: Sequence[tuple[int, int]],
    rules: SpeakerRules = ENGLISH,
    skip: Sequence[tuple[int, int]] = (),
) -> tuple[list[tuple[int, int]], list[str | None]]:
    """``spans`` with every transcript label cut off, and the label speaker of each span.

    A span that starts inside a label starts after it instead (its text is still exactly
    ``text[start:end]``); a span that lies wholly inside a label is dropped. Spans after a
    label, up to the next label or a skipped range, get the label's speaker.
    """
    labels = find_labels(text, rules, skip)
    if not labels:
        return list(spans), [None] * len(spans)
    out: list[tuple[int, int]] = []
    speakers: list[str | None] = []
    j = -1  # the last label that starts at or before the current span
    stops = sorted(a for a, _ in skip)
    for start, end in spans:
        while j + 1 < len(labels) and labels[j + 1].start < end:
            j += 1
        who = None
        if j >= 0:
            lab = labels[j]
            if lab.start <= start < lab.body or start < lab.body <= end and start >= lab.start:
                if end <= lab.body:
                    continue  # the label alone ("MR." cut off "SMITH:" by the segmenter)
                start = lab.body
                while start < end and text[start].isspace():
                    start += 1
            if not any(lab.start < s <= start for s in stops):
                who = lab.speaker
        out.append((start, end))
        speakers.append(who)
    return out, speakers
