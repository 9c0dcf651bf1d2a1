"""articles.text.factcheck_readers: every format of published fact-checks (ClaimReview JSON-LD,
DataFeed, Google claims:search, JSON Lines, saved web pages, CSV), bad input named by file, line
or record and field, and constant memory on a large generated feed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from articles.text import factcheck_readers as fr

CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://www.politifact.com/factchecks/2024/mar/05/joe/moon-cheese/",
    "claimReviewed": "The moon is made of  cheese.",
    "headline": "No, the moon is not made of cheese",
    "datePublished": "2024-03-05T10:00:00-05:00",
    "inLanguage": "en",
    "author": {"@type": "Organization", "name": "PolitiFact", "url": "https://www.politifact.com/"},
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": 6, "worstRating": "1", "alternateName": "Pants on Fire"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Joe Bloggs"},
        "datePublished": "2024-03-01",
        "appearance": [{"@type": "CreativeWork", "url": "https://x.com/joe/status/1"}],
    },
}

GOOGLE = {
    "claims": [
        {
            "text": "Vaccines contain microchips",
            "claimant": "Social media users",
            "claimDate": "2021-01-02T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Full Fact", "site": "fullfact.org"},
                    "url": "https://fullfact.org/health/vaccine-microchips/",
                    "title": "Vaccines do not contain microchips",
                    "reviewDate": "2021-01-05T00:00:00Z",
                    "textualRating": "Incorrect",
                    "languageCode": "en",
                },
                {
                    "publisher": {"name": "AFP Factual", "site": "factual.afp.com"},
                    "url": "https://factual.afp.com/vacunas-microchips",
                    "textualRating": "Falso",
                    "languageCode": "es",
                },
            ],
        },
        {"text": "A second claim", "claimReview": [{"url": "javascript:alert(1)", "textualRating": "False"}]},
    ],
    "nextPageToken": "CAo",
}


def _reads(name: str, data: bytes | str) -> list[fr.Read]:
    return list(fr.read_bytes(name, data.encode() if isinstance(data, str) else data))


def _ok(reads):
    return [r.record for r in reads if r.record is not None]


def _errors(reads):
    return [(r.where, r.error) for r in reads if r.error]


# ----------------------------------------------------------------------------- JSON-LD


def test_one_claimreview_object_maps_every_field():
    [read] = _reads("one.json", json.dumps(CLAIMREVIEW))
    rec = read.record
    assert read.where == "one.json"
    assert rec.claim_reviewed == "The moon is made of cheese."
    assert rec.url == CLAIMREVIEW["url"]
    assert (rec.rating_text, rec.rating_value, rec.rating_best, rec.rating_worst) == ("Pants on Fire", 1.0, 6.0, 1.0)
    assert rec.headline == "No, the moon is not made of cheese"
    assert (rec.publisher_name, rec.publisher_site) == ("PolitiFact", "politifact.com")
    assert rec.date_published == date(2024, 3, 5)
    assert rec.claimant == "Joe Bloggs"
    assert rec.appearance_url == "https://x.com/joe/status/1"
    assert rec.language == "en"


def test_an_array_of_claimreviews_numbers_records():
    second = {**CLAIMREVIEW, "url": "https://example.org/2"}
    third = {k: v for k, v in CLAIMREVIEW.items() if k != "claimReviewed"} | {"url": "https://example.org/3"}
    reads = _reads("arr.jsonld", json.dumps([CLAIMREVIEW, second, third]))
    assert [r.where for r in reads] == ["arr.jsonld (record 1)", "arr.jsonld (record 2)", "arr.jsonld (record 3)"]
    assert reads[2].error == "missing claimReviewed"
    assert reads[2].message == "record 3: missing claimReviewed"


def test_a_datafeed_with_items_and_plain_elements():
    feed = {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dateModified": "2024-05-01T00:00:00Z",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": "2024-05-01",
                "item": [
                    {**CLAIMREVIEW, "url": "https://a.example/1", "claimReviewed": "one"},
                    {**CLAIMREVIEW, "url": "https://a.example/2", "claimReviewed": "two"},
                ],
            },
            {"@type": "DataFeedItem", "item": {**CLAIMREVIEW, "url": "https://a.example/3", "claimReviewed": "three"}},
            {**CLAIMREVIEW, "url": "https://a.example/4", "claimReviewed": "four"},
            {**CLAIMREVIEW, "url": "javascript:x", "claimReviewed": "five"},
        ],
    }
    reads = _reads("feed.json", json.dumps(feed))
    assert [r.claim_reviewed for r in _ok(reads)] == ["one", "two", "three", "four"]
    assert [r.where for r in reads[:2]] == ["feed.json (record 1, review 1)", "feed.json (record 1, review 2)"]
    assert _errors(reads) == [("feed.json (record 4)", "url 'javascript:x' is not an http(s) URL")]


def test_google_claims_search_one_record_per_review():
    reads = _reads("google.json", json.dumps(GOOGLE))
    first, second = _ok(reads)
    assert first.claim_reviewed == second.claim_reviewed == "Vaccines contain microchips"
    assert first.claimant == "Social media users"
    assert (first.publisher_name, first.publisher_site, first.headline) == ("Full Fact", "fullfact.org", "Vaccines do not contain microchips")
    assert (first.rating_text, first.language, first.date_published) == ("Incorrect", "en", date(2021, 1, 5))
    assert (second.rating_text, second.language, second.headline) == ("Falso", "es", "")
    assert second.title == "Vaccines contain microchips"  # no headline: the claim
    assert _errors(reads) == [("google.json (record 2)", "url 'javascript:alert(1)' is not an http(s) URL")]


def test_graph_and_bom_and_json_lines():
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}, CLAIMREVIEW]}
    [read] = _reads("g.json", b"\xef\xbb\xbf" + json.dumps(graph).encode())
    assert read.record.url == CLAIMREVIEW["url"]
    lines = "\n".join([json.dumps(CLAIMREVIEW), "", "{broken", json.dumps(GOOGLE["claims"][0]), json.dumps([1])])
    reads = _reads("x.jsonl", lines)
    assert [r.where for r in reads] == ["x.jsonl:1", "x.jsonl:3", "x.jsonl:4 (review 1)", "x.jsonl:4 (review 2)", "x.jsonl:5"]
    assert reads[1].error.startswith("malformed JSON: ")
    assert reads[4].error == "expected a JSON object, got an array"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('[{"@type": "ClaimReview", "url": "https://a.b/1", "claimReviewed": "x"}, {"a": ', "malformed JSON after record 1"),
        ('"just a string"', "malformed JSON: expected an object or an array, found a string"),
        ("{}", "no fact-checks: the JSON object is empty"),
        ("[]", "no fact-checks: the JSON holds no ClaimReview"),
        ('{"@type": "NewsArticle", "headline": "x"}', "not a ClaimReview (NewsArticle); missing claimReviewed"),
    ],
)
def test_bad_json_is_named(data, message):
    reads = _reads("bad.json", data)
    assert any(message in (r.error or "") for r in reads), [(r.where, r.error) for r in reads]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"url": ""}, "missing url"),
        ({"url": "ftp://files.example/x"}, "url 'ftp://files.example/x' is not an http(s) URL"),
        ({"url": "https://a.example/" + "x" * 1000}, "url is 1,018 characters long, over the 1,000 limit"),
        ({"claimReviewed": "   "}, "missing claimReviewed"),
        ({"datePublished": "5 March 2024"}, "datePublished '5 March 2024' is not an ISO date (YYYY-MM-DD)"),
        ({"reviewRating": {"ratingValue": "high"}}, "reviewRating.ratingValue 'high' is not a number"),
        (
            {"itemReviewed": {"@type": "Claim", "appearance": {"url": "javascript:x"}}},
            "itemReviewed.appearance.url 'javascript:x' is not an http(s) URL",
        ),
    ],
)
def test_bad_fields_are_named(change, message):
    [read] = _reads("one.json", json.dumps({**CLAIMREVIEW, **change}))
    assert read.record is None
    assert read.error == message


def test_long_display_fields_are_cut_to_the_model():
    [read] = _reads("one.json", json.dumps({**CLAIMREVIEW, "headline": "h" * 900, "inLanguage": "en-GB-x-verylongtag"}))
    assert len(read.record.headline) == 500 and read.record.headline.endswith("…")
    assert len(read.record.language) == 12


# ----------------------------------------------------------------------------- HTML

SAVED_PAGE = """<!doctype html>
<html><head><title>Fact check: moon</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]}</script>
<script>var x = {"claimReviewed": "not JSON-LD"};</script>
<script type='application/ld+json'>
%s
</script>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"x"},%s]}</script>
</head><body><p>Body</p></body></html>
"""


def test_claimreview_embedded_in_a_saved_page_with_other_json_ld():
    second = {**CLAIMREVIEW, "url": "https://www.politifact.com/other/"}
    page = SAVED_PAGE % (json.dumps(CLAIMREVIEW, indent=1), json.dumps(second))
    reads = _reads("page.html", page)
    assert [r.record.url for r in reads] == [CLAIMREVIEW["url"], second["url"]]
    assert reads[0].where == "page.html:6"  # the line of the block


def test_a_page_without_claimreview_and_a_broken_block():
    reads = _reads("page.htm", '<html><script type="application/ld+json">{"@type": "NewsArticle"}</script></html>')
    assert _errors(reads) == [("page.htm", "no ClaimReview in the page's JSON-LD (found: NewsArticle)")]
    reads = _reads("page.html", '<html>\n\n<script type="application/ld+json">{"@type": </script></html>')
    assert reads[0].where == "page.html:3" and reads[0].error.startswith("malformed JSON-LD")
    assert _errors(_reads("p.html", "<html><body>hi</body></html>"))[0][1].startswith("no ClaimReview: the page has no")


# ----------------------------------------------------------------------------- CSV


def test_csv_with_bom_case_insensitive_header_extra_columns_and_line_numbers():
    data = (
        "\ufeffClaim_Reviewed,URL,Rating,Title,Publisher,Date_Published,Claimant,Appearance_URL,Language,Notes\n"
        '"Multi\nline, claim",https://a.example/1,False,Head,Full Fact,2024-01-02,Bob,https://x.com/1,en,ignored\n'
        "\n"
        "c2,javascript:x,True,,,,,,,\n"
        ",https://a.example/3,,,,,,,,\n"
        "c4,https://a.example/4,,,,2024-13-01,,,,\n"
        "c5,https://a.example/5\n"
    )
    reads = _reads("f.csv", data.encode("utf-8"))
    rec = reads[0].record
    assert reads[0].where == "f.csv:2"
    assert (rec.claim_reviewed, rec.rating_text, rec.headline, rec.publisher_name) == ("Multi line, claim", "False", "Head", "Full Fact")
    assert (rec.date_published, rec.claimant, rec.appearance_url, rec.language) == (date(2024, 1, 2), "Bob", "https://x.com/1", "en")
    assert rec.publisher_site == "a.example"
    assert _errors(reads) == [
        ("f.csv:5", "url 'javascript:x' is not an http(s) URL"),
        ("f.csv:6", "missing claim_reviewed"),
        ("f.csv:7", "date_published '2024-13-01' is not an ISO date (YYYY-MM-DD)"),
    ]
    assert reads[-1].record.url == "https://a.example/5"  # short rows: the optional columns are empty
    assert reads[1].message == "line 5: url 'javascript:x' is not an http(s) URL"


def test_csv_missing_required_columns_is_named():
    [read] = _reads("f.csv", "claim,link\nx,https://a.example/\n")
    assert read.error == "the CSV has no 'claim_reviewed' and 'url' column (required: claim_reviewed, url; columns: claim, link)"
    [read] = _reads("f.csv", "claim_reviewed;rating\nx;False\n")
    assert "no 'url' column" in read.error
    assert _errors(_reads("f.csv", "claim_reviewed,url\n")) == [("f.csv", "no fact-checks: the CSV has a header but no rows")]
    assert _errors(_reads("f.csv", b"claim_reviewed,url\n\xe9t\xe9,https://a.b/\n"))[0][1].startswith("not valid UTF-8")


def test_other_files():
    assert _errors(_reads("f.txt", "x")) == [("f.txt", "unsupported file type '.txt'; expected one of .json, .jsonld, .jsonl, .ndjson, .html, .htm, .csv")]
    assert _errors(_reads("f.json", "  \n")) == [("f.json", "empty file")]
    assert "NUL" in _errors(_reads("f.json", "\ufeff[]".encode("utf-16")))[0][1]
    assert next(iter(fr.read_paths(["/nonexistent/x.json"]))).error == "no such file or directory"


def test_plain_records_by_field_name():
    data = {"records": [{"claim_reviewed": "x", "url": "https://a.example/1", "rating_value": 2, "title": "T"}]}
    [read] = _reads("body.json", json.dumps(data))
    assert (read.record.rating_value, read.record.headline) == (2.0, "T")


# ----------------------------------------------------------------------------- streaming


def _write_feed(path: Path, n: int) -> None:
    with open(path, "w") as f:
        f.write('{"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [')
        for i in range(n):
            item = {**CLAIMREVIEW, "url": f"https://a.example/{i}", "claimReviewed": f"claim number {i} " + "x" * 200}
            f.write(("," if i else "") + json.dumps({"@type": "DataFeedItem", "item": [item]}))
        f.write("]}")


def test_a_large_feed_streams_in_constant_memory(tmp_path):
    """The peak memory of reading 4,000 and 40,000 records (a child process each) is the same."""
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    _write_feed(small, 4_000)
    _write_feed(large, 40_000)
    code = (
        "import resource, sys; from articles.text import factcheck_readers as fr\n"
        "n = sum(1 for r in fr.read_file(sys.argv[1]) if r.record)\n"
        "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    root = Path(__file__).resolve().parent.parent
    out = {}
    for p in (small, large):
        res = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, cwd=root, check=True)
        n, rss = map(int, res.stdout.split())
        out[p.name] = (n, rss)
    assert out["small.json"][0] == 4_000 and out["large.json"][0] == 40_000
    assert large.stat().st_size > 10 * 1024 * 1024
    assert out["large.json"][1] - out["small.json"][1] < 4 * 1024, out  # KB: under 4 MB more for 10x the records


def test_reading_is_lazy():
    stream = io.BytesIO(json.dumps([CLAIMREVIEW] * 3).encode() + b"garbage")
    reads = fr.read_records("x.json", stream)
    assert next(reads).record is not None  # the first record comes before the bad end is reached
