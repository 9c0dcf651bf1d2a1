"""The second real-page set (tests/data/realpages2/): 89 saved pages that were not used while the
rules were written, with the headline, byline and date expected by the fixtures they come from
(trafilatura's evaluation data, Readability's expected metadata, newspaper4k's metadata), corrected
by hand where the fixture is wrong (each correction says why in ``corrected``).

Floors are the rates reached; before the fixes that came with this set the pipeline had headline
86/89, bylines 78/89, dates 85/89 on it (the held-out estimate). Reproduce with
``.venv/bin/python bench/realpages.py --set realpages2 --verbose``.

The second half tests the general rules those fixes added, on small made-up pages.
"""

from __future__ import annotations

import datetime
import re

import lxml.html
import pytest

from .realpages_support import page_set, rp

PAGES = page_set("realpages2")
DATA, EXPECTATIONS = PAGES.data, PAGES.expectations
LICENCES = {
    "adbar/trafilatura": "Apache-2.0",
    "mozilla/readability": "Apache-2.0",
    "AndyTheFactory/newspaper4k": "MIT",
}


@pytest.fixture(scope="module")
def measured():
    return rp.run_all(EXPECTATIONS, DATA)


def test_set_size_sources_and_no_overlap_with_the_first_set():
    assert len(EXPECTATIONS) >= 80
    assert len({e["id"] for e in EXPECTATIONS}) == len(EXPECTATIONS)
    assert sum(e["language"] == "en" for e in EXPECTATIONS) >= 70
    first = page_set("realpages").expectations
    used = {(e["source"]["repo"], e["source"]["path"]) for e in first}
    for e in EXPECTATIONS:
        src = e["source"]
        assert LICENCES[src["repo"]] == src["licence"]
        assert re.fullmatch(r"[0-9a-f]{40}", src["commit"])
        assert (src["repo"], src["path"]) not in used, e["id"]
        assert (DATA / e["file"]).is_file()


@pytest.mark.parametrize("expect", EXPECTATIONS, ids=[e["id"] for e in EXPECTATIONS])
def test_expectations_are_well_formed_and_the_headline_is_on_the_page(expect):
    for d in [expect["date_published"], *expect["date_variants"]]:
        if d is not None:
            datetime.date.fromisoformat(d)
    assert isinstance(expect["authors"], list) and all(isinstance(a, str) and a for a in expect["authors"])
    assert "fixture" in expect  # the source's own answer, kept next to any correction
    raw = (DATA / expect["file"]).read_text(encoding="utf-8", errors="replace")
    tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw))
    text = rp.norm(" ".join(tree.xpath("//text()") + tree.xpath("//meta/@content")))
    text += " " + rp.norm(tree.text_content())  # inline elements joined without a space
    assert any(rp.norm(h) in text for h in [expect["headline"], *expect["headline_variants"]]), expect[
        "headline"
    ]
    for f in expect["furniture"]:
        assert rp.norm(f) in text, f
    for entry in expect["speakers"]:
        assert rp.norm(entry["text"]) in text, entry["text"]


def test_headline_floor(measured):
    s, _ = measured
    assert s["headline_right"] >= 89, f"headline right on {s['headline_right']}/{s['pages']} pages"


def test_bylines_floor(measured):
    s, _ = measured
    assert s["bylines_right"] >= 88, f"bylines right on {s['bylines_right']}/{s['pages']} pages"


def test_dates_floor(measured):
    s, _ = measured
    assert s["dates_right"] >= 89, f"dates right on {s['dates_right']}/{s['pages']} pages"


def test_speakers_floor(measured):
    # 80 hand-labelled sentences on 11 English pages (held out: P 0.985, R 0.889; R 0.958 since
    # realpages3's speaker rules: "quipped Pitt of his role", "Speaking through an interpreter he added;")
    s, _ = measured
    assert s["speaker_entries_expected"] >= 70
    assert s["speaker_precision"] >= 0.98, f"speaker precision {s['speaker_precision']}"
    assert s["speaker_recall"] >= 0.95, f"speaker recall {s['speaker_recall']}"


def test_every_page_gives_claims(measured):
    _, results = measured
    assert len(results) == len(EXPECTATIONS) and all(r.claims > 0 for r in results)


