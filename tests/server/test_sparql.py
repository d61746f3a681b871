"""``/sparql``: formats and negotiation, refusals, errors with positions, limits and HTTP hygiene."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

EKG = "https://w3id.org/enfance-kg/"
SELECT = "SELECT DISTINCT ?code WHERE { ?d igeo:codeINSEE ?code } ORDER BY ?code LIMIT 3"
CONSTRUCT = f"CONSTRUCT {{ <{EKG}id/departement/77> ?p ?o }} WHERE {{ <{EKG}id/departement/77> ?p ?o }}"


def test_ask_answers_json(client):
    response = client.get("/sparql", params={"query": "ASK{}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/*", "text/csv"),
        (None, "application/sparql-results+json"),
    ],
)
def test_select_results_follow_accept_and_q_values(client, accept, media):
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_results_hold_the_rows(client):
    rows = list(csv.reader(io.StringIO(client.get("/sparql", params={"query": SELECT, "format": "csv"}).text)))
    assert rows == [["code"], ["01"], ["02"], ["03"]]
    data = client.get("/sparql", params={"query": SELECT, "format": "json"}).json()
    assert [b["code"]["value"] for b in data["results"]["bindings"]] == ["01", "02", "03"]
    assert data["results"]["bindings"][0]["code"]["datatype"].endswith("#token")


@pytest.mark.parametrize(
    ("fmt", "media", "parse"),
    [
        ("turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("trig", "application/trig", ox.RdfFormat.TRIG),
        ("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("nquads", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_graph_results_in_every_rdf_format(client, fmt, media, parse):
    by_accept = client.post("/sparql", content=CONSTRUCT, headers={"content-type": "application/sparql-query",
                                                                   "accept": media})
    by_format = client.get("/sparql", params={"query": CONSTRUCT, "format": fmt})
    for response in (by_accept, by_format):
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        assert len(set(ox.parse(response.content, format=parse))) >= 4


def test_describe_is_a_graph(client):
    response = client.get("/sparql", params={"query": f"DESCRIBE <{EKG}id/departement/92>"},
                          headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert "Hauts-de-Seine" in response.text


def test_an_unacceptable_format_gets_406_listing_the_offer(client):
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert response.status_code == 406
    for media in ("application/sparql-results+json", "text/csv"):
        assert media in response.text
    assert client.get("/sparql", params={"query": SELECT, "format": "turtle"}).status_code == 406


def test_post_form_with_a_dataset(client):
    response = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                            "default-graph-uri": f"{EKG}graph/reference"})
    everything = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    reference = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < reference < int(everything.json()["results"]["bindings"][0]["n"]["value"])


def test_a_syntax_error_is_400_with_its_line_and_column(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p ?o "},
                          headers={"accept": "application/json"})
    assert response.status_code == 400
    problem = response.json()
    assert (problem["line"], problem["column"]) == (2, 12)
    assert "line 2, column 12" in problem["detail"]
    plain = client.get("/sparql", params={"query": "SELECT * WHERE { ?s a nope:X }"})
    assert plain.status_code == 400
    assert plain.text.startswith("unknown prefix 'nope:' at line 1, column 23")


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {"method": "POST", "content": "DELETE WHERE { ?s ?p ?o }",
         "headers": {"content-type": "application/sparql-update"}},
        {"method": "POST", "content": "LOAD <http://example.org/x.ttl>",
         "headers": {"content-type": "application/sparql-query"}},
    ],
    ids=["update-as-query", "update-param", "update-form", "update-direct", "load"],
)
def test_updates_get_403_saying_read_only(client, request_kwargs):
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/other> { ?s ?p ?o }", "FROM <http://example.org/other>"),
        ("SELECT * FROM NAMED <http://example.org/other> { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ],
)
def test_service_and_foreign_graphs_are_refused(client, query, message):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert message in response.text and "refused" in response.text


def test_a_foreign_default_graph_uri_is_refused(client):
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "http://example.org/g"})
    assert response.status_code == 403


def test_our_own_graphs_may_be_named(client):
    owl_class = "<http://www.w3.org/2002/07/owl#Class>"
    response = client.get("/sparql", params={
        "query": f"SELECT (COUNT(*) AS ?n) FROM <{EKG}graph/ontology> {{ ?s a {owl_class} }}"})
    assert response.status_code == 200
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 10


def test_the_row_limit_is_stated_in_a_header(client, seed_config):
    response = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["x-row-limit"] == str(seed_config.max_rows)
    assert len(list(csv.reader(io.StringIO(response.text)))) == seed_config.max_rows + 1
    assert "x-row-limit" not in client.get("/sparql", params={"query": SELECT}).headers


def test_a_bad_request_gets_a_clear_4xx(client):
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"}).status_code == 415
    assert client.put("/sparql", params={"query": "ASK {}"}).status_code == 405
    assert client.get("/sparql", params={"query": "ASK {}", "timeout": "soon"}).status_code == 400


def test_a_body_past_the_limit_gets_413(client, seed_config):
    big = "ASK {}" + " " * (seed_config.max_body + 10)
    response = client.post("/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413
    chunked = client.post("/sparql", content=iter([big.encode()]), headers={"content-type": "application/sparql-query"})
    assert chunked.status_code == 413


def test_a_bare_get_gives_the_service_description(client):
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(graph.subjects(predicate=None, object=None))
    assert services
    text = response.text
    assert "sd:SPARQL11Query" in text and "sd:UnionDefaultGraph" in text
    named = {str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("sd:name"))}
    assert f"{EKG}graph/ontology" in named and sd
    browser = client.get("/sparql", headers={"accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/query"


def test_every_answer_carries_the_security_headers(client):
    for response in (client.get("/sparql", params={"query": "ASK {}"}), client.get("/"),
                     client.get("/id/nothing/here"), client.get("/sparql", params={"query": "ASK {"})):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "Traceback" not in response.text


def test_cors_lets_other_sites_query(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={"origin": "https://example.org",
                                                   "access-control-request-method": "POST",
                                                   "access-control-request-headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_etag_and_last_modified_give_304(client):
    first = client.get("/sparql", params={"query": SELECT})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("/sparql", params={"query": SELECT}, headers={"if-none-match": etag}).status_code == 304
    assert client.get("/sparql", params={"query": SELECT}, headers={"if-modified-since": modified}).status_code == 304
    other = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    assert other.headers["etag"] != etag  # another representation, another tag
    assert client.head("/sparql", params={"query": SELECT}).headers["etag"] == etag


def test_a_client_may_ask_for_a_shorter_limit(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get("/sparql", params={"query": query, "timeout": "0.5"})
    assert response.status_code == 503
    assert "time limit of 0.5 s" in response.text
    assert json.loads(client.get("/sparql", params={"query": "ASK {}"}).text)["boolean"] is True
