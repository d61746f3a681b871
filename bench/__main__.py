"""Every benchmark, side by side with its peers, at one scale: ``python -m bench``.

    .venv/bin/python -m bench --scale small                  # ~100 documents, a few minutes
    .venv/bin/python -m bench --scale medium --only queries  # one measure (repeatable)
    .venv/bin/python -m bench --scale big --only queries    # with large: each query's growth
    .venv/bin/python -m bench --scale large --runs 3

The scales are sized by the data the targets of issues 12 and 14 speak of: ``small`` 100 generated documents
(~41k quads), ``medium`` 300 (~115k quads, the "~100k quads" of the targets), ``big`` 1,000 (~367k quads) and
``large`` 3,000 (~1.07M quads), the two between which each saved query's growth is checked. The
generator (``bench/make_corpus.py``, deterministic) writes about 350 quads per document, so the issue's
"~1,000 documents ≈ 100k quads" is 300 documents here. Corpora and stores are cached in
``bench/out`` (``corpus-N``, ``store-N``, remade when the generator or the pipeline changed).

Measures (``--only NAME``): ``build``, ``queries``, ``serving``, ``load``, ``validation``; the memory
figures come with ``serving`` and ``load``, the growth table from the scales already in
``bench/results.json``. Each measure runs its peer in the same run: ratios are what count on a shared
machine. Every figure is the median of ``--runs`` timed runs after a warm-up run, unless its table
says otherwise. The results of this scale replace that scale's in ``bench/results.json``; then
``bench/results.md`` is written again from every scale there.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_report  # noqa: E402  (the bench folder is on the path from here on)
import bench_serve  # noqa: E402
import measures  # noqa: E402

RESULTS_JSON = ROOT / "bench" / "results.json"
RESULTS_MD = ROOT / "bench" / "results.md"


@dataclass(frozen=True)
class Scale:
    """One scale: its documents, timed runs, and how long the HTTP measures last (seconds)."""

    name: str
    docs: int
    runs: int
    serve_seconds: float
    load_seconds: float
    build_runs: int
    peers: bool = True  # False: ours only (``--no-peer``), where the peers would take too long for the run


SCALES = {
    "tiny": Scale("tiny", 8, 1, 1.0, 2.0, 1),  # the smoke test's
    "small": Scale("small", 100, 5, 5.0, 15.0, 5),
    "medium": Scale("medium", 300, 5, 10.0, 60.0, 5),
    "big": Scale("big", 1000, 5, 10.0, 60.0, 1),  # ~367k quads: with large, the growth check of issue 14
    "large": Scale("large", 3000, 3, 10.0, 60.0, 1),
}
#: rdflib needs minutes and gigabytes past a few hundred thousand quads (``disagreements`` alone ~30 s a run at
#: 300 documents, its pairs growing as the square of the corpus), and the rdflib targets are at ~100k quads
PEER_MAX_DOCS = 300
MEASURES: dict[str, Callable[[Scale], dict[str, Any]]] = {  # the longest last: a run cut short keeps the rest
    "queries": lambda s: measures.queries(measures.store(s.docs), runs=max(s.runs, 5),
                                          peer=s.peers and s.docs <= PEER_MAX_DOCS),
    "serving": lambda s: bench_serve.serving(measures.store(s.docs), seconds=s.serve_seconds),
    "load": lambda s: bench_serve.load(measures.store(s.docs), seconds=s.load_seconds),
    "validation": lambda s: measures.validation(measures.store(s.docs), runs=s.runs, docs=s.docs),
    "build": lambda s: measures.build(measures.corpus(s.docs), runs=s.build_runs),
}


def _machine() -> dict[str, Any]:
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "platform": platform.platform(),
            "python": platform.python_version(), "cores": len(os.sched_getaffinity(0)),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run(scale: Scale, only: list[str] | None, *, results_json: Path = RESULTS_JSON,
        results_md: Path = RESULTS_MD) -> dict[str, Any]:
    """Run the measures of ``scale`` (all, or ``only``), merge them into the results files, return them."""
    results = json.loads(results_json.read_text(encoding="utf-8")) if results_json.is_file() else {}
    entry: dict[str, Any] = results.get("scales", {}).get(scale.name, {})
    entry.update(machine=_machine(), docs=scale.docs)
    for name in only or list(MEASURES):
        print(f"\n== {name} ({scale.name}: {scale.docs} documents)", flush=True)
        started = time.perf_counter()
        entry[name] = MEASURES[name](scale)
        entry[name]["machine"] = _machine()
        entry[name]["wall_seconds"] = round(time.perf_counter() - started, 1)
        results.setdefault("scales", {})[scale.name] = entry  # written after each measure: a run cut short keeps
        results_json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n",
                                encoding="utf-8")  # what it measured
        results_md.write_text(bench_report.render(results), encoding="utf-8")
    return entry


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", choices=list(SCALES), default="small")
    ap.add_argument("--only", action="append", choices=list(MEASURES), help="only this measure (repeatable)")
    ap.add_argument("--runs", type=int, help="timed runs per figure (default: the scale's, 5, or 3 at large)")
    ap.add_argument("--results", type=Path, default=RESULTS_JSON, help="the JSON file to merge into")
    ap.add_argument("--no-peer", action="store_true", help="skip rdflib beside the saved queries")
    args = ap.parse_args(argv)
    scale = SCALES[args.scale]
    if args.runs:
        scale = dataclasses.replace(scale, runs=args.runs, build_runs=args.runs)
    if args.no_peer:
        scale = dataclasses.replace(scale, peers=False)
    started = time.perf_counter()
    run(scale, args.only, results_json=args.results, results_md=args.results.with_suffix(".md"))
    print(f"\nwrote {args.results} and {args.results.with_suffix('.md')} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
