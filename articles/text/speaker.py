"""Who a sentence is attributed to: rule-based speaker attribution, pure Python.

``find_speaker(sentence)`` looks at one sentence:

* ``..., X said.`` / ``..., X said late Tuesday.`` / ``X said (that) ...`` /
  ``X told reporters ...`` / ``Trump, Lavrov said, is ...``: the subject to the
  left of an attribution verb, from the last clause boundary (start, comma,
  colon, dash, closing quote) up to the verb;
* ``..., said X.``: the name right after the verb;
* ``according to X``;
* ``X, a businessman who ..., said he ...`` and ``X ... and said ...`` /
  ``X praised ..., saying ...``: the name that opens the sentence.

Text inside quotation marks is never searched (a quotation is what is said,
not who says it).  Pronoun subjects come back as the lower-case pronoun ("he",
"she", "it", "they").

``attribute_speakers(sentences)`` takes the sentences of one article in order,
resolves "he"/"she" to the most recent named person speaker, "it" to the most
recent organisation speaker, "they" to the most recent group speaker
("US officials"), and gives sentences inside a quotation that is not closed in
the same sentence the speaker of the sentence that closes it.

Neither function raises on any string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["attribute_speakers", "find_speaker"]

# --------------------------------------------------------------------- word lists

_VERBS = ["said", "says", "say", "told", "tells", "added", "adds", "announced", "announces", "stated", "wrote", "writes", "tweeted", "posted", "claimed", "insisted", "insists", "argued", "argues", "noted", "explained", "explains", "warned", "warns", "confirmed", "confirms", "reported", "acknowledged", "admitted", "stressed", "recalled", "replied", "responded", "complained", "suggested"]
_PRONOUNS = frozenset(("he", "she", "it", "they"))
_DETERMINERS = frozenset(("the", "a", "an", "its", "his", "her", "their", "our"))
# words that open a span but are not part of the subject
_LEADING_SKIP = frozenset(
    ["and", "but", "or", "so", "yet", "also", "meanwhile", "however", "now", "earlier", "later", "previously", "separately", "then", "still", "instead", "moreover", "meanwhile", "furthermore", "indeed"]
)
# a subordinator inside the span starts a new clause: the subject follows it
_CUT = frozenset(
    ["after", "before", "because", "when", "while", "although", "though", "if", "since", "as", "until", "once", "whereas", "where"]
)
# auxiliaries / adverbs between the subject and the verb ("X has also said")
_AUX = frozenset(
    ["has", "have", "had", "also", "later", "previously", "repeatedly", "often", "earlier", "again", "then", "reportedly", "publicly", "recently", "once", "just", "already", "further", "separately"]
)
# a span with one of these is a clause, not a subject
_CLAUSE_WORDS = frozenset(
    ["is", "was", "were", "are", "am", "be", "been", "being", "will", "would", "could", "should", "can", "cannot", "might", "must", "do", "does", "did", "not", "never", "if", "because", "although", "though", "unless", "than", "i", "we", "you"]
)
# capitalised words that do not start a name
_NOT_NAMES = frozenset(
    ["I", "We", "You", "This", "That", "These", "Those", "There", "Here", "What", "Who", "Which", "How", "Why", "When", "Where", "If", "As", "But", "And", "So", "Some", "Many", "Most", "All", "Others", "Nobody", "Everyone", "Someone", "One", "It", "He", "She", "They", "Its", "His", "Her", "Their", "Our", "My", "Your", "Both", "Each", "Several", "Few", "Such"]
)
_CONNECTORS = frozenset(
    ["of", "for", "the", "and", "de", "del", "la", "le", "van", "von", "der", "den", "du", "da", "di", "al", "el", "bin", "ibn", "on", "to", "in", "at", "&"]
)
_ROLES = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "spokespeople", "minister", "ministry", "officials", "official", "government", "president", "chief", "leader", "leaders", "head", "office", "police", "authorities", "department", "agency", "army", "military", "forces", "media", "sources", "analysts", "experts", "lawmakers", "prosecutors", "investigators", "officers", "officer", "commander", "secretary", "adviser", "advisor", "aide", "aides", "ambassador", "envoy", "diplomats", "diplomat", "governor", "mayor", "senator", "lawmaker", "chairman", "chairwoman", "director", "executive", "founder", "spokesmen", "representative", "representatives", "deputy", "premier", "administration", "council", "service", "staff", "team"]
)
_GROUPS = frozenset(
    ["officials", "analysts", "experts", "authorities", "police", "sources", "witnesses", "residents", "investigators", "prosecutors", "researchers", "critics", "lawmakers", "diplomats", "observers", "organizers", "organisers", "scientists", "doctors", "activists", "economists", "aides", "leaders", "officers", "spokespeople", "representatives"]
)
_ORG_WORDS = frozenset(
    ["department", "ministry", "institute", "government", "office", "agency", "council", "commission", "committee", "union", "party", "bank", "court", "company", "corporation", "corp", "inc", "ltd", "llc", "plc", "group", "association", "organization", "organisation", "university", "police", "army", "military", "navy", "forces", "service", "services", "authority", "authorities", "administration", "parliament", "congress", "senate", "assembly", "kremlin", "pentagon", "house", "embassy", "foundation", "fund", "center", "centre", "network", "newspaper", "agency", "board", "bureau", "federation", "league", "alliance", "coalition", "tribunal", "cabinet", "presidency", "secretariat", "command", "directorate", "inspectorate", "prosecutor's"]
)
_PLACES = frozenset(
    ["Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burundi", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Comoros", "Congo", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Djibouti", "Dominica", "Ecuador", "Egypt", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guyana", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Mauritania", "Mauritius", "Mexico", "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands", "Nicaragua", "Niger", "Nigeria", "Norway", "Oman", "Pakistan", "Palau", "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Samoa", "Senegal", "Serbia", "Seychelles", "Singapore", "Slovakia", "Slovenia", "Somalia", "Spain", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Tonga", "Tunisia", "Turkey", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe", "Britain", "England", "Scotland", "Wales", "Europe", "Africa", "Asia", "America", "Washington", "Moscow", "Kyiv", "Kiev", "Beijing", "Brussels", "London", "Paris", "Berlin", "Tokyo", "Tehran", "Ankara", "Jerusalem", "Minsk", "Vilnius", "Riga", "Tallinn", "Warsaw", "Rome", "Madrid", "Delhi", "Seoul", "Pyongyang", "Damascus", "Baghdad", "Cairo", "Gaza", "Hamas", "Hezbollah", "NATO", "EU", "UN", "US", "USA", "UK", "Reuters", "AP", "AFP", "Bloomberg", "Xinhua", "TASS"]
)

# ------------------------------------------------------------------------ regexes


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (faster)."""
    trie: dict = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# Every place where a sentence may name its speaker, in one scan: an
