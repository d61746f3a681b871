"""Where a measure stands and what it is: one table per kind of failure found on documents in other styles
(deliberations, reports, slide decks, newsletters, interviews, real pages as stored) — what holds no measure,
one measure or two, a capacity stated apart, payers in tables and joint totals, signing dates and names.
Every example is written for this file; each row names the rule or the wording it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.clean import clean
from ingest.extract import explain_actions, extract
from ingest.extract.actions import column_capacities
from ingest.extract.numbers import find_capacities
from ingest.model import Extraction, SourceDocument
from ingest.segment import segment

FOCUS = "Le Département de l'Hérault signe son contrat avec l'État.\n"


def _extract(text: str, published: dt.date | None = dt.date(2021, 6, 18)) -> Extraction:
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=published)
    return extract(source, clean(text, segment(text)))


def _types(text: str) -> list[str]:
    return [a.action_type for a in _extract(FOCUS + text).actions]


# 1. passages with the words of a measure that state none, and the rule that says so
NOT_MEASURES = [
    ("Vu le schéma départemental enfance-famille 2019-2023 ;\n", "action.not.recital"),
    # the profile a job offer looks for (blind RB's offer of a PMI doctor's post)
    ("Le poste\n\nVous réaliserez les bilans.\n\nVotre profil\n\n- Docteur en médecine ;\n- connaissance du "
     "développement de l'enfant et des troubles du langage ;\n- sens du travail en équipe.\n", "action.not.context"),
    # the « À propos de … » section of a press release presents its sender (blind RB's association release)
    ("COMMUNIQUÉ DE PRESSE\n\nLe projet\n\nIl ouvrira en septembre.\n\nÀ propos des Passerelles du Léman\n\nCréée en "
     "1978, l'association intervient dans le Chablais. Elle gère notamment une maison d'enfants à caractère social à "
     "Évian-les-Bains et un service de prévention spécialisée.\n\nContact presse : Julien Favre\n",
     "action.not.context"),
    ("Considérant que la couverture des bilans de santé en école maternelle reste faible ;\n", "action.not.recital"),
    ("• 14 mars : réunion plénière de l'observatoire départemental de la protection de l'enfance\n",
     "action.not.dated-event"),
    ("AGENDA\n• réunion plénière de l'observatoire départemental de la protection de l'enfance\n",
     "action.not.context"),
    ("| Mesures d'AEMO en cours | 1 020 | 1 100 |\n| Jeunes majeurs accompagnés | 310 | 344 |\n",
     "action.not.figures-row"),
    ("L'observatoire formule trois recommandations :\n- développer le parrainage de proximité ;\n"
     "- créer un conseil des jeunes ;\n", "action.not.context"),
    # a measure asked for and not retained; money left unspent for a delay in recruiting (blind RS2: u06_70)
    ("La création d'un centre parental à Mâcon, demandée par une association, n'a pas été retenue à ce stade.\n",
     "action.not.absent"),
    ("Sur ce montant, 40 k€ n'ont pas été engagés (retard de recrutement des sages-femmes de PMI).\n",
     "action.not.difficulty"),
    # the national framework after a short opening (blind RS2: u01_14)
    ("Pour rappel, la stratégie nationale prévoit aussi le déploiement des « 1000 premiers jours ».\n",
     "action.not.national"),
    # what a call or a service leaves out of its scope (blind R: r05_30)
    ("Sont exclus du dispositif : l'accueil provisoire des jeunes majeurs, les placements en famille d'accueil.\n",
     "action.not.context"),
    # the steps a decision recites before it decides (blind X: x05_08)
    ("Après avoir consulté le conseil départemental des jeunes accueillis à l'aide sociale à l'enfance ;\n",
     "action.not.recital"),
    ("Après avis du comité de suivi du contrat ;\n", "action.not.recital"),
    # a body that recommends, in the numbered item whose colon opens the list (blind X: x05_08)
    ("3. Suites. Le rapporteur préconise au Département :\n– de créer un conseil des jeunes confiés ;\n– de "
     "développer le parrainage de proximité.\n", "action.not.context"),
    ("- La hausse des informations préoccupantes se poursuit (+ 6 % en un an).\n", "action.not.finding"),
    ("Le nombre de mesures d'AEMO progresse plus lentement qu'en 2020.\n", "action.not.finding"),
    ("Le gouvernement compte ouvrir 1 200 places de pouponnière dans tout le pays.\n", "action.not.national"),
    ("Les actions pour les jeunes majeurs relèvent de la stratégie de lutte contre la pauvreté.\n",
     "action.not.other-programme"),
    # a national or every département's subject opens the passage (blind L's newsletter, blind P's note to préfets)
    ("Le site national consacré aux 1000 premiers jours de l'enfant propose désormais des fiches aux parents.\n",
     "action.not.national"),
    ("Les contrats reprennent les quatre engagements et comportent le renforcement des bilans de santé en école "
     "maternelle.\n", "action.not.national"),
    # the parties there are one of in every département or région, in the plural (blind T's observatory note, blind P's
    # note to préfets)
    ("Les agences régionales de santé ont aussi mobilisé des crédits pour des équipes mobiles de pédopsychiatrie.\n",
     "action.not.national"),
    # what a vœu asks for (blind K's vœu of an opposition group; the Défenseur's recommendations of blind L read alike)
    ("ÉMET LE VŒU :\n– qu'une maison des adolescents soit ouverte à Dieppe avant la fin du contrat ;\n",
     "action.not.wish"),
    # measures already told, named again through « ces actions » (blind N's rapport)
    ("Le budget de ces actions nouvelles en faveur des jeunes majeurs atteint 90 000 € en 2021.\n",
     "action.not.pointed-back"),
    # another party's commitments in a convention (blind U's charter with the Éducation nationale)
    ("Article 5 – Engagements de la CAF\nLa CAF s'engage à :\n- cofinancer deux lieux d'accueil enfants-parents ;\n",
     "action.not.other-party-duties"),
    # what the council's opposition proposes (blind Q's majority group's reply)
    ("Le groupe d'opposition, par la voix de sa présidente, propose d'ouvrir une maison d'enfants dans chaque canton"
     ".\n",
     "action.not.opposition"),
    # the title of a post offered, marked for both sexes (blind V's and C's job offers)
    ("Le Département recrute\nÉducateur spécialisé – Maison de l'enfance de Vannes (H/F)\nPoste à temps complet\n",
     "action.not.job-title"),
    # the duties of a post (blind K's job offer) or of a party to a convention (blind L's convention)
    ("MISSIONS\n- Animer le réseau des parrains et marraines bénévoles, en lien avec l'association ;\n"
     "- Participer aux travaux de l'observatoire départemental de la protection de l'enfance.\n", "action.not.context"),
    # a difficulty (blind I's report, blind M's minutes, blind P's audit and public report)
    ("Le Département fait face à des difficultés de recrutement d'assistants familiaux.\n", "action.not.difficulty"),
    # what a workshop suggests (blind L's summary of Assises; blind K's report numbers its « Proposition n° 5 : »)
    ("Le groupe a formulé des propositions, qui seront étudiées par le comité de pilotage :\n"
     "- simplifier l'accès au logement social des jeunes majeurs avec une convention-cadre ;\n", "action.not.context"),
    # a heading in capitals with a word in lower case is a heading, not a menu bar (blind I's convention annex)
    ("CONVENTION\nLe contrat est conclu pour deux ans.\nANNEXE 2 – INDICATEURS DE SUIVI (extrait)\n"
     "A1 : nombre de visites à domicile réalisées ; part des familles primipares visitées.\n", "action.not.context"),
    # the lessons a report draws (blind T's observatory note; blind Q's evaluation has « LIMITES » alike)
    ("Premiers enseignements\n1. Les recrutements de puéricultrices de PMI prennent quatre à six mois.\n",
     "action.not.context"),
    # what another party says, signs or meets (blind C's article, blind I's minutes, blind J's report)
    ("La caisse d'allocations familiales rappelle que les lieux d'accueil enfants-parents restent ouverts l'été.\n",
     "action.not.other-party"),
    ("La Caf du Gard a cosigné l'annexe du contrat consacrée au soutien à la parentalité.\n", "action.not.other-party"),
    ("Et le centre parental, pour quand ?\n", "action.not.question"),
    ("- une étude sur les parcours des jeunes majeurs après 21 ans ;\n", "action.not.study"),
    ("Les jeunes majeurs et les familles accompagnées à domicile figurent parmi les publics prioritaires.\n",
     "action.not.audience"),
    # what the text says is missing from the contract (blind L's thesis, blind I's council minutes)
    ("Le contrat reste muet sur la pédopsychiatrie et sur les mineurs non accompagnés.\n", "action.not.absent"),
    ("Je m'étonne que les jeunes majeurs soient absents des actions retenues.\n", "action.not.absent"),
    ("Quant aux jeunes majeurs, leur accompagnement est financé par la stratégie de lutte contre la pauvreté.\n",
     "action.not.other-programme"),
    # key figures of the situation: a count opens the passage, no word says that something is done or new
    ("Repères\n- **2 150** mesures d'action éducative en milieu ouvert suivies en 2020\n"
     "- 430 assistants familiaux agréés\n- 11 maisons d'enfants à caractère social dans le département\n",
     "action.not.finding"),
    # a fiche's fields asked as questions: for whom, by whom (« Quoi ? » says what the measure is)
    ("Le dispositif en bref\n- **Pour qui ?** Futurs parents présentant des troubles psychiques.\n"
     "- **Par qui ?** 9 puéricultrices et 3 sages-femmes recrutées à cet effet.\n", "action.not.side-field"),
    ("Les signataires ont ensuite visité la maison d'enfants de Moulins, qui ouvrira 12 places.\n",
     "action.not.visited"),
    ("EN BREF\n– Le Télégraphe (20/07) : grève d'une journée dans une MECS associative.\n", "action.not.dated-event"),
    # what a party asks for or a body advises (blind S's article, blind R's Facebook thread, blind PH's bank of
    # statements that are not the département's)
    ("Les syndicats du secteur réclament la généralisation des bilans de santé en école maternelle et une "
     "revalorisation des assistants familiaux.\n", "action.not.demand"),
    ("Les assistants familiaux ne demandent pas des annonces mais un vrai statut et une revalorisation.\n",
     "action.not.demand"),
    ("L'observatoire recommandait de développer le parrainage des enfants confiés.\n", "action.not.demand"),
    # a visit after the signing, in other words (blind R's press kit)
    ("La signature sera suivie d'une visite de la pouponnière Les Capucines, à Louviers.\n", "action.not.visited"),
    # the strategy's measures for every département, named as such (blind S's press release)
    ("Parmi les mesures nationales qu'elle porte figurent la systématisation des bilans de santé des enfants de 3-4 "
     "ans et le renforcement des centres de PMI.\n", "action.not.national"),
    # an association's appeal for gifts in its page's side column (blind S's page as stored)
    ("Soutenez nos actions\nObjectif de collecte 2021 : 25 000 € pour financer les séjours de vacances des enfants "
     "accueillis.\n", "action.not.context"),
]


@pytest.mark.parametrize(("text", "rule"), NOT_MEASURES)
def test_passages_that_state_no_measure(text: str, rule: str) -> None:
    extraction = _extract(FOCUS + text)
    assert extraction.actions == []
    assert rule in {r for _s, _e, r in explain_actions(extraction)}


WORDS_OF_NO_MEASURE = [
    # the strategy's commitments restated
    "Les engagements sont :\n- sécuriser les parcours des enfants protégés et prévenir les ruptures ;\n",
    # a person's role
    "Paul Martin, éducateur dans une maison d'enfants de Béziers, se veut prudent.\n",
    # everyday words that are labels only when a word of action governs them
    "L'année a été difficile, entre vacances de postes et fatigue des équipes, mais tout va mieux.\n",
    "Des enfants qui ont souvent connu les disputes et parfois les violences vivront ensemble.\n",
    # an association's name
    "Lancé avec l'association Hérault Parrainage, le dispositif va aussi soutenir les familles.\n",
    # the name of a kind of measure (« mesures de milieu ouvert ») does not say that something is done
    "Les délais des mesures de milieu ouvert restent longs et nos assistants familiaux vieillissent.\n",
]


@pytest.mark.parametrize("text", WORDS_OF_NO_MEASURE)
def test_words_that_name_no_measure(text: str) -> None:
    assert "parrainage" not in _types(text) and "lutte-violences" not in _types(text)
    assert "scolarite-loisirs" not in _types(text) and "prevention-ruptures" not in _types(text)
    assert "mecs" not in _types(text)


# 2. one measure or two
MEASURE_COUNTS = [
    # the background of a text still states a measure when a strong verb says one was taken; people « en grande
    # difficulté » are an audience
    ("CONTEXTE\nLe Département a créé le dispositif « Cap Majorité », qui accompagne les jeunes majeurs sortant de "
     "l'ASE vers le logement.\n", 1),
    ("Un lieu de vie ouvrira pour des adolescents de 13 à 17 ans en grande difficulté à Thonon-les-Bains.\n", 1),
    # a definite article and the head of a measure read before (its label's first word, its acronym) describe it
    # (blind P's convention « L'EMI intervient … », blind L's fiche action « Le bilan est réalisé à l'école … »)
    ("Le Département soutient l'équipe mobile d'intervention (EMI) de l'association. L'EMI intervient auprès des "
     "enfants confiés, sur leur lieu d'accueil, en famille d'accueil comme en établissement.\n", 1),
    # a piece whose only verb is a relative clause's says who or where the measure before it works (blind L's
    # interview, blind P's agenda), not another measure; a main verb after the relative clause is the piece's own
    ("Avec ce contrat, on crée une équipe mobile de pédopsychiatrie, des soignants qui vont aller vers les foyers et "
     "les familles d'accueil.\n", 1),
    ("Nous ouvrons une maison des fratries, et les jeunes de 18 à 21 ans qui quittent l'aide sociale à l'enfance "
     "seront suivis par un référent jusqu'à leur insertion.\n", 2),
    # a budget table whose header names the column of actions in full; amounts without a currency sign
    ("Imputation | Fonction | Action du contrat | Montant (€)\n"
     "012 / 64111 | 41 | Bilans de santé en école maternelle des enfants de 3-4 ans | 96 000,00\n"
     "65 / 6568 | 51 | Équipe mobile de pédopsychiatrie pour les enfants confiés | 140 000,00\n", 2),
    ("Une première équipe mobile soutiendra les familles d'accueil. Une seconde équipe mobile interviendra "
     "auprès des enfants en situation de handicap.\n", 2),  # action.another-of-type
    ("Les actions retenues :\n- une pouponnière à Lunel\n  – ouverture en septembre\n  – capacité : 12 places\n"
     "- un relais parental à Sète\n", 2),  # sub-items detail their item
    ("ACCUEIL FAMILIAL : UNE LIGNE D'ASTREINTE\nLes assistants familiaux peuvent désormais joindre un cadre le "
     "soir.\n", 1),  # a heading is the measure its section does not name
    ("Gouvernance\n- L'observatoire départemental sera réuni deux fois par an.\n", 1),  # a heading announces
    ("Le Département créera une équipe mobile de pédopsychiatrie et ouvrira un relais parental.\n"
     "Action ........................ Crédits État\n"
     "1. Équipe mobile / pédopsychiatrie ........ 50 000 €\n2. Relais parental ........ 40 000 €\n", 2),
    ("Le contrat prévoit 30 places en maison d'enfants à caractère social à Agde, ainsi que 8 places d'accueil "
     "d'urgence à Lodève.\n", 2),
    # a table exported with semicolons, under a comment line: one measure per row, a state cell is no finding
    ("# Suivi du contrat, montants en euros\nmesure;axe;montant;avancement\n"
     "Relais parental à Sète;1;90000;réalisé\nBilans de santé en école maternelle;1;120000;en cours - 64% des écoles\n"
     "Accueil de jour éducatif - 10 places;2;250000;en cours\nTOTAL;;460000;\n", 3),
    # a coordination of the places a measure works in, not a second measure
    ("Dès l'automne, une équipe mobile spécialisée dans le handicap viendra en appui des foyers et des assistants "
     "familiaux qui accueillent des enfants handicapés.\n", 1),
    # numbered lines, each with indented lines that describe its project: one measure per project
    ("Le jury a retenu trois projets :\n\n1. Association Les Lucioles (Sète)\n   Relais parental pour les "
     "familles en difficulté passagère.\n   Subvention : 30 000 €\n\n2. Centre social de Lodève\n   Lieu "
     "d'accueil enfants-parents itinérant dans un camion aménagé.\n   Subvention : 12 000 €\n", 2),
    # a count that is a measure's size or resources, not a key figure
    ("Les mesures du contrat :\n- 12 places d'accueil d'urgence à Sète\n- 4 postes de techniciennes de "
     "l'intervention sociale et familiale\n- 25 mesures supplémentaires d'AEMO renforcée\n", 3),
    # « Autre chantier : » says a measure without a verb
    ("Le Département ouvrira un relais parental à Nîmes. Autre chantier : une équipe mobile enfance-handicap avec "
     "la MDPH.\n", 2),
]


SEMICOLON_LIST = (
    "Les deux tiers des mesures sont déjà effectives : revalorisation du métier d'assistant familial ; "
    "nouveau village d'enfants ; bourses étudiantes ; accueil d'apprentis."
)


NUMBERED_SECTIONS = (
    "COMITÉ DE SUIVI DU CONTRAT DÉPARTEMENTAL DE PRÉVENTION ET DE PROTECTION DE L'ENFANCE\n\n"
    "ORDRE DU JOUR\n1. Approbation du compte rendu de la séance du 12 octobre 2021\n"
    "2. Avancement des fiches-actions du contrat en 2021\n3. Questions diverses\n\n"
    "1. APPROBATION DU COMPTE RENDU DU 12 OCTOBRE 2021\nLe compte rendu est approuvé sans observation.\n\n"
    "2. AVANCEMENT DES FICHES-ACTIONS DU CONTRAT EN 2021\n"
    "Le relais parental de Sète a ouvert en mai 2021 avec 8 places.\n"
)


def test_numbered_section_headings_are_no_agenda_items() -> None:
    """« 2. BILAN DES FICHES » after a blank line heads its section: it is not an item of the agenda above."""
    actions = _extract(FOCUS + NUMBERED_SECTIONS).actions
    assert ("soutien-parentalite", [8]) in [(a.action_type, [c.places for c in a.capacities]) for a in actions]


# passages that speak of a measure the document states elsewhere, with the rule that sets them aside (None: a measure of
# its own). A clause after a measure that opens on people or places already known, with a verb of its own and no word
# saying that something is done, says whom or where the measure serves (blind B's report, blind I's speech, blind P's
# minutes); one without a verb, or with a word of action, is a measure of its own. A measure named only by its form as
# a known one is the measure of its axis the document names in words of what it is (blind I's speech: « l'équipe mobile
# dont je vais parler »; blind T's letter: « 85 000 € pour le CH … (équipe mobile) »); alone, it is a measure.
RESTATED = [
    ("Le contrat finance une équipe mobile chargée d'épauler les foyers, les familles d'accueil qui reçoivent des "
     "enfants en situation de handicap.\n", ["equipe-mobile-handicap"], "action.not.description"),
    ("La première mesure est l'extension des bilans de santé en école maternelle : avant le contrat, les "
     "puéricultrices de PMI ne voyaient que 60 % des enfants de 3-4 ans.\n", ["bilan-sante-ecole-maternelle"],
     "action.not.description"),
    ("Le Département renforcera la CRIP, l'accueil familial et les maisons d'enfants.\n",
     ["crip", "accueil-familial", "mecs"], None),
    ("Le Département ouvrira une maison des fratries à Sète, les assistants familiaux seront mieux formés.\n",
     ["accueil-fratries", "accueil-familial"], None),
    ("La CRIP sera renforcée, les assistants familiaux ont été mieux payés.\n", ["crip", "accueil-familial"], None),
    ("L'agence régionale de santé versera 90 000 € pour l'équipe mobile dont il sera question plus loin. Une équipe "
     "mobile de pédopsychiatrie interviendra dans les maisons d'enfants.\n", ["appui-pedopsychiatrique-lieux-accueil"],
     "action.not.known-form"),
    ("Le centre hospitalier recevra 85 000 € (équipe mobile) et le foyer 40 000 €. Une équipe mobile de "
     "pédopsychiatrie viendra en appui des maisons d'enfants.\n", ["appui-pedopsychiatrique-lieux-accueil"],
     "action.not.known-form"),
    ("Le Département finance l'équipe mobile qui se déplace dans les familles d'accueil.\n", ["equipe-mobile-handicap"],
     None),
]


@pytest.mark.parametrize(("text", "types", "rule"), RESTATED)
def test_passages_about_a_measure_stated_elsewhere(text: str, types: list[str], rule: str | None) -> None:
    extraction = _extract(FOCUS + text)
    assert [a.action_type for a in extraction.actions] == types
    rules = {r for _s, _e, r in explain_actions(extraction)} & {"action.not.description", "action.not.known-form"}
    assert rules == ({rule} if rule else set())


def test_a_measure_named_again_as_already_told() -> None:
    """« l'équipe mobile handicap déjà évoquée », « … évoquée plus haut »: a measure named again, not a second one."""
    text = ("Le Département créera une équipe mobile pour les enfants handicapés confiés.\n"
            "Les crédits financeront :\n- une maison des fratries à Sète ;\n"
            "- l'équipe mobile pour les enfants handicapés déjà évoquée, portée par un IME.\n")
    extraction = _extract(FOCUS + text)
    assert [a.action_type for a in extraction.actions] == ["equipe-mobile-handicap", "accueil-fratries"]
    assert "action.not.cross-reference" in {r for _s, _e, r in explain_actions(extraction)}


