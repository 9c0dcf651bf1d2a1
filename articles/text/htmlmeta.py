"""A saved web page's headline, authors and publication date, read from its markup.

Pure Python (lxml trees in, strings and dates out; no Django). ``parse.parse_html`` calls
``page_metadata`` on the page's tree before anything is removed from it.

- **Headline**: the page's visible ``<h1>`` first (the one inside ``<article>`` / ``<main>`` when
  there are several, the one closest to the page's own titles when still in doubt); hidden ones,
  site logos and headings of comment forms are skipped; a kicker inside the ``<h1>``
  ("Interne Unterlagen im Netz" above "Daten von Rheinmetall gehackt") is left out. JSON-LD
  ``headline``, ``og:title``, ``twitter:title`` and ``<title>`` are fallbacks, with the site's name
  stripped (" | CNN Politics", " - BBC News", " — The Atlantic").
- **Authors**: JSON-LD ``author``, then ``<meta name="author">`` and its kin, then the visible
  byline near the headline. Cleaned: "By" / "Von" / "Par" removed, placeholders ("null",
  "No Author", "Staff") and glued dates ("CBS News February 3, 2020") dropped, several names kept.
  Organisations ("Reuters", "tagesschau.de") only when no person is named.
- **Published date**: ``article:published_time``, JSON-LD ``datePublished``, ``<time pubdate>``,
  ``itemprop="datePublished"``, then the usual ``<meta name="date">`` variants; a modified date
  never wins over a published one. A UTC timestamp is moved into the page's own time zone when the
  page's other timestamps carry one ("2020-03-04T02:30:00Z" next to "-05:00" is 2020-03-03).
"""

from __future__ import annotations

import datetime
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "PageMeta", "clean_authors", "element_text", "is_site_name", "page_metadata", "plausible_org", "strip_site_name",
]

_WS = re.compile(r"\s+")


def _one(s: str) -> str:
    if s and "\u00ad" in s:
        s = s.replace("\u00ad", "")  # a soft hyphen: invisible ("PE\u00adTER CHRISTO\u00adPHER")
    return _WS.sub(" ", s or "").strip()


# --------------------------------------------------------------------------
# Text of an element, with block boundaries kept
# --------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br"]
)


def element_text(el, *, source_breaks: bool = True) -> str:
    """The text of an element with a newline wherever a block element (or ``<br>``) starts or
    ends, so that "<p>Summary</p><p>Estimating" never reads "SummaryEstimating".

    ``source_breaks=False``: a line break of the HTML source inside one piece of text is a space
    (a byline's "<span>Jennifer\n Van Grove</span>" is one name); one between elements still
    separates them ("<a>National Desk</a>\n<span>The Plain Dealer</span>")."""
    if not source_breaks:
        return "".join(_inner_breaks(t) for t in _element_pieces(el))
    return "".join(_element_pieces(el))


_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


def _inner_breaks(t: str) -> str:
    if "\n" not in t.strip():
        return t
    lead, mid, trail = _EDGES.match(t).groups()
    return lead + mid.replace("\n", " ") + trail


def _element_pieces(el) -> list[str]:
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            if node.tail:
                out.append(node.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            out.append("\n")
        if node.text and isinstance(node.tag, str):
            out.append(node.text)
        for child in node:
            walk(child)
        if block:
            out.append("\n")
        if node is not el and node.tail:
            out.append(node.tail)

    walk(el)
    return out


# --------------------------------------------------------------------------
# JSON-LD
# --------------------------------------------------------------------------

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
        "scholarlyarticle", "techarticle", "report", "webpage", "itempage", "medicalwebpage", "creativework",
        "posting", "discussionforumposting", "advertisercontentarticle", "satiricalarticle",
    }
)


def _jsonld_objects(tree) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw or len(raw) > 500_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw))
            except ValueError:
                continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                out.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
                main = item.get("mainEntity") or item.get("mainEntityOfPage")
                if isinstance(main, dict) and main.get("@type"):
                    stack.append(main)
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type", "")
    if isinstance(t, str):
        t = [t]
    return {str(x).lower() for x in t if isinstance(x, str)} if isinstance(t, list) else set()


def _article_objects(objs: list[dict]) -> list[dict]:
    arts = [o for o in objs if _types(o) & _ARTICLE_TYPES and _types(o) - {"webpage", "creativework", "itempage"}]
    pages = [o for o in objs if _types(o) & {"webpage", "itempage", "creativework"}]
    return arts + pages


def _ld_names(value) -> list[tuple[str, bool]]:
    """(name, is_person) for a JSON-LD author value."""
    out: list[tuple[str, bool]] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            out.append((item, True))
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(x) for x in name)
            if not isinstance(name, str):
                given, family = item.get("givenName"), item.get("familyName")
                name = " ".join(x for x in (given, family) if isinstance(x, str))
            if name:
                out.append((name, "organization" not in _types(item) and "newsmediaorganization" not in _types(item)))
    return out


# --------------------------------------------------------------------------
# Site names in titles
# --------------------------------------------------------------------------

_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|·|•|›|»|::|:|/|~)\s+|\s*\|\s*")


def _squash(s: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", s).casefold())


def _site_keys(site: str, url: str) -> set[str]:
    keys = set()
    if site:
        keys.add(_squash(site))
    host = ""
    if url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
    if host:
        labels = [x for x in host.split(".") if x not in ("www", "m", "amp", "edition", "mobile", "de", "com", "org", "net", "co", "uk", "fr", "es", "it", "at", "ch", "br", "info", "news")]
        keys.update(_squash(x) for x in labels if len(x) >= 2)
    return {k for k in keys if k}


def _is_site_segment(seg: str, keys: set[str]) -> bool:
    sq = _squash(seg)
    if not sq:
        return True
    if len(seg.split()) > 6:
        return False
    return any(k and (k in sq or (len(sq) >= 3 and sq in k)) for k in keys)


def is_site_name(text: str, *, site: str = "", url: str = "") -> bool:
    """True when ``text`` names the site itself ("BBC News" on bbc.co.uk)."""
    keys = _site_keys(site, url)
    return any(k in _squash(text) for k in keys)


def strip_site_name(title: str, *, site: str = "", url: str = "") -> str:
    """The title without the site's name before or after it ("Headline | CNN Politics")."""
    title = _one(title)
    keys = _site_keys(site, url)
    if not keys or not _TITLE_SEP.search(title):
        return title
    changed = True
    while changed:
        changed = False
        segs = _TITLE_SEP.split(title)
        seps = _TITLE_SEP.findall(title)
        if len(segs) < 2:
            break
        if _is_site_segment(segs[-1], keys) and len(" ".join(segs[:-1]).split()) >= 2:
            cut = title.rfind(seps[-1])
            title, changed = title[:cut].strip(), True
        elif _is_site_segment(segs[0], keys) and len(" ".join(segs[1:]).split()) >= 2 and seps[0].strip() != ":":
            cut = title.find(seps[0]) + len(seps[0])
            title, changed = title[cut:].strip(), True
    return title


# --------------------------------------------------------------------------
# Headline
# --------------------------------------------------------------------------

_HIDDEN = re.compile(r"sr-only|visually-?hidden|screen-?reader|\bhidden\b|\bhide\b|offscreen|a11y|assistive", re.IGNORECASE)
_KICKER = re.compile(r"kicker|dachzeile|topline|overline|eyebrow|supertitle|roofline|label|rubric|flag|section", re.IGNORECASE)
_SAYS_HEADLINE = re.compile(r"headline|article-?title|story-?title|entry-?title|post-?title", re.IGNORECASE)
_NOT_HEADLINE = re.compile(r"logo|site-?title|site-?name|brand|masthead|comment|respond|reply", re.IGNORECASE)


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s.casefold())


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), set(_words(b))
    if not wa or not wb:
        return 0.0
    return sum(1 for w in wa if w in wb) / len(wa)


