"""Every saved query is plain SPARQL 1.1: run unchanged by rdflib over the export, it gives the CLI's rows.

The defaults of a query's parameters are written in its text (``COALESCE(?maxAge, 4)``), so another
engine needs nothing from the ``#+`` header; the header only documents them, and a test checks that
what it says is what the text does. Rows are compared as multisets, numbers by value.
"""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Dataset, Literal, Variable

from enfance_kg import KnowledgeGraph, saved_queries
from tests.conftest import export_nquads
from tests.queries.test_saved_query_goldens import example_params

# rdflib 7.6 warns about its own deprecated Dataset internals while it parses and queries
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.* is deprecated:DeprecationWarning")

SELECTS = [name for name in saved_queries.names() if saved_queries.get(name).form == "SELECT"]


def _cell(term):
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)).normalize())
        return ("literal", str(term), term.language, term.datatype)
    return term


@pytest.fixture(scope="module")
def engines(seed_store):
    """The seed store as pyoxigraph serves it, and its N-Quads export loaded into rdflib."""
    dataset = Dataset(default_union=True)
    dataset.parse(io.BytesIO(export_nquads(seed_store)), format="nquads")
    return KnowledgeGraph.open(seed_store), dataset


def _rows(engines, name: str, params: dict[str, str]) -> tuple[Counter, Counter]:
    kg, dataset = engines
    query = saved_queries.get(name)
    ours = kg.query(name, **params)
    bindings = {Variable(k): v for k, v in query.bind(params).items()}
    theirs = dataset.query(query.text, initBindings=bindings)
    ours_rows = Counter(tuple(_cell(t) for t in row) for row in ours.terms)
    theirs_rows = Counter(tuple(_cell(row[c]) for c in ours.columns) for row in theirs)
    return ours_rows, theirs_rows


@pytest.mark.parametrize("name", SELECTS)
def test_rdflib_gives_the_cli_rows_with_the_default_parameters(engines, name):
    ours, theirs = _rows(engines, name, {})
    assert ours == theirs
    if name in ("documents", "fundings", "actions", "health-checks-3-4", "people", "signatures"):
        assert ours, f"{name} has no row on the seeds: the comparison proves nothing"


@pytest.mark.parametrize("name", [n for n in SELECTS if example_params(saved_queries.get(n))])
def test_rdflib_gives_the_cli_rows_with_the_example_parameters(engines, name):
    ours, theirs = _rows(engines, name, example_params(saved_queries.get(name)))
    assert ours == theirs


DEFAULTED = [(q.name, p.name) for q in saved_queries.catalogue().values() for p in q.params.values()
             if p.default is not None]


@pytest.mark.parametrize(("name", "param"), DEFAULTED)
def test_the_header_default_is_the_default_the_text_applies(engines, name, param):
    query = saved_queries.get(name)
    echoed = query.params[param].variable  # the column echoing the parameter, empty when not given
    kg, _ = engines
    implicit, explicit = kg.query(name), kg.query(name, **{param: query.params[param].default})
    keep = [i for i, c in enumerate(implicit.columns) if c != echoed]
    assert Counter(tuple(r[i] for i in keep) for r in implicit.terms) == \
        Counter(tuple(r[i] for i in keep) for r in explicit.terms)
    assert DEFAULTED, "no saved query has a default"


def test_an_undated_document_does_not_hide_the_dates_of_the_others(engines):
    kg, _ = engines
    rows = {(r["name"], r["role"]): (r["documents"], r["firstSaid"]) for r in kg.query("person-posts")}
    # the 92 president is named by two documents, only one of which is dated
    documents, first = rows[("Georges Siffredi", "Président du Département des Hauts-de-Seine")]
    assert documents == 2 and str(first) == "2022-03-14"


@pytest.mark.parametrize("name", [n for n in saved_queries.names() if saved_queries.get(n).form != "SELECT"])
def test_rdflib_builds_the_cli_graph(engines, name):
    kg, dataset = engines
    query = saved_queries.get(name)
    params = example_params(query)
    ours = kg.query(name, **params)
    theirs = dataset.query(query.text, initBindings={Variable(k): v for k, v in query.bind(params).items()})
    assert set(ours) == set(theirs.graph) and len(set(ours)) > 5
