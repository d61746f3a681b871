"""Shared fixtures. The seed store is built once per test run and shared read-only.

The suite runs in pytest-xdist workers (``-n auto`` in pyproject.toml): a store that many tests read is
built once for the whole run by the first worker that asks for it, in the run's shared temporary
folder, and the other workers wait for it and open the same folder (read-only, as every reader does).
A test that writes to a store builds or copies its own.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules marked slow first (keeping the order of each module's tests): the xdist workers take
    files in this order (``--no-loadscope-reorder``), so that a long one does not start last and finish
    alone while the other workers are idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def export_nquads(store_dir: Path) -> bytes:
    """The sorted N-Quads export of a store, as ``enfance-kg export`` writes it."""
    from enfance_kg.commands.export import export_dataset

    buffer = io.BytesIO()
    export_dataset(store_dir, buffer, format="nquads")
    return buffer.getvalue()


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` run once for the whole test run, whatever the number of xdist workers.

    The first caller makes it in ``<run's temporary folder>/name`` while holding a lock; the others
    wait on that lock, then get the pickled value back. What ``make`` writes is shared: read it only.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, made = root / name, root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if made.exists():
            return pickle.loads(made.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)  # a previous attempt that failed
        folder.mkdir()
        value = make(folder)
        made.write_bytes(pickle.dumps(value))
        return value


def run_mypy(*targets: str) -> subprocess.CompletedProcess:
    """mypy on ``targets`` as the typing tests run it, one run at a time across the xdist workers: they
    share ``.mypy_cache``, so the first run (20 s on a cold cache) warms it for the others (2 s each)."""
    name = hashlib.sha256(str(ROOT).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"enfance-kg-mypy-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent", *targets],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )


def _seed_build(folder: Path) -> tuple:
    from ingest import pipeline

    return folder / "store", pipeline.build(SEEDS, folder / "store")


def _extra_build(folder: Path) -> tuple:
    from ingest import pipeline

    corpus = folder / "corpus"
    corpus.mkdir()
    for source in (SEEDS, EXTRA_CORPUS):
        for path in source.iterdir():
            if path.is_file() and path.stem.upper() != "README":
                shutil.copy(path, corpus / path.name)
    return folder / "store", pipeline.build(corpus, folder / "store"), corpus


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``(store folder, BuildReport)`` of the seed corpus, built once for the run. Do not write to it."""
    return made_once(tmp_path_factory, "seed", _seed_build)


@pytest.fixture(scope="session")
def extra_build(tmp_path_factory):
    """``(store folder, BuildReport, corpus folder)`` of the seeds and ``tests/data/extra_corpus`` together,
    built once for the run. Do not write to them."""
    return made_once(tmp_path_factory, "extra", _extra_build)


@pytest.fixture(scope="session")
def seed_store(seed_build) -> Path:
    """The folder of the seed store (read-only)."""
    return seed_build[0]


@pytest.fixture(scope="session")
def seed_nquads(seed_build, tmp_path_factory) -> bytes:
    """The seed store exported as sorted N-Quads (once for the run)."""
    return made_once(tmp_path_factory, "seed-nquads", lambda _: export_nquads(seed_build[0]))


@pytest.fixture(scope="session")
def seed_graph(seed_store):
    """The seed store through the Python API, read on disk (the default for large stores), opened once."""
    from enfance_kg import KnowledgeGraph

    return KnowledgeGraph.open(seed_store, in_memory=False)
