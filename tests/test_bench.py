"""The benchmark code keeps working: the generator and one tiny measure of each kind, then the results page.

``python -m bench`` itself never runs in the suite (it takes minutes); this drives the same functions on
two generated documents and the seed store, for a second or so each, and checks that every figure the
tables need is there and that nothing failed. It asserts no time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # the bench modules import each other by name, as scripts do

import bench_queries  # noqa: E402
import bench_report  # noqa: E402
import bench_serve  # noqa: E402
import make_corpus  # noqa: E402
import measures  # noqa: E402

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/sparql
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.10ms    3.01ms  63.27ms   91.20%
  Latency Distribution
     50%    6.53ms
     75%    7.80ms
     90%    9.10ms
     99%    1.02s
  10023 requests in 5.00s, 9.45MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2004.60
Transfer/sec:      1.89MB
"""


def test_wrk_output_is_read_with_its_units_and_every_kind_of_error() -> None:
    assert bench_serve.parse_wrk(WRK_OUTPUT) == {"rps": 2004.6, "requests": 10023, "p50_ms": 6.53, "p99_ms": 1020.0,
                                                 "errors": 7}


@pytest.mark.slow
def test_one_tiny_measure_of_each_kind_and_the_page(tmp_path: Path, seed_store: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    make_corpus.make_corpus(corpus, 2)
    build = measures.build(corpus, runs=1, workers_tried=(1,))
    one = build["workers"]["1"]
    assert (one["failures"], build["documents"]) == (0, 2) and one["quads"] > 0 and one["stages"]["extract"] > 0
    assert build["peer_nlp_pipe"]["seconds"] > 0 and build["peer_oxigraph_load"]["seconds"] > 0

    queries = measures.queries(seed_store, runs=1, only=["documents"])
    documents = queries["queries"]["documents"]
    assert documents["rows"] == 5 and documents["same_rows"] and documents["ratio"] > 0
    # the interleaved growth, here between two copies of one scale (the same store opened twice)
    found = bench_queries.interleaved_growth([(5, seed_store), (5, seed_store)],
                                             argparse.Namespace(repeat=1, only=["documents"]))
    grew = found["queries"]["documents"]
    assert grew["rows"] == [5, 5] and len(grew["cpu_s"]) == 2 and set(grew["growth"][0]) == {"over_data", "over_output"}

    validation = measures.validation(seed_store, runs=1, docs=5, peers=False)
    assert validation["ours"]["triples"] > 0 and validation["ours"]["doc"] > 0

    # the peer through wrk where the machine has it, ours and the load test through the fallback a machine without
    # wrk uses (CI installs no wrk; its clients start within the second, which a shorter time did not always leave
    # them on a loaded machine): both ways measured, and ours is not driven as hard as wrk drives it
    serving = bench_serve.serving(seed_store, seconds=1, connections=2, servers=("oxigraph",))
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "wrk" else which(name))
    ours = bench_serve.serving(seed_store, seconds=1, connections=2, servers=("cached",))
    load = bench_serve.load(seed_store, seconds=1, connections=4)
    monkeypatch.undo()
    for name, servers in ours["targets"].items():
        serving["targets"].setdefault(name, {}).update(servers)
    serving["memory"].update(ours["memory"])
    measured = [m for servers in serving["targets"].values() for m in servers.values()]
    assert len(measured) == 7 and all(m["errors"] == 0 and m["requests"] > 0 for m in measured)
    assert all(m["idle_mib"] > 0 for m in serving["memory"].values())
    assert load["errors"] == 0 and load["requests"] > 0 and load["rss_mib"]

    machine = {"date": "today", "platform": "here", "python": "3", "cores": 2, "load_average": [1.0]}
    scale = {"machine": machine, "docs": 2, "build": build, "queries": queries, "serving": serving, "load": load,
             "validation": validation}
    bigger = {**scale, "queries": {**queries, "quads": queries["quads"] * 2}}
    page = bench_report.render({"scales": {"small": scale, "medium": bigger}})
    for title in ("## Build", "## Saved queries", "## Serving", "## Load", "## Validation", "## Memory", "## Growth"):
        assert title in page
