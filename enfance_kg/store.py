"""The store: the only module that talks to pyoxigraph.

A store folder holds complete builds side by side and a ``current`` link to the one
being served::

    store/
      current -> builds/20261123T140102-4242
      builds/20261123T140102-4242/   (a pyoxigraph database)
      .lock

A build is written into a new folder and only swapped in (an atomic ``rename`` of
the link) once it is complete, so a failed build never damages the store being
served. Readers open ``current`` read-only.

Queries run with the default graph as the union of all named graphs: every
document lives in its own graph, and questions are asked across them.

>>> import tempfile, pathlib
>>> from rdflib import URIRef, Literal
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with new_build(folder) as store:
...     add_quads(store, [(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), URIRef("urn:g"))])
>>> rows = select(open_store(folder), "SELECT ?o WHERE { ?s ?p ?o }")
>>> [str(row["o"]) for row in rows]
['o']
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from enfance_kg.errors import QueryError, QuerySyntaxError, RdfSyntaxError, StoreError
from enfance_kg.namespaces import PREFIXES

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2  # the current one and the one before, which a running server may still hold open

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: formats that carry named graphs
DATASET_FORMATS = frozenset({"trig", "nquads", "jsonld"})


# --------------------------------------------------------------------------- terms


def to_oxigraph(term: Node | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph:
    """Convert an rdflib term (``None`` meaning the default graph) to its pyoxigraph twin."""
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}: not an IRI, blank node or literal")


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term back to rdflib (``None`` stays ``None``)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


# --------------------------------------------------------------------------- folders


def _current(folder: Path) -> Path:
    return Path(folder) / CURRENT


def has_store(folder: Path) -> bool:
    """Whether ``folder`` holds a complete build."""
    return _current(folder).is_dir()


def build_id(folder: Path) -> str:
    """The name of the build being served: changes with every build, usable as an ETag."""
    link = _current(folder)
    if not link.is_dir():
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    return os.readlink(link).rsplit("/", 1)[-1]


def open_store(folder: Path, *, read_only: bool = True) -> ox.Store:
    """Open the build being served in ``folder``."""
    link = _current(folder)
    if not link.is_dir():
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    try:
        return ox.Store.read_only(str(link.resolve())) if read_only else ox.Store(str(link.resolve()))
    except OSError as err:
        raise StoreError(f"cannot open the store in {folder}: {err}") from err


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def new_build(folder: Path) -> Iterator[ox.Store]:
    """Yield an empty writable store; swap it in as ``current`` when the block ends without error.

    On error the half-written build is removed and the served one is left as it was.
    Builds of one folder are serialised by a lock file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder")
    with _locked(folder):
        builds = folder / BUILDS
        builds.mkdir(exist_ok=True)
        name = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        target = builds / name
        store = ox.Store(str(target))
        try:
            yield store
            store.flush()
            store.optimize()
        except BaseException:
            del store
            shutil.rmtree(target, ignore_errors=True)
            raise
        del store
        tmp_link = folder / f".{CURRENT}.{name}"
        os.symlink(f"{BUILDS}/{name}", tmp_link)
        os.replace(tmp_link, _current(folder))
        _prune(builds, keep=name)


def _prune(builds: Path, keep: str) -> None:
    olders = sorted((p for p in builds.iterdir() if p.is_dir() and p.name != keep), key=lambda p: p.name)
    for old in olders[: max(0, len(olders) - (KEEP_BUILDS - 1))]:
        shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- writing


def add_quads(store: ox.Store, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
    """Bulk-add rdflib quads ``(subject, predicate, object, graph)`` to a store being built."""
    store.bulk_extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g)) for s, p, o, g in quads
    )


def load_rdf(store: ox.Store, data: bytes | str, *, format: str, graph: URIRef | None = None) -> None:
    """Bulk-load serialised RDF; triples go to ``graph`` (quads keep their own graph)."""
    kwargs: dict[str, Any] = {}
    if graph is not None and format not in DATASET_FORMATS:
        kwargs["to_graph"] = ox.NamedNode(str(graph))
    store.bulk_load(data.encode() if isinstance(data, str) else data, format=RDF_FORMATS[format], **kwargs)


