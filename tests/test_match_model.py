"""The matcher's embedding model (articles/text/match.py ``_Embedder``): wordllama's own numbers
to the last bit, from a memory-mapped matrix, in bounded memory."""

from __future__ import annotations

import json
import mmap
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from articles.text import match as tm

ROOT = Path(__file__).resolve().parent.parent


def _reference(texts: list[str], *, batch_size: int = 256):
    """``tm.embed`` as it was computed before: wordllama's ``WordLlamaInference`` over the whole
    matrix read by safetensors (float32 copy, padded batches), then unit length."""
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    root = tm._wordllama_root()
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    with safe_open(str(root / "weights" / f"l2_supercat_{tm.EMBED_DIM}.safetensors"), framework="np") as f:
        weights = f.get_tensor("embedding.weight")
    model = WordLlamaInference(weights, tokenizer)
    vectors = model.embed(
        [tm.clean(t, signature=False) or " " for t in texts], norm=False, batch_size=batch_size
    )
    vectors = np.asarray(vectors, dtype=np.float32)
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    lengths[lengths == 0] = 1.0
    return vectors / lengths


def _texts() -> list[str]:
    rng = random.Random(11)
    demo = (ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8")
    lines = [line for line in demo.splitlines() if line.strip()]
    sentences = [s for line in lines for s in line.split(". ") if s.strip()]
    odd = [
        "", " ", "   ", "\n\t", "a", "\u00a0", "▁", "▁▁ x", "x" * 3000, "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ﬁre",
        "🙂🙂 emoji ✓ and 中文 and العربية", "#AustralianFires @jane_doe https://t.co/abc www.example.com",
        "A vaccine — Jane Doe (@jane_doe) January 14, 2020", "double  spaces   here", " leading", "trailing ",
        "1,164 people; 70% of 2.5 million", "\x00\x01 control", "<s> </s> <unk>",
    ]  # fmt: skip
    alphabet = "abcdefghij klmnop,.!?'’-éüß中文ئ0123456789  "
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(150)]
    joined = [" ".join(rng.sample(sentences, min(len(sentences), rng.randint(2, 40)))) for _ in range(60)]
    return odd + rng.sample(sentences, min(len(sentences), 300)) + lines[:40] + noise + joined


def test_embedding_equals_wordllamas_own_to_the_bit():
    texts = _texts()
    assert len(texts) > 300
    for batch_size in (256, 5):
        expected = _reference(texts, batch_size=batch_size)
        got = tm.embed(texts, batch_size=batch_size)
        assert got.dtype == np.float32 and got.shape == expected.shape
        assert np.array_equal(got.view(np.uint32), expected.view(np.uint32))
    # one text at a time: the same vectors as in a batch (no padding, nothing shared)
    alone = np.stack([tm.embed([t])[0] for t in texts[:40]])
    assert np.array_equal(alone.view(np.uint32), _reference(texts[:40]).view(np.uint32))


def test_the_weights_are_mapped_read_only_not_copied():
    model = tm._model()
    weights = model.weights
    assert weights.dtype == np.float16 and weights.shape[1] == tm.EMBED_DIM
    assert not weights.flags.writeable and not weights.flags.owndata
    base = weights
    while getattr(base, "base", None) is not None and not isinstance(base, mmap.mmap):
        base = base.base
    assert isinstance(base, mmap.mmap)  # file pages, shared between processes
    # the mapped rows are the file's tensor
    from safetensors import safe_open

    with safe_open(
        str(tm._wordllama_root() / "weights" / f"l2_supercat_{tm.EMBED_DIM}.safetensors"), framework="np"
    ) as f:
        stored = f.get_tensor("embedding.weight")
    assert np.array_equal(np.asarray(weights).view(np.uint16), stored.view(np.uint16))


_MEASURE = """
import json, random, sys
sys.path.insert(0, sys.argv[1])
import numpy  # loaded in every worker already
from articles.text import match as tm

def status():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out

rng = random.Random(5)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 12))) for _ in range(5000)]
texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
texts[0] = "x" * 20000  # one long text: the old padded batch was 256 x its length x 256 float32
before = status()
tm.embed(texts[:1])
one = status()
tm.embed(texts)
print(json.dumps({"before": before, "one": one, "after": status()}))
"""


@pytest.mark.backend_independent  # a subprocess that never touches the database
def test_the_models_memory_stays_bounded():
    """Loading the model and embedding 3,000 distinct texts (one of 20,000 characters) adds under
    40 MB of anonymous memory to a process (~22 MB measured: the tokenizer ~16 MB; the weights
    are file pages). wordllama's own path added ~200 MB (its float32 copy of the matrix, its
    padded batches, the tokenizer's cache of whole texts)."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(ROOT)], capture_output=True, text=True, timeout=300, check=True
    )
    m = json.loads(result.stdout.strip().splitlines()[-1])
    grown = m["after"]["RssAnon"] - m["before"]["RssAnon"]
    assert grown < 40, m
    # no transient peak either (~59 MB measured, file pages included)
    assert m["after"]["VmHWM"] - m["before"]["VmRSS"] < 80, m
    assert m["after"]["RssFile"] - m["before"]["RssFile"] < 40, m  # the mapped weights: 16 MB at most


def test_token_ids_from_pieces_are_the_tokenizers():
    """``token_ids`` puts a text's ids together from its pieces' (each tokenized once): the
    tokenizer's own ids for every text, spaces, "▁", special tokens' text and all."""
    model = tm._model()
    assert model._pieces is not None  # the exact shortcut is on for wordllama's tokenizer
    rng = random.Random(3)
    alphabet = "ab c ▁  x<s></s><unk>\n\té中🙂.,'’-1"
    texts = _texts() + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    texts += [tm.clean(t, signature=False) for t in texts[:300]]
    model._pieces.clear()
    assert model.token_ids(texts) == model._whole(texts)
    assert model.token_ids(texts) == model._whole(texts)  # remembered pieces
    assert model.token_ids(["", "a ", " ", "▁"]) == [[], *model._whole(["a ", " ", "▁"])]
