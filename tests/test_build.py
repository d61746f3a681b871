"""Building the store: determinism, stable IRIs, evidence that matches the text, failures that stay local.

The seed store is built once per session (``seed_build`` in conftest.py); the tests that
need a store of their own build small ones in ``tmp_path``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Literal, URIRef

from enfance_kg import store as kg_store
from enfance_kg.commands.build import add as add_command
from enfance_kg.commands.build import build as build_command
from enfance_kg.commands.export import export as export_command
from enfance_kg.iris import Iris, document_key
from enfance_kg.namespaces import EKG, OA, RDF
from ingest import pipeline
from tests.conftest import EXTRA_CORPUS, SEEDS, export_nquads

pytestmark = pytest.mark.slow
IRIS = Iris()
SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.suffix in {".txt", ".md", ".html", ".htm"})


def _dataset(nquads: bytes) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


def _node_iris(ds: Dataset) -> set[str]:
    """Every IRI used as a subject or an object."""
    found = set()
    for s, _, o, _ in ds.quads():
        found.update(str(t) for t in (s, o) if isinstance(t, URIRef))
    return found


def _copy_corpus(files, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy(file, folder / file.name)
        for sidecar in file.parent.glob(file.stem + ".meta.*"):
            shutil.copy(sidecar, folder / sidecar.name)
    return folder


def test_the_seeds_build_without_failure(seed_build):
    _, report = seed_build
    assert report.ok, report.summary()
    assert sorted(report.documents) == [p.name for p in SEED_FILES]
    assert report.facts["funding"] > 0 and report.facts["action"] > 0
    assert report.seconds < 60


def test_the_copy_of_a_press_release_is_linked_both_ways(seed_nquads):
    ds = _dataset(seed_nquads)
    links = {(str(s).rsplit("/", 1)[-1][:3], str(o).rsplit("/", 1)[-1][:3], str(g).rsplit("/", 1)[-1][:3])
             for s, _, o, g in ds.quads((None, EKG.nearDuplicateOf, None, None))}
    assert links == {("002", "003", "002"), ("003", "002", "003")}


def test_no_blank_nodes(seed_nquads):
    quads = list(_dataset(seed_nquads).quads())
    assert len(quads) > 1000
    assert not [q for q in quads if any(isinstance(t, BNode) for t in q)]


def test_two_builds_export_the_same_bytes(seed_nquads, tmp_path):
    pipeline.build(SEEDS, tmp_path / "again")
    assert export_nquads(tmp_path / "again") == seed_nquads


def test_parallel_workers_build_the_same_store(seed_nquads, tmp_path):
    report = pipeline.build(SEEDS, tmp_path / "parallel", workers=2)
    assert report.ok, report.summary()
    assert export_nquads(tmp_path / "parallel") == seed_nquads


def test_the_language_model_is_loaded_once_per_process(tmp_path, monkeypatch):
    import spacy

    loads = []
    real_load = spacy.load
    monkeypatch.setattr(spacy, "load", lambda *args, **kwargs: loads.append(args) or real_load(*args, **kwargs))
    corpus = _copy_corpus(SEED_FILES[:1], tmp_path / "corpus")
    assert pipeline.build(corpus, tmp_path / "first").ok
    assert len(loads) <= 1  # none when an earlier test of this process loaded it already
    loaded = len(loads)
    assert pipeline.build(corpus, tmp_path / "second").ok and len(loads) == loaded


def test_every_quote_matches_its_offsets(seed_nquads):
    ds = _dataset(seed_nquads)
    texts = {s: str(o) for s, _, o, _ in ds.quads((None, EKG.text, None, None))}
    facts = {s for s, _, _, _ in ds.quads((None, RDF.type, EKG.Fact, None))}
    assert facts, "no fact node in the seed store"
    checked = 0
    for fact in facts:
        document = next(o for _, _, o, _ in ds.quads((fact, EKG.sourceDocument, None, None)))
        annotation = next(o for _, _, o, _ in ds.quads((fact, EKG.evidence, None, None)))
        target = next(o for _, _, o, _ in ds.quads((annotation, OA.hasTarget, None, None)))
        selectors = [o for _, _, o, _ in ds.quads((target, OA.hasSelector, None, None))]
        values = {}
        for selector in selectors:
            for _, p, o, _ in ds.quads((selector, None, None, None)):
                values[p] = o
        start, end, exact = int(values[OA.start]), int(values[OA.end]), str(values[OA.exact])
        text = texts[document]
        assert text[start:end] == exact, f"{fact}: quote does not match [{start}:{end}]"
        # the quote on the fact itself (ekg:quote, one look-up for the queries) is its evidence's, once
        assert [str(o) for _, _, o, _ in ds.quads((fact, EKG.quote, None, None))] == [exact], fact
        assert str(values.get(OA.prefix, Literal(""))) == text[max(0, start - 32):start]
        assert str(values.get(OA.suffix, Literal(""))) == text[end:end + 32]
        checked += 1
    assert checked == len(facts)


def test_more_documents_keep_every_iri(seed_nquads, extra_build):
    extra = [p for p in sorted(EXTRA_CORPUS.iterdir()) if p.suffix in {".txt", ".md", ".html"}
             and p.stem.upper() != "README"]
    assert len(extra) >= 10
    store_dir, report, _ = extra_build
    assert len(report.documents) == len(SEED_FILES) + len(extra), report.summary()
    larger = _dataset(export_nquads(store_dir))  # parsed once for both checks
    missing = _node_iris(_dataset(seed_nquads)) - _node_iris(larger)
    assert not missing, sorted(missing)[:10]
    # 22 documents naming the same people, councils and contracts still state each triple in one graph
    triples = [q[:3] for q in larger.quads()]
    assert len(triples) == len(set(triples))


def test_add_gives_the_same_store_as_a_rebuild(seed_nquads, tmp_path):
    copy = [p for p in SEED_FILES if not p.name.startswith("003")]
    added = next(p for p in SEED_FILES if p.name.startswith("003"))
    pipeline.build(_copy_corpus(copy, tmp_path / "corpus"), tmp_path / "store")
    before = export_nquads(tmp_path / "store")
    assert b"#nearDuplicateOf> <" + str(IRIS.document("")).encode() not in before  # 002 has no twin yet
    report = pipeline.add([added], tmp_path / "store")
    assert report.ok and report.kept == len(copy)
    assert export_nquads(tmp_path / "store") == seed_nquads
    # adding a document that is already there replaces it: nothing changes
    pipeline.add([added], tmp_path / "store")
    assert export_nquads(tmp_path / "store") == seed_nquads


def test_a_corrupt_document_is_reported_and_the_others_build(tmp_path):
    corpus = _copy_corpus(SEED_FILES, tmp_path / "corpus")
    (corpus / "zz_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00binary")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(build_command, ["--corpus", str(corpus), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1, result.output
    assert "zz_broken.txt" in result.stderr and "binary" in result.stderr
    assert "notes.pdf" in result.stderr  # ignored, with a warning
    documents = {s for s, _, _, _ in kg_store.quads(kg_store.open_store(tmp_path / "store"))
                 if str(s).startswith(str(IRIS.document("")))}
    assert documents == {IRIS.document(document_key(p.stem)) for p in SEED_FILES}


def test_an_extractor_error_fails_only_its_document(tmp_path, monkeypatch):
    real = pipeline._extract_many

    def fragile(items, *rest):
        if any("Seine-et-Marne" in source.text for source, _ in items):
            raise RuntimeError("extractor bug")
        return real(items, *rest)

    monkeypatch.setattr(pipeline, "_extract_many", fragile)
    corpus = _copy_corpus(SEED_FILES, tmp_path / "corpus")
    report = pipeline.build(corpus, tmp_path / "store")
    failed = {f.file_name: f.reason for f in report.failures}
    assert set(failed) == {"000_67610ef93a0db9a1.txt", "001_78ec0618e512687b.txt"}
    assert all("RuntimeError: extractor bug" in reason for reason in failed.values())
    assert len(report.documents) == 3
    # alone in its batch too (add); nothing could be added, so nothing is swapped in
    served = kg_store.build_id(tmp_path / "store")
    report = pipeline.add([SEED_FILES[0]], tmp_path / "store")
    assert [f.file_name for f in report.failures] == [SEED_FILES[0].name] and report.refused
    assert kg_store.build_id(tmp_path / "store") == served


def test_a_failed_build_leaves_the_served_store_intact(tmp_path, monkeypatch):
    corpus = _copy_corpus(SEED_FILES[:1], tmp_path / "corpus")
    pipeline.build(corpus, tmp_path / "store")
    served, before = kg_store.build_id(tmp_path / "store"), export_nquads(tmp_path / "store")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(kg_store, "add_quads", broken)
    with pytest.raises(OSError, match="disk full"):
        pipeline.build(_copy_corpus(SEED_FILES[1:2], corpus), tmp_path / "store")
    monkeypatch.undo()
    assert kg_store.build_id(tmp_path / "store") == served
    assert export_nquads(tmp_path / "store") == before


def test_the_cli_builds_adds_and_exports(tmp_path):
    runner = CliRunner()
    corpus = _copy_corpus(SEED_FILES[:2], tmp_path / "corpus")
    store = str(tmp_path / "store")
    result = runner.invoke(build_command, ["--corpus", str(corpus), "--store", store])
    assert result.exit_code == 0, result.output
    assert "2 document(s) ingested" in result.stderr and "facts:" in result.stderr
    result = runner.invoke(add_command, [str(SEED_FILES[2]), "--store", store])
    assert result.exit_code == 0, result.output
    assert "1 document(s) ingested, 2 kept" in result.stderr
    result = runner.invoke(add_command, [str(tmp_path / "nowhere.txt"), "--store", store])
    assert result.exit_code == 1 and "nowhere.txt" in result.stderr
    out = tmp_path / "dump.trig"
    assert runner.invoke(export_command, ["--format", "trig", "--store", store, "--output", str(out)]).exit_code == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    assert {str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs()} >= {"ontology", "reference",
                                                                            document_key(SEED_FILES[2].stem)}
    result = runner.invoke(export_command, ["--store", store])
    assert result.exit_code == 0
    lines = result.stdout_bytes.splitlines()
    assert lines == sorted(lines) and len(lines) > 1000
    for fmt in ("turtle", "jsonld"):
        result = runner.invoke(export_command, ["--format", fmt, "--store", store])
        assert result.exit_code == 0 and len(result.stdout_bytes) > 1000, fmt


def test_what_cannot_run_exits_with_status_2(tmp_path):
    from enfance_kg.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["build", "--corpus", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "nope" in result.stderr
    assert not kg_store.has_store(tmp_path / "s")
    for args in (["add", str(SEED_FILES[0])], ["export"]):
        result = runner.invoke(main, [*args, "--store", str(tmp_path / "s")])
        assert result.exit_code == 2 and "enfance-kg build" in result.stderr
