"""The pure part of claim matching (articles/text/match.py): tokens, numbers, BM25, the
embedding, the blend, the tiers and the explanation."""

from __future__ import annotations

import numpy as np
import pytest

from articles.text import match as tm


def test_text_match_never_imports_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(tm.__file__).read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m.startswith("django") or m.startswith("articles.") and "text" not in m for m in imported)


def test_terms_drop_stopwords_and_stem_lightly():
    assert tm.terms("The vaccines were banned in the schools") == ["vaccine", "ban", "school"]
    assert tm.terms("Banning vaccine bans") == ["ban", "vaccine", "ban"]
    assert tm.terms("policies") == ["policy"]
    assert tm.stem("virus") == "virus" and tm.stem("crisis") == "crisis" and tm.stem("class") == "class"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1,164 soldiers", "1164 soldiers"),
        ("70% of voters", "70 per cent of voters"),
        ("70% of voters", "seventy percent of voters"),
        ("2.5 million people", "2,500,000 people"),
        ("a thousand people", "1,000 people"),
        ("two hundred thousand jobs", "200,000 jobs"),
    ],
)
def test_numbers_are_normalised(a, b):
    assert tm.terms(a) == tm.terms(b)


def test_vague_quantities_are_not_equated_with_exact_ones():
    # "more than a thousand" says 1000, not 1164: shared only when both say it
    assert "1000" in tm.terms("more than a thousand protesters")
    assert "1164" not in tm.terms("more than a thousand protesters")


def test_urls_dropped_and_hashtags_and_handles_split():
    assert tm.terms("Look https://t.co/abc pic.twitter.com/xyz #AustralianFires") == ["look", "australian", "fire"]
    assert "trump" in tm.terms("@realDonaldTrump said it")
    # a pasted tweet's date goes; its author stays for BM25, not for the embedding
    tweet = "Wombats save animals — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    assert "2020" not in tm.terms(tweet) and "14" not in tm.terms(tweet)
    assert "center" in tm.terms(tweet)
    assert "Center" not in tm.clean(tweet, signature=False)


def test_content_word_count():
    assert tm.content_word_count("It is what it is.") == 0
    assert tm.content_word_count("Obama is a Muslim") == 2
    assert tm.content_word_count("Obama freed 122 Guantanamo detainees") == 5


def test_bm25_prefers_rare_terms_and_shorter_documents():
    docs = {
        "rare": ["guantanamo", "detainees", "released"],
        "common": ["president", "president", "president", "said", "released"],
        "long": ("guantanamo detainees released " + "filler " * 30).split(),
    }
    df = {"guantanamo": 2, "detainees": 2, "released": 3, "president": 1, "filler": 1}
    stats = {"df": df, "n_docs": 100, "avgdl": 10.0}
    q = ["guantanamo", "released"]
    scores = {k: tm.bm25(q, d, **stats) for k, d in docs.items()}
    assert scores["rare"] > scores["common"] > 0  # two matching terms beat one
    assert scores["rare"] > scores["long"] > 0  # the same words in a longer document count less
    assert tm.bm25(q, [], **stats) == 0.0
    # the query's attainable mass bounds the score
    assert scores["rare"] / tm.query_mass(q, df=df, n_docs=100) <= 1.0
    assert tm.idf(1, 100) > tm.idf(50, 100) > 0


def test_embedding_is_local_unit_length_and_quantizes_faithfully():
    texts = ["Obama freed 122 Guantanamo detainees", "Guantanamo prisoners released by Obama", "Hot water kills the virus"]
    v = tm.embed(texts)
    assert v.shape == (3, tm.EMBED_DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2]
    blobs = tm.quantize(v)
    assert all(len(b) == 256 for b in blobs)
    back = tm.dequantize(blobs)
    assert np.allclose((back * v).sum(axis=1), 1.0, atol=1e-3)
    assert tm.embed([]).shape == (0, tm.EMBED_DIM)


def test_blend_is_monotonic_and_between_0_and_1():
    low, mid, high = tm.blend(0.0, 0.1), tm.blend(0.3, 0.5), tm.blend(0.9, 0.9)
    assert 0.0 < low < mid < high < 1.0
    assert tm.blend(0.5, 0.3) > tm.blend(0.4, 0.3)
    assert tm.blend(0.5, 0.4) > tm.blend(0.5, 0.3)
    assert tm.blend(0.5, -0.5) == tm.blend(0.5, 0.0)


def test_tier_thresholds_and_short_texts_never_likely_on_similarity():
    kw = {"likely_threshold": 0.75, "related_threshold": 0.5, "min_words_likely": 6}
    assert tm.tier(0.9, query_words=8, target_words=10, **kw) == "likely"
    assert tm.tier(0.6, query_words=8, target_words=10, **kw) == "related"
    assert tm.tier(0.4, query_words=8, target_words=10, **kw) is None
    # a short query or a short target: at most related, however similar
    assert tm.tier(0.99, query_words=3, target_words=10, **kw) == "related"
    assert tm.tier(0.99, query_words=10, target_words=2, **kw) == "related"
    # unless both say exactly the same words
    assert tm.tier(0.99, query_words=3, target_words=3, same_words=True, **kw) == "likely"
    # only the query's best match can be "likely"
    assert tm.tier(0.9, query_words=8, target_words=10, best=False, **kw) == "related"


def test_names_are_capitalised_runs():
    assert tm.names("The CDC said Barack Obama visited New York City and the US.") == [
        "CDC", "Barack Obama", "New York City", "US",
    ]  # fmt: skip


def test_explain_names_shared_words_numbers_and_names():
    why = tm.explain(
        "Barack Obama said 1,164 people died in Chicago hospitals last year",
        "Obama: 1164 people died in a Chicago hospital",
        weight={"hospital": 5.0, "people": 1.0, "died": 2.0},
    )
    assert why.numbers == ["1164"]
    assert why.names == ["Obama", "Chicago"]
    assert why.words == ["hospitals", "died", "people"]  # rarest first, as the query writes them
    assert "year" not in why.words
    assert why.as_dict() == {"words": why.words, "numbers": why.numbers, "names": why.names}


def test_explain_keeps_multiword_names_whole():
    why = tm.explain("Donald Trump visited Home Alone 2 set", "The CBC cut Donald Trump from Home Alone 2")
    assert "Donald Trump" in why.names and "Trump" not in why.names
    assert "2" in why.numbers


def test_a_pair_needs_semantic_evidence_whatever_its_score():
    """In a newsroom's first few fact-checks the lexical part saturates (one shared "year" scored
    0.96): the cosine, which does not depend on the collection, must back a tier."""
    from articles.text import match as tm

    kw = {"query_words": 12, "target_words": 12, "likely_threshold": 0.75, "related_threshold": 0.5, "min_words_likely": 6}
    assert tm.tier(0.96, semantic=0.05, **kw) is None
    assert tm.tier(0.96, semantic=0.35, **kw) == "related"
    assert tm.tier(0.96, semantic=0.85, **kw) == "likely"
    assert tm.tier(0.96, **kw) == "likely"  # no cosine given: the score alone, as before
