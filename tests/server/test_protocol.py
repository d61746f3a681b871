"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, one test per manifest entry.

The entries (``w3c/protocol-manifest.ttl``, copied from w3c/rdf-tests with their source noted) are run
as written: method, path, headers and body, against an endpoint whose store holds the suite's data in
the graphs the manifest names. ``query_*`` and ``bad_*`` expect what the suite says; the ``update_*``
entries expect 2xx from an endpoint that accepts updates, and get the read-only refusal here (403).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection

from enfance_kg import store
from enfance_kg.runner import QueryRunner
from server.app import create_app
from server.config import ServerConfig

HERE = Path(__file__).parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
#: the suite's graphs are named under this base, so an endpoint serving them treats them as its own
SUITE_BASE = "http://kasei.us/2009/09/sparql/data/"
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
GRAPHS = {"text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json", "application/trig",
          "application/n-quads"}

MANIFEST = Graph().parse(HERE / "protocol-manifest.ttl", format="turtle")


def _entries() -> list[URIRef]:
    return sorted((s for s in MANIFEST.subjects(MF.name, None) if isinstance(s, URIRef)), key=str)


def _name(entry: URIRef) -> str:
    return str(entry).rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("w3c") / "store"
    graphs = {}
    for entry in _entries():
        for data in MANIFEST.objects(entry, UT.graphData):
            graphs[str(MANIFEST.value(data, RDFS.label))] = Path(str(MANIFEST.value(data, UT.graph))).name
    with store.new_build(folder) as s:
        for name, file in sorted(graphs.items()):
            store.load_rdf(s, (HERE / file).read_bytes(), format="ntriples", graph=URIRef(name))
    config = ServerConfig(store=folder, base=SUITE_BASE, workers=1, timeout=20)
    with QueryRunner(folder, workers=1, timeout=20, base=SUITE_BASE) as runner, \
            TestClient(create_app(config, runner=runner)) as client:
        yield client


def _requests(entry: URIRef) -> list:
    action = MANIFEST.value(entry, MF.action)
    return list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))


def _send(client: TestClient, request) -> tuple:
    method = str(MANIFEST.value(request, HT.methodName))
    path = str(MANIFEST.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    header_list = MANIFEST.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(MANIFEST, header_list):
            headers[str(MANIFEST.value(header, HT.fieldName))] = str(MANIFEST.value(header, HT.fieldValue))
    body = MANIFEST.value(request, HT.body)
    content = None
    if body is not None:
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(MANIFEST.value(body, CNT.chars)).encode(encoding.lower())
    response = client.request(method, path, headers=headers, content=content)
    return response, MANIFEST.value(request, HT.resp)


def _check(response, expected) -> None:
    statuses = set(MANIFEST.objects(expected, MF.expectedStatus))
    if HTS.StatusCode4xx in statuses:
        assert 400 <= response.status_code < 500, response.text
        assert "Traceback" not in response.text
        return
    assert response.status_code < 400, response.text
    media = response.headers["content-type"].split(";")[0]
    shape = str(MANIFEST.value(expected, MF.expectedFormat) or "")
    if shape == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
    elif shape == "tabular":
        assert media in TABULAR
    elif shape == "RDF":
        assert media in GRAPHS
        Graph().parse(data=response.content, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                                    "application/n-triples": "nt"}.get(media, "turtle"))
    boolean = MANIFEST.value(expected, MF.expectedBoolean)
    if boolean is not None:
        if media == "application/sparql-results+json":
            assert json.loads(response.content)["boolean"] is boolean.toPython()
        else:
            assert f"<boolean>{str(boolean).lower()}</boolean>" in response.text


@pytest.mark.parametrize("entry", [e for e in _entries() if not _name(e).startswith("update_")], ids=_name)
def test_protocol(endpoint, entry):
    for request in _requests(entry):
        response, expected = _send(endpoint, request)
        _check(response, expected)


@pytest.mark.parametrize("entry", [e for e in _entries() if _name(e).startswith("update_")], ids=_name)
def test_updates_are_refused_as_read_only(endpoint, entry):
    response, _ = _send(endpoint, _requests(entry)[0])  # the update; what follows would check its effect
    assert response.status_code == 403
    assert "read-only" in response.text
