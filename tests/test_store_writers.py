"""Writers of one store never lose work: the lock is taken before anything is read, a build that would
serve less is not swapped in, the previous builds are kept and can be served again, and a reader keeps
the build it opened across swaps."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from enfance_kg import store as kg_store
from enfance_kg.cli import main
from enfance_kg.iris import Iris
from ingest import pipeline
from ingest.read import document_key
from tests.conftest import EXTRA_CORPUS, SEEDS

pytestmark = pytest.mark.slow
IRIS = Iris()
SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt")
CLI = Path(sys.executable).with_name("enfance-kg")


def _corpus(folder: Path, files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def _documents(store_dir: Path) -> set[str]:
    names = kg_store.graph_names(kg_store.open_store(store_dir))
    return {key for key in map(IRIS.document_key_of, names) if key is not None}


@contextlib.contextmanager
def _held_elsewhere(store_dir: Path):
    """The store's lock held by another thread (a thread of its own: the lock is re-entrant per thread)."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with kg_store.locked(store_dir, command="the test"):
            taken.set()
            release.wait(60)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


# --------------------------------------------------------------------------- the lock


def test_two_adds_at_once_keep_both_documents(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.build(_corpus(tmp_path / "corpus", SEED_FILES[:1]), store_dir)
    added = [EXTRA_CORPUS / "100_nord.txt", EXTRA_CORPUS / "108_lot.txt"]
    with _held_elsewhere(store_dir):
        runs = [subprocess.Popen([str(CLI), "add", str(path), "--store", str(store_dir)], stderr=subprocess.PIPE,
                                 text=True) for path in added]
        waiting = [run.stderr.readline() for run in runs]  # each sees the lock before it reads anything
    outcomes = [(run.wait(120), run.stderr.read()) for run in runs]
    assert all(line.startswith(f"waiting: the store is being written by process {os.getpid()} (the test)")
               for line in waiting), waiting
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert _documents(store_dir) == {document_key(p) for p in [SEED_FILES[0], *added]}


def test_no_wait_fails_at_once_and_names_the_holder(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.build(_corpus(tmp_path / "corpus", SEED_FILES[:1]), store_dir)
    served = kg_store.build_id(store_dir)
    with _held_elsewhere(store_dir):
        result = CliRunner().invoke(main, ["add", str(SEED_FILES[1]), "--store", str(store_dir), "--no-wait"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: the store {store_dir} is being written by process {os.getpid()} "
                                    "(the test) since ")
    assert len(result.stderr.splitlines()) == 1 and kg_store.build_id(store_dir) == served


@contextlib.contextmanager
def _unprivileged():
    """Run as nobody (root may write anywhere), or as we are when we are not root."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_read_only_store_is_refused_before_any_document_is_read(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="enfance-kg-ro-"))  # not under pytest's own 0700 folder
    try:
        folder.chmod(0o755)
        store_dir = folder / "store"
        pipeline.build(_corpus(folder / "corpus", SEED_FILES[:1]), store_dir)
        for path in [store_dir, *store_dir.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & ~0o222)
        (folder / "corpus").chmod(0o755)
        read = []
        monkeypatch.setattr(pipeline, "read_document", lambda *a, **k: read.append(a) or pytest.fail("read"))
        with _unprivileged():
            result = CliRunner().invoke(main, ["add", str(folder / "corpus" / SEED_FILES[0].name),
                                               "--store", str(store_dir)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: cannot write to the store {store_dir}: ")
        assert len(result.stderr.splitlines()) == 1 and read == []
    finally:
        for path in folder.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


# --------------------------------------------------------------------------- no empty replacement


def test_an_empty_corpus_leaves_the_store_as_it_was(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.build(_corpus(tmp_path / "corpus", SEED_FILES[:2]), store_dir)
    served = kg_store.build_id(store_dir)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["build", "--corpus", str(tmp_path / "empty"), "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "not swapped in: no document (.txt, .md, .html) in" in result.stderr
    assert "the store is unchanged" in result.stderr
    assert kg_store.build_id(store_dir) == served and len(_documents(store_dir)) == 2
    result = CliRunner().invoke(main, ["build", "--corpus", str(tmp_path / "empty"), "--store", str(store_dir),
                                       "--allow-empty"])
    assert result.exit_code == 0 and _documents(store_dir) == set()


def test_failures_that_would_shrink_the_store_are_not_swapped_in(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.build(_corpus(tmp_path / "corpus", SEED_FILES[:3]), store_dir)
    served = kg_store.build_id(store_dir)
    corpus = _corpus(tmp_path / "next", SEED_FILES[:1])
    (corpus / SEED_FILES[1].name).write_bytes(b"\x00\x01 broken")
    (corpus / SEED_FILES[2].name).write_bytes(b"")
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(store_dir)])
    assert result.exit_code == 1
    assert ("not swapped in: 2 document(s) failed and the new build would hold 1 document(s) where the store "
            "serves 3; the store is unchanged") in result.stderr
    assert kg_store.build_id(store_dir) == served
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(store_dir), "--replace"])
    assert result.exit_code == 1 and "the others are in the store" in result.stderr
    assert _documents(store_dir) == {document_key(SEED_FILES[0])}


def test_a_corpus_where_every_document_fails_makes_no_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"\x00binary")
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "not swapped in: every document failed (1); no store was made" in result.stderr
    assert not kg_store.has_store(tmp_path / "store")


def test_an_add_where_every_document_fails_changes_nothing(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.build(_corpus(tmp_path / "corpus", SEED_FILES[:1]), store_dir)
    served = kg_store.build_id(store_dir)
    (tmp_path / "bad.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["add", str(tmp_path / "bad.txt"), "--store", str(store_dir)])
    assert result.exit_code == 1 and "not swapped in: no document could be added" in result.stderr
    assert kg_store.build_id(store_dir) == served and len(kg_store.builds(store_dir)) == 1


# --------------------------------------------------------------------------- builds and rollback


def _small_build(folder: Path, value: str) -> str:
    with kg_store.new_build(folder, manifest={"documents": 1}) as handle:
        kg_store.add_quads(handle, [(URIRef("urn:s"), URIRef("urn:p"), Literal(value), URIRef("urn:g"))])
    return kg_store.build_id(folder)


def _value(handle) -> str:
    return str(kg_store.select(handle, "SELECT ?o WHERE { ?s ?p ?o }")[0]["o"])


def test_builds_are_listed_and_rollback_serves_the_previous_one(tmp_path):
    folder = tmp_path / "store"
    ids = [_small_build(folder, value) for value in ("one", "two", "three")]
    runner = CliRunner(env={"COLUMNS": "100"})
    listing = runner.invoke(main, ["builds", "--store", str(folder)])
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["served", "build", "built", "documents", "quads"]
    assert lines[2].startswith(f"*        {ids[2]}") and lines[3].lstrip().startswith(ids[1])
    assert lines[2].split()[-2:] == ["1", "1"] and lines[-1] == "(3 rows)"

    result = runner.invoke(main, ["rollback", "--store", str(folder)])
    assert result.exit_code == 0 and result.stderr.startswith(f"now serving {ids[1]} (built ")
    assert kg_store.build_id(folder) == ids[1] and _value(kg_store.open_store(folder)) == "two"
    result = runner.invoke(main, ["rollback", "--store", str(folder), "--to", ids[2]])
    assert result.exit_code == 0 and kg_store.build_id(folder) == ids[2]
    result = runner.invoke(main, ["rollback", "--store", str(folder), "--to", "nope"])
    assert result.exit_code == 2 and result.stderr.startswith("error: no build 'nope' in ")


def test_a_rollback_needs_an_earlier_build(tmp_path):
    folder = tmp_path / "store"
    only = _small_build(folder, "one")
    result = CliRunner().invoke(main, ["rollback", "--store", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == f"error: no build older than {only} in {folder}: nothing to roll back to\n"


def test_a_reader_keeps_its_build_across_swaps(tmp_path):
    folder = tmp_path / "store"
    _small_build(folder, "first")
    reader = kg_store.open_store(folder)  # a running server holds it open
    _small_build(folder, "second")
    kg_store.rollback(folder)
    _small_build(folder, "third")
    assert _value(reader) == "first"
    assert _value(kg_store.open_store(folder)) == "third"
    assert len(kg_store.builds(folder)) == kg_store.KEEP_BUILDS


def test_pruning_never_removes_the_build_served_before_the_swap(tmp_path):
    folder = tmp_path / "store"
    ids = [_small_build(folder, str(n)) for n in range(3)]
    kg_store.rollback(folder, ids[0])  # the oldest is served again
    newest = _small_build(folder, "next")
    kept = {b.id for b in kg_store.builds(folder)}
    assert newest in kept and ids[0] in kept and len(kept) == kg_store.KEEP_BUILDS
