"""The archive-scale database of bench/scale.py: built (or reused), migrated, and the ids and
sessions the timed pages need. Run by bench/scale.py in a child process with DATABASE_URL,
SECRET_KEY and FACTCHECK_VERDICTS_REQUIRED set (one Django set-up per database):

    python bench/scale_data.py SIZE [--rebuild] [--seed N]

Prints one JSON line (the targets) last on stdout.

The rows are generated in Python (random.Random(seed + size): the same size gives the same data)
and loaded with psycopg 3 COPY on PostgreSQL (one connection per table, all streaming at once,
foreign-key triggers off for the load with session_replication_role = replica; the indexes that
back no constraint are dropped for the load and re-created from their own definitions after it),
or with executemany on SQLite. Only the columns of the current models are written (read from
``_meta``); a column the generator does not know gets its field's default, and PostgreSQL
computes its generated columns itself. Ids are assigned here and the sequences set after.

What it holds, at SIZE articles: about 30 claims per article (10..50; one article in a thousand
has 300), sentences drawn from articles/demo/news_articles.txt and ../shared/data (CheckThat!
sentences, Snopes claims), varied with numbers, names and dates; "Medicare" in about 2% of the
articles; about 4% of the claims repeat sentences of a fixed "wire" pool (same fingerprint,
linked with duplicate_of to their first occurrence); 50 publishers; published_on over 2021-2025.
Article classes: 45% untouched, 40% partly reviewed, 10% nearly done, 5% all approved or
dismissed. A reviewed claim has 1 verdict (in review) or 2 (reviewed: agreeing; disputed;
approved: agreeing, one approved by an editor), so with FACTCHECK_VERDICTS_REQUIRED=2 the
statuses follow policy.status_from_verdicts. About 3% of the open claims of started articles are
assigned. Sources: about one per verdict. History: a create row per verdict and source, approve
(verdict) and status (claim) rows per approval, dismiss and assign rows.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
DATA = Path(os.environ.get("FACTCHECK_SHARED_DATA", ROOT.parent / "shared" / "data"))
MARKER = "scale_bench_build"
REVIEWERS, EDITORS = 30, 3
BIG = 300  # claims of the big articles (one per thousand)

PUBLISHERS = [
    "Associated Press", "Reuters", "Agence France-Presse", "Arab News", "The Guardian", "The Times",
    "The Washington Post", "The New York Times", "Los Angeles Times", "Chicago Tribune", "BBC News",
    "CNN", "NPR", "Politico", "The Hill", "Axios", "Bloomberg", "Financial Times", "The Economist",
    "Der Spiegel", "Le Monde", "El País", "Corriere della Sera", "The Irish Times", "The Scotsman",
    "Sydney Morning Herald", "The Globe and Mail", "Toronto Star", "CBC News", "Al Jazeera",
    "Deutsche Welle", "France 24", "Euronews", "The Independent", "Daily Telegraph", "Evening Standard",
    "USA Today", "Boston Globe", "Miami Herald", "Seattle Times", "Denver Post", "Houston Chronicle",
    "Dallas Morning News", "Star Tribune", "Tampa Bay Times", "Kyiv Independent", "LRT", "ERR News",
    "Yle News", "The Local",
]
DOMAINS = [re.sub(r"[^a-z]", "", p.lower())[:20] + ".example" for p in PUBLISHERS]
NAMES = [
    "Maria Lopez", "John Smith", "Anna Kowalska", "David Chen", "Fatima Khan", "Peter Novak", "Laura Rossi",
    "Ahmed Hassan", "Sofia Petrova", "James Brown", "Elena Garcia", "Tomas Vilkas", "Ingrid Larsen",
    "Omar Farouk", "Julia Meyer", "Robert King", "Aisha Bello", "Mark Davies", "Nina Ivanova", "Paul Martin",
    "Senator Warren", "Governor Hale", "Mayor Ortiz", "the minister", "a spokesperson", "the White House",
    "the Kremlin", "the European Commission", "the health ministry", "the central bank",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
START = date(2021, 1, 1)
DAYS = (date(2025, 12, 31) - START).days
NUM = re.compile(r"\d[\d,.]*\d|\d")
DIGIT = re.compile(r"\d")
CUES = {(d, a): json.dumps((["number"] if d else []) + (["attribution"] if a else [])) for d in (0, 1) for a in (0, 1)}
# the columns the generator fills (others get their field's default)
GENERATED = {
    "id", "title", "publisher", "byline", "url", "published_on", "dateline", "summary", "text", "language",
    "content_hash", "created_by_id", "created_at", "updated_at", "article_id", "position", "start", "end", "kind",
    "speaker", "checkworthiness", "cues", "status", "dismissed_reason", "assignee_id", "fingerprint",
    "duplicate_of_id", "version", "claim_id", "reviewer_id", "rating_id", "rationale", "approved_by_id",
    "approved_at", "verdict_id", "quote", "archive_url", "accessed_on", "entity", "object_id", "action", "actor_id",
    "changes", "note",
}


# ----------------------------------------------------------------------------- sentences


def _clean(s: str) -> str | None:
    s = " ".join(s.replace("\u00a0", " ").split()).strip().strip('"').strip()
    if not 25 <= len(s) <= 240 or "\\" in s:
        return None
    if s[-1] not in ".!?":
        s += "."
    return s


def sentence_pool() -> tuple[list[str], list[str]]:
    """(general sentences, sentences that mention Medicare)."""
    raw: list[str] = []
    cw = DATA / "checkworthiness"
    for path in sorted(cw.glob("CT24_checkworthy_english_*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            raw += [row[1] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if len(row) > 1][1:]
    vc = DATA / "claim-matching" / "verified_claims.tsv"
    if vc.exists():
        with vc.open(encoding="utf-8", newline="") as f:
            for row in list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
                raw += row[1:3]
    demo = ROOT / "articles" / "demo" / "news_articles.txt"
    for line in demo.read_text(encoding="utf-8").splitlines():
        raw += re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", line)
    seen, general, medicare = set(), [], []
    for s in raw:
        c = _clean(s)
        if c is None or c in seen:
            continue
        seen.add(c)
        (medicare if "medicare" in c.lower() else general).append(c)
    if not general:
        sys.exit(f"no sentences found under {DATA} nor in the demo articles")
    if not medicare:
        medicare = ["Medicare spending rose by 7 percent last year, the budget office said."]
    return general, medicare


def vary(s: str, rng: random.Random) -> tuple[str, str]:
    """The sentence with its numbers changed, or an attribution and a date added: (text, speaker)."""
    if NUM.search(s) and rng.random() < 0.6:
        return NUM.sub(lambda m: f"{rng.randint(2, 99_999):,}" if len(m[0]) > 2 else str(rng.randint(2, 99)), s), ""
    name = rng.choice(NAMES)
    when = f"in {rng.choice(MONTHS)} {rng.randint(2015, 2025)}"
    body = s[:-1]
    if rng.random() < 0.5:
        return f"{body} {when}, {name} said{s[-1]}", name
    return f"{body}, {name} said {when}{s[-1]}", name


# ----------------------------------------------------------------------------- rows


class Generator:
    """Rows of every table, article by article, as dicts keyed by column (attname)."""

    def __init__(self, size: int, seed: int, reviewers: list[tuple[int, str]], editors: list[tuple[int, str]],
                 ratings: list[tuple[int, str]]):
        from articles.text.fingerprint import fingerprint_and_linkable

        self.fp = fingerprint_and_linkable
        self.size, self.rng = size, random.Random(seed * 1_000_003 + size)
        self.general, self.medicare = sentence_pool()
        self.wire = self.rng.sample(self.general, min(3000, len(self.general)))
        self.wire_first: dict[str, int] = {}  # fingerprint -> id of its first claim (wire sentences)
        self.reviewers, self.editors, self.ratings = reviewers, editors, ratings
        self.ids = {"claim": 0, "verdict": 0, "source": 0, "history": 0}
        self.counts = {"article": 0, "claim": 0, "verdict": 0, "source": 0, "history": 0}
        self.statuses: dict[str, int] = {}

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _sentence(self, medicare: bool = False) -> tuple[str, str, bool]:
        rng = self.rng
        if medicare:
            text, speaker = vary(rng.choice(self.medicare), rng)
            return text, speaker, False
        if rng.random() < 0.04:
            return rng.choice(self.wire), "", True
        text, speaker = vary(rng.choice(self.general), rng)
        return text, speaker, False

    def article(self, i: int):
        """(article row, claim rows, verdict rows, source rows, history rows) of article ``i`` (1-based)."""
        rng = self.rng
        n = BIG if i % 1000 == 500 or (self.size < 1000 and i == self.size // 2) else rng.randint(10, 50)
        sentences = [self._sentence() for _ in range(n)]
        if rng.random() < 0.02:
            for k in rng.sample(range(1, n), min(n - 1, rng.choice((1, 1, 2)))):
                sentences[k] = self._sentence(medicare=True)
        # text: headline, then paragraphs of 1..6 sentences; offsets in code points
        parts, claims_pos, offset, k = [], [], 0, 0
        para: list[str] = []
        for k, (s, _, _) in enumerate(sentences):
            if k == 0:
                parts.append(s)
                claims_pos.append(0)
                offset = len(s) + 2
                continue
            if para and (len(para) >= 6 or rng.random() < 0.25):
                parts.append(" ".join(para))
                offset += 2
                para = []
            if para:
                offset += 1
            claims_pos.append(offset)
            para.append(s)
            offset += len(s)
        if para:
            parts.append(" ".join(para))
        text = "\n\n".join(parts) + "\n"
        day = START + timedelta(days=min(DAYS, int(DAYS * (i - 1) / max(1, self.size - 1)) + rng.randint(-3, 3)))
        day = max(START, day)
        created = datetime(day.year, day.month, day.day, 6, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 900))
        p = rng.randrange(len(PUBLISHERS))
        title = sentences[0][0][:500]
        article = {
            "id": i, "title": title, "publisher": PUBLISHERS[p], "byline": f"By {rng.choice(NAMES[:20])}",
            "url": f"https://www.{DOMAINS[p]}/{day.year}/{day.month:02d}/story-{i}", "published_on": day,
            "dateline": "", "summary": "[]", "text": text, "language": "en",
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(), "created_by_id": None,
            "created_at": created, "updated_at": created,
        }
        # how far review has gone in this article
        r = rng.random()
        if n == BIG:
            kind, p_touch = "partial", 0.4
        elif r < 0.45:
            kind, p_touch = "fresh", 0.0
        elif r < 0.85:
            kind, p_touch = "partial", rng.uniform(0.1, 0.5)
        elif r < 0.95:
            kind, p_touch = "late", 0.95
        else:
            kind, p_touch = "done", 1.0
        claims, verdicts, sources, history = [], [], [], []
        for pos, ((s, speaker, wire), start) in enumerate(zip(sentences, claims_pos), start=1):
            cid = self._next("claim")
            fp, linkable = self.fp(s)
            dup = None
            if wire and linkable:
                dup = self.wire_first.setdefault(fp, cid)
                dup = None if dup == cid else dup
            digits = DIGIT.search(s) is not None
            claim = {
                "id": cid, "article_id": i, "position": pos, "start": start, "end": start + len(s), "text": s,
                "kind": "headline" if pos == 1 else "body", "speaker": speaker,
                "checkworthiness": round(min(1.0, rng.random() ** 0.8 * (1.1 if digits else 0.85)), 4),
                "cues": CUES[digits, bool(speaker)], "status": "unreviewed", "dismissed_reason": "", "assignee_id": None,
                "fingerprint": fp, "duplicate_of_id": dup, "version": 1,
                "created_at": created, "updated_at": created,
            }
            when = created + timedelta(hours=rng.randint(1, 24 * 30))
            status = "unreviewed"
            if kind == "done":
                status = "dismissed" if rng.random() < 0.12 else "approved"
            elif kind == "fresh":
                status = "dismissed" if rng.random() < 0.01 else "unreviewed"
            elif rng.random() < p_touch:
                u = rng.random()
                status = ("dismissed" if u < 0.02 else "in_review" if u < 0.66 else "reviewed" if u < 0.78
                          else "disputed" if u < 0.84 else "approved")
            if status in ("unreviewed", "in_review") and kind != "fresh" and rng.random() < 0.03:
                assignee = rng.choice(self.reviewers)
                claim["assignee_id"] = assignee[0]
                ed = rng.choice(self.editors)
                history.append(self._history("claim", cid, "assign", i, cid, ed[0], {"assignee": [None, assignee[1]]},
                                             created + timedelta(minutes=30)))
            if status == "dismissed":
                claim["dismissed_reason"] = rng.choice(("opinion", "not_checkable", "duplicate"))
                ed = rng.choice(self.editors)
                history.append(self._history("claim", cid, "dismiss", i, cid, ed[0],
                                             {"status": ["unreviewed", "dismissed"]}, when))
                claim["version"] = 2
            elif status != "unreviewed":
                nv = 1 if status == "in_review" else 2
                first = [r for r in self.reviewers if r[0] == claim["assignee_id"]]
                people = (first + rng.sample(self.reviewers, 3))[:nv] if first else rng.sample(self.reviewers, nv)
                if nv == 2 and people[0] == people[1]:
                    people[1] = next(r for r in self.reviewers if r != people[0])
                rating = rng.choice(self.ratings)
                others = [x for x in self.ratings if x != rating]
                picked = [rating, rng.choice(others) if status == "disputed" else rating][:nv]
                for j, (who, rt) in enumerate(zip(people, picked)):
                    vid = self._next("verdict")
                    vwhen = when + timedelta(hours=5 * j)
                    rationale = f"{rng.choice(self.general)} The sources below settle it (check {vid})."
                    approved = status == "approved" and j == 0
                    ed = rng.choice(self.editors)
                    verdicts.append({
                        "id": vid, "claim_id": cid, "reviewer_id": who[0], "rating_id": rt[0], "rationale": rationale,
                        "version": 2 if approved else 1, "approved_by_id": ed[0] if approved else None,
                        "approved_at": vwhen + timedelta(days=2) if approved else None,
                        "created_at": vwhen, "updated_at": vwhen + timedelta(days=2) if approved else vwhen,
                    })
                    history.append(self._history("verdict", vid, "create", i, cid, who[0],
                                                 {"rating": [None, rt[1]], "rationale": [None, rationale[:80]]}, vwhen))
                    u = rng.random()
                    for sp in range(0 if u < 0.06 else 2 if u > 0.94 else 1):
                        sid = self._next("source")
                        d = rng.randrange(len(DOMAINS))
                        url = f"https://{DOMAINS[d]}/fact/{vid}/{sp}"
                        sources.append({
                            "id": sid, "verdict_id": vid, "url": url, "title": rng.choice(self.general)[:300],
                            "publisher": PUBLISHERS[d], "published_on": day - timedelta(days=rng.randint(0, 400)),
                            "accessed_on": vwhen.date(), "quote": "", "archive_url": "", "position": sp,
                        })
                        history.append(self._history("source", sid, "create", i, cid, who[0], {"url": [None, url]}, vwhen))
                    if approved:
                        history.append(self._history("verdict", vid, "approve", i, cid, ed[0],
                                                     {"approved_by": [None, ed[1]]}, vwhen + timedelta(days=2)))
                        history.append(self._history("claim", cid, "update", i, cid, ed[0],
                                                     {"status": ["reviewed", "approved"]}, vwhen + timedelta(days=2)))
                claim["version"] = 1 + nv + (status == "approved")
            claim["status"] = status
            self.statuses[status] = self.statuses.get(status, 0) + 1
            claims.append(claim)
        counts = {"claim_count": n}
        for c in claims:
            counts[f"{c['status']}_count"] = counts.get(f"{c['status']}_count", 0) + 1
        article["_counts"] = counts
        for table, rows in (("article", [article]), ("claim", claims), ("verdict", verdicts), ("source", sources),
                            ("history", history)):
            self.counts[table] += len(rows)
        return article, claims, verdicts, sources, history

    def _history(self, entity, object_id, action, article_id, claim_id, actor_id, changes, when) -> dict:
        return {
            "id": self._next("history"), "entity": entity, "object_id": object_id, "action": action,
            "article_id": article_id, "claim_id": claim_id, "actor_id": actor_id, "changes": json.dumps(changes),
            "note": "", "created_at": when,
        }


# ----------------------------------------------------------------------------- columns


def columns(model) -> tuple[list[str], dict]:
    """The columns to write for ``model`` (concrete, not generated, no database default), and the
    constant value of each column the generator does not fill (its field's default, or NULL)."""
    from django.db.models import NOT_PROVIDED, JSONField

    cols, consts = [], {}
    for f in model._meta.concrete_fields:
        if getattr(f, "generated", False):
            continue
        filled = f.attname in GENERATED or f.attname.endswith("_count")  # per-article counts: row_of fills them
        if getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED and not filled:
            continue  # the database's own default
        cols.append(f.attname)
        if f.has_default():
            v = f.get_default()
            consts[f.attname] = json.dumps(v) if isinstance(f, JSONField) else v
        else:
            consts[f.attname] = None
    return cols, consts


def row_of(d: dict, cols: list[str], consts: dict) -> tuple:
    counts = d.get("_counts", {})
    return tuple(d[c] if c in d else counts.get(c, 0) if c.endswith("_count") else consts[c] for c in cols)


# ----------------------------------------------------------------------------- build


def tables():
    from articles.models import Article, Claim, History, Source, Verdict

    return [("article", Article), ("claim", Claim), ("verdict", Verdict), ("source", Source), ("history", History)]


def users():
    """The bench users (created when missing): 30 reviewers, 3 editors (staff, for the admin)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    out = {"Reviewers": [], "Editors": []}
    for group, prefix, n in (("Reviewers", "scale-rev", REVIEWERS), ("Editors", "scale-ed", EDITORS)):
        g = Group.objects.get(name=group)
        for k in range(1, n + 1):
            name = f"{prefix}-{k:02d}"
            user = User.objects.filter(username=name).first()
            if user is None:
                user = User.objects.create_user(name, password=None, is_staff=group == "Editors")
                user.groups.add(g)
            out[group].append((user.pk, name))
    return out["Reviewers"], out["Editors"]


def build(size: int, seed: int) -> dict:
    from django.db import connection

    from articles.models import Rating

    reviewers, editors = users()
    ratings = list(Rating.objects.filter(is_active=True).order_by("position").values_list("pk", "slug"))
    gen = Generator(size, seed, reviewers, editors, ratings)
    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        _load_pg(gen, size)
    else:
        _load_sqlite(gen, size)
    return {"seconds_load": round(time.perf_counter() - t0, 1), "rows": gen.counts, "statuses": gen.statuses}


def _load_pg(gen: Generator, size: int) -> None:
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname")}
    names = [(t, m, m._meta.db_table) for t, m in tables()]
    with psycopg.connect(**params, autocommit=True) as admin:
        idx = admin.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [[n for _, _, n in names]],
        ).fetchall()
        for name, _ in idx:  # re-created below from their own definitions: a bulk build beats 3M inserts each
            admin.execute(f"DROP INDEX {name}")
        conns, copies = [], {}
        try:
            for t, model, table in names:
                cols, consts = columns(model)
                conn = psycopg.connect(**params)
                conn.execute("SET session_replication_role = replica")  # no FK triggers: rows are consistent by construction
                conn.execute("SET synchronous_commit = off")
                conns.append(conn)
                cur = conn.cursor()
                cm = cur.copy(f"COPY {table} ({', '.join(f'"{c}"' for c in cols)}) FROM STDIN")
                copies[t] = (cm, cm.__enter__(), cols, consts)
            for i in range(1, size + 1):
                for (t, _, _), rows in zip(names, gen.article(i)):
                    _, cp, cols, consts = copies[t]
                    if t == "article":
                        rows = [rows]
                    for d in rows:
                        cp.write_row(row_of(d, cols, consts))
                if i % 10000 == 0:
                    print(f"  {i:,} articles generated", file=sys.stderr, flush=True)
            for cm, _, _, _ in copies.values():
                cm.__exit__(None, None, None)
            for conn in conns:
                conn.commit()
        finally:
            for conn in conns:
                conn.close()
        t1 = time.perf_counter()
        admin.execute("SET maintenance_work_mem = '256MB'")
        for name, ddl in idx:
            admin.execute(ddl)
        print(f"  indexes re-created in {time.perf_counter() - t1:.0f} s", file=sys.stderr, flush=True)
        for _, model, table in names:
            admin.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _load_sqlite(gen: Generator, size: int) -> None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("PRAGMA synchronous = OFF")
    names = [(t, m, m._meta.db_table) for t, m in tables()]
    spec = {}
    for t, model, table in names:
        cols, consts = columns(model)
        quoted = ", ".join(f'"{c}"' for c in cols)
        spec[t] = (f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))})", cols, consts)
    buf = {t: [] for t, _, _ in names}

    def plain(v):
        if isinstance(v, datetime):
            return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, (list, dict)):
            return json.dumps(v)
        return v

    def flush():
        for t, rows in buf.items():
            if rows:
                raw.executemany(spec[t][0], rows)
                rows.clear()

    raw.execute("BEGIN")
    for i in range(1, size + 1):
        for (t, _, _), rows in zip(names, gen.article(i)):
            if t == "article":
                rows = [rows]
            _, cols, consts = spec[t]
            buf[t].extend(tuple(plain(v) for v in row_of(d, cols, consts)) for d in rows)
        if i % 500 == 0:
            flush()
    flush()
    raw.execute("COMMIT")
    raw.execute("PRAGMA foreign_keys = ON")


# ----------------------------------------------------------------------------- prepare


def has_marker(size: int) -> bool:
    from django.db import connection

    with connection.cursor() as cur:
        if MARKER not in connection.introspection.table_names(cur):
            return False
        cur.execute(f"SELECT size FROM {MARKER}")
        row = cur.fetchone()
        return bool(row and row[0] == size)


def is_empty() -> bool:
    from articles.models import Article

    return not Article.objects.exists()


def write_marker(size: int, seed: int, info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (size integer, seed integer, built_at varchar(40), info text)")
        cur.execute(f"DELETE FROM {MARKER}")
        cur.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)",
                    [size, seed, datetime.now(UTC).isoformat(), json.dumps(info)])


def targets(size: int) -> dict:
    """Ids, parameters and sessions for the timed pages."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from articles.models import Article, Claim, Rating

    User = get_user_model()
    reviewer = User.objects.get(username="scale-rev-01")
    editor = User.objects.get(username="scale-ed-01")
    sessions = {}
    for key, user in (("reviewer", reviewer), ("editor", editor)):
        browser = Client()
        browser.force_login(user)  # a session row in the database
        sessions[key] = browser.cookies["sessionid"].value
    big = (Claim.objects.filter(article_id__in=Article.objects.filter(pk__in=range(500, size + 1, 1000)).values("pk"))
           .order_by().values("article_id").annotate(n=Count("id")).filter(n__gte=BIG).order_by("article_id").first())
    if big is None:
        big = Claim.objects.order_by().values("article_id").annotate(n=Count("id")).order_by("-n").first()
    big_id = big["article_id"]
    panel = (Claim.objects.filter(article_id=big_id, status__in=["reviewed", "disputed", "in_review"]).order_by("position").first()
             or Claim.objects.filter(article_id=big_id).order_by("position").first())
    # claims the reviewer can save a first verdict on from the article page: unreviewed, unassigned,
    # none of theirs, spread over the archive (a different claim each save)
    lo = Claim.objects.filter(status="unreviewed", assignee__isnull=True).exclude(verdicts__reviewer=reviewer)
    step = max(1, size // 60)
    save_ids = []
    for a in range(1 + step // 2, size + 1, step):
        c = lo.filter(article_id=a).order_by("position").values_list("pk", flat=True).first()
        if c:
            save_ids.append(c)
    n_articles = Article.objects.count()
    return {
        "articles": n_articles,
        "claims": Claim.objects.count(),
        "pages": (n_articles + 24) // 25,
        "big_article": big_id,
        "big_claims": big["n"],
        "panel_claim": panel.pk,
        "save_claims": save_ids,
        "publisher": "Reuters",
        "rating": Rating.objects.filter(slug="false").values_list("pk", flat=True).first(),
        "sessions": sessions,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connection

    out = {"built": False}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out["seconds_migrate"] = round(time.perf_counter() - t0, 1)
    if not has_marker(args.size):
        if not is_empty():
            print(json.dumps({"error": "not empty and no build marker: rebuild"}))
            sys.exit(3)
        print(f"building {args.size:,} articles ({connection.vendor})", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        info = build(args.size, args.seed)
        out.update(info, built=True)
        write_marker(args.size, args.seed, info)
        out["seconds_build_rows"] = round(time.perf_counter() - t0, 1)
    t1 = time.perf_counter()
    if "recount_progress" in get_commands():
        call_command("recount_progress", stdout=sys.stderr)
        out["recount_progress"] = round(time.perf_counter() - t1, 1)
    t1 = time.perf_counter()
    if connection.vendor == "postgresql":
        connection.close()
        import psycopg

        p = connection.get_connection_params()
        p = {k: v for k, v in p.items() if k in ("host", "port", "user", "password", "dbname")}
        with psycopg.connect(**p, autocommit=True) as c:
            # VACUUM on reuse too: migrations that rewrite a table (a new generated column) clear
            # its visibility map, and index-only scans then visit the table for every row; a
            # running database's autovacuum keeps it set (on a clean table VACUUM costs little)
            c.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        if out["built"]:
            connection.close()
            import sqlite3

            with sqlite3.connect(connection.settings_dict["NAME"]) as c:
                c.execute("VACUUM")
    out["seconds_vacuum_analyze"] = round(time.perf_counter() - t1, 1)
    out["targets"] = targets(args.size)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
