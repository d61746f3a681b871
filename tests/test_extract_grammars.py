"""Table-driven tests of the extraction grammars (money, dates, ages, places, people, action types),
with examples written for these tests, and a score floor for the extractor on the seeds and the
extra corpus (counted as ``../shared/eval/score.py`` counts)."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from ingest.extract.action_labels import matches
from ingest.extract.dates import find_dates
from ingest.extract.numbers import find_ages, find_capacities, find_money, find_percentages
from ingest.extract.orgs import find_orgs
from ingest.extract.people import find_roles_and_names, looks_like_name
from ingest.extract.places import find_departements
from ingest.extract.text import content_tokens, fold

MONEY = [
    ("le Département engage 2,5 millions d'euros", [(Decimal("2500000"), False, False)]),
    ("une aide de 750 000 euros", [(Decimal("750000"), False, False)]),
    ("soit 1\u00a0200\u00a0000\u00a0€ au total", [(Decimal("1200000"), False, False)]),
    ("l'ARS apporte 0,9 M€", [(Decimal("900000"), False, False)]),
    ("un budget de 1,1 Md€", [(Decimal("1100000000"), False, False)]),
    ("250 k€ par an", [(Decimal("250000"), False, True)]),
    ("plus de 12 M€ chaque année", [(Decimal("12000000"), True, True)]),
    ("Deux millions d'euros seront apportés", [(Decimal("2000000"), False, False)]),
    ("cinquante mille euros", [(Decimal("50000"), False, False)]),
    # a share figure without its sign takes the euros of the amount it is a share of; with its sign it is found once
    ("le bus a coûté 240 000 euros, dont 120 000 apportés par l'État",
     [(Decimal("240000"), False, False), (Decimal("120000"), False, False)]),
    ("3 000 000 €, dont 1 200 000 € de l'État",
     [(Decimal("3000000"), False, False), (Decimal("1200000"), False, False)]),
    ("un million d'euros de l'ARS", [(Decimal("1000000"), False, False)]),
    ("de 300 millions en 2021", [(Decimal("300000000"), False, False)]),
    ("deux millions et demi d'euros", [(Decimal("2500000"), False, False)]),
    ("1,5 million d’euros", [(Decimal("1500000"), False, False)]),
    ("3 millions d'habitants", []),
    ("1,5 million de Français", []),
    ("un prix de journée de 180 € par jour", []),
    ("12 enfants et 4 places", []),
]


@pytest.mark.parametrize(("text", "expected"), MONEY)
def test_money(text: str, expected: list) -> None:
    assert [(m.value, m.minimum, m.per_year) for m in find_money(text)] == expected


def test_money_offsets_cover_the_amount() -> None:
    text = "Le Département consacre plus de 45 M€ à l'enfance."
    (m,) = find_money(text)
    assert text[m.start : m.end] == "plus de 45 M€"


AGES = [
    ("les enfants de 5/6 ans", (Decimal(5), Decimal(6))),
    ("de 0 à 3 ans", (Decimal(0), Decimal(3))),
    ("entre 11 et 15 ans", (Decimal(11), Decimal(15))),
    ("les 16-18 ans", (Decimal(16), Decimal(18))),
    ("les moins de 6 ans", (None, Decimal(6))),
    ("jusqu'à 21 ans", (None, Decimal(21))),
    ("à partir de 16 ans", (Decimal(16), None)),
    ("les jeunes de plus de 18 ans", (Decimal(18), None)),
    ("des enfants âgés de 2 ans", (Decimal(2), Decimal(2))),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_ages(text: str, expected: tuple) -> None:
    assert find_ages(text)[0][:2] == expected


@pytest.mark.parametrize("text", ["un contrat sur 3 ans", "pendant 2 ans", "depuis 5 ans", "en 3 à 4 ans de travaux"])
def test_durations_are_not_ages(text: str) -> None:
    assert find_ages(text) == []


def test_capacities_and_percentages() -> None:
    assert [(n, label) for n, label, _, _ in find_capacities("12 places d'accueil d'urgence et 6 lits")] == [
        (12, "places d'accueil d'urgence"),
        (6, "lits"),
    ]
    assert [v for v, _, _ in find_percentages("62 % en 2019, 80\u202f% en 2022")] == [Decimal(62), Decimal(80)]


DATES = [
    ("signé le 1er juillet 2021", None, (), dt.date(2021, 7, 1)),
    ("Publié le 07/12/2020", None, (), dt.date(2020, 12, 7)),
    ("le 2020-06-30", None, (), dt.date(2020, 6, 30)),
    ("ce jeudi 10 décembre", None, (2019, 2020, 2021), dt.date(2020, 12, 10)),
    ("le 3 janvier", dt.date(2020, 12, 20), (), dt.date(2021, 1, 3)),
    ("le 15 novembre", dt.date(2021, 11, 20), (), dt.date(2021, 11, 15)),
    ("mardi 29 juin", dt.date(2021, 7, 1), (), dt.date(2021, 6, 29)),
    # « dernier » and « prochain » say on which side of the document's date the day falls, however far
    ("le 9 mars dernier", dt.date(2021, 12, 20), (), dt.date(2021, 3, 9)),
    ("le 3 mai prochain", dt.date(2021, 12, 20), (), dt.date(2022, 5, 3)),
    # numeric dates with dashes, and with two digits for the year after slashes
    ("signé le 27-10-2021", None, (), dt.date(2021, 10, 27)),
    ("signé le 15/12/20, à Laval", None, (), dt.date(2020, 12, 15)),
]


@pytest.mark.parametrize(("text", "reference", "years", "expected"), DATES)
def test_dates(text: str, reference: dt.date | None, years: tuple, expected: dt.date) -> None:
    assert [d.value for d in find_dates(text, reference, years)] == [expected]


PLACES = [
    ("Le Conseil départemental de la Gironde", ["33"]),
    ("en Ille-et-Vilaine et dans le Var (83)", ["35", "83"]),
    ("dans le Lot, un lot de mesures", ["46"]),
    ("la préfecture du Cher", ["18"]),
    ("l'ARS Pays de la Loire", []),
    ("au nord de la ville, un var", []),
    ("Martinique et La Réunion", ["972", "974"]),
    # a meeting is no département: « Réunion » needs its article and a capital noun
    ("Réunion du vendredi 25 juin 2021. La réunion est ouverte à 9 h 30.", []),
    ("RÉUNION DU 3 MARS 2022", []),
    ("le conseil départemental de la Réunion", ["974"]),
    ("à Paris, le Conseil de Paris", ["75"]),
    ("les Côtes-d'Armor et la Haute-Garonne", ["22", "31"]),
    # a name that heads its paragraph as a label closed by a period: the département a note goes through
    ("**Aube.** Le département a privilégié l'accueil d'urgence.\n\n**Indre.** La priorité a porté …", ["10", "36"]),
    ("Il marchait vers le fleuve. Aube. Le jour se lève.", []),  # inside a line: the common word
    # or by a dash; the INSEE code in the cell beside a name in a table row
    ("Rapport.\n\nVosges – Une équipe de liaison a été créée.\n\nMeuse – Une consultation ouvre.", ["88", "55"]),
    ("Code | Département | Crédits\n01   | Ain  | 1 200 000\n40 | Landes | 900 000", ["01", "40"]),
    ("Ligne | Terrain | Surface\n19 | Landes | 900 000", []),  # a code that is not the name's: the common word
    # the adjective of a département's people after a noun, in any of its forms; the people after an article
    ("Le coût total du programme haut-viennois est évalué à 12 millions d'euros.", ["87"]),
    ("La collectivité haute-viennoise et les familles creusoises", ["87", "23"]),
    ("au service des Ardéchois et de la jeunesse val-de-marnaise", ["07", "94"]),
    ("Les Girondins de Bordeaux, girondin de naissance, le massif vosgien", []),
    # a name heading its paragraph as a label closed by a colon (a daily comparing two départements)
    ("Le bilan.\n\nSavoie : miser sur les tout-petits", ["73"]),
]


@pytest.mark.parametrize(("text", "codes"), PLACES)
def test_departements(text: str, codes: list[str]) -> None:
    assert [m.code for m in find_departements(text)] == codes


PEOPLE = [
    (
        "La présidente du conseil départemental, Marie Dupuis-Laval, a signé.",
        "Marie Dupuis-Laval",
        "présidente du conseil départemental",
    ),
    ("« C'est utile », estime Jean Le Floch, directeur de l'enfance.", "Jean Le Floch", "directeur de l'enfance"),
    ("Sophie MARTIN, sage-femme de PMI, témoigne.", "Sophie MARTIN", "sage-femme de PMI"),
]


@pytest.mark.parametrize(("text", "name", "role"), PEOPLE)
def test_people(text: str, name: str, role: str) -> None:
    assert [(p.name, p.role) for p in find_roles_and_names(text)] == [(name, role)]


def test_names_listed_before_a_plural_role_share_it() -> None:
    text = ("Nadia Berthéas, présidente du groupe, Rémi Chaize, Sophie Vial et Karim Benmansour, "
            "conseillers départementaux.")
    assert [(p.name, p.role) for p in find_roles_and_names(text)] == [
        ("Nadia Berthéas", "présidente du groupe"), ("Rémi Chaize", "conseillers départementaux"),
        ("Sophie Vial", "conseillers départementaux"), ("Karim Benmansour", "conseillers départementaux"),
    ]


@pytest.mark.parametrize(
    "text", ["Stratégie Nationale", "Haute Garonne", "Mot Passe", "Conseil Départemental", "Toulouse"]
)
def test_not_names(text: str) -> None:
    assert not looks_like_name(text)


# people named by their lines, written for this test: (document, (name, role) pairs it must give)
LAYOUT_PEOPLE = [
    ("Le Département de la Creuse.\n\nÀ\n\nMonsieur Paul Verdier\nDirecteur de l'enfance et de la famille\n"
     "12, rue Martinet\n", [("Paul Verdier", "Directeur de l'enfance et de la famille")]),
    ("Je vous prie d'agréer mes salutations.\n\nLa Préfète,\n\nNadia Benali\n", [("Nadia Benali", "Préfète")]),
    ("ALLOCUTION DE MARTINE DUBREUIL\nPrésidente du Conseil départemental\n",
     [("Martine Dubreuil", "Présidente du Conseil départemental")]),
    ("ANNE COSTA (journaliste) : Bonjour.\nLUC BRIAND : Bonjour Anne.\nANNE COSTA : Alors ?\nLUC BRIAND : Oui.\n",
     [("Anne Costa", "journaliste"), ("Luc Briand", None)]),
    ("Direction générale : Agnès Morel\nSiège : 4 rue Haute\n", [("Agnès Morel", "Direction générale")]),
]


def _people_of(text: str) -> list:
    from ingest.clean import clean
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    return extract(SourceDocument(stem="t", file_name="t.txt", text=text), clean(text, segment(text))).memberships


@pytest.mark.parametrize(("text", "expected"), LAYOUT_PEOPLE)
def test_people_by_their_lines(text: str, expected: list) -> None:
    people = _people_of(text)
    assert set(expected) <= {(m.person, m.role) for m in people}
    for m in people:  # the evidence holds the name, even when it is printed in capitals
        assert fold(m.person) in fold(text[m.evidence.start : m.evidence.end])


@pytest.mark.parametrize(("text", "names"), [
    ("Par Yann Corre et Lucie Marzin\nLe Département du Finistère a signé.", ["Lucie Marzin", "Yann Corre"]),
    ("Rédaction Radio Causses, avec Paul Mazars\nLe Département de l'Aveyron a signé.", ["Paul Mazars"]),
    # a thesis' author line (blind X: x06_19)
    ("Mémoire de recherche\nCamille Vergne, sous la direction de Mme Odile Faucher\nLe contrat a été signé.",
     ["Camille Vergne"]),
])
def test_every_author_of_a_byline(text: str, names: list) -> None:
    assert sorted(m.person for m in _people_of(text) if m.evidence.rule == "person.byline") == names


def test_a_periodicals_masthead_and_a_region_name_are_no_people() -> None:
    text = ("LOIRE MAGAZINE – n° 4 – Printemps 2021\nLoire Magazine : le contrat est signé ?\n"
            "La région Provence Alpes Côte d'Azur suit de près.")
    assert _people_of(text) == []


def test_lines_that_name_no_one() -> None:
    """A heading in capitals beside a field line, a one-off label in capitals, a field line going on as a sentence."""
    text = ("Président de séance : Jean Roux\n\nEXPOSÉ DES MOTIFS\n\nPOINTS CLÉS : trois actions.\n"
            "Rédaction : Marie Lenoir viendra le matin.\n")
    layout = ("person.letter-block", "person.speaker", "person.field-line")
    assert [m.person for m in _people_of(text) if m.evidence.rule in layout] == []


def test_org_roles() -> None:
    orgs = find_orgs("Le Département verse au Département voisin, avec l'État, 2 M€ votés par la CAF")
    assert [(o.kind, o.use) for o in orgs] == [
        ("council", None),
        ("council", "recipient"),
        ("state", "partner"),
        ("other", None),
    ]


ACTION_TYPES = [
    ("le recrutement de dix assistants familiaux", "accueil-familial"),
    ("une AEMO renforcée pour les adolescents", "aemo"),
    ("des bilans de santé réalisés en écoles maternelles", "bilan-sante-ecole-maternelle"),
    ("l'accompagnement des jeunes majeurs jusqu'à 21 ans", "jeunes-majeurs"),
    ("un entretien prénatal précoce pour toutes les futures mères", "entretien-prenatal-precoce"),
    ("la création d'une unité d'accueil pédiatrique enfants en danger", "lutte-violences"),
]


@pytest.mark.parametrize(("text", "key"), ACTION_TYPES)
def test_action_types_from_labels(text: str, key: str) -> None:
    assert matches(content_tokens(text))[0].type.key == key


FUNDING_SENTENCES = [
    ("L'État apporte 3 M€, dont 1 M€ pour la PMI.", [("state", Decimal(3000000))]),
    # a figure restated per year is a fact of its own, the same payer's (« soit » with a smaller amount)
    ("Le Département engage 6 M€ sur trois ans, soit 2 M€ par an.",
     [("department", Decimal(6000000)), ("department", Decimal(2000000))]),
    ("Deux millions d'euros seront apportés par l'État au Département.", [("state", Decimal(2000000))]),
    ("L'agence régionale de santé ajoute 750 000 euros.", [("ars", Decimal(750000))]),
    ("Trois millions d'euros de l'ARS sur trois ans.", [("ars", Decimal(3000000))]),
    (
        "Montant total du contrat : 3 M€ (2 M€ État, 1 M€ Département).",  # a stated total and its parts
        [("other", Decimal(3000000)), ("state", Decimal(2000000)), ("department", Decimal(1000000))],
    ),
    ("Le financement de l'État s'élève à 1,2 M€.", [("state", Decimal(1200000))]),
]


@pytest.mark.parametrize(("text", "expected"), FUNDING_SENTENCES)
def test_funders(text: str, expected: list) -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = "Le Département de la Creuse signe son contrat.\n" + text
    extraction = extract(SourceDocument(stem="t", file_name="t.txt", text=text), segment(text))
    assert [(f.funder_kind, f.amount) for f in extraction.fundings] == expected
    assert all(f.recipient == "23" for f in extraction.fundings)


ACTION_SENTENCES = [
    ("Le contrat prévoit la création d'une équipe mobile et le renforcement de l'accueil familial.", 2),
    ("La CRIP a été renforcée, les assistants familiaux ont été mieux rémunérés.", 2),
    ("Le Département déploiera des cabines de télémédecine pour le bilan de santé des jeunes confiés.", 1),
    ("Les ambitions sont de réduire les inégalités, d'améliorer l'accueil familial, de préparer l'avenir.", 0),
    ("Environ 1 200 jeunes majeurs sont accompagnés par l'ASE.", 0),
]


@pytest.mark.parametrize(("text", "count"), ACTION_SENTENCES)
def test_one_action_per_measure(text: str, count: int) -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = "Le Département de la Creuse signe son contrat.\n" + text
    extraction = extract(SourceDocument(stem="t", file_name="t.txt", text=text), segment(text))
    assert len(extraction.actions) == count, [a.label for a in extraction.actions]


SIGNATURES = [
    ("Le préfet et le président ont signé ce mercredi 18 novembre le contrat.", "contract", dt.date(2020, 11, 18)),
    ("L'avenant 2021 a été signé le 29/06/2021 à Nantes.", "amendment", dt.date(2021, 6, 29)),
    ("Ils ont paraphé lundi 8 février la lettre d'intention.", "letter_of_intent", dt.date(2021, 2, 8)),
    ("La convention, signée en 2020, court jusqu'en 2022.", "contract", None),
]


@pytest.mark.parametrize(("text", "kind", "date"), SIGNATURES)
def test_signatures(text: str, kind: str, date: dt.date | None) -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = "Le Département de la Creuse s'engage.\n" + text
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=dt.date(2021, 1, 20))
    extraction = extract(source, segment(text))
    assert [(s.kind, s.date, s.departement) for s in extraction.signatures] == [(kind, date, "23")]


def test_a_periodicals_season_gives_a_yearless_signing_its_year() -> None:
    """No printed date but the issue's season: the past signing falls in the year the issue starts, not in the latest
    year the text names."""
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = ("LE MAG – n° 12 – Hiver 2021-2022\nLe contrat a été signé le 6 octobre avec le Département du Cher.\n"
            "Les actions courent sur 2021 et 2022.")
    extraction = extract(SourceDocument(stem="t", file_name="t.txt", text=text), segment(text))
    assert [s.date for s in extraction.signatures] == [dt.date(2021, 10, 6)]


def test_a_relative_date_of_another_clause_dates_no_signing() -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = ("Le Département du Cher s'engage.\nLe poste, financé par le contrat signé avec l'État, a permis le "
            "tableau de bord présenté ce jour.")
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=dt.date(2021, 11, 23))
    assert [s.date for s in extract(source, segment(text)).signatures] == [None]


@pytest.mark.parametrize(
    "text", [
        "Il a signé un protocole avec le parquet le 3 mars.", "Les départements signataires.",
        # a signing only considered
        "La signature de l'avenant est envisagée le lundi 17 janvier 2022, en présence du préfet.",
        # the closing formula of another act than the contract
        "ARRÊTÉ PRÉFECTORAL N° 26-2020-12-14\nportant attribution d'une subvention au Département de la Drôme\n"
        "Article 1 : une subvention est attribuée.\nFait à Valence, le 14 décembre 2020",
        "CONVENTION TRIPARTITE DE FINANCEMENT\nÉquipe mobile d'appui des Landes\nArticle 1 : objet.\n"
        "Fait à Mont-de-Marsan, le 24 juin 2021, en trois exemplaires originaux.",
    ]
)
def test_not_signatures(text: str) -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    extraction = extract(SourceDocument(stem="t", file_name="t.txt", text=text), segment(text))
    assert extraction.signatures == []


ABOUT = [
    (
        "Le Département du Var signe.\nLe Var ouvre des places.\nIl recrute.\nLes Alpes-Maritimes voisines l'ont fait.",
        ["83"],
    ),
    ("La stratégie compte 70 départements.\nLa Gironde et le Nord figurent parmi les premiers signataires.", []),
    ("Le préfet a signé les contrats avec l'Aude, le Gard et l'Hérault.", ["11", "30", "34"]),
    # named once each, but in a sentence that signs or pays: the items of a press review
    ("Revue de presse de la semaine.\nEn bref.\nÀ la une.\nCher (18) – Le Département et l'État ont signé le contrat."
     "\nLozère – La Lozère recevra 300 000 euros de l'État.", ["48", "18"]),
    # a name that is also a river, alone on its line in capitals: a letterhead
    ("ALLIER\nHôtel du Département – 03016 Moulins Cedex\nLe président écrit au préfet.", ["03"]),
    # a neighbour named beside the subject in a sentence that signs is still named in passing
    ("Le Département du Var signe.\nLe Var ouvre des places.\nIl recrute.\nLes Alpes-Maritimes voisines avaient "
     "signé le leur, le Var suit.", ["83"]),
    # named once each as the frame of a sentence that states a measure, or whose next sentence does; a
    # département named as a partner's place (« une MECS de Vendée ») or for comparison is named in passing
    ("Le Défenseur des droits publie son rapport.\nDans la Nièvre, des réclamations ont porté sur des placements. "
     "Le Département a créé un service d'accueil d'urgence.\n\nEn Saône-et-Loire, le Département a installé une "
     "instance de médiation pour les familles d'accueil.\n\nUn séjour de rupture est organisé avec une MECS de "
     "Vendée.\n\nLa comparaison avec la Marne, dont le contrat est doté de 400 000 €, est éclairante.",
     ["58", "71"]),
    # a page that names no département but its towns (twice at least, one département's mostly)
    ("VILLE DE PARAY-LE-MONIAL\nAllocution du maire.\nMonsieur le maire de Digoin, Madame la sous-préfète de "
     "Charolles, bienvenue.", ["71"]),
    ("La conférence nationale s'est tenue à Lyon.", []),  # one town, once: no département
    # a Département's own page (« Le Département ») that names one of its towns once (real-dev d05_45)
    ("Deux jeunes filles jouant dans le village d'enfants d'Amilly.\nLe Département a déjà créé 75 places.", ["45"]),
    ("Le Département de l'Yonne et celui du Cher ont signé à Amilly.", ["89", "18"]),
    ("Orange et Tours ont signé des contrats nationaux.", []),  # no word of place before them: no towns
]


@pytest.mark.parametrize(("text", "codes"), ABOUT)
def test_departements_a_document_is_about(text: str, codes: list[str]) -> None:
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    extraction = extract(SourceDocument(stem="t", file_name="t.txt", text=text), segment(text))
    assert extraction.departements == codes
    assert extraction.focus == (codes[0] if codes else None)


def test_fold_keeps_length() -> None:
    text = "Département\u202fde l’Hérault – œuvre"
    assert len(fold(text)) == len(text)


FLOORS = [
    # every set's score on main after the eleventh round (2026-12-04; raised after the thirteenth for the sets it
    # moved), less 0.02 rounded down (sets that did not move keep their floor):
    # a change that costs any set more than that fails here. The sets' first scores, before anyone
    # tuned on them, are in their READMEs (G 0.804, H 0.831, I 0.729, J 0.773, K 0.856, L 0.687, M 0.709, P 0.794,
    # Q 0.873, T 0.759, U 0.763, V 0.773, W 0.836, X 0.811, Y 0.829, E 0.923, F 0.842, Z 0.939, N 0.864, O 0.870,
    # R 0.801, S 0.814, PH 0.896).
    ("seeds", 0.98), ("extra", 0.97), ("blind-a", 0.96), ("blind-b", 0.96), ("blind-c", 0.96), ("blind-d", 0.98),
    ("blind-g", 0.94), ("blind-h", 0.95), ("blind-i", 0.94), ("blind-j", 0.94),
    ("blind-k", 0.94), ("blind-l", 0.92), ("blind-m", 0.96),
    ("blind-p", 0.94), ("blind-q", 0.92),
    # the seventh round's sets (T, U: other styles), development sets in the eighth
    ("blind-t", 0.93), ("blind-u", 0.93),
    # the eighth round's sets: V, W, X other styles, Y real pages as stored
    ("blind-v", 0.88), ("blind-w", 0.94), ("blind-x", 0.91), ("blind-y", 0.92),
    # the ninth round's sets (E, F other styles; Z real pages as stored)
    ("blind-e", 0.92), ("blind-f", 0.91), ("blind-z", 0.98),
    # the tenth round's sets (N other styles, O real pages as stored; first scores 0.864 and 0.870)
    ("blind-n", 0.93), ("blind-o", 0.92),
    # the eleventh round's sets (R other styles, S real pages as stored, PH banks of paraphrases)
    ("blind-r", 0.90), ("blind-s", 0.92), ("blind-ph", 0.93),
    # written at the round's end, first scored 0.831 on its final main (0.828 on the main it began from)
    ("blind-rs2", 0.88),
    # the twelfth round's sets (RA other styles, SA real pages as stored; first scores 0.838, 0.892, 0.886), at their
    # thirteenth-round scores less 0.02
    ("blind-ra", 0.94), ("blind-sa", 0.94), ("blind-rb", 0.94),
    # the thirteenth round's set (RS4 real pages as stored; first score 0.890), at its score after the round less 0.02
    ("blind-rs4", 0.89),
]


def test_every_document_set_has_a_floor() -> None:
    """A set in ``extract_eval.SETS`` or a ``tests/data/blind_*`` folder without a floor is guarded by nothing."""
    sys.path.insert(0, str(Path(__file__).parent))
    import extract_eval

    folders = {f"blind-{p.name.removeprefix('blind_')}" for p in extract_eval.DATA.glob("blind_*") if p.is_dir()}
    assert folders <= set(extract_eval.SETS), folders - set(extract_eval.SETS)
    assert set(extract_eval.SETS) == {name for name, _ in FLOORS}, set(extract_eval.SETS) ^ {n for n, _ in FLOORS}


@cache
def _scored(name: str) -> tuple:
    """``extract_eval.run`` on a set, once per worker: its floor and the rule tally read the same scores, from the
    set's extractions made once per run (:func:`tests.conftest.extracted`)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import extract_eval

    from tests.conftest import extracted

    corpus, gold = extract_eval.SETS[name]
    return extract_eval.run(corpus, gold, extracted(corpus))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "floor"), FLOORS)
