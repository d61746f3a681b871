"""``enfance-kg ontology``: the ontology and its SKOS schemes, as Turtle or as a readable HTML page.

The HTML page is pyLODE's (OntPub profile) for the classes and properties, with the project's
prefixes (``schema:`` is ``http://schema.org/``), each term titled in French then English
("Action (fr) · Action (en)"), definitions in that order too, terms in alphabetical order of their
titles, and a section pyLODE does not make: the SKOS schemes (the axes, the action types with their
labels, the funder kinds, contract kinds and action statuses) with every concept.
"""

from __future__ import annotations

import html
import logging
import unicodedata
from collections.abc import Iterable

import click
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from enfance_kg.namespaces import DCTERMS, EKG, OWL, RDF, RDFS, SKOS, bind_prefixes

_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
_LANGUAGE_ORDER = {"fr": 0, "en": 1}
_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


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


def _language_key(term: Node) -> tuple[int, str, str]:
    language = term.language or "" if isinstance(term, Literal) else ""
    return _LANGUAGE_ORDER.get(language, 2), language, str(term)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def title(graph: Graph, subject: Node) -> str:
    """Every language's label of ``subject``, French first: "Action (fr) · Action (en)"."""
    by_language: dict[str, str] = {}
    for predicate in _LABELS:
        for label in sorted(graph.objects(subject, predicate), key=_language_key):
            if isinstance(label, Literal):
                by_language.setdefault(label.language or "", str(label))
    ordered = sorted(by_language.items(), key=lambda item: (_LANGUAGE_ORDER.get(item[0], 2), item[0]))
    if len(ordered) == 1:
        return ordered[0][1]
    return " · ".join(f"{text} ({lang})" if lang else text for lang, text in ordered)


def _for_pylode(graph: Graph) -> Graph:
    """The copy pyLODE renders: our terms only, one title each, French before English, in title order.

    pyLODE lists terms and values in the order the graph holds them (rdflib keeps insertion
    order), so the copy is written subject by subject in alphabetical order of their titles, each
    subject's values French first. The other vocabularies' declarations (kept in the ontology for
    OWL 2 DL tools) and the SKOS schemes (a section of their own) are left out; pyLODE titles the
    page after the last owl:Ontology or skos:ConceptScheme it meets, so only the ontology keeps it.
    """
    copy = Graph(bind_namespaces="none")
    bind_prefixes(copy)
    foreign = {s for kind in _DECLARATIONS for s in graph.subjects(RDF.type, kind) if not str(s).startswith(str(EKG))}
    titles: dict[Node, str] = {s: title(graph, s) for s in set(graph.subjects()) if isinstance(s, URIRef)}
    for subject in sorted(set(graph.subjects()), key=lambda s: (_fold(titles.get(s, "") or str(s)), str(s))):
        if subject in foreign or (subject, RDF.type, SKOS.ConceptScheme) in graph:
            continue
        merged = any(True for p in _LABELS for _ in graph.objects(subject, p)) and " · " in titles.get(subject, "")
        for predicate in sorted(set(graph.predicates(subject)), key=str):
            if merged and predicate in _LABELS:
                continue
            for value in sorted(graph.objects(subject, predicate), key=_language_key):
                copy.add((subject, predicate, value))
        if merged:
            copy.add((subject, DCTERMS.title, Literal(titles[subject])))
    return copy


def _cell(values: Iterable[Node]) -> str:
    return "<br>".join(html.escape(str(v)) for v in sorted(values, key=_language_key))


def _anchor(node: Node) -> str:
    return html.escape(str(node).rsplit("/id/", 1)[-1].replace("/", "-").replace("#", "-"))


def schemes_html(graph: Graph) -> tuple[str, str]:
    """The SKOS schemes section and its table-of-contents entry: every scheme and each of its concepts."""
    schemes = sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=lambda s: _fold(title(graph, s)))
    body = ['<div class="section" id="schemes"><h2>SKOS schemes</h2>']
    toc = ['<li><h4><a href="#schemes">SKOS schemes</a></h4><ul class="second">']
    for scheme in schemes:
        concepts = list(graph.subjects(SKOS.inScheme, scheme))
        notations = {c: str(graph.value(c, SKOS.notation) or "") for c in concepts}
        numeric = bool(concepts) and all(n.isdigit() for n in notations.values())
        concepts.sort(key=lambda c: (int(notations[c]),) if numeric else (_fold(title(graph, c)),))
        heading = html.escape(title(graph, scheme))
        body.append(f'<div class="property entity" id="{_anchor(scheme)}"><h3>{heading}</h3>'
                    f"<p><code>{html.escape(str(scheme))}</code></p>")
        body.append(f"<p>{_cell(graph.objects(scheme, SKOS.definition))}</p>")
        body.append("<table><tr><th>IRI</th><th>notation</th><th>label (fr)</th><th>label (en)</th>"
                    "<th>other labels (fr)</th><th>axis</th><th>definition (fr, en)</th></tr>")
        for concept in concepts:
            labels = {lang: [o for o in graph.objects(concept, SKOS.prefLabel)
                             if isinstance(o, Literal) and o.language == lang]
                      for lang in ("fr", "en")}
            axis = graph.value(concept, EKG.axis)
            body.append(
                f'<tr id="{_anchor(concept)}"><td><code>{html.escape(str(concept).rsplit("/id/", 1)[-1])}</code></td>'
                f"<td>{html.escape(notations[concept])}</td><td>{_cell(labels['fr'])}</td><td>{_cell(labels['en'])}</td>"
                f"<td>{_cell(graph.objects(concept, SKOS.altLabel))}</td>"
                f"<td>{html.escape(str(graph.value(axis, SKOS.notation) or '')) if axis is not None else ''}</td>"
                f"<td>{_cell(graph.objects(concept, SKOS.definition))}</td></tr>")
        body.append("</table></div>")
        toc.append(f'<li><a href="#{_anchor(scheme)}">{heading}</a></li>')
    body.append("</div>")
    toc.append("</ul></li>")
    return "\n".join(body), "\n".join(toc)


def ontology_html() -> str:
    """The ontology rendered by pyLODE (OntPub profile) as one HTML page, with its SKOS schemes.

    Each term's HTML anchor is its local name (``#FundingCommitment``), so the ontology's IRIs
    point at their own documentation; a concept's is its path (``#axis-1``, ``#action-type-aemo``).
    """
    from enfance_kg.reference import ontology_graph

    OntPub = _import_pylode()
    full = ontology_graph()
    graph = _for_pylode(full)
    document = OntPub(ontology=graph)
    namespace = str(EKG)
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and subject.startswith(namespace):
            document.fids[str(subject)] = subject[len(namespace) :]
    page = document.make_html()
    section, toc = schemes_html(full)
    page = page.replace('<div id="namespaces">', section + '\n<div id="namespaces">', 1)
    return page.replace('<li>\n          <h4>\n            <a href="#namespaces">', toc + '\n<li>\n          <h4>\n'
                        '            <a href="#namespaces">', 1)


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
    help="turtle: every ontology/*.ttl merged; html: documentation rendered by pyLODE, with the SKOS schemes.",
)
def ontology(output_format: str) -> None:
    """Print the ontology: classes, properties and the SKOS schemes (axes, action types, funder kinds…).

    Exit status: 0.
    """
    click.echo(ontology_html() if output_format == "html" else ontology_turtle(), nl=False)
