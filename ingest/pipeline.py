"""The ingest pipeline end to end: corpus folder → RDF → a new store swapped in whole.

``read → clean → segment → extract → assemble`` runs per document; a document that
fails at any stage is reported with its reason and left out, and the others build.
Near-duplicate links are computed over the whole corpus at the end. The store is
written only once every document has been processed, into a new build folder
(:func:`enfance_kg.store.new_build`), so neither a failing document nor a crash can
damage the store being served.

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

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

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

#: ``progress(done, total, file_name)`` is called after each document
Progress = Callable[[int, int, str], None]
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
    timings: Counter[str] = field(default_factory=Counter)  # seconds spent per stage

    @property
    def ok(self) -> bool:
        return not self.failures

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
        return "\n".join(lines)


# --------------------------------------------------------------------------- one document


def sentences_of(source: SourceDocument) -> list[Sentence]:
    """The document's sentences with exact offsets, boilerplate ones marked."""
    return clean(source.text, segment(source.text))


def process(source: SourceDocument, sentences: list[Sentence] | None = None) -> Extraction:
    """Run the extraction on one document (its sentences cut and cleaned first unless given)."""
    return _checked(source, _extract_many([(source, sentences_of(source) if sentences is None else sentences)])[0])


def _extract_many(items: Sequence[tuple[SourceDocument, list[Sentence]]]) -> list[Extraction]:
    from ingest.extract import extract_many  # imported here: it loads the French language model

    return extract_many(items)


def _checked(source: SourceDocument, extraction: Extraction) -> Extraction:
    if extraction.document.text != source.text:
        raise AssemblyError("the extraction does not describe the document it was given")
    return extraction


def process_many(items: Sequence[tuple[SourceDocument, list[Sentence]]]) -> list[Extraction | Exception]:
    """Extract many documents in one batch (spaCy parses all their sentences together).

    If the batch fails, the documents are run one by one so that only the faulty one fails: its
    entry is then the exception.
    """
    try:
        extractions = _extract_many(items)
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


def _reason(err: Exception) -> str:
    if isinstance(err, DocumentError):
        return err.reason
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
    timings: Counter[str]


def _extract_batch(paths: Sequence[Path]) -> _BatchResult:
    """Read, cut, clean and extract a batch of documents; failures come back as reasons (plain strings).

    Runs in the building process or in a worker process: the same function either way, so the
    result does not depend on how many workers there are.
    """
    warnings: list[str] = []
    timings: Counter[str] = Counter()
    documents: list[_Extracted] = []
    ready: list[_Extracted] = []
    for path in paths:
        name = Path(path).name
        started = time.perf_counter()
        try:
            source = read_document(Path(path), warnings=warnings)
            documents.append(item := _Extracted(name, source, sentences_of(source)))
            ready.append(item)
        except Exception as err:
            documents.append(_Extracted(name, failure=_reason(err)))
        timings["read"] += time.perf_counter() - started
    started = time.perf_counter()
    results = process_many([(item.source, item.sentences) for item in ready]) if ready else []
    for item, result in zip(ready, results, strict=True):
        if isinstance(result, Exception):
            item.failure = _reason(result)
        else:
            item.extraction = result
    timings["extract"] += time.perf_counter() - started
    return _BatchResult(documents, warnings, timings)


def _workers(documents: int, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if documents < 4 * BATCH:  # starting workers (and their language model) costs more than it saves
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _batches(paths: Sequence[Path], workers: int) -> Iterator[_BatchResult]:
    chunks = [list(paths[i:i + BATCH]) for i in range(0, len(paths), BATCH)]
    if workers <= 1:
        yield from map(_extract_batch, chunks)
        return
    # spawned, not forked: a fresh interpreter per worker, each loading the language model once
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_extract_batch, chunks)  # in order, so the build does not depend on timing


def _ingest(paths: Sequence[Path], iris: Iris, report: BuildReport, progress: Progress | None,
            workers: int | None = None) -> list[_Ingested]:
    done: list[_Ingested] = []
    count = 0
    for batch in _batches(paths, _workers(len(paths), workers)):
        report.warnings.extend(batch.warnings)
        report.timings.update(batch.timings)
        for item in batch.documents:
            started = time.perf_counter()
            if item.extraction is None or item.source is None or item.sentences is None:
                report.failures.append(Failure(item.name, item.failure or "no extraction"))
            else:
                left_out: list[str] = []
                try:
                    quads = assemble(item.extraction, iris, warnings=left_out)
                except Exception as err:
                    report.failures.append(Failure(item.name, _reason(err)))
                else:
                    report.warnings.extend(f"{item.name}: {w}" for w in [*item.extraction.warnings, *left_out])
                    report.facts.update(fact_counts(quads))
                    report.documents.append(item.name)
                    fingerprint = shingles(item.source.text, item.sentences)
                    done.append(_Ingested(item.source.stem, item.name, fingerprint, quads))
            report.timings["assemble"] += time.perf_counter() - started
            count += 1
            if progress is not None:
                progress(count, len(paths), item.name)
    report.documents.sort()
    report.failures.sort(key=lambda f: f.file_name)
    return done


# --------------------------------------------------------------------------- stores


