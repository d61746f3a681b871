"""The graph in any SPARQL 1.1 store: queries by the Protocol, builds by the Graph Store HTTP Protocol.

A build writes each graph with one ``PUT {gsp}?graph=IRI`` (N-Triples): the ontology, the reference
data, the entities and one graph per document, so that rebuilding a document replaces exactly its graph
and a retried request changes nothing. Graphs of ours that the new build does not hold (documents that
left the corpus) are then deleted, and the **build record** is written last, in ``{base}graph/build``::

    <{base}id/build/{id}> a prov:Activity ; dcterms:identifier "{id}" ;
        prov:startedAtTime … ; prov:endedAtTime … ;          # ended: complete or failed
        prov:wasAssociatedWith <{base}id/agent/enfance-kg> ; owl:versionInfo "enfance-kg 0.1.0" ;
        prov:generated <{base}> .                            # only once complete
    <{base}> a void:Dataset ; void:triples … ; void:documents … ; prov:wasGeneratedBy <…build…> .

A build starts by writing its record without an end, so a reader can tell a complete build (one that
``prov:generated`` the dataset) from one in progress or one that failed; the build id is what readers
cache answers and tag pages with.

Queries get the product's prefixes, and their parameters as a ``VALUES`` block at the top of the
outermost ``WHERE`` group (the SPARQL Protocol has no other way to send bindings), each term written by
the RDF library's N-Triples writer (:func:`enfance_kg.store.sparql_term`), never by string formatting
of user text. Engines differ in what a query without ``GRAPH`` sees (``docs/scaling.md``): the store asks
the engine once per build and, when its default graph is not the union of the graphs, says which graphs
make it (``union-default-graph`` for Oxigraph, else ``default-graph-uri`` for each of our graphs).

Credentials come from the environment only (:class:`enfance_kg.backend.Credentials`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import httpx
from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg import store as kg_store
from enfance_kg.backend import PASSWORD_ENV, TOKEN_ENV, USER_ENV, BuildVersion, Endpoint, Quad, no_store
from enfance_kg.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, StoreBusy, StoreError
from enfance_kg.iris import Iris
from enfance_kg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, PREFIXES, PROV, RDF, RDFS, VOID, XSD
from enfance_kg.query_check import Token, check_query, tokens
from enfance_kg.runner import QueryRequest, RunnerStatus, answer_cache
from enfance_kg.saved_queries import projected_variables

#: HTTP statuses worth a second try for an idempotent request (PUT, DELETE, a query)
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: how long an unfinished build record keeps others from building (a crashed builder never ends its record)
BUSY_FOR = dt.timedelta(hours=12)
RDF_NTRIPLES = "application/n-triples"


def _version() -> str:
    try:
        return metadata.version("enfance-kg")
    except metadata.PackageNotFoundError:
        return "unknown"


# --------------------------------------------------------------------------- query text


def _keyword(token: Token | None) -> str:
    return token.text.upper() if token is not None and token.kind == "word" else ""


def _prologue(items: list[Token]) -> tuple[int, set[str], bool]:
    """Where the query form starts, the prefixes the text declares, and whether it sets a BASE."""
    index, declared, has_base = 0, set(), False
    while index < len(items) and _keyword(items[index]) in ("BASE", "PREFIX"):
        if _keyword(items[index]) == "BASE":
            has_base, index = True, index + 2
        else:
            if index + 1 < len(items):
                declared.add(items[index + 1].prefix or "")
            index += 3
    return index, declared, has_base


def _group_end(items: list[Token], start: int) -> int:
    """The index after the ``}`` that closes the ``{`` at ``start``."""
    depth = 0
    for index in range(start, len(items)):
        if items[index].text == "{" and items[index].kind == "other":
            depth += 1
        elif items[index].text == "}" and items[index].kind == "other":
            depth -= 1
            if depth == 0:
                return index + 1
    raise QuerySyntaxError("a { is never closed")


def _where_brace(items: list[Token], start: int) -> int:
    """The index of the ``{`` opening the WHERE group of the query whose form keyword is at ``start``.

    When that group is only a subquery (``WHERE { SELECT … }``), the subquery's own WHERE group:
    a ``VALUES`` block may not stand beside a subquery, and inside it the engine filters early."""
    form = _keyword(items[start]) if start < len(items) else ""
    index = start + 1
    if form == "CONSTRUCT" and index < len(items):
        if _keyword(items[index]) == "WHERE":
            raise QueryError("parameters cannot be bound in a CONSTRUCT WHERE { … } short form on a remote store: "
                             "write CONSTRUCT { … } WHERE { … }")
        if items[index].text == "{":
            index = _group_end(items, index)
    depth = 0
    for position in range(index, len(items)):
        token = items[position]
        if token.kind != "other":
            continue
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            if position + 1 < len(items) and _keyword(items[position + 1]) == "SELECT":
                return _where_brace(items, position + 1)
            return position
    raise QuerySyntaxError("the query has no WHERE { … } group to bind parameters in")


def remote_text(text: str, substitutions: dict[str, Node] | None = None, *, base_iri: str | None = None) -> str:
    """The query as another engine needs it: the product's prefixes declared, ``base_iri`` as its BASE
    unless it has one, and ``substitutions`` as a one-row ``VALUES`` block opening the outermost WHERE.

    The prefixes go on the first line, so the engine's line numbers stay those of the text.

    >>> from rdflib import Literal
    >>> print(remote_text("SELECT ?c ?n WHERE {\\n  ?d igeo:codeINSEE ?c ; rdfs:label ?n }",
    ...                   {"c": Literal('7"7')}).split("PREFIX")[-1])  # doctest: +NORMALIZE_WHITESPACE
     vann: <http://purl.org/vocab/vann/> SELECT ?c ?n WHERE { VALUES (?c) { ("7\\"7") }
      ?d igeo:codeINSEE ?c ; rdfs:label ?n }
    """
    items = list(tokens(text))
    start, declared, has_base = _prologue(items)
    if substitutions:
        offset = items[_where_brace(items, start)].offset + 1
        names = sorted(substitutions)
        block = (f" VALUES ({' '.join('?' + n for n in names)}) "
                 f"{{ ({' '.join(kg_store.sparql_term(substitutions[n]) for n in names)}) }}")
        text = text[:offset] + block + text[offset:]
    head = [f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items() if prefix not in declared]
    if base_iri and not has_base:
        head.insert(0, f"BASE <{base_iri}>")
    return " ".join(head) + " " + text


# --------------------------------------------------------------------------- HTTP


def _message(response: httpx.Response) -> str:
    text = " ".join(response.text.split()) if response.content else ""
    return text[:300] + ("…" if len(text) > 300 else "")


@dataclass
class _Http:
    """One keep-alive HTTP client, with the credentials of the environment and retries for idempotent calls."""

    endpoint: Endpoint
    retries: int = 4
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        creds = self.endpoint.credentials
        auth: httpx.Auth | None = None
        headers = {"user-agent": f"enfance-kg/{_version()}"}
        if creds.token:
            headers["authorization"] = f"Bearer {creds.token}"
        elif creds.user:
            auth = (httpx.DigestAuth(creds.user, creds.password or "") if creds.scheme == "digest"
                    else httpx.BasicAuth(creds.user, creds.password or ""))
        self.client = httpx.Client(auth=auth, headers=headers, timeout=httpx.Timeout(60.0, connect=10.0),
                                   limits=httpx.Limits(max_connections=16, max_keepalive_connections=8))

    def send(self, method: str, url: str, *, timeout: float | None = None, retry: bool = True,
             **kwargs: Any) -> httpx.Response:
        """The response of a request; transport errors and busy answers are retried with backoff."""
        attempts = self.retries + 1 if retry else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                limit = httpx.Timeout(timeout, connect=min(10.0, timeout)) if timeout else self.client.timeout
                response = self.client.request(method, url, timeout=limit, **kwargs)
            except httpx.TimeoutException:
                raise
            except RuntimeError as err:  # the client was closed (the server is stopping)
                raise StoreError(f"the connection to the SPARQL store at {url} is closed") from err
            except httpx.TransportError as err:
                if last:
                    raise StoreError(f"cannot reach the SPARQL store at {url}: {err or type(err).__name__}") from err
            else:
                if response.status_code not in RETRY_STATUSES or last:
                    return response
            time.sleep(min(8.0, 0.25 * 2**attempt))
        raise AssertionError("unreachable")

    def checked(self, response: httpx.Response, what: str) -> httpx.Response:
        """``response`` if it succeeded, else the error that says what the engine refused."""
        status = response.status_code
        if status < 300:
            return response
        if status in (401, 403):
            raise StoreError(f"the SPARQL store refused {what} (HTTP {status}): set ${USER_ENV} and "
                             f"${PASSWORD_ENV} (or ${TOKEN_ENV}) to an account allowed to do it")
        if status == 404:
            raise StoreError(f"nothing answers at {response.request.url.copy_with(query=None)} (HTTP 404): "
                             f"check the URL given for {what}")
        raise StoreError(f"the SPARQL store failed {what} (HTTP {status}): {_message(response)}")

    def close(self) -> None:
        self.client.close()


# --------------------------------------------------------------------------- the store


@dataclass
class _Record:
    """What the build record says."""

    id: str
    started: dt.datetime
    ended: dt.datetime | None
    complete: bool
    documents: int | None
    by: str


class RemoteStore:
    """The graph in the SPARQL 1.1 store behind ``endpoint``: a :class:`~enfance_kg.backend.GraphStore`
    and a :class:`~enfance_kg.backend.QueryService` (queries go to the engine, stopped at ``timeout``).

    Answers are cached per complete build (the record's id, read again at most every ``refresh``
    seconds), as the embedded store's runner caches them per build folder.
    """

    remote = True

    def __init__(self, endpoint: Endpoint, *, iris: Iris | None = None, timeout: float = 60.0,
                 subject: str = "this endpoint", refresh: float = 2.0, parallel: int = 4,
                 cache_budget: int = 64 * 1024**2, max_bytes: int = 512 * 1024**2) -> None:
        self.endpoint = endpoint
        self.location = endpoint.query
        self.iris = iris or Iris()
        self.timeout = timeout
        self.subject = subject
        self.refresh = refresh
        self.parallel = parallel
        self.max_bytes = max_bytes
        self.http = _Http(endpoint)
        self._cache = answer_cache(cache_budget)
        self._lock = threading.Lock()
        self._record: tuple[float, _Record | None] | None = None
        self._datasets: dict[str, dict[str, Any]] = {}
        self._stopped = 0

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.query!r}, gsp={self.endpoint.gsp!r})"

    # ------------------------------------------------------------------ life (QueryService)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def warm(self) -> None:
        """Nothing to start: the engine runs elsewhere."""

    def close(self) -> None:
        self.http.close()

    def __del__(self) -> None:  # a client nobody closed lets go of its sockets with it
        with contextlib.suppress(Exception):
            self.http.close()

    def status(self) -> RunnerStatus:
        return RunnerStatus(0, 0, 0, self._stopped, len(self._cache.items))

    def service(self, *, workers: int = 2, timeout: float = 60.0, subject: str = "this endpoint",
                start_method: str = "forkserver", keep_warm: bool = True, base: str | None = None,
                in_memory: bool | None = False, cache_budget: int | None = None) -> RemoteStore:
        """A client of the same engine with its own time limit (``workers``, ``start_method`` and
        ``in_memory`` are the embedded store's: the engine has its own)."""
        options = {"cache_budget": cache_budget} if cache_budget is not None else {}
        return RemoteStore(self.endpoint, iris=Iris(base) if base else self.iris, timeout=timeout, subject=subject,
                           refresh=self.refresh, parallel=self.parallel, max_bytes=self.max_bytes, **options)

    # ------------------------------------------------------------------ the build record

    def _read_record(self) -> _Record | None:
        graph, build = self.iris.build_graph(), None
        text = (f"SELECT ?build ?id ?started ?ended ?dataset ?documents ?by WHERE {{ GRAPH <{graph}> {{ "
                f"?build a <{PROV.Activity}> ; <{DCTERMS.identifier}> ?id ; <{PROV.startedAtTime}> ?started . "
                f"OPTIONAL {{ ?build <{PROV.endedAtTime}> ?ended }} OPTIONAL {{ ?build <{RDFS.label}> ?by }} "
                f"OPTIONAL {{ ?build <{PROV.generated}> ?dataset . "
                f"OPTIONAL {{ ?dataset <{VOID.documents}> ?documents }} }} }} }}")
        columns, rows = self._select(text, dataset={})
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            started = _time(values["started"]) or dt.datetime.fromtimestamp(0, dt.UTC)
            build = _Record(str(values["id"]), started, _time(values.get("ended")),
                            values.get("dataset") is not None, _integer(values.get("documents")),
                            str(values.get("by") or "another build"))
        return build

    def record(self, *, fresh: bool = False) -> _Record | None:
        now = time.monotonic()
        with self._lock:
            known = self._record
        if known is not None and not fresh and now - known[0] < self.refresh:
            return known[1]
        found = self._read_record()
        with self._lock:
            self._record = (now, found)
        return found

    def version(self) -> BuildVersion:
        found = self.record()
        if found is None:
            raise no_store(self)
        return BuildVersion(found.id, found.ended or found.started, found.complete)

    def exists(self) -> bool:
        found = self.record()
        return found is not None and found.complete

    def served_documents(self) -> int | None:
        found = self.record()
        return found.documents if found is not None and found.complete else None

    # ------------------------------------------------------------------ the dataset queries see

    def ours(self, iri: str) -> bool:
        return iri.startswith(self.iris.base + "graph/") or iri == ONTOLOGY_IRI

    def _dataset(self) -> dict[str, Any]:
        """What to send so that a query without GRAPH sees the union of our graphs, asked once per build."""
        found = self.record()
        key = found.id if found is not None and found.complete else ""
        with self._lock:
            if key and key in self._datasets:
                return self._datasets[key]
        probe = f"ASK {{ <{ONTOLOGY_IRI}> a <{OWL.Ontology}> }}"
        chosen: dict[str, Any] | None = None
        for params in ({}, {"union-default-graph": ""}):
            with contextlib.suppress(StoreError, QueryError):
                if self._ask(probe, params):
                    chosen = params
                    break
        if chosen is None:
            graphs = sorted(g for g in self.graph_names() if self.ours(g) and g != str(self.iris.build_graph()))
            chosen = {"default-graph-uri": graphs, "named-graph-uri": graphs}
        with self._lock:
            if key:
                self._datasets = {key: chosen}
        return chosen

    # ------------------------------------------------------------------ queries

    def _post(self, text: str, *, accept: str, dataset: dict[str, Any], timeout: float) -> bytes:
        data = {"query": text, **dataset}
        try:
            response = self.http.send("POST", self.endpoint.query, data=data, headers={"accept": accept},
                                      timeout=timeout)
        except httpx.TimeoutException as err:
            with self._lock:
                self._stopped += 1
            raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped; narrow it "
                               "(more specific patterns, a LIMIT) or raise the limit") from err
        if response.status_code == 400:
            raise QuerySyntaxError(f"the SPARQL store refused the query: {_message(response)}")
        self.http.checked(response, "the query")
        if len(response.content) > self.max_bytes:
            raise QueryError(f"the answer is larger than {self.max_bytes // 2**20} MiB: add a LIMIT")
        return response.content

    def _select(self, text: str, *, dataset: dict[str, Any] | None = None) -> tuple[list[str], list[list[Node | None]]]:
        data = self._post(text, accept=kg_store.REMOTE_RESULTS, dataset=self._dataset() if dataset is None else dataset,
                          timeout=self.timeout)
        return kg_store.answer_results(kg_store.parse_results(data, form="SELECT"), format="json").table()

    def _ask(self, text: str, dataset: dict[str, Any]) -> bool:
        data = self._post(text, accept=kg_store.REMOTE_RESULTS, dataset=dataset, timeout=min(self.timeout, 30.0))
        return kg_store.answer_results(kg_store.parse_results(data, form="ASK"), format="json").boolean()

    def _request_dataset(self, request: QueryRequest, has_from: bool) -> dict[str, Any]:
        for name, iris in (("default-graph-uri", request.default_graph), ("named-graph-uri", request.named_graphs)):
            for iri in iris or ():
                if not self.ours(iri):
                    raise QueryRefused(f"{name} <{iri}> is refused: it is not one of the store's graphs, and "
                                       f"{self.subject} never fetches graphs from elsewhere")
        if request.default_graph is not None or request.named_graphs is not None:
            return {"default-graph-uri": list(request.default_graph or ()),
                    "named-graph-uri": list(request.named_graphs or ())}
        return {} if has_from else self._dataset()

    def run(self, request: QueryRequest, *, timeout: float | None = None) -> kg_store.Answer:
        """Answer ``request`` on the engine within ``timeout`` seconds (at most the store's own limit)."""
        limit = self.timeout if timeout is None else max(0.001, min(timeout, self.timeout))
        found = self.record()
        key = (found.id, request) if found is not None and found.complete else None
        cached = self._cache.get(key) if key is not None else None
        if cached is not None:
            return cached
        checked = check_query(request.text, graph_allowed=self.ours, subject=self.subject)
        dataset = self._request_dataset(request, checked.has_dataset)
        text = remote_text(request.text, dict(request.substitutions), base_iri=request.base_iri)
        graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
        data = self._post(text, accept=kg_store.REMOTE_GRAPH if graph_form else kg_store.REMOTE_RESULTS,
                          dataset=dataset, timeout=limit)
        _, columns = projected_variables(request.text)
        results = kg_store.parse_results(data, form=checked.form, columns=columns)
        answer = kg_store.answer_results(results, format=request.format, max_rows=request.max_rows,
                                         offset=request.offset, graph=request.graph)
        if key is not None:
            self._cache.put(key, answer)
        return answer

    # ------------------------------------------------------------------ reading the data

    def graph_names(self) -> set[str]:
        _, rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset={})
        return {str(row[0]) for row in rows if row[0] is not None}

    def data_graphs(self) -> list[str]:
        """Our graphs (ontology, reference, entities, documents), without the build record."""
        record = str(self.iris.build_graph())
        return sorted(g for g in self.graph_names() if g.startswith(self.iris.base + "graph/") and g != record)

    def graph_ntriples(self, graph: str) -> bytes:
        """One graph as N-Triples: a Graph Store ``GET``, or a CONSTRUCT where there is no Graph Store."""
        if self.endpoint.gsp:
            response = self.http.send("GET", self.endpoint.gsp, params={"graph": graph},
                                      headers={"accept": RDF_NTRIPLES}, timeout=self.timeout)
            return self.http.checked(response, f"reading the graph <{graph}>").content
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return self._post(text, accept=RDF_NTRIPLES, dataset={}, timeout=self.timeout)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        for name in [str(graph)] if graph is not None else self.data_graphs():
            yield from kg_store.parse_ntriples(self.graph_ntriples(name), URIRef(name))

    def object_samples(self, predicates: Iterable[str], *, limit: int = 20) -> list[Node]:
        found: list[Node] = []
        for predicate in predicates:
            if not predicate.startswith(("http://", "https://", "urn:")) or any(c in predicate for c in '<>" {}|\\^`'):
                continue
            _, rows = self._select(f"SELECT ?o WHERE {{ ?s <{predicate}> ?o }} LIMIT {int(limit)}")
            found.extend(row[0] for row in rows if row[0] is not None)
        return found

    # ------------------------------------------------------------------ writing

    def _writable(self) -> None:
        if not self.endpoint.gsp and not self.endpoint.update:
            raise StoreError(f"writing to {self.location} needs its Graph Store endpoint (--gsp URL; Oxigraph: "
                             "…/store, Fuseki: …/data, Virtuoso: …/sparql-graph-crud-auth) or its SPARQL Update "
                             "endpoint (--update-endpoint URL)")

    def _update(self, text: str, what: str) -> None:
        assert self.endpoint.update is not None
        response = self.http.send("POST", self.endpoint.update, content=text.encode("utf-8"),
                                  headers={"content-type": "application/sparql-update"})
        self.http.checked(response, what)

    def _send_graph(self, method: str, graph: str, data: bytes, what: str, *, replace: bool) -> None:
        self._writable()
        if self.endpoint.gsp:
            response = self.http.send(method, self.endpoint.gsp, params={"graph": graph}, content=data,
                                      headers={"content-type": RDF_NTRIPLES})
            self.http.checked(response, what)
            return
        drop = f"DROP SILENT GRAPH <{graph}> ;\n" if replace else ""
        self._update(f"{drop}INSERT DATA {{ GRAPH <{graph}> {{\n{data.decode('utf-8')}}} }}", what)

    def put(self, graph: str, data: bytes) -> None:
        """Replace ``graph`` with the N-Triples ``data`` (a retry is harmless: PUT is idempotent). Without a
        Graph Store, one SPARQL Update drops the graph and inserts the triples (N-Triples is SPARQL syntax)."""
        self._send_graph("PUT", graph, data, f"writing the graph <{graph}>", replace=True)

    def post(self, graph: str, data: bytes) -> None:
        """Add the N-Triples ``data`` to ``graph`` (Graph Store ``POST``, or ``INSERT DATA``): adding twice is
        adding once, so a retry is harmless here too."""
        self._send_graph("POST", graph, data, f"adding to the graph <{graph}>", replace=False)

    def delete(self, graph: str) -> None:
        """Remove ``graph``; one that is already gone is fine."""
        self._writable()
        if not self.endpoint.gsp:
            self._update(f"DROP SILENT GRAPH <{graph}>", f"removing the graph <{graph}>")
            return
        response = self.http.send("DELETE", self.endpoint.gsp, params={"graph": graph})
        if response.status_code != 404:
            self.http.checked(response, f"removing the graph <{graph}>")

    def _record_triples(self, build: str, started: dt.datetime, *, ended: dt.datetime | None = None,
                        counts: dict[str, int] | None = None, by: str = "") -> list[Quad]:
        activity, graph, dataset = self.iris.build(build), self.iris.build_graph(), URIRef(self.iris.base)
        triples: list[tuple[Node, Node, Node]] = [
            (activity, RDF.type, PROV.Activity), (activity, DCTERMS.identifier, Literal(build)),
            (activity, PROV.startedAtTime, _stamp(started)), (activity, PROV.wasAssociatedWith, self.iris.agent()),
            (activity, OWL.versionInfo, Literal(f"enfance-kg {_version()}")), (activity, RDFS.label, Literal(by))]
        if ended is not None:
            triples.append((activity, PROV.endedAtTime, _stamp(ended)))
        if counts is not None:
            triples += [(activity, PROV.generated, dataset), (dataset, RDF.type, VOID.Dataset),
                        (dataset, PROV.wasGeneratedBy, activity), (dataset, DCTERMS.modified, _stamp(ended or started)),
                        (dataset, VOID.triples, Literal(counts["quads"])),
                        (dataset, VOID.documents, Literal(counts["documents"]))]
        return [(s, p, o, graph) for s, p, o in triples]

    @contextlib.contextmanager
    def locked(self, *, command: str = "enfance-kg", wait: bool = True,
               on_wait: Callable[[Any], None] | None = None) -> Iterator[None]:
        """Wait while the record says another build is in progress (the Graph Store Protocol has no lock:
        this keeps two builds apart when they do not start in the same second)."""
        told = False
        while True:
            found = self.record(fresh=True)
            busy = (found is not None and found.ended is None
                    and dt.datetime.now(dt.UTC) - found.started < BUSY_FOR)
            if not busy:
                break
            assert found is not None
            holder = f"{found.by}, build {found.id}, since {found.started.astimezone():%Y-%m-%d %H:%M:%S}"
            if not wait:
                raise StoreBusy(f"the SPARQL store {self.location} is being built by {holder}; try again when it "
                                "is done, or leave out --no-wait to wait for it (if that build died, remove its "
                                f"record, the graph <{self.iris.build_graph()}>, to build again now)")
            if on_wait is not None and not told:
                on_wait(holder)
                told = True
            time.sleep(5)
        yield

    @contextlib.contextmanager
    def writing(self, *, manifest: dict[str, Any] | None = None, command: str = "enfance-kg build",
                wait: bool = True, on_wait: Callable[[Any], None] | None = None) -> Iterator[_RemoteWriter]:
        """A build: the record without an end, every graph PUT, the graphs that left deleted, the record.

        On failure the record says the build ended without generating the dataset, and the graphs
        already written stay: a retry writes them again.
        """
        self._writable()
        started = dt.datetime.now(dt.UTC)
        build = f"{started:%Y%m%dT%H%M%S.%f}Z-{os.getpid()}"
        by = f"{command} (process {os.getpid()} on {socket.gethostname()})"
        record = str(self.iris.build_graph())
        existing = set(self.graph_names())
        begun = False

        def begin() -> None:  # before the first graph: a build that writes nothing leaves the store as it was
            nonlocal begun
            if not begun:
                self.put(record, kg_store.ntriples(self._record_triples(build, started, by=by)))
                begun = True
                with self._lock:
                    self._record = None  # readers of this client see the build under way at once

        writer = _RemoteWriter(self, self.parallel, begin)
        try:
            yield writer
            writer.finish()
            begin()
            for graph in sorted(existing - writer.written - {record}):
                if graph.startswith(self.iris.base + "graph/"):
                    self.delete(graph)
            counts = {"quads": writer.quads, "documents": int((manifest or {}).get("documents", 0))}
            self.put(record, kg_store.ntriples(self._record_triples(
                build, started, ended=dt.datetime.now(dt.UTC), counts=counts, by=by)))
        except BaseException:
            writer.abandon()
            if begun:
                with contextlib.suppress(StoreError, httpx.HTTPError):
                    self.put(record, kg_store.ntriples(self._record_triples(
                        build, started, ended=dt.datetime.now(dt.UTC), by=by)))
            raise
        finally:
            with self._lock:
                self._record = None


