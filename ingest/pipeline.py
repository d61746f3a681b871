"""The ingest pipeline end to end: corpus folder → RDF → a new store swapped in whole.

``read → clean → segment → extract → assemble`` runs per document; a document that
fails at any stage is reported with its reason and left out, and the others build.
Near-duplicate links are computed over the whole corpus at the end. The store is
written only once every document has been processed, into a new build folder
(:func:`enfance_kg.store.new_build`), so neither a failing document nor a crash can
damage the store being served.

Nothing is lost: the store's writers' lock is taken before anything is read (two ``add``
at once both land), and a build that would serve less than the store does because
documents failed, or nothing at all, is not swapped in (``replace``/``allow_empty`` say
otherwise). Every stage is linear in the length of a document, and a long document
reports its progress while it is analysed.

Graphs (docs/model.md): ``graph/ontology`` (every ``ontology/*.ttl``), ``graph/reference``
(départements, régions, State, ARS, councils), ``graph/entities`` (the people, organisations,
posts and contracts the documents cite, each described once) and one ``graph/document/{key}``
per document. No triple is in two graphs, so the union that queries see is a set.

:func:`add` puts more documents into an existing store and gives the same dataset as a
rebuild that includes them: the ontology and reference data are reloaded, the other
documents' graphs are copied as they are except their near-duplicate links, which are
recomputed over all the documents' stored texts; the entities that no document cites any more
are dropped.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import URIRef

from enfance_kg import backend
from enfance_kg import store as kg_store
from enfance_kg.errors import InputError, StoreError
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG
from enfance_kg.reference import reference_graph
from enfance_kg.resources import ontology_files
from ingest.assemble import AssemblyError, Quad, assemble, cited_entities, fact_counts
from ingest.clean import clean
from ingest.duplicates import link_quads, shingles, similar_pairs
from ingest.model import Extraction, Sentence, SourceDocument
from ingest.read import DocumentError, document_key, list_corpus, read_document
from ingest.segment import segment


class Progress(Protocol):
    """What a build tells the person waiting for it (the CLI draws bars; the default shows nothing)."""

    def document(self, done: int, total: int, name: str) -> None:
        """Called after each document."""

    def inside(self, name: str, stage: str, done: int, total: int) -> None:
        """Called while a long document goes through ``stage`` (``done`` of ``total`` characters)."""


#: a document at least this long (characters) reports its progress while it is analysed
LONG_DOCUMENT = 200_000
FACT_KINDS = ("membership", "signature", "funding", "action", "observation")


@dataclass(frozen=True)
class Failure:
    """A document left out of the store, and why."""

    file_name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file_name}: {self.reason}"


@dataclass
class BuildReport:
    """What a build or an add did: documents in, documents failed, facts per kind, warnings."""

    documents: list[str] = field(default_factory=list)  # file names now in the store from this run
    failures: list[Failure] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    kept: int = 0  # documents copied unchanged from the previous store (``add``)
    quads: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per stage
    refused: str | None = None  # why nothing was swapped in (the store is as it was)
    build: str | None = None  # the id of the build swapped in

    @property
    def ok(self) -> bool:
        return not self.failures and self.refused is None

    def summary(self) -> str:
        lines = [
            f"{len(self.documents)} document(s) ingested"
            + (f", {self.kept} kept from the store" if self.kept else "")
            + f", {len(self.failures)} failed; {self.quads} quads in {self.seconds:.1f} s",
            "facts: " + ", ".join(f"{kind} {self.facts.get(kind, 0)}" for kind in FACT_KINDS),
        ]
        if self.near_duplicates:
            lines.append("near-duplicates: " + ", ".join(f"{a} ~ {b}" for a, b in self.near_duplicates))
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"failed: {f}" for f in self.failures]
        if self.refused is not None:
            lines.append(f"not swapped in: {self.refused}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- one document


def sentences_of(source: SourceDocument) -> list[Sentence]:
    """The document's sentences with exact offsets, boilerplate ones marked."""
    return clean(source.text, segment(source.text))