def _attrs(el) -> str:
    return " ".join(el.get(a, "") for a in ("class", "id", "role", "itemprop"))


_HEADLINE_PART = re.compile(r"(?:^|[\s_-])(?:headline|hed|title)(?:$|[\s_-])|__(?:headline|title)\b", re.IGNORECASE)


def _h1_text(h1, keys: set[str] = frozenset()) -> str:
    kids = [c for c in h1 if isinstance(c.tag, str) and c.tag != "br"]
    # A link to the site's home page set inside the h1 ("...de la Infanta<a>Ultima Hora Mallorca</a>").
    named = [c for c in kids if c.tag == "a" and keys and _is_site_segment(_one(c.text_content()), keys)]
    if named and _one("".join(h1.itertext())) != _one(named[0].text_content()):
        kids = [c for c in kids if c not in named]
        h1 = _without(h1, named)
    # One part marked as the headline, the others a kicker or series name ("Open Progress" above it).
    marked = [c for c in kids if c.get("itemprop") == "headline" or _HEADLINE_PART.search(c.get("class") or "")]
    if len(kids) >= 2 and len(marked) == 1 and _one(marked[0].text_content()):
        return _strip_joint(_one(" ".join(_lines_of(element_text(marked[0])))))
    parts: list[str] = []
    if any(_KICKER.search(_attrs(c)) for c in kids) and (
        len(kids) >= 2 or any(c.tail and c.tail.strip() for c in kids) or (h1.text or "").strip()
    ):
        # (one kicker with the headline as its tail: <h1><span class="overline">Die Zukunft der
        # Arbeit</span>"Wir dekorieren ..."</h1>)
        if h1.text and h1.text.strip():
            parts.append(h1.text)
        for c in kids:
            if not _KICKER.search(_attrs(c)) and not _HIDDEN.search(_attrs(c)):
                parts.append(element_text(c))
            if c.tail and c.tail.strip():
                parts.append(c.tail)
        text = _strip_joint(_one(" ".join(parts)))
        if text:
            return text
    return _one(" ".join(_lines_of(element_text(h1))))


def _strip_joint(text: str) -> str:
    """A headline without the colon or dash left over from a kicker taken off (": Wie Firmen ...")."""
    return re.sub(r"^[\s:|–—-]+", "", text).strip()


def _without(el, drop: list):
    """A copy of ``el`` without the children in ``drop``."""
    import copy

    clone = copy.deepcopy(el)
    idx = [i for i, c in enumerate(el) if c in drop]
    for i in reversed(idx):
        child = clone[i]
        tail = child.tail
        clone.remove(child)
        if tail and tail.strip():
            prev = clone[i - 1] if i > 0 else None
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                clone.text = (clone.text or "") + tail
    return clone


def _lines_of(s: str) -> list[str]:
    return [x for x in (ln.strip() for ln in s.split("\n")) if x]


def _visible_h1s(tree, keys: set[str] = frozenset()) -> list[tuple[str, bool, str, object]]:
    """(text, inside article/main, text with any kicker, element) for the page's h1s that a
    reader sees, in page order."""
    out: list[tuple[str, bool, str, object]] = []
    for h1 in tree.iter("h1"):
        chain = [h1, *h1.iterancestors()]
        hidden = False
        in_article = False
        for el in chain:
            tag = el.tag if isinstance(el.tag, str) else ""
            style = (el.get("style") or "").replace(" ", "").lower()
            if el.get("hidden") is not None or el.get("aria-hidden") == "true" or "display:none" in style:
                hidden = True
                break
            a = _attrs(el)
            if _HIDDEN.search(a) and el is h1:
                hidden = True
                break
            # (an h1 whose class says it is the headline is one, whatever its id: an anchor for a
            # comment widget, <h1 id="insticator-commenting" class="page-headline">, is no comment)
            not_headline = (el is h1 or tag == "a") and _NOT_HEADLINE.search(a)
            if not_headline and el is h1 and _SAYS_HEADLINE.search(el.get("class", "")):
                not_headline = False
            if tag in ("nav", "footer", "aside", "form") or not_headline:
                hidden = True
                break
            if tag in ("article", "main") or "articleBody" in a or "headline" in a:
                in_article = True
        if hidden:
            continue
        text = _h1_text(h1, keys)
        if not text or len(text) > 400 or not any(c.isalpha() for c in text):
            continue
        out.append((text, in_article, _one(" ".join(_lines_of(element_text(h1)))), h1))
    return out


def _choose_headline(h1s: list[tuple[str, bool, str, object]], meta_titles: list[str], keys: set[str]):
    """(headline, its element) or ("", None)."""
    cands = []
    for i, (text, in_article, _full, el) in enumerate(h1s):
        if _squash(text) in keys or (len(h1s) > 1 and _is_site_segment(text, keys) and len(text.split()) <= 3):
            continue  # the site's name as a logo
        best = max((_overlap(text, t) for t in meta_titles), default=0.0)
        cands.append((text, in_article, best, i, el))
    if not cands:
        return "", None
    if not meta_titles:
        c = next((c for c in cands if c[1]), cands[0])
        return c[0], c[4]
    good = [c for c in cands if c[2] >= 0.5]
    if good:
        c = max(good, key=lambda c: (c[1], c[2] >= 0.8, -c[3]))
        return c[0], c[4]
    # No h1 looks like the page's titles: trust a lone headline-sized h1 in the article.
    inside = [c for c in cands if c[1] and len(c[0].split()) >= 4]
    if len(inside) == 1 or (len(cands) == 1 and len(cands[0][0].split()) >= 4 and cands[0][2] > 0):
        c = (inside or cands)[0]
        return c[0], c[4]
    # Several h1s, one of them headline-sized and sharing words with the titles, the others short
    # labels ("Business Monday", "Related content"): the headline among section names.
    sized = [c for c in cands if len(c[0].split()) >= 4]
    if len(sized) == 1 and sized[0][2] > 0 and not inside:
        return sized[0][0], sized[0][4]
    return "", None


# --------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------

