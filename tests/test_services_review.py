"""The review-workbench services: claim boundaries (set bounds, split, merge), verdict + sources
in one submit, reusing a verdict, and the editor's second review."""

from __future__ import annotations

import itertools

import pytest

from articles import services
from articles.models import Claim, History, Source, Verdict, check_claim_offsets
from articles.policy import Denied
from articles.selectors import split_points
from articles.services import ServiceError, SourceChange, StaleVersionError
from articles.text import checkworthiness
from articles.text.fingerprint import fingerprint

pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------- helpers


def _claim(article, position: int) -> Claim:
    return Claim.objects.select_related("article").get(article=article, position=position)


def _snapshot():
    """Everything a refused call must leave alone."""
    claims = list(
        Claim.objects.order_by("pk").values_list(
            "pk", "article_id", "position", "start", "end", "text", "version", "fingerprint",
            "checkworthiness", "cues", "duplicate_of_id", "status",
        )
    )  # fmt: skip
    verdicts = list(Verdict.objects.order_by("pk").values_list("pk", "rating_id", "rationale", "version", "approved_at"))
    sources = list(Source.objects.order_by("pk").values_list("pk", "verdict_id", "url", "title", "position"))
    history = list(History.objects.order_by("pk").values_list("pk", flat=True))
    return claims, verdicts, sources, history


def _assert_claims_consistent(article) -> None:
    """The invariants every boundary edit must keep: texts match offsets, positions 1..N in
    reading order, no overlaps."""
    claims = list(Claim.objects.filter(article=article).order_by("position"))
    assert [c.position for c in claims] == list(range(1, len(claims) + 1))
    for c in claims:
        check_claim_offsets(article.text, c.start, c.end, c.text)
        assert c.text == c.text.strip()
    for a, b in itertools.pairwise(claims):
        assert a.end <= b.start, (a, b)


def _word_start(claim: Claim, n: int) -> int:
    """Article-text offset of the n-th word (0-based) of the claim."""
    return split_points(claim)[n - 1][0]


def _positions(article) -> dict[int, int]:
    return dict(Claim.objects.filter(article=article).values_list("pk", "position"))


def _assert_derived_fields_follow_text(claim: Claim) -> None:
    score = checkworthiness.score(claim.text)
    assert claim.fingerprint == fingerprint(claim.text)
    assert claim.checkworthiness == pytest.approx(score.value, abs=1e-4)
    assert claim.cues == list(score.cues)


# ----------------------------------------------------------------------------- claim_set_bounds


def test_set_bounds_moves_trims_and_rescores(seeded, editor):
    lith = seeded[0]
    claim = _claim(lith, 5)
    old = (claim.start, claim.end, claim.text, claim.version, claim.fingerprint)
    # start on the space before the 3rd word, end just after a space inside the sentence:
    # both ends are trimmed to the words
    third = _word_start(claim, 3)
    eighth = _word_start(claim, 8)
    assert lith.text[third - 1] == " " and lith.text[eighth - 1] == " "
    result = services.claim_set_bounds(claim=claim, start=third - 1, end=eighth, actor=editor, version=claim.version)

    claim.refresh_from_db()
    assert (claim.start, claim.end) == (third, eighth - 1)
    assert claim.text == lith.text[third : eighth - 1] and claim.text == claim.text.strip()
    assert result.pk == claim.pk and result.text == claim.text
    assert claim.text != old[2] and claim.fingerprint != old[4]
    _assert_derived_fields_follow_text(claim)
    assert claim.version == old[3] + 1
    h = History.objects.get(claim=claim)
    assert h.entity == "claim" and h.action == "update" and h.actor == editor
    assert h.changes["start"] == [old[0], third]
    assert h.changes["end"] == [old[1], eighth - 1]
    assert h.changes["text"] == [old[2], claim.text]
    _assert_claims_consistent(lith)


def test_set_bounds_can_grow_into_the_gap_up_to_the_neighbours(seeded, editor):
    lith = seeded[0]
    before, claim, after = _claim(lith, 4), _claim(lith, 5), _claim(lith, 6)
    # the widest span allowed: from the previous claim's end to the next one's start
    services.claim_set_bounds(claim=claim, start=before.end, end=after.start, actor=editor)
    claim.refresh_from_db()
    # the white space between the claims is trimmed away again: nothing moved
    assert (claim.start, claim.end) == (544, 808)
    assert claim.version == 1 and not History.objects.exists()


