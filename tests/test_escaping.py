"""Every HTML fragment built in Python, and every page that shows stored fields, escapes them.

One hostile "world" is stored through the ORM (so that values the forms and validators would
refuse still reach the pages, as they could through the admin, a migration or the database):
an article, its claims, users, a rating, verdicts, sources and history, every text field
holding markup, quotes, ampersands, template syntax and ``</style>``. Each test renders a real
code path (the functions of ``articles/rows.py``, the template tags, the pages through the test
client, the admin) and checks that each field it shows comes out escaped and never raw.
"""

from __future__ import annotations

import json
import re
import uuid
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import rows, selectors
from articles.models import Article, Claim, History, Rating, Source, Verdict
from tests.conftest import ensure_seed_data

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}

# markup, attribute breakout, both quotes, an ampersand that is already an entity (escaped once
# it must read "&amp;amp;"), template syntax (must come out literally) and a style breakout
PAYLOAD = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'&amp;{{x}}}</style>"
# what must never appear in a page: each is only there if a payload went out unescaped
RAW_MARKERS = ("<script>alert(1)", "<img src=x", "</style><")


def hostile(tag: str) -> str:
    return f"{tag}{PAYLOAD}"


# ----------------------------------------------------------------------------- assertions


def assert_no_raw(html: str, where: str) -> None:
    for marker in RAW_MARKERS:
        at = html.find(marker)
        assert at < 0, (
            f"{where}: {marker!r} is in the output unescaped (a field went out raw), "
            f"near: {html[max(0, at - 200) : at + 80]!r}"
        )


def shown(value: str, limit: int | None = None) -> str:
    """``value`` as a ``truncatechars:limit`` (or a slice) leaves it, before escaping."""
    if limit is None or len(value) <= limit:
        return value
    return value[: limit - 1]


def assert_escaped(
    html: str, value: str, where: str, *, limit: int | None = None, as_json: bool = False
) -> None:
    """``value`` (cut as the page cuts it) is in ``html`` escaped, and not raw."""
    text = shown(value, limit)
    if as_json:  # a JSON widget or display: the value as a JSON string body, then escaped
        text = json.dumps(text, ensure_ascii=False)[1:-1]
    assert escape(text) in html, f"{where}: {text!r} is not shown escaped ({escape(text)!r} missing)"
    if any(c in text for c in "<>\"'&"):
        assert text not in html, f"{where}: {text!r} is in the output raw"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)


