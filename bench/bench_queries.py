"""Time every saved query on a store, and the same queries with rdflib as a peer.

    .venv/bin/python bench/bench_queries.py                      # builds the seed corpus into a temp store
    .venv/bin/python bench/bench_queries.py --store store -n 20  # an existing store, 20 runs per query
    .venv/bin/python bench/bench_queries.py --json bench/out/queries.json

Each query runs with the parameters of its header's example call. The figure kept is the minimum
of N runs (this machine is noisy; the minimum is the least disturbed). The peer is rdflib evaluating
the same text over the exported dataset with the union of all graphs as default graph, with the same
values bound through ``initBindings``; the row counts of both are printed so a disagreement shows.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example_params(query) -> dict[str, str]:
    words = shlex.split(query.example)
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words[:-1]) if w in ("--param", "-p"))


def _count(result) -> int:
    try:
        return len(result)
    except TypeError:
        return sum(1 for _ in result)


def _best(run, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = _count(run())
        times.append(time.perf_counter() - start)
    return min(times), count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="an existing store (default: build the corpus into a temp folder)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="corpus to build when --store is not given")
    ap.add_argument("-n", "--repeat", type=int, default=10, help="runs per query for pyoxigraph (default 10)")
    ap.add_argument("--peer-repeat", type=int, default=3, help="runs per query for rdflib (default 3)")
    ap.add_argument("--no-peer", action="store_true", help="skip the rdflib comparison")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args()

    from rdflib import Dataset

    from enfance_kg import saved_queries, store
    from enfance_kg.namespaces import bind_prefixes

    tmp = None
    folder = args.store
    if folder is None:
        from ingest import pipeline

        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name) / "store"
        start = time.perf_counter()
        report = pipeline.build(args.corpus, folder)
        print(f"built {args.corpus} in {time.perf_counter() - start:.1f} s: {report.summary().splitlines()[0]}")

    handle = store.open_store(folder)
    dataset = None
    if not args.no_peer:
        buffer = io.BytesIO()
        store.dump(handle, buffer, format="nquads")
        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        start = time.perf_counter()
        dataset.parse(data=buffer.getvalue(), format="nquads")
        print(f"rdflib loaded {len(dataset)} quads in {time.perf_counter() - start:.1f} s")

    rows = []
    header = f"{'query':<30}{'oxigraph ms':>12}{'rows':>6}{'rdflib ms':>11}{'rows':>6}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    for name, query in sorted(saved_queries.catalogue().items()):
        bindings = query.bind(_example_params(query))
        ox_time, ox_rows = _best(lambda q=query, b=bindings: store.run_query(handle, q.text, substitutions=b),
                                 args.repeat)
        entry = {"query": name, "oxigraph_s": ox_time, "oxigraph_rows": ox_rows}
        line = f"{name:<30}{ox_time * 1000:>12.2f}{ox_rows:>6}"
        if dataset is not None:
            try:
                rd_time, rd_rows = _best(lambda q=query, b=bindings: dataset.query(q.text, initBindings=b),
                                         args.peer_repeat)
                entry.update(rdflib_s=rd_time, rdflib_rows=rd_rows, ratio=rd_time / ox_time if ox_time else None)
                line += f"{rd_time * 1000:>11.1f}{rd_rows:>6}{rd_time / ox_time:>7.0f}×"
                if rd_rows != ox_rows:
                    line += "  (row counts differ)"
            except Exception as err:  # a peer that cannot run a query is a result worth printing, not a crash
                entry.update(rdflib_error=repr(err))
                line += f"  rdflib failed: {type(err).__name__}"
        rows.append(entry)
        print(line, flush=True)

    ratios = [r["ratio"] for r in rows if r.get("ratio")]
    total = sum(r["oxigraph_s"] for r in rows)
    print(f"\n{len(rows)} queries, {total * 1000:.1f} ms in all on pyoxigraph (best of {args.repeat})")
    if ratios:
        print(f"rdflib / pyoxigraph: median {statistics.median(ratios):.0f}×, "
              f"min {min(ratios):.0f}×, max {max(ratios):.0f}×")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