def test_set_bounds_with_the_same_span_changes_nothing(seeded, editor):
    claim = _claim(seeded[0], 5)
    services.claim_set_bounds(claim=claim, start=claim.start, end=claim.end, actor=editor, version=1)
    claim.refresh_from_db()
    assert claim.version == 1 and not History.objects.exists()


def test_set_bounds_recomputes_the_duplicate_link(seeded, editor):
    ukr = seeded[1]
    original = _claim(ukr, 2)
    copy = _claim(ukr, 8)
    assert copy.duplicate_of_id == original.pk
    # dropping the final full stop keeps the fingerprint (punctuation is ignored): still a copy
    assert copy.text.endswith(".")
    services.claim_set_bounds(claim=copy, start=copy.start, end=copy.end - 1, actor=editor)
    copy.refresh_from_db()
    assert copy.text == original.text[:-1] and copy.duplicate_of_id == original.pk
    # dropping a word makes it a sentence of its own
    services.claim_set_bounds(claim=copy, start=_word_start(copy, 1), end=copy.end, actor=editor)
    copy.refresh_from_db()
    assert copy.duplicate_of_id is None and copy.fingerprint == fingerprint(copy.text)


def test_set_bounds_on_an_original_frees_its_copies(seeded, editor):
    ukr = seeded[1]
    original, copy = _claim(ukr, 2), _claim(ukr, 8)
    services.claim_set_bounds(claim=original, start=_word_start(original, 1), end=original.end, actor=editor)
    copy.refresh_from_db()
    assert copy.duplicate_of_id is None


@pytest.mark.parametrize(
    ("position", "span", "message"),
    [
        (5, lambda c, b, a: (b.end - 1, c.end), "overlaps claim #4"),
        (5, lambda c, b, a: (b.start, c.end), "overlaps claim #4"),
        (5, lambda c, b, a: (c.start, a.start + 1), "overlaps claim #6"),
        (5, lambda c, b, a: (c.start, a.end), "overlaps claim #6"),
    ],
)
def test_set_bounds_refuses_overlapping_a_neighbour(seeded, editor, position, span, message):
    lith = seeded[0]
    claim, before, after = _claim(lith, position), _claim(lith, position - 1), _claim(lith, position + 1)
    start, end = span(claim, before, after)
    state = _snapshot()
    with pytest.raises(ServiceError, match=message):
        services.claim_set_bounds(claim=claim, start=start, end=end, actor=editor)
    assert _snapshot() == state


def test_set_bounds_refuses_offsets_outside_the_text(seeded, editor):
    lith = seeded[0]
    first, last = _claim(lith, 1), Claim.objects.filter(article=lith).order_by("position").last()
    n = len(lith.text)
    state = _snapshot()
    with pytest.raises(ServiceError, match="outside the article text"):
        services.claim_set_bounds(claim=first, start=-1, end=first.end, actor=editor)
    with pytest.raises(ServiceError, match="outside the article text"):
        services.claim_set_bounds(claim=last, start=last.start, end=n + 1, actor=editor)
    with pytest.raises(ServiceError, match="outside the article text"):
        services.claim_set_bounds(claim=last, start=last.start + 5, end=last.start + 5, actor=editor)
    with pytest.raises(ServiceError, match="outside the article text"):
        services.claim_set_bounds(claim=last, start=last.end, end=last.start, actor=editor)
    assert _snapshot() == state


def test_set_bounds_refuses_a_white_space_span(seeded, editor):
    lith = seeded[0]
    before, claim = _claim(lith, 4), _claim(lith, 5)
    gap = (before.end, claim.start)
    assert gap[0] < gap[1] and not lith.text[gap[0] : gap[1]].strip()
    state = _snapshot()
    with pytest.raises(ServiceError, match="white space"):
        services.claim_set_bounds(claim=claim, start=gap[0], end=gap[1], actor=editor)
    assert _snapshot() == state


