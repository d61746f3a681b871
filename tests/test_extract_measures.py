"""Actions and capacities: one table per kind of failure found across the development sets of the third round
(real pages as stored, deliberations, fiches-actions, training catalogues, interviews, union leaflets). Each
kind was seen in two documents or more; every example here is written for this file, in other words than theirs.
Each row says what it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import clean
from ingest.extract import extract
from ingest.model import Action, Extraction, SourceDocument
from ingest.segment import segment

FOCUS = "Le Département de l'Hérault signe son contrat avec l'État.\n"


def _extract(text: str, published: dt.date | None = dt.date(2021, 6, 18)) -> Extraction:
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=published)
    return extract(source, clean(text, segment(text)))


def _actions(text: str) -> list[Action]:
    return _extract(FOCUS + text).actions


def _quotes(text: str) -> list[str]:
    return [" ".join(a.label.split()) for a in _actions(text)]


# 1. a line broken inside a sentence (a page converted from PDF, a paragraph cut inside a word)
BROKEN_LINES = [
    # a PDF's lines: the measures of one sentence run over four lines, one line opening with a capital
    ("Les mesures du contrat comprennent notamment la création par la PMI d'un bilan de\n"
     "santé pour tous les enfants de 4 ans scolarisés en maternelle, l'ouverture à\n"
     "Sète d'une maison d'enfants à caractère social de 20 places, et la création\n"
     "d'un service de parrainage pour les enfants confiés.\n",
     ["bilan-sante-ecole-maternelle", "mecs", "parrainage"]),
    # a paragraph cut inside a word: the next paragraph's first letters belong to the clause before
    ("Le contrat finance un appel à projets d'AEMO renforcée, pour permettre aux enfant\n\n"
     "s de rester chez eux ; ou encore la création d'un relais parental à Lodève.\n",
     ["aemo", "soutien-parentalite"]),
]


@pytest.mark.parametrize(("text", "types"), BROKEN_LINES)
def test_a_line_broken_inside_a_sentence(text: str, types: list[str]) -> None:
    actions = _actions(text)
    assert [a.action_type for a in actions] == types
    assert not any(a.label.startswith("s de ") for a in actions)  # no quote starts inside a word


def test_sentences_glued_without_a_space_are_two() -> None:
    # real pages glue sentences (« … au total.Douze enfants … »); abbreviations and initials stay whole
    assert [s.text for s in segment("Soit 3 M€ au total.Huit enfants y vivront.")] == [
        "Soit 3 M€ au total.", "Huit enfants y vivront."]
    assert [s.text for s in segment("ensemble.« C'est un pas »")] == ["ensemble.", "« C'est un pas »"]
    assert len(segment("Signé par M.Dupont et J.Martin le 3 mars.")) == 1