def test_a_list_written_with_semicolons() -> None:
    assert _types(SEMICOLON_LIST) == ["accueil-familial", "accueil-fratries", "insertion-jeunes", "insertion-jeunes"]


def test_the_measures_of_a_council_that_never_names_itself() -> None:
    text = ("Le Département présentait en 2021 son plan d'actions.\n"
            "Le Département a déjà créé 40 places d'accueil d'urgence et ouvrira un relais parental.\n")
    actions = _extract(text).actions
    assert [(a.action_type, a.departement) for a in actions] == [
        ("diversification-accueil", None), ("soutien-parentalite", None)
    ]
    assert _extract("Les départements pourront ouvrir des relais parentaux.\n").actions == []


SEVERAL_MEASURES = [
    # an opening purpose (« Pour agir le plus tôt possible, … ») is the sentence's frame, not one of three aims it lists
    ("Pour agir le plus tôt possible, le Département étoffera sa PMI avec l'arrivée de deux sages-femmes, qui "
     "permettront de généraliser l'entretien prénatal précoce et de réaliser les bilans de santé de tous les enfants "
     "de 3-4 ans à l'école maternelle.\n", ["entretien-prenatal-precoce", "bilan-sante-ecole-maternelle"]),
    # bare nouns a colon lists, each long enough to name a measure of its own
    ("Ces crédits serviront à renforcer la PMI : entretien prénatal précoce pour chaque future mère du département, "
     "bilans de santé à l'école maternelle pour tous les enfants de 3 à 4 ans, et consultations itinérantes.\n",
     ["pmi", "entretien-prenatal-precoce", "bilan-sante-ecole-maternelle"]),
    # short ones say what the measure before offers; one opening on « par » says who carries it out
    ("Deux bus de PMI sillonneront les hauts : consultations de nourrissons, vaccinations, conseils.\n", ["pmi"]),
]