def test_extractor_score_floor(name: str, floor: float) -> None:
    """Each document set keeps its floor; one set missing its gold is a failure, not a skip."""
    sys.path.insert(0, str(Path(__file__).parent))
    import extract_eval

    corpus, gold = extract_eval.SETS[name]
    assert gold.is_dir() and corpus.is_dir(), f"{name}: {corpus} or {gold} is missing"
    totals, per_doc = _scored(name)
    assert len(per_doc) == len(list(gold.glob("*.yaml"))), f"{name}: a gold file matches no document"
    tp, fp, fn = (sum(row[i] for row in totals.values()) for i in range(3))
    assert extract_eval.prf(tp, fp, fn)[2] >= floor, (name, totals)


def test_every_fact_points_at_a_trimmed_quote_of_its_document() -> None:
    from tests.conftest import SEEDS, extracted

    extractions = extracted(SEEDS)  # the seeds' floor reads the same
    assert sorted(e.document.file_name for e in extractions) == sorted(p.name for p in SEEDS.glob("*.txt"))
    checked = 0
    for source, extraction in ((e.document, e) for e in extractions):
        facts = [
            *extraction.memberships,
            *extraction.signatures,
            *extraction.fundings,
            *extraction.actions,
            *extraction.observations,
        ]
        boilerplate = [(s.start, s.end) for s in extraction.sentences if s.boilerplate]
        for fact in facts:
            start, end = fact.evidence.start, fact.evidence.end
            quote = source.text[start:end]
            assert 0 <= start < end <= len(source.text)
            assert quote == quote.strip()
            assert not any(a <= start and end <= b for a, b in boilerplate)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("when", ["Quand : lundi 14 mars 2022, de 10 h 30 à 12 h 30",
                                  "Dijon, hôtel du Département, lundi 14 mars 2022, 10 h 30"])
