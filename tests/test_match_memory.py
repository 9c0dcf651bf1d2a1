"""Matching many claims from a worker's in-memory snapshot of the index (articles/match_memory.py)
ranks exactly as the database path does, and notices when the index changes."""

from __future__ import annotations

import random

import pytest

from articles import match_memory, matching
from articles.models import Claim, ClaimMatch, FactCheck, MatchSettings, Verdict

WORDS = ["senate", "vaccine", "border", "tax", "inflation", "million", "billion", "percent", "jobs", "wages", "climate", "wildfire", "drought", "election", "ballots", "fraud", "governor", "mayor", "police", "crime", "schools", "teachers", "students", "hospital", "nurses", "covid", "masks", "lockdown", "oil", "prices", "gas", "electricity", "wind", "solar", "coal", "budget", "deficit", "debt", "military", "ukraine", "russia", "china", "tariffs", "farmers", "immigrants", "asylum", "court", "ruling", "abortion", "guns", "shooting"]


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
        FactCheck.objects.create(claim_reviewed=_sentence(rng), headline=_sentence(rng), url=f"https://fc.example/{i}")
        for i in range(260)
    ]
    checked = list(Claim.objects.order_by("pk")[:40:3])
    for claim in checked:
        Verdict.objects.create(claim=claim, reviewer=reviewer, rating=ratings["false"])
    own = [FactCheck.objects.create(claim=c, claim_reviewed=c.text, headline=c.text[:60], url=f"https://us.example/{c.pk}") for c in checked[:5]]
    matching.index_targets(factcheck_ids=[f.pk for f in fcs + own], claim_ids=[c.pk for c in checked])
    match_memory.forget()
    yield rng
    match_memory.forget()


def _queries(rng: random.Random) -> list[Claim]:
    claims = list(Claim.objects.order_by("pk"))
    return claims + [Claim(pk=10_000_000 + i, article_id=claims[0].article_id, text=_sentence(rng)) for i in range(60)]


def _both(snap, claim: Claim, top: int):
    q = matching._query(claim.text)
    db = matching._rank(q, against="all", top=top, exclude_claim_ids=[claim.pk], exclude_article_id=claim.article_id)
    mem = matching._rank_memory(snap, q, top=top, exclude_claim_id=claim.pk, exclude_article_id=claim.article_id)
    key = lambda ranked: [(s, lex, sem, row[0], row[1], row[2], row[3], row[4], row[8]) for s, lex, sem, row in ranked]
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


def test_claims_match_stores_the_same_suggestions_either_way(collection, monkeypatch):
    ids = list(Claim.objects.values_list("pk", flat=True))
    MatchSettings.objects.update_or_create(pk=1, defaults={"related_threshold": 0.2, "likely_threshold": 0.6})
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 10**9)  # the database path
    matching.claims_match(ids)
    by_db = sorted(ClaimMatch.objects.values_list("claim_id", "factcheck_id", "other_claim_id", "score", "tier"))
    assert by_db
    ClaimMatch.objects.all().delete()
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 1)  # the snapshot
    loads = []
    real_load = match_memory.Snapshot.load
    monkeypatch.setattr(match_memory.Snapshot, "load", classmethod(lambda cls, key: loads.append(key) or real_load(key)))
    matching.claims_match(ids)
    assert len(loads) == 1
    assert sorted(ClaimMatch.objects.values_list("claim_id", "factcheck_id", "other_claim_id", "score", "tier")) == by_db


def test_snapshot_is_reused_until_the_index_changes(collection):
    first = match_memory.current(claims=match_memory.MIN_CLAIMS)
    assert first is not None and match_memory.current(claims=1) is first  # loaded: reused for any batch
    fc = FactCheck.objects.create(claim_reviewed="Wombats dug 4,000 new burrows in the drought.", headline="", url="https://fc.example/new")
    matching.index_targets(factcheck_ids=[fc.pk])
    assert match_memory.current(claims=1) is None  # changed, and too few claims to load it again
    second = match_memory.current(claims=match_memory.MIN_CLAIMS)
    assert second is not first and fc.pk in second.factcheck_id.tolist()
    # a removed target changes the key too
    FactCheck.objects.filter(pk=fc.pk).delete()
    matching.index_targets(factcheck_ids=[fc.pk])
    third = match_memory.current(claims=match_memory.MIN_CLAIMS)
    assert third is not second and fc.pk not in third.factcheck_id.tolist()


def test_a_new_target_is_found_by_the_next_batch(collection, monkeypatch):
    monkeypatch.setattr(match_memory, "MIN_CLAIMS", 1)
    claim = Claim.objects.exclude(verdicts__isnull=False).order_by("pk").first()
    matching.claims_match([claim.pk])
    fc = FactCheck.objects.create(claim_reviewed=claim.text, headline="", url="https://fc.example/same")
    matching.index_targets(factcheck_ids=[fc.pk])
    matching.claims_match([claim.pk])
    assert ClaimMatch.objects.filter(claim=claim, factcheck=fc, tier="likely").exists()


def test_no_snapshot_for_a_few_claims_or_a_huge_index(collection, monkeypatch):
    assert match_memory.current(claims=match_memory.MIN_CLAIMS - 1) is None
    monkeypatch.setattr(match_memory, "MAX_DOCS", 10)
    assert match_memory.current(claims=10**6) is None