@pytest.mark.parametrize(("text", "types"), SEVERAL_MEASURES)
def test_measures_listed_in_one_sentence(text: str, types: list[str]) -> None:
    assert _types(text) == types


@pytest.mark.parametrize(("text", "count"), MEASURE_COUNTS)
def test_one_action_per_measure(text: str, count: int) -> None:
    assert len(_types(text)) == count, _types(text)


MEASURE_TYPES = [
    # a measure named by who carries it out takes the kind its aim names
    ("Trois puéricultrices supplémentaires rejoignent les équipes de PMI du sud du département. Leur mission : "
     "voir à l'école maternelle les enfants de 3-4 ans pour leur bilan de santé.\n", "bilan-sante-ecole-maternelle"),
    ("Dès mars, une sage-femme viendra voir chez elle chaque future mère isolée.\n", "visites-domicile-pmi"),
    # or the question its paragraph opens with (a newsletter for parents)
    ("Votre enfant est en moyenne section ? À l'école, il sera vu par l'infirmière puéricultrice de PMI.\n",
     "bilan-sante-ecole-maternelle"),
    ("Un bus aménagé assurera des consultations de puériculture dans les communes rurales.\n",
     "consultations-puericultrice"),
    ("Désormais, une puéricultrice passera à la maison dans les semaines qui suivent la naissance.\n",
     "visites-domicile-pmi"),
    ("Une équipe mobile composée de sages-femmes de PMI sillonnera le nord du département.\n", "pmi"),
    ("Une équipe mobile de psychiatrie périnatale sera créée avec le centre hospitalier.\n", "soutien-parentalite"),
    ("Le contrat finance une équipe mobile de pédopsychiatrie pour les enfants confiés.\n",
     "sante-mentale-enfants-confies"),
    ("Les puéricultrices de PMI multiplieront les visites à domicile après la naissance.\n",
     "visites-domicile-pmi"),
    ("À la pouponnière de Lunel, on ajoute dix berceaux.\n", "mecs"),
    ("- généraliser le bilan de santé à l'entrée dans le dispositif de protection de l'enfance ;\n",
     "sante-enfants-confies"),
    ("Au printemps, une maison des fratries ouvrira à Lodève.\n", "accueil-fratries"),
    # « nouvelles places » says something is done; « places d'accueil » is a form, its complement the kind
    ("40 nouvelles places en accueil familial d'ici la fin de l'année.\n", "accueil-familial"),
    ("12 places supplémentaires d'accueil de jour à Lodève.\n", "diversification-accueil"),
    # mediated visits keep the links of a child in care (axis 2); « la majorité » of a council is no age
    ("Le Département ouvrira à Sète un second lieu de visites médiatisées.\n", "prevention-ruptures"),
    ("La majorité départementale votera la création de 20 places en MECS à Agde.\n", "mecs"),
    # a figure after the measure's future verb tells where it works; the passage is no finding
    ("Des bilans de santé pour tous les enfants de 3 à 4 ans : les infirmières puéricultrices passeront dans toutes "
     "les écoles maternelles, y compris dans les cantons où le taux de couverture restait sous 50 %.\n",
     "bilan-sante-ecole-maternelle"),
    # « les contrats jeunes majeurs » name a measure, not the contracts of every département
    ("Les contrats jeunes majeurs seront proposés à tous les jeunes sortant de l'ASE, jusqu'à 21 ans.\n",
     "jeunes-majeurs"),
]


