"""Reference data the extractor reads once: départements and the action-type scheme.

The départements come from the reference file shipped with the ontology; the action
types from the SKOS concepts of the ontology files (labels, axis, broader type, typical
audience). Both are parsed once per process and cached; adding a concept to
``ontology/action-types.ttl`` is enough for the extractor to find it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from enfance_kg import reference
from enfance_kg.namespaces import EKG, SCHEMA

from .text import content_tokens
from .vocabulary import words


# typeLiaison → the article the name takes: 0 none, 1 none (elided "d'"), 2 le, 3 la, 4 les, 5 l'
@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    region: str
    article: str
    ambiguous: bool


@lru_cache(maxsize=1)
def departements() -> tuple[Departement, ...]:
    """The 101 départements (metropolitan and overseas), with their article and whether the name is ambiguous."""
    ambiguous = frozenset(words("places", "ambiguous_names"))
    return tuple(
        Departement(
            code=d["code"],
            name=d["name"],
            region=d["region"],
            article=d["article"] or "",
            ambiguous=d["name"] in ambiguous,
        )
        for d in reference.departements()
    )


@lru_cache(maxsize=1)
def departements_by_code() -> dict[str, Departement]:
    return {d.code: d for d in departements()}


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """Région code → name."""
    return {r["code"]: r["name"] for r in reference.regions()}


@dataclass(frozen=True)
class Label:
    """A label of an action type as tokens; a gapped label has several parts (``a … b``)."""

    parts: tuple[tuple[str, ...], ...]
    text: str

    @property
    def gapped(self) -> bool:
        return len(self.parts) > 1


@dataclass(frozen=True)
class ActionType:
    key: str  # last segment of the concept IRI
    iri: str
    pref_label: str
    axis: int | None
    broader: str | None
    labels: tuple[Label, ...]
    audience: tuple[Decimal | None, Decimal | None] | None


def _label(text: str) -> Label | None:
    parts = []
    for piece in re.split(r"\s*(?:…|\.\.\.)\s*", text):
        tokens = tuple(t.norm for t in content_tokens(piece))
        if tokens:
            parts.append(tokens)
    return Label(tuple(parts), text) if parts else None


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology files, parsed once per process."""
    return reference.ontology_graph()


@lru_cache(maxsize=1)
def action_types() -> tuple[ActionType, ...]:
    """Every ``ekg:ActionType`` concept of the ontology files, sorted by key."""
    graph = ontology_graph()
    types = []
    for concept in set(graph.subjects(RDF.type, EKG.ActionType)):
        if not isinstance(concept, URIRef):
            continue
        key = str(concept).rstrip("/").rsplit("/", 1)[-1]
        pref = next(
            (str(o) for o in graph.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == "fr"), key
        )
        labels = []
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for literal in graph.objects(concept, prop):
                if getattr(literal, "language", None) in ("fr", None):
                    label = _label(str(literal))
                    if label is not None:
                        labels.append(label)
        axis_iri = next(iter(graph.objects(concept, EKG.axis)), None)
        axis = int(str(axis_iri).rstrip("/").rsplit("/", 1)[-1]) if axis_iri is not None else None
        broader_iri = next(iter(graph.objects(concept, SKOS.broader)), None)
        broader = str(broader_iri).rstrip("/").rsplit("/", 1)[-1] if broader_iri is not None else None
        audience = None
        audience_node = next(iter(graph.objects(concept, EKG.typicalAudience)), None)
        if audience_node is not None:
            low = next(iter(graph.objects(audience_node, SCHEMA.suggestedMinAge)), None)
            high = next(iter(graph.objects(audience_node, SCHEMA.suggestedMaxAge)), None)
            audience = (
                Decimal(str(low)) if low is not None else None,
                Decimal(str(high)) if high is not None else None,
            )
        types.append(
            ActionType(
                key=key,
                iri=str(concept),
                pref_label=pref,
                axis=axis,
                broader=broader,
                labels=tuple(sorted(set(labels), key=lambda lab: lab.text)),
                audience=audience,
            )
        )
    return tuple(sorted(types, key=lambda t: t.key))


@lru_cache(maxsize=1)
def action_types_by_key() -> dict[str, ActionType]:
    return {t.key: t for t in action_types()}
