"""The data as a whole: gzipped dumps (streamed), the VoID description, and ``/healthz``."""

from __future__ import annotations

import gzip
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from enfance_kg import store as kg_store
from enfance_kg.errors import StoreError
from enfance_kg.runner import QueryRunner
from server import describe, negotiation
from server.deps import RunnerDep, ViewDep
from server.graph import GraphView
from server.negotiation import GRAPH_FORMATS

router = APIRouter(tags=["Data"])
CHUNK = 256 * 1024
_DONE = object()


class _Cancelled(Exception):
    """The client went away: stop writing the dump."""


class _GzipQueue:
    """A binary file whose writes are gzipped and handed over in chunks through a bounded queue."""

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event) -> None:
        self.chunks, self.cancelled = chunks, cancelled
        self.buffer = bytearray()
        self.gzip = gzip.GzipFile(fileobj=self, mode="wb", compresslevel=6, mtime=0)

    # the GzipFile writes its compressed bytes here
    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush_chunk()
        return len(data)

    def flush(self) -> None:
        pass

    def flush_chunk(self) -> None:
        if self.buffer:
            while True:
                if self.cancelled.is_set():
                    raise _Cancelled
                try:
                    self.chunks.put(bytes(self.buffer), timeout=0.5)
                    break
                except queue.Full:
                    continue
            self.buffer.clear()


class _Plain:
    """What the store writes into: every write goes through the gzip stream."""

    def __init__(self, target: _GzipQueue) -> None:
        self.target = target

    def write(self, data: bytes) -> int:
        self.target.gzip.write(data)
        return len(data)

    def flush(self) -> None:
        pass


def stream_dump(build: Path | Callable[[Any], None], fmt: str) -> Iterator[bytes]:
    """The build's dataset in ``fmt`` (``nquads``, ``trig``), gzipped, chunk by chunk: never all in memory.

    ``build`` is a build folder of the embedded store, or a function that writes the dataset to the
    file it is given (a remote store's graphs, read back whole)."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    cancelled = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        sink = _GzipQueue(chunks, cancelled)
        try:
            if callable(build):
                build(_Plain(sink))
            else:
                kg_store.dump(kg_store.open_build(build), _Plain(sink), format=fmt)  # type: ignore[arg-type]
            sink.gzip.close()
            sink.flush_chunk()
        except _Cancelled:
            return
        except (OSError, StoreError) as err:  # a store that went away mid-dump
            failure.append(err)
        finally:
            chunks.put(_DONE)

    threading.Thread(target=produce, name=f"dump-{fmt}", daemon=True).start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            yield chunk
        if failure:
            raise failure[0]
    finally:
        cancelled.set()


def _dump(runner: RunnerDep, fmt: str, extension: str) -> StreamingResponse:
    version = runner.version()
    name = f"enfance-kg-{version.id}.{extension}.gz"
    if isinstance(runner, QueryRunner):
        source: Path | Callable[[Any], None] = runner.build()
    else:  # a remote store: its graphs, one Graph Store GET each
        remote: Any = runner

        def source(output: Any) -> None:
            kg_store.dump_quads(remote.quads(), output, format=fmt)

    return StreamingResponse(stream_dump(source, fmt), media_type="application/gzip",
                             headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/dump.nq.gz", summary="The whole dataset as gzipped N-Quads, one named graph per document",
            response_class=StreamingResponse, responses={200: {"content": {"application/gzip": {}}}})
def dump_nquads(runner: RunnerDep) -> StreamingResponse:
    return _dump(runner, "nquads", "nq")


@router.get("/dump.trig.gz", summary="The whole dataset as gzipped TriG",
            response_class=StreamingResponse, responses={200: {"content": {"application/gzip": {}}}})
def dump_trig(runner: RunnerDep) -> StreamingResponse:
    return _dump(runner, "trig", "trig")


@router.get("/.well-known/void", summary="VoID and DCAT description: counts per class and per graph, dumps")
def void(request: Request, view: ViewDep) -> Response:
    fmt = negotiation.choose(request.headers.get("accept"), GRAPH_FORMATS,
                             override=request.query_params.get("format"))
    graph = describe.void_description(view, str(request.base_url))
    return Response(graph.serialize(format=describe.RDFLIB_FORMATS[fmt]),
                    media_type=negotiation.FORMATS[fmt].content_type)


def _counts(view: GraphView) -> dict[str, object] | None:
    stats = view.cached("stats")
    if stats is None:
        view.prepare("stats", view.stats)
        return None
    return {"triples": stats.triples, "graphs": len(stats.graphs), "documents": len(stats.documents), **stats.facts}


@router.get("/healthz", summary="Liveness: the build served, its counts, the query workers")
async def healthz(request: Request, runner: RunnerDep, view: ViewDep) -> JSONResponse:
    """Answers at once, whatever the queries do: it reads only what is already known."""
    cache = getattr(request.app.state, "cache", None)
    status = runner.status()
    try:
        build = runner.version().id
    except StoreError as err:
        return JSONResponse({"status": "unavailable", "reason": str(err)}, status_code=503)
    return JSONResponse({
        "status": "ok",
        "build": build,
        "counts": _counts(view),
        "workers": {"size": status.size, "alive": status.alive, "idle": status.idle},
        "queries_stopped_at_limit": status.stopped,
        "limits": {"timeout_seconds": runner.timeout},
        "cache": None if cache is None else {"answers": len(cache), "bytes": cache.used, "budget": cache.budget,
                                             "hits": cache.hits, "misses": cache.misses},
    })
