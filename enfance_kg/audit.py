"""``enfance-kg audit``: the store's validation as a static HTML report an auditor opens offline.

``index.html`` sums up (results per severity, per shape, per document; disagreements between
sources); each document has a page with its text, every fact's quote highlighted in it (hover or
click a quote for its fact and rule, click a fact to find its quote), and the document's
violations, warnings and disagreements. The pages need nothing but the folder: the stylesheet
and the small script are written beside them, no CDN, no server.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg import reports
from enfance_kg import store as kg_store
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG
from enfance_kg.validation import Result, ValidationReport, validate_store

#: the kinds of fact, most specific first, with their names for a reader
KINDS: dict[str, dict[str, str]] = {
    str(EKG.NationalEnvelope): {"fr": "enveloppe nationale", "en": "national envelope"},
    str(EKG.FundingCommitment): {"fr": "financement", "en": "funding"},
    str(EKG.Signature): {"fr": "signature", "en": "signing"},
    str(EKG.Action): {"fr": "action", "en": "action"},
    str(EKG.Observation): {"fr": "indicateur", "en": "indicator"},
    "http://www.w3.org/ns/org#Membership": {"fr": "fonction", "en": "post"},
}
PAGE_WORDS = {
    "fr": {"summary": "Synthèse de l'audit", "documents": "Documents", "shapes": "Résultats par forme",
           "facts": "Faits extraits", "text": "Texte du document", "problems": "Problèmes de ce document",
           "none": "Aucun problème.", "back": "← synthèse", "rule": "règle", "chars": "caractères",
           "results": "résultats", "document": "document", "title": "titre", "nofact": "Aucun fait extrait.",
           "hint": "Survolez ou cliquez une citation surlignée pour voir son fait et sa règle ; cliquez un fait "
                   "pour retrouver sa citation.", "kinds": "faits", "store": "magasin", "generated": "produit par",
           "noviolation": "aucune violation"},
    "en": {"summary": "Audit summary", "documents": "Documents", "shapes": "Results per shape",
           "facts": "Extracted facts", "text": "The document's text", "problems": "This document's problems",
           "none": "No problem.", "back": "← summary", "rule": "rule", "chars": "characters",
           "results": "results", "document": "document", "title": "title", "nofact": "No fact was extracted.",
           "hint": "Hover or click a highlighted quote to see its fact and rule; click a fact to find its quote.",
           "kinds": "facts", "store": "store", "generated": "made by", "noviolation": "no violation"},
}


@dataclass
class Fact:
    iri: str
    kind: str
    start: int
    end: int
    exact: str
    rule: str = ""
    rule_text: str = ""
    label: str = ""
    number: int = 0
    severity: str = ""  # the most serious result about the fact, if any


@dataclass
class Segment:
    text: str
    facts: list[Fact] = field(default_factory=list)

    @property
    def css(self) -> str:
        worst = {f.severity for f in self.facts}
        css = "fact" + (" problem" if "violation" in worst else " warned" if "warning" in worst else "")
        return css + (" many" if len(self.facts) > 1 else "")


@dataclass
class DocumentPage:
    iri: str
    key: str
    title: str
    text: str
    issued: str = ""
    facts: list[Fact] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    conflicts: list[Result] = field(default_factory=list)

    @property
    def file(self) -> str:
        return f"document-{self.key}.html"

    def counts(self) -> Counter:
        return Counter(r.severity for r in [*self.results, *self.conflicts])

    def segments(self) -> list[Segment]:
        """The text cut where a quote starts or ends, each piece with the facts whose quote covers it."""
        cuts = sorted({0, len(self.text), *(f.start for f in self.facts), *(f.end for f in self.facts)})
        pieces = []
        for left, right in itertools.pairwise(cuts):
            covering = [f for f in self.facts if f.start <= left and right <= f.end]
            pieces.append(Segment(self.text[left:right], covering))
        return pieces


def _env() -> Environment:
    env = Environment(loader=PackageLoader("enfance_kg", "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(term=reports.term, short=reports.short, spans=reports.spans)
    return env


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _pick(values: list[Node | None], lang: str) -> str:
    tagged = [v for v in values if isinstance(v, Literal) and v.language == lang]
    rest = [v for v in values if v is not None]
    return _text((tagged or rest or [None])[0])


def _kind(types: set[str], lang: str) -> str:
    for iri, names in KINDS.items():
        if iri in types:
            return names[lang]
    return "fait" if lang == "fr" else "fact"


def _facts(store, graph: URIRef, lang: str) -> list[Fact]:
    query = _query("audit-facts.rq")
    rows = kg_store.select(store, query, named_graphs=[str(graph)])
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(str(row["fact"]), []).append(row)
    facts = []
    for iri, group in grouped.items():
        first = group[0]
        facts.append(Fact(
            iri=iri, kind=_kind({str(r["type"]) for r in group}, lang), start=int(str(first["start"])),
            end=int(str(first["end"])), exact=_text(first["exact"]), rule=_text(first.get("rule")),
            rule_text=_pick([r.get("ruleText") for r in group], lang),
            label=_pick([r.get("label") for r in group], lang),
        ))
    facts.sort(key=lambda f: (f.start, f.end, f.iri))
    for number, fact in enumerate(facts, 1):
        fact.number = number
    return facts


def _query(name: str) -> str:
    return resources.files("enfance_kg.shapes").joinpath(name).read_text(encoding="utf-8")


def _pages(store, report: ValidationReport, iris: Iris, lang: str) -> list[DocumentPage]:
    pages: list[DocumentPage] = []
    for row in kg_store.select(store, _query("audit-documents.rq")):
        iri = str(row["document"])
        if any(p.iri == iri for p in pages):
            continue
        key = iri.rsplit("/", 1)[-1]
        page = DocumentPage(iri=iri, key=re.sub(r"[^a-z0-9-]", "-", key), title=_text(row.get("title")) or key,
                            text=_text(row["text"]), issued=_text(row.get("issued")))
        page.facts = _facts(store, iris.document_graph(key), lang)
        page.results = [r for r in report.results if str(r.document) == iri and not r.conflict]
        page.conflicts = [r for r in report.results if r.conflict and iri in (str(r.document), str(r.related_document))]
        rank = {"violation": 2, "warning": 1, "info": 0}
        by_fact = {f.iri: f for f in page.facts}
        for result in page.results:
            fact = by_fact.get(str(result.fact))
            if fact is not None and rank[result.severity] > rank.get(fact.severity, -1):
                fact.severity = result.severity
        pages.append(page)
    return pages


def write_audit(folder: Path, out: Path, *, lang: str = "fr", severity: str = "info",
                iris: Iris | None = None) -> ValidationReport:
    """Validate the store in ``folder`` and write the audit report into ``out`` (created if need be)."""
    iris = iris or Iris()
    report = validate_store(folder, severity=severity, iris=iris)
    store = kg_store.open_store(folder)
    pages = _pages(store, report, iris, lang)
    out.mkdir(parents=True, exist_ok=True)
    env = _env()
    common = {"lang": lang, "w": reports.words(lang), "p": PAGE_WORDS[lang], "sev": reports.SEVERITY_WORDS[lang],
              "report": report, "summary": audit_summary(report, lang),
              "found": audit_summary(report, lang, verdict=False)}
    shapes = Counter((r.shape, r.severity) for r in report.results)
    (out / "index.html").write_text(env.get_template("audit-index.html").render(
        pages=pages, shapes=sorted(shapes.items(), key=lambda item: (-item[1], str(item[0][0]))),
        conflicts=reports.conflicts(report), others=_unplaced(report),
        **common), encoding="utf-8")
    template = env.get_template("audit-document.html")
    for page in pages:
        (out / page.file).write_text(template.render(page=page, **common), encoding="utf-8")
    for asset in ("report.css", "audit.js"):
        (out / asset).write_text(resources.files("enfance_kg").joinpath("templates", asset).read_text("utf-8"),
                                 encoding="utf-8")
    return report


def audit_summary(report: ValidationReport, lang: str, *, verdict: bool = True) -> str:
    """The verdict as the audit's exit status gives it (violations), then what else was found: "aucune
    violation ; 8 avertissements, 1 information dans 5 documents (5510 triplets vérifiés)"; without
    ``verdict`` (beside a badge that says it), what else was found only."""
    w, p = reports.words(lang), PAGE_WORDS[lang]
    violations = [r for r in report.results if r.severity == "violation"]
    parts = [reports.tally(violations, lang) if violations else p["noviolation"]] if verdict else []
    others = reports.tally([r for r in report.results if r.severity != "violation"], lang)
    if others:
        parts.append(others)
    head = (" ; " if lang == "fr" else "; ").join(parts)
    documents = {r.document for r in report.results if r.document is not None}
    if documents:
        head += f" {w['in']} {len(documents)} {w['document'] if len(documents) == 1 else w['documents']}"
    return f"{head} ({report.triples} {w['checked']})".strip()


def _unplaced(report: ValidationReport) -> list[Result]:
    """Results that belong to no document: the ontology, the reference data, shared entities."""
    return [r for r in report.results if r.document is None and not r.conflict]


__all__ = ["write_audit"]
