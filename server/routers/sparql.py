"""``/sparql``: the SPARQL 1.1 Protocol, read-only, with a service description on a bare GET."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from enfance_kg.backend import QueryService
from enfance_kg.errors import QueryRefused
from enfance_kg.query_check import check_query
from enfance_kg.runner import QueryRequest
from server import describe, negotiation
from server.config import ServerConfig, seconds
from server.deps import ConfigDep, RunnerDep, ViewDep
from server.negotiation import GRAPH_FORMATS, RESULT_FORMATS

router = APIRouter(tags=["SPARQL"])
Params = Mapping[str, Sequence[str]]

READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused; only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) "
             "run here")
_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"},
     "description": "The SPARQL query. Without it, GET answers the service description."},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "A graph of the default graph (repeatable); by default the union of every graph."},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "A graph that GRAPH may name (repeatable); by default every graph."},
    {"name": "format", "in": "query", "schema": {"type": "string", "enum": [*RESULT_FORMATS, *GRAPH_FORMATS]},
     "description": "The result format, overriding the Accept header."},
    {"name": "timeout", "in": "query", "schema": {"type": "number", "exclusiveMinimum": 0},
     "description": "Stop the query after this many seconds (at most the server's limit)."},
]
_RESPONSES = {
    "200": {"description": "The results", "content": {negotiation.FORMATS[n].media_type: {} for n in
                                                        (*RESULT_FORMATS, *GRAPH_FORMATS)}},
    "400": {"description": "A syntax error, with its line and column"},
    "403": {"description": "An update, SERVICE, or a graph that is not ours"},
    "406": {"description": "No offered format is acceptable"},
    "503": {"description": "The query ran past the time limit and was stopped"},
}


def _one(params: Params, name: str, *, required: bool = False) -> str | None:
    values = params.get(name, ())
    if len(values) > 1:
        raise HTTPException(400, f"give one {name} parameter, not {len(values)}")
    if required and not values:
        raise HTTPException(400, f"the request has no {name} parameter")
    return values[0] if values else None


def _merge(*sources: Params) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for source in sources:
        for key, values in source.items():
            merged.setdefault(key, []).extend(values)
    return merged


def _query_params(request: Request) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in request.query_params}


def _timeout(params: Params) -> float | None:
    raw = _one(params, "timeout")
    if raw is None:
        return None
    value = seconds(raw)
    if value is None:
        raise HTTPException(400, f"timeout must be a number of seconds above 0, not {raw!r}")
    return value


def answer(request: Request, runner: QueryService, config: ServerConfig, text: str, params: Params) -> Response:
    """Run one query of the Protocol and answer it in the negotiated format."""
    checked = check_query(text)
    offered = RESULT_FORMATS if checked.form in ("SELECT", "ASK") else GRAPH_FORMATS
    fmt = negotiation.choose(request.headers.get("accept"), offered, override=_one(params, "format"))
    default_graph = params.get("default-graph-uri") or None
    named_graphs = params.get("named-graph-uri") or None
    query = QueryRequest.make(
        text, format=fmt, max_rows=config.max_rows, base_iri=str(request.base_url) + "sparql",
        default_graph=tuple(default_graph) if default_graph else None,
        named_graphs=tuple(named_graphs) if named_graphs else None)
    result = runner.run(query, timeout=_timeout(params))
    spec = negotiation.FORMATS[fmt]
    headers = {"content-disposition": f'inline; filename="results.{spec.extension}"'}
    if result.truncated:
        headers["x-row-limit"] = str(config.max_rows)
    return Response(result.data, media_type=spec.content_type, headers=headers)


@router.get("/sparql", summary="SPARQL query (GET), or the service description",
            openapi_extra={"parameters": _PARAMETERS, "responses": _RESPONSES})
def sparql_get(request: Request, runner: RunnerDep, config: ConfigDep, view: ViewDep) -> Response:
    params = _query_params(request)
    if "update" in params:
        raise QueryRefused(READ_ONLY)
    text = _one(params, "query")
    if text is None:
        if negotiation.prefers_html(request.headers.get("accept")) and "format" not in params:
            return RedirectResponse("/query", status_code=303)
        fmt = negotiation.choose(request.headers.get("accept"), GRAPH_FORMATS, override=_one(params, "format"))
        data = describe.service_description(view, config, str(request.base_url)).serialize(
            format=describe.RDFLIB_FORMATS[fmt])
        return Response(data, media_type=negotiation.FORMATS[fmt].content_type)
    return answer(request, runner, config, text, params)


@router.post("/sparql", summary="SPARQL query (POST form or direct)", openapi_extra={
    "parameters": [p for p in _PARAMETERS if p["name"] != "query"], "responses": _RESPONSES,
    "requestBody": {"content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}}}, "required": ["query"]}}}}})
async def sparql_post(request: Request, runner: RunnerDep, config: ConfigDep) -> Response:
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = next((v.strip().strip('"').lower() for k, _, v in (p.partition("=") for p in rest.split(";"))
                    if k.strip().lower() == "charset"), "utf-8")
    if media == "application/sparql-update":
        raise QueryRefused(READ_ONLY)
    if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        shown = f"Content-Type {media}" if media else "no Content-Type"
        raise HTTPException(415, f"{shown}: a query is POSTed as application/x-www-form-urlencoded "
                                 "(query=…) or as application/sparql-query")
    if charset not in ("utf-8", "utf8"):
        raise HTTPException(415, f"charset={charset}: send the query in UTF-8")
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HTTPException(400, f"the request body is not UTF-8 (byte {err.start})") from err
    params = _query_params(request)
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form:
            raise QueryRefused(READ_ONLY)
        params = _merge(params, form)
        text = _one(params, "query", required=True) or ""
    return await run_in_threadpool(answer, request, runner, config, text, params)
