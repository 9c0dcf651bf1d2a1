"""Matching claims against published fact-checks and the archive (README: claim matching).

The index (``articles/match_models.py``): one ``MatchDoc`` per target (every ``FactCheck``, and
every claim that has a verdict and is not dismissed) with its normalised terms, length, content
word count and int8 embedding; term document frequencies (``MatchTerm``) and the collection's
size (``MatchStats``) are kept in the same transaction as the documents.

A search (:func:`match_text`):

1. the query's terms, their document frequencies (primary-key reads);
2. candidates: the targets that contain the query's rarest terms, taken rarest first while their
   frequencies add up to at most CANDIDATES (at least the rarest; when even that one is more
   common than CANDIDATES, the targets that contain the two rarest, newest CANDIDATES of them).
   PostgreSQL finds them through the GIN index of migration 0013; SQLite scans (same set);
3. BM25 (claim + headline) and the cosine of the embeddings, computed in Python for every
   candidate with the stored statistics, blended and calibrated (``articles/text/match.py``):
   the same numbers on both databases, so the same ranking;
4. the top ones get their tier (``MatchSettings``) and their explanation (shared words, numbers,
   names), read from the targets' own text.

Writes: :func:`targets_changed` (other code tells the index, inside its transaction, that
fact-checks changed or a claim got or lost a verdict; from a web request the job worker
indexes them, elsewhere a few are indexed at commit and more in a "match_claims" job),
:func:`match_later` (a job that matches claims after an ingest) and :func:`claims_match` (stores
ClaimMatch suggestions; rejected pairs never come back, confirmed ones stay).
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from factcheck.request_scope import in_request

from . import jobs, languages, match_memory
from .match_models import MatchDoc, MatchStats, MatchTerm
from .models import Claim, ClaimMatch, FactCheck, Job, MatchSettings, Verdict
from .text import match as tm

logger = logging.getLogger(__name__)

CANDIDATES = 1000  # postings read per query at most (rarest terms first)
MAX_QUERY_TERMS = 64  # distinct terms of a query looked at
TERM_MAX = 64  # a term's stored length (MatchTerm.term)
INLINE_MAX = 50  # targets_changed indexes this many at commit; more go to a job
CHUNK = 500  # targets indexed / claims matched per transaction
MATCH_CHUNK = 2000  # claims matched per transaction from a worker's snapshot (fewer round trips)
AGAINST = ("all", "factchecks", "claims")


@dataclass
class Suggestion:
    kind: str  # "factcheck" | "claim"
    ref_id: int  # FactCheck.id or Claim.id
    url: str | None  # the fact-check's URL
    text: str  # the claim as the fact-check states it, or the claim's text
    score: float
    tier: str | None  # "likely" | "related" | None (below the admin's "related" threshold)
    lexical: float
    semantic: float
    shared: dict = field(default_factory=dict)
    title: str = ""  # the fact-check's headline
    rating: str = ""  # the fact-check's rating text
    publisher: str = ""

    @property
    def ref(self) -> str:
        """What ``match_claims`` prints: the fact-check's URL or the claim's id."""
        return self.url if self.kind == "factcheck" and self.url else str(self.ref_id)


# ----------------------------------------------------------------------------- indexing
def _doc_terms(text: str) -> list[str]:
    return [t[:TERM_MAX] for t in tm.terms(text)]


def _verdict_claims(claim_ids: Iterable[int]):
    return (
        Claim.objects.filter(pk__in=list(claim_ids))
        .exclude(status=Claim.Status.DISMISSED)
        .filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"))))
    )


def _apply_deltas(deltas: dict[str, int], docs: int, length: int) -> None:
    """Add to the term frequencies (in term order, so that concurrent writers never deadlock)
    and to the collection's size."""
    table = connection.ops.quote_name(MatchTerm._meta.db_table)
    items = sorted((t, d) for t, d in deltas.items() if d)
    with connection.cursor() as cur:
        for start in range(0, len(items), 500):
            part = items[start : start + 500]
            cur.execute(
                f"INSERT INTO {table} (term, df) VALUES {', '.join(['(%s, %s)'] * len(part))} "
                f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + excluded.df",
                [x for pair in part for x in pair],
            )
    if docs or length:
        MatchStats.objects.get_or_create(pk=1)
        from django.db.models import F

        MatchStats.objects.filter(pk=1).update(docs=F("docs") + docs, total_length=F("total_length") + length)


def _replace_docs(*, factcheck_ids: Sequence[int] = (), claim_ids: Sequence[int] = ()) -> int:
    """(Re)index these targets in one transaction: drop their old documents, write the new ones
    (fact-checks that no longer exist and claims without a verdict get none). Returns how many
    documents were written."""
    with transaction.atomic():
        old = MatchDoc.objects.filter(Q(factcheck_id__in=factcheck_ids) | Q(claim_id__in=claim_ids))
        deltas: dict[str, int] = {}
        docs = length = 0
        for terms in old.select_for_update().values_list("terms", flat=True):
            split = terms.split()
            for t in set(split):
                deltas[t] = deltas.get(t, 0) - 1
            docs -= 1
            length -= len(split)
        old.delete()
        new: list[MatchDoc] = []
        texts: list[str] = []
        if factcheck_ids:
            for fc in (
                FactCheck.objects.filter(pk__in=factcheck_ids)
                .select_related("claim")
                .only("claim_reviewed", "headline", "claim__article_id")
            ):
                terms = _doc_terms(f"{fc.claim_reviewed}\n{fc.headline}")
                new.append(MatchDoc(
                    kind=MatchDoc.Kind.FACTCHECK, factcheck_id=fc.pk, about_claim_id=fc.claim_id,
                    about_article_id=fc.claim.article_id if fc.claim_id else None,
                    terms=" ".join(terms), length=len(terms), words=min(tm.content_word_count(fc.claim_reviewed), 32767),
                ))  # fmt: skip
                texts.append(fc.claim_reviewed)
        if claim_ids:
            for claim in _verdict_claims(claim_ids).only("text", "article_id"):
                terms = _doc_terms(claim.text)
                new.append(MatchDoc(
                    kind=MatchDoc.Kind.CLAIM, claim_id=claim.pk, about_claim_id=claim.pk,
                    about_article_id=claim.article_id, terms=" ".join(terms), length=len(terms),
                    words=min(len(terms), 32767),
                ))  # fmt: skip
                texts.append(claim.text)
        for doc, blob in zip(new, tm.quantize(tm.embed(texts)) if texts else [], strict=True):
            doc.embedding = blob
            for t in set(doc.terms.split()):
                deltas[t] = deltas.get(t, 0) + 1
            docs += 1
            length += doc.length
        MatchDoc.objects.bulk_create(new, batch_size=500)
        _apply_deltas(deltas, docs, length)
    return len(new)


