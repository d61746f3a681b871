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


# 2. a capacity counted in people, before or after a verb of welcoming to come
CAPACITY_IN_PEOPLE = [
    ("Dix adolescents pourront y être accueillis dès la rentrée", [10]),
    ("huit enfants seront hébergés dans la future maison", [8]),
    ("elle pourra recevoir, une fois ouverte, 18 garçons et filles de 6 à 12 ans", [18]),
    ("Il pourra recevoir douze familles.", [12]),
    ("elle accueillera jusqu'à 9 tout-petits", [9]),
    ("Quatre de ces places sont réservées aux fratries", [4]),
    # counts of today, not capacities
    ("1 700 enfants sont accueillis à l'aide sociale à l'enfance", []),
    ("Il réunit seize jeunes de 12 à 20 ans", []),
]


@pytest.mark.parametrize(("text", "places"), CAPACITY_IN_PEOPLE)
def test_capacity_counted_in_people(text: str, places: list[int]) -> None:
    from ingest.extract.numbers import find_capacities

    assert [n for n, _label, _s, _e in find_capacities(text)] == places


def test_a_capacity_in_people_stated_after_its_measure() -> None:
    text = "Ces crédits financeront un accueil de jour à Béziers. Douze adolescents pourront y être accueillis.\n"
    assert [[c.places for c in a.capacities] for a in _actions(text)] == [[12]]


# 3. a clause that points back at the measure just read: it describes it, or it is another of its kind
POINTING_BACK = [
    # a pronoun after the measure: where it works, its size, for whom (no second action)
    ("Un foyer d'accueil d'urgence ouvrira à Sète ; il disposera de 10 places, pour que frères et sœurs restent "
     "ensemble.\n", ["diversification-accueil"]),
    ("Une équipe mobile pour adolescents fonctionne depuis mars. Elle intervient auprès des jeunes accueillis en "
     "famille d'accueil.\n", ["equipe-mobile-handicap"]),
    # « la première … la seconde … » after two measures counted together: two measures
    ("Le Département déploie deux équipes mobiles. La première intervient dans les foyers. La seconde, "
     "médico-éducative, se rend au domicile des assistants familiaux.\n",
     ["equipe-mobile-handicap", "equipe-mobile-handicap"]),
    # another one of the kind just read, named by its noun only
    ("Une équipe mobile va intervenir auprès des enfants handicapés. Une seconde équipe, de nuit, ira au-devant "
     "des adolescents.\n", ["equipe-mobile-handicap", "equipe-mobile-handicap"]),
    # a pronoun then a verb of intent: a measure of its own
    ("Le Département ouvrira un relais parental. Il compte aussi développer l'accueil des fratries.\n",
     ["soutien-parentalite", "accueil-fratries"]),
    # « le centre de PMI de … » names a place of its own, it points at nothing
    ("- Un relais parental ouvrira à Sète.\n- Le centre de PMI de Lodève recrutera deux puéricultrices.\n",
     ["soutien-parentalite", "pmi"]),
]


@pytest.mark.parametrize(("text", "types"), POINTING_BACK)
def test_clauses_that_point_back(text: str, types: list[str]) -> None:
    assert [a.action_type for a in _actions(text)] == types


def test_a_capacity_in_a_pointing_clause_joins_the_measure() -> None:
    text = "Un foyer d'accueil d'urgence ouvrira à Sète ; il disposera de 10 places, pour les fratries.\n"
    assert [[c.places for c in a.capacities] for a in _actions(text)] == [[10]]


# 4. a clause is cut where a measure ends, not between a subject and its verb
def test_a_subject_and_its_verb_stay_one_clause() -> None:
    text = "Enfin, une équipe mobile de pédopsychiatrie, financée par l'ARS, interviendra dans les maisons d'enfants.\n"
    assert len(_actions(text)) == 1
    text = "Le Département créera une maison d'enfants à caractère social, ouvrira un relais parental.\n"
    assert [a.action_type for a in _actions(text)] == ["mecs", "soutien-parentalite"]