# --------------------------------------------------------------------------- reading


def run_query(store: ox.Store, text: str, *, substitutions: dict[str, Node] | None = None,
              default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> Any:
    """Run a SPARQL query with values bound to variables, never spliced into the text.

    ``default_graph`` and ``named_graphs`` (graph IRIs) set the dataset, as the SPARQL Protocol's
    ``default-graph-uri`` and ``named-graph-uri`` do; ``base_iri`` resolves relative IRIs.
    Raises :class:`QuerySyntaxError` on a syntax error, with pyoxigraph's message and position.
    """
    subs = {ox.Variable(name): to_oxigraph(value) for name, value in (substitutions or {}).items()}
    dataset: dict[str, Any] = {"use_default_graph_as_union": default_graph is None}
    if default_graph is not None:
        dataset["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
    if named_graphs is not None:
        dataset["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    try:
        return store.query(text, prefixes=PREFIXES, substitutions=subs or None, base_iri=base_iri, **dataset)
    except SyntaxError as err:
        raise _syntax_error(err) from err


def _syntax_error(err: SyntaxError) -> QuerySyntaxError:
    """pyoxigraph says ``error at 3:23: expected …``; keep the reason, give the position as numbers."""
    found = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", str(err), re.DOTALL)
    if not found:
        return QuerySyntaxError(f"SPARQL syntax error: {err}")
    line, column, reason = int(found.group(1)), int(found.group(2)), found.group(3)
    return QuerySyntaxError(f"SPARQL syntax error at line {line}, column {column}: {reason}", line=line, column=column)


def select(store: ox.Store, text: str, *, substitutions: dict[str, Node] | None = None,
           named_graphs: Sequence[str] | None = None) -> list[dict[str, Node | None]]:
    """Rows of a SELECT query as dicts of rdflib terms (``None`` for an unbound variable); ``named_graphs``
    limits what ``GRAPH ?g`` patterns see (the default graph stays the union of all graphs)."""
    results = run_query(store, text, substitutions=substitutions, named_graphs=named_graphs)
    if not isinstance(results, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    names = [v.value for v in results.variables]
    return [{name: to_rdflib(solution[name]) for name in names} for solution in results]


def object_samples(store: ox.Store, predicates: Iterable[str], *, limit: int = 20) -> list[Node]:
    """Up to ``limit`` objects of each predicate, as rdflib terms: what the graph holds there (its datatypes)."""
    found: list[Node] = []
    for predicate in predicates:
        try:
            node = ox.NamedNode(predicate)
        except ValueError:
            continue
        for n, quad in enumerate(store.quads_for_pattern(None, node, None, None)):
            if n >= limit:
                break
            term = to_rdflib(quad.object)
            if term is not None:
                found.append(term)
    return found


def result_variables(results: Any) -> list[str]:
    return [v.value for v in results.variables]


def serialize_results(results: Any, format: str, output: IO[bytes] | None = None) -> bytes | None:
    """Serialise SELECT/ASK results (``json``, ``xml``, ``csv``, ``tsv``) or graph results (RDF formats)."""
    if isinstance(results, ox.QueryTriples):
        return results.serialize(output, RDF_FORMATS[format])
    return results.serialize(output, RESULT_FORMATS[format])


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` the JSON-LD exports are compacted with (``ontology/context.jsonld``)."""
    from enfance_kg.resources import context_file

    return dict(json.loads(context_file().read_text(encoding="utf-8"))["@context"])


def dump(store: ox.Store, output: IO[bytes] | Path, *, format: str) -> None:
    """Write the whole dataset; a triple-only format gets the union of all graphs (a set: no triple is
    in two graphs). Turtle and TriG use the project's prefixes; JSON-LD is compacted with its
    published ``@context``, which it carries so that it reads without a network."""
    if format == "jsonld":
        _dump_jsonld(store, output)
        return
    prefixes = PREFIXES if format in ("turtle", "trig") else None
    if format in DATASET_FORMATS:
        store.dump(output, RDF_FORMATS[format], prefixes=prefixes)
        return
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    union.dump(output, RDF_FORMATS[format], from_graph=ox.DefaultGraph(), prefixes=prefixes)


def _dump_jsonld(store: ox.Store, output: IO[bytes] | Path) -> None:
    import warnings

    from rdflib import Dataset

    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own deprecated Dataset internals
        warnings.simplefilter("ignore", DeprecationWarning)
        for s, p, o, g in quads(store):
            dataset.add((s, p, o, g if g is not None else dataset.default_graph.identifier))
        data = dataset.serialize(format="json-ld", context=jsonld_context(), indent=1, ensure_ascii=False)
    encoded = data.encode("utf-8") if isinstance(data, str) else data
    if isinstance(output, Path):
        output.write_bytes(encoded)
    else:
        output.write(encoded)


def quads(store: ox.Store, *, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """All quads (of one graph when given), as rdflib terms."""
    pattern = store.quads_for_pattern(None, None, None, to_oxigraph(graph) if graph is not None else None)
    for q in pattern:
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)


def match(store: ox.Store, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None,
          graph: Node | None = None) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """Quads matching a pattern (``None`` matches anything, the graph included), as rdflib terms."""
    def term(node: Node | None) -> Any:
        return None if node is None else to_oxigraph(node)

    for q in store.quads_for_pattern(term(subject), term(predicate), term(obj), term(graph)):
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)


def scratch_store(quads: Iterable[tuple[Node, Node, Node, Node | None]] = ()) -> ox.Store:
    """A store in memory, for data to check that is not the store served (a file, a posted graph)."""
    store = ox.Store()
    add_quads(store, quads)
    return store


def parse_into(store: ox.Store, data: bytes, *, format: str, graph: URIRef) -> None:
    """Parse serialised RDF into ``store`` without fetching anything (a JSON-LD remote context is refused);
    triples go to ``graph``. Raises :class:`RdfSyntaxError` with the line and column of the first error."""
    kwargs: dict[str, Any] = {}
    if format not in DATASET_FORMATS:
        kwargs["to_graph"] = ox.NamedNode(str(graph))
    try:
        store.load(data, format=RDF_FORMATS[format], base_iri=str(graph), **kwargs)
    except SyntaxError as err:
        line, column = (err.args[1][1], err.args[1][2]) if len(err.args) > 1 and err.args[1] else (None, None)
        raise RdfSyntaxError(str(err), line=line, column=column) from err


def graph_digest(store: ox.Store, graphs: Sequence[URIRef]) -> str:
    """SHA-256 of the sorted N-Quads of ``graphs``: the same content gives the same digest."""
    import hashlib

    lines = sorted(str(q) for g in graphs for q in store.quads_for_pattern(None, None, None, to_oxigraph(g)))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- answers, for the query runner


def current_build(folder: Path) -> Path:
    """The folder of the build being served (what ``current`` points at), resolved."""
    link = _current(folder)
    if not link.is_dir():
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    return link.resolve()


def open_build(path: Path) -> ox.Store:
    """Open one build folder read-only (a path from :func:`current_build`)."""
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise StoreError(f"cannot open the build {path}: {err}") from err


def graph_names(store: ox.Store) -> set[str]:
    """The IRIs of the store's named graphs."""
    return {graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)}


@dataclass(frozen=True)
class Answer:
    """A query's results, serialised: ``form`` is SELECT, ASK or CONSTRUCT (for CONSTRUCT and DESCRIBE).

    ``rows`` counts the solutions or triples in ``data``; ``truncated`` says the row limit cut them.
    """

    form: str
    format: str
    data: bytes
    rows: int = 0
    truncated: bool = False

    def table(self) -> tuple[list[str], list[list[Node | None]]]:
        """Columns and rows (rdflib terms) of a SELECT answered as JSON.

        >>> folder = Path(__import__("tempfile").mkdtemp()) / "store"
        >>> with new_build(folder) as s:
        ...     add_quads(s, [(URIRef("urn:s"), URIRef("urn:p"), Literal("chat", lang="fr"), URIRef("urn:g"))])
        >>> answer(open_store(folder), "SELECT ?o ?x { ?s ?p ?o }", format="json").table()
        (['o', 'x'], [[rdflib.term.Literal('chat', lang='fr'), None]])
        """
        if self.form != "SELECT" or self.format != "json":
            raise QueryError("a table comes from a SELECT answered as JSON")
        parsed = json.loads(self.data)
        columns = list(parsed["head"]["vars"])
        return columns, [[_from_json(row.get(c)) for c in columns] for row in parsed["results"]["bindings"]]

    def boolean(self) -> bool:
        if self.form != "ASK" or self.format != "json":
            raise QueryError("a boolean comes from an ASK answered as JSON")
        return bool(json.loads(self.data)["boolean"])


def answer(store: ox.Store, text: str, *, format: str, substitutions: dict[str, Node] | None = None,
           default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
           base_iri: str | None = None, max_rows: int | None = None, offset: int = 0,
           graph: str | None = None) -> Answer:
    """Run a query and serialise its results in ``format``, keeping at most ``max_rows`` after ``offset``.

    SELECT and ASK take ``json``, ``xml``, ``csv``, ``tsv``; graphs take the RDF formats, and are put in
    ``graph`` (an IRI) when a dataset format (TriG, N-Quads) is asked for.
    """
    results = run_query(store, text, substitutions=substitutions, default_graph=default_graph,
                        named_graphs=named_graphs, base_iri=base_iri)
    stop = None if max_rows is None else offset + max_rows + 1
    if isinstance(results, ox.QueryBoolean):
        _expect(format, RESULT_FORMATS, "an ASK query")
        return Answer("ASK", format, results.serialize(format=RESULT_FORMATS[format]) or b"", 1)
    if isinstance(results, ox.QuerySolutions):
        _expect(format, RESULT_FORMATS, "a SELECT query")
        names = [v.value for v in results.variables]
        kept = list(itertools.islice(results, offset, stop))
        truncated = max_rows is not None and len(kept) > max_rows
        kept = kept[:max_rows] if truncated else kept
        data = json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {name: _to_json(row[name]) for name in names if row[name] is not None} for row in kept]}},
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if format != "json":
            data = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
                format=RESULT_FORMATS[format]) or b""
        return Answer("SELECT", format, data, len(kept), truncated)
    _expect(format, RDF_FORMATS, "a CONSTRUCT or DESCRIBE query")
    triples = list(itertools.islice(results, offset, stop))
    truncated = max_rows is not None and len(triples) > max_rows
    triples = triples[:max_rows] if truncated else triples
    items: list[Any] = triples
    if format in ("trig", "nquads"):
        name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    used = _used_prefixes(triples) if format in ("turtle", "trig", "rdfxml") else None
    return Answer("CONSTRUCT", format, ox.serialize(items, format=RDF_FORMATS[format], prefixes=used) or b"",
                  len(triples), truncated)


def _expect(format: str, formats: dict[str, Any], what: str) -> None:
    if format not in formats:
        raise QueryError(f"{what} cannot be written as {format}: use {', '.join(formats)}")


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The project's prefixes that some IRI of ``triples`` starts with (so Turtle declares only those)."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}
    return {p: ns for p, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


def _to_json(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _to_json(term.subject),
                                            "predicate": _to_json(term.predicate), "object": _to_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _from_json(cell: dict[str, Any] | None) -> Node | None:
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return Literal(value, lang=cell["xml:lang"])
        return Literal(value, datatype=URIRef(cell["datatype"])) if "datatype" in cell else Literal(value)
    raise QueryError(f"a {kind} cannot be shown as an rdflib term")
