"""The extractor's layers and its trace: vocabulary as data, rules that name themselves, short functions.

- every rule id a fact carries on our documents is described in ``vocab/rules.yaml``, and the published
  ``ontology/extraction-rules.ttl`` is the one the YAML generates;
- every fact node of a built graph says which rule produced it and which extraction activity;
- no function of ``ingest/extract/`` is 50 lines or longer;
- a new wording is a line of vocabulary: each row below is one wording and what it must give.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from enfance_kg.namespaces import EKG, PROV, RDF
from ingest.assemble import assemble
from ingest.clean import clean
from ingest.extract import extract
from ingest.extract.rules import RULE_BASE, rules, turtle
from ingest.model import SourceDocument
from ingest.segment import segment

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "ingest" / "extract"
MAX_LINES = 50


@pytest.fixture(scope="module")
def extractions():
    """The seeds' and the extra corpus's, as their floors read them (made once per run)."""
    from tests.conftest import EXTRA_CORPUS, SEEDS, extracted

    return extracted(SEEDS) + extracted(EXTRA_CORPUS)


def _evidences(e):
    for group in (e.fundings, e.signatures, e.memberships, e.actions, e.observations):
        for fact in group:
            yield fact.evidence


def test_every_fact_names_a_described_rule(extractions):
    known = rules()
    used = {ev.rule for e in extractions for ev in _evidences(e)}
    assert "" not in used, "a fact without its rule"
    assert used - set(known) == set(), "rule ids missing from vocab/rules.yaml"


def test_the_published_rules_are_the_generated_ones():
    published = (ROOT / "ontology" / "extraction-rules.ttl").read_text(encoding="utf-8")
    assert published == turtle(), "run: python -m ingest.extract.rules > ontology/extraction-rules.ttl"


def test_every_fact_node_carries_its_rule_and_activity(extractions):
    fact_classes = {EKG.FundingCommitment, EKG.Signature, EKG.Action, EKG.Observation}
    for extraction in extractions[:3]:
        quads = assemble(extraction)
        facts = {s for s, p, o, _ in quads if p == RDF.type and o == EKG.Fact}
        assert {s for s, p, o, _ in quads if p == RDF.type and o in fact_classes} <= facts
        ruled = {s for s, p, o, _ in quads if p == EKG.extractionRule and str(o).startswith(RULE_BASE)}
        generated = {s for s, p, o, _ in quads if p == PROV.wasGeneratedBy}
        assert facts and facts == ruled == generated


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1  # type: ignore[operator]


def test_functions_of_the_extractor_stay_short():
    long = [
        f"{path.relative_to(ROOT)}:{name} ({length} lines)"
        for path in sorted(EXTRACT.rglob("*.py"))
        for name, length in _functions(path)
        if length >= MAX_LINES
    ]
    assert long == []


def _one(text: str):
    return extract(SourceDocument("t", "t.txt", text), clean(text, segment(text)))


FOCUS = "Le Département de la Marne agit pour l'enfance. "

# (text, expected (funder kind, amount) set): one row per wording of who pays
FUNDING_ROWS = [
    # the sum of a daily price one payer takes on (blind RB); one price alone is not a commitment
    (FOCUS + "Le fonctionnement sera pris en charge par la collectivité départementale sous la forme d'un prix de "
     "journée, ce qui représente environ 240 000 € par an.", {("department", 240_000)}),
    (FOCUS + "Le prix de journée de la maison d'enfants est de 182 € par enfant.", set()),
    # a « soit » line under a table sums its rows when they add up to it, paid by their one payer (blind RB); not
    # when they do not
    (FOCUS + "Les crédits délégués :\n\n| Année | Crédits de l'État |\n|---|---|\n| 2020 | 1,75 M€ |\n"
     "| 2021 | 2,03 M€ |\n"
     "| 2022 | 2,10 M€ |\n\nsoit 5,88 M€ sur la durée du contrat.",
     {("state", 1_750_000), ("state", 2_030_000), ("state", 2_100_000), ("state", 5_880_000)}),
    (FOCUS + "Les crédits délégués :\n\n| Année | Crédits de l'État |\n|---|---|\n| 2020 | 1,75 M€ |\n"
     "| 2021 | 2,03 M€ |\n"
     "\nsoit 5,88 M€ sur la durée du contrat.", {("state", 1_750_000), ("state", 2_030_000)}),
    # an execution report: credits engaged as a share of the credits opened, payments made (blind RB)
    (FOCUS + "Sur la part gérée par le Département, les crédits engagés s'établissent à 4 112 000 €, soit 86,2 % des "
     "crédits ouverts, et les mandatements à 3 557 000 €.", set()),
    (FOCUS + "Le coût total du programme est évalué à 12 millions d'euros.", {("other", 12_000_000)}),
    (FOCUS + "Grâce à ce contrat, l'État épaulera financièrement la collectivité départementale à raison de "
     "950 000 € par an.", {("state", 950_000)}),
    (FOCUS + "Le programme pèse 4,8 millions d'euros, dont 2,1 M€ apportés par l'Agence régionale de santé.",
     {("other", 4_800_000), ("ars", 2_100_000)}),
    (FOCUS + "Partenaire du projet, l'agence sanitaire y engagera 210 000 € sur ses fonds propres.",
     {("ars", 210_000)}),
    (FOCUS + "Les crédits de la protection de l'enfance progressent de 3 millions d'euros.", set()),
    (FOCUS + "140 millions d'euros sont inscrits à ce titre sur le budget général.", {("state", 140_000_000)}),
    (FOCUS + "Ces 30 millions d'euros sont prévus dans le projet de loi de financement de la sécurité sociale.",
     {("other", 30_000_000)}),
    (FOCUS + "L'avenant porte la contribution de l'État à 1 540 000 € pour l'année.", {("state", 1_540_000)}),
    (FOCUS + "L'État s'engage à hauteur de 8,4 M€ et l'ARS de 4,3 M€.", {("state", 8_400_000), ("ars", 4_300_000)}),
    ("Trente départements se partageront une enveloppe de 80 millions d'euros.", {("state", 80_000_000)}),
    # a pay or an aid to one person, the result of accounts: no programme's money
    (FOCUS + "Une prime de 1 500 euros est versée aux assistants familiaux nouvellement agréés.", set()),
    (FOCUS + "Les comptes 2021 présentent un résultat excédentaire de 41 200 €.", set()),
    # a difference between two figures commits nothing (blind J's gold: j11_08)
    (FOCUS + "Les dépenses nouvelles excèdent les recettes nouvelles de 56 700 €.", set()),
    # an amount by reference to the one before it; two subjects of one signing make a joint total
    (FOCUS + "Pour 2020, l'État nous a accordé 1 400 000 € et le Département a mis la même somme.",
     {("state", 1_400_000), ("department", 1_400_000)}),
    (FOCUS + "Protection de l'enfance : l'État et le Département signent un contrat à 7,4 millions d'euros",
     {("other", 7_400_000)}),
    # field lines of a list that a payer introduces; their total (one payer: its kind); what is left over
    (FOCUS + "Le jury a retenu deux projets. Le Département attribue les subventions suivantes :\n1. Association A\n"
     "   Un relais parental.\n   Subvention : 48 000 €\n2. CCAS de Pontivy\n   Subvention : 22 000 €\n"
     "Montant total attribué : 70 000 €.\nLe reliquat de 3 300 € sera reporté.",
     {("department", 48_000), ("department", 22_000), ("department", 70_000)}),  # one payer: its total
    # the programme of the sentence before, named again by a pronoun
    (FOCUS + "La convention de lutte contre la pauvreté est signée à part. Elle finance 310 000 EUR de référents.",
     set()),
    # the price of one unit, before or after the amount: no programme's money
    (FOCUS + "Le coût moyen d'une mesure de placement est estimé à 55 000 € par an et par enfant.", set()),
    (FOCUS + "Une place en pouponnière revient à environ 90 000 euros par an.", set()),
    (FOCUS + "Le prix de journée moyen en MECS atteint 1 210 euros.", set()),
    (FOCUS + "Chaque contrat jeune majeur représente en moyenne 1 200 € mensuels.", set()),
    (FOCUS + "Le Département prévoit 18 000 € pour chaque enfant accueilli et 2 500 € par assistant familial.", set()),
    (FOCUS + "L'État versera 180 000 € par an pour chaque année du contrat.", {("state", 180_000)}),
    (FOCUS + "Une mesure nouvelle, l'équipe mobile, coûte 250 000 € par an.", {("other", 250_000)}),  # a measure's cost
    # a figure given for comparison, in any wording of « comparaison » or « comparé à »
    (FOCUS + "La comparaison avec le département voisin, dont le contrat est doté de 400 000 €, est éclairante.",
     set()),
    (FOCUS + "Comparé aux 2,3 M€ du contrat girondin, l'effort reste modeste.", set()),
    # a « dont » share in words of State money is the State's
    (FOCUS + "Il est proposé de lui attribuer une subvention de 88 000 € au titre de 2021, dont 48 000 € issus des "
     "crédits de la contractualisation.", {("department", 88_000), ("state", 48_000)}),
    # a bound of a rule; the complement of a noun of money as subject names its payer
    ("Un montant plancher de 500 000 € est garanti à chaque département.", set()),
    (FOCUS + "Les dépenses d'accueil du Département ont atteint 118,6 M€ en 2021.", {("department", 118_600_000)}),
    # a table column of State money in other words, its caption saying it is for many départements
    ("Tableau 7 : crédits délégués aux départements (en M€)\n\nExercice | Départements | Crédits délégués\n"
     "2020 | 30 | 79,6 M€\n2021 | 70 | 132,4 M€\n", {("state", 79_600_000), ("state", 132_400_000)}),
    # a table drawn as text: rules of « - » and « + » between its rows, a total row whose first cell is blank, payers'
    # columns under a caption of money (blind R: r02_09)
    (FOCUS + "Tableau 2 — Financements du contrat, exercice 2021\n\n Fiche | Intitulé | État | ARS\n"
     "-------+----------+---------+--------\n   1   | PMI      |  42 000 |   —\n   2   | CRIP     |  61 500 |  9 000\n"
     "-------+----------+---------+--------\n       | Total    | 103 500 |  9 000\n",
     {("state", 42_000), ("state", 61_500), ("ars", 9_000), ("state", 103_500)}),
    # an amount under a heading of another policy (the nearest heading that names one decides)
    ("# Commission permanente du Département de la Marne\n\n## 2e commission – Solidarités, enfance\n\n"
     "**Rapport 5 – Subvention à une association**\nIl est proposé de lui attribuer 88 000 €.\n\n"
     "## 3e commission – Culture, sport\n\n**Rapport 9 – Aides aux clubs**\nIl est proposé d'attribuer 74 500 € "
     "à onze clubs.\n", {("other", 88_000)}),
    # money spent, a loaded pay, money set apart from the contract, another policy's stated purpose: none
    (FOCUS + "Fin 2022, les dépenses mandatées sur les deux exercices atteignent 845 000 €.", set()),
    (FOCUS + "Un poste de psychologue est estimé à 52 000 € chargés par an.", set()),
    (FOCUS + "L'agence finance en outre, hors contrat, une plateforme d'orientation (180 000 €).", set()),
    (FOCUS + "Le Département y a consacré 96 M€ en 2021, contre 210 M€ pour le RSA.", {("department", 96_000_000)}),
    # a co-funder names a share: the amount before it is a joint total
    (FOCUS + "Le coût du service atteint 320 000 € par an, cofinancé par l'ARS à hauteur de 90 000 €.",
     {("other", 320_000), ("ars", 90_000)}),
    # a part restated with « soit » that names its own payer
    (FOCUS + "Le dispositif coûte 300 000 €, dont un tiers, soit 100 000 €, est pris sur les crédits de l'État.",
     {("other", 300_000), ("state", 100_000)}),
    # two clauses, two payers; each of two payers; as much again from another payer
    (FOCUS + "L'ARS apporte 90 000 € du fonds d'intervention régional et le Département engage 150 000 €.",
     {("ars", 90_000), ("department", 150_000)}),
    (FOCUS + "L'État et le Département y mettent chacun 75 000 € par an.", {("state", 75_000), ("department", 75_000)}),
    (FOCUS + "Pour 2023, 410 000 € sont apportés par l'État et autant par le Département.",
     {("state", 410_000), ("department", 410_000)}),
    # the one payer of the whole, in a financing column
    (FOCUS + "\nOpération | Coût | Financement\nCrèche à Épernay | 640 000 € | Département : 100 %\n",
     {("department", 640_000)}),
    # a colon opens the payer's clause
    (FOCUS + "Un lieu d'accueil ouvre à Reims : l'agence régionale de santé le finance à hauteur de 60 000 €.",
     {("ars", 60_000)}),
    # a payer named after an amount in quotes; a share « fléchée vers » a territory is its total's payer's
    (FOCUS + "On m'a dit que le contrat apportait « 900 000 euros » de l'État sur deux ans.", {("state", 900_000)}),
    (FOCUS + "L'État y apporte 1,1 million d'euros, dont 430 000 € sont fléchés vers la Marne.",
     {("state", 1_100_000), ("state", 430_000)}),
    # money spent already or before, in prose: no commitment (blind V, Y, Z, E, F)
    (FOCUS + "Les 4 millions d'euros déjà dépensés en 2021 pour la rénovation du foyer ne sont pas compris.", set()),
    (FOCUS + "La masse salariale s'établit à 23,6 M€ en 2021 (dépense réalisée, compte administratif).", set()),
    (FOCUS + "Le Département rappelle qu'il a dépensé 62 millions d'euros en 2020 pour l'aide sociale à l'enfance.",
     set()),
    (FOCUS + "Avant la fusion, le conseil général consacrait environ 22 millions d'euros par an à l'enfance.", set()),
    (FOCUS + "Le comité de suivi dresse le bilan : en 2020, 612 000 euros avaient été engagés sur les actions "
     "prévues.", set()),
    # an amount in a question; lines of an association's accounts; one post's cost; a bound
    (FOCUS + "1 million pour tout un département ?", set()),
    (FOCUS + "Le trésorier présente les comptes 2020. Les produits s'élèvent à 96 300 €. Les charges de personnel "
     "représentent 61 200 €.", set()),
    (FOCUS + "Le coût d'un évaluateur (salaire chargé) est de l'ordre de 52 000 € par an.", set()),
    (FOCUS + "Un régisseur d'avances est nommé, montant maximal de l'avance : 3 000 €.", set()),
    # a share of one payer's total set aside for a measure is that payer's (blind Z: z01_86)
    (FOCUS + "Pour 2021, l'État apporte 612.000 euros au Département, dont 150.000 euros pour le renforcement de la "
     "cellule de recueil.", {("state", 612_000), ("state", 150_000)}),
    # a bracket is a clause of its own: the payer opening it (blind X: x03_72)
    (FOCUS + "Le projet d'avenant ajoute trois mesures :\n- une unité d'accueil pédiatrique enfants en danger au "
     "centre hospitalier de Reims, pour l'audition des enfants victimes dans un cadre adapté (l'ARS finance le temps "
     "médical à hauteur de 95 000 €) ;\n- le renforcement de la cellule.", {("ars", 95_000)}),
    # a guess or a hearsay; a fund's whole, all policies together (blind Q, Y)
    (FOCUS + "Je crois que c'était autour de 900 000 euros pour le département.", set()),
    (FOCUS + "Il paraît que le Département a mis 3 millions l'an dernier pour eux, à vérifier.", set()),
    (FOCUS + "Pour mémoire, le Fonds d'intervention régional représente plus de 400 M€ chaque année, toutes "
     "politiques confondues.", set()),
    # the giver a verb of receiving names (blind O)
    (FOCUS + "Au titre du contrat, l'association La Clairière recevra du Département de la Marne une dotation de "
     "340 000 euros par an.", {("department", 340_000)}),
    (FOCUS + "Au titre du contrat, le service reçoit de l'ARS une subvention de 120 000 € par an.", {("ars", 120_000)}),
    # the agent of a verb of receiving after the amount is no payer (blind N)
    (FOCUS + "Au titre du contrat, l'ARS Grand Est financera des vacations d'orthoptistes : l'agence y consacrera "
     "90 000 euros en 2022, selon les termes du courrier reçu par le Département le 13 mai.", {("ars", 90_000)}),
    # the subjects of the relative clause an amount opens, coordinated: a joint total (blind O)
    (FOCUS + "Le contrat engage les deux partenaires pour un montant global de 2,8 M€, que l'État et le Département "
     "se partagent.", {("other", 2_800_000)}),
    # another national plan's money (blind N)
    (FOCUS + "Pour mémoire, l'ARS consacre chaque année 40 millions d'euros à l'autisme dans la région, dans le "
     "cadre de la stratégie nationale pour l'autisme.", set()),
    (FOCUS + "Valence : 600.000 euros pour rénover les vestiaires du stade.", set()),
    (FOCUS + "Le Ségur de la santé, avec ses dix-neuf milliards d'euros d'investissement, transformera nos hôpitaux.",
     set()),
    # money its text sets apart from the convention (blind N)
    (FOCUS + "Pour mémoire, la CAF a consacré en 2020 près de 2,4 M€ à ses actions de soutien à la parentalité ; ces "
     "crédits ne relèvent pas de la présente convention.", set()),
    # a receipt named by its giver (blind F: f03_59)
    (FOCUS + "1. L'avenant n° 2, signé le 21 février 2022, notifie au Département une recette de l'État de "
     "3 450 000 € au titre de 2022.", {("state", 3_450_000)}),
    # the council head's « nous » in a quotation; a council's own budget and proposals in its report (blind X, Y)
    (FOCUS + "L'État délègue 385 000 €. « Nous y ajoutons 410 000 euros, parce que ces enfants sont les nôtres », a "
     "souligné le président.", {("state", 385_000), ("department", 410_000)}),
    ("DÉPARTEMENT DE L'ALLIER\nRapport d'orientation budgétaire 2022\n\nLes crédits de la politique enfance-famille "
     "devraient atteindre 71,4 M€ en 2022.\nL'autorisation de programme « Pouponnière » est proposée à 3,2 M€ sur "
     "2022-2023.", {("department", 71_400_000), ("department", 3_200_000)}),
    # another policy named in the amount's own clause, whatever the rest of the sentence says
    (FOCUS + "La chambre relève que le plan départemental de l'habitat, doté de 12 M€, ne comporte aucun volet "
     "relatif aux enfants confiés.", set()),
    (FOCUS + "Le nouveau plan routes, voté le même jour, représente quant à lui 12 M€.", set()),
    (FOCUS + "La RD 964 est fermée pour travaux de réfection de chaussée, d'un coût de 186 000 € à la charge du "
     "Département.", set()),
    # a caption naming two organisations: the one a noun of money governs pays (blind S: s01_35)
    (FOCUS + "\nCrédits État 2021 — contrat départemental de la Marne\nEngagement | Mesure | Montant (€)\n"
     "1 | Bilans de santé | 310 000\n2 | Accueil d'urgence | 540 000\nTotal | 850 000\n",
     {("state", 310_000), ("state", 540_000), ("state", 850_000)}),
    # the sentence after sets the amount apart from the contract; the signatories of a contract pay nothing by
    # signing; money asked of the public; a pronoun that costs the amount is a programme (blind S)
    (FOCUS + "Par ailleurs, l'ARS consacre 3,2 M€ en 2021 à son plan régional de santé mentale. Ce plan ne relève pas "
     "du contrat.", set()),
    (FOCUS + "Le contrat a été signé le 29 janvier 2021 par le préfet et le président du Département, pour une "
     "enveloppe globale de 6,8 M€ sur 2021-2022.", {("other", 6_800_000)}),
    (FOCUS + "Soutenez nos actions.\nObjectif de collecte 2021 : 25 000 € pour financer les séjours des enfants.",
     set()),
    (FOCUS + "Le Département et l'État ont conclu le contrat à Cahors. Pour 2022, il représente 1,5 M€.",
     {("other", 1_500_000)}),
    # a press kit's bullets wrapped with a hanging indent; a share's own budget beats the agent of its total's verb
    # (blind R: r04_27)
    (FOCUS + "Pour cette première année, l'engagement total atteint 2,85 millions d'euros, ainsi\nrépartis :\n"
     "• 1,25 M€ apportés par l'État, dont 290 k€ au titre\n  du fonds d'intervention régional géré par l'ARS ;\n"
     "• 1,6 M€ de crédits nouveaux inscrits par le\n  Département au budget supplémentaire 2020.\n",
     {("other", 2_850_000), ("state", 1_250_000), ("ars", 290_000), ("department", 1_600_000)}),
    # a nearer budget than the noun of money before it (blind R: r02_09); a post's « +2,1 M€ de l'État »; a hashtag;
    # a speaker's round figure put right; a payer after « qui viennent de » (blind R: r07_33, r08_34)
    (FOCUS + "Les crédits de l'État, s'ils ont permis d'amorcer les actions, ne représentent qu'une fraction du budget "
     "départemental de l'enfance, lequel s'élève à 34,6 M€ en 2021.", {("department", 34_600_000)}),
    (FOCUS + "Côté financement : +2,1 M€ de l'État pour 2021. #ProtectionDeLEnfance #80M€", {("state", 2_100_000)}),
    (FOCUS + "Alors l'État met un peu plus de deux millions… 2,2 millions exactement, pour cette année. Et dans ces "
     "2,2, il y a, euh, à peu près 500 000 euros qui viennent de l'ARS.", {("state", 2_200_000), ("ars", 500_000)}),
    # a possessive before a noun of money: the payer opening the clause before (blind R: r01_06)
    (FOCUS + "L'État a délégué 1 847 300 euros. La collectivité s'est engagée à mobiliser un montant au moins "
     "équivalent ; son engagement s'établit à 1,95 M€ pour la même année.",
     {("state", 1_847_300), ("department", 1_950_000)}),
    # the Ville de Paris holds the département's powers; money demanded; a past plan's money (blind PH)
    ("La Ville de Paris, au titre de ses compétences départementales, inscrit 2 millions 300.000 euros à son budget "
     "pour les jeunes majeurs.", {("department", 2_300_000)}),
    (FOCUS + "Les syndicats du secteur, eux, réclament un plan d'urgence de 5 millions d'euros pour les foyers.",
     set()),
    (FOCUS + "Entre 2015 et 2019, le précédent schéma départemental avait mobilisé 6,2 millions d'euros.", set()),
    # a row's own financing cell names its payers; the budget right after a share; a national envelope whoever
    # opens the sentence (blind RS2: u06_70, u01_14)
    (FOCUS + "\n| N° | Action | Montant 2021 | Financement |\n|---|---|---|---|\n"
     "| 1 | Bilans de santé | 140 k€ | État / CD |\n| 3 | Accueil familial | 310 k€ | CD |\n"
     "| 5 | Jeunes majeurs | 210 k€ | État |\n",
     {("other", 140_000), ("department", 310_000), ("state", 210_000)}),
    (FOCUS + "Le montant total de l'avenant s'élève à 930 k€, dont 465 k€ de crédits de l'État et 465 k€ à la charge "
     "du Département.", {("other", 930_000), ("state", 465_000), ("department", 465_000)}),
    ("Le Calvados fait partie des trente départements retenus dès la première vague de cette contractualisation, "
     "dotée au niveau national de 80 millions d'euros la première année.", {("state", 80_000_000)}),
    # headlines under a heading of links to other pages, joined into one sentence by the splitter
    (FOCUS + "La PMI renforce ses équipes.\n\nNos dernières vidéos\n\n- Cahors : 2,8 M€ pour la restauration du pont "
     "11 janv. 2022\n\n- Figeac : le nouvel Ehpad ouvrira au printemps 10 janv. 2022\n", set()),
    (FOCUS + "La PMI renforce ses équipes.\nVoir aussi\nVaccination : 1,1 million de doses injectées\nAppel à "
     "projets : 600 000 € pour la prévention du suicide\nCanicule : les bons réflexes\n", set()),
    # a payer's total one of whose shares is another payer's money is a cost they share (blind U: u04_25, u07_86)
    (FOCUS + "Le Département consacre à ce dispositif un coût annuel estimé à 265 000 euros, dont 150 000 euros "
     "financés par les crédits délégués par l'État au titre du contrat.", {("other", 265_000), ("state", 150_000)}),
    (FOCUS + "Le financement alloué au projet par le Département est plafonné à 210 000 € pour la période 2022-2024, "
     "dont 105 000 € au titre des crédits délégués par l'État.", {("other", 210_000), ("state", 105_000)}),
    (FOCUS + "L'aide est plafonnée à 3 000 € par jeune.", set()),
    (FOCUS + "L'État apporte 2 M€, dont 400 000 € délégués par l'agence régionale de santé.",
     {("state", 2_000_000), ("ars", 400_000)}),
    # every amount of a field line whose label says money; a public contract's buyer pays it (blind V: v04_86)
    ("AVIS D'APPEL PUBLIC À LA CONCURRENCE\n\nSection I : Pouvoir adjudicateur\nDépartement de la Vienne, Direction "
     "de l'enfance, 86000 Poitiers.\n\nMontant estimatif : lot 1 – 260 000 € HT par an ; lot 2 – 185 000 € HT par an.",
     {("department", 260_000), ("department", 185_000)}),
    # the text says the amount commits nothing, in its sentence or under its table (blind W: w02_48, T: t01_16)
    (FOCUS + "Le CIAS met à disposition un local (coût estimé pour le CIAS : 17 800 € par an de rémunération "
     "chargée), ce qui n'est pas un financement du contrat.", set()),
    (FOCUS + "\n\n| Ligne | Crédits ouverts 2021 | Commentaire |\n|---|---|---|\n| Prévention spécialisée | "
     "1 640 000 | Reconduite |\n| Actions nouvelles CDPPE | 1 860 000 | Montée en charge |\n\nLes montants de ce "
     "tableau retracent l'exécution budgétaire ; ils ne constituent pas des engagements nouveaux.", set()),
    # a place the sentence is set in is not the payer the parse takes for the subject (blind Y: y03_56)
    ("Protection de l'enfance : « On ne pouvait plus attendre », dans le Morbihan l'État met 1,9 million sur la "
     "table\n\nLe contrat a été signé. Sur deux ans, l'État apporte 1,9 million d'euros.", {("state", 1_900_000)}),
    # a budget the money does not go through names no payer (blind T: t01_16)
    (FOCUS + "Les crédits correspondants ne transitent pas par le budget départemental : l'agence les a délégués "
     "directement à l'établissement (310 000 € pour 2021).", {("ars", 310_000)}),
    (FOCUS + "\nMontant estimatif : lot 1 – 260 000 € HT par an ; lot 2 – 185 000 € HT par an.",
     {("other", 260_000), ("other", 185_000)}),
    # the bearer of a cost or a budget named right after its amount pays it; an envelope « pour » names whom it goes
    # to (blind RS2: u04_49)
    (FOCUS + "Au total, l'accueil des enfants confiés représente un coût de 92 millions d'euros pour le Département.",
     {("department", 92_000_000)}),
    (FOCUS + "Le dispositif représente une enveloppe de 1,2 million d'euros pour le Département.",
     {("other", 1_200_000)}),
    # the State's national envelope named as such is stated, whatever it is compared with (blind X: x06_19); a
    # national figure given for comparison is not
    (FOCUS + "À titre de comparaison, l'enveloppe nationale de la stratégie atteignait 200 millions d'euros en "
     "2022.", {("state", 200_000_000)}),
    (FOCUS + "À titre de comparaison, la dépense nationale d'aide sociale à l'enfance s'établit à 8,6 milliards "
     "d'euros.", set()),
    # a « dont » share passed on to those who carry the measure out is its total's payer's (blind RS2: u08_85)
    (FOCUS + "L'ARS y consacre 900 000 € sur deux ans, dont environ 300 000 € redistribués aux établissements "
     "partenaires.", {("ars", 900_000), ("ars", 300_000)}),
    # a budget named as the yardstick of a payer's commitment is not its source (blind RS2: u02_21)
    (FOCUS + "L'État délègue 640 000 € au Département. Le Département s'engage à hauteur d'un montant au moins "
     "équivalent aux crédits de l'État, soit 640 000 €.", {("state", 640_000), ("department", 640_000)}),
    # … whatever rule comes after (the State announcing money in the next sentence; blind X: x09_65)
    (FOCUS + "Le placement à domicile représente désormais une dépense d'environ 800 000 € par an pour le "
     "Département. Les actions nouvelles seront financées en partie par les 90 000 € de crédits supplémentaires que "
     "l'État apporte en 2022.", {("department", 800_000), ("state", 90_000)}),
    # a département's child-protection budget, however it is abbreviated (blind R: r07_33)
    (FOCUS + "L'effort paraît modeste, rapporté aux 210 M€ par an du budget ASE de la Marne.",
     {("department", 210_000_000)}),
    # a proposition of contrast after the amount says something else than what the amount is (blind R: r01_06)
    (FOCUS + "Le Département a consacré 96 millions d'euros à l'aide sociale à l'enfance en 2022, alors que le nombre "
     "de mineurs non accompagnés accueillis a doublé.", {("department", 96_000_000)}),
    # the value of an act two payers sign is their joint total
    (FOCUS + "L'État et l'ARS signent une convention de 1,3 M€.", {("other", 1_300_000)}),
    # from blind RA and SA's errors: lines of a breakdown adding up to the State's subsidy are the State's (ra08_23);
    # money granted to the council, a noun of money and its payer, a share « au titre de » a payer, two subjects,
    # a place name as a heading's label, « notre département », a total named again (« Sur ce total »), a spoken
    # amount and a council head's speaker label, a whole budget, the accounts' balances, realised spending, money
    # set apart, readers' comments, a rounded heading, a road's works, a rubric over a title
    (FOCUS + "La subvention se répartit comme suit :\n1° bilans de santé en école maternelle : 92 000 € ;\n2° "
     "visites à domicile périnatales : 75 000 €.\nLe montant de la subvention de l'État s'élève à 167 "
     "000 €.",
     {("state", 92_000), ("state", 75_000), ("state", 167_000)}),
    (FOCUS + "Vu l'arrêté préfectoral du 30 novembre 2020 attribuant au Département de la Marne une "
     "subvention de 468 900 € au titre de l'année 2020 ;",
     {("state", 468_900)}),
    (FOCUS + "L'avenant se traduit par 265 000 € de crédits supplémentaires de l'État, que la collectivité "
     "complète à hauteur de 190 000 €.",
     {("state", 265_000), ("department", 190_000)}),
    (FOCUS + "Les actions représentent 3,46 M€ inscrits en dépenses, dont 1,62 M€ couverts par les recettes "
     "attendues de l'État.",
     {("other", 3_460_000), ("state", 1_620_000)}),
    (FOCUS + "Pour 2020, l'État versera 2,3 millions d'euros à la collectivité, dont 600 000 € au titre de "
     "l'ARS.",
     {("state", 2_300_000), ("ars", 600_000)}),
    (FOCUS + "Un peu moins de la moitié, 1,5 M€, provient de l'État ; le Département apporte 1,9 M€.",
     {("state", 1_500_000), ("department", 1_900_000)}),
    (FOCUS + "\nProtection de l'enfance : l'État et le Département scellent un contrat à 5,2 millions d'euros",
     {("other", 5_200_000)}),
    (FOCUS + "\nMarne : 3,4 millions d'euros pour mieux protéger les enfants",
     {("other", 3_400_000)}),
    (FOCUS + "Au niveau national, l'enveloppe atteindrait 200 millions d'euros. Pour notre département, le "
     "plan de financement 2021 totalise 820 000 €.",
     {("state", 200_000_000), ("other", 820_000)}),
    (FOCUS + "Sur ce total, 1 120 000 € sont apportés par l'État au titre de l'avenant et la part "
     "départementale s'élève à 1,18 M€.",
     {("state", 1_120_000), ("department", 1_180_000)}),
    (FOCUS + "Le montant total du contrat s'élève à 4 074 300 €, dont 1 874 300 € apportés par l'État et deux "
     "millions deux cent mille euros par le Département.",
     {("other", 4_074_300), ("state", 1_874_300), ("department", 2_200_000)}),
    (FOCUS + "Près de 2,3 millions d'euros en 2021. Sur ce total, 1 120 000 € sont apportés par l'État.",
     {("other", 2_300_000), ("state", 1_120_000)}),
    (FOCUS + "Le budget primitif 2022 s'établit à 712,4 M€, dont 589,7 M€ en fonctionnement et 122,7 M€ en "
     "investissement.",
     set()),
    (FOCUS + "La politique enfance-famille est dotée de 128,5 M€, contre 124,1 M€ réalisés au compte "
     "administratif 2021 et 117,8 M€ en 2020.",
     {("other", 128_500_000)}),
    (FOCUS + "L'épargne brute est estimée à 61 M€. Les droits de mutation, dont le produit atteindrait 118 "
     "M€, se stabilisent.",
     set()),
    (FOCUS + "Les vallées bénéficient par ailleurs d'un fonds de reconstruction de 30 M€, sans lien avec ce "
     "contrat.",
     set()),
    (FOCUS + "À la clé, trois millions d'euros sur trois ans.",
     {("other", 3_000_000)}),
    (FOCUS + "\n[00:31] JEAN DUPONT, président du Conseil départemental de la Marne : L'État met un million "
     "quatre cent mille euros sur la table. Nous, nous mettrons un million six.",
     {("state", 1_400_000), ("department", 1_600_000)}),
    (FOCUS + "L'État apporte 2 M€ au contrat.\n\nCommentaires (3)\nProvencal13 16/10/2020\nRien que le "
     "Département dépense 400 millions par an.",
     {("state", 2_000_000)}),
    (FOCUS + "\n\nUn engagement financier de plus de 4 millions d'euros\n\nLe montant total du contrat pour "
     "2020 s'élève à 4 074 300 €.",
     {("other", 4_074_300)}),
    (FOCUS + "\n\nLe giratoire de la RD 316 a été mis en service. Le chantier, d'un montant de 1,8 M€, a été "
     "financé à 80 % par le Département.",
     set()),
    (FOCUS + "\n\nCULTURE\nLes Estivales reviennent\nLe festival coûtera 1,2 million d'euros à la "
     "collectivité.",
     set()),
]


@pytest.mark.parametrize(("text", "expected"), FUNDING_ROWS)
def test_who_pays(text, expected):
    found = {(f.funder_kind, int(f.amount)) for f in _one(text).fundings}
    assert found == expected


MONEY_ROWS = [
    ("4,3 MEUR", Decimal("4300000")),
    ("15,4 MEUR", Decimal("15400000")),
    ("500 k€", Decimal("500000")),
    ("1,2 Md€", Decimal("1200000000")),
    ("2 millions 800.000 euros", Decimal("2800000")),
    ("500.000 euros", Decimal("500000")),
    ("un demi-million d'euros", Decimal("500000")),
    ("Participation de l'ARS – FIR      240 000,00", Decimal("240000")),  # a figure of accounts, without its sign
    ("80 Ms", Decimal("80000000")),
    ("5\u202f135\u202f000 €", Decimal("5135000")),
    ("5\u00a0135\u00a0000 €", Decimal("5135000")),
    ("1 000 000 EUR", Decimal("1000000")),
    ("un million deux cent mille euros", Decimal("1200000")),
    ("deux millions et demi d'euros", Decimal("2500000")),
    ("3,1 M€2", Decimal("3100000")),  # a footnote call glued by a converter
    ("640 000 €1", Decimal("640000")),
    ("vingt et un millions d'euros", Decimal("21000000")),  # « et » inside a number only before « un », « onze »
    ("soixante et onze mille euros", Decimal("71000")),
]


@pytest.mark.parametrize(("text", "value"), MONEY_ROWS)
def test_money_in_every_spelling(text, value):
    from ingest.extract.money import find_money

    assert [m.value for m in find_money(f"L'État versera {text} au Département.")] == [value]


@pytest.mark.parametrize("occasion", [
    "À cette occasion, le préfet et la présidente du Département ont signé le contrat.",
    "C'est à cette occasion qu'a été signé l'avenant n° 1 au contrat départemental.",  # blind N
])
def test_a_signing_dated_in_the_sentence_before(occasion):
    e = _one(FOCUS + "Le comité de pilotage s'est réuni le mardi 9 mars 2021 à Niort. " + occasion)
    assert [(s.date.isoformat() if s.date else None, s.evidence.rule) for s in e.signatures] == [
        ("2021-03-09", "signature.same-occasion")
    ]


def test_mypy_is_clean_on_the_extractor():
    from tests.conftest import run_mypy

    targets = ["ingest/extract", "ingest/model.py", "ingest/clean.py"]
    result = run_mypy(*targets)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("L'agence finance en outre, hors contrat, une plateforme d'orientation (180 000 €).",
         "funding.skip.outside-contract"),
        ("Le plan 1000 premiers jours, doté de 2,7 M€, relève d'une autre convention.", "funding.skip.other-programme"),
        ("Je crois que c'était autour de 900 000 euros pour le département.", "funding.skip.hearsay"),
        ("1 million pour tout un département ?", "funding.skip.question"),
        ("Les produits s'élèvent à 96 300 €.", "funding.skip.accounts"),
        ("Les 4 millions d'euros déjà dépensés en 2021 ne sont pas compris.", "funding.skip.spent"),
    ],
)
def test_the_rule_that_sets_an_amount_aside(text: str, rule: str) -> None:
    """The id of the rule that said an amount is no commitment names why (``--explain`` prints it)."""
    from ingest.extract import explain_amounts

    assert [r for _m, r in explain_amounts(_one(FOCUS + text))] == [rule]