_PLACEHOLDERS = frozenset(
    {
        "null", "none", "undefined", "nan", "no author", "noauthor", "unknown", "anonymous", "staff", "admin",
        "administrator", "editor", "editors", "the editors", "redaktion", "author", "authors", "by", "guest",
        "staff writer", "staff reporter", "web desk", "webdesk", "news desk", "newsdesk", "desk", "team",
        "user", "default", "n/a", "na", "-", "redazione", "rédaction", "redacción", "redação", "reporter",
        "editorial", "editorial board", "the editorial board", "opinion", "analysis", "commentary",
        "sign out", "sign in", "log in", "log out", "more posts", "about the author", "über den autor",
        "über die autorin", "vielen dank", "follow", "contact", "more", "view all posts", "all posts",
        "follow us", "watch live", "live", "watch",
        # author-box links and labels of blog themes ("View Author Page", "Story By", "No Comments")
        "story by", "view author page", "view author profile", "view author archive", "author page",
        "author profile", "author archive", "archive", "no comments", "comments", "view profile",
        # a newsroom's collective or an anonymous byline ("Editorial Staff", "anónimo", "The Author")
        "editorial staff", "editorial team", "news team", "the author", "anónimo", "anonimo", "anonyme", "anonym",
        "anônimo",
    }
)
_ORG_WORDS = re.compile(
    r"\b(?:news|press|presse|times|post|journal|daily|media|agency|agence|agencia|agentur|redaktion|"
    r"staff|desk|team|group|network|tv|radio|online|magazine|magazin|tribune|herald|gazette|reuters|"
    r"associated|afp|dpa|epa|apa|ansa|efe|kna|epd|sid|bloomberg|cnn|bbc|abc|nbc|cbs|fox|npr|pbs|ndr|"
    r"wdr|swr|br|mdr|hr|rbb|orf|srf|zdf|ard|jiji|kyodo|xinhua|tass|ria|yonhap|newsroom|editorial|"
    r"board|inc|ltd|gmbh|llc|corp|wire|bureau|service|foundation|institute|university|office|ministry|"
    r"company|sports|weather|report|reports|contributors?|correspondents?|leader|register|observer|courier|"
    r"chronicle|globe|argus|examiner|inquirer|dispatch|bulletin|telegraph|independent|guardian|mirror|express|"
    r"standard|insider|reuters|zeitung|tagblatt|rundschau|nachrichten|allgemeine|kurier|le monde|le figaro|"
    r"libération|el país|folha|estadão|associated press|autoren|autorinnen|gastautor(?:en|in)?|reporting|"
    # a government body as the byline of its press release ("By U.S. CUSTOMS AND BORDER PROTECTION")
    r"customs|protection|department|administration|authority|commission|council|police|patrol|government|"
    r"embassy|parliament)\b|\.(?:com|de|org|net|fr|es|"
    r"at|ch|uk|it|io|info|br)\b",
    re.IGNORECASE,
)
_BY_PREFIX = re.compile(
    r"(?i:^(?:(?:written|posted|published|reported|compiled|text|story|words|interview|photos?|analysis|opinion|"
    r"commentary|review|reporting|column|erstellt|artikel|eingestellt|geschrieben|verfasst)\s+(?:by|von|de|par|por)\b|"
    # an interview's "collected by" ("Recueilli par Patrick ANGEVIN", "Propos recueillis par"), "a cura di"
    r"(?:propos\s+)?recueilli(?:e|s|es)?\s+par|entretien\s+réalisé\s+par|a\s+cura\s+di|"
    r"more\s+(?:from|by|stories\s+by|articles\s+by)|more|über|about|by|von|"
    r"par|por|door|di|da|av|af|autor(?:in)?|author|auteur|redakteur(?:in)?|text|bericht|reporting)\s*[:\-–—]?\s+)"
    # "By" glued to the name by inline markup ("<span>By</span><a>Alex Bozarjian</a>")
    r"|^(?:By|Von|Par|Por)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ.])",
)
_MONTH_WORD = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m[aä]r(?:ch|z)?|apr(?:il)?|may|mai|jun[ei]?|jul[iy]?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?|janvier|février|mars|avril|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre)\.?"
)
_DATE_TAIL = re.compile(
    r"(?:[\s,|•·–—-]+(?:updated|published|posted|aktualisiert|stand|am|on|le|el|em)?\s*:?\s*)?"
    # a month with no day after it ("CBS News February"), but not one that is also a name ("Theresa May")
    r"(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\b(?!(?:may|june|april|august)$)" + _MONTH_WORD
    + r"(?:\s+\d.*)?|\d{1,4}[./-]\d.*|"
    r"\d{1,2}\.?\s+" + _MONTH_WORD + r".*|\d{1,2}:\d{2}.*|\d+\s+(?:min|mins|minutes|hours?|days?)\b.*)$",
    re.IGNORECASE,
)
# A date at the end of a whole byline ("By A , B on Monday, November 18th, 2019 at 11:08 a.m."),
# cut before the names are split at commas (which would leave "B on Monday" as a name).
_STAMP_TAIL = re.compile(
    r"[\s,|•·–—-]+(?:(?:updated|published|posted|aktualisiert|on|am|le|el|em)\s*:?\s+)?"
    r"(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:\b" + _MONTH_WORD + r"\s+\d|\d{1,2}\.?\s+" + _MONTH_WORD + r"|\d{1,4}[./-]\s?\d).*$",
    re.IGNORECASE,
)
_ROLE_TAIL = re.compile(
    r",?\s+(?:is\s+an?\s+.*|for\s+(?:the\s+)?[A-Z].*|(?:senior\s+|chief\s+|staff\s+|political\s+|white\s+house\s+|"
    r"national\s+|foreign\s+|health\s+|science\s+|business\s+|special\s+|politics\s+|managing\s+|deputy\s+|"
    r"executive\s+|contributing\s+|associate\s+|assistant\s+|digital\s+|opinion\s+|features?\s+|sports?\s+|"
    r"technology\s+|tech\s+|investigative\s+|education\s+|climate\s+|energy\s+|economics\s+|legal\s+)*"
    r"(?:reporter|writer|correspondent|editor|"
    r"columnist|contributor|journalist|producer|analyst|critic)\b.*)$",
    re.IGNORECASE,
)
_ROLE_END = re.compile(
    r"\b(?:reporter|writer|correspondent|editor|columnist|contributor|journalist|journaliste|periodista|"
    r"jornalista|redakteur(?:in)?|korrespondent(?:in)?|producer|analyst|critic|chief|director)s?\.?$",
    re.IGNORECASE,
)
# An organisation given as the byline: its words capitalised ("Jerusalem Post Staff", "7 News WHDH"),
# not a bare domain ("elmundo.es": the site) nor words of the page's interface ("Account You're logged").
_CONTRACTION = re.compile(r"['’](?:re|ve|ll|m)\b")
_BARE_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_ORG_SMALL_WORDS = frozenset({"of", "and", "the", "for", "de", "del", "la", "le", "des", "du", "di", "da", "&", "und", "y", "e", "et", "with"})


def plausible_org(name: str) -> bool:
    if _BARE_DOMAIN.match(name) or _CONTRACTION.search(name):
        return False
    if all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _ORG_SMALL_WORDS for w in name.split()):
        return True
    return _ORG_WORDS.search(name) is not None  # "dpa", "afp", "sda": agencies in lower case


