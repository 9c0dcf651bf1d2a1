"""Claim matching, the pure part: tokens, BM25, the sentence embedding, the blend, the tiers and
the explanation of a suggestion (README: claim matching). No Django here; storage and retrieval
live in ``articles/matching.py``, which calls these functions with the statistics it stores, so
that SQLite and PostgreSQL rank the same candidates identically.

Settings below were chosen by ``bench/matching.py`` on the CLEF CheckThat! 2020 task 2 data
(tuned on the train tweets, chosen on dev; the held-out test set was never used):

- tokens: lowercase words, URLs dropped, hashtags split at capitals ("#AustralianFires" ->
  "australian fires"), English stopwords dropped, a light suffix stemmer (plural, -ing, -ed);
  numbers normalised ("1,164" and "1164" -> "1164"; "70%" / "70 per cent" -> "70" "percent";
  "2.5 million" -> "2500000"; number words "one".."ninety", "a thousand" -> digits). A vague
  quantity ("more than a thousand") is NOT equated with an exact one ("1,164"): it becomes
  "1000", which the explanation names only when both texts say it; the embedding and the other
  words carry the paraphrase.
- BM25 over the target's claim + headline, k1=K1, b=B (1.2 / 0.75: 0.9 / 0.4 and 1.5 / 0.75
  and 2.0 / 0.75 were no better on train or dev).
- wordllama's 256-dimension static embedding of the target's claim alone (claim + headline was
  better alone, worse in the blend) (its weights and tokenizer are read from its wheel;
  nothing is ever downloaded), stored per target as 256 int8 (cosine is scale-free, so no scale
  is kept).
- the blend: ``LEX_WEIGHT * lexical + (1 - LEX_WEIGHT) * semantic`` where lexical is BM25
  divided by the query's own attainable mass (sum of its terms' idf * (k1 + 1)), passed through a
  logistic calibration (CAL_A, CAL_B, fitted on train) so that the score reads as the chance that
  the pair is the same claim, and the admin's thresholds mean something.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------- settings
K1 = 1.2
B = 0.75
LEX_WEIGHT = 0.8
CAL_A = 27.03  # score = 1 / (1 + exp(-(CAL_A * blend + CAL_B))), fitted on train (top 20 per tweet)
CAL_B = -7.35
EMBED_DIM = 256

# --------------------------------------------------------------------------------------- tokens
_STOPWORD_TEXT = """
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't
it it's its itself just let's me more most mustn't my myself no nor not of off on once only or other
ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some
such than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom why why's will with
won't would wouldn't you you'd you'll you're you've your yours yourself yourselves s t rt via amp
said says say just now one's us get got like will
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000}  # fmt: skip

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_HASHTAG = re.compile(r"[#@](\w+)")
# the date that ends a pasted tweet's signature: "— Name (@handle) January 14, 2020" (the
# name and handle stay: who said it helps)
_TWEET_SIGNATURE = re.compile(r"\s[—–-]+\s[^—–\n]{0,80}\(@\w+\)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*$")
_TWEET_DATE = re.compile(r"(\(@\w+\))\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
# a number (1,164 / 2.5 / 70) with its unit (%), or a word (letters, inner apostrophes)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:%)?|[^\W\d_]+(?:['’][^\W\d_]+)*")


def clean(text: str, *, signature: bool = True) -> str:
    """The text as matched: Unicode-normalised, URLs and a pasted tweet's date dropped,
    hashtags and @handles split into words ("#AustralianFires" -> "Australian Fires"). Without
    ``signature`` the tweet's whole signature goes (the embedding is better without it, BM25
    better with the author's name)."""
    text = unicodedata.normalize("NFKC", text or "")
    low = text.lower()
    if "http" in low or "www." in low or ".com/" in low:  # what a URL needs (a quick test first:
        # the regex tries its case-blind alternatives at every position; these letters match
        # no other characters than their two ASCII cases)
        text = _URL.sub(" ", text)
    if "(@" in text:  # both signature patterns hold "(@": without it, neither matches
        text = _TWEET_DATE.sub(r"\1", text) if signature else _TWEET_SIGNATURE.sub(" ", text)
    if "#" not in text and "@" not in text:  # nothing for _HASHTAG
        return text
    return _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)