class _RemoteWriter:
    """PUTs graphs on a few threads, a bounded number in flight; counts the triples written."""

    def __init__(self, store: RemoteStore, parallel: int, begin: Callable[[], None]) -> None:
        self.store = store
        self.begin = begin
        self.pool = ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="gsp-put")
        self.pending: list[Future[None]] = []
        self.limit = 4 * max(1, parallel)
        self.written: set[str] = set()
        self.count = 0

    def _submit(self, graph: str, data: bytes, triples: int, *, add: bool = False) -> None:
        self.begin()
        self.written.add(graph)
        self.count += triples
        self.pending.append(self.pool.submit(self.store.post if add else self.store.put, graph, data))
        if len(self.pending) >= self.limit:
            done, self.pending = self.pending[: self.limit // 2], self.pending[self.limit // 2:]
            for future in done:
                future.result()

    def put_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        unique = list(dict.fromkeys((s, p, o, None) for s, p, o, _ in quads))
        self._submit(str(graph), kg_store.ntriples(unique), len(unique))

    def add_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        self.wait_for(str(graph))  # the graph's own PUT must land first
        unique = list(dict.fromkeys((s, p, o, None) for s, p, o, _ in quads))
        self._submit(str(graph), kg_store.ntriples(unique), len(unique), add=True)

    def wait_for(self, graph: str) -> None:
        """Wait until every request in flight has landed (``graph``'s among them)."""
        if graph in self.written:
            for future in self.pending:
                future.result()
            self.pending = []

    def put_rdf(self, graph: URIRef, files: Sequence[bytes], *, format: str) -> None:
        lines = {line for data in files for line in kg_store.rdf_to_ntriples(data, format=format).splitlines() if line}
        self._submit(str(graph), b"".join(line + b"\n" for line in sorted(lines)), len(lines))

    def finish(self) -> None:
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True)

    def abandon(self) -> None:
        for future in self.pending:
            future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)

    @property
    def quads(self) -> int:
        return self.count


def _stamp(moment: dt.datetime) -> Literal:
    return Literal(moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)


def _time(node: Node | None) -> dt.datetime | None:
    if node is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(node).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _integer(node: Node | None) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None