@pytest.mark.parametrize(("text", "key"), MEASURE_TYPES)
def test_measures_in_other_words(text: str, key: str) -> None:
    assert _types(text)[:1] == [key]


# 3. a capacity stated apart from its measure's noun
CAPACITIES_APART = [
    ("Un nouvel internat éducatif ouvrira à Agde. Il disposera de 12 places.\n", [12]),
    ("La maison d'accueil d'urgence, gérée par une association, ouvrira en mars 6 places supplémentaires.\n", [6]),
    ("Deux unités d'accueil d'urgence ont ouvert à l'automne. Elles totalisent 18 places.\n", [18]),
    ("Lot 1 – Accueil de jour éducatif\nLe service accueillera des enfants de 6 à 12 ans.\nCapacité : 20 places\n",
     [20]),
    # a sentence that only names the measure, then the council saying what it does (a speech, an interview)
    ("Deuxième priorité : l'accueil de jour. Nous ouvrons 16 places, à Béziers et à Lodève, pour les enfants.\n",
     [16]),
    # the sizes stated by the line that opens a list, which does not name the measure again
    ("Le Département créera 60 nouvelles places d'accueil en petites unités.\n"
     "Le Département a déjà ouvert 20 places depuis 2021, 25 supplémentaires le seront d'ici 2024 :\n"
     "- deux pavillons à Sète ;\n- une maisonnée à Agde.\n", [20, 25, 60]),
    ("La MECS de Sète accueille des adolescents de 12 à 18 ans. Sa capacité autorisée est de 18 places.\n", [18]),
    # a size under the next heading of a feature story
    ("À Lodève, la maison des fratries a ouvert en mars.\nLes enfants y ont trouvé leurs repères.\n"
     "Huit lits, deux salons, un jardin\nLa maison a ouvert en mars. Au total, huit lits.\n", [8]),
    # a possessive points back at the measure; a pronoun opening the clause of the capacity
    ("La maison d'enfants à caractère social de Sète a ouvert en mai. Ses 20 places sont ouvertes aux adolescents.\n",
     [20]),
    ("Un lieu de vie et d'accueil ouvrira à Agde. Porté par une association, il pourra recevoir jusqu'à six "
     "jeunes.\n", [6]),
]