def index_targets(*, factcheck_ids: Iterable[int] = (), claim_ids: Iterable[int] = (), progress=None) -> int:
    """Index these fact-checks and claims now, CHUNK at a time (each its own transaction)."""
    fcs, cls = sorted(set(factcheck_ids)), sorted(set(claim_ids))
    written = 0
    for ids, key in ((fcs, "factcheck_ids"), (cls, "claim_ids")):
        for start in range(0, len(ids), CHUNK):
            written += _replace_docs(**{key: ids[start : start + CHUNK]})
            if progress:
                progress()
    return written


def reindex(*, progress=None) -> int:
    """Rebuild the whole index (``match_claims --reindex``): every fact-check, every claim with a
    verdict; the term statistics are recounted from scratch."""
    with transaction.atomic():
        MatchDoc.objects.all().delete()
        MatchTerm.objects.all().delete()
        MatchStats.objects.update_or_create(pk=1, defaults={"docs": 0, "total_length": 0})
    fcs = list(FactCheck.objects.order_by("pk").values_list("pk", flat=True))
    cls = list(
        Claim.objects.exclude(status=Claim.Status.DISMISSED)
        .filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return index_targets(factcheck_ids=fcs, claim_ids=cls, progress=progress)


def targets_changed(*, factcheck_ids: Iterable[int] = (), claim_ids: Iterable[int] = ()) -> None:
    """Fact-checks were imported, changed or deleted, or claims got or lost a verdict (or were
    dismissed): called inside the caller's transaction. From a web request (a verdict, an
    approval, an edit) the targets go to the job worker (``match_queue``: one queued job collects
    a burst of them; searchable about a second later), so that web workers never load the
    matcher's model nor spend a save's time on it. Elsewhere (a command, a job, the shell) up to
    INLINE_MAX targets are indexed in this process once the transaction commits; more go to a
    "match_claims" job (a big import is not slowed down by embedding)."""
    fcs, cls = sorted({int(i) for i in factcheck_ids}), sorted({int(i) for i in claim_ids})
    if not fcs and not cls:
        return
    if len(fcs) + len(cls) <= INLINE_MAX:
        if in_request():  # (in a save's reply this was a third of its time and ~55 MB of RSS)
            from . import match_queue

            match_queue.index_later(fcs, cls)
            return
        transaction.on_commit(lambda: _index_safely(fcs, cls))
        return
    jobs.job_create(
        kind=Job.Kind.MATCH_CLAIMS, created_by=None,
        params={"index_factcheck_ids": fcs, "index_claim_ids": cls}, total=len(fcs) + len(cls),
    )  # fmt: skip


def _index_safely(fcs: list[int], cls: list[int]) -> None:
    try:
        index_targets(factcheck_ids=fcs, claim_ids=cls)
    except Exception:  # the caller's change is committed: a failed index update is retried by a job
        logger.exception("indexing %d fact-checks and %d claims failed; left to a job", len(fcs), len(cls))
        with transaction.atomic():
            jobs.job_create(
                kind=Job.Kind.MATCH_CLAIMS, created_by=None,
                params={"index_factcheck_ids": fcs, "index_claim_ids": cls}, total=len(fcs) + len(cls),
            )  # fmt: skip


# ----------------------------------------------------------------------------- search
@dataclass
class _Query:
    text: str
    terms: list[str]
    vector: Any  # unit float32 (256,)
    words: int


def _query(text: str, vector=None) -> _Query:
    tokens = tm.tokens(text)  # once: the terms and the content-word count both come from them
    terms = [t.term[:TERM_MAX] for t in tokens]
    if vector is None:
        vector = tm.embed([text])[0]
    return _Query(text=text, terms=terms, vector=vector, words=len(tokens))


def _stats() -> tuple[int, float]:
    row = MatchStats.objects.filter(pk=1).values_list("docs", "total_length").first() or (0, 0)
    docs, total = row
    return docs, (total / docs if docs else 1.0)


def _frequencies(terms: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(terms))[: MAX_QUERY_TERMS * 4]
    return dict(MatchTerm.objects.filter(term__in=wanted, df__gt=0).values_list("term", "df"))


def choose_terms(df: dict[str, int], *, budget: int = CANDIDATES) -> tuple[list[str], bool]:
    """The terms whose targets are the candidates: rarest first while their frequencies add up
    to at most ``budget`` (at least the rarest). Returns (terms, all_of): when even the rarest is
    more common than the budget, the two rarest, and candidates must contain both."""
    return _choose(sorted((n, t) for t, n in df.items())[:MAX_QUERY_TERMS], budget)


def _choose(order: list[tuple[int, str]], budget: int) -> tuple[list[str], bool]:
    """``choose_terms`` of the (df, term) pairs already in its order (rarest first)."""
    if not order:
        return [], False
    if order[0][0] > budget:
        return [t for _, t in order[:2]], True
    chosen, total = [], 0
    for n, t in order:
        if total + n > budget:
            break
        chosen.append(t)
        total += n
    return chosen, False


_FIELDS = (
    "pk",
    "kind",
    "factcheck_id",
    "claim_id",
    "about_claim_id",
    "about_article_id",
    "terms",
    "length",
    "words",
    "embedding",
)


def _candidates(
    chosen: list[str],
    all_of: bool,
    *,
    against: str,
    exclude_claim_ids: Sequence[int],
    exclude_article_id: int | None,
):
    """The candidate rows (_FIELDS) in one raw query (the ORM's per-row cost is a third of the
    search's time at 1,000 candidates)."""
    table = connection.ops.quote_name(MatchDoc._meta.db_table)
    where, params = [], []
    if against == "factchecks":
        where.append("kind = 'factcheck'")
    elif against == "claims":
        where.append("kind = 'claim'")
    for claim_id in exclude_claim_ids:
        where.append("(about_claim_id IS NULL OR about_claim_id <> %s)")
        params.append(int(claim_id))
    if exclude_article_id is not None:
        where.append("(about_article_id IS NULL OR about_article_id <> %s)")
        params.append(int(exclude_article_id))
    if connection.vendor == "postgresql":
        where.append(f"string_to_array(terms, ' ') {'@>' if all_of else '&&'} %s::text[]")
        params.append(list(chosen))
    else:
        likes = ["(' ' || terms || ' ') LIKE %s" for _ in chosen]
        where.append("(" + (" AND " if all_of else " OR ").join(likes) + ")")
        params += [f"% {t} %" for t in chosen]
    columns = ", ".join(("id" if f == "pk" else f) for f in _FIELDS)
    sql = f"SELECT {columns} FROM {table} WHERE {' AND '.join(where)}"
    if all_of:
        sql += f" ORDER BY id DESC LIMIT {int(CANDIDATES)}"
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    # the GIN index always: the planner prices string_to_array() per row as nearly free and
    # scans a small table instead (50 ms at 10,000 targets, against 2 ms through the index)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute(sql, params)
        return cur.fetchall()


def _rank(
    q: _Query,
    *,
    against: str,
    top: int,
    exclude_claim_ids: Sequence[int] = (),
    exclude_article_id: int | None = None,
):
    """The ``top`` best targets: (score, lexical, semantic, row) best first."""

    df = _frequencies(q.terms)
    chosen, all_of = choose_terms(df, budget=CANDIDATES)
    if not chosen:
        return []
    rows = _candidates(
        chosen,
        all_of,
        against=against,
        exclude_claim_ids=exclude_claim_ids,
        exclude_article_id=exclude_article_id,
    )
    if not rows:
        return []
    n_docs, avgdl = _stats()
    qset = set(q.terms)
    mass = tm.query_mass(qset, df=df, n_docs=n_docs) or 1.0
    cos = tm.cosines(tm.dequantize([r[9] for r in rows]), q.vector)
    lexical = tm.bm25_many(qset, [r[6].split() for r in rows], df=df, n_docs=n_docs, avgdl=avgdl)
    scored = []
    for row, bm, c in zip(rows, lexical, cos.tolist(), strict=True):
        lex, sem = round(bm / mass, 6), round(float(c), 6)
        scored.append((tm.blend(lex, sem), lex, sem, row))
    return _dedupe_top(scored, top, dedupe=against == "all")


def _rank_memory(snap, q: _Query, *, top: int, exclude_claim_id: int, exclude_article_id: int | None):
    """``_rank`` against "all" from a worker's in-memory snapshot (``match_memory``): the same
    candidates, numbers and order as the database path (one query of :func:`_rank_units`)."""
    unit = _Unit(q, top=top, exclude_claim=exclude_claim_id, exclude_article=exclude_article_id)
    return _rank_units(snap, [unit])[0]


GROUP_MIN = 8  # a unit's candidates compared by one matrix-vector product when at least this many
MARGIN = 1e-4  # slack of the rough blend (float32 cosines) against the exact one (rounded, float64)


@dataclass
class _Unit:
    """One ranking to make from a snapshot: a query, how many to keep, what to exclude."""

    q: _Query
    top: int
    exclude_claim: int | None = None
    exclude_article: int | None = None


def _floor_blend(threshold: float | None) -> float | None:
    """The blend (``tm.blend``'s x, before calibration) below which a pair scores under
    ``threshold``; None when every score could reach it (or none could)."""
    import math

    if threshold is None or not 0.0 < threshold < 1.0:
        return None
    return (math.log(threshold / (1.0 - threshold)) - tm.CAL_B) / tm.CAL_A


def _prepare(snap, q: _Query):
    """The query as ``Snapshot.lexical`` takes it, and its mass; (None, 1.0) without candidates.
    The same term frequencies (``Snapshot.frequencies``), choice of terms, weights and mass
    (``tm.query_mass``, each idf read from the snapshot: the same numbers in the same order) as
    ``_rank``."""
    qset = set(q.terms)
    ordered = sorted(qset)
    limit = MAX_QUERY_TERMS * 4
    whole = len(ordered) <= limit  # past the first `limit` terms _frequencies reads no df (idf of 0)
    if whole:
        # each term's numbers looked up once (``Snapshot.describe``): the same as below
        info = snap.term_info
        rows = list(map(info.get, ordered))
        if not all(rows):  # a term met for the first time (every remembered row is a 3-tuple)
            describe = snap.describe
            rows = [x or describe(t) for t, x in zip(ordered, rows, strict=True)]
        # (df, term) sorted: ``ordered`` is in term order, so a stable sort by df alone
        known = [(x[0], t) for t, x in zip(ordered, rows, strict=True) if x[0]]
        known.sort(key=_first)
        chosen, all_of = _choose(known[:MAX_QUERY_TERMS], CANDIDATES)
        if not chosen:
            return None, 1.0
        mass = sum([x[2] for x in map(info.__getitem__, set(qset)) if x[0]]) or 1.0  # in the order _rank adds them
        picked = set(chosen)
        ids = [x[1] for x in rows if x[1] >= 0]
        flags = [t in picked for t, x in zip(ordered, rows, strict=True) if x[1] >= 0]
        return match_memory.Query(ids, None, flags, len(chosen), all_of), mass
    known = snap.df
    df = {t: known[t] for t in (ordered if whole else ordered[:limit]) if t in known}
    chosen, all_of = choose_terms(df, budget=CANDIDATES)
    if not chosen:
        return None, 1.0
    term_id, idf, k = snap.term_id, snap.idf_list, tm.K1 + 1.0
    mass = (
        sum(
            (idf[term_id[t]] if t in term_id else tm.idf(df[t], snap.n_docs)) * k
            for t in set(qset)
            if df.get(t)
        )
        or 1.0
    )
    picked = set(chosen)
    ids, weights, flags = [], [], []
    for term in ordered:
        tid = term_id.get(term)
        if tid is not None:
            ids.append(tid)
            flags.append(term in picked)
            if not whole:
                weights.append(tm.idf(df.get(term, 0), snap.n_docs))
    return match_memory.Query(ids, None if whole else weights, flags, len(chosen), all_of), mass


_first = operator.itemgetter(0)


def _lexical_units(snap, units: Sequence[_Unit], *, floor: float | None = None):
    """Every unit's candidates and their BM25, in one pass over the snapshot: (unit index,
    document position, BM25, mass per candidate), grouped by unit. With ``floor`` (a score),
    candidates that could not reach it even with a perfect cosine may be left out (those
    ``_rank_units`` drops first: ``Snapshot.lexical``'s ``need``)."""
    import numpy as np

    prepared, owners, masses = [], [], []
    for i, unit in enumerate(units):
        query, mass = _prepare(snap, unit.q)
        if query is not None:
            prepared.append(query)
            owners.append(i)
            masses.append(mass)
    none = -2  # about_* are -1 for "none": -2 excludes nothing
    exclude_claim = np.array(
        [none if units[i].exclude_claim is None else units[i].exclude_claim for i in owners], dtype=np.int64
    )
    exclude_article = np.array(
        [none if units[i].exclude_article is None else units[i].exclude_article for i in owners],
        dtype=np.int64,
    )
    need = None
    bar = _floor_blend(floor)
    if bar is not None and bar - MARGIN - (1.0 - tm.LEX_WEIGHT) > 0.0:
        # _rank_units keeps a candidate when LEX_WEIGHT * bm25 / mass + (1 - LEX_WEIGHT) >= bar - MARGIN
        share = (bar - MARGIN - (1.0 - tm.LEX_WEIGHT)) / tm.LEX_WEIGHT
        need = np.asarray(masses, dtype=np.float64) * share * (1.0 - 1e-9)
    query, position, bm25 = snap.lexical(
        prepared, cap=CANDIDATES, exclude_claim=exclude_claim, exclude_article=exclude_article, need=need
    )
    return (
        np.asarray(owners, dtype=np.int64)[query],
        position,
        bm25,
        np.asarray(masses, dtype=np.float64)[query],
    )


def _rank_units(snap, units: Sequence[_Unit], *, floor: float | None = None, lexical=None) -> list[list]:
    """``_rank`` against "all" for each unit, from the snapshot, all at once: the unit's ``top``
    best (score, lexical, semantic, row), best first. With ``floor`` (a score), only those that
    reach it (the others would be dropped anyway): a candidate that cannot reach it even with
    a perfect cosine is never compared by embedding, and a query none of whose candidates can
    is never embedded (its ``q.vector`` stays None).

    The blend is computed in numpy for every candidate (float32 cosines) to find the few that
    can reach the top (or the floor); those are then scored exactly as ``_rank`` scores (the
    float64 cosine, Python floats, its rounding), sorted and de-duplicated the same way."""
    import numpy as np

    owner, position, bm25, mass = lexical if lexical is not None else _lexical_units(snap, units)
    out: list[list] = [[] for _ in units]
    if not len(owner):
        return out
    lex = tm.LEX_WEIGHT * (bm25 / mass)
    sem_weight = 1.0 - tm.LEX_WEIGHT
    bar = _floor_blend(floor)
    if bar is not None:
        keep = lex + sem_weight >= bar - MARGIN
        owner, position, bm25, mass, lex = owner[keep], position[keep], bm25[keep], mass[keep], lex[keep]
        if not len(owner):
            return out
    # the queries' vectors: embedded now, only those that still have a candidate
    needed = np.unique(owner)
    missing: dict[str, list[_Query]] = {}
    for i in needed.tolist():
        if units[i].q.vector is None:
            missing.setdefault(units[i].q.text, []).append(units[i].q)
    if missing:
        texts = list(missing)
        for text, vector in zip(texts, tm.embed(texts), strict=True):
            for q in missing[text]:
                q.vector = vector
    matrix = np.stack([np.asarray(units[i].q.vector, dtype=np.float32) for i in needed.tolist()])
    row = np.searchsorted(needed, owner)
    cos = np.empty(len(owner), dtype=np.float32)
    # a unit's candidates (a run of the same owner) against its one vector; small runs together
    # (a pair's vector and the unit's gathered side by side: twice the memory traffic)
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    ends = np.append(starts[1:], len(owner))
    big = ends - starts >= GROUP_MIN
    vectors = snap.vectors
    for first, end in zip(starts[big].tolist(), ends[big].tolist(), strict=True):
        cos[first:end] = vectors[position[first:end]] @ matrix[row[first]]
    small = np.flatnonzero(np.repeat(~big, ends - starts))
    for start in range(0, len(small), 16384):
        part = small[start : start + 16384]
        cos[part] = np.einsum("ij,ij->i", vectors[position[part]], matrix[row[part]])
    rough = lex + sem_weight * np.maximum(cos.astype(np.float64), 0.0)
    if bar is not None:
        keep = rough >= bar - MARGIN
        owner, position, bm25, mass, rough = owner[keep], position[keep], bm25[keep], mass[keep], rough[keep]
    order = np.lexsort((-rough, owner))  # by unit, best first
    owner, position, bm25, mass, rough = owner[order], position[order], bm25[order], mass[order], rough[order]
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1]))) if len(owner) else owner
    ends = np.append(starts[1:], len(owner))
    for first, end in zip(starts.tolist(), ends.tolist(), strict=True):
        unit = units[int(owner[first])]
        width = unit.top + 3
        picked = end
        if end - first > width:
            # every candidate within rounding distance of the width-th best goes on to the exact scoring
            line = rough[first + width - 1] - MARGIN
            picked = first + width + int(np.count_nonzero(rough[first + width : end] >= line))
        scored = _exact(snap, unit.q, position[first:picked], bm25[first:picked], float(mass[first]))
        ranked = _dedupe_top(scored, unit.top, dedupe=True)
        if len(ranked) < unit.top and picked < end:
            # de-duplication ate into the picked few: score the rest too (rare)
            scored += _exact(snap, unit.q, position[picked:end], bm25[picked:end], float(mass[first]))
            ranked = _dedupe_top(scored, unit.top, dedupe=True)
        out[int(owner[first])] = ranked
    return out


