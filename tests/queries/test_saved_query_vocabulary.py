"""Every saved query speaks the project's vocabulary: no misspelt or invented term.

The query is parsed with rdflib's SPARQL parser (so it also runs outside pyoxigraph),
and every IRI in its algebra must be a term of a closed namespace: ``ekg:`` terms of
``namespaces.EKG``, the other vocabularies of ``namespaces.py`` or rdflib's closed
namespaces, or a resource under the project's base.
"""

from __future__ import annotations

import pytest
from rdflib.namespace import DefinedNamespace
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import URIRef

from enfance_kg import namespaces, saved_queries
from enfance_kg.iris import DEFAULT_BASE

CLOSED: list[type[DefinedNamespace]] = [
    v for v in vars(namespaces).values() if isinstance(v, type) and issubclass(v, DefinedNamespace)
    and v is not DefinedNamespace
]


def _known(iri: str) -> bool:
    if iri.startswith(DEFAULT_BASE) and not iri.startswith(str(namespaces.EKG)):
        return True  # a resource of the graph (an axis, a funder kind…), not a term
    # the bare namespace IRI is allowed too, as in STRSTARTS(STR(?type), STR(ekg:))
    for ns in CLOSED:
        base = str(ns._NS)
        if iri.startswith(base):
            name = iri[len(base):]
            return name == "" or name in ns.__annotations__ or name in getattr(ns, "_extras", ())
    return False


def _iris(node, found: set[str]) -> set[str]:
    if isinstance(node, URIRef):
        found.add(str(node))
    elif isinstance(node, dict):
        for value in node.values():
            _iris(value, found)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            _iris(value, found)
    elif hasattr(node, "items"):
        for value in node.values():
            _iris(value, found)
    return found


@pytest.mark.parametrize("name", saved_queries.names())
def test_query_uses_only_defined_terms(name):
    parsed = prepareQuery(saved_queries.get(name).text)
    iris = _iris(parsed.algebra, set())
    assert iris, f"{name}: no IRI found in the parsed query"
    unknown = sorted(i for i in iris if not _known(i))
    assert unknown == [], f"{name} uses terms no vocabulary defines: {unknown}"


def test_a_misspelt_term_is_caught():
    assert not _known(str(namespaces.EKG) + "fundingContracts")
    assert not _known("http://schema.org/ammount")
    assert _known(str(namespaces.SCHEMA.amount)) and _known(str(namespaces.SKOS.notation))
