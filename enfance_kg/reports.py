"""A validation report written out: text, Markdown, HTML, Turtle (``sh:ValidationReport``) or JSON.

Words are French by default, English with ``lang="en"``; messages come from the shapes in the
same language. Results are grouped by document; ``per_document`` lists every document
validated, those that conform too, each with its own verdict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from enfance_kg.namespaces import DCTERMS, RDF, SH, bind_prefixes

if TYPE_CHECKING:
    from enfance_kg.validation import Result, ValidationReport

FORMATS = ("text", "markdown", "html", "turtle", "json")
SHAPES_NS = "https://w3id.org/enfance-kg/shapes#"

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "conforms": "conforme", "not": "non conforme", "violation": "violation", "violations": "violations",
        "warning": "avertissement", "warnings": "avertissements", "info": "information", "infos": "informations",
        "in": "dans", "document": "document", "documents": "documents", "checked": "triplets vérifiés",
        "threshold": "gravité {severity} et au-dessus", "hidden": "{n} résultat(s) moins grave(s) non affiché(s)",
        "doc": "Document", "other": "Ontologie, référentiel et entités partagées", "focus": "nœud",
        "path": "chemin", "value": "valeur", "constraint": "contrainte", "shape": "forme", "message": "message",
        "quote": "citation", "rule": "règle", "found": "dans le texte", "nowhere": "absente du texte",
        "title": "Rapport de validation SHACL", "ok": "aucun problème", "severity": "gravité",
        "label": "libellé", "conflicts": "Désaccords entre sources",
    },
    "en": {
        "conforms": "conforms", "not": "does not conform", "violation": "violation", "violations": "violations",
        "warning": "warning", "warnings": "warnings", "info": "info", "infos": "infos",
        "in": "in", "document": "document", "documents": "documents", "checked": "triples checked",
        "threshold": "severity {severity} and above", "hidden": "{n} less serious result(s) not shown",
        "doc": "Document", "other": "Ontology, reference data and shared entities", "focus": "node",
        "path": "path", "value": "value", "constraint": "constraint", "shape": "shape", "message": "message",
        "quote": "quote", "rule": "rule", "found": "in the text at", "nowhere": "not in the text",
        "title": "SHACL validation report", "ok": "no problem", "severity": "severity", "label": "label",
        "conflicts": "Disagreements between sources",
    },
}
SEVERITY_WORDS = {"fr": {"violation": "violation", "warning": "avertissement", "info": "information"},
                  "en": {"violation": "violation", "warning": "warning", "info": "info"}}


def words(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; expected fr or en")
    return WORDS[lang]


def render(report: ValidationReport, format: str = "text", *, lang: str = "fr", per_document: bool = False) -> str:
    words(lang)
    if format == "text":
        return to_text(report, lang=lang, per_document=per_document)
    if format == "markdown":
        return to_markdown(report, lang=lang, per_document=per_document)
    if format == "html":
        return to_html(report, lang=lang, per_document=per_document)
    if format == "turtle":
        return report_graph(report, per_document=per_document).serialize(format="turtle")
    if format == "json":
        return to_json(report, lang=lang, per_document=per_document)
    raise ValueError(f"unknown report format {format!r}; expected one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- shared pieces


def _namespaces() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    graph = Graph()
    bind_prefixes(graph)
    for prefix, namespace in graph.namespaces():
        manager.bind(prefix, namespace, override=True, replace=True)
    manager.bind("ekgsh", SHAPES_NS, override=True, replace=True)
    return manager


_NS = _namespaces()


def term(node: Node | None, shapes: Graph | None = None) -> str:
    """A node as a reader sees it: a CURIE or <IRI>, a literal's text, a path as SPARQL writes it."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, BNode):
        return _path_text(node, shapes) if shapes is not None else "[]"
    return node.n3(_NS)


def _path_text(node: BNode, shapes: Graph) -> str:
    if (node, RDF.first, None) in shapes:
        return "/".join(term(step, shapes) for step in Collection(shapes, node))
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(term(step, shapes) for step in Collection(shapes, alternatives)) + ")"
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + term(inverse, shapes)
    return "[]"


def rule_id(rule: Node | None) -> str:
    """An extraction rule as its identifier (``funding.payer.parse-subject``), the last segment of its IRI."""
    return "" if rule is None else str(rule).rsplit("/", 1)[-1]


