"""How long does SHACL validation take? The seed store, then stores of N generated documents.

    .venv/bin/python bench/bench_validate.py                  # seeds, then 25 and 100 generated documents
    .venv/bin/python bench/bench_validate.py --sizes 100 400 --runs 1
    .venv/bin/python bench/bench_validate.py --store store     # an existing store only

Each store is built with ``ingest.pipeline.build`` into a temporary folder (the generated
documents are the first N of ``bench/out/corpus-1000``, made by ``bench/make_corpus.py``),
then validated with ``enfance_kg.validation.validate_store`` at severity ``warning`` (every
shape runs whatever the threshold). The figure kept is the minimum of the runs; the
triple count is the data checked, without the ~3,100 triples of ontology and reference
data loaded alongside. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _generated(n: int, target: Path) -> Path:
    source = ROOT / "bench" / "out" / "corpus-1000"
    documents = sorted(p for p in source.glob("*") if p.suffix in {".txt", ".md", ".html"}) if source.is_dir() else []
    if len(documents) < n:
        from make_corpus import make_corpus

        source.mkdir(parents=True, exist_ok=True)
        make_corpus(source, 1000)
        documents = sorted(p for p in source.glob("*") if p.suffix in {".txt", ".md", ".html"})
    target.mkdir(parents=True)
    for path in documents[:n]:
        shutil.copy(path, target / path.name)
        sidecar = path.with_suffix(".yaml")
        if sidecar.exists():
            shutil.copy(sidecar, target / sidecar.name)
    return target


def _measure(label: str, store: Path, runs: int) -> None:
    from enfance_kg.validation import validate_store

    best, report = None, None
    for _ in range(runs):
        started = time.perf_counter()
        report = validate_store(store, severity="warning")
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    counts = report.counts()
    print(
        f"{label:<14}{report.triples:>9} triples {best:>8.2f} s   "
        f"{counts['violation']} violations, {counts['warning']} warnings",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="validate this existing store only")
    ap.add_argument("--sizes", type=int, nargs="*", default=[25, 100], help="generated corpus sizes")
    ap.add_argument("--runs", type=int, default=3, help="runs per store; the minimum is kept")
    args = ap.parse_args(argv)

    from rdflib import Graph

    from enfance_kg.validation import validate_graph

    validate_graph(Graph())  # load shapes, ontology and reference data once, outside the timings
    if args.store:
        _measure(str(args.store), args.store, args.runs)
        return 0

    from ingest import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        pipeline.build(ROOT / "corpus", Path(tmp) / "seeds")
        _measure("seeds (5)", Path(tmp) / "seeds", args.runs)
        for n in args.sizes:
            corpus = _generated(n, Path(tmp) / f"corpus-{n}")
            pipeline.build(corpus, Path(tmp) / f"store-{n}")
            _measure(f"generated ({n})", Path(tmp) / f"store-{n}", args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