def test_a_signing_event_is_dated_by_the_line_that_says_when(when: str) -> None:
    """The line under the event's title dates it; announced on a page printed before that day, it is still to come
    (the lead's convention: a planned signing is no dated signature)."""
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    def signed(published: str, verb: str) -> list:
        text = (f"Signature du contrat départemental de prévention et de protection de l'enfance\nPublié le {published}"
                f"\n{when}\nLe Département de la Côte-d'Or et l'État {verb} le contrat.")
        source = SourceDocument(stem="t", file_name="t.txt", text=text)
        return [s.date for s in extract(source, segment(text)).signatures]

    assert signed("17/03/2022", "ont signé") == [dt.date(2022, 3, 14)]
    assert signed("03/03/2022", "signeront") == []


def test_a_posts_posted_line_sets_no_scene() -> None:
    """« Posté le 8 octobre 2021 » heads a social-media post: it says when the post went out, not the day of the
    signing the post tells of (« Ce jeudi …, nous avons signé »: a weekday without its date stays undated)."""
    from ingest.extract import extract
    from ingest.model import SourceDocument
    from ingest.segment import segment

    text = ("Fil de la vice-présidente déléguée à l'enfance\n_Posté le 8 octobre 2021_\n\n"
            "1/7 Ce jeudi à Fort-de-France, nous avons signé avec le préfet "
            "le contrat de prévention et de protection de l'enfance.")
    source = SourceDocument(stem="t", file_name="t.md", text=text)
    assert [s.date for s in extract(source, segment(text)).signatures] == [None]


@pytest.mark.slow
def test_the_rule_tally_agrees_with_the_scores() -> None:
    """``extract_eval.py --rules`` counts each fact once, and its right fundings are the scored true positives."""
    sys.path.insert(0, str(Path(__file__).parent))
    import extract_eval

    totals, per_doc = _scored("blind-p")
    tally: extract_eval.RuleTally = {}
    for stem, (e, cats) in per_doc.items():
        extract_eval.tally_rules(tally, stem, e, cats)
    fundings = [row for (category, _rule), row in tally.items() if category == "fundings"]
    assert round(sum(right for right, _ in fundings)) == totals["fundings"][0]
    assert round(sum(sum(row) for row in fundings)) == sum(len(e.fundings) for e, _ in per_doc.values())
    actions = [row for (category, _rule), row in tally.items() if category == "actions"]
    assert round(sum(right for right, _ in actions), 6) == totals["actions by axis"][0]
