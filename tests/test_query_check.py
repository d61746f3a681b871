"""The query-text checker: what it refuses, and where it says the problem is."""

from __future__ import annotations

import pytest

from enfance_kg.errors import QueryRefused, QuerySyntaxError
from enfance_kg.query_check import check_query

OURS = "https://w3id.org/enfance-kg/"


def _ours(iri: str) -> bool:
    return iri.startswith(OURS)


@pytest.mark.parametrize(
    ("text", "error", "message", "line", "column"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", QueryRefused, "read-only: INSERT", 1, 1),
        ("PREFIX ex: <http://e/>\n\nDELETE WHERE { ?s ?p ?o }", QueryRefused, "read-only: DELETE", 3, 1),
        ("LOAD <http://example.org/data.ttl>", QueryRefused, "read-only: LOAD", 1, 1),
        ("clear all", QueryRefused, "read-only: CLEAR", 1, 1),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", QueryRefused, "read-only: WITH", 1, 1),
        ("SELECT * {\n  SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }", QueryRefused, "SERVICE", 2, 3),
        ("SELECT * { service silent <http://x/> { ?s ?p ?o } }", QueryRefused, "SERVICE", 1, 12),
        ("SELECT * FROM <http://example.org/g> { ?s ?p ?o }", QueryRefused, "FROM <http://example.org/g>", 1, 15),
        ("PREFIX e: <http://e/>\nSELECT * FROM NAMED e:g { GRAPH ?g { ?s ?p ?o } }", QueryRefused,
         "FROM NAMED <http://e/g>", 2, 21),
        ("SELECT * WHERE {\n  ?s a foo:Bar }", QuerySyntaxError, "unknown prefix 'foo:'", 2, 8),
        ("SELECT * WHERE { ?s :p ?o }", QuerySyntaxError, "unknown prefix ':'", 1, 21),
        ("HELLO { }", QuerySyntaxError, "expected a query", 1, 1),
        ("", QuerySyntaxError, "found nothing", 1, 1),
    ],
)
def test_refusals_name_the_problem_and_its_place(text, error, message, line, column):
    with pytest.raises(error, match=message) as caught:
        check_query(text, graph_allowed=_ours)
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",  # a keyword inside a string
        'SELECT * WHERE { ?s ?p """INSERT DATA\n{ }""" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> in a comment",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ?o . ?s ex:from ex:load }",  # local names
        "SELECT ?service WHERE { ?service ekg:insert ?delete }",  # variables and predeclared prefixes
        "SELECT * WHERE { ?s schema:amount/schema:value ?v FILTER(?v < 3 && ?v > 1) }",
        "PREFIX : <http://e/> ASK { :a :b 1.5e3, -2, .5, 'x'@fr-FR, \"y\"^^xsd:string, _:b1 }",
    ],
)
def test_ordinary_queries_pass(text):
    check_query(text, graph_allowed=_ours)


def test_from_clauses_give_the_dataset_with_prefixes_and_base_resolved():
    checked = check_query(
        "BASE <https://w3id.org/enfance-kg/>\nPREFIX g: <https://w3id.org/enfance-kg/graph/>\n"
        "SELECT * FROM g:ontology FROM <graph/reference> FROM NAMED g:x { ?s ?p ?o }",
        graph_allowed=_ours,
    )
    assert checked.form == "SELECT"
    assert checked.default_graphs == (OURS + "graph/ontology", OURS + "graph/reference")
    assert checked.named_graphs == (OURS + "graph/x",)


@pytest.mark.parametrize(("text", "form"), [("ask {}", "ASK"), ("DESCRIBE <urn:x>", "DESCRIBE"),
                                            ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT")])
def test_the_form_is_read_after_the_prologue(text, form):
    assert check_query("PREFIX ex: <http://e/>\n# a comment\n" + text).form == form


def test_the_refusal_names_who_refuses():
    with pytest.raises(QueryRefused, match=r"^enfance-kg query is read-only"):
        check_query("DROP ALL", subject="enfance-kg query")