_GLUED_DOMAIN = re.compile(r"(?<=[a-z])(?=[A-Z][A-Za-z-]*\.(?:com|org|net|co\.uk|de|fr|es|it)(?![a-z]))")
_WITH_AGENCY = re.compile(
    r"\s+(?:with|avec|mit|con|com)\s+(?=(?:AFP|AP|Reuters|dpa|EFE|ANSA|Lusa|KNA|epd|APA|SDA|ATS|Keystone-SDA|"
    r"Europa Press|Associated Press|agencies|agences|Agenturen|agencias|agenzie)\b)",
    re.IGNORECASE,
)
_SPLIT_NAMES = re.compile(r"\s*(?:;|,|\||/|\s&\s|\s+(?:and|und|et|y|e|og|en|und)\s+|\n)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.\-]*|(?:de|del|della|der|den|van|von|la|le|da|di|du|dos|das|bin|al|el|ibn|y|zu|ten|ter|st\.?)|[A-Z]\.)$")


# A byline of generic words only ("Staff and news service reports", "From wire reports"): no one named.
_GENERIC_BYLINE = re.compile(
    r"^(?:(?:from|by|staff|and|&|news|wire|wires|services?|reports?|agencies|agency|the|our|with|"
    r"contributions?|compiled|combined|dispatches|correspondents?)\b[\s,]*)+$",
    re.IGNORECASE,
)


def _is_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in name) or "@" in name:
        return False
    if not name.isupper() and any(w.isupper() and w.isalpha() and len(w) >= 2 for w in words):
        return False  # an acronym inside: "AP National Security", "CNN Wire"
    if _ORG_WORDS.search(name):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def _fix_case(name: str) -> str:
    if name.isupper() and len(name) > 4 and len(name.split()) >= 2:
        return " ".join(w if len(w) <= 2 and w.endswith(".") else w.capitalize() for w in name.split())
    return name


_GLUED_HANDLE = re.compile(r"(?<=[a-z])@\w+(?![\w.-]*\.[a-z]{2,})")
_DOUBLED_BY = re.compile(r"^(?:by)\s*(?=by\s)", re.IGNORECASE)
_GLUED_ROLE = re.compile(
    r"(?<=[a-z])(?=(?:Staff|Senior|Chief|Contributing|Special|Political)\s+(?:Writer|Reporter|Editor|Correspondent|Columnist)\b)"
)


# A name in capitals and words in small letters after it: "LAURE BRETTON Envoyés spéciaux à Toulouse"
_CAPS_NAME_THEN_WORDS = re.compile(
    r"^((?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+\s+){1,3}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+)\s+(?=[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ])"
)


_THE_PHRASE = re.compile(r"^[Tt]he\s+[A-Z][\w'’-]*(?:\s+(?:and|&)\s+[A-Z][\w'’-]*)?(?:\s+[a-z][\w'’-]+)+$")
_INITIAL_END = re.compile(r"\s[A-ZÀ-ÖØ-Þ]$")
_NEWSROOM = re.compile(r"(?i)^(?:redacci[oó]n|reda[cç][aã]o|redazione|r[ée]daction|redaktion|newsroom)\b")


def clean_authors(raw: str, *, site: str = "") -> tuple[list[str], list[str]]:
    """(people, organisations) named in one raw byline string."""
    s = _one(unicodedata.normalize("NFKC", raw or ""))
    if "&" in s and ";" in s:
        s = _one(html.unescape(s))  # "Redacci&oacute;n" left escaped in a JSON-LD author's name
    if not s or s.startswith(("http://", "https://", "{", "[")) or _GENERIC_BYLINE.match(s):
        return [], []
    if _PHOTO_CREDIT.match(s):
        return [], []  # "Photograph by Tyrone Turner, National Geographic Creative": a credit, agency and all
    if _BARE_DOMAIN.match(s):
        return [], [s]  # "elmundo.es": a site's domain, never a person
    if _THE_PHRASE.match(s):
        return [], []  # "The Russian and Syrian defense ministries": a description (a fact check's claimant)
    if " | " in s:
        # "Ángeles Escrivá | San Sebastián | 08/01/2014": the names in the first part that has any,
        # the place and the date after the bar are no co-authors
        orgs_seen: list[str] = []
        for seg in s.split(" | "):
            p, o = clean_authors(seg, site=site)
            if p:
                return p, o
            orgs_seen.extend(x for x in o if x not in orgs_seen)
        return [], orgs_seen
    s = _GLUED_HANDLE.sub(" ", s)  # "Tom DiChristopher@tdichristopher"
    s = re.sub(r"\S+@\S+|https?://\S+|www\.\S+|(?<!\w)@\w+", " ", s)
    s = _DOUBLED_BY.sub("", s)  # "Byby JOSH HASKELL" ("By" set twice by the markup)
    s = _GLUED_ROLE.sub(" ", s)  # "Howard BlumeStaff Writer"
    s = _GLUED_DOMAIN.sub(", ", s)  # "Jemele HillESPN.comArchive": the site glued to the name
    s = re.sub(r"\(\s*(?:avec|with|mit|con|com|und|and|et|y|e)\s+", ", ", s, flags=re.IGNORECASE)
    s = _WITH_AGENCY.sub(", ", s)  # "Le Monde with AFP": the site and the agency, two names
    s = re.sub(r"(?<=\w)\s+\(((?:[A-Z]\.\s?){1,3})\)\s+(?=[A-Z])", lambda m: " " + m.group(1).replace(" ", "") + " ", s)
    s = s.replace("(", ", ").replace(")", ", ")
    s = _STAMP_TAIL.sub("", s)
    people: list[str] = []
    orgs: list[str] = []
    for piece in _SPLIT_NAMES.split(s):
        unstripped = _one(piece)
        piece = unstripped.strip(" .:,;-–—|•·")
        if not piece:
            continue
        for _ in range(2):
            piece = _BY_PREFIX.sub("", piece).strip(" .:,;-–—|•·")
        piece = _DATE_TAIL.sub("", piece).strip(" .:,;-–—|•·")
        dash = re.split(r"\s+[-–—]\s+", piece, maxsplit=1)
        if len(dash) == 2 and _ROLE_END.search(dash[1]) and _is_person(dash[0]):
            piece = dash[0]  # "RACHEL METZ - AP Technology Writers": the name, her job after the dash
        caps = _CAPS_NAME_THEN_WORDS.match(piece)
        if caps and _is_person(caps.group(1)):
            piece = caps.group(1)  # "LAURE BRETTON Envoyés spéciaux à Toulouse": the name in capitals
        if people and _ROLE_END.search(piece):
            continue  # "Jane Doe, AP National Security Writer": her job, not a second author
        piece = _ROLE_TAIL.sub("", piece).strip(" .:,;-–—|•·")
        if _INITIAL_END.search(piece) and unstripped.rstrip(" :,;-–—|•·").endswith(piece[-1] + "."):
            piece += "."  # "Daniela Cerdas E.": a last initial keeps its full stop
        if _NEWSROOM.match(piece):
            continue  # "Redacción Diario Pagina Siete": the newsroom, no one named
        if not piece or piece.casefold() in _PLACEHOLDERS or len(piece) > 80 or _PHOTO_CREDIT.match(piece):
            continue
        if _GENERIC_BYLINE.match(piece):
            continue
        if not any(c.isalpha() for c in piece):
            continue
        if _is_person(piece):
            name = _fix_case(piece)
            if name.casefold() not in (p.casefold() for p in people):
                people.append(name)
        elif len(piece.split()) <= 6 and piece.casefold() not in (o.casefold() for o in orgs):
            orgs.append(piece)
    return people, orgs