def _exact(snap, q: _Query, positions, bm25, mass: float) -> list:
    """(score, lexical, semantic, row) of these candidates, as ``_rank`` computes them."""
    cos = tm.cosines(snap.vectors[positions], q.vector).tolist()
    out = []
    for pos, bm, c in zip(positions.tolist(), bm25.tolist(), cos, strict=True):
        lex, sem = round(bm / mass, 6), round(float(c), 6)
        fc_id, claim_id = int(snap.factcheck_id[pos]), int(snap.claim_id[pos])
        about_c, about_a = int(snap.about_claim[pos]), int(snap.about_article[pos])
        row = (
            int(snap.ids[pos]), "factcheck" if fc_id else "claim", fc_id or None, claim_id or None,
            None if about_c < 0 else about_c, None if about_a < 0 else about_a, None, None, int(snap.words[pos]), None,
        )  # fmt: skip
        out.append((tm.blend(lex, sem), lex, sem, row))
    return out


def _dedupe_top(scored: list, top: int, *, dedupe: bool) -> list:
    """The ``top`` best of the scored candidates; ties: fact-checks before claims, then the
    newest. With ``dedupe`` (searching "all"), our own fact-check and its claim are one target:
    the first of them stays."""
    scored.sort(key=lambda s: (-s[0], s[3][1] != "factcheck", -s[3][0]))
    out, seen_claims = [], set()
    for item in scored:
        about = item[3][4]
        if about is not None and dedupe:
            if about in seen_claims:
                continue
            seen_claims.add(about)
        out.append(item)
        if len(out) >= top:
            break
    return out


