"""Where the graph lives: the store interface and its embedded implementation.

Two implementations of one interface (:class:`GraphStore`):

* the **embedded store** (the default): a pyoxigraph database in a folder, built into a new folder and
  swapped in whole (:mod:`enfance_kg.store`), queried in killable worker processes
  (:class:`~enfance_kg.runner.QueryRunner`);
* a **remote store**: any SPARQL 1.1 engine reached by the Protocol (queries) and the Graph Store
  HTTP Protocol (one ``PUT`` per graph), :class:`enfance_kg.remote.RemoteStore`.

A command names its target with ``--store FOLDER`` or ``--endpoint URL`` (and ``--gsp URL`` to write);
:func:`open_target` gives the :class:`GraphStore` for either. Readers (the CLI, the Python API, the
server) ask a :class:`QueryService` for answers: the embedded store's pool of query processes, or the
remote store itself, which sends each query to the engine with a time limit.

>>> import pathlib, tempfile
>>> from rdflib import Literal, URIRef
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> target = open_target(folder)
>>> with target.writing(manifest={"documents": 0}) as writer:
...     writer.put_graph(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal("o"), URIRef("urn:g"))])
>>> sorted(target.graph_names()), target.version().id == open_target(folder).version().id
(['urn:g'], True)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rdflib import URIRef
from rdflib.term import Node

from enfance_kg import store as kg_store
from enfance_kg.errors import InputError, StoreError
from enfance_kg.iris import Iris
from enfance_kg.runner import QueryRequest, QueryRunner, RunnerStatus

Quad = tuple[Node, Node, Node, Node | None]

#: the environment variables that name a remote store (the command line's options win)
ENDPOINT_ENV = "ENFANCE_KG_ENDPOINT"
UPDATE_ENV = "ENFANCE_KG_UPDATE_ENDPOINT"
GSP_ENV = "ENFANCE_KG_GSP"
#: credentials come from the environment only, never from the command line (it shows in `ps`)
USER_ENV = "ENFANCE_KG_SPARQL_USER"
PASSWORD_ENV = "ENFANCE_KG_SPARQL_PASSWORD"
TOKEN_ENV = "ENFANCE_KG_SPARQL_TOKEN"
AUTH_ENV = "ENFANCE_KG_SPARQL_AUTH"  # basic (default) or digest (Virtuoso's /sparql-auth)


@dataclass(frozen=True)
class Credentials:
    """How to sign in to a remote store: a user and password (HTTP Basic or Digest), or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    scheme: str = "basic"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Credentials:
        env = dict(os.environ if env is None else env)
        scheme = env.get(AUTH_ENV, "basic").strip().lower() or "basic"
        if scheme not in ("basic", "digest"):
            raise InputError(f"${AUTH_ENV} is basic or digest, not {scheme!r}")
        user, password = env.get(USER_ENV) or None, env.get(PASSWORD_ENV)
        if password and not user:
            raise InputError(f"${PASSWORD_ENV} is set but ${USER_ENV} is not")
        return cls(user, password, env.get(TOKEN_ENV) or None, scheme)

    def __repr__(self) -> str:  # never print a secret
        return f"Credentials(user={self.user!r}, scheme={self.scheme!r}, token={'***' if self.token else None})"


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL 1.1 store: its query endpoint, and where to write (Graph Store, Update)."""

    query: str
    gsp: str | None = None
    update: str | None = None
    credentials: Credentials = Credentials()

    @classmethod
    def of(cls, query: str | None, *, gsp: str | None = None, update: str | None = None,
           env: dict[str, str] | None = None) -> Endpoint | None:
        """The endpoint named by the options, else by the environment; ``None`` when neither names one."""
        environ = dict(os.environ if env is None else env)
        query = query or environ.get(ENDPOINT_ENV) or None
        gsp = gsp or environ.get(GSP_ENV) or None
        update = update or environ.get(UPDATE_ENV) or None
        if query is None:
            if gsp or update:
                raise InputError("--gsp and --update-endpoint write to a remote store: give its --endpoint too")
            return None
        for name, url in (("--endpoint", query), ("--gsp", gsp), ("--update-endpoint", update)):
            if url is not None and not url.startswith(("http://", "https://")):
                raise InputError(f"{name} takes an http:// or https:// URL, not {url!r}")
        return cls(query, gsp, update, Credentials.from_env(environ))

    def __str__(self) -> str:
        return self.query


@dataclass(frozen=True)
class BuildVersion:
    """The build a reader sees: its id (an ETag), when it was made, and whether it is complete."""

    id: str
    modified: dt.datetime
    complete: bool = True


class BuildWriter(Protocol):
    """What a build writes through: whole graphs, each replacing what the store held under its name."""

    def put_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        """Make ``graph`` hold exactly the triples of ``quads`` (their own graph term is ignored)."""

    def add_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        """Add the triples of ``quads`` to ``graph``, written earlier in this build."""

    def put_rdf(self, graph: URIRef, files: Sequence[bytes], *, format: str) -> None:
        """Make ``graph`` hold exactly the triples of the serialised RDF ``files``."""

    @property
    def quads(self) -> int:
        """How many quads the build holds (known once the block has ended)."""


class GraphStore(Protocol):
    """A place the graph is built into and read from."""

    location: str  # for messages: the folder, or the endpoint's URL
    remote: bool

    def version(self) -> BuildVersion:
        """The build being served; :class:`StoreError` when there is none."""

    def exists(self) -> bool:
        """Whether a build has been made (a reader has something to read)."""

    def served_documents(self) -> int | None:
        """How many documents the build being served holds (``None``: none, or unknown)."""

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs."""

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """Every quad (of one graph when given), as rdflib terms."""

    def object_samples(self, predicates: Iterable[str], *, limit: int = 20) -> list[Node]:
        """Up to ``limit`` objects of each predicate: the datatypes the graph uses there."""

    def locked(self, *, command: str = "enfance-kg", wait: bool = True,
               on_wait: Callable[[Any], None] | None = None) -> contextlib.AbstractContextManager[None]:
        """One writer at a time."""

    def writing(self, *, manifest: dict[str, Any] | None = None, command: str = "enfance-kg build",
                wait: bool = True, on_wait: Callable[[Any], None] | None = None
                ) -> contextlib.AbstractContextManager[BuildWriter]:
        """A new build: complete and served when the block ends without error, else the old one stays."""

    def service(self, *, workers: int = 2, timeout: float = 60.0, subject: str = "this endpoint",
                start_method: str = "forkserver", keep_warm: bool = True, base: str | None = None,
                in_memory: bool | None = False, cache_budget: int | None = None) -> QueryService:
        """What answers queries on this store, within a time limit (``base``: the IRI base of our graphs;
        ``in_memory``: the embedded store's workers answer from an in-memory copy, see QueryRunner;
        ``cache_budget``: bytes of answers kept per build, 0 for none, ``None`` for the default)."""


