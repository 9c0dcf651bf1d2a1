"""articles/text/furniture.py: page furniture removed by markup and by wording, article text kept."""

import lxml.html
import pytest

from articles.text.furniture import is_furniture, is_time_line, prune


@pytest.mark.parametrize(
    "line",
    [
        "View this post on Instagram",
        "A post shared by Jane Doe (@jane) on Mar 3, 2020 at 10:41am PST",
        "Photograph: Jane Doe/AP",
        "Boris Johnson arrives in Downing Street (Getty Images)",
        "Get The Times of Israel's Daily Edition by email and never miss our top stories",
        "Updated 10:41 a.m. ET, Tue March 3, 2020",
        "Stand: 28.04.2020 18:00 Uhr",
        "***",
        "Share this article",
        "Facebook Twitter Email",
        "Read more: Why the deal failed",
        "Advertisement",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly",
        "Caroline Hawley, BBC diplomatic correspondent",
        "(Graphic: Global assets in 2019 - here)",
        "Follow AP's full coverage of Brexit at https://apnews.com/Brexit",
        "SOURCE: Al Jazeera and news agencies",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday.",
        "Shares of Apple fell 3% after the report.",
        "Related charges were filed against him in 2019.",
        "Copyright law changed in 2019.",
        "Sign up rates for the program fell today.",
        "The president spoke on March 3, 2020, in Ohio.",
        "See more evidence below, the lawyer said.",
        "Jane Doe is a reporter, the court heard.",
        "He said the photo was fake and the caption misleading.",
        "Source: the ministry said the plan would fail.",
    ],
)
def test_article_sentences_are_not_furniture(line):
    assert not is_furniture(line)


def test_bio_only_at_the_end():
    bio = "Jane Doe is a reporter at the Example Post covering health."
    assert is_furniture(bio, last=True)
    assert not is_furniture(bio, last=False)


def test_time_lines():
    assert is_time_line("10:41") and is_time_line("10:41 a.m. ET") and is_time_line("14.35 Uhr")
    assert not is_time_line("10:41 a.m. The minister arrived.")
    assert not is_furniture("10:41")  # kept: a live-blog entry's time


def _page(body: str):
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def test_prune_by_markup_keeps_the_article():
    paragraphs = "".join(f"<p>Real paragraph number {i} with enough words to count as text.</p>" for i in range(8))
    tree = _page(
        '<article><h1 class="share-title">Headline</h1>'
        f'<div class="article-body share-enabled">{paragraphs}</div>'
        "<figure><img src=x><figcaption>A caption (Getty Images)</figcaption></figure>"
        '<div class="related-links"><a href="/a">Other story</a></div>'
        '<div data-component="newsletter-signup">Sign up now</div>'
        "<aside>Most read</aside>"
        '<p><a href="/b">Sean Spicer eliminated from the show</a></p>'
        '<ul><li><a href="/c">One link</a></li><li><a href="/d">Two link</a></li></ul>'
        "</article>"
    )
    h1 = tree.find(".//h1")
    assert prune(tree, keep=[h1]) >= 5
    text = tree.text_content()
    for gone in ("A caption", "Other story", "Sign up now", "Most read", "Sean Spicer", "One link"):
        assert gone not in text
    assert "Headline" in text  # protected, though its class says "share"
    assert text.count("Real paragraph number") == 8  # "share-enabled" article body: most of the text, kept


def test_prune_keeps_paragraphs_with_a_link_inside_text():
    tree = _page('<p>The <a href="/x">minister said</a> the plan would cost more than expected.</p>')
    prune(tree)
    assert "would cost more" in tree.text_content()


def test_prune_keeps_a_mislabelled_wrapper_whose_paragraphs_are_divs():
    # CNN sets paragraphs in <div class="zn-body__paragraph"> inside a "rail" wrapper; an
    # ASP.NET page wraps the whole page in a <form>. Neither is furniture: they hold the article.
    story = "".join(
        f'<div class="zn-body__paragraph">Stocks in Asia fell {i} percent on Tuesday as trade talks stalled again.</div>'
        for i in range(8)
    )
    tree = _page(f'<div class="pg-rail-tall__wrapper">{story}</div><div class="pg-rail">Most popular</div>')
    prune(tree)
    text = tree.text_content()
    assert text.count("Stocks in Asia fell") == 8
    assert "Most popular" not in text  # a small rail is still furniture

    paragraphs = "".join(f"<p>Paragraph {i} of the report says two soldiers were killed in the crash.</p>" for i in range(8))
    tree = _page(f'<form id="aspnetForm"><div class="main">{paragraphs}</div></form><form><input name="q">Search</form>')
    prune(tree)
    text = tree.text_content()
    assert text.count("Paragraph") == 8
    assert "Search" not in text


def test_prune_drops_furniture_with_long_text_when_it_is_a_small_share():
    paragraphs = "".join(f"<p>Paragraph {i} of the report says two soldiers were killed in the crash.</p>" for i in range(8))
    promo = '<div class="related">' + "A related story with a long teaser sentence that runs on and on. " * 2 + "</div>"
    tree = _page(f"<article>{paragraphs}{promo}</article>")
    prune(tree)
    assert "related story" not in tree.text_content()


def test_prune_keeps_numbered_item_titles_that_are_links():
    tree = _page(
        '<p><a href="/x">1. The economy is growing</a></p><p>Text of the first item, with words.</p>'
        '<p><a href="/y">Sean Spicer eliminated from the show</a></p>'
    )
    prune(tree)
    text = tree.text_content()
    assert "1. The economy is growing" in text
    assert tree.find(".//a[@href='/x']") is None  # unwrapped: plain text the extractor keeps
    assert "Sean Spicer" not in text


def test_prune_on_a_page_of_paragraphs_a_sidebar_of_long_lines_is_still_furniture():
    # The prose measure (long <div> text) is only for pages that set little text in <p>: on a
    # page of <p> paragraphs a sidebar full of long lines (PHP warnings, comment lists) goes.
    story = "".join(f"<p>Paragraph {i} of a short post about the dog Leo, who came to us last year.</p>" for i in range(6))
    junk = "".join(f"<div>Warning: use of undefined constant comments in /htdocs/plugin.php on line {i}</div>" for i in range(20))
    tree = _page(f'<div class="post">{story}</div><div class="sidebar">{junk}</div>')
    prune(tree)
    text = tree.text_content()
    assert text.count("Paragraph") == 6
    assert "Warning" not in text
