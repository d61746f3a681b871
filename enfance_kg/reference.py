"""The reference graph: France's départements and régions and the organisations that fund the strategy.

Built from the official geographic code (COG) as published by Etalab
(``ontology/reference/departements.json`` and ``regions.json``): the 101 départements
and 18 régions of metropolitan France and the overseas départements, France itself,
the State, one regional health agency (ARS) per région and one council per
département, and the strategy the axes belong to (``ontology/reference/strategy.ttl``).
Every node has an IRI minted by :class:`enfance_kg.iris.Iris` from an INSEE code; there are
no blank nodes, and the same input gives the same triples.

Each département and région links out to INSEE's resource for its code with ``owl:sameAs``
(``http://id.insee.fr/geo/departement/77``): the code-based IRIs INSEE's geographic reference
first published and still gives, with ``owl:sameAs``, as a synonym of its newer UUID-based
IRIs, which change with every version of a territory and which the reference data does not give.

>>> from enfance_kg.iris import DEFAULT_BASE, Iris
>>> deps = {d["code"]: d for d in departements()}
>>> len(deps), deps["92"]["name"], deps["92"]["article"], deps["92"]["of"], deps["92"]["region"]
(101, 'Hauts-de-Seine', 'les', 'des ', '11')
>>> council_label("Seine-et-Marne", 0), council_label("Corse-du-Sud", 3)
('Département de Seine-et-Marne', 'Département de la Corse-du-Sud')
>>> g = reference_graph(Iris())
>>> str(g.value(Iris().council("92"), RDFS.label))
'Département des Hauts-de-Seine'
"""

from __future__ import annotations

import json
from functools import cache

from rdflib import Graph, Literal, URIRef

from enfance_kg.iris import DEFAULT_BASE, Iris
from enfance_kg.namespaces import CV, DCTERMS, EKG, IGEO, ORG, OWL, RDF, RDFS, SKOS, XSD, bind_prefixes
from enfance_kg.resources import ontology_files, reference_file

#: the base the ontology files are written against (their relative IRIs resolve to it)
ONTOLOGY_BASE = DEFAULT_BASE

#: INSEE's code-based IRIs for the territories of the official geographic code
INSEE_GEO = "http://id.insee.fr/geo/"

#: the zones of the COG that make up the 101 départements and 18 régions
ZONES = ("metro", "drom")

#: INSEE ``typeLiaison`` (TNCC): the article a name takes and the connector "de …" that goes with it
_LIAISONS: dict[int, tuple[str | None, str]] = {
    0: (None, "de "),
    1: (None, "d'"),
    2: ("le", "du "),
    3: ("la", "de la "),
    4: ("les", "des "),
    5: ("l'", "de l'"),
}


def _liaison(type_liaison: int) -> tuple[str | None, str]:
    try:
        return _LIAISONS[type_liaison]
    except KeyError:
        raise ValueError(f"unknown INSEE typeLiaison {type_liaison!r}") from None


@cache
def _load(name: str) -> tuple[dict, ...]:
    with reference_file(name).open(encoding="utf-8") as handle:
        return tuple(entry for entry in json.load(handle) if entry["zone"] in ZONES)


def regions() -> list[dict]:
    """The 18 régions: ``code``, ``name``, ``article``, ``of`` ("de la ", "d'"…), sorted by code."""
    rows = []
    for entry in _load("regions.json"):
        article, of = _liaison(entry["typeLiaison"])
        rows.append({"code": entry["code"], "name": entry["nom"], "article": article, "of": of})
    return sorted(rows, key=lambda row: row["code"])


def departements() -> list[dict]:
    """The 101 départements, sorted by INSEE code.

    Each row: ``code`` (``"77"``, ``"2A"``, ``"974"``), ``name``, ``article`` (``"la"``,
    ``"les"``, ``"l'"``… or ``None`` when the name takes none), ``of`` (the connector used
    in "Département de la …": ``"de "``, ``"d'"``, ``"du "``, ``"de la "``, ``"des "``,
    ``"de l'"``), ``region`` (the région's code) and ``region_name``.
    """
    region_names = {row["code"]: row["name"] for row in regions()}
    rows = []
    for entry in _load("departements.json"):
        article, of = _liaison(entry["typeLiaison"])
        rows.append({
            "code": entry["code"],
            "name": entry["nom"],
            "article": article,
            "of": of,
            "region": entry["region"],
            "region_name": region_names[entry["region"]],
        })
    return sorted(rows, key=lambda row: _code_key(row["code"]))