def process(source: SourceDocument, sentences: list[Sentence] | None = None) -> Extraction:
    """Run the extraction on one document (its sentences cut and cleaned first unless given)."""
    return _checked(source, _extract_many([(source, sentences_of(source) if sentences is None else sentences)])[0])


def _extract_many(items: Sequence[tuple[SourceDocument, list[Sentence]]],
                  on_parsed: Callable[[int], None] | None = None) -> list[Extraction]:
    from ingest.extract import extract_many  # imported here: it loads the French language model

    if on_parsed is None:
        return extract_many(items)
    return extract_many(items, on_parsed=on_parsed)


def _checked(source: SourceDocument, extraction: Extraction) -> Extraction:
    if extraction.document.text != source.text:
        raise AssemblyError("the extraction does not describe the document it was given")
    return extraction


def process_many(items: Sequence[tuple[SourceDocument, list[Sentence]]],
                 on_parsed: Callable[[int], None] | None = None) -> list[Extraction | Exception]:
    """Extract many documents in one batch (spaCy parses all their sentences together).

    If the batch fails, the documents are run one by one so that only the faulty one fails: its
    entry is then the exception.
    """
    try:
        extractions = _extract_many(items, on_parsed)
        if len(extractions) != len(items):
            raise AssemblyError(f"the extractor returned {len(extractions)} results for {len(items)} documents")
        return [_checked(source, x) for (source, _), x in zip(items, extractions, strict=True)]
    except Exception as err:
        if len(items) == 1:
            return [err]
    return [process_many([item])[0] for item in items]


#: documents extracted together (one spaCy batch); large enough to keep spaCy busy, small enough for memory
BATCH = 32


@dataclass
class _Ingested:
    stem: str
    file_name: str
    shingles: frozenset[int]
    quads: list[Quad]


def _reason(err: Exception, name: str = "") -> str:
    if isinstance(err, DocumentError):
        return err.reason if err.file_name == name else f"{err.file_name}: {err.reason}"
    if isinstance(err, AssemblyError):
        return str(err)
    # An extractor bug on one document is reported with that document and the build goes on,
    # as DESIGN §5 asks; the exception type and message say where to look.
    return f"internal error while processing: {type(err).__name__}: {err}"


@dataclass
class _Extracted:
    """What a worker sends back for one document: its extraction, or why it failed."""

    name: str
    source: SourceDocument | None = None
    sentences: list[Sentence] | None = None
    extraction: Extraction | None = None
    failure: str | None = None


@dataclass
class _BatchResult:
    documents: list[_Extracted]
    warnings: list[str]
    timings: dict[str, float]


def spent(timings: dict[str, float], stage: str, since: float) -> None:
    """Add the seconds since ``since`` (a ``time.perf_counter()``) to ``stage``."""
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - since


def _extract_batch(paths: Sequence[Path], progress: Progress | None = None) -> _BatchResult:
    """Read, cut, clean and extract a batch of documents; failures come back as reasons (plain strings).

    Runs in the building process or in a worker process: the same function either way, so the
    result does not depend on how many workers there are. ``progress`` (in the building process
    only) hears about the stages of a long document.
    """
    warnings: list[str] = []
    timings: dict[str, float] = {}
    documents: list[_Extracted] = []
    ready: list[_Extracted] = []
    inputs: list[tuple[SourceDocument, list[Sentence]]] = []
    for path in paths:
        name = Path(path).name
        started = time.perf_counter()
        try:
            long = progress is not None and _size(Path(path)) >= LONG_DOCUMENT
            if long and progress is not None:
                progress.inside(name, "reading", 0, 0)
            source = read_document(Path(path), warnings=warnings)
            if long and progress is not None:
                progress.inside(name, "cutting into sentences", 0, 0)
            sentences = sentences_of(source)
            documents.append(item := _Extracted(name, source, sentences))
            ready.append(item)
            inputs.append((source, sentences))
        except Exception as err:
            documents.append(_Extracted(name, failure=_reason(err, name)))
        spent(timings, "read", started)
    started = time.perf_counter()
    on_parsed = _parse_progress(ready, progress)
    results = process_many(inputs, on_parsed) if inputs else []
    for item, result in zip(ready, results, strict=True):
        if isinstance(result, Exception):
            item.failure = _reason(result, item.name)
        else:
            item.extraction = result
    spent(timings, "extract", started)
    return _BatchResult(documents, warnings, timings)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say why


