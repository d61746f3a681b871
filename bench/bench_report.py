"""``bench/results.md`` from ``bench/results.json``: one table per measure, every row beside its peer."""

from __future__ import annotations

import math
import statistics
from typing import Any

ORDER = ("tiny", "small", "medium", "large")


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.1f}"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def _scales(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = results.get("scales", {})
    return [(name, found[name]) for name in ORDER if name in found]


def _build(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    rows, stages = [], []
    for name, s in scales:
        b = s.get("build")
        if not b:
            continue
        nlp = b["peer_nlp_pipe"]
        for workers, w in b["workers"].items():
            rows.append([name, _f(b["documents"]), _f(b["words"]), workers, _f(w["seconds"], 2),
                         _f(w["documents_per_second"]), _f(w["words_per_second"], 0),
                         _f(w["words_per_second_per_core"], 0), _f(w["peak_rss_mib"], 0),
                         _f(nlp["words_per_second"], 0), _ratio(w["words_per_second"] / nlp["words_per_second"]),
                         _ratio(b["speedup_2_workers"]) if workers == "2" else "–", _f(b["runs"])])
        one = b["workers"]["1"]["stages"]
        load = b["peer_oxigraph_load"]
        stages.append([name, *(_f(one.get(k), 2) for k in ("read", "extract", "assemble", "near-duplicates", "store")),
                       _f(load["seconds"], 2), _ratio(load["ratio"])])
    if not rows:
        return []
    return ["## Build", "",
            "End to end (`ingest.pipeline.build`, each run a fresh process: the French model loads inside the "
            "timing, as for `enfance-kg build`). Peer: the extractor's own spaCy pipeline alone (`nlp.pipe`, "
            "model already loaded) over the same texts; ratio = build words/s ÷ `nlp.pipe` words/s.", "",
            *_table(["scale", "docs", "words", "workers", "s", "docs/s", "words/s", "words/s/core", "peak MiB",
                     "nlp.pipe words/s", "ratio", "2 workers speed-up", "runs"], rows), "",
            "Stage split at 1 worker (seconds; `read` = read + clean + segment, `extract` = parse + rules, "
            "`assemble` = RDF, `store` = bulk load and swap). Peer of the load stage: `oxigraph load` of the same "
            "quads as N-Quads into an empty store; ratio = its time ÷ our store stage's (above 1: ours is faster).",
            "", *_table(["scale", "read", "extract", "assemble", "near-dup", "store", "oxigraph load", "ratio"],
                        stages), ""]


def _queries(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out: list[str] = []
    for name, s in scales:
        q = s.get("queries")
        if not q:
            continue
        rows = []
        for query, e in q["queries"].items():
            rows.append([query, _ms(e["disk_s"]), _ms(e.get("memory_s")), _f(e["rows"]), _ms(e.get("rdflib_s")),
                         _ratio(e.get("ratio")), "" if e.get("same_rows", True) else "**differ**"])
        disk = [e["disk_s"] for e in q["queries"].values()]
        ratios = [e["ratio"] for e in q["queries"].values() if e.get("ratio")]
        summary = (f"{len(disk)} queries, {_f(q['quads'])} quads, store {_f(q['store_mib'], 0)} MiB on disk: "
                   f"slowest {_ms(max(disk))} ms on disk, {sum(d <= 0.05 for d in disk)} at or under 50 ms")
        if ratios:
            summary += (f"; rdflib ÷ ours: median {statistics.median(ratios):.1f}×, min {min(ratios):.1f}×, "
                        f"{sum(r >= 3 for r in ratios)} of {len(ratios)} at 3× or more")
        else:
            summary += "; rdflib not run at this size"
        out += [f"### Saved queries, {name} ({_f(s.get('docs'))} documents)", "", summary, "",
                *_table(["query", "disk ms", "memory ms", "rows", "rdflib ms", "ratio", "rows vs rdflib"], rows), ""]
    return ["## Saved queries", "",
            "Median of the runs after a warm-up, through `enfance_kg.store.run_query` (pyoxigraph in-process), on "
            "the store on disk and on an in-memory copy; peer: rdflib evaluating the same text over the same quads "
            "(`Dataset(default_union=True)`), rows compared as multisets. Ratio = rdflib ms ÷ ours on disk.", "",
            *out] if out else []


def _serving(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out: list[str] = []
    for name, s in scales:
        v = s.get("serving")
        if not v:
            continue
        rows = []
        for target, servers in v["targets"].items():
            peer = servers.get(v["peer"], {}).get("rps")
            for label, m in servers.items():
                rows.append([target, label, _f(m["rps"], 0), _f(m["p50_ms"], 2), _f(m["p99_ms"], 2),
                             _f(m["errors"]), _f(m.get("rows")), _f(m.get("answer_bytes")),
                             _ratio(m["rps"] / peer if peer and label != v["peer"] else None)])
        out += [f"### Serving, {name} ({_f(s.get('docs'))} documents, {_f(v.get('quads'))} quads)", "",
                f"{v['connections']} connections, {v['seconds']:g} s per row ({v['tool']}); ratio = requests/s ÷ "
                f"{v['peer']}'s on the same request.", "",
                *_table(["request", "server", "req/s", "p50 ms", "p99 ms", "errors", "rows", "bytes", "ratio"], rows),
                ""]
    return ["## Serving", "", "Loopback only; each server answers from the same build; every row is one request "
            "repeated (what a cache is for, and the worst case for one without).", "", *out] if out else []


def _load(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    rows = []
    for name, s in scales:
        v = s.get("load")
        if not v:
            continue
        rows.append([name, _f(v["connections"]), _f(v["seconds"], 0), _f(v["requests"]), _f(v["errors"]),
                     _f(v["rps"], 0), _f(v["p50_ms"], 2), _f(v["p99_ms"], 2), _f(v["rss_after_warmup_mib"], 0),
                     _f(v["rss_end_mib"], 0), _f(v["rss_max_mib"], 0), _ratio(v["rss_growth"]), v["config"]])
    if not rows:
        return []
    return ["## Load", "", "A mix of saved queries, Linked Data pages (HTML and Turtle) and `/sparql` requests, round "
            "robin, through `wrk`; the server's resident set (the server and its query workers) sampled every "
            "second. `growth` = mean RSS over the last tenth ÷ mean RSS just after the warm-up (first tenth).", "",
            *_table(["scale", "clients", "s", "requests", "errors", "req/s", "p50 ms", "p99 ms", "RSS after warm-up",
                     "RSS end", "RSS max", "growth", "server"], rows), ""]


def _validation(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    rows = []
    for name, s in scales:
        v = s.get("validation")
        if v:
            rows.append([name, _f(v["document_triples"]), _ms(v["per_document_seconds"]), _f(v["store_triples"]),
                         _f(v["store_seconds"], 2), _f(v["store_runs"]), v["engine"]])
    if not rows:
        return []
    return ["## Validation", "", "SHACL at severity `warning` (every shape runs), through `enfance_kg.validation`; "
            "per document: the largest of ten document graphs with the ontology and reference context.", "",
            *_table(["scale", "doc triples", "per document ms", "store triples", "whole store s", "runs", "engine"],
                    rows), ""]


def _memory(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    rows = []
    for name, s in scales:
        v = s.get("serving")
        if not v:
            continue
        for label, m in v["memory"].items():
            rows.append([name, _f(v.get("quads")), label, _f(m["idle_mib"], 0), _f(m["loaded_mib"], 0)])
        if s.get("load"):
            rows.append([name, _f(v.get("quads")), "load test (64 clients)", _f(s["load"]["rss_after_warmup_mib"], 0),
                         _f(s["load"]["rss_max_mib"], 0)])
    if not rows:
        return []
    return ["## Memory", "", "Resident set of the whole server (for ours: the front process, the forkserver and the "
            "query workers), idle after the warm-up, and the largest sample under the serving measure's load.", "",
            *_table(["scale", "quads", "server", "idle MiB", "under load MiB"], rows), ""]


def _figures(s: dict[str, Any]) -> dict[str, float]:
    """The figures the growth table follows (all: bigger is slower or larger)."""
    found: dict[str, float] = {}
    if s.get("queries"):
        q = s["queries"]["queries"].values()
        found["sum of saved-query medians, disk (s)"] = sum(e["disk_s"] for e in q)
        found["slowest saved query, disk (s)"] = max(e["disk_s"] for e in q)
    if s.get("build"):
        found["build, 1 worker (s)"] = s["build"]["workers"]["1"]["seconds"]
    if s.get("validation"):
        found["whole-store validation (s)"] = s["validation"]["store_seconds"]
        found["per-document validation (s)"] = s["validation"]["per_document_seconds"]
    if s.get("serving"):
        for target, servers in s["serving"]["targets"].items():
            for label, m in servers.items():
                if m["p50_ms"]:
                    found[f"{target}, {label}: p50 (ms)"] = m["p50_ms"]
        for label, m in s["serving"]["memory"].items():
            found[f"RSS idle, {label} (MiB)"] = m["idle_mib"]
    return found


def _growth(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    sized = [(n, s, s.get("queries", {}).get("quads") or s.get("serving", {}).get("quads")) for n, s in scales
             if n != "tiny"]
    sized = [x for x in sized if x[2]]
    if len(sized) < 2:
        return []
    rows = []
    (na, a, qa), (nb, b, qb) = sized[0], sized[-1]
    fa, fb = _figures(a), _figures(b)
    data = qb / qa
    if data <= 1:
        return []
    for key in fa:
        if key in fb and fa[key] > 0 and fb[key] > 0:
            factor = fb[key] / fa[key]
            exponent = math.log(factor) / math.log(data)
            rows.append([key, _f(fa[key], 3), _f(fb[key], 3), f"{factor:.2f}", f"{exponent:.2f}",
                         "linear or better" if exponent <= 1.1 else "**faster than the data**"])
    return ["## Growth", "", f"From {na} ({qa:,} quads) to {nb} ({qb:,} quads): data ×{data:.2f}. Exponent = "
            "log(figure factor) ÷ log(data factor): 1 grows as the data, 0 not at all.", "",
            *_table(["figure", na, nb, "factor", "exponent", ""], rows), ""]


def render(results: dict[str, Any]) -> str:
    """The whole results page."""
    scales = _scales(results)
    lines = ["# Benchmarks", "", "Written by `python -m bench` (see `bench/__main__.py`); figures in "
             "`bench/results.json`. Ratios are taken in the same run, on a shared machine: read them, not the "
             "absolute times.", ""]
    machines = [[n, _f(s.get("docs")), s["machine"]["date"], f"{s['machine']['platform']}, "
                 f"{s['machine']['cores']} cores, Python {s['machine']['python']}",
                 " ".join(str(x) for x in s["machine"]["load_average"])] for n, s in scales]
    lines += [*_table(["scale", "documents", "run at", "machine", "load average at start"], machines), ""]
    for part in (_build, _queries, _serving, _load, _validation, _memory, _growth):
        lines += part(scales)
    return "\n".join(lines).rstrip() + "\n"