def tags(html: str, name: str | None = None):
    """The element names in ``html`` (a set), or how many ``name`` elements it has."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.seen.count(name) if name else set(parser.seen)


def page(client, url: str, where: str, *, status: int = 200, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == status, f"{where}: HTTP {response.status_code}"
    html = response.content.decode()
    assert_no_raw(html, where)
    return html


# ----------------------------------------------------------------------------- the hostile world


def _user(django_user_model, tag: str, group: str | None, **extra):
    user = django_user_model.objects.create_user(  # no password: hashing one costs ~1 s here
        username=hostile(tag),
        password=None,
        first_name=hostile(tag + "F"),
        last_name=hostile(tag + "L"),
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _article(title: str, claim_texts: list[str], *, gap: str, **fields) -> tuple[Article, list[Claim]]:
    """An article whose text is a headline, then ``claim_texts`` separated by ``gap`` (text
    outside every claim); one claim per entry at its exact offsets."""
    text = title + "\n\n" + gap.join(claim_texts) + "\n\nEnd " + gap
    article = Article.objects.create(title=title, text=text, content_hash=uuid.uuid4().hex, **fields)
    claims, at = [], len(title) + 2
    for position, claim_text in enumerate(claim_texts, start=1):
        start = text.index(claim_text, at)
        claims.append(
            Claim.objects.create(
                article=article,
                position=position,
                start=start,
                end=start + len(claim_text),
                text=claim_text,
                fingerprint=uuid.uuid4().hex,
                checkworthiness=0.9,
            )
        )
        at = start + len(claim_text)
    return article, claims


@pytest.fixture
def world(db, django_user_model):
    """Every shown field hostile. Claims of article ``a``:

    c1 unreviewed, assigned, with speaker and cues; c2 dismissed with a reason; c3 approved
    (two verdicts, sources, history, the same sentence in article ``b`` with an approved
    verdict); c4 returned by an editor (its reviewer's verdict, the editor's note); c5 disputed.
    """
    ensure_seed_data()
    w = SimpleNamespace()
    w.rev = _user(django_user_model, "rev", "Reviewers")
    w.rev2 = _user(django_user_model, "rev2", "Reviewers")
    w.ed = _user(django_user_model, "ed", "Editors", is_staff=True)
    w.rating = Rating.objects.create(
        # the slug and label stay within their column widths (PostgreSQL enforces them)
        slug="s\"><script>alert(1)</script>'&amp;}{",
        label="L<script>alert(1)</script>\"'&amp;{{x}}",
        description=hostile("desc"),
        color="#123456",
        position=99,
    )
    w.false = Rating.objects.get(slug="false")
    texts = [hostile(f"claim{i} ") + " said." for i in range(1, 6)]
    w.a, (w.c1, w.c2, w.c3, w.c4, w.c5) = _article(
        hostile("title"),
        texts,
        gap=" " + hostile("gap") + " ",
        publisher=hostile("pub"),
        byline=hostile("by"),
        dateline=hostile("dl"),
        url="https://example.test/a?x=\"><script>alert(1)</script>&y='z'",
        summary=[hostile("sum1"), hostile("sum2")],
        published_on=timezone.localdate(),
    )
    w.b, (w.d,) = _article(hostile("titleB"), [w.c3.text], gap=" ", publisher=hostile("pubB"))
    now = timezone.now()

    Claim.objects.filter(pk=w.c1.pk).update(
        speaker=hostile("speaker"), cues=[hostile("cue"), "number"], assignee=w.rev
    )
    Claim.objects.filter(pk=w.c2.pk).update(status=Claim.Status.DISMISSED, dismissed_reason=hostile("reason"))
    Claim.objects.filter(pk=w.c3.pk).update(status=Claim.Status.APPROVED, fingerprint="same-sentence")
    Claim.objects.filter(pk=w.d.pk).update(status=Claim.Status.APPROVED, fingerprint="same-sentence")
    Claim.objects.filter(pk=w.c4.pk).update(status=Claim.Status.IN_REVIEW)
    Claim.objects.filter(pk=w.c5.pk).update(status=Claim.Status.DISPUTED)
    for name in ("c1", "c2", "c3", "c4", "c5", "d"):
        getattr(w, name).refresh_from_db()

    w.v3 = Verdict.objects.create(
        claim=w.c3,
        reviewer=w.rev,
        rating=w.rating,
        rationale=hostile("why3"),
        approved_by=w.ed,
        approved_at=now,
    )
    w.v3b = Verdict.objects.create(claim=w.c3, reviewer=w.rev2, rating=w.false, rationale=hostile("why3b"))
    w.vd = Verdict.objects.create(
        claim=w.d,
        reviewer=w.rev2,
        rating=w.rating,
        rationale=hostile("whyd"),
        approved_by=w.ed,
        approved_at=now,
    )
    w.v4 = Verdict.objects.create(claim=w.c4, reviewer=w.rev, rating=w.rating, rationale=hostile("why4"))
    w.v5 = Verdict.objects.create(claim=w.c5, reviewer=w.rev, rating=w.rating, rationale=hostile("why5"))
    w.v5b = Verdict.objects.create(claim=w.c5, reviewer=w.rev2, rating=w.false, rationale=hostile("why5b"))
    w.source = Source.objects.create(
        verdict=w.v3,
        url="https://example.test/s?q=\"><script>alert(1)</script>&x='y'",
        archive_url="https://archive.test/s?q=\"><img src=x onerror=alert(1)>&x='y'",
        title=hostile("stitle"),
        publisher=hostile("spub"),
        quote=hostile("quote"),
    )
    w.source4 = Source.objects.create(
        verdict=w.v4, url="https://example.test/4?q='\"&", title=hostile("s4title")
    )
    w.source_d = Source.objects.create(verdict=w.vd, url="https://example.test/d", title=hostile("sdtitle"))
    w.history = History.objects.create(
        entity=History.Entity.CLAIM,
        object_id=w.c3.pk,
        action=History.Action.UPDATE,
        article=w.a,
        claim=w.c3,
        actor=w.ed,
        changes={"speaker": [hostile("old"), hostile("new")]},
        note=hostile("note"),
    )
    History.objects.create(
        entity=History.Entity.CLAIM,
        object_id=w.c4.pk,
        action=History.Action.RETURN,
        article=w.a,
        claim=w.c4,
        actor=w.ed,
        note=hostile("returned"),
    )
    return w


def _detail(w, claim=None) -> str:
    url = reverse("articles:detail", args=[w.a.pk])
    return f"{url}?claim={claim.pk}" if claim is not None else url


# ----------------------------------------------------------------------------- rows.py, directly


def _row(**fields):
    """What rows.py reads of a claim (a selectors.ClaimRow in the app), with any value."""
    return SimpleNamespace(
        **{
            "pk": 7, "position": 3, "text": hostile("text"), "status": "unreviewed", "kind": "body",
            "checkworthiness": 0.5, "cues": [], "speaker": "", "assignee_id": None, "assignee": None,
            "duplicate_of_id": None, "shown_rating": None, "verdict_count": 0, "quiet": False,
            "start": 0, "end": 1,
            **fields,
        }
    )  # fmt: skip


def test_claim_row_html_escapes_every_field(django_user_model):
    user = django_user_model(username=hostile("assignee"))
    rating = SimpleNamespace(slug="x\"><img src=x onerror=alert(1)>'&", label=hostile("label"))
    claim = _row(
        text=hostile("text"),
        speaker=hostile("speaker"),
        cues=[hostile("cue"), {"<script>alert(1)</script>": 1}, "number"],
        assignee_id=1,
        assignee=user,
        shown_rating=rating,
        verdict_count=2,
        duplicate_of_id=1,
    )
    for is_editor in (False, True):
        for oob in (False, True):
            html = str(rows.claim_row_html(claim, selected_id=7, is_editor=is_editor, oob=oob))
            where = f"claim_row_html(is_editor={is_editor}, oob={oob})"
            assert_no_raw(html, where)
            for value in (claim.text, claim.speaker, user.username, rating.label):
                assert_escaped(html, value, where)
            assert_escaped(html, claim.cues[0].replace("_", " "), where + " cue")
            assert escape(str(claim.cues[1])) in html, where + " a cue that is not a string"
            assert f"rating-{escape(rating.slug)}" in html, where + " rating slug in the class"
            assert tags(html) <= {"li", "input", "a", "span", "bdi"} and tags(html, "li") == 1, tags(html)


def test_claim_row_html_escapes_odd_status_kind_and_long_text():
    """Values outside the choices (the database can hold them) and the shortened text."""
    long = hostile("long") * 3
    claim = _row(
        text=long, status="<b>\"'&x", kind="\"><b>&'", shown_rating=SimpleNamespace(slug="ok", label="ok")
    )
    html = str(rows.claim_row_html(claim, selected_id=None, is_editor=True))
    assert_no_raw(html, "claim_row_html")
    assert escape(long[:179].rstrip()) + "…" in html
    assert (
        f"status-{escape(claim.status)}" in html
        and f'<span class="badge status">{escape(claim.status)}</span>' in html
    )
    assert f"kind-{escape(claim.kind)}" in html
    assert tags(html) <= {"li", "input", "a", "span", "bdi"} and tags(html, "li") == 1, tags(html)


def test_claim_row_html_status_label_is_escaped_too(monkeypatch):
    """The status badge shows the label of the status choice: escaped like every other field."""
    monkeypatch.setitem(rows._STATUS, "unreviewed", "<i>Unreviewed & new</i>")
    monkeypatch.setattr(rows, "_LABELS", {})  # the labels are cached per language: made again
    html = str(rows.claim_row_html(_row(status="unreviewed"), selected_id=None, is_editor=False))
    assert "&lt;i&gt;Unreviewed &amp; new&lt;/i&gt;" in html and "<i>" not in html


def test_highlight_html_escapes_text_and_classes():
    rating = SimpleNamespace(slug="x\"><img src=x onerror=alert(1)>'&", label=hostile("label"))
    claim = _row(text=hostile("hl"), status='"><b>&', shown_rating=rating, quiet=True)
    for oob in (False, True):
        html = str(rows.highlight_html(claim, selected_id=7, oob=oob))
        assert_no_raw(html, "highlight_html")
        assert_escaped(html, claim.text, "highlight_html")
        assert f"rating-{escape(rating.slug)}" in html and f"status-{escape(claim.status)}" in html
        assert tags(html) == {"mark", "a"} and tags(html, "mark") == 1 and tags(html, "a") == 1, tags(html)


def test_article_text_and_rows_html_escape_text_between_claims():
    claims = [_row(pk=1, text=hostile("one")), _row(pk=2, text=hostile("two"), status="<i>")]
    pieces = [
        (hostile("head"), None),
        (claims[0].text, claims[0]),
        (hostile("gap"), None),
        (claims[1].text, claims[1]),
    ]
    html = str(rows.article_text_html(pieces, selected_id=1))
    assert_no_raw(html, "article_text_html")
    for value in (hostile("head"), hostile("gap"), claims[0].text, claims[1].text):
        assert_escaped(html, value, "article_text_html")
    listed = str(rows.claim_rows_html(claims, selected_id=None, is_editor=True))
    assert_no_raw(listed, "claim_rows_html")
    assert tags(listed) <= {"li", "input", "a", "span"} and tags(listed, "li") == 2, tags(listed)
    assert tags(html) == {"mark", "a"} and tags(html, "mark") == 2, tags(html)
    for claim in claims:
        assert_escaped(listed, claim.text, "claim_rows_html")


# ----------------------------------------------------------------------------- templatetags/factcheck.py


def test_template_filters_and_tags_escape(world):
    """``cue_label`` / ``status_label`` return text the template escapes; the row and highlight
    tags return rows.py's escaped markup (as the HTMX out-of-band swaps use them)."""
    template = Template(
        "{% load factcheck %}<p>{{ cue|cue_label }}</p><p>{{ status|status_label }}</p><p>{{ number|cue_label }}</p>"
        "{% claim_row_html claim selected_id=sel is_editor=True oob=True %}{% highlight_html claim selected_id=sel oob=True %}"
    )
    c1 = Claim.objects.select_related("assignee").get(pk=world.c1.pk)
    html = template.render(
        Context(
            {
                "cue": hostile("cue_x"),
                "status": hostile("status"),
                "number": "number",
                "claim": selectors.claim_row(c1, [], world.rev),  # what the pages pass to the tags
                "sel": c1.pk,
            }
        )
    )
    assert_no_raw(html, "factcheck template tags")
    assert_escaped(html, hostile("cue x"), "cue_label")
    assert_escaped(html, hostile("status"), "status_label")
    for value in (c1.text, c1.speaker, world.rev.username, c1.cues[0]):
        assert_escaped(html, value, "claim_row_html tag")
    assert tags(html, "mark") == 1 and tags(html, "li") == 1, tags(html)