# attribution verb, "according to", or ", saying".
_CUE = re.compile(rf"\b{_trie_pattern(_VERBS)}\b|[Aa]ccording\s+to\s+|,\s+saying\b")
# end of the phrase after "according to" / "said": a clause boundary
_PHRASE_END = re.compile(r"[,.;:!?()\[\]“”\"\x1f—–]|\s-\s|$")
# characters that end a clause before a subject (\x1f: masked quotation)
_BOUNDARY_CHARS = tuple(',;:([—–“”"\x1f')
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'.\-]*"
_CONNECT = r"(?:of|for|the|and|de|del|la|le|van|von|der|den|du|da|di|al|el|bin|ibn|&)"
_NAME_SEQ = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+)*{_CAP})*"
# the name that opens a sentence, after an optional dateline ("VILNIUS: ")
_INITIAL_NAME = re.compile(rf"\s*(?:[A-Z][A-Z .'’\-]*[A-Z]:\s+)?((?:The\s+)?{_NAME_SEQ})(?=\s*,|\s+[a-z])")
# quotations: curly pairs, and straight quotes
_QUOTE_CHARS = re.compile(r"[“”\"]")
_STRIP = " \t\r\n,.;:!?'\"“”‘’()[]{}—–-\x1f"


def _mask_quotes(s: str) -> str:
    """``s`` with the text inside quotation marks replaced by \x1f (same length).

    A closing mark with no opening one masks from the start of the sentence; an
    opening mark that is not closed masks to the end.
    """
    parts = []
    done = 0  # s[:done] is in parts
    open_at = -1
    n = len(s)
    for m in _QUOTE_CHARS.finditer(s):
        i = m.start()
        c = s[i]
        if c == '"':
            before = s[i - 1] if i else " "
            after = s[i + 1] if i + 1 < n else " "
            opening = (
                open_at < 0 and (i == 0 or before.isspace() or before in "([—–-") and not after.isspace()
            )
        else:
            opening = c == "“"
        if opening:
            if open_at < 0:
                open_at = i
        else:
            start = open_at + 1 if open_at >= 0 else 0
            if start >= done:
                parts.append(s[done:start])
                parts.append("\x1f" * (i - start))
                done = i
            open_at = -1
    if open_at >= 0 and open_at + 1 >= done:
        parts.append(s[done : open_at + 1])
        parts.append("\x1f" * (n - open_at - 1))
        done = n
    parts.append(s[done:])
    return "".join(parts)


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(_STRIP)


