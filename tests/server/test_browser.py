"""A person's visit, in a real browser: Debian's chromium driven by Playwright, against a live server.

It opens the home page, searches « santé », runs saved queries from the query page (table and chart),
follows a result's link to a département page with its quotes, then a quote to its place in the
document. Each page visited is saved as a screenshot in ``tests/screenshots/`` for a person to look at.
The browser is Debian's (``apt-get install chromium``; ``.ci/run`` installs it): Playwright's own
download cannot work here. Without it the test is skipped on a workstation and fails in CI.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ENFANCE_KG_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
#: a closed network: no background connections, no retries of QUIC, no updates, no sync
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Skip the test when there is no chromium here (fail in CI, whose ``.ci/run`` installs it)."""
    if not CHROMIUM.exists():
        message = f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run should have")
        pytest.skip(message)

@pytest.fixture(scope="module")
def browser() -> Iterator:
    require_chromium()
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", base_url=live.url)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(f"{tab.url}: {message.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    yield tab
    context.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_visit_searches_queries_and_follows_links_to_quotes(page):
    page.goto("/")
    assert page.locator("h1").first.inner_text().startswith("The national child-protection strategy")
    assert page.locator("ul.counts li").count() >= 6
    _shot(page, "01-home")

    page.fill("#home-search", "santé")
    page.click("form.search.big button[type=submit]")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("li.hit")
    assert hits.count() > 0
    assert re.search(r"sant[ée]", page.locator("li.hit mark").first.inner_text(), re.IGNORECASE)
    _shot(page, "02-search")

    page.goto("/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.load-query[data-query=funder-kind-shares]")
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    rows = page.locator(".yasr table.dataTable tbody tr")
    assert rows.count() == 3
    page.wait_for_selector("#chart svg.chart g.bar")
    assert page.locator("#chart svg.chart g.bar").count() == 3
    assert page.locator("#chart").is_visible()
    assert page.locator("#download-csv").get_attribute("href").startswith("/sparql?query=")
    _shot(page, "03-query-chart")

    page.click("button.load-query[data-query=document-departments]")
    link = page.locator(".yasr table.dataTable a.iri[href^='/id/departement/']").first
    link.wait_for()
    _shot(page, "04-query-links")
    link.click()
    page.wait_for_url(re.compile(r"/id/departement/\w+$"))
    assert page.locator("figure.quote mark").count() > 0
    assert page.locator("h1").inner_text().strip()
    _shot(page, "05-departement")

    page.locator("figure.quote figcaption a").first.click()
    page.wait_for_url(re.compile(r"/id/document/.+\?quote=\d+-\d+#q-\d+-\d+$"))
    target = page.locator(".fulltext mark.fact.target").first
    assert target.is_visible()
    assert target.inner_text().strip()
    _shot(page, "06-document")
    assert page.problems == [], page.problems  # no script error, no refusal by the Content-Security-Policy


def test_the_api_docs_and_the_saved_query_page_render(page):
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock-tag")
    assert page.locator(".swagger-ui .opblock").count() >= 26
    _shot(page, "07-api-docs")

    page.goto("/queries/funder-kind-shares")
    assert page.locator("svg.chart g.bar").count() == 3
    _shot(page, "08-saved-query")

    page.goto("/ontology")
    assert page.locator("#FundingCommitment").count() == 1
    _shot(page, "09-ontology")

    page.goto("/id/departement/999")
    assert "the graph says nothing about" in page.locator("main").inner_text()
    _shot(page, "10-not-found")
    assert [p for p in page.problems if "404" not in p] == [], page.problems
