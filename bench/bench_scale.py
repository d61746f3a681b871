"""From one machine to many: extraction throughput by executor, and a remote store against the embedded one.

    .venv/bin/python bench/bench_scale.py [--n 300] [--json bench/out/bench_scale.json] [--virtuoso]

Measured in one run, on one generated corpus (``bench/make_corpus.py``, cached in ``bench/out``):

1. **extraction** (read → extract → assemble, nothing written): documents per second with the local
   process pool at 1 and 2 workers, and with a Dask ``LocalCluster`` of 2 worker processes (the
   cluster's start-up is timed apart: a real cluster is already running). Each executor warms its
   workers first (the French model loads once per process), on the seeds.
2. **store**: the same quads written into the embedded store (a new build swapped in) and into
   ``oxigraph serve`` (Rust, on a loopback port) through the Graph Store Protocol, one ``PUT`` per graph;
   then every saved query, timed as the median of ``--repeat`` runs through the Python API
   (``KnowledgeGraph``: pyoxigraph in this process, against HTTP to the engine). With
   ``--virtuoso`` the same for Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``), if installed.

The ratios (remote / embedded) are what ``docs/scaling.md`` reports.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _extract(paths: list[Path], **options: Any) -> tuple[float, list[Any], Any]:
    from enfance_kg.iris import Iris
    from ingest import pipeline

    report = pipeline.BuildReport()
    started = time.perf_counter()
    done = pipeline._ingest(paths, Iris(), report, None, **options)
    return time.perf_counter() - started, done, report


def extraction(corpus: Path, results: dict[str, Any]) -> list[Any]:
    from ingest import pipeline

    paths = pipeline.list_corpus(corpus).documents
    seeds = pipeline.list_corpus(ROOT / "corpus").documents
    kept: list[Any] = []
    for workers in (1, 2):
        # a pool of 2 starts its processes (and their model) inside the run; say so
        seconds, done, _ = _extract(paths, workers=workers)
        kept = kept or done
        results[f"local, {workers} worker(s)"] = {"seconds": round(seconds, 2),
                                                  "documents_per_second": round(len(paths) / seconds, 2)}
        print(f"local {workers} worker(s): {len(paths) / seconds:6.2f} docs/s ({seconds:.1f} s)", flush=True)
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        _extract(seeds, executor="dask", scheduler=cluster.scheduler_address)  # each worker loads the model
        warm = time.perf_counter() - started
        seconds, done, _ = _extract(paths, executor="dask", scheduler=cluster.scheduler_address)
    assert [d.quads for d in done] == [d.quads for d in kept], "the Dask build differs from the local one"
    results["dask LocalCluster, 2 workers"] = {"seconds": round(seconds, 2), "start_and_warm_seconds": round(warm, 2),
                                              "documents_per_second": round(len(paths) / seconds, 2)}
    print(f"dask 2 workers:     {len(paths) / seconds:6.2f} docs/s ({seconds:.1f} s; start {warm:.1f} s)", flush=True)
    return kept


class _Engine:
    def __init__(self, command: list[str], url: str, endpoint: Any) -> None:
        import httpx

        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = endpoint
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError(f"{command[0]} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def _oxigraph(folder: Path) -> _Engine:
    from enfance_kg.backend import Endpoint
    from tests.test_remote_store import _free_port, _oxigraph

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    return _Engine([_oxigraph(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                   f"{url}/query", Endpoint(f"{url}/query", gsp=f"{url}/store"))


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
TransactionFile = {folder}/virtuoso.trx
ErrorLogFile = {folder}/virtuoso.log
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
NumberOfBuffers = 100000
MaxDirtyBuffers = 60000
DirsAllowed = ., {folder}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {folder}
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
DefaultGraph =
"""