def test_template_filters_take_non_string_values():
    """A cue stored as a number or object (JSON) is shown, not a 500."""
    html = Template("{% load factcheck %}{{ cue|cue_label }}|{{ status|status_label }}").render(
        Context({"cue": {"<script>alert(1)</script>": 1}, "status": 5})
    )
    assert_no_raw(html, "cue_label")
    assert "&lt;script&gt;" in html and html.endswith("|5")


# ----------------------------------------------------------------------------- the review pages


def test_article_page_as_editor_escapes_article_claims_and_panel(client, world):
    client.force_login(world.ed)
    html = page(client, _detail(world, world.c1), "article page, editor, claim 1")
    a = world.a
    for value in (a.title, a.publisher, a.byline, a.dateline):
        assert_escaped(html, value, "article head")
    assert f"<title>{escape(a.title)} · " in html
    assert f'href="{escape(a.url)}"' in html, "article url in its link"
    assert_escaped(html, hostile("gap"), "article text between claims")
    for claim in (world.c1, world.c2, world.c3, world.c4, world.c5):
        assert_escaped(html, claim.text, f"claim {claim.position} (row, highlight)")
    c1 = world.c1
    for value in (c1.speaker, c1.cues[0], world.rev.username, world.rev2.username, world.ed.username):
        assert_escaped(html, value, "claim 1 row and panel, reviewer lists, log-out button")
    # claim 3's row is coloured by its approved rating
    assert_escaped(html, world.rating.label, "rating label (row badge, rating buttons, export form)")
    assert f"rating-{escape(world.rating.slug)}" in html
    assert f'value="{escape(world.rating.slug)}"' in html, "rating slug as a button / checkbox value"
    assert f'title="{escape(world.rating.description)}"' in html, "rating description as a title"
    # the editor tools offer to split claim 1 before each word: "… <the words from there>"
    assert_escaped(html, c1.text[c1.text.index(" ") + 1 :][:40], "split point")


