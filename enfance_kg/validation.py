"""SHACL validation of the graph, with reports an auditor can act on.

Data is checked against the shapes of ``shapes/`` where it lives: the store (or, for files
and posted data, a store in memory holding them beside the ontology and the reference
data). The shapes are compiled to SPARQL once (:mod:`enfance_kg.shacl_engine`) and each
constraint finds all its violations in one query. The context (the ontology and the
reference graphs) is validated once and its results kept by the digest of its content;
a document is validated on its own focus nodes only. pyshacl is the reference engine
(``engine="pyshacl"``): the shape fixtures are checked on both.

Each result says the document it comes from (the focus node's ``ekg:sourceDocument``, the
document its evidence quotes, or the named graph it lives in), the quote of the offending
fact, the rule that extracted it, and, for a quote that does not match its offsets, where
in the text the quote really is.

>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, len(report.results)
(True, 0)
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

from enfance_kg import store as kg_store
from enfance_kg.errors import DataRefused, InputError
from enfance_kg.iris import Iris
from enfance_kg.namespaces import DCTERMS, EKG, FOAF, OA, OWL, RDF, RDFS, SH, SKOS, XSD
from enfance_kg.reference import ontology_graph, reference_graph
from enfance_kg.resources import shape_files
from enfance_kg.shacl_engine import (
    SUBCLASS_QUERY,
    Check,
    compile_shapes,
    fill_message,
    subclass_closure,
)

if TYPE_CHECKING:
    from enfance_kg.backend import Endpoint

SHAPES_NS = "https://w3id.org/enfance-kg/shapes#"

#: severities from the most to the least serious, with their SHACL IRIs
SEVERITIES: dict[str, URIRef] = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info 0, warning 1, violation 2
_NAME_OF = {iri: name for name, iri in SEVERITIES.items()}
#: the graphs of the context: validated once, their results kept by digest
CONTEXT_GRAPHS = ("ontology", "reference")
#: where data to check goes in a store in memory (files and posted data with no graph of their own)
DATA_GRAPH = URIRef("urn:x-enfance-kg:data")
_CONTEXT_IN_MEMORY = URIRef("urn:x-enfance-kg:context")
#: file suffixes whose syntax carries named graphs
_DATASET_SYNTAXES = {"trig", "nquads", "trix", "json-ld"}
_QUOTE_SHAPE = URIRef(SHAPES_NS + "SpecificResource-quoteMatchesText")
CONSISTENCY_NS = SHAPES_NS + "Consistency-"


# --------------------------------------------------------------------------- shapes


@cache
def _shapes() -> Graph:
    graph = Graph()
    for source in shape_files():
        with source.open("rb") as handle:
            graph.parse(handle, format="turtle", publicID="https://w3id.org/enfance-kg/")
    return graph


@cache
def _checks() -> tuple[Check, ...]:
    return tuple(compile_shapes(_shapes()))


@cache
def shapes_digest() -> str:
    """SHA-256 of the shape files: part of every cache key."""
    digest = hashlib.sha256()
    for source in shape_files():
        digest.update(source.read_bytes())
    return digest.hexdigest()


def shapes_graph() -> Graph:
    """All the shapes of ``shapes/``, merged (a copy: callers may change it)."""
    from enfance_kg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    graph.bind("ekgsh", SHAPES_NS)
    for triple in _shapes():
        graph.add(triple)
    return graph


@cache
def _context(base: str) -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology and reference triples that data from outside the store is checked with."""
    return tuple(ontology_graph()) + tuple(reference_graph(Iris(base)))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """One validation result, with where it comes from when that can be found."""

    severity: str  # "violation", "warning" or "info"
    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    shape: Node
    messages: dict[str, str]  # language tag ("" when none) -> message
    document: URIRef | None = None
    quote: str | None = None
    rule: URIRef | None = None  # the extraction rule of the fact, when known
    label: str | None = None  # the focus node's label, when it has one
    fact: URIRef | None = None  # the fact the focus node is part of
    found_at: tuple[tuple[int, int], ...] | None = None  # a misplaced quote: where the text holds it
    related_document: URIRef | None = None  # a conflict: the other source
    related_quote: str | None = None  # … and its quote

    @property
    def conflict(self) -> bool:
        """A disagreement between two sources (shapes/consistency.ttl): listed apart. Near-duplicates are
        noticed, not conflicts."""
        return str(self.shape).startswith(CONSISTENCY_NS) and str(self.shape) != CONSISTENCY_NS + "nearDuplicate"

    def message(self, lang: str = "fr") -> str:
        """The message in ``lang``, else in English or French, else any."""
        for tag in (lang, "en", "fr", ""):
            if tag in self.messages:
                return self.messages[tag]
        return next(iter(self.messages.values()), "")


