"""SHACL validation of the graph, with reports an auditor can act on.

The data (rdflib graphs, RDF files or the store) is checked with pyshacl against the
shapes of ``shapes/``, together with the ontology and the reference graph, so that
class hierarchies are known and a département a fact points at can be found. Results
are grouped by the document they come from (the focus node's ``ekg:sourceDocument``,
the document its evidence quotes, or the named graph it lives in) and carry the quote
of the offending fact when there is one.

>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, len(report.results)
(True, 0)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node
from rdflib.util import guess_format

from enfance_kg import store as kg_store
from enfance_kg.errors import InputError
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG, OA, RDF, SH, XSD, bind_prefixes
from enfance_kg.reference import ontology_graph, reference_graph
from enfance_kg.resources import shape_files

if TYPE_CHECKING:
    from enfance_kg.backend import Endpoint

SHAPES_NS = "https://w3id.org/enfance-kg/shapes#"

#: severities from the most to the least serious, with their SHACL IRIs
SEVERITIES: dict[str, URIRef] = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info 0, warning 1, violation 2
_NAME_OF = {iri: name for name, iri in SEVERITIES.items()}

#: file suffixes whose syntax carries named graphs
_DATASET_SYNTAXES = {"trig", "nquads", "trix", "json-ld"}


# --------------------------------------------------------------------------- shapes and context


@cache
def _prepared(text: str):
    return prepareQuery(text)


class _DataGraph(Graph):
    """A graph that parses each SHACL-SPARQL query once.

    pyshacl runs a constraint's query once per focus node, passing its text every
    time; rdflib would parse it again on each call (about 50 ms), which dominated
    validation. Prepared queries are reused with the focus node bound instead.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _shapes() -> Graph:
    graph = Graph()
    for source in shape_files():
        with source.open("rb") as handle:
            graph.parse(handle, format="turtle", publicID="https://w3id.org/enfance-kg/")
    return graph


@cache
def _message_templates() -> tuple[tuple[str, str], ...]:
    """(text before the first ``{?var}``, language) of every tagged message of the shapes."""
    templates = set()
    for message in _shapes().objects(None, SH.message):
        if isinstance(message, Literal) and message.language:
            templates.add((str(message).split("{", 1)[0], message.language))
    return tuple(sorted(templates, key=lambda item: -len(item[0])))


def _language_of(message: str) -> str:
    """The language of a message pyshacl filled in from a template (it drops the tag), or ""."""
    for head, lang in _message_templates():
        if head and message.startswith(head):
            return lang
    return ""


