"""Who pays how much, signatures and people: one table per kind of failure the third round's development sets
showed (stated totals, payers named after the amount, financing tables, …). Every example is written for this
file, in other words than the sets'."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import clean
from ingest.extract import extract
from ingest.model import Extraction, SourceDocument
from ingest.segment import segment

FOCUS = "Le Département de la Haute-Vienne signe son contrat avec l'État.\n"


def _extract(text: str, published: dt.date | None = dt.date(2021, 6, 18)) -> Extraction:
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=published)
    return extract(source, clean(text, segment(text)))


def _fundings(text: str) -> set[tuple[str, int]]:
    return {(f.funder_kind, int(f.amount)) for f in _extract(FOCUS + text).fundings}


# 1. a stated total is a commitment of its own beside its parts: `other` when several pay, the one payer's when
#    all its parts are one payer's
TOTALS = [
    ("L'État versera 600 000 € et l'ARS 150 000 €, soit 750 000 € au total.",
     {("state", 600_000), ("ars", 150_000), ("other", 750_000)}),
    ("Le programme mobilise 1,8 M€ en 2022, dont 1 M€ de l'État et 800 000 € du Département.",
     {("other", 1_800_000), ("state", 1_000_000), ("department", 800_000)}),
    ("Sur 2021 et 2022, l'État engage 900 000 euros, soit 450 000 € par an.",
     {("state", 900_000), ("state", 450_000)}),
    ("L'État apporte 300 000 € et le Département 350 000 €. L'ensemble représente 650 000 €.",
     {("state", 300_000), ("department", 350_000), ("other", 650_000)}),
    # the agent of a share is not the total's payer
    ("L'effort global atteint 2,6 M€ sur deux ans, dont 180 000 € apportés par l’agence régionale de santé.",
     {("other", 2_600_000), ("ars", 180_000)}),
    # shares of several payers make their total `other`, though a share's words say State money
    ("Les moyens du contrat atteignent 1,5 M€ cette année, dont 900 000 € de crédits délégués par l'État et "
     "600 000 € versés par l'agence régionale de santé.",
     {("other", 1_500_000), ("state", 900_000), ("ars", 600_000)}),
]

# 2. the payer named right after the amount, through a noun of funding or a verb of origin
NAMED_AFTER = [
    ("Le contrat lui apporte 2,2 M€ de crédits de l'État sur trois ans.", {("state", 2_200_000)}),
    ("L'avenant ajoute 310 k€ de crédits État pour l'année.", {("state", 310_000)}),
    ("Sur cette enveloppe, 95 000 euros proviennent de l'agence régionale de santé.", {("ars", 95_000)}),
    ("Le coût annuel est de 80 000 €, dont 40 000 € de crédits de l'État.", {("other", 80_000), ("state", 40_000)}),
]

# 3. financing tables: the header (or the caption) names the payer of a column; figures of a money column
#    need no currency sign; a table of indicators holds no money
TABLES = [
    ("Mesure | Axe | Crédits de l'État 2022\n"
     "Accueil de jour | 2 | 75 000 €\n"
     "Référent santé | 3 | 40 000 €\n"
     "Total | | 115 000 €\n",
     {("state", 75_000), ("state", 40_000), ("state", 115_000)}),
    ("RÉPARTITION DES CRÉDITS DE L'ÉTAT (en euros)\n"
     "| Action | Montant annuel |\n|---|---:|\n| Visites à domicile | 84 000 |\n| Maison des fratries | 126 500 |\n",
     {("state", 84_000), ("state", 126_500)}),
    ("| Mesure | État (€) | Département (€) |\n|---|---:|---:|\n| Équipe mobile | 60 000 | 45 000 |\n",
     {("state", 60_000), ("department", 45_000)}),
    ("Axe Crédits État\nPrévenir dès la naissance 210 000 €\nSécuriser les parcours 305 000 €\n",
     {("state", 210_000), ("state", 305_000)}),
    ("| Indicateur | 2020 | 2021 |\n|---|---:|---:|\n| Enfants confiés | 1 412 | 1 455 |\n", set()),
    # a spreadsheet exported with « ; »: the header names the money column, a figure may keep its « k » or « M »;
    # a measure's label naming an organisation does not make it the payer
    ("Sommes en euros\nmesure;axe;montant;avancement\nPoint rencontre familles;1;64000;ouvert\n"
     "Parlement des enfants du Conseil départemental;3;12 500;prévu\nLogement des 18-21 ans;4;1,3 M;en cours\n",
     {("other", 64_000), ("other", 12_500), ("other", 1_300_000)}),
    # columns aligned by spaces (a PDF converter): the codes of the first columns are no money
    ("            Montants en euros\nCompte    Objet                                      Prévu 2023 (€)\n\n"
     "7471      Dotation de l'État au titre du contrat            402 000,00\n"
     "6568      Relais parental (Limoges)                         118 500,00\n",
     {("state", 402_000), ("other", 118_500)}),
    # a table flattened into lines: the last figure of a row is its amount, after the axis when a column of axes
    # comes before the column of amounts
    ("TABLEAU 2 – FINANCEMENTS\nRang Mesure Axe Crédits État 2023 (€)\n1 Halte répit parents 1 215 000\n"
     "2 Référents parcours 2 95 000\nTOTAL 310 000\n",
     {("state", 215_000), ("state", 95_000), ("state", 310_000)}),
    # one line of prose ending with a figure under a short line is no table
    ("Budget de la PMI\nLe nombre d'enfants suivis passe à 1 250\n", set()),
]


# 4. amounts that commit nothing: another policy's, an upper bound, a unit amount; a remainder is not the payer's
NOT_COMMITMENTS = [
    ("Un assistant familial gagne environ 1 600 euros brut par mois. L'État apporte 1 M€.", {("state", 1_000_000)}),
    ("Voirie : 12 M€ sont inscrits pour la rénovation des ponts départementaux.\nL'État apporte 1 M€.",
     {("state", 1_000_000)}),
    ("Culture • Le festival reçoit une subvention départementale de 30 000 €.\nL'État apporte 1 M€.",
     {("state", 1_000_000)}),
    ("L'État apporte 900 000 € : c'est moins de 300 000 € par an.", {("state", 900_000)}),
    ("Chaque jeune recevra une aide de 500 € pour passer le permis.", set()),
    ("Les travaux ont coûté 1,5 M€. Le Département en a pris en charge 1 M€, le reste étant apporté par la CAF.",
     {("other", 1_500_000), ("department", 1_000_000)}),
    # a budget cut or adjusted by an amount
    ("L'État apporte 1 M€. Le Département a réduit de 150 000 € la ligne des aides éducatives.",
     {("state", 1_000_000)}),
    ("L'État apporte 1 M€. Les crédits d'entretien sont ajustés de 48 200 €.", {("state", 1_000_000)}),
    # the price of one kind of expense in brackets breaks a cost down
    ("Le relais coûte 140 000 € par an. Dépenses : salaires de deux éducateurs (118 000 €), frais de déplacement "
     "(22 000 €).", {("other", 140_000)}),
    # money left over or not spent, a figure given for comparison
    ("L'État apporte 1 M€. Fin 2021, 95 000 € de ces crédits restaient non consommés.", {("state", 1_000_000)}),
    ("L'État apporte 1 M€. Le solde non consommé de 12 000 € est reporté.", {("state", 1_000_000)}),
    ("L'État apporte 1 M€. Par comparaison, le budget de la PMI atteint 9 M€.", {("state", 1_000_000)}),
    # an amount no rule ties to a payer is a funding only when its clause states one (funding.skip.no-evidence)
    ("L'État apporte 1 M€. Les dépenses excèdent de 56 000 € la prévision.", {("state", 1_000_000)}),
    ("Le paiement se fait en deux fois : 70 %, soit 89 950 €, à la signature ; le reste au bilan.", set()),
    ("Le solde, soit 11 500 €, reste à la charge de la commune.", {("other", 11_500)}),
    ("Les équipes mobilisent 265 000 euros en 2022.", {("other", 265_000)}),
    ("Enfance : 3,1 millions d'euros pour l'Oise en 2021", {("other", 3_100_000)}),
    # a pay; an amount coordinated with a unit price or with money spent is one too; a « dont » share's payer is not
    # its total's; who bears a cost, after the comma that closes its clause
    ("L'État apporte 1 M€. Le salaire d'embauche (environ 1 780 € net) freine les recrutements.",
     {("state", 1_000_000)}),
    ("Le coût moyen est de 95 000 € par an pour un médecin et de 52 000 € pour un infirmier.", set()),
    ("L'exécution s'établit à 108,6 M€ en AE et 108,4 M€ en CP.", set()),
    # (the share's figure, without its sign, is in the total's euros: a commitment of the State's beside the total)
    ("Le véhicule a coûté 240 000 euros, dont 120 000 apportés par l'État.", {("other", 240_000), ("state", 120_000)}),
    ("L'investissement est de 2,3 millions d'euros, entièrement à la charge du Département.",
     {("department", 2_300_000)}),
    # money spent; the budget an amount in apposition is entered on; an agent after a total's shares is a share's
    ("Sur 1,2 M€ de crédits délégués en 2021, seuls 0,74 M€ avaient été consommés au 31 décembre.",
     {("state", 1_200_000)}),
    ("Le crédit nécessaire, 165.000 euros, est inscrit au budget supplémentaire.", {("department", 165_000)}),
    ("Selon les documents transmis par le Département, le dispositif a mobilisé 1,36 MEUR, dont 720 000 € apportés "
     "par l'État et 180 000 € par l'ARS.", {("other", 1_360_000), ("state", 720_000), ("ars", 180_000)}),
    # the charges of a budget by kind of expense break its total down (« 64 – Charges de personnel | 96 800 € »)
    ("Budget prévisionnel 2022\n60 – Achats (alimentation, fournitures) | 9 400 €\n64 – Charges de personnel | "
     "96 800 €\nTOTAL DES CHARGES | 106 200 €", {("other", 106_200)}),
    # a budget named in the clause of another payer's amount, before a new subject, is not this amount's
    ("L'ARS apporte 215 000 euros du fonds d'intervention régional, et le Département engage 1 015 000 euros sur ses "
     "fonds propres.", {("ars", 215_000), ("department", 1_015_000)}),
    # a column of money spent or paid tells what was done with a commitment (funding.skip.spent)
    ("| Financeur | Engagement 2021 | Encaissé / mandaté au 31/12/2021 |\n|---|---|---|\n"
     "| État | 930 000 € | 930 000 € |\n| Département | 930 000 € | 482 300 € |",
     {("state", 930_000), ("department", 930_000)}),
    ("Suivi des actions (montants en euros)\naction;axe;budget;état\nEquipe mobile ados;2;185000;en cours\n"
     "ODPE;;35000;réalisé", {("other", 185_000), ("other", 35_000)}),
]

# « soit » with no amount before it values the money its sentence names; a budget left out is no payer
NAMED_AFTER += [
    ("Le service s'étoffe grâce aux crédits supplémentaires versés par l'État au titre du contrat que le Département "
     "a signé, soit 310 000 euros en 2022.", {("state", 310_000)}),
    ("L'État apporte 500 000 € et l'ARS 150 000 €, soit 650 000 € en 2022, hors participation départementale.",
     {("state", 500_000), ("ars", 150_000), ("other", 650_000)}),
]

# the subject of the relative clause an amount opens pays it; the complement of the amount before pays that one;
# a wave of départements is national money
NAMED_AFTER += [
    # « ces 3 M€ » names money already stated, in a comment that commits nothing: no funding of its own
    ("Ces 3 M€ sont peu de chose à côté des 95 M€ que le Département dépense chaque année pour l'enfance.",
     {("department", 95_000_000)}),
    ("Le contrat prévoit 900 000 euros de crédits de l'État en 2022, auxquels s'ajoute une participation "
     "départementale de 1,1 M€.", {("state", 900_000), ("department", 1_100_000)}),
    ("Le plan réservait 50 millions d'euros à une deuxième vague de départements.", {("state", 50_000_000)}),
    # an amount after « contre » is the same budget in another year
    ("Les dépenses de prévention du Département ont atteint 12,4 M€ en 2021, contre 10,9 M€ en 2019.",
     {("department", 12_400_000), ("department", 10_900_000)}),
]

# a « dont » share with no payer named is its total's payer's when it is set aside for a purpose or told in words
# of that payer's money; a mere part of a cost stays unrecorded
NAMED_AFTER += [
    ("L'État délègue 40 M€ sur le programme 304, dont 2 M€ réservés aux départements d'outre-mer.",
     {("state", 40_000_000), ("state", 2_000_000)}),
    ("Le projet coûte 900 000 €, dont 300 000 € en investissement.", {("other", 900_000)}),
    ("Le programme représente 2,4 M€, dont 350 000 € au titre du fonds d'intervention régional.",
     {("other", 2_400_000), ("ars", 350_000)}),
]

# money given to the département with no payer named is the State's; an EHPAD's allocation is another policy's
NAMED_AFTER += [
    ("Article 2 : Un financement de 240 000 € est alloué au Département au titre de l'exercice 2022.",
     {("state", 240_000)}),
    ("L'État apporte 1 M€. La dotation de l'EHPAD Les Glycines est fixée à 2 100 000 €.", {("state", 1_000_000)}),
]

# 5. whose budget: a département's budget documents and its child-protection budget; « l'agence de santé »;
#    « notre collectivité »
BUDGETS = [
    ("Il est proposé d'inscrire au budget primitif 2023 une enveloppe de 95 M€ pour l'enfance.",
     {("department", 95_000_000)}),
    ("Le budget de l'aide sociale à l'enfance atteint 120 millions d'euros chaque année.",
     {("department", 120_000_000)}),
    ("L'État apportera 2 M€, l'agence de santé 0,5 M€.", {("state", 2_000_000), ("ars", 500_000)}),
    ("Pour cette année, notre collectivité ajoute 640 K€.", {("department", 640_000)}),
]

# 6. several payers of one amount; the subject the parse misses: the payer opening the clause, the antecedent of
#    a pronoun in the sentence before, the payer named inside a subject that is a noun of money
PAYERS = [
    ("Le centre parental coûte 90 000 € par an, cofinancés par le Département et l'État.", {("other", 90_000)}),
    ("L'État et l'ARS apportent 1,9 million d'euros sur deux ans.", {("other", 1_900_000)}),
    ("Une équipe mobile interviendra dans les foyers ; l'agence régionale de santé la finance à hauteur de 95 000 €.",
     {("ars", 95_000)}),
    ("Le Département s'engage à cofinancer chaque action. Il y consacrera 700.000 euros sur deux ans.",
     {("department", 700_000)}),
    ("Le Département s'engage à y consacrer un montant au moins égal à la participation de l'État. Il y consacrera "
     "800.000 euros sur deux ans.", {("department", 800_000)}),
    ("La recette attendue au titre du contrat avec l'État est estimée à 1,1 M€ pour 2023.", {("state", 1_100_000)}),
    ("Le Département signe un contrat dont le coût total est de 2 M€.", {("other", 2_000_000)}),
    # a comma between two payers starts a new clause unless the list closes with « et »
    ("1,2 million d'euros sont engagés pour 2023 : 500 000 euros viennent de l'État, la collectivité apporte "
     "700 000 euros.", {("other", 1_200_000), ("state", 500_000), ("department", 700_000)}),
    ("Ces 400 000 € sont apportés par l'État, l'ARS et le Département.", {("other", 400_000)}),
    # several payers in brackets after the amount; a budget of another clause (after « ; ») is not this amount's
    ("Dans tout le pays, 250 M€ engagés sur trois ans (État et caisse d'allocations familiales).",
     {("other", 250_000_000)}),
    ("Le Département inscrit 900 000 € à son budget primitif ; l'agence régionale de santé engage 200 000 € au titre "
     "du fonds d'intervention régional.", {("department", 900_000), ("ars", 200_000)}),
]

# 7. what the text calls a total is one of its own, whoever was named last
STATED_TOTALS = [
    ("L'État apporte 1,5 M€, l'ARS 300 000 euros et le Département 2 M€ : au total, 3,8 M€ sur deux ans.",
     {("state", 1_500_000), ("ars", 300_000), ("department", 2_000_000), ("other", 3_800_000)}),
    ("Le Département engage 900 000 € en 2022. Au total, ce sont près de 2 millions d'euros qui iront aux familles.",
     {("department", 900_000), ("other", 2_000_000)}),
]


# 8. an amount that is part of the one before it, or shares its verb, is the same payer's
PARTS = [
    ("Il est proposé d'inscrire au budget primitif une enveloppe de 52 M€ en fonctionnement pour l'enfance, ainsi "
     "que 1,8 M€ en investissement.", {("department", 52_000_000), ("department", 1_800_000)}),
    ("L'État attribue au Département une subvention de 600 000 €.\n\nCe montant se répartit ainsi :\n"
     "- 400 000 € pour les actions engagées en 2021 ;\n- 200 000 € pour les mesures nouvelles.",
     {("state", 600_000), ("state", 400_000), ("state", 200_000)}),
    ("Les actions sont les suivantes :\n- 400 000 € pour les actions engagées en 2021 ;\n- 200 000 € pour le reste.",
     {("other", 400_000), ("other", 200_000)}),
]

# 9. « nous » and « vous »: the département where the document speaks for it or to it
VOICES = [
    ("L'État nous apporte 1 M€ par an. Nous consacrons 80 millions d'euros par an à l'enfance.",
     {("state", 1_000_000), ("department", 80_000_000)}),
    ("Nous consacrons 80 millions d'euros par an à l'enfance.", {("other", 80_000_000)}),
    ("Vous consacrez chaque année 150 millions d'euros à l'enfance.", {("department", 150_000_000)}),
    ("Dans notre collectivité, l'État nous verse 2 millions d'euros par an.", {("state", 2_000_000)}),
]

# the items of a list that a numbered paragraph opened by its payer introduces, the other organisations its objects
VOICES += [
    ("ARTICLE 4 – MOYENS\n4.1. Le Département verse à l'Association une dotation globale de financement, fixée comme "
     "suit :\n- au titre de l'année 2022 : 3 248 500 € ;\n- au titre de l'année 2023 : 3 310 000 €.",
     {("department", 3_248_500), ("department", 3_310_000)}),
]

# a département receiving money is its recipient, not its payer: the State's, when no giver is named
VOICES += [
    ("Le Département a reçu 785 000 € en 2021 ; il a ouvert un relais parental.", {("state", 785_000)}),
    ("Le Département, qui a bénéficié de 1 020 000 € en 2021, a ouvert des consultations.", {("state", 1_020_000)}),
    ("Le Département recevra 1,45 M€ de l'ARS sur deux ans.", {("ars", 1_450_000)}),
]

WHO_PAYS = TOTALS + NAMED_AFTER + TABLES + NOT_COMMITMENTS + BUDGETS + PAYERS + STATED_TOTALS + PARTS + VOICES


@pytest.mark.parametrize(("text", "expected"), WHO_PAYS)
def test_who_pays(text: str, expected: set) -> None:
    assert _fundings(text) == expected


def test_a_cost_is_no_national_envelope_where_no_departement_is_found() -> None:
    """In a document whose département is not found, what a thing costs is still no one's stated money, while
    money the sentence says is national stays the State's."""
    text = ("La maison d'enfants a ouvert ses portes. Le chantier a coûté 2,6 millions d'euros. Le plan national "
            "est doté de 600 millions d'euros pour tout le pays.")
    assert {(f.funder_kind, int(f.amount)) for f in _extract(text).fundings} == {
        ("other", 2_600_000), ("state", 600_000_000)}


