"""The matcher's index held in a worker's memory, for matching many claims at once (README:
claim matching, "Matching an import").

``matching.match_text`` answers one query from the database (three reads, ~25 ms at a million
targets); matching the 60,000 claims of a 2,000-article import that way costs ~14 ms a claim,
most of it the per-claim reads and Python's scoring of up to 1,000 candidates term by term. A
``match_claims`` job instead loads a :class:`Snapshot` of the index once per worker process:
postings (term -> sorted document positions and term counts), the documents' lengths, content
words, owners and int8 embeddings, the term frequencies and the collection's size, all in numpy
arrays. Claims then cost no database read, and a chunk of them a few vectorised operations.

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

Memory: about 18 bytes per indexed term occurrence (document position, count, its share factor,
its (term, document) key for look-ups), 1 KB per target (its
embedding, 256 float32) and the term dictionary (not measured at a million targets), held by the
worker that runs matching jobs, never by a web server (their single searches use the database path).
Above ``MAX_DOCS`` targets the job falls back to the database path.

A job ranks a chunk's claims together (``matching._rank_claims``): ``Snapshot.lexical`` finds the
candidates of many queries and their BM25 in one numpy pass, bit-identical to ``tm.bm25_many``;
with the related threshold, candidates that could not reach it even with a perfect cosine are
left out without their BM25 being added up (``Snapshot._pruned``: 4.75 M -> 0.36 M candidates
for the ingest bench's 9,700 texts).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

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


def _no_candidates():
    """(query, position, BM25) of no candidate at all."""
    import numpy as np

    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


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
    term_id: dict  # term -> its row in the postings below
    post_start: object  # int64 (terms + 1,): term i's postings are post_start[i]:post_start[i + 1]
    post_doc: object  # int32 (occurrences,): document positions, ascending within a term
    post_count: object  # uint16 / int32 (occurrences,): the term's count in that document
    df: dict  # term -> df (MatchTerm, df > 0)
    n_docs: int
    avgdl: float
    norm: object = None  # float64 (n,): BM25's length normalisation of each document (k1, b of tm)
    idf: object = None  # float64 (terms,): each term's idf (tm.idf of its df, 0 when unknown)
    idf_list: list | None = None  # the same, as Python floats
    # term -> (df or 0, term id or -1, its share of a query's mass): filled as queries use terms
    term_info: dict = field(default_factory=dict)
    # float64 (terms,): the most a term's one unit of weight can add to a document's BM25 (the
    # largest f (k1 + 1) / (f + norm) over its postings); int64 (occurrences,): each posting's
    # term * documents + document, ascending (one searchsorted finds a (term, document) pair)
    term_max: object = None
    post_key: object = None
    doc_max: object = None  # float64 (n,): the largest f (k1 + 1) / (f + norm) of a document's terms
    post_factor: object = None  # float32 (occurrences,): each posting's f (k1 + 1) / (f + norm), rounded

    def __post_init__(self):
        import numpy as np

        if self.norm is None:
            # the expression of tm.bm25_many, element by element: the same float64 per document
            k1, b, avgdl = tm.K1, tm.B, self.avgdl or 1.0
            self.norm = k1 * (1.0 - b + b * self.length / avgdl)
        if self.idf is None:
            self.idf = np.fromiter(
                (tm.idf(self.df.get(t, 0), self.n_docs) for t in self.term_id),
                dtype=np.float64,
                count=len(self.term_id),
            )
        if self.idf_list is None:
            self.idf_list = self.idf.tolist()
        if self.term_max is None:
            f = self.post_count.astype(np.float64)
            factor = f * (tm.K1 + 1.0) / (f + self.norm[self.post_doc])
            starts = self.post_start[:-1]
            used = self.post_start[1:] > starts
            self.term_max = np.zeros(len(starts), dtype=np.float64)
            if used.any():
                self.term_max[used] = np.maximum.reduceat(factor, starts[used])
            self.post_factor = factor.astype(np.float32)
        if self.doc_max is None:
            f = np.zeros(len(self.ids), dtype=np.float64)
            np.maximum.at(f, self.post_doc, self.post_count.astype(np.float64))  # the largest term count
            self.doc_max = f * (tm.K1 + 1.0) / (f + self.norm)
        if self.post_key is None:
            counts = np.diff(self.post_start)
            term = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
            self.post_key = term * max(len(self.ids), 1) + self.post_doc

    @classmethod
    def load(cls, key: tuple[int, int, int]) -> Snapshot:
        import numpy as np

        table = connection.ops.quote_name(MatchDoc._meta.db_table)
        ids, fc, claim, about_c, about_a, length, words, blobs = [], [], [], [], [], [], [], []
        term_id: dict[str, int] = {}  # in order of first use
        parts = []  # every document's term ids, one document after another
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, factcheck_id, claim_id, about_claim_id, about_article_id, terms, words, embedding "
                f"FROM {table} WHERE id <= %s ORDER BY id",
                [key[2]],
            )
            while True:  # 5,000 rows at a time, each column converted at once
                rows = cur.fetchmany(5000)
                if not rows:
                    break
                pk, fc_id, claim_id, ac, aa, terms, w, blob = zip(*rows, strict=True)
                ids.extend(pk)
                fc.extend([x or 0 for x in fc_id])
                claim.extend([x or 0 for x in claim_id])
                about_c.extend([-1 if x is None else x for x in ac])
                about_a.extend([-1 if x is None else x for x in aa])
                words.extend(w)
                blobs.extend(blob)
                split = [t.split() if t else [] for t in terms]
                length.extend(map(len, split))
                tokens = [t for doc in split for t in doc]
                for t in dict.fromkeys(tokens):
                    if t not in term_id:
                        term_id[t] = len(term_id)
                parts.append(np.fromiter(map(term_id.__getitem__, tokens), dtype=np.int64, count=len(tokens)))
        # postings: (term, document) pairs counted, in term order then document order
        tid = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        n = max(len(ids), 1)
        doc = np.repeat(np.arange(len(ids), dtype=np.int64), np.asarray(length, dtype=np.int64))
        pairs, post_count = np.unique(tid * n + doc, return_counts=True)
        term = pairs // n
        post_doc = (pairs - term * n).astype(np.int32)
        post_start = np.zeros(len(term_id) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(term_id)), out=post_start[1:])
        post_count = post_count.astype(np.uint16 if len(pairs) and post_count.max() < 1 << 16 else np.int32)
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
            term_id=term_id,
            post_start=post_start,
            post_doc=post_doc,
            post_count=post_count,
            df=df,
            n_docs=docs,
            avgdl=(total / docs if docs else 1.0),
        )

    # ------------------------------------------------------------------------- search
    def describe(self, term: str) -> tuple[int, int, float]:
        """(df or 0, term id or -1, its share of a query's mass) of a term, remembered: the
        numbers ``matching._prepare`` reads for it (the share as ``tm.query_mass`` adds it up:
        the term's idf, from the snapshot's own when it has one, times k1 + 1)."""
        df = self.df.get(term, 0)
        tid = self.term_id.get(term, -1)
        share = 0.0
        if df:
            share = (self.idf_list[tid] if tid >= 0 else tm.idf(df, self.n_docs)) * (tm.K1 + 1.0)
        found = self.term_info[term] = (df, tid, share)
        return found

    def frequencies(self, terms: Sequence[str], limit: int) -> dict[str, int]:
        """As ``matching._frequencies``: the df of the query's (first ``limit`` sorted) terms."""
        wanted = sorted(set(terms))[:limit]
        return {t: self.df[t] for t in wanted if t in self.df}

    def lexical(
        self, queries: Sequence[Query], *, cap: int, exclude_claim=None, exclude_article=None, need=None
    ):
        """The candidates of many queries at once and the BM25 of each.

        Candidates as ``matching._candidates`` selects them: the documents that hold one of a
        query's chosen terms (all of them with ``all_of``), less those about the query's
        ``exclude_claim`` / ``exclude_article`` (int64 per query, -2 for none), and for an
        ``all_of`` query only its newest ``cap`` (positions follow ids).

        BM25 with ``tm.bm25_many``'s arithmetic: each term's share by the same float64
        operations, added up in the query's sorted term order from 0.0 (``np.bincount`` adds
        in the order given), so the same number to the last bit. A term's share is read from
        its postings when they are short next to the query's candidates, else looked up for
        each candidate: the work of a query is at most about (terms x candidates).

        With ``need`` (float64 per query), a candidate whose BM25 is certainly below its query's
        need is left out, found so without computing its BM25 (``_pruned``; not for ``all_of``
        queries); those kept, the same BM25.

        Returns (query index, document position, BM25), grouped by query (ascending)."""
        import numpy as np

        out = []
        block = max(1, SLOTS // max(len(self.ids), 1))  # queries whose (query, document) slots fit
        # (query, document) -> an index, -1 again after each pass; small enough to stay in cache
        slot = np.full(min(block, len(queries)) * len(self.ids), -1, dtype=np.int32)
        for start in range(0, len(queries), block):
            part = slice(start, start + block)
            ex_claim = None if exclude_claim is None else exclude_claim[part]
            ex_article = None if exclude_article is None else exclude_article[part]
            these = queries[part]
            pruned = (
                np.zeros(len(these), dtype=bool) if need is None
                else np.fromiter((not q.all_of for q in these), dtype=bool, count=len(these)) & (need[part] > 0.0)
            )  # fmt: skip
            for group, method in ((~pruned, self._lexical), (pruned, self._pruned)):
                if not group.any():
                    continue
                index = np.flatnonzero(group)
                every = len(index) == len(these)
                pick = _whole if every else functools.partial(_rows, index)
                extra = {"cap": cap} if method == self._lexical else {"need": pick(need[part])}
                query, position, score = method(
                    these if every else [these[i] for i in index.tolist()], slot,
                    exclude_claim=pick(ex_claim), exclude_article=pick(ex_article), **extra,
                )  # fmt: skip
                out.append((start + (query if every else index[query]), position, score))
        if not out:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        query, position, score = (np.concatenate(x) for x in zip(*out, strict=True))
        if need is not None and len(out) > 1:
            order = np.argsort(query, kind="stable")  # the two groups of a block, merged by query
            query, position, score = query[order], position[order], score[order]
        return query, position, score

    def _pairs(self, queries: Sequence[Query]):
        """The queries' (query, term) pairs, flattened in each query's term order: how many each
        query has, and per pair its query, term, whether it is chosen, and its weight (the term's
        idf, or the query's own weights); None when there is no pair or no document."""
        import numpy as np

        nq = len(queries)
        sizes = np.fromiter((len(q.term_ids) for q in queries), dtype=np.int64, count=nq)
        pairs = int(sizes.sum())
        if not pairs or not len(self.ids):
            return None
        pair_query = np.repeat(np.arange(nq, dtype=np.int64), sizes)
        pair_term = np.fromiter((t for q in queries for t in q.term_ids), dtype=np.int64, count=pairs)
        pair_chosen = np.fromiter((c for q in queries for c in q.chosen), dtype=bool, count=pairs)
        pair_weight = self.idf[pair_term]
        for i in [i for i, q in enumerate(queries) if q.weights is not None]:
            pair_weight[pair_query == i] = queries[i].weights
        return sizes, pair_query, pair_term, pair_chosen, pair_weight

    def _lexical(self, queries: Sequence[Query], slot, *, cap: int, exclude_claim, exclude_article):
        import numpy as np

        n = len(self.ids)
        nq = len(queries)
        empty = _no_candidates()
        found = self._pairs(queries)
        if found is None:
            return empty
        _, pair_query, pair_term, pair_chosen, pair_weight = found
        all_of = np.fromiter((q.all_of for q in queries), dtype=bool, count=nq)

        # 1. candidates: the documents of the chosen terms (once each), as _candidates selects
        some = pair_chosen & ~all_of[pair_query]
        where, owner = self._entries(pair_term[some], pair_query[some])
        key = owner * n + self.post_doc[where]
        slot[key] = np.arange(len(key))  # (query, document) -> its last entry
        keys = key[slot[key] == np.arange(len(key))]  # once each, grouped by query (entries follow the pairs)
        slot[key] = -1
        if all_of.any():
            # both rarest terms required (rare): each such query on its own, newest first
            parts = [keys]
            for i in np.flatnonzero(all_of).tolist():
                q = queries[i]
                lists = [self._docs(t) for t, c in zip(q.term_ids, q.chosen, strict=True) if c]
                if not lists or len(lists) < q.n_chosen:
                    continue
                found = lists[0]
                for other in lists[1:]:
                    found = np.intersect1d(found, other, assume_unique=True)
                parts.append(i * n + found.astype(np.int64))
            keys = np.concatenate(parts)
            keys = keys[np.argsort(keys // n, kind="stable")]
        query, position = keys // n, keys % n
        keep = np.ones(len(keys), dtype=bool)
        if exclude_claim is not None:
            keep &= self.about_claim[position] != exclude_claim[query]
        if exclude_article is not None:
            keep &= self.about_article[position] != exclude_article[query]
        if not keep.all():
            query, position, keys = query[keep], position[keep], keys[keep]
        if all_of[query].any():
            ends = np.searchsorted(query, query, side="right")
            keep = ~all_of[query] | (ends - np.arange(len(query)) <= cap)
            query, position, keys = query[keep], position[keep], keys[keep]
        if not len(keys):
            return empty
        per_query = np.bincount(query, minlength=nq)
        slot[keys] = np.arange(len(keys))  # (query, document) -> candidate index

        # 2. each (query, term)'s share in each candidate that holds the term, in pair order
        df = self.post_start[pair_term + 1] - self.post_start[pair_term]
        live = per_query[pair_query] > 0
        scan = live & (df <= LOOKUP_RATIO * per_query[pair_query])
        where, owner, pair = self._entries(pair_term[scan], pair_query[scan], np.flatnonzero(scan))
        doc = self.post_doc[where]
        cand = slot[owner * n + doc]
        slot[keys] = -1
        hit = cand >= 0
        cand, pair, where = cand[hit], pair[hit], where[hit]
        looked = np.flatnonzero(live & ~scan)
        if len(looked):
            first_of = np.cumsum(per_query) - per_query
            more_cand, more_pair, more_where = [cand], [pair], [where]
            for p in looked.tolist():
                i, t = int(pair_query[p]), int(pair_term[p])
                mine = np.arange(first_of[i], first_of[i] + per_query[i])
                lo, hi = int(self.post_start[t]), int(self.post_start[t + 1])
                at = np.searchsorted(self.post_doc[lo:hi], position[mine])
                at[at >= hi - lo] = 0
                found = self.post_doc[lo:hi][at] == position[mine]
                more_cand.append(mine[found])
                more_pair.append(np.full(int(found.sum()), p, dtype=np.int64))
                more_where.append(lo + at[found])
            cand, pair, where = (
                np.concatenate(more_cand),
                np.concatenate(more_pair),
                np.concatenate(more_where),
            )
            order = np.argsort(pair, kind="stable")  # back in (query, term) order
            cand, pair, where = cand[order], pair[order], where[order]
        f = self.post_count[where].astype(np.float64)
        k1 = tm.K1
        share = pair_weight[pair] * f * (k1 + 1.0) / (f + self.norm[position[cand]])
        score = np.bincount(cand, weights=share, minlength=len(keys))
        score[self.length[position] == 0] = 0.0
        return query, position, score

    def _pruned(self, queries: Sequence[Query], slot, *, need, exclude_claim, exclude_article):
        """``_lexical`` for queries that keep only candidates whose BM25 reaches ``need`` (none
        ``all_of``): the candidates that are kept and their BM25 are ``_lexical``'s, to the bit.

        A term adds at most its weight x ``term_max`` to a document's BM25 (its bound). The
        query's unchosen terms and then its chosen ones of smallest bound, as long as their
        bounds add up to less than the need, are "optional": a document that holds none of the
        other (required) terms cannot reach the need. So only the postings of the required terms
        are read, with their shares (an upper bound of the BM25: those shares plus the optional
        terms' bounds); the documents whose bound reaches the need then have their optional
        terms looked up (``post_key``) and their BM25 added up as ``_lexical`` adds it (each
        term's share by the same operations, in the query's term order from 0.0)."""
        import numpy as np

        n = len(self.ids)
        nq = len(queries)
        empty = _no_candidates()
        found = self._pairs(queries)
        if found is None:
            return empty
        sizes, pair_query, pair_term, pair_chosen, pair_weight = found
        k1 = tm.K1
        # 1. optional and required terms; the bounds rounded up (1e-9 is far above float64's
        # rounding of these few additions), the need rounded down
        bound = pair_weight * self.term_max[pair_term] * (1.0 + 1e-9)
        need = need * (1.0 - 1e-9)
        order = np.lexsort((np.where(pair_chosen, bound, -1.0), pair_query))  # unchosen first, then by bound
        sorted_bound = bound[order]
        total = np.cumsum(sorted_bound)
        first = np.cumsum(sizes) - sizes
        before = np.zeros(nq, dtype=np.float64)
        before[first > 0] = total[first[first > 0] - 1]
        within = total - np.repeat(before, sizes)
        slack = 1e-12 * float(total[-1])  # the cumulative sum's rounding, past the query's own
        required = np.zeros(len(pair_term), dtype=bool)
        required[order] = pair_chosen[order] & (within + slack >= OPTIONAL * need[pair_query[order]])
        optional_bound = np.bincount(pair_query[~required], weights=bound[~required], minlength=nq)
        optional_weight = np.bincount(pair_query[~required], weights=pair_weight[~required], minlength=nq)

        # 2. the required terms' postings: each (query, document) once, its shares added up
        where, owner, pair = self._entries(pair_term[required], pair_query[required], np.flatnonzero(required))
        key = owner * n + self.post_doc[where]
        entry = np.arange(len(key), dtype=np.int32)
        slot[key] = entry
        group = slot[key]  # each entry's (query, document) named by its last entry
        slot[key] = -1
        last_entry = np.flatnonzero(group == entry)
        # the shares as bounds first (float32 factors: 1e-6 covers their rounding)
        partial = np.bincount(group, weights=pair_weight[pair] * self.post_factor[where], minlength=len(key))
        partial = partial[last_entry] * (1.0 + 1e-6)
        # each (query, document) by its last entry: its query, and its document when it is kept
        query = owner[last_entry]
        # a document's optional terms add at most their bounds, and at most their weights x its
        # doc_max: first those whose shares reach the need less all the optional bounds (a
        # superset: 1e-12 is far above the rounding of need - bound), then the exact test
        reach = need - optional_bound
        reach -= 1e-12 * (need + optional_bound)
        maybe = np.flatnonzero(partial >= reach[query])
        query = query[maybe]
        position = self.post_doc[where[last_entry[maybe]]].astype(np.int64)
        most = np.minimum(optional_bound[query], optional_weight[query] * self.doc_max[position] * (1.0 + 1e-9))
        alive = partial[maybe] + most >= need[query]
        if exclude_claim is not None:
            alive &= self.about_claim[position] != exclude_claim[query]
        if exclude_article is not None:
            alive &= self.about_article[position] != exclude_article[query]
        kept = maybe[alive]  # grouped by query (the entries follow the pairs)
        ns = len(kept)
        if not ns:
            return empty
        query, position = query[alive], position[alive]

        # 3. the kept candidates' BM25: the required terms' shares from above, the optional ones
        # looked up, added up in the query's term order
        kept = last_entry[kept]
        is_kept = np.zeros(len(key), dtype=bool)
        is_kept[kept] = True
        hit = is_kept[group]
        renumber = np.empty(len(key), dtype=np.int64)  # read only where kept
        renumber[kept] = np.arange(ns)
        cand, pair, where = renumber[group[hit]], pair[hit], where[hit]
        f = self.post_count[where].astype(np.float64)
        share = pair_weight[pair] * f * (k1 + 1.0) / (f + self.norm[position[cand]])
        optional = np.flatnonzero(~required)  # grouped by query, in term order
        n_optional = np.bincount(pair_query[optional], minlength=nq)
        if len(optional):
            first_optional = np.cumsum(n_optional) - n_optional
            count = n_optional[query]
            total_count = int(count.sum())
            look_cand = np.repeat(np.arange(ns, dtype=np.int64), count)
            offset = np.arange(total_count, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
            look_pair = optional[np.repeat(first_optional[query], count) + offset]
            look_key = pair_term[look_pair] * n + position[look_cand]
            at = np.searchsorted(self.post_key, look_key)
            at[at >= len(self.post_key)] = 0
            found = self.post_key[at] == look_key
            look_cand, look_pair, at = look_cand[found], look_pair[found], at[found]
            f = self.post_count[at].astype(np.float64)
            more = pair_weight[look_pair] * f * (k1 + 1.0) / (f + self.norm[position[look_cand]])
            cand, pair, share = np.concatenate((cand, look_cand)), np.concatenate((pair, look_pair)), np.concatenate((share, more))
        rank = pair - first[pair_query[pair]]  # the term's place in its query
        order = np.argsort(rank.astype(np.int16 if sizes.max() < 1 << 15 else np.int64), kind="stable")
        score = np.bincount(cand[order], weights=share[order], minlength=ns)
        score[self.length[position] == 0] = 0.0
        return query, position, score

    def _docs(self, term: int):
        return self.post_doc[self.post_start[term] : self.post_start[term + 1]]

    def _entries(self, terms, owners, pairs=None):
        """The posting indices of these terms, one term after another, with the owner (query)
        of each (and its pair index, when ``pairs`` is given)."""
        import numpy as np

        first = self.post_start[terms]
        count = self.post_start[terms + 1] - first
        where = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(count) - count - first, count
        )
        owner = np.repeat(owners, count)
        if pairs is None:
            return where, owner
        return where, owner, np.repeat(pairs, count)


def _whole(x):
    return x


def _rows(index, x):
    return None if x is None else x[index]


OPTIONAL = 0.5  # a query's optional terms bound at most this share of its need (``_pruned``)
LOOKUP_RATIO = 4  # a term's postings are read whole when at most this many per candidate of the query
SLOTS = 1 << 19  # (query, document) slots of one pass of ``Snapshot.lexical`` (4 bytes each)


@dataclass
class Query:
    """A query as :meth:`Snapshot.lexical` takes it: its distinct terms known to the snapshot
    (ids, in term order) and their idf weights, which of them choose the candidates
    (``matching.choose_terms``), how many terms were chosen, and whether a candidate must
    hold all of them."""

    term_ids: list[int]
    weights: list[float] | None  # None: the snapshot's idf of each term
    chosen: list[bool]
    n_chosen: int
    all_of: bool
