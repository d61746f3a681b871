"""The saved queries as a web API: ``/queries`` (the catalogue) and one typed operation per query.

Each ``queries/NAME.rq`` becomes ``GET /queries/NAME`` with its parameters (types, allowed values,
defaults, examples from the ``#+`` header) in the OpenAPI document. A value is checked against its
parameter's type and bound by substitution; a bad one is a 422 that names the parameter and the reason.
"""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from enfance_kg import saved_queries
from enfance_kg.errors import QueryError
from enfance_kg.saved_queries import Param, SavedQuery
from server import charts, negotiation
from server.config import ServerConfig, seconds
from server.deps import ConfigDep, TemplatesDep, ViewDep
from server.graph import GraphView
from server.negotiation import GRAPH_FORMATS, RESULT_FORMATS
from server.problems import ParameterError

router = APIRouter(tags=["Saved queries"])
RESERVED = ("format", "timeout")
HTML_ROWS = 500
_SCHEMAS: dict[str, dict[str, Any]] = {
    "departement-code": {"type": "string", "pattern": saved_queries._DEPARTEMENT.pattern,
                         "description": "INSEE code of a département (77, 2A, 974)"},
    "string": {"type": "string", "minLength": 1},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "year": {"type": "string", "pattern": "^[0-9]{4}$"},
    "iri": {"type": "string", "format": "iri"},
    "boolean": {"type": "boolean"},
    "enum": {"type": "string"},
}


def describe(query: SavedQuery, root: str = "/") -> dict[str, Any]:
    """A saved query for the JSON catalogue."""
    return {
        "name": query.name,
        "url": f"{root}queries/{query.name}",
        "form": query.form,
        "summary": dict(query.summary),
        "description": dict(query.description),
        "tags": list(query.tags),
        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                    "values": list(p.values) or None, "description": dict(p.description)}
                   for p in query.params.values()],
        "examples": list(query.examples),
        "sparql": query.text,
    }


def example_values(query: SavedQuery) -> dict[str, str]:
    """The parameter values of the header's first example that gives some (``--param k=v``).

    >>> example_values(saved_queries.get("fundings"))
    {'department': '77', 'funder_kind': 'state'}
    """
    for example in query.examples:
        try:
            words = shlex.split(example)
        except ValueError:
            continue
        values = {}
        for flag, value in itertools.pairwise(words):
            if flag in ("--param", "-p") and "=" in value:
                key, _, given = value.partition("=")
                if key in query.params:
                    values[key] = given
        if values:
            return values
    return {}


def _typed(kind: str, value: str) -> Any:
    """A header's default as the JSON value its schema type expects."""
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return float(value)
    if kind == "boolean":
        return value == "true"
    return value


def _parameter(param: Param, example: str | None) -> dict[str, Any]:
    schema = dict(_SCHEMAS[param.type])
    if param.values:
        schema["enum"] = list(param.values)
    if param.default is not None:
        schema["default"] = _typed(param.type, param.default)
    description = " / ".join(filter(None, (param.description.get("en"), param.description.get("fr"))))
    spec: dict[str, Any] = {"name": param.name, "in": "query", "required": param.required, "schema": schema,
                            "description": description or schema.pop("description", "")}
    schema.pop("description", None)
    if example is not None:
        spec["example"] = example
    return spec


def operation(query: SavedQuery) -> dict[str, Any]:
    """The OpenAPI extras of one saved query's operation: its parameters and its result formats."""
    examples = example_values(query)
    formats = RESULT_FORMATS if query.form in ("SELECT", "ASK") else GRAPH_FORMATS
    parameters = [_parameter(p, examples.get(p.name)) for p in query.params.values()]
    parameters += [
        {"name": "format", "in": "query", "required": False, "description": "Result format, overriding Accept",
         "schema": {"type": "string", "enum": [*formats, "html"]}},
        {"name": "timeout", "in": "query", "required": False,
         "description": "Stop after this many seconds (at most the server's limit)",
         "schema": {"type": "number", "exclusiveMinimum": 0}},
    ]
    content: dict[str, dict[str, Any]] = {negotiation.FORMATS[f].media_type: {} for f in formats}
    return {
        "parameters": parameters,
        "responses": {"200": {"description": "The results", "content": {**content, "text/html": {}}},
                      "422": {"description": "A parameter is unknown, missing or malformed",
                              "content": {"application/problem+json": {}}},
                      "503": {"description": "The query ran past the time limit"}},
        "x-query-tags": list(query.tags),
    }


def bind_request(query: SavedQuery, request: Request) -> dict[str, str]:
    """The parameter values of a request, each checked against its type; :class:`ParameterError` if not."""
    values: dict[str, str] = {}
    for key in dict.fromkeys(request.query_params.keys()):
        if key in RESERVED:
            continue
        given = request.query_params.getlist(key)
        if key not in query.params:
            known = ", ".join(query.params) or "none"
            raise ParameterError(f"{query.name} has no parameter {key!r} (its parameters: {known})",
                                 parameter=key, reason="unknown parameter")
        if len(given) > 1:
            raise ParameterError(f"parameter {key!r} of {query.name} is given {len(given)} times; give it once",
                                 parameter=key, reason="given more than once")
        if given[0].strip():
            values[key] = given[0]
    for name, param in query.params.items():
        if name in values:
            try:
                param.to_term(values[name], query=query.name)
            except QueryError as err:
                raise ParameterError(str(err), parameter=name, reason=str(err).split(": ", 1)[-1]) from err
        elif param.required and param.default is None:
            raise ParameterError(f"{query.name} needs the parameter {name!r} ({param.type})", parameter=name,
                                 reason="required")
    return values


