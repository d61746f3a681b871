"""People named in forms the sentence readers miss: a transcript's turns, a list of names sharing one plural role,
a name written with a typographic apostrophe."""

from __future__ import annotations

from ingest.clean import clean
from ingest.extract import extract
from ingest.extract.people import find_roles_and_names
from ingest.extract.people_lines import last_line_people, turns
from ingest.model import SourceDocument
from ingest.segment import segment


def _people(text: str) -> list[tuple[str, str | None]]:
    source = SourceDocument(stem="t", file_name="t.txt", text=text)
    return [(m.person, m.role) for m in extract(source, clean(text, segment(text))).memberships]


def test_the_turns_of_a_transcript_name_their_speakers() -> None:
    lines = [
        "Léa Fourquet, L'Est Républicain. – Monsieur le Président, le contrat crée-t-il des places ?",
        "Mme Anne Roux, rapporteure. – Je vous remercie.",
        "Marc Tissot. – Et après 2022 ?",
        "Le contrat. – Un texte.",
    ]
    assert [(n, r) for n, r, *_ in turns(lines)] == [
        ("Léa Fourquet", None), ("Anne Roux", "rapporteure"), ("Marc Tissot", None)
    ]


def test_names_listed_before_one_plural_role() -> None:
    text = ("Nadia Berthéas, présidente du groupe, Rémi Chaize, Sophie Vial et Karim Benmansour, "
            "conseillers départementaux.")
    assert [(p.name, p.role) for p in find_roles_and_names(text)] == [
        ("Nadia Berthéas", "présidente du groupe"),
        ("Rémi Chaize", "conseillers départementaux"),
        ("Sophie Vial", "conseillers départementaux"),
        ("Karim Benmansour", "conseillers départementaux"),
    ]


def test_a_list_of_names_without_a_plural_role_gives_them_none() -> None:
    assert [p.name for p in find_roles_and_names("Il a reçu Marie Durand, Paul Rey, président du club.")] == [
        "Paul Rey"
    ]


def test_a_typographic_apostrophe_in_a_name_is_written_plain() -> None:
    text = "Contact presse :\nGwenaëlle Le Floc’h\nTél. : 02 97 54 84 12\n\nLe Département du Morbihan signe.\n"
    assert ("Gwenaëlle Le Floc'h", "contact presse") in _people(text)


def test_a_signature_block_whose_role_line_the_reading_joins_to_the_line_before() -> None:
    """« Pour le ministre et par délégation, » and the role line under it read as one sentence (a soft line break);
    the block is still read by its stored lines."""
    text = ("La répartition des crédits figure en annexe.\n\nPour le ministre et par délégation,\n"
            "la directrice générale de la cohésion sociale,\nIsabelle Dormoy-Vasseur\n")
    assert ("Isabelle Dormoy-Vasseur", "directrice générale de la cohésion sociale") in _people(text)


def test_the_proper_name_of_an_association_or_a_festival_is_no_person() -> None:
    text = ("Le Département de la Vienne soutient l'association Regain Poitou, qui ouvre une équipe mobile. "
            "Le festival Arte Flamenco revient à Mont-de-Marsan en juillet. Marie Durand, directrice, s'en réjouit.")
    assert [name for name, _ in _people(text)] == ["Marie Durand"]


def test_a_signature_role_line_that_opens_with_the_delegation() -> None:
    """« Pour le directeur général de l'ARS » ⏎ « et par délégation, la déléguée territoriale, » ⏎ the name."""
    text = ("L'arrêté prend effet ce jour.\n\nPour le directeur général de l'ARS Grand Est\n"
            "et par délégation, la déléguée territoriale,\nIsabelle FOURNAISE\n")
    assert ("Isabelle FOURNAISE", "déléguée territoriale") in _people(text)


def test_capitalised_words_after_a_preposition_are_a_complement_not_a_person() -> None:
    text = ("Paul Morel, journaliste à Ouest Bretagne, a suivi la visite. Le directeur a confirmé le financement de "
            "l'Unité Pédiatrique de Lorient. Une maison d'enfants ouvre aux Hauts Champs.")
    assert [name for name, _ in _people(text)] == ["Paul Morel"]


def test_a_name_in_another_field_of_a_line_takes_no_role_from_the_field_before() -> None:
    text = "Directrice de la publication : Anne Lebrun – Impression : Imprimerie Duval\n"
    assert [name for name, _ in _people(text)] == ["Anne Lebrun"]


def test_a_role_in_brackets_and_a_vocative_after_the_role() -> None:
    text = ("Auteurs : Pr Jean Morel, Lucie Tanguy (ingénieure de recherche)\n\n"
            "Madame la présidente du Conseil départemental, chère Hélène Marchal,\n\nMesdames et Messieurs,\n")
    people = _people(text)
    assert ("Lucie Tanguy", "ingénieure de recherche") in people
    assert ("Hélène Marchal", "présidente du Conseil départemental") in people


def test_speakers_labelled_with_a_role_or_in_capitals_with_a_bracket() -> None:
    text = ("VOIX OFF : Le bus arrive au village.\n\nLUCIE TANGUY, infirmière de PMI : On vient aux familles.\n\n"
            "VOIX OFF : Huit communes sont desservies.\n\n"
            "M. PAUL MOREL (riverain). – Qui paiera ?\n\nMME TANGUY. – Le Département.\n")
    names = [name for name, _ in _people(text)]
    assert "Lucie Tanguy" in names and "Paul Morel" in names
    assert not any(name.lower() in ("voix off", "mme tanguy") for name in names)