@pytest.mark.parametrize(("text", "places"), CAPACITIES_APART)
def test_capacities_stated_apart(text: str, places: list[int]) -> None:
    assert sorted(c.places for a in _extract(FOCUS + text).actions for c in a.capacities) == places


CAPACITY_GRAMMAR = [
    ("on ajoute dix berceaux", [10]),
    ("vingt-cinq studios avec un bail glissant", [25]),
    ("75 places depuis 2021 (dont 32 à Montpellier), 89 supplémentaires d'ici 2024", [75, 32, 89]),
    ("Elle accueillera jusqu'à 14 bébés", [14]),
    ("d'une capacité de douze\n      places ;", [12]),  # a line break inside the capacity (a page from PDF)
    ("Il comptera huit logements familiaux", [8]),
    ("doit accueillir à terme, pour trois ans, 20 nourrissons", [20]),
    ("Capacité prévue : 35 enfants", [35]),
    ("Accueil d'urgence de Sète - capacité 14", [14]),  # a bare figure after « capacité »
    ("un taux de capacité 85 % atteint", []),
    # the size a measure grows to
    ("porter de 18 à 30 le nombre de places en pouponnière", [30]),
    ("le nombre de lits passera de huit à douze en 2023", [12]),
    ("le service accueille 5 400 enfants", []),
    ("une MECS de 30 places en 2022 à Lyon", [30]),
    ("- **10** : places créées à la pouponnière en 2021", [10]),  # a page of key figures, the figure in bold
    ("- **146** assistants familiaux agréés", []),
    ("Six des quarante-deux places de la MECS sont transformées en places d'accueil séquentiel", [6]),
    ("Créer 30 places d'accueil d'urgence d'ici fin 2023, dont 10 pour les moins de 6 ans.", [30, 10]),
    ("30 places, dont 10 pour cent en urgence", [30]),
    # a size kept as it was
    ("Réhabilitation du foyer de l'enfance | capacité inchangée (36 places) | 3 900 000 €", []),
    ("36 places maintenues à Luçon et 12 places créées à Challans", [12]),
]


