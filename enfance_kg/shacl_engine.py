"""SHACL shapes compiled to SPARQL, run set-at-a-time where the data lives (the Oxigraph store).

pyshacl evaluates every constraint once per focus node in Python; at 100k triples that is
tens of seconds, whatever the backend. Here each constraint of each shape becomes one
SELECT that returns all its violations at once (``?this`` the focus node, ``?value`` the
offending value), and the store's engine does the joins. pyshacl stays the reference: the
tests run every shape fixture through both engines and expect the same results.

Only the SHACL this project's shapes use is compiled (targets by class and by subject of a
property; predicate, sequence, alternative and inverse paths; the core components listed
in :data:`COMPONENTS`; ``sh:sparql`` constraints whose ``$this`` is bound at the top of the
query). Anything else is refused when the shapes are compiled, never skipped silently.

A check's focus nodes are taken from the graphs in scope: one named graph (a document),
or every named graph but the context's (the ontology and the reference data, whose own
results are computed once and cached by their hash).

>>> from rdflib import Graph
>>> shapes = Graph().parse(data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
...     ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:S-p .
...     ex:S-p a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 .''', format="turtle")
>>> [(str(c.shape), c.component.split("#")[1]) for c in compile_shapes(shapes)]
[('urn:ex:S-p', 'MinCountConstraintComponent')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from enfance_kg.namespaces import RDF, SH, XSD

RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDF_LANGSTRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")

#: the lexical forms XSD allows, for the datatypes SPARQL cannot check by casting
_LEXICAL = {
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
#: datatypes SPARQL casts to, so that a calendar-impossible date ("2022-02-30") is caught too
_CASTS = {t: t.n3() for t in (XSD.date, XSD.decimal, XSD.integer, XSD.boolean)}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_COMPARISONS = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}

#: the constraint parameters compiled here, and their components
COMPONENTS: dict[URIRef, str] = {
    SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.nodeKind: "NodeKind", SH["class"]: "Class",
    SH.datatype: "Datatype", SH["in"]: "In", SH.pattern: "Pattern", SH.minLength: "MinLength",
    SH.maxLength: "MaxLength", SH.minInclusive: "MinInclusive", SH.minExclusive: "MinExclusive",
    SH.maxInclusive: "MaxInclusive", SH.maxExclusive: "MaxExclusive", SH.lessThan: "LessThan",
    SH.lessThanOrEquals: "LessThanOrEquals", SH.hasValue: "HasValue", SH.uniqueLang: "UniqueLang",
    SH.qualifiedValueShape: "QualifiedMinCount", SH["or"]: "Or", SH.sparql: "SPARQL", SH.languageIn: "LanguageIn",
}
#: parameters that go with another one, or describe rather than constrain
_COMPANIONS = {SH.qualifiedMinCount, SH.flags, SH.qualifiedValueShapesDisjoint}
_DESCRIPTIVE = {
    RDF.type, SH.property, SH.targetClass, SH.targetSubjectsOf, SH.severity, SH.message, SH.path, SH.name,
    SH.description, SH.deactivated, SH.order, SH.group,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}


class UnsupportedShape(ValueError):
    """A shape uses SHACL this compiler does not translate; the message says which and where."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a query whose rows are its violations.

    The query's ``{target}`` is filled by :meth:`query` with the pattern that binds ``?this`` to
    the shape's focus nodes in scope; rows bind ``?this``, maybe ``?value`` and ``?path``.
    """

    shape: Node
    component: URIRef
    severity: URIRef
    messages: tuple[tuple[str, str], ...]  # (language tag, text), "{?var}" filled from the row
    path: Node | None  # the shape's sh:path as written in the shapes graph
    body: str
    targets: tuple[str, ...]  # target patterns binding ?this, in the union default graph
    scoped_targets: tuple[str, ...]  # the same inside GRAPH ?scope
    prologue: str = ""
    #: a check that only finds values that are there (not sh:minCount), on a path that starts with this
    #: predicate: it finds nothing in a graph without the predicate, when a node's triples are in its graph
    needs: str | None = None
    #: the same check for a whole store: the offending values found over the path first, then kept when
    #: their node is a focus node ("" when the check has no such form)
    values_first: str = ""

    def targeted(self, types: set[str], predicates: set[str], subclasses: Mapping[str, Sequence[str]]) -> bool:
        """Whether a graph holding these ``rdf:type`` objects and predicates can hold a focus node of the check
        (and, for a check of values, the values it checks)."""
        if self.needs is not None and self.needs not in predicates:
            return False
        classes, subject_of = _target_terms(self.targets)
        for cls in classes:
            if cls in types or types.intersection(subclasses.get(cls, ())):
                return True
        return bool(subject_of & predicates)

    def query(self, *, scoped: bool, exclude: Sequence[str] = (),
              subclasses: Mapping[str, Sequence[str]] | None = None) -> str:
        """The SELECT for focus nodes in the named graphs the query's dataset holds (``scoped``: the caller
        names them), or in every named graph but ``exclude``; with neither, those of the whole union."""
        if scoped or exclude:
            target = " UNION ".join("{ " + t + " }" for t in self.scoped_targets)
            if exclude and not scoped:
                target += " FILTER (?scope NOT IN (" + ", ".join(f"<{g}>" for g in exclude) + "))"
        else:
            target = " UNION ".join("{ " + t + " }" for t in self.targets)
        body = self.values_first if self.values_first and not scoped else self.body
        text = self.prologue + body.replace("{target}", target)
        opening, closing = _ANTI_FORMS[scoped]
        text = text.replace(_ANTI, opening).replace(_END, closing)
        closure = subclasses or {}

        def expand(match: re.Match) -> str:
            return " ".join(f"<{iri}>" for iri in sorted({match.group(1), *closure.get(match.group(1), ())}))

        return _SUBCLASS_TOKEN.sub(expand, text)


# --------------------------------------------------------------------------- compiling


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every check of every shape with targets (and of the property shapes they hold)."""
    checks: list[Check] = []
    for shape in sorted(_shapes_with_targets(shapes), key=str):
        targets = _targets(shapes, shape)
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        checks.extend(_node_checks(shapes, shape, targets))
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            if shapes.value(prop, SH.deactivated) == Literal(True):
                continue
            checks.extend(_property_checks(shapes, prop, targets))
    return checks