def test_speakers_after_a_timecode_and_named_in_the_brackets_of_a_role() -> None:
    """A TV transcript's labels: « [00:31] NAME, role : » and « [00:14] VOIX OFF (Name) : »."""
    text = ("[00:00] PRÉSENTATRICE (Élodie Ravier, plateau) : Bonsoir.\n\n"
            "[00:14] VOIX OFF (Mathieu Ferrand) : Une signature en petit comité.\n\n"
            "[00:31] GRÉGOIRE MAILLOT, président du Conseil départemental : L'État met un million.\n\n"
            "[01:10] JULIEN SARDA (animateur) : Merci.\n")
    people = _people(text)
    names = [name for name, _ in people]
    assert ("Mathieu Ferrand", "voix off") in people
    assert ("Grégoire Maillot", "président du Conseil départemental") in people
    assert "Élodie Ravier" in names and "Julien Sarda" in names and "Voix Off" not in names


def test_the_writer_of_a_letter_signs_under_its_closing_formula() -> None:
    text = ("Madame,\n\nJe vous remercie de votre courrier sur l'accueil des enfants.\n\n"
            "Je vous prie d'agréer, Madame, l'expression de ma considération distinguée.\n\nHélène Marchal\n")
    assert ("Hélène Marchal", None) in _people(text)


def test_a_signature_block_whose_role_opens_with_an_elided_article() -> None:
    """« L’inspectrice… » has no space after its article: the role line is still one."""
    text = ("Je vous remercie de votre collaboration.\n\nL’inspectrice de l’éducation nationale,\n"
            "Anne-Laure Pichonnet\n")
    assert ("Anne-Laure Pichonnet", "inspectrice de l’éducation nationale") in _people(text)


def test_a_surname_written_first_in_capitals_is_put_after_the_given_name() -> None:
    text = "« Il fallait agir », résume LE GALL Yannick, vice-président chargé de l’enfance."
    assert [(p.name, p.role) for p in find_roles_and_names(text)] == [
        ("Yannick Le Gall", "vice-président chargé de l’enfance")
    ]


def test_an_acronym_before_a_place_is_not_a_surname_written_first() -> None:
    assert find_roles_and_names("Le CHU Rennes, partenaire du contrat, recrute.") == []


def test_a_territory_in_a_heading_is_not_a_person() -> None:
    """« Canton de Voiron » beside a role word reads like a name and a role; a canton is a place."""
    assert find_roles_and_names("La lettre de votre conseillère départementale — Canton de Voiron — n° 7") == []


def test_the_body_a_role_is_held_in_is_no_person() -> None:
    """The statistical NER tags « Passerelle Moselle » a person; after « président de » it is the association."""
    text = "« C'est le fruit de quinze ans de travail », conclut Rémi Schaeffer, président de Passerelle Moselle."
    assert [name for name, _ in _people(text)] == ["Rémi Schaeffer"]


def test_a_thing_named_after_someone_a_role_with_its_place_a_greeting_and_a_button_are_no_people() -> None:
    """Blind PH and S: the names a careful reader does not take for people."""
    text = (
        "Le Département du Territoire de Belfort agit pour l'enfance. Éducateur spécialisé à la maison d'enfants "
        "Jules-Heidet de Valdoie, Karim Benali ne cache pas ses réserves. Hélène Marchetti, adjointe à la Maire de "
        "Paris chargée de la protection de l'enfance, présente le projet. Le contrat finance des consultations dans "
        "l'Alta Rocca et le Taravo.\nBonjour Nathalie, la PMI passe dans les écoles.\n"
        "Feuilleter le magazine en ligne | Télécharger le PDF (4,8 Mo)\n"
    )
    assert {name for name, _ in _people(text)} == {"Karim Benali", "Hélène Marchetti"}
    # the credits of a report (blind RS2: u04_49)
    credits = ("Le Département de Maine-et-Loire agit.\nVoir le reportage (2'14) – Images : Lucas Ferrand / Montage : "
               "Inès Babin\nLe président Florian Martin a présenté le plan.\n")
    assert {name for name, _ in _people(credits)} == {"Florian Martin"}


def test_the_name_a_document_closes_with_is_its_signatory() -> None:
    text = ("Décision n° 2022-118 relative à la protection de l'enfance dans les Ardennes.\n\n"
            "Elle recommande au préfet de veiller au respect du calendrier des ouvertures de places.\n\n"
            "Mireille Ostrowski\n")
    assert ("Mireille Ostrowski", None) in _people(text)
    # a line that goes on with the line before it is no signature
    assert last_line_people(["Le comité a entendu les familles de", "René Amand"]) == []


def test_a_name_followed_by_a_telephone_number_is_a_contact() -> None:
    text = ("Le préfet a signé le contrat.\n\nService départemental de la communication interministérielle — "
            "Marie-Ange Luciani, 04 95 34 50 00\n")
    assert [name for name, _ in _people(text)] == ["Marie-Ange Luciani"]


def test_a_surname_alone_after_a_civility_with_its_role_is_a_person() -> None:
    """« Mme Garnier, la cheffe du service », « M. Vautrin (DGS) »: a person the text names by the surname only; the
    surname of a person named in full elsewhere is that person (blind V: v08_19, blind X: x03_72)."""
    text = ("Le Département de la Manche signe le contrat. La réunion s'est tenue avec Mme Garnier, la cheffe du "
            "service de l'aide sociale à l'enfance.\n\nCopie : M. Vautrin (DGS)\n\nM. Paul Lemaire, directeur de "
            "l'enfance, a présenté le contrat. M. Lemaire, directeur, a conclu.")
    found = _people(text)
    assert ("Garnier", "la cheffe du service de l'aide sociale à l'enfance") in found
    assert ("Vautrin", "DGS") in found
    assert [name for name, _ in found if "Lemaire" in name] == ["Paul Lemaire"]