@pytest.mark.parametrize(("text", "places"), CAPACITY_GRAMMAR)
def test_capacity_grammar(text: str, places: list[int]) -> None:
    assert [n for n, _label, _s, _e in find_capacities(text)] == places


# a table row gives its measure's size as a bare figure in a column whose header counts places
COLUMN_CAPACITIES = [
    ("Libellé                                   BP 2022         Places\n"
     "Action 3 – Places d'accueil d'urgence     1 180 000,00    16\n", [16]),
    ("| Action | Capacité | Montant |\n|---|---|---|\n| Accueil de jour éducatif | 12 | 300 000 € |\n", [12]),
    ("| Action | Axe | Montant |\n|---|---|---|\n| Accueil de jour éducatif | 2 | 300 000 € |\n", []),
    ("| Action | Nombre de places | Montant |\n| Relais parental | 8 | 90 000 € |\n", [8]),
    # a cell of the row names the unit its figures count (planned, done), a percentage is none
    ("| Engagement | Indicateur | Prévu | Réalisé | % |\n| Extension de la MECS | places | 14 | 8 | 57 % |\n", [14, 8]),
    ("| Engagement | Indicateur | Prévu | Réalisé |\n| Accueil familial | recrutements | 40 | 19 |\n", []),
]


@pytest.mark.parametrize(("text", "places"), COLUMN_CAPACITIES)
def test_capacity_in_a_table_column(text: str, places: list[int]) -> None:
    assert [n for n, _label, _s, _e in column_capacities(text, 0, len(text))] == places


def test_a_table_of_the_contracts_commitments_names_its_measures() -> None:
    """A column headed « Engagement » lists the contract's measures, whatever its other columns count."""
    text = ("| Engagement | Indicateur | Prévu | Réalisé | % |\n|---|---|---|---|---|\n"
            "| Visites à domicile pré et post-natales de PMI | visites / an | 1 800 | 1 260 | 70 % |\n"
            "| Maison d'enfants de Niort, extension | places | 14 | 8 | 57 % |\n")
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == [
        ("visites-domicile-pmi", []), ("mecs", [14, 8])]


def test_a_table_of_contents_covers_its_items_only() -> None:
    """The sections a « SOMMAIRE » lists begin after it, even when their headings were set aside as repeated lines."""
    text = ("SOMMAIRE\n1. Le mot du préfet\n2. Les engagements\n\n1. LE MOT DU PRÉFET\nLe préfet signe ce jour.\n\n"
            "2. LES ENGAGEMENTS\nEngagement 1 — Agir le plus précocement possible : consultations de PMI délocalisées"
            " grâce à un véhicule aménagé ; soutien à la parentalité dès la maternité.\n")
    actions = _extract(FOCUS + text).actions
    assert [a.action_type for a in actions] == ["pmi", "soutien-parentalite"]


