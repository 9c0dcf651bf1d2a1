"""Train and evaluate the check-worthiness model shipped with articles/text/.

Run from the repository root (needs the training venv, not the app's .venv):

    PYENV_VERSION=3.13.0 python3 -m venv .venv-train
    .venv-train/bin/pip install -r requirements-train.txt
    .venv-train/bin/python tools/train_checkworthiness.py

Options: --data-dir DIR (default: ../shared/data/checkworthiness relative to the
repository root), --out PATH (default: articles/text/checkworthiness_model.json).

Data: CLEF CheckThat! 2024 Task 1 English (CT24_checkworthy_english_*.tsv).
Honest protocol: the model is fitted on ``train`` only; the settings (sublinear
tf, min_df, C, extra features) are chosen by the mean average precision on
``dev`` and ``dev-test``; the decision threshold is the one that maximises F1
of the Yes class on ``dev`` + ``dev-test`` together.  ``test_gold`` is only
scored at the end, to report the final figures.

Model: TF-IDF word 1-2-grams (scikit-learn's default tokeniser, lower-cased,
l2 norm) + binary cue features + a length feature, logistic regression (lbfgs).
Coefficients are rounded to 7 significant digits and put back into the
scikit-learn model before anything is evaluated, so the reported figures and
the recorded ``checks`` are those of exactly the shipped model.  The output
JSON is deterministic (sorted keys, compact separators, version = content
hash): running the script twice gives an identical file.
"""

from __future__ import annotations

import os

# Single-threaded BLAS: identical floating-point results on every run.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import csv
import hashlib
import itertools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from articles.text import checkworthiness as cw

SEED = 20240101
SPLITS = ("train", "dev", "dev-test", "test_gold")
GRID = {
    "sublinear_tf": (True, False),
    "min_df": (2, 3),
    "C": (1.0, 2.0, 4.0),
    "extra": ("cues", "cues+length"),
}
THRESHOLDS = [round(0.05 + 0.005 * i, 3) for i in range(181)]  # 0.05 .. 0.95
SIG_DIGITS = 7
# Sentences whose scikit-learn probabilities are recorded in the JSON, so that
# the pure-Python scorer can be tested against them.
CHECK_TEXTS = (
    "",
    "Hello.",
    "5%",
    "We're consuming 50 percent of the world's cocaine.",
    "Let me help the governor.",
    "Unemployment fell to 3.5 percent in 2019, the lowest level in 50 years.",
    "The the the the economy economy grew grew grew.",
    (
        "Zelensky told reporters late Tuesday he is “ready” for an election but "
        "would need help from the US and possibly Europe to ensure its security."
    ),
    (
        "But so far this year Ukraine has received just 32.5 billion euros "
        "($37.8 billion), the Kiel Institute said."
    ),
    "The document also portrays European allies as weak.",
    "I think we need to do better, and I will.",
    (
        "Crime went up 20 percent under his administration, more than doubled in "
        "some cities, and taxes increased by $1,500 for the average family."
    ),
    "ÜBER naïve café — déjà vu 東京 2020",
)


def load_split(data_dir: Path, name: str) -> tuple[list[str], np.ndarray]:
    path = data_dir / f"CT24_checkworthy_english_{name}.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        if [h.strip() for h in header] != ["Sentence_id", "Text", "class_label"]:
            raise SystemExit(f"{path}: unexpected header {header}")
        rows = list(reader)
    labels = [r[2].strip() for r in rows]
    if set(labels) - {"Yes", "No"}:
        raise SystemExit(f"{path}: unexpected labels {set(labels)}")
    return [r[1] for r in rows], np.array([lab == "Yes" for lab in labels], dtype=int)


def extra_features(texts: list[str], extra: str) -> sp.csr_matrix:
    rows = []
    for text in texts:
        bits, n_tokens = cw.model_features(text)
        row = [float(bits >> i & 1) for i in range(len(cw.CUE_SLUGS))]
        if extra == "cues+length":
            row.append(cw.length_feature(n_tokens))
        rows.append(row)
    return sp.csr_matrix(np.array(rows, dtype=np.float64))


def build(vec: TfidfVectorizer, texts: list[str], extra: str, fit: bool = False):
    tfidf = vec.fit_transform(texts) if fit else vec.transform(texts)
    return sp.hstack([tfidf, extra_features(texts, extra)], format="csr")


