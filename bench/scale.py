#!/usr/bin/env python
"""Archive scale (issue 10): every page timed under gunicorn at 1,000, 10,000 and 100,000 articles.

    .venv/bin/python bench/scale.py                                  # PostgreSQL, sizes 1000,10000,100000
    .venv/bin/python bench/scale.py --sizes 1000,10000 --requests 10
    .venv/bin/python bench/scale.py --sizes 100000 --only list       # pages whose name contains "list"
    .venv/bin/python bench/scale.py --sizes 1000 --rebuild           # drop and rebuild the databases
    .venv/bin/python bench/scale.py --sqlite                         # SQLite at 10,000 articles too
    .venv/bin/python bench/scale.py --sqlite --sizes ''              # SQLite alone

Per size, a PostgreSQL database ``factcheck_scale_<size>`` on ``--pg`` (default
postgres://postgres@127.0.0.1:5432) is created when missing, always migrated, built when it does
not hold its size yet (a marker table records a finished build; ``--rebuild`` drops it first),
then ``manage.py recount_progress`` (when the command exists) and VACUUM ANALYZE; the build is
bench/scale_data.py (see its docstring for what the data holds; about 30 claims per article, a
third of them with verdicts, sources, History, 30 reviewers and 3 editors). A database is reused
by default (``--keep`` says so explicitly); the bench's own saves add a few verdicts each run.
``--sqlite`` does the same in the SQLite file ``var/scale_10000.sqlite3`` (``--sqlite-size``).

Then gunicorn (``--workers`` sync workers, DEBUG off, FACTCHECK_VERDICTS_REQUIRED=2 as in the
data, FACTCHECK_QUERY_COUNT=1 for the X-Query-Count header, a 120 s worker timeout and a 120 s
statement_timeout on PostgreSQL) serves a free loopback port; one client, logged in as reviewer
scale-rev-01 or editor scale-ed-01 (staff, Editors group: the admin's view permissions come from
the group; no superuser), sends per page 2 warm-up requests and ``--requests`` timed ones, one
at a time. "Server time" is gunicorn's access-log %(D)s, matched to each request by an
X-Bench-Id header; the CSV export is timed by the client to its first body byte (then its body
is read and dropped, for at most ``--export-read`` seconds). A page whose first reply takes
longer than ``--slow`` seconds is timed on that one reply (marked ``*``). A non-2xx reply is
shown as "HTTP <status>" in its cell.

Prints a table (rows: pages; columns: sizes; cells "p50/p95 ms (queries)"), the issue's budget,
p95 at the largest size over p95 at the smallest ("flat" when <= 1.5x), the load average at the
start and the end, and each gunicorn worker's RSS after each size's run (budget 150 MB).
Exit status 0 unless the harness itself failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACTION_RE = re.compile(rb'action="/articles/claims/(\d+)/verdict/"')
RSS_BUDGET_MB = 150


@dataclass
class Page:
    name: str
    budget: float | None
    path: object  # str, or callable(targets) -> str
    user: str = "reviewer"
    method: str = "GET"
    htmx: bool = False
    kind: str = "page"  # page | save-queue | save-article | export


def pages() -> list[Page]:
    day = "date_from=2023-01-01&date_to=2023-03-31"
    L = "/articles/"
    return [
        Page("list: page 1", 100, L),
        Page("list: deep page (middle)", 100, lambda t: f"{L}?page={max(1, t['pages'] // 2)}"),
        *(Page(f"list: status {s}", 100, f"{L}?status={s}") for s in ("open", "disputed", "awaiting", "done")),
        Page("list: publisher", 100, lambda t: f"{L}?{urlencode({'publisher': t['publisher']})}"),
        Page("list: date range", 100, f"{L}?{day}"),
        Page("list: search medicare", 100, f"{L}?q=medicare"),
        Page("list: search ranked", 150, f"{L}?q=medicare&sort=relevance"),
        Page("my queue", 60, "/articles/queue/"),
        Page("save and next (queue)", 60, None, method="POST", htmx=True, kind="save-queue"),
        Page("save verdict (article page)", 30, None, method="POST", htmx=True, kind="save-article"),
        Page("article page, 300 claims", 50, lambda t: f"/articles/{t['big_article']}/"),
        Page("claim panel", 30, lambda t: f"/articles/claims/{t['panel_claim']}/", htmx=True),
        Page("approvals", 100, "/articles/approvals/", user="editor"),
        Page("admin article list", 200, "/admin/articles/article/", user="editor"),
        Page("admin article filter", 200, "/admin/articles/article/?review=disputed", user="editor"),
        Page("admin article search", 200, "/admin/articles/article/?q=medicare", user="editor"),
        Page("admin claim list", 200, "/admin/articles/claim/", user="editor"),
        Page("admin claim filter", 200, "/admin/articles/claim/?status__exact=disputed", user="editor"),
        Page("admin claim search", 200, "/admin/articles/claim/?q=medicare", user="editor"),
        Page("admin verdict list", 200, "/admin/articles/verdict/", user="editor"),
        Page("admin verdict filter", 200, lambda t: f"/admin/articles/verdict/?rating__id__exact={t['rating']}", user="editor"),
        Page("admin verdict search", 200, "/admin/articles/verdict/?q=medicare", user="editor"),
        Page("admin source list", 200, "/admin/articles/source/", user="editor"),
        # SourceAdmin has no list_filter: a lookup on its own field in the URL, as a filter link would be
        Page("admin source filter", 200, "/admin/articles/source/?publisher=Reuters", user="editor"),
        Page("admin source search", 200, "/admin/articles/source/?q=reuters", user="editor"),
        Page("admin history list", 200, "/admin/articles/history/", user="editor"),
        Page("admin history filter", 200, "/admin/articles/history/?entity__exact=verdict", user="editor"),
        Page("admin history search", 200, "/admin/articles/history/?q=medicare", user="editor"),
        Page("CSV export first byte", 200, "/articles/export.csv?verdict_from=&verdict_to=", user="editor", kind="export"),
    ]


# ----------------------------------------------------------------------------- databases


def pg_url(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def pg_admin(base: str):
    import psycopg

    return psycopg.connect(pg_url(base, "postgres"), autocommit=True)


def ensure_pg(base: str, name: str, rebuild: bool) -> None:
    if "scale" not in name:
        sys.exit(f"refusing to manage a database without 'scale' in its name: {name}")
    with pg_admin(base) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict, size: int, seed: int, recreate) -> dict:
    """Migrate, build or reuse, recount, analyze; the targets (bench/scale_data.py in a child)."""
    cmd = [sys.executable, str(ROOT / "bench/scale_data.py"), str(size), "--seed", str(seed)]
    for attempt in (1, 2):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
        lines = proc.stdout.strip().splitlines()
        if proc.returncode == 3 and attempt == 1:  # half-built (no marker): start again
            print("  database holds rows but no finished build: re-creating it", flush=True)
            recreate()
            continue
        if proc.returncode != 0 or not lines:
            sys.exit(f"bench/scale_data.py {size} failed (exit {proc.returncode})")
        out = json.loads(lines[-1])
        out["seconds_prepare"] = round(time.perf_counter() - t0, 1)
        return out
    sys.exit("could not prepare the database")


# ----------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", "1", "--timeout", "120", "--log-level", "warning",
           "--max-requests", "0", "--access-logfile", str(log),
           "--access-logformat", "%({x-bench-id}i)s %(s)s %(D)s"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            with conn.getresponse() as resp:
                if resp.status == 200:
                    return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            sys.exit("gunicorn did not come up")
        time.sleep(0.3)


def worker_rss(master: int) -> list[float]:
    """VmRSS (MB) of the master's child processes (the workers)."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if ppid and int(ppid[1]) == master and rss:
            out.append(int(rss[1]) / 1024)
    return sorted(out)


