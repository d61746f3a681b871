"""Minting IRIs from stable keys.

An IRI depends only on what it names (an INSEE code, a normalised name, a document
file name and a key local to that document), never on a counter shared between
documents, so adding a document never changes an existing IRI.

>>> slug("Secrétaire d'État chargé de l'Enfance")
'secretaire-d-etat-charge-de-l-enfance'
>>> iris = Iris("https://w3id.org/enfance-kg/")
>>> str(iris.departement("2A"))
'https://w3id.org/enfance-kg/id/departement/2A'
>>> str(iris.fact("funding", "003_x", "state-92-5135000"))
'https://w3id.org/enfance-kg/id/funding/003_x/state-92-5135000'
>>> str(iris.part(iris.fact("action", "003_x", "bilan"), "audience"))
'https://w3id.org/enfance-kg/id/action/003_x/bilan#audience'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/enfance-kg/"
FACT_KINDS = ("membership", "signature", "funding", "action", "observation")

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens: accents, apostrophes and punctuation dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rsplit("-", 1)[0]
    return words or "x"


@dataclass(frozen=True)
class Iris:
    """IRI factory for one base (``https://w3id.org/enfance-kg/`` unless configured)."""

    base: str = DEFAULT_BASE

    def _id(self, *parts: str) -> URIRef:
        return URIRef(self.base + "id/" + "/".join(parts))

    def departement(self, code: str) -> URIRef:
        return self._id("departement", code)

    def region(self, code: str) -> URIRef:
        return self._id("region", code)

    def country(self, code: str = "FR") -> URIRef:
        return self._id("country", code)

    def strategy(self) -> URIRef:
        return self._id("strategy", "snppe-2020-2022")

    def state(self) -> URIRef:
        return self._id("org", "etat")

    def ars(self, region_code: str) -> URIRef:
        return self._id("org", f"ars-{region_code}")

    def council(self, departement_code: str) -> URIRef:
        return self._id("org", f"departement-{departement_code}")

    def organisation(self, name: str) -> URIRef:
        return self._id("org", slug(name))

    def person(self, name: str) -> URIRef:
        return self._id("person", slug(name))

    def post(self, organisation_key: str, role: str) -> URIRef:
        return self._id("post", organisation_key, slug(role))

    def contract(self, departement_code: str, kind: str, year: str | int | None = None) -> URIRef:
        parts = ["contract", departement_code, kind]
        if year:
            parts.append(str(year))
        return self._id(*parts)

    def document(self, stem: str) -> URIRef:
        return self._id("document", stem)

    def graph(self, name: str) -> URIRef:
        """A named graph: a document's stem, or ``ontology`` / ``reference``."""
        return URIRef(self.base + "graph/" + name)

    def agent(self) -> URIRef:
        return self._id("agent", "enfance-kg")

    def fact(self, kind: str, stem: str, key: str) -> URIRef:
        if kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {kind!r}; expected one of {', '.join(FACT_KINDS)}")
        return self._id(kind, stem, key)

    @staticmethod
    def part(node: URIRef, name: str) -> URIRef:
        """A node that belongs to another one (its amount, audience, evidence…)."""
        return URIRef(f"{node}#{name}")

    def concept(self, scheme_item: str, key: str) -> URIRef:
        """A SKOS concept: ``axis``, ``action-type``, ``funder-kind``, ``contract-kind``, ``action-status``."""
        return self._id(scheme_item, key)

    def scheme(self, name: str) -> URIRef:
        return self._id("scheme", name)
