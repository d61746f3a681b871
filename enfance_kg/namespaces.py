"""The vocabulary of the graph, as closed namespaces.

Every term the code writes or reads is named here. The namespaces are rdflib
``DefinedNamespace`` classes with ``_fail = True``: a misspelt term raises at
import or call time instead of quietly minting a new IRI. A test checks that
each ``EKG`` term is defined in ``ontology/`` and that every ``ekg:`` term in the
ontology is listed here.

>>> EKG.FundingCommitment
rdflib.term.URIRef('https://w3id.org/enfance-kg/ontology#FundingCommitment')
>>> SCHEMA.amount   # schema.org is bound as http://, never https://
rdflib.term.URIRef('http://schema.org/amount')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SH,
    SKOS,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)

ONTOLOGY_IRI = "https://w3id.org/enfance-kg/ontology"


class EKG(DefinedNamespace):
    """Terms of the enfance-kg ontology (``ekg:``)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes: strategy and taxonomies
    Strategy: URIRef
    StrategyAxis: URIRef
    ActionType: URIRef
    FunderKind: URIRef
    ContractKind: URIRef
    ActionStatus: URIRef
    # classes: organisations
    State: URIRef
    RegionalHealthAgency: URIRef
    DepartementCouncil: URIRef
    PMIService: URIRef
    Hospital: URIRef
    Association: URIRef
    Municipality: URIRef
    MediaOrganisation: URIRef
    OtherOrganisation: URIRef
    # classes: documents
    Document: URIRef
    PressRelease: URIRef
    NewsArticle: URIRef
    WebPage: URIRef
    # classes: facts
    Fact: URIRef
    ExtractionRule: URIRef
    Contract: URIRef
    DepartementContract: URIRef
    ContractAmendment: URIRef
    LetterOfIntent: URIRef
    Signature: URIRef
    FundingCommitment: URIRef
    NationalEnvelope: URIRef
    Action: URIRef
    Capacity: URIRef
    Observation: URIRef

    # properties: reference data and organisations
    article: URIRef
    funderKind: URIRef
    strategy: URIRef
    axis: URIRef
    typicalAudience: URIRef
    # properties: documents
    documentKind: URIRef
    fileName: URIRef
    text: URIRef
    sha256: URIRef
    fileSha256: URIRef
    concernsDepartement: URIRef
    focusDepartement: URIRef
    nearDuplicateOf: URIRef
    # properties: evidence
    sourceDocument: URIRef
    evidence: URIRef
    quote: URIRef
    extractionRule: URIRef
    # properties: people
    roleLabel: URIRef
    post: URIRef
    # properties: contracts and signatures
    contractKind: URIRef
    party: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    signedContract: URIRef
    signatureDate: URIRef
    signatory: URIRef
    # properties: funding
    recipient: URIRef
    recipientDepartement: URIRef
    perYear: URIRef
    numberOfYears: URIRef
    period: URIRef
    # properties: actions
    actionType: URIRef
    actionStatus: URIRef
    partner: URIRef
    capacity: URIRef
    places: URIRef
    # properties: indicators
    unit: URIRef
    refYear: URIRef


class SCHEMA(DefinedNamespace):
    """The schema.org terms used, in their ``http://`` form."""

    _fail = True
    _NS = Namespace("http://schema.org/")

    Action: URIRef
    CreativeWork: URIRef
    MonetaryAmount: URIRef
    MonetaryGrant: URIRef
    NewsArticle: URIRef
    Observation: URIRef
    Organization: URIRef
    PeopleAudience: URIRef
    Person: URIRef
    WebPage: URIRef
    amount: URIRef
    audience: URIRef
    currency: URIRef
    funder: URIRef
    maxValue: URIRef
    minValue: URIRef
    suggestedMaxAge: URIRef
    suggestedMinAge: URIRef
    validFrom: URIRef
    validThrough: URIRef
    value: URIRef


class IGEO(DefinedNamespace):
    """INSEE's geographic ontology."""

    _fail = True
    _NS = Namespace("http://rdf.insee.fr/def/geo#")

    Departement: URIRef
    Region: URIRef
    Pays: URIRef
    codeINSEE: URIRef
    subdivisionDirecteDe: URIRef


class CV(DefinedNamespace):
    """The EU Core Public Organisation vocabulary."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/m8g/")

    PublicOrganisation: URIRef


class OA(DefinedNamespace):
    """The Web Annotation vocabulary, for evidence."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    end: URIRef
    exact: URIRef
    hasBody: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    prefix: URIRef
    start: URIRef
    suffix: URIRef


class FRAPO(DefinedNamespace):
    """The Funding, Research Administration and Projects Ontology."""

    _fail = True
    _NS = Namespace("http://purl.org/cerif/frapo/")

    Contract: URIRef


class SPDX(DefinedNamespace):
    """SPDX 2.3 terms, where DCAT takes its checksums from (alignment targets only)."""

    _fail = True
    _NS = Namespace("http://spdx.org/rdf/terms#")

    checksum: URIRef


class EPO(DefinedNamespace):
    """The EU eProcurement ontology (alignment targets only)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/a4g/ontology#")

    Contract: URIRef


class SDMX_DIMENSION(DefinedNamespace):
    """SDMX dimensions for observations."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")

    refArea: URIRef
    refPeriod: URIRef


class SDMX_MEASURE(DefinedNamespace):
    """SDMX measures for observations."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")

    obsValue: URIRef


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Prefixes bound in every serialisation and offered to every query.
PREFIXES: dict[str, str] = {
    "ekg": str(EKG),
    "schema": str(SCHEMA),
    "igeo": str(IGEO),
    "cv": str(CV),
    "oa": str(OA),
    "frapo": str(FRAPO),
    "epo": str(EPO),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "org": str(ORG),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sd": str(SD),
    "qb": str(QB),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "vann": str(VANN),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


__all__ = [
    "CV", "DCAT", "DCTERMS", "EKG", "EPO", "FOAF", "FRAPO", "IGEO", "OA", "ONTOLOGY_IRI", "ORG", "OWL",
    "PREFIXES", "PROV", "QB", "RDF", "RDFS", "SCHEMA", "SD", "SDMX_DIMENSION", "SDMX_MEASURE", "SH", "SKOS",
    "SPDX", "VANN", "VOID", "XSD", "bind_prefixes",
]