# ----------------------------------------------------------------------------- requests


class Client:
    def __init__(self, port: int, session: str, log: Path):
        self.port, self.log = port, log
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=130)
        self.serial = 0

    def send(self, method: str, path: str, *, form: dict | None = None, htmx: bool = False,
             export_read: float | None = None) -> dict:
        """One request: status, body (not for exports), X-Query-Count, client ms (to the first body
        byte for exports), and the bench id to find its server time in the log."""
        self.serial += 1
        bid = f"{os.getpid()}-{self.port}-{self.serial}"
        headers = {"Cookie": self.cookie, "X-Bench-Id": bid}
        body = None
        if htmx:
            headers["HX-Request"] = "true"
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf}
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            if export_read is not None:
                first = resp.read(1)
                ms = (time.perf_counter() - t0) * 1000
                n, stop = len(first), time.perf_counter() + export_read
                while time.perf_counter() < stop and (chunk := resp.read(65536)):
                    n += len(chunk)
                complete = resp.isclosed() or not chunk
                if not complete:
                    self.conn.close()  # stop streaming: drop the connection
                data = b""
            else:
                data = resp.read()
                ms = (time.perf_counter() - t0) * 1000
                n, complete = len(data), True
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            return {"status": 0, "error": repr(exc), "id": bid, "ms": (time.perf_counter() - t0) * 1000, "body": b""}
        q = resp.getheader("X-Query-Count")
        return {"status": resp.status, "body": data, "bytes": n, "complete": complete, "ms": ms, "id": bid,
                "queries": int(q) if q and q.isdigit() else None}