_BYLINE_ATTR = re.compile(
    r"byline|by-line|\bauthor|author-?name|authors|contributor|article__author|writer|reporter|\bcreator|"
    # the other languages' words: "article_leftbar_auteur", El Mundo's <p class="firma">
    r"auteur|\bfirma\b",
    re.IGNORECASE
)
_NOT_BYLINE_ATTR = re.compile(r"avatar|image|photo|img|bio\b|description|social|twitter|follow|email|date|time", re.IGNORECASE)


# A photo credit in the author's place ("Photo: Jane Doe/AP", "Фото из Инстаграма ..."): not a byline.
_PHOTO_CREDIT = re.compile(r"^(?:photos?|photograph|foto|fotos|фото|bild|image|picture|credit)\b", re.IGNORECASE)
_BY_LINE = re.compile(r"^\W*(?:by|von|par|por|door)\s*:?\s+[A-ZÀ-ÖØ-Þ]", re.IGNORECASE)
# A byline opening the story's first paragraph: "By Aaron Humes: The Americas cannot ignore ..."
_BY_NAME_COLON = re.compile(r"^\W*(?i:by|von|par|por)\s+([A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3})\s*:\s+\S")
# A reporter's name set as a line in capitals, with their e-mail address on the next line.
_CAPS_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+){1,2}$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def _same_person(name: str, people: list[str]) -> bool:
    key = _squash(name)
    return any(_squash(p) == key for p in people)


_COMMENT_ATTR = re.compile(r"comment", re.IGNORECASE)
_POPOVER = re.compile(r"tabpanel|tab-content|popover|tooltip|dropdown|hover-?card|modal|dialog", re.IGNORECASE)


def _hidden(el) -> bool:
    for x in (el, *el.iterancestors()):
        style = (x.get("style") or "").replace(" ", "").lower()
        if x.get("hidden") is not None or x.get("aria-hidden") == "true" or "display:none" in style:
            return True
    return False


def _without_popovers(el):
    import copy

    clone = copy.deepcopy(el)
    for x in list(clone.iter()):
        if x is not clone and isinstance(x.tag, str) and _POPOVER.search(_attrs(x)) and x.getparent() is not None:
            x.drop_tree()
    return clone


_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*([^\W\d][\w&'’ .-]{1,60}?)\s*(?:[.,;|]|\ball\b|$)",
    re.IGNORECASE,
)


def _copyright_holders(tree) -> set[str]:
    """The names in the page's copyright notices ("© 2023 Condé Nast. All rights reserved."), squashed."""
    out: set[str] = set()
    for text in tree.xpath('//text()[contains(., "©") or contains(., "opyright")]')[:20]:
        for m in _COPYRIGHT.finditer(_one(str(text))):
            key = _squash(m.group(1))
            if len(key) >= 3:
                out.add(key)
    return out


def _bare_byline_after(h1, site: str) -> list[str]:
    """The names of the first short "By/Von/Par/Por Name Name" element after the headline (within
    the next 40 elements), outside teasers and hidden parts: a byline set with no author markup."""
    from .furniture import _TEASER_HEADING

    seen = 0
    for el in _following(h1):
        seen += 1
        if seen > 120:
            break
        if seen > 40 and el.tag != "p":
            continue  # further on, only the story's first paragraph opening "By Name: ..."
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "li"):
            continue
        text = _one(el.text_content())
        first = _one((element_text(el).strip().splitlines() or [""])[0])
        if first != text and len(first) <= 60 and _BY_LINE.match(first):
            text = first  # "By: Patti Domm<br>CNBC Executive News Editor": the name's line
        if el.tag in ("h2", "h3") and _TEASER_HEADING.match(text):
            break  # "More stories": the bylines below are other stories'
        if el.tag == "p" and not _in_furniture(el) and not _hidden(el):
            m = _BY_NAME_COLON.match(text)
            if m:
                people = clean_authors(m.group(1), site=site)[0]
                if people:
                    return people
            if _CAPS_NAME.match(text):
                nxt = el.getnext()
                mail = _one(nxt.text_content()) if nxt is not None and isinstance(nxt.tag, str) else ""
                local = mail.split("@")[0].lower()
                if _EMAIL.match(mail) and text.split()[-1].lower() in local:
                    people = clean_authors(text, site=site)[0]
                    if people:
                        return people
        if seen > 40 or len(text) > 60 or not _BY_LINE.match(text) or _in_furniture(el) or _hidden(el):
            continue
        people = clean_authors(text, site=site)[0]
        if people:
            return people
    return []


def _following(el):
    """Elements after ``el`` in document order (not inside it)."""
    node = el
    while node is not None:
        for sib in node.itersiblings():
            yield sib
            yield from sib.iterdescendants()
        node = node.getparent()


def _author_link_in_article(el) -> bool:
    """A ``rel="author"`` link in an ``<aside>`` of the article itself (the Guardian sets its byline
    in the story's meta column), not in a sidebar of the page."""
    if el.get("rel") != "author":
        return False
    for anc in el.iterancestors():
        if anc.tag in ("nav", "footer"):
            return False
        if anc.tag in ("article", "main"):
            return True
    return False


def _near(el, first_block: set) -> bool:
    """``el`` shares one of its five nearest ancestors with the first byline's (co-authors set in
    separate elements), unlike a teaser's byline further down the page."""
    return any(anc in first_block for anc in _ancestors(el, 5))


def _ancestors(el, n: int) -> list:
    out = []
    for anc in el.iterancestors():
        if anc.tag in ("html", "body") or len(out) >= n:
            break
        out.append(anc)
    return out


def _under_teaser_heading(el) -> bool:
    """``el`` follows a teaser heading ("More stories", "More from The Telegraph") in one of its
    six nearest ancestors: another story's byline."""
    from .furniture import _TEASER_HEADING

    for anc in _ancestors(el, 6):
        for hd in anc.iter("h2", "h3"):
            if hd is el or el in set(hd.iterancestors()):
                break
            if _TEASER_HEADING.match(_one(hd.text_content())) and _precedes(hd, el):
                return True
    return False


def _teaser_heading_after(headline):
    """The first "More stories" / "Related" heading after the story's headline: bylines below it
    are other stories'."""
    from .furniture import _TEASER_HEADING

    for el in _following(headline):
        if isinstance(el.tag, str) and el.tag in ("h2", "h3") and _TEASER_HEADING.match(_one(el.text_content())):
            return el
    return None


def _precedes(a, b) -> bool:
    """``a`` comes before ``b`` in document order (both in one tree)."""
    for x in a.getroottree().iter():
        if x is a:
            return True
        if x is b:
            return False
    return False


