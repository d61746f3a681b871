"""Plain data passed between the stages of the pipeline.

read → clean → segment → extract (mentions, entities, facts) → assemble (RDF). Every
stage takes and returns these dataclasses; RDF appears only in the last one. Offsets
are Python string indices into ``SourceDocument.text``, the original text, never a
cleaned or normalised copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

FunderKind = Literal["state", "ars", "department", "other"]
OrgKind = Literal[
    "state", "ars", "council", "pmi", "hospital", "association", "union", "municipality", "media", "other"
]
ContractKind = Literal["contract", "amendment", "letter_of_intent"]
ActionStatus = Literal["existing", "ongoing", "planned", "funded"]
DocumentKind = Literal["press_release", "news_article", "web_page"]


@dataclass(frozen=True)
class SourceDocument:
    """A document as read from the corpus, with its optional sidecar metadata."""

    stem: str  # file name without extension: the document's key
    file_name: str
    text: str  # exactly as read (after decoding), never normalised
    media_type: str = "text/plain"  # text/plain, text/markdown, text/html
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    author: str | None = None
    source_url: str | None = None
    kind: DocumentKind | None = None
    path: Path | None = None
    file_sha256: str | None = None  # of the file's bytes as read, before decoding, repairs and HTML conversion


@dataclass(frozen=True)
class Sentence:
    """A sentence or a line of the original text; ``boilerplate`` ones are skipped by extraction."""

    start: int
    end: int
    text: str
    boilerplate: bool = False


@dataclass(frozen=True)
class OrgRef:
    """An organisation as the text names it, resolved as far as the reference data allows.

    ``code`` is the INSEE code of the council's département (kind ``council``) or the
    ARS's région (kind ``ars``); other kinds are keyed by ``name``.
    """

    kind: OrgKind
    name: str
    code: str | None = None


MentionKind = Literal[
    "money", "date", "age", "capacity", "count", "percent", "place", "org", "person"
]


@dataclass(frozen=True)
class Mention:
    """Something a sentence names, found once: a figure, a date, a place, an organisation, a person.

    ``start``/``end`` are offsets into the document text; ``value`` is the parsed value (a
    ``Decimal`` for money, a code for a place, an ``OrgRef``-like kind for an organisation…);
    ``pattern`` is the id of the vocabulary pattern that found it (``money.figure-scale``…).
    """

    kind: MentionKind
    start: int
    end: int
    text: str
    value: object
    pattern: str

    @property
    def id(self) -> str:
        """A key unique in its document: ``money@120-131``."""
        return f"{self.kind}@{self.start}-{self.end}"


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated and why it was read so.

    The quote is ``text[start:end]``; ``rule`` is the id of the extraction rule that decided
    the fact (see ``ingest/extract/vocab/rules.yaml``) and ``mentions`` the ids of the mentions
    it used, so that every fact can be traced back to the words and the rule behind it.
    """

    start: int
    end: int
    rule: str = ""
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Membership:
    person: str  # full name as written, e.g. "Adrien Taquet"
    role: str | None  # as written, e.g. "Secrétaire d'État chargé de l'Enfance et des Familles"
    organisation: OrgRef | None
    evidence: Evidence


@dataclass(frozen=True)
class Signature:
    kind: ContractKind
    departement: str | None  # INSEE code
    date: dt.date | None
    signatories: tuple[str, ...]  # person names
    parties: tuple[OrgRef, ...]
    period: tuple[int, int] | None  # e.g. (2020, 2022)
    evidence: Evidence


@dataclass(frozen=True)
class Funding:
    funder: OrgRef | None  # None when the text names no payer (funder_kind "other")
    funder_kind: FunderKind
    recipient: str | None  # INSEE code of the recipient département; None for a national envelope
    amount: Decimal  # euros
    minimum: bool  # "plus de 200 M€": the amount is a lower bound
    per_year: bool
    years: int | None  # "sur 3 ans"
    period: tuple[int, int] | None  # (first year, last year), (2022, 2022) for "en 2022"
    evidence: Evidence
    contract_kind: ContractKind | None = None  # when the text ties the money to a contract


@dataclass(frozen=True)
class Capacity:
    places: int
    label: str | None  # "places d'hébergement"


@dataclass(frozen=True)
class Action:
    action_type: str  # key of a concept of the action-type scheme (its IRI's last segment)
    axis: int | None  # 1-4, None for governance
    departement: str | None  # INSEE code
    label: str  # short French label, taken from the text
    status: ActionStatus | None
    age_min: float | None
    age_max: float | None
    capacities: tuple[Capacity, ...]
    partners: tuple[OrgRef, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Observation:
    label: str
    value: Decimal
    unit: Literal["percent", "children", "euros", "places", "other"]
    year: int | None
    area: str | None  # INSEE code of a département, "FR" for France, None when unstated
    evidence: Evidence


@dataclass
class Extraction:
    """Everything found in one document."""

    document: SourceDocument
    sentences: list[Sentence]
    title: str | None = None
    published: dt.date | None = None
    publisher: OrgRef | None = None
    author: str | None = None
    kind: DocumentKind = "web_page"
    language: str = "fr"
    departements: list[str] = field(default_factory=list)  # INSEE codes the document is about
    focus: str | None = None  # the département "le Département" means
    memberships: list[Membership] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