def server_ms(log: Path, ids: list[str], wait: float = 5) -> dict[str, float]:
    wanted, deadline = set(ids), time.monotonic() + wait
    while True:
        found = {}
        for line in log.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] in wanted:
                found[parts[0]] = int(parts[2]) / 1000
        if len(found) >= len(wanted) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def pct(xs: list[float], q: int) -> float:
    if len(xs) < 2:
        return xs[0] if xs else float("nan")
    return statistics.quantiles(xs, n=100, method="inclusive")[q - 1]


@dataclass
class Result:
    p50: float | None = None
    p95: float | None = None
    queries: list[int] = field(default_factory=list)
    error: str = ""
    note: str = ""
    n: int = 0

    def cell(self) -> str:
        if self.error:
            return self.error
        qs = sorted({q for q in self.queries if q is not None})
        q = "" if not qs else f" ({qs[0]}q)" if len(qs) == 1 else f" ({qs[0]}-{qs[-1]}q)"
        return f"{self.p50:,.0f}/{self.p95:,.0f}{self.note}{q}"


def save_form(claim_id: int, serial: int, slugs: list[str], *, queue: bool) -> dict:
    form = {"rating": slugs[serial % len(slugs)], "rationale": f"Scale bench check {serial}.", "version": 0,
            "sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0, "sources-MIN_NUM_FORMS": 0,
            "sources-MAX_NUM_FORMS": 1000, "next": "1"}
    if queue:
        form["from"] = "queue"
    return form


SLUGS = ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unverifiable"]


