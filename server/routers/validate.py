"""``POST /validate``: SHACL validation of RDF sent by someone else, against the project's shapes.

The body is Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML, told by its ``Content-Type``; the
report comes back as JSON, Turtle (a ``sh:ValidationReport``) or HTML by content negotiation
(``Accept`` or ``format=``). Nothing is fetched on the sender's behalf: an ``owl:imports`` is refused
(403) and so is a JSON-LD remote ``@context`` (400, it cannot be read); a body past the server's
limit is refused (413) before it is read; a syntax error is a 400 that gives its line and column.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from enfance_kg import reports
from enfance_kg.errors import DataRefused, RdfSyntaxError
from enfance_kg.validation import DATA_SYNTAXES, validate_data
from server import negotiation
from server.deps import TemplatesDep
from server.problems import problem

router = APIRouter(tags=["Validation"])
OFFERED = ("data", "turtle", "html")
_BODY = {"content": {media: {"schema": {"type": "string"}} for media in DATA_SYNTAXES}, "required": True}


@router.post(
    "/validate",
    summary="Validate RDF against the shapes",
    description="Checks the posted RDF against the project's SHACL shapes, with the ontology and the reference "
    "data alongside. The report (JSON, Turtle or HTML) gives each result's focus node, path, message, source "
    "document and quote. Exit-status-like field: `conforms`.",
    openapi_extra={"requestBody": _BODY},
    responses={200: {"content": {"application/json": {}, "text/turtle": {}, "text/html": {}}},
               400: {"description": "the body does not parse (line and column given)"},
               403: {"description": "owl:imports, or anything else that would fetch from elsewhere"},
               413: {"description": "the body is larger than the server accepts"},
               415: {"description": "a Content-Type that is not an RDF syntax read here"}},
)
async def validate(
    request: Request,
    templates: TemplatesDep,
    severity: Annotated[str, Query(pattern="^(violation|warning|info)$")] = "violation",
    lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
    format: Annotated[str | None, Query(description="json, turtle or html, instead of Accept")] = None,
) -> Response:
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    syntax = DATA_SYNTAXES.get(media_type)
    if syntax is None:
        offered = ", ".join(sorted(DATA_SYNTAXES))
        return problem(request, 415, f"cannot read {media_type or 'a body without Content-Type'}: send {offered}")
    chosen = negotiation.choose(request.headers.get("accept"), OFFERED,
                                override={"json": "data"}.get(format or "", format))
    data = await request.body()
    try:
        report = await run_in_threadpool(validate_data, data, format=syntax, severity=severity)
    except RdfSyntaxError as err:
        return problem(request, 400, f"the {syntax} does not parse: {err}", line=err.line, column=err.column)
    except DataRefused as err:
        return problem(request, 403, str(err))
    if chosen == "turtle":
        body = reports.report_graph(report).serialize(format="turtle")
        return Response(body, media_type=negotiation.FORMATS["turtle"].content_type)
    if chosen == "html":
        context = {"report": report, "groups": reports.by_document(report), "conflicts": reports.conflicts(report),
                   "lang": lang, "w": reports.words(lang), "sev": reports.SEVERITY_WORDS[lang],
                   "summary": reports.summary(report, lang=lang), "term": reports.term, "short": reports.short,
                   "spans": reports.spans}
        return templates.TemplateResponse(request, "validation.html", context)
    return Response(reports.to_json(report, lang=lang), media_type="application/json")
