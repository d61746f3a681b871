"""Shared fixtures. The seed store is built once per test session and shared read-only."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
EXTRA_CORPUS = ROOT / "tests" / "data" / "extra_corpus"
#: the evaluation folder that sits beside the repository on the team's machine, never in a clone
SHARED = str(ROOT.parent / "shared")


def _refuse_shared(event: str, args: tuple) -> None:
    """No test may read ``../shared``: a fresh clone has nothing beside it (copy the data into tests/data)."""
    if event not in ("open", "os.listdir", "os.scandir") or not args or not isinstance(args[0], (str, bytes, Path)):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if path == SHARED or path.startswith(SHARED + os.sep):
        raise PermissionError(f"a test read {path}: tests must not read ../shared; copy what they need into tests/data")


sys.addaudithook(_refuse_shared)


def export_nquads(store_dir: Path) -> bytes:
    """The sorted N-Quads export of a store, as ``enfance-kg export`` writes it."""
    from enfance_kg.commands.export import export_dataset

    buffer = io.BytesIO()
    export_dataset(store_dir, buffer, format="nquads")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``(store folder, BuildReport)`` of the seed corpus, built once for the session. Do not write to it."""
    from ingest import pipeline

    store_dir = tmp_path_factory.mktemp("seed") / "store"
    report = pipeline.build(SEEDS, store_dir)
    return store_dir, report


@pytest.fixture(scope="session")
def extra_build(tmp_path_factory):
    """``(store folder, BuildReport, corpus folder)`` of the seeds and ``tests/data/extra_corpus`` together."""
    import shutil

    from ingest import pipeline

    folder = tmp_path_factory.mktemp("extra")
    corpus = folder / "corpus"
    corpus.mkdir()
    for source in (SEEDS, EXTRA_CORPUS):
        for path in source.iterdir():
            if path.is_file() and path.stem.upper() != "README":
                shutil.copy(path, corpus / path.name)
    report = pipeline.build(corpus, folder / "store")
    return folder / "store", report, corpus


@pytest.fixture(scope="session")
def seed_store(seed_build) -> Path:
    """The folder of the seed store (read-only)."""
    return seed_build[0]


@pytest.fixture(scope="session")
def seed_nquads(seed_build) -> bytes:
    """The seed store exported as sorted N-Quads."""
    return export_nquads(seed_build[0])


@pytest.fixture(scope="session")
def seed_graph(seed_store):
    """The seed store through the Python API, read on disk (the default for large stores), opened once."""
    from enfance_kg import KnowledgeGraph

    return KnowledgeGraph.open(seed_store, in_memory=False)
