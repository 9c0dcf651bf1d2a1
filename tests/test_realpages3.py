"""The third real-page set (tests/data/realpages3/): 40 saved pages from Postlight Parser's test
fixtures that were not used while the rules were written, with headline, byline, date, furniture
strings and 48 speaker labels written by reading the pages (Postlight's own answers kept in
``fixture``).

Held-out figures, before any rule was changed for this set: headline 38/40, bylines 26/40, dates
36/40, furniture >= 2.30% of claims (39 of 1,693), speakers precision 0.951, recall 0.848. The floors
below are the rates reached after the general fixes that came with it (39, 37, 39 of 40; 0.66%;
1.000 / 0.935). Reproduce with
``.venv/bin/python bench/realpages.py --set realpages3 --verbose``.

The HTML pages are not committed (tests/data/README.md says how to restore them): the measurements
skip without them; the expectations' form and the rules' own tests (on small made-up inputs) always run.
"""

from __future__ import annotations

import datetime
import re

import lxml.html

from .realpages_support import page_set, rp

PAGES = page_set("realpages3")
DATA, EXPECTATIONS, HAVE_PAGES = PAGES.data, PAGES.expectations, PAGES.have_pages
needs_pages = PAGES.needs_pages


def test_set_size_sources_and_no_overlap_with_the_other_sets():
    assert len(EXPECTATIONS) >= 30
    assert len({e["id"] for e in EXPECTATIONS}) == len(EXPECTATIONS)
    assert sum(e["language"] != "en" for e in EXPECTATIONS) >= 4
    others = []
    for name in ("realpages", "realpages2"):
        others += page_set(name).expectations
    used = {(e["source"]["repo"], e["source"]["path"]) for e in others}
    headlines = {rp.norm(e["headline"]).casefold() for e in others}
    for e in EXPECTATIONS:
        src = e["source"]
        assert src["repo"] == "postlight/parser" and src["licence"] == "MIT OR Apache-2.0"
        assert re.fullmatch(r"[0-9a-f]{40}", src["commit"])
        assert (src["repo"], src["path"]) not in used, e["id"]
        assert rp.norm(e["headline"]).casefold() not in headlines, e["id"]
        for d in [e["date_published"], *e["date_variants"]]:
            if d is not None:
                datetime.date.fromisoformat(d)
        assert isinstance(e["authors"], list) and all(isinstance(a, str) and a for a in e["authors"])
        assert "fixture" in e
    labelled = [s for e in EXPECTATIONS for s in e["speakers"]]
    assert len(labelled) >= 40 and sum(bool(s["speaker"]) for s in labelled) >= 40


# the expected strings on each page and the floors of the rates reached (tests/realpages_support.py)
globals().update(PAGES.floor_tests(headline=39, bylines=37, dates=39, furniture_pct=0.7, speakers=40, precision=0.99, recall=0.93, meta_value=True))


# --------------------------------------------------------------------------
# The general rules added with this set (found on realpages2 and realpages3), on made-up inputs
# --------------------------------------------------------------------------


def test_a_caption_closed_by_its_photo_credit_is_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture("The basement at 80 New York. (Scott Heins/Gothamist)")
    assert is_furniture("(Mike Cason/mcason@al.com)")
    assert is_furniture("Propaganda looked cooler in 1952. (Public domain)")
    assert is_furniture("(Credit: Clayton Aldern / Grist)")
    assert is_furniture("Top photo by Joan Bardeletti") and is_furniture("Featured image by Alberto Riva/The Points Guy.")
    assert is_furniture("Gallery: Coronavirus outbreak around the world (Photo Services)")
    # a sentence with a slash in brackets is not a caption
    assert not is_furniture("The bill passed 52-48 (Senate/House conference).")
    assert not is_furniture("He was at home (in Brooklyn).")


def test_file_names_counters_and_labels_are_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture("skimming scheme seized cash and cards.jpg")
    assert is_furniture("28,25,140Cases") and is_furniture("24,942 1490Active")
    assert not is_furniture("1. Finland")  # a list article's item title
    assert not is_furniture("In 2020, 1,200 people died.")
    assert is_furniture("HOPE AND LOSS: Your coronavirus stories")
    assert not is_furniture("WASHINGTON: The Senate passed the bill on Monday.")
    for label in ("UPDATES:", "MORE ON EDUCATION", "More on coronavirus:", "Read more from Jennifer Rubin:",
                  "Highlights", "ARTICLES", "Top Searches", "From the section US & Canada"):
        assert is_furniture(label), label
    assert not is_furniture("More on that later.")
    assert not is_furniture("News of the deal broke on Monday.")


