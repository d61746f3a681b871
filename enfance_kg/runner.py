"""Run queries where they can be stopped: worker processes that are killed at the time limit.

pyoxigraph cannot cancel a query from inside the process that runs it, so every query of the CLI
and of the server runs in a worker process with the store open read-only. The caller waits for
the answer up to the time limit; past it the worker is killed (its memory goes back to the
system with it) and replaced, and the caller gets :class:`~enfance_kg.errors.QueryTimeout`.
Ctrl-C while waiting kills the worker the same way. A worker that grew past a memory ceiling
retires after its answer.

Every request names the build it runs on (the folder ``current`` points at when the request
starts), so a new build swapped into the store folder is picked up by the next request, without
a restart. Answers are cached per build: a build never changes once written.

>>> import pathlib, tempfile
>>> from rdflib import Literal, URIRef
>>> from enfance_kg import store
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with store.new_build(folder) as s:
...     store.add_quads(s, [(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), URIRef("urn:g"))])
>>> with QueryRunner(folder, workers=1, timeout=30, start_method="fork") as runner:
...     runner.run(QueryRequest("SELECT ?o { ?s ?p ?o }")).table()
(['o'], [[rdflib.term.Literal('o')]])
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib.term import Node

from enfance_kg import store as kg_store
from enfance_kg.errors import EnfanceKGError, QueryRefused, QueryTimeout
from enfance_kg.iris import DEFAULT_BASE
from enfance_kg.lru import LRU
from enfance_kg.query_check import check_query

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkerCrashed(RuntimeError):
    """A query worker died while answering (killed by the system, out of memory, a crash)."""


@dataclass(frozen=True)
class QueryRequest:
    """One query to run: its text, bound values, dataset, output format and row window."""

    text: str
    format: str = "json"
    substitutions: tuple[tuple[str, Node], ...] = ()
    default_graph: tuple[str, ...] | None = None  # the Protocol's default-graph-uri
    named_graphs: tuple[str, ...] | None = None  # the Protocol's named-graph-uri
    base_iri: str | None = None
    max_rows: int | None = None
    offset: int = 0
    graph: str | None = None  # the graph a CONSTRUCT's triples go in, for TriG and N-Quads

    @classmethod
    def make(cls, text: str, *, substitutions: Mapping[str, Node] | None = None, **options: Any) -> QueryRequest:
        return cls(text, substitutions=tuple(sorted((substitutions or {}).items())), **options)


@dataclass
class _Worker:
    process: Any
    conn: Connection


@dataclass
class RunnerStatus:
    """What ``/healthz`` reports: workers alive, busy, and queries stopped at the limit so far."""

    size: int
    alive: int
    idle: int
    stopped: int
    cached: int = 0
    pids: tuple[int, ...] = ()


def answer_cache(budget: int) -> LRU[Any, kg_store.Answer]:
    """The answers of one runner, ``budget`` bytes of them (none over a sixteenth of it)."""
    return LRU(budget, largest=budget // 16, size=lambda answer: len(answer.data))


@dataclass
class QueryRunner:
    """A pool of ``workers`` query processes over the store in ``store_dir``.

    ``timeout`` (seconds) is the longest a query may run; a caller may ask for less, never more.
    ``base`` is the IRI base of our own graphs, which ``FROM`` and ``default-graph-uri`` may name
    (besides the store's named graphs). ``subject`` names who refuses an update in messages.
    ``start_method``: ``fork`` for a single-threaded command line, ``forkserver`` or ``spawn``
    for a server (forking a threaded process is unsafe).
    ``in_memory``: each worker answers from its own in-memory copy of the build (``True``), from
    the build on disk (``False``), or decides by the build's size (``None``, see
    :func:`enfance_kg.store.wants_memory`). A worker loads the build it starts on at once, so
    that :meth:`warm` pays the loading before the first query.
    """

    store_dir: Path
    workers: int = 2
    timeout: float = 60.0
    base: str = DEFAULT_BASE
    subject: str = "this endpoint"
    start_method: str = "forkserver"
    keep_warm: bool = True
    memory_ceiling: int = 2 * 1024**3
    in_memory: bool | None = False
    cache_budget: int = 64 * 1024**2
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue, init=False, repr=False)
    _workers: dict[int, _Worker] = field(default_factory=dict, init=False, repr=False)
    _starting: int = field(default=0, init=False, repr=False)
    _stopped: int = field(default=0, init=False, repr=False)
    _closed: bool = field(default=False, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.store_dir = Path(self.store_dir)
        self._context: Any = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            self._context.set_forkserver_preload(["enfance_kg.runner"])
        self._cache = answer_cache(self.cache_budget)

    # ------------------------------------------------------------------ life

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def warm(self) -> None:
        """Start every worker now rather than at the first queries."""
        for _ in range(self.workers):
            self._warm_one()

    def close(self) -> None:
        """Stop every worker (a running query is killed)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            self._kill(worker)

    def status(self) -> RunnerStatus:
        with self._lock:
            return RunnerStatus(self.workers, len(self._workers), self._idle.qsize(), self._stopped,
                                len(self._cache.items), tuple(sorted(self._workers)))

    # ------------------------------------------------------------------ running

    def build(self) -> Path:
        """The build that a request starting now runs on."""
        return kg_store.current_build(self.store_dir)

    def version(self) -> Any:
        """The build a request starting now runs on, as a :class:`enfance_kg.backend.BuildVersion`."""
        from enfance_kg.backend import BuildVersion

        build = self.build()
        return BuildVersion(build.name, dt.datetime.fromtimestamp(build.stat().st_mtime, tz=dt.UTC))

    def run(self, request: QueryRequest, *, timeout: float | None = None) -> kg_store.Answer:
        """Answer ``request`` on the current build, within ``timeout`` seconds (at most the runner's)."""
        limit = self.timeout if timeout is None else max(0.001, min(timeout, self.timeout))
        deadline = time.monotonic() + limit
        build = self.build()
        key = (build, request)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        worker = self._checkout(deadline, limit)
        healthy = False
        try:
            worker.conn.send((build, request))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                with self._lock:
                    self._stopped += 1
                raise QueryTimeout(f"the query ran past the time limit of {_seconds(limit)} and was stopped; "
                                   "narrow it (more specific patterns, a LIMIT) or raise the limit")
            status, payload, retire = worker.conn.recv()
            healthy = not retire
        except (EOFError, ConnectionError) as err:
            worker.process.join(1)
            code = worker.process.exitcode
            raise WorkerCrashed(f"the query worker stopped while answering (exit code {code}); "
                                "the query may need more memory than the server has") from err
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._discard(worker)
        if status == "error":
            raise payload
        self._cache.put(key, payload)
        return payload

    # ------------------------------------------------------------------ the pool

    def _checkout(self, deadline: float, limit: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = len(self._workers) + self._starting < self.workers and not self._closed
            if grow:
                self._starting += 1
        if grow:
            return self._start()
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout(f"all {self.workers} query workers stayed busy for {_seconds(limit)}; "
                               "try again in a moment") from None

    def _start(self) -> _Worker:
        """Start a worker (the caller has counted it in ``_starting``)."""
        try:
            parent, child = self._context.Pipe()
            first = self.build() if kg_store.has_store(self.store_dir) else None
            process = self._context.Process(target=_serve, args=(child, self.base, self.subject, self.memory_ceiling,
                                                                 self.in_memory, first), daemon=True)
            process.start()
            child.close()
            worker = _Worker(process, parent)
            with self._lock:
                self._workers[process.pid] = worker
            return worker
        finally:
            with self._lock:
                self._starting -= 1

    def _warm_one(self) -> None:
        with self._lock:
            if self._closed or len(self._workers) + self._starting >= self.workers:
                return
            self._starting += 1
        self._idle.put(self._start())

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.pop(worker.process.pid, None)
            warm = self.keep_warm and not self._closed
        self._kill(worker)
        if warm:
            threading.Thread(target=self._warm_one, name="query-worker-start", daemon=True).start()

    @staticmethod
    def _kill(worker: _Worker) -> None:
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)