# 5. type and axis: where a team works and what a post is for decide its axis, not the words it shares with others
TYPE_AND_AXIS = [
    # a child-psychiatry team working in the places of care backs them against breakdowns (axis 2) …
    ("Une équipe mobile de pédopsychiatrie interviendra dans les foyers de l'enfance du Biterrois.\n", [2]),
    ("Une équipe mobile de pédopsychiatrie, financée par l'ARS, se rendra dans les maisons d'enfants.\n", [2]),
    # … one for the children themselves is their health (axis 3)
    ("Une équipe mobile de pédopsychiatrie sera créée pour les enfants confiés.\n", [3]),
    # a health referent or coordinator for each child in care: the health of children in care (axis 3)
    ("Le Département va désigner un « référent santé » pour chaque enfant confié.\n", [3]),
    ("Il crée un poste de coordinatrice « parcours santé » pour les enfants placés.\n", [3]),
    # mentoring the young adults leaving care prepares their adult life (axis 4), not that of children in care
    ("Des parrains bénévoles accompagneront les jeunes majeurs sortant de l'ASE.\n", [4]),
    ("Le Département expérimente le mentorat pour les jeunes de 18 à 21 ans.\n", [4]),
    ("Un réseau de parrainage de proximité sera proposé aux enfants confiés.\n", [3]),
]


@pytest.mark.parametrize(("text", "axes"), TYPE_AND_AXIS)
def test_type_and_axis(text: str, axes: list[int]) -> None:
    assert [a.axis for a in _actions(text)] == axes


# 6. what is not a measure: a field of a fiche that says for whom or at what cost; a measure said in the first person
NOT_OR_NOW_A_MEASURE = [
    ("- **Contenu** : création d'un relais parental à Lodève.\n- **Public** : parents des MECS et des lieux de vie.\n"
     "- **Financement** : 80 000 € par an pour les jeunes majeurs.\n", ["soutien-parentalite"]),
    ("Durée : deux jours, pour les assistants familiaux.\n", []),
    # a union's leaflet: what it observes and what it demands are not the département's measures
    ("Ce que nous constatons sur le terrain :\n- des assistants familiaux épuisés, qui partent sans être remplacés ;\n"
     "- une CRIP débordée.\nNos revendications :\n- une revalorisation des assistants familiaux ;\n"
     "- 20 postes à la CRIP.\n", []),
    # a call for projects: how applications are chosen is no measure
    ("Critères de sélection :\n- la qualité de l'accompagnement proposé aux jeunes majeurs (30 %) ;\n"
     "- l'ancrage partenarial avec les maisons d'enfants (20 %).\n", []),
    ("Je veux que chaque enfant de moyenne section voie un médecin de PMI dans son école.\n",
     ["bilan-sante-ecole-maternelle"]),
]


@pytest.mark.parametrize(("text", "types"), NOT_OR_NOW_A_MEASURE)
def test_not_or_now_a_measure(text: str, types: list[str]) -> None:
    assert [a.action_type for a in _actions(text)] == types


def test_a_participle_after_a_measure_says_what_it_does() -> None:
    # « …, chargé de … »: what the post just named does, not a measure of its own
    text = ("Le contrat finance le recrutement d'un médecin référent protection de l'enfance, chargé notamment "
            "d'améliorer le repérage des violences faites aux enfants.\n")
    assert [a.action_type for a in _actions(text)] == ["sante-enfants-confies"]


def test_a_financing_line_restating_a_measure_in_other_words() -> None:
    # a plan's line names the measure the text described, its words in another order: no second measure
    text = ("- la création d'un « kit logement » (caution, mobilier) pour les jeunes majeurs sortant de l'ASE.\n\n"
            "Action | Axe | Crédits\nKit logement jeunes majeurs | 4 | 40 000 €\n")
    assert len(_actions(text)) == 1


def test_ages_stay_with_their_clause() -> None:
    # « pour tous les enfants de 3 à 4 ans » is the health check's audience, not that of the measures listed after it
    text = ("Le contrat finance la réalisation par la PMI d'un bilan de santé pour tous les enfants de 3 à 4 ans, "
            "l'ouverture à Sète d'un accueil de jour de 20 places et la création d'un soutien scolaire pour les "
            "enfants confiés.\n")
    assert [(a.age_min, a.age_max) for a in _actions(text)] == [(3, 4), (None, None), (None, None)]


def test_a_count_in_a_negated_sentence_is_no_capacity() -> None:
    text = ("Nous allons augmenter l'indemnité des assistants familiaux qui accueillent des fratries. On ne peut pas "
            "demander à une famille d'accueillir trois enfants sans l'aider.\n")
    assert [a.capacities for a in _actions(text)] == [()]