def shapes_graph() -> Graph:
    """All the shapes of ``shapes/``, merged (a copy: callers may change it)."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("ekgsh", SHAPES_NS)
    for triple in _shapes():
        graph.add(triple)
    return graph


@cache
def _context(base: str) -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology and reference triples every validation loads alongside the data."""
    return tuple(ontology_graph()) + tuple(reference_graph(Iris(base)))


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Result:
    """One validation result, with the document and quote it concerns when they can be found."""

    severity: str  # "violation", "warning" or "info"
    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    shape: Node
    messages: dict[str, str]  # language tag ("" when none) -> message
    document: URIRef | None = None
    quote: str | None = None

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, or any message when there is none in that language."""
        if lang in self.messages:
            return self.messages[lang]
        return next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    """The outcome of a validation at a given severity threshold.

    ``results`` holds the results at or above the threshold; ``below`` counts the others.
    """

    results: list[Result]
    severity: str
    report_graph: Graph
    below: int = 0
    triples: int = 0
    _namespaces: NamespaceManager | None = field(default=None, repr=False)

    @property
    def conforms(self) -> bool:
        return not self.results

    def counts(self) -> dict[str, int]:
        counts = {name: 0 for name in SEVERITIES}
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def by_document(self) -> list[tuple[URIRef | None, list[Result]]]:
        """Results grouped by source document (``None``: the ontology, reference data or no document),
        documents in IRI order, results in a stable order inside each."""
        groups: dict[URIRef | None, list[Result]] = {}
        for result in self.results:
            groups.setdefault(result.document, []).append(result)
        keys = sorted(groups, key=lambda doc: (doc is None, str(doc or "")))
        return [(doc, sorted(groups[doc], key=_result_key)) for doc in keys]

    # ------------------------------------------------------------------- rendering

    def _n3(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            return str(node)
        if isinstance(node, BNode):
            return "[]"
        return node.n3(self._namespaces) if self._namespaces else node.n3()

    def render(self, format: str = "text") -> str:
        if format == "text":
            return self.to_text()
        if format == "turtle":
            return self.to_turtle()
        if format == "json":
            return self.to_json()
        raise ValueError(f"unknown report format {format!r}; expected text, turtle or json")

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[name]} {name}{'s' if counts[name] != 1 else ''}" for name in SEVERITIES if counts[name]]
        documents = {r.document for r in self.results if r.document is not None}
        head = "conforms" if self.conforms else "does not conform: " + ", ".join(parts)
        if documents:
            head += f" in {len(documents)} document{'s' if len(documents) != 1 else ''}"
        tail = f" ({self.triples} triples checked, severity {self.severity} and above"
        if self.below:
            tail += f"; {self.below} less serious result{'s' if self.below != 1 else ''} not shown"
        return head + tail + ")"

    def to_text(self) -> str:
        lines = [self.summary()]
        for document, results in self.by_document():
            lines.append("")
            lines.append(f"Document {document}" if document is not None else "Ontology, reference data and other nodes")
            for result in results:
                lines.append(f"  [{result.severity}] {self._n3(result.focus)}")
                if result.path is not None:
                    lines.append(f"      path:       {self._n3(result.path)}")
                if result.value is not None:
                    lines.append(f"      value:      {_short(self._n3(result.value))}")
                lines.append(f"      constraint: {self._n3(result.component)}")
                lines.append(f"      shape:      {self._n3(result.shape)}")
                for lang in sorted(result.messages, key=lambda tag: (tag != "fr", tag != "en", tag)):
                    label = f"message@{lang}:" if lang else "message:"
                    lines.append(f"      {label:<11} {result.messages[lang]}")
                if result.quote is not None:
                    lines.append(f"      quote:      « {_short(result.quote, 300)} »")
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        return self.report_graph.serialize(format="turtle")

    def to_json(self) -> str:
        payload = {
            "conforms": self.conforms,
            "severity": self.severity,
            "counts": self.counts(),
            "notShown": self.below,
            "triples": self.triples,
            "documents": [
                {
                    "document": str(document) if document is not None else None,
                    "results": [_result_json(result) for result in results],
                }
                for document, results in self.by_document()
            ],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _short(text: str, limit: int = 160) -> str:
    """One line, no longer than ``limit``; other spaces (U+00A0, U+202F) stay as they are."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


_LINE_BREAKS = re.compile(r"[\r\n\t]+")


def _result_key(result: Result) -> tuple:
    return (-_RANK[result.severity], str(result.focus), str(result.shape), str(result.path), str(result.value))


def _result_json(result: Result) -> dict:
    def term(node: Node | None) -> str | None:
        return None if node is None else str(node)

    return {
        "severity": result.severity,
        "focusNode": term(result.focus),
        "resultPath": term(result.path),
        "value": term(result.value),
        "sourceConstraintComponent": term(result.component),
        "sourceShape": term(result.shape),
        "messages": result.messages,
        "document": term(result.document),
        "quote": result.quote,
    }


# --------------------------------------------------------------------------- provenance of a node


#: links from a whole to its part, followed backwards to find the fact a node belongs to
_PART_OF = (OA.hasSelector, OA.hasTarget, EKG.evidence)