def _number(raw: str) -> float | None:
    raw = raw.rstrip("%")
    # "1,164" / "1,164,000": thousands separators; "2.5" / "2,5" (one or two digits): decimals
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", raw):
        raw = raw.replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def format_number(value: float) -> str:
    """A number as a token: "1164", "2.5", "2500000"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def stem(word: str) -> str:
    """A light English suffix stemmer (plurals, -ing, -ed): enough to join "vaccines" /
    "vaccine" and "banned" / "bans" / "ban"; numbers and short words are left alone."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
        if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
        return word
    if word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = word[:-2]
        if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
        return word
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Token:
    term: str  # the normalised term (stem or number)
    surface: str  # as written
    is_number: bool


def tokens(text: str) -> list[Token]:
    """The content tokens of ``text`` in order (stopwords dropped; numbers normalised, joined
    with their scale words: "2.5 million" -> 2500000, "a thousand" -> 1000; "%" and
    "per cent" -> "percent")."""
    raw = _TOKEN.findall(clean(text))
    out: list[Token] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        low = word.lower()
        value: float | None = None
        surface = word
        if word[0].isdigit():
            value = _number(word)
        elif low in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[low])
        elif low in _SCALES and low not in ("bn", "mn"):
            # "a thousand", "thousands" is a word; a bare scale counts as one of it
            value = float(_SCALES[low])
        if value is not None:
            # scale words that follow: "2.5 million", "two hundred thousand"
            j = i + 1
            while j < len(raw) and raw[j].lower() in _SCALES:
                value *= _SCALES[raw[j].lower()]
                surface += " " + raw[j]
                j += 1
            out.append(Token(format_number(value), surface, True))
            if word.endswith("%"):
                out.append(Token("percent", "%", False))
            i = j
            continue
        if low in ("per", "cent") and i + 1 < len(raw) and low == "per" and raw[i + 1].lower() == "cent":
            out.append(Token("percent", "per cent", False))
            i += 2
            continue
        low = low.replace("’", "'")
        if low not in STOPWORDS and len(low) > 1:
            out.append(Token(stem(low), word, False))
        i += 1
    return out


def terms(text: str) -> list[str]:
    """The normalised terms of ``text`` (with repeats, in order): what BM25 counts."""
    return [t.term for t in tokens(text)]


def content_word_count(text: str) -> int:
    """How many content words (stopwords aside, numbers included) ``text`` has: short texts are
    never put in the top tier on similarity alone."""
    return len(tokens(text))


