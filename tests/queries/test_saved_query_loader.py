"""The #+ header loader: it reads every saved query, and fails loudly (file and line) on bad ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from enfance_kg import saved_queries
from enfance_kg.errors import QueryError
from enfance_kg.namespaces import XSD
from enfance_kg.saved_queries import Param, parse_query, projected_variables

CONTRACT = {
    "documents": ["document", "file", "title", "published", "publisher"],
    "document-departments": ["document", "code", "name"],
    "fundings": ["document", "funder", "funderKind", "recipientCode", "amount", "period", "perYear", "quote"],
    "signatures": ["document", "date", "kind", "code"],
    "people": ["document", "name", "role", "organization"],
    "actions": ["document", "action", "code", "label", "axis", "ageMin", "ageMax", "places", "quote"],
    "health-checks-3-4": ["code", "name", "action", "label", "document"],
}

GOOD_HEADER = """#+ summary: {fr: Un résumé, en: A summary}
#+ params:
#+   department:
#+     type: departement-code
SELECT ?x ?department WHERE { ?x ?p ?department }
"""


def test_the_catalogue_holds_the_contract_and_at_least_22_queries():
    names = saved_queries.names()
    assert len(names) >= 22
    assert set(CONTRACT) <= set(names)


@pytest.mark.parametrize("name", saved_queries.names())
def test_every_query_is_documented_in_french_and_english(name):
    query = saved_queries.get(name)
    for field in (query.summary, query.description):
        assert field.get("fr") and field.get("en"), f"{name}: summary and description need fr and en"
    assert query.tags, f"{name} has no tags"
    assert query.example.startswith(f"enfance-kg query {name}"), f"{name}: the example should call it"
    for param in query.params.values():
        assert param.description.get("fr") and param.description.get("en"), f"{name}: describe {param.name}"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_queries_project_the_contract_columns(name):
    form, projected = projected_variables(saved_queries.get(name).text)
    assert form == "SELECT"
    assert [c for c in CONTRACT[name] if c not in projected] == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\n#+ summary: {fr: a, en: b}\n#+ tags: [x\nSELECT ?x WHERE { ?x ?p ?o }\n", 3, "bad #+ header"),
        ("#+ summary: {fr: a, en: b}\n#+ params:\n#+   n:\n#+     type: number\nSELECT ?n WHERE { ?s ?p ?n }\n",
         4, "unknown type 'number'"),
        ("#+ summary: {fr: a, en: b}\n#+ params:\n#+   n: {type: integer}\n\nSELECT ?s WHERE { ?s ?p ?n }\n",
         5, "?n is not projected"),
        ("#+ summary: {fr: a, en: b}\n#+ params:\n#+   k: {type: enum}\nSELECT ?k WHERE { ?s ?p ?k }\n",
         3, "an enum needs its values"),
        ("#+ summary: {fr: a, en: b}\n#+ colour: blue\nSELECT ?s WHERE { ?s ?p ?o }\n", 2, "unknown header key"),
        ("#+ tags: [x]\nSELECT ?s WHERE { ?s ?p ?o }\n", 1, "needs a summary"),
        ("#+ summary: {fr: a, en: b}\n#+ params:\n#+   n: {type: integer, default: many}\n"
         "SELECT ?n WHERE { ?s ?p ?n }\n", 3, "bad default"),
        ("#+ summary: {fr: a, en: b}\n#+ params:\n#+   my-param: {type: string}\nSELECT ?s WHERE { ?s ?p ?o }\n",
         3, "not a SPARQL variable name"),
    ],
)
def test_a_bad_file_is_reported_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        saved_queries.from_file(path)
    assert f"{path}:{line}:" in str(caught.value)
    assert message in str(caught.value)


def test_projection_is_read_from_the_outer_select_only():
    query = parse_query(GOOD_HEADER, name="ok")
    assert query.params["department"].variable == "department"
    form, names = projected_variables(
        "SELECT ?a (SUM(?x) AS ?total) WHERE { { SELECT ?a ?x WHERE { ?a ?p ?x } } } GROUP BY ?a"
    )
    assert (form, names) == ("SELECT", ["a", "total"])
    assert projected_variables("SELECT * WHERE { ?s ?p ?o }") == ("SELECT", None)
    # a variable named in a string or comment is not projected
    assert projected_variables('SELECT ?a # ?b\n("?c" AS ?d) WHERE { ?a ?p ?o }') == ("SELECT", ["a", "d"])


@pytest.mark.parametrize(
    ("kind", "given", "term"),
    [
        ("departement-code", "77", Literal("77", datatype=XSD.token)),
        ("departement-code", "2a", Literal("2A", datatype=XSD.token)),
        ("departement-code", "974", Literal("974", datatype=XSD.token)),
        ("departement-code", "1", Literal("01", datatype=XSD.token)),
        ("string", 'say "hi" } UNION { ?s ?p ?o } <x>', Literal('say "hi" } UNION { ?s ?p ?o } <x>')),
        ("integer", "-12", Literal(-12)),
        ("decimal", "3.5", Literal(Decimal("3.5"))),
        ("decimal", 4, Literal(Decimal("4"))),
        ("date", "2022-03-14", Literal("2022-03-14", datatype=XSD.date)),
        ("date", dt.date(2022, 3, 14), Literal("2022-03-14", datatype=XSD.date)),
        ("year", "2022", Literal("2022", datatype=XSD.gYear)),
        ("iri", "https://w3id.org/enfance-kg/id/org/state", URIRef("https://w3id.org/enfance-kg/id/org/state")),
        ("boolean", "oui", Literal(True)),
        ("boolean", False, Literal(False)),
        ("enum", "state", Literal("state")),
    ],
)
def test_values_become_typed_terms(kind, given, term):
    param = Param(name="p", type=kind, variable="p", values=("state", "ars"))
    assert param.to_term(given) == term


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        ("departement-code", "20"),
        ("departement-code", "77 OR 1=1"),
        ("departement-code", '77" } UNION { ?s ?p ?o } #'),
        ("integer", "3.5"),
        ("integer", "3; DROP"),
        ("decimal", "1e400x"),
        ("date", "14/03/2022"),
        ("year", "22"),
        ("iri", "https://x.org/a> } UNION { ?s ?p ?o"),
        ("iri", "not an iri"),
        ("boolean", "maybe"),
        ("enum", "State"),
        ("string", ""),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_a_query_error(kind, given):
    param = Param(name="p", type=kind, variable="p", values=("state", "ars"))
    with pytest.raises(QueryError, match="parameter 'p'"):
        param.to_term(given)


def test_unknown_and_missing_parameters_are_named():
    with pytest.raises(QueryError, match=r"no parameter 'departement'.*department"):
        saved_queries.get("fundings").bind({"departement": "77"})
    with pytest.raises(QueryError, match="needs the parameter 'iri'"):
        saved_queries.get("describe").bind({})


def test_parameters_not_given_stay_unbound_for_the_text_to_default():
    # the defaults live in the query text (COALESCE(?maxAge, 4)), so another engine gives the same rows
    assert saved_queries.get("health-checks-3-4").bind({}) == {}
    assert saved_queries.get("health-checks-3-4").bind({"max_age": 6}) == {"maxAge": Literal(Decimal(6))}
    assert saved_queries.get("fundings").bind({}) == {}


@pytest.mark.parametrize(
    ("kind", "given", "term"),
    [
        ("departement-code", 92, Literal("92", datatype=XSD.token)),
        ("departement-code", 7, Literal("07", datatype=XSD.token)),
        ("departement-code", 92.0, Literal("92", datatype=XSD.token)),
        ("year", 2022, Literal("2022", datatype=XSD.gYear)),
        ("year", 2022.0, Literal("2022", datatype=XSD.gYear)),
        ("year", dt.date(2021, 5, 1), Literal("2021", datatype=XSD.gYear)),
        ("date", dt.datetime(2022, 3, 14, 10, 30), Literal("2022-03-14", datatype=XSD.date)),
        ("date", "2022-03-14T10:30:00", Literal("2022-03-14", datatype=XSD.date)),
    ],
)
def test_python_values_of_any_type_get_the_graph_datatype(kind, given, term):
    assert Param(name="p", type=kind, variable="p").to_term(given) == term


def test_a_list_parameter_takes_several_values_and_others_one():
    fundings = saved_queries.get("fundings")
    assert fundings.params["department"].list
    assert fundings.bind({"department": ["77", 92]}) == {"department": Literal("77 92")}
    assert fundings.bind({"department": "2a"}) == {"department": Literal("2A")}
    with pytest.raises(QueryError, match="'funder_kind' of fundings takes one value, got 2"):
        fundings.bind({"funder_kind": ["state", "ars"]})
    with pytest.raises(QueryError, match="is not a département code"):
        fundings.bind({"department": ["77", "20"]})


def test_a_list_of_strings_is_refused_in_a_header():
    text = "#+ summary: {fr: a, en: b}\n#+ params:\n#+   n: {type: string, list: true}\nSELECT ?n WHERE { ?s ?p ?n }\n"
    with pytest.raises(QueryError, match="a list of string values cannot be bound"):
        saved_queries.parse_query(text, name="q")


def test_an_unknown_name_suggests_the_nearest():
    with pytest.raises(QueryError, match="did you mean fundings"):
        saved_queries.get("fundng")