def result_key(result: Result) -> tuple:
    return (-RANK[result.severity], str(result.focus), str(result.shape), str(result.path), str(result.value))


@dataclass
class ValidationReport:
    """The outcome of a validation at a severity threshold.

    ``results`` holds the results at or above the threshold; ``below`` counts the others;
    ``documents`` lists every document validated (a document with no result conforms).
    """

    results: list[Result]
    severity: str
    below: int = 0
    triples: int = 0
    documents: list[URIRef] = field(default_factory=list)
    titles: dict[URIRef, str] = field(default_factory=dict)
    shapes: Graph | None = field(default=None, repr=False)

    @property
    def conforms(self) -> bool:
        return not self.results

    def counts(self) -> dict[str, int]:
        counts = {name: 0 for name in SEVERITIES}
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def by_document(self, *, every: bool = False) -> list[tuple[URIRef | None, list[Result]]]:
        """Results grouped by source document (``None``: the ontology, reference data, shared entities or
        no document), documents in IRI order; with ``every``, documents without results too."""
        groups: dict[URIRef | None, list[Result]] = {doc: [] for doc in self.documents} if every else {}
        for result in self.results:
            groups.setdefault(result.document, []).append(result)
        keys = sorted(groups, key=lambda doc: (doc is None, str(doc or "")))
        return [(doc, sorted(groups[doc], key=result_key)) for doc in keys]

    def render(self, format: str = "text", *, lang: str = "fr", per_document: bool = False) -> str:
        from enfance_kg import reports

        return reports.render(self, format, lang=lang, per_document=per_document)

    # kept for callers of the first version
    def to_text(self) -> str:
        return self.render("text")

    def to_json(self) -> str:
        return self.render("json")

    def to_turtle(self) -> str:
        return self.render("turtle")

    @property
    def report_graph(self) -> Graph:
        from enfance_kg import reports

        return reports.report_graph(self)


# --------------------------------------------------------------------------- where a node comes from


class _Triples(Protocol):
    def value(self, subject: Node, predicate: Node) -> Node | None: ...
    def objects(self, subject: Node, predicate: Node) -> Iterable[Node]: ...
    def subjects(self, predicate: Node, obj: Node) -> Iterable[Node]: ...
    def graphs(self, subject: Node) -> set[URIRef]: ...


