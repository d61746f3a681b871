"""A cache of whole answers: the served build never changes once written, so an answer stays right.

An answer (status, headers, body) is kept under the request that asked for it — the path (the saved
query's name, the resource, ``/sparql``), the query string (the query text, the bound parameters, the
``format=`` and ``timeout=`` asked), the headers that choose the representation (``Accept``,
``Accept-Language``), the host and scheme the links are written with — and the id of the build it was
answered from. A new build swapped in changes that id: the next request misses, and
the first one on the new build empties the cache of the old build's answers. Nothing is ever stale, so
nothing needs invalidating.

Only GET requests are answered from it (a POSTed query goes to the query service, whose own cache of answers
may still hold it), and only ``200`` answers are
kept, whole: an answer cut at the row limit (``X-Row-Limit``), a query stopped at the time limit (503), an
error, an answer larger than ``largest`` bytes, or one that says ``Cache-Control: no-store`` is answered
and forgotten. The cache is an LRU bounded by the bytes it holds (bodies, headers and keys). Every answer
it could have served says ``X-Cache: hit`` or ``miss``. Identical requests arriving while the first is
being answered wait for its answer instead of running the same query again. It sits inside the
conditional-GET, security and CORS layers, so a hit gets the same ETag and headers as a miss.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from enfance_kg.errors import EnfanceKGError
from enfance_kg.lru import LRU

#: the answers that depend on the build only (``/healthz``, the static files and the home page do not go here)
CACHED_PREFIXES = ("/sparql", "/queries/", "/id/", "/graph/", "/ontology", "/.well-known/void", "/search")
HEADER = b"x-cache"
_CHOOSERS = ("accept", "accept-language", "host")  # no layer of ours varies on Accept-Encoding
_OVERHEAD = 200  # bytes of bookkeeping per entry, beyond what is measured


@dataclass(frozen=True)
class Entry:
    """A whole answer as it was sent."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + _OVERHEAD


class AnswerCache:
    """An LRU of answers for one build at a time, bounded by ``budget`` bytes; ``largest`` bounds one answer.

    >>> cache = AnswerCache(budget=10_000)
    >>> cache.put("b1", ("/sparql",), Entry(200, (), b"yes"))
    >>> cache.get("b1", ("/sparql",)).body, cache.get("b2", ("/sparql",)), len(cache)
    (b'yes', None, 0)
    """

    def __init__(self, budget: int, largest: int | None = None) -> None:
        self.hits = self.misses = 0
        self.build: Any = None
        self._lru: LRU[tuple[Any, ...], Entry] = LRU(
            budget, budget // 8 if largest is None else largest, size=lambda entry: entry.size,
            key_size=lambda key: sum(len(str(part)) for part in key))

    @property
    def budget(self) -> int:
        return self._lru.budget

    @property
    def largest(self) -> int:
        return self._lru.largest

    @property
    def used(self) -> int:
        return self._lru.used

    def __len__(self) -> int:
        return len(self._lru.items)

    def _on(self, build: Any) -> None:
        if build != self.build:  # a new build: the old one's answers will never be asked for again
            self._lru.clear()
            self.build = build

    def get(self, build: Any, key: tuple[Any, ...]) -> Entry | None:
        self._on(build)
        found = self._lru.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, build: Any, key: tuple[Any, ...], entry: Entry) -> None:
        self._on(build)
        self._lru.put(key, entry)


def _keep(entry: Entry) -> bool:
    """Whether an answer may be served again: whole, successful, and not marked ``no-store``."""
    if entry.status != 200:
        return False
    headers = Headers(raw=list(entry.headers))
    return "x-row-limit" not in headers and "no-store" not in headers.get("cache-control", "").lower()


class CachedAnswers:
    """ASGI middleware answering repeated GET requests from an :class:`AnswerCache`.

    ``build`` returns the served build (an object with an ``id``); when it cannot say (no store yet),
    the request goes through uncached.
    """

    def __init__(self, app: ASGIApp, cache: AnswerCache, build: Callable[[], Any]) -> None:
        self.app = app
        self.cache = cache
        self.build = build
        self._running: dict[tuple[Any, ...], asyncio.Event] = {}  # the requests answering a key now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or not path.startswith(CACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        try:
            build = self.build().id
        except (EnfanceKGError, OSError):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = (scope.get("scheme", "http"), scope.get("root_path", ""), path, scope.get("query_string", b""),
               *(headers.get(name, "") for name in _CHOOSERS))
        found = self.cache.get(build, key)
        running = self._running.get((build, *key))
        if found is None and running is not None:
            # the same request is being answered: wait for it rather than run the same query again (a burst
            # of identical requests on a slow query runs it once); if its answer was not kept, run it here
            await running.wait()
            found = self.cache.get(build, key)
        if found is not None:
            await send({"type": "http.response.start", "status": found.status,
                        "headers": [*found.headers, (HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": found.body})
            return
        flight = (build, *key)
        leader = flight not in self._running
        if leader:
            self._running[flight] = asyncio.Event()
        try:
            await self._answer(scope, receive, send, build, key)
        finally:
            if leader:
                self._running.pop(flight).set()

    async def _answer(self, scope: Scope, receive: Receive, send: Send, build: Any, key: tuple[Any, ...]) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keeping = True

        async def recorded(message: Message) -> None:
            nonlocal start, size, keeping
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message.get("headers", []), (HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and keeping:
                body = message.get("body", b"")
                size += len(body)
                keeping = size <= self.cache.largest
                if keeping:
                    chunks.append(body)
                else:
                    chunks.clear()
                if keeping and not message.get("more_body", False) and start is not None:
                    entry = Entry(start["status"], tuple((bytes(k), bytes(v)) for k, v in start.get("headers", [])),
                                  b"".join(chunks))
                    if _keep(entry):
                        self.cache.put(build, key, entry)
            await send(message)

        await self.app(scope, receive, recorded)
