"""``POST /validate``: third-party RDF checked against the shapes, the report by content negotiation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from enfance_kg.iris import Iris
from enfance_kg.namespaces import RDF, SCHEMA, SH

BASE = Path(__file__).resolve().parents[1] / "fixtures" / "shapes" / "base.ttl"
IRIS = Iris()
AMOUNT = Iris.part(IRIS.fact("funding", "fixture", "state-77"), "amount")


def _turtle(dollars: bool = False) -> bytes:
    graph = Graph().parse(BASE, format="turtle")
    if dollars:
        graph.set((AMOUNT, SCHEMA.currency, Literal("USD")))
    return graph.serialize(format="turtle").encode("utf-8")


def post(client, body: bytes, content_type: str = "text/turtle", accept: str = "application/json", **params):
    return client.post("/validate", content=body, params=params,
                       headers={"Content-Type": content_type, "Accept": accept})


def test_conforming_turtle(client):
    answer = post(client, _turtle())
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert json.loads(answer.text)["conforms"] is True


def test_a_violation_reported_as_json_turtle_and_html(client):
    body = _turtle(dollars=True)
    report = json.loads(post(client, body, lang="en").text)
    assert report["conforms"] is False
    [group] = report["documents"]
    [item] = group["results"]
    assert item["focusNode"] == str(AMOUNT) and item["value"] == "USD"
    assert item["message"].startswith("An amount is in euros") and item["quote"].startswith("L'État apporte")
    turtle = post(client, body, accept="text/turtle")
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    [node] = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    html = post(client, body, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert html.headers["content-type"].startswith("text/html")
    assert "Un montant est en euros" in html.text and "<mark>" in html.text
    assert post(client, body, format="turtle").headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/n-triples", b'<urn:a> <urn:b> "c" .\n'),
    ("application/trig", b'<urn:g> { <urn:a> <urn:b> "c" . }\n'),
    ("application/n-quads", b'<urn:a> <urn:b> "c" <urn:g> .\n'),
    ("application/ld+json", b'{"@id": "urn:a", "urn:b": "c"}'),
])
def test_every_syntax_is_read(client, content_type, body):
    answer = post(client, body, content_type=content_type)
    assert answer.status_code == 200, answer.text
    assert json.loads(answer.text)["conforms"] is True


def test_owl_imports_is_refused(client):
    body = b"<urn:x> <http://www.w3.org/2002/07/owl#imports> <https://example.org/ontology.ttl> .\n"
    answer = post(client, body)
    assert answer.status_code == 403
    assert "owl:imports is refused" in answer.text


def test_a_remote_jsonld_context_is_not_fetched(client):
    answer = post(client, b'{"@context": "https://example.org/context.jsonld", "@id": "urn:a"}',
                  content_type="application/ld+json")
    assert answer.status_code == 400
    assert "remote context" in answer.text


def test_a_syntax_error_gives_its_line(client):
    answer = post(client, b'@prefix ex: <urn:ex:> .\nex:a ex:b ex:c .\nex:a ex:b "unclosed .\n')
    assert answer.status_code == 400
    problem = json.loads(answer.text)
    assert problem["line"] == 3 and "line 3" in problem["detail"]


def test_too_large_and_unknown_syntax(client):
    too_big = b"<urn:a> <urn:b> \"" + b"x" * (70 * 1024) + b"\" .\n"
    assert post(client, too_big).status_code == 413
    assert post(client, b"a,b", content_type="text/csv").status_code == 415