# --------------------------------------------------------------------------
# The rules added with this set, on made-up pages
# --------------------------------------------------------------------------


def meta_of(html: str, url: str = "https://www.example-news.com/a/1"):
    from articles.text.htmlmeta import page_metadata

    return page_metadata(lxml.html.document_fromstring(html), url=url)


def test_headline_is_the_part_of_the_h1_marked_as_the_headline():
    m = meta_of(
        "<html><head><title>x</title></head><body><article><h1><span class='article__subheadline'>Open Progress</span>"
        "<br><span itemprop='headline' class='article__headline'>Why thinking together beats smarts</span></h1>"
        "<p>Text.</p></article></body></html>"
    )
    assert m.headline == "Why thinking together beats smarts"
    m = meta_of(
        "<html><body><article><h1><span class='ts-overline'>Abstand und Fieber </span><span class='ts-colon'>: </span>"
        "<span class='ts-headline'>Wie Firmen ihre Leute schützen</span></h1></article></body></html>"
    )
    assert m.headline == "Wie Firmen ihre Leute schützen"  # no ": " left from the kicker


def test_a_kicker_removed_leaves_no_leading_colon():
    m = meta_of(
        "<html><body><article><h1><span class='kicker'>Corona</span><span>: </span><span>Die Lage am Montag</span>"
        "</h1></article></body></html>"
    )
    assert m.headline == "Die Lage am Montag"


def test_a_link_to_the_site_inside_the_h1_is_not_part_of_the_headline():
    m = meta_of(
        "<html><body><h1><span class='define'>Anticorrupción decidirá si recurre</span>"
        "<a href='/mallorca.html'>Ultima Hora Mallorca</a></h1></body></html>",
        url="http://ultimahora.es/mallorca/noticia/1.html",
    )
    assert m.headline == "Anticorrupción decidirá si recurre"


def test_bylines_glued_by_nicknames_more_and_generic_wording():
    from articles.text.htmlmeta import clean_authors

    assert clean_authors("ByAlex Bozarjian") == (["Alex Bozarjian"], [])
    assert clean_authors("ByJ.R. Stone") == (["J.R. Stone"], [])
    assert clean_authors("Byron Smith") == (["Byron Smith"], [])  # a name starting with "By" stays
    assert clean_authors("Richard (R.J.) Eskow") == (["Richard R.J. Eskow"], [])
    assert clean_authors("More Richard (R.J.) Eskow.") == (["Richard R.J. Eskow"], [])
    assert clean_authors("Staff and news service reports") == ([], [])
    assert clean_authors("Staff; News Service Reports") == ([], [])  # trafilatura's joined form
    assert clean_authors("From wire reports") == ([], [])
    assert clean_authors("Jane Doe and Staff") == (["Jane Doe"], [])
    assert clean_authors("Reuters") == ([], ["Reuters"])


def test_the_copyright_holder_in_the_author_meta_is_not_an_author():
    m = meta_of(
        '<html><head><meta name="author" content="Condé Nast"><meta property="article:author" content="Tom Bennett">'
        "</head><body><h1>West Bank</h1><p>Text.</p><footer><p>© 2023 Condé Nast. All rights reserved.</p></footer>"
        "</body></html>"
    )
    assert m.authors == ["Tom Bennett"]


def test_agency_in_og_article_author_kept_when_no_person_and_the_site_dropped():
    m = meta_of(
        '<html><head><meta property="og:site_name" content="The Local"><meta property="og:article:author" '
        'content="AFP/The Local"></head><body><h1>Tattoo story</h1></body></html>',
        url="https://www.thelocal.se/20200428/x",
    )
    assert m.byline == "AFP"


