"""Matching many claims from a worker's in-memory snapshot of the index (articles/match_memory.py)
ranks exactly as the database path does, and notices when the index changes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from articles import match_memory, matching
from articles.models import Claim, ClaimMatch, FactCheck, MatchSettings, Verdict
from articles.text import match as tm

WORDS = [
    "senate",
    "vaccine",
    "border",
    "tax",
    "inflation",
    "million",
    "billion",
    "percent",
    "jobs",
    "wages",
    "climate",
    "wildfire",
    "drought",
    "election",
    "ballots",
    "fraud",
    "governor",
    "mayor",
    "police",
    "crime",
    "schools",
    "teachers",
    "students",
    "hospital",
    "nurses",
    "covid",
    "masks",
    "lockdown",
    "oil",
    "prices",
    "gas",
    "electricity",
    "wind",
    "solar",
    "coal",
    "budget",
    "deficit",
    "debt",
    "military",
    "ukraine",
    "russia",
    "china",
    "tariffs",
    "farmers",
    "immigrants",
    "asylum",
    "court",
    "ruling",
    "abortion",
    "guns",
    "shooting",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 60) * 1000:,}")
    if rng.random() < 0.3:
        words += words[:3]  # repeated terms: counts above one
    return " ".join(words).capitalize() + "."


@pytest.fixture
def collection(seeded, ratings, reviewer):
    """Random fact-checks over a small vocabulary (many shared terms, ties, repeats), plus claims
    of the demo articles with verdicts (targets of the kind "claim", and our own fact-checks
    about some of them: the de-duplication path)."""
    rng = random.Random(20261201)
    fcs = [
        FactCheck.objects.create(
            claim_reviewed=_sentence(rng), headline=_sentence(rng), url=f"https://fc.example/{i}"
        )
        for i in range(260)
    ]
    checked = list(Claim.objects.order_by("pk")[:40:3])
    for claim in checked:
        Verdict.objects.create(claim=claim, reviewer=reviewer, rating=ratings["false"])
    own = [
        FactCheck.objects.create(
            claim=c, claim_reviewed=c.text, headline=c.text[:60], url=f"https://us.example/{c.pk}"
        )
        for c in checked[:5]
    ]
    matching.index_targets(factcheck_ids=[f.pk for f in fcs + own], claim_ids=[c.pk for c in checked])
    match_memory.forget()
    yield rng
    match_memory.forget()


def _queries(rng: random.Random) -> list[Claim]:
    claims = list(Claim.objects.order_by("pk"))
    return claims + [
        Claim(pk=10_000_000 + i, article_id=claims[0].article_id, text=_sentence(rng)) for i in range(60)
    ]


def _both(snap, claim: Claim, top: int):
    q = matching._query(claim.text)
    db = matching._rank(
        q, against="all", top=top, exclude_claim_ids=[claim.pk], exclude_article_id=claim.article_id
    )
    mem = matching._rank_memory(
        snap, q, top=top, exclude_claim_id=claim.pk, exclude_article_id=claim.article_id
    )
    key = lambda ranked: [
        (s, lex, sem, row[0], row[1], row[2], row[3], row[4], row[8]) for s, lex, sem, row in ranked
    ]
    return key(db), key(mem)


@pytest.mark.parametrize("candidates", [1000, 7])
def test_memory_ranking_equals_the_database_ranking(collection, monkeypatch, candidates):
    # 7 candidates: the cap bites (rarest terms only, and "both rarest, newest first" when even the
    # rarest term is more common than the cap)
    monkeypatch.setattr(matching, "CANDIDATES", candidates)
    snap = match_memory.Snapshot.load(match_memory._key())
    compared = nonempty = 0
    for claim in _queries(collection):
        db, mem = _both(snap, claim, top=5)
        assert mem == db, claim.text
        compared += 1
        nonempty += bool(db)
    assert compared > 100 and nonempty > 60


STORED = (
    "claim_id",
    "factcheck_id",
    "other_claim_id",
    "score",
    "tier",
    "lexical",
    "semantic",
    "shared",
    "status",
)


def _stored() -> list[tuple]:
    return sorted(ClaimMatch.objects.values_list(*STORED), key=repr)


def _copies(rng: random.Random) -> list[int]:
    """Claims that repeat other claims' texts: in the same article and in the other one (a copy
    of a claim with a verdict, in that claim's article, must not be matched with it: ranked on
    its own), some of them more than once; and one claim that repeats a fact-check word for word."""
    from articles.models import Article

    articles = list(Article.objects.order_by("pk"))
    made = []
    for i, claim in enumerate(Claim.objects.order_by("pk")[:24]):
        for article in articles:
            for copy in range(1 + i % 2):
                made.append(Claim.objects.create(
                    article=article, position=1000 + 10 * i + copy, start=0, end=len(claim.text), text=claim.text,
                ))  # fmt: skip
    fc = FactCheck.objects.order_by("pk").first()
    made.append(
        Claim.objects.create(
            article=articles[0], position=2000, start=0, end=len(fc.claim_reviewed), text=fc.claim_reviewed
        )
    )
    return [c.pk for c in made]


@pytest.mark.parametrize(("candidates", "related"), [(1000, 0.2), (1000, 0.5), (7, 0.2)])
def test_claims_match_stores_the_same_suggestions_either_way(collection, monkeypatch, candidates, related):
    monkeypatch.setattr(matching, "CANDIDATES", candidates)
    _copies(collection)
    ids = list(Claim.objects.values_list("pk", flat=True))
    MatchSettings.objects.update_or_create(
        pk=1, defaults={"related_threshold": related, "likely_threshold": 0.6}
    )
    # decisions: a rejected and a confirmed suggestion change what the next run stores
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 10**9)  # the database path
    matching.claims_match(ids)
    first = ClaimMatch.objects.order_by("claim_id", "-score")
    assert first.count() > 20
    rejected, confirmed = first[0], first[len(first) // 2]
    ClaimMatch.objects.filter(pk=rejected.pk).update(status=ClaimMatch.Status.REJECTED)
    ClaimMatch.objects.filter(pk=confirmed.pk).update(status=ClaimMatch.Status.CONFIRMED)
    decided = list(ClaimMatch.objects.exclude(status=ClaimMatch.Status.SUGGESTED).values_list(*STORED))
    matching.claims_match(ids)
    by_db = _stored()
    assert sum(1 for row in by_db if row[-1] == ClaimMatch.Status.SUGGESTED) > 20
    ClaimMatch.objects.filter(status=ClaimMatch.Status.SUGGESTED).delete()
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 1)  # the snapshot
    loads = []
    real_load = match_memory.Snapshot.load
    monkeypatch.setattr(
        match_memory.Snapshot, "load", classmethod(lambda cls, key: loads.append(key) or real_load(key))
    )
    matching.claims_match(ids)
    assert len(loads) == 1
    assert _stored() == by_db
    assert decided and all(row in by_db for row in decided)  # decisions left as they were


def test_lexical_candidates_and_bm25_are_the_database_paths_to_the_bit(collection, monkeypatch):
    snap = match_memory.Snapshot.load(match_memory._key())
    for candidates in (1000, 7):
        monkeypatch.setattr(matching, "CANDIDATES", candidates)
        claims = _queries(collection)
        units = [
            matching._Unit(matching._query(c.text), top=5, exclude_claim=c.pk, exclude_article=c.article_id)
            for c in claims
        ]
        owner, position, bm25, mass = matching._lexical_units(snap, units)
        compared = 0
        for i, claim in enumerate(claims):
            q = units[i].q
            df = matching._frequencies(q.terms)
            chosen, all_of = matching.choose_terms(df, budget=candidates)
            rows = (
                matching._candidates(
                    chosen,
                    all_of,
                    against="all",
                    exclude_claim_ids=[claim.pk],
                    exclude_article_id=claim.article_id,
                )
                if chosen
                else []
            )
            n_docs, avgdl = matching._stats()
            want = dict(
                zip(
                    (r[0] for r in rows),
                    tm.bm25_many(
                        set(q.terms), [r[6].split() for r in rows], df=df, n_docs=n_docs, avgdl=avgdl
                    ),
                    strict=True,
                )
            )
            mine = owner == i
            got = dict(zip(snap.ids[position[mine]].tolist(), bm25[mine].tolist(), strict=True))
            assert got == want, claim.text  # the same candidates, the same floats
            if mine.any():
                assert set(mass[mine].tolist()) == {tm.query_mass(set(q.terms), df=df, n_docs=n_docs) or 1.0}
            compared += len(got)
        assert compared > 300


def test_only_claims_that_can_reach_the_threshold_are_embedded(collection, monkeypatch):
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 1)
    claims = list(Claim.objects.values_list("pk", "text"))
    embedded = []
    real_embed = tm.embed
    monkeypatch.setattr(
        tm, "embed", lambda texts, **kw: embedded.append(len(texts)) or real_embed(texts, **kw)
    )
    counts = []
    for related in (0.99999, 0.999, 0.0):
        MatchSettings.objects.update_or_create(
            pk=1, defaults={"related_threshold": related, "likely_threshold": 0.999}
        )
        embedded.clear()
        matching.claims_match([pk for pk, _ in claims])
        counts.append(sum(embedded))
    # with no threshold every text with a candidate is embedded (each text once); the higher the
    # threshold, the fewer can still reach it (short random sentences over a small vocabulary
    # share much of their BM25 mass: only thresholds near 1 rule many out)
    assert counts[0] < counts[1] < counts[2] <= len({text for _, text in claims})


def test_an_empty_index_loads_and_finds_nothing(db):
    snap = match_memory.Snapshot.load(match_memory._key())
    assert len(snap.ids) == 0 and len(snap.post_doc) == 0
    q = matching._query("Wombats dug 4,000 new burrows in the drought.")
    assert matching._rank_memory(snap, q, top=5, exclude_claim_id=1, exclude_article_id=None) == []


@pytest.mark.parametrize("related", [0.3, 0.5, 0.8, 0.95])
def test_lexical_with_a_floor_keeps_every_candidate_that_can_reach_it_with_the_same_bm25(
    collection, monkeypatch, related
):
    snap = match_memory.Snapshot.load(match_memory._key())
    claims = _queries(collection) + list(Claim.objects.all()[:200])
    units = [
        matching._Unit(matching._query(c.text), top=5, exclude_claim=c.pk, exclude_article=c.article_id)
        for c in claims
    ]
    every = matching._lexical_units(snap, units)
    bar = matching._floor_blend(related)

    def reaching(owner, position, bm25, mass):
        lex = tm.LEX_WEIGHT * (bm25 / mass)
        keep = lex + (1.0 - tm.LEX_WEIGHT) >= bar - matching.MARGIN  # what _rank_units keeps first
        return sorted(zip(owner[keep].tolist(), position[keep].tolist(), bm25[keep].tolist(), strict=True))

    for optional in (0.5, 1.0):
        monkeypatch.setattr(match_memory, "OPTIONAL", optional)
        pruned = matching._lexical_units(snap, units, floor=related)
        assert (np.diff(pruned[0]) >= 0).all()  # grouped by unit
        full = set(zip(every[0].tolist(), every[1].tolist(), every[2].tolist(), strict=True))
        # only candidates of the full pass, with the same BM25 to the bit; none that could reach the floor lost
        assert set(zip(pruned[0].tolist(), pruned[1].tolist(), pruned[2].tolist(), strict=True)) <= full
        assert reaching(*pruned) == reaching(*every)
        if related >= 0.5:
            assert len(pruned[0]) < len(every[0])  # some left out unread
    assert len(reaching(*every)) > 20


def test_rough_cosines_by_unit_or_by_pair_rank_the_same(collection, monkeypatch):
    snap = match_memory.Snapshot.load(match_memory._key())
    claims = _queries(collection) + list(Claim.objects.all()[:200])
    rankings = []
    for group_min in (1, 10**9):  # every unit's candidates by a matrix-vector product / by pairs
        monkeypatch.setattr(matching, "GROUP_MIN", group_min)
        units = [
            matching._Unit(matching._query(c.text), top=5, exclude_claim=c.pk, exclude_article=c.article_id)
            for c in claims
        ]
        rankings.append(matching._rank_units(snap, units, floor=0.3))
    assert rankings[0] == rankings[1]
    assert sum(map(len, rankings[0])) > 50
