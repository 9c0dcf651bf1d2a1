"""articles/text/htmlmeta.py: headline, authors and published date from a page's markup."""

import datetime

import lxml.html
import pytest

from articles.text.htmlmeta import clean_authors, element_text, page_metadata, strip_site_name


def meta_of(html: str, **kw):
    return page_metadata(lxml.html.document_fromstring(html), **kw)


@pytest.mark.parametrize(
    ("title", "site", "url", "want"),
    [
        ("Trump signs the bill | CNN Politics", "CNN", "", "Trump signs the bill"),
        ("Flooding hits Wales - BBC News", "BBC News", "", "Flooding hits Wales"),
        ("How Can We Plan for the Future? — The Atlantic", "The Atlantic", "", "How Can We Plan for the Future?"),
        ("Apple kippt Pläne - mobilsicher.de", "", "https://mobilsicher.de/x", "Apple kippt Pläne"),
        ("Brexit - what happens next", "BBC News", "", "Brexit - what happens next"),  # not the site: kept
        ("Coronavirus: the latest", "", "", "Coronavirus: the latest"),
    ],
)
def test_strip_site_name(title, site, url, want):
    assert strip_site_name(title, site=site, url=url) == want


@pytest.mark.parametrize(
    ("raw", "people", "orgs"),
    [
        ("By Jane Doe", ["Jane Doe"], []),
        ("null", [], []),
        ("No Author", [], []),
        ("Staff", [], []),
        ("CBS News February 3, 2020", [], ["CBS News"]),
        ("Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR", ["Volkmar Kabisch", "Jan Lukas Strozyk", "Benedikt Strunz"], ["NDR"]),
        ("By ALLY MUTNICK", ["Ally Mutnick"], []),
        ("By Robert Burns, AP National Security Writer", ["Robert Burns"], []),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)", ["Martin Untersinger", "Damien Leloup", "Morgane Tual"], []),
        ("Analysis by Chris Cillizza", ["Chris Cillizza"], []),
        ("Reuters", [], ["Reuters"]),
        ("By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", ["Matthew Digby", "Minh Do"], []),
        ("By Theresa May", ["Theresa May"], []),
        ("CBS News February", [], ["CBS News"]),
        ("Фото из Инстаграма Лукаша Подольски", [], []),
    ],
)
def test_clean_authors(raw, people, orgs):
    assert clean_authors(raw) == (people, orgs)


def test_element_text_ends_lines_at_blocks_and_breaks():
    el = lxml.html.fragment_fromstring("<div><p>Summary</p><p>Estimating<br>costs</p><span>in</span>line</div>")
    assert element_text(el).split() == ["Summary", "Estimating", "costs", "inline"]
    assert "SummaryEstimating" not in element_text(el)


PAGE = """<html><head>
<title>Senate passes the budget | Example Politics</title>
<meta property="og:title" content="Budget passes after all-night session">
<meta property="og:site_name" content="Example">
<meta name="author" content="null">
<meta property="article:modified_time" content="2020-03-05T10:00:00-05:00">
<meta property="article:published_time" content="2020-03-04T02:30:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Jane Doe"}]}</script>
</head><body>
<header><h1 class="site-logo">Example</h1></header>
<article><h1><span class="kicker">Politics</span> <span>Senate passes the budget</span></h1>
<div class="byline">By Jane Doe and John Roe</div><p>Text.</p></article>
</body></html>"""


def test_page_metadata_headline_authors_and_local_date():
    m = meta_of(PAGE)
    assert m.title == "Senate passes the budget"  # the visible h1, not og:title; no logo, no kicker
    assert m.authors == ["Jane Doe", "John Roe"]  # the visible byline adds the co-author
    assert m.byline == "Jane Doe, John Roe"
    assert m.published == datetime.date(2020, 3, 3)  # 02:30 UTC is the evening before at -05:00


def test_published_preferred_over_modified_and_jsonld_used():
    html = (
        '<html><head><meta property="article:modified_time" content="2021-01-02T10:00:00+01:00">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "H",'
        ' "datePublished": "2021-01-01T09:00:00+01:00", "dateModified": "2021-01-02T10:00:00+01:00"}]}</script>'
        "</head><body><p>x</p></body></html>"
    )
    m = meta_of(html)
    assert m.published == datetime.date(2021, 1, 1)
    assert m.title == "H"


def test_hidden_h1_is_not_the_headline_and_titles_are_fallbacks():
    html = (
        '<html><head><title>Real story here today - Site</title><meta property="og:site_name" content="Site"></head>'
        '<body><h1 class="sr-only">Hauptmenü</h1><p>x</p></body></html>'
    )
    assert meta_of(html).title == "Real story here today"


