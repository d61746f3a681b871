"""How long does SHACL validation take, per document and for the whole store, against its peers?

    .venv/bin/python bench/bench_validate.py                          # 300, 1,000 and 3,000 documents
    .venv/bin/python bench/bench_validate.py --docs 300 --runs 3
    .venv/bin/python bench/bench_validate.py --store store            # an existing store only
    .venv/bin/python bench/bench_validate.py --store store --per-check  # where the time goes, per check

Each store holds the first N documents of ``bench/out/corpus-3000`` (``bench/make_corpus.py``), built
with ``ingest.pipeline.build`` into ``bench/out/validate-store-N`` (kept, and reused when present).
Measured in the same run, on the same store, every shape at once (severity ``info``):

* **ours**: ``enfance_kg.validation`` (the shapes compiled to SPARQL, run on the store itself): the
  whole store cold (the context validated, then cached by its digest) and warm, and one document
  (``validate_document``: its focus nodes against everything else), median and 95th percentile over
  up to 50 documents;
* **pyshacl on rdflib**: the store's quads copied into an rdflib graph, then ``pyshacl.validate``
  (the engine of the first version); per document, its graph with the ontology, the reference data
  and the shared entities, as the first version did;
* **pyshacl on Oxigraph**: pyshacl on rdflib graphs backed by Oxigraph (``oxrdflib``), the shapes in
  one too (DESIGN §7: otherwise ``sh:in`` on plain strings fails);
* **pyrudof**: rudof's native SHACL engine, reading the store as N-Triples and our shapes.

``--per-check`` prints instead the CPU time of each check's whole-store query (the slowest first) and of
the report built from their results: CPU time, not wall clock, so that a loaded machine does not reorder
them (pyoxigraph evaluates in the calling thread).

Peers are slow: each runs up to a size (``--rdflib-up-to`` …). Figures are medians of ``--runs``
(wall clock, 2 cores shared with others: read the ratios, measured side by side, more than the
seconds). A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"


def _corpus(n: int) -> Path:
    source = OUT / "corpus-3000"
    if len(list(source.glob("gen_*"))) < 3000:
        from make_corpus import make_corpus

        source.mkdir(parents=True, exist_ok=True)
        make_corpus(source, 3000)
    target = OUT / f"validate-corpus-{n}"
    if not target.is_dir():
        target.mkdir(parents=True)
        for path in sorted(source.iterdir())[:n]:
            (target / path.name).symlink_to(path.resolve())
    return target


def _store(n: int) -> Path:
    from enfance_kg import store as kg_store

    folder = OUT / f"validate-store-{n}"
    if not kg_store.has_store(folder):
        from ingest import pipeline

        print(f"building {folder} …", flush=True)
        pipeline.build(_corpus(n), folder)
    return folder


def _median(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _ours(folder: Path, runs: int) -> dict[str, float]:
    from enfance_kg import store as kg_store
    from enfance_kg import validation

    validation._context_results.clear()
    started = time.perf_counter()
    report = validation.validate_store(folder, severity="info")
    cold = time.perf_counter() - started
    warm, _ = _median(lambda: validation.validate_store(folder, severity="info"), runs)
    store = kg_store.open_store(folder)
    keys = sorted(g.rsplit("/", 1)[1] for g in kg_store.graph_names(store) if "/graph/document/" in g)[:50]
    per = []
    for key in keys:
        started = time.perf_counter()
        validation.validate_document(folder, key, severity="info", store=store)
        per.append(time.perf_counter() - started)
    per.sort()
    return {"cold": cold, "warm": warm, "doc": statistics.median(per), "doc95": per[int(len(per) * 0.95) - 1],
            "triples": float(report.triples), "results": float(len(report.results))}


def _rdflib_graph(folder: Path, graphs: set[str] | None = None):
    from rdflib import Graph

    from enfance_kg import store as kg_store

    graph = Graph()
    for s, p, o, g in kg_store.quads(kg_store.open_store(folder)):
        if graphs is None or str(g) in graphs:
            graph.add((s, p, o))
    return graph


def _pyshacl_rdflib(folder: Path, runs: int) -> dict[str, float]:
    """pyshacl as the first version ran it (each SHACL-SPARQL query parsed once: ``validation_pyshacl``)."""
    from enfance_kg import store as kg_store
    from enfance_kg.iris import Iris
    from enfance_kg.validation_pyshacl import validate_with_pyshacl

    iris = Iris()

    def run(graphs: set[str] | None) -> object:
        return validate_with_pyshacl(_rdflib_graph(folder, graphs), severity="info", iris=iris, graphs={},
                                     with_context=False)

    seconds, _ = _median(lambda: run(None), runs)
    store = kg_store.open_store(folder)
    documents = sorted(g for g in kg_store.graph_names(store) if "/graph/document/" in g)[:10]
    shared = {str(iris.graph(name)) for name in ("ontology", "reference", "entities")}
    per = [_median(lambda graph=graph: run(shared | {graph}), 1)[0] for graph in documents]
    return {"whole": seconds, "doc": statistics.median(per)}


def _pyshacl_oxigraph(folder: Path, runs: int) -> dict[str, float]:
    """pyshacl on rdflib graphs backed by Oxigraph (oxrdflib), the shapes in one too (DESIGN §7: otherwise
    ``sh:in`` on plain strings fails). pyshacl's own Oxigraph mode (0.40) fails on our ``sh:prefixes``."""
    from rdflib import Graph

    from enfance_kg import store as kg_store
    from enfance_kg.validation_pyshacl import _DataGraph, _shapes

    def whole() -> None:
        import pyshacl

        data = Graph(store="Oxigraph")
        for s, p, o, _ in kg_store.quads(kg_store.open_store(folder)):
            data.add((s, p, o))
        shapes = Graph(store="Oxigraph")
        for triple in _shapes():
            shapes.add(triple)
        pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True)

    assert _DataGraph  # the rdflib peer's query cache has no Oxigraph twin: pyshacl parses each query per node
    seconds, _ = _median(whole, runs)
    return {"whole": seconds}


