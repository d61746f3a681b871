"""Extraction on a Dask cluster: every document read, extracted and assembled on the cluster's workers.

``enfance-kg build --executor dask --scheduler tcp://HOST:8786`` sends the documents in batches to the
workers of a running Dask ``distributed`` cluster (a local cluster of ``--jobs`` processes when no
scheduler is given). The files travel with their tasks (each document and its metadata sidecar, as
bytes), so workers need no shared disk; each batch comes back as plain data (the quads of every
document, or why it failed), and the building machine computes the near-duplicates and writes the
store, embedded or remote, as a local build does. The result is the same quads whatever the cluster.

* Failures stay per document: a batch whose task fails (a worker that died, a memory limit) is sent
  again one document per task, so only the document that breaks fails, with the reason.
* Every worker must run the same code as the building machine, or its documents would differ: the
  build compares a fingerprint of the package's code and data on each worker first, and names the
  worker that differs.
* At most a few batches per worker are in flight, so a corpus of any size never sits in the
  scheduler's memory at once.
"""

from __future__ import annotations

import collections
import hashlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enfance_kg.errors import InputError
from enfance_kg.iris import Iris
from ingest.pipeline import BATCH, AssembledBatch, _extract_batch, assemble_batch
from ingest.read import SIDECAR_SUFFIXES

#: batches in flight per worker thread: enough to keep each busy while the next one travels
IN_FLIGHT = 3
#: the source and data files whose content decides the graph (their fingerprint must match on every worker)
_CODE_SUFFIXES = (".py", ".yaml", ".ttl", ".json", ".rq")


@dataclass(frozen=True)
class Shipped:
    """A document as it travels to a worker: its file name and bytes, and those of its sidecars."""

    name: str
    data: bytes
    sidecars: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def of(cls, path: Path) -> Shipped:
        candidates = [path.with_name(path.stem + suffix) for suffix in SIDECAR_SUFFIXES]
        return cls(path.name, path.read_bytes(), tuple((c.name, c.read_bytes()) for c in candidates if c.is_file()))


@dataclass
class _Job:
    """A batch in flight, with the paths it came from (to send them again one by one)."""

    paths: list[Path]
    future: Any
    single: bool = False
    local: AssembledBatch | None = field(default=None)


def code_fingerprint() -> str:
    """SHA-256 of the code and data that decide the graph (the ``enfance_kg`` and ``ingest`` packages and
    the ontology, shapes and queries), with the Python version: equal fingerprints build equal quads."""
    import sys

    import enfance_kg
    import ingest
    from enfance_kg import resources

    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    roots = [Path(enfance_kg.__file__).parent, Path(ingest.__file__).parent,
             Path(str(resources.ontology_files()[0])).parent]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_batch(documents: Sequence[Shipped], base: str) -> AssembledBatch:
    """On a worker: write the documents into a private folder under their own names, then read, extract
    and assemble them exactly as a local build does."""
    with tempfile.TemporaryDirectory(prefix="enfance-kg-") as folder:
        paths = []
        for document in documents:
            # each document in its own folder: two documents never share a sidecar or a name
            place = Path(tempfile.mkdtemp(dir=folder))
            (place / document.name).write_bytes(document.data)
            for name, data in document.sidecars:
                (place / name).write_bytes(data)
            paths.append(place / document.name)
        return assemble_batch(_extract_batch(paths), Iris(base))


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise InputError("--executor dask needs Dask's distributed package: pip install 'enfance-kg[dask]'") from err
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError) as err:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err


def _check_workers(client: Any, ours: str | None = None) -> int:
    """The number of worker threads, once every worker is shown to run this machine's code (``ours``:
    its fingerprint)."""
    ours = ours or code_fingerprint()
    found = client.run(code_fingerprint)
    if not found:
        raise InputError("the Dask cluster has no worker")
    differ = sorted(address for address, theirs in found.items() if theirs != ours)
    if differ:
        raise InputError(f"the Dask worker(s) {', '.join(differ)} run other enfance-kg code than this machine "
                         "(its documents would give other triples): install the same version on every worker")
    return max(1, sum(client.nthreads().values()))


def _ship(paths: Sequence[Path]) -> tuple[list[Shipped], list[Path]]:
    """The documents that can be read here, and those that cannot (read locally, to fail with the reason)."""
    shipped, unreadable = [], []
    for path in paths:
        try:
            shipped.append(Shipped.of(Path(path)))
        except OSError:
            unreadable.append(Path(path))
    return shipped, unreadable


def _submit(client: Any, paths: list[Path], base: str, *, single: bool = False) -> _Job:
    shipped, unreadable = _ship(paths)
    if unreadable or not shipped:
        return _Job(paths, None, single, assemble_batch(_extract_batch(paths), Iris(base)))
    return _Job(paths, client.submit(run_batch, shipped, base, pure=False), single)


def _result(client: Any, job: _Job, base: str) -> Iterator[AssembledBatch]:
    if job.local is not None:
        yield job.local
        return
    try:
        yield job.future.result()
    except Exception as err:  # the task failed as a whole: a worker died, ran out of memory, or was lost
        if not job.single and len(job.paths) > 1:
            for one in [_submit(client, [path], base, single=True) for path in job.paths]:
                yield from _result(client, one, base)
            return
        from ingest.pipeline import Assembled

        reason = f"the Dask worker failed on this document: {type(err).__name__}: {err}"
        yield AssembledBatch([Assembled(Path(job.paths[0]).name, reason)], [], {})


def dask_batches(paths: Sequence[Path], iris: Iris, *, scheduler: str | None = None,
                 workers: int | None = None, batch: int | None = None) -> Iterator[AssembledBatch]:
    """The documents of ``paths`` through every stage on a Dask cluster, batch by batch, in order."""
    client, cluster = _client(scheduler, workers)
    try:
        threads = _check_workers(client)
        # small enough that every worker gets some of a small corpus, never more than a local batch
        size = batch or max(1, min(BATCH, -(-len(paths) // (2 * threads))))
        chunks = collections.deque(list(paths[i:i + size]) for i in range(0, len(paths), size))
        flying: collections.deque[_Job] = collections.deque()
        while chunks or flying:
            while chunks and len(flying) < IN_FLIGHT * threads:
                flying.append(_submit(client, chunks.popleft(), iris.base))
            yield from _result(client, flying.popleft(), iris.base)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

