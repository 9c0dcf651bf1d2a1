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
  const p = window.fcProbe = {reset() { Object.assign(p, {key: 0, sent: 0, loaded: 0, shown: 0, claim: null}); }};
  p.reset();
  document.addEventListener("keydown", (e) => { if (!p.key && /^[1-9]$/.test(e.key)) p.key = performance.now(); }, true);
  document.addEventListener("htmx:beforeRequest", () => { if (p.key && !p.sent) p.sent = performance.now(); });
  document.addEventListener("htmx:afterRequest", () => { if (p.sent && !p.loaded) p.loaded = performance.now(); });
  const seen = () => { const el = document.getElementById("claim-panel"); return el && el.getAttribute("data-claim"); };
  let last = seen();
  new MutationObserver(() => {
    const now = seen();
    if (p.loaded && !p.shown && now && now !== last) { p.shown = performance.now(); p.claim = now; }
    last = now;
  }).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["data-claim"]});
}"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=3000)
    ap.add_argument("--presses", type=int, default=50)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-review-ui-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    os.environ.update(env)
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
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
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
                page.keyboard.press("1")
                page.keyboard.press("n")
                page.wait_for_function("(before) => window.fcProbe.shown && window.fcProbe.claim !== before", arg=before, timeout=20000, polling="raf")
                probe = page.evaluate("window.fcProbe")
                per_claim.append((probe["shown"] - probe["key"]) / 1000)
                request_s.append((probe["loaded"] - probe["sent"]) / 1000)
                swap_s.append((probe["shown"] - probe["loaded"]) / 1000)
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