def _targets(rankings: Iterable[list]) -> tuple[dict, dict]:
    """The fact-checks and claims these rankings name (two reads for any number of them)."""
    fc_ids, claim_ids = set(), set()
    for ranked in rankings:
        for r in ranked:
            if r[3][2]:
                fc_ids.add(r[3][2])
            elif r[3][3]:
                claim_ids.add(r[3][3])
    return FactCheck.objects.in_bulk(sorted(fc_ids)), Claim.objects.only("text").in_bulk(sorted(claim_ids))


def _suggestions(
    q: _Query, ranked, settings: MatchSettings, *, targets: tuple[dict, dict] | None = None,
    skip: Iterable | None = None, limit: int | None = None,
) -> list[Suggestion]:  # fmt: skip
    """The ranked targets as suggestions, with their tiers and explanations. ``targets``: the
    fact-checks and claims read beforehand (``_targets``); with ``skip`` (stored suggestions),
    only those with a tier and not in ``skip`` (kind, id), at most ``limit``: the others are
    never explained."""
    fcs, claims = targets if targets is not None else _targets([ranked])
    if limit is not None and limit <= 0:
        return []
    weight = {}
    out = []
    for rank, (score, lex, sem, row) in enumerate(ranked):
        if row[2]:
            fc = fcs.get(row[2])
            if fc is None:
                continue
            text, target = fc.claim_reviewed, f"{fc.claim_reviewed}\n{fc.headline}"
        else:
            fc, claim = None, claims.get(row[3])
            if claim is None:
                continue
            text = target = claim.text
        same = bool(q.terms) and set(q.terms) == _target_terms(text)  # _doc_terms(text)
        tier = tm.tier(
            score, query_words=q.words, target_words=row[8], likely_threshold=settings.likely_threshold,
            related_threshold=settings.related_threshold, min_words_likely=settings.min_words_likely, same_words=same,
            best=rank == 0, semantic=sem,
        )  # fmt: skip
        if skip is not None and (not tier or (row[1], row[2] or row[3]) in skip):
            continue
        out.append(Suggestion(
            kind=row[1], ref_id=row[2] or row[3], url=fc.url if fc else None, text=text, score=round(score, 4),
            tier=tier, lexical=lex, semantic=sem, shared=tm.explain(q.text, target, weight=weight, tokenize=_text_tokens, find_names=_text_names).as_dict(),
            title=fc.headline if fc else "", rating=fc.rating_text if fc else "", publisher=fc.publisher_name if fc else "",
        ))  # fmt: skip
        if limit is not None and len(out) >= limit:
            break
    return out


