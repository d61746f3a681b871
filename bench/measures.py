"""The measures ``python -m bench`` runs, each with its peer in the same run; plain dicts out.

They drive the existing scripts as modules: the corpora and stores of ``bench_queries`` (cached in
``bench/out``), its per-query timing against rdflib, ``bench_build``'s peer (the bare spaCy
pipeline) and ``bench_serve`` for everything over HTTP.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# one build in a fresh process, as `enfance-kg build` runs: the model loads inside the timing
_BUILD = """
import json, resource, sys, time
from pathlib import Path
from ingest import pipeline
started = time.perf_counter()
report = pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]), workers=int(sys.argv[3]))
seconds = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "timings": report.timings, "quads": report.quads,
                  "failures": len(report.failures), "peak_rss_mib": max(own, children) / 1024}))
"""


def corpus(docs: int) -> Path:
    """``bench/out/corpus-N``, generated if missing."""
    from make_corpus import make_corpus

    folder = OUT / f"corpus-{docs}"
    found = [p for p in folder.glob("*") if p.suffix in {".txt", ".md", ".html"}] if folder.is_dir() else []
    if len(found) != docs:
        folder.mkdir(parents=True, exist_ok=True)
        make_corpus(folder, docs)
    return folder


def store(docs: int) -> Path:
    """``bench/out/store-N`` (the store ``bench_queries`` builds and caches)."""
    import bench_queries

    corpus(docs)
    return bench_queries.generated_store(docs)


def _median_of(runs: list[dict[str, Any]], key: str = "seconds") -> dict[str, Any]:
    """The run whose ``key`` is the median (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r[key])
    return ordered[(len(ordered) - 1) // 2]


def _one_build(folder: Path, target: Path, workers: int) -> dict[str, Any]:
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", _BUILD, str(folder), str(target), str(workers)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _oxigraph_load(built: Path, work: Path) -> dict[str, float]:
    """The peer of the load stage: ``oxigraph load`` of the same quads (N-Quads) into an empty store."""
    from enfance_kg import store as kg_store

    dump = work / "dump.nq"
    kg_store.dump(kg_store.open_store(built), dump, format="nquads")
    times = []
    for _ in range(2):  # a warm-up (the page cache) and one timed load
        shutil.rmtree(work / "oxigraph", ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([oxigraph_binary(), "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return {"seconds": times[-1], "bytes": dump.stat().st_size}


def oxigraph_binary() -> str:
    """The ``oxigraph`` command line (the ``oxigraph`` package, a test dependency) of this environment."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph command is not installed: pip install oxigraph")
    return found


def _nlp_pipe(texts: list[str], runs: int) -> float:
    """The peer of the whole build: the extractor's own spaCy pipeline over the same texts (warm model)."""
    from ingest.extract.nlp import nlp as shared_nlp

    nlp = shared_nlp()
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


def build(folder: Path, *, runs: int, workers_tried: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """End-to-end builds of the corpus in ``folder`` at 1 and 2 workers (each a fresh process), the stage
    split, peak memory, and the peers."""
    from ingest.read import list_corpus, read_document

    texts = [read_document(p).text for p in list_corpus(folder).documents]
    words = sum(len(t.split()) for t in texts)
    result: dict[str, Any] = {"documents": len(texts), "words": words, "runs": runs, "workers": {}}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        for workers in workers_tried:
            target = work / f"store-{workers}"
            if runs > 1:
                _one_build(folder, target, workers)  # warm-up: the page cache, the bytecode
            timed = [_one_build(folder, target, workers) for _ in range(runs)]
            median = _median_of(timed)
            seconds = median["seconds"]
            result["workers"][str(workers)] = {
                "seconds": seconds, "all_seconds": [r["seconds"] for r in timed],
                "documents_per_second": len(texts) / seconds, "words_per_second": words / seconds,
                "words_per_second_per_core": words / seconds / workers, "peak_rss_mib": median["peak_rss_mib"],
                "stages": median["timings"], "quads": median["quads"], "failures": median["failures"]}
            print(f"  {workers} worker(s): {seconds:.1f} s, {len(texts) / seconds:.1f} docs/s, "
                  f"{words / seconds:,.0f} words/s, peak {median['peak_rss_mib']:.0f} MiB", flush=True)
        one, two = result["workers"]["1"], result["workers"].get("2")
        result["speedup_2_workers"] = one["seconds"] / two["seconds"] if two else None
        nlp_seconds = _nlp_pipe(texts, runs=max(1, min(runs, 3)))
        result["peer_nlp_pipe"] = {"seconds": nlp_seconds, "words_per_second": words / nlp_seconds,
                                   "ratio_build_1_worker": nlp_seconds / one["seconds"]}
        load = _oxigraph_load(work / "store-1", work)
        ours = one["stages"].get("store", 0.0)
        result["peer_oxigraph_load"] = {**load, "ours_store_stage_seconds": ours,
                                        "ratio": load["seconds"] / ours if ours else None}
    print(f"  2 workers ×{result['speedup_2_workers'] or 0:.2f}; nlp.pipe alone {nlp_seconds:.1f} s "
          f"(build at 1 worker = {result['peer_nlp_pipe']['ratio_build_1_worker']:.2f}× its speed); "
          f"store stage {ours:.2f} s vs oxigraph load {load['seconds']:.2f} s", flush=True)
    return result


def queries(folder: Path, *, runs: int, peer: bool = True, only: list[str] | None = None) -> dict[str, Any]:
    """Every saved query (or ``only`` these) on disk and in memory, against rdflib on the same text
    (``bench_queries``); ``peer=False`` skips rdflib."""
    import bench_queries

    args = argparse.Namespace(in_memory=True, queries=None, only=only, repeat=runs, peer_repeat=max(1, min(runs, 3)))
    print(bench_queries.HEADER, flush=True)
    measured = bench_queries.measure(folder, args, peer=peer)
    bench_queries._summary(measured)
    measured["peer"] = "rdflib Dataset (default_union) over the N-Quads export" if peer else "none (too large)"
    return measured


#: bench_validate's peers, and the largest corpus (documents) each runs on: past that they take many minutes
VALIDATION_PEERS = (("pyshacl on rdflib", "_pyshacl_rdflib", 1000), ("pyshacl on Oxigraph", "_pyshacl_oxigraph", 10),
                    ("pyrudof", "_pyrudof", 3000))


def validation(folder: Path, *, runs: int, docs: int, peers: bool = True) -> dict[str, Any]:
    """SHACL, through ``bench_validate``: ours (``enfance_kg.validation``, the shapes compiled to SPARQL on the
    store) per document and for the whole store, beside pyshacl on rdflib, pyshacl on Oxigraph and pyrudof where
    they run at this size (``docs``)."""
    import bench_validate

    from enfance_kg.validation import _checks

    _checks()  # the shapes compiled once, outside the timings
    ours = bench_validate._ours(folder, runs)
    result: dict[str, Any] = {"ours": ours, "peers": {}, "runs": runs}
    print(f"  ours: one document {ours['doc'] * 1000:.0f} ms (p95 {ours['doc95'] * 1000:.0f}), whole store "
          f"({ours['triples']:,.0f} triples) {ours['warm']:.2f} s warm, {ours['cold']:.2f} s cold", flush=True)
    for label, name, limit in VALIDATION_PEERS if peers else ():
        if docs > limit:
            continue
        try:
            result["peers"][label] = getattr(bench_validate, name)(folder, 1)
        except Exception as err:  # as bench_validate does: a peer failing on our shapes is reported, not fatal
            result["peers"][label] = {"error": f"{type(err).__name__}: {str(err)[:200]}"}
        print(f"  {label}: {result['peers'][label]}", flush=True)
    return result
