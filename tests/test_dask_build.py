"""Extraction on a Dask cluster gives the local build's quads, byte for byte; failures stay per document."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from enfance_kg.commands.export import export_dataset
from enfance_kg.errors import InputError
from enfance_kg.iris import Iris
from ingest import distributed, pipeline
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def _nquads(store: Path) -> bytes:
    buffer = io.BytesIO()
    export_dataset(store, buffer, format="nquads")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, as a remote cluster would be reached: by its address."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield local.scheduler_address, client


def test_a_dask_build_equals_a_local_build_byte_for_byte(cluster, seed_nquads, tmp_path):
    address, client = cluster
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01 binary, not a document")
    report = pipeline.build(corpus, tmp_path / "store", executor="dask", scheduler=address)
    assert [f.file_name for f in report.failures] == ["broken.txt"]  # it fails alone, with its reason
    assert "binary" in report.failures[0].reason or "NUL" in report.failures[0].reason
    assert len(report.documents) == len(list(SEEDS.glob("*.txt")))
    assert _nquads(tmp_path / "store") == seed_nquads
    extracted = client.run(lambda: __import__("sys").modules.get("ingest.extract") is not None)
    assert len(extracted) == 2 and all(extracted.values()), "both workers should have extracted documents"


def test_a_worker_running_other_code_is_named(cluster):
    _, client = cluster
    assert distributed._check_workers(client) == 2  # the same code here and there
    with pytest.raises(InputError, match=r"worker\(s\) tcp://.* run other enfance-kg code than this machine"):
        distributed._check_workers(client, ours="another version's fingerprint")


class _Future:
    def __init__(self, job) -> None:
        self.job = job

    def result(self):
        return self.job()


class _Client:
    """Runs tasks here; a task holding ``crash.txt`` dies as a worker would (killed, out of memory)."""

    def submit(self, function, documents, base, pure=False):
        def job():
            if any(d.name == "crash.txt" for d in documents):
                raise MemoryError("worker killed")
            return function(documents, base)

        return _Future(job)


def test_a_batch_that_kills_its_worker_fails_only_the_document_that_did(tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(SEEDS / "000_67610ef93a0db9a1.txt", good)
    crash = tmp_path / "crash.txt"
    crash.write_text("Le Département signe le contrat.", encoding="utf-8")
    client = _Client()
    job = distributed._submit(client, [good, crash], Iris().base)
    results = [doc for batch in distributed._result(client, job, Iris().base) for doc in batch.documents]
    assert [(d.name, d.failure is None) for d in results] == [("good.txt", True), ("crash.txt", False)]
    assert "MemoryError: worker killed" in (results[1].failure or "")
    assert results[0].quads