def test_panel_of_a_dismissed_claim_escapes_the_reason(client, world):
    client.force_login(world.ed)
    html = page(client, _detail(world, world.c2), "dismissed claim")
    assert_escaped(html, world.c2.dismissed_reason, "dismissed reason")


def test_panel_of_an_approved_claim_escapes_verdicts_sources_duplicates_history(client, world):
    client.force_login(world.ed)
    html = page(client, _detail(world, world.c3), "approved claim")
    # the side-by-side comparison marks the words that differ (each word escaped on its own):
    # read the rationales without those marks
    assert "<mark class=\"diff\">" in html
    html = html.replace('<mark class="diff">', "").replace("</mark>", "")
    where = "approved claim panel"
    for value in (
        world.v3.rationale,
        world.v3b.rationale,
        world.rating.label,
        world.rev.username,
        world.rev2.username,
    ):
        assert_escaped(html, value, where)
    s = world.source
    assert f'href="{escape(s.url)}"' in html and f'href="{escape(s.archive_url)}"' in html
    assert_escaped(html, s.title, where + " source title")
    assert_escaped(html, s.publisher, where + " source publisher")
    assert_escaped(html, s.quote, where + " source quote", limit=200)
    # the same sentence in article b, its approved verdict and source
    assert_escaped(html, world.b.title, where + " duplicate's article", limit=70)
    assert_escaped(html, world.vd.rationale, where + " duplicate's verdict")
    assert_escaped(html, world.source_d.title, where + " duplicate's source")
    # history: who, what changed (cut to 60), the note
    assert_escaped(html, world.history.note, where + " history note")
    assert_escaped(html, hostile("old"), where + " history change (old)", limit=60)
    assert_escaped(html, hostile("new"), where + " history change (new)", limit=60)