def test_organisation_only_when_no_person_and_never_the_site():
    html = (
        '<html><head><meta property="og:site_name" content="Reuters"><meta name="author" content="Reuters">'
        "</head><body><p>x</p></body></html>"
    )
    assert meta_of(html).byline == ""
    html = html.replace('content="Reuters"><meta', 'content="The Daily Example"><meta')
    assert meta_of(html).byline == "Reuters"
    html = html.replace('content="Reuters">', 'content="Reuters, Jane Doe">')
    assert meta_of(html).byline == "Jane Doe"


def test_utc_stamp_moved_into_a_visible_time_zone():
    html = (
        '<html><head><meta property="article:published_time" content="2019-11-20T02:07:18Z"></head><body>'
        '<div class="timestamp">Updated 12:24 am EST, Wednesday, November 20, 2019</div><p>x</p></body></html>'
    )
    assert meta_of(html).published == datetime.date(2019, 11, 19)


def test_byline_and_date_in_one_line_without_author_markup():
    # A fact-check page: the rated claim's date comes first on the page, the byline's date is the
    # article's; the byline sits in a <p class="article__meta"> with no author markup.
    m = meta_of(
        "<html><body>"
        '<p class="statement__meta">— Jo Bloggs on Sunday, October 13th, 2019 in an article in a newspaper</p>'
        "<h1>What is the value of drugs at the border?</h1>"
        '<p class="article__meta">By <a href="/staff/a">Matthew Digby</a> , <a href="/staff/b">Minh Do</a>'
        ' <span class="article__meta">on Monday, November 18th, 2019 at 11:08 a.m.</span></p>'
        "<p>Text of the fact-check.</p></body></html>"
    )
    assert m.authors == ["Matthew Digby", "Minh Do"]
    assert m.published is None
    assert any("November 18th" in t for t in m.date_texts)


def test_itemprop_lists_are_read_as_lists_of_names():
    # "datePublished dateCreated" on one <meta> (the New York Times): the published stamp, not the
    # modified one beside it
    html = (
        '<html><head><meta itemprop="datePublished dateCreated" content="2019-11-18T17:56:27-05:00">'
        '<meta itemprop="dateModified" content="2019-11-19T20:37:03-05:00"></head>'
        "<body><h1>Trade war</h1><p>x</p></body></html>"
    )
    assert meta_of(html).published == datetime.date(2019, 11, 18)


def test_modified_stamp_is_the_fallback_when_nothing_says_published():
    html = (
        '<html><body><nav><span itemprop="dateModified" content="2020-04-07T15:49:34+05:30">Updated: April 07, '
        "2020 03:49 pm IST</span></nav><h1>Export of a key drug</h1>"
        "<p>The figures were 24,942 confirmed cases as on April 25, 2020 at 5:00 pm.</p></body></html>"
    )
    m = meta_of(html)
    assert m.published is None and m.modified == datetime.date(2020, 4, 7)
    # with a published stamp the modified one is not used
    html2 = html.replace("<body>", '<body><time itemprop="datePublished" datetime="2020-04-06T10:00:00+05:30">x</time>')
    assert meta_of(html2).published == datetime.date(2020, 4, 6)


def test_a_date_in_the_articles_own_aside_is_read_but_not_a_teasers():
    article = (
        "<html><body><article><h1>Das Geheimnis der Riesenblumen</h1><div>"
        '<aside><ul><li class="item meta__date">19.07.2022</li></ul></aside>'
        "<p>Text.</p></div>{extra}</article></body></html>"
    )
    assert meta_of(article.format(extra="")).date_texts == ["19.07.2022"]
    teaser = article.replace('<aside><ul><li class="item meta__date">19.07.2022</li></ul></aside>', "").format(
        extra='<aside class="related-teasers"><span class="date">01.01.2014</span></aside>'
    )
    assert meta_of(teaser).date_texts == []


# realpages4 (held-out pages from htmldate's evaluation set): general rules, made-up inputs


def test_an_h1_that_says_it_is_the_headline_is_one_even_with_a_comment_widget_id():
    html = (
        "<html><head><meta property='og:title' content='Rivals go after surging Haley in third debate'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
        "\"Rivals go after surging Nikki Haley in third debate\"}</script></head><body>"
        "<h1 id='insticator-commenting' class='page-headline'>Rivals go after surging Haley in third debate</h1>"
        "<p>Text.</p></body></html>"
    )
    assert meta_of(html).headline == "Rivals go after surging Haley in third debate"
    # an h1 that only says "comment" is still not the headline
    html2 = html.replace("class='page-headline'", "class='comment-title'")
    assert meta_of(html2).headline != "Rivals go after surging Haley in third debate"