def test_a_box_of_key_points_covers_its_bullets_only() -> None:
    """A news page's « Ce qu'il faut retenir » box restates the article in bullets; the prose after it, under no other
    heading, states the measures (its cue reaches the end of its list, not of the page)."""
    text = (
        "Un contrat pour mieux protéger les enfants de l'Hérault\n\n"
        "Ce qu'il faut retenir\n• Un contrat signé vendredi\n• Des jeunes suivis jusqu'à 21 ans\n\n"
        "Le contrat prévoit aussi la création, à Sète, d'un centre parental de dix places pour les jeunes parents.\n"
    )
    actions = _extract(text + FOCUS).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == [("soutien-parentalite", [10])]


def test_a_list_of_the_measures_the_engagements_were_declined_into() -> None:
    """A lead that names the strategy's engagements, then the measures its list holds (an encyclopedia's « Contenu »):
    the items are measures; the same engagements listed alone are not (the strategy restated)."""
    text = ("Contenu\n\nLe contrat déclinait les quatre engagements de la stratégie nationale en une quinzaine de "
            "fiches-actions. Parmi les principales figuraient :\n- l'extension des bilans de santé des enfants de "
            "quatre ans en école maternelle ;\n- une plateforme d'accueil d'urgence de quinze places pour "
            "adolescents.\n")
    assert _types(text) == ["bilan-sante-ecole-maternelle", "diversification-accueil"]
    restated = ("Le contrat reprend les quatre engagements de la stratégie :\n- agir le plus tôt possible ;\n"
                "- sécuriser les parcours des enfants protégés.\n")
    assert _types(restated) == []


def test_a_report_that_goes_through_departements_in_turn() -> None:
    """Each measure and amount of a section is of the département that opens it, not of the document's focus."""
    text = ("Le Pas-de-Calais a signé son contrat. Le Département du Pas-de-Calais y engage 2 M€.\n\n"
            "Le contrat prévoit des bilans de santé en école maternelle pour les enfants de 3 à 4 ans.\n\n"
            "Dans l'Oise, le contrat a été signé en décembre. L'État y apporte 2,4 millions d'euros.\n\n"
            "Le contrat prévoit la réorganisation de la cellule de recueil des informations préoccupantes.\n\n"
            "Le Bas-Rhin, enfin, a signé le sien. Le Département du Bas-Rhin finance un conseil des enfants confiés.\n")
    extraction = _extract(text)
    assert [(a.action_type, a.departement) for a in extraction.actions] == [
        ("bilan-sante-ecole-maternelle", "62"), ("crip", "60"), ("participation-enfants", "67")]
    assert {(f.amount, f.recipient) for f in extraction.fundings} >= {(2_000_000, "62"), (2_400_000, "60")}


def test_a_table_rows_measure_takes_the_size_in_its_places_column() -> None:
    text = ("Le plan d'actions financé par le contrat :\n\n| Action | Capacité | Montant |\n|---|---|---|\n"
            "| Accueil de jour éducatif à Béziers | 12 | 300 000 € |\n| Relais parental à Sète | 8 | 90 000 € |\n")
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == [
        ("diversification-accueil", [12]), ("soutien-parentalite", [8])]


def test_a_table_cell_listing_measures_with_semicolons() -> None:
    """« | Hérault (34) | 310 000 € | relais parental ; 4 places d'accueil d'urgence | »: one measure per item of the
    cell, each with its size."""
    text = ("| Département | Crédits | Mesures phares |\n|---|---|---|\n"
            "| Hérault (34) | 310 000 € | relais parental à Sète ; 4 places d'accueil d'urgence |\n")
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == [
        ("soutien-parentalite", []), ("diversification-accueil", [4])]


def test_a_table_exported_with_tabs_names_its_measures() -> None:
    """A spreadsheet exported with tabs under a long heading: its header starts a line of its own, its column of
    « libelle_action » names the measures, « capacité 14 » is a size in places."""
    text = ("# Suivi du contrat départemental de prévention et de protection de l'enfance, données au 31/12\n"
            "code\tlibelle_action\taxe\tfinanceur\tcredits\tindicateur\tcible\n"
            "B1\tEntretiens prénataux précoces à domicile\t1\tEtat\t40000\tNombre d'entretiens\t300\n"
            "B2\tMaison d'enfants de Sète - capacité 14\t2\tEtat\t90000\tTaux d'occupation (%)\t85\n")
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == [
        ("entretien-prenatal-precoce", []), ("mecs", [14])]


def test_a_table_aligned_by_spaces_with_wrapped_cells() -> None:
    """A table a PDF converter aligned with spaces, each first cell wrapped onto the row's line: one measure per row,
    its ages and its size on the second line."""
    text = ("Les actions et leur financement\n\n"
            "Action                                   État          Département\n"
            "Examens de santé en école mater-\n"
            "nelle (enfants de 3 et 4 ans)            50 000        25 000\n"
            "Maison d'enfants à caractère\n"
            "social de Lodève (10 places)             70 000        70 000\n")
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, a.age_min, [c.places for c in a.capacities]) for a in actions] == [
        ("bilan-sante-ecole-maternelle", 3, []), ("mecs", None, [10])]


SIZED_MEASURES = [
    # a measure named without a verb of action, then sized in a clause whose subject is a pronoun
    ("La maison des fratries de Niort accueille des frères et sœurs confiés. Ouverte en 2021, elle compte 12 places.",
     [("accueil-fratries", [12])]),
    ("Le service dispose à Sète d'un accueil séquentiel pour des séjours de répit ; celui-ci compte 6 places.",
     [("diversification-accueil", [6])]),
    # the size of a measure named in the same clause only describes it
    ("Ses 24 places sont réservées aux fratries.", []),
]


@pytest.mark.parametrize(("text", "expected"), SIZED_MEASURES)
def test_a_measure_sized_by_a_pronoun_is_stated(text: str, expected: list) -> None:
    actions = _extract(FOCUS + text).actions
    assert [(a.action_type, [c.places for c in a.capacities]) for a in actions] == expected


