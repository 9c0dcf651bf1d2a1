"""The matcher's index held in a worker's memory, for matching many claims at once (README:
claim matching, "Matching an import").

``matching.match_text`` answers one query from the database (three reads, ~25 ms at a million
targets); matching the 60,000 claims of a 2,000-article import that way costs ~14 ms a claim,
most of it the per-claim reads and Python's scoring of up to 1,000 candidates term by term. A
``match_claims`` job instead loads a :class:`Snapshot` of the index once per worker process:
postings (term -> sorted document positions and term counts), the documents' lengths, content
words, owners and int8 embeddings, the term frequencies and the collection's size, all in numpy
arrays. Each claim then costs no database read and a few vectorised operations.

**The same ranking as the database path, by construction**: the candidates are chosen by the
same rule (``matching.choose_terms`` over the same term frequencies; the same exclusions; the
newest CANDIDATES when both rarest terms are required), BM25 is computed with the same
arithmetic in the same order (float64, query terms in sorted order), the cosine from the same
int8 vectors. ``tests/test_match_memory.py`` compares both paths on random collections.

**Kept current**: a snapshot is keyed by (targets, total length, highest document id) read from
the database; every change of the index changes one of them (documents are replaced, never
updated in place). ``current()`` reuses the process's snapshot while the key is unchanged and
loads a new one otherwise. A job reads the key once, at its start, and matches every claim
against that state of the index (what was published when the job started).

Memory: about 60 bytes per indexed term occurrence plus 256 bytes per target (the embeddings):
~350 MB at a million targets, held by the worker that runs matching jobs, never by a web server
(their single searches use the database path). Above ``MAX_DOCS`` targets the job falls back to
the database path.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from .match_models import MatchDoc, MatchStats, MatchTerm
from .text import match as tm

MAX_DOCS = 3_000_000  # above this many targets a job matches through the database instead
MIN_CLAIMS = 100  # fewer claims than this are matched through the database (no snapshot load)

_lock = threading.Lock()
_cached: Snapshot | None = None


def _key() -> tuple[int, int, int]:
    stats = MatchStats.objects.filter(pk=1).values_list("docs", "total_length").first() or (0, 0)
    table = connection.ops.quote_name(MatchDoc._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT MAX(id) FROM {table}")
        top = cur.fetchone()[0] or 0
    return int(stats[0]), int(stats[1]), int(top)


def current(*, claims: int) -> Snapshot | None:
    """This process's snapshot of the index, loaded or refreshed when the index changed; None
    when the database path is the better one (few claims and nothing loaded yet, or a
    collection above MAX_DOCS)."""
    global _cached
    key = _key()
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        if claims < MIN_CLAIMS or key[0] > MAX_DOCS:
            return None
        _cached = Snapshot.load(key)
        return _cached


def forget() -> None:
    """Drop this process's snapshot (tests)."""
    global _cached
    with _lock:
        _cached = None


