"""``enfance-kg audit``: static pages that read offline, and a person's visit in a real browser.

The browser is Debian's chromium driven by Playwright, as in ``tests/server/test_browser.py``; the pages
are opened from the folder (``file://``), with no server. Screenshots go to ``tests/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from enfance_kg.cli import main
from tests.server.test_browser import ARGS, CHROMIUM, require_chromium

SHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="module")
def audit_dir(seed_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    result = CliRunner().invoke(main, ["audit", "--store", str(seed_store), "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "aucune violation" in result.output and "non conforme" not in result.output  # as its exit status
    return out


@pytest.mark.slow
def test_the_pages_read_offline(audit_dir):
    pages = sorted(p.name for p in audit_dir.glob("*.html"))
    assert "index.html" in pages and len([p for p in pages if p.startswith("document-")]) == 5
    for page in audit_dir.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        # nothing loaded from elsewhere: every script and stylesheet is a file of the folder
        loaded = re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(r'<link[^>]* href="([^"]+)"', html)
        assert loaded and all((audit_dir / link).is_file() for link in loaded), loaded
        for link in re.findall(r'href="([^"#]+)"', html):  # links between pages stay in the folder
            assert link.startswith(("http:", "https:")) or (audit_dir / link).is_file(), link
    index = (audit_dir / "index.html").read_text(encoding="utf-8")
    # the verdict is the exit status's (violations); warnings are said beside it, never "non conforme"
    assert "aucune violation</span>" in index and "non conforme" not in index
    assert re.search(r"aucune violation ; \d+ avertissements?, \d+ informations? dans 5 documents", index)
    document = (audit_dir / "document-003-0e27c881b6cd3738.html").read_text(encoding="utf-8")
    assert document.count('<mark class="fact') >= 10 and "signature.dated" in document


@pytest.mark.slow
def test_a_visit_follows_a_document_and_its_quotes(audit_dir):
    require_chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.goto((audit_dir / "index.html").as_uri())
        assert page.locator("h1").inner_text() == "Synthèse de l'audit"
        assert page.locator("table.documents tbody tr").count() == 5
        page.screenshot(path=str(SHOTS / "audit-01-summary.png"), full_page=True)

        page.locator("table.documents a[href='document-003-0e27c881b6cd3738.html']").click()
        page.wait_for_url(re.compile(r"document-003-0e27c881b6cd3738\.html$"))
        mark = page.locator(".fulltext mark.fact").first
        assert mark.is_visible() and mark.inner_text().strip()
        mark.hover()
        tip = page.locator("#tip")
        assert tip.is_visible() and "signature" in tip.inner_text()
        page.screenshot(path=str(SHOTS / "audit-02-document-hover.png"))

        mark.click()  # a quote finds its fact
        number = mark.get_attribute("data-facts").split()[0]
        assert "active" in page.locator(f"#fact-{number}").get_attribute("class")
        page.locator("aside.facts li").nth(4).click()  # a fact finds its quote
        active = page.locator(".fulltext mark.fact.active")
        assert active.count() >= 1 and active.first.is_visible()
        page.screenshot(path=str(SHOTS / "audit-03-fact-to-quote.png"))
        assert problems == [], problems
        browser.close()
