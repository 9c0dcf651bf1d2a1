"""Tests for articles.text.parse (pure Python, no Django)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.text.parse import (
    KINDS,
    Block,
    ParsedArticle,
    ParseError,
    build_article,
    detect_dateline,
    looks_like_news_paste,
    parse_html,
    parse_markdown,
    parse_news_paste,
    parse_plain,
    parse_record,
    parse_txt,
)

SAMPLES = Path(__file__).parent / "data" / "samples"
SHARED_SEED = Path("/work/shared/seeds/news_articles.txt")

LITHUANIA = "Lithuania declares more than 1,000 Belarusians and Russians to be national security risks"
UKRAINE = "Ukraine to give revised peace plans to US as Kyiv readies for more talks with its coalition partners"


def block_texts(article: ParsedArticle, kind: str | None = None) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks if kind is None or b.kind == kind]


def assert_blocks_exact(article: ParsedArticle) -> None:
    """Blocks are the non-empty lines of text, in order, stripped, and cover every visible character."""
    text = article.text
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert block_texts(article) == lines
    covered = [False] * len(text)
    previous_end = -1
    for b in article.blocks:
        assert b.kind in KINDS
        assert previous_end < b.start < b.end <= len(text)
        piece = text[b.start : b.end]
        assert "\n" not in piece and piece == piece.strip()
        for i in range(b.start, b.end):
            covered[i] = True
        previous_end = b.end
    assert all(covered[i] for i, c in enumerate(text) if not c.isspace())
    assert article.blocks[0].kind == "headline"
    assert block_texts(article)[0] == article.title
    assert [b for b in article.blocks if b.kind == "headline"] == article.blocks[:1]


# --------------------------------------------------------------------------
# The seed file: the project's demo data
# --------------------------------------------------------------------------


def seed_paths():
    yield pytest.param(SAMPLES / "news_articles.txt", id="copy")
    yield pytest.param(
        SHARED_SEED,
        id="shared",
        marks=pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared seeds not mounted"),
    )


@pytest.mark.parametrize("path", list(seed_paths()))
def test_seed_file_parses_into_two_exact_articles(path):
    raw = path.read_text(encoding="utf-8")
    assert looks_like_news_paste(raw)
    articles = parse_txt(raw)
    assert [a.title for a in articles] == [LITHUANIA, UKRAINE]
    lit, ukr = articles

    assert lit.published_on == datetime.date(2023, 8, 4)
    assert ukr.published_on == datetime.date(2025, 12, 10)
    assert (lit.dateline, ukr.dateline) == ("VILNIUS", "KYIV")
    assert (lit.line, ukr.line) == (1, 27)

    assert lit.summary == [
        ("The decision comes after the government asked the Russians and Belarusians to answer a questionnaire "
        "that included questions about their views on Russia’s invasion of Ukraine"),
        "Lithuania is a democracy that belongs to NATO and the European Union",
    ]
    assert ukr.summary == [
        ("Ukraine’s European allies are backing Zelensky’s effort to ensure that any settlement is fair and deters "
        "future Russian attacks."),
        ("The French government said Ukraine’s allies — dubbed the “Coalition of the Willing” — will discuss the "
        "negotiations Thursday by video"),
    ]
    for a in articles:
        assert block_texts(a, "summary") == a.summary
        assert a.text.startswith(a.title + "\n\n" + a.summary[0] + "\n" + a.summary[1] + "\n\n")

    assert lit.caption.startswith("Lithuania declared more than a thousand citizens of Russia and Belarus")
    assert lit.caption.endswith("(AP/File)")
    assert lit.caption not in lit.text
    assert "(AP/File)" not in lit.text
    assert ukr.caption == ""

    assert block_texts(lit, "subheading") == []
    assert block_texts(ukr, "subheading") == ["US seeks closer ties with Russia", "Military aid for Ukraine declines"]

    # Dateline removed from the first body paragraph.
    assert block_texts(lit, "body")[0].startswith("Lithuania declared more than a thousand citizens")
    assert block_texts(ukr, "body")[0].startswith("Ukraine is expected to hand its latest peace proposals")
    assert block_texts(ukr, "body")[-1].endswith("compared with 2022–2024.")
    assert len(block_texts(lit, "body")) == 12
    assert len(block_texts(ukr, "body")) == 27
    for a in articles:
        assert "VILNIUS:" not in a.text and "KYIV:" not in a.text
        assert a.text.count(a.title) == 1
        for text in block_texts(a):
            assert text not in ("Short Url", "Follow")
            assert not text.startswith(("Updated", "•"))
        assert [b.kind for b in a.blocks[:3]] == ["headline", "summary", "summary"]
        assert a.byline == "" and a.url == "" and a.language == "en"
        assert_blocks_exact(a)
    # Nothing of one article leaks into the other.
    assert UKRAINE not in lit.text and "Voroncov" not in ukr.text


def test_seed_copy_matches_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared seeds not mounted")
    assert (SAMPLES / "news_articles.txt").read_bytes() == SHARED_SEED.read_bytes()


# --------------------------------------------------------------------------
# Other pastes from the same site
# --------------------------------------------------------------------------


def paste(
    title,
    *,
    caption=None,
    short_url=True,
    updated="Updated 04 August 2023",
    follow=True,
    repeat=True,
    bullets=2,
    subheading=True,
):
    lines = [title, ""]
    if caption:
        lines.append(caption)
    if short_url:
        lines.append("Short Url")
    if updated:
        lines.append(updated)
    if follow:
        lines.append("Follow")
    lines.append("")
    if repeat:
        lines += [title, ""]
    if bullets:
        lines += [f"  • Bullet number {i} says something." for i in range(bullets)] + [""]
    lines.append("VILNIUS: The first paragraph of the story, officials said on Friday.")
    lines.append("The second paragraph counts 1,164 people.")
    if subheading:
        lines.append("A short sub heading")
    lines.append("The last paragraph of the story.")
    return "\n".join(lines)


VARIANTS = {
    "caption_and_short_url": [{"caption": "A photo caption. (AP/File)"}, {"short_url": False}],
    "no_caption_no_short_url": [{"short_url": False}, {"short_url": False}],
    "no_bullets_no_subheadings": [{"bullets": 0, "subheading": False}, {"bullets": 0}],
    "one_and_five_bullets": [{"bullets": 1}, {"bullets": 5}],
    "other_date_formats": [{"updated": "Updated August 4, 2023 14:32"}, {"updated": "Published 2023-08-04"}],
    "abbreviated_month": [{"updated": "Updated 4 Aug. 2023"}, {"updated": "Updated 04 Aug 2023 09:15 GMT"}],
    "no_repeated_headline": [{"caption": "A caption line here.", "repeat": False}, {"repeat": False}],
    "no_follow": [{"follow": False}, {"follow": False, "short_url": False}],
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("separator", ["\n\n", "\n\n\n\n\n"])
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_news_paste_variants(variant, separator, crlf):
    specs = VARIANTS[variant]
    titles = [f"Headline number {i} of the {variant} paste" for i in range(len(specs))]
    raw = separator.join(paste(t, **spec) for t, spec in zip(titles, specs))
    raw = "\n".join(line + "  " for line in raw.split("\n"))  # trailing spaces
    if crlf:
        raw = raw.replace("\n", "\r\n")
    assert looks_like_news_paste(raw)
    articles = parse_txt(raw)
    assert [a.title for a in articles] == titles
    lines = raw.replace("\r\n", "\n").split("\n")
    for a, spec in zip(articles, specs):
        assert lines[a.line - 1].strip() == a.title
        assert a.published_on == datetime.date(2023, 8, 4)
        assert a.dateline == "VILNIUS"
        assert len(a.summary) == spec.get("bullets", 2)
        assert a.caption == (spec.get("caption") or "")
        expected_sub = ["A short sub heading"] if spec.get("subheading", True) else []
        assert block_texts(a, "subheading") == expected_sub
        assert block_texts(a, "body") == [
            "The first paragraph of the story, officials said on Friday.",
            "The second paragraph counts 1,164 people.",
            "The last paragraph of the story.",
        ]
        assert a.text.count(a.title) == 1
        assert not any(t in ("Short Url", "Follow") or t.startswith(("Updated", "Published")) for t in block_texts(a))
        assert_blocks_exact(a)


def test_news_paste_prefers_published_over_updated_date():
    raw = paste("Some headline here", updated="Published 01 May 2024\nUpdated 03 May 2024")
    (a,) = parse_news_paste(raw)
    assert a.published_on == datetime.date(2024, 5, 1)


def test_plain_text_is_not_a_news_paste():
    raw = (SAMPLES / "plain_article.txt").read_text()
    assert not looks_like_news_paste(raw)
    assert not looks_like_news_paste("Title\n\nUpdated 4 March 2024\n\nThe body of the article.")
    assert not looks_like_news_paste("Follow\nthe money, investigators said.")
    with pytest.raises(ParseError, match="not a pasted news page"):
        parse_news_paste("Just a title\n\nAnd a body.")


# --------------------------------------------------------------------------
# build_article
# --------------------------------------------------------------------------


def test_build_article_layout_and_blocks():
    a = build_article(
        title="  The  headline\n",
        parts=[
            ("body", "First para."),
            ("summary", "• Bullet one"),
            ("subheading", "A sub"),
            ("summary", "Bullet two"),
            ("body", "Line one.\nLine two."),
            ("body", "   "),
        ],
        publisher="Example",
        published_on=datetime.date(2024, 1, 2),
        line=7,
    )
    assert a.title == "The headline"
    assert a.text == "The headline\n\nBullet one\nBullet two\n\nFirst para.\n\nA sub\n\nLine one.\n\nLine two."
    assert a.blocks == [
        Block("headline", 0, 12),
        Block("summary", 14, 24),
        Block("summary", 25, 35),
        Block("body", 37, 48),
        Block("subheading", 50, 55),
        Block("body", 57, 66),
        Block("body", 68, 77),
    ]
    assert a.summary == ["Bullet one", "Bullet two"]
    assert (a.publisher, a.published_on, a.line) == ("Example", datetime.date(2024, 1, 2), 7)


def test_build_article_without_summary_or_body():
    a = build_article(title="Only a title", parts=[])
    assert a.text == "Only a title"
    assert a.blocks == [Block("headline", 0, 12)]
    b = build_article(title="T", parts=[("body", "B")])
    assert b.text == "T\n\nB"


def test_build_article_normalises_whitespace_and_invisible_characters():
    a = build_article(
        title="Caf\u0065\u0301\u200b news",
        parts=[("body", "a\t\tb\u00a0 c\x00d\r\ne\u2028f  \u200d"), ("subheading", "Sub\nheading")],
    )
    assert a.title == "Café news"  # NFC, zero-width space removed
    assert block_texts(a, "body") == ["a b cd", "e", "f"]
    assert block_texts(a, "subheading") == ["Sub heading"]
    assert_blocks_exact(a)


def test_build_article_uses_meta_summary_when_no_summary_parts():
    a = build_article(title="T", parts=[("body", "x")], summary=["• one", "two"])
    assert a.summary == ["one", "two"]
    assert a.text == "T\n\none\ntwo\n\nx"


@pytest.mark.parametrize("title", ["", "   ", "\u200b\n\t"])
def test_build_article_rejects_empty_title(title):
    with pytest.raises(ParseError, match="no title"):
        build_article(title=title, parts=[("body", "x")])


def test_build_article_rejects_unknown_kind():
    with pytest.raises(ParseError, match="unknown block kind"):
        build_article(title="T", parts=[("footer", "x")])


# --------------------------------------------------------------------------
# Datelines
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("VILNIUS: Lithuania declared", "VILNIUS", "Lithuania declared"),
        ("KYIV: Ukraine is expected", "KYIV", "Ukraine is expected"),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "The Senate voted"),
        ("LONDON, Nov 3 (Reuters) - Britain said", "LONDON", "Britain said"),
        ("NEW YORK (AP) — Stocks fell", "NEW YORK", "Stocks fell"),
        ("KYIV, Ukraine (AP) — Russia launched", "KYIV", "Russia launched"),
        ("ST. LOUIS — The city", "ST. LOUIS", "The city"),
        ("PORT-AU-PRINCE: Gangs", "PORT-AU-PRINCE", "Gangs"),
        ("SÃO PAULO, Sept. 12 (Reuters) - Brazil", "SÃO PAULO", "Brazil"),
        ("US: The deficit grew", "US", "The deficit grew"),
        ("SIOUX FALLS, S.D. – People across the nation", "SIOUX FALLS", "People across the nation"),
        ("AUSTIN, Texas — The governor said", "AUSTIN", "The governor said"),
        ("WASHINGTON, D.C. - The council", "WASHINGTON", "The council"),
        ("ST. LOUIS (AP) — The city", "ST. LOUIS", "The city"),
    ],
)
def test_dateline_detected(paragraph, place, rest):
    assert detect_dateline(paragraph) == (place, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO said on Friday that it would send more troops.",
        "The minister said: we will win.",
        "Lithuania - a Baltic nation - declared independence.",
        "BREAKING: Markets crash",
        "EXCLUSIVE — The documents show",
        "A: yes.",
        "VILNIUS:",
        "Kyiv: Ukraine said",
        "2024: a year of elections",
        "NATO, France and Germany - the allies - met on Monday.",
        "LONDON, England: the council met.",
        "Paris, Texas - a small town - voted.",
    ],
)
def test_not_a_dateline(paragraph):
    assert detect_dateline(paragraph) == ("", paragraph)


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------


def test_parse_plain_sample():
    a = parse_plain((SAMPLES / "plain_article.txt").read_text())
    assert a.title == "City council approves record budget for schools"
    assert a.byline == "Jane Doe"
    assert a.dateline == "WASHINGTON"
    assert block_texts(a, "body") == [
        "The city council approved a $4.2 billion budget on Tuesday, the largest in its history, officials said.",
        "The mayor said 40 percent of the money would go to schools.",
        "Critics said the plan was unfunded and would not last beyond the next election in 2027.",
    ]
    assert block_texts(a, "subheading") == ["Budget fights ahead"]
    assert "By Jane Doe" not in a.text
    assert_blocks_exact(a)


def test_parse_plain_title_line_numbers_and_non_bylines():
    a = parse_plain("\n\n  Title here  \nBy the end of the year, prices rose 5%.\nMore text.")
    assert a.line == 3
    assert a.title == "Title here"
    assert a.byline == ""
    assert block_texts(a, "body") == ["By the end of the year, prices rose 5%.", "More text."]


def test_parse_plain_joins_hard_wrapped_paragraphs():
    raw = (
        "Wrapped article\n\n"
        "The council approved the budget on Tuesday after a long debate that\n"
        "lasted well into the night, officials said in a statement on\n"
        "Wednesday morning.\n\n"
        "Second paragraph.\n"
    )
    a = parse_plain(raw)
    assert block_texts(a, "body") == [
        ("The council approved the budget on Tuesday after a long debate that lasted well into the night, "
        "officials said in a statement on Wednesday morning."),
        "Second paragraph.",
    ]


def test_parse_plain_leading_bullets_become_summary():
    a = parse_plain("Title\n• First point\n• Second point\n\nBody text here.")
    assert a.summary == ["First point", "Second point"]
    assert block_texts(a, "summary") == ["First point", "Second point"]
    assert block_texts(a, "body") == ["Body text here."]


@pytest.mark.parametrize("raw", ["", "   \n\t\n", "\u200b\u200b\n"])
def test_parse_plain_empty_is_a_parse_error(raw):
    with pytest.raises(ParseError, match="empty"):
        parse_plain(raw)
    with pytest.raises(ParseError):
        parse_txt(raw)


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def test_parse_markdown_sample_with_front_matter():
    a = parse_markdown((SAMPLES / "article.md").read_text())
    assert a.title == "Central bank holds rates at 5.25%"
    assert a.byline == "Maria Lopez"
    assert a.published_on == datetime.date(2024, 3, 5)
    assert a.url == "https://example.com/news/rates"
    assert a.publisher == "Example Times"
    assert a.dateline == "FRANKFURT"
    assert a.text.count(a.title) == 1
    assert block_texts(a, "subheading") == ["What analysts expect"]
    assert block_texts(a, "body") == [
        "The central bank kept its main rate at 5.25% for a fifth month, its governor said.",
        "Most economists expect a cut in June.",
        "Inflation fell to 2.4% in February.",
        "Some paragraph that is wrapped over two lines.",
    ]
    for junk in ("**", "](", "chart", "`", "*June*", "---"):
        assert junk not in a.text
    assert_blocks_exact(a)


def test_parse_markdown_without_h1_uses_first_line_and_by_line():
    a = parse_markdown("Plain first line\nBy *Ann Smith*\nsecond line of the block\n\n### Section\n\nText `x = 1`.")
    assert a.title == "Plain first line"
    assert a.byline == "Ann Smith"
    assert block_texts(a, "body") == ["second line of the block", "Text x = 1."]
    assert block_texts(a, "subheading") == ["Section"]


def test_parse_markdown_first_h1_is_the_title_and_inline_markup_is_stripped():
    a = parse_markdown(
        "Kicker line\n\n# The *real* [title](http://x)\n\nBy Bo Li\n\nBody with ![img](a.png) an image.\n\n# Another h1\n\nMore."
    )
    assert a.title == "The real title"
    assert a.line == 3
    assert a.byline == "Bo Li"
    assert block_texts(a, "subheading") == ["Another h1"]
    assert block_texts(a, "body") == ["Kicker line", "Body with an image.", "More."]


def test_parse_markdown_bad_front_matter_names_the_field():
    with pytest.raises(ParseError, match="field 'published_on'") as err:
        parse_markdown("---\ntitle: T\ndate: sometime soon\n---\nBody.")
    assert err.value.field == "published_on"
    with pytest.raises(ParseError, match="field 'url'"):
        parse_markdown("---\ntitle: T\nurl: ftp://example.com/x\n---\nBody.")


def test_parse_markdown_empty():
    with pytest.raises(ParseError, match="empty"):
        parse_markdown("<!-- nothing -->\n\n![only an image](x.png)\n")


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


def test_parse_html_sample_main_text_and_metadata():
    a = parse_html((SAMPLES / "article.html").read_text())
    assert a.title == "Government pledges 40 percent of budget to schools"
    assert a.publisher == "Example Times"
    assert a.byline == "Jane Doe"
    assert a.published_on == datetime.date(2024, 3, 5)
    assert a.url == "https://example.com/news/schools"
    assert a.dateline == "PARIS"
    assert a.language == "en"
    assert block_texts(a, "subheading") == ["Reaction from unions"]
    assert block_texts(a, "body") == [
        ("The government announced on Tuesday that 40 percent of the budget would go to schools, "
        "officials said in a statement."),
        "Unions welcomed the plan, saying it was long overdue and would help 3 million pupils across the country.",
        "Critics said the plan was unfunded and would not last beyond the next election in 2027.",
    ]
    for junk in ("cookies", "Share on", "Copyright", "tracking", "color:red", "World news menu", "By Jane Doe"):
        assert junk not in a.text
    assert a.text.count(a.title) == 1
    assert_blocks_exact(a)


def test_parse_html_small_page_falls_back_to_page_structure():
    html = (
        "<html><head><title>Tiny | Site</title><script>alert(1)</script></head><body>"
        "<nav>Home News</nav><h1>Tiny page</h1><p>KYIV: Short text here.</p><p>Second.</p>"
        "<footer>(c) 2024</footer></body></html>"
    )
    a = parse_html(html, url="https://example.org/tiny")
    assert a.title == "Tiny page"
    assert a.url == "https://example.org/tiny"
    assert a.dateline == "KYIV"
    assert block_texts(a, "body") == ["Short text here.", "Second."]
    assert "Home" not in a.text and "alert" not in a.text and "(c)" not in a.text


def test_parse_html_ignores_non_http_canonical_and_handles_xml_declaration():
    html = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><link rel="canonical" href="javascript:x">'
        "</head><body><h1>Heading</h1><p>Para one.</p></body></html>"
    )
    a = parse_html(html)
    assert a.url == ""
    assert a.title == "Heading"
    assert block_texts(a, "body") == ["Para one."]


_PARAS = "".join(
    f"<p>Paragraph {w} of the story says the council spent {i} million on roads last year, officials said.</p>"
    for i, w in enumerate(["one", "two", "three", "four", "five", "six"])
)


def _news_page(body_top: str = "", body_end: str = "", head: str = "") -> str:
    return (
        "<html><head><title>Council spends on roads | Example News</title>"
        '<meta property="og:title" content="Roads get the money">'
        '<meta property="og:site_name" content="Example News">'
        f"{head}</head><body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Council spends millions on roads</h1>"
        f"{body_top}{_PARAS}{body_end}</article>"
        "<footer>Copyright 2024</footer></body></html>"
    )


def test_parse_html_visible_h1_is_the_title_and_not_repeated():
    a = parse_html(_news_page(body_top="<p>Council spends millions on roads</p>"))
    assert a.title == "Council spends millions on roads"
    assert a.text.count("Council spends millions on roads") == 1
    assert "Roads get the money" not in a.text
    assert_blocks_exact(a)


def test_parse_html_furniture_out_of_the_text_and_real_paragraphs_kept():
    a = parse_html(
        _news_page(
            body_top=(
                "<p>By Jane Doe and John Roe</p>"
                "<figure><img src='x.jpg'><figcaption>The council chamber. Photograph: Ann Lee/AP</figcaption></figure>"
            ),
            body_end=(
                "<p>View this post on Instagram</p><p>A post shared by Council (@council) on Mar 3, 2020</p>"
                "<p>Get The Example Daily Edition by email and never miss our top stories</p>"
                '<div class="related-stories"><ul><li><a href="/a">Bridge closes</a></li></ul></div>'
                "<p>***</p><p>Updated 10:41 a.m. ET, Tue March 3, 2020</p>"
            ),
        )
    )
    for junk in ("Instagram", "post shared", "Daily Edition", "Bridge closes", "***", "Updated", "Photograph", "By Jane"):
        assert junk not in a.text
    assert a.text.count("of the story says the council spent") == 6
    assert a.byline == "Jane Doe, John Roe"
    assert_blocks_exact(a)


def test_parse_html_block_boundaries_never_glue_words():
    a = parse_html(_news_page(body_top="<p>Summary<br>Estimating the cost took a year.</p>"))
    assert "SummaryEstimating" not in a.text
    assert "Estimating the cost took a year." in block_texts(a, "body")


@pytest.mark.parametrize(
    ("first", "place", "rest"),
    [
        ("London (CNN)It was a long night for the council.", "London", "It was a long night for the council."),
        ("WASHINGTON (Reuters) - The council met.", "WASHINGTON", "The council met."),
        ("BERLIN, May 5 (Reuters) - The council met.", "BERLIN", "The council met."),
    ],
)
def test_parse_html_datelines(first, place, rest):
    a = parse_html(_news_page(body_top=f"<p>{first}</p>"))
    assert a.dateline == place
    assert rest in block_texts(a, "body")


def test_parse_html_standalone_dateline_is_not_a_claim():
    a = parse_html(_news_page(body_top="<p>WASHINGTON —</p>"))
    assert a.dateline == "WASHINGTON"
    assert "WASHINGTON" not in a.text


def test_parse_html_live_blog_times_and_short_headings_are_subheadings():
    a = parse_html(_news_page(body_end="<p>10:41 a.m. ET</p><p>Goodnight</p><p>That is all from us tonight, thank you for reading.</p>"))
    subs = block_texts(a, "subheading")
    assert "10:41 a.m. ET" in subs and "Goodnight" in subs
    assert "10:41 a.m. ET" not in block_texts(a, "body")
    assert "That is all from us tonight, thank you for reading." in block_texts(a, "body")


def test_parse_html_published_in_the_pages_time_zone_and_placeholder_author():
    a = parse_html(
        _news_page(
            head=(
                '<meta name="author" content="No Author">'
                '<meta property="article:published_time" content="2020-03-04T02:30:00Z">'
                '<meta property="article:modified_time" content="2020-03-05T09:00:00-05:00">'
            )
        )
    )
    assert a.published_on == datetime.date(2020, 3, 3)
    assert a.byline == ""
    assert a.publisher == "Example News"


@pytest.mark.parametrize("html", ["", "   ", "<html><body></body></html>", "<p>"])
def test_parse_html_empty_page(html):
    with pytest.raises(ParseError):
        parse_html(html)


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


def test_parse_record_all_fields():
    a = parse_record(
        {
            "title": "Unemployment falls",
            "text": "Unemployment falls\n\nLONDON, Nov 3 (Reuters) - Unemployment fell to 3.5%.\n\nEconomists expected 3.7%.",
            "url": "https://example.com/a",
            "publisher": "Reuters",
            "byline": "Ann Smith",
            "published_on": "2024-11-03T23:30:00-05:00",
            "summary": "• Lowest since 1970\n- Wages up 4%\n* Third",
            "extra": {"ignored": True},
        },
        line=12,
    )
    assert a.title == "Unemployment falls"
    assert a.text.count("Unemployment falls") == 1  # the repeated headline is dropped
    assert a.dateline == "LONDON"
    assert a.published_on == datetime.date(2024, 11, 3)
    assert a.summary == ["Lowest since 1970", "Wages up 4%", "Third"]
    assert (a.url, a.publisher, a.byline, a.line) == ("https://example.com/a", "Reuters", "Ann Smith", 12)
    assert block_texts(a, "body") == ["Unemployment fell to 3.5%.", "Economists expected 3.7%."]
    assert_blocks_exact(a)


def test_parse_record_given_dateline_wins_and_summary_list():
    a = parse_record({"title": "T", "text": "KYIV: text.", "dateline": "Kyiv", "summary": ["a", "• b"]})
    assert a.dateline == "Kyiv"
    assert block_texts(a, "body") == ["KYIV: text."]
    assert a.summary == ["a", "b"]


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        ({"text": "x"}, "title", "missing required field 'title'"),
        ({"title": "t"}, "text", "missing required field 'text'"),
        ({"title": None, "text": "x"}, "title", "missing required field 'title'"),
        ({"title": 3, "text": "x"}, "title", "field 'title': expected a string, got a number"),
        ({"title": "t", "text": ["x"]}, "text", "field 'text': expected a string, got a list"),
        ({"title": "  ", "text": "x"}, "title", "field 'title' is empty"),
        ({"title": "t", "text": " \n "}, "text", "field 'text' is empty"),
        ({"title": "t", "text": "\u200b"}, "text", "field 'text' is empty"),
        (
            {"title": "t", "text": "x", "published_on": "yesterday"},
            "published_on",
            "field 'published_on': 'yesterday' is not an ISO date (YYYY-MM-DD)",
        ),
        ({"title": "t", "text": "x", "published_on": "2024-02-30"}, "published_on", "is not an ISO date"),
        ({"title": "t", "text": "x", "published_on": 20240101}, "published_on", "got a number"),
        ({"title": "t", "text": "x", "url": "javascript:alert(1)"}, "url", "field 'url': 'javascript:alert(1)' is not an http(s) URL"),
        ({"title": "t", "text": "x", "url": "https://"}, "url", "is not an http(s) URL"),
        ({"title": "t", "text": "x", "url": "www.example.com"}, "url", "is not an http(s) URL"),
        ({"title": "t", "text": "x", "publisher": ["a"]}, "publisher", "field 'publisher': expected a string"),
        ({"title": "t", "text": "x", "summary": 5}, "summary", "field 'summary'"),
        ({"title": "t", "text": "x", "summary": ["ok", 5]}, "summary", "field 'summary'"),
    ],
)
def test_parse_record_errors_name_the_field(record, field, message):
    with pytest.raises(ParseError) as err:
        parse_record(record, line=4)
    assert message in str(err.value)
    assert err.value.field == field
    assert err.value.line == 4


def test_parse_record_rejects_non_mapping():
    with pytest.raises(ParseError, match="expected a JSON object"):
        parse_record(["title", "text"])  # type: ignore[arg-type]


def test_parse_record_empty_optional_fields_are_missing():
    a = parse_record({"title": "t", "text": "x", "url": "", "published_on": None, "summary": ""})
    assert (a.url, a.published_on, a.summary) == ("", None, [])


def test_parse_record_error_message_truncates_long_values():
    with pytest.raises(ParseError) as err:
        parse_record({"title": "t", "text": "x", "published_on": "z" * 10_000})
    assert len(str(err.value)) < 200


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "a", "Z", " ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u200b", "\x00", "\x0b", "\u2028", "é", "e\u0301",
        "\ud800", "•", "  • ", ":", " — ", "-", ".", "VILNIUS: ", "(AP)", "By Jane Doe", "Follow", "Short Url",
        "Updated 04 August 2023", "# ", "---", "*", "[x](http://y)", "<p>", "Title",
    ]
)
_TEXT = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=40).map("".join))
_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))


@_SETTINGS
@given(_TEXT)
def test_parse_txt_only_raises_parse_error_and_blocks_are_exact(raw):
    try:
        articles = parse_txt(raw)
    except ParseError:
        return
    assert articles
    for a in articles:
        assert_blocks_exact(a)


@_SETTINGS
@given(_TEXT)
def test_parse_markdown_only_raises_parse_error_and_blocks_are_exact(raw):
    try:
        a = parse_markdown(raw)
    except ParseError:
        return
    assert_blocks_exact(a)


@_SETTINGS
@given(_TEXT, st.lists(st.tuples(st.sampled_from(["summary", "subheading", "body", "headline"]), _TEXT), max_size=6))
def test_build_article_only_raises_parse_error_and_blocks_are_exact(title, parts):
    try:
        a = build_article(title=title, parts=parts)
    except ParseError:
        return
    assert_blocks_exact(a)
    assert a.text == a.text.strip()


_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    _TEXT,
    st.lists(_TEXT, max_size=3),
    st.sampled_from(["2024-01-02", "2024-01-02T10:00:00Z", "2024-13-40", "http://x.org/a", "https://", "en"]),
)


@_SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            ["title", "text", "url", "published_on", "summary", "dateline", "byline", "publisher", "language", "other"]
        ),
        _VALUES,
    ),
    st.integers(min_value=1, max_value=10**6),
)
def test_parse_record_only_raises_parse_error_and_blocks_are_exact(record, line):
    try:
        a = parse_record(record, line=line)
    except ParseError as exc:
        assert str(exc)
        return
    assert a.line == line
    assert_blocks_exact(a)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<h2>", "<nav>", "<script>", "<li>", "x y", "VILNIUS: z", "&amp;", "<!--", "-->", "\u200b", "\n"]), max_size=30).map("".join))
def test_parse_html_only_raises_parse_error_and_blocks_are_exact(raw):
    try:
        a = parse_html(raw)
    except ParseError:
        return
    assert_blocks_exact(a)


def test_parse_html_comments_inside_text_lose_nothing():
    # React pages put "<!-- -->" between text pieces; the text after a comment must stay.
    a = parse_html(_news_page(body_top="<p>When <!-- -->President<!-- --> Lee spoke, “I like <!-- -->our<!-- --> plan.”</p>"))
    assert "When President Lee spoke, “I like our plan.”" in block_texts(a, "body")
    assert_blocks_exact(a)


def test_parse_html_dateline_with_state_abbreviation():
    a = parse_html(_news_page(body_top="<p>SIOUX FALLS, S.D. – People across the nation are talking about it.</p>"))
    assert a.dateline == "SIOUX FALLS"
    assert "People across the nation are talking about it." in block_texts(a, "body")


def test_parse_html_byline_date_preferred_over_a_quoted_date():
    a = parse_html(
        "<html><head><title>What is the value of drugs at the border?</title></head><body>"
        '<p class="statement__meta">— Jo Bloggs on Sunday, October 13th, 2019 in an article in a newspaper</p>'
        "<h1>What is the value of drugs at the border?</h1>"
        '<p class="article__meta">By <a href="/staff/a">Matthew Digby</a> , <a href="/staff/b">Minh Do</a>'
        ' <span class="article__meta">on Monday, November 18th, 2019 at 11:08 a.m.</span></p>'
        f"{_PARAS}</body></html>"
    )
    assert a.published_on == datetime.date(2019, 11, 18)
    assert a.byline == "Matthew Digby, Minh Do"


@pytest.mark.parametrize(
    "items",
    [
        # numbered titles in bold paragraphs, in headings, and as links to the story they sum up
        '<p><b>1. The economy</b></p><p>{0}</p><p><b>2. Jobs and the wages of workers</b></p><p>{1}</p>',
        "<h2>1. The economy</h2><p>{0}</p><h2>2. Jobs and the wages of workers</h2><p>{1}</p>",
        '<p><a href="/x">1. The economy</a></p><p>{0}</p><p><a href="/y">2. Jobs and the wages of workers</a></p><p>{1}</p>',
    ],
)
def test_parse_html_numbered_list_item_titles_kept_as_subheadings(items):
    body = items.format(
        "The economy grew by 3 percent in the last quarter, the agency said on Monday.",
        "Jobs grew by 200,000 last month, the labour office said in a report on Friday.",
    )
    a = parse_html(_news_page(body_end=body))
    subheadings = block_texts(a, "subheading")
    assert "1. The economy" in subheadings
    assert "2. Jobs and the wages of workers" in subheadings
    assert "The economy grew by 3 percent in the last quarter, the agency said on Monday." in block_texts(a, "body")
    assert_blocks_exact(a)


def test_parse_html_written_and_updated_line_gives_the_written_date():
    a = parse_html(
        "<html><head><title>Colder temperatures forecast</title></head><body>"
        '<h1>Colder temperatures forecast</h1><p class="date">Written: 2023-11-07 15:03:30 / Updated: 2023-11-08 09:30:46</p>'
        f'{_PARAS}<div class="date">2023-11-03</div></body></html>'
    )
    assert a.published_on == datetime.date(2023, 11, 7)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("19.07.2022", datetime.date(2022, 7, 19)),
        ("Stand: 19. Juli 2022, 10:15 Uhr", datetime.date(2022, 7, 19)),
        ("Publié le 1er août 2021", datetime.date(2021, 8, 1)),
        ("3 de marzo de 2021", datetime.date(2021, 3, 3)),
        ("7 luglio 2022", datetime.date(2022, 7, 7)),
        ("August 4, 2023", datetime.date(2023, 8, 4)),
        ("31.02.2022", None),  # no such day
        ("1.1.2.2022", None),  # a version number, not a date
    ],
)
def test_dates_shown_in_other_languages_and_dotted(text, want):
    from articles.text.parse import _date_in

    assert _date_in(text) == want


def test_a_page_with_only_a_modified_stamp_takes_it_over_a_date_in_its_text():
    from articles.text.parse import parse_html

    html = (
        '<html><body><nav><span itemprop="dateModified" content="2020-04-07T15:49:34+05:30">Updated: April 07, '
        "2020</span></nav><article><h1>Trump talks retaliation if India rejects export of key drug</h1>"
        + "<p>India has 24,942 confirmed cases as on April 25, 2020 at 5:00 pm, the ministry said on Saturday.</p>" * 3
        + "</article></body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2020, 4, 7)


# realpages4 (held-out pages from htmldate's evaluation set): general rules, made-up inputs


def test_an_unclosed_button_that_swallows_the_page_is_unwrapped_not_dropped():
    import lxml.html

    from articles.text.parse import _unwrap_swallowing_controls

    story = "".join(f"<p>Mina Starsiak Hawk shared photos of her husband, post number {i}.</p>" for i in range(3))
    # People's menu button holds an unclosed <div>: libxml2 lets the button run to the end of the page
    html = (
        "<html><body><header><div><button class='header__menu-button'><div class='inner'><svg></svg><div>"
        f"</button></div><main><article><h1>Mina Starsiak Hawk Posts Sweet Birthday Tribute</h1>{story}</article>"
        "</main><button class='share'>Share this</button></header></body></html>"
    )
    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//button//h1")  # the story is inside the button
    _unwrap_swallowing_controls(tree)
    assert not tree.xpath("//button//h1") and len(tree.xpath("//article/p")) == 3
    assert [b.text_content() for b in tree.xpath("//button")] == ["Share this"]  # a real button stays
    art = parse_html(html)
    assert "post number 0" in art.text and "post number 2" in art.text and "Share this" not in art.text


def test_a_utc_stamp_a_day_after_the_date_written_under_the_headline():
    story = "<p>" + "Trump, who again declined to participate, remains the front-runner in the polls. " * 4 + "</p>"
    html = (
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Debate "
        "takeaways\", \"datePublished\": \"2023-11-09T04:15:00.000Z\"}</script></head><body><article>"
        "<h1>Debate takeaways</h1><div class='xAPp'><div>By Tal Axelrod</div><div>November 8, 2023, 11:15 PM</div>"
        f"</div>{story}</article></body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2023, 11, 8)
    # the same day written under the headline: unchanged; and a date two days off is not taken
    assert parse_html(html.replace("November 8, 2023", "November 9, 2023")).published_on == datetime.date(2023, 11, 9)
    assert parse_html(html.replace("November 8, 2023", "November 6, 2023")).published_on == datetime.date(2023, 11, 9)


def test_trafilaturas_name_for_the_site_is_not_a_byline():
    from unittest import mock

    from articles.text import parse as parse_module

    story = "<p>" + "La jefa del aparato militar de ETA fue detenida en Francia el domingo por la policía. " * 4 + "</p>"
    html = f"<html><body><article><h1>Cae en Francia la jefa de ETA</h1>{story}</article></body></html>"
    parts = [("h1", "Cae en Francia la jefa de ETA"), ("body", "La jefa fue detenida. " * 4)]
    found = {"title": "", "author": "Elmundo Es", "date": "", "sitename": "elmundo.es", "url": ""}
    with mock.patch.object(parse_module, "_trafilatura_parts", return_value=(parts, found)):
        assert parse_html(html).byline == ""
    with mock.patch.object(parse_module, "_trafilatura_parts", return_value=(parts, {**found, "author": "Ana Pérez"})):
        assert parse_html(html).byline == "Ana Pérez"


def test_a_page_with_no_date_markup_takes_the_date_in_its_address():
    from articles.text.parse import parse_html

    html = (
        "<html><body><h1>Democrats to use Social Security against GOP</h1>"
        + "<p>Democrats pledged Friday to keep Social Security in place, the party's chairman said.</p>" * 4
        + "</body></html>"
    )
    url = "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html"
    assert parse_html(html, url=url).published_on == datetime.date(2010, 8, 13)
    assert parse_html(html, url="http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/").published_on == datetime.date(2013, 8, 3)
    # a page's own date beats its address's
    dated = html.replace("</h1>", "</h1><time datetime='2010-08-14T09:00:00-04:00'>Aug 14, 2010</time>")
    assert parse_html(dated, url=url).published_on == datetime.date(2010, 8, 14)
    assert parse_html(html, url="https://example.com/news/2019/11/story").published_on != datetime.date(2019, 11, 1)


def test_a_story_set_between_line_breaks_in_one_element_is_the_body():
    # realpages6 (Dong-A): the story is text between <br><br> inside one div, no <p>; the page's
    # menus were the body
    para = "The company tests radio equipment for makers in forty countries and has grown every year. "
    menu = "".join(f"<li><a href='/s{i}'>Section {i} |</a></li>" for i in range(12))
    html = (
        "<html><head><title>Testing firm grows</title></head><body>"
        f"<ul class='gnb'>{menu}</ul><h1>Testing firm grows</h1>"
        "<div class='article_txt'><strong>Digital Testing Ltd</strong><br><br>"
        + "<br><br>".join(para * 2 + f"Part {i}." for i in range(6))
        + "</div></body></html>"
    )
    article = parse_html(html)
    assert article.title == "Testing firm grows"
    assert "Section 3" not in article.text
    assert article.text.count("The company tests radio equipment") == 12
    assert "Digital Testing Ltd" in article.text
    # the element found directly (trafilatura takes the menus on the real page): its paragraphs
    import lxml.html

    from articles.text.parse import _br_body

    lines = _br_body(lxml.html.document_fromstring(html))
    assert lines[0] == "Digital Testing Ltd" and len(lines) == 7 and lines[1].endswith("Part 0.")
    assert _br_body(lxml.html.document_fromstring("<div>short<br><br>text<br>here</div>")) == []


@pytest.mark.parametrize(
    ("first", "last", "byline"),
    [
        ("حوار: ليلى حسن", "", "ليلى حسن"),  # an interview's byline as a label (Assabah)
        ("", "김민수 기자 minsu@example.co.kr", "김민수"),  # a Korean reporter's signature (Dong-A)
    ],
)
def test_labelled_and_signed_bylines_in_the_text(first, last, byline):
    body = "".join(f"<p>Paragraph {i} of the story, long enough to be read as the body of it.</p>" for i in range(8))
    html = (
        "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
        + (f"<p><strong>{first}</strong></p>" if first else "")
        + body
        + (f"<p>{last}</p>" if last else "")
        + "</article></body></html>"
    )
    article = parse_html(html)
    assert article.byline == byline
    assert (first or last).split()[0] not in article.text


def test_maghreb_month_names_and_a_dublin_core_date_in_rdfa():
    from articles.text.parse import parse_loose_date

    # realpages6 (Assabah, Tunisia): "8 فيفري 2019" and <span property="dc:date" content="2019-02-08T...">
    assert parse_loose_date("8 فيفري 2019") == datetime.date(2019, 2, 8)
    assert parse_loose_date("3 جوان 2020") == datetime.date(2020, 6, 3)
    assert parse_loose_date("12 أوت 2021") == datetime.date(2021, 8, 12)
    body = "".join(f"<p>Paragraph {i} of the story, long enough to be read as the body of it.</p>" for i in range(6))
    html = (
        "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
        '<span class="date-display-single" property="dc:date" content="2019-02-08T00:00:00+01:00">8 فيفري 2019</span>'
        f"{body}<div class='comment'><span property='dc:date' content='2020-01-01T00:00:00+01:00'>x</span></div>"
        "</article></body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2019, 2, 8)


def test_other_stories_listed_after_a_hyphen_at_the_end_are_dropped_with_the_place_signed():
    # realpages6 (El Tiempo): "MEDELLÍN | -Escándalo en Cartagena: ... | -La historia de ..."
    body = "".join(f"<p>El párrafo {i} de la nota es bastante largo para ser leído como cuerpo.</p>" for i in range(6))
    tail = "<p>MEDELLÍN</p><p>-Escándalo en la ciudad: graban a una pareja</p><p>-La historia de la mujer que se graduó</p>"
    html = f"<html><head><title>Una nota</title></head><body><article><h1>Una nota</h1>{body}{tail}</article></body></html>"
    text = parse_html(html).text
    assert "MEDELLÍN" not in text and "Escándalo" not in text and "La historia" not in text
    assert "El párrafo 5" in text
    # one dashed line only: kept
    html = html.replace("<p>-La historia de la mujer que se graduó</p>", "")
    assert "Escándalo" in parse_html(html).text


def test_a_story_split_into_sibling_chunks_of_the_same_markup_is_read_whole():
    def chunk(n: int, first: int) -> str:
        paragraphs = "".join(
            f"<p>Chunk {n} paragraph {i}: the reporter wrote a sentence long enough to count as running text here.</p>"
            for i in range(first, first + 5)
        )
        return f'<div class="grid grid-layout--adrail"><div class="grid--item body article__body">{paragraphs}</div>' \
            '<div class="grid--item ad-rail"></div></div>'

    html = (
        "<html><head><title>Split story</title></head><body><article><h1>Split story</h1>"
        f'<div class="article__chunks">{chunk(1, 0)}{chunk(2, 5)}{chunk(3, 10)}</div>'
        "</article></body></html>"
    )
    text = parse_html(html).text
    for n, i in ((1, 0), (2, 7), (3, 14)):
        assert f"Chunk {n} paragraph {i}:" in text
    assert text.index("Chunk 1 paragraph 4") < text.index("Chunk 2 paragraph 5") < text.index("Chunk 3 paragraph 10")