@dataclass
class Snapshot:
    key: tuple[int, int, int]
    ids: object  # int64 (n,), ascending
    is_factcheck: object  # bool (n,)
    factcheck_id: object  # int64 (n,), 0 = none
    claim_id: object  # int64 (n,), 0 = none
    about_claim: object  # int64 (n,), -1 = none
    about_article: object  # int64 (n,), -1 = none
    length: object  # float64 (n,): terms in the document
    words: object  # int64 (n,)
    vectors: object  # float32 (n, 256): unit-length (dequantized as tm.dequantize does)
    postings: dict  # term -> (int32 positions ascending, float64 counts)
    df: dict  # term -> df (MatchTerm, df > 0)
    n_docs: int
    avgdl: float

    @classmethod
    def load(cls, key: tuple[int, int, int]) -> Snapshot:
        import numpy as np

        table = connection.ops.quote_name(MatchDoc._meta.db_table)
        ids, fc, claim, about_c, about_a, length, words, blobs = [], [], [], [], [], [], [], []
        lists: dict[str, tuple[list[int], list[int]]] = {}
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, kind, factcheck_id, claim_id, about_claim_id, about_article_id, terms, length, words, "
                f"embedding FROM {table} WHERE id <= %s ORDER BY id",
                [key[2]],
            )
            position = 0
            while True:
                rows = cur.fetchmany(5000)
                if not rows:
                    break
                for pk, kind, fc_id, claim_id, ac, aa, terms, n, w, blob in rows:
                    ids.append(pk)
                    fc.append(fc_id or 0)
                    claim.append(claim_id or 0)
                    about_c.append(-1 if ac is None else ac)
                    about_a.append(-1 if aa is None else aa)
                    length.append(len(terms.split()) if terms else 0)
                    words.append(w)
                    blobs.append(bytes(blob))
                    counts: dict[str, int] = {}
                    for t in terms.split():
                        counts[t] = counts.get(t, 0) + 1
                    for t, c in counts.items():
                        entry = lists.get(t)
                        if entry is None:
                            entry = lists[t] = ([], [])
                        entry[0].append(position)
                        entry[1].append(c)
                    position += 1
        postings = {
            t: (np.asarray(p, dtype=np.int32), np.asarray(c, dtype=np.float64)) for t, (p, c) in lists.items()
        }
        df = dict(MatchTerm.objects.filter(df__gt=0).values_list("term", "df"))
        docs, total = key[0], key[1]
        return cls(
            key=key,
            ids=np.asarray(ids, dtype=np.int64),
            is_factcheck=np.asarray(fc, dtype=np.int64) > 0,
            factcheck_id=np.asarray(fc, dtype=np.int64),
            claim_id=np.asarray(claim, dtype=np.int64),
            about_claim=np.asarray(about_c, dtype=np.int64),
            about_article=np.asarray(about_a, dtype=np.int64),
            length=np.asarray(length, dtype=np.float64),
            words=np.asarray(words, dtype=np.int64),
            vectors=tm.dequantize(blobs),
            postings=postings,
            df=df,
            n_docs=docs,
            avgdl=(total / docs if docs else 1.0),
        )

    # ------------------------------------------------------------------------- search
    def frequencies(self, terms: Sequence[str], limit: int) -> dict[str, int]:
        """As ``matching._frequencies``: the df of the query's (first ``limit`` sorted) terms."""
        wanted = sorted(set(terms))[:limit]
        return {t: self.df[t] for t in wanted if t in self.df}

    def candidates(self, chosen: list[str], all_of: bool, *, cap: int, exclude_claim_id: int | None, exclude_article_id: int | None):
        """Positions of the candidate documents (as ``matching._candidates`` selects them)."""
        import numpy as np

        lists = [self.postings[t][0] for t in chosen if t in self.postings]
        if not lists or (all_of and len(lists) < len(chosen)):
            return np.zeros(0, dtype=np.int32)
        if all_of:
            found = lists[0]
            for other in lists[1:]:
                found = np.intersect1d(found, other, assume_unique=True)
        else:
            found = lists[0] if len(lists) == 1 else np.unique(np.concatenate(lists))
        keep = np.ones(len(found), dtype=bool)
        if exclude_claim_id is not None:
            keep &= self.about_claim[found] != exclude_claim_id
        if exclude_article_id is not None:
            keep &= self.about_article[found] != exclude_article_id
        found = found[keep]
        if all_of and len(found) > cap:
            found = found[-cap:]  # the newest (positions follow ids)
        return found

    def score(self, qset: set[str], df: dict[str, int], found, *, k1: float = tm.K1, b: float = tm.B):
        """BM25 of each candidate: ``tm.bm25_many``'s arithmetic, term by term in sorted order."""
        import numpy as np

        avgdl = self.avgdl or 1.0
        length = self.length[found]
        norm = k1 * (1.0 - b + b * length / avgdl)
        out = np.zeros(len(found), dtype=np.float64)
        for term, w in sorted((t, tm.idf(df.get(t, 0), self.n_docs)) for t in qset):
            posting = self.postings.get(term)
            if posting is None:
                continue
            where = np.searchsorted(posting[0], found)
            where[where >= len(posting[0])] = 0
            f = np.where(posting[0][where] == found, posting[1][where], 0.0)
            hit = f > 0
            out[hit] = out[hit] + w * f[hit] * (k1 + 1.0) / (f[hit] + norm[hit])
        out[length == 0] = 0.0
        return out
