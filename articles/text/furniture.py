"""Page furniture: what sits on a news page but is not the article's text.

Related-link lists, promos, newsletter sign-ups, captions and photo credits, bylines and
timestamps repeated in the body, author bios, share buttons, embed residue ("View this post on
Instagram"), separators. Pure Python (an lxml tree in, nothing out but the tree pruned).

Two passes, structure first:

1. ``prune(tree, keep=...)`` removes elements by what the page's markup says they are, before the
   main text is extracted: ``aside``, ``nav``, ``figure`` / ``figcaption``, ``footer``, forms and
   buttons, ``role="complementary"`` / ``"navigation"``, and any element whose ``class`` / ``id`` /
   ``data-*`` names say related, promo, newsletter, social, share, caption, credit, byline, bio,
   timestamp... An element is never removed when it holds the headline or most of the page's
   paragraph text (an ``<div class="article-body share-enabled">`` is the article, not a button).
2. ``is_furniture(line)`` recognises what slips through by its wording, one line at a time.
"""

from __future__ import annotations

import re
from itertools import pairwise

from lxml import etree

__all__ = ["FURNITURE_TOKENS", "NUMBERED_TITLE", "is_furniture", "is_time_line", "prune"]

_DROP_TAGS = (
    "aside", "nav", "figure", "figcaption", "footer", "form", "button", "iframe", "dialog", "menu", "select",
    # AMP's overlays, sidebars and consent boxes (never the story: it is in the page's body)
    "amp-lightbox", "amp-sidebar", "amp-consent", "amp-user-notification", "amp-ad", "amp-sticky-ad",
)
FURNITURE_TOKENS = frozenset(
    {
        "related", "relatedlinks", "relatedcontent", "relatedarticles", "relatedstories", "promo", "promos",
        "promotion", "newsletter", "newsletters", "signup", "subscribe", "subscription", "social", "socials",
        "share", "sharing", "sharebar", "sharetools", "caption", "captions", "credit", "credits", "byline",
        "bylines", "bio", "authorbio", "timestamp", "timestamps", "recommended", "recommendations", "recirc",
        "outbrain", "taboola", "advert", "advertisement", "ad", "ads", "adslot", "sponsored", "sponsor", "teaser",
        "teasers", "moreon", "morestories", "readmore", "readnext", "upnext", "mostread", "mostpopular",
        "popular", "trending", "breadcrumb", "breadcrumbs", "toolbar", "tools", "comments", "comment",
        "disqus", "paywall", "cookie", "cookies", "consent", "gdpr", "banner", "modal", "popup", "overlay",
        "sidebar", "rail", "widget", "embed", "embedded", "instagram", "twitter", "tweet", "facebook",
        "tags", "tag", "topics", "keywords", "print", "correction", "disclaimer", "copyright", "skip",
        "skiplink", "navigation", "nav", "menu", "footer", "masthead", "header", "pagination", "pager",
        "rollover", "hovercard", "tooltip", "popover", "flyout",
        # photo galleries set into the story ("UK news in pictures": 50 captioned slides), e-mail
        # capture boxes, advertiser disclosures
        "gallery", "slideshow", "carousel", "legends", "emailcapture", "disclosure",
        # "related" / "latest news" in the other languages of the pipeline
        "relacionadas", "relacionados", "notasrelacionadas", "ultimasnoticias", "masleidas", "maislidas",
        "leiatambem", "mehrzumthema", "weiterlesen", "alireaussi", "lireaussi", "articlesconnexes", "ultimosvideos",
        "latestvideos", "morevideos", "latestnews",
        # "Don't miss..." link boxes, the author's box at the end ("about-writer")
        "dontmiss", "aboutwriter", "aboutauthor",
        # readers' comments in the other languages ("comentarios_lectores", "commentaires")
        "comentarios", "comentários", "commentaires", "kommentare", "commenti", "reacties",
        # the article's meta line (date and byline: "article__meta", "article-meta-bottom") and
        # the author's box ("author__details", "author-box")
        "articlemeta", "postmeta", "entrymeta", "storymeta", "authordetails", "authorbox", "authorinfo",
        # a picture's box with its caption and credit ("article_img")
        "img", "articleimg",
    }
)
# Tokens that say furniture even beside an article token: a sign-up box placed after the story
# ("m-generic-cta--post-content m-generic-cta--email-signup") is a sign-up box, not the story.
_STRONG_FURNITURE_TOKENS = frozenset(
    {"newsletter", "newsletters", "signup", "emailcapture"}
)  # (not "paywall" / "subscription": the Irish Times marks its paywalled story paragraphs so)
_STRONG_MAX_TEXT = 600  # characters: a box, not a container of the article
# Tokens that name the article's own text: an element with one of these is never dropped.
_ARTICLE_TOKENS = frozenset({"articlebody", "storybody", "entrycontent", "postcontent", "articletext", "storytext", "body", "content", "main"})
_SPLIT_ATTR = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")


def _tokens(value: str) -> set[str]:
    parts = [p.lower() for p in _SPLIT_ATTR.split(value) if p]
    toks = set(parts)
    toks.update(a + b for a, b in pairwise(parts))  # "related-links" -> "relatedlinks"
    return toks


def _marker(el) -> str:
    out = [el.get("class", ""), el.get("id", ""), el.get("role", "")]
    for k, v in el.attrib.items():
        if k.startswith("data-") and k in ("data-component", "data-module", "data-testid", "data-type", "data-test-id", "data-role"):
            out.append(v)
    return " ".join(out)


_PROSE_MIN = 60  # characters of one piece of text for it to count as running prose