# --------------------------------------------------------------------------------------- BM25
def idf(df: int, n_docs: int) -> float:
    """BM25's (Lucene's, never negative) inverse document frequency."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def bm25(
    query_terms: Iterable[str],
    doc_terms: Sequence[str],
    *,
    df: Mapping[str, int],
    n_docs: int,
    avgdl: float,
    k1: float = K1,
    b: float = B,
) -> float:
    """BM25 of one document for the query (each distinct query term counted once)."""
    return bm25_many(query_terms, [doc_terms], df=df, n_docs=n_docs, avgdl=avgdl, k1=k1, b=b)[0]


def bm25_many(
    query_terms: Iterable[str],
    docs: Sequence[Sequence[str]],
    *,
    df: Mapping[str, int],
    n_docs: int,
    avgdl: float,
    k1: float = K1,
    b: float = B,
) -> list[float]:
    """BM25 of each document (a list of its terms) for the query: the matcher's hot loop (the
    same arithmetic as :func:`bm25`, so that every path gives the same numbers)."""
    weights = sorted((t, idf(df.get(t, 0), n_docs)) for t in set(query_terms))
    avgdl = avgdl or 1.0
    out = []
    for doc in docs:
        if not doc:
            out.append(0.0)
            continue
        norm = k1 * (1.0 - b + b * len(doc) / avgdl)
        score = 0.0
        for term, w in weights:
            f = doc.count(term)
            if f:
                score += w * f * (k1 + 1.0) / (f + norm)
        out.append(score)
    return out


def query_mass(query_terms: Iterable[str], *, df: Mapping[str, int], n_docs: int, k1: float = K1) -> float:
    """The most BM25 a document could reach for this query (terms unknown to the index aside),
    up to length normalisation: what ``lexical`` is divided by."""
    return sum(idf(df[t], n_docs) * (k1 + 1.0) for t in set(query_terms) if df.get(t))


# --------------------------------------------------------------------------------------- embedding
_MODEL = None
_MODEL_LOCK = threading.Lock()
_POOL_TOKENS = 4096  # token rows gathered per numpy step of the pooling (4 MB of float32)
_TOKENIZE_BATCH = 1024  # texts tokenized and pooled at once (their token ids: ~40 bytes a token)
_SPACE = "\u2581"  # "▁", the tokenizer's space
_PIECE = re.compile("\u2581+[^\u2581]*")  # a piece of a normalised text: spaces, then a word
_JOINED = re.compile("[^\u2581]\u2581")  # a token that would join two pieces
_PIECES_MAX = 50_000  # pieces whose token ids a process remembers (~150 bytes each)


def _wordllama_root():
    """wordllama's package folder, found without importing it (its ``__init__`` imports
    ``requests`` and configures logging: ~25 MB the matcher does not need)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordllama is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _weights(path):
    """The embedding matrix of a safetensors file, memory-mapped read-only as it is stored
    (float16, vocabulary x 256): no copy, and only the rows a process touches become resident,
    as file pages the kernel shares between processes (the format: an 8-byte little-endian
    header length, a JSON header, then the raw little-endian tensors)."""
    import json
    import struct

    import numpy as np

    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
    entry = header["embedding.weight"]
    if entry["dtype"] != "F16" or len(entry["shape"]) != 2 or entry["shape"][1] != EMBED_DIM:
        raise ValueError(f"unexpected wordllama weights: {entry}")
    start, end = entry["data_offsets"]
    rows, dim = entry["shape"]
    if end - start != rows * dim * 2:
        raise ValueError(f"unexpected wordllama weights: {entry}")
    return np.memmap(path, dtype="<f2", mode="r", offset=8 + size + start, shape=(rows, dim))