def test_panel_of_a_returned_claim_escapes_note_and_own_verdict(client, world):
    client.force_login(world.rev)
    html = page(client, _detail(world, world.c4), "returned claim, its reviewer")
    assert_escaped(html, hostile("returned"), "the editor's return note")
    assert_escaped(html, world.ed.username, "the returning editor")
    assert_escaped(html, world.v4.rationale, "own rationale in the textarea")
    assert f'value="{escape(world.source4.url)}"' in html and f'value="{escape(world.source4.title)}"' in html
    # the HTMX panel alone
    html = page(client, reverse("articles:claim", args=[world.c4.pk]), "claim panel (HTMX)", **HX)
    assert_escaped(html, hostile("returned"), "HTMX panel return note")
    assert_escaped(html, world.v4.rationale, "HTMX panel rationale")


def test_verdict_save_responses_escape_typed_and_saved_values(client, world):
    client.force_login(world.rev)
    url = reverse("articles:verdict_save", args=[world.c4.pk])
    typed = hostile("typed")
    data = {
        "rating": world.rating.slug,
        "rationale": typed,
        "version": "0",  # stale: the verdict is at version 1
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-url": "https://example.test/typed?a='\"&",
        "sources-0-title": hostile("stitle-typed"),
        "sources-0-quote": hostile("squote-typed"),
    }
    response = client.post(url, data, **HX)
    assert response.status_code == 409, response.status_code
    html = response.content.decode()
    assert_no_raw(html, "409 conflict panel")
    assert_escaped(html, typed, "typed rationale kept")
    assert_escaped(html, world.v4.rationale, "saved rationale in the conflict notice")
    assert_escaped(html, world.rating.label, "saved rating in the conflict notice")
    assert_escaped(html, hostile("stitle-typed"), "typed source title kept")
    # refused input (a bad source URL) comes back with what was typed
    response = client.post(url, {**data, "version": "1", "sources-0-url": "javascript:" + hostile("u")}, **HX)
    assert response.status_code == 422, response.status_code
    html = response.content.decode()
    assert_no_raw(html, "422 panel")
    assert_escaped(html, "javascript:" + hostile("u"), "refused URL kept in its input")
    # a save: the panel plus the out-of-band row, highlight and progress (the template tags)
    response = client.post(
        reverse("articles:verdict_save", args=[world.c1.pk]),
        {**data, "version": "0", "sources-TOTAL_FORMS": "0"},
        **HX,
    )
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert_no_raw(html, "saved panel with out-of-band swaps")
    assert 'hx-swap-oob="true"' in html
    assert_escaped(html, world.c1.text, "out-of-band row and highlight")
    assert_escaped(html, typed, "saved rationale")


