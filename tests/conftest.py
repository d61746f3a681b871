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


#: a RAM disk for the run's scratch files (stores, corpora, exports, pytest's tmp_path) when the machine has one
#: with room, and the caller chose no folder (TMPDIR, PYTEST_DEBUG_TEMPROOT, --basetemp): on this machine's disk
#: (ext4 mounted with ``discard``) every fsync of a store and every unlink of a test's files waits on the device,
#: which made the store-writing tests a third slower in wall time for the same CPU
RAM_DISK, RAM_DISK_ROOM = Path("/dev/shm"), 4 << 30


def _scratch_on_ram_disk() -> None:
    if os.environ.get("TMPDIR") or os.environ.get("PYTEST_DEBUG_TEMPROOT") or not RAM_DISK.is_dir():
        return
    if not os.access(RAM_DISK, os.W_OK) or shutil.disk_usage(RAM_DISK).free < RAM_DISK_ROOM:
        return
    # this process, the xdist workers and every process a test starts (they inherit the environment) agree
    os.environ["TMPDIR"] = os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM_DISK)
    tempfile.tempdir = str(RAM_DISK)


_scratch_on_ram_disk()


#: the files that take longest, longest first (each file's CPU time, its own and its subprocesses', in a full run
#: on 2 workers, 2026-12-02, load 5-7: from 20 s for test_shapes down to 5 s). The xdist workers take files in
#: collection order (``--no-loadscope-reorder``), one more whenever a worker has two tests or fewer left: so
#: these go first, in this order, and no long file starts last to finish alone while the other worker is idle.
LONGEST_FIRST = (
    "tests/test_shapes.py", "tests/test_extract_grammars.py", "tests/test_linear_time.py", "tests/test_build.py",
    "tests/test_dask_build.py", "tests/test_bench.py", "tests/test_remote_store.py", "tests/test_store_writers.py",
    "tests/test_bad_documents.py", "tests/server/test_browser.py", "tests/test_owl.py",
    "tests/queries/test_portable_queries.py", "tests/test_linked_data.py", "tests/test_validate_cli.py",
    "tests/server/test_serve.py", "tests/test_extract_trace.py", "tests/test_audit.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """:data:`LONGEST_FIRST`, then the other modules marked slow, then the rest, each module's tests in
    their order (the sort is stable)."""
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}

    def key(item: pytest.Item) -> tuple[int, bool]:
        return rank.get(item.nodeid.split("::")[0], len(rank)), item.get_closest_marker("slow") is None

    items.sort(key=key)


def export_nquads(store_dir: Path) -> bytes:
    """The sorted N-Quads export of a store, as ``enfance-kg export`` writes it."""
    from enfance_kg.commands.export import export_dataset

    buffer = io.BytesIO()
    export_dataset(store_dir, buffer, format="nquads")
    return buffer.getvalue()


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder, shared by its xdist workers (each has its own below it)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


#: names the run's temporary folder for what is shared without a fixture (see :func:`run_mypy`); an
#: environment variable, as the test modules import this file as ``tests.conftest``, pytest as ``conftest``
RUN_FOLDER = "ENFANCE_KG_TEST_RUN_FOLDER"


@pytest.fixture(scope="session", autouse=True)
def _name_the_run_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ[RUN_FOLDER] = str(run_folder(tmp_path_factory))


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` run once for the whole test run, whatever the number of xdist workers.

    The first caller makes it in ``<run's temporary folder>/name`` while holding a lock; the others
    wait on that lock, then get the pickled value back. What ``make`` writes is shared: read it only.
    """
    return _made_once_in(run_folder(tmp_path_factory), name, make)


def _made_once_in(root: Path, name: str, make: Callable[[Path], Any]) -> Any:
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


def extracted(corpus: Path) -> list:
    """``extract_eval.extract_folder(corpus)``, made once per test run by the first worker that asks and read back
    by the others (a copy each time): the floors, the rule tally and the trace tests read the same extractions of a
    set, which were made two or three times a run before. Nothing is kept from one run to the next."""
    sys.path.insert(0, str(ROOT / "tests"))
    import extract_eval

    name = "extracted-" + corpus.resolve().relative_to(ROOT).as_posix().replace("/", "-")
    return _made_once_in(Path(os.environ[RUN_FOLDER]), name, lambda _: extract_eval.extract_folder(corpus))


#: what the typing tests check, together: mypy runs once over all of it per test run (a cold run costs
#: about as much for these 80 files as for the 24 of the server alone), and each test reads its own lines
MYPY_TARGETS = (
    "enfance_kg/cli.py", "enfance_kg/commands", "enfance_kg/errors.py", "ingest/read.py", "ingest/segment.py",
    "ingest/pipeline.py", "enfance_kg/validation.py", "enfance_kg/shacl_engine.py", "enfance_kg/validation_pyshacl.py",
    "enfance_kg/reports.py", "enfance_kg/audit.py", "server", "enfance_kg/runner.py", "enfance_kg/query_check.py",
    "enfance_kg/backend.py", "enfance_kg/remote.py", "ingest/distributed.py", "ingest/extract", "ingest/model.py",
    "ingest/clean.py", "enfance_kg/iris.py", "enfance_kg/binding.py", "enfance_kg/saved_queries.py",
    "enfance_kg/api.py", "enfance_kg/reference.py", "ingest/assemble.py",
)


def _under(path: str, targets: tuple[str, ...] | list[str]) -> bool:
    return any(path == target or path.startswith(target.rstrip("/") + "/") for target in targets)


def _mypy(*targets: str) -> subprocess.CompletedProcess:
    """mypy on ``targets``, one run at a time across the xdist workers (they share ``.mypy_cache``)."""
    name = hashlib.sha256(str(ROOT).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"enfance-kg-mypy-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent", *targets],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )


def _mypy_of_the_run() -> tuple[int, str]:
    """(exit status, output) of mypy on :data:`MYPY_TARGETS`, run by the first worker that asks and read
    back by the others (from the run's temporary folder)."""
    root = Path(os.environ[RUN_FOLDER])
    made = root / "mypy.pickle"
    with open(root / "mypy.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            proc = _mypy(*MYPY_TARGETS)
            made.write_bytes(pickle.dumps((proc.returncode, proc.stdout + proc.stderr)))
        return pickle.loads(made.read_bytes())


def run_mypy(*targets: str) -> subprocess.CompletedProcess:
    """mypy's verdict on ``targets`` as the typing tests ask for it: exit status 0 when no error is reported
    in them, and their lines of the output.

    Targets within :data:`MYPY_TARGETS` are read from the run's one mypy run over all of them (errors in a
    module that is not a target are silenced either way: ``--follow-imports=silent``); others get a run of
    their own. A run where mypy itself failed (exit status 2) is passed on whole.
    """
    if not all(_under(target, MYPY_TARGETS) for target in targets):
        return _mypy(*targets)
    returncode, output = _mypy_of_the_run()
    if returncode not in (0, 1) or (returncode == 1 and ": error:" not in output):
        return subprocess.CompletedProcess(["mypy", *targets], returncode, output, "")
    lines = [line for line in output.splitlines() if _under(line.split(":", 1)[0], targets)]
    errors = [line for line in lines if ": error:" in line]
    return subprocess.CompletedProcess(["mypy", *targets], 1 if errors else 0, "\n".join(lines), "")


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
