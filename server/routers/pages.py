"""Pages people use and IRIs that dereference: home, search, query page, ``/id/…``, ``/graph/…``, ``/ontology``.

Every IRI under the base answers here: HTML for a browser, RDF by ``Accept`` (Turtle, JSON-LD,
N-Triples, RDF/XML; TriG and N-Quads for a named graph), ``?format=`` to override; an IRI the graph
says nothing about gets a 404 page that says so.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from enfance_kg import saved_queries
from enfance_kg.namespaces import PREFIXES
from server import negotiation
from server.deps import ConfigDep, TemplatesDep, ViewDep
from server.graph import GraphView, highlight
from server.hygiene import CSP

router = APIRouter()
RESOURCE_FORMATS = ("html", "turtle", "jsonld", "ntriples", "rdfxml")
GRAPH_PAGE_FORMATS = ("html", "trig", "nquads", "turtle", "ntriples", "jsonld", "rdfxml")
_QUOTE = re.compile(r"^(\d+)-(\d+)$")
#: YASGUI's table adds one fixed stylesheet for its column grips (the column-resizer library's);
#: it is allowed by its hash, which the browser test checks (a new YASGUI version may change it)
YASGUI_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"


def _format(request: Request, offered: tuple[str, ...]) -> str:
    return negotiation.choose(request.headers.get("accept"), offered, override=request.query_params.get("format"))


def _rdf(data: bytes, fmt: str) -> Response:
    return Response(data, media_type=negotiation.FORMATS[fmt].content_type)


def _not_found(iri: str) -> HTTPException:
    return HTTPException(404, f"the graph says nothing about <{iri}>")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, view: ViewDep, templates: TemplatesDep) -> Response:
    queries = [saved_queries.get(n) for n in saved_queries.names()]
    return templates.TemplateResponse(request, "home.html", {"stats": view.stats(), "queries": queries})


@router.get("/search", summary="Accent-insensitive search over labels and quotes", tags=["Pages"],
            responses={200: {"content": {"application/json": {}, "text/html": {}}}})
def search(request: Request, view: ViewDep, templates: TemplatesDep,
           q: str = Query("", max_length=200, description="Words to find (« sante » finds « santé »)")) -> Response:
    hits = view.search(q) if q.strip() else []
    fmt = negotiation.choose(request.headers.get("accept"), ("html", "data"),
                             override="data" if request.query_params.get("format") == "json" else None)
    if fmt == "data":
        return JSONResponse([{"iri": h.resource.iri, "label": h.resource.text, "kind": h.kind,
                              "type": h.type.iri if h.type else None, "text": h.snippet.striptags()} for h in hits])
    return templates.TemplateResponse(request, "search.html", {"q": q, "hits": hits})


@router.get("/query", response_class=HTMLResponse, include_in_schema=False)
def query_page(request: Request, view: ViewDep, templates: TemplatesDep) -> Response:
    queries = [saved_queries.get(n) for n in saved_queries.names()]
    prefixes = {**PREFIXES, "id": view.base + "id/"}
    policy = CSP.replace("style-src 'self'", f"style-src 'self' {YASGUI_STYLE}")
    return templates.TemplateResponse(request, "query.html", {"queries": queries, "base": view.base,
                                                               "prefixes": prefixes},
                                      headers={"content-security-policy": policy})


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(request, "api.html", {})


def _quote_range(raw: str | None) -> tuple[int, int] | None:
    found = _QUOTE.match(raw or "")
    return (int(found.group(1)), int(found.group(2))) if found else None


def _resource_page(request: Request, view: GraphView, templates: TemplatesDep, iri: str, page: int,
                   extra: dict | None = None) -> Response:
    data = view.resource(iri, page=page)
    context = {"page": data, "iri": iri, "rdf_formats": RESOURCE_FORMATS[1:], **(extra or {})}
    if data.is_document:
        text = view.document_text(iri)
        facts = view.document_facts(iri)
        target = _quote_range(request.query_params.get("quote"))
        context.update(text=highlight(text or "", facts, target), facts=facts, target=target)
        return templates.TemplateResponse(request, "document.html", context)
    return templates.TemplateResponse(request, "resource.html", context)


@router.get("/id/{path:path}", summary="Dereference a resource IRI: HTML, or RDF by Accept", tags=["Linked Data"],
            responses={200: {"content": {negotiation.FORMATS[f].media_type: {} for f in RESOURCE_FORMATS}},
                       404: {"description": "The graph says nothing about this IRI"}})
def resource(request: Request, path: str, view: ViewDep, config: ConfigDep, templates: TemplatesDep,
             page: int = Query(1, ge=1, description="Page of incoming links")) -> Response:
    iri = view.iri_for("id/" + path)
    fmt = _format(request, RESOURCE_FORMATS)
    if not view.exists(iri):
        raise _not_found(iri)
    if fmt == "html":
        return _resource_page(request, view, templates, iri, page)
    answer = view.run(saved_queries.get("describe"), {"iri": iri}, format=fmt, max_rows=config.max_rows)
    return _rdf(answer.data, fmt)


@router.get("/graph/{name:path}", summary="A named graph (one per document): HTML, or its triples by Accept",
            tags=["Linked Data"], responses={200: {"content": {
                negotiation.FORMATS[f].media_type: {} for f in GRAPH_PAGE_FORMATS}}})
def named_graph(request: Request, name: str, view: ViewDep, config: ConfigDep, templates: TemplatesDep,
                page: int = Query(1, ge=1)) -> Response:
    iri = view.iri_for("graph/" + name)
    fmt = _format(request, GRAPH_PAGE_FORMATS)
    triples = next((t for g, t, _ in view.stats().graphs if g.iri == iri), None)
    if triples is None:
        raise HTTPException(404, f"there is no named graph <{iri}> in this dataset")
    if fmt == "html":
        extra = {"graph_triples": triples, "graph_formats": GRAPH_PAGE_FORMATS[1:]}
        if view.exists(iri):
            return _resource_page(request, view, templates, iri, page, extra)
        return templates.TemplateResponse(request, "graph.html", {"iri": iri, **extra})
    from server.graph import page_query

    answer = view.run(page_query("graph-triples"), {"graph": iri}, format=fmt, max_rows=None, graph=iri)
    return _rdf(answer.data, fmt)


@functools.cache
def _ontology_html() -> tuple[str, str]:
    """pyLODE's page, and a CSP that allows its one inline stylesheet by hash (no inline script runs)."""
    from enfance_kg.commands.ontology import ontology_html

    html = ontology_html()
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
                      for style in re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL))
    return html, CSP.replace("style-src 'self'", f"style-src 'self' {hashes}")


@router.get("/ontology", summary="The ontology: readable HTML (pyLODE), or Turtle and other RDF by Accept",
            tags=["Linked Data"], responses={200: {"content": {
                negotiation.FORMATS[f].media_type: {} for f in RESOURCE_FORMATS}}})
def ontology(request: Request) -> Response:
    fmt = _format(request, RESOURCE_FORMATS)
    if fmt == "html":
        html, policy = _ontology_html()
        return HTMLResponse(html, headers={"content-security-policy": policy})
    from enfance_kg.reference import ontology_graph
    from server.describe import RDFLIB_FORMATS

    return _rdf(ontology_graph().serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8"), fmt)
