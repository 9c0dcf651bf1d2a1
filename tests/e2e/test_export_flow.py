"""Done as a new user would: review a seed article's claim in the UI, find that another editor
must approve it (maker-checker), approve it as that editor, export CSV from the article page,
read it with Python's csv module and LibreOffice, and download the article's ClaimReview."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from .test_import_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RATIONALE = 'The ministry said "4,100", not 4,000.'


def test_review_then_export_csv_and_claimreview(page, live_server, editor, editor2, seeded, shot, tmp_path):
    from articles.models import Claim, Verdict


    article = seeded[0]
    claim = Claim.objects.filter(article=article).order_by("position").first()
    login(page, live_server, "ed", "pw-ed")
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Claim 1\b"))).to_be_visible()
    page.keyboard.press("5")  # the fifth rating of the scale: False
    page.keyboard.press("r")
    page.keyboard.type(RATIONALE)
    page.keyboard.press("Escape")
    page.get_by_label("Source URL").first.fill("https://example.org/figures")
    page.keyboard.press("Escape")
    page.keyboard.press("s")  # save
    expect(page.locator(f"#claim-row-{claim.pk}")).to_contain_text("False")
    # maker-checker: the editor who rated it cannot approve it, and the panel says why
    expect(page.locator("#claim-panel")).to_contain_text("another editor must approve it (maker-checker)")
    expect(page.get_by_role("button", name="Approve False by ed", exact=True)).to_have_count(0)

    page.context.clear_cookies()
    login(page, live_server, "ed2", "pw-ed2")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.get_by_role("button", name="Approve False by ed", exact=True).click()
    expect(page.locator(f"#claim-row-{claim.pk}")).to_contain_text("Approved")

    export = page.get_by_role("form", name="Export verdicts")
    export.get_by_label("For Excel").check()
    shot(page, "export-form", element=page.locator(".article-head"))
    with page.expect_download() as download:
        export.get_by_role("button", name="Export CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith(f"verdicts-article-{article.pk}-") and path.suffix == ".csv"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == Claim.objects.filter(article=article).count()
    row = next(r for r in rows if r["claim_id"] == str(claim.pk))
    verdict = Verdict.objects.get(claim=claim)
    assert (row["rating_label"], row["rationale"], row["sources"], row["approved"], row["approved_by"]) == (
        "False", RATIONALE, "https://example.org/figures", "yes", "ed2"
    )
    assert (row["claim_text"], row["verdict_id"]) == (claim.text, str(verdict.pk))

    import openpyxl

    subprocess.run(
        ["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--infilter=CSV:44,34,76,1,,0,true", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(path.with_suffix(".xlsx")).active
    header = [c.value for c in next(sheet.iter_rows())]
    cells = {str(r[header.index("claim_id")]): dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    got = cells[str(claim.pk)]
    assert (got["rating_label"], got["rationale"], got["claim_text"]) == ("False", RATIONALE, claim.text)
    assert got["claim_id"] == claim.pk and got["verdict_id"] == verdict.pk  # numbers stay numbers

    with page.expect_download() as download:
        page.get_by_role("link", name="ClaimReview JSON-LD").click()
    reviews = json.loads(download.value.path().read_text())
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim.text
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["author"]["@type"] == "Organization"
    assert page.console_errors == []