class _StoreTriples:
    """Look-ups in a store, in its union graph, as the provenance finder asks them (each asked once: results
    of one report share their facts, documents and labels)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._objects: dict[tuple[Node, Node], list[Node]] = {}
        self._subjects: dict[tuple[Node, Node], list[Node]] = {}

    def value(self, subject: Node, predicate: Node) -> Node | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        key = (subject, predicate)
        if key not in self._objects:
            self._objects[key] = sorted(kg_store.objects(self.store, subject, predicate), key=str)
        return self._objects[key]

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        key = (predicate, obj)
        if key not in self._subjects:
            self._subjects[key] = sorted(kg_store.subjects(self.store, predicate, obj), key=str)
        return self._subjects[key]

    def graphs(self, subject: Node) -> set[URIRef]:
        return {g for _, _, _, g in kg_store.match(self.store, subject) if isinstance(g, URIRef)}


class _GraphTriples:
    """The same look-ups in an rdflib graph, with the named graphs each subject was read from."""

    def __init__(self, graph: Graph, graphs: dict[Node, set[URIRef]]) -> None:
        self.graph, self._graphs = graph, graphs

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return self.graph.value(subject, predicate)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return sorted(set(self.graph.objects(subject, predicate)), key=str)

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return sorted(set(self.graph.subjects(predicate, obj)), key=str)

    def graphs(self, subject: Node) -> set[URIRef]:
        return self._graphs.get(subject, set())


#: links from a whole to its part, followed backwards to find the fact a node belongs to
_PART_OF = (OA.hasSelector, OA.hasTarget, EKG.evidence)
_LABELS = (RDFS.label, SKOS.prefLabel, FOAF.name, DCTERMS.title)


class Provenance:
    """Finds the document a node comes from, the fact it belongs to, the fact's quote and rule."""

    def __init__(self, triples: _Triples, iris: Iris) -> None:
        self.triples, self.iris = triples, iris

    def _parents(self, node: Node) -> Iterable[Node]:
        """The fact of a ``fact#part`` IRI, the passage of a selector, the annotation of a passage, the fact
        of an annotation. Shared nodes (départements, people, contracts) are parts of nothing, so a problem
        with them is not pinned on one document."""
        if isinstance(node, URIRef) and "#" in node:
            yield URIRef(node.split("#", 1)[0])
        for prop in _PART_OF:
            yield from self.triples.subjects(prop, node)

    def _is_document(self, node: Node) -> bool:
        """Typed a document (its text is not fetched to tell: a text is the largest value of the graph)."""
        return isinstance(node, URIRef) and EKG.Document in self.triples.objects(node, RDF.type)

    def fact(self, node: Node) -> Node | None:
        """The node itself or the nearest whole it is part of that has evidence."""
        seen: set[Node] = set()
        frontier = [node]
        for _ in range(4):
            following: list[Node] = []
            for current in frontier:
                if current in seen:
                    continue
                seen.add(current)
                if self.triples.value(current, EKG.evidence) is not None:
                    return current
                following.extend(self._parents(current))
            frontier = following
        return None

    def document(self, node: Node, fact: Node | None) -> URIRef | None:
        for current in (node, fact):
            if current is None:
                continue
            for prop in (EKG.sourceDocument, OA.hasSource):
                found = self.triples.value(current, prop)
                if isinstance(found, URIRef):
                    return found
            if self._is_document(current):
                return URIRef(str(current))
        for parent in self._parents(node):
            found = self.triples.value(parent, OA.hasSource)
            if isinstance(found, URIRef):
                return found
        for graph in sorted(self.triples.graphs(node)):
            key = self.iris.document_key_of(graph)
            if key is not None:
                return self.iris.document(key)
        return None

    def passage(self, node: Node, fact: Node | None) -> Node | None:
        """The oa:SpecificResource holding the quote: the node itself, one it is part of, or the fact's."""
        if self.triples.value(node, OA.hasSelector) is not None:
            return node
        for parent in self.triples.subjects(OA.hasSelector, node):
            return parent
        if fact is not None:
            for evidence in self.triples.objects(fact, EKG.evidence):
                target = self.triples.value(evidence, OA.hasTarget)
                if target is not None:
                    return target
        return None

    def quote(self, passage: Node | None) -> str | None:
        if passage is None:
            return None
        for selector in self.triples.objects(passage, OA.hasSelector):
            exact = self.triples.value(selector, OA.exact)
            if exact is not None:
                return str(exact)
        return None

    def label(self, node: Node) -> str | None:
        for prop in _LABELS:
            values = list(self.triples.objects(node, prop))
            if values:
                french = [v for v in values if isinstance(v, Literal) and v.language == "fr"]
                return str((french or values)[0])
        return None

    def misplaced(self, passage: Node) -> tuple[tuple[int, int], ...]:
        """Where the document's text holds the quote of ``passage`` (nearest to the stated start first)."""
        document = self.triples.value(passage, OA.hasSource)
        text = self.triples.value(document, EKG.text) if document is not None else None
        exact = self.quote(passage)
        if text is None or not exact:
            return ()
        stated = 0
        for selector in self.triples.objects(passage, OA.hasSelector):
            start = self.triples.value(selector, OA.start)
            if start is not None:
                stated = int(str(start))
        full = str(text)
        found: list[tuple[int, int]] = []
        position = full.find(exact)
        while position >= 0 and len(found) < 20:
            found.append((position, position + len(exact)))
            position = full.find(exact, position + 1)
        return tuple(sorted(found, key=lambda span: abs(span[0] - stated)))

    def complete(self, result: Result) -> Result:
        fact = self.fact(result.focus)
        passage = self.passage(result.focus, fact)
        rule = self.triples.value(fact, EKG.extractionRule) if fact is not None else None
        found_at = self.misplaced(passage) if result.shape == _QUOTE_SHAPE and passage is not None else None
        related_document, related_quote = None, None
        if result.conflict and result.value is not None:
            other = self.fact(result.value)
            if other is not None:
                related_document = self.document(result.value, other)
                related_quote = self.quote(self.passage(result.value, other))
        return replace(
            result,
            related_document=related_document,
            related_quote=related_quote,
            document=self.document(result.focus, fact),
            quote=self.quote(passage),
            rule=rule if isinstance(rule, URIRef) else None,
            label=self.label(result.focus),
            fact=fact if isinstance(fact, URIRef) else None,
            found_at=found_at,
        )