def test_commenters_hidden_players_and_author_popovers_are_not_bylines():
    m = meta_of(
        "<html><body><h1>Transit data rejected</h1><div class='post-head'>Written by Miami Today</div>"
        "<div class='widget widget_recent_comments'><ul><li><span class='comment-author-link'>Bill Osborne</span> on"
        " <a>Stadium</a></li></ul></div></body></html>"
    )
    assert m.authors == []
    m = meta_of(
        "<html><body><h1>Zuckerberg's plans</h1><span class='author'>by Steven Musil</span>"
        "<div class='videoPlayer' style='display: none'><span class='author'>by Patrick Holland</span></div></body></html>"
    )
    assert m.authors == ["Steven Musil"]
    m = meta_of(
        "<html><head><meta name='dc.creator' content='Elizabeth Gibney'></head><body><h1>Telescope</h1>"
        "<div class='author-affiliations'><h3>Elizabeth Gibney</h3><div class='tab-content' role='tabpanel'>"
        "<h4>Search for this author in:</h4><ul><li><a>Pub Med</a></li><li><a>Google Scholar</a></li></ul></div></div>"
        "</body></html>"
    )
    assert m.authors == ["Elizabeth Gibney"]


def test_itemprop_date_published_before_a_json_ld_creation_time_and_teasers_pubdate():
    m = meta_of(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Coup",'
        ' "dateCreated": "2017-11-17T10:41:09Z"}</script></head><body><h1>Coup</h1>'
        '<time itemprop="datePublished" datetime="2017-11-16T14:15+0000">16 November 2017 2:15pm</time>'
        '<ul><li><time pubdate datetime="2017-11-21T06:17:38">21 Nov</time></li></ul></body></html>'
    )
    assert m.published == datetime.date(2017, 11, 16)


def test_a_published_time_equal_to_the_modified_time_gives_way_to_the_shown_publication():
    head = (
        '<meta property="article:published_time" content="2024-12-07T12:43:39.889Z">'
        '<meta property="article:modified_time" content="2024-12-07T12:43:46.379Z">'
    )
    m = meta_of(
        f"<html><head>{head}</head><body><h1>Impeachment fails</h1><div class='article-date'>"
        "Dec. 6, 2024, 10:00 PM UTC / Updated Dec. 7, 2024, 12:43 PM UTC</div></body></html>"
    )
    assert m.published == datetime.date(2024, 12, 6)
    # never updated: published == modified, an earlier CMS stamp the page does not show is ignored
    m = meta_of(
        '<html><head><meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
        '<meta property="article:modified_time" content="2020-02-19T18:37:32+01:00">'
        '<meta itemprop="datePublished" content="2020-02-18T18:12:26+01:00"></head><body><h1>Antártida</h1>'
        "<div class='date'>19 FEB 2020 - 18:37 CET</div></body></html>"
    )
    assert m.published == datetime.date(2020, 2, 19)


