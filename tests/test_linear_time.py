"""Every stage of ours costs time (and memory) in proportion to a document's length.

Each test measures a stage on a long generated document and on a short one in the same run and
compares the cost per character: a stage that rescans the text, or copies a line, per sentence
costs hundreds of times more per character on the long one; a linear one about the same. CPU
time of this process is measured (``time.process_time``), the short document's best of a few runs,
so other work on the machine matters little. The documents are ``bench.make_corpus.long_document``:
distinct paragraphs, on many lines or all on one line (where line-based look-ups hurt most).

The language model is not measured (spaCy's cost is its own, linear, and dominates a real build):
the extraction test sends no sentence to its tagger or parser, only to its tokeniser, so that what
is timed is the extraction's own passes over the mentions, sentences and facts.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.make_corpus import long_document
from enfance_kg import store as kg_store
from enfance_kg.iris import Iris
from ingest import pipeline
from ingest.assemble import assemble
from ingest.clean import clean
from ingest.model import SourceDocument
from ingest.read import read_document
from ingest.segment import segment

pytestmark = pytest.mark.slow
# Sizes: the cost per character of a stage whose time grows as n^k is (big / small)^(k-1) times larger on the
# big document, so a ratio of sizes R and the slack below fail any stage growing faster than
# n^(1 + log SLACK / log R): n^1.35 for read, segment and clean (R = 50; it was 100, n^1.30, at 5 MB, which
# took five times as long), n^1.41 for the extraction (R = 30), whose big document is the most costly one.
SMALL, BIG = 20_000, 1_000_000  # read, segment, clean: a ratio of 50
SMALL_EXTRACT, BIG_EXTRACT = 10_000, 300_000  # the extraction's own passes: a ratio of 30
SLACK = 4.0  # a linear stage stays well within; a quadratic one is 30-50x over
LAYOUTS = ["lines", "one-line"]


@pytest.fixture(scope="module", autouse=True)
def _earlier_objects_frozen() -> Iterator[None]:
    """The objects this worker made before the module (earlier tests' graphs, models, stores) moved out of the
    garbage collector's sight while it runs: each :func:`_cpu` collects what the stages left, not all of those."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def _cpu(job: Callable[[], object], repeat: int = 1) -> float:
    """The best CPU time of a few runs, with the cyclic garbage collector held off while timing: a pass of it
    costs as much as the objects the worker process holds from earlier tests, not as the stage measured.

    The big documents are timed once: a linear stage comes out at 0.5-1.1 times the small one's cost per character
    (2026-12-04), far inside :data:`SLACK`, and a second run of each was a sixth of this file's time."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            job()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return max(best, 1e-4)


def _assert_linear(stage: str, small: tuple[int, float], big: tuple[int, float]) -> None:
    (small_size, small_cost), (big_size, big_cost) = small, big
    per_char_ratio = (big_cost / big_size) / (small_cost / small_size)
    print(f"{stage}: {per_char_ratio:.2f} times the cost per character")  # shown with -s
    assert per_char_ratio <= SLACK, (
        f"{stage}: {big_cost:.2f} s for {big_size:,} characters against {small_cost:.3f} s for {small_size:,}: "
        f"{per_char_ratio:.1f} times the cost per character")


def _text(size: int, layout: str) -> str:
    return long_document(size, one_line=layout == "one-line")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reading_is_linear(tmp_path, layout):
    """Decoding and the mojibake repair (the text is mojibake, so ftfy works on all of it)."""
    def written(size: int) -> Path:
        path = tmp_path / f"{layout}-{size}.txt"
        path.write_bytes(_text(size, layout).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
        return path

    small, big = written(SMALL), written(BIG)
    read_document(small)  # warm up
    _assert_linear("read", (SMALL, _cpu(lambda: read_document(small), 3)), (BIG, _cpu(lambda: read_document(big))))
    assert "Département" in read_document(small).text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_segmenting_and_cleaning_are_linear(layout):
    small, big = _text(SMALL, layout), _text(BIG, layout)
    clean(small, segment(small))
    _assert_linear("segment", (SMALL, _cpu(lambda: segment(small), 3)), (BIG, _cpu(lambda: segment(big))))
    small_sentences, big_sentences = segment(small), segment(big)
    _assert_linear("clean", (SMALL, _cpu(lambda: clean(small, small_sentences), 3)),
                   (BIG, _cpu(lambda: clean(big, big_sentences))))


def _peak(job: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        job()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sentences_hold_no_copies_of_the_text(layout):
    """Memory for the sentences of a document grows with its length, not with length x sentences."""
    small, big = _text(SMALL // 2, layout), _text(BIG // 2, layout)
    small_peak = _peak(lambda: clean(small, segment(small)))
    big_peak = _peak(lambda: clean(big, segment(big)))
    assert (big_peak / len(big)) <= 2 * (small_peak / len(small)), (small_peak, big_peak)


#: the extractions of the generated documents, by (size, layout), made with tokens only (:func:`tokeniser_only`)
#: by the extraction's test and read again by the store's (the same document made and read twice otherwise)
_EXTRACTED: dict[tuple[int, str], object] = {}


@pytest.fixture
def tokeniser_only(monkeypatch):
    """The extraction with no sentence sent to the language model's statistical components: tokens only. That
    holds for the sentences the actions tag later, one at a time, when they were not tagged in the batch (every
    sentence here, and on one line every sentence is prose): spaCy's tagger on each was most of the one-line case's
    time, and hid the extraction's own passes, which are what this measures."""
    import ingest.extract
    import ingest.extract.actions
    from ingest.extract.nlp import nlp

    monkeypatch.setattr(ingest.extract, "_needs_tags", lambda text: False)
    monkeypatch.setattr(ingest.extract, "_needs_parse", lambda text: False)
    monkeypatch.setattr(ingest.extract.actions, "parse_all", lambda texts, **_: [nlp().make_doc(t) for t in texts])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_extraction_passes_and_assembly_are_linear(tokeniser_only, layout):
    def prepared(size: int):
        source = SourceDocument(stem=f"long-{size}", file_name=f"long-{size}.txt", text=_text(size, layout))
        return source, pipeline.sentences_of(source)

    small, big = prepared(SMALL_EXTRACT), prepared(BIG_EXTRACT)
    small_extraction = pipeline.process(*small)
    big_extraction: list = []
    small_cost = _cpu(lambda: pipeline.process(*small), 3)
    big_cost = _cpu(lambda: big_extraction.append(pipeline.process(*big)))
    _EXTRACTED[(SMALL_EXTRACT, layout)], _EXTRACTED[(BIG_EXTRACT, layout)] = small_extraction, big_extraction[0]
    _assert_linear("extract", (SMALL_EXTRACT, small_cost), (BIG_EXTRACT, big_cost))
    assert len(big_extraction[0].fundings) > len(small_extraction.fundings) > 0  # the passes had work to do
    iris = Iris()
    _assert_linear("assemble", (SMALL_EXTRACT, _cpu(lambda: assemble(small_extraction, iris), 3)),
                   (BIG_EXTRACT, _cpu(lambda: assemble(big_extraction[0], iris))))


def test_loading_the_store_is_linear(tmp_path, tokeniser_only):
    def quads(size: int) -> list:
        if (size, "lines") not in _EXTRACTED:
            source = SourceDocument(stem=f"long-{size}", file_name=f"long-{size}.txt", text=_text(size, "lines"))
            _EXTRACTED[(size, "lines")] = pipeline.process(source)
        return assemble(_EXTRACTED[(size, "lines")], Iris())

    small, big = quads(SMALL_EXTRACT), quads(BIG_EXTRACT)

    def load(items: list, name: str) -> None:
        with kg_store.new_build(tmp_path / name) as handle:
            kg_store.add_quads(handle, items)

    small_cost = _cpu(lambda: load(small, "small"), 3)
    _assert_linear("store", (len(small), small_cost), (len(big), _cpu(lambda: load(big, "big"))))


class _Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, str, int, int]] = []
        self.documents: list[tuple[int, int, str]] = []

    def document(self, done: int, total: int, name: str) -> None:
        self.documents.append((done, total, name))

    def inside(self, name: str, stage: str, done: int, total: int) -> None:
        self.stages.append((name, stage, done, total))


def test_a_long_document_reports_its_progress(tmp_path, tokeniser_only):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(_text(pipeline.LONG_DOCUMENT + 1_000, "lines"), encoding="utf-8")
    (corpus / "short.txt").write_text(_text(5_000, "lines"), encoding="utf-8")
    progress = _Recorder()
    report = pipeline.build(corpus, tmp_path / "store", progress=progress)
    assert report.ok, report.summary()
    stages = [stage for name, stage, _, _ in progress.stages if name == "long.txt"]
    assert stages[:2] == ["reading", "cutting into sentences"] and stages.count("analysing") >= 10
    analysed = [(done, total) for _, stage, done, total in progress.stages if stage == "analysing"]
    assert [done for done, _ in analysed] == sorted(done for done, _ in analysed)
    assert analysed[-1][0] == analysed[-1][1] > 0
    assert [name for _, _, name in progress.documents] == ["long.txt", "short.txt"]