def match_text(
    text: str, *, against: str = "all", top: int | None = None, exclude_claim_id: int | None = None
) -> list[Suggestion]:
    """The targets most similar to ``text``, best first (``top``, by default the admin's top_k),
    each with its score, tier (None when below the "related" threshold) and explanation.
    ``against``: "all", "factchecks" or "claims"; ``exclude_claim_id``: a claim (and our own
    fact-check of it) never suggested, e.g. the one being matched."""
    if against not in AGAINST:
        raise ValueError(f"against must be one of {', '.join(AGAINST)}")
    settings = MatchSettings.current()
    top = top or settings.top_k
    text = (text or "").strip()
    if not text:
        return []
    q = _query(text)
    excluded = [exclude_claim_id] if exclude_claim_id is not None else []
    return _suggestions(q, _rank(q, against=against, top=top, exclude_claim_ids=excluded), settings)


# ----------------------------------------------------------------------------- stored suggestions
def claims_match(claim_ids: Iterable[int]) -> int:
    """Match these claims against fact-checks and other claims with a verdict and store the
    suggestions (the admin's top_k, tiers at or above "related"): a claim is not matched with
    itself, with claims of its own article, or with our own fact-check of it. Pairs the team
    rejected never come back; confirmed ones are kept as they are; earlier suggestions that are
    no longer found are dropped, the rest updated. Idempotent. Returns the number of suggestions
    now stored for these claims."""
    settings = MatchSettings.current()
    ids = sorted({int(i) for i in claim_ids})
    snap = match_memory.current(claims=len(ids)) if ids else None
    memo = _Memo()
    stored = 0
    size = _chunk_size(snap)
    for start in range(0, len(ids), size):
        stored += _match_chunk(ids[start : start + size], settings, snap=snap, memo=memo)
    return stored


def _chunk_size(snap) -> int:
    """Claims matched per transaction: from a snapshot a chunk costs no read per claim, and
    bigger ones save round trips; through the database each claim costs its own reads."""
    return MATCH_CHUNK if snap is not None else CHUNK


