"""The graph as a linked-data consumer meets it: set semantics, one graph per triple, IRIs that stay put.

The seed store is built once per session (``seed_build`` in conftest.py).
"""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from enfance_kg import store as kg_store
from enfance_kg.iris import Iris
from enfance_kg.namespaces import SCHEMA
from ingest import pipeline
from tests.conftest import SEEDS, export_nquads

IRIS = Iris()
pytestmark = pytest.mark.filterwarnings("ignore:(Dataset.*|ConjunctiveGraph) is deprecated:DeprecationWarning")


def _count(store_dir, text: str) -> int:
    [row] = kg_store.select(kg_store.open_store(store_dir), text)
    return int(next(iter(row.values())))


def _dataset(nquads: bytes) -> Dataset:
    dataset = Dataset()
    dataset.parse(io.BytesIO(nquads), format="nquads")
    return dataset


def test_a_query_without_graph_sees_each_triple_once(seed_store):
    assert _count(seed_store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ekg:Contract }") == 2
    everything = _count(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = _count(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert everything == distinct > 4000
    # a person two documents name is one person with one name
    assert _count(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?p foaf:name \"Georges Siffredi\" }") == 1


def test_graph_still_tells_which_documents_state_a_fact(seed_store):
    rows = kg_store.select(kg_store.open_store(seed_store), """
        SELECT ?g ?contract WHERE { GRAPH ?g { ?signature ekg:signedContract ?contract } }""",
        substitutions={"contract": IRIS.contract("92", "letter_of_intent", 2022)})
    assert sorted(str(r["g"]).rsplit("/", 1)[1][:3] for r in rows) == ["002", "003"]


def test_no_triple_is_in_two_graphs_and_each_is_where_its_subject_belongs(seed_nquads):
    graphs_of = Counter()
    for s, p, o, g in _dataset(seed_nquads).quads():
        graphs_of[(s, p, o)] += 1
        key = IRIS.document_key_of(g)
        if key is not None:
            assert IRIS.belongs_to_document(s, key), (s, g)
        elif g == IRIS.graph("entities"):
            assert not IRIS.is_reference(s) and "/id/document/" not in s, s
    assert [t for t, n in graphs_of.items() if n > 1] == []


def test_correcting_an_amount_in_a_document_changes_no_iri(seed_nquads, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    target = next(corpus.glob("001_*.txt"))
    text = target.read_text(encoding="utf-8")
    assert text.count("8,4 millions d'euros") == 1
    target.write_text(text.replace("8,4 millions d'euros", "12,75 millions d'euros"), encoding="utf-8")
    report = pipeline.build(corpus, tmp_path / "store")
    assert report.ok, report.summary()
    before, after = _dataset(seed_nquads), _dataset(export_nquads(tmp_path / "store"))

    def iris(dataset: Dataset) -> set[URIRef]:
        return {t for quad in dataset.quads() for t in quad if isinstance(t, URIRef)}

    assert iris(after) == iris(before)
    values = {(str(s), o) for s, _, o, _ in after.quads((None, SCHEMA.value, None, None))}
    old = {(str(s), o) for s, _, o, _ in before.quads((None, SCHEMA.value, None, None))}
    assert values - old == {(s, Literal("12750000", datatype=o.datatype)) for s, o in old - values}
    assert len(old - values) == 1
    assert next(iter(old - values))[1] == Literal("8400000", datatype=next(iter(old - values))[1].datatype)


def test_ad_hoc_sparql_binds_a_code_with_the_graph_datatype(seed_store):
    from enfance_kg import KnowledgeGraph

    kg = KnowledgeGraph.open(seed_store)
    text = "SELECT ?action ?code WHERE { ?action a ekg:Action ; dcterms:spatial/igeo:codeINSEE ?code }"
    assert len(kg.sparql(text, code="92")) == len(kg.sparql(text, code=92)) > 0
    years = "SELECT ?c ?year WHERE { ?c a ekg:Contract ; ekg:periodStart ?year }"
    assert len(kg.sparql(years, year=2020)) == len(kg.sparql(years, year="2020")) == 2
    dates = "SELECT ?s ?day WHERE { ?s ekg:signatureDate ?day }"
    import datetime as dt

    assert len(kg.sparql(dates, day=dt.date(2022, 3, 14))) == len(kg.sparql(dates, day="2022-03-14")) == 2


def test_ontology_and_reference_stay_in_their_graphs(seed_store):
    handle = kg_store.open_store(seed_store)
    graphs = {str(r["g"]) for r in kg_store.select(handle, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    shared = {str(IRIS.graph(name)) for name in ("ontology", "reference", "entities")}
    assert shared <= graphs
    assert all(IRIS.document_key_of(g) for g in graphs - shared)
    contracts = kg_store.select(handle, "SELECT ?g ?s WHERE { GRAPH ?g { ?s a ekg:Contract } }")
    assert {str(r["g"]) for r in contracts} == {str(IRIS.graph("entities"))} and len(contracts) == 2


# --------------------------------------------------------------------------- readable dumps


def _export(store_dir, fmt: str) -> bytes:
    from enfance_kg.commands.export import export_dataset

    buffer = io.BytesIO()
    export_dataset(store_dir, buffer, format=fmt)
    return buffer.getvalue()


def _quad_set(dataset: Dataset) -> set[tuple]:
    return {(s, p, o, g) for s, p, o, g in dataset.quads()}


def test_turtle_and_trig_are_written_with_the_project_prefixes(seed_store, seed_nquads):
    from enfance_kg.namespaces import PREFIXES

    for fmt in ("turtle", "trig"):
        text = _export(seed_store, fmt).decode("utf-8")
        head = [line for line in text.splitlines()[: len(PREFIXES)]]
        assert all(line.startswith("@prefix ") for line in head), fmt
        assert {line.split()[1][:-1] for line in head} == set(PREFIXES), fmt
        assert "schema:amount" in text and "ekg:FundingCommitment" in text and "schema1:" not in text
    trig = Dataset().parse(data=_export(seed_store, "trig").decode("utf-8"), format="trig")
    assert _quad_set(trig) == _quad_set(_dataset(seed_nquads))
    turtle = Graph().parse(data=_export(seed_store, "turtle").decode("utf-8"), format="turtle")
    assert len(turtle) == len({q[:3] for q in _dataset(seed_nquads).quads()})


def test_json_ld_is_compacted_with_the_published_context(seed_store, seed_nquads):
    import json

    from enfance_kg.namespaces import PREFIXES
    from enfance_kg.resources import context_file

    published = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    assert published == PREFIXES  # the file in the package is the project's prefixes, no more, no less
    data = _export(seed_store, "jsonld")
    document = json.loads(data)
    assert document["@context"] == published
    graphs = {g["@id"]: g["@graph"] for g in document["@graph"]}
    assert str(IRIS.graph("entities")) in graphs
    funding = next(n for g in graphs.values() for n in g if "schema:amount" in n)
    assert "ekg:funderKind" in funding and "https://w3id.org/enfance-kg/ontology#funderKind" not in funding
    back = Dataset().parse(data=data.decode("utf-8"), format="json-ld")
    assert {q for q in _quad_set(back) if q[3] != back.default_graph.identifier} == _quad_set(_dataset(seed_nquads))


def test_mypy_is_clean_on_the_linked_data_modules():
    from tests.conftest import run_mypy

    targets = ["enfance_kg/iris.py", "enfance_kg/binding.py", "enfance_kg/saved_queries.py", "enfance_kg/api.py",
               "enfance_kg/reference.py", "enfance_kg/commands/export.py", "enfance_kg/commands/ontology.py",
               "ingest/assemble.py"]
    result = run_mypy(*targets)
    assert result.returncode == 0, result.stdout