def _code_key(code: str) -> tuple[int, str]:
    """Sort INSEE codes as INSEE does: 01 … 19, 2A, 2B, 21 … 95, 971 … 976."""
    digits = code.replace("A", "0").replace("B", "0")
    return int(digits), code


def council_label(name: str, type_liaison: int) -> str:
    """The name of a département's council: "Département de la Corse-du-Sud", "Département de l'Ain"."""
    return f"Département {_liaison(type_liaison)[1]}{name}"


def _council_name(row: dict) -> str:
    return f"Département {row['of']}{row['name']}"


def reference_graph(iris: Iris | None = None) -> Graph:
    """The reference graph (no blank nodes; the same triples on every call).

    ``iris`` gives the base of the IRIs (the default base when omitted).
    """
    iris = iris or Iris()
    graph = Graph()
    bind_prefixes(graph)
    add = graph.add

    def fr(text: str) -> Literal:
        return Literal(text, lang="fr")

    with reference_file("strategy.ttl").open("rb") as handle:
        graph.parse(handle, format="turtle", publicID=iris.base)

    france = iris.country("FR")
    add((france, RDF.type, IGEO.Pays))
    add((france, IGEO.codeINSEE, Literal("99100", datatype=XSD.token)))
    for label in (fr("France"), Literal("France", lang="en")):
        add((france, RDFS.label, label))
        add((france, SKOS.prefLabel, label))

    state = iris.state()
    for cls in (EKG.State, ORG.FormalOrganization, CV.PublicOrganisation):
        add((state, RDF.type, cls))
    for label in (fr("État"), Literal("French State", lang="en")):
        add((state, RDFS.label, label))
        add((state, SKOS.prefLabel, label))
    add((state, SKOS.altLabel, fr("État français")))
    add((state, DCTERMS.spatial, france))
    add((state, EKG.funderKind, iris.concept("funder-kind", "state")))

    for row in regions():
        region = iris.region(row["code"])
        add((region, RDF.type, IGEO.Region))
        add((region, IGEO.codeINSEE, Literal(row["code"], datatype=XSD.token)))
        add((region, RDFS.label, fr(row["name"])))
        add((region, SKOS.prefLabel, fr(row["name"])))
        add((region, IGEO.subdivisionDirecteDe, france))
        add((region, OWL.sameAs, URIRef(f"{INSEE_GEO}region/{row['code']}")))

        ars = iris.ars(row["code"])
        for cls in (EKG.RegionalHealthAgency, ORG.FormalOrganization, CV.PublicOrganisation):
            add((ars, RDF.type, cls))
        label = fr(f"Agence régionale de santé {row['name']}")
        add((ars, RDFS.label, label))
        add((ars, SKOS.prefLabel, label))
        add((ars, SKOS.altLabel, fr(f"ARS {row['name']}")))
        add((ars, DCTERMS.spatial, region))
        add((ars, EKG.funderKind, iris.concept("funder-kind", "ars")))

    for row in departements():
        departement = iris.departement(row["code"])
        add((departement, RDF.type, IGEO.Departement))
        add((departement, IGEO.codeINSEE, Literal(row["code"], datatype=XSD.token)))
        add((departement, RDFS.label, fr(row["name"])))
        add((departement, SKOS.prefLabel, fr(row["name"])))
        if row["article"]:
            add((departement, EKG.article, fr(row["article"])))
        add((departement, IGEO.subdivisionDirecteDe, iris.region(row["region"])))
        add((departement, OWL.sameAs, URIRef(f"{INSEE_GEO}departement/{row['code']}")))

        council = iris.council(row["code"])
        for cls in (EKG.DepartementCouncil, ORG.FormalOrganization, CV.PublicOrganisation):
            add((council, RDF.type, cls))
        label = fr(_council_name(row))
        add((council, RDFS.label, label))
        add((council, SKOS.prefLabel, label))
        add((council, SKOS.altLabel, fr(f"Conseil départemental {row['of']}{row['name']}")))
        add((council, DCTERMS.spatial, departement))
        add((council, EKG.funderKind, iris.concept("funder-kind", "department")))
    return graph


def ontology_graph() -> Graph:
    """The ontology and its SKOS schemes: every Turtle file of ``ontology/``, merged."""
    graph = Graph()
    bind_prefixes(graph)
    for source in ontology_files():
        with source.open("rb") as handle:
            graph.parse(handle, format="turtle", publicID=ONTOLOGY_BASE)
    return graph


def reference_codes() -> frozenset[str]:
    """The INSEE codes of the 101 départements."""
    return frozenset(row["code"] for row in departements())


__all__ = ["council_label", "departements", "ontology_graph", "reference_codes", "reference_graph", "regions"]
