"""The store: the only module that talks to pyoxigraph.

A store folder holds complete builds side by side and a ``current`` link to the one
being served::

    store/
      current -> builds/20261123T140102.125042Z-4242
      builds/20261123T140102.125042Z-4242/       (a pyoxigraph database)
      builds/20261123T140102.125042Z-4242.json   (what it holds: documents, quads)
      .lock                                     (who is writing, while someone is)

A build is written into a new folder and only swapped in (an atomic ``rename`` of
the link) once it is complete, so a failed build never damages the store being
served. Readers open ``current`` read-only and keep the build they opened: the
previous builds stay on disk (``KEEP_BUILDS``), and :func:`rollback` serves one again.
Writers (build, add, rollback) take the folder's lock before they read anything.

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
import datetime as dt
import fcntl
import itertools
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from enfance_kg.errors import QueryError, QuerySyntaxError, RdfSyntaxError, StoreBusy, StoreError
from enfance_kg.namespaces import PREFIXES

CURRENT = "current"
BUILDS = "builds"
LOCK = ".lock"
MANIFEST = ".json"  # builds/<id>.json beside builds/<id>/: what the build holds
#: builds kept: the current one and two before it (a running server may still read the one it opened,
#: and `enfance-kg rollback` serves the previous one again)
KEEP_BUILDS = 3

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


def open_store(folder: Path, *, read_only: bool = True, in_memory: bool | None = False) -> ox.Store:
    """Open the build being served in ``folder``.

    ``in_memory=True`` answers from a copy of it in memory (read-only by nature: the copy is never
    written back); ``None`` decides by the build's size (:func:`wants_memory`).
    A damaged build (RocksDB reports corruption) is a :class:`StoreError` that says how to recover.
    """
    link = _current(folder)
    if not link.is_dir():
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    path = link.resolve()
    if in_memory is None or in_memory:
        return open_build(path, in_memory=in_memory)
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        raise StoreError(f"cannot open the store in {folder}: {err}") from err
    except RuntimeError as err:  # pyoxigraph's report of a RocksDB corruption
        raise damaged(folder, err) from err


def damaged(folder: Path, err: BaseException) -> StoreError:
    """The error for a build whose files are damaged, with the way out."""
    reason = " ".join(str(err).split())
    if len(reason) > 160:
        reason = reason[:159] + "…"
    return StoreError(
        f"the store in {folder} is damaged ({reason}); `enfance-kg rollback --store {folder}` serves the "
        f"previous build, `enfance-kg build --store {folder}` makes a new one")


# --------------------------------------------------------------------------- the writers' lock

_HELD = threading.local()  # folders whose lock this thread holds: a build inside a locked block re-enters it


@dataclass(frozen=True)
class Holder:
    """Who holds a store's lock: read from the lock file, which its holder fills in."""

    pid: int | None
    since: dt.datetime | None
    command: str

    def __str__(self) -> str:
        who = f"process {self.pid}" if self.pid else "another process"
        when = f" since {self.since.astimezone():%Y-%m-%d %H:%M:%S}" if self.since else ""
        return f"{who} ({self.command}){when}"


def _read_holder(handle: int) -> Holder:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        fields = json.loads(os.read(handle, 4096) or b"{}")
        since = dt.datetime.fromisoformat(fields["since"]) if fields.get("since") else None
        return Holder(int(fields["pid"]) if fields.get("pid") else None, since, str(fields.get("command", "?")))
    except (OSError, ValueError, TypeError, KeyError):
        return Holder(None, None, "enfance-kg")


def _open_lock(folder: Path) -> int:
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise StoreError(f"cannot write to the store {folder}: {err.strerror or err}") from err


def _check_writable(folder: Path) -> None:
    for place in (folder, folder / BUILDS):
        if place.exists() and not os.access(place, os.W_OK | os.X_OK):
            raise StoreError(f"cannot write to the store {folder}: {place} is read-only")


@contextlib.contextmanager
def locked(folder: Path, *, command: str = "enfance-kg", wait: bool = True,
           on_wait: Callable[[Holder], None] | None = None) -> Iterator[None]:
    """Hold ``folder``'s writers' lock: one build, add or rollback at a time, whatever the process.

    Take it before reading what is to be changed, so that two writers cannot both start from the
    same state. When another process holds it, ``on_wait(holder)`` is called and the lock is
    waited for, or, with ``wait=False``, :class:`StoreBusy` is raised at once. The lock also proves
    the folder writable before any work is done. Re-entrant within a thread.
    """
    folder = Path(folder)
    key = str(folder.resolve())
    held: set[str] = getattr(_HELD, "folders", set())
    if key in held:
        yield
        return
    handle = _open_lock(folder)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(handle)
            if not wait:
                raise StoreBusy(f"the store {folder} is being written by {holder}; try again when it is done, "
                                "or leave out --no-wait to wait for it") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _check_writable(folder)
        os.ftruncate(handle, 0)
        os.pwrite(handle, json.dumps({"pid": os.getpid(), "since": dt.datetime.now(dt.UTC).isoformat(),
                                      "command": command}).encode(), 0)
        _HELD.folders = held | {key}
        try:
            yield
        finally:
            _HELD.folders = held
            os.ftruncate(handle, 0)
    finally:
        os.close(handle)  # closing the descriptor releases the lock