def _initial_name(masked: str) -> str | None:
    m = _INITIAL_NAME.match(masked)
    if not m:
        return None
    name = m.group(1)
    first = name.split(None, 1)[0]
    if first in _NOT_NAMES or name.endswith(("’s", "'s", "’", "'")):
        return None  # "Zelensky’s openness ..." is not said by Zelensky
    if first == "The":
        name = "the" + name[3:]
    return _clean(name)


def _valid_subject(words: list[str]) -> str | None:
    """The subject named by ``words`` (the text before the verb), or None."""
    # drop list bullets and dashes, auxiliaries right before the verb, and
    # connectives at the start
    while words and not any(c.isalnum() for c in words[0]):
        words = words[1:]
    while words and words[-1].lower() in _AUX:
        words = words[:-1]
    while words and words[0].lower().strip(",") in _LEADING_SKIP:
        words = words[1:]
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower() in _CUT:
            words = words[k + 1 :]
            break
    if not words or len(words) > 12:
        return None
    lower = [w.lower() for w in words]
    first = words[0]
    if len(words) == 1 and lower[0] in _PRONOUNS:
        return lower[0]
    if lower[0] in _DETERMINERS:
        if len(words) == 1 or any(w in _CLAUSE_WORDS for w in lower[1:]):
            return None
        if first[0].isupper():  # "The Migration Department said" -> "the Migration Department"
            words = [lower[0], *words[1:]]
        return _clean(" ".join(words)) or None
    if first[:1].isupper() and first not in _NOT_NAMES:
        if len(words) > 8:
            return None
        for w, lw in zip(words, lower, strict=True):
            if not (w[:1].isupper() or lw in _CONNECTORS or lw in _ROLES or w[:1].isdigit()):
                return None
        return _clean(" ".join(words)) or None
    if len(words) <= 3 and lower[-1] in _GROUPS and not any(w in _CLAUSE_WORDS for w in lower):
        return _clean(" ".join(words)) or None
    return None


def _subject_before(masked: str, end: int) -> tuple[str | None, bool, bool]:
    """(subject, after_comma, after_and) for a verb that starts at ``end``."""
    start = max([masked.rfind(c, 0, end) for c in _BOUNDARY_CHARS]) + 1
    dash = masked.rfind(" - ", start, end)
    if dash >= 0:
        start = dash + 3
    span = masked[start:end]
    after_comma = start > 0 and masked[start - 1] == ","
    words = span.split()
    after_and = bool(words) and words[-1].lower() in ("and", "but")
    return _valid_subject(words), after_comma, after_and


def _phrase_after(masked: str, pos: int) -> str:
    m = _PHRASE_END.search(masked, pos)
    return masked[pos : m.start() if m else len(masked)]


