"""Every write goes through these functions (views, admin actions and commands alike).

Conventions: keyword-only typed arguments, one transaction each, ``full_clean`` before
saving, a History row for every change, and a ``ServiceError`` with a message a person can
act on when something is refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from . import factchecks, languages, matching, notifications, policy, webhooks
from .models import (
    Article,
    Claim,
    FactCheck,
    History,
    QueueMark,
    Rating,
    Source,
    Verdict,
    check_claim_offsets,
)
from .policy import Actor, Denied, require
from .selectors import Prepared
from .text.parse import ParsedArticle
from .text.pipeline import ClaimDraft, build_claims, build_statement, content_hash

S = Claim.Status
logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """A refused write, with a message for the person who asked for it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleVersionError(ServiceError):
    """Someone else saved first: the caller's copy is out of date."""


# ----------------------------------------------------------------------------- history


def _history(
    *,
    entity: str,
    object_id: int,
    action: str,
    actor: AbstractBaseUser | None,
    article_id: int | None = None,
    claim_id: int | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> History:
    return History(
        entity=entity,
        object_id=object_id,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        article_id=article_id,
        claim_id=claim_id,
        changes=changes or {},
        note=note,
    )


def _claim_event(
    claim: Claim, action: str, actor: AbstractBaseUser | None, changes: dict[str, Any], note: str = ""
) -> History:
    return _history(
        entity=History.Entity.CLAIM,
        object_id=claim.pk,
        action=action,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        changes=changes,
        note=note,
    )


def _verdict_event(
    claim: Claim, verdict_id: int, action: str, actor: AbstractBaseUser | None, changes: dict[str, Any], note: str = ""
) -> History:
    return _history(
        entity=History.Entity.VERDICT,
        object_id=verdict_id,
        action=action,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        changes=changes,
        note=note,
    )


def _source_event(verdict: Verdict, source_id: int, action: str, actor: AbstractBaseUser | None, changes: dict[str, Any]) -> History:
    return _history(
        entity=History.Entity.SOURCE,
        object_id=source_id,
        action=action,
        actor=actor,
        article_id=verdict.claim.article_id,
        claim_id=verdict.claim_id,
        changes=changes,
    )


def _diff(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``fields`` to ``obj`` and return {field: [old, new]} for those that changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def _validation_message(err: ValidationError) -> str:
    if hasattr(err, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in err.message_dict.items())
    return " ".join(err.messages)


# ----------------------------------------------------------------------------- ingest


# ----------------------------------------------------------------------------- progress counts

_STATUSES = tuple(Claim.Status.values)
_REFRESH = (
    "UPDATE articles_article SET (claim_count, {columns}) = (SELECT COUNT(*), {sums} FROM articles_claim c"
    " WHERE c.article_id = articles_article.id)"
).format(
    columns=", ".join(f"{status}_count" for status in _STATUSES),
    sums=", ".join("COALESCE(SUM(CASE WHEN c.status = %s THEN 1 ELSE 0 END), 0)" for _ in _STATUSES),
)


def refresh_progress(article_ids: Iterable[int] | None) -> None:
    """Recount the stored claim counts (``Article.claim_count``, ``<status>_count``) of these
    articles (``None``: all) from their claims, in one statement.

    Every service that adds, removes or changes the status of claims calls this inside its own
    transaction, after the change: the counts the article list filters by are never stale and
    never computed by signals. It recounts rather than adds deltas, so it cannot drift; an
    article's claims are read through the (article, position) index, a few hundred rows at most.
    """
    sql, params = _REFRESH, list(_STATUSES)
    if article_ids is not None:
        ids = sorted({int(pk) for pk in article_ids})
        if not ids:
            return
        sql += f" WHERE articles_article.id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@dataclass(frozen=True, slots=True)
class IngestResult:
    article: Article
    created: bool  # False: the same article (content hash) was already there
    claim_count: int


_TRUNCATE = {"title": 500, "publisher": 200, "byline": 300, "dateline": 120, "language": 12}


def _fit(value: str, field: str) -> str:
    limit = _TRUNCATE[field]
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def article_ingest(
    *,
    parsed: ParsedArticle,
    created_by: Actor,
    max_bytes: int | None = None,
) -> IngestResult:
    """Store one parsed article and its claims; re-importing the same text is a no-op.

    Runs the text pipeline before opening the transaction, then writes the article and its
    claims (one bulk insert, exact duplicates linked to the earliest identical claim) in a
    single transaction: a failure leaves nothing behind.
    Queries: at most 5 whatever the article's size. ``created_by`` is the importing user (who
    needs the import permission) or ``policy.SYSTEM`` for the command line.
    """
    if not policy.can_import(created_by):
        raise Denied(gettext("you are not allowed to import articles"))
    text = parsed.text
    if not text.strip():
        raise ServiceError(gettext("the article has no text"))
    limit = max_bytes if max_bytes is not None else settings.FACTCHECK_MAX_ARTICLE_BYTES
    size = len(text.encode("utf-8"))
    if size > limit:
        raise ServiceError(
            gettext("article is %(size)s MB, over the %(limit)s MB limit")
            % {
                "size": number_format(round(size / 1048576, 1), 1),
                "limit": number_format(round(limit / 1048576, 1), 1),
            }
        )
    digest = content_hash(text)
    language = languages.article_language(text, parsed.language)
    drafts = build_claims(text, parsed.blocks, language=language)
    if not drafts:
        raise ServiceError(gettext("no sentence could be found in the article text"))
    try:
        return _ingest(parsed=parsed, digest=digest, drafts=drafts, created_by=created_by, language=language)
    except IntegrityError:
        # A concurrent import of the same article won the race: report it as present.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False, claim_count=existing.claims.count())


@transaction.atomic
def _ingest(
    *, parsed: ParsedArticle, digest: str, drafts: Sequence[ClaimDraft], created_by: Actor, language: str
) -> IngestResult:
    url = (parsed.url or "").strip()
    match = Q(content_hash=digest) | Q(url=url) if url else Q(content_hash=digest)
    existing = list(Article.objects.filter(match).only("id", "title", "url", "content_hash")[:2])
    for other in existing:
        if other.content_hash == digest:
            return IngestResult(article=other, created=False, claim_count=-1)
    if existing:
        raise ServiceError(_url_taken(existing[0], url), field="url")
    article = _new_article(parsed=parsed, digest=digest, drafts=drafts, created_by=created_by, language=language)
    if connection.vendor == "postgresql":
        return _insert_pg(article=article, drafts=drafts)
    article.save(force_insert=True)

    originals = _original_ids({d.fingerprint for d in drafts if d.linkable})
    claims = [
        Claim(
            article=article,
            position=d.position,
            start=d.start,
            end=d.end,
            text=d.text,
            kind=d.kind,
            speaker=d.speaker,
            checkworthiness=d.checkworthiness,
            cues=list(d.cues),
            fingerprint=d.fingerprint,
            duplicate_of_id=originals.get(d.fingerprint) if d.linkable else None,
        )
        for d in drafts
    ]
    Claim.objects.bulk_create(claims)
    # Repeats inside this article point at their first occurrence (ids exist only now).
    repeats = _repeats_in_batch(drafts, linked={i for i, c in enumerate(claims) if c.duplicate_of_id})
    for i, first in repeats:
        claims[i].duplicate_of_id = claims[first].pk
    if repeats:
        Claim.objects.bulk_update([claims[i] for i, _ in repeats], ["duplicate_of"])
    # No History row here: the article's created_by / created_at record the import, and
    # History tracks the changes made to claims, verdicts and sources after it.
    return IngestResult(article=article, created=True, claim_count=len(claims))


def _url_taken(other: Article, url: str) -> str:
    return gettext("another article (#%(id)s “%(title)s”) already has the URL %(url)s with different text") % {
        "id": other.pk,
        "title": other.title[:60],
        "url": url,
    }


def _new_article(
    *, parsed: ParsedArticle, digest: str, drafts: Sequence[ClaimDraft], created_by: Actor, language: str
) -> Article:
    """The unsaved Article for ``parsed``, validated, with its claims' offsets checked."""
    article = Article(
        title=_fit(parsed.title, "title"),
        publisher=_fit(parsed.publisher, "publisher"),
        byline=_fit(parsed.byline, "byline"),
        url=(parsed.url or "").strip(),
        published_on=parsed.published_on,
        dateline=_fit(parsed.dateline, "dateline"),
        summary=list(parsed.summary),
        text=parsed.text,
        language=_fit(language, "language"),
        content_hash=digest,
        created_by=created_by if created_by.is_authenticated else None,
        # every new claim is unreviewed: the counts are known without counting
        claim_count=len(drafts),
        unreviewed_count=len(drafts),
    )
    try:
        # created_by is the actor the policy has just let import (an existing user, or None):
        # validating the foreign key would cost a query per article
        article.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        raise ServiceError(_validation_message(err)) from err
    for d in drafts:
        check_claim_offsets(article.text, d.start, d.end, d.text)
    return article


def _original_ids(fingerprints: Iterable[str]) -> dict[str, int]:
    """fingerprint -> id of its original claim, for those that have one.

    Originals only (duplicate_of IS NULL): the partial index claim_original_fp answers this with
    one row per fingerprint however often a sentence has been repeated.
    """
    wanted = sorted(fingerprints)
    if not wanted:
        return {}
    rows = (
        Claim.objects.filter(fingerprint__in=wanted, duplicate_of__isnull=True)
        .order_by()
        .values("fingerprint")
        .annotate(first=Min("id"))
        .values_list("fingerprint", "first")
    )
    return dict(rows)


def _repeats_in_batch(drafts: Sequence[ClaimDraft], *, linked: set[int]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for each linkable draft that repeats an earlier
    draft of the same batch; drafts in ``linked`` already point to an original elsewhere."""
    first: dict[str, int] = {}
    repeats = []
    for i, d in enumerate(drafts):
        if not d.linkable or i in linked:
            continue
        if d.fingerprint in first:
            repeats.append((i, first[d.fingerprint]))
        else:
            first[d.fingerprint] = i
    return repeats


# One statement inserts the article and all its claims, linking each claim to the original
# of its fingerprint on the way (the ORM path above takes 4 statements and ~3x the CPU).
_INSERT_PG = """
WITH art AS (
    INSERT INTO articles_article (title, publisher, byline, url, published_on, dateline, summary, text,
                                  language, content_hash, created_by_id, created_at, updated_at,
                                  claim_count, unreviewed_count)
    VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, %s, %s, %s, %s)
    RETURNING id
), originals AS (
    SELECT fingerprint, MIN(id) AS first_id FROM articles_claim
    WHERE fingerprint = ANY(%s::text[]) AND duplicate_of_id IS NULL
    GROUP BY fingerprint
), ins AS (
    INSERT INTO articles_claim (article_id, position, start, "end", text, kind, speaker, checkworthiness, cues,
                                status, dismissed_reason, assignee_id, fingerprint, duplicate_of_id, version,
                                created_at, updated_at)
    SELECT art.id, u.position, u.start, u.stop, u.text, u.kind, u.speaker, u.cw, u.cues::jsonb,
           %s, '', NULL, u.fp, CASE WHEN u.linkable THEN o.first_id END, 1, %s, %s
    FROM art
    CROSS JOIN unnest(%s::int[], %s::int[], %s::int[], %s::text[], %s::text[], %s::text[], %s::float8[],
                      %s::text[], %s::text[], %s::bool[])
         AS u(position, start, stop, text, kind, speaker, cw, cues, fp, linkable)
    LEFT JOIN originals o ON o.fingerprint = u.fp
    RETURNING id, position, duplicate_of_id
)
SELECT art.id, ins.id, ins.position, ins.duplicate_of_id FROM art, ins
"""


def _insert_pg(*, article: Article, drafts: Sequence[ClaimDraft]) -> IngestResult:
    now = timezone.now()
    article.created_at = article.updated_at = now
    wanted = sorted({d.fingerprint for d in drafts if d.linkable})
    params = [
        article.title, article.publisher, article.byline, article.url, article.published_on, article.dateline,
        json.dumps(article.summary, ensure_ascii=False), article.text, article.language, article.content_hash,
        article.created_by_id, now, now, article.claim_count, article.unreviewed_count,
        wanted,
        S.UNREVIEWED.value, now, now,
        [d.position for d in drafts], [d.start for d in drafts], [d.end for d in drafts],
        [d.text for d in drafts], [d.kind for d in drafts], [d.speaker for d in drafts],
        [d.checkworthiness for d in drafts], [json.dumps(list(d.cues)) for d in drafts],
        [d.fingerprint for d in drafts], [d.linkable for d in drafts],
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_PG, params)
        rows = cursor.fetchall()
        article.pk = rows[0][0]
        # repeats inside this article point at their first occurrence (ids exist only now)
        ids = {position - 1: pk for _art, pk, position, _dup in rows}
        linked = {position - 1 for _art, _pk, position, dup in rows if dup is not None}
        repeats = [(ids[i], ids[first]) for i, first in _repeats_in_batch(drafts, linked=linked)]
        if repeats:
            cursor.execute(
                "UPDATE articles_claim SET duplicate_of_id = r.original FROM unnest(%s::bigint[], %s::bigint[])"
                " AS r(claim, original) WHERE articles_claim.id = r.claim",
                [[c for c, _ in repeats], [o for _, o in repeats]],
            )
    article._state.adding = False
    article._state.db = connection.alias
    return IngestResult(article=article, created=True, claim_count=len(drafts))


# The bulk path of articles_import on PostgreSQL: several articles and all their claims in one
# statement and one transaction. Ids are drawn from the sequences first (the CTEs are
# materialised: one nextval per row; the sequences are looked up once, in ``seq``: per row,
# pg_get_serial_sequence cost ~4 µs a claim), so a claim that repeats an earlier claim of the batch is
# linked to it in the same statement; claims whose fingerprint has an original in the database
# are linked to it, exactly as article by article.
_INSERT_BATCH_PG = """
WITH seq AS MATERIALIZED (
    SELECT pg_get_serial_sequence('articles_article', 'id')::regclass AS article,
           pg_get_serial_sequence('articles_claim', 'id')::regclass AS claim
), a AS MATERIALIZED (
    SELECT nextval((SELECT article FROM seq)) AS id, u.*
    FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %s::date[], %b::text[], %b::text[], %b::text[],
                %b::text[], %b::text[], %b::int[], %b::int[])
         WITH ORDINALITY AS u(title, publisher, byline, url, published_on, dateline, summary, text,
                              language, content_hash, created_by_id, claim_count, n)
), art AS (
    INSERT INTO articles_article (id, title, publisher, byline, url, published_on, dateline, summary, text,
                                  language, content_hash, created_by_id, created_at, updated_at,
                                  claim_count, unreviewed_count)
    SELECT id, title, publisher, byline, url, published_on, dateline, summary::jsonb, text,
           language, content_hash, created_by_id, %s, %s, claim_count, claim_count
    FROM a ORDER BY n
), c AS MATERIALIZED (
    SELECT nextval((SELECT claim FROM seq)) AS id, u.*
    FROM unnest(%b::int[], %b::int[], %b::int[], %b::int[], %b::text[], %b::text[], %b::text[], %s::float8[],
                %b::text[], %b::text[], %b::bool[], %b::int[])
         WITH ORDINALITY AS u(art, position, start, stop, text, kind, speaker, cw, cues, fp, linkable, first, k)
), originals AS (
    SELECT fingerprint, MIN(id) AS first_id FROM articles_claim
    WHERE fingerprint = ANY(%b::text[]) AND duplicate_of_id IS NULL
    GROUP BY fingerprint
), ins AS (
    INSERT INTO articles_claim (id, article_id, position, start, "end", text, kind, speaker, checkworthiness, cues,
                                status, dismissed_reason, assignee_id, fingerprint, duplicate_of_id, version,
                                created_at, updated_at)
    SELECT c.id, a.id, c.position, c.start, c.stop, c.text, c.kind, c.speaker, c.cw, c.cues::jsonb,
           %s, '', NULL, c.fp,
           CASE WHEN c.linkable THEN COALESCE(o.first_id, f.id) END, 1, %s, %s
    FROM c
    JOIN a ON a.n = c.art
    LEFT JOIN originals o ON o.fingerprint = c.fp
    LEFT JOIN c f ON f.k = c.first AND c.first <> c.k
    ORDER BY c.k
)
SELECT id FROM a ORDER BY n
"""

# Articles per transaction on the bulk path: the commit and the round trips are shared.
_BATCH_ARTICLES = 32
_BATCH_CLAIMS = 20_000


@dataclass(slots=True)
class _Prepared:
    item: Any
    parsed: ParsedArticle
    article: Article
    drafts: list[ClaimDraft]


def _prepare(*, parsed: ParsedArticle, created_by: Actor, max_bytes: int | None) -> tuple[Article, list[ClaimDraft]] | None:
    """The work of article_ingest before it touches the database, or None when any step would
    refuse the article (article_ingest then handles it alone and says why)."""
    text = parsed.text
    if not text.strip():
        return None
    limit = max_bytes if max_bytes is not None else settings.FACTCHECK_MAX_ARTICLE_BYTES
    if len(text.encode("utf-8")) > limit:
        return None
    digest = content_hash(text)
    language = languages.article_language(text, parsed.language)
    drafts = build_claims(text, parsed.blocks, language=language)
    if not drafts:
        return None
    try:
        article = _new_article(parsed=parsed, digest=digest, drafts=drafts, created_by=created_by, language=language)
    except (ServiceError, ValidationError):
        return None
    return article, drafts


def _insert_batch_pg(batch: Sequence[_Prepared]) -> list[IngestResult | ServiceError]:
    """Store the articles of ``batch`` in one transaction; for each, what article_ingest would
    have returned (or raised) had they been ingested one after the other. The batch holds no
    two articles with the same content hash or URL. Raises when the transaction fails."""
    with transaction.atomic(), connection.cursor() as cursor:
        hashes = [p.article.content_hash for p in batch]
        urls = [p.article.url for p in batch if p.article.url]
        cursor.execute(
            "SELECT id, title, url, content_hash FROM articles_article WHERE content_hash = ANY(%s::text[])"
            " UNION ALL SELECT id, title, url, content_hash FROM articles_article"
            " WHERE url = ANY(%s::text[]) AND NOT url = ''",
            [hashes, urls],
        )
        by_hash: dict[str, Article] = {}
        by_url: dict[str, Article] = {}
        for row in cursor.fetchall():
            # as _ingest reports an existing article: id, title, url and content hash loaded
            other = Article.from_db(connection.alias, ["id", "title", "url", "content_hash"], row)
            by_hash[other.content_hash] = other
            url = other.url
            if url:
                by_url.setdefault(url, other)
        results: list[IngestResult | ServiceError | None] = []
        new: list[_Prepared] = []
        for p in batch:
            article = p.article
            other = by_hash.get(article.content_hash)
            if other is not None:
                results.append(IngestResult(article=other, created=False, claim_count=-1))
            elif article.url and article.url in by_url:
                results.append(ServiceError(_url_taken(by_url[article.url], article.url), field="url"))
            else:
                results.append(None)
                new.append(p)
        if new:
            ids = _insert_many_pg(cursor, new)
            created = iter(zip(new, ids, strict=True))
            for i, r in enumerate(results):
                if r is None:
                    p, pk = next(created)
                    p.article.pk = pk
                    p.article._state.adding = False
                    p.article._state.db = connection.alias
                    results[i] = IngestResult(article=p.article, created=True, claim_count=len(p.drafts))
    return results  # type: ignore[return-value]


def _insert_many_pg(cursor, batch: Sequence[_Prepared]) -> list[int]:
    now = timezone.now()
    arts = [p.article for p in batch]
    wanted: set[str] = set()
    first: dict[str, int] = {}  # fingerprint -> k (1-based) of its first linkable claim in the batch
    c_art, c_pos, c_start, c_end, c_text, c_kind, c_speaker, c_cw, c_cues, c_fp, c_link, c_first = (
        [] for _ in range(12)
    )
    k = 0
    dumps = json.dumps
    for n, p in enumerate(batch, 1):
        p.article.created_at = p.article.updated_at = now
        for d in p.drafts:
            k += 1
            fp = d.fingerprint
            c_art.append(n)
            c_pos.append(d.position)
            c_start.append(d.start)
            c_end.append(d.end)
            c_text.append(d.text)
            c_kind.append(d.kind)
            c_speaker.append(d.speaker)
            c_cw.append(d.checkworthiness)
            c_cues.append(dumps(list(d.cues)))
            c_fp.append(fp)
            c_link.append(d.linkable)
            if d.linkable:
                wanted.add(fp)
                c_first.append(first.setdefault(fp, k))
            else:
                c_first.append(k)
    params = [
        [a.title for a in arts], [a.publisher for a in arts], [a.byline for a in arts], [a.url for a in arts],
        [a.published_on for a in arts], [a.dateline for a in arts],
        [dumps(a.summary, ensure_ascii=False) for a in arts], [a.text for a in arts],
        [a.language for a in arts], [a.content_hash for a in arts], [a.created_by_id for a in arts],
        [a.claim_count for a in arts],
        now, now,
        c_art, c_pos, c_start, c_end, c_text, c_kind, c_speaker, c_cw, c_cues, c_fp, c_link, c_first,
        sorted(wanted),
        S.UNREVIEWED.value, now, now,
    ]  # fmt: skip
    # server-side binding (a plain psycopg cursor on the same connection and transaction):
    # Django's client-side binding quotes the claim arrays into the SQL text in Python, which
    # cost a quarter of the batch's time. The text, int and bool arrays go in binary (%b): psycopg
    # escapes nothing then, 10x less Python per string (0.18 against 1.9 ms per 1,000); the float
    # array stays text (binary refuses a list mixing int and float). psycopg.Cursor explicitly: the connection's own
    # cursor() gives its cursor_factory, which Django sets to the client-side ClientCursor
    import psycopg

    with psycopg.Cursor(cursor.connection) as bound:
        bound.execute(_INSERT_BATCH_PG, params)
        return [row[0] for row in bound.fetchall()]


@dataclass(frozen=True, slots=True)
class ResplitResult:
    kept: int
    added: int
    removed: int


@transaction.atomic
def article_resplit(*, article: Article, actor: Actor) -> ResplitResult:
    """Split the article's text into claims again, never losing review work.

    A claim stays as it is (same id, links, edits) when the fresh split has the same
    sentence, or when it carries work: a verdict, a status other than unreviewed, an
    assignee, or any History. Other claims are replaced by the fresh split, minus sentences
    that overlap a kept claim; new claims are linked to earlier identical claims. Positions
    are renumbered in reading order.
    """
    require(policy.may_edit_claims(actor))
    article = Article.objects.select_for_update().get(pk=article.pk)
    current = list(article.claims.all().prefetch_related("verdicts"))
    fresh = build_claims(article.text, language=article.language)
    fresh_spans = {(d.start, d.end) for d in fresh}
    touched = set(History.objects.filter(claim__article=article).values_list("claim_id", flat=True))
    keep = [
        c
        for c in current
        if (c.start, c.end) in fresh_spans
        or c.verdicts.all()
        or c.status != S.UNREVIEWED
        or c.assignee_id
        or c.pk in touched
    ]
    kept_ids = {c.pk for c in keep}
    drop = [c for c in current if c.pk not in kept_ids]
    kept_ranges = sorted((c.start, c.end) for c in keep)

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in kept_ranges)

    drafts = [d for d in fresh if not overlaps(d.start, d.end)]
    # keep the kinds the original split gave (headline etc.) where a sentence is unchanged
    old_kind = {(c.start, c.end): c.kind for c in current}
    if drop:
        Claim.objects.filter(pk__in=[c.pk for c in drop]).delete()
    # renumber: kept claims are parked above any real position first, so that the
    # unique (article, position) constraint never trips while positions move
    for i, c in enumerate(keep):
        c.position = 10_000_000 + i
    if keep:
        Claim.objects.bulk_update(keep, ["position"])
    items: list[tuple[int, Claim | ClaimDraft]] = [(c.start, c) for c in keep] + [(d.start, d) for d in drafts]
    items.sort(key=lambda item: item[0])
    new_claims, new_drafts = [], []
    for pos, (_start, item) in enumerate(items, start=1):
        if isinstance(item, Claim):
            item.position = pos
            continue
        check_claim_offsets(article.text, item.start, item.end, item.text)
        new_drafts.append(item)
        new_claims.append(
            Claim(
                article=article,
                position=pos,
                start=item.start,
                end=item.end,
                text=item.text,
                kind=old_kind.get((item.start, item.end)) or _line_kind(article, item.start),
                speaker=item.speaker,
                checkworthiness=item.checkworthiness,
                cues=list(item.cues),
                fingerprint=item.fingerprint,
            )
        )
    originals = _original_ids({d.fingerprint for d in new_drafts if d.linkable})
    for claim, draft in zip(new_claims, new_drafts, strict=True):
        if draft.linkable:
            claim.duplicate_of_id = originals.get(draft.fingerprint)
    Claim.objects.bulk_create(new_claims)
    if keep:
        Claim.objects.bulk_update(keep, ["position"])
    result = ResplitResult(kept=len(keep), added=len(new_claims), removed=len(drop))
    _history(
        entity=History.Entity.ARTICLE,
        object_id=article.pk,
        action=History.Action.RESPLIT,
        actor=actor,
        article_id=article.pk,
        changes={"claims": [len(current), len(keep) + len(new_claims)]},
        note=f"kept {result.kept}, added {result.added}, removed {result.removed}",
    ).save()
    refresh_progress([article.pk])
    return result


@transaction.atomic
def article_set_language(*, article: Article, language: str, actor: Actor) -> ResplitResult:
    """An editor corrects the article's language: stored with History, then the article is split
    again in that language's rules (``article_resplit``: reviewed claims are kept as they are).
    ``language`` is an ISO 639 code ("pt", "pt-BR"); any code is accepted (a language without
    rules of its own is split with the generic ones)."""
    require(policy.may_edit_claims(actor))
    code = languages.normalise(language)
    if not code:
        raise ServiceError(
            gettext("%(code)s is not a language code such as 'en' or 'pt-BR'") % {"code": repr(language)},
            field="language",
        )
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.language == code:
        raise ServiceError(
            gettext("the article is already in %(language)s (%(code)s)")
            % {"language": gettext(languages.name(code)), "code": code},
            field="language",
        )
    diff = _diff(article, {"language": code})
    article.save(update_fields=["language", "updated_at"])
    _history(
        entity=History.Entity.ARTICLE, object_id=article.pk, action=History.Action.UPDATE, actor=actor,
        changes=diff, article_id=article.pk,
    ).save()  # fmt: skip
    return article_resplit(article=article, actor=actor)


def _line_kind(article: Article, offset: int) -> str:
    """The kind of the line of ``article.text`` at ``offset``, from what the article records."""
    line_start = article.text.rfind("\n", 0, offset) + 1
    line_end = article.text.find("\n", offset)
    line = article.text[line_start : None if line_end < 0 else line_end].strip()
    if line_start == 0:
        return Claim.Kind.HEADLINE.value
    if line in set(article.summary or ()):
        return Claim.Kind.SUMMARY.value
    return Claim.Kind.BODY.value


# ----------------------------------------------------------------------------- claims


def _claims_set(
    claims: Iterable[Claim], fields: dict[str, Any], *, action: str, actor: Actor, note: str = "",
    changed_out: list[Claim] | None = None,
) -> int:
    """Set ``fields`` on each claim that differs; one bulk update and one History row per claim
    (the changed claims are appended to ``changed_out`` when given).

    The rows are locked and re-read first, so versions are never computed from stale copies.
    """
    claims = Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims]).order_by("pk")
    changed, history = [], []
    now = timezone.now()
    for claim in claims:
        diff = _diff(claim, fields)
        if not diff:
            continue
        claim.version += 1
        claim.updated_at = now
        changed.append(claim)
        history.append(
            _claim_event(claim, action, actor, diff, note)
        )
    Claim.objects.bulk_update(changed, [*fields, "version", "updated_at"])
    History.objects.bulk_create(history)
    if "status" in fields:
        refresh_progress(c.article_id for c in changed)
    if changed_out is not None:
        changed_out.extend(changed)
    return len(changed)


@transaction.atomic
def claims_assign(
    *, claims: Iterable[Claim], assignee: AbstractBaseUser | None, actor: Actor
) -> int:
    """Assign claims to a reviewer (or unassign with ``assignee=None``); returns how many changed."""
    decision = policy.may_assign(actor, assignee)
    if not decision and policy.can_edit_claims(actor):
        raise ServiceError(decision.reason, field="assignee")  # a bad choice of reviewer, not a refusal
    require(decision)
    changed: list[Claim] = []
    count = _claims_set(claims, {"assignee": assignee}, action=History.Action.ASSIGN, actor=actor, changed_out=changed)
    if assignee is not None and changed:
        notifications.notify_assigned(claims=changed, by=actor, to=assignee)
    return count


# labels stored in English (dismissed_reason), marked for the catalogs: the UI translates them
DISMISS_REASONS = {
    "opinion": gettext_noop("Opinion"),
    "not_checkable": gettext_noop("Not checkable"),
    "duplicate": gettext_noop("Duplicate"),
    "not_article_text": gettext_noop("Not article text"),  # page furniture that slipped through (issue 13): dismissed in bulk
}


@transaction.atomic
def claim_dismiss(
    *, claims: Iterable[Claim], reason: str, actor: Actor, note: str = ""
) -> int:
    """Dismiss claims as not checkable with a reason (a key of DISMISS_REASONS or free text)."""
    require(policy.may_edit_claims(actor))
    reason = DISMISS_REASONS.get(reason, (reason or "").strip())
    if not reason:
        raise ServiceError(
            gettext("give a reason for dismissing (opinion, not checkable, duplicate or your own)"),
            field="reason",
        )
    if len(reason) > 300:
        raise ServiceError(gettext("the reason is longer than 300 characters"), field="reason")
    fields = {"status": S.DISMISSED.value, "dismissed_reason": reason}
    claims = list(claims)
    changed = _claims_set(claims, fields, action=History.Action.DISMISS, actor=actor, note=note)
    published = FactCheck.objects.filter(claim_id__in=[c.pk for c in claims]).values_list("claim_id", flat=True)
    for claim_id in list(published):  # a dismissed claim is no longer published
        factchecks.factcheck_withdraw(claim=Claim(pk=claim_id))
    matching.targets_changed(claim_ids=[c.pk for c in claims])  # nor matched against
    return changed


@transaction.atomic
def claim_reopen(*, claim: Claim, actor: Actor, note: str = "") -> Claim:
    """Undo a dismissal: the status follows the claim's verdicts again."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    require(policy.may_edit_claims(actor))
    if claim.status != S.DISMISSED:
        raise ServiceError(gettext("only a dismissed claim can be reopened"))
    status = policy.status_from_verdicts(list(claim.verdicts.all()))
    diff = _diff(claim, {"status": status, "dismissed_reason": ""})
    claim.version += 1
    claim.save(update_fields=["status", "dismissed_reason", "version", "updated_at"])
    _claim_event(claim, History.Action.REOPEN, actor, diff, note).save()
    refresh_progress([claim.article_id])
    if status != S.UNREVIEWED:
        matching.targets_changed(claim_ids=[claim.pk])  # a claim with verdicts is matched against again
    return claim


@transaction.atomic
def claim_update(
    *, claim: Claim, actor: Actor, version: int | None = None, **fields: Any
) -> Claim:
    """Change a claim's editable descriptive fields (speaker, assignee) with history."""
    allowed = {"speaker", "assignee"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(gettext("cannot change %(fields)s here") % {"fields": ", ".join(sorted(unknown))})
    require(policy.may_edit_claims(actor))
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    if version is not None and current.version != version:
        raise StaleVersionError(
            gettext("this claim was changed by someone else meanwhile; reload to see their change")
        )
    if "assignee" in fields and fields["assignee"] is not None and not policy.is_reviewer(fields["assignee"]):
        raise ServiceError(
            gettext("%(name)s cannot review claims") % {"name": fields["assignee"]}, field="assignee"
        )
    diff = _diff(current, fields)
    if not diff:
        return current
    current.version += 1
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.save()
    _claim_event(current, History.Action.UPDATE, actor, diff).save()
    if "assignee" in diff and current.assignee_id is not None:
        notifications.notify_assigned(claims=[current], by=actor, to=current.assignee)
    return current


# ----------------------------------------------------------------------------- verdicts


@transaction.atomic
def verdict_save(
    *,
    claim: Claim,
    reviewer: AbstractBaseUser,
    rating: Rating,
    rationale: str = "",
    version: int | None = None,
    note: str = "",
) -> Verdict:
    """Create or update ``reviewer``'s verdict on ``claim``; the claim's status follows.

    The reviewer is always the person saving (nobody saves a verdict in someone else's name).
    ``version`` is the verdict version the reviewer edited (None for a new verdict); a
    stale version is refused so that nobody overwrites a save silently.
    """
    return _verdict_store(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale, version=version, note=note)


def _verdict_store(
    *, claim: Claim, reviewer: AbstractBaseUser, rating: Rating, rationale: str, version: int | None, note: str
) -> Verdict:
    """verdict_save's work, inside the caller's transaction (verdict_submit's: no savepoint)."""
    actor = reviewer
    locked = _LOCKED_CLAIM(claim.pk)  # its SQL compiled once (selectors.Prepared): every save starts here
    if not locked:
        raise Claim.DoesNotExist(f"no claim {claim.pk}")
    claim = locked[0]
    decision = policy.may_review(reviewer, claim)
    if not decision and policy.is_reviewer(reviewer):
        raise ServiceError(decision.reason)  # the claim's state, not the person: shown in the form
    require(decision)
    if not rating.is_active:
        raise ServiceError(
            gettext("the rating “%(label)s” is no longer in use") % {"label": rating.label}, field="rating"
        )
    # every verdict of the claim (locked above, so no other save adds one meanwhile): the
    # reviewer's own, and what the claim's new status is computed from
    theirs = _CLAIM_VERDICTS(claim.pk)
    verdict = next((v for v in theirs if v.reviewer_id == reviewer.pk), None)
    if verdict is None:
        if version not in (None, 0):
            raise StaleVersionError(gettext("your verdict was deleted meanwhile; save again to create it"))
        verdict = Verdict(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale)
        verdict.full_clean(exclude=_LOADED_FKS, validate_unique=False, validate_constraints=False)
        verdict.save()
        theirs.append(verdict)
        action, diff = History.Action.CREATE, {"rating": [None, rating.slug], "rationale": [None, rationale]}
    else:
        if version is not None and verdict.version != version:
            raise StaleVersionError(
                f"your verdict was changed elsewhere (version {verdict.version}, yours {version}); "
                "reload to see the current one"
            )
        verdict.claim = claim  # the locked row, which the caller gets back (its new status and version)
        diff = _diff(verdict, {"rating": rating, "rationale": rationale})
        if "rating" in diff:
            diff["rating"] = [diff["rating"][0], rating.slug]
        action = History.Action.UPDATE
        if diff:
            verdict.version += 1
            verdict.full_clean(exclude=_LOADED_FKS, validate_unique=False, validate_constraints=False)
            verdict.save()
    events = [_verdict_event(claim, verdict.pk, action, actor, diff, note)] if diff else []
    # returned, skipped or deferred: done with it now (it leaves the reviewer's queue)
    QueueMark.objects.filter(claim=claim, user=reviewer).delete()
    _claim_status_follow(claim=claim, actor=actor, verdicts=theirs, events=events)
    return verdict


_LOCKED_CLAIM = Prepared(Claim, lambda pk: Claim.objects.select_for_update().filter(pk=pk), int)
_CLAIM_VERDICTS = Prepared(Verdict, lambda claim_id: Verdict.objects.filter(claim_id=claim_id).select_related("rating"), int)


# foreign keys a service has just read from the database: full_clean would check each exists again
_LOADED_FKS = ["claim", "reviewer", "rating", "approved_by"]


def _claim_status_follow(
    *, claim: Claim, actor: Actor | None, verdicts: Sequence[Verdict] | None = None, events: list[History] | None = None
) -> None:
    """The claim's status from its verdicts (``verdicts``: all of them, when the caller holds
    them, read under the claim's lock). ``events``: the caller's History rows not yet written,
    stored here with the claim's own in one INSERT (a save's two rows were two round trips)."""
    events = [] if events is None else events
    status = policy.status_from_verdicts(list(claim.verdicts.all()) if verdicts is None else verdicts)
    diff = _diff(claim, {"status": status})
    if diff and S.UNREVIEWED in diff["status"]:
        # its first verdict, or its last one gone: it becomes (or stops being) a claim of the
        # archive that has a verdict, which other claims are matched against
        matching.targets_changed(claim_ids=[claim.pk])
    if diff:
        claim.version += 1
        claim.save(update_fields=["status", "version", "updated_at"])
        events.append(_claim_event(claim, History.Action.UPDATE, actor, diff))
    if events:
        History.objects.bulk_create(events)
    if diff:
        refresh_progress([claim.article_id])
        if status == S.DISPUTED:
            webhooks.events_emit(event="claim.disputed", claims=[claim], actor=actor)
            notifications.notify_disputed(claim=claim, by=actor)


@transaction.atomic
def verdict_approve(*, verdict: Verdict, editor: AbstractBaseUser, note: str = "") -> Verdict:
    """The editor's decision: this verdict is the claim's published outcome.

    Maker-checker: the editor must not have given a verdict on the claim, and the claim must
    have all its verdicts (reviewed or disputed).
    """
    if not policy.is_editor(editor):
        raise Denied(gettext("only editors can approve verdicts"))
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    decision = policy.may_approve(editor, claim, list(claim.verdicts.all()))
    if not decision:
        raise ServiceError(decision.reason)
    now = timezone.now()
    Verdict.objects.filter(claim=claim).exclude(pk=verdict.pk).update(approved_by=None, approved_at=None)
    verdict = Verdict.objects.get(pk=verdict.pk)
    verdict.approved_by = editor
    verdict.approved_at = now
    verdict.version += 1
    verdict.save(update_fields=["approved_by", "approved_at", "version", "updated_at"])
    _verdict_event(claim, verdict.pk, History.Action.APPROVE, editor, {"approved_by": [None, str(editor)]}, note).save()
    _claim_status_follow(claim=claim, actor=editor)
    factchecks.factcheck_from_approval(claim=claim, verdict=verdict)  # ours: matched like any fact-check
    webhooks.events_emit(event="claim.approved", claims=[claim], actor=editor)
    return verdict


@transaction.atomic
def verdict_return(*, claim: Claim, editor: AbstractBaseUser, note: str) -> Claim:
    """Send a claim back for another review: approvals are withdrawn, the note is kept."""
    if not policy.is_editor(editor):
        raise Denied(gettext("only editors can return claims"))
    if not note.strip():
        raise ServiceError(gettext("say why the claim goes back for review"), field="note")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    decision = policy.may_return(editor, claim)
    if not decision:
        raise ServiceError(decision.reason)
    Verdict.objects.filter(claim=claim).update(approved_by=None, approved_at=None)
    diff = _diff(claim, {"status": S.IN_REVIEW.value})
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at"])
    _claim_event(claim, History.Action.RETURN, editor, diff, note).save()
    # first in each of its reviewers' queues, with the note (policy.queue_returned)
    now = timezone.now()
    for reviewer_id in Verdict.objects.filter(claim=claim).values_list("reviewer_id", flat=True):
        QueueMark.objects.update_or_create(
            claim=claim, user_id=reviewer_id,
            defaults={"kind": QueueMark.Kind.RETURNED, "reason": note.strip()[:300], "due_at": now},
        )  # fmt: skip
    refresh_progress([claim.article_id])
    factchecks.factcheck_withdraw(claim=claim)  # no longer published
    webhooks.events_emit(event="claim.returned", claims=[claim], actor=editor, note=note)
    notifications.notify_returned(claim=claim, by=editor, note=note)
    return claim


# ----------------------------------------------------------------------------- the queue: skip and defer

DEFER_CHOICES = {"": None, "1h": 1, "1d": 24, "7d": 24 * 7}  # hours; "" = skip (to the end at once)


@transaction.atomic
def claim_defer(*, claim: Claim, reviewer: AbstractBaseUser, reason: str = "", hours: int | None = None) -> QueueMark:
    """Put a claim aside in ``reviewer``'s queue. ``hours`` None: skip, the claim goes to the end
    of their queue at once; otherwise deferred, out of their queue for that long and then at its
    end. A deferral needs a reason; both are recorded in History (editors read them there and
    on the claim's panel). Only a claim the reviewer may review now can be put aside."""
    reason = reason.strip()
    if len(reason) > 300:
        raise ServiceError(gettext("the reason is too long (at most 300 characters)"), field="reason")
    if hours is not None and not reason:
        raise ServiceError(gettext("say why you defer this claim"), field="reason")
    if hours is not None and not 0 < hours <= 24 * 30:
        raise ServiceError(gettext("a claim can be deferred for up to 30 days"), field="until")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    decision = policy.may_review(reviewer, claim)
    if not decision:
        raise ServiceError(decision.reason)
    if claim.status not in policy.OPEN:
        raise ServiceError(gettext("only a claim still open for review can be skipped or deferred"))
    now = timezone.now()
    due = now if hours is None else now + timedelta(hours=hours)
    kind = QueueMark.Kind.SKIPPED if hours is None else QueueMark.Kind.DEFERRED
    mark, _ = QueueMark.objects.update_or_create(
        claim=claim, user=reviewer, defaults={"kind": kind, "reason": reason, "due_at": due}
    )
    action = History.Action.SKIP if hours is None else History.Action.DEFER
    changes = {} if hours is None else {"until": [None, due.isoformat(timespec="minutes")]}
    _claim_event(claim, action, reviewer, changes, reason).save()
    return mark


# ----------------------------------------------------------------------------- sources

_SOURCE_FIELDS = ("url", "title", "publisher", "published_on", "accessed_on", "quote", "archive_url", "position")


@transaction.atomic
def source_save(*, source: Source, actor: AbstractBaseUser, version: int | None = None) -> Source:
    """Create or update a source of the actor's own verdict (http/https URLs only), with history.

    ``version`` is the verdict's version the actor's form was opened with: a source change
    moves the verdict's version, so a stale form is refused instead of overwriting.
    """
    verdict = _own_verdict_for_sources(source.verdict_id, actor, version)
    source.verdict = verdict
    if _source_store(source=source, actor=actor):
        _bump(verdict)
    return source


def _own_verdict_for_sources(verdict_id: int, actor: AbstractBaseUser, version: int | None) -> Verdict:
    verdict = Verdict.objects.select_for_update().select_related("claim").get(pk=verdict_id)
    require(policy.may_change_verdict(actor, verdict))
    decision = policy.may_review(actor, verdict.claim)
    if not decision:
        raise ServiceError(decision.reason)
    if version is not None and verdict.version != version:
        raise StaleVersionError(
            f"this verdict was changed meanwhile (version {verdict.version}, yours {version}); reload to see it"
        )
    return verdict


def _bump(verdict: Verdict) -> None:
    verdict.version += 1
    verdict.save(update_fields=["version", "updated_at"])


def _source_store(*, source: Source, actor: Actor) -> bool:
    """source_save's work; True when something was written."""
    try:
        source.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        raise ServiceError(_validation_message(err)) from err
    verdict = Verdict.objects.select_related("claim").get(pk=source.verdict_id)
    if source.pk:
        before = Source.objects.get(pk=source.pk)
        changes = {
            f: [_plain(getattr(before, f)), _plain(getattr(source, f))]
            for f in _SOURCE_FIELDS
            if getattr(before, f) != getattr(source, f)
        }
        action = History.Action.UPDATE
    else:
        changes = {f: [None, _plain(getattr(source, f))] for f in _SOURCE_FIELDS if getattr(source, f) not in ("", None)}
        action = History.Action.CREATE
    if not changes:
        return False
    source.save()
    _source_event(verdict, source.pk, action, actor, changes).save()
    return True


@transaction.atomic
def source_delete(*, source: Source, actor: AbstractBaseUser, version: int | None = None) -> None:
    """Remove a source of the actor's own verdict (``version`` as for source_save)."""
    verdict = _own_verdict_for_sources(source.verdict_id, actor, version)
    _source_remove(source=source, verdict=verdict, actor=actor)
    _bump(verdict)


def _source_remove(*, source: Source, verdict: Verdict, actor: AbstractBaseUser) -> None:
    pk = source.pk
    changes = {"url": [source.url, None]}
    source.delete()
    _source_event(verdict, pk, History.Action.DELETE, actor, changes).save()


# ----------------------------------------------------------------------------- claims logged by hand

CLAIM_LOG_MAX_CHARS = 5000


def claim_log(
    *,
    text: str,
    speaker: str = "",
    url: str = "",
    medium: str = "",
    published_on: Any = None,
    note: str = "",
    created_by: Actor,
) -> Claim:
    """Log a claim that did not come from an article: a post, a TV quote, a reader's tip.

    It is stored as a one-claim source item (an Article of kind "statement" whose text is the
    claim as said and whose url / published_on / medium say where and when it appeared), so it
    is reviewed, approved, exported and published exactly like a claim of an article: every
    screen, rule and export already works on it, and it is found by the list's filters and
    search. The whole text is one claim (scored, fingerprinted and linked to earlier identical
    claims like the others), its speaker the one given. Logging the same text by the same
    speaker at the same place and date again returns the first one: the returned claim's
    ``logged_now`` says whether this call created it.
    """
    require(policy.may_log_claim(created_by))
    text = (text or "").strip()
    speaker = " ".join((speaker or "").split())
    url = (url or "").strip()
    note = (note or "").strip()
    if not text:
        raise ServiceError(gettext("write the claim as it was said"), field="text")
    if "\x00" in text:
        raise ServiceError(gettext("the claim contains a NUL character: write plain text"), field="text")
    if len(text) > CLAIM_LOG_MAX_CHARS:
        raise ServiceError(
            gettext(
                "the claim is %(length)s characters long, over the %(limit)s limit: "
                "log the sentence that is checked, or import the whole text as an article"
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(CLAIM_LOG_MAX_CHARS, force_grouping=True),
            },
            field="text",
        )
    if len(speaker) > 200:
        raise ServiceError(gettext("the speaker's name is longer than 200 characters"), field="speaker")
    if medium and medium not in Article.Medium.values:
        raise ServiceError(
            gettext("unknown medium %(medium)s: one of %(choices)s")
            % {"medium": repr(medium), "choices": ", ".join(Article.Medium.values)},
            field="medium",
        )
    if published_on is not None and published_on > timezone.localdate():
        raise ServiceError(gettext("the date is in the future"), field="published_on")
    if len(note) > 2000:
        raise ServiceError(gettext("the note is longer than 2,000 characters"), field="note")
    language = languages.article_language(text)
    draft = build_statement(text, speaker, language=language)
    identity = json.dumps(
        ["statement", text, speaker.casefold(), url, published_on.isoformat() if published_on else ""],
        ensure_ascii=False,
    )
    digest = content_hash(identity)
    try:
        return _claim_log(
            text=text, speaker=speaker, url=url, medium=medium, published_on=published_on,
            note=note, created_by=created_by, draft=draft, digest=digest, language=language,
        )  # fmt: skip
    except IntegrityError:  # the same claim logged concurrently: the first one stands
        existing = Claim.objects.filter(article__content_hash=digest).first()
        if existing is None:
            raise
        existing.logged_now = False
        return existing


def _statement_title(text: str, speaker: str) -> str:
    quote = " ".join(text.split())
    quote = quote if len(quote) <= 120 else quote[:119].rstrip() + "…"
    return f"{speaker}: “{quote}”" if speaker else f"“{quote}”"


@transaction.atomic
def _claim_log(
    *, text: str, speaker: str, url: str, medium: str, published_on: Any, note: str,
    created_by: Actor, draft: ClaimDraft, digest: str, language: str,
) -> Claim:  # fmt: skip
    existing = Claim.objects.filter(article__content_hash=digest).select_related("article").first()
    if existing is not None:
        existing.logged_now = False
        return existing
    article = Article(
        kind=Article.Kind.STATEMENT,
        language=_fit(language, "language"),
        title=_fit(_statement_title(text, speaker), "title"),
        url=url,
        medium=medium,
        published_on=published_on,
        text=text,
        content_hash=digest,
        created_by=created_by if created_by.is_authenticated else None,
        claim_count=1,
        unreviewed_count=1,
    )
    try:
        article.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        field = next(iter(err.message_dict), None) if hasattr(err, "message_dict") else None
        raise ServiceError(_validation_message(err), field=field) from err
    article.save(force_insert=True)
    original = _original_ids([draft.fingerprint]).get(draft.fingerprint) if draft.linkable else None
    claim = Claim.objects.create(
        article=article,
        position=1,
        start=0,
        end=len(text),
        text=text,
        kind=draft.kind,
        speaker=draft.speaker,
        checkworthiness=draft.checkworthiness,
        cues=list(draft.cues),
        fingerprint=draft.fingerprint,
        duplicate_of_id=original,
    )
    changes = {"text": [None, text], "speaker": [None, speaker], "url": [None, url], "medium": [None, medium]}
    _claim_event(claim, History.Action.CREATE, created_by, changes, note=note).save()
    matching.match_later(claim_ids=[claim.pk])  # checked before? (in the background)
    claim.logged_now = True
    return claim


# ----------------------------------------------------------------------------- batch import


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    status: str  # "imported" | "present" | "failed"
    where: str  # "path:line"
    title: str = ""
    article: Article | None = None
    claims: int = 0
    message: str = ""


def articles_import(
    *,
    items: Iterable[Any],
    created_by: Actor,
    max_bytes: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Iterable[ImportOutcome]:
    """Ingest each parsed item; yield one outcome per article, in input order (``_articles_import``).

    The claims of the articles it stores are matched against the published fact-checks and the
    archive in the background: one "match_claims" job for the import, enqueued once it ends (or is
    abandoned), after the surrounding transaction commits."""
    created: list[int] = []
    try:
        for outcome in _articles_import(items=items, created_by=created_by, max_bytes=max_bytes, overrides=overrides):
            if outcome.status == "imported" and outcome.article is not None:
                created.append(outcome.article.pk)
            yield outcome
    finally:
        if created:
            matching.match_later(article_ids=created)


def _articles_import(
    *,
    items: Iterable[Any],
    created_by: Actor,
    max_bytes: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Iterable[ImportOutcome]:
    """Ingest each parsed item; yield one outcome per article, in input order.

    ``items`` are ``articles.text.readers.Item``s: a parse error becomes a "failed"
    outcome, and so does a refused ingest; the rest of the batch goes on. An actor who may
    not import is refused before anything is read.

    On PostgreSQL, up to ``_BATCH_ARTICLES`` consecutive articles that pass every check
    are written in one transaction (one statement); their outcomes are yielded once it has
    committed. Should that transaction fail, it is rolled back and each of its articles is
    ingested alone (its own transaction), so outcomes are those of article-by-article ingest.
    Anything article_ingest would refuse is ingested alone too, in its place.
    """
    if not policy.can_import(created_by):
        raise Denied(gettext("you are not allowed to import articles"))
    if connection.vendor != "postgresql":
        for item in items:
            yield _import_one(item=item, created_by=created_by, max_bytes=max_bytes, overrides=overrides)
        return
    pending: list[_Prepared | ImportOutcome] = []
    keys: set[str] = set()  # content hashes and URLs of the batch
    size = claims = 0

    def flush() -> Iterator[ImportOutcome]:
        nonlocal size, claims
        batch = [p for p in pending if isinstance(p, _Prepared)]
        results: list[IngestResult | ServiceError] | None = []
        if batch:
            try:
                results = _insert_batch_pg(batch)
            except Exception:  # each article then fails or succeeds on its own
                logger.debug("batch import failed; importing its articles one by one", exc_info=True)
                results = None
        done = iter(results or ())
        for p in pending:
            if isinstance(p, ImportOutcome):
                yield p
            elif results is None:
                yield _import_one(item=p.item, created_by=created_by, max_bytes=max_bytes, overrides=overrides)
            else:
                yield _outcome(p.item, p.parsed, next(done))
        pending.clear()
        keys.clear()
        size = claims = 0

    for item in items:
        if item.error is not None:
            pending.append(ImportOutcome(status="failed", where=item.where, message=item.error))
            continue
        parsed = _overridden(item.article, overrides)
        prepared = _prepare(parsed=parsed, created_by=created_by, max_bytes=max_bytes)
        if prepared is None:  # refused: article_ingest says why, in its place
            yield from flush()
            yield _import_one(item=item, created_by=created_by, max_bytes=max_bytes, overrides=overrides)
            continue
        article, drafts = prepared
        if article.content_hash in keys or (article.url and article.url in keys):
            yield from flush()  # the same article or URL twice: the second sees the first stored
        pending.append(_Prepared(item=item, parsed=parsed, article=article, drafts=drafts))
        keys.add(article.content_hash)
        if article.url:
            keys.add(article.url)
        size += 1
        claims += len(drafts)
        if size >= _BATCH_ARTICLES or claims >= _BATCH_CLAIMS:
            yield from flush()
    yield from flush()


def _overridden(parsed: ParsedArticle, overrides: dict[str, Any] | None) -> ParsedArticle:
    if overrides:
        return replace(parsed, **{k: v for k, v in overrides.items() if v not in (None, "")})
    return parsed


def _outcome(item: Any, parsed: ParsedArticle, result: IngestResult | ServiceError) -> ImportOutcome:
    if isinstance(result, ServiceError):
        return ImportOutcome(status="failed", where=item.where, title=parsed.title, message=result.message)
    return ImportOutcome(
        status="imported" if result.created else "present",
        where=item.where,
        title=result.article.title,
        article=result.article,
        claims=result.claim_count,
    )


def _import_one(*, item: Any, created_by: Actor, max_bytes: int | None, overrides: dict[str, Any] | None) -> ImportOutcome:
    """One item, in its own transaction (article_ingest)."""
    if item.error is not None:
        return ImportOutcome(status="failed", where=item.where, message=item.error)
    parsed = _overridden(item.article, overrides)
    try:
        result = article_ingest(parsed=parsed, created_by=created_by, max_bytes=max_bytes)
    except ServiceError as err:
        return _outcome(item, parsed, err)
    except Exception as err:
        logger.debug("import of %s failed", item.where, exc_info=True)
        return ImportOutcome(
            status="failed", where=item.where, title=parsed.title, message=f"could not store it: {type(err).__name__}: {err}"
        )
    return _outcome(item, parsed, result)


@transaction.atomic
def verdict_delete(*, verdict: Verdict, actor: Actor) -> None:
    """Remove a verdict (and its sources); the claim's status follows the remaining verdicts."""
    require(policy.may_delete_verdict(actor, verdict))
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    if claim.status == S.APPROVED and verdict.approved_at is not None:
        raise ServiceError(
            gettext("this verdict is the claim's approved outcome: return the claim for review first")
        )
    pk = verdict.pk
    changes = {"rating": [verdict.rating.slug, None], "reviewer": [str(verdict.reviewer), None]}
    verdict.delete()
    _verdict_event(claim, pk, History.Action.DELETE, actor, changes).save()
    if claim.status != S.DISMISSED:
        _claim_status_follow(claim=claim, actor=actor)


# ----------------------------------------------------------------------------- claim boundaries (editors)

_PARK = 10_000_000  # positions are parked above any real one while they move (unique constraint)


def _editable_claim(claim: Claim, version: int | None, *, what: str) -> Claim:
    """Lock the claim, check its version, and refuse when reviewers' work hangs on its text."""
    current = Claim.objects.select_related("article").select_for_update().get(pk=claim.pk)
    if version is not None and current.version != version:
        raise StaleVersionError(
            gettext("this claim was changed by someone else meanwhile; here is its current state")
        )
    if current.verdicts.exists():
        refusals = {
            "be split": gettext("claim #%(position)s has verdicts: its text cannot be split under them"),
            "be merged": gettext("claim #%(position)s has verdicts: its text cannot be merged under them"),
        }
        refusal = refusals.get(what) or gettext(
            "claim #%(position)s has verdicts: its text cannot change under them"
        )
        raise ServiceError(refusal % {"position": current.position})
    return current


def _retext(claim: Claim, start: int, end: int) -> dict[str, list[Any]]:
    """Move ``claim`` to article.text[start:end] (trimmed) and recompute what depends on the text."""
    from .text import checkworthiness
    from .text.fingerprint import fingerprint_and_linkable

    text = claim.article.text
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
        raise ServiceError(
            gettext("offsets %(start)s..%(end)s are outside the article text (0..%(size)s)")
            % {"start": start, "end": end, "size": len(text)},
            field="start",
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ServiceError(gettext("the new boundaries hold only white space"), field="start")
    sentence = text[start:end]
    score = checkworthiness.score(sentence)
    fp, linkable = fingerprint_and_linkable(sentence)
    original = _original_ids([fp]).get(fp) if linkable else None
    fields = {
        "start": start,
        "end": end,
        "text": sentence,
        "checkworthiness": round(score.value, 4),
        "cues": list(score.cues),
        "fingerprint": fp,
        "duplicate_of_id": original if original != claim.pk else None,
    }
    diff = {k: v for k, v in _diff(claim, fields).items() if k in ("start", "end", "text")}
    for name, value in fields.items():
        setattr(claim, name, value)
    # copies of this claim that no longer share its text stand on their own (a claim not yet
    # saved, the second part of a split, has none; Django refuses to filter on it)
    if claim.pk is not None:
        Claim.objects.filter(duplicate_of=claim).exclude(fingerprint=fp).update(duplicate_of=None)
    return diff


def _neighbours(claim: Claim) -> tuple[Claim | None, Claim | None]:
    siblings = Claim.objects.filter(article_id=claim.article_id, position__in=[claim.position - 1, claim.position + 1])
    by_pos = {c.position: c for c in siblings}
    return by_pos.get(claim.position - 1), by_pos.get(claim.position + 1)


def _shift_positions(article_id: int, *, after: int, by: int) -> None:
    """Move every claim after ``after`` by ``by`` places without tripping unique (article, position)."""
    from django.db.models import F

    later = Claim.objects.filter(article_id=article_id, position__gt=after)
    later.update(position=F("position") + _PARK)
    Claim.objects.filter(article_id=article_id, position__gt=_PARK).update(position=F("position") - _PARK + by)


@transaction.atomic
def claim_set_bounds(
    *, claim: Claim, start: int, end: int, actor: Actor, version: int | None = None
) -> Claim:
    """Move a claim's boundaries (code-point offsets into the article text).

    The span is trimmed of white space and must not overlap the claims before and after it;
    score, cues, fingerprint and duplicate link follow the new text.
    """
    require(policy.may_edit_claims(actor))
    claim = _editable_claim(claim, version, what="change")
    size = len(claim.article.text)
    if not 0 <= start < end <= size:
        raise ServiceError(
            gettext("offsets %(start)s..%(end)s are outside the article text (0..%(size)s)")
            % {"start": start, "end": end, "size": size},
            field="start",
        )
    before, after = _neighbours(claim)
    if before is not None and start < before.end:
        raise ServiceError(
            gettext("the start %(start)s overlaps claim #%(position)s (it ends at %(end)s)")
            % {"start": start, "position": before.position, "end": before.end},
            field="start",
        )
    if after is not None and end > after.start:
        raise ServiceError(
            gettext("the end %(end)s overlaps claim #%(position)s (it starts at %(start)s)")
            % {"end": end, "position": after.position, "start": after.start},
            field="end",
        )
    diff = _retext(claim, start, end)
    if not diff:
        return claim
    claim.version += 1
    claim.save()
    _claim_event(claim, History.Action.UPDATE, actor, diff, "boundaries edited").save()
    return claim


@transaction.atomic
def claim_split(*, claim: Claim, at: int, actor: Actor, version: int | None = None) -> tuple[Claim, Claim]:
    """Split a claim in two at the article-text offset ``at``; the second part becomes a new claim."""
    require(policy.may_edit_claims(actor))
    claim = _editable_claim(claim, version, what="be split")
    if not claim.start < at < claim.end:
        raise ServiceError(
            gettext("the split point %(at)s is not inside the claim (%(start)s..%(end)s)")
            % {"at": at, "start": claim.start, "end": claim.end},
            field="at",
        )
    text = claim.article.text
    if not text[claim.start : at].strip() or not text[at : claim.end].strip():
        raise ServiceError(gettext("both parts of a split need some text"), field="at")
    old_end = claim.end
    _shift_positions(claim.article_id, after=claim.position, by=1)
    second = Claim(
        article=claim.article,
        position=claim.position + 1,
        start=at,
        end=old_end,
        text=text[at:old_end],
        kind=claim.kind,
        speaker=claim.speaker,
        status=claim.status,
        dismissed_reason=claim.dismissed_reason,
        assignee=claim.assignee,
    )
    _retext(second, at, old_end)
    second.save(force_insert=True)
    diff = _retext(claim, claim.start, at)
    claim.version += 1
    claim.save()
    note = f"split at {at}: the rest is claim #{second.position}"
    _claim_event(claim, History.Action.UPDATE, actor, diff, note).save()
    _claim_event(second, History.Action.CREATE, actor, {"start": [None, second.start], "end": [None, second.end]}, f"split from claim #{claim.position}").save()
    refresh_progress([claim.article_id])
    return claim, second


@transaction.atomic
def claim_merge(*, claim: Claim, actor: Actor, version: int | None = None) -> Claim:
    """Merge a claim with the one after it: one claim from the first's start to the second's end."""
    require(policy.may_edit_claims(actor))
    claim = _editable_claim(claim, version, what="change")
    _before, nxt = _neighbours(claim)
    if nxt is None:
        raise ServiceError(
            gettext("claim #%(position)s is the article's last claim: there is nothing to merge it with")
            % {"position": claim.position}
        )
    nxt = _editable_claim(nxt, None, what="be merged")
    diff = _retext(claim, claim.start, nxt.end)
    removed = {"text": [nxt.text, None], "position": [nxt.position, None]}
    _claim_event(nxt, History.Action.DELETE, actor, removed, f"merged into claim #{claim.position}").save()
    Claim.objects.filter(duplicate_of=nxt).update(duplicate_of=None)
    nxt.delete()
    claim.version += 1
    claim.save()
    _claim_event(claim, History.Action.UPDATE, actor, diff, f"merged with claim #{nxt.position}").save()
    _shift_positions(claim.article_id, after=claim.position + 1, by=-1)
    refresh_progress([claim.article_id])
    return claim


# ----------------------------------------------------------------------------- verdict with sources


@dataclass(frozen=True, slots=True)
class SourceChange:
    """One source row of the verdict form: ``source`` to create or update, or delete it."""

    source: Source
    delete: bool = False


@transaction.atomic
def verdict_submit(
    *,
    claim: Claim,
    reviewer: AbstractBaseUser,
    rating: Rating,
    rationale: str = "",
    version: int | None = None,
    sources: Sequence[SourceChange] = (),
    note: str = "",
) -> Verdict:
    """Save a reviewer's verdict and its sources together: all of it or none of it.

    A change to the sources alone also moves the verdict's version, so that a stale form
    cannot overwrite sources someone else edited.
    """
    verdict = _verdict_store(
        claim=claim, reviewer=reviewer, rating=rating, rationale=rationale, version=version, note=note
    )
    if not sources:  # nothing to change (the form had no source rows)
        return verdict
    existing = list(verdict.sources.all())
    known = {s.pk for s in existing}
    next_position = max((s.position for s in existing), default=-1) + 1
    changed = False
    for change in sources:
        source = change.source
        if source.pk and source.pk not in known:
            raise StaleVersionError(
                gettext("a source of this verdict was removed meanwhile; here is the current state")
            )
        if change.delete:
            if source.pk:
                _source_remove(source=Source.objects.get(pk=source.pk), verdict=verdict, actor=reviewer)
                changed = True
            continue
        source.verdict = verdict
        if not source.pk:
            source.position = next_position
            next_position += 1
        changed = _source_store(source=source, actor=reviewer) or changed
    if changed:
        _bump(verdict)
    return verdict


@transaction.atomic
def verdict_reuse(
    *, claim: Claim, reviewer: AbstractBaseUser, original: Verdict, version: int | None = None
) -> Verdict:
    """"Reuse this verdict": copy an earlier verdict's rating, rationale and sources into the
    reviewer's own verdict on ``claim`` (sources already cited, by URL, are not repeated).

    Only a verdict the reviewer may already see can be reused: their own, an approved outcome,
    or another reviewer's once blind review has ended for them on both claims.
    """
    if original.claim_id == claim.pk:
        raise ServiceError(gettext("this verdict is on the same claim; reuse verdicts of other claims"))
    here = list(Verdict.objects.filter(claim_id=claim.pk))
    there = list(Verdict.objects.filter(claim_id=original.claim_id))
    others_visible = policy.sees_others_elsewhere(reviewer, claim, here, original.claim, there)
    if not policy.shows_verdict(reviewer, original, others_visible=others_visible):
        raise Denied(gettext("you cannot reuse a verdict you may not see yet (independent second review)"))
    mine = Verdict.objects.filter(claim=claim, reviewer=reviewer).prefetch_related("sources").first()
    cited = {s.url for s in mine.sources.all()} if mine else set()
    copies = []
    for s in original.sources.all():
        if s.url in cited:
            continue
        copies.append(SourceChange(source=Source(
            url=s.url, title=s.title, publisher=s.publisher, published_on=s.published_on,
            accessed_on=s.accessed_on, quote=s.quote, archive_url=s.archive_url,
        )))  # fmt: skip
    return verdict_submit(
        claim=claim,
        reviewer=reviewer,
        rating=original.rating,
        rationale=original.rationale,
        version=version,
        sources=copies,
        note=f"reused verdict #{original.pk} (claim #{original.claim_id})",
    )


@dataclass(frozen=True, slots=True)
class ApproveAgreedResult:
    approved: int
    own: int  # agreed claims left alone because the editor gave one of their verdicts


@transaction.atomic
def verdicts_approve_agreed(*, article: Article, editor: AbstractBaseUser) -> ApproveAgreedResult:
    """Approve, in one go, every claim of ``article`` whose reviewers agree (status reviewed):
    the earliest of its verdicts becomes the outcome. Disputed claims are left to the editor,
    and so are claims the editor rated (maker-checker: another editor approves those)."""
    if not policy.is_editor(editor):
        raise Denied(gettext("only editors can approve verdicts"))
    claims = Claim.objects.filter(article=article, status=S.REVIEWED).prefetch_related("verdicts")
    approved = own = 0
    for claim in claims:
        verdicts = list(claim.verdicts.all())
        if not policy.agreed(v.rating_id for v in verdicts):
            continue
        if not policy.may_approve(editor, claim, verdicts):
            own += 1
            continue
        verdict_approve(verdict=verdicts[0], editor=editor, note="approved with the article's agreed claims")
        approved += 1
    return ApproveAgreedResult(approved=approved, own=own)