class _Embedder:
    """wordllama's 256-dimension static embedding (``WordLlamaInference.embed(norm=False)``):
    each text's token rows averaged. Computed here rather than by ``WordLlamaInference``, which
    converts the whole matrix to float32 at load (32 MB per process) and pads every batch to its
    longest text (a transient of batch x longest x 256 float32, tens of MB for long texts); the
    same numbers to the last bit (tests/test_match_model.py): float16 -> float32 is exact, the
    token rows are added in order in float32 and divided by their count, as its ``avg_pool``
    does (its padding adds zeros)."""

    def __init__(self):
        from tokenizers import Tokenizer

        root = _wordllama_root()
        # one thread: on this project's 2 shared cores the parallel path cost ~50% more CPU for
        # no gain in time, and after a fork (gunicorn) the library warns and turns it off anyway
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        if hasattr(self.tokenizer.model, "_resize_cache"):
            # the BPE cache holds whole texts (this tokenizer has no pre-tokenizer), up to 10,000 of
            # them, ~30 MB, and a job embeds each distinct text once: no cache
            self.tokenizer.model._resize_cache(0)
        self.weights = _weights(str(root / "weights" / f"l2_supercat_{EMBED_DIM}.safetensors"))
        self._specials = tuple(t.content for t in self.tokenizer.get_added_tokens_decoder().values())
        self._lone = self.tokenizer.token_to_id(_SPACE)
        self._pieces: dict[str, tuple] | None = {} if self._pieces_are_exact() else None

    def _whole(self, texts: Sequence[str]) -> list[list[int]]:
        encodings = self.tokenizer.encode_batch_fast(  # the same ids; no character offsets
            list(texts), is_pretokenized=False, add_special_tokens=False
        )
        return [e.ids for e in encodings]

    def _pieces_are_exact(self) -> bool:
        """Whether a text's ids are its pieces' ids one after another (``token_ids``). The
        tokenizer (Llama 2's BPE: "▁" prepended, spaces made "▁", no pre-tokenizer) merges
        symbols by rank across the whole text; a piece is a run of "▁" and the characters up to
        the next "▁". When no token of the vocabulary holds a "▁" after another character, no
        merge ever joins two pieces (every merge's result is a token), so each piece is merged
        on its own exactly as inside the text. Checked here on the vocabulary, and on a few
        texts against the tokenizer itself."""
        if self._lone is None or any(_JOINED.search(token) for token in self.tokenizer.get_vocab()):
            return False
        self._pieces = {}
        probes = [
            "a b",
            " a  b ",
            "Hello, world!  It's 3.5%\n\ttabs  ",
            "▁x ▁▁y",
            "don't stop",
            "中文 العربية 🙂",
        ]
        exact = self.token_ids(probes) == self._whole(probes)
        self._pieces = None
        return exact

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's token ids (as the tokenizer gives them), from its pieces' ids, each
        piece tokenized once per process (``_pieces``; the same words come back in every text);
        the whole text when its pieces may not be exact (it holds a special token's text)."""
        pieces = self._pieces
        if pieces is None:
            return self._whole(texts)
        if len(pieces) > _PIECES_MAX:
            pieces.clear()
        split: list[list[str] | None] = []
        new: dict[str, None] = {}
        specials = self._specials
        for text in texts:
            if not text:  # nothing to prepend "▁" to
                split.append([])
                continue
            if any(s in text for s in specials):
                split.append(None)
                continue
            parts = _PIECE.findall(_SPACE + text.replace(" ", _SPACE))
            split.append(parts)
            for part in parts:
                if part not in pieces:
                    new[part] = None
        if new:
            # a piece alone: the tokenizer prepends its "▁" again (a lone "▁" would become "▁▁")
            todo = [p for p in new if p != _SPACE]
            for part, ids in zip(todo, self._whole([p[1:] for p in todo]), strict=True):
                pieces[part] = tuple(ids)
            if _SPACE in new:
                pieces[_SPACE] = (self._lone,)
        wholes = iter(self._whole([t for t, parts in zip(texts, split, strict=True) if parts is None]))
        out: list[list[int]] = []
        for parts in split:
            if parts is None:
                out.append(next(wholes))
                continue
            ids: list[int] = []
            for part in parts:
                ids.extend(pieces[part])
            out.append(ids)
        return out

    def pooled(self, texts: Sequence[str], *, batch_size: int = _TOKENIZE_BATCH):
        """The mean of each text's token embeddings (n x 256 float32; zeros without tokens),
        ``batch_size`` texts at a time (their token ids are Python lists: ~40 bytes a token)."""
        import numpy as np

        out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            self._pool(self.token_ids(texts[start : start + batch_size]), out[start : start + batch_size])
        return out

    def _pool(self, ids: list[list[int]], out) -> None:
        """Each text's mean into its row of ``out``: the rows the texts use converted to float32
        once (float16 -> float32 was most of the time, ~4 ns a number), then texts of the same
        length together, their rows added in token order in float32."""
        import numpy as np

        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        if not len(flat):
            return
        np.clip(flat, 0, self.weights.shape[0] - 1, out=flat)
        used, flat = np.unique(flat, return_inverse=True)
        table = self.weights[used].astype(np.float32)  # exact: every float16 is a float32
        starts = np.cumsum(lengths) - lengths
        order = np.argsort(lengths, kind="stable")
        bounds = np.flatnonzero(np.diff(lengths[order])) + 1
        for group in np.split(order, bounds):
            n = int(lengths[group[0]]) if len(group) else 0
            if not n:
                continue
            step = max(1, _POOL_TOKENS // n)
            for start in range(0, len(group), step):
                part = group[start : start + step]
                rows = table[flat[starts[part][:, None] + np.arange(n)]]  # (texts, n, 256)
                out[part] = np.sum(rows, axis=1, dtype=np.float32) / np.float32(n)


def _model() -> _Embedder:
    """The embedding model, loaded once per process from the files inside wordllama's wheel
    (wordllama 0.4.0.post1's own ``WordLlama.load()`` looks for the tokenizer in a folder its
    wheel does not have and would try to download it). Its memory: the tokenizer (~14 MB) and
    the float16 rows the process has used, as shared file pages (16 MB at most)."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                _MODEL = _Embedder()
    return _MODEL


def embed(texts: Sequence[str], *, batch_size: int = _TOKENIZE_BATCH):
    """Unit-length float32 embeddings (n x 256, a numpy array) of the cleaned texts."""
    import numpy as np

    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    vectors = _model().pooled([clean(t, signature=False) or " " for t in texts], batch_size=batch_size)
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    lengths[lengths == 0] = 1.0
    return vectors / lengths


def quantize(vectors) -> list[bytes]:
    """Each vector as 256 int8 bytes (scaled so that its largest component is +-127)."""
    import numpy as np

    peak = np.abs(vectors).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    q = np.rint(vectors / peak * 127.0).astype(np.int8)
    return [row.tobytes() for row in q]


def dequantize(blobs: Sequence[bytes]):
    """The unit-length float32 vectors of stored int8 bytes (n x 256)."""
    import numpy as np

    if not blobs:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    m = np.frombuffer(b"".join(bytes(x) for x in blobs), dtype=np.int8).reshape(len(blobs), EMBED_DIM)
    m = m.astype(np.float32)
    lengths = np.linalg.norm(m, axis=1, keepdims=True)
    lengths[lengths == 0] = 1.0
    return m / lengths


def cosines(vectors, query):
    """The cosine of each (unit) row of ``vectors`` with the (unit) ``query``, accumulated in
    float64: the same number for a target whichever batch or position it comes in (a float32
    matrix product can differ in the last digits with the number of rows)."""
    import numpy as np

    return np.asarray(vectors, dtype=np.float64) @ np.asarray(query, dtype=np.float64)


# --------------------------------------------------------------------------------------- blend, tiers
def blend(
    lexical: float, semantic: float, *, lex_weight: float = LEX_WEIGHT, a: float = CAL_A, b: float = CAL_B
) -> float:
    """The score of a pair, 0..1: a calibrated blend of lexical (BM25 / query mass, 0..1) and
    semantic (cosine) evidence."""
    x = lex_weight * lexical + (1.0 - lex_weight) * max(semantic, 0.0)
    return 1.0 / (1.0 + math.exp(-(a * x + b)))


def tier(
    score: float,
    *,
    query_words: int,
    target_words: int,
    likely_threshold: float,
    related_threshold: float,
    min_words_likely: int,
    same_words: bool = False,
    best: bool = True,
    semantic: float | None = None,
) -> str | None:
    """ "likely", "related" or None (not shown). A pair whose shorter text has fewer than
    ``min_words_likely`` content words is at most "related", however similar, unless both say
    exactly the same words (``same_words``): similarity alone says little about short texts.
    Only the query's ``best`` match can be "likely": on train, "likely" pairs below the best
    were right 30% of the time (18/61), the best ones 91% (178/196); dev 0.71 -> 0.84.

    ``semantic`` (the pair's cosine) must also reach LIKELY_MIN_SEMANTIC / RELATED_MIN_SEMANTIC:
    the lexical part is relative to the collection's statistics, and in a small one (a newsroom's
    first few fact-checks) a single shared word ("year") scored 0.96; the cosine does not depend
    on the collection. On train the floors cost 6 of 196 "likely" pairs (4 of them right:
    precision 0.908 -> 0.916) and 1 of 293 shown best matches."""
    if semantic is not None and semantic < RELATED_MIN_SEMANTIC:
        return None
    likely_evidence = semantic is None or semantic >= LIKELY_MIN_SEMANTIC
    if (
        score >= likely_threshold and best and likely_evidence
        and (min(query_words, target_words) >= min_words_likely or same_words)
    ):  # fmt: skip
        return "likely"
    if score >= related_threshold:
        return "related"
    return None


LIKELY_MIN_SEMANTIC = 0.4
RELATED_MIN_SEMANTIC = 0.3


# --------------------------------------------------------------------------------------- explanation
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w'’-]*(?:\.[A-Z])*\.?)(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’-]*(?:\.[A-Z])*\.?)*"
)


def names(text: str) -> list[str]:
    """Capitalised words and runs of them ("Barack Obama", "Guantanamo Bay", "CDC") in the
    original text, stopwords and lone sentence-opening common words aside."""
    found: list[str] = []
    for m in _NAME_RUN.finditer(clean(text)):
        run = m.group(0).strip().rstrip(".")
        words = run.split()
        # function words that open or close a run are not names ("The CDC"; "US" is)
        while words and words[0].lower() in STOPWORDS and not words[0].isupper():
            words.pop(0)
        while words and words[-1].lower() in STOPWORDS and not words[-1].isupper():
            words.pop()
        if not words:
            continue
        run = " ".join(words)
        if len(run) > 1 and run not in found:
            found.append(run)
    return found


@dataclass
class Shared:
    """Why two texts match: the content words, numbers and names both say."""

    words: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"words": self.words, "numbers": self.numbers, "names": self.names}


def explain(
    query: str, target: str, *, weight: Mapping[str, float] | None = None, limit: int = 10, tokenize=None,
    find_names=None,
) -> Shared:  # fmt: skip
    """The words (as the query writes them, rarest first when ``weight`` gives each term's idf),
    numbers and names that ``query`` and ``target`` share. ``tokenize`` / ``find_names``:
    :func:`tokens` / :func:`names` or functions that give the same (the matching job's, which
    remember texts)."""
    tokenize = tokenize or tokens
    find_names = find_names or names
    q_tokens = tokenize(query)
    t_terms = {t.term for t in tokenize(target)}
    words: dict[str, str] = {}
    numbers: list[str] = []
    for tok in q_tokens:
        if tok.term not in t_terms:
            continue
        if tok.is_number:
            if tok.term not in numbers:
                numbers.append(tok.term)
        elif tok.term != "percent" and tok.term not in words:
            words[tok.term] = tok.surface.lower()
    order = sorted(words, key=lambda t: -(weight or {}).get(t, 0.0)) if weight else list(words)
    # names: runs of capitalised words; a shared run reported once, its words not again
    t_names = find_names(target)
    t_low = {n.lower() for n in t_names}
    t_words = {w.lower() for n in t_names for w in n.split()}
    shared_names: list[str] = []
    for run in find_names(query):
        if run.lower() in t_low:
            shared_names.append(run)
            continue
        for w in run.split():
            if w.lower() in t_words and w not in shared_names and len(w) > 1:
                shared_names.append(w)
    in_runs = {w.lower() for n in shared_names if " " in n for w in n.split()}
    shared_names = [n for n in shared_names if " " in n or n.lower() not in in_runs]
    named = {stem(w.lower()) for n in shared_names for w in n.split()}
    return Shared(
        words=[words[t] for t in order if t not in named][:limit],
        numbers=numbers[:limit],
        names=shared_names[:limit],
    )