def test_queue_escapes_article_title_and_claim(client, world):
    client.force_login(world.rev)
    html = page(client, reverse("articles:queue"), "queue")
    assert_escaped(html, world.c1.text, "queue claim")
    assert_escaped(html, world.a.title, "queue article title", limit=80)
    assert_escaped(html, world.c1.speaker, "queue speaker")


def test_approvals_escape_claim_article_ratings_and_reviewers(client, world):
    client.force_login(world.ed)
    html = page(client, reverse("articles:approvals"), "approvals")
    assert_escaped(html, world.c5.text, "approvals claim", limit=140)
    assert_escaped(html, world.a.title, "approvals article", limit=60)
    assert_escaped(html, world.rating.label, "approvals rating")
    assert f"rating-{escape(world.rating.slug)}" in html
    assert_escaped(html, world.rev.username, "approvals reviewer")
    assert_escaped(html, world.rev2.username, "approvals reviewer 2")


def test_article_list_escapes_fields_and_echoed_filters(client, world):
    client.force_login(world.ed)
    html = page(client, reverse("articles:list"), "article list")
    for value in (world.a.title, world.a.publisher, world.b.title):
        assert_escaped(html, value, "article list")
    # the filters echo what was typed (inputs and the export form's hidden fields)
    from urllib.parse import urlencode

    query = urlencode({"publisher": world.a.publisher, "q": hostile("q")})
    html = page(client, reverse("articles:list") + "?" + query, "article list, filtered")
    assert_escaped(html, hostile("q"), "echoed search")
    assert f'value="{escape(world.a.publisher)}"' in html, "echoed publisher"


def test_export_errors_escape_the_values_given(client, world):
    from urllib.parse import urlencode

    client.force_login(world.ed)
    query = urlencode(
        {
            "rating": hostile("r"),
            "reviewer": hostile("u"),
            "claim_status": hostile("st"),
            "article": hostile("a"),
        },
    )
    html = page(client, reverse("articles:export") + "?" + query, "export error page", status=400)
    for value in (hostile("r"), hostile("u"), hostile("st")):
        assert_escaped(html, value, "export error names the bad value")


