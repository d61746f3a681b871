"""The Python API for notebooks: open a store, run saved queries or SPARQL, get rows or graphs.

>>> import pathlib, tempfile
>>> from enfance_kg import KnowledgeGraph, store
>>> from enfance_kg.namespaces import RDFS
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> fixture = pathlib.Path(__file__).parents[1] / "tests" / "fixtures" / "queries" / "mini.trig"
>>> with store.new_build(folder) as s:   # normally `enfance-kg build` makes the store
...     store.load_rdf(s, fixture.read_bytes(), format="trig")
>>> kg = KnowledgeGraph.open(folder)
>>> rows = kg.query("fundings", department="92", funder_kind="state")
>>> rows.columns[:4]
['document', 'funding', 'funder', 'funderName']
>>> [(row["recipientCode"], row["amount"], row["perYear"]) for row in rows]
[('92', Decimal('5135000'), True), ('92', Decimal('5000000'), True)]
>>> print(kg.query("health-checks-3-4").to_csv(columns=["code", "name"]), end="")
code,name
77,Seine-et-Marne
92,Hauts-de-Seine
>>> kg.sparql("ASK { ?s a ekg:Action }")
True
>>> graph = kg.describe("https://w3id.org/enfance-kg/id/departement/77")
>>> sorted(str(o) for o in graph.objects(predicate=RDFS.label))
['Seine-et-Marne', 'Île-de-France']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from enfance_kg import binding, saved_queries
from enfance_kg import store as kg_store
from enfance_kg.errors import QueryError
from enfance_kg.namespaces import bind_prefixes
from enfance_kg.runner import QueryRequest
from enfance_kg.settings import Settings

if TYPE_CHECKING:
    from enfance_kg.remote import RemoteStore

__all__ = ["KnowledgeGraph", "Rows"]


def _python(term: Node | None) -> Any:
    """A Python value for a cell: ``str`` for IRIs, the literal's value (int, Decimal, date, bool, str)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value  # unknown datatypes stay text
    return str(term)