def _visible_bylines(tree, headline=None) -> list[str]:
    out: list[str] = []
    first_block: set | None = None
    after_teasers = _teaser_heading_after(headline) if headline is not None else None
    for el in tree.xpath('//*[@rel="author" or @itemprop="author" or @class or @id or @data-testid]')[:20000]:
        if len(out) >= 4:
            break
        a = _attrs(el) + " " + (el.get("rel") or "") + " " + (el.get("data-testid") or "")
        if not _BYLINE_ATTR.search(a) or _NOT_BYLINE_ATTR.search(a):
            continue
        in_article_aside = _author_link_in_article(el)
        if not in_article_aside and any(anc.tag in ("nav", "footer", "aside") for anc in el.iterancestors()):
            continue
        if _COMMENT_ATTR.search(a) or (_in_furniture(el) and not in_article_aside) or _hidden(el):
            continue  # a commenter ("Recent Comments: Bill Osborne on ..."), a teaser's or a hidden player's byline
        if _under_teaser_heading(el) or (after_teasers is not None and _precedes(after_teasers, el)):
            continue  # a byline in a "More stories" list
        if first_block is not None and el not in first_block and not _near(el, first_block):
            continue  # another story's byline ("Recent in News: ... Louis C. Hochman")
        if any(_POPOVER.search(_attrs(x)) for x in el.iter() if x is not el and isinstance(x.tag, str)):
            el = _without_popovers(el)  # "Search for this author in: PubMed, Google Scholar"
        names = el.xpath('.//*[@itemprop="name"]/@content | .//*[@itemprop="name"]')
        if names:
            text = ", ".join(_one(x if isinstance(x, str) else x.text_content()) for x in names)
        else:
            text = _one(" , ".join(_lines_of(element_text(el, source_breaks=False))))
        parent = el.getparent()
        if parent is not None and len(text) < 60:
            # one name of several ("By <span>A</span>, <span>B</span> and <span class=last-byline>C</span>"):
            # the whole line when it is a short "By ..." line holding this name
            whole = _one(element_text(parent, source_breaks=False))
            if whole != text and len(whole) < 200 and _BY_LINE.match(whole) and text in whole:
                text = whole
        if 2 < len(text) < 200:
            out.append(text)
            if first_block is None:
                first_block = {el, *el.iterdescendants(), *_ancestors(el, 5)}
    return out


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?"
)


def _parse_stamp(s: str) -> tuple[datetime.date, datetime.datetime | None, datetime.timedelta | None] | None:
    """(date, aware datetime or None, offset or None) of an ISO-like timestamp."""
    m = _ISO.search(s or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = datetime.date(y, mo, d)
    except ValueError:
        return None
    if not 1990 <= y <= 2100:
        return None
    if m.group(4) is None:
        return day, None, None
    tz = m.group(7)
    if tz is None:
        return day, None, None
    if tz in ("Z", "UTC", "GMT"):
        off = datetime.timedelta(0)
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours = int(digits[:2])
        mins = int(digits[2:4] or 0)
        if hours > 14 or mins > 59:
            return day, None, None
        off = sign * datetime.timedelta(hours=hours, minutes=mins)
    try:
        dt = datetime.datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0), tzinfo=datetime.timezone(off))
    except ValueError:
        return day, None, None
    return day, dt, off


_PUBLISHED_META = (
    (
        '//meta[@property="article:published_time" or @name="article:published_time" '
        'or @property="og:published_time" or @name="og:published_time"]/@content'
    ),
)
def _itemprop(name: str) -> str:
    """An XPath test for an element whose itemprop names ``name``: itemprop holds a list of names
    ("datePublished dateCreated" on the New York Times)."""
    return f"contains(concat(' ', normalize-space(@itemprop), ' '), ' {name} ')"


_PUBLISHED_MARKUP = (
    f"//*[{_itemprop('datePublished')}]/@content",
    f"//*[{_itemprop('datePublished')}]/@datetime",
    "//time[@pubdate]/@datetime",
    # Dublin Core in RDFa, on the story's date field (Drupal: <span property="dc:date" content=...>),
    # not a comment's
    (
        "//*[contains(concat(' ', normalize-space(@property), ' '), ' dc:date ') "
        "or contains(concat(' ', normalize-space(@property), ' '), ' dc:created ')]"
        "[not(ancestor-or-self::*[contains(@class, 'comment')])]/@content"
    ),
)
_DATE_META = ((
    '//meta[@name="pubdate" or @name="publishdate" or @name="publish-date" or @name="publish_date" '
    'or @name="date" or @name="DC.date.issued" or @name="dc.date.issued" or @name="DC.date" or @name="dc.date" '
    'or @name="dcterms.created" or @name="sailthru.date" or @name="parsely-pub-date" or @name="cXenseParse:recs:publishtime" '
    'or @name="article.published" or @name="published-date" or @name="datePublished" or @name="Date" '
    'or @property="datePublished" or @name="OriginalPublicationDate" or @name="dc.date.created"]/@content'
),)
_DATE_ELEMENTS = (
    '//time | //*[not(self::script or self::style or self::meta)][contains(@class, "date") or contains(@class, "time") '
    'or contains(@class, "publish") or contains(@class, "byline") or contains(@class, "meta")]'
    "[not(ancestor::nav or ancestor::footer or ancestor::aside)]"
)
_ALL_STAMPS = (
    '//meta[contains(@property, "time") or contains(@name, "date") or contains(@name, "Date") '
    'or contains(@property, "date") or contains(@name, "time")]/@content | //time/@datetime'
)


# --------------------------------------------------------------------------
# All together
# --------------------------------------------------------------------------


@dataclass(slots=True)
class PageMeta:
    headline: str = ""  # the visible h1 chosen, "" when none
    headline_element: object = None  # its lxml element
    title: str = ""  # the headline, else the best metadata title (site name stripped)
    titles: list[str] = field(default_factory=list)  # every variant seen (h1s and metadata titles)
    authors: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    published: datetime.date | None = None
    date_texts: list[str] = field(default_factory=list)  # visible dates near the byline, unparsed
    published_utc: bool = False  # ``published`` is a UTC timestamp's date (no local offset known)
    modified: datetime.date | None = None  # the page's own last-modified stamp, in its own offset
    site: str = ""
    url: str = ""
    lang: str = ""

    @property
    def byline(self) -> str:
        return ", ".join(self.authors) if self.authors else (self.organisations[0] if self.organisations else "")


def _title_suffix_site(raw_titles: list[str]) -> set[str]:
    """The site's name as the pages's titles give it: the segment a title adds after another title
    of the page ("Two more gunned down | The Tribune" beside og:title "Two more gunned down"), for
    pages that name their site nowhere else (its logo <h1> "The Tribune" is then no headline)."""
    keys: set[str] = set()
    squashed = {_squash(t) for t in raw_titles}
    for t in raw_titles:
        parts = _SITE_SEP.split(t)
        if len(parts) == 2 and len(parts[1].split()) <= 3 and _squash(parts[0]) in squashed:
            tail = _squash(parts[1])
            if len(tail) >= 3 and not set(_words(parts[1])) & set(_words(parts[0])):
                keys.add(tail)
    return keys


_SITE_SEP = re.compile(r"\s+[|–—-]\s+")


def _h2_headline(tree, meta_titles: list[str]):
    """With no <h1> for a headline (the page's only <h1>s are its logo), the first visible <h2> that
    reads as the page's title, in the page's own casing ("Two More Gunned Down"): (text, element)."""
    wanted = {_squash(t) for t in meta_titles if len(t.split()) >= 3}
    if not wanted:
        return "", None
    for h2 in tree.iter("h2"):
        if _hidden(h2) or any(a.tag in ("nav", "footer", "aside") for a in h2.iterancestors() if isinstance(a.tag, str)):
            continue
        text = _one(element_text(h2))
        if text and _squash(text) in wanted:
            return text, h2
    return "", None


