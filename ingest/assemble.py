"""Turn one document's :class:`~ingest.model.Extraction` into RDF: its own named graph and the shared entities.

The shape of the output is the one ``docs/model.md`` describes: the document and its
text, signatures, funding commitments and their amounts, actions with their audience and
capacities, indicators, memberships. Every fact node carries its evidence (the document, a
Web Annotation with the exact quote, 32 characters either side, and the start/end offsets
in the stored text).

Where each triple goes follows from its subject, so that no triple is ever stated in two
graphs (a query without ``GRAPH`` then sees each triple once, whatever the number of
documents):

- the document's graph ``graph/document/{key}`` holds what only this document says: the
  document itself, its graph's provenance, its facts and their parts (``fact#amount``…);
- the entities graph ``graph/entities`` holds the people, organisations, posts and contracts
  that the facts cite, each described once however many documents name them;
- nodes of the reference graph (départements, régions, the State, the ARS, the councils) are
  cited, never described again.

IRIs come from :class:`enfance_kg.iris.Iris`. A fact's key is the rank of the sentence that
states it (``s12``; ``s12-2`` for the second fact of that kind in that sentence), so it holds no
value a correction could change and does not move when a fact is found elsewhere in the
document. No blank nodes.

>>> from ingest.model import Extraction, SourceDocument, Sentence
>>> doc = SourceDocument(stem="d", file_name="d.txt", text="Bonjour.")
>>> quads = assemble(Extraction(document=doc, sentences=[Sentence(0, 8, "Bonjour.")]))
>>> sorted({str(q[3]) for q in quads})
['https://w3id.org/enfance-kg/graph/document/d', 'https://w3id.org/enfance-kg/graph/entities']
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg.iris import Iris, document_key, fact_key, slug
from enfance_kg.namespaces import (
    DCTERMS,
    EKG,
    FOAF,
    OA,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    XSD,
)
from ingest.model import Evidence, Extraction, OrgRef
from ingest.segment import segment

Quad = tuple[Node, Node, Node, Node]
CONTEXT = 32  # characters of prefix and suffix around a quote

_KIND_CLASSES = {
    "press_release": (EKG.PressRelease,),
    "news_article": (EKG.NewsArticle, SCHEMA.NewsArticle),
    "web_page": (EKG.WebPage, SCHEMA.WebPage),
}
_ORG_CLASSES = {
    "state": EKG.State,
    "ars": EKG.RegionalHealthAgency,
    "council": EKG.DepartementCouncil,
    "pmi": EKG.PMIService,
    "hospital": EKG.Hospital,
    "association": EKG.Association,
    "union": EKG.OtherOrganisation,  # no extractor rule tells a trade union yet: no class of its own
    "municipality": EKG.Municipality,
    "media": EKG.MediaOrganisation,
    "other": EKG.OtherOrganisation,
}
_CONTRACT_CLASSES = {
    "contract": EKG.DepartementContract,
    "amendment": EKG.ContractAmendment,
    "letter_of_intent": EKG.LetterOfIntent,
}
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class AssemblyError(ValueError):
    """The extraction cannot be written as RDF (an offset outside the text, an unknown code…)."""


def code_version() -> str:
    """The installed version of enfance-kg (the code that extracted the facts)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("enfance-kg")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def text_sha256(text: str) -> str:
    """The hash stored as ``ekg:sha256``: SHA-256 of the stored text encoded as UTF-8 (the file's own,
    before decoding, repairs and HTML conversion, is ``ekg:fileSha256``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decimal_literal(value: Decimal | int | float) -> Literal:
    """An ``xsd:decimal`` in plain positional notation (``8400000``, ``2.5``), never an exponent."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    text = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


