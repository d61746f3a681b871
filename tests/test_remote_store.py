"""The graph in a real SPARQL 1.1 engine: ``oxigraph serve`` (the Rust server from the ``oxigraph`` package)
on a loopback port, built through the Graph Store Protocol, answers every saved query with the embedded
store's rows, exports the same bytes, and keeps a build record a reader can trust."""

from __future__ import annotations

import http.server
import io
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from enfance_kg import KnowledgeGraph, saved_queries
from enfance_kg.backend import Credentials, Endpoint, open_target
from enfance_kg.cli import main
from enfance_kg.commands.export import export_dataset
from enfance_kg.errors import QueryRefused, QueryTimeout, StoreBusy, StoreError
from enfance_kg.iris import Iris
from enfance_kg.remote import RemoteStore, remote_text
from enfance_kg.runner import QueryRequest
from ingest import pipeline
from ingest.read import document_key
from tests.conftest import SEEDS
from tests.queries.test_saved_query_goldens import render

pytestmark = pytest.mark.slow
#: the engine stops a query itself after this long (a query abandoned by the client must not run on)
ENGINE_TIMEOUT_S = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _oxigraph() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert found, "the oxigraph server is a test dependency (pip install -e '.[test]')"
    return found


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port, with its data in ``folder``; ``union`` starts it with
    ``--union-default-graph``."""

    def __init__(self, folder: Path, *, union: bool = False) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [_oxigraph(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{self.port}",
                   "--timeout-s", str(ENGINE_TIMEOUT_S)]
        self.process = subprocess.Popen([*command, *(["--union-default-graph"] if union else [])],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"oxigraph serve did not start: {self.process.stderr.read()!r}") from None
                time.sleep(0.1)

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(f"{self.url}/query", gsp=f"{self.url}/store")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        if self.process.stderr:
            self.process.stderr.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def remote_seed(oxigraph) -> Endpoint:
    """The seeds built into the engine by the command line, as an operator does it."""
    result = CliRunner().invoke(main, ["build", "--corpus", str(SEEDS), "--endpoint", f"{oxigraph.url}/query",
                                       "--gsp", f"{oxigraph.url}/store"])
    assert result.exit_code == 0, result.output
    return oxigraph.endpoint


def _nquads(where) -> bytes:
    buffer = io.BytesIO()
    export_dataset(where, buffer, format="nquads")
    return buffer.getvalue()


# --------------------------------------------------------------------------- same answers


@pytest.mark.parametrize("name", saved_queries.names())
def test_every_saved_query_gives_the_embedded_rows(remote_seed, seed_store, name):
    embedded = KnowledgeGraph.open(seed_store)
    with KnowledgeGraph.open(endpoint=remote_seed.query) as remote:
        for optional in (False, True):  # without parameters, then with those of the query's example call
            assert render(remote, name, optional=optional) == render(embedded, name, optional=optional)
    if name in ("documents", "fundings", "health-checks-3-4"):
        assert len(embedded.query(name)) > 0, "no row on the seeds: the comparison proves nothing"


def test_the_cli_answers_the_same_from_the_endpoint(remote_seed, seed_store, monkeypatch):
    runner = CliRunner()
    here = runner.invoke(main, ["query", "health-checks-3-4", "--store", str(seed_store), "-f", "csv"])
    there = runner.invoke(main, ["query", "health-checks-3-4", "--endpoint", remote_seed.query, "-f", "csv"])
    assert there.exit_code == 0, there.output
    assert there.output == here.output and here.output.count("\n") > 2
    monkeypatch.setenv("ENFANCE_KG_ENDPOINT", remote_seed.query)  # the environment names the endpoint
    assert runner.invoke(main, ["query", "health-checks-3-4", "-f", "csv"]).output == here.output
    beside = runner.invoke(main, ["query", "health-checks-3-4", "--store", str(seed_store.parent / "none")])
    assert beside.exit_code == 2 and "no store in" in beside.output  # a --store given wins over it


def test_the_export_is_byte_identical(remote_seed, seed_nquads):
    assert _nquads(remote_seed) == seed_nquads


def test_a_parameter_cannot_inject_anything(remote_seed):
    with KnowledgeGraph.open(endpoint=remote_seed.query) as kg:
        assert len(kg.sparql("SELECT ?n WHERE { ?d rdfs:label ?n }", n='x" } ?s ?p ?n . #')) == 0
        assert len(kg.sparql("SELECT ?c ?n WHERE { ?d igeo:codeINSEE ?c ; rdfs:label ?n }", c="92")) == 1
    text = remote_text("SELECT ?x WHERE { ?s ?p ?x }", {"x": Literal('a" } DROP ALL #\n')})
    assert 'VALUES (?x) { ("a\\" } DROP ALL #\\n") }' in text


def test_updates_and_other_graphs_are_refused(remote_seed):
    store = RemoteStore(remote_seed)
    with pytest.raises(QueryRefused):
        store.run(QueryRequest("DROP ALL"))
    with pytest.raises(QueryRefused):
        store.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", default_graph=("http://example.org/elsewhere",)))


def test_a_build_where_every_document_fails_leaves_the_store_as_it_was(remote_seed, tmp_path):
    before = RemoteStore(remote_seed).version()
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01 binary")
    report = pipeline.build(tmp_path, remote_seed)
    assert report.refused is not None and "the store is unchanged" in report.refused
    assert RemoteStore(remote_seed).version() == before


def test_the_record_says_a_complete_build(remote_seed):
    store = RemoteStore(remote_seed)
    version = store.version()
    assert version.complete and store.served_documents() == len(list(SEEDS.glob("*.txt")))
    record = store.graph_ntriples(str(Iris().build_graph())).decode()
    assert f'"{version.id}"' in record and "http://www.w3.org/ns/prov#generated" in record


# --------------------------------------------------------------------------- the server in front of it


def test_the_server_proxies_with_its_own_limit_and_cache(remote_seed):
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.config import ServerConfig

    app = create_app(ServerConfig(endpoint=remote_seed, timeout=1.0))
    with TestClient(app) as client:
        page = client.get("/queries/health-checks-3-4", params={"format": "csv"})
        assert page.status_code == 200 and "Seine-et-Marne" in page.text
        assert client.get("/queries/health-checks-3-4", params={"format": "csv"}).text == page.text
        assert app.state.runner.status().cached >= 1
        assert client.get("/id/departement/77").status_code == 200
        again = client.get("/queries/health-checks-3-4", params={"format": "csv"},
                           headers={"if-none-match": page.headers["etag"]})
        assert again.status_code == 304
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        started = time.monotonic()
        stopped = client.get("/sparql", params={"query": slow})
        assert stopped.status_code == 503 and time.monotonic() - started < ENGINE_TIMEOUT_S
        assert client.get("/healthz").json()["queries_stopped_at_limit"] == 1


def test_a_query_past_the_limit_is_a_timeout(remote_seed):
    store = RemoteStore(remote_seed, timeout=0.3)
    with pytest.raises(QueryTimeout):
        store.run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))


# --------------------------------------------------------------------------- rebuilds


def test_a_rebuild_removes_the_graphs_of_documents_that_left(tmp_path):
    engine = OxigraphServer(tmp_path / "engine", union=True)  # an engine whose default graph is the union
    try:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        for path in sorted(SEEDS.glob("*.txt"))[:2]:
            shutil.copy(path, corpus / path.name)
        assert pipeline.build(corpus, engine.endpoint).ok
        first = RemoteStore(engine.endpoint).version()
        gone = sorted(corpus.glob("*.txt"))[-1]
        gone.unlink()
        assert pipeline.build(corpus, engine.endpoint).ok
        graphs = RemoteStore(engine.endpoint).graph_names()
        assert str(Iris().document_graph(document_key(gone))) not in graphs
        assert len([g for g in graphs if "/graph/document/" in g]) == 1
        assert RemoteStore(engine.endpoint).version().id != first.id
        with KnowledgeGraph.open(endpoint=engine.endpoint.query) as kg:
            assert len(kg.query("documents")) == 1
    finally:
        engine.stop()


def test_a_build_in_progress_is_seen_and_keeps_others_out(tmp_path):
    engine = OxigraphServer(tmp_path / "engine")
    try:
        store = RemoteStore(engine.endpoint)
        with pytest.raises(StoreError, match="holds no complete enfance-kg build"):
            store.version()
        graph = URIRef("urn:x:g")
        with store.writing(manifest={"documents": 0}) as writer:
            writer.put_graph(graph, [(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("o"), graph)])
            assert not store.version().complete  # a reader sees a build under way
            with pytest.raises(StoreBusy, match="is being built by"), store.locked(wait=False):
                pass
        assert store.version().complete and "urn:x:g" in store.graph_names()
        complete = store.version()
        with pytest.raises(RuntimeError), store.writing() as writer:
            raise RuntimeError("the build broke before writing anything")
        assert store.version() == complete  # nothing written: the store is as it was
        with pytest.raises(RuntimeError), store.writing() as writer:
            writer.put_graph(graph, [])
            raise RuntimeError("the build broke")
        assert not store.version().complete  # a failed build is not taken for a complete one
        with store.locked(wait=False):  # and does not keep the next build out
            pass
    finally:
        engine.stop()


def test_graphs_are_written_by_sparql_update_without_a_graph_store(tmp_path):
    engine = OxigraphServer(tmp_path / "engine")
    try:
        store = RemoteStore(Endpoint(f"{engine.url}/query", update=f"{engine.url}/update"))
        graph, other = URIRef("https://w3id.org/enfance-kg/graph/document/a"), URIRef("urn:x:kept")
        store.put(str(other), b'<urn:x:s> <urn:x:p> "kept" .\n')
        with store.writing(manifest={"documents": 1}) as writer:
            writer.put_graph(graph, [(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal('deux "mots"', lang="fr"), graph)])
        for _ in range(2):  # a retried build changes nothing
            with store.writing(manifest={"documents": 1}) as writer:
                writer.put_graph(graph, [(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("trois"), graph)])
            assert list(store.quads(graph)) == [(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("trois"), graph)]
        with store.writing(manifest={"documents": 0}):
            pass
        assert str(graph) not in store.graph_names()  # ours, left the build: removed
        assert str(other) in store.graph_names()  # not ours: left alone
    finally:
        engine.stop()


# --------------------------------------------------------------------------- credentials


class _Refusing(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        _Refusing.seen.append(self.headers.get("authorization"))
        self.send_response(401)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_credentials_come_from_the_environment_and_a_refusal_says_which(monkeypatch):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("ENFANCE_KG_SPARQL_USER", "ops")
        monkeypatch.setenv("ENFANCE_KG_SPARQL_PASSWORD", "s3cret")
        endpoint = Endpoint.of(f"http://127.0.0.1:{server.server_port}/sparql")
        assert endpoint is not None and "s3cret" not in repr(endpoint)
        with pytest.raises(StoreError, match="ENFANCE_KG_SPARQL_USER"):
            open_target(endpoint).version()
        assert _Refusing.seen and _Refusing.seen[-1] == "Basic b3BzOnMzY3JldA=="  # ops:s3cret
    finally:
        server.shutdown()
        server.server_close()
    assert Credentials.from_env({"ENFANCE_KG_SPARQL_TOKEN": "t"}).token == "t"
    result = CliRunner().invoke(main, ["query", "documents", "--endpoint", "ftp://example.org/sparql"])
    assert result.exit_code == 2 and "http:// or https://" in result.output