def test_interview_collectors_agencies_with_the_site_and_placeholder_author_groups():
    assert clean_authors("Recueilli par Patrick ANGEVIN.")[0] + clean_authors("Recueilli par Patrick ANGEVIN.")[1] == [
        "Patrick ANGEVIN"
    ]
    assert clean_authors("Propos recueillis par Marie Dupont") == (["Marie Dupont"], [])
    assert clean_authors("Le Monde with AFP") == ([], ["Le Monde", "AFP"])
    assert clean_authors("Jane Smith avec AFP") == (["Jane Smith"], ["AFP"])
    assert clean_authors("John With") == (["John With"], [])  # "with" before no agency: a name
    people, _orgs = clean_authors("Auswärtige Autoren (AA)")
    assert people == []


def test_author_box_labels_glued_sites_and_implausible_organisations_are_not_bylines():
    from articles.text.htmlmeta import plausible_org

    assert clean_authors("Alexia Tsotsis, View Author Page") == (["Alexia Tsotsis"], [])
    assert clean_authors("David Gura, Story By, David Brancaccio")[0] == ["David Gura", "David Brancaccio"]
    assert clean_authors("Shahien Nasiripour, HuffPost Reporting")[0] == ["Shahien Nasiripour"]
    assert clean_authors("Jemele HillESPN.comArchive")[0] == ["Jemele Hill"]
    assert clean_authors("elmundo.es") == ([], ["elmundo.es"])
    assert not plausible_org("elmundo.es") and not plausible_org("Account You're logged")
    assert plausible_org("Jerusalem Post Staff") and plausible_org("7 News WHDH") and plausible_org("dpa")
    m = meta_of("<html><head><meta name='author' content='elmundo.es'></head><body><h1>Cae la jefa</h1></body></html>")
    assert m.byline == ""


def test_a_stamp_without_its_zone_takes_it_from_the_same_moment_in_a_time_element():
    html = (
        "<html><head><meta itemprop='datePublished' content='2019-11-19 02:24:00'></head><body><h1>Browns player"
        "</h1><time datetime='2019-11-19 02:24:00 UTC'>Nov 18, 2019 at 9:24 pm ET</time><p>Text.</p></body></html>"
    )
    assert meta_of(html).published == datetime.date(2019, 11, 18)  # 9:24 pm in New York
    # another moment in the <time> element (an update) does not lend its zone
    html = html.replace("2019-11-19 02:24:00 UTC", "2019-11-19 05:24:00 UTC")
    assert meta_of(html).published == datetime.date(2019, 11, 19)


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        ("By JORDAN ROBERTSON and RACHEL METZ - AP Technology Writers | AP – 1 hr 4 mins ago", ["Jordan Robertson", "Rachel Metz"]),
        ("Par LILIAN ALEMAGNA, LAURE BRETTON Envoyés spéciaux à Toulouse", ["Lilian Alemagna", "Laure Bretton"]),
        ("By PHILLIP RAWLS 10/ 5/11 09:19 PM ET", ["Phillip Rawls"]),
        ("Ángeles Escrivá | San Sebastián | 08/01/2014", ["Ángeles Escrivá"]),
        ("Jane Doe, AP National Security Writer", ["Jane Doe"]),
    ],
)
def test_co_authors_with_a_job_after_a_dash_names_in_capitals_and_places_after_a_bar(raw, people):
    assert clean_authors(raw)[0] == people


def test_bylines_marked_in_french_and_spanish():
    story = "<p>" + "Le Premier ministre a parlé longtemps devant le congrès. " * 8 + "</p>"
    html = f"<html><body><h1>Ayrault assume</h1><p class='firma'><em>Ángeles Escrivá</em> | <span>Madrid</span></p>{story}</body></html>"
    assert meta_of(html).authors == ["Ángeles Escrivá"]
    html = f"<html><body><h1>Tapie et La Provence</h1><a class='article_auteur_default'>Titiou Lecoq</a>{story}</body></html>"
    assert meta_of(html).authors == ["Titiou Lecoq"]