def test_set_bounds_refuses_a_stale_version(seeded, editor):
    claim = _claim(seeded[0], 5)
    services.claim_set_bounds(claim=claim, start=_word_start(claim, 1), end=claim.end, actor=editor, version=1)
    state = _snapshot()
    with pytest.raises(StaleVersionError):
        services.claim_set_bounds(claim=claim, start=_word_start(claim, 2), end=claim.end, actor=editor, version=1)
    assert _snapshot() == state
    assert Claim.objects.get(pk=claim.pk).version == 2


def test_set_bounds_refuses_a_claim_with_verdicts(seeded, editor, reviewer, ratings):
    claim = _claim(seeded[0], 5)
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"])
    state = _snapshot()
    with pytest.raises(ServiceError, match="#5 has verdicts") as err:
        services.claim_set_bounds(claim=claim, start=_word_start(claim, 1), end=claim.end, actor=editor)
    assert not isinstance(err.value, StaleVersionError)
    assert _snapshot() == state


# ----------------------------------------------------------------------------- claim_split


def test_split_a_middle_claim(seeded, editor):
    lith, ukr = seeded
    claim = _claim(lith, 5)
    original = (claim.start, claim.end, claim.text)
    other_article = _snapshot()[0]
    other_article = [row for row in other_article if row[1] == ukr.pk]
    before = _positions(lith)
    at = _word_start(claim, 6)

    first, second = services.claim_split(claim=claim, at=at, actor=editor, version=claim.version)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pk == claim.pk and second.pk not in before
    assert (first.position, second.position) == (5, 6)
    assert (first.start, first.end) == (original[0], at - 1)  # the space before the split is trimmed
    assert (second.start, second.end) == (at, original[1])
    assert first.text + lith.text[first.end : second.start] + second.text == original[2]
    for part in (first, second):
        assert part.text == lith.text[part.start : part.end]
        _assert_derived_fields_follow_text(part)
    assert first.version == 2 and second.version == 1
    assert second.kind == claim.kind and second.status == "unreviewed"
    # every later claim moved one place down, earlier ones stayed
    after = _positions(lith)
    for pk, pos in before.items():
        assert after[pk] == (pos + 1 if pos > 5 else pos)
    _assert_claims_consistent(lith)
    # the other article is untouched
    assert [row for row in _snapshot()[0] if row[1] == ukr.pk] == other_article
    h1 = History.objects.get(claim=first)
    assert h1.action == "update" and h1.changes["end"] == [original[1], at - 1] and "split at" in h1.note
    h2 = History.objects.get(claim=second)
    assert h2.action == "create" and h2.actor == editor
    assert h2.changes == {"start": [None, at], "end": [None, original[1]]}


def test_split_the_last_claim(seeded, editor):
    lith = seeded[0]
    n = Claim.objects.filter(article=lith).count()
    last = _claim(lith, n)
    at = split_points(last)[-1][0]
    first, second = services.claim_split(claim=last, at=at, actor=editor)
    assert (first.position, second.position) == (n, n + 1)
    assert Claim.objects.get(pk=second.pk).text == lith.text[at : last.end]
    _assert_claims_consistent(lith)


def test_split_inside_a_word_is_allowed(seeded, editor):
    lith = seeded[0]
    claim = _claim(lith, 3)
    first, second = services.claim_split(claim=claim, at=claim.start + 3, actor=editor)
    assert first.text == lith.text[claim.start : claim.start + 3]
    assert second.text == lith.text[claim.start + 3 : claim.end]
    _assert_claims_consistent(lith)


def test_split_of_an_original_frees_its_copies(seeded, editor):
    ukr = seeded[1]
    original, copy = _claim(ukr, 2), _claim(ukr, 8)
    services.claim_split(claim=original, at=_word_start(original, 4), actor=editor)
    copy.refresh_from_db()
    assert copy.duplicate_of_id is None
    assert _claim(ukr, 9).pk == copy.pk
    _assert_claims_consistent(ukr)


def test_split_refuses_a_point_outside_the_claim(seeded, editor):
    claim = _claim(seeded[0], 5)
    state = _snapshot()
    for at in (claim.start, claim.end, claim.start - 1, claim.end + 1, 0):
        with pytest.raises(ServiceError, match="not inside the claim"):
            services.claim_split(claim=claim, at=at, actor=editor)
    assert _snapshot() == state


