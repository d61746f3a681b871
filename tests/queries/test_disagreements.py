"""`disagreements`: each disputed figure once, with the documents that give it, on engines that agree.

The dataset below is written for this query: three documents about the Hauts-de-Seine, two of which give
the same yearly State amount for 2020-2022 and the third another one; two give different values for the
same indicator and year; the figures that have no rival (a single amount, or the same amount without a
period, which is another commitment) must not be listed.
"""

from __future__ import annotations

import warnings
from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Dataset, Literal

from enfance_kg import KnowledgeGraph, store

ID = "https://w3id.org/enfance-kg/id/"
TRIG = """
@prefix ekg: <https://w3id.org/enfance-kg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix igeo: <http://rdf.insee.fr/def/geo#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@base <https://w3id.org/enfance-kg/> .

<graph/reference> {
  <id/departement/92> igeo:codeINSEE "92"^^xsd:token .
  <id/funder-kind/state> skos:notation "state" .
  <id/funder-kind/department> skos:notation "department" .
}
# d2 before d1 in the file: the first document named is the first by IRI, not by reading order
<graph/document/d2> {
  <id/funding/d2/s1> ekg:funderKind <id/funder-kind/state> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear true ; ekg:period "2020-2022" ; schema:amount <id/funding/d2/s1#amount> ;
      ekg:sourceDocument <id/document/d2> ; ekg:quote "5 135 000 euros chaque année" .
  <id/funding/d2/s1#amount> schema:value 5135000.0 .
  <id/observation/d2/s1> rdfs:label "enfants confiés"@fr ; ekg:unit "children" ; sdmx-measure:obsValue 6500 ;
      ekg:refYear "2021"^^xsd:gYear ; sdmx-dimension:refArea <id/departement/92> ;
      ekg:sourceDocument <id/document/d2> ; ekg:quote "6 500 enfants confiés" .
}
<graph/document/d1> {
  <id/funding/d1/s1> ekg:funderKind <id/funder-kind/state> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear true ; ekg:period "2020-2022" ; schema:amount <id/funding/d1/s1#amount> ;
      ekg:sourceDocument <id/document/d1> ; ekg:quote "5 135 000 € par an" .
  <id/funding/d1/s1#amount> schema:value 5135000.0 .
  <id/observation/d1/s1> rdfs:label "enfants confiés"@fr ; ekg:unit "children" ; sdmx-measure:obsValue 6400 ;
      ekg:refYear "2021"^^xsd:gYear ; sdmx-dimension:refArea <id/departement/92> ;
      ekg:sourceDocument <id/document/d1> ; ekg:quote "6 400 enfants confiés" .
  <id/funding/d1/s2> ekg:funderKind <id/funder-kind/department> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear false ; schema:amount <id/funding/d1/s2#amount> ;
      ekg:sourceDocument <id/document/d1> ; ekg:quote "200 000 euros du Département" .
  <id/funding/d1/s2#amount> schema:value 200000.0 .
}
<graph/document/d3> {
  <id/funding/d3/s1> ekg:funderKind <id/funder-kind/state> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear true ; ekg:period "2020-2022" ; schema:amount <id/funding/d3/s1#amount> ;
      ekg:sourceDocument <id/document/d3> ; ekg:quote "5 millions d'euros par an" .
  <id/funding/d3/s1#amount> schema:value 5000000.0 .
  <id/funding/d3/s2> ekg:funderKind <id/funder-kind/state> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear true ; schema:amount <id/funding/d3/s2#amount> ;
      ekg:sourceDocument <id/document/d3> ; ekg:quote "4 millions par an" .
  <id/funding/d3/s2#amount> schema:value 4000000.0 .
  <id/funding/d3/s3> ekg:funderKind <id/funder-kind/department> ; ekg:recipientDepartement <id/departement/92> ;
      ekg:perYear false ; schema:amount <id/funding/d3/s3#amount> ;
      ekg:sourceDocument <id/document/d3> ; ekg:quote "200 000 euros" .
  <id/funding/d3/s3#amount> schema:value 200000.0 .
}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("disagreements") / "store"
    with store.new_build(path) as handle:
        store.load_rdf(handle, TRIG, format="trig")
    return path


def test_each_disputed_figure_is_one_row_with_its_documents(folder):
    rows = KnowledgeGraph.open(folder).query("disagreements")
    got = [(r["code"], r["kind"], r["about"], r["period"], r["value"], r["amounts"], r["documents"], r["sources"],
            r["document"], r["fact"], r["quote"]) for r in rows]
    doc, funding, observation = ID + "document/", ID + "funding/", ID + "observation/"
    assert got == [
        ("92", "funding", "state per year", "2020-2022", 5000000, 2, 1, doc + "d3", doc + "d3", funding + "d3/s1",
         "5 millions d'euros par an"),
        ("92", "funding", "state per year", "2020-2022", 5135000, 2, 2, f"{doc}d1 {doc}d2", doc + "d1",
         funding + "d1/s1", "5 135 000 € par an"),
        ("92", "indicator", "enfants confiés (children)", "2021", 6400, 2, 1, doc + "d1", doc + "d1",
         observation + "d1/s1", "6 400 enfants confiés"),
        ("92", "indicator", "enfants confiés (children)", "2021", 6500, 2, 1, doc + "d2", doc + "d2",
         observation + "d2/s1", "6 500 enfants confiés"),
    ]


def test_the_department_parameter_keeps_its_rows_only(folder):
    kg = KnowledgeGraph.open(folder)
    assert len(kg.query("disagreements", department="92")) == 4
    assert not kg.query("disagreements", department="77")


def _cell(term):
    """Numbers by value (the store writes 5135000 where the text says 5135000.0), other terms as text."""
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return ("number", Decimal(value).normalize())
    return None if term is None else str(term)


def test_rdflib_gives_the_same_rows(folder):
    from enfance_kg import saved_queries

    ours = KnowledgeGraph.open(folder).query("disagreements")
    dataset = Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7.6 on its own Dataset internals
        dataset.parse(data=TRIG, format="trig")
        theirs = list(dataset.query(saved_queries.get("disagreements").text))
    assert Counter(tuple(_cell(t) for t in row) for row in ours.terms) == \
        Counter(tuple(_cell(row[c]) for c in ours.columns) for row in theirs)