def test_a_payer_of_another_kind_opening_the_clause_pays_national_money() -> None:
    """National money paid by a party that is neither the State, an ARS nor a council is ``other``, though the parse
    ties the amount to a relative clause."""
    text = ("La caisse d'allocations familiales financera de son côté l'expérimentation \"Petits pas\", qui organise "
            "l'accueil des tout-petits, à hauteur de 400 000 €.")
    assert {(f.funder_kind, int(f.amount)) for f in _extract(text).fundings} == {("other", 400_000)}


# signatures: several signings in one sentence, a date cut by a line break, a « Signé le » line
SIGNINGS = [
    ("Le préfet et le président ont signé, jeudi 8 juillet 2021, l'avenant n° 2 au contrat conclu le 14 décembre "
     "2020.", {("amendment", "2021-07-08"), ("contract", "2020-12-14")}),
    ("Contrat 2020-2022 signé le 10/12/2020 ; avenant n° 1 signé le 28/06/2021.",
     {("contract", "2020-12-10"), ("amendment", "2021-06-28")}),
    ("L'ARS a cosigné deux contrats : avec le Département de la Creuse le 2 décembre 2020, puis avec le "
     "Département de la Corrèze le vendredi 4 décembre 2020.",
     {("contract", "2020-12-02"), ("contract", "2020-12-04")}),
    ("Le préfet et la présidente du conseil départemental ont signé le mardi 9\nmars 2021 à Guéret le contrat "
     "départemental.", {("contract", "2021-03-09")}),
    ("# Le contrat Creuse – État – ARS en bref\n\nSigné le 15 mars 2021 à Guéret\n", {("contract", "2021-03-15")}),
    ("Le contrat a été signé le 3 mai 2021 ; l'avenant sera signé le 5 juillet 2021.", {("contract", "2021-05-03")}),
]