def test_split_refuses_a_blank_part(seeded, editor):
    lith = seeded[0]
    claim = _claim(lith, 5)
    # a claim that starts on white space (not made by the services, but possible in old data)
    assert lith.text[claim.start - 1].isspace() and _claim(lith, 4).end < claim.start - 1
    Claim.objects.filter(pk=claim.pk).update(start=claim.start - 1, text=lith.text[claim.start - 1 : claim.end])
    claim.refresh_from_db()
    state = _snapshot()
    with pytest.raises(ServiceError, match="both parts"):
        services.claim_split(claim=claim, at=claim.start + 1, actor=editor)
    assert _snapshot() == state


def test_split_refuses_a_stale_version_and_claims_with_verdicts(seeded, editor, reviewer, ratings):
    lith = seeded[0]
    claim = _claim(lith, 5)
    at = _word_start(claim, 3)
    state = _snapshot()
    with pytest.raises(StaleVersionError):
        services.claim_split(claim=claim, at=at, actor=editor, version=claim.version + 1)
    assert _snapshot() == state
    services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["false"])
    state = _snapshot()
    with pytest.raises(ServiceError, match="has verdicts"):
        services.claim_split(claim=claim, at=at, actor=editor)
    assert _snapshot() == state


# ----------------------------------------------------------------------------- claim_merge


def test_merge_with_the_next_claim(seeded, editor):
    lith = seeded[0]
    claim, nxt = _claim(lith, 5), _claim(lith, 6)
    n = Claim.objects.filter(article=lith).count()
    before = _positions(lith)

    merged = services.claim_merge(claim=claim, actor=editor, version=claim.version)

    merged.refresh_from_db()
    assert merged.pk == claim.pk and merged.position == 5
    assert (merged.start, merged.end) == (claim.start, nxt.end)
    assert merged.text == lith.text[claim.start : nxt.end]
    assert merged.text.startswith(claim.text) and merged.text.endswith(nxt.text)
    _assert_derived_fields_follow_text(merged)
    assert merged.version == claim.version + 1
    assert not Claim.objects.filter(pk=nxt.pk).exists()
    assert Claim.objects.filter(article=lith).count() == n - 1
    after = _positions(lith)
    for pk, pos in before.items():
        if pk != nxt.pk:
            assert after[pk] == (pos - 1 if pos > 6 else pos)
    _assert_claims_consistent(lith)
    h = History.objects.get(claim=merged)
    assert h.action == "update" and h.changes["end"] == [claim.end, nxt.end] and "#6" in h.note
    gone = History.objects.get(entity="claim", object_id=nxt.pk)
    assert gone.action == "delete" and gone.actor == editor and gone.changes["text"] == [nxt.text, None]
    assert gone.article_id == lith.pk


def test_merge_unlinks_copies_of_both_claims(seeded, editor):
    ukr = seeded[1]
    a, b = _claim(ukr, 2), _claim(ukr, 3)
    copy_a, copy_b = _claim(ukr, 8), _claim(ukr, 9)
    assert (copy_a.duplicate_of_id, copy_b.duplicate_of_id) == (a.pk, b.pk)
    services.claim_merge(claim=a, actor=editor)
    copy_a.refresh_from_db()
    copy_b.refresh_from_db()
    assert copy_a.duplicate_of_id is None and copy_b.duplicate_of_id is None
    _assert_claims_consistent(ukr)


def test_merge_refuses_the_last_claim(seeded, editor):
    lith = seeded[0]
    last = Claim.objects.filter(article=lith).order_by("position").last()
    state = _snapshot()
    with pytest.raises(ServiceError, match="last claim"):
        services.claim_merge(claim=last, actor=editor)
    assert _snapshot() == state


@pytest.mark.parametrize(("rated", "message"), [(5, "#5 has verdicts"), (6, "#6 has verdicts")])
def test_merge_refuses_claims_with_verdicts(seeded, editor, reviewer, ratings, rated, message):
    lith = seeded[0]
    services.verdict_save(claim=_claim(lith, rated), reviewer=reviewer, rating=ratings["true"])
    claim = _claim(lith, 5)
    state = _snapshot()
    with pytest.raises(ServiceError, match=message):
        services.claim_merge(claim=claim, actor=editor)
    assert _snapshot() == state


