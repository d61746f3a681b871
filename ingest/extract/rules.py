"""The extraction rules as data (``vocab/rules.yaml``) and as RDF individuals of ``ekg:ExtractionRule``.

Every fact carries the id of the rule that produced it (``Evidence.rule``); the graph points
each fact node at the rule's IRI, and ``ontology/extraction-rules.ttl`` (generated from the
YAML by ``python -m ingest.extract.rules``, checked by a test) describes each rule with a
label and what it decides, so that an auditor can ask *why* the graph says something.

>>> rule_iri("funding.payer.parse-subject")
'https://w3id.org/enfance-kg/ontology/rule/funding.payer.parse-subject'
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import VocabularyError, section

RULE_BASE = "https://w3id.org/enfance-kg/ontology/rule/"


@dataclass(frozen=True)
class Rule:
    id: str
    label_fr: str
    label_en: str
    description: str


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Every rule by id, in the order of the file."""
    out = {}
    for rule_id, entry in section("rules", "rules").items():
        label = entry.get("label") or []
        if len(label) != 2 or not entry.get("description"):
            raise VocabularyError(f"vocab/rules.yaml: rule {rule_id!r} needs a [fr, en] label and a description")
        out[rule_id] = Rule(rule_id, label[0], label[1], entry["description"])
    return out


def rule_iri(rule_id: str) -> str:
    return RULE_BASE + rule_id


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def turtle() -> str:
    """``ontology/extraction-rules.ttl``: one ``ekg:ExtractionRule`` per rule, sorted by id."""
    lines = [
        "# The extraction rules of enfance-kg, generated from ingest/extract/vocab/rules.yaml",
        "# by `python -m ingest.extract.rules > ontology/extraction-rules.ttl`: do not edit by hand.",
        "",
        "@prefix ekg: <https://w3id.org/enfance-kg/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        f"@prefix rule: <{RULE_BASE}> .",
        "",
    ]
    for rule in sorted(rules().values(), key=lambda r: r.id):
        lines += [
            f"rule:{rule.id} a ekg:ExtractionRule ;",
            f"    dcterms:identifier {_literal(rule.id)} ;",
            f"    rdfs:label {_literal(rule.label_fr)}@fr , {_literal(rule.label_en)}@en ;",
            f"    dcterms:description {_literal(rule.description)}@en ;",
            "    rdfs:isDefinedBy <https://w3id.org/enfance-kg/ontology> .",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - the generator's entry point
    sys.stdout.write(turtle())