def _virtuoso(folder: Path) -> _Engine | None:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        print("virtuoso-t not found: apt-get install virtuoso-opensource-7-bin", flush=True)
        return None
    from enfance_kg.backend import Endpoint
    from tests.test_remote_store import _free_port

    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    url = f"http://127.0.0.1:{http_port}"
    engine = _Engine([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")], f"{url}/sparql",
                     Endpoint(f"{url}/sparql", gsp=f"{url}/sparql-graph-crud-auth"))
    # the anonymous SPARQL user may read; the dba account writes through the Digest-protected Graph Store
    return engine


def _queries(open_kg: Any, repeat: int) -> tuple[dict[str, float], dict[str, str]]:
    """The median time of each saved query, and its rows as the golden test writes them (or the error)."""
    from enfance_kg import saved_queries
    from enfance_kg.errors import EnfanceKGError
    from tests.queries.test_saved_query_goldens import example_params, render

    timings, rows = {}, {}
    with open_kg() as kg:
        for name in saved_queries.names():
            try:
                rows[name] = render(kg, name, optional=False)[1]
            except EnfanceKGError as err:
                rows[name] = f"error: {err}"
                continue
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                kg.query(name, **example_params(saved_queries.get(name), optional=False))
                runs.append(time.perf_counter() - started)
            timings[name] = statistics.median(runs)
    return timings, rows


def stores(done: list[Any], results: dict[str, Any], repeat: int, virtuoso: bool) -> None:
    import os

    from enfance_kg import KnowledgeGraph
    from enfance_kg.backend import open_target
    from enfance_kg.iris import Iris
    from ingest import pipeline

    iris = Iris()
    graphs = {doc.stem: doc.quads for doc in done}
    fingerprints = {doc.stem: doc.shingles for doc in done}
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    targets: list[tuple[str, Any, Any]] = [("embedded (pyoxigraph)", work / "store", None)]
    engines = [("oxigraph serve (GSP)", _oxigraph(work / "oxigraph"))]
    if virtuoso:
        engine = _virtuoso(work / "virtuoso")
        if engine is not None:
            os.environ.update({"ENFANCE_KG_SPARQL_USER": "dba", "ENFANCE_KG_SPARQL_PASSWORD": "dba",
                               "ENFANCE_KG_SPARQL_AUTH": "digest"})
            from enfance_kg.backend import Credentials, Endpoint

            engine.endpoint = Endpoint(engine.endpoint.query, gsp=engine.endpoint.gsp,
                                       credentials=Credentials.from_env())
            engines.append(("virtuoso 7 (GSP)", engine))
    targets += [(label, engine.endpoint, engine) for label, engine in engines]
    try:
        embedded_queries: dict[str, float] = {}
        embedded_rows: dict[str, str] = {}
        for label, where, _ in targets:
            report = pipeline.BuildReport()
            started = time.perf_counter()
            pipeline._write(open_target(where, iris=iris), iris, graphs, fingerprints, report, "bench")
            load = time.perf_counter() - started
            remote = not isinstance(where, Path)

            def opener(where: Any = where, remote: bool = remote) -> Any:
                return KnowledgeGraph.open(endpoint=where.query) if remote else KnowledgeGraph.open(where)

            queries, rows = _queries(opener, repeat)
            embedded_queries, embedded_rows = embedded_queries or queries, embedded_rows or rows
            same = sorted(n for n in rows if rows[n] == embedded_rows[n])
            timed = [n for n in queries if n in embedded_queries]
            total = sum(queries[n] for n in timed)
            ratio = statistics.geometric_mean([queries[n] / embedded_queries[n] for n in timed])
            results[label] = {"load_seconds": round(load, 2), "quads": report.quads,
                              "quads_per_second": round(report.quads / load), "saved_queries_seconds": round(total, 3),
                              "saved_queries_ratio_geomean": round(ratio, 2),
                              "same_rows": f"{len(same)}/{len(rows)}",
                              "differ": {n: rows[n][:200] for n in sorted(set(rows) - set(same))},
                              "slowest": sorted(((round(v * 1000, 1), k) for k, v in queries.items()),
                                                reverse=True)[:3]}
            print(f"{label:<24} load {load:6.2f} s ({report.quads / load:8.0f} quads/s); "
                  f"{len(timed)} saved queries {total * 1000:7.1f} ms, ×{ratio:.2f} the embedded store; "
                  f"same rows {len(same)}/{len(rows)}", flush=True)
    finally:
        for _, _, engine in targets:
            if engine is not None:
                engine.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="documents to generate (default 300)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each saved query (median kept)")
    ap.add_argument("--virtuoso", action="store_true", help="also measure Virtuoso 7, if virtuoso-t is installed")
    ap.add_argument("--stores-only", action="store_true", help="measure the stores only (extraction run once, untimed)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from bench_build import _corpus

    corpus = _corpus(args.n, None)
    results: dict[str, Any] = {"machine": {"python": platform.python_version(), "cores": len(__import__("os")
                                                                                          .sched_getaffinity(0))},
                               "documents": args.n, "extraction": {}, "stores": {}}
    if args.stores_only:
        from ingest import pipeline

        done = _extract(pipeline.list_corpus(corpus).documents, workers=1)[1]
    else:
        done = extraction(corpus, results["extraction"])
    results["machine"]["load_average"] = __import__("os").getloadavg()
    # the extracted corpus (millions of small objects) stays in memory for the loads: keep it out of the
    # garbage collector's way, or every query's result objects pay for scanning it
    import gc

    gc.collect()
    gc.freeze()
    stores(done, results["stores"], args.repeat, args.virtuoso)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