# --------------------------------------------------------------------------- builds


@dataclass(frozen=True)
class BuildInfo:
    """One build kept in a store folder."""

    id: str
    created: dt.datetime
    documents: int | None  # None when the build predates manifests and cannot be opened
    quads: int | None
    current: bool


def _build_name() -> str:
    """A new build's id: its UTC creation time to the microsecond, then the builder's pid. Ids sort by age."""
    now = dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S.%f}Z-{os.getpid()}"


def _created(name: str) -> dt.datetime:
    try:
        created = dt.datetime.strptime(name[:15], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)
    micro = name[16:22] if name[15:16] == "." else ""
    return created.replace(microsecond=int(micro)) if micro.isdigit() else created


def _manifest(builds: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads((builds / f"{name}{MANIFEST}").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def builds(folder: Path) -> list[BuildInfo]:
    """The builds kept in ``folder``, newest first; the one being served has ``current`` set."""
    folder = Path(folder)
    if not has_store(folder):
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    served = build_id(folder)
    found = []
    for path in sorted((p for p in (folder / BUILDS).iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True):
        manifest = _manifest(folder / BUILDS, path.name)
        found.append(BuildInfo(path.name, _created(path.name), manifest.get("documents"), manifest.get("quads"),
                               path.name == served))
    return found


def served_documents(folder: Path) -> int | None:
    """How many documents the build being served holds, as its manifest says (``None``: no store, or unknown)."""
    if not has_store(Path(folder)):
        return None
    value = _manifest(Path(folder) / BUILDS, build_id(folder)).get("documents")
    return value if isinstance(value, int) else None


def _swap(folder: Path, name: str) -> None:
    """Point ``current`` at ``builds/name`` in one atomic rename: a reader sees the old build or the new one."""
    tmp_link = folder / f".{CURRENT}.{name}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    os.symlink(f"{BUILDS}/{name}", tmp_link)
    os.replace(tmp_link, _current(folder))


@contextlib.contextmanager
def new_build(folder: Path, *, manifest: dict[str, Any] | None = None, command: str = "enfance-kg build",
              wait: bool = True, on_wait: Callable[[Holder], None] | None = None) -> Iterator[ox.Store]:
    """Yield an empty writable store; swap it in as ``current`` when the block ends without error.

    On error the half-written build is removed and the served one is left as it was. Writers of
    one folder are serialised by :func:`locked` (taken here unless the caller holds it already).
    ``manifest`` (filled in by the caller inside the block, e.g. ``{"documents": 12}``) is kept
    beside the build with its quad count, for ``enfance-kg builds``. The previous builds are kept
    (``KEEP_BUILDS`` in all), so that a running server keeps reading the one it opened and
    ``enfance-kg rollback`` can serve it again.
    """
    folder = Path(folder)
    with locked(folder, command=command, wait=wait, on_wait=on_wait):
        builds_dir = folder / BUILDS
        builds_dir.mkdir(exist_ok=True)
        previous = build_id(folder) if has_store(folder) else None
        name = _build_name()
        target = builds_dir / name
        store = ox.Store(str(target))
        try:
            yield store
            store.flush()
            store.optimize()
            record = {**(manifest or {}), "id": name, "quads": len(store)}
        except BaseException:
            del store
            shutil.rmtree(target, ignore_errors=True)
            raise
        del store
        (builds_dir / f"{name}{MANIFEST}").write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
        _swap(folder, name)
        _prune(builds_dir, keep={name, previous} - {None})


def _prune(builds_dir: Path, keep: set[str | None]) -> None:
    """Remove the oldest builds beyond ``KEEP_BUILDS``, never one of ``keep`` (the new and the previous one)."""
    names = sorted((p.name for p in builds_dir.iterdir() if p.is_dir()), reverse=True)
    kept = [n for n in names if n in keep]
    for name in names:
        if name in keep:
            continue
        if len(kept) < KEEP_BUILDS:
            kept.append(name)
            continue
        shutil.rmtree(builds_dir / name, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (builds_dir / f"{name}{MANIFEST}").unlink()


def rollback(folder: Path, to: str | None = None, *, wait: bool = True,
             on_wait: Callable[[Holder], None] | None = None) -> BuildInfo:
    """Serve an earlier build again: ``to`` (a build id), or the newest one older than the current one.

    The swap is atomic and takes the writers' lock; the build that was served stays, so rolling
    forward is ``rollback(folder, to=that id)``.
    """
    folder = Path(folder)
    with locked(folder, command="enfance-kg rollback", wait=wait, on_wait=on_wait):
        kept = builds(folder)
        chosen = _previous(folder, kept) if to is None else next((b for b in kept if b.id == to), None)
        if chosen is None:
            raise StoreError(f"no build {to!r} in {folder}; the builds are {', '.join(b.id for b in kept)}")
        _swap(folder, chosen.id)
        return BuildInfo(chosen.id, chosen.created, chosen.documents, chosen.quads, True)


def _previous(folder: Path, kept: list[BuildInfo]) -> BuildInfo:
    served = next(b for b in kept if b.current)
    older = [b for b in kept if b.id < served.id]
    if not older:
        raise StoreError(f"no build older than {served.id} in {folder}: nothing to roll back to")
    return older[0]


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


def result_rows(results: Any, columns: list[str]) -> list[list[Node | None]]:
    """The rows of SELECT results as rdflib terms, in ``columns`` order (``None`` for unbound)."""
    try:
        return [[to_rdflib(solution[name]) for name in columns] for solution in results]
    except RuntimeError as err:  # a damaged build found while reading it
        raise StoreError(f"the store is damaged ({' '.join(str(err).split())[:160]}); rebuild it or roll back") \
            from err


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
    try:
        _dump(store, output, format=format)
    except RuntimeError as err:  # a damaged build found while reading it
        raise StoreError(f"the store is damaged ({' '.join(str(err).split())[:160]}); rebuild it or roll back") \
            from err


def _dump(store: ox.Store, output: IO[bytes] | Path, *, format: str) -> None:
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


def objects(store: ox.Store, subject: Node, predicate: Node) -> set[Node]:
    """The objects of ``subject``'s ``predicate`` in any graph: what :func:`match` gives, with only the objects
    turned into rdflib terms (a third of the cost of a look-up is converting the terms of its quads)."""
    pattern: list[Any] = [to_oxigraph(subject), to_oxigraph(predicate), None, None]
    found = store.quads_for_pattern(*pattern)
    return {term for term in (to_rdflib(q.object) for q in found) if term is not None}


def subjects(store: ox.Store, predicate: Node, obj: Node) -> set[Node]:
    """The subjects that have ``obj`` as their ``predicate`` in any graph (only they turned into rdflib terms)."""
    pattern: list[Any] = [None, to_oxigraph(predicate), to_oxigraph(obj), None]
    found = store.quads_for_pattern(*pattern)
    return {term for term in (to_rdflib(q.subject) for q in found) if term is not None}


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


#: (store folder, what its ``current`` link says) → the build folder, resolved: the server asks for the
#: current build on every request, and resolving the path costs a system call per component
_RESOLVED: dict[tuple[str, str], Path] = {}


def current_build(folder: Path) -> Path:
    """The folder of the build being served (what ``current`` points at), resolved.

    A swap replaces the ``current`` link (``os.replace``), so reading the link (one system call) says
    whether the build changed; the path is resolved again only then.
    """
    link = _current(folder)
    try:
        key = (os.path.abspath(folder), os.readlink(link))
    except OSError:
        key = None
    found = _RESOLVED.get(key) if key is not None else None
    if found is not None and found.is_dir():
        return found
    if not link.is_dir():
        raise StoreError(f"no store in {folder}: run `enfance-kg build --store {folder}` first")
    resolved = link.resolve()
    if key is not None:
        if len(_RESOLVED) > 64:
            _RESOLVED.clear()
        _RESOLVED[key] = resolved
    return resolved


def open_build(path: Path, *, in_memory: bool | None = False) -> ox.Store:
    """Open one build folder read-only (a path from :func:`current_build`).

    ``in_memory=True`` copies it into memory and answers from the copy; ``None`` does so when the
    build is small enough (:func:`wants_memory`).
    """
    try:
        on_disk = ox.Store.read_only(str(path))
    except OSError as err:
        raise StoreError(f"cannot open the build {path}: {err}") from err
    except RuntimeError as err:  # pyoxigraph's report of a RocksDB corruption
        raise damaged(path.parent.parent, err) from err
    if not wants_memory(path, in_memory):
        return on_disk
    copy = ox.Store()
    copy.bulk_extend(on_disk.quads_for_pattern(None, None, None, None))
    return copy


#: builds up to this size on disk are answered from memory when the caller lets the size decide
#: (``in_memory=None``). Measured on generated corpora (bench/bench_queries.py --in-memory, README):
#: a copy takes about 1.5 times the build's size on disk in memory and loads at ~9 µs a quad;
#: 150 MiB on disk is ~450k quads, a copy of ~230 MiB loaded in ~4 s, and queries 3-10× faster.
IN_MEMORY_MAX_BYTES = 150 * 1024**2


def build_size(path: Path) -> int:
    """Bytes on disk of a build folder."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def wants_memory(path: Path, in_memory: bool | None) -> bool:
    """Whether to answer from an in-memory copy of the build at ``path``: as asked, or (``None``) when
    it is at most :data:`IN_MEMORY_MAX_BYTES` on disk."""
    if in_memory is not None:
        return in_memory
    return build_size(path) <= IN_MEMORY_MAX_BYTES


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
    return answer_results(results, format=format, max_rows=max_rows, offset=offset, graph=graph)


def answer_results(results: Any, *, format: str, max_rows: int | None = None, offset: int = 0,
                   graph: str | None = None) -> Answer:
    """Serialise query results (this store's, or another engine's read by :func:`parse_results`) in
    ``format``, keeping at most ``max_rows`` after ``offset``: the same bytes whichever engine answered."""
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
    triples = [t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object)
               for t in itertools.islice(results, offset, stop)]
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


# --------------------------------------------------------------------------- other engines (enfance_kg.remote)

#: what another engine is asked for: SPARQL JSON results for SELECT and ASK, N-Triples for graphs
REMOTE_RESULTS = "application/sparql-results+json"
REMOTE_GRAPH = "application/n-triples"


def parse_results(data: bytes, *, form: str, columns: Sequence[str] | None = None) -> Any:
    """Read another engine's answer (SPARQL JSON results, or N-Triples for CONSTRUCT and DESCRIBE) as
    this store's results, for :func:`answer_results`; ``columns`` puts a SELECT's columns in the order
    the query projects them, whatever order the engine gave. A malformed answer is a :class:`StoreError`."""
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as err:
        raise StoreError(f"the SPARQL endpoint answered something that is not {form} results: {err}") from err
    if form == "ASK" and isinstance(results, ox.QuerySolutions):  # Virtuoso 7: a row of __ASK_RETVAL 1, or none
        found = any(str(getattr(cell, "value", cell)) not in ("0", "false") for row in results for cell in row)
        return ox.parse_query_results(json.dumps({"head": {}, "boolean": found}).encode(),
                                      format=ox.QueryResultsFormat.JSON)
    if columns is None or not isinstance(results, ox.QuerySolutions):
        return results
    given = [v.value for v in results.variables]
    if given == list(columns) or set(given) != set(columns):
        return results
    rows = [{name: _to_json(row[name]) for name in columns if row[name] is not None} for row in results]
    reordered = json.dumps({"head": {"vars": list(columns)}, "results": {"bindings": rows}}).encode()
    return ox.parse_query_results(reordered, format=ox.QueryResultsFormat.JSON)


def sparql_term(term: Node) -> str:
    """A term written as SPARQL (``<iri>``, ``"text"@fr``, ``"5"^^<…#integer>``) by the RDF library's own
    N-Triples writer, so its escaping is total: for a ``VALUES`` block of another engine's query."""
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a query parameter")
    return str(to_oxigraph(term))


def ntriples(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> bytes:
    """The triples of ``quads`` (their graph dropped) as N-Triples, in the order given."""
    return ox.serialize((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o, _ in quads),
                        format=ox.RdfFormat.N_TRIPLES) or b""


def rdf_to_ntriples(data: bytes, *, format: str) -> bytes:
    """Serialised RDF (one graph) rewritten as N-Triples, the form every Graph Store accepts."""
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=RDF_FORMATS[format]))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def parse_ntriples(data: bytes, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """N-Triples read back as rdflib quads in ``graph``."""
    for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph


def dump_quads(quads: Iterable[tuple[Node, Node, Node, Node | None]], output: IO[bytes] | Path, *,
               format: str) -> None:
    """Write quads read from elsewhere (another engine) as :func:`dump` writes a store: through an
    in-memory store, so that every format comes out the same whichever engine held the data."""
    memory = ox.Store()
    add_quads(memory, quads)
    dump(memory, output, format=format)