class Rows(Sequence):
    """The rows of a SELECT: a sequence of dicts (column → Python value), with the RDF terms kept.

    ``len(rows)``, ``rows[0]``, ``for row in rows`` work as on a list; ``rows.columns`` names the
    columns; ``rows.terms`` gives the rdflib terms; ``to_csv()`` and ``to_pandas()`` export them.
    """

    def __init__(self, columns: list[str], terms: list[tuple[Node | None, ...]]) -> None:
        self.columns = list(columns)
        self.terms = terms

    def __len__(self) -> int:
        return len(self.terms)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(t) for t in self.terms[index]]
        return self._row(self.terms[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._row(t) for t in self.terms)

    def __repr__(self) -> str:
        return f"<Rows: {len(self)} rows × {len(self.columns)} columns {self.columns}>"

    def _row(self, terms: tuple[Node | None, ...]) -> dict[str, Any]:
        return {c: _python(t) for c, t in zip(self.columns, terms, strict=True)}

    def column(self, name: str) -> list[Any]:
        """The Python values of one column."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.columns)}")
        i = self.columns.index(name)
        return [_python(t[i]) for t in self.terms]

    def to_csv(self, path: str | Path | None = None, *, columns: Sequence[str] | None = None) -> str:
        """CSV with a header row, cells as their lexical form (as ``enfance-kg query --format csv``).

        Written to ``path`` when given; the text is returned either way.
        """
        chosen = list(columns) if columns is not None else self.columns
        missing = [c for c in chosen if c not in self.columns]
        if missing:
            raise KeyError(f"no column {', '.join(missing)}; columns: {', '.join(self.columns)}")
        index = [self.columns.index(c) for c in chosen]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(chosen)
        for terms in self.terms:
            writer.writerow(["" if terms[i] is None else str(terms[i]) for i in index])
        text = out.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_pandas(self):
        """A pandas DataFrame; decimal columns become floats, dates stay ``datetime.date``.

        Needs pandas: ``pip install 'enfance-kg[pandas]'``.
        """
        try:
            import pandas as pd
        except ImportError as err:
            raise ImportError(
                "Rows.to_pandas needs pandas, an optional extra: pip install 'enfance-kg[pandas]'"
            ) from err
        frame = pd.DataFrame([list(r.values()) for r in self], columns=self.columns)
        for name in self.columns:
            values = [v for v in frame[name] if v is not None]
            if values and all(isinstance(v, Decimal) for v in values):
                frame[name] = frame[name].map(lambda v: None if v is None else float(v)).astype("float64")
        return frame


class KnowledgeGraph:
    """A read-only view of a store built by ``enfance-kg build``.

    ``KnowledgeGraph.open()`` opens ``./store`` (or ``$ENFANCE_KG_STORE``);
    ``KnowledgeGraph.open(endpoint="http://…/sparql")`` reads a remote SPARQL 1.1 store that
    ``enfance-kg build --endpoint`` wrote (credentials from the environment, see ``docs/scaling.md``).
    For a store folder, ``in_memory=True`` answers from a copy of the store in memory (several times
    faster; loading takes about a second per 100,000 quads), ``False`` from the store on disk; by
    default a store of up to ``enfance_kg.store.IN_MEMORY_MAX_BYTES`` on disk is copied, a larger
    one is read on disk.
    """

    def __init__(self, handle: Any, folder: Path | None, remote: RemoteStore | None = None) -> None:
        self._store = handle
        self._remote = remote
        self.folder = folder

    @classmethod
    def open(cls, store_dir: str | Path | None = None, *, endpoint: str | None = None,
             timeout: float | None = None, in_memory: bool | None = None) -> KnowledgeGraph:
        if endpoint is not None:
            if store_dir is not None:
                raise QueryError("open a store folder or an endpoint, not both")
            from enfance_kg.backend import Endpoint
            from enfance_kg.remote import RemoteStore

            settings = Settings.from_env()
            remote = RemoteStore(Endpoint.of(endpoint) or Endpoint(endpoint), iris=settings.iris,
                                 timeout=timeout or settings.query_timeout, subject="KnowledgeGraph")
            remote.version()  # a store with no build is said now, not at the first query
            return cls(None, None, remote)
        folder = Path(store_dir) if store_dir is not None else Settings.from_env().store
        return cls(kg_store.open_store(folder, in_memory=in_memory), folder)

    def close(self) -> None:
        """Let go of the connections to a remote store (nothing to do for a store folder)."""
        if self._remote is not None:
            self._remote.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._remote is not None:
            return f"KnowledgeGraph.open(endpoint={self._remote.location!r})"
        return f"KnowledgeGraph.open({str(self.folder)!r})"

    # ------------------------------------------------------------------ catalogue

    @staticmethod
    def queries(tag: str | None = None) -> dict[str, saved_queries.SavedQuery]:
        """The saved queries by name (only those with ``tag`` when given)."""
        return {n: q for n, q in sorted(saved_queries.catalogue().items()) if tag is None or tag in q.tags}

    # ------------------------------------------------------------------ running

    def query(self, name: str, /, **params: Any) -> Rows | Graph | bool:
        """Run a saved query (a catalogue name or a ``.rq`` path) with its parameters as keywords."""
        return self._run(saved_queries.resolve(name), params)

    def sparql(self, text: str, /, **bindings: Any) -> Rows | Graph | bool:
        """Run SPARQL text; keyword values are bound to the variables of those names, never spliced.

        A keyword value may be an rdflib term, bound as it is. Any other value takes the datatype the
        graph uses where the query makes the variable the object of a predicate: ``c="92"`` or
        ``c=92`` with ``?d igeo:codeINSEE ?c`` is the ``xsd:token`` code, ``y=2020`` with
        ``?c ekg:periodStart ?y`` the ``xsd:gYear``; elsewhere its Python type decides (an ``int``
        an ``xsd:integer``, a ``datetime.date`` an ``xsd:date``, a ``str`` a plain string). A bound
        variable must be projected by a SELECT. The project's prefixes (``ekg:``, ``schema:``,
        ``igeo:``…) are predeclared.
        """
        query = saved_queries.from_text(text, source="sparql()")
        if query.form == "SELECT" and bindings:
            _, projected = saved_queries.projected_variables(text)
            missing = sorted(set(bindings) - set(projected or bindings))
            if missing:
                names = ", ".join("?" + m for m in missing)
                raise QueryError(f"bind only projected variables: add {names} to the SELECT clause")
        terms = binding.bind(text, bindings, self._samples)
        return self._execute(query, terms)

    def describe(self, iri: str | URIRef) -> Graph:
        """What the graph says about a resource and its parts (amount, evidence…), with labels."""
        result = self.query("describe", iri=str(iri))
        assert isinstance(result, Graph)
        return result

    def _run(self, query: saved_queries.SavedQuery, params: Mapping[str, Any]) -> Rows | Graph | bool:
        return self._execute(query, query.bind(params))

    def _samples(self, predicates: Sequence[str]) -> list[Node]:
        if self._remote is not None:
            return self._remote.object_samples(predicates)
        return kg_store.object_samples(self._store, predicates)

    def _execute_remote(self, remote: RemoteStore, query: saved_queries.SavedQuery,
                        terms: Mapping[str, Node]) -> Rows | Graph | bool:
        graph_form = query.form in ("CONSTRUCT", "DESCRIBE")
        answer = remote.run(QueryRequest.make(query.text, substitutions=terms,
                                              format="ntriples" if graph_form else "json"))
        if answer.form == "ASK":
            return answer.boolean()
        if graph_form:
            graph = Graph()
            bind_prefixes(graph)
            for s, p, o, _ in kg_store.parse_ntriples(answer.data):
                graph.add((s, p, o))
            return graph
        columns, rows = answer.table()
        return Rows(columns, [tuple(row) for row in rows])

    def _execute(self, query: saved_queries.SavedQuery, terms: Mapping[str, Node]) -> Rows | Graph | bool:
        if self._remote is not None:
            return self._execute_remote(self._remote, query, terms)
        results = kg_store.run_query(self._store, query.text, substitutions=dict(terms))
        if query.form == "ASK":
            return bool(results)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            bind_prefixes(graph)
            for triple in results:
                s, p, o = (kg_store.to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object))
                if s is not None and p is not None and o is not None:  # a triple has no unbound term
                    graph.add((s, p, o))
            return graph
        if query.form != "SELECT":
            raise QueryError(f"{query.source}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        columns = kg_store.result_variables(results)
        rows = [tuple(kg_store.to_rdflib(solution[c]) for c in columns) for solution in results]
        return Rows(columns, rows)

