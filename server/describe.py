"""The dataset described for machines: the SPARQL service description and the VoID/DCAT description.

Both are small graphs made here from the counts of the build (never stored), serialised by rdflib.
The dataset's IRI is the IRI base itself; each named graph is a subset.
"""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from enfance_kg.namespaces import DCAT, DCTERMS, EKG, ONTOLOGY_IRI, PREFIXES, RDF, SD, VOID, XSD, bind_prefixes
from server.config import ServerConfig
from server.graph import GraphView

FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads", "jsonld": "json-ld",
                  "rdfxml": "xml"}
RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "TriG", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML")
DUMPS = (("dump.nq.gz", "application/n-quads", "N-Quads"), ("dump.trig.gz", "application/trig", "TriG"))
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {"fr": "enfance-kg : la stratégie nationale de prévention et de protection de l'enfance 2020-2022",
         "en": "enfance-kg: France's national strategy for the prevention and protection of children 2020-2022"}


def _graph() -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("formats", FORMATS_NS)
    return graph


def service_description(view: GraphView, config: ServerConfig, root: str) -> Graph:
    """SPARQL 1.1 Service Description of ``{root}sparql``, with the dataset and its graphs."""
    graph = _graph()
    endpoint = URIRef(root + "sparql")
    stats = view.stats()
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    graph.add((endpoint, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    for name in RESULT_FORMAT_IRIS:
        graph.add((endpoint, SD.resultFormat, FORMATS_NS[name]))
    graph.add((endpoint, DCTERMS.description, Literal(
        f"Read-only: SPARQL Update, SERVICE and graphs from elsewhere are refused. A query runs at most "
        f"{config.timeout:g} s (503 past it) and returns at most {config.max_rows:,} rows "
        "(the X-Row-Limit header says when that cut the results).", lang="en")))
    dataset = BNode()
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(stats.triples)))
    for term, triples, _ in stats.graphs:
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(term.iri or "")))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(triples)))
    return graph


def void_description(view: GraphView, root: str) -> Graph:
    """VoID and DCAT: counts per class and per document graph, the endpoint and the dumps."""
    graph = _graph()
    stats = view.stats()
    dataset = URIRef(view.base)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for lang, text in TITLE.items():
        graph.add((dataset, DCTERMS.title, Literal(text, lang=lang)))
    graph.add((dataset, DCTERMS.license, LICENSE))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(view.base)))
    graph.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    for namespace in sorted(set(PREFIXES.values()) - {str(EKG)}):
        graph.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for predicate, value in ((VOID.triples, stats.triples), (VOID.distinctSubjects, stats.subjects),
                             (VOID.properties, stats.properties), (VOID.classes, len(stats.classes))):
        graph.add((dataset, predicate, Literal(value)))
    service = BNode()
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, URIRef(root + "sparql")))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    graph.add((service, DCAT.servesDataset, dataset))
    for file, media, label in DUMPS:
        dump = URIRef(root + file)
        graph.add((dataset, VOID.dataDump, dump))
        distribution = BNode()
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{label} dump, gzipped", lang="en")))
        graph.add((distribution, DCAT.downloadURL, dump))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + media)))
        graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        graph.add((distribution, DCTERMS.license, LICENSE))
    endpoint = BNode()
    graph.add((dataset, DCAT.distribution, endpoint))
    graph.add((endpoint, RDF.type, DCAT.Distribution))
    graph.add((endpoint, DCAT.accessURL, URIRef(root + "sparql")))
    graph.add((endpoint, DCAT.accessService, service))
    for term, entities in stats.classes:
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(term.iri or "")))
        graph.add((partition, VOID.entities, Literal(entities)))
    for term, triples, subjects in stats.graphs:
        subset = URIRef(term.iri or "")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, Literal(triples)))
        graph.add((subset, VOID.distinctSubjects, Literal(subjects)))
    built = view.runner.version().modified.astimezone(dt.UTC).replace(microsecond=0)
    graph.add((dataset, DCTERMS.modified, Literal(built.isoformat(), datatype=XSD.dateTime)))
    return graph