def _shapes_with_targets(shapes: Graph) -> set[Node]:
    found: set[Node] = set()
    for kind in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf):
        found.update(shapes.subjects(kind, None))
    for shape in found:
        for kind in (SH.targetNode, SH.targetObjectsOf):
            if shapes.value(shape, kind) is not None:
                raise UnsupportedShape(f"{shape}: {kind} targets are not compiled")
    return found


def _subclasses(cls: Node) -> str:
    """Where :meth:`Check.query` puts the IRIs of ``cls`` and of its subclasses in the data (a VALUES list:
    Oxigraph joins it at once, where ``rdfs:subClassOf*`` is evaluated again for every candidate)."""
    return f"__SUBCLASSES_OF{_term(cls)}__"


_SUBCLASS_TOKEN = re.compile(r"__SUBCLASSES_OF<([^>]*)>__")
@functools.cache
def _target_terms(targets: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The target classes and the predicates whose subjects are targets, read back from target patterns."""
    text = " ".join(targets)
    return tuple(_SUBCLASS_TOKEN.findall(text)), frozenset(re.findall(r"\?this <([^>]+)> \?targetObject", text))


#: where a check keeps the focus nodes that have no match (measured on Oxigraph 0.5): MINUS over a whole
#: store (its pattern evaluated once, then joined); on one document OPTIONAL with !BOUND (a look-up per
#: focus node, 0.24 ms where FILTER NOT EXISTS took 9 ms and MINUS, which still lists every match in the
#: store, 35 ms)
_ANTI, _END = "__ANTI_JOIN__", "__END_ANTI_JOIN__"
_ANTI_FORMS = {True: ("OPTIONAL {", "BIND (true AS ?matched) } FILTER (!BOUND(?matched))"), False: ("MINUS {", "}")}


def _targets(shapes: Graph, shape: Node) -> tuple[tuple[str, ...], tuple[str, ...]]:
    plain, scoped = [], []
    for cls in sorted(shapes.objects(shape, SH.targetClass), key=str):
        plain.append(f"VALUES ?targetType {{ {_subclasses(cls)} }} ?this {RDF_TYPE} ?targetType .")
        scoped.append(f"VALUES ?targetType {{ {_subclasses(cls)} }} GRAPH ?scope {{ ?this {RDF_TYPE} ?targetType }}")
    for prop in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str):
        plain.append(f"?this {_term(prop)} ?targetObject .")
        scoped.append(f"GRAPH ?scope {{ ?this {_term(prop)} ?targetObject }}")
    return tuple(plain), tuple(scoped)


def _parameters(shapes: Graph, shape: Node) -> list[tuple[URIRef, Node]]:
    found = []
    for predicate, value in shapes.predicate_objects(shape):
        if predicate in _DESCRIPTIVE or predicate in _COMPANIONS:
            continue
        if predicate not in COMPONENTS:
            raise UnsupportedShape(f"{shape}: the parameter {predicate} is not compiled")
        found.append((URIRef(str(predicate)), value))
    return sorted(found, key=lambda item: (str(item[0]), str(item[1])))


def _messages(shapes: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    found = {(m.language or "", str(m)) for m in shapes.objects(node, SH.message) if isinstance(m, Literal)}
    return tuple(sorted(found))


def _severity(shapes: Graph, shape: Node) -> URIRef:
    severity = shapes.value(shape, SH.severity)
    return URIRef(severity) if isinstance(severity, URIRef) else SH.Violation


def _node_checks(shapes: Graph, shape: Node, targets: tuple[tuple[str, ...], tuple[str, ...]]) -> Iterator[Check]:
    for parameter, value in _parameters(shapes, shape):
        if parameter == SH.sparql:
            yield _sparql_check(shapes, shape, value, targets, path=None)
            continue
        body = _constraint(shapes, shape, parameter, value, path=None)
        yield Check(shape, _component(parameter), _severity(shapes, shape), _messages(shapes, shape), None,
                    body, *targets, values_first=_whole_store(body))


def _property_checks(shapes: Graph, prop: Node, targets: tuple[tuple[str, ...], tuple[str, ...]]) -> Iterator[Check]:
    path_node = shapes.value(prop, SH.path)
    if path_node is None:
        raise UnsupportedShape(f"{prop}: a property shape without sh:path")
    path = _path(shapes, path_node)
    for parameter, value in _parameters(shapes, prop):
        if parameter == SH.sparql:
            yield _sparql_check(shapes, prop, value, targets, path=path_node)
            continue
        body = _expand_sequences(_constraint(shapes, prop, parameter, value, path=path))
        first = _first_predicate(shapes, path_node)
        needs = first if parameter not in _ABSENCE and first is not None else None
        yield Check(prop, _component(parameter), _severity(shapes, prop), _messages(shapes, prop), path_node,
                    body, *targets, needs=needs, values_first=_whole_store(body))


_VALUES_QUERY = re.compile(r"SELECT DISTINCT \?this \?value WHERE \{ \{target\} (?P<values>\?this .*) \}")
_COUNT_QUERY = re.compile(r"SELECT \?this WHERE \{ \{ SELECT \?this \(COUNT\(DISTINCT \?value\) AS \?count\) "
                          r"WHERE \{ \{target\} (?P<values>\?this .*) \} GROUP BY \?this \} "
                          r"FILTER \(\?count (?P<limit>> [0-9]+)\) \}")


def _values_first(body: str) -> str:
    """A check of values (or of their number) written for a whole store: the values that break the
    constraint found over the path first, in a subquery, then joined with the focus nodes. Measured on
    Oxigraph 0.5 at 112k triples: 24 ms instead of 83 for a node kind, 11 instead of 62 for sh:maxCount (a
    scan of the predicate and a filter, where the focus-first form looks each focus node's values up). On
    one document the focus nodes are few, and the body as written (focus nodes first) stays."""
    values = _VALUES_QUERY.fullmatch(body)
    if values is not None:
        return ("SELECT DISTINCT ?this ?value WHERE { { SELECT ?this ?value WHERE { " + values["values"]
                + " } } {target} }")
    counted = _COUNT_QUERY.fullmatch(body)
    if counted is not None:
        return ("SELECT DISTINCT ?this WHERE { { SELECT ?this WHERE { " + counted["values"] + " } GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) {counted['limit']}) }} {{target}} }}")
    return ""


def _whole_store(body: str) -> str:
    """The query of a check for a whole store: values first where the check has that form (see
    :func:`_values_first`), and the triple patterns of its groups hash-joined (see :func:`_hash_joined`)."""
    text = _values_first(body) or body.replace(_ANTI, _ANTI_FORMS[False][0]).replace(_END, _ANTI_FORMS[False][1])
    where = text.index("{", text.upper().index("WHERE"))
    end = where + 1 + _closing_brace(text[where + 1 :])
    return text[: where + 1] + _hash_joined(text[where + 1 : end]) + text[end:]


#: what may hold a brace, a dot or a hash that is not one: an IRI, a string
_OPAQUE = re.compile(r'<[^\s<>"{}|^`\\]*>|"""(?:[^\\]|\\.)*?"""|' r"'''(?:[^\\]|\\.)*?'''"
                     r'|"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'")
_KEYWORDS = ("FILTER", "BIND", "OPTIONAL", "MINUS", "VALUES", "GRAPH", "SERVICE", "UNION", "{")
_TRIPLE_TOKEN = re.compile(r'<[^>]*>|"(?:[^"\\]|\\.)*"(?:\^\^\S+|@[\w-]+)?|[;,]|[^\s;,]+')
_RDF_TYPES = ("a", "rdf:type", RDF_TYPE)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """The text as it matters to its structure: each IRI or string whole (what is inside one is no brace, dot
    or comment), every other character on its own, comments left out; with where each piece starts."""
    position = 0
    while position < len(text):
        opaque = _OPAQUE.match(text, position)
        if opaque:
            yield position, opaque.group(0)
            position = opaque.end()
        elif text[position] == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        else:
            yield position, text[position]
            position += 1


def _closing_brace(text: str) -> int:
    """Where the group that ``text`` starts inside of closes (the index of its ``}``)."""
    depth = 0
    for position, piece in _pieces(text):
        if piece == "{":
            depth += 1
        elif piece == "}":
            if depth == 0:
                return position
            depth -= 1
    raise UnsupportedShape(f"a group that does not close: {text[:80]!r}")


def _statements(group: str) -> list[tuple[str, bool]]:
    """The statements at the top level of a group's text, each with whether a ``.`` ended it (comments
    dropped): a statement ends at a ``.``, or where a FILTER, BIND, OPTIONAL, MINUS, VALUES or a nested
    group closes."""
    found: list[tuple[str, bool]] = []
    current, depth = "", 0
    for position, piece in _pieces(group):
        if piece == "." and depth == 0 and group[position + 1 : position + 2] in ("", " ", "\n", "\t", "\r", "}"):
            found.append((current.strip(), True))
            current = ""
            continue
        current += piece
        if piece in ("{", "("):
            depth += 1
        elif piece in ("}", ")"):
            depth -= 1
            follows = group[position + 1 :].lstrip().upper()
            if depth == 0 and current.lstrip().upper().startswith(_KEYWORDS) and not follows.startswith(
                    ("UNION", "||", "&&", "{", "(")):
                found.append((current.strip(), False))
                current = ""
    found.append((current.strip(), False))
    return [(text, dot) for text, dot in found if text]


def _triples(statement: str) -> list[tuple[str, str, str]] | None:
    """The triple patterns of a plain block (``s p o ; p2 o2 , o3``), or ``None`` for anything else: a
    keyword, a nested group, a blank node, a collection."""
    if statement.upper().startswith(_KEYWORDS) or any(c in _OPAQUE.sub("", statement) for c in "{}()[]"):
        return None
    tokens = _TRIPLE_TOKEN.findall(statement)
    if not tokens or any(t.startswith("_:") for t in tokens):
        return None
    subject, triples, position = tokens[0], [], 1
    while position + 1 < len(tokens):
        predicate = tokens[position]
        triples.append((subject, predicate, tokens[position + 1]))
        position += 2
        while position + 1 < len(tokens) and tokens[position] == ",":
            triples.append((subject, predicate, tokens[position + 1]))
            position += 2
        if position < len(tokens) and tokens[position] == ";":
            position += 1
    if position != len(tokens) or not triples or any(t in (";", ",") for triple in triples for t in triple):
        return None
    return triples


def _hash_joined(group: str) -> str:
    """A group's text with each of its triple patterns in a subquery of its own, in place (and the same in its
    MINUS groups and subqueries). Oxigraph then scans each pattern once and joins the scans by hash, where
    it otherwise looks each row's match up in the indexes: about 10 µs a look-up on disk, under 1 µs a
    scanned quad. Measured on Oxigraph 0.5 at 1.07M quads (CPU time): the quote check 5.7 s → 1.6 s, the
    consistency checks 1.4 s → 0.5-0.9 s, a count over a sequence path 0.6 s → 0.2 s. The same answers: a
    group joins its triple patterns and its subqueries alike, and its FILTERs apply to the whole group.
    Left as they are: ``rdf:type`` with a variable class (a scan of every type triple), OPTIONAL and (NOT)
    EXISTS groups (evaluated with the row's values bound, where a look-up wins), blank nodes (a subquery
    would make one node two).

    >>> group = '?this ex:p ?v ; ex:q ?w . ?v a ?type . OPTIONAL { ?this ex:r ?o } FILTER (?v != "a. b")'
    >>> print(_hash_joined(group).strip())
    { SELECT * WHERE { ?this ex:p ?v } }
    { SELECT * WHERE { ?this ex:q ?w } }
    ?v a ?type .
    OPTIONAL { ?this ex:r ?o }
    FILTER (?v != "a. b")
    """
    parts = []
    for statement, dot in _statements(group):
        triples = _triples(statement)
        if triples is None:
            parts.append(_hash_joined_inside(statement) + (" ." if dot else ""))
            continue
        for s, p, o in triples:
            if p in _RDF_TYPES and o.startswith(("?", "$")):
                parts.append(f"{s} {p} {o} .")
            else:
                parts.append(f"{{ SELECT * WHERE {{ {s} {p} {o} }} }}")
    return " " + "\n".join(parts) + " "


def _hash_joined_inside(statement: str) -> str:
    """The group of a MINUS or of a subquery hash-joined too (each is evaluated on its own)."""
    if statement.upper().startswith("MINUS"):
        start = statement.index("{") + 1
    elif re.match(r"\{\s*SELECT\b", statement, re.IGNORECASE):
        start = statement.index("{", statement.upper().index("WHERE")) + 1
    else:
        return statement
    end = start + _closing_brace(statement[start:])
    return statement[:start] + _hash_joined(statement[start:end]) + statement[end:]


_SEQUENCE = re.compile(r"(\?\w+) \(((?:<[^>]+>/)+<[^>]+>)\) (\?\w+|<[^>]+>)")


def _expand_sequences(text: str) -> str:
    """``?a (<p>/<q>) ?b`` written as ``?a <p> ?step . ?step <q> ?b``: Oxigraph evaluates a property path in
    a FILTER NOT EXISTS far more slowly than the same joins."""

    def expand(match: re.Match) -> str:
        steps = re.findall(r"<[^>]+>", match.group(2))
        nodes = [match.group(1), *(_var("step") for _ in steps[1:]), match.group(3)]
        return " . ".join(f"{nodes[i]} {step} {nodes[i + 1]}" for i, step in enumerate(steps))

    return _SEQUENCE.sub(expand, text)


#: components that a missing value can violate
_ABSENCE = {SH.minCount, SH.qualifiedValueShape, SH.hasValue}


def _first_predicate(shapes: Graph, path: Node) -> str | None:
    """The predicate a path starts with (an IRI, or the first step of a sequence of IRIs), else ``None``."""
    if isinstance(path, URIRef):
        return str(path)
    if (path, RDF.first, None) in shapes:
        first = shapes.value(path, RDF.first)
        return str(first) if isinstance(first, URIRef) else None
    return None


def _component(parameter: URIRef) -> URIRef:
    return SH[COMPONENTS[parameter] + "ConstraintComponent"]


def _term(node: Node) -> str:
    if isinstance(node, BNode):
        raise UnsupportedShape(f"a blank node {node} where an IRI or a literal is expected")
    return node.n3()


def _path(shapes: Graph, node: Node) -> str:
    """A SHACL path as a SPARQL property path."""
    if isinstance(node, URIRef):
        return node.n3()
    if (node, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, step) for step in Collection(shapes, node)) + ")"
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(shapes, step) for step in Collection(shapes, alternatives)) + ")"
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return "(^" + _path(shapes, inverse) + ")"
    for modifier, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(node, modifier)
        if inner is not None:
            return "(" + _path(shapes, inner) + ")" + suffix
    raise UnsupportedShape(f"the path {node} is not one SHACL defines")


_names = count()


def _var(stem: str) -> str:
    return f"?{stem}{next(_names)}"


def _values(path: str | None) -> str:
    """The pattern binding ``?value`` to the value nodes: the focus node itself for a node shape."""
    return "BIND (?this AS ?value)" if path is None else f"?this {path} ?value ."


def _constraint(shapes: Graph, shape: Node, parameter: URIRef, value: Node, *, path: str | None) -> str:
    """The SELECT (with ``{target}`` to fill) of the violations of one constraint."""
    select = "SELECT DISTINCT ?this ?value WHERE { {target} "
    where_values = _values(path)
    if parameter == SH.minCount or parameter == SH.qualifiedValueShape:
        return _min_count(shapes, shape, parameter, value, path)
    if parameter == SH.maxCount:
        limit = _integer(shape, parameter, value)
        return (
            "SELECT ?this WHERE { { SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE { {target} "
            f"{where_values} }} GROUP BY ?this }} FILTER (?count > {limit}) }}"
        )
    if parameter == SH.hasValue:
        if path is None:
            return f"SELECT ?this WHERE {{ {{target}} FILTER (!sameTerm(?this, {_term(value)})) }}"
        return f"SELECT DISTINCT ?this WHERE {{ {{target}} {_ANTI} ?this {path} {_term(value)} {_END} }}"
    if parameter == SH.uniqueLang:
        if value != Literal(True):
            return "SELECT ?this WHERE { {target} FILTER (false) }"
        if path is None:
            raise UnsupportedShape(f"{shape}: sh:uniqueLang on a node shape")
        return (
            "SELECT DISTINCT ?this (LCASE(LANG(?value)) AS ?language) WHERE { {target} "
            f"?this {path} ?value , ?other . FILTER (LANG(?value) != \"\" && !sameTerm(?value, ?other) "
            "&& LCASE(LANG(?value)) = LCASE(LANG(?other))) }"
        )
    if parameter in _PAIRS:
        if path is None:
            raise UnsupportedShape(f"{shape}: {parameter} on a node shape")
        return (
            select + f"{where_values} ?this {_term(value)} ?other . "
            f"FILTER (!COALESCE(?value {_PAIRS[parameter]} ?other, false)) }}"
        )
    if parameter == SH["class"]:
        typed = f"VALUES ?valueType {{ {_subclasses(value)} }} ?value {RDF_TYPE} ?valueType"
        return select + f"{where_values} {_ANTI} {typed} {_END} }}"
    condition = _value_condition(shapes, shape, parameter, value, "?value")
    return select + f"{where_values} FILTER (!({condition})) }}"


def _min_count(shapes: Graph, shape: Node, parameter: URIRef, value: Node, path: str | None) -> str:
    if path is None:
        raise UnsupportedShape(f"{shape}: {parameter} on a node shape")
    if parameter == SH.qualifiedValueShape:
        minimum = shapes.value(shape, SH.qualifiedMinCount)
        if minimum is None or shapes.value(shape, SH.qualifiedMaxCount) is not None:
            raise UnsupportedShape(f"{shape}: only sh:qualifiedMinCount is compiled with sh:qualifiedValueShape")
        limit = _integer(shape, SH.qualifiedMinCount, minimum)
        condition = _shape_condition(shapes, value, "?value")
    else:
        limit = _integer(shape, parameter, value)
        condition = "true"
    if limit == 0:
        return "SELECT ?this WHERE { {target} FILTER (false) }"
    if limit == 1:
        inner = "" if condition == "true" else f" FILTER ({condition})"
        return f"SELECT DISTINCT ?this WHERE {{ {{target}} {_ANTI} ?this {path} ?value .{inner} {_END} }}"
    return (
        "SELECT ?this WHERE { { SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE { {target} "
        f"OPTIONAL {{ ?this {path} ?value . FILTER ({condition}) }} }} GROUP BY ?this }} FILTER (?count < {limit}) }}"
    )


def _integer(shape: Node, parameter: URIRef, value: Node) -> int:
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
        raise UnsupportedShape(f"{shape}: {parameter} takes an integer, not {value!r}")
    return int(value.toPython())


def _value_condition(shapes: Graph, shape: Node, parameter: URIRef, value: Node, var: str) -> str:
    """A SPARQL expression true when ``var`` satisfies one value-level constraint."""
    if parameter == SH.nodeKind:
        kind = URIRef(str(value))
        if kind not in _NODE_KINDS:
            raise UnsupportedShape(f"{shape}: unknown node kind {value}")
        return _NODE_KINDS[kind].format(v=var)
    if parameter == SH["class"]:
        return f"EXISTS {{ {var} {RDF_TYPE}/{RDFS_SUBCLASS}* {_term(value)} }}"
    if parameter == SH.datatype:
        return _datatype_condition(URIRef(str(value)), var)
    if parameter == SH["in"]:
        members = list(Collection(shapes, value))
        if not members:
            return "false"
        return "(" + " || ".join(f"sameTerm({var}, {_term(m)})" for m in members) + ")"
    if parameter == SH.pattern:
        flags = shapes.value(shape, SH.flags)
        args = f"{_string(str(value))}" + (f", {_string(str(flags))}" if flags is not None else "")
        return f"COALESCE(REGEX(STR({var}), {args}), false)"  # STR of a blank node: an error, so false
    if parameter in (SH.minLength, SH.maxLength):
        operator = ">=" if parameter == SH.minLength else "<="
        return f"COALESCE(STRLEN(STR({var})) {operator} {_integer(shape, parameter, value)}, false)"
    if parameter in _COMPARISONS:
        return f"COALESCE({var} {_COMPARISONS[parameter]} {_term(value)}, false)"
    if parameter == SH["or"]:
        members = list(Collection(shapes, value))
        return "(" + " || ".join(_shape_condition(shapes, m, var) for m in members) + ")" if members else "false"
    if parameter == SH.languageIn:
        tags = list(Collection(shapes, value))
        if not tags:
            return "false"
        return "(" + " || ".join(f"LANGMATCHES(LANG({var}), {_string(str(t))})" for t in tags) + ")"
    raise UnsupportedShape(f"{shape}: {parameter} is not compiled as a condition on a value")


def _string(text: str) -> str:
    return Literal(text).n3()


def _datatype_condition(datatype: URIRef, var: str) -> str:
    """True when ``var`` is a literal of ``datatype`` (and, for the datatypes of :data:`_LEXICAL` and
    :data:`_CASTS`, a valid one). Each function of a value reads the value from the store again (a string
    longer than a few bytes is a look-up): ``DATATYPE`` alone, its error on a node that is no literal made
    false by COALESCE, where ``isLiteral`` and ``LANG`` beside it read it three times (at 1.07M quads,
    130 ms instead of 220 for 37k quotes). A language-tagged string's datatype is rdf:langString."""
    if datatype == RDF_LANGSTRING:
        return f"COALESCE(LANG({var}) != \"\", false)"
    condition = f"DATATYPE({var}) = {datatype.n3()}"
    if datatype in _LEXICAL:
        condition += f" && REGEX(STR({var}), {_string(_LEXICAL[datatype])})"
    if datatype in _CASTS:
        cast = f"{_CASTS[datatype]}({var})"
        condition += f" && COALESCE(sameTerm({cast}, {var}) || {cast} = {var}, false)"
    return f"COALESCE({condition}, false)"