def time_page(page: Page, clients: dict[str, Client], t: dict, args, log: Path, state: dict) -> Result:
    client = clients[page.user]
    total = 2 + args.requests
    replies, times = [], []

    def one(k: int) -> dict:
        if page.kind == "save-queue":
            cid = state.get("queue_claim")
            if cid is None:
                r = client.send("GET", "/articles/queue/")
                m = ACTION_RE.search(r.get("body", b""))
                if not m:
                    return {"status": r["status"] or 0, "error": "no claim in the queue", "id": r["id"], "ms": 0}
                cid = int(m[1])
            r = client.send("POST", f"/articles/claims/{cid}/verdict/", form=save_form(cid, k, SLUGS, queue=True), htmx=True)
            m = ACTION_RE.search(r.get("body", b""))
            state["queue_claim"] = int(m[1]) if m and int(m[1]) != cid else None
            return r
        if page.kind == "save-article":
            if not state["save_claims"]:
                return {"status": 0, "error": "no claim left to save", "id": "", "ms": 0}
            cid = state["save_claims"].pop(0)
            return client.send("POST", f"/articles/claims/{cid}/verdict/", form=save_form(cid, k, SLUGS, queue=False), htmx=True)
        path = page.path(t) if callable(page.path) else page.path
        return client.send(page.method, path, htmx=page.htmx, export_read=args.export_read if page.kind == "export" else None)

    res = Result()
    for k in range(total):
        r = one(k)
        if r.get("error") and not r["status"]:
            res.error = r["error"][:40]
            return res
        if not 200 <= r["status"] < 300:
            res.error = f"HTTP {r['status']}"
            return res
        replies.append(r)
        if k == 0 and r["ms"] > args.slow * 1000:  # too slow to repeat: this one reply is the figure
            res.note = "*"
            break
    timed = replies[2:] if len(replies) > 2 else replies
    if page.kind == "export":
        times = [r["ms"] for r in timed]
    else:
        found = server_ms(log, [r["id"] for r in timed])
        times = [found[r["id"]] for r in timed if r["id"] in found]
        if len(times) < len(timed):
            times = [r["ms"] for r in timed]
            res.note += "c"  # client times: the log lacked some lines
    res.p50, res.p95, res.n = pct(times, 50), pct(times, 95), len(times)
    res.queries = [r.get("queries") for r in timed]
    return res


# ----------------------------------------------------------------------------- main