@dataclass
class _Memo:
    """What one job has worked out already: each text's ranking (``_rank_claims``) and the
    suggestions made of a ranking (``_match_chunk``)."""

    texts: dict = field(default_factory=dict)  # text -> _Seen
    suggestions: dict = field(default_factory=dict)  # (text, ranking, decisions) -> [Suggestion]


@dataclass
class _Seen:
    """A text already ranked in this job (``_rank_claims``): its query, its ranking (for ``top``,
    without exclusions) and the claims and articles its candidates are about (a claim those
    touch is ranked on its own)."""

    q: _Query
    top: int
    ranked: list
    about_claims: frozenset
    about_articles: frozenset


def _rank_claims(
    snap,
    claims: Sequence[tuple[int, str, int | None]],
    wanted: dict[int, int],
    *,
    floor: float | None,
    memo: _Memo,
) -> dict[int, list]:
    """Each claim's ranking (``_rank_memory`` with its exclusions and ``wanted[pk]``, only what
    reaches ``floor``), from the snapshot, all at once. A text is ranked once per job (``memo.texts``:
    text -> _Seen), without exclusions; a claim takes its text's ranking unless one of those
    candidates is about the claim or its article (then it is ranked on its own: the same
    candidates as ``_rank_memory`` selects). Only claims with a candidate that could reach
    ``floor`` are embedded."""
    import numpy as np

    top: dict[str, int] = {}
    for pk, text, _article in claims:
        top[text] = max(top.get(text, 0), wanted[pk])
    fresh = [t for t, n in top.items() if t not in memo.texts or memo.texts[t].top < n]
    units = [_Unit(memo.texts[t].q if t in memo.texts else _query_terms(t), top=top[t]) for t in fresh]
    owner, position, bm25, mass = _lexical_units(snap, units, floor=floor)
    about: dict[int, tuple[set, set]] = {}
    mark = np.flatnonzero((snap.about_claim[position] >= 0) | (snap.about_article[position] >= 0))
    for i, c, a in zip(
        owner[mark].tolist(),
        snap.about_claim[position[mark]].tolist(),
        snap.about_article[position[mark]].tolist(),
        strict=True,
    ):
        seen = about.setdefault(i, (set(), set()))
        seen[0].add(c)
        seen[1].add(a)
    for i, text in enumerate(fresh):
        c, a = about.get(i, ((), ()))
        memo.texts[text] = _Seen(units[i].q, top[text], [], frozenset(c), frozenset(a))
    alone = [
        _Unit(memo.texts[text].q, top=wanted[pk], exclude_claim=pk, exclude_article=article)
        for pk, text, article in claims
        if pk in memo.texts[text].about_claims
        or (article is not None and article in memo.texts[text].about_articles)
    ]
    lexical = (owner, position, bm25, mass)
    if alone:
        more = _lexical_units(snap, alone, floor=floor)
        lexical = (
            np.concatenate((owner, more[0] + len(units))), *(np.concatenate((x, y)) for x, y in zip(lexical[1:], more[1:], strict=True))
        )  # fmt: skip
    ranked = _rank_units(snap, units + alone, floor=floor, lexical=lexical)
    for i, text in enumerate(fresh):
        memo.texts[text].ranked = ranked[i]
        memo.texts[text].q.vector = None  # not kept for the rest of the job
    out = {unit.exclude_claim: ranked[len(units) + i] for i, unit in enumerate(alone)}
    for pk, text, _article in claims:
        if pk not in out:
            out[pk] = memo.texts[text].ranked[: wanted[pk]]
    return out


def _query_terms(text: str) -> _Query:
    """A query without its embedding (``_rank_units`` embeds it when it needs it)."""
    tokens = _tokens(text)
    return _Query(text=text, terms=[t.term[:TERM_MAX] for t in tokens], vector=None, words=len(tokens))


# words whose tokens depend on their neighbours in ``tm.tokens`` (a number takes the scale words
# after it, "per" takes "cent"); every other word gives the same tokens wherever it stands
_CONTEXT_WORDS = frozenset(tm._NUMBER_WORDS) | frozenset(tm._SCALES) | {"per", "cent"}
_WORD_TOKENS: dict[str, tuple] = {}  # a plain word -> its tm.tokens
_RUN_TOKENS: dict[str, tuple] = {}  # a run of the words above -> its tm.tokens
_PIECE_WORDS: dict[str, tuple] = {}  # a piece of text between spaces -> its words (tm._TOKEN)
_PIECE_TOKENS: dict = {}  # a piece -> its tokens (tuple) or, when it holds words read in context, its words (list)
# whole texts explained by the job (targets and claims): their tokens, names and terms
_TEXT_TOKENS: dict[str, list] = {}
_TEXT_NAMES: dict[str, list] = {}
_TARGET_TERMS: dict[str, frozenset] = {}
_TEXTS_MAX = 20_000
_TOKENS_MAX = 200_000  # words remembered (of each kind)


def _tokens(text: str) -> list:
    """``tm.tokens(text)``, with the tokens of each word remembered (the same words come back in
    every claim). Words are looked up one by one, except runs of numbers, number words, scale
    words and "per cent", which ``tm.tokens`` reads together: a run is looked up whole (its
    neighbours are plain words, which it never takes). A piece of the text between spaces holds
    whole words (``_words``): one without such words is looked up whole too.
    tests/test_match_tokens.py holds it equal to ``tm.tokens``."""
    out: list = []
    run: list[str] = []
    pieces = _PIECE_TOKENS
    for piece in tm.clean(text).split():
        found = pieces.get(piece)
        if found is None:
            found = _piece_tokens(piece)
        if found.__class__ is tuple:  # plain words: their tokens
            if run:
                out.extend(_remember(_RUN_TOKENS, " ".join(run)))
                run = []
            out.extend(found)
            continue
        for word in found:  # a list: words of which some are read with their neighbours
            tokens = _WORD_TOKENS.get(word)
            if tokens is None:
                if word[0].isdigit() or word.lower() in _CONTEXT_WORDS:
                    run.append(word)
                    continue
                tokens = _remember(_WORD_TOKENS, word)
            if run:
                out.extend(_remember(_RUN_TOKENS, " ".join(run)))
                run = []
            out.extend(tokens)
    if run:
        out.extend(_remember(_RUN_TOKENS, " ".join(run)))
    return out