# --------------------------------------------------------------------------- running the compiled shapes


_TYPES_IN_SCOPE = "SELECT DISTINCT ?type WHERE { GRAPH ?scope { ?s a ?type } }"
_PREDICATES_IN_SCOPE = "SELECT DISTINCT ?p WHERE { GRAPH ?scope { ?s ?p ?o } }"
_COUNT_IN_SCOPE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?scope { ?s ?p ?o } }"


def _raw_results(store: Any, *, scope: URIRef | None = None, exclude: Sequence[str] = (),
                 threads: int = 1) -> list[Result]:
    """Run every compiled check on the focus nodes in ``scope`` (one graph) or in every graph but ``exclude``,
    one query per check (a query made of many checks was slower: Oxigraph plans it as a whole), spread over
    ``threads`` (pyoxigraph releases the GIL while it evaluates)."""
    named = [str(scope)] if scope is not None else None
    closure = subclass_closure(kg_store.select(store, SUBCLASS_QUERY))
    checks = _checks()
    if scope is not None:  # a document: the checks its types target, of values it holds (a triple is in
        # the graph of its subject: docs/model.md)
        types = {str(r["type"]) for r in kg_store.select(store, _TYPES_IN_SCOPE, named_graphs=named)}
        predicates = {str(r["p"]) for r in kg_store.select(store, _PREDICATES_IN_SCOPE, named_graphs=named)}
        checks = tuple(c for c in checks if c.targeted(types, predicates, closure))

    def run(part: Sequence[Check]) -> list[Result]:
        found: list[Result] = []
        for check in part:
            text = check.query(scoped=scope is not None, exclude=exclude, subclasses=closure)
            found.extend(_result(check, row) for row in kg_store.select(store, text, named_graphs=named))
        return found

    parts = [checks[i::threads] for i in range(threads)] if threads > 1 else [checks]
    if len(parts) > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            return [result for part in pool.map(run, parts) for result in part]
    return run(checks)


def _result(check: Check, row: dict[str, Node | None]) -> Result:
    messages: dict[str, str] = {}
    for lang, text in check.messages:
        messages.setdefault(lang, fill_message(text, row, lang))
    path = row.get("path") or check.path
    focus = row["this"]
    assert focus is not None
    return Result(
        severity=_NAME_OF.get(check.severity, "violation"),
        focus=focus,
        path=path,
        value=row.get("value"),
        component=check.component,
        shape=check.shape,
        messages=messages,
    )


_context_lock = threading.Lock()
_context_results: dict[str, tuple[Result, ...]] = {}


def context_results(store: Any, graphs: Sequence[URIRef]) -> tuple[Result, ...]:
    """The results of the context graphs' own focus nodes, computed once per content (digest of the shapes
    and of the graphs' sorted quads) and kept for the process."""
    key = shapes_digest() + ":" + kg_store.graph_digest(store, graphs)
    with _context_lock:
        if key not in _context_results:
            found: list[Result] = []
            for graph in graphs:
                found.extend(_raw_results(store, scope=graph))
            _context_results[key] = tuple(found)
        return _context_results[key]


