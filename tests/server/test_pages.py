"""Linked Data and pages: IRIs dereference (HTML or RDF), pages show quotes, search ignores accents."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from enfance_kg import store
from enfance_kg.iris import Iris

IRIS = Iris()
D77 = "/id/departement/77"
HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what a browser sends


class _Scripts(HTMLParser):
    """Every <script> of a page: its src (or None for an inline one) and its type."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str | None]] = []
        self.styles = 0
        self.style_attributes = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "script":
            self.scripts.append((found.get("src"), found.get("type")))
        if tag == "style":
            self.styles += 1
        if "style" in found:
            self.style_attributes += 1


def _scripts(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    return parser


def _document_stem(seed_store) -> str:
    rows = store.select(store.open_store(seed_store), "SELECT DISTINCT ?d WHERE { ?d a ekg:Document } ORDER BY ?d")
    return str(rows[-1]["d"]).rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE, "text/turtle"),
        ("application/ld+json", ox.RdfFormat.JSON_LD, "application/ld+json"),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    ],
)
def test_a_resource_serves_rdf_by_accept(client, accept, fmt, media):
    response = client.get(D77, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(response.content, format=fmt))
    subject = ox.NamedNode(str(IRIS.departement("77")))
    assert any(t.subject == subject and t.object == ox.Literal("Seine-et-Marne", language="fr") for t in triples)
    assert "Accept" in response.headers["vary"]


def test_format_overrides_accept(client):
    response = client.get(D77, params={"format": "ntriples"}, headers=HTML)
    assert response.headers["content-type"].startswith("application/n-triples")
    assert client.get(D77, params={"format": "png"}).status_code == 406


def test_a_browser_gets_the_departement_page_with_quotes(client):
    response = client.get(D77, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1><span lang=\"fr\">Seine-et-Marne</span>" in html
    assert "Facts that cite it, with their quotes" in html
    quotes = re.findall(r'<figure class="quote">.*?<mark>(.*?)</mark>.*?href="([^"]+)"', html, re.DOTALL)
    assert len(quotes) >= 5
    # each quote links to its document page, scrolled to the quote and marking it
    assert all(re.search(r"/id/document/[^?]+\?quote=\d+-\d+#q-\d+-\d+$", href) for _, href in quotes)
    assert "Linked from" in html and "rel=\"alternate\"" in html


def test_a_fact_page_shows_its_quote_and_its_parts(client):
    html = client.get(D77, headers=HTML).text
    fact = re.search(r'href="(/id/funding/[^"#]+)"', html).group(1)
    page = client.get(fact, headers=HTML).text
    assert "<h2 id=\"evidence\">Evidence</h2>" in page
    assert 'id="amount"' in page  # the amount part, reachable as fact#amount
    assert "The annotation behind the evidence" in page


def test_the_quote_is_highlighted_in_the_document_page(client, seed_store):
    stem = _document_stem(seed_store)
    listing = client.get(f"/id/document/{stem}", headers=HTML)
    assert listing.status_code == 200
    html = listing.text
    marks = re.findall(r'<mark class="fact[^"]*" data-facts="[^"]+">', html)
    facts = re.findall(r'<a class="jump" href="\?quote=(\d+)-(\d+)#q-\d+-\d+">', html)
    assert facts and len(marks) >= len({f for f in facts}) // 2
    start, end = facts[0]
    targeted = client.get(f"/id/document/{stem}", params={"quote": f"{start}-{end}"}, headers=HTML).text
    assert f'id="q-{start}-{end}"' in targeted
    assert 'class="fact target"' in targeted
    assert "target" not in html.split('<div class="text"')[1].split("</div>")[0].replace("data-facts", "")


def test_an_unknown_iri_gets_a_404_page_that_says_so(client):
    response = client.get("/id/departement/999", headers=HTML)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "the graph says nothing about" in response.text
    assert "https://w3id.org/enfance-kg/id/departement/999" in response.text
    assert client.get("/id/departement/999", headers={"accept": "text/turtle"}).status_code == 404


def test_a_document_graph_is_served_at_its_iri(client, seed_store):
    stem = _document_stem(seed_store)
    trig = client.get(f"/graph/document/{stem}", headers={"accept": "application/trig"})
    assert trig.status_code == 200
    quads = list(ox.parse(trig.content, format=ox.RdfFormat.TRIG))
    assert quads and {q.graph_name for q in quads} == {ox.NamedNode(str(IRIS.document_graph(stem)))}
    with_store = store.select(store.open_store(seed_store),
                              "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                              substitutions={"g": IRIS.document_graph(stem)})
    assert len(quads) == int(with_store[0]["n"])
    page = client.get(f"/graph/document/{stem}", headers=HTML)
    assert page.status_code == 200 and "named graph of" in page.text
    assert client.get("/graph/no-such-document").status_code == 404


def test_the_ontology_serves_turtle_and_readable_html(client):
    turtle = client.get("/ontology", headers={"accept": "text/turtle"})
    assert turtle.status_code == 200
    assert any(t.object == ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
               for t in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    html = client.get("/ontology", headers=HTML)
    assert html.status_code == 200
    assert 'id="FundingCommitment"' in html.text  # a term's IRI (ontology#FundingCommitment) has its anchor
    parsed = _scripts(html.text)
    assert all(kind == "application/ld+json" for src, kind in parsed.scripts if src is None)  # data, never code
    assert "'sha256-" in html.headers["content-security-policy"]  # its one stylesheet, allowed by hash


def test_search_ignores_accents_and_case(client):
    accented = client.get("/search", params={"q": "santé", "format": "json"}).json()
    plain = client.get("/search", params={"q": "SANTE", "format": "json"}).json()
    assert accented and accented == plain
    assert any("santé" in hit["text"].lower() for hit in plain)
    page = client.get("/search", params={"q": "sante"}, headers=HTML).text
    assert "<mark>santé</mark>" in page or "<mark>Santé</mark>" in page
    assert client.get("/search", params={"q": "zzzzqqq", "format": "json"}).json() == []


def test_the_home_page_says_what_the_graph_holds(client, seed_build):
    _, report = seed_build
    html = client.get("/", headers=HTML).text
    assert f"<strong>{len(report.documents)}</strong> documents" in html
    assert f"<strong>{report.facts['funding']}</strong> funding commitments" in html
    assert 'href="/queries/health-checks-3-4"' in html
    assert 'action="/search"' in html


@pytest.mark.parametrize("path", ["/", D77, "/query", "/docs", "/queries", "/queries/fundings", "/search?q=bilan"])
def test_pages_load_nothing_from_elsewhere_and_run_no_inline_script(client, path):
    html = client.get(path, headers=HTML).text
    parsed = _scripts(html)
    assert all(src is not None for src, _ in parsed.scripts), "an inline script"
    assert parsed.styles == 0 and parsed.style_attributes == 0
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        if url.startswith(("http://", "https://")):
            assert not url.endswith((".js", ".css")), url  # links out are fine; code and styles are ours


def test_the_query_page_and_the_api_docs_use_vendored_libraries(client):
    query = client.get("/query", headers=HTML).text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js">' in query
    docs = client.get("/docs", headers=HTML).text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    for path in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/LICENSE",
                 "/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/js/query.js", "/static/css/site.css"):
        assert client.get(path).status_code == 200, path
