"""What the pages show, drawn from the store through the query runner (never from the store directly).

The queries are ``.rq`` files of :mod:`server.sparql` with the catalogue's ``#+`` header, so their
parameters are typed and bound by substitution like any saved query. Everything that depends only
on the build (counts, the vocabulary's labels, the search index) is computed once per build.
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg import resources, saved_queries
from enfance_kg.backend import QueryService
from enfance_kg.errors import EnfanceKGError
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG, ONTOLOGY_IRI, PREFIXES, XSD
from enfance_kg.runner import QueryRequest, WorkerCrashed
from enfance_kg.store import Answer

LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
                                  "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt")}
DOCUMENT_CLASS = str(EKG.Document)
#: the classes that name a fact best, most specific first (a fact is also an ekg:Fact, a schema:MonetaryGrant…)
FACT_CLASSES = [str(EKG.NationalEnvelope), str(EKG.FundingCommitment), str(EKG.Action), str(EKG.Signature),
                str(EKG.Observation), "http://www.w3.org/ns/org#Membership"]
Row = dict[str, Node | None]
log = logging.getLogger("enfance_kg.server")


@functools.cache
def page_query(name: str) -> saved_queries.SavedQuery:
    """One of the server's own queries, by file name without ``.rq``."""
    for file in resources.package_files("server.sparql", ".rq"):
        if file.name == f"{name}.rq":
            return saved_queries.parse_query(file.read_text(encoding="utf-8"), name=name,
                                             source=f"server/sparql/{file.name}")
    raise KeyError(name)


# --------------------------------------------------------------------------- display terms


@dataclass
class Term:
    """An RDF term as a page shows it: text, link, labels (French first), language or datatype."""

    value: str
    iri: str | None = None
    href: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    lang: str | None = None
    datatype: str | None = None  # a CURIE when the namespace is known
    number: bool = False
    lexical: str = ""  # a literal's lexical form, as stored

    @property
    def french(self) -> str:
        return self.labels.get("fr") or self.labels.get("") or next(iter(self.labels.values()), "")

    @property
    def english(self) -> str:
        text = self.labels.get("en", "")
        return "" if text == self.french else text

    @property
    def text(self) -> str:
        return self.french or self.value


def curie(iri: str) -> str:
    """``ekg:Action`` for an IRI in a known namespace, else the IRI."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def format_number(lexical: str) -> str:
    """French grouping: ``5 135 000``, ``88,46`` (narrow no-break spaces)."""
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if number == number.to_integral_value() and abs(number) < Decimal("1e18"):
        return f"{int(number):,}".replace(",", "\u202f")
    whole, _, fraction = f"{number:f}".partition(".")
    return f"{int(whole):,}".replace(",", "\u202f") + "," + fraction.rstrip("0")


def fold(text: str) -> tuple[str, list[int]]:
    """Text folded for accent- and case-insensitive search, with each folded character's original offset.

    >>> fold("Santé ŒUVRE")[0]
    'sante oeuvre'
    """
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()
        base = base.replace("œ", "oe").replace("æ", "ae").replace("’", "'")
        out.append(base)
        index.extend([position] * len(base))
    return "".join(out), index


# --------------------------------------------------------------------------- page models


@dataclass
class Quote:
    document: Term
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    fact: Term | None = None
    link: Term | None = None
    kind: Term | None = None

    @property
    def href(self) -> str | None:
        """The document's page, scrolled to this quote and marking it."""
        if self.document.href is None:
            return None
        if self.start is None or self.end is None:
            return self.document.href
        return f"{self.document.href}?quote={self.start}-{self.end}#q-{self.start}-{self.end}"


@dataclass
class Part:
    name: str
    node: Term
    statements: list[tuple[Term, list[Term]]]
    evidence: bool = False