def _report(store: Any, raw: Iterable[Result], *, severity: str, iris: Iris, triples: int,
            documents: Sequence[URIRef] = ()) -> ValidationReport:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}")
    threshold = RANK[severity]
    provenance = Provenance(_StoreTriples(store), iris)
    kept, below = [], 0
    for result in _unique(raw):
        if RANK[result.severity] < threshold:
            below += 1
            continue
        kept.append(provenance.complete(result))
    titles = {doc: provenance.label(doc) or str(doc) for doc in documents}
    return ValidationReport(results=sorted(kept, key=result_key), severity=severity, below=below, triples=triples,
                            documents=list(documents), titles=titles, shapes=_shapes())


def _unique(results: Iterable[Result]) -> list[Result]:
    """Each result once; a conflict between two facts once, from the side whose IRI sorts first."""
    kept: dict[tuple, Result] = {}
    for result in sorted(results, key=result_key):
        if str(result.shape).startswith(CONSISTENCY_NS) and result.value is not None:
            key: tuple = (result.shape, frozenset((str(result.focus), str(result.value))))
        else:
            key = (result.focus, result.path, result.value, result.component, result.shape)
        kept.setdefault(key, result)
    return list(kept.values())


def _check_severity(severity: str) -> None:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}")


# --------------------------------------------------------------------------- public entry points


def validate_graph(
    data: Graph | Dataset,
    *,
    severity: str = "violation",
    iris: Iris | None = None,
    graphs: dict[Node, set[URIRef]] | None = None,
    with_context: bool = True,
    engine: str = "oxigraph",
) -> ValidationReport:
    """Validate rdflib data (a graph, or a dataset whose named graphs are kept for grouping by document).

    ``with_context`` (default) loads the ontology and the reference graph alongside the data; their own
    focus nodes are not checked (see :func:`context_results`). ``engine="pyshacl"`` runs the reference
    engine instead of the compiled shapes.
    """
    _check_severity(severity)
    iris = iris or Iris()
    if engine == "pyshacl":
        from enfance_kg.validation_pyshacl import validate_with_pyshacl

        return validate_with_pyshacl(data, severity=severity, iris=iris, graphs=graphs or {},
                                     with_context=with_context)
    if engine != "oxigraph":
        raise ValueError(f"unknown engine {engine!r}; expected oxigraph or pyshacl")
    quads: list[tuple[Node, Node, Node, Node | None]] = []
    if isinstance(data, Dataset):
        default = _default(data)
        for s, p, o, g in data.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, Graph) else g
            quads.append((s, p, o, name if isinstance(name, URIRef) and name != default else DATA_GRAPH))
    else:
        for s, p, o in data:  # a triple goes to the graphs its subject was read from, if known
            quads.extend((s, p, o, name) for name in sorted((graphs or {}).get(s, ())) or [DATA_GRAPH])
    return _validate_quads(quads, severity=severity, iris=iris, with_context=with_context)


def _default(data: Dataset) -> Node:
    return data.default_graph.identifier


def _validate_quads(quads: Sequence[tuple[Node, Node, Node, Node | None]], *, severity: str, iris: Iris,
                    with_context: bool, scope: URIRef | None = None) -> ValidationReport:
    """Validate quads in a store in memory: the focus nodes of every graph, or of ``scope`` only (as a document
    of the store is validated: the tests check that both give the same results)."""
    store = kg_store.scratch_store(quads)
    triples = len({(s, p, o) for s, p, o, _ in quads})
    if with_context:
        kg_store.add_quads(store, ((s, p, o, _CONTEXT_IN_MEMORY) for s, p, o in _context(iris.base)))
    # the whole union: what the data says of a reference node (typed by the context) is checked too; the
    # context's own nodes cost little in memory, and conform (tests/test_validate_cli.py)
    raw = _raw_results(store, scope=scope) if scope is not None else _raw_results(store)
    documents = sorted({URIRef(s) for s, p, o, _ in quads if p == RDF.type and o == EKG.Document
                        and isinstance(s, URIRef)}, key=str)
    return _report(store, raw, severity=severity, iris=iris, triples=triples, documents=documents)


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
    _check_severity(severity)
    quads: list[tuple[Node, Node, Node, Node | None]] = []
    for path in paths:
        parsed = read_rdf(path)
        if isinstance(parsed, Dataset):
            default = _default(parsed)
            for s, p, o, g in parsed.quads((None, None, None, None)):
                name = g.identifier if isinstance(g, Graph) else g
                quads.append((s, p, o, name if isinstance(name, URIRef) and name != default else DATA_GRAPH))
        else:
            quads.extend((s, p, o, DATA_GRAPH) for s, p, o in parsed)
    return _validate_quads(quads, severity=severity, iris=iris or Iris(), with_context=True)