def run_size(label: str, env: dict, t: dict, args, selected: list[Page]) -> tuple[dict[str, Result], list[float]]:
    logdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    log = logdir / "access.log"
    log.touch()
    proc, port = start_gunicorn(env, args.workers, log)
    results: dict[str, Result] = {}
    rss: list[float] = []
    try:
        clients = {k: Client(port, s, log) for k, s in t["sessions"].items()}
        state = {"save_claims": list(t["save_claims"]), "queue_claim": None}
        for page in selected:
            t0 = time.perf_counter()
            res = time_page(page, clients, t, args, log, state)
            results[page.name] = res
            print(f"  [{label}] {page.name:32} {res.cell():>28}   ({time.perf_counter() - t0:.1f} s)", flush=True)
        rss = worker_rss(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return results, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts (PostgreSQL)")
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page (after 2 warm-up)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the databases")
    parser.add_argument("--keep", action="store_true", help="reuse existing databases (the default)")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    parser.add_argument("--sqlite", action="store_true", help="also SQLite at --sqlite-size articles")
    parser.add_argument("--sqlite-size", type=int, default=10000)
    parser.add_argument("--sqlite-path", default=str(ROOT / "var"), help="folder of the SQLite file")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL (no database)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--slow", type=float, default=8.0, help="seconds: a page this slow is timed on one reply")
    parser.add_argument("--export-read", type=float, default=2.0, help="seconds of CSV body read per export request")
    parser.add_argument("--build-only", action="store_true", help="build/migrate the databases, time nothing")
    args = parser.parse_args()
    if args.rebuild and args.keep:
        sys.exit("--rebuild and --keep contradict each other")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    selected = [p for p in pages() if args.only.lower() in p.name.lower()]
    load_start = os.getloadavg()
    print(f"load average at start: {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}", flush=True)
    secret = secrets.token_urlsafe(50)
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    base_env.update(
        SECRET_KEY=secret, DEBUG="0", ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", STATIC_MANIFEST="0", FACTCHECK_VERDICTS_REQUIRED="2",
        FACTCHECK_QUERY_COUNT="1", PYTHONUNBUFFERED="1",
    )
    runs: list[tuple[str, str, int, dict]] = []  # label, url, size, prepare output
    for size in sizes:
        name = f"factcheck_scale_{size}"
        ensure_pg(args.pg, name, args.rebuild)
        url = pg_url(args.pg, name)
        runs.append((f"{size:,}", url, size, {}))
    if args.sqlite:
        folder = Path(args.sqlite_path).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"scale_{args.sqlite_size}.sqlite3"
        if args.rebuild:
            for p in folder.glob(f"{path.name}*"):
                p.unlink()
        runs.append((f"{args.sqlite_size:,} SQLite", f"sqlite:///{path}", args.sqlite_size, {}))

    table: dict[str, dict[str, Result]] = {}
    rss_by: dict[str, list[float]] = {}
    infos = []
    for label, url, size, _ in runs:
        env = base_env | {"DATABASE_URL": url, "DB_POOL": "0"}

        def recreate(url=url):
            if url.startswith("sqlite:"):
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                ensure_pg(args.pg, url.rsplit("/", 1)[1], True)

        print(f"== {label} articles: {url}", flush=True)
        info = prepare(env, size, args.seed, recreate)
        infos.append((label, info))
        what = "built" if info["built"] else "reused"
        print(f"  {what} in {info['seconds_prepare']:.0f} s: {json.dumps({k: v for k, v in info.items() if k != 'targets'})}", flush=True)
        t = info["targets"]
        print(f"  {t['articles']:,} articles, {t['claims']:,} claims; big article #{t['big_article']} "
              f"({t['big_claims']} claims)", flush=True)
        if args.build_only:
            continue
        serve_env = base_env | {"DATABASE_URL": url}
        if url.startswith("postgres"):  # a runaway query dies with its worker's timeout
            serve_env["DATABASE_URL"] = url + "?options=-c%20statement_timeout%3D120000"
        results, rss = run_size(label, serve_env, t, args, selected)
        rss_by[label] = rss
        for name, res in results.items():
            table.setdefault(name, {})[label] = res
    load_end = os.getloadavg()
    if args.build_only:
        print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
        return
    labels = [label for label, *_ in runs]
    pg_labels = [lb for lb in labels if "SQLite" not in lb]
    print()
    print(f"server time p50/p95 ms (queries per request), {args.requests} requests after 2 warm-up, "
          f"{args.workers} gunicorn workers; * = one reply only (slower than {args.slow:g} s); "
          "CSV export: client time to the first body byte; a SQLite column's budget is 150 ms p95 for every page")
    head = ["page", *labels, "budget p95", f"p95 {pg_labels[-1]}/{pg_labels[0]}" if len(pg_labels) > 1 else "ratio"]
    rows = []
    for page in selected:
        cells = table.get(page.name, {})
        ratio = ""
        if len(pg_labels) > 1:
            a, b = cells.get(pg_labels[0]), cells.get(pg_labels[-1])
            if a and b and not a.error and not b.error and a.p95:
                x = b.p95 / a.p95
                ratio = f"{x:.1f}x {'flat' if x <= 1.5 else 'GROWS'}"
        budget = f"{page.budget:g} ms" if page.budget else ""
        over = []
        for lb in labels:
            r = cells.get(lb)
            limit = 150 if "SQLite" in lb else page.budget
            if r and not r.error and limit and r.p95 > limit:
                over.append(lb)
        if over:
            budget += " (over: " + ", ".join(over) + ")"
        rows.append([page.name, *(cells[lb].cell() if lb in cells else "-" for lb in labels), budget, ratio])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    print()
    for label, rss in rss_by.items():
        flag = "" if all(x <= RSS_BUDGET_MB for x in rss) else f"  OVER {RSS_BUDGET_MB} MB"
        print(f"gunicorn worker RSS after the {label} run: {', '.join(f'{x:.0f} MB' for x in rss)}{flag}")
    for label, info in infos:
        if info.get("built"):
            print(f"build {label}: {info['seconds_prepare']:.0f} s in all (rows {info['seconds_build_rows']:.0f} s, "
                  f"vacuum/analyze {info['seconds_vacuum_analyze']:.0f} s): {info['rows']}")
    print(f"load average at start: {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}; "
          f"at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")


if __name__ == "__main__":
    main()