def test_social_handles_contacts_and_update_notes_are_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture("Twitter: @howardblume")
    assert is_furniture("On Twitter: Follow Wendy Koch and get more environment and energy coverage at NatGeoEnergy.")
    assert is_furniture("Follow us: Google News | NewsBreak | Reddit | Instagram | Facebook | Twitter")
    assert is_furniture(
        "Grierson & Leitch write about the movies for the New Republic. Follow them on Twitter @griersonleitch.", last=True
    )
    assert not is_furniture("Trump asked his supporters to follow him on Twitter during the campaign.", last=False)
    assert is_furniture("kokobj@yna.co.kr") and is_furniture("(END)")
    assert is_furniture("This story has been updated with additional developments.")
    assert is_furniture("2:58 p.m.: This article was updated to add the potential cost of the shutdown.")
    assert is_furniture("Article mis à jour le 7 janvier 2020.")
    assert is_furniture("LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR", last=True)


def test_newsletter_promos_are_furniture_in_several_languages():
    from articles.text.furniture import is_furniture

    assert is_furniture("Get Data Sheet, Fortune’s technology newsletter")
    assert is_furniture(
        "CNN will soon launch Royal News, a weekly newsletter bringing you the inside track. Sign up here."
    )
    assert is_furniture(
        "Si vous êtes abonné, vous pouvez vous inscrire à cette lettre quotidienne (newsletter) en suivant ce lien."
    )
    assert is_furniture(
        "[Alle wichtigen Updates finden Sie im kostenlosen Tagesspiegel-Newsletter. Zur Anmeldung geht es hier.]"
    )
    assert is_furniture("Puede seguirnos en Twitter o suscribirse aquí a nuestra newsletter.")
    # a sentence about a newsletter, with no invitation to the reader, stays
    assert not is_furniture("The company said 2 million people subscribe to its newsletter.")


def test_spanish_and_portuguese_week_days_make_a_date_line():
    from articles.text.furniture import is_furniture

    assert is_furniture("Miércoles, 04 de Mayo de 2022")
    assert is_furniture("28 de mayo de 2020")  # "mayo" whole, not "may" + "o"
    assert is_furniture("Quarta-feira, 6 de maio de 2020")


def test_speaker_after_the_verb_before_a_prepositional_phrase():
    from articles.text.speaker import find_speaker

    assert find_speaker("“It was a difficult part,” quipped Pitt of his role.") == "Pitt"
    assert find_speaker("“It was a difficult part,” joked Brad Pitt about the film.") == "Brad Pitt"
    assert find_speaker("He said of the plan that it was bold.") == "he"


def test_speaker_before_an_appositive_that_opens_with_a_company_name():
    from articles.text.speaker import find_speaker

    s = (
        "The incident shows how a single anomaly can become a major setback, Jim Cantrell, "
        "Vector Space Systems CEO and a founding member of SpaceX, told NBC News."
    )
    assert find_speaker(s) == "Jim Cantrell"
    # an all-capitalised span between commas is still a name, not an appositive
    assert find_speaker("The plan is bold, Ukraine’s foreign minister, Andrii Sybiha, said.") == "Andrii Sybiha"


def test_a_participle_phrase_before_the_pronoun_and_a_verb_in_a_leading_subordinate_clause():
    from articles.text.speaker import attribute_speakers, find_speaker

    assert find_speaker("Speaking through an interpreter he added; “It is true that the momentum is building.") == "he"
    assert find_speaker("When she said no, Roof told her: “I'm not going to.") == "Roof"
    assert find_speaker("When Smith said no, the deal collapsed.") == "Smith"  # no other verb: unchanged
    sentences = [
        "“Parasite” director Bong Joon Ho said backstage that no-one could predict the Oscars.",
        "Speaking through an interpreter he added; “It is true that the momentum is building.",
    ]
    assert attribute_speakers(sentences) == ["Bong Joon Ho", "Bong Joon Ho"]


def meta_of(html: str, url: str = "https://www.example-news.com/a/1"):
    from articles.text.htmlmeta import page_metadata

    return page_metadata(lxml.html.document_fromstring(html), url=url)


