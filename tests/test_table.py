"""The ``table`` output fits the terminal: every saved query of the catalogue is drawn at 80 and 100
columns on the seed store, with no line wider than the terminal, every number whole on one line, and
IRIs written with the project's prefixes."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from enfance_kg import saved_queries
from enfance_kg import store as kg_store
from enfance_kg.cli import main
from enfance_kg.commands.table import THOUSANDS, compact_iri, cut_middle, group_thousands, render_rows
from enfance_kg.namespaces import XSD

SELECTS = sorted(name for name, q in saved_queries.catalogue().items() if q.form == "SELECT")


@pytest.fixture(scope="module")
def results(seed_store):
    handle = kg_store.open_store(seed_store)
    found = {}
    for name in SELECTS:
        saved = saved_queries.catalogue()[name]
        answer = kg_store.run_query(handle, saved.text, substitutions=saved.bind({}))
        columns = kg_store.result_variables(answer)
        found[name] = (columns, kg_store.result_rows(answer, columns))
    return found


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("name", SELECTS)
def test_every_saved_query_fits_the_terminal(results, name, width):
    columns, rows = results[name]
    text = render_rows(columns, rows, width=width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert lines[-1].startswith(f"({len(rows)} row")
    for row in rows:
        for value in row:
            if isinstance(value, Literal) and value.datatype in (XSD.integer, XSD.decimal):
                assert any(group_thousands(str(value)) in line for line in lines), value  # never split
            if isinstance(value, URIRef) and str(value).startswith("https://w3id.org/enfance-kg/id/"):
                short = compact_iri(str(value))
                assert any(short in line or ("…" in line and short[:3] in line) for line in lines), short


def test_the_terminal_width_is_taken_from_the_terminal(seed_store):
    for width in (80, 100):
        result = CliRunner(env={"COLUMNS": str(width)}).invoke(
            main, ["query", "fundings", "--store", str(seed_store), "--format", "table"])
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= width
        assert f"80{THOUSANDS}000{THOUSANDS}000" in result.stdout and "id:document/" in result.stdout


def test_the_table_holds_the_same_rows_as_the_csv(seed_store):
    runner = CliRunner(env={"COLUMNS": "500"})  # room for every cell whole
    table = runner.invoke(main, ["query", "health-checks-3-4", "--store", str(seed_store), "-f", "table"]).stdout
    rows = list(csv.DictReader(io.StringIO(
        runner.invoke(main, ["query", "health-checks-3-4", "--store", str(seed_store), "-f", "csv"]).stdout)))
    assert table.splitlines()[-1].startswith(f"({len(rows)} rows")
    for row in rows:
        assert compact_iri(row["action"]) in table and row["code"] in table


def test_iris_numbers_and_text():
    assert compact_iri("https://w3id.org/enfance-kg/id/departement/77") == "id:departement/77"
    assert compact_iri("https://w3id.org/enfance-kg/ontology#Action") == "ekg:Action"
    assert compact_iri("http://example.org/x") == "http://example.org/x"
    assert cut_middle("id:document/000_67610ef93a0db9a1", 24) == "id:document/…ef93a0db9a1"
    assert len(cut_middle("x" * 300, 30)) == 30
    assert group_thousands("12500000.50") == f"12{THOUSANDS}500{THOUSANDS}000.50"
    assert group_thousands("-1234") == f"-1{THOUSANDS}234" and group_thousands("2020-2022") == "2020-2022"
    text = render_rows(["quote"], [["mot " * 100]], width=40)
    assert all(len(line) <= 40 for line in text.splitlines()) and text.count("mot") == 100


def test_rows_too_wide_become_records():
    names = [f"column{i}" for i in range(12)]
    text = render_rows(names, [[f"value {i}" for i in range(12)], [None] * 11 + ["x"]], width=80)
    assert "─[ 1 ]" in text and "─[ 2 ]" in text
    assert re.search(r"^column11\s+x$", text, re.M)
    assert all(len(line) <= 80 for line in text.splitlines())


def test_empty_columns_are_named_below_the_table():
    text = render_rows(["code", "unused"], [["77", None], ["92", None]], width=80)
    assert "unused" not in text.splitlines()[0] and text.endswith("(2 rows; empty in every row: unused)")