class _Writer:
    """Collects the triples of one document, its graph's and the entities', and mints its facts' keys."""

    def __init__(self, extraction: Extraction, iris: Iris) -> None:
        self.x = extraction
        self.doc = extraction.document
        self.text = extraction.document.text
        self.iris = iris
        self.key_of_document = document_key(self.doc.stem)
        self.graph = iris.document_graph(self.key_of_document)
        self.entities = iris.graph("entities")
        self.document = iris.document(self.key_of_document)
        self.triples: dict[tuple[Node, Node, Node], None] = {}  # the document's, ordered and without repeats
        self.shared: dict[tuple[Node, Node, Node], None] = {}  # the entities'
        self.sentence_starts = [s.start for s in segment(self.text)]
        self.used_keys: dict[str, set[str]] = {}
        self.facts: dict[str, int] = {}
        self.warnings: list[str] = []
        self._traced = False  # whether this document's extraction activity is described yet

    def usable(self, what: str, evidence: Evidence, problem: str | None = None) -> bool:
        """Whether a fact can be written; if not, it is left out with a warning (the document still builds)."""
        if not (0 <= evidence.start < evidence.end <= len(self.text)):
            problem = f"its evidence is outside the text ({len(self.text)} characters)"
        if problem:
            self.warnings.append(f"{what} at [{evidence.start}:{evidence.end}] left out: {problem}")
            return False
        return True

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        """Record a triple in the graph its subject belongs to (reference nodes are never described here)."""
        if o is None:
            return
        if isinstance(s, URIRef) and self.iris.belongs_to_document(s, self.key_of_document):
            self.triples[(s, p, o)] = None
        elif not (isinstance(s, URIRef) and self.iris.is_reference(s)):
            self.shared[(s, p, o)] = None

    def key(self, kind: str, evidence: Evidence) -> URIRef:
        """The fact IRI: the rank of the sentence holding the quote's start, and of the fact among its kind there."""
        sentence = bisect.bisect_right(self.sentence_starts, evidence.start)
        used = self.used_keys.setdefault(kind, set())
        rank = 1
        while fact_key(sentence, rank) in used:
            rank += 1
        key = fact_key(sentence, rank)
        used.add(key)
        self.facts[kind] = self.facts.get(kind, 0) + 1
        return self.iris.fact(kind, self.key_of_document, key)

    # ------------------------------------------------------------------ shared nodes

    def fr(self, text: str | None) -> Literal | None:
        text = " ".join(text.split()) if text else ""
        return Literal(text, lang="fr") if text else None

    def person(self, name: str) -> URIRef:
        name = " ".join(name.split())
        node = self.iris.person(name)
        self.add(node, RDF.type, FOAF.Person)
        self.add(node, RDF.type, SCHEMA.Person)
        self.add(node, FOAF.name, Literal(name))
        return node

    def org(self, ref: OrgRef, *, funder: bool = False) -> URIRef | None:
        """The organisation's IRI; one not in the reference data is described in the entities graph (unnamed: none)."""
        if ref.kind == "state":
            return self.iris.state()
        if ref.kind == "ars" and ref.code:
            return self.iris.ars(ref.code)
        if ref.kind == "council" and ref.code:
            return self.iris.council(ref.code)
        name = " ".join((ref.name or "").split())
        if slug(name) == "x":
            self.warnings.append(f"an organisation of kind {ref.kind!r} without a name was left out")
            return None
        territory = ref.code or self.x.focus
        if ref.kind == "pmi" and territory:
            # "la PMI" is the PMI service of one département: a shared IRI would merge them all
            node = self.iris.pmi(territory)
            self.add(node, ORG.subOrganizationOf, self.iris.council(territory))
        else:
            node = self.iris.organisation(name)
        self.add(node, RDF.type, _ORG_CLASSES.get(ref.kind, EKG.OtherOrganisation))
        self.add(node, RDF.type, ORG.FormalOrganization)
        self.add(node, RDFS.label, self.fr(name))
        if funder:
            self.add(node, EKG.funderKind, self.iris.concept("funder-kind", "other"))
        return node

    def departement(self, code: str | None) -> URIRef | None:
        return self.iris.departement(code) if code else None

    def evidence(self, fact: URIRef, evidence: Evidence) -> None:
        start, end = evidence.start, evidence.end
        if not (0 <= start < end <= len(self.text)):
            raise AssemblyError(
                f"evidence [{start}:{end}] of {fact} is outside the text ({len(self.text)} characters)")
        exact = self.text[start:end]  # the quote is the text at the offsets, so the two always agree
        annotation, target = self.iris.part(fact, "evidence"), self.iris.part(fact, "target")
        quote, position = self.iris.part(fact, "quote"), self.iris.part(fact, "position")
        self.add(fact, RDF.type, EKG.Fact)
        self.add(fact, EKG.sourceDocument, self.document)
        self.add(fact, EKG.evidence, annotation)
        # the quote again on the fact itself: one look-up for a query that lists facts with their quotes, where
        # the Web Annotation path (evidence, target, selector, text) is four; test_build checks that they agree
        self.add(fact, EKG.quote, Literal(exact))
        self.add(annotation, RDF.type, OA.Annotation)
        self.add(annotation, OA.hasBody, fact)
        self.add(annotation, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.document)
        self.add(target, OA.hasSelector, quote)
        self.add(target, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(exact))
        prefix, suffix = self.text[max(0, start - CONTEXT):start], self.text[end:end + CONTEXT]
        if prefix:
            self.add(quote, OA.prefix, Literal(prefix))
        if suffix:
            self.add(quote, OA.suffix, Literal(suffix))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
        self.trace(fact, evidence)

    def trace(self, fact: URIRef, evidence: Evidence) -> None:
        """Why the graph says it: the extraction rule that produced the fact (an ``ekg:ExtractionRule``
        described in ``ontology/extraction-rules.ttl``) and the extraction of this document by this version
        of the code (a ``prov:Activity``)."""
        from ingest.extract.rules import rule_iri

        activity = self.iris.part(self.graph, "extraction")
        if not self._traced:
            self._traced = True
            self.add(activity, RDF.type, PROV.Activity)
            self.add(activity, RDFS.label, Literal(f"extraction by enfance-kg {code_version()}"))
            self.add(activity, PROV.used, self.document)
            self.add(activity, PROV.wasAssociatedWith, self.iris.agent())
        self.add(fact, PROV.wasGeneratedBy, activity)
        if evidence.rule:
            self.add(fact, EKG.extractionRule, URIRef(rule_iri(evidence.rule)))

    # ------------------------------------------------------------------ the document

    def describe_document(self) -> None:
        x, doc, node = self.x, self.doc, self.document
        kind = doc.kind or x.kind
        self.add(node, RDF.type, EKG.Document)
        for cls in _KIND_CLASSES.get(kind, ()):
            self.add(node, RDF.type, cls)
        self.add(node, EKG.documentKind, Literal(kind))
        self.add(node, EKG.fileName, Literal(doc.file_name))
        self.add(node, EKG.text, Literal(self.text))
        self.add(node, EKG.sha256, Literal(text_sha256(self.text)))
        if doc.file_sha256:
            self.add(node, EKG.fileSha256, Literal(doc.file_sha256))
        self.add(node, DCTERMS.title, self.fr(doc.title or x.title))
        published = doc.published or x.published
        if published:
            self.add(node, DCTERMS.issued, Literal(published.isoformat(), datatype=XSD.date))
        if x.publisher is not None:
            self.add(node, DCTERMS.publisher, self.org(x.publisher))
        elif doc.publisher:
            self.add(node, DCTERMS.publisher, self.org(OrgRef(kind="other", name=doc.publisher)))
        author = doc.author or x.author
        if author and slug(author) != "x":
            self.add(node, DCTERMS.creator, self.person(author))
        self.add(node, DCTERMS.language, Literal(x.language or "fr"))
        if doc.source_url and _URL.match(doc.source_url):
            self.add(node, DCTERMS.source, URIRef(doc.source_url))
        for code in dict.fromkeys(x.departements):
            self.add(node, EKG.concernsDepartement, self.iris.departement(code))
        if x.focus:
            self.add(node, EKG.focusDepartement, self.iris.departement(x.focus))
        # the graph itself, described with PROV-O
        agent = self.iris.agent()
        self.add(self.graph, RDF.type, PROV.Entity)
        self.add(self.graph, PROV.wasDerivedFrom, node)
        self.add(self.graph, PROV.wasAttributedTo, agent)
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDFS.label, Literal("enfance-kg"))

    # ------------------------------------------------------------------ facts

    def memberships(self) -> None:
        for m in sorted(self.x.memberships, key=lambda m: (m.evidence.start, m.evidence.end, m.person)):
            if not self.usable("membership", m.evidence, "no person name" if slug(m.person) == "x" else None):
                continue
            person = self.person(m.person)
            fact = self.key("membership", m.evidence)
            self.add(fact, RDF.type, ORG.Membership)
            self.add(fact, ORG.member, person)
            self.add(fact, EKG.roleLabel, self.fr(m.role))
            organisation = self.org(m.organisation) if m.organisation is not None else None
            if organisation is not None:
                self.add(fact, ORG.organization, organisation)
                if m.role and slug(m.role) != "x":
                    post = self.iris.post(organisation, m.role)
                    self.add(post, RDF.type, ORG.Post)
                    self.add(post, ORG.postIn, organisation)
                    self.add(post, SKOS.prefLabel, self.fr(m.role))
                    self.add(post, ORG.heldBy, person)
                    self.add(fact, EKG.post, post)
            self.evidence(fact, m.evidence)

    def signatures(self) -> None:
        for s in sorted(self.x.signatures, key=lambda s: (s.evidence.start, s.evidence.end)):
            if not self.usable("signature", s.evidence,
                               None if s.kind in _CONTRACT_CLASSES else f"unknown contract kind {s.kind!r}"):
                continue
            year = s.date.year if s.date else (s.period[0] if s.period else None)
            contract = self.iris.contract(s.departement, s.kind, year)
            self.add(contract, RDF.type, EKG.Contract)
            self.add(contract, RDF.type, _CONTRACT_CLASSES[s.kind])
            self.add(contract, EKG.contractKind, self.iris.concept("contract-kind", s.kind))
            self.add(contract, DCTERMS.spatial, self.departement(s.departement))
            if s.period:
                self.add(contract, EKG.periodStart, Literal(str(s.period[0]), datatype=XSD.gYear))
                self.add(contract, EKG.periodEnd, Literal(str(s.period[1]), datatype=XSD.gYear))
            fact = self.key("signature", s.evidence)
            self.add(fact, RDF.type, EKG.Signature)
            self.add(fact, EKG.signedContract, contract)
            if s.period:  # the period as this document gives it (the contract's gathers every document's)
                self.add(fact, EKG.periodStart, Literal(str(s.period[0]), datatype=XSD.gYear))
                self.add(fact, EKG.periodEnd, Literal(str(s.period[1]), datatype=XSD.gYear))
            if s.date:
                self.add(fact, EKG.signatureDate, Literal(s.date.isoformat(), datatype=XSD.date))
            for name in s.signatories:
                if slug(name) != "x":
                    self.add(fact, EKG.signatory, self.person(name))
            for party in s.parties:
                organisation = self.org(party)
                self.add(fact, EKG.party, organisation)
                self.add(contract, EKG.party, organisation)
            self.add(fact, DCTERMS.spatial, self.departement(s.departement))
            self.evidence(fact, s.evidence)

    def fundings(self) -> None:
        for f in sorted(self.x.fundings, key=lambda f: (f.evidence.start, f.evidence.end)):
            if not self.usable("funding", f.evidence,
                               "no positive amount" if f.amount is None or Decimal(f.amount) <= 0 else None):
                continue
            amount = Decimal(f.amount)
            fact = self.key("funding", f.evidence)
            self.add(fact, RDF.type, EKG.FundingCommitment)
            self.add(fact, RDF.type, SCHEMA.MonetaryGrant)
            if f.funder is not None:
                self.add(fact, SCHEMA.funder, self.org(f.funder, funder=True))
            self.add(fact, EKG.funderKind, self.iris.concept("funder-kind", f.funder_kind))
            if f.recipient:
                self.add(fact, EKG.recipient, self.iris.council(f.recipient))
                self.add(fact, EKG.recipientDepartement, self.iris.departement(f.recipient))
            else:
                self.add(fact, RDF.type, EKG.NationalEnvelope)
            self.add(fact, EKG.perYear, Literal(bool(f.per_year)))
            if f.years:
                self.add(fact, EKG.numberOfYears, Literal(int(f.years)))
            if f.period:
                first, last = f.period
                self.add(fact, EKG.period, Literal(str(first) if first == last else f"{first}-{last}"))
            money = self.iris.part(fact, "amount")
            self.add(fact, SCHEMA.amount, money)
            self.add(money, RDF.type, SCHEMA.MonetaryAmount)
            self.add(money, SCHEMA.currency, Literal("EUR"))
            self.add(money, SCHEMA.minValue if f.minimum else SCHEMA.value, decimal_literal(amount))
            if f.period:
                self.add(money, SCHEMA.validFrom, Literal(f"{f.period[0]}-01-01", datatype=XSD.date))
                self.add(money, SCHEMA.validThrough, Literal(f"{f.period[1]}-12-31", datatype=XSD.date))
            self.evidence(fact, f.evidence)

    def actions(self) -> None:
        for a in sorted(self.x.actions, key=lambda a: (a.evidence.start, a.evidence.end, a.action_type)):
            if not self.usable("action", a.evidence,
                               f"axis {a.axis!r} is not 1-4" if a.axis not in (None, 1, 2, 3, 4) else None):
                continue
            type_key = slug(a.action_type)
            fact = self.key("action", a.evidence)
            self.add(fact, RDF.type, EKG.Action)
            self.add(fact, RDF.type, SCHEMA.Action)
            self.add(fact, RDFS.label, self.fr(a.label))
            self.add(fact, EKG.actionType, self.iris.concept("action-type", type_key))
            if a.axis is not None:
                self.add(fact, EKG.axis, self.iris.concept("axis", str(a.axis)))
            self.add(fact, DCTERMS.spatial, self.departement(a.departement))
            if a.status:
                self.add(fact, EKG.actionStatus, self.iris.concept("action-status", a.status))
            for partner in a.partners:
                self.add(fact, EKG.partner, self.org(partner))
            if a.age_min is not None or a.age_max is not None:
                audience = self.iris.part(fact, "audience")
                self.add(fact, SCHEMA.audience, audience)
                self.add(audience, RDF.type, SCHEMA.PeopleAudience)
                if a.age_min is not None:
                    self.add(audience, SCHEMA.suggestedMinAge, decimal_literal(a.age_min))
                if a.age_max is not None:
                    self.add(audience, SCHEMA.suggestedMaxAge, decimal_literal(a.age_max))
            for n, capacity in enumerate(a.capacities, start=1):
                node = self.iris.part(fact, f"capacity-{n}")
                self.add(fact, EKG.capacity, node)
                self.add(node, RDF.type, EKG.Capacity)
                self.add(node, EKG.places, Literal(int(capacity.places)))
                self.add(node, RDFS.label, self.fr(capacity.label))
            self.evidence(fact, a.evidence)

    def observations(self) -> None:
        for o in sorted(self.x.observations, key=lambda o: (o.evidence.start, o.evidence.end)):
            if not self.usable("observation", o.evidence):
                continue
            fact = self.key("observation", o.evidence)
            self.add(fact, RDF.type, EKG.Observation)
            self.add(fact, RDF.type, QB.Observation)
            self.add(fact, RDF.type, SCHEMA.Observation)
            self.add(fact, RDFS.label, self.fr(o.label))
            self.add(fact, SDMX_MEASURE.obsValue, decimal_literal(o.value))
            self.add(fact, EKG.unit, Literal(o.unit))
            if o.year:
                self.add(fact, EKG.refYear, Literal(str(o.year), datatype=XSD.gYear))
            if o.area:
                area = self.iris.country(o.area) if o.area == "FR" else self.iris.departement(o.area)
                self.add(fact, SDMX_DIMENSION.refArea, area)
            self.evidence(fact, o.evidence)