def _shape_condition(shapes: Graph, shape: Node, var: str) -> str:
    """A SPARQL expression true when ``var`` conforms to a nested shape (an sh:or member, a qualified shape)."""
    path_node = shapes.value(shape, SH.path)
    parts = []
    if path_node is None:
        for parameter, value in _parameters(shapes, shape):
            parts.append(_value_condition(shapes, shape, parameter, value, var))
        return "(" + " && ".join(parts) + ")" if parts else "true"
    path = _path(shapes, path_node)
    for parameter, value in _parameters(shapes, shape):
        inner = _var("nested")
        if parameter == SH.minCount:
            limit = _integer(shape, parameter, value)
            if limit > 1:
                raise UnsupportedShape(f"{shape}: a nested sh:minCount above 1")
            parts.append(f"EXISTS {{ {var} {path} {inner} }}" if limit == 1 else "true")
        elif parameter == SH.maxCount and _integer(shape, parameter, value) == 0:
            parts.append(f"NOT EXISTS {{ {var} {path} {inner} }}")
        else:
            condition = _value_condition(shapes, shape, parameter, value, inner)
            parts.append(f"NOT EXISTS {{ {var} {path} {inner} . FILTER (!({condition})) }}")
    return "(" + " && ".join(parts) + ")" if parts else "true"