def test_claimreview_is_a_download_not_a_page(client, world):
    """The JSON-LD holds the raw texts (it is data); it is served as JSON, as an attachment, so a
    browser never renders it as HTML."""
    client.force_login(world.ed)
    response = client.get(reverse("articles:claimreview", args=[world.a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Content-Disposition"].startswith("attachment;")


def test_import_page_escapes_file_names_titles_and_messages(client, world):
    client.force_login(world.ed)
    # no "/", '"' or ";": the multipart header would cut the name there before it reaches the app
    name = "name<script>alert(1)<script><img src=x onerror=alert(1)>'&{{x}}.xyz"
    bad = SimpleUploadedFile(name, b"hello", content_type="text/plain")
    response = client.post(reverse("articles:add"), {"file": bad})
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert_no_raw(html, "import outcome")
    assert_escaped(html, name, "failed file's name")
    title = hostile("imported")
    paste = f"{title}\n\nThe council spent 100 million euros on roads in 2020, the mayor said."
    response = client.post(reverse("articles:add"), {"text": paste}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert_no_raw(html, "imported article page with its message")
    assert_escaped(html, title, "import message and title")
    assert f"Imported “{escape(title)}”" in html, "the success message"


def test_lockout_page_escapes_the_username(client, db, settings):
    username = hostile("login")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert response.status_code == 429, response.status_code
    html = response.content.decode()
    assert_no_raw(html, "lock-out page")
    assert f'value="{escape(username)}"' in html


# ----------------------------------------------------------------------------- ratings.css


def test_ratings_css_keeps_hostile_slugs_and_colours_inside_their_rule(client, world):
    """A slug or colour with ``}``, ``<`` or ``</style>`` saved straight to the database must not
    add CSS rules nor close a style element: each line of ratings.css is one rule for one class."""
    Rating.objects.create(
        slug="x{}body{display:none}</style><script>", label="A", color="#abcdef", position=100
    )
    Rating.objects.create(slug="y", label="B", color="#abc}b", position=101)
    Rating.objects.create(slug="z", label="C", color="</style", position=102)
    client.force_login(world.rev)
    response = client.get(reverse("articles:ratings_css"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert ".rating-true { --rating: " in css
    slug = r"\.rating-(?:[-A-Za-z0-9_]|\\[0-9a-fA-F]{1,6} ?|\\[^0-9a-fA-F\n])+"
    hex_ = r"#[0-9a-fA-F]{6}"
    rule = re.compile(
        rf"{slug} \{{ --rating: {hex_}; --rating-on: {hex_}; --rating-tint: {hex_}; --rating-ink: {hex_}; \}}"
        rf"|  {slug} \{{ --rating-tint: {hex_}; --rating-ink: {hex_}; \}}"  # inside the dark-scheme block
        r"|@media \(prefers-color-scheme: dark\) \{|\}"
    )
    bad = [line for line in css.splitlines() if line and not rule.fullmatch(line)]
    assert not bad, (
        "ratings.css: a rating slug breaks out of its rule (BUG in articles/views.py ratings_css: "
        "it checks the colour against #rrggbb but writes the slug unchecked; skip ratings whose slug "
        "is not [-a-zA-Z0-9_]+, e.g. `_SLUG = re.compile(r'[-a-zA-Z0-9_]+')` and "
        "`if _HEX.fullmatch(r.color or '') and _SLUG.fullmatch(r.slug):`): " + repr(bad)
    )
    assert "</style" not in css and "body{" not in css


# ----------------------------------------------------------------------------- the admin


@pytest.fixture
def root(db, django_user_model):
    """A superuser with a hostile name (the admin greets them by it)."""
    return django_user_model.objects.create_superuser(
        username=hostile("root"), password=None, first_name=hostile("rootF")
    )


def _admin(client, user, where: str, name: str, *args) -> str:
    client.force_login(user)
    return page(client, reverse(f"admin:{name}", args=args), f"admin {where}")


def test_admin_article_pages_escape(client, root, world):
    a = world.a
    assert_escaped(_admin(client, root, "index", "index"), root.first_name, "admin index greeting")
    html = _admin(client, root, "article list", "articles_article_changelist")
    assert_escaped(html, root.first_name, "admin greeting")
    for value in (a.title, a.publisher, world.b.title):
        assert_escaped(html, value, "admin article list (columns, publisher filter)")
    assert '<progress max="100" value="' in html, "the progress column's own markup is kept"
    html = _admin(client, root, "article change", "articles_article_change", a.pk)
    for value in (a.title, a.publisher, a.byline, a.dateline, a.url):
        assert f'value="{escape(value)}"' in html, f"admin article form: {value[:20]!r}"
    for bullet in a.summary:
        assert_escaped(html, bullet, "admin article summary (JSON)", as_json=True)
    assert_escaped(html, hostile("gap"), "admin article text (read-only)")
    for value in (world.c1.text, world.c1.speaker, world.rev.username):
        assert_escaped(html, value, "admin claim inline")
    assert f'<a href="{reverse("articles:detail", args=[a.pk])}">Claims of this article</a>' in html


def test_admin_claim_pages_escape(client, root, world):
    html = _admin(client, root, "claim list", "articles_claim_changelist")
    for claim in (world.c1, world.c2, world.c3):
        assert_escaped(html, claim.text, "admin claim list short text", limit=90)
    assert f">{escape(world.a.title[:50])}</a>" in html, "admin claim list article link"
    assert_escaped(html, world.c1.speaker, "admin claim list speaker")
    assert_escaped(html, world.rev.username, "admin claim list assignee (column and filter)")
    assert_escaped(html, world.rating.label, "admin claim list rating filter")
    assert_escaped(html, world.a.publisher, "admin claim list publisher filter")
    html = _admin(client, root, "claim 1", "articles_claim_change", world.c1.pk)
    assert_escaped(html, world.c1.text, "admin claim text (read-only)")
    assert f'value="{escape(world.c1.speaker)}"' in html, "admin claim speaker input"
    assert_escaped(html, world.c1.cues[0], "admin claim cues (JSON)", as_json=True)
    assert_escaped(html, world.a.title, "admin claim's article")
    assert_escaped(html, world.rev.username, "admin claim assignee choice")
    assert_escaped(
        _admin(client, root, "claim 2", "articles_claim_change", world.c2.pk),
        world.c2.dismissed_reason,
        "admin dismissed reason",
    )
    html = _admin(client, root, "claim 3", "articles_claim_change", world.c3.pk)
    assert_escaped(html, world.history.note, "admin history inline note")
    assert_escaped(html, hostile("old"), "admin history inline changes (JSON)", as_json=True)
    assert_escaped(html, world.ed.username, "admin history inline actor")


def test_admin_verdict_source_rating_history_user_pages_escape(client, root, world):
    html = _admin(client, root, "verdict list", "articles_verdict_changelist")
    assert_escaped(html, world.rating.label, "admin verdict list rating (column, filter)")
    assert_escaped(html, world.rev.username, "admin verdict list reviewer")
    html = _admin(client, root, "verdict change", "articles_verdict_change", world.v3.pk)
    assert_escaped(html, world.v3.rationale, "admin verdict rationale")
    assert_escaped(html, world.rating.label, "admin verdict rating choice")
    assert_escaped(html, world.ed.username, "admin verdict approved by")
    for value in (world.source.title, world.source.publisher, world.source.url, world.source.quote):
        assert_escaped(html, value, "admin source inline (read-only: another reviewer's verdict)")
    html = _admin(client, root, "source list", "articles_source_changelist")
    for value in (world.source.url, world.source.title, world.source.publisher):
        assert_escaped(html, value, "admin source list")
    html = _admin(client, root, "source change", "articles_source_change", world.source.pk)
    assert_escaped(html, world.source.quote, "admin source quote")
    assert_escaped(html, world.source.archive_url, "admin source archive url (read-only)")
    # a colour Rating.clean refuses, stored anyway
    odd = Rating.objects.create(slug="odd-colour", label="Odd", color="<i>'\"&", position=98)
    html = _admin(client, root, "rating list", "articles_rating_changelist")
    for value in (world.rating.label, world.rating.slug, odd.color):
        assert_escaped(html, value, "admin rating list")
    html = _admin(client, root, "rating change", "articles_rating_change", world.rating.pk)
    assert f'value="{escape(world.rating.slug)}"' in html and f'value="{escape(world.rating.label)}"' in html
    assert_escaped(html, world.rating.description, "admin rating description")
    html = _admin(client, root, "history list", "articles_history_changelist")
    assert_escaped(html, world.history.note, "admin history list note")
    assert_escaped(html, world.ed.username, "admin history list actor")
    assert_escaped(html, world.a.title, "admin history list article")
    html = _admin(client, root, "history change", "articles_history_change", world.history.pk)
    assert_escaped(html, world.history.note, "admin history note (read-only)")
    assert_escaped(html, hostile("new"), "admin history changes (read-only JSON)", as_json=True)
    html = _admin(client, root, "user list", "auth_user_changelist")
    for value in (world.rev.username, world.rev.first_name, world.rev.last_name):
        assert_escaped(html, value, "admin user list")
    html = _admin(client, root, "user change", "auth_user_change", world.rev.pk)
    assert (
        f'value="{escape(world.rev.username)}"' in html and f'value="{escape(world.rev.first_name)}"' in html
    )


def test_admin_as_hostile_editor_escapes_their_name_and_action_messages(client, world):
    """The admin greets a user by first name; an action's message quotes an article's title."""
    client.force_login(world.ed)
    html = page(client, reverse("admin:articles_article_changelist"), "admin as editor")
    assert_escaped(html, world.ed.first_name, "admin greeting")
    html = page(client, reverse("admin:articles_claim_changelist"), "admin claim list as editor")
    assert_escaped(html, world.rating.label, "rating filter (editors see it)")
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "resplit_action", ACTION_CHECKBOX_NAME: [world.a.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert_no_raw(html, "admin action message")
    assert f"“{escape(world.a.title[:60])}”: kept " in html, "the re-split message quotes the title, escaped"