class _Provenance:
    """Finds the document a node comes from and the quote of the fact it belongs to."""

    def __init__(self, data: Graph, graphs: dict[Node, set[URIRef]], iris: Iris):
        self.data = data
        self.graphs = graphs
        self.iris = iris

    def _parents(self, node: Node) -> Iterable[Node]:
        """The nodes ``node`` is a part of: the fact of a ``fact#part`` IRI, the passage of a selector,
        the annotation of a passage, the fact of an annotation. Shared nodes (départements, people,
        contracts) are parts of nothing, so a problem with them is not pinned on one document."""
        if isinstance(node, URIRef) and "#" in node:
            yield URIRef(node.split("#", 1)[0])
        for prop in _PART_OF:
            yield from self.data.subjects(prop, node)

    def document(self, node: Node) -> URIRef | None:
        seen: set[Node] = set()
        frontier = [node]
        for _ in range(4):
            following: list[Node] = []
            for current in frontier:
                if current in seen:
                    continue
                seen.add(current)
                if isinstance(current, URIRef) and (
                    (current, RDF.type, EKG.Document) in self.data or self.data.value(current, EKG.text) is not None
                ):
                    return current
                for prop in (EKG.sourceDocument, OA.hasSource):
                    found = self.data.value(current, prop)
                    if isinstance(found, URIRef):
                        return found
                following.extend(self._parents(current))
            frontier = following
        return self._document_of_graph(node)

    def _document_of_graph(self, node: Node) -> URIRef | None:
        for graph in sorted(self.graphs.get(node, ())):
            key = self.iris.document_key_of(graph)
            if key is not None:
                return self.iris.document(key)
        return None

    def quote(self, node: Node) -> str | None:
        seen: set[Node] = set()
        frontier = [node]
        for _ in range(6):
            following: list[Node] = []
            for current in frontier:
                if current in seen:
                    continue
                seen.add(current)
                exact = self.data.value(current, OA.exact)
                if exact is not None:
                    return str(exact)
                for prop in (OA.hasSelector, OA.hasTarget, EKG.evidence):
                    following.extend(self.data.objects(current, prop))
                if isinstance(current, URIRef) and "#" in current:
                    following.append(URIRef(current.split("#", 1)[0]))
                if current == node:  # a selector or a passage: its quote is one step up
                    following.extend(self.data.subjects(OA.hasSelector, current))
            frontier = following
        return None


# --------------------------------------------------------------------------- validating


def _canonical(term: Node) -> Node:
    """A decimal in its canonical form ("4" and "4.00" become "4.0", as pyoxigraph stores them).

    The same value written two ways is two RDF terms: validating an export (canonical) with
    the ontology loaded alongside (as written) would otherwise see two maximum ages.
    """
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            value = Decimal(str(term))
        except InvalidOperation:
            return term  # ill-typed: left for sh:datatype to report
        if not value.is_finite():
            return term
        text = format(value.normalize(), "f")
        return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
    return term


