"""The ontology: it parses, matches the closed namespaces, documents every term in French and English,
publishes its metadata, holds the SKOS schemes, and renders as HTML."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DefinedNamespaceMeta

from enfance_kg import namespaces
from enfance_kg.commands.ontology import ontology as ontology_command
from enfance_kg.iris import Iris, slug
from enfance_kg.namespaces import DCTERMS, EKG, ONTOLOGY_IRI, OWL, PREFIXES, RDF, RDFS, SH, SKOS, VANN, XSD
from enfance_kg.reference import ontology_graph, reference_graph
from enfance_kg.resources import ontology_files, shape_files
from enfance_kg.validation import shapes_graph

IRIS = Iris()
EKG_NS = str(EKG)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _terms(graph: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if str(s).startswith(EKG_NS)}


def test_every_ontology_file_parses():
    names = [f.name for f in ontology_files()]
    assert "enfance-kg.ttl" in names and "schemes.ttl" in names
    for source in ontology_files():
        assert len(Graph().parse(data=source.read_text(encoding="utf-8"), format="turtle")) > 0, source.name


def test_namespace_and_ontology_define_the_same_terms(onto):
    declared = {EKG[name] for name in EKG.__annotations__}
    defined = _terms(onto)
    assert declared - defined == set(), "in namespaces.py but not defined in the ontology"
    assert defined - declared == set(), "defined in the ontology but missing from namespaces.py"
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(EKG_NS)}
    assert used - declared == set(), "ekg: terms used in ontology/ but not declared"


def test_every_term_has_labels_and_definitions_in_french_and_english(onto):
    for term in sorted(_terms(onto)):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}
            assert {"fr", "en"} <= langs, f"{term}: {prop} needs @fr and @en, has {langs}"


def test_every_property_has_a_range_and_classes_are_aligned(onto):
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):  # ours: other vocabularies' are only declared
        for prop in (p for p in onto.subjects(RDF.type, kind) if p.startswith(str(EKG))):
            assert onto.value(prop, RDFS.range) is not None, f"{prop}: no rdfs:range"
    supers = {
        "Document": "http://schema.org/CreativeWork",
        "FundingCommitment": "http://schema.org/MonetaryGrant",
        "Action": "http://schema.org/Action",
        "Observation": "http://purl.org/linked-data/cube#Observation",
        "Contract": "http://purl.org/cerif/frapo/Contract",
        "State": "http://data.europa.eu/m8g/PublicOrganisation",
        "DepartementCouncil": "http://www.w3.org/ns/org#FormalOrganization",
        "Fact": "http://www.w3.org/ns/prov#Entity",
    }
    for local, parent in supers.items():
        assert (EKG[local], RDFS.subClassOf, URIRef(parent)) in onto, local
    assert (EKG.Contract, SKOS.closeMatch, URIRef("http://data.europa.eu/a4g/ontology#Contract")) in onto


def test_ontology_header(onto):
    node = URIRef(ONTOLOGY_IRI)
    assert (node, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(node, OWL.versionIRI)).startswith(ONTOLOGY_IRI + "/")
    assert onto.value(node, OWL.versionInfo) is not None
    assert onto.value(node, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(node, VANN.preferredNamespacePrefix) == Literal("ekg")
    assert str(onto.value(node, VANN.preferredNamespaceUri)) == EKG_NS
    for prop in (DCTERMS.creator, DCTERMS.created, DCTERMS.modified):
        assert onto.value(node, prop) is not None, prop
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in onto.objects(node, prop)} == {"fr", "en"}, prop


# --------------------------------------------------------------------------- terms from other vocabularies


def _closed_namespaces() -> dict[str, DefinedNamespaceMeta]:
    """Every closed namespace the project knows, by IRI."""
    found = {}
    for value in vars(namespaces).values():
        if isinstance(value, DefinedNamespaceMeta):
            found[str(value)] = value
    return found


CLOSED = _closed_namespaces()
#: vocabularies whose terms we link to but have no closed namespace for
OPEN = ("https://w3id.org/enfance-kg/", "https://creativecommons.org/", "https://example.org/")


def _check_defined(term: URIRef, onto: Graph) -> str | None:
    text = str(term)
    if text.startswith(EKG_NS):
        return None if term in _terms(onto) else f"{text} is not defined in the ontology"
    for base, namespace in CLOSED.items():
        if text.startswith(base) and text != base:
            return None if term in namespace else f"{text} is not a term of {base}"
    if text.startswith(OPEN):
        return None
    return f"{text} belongs to no known vocabulary"


def test_terms_used_in_the_ontology_are_defined(onto):
    problems = set()
    for triple in onto:
        for term in triple:
            if isinstance(term, URIRef):
                problems.add(_check_defined(term, onto))
            elif isinstance(term, Literal) and term.datatype:
                problems.add(_check_defined(term.datatype, onto))
    problems.discard(None)
    assert not problems, sorted(problems)


def test_terms_used_in_the_shapes_are_defined(onto):
    shapes = shapes_graph()
    known_nodes = set(onto.subjects()) | set(reference_graph(IRIS).subjects())
    problems = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and not str(term).startswith("https://w3id.org/enfance-kg/shapes#"):
                if str(term).startswith(IRIS.base + "id/"):
                    if term not in known_nodes:
                        problems.add(f"{term} is not in the ontology's schemes or the reference data")
                else:
                    problems.add(_check_defined(term, onto))
            elif isinstance(term, Literal) and term.datatype and term.datatype != XSD.anyURI:
                problems.add(_check_defined(term.datatype, onto))
    # prefixed names inside the SHACL-SPARQL queries
    for text in shapes.objects(None, SH.select):
        for prefix, local in re.findall(r"\b([a-z][a-z-]*):([A-Za-z][A-Za-z0-9_]*)\b", str(text)):
            if prefix in PREFIXES:
                problems.add(_check_defined(URIRef(PREFIXES[prefix] + local), onto))
    problems.discard(None)
    assert not problems, sorted(problems)
    assert len(shape_files()) >= 4


# --------------------------------------------------------------------------- SKOS schemes

AXES = {
    "1": "Agir le plus précocement possible pour répondre aux besoins des enfants et de leurs familles",
    "2": "Sécuriser les parcours des enfants protégés et prévenir les ruptures",
    "3": "Donner aux enfants les moyens d'agir et garantir leurs droits",
    "4": "Préparer leur avenir et sécuriser leur vie d'adulte",
}


def test_axes_have_their_official_wording(onto):
    scheme = IRIS.scheme("axes")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    for notation, wording in AXES.items():
        axis = IRIS.concept("axis", notation)
        assert (axis, RDF.type, EKG.StrategyAxis) in onto
        assert onto.value(axis, SKOS.notation) == Literal(notation)
        assert Literal(wording, lang="fr") in set(onto.objects(axis, SKOS.prefLabel))
        assert any(o.language == "en" for o in onto.objects(axis, SKOS.prefLabel))
        assert (axis, SKOS.topConceptOf, scheme) in onto and (scheme, SKOS.hasTopConcept, axis) in onto
        assert onto.value(axis, EKG.strategy) == IRIS.strategy()
    assert set(onto.subjects(RDF.type, EKG.StrategyAxis)) == {IRIS.concept("axis", n) for n in AXES}
    # the strategy itself is reference data, not a term: the reference graph describes it
    assert (IRIS.strategy(), RDF.type, EKG.Strategy) in reference_graph(IRIS)


@pytest.mark.parametrize(
    ("item", "scheme", "cls", "notations"),
    [
        ("funder-kind", "funder-kinds", EKG.FunderKind, {"state", "ars", "department", "other"}),
        ("contract-kind", "contract-kinds", EKG.ContractKind, {"contract", "amendment", "letter_of_intent"}),
        ("action-status", "action-statuses", EKG.ActionStatus, {"existing", "ongoing", "planned", "funded"}),
    ],
)
def test_small_schemes(onto, item, scheme, cls, notations):
    members = set(onto.subjects(RDF.type, cls))
    assert members == {IRIS.concept(item, n) for n in notations}
    for concept in members:
        assert onto.value(concept, SKOS.inScheme) == IRIS.scheme(scheme)
        # the IRI's key is the notation as a lower-case hyphenated slug (letter_of_intent: letter-of-intent)
        assert slug(str(onto.value(concept, SKOS.notation))) == str(concept).rsplit("/", 1)[1]
        assert {o.language for o in onto.objects(concept, SKOS.prefLabel)} >= {"fr", "en"}


def test_action_types_scheme_is_declared(onto):
    assert (IRIS.scheme("action-types"), RDF.type, SKOS.ConceptScheme) in onto


# --------------------------------------------------------------------------- the command


def test_ontology_command_prints_turtle(onto):
    result = CliRunner().invoke(ontology_command, [])
    assert result.exit_code == 0, result.output
    printed = Graph().parse(data=result.output, format="turtle")
    assert len(printed) == len(onto)


def test_ontology_html_shows_every_term_in_french_and_english(onto, printed_page):
    page = printed_page
    assert page.lstrip().lower().startswith("<!doctype html>")
    for term in sorted(_terms(onto)):
        local = str(term)[len(EKG_NS) :]
        match = re.search(rf'id="{re.escape(local)}">\s*<h3>(.*?)\s*<sup', page, re.S)
        assert match, f"{local}: no section with the term's local name as anchor"
        title = match.group(1)
        for lang in ("fr", "en"):
            label = next(str(o) for o in onto.objects(term, RDFS.label) if o.language == lang)
            escaped = label.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")
            assert f"{label} ({lang})" in title or f"{escaped} ({lang})" in title, (local, lang, title)


@pytest.fixture(scope="module")
def printed_page() -> str:
    """What ``enfance-kg ontology --format html`` prints, rendered once for the module's tests."""
    result = CliRunner().invoke(ontology_command, ["--format", "html"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def page(printed_page) -> str:
    return html.unescape(printed_page)


def test_ontology_html_names_schema_org_with_its_own_prefix(page):
    assert "schema:Action" in page and "schema1:" not in page


def test_ontology_html_lists_every_concept_of_the_schemes(onto, page):
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        assert f'id="{str(scheme).rsplit("/id/", 1)[1].replace("/", "-")}"' in page, scheme
        for concept in onto.subjects(SKOS.inScheme, scheme):
            row = re.search(rf'<tr id="{re.escape(str(concept).rsplit("/id/", 1)[1].replace("/", "-"))}">(.*?)</tr>',
                            page, re.S)
            assert row, concept
            for label in onto.objects(concept, SKOS.prefLabel):
                assert str(label) in row.group(1), (concept, label)
    axes = re.findall(r'<tr id="axis-(\d)">', page)
    assert axes == ["1", "2", "3", "4"]


def test_ontology_html_puts_french_first_and_terms_in_alphabetical_order(onto, page):
    titles = re.findall(r'<div class="property entity" id="[A-Za-z0-9]+">\s*<h3>(.*?)\s*<sup', page, re.S)
    assert len(titles) == len(_terms(onto))
    assert all(t.index("(fr)") < t.index("(en)") for t in titles)
    sections = re.findall(r'<div class="section" id="(\w+)">(.*?)(?=<div class="section"|<div id="namespaces")', page,
                          re.S)
    for name, body in sections:
        heads = re.findall(r'<div class="property entity" id="[A-Za-z0-9]+">\s*<h3>(.*?)\s*<sup', body, re.S)
        assert heads == sorted(heads, key=_folded), name
    # each definition pair: the French one comes first
    action = re.search(r'id="Action">(.*?)</table>', page, re.S).group(1)
    assert action.index("Une mesure") < action.index("A measure")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
