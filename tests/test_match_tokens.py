"""The matching job's remembered tokens (articles/matching.py ``_tokens``) are ``tm.tokens``: the
same terms, surfaces and number flags for every text, whatever was remembered before."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from articles import matching
from articles.text import match as tm

ROOT = Path(__file__).resolve().parent.parent

TRICKY = [
    "Unemployment fell to 3.5 percent in 2019, and 2.5 million jobs were added.",
    "More than a thousand people, 1,164 of them children, were moved; seventy per cent stayed.",
    "Two hundred thousand ballots and 5 bn dollars, a 70% rise: per the governor, cent by cent.",
    "The budget is 1,164,000 or 1164 or 1.164 or 2,5 — thousands said so, hundreds of them per day.",
    "bn mn per cent percent thousand million one two twelve dozen",
    "He said per",
    "cent",
    "per cent",
    "2020 million million thousand",
    "one's two's Lithuania’s don’t can't O'Brien rock'n'roll",
    "#AustralianFires burned 12.6 million acres https://t.co/abc www.example.com pic.twitter.com/xyz",
    "A vaccine — Jane Doe (@jane_doe) January 14, 2020",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ligature ﬁre",
    "The 3rd and 21st, 4x4, 10km, 5pm, COVID19, 1990s, x2",
    "",
    "   ",
    "a the of",
]


def _sentences() -> list[str]:
    text = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    out = [line for line in text.splitlines() if line.strip()]
    out += [s for line in out for s in line.split(". ") if s.strip()]
    data = ROOT.parent / "shared/data/claim-matching/verified_claims.tsv"
    if data.exists():
        out += [
            line.split("\t")[1]
            for line in data.read_text(encoding="utf-8").splitlines()[1:3000]
            if "\t" in line
        ]
    return out


def _key(tokens) -> list[tuple]:
    return [(t.term, t.surface, t.is_number) for t in tokens]


@pytest.fixture(autouse=True)
def _forget():
    matching._WORD_TOKENS.clear()
    matching._RUN_TOKENS.clear()
    matching._PIECE_WORDS.clear()
    matching._PIECE_TOKENS.clear()
    yield
    matching._WORD_TOKENS.clear()
    matching._RUN_TOKENS.clear()


def test_remembered_tokens_are_tm_tokens():
    texts = TRICKY + _sentences()
    assert len(texts) > 100  # the claim-matching data (../shared) adds 3,000 when it is there
    for text in texts + texts:  # the second time from what was remembered
        assert _key(matching._tokens(text)) == _key(tm.tokens(text)), text


def test_a_remembered_run_never_stands_for_a_word():
    # "2020" remembered as a run of its own, then met before a scale word: read together
    assert _key(matching._tokens("In 2020 it rose.")) == _key(tm.tokens("In 2020 it rose."))
    for text in ("In 2020 million were lost.", "million 2020", "per 2020 cent", "It is per cent", "cent per"):
        assert _key(matching._tokens(text)) == _key(tm.tokens(text)), text


def test_random_word_salads_with_numbers():
    rng = random.Random(12)
    words = ["per", "cent", "percent", "a", "one", "two", "hundred", "thousand", "million", "bn", "mn", "dozen",
             "1,164", "2.5", "70%", "3", "vaccine", "vaccines", "banned", "the", "Obama", "’s", "it's", "x"]  # fmt: skip
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
        assert _key(matching._tokens(text)) == _key(tm.tokens(text)), text


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(matching, "_TOKENS_MAX", 5)
    for i in range(40):
        text = f"word{chr(97 + i % 26)}{i} claim {i} million"
        assert _key(matching._tokens(text)) == _key(tm.tokens(text))
    assert len(matching._WORD_TOKENS) <= 5 and len(matching._RUN_TOKENS) <= 5


def test_clean_drops_the_same_urls_as_the_plain_regex():
    """``tm.clean`` looks for a URL's letters before running its regex (and for "(@", "#" or "@"
    before the signature's and hashtags'): the same text as running the regexes on every text,
    in any case, with look-alike letters ("ı", "ſ") and without URLs."""
    import unicodedata

    def reference(text: str, signature: bool) -> str:
        text = unicodedata.normalize("NFKC", text or "")
        text = tm._URL.sub(" ", text)
        text = tm._TWEET_DATE.sub(r"\1", text) if signature else tm._TWEET_SIGNATURE.sub(" ", text)
        return tm._HASHTAG.sub(lambda m: " " + tm._CAMEL.sub(" ", m.group(1)) + " ", text)

    odd = [
        "see HTTPS://Example.org/x now", "WwW.site.com and Www.", "PIC.TWITTER.COM/abc", "pıc.twitter.com/abc",
        "httpſ://x.y", "HTTP://", "http:/ not", "ｈｔｔｐ：／／fullwidth", "www", ".com/ alone", "a.COM/b",
        "no url at all", "", "İstanbul http://t.co/x",
        # signatures and hashtags (looked for by "(@", "#", "@" first), also as NFKC makes them
        "Fires! — Jane Doe (@jdoe) January 14, 2020", "so (@jdoe) March 3, 2021 ", "(@x)", "#AustralianFires now",
        "@BBCNews said", "＃FullWidthTag and ﹫SmallAt", "a (＠b) May 1, 2020", "no tag # here @ there",
    ]  # fmt: skip
    for text in TRICKY + odd + _sentences()[:500]:
        for signature in (True, False):
            assert tm.clean(text, signature=signature) == reference(text, signature), text


def test_no_character_the_token_pattern_takes_is_whitespace_for_str_split():
    # _words reads each piece of str.split() on its own: exact only if no token holds whitespace
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert len(spaces) > 20
    for c in spaces:
        assert not tm._TOKEN.search(f"a{c}1"[1]), hex(ord(c))
        assert tm._TOKEN.findall(f"ab{c}cd") == ["ab", "cd"], hex(ord(c))
        assert tm._TOKEN.findall(f"1.5{c}2") == ["1.5", "2"], hex(ord(c))


def test_words_are_the_token_patterns_findall():
    matching._PIECE_WORDS.clear()
    rng = random.Random(5)
    spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\u2028"]
    pieces = [w for text in TRICKY + _sentences()[:300] for w in text.split()] + [
        "1,", ",5", "5%", "%5", "'tis", "rock'", "’s", "1.2.3", "1..2", "a_b", "_", "é", "ß", "日本語", "x²", "٣٤",
    ]  # fmt: skip
    texts = TRICKY + _sentences()[:300]
    for _ in range(500):
        texts.append("".join(rng.choice(pieces) + rng.choice(spaces) for _ in range(rng.randint(0, 12))))
    for text in texts + texts:  # the second time from what is remembered
        assert matching._words(text) == tm._TOKEN.findall(text), text
    assert matching._PIECE_WORDS
    matching._PIECE_WORDS.clear()


def test_remembered_explanations_are_tm_explain():
    texts = TRICKY + _sentences()[:200]
    rng = random.Random(9)
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(400)] + [(t, t) for t in TRICKY]
    for _ in range(2):  # the second time from what is remembered
        for query, target in pairs:
            mine = tm.explain(query, target, tokenize=matching._text_tokens, find_names=matching._text_names)
            assert mine == tm.explain(query, target), (query, target)
            assert matching._target_terms(target) == set(matching._doc_terms(target))
    assert matching._TEXT_TOKENS and matching._TEXT_NAMES


@pytest.mark.parametrize(
    "text",
    ["5 - million", "5 the million", "2 — thousand people", "per - cent", "one, two hundred", "3 ... 4 bn",
     "he said 5 . million times", "x 7 y million", "the 5 the 6 the", "- 5 -"],
)  # fmt: skip
def test_a_piece_without_words_does_not_end_a_run_and_one_of_stopwords_does(text):
    for _ in range(2):
        assert _key(matching._tokens(text)) == _key(tm.tokens(text))