def test_a_utc_stamp_keeps_its_day_when_the_byline_shows_it_whatever_the_masthead_says():
    from articles.text.parse import parse_html

    body = (
        "<p>"
        + "A sex ring catering to wealthy clients was busted in Boston, police said on Wednesday. " * 4
        + "</p>"
    )
    html = (
        '<html><head><meta property="article:published_time" content="2023-11-08T21:56:18+00:00"></head><body>'
        "<div class='masthead-date'>Thursday, November 9th 2023</div><article><h1>Brothel busted</h1>"
        "<div class='byline'>By Grace Zokovitch</div><div class='dateline-time'>PUBLISHED: November 8, 2023 at "
        f"4:56 p.m.</div>{body}</article></body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2023, 11, 8)
    # a late-evening story in the Americas: the shown day is the day before the UTC one
    late = html.replace("2023-11-08T21:56:18", "2023-11-09T04:56:18")
    assert parse_html(late).published_on == datetime.date(2023, 11, 8)


def test_a_utc_time_element_takes_the_day_it_shows():
    from articles.text.parse import parse_html

    body = (
        "<p>"
        + "The unmanned Russian cargo ship broke up over Siberia minutes after the launch. " * 4
        + "</p>"
    )
    html = (
        "<html><body><article><h1>Space ship breaks up</h1><time class='date' datetime='2016-12-01T23:29:49.000Z'>"
        f"December 2, 2016</time>{body}</article></body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2016, 12, 2)


def test_furniture_ceiling(measured):
    # A lower bound (the furniture strings come from reading the short or suspicious claims):
    # 247 claims (5.73%) before the fixes that came with this set; 1.19% before realpages3's rules.
    s, _ = measured
    assert s["furniture_pct"] <= 0.7, f"{s['furniture_claims']} furniture claims = {s['furniture_pct']}%"


def _pruned_text(html: str) -> str:
    from articles.text.furniture import prune

    tree = lxml.html.document_fromstring(html)
    prune(tree)
    return " ".join(tree.text_content().split())


STORY = "<p>" + "The hotel bosses said the towels might not be as clean as they look to guests. " * 8 + "</p>"


def test_a_photo_gallery_beside_the_story_is_furniture_even_when_its_captions_outweigh_it():
    slides = "".join(
        f"<li data-gallery-legend='{i}'><h2>{i}/50 Slide</h2><p>{'A long caption about a business story. ' * 5}</p></li>"
        for i in range(1, 30)
    )
    html = f"<html><body><article><h1>Hotel secrets</h1>{STORY}<ul class='legends'>{slides}</ul></article></body></html>"
    text = _pruned_text(html)
    assert "towels" in text and "1/50 Slide" not in text
    # a gallery holding the story itself (no story text outside it) is kept
    html = f"<html><body><div class='gallery'><h1>Photo story</h1>{STORY}</div></body></html>"
    assert "towels" in _pruned_text(html)


def test_a_block_opened_by_a_teaser_heading_is_furniture():
    teasers = "<div class='item'><h4><a href='/x'>Fraser's lasting legacy</a></h4><p>MALCOLM Fraser was an effective PM.</p></div>"
    html = (
        f"<html><body><article><h1>Angry media</h1>{STORY}</article><div class='group'><div class='group-header'>"
        f"<h2 class='heading'>Other Opinion Columns</h2></div><div class='group-content'>{teasers}</div></div></body></html>"
    )
    text = _pruned_text(html)
    assert "towels" in text and "MALCOLM Fraser" not in text
    html = f"<html><body><article><h1>X</h1>{STORY}<h2>The economy</h2>{STORY}</article></body></html>"
    assert _pruned_text(html).count("towels") == 16  # an ordinary subheading opens nothing


def test_amp_overlays_and_latest_news_lists_in_other_languages_are_furniture():
    html = (
        f"<html><body><article><h1>Fine for false reports</h1>{STORY}</article><amp-lightbox id='bookmark-lightbox'>"
        "<h3>Subscribe to Independent Premium to bookmark this article</h3></amp-lightbox>"
        "<div id='notas-ultimasNoticias'><ul><li><h3>Un dirigente del Partido Obrero dijo algo</h3></li></ul></div></body></html>"
    )
    text = _pruned_text(html)
    assert "towels" in text and "Independent Premium" not in text and "Partido Obrero" not in text


def test_a_book_excerpt_copyright_line_is_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture(
        "From the book The Great Democracy by Ganesh Sitaraman. Copyright © 2019 by Ganesh Sitaraman. "
        "Reprinted by permission of Basic Books, New York, NY. All rights reserved."
    )
    assert is_furniture("™ & © 2013 Cable News Network, Inc., a Time Warner Company. All rights reserved.")
    assert not is_furniture(
        "The company said it owns the copyright and that all rights reserved by the band were sold."
    )


def test_a_bare_by_line_after_the_headline_is_the_byline():
    m = meta_of(
        "<html><body><h1>US-Sport in Zeiten von Corona</h1><div class='item-caption'><span class='teaser-cat'>"
        "von Andreas Kürten</span><p>New York ist das Epizentrum.</p></div>"
        "<div class='teaser'><span>von Jemand Anderem</span></div></body></html>"
    )
    assert m.authors == ["Andreas Kürten"]
    m = meta_of(
        "<html><body><h1>Headline here</h1><p>By the end of the year prices rose.</p><p>Text.</p></body></html>"
    )
    assert m.authors == []  # a sentence starting with "By" is not a byline


def test_a_byline_or_sign_off_line_inside_the_text_is_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture("By Nada Tawfik, BBC News, New York")
    assert is_furniture("-- By Michael Russell")
    assert is_furniture("(Alexandre Hervaud)") and is_furniture("(A.H.)")
    assert not is_furniture("By Christmas Eve, shops were empty")
    assert not is_furniture("By then, the damage was done.")