# 4. who pays, in tables and in joint totals
WHO_PAYS = [
    ("L'État accompagne le Département à hauteur de 1 020 000 € pour 2022.", {("state", 1_020_000)}),
    ("L'État et l'ARS nous accompagnent à hauteur de 2 M€, dont 500 000 € apportés par l'agence.",
     {("other", 2_000_000), ("ars", 500_000)}),
    ("L'ARS soutient l'équipe mobile : l'agence en finance la plus grande part, soit 200 k€.", {("ars", 200_000)}),
    ("Le Département mobilisera un montant au moins équivalent à la participation de l'État, soit 900 000 €.",
     {("department", 900_000)}),
    ("La participation de l'État s'élève à 1 M€ et la part départementale s'élève à 1,2 M€.",
     {("state", 1_000_000), ("department", 1_200_000)}),
    ("Action ........................................ Crédits État 2021\n"
     "1. Visites à domicile après la naissance ........ 92 400 €\n"
     "2. Maison des fratries (ouverture en octobre) 210 000 €\n",
     {("state", 92_400), ("state", 210_000)}),
    ("• Valorisation CD34 2021 : 2,9 M€", {("department", 2_900_000)}),
    # a dashboard exported with tabs: column names with underscores, a payer column, a column of money spent
    ("\ncode\tlibelle_action\taxe\tfinanceur\tcredits_prevus_2022\tcredits_consommes_2022\tcible_2022\n"
     "A1\tVisites à domicile de PMI\t1\tEtat\t85000\t79120.50\t900\n"
     "A2\tAccueil d'urgence\t2\tDepartement\t190000\t171500\t85\n"
     "A3\tBilan de santé des enfants confiés\t3\tARS\t95000\t61300\t80\n",
     {("state", 85_000), ("department", 190_000), ("ars", 95_000)}),
]


@pytest.mark.parametrize(("text", "expected"), WHO_PAYS)
def test_who_pays_in_tables_and_joint_totals(text: str, expected: set) -> None:
    assert {(f.funder_kind, int(f.amount)) for f in _extract(FOCUS + text).fundings} == expected


# 5. signing dates and names
SIGNING_DATES = [
    ("Vendredi 5 mars 2021, salle des délibérations, à Montpellier. Le préfet et le président ont paraphé le "
     "contrat départemental.", dt.date(2021, 3, 5), "signature.dateline"),
    ("Le comité s'est réuni le 5 mars 2021 à Sète. Le préfet et le président y ont paraphé le contrat.",
     dt.date(2021, 3, 5), "signature.same-occasion"),
    ("CONTRAT DÉPARTEMENTAL DE PRÉVENTION ET DE PROTECTION DE L'ENFANCE\n"
     "Le présent contrat prend effet à compter de sa signature et s'achève le 31 décembre 2022.\n"
     "Fait à Montpellier, le 9 novembre 2020, en trois exemplaires.", dt.date(2020, 11, 9), "signature.done-at"),
]


@pytest.mark.parametrize(("text", "date", "rule"), SIGNING_DATES)
def test_signing_dates(text: str, date: dt.date, rule: str) -> None:
    assert [(s.date, s.evidence.rule) for s in _extract(FOCUS + text).signatures] == [(date, rule)]


NAMES = [
    ("Le ministre a été accueilli par la maire de Sète Anne-Marie Castel.", "Anne-Marie Castel"),
    ("Le préfet du Gard Paul Rivière et le président Jean Soulier ont signé.", "Paul Rivière"),
    ("La préfète Claire Dumas et le président Luc Ferrand lors de la signature. © Photo : Marc Hébert",
     "Claire Dumas"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_names_without_a_place_and_in_captions(text: str, name: str) -> None:
    names = [m.person for m in _extract(FOCUS + text).memberships]
    assert name in names
    assert not any("Sète" in n or "Gard" in n or "Hébert" in n for n in names)


def test_dates_and_people_are_mentions_found_once() -> None:
    """A signature points at the date mention it used; dates and people are mentions like the others."""
    from ingest.extract import _kept, build_context, parse_all
    from ingest.extract.context import add_dates, add_people
    from ingest.extract.people import extract_people

    text = FOCUS + "Le préfet de l'Hérault, Paul Rivière, a signé le contrat le 12 mars 2021."
    signature = _extract(text).signatures[0]
    assert signature.evidence.mentions and signature.evidence.mentions[0].startswith("date@")
    source = SourceDocument(stem="t", file_name="t.txt", text=text, published=dt.date(2021, 6, 18))
    kept = _kept(clean(text, segment(text)))
    ctx = build_context(source, kept, parse_all([s.text for s in kept], analyse=lambda t: True, parse=lambda t: False))
    ctx.published = source.published
    add_dates(ctx)
    add_people(ctx, extract_people(ctx)[1])
    kinds = {(m.kind, m.pattern) for m in ctx.mentions[1]}
    assert ("date", "date.full") in kinds and ("person", "person.name") in kinds


def test_a_table_row_takes_the_axis_of_its_axis_column() -> None:
    """« | N° | Action | Axe | … | »: a row's axis is the one its column gives, over its type's (blind RS2: u06_70)."""
    text = (FOCUS + "\n| N° | Action | Axe | Montant 2021 |\n|---|---|---|---|\n"
            "| 1 | Équipe mobile d'appui pour les enfants handicapés confiés à l'ASE | 3 | 70 k€ |\n"
            "| 2 | Bilans de santé en école maternelle | 1 | 140 k€ |\n")
    assert [(a.action_type, a.axis) for a in _extract(text).actions] == [
        ("equipe-mobile-handicap", 3), ("bilan-sante-ecole-maternelle", 1)
    ]
