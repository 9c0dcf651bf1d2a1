"""The matcher's storage and retrieval (articles/matching.py), its command, API and admin page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import jobs, matching
from articles.match_models import MatchDoc, MatchStats, MatchTerm
from articles.models import Claim, ClaimMatch, FactCheck, Job, MatchSettings, Verdict
from articles.text import match as tm

FACTCHECKS = [
    ("122 detainees released from Guantanamo Bay under President Obama returned to terrorism.",
     "Did 122 Guantanamo Prisoners Released by Obama Return to the Battlefield?", "https://fc.example/gitmo"),
    ("70 per cent of the people arrested during protests in Charlotte had out-of-state IDs.",
     "70% of Arrested Charlotte Protesters Are Out-of-State", "https://fc.example/charlotte"),
    ("Drinking hot water every fifteen minutes kills the coronavirus in the throat.",
     "Does Hot Water Kill the Coronavirus?", "https://fc.example/hot-water"),
    ("The CBC deleted Donald Trump's cameo from its broadcast of Home Alone 2.",
     "Did CBC Cut Trump from Home Alone 2?", "https://fc.example/home-alone"),
    ("Lithuania bought 1,164 armoured vehicles from Germany in 2023.",
     "Did Lithuania Buy 1,164 Armoured Vehicles?", "https://fc.example/lithuania"),
    ("Wombats herded animals into their burrows to save them from the Australian bushfires.",
     "Are Wombats Saving Animals from Australian Fires?", "https://fc.example/wombats"),
    ("Lithuania declared 1,164 Russian and Belarusian citizens living there a threat to national security.",
     "Did Lithuania Declare 1,164 Russians and Belarusians Security Threats?", "https://fc.example/lithuania-threats"),
]  # fmt: skip


@pytest.fixture
def factchecks(db):
    made = [
        FactCheck.objects.create(claim_reviewed=c, headline=h, url=u, rating_text="False", publisher_name="Snopes")
        for c, h, u in FACTCHECKS
    ]
    matching.index_targets(factcheck_ids=[f.pk for f in made])
    return {f.url.rsplit("/", 1)[1]: f for f in made}


def test_index_stores_terms_embedding_and_statistics(factchecks):
    doc = MatchDoc.objects.get(factcheck=factchecks["lithuania"])
    assert doc.kind == "factcheck"
    assert "1164" in doc.terms.split() and "lithuania" in doc.terms.split()
    assert len(bytes(doc.embedding)) == 256
    stats = MatchStats.objects.get(pk=1)
    assert stats.docs == len(FACTCHECKS)
    assert stats.total_length == sum(d.length for d in MatchDoc.objects.all())
    assert MatchTerm.objects.get(term="lithuania").df == 2
    assert MatchTerm.objects.get(term="australian").df == 1


def test_match_text_finds_the_paraphrase_first(factchecks):
    found = matching.match_text("Obama freed 122 Guantanamo detainees who went back to terrorism", top=3)
    assert found[0].kind == "factcheck" and found[0].url == "https://fc.example/gitmo"
    assert found[0].score > found[1].score if len(found) > 1 else True
    assert "122" in found[0].shared["numbers"]
    assert "Obama" in found[0].shared["names"] and "Guantanamo" in found[0].shared["names"]


@pytest.fixture
def checked(seeded, factchecks, ratings, reviewer):
    """The demo claims; claim "Putin ... five-year term ... has expired" has a verdict (a target)."""
    putin = Claim.objects.get(text__startswith="Putin has repeatedly complained")
    Verdict.objects.create(claim=putin, reviewer=reviewer, rating=ratings["false"])
    matching.index_targets(claim_ids=[putin.pk])
    return putin


def _claim(start: str) -> Claim:
    return Claim.objects.get(text__startswith=start)


def reference_ranking(text: str, against: str = "all") -> list[tuple[str, int]]:
    """The ranking by a full scan of the index in pure Python (no candidate generation, no SQL
    search): what match_text must return on every database."""
    docs = list(MatchDoc.objects.all())
    stats = MatchStats.objects.get(pk=1)
    df = dict(MatchTerm.objects.values_list("term", "df"))
    q_terms = tm.terms(text)
    avgdl = stats.total_length / stats.docs
    mass = tm.query_mass(set(q_terms), df=df, n_docs=stats.docs)
    qv = tm.embed([text])[0]
    vecs = tm.dequantize([bytes(d.embedding) for d in docs])
    scored = []
    for d, v in zip(docs, vecs, strict=True):
        if against == "factchecks" and d.kind != "factcheck" or against == "claims" and d.kind != "claim":
            continue
        lex = round(tm.bm25(set(q_terms), d.terms.split(), df=df, n_docs=stats.docs, avgdl=avgdl) / mass, 6)
        if lex == 0:
            continue  # shares no term: never a candidate
        sem = round(float(v @ qv), 6)
        scored.append((tm.blend(lex, sem), d.kind != "factcheck", -d.pk, d.kind, d.factcheck_id or d.claim_id))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return [(s[3], s[4]) for s in scored]


@pytest.mark.parametrize(
    "text",
    [
        "Obama freed 122 Guantanamo detainees who went back to terrorism",
        "More than a thousand Russians and Belarusians in Lithuania are a threat to national security, says the government",
        "Putin says Zelensky can not negotiate a peace settlement because his term expired",
        "Hot water kills the virus",
        "Did Lithuania really say 70% of Russians are a threat?",
    ],
)
def test_ranking_equals_the_full_scan_reference_on_this_database(checked, text):
    found = matching.match_text(text, top=10)
    assert [(s.kind, s.ref_id) for s in found] == reference_ranking(text)[:10]
    assert found == sorted(found, key=lambda s: -s.score)


def test_same_ranking_on_sqlite_and_postgresql(checked):
    """Hard-coded: the very order both databases must give (the reference above checks the
    numbers; this pins the outcome across the two CI runs)."""
    found = matching.match_text("Lithuania says 1,164 Belarusian and Russian citizens threaten national security", top=3)
    assert [s.ref for s in found[:2]] == ["https://fc.example/lithuania-threats", "https://fc.example/lithuania"]
    assert found[0].tier == "likely" and found[0].score > 0.9
    assert found[0].shared["numbers"] == ["1164"]
    assert {"Lithuania"} <= set(found[0].shared["names"])


def test_match_text_against_claims_finds_the_claim_with_a_verdict(checked):
    found = matching.match_text("Putin says Zelensky cannot legitimately negotiate peace as his term expired", against="claims")
    assert [(s.kind, s.ref_id) for s in found] == [("claim", checked.pk)]
    assert found[0].url is None and found[0].ref == str(checked.pk)
    assert "Zelensky" in found[0].shared["names"] and "Putin" in found[0].shared["names"]
    assert matching.match_text("Putin Zelensky term", against="claims", exclude_claim_id=checked.pk) == []
    assert all(s.kind == "factcheck" for s in matching.match_text("Lithuania national security", against="factchecks"))
    with pytest.raises(ValueError):
        matching.match_text("x", against="everything")
    assert matching.match_text("   ") == []
    assert matching.match_text("the of and") == []  # no content word: nothing to look up


def test_short_texts_are_never_likely_on_similarity_alone(factchecks):
    MatchSettings.objects.create(pk=1, likely_threshold=0.5, related_threshold=0.2, min_words_likely=6)
    found = matching.match_text("Hot water coronavirus", top=1)
    assert found[0].url == "https://fc.example/hot-water" and found[0].score >= 0.5
    assert found[0].tier == "related"


def test_claims_match_stores_suggestions_idempotently(checked):
    ids = [_claim("Lithuania declares more than 1,000").pk, _claim("The Migration Department said Friday").pk]
    stored = matching.claims_match(ids)
    rows = list(ClaimMatch.objects.filter(claim_id__in=ids).order_by("claim_id", "-score"))
    assert stored == len(rows) > 0
    top = ClaimMatch.objects.filter(claim_id=ids[1]).order_by("-score").first()
    assert top.factcheck.url == "https://fc.example/lithuania-threats"
    assert top.tier == "likely" and top.status == "suggested" and top.article_id == top.claim.article_id
    assert "1164" in top.shared["numbers"] and top.lexical > 0 and top.semantic > 0
    # no claim is matched with itself or with its own article's claims
    assert not ClaimMatch.objects.filter(other_claim__article_id=top.claim.article_id).exists()
    before = list(ClaimMatch.objects.order_by("pk").values_list("pk", "claim_id", "factcheck_id", "other_claim_id", "score", "tier"))
    assert matching.claims_match(ids) == stored
    after = list(ClaimMatch.objects.order_by("pk").values_list("pk", "claim_id", "factcheck_id", "other_claim_id", "score", "tier"))
    assert after == before
    # every stored suggestion is at or above the admin's "related" threshold, at most top_k each
    settings = MatchSettings.current()
    assert all(r.score >= settings.related_threshold and r.tier in ("likely", "related") for r in rows)
    assert max(ClaimMatch.objects.filter(claim_id=i).count() for i in ids) <= settings.top_k


def test_rejected_never_come_back_confirmed_stay_stale_go(checked, reviewer):
    claim = _claim("The Migration Department said Friday")
    MatchSettings.objects.create(pk=1, likely_threshold=0.75, related_threshold=0.05)
    matching.claims_match([claim.pk])
    suggestions = list(ClaimMatch.objects.filter(claim=claim).order_by("-score"))
    assert len(suggestions) >= 2
    rejected, confirmed = suggestions[0], suggestions[1]
    ClaimMatch.objects.filter(pk=rejected.pk).update(status="rejected", decided_by=reviewer)
    ClaimMatch.objects.filter(pk=confirmed.pk).update(status="confirmed", decided_by=reviewer)
    matching.claims_match([claim.pk])
    assert ClaimMatch.objects.get(pk=rejected.pk).status == "rejected"  # kept as the team's memory
    assert ClaimMatch.objects.filter(claim=claim, factcheck=rejected.factcheck).count() == 1
    assert ClaimMatch.objects.get(pk=confirmed.pk).status == "confirmed"
    # thresholds raised: the undecided suggestions go, the decisions stay
    MatchSettings.objects.filter(pk=1).update(likely_threshold=0.999, related_threshold=0.999)
    matching.claims_match([claim.pk])
    left = set(ClaimMatch.objects.filter(claim=claim).values_list("pk", flat=True))
    assert left == {rejected.pk, confirmed.pk}


def test_index_follows_changes_and_deletions(checked, django_capture_on_commit_callbacks):
    fc = FactCheck.objects.get(url="https://fc.example/wombats")
    old_df = MatchTerm.objects.get(term="wombat").df
    with django_capture_on_commit_callbacks(execute=True):
        FactCheck.objects.filter(pk=fc.pk).update(claim_reviewed="Koalas sheltered kangaroos in the bushfires.")
        matching.targets_changed(factcheck_ids=[fc.pk])
    assert MatchTerm.objects.get(term="wombat").df == old_df - 1 + 1  # the headline still says wombats
    assert MatchTerm.objects.get(term="koala").df == 1
    assert matching.match_text("koalas sheltered kangaroos", top=1)[0].url == fc.url
    # a claim that loses its verdict leaves the index
    Verdict.objects.filter(claim=checked).delete()
    with django_capture_on_commit_callbacks(execute=True):
        matching.targets_changed(claim_ids=[checked.pk])
    assert not MatchDoc.objects.filter(claim=checked).exists()
    assert MatchStats.objects.get(pk=1).docs == MatchDoc.objects.count()
    # reindex recounts to the same statistics
    terms = dict(MatchTerm.objects.filter(df__gt=0).values_list("term", "df"))
    matching.reindex()
    assert dict(MatchTerm.objects.filter(df__gt=0).values_list("term", "df")) == terms


def test_many_changes_go_to_a_job_that_indexes_them(factchecks, django_capture_on_commit_callbacks):
    more = FactCheck.objects.bulk_create(
        [FactCheck(claim_reviewed=f"Claim number {i} about zebras", url=f"https://fc.example/z{i}") for i in range(matching.INLINE_MAX + 1)]
    )
    with django_capture_on_commit_callbacks(execute=False):
        matching.targets_changed(factcheck_ids=[f.pk for f in more])
    job = Job.objects.get(kind="match_claims")
    assert job.params["index_factcheck_ids"] == sorted(f.pk for f in more)
    assert not MatchDoc.objects.filter(factcheck__in=more).exists()
    _run(job)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert MatchDoc.objects.filter(factcheck__in=more).count() == len(more)
    assert MatchTerm.objects.get(term="zebra").df == len(more)


def test_match_later_job_matches_the_articles_claims(checked, editor, django_capture_on_commit_callbacks):
    assert matching.match_later() is None
    article = _claim("The Migration Department said Friday").article
    with django_capture_on_commit_callbacks(execute=False):
        job = matching.match_later(article_ids=[article.pk], created_by=editor)
    assert job.kind == "match_claims" and job.params == {"article_ids": [article.pk], "claim_ids": []}
    _run(job)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert ClaimMatch.objects.filter(article=article, tier="likely", factcheck__url="https://fc.example/lithuania-threats").exists()


def _run(job: Job) -> None:
    from django.db import transaction
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        jobs.job_run(job.pk, worker_id="w1")


# ----------------------------------------------------------------------------- command
def test_command_prints_the_tsv(checked, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text(
        "id\ttext\nq1\tObama freed 122 Guantanamo detainees\nq2\tPutin says Zelensky term expired, can not negotiate peace\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("match_claims", str(queries), "--top", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "query_id\trank\tkind\tref\tscore\ttier"
    rows = [line.split("\t") for line in lines[1:]]
    assert rows[0][:4] == ["q1", "1", "factcheck", "https://fc.example/gitmo"]
    assert float(rows[0][4]) > 0.5 and rows[0][5] in ("likely", "related")
    assert all(r[5] in ("likely", "related", "none") and len(r) == 6 for r in rows)
    q2 = [r for r in rows if r[0] == "q2"]
    assert q2[0][2:4] == ["claim", str(checked.pk)]
    assert [r[1] for r in q2] == ["1", "2"][: len(q2)]
    out = io.StringIO()
    call_command("match_claims", str(queries), "--against", "factchecks", "--top", "1", stdout=out)
    assert all(line.split("\t")[2] == "factcheck" for line in out.getvalue().splitlines()[1:])


def test_command_refuses_a_bad_header(tmp_path, db):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.tsv"
    bad.write_text("tweet\tcontent\n1\tx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: the header must be id<TAB>text"):
        call_command("match_claims", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("match_claims", str(tmp_path / "none.tsv"))


# ----------------------------------------------------------------------------- API, admin
def _auth(user) -> dict:
    from articles.api.tokens import token_create

    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t', actor=user).secret}"}


def test_api_match(client, checked, reviewer, outsider):
    url = reverse("api:match")
    r = client.get(url, {"q": "Obama freed 122 Guantanamo detainees", "against": "factchecks", "top": 2}, **_auth(reviewer))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["against"] == "factchecks" and len(body["results"]) <= 2
    first = body["results"][0]
    assert first["rank"] == 1 and first["kind"] == "factcheck" and first["ref"] == "https://fc.example/gitmo"
    assert first["tier"] in ("likely", "related") and "122" in first["shared"]["numbers"]
    assert first["rating"] == "False" and first["publisher"] == "Snopes"
    assert client.get(url, {"q": "x"}, **_auth(outsider)).status_code == 403
    assert client.get(url, {"q": "x"}).status_code == 401
    r = client.get(url, {"q": ""}, **_auth(reviewer))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "q"
    assert client.get(url, {"q": "x", "against": "web"}, **_auth(reviewer)).status_code == 422
    assert client.get(url, {"q": "x", "top": 500}, **_auth(reviewer)).status_code == 422


def test_admin_find_matches_page(client, checked, staff_reviewer, reviewer, django_assert_max_num_queries):
    url = reverse("match_admin:search")
    client.force_login(staff_reviewer)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20):
        r = client.get(url, {"q": "Lithuania says 1,164 Belarusians and Russians threaten its security", "against": "factchecks"})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'href="https://fc.example/lithuania-threats"' in html
    assert "likely the same claim" in html and "numbers: 1164" in html
    assert 'id="match-results"' in html and "<script" not in html.split('id="content-main"')[1]
    client.force_login(reviewer)  # not staff: the admin's login page
    assert client.get(url).status_code == 302


def test_insert_stores_what_bulk_create_stores(checked, ratings):
    """``_insert`` (COPY on PostgreSQL) stores each suggestion as ``bulk_create`` of its model
    stores it: the same values in every column but the id and the times."""
    one, two = _claim("Lithuania declares more than 1,000"), _claim("The Migration Department said Friday")
    fc = FactCheck.objects.first()
    made = [
        matching.Suggestion(kind="factcheck", ref_id=fc.pk, url=fc.url, text="x", score=0.8123, tier="likely",
                            lexical=0.412345, semantic=0.876543, shared={"words": ["a", "é"], "numbers": ["1164"], "names": []}),
        matching.Suggestion(kind="claim", ref_id=checked.pk, url=None, text="y", score=0.5, tier="related",
                            lexical=0.1, semantic=0.0, shared={}),
    ]  # fmt: skip
    matching._insert([(one.pk, one.article_id, s) for s in made])
    ClaimMatch.objects.bulk_create([matching._new_match(two.pk, two.article_id, s) for s in made])
    columns = [f.attname for f in ClaimMatch._meta.concrete_fields if f.attname not in ("id", "claim_id", "article_id", "created_at", "updated_at")]

    def stored(claim):
        rows = ClaimMatch.objects.filter(claim=claim).order_by("score")
        return [tuple(getattr(m, c) for c in columns) + (m.created_at is not None, m.updated_at is not None) for m in rows]

    assert stored(one) == stored(two) and len(stored(one)) == 2
    first = ClaimMatch.objects.filter(claim=one, factcheck=fc).get()
    assert first.article_id == one.article_id and first.shared["words"] == ["a", "é"]
    assert first.status == ClaimMatch.Status.SUGGESTED and first.decided_by_id is None and first.decided_at is None