# --------------------------------------------------------------------------- SHACL-SPARQL


def _sparql_check(shapes: Graph, shape: Node, constraint: Node, targets: tuple[tuple[str, ...], tuple[str, ...]],
                  *, path: Node | None) -> Check:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise UnsupportedShape(f"{shape}: only SELECT-based SPARQL constraints are compiled")
    text = str(select)
    _check_this_at_top(shape, text)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _declared_prefixes(shapes, constraint))
    where = text.index("{", text.upper().index("WHERE"))
    head = text[:where].replace("$this", "?this")
    head = re.sub(r"\bSELECT\b", "SELECT DISTINCT", head, count=1, flags=re.IGNORECASE)
    group = text[where + 1 :].replace("$this", "?this")
    body = head + "{ {target} " + group
    end = _closing_brace(group)
    whole = head + "{ {target} " + _hash_joined(group[:end]) + group[end:]
    messages = _messages(shapes, constraint) or _messages(shapes, shape)
    return Check(shape, SH.SPARQLConstraintComponent, _severity(shapes, shape), messages, path, body, *targets,
                 prologue=prologue, values_first=whole)


def _check_this_at_top(shape: Node, text: str) -> None:
    """Refuse a query whose ``$this`` sits in a UNION branch, a subquery or a plain nested group: evaluated for
    all focus nodes at once, such a group is evaluated before it is joined with the focus nodes (SPARQL is
    bottom-up), so a FILTER there would not see ``$this`` bound. (NOT) EXISTS, OPTIONAL and MINUS groups
    are joined on ``?this`` or evaluated with it substituted, and are fine."""
    stack: list[str] = []  # for each open brace: "top" (the WHERE group), "exists" or "nested"
    position = text.upper().index("WHERE")
    while position < len(text):
        char = text[position]
        if char == "{":
            if text[:position].rstrip().upper().endswith(("EXISTS", "OPTIONAL", "MINUS")) or "exists" in stack:
                stack.append("exists")
            else:
                stack.append("nested" if stack else "top")
        elif char == "}" and stack:
            stack.pop()
        elif text.startswith("$this", position) and stack and stack[-1] == "nested":
            raise UnsupportedShape(f"{shape}: $this inside a UNION branch, a subquery or a plain nested group")
        position += 1


