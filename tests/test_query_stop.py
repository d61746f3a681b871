"""`enfance-kg query` can be stopped: a time limit and Ctrl-C end it at once, and its messages say why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from enfance_kg import store
from enfance_kg.cli import main

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
CLI = Path(sys.executable).parent / "enfance-kg"


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stop") / "store"
    with store.new_build(folder) as s:
        store.add_quads(s, [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i), URIRef("urn:g")) for i in range(60)])
    return folder


def _query(folder, *args, env=None):
    return CliRunner().invoke(main, ["query", "--store", str(folder), *args], env=env)


def test_the_time_limit_stops_a_query_with_exit_2(small_store):
    started = time.monotonic()
    result = _query(small_store, "--sparql", ENDLESS, "--timeout", "1")
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert "time limit of 1 s" in result.output
    assert "Traceback" not in result.output


def test_the_default_limit_comes_from_the_settings(small_store):
    result = _query(small_store, "--sparql", ENDLESS, env={"ENFANCE_KG_QUERY_TIMEOUT": "0.5"})
    assert result.exit_code == 2 and "time limit of 0.5 s" in result.output


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "enfance-kg query is read-only: INSERT (line 1, column 1)"),
        ("SELECT * WHERE {\n  ?s a foo:Bar }", "unknown prefix 'foo:' at line 2, column 8"),
        ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE (line 1, column 12) is refused"),
        ("SELECT * FROM <http://example.org/g> { ?s ?p ?o }", "FROM <http://example.org/g> (line 1, column 15)"),
        ("SELECT * WHERE { ?s ?p ?o ", "SPARQL syntax error at line 1, column 27"),
    ],
)
def test_refused_queries_get_one_line_and_exit_2(small_store, sparql, message):
    result = _query(small_store, "--sparql", sparql)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_ctrl_c_ends_a_running_query_at_once(small_store):
    # a terminal sends SIGINT to the whole foreground process group: so does this test
    process = subprocess.Popen([str(CLI), "query", "--store", str(small_store), "--sparql", ENDLESS],
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        while not children.read_text().strip() and time.monotonic() < deadline:  # the worker has started
            time.sleep(0.05)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130
    assert err.decode().strip() == "interrupted: the query was stopped"
    with pytest.raises(ProcessLookupError):  # nothing of the query is left running
        os.killpg(process.pid, 0)