def prf(y: np.ndarray, p: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    precision = tp / max(int(pred.sum()), 1)
    recall = tp / max(int(y.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    f1, precision, recall = prf(y, p, threshold)
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "ap": round(float(average_precision_score(y, p)), 4),
    }


def fit(texts, y, settings):
    vec = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=settings["sublinear_tf"],
        min_df=settings["min_df"],
        dtype=np.float64,
    )
    X = build(vec, texts, settings["extra"], fit=True)
    clf = LogisticRegression(C=settings["C"], max_iter=10000, random_state=SEED)
    clf.fit(X, y)
    return vec, clf


def round_sig(x: float) -> float:
    return float(f"{x:.{SIG_DIGITS}g}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=REPO.parent / "shared/data/checkworthiness")
    ap.add_argument("--out", type=Path, default=REPO / "articles/text/checkworthiness_model.json")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.perf_counter()

    data = {name: load_split(args.data_dir, name) for name in SPLITS}
    for name, (texts, y) in data.items():
        print(f"{name:10s} {len(texts):6d} sentences, {int(y.sum()):5d} Yes")
    tr_x, tr_y = data["train"]
    dev_x, dev_y = data["dev"]
    dt_x, dt_y = data["dev-test"]

    # 1. settings: mean AP on dev and dev-test (test_gold is not looked at)
    best = None
    print("\nsettings grid (AP dev / dev-test):")
    for values in itertools.product(*GRID.values()):
        settings = dict(zip(GRID, values, strict=True))
        vec, clf = fit(tr_x, tr_y, settings)
        ap_dev = average_precision_score(dev_y, clf.predict_proba(build(vec, dev_x, settings["extra"]))[:, 1])
        ap_dt = average_precision_score(dt_y, clf.predict_proba(build(vec, dt_x, settings["extra"]))[:, 1])
        key = (round((ap_dev + ap_dt) / 2, 6), -settings["C"])
        print(f"  {settings}  {ap_dev:.4f} / {ap_dt:.4f}")
        if best is None or key > best[0]:
            best = (key, settings)
    settings = best[1]
    print(f"chosen: {settings}")

    # 2. final model on train; round the coefficients and put them back, so that
    # every figure below is that of the shipped model
    vec, clf = fit(tr_x, tr_y, settings)
    coef = np.array([round_sig(c) for c in clf.coef_[0]])
    intercept = round_sig(float(clf.intercept_[0]))
    clf.coef_ = coef.reshape(1, -1)
    clf.intercept_ = np.array([intercept])

    def proba(texts: list[str]) -> np.ndarray:
        return clf.predict_proba(build(vec, texts, settings["extra"]))[:, 1]

    # 3. threshold: best F1 on dev + dev-test (smallest threshold on ties)
    p_tune = np.concatenate([proba(dev_x), proba(dt_x)])
    y_tune = np.concatenate([dev_y, dt_y])
    threshold = max(THRESHOLDS, key=lambda t: (prf(y_tune, p_tune, t)[0], -t))
    print(f"threshold (best F1 on dev + dev-test): {threshold}")

    results = {name: metrics(data[name][1], proba(data[name][0]), threshold) for name in SPLITS[1:]}
    results["dev+dev-test"] = metrics(y_tune, p_tune, threshold)

    # 4. write the model
    n_terms = len(vec.vocabulary_)
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    index = [vec.vocabulary_[t] for t in terms]
    n_docs = len(tr_x)
    # document frequencies, recovered exactly from scikit-learn's idf_
    df = np.rint((n_docs + 1) / np.exp(vec.idf_[index] - 1) - 1).astype(int)
    idf_check = np.log((n_docs + 1) / (df + 1)) + 1
    assert np.allclose(idf_check, vec.idf_[index], rtol=0, atol=1e-12), "df recovery failed"
    cue_coef = {slug: float(coef[n_terms + i]) for i, slug in enumerate(cw.CUE_SLUGS)}
    length_coef = float(coef[n_terms + len(cw.CUE_SLUGS)]) if settings["extra"] == "cues+length" else 0.0
    model = {
        "n_docs": n_docs,
        "terms": terms,
        "df": [int(d) for d in df],
        "coef": [float(coef[i]) for i in index],
        "intercept": intercept,
        "sublinear_tf": settings["sublinear_tf"],
        "cue_coef": cue_coef,
        "length_coef": length_coef,
        "threshold": threshold,
        "settings": {
            **settings,
            "ngram_range": [1, 2],
            "token_pattern": vec.token_pattern,
            "solver": "lbfgs",
            "threshold_rule": "max F1(Yes) on dev + dev-test",
            "selection_rule": "max mean AP on dev and dev-test",
            "coef_significant_digits": SIG_DIGITS,
            "scikit_learn": sklearn.__version__,
        },
        "metrics": results,
        "data": "CLEF CheckThat! 2024 Task 1 English (ClaimBuster, Arslan et al. 2020, "
        "doi:10.5281/zenodo.3609356); fitted on train",
    }
    checks_p = proba(list(CHECK_TEXTS)) if CHECK_TEXTS else []
    model["checks"] = [{"text": t, "p": float(p)} for t, p in zip(CHECK_TEXTS, checks_p, strict=True)]
    body = json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    model["version"] = "cw-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    text = json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")

    # 5. the pure-Python scorer must reproduce scikit-learn
    if args.out.resolve() == cw.MODEL_PATH.resolve():
        cw._VGET = None  # force (re)loading of the file just written
        cw._ensure_loaded()
        worst = 0.0
        for name in SPLITS[1:]:
            texts = data[name][0]
            ours = np.array([cw.probability(t) for t in texts])
            worst = max(worst, float(np.max(np.abs(ours - proba(texts)))))
        print(f"max |pure Python - scikit-learn| on dev/dev-test/test_gold: {worst:.2e}")
        assert worst < 1e-9

    print(f"\nmodel {model['version']}: {n_terms} terms, {len(text.encode()) / 1e6:.2f} MB -> {args.out}")
    print(f"{'split':14s} {'F1':>6s} {'P':>6s} {'R':>6s} {'AP':>6s}   (threshold {threshold})")
    for name, m in results.items():
        print(f"{name:14s} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {m['ap']:6.3f}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
