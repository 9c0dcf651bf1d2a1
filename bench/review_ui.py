#!/usr/bin/env python
"""The review UI in a real browser (issue 15): ``j`` latency and page weight of a 3,000-claim
article page, and interface time per claim for 10 consecutive claims from the keyboard.

    .venv/bin/python bench/review_ui.py [--claims 3000] [--presses 50]

Builds a scratch SQLite database in a temporary folder (migrate, a reviewer, one article of
exactly --claims claims imported through the import service), serves it with ``runserver
--insecure`` (static files included) on a free port, and drives Debian's Chromium with
Playwright. ``j``: the key handling measured in the page (performance.now() around it, kept in
window.fcTimings by static/app.js), median and p95 over --presses presses (the panel's fetch
is not included: it is asynchronous). Page weight: the article page's HTML as sent. Interface
time per claim: from pressing a rating key to the next claim's panel in the document after ``n``
(save and next), timed in the page (see PROBE), for 10 consecutive claims, median and mean, with
the save request's share (sent to loaded) and the swap's (loaded to shown).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Timestamps taken in the page (performance.now()), so Playwright's own polling and round trips
# are not counted: the rating key's keydown, the save request sent and its response loaded
# (htmx events), and the moment the next claim's panel is in the document (a MutationObserver).
PROBE = """() => {
  const p = window.fcProbe = {reset() { Object.assign(p, {key: 0, sent: 0, loaded: 0, shown: 0, claim: null, events: []}); }};
  p.reset();
  document.addEventListener("keydown", (e) => { if (!p.key && /^[1-9]$/.test(e.key)) p.key = performance.now(); }, true);
  document.addEventListener("htmx:beforeRequest", () => { if (p.key && !p.sent) p.sent = performance.now(); });
  document.addEventListener("htmx:afterRequest", () => { if (p.sent && !p.loaded) p.loaded = performance.now(); });
  p.events = [];
  for (const name of ["beforeRequest", "beforeSend", "xhr:loadstart", "beforeSwap", "oobBeforeSwap", "oobAfterSwap", "afterSwap", "afterSettle", "afterRequest", "load"]) {
    document.addEventListener("htmx:" + name, (e) => { if (p.key) p.events.push([name, performance.now() - p.key, (e.detail.elt || e.target).id || ""]); }, true);
  }
  const seen = () => { const el = document.getElementById("claim-panel"); return el && el.getAttribute("data-claim"); };
  let last = seen();
  new MutationObserver(() => {
    const now = seen();
    if (p.loaded && !p.shown && now && now !== last) { p.shown = performance.now(); p.claim = now; }
    last = now;
  }).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["data-claim"]});
}"""


# Every request the page made (Resource Timing): start, server time (request sent to the first
# byte back) and size, to see what a save waits behind.
TRACE = """() => performance.getEntriesByType("resource").filter((e) => !e.name.includes("/static/")).map((e) => ({
  name: e.name, type: e.initiatorType, start: e.startTime, wait: e.responseStart - e.requestStart,
  total: e.responseEnd - e.startTime, size: e.decodedBodySize}))"""


def trace(entries: list[dict], base: str) -> None:
    t0 = entries[0]["start"] if entries else 0
    for e in entries:
        print(f"  {(e['start'] - t0) / 1000:8.3f} s  server {e['wait']:7.1f} ms  total {e['total']:7.1f} ms  {e['size'] / 1e3:8.1f} kB  {e['name'].removeprefix(base)}")


def cpu_profile(profile: dict, top: int = 12) -> None:
    """Self time per function (and the browser's own work: (program), (garbage collector))."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = dict.fromkeys(nodes, 0.0)
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        deltas[sample] += delta / 1000
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}

    def name(nid: int) -> str:
        f = nodes[nid]["callFrame"]
        return f"{f['functionName'] or '(anonymous)'} {f['url'].rsplit('/', 1)[-1]}:{f['lineNumber'] + 1}".strip()

    by_fn: dict[str, float] = {}
    for nid, ms in deltas.items():
        key = name(nid)
        if key.endswith(" :0") and nid in parent:  # a built-in: who called it
            key += " < " + name(parent[nid]) + (" < " + name(parent[parent[nid]]) if parent[nid] in parent else "")
        by_fn[key] = by_fn.get(key, 0.0) + ms
    print("  CPU profile of one claim (self ms):", ", ".join(f"{k} {v:.0f}" for k, v in sorted(by_fn.items(), key=lambda kv: -kv[1])[:top] if v >= 1))


