"""What is a signing act of the contractualisation, and the date a document prints for itself.

A signature is the signing of the contract, an amendment or a letter of intent, dated by the day of that act: not a
signing still to come (« envisagée le … », « signeront », dated after the document's own date), not an authority to sign
(« autorise le président à signer »), not the closing « Fait à … » of another act (an arrêté that cites the contract, a
convention about another subject or between parties without the State).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import clean
from ingest.extract import extract
from ingest.model import Extraction, SourceDocument
from ingest.segment import segment


def _extract(text: str, published: dt.date | None = None) -> Extraction:
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=published)
    return extract(source, clean(text, segment(text)))


def _signed(text: str, published: dt.date | None = None) -> list[tuple[str, dt.date | None]]:
    return [(s.kind, s.date) for s in _extract(text, published).signatures]


HEAD = "Le Département de la Nièvre et l'État s'engagent pour la protection de l'enfance.\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "La signature de l'avenant est envisagée le lundi 17 janvier 2022, en présence du préfet.",
        "Avenant 2022 : signature prévue en février 2022.",
        "D'AUTORISER le Président du Conseil départemental à signer ledit avenant ainsi que tout document.",
        "La commission permanente autorise le président à signer la convention avec l'État.",
        "L'État et le Département signeront le contrat départemental le 14 mars 2022.",
        "L'avenant est en cours de signature.",
        "Par délibération du 2 novembre 2020, la commission permanente a approuvé la signature du contrat.",
        "Le contrat, dont la signature a été votée le 3 décembre 2020, entre en vigueur.",
        "Vu la délibération du 2 novembre 2020 approuvant le contrat et autorisant sa signature ;",
    ],
)
def test_no_signing_act(sentence: str) -> None:
    assert _signed(HEAD + sentence, dt.date(2021, 10, 8)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Le comité de pilotage du contrat signé en 2020 s'est réuni le 5 mars 2021.",
        "Le 14 janvier 2021, le comité de suivi du contrat signé avec l'État s'est réuni à Nevers.",
        "Le conseil départemental a adopté le 15 octobre 2020 le projet de contrat, signé ensuite par le préfet.",
        # a date opening a state of things (« depuis ») is no signing's (blind V: v09_2B)
        "Depuis le 1er janvier 2018, ces compétences sont exercées par la collectivité, qui a signé un contrat unique.",
    ],
)
def test_the_date_of_a_meeting_or_a_vote_dates_no_signing(sentence: str) -> None:
    assert _signed(HEAD + sentence, dt.date(2021, 10, 8)) == [("contract", None)]


@pytest.mark.parametrize(
    ("sentence", "signed"),
    [
        ("La délibération du 25 juin 2021 approuve l'avenant n° 2 au contrat signé le 9 novembre 2020.",
         ("contract", dt.date(2020, 11, 9))),
        ("L'avenant, approuvé par l'assemblée le 18 juin 2021, a été signé le 2 juillet 2021.",
         ("amendment", dt.date(2021, 7, 2))),
        ("Le contrat signé à Nevers le 23 novembre 2020 par le préfet prévoit douze places.",
         ("contract", dt.date(2020, 11, 23))),
        # an approval by a body named in several words, then the signing in the next clause (blind V: v07_39)
        ("Cet avenant a été approuvé par notre commission permanente le 4 octobre ; il a été signé par le préfet et "
         "par moi-même le lundi 8 novembre 2021.", ("amendment", dt.date(2021, 11, 8))),
    ],
)
def test_the_date_of_the_signing_beside_another_event(sentence: str, signed: tuple) -> None:
    assert _signed(HEAD + sentence, dt.date(2021, 10, 8)) == [signed]


def test_a_day_of_the_main_clause_does_not_date_the_act_a_relative_clause_names() -> None:
    """« Invitée ce jeudi, elle est revenue sur le contrat que la collectivité a conclu … »: the day is the interview's;
    the signing is dated by the sentence that says when it was signed (blind W: w01_86)."""
    text = (HEAD + "Interrogé ce mardi sur France Bleu, le président est revenu sur le contrat que le Département a "
            "signé avec l'État. Le contrat avait été signé à Nevers le 3 novembre 2020.")
    assert _signed(text, dt.date(2020, 11, 20)) == [("contract", dt.date(2020, 11, 3))]


def test_a_signing_dated_after_the_printed_date_is_to_come() -> None:
    text = "Publié le 03/03/2022\n" + HEAD + "La signature du contrat a lieu le lundi 14 mars 2022 à Nevers."
    assert _signed(text) == []


def test_a_past_signing_beside_one_to_come() -> None:
    text = HEAD + "Le contrat signé le 9 novembre 2020 sera complété ; l'avenant sera signé en 2022."
    assert _signed(text, dt.date(2021, 6, 1)) == [("contract", dt.date(2020, 11, 9))]


def test_the_closing_formula_of_an_arrete_is_no_signature() -> None:
    text = (
        "ARRÊTÉ PRÉFECTORAL N° 58-2020-12-14\nportant attribution d'une subvention au Département de la Nièvre\n"
        "VU le contrat départemental de prévention et de protection de l'enfance signé à Nevers le 23 novembre 2020 ;\n"
        "Article 1 : une subvention de 300 000 € est attribuée.\nFait à Nevers, le 14 décembre 2020\n"
    )
    assert _signed(text) == [("contract", dt.date(2020, 11, 23))]


def test_a_convention_between_parties_without_the_state_is_another_act() -> None:
    text = (
        "CONVENTION DE FINANCEMENT ET DE FONCTIONNEMENT\nÉquipe mobile de protection de l'enfance de la Nièvre\nENTRE\n"
        "Le Département de la Nièvre, représenté par son président,\nET\nL'association Les Amis, représentée par sa "
        "présidente,\nIL EST CONVENU CE QUI SUIT :\nArticle 1 : l'équipe intervient dans la Nièvre.\n"
        "Fait à Nevers, le 24 juin 2021, en deux exemplaires.\n"
    )
    assert _signed(text) == []


def test_a_financing_convention_with_the_state_is_signed_by_its_closing_formula() -> None:
    text = (
        "CONVENTION DE FINANCEMENT N° 2021-58-03\nrelative à la mise en œuvre du contrat départemental de prévention "
        "et de protection de l'enfance\nENTRE\nL'État, représenté par la préfète de la Nièvre,\nET\nLe Département "
        "de la Nièvre, représenté par son président,\nIL EST CONVENU CE QUI SUIT :\nArticle 1 : objet.\n"
        "Fait à Nevers, le 12 juillet 2021\n"
    )
    assert _signed(text) == [("contract", dt.date(2021, 7, 12))]


def test_a_convention_about_another_subject_is_another_act() -> None:
    text = HEAD + (
        "Le jeudi 13 janvier 2022, l'inspectrice d'académie et la vice-présidente du conseil départemental ont signé "
        "une convention relative aux bilans de santé des enfants de 3 à 4 ans scolarisés en école maternelle."
    )
    assert _signed(text, dt.date(2022, 1, 20)) == []


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("Question publiée au JO le : 22/09/2020 page : 6402\nRéponse publiée au JO le : 16/02/2021 page : 1488\n"
         "Texte de la réponse : le contrat a été signé le 15 janvier 2021.", dt.date(2021, 2, 16)),
        ("Angers, jeudi 14 octobre 2021 — synthèse diffusée le 2 novembre 2021\nLes ateliers.", dt.date(2021, 11, 2)),
        ("Séance du 25 juin 2021\nLe conseil adopte.\nActe certifié exécutoire après transmission le 30 juin 2021 et "
         "publication le 2 juillet 2021.", dt.date(2021, 7, 2)),
        ("Contrat signé le 19 octobre 2020.\nPublié le 15 juillet 2021 · Partager sur Facebook · Par mail",
         dt.date(2021, 7, 15)),
        ("Comité du 30 septembre 2021\nDate de diffusion : 08/10/2021\n", dt.date(2021, 10, 8)),
        ("Article 1 : objet, exercice 2020.\nFait à Épinal, le 9 novembre 2020\n", dt.date(2020, 11, 9)),
        ("Le rapport du 3 mars 2021 sera publié le 15 juin 2021.\n", dt.date(2021, 3, 3)),
    ],
)
def test_the_date_a_document_prints_for_itself(text: str, printed: dt.date) -> None:
    assert _extract(text).published == printed


def test_a_transcript_line_sets_the_day_of_the_signing_below_it() -> None:
    text = HEAD + (
        "[00:00] À l'hôtel du Département, à Nevers, ce mardi 7 décembre 2021.\n"
        "[00:06] Le préfet et le président du conseil départemental signent le contrat de protection de l'enfance.\n"
    )
    assert _signed(text) == [("contract", dt.date(2021, 12, 7))]


def test_a_signing_heading_takes_the_day_of_the_line_under_it() -> None:
    text = (
        "Transcription de la conférence de presse\nSignature du contrat départemental de protection de l'enfance "
        "de la Nièvre\nNevers, hôtel du Département, jeudi 16 septembre 2021, 11 h 30\n"
        "M. le préfet. – Nous venons de signer, à l'instant, le contrat.\n"
    )
    assert _signed(text) == [("contract", dt.date(2021, 9, 16))]


def test_a_headline_over_the_page_date_yields_to_the_dated_signing() -> None:
    text = (
        "Nièvre : le contrat de protection de l'enfance est signé\n\n24 mars 2021\n\n"
        "Le préfet et la présidente du conseil départemental de la Nièvre ont signé mardi 23 mars 2021 le contrat.\n"
    )
    assert _signed(text) == [("contract", dt.date(2021, 3, 23))]


def test_a_signed_line_under_the_heading_naming_its_act() -> None:
    text = HEAD + "Comité de suivi – 5 novembre 2021\n\nLe contrat nivernais\n\n  •  Signé le 15 juillet 2021 à Nevers"
    assert _signed(text) == [("contract", dt.date(2021, 7, 15))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Le contrat local de santé a été signé le 10 mai 2021 avec l'ARS.",
        "Le contrat de ville a été signé le 4 juin 2021 en préfecture.",
        "La convention d'appui à la lutte contre la pauvreté, signée le 2 juillet 2019, finance des référents.",
        "Le Département a signé le 3 février 2021 une convention avec la caisse d'allocations familiales.",
    ],
)
def test_the_signing_of_another_act_is_none_of_the_contractualisation(sentence: str) -> None:
    assert [d for _, d in _signed(HEAD + sentence) if d is not None] == []


def test_a_contract_signed_beside_the_contracts_for_young_adults_it_funds_is_signed() -> None:
    text = HEAD + "Le contrat, signé le 3 mars 2021, finance des contrats jeunes majeurs."
    assert ("contract", dt.date(2021, 3, 3)) in _signed(text)


@pytest.mark.parametrize(
    ("sentence", "signed"),
    [
        # a participle after its auxiliary is the main verb: « que » does not open another clause here
        ("Dans la Nièvre, le contrat n'a été signé que le 3 février 2021, au titre de 2020.",
         [("contract", dt.date(2021, 2, 3))]),
        # a word of intent before the signing qualifies another noun
        ("Les crédits programmés pour 2021 relèvent de l'avenant n° 1, signé le 12/05/2021 ; le reste suit.",
         [("amendment", dt.date(2021, 5, 12))]),
        # « conclu » qualifying the act under its full name, with the parties before the date
        ("Le budget exécute le contrat départemental de prévention et de protection de l'enfance conclu avec l'État "
         "et l'Agence régionale de santé Bourgogne-Franche-Comté le 4 décembre 2020.",
         [("contract", dt.date(2020, 12, 4))]),
        # an act named with its date, in a visa
        ("Vu le contrat départemental de prévention et de protection de l'enfance conclu entre l'État, l'ARS Grand Est "
         "et le Département le 2 novembre 2020, et son avenant n° 1 du 6 juillet 2021 ;",
         [("contract", dt.date(2020, 11, 2)), ("amendment", dt.date(2021, 7, 6))]),
        # an amendment named with its date by the participle that says it completes the contract (blind Y: y11_61)
        ("Ces bilans font partie du contrat signé avec l'État le 2 décembre 2020, complété par un avenant le 9 juillet "
         "2021.", [("contract", dt.date(2020, 12, 2)), ("amendment", dt.date(2021, 7, 9))]),
        # an amendment the contract « a fait l'objet » of, or « daté du »; a participle opening the sentence signs the
        # act it names, not the document (a report: blind RA)
        ("Signé le 18 décembre 2020 à Digne par le préfet et le président, le contrat a fait l'objet d'un avenant le "
         "7 octobre 2021.", [("contract", dt.date(2020, 12, 18)), ("amendment", dt.date(2021, 10, 7))]),
        ("Signé le 10 décembre 2020, le contrat a été complété par un avenant daté du 28 juillet 2021.",
         [("contract", dt.date(2020, 12, 10)), ("amendment", dt.date(2021, 7, 28))]),
        # the signing said again by ellipsis (blind RB's encyclopedia article)
        ("Un premier avenant a été signé le 9 septembre 2021 ; un second, portant sur l'exercice 2022, l'a été le 30 "
         "juin 2022.", [("amendment", dt.date(2021, 9, 9)), ("amendment", dt.date(2022, 6, 30))]),
    ],
)
def test_the_day_a_signing_participle_or_an_act_name_gives(sentence: str, signed: list) -> None:
    assert _signed(HEAD + sentence, dt.date(2022, 3, 1)) == signed


def test_a_contract_concluded_for_a_period_is_no_dated_signing() -> None:
    text = HEAD + "Le contrat est conclu pour trois ans, du 1er janvier 2022 au 31 décembre 2024."
    assert [date for _, date in _signed(text, dt.date(2022, 3, 1))] == []


def test_the_closing_formula_of_an_application_form_signs_no_contract() -> None:
    text = ("DÉPARTEMENT DE LA NIÈVRE\nAppel à projets 2021 — Contrat départemental de prévention et de protection "
            "de l'enfance\n\nDOSSIER DE DEMANDE DE SUBVENTION\n\nNom : Association Les Liens\n\n"
            "Fait à Nevers, le 12/04/2021\n")
    assert _signed(text) == []


def test_a_signing_whose_act_is_named_just_above() -> None:
    """A passive with a pronoun for the act, and a participle opening the sentence, under the line naming the act."""
    text = HEAD + "Qu'est-ce que le contrat ?\n\nIl a été signé à Nevers le 3 février 2021, pour trois ans.\n"
    assert _signed(text, dt.date(2022, 3, 1)) == [("contract", dt.date(2021, 2, 3))]
    text = HEAD + "2. L'avenant.\n\nSigné le 7 juin 2021, il apporte des crédits nouveaux.\n"
    assert _signed(text, dt.date(2022, 3, 1)) == [("amendment", dt.date(2021, 6, 7))]


def test_the_signing_of_the_act_the_sentence_before_names() -> None:
    """« la signature » of no named act is the signing of the act the sentence before names (blind V: v12_08)."""
    text = (HEAD + "Elle avait porté la négociation du contrat départemental de prévention et de protection de "
            "l'enfance. Ceux qui l'ont accompagnée se souviennent de la signature, le mercredi 14 octobre 2020, à la "
            "préfecture.")
    assert _signed(text, dt.date(2023, 2, 11)) == [("contract", dt.date(2020, 10, 14))]


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        # the day in the next sentence (blind X: x01_03)
        ("Le contrat, approuvé par notre assemblée en juin, a été signé à Nevers par le préfet. C'était le 9 juillet "
         "2021.", ("contract", dt.date(2021, 7, 9))),
        # a signing that dates a meeting, with its own date (blind Z: z01_86)
        ("Cette rencontre intervient après la signature, le 14 septembre 2021 à Nevers, du contrat départemental.",
         ("contract", dt.date(2021, 9, 14))),
    ],
)
def test_the_day_of_the_signing_beside_its_sentence(text: str, signed: tuple) -> None:
    assert _signed(HEAD + text, dt.date(2021, 10, 27)) == [signed]


@pytest.mark.parametrize(
    ("text", "published", "signed"),
    [
        # an aggregator's « Source : … | 12/10/2020 » is the page's date; « a signé vendredi » the Friday before (S)
        ("Bas-Rhin : un contrat pour mieux protéger les enfants\nSource : Le Courrier d'Alsace | 12/10/2020 à 17h45\n"
         "Le Bas-Rhin a signé vendredi avec l'État un contrat de prévention et de protection de l'enfance.\n",
         dt.date(2020, 10, 12), [("contract", dt.date(2020, 10, 9))]),
        # a post dated « 16 mars 2021 » that says « Hier soir … nous avons signé » (R)
        ("Sandrine Lacombe-Duprat\n16 mars 2021 · 🌐\nHier soir à l'Hôtel du Département de la Gironde, nous avons "
         "signé avec la préfète l'avenant 2021 à notre contrat de prévention et de protection de l'enfance.\n",
         dt.date(2021, 3, 16), [("amendment", dt.date(2021, 3, 15))]),
        # « jeudi dernier » in a sentence whose act « doit renforcer … »: said of the act, not a signing to come (RS2)
        ("Le Département d'Indre-et-Loire et l'Etat ont signé jeudi dernier, à Tours, le contrat qui doit renforcer la "
         "prévention et la protection des enfants.\n", dt.date(2020, 11, 21), [("contract", dt.date(2020, 11, 19))]),
        # the « Fait à … » under a deliberation dates the vote, not a signing (RS2)
        (HEAD + "Article 2 : AUTORISE le Président à signer ledit contrat.\n\nAdopté à l'unanimité.\n"
         "Fait à Laval, le 15 décembre 2020\nLe Président du conseil départemental,\n", None, []),
        # the imperfect of « parapher » (S)
        (HEAD + "Il y a cinq mois, le 16 novembre 2020, le préfet et la présidente du conseil départemental "
         "paraphaient le premier contrat départemental de prévention et de protection de l'enfance.\n",
         None, [("contract", dt.date(2020, 11, 16))]),
    ],
)
def test_the_day_of_a_signing_told_relative_to_the_page_or_in_another_tense(text, published, signed) -> None:
    assert _signed(text, published) == signed


@pytest.mark.parametrize(
    "table",
    [
        # a « | » table with a column of signing dates (blind Y: y12_FR)
        "Département | Date de signature | Crédits État 2021\nHautes-Alpes (05) | 28/06/2021 | 310 000 €\n"
        "Alpes-de-Haute-Provence (04) | 2 juillet 2021 | 395 000 €\nLozère (48) | en attente | 420 000 €\n",
        # columns aligned by spaces, a label set two spaces before its date (blind T: t09_FR)
        "Département" + " " * 19 + "Signature     Crédits État 2020\n"
        "Hautes-Alpes (05)" + " " * 13 + "28/06/2021    310 000 €\n"
        "Alpes-de-Haute-Provence (04)  02/07/2021    395 000 €\nLozère (48)" + " " * 33 + "420 000 €\n",
    ],
)
def test_a_table_column_of_signing_dates(table: str) -> None:
    found = _extract("Bilan de la contractualisation\n\n" + table, dt.date(2021, 9, 10)).signatures
    assert sorted((s.departement, s.kind, s.date) for s in found) == [
        ("04", "contract", dt.date(2021, 7, 2)), ("05", "contract", dt.date(2021, 6, 28))]


def test_a_table_column_of_signings_to_come_dates_none() -> None:
    table = "Département | Signature prévue | Crédits\nAriège (09) | 2 juillet 2021 | 395 000 €\n"
    assert _signed("Calendrier\n\n" + table, dt.date(2021, 5, 10)) == []


def test_a_party_that_signed_on_a_day_signed_the_act_named_just_before() -> None:
    """« la Savoie a paraphé le sien », « la Haute-Savoie avait signé dès le 17 décembre dernier »: no act in the
    sentence, the one the last sentences named; with none named before, no signature."""
    text = (HEAD + "À trois semaines d'intervalle, la Savoie et la Haute-Savoie ont signé avec l'État leur contrat. "
            "C'est à Chambéry, vendredi 8 janvier, que la Savoie a paraphé le sien. Sa voisine l'avait devancée : la "
            "Haute-Savoie avait signé dès le 17 décembre dernier, à Annecy.")
    expected = [("contract", dt.date(2021, 1, 8)), ("contract", dt.date(2020, 12, 17))]
    assert _signed(text, dt.date(2021, 1, 14)) == expected
    assert _signed(HEAD + "Le préfet a signé le 3 mars, dans son bureau.", dt.date(2021, 5, 14)) == []
