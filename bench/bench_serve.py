"""Serving and load over HTTP: our server (cache off and on, store on disk and in memory) against
``oxigraph serve-read-only`` (Rust) on the same build, with ``wrk`` on the loopback.

    .venv/bin/python bench/bench_serve.py --docs 300 [--seconds 10] [--load 60]

``serving``: for each request — the heavy saved query (``fundings`` without parameters: every funding
with its funder, recipient, amount and evidence) sent as SPARQL text to ``/sparql`` (and, for ours, as
``/queries/fundings`` too), a Linked Data page (ours: ``/id/departement/77`` as Turtle; Oxigraph:
``DESCRIBE`` of the same IRI) and ``ASK {}`` — requests/s, p50 and p99 at 16 connections for
``--seconds``, after a warm-up request; the server's resident set idle and under that load.
``load``: 64 connections for ``--load`` seconds over a mix of saved queries, pages and ``/sparql``
against our server as it runs by default, errors counted, the resident set sampled every second.
A benchmark, not a test: nothing here asserts a time. Sends the requests with ``wrk`` (Debian: ``apt-get
install wrk``) when it is installed, else with threads of httpx clients (the table says which).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PEER = "oxigraph serve-read-only"
JSON = "application/sparql-results+json"
LD_IRI = "https://w3id.org/enfance-kg/id/departement/77"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tree_sum(pid: int, measure: Callable[[Any], float]) -> float:
    """``measure`` summed over a process and all its descendants (our server's forkserver and query workers)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            total += measure(process)
        except psutil.NoSuchProcess:
            continue
    return total


def _rss_mib(pid: int) -> float:
    """The resident set of a process and all its descendants, in MiB."""
    return _tree_sum(pid, lambda p: p.memory_info().rss) / 2**20


@dataclass
class Server:
    """A server process on a loopback port, stopped on exit."""

    label: str
    command: list[str]
    query_path: str  # where SPARQL goes
    port: int = field(default_factory=_free_port)
    process: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        import httpx

        command = [part.replace("{port}", str(self.port)) for part in self.command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(self.url + self.query_path, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"{self.label} did not start within 180 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def rss_mib(self) -> float:
        return _rss_mib(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far: on a shared machine, what a
        request costs whatever share of the cores each server gets (a server with more threads gets more)."""
        return _tree_sum(self.process.pid, lambda p: sum(p.cpu_times()[:2]))


def ours(folder: Path, *, cache: bool, in_memory: bool | None) -> Server:
    binary = str(Path(sys.executable).with_name("enfance-kg"))
    memory = [] if in_memory is None else ["--in-memory" if in_memory else "--on-disk"]
    label = f"ours, {'in memory' if in_memory else 'on disk' if in_memory is False else 'default'}, " \
            f"cache {'on' if cache else 'off'}"
    return Server(label, [binary, "serve", "--store", str(folder), "--port", "{port}", "--workers", "2", *memory,
                          *([] if cache else ["--no-cache"])], "/sparql")


def oxigraph(folder: Path) -> Server:
    from measures import oxigraph_binary

    from enfance_kg import store as kg_store

    build = kg_store.current_build(folder)
    # our queries' default graph is the union of the graphs (enfance_kg.store.run_query): the same for Oxigraph
    return Server(PEER, [oxigraph_binary(), "serve-read-only", "--location", str(build), "--union-default-graph",
                         "--bind", "127.0.0.1:{port}"], "/query")


# --------------------------------------------------------------------------- wrk

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, p50/p99 (ms) and errors (socket errors and non-2xx/3xx answers) from ``wrk --latency``."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    requests = re.search(r"(\d+) requests in", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return {"rps": float(rate.group(1)) if rate else 0.0, "requests": int(requests.group(1)) if requests else 0,
            "p50_ms": _ms(percentiles["50"]) if "50" in percentiles else None,
            "p99_ms": _ms(percentiles["99"]) if "99" in percentiles else None,
            "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0)}


_MIX_SCRIPT = """
local paths = {%s}
local accepts = {%s}
local i = 0
request = function()
  i = i + 1
  local n = (i %% #paths) + 1
  return wrk.format("GET", paths[n], {["Accept"] = accepts[n]})
end
"""


def tool() -> str:
    """What sends the requests: ``wrk`` when installed, else threads of httpx clients (slower: a Python client
    on the same two cores costs more than the server's answer to a cached request)."""
    return "wrk -t2" if shutil.which("wrk") else "python threads (httpx)"


def hammer(base: str, targets: list[tuple[str, str]], *, connections: int, seconds: float) -> dict[str, Any]:
    """``connections`` clients sending ``targets`` (path, Accept) round robin for ``seconds``."""
    if not shutil.which("wrk"):
        return _threads(base, targets, connections=connections, seconds=seconds)
    # wrk takes whole seconds, and at least one connection per thread
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
               "--latency", "--timeout", "30s"]
    with tempfile.TemporaryDirectory() as tmp:
        if len(targets) > 1:
            script = Path(tmp) / "mix.lua"
            script.write_text(_MIX_SCRIPT % (", ".join(json.dumps(p) for p, _ in targets),
                                             ", ".join(json.dumps(a) for _, a in targets)))
            command += ["-s", str(script), base + "/"]
        else:
            command += ["-H", f"Accept: {targets[0][1]}", base + targets[0][0]]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _threads(base: str, targets: list[tuple[str, str]], *, connections: int, seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(first: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as http:
            turn = first
            while time.monotonic() < deadline:
                path, accept = targets[turn % len(targets)]
                turn += 1
                started = time.perf_counter()
                try:
                    failed = http.get(path, headers={"accept": accept}).status_code >= 400
                except httpx.HTTPError:
                    failed = True
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99 or [0.0] * 99
    return {"rps": len(latencies) / elapsed, "requests": len(latencies), "p50_ms": cuts[49], "p99_ms": cuts[98],
            "errors": errors}


class Sampler:
    """The resident set of a server, sampled every ``every`` seconds in a thread."""

    def __init__(self, server: Server, every: float = 1.0) -> None:
        self.server, self.every, self.samples = server, every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.server.rss_mib())
            self._stop.wait(self.every)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


# --------------------------------------------------------------------------- the measures


def _heavy_text() -> str:
    """The saved query's text without its comment lines and indentation: a GET's URL must stay under the
    8 KiB Oxigraph's server accepts."""
    from enfance_kg import saved_queries

    lines = (line.strip() for line in saved_queries.get("fundings").text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("#"))


def _requests(server: Server) -> dict[str, tuple[str, str]]:
    """The requests of the serving table for one server: name → (path and query, Accept)."""
    sparql = server.query_path + "?query="
    found = {"heavy saved query (/sparql)": (sparql + quote(_heavy_text()), JSON),
             "LD page (Turtle)": (("/id/departement/77", "text/turtle") if server.label != PEER else
                                  (sparql + quote(f"DESCRIBE <{LD_IRI}>"), "text/turtle")),
             "ASK {}": (sparql + quote("ASK {}"), JSON)}
    if server.label != PEER:
        found["heavy saved query (/queries/fundings)"] = ("/queries/fundings", JSON)
    return found


def _warm(server: Server, path: str, accept: str) -> dict[str, Any]:
    """One request before the timed ones; what it answered (bytes, and rows for a JSON result), to check that
    both servers answer the same."""
    import httpx

    answer = httpx.get(server.url + path, headers={"accept": accept}, timeout=120)
    answer.raise_for_status()
    rows = None
    if answer.headers.get("content-type", "").startswith("application/sparql-results+json"):
        found = answer.json()
        rows = len(found["results"]["bindings"]) if "results" in found else int(found["boolean"])
    return {"answer_bytes": len(answer.content), "rows": rows}


SERVERS = ("oxigraph", "disk", "memory", "cached")


def serving(folder: Path, *, seconds: float, connections: int = 16,
            servers: tuple[str, ...] = SERVERS) -> dict[str, Any]:
    """The serving table: every request on every server (of :data:`SERVERS`), and each one's resident set."""
    from enfance_kg import store as kg_store

    made = {"oxigraph": lambda: oxigraph(folder), "disk": lambda: ours(folder, cache=False, in_memory=False),
            "memory": lambda: ours(folder, cache=False, in_memory=True),
            "cached": lambda: ours(folder, cache=True, in_memory=False)}
    result: dict[str, Any] = {"connections": connections, "seconds": seconds, "peer": PEER, "tool": tool(),
                              "quads": len(kg_store.open_store(folder)), "targets": {}, "memory": {}}
    for server in (made[name]() for name in servers):
        with server:
            idle = server.rss_mib()
            with Sampler(server) as sampler:
                for name, (path, accept) in _requests(server).items():
                    answered = _warm(server, path, accept)
                    cpu = server.cpu_seconds()
                    measured = {**hammer(server.url, [(path, accept)], connections=connections, seconds=seconds),
                                **answered}
                    cpu = server.cpu_seconds() - cpu
                    measured["cpu_ms_per_request"] = cpu * 1000 / measured["requests"] if measured["requests"] else None
                    result["targets"].setdefault(name, {})[server.label] = measured
                    print(f"  {server.label:<30} {name:<38} {measured['rps']:9.1f} req/s  p50 "
                          f"{measured['p50_ms']:8.2f} ms  p99 {measured['p99_ms']:8.2f} ms  errors "
                          f"{measured['errors']}", flush=True)
            result["memory"][server.label] = {"idle_mib": idle, "loaded_mib": max(sampler.samples, default=idle)}
    return result


def _mix() -> list[tuple[str, str]]:
    """The load test's requests: saved queries with their example values, pages, ``/sparql``."""
    from urllib.parse import urlencode

    from enfance_kg import saved_queries
    from server.routers.queries import example_values

    mix = []
    for name in saved_queries.names():
        query = saved_queries.get(name)
        values = example_values(query)
        accept = JSON if query.form in ("SELECT", "ASK") else "text/turtle"
        mix.append((f"/queries/{name}" + (f"?{urlencode(values)}" if values else ""), accept))
    mix += [("/id/departement/77", "text/html"), ("/id/departement/77", "text/turtle"),
            ("/id/departement/92", "text/html"), ("/sparql?query=" + quote("ASK {}"), JSON),
            ("/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"), JSON),
            ("/queries", "application/json"), ("/.well-known/void", "text/turtle")]
    return mix


def load(folder: Path, *, seconds: float, connections: int = 64) -> dict[str, Any]:
    """64 connections over the mix for ``seconds`` against our server as it runs by default."""
    server = ours(folder, cache=True, in_memory=None)
    mix = _mix()
    with server:
        for path, accept in mix:  # the warm-up: every request once
            _warm(server, path, accept)
        with Sampler(server) as sampler:
            measured = hammer(server.url, mix, connections=connections, seconds=seconds)
    samples = sampler.samples or [0.0]
    tenth = max(1, len(samples) // 10)
    start, end = statistics.mean(samples[:tenth]), statistics.mean(samples[-tenth:])
    result = {**measured, "connections": connections, "seconds": seconds, "config": server.label, "tool": tool(),
              "mix": [p.split("?")[0] for p, _ in mix], "rss_mib": [round(s, 1) for s in samples],
              "rss_after_warmup_mib": start, "rss_end_mib": end, "rss_max_mib": max(samples),
              "rss_growth": end / start if start else None}
    print(f"  {connections} clients {seconds:g} s: {measured['requests']} requests, {measured['errors']} errors, "
          f"{measured['rps']:.0f} req/s, p50 {measured['p50_ms']:.1f} ms, p99 {measured['p99_ms']:.1f} ms; RSS "
          f"{start:.0f} → {end:.0f} MiB (max {max(samples):.0f})", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="generated corpus size (default 300)")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds per serving row (default 10)")
    ap.add_argument("--load", type=float, default=60.0, help="seconds of the load test (default 60; 0: none)")
    args = ap.parse_args(argv)
    import measures

    folder = measures.store(args.docs)
    serving(folder, seconds=args.seconds)
    if args.load:
        load(folder, seconds=args.load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
