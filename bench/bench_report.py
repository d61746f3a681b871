"""``bench/results.md`` from ``bench/results.json``: one table per measure, every row beside its peer."""

from __future__ import annotations

import math
import statistics
from typing import Any

ORDER = ("tiny", "small", "medium", "big", "large")


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
            rows.append([query, _ms(e["disk_s"]), _ms(e.get("disk_cpu_s")), _ms(e.get("memory_s")), _f(e["rows"]),
                         _ms(e.get("rdflib_s")), _ratio(e.get("ratio")),
                         "" if e.get("same_rows", True) else "**differ**"])
        disk = [e["disk_s"] for e in q["queries"].values()]
        ratios = [e["ratio"] for e in q["queries"].values() if e.get("ratio")]
        summary = (f"{len(disk)} queries, {_f(q['quads'])} quads, store {_f(q['store_mib'], 0)} MiB on disk: "
                   f"slowest {_ms(max(disk))} ms on disk, {sum(d <= 0.05 for d in disk)} at or under 50 ms")
        if ratios:
            summary += (f"; rdflib ÷ ours: median {statistics.median(ratios):.1f}×, min {min(ratios):.1f}×, "
                        f"{sum(r >= 3 for r in ratios)} of {len(ratios)} at 3× or more")
        else:
            summary += "; rdflib not run (at this size, or `--no-peer`)"
        out += [f"### Saved queries, {name} ({_f(s.get('docs'))} documents)", "", summary, "",
                *_table(["query", "disk ms", "disk CPU ms", "memory ms", "rows", "rdflib ms", "ratio",
                         "rows vs rdflib"], rows), ""]
    return ["## Saved queries", "",
            "Median of the runs after a warm-up, through `enfance_kg.store.run_query` (pyoxigraph in-process), on "
            "the store on disk and on an in-memory copy; peer: rdflib evaluating the same text over the same quads "
            "(`Dataset(default_union=True)`). Timed, for both engines: the query and every cell of every row read "
            "as that engine's terms; the rows are then compared as multisets (numbers by value), outside the "
            "timing. `disk CPU ms`: the median CPU time of the same runs (what the query cost, whatever share of "
            "the shared cores it got). Ratio = rdflib ms ÷ ours on disk.", "",
            *out, *_query_growth(scales)] if out else []


#: the two scales the growth target of issue 14 names: ~351k and ~1.04M quads (1,000 and 3,000 documents)
GROWTH_SCALES = ("big", "large")
GROWTH_LIMIT = 1.2