def _seconds(value: float) -> str:
    return f"{value:g} s"


# --------------------------------------------------------------------------- in the worker


def _serve(conn: Connection, base: str, subject: str, memory_ceiling: int, in_memory: bool | None = False,
           first: Path | None = None) -> None:
    """A worker's loop: answer requests until the pipe closes. Ctrl-C is the parent's to handle.

    The worker opens ``first`` (the build current when it was started) before it waits for work.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    opened: tuple[Path, Any, set[str]] | None = None
    if first is not None:
        try:
            opened = _open(first, in_memory)
        except EnfanceKGError:
            opened = None  # reported by the first request, which opens it again
    while True:
        try:
            build, request = conn.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != build:
                opened = None  # close the old build before opening the new one
                opened = _open(build, in_memory)
            reply: tuple[str, Any] = ("ok", _answer(opened[1], opened[2], request, base, subject))
        except EnfanceKGError as err:
            reply = ("error", err)
        conn.send((*reply, _resident_bytes() > memory_ceiling))


def _open(build: Path, in_memory: bool | None) -> tuple[Path, Any, set[str]]:
    handle = kg_store.open_build(build, in_memory=in_memory)
    return build, handle, kg_store.graph_names(handle)


def _answer(handle: Any, graphs: set[str], request: QueryRequest, base: str, subject: str) -> kg_store.Answer:
    def ours(iri: str) -> bool:
        return iri in graphs or iri.startswith(base)

    checked = check_query(request.text, graph_allowed=ours, subject=subject)
    default_graph, named_graphs = request.default_graph, request.named_graphs
    for name, iris in (("default-graph-uri", default_graph), ("named-graph-uri", named_graphs)):
        for iri in iris or ():
            if not ours(iri):
                raise QueryRefused(f"{name} <{iri}> is refused: it is not one of the store's graphs, "
                                   f"and {subject} never fetches graphs from elsewhere")
    if default_graph is not None or named_graphs is not None:  # the Protocol's dataset wins over FROM
        default_graph, named_graphs = default_graph or (), named_graphs or ()
    elif checked.has_dataset:
        default_graph, named_graphs = checked.default_graphs, checked.named_graphs
    return kg_store.answer(handle, request.text, format=request.format, substitutions=dict(request.substitutions),
                           default_graph=default_graph, named_graphs=named_graphs, base_iri=request.base_iri,
                           max_rows=request.max_rows, offset=request.offset, graph=request.graph)


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0
