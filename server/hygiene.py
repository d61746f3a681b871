"""HTTP hygiene, as ASGI middleware: security headers, a bound on request bodies, and conditional GETs.

* every response carries a Content-Security-Policy without inline scripts (a route may set a looser
  one for its own page), ``X-Content-Type-Options: nosniff``, ``frame-ancestors 'none'`` and friends;
* a body longer than ``max_body`` is refused with 413, whether announced by ``Content-Length`` or not;
* a GET or HEAD of anything drawn from the store gets an ETag and a Last-Modified from the build it was
  drawn from: a build never changes once written, so the tag is a function of the build, the URL and
  the ``Accept`` header, and a matching ``If-None-Match`` (or ``If-Modified-Since``) gets 304 before any
  query runs. A new build changes every tag.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import metadata
from typing import Any

from starlette.datastructures import Headers, MutableHeaders

from enfance_kg.errors import StoreError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}
#: paths whose answers do not come from the store (or tag themselves)
UNTAGGED = ("/static/", "/healthz")


def _version() -> str:
    try:
        return metadata.version("enfance-kg")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("content-security-policy", CSP)
            await send(message)

        await self.app(scope, receive, with_headers)


class _HeadAnswered(Exception):
    """Raised into a handler still sending a body that a HEAD request does not want."""


class HeadAsGet:
    """HEAD answered as GET without the body (FastAPI routes declare GET only); a streamed body stops early."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        answered = False

        async def headers_only(message: Message) -> None:
            nonlocal answered
            if answered:
                raise _HeadAnswered
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body":
                await send({"type": "http.response.body", "body": b""})
                answered = True

        with contextlib.suppress(_HeadAnswered):
            await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyLimit:
    """413 for a request body past ``max_body`` bytes (the handler sees :class:`BodyTooLarge`)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from server.problems import BodyTooLarge

        length = Headers(scope=scope).get("content-length")
        limit = self.max_body
        message = f"the request body is larger than the {limit:,} bytes this server accepts"
        if length is not None and length.isdigit() and int(length) > limit:
            await _plain(send, 413, message)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(message)
            return event

        await self.app(scope, counted, send)


class ConditionalGet:
    """ETag and Last-Modified from the build; 304 when the client holds the same representation."""

    def __init__(self, app: ASGIApp, build: Callable[[], Any]) -> None:
        self.app = app
        self.build = build  # returns the BuildVersion served (enfance_kg.backend)
        self.version = _version()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or path.startswith(UNTAGGED):
            await self.app(scope, receive, send)
            return
        try:
            build = self.build()
        except StoreError:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        seed = "|".join((self.version, build.id, path, scope.get("query_string", b"").decode("latin-1"),
                         headers.get("accept", ""), headers.get("accept-encoding", "")))
        etag = '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'
        modified = int(build.modified.timestamp())
        last_modified = email.utils.formatdate(modified, usegmt=True)
        if _fresh(headers, etag, modified):
            await send({"type": "http.response.start", "status": 304, "headers": [
                (b"etag", etag.encode()), (b"last-modified", last_modified.encode()), (b"vary", b"Accept")]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                out = MutableHeaders(scope=message)
                out.setdefault("etag", etag)
                out.setdefault("last-modified", last_modified)
                out.setdefault("cache-control", "no-cache")  # may be stored, but revalidated: builds change
                vary = out.get("vary")
                out["vary"] = "Accept" if not vary else vary if "accept" in vary.lower() else f"{vary}, Accept"
            await send(message)

        await self.app(scope, receive, tagged)


def _fresh(headers: Headers, etag: str, modified: int) -> bool:
    match = headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return etag in tags or "*" in tags
    since = headers.get("if-modified-since")
    if since:
        try:
            parsed = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return parsed is not None and int(parsed.timestamp()) >= modified
    return False


async def _plain(send: Send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": (text + "\n").encode()})
