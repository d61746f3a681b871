"""``enfance-kg ontology``: the ontology and its SKOS schemes, as Turtle or as a readable HTML page."""

from __future__ import annotations

import logging

import click
from rdflib import Graph, Literal, URIRef

from enfance_kg.namespaces import DCTERMS, RDF, RDFS, SKOS

_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
_LANGUAGE_ORDER = {"fr": 0, "en": 1}


def _import_pylode():
    """Import pyLODE without letting it configure the root logger (it sets DEBUG on import)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        from pylode import OntPub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


def _for_pylode(graph: Graph) -> Graph:
    """A copy where each term has one title naming it in every language ("Action (fr) · Action (en)").

    pyLODE shows only one title per term and would run the French and English labels
    together; definitions in both languages it lists as they are.
    """
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    # pyLODE titles the page after the last owl:Ontology or skos:ConceptScheme it meets: keep the ontology's
    copy.remove((None, RDF.type, SKOS.ConceptScheme))
    for subject in {s for p in _LABELS for s in graph.subjects(p, None)}:
        by_language: dict[str, str] = {}
        for predicate in _LABELS:
            for label in sorted(graph.objects(subject, predicate), key=str):
                if isinstance(label, Literal):
                    by_language.setdefault(label.language or "", str(label))
        if len(by_language) < 2:
            continue
        for predicate in _LABELS:
            copy.remove((subject, predicate, None))
        ordered = sorted(by_language.items(), key=lambda item: (_LANGUAGE_ORDER.get(item[0], 2), item[0]))
        title = " · ".join(f"{text} ({lang})" if lang else text for lang, text in ordered)
        copy.add((subject, DCTERMS.title, Literal(title)))
    return copy


def ontology_html() -> str:
    """The ontology rendered by pyLODE (OntPub profile) as one HTML page.

    Each term's HTML anchor is its local name (``#FundingCommitment``), so the
    ontology's IRIs point at their own documentation.
    """
    from enfance_kg.namespaces import EKG
    from enfance_kg.reference import ontology_graph

    OntPub = _import_pylode()
    graph = _for_pylode(ontology_graph())
    document = OntPub(ontology=graph)
    namespace = str(EKG)
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and subject.startswith(namespace):
            document.fids[str(subject)] = subject[len(namespace) :]
    return document.make_html()


def ontology_turtle() -> str:
    """Every Turtle file of ``ontology/`` merged into one document."""
    from enfance_kg.reference import ontology_graph

    return ontology_graph().serialize(format="turtle")


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["turtle", "html"]),
    default="turtle",
    show_default=True,
    help="turtle: every ontology/*.ttl merged; html: documentation rendered by pyLODE.",
)
def ontology(output_format: str) -> None:
    """Print the ontology: classes, properties and the SKOS schemes (axes, action types, funder kinds…).

    Exit status: 0.
    """
    click.echo(ontology_html() if output_format == "html" else ontology_turtle(), nl=False)