def _parse_progress(ready: list[_Extracted], progress: Progress | None) -> Callable[[int], None] | None:
    """A callback counting the characters analysed, shown when the batch holds a long document."""
    sizes = [len(item.source.text) for item in ready if item.source is not None]
    if progress is None or not sizes or max(sizes) < LONG_DOCUMENT:
        return None
    name = max(ready, key=lambda item: len(item.source.text) if item.source else 0).name
    total = sum(len(s.text) for item in ready for s in item.sentences or [] if not s.boilerplate)
    done = 0
    last = 0

    def parsed(characters: int) -> None:
        nonlocal done, last
        done += characters
        if done - last >= total // 200 or done >= total:  # at most ~200 updates
            last = done
            progress.inside(name, "analysing", min(done, total), total)

    return parsed


@dataclass
class Assembled:
    """One document through every stage (read → extract → assemble), or why it failed: what a local
    worker or a Dask worker hands back, all plain data."""

    name: str
    failure: str | None = None
    stem: str = ""
    quads: list[Quad] = field(default_factory=list)
    shingles: frozenset[int] = frozenset()
    warnings: list[str] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    file_sha256: str | None = None
    has_departement: bool = False


@dataclass
class AssembledBatch:
    documents: list[Assembled]
    warnings: list[str]
    timings: dict[str, float]


def assemble_batch(batch: _BatchResult, iris: Iris) -> AssembledBatch:
    """The RDF of each extracted document of ``batch`` (a pure function: same batch, same quads)."""
    timings = dict(batch.timings)
    started = time.perf_counter()
    done = [_assembled(item, iris) for item in batch.documents]
    spent(timings, "assemble", started)
    return AssembledBatch(done, batch.warnings, timings)


def _workers(documents: int, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if documents < 4 * BATCH:  # starting workers (and their language model) costs more than it saves
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _batches(paths: Sequence[Path], workers: int, progress: Progress | None) -> Iterator[_BatchResult]:
    chunks = [list(paths[i:i + BATCH]) for i in range(0, len(paths), BATCH)]
    if workers <= 1:
        yield from map(functools.partial(_extract_batch, progress=progress), chunks)
        return
    # spawned, not forked: a fresh interpreter per worker, each loading the language model once
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_extract_batch, chunks)  # in order, so the build does not depend on timing


#: how the documents are spread: ``local`` (this machine's process pool) or ``dask`` (a Dask cluster)
EXECUTORS = ("local", "dask")


def _assembled_batches(paths: Sequence[Path], iris: Iris, workers: int | None, progress: Progress | None,
                       executor: str, scheduler: str | None) -> Iterator[AssembledBatch]:
    if executor == "dask":
        from ingest.distributed import dask_batches

        yield from dask_batches(paths, iris, scheduler=scheduler, workers=workers)
        return
    if executor != "local":
        raise InputError(f"unknown executor {executor!r}: use {' or '.join(EXECUTORS)}")
    for batch in _batches(paths, _workers(len(paths), workers), progress):
        yield assemble_batch(batch, iris)