# 7. a table of the actions whose amounts carry no currency sign (the header says « en euros »)
def test_a_table_of_actions_without_currency_signs() -> None:
    text = ("ANNEXE – ACTIONS FINANCÉES (en euros)\n\nN° | Action | Axe | Crédits\n"
            "A1 | Bilan de santé à l'entrée dans le dispositif de protection de l'enfance | 3 | 89 500\n"
            "A2 | Création de 8 places d'accueil d'urgence pour adolescents à Sète | 2 | 209 800\n")
    actions = _actions(text)
    assert [a.axis for a in actions] == [3, 2]
    assert [c.places for c in actions[1].capacities] == [8]
    # a table of indicators names no measure
    text = ("Indicateur | 2020 | 2021\nMesures d'AEMO en cours | 1 240 | 1 298\n"
            "Taux de couverture des bilans de santé en école maternelle | 64 % | 71 %\n")
    assert _actions(text) == []


def test_a_name_with_a_coordination_is_not_cut() -> None:
    # « infantile » is sometimes tagged as a verb: « protection maternelle et infantile » stays one name
    text = ("Le gros de l'enveloppe doit servir à renforcer la protection maternelle et infantile : douze "
            "sages-femmes et puéricultrices seront recrutées d'ici la fin de l'année.\n")
    assert [a.action_type for a in _actions(text)] == ["pmi"]


# 8. a second measure of a type already found, in other words: said to come in addition, after an indefinite article
SAME_TYPE_AGAIN = [
    ("Douze puéricultrices de PMI seront recrutées. Des consultations itinérantes de PMI iront aussi au-devant "
     "des familles des villages.\n", ["pmi", "pmi"]),
    # the same measure named again with a definite article is one measure
    ("Douze puéricultrices de PMI seront recrutées. Les consultations de PMI seront aussi plus nombreuses.\n",
     ["pmi"]),
]


@pytest.mark.parametrize(("text", "types"), SAME_TYPE_AGAIN)
def test_same_type_again(text: str, types: list[str]) -> None:
    assert [a.action_type for a in _actions(text)] == types


# 8. the eighth round's kinds (an audit follow-up table, a day's programme, an article's question headings, an age
# bound with a possessive)
def test_a_table_row_of_commentary_in_prose_may_report_a_measure() -> None:
    # a follow-up table: its commentary cell reports what was done; a budget line with figures and a comment does not
    text = ("N° | Objectif | Suivi\n"
            "O3 | Raccourcir l'évaluation des informations préoccupantes. | Trois postes d'évaluateurs ont été créés "
            "à la CRIP de Montpellier et pourvus au printemps.\n\n"
            "Chapitre | Prévu | Réalisé | Commentaire\n"
            "Rémunération des assistants familiaux | 9 100 000 | 8 950 000 | Moins de départs remplacés que prévu "
            "cette année, faute de candidats agréés dans les secteurs ruraux.\n")
    assert [a.axis for a in _actions(text)] == [2]


def test_a_line_of_a_days_programme_is_an_event() -> None:
    text = ("Programme de la journée\n"
            "10 h 30 – Présentation de l'équipe mobile de pédopsychiatrie qui intervient auprès des enfants "
            "confiés.\n14h00 : rencontre avec les assistants familiaux du secteur de Lodève.\n")
    assert _actions(text) == []


def test_a_live_blog_update_opening_on_its_hour_states_a_measure() -> None:
    text = ("EN DIRECT – Conseil départemental\n"
            "9 h 45 – Le Département crée une équipe mobile de pédopsychiatrie pour les enfants confiés.\n")
    assert [a.axis for a in _actions(text)] != []


def test_a_size_under_a_question_heading_belongs_to_the_measure_above() -> None:
    text = ("UN NOUVEAU LIEU À PÉZENAS\n\nLe Département ouvre à Pézenas une maison d'enfants à caractère social.\n\n"
            "Pour qui ?\nDes enfants de 8 à 16 ans confiés à l'aide sociale à l'enfance. Ils vivront en deux "
            "unités, avec en tout dix-huit places.\n")
    assert [c.places for a in _actions(text) for c in a.capacities] == [18]


def test_an_age_bound_with_a_possessive() -> None:
    text = "Le Département accompagne chaque jeune qui quitte l'ASE jusqu'à ses 21 ans, pour le logement.\n"
    assert [(a.axis, a.age_max) for a in _actions(text)] == [(4, 21)]