def _piece_tokens(piece: str):
    """A piece's tokens (a tuple) when its words are all plain words; else its words (a list,
    empty when it has none), remembered."""
    words = tm._TOKEN.findall(piece)
    if words and not any(w[0].isdigit() or w.lower() in _CONTEXT_WORDS for w in words):
        found = tuple(t for w in words for t in _remember(_WORD_TOKENS, w))
    else:
        found = words
    if len(_PIECE_TOKENS) >= _TOKENS_MAX:
        _PIECE_TOKENS.clear()
    _PIECE_TOKENS[piece] = found
    return found


def _words(text: str) -> list[str]:
    """``tm._TOKEN.findall(text)``, from the words of each whitespace-separated piece of the text,
    remembered (the same pieces come back in every claim): the same list, because no character
    the pattern takes is whitespace (no word spans two pieces) and nothing outside a piece
    changes what it finds inside one (tests/test_match_tokens.py)."""
    out: list[str] = []
    memory = _PIECE_WORDS
    for piece in text.split():
        found = memory.get(piece)
        if found is None:
            if len(memory) >= _TOKENS_MAX:
                memory.clear()
            found = memory[piece] = tuple(tm._TOKEN.findall(piece))
        out.extend(found)
    return out


def _text_tokens(text: str) -> list:
    """``_tokens(text)``, remembered (the same fact-checks are explained again and again; the
    list is only read)."""
    return _per_text(_TEXT_TOKENS, text, _tokens)


def _text_names(text: str) -> list:
    """``tm.names(text)``, remembered."""
    return _per_text(_TEXT_NAMES, text, tm.names)


def _target_terms(text: str) -> frozenset:
    """``set(_doc_terms(text))``, remembered."""
    return _per_text(_TARGET_TERMS, text, lambda t: frozenset(x.term[:TERM_MAX] for x in _text_tokens(t)))


def _per_text(memory: dict, text: str, compute):
    found = memory.get(text)
    if found is None:
        if len(memory) >= _TEXTS_MAX:
            memory.clear()
        found = memory[text] = compute(text)
    return found


def _remember(memory: dict, words: str) -> tuple:
    found = memory.get(words)
    if found is None:
        if len(memory) >= _TOKENS_MAX:
            memory.clear()
        found = memory[words] = tuple(tm.tokens(words))
    return found


def _match_chunk(ids: list[int], settings: MatchSettings, *, snap=None, memo: _Memo | None = None) -> int:
    """Match these claims and store their suggestions. ``snap``, a worker's in-memory snapshot of
    the index (``match_memory``), gives the same ranking without a database read per claim,
    for all the claims at once (``_rank_claims``; ``memo`` carries the texts already ranked
    between chunks of one job)."""
    wanted_ids = set(ids)
    claims = [
        row
        for row in Claim.objects.filter(_ids_filter("pk", ids))
        .exclude(status=Claim.Status.DISMISSED)
        .values_list("pk", "text", "article_id")
        if row[0] in wanted_ids
    ]
    if not claims:
        return 0
    decided: dict[int, dict[tuple[str, int], str]] = {}
    for claim_id, fc_id, other_id, status in (
        ClaimMatch.objects.filter(_ids_filter("claim_id", ids))
        .exclude(status=ClaimMatch.Status.SUGGESTED)
        .values_list("claim_id", "factcheck_id", "other_claim_id", "status")
    ):
        if claim_id in wanted_ids:
            key = ("factcheck", fc_id) if fc_id else ("claim", other_id)
            decided.setdefault(claim_id, {})[key] = status
    wanted = {pk: settings.top_k + len(decided.get(pk, {})) for pk, _text, _article in claims}
    queries: dict[int, _Query] = {}
    memo = _Memo() if memo is None else memo
    if snap is not None:
        by_claim = _rank_claims(snap, claims, wanted, floor=settings.related_threshold, memo=memo)
        for pk, text, _article in claims:
            queries[pk] = memo.texts[text].q
    else:
        by_claim = {}
        vectors = tm.embed([text for _pk, text, _article in claims])
        for (pk, text, article), vector in zip(claims, vectors, strict=True):
            queries[pk] = q = _query(text, vector)
            by_claim[pk] = _rank(
                q, against="all", top=wanted[pk], exclude_claim_ids=[pk], exclude_article_id=article
            )
    # rejected pairs go before the tiers are given (the best of the rest may be "likely");
    # confirmed ones stay in the ranking (nothing below them is "likely") and are not rewritten
    for pk, ranked in by_claim.items():
        rejected = {k for k, v in decided.get(pk, {}).items() if v == ClaimMatch.Status.REJECTED}
        by_claim[pk] = [
            r for r in ranked
            if r[0] >= settings.related_threshold and (("factcheck", r[3][2]) if r[3][2] else ("claim", r[3][3])) not in rejected
        ]  # fmt: skip
    # the same text with the same ranking and decisions: the same suggestions (explained once)
    keys = {
        pk: (
            text,
            tuple((r[0], r[1], r[2], r[3][0]) for r in by_claim[pk]),
            frozenset(decided.get(pk, {}).items()),
        )
        for pk, text, _article in claims
        if by_claim[pk]
    }
    targets = _targets(by_claim[pk] for pk, key in keys.items() if key not in memo.suggestions)
    found: dict[int, list[Suggestion]] = {}
    for pk, _text, _article in claims:
        key = keys.get(pk)
        if key is None:
            found[pk] = []
            continue
        if key not in memo.suggestions:
            memo.suggestions[key] = _suggestions(
                queries[pk],
                by_claim[pk],
                settings,
                targets=targets,
                skip=decided.get(pk, {}),
                limit=settings.top_k,
            )
        found[pk] = memo.suggestions[key]
    now = timezone.now()
    stored = 0
    with transaction.atomic():
        existing = {
            (m.claim_id, "factcheck" if m.factcheck_id else "claim", m.factcheck_id or m.other_claim_id): m
            for m in ClaimMatch.objects.select_for_update().filter(
                _ids_filter("claim_id", sorted(pk for pk, _text, _article in claims))
            )
            if m.claim_id in wanted_ids
        }
        keep: set[int] = set()
        create, update = [], []
        for pk, _text, article in claims:
            for s in found[pk]:
                m = existing.get((pk, s.kind, s.ref_id))
                if m is not None:
                    keep.add(m.pk)
                    if m.status != ClaimMatch.Status.SUGGESTED:
                        continue  # decided: left as the team left it
                    m.score, m.tier, m.lexical, m.semantic, m.shared, m.updated_at = (
                        s.score, s.tier, s.lexical, s.semantic, s.shared, now
                    )  # fmt: skip
                    update.append(m)
                else:
                    create.append((pk, article, s))
                stored += 1
        stale = [
            m.pk for m in existing.values() if m.status == ClaimMatch.Status.SUGGESTED and m.pk not in keep
        ]
        if stale:
            ClaimMatch.objects.filter(pk__in=stale).delete()
        if update:
            ClaimMatch.objects.bulk_update(
                update, ["score", "tier", "lexical", "semantic", "shared", "updated_at"]
            )
        _insert(create)
    return stored