def test_bylines_glued_roles_handles_doubled_by_and_photo_credits():
    from articles.text.htmlmeta import clean_authors

    assert clean_authors("By Howard BlumeStaff Writer") == (["Howard Blume"], [])
    assert clean_authors("Tom DiChristopher@tdichristopher , WATCH LIVE") == (["Tom DiChristopher"], [])
    assert clean_authors("Mike Cason | mcason@al.com") == (["Mike Cason"], [])  # an address is not glued to a name
    assert clean_authors("Byby JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL")[0] == [
        "Josh Haskell", "David Caplan", "Patrick Reevell"
    ]
    assert clean_authors("Byron Smith") == (["Byron Smith"], [])
    assert clean_authors("Jennifer Van Grove , Follow Us")[0] == ["Jennifer Van Grove"]
    assert clean_authors("Sam Stein Senior Politics Editor, The Huffington Post")[0] == ["Sam Stein"]
    assert clean_authors("Photograph by Tyrone Turner, National Geographic Creative") == ([], [])


def test_a_byline_split_by_source_line_breaks_and_one_name_of_several():
    m = meta_of(
        "<html><body><article><h1>Stadium operator sought</h1><div class='ArticlePage-authorName'>"
        "<span>By&nbsp;</span><span>Jennifer\n   Van Grove</span></div><p>Text.</p></article></body></html>"
    )
    assert m.authors == ["Jennifer Van Grove"]
    m = meta_of(
        "<html><body><article><h1>Bombing suspect arrested</h1><p><span class='byline-prefix'>By </span>"
        "<span itemprop='name'><a>Marc Santora</a>, </span><span itemprop='name'><a>Al Baker</a></span> and "
        "<span class='last-byline' itemprop='name'><a>Adam Goldman</a></span></p><p>Text.</p></article></body></html>"
    )
    assert m.authors == ["Marc Santora", "Al Baker", "Adam Goldman"]


def test_a_teasers_byline_further_down_is_not_a_co_author():
    teasers = "".join(
        f"<div class='card'><div class='c'><div class='d'><div class='e'><div class='f'><h3>Story {i}</h3>"
        f"<div class='byline'><span class='byline-author'>{name}</span></div></div></div></div></div></div>"
        for i, name in enumerate(("Louis Hochman", "James Ramsay"))
    )
    m = meta_of(
        "<html><body><div class='page'><article><h1>Fallout shelters are gone</h1><div class='byline'>by "
        f"<span class='byline-author'>Nathan Tempey</span></div><p>Text.</p></article></div>"
        f"<div class='more'><div class='list'>{teasers}</div></div></body></html>"
    )
    assert m.authors == ["Nathan Tempey"]


def test_a_layout_with_a_rail_and_an_author_link_in_the_articles_aside_are_bylines():
    m = meta_of(
        "<html><body class='layout layout-with-rail'><section class='layout__top layout-with-rail__top'>"
        "<h1>Why Trump won't change</h1><div class='byline'>By Stephen Collinson, CNN</div></section>"
        "<div class='rail'><div class='byline'>By Someone Else</div></div></body></html>"
    )
    assert m.authors == ["Stephen Collinson"]
    m = meta_of(
        "<html><body><article><h1>Standing Rock protesters hold out</h1><aside><address>"
        "<a rel='author' href='/profile/jcw'>Julia Carrie Wong</a> and <a rel='author' href='/profile/sl'>Sam Levin</a>"
        "</address></aside><p>Text.</p></article><aside class='sidebar'><a rel='author'>Not Her</a></aside></body></html>"
    )
    assert m.authors == ["Julia Carrie Wong", "Sam Levin"]


def test_the_headline_among_several_h1_section_labels():
    m = meta_of(
        "<html><head><title>Miami-area CEOs are asked: when did you take public transit? | Miami Herald</title></head>"
        "<body><h1>Business Monday</h1><h1>From Metrorail to bike paths, this is what CEOs think of public transit</h1>"
        "<p>Text.</p><h1>Related content</h1></body></html>"
    )
    assert m.headline == "From Metrorail to bike paths, this is what CEOs think of public transit"


def test_the_date_shown_under_the_headline_when_the_page_has_no_date_markup():
    from articles.text.parse import parse_html

    body = "<p>" + "Hillary Clinton told donors that Putin holds a grudge against her, the donors said. " * 4 + "</p>"
    html = (
        "<html><body><article><h1>Clinton: Putin's personal beef</h1><div class='ShareByline'><div>By JOSH HASKELL"
        f"</div><div>December 16, 2016, 4:19 PM</div></div>{body}<footer>Posted December 15, 2016</footer></article>"
        "</body></html>"
    )
    assert parse_html(html).published_on == datetime.date(2016, 12, 16)


def test_a_french_body_byline_line_is_furniture():
    from articles.text.furniture import is_furniture

    assert is_furniture("Un texte de Frédéric Zalac d'Enquête")
    assert not is_furniture("Un texte de la semaine dernière montre que le juge a menti.")