def _base_quads(iris: Iris) -> Iterable[Quad]:
    graph = iris.graph("reference")
    for s, p, o in reference_graph(iris):
        yield s, p, o, graph


def _write(folder: Path, iris: Iris, graphs: dict[str, list[Quad]], fingerprints: dict[str, frozenset[int]],
           report: BuildReport, entities: list[Quad] | None = None) -> None:
    """A new build: ontology, reference data, the document graphs, their near-duplicate links and the
    entities they cite (``entities``: those of documents already in the store, kept while cited)."""
    started = time.perf_counter()
    report.near_duplicates = similar_pairs(fingerprints)
    links = link_quads(report.near_duplicates, iris)
    report.timings["near-duplicates"] += time.perf_counter() - started
    started = time.perf_counter()
    with kg_store.new_build(folder) as target:
        for file in ontology_files():
            kg_store.load_rdf(target, file.read_bytes(), format="turtle", graph=iris.graph("ontology"))
        kg_store.add_quads(target, _base_quads(iris))
        batch: list[Quad] = []
        for stem in sorted(graphs):
            batch.extend(graphs[stem])
            if len(batch) > 200_000:
                kg_store.add_quads(target, batch)
                batch = []
        batch.extend(links)
        if entities:
            batch.extend(cited_entities((q for quads in graphs.values() for q in quads), entities))
        kg_store.add_quads(target, batch)
        report.quads = len(target)
    report.timings["store"] += time.perf_counter() - started


def build(corpus_dir: Path, store_dir: Path, *, progress: Progress | None = None,
          iris: Iris | None = None, workers: int | None = None) -> BuildReport:
    """Build a new store from every document of ``corpus_dir`` and swap it in.

    ``workers`` processes extract documents in parallel (default: one per core, up to four, for
    corpora of more than a few batches; the result is the same whatever the number).
    """
    started = time.perf_counter()
    iris = iris or Iris()
    report = BuildReport()
    try:
        listing = list_corpus(Path(corpus_dir))
    except FileNotFoundError as err:
        raise InputError(str(err)) from err
    report.warnings.extend(listing.warnings)
    if not listing.documents:
        report.warnings.append(f"no document (.txt, .md, .html) in {corpus_dir}")
    ingested = _ingest(listing.documents, iris, report, progress, workers)
    graphs = {doc.stem: doc.quads for doc in ingested}
    fingerprints = {doc.stem: doc.shingles for doc in ingested}
    _write(Path(store_dir), iris, graphs, fingerprints, report)
    report.seconds = time.perf_counter() - started
    return report


def _stored_documents(folder: Path, iris: Iris, report: BuildReport
                      ) -> tuple[dict[str, list[Quad]], dict[str, str], list[Quad]]:
    """The document graphs of the served store (without their near-duplicate links), their texts and
    the entities graph."""
    source = kg_store.open_store(folder)
    special = {str(iris.graph("ontology")), str(iris.graph("reference"))}
    entities_graph = iris.graph("entities")
    graphs: dict[str, list[Quad]] = {}
    texts: dict[str, str] = {}
    entities: list[Quad] = []
    dropped: set[str] = set()
    for s, p, o, g in kg_store.quads(source):
        name = str(g) if g is not None else ""
        if name in special:
            continue
        if g == entities_graph:
            entities.append((s, p, o, g))
            continue
        stem = iris.document_key_of(g)
        if stem is None:
            dropped.add(name or "the default graph")
            continue
        if p == EKG.nearDuplicateOf:
            continue
        graphs.setdefault(stem, []).append((s, p, o, g))
        if p == EKG.text and s == iris.document(stem):
            texts[stem] = str(o)
    for name in sorted(dropped):
        report.warnings.append(f"graph {name} is not a document graph of this base; not carried over")
    missing = sorted(set(graphs) - set(texts))
    for stem in missing:
        report.warnings.append(f"stored document {stem} has no ekg:text; near-duplicates cannot be checked for it")
    return graphs, texts, entities


def add(files: Sequence[Path], store_dir: Path, *, progress: Progress | None = None,
        iris: Iris | None = None, workers: int | None = None) -> BuildReport:
    """Ingest ``files`` into the store, replacing documents with the same stem; swap the result in."""
    started = time.perf_counter()
    iris = iris or Iris()
    report = BuildReport()
    store_dir = Path(store_dir)
    if not kg_store.has_store(store_dir):
        raise StoreError(f"no store in {store_dir}: run `enfance-kg build --store {store_dir}` first")
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
    graphs, texts, entities = _stored_documents(store_dir, iris, report)
    ingested = _ingest(paths, iris, report, progress, workers)
    for doc in ingested:
        if doc.stem in graphs:
            report.warnings.append(f"{doc.file_name}: replaces the stored document {doc.stem}")
        graphs[doc.stem] = doc.quads
        texts.pop(doc.stem, None)
    fingerprints = {stem: shingles(text) for stem, text in texts.items()}
    fingerprints.update((doc.stem, doc.shingles) for doc in ingested)
    report.kept = len(graphs) - len(ingested)
    _write(store_dir, iris, graphs, fingerprints, report, entities)
    report.seconds = time.perf_counter() - started
    return report
