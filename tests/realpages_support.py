"""Shared by the real-page test modules (tests/test_realpages*.py), no tests here: bench/realpages.py
loaded once as a module (``rp``), a set's expectations and whether its pages are present
(``page_set``), the text a saved page holds (``page_text``), and the measurement of a set."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench_module():
    rp = sys.modules.get("bench_realpages")
    if rp is None:
        spec = importlib.util.spec_from_file_location("bench_realpages", ROOT / "bench" / "realpages.py")
        rp = importlib.util.module_from_spec(spec)
        sys.modules["bench_realpages"] = rp
        spec.loader.exec_module(rp)
    return rp


rp = _bench_module()


@dataclass(frozen=True)
class PageSet:
    name: str
    data: Path
    expectations: list[dict]
    have_pages: bool  # every page's HTML present (realpages3/4/5 are not committed)

    @property
    def needs_pages(self):
        return pytest.mark.skipif(not self.have_pages, reason=f"{self.name} HTML not present (see tests/data/README.md)")

    def measure(self):
        """bench/realpages.py's figures and per-page results for the set (skips without its pages)."""
        if not self.have_pages:
            pytest.skip(f"{self.name} HTML not present (see tests/data/README.md)")
        return rp.run_all(self.expectations, self.data)

    def floor_tests(
        self, *, headline: int, bylines: int, dates: int, furniture_pct: float, speakers: int,
        precision: float, recall: float, min_claims: int = 1, meta_value: bool = False,
    ) -> dict:
        """The tests every held-out set runs, as ``test_*`` functions (and the module-scoped
        ``measured`` fixture) for its module's namespace: the expected strings are on each page, and
        the floors of the rates reached (headline, bylines, dates right on at least so many pages;
        furniture at most ``furniture_pct`` %; at least ``speakers`` labels, speaker precision and
        recall at least so much; every page at least ``min_claims`` claims)."""
        pages = self

        @pages.needs_pages
        @pytest.mark.parametrize("expect", pages.expectations, ids=[e["id"] for e in pages.expectations])
        def test_the_expected_strings_are_on_the_page(expect):
            text = page_text(pages.data / expect["file"], meta_value=meta_value)
            assert any(rp.norm(h) in text for h in [expect["headline"], *expect["headline_variants"]]), expect["headline"]
            for f in expect["furniture"]:
                assert rp.norm(f) in text, f
            for entry in expect["speakers"]:
                assert rp.norm(entry["text"]) in text, entry["text"]

        @pytest.fixture(scope="module")
        def measured():
            return pages.measure()

        def test_headline_floor(measured):
            s, _ = measured
            assert s["headline_right"] >= headline, f"headline right on {s['headline_right']}/{s['pages']} pages"

        def test_bylines_floor(measured):
            s, _ = measured
            assert s["bylines_right"] >= bylines, f"bylines right on {s['bylines_right']}/{s['pages']} pages"

        def test_dates_floor(measured):
            s, _ = measured
            assert s["dates_right"] >= dates, f"dates right on {s['dates_right']}/{s['pages']} pages"

        def test_furniture_ceiling(measured):
            s, _ = measured
            assert s["furniture_pct"] <= furniture_pct, f"{s['furniture_claims']} furniture claims = {s['furniture_pct']}%"

        def test_speakers_floor(measured):
            s, _ = measured
            assert s["speaker_entries_expected"] >= speakers
            assert s["speaker_precision"] >= precision, f"speaker precision {s['speaker_precision']}"
            assert s["speaker_recall"] >= recall, f"speaker recall {s['speaker_recall']}"

        def test_every_page_gives_claims(measured):
            _, results = measured
            assert len(results) == len(pages.expectations) and all(r.claims >= min_claims for r in results)

        return {f.__name__: f for f in (
            test_the_expected_strings_are_on_the_page, measured, test_headline_floor, test_bylines_floor,
            test_dates_floor, test_furniture_ceiling, test_speakers_floor, test_every_page_gives_claims,
        )} | {"measured": measured}


def page_set(name: str) -> PageSet:
    data = ROOT / "tests" / "data" / name
    expectations = json.loads((data / "expectations.json").read_text(encoding="utf-8"))
    return PageSet(name, data, expectations, all((data / e["file"]).is_file() for e in expectations))


def page_text(path: Path, *, meta_value: bool = False) -> str:
    """Everything a saved page holds as text, normalised as bench/realpages.py compares: its text
    nodes, its <meta> contents (and ``value`` attributes, which Postlight's fixtures use for
    ``content``, with ``meta_value``) and its text content."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", raw))
    meta = tree.xpath("//meta/@content") + (tree.xpath("//meta/@value") if meta_value else [])
    return rp.norm(" ".join(tree.xpath("//text()") + meta)) + " " + rp.norm(tree.text_content())