def assemble(extraction: Extraction, iris: Iris | None = None, *, warnings: list[str] | None = None) -> list[Quad]:
    """The quads one document contributes, in an order that depends only on the extraction.

    Its own graph's quads come first, then those of the entities it cites (in ``graph/entities``);
    two documents naming the same person give the same entity quads, which the store keeps once.
    A fact that cannot be written (evidence outside the text, no amount…) is left out and said in
    ``warnings``; the rest of the document is kept.
    """
    writer = _Writer(extraction, iris or Iris())
    writer.describe_document()
    writer.memberships()
    writer.signatures()
    writer.fundings()
    writer.actions()
    writer.observations()
    if warnings is not None:
        warnings.extend(writer.warnings)
    own: list[Quad] = [(s, p, o, writer.graph) for s, p, o in writer.triples]
    return own + [(s, p, o, writer.entities) for s, p, o in writer.shared]


def cited_entities(document_quads: Iterable[Quad], entity_quads: Iterable[Quad]) -> list[Quad]:
    """The entity quads that some document still cites, directly or through another entity.

    Used when documents are replaced or removed: an entity (or one of its links, a post's
    holder…) that no remaining document cites is dropped, as a rebuild would not write it.
    """
    by_subject: dict[Node, list[Quad]] = {}
    for quad in dict.fromkeys(entity_quads):
        by_subject.setdefault(quad[0], []).append(quad)
    frontier = [o for _, _, o, _ in document_quads if o in by_subject]
    reached: set[Node] = set()
    while frontier:
        node = frontier.pop()
        if node in reached:
            continue
        reached.add(node)
        frontier.extend(o for _, _, o, _ in by_subject[node] if o in by_subject and o not in reached)
    return [quad for subject, quads in by_subject.items() if subject in reached for quad in quads]


def fact_counts(quads: Iterable[Quad]) -> dict[str, int]:
    """How many fact nodes of each kind the quads hold (membership, signature, funding, action, observation)."""
    kinds: dict[Node, str] = {
        ORG.Membership: "membership", EKG.Signature: "signature", EKG.FundingCommitment: "funding",
        EKG.Action: "action", EKG.Observation: "observation",
    }
    counts = dict.fromkeys(kinds.values(), 0)
    for _, p, o, _ in quads:
        if p == RDF.type and o in kinds:
            counts[kinds[o]] += 1
    return counts
