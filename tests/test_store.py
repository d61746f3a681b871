"""The store keeps serving the last complete build whatever happens to the next one."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from enfance_kg import store
from enfance_kg.errors import QueryError, StoreError

G = URIRef("urn:graph")


def _build(folder, value):
    with store.new_build(folder) as s:
        store.add_quads(s, [(URIRef("urn:s"), URIRef("urn:p"), Literal(value), G)])


def _values(folder):
    rows = store.select(store.open_store(folder), "SELECT ?o WHERE { ?s ?p ?o }")
    return [str(r["o"]) for r in rows]


def test_a_build_is_swapped_in_whole(tmp_path):
    folder = tmp_path / "store"
    _build(folder, "first")
    first = store.build_id(folder)
    _build(folder, "second")
    assert _values(folder) == ["second"]
    assert store.build_id(folder) != first


def test_a_failed_build_leaves_the_served_store_intact(tmp_path):
    folder = tmp_path / "store"
    _build(folder, "good")
    served = store.build_id(folder)
    with pytest.raises(RuntimeError), store.new_build(folder) as s:
        store.add_quads(s, [(URIRef("urn:s"), URIRef("urn:p"), Literal("half"), G)])
        raise RuntimeError("the pipeline broke")
    assert store.build_id(folder) == served
    assert _values(folder) == ["good"]
    assert [b.id for b in store.builds(folder)] == [served]
    assert sorted(p.name for p in (folder / store.BUILDS).iterdir()) == [served, f"{served}.json"]


def test_old_builds_are_pruned(tmp_path):
    folder = tmp_path / "store"
    for n in range(4):
        _build(folder, str(n))
    kept = store.builds(folder)
    assert len(kept) == store.KEEP_BUILDS and kept[0].current and [b.quads for b in kept] == [1, 1, 1]
    assert len(list((folder / store.BUILDS).iterdir())) == 2 * store.KEEP_BUILDS  # each with its manifest


def test_a_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="enfance-kg build"):
        store.open_store(tmp_path / "nowhere")


def test_values_are_bound_not_spliced(tmp_path):
    folder = tmp_path / "store"
    _build(folder, 'say "hi" } UNION { ?s ?p ?o }')
    s = store.open_store(folder)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    assert len(store.select(s, query, substitutions={"o": Literal('say "hi" } UNION { ?s ?p ?o }')})) == 1
    assert store.select(s, query, substitutions={"o": Literal("other")}) == []


def test_a_syntax_error_is_a_query_error(tmp_path):
    folder = tmp_path / "store"
    _build(folder, "x")
    with pytest.raises(QueryError, match="syntax"):
        store.select(store.open_store(folder), "SELECT WHERE {")


@pytest.mark.parametrize(
    "term",
    [URIRef("urn:x"), Literal("chat", lang="fr"), Literal(3), Literal("2022-03-14", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date")), Literal("plain")],
)
def test_terms_survive_the_round_trip(term):
    assert store.to_rdflib(store.to_oxigraph(term)) == term


def test_an_in_memory_copy_answers_as_the_build_on_disk(tmp_path):
    folder = tmp_path / "store"
    _build(folder, "copied")
    copy = store.open_store(folder, in_memory=True)
    assert [str(r["o"]) for r in store.select(copy, "SELECT ?o WHERE { ?s ?p ?o }")] == ["copied"]
    assert len(copy) == len(store.open_store(folder))
    _build(folder, "newer")  # a copy is a snapshot: the build it came from may be replaced
    assert [str(r["o"]) for r in store.select(copy, "SELECT ?o WHERE { ?s ?p ?o }")] == ["copied"]


def test_the_build_size_decides_when_the_caller_does_not(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    _build(folder, "x")
    build = store.current_build(folder)
    assert store.build_size(build) > 0
    assert store.wants_memory(build, True) and not store.wants_memory(build, False)
    monkeypatch.setattr(store, "IN_MEMORY_MAX_BYTES", store.build_size(build))
    assert store.wants_memory(build, None)
    monkeypatch.setattr(store, "IN_MEMORY_MAX_BYTES", store.build_size(build) - 1)
    assert not store.wants_memory(build, None)