def _ids_filter(field: str, ids: list[int]) -> Q:
    """Rows whose ``field`` is one of these (sorted) ids, or a few more: a range when the ids are
    nearly contiguous (a chunk of an import's claims; the caller keeps only its own), which
    reads as fast and saves binding hundreds of parameters per query."""
    if ids and ids[-1] - ids[0] < 2 * len(ids) + 64:
        return Q(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return Q(**{f"{field}__in": ids})


def _insert(rows: list[tuple[int, int, Suggestion]]) -> None:
    """Store these new suggestions ((claim, article, suggestion) each): ``bulk_create``, on
    PostgreSQL with COPY, which spares binding ten parameters a row and building a model per
    row. The values as Django's insert prepares them: ids, floats and tier as they are, the
    status "suggested", no decision, both times now (``auto_now_add``/``auto_now``), ``shared``
    by its JSONField (tests/test_matching.py compares both ways)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        ClaimMatch.objects.bulk_create([_new_match(pk, article, s) for pk, article, s in rows])
        return
    names = ("claim", "article", "factcheck", "other_claim", "score", "tier", "lexical", "semantic", "shared",
             "status", "decided_by", "decided_at", "created_at", "updated_at")  # fmt: skip
    fields = [ClaimMatch._meta.get_field(name) for name in names]
    assert {f.column for f in fields} == {f.column for f in ClaimMatch._meta.concrete_fields if not f.primary_key}
    shared = ClaimMatch._meta.get_field("shared")
    suggested = str(ClaimMatch.Status.SUGGESTED.value)
    table = connection.ops.quote_name(ClaimMatch._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    now = timezone.now()
    with connection.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for pk, article, s in rows:
            fc = s.ref_id if s.kind == "factcheck" else None
            other = s.ref_id if s.kind == "claim" else None
            copy.write_row((
                pk, article, fc, other, float(s.score), str(s.tier), float(s.lexical), float(s.semantic),
                shared.get_db_prep_save(s.shared, connection), suggested, None, None, now, now,
            ))  # fmt: skip


def _new_match(pk: int, article: int, s: Suggestion) -> ClaimMatch:
    return ClaimMatch(
        claim_id=pk, article_id=article,
        factcheck_id=s.ref_id if s.kind == "factcheck" else None,
        other_claim_id=s.ref_id if s.kind == "claim" else None,
        score=s.score, tier=s.tier, lexical=s.lexical, semantic=s.semantic, shared=s.shared,
    )  # fmt: skip


def match_later(
    *, article_ids: Iterable[int] = (), claim_ids: Iterable[int] = (), created_by: Any = None
) -> Job | None:
    """Enqueue a "match_claims" job (after the caller's transaction commits) that matches these
    claims, and every claim of these articles, and stores the suggestions. None when there is
    nothing to match."""
    a, c = sorted({int(i) for i in article_ids}), sorted({int(i) for i in claim_ids})
    if not a and not c:
        return None
    return jobs.job_create(
        kind=Job.Kind.MATCH_CLAIMS, created_by=created_by, params={"article_ids": a, "claim_ids": c}
    )


@jobs.runner(Job.Kind.MATCH_CLAIMS)
def match_claims_job(run: jobs.JobRun) -> None:
    """Index the targets the job names (``index_factcheck_ids`` / ``index_claim_ids``), then match
    the claims it names (``claim_ids`` and every claim of ``article_ids``). Both are idempotent,
    so a job taken up again simply does its work again; progress counts chunks."""
    params = run.job.params or {}
    fcs, targets = params.get("index_factcheck_ids") or [], params.get("index_claim_ids") or []
    claim_ids = set(params.get("claim_ids") or [])
    if params.get("article_ids"):
        claim_ids.update(
            Claim.objects.filter(article_id__in=params["article_ids"])
            .exclude(status=Claim.Status.DISMISSED)
            .values_list("pk", flat=True)
        )
    ids = sorted(claim_ids)
    chunks = -(-len(fcs) // CHUNK) + -(-len(targets) // CHUNK) + -(-len(ids) // CHUNK)
    run.set_total(chunks)
    position = 0

    def step(where: str, message: str) -> None:
        nonlocal position
        position += 1
        run.record(position=position, where=where, status="imported", message=message)
        run.check()

    for key, kind in ((fcs, "factcheck_ids"), (targets, "claim_ids")):
        for start in range(0, len(key), CHUNK):
            part = key[start : start + CHUNK]
            n = _replace_docs(**{kind: part})
            step(f"index {kind.split('_')[0]}s {part[0]}..{part[-1]}", f"{n} indexed")
    if params.get("article_ids"):
        # a new import: its quotations in another language get their own (issue 14)
        languages.claims_detect_language(ids)
    settings = MatchSettings.current()
    snap = match_memory.current(claims=len(ids)) if ids else None
    memo = _Memo()
    size = _chunk_size(snap)
    if size != CHUNK:
        run.set_total(position + -(-len(ids) // size))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        n = _match_chunk(part, settings, snap=snap, memo=memo)
        step(f"claims {part[0]}..{part[-1]}", f"{n} suggestions")
