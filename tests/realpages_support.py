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
