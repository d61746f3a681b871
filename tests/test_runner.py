"""The query runner: queries run in worker processes that the time limit and Ctrl-C really stop."""

from __future__ import annotations

import os
import threading
import time

import pytest
from rdflib import Literal, URIRef

from enfance_kg import store
from enfance_kg.errors import QueryRefused, QuerySyntaxError, QueryTimeout
from enfance_kg.runner import QueryRequest, QueryRunner, WorkerCrashed

BASE = "https://w3id.org/enfance-kg/"
G1, G2 = URIRef(BASE + "graph/one"), URIRef(BASE + "graph/two")
#: a cross product that no machine finishes: 60^6 solutions to count
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"


def _build(folder, graphs):
    with store.new_build(folder) as s:
        store.add_quads(s, [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i), graph)
                            for graph, count in graphs for i in range(count)])


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runner") / "store"
    _build(folder, [(G1, 30), (G2, 30)])
    return folder


@pytest.fixture(scope="module")
def runner(small_store):
    with QueryRunner(small_store, workers=2, timeout=20, base=BASE) as pool:
        pool.warm()
        yield pool


def _count(answer) -> int:
    return int(answer.table()[1][0][0])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_query_past_the_limit_is_killed_and_its_worker_replaced(runner):
    before = set(runner.status().pids)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        runner.run(QueryRequest(ENDLESS), timeout=1)
    assert time.monotonic() - started < 5
    killed = before - set(runner.status().pids)
    assert len(killed) == 1
    assert not _alive(killed.pop())  # the process is gone, and its memory with it
    assert _count(runner.run(QueryRequest("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))) == 60
    deadline = time.monotonic() + 10
    while runner.status().alive < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runner.status().alive == 2


def test_other_queries_are_answered_while_one_runs_long(runner):
    def endless() -> None:
        with pytest.raises(QueryTimeout):
            # 3 s of a worker's CPU: an answer held behind it would come 2.7 s after the ASK was sent, past its 2 s
            runner.run(QueryRequest(ENDLESS), timeout=3)

    stuck = threading.Thread(target=endless)
    stuck.start()
    time.sleep(0.3)
    started = time.monotonic()
    answer = runner.run(QueryRequest("ASK { ?s ?p 3 }"))
    assert time.monotonic() - started < 2
    assert answer.boolean()
    stuck.join()


def test_errors_come_back_with_their_position(runner):
    with pytest.raises(QuerySyntaxError) as caught:
        runner.run(QueryRequest("SELECT * WHERE {\n  ?s ?p ?o "))
    assert (caught.value.line, caught.value.column) == (2, 12)
    with pytest.raises(QueryRefused, match="read-only"):
        runner.run(QueryRequest("CLEAR ALL"))


def test_the_row_limit_is_stated(runner):
    answer = runner.run(QueryRequest("SELECT ?o { ?s ?p ?o } ORDER BY ?o", max_rows=25, offset=10))
    assert answer.truncated and answer.rows == 25
    assert int(answer.table()[1][0][0]) == 5  # 0..29 twice, sorted: the 11th is 5
    assert not runner.run(QueryRequest("SELECT ?o { ?s ?p ?o }", max_rows=60)).truncated


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_select_in_every_results_format(runner, fmt):
    answer = runner.run(QueryRequest("SELECT ?o { ?s ?p ?o } ORDER BY ?o LIMIT 2", format=fmt))
    assert answer.rows == 2 and b"0" in answer.data


def test_the_dataset_is_the_protocol_s_or_the_query_s(runner):
    count = "SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}"
    assert _count(runner.run(QueryRequest(count.format()))) == 60
    assert _count(runner.run(QueryRequest(count.format(), default_graph=(str(G1),)))) == 30
    assert _count(runner.run(QueryRequest(f"SELECT (COUNT(*) AS ?n) FROM <{G2}> {{ ?s ?p ?o }}"))) == 30
    # the Protocol's dataset wins over the query's FROM
    assert _count(runner.run(QueryRequest(f"SELECT (COUNT(*) AS ?n) FROM <{G2}> {{ ?s ?p ?o }}",
                                          default_graph=()))) == 0
    with pytest.raises(QueryRefused, match=r"default-graph-uri <http://example\.org/x>"):
        runner.run(QueryRequest(count.format(), default_graph=("http://example.org/x",)))


def test_a_new_build_is_picked_up_by_the_next_request(tmp_path):
    folder = tmp_path / "store"
    _build(folder, [(G1, 3)])
    with QueryRunner(folder, workers=1, timeout=20, base=BASE, start_method="fork") as pool:
        query = QueryRequest("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        assert _count(pool.run(query)) == 3
        _build(folder, [(G1, 5)])
        assert _count(pool.run(query)) == 5  # the cache is per build, so it cannot serve the old count


def test_a_worker_past_its_memory_ceiling_retires(small_store):
    with QueryRunner(small_store, workers=1, timeout=20, start_method="fork", memory_ceiling=1) as pool:
        pool.warm()
        (first,) = pool.status().pids
        assert pool.run(QueryRequest("ASK { ?s ?p 1 }")).boolean()
        deadline = time.monotonic() + 10
        while pool.status().pids in ((), (first,)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.status().pids not in ((), (first,))
        assert not _alive(first)


def test_a_worker_that_dies_is_reported_and_replaced(small_store):
    with QueryRunner(small_store, workers=1, timeout=20, start_method="fork") as pool:
        pool.run(QueryRequest("ASK {}"))
        (pid,) = pool.status().pids
        threading.Timer(0.5, os.kill, (pid, 9)).start()
        with pytest.raises(WorkerCrashed, match="exit code -9"):
            pool.run(QueryRequest(ENDLESS))
        assert pool.run(QueryRequest("ASK { ?s ?p 1 }")).boolean()


def test_workers_can_answer_from_an_in_memory_copy(tmp_path):
    folder = tmp_path / "store"
    _build(folder, [(G1, 3)])
    count = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with QueryRunner(folder, workers=1, timeout=20, base=BASE, start_method="fork", in_memory=True) as pool:
        pool.warm()  # the worker loads the current build before the first request
        assert int(pool.run(count).table()[1][0][0]) == 3
        _build(folder, [(G1, 5)])  # a new build: the next request loads it into memory
        assert int(pool.run(count).table()[1][0][0]) == 5