@pytest.mark.parametrize(("text", "expected"), SIGNINGS)
def test_signings(text: str, expected: set) -> None:
    found = {(s.kind, s.date.isoformat()) for s in _extract(text).signatures if s.date}
    assert found == expected


# people: a name after a civility, a name in bold before its role
PEOPLE = [
    ("Le directeur départemental de l'emploi, du travail et des solidarités, M. Olivier Gardet, nous a confirmé "
     "l'enveloppe.", {"Olivier Gardet"}),
    ("Intervenante : Mme Corinne Le Berre, formatrice, ancienne responsable de CRIP.", {"Corinne Le Berre"}),
    ("**Édith Marchal**, présidente du Département, a signé le contrat.", {"Édith Marchal"}),
    ("Madame la Présidente a ouvert la séance.", set()),
    # a town that completes a role is not part of the name; a name cut where the page stops is the whole one
    ("« Une bonne nouvelle », se réjouit la maire de Dole Sylvie Marandet, qui rappelle l'engagement de la ville.",
     {"Sylvie Marandet"}),
    ("Bertrand Lhermitte, directeur général de l'ARS, a signé. « C'est une priorité », souligne Bertrand Lher",
     {"Bertrand Lhermitte"}),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people(text: str, expected: set) -> None:
    assert {m.person for m in _extract(text).memberships} == expected


# per year and recipient: « chaque année » before the amount, a share of an amount for each year; the département
# the paragraph is about in a document about several
def test_per_year_read_before_the_amount_and_passed_to_a_share() -> None:
    text = FOCUS + ("Chaque année, le Département consacre près de 95 M€ à l'enfance. Le coût annuel est estimé à "
                    "130 000 €, dont 60 000 € de crédits de l'État. L'État apporte aussi 2 M€ sur deux ans.")
    found = {(int(f.amount), f.per_year) for f in _extract(text).fundings}
    assert found == {(95_000_000, True), (130_000, True), (60_000, True), (2_000_000, False)}


def test_the_recipient_is_the_departement_of_the_paragraph() -> None:
    text = ("L'ARS a signé deux contrats, avec le Doubs et avec le Territoire de Belfort.\n\n"
            "Pour le Territoire de Belfort, la dotation couvre une équipe mobile. L'ARS mobilise 160 000 €.\n\n"
            "Dans le Doubs, l'État apporte 400 000 €.")
    found = {(int(f.amount), f.recipient) for f in _extract(text).fundings}
    assert found == {(160_000, "90"), (400_000, "25")}


def test_a_typographic_apostrophe_splits_an_elision_for_the_parse() -> None:
    """« l’État » (U+2019) is tokenised as « l' » + « État », the subject of its verb, as with a plain apostrophe;
    the texts keep their length, so offsets hold."""
    from ingest.extract.nlp import parse_all

    text = "Ce mois-ci, l’État apporte 2 millions d’euros."
    doc = parse_all([text], analyse=lambda _: True, parse=lambda _: True)[0]
    assert len(doc.text) == len(text)
    assert [t.dep_ for t in doc if t.text == "État"] == ["nsubj"]


# 10. the writer's voice: a document under the council's letterhead speaks for it (its « nous », its proposals)
LETTERHEADS = [
    ("DÉPARTEMENT DE LA CHARENTE\n\nCommission permanente du 14 juin 2021\n\nRapport 005 – Accueil de jour\n"
     "Il est proposé de lui attribuer une subvention de 88 000 € au titre de 2021.", {("department", 88_000)}),
    ("Conseil départemental de la Loire\n\nFeuille de route\n\nNous consacrerons 2,4 M€ aux enfants de la Loire.",
     {("department", 2_400_000)}),
    # a letterhead of several parties is no council's voice
    ("DÉPARTEMENT DE LA CÔTE-D'OR / PRÉFECTURE DE LA CÔTE-D'OR\n\nNous consacrerons 2,4 M€ à ces priorités.",
     {("other", 2_400_000)}),
]


@pytest.mark.parametrize(("text", "expected"), LETTERHEADS)
def test_the_writers_voice(text: str, expected: set) -> None:
    assert {(f.funder_kind, int(f.amount)) for f in _extract(text).fundings} == expected


def test_a_budget_before_a_new_subject_is_the_earlier_amounts() -> None:
    """« … 215 000 euros du fonds d'intervention régional et le Département engage 1 015 000 euros »: the fund names
    the agency's amount; the Département's is its own."""
    found = _fundings("L'agence a versé 215 000 euros du fonds d'intervention régional et le Département engage "
                      "1 015 000 euros.")
    assert ("department", 1_015_000) in found