def short(text: str, limit: int = 160) -> str:
    """One line, no longer than ``limit``; other spaces (U+00A0, U+202F) stay as they are."""
    text = re.sub(r"[\r\n\t]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(report: ValidationReport, *, lang: str = "fr") -> str:
    w = words(lang)
    counts = report.counts()
    parts = [f"{counts[name]} {_plural(name, counts[name], lang)}" for name in counts if counts[name]]
    documents = {r.document for r in report.results if r.document is not None}
    head = w["conforms"] if report.conforms else f"{w['not']}: " + ", ".join(parts)
    if lang == "fr" and not report.conforms:
        head = head.replace(":", " :", 1)
    if documents:
        head += f" {w['in']} {len(documents)} {w['document'] if len(documents) == 1 else w['documents']}"
    tail = f" ({report.triples} {w['checked']}, {w['threshold'].format(severity=SEVERITY_WORDS[lang][report.severity])}"
    if report.below:
        tail += (" ; " if lang == "fr" else "; ") + w["hidden"].format(n=report.below)
    return head + tail + ")"


def _plural(name: str, n: int, lang: str) -> str:
    w = words(lang)
    return w[name] if n == 1 else w[{"violation": "violations", "warning": "warnings", "info": "infos"}[name]]


def tally(results: list[Result], lang: str) -> str:
    """ "2 violations, 1 warning" for a list of results."""
    counts: dict[str, int] = {}
    for result in results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    order = ("violation", "warning", "info")
    return ", ".join(f"{counts[name]} {_plural(name, counts[name], lang)}" for name in order if name in counts)


def _groups(report: ValidationReport, per_document: bool) -> list[tuple[URIRef | None, list[Result]]]:
    """Results by document, conflicts between sources left out (listed apart, :func:`conflicts`)."""
    groups = [(doc, [r for r in results if not r.conflict]) for doc, results in report.by_document(every=True)]
    return [(doc, results) for doc, results in groups if results or (per_document and doc is not None)]


def by_document(report: ValidationReport) -> list[tuple[URIRef | None, list[Result]]]:
    """Results by document (conflicts apart), for pages that render a report themselves."""
    return _groups(report, False)


def conflicts(report: ValidationReport) -> list[Result]:
    return [r for r in report.results if r.conflict]


def spans(result: Result) -> str:
    return ", ".join(f"{a}–{b}" for a, b in result.found_at or ())


# --------------------------------------------------------------------------- text and Markdown


def to_text(report: ValidationReport, *, lang: str = "fr", per_document: bool = False) -> str:
    w = words(lang)
    lines = [summary(report, lang=lang)]
    for document, results in _groups(report, per_document):
        lines.append("")
        head = f"{w['doc']} {document}" if document is not None else w["other"]
        if document is not None and per_document:
            verdict = w["conforms"] if not results else tally(results, lang)
            head += f" — {verdict}"
        lines.append(head)
        title = report.titles.get(document, "") if document is not None else ""
        if title and title != str(document):
            lines.append(f"  « {short(title, 120)} »")
        for result in results:
            lines.extend(_text_result(result, report, lang))
    found = conflicts(report)
    if found:
        lines += ["", f"{w['conflicts']} ({len(found)})"]
        for result in found:
            lines.append(f"  [{SEVERITY_WORDS[lang][result.severity]}] {result.message(lang)}")
            lines.append(f"      {result.document}: « {short(result.quote or '', 300)} »")
            if result.related_document is not None:
                lines.append(f"      {result.related_document}: « {short(result.related_quote or '', 300)} »")
    return "\n".join(lines) + "\n"


def _text_result(result: Result, report: ValidationReport, lang: str) -> list[str]:
    w = words(lang)
    label = f" ({short(result.label, 80)})" if result.label else ""
    lines = [f"  [{SEVERITY_WORDS[lang][result.severity]}] {term(result.focus)}{label}"]

    def row(name: str, text: str) -> None:
        lines.append(f"      {w[name] + ':':<12} {text}")

    if result.path is not None:
        row("path", term(result.path, report.shapes))
    if result.value is not None:
        row("value", short(term(result.value)))
    row("constraint", term(result.component))
    row("shape", term(result.shape))
    row("message", result.message(lang))
    if result.quote is not None:
        row("quote", f"« {short(result.quote, 300)} »")
    if result.found_at is not None:
        row("found", spans(result) if result.found_at else w["nowhere"])
    if result.rule is not None:
        row("rule", rule_id(result.rule))
    return lines


def to_markdown(report: ValidationReport, *, lang: str = "fr", per_document: bool = False) -> str:
    w = words(lang)
    lines = [f"# {w['title']}", "", summary(report, lang=lang)]
    for document, results in _groups(report, per_document):
        title = report.titles.get(document, "") if document is not None else ""
        heading = f"{w['doc']} <{document}>" if document is not None else w["other"]
        lines += ["", f"## {heading}" + (f" — {_md(title)}" if title and title != str(document) else ""), ""]
        if not results:
            lines.append(f"_{w['ok']}_")
            continue
        lines.append(f"| {w['severity']} | {w['focus']} | {w['path']} | {w['message']} | {w['quote']} |")
        lines.append("|---|---|---|---|---|")
        for r in results:
            quote = f"« {_md(short(r.quote, 200))} »" if r.quote else ""
            if r.found_at is not None:
                quote += f" ({w['found']} {spans(r)})" if r.found_at else f" ({w['nowhere']})"
            lines.append(
                f"| {SEVERITY_WORDS[lang][r.severity]} | `{term(r.focus)}` | `{term(r.path, report.shapes)}` "
                f"| {_md(r.message(lang))} | {quote} |"
            )
    found = conflicts(report)
    if found:
        lines += ["", f"## {w['conflicts']}", ""]
        for r in found:
            lines.append(f"- **{SEVERITY_WORDS[lang][r.severity]}** {_md(r.message(lang))}")
            lines.append(f"  - <{r.document}> : « {_md(short(r.quote or '', 300))} »")
            if r.related_document is not None:
                lines.append(f"  - <{r.related_document}> : « {_md(short(r.related_quote or '', 300))} »")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return short(text, 400).replace("|", "\\|")


# --------------------------------------------------------------------------- HTML


_ENV = Environment(loader=PackageLoader("enfance_kg", "templates"), autoescape=select_autoescape(["html"]))


def to_html(report: ValidationReport, *, lang: str = "fr", per_document: bool = False) -> str:
    template = _ENV.get_template("validation-report.html")
    return template.render(rule_id=rule_id, report=report, groups=_groups(report, per_document),
                           conflicts=conflicts(report), lang=lang, w=words(lang),
                           sev=SEVERITY_WORDS[lang], summary=summary(report, lang=lang), term=term, short=short,
                           spans=spans)


def stylesheet() -> str:
    """The stylesheet of the HTML reports (inlined in them: a report is one file that reads offline)."""
    from importlib import resources

    return resources.files("enfance_kg").joinpath("templates", "report.css").read_text(encoding="utf-8")


_ENV.globals["stylesheet"] = stylesheet


# --------------------------------------------------------------------------- RDF and JSON


def report_graph(report: ValidationReport, *, per_document: bool = False) -> Graph:
    """The results as a SHACL ``sh:ValidationReport``; each result says its document (``dcterms:source``).
    ``per_document`` gives one report per document (``dcterms:subject``), the others' results in one more."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("ekgsh", SHAPES_NS)
    groups = _groups(report, per_document) if per_document else [(None, report.results)]
    for document, results in groups:
        node = BNode()
        graph.add((node, RDF.type, SH.ValidationReport))
        graph.add((node, SH.conforms, Literal(not results)))
        if per_document and document is not None:
            graph.add((node, DCTERMS.subject, document))
        for result in results:
            graph.add((node, SH.result, _result_node(graph, result, report.shapes)))
    return graph


def _result_node(graph: Graph, result: Result, shapes: Graph | None) -> BNode:
    from enfance_kg.validation import SEVERITIES

    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.resultSeverity, SEVERITIES[result.severity]))
    graph.add((node, SH.focusNode, result.focus))
    if result.path is not None:
        graph.add((node, SH.resultPath, _copy(result.path, shapes, graph)))
    if result.value is not None:
        graph.add((node, SH.value, result.value))
    graph.add((node, SH.sourceConstraintComponent, result.component))
    graph.add((node, SH.sourceShape, result.shape))
    for lang, text in sorted(result.messages.items()):
        graph.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
    if result.document is not None:
        graph.add((node, DCTERMS.source, result.document))
    return node


def _copy(node: Node, source: Graph | None, target: Graph) -> Node:
    """A path node of the shapes graph, with the blank nodes it is made of copied into ``target``."""
    if not isinstance(node, BNode) or source is None:
        return node
    copies: dict[Node, BNode] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        if current in copies:
            continue
        copies[current] = BNode()
        for _, _p, o in source.triples((current, None, None)):
            if isinstance(o, BNode):
                stack.append(o)
    for original, copy in copies.items():
        for _, p, o in source.triples((original, None, None)):
            target.add((copy, p, copies.get(o, o)))
    return copies[node]


def to_json(report: ValidationReport, *, lang: str = "fr", per_document: bool = False) -> str:
    payload = {
        "conforms": report.conforms,
        "severity": report.severity,
        "counts": report.counts(),
        "notShown": report.below,
        "triples": report.triples,
        "lang": lang,
        "documents": [
            {
                "document": str(document) if document is not None else None,
                "title": report.titles.get(document) if document is not None else None,
                "conforms": not results,
                "results": [result_json(r, report.shapes, lang) for r in results],
            }
            for document, results in _groups(report, per_document)
        ],
        "conflicts": [result_json(r, report.shapes, lang) for r in conflicts(report)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def result_json(result: Result, shapes: Graph | None, lang: str = "fr") -> dict:
    def text(node: Node | None) -> str | None:
        if node is None:
            return None
        return term(node, shapes) if isinstance(node, BNode) else str(node)

    return {
        "severity": result.severity,
        "focusNode": text(result.focus),
        "label": result.label,
        "resultPath": text(result.path),
        "value": text(result.value),
        "sourceConstraintComponent": text(result.component),
        "sourceShape": text(result.shape),
        "message": result.message(lang),
        "messages": result.messages,
        "document": text(result.document),
        "fact": text(result.fact),
        "quote": result.quote,
        "extractionRule": text(result.rule),
        "quoteFoundAt": [list(span) for span in result.found_at] if result.found_at is not None else None,
        "relatedDocument": text(result.related_document),
        "relatedQuote": result.related_quote,
    }


def iter_results(report: ValidationReport) -> Iterable[Result]:
    return iter(report.results)