class QueryService(Protocol):
    """Answers queries within a time limit: the embedded store's worker pool, or a remote engine."""

    timeout: float

    def run(self, request: QueryRequest, *, timeout: float | None = None) -> kg_store.Answer: ...
    def version(self) -> BuildVersion: ...
    def status(self) -> RunnerStatus: ...
    def warm(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> QueryService: ...
    def __exit__(self, *exc: object) -> None: ...


# --------------------------------------------------------------------------- the embedded store


class _EmbeddedWriter:
    """Buffers quads and bulk-loads them in large batches (one bulk load per document would be slow)."""

    BATCH = 200_000

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.buffer: list[Quad] = []
        self.count = 0

    def put_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        self.buffer.extend((s, p, o, graph) for s, p, o, _ in quads)
        if len(self.buffer) > self.BATCH:
            self.flush()

    add_graph = put_graph  # a new build starts empty: putting and adding are the same

    def put_rdf(self, graph: URIRef, files: Sequence[bytes], *, format: str) -> None:
        for data in files:
            kg_store.load_rdf(self.handle, data, format=format, graph=graph)

    def flush(self) -> None:
        kg_store.add_quads(self.handle, self.buffer)
        self.buffer = []

    @property
    def quads(self) -> int:
        return self.count


@dataclass
class EmbeddedStore:
    """The pyoxigraph store in ``folder`` (see :mod:`enfance_kg.store`)."""

    folder: Path
    remote: bool = False

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self.location = str(self.folder)

    def version(self) -> BuildVersion:
        build = kg_store.current_build(self.folder)
        return BuildVersion(build.name, dt.datetime.fromtimestamp(build.stat().st_mtime, tz=dt.UTC))

    def exists(self) -> bool:
        return kg_store.has_store(self.folder)

    def served_documents(self) -> int | None:
        return kg_store.served_documents(self.folder)

    def graph_names(self) -> set[str]:
        return kg_store.graph_names(kg_store.open_store(self.folder))

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        return kg_store.quads(kg_store.open_store(self.folder), graph=graph)

    def object_samples(self, predicates: Iterable[str], *, limit: int = 20) -> list[Node]:
        return kg_store.object_samples(kg_store.open_store(self.folder), predicates, limit=limit)

    def locked(self, *, command: str = "enfance-kg", wait: bool = True,
               on_wait: Callable[[Any], None] | None = None) -> contextlib.AbstractContextManager[None]:
        return kg_store.locked(self.folder, command=command, wait=wait, on_wait=on_wait)

    @contextlib.contextmanager
    def writing(self, *, manifest: dict[str, Any] | None = None, command: str = "enfance-kg build",
                wait: bool = True, on_wait: Callable[[Any], None] | None = None) -> Iterator[BuildWriter]:
        with kg_store.new_build(self.folder, manifest=manifest, command=command, wait=wait,
                                on_wait=on_wait) as handle:
            writer = _EmbeddedWriter(handle)
            yield writer
            writer.flush()
            writer.count = len(handle)

    def service(self, *, workers: int = 2, timeout: float = 60.0, subject: str = "this endpoint",
                start_method: str = "forkserver", keep_warm: bool = True, base: str | None = None,
                in_memory: bool | None = False, cache_budget: int | None = None) -> QueryRunner:
        options: dict[str, Any] = {"base": base} if base is not None else {}
        if cache_budget is not None:
            options["cache_budget"] = cache_budget
        return QueryRunner(self.folder, workers=workers, timeout=timeout, subject=subject,
                           start_method=start_method, keep_warm=keep_warm, in_memory=in_memory, **options)


def open_target(target: Path | str | Endpoint, *, iris: Iris | None = None) -> GraphStore:
    """The store in a folder, or the remote store behind an :class:`Endpoint`."""
    if isinstance(target, Endpoint):
        from enfance_kg.remote import RemoteStore

        return RemoteStore(target, iris=iris or Iris())
    if not isinstance(target, (str, Path)):
        raise TypeError(f"a store is a folder or an Endpoint, not {target!r}")
    return EmbeddedStore(Path(target))


def no_store(target: GraphStore) -> StoreError:
    """The error for a store that holds no build yet."""
    if target.remote:
        return StoreError(f"the SPARQL endpoint {target.location} holds no complete enfance-kg build: run "
                          f"`enfance-kg build --endpoint {target.location} --gsp …` first")
    return StoreError(f"no store in {target.location}: run `enfance-kg build --store {target.location}` first")
