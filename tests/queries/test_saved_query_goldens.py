"""One golden result per saved query and dataset, discovered from the catalogue.

Each query runs on the seed store (``tests/golden/queries/``) with no optional parameter, so the
golden file holds its whole answer, and on the hand-made fixture (``tests/golden/queries-mini/``)
with the parameters of its header's example call, so the parameters are exercised too.
SELECT results are compared as CSV with sorted rows, graph results as sorted N-Triples.
After a deliberate change, regenerate and review the diff::

    ENFANCE_KG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/queries -k golden
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from rdflib import Graph

from enfance_kg import KnowledgeGraph, saved_queries

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
#: dataset → (graph fixture, golden folder, whether the example's optional parameters are passed); the seed
#: store is read on disk and the fixture from memory, so that both ways of answering meet the goldens
DATASETS = {
    "seed": ("seed_graph", GOLDEN / "queries", False),
    "mini": ("mini_graph", GOLDEN / "queries-mini", True),
}
UPDATE = os.environ.get("ENFANCE_KG_UPDATE_GOLDEN") == "1"


def example_params(query: saved_queries.SavedQuery, *, optional: bool = True) -> dict[str, str]:
    """The ``--param k=v`` pairs of the query's first example call (only the required ones unless ``optional``)."""
    words = shlex.split(query.example)
    pairs = dict(words[i + 1].split("=", 1) for i, w in enumerate(words[:-1]) if w in ("--param", "-p"))
    return {k: v for k, v in pairs.items() if optional or query.params[k].required}


def render(kg: KnowledgeGraph, name: str, *, optional: bool) -> tuple[str, str]:
    """``(file suffix, text)`` of a query's result in a diff-friendly, order-free form."""
    query = saved_queries.get(name)
    result = kg.query(name, **example_params(query, optional=optional))
    if isinstance(result, Graph):
        lines = sorted(line for line in result.serialize(format="nt").splitlines() if line.strip())
        return "nt", "\n".join(lines) + "\n"
    header, *rows = result.to_csv().splitlines()
    return "csv", "\n".join([header, *sorted(rows)]) + "\n"


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize("name", saved_queries.names())
def test_golden_result(name, dataset, request):
    fixture, folder, optional = DATASETS[dataset]
    kg = request.getfixturevalue(fixture)
    suffix, actual = render(kg, name, optional=optional)
    path = folder / f"{name}.{suffix}"
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}: run with ENFANCE_KG_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} on {dataset} differs from {path}"


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_golden_file_belongs_to_a_query(dataset):
    folder = DATASETS[dataset][1]
    stale = sorted(p.name for p in folder.glob("*.*") if p.stem not in saved_queries.names())
    assert stale == [], f"golden files without a query: {stale}"
