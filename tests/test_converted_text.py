"""Text converted from PDF or office files: sentences cut by hard line breaks, words hyphenated across lines.

The stored text is never changed: a sentence that a line break cuts spans its lines (its offsets are exact on
the stored text), and extraction reads it through a view of the same length where each break is a space and a
hyphenated word is whole again.
"""

from __future__ import annotations

import pytest

from ingest.clean import clean
from ingest.extract import extract
from ingest.model import SourceDocument
from ingest.segment import reading, segment

WRAPPED = (
    "Le préfet de la Manche, Jean Morel, et Gilles Quénault, président du conseil\n"
    "départemental, ont signé le lundi 8 février 2021 à la préfecture le contrat de\n"
    "prévention et de protection de l'enfance. L'État y consacre 1 200 000 € et le Dépar-\n"
    "tement 900 000 € sur deux ans.\n"
)


def _extract(text: str):
    return extract(SourceDocument(stem="t", file_name="t.txt", text=text), clean(text, segment(text)))


def test_a_sentence_cut_by_line_breaks_is_one_sentence_with_exact_offsets() -> None:
    sentences = segment(WRAPPED)
    assert len(sentences) == 2
    for sentence in sentences:
        assert WRAPPED[sentence.start : sentence.end] == sentence.text
    assert sentences[0].text.startswith("Le préfet") and sentences[0].text.endswith("l'enfance.")


@pytest.mark.parametrize(("text", "read"), [
    ("la protec-\ntion de l'enfance", "la protection   de l'enfance"),
    ("le Départe-\nment", "le Département  "),
    ("en Seine-\nMaritime", "en Seine-Maritime "),  # a hyphen before a capital stays: a compound name
    ("un accueil peut-\nêtre", "un accueil peut-être "),
    ("du conseil\ndépartemental", "du conseil départemental"),
])
def test_reading_view_keeps_the_length(text: str, read: str) -> None:
    assert reading(text) == read
    assert len(reading(text)) == len(text)


@pytest.mark.parametrize("text", [
    "Le Préfet,\nJean Dupont",  # a signature block: short lines
    "Montant total du programme en euros\n1 200 000",  # a cell of figures under a label
    "Programme de la journée de signature\nAccueil des invités",  # a heading, then a capitalised line
    "Crédits État      Crédits Département\nvisites à domicile     12 000",  # table columns
    "Pour en savoir plus, consultez le site du Département\nwww.exemple.fr",  # a link
    "La séance est levée à midi et demi, sans autre question.\nles points suivants",  # a closed sentence
])
def test_lines_that_stay_apart(text: str) -> None:
    assert len(segment(text)) == 2


def test_a_text_wrapped_at_a_fixed_width_carries_a_name_onto_the_next_line() -> None:
    line = "Ce paragraphe est écrit sur une largeur fixe, comme un PDF converti en texte brut."
    text = "\n".join([line] * 6 + [
        "C'est dans la salle des commissions du Département, mardi dernier, que Marc-Antoine",
        "Vidal, préfet des Vosges, et Jean Morel, président du Département, ont signé le contrat.",
        "Objectifs : mieux prévenir les situations de danger avant la crise.",
    ])
    texts = [s.text for s in segment(text)]
    assert any(t.startswith("C'est dans") and t.endswith("le contrat.") for t in texts)
    assert texts[-1].startswith("Objectifs")  # a field label opens a line of its own


@pytest.mark.parametrize(("text", "read"), [
    ("1’Etat apporte l,2 million d’euros", "l’Etat apporte 1,2 million d’euros"),
    ("plus de l 900 enfants, en hausse de l2 %", "plus de 1 900 enfants, en hausse de 12 %"),
    ("S0CIAL", "SOCIAL"),
    ("l'ARS finance 1 200 places et 10 lits", "l'ARS finance 1 200 places et 10 lits"),
])
def test_slips_of_character_recognition_in_figures(text: str, read: str) -> None:
    assert reading(text) == read


def test_facts_read_across_line_breaks() -> None:
    extraction = _extract(WRAPPED)
    assert [(s.date.isoformat() if s.date else None, s.kind) for s in extraction.signatures] == [
        ("2021-02-08", "contract")
    ]
    assert sorted((f.funder_kind, int(f.amount)) for f in extraction.fundings) == [
        ("department", 900000), ("state", 1200000)
    ]
    assert any(m.person == "Gilles Quénault" for m in extraction.memberships)
    for fact in [*extraction.signatures, *extraction.fundings, *extraction.memberships]:
        assert 0 <= fact.evidence.start < fact.evidence.end <= len(WRAPPED)


def test_a_table_exported_with_semicolons_gives_its_money_column() -> None:
    text = ("Le Département du Calvados suit son contrat.\n"
            "# Montants en euros, toutes sources de financement confondues\n"
            "action;axe;budget;état\n"
            "Visites à domicile sortie de maternité;1;95 000;réalisé\n"
            "Accueil d'urgence Caen - 12 places;2;1,1 M;réalisé\n"
            "Accompagnement jeunes majeurs 18-21 ans;4;450 k;en cours\n")
    assert len(segment(text)) == 6  # the rows stay apart, and apart from the caption
    assert sorted(int(f.amount) for f in _extract(text).fundings) == [95_000, 450_000, 1_100_000]


@pytest.mark.parametrize("line", ["Le Département finance trois mesures ; la PMI en porte deux ; l'ARS une.",
                                  "Horaires : lundi; mardi"])
def test_prose_with_semicolons_is_no_table_row(line: str) -> None:
    from ingest.extract.fundings_tables import is_csv_row

    assert not is_csv_row(line)


FLATTENED_TABLE = (
    "Le Département des Landes et l'État ont retenu les actions suivantes :\n"
    "- la création d'une équipe mobile pour les enfants confiés en situation de handicap ;\n"
    "- l'ouverture d'un accueil de jour de 12 places.\n"
    "\n"
    "ANNEXE – TABLEAU DES ACTIONS\n"
    "N° Intitulé de l'action Crédits État 2021 (€)\n"
    "1 Équipe mobile handicap 280 000\n"
    "2 Accueil de jour (12 places) 250 000\n"
    "3 Accompagnement des sortants de l'ASE vers le logement 120 000\n"
    "TOTAL 650 000\n"
)


def test_rows_of_a_flattened_table_are_measures_not_headings() -> None:
    """Short lines closing with an amount, several together, are the rows of a financing table: the row that names a
    measure the text has not described is an action of its own; the others restate the measures already read."""
    actions = _extract(FLATTENED_TABLE).actions
    assert [(a.action_type, a.evidence.rule) for a in actions] == [
        ("equipe-mobile-handicap", "action.list-item"),
        ("diversification-accueil", "action.list-item"),
        ("jeunes-majeurs", "action.table-row"),
    ]


def test_an_html_page_s_navigation_is_not_its_text() -> None:
    """The titles of a menu's links are other pages' (« Appels à projets : jusqu'à 250 000 € »), not this page's."""
    from ingest.read import html_to_text

    page = ("<html><body><nav class='main-menu'><ul><li><a href='/aap'>Appels à projets : jusqu'à 250 000 € pour "
            "la télémédecine</a></li></ul></nav><h1>Un avenant signé</h1><ul><li>une équipe mobile</li></ul>"
            "</body></html>")
    assert html_to_text(page)[0] == "Un avenant signé\n\n- une équipe mobile\n"