def _ingest_stream(paths: Sequence[Path], iris: Iris, report: BuildReport, progress: Progress | None,
                   workers: int | None = None, known: dict[str, str] | None = None, *, executor: str = "local",
                   scheduler: str | None = None) -> Iterator[Assembled]:
    """Every document of ``paths`` through the stages, in order, each one that built as soon as it has;
    ``known`` maps the SHA-256 of files already in the store to their documents' keys (an exact copy
    is said). Failures, warnings and counts go to ``report``."""
    seen = dict(known or {})
    count = 0
    for batch in _assembled_batches(paths, iris, workers, progress, executor, scheduler):
        report.warnings.extend(batch.warnings)
        for stage, seconds in batch.timings.items():
            report.timings[stage] = report.timings.get(stage, 0.0) + seconds
        for item in batch.documents:
            if item.failure is not None:
                report.failures.append(Failure(item.name, item.failure))
            else:
                report.warnings.extend(item.warnings)
                report.facts.update(item.facts)
                report.documents.append(item.name)
                report.warnings.extend(_notes(item, seen))
            count += 1
            if progress is not None:
                progress.document(count, len(paths), item.name)
            if item.failure is None:
                yield item
    report.documents.sort()
    report.failures.sort(key=lambda f: f.file_name)


def _ingest(paths: Sequence[Path], iris: Iris, report: BuildReport, progress: Progress | None,
            workers: int | None = None, known: dict[str, str] | None = None, *, executor: str = "local",
            scheduler: str | None = None) -> list[_Ingested]:
    """Every document of ``paths`` through the stages, kept in memory (see :func:`_ingest_stream`)."""
    return [_Ingested(item.stem, item.name, item.shingles, item.quads) for item in
            _ingest_stream(paths, iris, report, progress, workers, known, executor=executor, scheduler=scheduler)]


def _assembled(item: _Extracted, iris: Iris) -> Assembled:
    """The document's quads, or why it failed."""
    if item.extraction is None or item.source is None or item.sentences is None:
        return Assembled(item.name, item.failure or "no extraction")
    left_out: list[str] = []
    try:
        quads = assemble(item.extraction, iris, warnings=left_out)
    except Exception as err:
        return Assembled(item.name, _reason(err, item.name))
    source = item.extraction.document
    return Assembled(item.name, None, item.source.stem, quads, shingles(item.source.text, item.sentences),
                     [f"{item.name}: {w}" for w in [*item.extraction.warnings, *left_out]], Counter(fact_counts(quads)),
                     source.file_sha256, bool(item.extraction.departements))


def _notes(item: Assembled, seen: dict[str, str]) -> list[str]:
    """What a person should know about a document that built: an exact copy, no département found.

    ``seen`` maps the SHA-256 of each file read so far to the key of its document."""
    notes = []
    twin = seen.get(item.file_sha256 or "")
    if twin is not None and twin != item.stem:
        notes.append(f"{item.name}: the same file as the document {twin}; both are kept, "
                     "linked as near-duplicates")
    elif item.file_sha256:
        seen[item.file_sha256] = item.stem
    if not item.has_departement:
        notes.append(f"{item.name}: names no département; its facts are tied to none")
    return notes


# --------------------------------------------------------------------------- stores


def _base_quads(iris: Iris) -> Iterable[Quad]:
    graph = iris.graph("reference")
    for s, p, o in reference_graph(iris):
        yield s, p, o, graph


def _by_graph(iris: Iris, graphs: dict[str, list[Quad]], extra: Iterable[Quad], *,
              base: bool = True) -> dict[URIRef, list[Quad]]:
    """Every quad of the build under its graph: the reference data (unless not ``base``), the documents'
    graphs (in key order), the entities they cite and ``extra`` (near-duplicate links, entities kept
    from the store)."""
    grouped: dict[URIRef, list[Quad]] = {}
    first = _base_quads(iris) if base else ()
    for quad in itertools.chain(first, *(graphs[stem] for stem in sorted(graphs)), extra):
        grouped.setdefault(quad[3], []).append(quad)  # type: ignore[arg-type]
    return grouped


