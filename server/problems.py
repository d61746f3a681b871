"""Errors mapped to HTTP at the edge, each with its own status; none carries a stack trace.

A problem is answered as HTML to a browser, as ``application/problem+json`` (RFC 9457) to a client
that asks for JSON, and as one line of plain text otherwise (what SPARQL clients show their users).

| error | status |
|---|---|
| an update, ``SERVICE``, a foreign graph (:class:`QueryRefused`) | 403 |
| a syntax error, an unknown prefix (:class:`QuerySyntaxError`), another bad query | 400 |
| a bad parameter of a saved query (:class:`ParameterError`) | 422 |
| a query past the time limit, all workers busy (:class:`QueryTimeout`), no store | 503 |
| no such resource | 404 |
| a query worker that died, anything unforeseen | 500 |
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from enfance_kg.errors import EnfanceKGError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, StoreError
from enfance_kg.runner import WorkerCrashed
from server import negotiation

log = logging.getLogger("enfance_kg.server")

TITLES = {400: "Bad request", 403: "Refused", 404: "Not found", 405: "Method not allowed", 406: "Not acceptable",
          413: "Request too large", 415: "Unsupported media type", 422: "Invalid parameter",
          500: "Internal error", 503: "Unavailable"}


class ParameterError(QueryError):
    """A saved query's parameter is missing, unknown or malformed (HTTP 422)."""

    def __init__(self, message: str, *, parameter: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.reason = reason or message


class BodyTooLarge(Exception):
    """A request body longer than the server accepts."""


def problem(request: Request, status: int, detail: str, *, headers: dict[str, str] | None = None,
            **extra: Any) -> Response:
    """A response for an error, in the form the client can read best."""
    title = TITLES.get(status, "Error")
    accept = request.headers.get("accept")
    if negotiation.prefers_html(accept):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            context = {"status": status, "title": title, "detail": detail, "extra": extra}
            return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)
    wants_json = any(t in (accept or "") for t in ("application/json", "application/problem+json"))
    if wants_json:
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                **{k: v for k, v in extra.items() if v is not None}}
        return Response(json.dumps(body, ensure_ascii=False), status, headers=headers,
                        media_type="application/problem+json")
    return Response(detail + "\n", status, headers=headers, media_type="text/plain; charset=utf-8")


def install(app: FastAPI) -> None:
    """Register the handlers that turn each error into its response."""

    def position(err: QuerySyntaxError) -> dict[str, Any]:
        return {"line": err.line, "column": err.column}

    async def refused(request: Request, err: Exception) -> Response:
        assert isinstance(err, QueryRefused)
        return problem(request, 403, str(err), **position(err))

    async def syntax(request: Request, err: Exception) -> Response:
        assert isinstance(err, QuerySyntaxError)
        return problem(request, 400, str(err), **position(err))

    async def parameter(request: Request, err: Exception) -> Response:
        assert isinstance(err, ParameterError)
        return problem(request, 422, str(err), parameter=err.parameter, reason=err.reason)

    async def bad_query(request: Request, err: Exception) -> Response:
        return problem(request, 400, str(err))

    async def timeout(request: Request, err: Exception) -> Response:
        return problem(request, 503, str(err), headers={"Retry-After": "5"})

    async def no_store(request: Request, err: Exception) -> Response:
        return problem(request, 503, str(err), headers={"Retry-After": "30"})

    async def crashed(request: Request, err: Exception) -> Response:
        log.error("query worker crashed: %s", err)
        return problem(request, 500, str(err))

    async def not_acceptable(request: Request, err: Exception) -> Response:
        assert isinstance(err, negotiation.NotAcceptable)
        offered = [negotiation.FORMATS[n].media_type for n in err.offered]
        return problem(request, 406, str(err), offered=offered)

    async def too_large(request: Request, err: Exception) -> Response:
        return problem(request, 413, str(err))

    async def http_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, HTTPException)
        detail = err.detail if isinstance(err.detail, str) else TITLES.get(err.status_code, "Error")
        return problem(request, err.status_code, detail, headers=dict(err.headers or {}))

    async def invalid(request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        return problem(request, 422, f"{where}: {first.get('msg', 'invalid')}", parameter=where or None)

    async def unforeseen(request: Request, err: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=err)
        return problem(request, 500, "the server met an unexpected error; it has been logged")

    for error, handler in ((QueryRefused, refused), (ParameterError, parameter), (QuerySyntaxError, syntax),
                           (QueryTimeout, timeout), (StoreError, no_store), (QueryError, bad_query),
                           (EnfanceKGError, bad_query), (WorkerCrashed, crashed),
                           (negotiation.NotAcceptable, not_acceptable), (BodyTooLarge, too_large),
                           (HTTPException, http_error), (RequestValidationError, invalid), (Exception, unforeseen)):
        app.add_exception_handler(error, handler)