# Running prose: text in ``<p>``, plus any piece of text of ``_PROSE_MIN``+ characters outside
# links, scripts and styles (pages that set paragraphs in ``<div>``s: CNN's ``zn-body__paragraph``).
# (``<noscript>`` counts: Blogger pages hold the post there for readers without scripts.)
_PROSE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::a)]"
    f"[ancestor::p or string-length(normalize-space(.)) >= {_PROSE_MIN}]"
)
_P_TEXT = etree.XPath(".//p//text()")


def _prose_len(el) -> int:
    """Characters of running prose under ``el``."""
    return sum(len(t.strip()) for t in _PROSE_TEXT(el))


def _p_len(el) -> int:
    """Characters of text in ``<p>`` under ``el``."""
    return sum(len(t) for t in _P_TEXT(el))


def _holds_the_article(el, p_total: int, prose_total: int) -> bool:
    """Most (40%+) of the page's paragraph text lies under ``el``; on a page that sets little of
    its text in ``<p>`` (CNN's ``<div>`` paragraphs), most of its running prose."""
    size = len(el.text_content())
    if p_total > 400:
        return size > 0.4 * p_total and _p_len(el) > 0.4 * p_total
    return prose_total > 400 and size > 0.4 * prose_total and _prose_len(el) > 0.4 * prose_total


_GALLERY_TOKENS = frozenset({"gallery", "slideshow", "carousel", "legends"})


def _gallery_beside_the_article(el, p_total: int) -> bool:
    """A photo gallery's captions may outweigh a short story ("Business news in pictures": 50
    captioned slides under 600 words); it is still furniture when the story's own paragraphs
    (500+ characters) lie outside it."""
    return bool(_tokens(_marker(el)) & _GALLERY_TOKENS) and p_total - _p_len(el) >= 500


# Class names that hide an element whatever the screen ("hidden" in Bootstrap 3, "d-none" in 4):
# whole class names only ("hidden-xs" hides it on phones alone).
_HIDDEN_CLASSES = frozenset({"hidden", "d-none", "hide", "is-hidden", "u-hidden"})