def _write(target: backend.GraphStore, iris: Iris, graphs: dict[str, list[Quad]],
           fingerprints: dict[str, frozenset[int]], report: BuildReport, command: str,
           entities: list[Quad] | None = None) -> None:
    """A new build: ontology, reference data, the document graphs, their near-duplicate links and the
    entities they cite (``entities``: those of documents already in the store, kept while cited).

    Each graph is written whole (one Graph Store ``PUT`` on a remote store)."""
    started = time.perf_counter()
    report.near_duplicates = similar_pairs(fingerprints)
    links = link_quads(report.near_duplicates, iris)
    spent(report.timings, "near-duplicates", started)
    started = time.perf_counter()
    kept = cited_entities((q for quads in graphs.values() for q in quads), entities) if entities else []
    grouped = _by_graph(iris, graphs, itertools.chain(links, kept))
    ontology = iris.graph("ontology")
    if ontology in grouped:
        raise AssemblyError("a document wrote into the ontology graph")
    with target.writing(manifest={"documents": len(graphs)}, command=command) as writer:
        writer.put_rdf(ontology, [file.read_bytes() for file in ontology_files()], format="turtle")
        for graph in sorted(grouped, key=str):
            writer.put_graph(graph, grouped[graph])
    report.quads = writer.quads
    report.build = target.version().id
    spent(report.timings, "store", started)


def _target(store: Path | backend.Endpoint | backend.GraphStore, iris: Iris) -> backend.GraphStore:
    if isinstance(store, (str, Path, backend.Endpoint)):
        return backend.open_target(store, iris=iris)
    return store


def build(corpus_dir: Path, store_dir: Path | backend.Endpoint | backend.GraphStore, *,
          progress: Progress | None = None, iris: Iris | None = None, workers: int | None = None,
          allow_empty: bool = False, replace: bool = False, wait: bool = True,
          on_wait: Callable[[kg_store.Holder], None] | None = None, executor: str = "local",
          scheduler: str | None = None) -> BuildReport:
    """Build a new store from every document of ``corpus_dir`` and swap it in.

    ``store_dir`` is the store's folder, or a remote store (:class:`enfance_kg.backend.Endpoint`).
    ``workers`` processes extract documents in parallel (default: one per core, up to four, for
    corpora of more than a few batches; the result is the same whatever the number). With
    ``executor="dask"`` the documents go through every stage on the workers of the Dask cluster
    at ``scheduler`` (a local cluster of ``workers`` processes when ``None``): the same quads.

    Nothing is swapped in (``report.refused`` says why; the store is as it was) when the corpus
    has no document or every document failed, unless ``allow_empty``; or when documents failed
    and the new build would hold fewer documents than the one served, unless ``replace``. The
    store's lock is held from start to end (``wait``/``on_wait``: see :func:`enfance_kg.store.locked`).
    """
    started = time.perf_counter()
    iris = iris or Iris()
    report = BuildReport()
    target = _target(store_dir, iris)
    if not Path(corpus_dir).is_dir():
        raise InputError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    with target.locked(command="enfance-kg build", wait=wait, on_wait=on_wait):
        listing = list_corpus(Path(corpus_dir))
        report.warnings.extend(listing.warnings)
        before = _Before(target.exists(), served_documents(target, iris), target.remote)
        manifest: dict[str, int] = {"documents": 0}
        try:
            with target.writing(manifest=manifest, command="enfance-kg build") as writer:
                shared: dict[URIRef, dict[Quad, None]] = {}
                fingerprints = _stream(writer, listing.documents, iris, report, progress, shared, workers=workers,
                                       executor=executor, scheduler=scheduler)
                report.refused = _refusal(corpus_dir, before, len(listing.documents), len(fingerprints), report,
                                          allow_empty=allow_empty, replace=replace)
                if report.refused is not None:
                    raise _Refused(report.refused)
                manifest["documents"] = len(fingerprints)
                _finish(writer, iris, fingerprints, shared, report)
        except _Refused:
            pass
        else:
            report.quads = writer.quads
            report.build = target.version().id
    report.seconds = time.perf_counter() - started
    return report


class _Refused(Exception):
    """The new build must not replace the served one (``BuildReport.refused`` says why)."""