def test_a_logo_h1_named_by_the_title_suffix_and_the_headline_in_an_h2():
    # realpages6: the site is named only by its <title>'s suffix; its <h1> is the logo, the
    # headline an <h2>, the byline a bare "By" paragraph after it
    page = """<html><head><title>Two men shot hours apart | The Island Courier</title>
    <meta property="og:title" content="Two men shot hours apart"></head><body>
    <h1>The Island Courier</h1><div class="story"><h2>Two Men Shot Hours Apart</h2>
    <p>By JANE ROE</p><p>Two men were killed in separate incidents yesterday, police said.</p></div></body></html>"""
    m = meta_of(page, url="http://www.islandcourier242.com/news/2022/apr/22/two-men/")
    assert m.headline == "Two Men Shot Hours Apart" and m.headline_element.tag == "h2"
    assert m.authors == ["Jane Roe"]
    # a title whose "suffix" is the kicker's other half names no site; an <h1> headline stays
    page2 = """<html><head><title>Abrechnung: Musik-Stars fordern neues Modell</title></head><body>
    <h1>Abrechnung: Musik-Stars fordern neues Modell</h1><h2>Abrechnung</h2></body></html>"""
    assert meta_of(page2).headline == "Abrechnung: Musik-Stars fordern neues Modell"


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        ("Editorial Staff", []),
        ("Anónimo", []),
        ("Suzell Wray, The Author", ["Suzell Wray"]),
        ("By U.S. CUSTOMS AND BORDER PROTECTION", []),  # a government body's press release
    ],
)
def test_collective_anonymous_and_government_bylines_name_no_person(raw, people):
    assert clean_authors(raw)[0] == people


def test_bylines_after_the_headline_with_a_colon_opening_the_story_and_not_in_more_stories():
    head = '<html><head><meta property="og:title" content="Fed keeps rates on hold"></head><body>'
    # "By:" with the job on the next line
    page = head + "<h1>Fed keeps rates on hold</h1><div><span>By: <a href='/a'>Jane Roe</a><br>Executive News Editor</span></div></body></html>"
    assert meta_of(page).authors == ["Jane Roe"]
    # the story's first paragraph opens with the byline, far below the headline
    filler = "".join(f"<div><span>Tag {i}</span></div>" for i in range(30))
    page = head + f"<h1>Fed keeps rates on hold</h1>{filler}<p><strong><em>By Jane Roe</em></strong>: The Fed kept rates on hold on Wednesday.</p></body></html>"
    assert meta_of(page).authors == ["Jane Roe"]
    # no byline of its own: the bylines of the "More stories" list are other stories'
    page = head + (
        "<h1>Fed keeps rates on hold</h1><p>The Fed kept rates on hold on Wednesday.</p>"
        "<section><h2>More stories</h2><div class='card'><span class='e-byline'>By <span class='e-byline__author'>John Doe</span></span></div></section>"
        "</body></html>"
    )
    assert meta_of(page).authors == []


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        ("Daniela Cerdas E.", ["Daniela Cerdas E."]),  # a last initial keeps its full stop
        ("Por Ana Ruiz M.", ["Ana Ruiz M."]),
        ("Laura E. Adkins", ["Laura E. Adkins"]),
        ("Redacción Diario Ejemplo", []),  # the newsroom: no one named
        ("Redacci&oacute;n Diario Ejemplo", []),  # (an entity left escaped in JSON-LD)
        ("Juan Pérez, Redacción", ["Juan Pérez"]),
        ("The Russian and Syrian defense ministries", []),  # a fact check's claimant, described
    ],
)
def test_initials_newsrooms_and_described_claimants_in_bylines(raw, people):
    assert clean_authors(raw)[0] == people


def test_a_lone_kicker_inside_the_h1_with_the_headline_as_its_tail_is_left_out():
    tree = lxml.html.document_fromstring(
        '<html><head><title>Die Zukunft der Arbeit - "Wir dekorieren um"</title></head><body><article>'
        '<h1><span class="overline">Die Zukunft der Arbeit</span>"Wir dekorieren um"</h1>'
        "<p>Ein Text mit genug Wörtern, damit er als Artikel gilt, und noch ein paar mehr dazu.</p>"
        "</article></body></html>"
    )
    assert page_metadata(tree).headline == '"Wir dekorieren um"'
    # a single span that is the whole headline is kept
    tree = lxml.html.document_fromstring(
        '<html><body><article><h1><span class="label">Die Zukunft der Arbeit</span></h1>'
        "<p>Ein Text mit genug Wörtern, damit er als Artikel gilt, und noch ein paar mehr dazu.</p>"
        "</article></body></html>"
    )
    assert page_metadata(tree).headline == "Die Zukunft der Arbeit"
