"""The reference graph: départements, régions and the organisations that fund the strategy."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal

from enfance_kg.iris import Iris
from enfance_kg.namespaces import CV, DCTERMS, EKG, IGEO, ORG, RDF, RDFS, SKOS, XSD
from enfance_kg.reference import council_label, departements, reference_codes, reference_graph, regions

IRIS = Iris()


@pytest.fixture(scope="module")
def ref():
    return reference_graph(IRIS)


def test_counts(ref):
    assert len(set(ref.subjects(RDF.type, IGEO.Departement))) == 101
    assert len(set(ref.subjects(RDF.type, IGEO.Region))) == 18
    assert len(set(ref.subjects(RDF.type, EKG.RegionalHealthAgency))) == 18
    assert len(set(ref.subjects(RDF.type, EKG.DepartementCouncil))) == 101
    assert list(ref.subjects(RDF.type, EKG.State)) == [IRIS.state()]
    public = set(ref.subjects(RDF.type, CV.PublicOrganisation))
    assert public == set(ref.subjects(RDF.type, ORG.FormalOrganization))
    assert len(public) == 1 + 18 + 101


def test_no_blank_nodes_and_deterministic(ref):
    assert not any(isinstance(t, BNode) for triple in ref for t in triple)
    again = reference_graph(IRIS)
    assert sorted(ref.serialize(format="nt").splitlines()) == sorted(again.serialize(format="nt").splitlines())


def test_departements_as_in_the_model(ref):
    d77 = IRIS.departement("77")
    assert ref.value(d77, IGEO.codeINSEE) == Literal("77", datatype=XSD.token)
    assert ref.value(d77, RDFS.label) == Literal("Seine-et-Marne", lang="fr")
    assert ref.value(d77, SKOS.prefLabel) == Literal("Seine-et-Marne", lang="fr")
    assert ref.value(d77, EKG.article) is None  # "de Seine-et-Marne": the name takes no article
    assert ref.value(d77, IGEO.subdivisionDirecteDe) == IRIS.region("11")
    assert ref.value(IRIS.departement("92"), EKG.article) == Literal("les", lang="fr")
    assert ref.value(IRIS.departement("2A"), EKG.article) == Literal("la", lang="fr")
    assert ref.value(IRIS.departement("01"), EKG.article) == Literal("l'", lang="fr")
    assert ref.value(IRIS.departement("974"), RDFS.label) == Literal("La Réunion", lang="fr")
    for code in ("2A", "2B", "971", "972", "973", "974", "976"):
        assert (IRIS.departement(code), RDF.type, IGEO.Departement) in ref, code
    # every département's région is one of the 18
    region_nodes = set(ref.subjects(RDF.type, IGEO.Region))
    for dep in ref.subjects(RDF.type, IGEO.Departement):
        assert ref.value(dep, IGEO.subdivisionDirecteDe) in region_nodes


def test_organisations_as_in_the_model(ref):
    state = IRIS.state()
    assert ref.value(state, RDFS.label) == Literal("État", lang="fr")
    assert ref.value(state, EKG.funderKind) == IRIS.concept("funder-kind", "state")
    ars = IRIS.ars("11")
    assert ref.value(ars, RDFS.label) == Literal("Agence régionale de santé Île-de-France", lang="fr")
    assert ref.value(ars, DCTERMS.spatial) == IRIS.region("11")
    assert ref.value(ars, EKG.funderKind) == IRIS.concept("funder-kind", "ars")
    council = IRIS.council("92")
    assert ref.value(council, RDFS.label) == Literal("Département des Hauts-de-Seine", lang="fr")
    assert ref.value(council, DCTERMS.spatial) == IRIS.departement("92")
    assert ref.value(council, EKG.funderKind) == IRIS.concept("funder-kind", "department")
    assert ref.value(IRIS.council("77"), RDFS.label) == Literal("Département de Seine-et-Marne", lang="fr")
    assert ref.value(IRIS.council("2A"), RDFS.label) == Literal("Département de la Corse-du-Sud", lang="fr")
    assert ref.value(IRIS.council("01"), RDFS.label) == Literal("Département de l'Ain", lang="fr")
    assert ref.value(IRIS.council("14"), RDFS.label) == Literal("Département du Calvados", lang="fr")


def test_another_base():
    other = Iris("https://example.org/kg/")
    graph = reference_graph(other)
    assert (other.departement("77"), RDF.type, IGEO.Departement) in graph
    assert not any(str(s).startswith("https://w3id.org/enfance-kg/") for s in graph.subjects())


def test_helpers():
    rows = departements()
    assert len(rows) == 101 and len(regions()) == 18
    assert [r["code"] for r in rows][:3] == ["01", "02", "03"]
    assert [r["code"] for r in rows][19:22] == ["2A", "2B", "21"]
    by_code = {r["code"]: r for r in rows}
    assert by_code["77"] == {
        "code": "77", "name": "Seine-et-Marne", "article": None, "of": "de ", "region": "11",
        "region_name": "Île-de-France",
    }
    assert set(by_code) == reference_codes()
    assert council_label("Nord", 2) == "Département du Nord"
    with pytest.raises(ValueError, match="typeLiaison"):
        council_label("X", 9)