#: the syntaxes POST /validate and validate_data accept, by media type
DATA_SYNTAXES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/trig": "trig",
    "application/n-triples": "ntriples", "application/n-quads": "nquads", "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}


def validate_data(data: bytes, *, format: str, severity: str = "violation",
                  iris: Iris | None = None) -> ValidationReport:
    """Validate serialised RDF sent by someone else (``format``: turtle, trig, ntriples, nquads, jsonld, rdfxml).

    Nothing is fetched: a JSON-LD remote ``@context`` is a syntax error, and data that asks for an
    ``owl:imports`` is refused (:class:`DataRefused`). A syntax error raises :class:`RdfSyntaxError` with its
    line and column.
    """
    _check_severity(severity)
    iris = iris or Iris()
    store = kg_store.scratch_store()
    kg_store.parse_into(store, data, format=format, graph=DATA_GRAPH)
    imports = [(s, o) for s, _, o, _ in kg_store.match(store, None, OWL.imports)]
    if imports:
        subject, target = imports[0]
        raise DataRefused(f"owl:imports is refused: {subject} imports {target}; send the data itself, nothing is "
                          "fetched from elsewhere")
    quads = list(kg_store.match(store))
    return _validate_quads(quads, severity=severity, iris=iris, with_context=True)


def validate_store(folder: Path | Endpoint, *, severity: str = "violation", iris: Iris | None = None,
                   threads: int = 2) -> ValidationReport:
    """Validate the store being served in ``folder``: every graph's focus nodes, the context's from its cache.

    ``folder`` may also be a remote store (an :class:`enfance_kg.backend.Endpoint`): its graphs are read back
    into a store in memory and validated there."""
    _check_severity(severity)
    iris = iris or Iris()
    if isinstance(folder, Path | str):
        store = kg_store.open_store(Path(folder))
    else:
        from enfance_kg.backend import open_target

        store = kg_store.scratch_store(open_target(folder, iris=iris).quads())
    context = [iris.graph(name) for name in CONTEXT_GRAPHS]
    raw = list(context_results(store, context))
    raw += _raw_results(store, exclude=[str(g) for g in context], threads=threads)
    return _report(store, raw, severity=severity, iris=iris, triples=len(store), documents=_documents(store, iris))


def validate_document(folder: Path, key: str, *, severity: str = "violation", iris: Iris | None = None,
                      store: Any = None) -> ValidationReport:
    """Validate one document of the store: the focus nodes of its graph, against everything else."""
    _check_severity(severity)
    iris = iris or Iris()
    store = store if store is not None else kg_store.open_store(folder)
    graph = iris.document_graph(key)
    if next(kg_store.match(store, graph=graph), None) is None:  # a look-up, where graph_names lists them all
        raise InputError(f"no document {key!r} in the store (no graph {graph})")
    raw = _raw_results(store, scope=graph)
    triples = int(str(kg_store.select(store, _COUNT_IN_SCOPE, named_graphs=[str(graph)])[0]["n"]))
    return _report(store, raw, severity=severity, iris=iris, triples=triples, documents=[iris.document(key)])


def _documents(store: Any, iris: Iris) -> list[URIRef]:
    return sorted({URIRef(s) for s, _, _, _ in kg_store.match(store, None, RDF.type, EKG.Document)
                   if isinstance(s, URIRef)}, key=str)


def canonical(term: Node) -> Node:
    """A decimal in its canonical form ("4" and "4.00" become "4.0", as pyoxigraph stores them)."""
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


__all__ = [
    "SEVERITIES",
    "Provenance",
    "Result",
    "ValidationReport",
    "context_results",
    "read_rdf",
    "shapes_graph",
    "validate_data",
    "validate_document",
    "validate_files",
    "validate_graph",
    "validate_store",
]
