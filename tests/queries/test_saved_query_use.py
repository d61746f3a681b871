"""Saved queries in use: what they answer on the fixture, the CLI, injection attempts, the Python API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from enfance_kg import KnowledgeGraph, saved_queries
from enfance_kg.errors import QueryError

INJECTIONS = ['77" } UNION { ?s ?p ?o } #', "77> } UNION { ?s ?p ?o } #", "x' || true || '", "}{"]


def _cli(*args: str):
    from enfance_kg.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_health_checks_find_both_departements_from_type_or_stated_ages(mini_store):
    rows = KnowledgeGraph.open(mini_store).query("health-checks-3-4")
    assert sorted((r["code"], r["name"]) for r in rows) == [("77", "Seine-et-Marne"), ("92", "Hauts-de-Seine")]
    # 77 states no ages: the type's typical audience (3-4) answers; the 18-21 action never does
    assert not KnowledgeGraph.open(mini_store).query("health-checks-3-4", min_age=18, max_age=21)


def test_optional_parameters_filter_when_given_and_not_otherwise(mini_store):
    kg = KnowledgeGraph.open(mini_store)
    everything = kg.query("fundings")
    assert len(everything) == 5
    only_92 = kg.query("fundings", department="92")
    assert {r["recipientCode"] for r in only_92} == {"92"} and len(only_92) == 3
    assert [r["amount"] for r in kg.query("fundings", department="92", funder_kind="department")] == [200000000]
    national = [r for r in everything if r["national"]]
    assert [(r["recipientCode"], r["funderKind"]) for r in national] == [(None, "state")]


def test_actions_give_one_row_per_capacity(mini_store):
    rows = KnowledgeGraph.open(mini_store).query("actions", department="92")
    places = sorted((r["label"], r["places"]) for r in rows if r["places"] is not None)
    assert places == [("Structure inédite socio-éducative", 25), ("Structure inédite socio-éducative", 40)]
    assert len({r["action"] for r in rows}) == 3


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize(
    ("name", "param"),
    [(q.name, p.name) for q in saved_queries.catalogue().values() for p in q.params.values()],
)
def test_an_injection_attempt_adds_no_rows(mini_graph, name, param, value):
    """A hostile value is either refused as the wrong type or matched as a plain value (nothing)."""
    kg = mini_graph
    try:
        result = kg.query(name, **{param: value})
    except QueryError as err:
        assert f"parameter {param!r}" in str(err)
        return
    assert len(result) == 0


def test_cli_query_writes_csv_for_score_py(mini_store):
    result = _cli("query", "health-checks-3-4", "--store", str(mini_store), "--format", "csv")
    assert result.exit_code == 0
    rows = _csv(result.output)
    assert {"code", "name", "action", "label", "document"} <= set(rows[0])
    assert sorted(r["code"] for r in rows) == ["77", "92"]


def test_cli_query_in_memory_gives_the_same_answer(mini_store):
    args = ["query", "fundings", "--store", str(mini_store), "--format", "csv", "--param", "department=92"]
    on_disk, in_memory = _cli(*args), _cli(*args, "--in-memory")
    assert in_memory.exit_code == 0 and in_memory.output == on_disk.output and len(_csv(on_disk.output)) == 3


def test_the_python_api_answers_the_same_from_memory_and_disk(mini_store):
    rows = {mode: KnowledgeGraph.open(mini_store, in_memory=mode).query("actions").terms for mode in (True, False)}
    assert rows[True] == rows[False] and rows[True]


def test_cli_formats(mini_store):
    out = _cli("query", "signatures", "-p", "kind=contract", "--store", str(mini_store), "--format", "json").output
    assert [b["code"]["value"] for b in json.loads(out)["results"]["bindings"]] == ["77", "2A"]
    table = _cli("query", "document-departments", "--store", str(mini_store), "--format", "table").output
    assert table.splitlines()[0].split()[:3] == ["document", "code", "name"] and "(4 rows)" in table
    tsv = _cli("query", "documents", "--store", str(mini_store), "--format", "tsv").output
    assert tsv.splitlines()[0].startswith("?document\t?file")
    turtle = _cli("query", "describe", "-p", "iri=https://w3id.org/enfance-kg/id/departement/77",
                  "--store", str(mini_store), "--format", "turtle").output
    assert "Seine-et-Marne" in turtle


def test_cli_runs_sparql_text_files_and_stdin(mini_store, tmp_path):
    text = "SELECT ?code WHERE { ?d igeo:codeINSEE ?code } ORDER BY ?code"
    assert _csv(_cli("query", "--sparql", text, "--store", str(mini_store)).output)[0]["code"] == "11"
    path = tmp_path / "codes.rq"
    path.write_text(text, encoding="utf-8")
    assert len(_csv(_cli("query", str(path), "--store", str(mini_store)).output)) == 4
    from enfance_kg.cli import main

    piped = CliRunner().invoke(main, ["query", "-", "--store", str(mini_store)], input=text)
    assert piped.exit_code == 0 and len(_csv(piped.output)) == 4


CODES = "SELECT ?d ?code WHERE { ?d igeo:codeINSEE ?code }"


@pytest.mark.parametrize(
    ("param", "rows"),
    [
        ("code=77", 1),  # typed as the graph types igeo:codeINSEE: xsd:token
        ("code=2A", 1),
        ("code:departement-code=2a", 1),  # typed by hand, and normalised by the type
        ("code:string=77", 0),  # a plain string is not the token the graph holds
        ("d=https://w3id.org/enfance-kg/id/departement/92", 1),  # an IRI, as the graph has there
    ],
)
def test_cli_binds_ad_hoc_sparql_with_the_graph_datatypes(mini_store, param, rows):
    result = _cli("query", "--sparql", CODES, "--param", param, "--store", str(mini_store))
    assert len(_csv(result.output)) == rows


def test_cli_binds_a_headerless_file_and_reads_what_values_look_like(mini_store, tmp_path):
    path = tmp_path / "ages.rq"
    path.write_text("SELECT ?a ?min WHERE { ?a schema:suggestedMinAge ?age FILTER(?age >= ?min) }", encoding="utf-8")
    assert len(_csv(_cli("query", str(path), "-p", "min=18", "--store", str(mini_store)).output)) == 1
    assert len(_csv(_cli("query", str(path), "-p", "min=3", "--store", str(mini_store)).output)) == 3


def test_cli_repeats_a_list_parameter(mini_store):
    rows = _csv(_cli("query", "fundings", "-p", "department=77", "-p", "department=92",
                     "--store", str(mini_store)).output)
    assert sorted({r["recipientCode"] for r in rows}) == ["77", "92"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "fundings", "-p", "funder_kind=state", "-p", "funder_kind=ars"],
         "funder_kind is given 2 times (state, ars); funder_kind is not a list parameter"),
        (["query", "--sparql", CODES, "-p", "code=77", "-p", "code=92"], "is not a parameter of a saved query"),
        (["query", "--sparql", CODES, "-p", "code:colour=77"], "unknown type 'colour'"),
        (["query", "--sparql", CODES, "-p", "nope=1"], "bind only variables the SELECT projects"),
        (["query", "--sparql", "SELECT ?d ?r WHERE { ?d igeo:subdivisionDirecteDe ?r }", "-p", "r=Paris"],
         "?r is compared with IRIs in the graph; 'Paris' is not an absolute IRI"),
        (["query", "fundings", "-p", "department:string=77"], "declares department a departement-code"),
        (["query", "fundng"], "did you mean fundings"),
        (["query", "fundings", "-p", "department=Paris"], "not a département code"),
        (["query", "fundings", "-p", "departement=77"], "no parameter"),
        (["query", "fundings", "-p", "department"], "NAME=VALUE"),
        (["query", "--sparql", "SELECT WHERE {"], "syntax"),
        (["query", "describe", "-p", "iri=urn:x", "--format", "csv"], "returns a graph"),
    ],
)
def test_cli_errors_exit_2_with_a_message(mini_store, args, message):
    from enfance_kg.cli import main

    result = CliRunner().invoke(main, [*args, "--store", str(mini_store)])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_lists_the_catalogue_by_tag():
    out = _cli("queries").output
    assert all(name in out for name in saved_queries.names())
    contract = _cli("queries", "--tag", "contract", "--names").output.split()
    assert sorted(contract) == sorted(
        ["documents", "document-departments", "fundings", "signatures", "people", "actions", "health-checks-3-4"]
    )


def test_rows_to_pandas(mini_store):
    pandas = pytest.importorskip("pandas")
    frame = KnowledgeGraph.open(mini_store).query("totals-by-department").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert frame["totalAsWritten"].dtype == "float64"
    assert frame.groupby("code")["totalAsWritten"].sum().to_dict() == {"77": 1200000.0, "92": 210135000.0}


def test_rows_behave_like_a_list(mini_store, tmp_path):
    rows = KnowledgeGraph.open(mini_store).query("document-departments")
    assert len(rows) == 4 and rows[0]["code"] == "77" and len(rows[1:]) == 3
    assert rows.column("code") == ["77", "92", "2A", "92"]
    path = tmp_path / "deps.csv"
    rows.to_csv(path)
    assert _csv(path.read_text(encoding="utf-8"))[2]["name"] == "Corse-du-Sud"
    with pytest.raises(KeyError, match="columns"):
        rows.column("nope")


def test_sparql_binds_keyword_values(mini_store):
    kg = KnowledgeGraph.open(mini_store)
    text = "SELECT ?d ?code WHERE { ?d igeo:codeINSEE ?code }"
    # the value takes the datatype the graph uses for igeo:codeINSEE (xsd:token), whatever Python type it has
    assert [r["d"] for r in kg.sparql(text, code="77")] == ["https://w3id.org/enfance-kg/id/departement/77"]
    assert len(kg.sparql(text, code=77)) == 1
    assert len(kg.sparql(text, code="2A")) == 1
    from rdflib import Literal

    from enfance_kg.namespaces import XSD

    assert len(kg.sparql(text, code=Literal("77", datatype=XSD.token))) == 1
    assert len(kg.sparql(text, code=Literal("77"))) == 0  # an rdflib term is bound as it is


def test_sparql_refuses_to_bind_a_variable_it_does_not_project(mini_store):
    with pytest.raises(QueryError, match=r"add \?code to the SELECT"):
        KnowledgeGraph.open(mini_store).sparql("SELECT ?d WHERE { ?d igeo:codeINSEE ?code }", code="77")


def test_pandas_missing_gives_a_clear_error(mini_store, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"enfance-kg\[pandas\]"):
        KnowledgeGraph.open(mini_store).query("documents").to_pandas()