def test_merge_refuses_a_stale_version(seeded, editor):
    claim = _claim(seeded[0], 5)
    state = _snapshot()
    with pytest.raises(StaleVersionError):
        services.claim_merge(claim=claim, actor=editor, version=claim.version + 1)
    assert _snapshot() == state


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("position", [1, 5, 21])
def test_split_then_merge_restores_the_claim(seeded, editor, position):
    lith = seeded[0]
    claim = _claim(lith, position)
    keep = ("start", "end", "text", "fingerprint", "cues", "kind", "position")

    def state():
        c = Claim.objects.get(pk=claim.pk)
        return {f: getattr(c, f) for f in keep} | {"cw": round(c.checkworthiness, 4)}

    original, positions = state(), _positions(lith)
    points = [p for p, _label in split_points(claim)]
    assert len(points) >= 3
    for at in points[:: max(1, len(points) // 5)]:
        _first, second = services.claim_split(claim=Claim.objects.get(pk=claim.pk), at=at, actor=editor)
        assert second.position == position + 1
        services.claim_merge(claim=Claim.objects.get(pk=claim.pk), actor=editor)
        assert state() == original
        assert _positions(lith) == positions
    _assert_claims_consistent(lith)


# ----------------------------------------------------------------------------- verdict_submit


def _src(url: str, **fields) -> SourceChange:
    return SourceChange(source=Source(url=url, **fields))


def test_submit_creates_the_verdict_and_its_sources(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    v = services.verdict_submit(
        claim=claim,
        reviewer=reviewer,
        rating=ratings["mostly-true"],
        rationale="Matches the ministry's figures.",
        sources=[_src("https://example.com/a", title="A"), _src("http://example.org/b"), _src("https://example.net/c")],
    )
    v = Verdict.objects.get(pk=v.pk)
    assert (v.claim_id, v.reviewer, v.rating.slug, v.rationale) == (claim.pk, reviewer, "mostly-true", "Matches the ministry's figures.")
    rows = list(v.sources.values_list("url", "title", "position"))
    assert rows == [("https://example.com/a", "A", 0), ("http://example.org/b", "", 1), ("https://example.net/c", "", 2)]
    assert History.objects.filter(entity="verdict", action="create", object_id=v.pk).count() == 1
    assert History.objects.filter(entity="source", action="create", claim=claim).count() == 3
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"


def test_submit_edits_and_deletes_sources_and_moves_the_version(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    v = services.verdict_submit(
        claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="r",
        sources=[_src("https://example.com/a"), _src("https://example.com/b")],
    )  # fmt: skip
    version = Verdict.objects.get(pk=v.pk).version
    a, b = list(Source.objects.filter(verdict=v).order_by("position"))

    # nothing changed: no new version, no history
    history = History.objects.count()
    same = services.verdict_submit(
        claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="r", version=version,
        sources=[SourceChange(source=Source.objects.get(pk=a.pk))],
    )  # fmt: skip
    assert same.version == version and History.objects.count() == history

    # only a source's title changes: the verdict's version moves on
    a.title = "The annual report"
    v2 = services.verdict_submit(
        claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="r", version=version,
        sources=[SourceChange(source=a), SourceChange(source=b)],
    )  # fmt: skip
    assert v2.pk == v.pk and Verdict.objects.get(pk=v.pk).version == version + 1
    assert Source.objects.get(pk=a.pk).title == "The annual report"
    h = History.objects.filter(entity="source", object_id=a.pk).order_by("-id").first()
    assert h.action == "update" and h.changes == {"title": ["", "The annual report"]}

    # delete one, add one: the new one goes after the highest position in use
    v3 = services.verdict_submit(
        claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="r", version=version + 1,
        sources=[SourceChange(source=b, delete=True), _src("https://example.com/c")],
    )  # fmt: skip
    assert Verdict.objects.get(pk=v.pk).version == version + 2 == v3.version
    assert not Source.objects.filter(pk=b.pk).exists()
    assert list(Source.objects.filter(verdict=v).values_list("url", "position")) == [
        ("https://example.com/a", 0),
        ("https://example.com/c", 2),
    ]
    assert History.objects.filter(entity="source", object_id=b.pk, action="delete").exists()


def test_submit_with_a_bad_source_url_writes_nothing(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    state = _snapshot()
    with pytest.raises(ServiceError, match="http") as err:
        services.verdict_submit(
            claim=claim, reviewer=reviewer, rating=ratings["false"],
            sources=[_src("https://example.com/fine"), _src("ftp://example.com/report")],
        )  # fmt: skip
    assert not isinstance(err.value, StaleVersionError)
    assert _snapshot() == state
    assert not Verdict.objects.exists() and not Source.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == "unreviewed"


def test_submit_with_a_bad_source_keeps_the_old_verdict(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    v = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"], sources=[_src("https://a.example/")])
    state = _snapshot()
    with pytest.raises(ServiceError):
        services.verdict_submit(
            claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="changed my mind",
            version=Verdict.objects.get(pk=v.pk).version, sources=[_src("javascript:alert(1)")],
        )  # fmt: skip
    assert _snapshot() == state
    assert Verdict.objects.get(pk=v.pk).rating.slug == "true"


def test_submit_refuses_a_source_of_another_verdict(seeded, reviewer, reviewer2, ratings):
    lith = seeded[0]
    theirs = services.verdict_submit(
        claim=_claim(lith, 4), reviewer=reviewer2, rating=ratings["true"], sources=[_src("https://theirs.example/")]
    )
    foreign = Source.objects.get(verdict=theirs)
    mine = services.verdict_submit(claim=_claim(lith, 8), reviewer=reviewer, rating=ratings["true"])
    version = Verdict.objects.get(pk=mine.pk).version
    for change in (SourceChange(source=foreign, delete=True), SourceChange(source=foreign)):
        state = _snapshot()
        with pytest.raises(StaleVersionError):
            services.verdict_submit(
                claim=_claim(lith, 8), reviewer=reviewer, rating=ratings["false"], version=version, sources=[change]
            )
        assert _snapshot() == state
    assert Source.objects.get(pk=foreign.pk).verdict_id == theirs.pk


def test_submit_refuses_a_stale_verdict_version(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    v = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="first")
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="second", version=v.version)
    state = _snapshot()
    with pytest.raises(StaleVersionError):
        services.verdict_submit(
            claim=claim, reviewer=reviewer, rating=ratings["false"], rationale="stale", version=v.version,
            sources=[_src("https://example.com/x")],
        )  # fmt: skip
    assert _snapshot() == state
    assert Verdict.objects.get(pk=v.pk).rationale == "second"


def test_submit_status_with_one_verdict_required(seeded, reviewer, ratings):
    claim = _claim(seeded[0], 8)
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["half-true"])
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"


@pytest.mark.parametrize(("second", "status"), [("false", "disputed"), ("true", "reviewed")])
def test_submit_status_with_two_verdicts_required(settings, seeded, reviewer, reviewer2, ratings, second, status):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 8)
    services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    services.verdict_submit(claim=claim, reviewer=reviewer2, rating=ratings[second])
    assert Claim.objects.get(pk=claim.pk).status == status


# ----------------------------------------------------------------------------- verdict_reuse


def _rated_with_sources(claim, reviewer, ratings, urls):
    return services.verdict_submit(
        claim=claim, reviewer=reviewer, rating=ratings["mostly-false"], rationale="Figures were revised later.",
        sources=[_src(u, title=f"T{i}", publisher="Pub", quote="q") for i, u in enumerate(urls)],
    )  # fmt: skip


def test_reuse_copies_rating_rationale_and_sources(seeded, reviewer, reviewer2, ratings):
    lith = seeded[0]
    original = _rated_with_sources(_claim(lith, 8), reviewer2, ratings, ["https://a.example/1", "https://b.example/2"])
    target = _claim(lith, 9)
    v = services.verdict_reuse(claim=target, reviewer=reviewer, original=original)
    v = Verdict.objects.get(pk=v.pk)
    assert (v.claim_id, v.reviewer) == (target.pk, reviewer)
    assert v.rating == original.rating and v.rationale == original.rationale
    copied = list(v.sources.values_list("url", "title", "publisher", "quote", "position"))
    assert copied == [("https://a.example/1", "T0", "Pub", "q", 0), ("https://b.example/2", "T1", "Pub", "q", 1)]
    # copies, not moves
    assert Source.objects.filter(verdict=original).count() == 2
    h = History.objects.get(entity="verdict", object_id=v.pk)
    assert f"#{original.pk}" in h.note and "reused" in h.note
    assert Claim.objects.get(pk=target.pk).status == "reviewed"


def test_reuse_does_not_repeat_a_source_already_cited(seeded, reviewer, reviewer2, ratings):
    lith = seeded[0]
    original = _rated_with_sources(_claim(lith, 8), reviewer2, ratings, ["https://a.example/1", "https://b.example/2"])
    target = _claim(lith, 9)
    mine = services.verdict_submit(
        claim=target, reviewer=reviewer, rating=ratings["true"], sources=[_src("https://b.example/2", title="mine")]
    )
    v = services.verdict_reuse(claim=target, reviewer=reviewer, original=original, version=mine.version)
    assert v.pk == mine.pk
    rows = list(Source.objects.filter(verdict=v).values_list("url", "title"))
    assert sorted(rows) == [("https://a.example/1", "T0"), ("https://b.example/2", "mine")]
    assert Verdict.objects.get(pk=v.pk).rating == original.rating


def test_reuse_refuses_a_verdict_of_the_same_claim(seeded, reviewer, reviewer2, ratings):
    claim = _claim(seeded[0], 8)
    original = _rated_with_sources(claim, reviewer2, ratings, ["https://a.example/1"])
    state = _snapshot()
    with pytest.raises(ServiceError, match="same claim"):
        services.verdict_reuse(claim=claim, reviewer=reviewer, original=original)
    assert _snapshot() == state


# ----------------------------------------------------------------------------- second review


def test_editor_settles_a_dispute_and_can_return_it(settings, seeded, editor, reviewer, reviewer2, ratings):
    settings.FACTCHECK_VERDICTS_REQUIRED = 2
    claim = _claim(seeded[0], 8)
    v1 = services.verdict_submit(claim=claim, reviewer=reviewer, rating=ratings["true"])
    v2 = services.verdict_submit(claim=claim, reviewer=reviewer2, rating=ratings["false"])
    assert Claim.objects.get(pk=claim.pk).status == "disputed"

    # a reviewer cannot settle it
    state = _snapshot()
    with pytest.raises(Denied, match="only editors"):
        services.verdict_approve(verdict=v2, editor=reviewer)
    with pytest.raises(Denied, match="only editors"):
        services.verdict_return(claim=claim, editor=reviewer, note="no")
    assert _snapshot() == state

    services.verdict_approve(verdict=v2, editor=editor, note="second source is right")
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    assert Verdict.objects.get(pk=v2.pk).approved_by == editor
    assert not Verdict.objects.get(pk=v1.pk).is_approved
    # an approved outcome is changed by returning the claim first, never by a second approval
    with pytest.raises(ServiceError, match="only a reviewed or disputed claim can be approved"):
        services.verdict_approve(verdict=v1, editor=editor)
    assert list(Verdict.objects.filter(claim=claim, approved_at__isnull=False).values_list("pk", flat=True)) == [v2.pk]

    services.verdict_return(claim=claim, editor=editor, note="Check the date of the figures")
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert not Verdict.objects.filter(claim=claim, approved_at__isnull=False).exists()
    assert not Verdict.objects.filter(claim=claim, approved_by__isnull=False).exists()
    ret = History.objects.filter(claim=claim, action="return").get()
    assert ret.actor == editor and ret.note == "Check the date of the figures"
    assert ret.changes["status"] == ["approved", "in_review"]
    # a reviewer's new save after the return brings the status back from the verdicts
    services.verdict_submit(claim=claim, reviewer=reviewer2, rating=ratings["true"], version=Verdict.objects.get(pk=v2.pk).version)
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
