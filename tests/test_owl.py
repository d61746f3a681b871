"""The ontology as an OWL editor and a linked-data consumer meet it.

- it is in the OWL 2 DL profile, as the OWL API's ``OWL2DLProfile`` checks it (``tests/owl_profile.py``);
- HermiT (owlready2's copy, run on Java) loads it with no error and finds it consistent, every class
  satisfiable;
- every term it declares is used by the data built from our documents or by its own schemes;
- its header's metadata is typed as the data types the same properties;
- every term of another vocabulary that it or the data uses exists in that vocabulary, as a class or
  a property as it is used (rdflib's closed namespaces, or the term lists of ``tests/vocabularies/``).

The Java tools need a Java runtime: ``.ci/run`` installs Debian's ``default-jre-headless`` when
``java`` is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, VANN, VOID, XSD

from enfance_kg import namespaces
from enfance_kg import store as kg_store
from enfance_kg.namespaces import EKG, ONTOLOGY_IRI
from enfance_kg.reference import ontology_graph

ROOT = Path(__file__).resolve().parents[1]
VOCABULARIES = ROOT / "tests" / "vocabularies"
CLASS_KINDS = {OWL.Class, RDFS.Class}
#: rdflib's closed namespaces, generated from those vocabularies' own files
SHIPPED = (ORG, PROV, SKOS, DCTERMS, FOAF, QB, VANN, DCAT, VOID)
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail("no `java` on the PATH: install a Java runtime (.ci/run installs default-jre-headless)")
    return java


@pytest.fixture(scope="module")
def owl_file(tmp_path_factory) -> Path:
    """The ontology, every ``ontology/*.ttl`` merged, as RDF/XML (what the OWL API and owlready2 read best)."""
    path = tmp_path_factory.mktemp("owl") / "enfance-kg.owl"
    ontology_graph().serialize(path, format="xml")
    return path


def _profile(path: Path) -> subprocess.CompletedProcess:
    _java()
    return subprocess.run([sys.executable, "-m", "tests.owl_profile", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _hermit(path: Path):
    """The owlready2 world after HermiT ran on ``path``; HermiT's errors are raised."""
    import owlready2

    _java()
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, debug=0)
    return world


def test_the_ontology_is_in_the_owl2_dl_profile(owl_file):
    result = _profile(owl_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_the_profile_check_catches_what_owl2_dl_forbids(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("""
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        <urn:o> a owl:Ontology .
        <urn:p> a owl:DatatypeProperty ; rdfs:range rdf:langString .
        <urn:C> a owl:Class ; rdfs:subClassOf <urn:Undeclared> .
    """, encoding="utf-8")
    result = _profile(path)
    assert result.returncode == 1
    assert "Use of undeclared class: <urn:Undeclared>" in result.stdout


def test_hermit_loads_the_ontology_and_finds_it_consistent(owl_file):
    world = _hermit(owl_file)
    assert list(world.inconsistent_classes()) == []


def test_hermit_catches_an_unsatisfiable_class(tmp_path):
    graph = ontology_graph()
    graph.add((EKG.Action, OWL.disjointWith, EKG.Fact))  # but every action is a fact
    path = tmp_path / "broken.owl"
    graph.serialize(path, format="xml")
    assert {c.iri for c in _hermit(path).inconsistent_classes()} - {str(OWL.Nothing)} == {str(EKG.Action)}


def _declared(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(EKG))}


def test_every_declared_term_is_used_by_the_data_or_the_schemes(extra_build):
    onto = ontology_graph()
    used: set[str] = set()
    for s, p, o in onto:  # the schemes' concepts, the extraction rules, and their links
        if not str(s).startswith(str(EKG)) and str(s) != ONTOLOGY_IRI:
            used.update({str(p), str(o)})
    for quad in kg_store.open_store(extra_build[0]).quads_for_pattern(None, None, None, None):
        if "graph/ontology" not in str(quad.graph_name):
            used.update({quad.predicate.value, getattr(quad.object, "value", "")})
    unused = sorted(str(t) for t in _declared(onto) if str(t) not in used)
    assert unused == [], "declared but written by nothing: drop them from the ontology and namespaces.py"


def test_the_header_is_typed_as_the_data(seed_store):
    onto, ontology = ontology_graph(), URIRef(ONTOLOGY_IRI)
    creators = list(onto.objects(ontology, DCTERMS.creator))
    assert creators and all(isinstance(c, URIRef) for c in creators)  # the data's dcterms:creator is an IRI
    assert all(isinstance(onto.value(c, FOAF.name), Literal) for c in creators)
    issued = kg_store.select(kg_store.open_store(seed_store), "SELECT ?d WHERE { ?doc dcterms:issued ?d } LIMIT 1")
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert onto.value(ontology, prop).datatype == issued[0]["d"].datatype == XSD.date
    languages = set(onto.objects(ontology, DCTERMS.language))
    assert languages == {Literal("fr"), Literal("en")}  # plain codes, as documents carry theirs
    assert isinstance(onto.value(ontology, DCTERMS.license), URIRef)


# --------------------------------------------------------------------------- alignments


def _listed() -> dict[str, dict[URIRef, set[URIRef]]]:
    """Namespace → term → its kinds, from the term lists of tests/vocabularies/."""
    found: dict[str, dict[URIRef, set[URIRef]]] = {}
    for path in sorted(VOCABULARIES.glob("*.nt")):
        graph = Graph().parse(path, format="nt")
        for term, kind in graph.subject_objects(RDF.type):
            namespace = str(term).rsplit("#", 1)[0] + "#" if "#" in term else str(term).rsplit("/", 1)[0] + "/"
            found.setdefault(namespace, {}).setdefault(term, set()).add(kind)
    return found


LISTED = _listed()


def _kind_of(term: URIRef) -> str | None:
    """``"class"``, ``"property"``, or ``None`` when the term's vocabulary does not define it."""
    text = str(term)
    if text.startswith(str(namespaces.SCHEMA)):  # rdflib ships schema.org in its https:// form
        local = text[len(str(namespaces.SCHEMA)):]
        return None if local not in SDO.__annotations__ else "class" if local[:1].isupper() else "property"
    for namespace in SHIPPED:  # their terms follow the convention: classes capitalised, properties not
        if text.startswith(str(namespace._NS)):
            local = text[len(str(namespace._NS)):]
            return None if term not in namespace else "class" if local[:1].isupper() else "property"
    for namespace, terms in LISTED.items():
        if text.startswith(namespace):
            kinds = terms.get(term)
            return None if kinds is None else "class" if kinds & CLASS_KINDS else "property"
    raise AssertionError(f"{term}: no copy of its vocabulary in tests/vocabularies/ and not shipped by rdflib")


def _external(term) -> bool:
    return (isinstance(term, URIRef) and not str(term).startswith("https://w3id.org/enfance-kg/")
            and not str(term).startswith(BUILT_IN) and not str(term).startswith("http://id.insee.fr/"))


def _uses(graph: Graph) -> dict[URIRef, str]:
    """Every term of another vocabulary in ``graph``, and whether it is used as a class or a property."""
    uses: dict[URIRef, str] = {}
    for s, p, o in graph:
        if _external(p):
            uses[p] = "property"
        if p in (RDFS.subClassOf, RDFS.domain, RDF.type) and _external(o) and o not in (OWL.Class,):
            uses.setdefault(o, "class")
        if p == RDFS.range and _external(o):
            uses[o] = "class"
        if p == RDFS.subPropertyOf and _external(o):
            uses[o] = "property"
        if p == SKOS.closeMatch and _external(o):
            uses[o] = "class" if (s, RDF.type, OWL.Class) in graph else "property"
    return uses


def test_the_ontology_aligns_to_terms_that_exist(owl_file):
    uses = _uses(ontology_graph())
    assert {namespaces.FRAPO.Contract, namespaces.EPO.Contract, namespaces.CV.PublicOrganisation,
            namespaces.IGEO.Departement, ORG.FormalOrganization, PROV.Plan} <= set(uses)
    wrong = {str(t): (u, _kind_of(t)) for t, u in uses.items() if _kind_of(t) != u}
    assert wrong == {}, "not in the vocabulary (None), or a class used as a property or the reverse"


def test_the_data_uses_terms_that_exist(extra_build):
    data = Graph()
    for s, p, o, g in kg_store.quads(kg_store.open_store(extra_build[0])):
        if "graph/ontology" not in str(g):
            data.add((s, p, o))
    uses = _uses(data)
    assert len(uses) > 40
    wrong = {str(t): (u, _kind_of(t)) for t, u in uses.items() if _kind_of(t) != u}
    assert wrong == {}


@pytest.mark.parametrize(("term", "kind"), [
    (URIRef("http://www.w3.org/ns/org#FormalOrganisation"), None),  # British spelling: not ORG's
    (URIRef("http://schema.org/MonetaryGrants"), None),
    (URIRef("http://rdf.insee.fr/def/geo#Departements"), None),
    (namespaces.IGEO.codeINSEE, "property"),
    (namespaces.OA.TextQuoteSelector, "class"),
])
def test_the_check_tells_a_missing_term(term, kind):
    assert _kind_of(term) == kind
