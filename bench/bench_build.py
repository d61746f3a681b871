"""How fast does the build go? Documents per second on a generated corpus, against peers run on the same texts.

    .venv/bin/python bench/bench_build.py [--n 1000] [--corpus DIR] [--json bench/out/bench_build.json]

Measured in one process, in this order:

1. ``seeds (cold)``: ``ingest.pipeline.build`` on ``corpus/`` (the five seeds) in a fresh
   process, so it includes loading the French model: what a user waits for.
2. ``build``: the whole pipeline on the generated corpus (read, clean, segment, extract,
   assemble, near-duplicates, write a new store and swap it in).
3. peer ``read+segment+clean``: only the first stages, the floor of any pipeline.
4. peer ``nlp.pipe``: the extractor's spaCy pipeline (``fr_core_news_sm`` without lemmatizer
   and parser) over the same whole texts with ``nlp.pipe``, in this one process: the cost of
   running the statistical model once on every document.

The ratios say how the build compares with the peers (1.0 = as fast). The corpus comes
from ``bench/make_corpus.py`` (deterministic for a given seed) and is cached in ``bench/out``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _corpus(n: int, given: Path | None) -> Path:
    if given is not None:
        return given
    folder = ROOT / "bench" / "out" / f"corpus-{n}"
    documents = [p for p in folder.glob("*") if p.suffix in {".txt", ".md", ".html"}] if folder.is_dir() else []
    if len(documents) != n:
        from make_corpus import make_corpus

        folder.mkdir(parents=True, exist_ok=True)
        make_corpus(folder, n)
    return folder


def _timed(label: str, func, documents: int, results: dict) -> float:
    started = time.perf_counter()
    func()
    seconds = time.perf_counter() - started
    results[label] = {"seconds": round(seconds, 3), "documents": documents,
                      "documents_per_second": round(documents / seconds, 1) if seconds else None}
    print(f"{label:<24}{documents:>6} docs {seconds:>8.2f} s {documents / seconds:>8.1f} docs/s", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--corpus", type=Path, help="use this corpus folder instead of a generated one")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "bench_build.json")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes for the build (default: automatic)")
    args = ap.parse_args(argv)

    from ingest import pipeline
    from ingest.read import list_corpus, read_document

    corpus = _corpus(args.n, args.corpus)
    paths = list_corpus(corpus).documents
    results: dict = {"machine": platform.platform(), "python": platform.python_version(), "corpus": str(corpus)}
    seeds = list_corpus(ROOT / "corpus").documents

    with tempfile.TemporaryDirectory() as tmp:
        seed_report = {}
        _timed("seeds (cold)", lambda: seed_report.setdefault(
            "r", pipeline.build(ROOT / "corpus", Path(tmp) / "seeds")), len(seeds), results)
        report = {}
        build_s = _timed("build", lambda: report.setdefault(
            "r", pipeline.build(corpus, Path(tmp) / "store", workers=args.jobs)), len(paths), results)
        built = report["r"]
        results["build"]["failures"] = len(built.failures)
        results["build"]["facts"] = dict(built.facts)
        results["build"]["quads"] = built.quads
        results["build"]["near_duplicate_pairs"] = len(built.near_duplicates)
        results["build"]["workers"] = pipeline._workers(len(paths), args.jobs)
        results["build"]["seconds_per_stage"] = {k: round(v, 2) for k, v in built.timings.items()}
        print("  stages (seconds, summed over workers):", results["build"]["seconds_per_stage"])

    def read_and_split() -> None:
        for path in paths:
            pipeline.sentences_of(read_document(path))

    texts = [read_document(p).text for p in paths]
    read_s = _timed("read+segment+clean", read_and_split, len(paths), results)

    # the same spaCy pipeline the extractor uses (fr_core_news_sm without lemmatizer and parser)
    from ingest.extract.nlp import nlp as shared_nlp

    started = time.perf_counter()
    nlp = shared_nlp()
    results["model_load_seconds"] = round(time.perf_counter() - started, 3)
    results["model_pipes"] = list(nlp.pipe_names)

    def pipe() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    nlp_s = _timed("nlp.pipe", pipe, len(paths), results)
    results["ratios"] = {
        "build_vs_nlp_pipe": round(nlp_s / build_s, 3),
        "build_vs_read_segment_clean": round(read_s / build_s, 3),
    }
    print(f"build speed / nlp.pipe speed: {nlp_s / build_s:.2f}; "
          f"build speed / read+segment+clean speed: {read_s / build_s:.3f}")
    if built.failures:
        print(f"{len(built.failures)} document(s) failed, first: {built.failures[0]}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