def _hidden_by_markup(el) -> bool:
    """An element no reader sees: ``hidden``, ``style="display:none"`` or a hiding class (a CMS's
    unrendered template fields "PP: / FI slug: / items_count:", a "comments are closed" notice)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and "none" in style and "display:none" in style.replace(" ", "").lower():
        return True
    cls = el.get("class")
    return bool(cls) and not _HIDDEN_CLASSES.isdisjoint(cls.split())


def prune(tree, *, keep=()) -> int:
    """Remove furniture elements from ``tree`` in place; returns how many were removed.

    ``keep``: elements that must survive (the headline's ``<h1>``): nothing that contains one
    of them is removed."""
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        body = tree
    protected = set()
    for el in keep:
        protected.add(el)
        protected.update(el.iterancestors())
    p_total = _p_len(body)
    prose_total = _prose_len(body) if p_total <= 400 else 0
    removed = 0
    candidates = []
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in ("html", "body", "article", "main") or el in protected:
            continue
        if tag in _DROP_TAGS:
            candidates.append(el)
            continue
        if _hidden_by_markup(el):
            candidates.append(el)
            continue
        marker = _marker(el)
        if not marker.strip():
            continue
        role = (el.get("role") or "").lower()
        if role in ("complementary", "navigation", "banner", "contentinfo", "dialog", "alert"):
            candidates.append(el)
            continue
        toks = _tokens(marker)
        if tag == "a" and _link_in_a_sentence(el):
            continue  # a name linked to its tag page inside a sentence (<a id="auto-tag_mary-steenburgen">)
        if toks & FURNITURE_TOKENS and (
            not toks & _ARTICLE_TOKENS
            or (tag != "p" and toks & _STRONG_FURNITURE_TOKENS and len(el.text_content()) <= _STRONG_MAX_TEXT)
        ):
            candidates.append(el)
    candidates.extend(_link_only(body))
    candidates.extend(_inline_read_also(body))
    candidates.extend(_bracketed_links(body))
    candidates.extend(_paywall_wall(body))
    candidates.extend(_under_teaser_heading(body))
    for el in candidates:
        if el.getparent() is None or not _attached(el, body):
            continue  # an ancestor already removed took this one with it
        if (
            el.tag not in ("figure", "figcaption")
            and _holds_the_article(el, p_total, prose_total)
            and not _gallery_beside_the_article(el, p_total)
        ):
            # most of the article: a mislabelled container (a "rail" wrapper, an ASP.NET page's
            # all-enclosing <form>), not furniture
            continue
        el.drop_tree()
        removed += 1
    return removed


# The title of a numbered item in a list article: "1. The economy", "2) Jobs", "#3: Taxes",
# "No. 4 – Housing". Never furniture, though it may be a link to the story it sums up.
NUMBERED_TITLE = re.compile(r"^(?:#\s?|no\.\s?)?\d{1,3}(?:[.):]|\s[-–—:])\s*(?=[^\W\d_]|[\"“‘'])", re.IGNORECASE)


def _link_only(body) -> list:
    """Paragraphs that are nothing but a link (a related headline set in the text), and lists
    whose every item is nothing but a link (a related-links list). A numbered item title
    ("1. The economy") is kept."""
    out = []
    numbered = []
    for p in body.iter("p", "ul", "ol"):
        if p.tag == "p":
            text = "".join(p.itertext()).strip()
            links = "".join("".join(a.itertext()) for a in p.iter("a")).strip()
            if text and len(text.split()) >= 3 and links == text:
                if NUMBERED_TITLE.match(text):
                    numbered.append(p)
                else:
                    out.append(p)
        else:
            items = [li for li in p if li.tag == "li"]
            if len(items) >= 2 and all(
                "".join(li.itertext()).strip()
                and "".join("".join(a.itertext()) for a in li.iter("a")).strip() == "".join(li.itertext()).strip()
                for li in items
            ):
                out.append(p)
    # A list article's item title linked to its story is kept, as plain text (the extractor drops
    # paragraphs that are nothing but a link).
    for p in numbered:
        for a in list(p.iter("a")):
            a.drop_tag()
    return out


# A heading that introduces other stories: "More stories", "Other Opinion Columns", "Related
# articles", "You might also like", "Mehr zum Thema", "Lire aussi", "Notas relacionadas".
_TEASER_HEADING = re.compile(
    r"^(?:more\s+(?:stories|news|from\s+.{1,40}|on\s+this\s+(?:story|topic))|other\s+(?:[\w-]+\s+){0,2}(?:columns|stories)|"
    r"related(?:\s+(?:stories|articles|content|coverage|news|links))?|read\s+(?:more|next)|recommended(?:\s+for\s+you)?|"
    r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|most\s+(?:read|popular|viewed|shared)|top\s+stories|"
    r"latest\s+(?:news|stories)|trending(?:\s+now)?|editor'?s\s+picks|what\s+to\s+read\s+next|"
    r"mehr\s+zum\s+thema|das\s+könnte\s+sie\s+auch\s+interessieren|meistgelesen|(?:à\s+)?lire\s+aussi|"
    r"sur\s+le\s+même\s+sujet|notas\s+relacionadas|lo\s+más\s+leído|te\s+puede\s+interesar|leia\s+também|mais\s+lidas|"
    # a box of the site's front-page stories: "À la une de libération.fr", "À la une"
    r"à\s+la\s+une(?:\s+(?:de|du|sur)\s+\S.{0,40})?)"
    r"\s*:?$",
    re.IGNORECASE,
)


# A "read also" capsule set inside a paragraph: Le Point's <span class="Capsule"><span>À LIRE AUSSI</span>
# <a>Antisémitisme : retour au Moyen Âge</a></span> before the paragraph's own text.
_READ_ALSO_LABEL = re.compile(
    r"^(?:(?:à\s+)?lire\s+aussi|read\s+(?:more|also|next)|see\s+also|also\s+read|lesen\s+sie\s+(?:auch|mehr)|"
    r"mehr\s+zum\s+thema|leggi\s+anche|lea\s+también|leia\s+também|ver\s+también|sur\s+le\s+même\s+sujet)\s*[:»›|-]?\s*",
    re.IGNORECASE,
)


def _inline_read_also(body) -> list:
    """Inline elements (within a paragraph) made of a "read also" label and a link."""
    out = []
    for el in body.iter("span", "strong", "b", "em"):  # (inline only: a page has many more <div>s)
        parent = el.getparent()
        if parent is None or parent.tag not in ("p", "div", "span"):
            continue
        # (cheap first: the element's first piece of text must open with the label)
        head = next((t for t in el.itertext() if t.strip()), "")
        if not _READ_ALSO_LABEL.match(head.lstrip()[:40]):
            continue
        text = " ".join("".join(el.itertext()).split())
        if not text or len(text) > 250:
            continue
        m = _READ_ALSO_LABEL.match(text)
        if not m:
            continue
        links = " ".join(" ".join("".join(a.itertext()) for a in el.iter("a")).split())
        rest = text[m.end():]
        if links and rest and len(links) >= 0.8 * len(rest):
            out.append(el)
    return out


def _bracketed_links(body) -> list:
    """Links set alone in brackets between line breaks or as a whole element: another story's
    headline or a gallery ("(See pictures of the spill.)", "<br>( Reacción de candidatos a
    amenazas de muerte de Petro)<br>"). A bracketed link inside a sentence is kept."""
    out = []
    for a in body.iter("a"):
        text = " ".join("".join(a.itertext()).split())
        if not (text.startswith(("(", "[")) and text.endswith((")", "]", ").", ")”")) and 3 <= len(text.split()) <= 30):
            continue
        prev = a.getprevious()
        before = (prev.tail if prev is not None else a.getparent().text) or ""
        nxt = a.getnext()
        if before.strip() or (a.tail or "").strip():
            continue
        if (prev is None or prev.tag == "br") and (nxt is None or nxt.tag == "br"):
            out.append(a)
    return out


_PAYWALL_NOTICE = re.compile(
    r"^(?:to\s+(?:view|read|continue\s+reading|access|keep\s+reading)\s+(?:the\s+|this\s+)?(?:full|entire|whole|rest\s+of\s+(?:the|this))\s+"
    r"(?:story|article)\b.{0,80}\b(?:subscribe|log\s*in|sign\s*in|register)"
    r"|(?:subscribe|log\s*in|sign\s*in|register)\b.{0,60}\bto\s+(?:continue\s+reading|read\s+(?:the\s+)?(?:full|rest|entire))"
    r"|this\s+(?:story|article|content)\s+is\s+(?:only\s+)?(?:available|reserved)\s+(?:to|for)\s+(?:subscribers|members))",
    re.IGNORECASE,
)
_WALL_MAX_TEXT = 1500  # characters: a subscription box, not the rest of a story


def _paywall_wall(body) -> list:
    """A subscription wall set in the story's place: the paragraph that says so ("To view the full
    story, please subscribe to ...") and the box's paragraphs after it (offers, perks, "already a
    subscriber? log in"), when they are a box's size."""
    for p in body.iter("p"):
        text = " ".join("".join(p.itertext()).split())
        if not text or len(text) > 300 or not _PAYWALL_NOTICE.match(text):
            continue
        rest = list(p.itersiblings())
        if sum(len(x.text_content()) for x in rest) <= _WALL_MAX_TEXT:
            return [p, *rest]
        return [p]
    return []


def _under_teaser_heading(body) -> list:
    """The block a teaser heading opens: the heading's container, climbed while it holds nothing
    but the heading (``<div class="group"><div class="group-header"><h2>Other Opinion Columns``)."""
    out = []
    for h in body.iter("h2", "h3", "h4", "h5", "h6"):  # (Deutschlandfunk's <h6>Mehr zum Thema</h6>)
        text = " ".join("".join(h.itertext()).split())
        if not text or not _TEASER_HEADING.match(text):
            continue
        box = h.getparent()
        while box is not None and box is not body and " ".join("".join(box.itertext()).split()) == text:
            box = box.getparent()
        if box is not None and box is not body and box.tag not in ("article", "main"):
            out.append(box)
    return out


_OWN_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")
_SENTENCE_AROUND = 40  # characters of the paragraph's own text outside the link
_LINK_IN_SENTENCE_MAX = 80  # characters: a name or a phrase, not a teaser


def _link_in_a_sentence(a) -> bool:
    """A link that is words of a sentence: inside a ``<p>`` whose text outside the link is running
    prose, the link's own text short and on the paragraph's line ("The bizarre odyssey of how
    actress <a id="auto-tag_mary-steenburgen">Mary Steenburgen</a> came to ..."). Its markup
    ("tag", "embed") says where it points, not that it is page furniture; dropping it leaves
    "how actress came to".)"""
    text = " ".join("".join(a.itertext()).split())
    if not text or len(text) > _LINK_IN_SENTENCE_MAX or _READ_ALSO_LABEL.match(text):
        return False
    p = next((anc for anc in a.iterancestors() if anc.tag in ("p", "div", "li", "td", "section", "article", "body")), None)
    if p is None or p.tag != "p":
        return False
    around = len(" ".join("".join(_OWN_TEXT(p)).split())) - len(text)
    return around >= _SENTENCE_AROUND and not a.xpath(".//p|.//div|.//img|.//figure")


def _attached(el, root) -> bool:
    for anc in el.iterancestors():
        if anc is root:
            return True
    return False


# --------------------------------------------------------------------------
# Line patterns
# --------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|"
    r"février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|"
    r"julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|"
    r"dicembre)(?![^\W\d_])\.?"  # whole words: "mayo" is not "may" + "o"
)
_DAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?"
)
_CLOCK = r"\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?\s?m\.?|uhr|h))?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)\)?)?"
_TIME_ONLY = re.compile(r"^(?:" + _CLOCK + r"|\d{1,2}\s*[ap]\.?\s?m\.?(?:\s+[A-Z]{2,4})?)$", re.IGNORECASE)
# A line made only of date and time words: "Updated 10:41 a.m. ET, Tue March 3, 2020", "28.04.2020 18:00 Uhr".
_STAMP_WORDS = re.compile(
    r"(?:updated|published|posted|last|modified|first|on|at|le|à|am|um|el|em|de|del|às|a las|stand|"
    r"aktualisiert|veröffentlicht|erstellt|zuletzt|mis à jour|publié|actualizado|publicado|atualizado|"
    r"créé|modifié|pubblicato|aggiornato|ultima modifica|il|alle|creado|criado|publiziert|geändert|"
    r"et|est|edt|pt|pst|pdt|ct|cdt|cst|gmt|bst|cet|cest|utc|mez|mesz|"
    + _DAY + r"|" + _MONTH + r"|" + _CLOCK + r"|\d{1,4}(?:st|nd|rd|th|\.)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
    r"\d{4}-\d{2}-\d{2}(?:t[\d:.+-]+z?)?|[ap]\.?\s?m\.?|uhr|h|ago|hours?|minutes?|mins?|days?|seconds?|"
    r"[,.|•·:–—()/-]+)",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"""^(?:
      view\s+(?:this|more)\s+(?:post|photo|video)s?\s+on\s+\w+
    | a\s+(?:post|photo|video)\s+shared\s+by\b
    | (?:see|view)\s+(?:more\s+)?on\s+(?:instagram|twitter|facebook|youtube|tiktok|x)\b
    | (?:(?:top|featured|cover|lead|header|main|hero)\s+)?(?:photograph|photo|picture|image|illustration|foto|bild|video|graphic|gallery)s?
      (?:\s+(?:credit|copyright|caption))?\s*(?::|by\b)
    | image\s+(?:copyright|caption)\b | media\s+caption\b | (?:photo|image)\s+credit\b
    | media\s+playback\s+is\s+(?:un)?supported
    | (?:sign\s+up|subscribe|register)\b.{0,120}(?:newsletters?|e-?mails?|inbox|alerts)\b
    | (?:sign\s+up|subscribe|register)(?:\s+(?:now|here|today|for\s+free))?[.!]?$
    | get\s+(?:the|our)\b.{0,80}\b(?:by\s+email|newsletter|in\s+your\s+inbox|delivered)
    | get\s+.{1,60}\bnewsletter$
    | (?:newsletter|sign\s+up|subscribe(?:\s+now)?|subscribe\s+to\s+\w+)$
    | (?:follow|like)\s+(?:us|\w+(?:\s+\w+)?)\s+on\s+(?:twitter|facebook|instagram|linkedin|x|tiktok|youtube)\b
    | (?:share|teilen|partager|compartir|compartilhar)(?:\s+(?:this|on|via|the|article|story|page|link|diesen|artikel|post))*
      (?:\s*[,|•·/:]?\s*(?:facebook|twitter|email|e-mail|whatsapp|linkedin|pinterest|reddit|messenger|x))*\s*:?$
    | (?:read|see|watch|listen)\s+(?:more|also|next|the\s+latest)(?:\s+(?:news|stories|here|videos?))?\s*(?:[:»›|].{0,160})?$
    | (?:related(?:\s+(?:articles?|stories|content|links|coverage|news|topics|videos?|reading))?|more\s+on\s+this(?:\s+story)?
      |recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?|also\s+read|read\s+also|further\s+reading|more\s+from\s+\w+(?:\s+\w+)?)
      \s*(?:[:»›|].{0,160})?$
    | (?:mehr\s+zum\s+thema|lesen\s+sie\s+(?:auch|mehr)|auch\s+interessant|lire\s+aussi|[àa]\s+lire\s+aussi|lea\s+también|leia\s+também|leia\s+mais|ver\s+también)\b
    | read\s+(?:the\s+)?[^.!?:]{0,60}\b(?:full|entire|complete)\s+(?:remarks|speech|statement|text|report|letter|transcript|interview|filing|ruling|decision|testimony)\s*:$
    | (?:did\s+you\s+)?(?:like|enjoy(?:ed)?)\s+this\s+(?:story|article|post)\s*\?
      (?:\s*share\s+(?:it|this(?:\s+(?:story|article))?)\s+with\s+(?:a\s+friend|friends|your\s+friends)\s*[!.]?)?$
    | share\s+(?:it|this(?:\s+(?:story|article))?)\s+with\s+(?:a\s+friend|friends|your\s+friends)\s*[!.]?$
    | loading(?:\s+[\w-]+){0,3}\s*(?:\.\.\.|…)$
    | (?:advertisement|story\s+continues\s+below(?:\s+advertisement)?|anzeige|werbung|publicité|publicidad|publicidade|sponsored(?:\s+content)?)$
    | (?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})).{0,150}$ | all\s+rights\s+reserved\.?$ | alle\s+rechte\s+vorbehalten
    | (?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})).{0,100}\b(?:copyright(?:ed)?|permission|reprint(?:ed|ing)?|reproduc\w*|redistribut\w*)\b.{0,300}$
    | .{0,150}(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})).{0,150}\ball\s+rights\s+reserved\.?$
    | [^\W\d_]+(?:\s+[^\W\d_]+)?\s*:\s*©[^.!?]{1,80}$
    | subscribe\s+(?:now\s+)?to\s+.{1,60}\bfor\s+the\s+(?:full|whole|entire|rest\s+of\s+the)\s+(?:story|article)\.?$
    | (?:for\s+the\s+latest\s+.{1,60}\s+)?download\s+(?:the\s+|our\s+)?[^.!?]{0,40}\bapps?\b.{0,80}$
    | \W*questions\?\s+comments\?.{0,80}$
    | (?:get|turn\s+on)\s+(?:\w+\s+){0,2}alerts\.?$
    | powered\s+by\s+\w+(?:\.\w+)?$
    | (?:click|tap)\s+(?:here|to)\b.{0,100}$
    | (?:click|tap)\s+(?:this|the)\s+link\b.{0,200}$ | .{0,80}\bscan\s+the\s+qr\s+code\b.{0,200}$
    | .{0,120}\bread\s+our\s+privacy\s+(?:notice|policy)\b.{0,40}$
    | .{0,80}\bspecial\s+offers\b.{0,80}\bfrom\s+us\s+and\s+our\s+partners\b.{0,20}$
    | .{0,80}\byou\s+can\s+check\s+out\s+any\s*time\s+you\s+like\b.{0,20}$
    | (?:listen\s+to\s+(?:this|the)\s+article|reading\s+time|lesezeit|lesedauer|temps\s+de\s+lecture|tiempo\s+de\s+lectura
      |tempo\s+de\s+leitura|tempo\s+di\s+lettura)\b.{0,40}$ | \d+\s*(?:-|\s)?min(?:ute)?s?\s+read$
    | \d+\s+(?:minut[oi]\s+di\s+lettura|min(?:utes?|utos?)?\.?\s+de\s+(?:lecture|lectura|leitura))$
    | (?:add\s+to|ajouter\s+à|añadir\s+a|zur)\s+(?:my\s+|mes\s+|mis\s+)?(?:favou?rites|favoris|favoritos|bookmarks|merkliste|reading\s+list)$
    | .{0,40}\b(?:ajouté\s+à\s+vos\s+favoris|added\s+to\s+your\s+(?:bookmarks|favou?rites|reading\s+list))\.?$
    | (?:watch|see|view)\s+(?:the\s+)?(?:full\s+)?(?:video|clip|interview|exchange|footage)\s+(?:below|above|here)\b.{0,20}$
    | join\s+(?:the\s+)?[\d,.]+\+?\s+(?:\w+\s+)?readers\b.{0,80}$
    | \[\[.{1,200}\]\]$
    | (?:contact|email|reach)\s+(?:the\s+)?(?:authors?|reporters?|writers?|us)\b.{0,160}$
    | follow\b.{0,160}(?:\bon\s+(?:facebook|twitter|instagram|linkedin|x)\b|https?://|@\w+).{0,160}$
    | chat\s+with\s+us\b.{0,60}$
    | listen\s+(?:to|back|live|now)\b.{0,160}\b(?:live|here|podcast|radio|weekdays)\b.{0,60}$
    | .{0,160}\bon\s+our\s+(?:weekly|daily)?\s*(?:\w+\s+)?(?:podcast|newsletter)\b.{0,60}$
    | (?:[-–—]\s*)?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)\s+by\b.{0,240}$
    | (?:[-–—]\s*)?additional\s+reporting\s+(?:from|by)\b.{0,240}$
    | contributing\s*:\s*[^.!?]{3,200}\.?$
    | (?:con\s+informaci[oó]n\s+de|com\s+informa[cç](?:ão|ões)\s+d[aoe]s?|avec)\s+(?:(?:las?\s+|l['’])?(?:agencias?|afp|efe|reuters|ap|ansa|dpa
      |europa\s+press|bloomberg|xinhua|télam|notimex|lusa|ats|belga|agência\s+brasil|estadão\s+conteúdo)(?:\s*(?:,|y|e|et)\s*)?){1,5}\.?$
    | (?:le\s+puede\s+interesar|también\s+(?:le\s+)?puede\s+(?:leer|interesar(?:le)?)|le\s+recomendamos|lea\s+(?:también|además)
      |vea\s+también|ver\s+(?:nota|recuadro)\s+aparte|te\s+puede\s+interesar)\b.{0,200}$
    | (?:también|además)\s*:\s*\(.{3,160}\)$
    | this\s+material\s+may\s+not\s+be\s+published\b.{0,80}$
    | sources?\s*:\s*[^.!?:]{2,60}$
    | .{0,200}\bcontributed\s+(?:reporting|to\s+(?:this|the)\s+(?:report|story|article))\b.{0,100}$
    | \((?:graphic|chart|video|photo|interactive|map)s?\s*:.{0,160}\)$
    | (?:this\s+(?:article|story)\s+(?:was\s+)?(?:originally\s+)?(?:appeared|published|first\s+appeared))\b.{0,160}$
    | this\s+(?:article|story)\s+(?:has\s+been|was)\s+adapted\s+from\b.{0,120}$
    | (?:skip\s+(?:to|ad)|jump\s+to|back\s+to\s+top|top\s+of\s+page)\b.{0,40}$
    | (?:originally|first)\s+(?:published|appeared)\s+(?:on|in|at)\s+[^.!?]{2,60}\.?$
    | this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:reprinted|republished|syndicated|reproduced)\s+(?:on|in|from|by|with)\b.{0,120}$
    | write\s+to\s+[^.!?@]{2,60}\s+at\s+\S+@\S+$
    | (?:most\s+)?popular\s+on\s+[\w.'’\s-]{2,40}$
    | more\s*:$
    | more\s+[\w.'’\s-]{1,30}:\s*(?:https?://\S+|(?:www\.)?[\w-]+\.\w{2,}/\S*)(?:\s*(?:and|,)\s*(?:https?://\S+|(?:www\.)?[\w-]+\.\w{2,}/\S*))*$
    | [^.!?]{10,160}\[(?:videos?|pics|pictures|photos|insight|reaction|analysis|latest|live|watch|poll|gallery|comment|opinion|revealed)\]\s*\|?$
    | (?:comments?|kommentare|commentaires|comentarios|comentários|commenti)\s*(?:\(\d+\))?$
    | (?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|tiktok)\.com/[\w.@/-]+$
    | use\s+(?:the\s+)?(?:promo\s+|coupon\s+|discount\s+)?code\s+["“]?[\w-]+["”]?\s*\.?$
    | get\s+access\s+to\b.{0,120}\bfor\s+(?:as\s+little\s+as|just|only)\b.{0,400}$
    | (?:pti|ians|ani|ap|afp|reuters|efe|dpa|ansa|xinhua|upi|aap|agencies)\.?$
    | .{0,80}\bmacht\s+sich\s+äußerungen\b.{0,120}\bnicht\s+zu\s+eigen\.?$
    | äußerungen\s+unserer\s+gesprächspartner\b.{0,300}$
    | \*\s*(?:www\.)?[\w-]+\.[a-z]{2,}\s+(?:ist\s+teil|is\s+part|fait\s+partie|forma\s+parte|faz\s+parte)\b.{0,120}$
    | (?:facebook|twitter|email|e-mail|whatsapp|linkedin|pinterest|reddit|print|copy\s+link|messenger|flipboard)(?:\s*[,|•·/]?\s*(?:facebook|twitter|email|e-mail|whatsapp|linkedin|pinterest|reddit|print|copy\s+link|messenger|flipboard|sms|comments?))*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# a topic tag above the story: one lower-case word ("immunology"), never a sentence
_TOPIC_LABEL = re.compile(r"^[a-zà-öø-ÿ][a-zà-öø-ÿ-]{2,30}$")
_CREDIT_TAIL = re.compile(
    r"(?:\(|\b(?:photo|photograph|picture|image|credit|foto|bild)\s*:\s*)(?:[^()]{0,40}/)?\s*(?:getty\s+images|afp|reuters|ap(?:\s+photo)?|epa(?:-efe)?|"
    r"shutterstock|dpa|picture\s+alliance|alamy|istock(?:photo)?|pa(?:\s+(?:wire|media))?|bloomberg|xinhua|imago|keystone|anadolu)"
    r"[^()]{0,60}\)?\.?$",
    re.IGNORECASE,
)
_ROLE_LINE = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},\s+[^.!?]{0,60}\b(?:correspondent|reporter|editor|writer|columnist|"
    r"journalist|analyst)$"
    # a job on its own line ("CNBC Executive News Editor"), a radio report's sign-off ("Wayne Walker reports.")
    r"|^(?:[A-Z][\w.&'’-]*\s+){1,4}(?:Editor|Reporter|Correspondent|Writer|Producer|Columnist)$"
    r"|^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}\s+reports\.?$"
)
# A byline set in the text ("By Nada Tawfik, BBC News, New York") and a sign-off on a line of its
# own ("(Alexandre Hervaud)", "(A.H.)", "-- By Michael Russell").
_BODY_BYLINE = re.compile(
    r"^(?:--?\s*)?(?i:by)\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}(?:,\s*[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*){0,2}$"
    # Radio-Canada's "Un texte de Frédéric Zalac d'Enquête"
    r"|^(?i:un\s+texte\s+de)\s+[A-ZÀ-Ö][\w'’.-]+(?:\s+[A-ZÀ-Ö][\w'’.-]+){1,2}(?:\s+(?:de|d['’])\s*[A-ZÀ-Ö][\w'’.-]+(?:\s+[\w'’.-]+){0,3})?$"
    r"|^\((?:[A-Z]\.){1,3}\)$|^\([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}\)$",
)
_BIO = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?:is|was|covers|writes|reports)\b.{0,160}\b(?:reporter|correspondent|"
    r"writer|editor|journalist|columnist|contributor|producer|covers|fellow|author\s+of|based\s+in)\b",
)


# A caption closed by its photo credit in brackets: "The basement at 80 New York. (Scott Heins/Gothamist)",
# "(Mike Cason/mcason@al.com)", "Propaganda looked cooler in 1952. (Public domain)", "(Credit: A / B)".
_CAPTION_CREDIT = re.compile(
    r"\((?:(?:photo|image|picture|credit|foto|bild)s?\s*:\s*[^()]{2,60}|"
    r"public\s+domain|courtesy(?:\s+of)?\s+[^()]{2,60})\)\.?$"
    # "(Name/Outlet)": no full stop after it (a sentence's "(Senate/House conference)." has one)
    r"|\([A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,3}\s*/\s*[\w'’.@&-]+(?:\s+[\w'’.&-]+){0,3}\)$",
    re.IGNORECASE,
)
# An image's file name left as text ("skimming scheme seized cash and cards.jpg").
_FILE_NAME = re.compile(r"^[^.!?]{1,120}\.(?:jpe?g|png|gif|webp|svg|tiff?)$", re.IGNORECASE)
# A counter of a statistics box ("28,25,140Cases", "24,942 1490Active"): figures and one word.
_COUNTER = re.compile(r"^[\d.,%+\s-]*\d[\d.,%+\s-]*[^\W\d_]{0,20}$")
# A promo line under an upper-case label: "HOPE AND LOSS: Your coronavirus stories", "LOOK-UP TOOL:
# Check cases in your area" (a teaser, not a sentence: no full stop).
_LABEL_PROMO = re.compile(r"^[A-Z][A-Z0-9'’&-]+(?:\s+[A-Z0-9'’&-]+){0,3}:\s+[^.!?]{3,60}$")
# A newsletter promo in the text: a newsletter, a sign-up verb and the reader addressed ("Sign up
# here", "inscrire ... en suivant ce lien", "Zur Anmeldung geht es hier", "suscribirse aquí").
_NEWSLETTER = re.compile(r"newsletter|lettre\s+(?:quotidienne|hebdomadaire)", re.IGNORECASE)
_SIGN_UP = re.compile(
    r"\b(?:sign(?:\s+|-)?up|subscrib|inscri|suscrib|anmeld|abonn|assin|cadastr)", re.IGNORECASE
)
_ADDRESSED = re.compile(
    r"\b(?:here|aquí|ici|hier|lien|link|free|gratuit|kostenlos|kostenlosen|gratis|you|your|vous|votre|sie|usted|você)\b",
    re.IGNORECASE,
)
# An author bio's invitation at the end: "Follow them on Twitter @griersonleitch or visit their site".
_FOLLOW_ON = re.compile(r"\bfollow\s+(?:him|her|them|me|us)\s+on\s+(?:twitter|x|instagram|facebook|threads|bluesky)\b", re.IGNORECASE)


# Short labels of the page: "More on coronavirus:", "Read more from Jennifer Rubin:", "UPDATES:", "From
# the section US & Canada", "Highlights", "Top Searches", a lone "News"/"Articles", "Twitter: @handle",
# an e-mail address alone ("kokobj@yna.co.kr"), "(END)". Only lines of up to 80 characters are tried.
_LABEL_LINE = re.compile(
    r"""^(?:
      (?:(?:read|see)\s+more\s+(?:from|by)|more\s+(?:on|from|in))\s+[^.!?]{1,40}?\s*:?
    | updates?\s*: | from\s+the\s+section\b.{0,40} | highlights\s*:? | (?:top|trending|popular)\s+searches
    | (?:news|articles|videos|photos|stories|latest|home|menu|search|google\s+news)
    | (?:\+\s*)?(?:sur\s+le\s+(?:même\s+)?sujet|(?:more\s+)?on\s+this\s+topic|(?:ailleurs\s+)?sur\s+le\s+web|(?:elsewhere\s+)?on\s+the\s+web)\s*:?
    | don'?t\s+miss\s*(?:\.\.\.|…|:)? | about\s+the\s+(?:writer|author)s?\s*:?
    | (?:seguir|continuar)\s+leyendo\s*:? | le[ae]r?\s+más\s*: | más\s+sobre(?:\s+[^.!?]{1,40})?\s*:? | (?:contenido|temas)\s+relacionados?\s*:?
    | más\s+noticias(?:\s+de\s+[^.!?]{1,30})?\s*:? | release\s+date\s*: | (?:posted|published)\s+on\s*:?
    | (?:unsere\s+quellen|our\s+sources|nos\s+sources|nuestras\s+fuentes|fonti)\s*:
    | \((?:[a-zA-Z]{2,6}\s+(?:mit|with|avec|con|com)\s+)?(?:[a-zA-Z]{2,6}\s*[/,]\s*){0,3}[a-zA-Z]{2,6}\)
    | (?:on\s+)?(?:twitter|x|instagram|facebook|threads|bluesky|mastodon)\s*:\s*@[\w.]+
    | \(?end\)?
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | [a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co\.uk|co|news|info|tv)
    | (?:[A-Z][\w'’&-]+\s+){0,2}(?:staff|senior|chief|political|special|contributing)\s+(?:reporter|writer|correspondent)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Notes about the page: "Follow us: Google News | ...", "On Twitter: Follow Wendy Koch and ...", "This story has been updated ...", "2:58 p.m.: This
# article was updated to ...", "Article mis à jour le 7 janvier 2020." (tried on lines opening with
# f/o/t/a/m or a digit only)
_NOTE_LINE = re.compile(
    r"""^(?:
      follow\s+(?:us|me)\s*:.{0,160}
    | on\s+(?:twitter|x|instagram|facebook|threads|bluesky|mastodon)\s*:\s*follow\b.{0,160}
    | (?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*:?\s*)?this\s+(?:story|article|post|report)\s+(?:has\s+been|was)\s+updated\b.{0,200}
    | (?:article\s+)?mis\s+à\s+jour\s+le\b.{0,40}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_NOTE_FIRST = frozenset("fFoOtTaAmM0123456789")


def _promo_or_credit(s: str, last: bool) -> bool:
    # (cheap tests on the line's ends and plain substrings first: this runs on every line)
    if len(s) > 400:
        return False
    if len(s) <= 80 and _LABEL_LINE.match(s):
        return True
    if s[0] in _NOTE_FIRST and _NOTE_LINE.match(s):
        return True
    if s[-1] in ")." and s.endswith((")", ").")) and len(s.split()) <= 40 and _CAPTION_CREDIT.search(s):
        return True
    if "." in s[-6:] and _FILE_NAME.match(s):
        return True
    if ":" in s[:40] and _LABEL_PROMO.match(s):
        return True
    if len(s) <= 40 and _COUNTER.match(s) and sum(c.isdigit() for c in s) >= 3 and not NUMBERED_TITLE.match(s):
        return True  # (a list article's "1. Finland" is an item title)
    if (
        ("ewsletter" in s or "EWSLETTER" in s or "lettre" in s)
        and _NEWSLETTER.search(s)
        and _SIGN_UP.search(s)
        and _ADDRESSED.search(s)
    ):
        return True
    if last and _FOLLOW_ON.search(s):
        return True
    # "LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR"
    if not (last and s.isupper()):
        return False
    words = s.split()
    return bool(_BIO.match(" ".join([w.title() for w in words[:2]] + [w.lower() for w in words[2:]])))


def is_time_line(line: str) -> bool:
    """A live-blog entry's time on its own ("10:41", "10:41 a.m. ET", "14.35 Uhr")."""
    return bool(_TIME_ONLY.match(line.strip()))


def _is_stamp(line: str) -> bool:
    s = line.strip()
    if len(s) > 90 or not any(c.isdigit() for c in s):
        return False
    rest = _STAMP_WORDS.sub("", s.lower())
    return not rest.strip()


# Words spelt with Cyrillic letters among Latin ones ("Аdvеrtіѕе wіth thе most visited news site"):
# an advert disguised from ad blockers, never a sentence of the story.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04ff])\w+\b")
# A name alone in capitals, a photo credit or a byline set as a line ("NICOLE DRAYTON", "KRISTIAN DE
# SILVA"): two or three words, none of them a common word of a heading.
_CAPS_NAME_LINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+(?:\s+(?:DE|DA|DEL|DI|DOS|VAN|VON|LA|LE|ST\.?))?(?:\s+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]+){1,2}$")
_HEADING_WORDS = frozenset(
    str.split(
    "THE A AN AND OR OF FOR IN ON AT TO BY WITH FROM NEWS BREAKING LIVE UPDATE UPDATES WHAT HOW WHY WHO WHEN WHERE NEXT "
    "NEW LATEST MORE TOP VIDEO PHOTOS WATCH READ EDITOR'S EDITORS NOTE ADVERTISEMENT SPONSORED CONTENT OPINION ANALYSIS "
    "BACKGROUND CONTEXT RELATED STORIES COMMENTS SHARE FOLLOW SUBSCRIBE WEATHER SPORTS BUSINESS POLITICS WORLD LOCAL "
    "HOME PAGE MENU SEARCH CLOSE SIGN LOG MY YOUR OUR IS ARE WAS WERE NOT NO YES ALL ABOUT AFTER BEFORE OVER UP DOWN"
    )
)


def _caps_name_line(s: str) -> bool:
    return len(s) <= 40 and bool(_CAPS_NAME_LINE.match(s)) and not any(w.strip(".") in _HEADING_WORDS for w in s.split())


def is_furniture(line: str, *, last: bool = False) -> bool:
    """True when one line of text is page furniture, not article text.

    ``last``: the line is among the article's last lines (where author bios sit)."""
    s = line.strip()
    if not s:
        return True
    if not any(c.isalnum() for c in s):
        return True  # separators: "***", "—", "• • •"
    if is_time_line(s):
        return False  # a live-blog entry's time: kept (see parse.py)
    if len(s) <= 300 and _FURNITURE.match(s):
        return True
    if _TOPIC_LABEL.match(s):
        return True  # a topic tag on a line of its own: "immunology"
    if _is_stamp(s):
        return True
    if len(s) <= 300 and len(s.split()) <= 40 and _CREDIT_TAIL.search(s):
        return True
    if _BODY_BYLINE.match(s):
        return True
    if s.isupper() and _caps_name_line(s):
        return True
    if _CYRILLIC.search(s) and len(_MIXED_WORD.findall(s)) >= 3:
        return True
    if _ROLE_LINE.match(s):
        return True  # "Caroline Hawley, BBC diplomatic correspondent": a byline in the text
    if _promo_or_credit(s, last):
        return True
    if last and len(s) <= 300 and _BIO.match(s):
        return True
    # a whole line in brackets: what is inside decides ("(Copyright (c) 2023 Sunbeam Television. All
    # Rights Reserved. ...)", "(Watch the video below.)")
    if s[0] in "([" and s.endswith((")", "]", ").", ")")) and len(s) > 4:
        inner = s[1:].rstrip(".").rstrip(")]").strip()
        return bool(inner) and "(" not in inner[:1] and is_furniture(inner, last=last)
    # a box of several furniture sentences set as one paragraph ("Click this link or scan the QR code
    # to receive breaking news ... We also treat our community members to special offers ... If
    # you’re curious, you can read our Privacy Notice."): furniture when every sentence is
    if ". " in s:
        parts = _SENTENCES.split(s)
        # (whole sentences: "VOLKSWAGEN ID. SPACE VIZZION CONCEPT" is a heading, not two name lines)
        if len(parts) >= 2 and all(len(p.split()) >= 4 and is_furniture(p, last=last) for p in parts):
            return True
    return False


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u00de])")