def _pyrudof(folder: Path, runs: int) -> dict[str, float]:
    import io

    import pyrudof

    from enfance_kg import store as kg_store
    from enfance_kg.validation import shapes_graph

    shapes = shapes_graph().serialize(format="turtle")

    def whole() -> None:
        buffer = io.BytesIO()
        kg_store.dump(kg_store.open_store(folder), buffer, format="ntriples")
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(buffer.getvalue().decode("utf-8"), format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(shapes)
        rudof.validate_shacl()

    seconds, _ = _median(whole, runs)
    return {"whole": seconds}


def _per_check(folder: Path, top: int = 30) -> None:
    """The CPU time of each check's query over the whole store, the slowest first, then of the report."""
    from enfance_kg import store as kg_store
    from enfance_kg import validation
    from enfance_kg.iris import Iris
    from enfance_kg.shacl_engine import SUBCLASS_QUERY, subclass_closure

    store, iris = kg_store.open_store(folder), Iris()
    closure = subclass_closure(kg_store.select(store, SUBCLASS_QUERY))
    context = [iris.graph(name) for name in validation.CONTEXT_GRAPHS]
    timed, raw = [], list(validation.context_results(store, context))
    for check in validation._checks():
        text = check.query(scoped=False, exclude=[str(g) for g in context], subclasses=closure)
        started = time.process_time()
        rows = kg_store.select(store, text)
        timed.append((time.process_time() - started, len(rows), check))
        raw.extend(validation._result(check, row) for row in rows)
    started = time.process_time()
    report = validation._report(store, raw, severity="info", iris=iris, triples=len(store),
                                documents=validation._documents(store, iris))
    reported = time.process_time() - started
    print(f"{'CPU ms':>9} {'rows':>7}  shape, component")
    for seconds, rows, check in sorted(timed, key=lambda item: -item[0])[:top]:
        print(f"{seconds * 1000:9.1f} {rows:7d}  {str(check.shape).rsplit('#', 1)[-1]}, "
              f"{check.component.rsplit('#', 1)[-1].removesuffix('ConstraintComponent')}")
    print(f"{len(timed)} checks: {sum(t[0] for t in timed):.2f} s of CPU; the report of {len(report.results)} "
          f"results: {reported:.2f} s")


def _cell(peers: dict[str, dict[str, float]], ours: dict[str, float], peer: str, key: str, width: int) -> str:
    """A peer's seconds and its ratio to ours (per document for ``doc``, the whole store warm otherwise)."""
    if peer not in peers:
        return f"{'—':>{width}}"
    value = peers[peer][key]
    ratio = value / (ours["doc"] if key == "doc" else ours["warm"])
    return f"{value:>{width - 7}.2f}s ×{ratio:<4.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="*", default=[300, 1000, 3000], help="generated corpus sizes")
    ap.add_argument("--store", type=Path, help="measure this existing store only")
    ap.add_argument("--runs", type=int, default=3, help="runs per measure; the median is kept")
    ap.add_argument("--rdflib-up-to", type=int, default=1000, help="largest size pyshacl on rdflib runs at")
    ap.add_argument("--oxigraph-up-to", type=int, default=300, help="largest size pyshacl on Oxigraph runs at")
    ap.add_argument("--rudof-up-to", type=int, default=3000, help="largest size pyrudof runs at")
    ap.add_argument("--per-check", action="store_true", help="the CPU time of each check on the whole store")
    args = ap.parse_args(argv)

    from enfance_kg.validation import _checks

    _checks()  # compile the shapes once, outside the timings
    if args.per_check:
        for folder in [args.store] if args.store else [_store(n) for n in args.docs]:
            _per_check(folder)
        return 0
    targets = [(str(args.store), args.store, 0)] if args.store else [(str(n), _store(n), n) for n in args.docs]
    rows, previous = [], None
    print(f"{'docs':>6} {'triples':>9} │ {'ours: doc':>9} {'p95':>6} {'whole':>7} {'cold':>7} │ "
          f"{'pyshacl/rdflib: doc':>19} {'whole':>8} │ {'pyshacl/ox':>10} │ {'pyrudof':>8} │ growth", flush=True)
    for label, folder, n in targets:
        ours = _ours(folder, args.runs)
        print(f"  {label}: ours {ours}", file=sys.stderr, flush=True)
        peers: dict[str, dict[str, float]] = {}
        runners = (("rdflib", _pyshacl_rdflib, args.rdflib_up_to), ("oxigraph", _pyshacl_oxigraph, args.oxigraph_up_to),
                   ("rudof", _pyrudof, args.rudof_up_to))
        for name, measure, limit in runners:
            if n and n > limit:
                continue
            try:
                peers[name] = measure(folder, 1)
            except Exception as err:  # a peer that fails on our shapes or data is reported, not fatal
                print(f"  {name} failed: {type(err).__name__}: {str(err)[:200]}", file=sys.stderr, flush=True)
                continue
            print(f"  {label}: {name} {peers[name]}", file=sys.stderr, flush=True)

        growth = ""
        if previous is not None:
            growth = f"{ours['warm'] / previous['warm']:.2f}× for {ours['triples'] / previous['triples']:.2f}× data"
        print(f"{label:>6} {int(ours['triples']):>9} │ {ours['doc'] * 1000:>7.0f}ms {ours['doc95'] * 1000:>4.0f}ms "
              f"{ours['warm']:>6.2f}s {ours['cold']:>6.2f}s │ "
              f"{_cell(peers, ours, 'rdflib', 'doc', 10):>10} {_cell(peers, ours, 'rdflib', 'whole', 17):>17} │ "
              f"{_cell(peers, ours, 'oxigraph', 'whole', 10):>10} │ {_cell(peers, ours, 'rudof', 'whole', 12):>8} │ "
              f"{growth}", flush=True)
        rows.append(ours)
        previous = ours
    print("×N: the peer's time over ours (per document for 'doc', whole store warm otherwise)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