def _declared_prefixes(shapes: Graph, constraint: Node) -> Iterable[tuple[str, str]]:
    found: dict[str, str] = {}
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return sorted(found.items())


def fill_message(template: str, row: dict[str, Node | None], lang: str = "") -> str:
    """A SHACL-SPARQL message with ``{?var}`` / ``{$var}`` replaced by the row's values, numbers written for
    a reader of ``lang`` (« 1 500 000 » in French, "1,500,000" in English).

    >>> fill_message("{?value} is wrong", {"value": Literal("x")})
    'x is wrong'
    >>> fill_message("{?n} €", {"n": Literal("1500000.0", datatype=XSD.decimal)}, "fr")
    '1\u202f500\u202f000 €'
    """

    def value(match: re.Match) -> str:
        term = row.get(match.group(1))
        if term is None:
            return match.group(0)
        if isinstance(term, Literal) and term.datatype in (XSD.decimal, XSD.integer, XSD.double):
            return _number(str(term), lang)
        return str(term)

    return re.sub(r"\{[?$](\w+)\}", value, template)


def _number(text: str, lang: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    whole = number == number.to_integral_value()
    shown = f"{number:,.0f}" if whole else f"{number.normalize():,f}"
    return shown.replace(",", "\u202f").replace(".", ",") if lang == "fr" else shown


#: every (subclass, class) pair of the data, to fill :meth:`Check.query`'s lists of subclasses
SUBCLASS_QUERY = f"SELECT DISTINCT ?sub ?class WHERE {{ ?sub {RDFS_SUBCLASS}+ ?class }}"


def subclass_closure(rows: Iterable[dict[str, Node | None]]) -> dict[str, list[str]]:
    """``{class IRI: [IRIs of its subclasses]}`` from the rows of :data:`SUBCLASS_QUERY`."""
    closure: dict[str, list[str]] = {}
    for row in rows:
        sub, cls = row.get("sub"), row.get("class")
        if isinstance(sub, URIRef) and isinstance(cls, URIRef):
            closure.setdefault(str(cls), []).append(str(sub))
    return closure


__all__ = ["COMPONENTS", "SUBCLASS_QUERY", "Check", "UnsupportedShape", "compile_shapes",
           "fill_message", "subclass_closure"]