@dataclass(frozen=True)
class _Before:
    """The store as the build found it."""

    exists: bool
    documents: int | None
    remote: bool


def _stream(writer: backend.BuildWriter, paths: Sequence[Path], iris: Iris, report: BuildReport,
            progress: Progress | None, shared: dict[URIRef, dict[Quad, None]], **options: Any
            ) -> dict[str, frozenset[int]]:
    """Each document's own graph written as soon as it is assembled, so the build never holds the whole
    corpus; what documents say in shared graphs (the entities) is gathered in ``shared``, each quad once.
    Returns the documents' shingles, for the near-duplicates."""
    fingerprints: dict[str, frozenset[int]] = {}
    for item in _ingest_stream(paths, iris, report, progress, **options):
        own = iris.document_graph(item.stem)
        for quad in item.quads:
            if quad[3] != own and isinstance(quad[3], URIRef):
                shared.setdefault(quad[3], {})[quad] = None
        started = time.perf_counter()
        writer.put_graph(own, [quad for quad in item.quads if quad[3] == own])
        spent(report.timings, "store", started)
        fingerprints[item.stem] = item.shingles
    return fingerprints


def _finish(writer: backend.BuildWriter, iris: Iris, fingerprints: dict[str, frozenset[int]],
            shared: dict[URIRef, dict[Quad, None]], report: BuildReport) -> None:
    """The near-duplicate links (added to their documents' graphs), the ontology, the reference data and
    the shared graphs."""
    started = time.perf_counter()
    report.near_duplicates = similar_pairs(fingerprints)
    links = _by_graph(iris, {}, link_quads(report.near_duplicates, iris), base=False)
    spent(report.timings, "near-duplicates", started)
    started = time.perf_counter()
    for graph in sorted(links, key=str):
        writer.add_graph(graph, links[graph])
    ontology = iris.graph("ontology")
    if ontology in shared:
        raise AssemblyError("a document wrote into the ontology graph")
    writer.put_rdf(ontology, [file.read_bytes() for file in ontology_files()], format="turtle")
    for graph, quads in _by_graph(iris, {}, (q for g in shared.values() for q in g)).items():
        writer.put_graph(graph, quads)
    spent(report.timings, "store", started)


def _refusal(corpus_dir: Path, before: _Before, listed: int, ingested: int, report: BuildReport, *,
             allow_empty: bool, replace: bool) -> str | None:
    """Why the new build must not replace the served one, or ``None``."""
    unchanged = "the store is unchanged" if before.exists else "no store was made"
    if ingested == 0 and not allow_empty:
        what = f"no document (.txt, .md, .html) in {corpus_dir}" if listed == 0 else \
            f"every document failed ({listed})"
        return f"{what}; {unchanged} (--allow-empty builds an empty store)"
    served = before.documents
    if report.failures and served is not None and ingested < served and not replace:
        if before.remote:  # its graphs are written as the documents come: those that built replaced theirs
            unchanged = ("the graphs of the documents that built were replaced, the others are as they were, and the "
                         "build record says this build did not complete")
        return (f"{len(report.failures)} document(s) failed and the new build would hold {ingested} "
                f"document(s) where the store serves {served}; {unchanged} (fix them, or --replace to swap it "
                "in anyway)")
    return None


def served_documents(store: Path | backend.GraphStore, iris: Iris) -> int | None:
    """How many documents the served build holds (``None`` when there is no store or it cannot be read)."""
    target = _target(store, iris)
    count = target.served_documents()
    if count is not None or not target.exists():
        return count
    try:  # a store built before builds had manifests: count its document graphs
        names = target.graph_names()
    except StoreError:
        return None
    return sum(1 for name in names if iris.document_key_of(name) is not None)


@dataclass
class _Stored:
    graphs: dict[str, list[Quad]]  # document key → its quads
    texts: dict[str, str]  # document key → its text
    files: dict[str, str]  # SHA-256 of a document's file → its key
    entities: list[Quad]