@dataclass
class ResourcePage:
    resource: Term
    types: list[Term]
    statements: list[tuple[Term, list[Term]]]
    parts: list[Part]
    quotes: list[Quote]
    mentions: list[Quote]
    mentions_truncated: bool
    incoming: list[tuple[Term, Term]]
    incoming_count: int
    page: int
    page_size: int
    truncated: bool = False

    @property
    def is_document(self) -> bool:
        return any(t.iri == DOCUMENT_CLASS for t in self.types)

    @property
    def pages(self) -> int:
        return max(1, -(-self.incoming_count // self.page_size))


@dataclass
class Hit:
    resource: Term
    kind: str  # label | quote
    snippet: Markup
    type: Term | None
    score: tuple[int, int, int]


@dataclass
class Stats:
    triples: int
    subjects: int
    properties: int
    classes: list[tuple[Term, int]]
    graphs: list[tuple[Term, int, int]]
    facts: dict[str, int]
    documents: list[dict[str, Any]]
    departements: list[tuple[Term, int]]


@dataclass
class _SearchEntry:
    resource: str
    text: str
    folded: str
    index: list[int]
    kind: str
    types: tuple[str, ...]


# --------------------------------------------------------------------------- the view


class GraphView:
    """Page data for one store, through ``runner``; IRIs under ``base`` are served here."""

    def __init__(self, runner: QueryService, base: str, *, page_size: int = 100) -> None:
        self.runner = runner
        self.base = base
        self.iris = Iris(base)
        self.page_size = page_size
        self._cache: dict[tuple[str, str], Any] = {}
        self._preparing: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ running

    def select(self, name: str, *, max_rows: int | None = None, offset: int = 0,
               **params: Any) -> tuple[list[Row], bool]:
        query = page_query(name)
        answer = self.runner.run(QueryRequest.make(query.text, substitutions=query.bind(params), format="json",
                                                   max_rows=max_rows, offset=offset))
        columns, rows = answer.table()
        return [dict(zip(columns, row, strict=True)) for row in rows], answer.truncated

    def ask(self, name: str, **params: Any) -> bool:
        query = page_query(name)
        return self.runner.run(QueryRequest.make(query.text, substitutions=query.bind(params))).boolean()

    def run(self, query: saved_queries.SavedQuery, params: dict[str, Any], *, format: str, max_rows: int | None = None,
            graph: str | None = None, timeout: float | None = None) -> Answer:
        request = QueryRequest.make(query.text, substitutions=query.bind(params), format=format,
                                    max_rows=max_rows, graph=graph)
        return self.runner.run(request, timeout=timeout)

    def per_build(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per build (the build may change between two calls)."""
        build = self.runner.version().id
        with self._lock:
            if (build, key) in self._cache:
                return self._cache[(build, key)]
        value = compute()
        with self._lock:
            for old in [k for k in self._cache if k[0] != build]:
                del self._cache[old]
            self._cache[(build, key)] = value
        return value

    def cached(self, key: str) -> Any:
        """What :meth:`per_build` holds for ``key`` on the current build, without computing it."""
        build = self.runner.version().id
        with self._lock:
            return self._cache.get((build, key))

    def prepare(self, key: str, compute: Callable[[], Any]) -> None:
        """Compute ``key`` for the current build in the background, once."""
        build = self.runner.version().id
        with self._lock:
            if (build, key) in self._preparing:
                return
            self._preparing.add((build, key))
        threading.Thread(target=self._prepare, args=(build, key, compute), name=f"prepare-{key}", daemon=True).start()

    def _prepare(self, build: str, key: str, compute: Callable[[], Any]) -> None:
        try:
            self.per_build(key, compute)
        except (EnfanceKGError, WorkerCrashed) as err:
            log.warning("could not prepare %s for build %s: %s", key, build, err)
        finally:
            with self._lock:
                self._preparing.discard((build, key))

    # ------------------------------------------------------------------ terms

    def href(self, iri: str) -> str | None:
        """The local path of an IRI served here (under the base, or the ontology), else ``None``."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        if iri.startswith(ONTOLOGY_IRI):
            return "/ontology" + iri[len(ONTOLOGY_IRI):]
        return None

    def short(self, iri: str) -> str:
        """A shorter name for an IRI without a label: a CURIE, or the path under our base."""
        if iri.startswith(tuple(PREFIXES.values())):
            return curie(iri)
        return iri[len(self.base):] if iri.startswith(self.base) and len(iri) > len(self.base) else iri

    def iri_for(self, path: str) -> str:
        """The IRI a local path stands for (``/id/departement/77`` → ``{base}id/departement/77``)."""
        return self.base + path.lstrip("/")

    def term(self, node: Node | None, labels: Iterable[Node | None] = ()) -> Term:
        if node is None:
            return Term("")
        if isinstance(node, URIRef):
            iri = str(node)
            found = dict(self.vocabulary().get(iri, {}))
            for label in labels:
                if isinstance(label, Literal):
                    found.setdefault(label.language or "", str(label))
            href = self.href(iri) or (iri if iri.startswith(("http://", "https://")) else None)
            return Term(self.short(iri), iri, href, found)
        if isinstance(node, Literal):
            datatype = str(node.datatype) if node.datatype else None
            number = datatype in NUMERIC
            value = format_number(str(node)) if number else str(node)
            return Term(value, lang=node.language, datatype=curie(datatype) if datatype else None, number=number,
                        lexical=str(node))
        return Term(str(node))

    def vocabulary(self) -> dict[str, dict[str, str]]:
        """Labels of the ontology's terms and concepts, by IRI then language."""
        def compute() -> dict[str, dict[str, str]]:
            rows, _ = self.select("vocabulary", graph=str(self.iris.graph("ontology")))
            found: dict[str, dict[str, str]] = defaultdict(dict)
            for row in rows:
                label = row["label"]
                if isinstance(label, Literal):
                    found[str(row["term"])].setdefault(label.language or "", str(label))
            return dict(found)

        return self.per_build("vocabulary", compute)

    # ------------------------------------------------------------------ pages

    def exists(self, iri: str) -> bool:
        return self.ask("exists", iri=iri)

    def resource(self, iri: str, *, page: int = 1) -> ResourcePage:
        rows, truncated = self.select("statements", iri=iri, max_rows=5000)
        by_node: dict[str, dict[str, dict[Node, list[Node | None]]]] = defaultdict(lambda: defaultdict(dict))
        for row in rows:
            node, predicate, obj = str(row["node"]), str(row["predicate"]), row["object"]
            assert obj is not None
            by_node[node][predicate].setdefault(obj, []).append(row["label"])
        own = by_node.pop(iri, {})
        labels = [o for p in LABELS for o in own.get(p, {})]
        resource = self.term(URIRef(iri), labels)
        types = [self.term(o, ls) for o, ls in own.get(RDF_TYPE, {}).items()]
        parts = [self._part(iri, node, statements) for node, statements in sorted(by_node.items())]
        quotes = [self._quote(r) for r in self.select("evidence", iri=iri)[0]]
        mention_rows, mentions_truncated = self.select("mentions", iri=iri, max_rows=300)
        mentions = self._mentions(mention_rows, iri)
        size = self.page_size
        incoming_rows, _ = self.select("incoming", iri=iri, max_rows=size, offset=(page - 1) * size)
        counted, _ = self.select("incoming-count", iri=iri)
        incoming = [(self.term(r["subject"], [r["labelFr"], r["label"]]), self.term(r["predicate"]))
                    for r in incoming_rows]
        return ResourcePage(resource, types, self._statements(own, skip=frozenset({RDF_TYPE})), parts, quotes,
                            mentions,
                            mentions_truncated, incoming, int(str(counted[0]["links"])) if counted else 0,
                            page, size, truncated)

    def document_text(self, iri: str) -> str | None:
        rows, _ = self.select("document-text", iri=iri)
        return str(rows[0]["text"]) if rows else None

    def document_facts(self, iri: str) -> list[Quote]:
        rows, _ = self.select("document-facts", iri=iri)
        types: dict[str, set[str]] = defaultdict(set)
        chosen: dict[str, Quote] = {}
        for row in rows:
            fact = str(row["fact"])
            types[fact].add(str(row["type"]))
            chosen.setdefault(fact, Quote(self.term(URIRef(iri)), str(row["exact"]), start=_int(row["start"]),
                                          end=_int(row["end"]), fact=self.term(row["fact"], [row["label"]])))
        for fact, quote in chosen.items():
            quote.kind = self.term(URIRef(_best_type(types[fact]) or ""))
        return sorted(chosen.values(), key=lambda q: (q.start or 0, q.end or 0))

    def _statements(self, statements: dict[str, dict[Node, list[Node | None]]],
                    skip: frozenset[str] = frozenset()) -> list[tuple[Term, list[Term]]]:
        out = []
        for predicate in sorted(statements, key=lambda p: (p not in LABELS, curie(p))):
            if predicate in skip:
                continue
            objects = [self.term(o, ls) for o, ls in statements[predicate].items()]
            out.append((self.term(URIRef(predicate)), sorted(objects, key=lambda t: (t.lang != "fr", t.text))))
        return out

    def _part(self, iri: str, node: str, statements: dict[str, dict[Node, list[Node | None]]]) -> Part:
        name = node[len(iri) + 1:] if node.startswith(iri + "#") else curie(node)
        types = {str(o) for o in statements.get(RDF_TYPE, {})}
        evidence = bool(types & {"http://www.w3.org/ns/oa#Annotation", "http://www.w3.org/ns/oa#SpecificResource",
                                 "http://www.w3.org/ns/oa#TextQuoteSelector",
                                 "http://www.w3.org/ns/oa#TextPositionSelector"})
        return Part(name, self.term(URIRef(node)), self._statements(statements), evidence)

    def _quote(self, row: Row) -> Quote:
        return Quote(self.term(row["document"], [row.get("title")]), str(row["exact"]), _text(row.get("prefix")),
                     _text(row.get("suffix")), _int(row.get("start")), _int(row.get("end")))

    def _mentions(self, rows: list[Row], iri: str) -> list[Quote]:
        seen: dict[tuple[str, str], Quote] = {}
        types: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in rows:
            fact = str(row["fact"])
            if fact.startswith(iri + "#"):
                continue
            key = (fact, str(row["exact"]))
            types[key].add(str(row["type"]))
            if key not in seen:
                quote = self._quote(row)
                quote.fact = self.term(row["fact"], [row["label"]])
                quote.link = self.term(row["link"])
                seen[key] = quote
        for key, quote in seen.items():
            quote.kind = self.term(URIRef(_best_type(types[key]) or ""))
        order = {key: (_type_rank(quote.kind.iri or "" if quote.kind else ""), n)
                 for n, (key, quote) in enumerate(seen.items())}
        return [seen[key] for key in sorted(seen, key=order.__getitem__)]

    # ------------------------------------------------------------------ the home page

    def stats(self) -> Stats:
        return self.per_build("stats", self._stats)

    def _stats(self) -> Stats:
        totals, _ = self.select("totals")
        classes, _ = self.select("class-counts")
        graphs, _ = self.select("graph-counts")
        counts = {str(r["class"]): _int(r["entities"]) or 0 for r in classes}
        facts = {name: counts.get(str(cls), 0) for name, cls in (
            ("fundings", EKG.FundingCommitment), ("actions", EKG.Action), ("signatures", EKG.Signature),
            ("indicators", EKG.Observation), ("memberships", URIRef("http://www.w3.org/ns/org#Membership")))}
        documents_query = saved_queries.get("documents")
        answer = self.run(documents_query, {}, format="json")
        columns, doc_rows = answer.table()
        documents = [{c: self.term(v) if v is not None else None for c, v in zip(columns, row, strict=True)}
                     for row in doc_rows]
        departements = self._departements()
        total = totals[0] if totals else {}
        return Stats(_int(total.get("triples")) or 0, _int(total.get("subjects")) or 0,
                     _int(total.get("properties")) or 0,
                     [(self.term(r["class"]), _int(r["entities"]) or 0) for r in classes],
                     [(self.term(r["graph"]), _int(r["triples"]) or 0, _int(r["subjects"]) or 0) for r in graphs],
                     facts, documents, departements)

    def _departements(self) -> list[tuple[Term, int]]:
        query = saved_queries.get("document-departments")
        columns, rows = self.run(query, {}, format="json").table()
        counted: dict[str, tuple[Term, set[str]]] = {}
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            departement = values.get("departement")
            if departement is None:
                continue
            name = values.get("name")
            term = counted.get(str(departement), (self.term(departement, [Literal(str(name), lang="fr")] if name
                                                             else []), set()))
            term[1].add(str(values.get("document")))
            counted[str(departement)] = term
        return sorted(((t, len(docs)) for t, docs in counted.values()), key=lambda item: item[0].iri or "")

    # ------------------------------------------------------------------ search

    def _index(self) -> list[_SearchEntry]:
        def compute() -> list[_SearchEntry]:
            rows, _ = self.select("search-texts")
            entries = []
            for row in rows:
                text = str(row["text"])
                folded, index = fold(text)
                types = tuple(str(row["types"] or "").split())
                entries.append(_SearchEntry(str(row["resource"]), text, folded, index, str(row["kind"]), types))
            return entries

        return self.per_build("search", compute)

    def search(self, text: str, *, limit: int = 50) -> list[Hit]:
        """Resources whose labels or quotes hold every word of ``text``, accents and case aside."""
        words = fold(text)[0].split()
        if not words:
            return []
        best: dict[str, tuple[tuple[int, int, int], _SearchEntry, int, int]] = {}
        for entry in self._index():
            spans = [entry.folded.find(w) for w in words]
            if min(spans) < 0:
                continue
            first = min(spans)
            at_word = first == 0 or not entry.folded[first - 1].isalnum()
            score = (0 if entry.kind == "label" else 1, 0 if at_word else 1, len(entry.text))
            known = best.get(entry.resource)
            if known is None or score < known[0]:
                best[entry.resource] = (score, entry, first, first + len(words[spans.index(first)]))
        hits = []
        for resource, (score, entry, start, end) in sorted(best.items(), key=lambda item: item[1][0])[:limit]:
            kind = _best_type(entry.types)
            hits.append(Hit(self.term(URIRef(resource), self._labels_of(resource)), entry.kind,
                            _snippet(entry, start, end), self.term(URIRef(kind)) if kind else None, score))
        return hits

    def _labels_of(self, resource: str) -> list[Node | None]:
        def compute() -> dict[str, str]:
            first: dict[str, str] = {}
            for entry in self._index():
                if entry.kind == "label":
                    first.setdefault(entry.resource, entry.text)
            return first

        label = self.per_build("search-labels", compute).get(resource)
        return [Literal(label)] if label is not None else []


def _type_rank(iri: str) -> tuple[int, int, str]:
    if iri in FACT_CLASSES:
        return (0, FACT_CLASSES.index(iri), iri)
    if iri == str(EKG.Fact):
        return (3, 0, iri)
    return (1 if iri.startswith(str(EKG)) else 2, 0, iri)


def _best_type(types: Iterable[str]) -> str | None:
    """The type that names a resource best: the specific fact class, else one of ours, else any."""
    return min(types, key=_type_rank, default=None)


def _snippet(entry: _SearchEntry, start: int, end: int, width: int = 80) -> Markup:
    """The matched text marked, with some context either side (in the original, unfolded text)."""
    a, b = entry.index[start], entry.index[end - 1] + 1
    left, right = max(0, a - width), min(len(entry.text), b + width)
    before = ("…" if left > 0 else "") + entry.text[left:a]
    after = entry.text[b:right] + ("…" if right < len(entry.text) else "")
    return Markup(f"{escape(before)}<mark>{escape(entry.text[a:b])}</mark>{escape(after)}")


def _int(node: Node | None) -> int | None:
    if node is None:
        return None
    try:
        return int(Decimal(str(node)))
    except InvalidOperation:
        return None


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def highlight(text: str, quotes: list[Quote], target: tuple[int, int] | None = None) -> Markup:
    """The document's text as HTML, each quoted span marked; ``target`` (start, end) marked apart.

    >>> html = highlight("Le Département & l'État", [Quote(Term("d"), "Département", start=3, end=14)], (3, 14))
    >>> print(str(html).replace("</span>", "</span>\\n"))
    Le <span class="anchor" id="q-3-14"></span>
    <mark class="fact target" data-facts="0">Département</mark> &amp; l&#39;État
    """
    spans = [(q.start, q.end, n) for n, q in enumerate(quotes)
             if q.start is not None and q.end is not None and text[q.start:q.end] == q.exact]
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    starts: dict[int, list[str]] = defaultdict(list)
    for s, e, _ in spans:
        anchor = f"q-{s}-{e}"
        if anchor not in starts[s]:
            starts[s].append(anchor)
    html: list[str] = []
    for a, b in itertools.pairwise(cuts):
        html.extend(f'<span class="anchor" id="{anchor}"></span>' for anchor in starts.get(a, []))
        covering = [n for s, e, n in spans if s <= a and e >= b]
        piece = escape(text[a:b])
        if covering:
            marked = " target" if target and target[0] <= a and b <= target[1] else ""
            facts = " ".join(map(str, covering))
            html.append(f'<mark class="fact{marked}" data-facts="{facts}">{piece}</mark>')
        else:
            html.append(str(piece))
    return Markup("".join(html))
