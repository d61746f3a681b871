"""Minting IRIs from stable keys: the IRI policy of ``docs/model.md``, in code.

- Every key is lower-case ASCII words joined by hyphens (:func:`slug`); path words are English
  (``org``, ``person``, ``contract``…), except the French administrative units, which keep their
  unaccented French names as the ontology's terms do (``departement``, ``region``).
- An IRI depends only on what it names: an INSEE code, a normalised name, a document's file name,
  a position in that document. Never on a counter shared between documents, so adding a document
  changes no existing IRI, and never on a value that a correction could change (an amount, a
  label, a funder kind): a corrected fact keeps its IRI.
- A fact's key is where the document states it: ``s{n}``, its sentence's rank in the document
  (1-based), with ``-2``, ``-3``… for the second and third fact of the same kind in that
  sentence. A fact found later in another sentence leaves every other key as it was.

>>> slug("Secrétaire d'État chargé de l'Enfance")
'secretaire-d-etat-charge-de-l-enfance'
>>> document_key("Communiqué de presse (2021) #1")
'communique-de-presse-2021-1'
>>> iris = Iris("https://w3id.org/enfance-kg/")
>>> str(iris.departement("2A"))
'https://w3id.org/enfance-kg/id/departement/2a'
>>> str(iris.fact("funding", "003-x", fact_key(12, 2)))
'https://w3id.org/enfance-kg/id/funding/003-x/s12-2'
>>> str(iris.part(iris.fact("action", "003-x", "s4"), "audience"))
'https://w3id.org/enfance-kg/id/action/003-x/s4#audience'
>>> str(iris.document_graph("003-x")), iris.document_key_of(iris.document_graph("003-x"))
('https://w3id.org/enfance-kg/graph/document/003-x', '003-x')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/enfance-kg/"
FACT_KINDS = ("membership", "signature", "funding", "action", "observation")
#: the graphs that are not a document's: the ontology and its schemes, the reference data, and the
#: entities that several documents cite (people, organisations, posts, contracts)
SHARED_GRAPHS = ("ontology", "reference", "entities")

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens: accents, apostrophes and punctuation dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rsplit("-", 1)[0]
    return words or "x"


def document_key(stem: str) -> str:
    """A document's key, from its file name without extension: ``Communiqué (2021) #1`` → ``communique-2021-1``.

    A name with no Latin letter or digit (``公告``) gets ``doc-`` and a short hash of the name,
    which depends on that name only.
    """
    key = slug(stem, max_length=120)
    if key == "x" and slug(stem + "x") == "x":
        return "doc-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]
    return key


def fact_key(sentence: int, rank: int = 1) -> str:
    """``s12`` for the first fact of a kind stated in sentence 12, ``s12-2`` for the second."""
    return f"s{sentence}" if rank == 1 else f"s{sentence}-{rank}"


@dataclass(frozen=True)
class Iris:
    """IRI factory for one base (``https://w3id.org/enfance-kg/`` unless configured)."""

    base: str = DEFAULT_BASE

    def _id(self, *parts: str) -> URIRef:
        return URIRef(self.base + "id/" + "/".join(parts))

    # ------------------------------------------------------------------ reference data

    def departement(self, code: str) -> URIRef:
        return self._id("departement", code.lower())

    def region(self, code: str) -> URIRef:
        return self._id("region", code.lower())

    def country(self, code: str = "FR") -> URIRef:
        return self._id("country", code.lower())

    def strategy(self) -> URIRef:
        return self._id("strategy", "snppe-2020-2022")

    def state(self) -> URIRef:
        return self._id("org", "state")

    def ars(self, region_code: str) -> URIRef:
        return self._id("org", f"ars-{region_code.lower()}")

    def council(self, departement_code: str) -> URIRef:
        return self._id("org", f"council-{departement_code.lower()}")

    def is_reference(self, node: URIRef) -> bool:
        """Whether the reference graph describes ``node``: département, région, France, State, ARS, council."""
        text = str(node)
        if not text.startswith(self.base + "id/"):
            return False
        kind, _, key = text[len(self.base) + 3:].partition("/")
        if kind in ("departement", "region", "country"):
            return True
        return kind == "org" and (key == "state" or key.startswith(("ars-", "council-")))

    # ------------------------------------------------------------------ entities

    def organisation(self, name: str) -> URIRef:
        return self._id("org", slug(name))

    def pmi(self, departement_code: str) -> URIRef:
        """The maternal and child health service of one département: "la PMI" never names a national body."""
        return self._id("org", f"pmi-{departement_code.lower()}")

    def person(self, name: str) -> URIRef:
        return self._id("person", slug(name))

    def post(self, organisation: URIRef, role: str) -> URIRef:
        return self._id("post", str(organisation).rsplit("/", 1)[-1], slug(role))

    def contract(self, departement_code: str | None, kind: str, year: str | int | None = None) -> URIRef:
        parts = ["contract", (departement_code or "FR").lower(), slug(kind)]
        if year:
            parts.append(str(year))
        return self._id(*parts)

    def agent(self) -> URIRef:
        return self._id("agent", "enfance-kg")

    # ------------------------------------------------------------------ documents and facts

    def document(self, key: str) -> URIRef:
        return self._id("document", key)

    def graph(self, name: str) -> URIRef:
        """One of the :data:`SHARED_GRAPHS` (``ontology``, ``reference``, ``entities``)."""
        if name not in SHARED_GRAPHS:
            raise ValueError(f"unknown shared graph {name!r}; a document's graph is document_graph(key)")
        return URIRef(self.base + "graph/" + name)

    def build_graph(self) -> URIRef:
        """The graph of a remote store's build record (``docs/scaling.md``): written last by a build."""
        return URIRef(self.base + "graph/build")

    def build(self, build_id: str) -> URIRef:
        """One build of the dataset, a ``prov:Activity`` described in the build record."""
        return self._id("build", build_id)

    def document_graph(self, key: str) -> URIRef:
        """The named graph holding what one document states."""
        return URIRef(self.base + "graph/document/" + key)

    def document_key_of(self, graph: URIRef | str | None) -> str | None:
        """The document key of a document graph's IRI, ``None`` for any other graph."""
        prefix = self.base + "graph/document/"
        text = str(graph) if graph is not None else ""
        key = text[len(prefix):] if text.startswith(prefix) else ""
        return key if key and "/" not in key else None

    def fact(self, kind: str, document: str, key: str) -> URIRef:
        if kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {kind!r}; expected one of {', '.join(FACT_KINDS)}")
        return self._id(kind, document, key)

    def belongs_to_document(self, node: URIRef, key: str) -> bool:
        """Whether ``node`` is one document's own: the document, its graph, its facts and their parts."""
        text = str(node).split("#", 1)[0]
        if text in (str(self.document(key)), str(self.document_graph(key))):
            return True
        return any(text.startswith(f"{self.base}id/{kind}/{key}/") for kind in FACT_KINDS)

    @staticmethod
    def part(node: URIRef, name: str) -> URIRef:
        """A node that belongs to another one (its amount, audience, evidence…)."""
        return URIRef(f"{node}#{name}")

    # ------------------------------------------------------------------ taxonomies

    def concept(self, scheme_item: str, key: str) -> URIRef:
        """A SKOS concept: ``axis``, ``action-type``, ``funder-kind``, ``contract-kind``, ``action-status``."""
        return self._id(scheme_item, slug(key))

    def scheme(self, name: str) -> URIRef:
        return self._id("scheme", name)