def _stored_documents(folder: Path, iris: Iris, report: BuildReport) -> _Stored:
    """The document graphs of the served store (without their near-duplicate links), their texts, their
    files' SHA-256 and the entities graph."""
    source = kg_store.open_store(folder)
    special = {str(iris.graph("ontology")), str(iris.graph("reference"))}
    entities_graph = iris.graph("entities")
    graphs: dict[str, list[Quad]] = {}
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    entities: list[Quad] = []
    dropped: set[str] = set()
    for s, p, o, g in kg_store.quads(source):
        if g is None:
            dropped.add("the default graph")
            continue
        name = str(g)
        if name in special:
            continue
        if g == entities_graph:
            entities.append((s, p, o, g))
            continue
        stem = iris.document_key_of(name)
        if stem is None:
            dropped.add(name)
            continue
        if p == EKG.nearDuplicateOf:
            continue
        graphs.setdefault(stem, []).append((s, p, o, g))
        if p == EKG.text and s == iris.document(stem):
            texts[stem] = str(o)
        elif p == EKG.fileSha256 and s == iris.document(stem):
            files[str(o)] = stem
    for name in sorted(dropped):
        report.warnings.append(f"graph {name} is not a document graph of this base; not carried over")
    missing = sorted(set(graphs) - set(texts))
    for stem in missing:
        report.warnings.append(f"stored document {stem} has no ekg:text; near-duplicates cannot be checked for it")
    return _Stored(graphs, texts, files, entities)


def add(files: Sequence[Path], store_dir: Path, *, progress: Progress | None = None,
        iris: Iris | None = None, workers: int | None = None, wait: bool = True,
        on_wait: Callable[[kg_store.Holder], None] | None = None) -> BuildReport:
    """Ingest ``files`` into the store, replacing documents with the same stem; swap the result in.

    The store's lock is taken before the stored documents are read, so two ``add`` at once both
    land; when no document could be added, nothing is swapped in.
    """
    started = time.perf_counter()
    iris = iris or Iris()
    report = BuildReport()
    if isinstance(store_dir, backend.Endpoint):
        raise InputError("add works on a store folder; a remote store is rebuilt with `enfance-kg build "
                         "--endpoint … --gsp …`, which replaces each document's graph with one PUT")
    store_dir = Path(store_dir)
    if not kg_store.has_store(store_dir):
        raise StoreError(f"no store in {store_dir}: run `enfance-kg build --store {store_dir}` first")
    with kg_store.locked(store_dir, command="enfance-kg add", wait=wait, on_wait=on_wait):
        paths = _files_to_add(files, report)
        stored = _stored_documents(store_dir, iris, report)
        graphs, texts = stored.graphs, stored.texts
        ingested = _ingest(paths, iris, report, progress, workers, known=stored.files)
        if not ingested:
            report.refused = "no document could be added; the store is unchanged"
        else:
            for doc in ingested:
                if doc.stem in graphs:
                    report.warnings.append(f"{doc.file_name}: replaces the stored document {doc.stem}")
                graphs[doc.stem] = doc.quads
                texts.pop(doc.stem, None)
            fingerprints = {stem: shingles(text) for stem, text in texts.items()}
            fingerprints.update((doc.stem, doc.shingles) for doc in ingested)
            report.kept = len(graphs) - len(ingested)
            _write(backend.open_target(store_dir), iris, graphs, fingerprints, report, "enfance-kg add",
                   stored.entities)
    report.seconds = time.perf_counter() - started
    return report


def _files_to_add(files: Sequence[Path], report: BuildReport) -> list[Path]:
    paths: list[Path] = []
    seen: dict[str, str] = {}
    for file in files:
        path = Path(file)
        if not path.is_file():
            report.failures.append(Failure(path.name, f"no such file: {path}"))
        elif document_key(path) in seen:
            report.failures.append(Failure(path.name, f"same document name as {seen[document_key(path)]}, given twice"))
        else:
            seen[document_key(path)] = path.name
            paths.append(path)
    return paths