def _first(tree, *xpaths: str) -> str:
    for xp in xpaths:
        for v in tree.xpath(xp):
            v = _one(str(v))
            if v:
                return v
    return ""


def page_metadata(tree, *, url: str = "") -> PageMeta:
    """Everything ``parse_html`` needs to know about a page besides its text."""
    objs = _jsonld_objects(tree)
    arts = _article_objects(objs)
    meta = PageMeta()
    meta.site = _first(tree, '//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content')
    if not meta.site:
        for o in objs:
            pub = o.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                meta.site = _one(pub["name"])
                break
    meta.url = _first(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    meta.lang = _first(tree, "/html/@lang")
    keys = _site_keys(meta.site, url or meta.url)

    # Titles
    raw_titles: list[str] = []
    for o in arts:
        h = o.get("headline") or (o.get("name") if _types(o) & _ARTICLE_TYPES - {"webpage"} else None)
        if isinstance(h, str) and _one(h):
            raw_titles.append(_one(h))
            break
    for xp in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        '//meta[@name="title"]/@content',
        "//title/text()",
    ):
        v = _first(tree, xp)
        if v:
            raw_titles.append(v)
    keys |= _title_suffix_site(raw_titles)
    meta_titles = []
    for t in raw_titles:
        s = strip_site_name(t, site=meta.site, url=url or meta.url)
        if s and _squash(s) not in keys and s not in meta_titles:
            meta_titles.append(s)
    h1s = _visible_h1s(tree, keys)
    meta.headline, meta.headline_element = _choose_headline(h1s, meta_titles, keys)
    if not meta.headline and h1s and all(_squash(h[0]) in keys for h in h1s):
        # the page's only <h1>s are its logo: the headline is set in an <h2>
        meta.headline, meta.headline_element = _h2_headline(tree, meta_titles)
    if meta.headline:
        meta.headline = strip_site_name(meta.headline, site=meta.site, url=url or meta.url)
    meta.title = meta.headline or (meta_titles[0] if meta_titles else "")
    meta.titles = [meta.title, *(h[0] for h in h1s), *(h[2] for h in h1s), *meta_titles, *raw_titles]

    # Authors
    sources: list[list[tuple[str, bool]]] = []
    for o in arts:
        if "author" in o:
            sources.append(_ld_names(o["author"]))
            break
    for xp in (
        '//meta[@name="author" or @name="Author" or @property="author"]/@content',
        (
            '//meta[@property="article:author" or @name="article:author" or @property="og:article:author"]'
            '[not(starts-with(@content, "http"))]/@content'
        ),
        (
            '//meta[@name="byl" or @name="sailthru.author" or @name="parsely-author" or @name="dc.creator" '
            'or @name="DC.creator" or @name="citation_author" or @name="cXenseParse:author"]/@content'
        ),
    ):
        vals = [str(v) for v in tree.xpath(xp) if _one(str(v))]
        if vals:
            sources.append([(v, True) for v in vals])
    orgs: list[str] = []
    people: list[str] = []
    holders = _copyright_holders(tree)
    # Structured sources together (JSON-LD may name one author where <meta> names two); the
    # visible byline only when they name nobody.
    visible_bylines = _visible_bylines(tree, meta.headline_element)
    for visible, group in ((False, sources), (True, [[(v, True) for v in visible_bylines]])):
        for src in group:
            for value, maybe_person in src:
                if keys and _squash(value) in keys:
                    continue  # the site's own name ("Mac & i" on heise.de): already the publisher
                if _squash(value) in holders:
                    continue  # the copyright holder ("Condé Nast" in <meta name="author">): the publisher
                p, o = clean_authors(value, site=meta.site)
                if not maybe_person:
                    o, p = p + o, []
                people.extend(x for x in p if not _same_person(x, people) and _squash(x) not in keys)
                orgs.extend(x for x in o if not visible or _ORG_WORDS.search(x))
        if people:
            break
    if people and not visible:
        # The visible byline names more people than the metadata, among them all of those: co-authors.
        for v in visible_bylines:
            p, _o = clean_authors(v, site=meta.site)
            if len(p) > len(people) and all(_same_person(x, p) for x in people):
                people = p
                break
    if not people:
        # A byline set with the date in one line of no author markup ("By A , B on Monday, ..."),
        # not one of the "More stories" list below the story
        after_teasers = _teaser_heading_after(meta.headline_element) if meta.headline_element is not None else None
        for text in _date_texts(tree, after=after_teasers):
            if _BY_LINE.match(text):
                people = clean_authors(text, site=meta.site)[0]
                people = [x for x in people if _squash(x) not in keys]
                break
    anchor = meta.headline_element
    if anchor is None and meta.title:
        # the headline came from the page's titles: its visible heading, for what follows it
        want = _squash(meta.title)
        anchor = next((h for h in tree.iter("h1", "h2") if _squash(_one(h.text_content())) == want and not _hidden(h)), None)
    if not people and anchor is not None and not any(_ORG_WORDS.search(o) for o in orgs):
        # A bare "von Andreas Kürten" / "By Jane Doe" line after the headline, in no byline markup.
        people = [x for x in _bare_byline_after(anchor, meta.site) if _squash(x) not in keys]
    meta.authors = people[:8]
    # An organisation only when no person is named, and never the site itself (the publisher).
    meta.organisations = [
        o for o in orgs if len(o) > 2 and plausible_org(o) and not any(k in _squash(o) for k in keys)
    ]

    # Published date
    stamps: list[str] = []
    created: list[str] = []
    for o in arts:
        v = o.get("datePublished")
        w = o.get("dateCreated") or o.get("uploadDate")
        if isinstance(v, str) and v.strip():
            stamps.append(v)
        elif isinstance(w, str) and w.strip():
            created.append(w)  # after the page's own datePublished markup: a CMS's creation time
        if stamps or created:
            break
    published_order = [
        *(_first(tree, xp) for xp in _PUBLISHED_META), *(stamps[:1]), *(_first(tree, xp) for xp in _PUBLISHED_MARKUP)
    ]
    order = [*published_order, *created[:1], *(_first(tree, xp) for xp in _DATE_META)]
    chosen = None
    chosen_raw = ""
    for v in order:
        if v and (parsed := _parse_stamp(v)) is not None:
            if chosen is None:
                chosen, chosen_raw = parsed, v
                if parsed[1] is not None:
                    break
            elif parsed[1] is not None and parsed[0] == chosen[0]:
                chosen = parsed  # the same moment with its time zone
                break
    if chosen is not None and chosen[1] is None and (clock := _ISO.search(chosen_raw)) and clock.group(4):
        # a stamp without its time zone ("2019-11-19 02:24:00"): the same moment in a <time> element
        # that gives one ("2019-11-19 02:24:00 UTC", shown as "Nov 18, 2019 at 9:24 pm ET")
        for v in tree.xpath("//time/@datetime"):
            p = _parse_stamp(str(v))
            if (
                p is not None
                and p[1] is not None
                and p[0] == chosen[0]
                and (p[1].hour, p[1].minute) == (int(clock.group(4)), int(clock.group(5)))
            ):
                chosen = p
                break
    if chosen is not None and chosen[1] is not None:
        chosen = _earlier_published(chosen, published_order, tree, arts)
    if chosen is not None:
        day, dt, off = chosen
        if dt is not None and off == datetime.timedelta(0):
            offsets = Counter()
            for v in [*tree.xpath(_ALL_STAMPS), *(o.get("dateModified") for o in arts), *(o.get("datePublished") for o in arts)]:
                p = _parse_stamp(str(v)) if v else None
                if p is not None and p[2] is not None and p[2] != datetime.timedelta(0):
                    offsets[p[2]] += 1
            if offsets:
                local = offsets.most_common(1)[0][0]
                day = dt.astimezone(datetime.timezone(local)).date()
            else:
                meta.date_texts = _date_texts(tree)
                shown = _shown_offset(meta.date_texts)
                if shown is not None:
                    day = dt.astimezone(datetime.timezone(shown)).date()
                else:
                    meta.published_utc = True  # parse.py checks the visible dates for the local one
        meta.published = day
    else:
        meta.date_texts = [*(x for x in stamps[:1] if _ISO.search(x) is None), *_date_texts(tree)]
        # No publication stamp: the page's own modification stamp (``dateModified`` markup, an
        # ``article:modified_time``) is the fallback parse.py takes after the dates the page
        # shows and before a date guessed from anywhere in the page (NDTV: only "Updated: April 07,
        # 2020" in markup, "as on April 25, 2020" in a live-figures box of the body).
        for v in [*tree.xpath(_MODIFIED), *tree.xpath(_MODIFIED_MARKUP), *(o.get("dateModified") for o in arts)]:
            if isinstance(v, str) and (parsed := _parse_stamp(v)) is not None:
                meta.modified = parsed[0]
                break
    return meta