def _name_after(masked: str, pos: int) -> str | None:
    """A name right after an attribution verb ("..., said John Smith.")."""
    words = _phrase_after(masked, pos).split()
    if not words or len(words) > 8:
        return None
    first = words[0]
    if first.lower() in _PRONOUNS or first.lower() in ("that", "in", "on", "at", "this", "last"):
        return None
    if first in (["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]):
        return None
    return _valid_subject(words)


def _find(sentence: str) -> str | None:
    first = _CUE.search(sentence)
    if first is None:
        return None
    masked = _mask_quotes(sentence) if _QUOTE_CHARS.search(sentence) else sentence
    for m in _CUE.finditer(masked, first.start()):
        cue = m.group()
        if cue[0] == ",":  # ", saying": the name that opens the sentence
            subject = _initial_name(masked)
        elif cue[0] in "Aa" and cue[1:8] == "ccordin":  # according to X
            words = _phrase_after(masked, m.end()).split()
            subject = _valid_subject(words) if words else None
            if subject in _PRONOUNS:
                subject = None
        else:  # an attribution verb
            subject, after_comma, after_and = _subject_before(masked, m.start())
            if subject is None:
                before = masked[: m.start()].rstrip()
                # "..., said John Smith." / "“...,” said the ministry."
                if not before or before[-1] in ',\x1f”"':
                    subject = _name_after(masked, m.end())
            if subject is None and (after_comma or after_and):
                # "X, a businessman who ..., said ..." / "X declared ... and said ..."
                subject = _initial_name(masked)
        if subject is not None:
            return subject
    return None


def find_speaker(sentence: str) -> str | None:
    """Who ``sentence`` is attributed to, as written, or None.

    Pronoun subjects are returned as the lower-case pronoun ("he", "she", "it",
    "they"); :func:`attribute_speakers` resolves them within an article.
    """
    try:
        if not isinstance(sentence, str) or not sentence:
            return None
        speaker = _find(sentence)
    except Exception:  # noqa: BLE001 - a heuristic must never break the pipeline
        return None
    return speaker or None


# ------------------------------------------------------------------ article level


_KINDS: dict[str, str] = {}


def _kind(name: str) -> str:
    """ "person", "org" or "group" for a speaker that is not a pronoun."""
    kind = _KINDS.get(name)
    if kind is None:
        kind = _kind_uncached(name)
        if len(_KINDS) < 4096:
            _KINDS[name] = kind
    return kind


def _kind_uncached(name: str) -> str:
    words = name.split()
    if not words:
        return "person"
    lower = [w.lower().strip("’'s") for w in words]
    if lower[-1] in _GROUPS or words[-1].lower() in _GROUPS:
        return "group"
    if words[0].lower() in _DETERMINERS:
        return "org"
    if any(w.lower() in _ORG_WORDS or lw in _ORG_WORDS for w, lw in zip(words, lower, strict=True)):
        return "org"
    if name in _PLACES or any(w in _PLACES for w in words if len(words) <= 2):
        return "org"
    if any(len(w) >= 2 and w.isupper() for w in words):
        return "org"
    return "person"


def _quote_events(sentence: str) -> list[bool]:
    """Quotation marks of ``sentence`` in order: True opens, False closes."""
    events = []
    straight_open = False
    for m in _QUOTE_CHARS.finditer(sentence):
        i = m.start()
        c = sentence[i]
        if c == "“":
            events.append(True)
        elif c == "”":
            events.append(False)
        else:
            before = sentence[i - 1] if i else " "
            after = sentence[i + 1] if i + 1 < len(sentence) else " "
            opening = not straight_open and (before.isspace() or before in "([—–-") and not after.isspace()
            straight_open = opening
            events.append(opening)
    return events


def attribute_speakers(sentences: Sequence[str]) -> list[str | None]:
    """Speakers of the sentences of one article, in order, with pronouns resolved.

    "he"/"she" become the most recent named person speaker, "it" the most
    recent organisation speaker, "they" the most recent group speaker (a
    pronoun with no such antecedent is kept as is).  A sentence inside a
    quotation that it does not close, and that names no speaker itself, gets
    the speaker of the sentence that closes the quotation (or of the sentence
    that opened it, when that one named a speaker).
    """
    result: list[str | None] = []
    last = {"person": None, "org": None, "group": None}
    in_quote = False
    quote_speaker: str | None = None  # speaker already known for the open quotation
    pending: list[int] = []  # sentences of the open quotation without a speaker
    for i, sentence in enumerate(sentences):
        try:
            own = find_speaker(sentence)
            if own in ("he", "she"):
                own = last["person"] or own
            elif own == "it":
                own = last["org"] or own
            elif own == "they":
                own = last["group"] or own
            elif own is not None:
                last[_kind(own)] = own
            events = (
                _quote_events(sentence)
                if isinstance(sentence, str) and ("“" in sentence or "”" in sentence or '"' in sentence)
                else ()
            )
        except Exception:  # noqa: BLE001  # pragma: no cover - find_speaker does not raise
            own, events = None, []
        started_inside = in_quote
        closed_earlier = False
        for opening in events:
            if opening:
                in_quote = True
            elif in_quote:
                in_quote = False
                closed_earlier = True
        if own is None and (started_inside or in_quote) and quote_speaker is not None:
            own = quote_speaker
        result.append(own)
        if (started_inside and closed_earlier) or not in_quote:
            # the quotation (if any) ends in this sentence
            if pending and own is not None and own not in _PRONOUNS:
                for j in pending:
                    result[j] = own
            pending = []
            quote_speaker = None
        if in_quote:
            # the quotation goes on past this sentence
            if own is None:
                pending.append(i)
            elif own not in _PRONOUNS:
                quote_speaker = own
                for j in pending:
                    result[j] = own
                pending = []
    return result