def reset_postgres(url: str) -> None:
    """An empty database of that name (the bench's own: never point it at real data)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=3000)
    ap.add_argument("--presses", type=int, default=50)
    ap.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver",
                    help="runserver (DEBUG on) or gunicorn (DEBUG off, 4 sync workers)")
    ap.add_argument("--database-url", default="", help="default: a scratch SQLite file; a postgres:// URL is emptied first")
    ap.add_argument("--trace", action="store_true", help="print every request of the 10 claims (Resource Timing)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-review-ui-"))
    url = args.database_url or f"sqlite:///{tmp}/db.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    if args.server == "gunicorn":  # production settings, plain http on loopback
        env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_COOKIES="0",
                   SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", STATIC_MANIFEST="0")
    os.environ.update(env)
    if url.startswith("postgres"):
        reset_postgres(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from articles import services
    from articles.policy import SYSTEM
    from articles.text import readers

    user = User.objects.create_user("benchrev", password="pw-benchrev")
    user.groups.add(Group.objects.get(name="Reviewers"))
    body = " ".join(f"The council spent {100 + i} million euros on road {i} in {1900 + i % 120}." for i in range(args.claims - 1))
    outcome = next(iter(services.articles_import(items=readers.read_paste(f"Budget figures\n\n{body}"), created_by=SYSTEM)))
    article = outcome.article
    n_claims = article.claims.count()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from django.db import connections

    connections.close_all()
    if args.server == "gunicorn":
        cmd = [str(Path(sys.executable).parent / "gunicorn"), "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "4", "--log-level", "warning", "--access-logfile", "-"]
    else:
        cmd = [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2.5)
        from playwright.sync_api import sync_playwright

        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"], headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill("benchrev")
            page.get_by_label("Password").fill("pw-benchrev")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{base}/articles/")
            response = page.goto(f"{base}/articles/{article.pk}/")
            html_bytes = len(response.body())
            page.wait_for_selector("#claim-panel[data-claim]")
            for _ in range(args.presses):
                page.keyboard.press("j")
                page.wait_for_timeout(60)
            timings = page.evaluate("window.fcTimings || []")
            page.goto(f"{base}/articles/{article.pk}/")
            page.wait_for_selector("#claim-panel[data-claim]")
            page.evaluate(PROBE)
            per_claim, request_s, swap_s = [], [], []
            for _ in range(10):
                before = page.get_attribute("#claim-panel", "data-claim")
                page.evaluate("window.fcProbe.reset()")
                profiling = args.trace and len(per_claim) == 3
                if profiling:  # the page's CPU profile of one claim
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Profiler.enable")
                    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
                    cdp.send("Profiler.start")
                page.keyboard.press("1")
                page.keyboard.press("n")
                page.wait_for_function("(before) => window.fcProbe.shown && window.fcProbe.claim !== before", arg=before, timeout=20000, polling="raf")
                if profiling:
                    cpu_profile(cdp.send("Profiler.stop")["profile"])
                probe = page.evaluate("window.fcProbe")
                if args.trace and len(per_claim) in (1, 5):
                    print(f"claim {len(per_claim) + 1}: " + ", ".join(f"{n} {t:.0f}{' #' + i if i else ''}" for n, t, i in probe["events"]))
                per_claim.append((probe["shown"] - probe["key"]) / 1000)
                request_s.append((probe["loaded"] - probe["sent"]) / 1000)
                swap_s.append((probe["shown"] - probe["loaded"]) / 1000)
            if args.trace:
                trace(page.evaluate(TRACE), base)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))] if timings else float("nan")
    print(f"article: {n_claims} claims; page HTML {html_bytes / 1e6:.2f} MB")
    print(f"j key handling: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms over {len(timings)} presses (budget 100 ms)")
    print(f"interface time per claim (rating key + n, 10 claims): median {statistics.median(per_claim):.3f} s, mean {statistics.mean(per_claim):.3f} s")
    print(f"  of which the save request (sent -> response loaded): median {statistics.median(request_s):.3f} s; swap (loaded -> next panel shown): median {statistics.median(swap_s):.3f} s")


if __name__ == "__main__":
    main()