_MODIFIED = (
    '//meta[@property="article:modified_time" or @name="article:modified_time" or @property="og:updated_time" '
    'or @name="dateModified" or @itemprop="dateModified"]/@content'
)

_MODIFIED_MARKUP = f"//*[{_itemprop('dateModified')}]/@content | //*[{_itemprop('dateModified')}]/@datetime"


def _earlier_published(chosen, published: list[str], tree, arts: list[dict]):
    """A "published" stamp that is the modification time (within five minutes of
    ``article:modified_time`` / ``dateModified``) gives way to the earlier publication the page
    shows: another published stamp whose day the page shows, or the first date of a visible
    "X / Updated Y" line whose Y is that day (NBC: published_time 12:43 next to modified 12:43,
    "Dec. 6, 2024, 10:00 PM UTC / Updated Dec. 7, 2024, 12:43 PM UTC" shown)."""
    from .parse import _MODIFIED_CUE, _date_in

    mods = [*tree.xpath(_MODIFIED), *(o.get("dateModified") for o in arts)]
    mod_times = [p[1] for v in mods if isinstance(v, str) and (p := _parse_stamp(v)) is not None and p[1] is not None]
    if not any(abs((chosen[1] - m).total_seconds()) <= 300 for m in mod_times):
        return chosen
    texts = _date_texts(tree)
    shown = {_date_in(t) for t in texts}
    earlier = [p for v in published if v and (p := _parse_stamp(v)) is not None and p[1] is not None and p[1] < chosen[1]]
    if earlier and (first := min(earlier, key=lambda p: p[1]))[0] in shown:
        return first
    for text in texts:
        cue = _MODIFIED_CUE.search(text)
        if cue and cue.start() > 0:
            before, after = _date_in(text[: cue.start()]), _date_in(text[cue.end():])
            if before is not None and after == chosen[0] and before < chosen[0]:
                return before, None, None
    return chosen


_TEASER_TOKENS = frozenset(
    {
        "related", "promo", "promos", "teaser", "teasers", "recommended", "recirc", "morestories", "readmore",
        "readnext", "upnext", "mostread", "mostpopular", "popular", "trending", "sidebar", "rail", "widget",
        "outbrain", "taboola", "comments", "comment",
    }
)


# a class that says the page has a rail or sidebar beside it, not that it is one
_LAYOUT_MODIFIER = re.compile(r"(?:with|has)[-_](?:left[-_]|right[-_])?(?:rail|sidebar)|--(?:left-|right-)?(?:rail|sidebar)\b")


def _in_furniture(el) -> bool:
    from .furniture import _ARTICLE_TOKENS, _marker, _tokens

    for a in el.iterancestors():
        if a.tag in ("html", "body"):
            continue
        if a.tag in ("aside", "nav", "footer"):
            return True
        hits = _tokens(_marker(a)) & _TEASER_TOKENS
        if "promo" in hits and "nopromo" in _tokens(_marker(a)):
            hits.discard("promo")  # "content__header--no-promo"
        if hits & {"rail", "sidebar"} and (
            _LAYOUT_MODIFIER.search(a.get("class", "")) or _tokens(_marker(a)) & _ARTICLE_TOKENS
        ):
            # "layout-with-rail", "entry--left-rail", "two-column-rail article-content": the story
            # laid out beside a rail, not the rail
            hits -= {"rail", "sidebar"}
        if hits:
            return True
    return False


def _date_texts(tree, *, after=None) -> list[str]:
    """Visible dates of the article (not of teasers and promos), as written; with ``after`` (a
    "More stories" heading), none of the elements below it."""
    out = []
    for el in tree.xpath(_DATE_ELEMENTS)[:40]:
        text = _one(el.text_content())
        if 6 <= len(text) <= 120 and not _in_furniture(el) and not (after is not None and _precedes(after, el)):
            out.append(text)
            if len(out) >= 10:
                break
    if not out:
        # None elsewhere: the article's own meta column, an <aside> inside its <article>
        # (Spektrum: "Hintergrund / 19.07.2022 / Lesedauer ca. 10 Minuten" beside the text), when
        # no teaser or promo markup encloses the date.
        for el in tree.xpath(_ARTICLE_ASIDE_DATES)[:10]:
            text = _one(el.text_content())
            if 6 <= len(text) <= 120 and not _in_aside_teaser(el):
                out.append(text)
    return out


_ARTICLE_ASIDE_DATES = (
    '//article//aside//*[self::time or contains(@class, "date") or contains(@class, "publish")]'
    "[not(ancestor::nav or ancestor::footer)]"
)


def _in_aside_teaser(el) -> bool:
    from .furniture import _marker, _tokens

    for a in el.iterancestors():
        if _tokens(_marker(a)) & _TEASER_TOKENS:
            return True
        if a.tag == "aside":
            return False
    return False


_TZ_NAMES = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
    "AKDT": -8, "HST": -10, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
    "EET": 2, "EEST": 3, "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "BRT": -3, "ART": -3,
    # US zones without the season ("9:24 pm ET"): standard time (an hour off in summer only moves a
    # stamp between 11 pm and midnight)
    "ET": -5, "CT": -6, "PT": -8,
}
_TZ_WORD = re.compile(r"\b(" + "|".join(_TZ_NAMES) + r")\b")


def _shown_offset(texts: list[str]) -> datetime.timedelta | None:
    """The UTC offset of a time zone the page's visible dates name ("12:24 am EST")."""
    for text in texts:
        m = _TZ_WORD.search(text)
        if m and any(c.isdigit() for c in text):
            return datetime.timedelta(hours=_TZ_NAMES[m.group(1)])
    return None