def _timeout(request: Request) -> float | None:
    raw = request.query_params.get("timeout")
    if raw is None:
        return None
    value = seconds(raw)
    if value is None:
        raise ParameterError(f"timeout must be a number of seconds above 0, not {raw!r}", parameter="timeout",
                             reason="not a positive number")
    return value


def run_saved(request: Request, query: SavedQuery, view: GraphView, config: ServerConfig,
              templates: Any) -> Response:
    formats = RESULT_FORMATS if query.form in ("SELECT", "ASK") else GRAPH_FORMATS
    fmt = negotiation.choose(request.headers.get("accept"), (*formats, "html"),
                             override=request.query_params.get("format"))
    values = bind_request(query, request)
    timeout = _timeout(request)
    if fmt == "html":
        return _page(request, query, values, view, templates, timeout)
    answer = view.run(query, values, format=fmt, max_rows=config.max_rows, timeout=timeout)
    spec = negotiation.FORMATS[fmt]
    headers = {"content-disposition": f'inline; filename="{query.name}.{spec.extension}"'}
    if answer.truncated:
        headers["x-row-limit"] = str(config.max_rows)
    return Response(answer.data, media_type=spec.content_type, headers=headers)


def _page(request: Request, query: SavedQuery, values: dict[str, str], view: GraphView, templates: Any,
          timeout: float | None) -> Response:
    columns: list[str] = []
    rows: list[list[Any]] = []
    boolean: bool | None = None
    graph_text = None
    truncated = False
    if query.form == "SELECT":
        answer = view.run(query, values, format="json", max_rows=HTML_ROWS, timeout=timeout)
        columns, terms = answer.table()
        rows = [[view.term(v) for v in row] for row in terms]
        truncated = answer.truncated
    elif query.form == "ASK":
        boolean = view.run(query, values, format="json", timeout=timeout).boolean()
    else:
        answer = view.run(query, values, format="turtle", max_rows=HTML_ROWS, timeout=timeout)
        graph_text, truncated = answer.data.decode("utf-8"), answer.truncated
    given = {k: v for k, v in values.items()}
    downloads = [(f, f"?{urlencode({**given, 'format': f})}")
                 for f in (RESULT_FORMATS if query.form != "CONSTRUCT" and query.form != "DESCRIBE" else GRAPH_FORMATS)]
    context = {"query": query, "values": values, "examples": example_values(query), "columns": columns, "rows": rows,
               "boolean": boolean, "graph_text": graph_text, "truncated": truncated, "limit": HTML_ROWS,
               "chart": charts.bar_chart(columns, rows), "downloads": downloads,
               "editor": "/query#" + urlencode({"query": query.text})}
    return templates.TemplateResponse(request, "saved_query.html", context)


@router.get("/queries", summary="The catalogue of saved queries", responses={200: {"content": {
    "application/json": {}, "text/html": {}}}})
def catalogue(request: Request, templates: TemplatesDep) -> Response:
    queries = [saved_queries.get(n) for n in saved_queries.names()]
    override = request.query_params.get("format")
    fmt = negotiation.choose(request.headers.get("accept"), ("data", "html"),
                             override="data" if override == "json" else override)
    if fmt == "html":
        tags = sorted({t for q in queries for t in q.tags})
        return templates.TemplateResponse(request, "queries.html", {"queries": queries, "tags": tags,
                                                                     "examples": example_values})
    return JSONResponse([describe(q, str(request.base_url)) for q in queries])


def _endpoint(name: str) -> Callable[..., Response]:
    def endpoint(request: Request, view: ViewDep, config: ConfigDep, templates: TemplatesDep) -> Response:
        return run_saved(request, saved_queries.get(name), view, config, templates)

    endpoint.__name__ = "query_" + re.sub(r"\W", "_", name)
    return endpoint


def add_saved_query_routes(app: FastAPI) -> None:
    """One GET operation per saved query, then a catch-all that answers 404 with the nearest names."""
    for name in saved_queries.names():
        query = saved_queries.get(name)
        description = "\n\n".join(filter(None, (query.description.get("en"), query.description.get("fr"))))
        app.add_api_route(f"/queries/{name}", _endpoint(name), methods=["GET"], tags=["Saved queries"],
                          summary=query.title("en"), description=description, operation_id=name,
                          openapi_extra=operation(query), response_class=Response, name=f"query:{name}")

    @app.get("/queries/{name}", include_in_schema=False)
    def unknown_query(name: str) -> Response:
        try:
            saved_queries.get(name)
        except QueryError as err:
            raise HTTPException(404, str(err)) from err
        raise HTTPException(404, f"no saved query named {name!r}")  # pragma: no cover - routes cover the rest