def query_growth(scales: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per saved query, from the ``big`` scale to the ``large`` one: how its time on disk grew beside the data
    and beside its rows. ``over_data`` = time factor ÷ data factor (the target: ≤ 1.2); ``over_output`` = time
    factor ÷ the larger of the data factor and the row factor, for a query whose answer grows faster than the
    data (``disagreements``, whose disputed amounts are a growing share of the figures): no engine answers
    more rows in the time of fewer."""
    found = dict(scales)
    a, b = (found.get(n, {}).get("queries") for n in GROWTH_SCALES)
    if not a or not b:
        return {}
    data = b["quads"] / a["quads"]
    out: dict[str, dict[str, Any]] = {}
    key = "disk_cpu_s" if all("disk_cpu_s" in e for q in (a, b) for e in q["queries"].values()) else "disk_s"
    for name, qa in a["queries"].items():
        qb = b["queries"].get(name)
        if not qb or not qa[key] or not qb[key]:
            continue
        time_factor = qb[key] / qa[key]
        row_factor = qb["rows"] / qa["rows"] if qa["rows"] and qb["rows"] else None
        out[name] = {"a": qa, "b": qb, "key": key, "data": data, "time": time_factor, "rows": row_factor,
                     "over_data": time_factor / data, "over_output": time_factor / max(data, row_factor or 0.0)}
    return out


def _per_row_us(e: dict[str, Any], key: str) -> str:
    return _f(e[key] / e["rows"] * 1e6, 0) if e["rows"] else "–"


def _query_growth(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    growth = query_growth(scales)
    if not growth:
        return []
    rows = []
    for name, g in growth.items():
        verdict = ("as the data or slower" if g["over_data"] <= GROWTH_LIMIT else
                   "as its rows (which grow faster than the data)" if g["over_output"] <= GROWTH_LIMIT else
                   "**faster than the data and its rows**")
        k = g["key"]
        rows.append([name, _ms(g["a"][k]), _ms(g["b"][k]), _f(g["a"]["rows"]), _f(g["b"]["rows"]),
                     _per_row_us(g["a"], k), _per_row_us(g["b"], k), f"{g['time']:.2f}",
                     "–" if g["rows"] is None else f"{g['rows']:.2f}", f"{g['over_data']:.2f}",
                     f"{g['over_output']:.2f}", verdict])
    a, b = (dict(scales)[n]["queries"]["quads"] for n in GROWTH_SCALES)
    what = "median CPU time" if next(iter(growth.values()))["key"] == "disk_cpu_s" else "median"
    return [f"### Growth per saved query, {GROWTH_SCALES[0]} → {GROWTH_SCALES[1]}", "",
            f"On disk, {what}, from {a:,} to {b:,} quads (data ×{b / a:.2f}). `÷ data` = time factor ÷ data "
            f"factor (issue 14: ≤ {GROWTH_LIMIT}); `÷ output` = time factor ÷ the larger of the data factor and "
            "the row factor, for a query whose answer grows faster than the data; µs/row = time ÷ rows.", "",
            *_table(["query", f"{GROWTH_SCALES[0]} ms", f"{GROWTH_SCALES[1]} ms", "rows", "rows", "µs/row",
                     "µs/row", "time ×", "rows ×", "÷ data", "÷ output", "grows"], rows), ""]


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
                             _f(m.get("cpu_ms_per_request"), 2),
                             _ratio(m["rps"] / peer if peer and label != v["peer"] else None)])
        out += [f"### Serving, {name} ({_f(s.get('docs'))} documents, {_f(v.get('quads'))} quads)", "",
                f"{v['connections']} connections, {v['seconds']:g} s per row ({v['tool']}); ratio = requests/s ÷ "
                f"{v['peer']}'s on the same request. `CPU ms/request`: the CPU time all the server's processes "
                "used during the row ÷ its requests — what a request costs, whatever share of the shared cores each "
                "server got (a server with 16 threads gets more of them than one with 2 worker processes).", "",
                *_table(["request", "server", "req/s", "p50 ms", "p99 ms", "errors", "rows", "bytes", "CPU ms/request",
                         "ratio"], rows),
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


def _peer_cell(v: dict[str, Any], label: str, key: str, ours_key: str) -> str:
    """A validation peer's seconds and how many times ours (or that it failed, or did not run)."""
    found = v["peers"].get(label, {})
    if "error" in found:
        return "fails"
    if key not in found:
        return "–"
    return f"{found[key]:,.2f} s ({found[key] / v['ours'][ours_key]:,.0f}×)"


def _validation(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    rows = []
    for name, s in scales:
        v = s.get("validation")
        if not v or "ours" not in v:
            continue
        ours = v["ours"]
        rows.append([name, _f(ours["triples"], 0), _ms(ours["doc"]), _ms(ours["doc95"]), _f(ours["warm"], 2),
                     _f(ours["cold"], 2), _peer_cell(v, "pyshacl on rdflib", "doc", "doc"),
                     _peer_cell(v, "pyshacl on rdflib", "whole", "warm"),
                     _peer_cell(v, "pyshacl on Oxigraph", "whole", "warm"), _peer_cell(v, "pyrudof", "whole", "warm")])
    if not rows:
        return []
    return ["## Validation", "", "Every shape (severity `info`), through `bench/bench_validate.py`: ours is "
            "`enfance_kg.validation` (the shapes compiled to SPARQL, run on the store; the ontology and reference "
            "context validated once and cached), per document over up to 50 documents (median, 95th percentile) and "
            "for the whole store warm and cold; the peers run once, on the same store, up to the size each "
            "manages; (N×) = the peer's time ÷ ours.", "",
            *_table(["scale", "triples", "ours per doc ms", "p95 ms", "ours whole s", "cold s",
                     "pyshacl/rdflib per doc", "pyshacl/rdflib whole", "pyshacl/Oxigraph whole", "pyrudof whole"],
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
    if s.get("validation", {}).get("ours"):
        found["whole-store validation, warm (s)"] = s["validation"]["ours"]["warm"]
        found["per-document validation (s)"] = s["validation"]["ours"]["doc"]
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
                 " ".join(str(x) for x in s["machine"]["load_average"]), _measured(s)] for n, s in scales]
    lines += [*_table(["scale", "documents", "last run at", "machine", "load average at its start",
                       "each measure: ended at (UTC), load average then"], machines), ""]
    for part in (_targets, _build, _queries, _serving, _load, _validation, _memory, _growth):
        lines += part(scales)
        if part is _targets:
            lines += _interleaved_targets(results.get("interleaved_growth"))
        if part is _queries:
            lines += _interleaved_growth(results.get("interleaved_growth"))
    return "\n".join(lines).rstrip() + "\n"


def _interleaved_targets(found: dict[str, Any] | None) -> list[str]:
    """The growth target again, from the interleaved measure (``bench_queries.py --interleave --record``)."""
    if not found:
        return []
    steps = {name: q["growth"][-1] for name, q in found["queries"].items()}
    rows = []
    for key, text in (("over_data", "no saved query's time grows > 1.2× faster than the data (disk, interleaved)"),
                      ("over_output", "… than the data or its rows, whichever grows faster (interleaved)")):
        worst = max(steps, key=lambda n: steps[n][key])
        rows.append([text, f"{found['docs'][0]:,} → {found['docs'][-1]:,} documents",
                     f"{steps[worst][key]:.2f} ({worst})", _check(steps[worst][key] <= GROWTH_LIMIT)])
    return [f"Growth measured with the runs alternating between the two stores ({found.get('run_at', '–')}, "
            f"load average {found.get('load_average', '–')}): what the growth rows above mean, without the load "
            "of two separate runs weighing differently on each scale.", "",
            *_table(["target", "scales", "measured", ""], rows), ""]


def _interleaved_growth(found: dict[str, Any] | None) -> list[str]:
    """Each saved query's growth, its runs alternating between the stores (``bench_queries.py --interleave``)."""
    if not found:
        return []
    a, b = found["quads"][0], found["quads"][-1]
    rows = []
    for name, q in found["queries"].items():
        step = q["growth"][-1]
        rows.append([name, _ms(q["cpu_s"][0]), _ms(q["cpu_s"][-1]), _f(q["rows"][0]), _f(q["rows"][-1]),
                     f"{step['over_data']:.2f}", f"{step['over_output']:.2f}",
                     "" if step["over_output"] <= GROWTH_LIMIT else "**faster than the data and its rows**"])
    return [f"### Growth per saved query, interleaved ({found['docs'][0]:,} → {found['docs'][-1]:,} documents)", "",
            f"`bench/bench_queries.py --docs {found['docs'][0]} --docs {found['docs'][-1]} --interleave --record`, "
            f"run at {found.get('run_at', '–')} (load average {found.get('load_average', '–')}): each query's runs "
            f"alternate between the two stores, so that the machine's load weighs on both alike; median CPU time on "
            f"disk, from {a:,} to {b:,} quads (data ×{b / a:.2f}); `÷ data` and `÷ output` as below.", "",
            *_table(["query", f"{found['docs'][0]:,} docs CPU ms", f"{found['docs'][-1]:,} docs CPU ms", "rows",
                     "rows", "÷ data", "÷ output", ""], rows), ""]


def _measured(s: dict[str, Any]) -> str:
    """When each measure of a scale ended and the load then: a run of one measure (``--only``) replaces that
    measure and the scale's date, not the others' figures, which keep the date and load they were taken at."""
    parts = []
    for name, m in s.items():
        machine = m.get("machine") if isinstance(m, dict) else None
        if machine:
            load = " ".join(str(x) for x in machine["load_average"])
            parts.append(f"{name} {machine['date'].removesuffix(' UTC')} ({load})")
    return "; ".join(parts) or "–"


def _check(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def _serving_targets(name: str, s: dict[str, Any]) -> list[list[str]]:
    v = s.get("serving")
    if not v:
        return []
    rows = []
    t = v["targets"]

    def ratio(request: str, label: str) -> float | None:
        peer = t.get(request, {}).get(v["peer"], {}).get("rps")
        ours = t.get(request, {}).get(label, {}).get("rps")
        return ours / peer if ours and peer else None

    heavy = "heavy saved query (/sparql)"
    for label, goal, text in (("ours, on disk, cache off", 0.95, "heavy query uncached, on disk ≥ 0.95× oxigraph"),
                              ("ours, in memory, cache off", 3.0, "heavy query uncached, in memory ≥ 3× oxigraph"),
                              ("ours, on disk, cache on", 100.0, "heavy query, cache on ≥ 100× oxigraph")):
        r = ratio(heavy, label)
        rows.append([text, name, _ratio(r), _check(None if r is None else r >= goal)])
    p99 = t.get(heavy, {}).get("ours, on disk, cache on", {}).get("p99_ms")
    rows.append(["heavy query, cache on: p99 ≤ 10 ms", name, _f(p99, 2) + " ms",
                 _check(None if p99 is None else p99 <= 10)])
    for request in ("LD page (Turtle)", "ASK {}"):
        for label in ("ours, on disk, cache off", "ours, on disk, cache on"):
            r = ratio(request, label)
            rows.append([f"{request} ≥ 0.25× oxigraph ({label.removeprefix('ours, ')})", name, _ratio(r),
                         _check(None if r is None else r >= 0.25)])
    return rows


def _targets(scales: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Each target of issue 12 beside the figure measured (at the scale it names, or at every scale)."""
    rows: list[list[str]] = []
    found = dict(scales)
    for name, s in scales:
        if name != "tiny":
            rows += _serving_targets(name, s)
    medium, large = found.get("medium", {}), found.get("large", {})
    if medium.get("queries"):
        q = medium["queries"]["queries"].values()
        slowest = max(e["disk_s"] for e in q)
        ratios = [e["ratio"] for e in q if e.get("ratio")]
        rows.append(["every saved query ≤ 50 ms on disk (~100k quads)", "medium", _ms(slowest) + " ms (slowest)",
                     _check(slowest <= 0.05)])
        if all("disk_cpu_s" in e for e in q):
            cpu = max(q, key=lambda e: e["disk_cpu_s"])["disk_cpu_s"]
            rows.append(["… in CPU time (what a query costs, whatever the machine's load)", "medium",
                         _ms(cpu) + " ms (slowest)", _check(cpu <= 0.05)])
        if ratios:
            rows.append(["median ratio against rdflib ≥ 10×", "medium", _ratio(statistics.median(ratios)),
                         _check(statistics.median(ratios) >= 10)])
            rows.append(["no query below 3× rdflib", "medium", _ratio(min(ratios)) + " (lowest)",
                         _check(min(ratios) >= 3)])
    growth = query_growth(scales)
    if growth:
        span = f"{GROWTH_SCALES[0]} → {GROWTH_SCALES[1]}"
        for key, text in (("over_data", "no saved query's time grows > 1.2× faster than the data (disk)"),
                          ("over_output", "… than the data or its rows, whichever grows faster")):
            worst = max(growth, key=lambda n: growth[n][key])
            rows.append([text, span, f"{growth[worst][key]:.2f} ({worst})", _check(growth[worst][key] <= GROWTH_LIMIT)])
    for name, s in scales:
        b = s.get("build")
        if b and name != "tiny":
            per_core = b["workers"]["1"]["words_per_second_per_core"]
            rows.append(["build ≥ 2,000 words/s per core, end to end", name, _f(per_core, 0),
                         _check(per_core >= 2000)])
            if b.get("speedup_2_workers"):
                rows.append(["build ≥ 1.8× with 2 workers", name, _ratio(b["speedup_2_workers"]),
                             _check(b["speedup_2_workers"] >= 1.8)])
    for name, s in scales:
        v = s.get("validation", {}).get("ours")
        if v and name != "tiny":
            rows.append(["SHACL per document < 100 ms", name, _ms(v["doc"]) + " ms", _check(v["doc"] < 0.1)])
    for name, limit in (("medium", 3.0), ("large", 30.0)):
        v = found.get(name, {}).get("validation", {}).get("ours")
        if v:
            rows.append([f"SHACL whole store ≤ {limit:g} s", name, _f(v["warm"], 2) + " s", _check(v["warm"] <= limit)])
    for name, limit, s in (("medium", 150, medium), ("large", 300, large)):
        memory = s.get("serving", {}).get("memory", {})
        for label in ("ours, on disk, cache off", "ours, on disk, cache on"):
            if label in memory:
                worst = max(memory[label]["idle_mib"], memory[label]["loaded_mib"])
                rows.append([f"server RSS ≤ {limit} MiB on disk ({label.removeprefix('ours, on disk, ')})", name,
                             _f(worst, 0) + " MiB (under load)", _check(worst <= limit)])
    for name, s in scales:
        v = s.get("load")
        if v and name != "tiny":
            rows.append(["load test: 0 errors", name, _f(v["errors"]), _check(v["errors"] == 0)])
            rows.append(["load test: RSS flat (growth ≤ 1.10×)", name, _ratio(v["rss_growth"]),
                         _check(v["rss_growth"] is not None and v["rss_growth"] <= 1.10)])
    if not rows:
        return []
    return ["## Targets (issue 12)", "", "Each target beside the figure of the same run.", "",
            *_table(["target", "scale", "measured", ""], rows), ""]
