"""Values for the variables of ad-hoc SPARQL, typed as the graph types them.

A saved query declares its parameters' types in its header. Ad-hoc SPARQL
(``kg.sparql(text, c="92")``, ``enfance-kg query --sparql … --param c=92``, a ``.rq`` file with
no header) does not, and a value bound with the wrong datatype silently matches nothing: the
graph holds INSEE codes as ``xsd:token``, years as ``xsd:gYear``, dates as ``xsd:date``. So the
type of a value is found, in this order:

1. given: an rdflib term is bound as it is; ``name:type=value`` on the command line names one of
   the parameter types of saved queries (``c:departement-code=92``);
2. from the graph: when the query uses the variable as the object of a predicate
   (``?d igeo:codeINSEE ?c``), the value takes the datatype (or language, or IRI-ness) of that
   predicate's objects in the store;
3. from the value: a Python ``int`` is an ``xsd:integer``, a ``datetime.date`` an ``xsd:date``,
   a ``bool`` an ``xsd:boolean``, a ``Decimal`` or ``float`` an ``xsd:decimal``, a ``str`` a plain
   string; text typed on the command line is read for what it looks like (an IRI, an integer, a
   decimal, a date, ``true``/``false``, else a string).

>>> from rdflib import Literal, URIRef
>>> object_predicates("SELECT ?d ?c WHERE { ?d igeo:codeINSEE ?c ; a ?t }", "c")
['http://rdf.insee.fr/def/geo#codeINSEE']
>>> from_samples("c", 92, [Literal("77", datatype=XSD.token)])
rdflib.term.Literal('92', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#token'))
>>> from_value("2022-03-14", from_text=True)
rdflib.term.Literal('2022-03-14', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg.errors import QueryError
from enfance_kg.namespaces import PREFIXES, RDF, XSD
from enfance_kg.saved_queries import PARAM_TYPES, Param, strip_comments_and_strings

#: the parameter type that converts a value to each datatype found in the graph
_DATATYPE_TYPES = {
    XSD.date: "date", XSD.gYear: "year", XSD.boolean: "boolean", XSD.decimal: "decimal",
    XSD.integer: "integer", XSD.int: "integer", XSD.long: "integer", XSD.nonNegativeInteger: "integer",
}
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BEFORE_VARIABLE = r"(<[^<>\s]*>|(?<![?$\w])(?:[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]+|a))\s+[?$]{name}\b"
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ABSOLUTE_IRI = re.compile(r"^(?:https?|urn|mailto|file):[^\s<>\"{}|\\^`]+$")

Sampler = Callable[[Sequence[str]], Sequence[Node]]


def object_predicates(text: str, variable: str) -> list[str]:
    """The IRIs of the predicates whose object is ``?variable`` in the query text (``a`` is ``rdf:type``).

    Prefixed names are resolved with the query's own ``PREFIX`` lines and the project's prefixes;
    for a path (``ekg:recipientDepartement/igeo:codeINSEE ?c``) the last step counts.
    """
    code = strip_comments_and_strings(text, keep_iris=True)
    prefixes = dict(PREFIXES)
    prefixes.update({(m.group(1) or ""): m.group(2) for m in _PREFIX_DECL.finditer(code)})
    found: list[str] = []
    for match in re.finditer(_BEFORE_VARIABLE.format(name=re.escape(variable)), code):
        token = match.group(1)
        if token == "a":
            iri = str(RDF.type)
        elif token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local
        if iri not in found:
            found.append(iri)
    return found


def typed(name: str, type_name: str, value: Any) -> Node:
    """``name:type=value``: the value converted by one of the saved queries' parameter types."""
    if type_name not in PARAM_TYPES or type_name == "enum":
        types = ", ".join(t for t in PARAM_TYPES if t != "enum")
        raise QueryError(f"--param {name}:{type_name}: unknown type {type_name!r} (types: {types})")
    return Param(name=name, type=type_name, variable=name).to_term(value)


def from_samples(name: str, value: Any, samples: Sequence[Node]) -> Node | None:
    """The term for ``value`` typed like ``samples`` (objects found in the graph), ``None`` without samples."""
    if not samples:
        return None
    if all(isinstance(s, URIRef) for s in samples):
        text = str(value).strip()
        if not _ABSOLUTE_IRI.match(text):
            raise QueryError(f"?{name} is compared with IRIs in the graph; {text!r} is not an absolute IRI")
        return URIRef(text)
    literals = [s for s in samples if isinstance(s, Literal)]
    if not literals:
        return None
    (datatype, language), _ = Counter((s.datatype, s.language) for s in literals).most_common(1)[0]
    if language:
        return Literal(str(value), lang=language)
    kind = _DATATYPE_TYPES.get(datatype) if datatype is not None else None
    if kind is not None:
        return Param(name=name, type=kind, variable=name).to_term(value)
    text = str(value).strip() if not isinstance(value, str) else value
    return Literal(text, datatype=datatype) if datatype not in (None, XSD.string) else Literal(text)


def from_value(value: Any, *, from_text: bool = False) -> Node:
    """The term a Python value (or, ``from_text``, a value typed on the command line) stands for."""
    if isinstance(value, (URIRef, Literal)):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, (Decimal, float)):
        return Literal(Decimal(repr(value)) if isinstance(value, float) else value)
    text = str(value)
    if from_text:
        if _ABSOLUTE_IRI.match(text):
            return URIRef(text)
        if text.lower() in ("true", "false"):
            return Literal(text.lower() == "true")
        if _INTEGER.match(text):
            return Literal(int(text))
        if _DECIMAL.match(text):
            return Literal(Decimal(text))
        if _DATE.match(text):
            return Param(name="value", type="date", variable="value").to_term(text)
    return Literal(text)


def bind(text: str, values: Mapping[str, Any], sample: Sampler, *, from_text: bool = False,
         types: Mapping[str, str] | None = None) -> dict[str, Node]:
    """``{variable: term}`` for ad-hoc SPARQL: each value given a type, from the graph, or from itself."""
    bound: dict[str, Node] = {}
    for name, value in values.items():
        if types and name in types:
            bound[name] = typed(name, types[name], value)
        elif isinstance(value, (URIRef, Literal)):
            bound[name] = value
        else:
            predicates = object_predicates(text, name)
            term = from_samples(name, value, sample(predicates)) if predicates else None
            bound[name] = term if term is not None else from_value(value, from_text=from_text)
    return bound