def validate_graph(
    data: Graph | Dataset,
    *,
    severity: str = "violation",
    iris: Iris | None = None,
    graphs: dict[Node, set[URIRef]] | None = None,
    with_context: bool = True,
) -> ValidationReport:
    """Validate rdflib data (a graph, or a dataset taken as the union of its graphs).

    ``graphs`` maps a subject to the named graphs it appears in, for grouping by
    document; it is computed from ``data`` when that is a dataset. ``with_context``
    (default) loads the ontology and the reference graph alongside the data.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}")
    iris = iris or Iris()
    union = _DataGraph()
    bind_prefixes(union)
    if isinstance(data, Dataset):
        graphs = {} if graphs is None else graphs
        for s, p, o, g in data.quads((None, None, None, None)):
            union.add((s, p, _canonical(o)))
            name = g.identifier if isinstance(g, Graph) else g
            if isinstance(name, URIRef):
                graphs.setdefault(s, set()).add(name)
    else:
        for s, p, o in data:
            union.add((s, p, _canonical(o)))
    triples = len(union)
    if with_context:
        for s, p, o in _context(iris.base):
            union.add((s, p, _canonical(o)))
    return _run(union, severity=severity, iris=iris, graphs=graphs or {}, triples=triples)


def _run(union: Graph, *, severity: str, iris: Iris, graphs: dict[Node, set[URIRef]], triples: int) -> ValidationReport:
    _conforms, report_graph, _text = pyshacl.validate(
        union,
        shacl_graph=_shapes(),
        inference="none",
        inplace=True,
        allow_warnings=False,
        allow_infos=False,
    )
    if not isinstance(report_graph, Graph):  # pyshacl returns its failure when a shape itself is broken
        raise RuntimeError(f"the shapes could not be applied: {report_graph}")
    provenance = _Provenance(union, graphs, iris)
    threshold = _RANK[severity]
    kept: list[Result] = []
    dropped: list[Node] = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        level = _NAME_OF.get(report_graph.value(node, SH.resultSeverity), "violation")
        if _RANK[level] < threshold:
            dropped.append(node)
            continue
        focus = report_graph.value(node, SH.focusNode)
        messages: dict[str, str] = {}
        for message in sorted(report_graph.objects(node, SH.resultMessage), key=str):
            lang = message.language if isinstance(message, Literal) else None
            messages.setdefault(lang or _language_of(str(message)), str(message))
        kept.append(
            Result(
                severity=level,
                focus=focus,
                path=report_graph.value(node, SH.resultPath),
                value=report_graph.value(node, SH.value),
                component=report_graph.value(node, SH.sourceConstraintComponent),
                shape=report_graph.value(node, SH.sourceShape),
                messages=messages,
                document=provenance.document(focus),
                quote=provenance.quote(focus),
            )
        )
    _drop(report_graph, dropped, conforms=not kept)
    namespaces = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in union.namespaces():
        namespaces.bind(prefix, namespace, override=True, replace=True)
    namespaces.bind("ekgsh", SHAPES_NS, override=True, replace=True)
    bind_prefixes(report_graph)
    report_graph.bind("ekgsh", SHAPES_NS)
    return ValidationReport(
        results=sorted(kept, key=_result_key),
        severity=severity,
        report_graph=report_graph,
        below=len(dropped),
        triples=triples,
        _namespaces=namespaces,
    )


def _drop(report_graph: Graph, results: Sequence[Node], *, conforms: bool) -> None:
    """Remove results below the threshold from the sh:ValidationReport and set sh:conforms to match."""
    for result in results:
        report_graph.remove((None, SH.result, result))
        stack = [result]
        while stack:
            node = stack.pop()
            for _, _, obj in list(report_graph.triples((node, None, None))):
                if isinstance(obj, BNode) and not any(
                    s != node for s in report_graph.subjects(None, obj)
                ):
                    stack.append(obj)
            report_graph.remove((node, None, None))
    for report in list(report_graph.subjects(RDF.type, SH.ValidationReport)):
        report_graph.set((report, SH.conforms, Literal(conforms)))


def read_rdf(path: Path) -> Graph | Dataset:
    """Parse an RDF file in any syntax rdflib reads, guessed from its extension.

    Syntaxes with named graphs (TriG, N-Quads, TriX, JSON-LD) give a dataset.
    Raises :class:`InputError` naming the file and the reason when it can't be read.
    """
    path = Path(path)
    syntax = guess_format(str(path))
    if syntax is None:
        raise InputError(f"{path}: cannot tell the RDF syntax from the extension {path.suffix or '(none)'!r}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file: {err.strerror or err}") from err
    target: Graph | Dataset = Dataset() if syntax in _DATASET_SYNTAXES else Graph()
    try:
        target.parse(data=data, format=syntax, publicID=path.resolve().as_uri())
    except Exception as err:  # rdflib's parsers raise many unrelated types for bad input
        raise InputError(f"{path}: not valid {syntax}: {_first_line(err)}") from err
    return target


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return " ".join(text.split())[:300]


def validate_files(paths: Sequence[Path], *, severity: str = "violation", iris: Iris | None = None) -> ValidationReport:
    """Validate RDF files together, as one graph (named graphs kept for grouping by document)."""
    union = Graph()
    graphs: dict[Node, set[URIRef]] = {}
    for path in paths:
        parsed = read_rdf(path)
        if isinstance(parsed, Dataset):
            for s, p, o, g in parsed.quads((None, None, None, None)):
                union.add((s, p, o))
                name = g.identifier if isinstance(g, Graph) else g
                if isinstance(name, URIRef):
                    graphs.setdefault(s, set()).add(name)
        else:
            for triple in parsed:
                union.add(triple)
    return validate_graph(union, severity=severity, iris=iris, graphs=graphs)


def validate_store(folder: Path | Endpoint, *, severity: str = "violation",
                   iris: Iris | None = None) -> ValidationReport:
    """Validate the store being served in ``folder`` (all its graphs, as one union); ``folder`` may also
    be a remote store (an :class:`enfance_kg.backend.Endpoint`), whose graphs are read back whole."""
    from enfance_kg.backend import Endpoint, open_target

    quads = open_target(folder, iris=iris).quads() if isinstance(folder, Endpoint) else \
        kg_store.quads(kg_store.open_store(folder))
    union = Graph()
    graphs: dict[Node, set[URIRef]] = {}
    for s, p, o, g in quads:
        union.add((s, p, o))
        if isinstance(g, URIRef):
            graphs.setdefault(s, set()).add(g)
    return validate_graph(union, severity=severity, iris=iris, graphs=graphs)


__all__ = [
    "SEVERITIES",
    "Result",
    "ValidationReport",
    "read_rdf",
    "shapes_graph",
    "validate_files",
    "validate_graph",
    "validate_store",
]
