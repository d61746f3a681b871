"""Fixtures for the saved-query tests: a small hand-made store written against docs/model.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from enfance_kg import store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "queries" / "mini.trig"


@pytest.fixture(scope="session")
def mini_store(tmp_path_factory) -> Path:
    """A store holding ``tests/fixtures/queries/mini.trig`` (three documents, 77, 92, 2A). Read-only."""
    folder = tmp_path_factory.mktemp("mini") / "store"
    with store.new_build(folder) as handle:
        store.load_rdf(handle, FIXTURE.read_bytes(), format="trig")
    return folder


@pytest.fixture(scope="session")
def mini_graph(mini_store):
    """The fixture store through the Python API, from an in-memory copy (what small stores get), opened once."""
    from enfance_kg import KnowledgeGraph

    return KnowledgeGraph.open(mini_store, in_memory=True)
