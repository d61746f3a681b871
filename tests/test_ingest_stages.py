"""The stages of the pipeline one by one, on hand-made inputs: read, segment, clean, assemble, duplicates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG, OA, RDF, SCHEMA
from ingest.assemble import AssemblyError, assemble, decimal_literal, fact_counts
from ingest.clean import clean
from ingest.duplicates import near_duplicates
from ingest.model import (
    Action,
    Capacity,
    Evidence,
    Extraction,
    Funding,
    Membership,
    Observation,
    OrgRef,
    Signature,
    SourceDocument,
)
from ingest.read import DocumentError, list_corpus, read_document
from ingest.segment import segment
from tests.conftest import EXTRA_CORPUS, SEEDS

IRIS = Iris()
ALL_DOCUMENTS = sorted(SEEDS.glob("*.txt")) + sorted(
    p for p in EXTRA_CORPUS.glob("*") if p.suffix in {".txt", ".md", ".html"} and p.stem != "README")


# --------------------------------------------------------------------------- read


def test_sidecar_fields_are_read(tmp_path):
    (tmp_path / "d.md").write_text("# Titre\n\nTexte.\n", encoding="utf-8")
    (tmp_path / "d.meta.json").write_text(
        '{"title": "T", "published": "2021-07-16", "publisher": "Département du Cher", '
        '"author": "A B", "source": "https://example.org/a", "kind": "press_release"}', encoding="utf-8")
    doc = read_document(tmp_path / "d.md")
    assert (doc.title, doc.published, doc.publisher, doc.author, doc.source_url, doc.kind, doc.media_type) == (
        "T", dt.date(2021, 7, 16), "Département du Cher", "A B", "https://example.org/a", "press_release",
        "text/markdown")


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("published: 16/07/2021\n", "'published' must be a date"),
        ("kind: blog\n", "'kind' must be one of"),
        ("date: 16 juillet\n", "'published' must be a date"),
        ("source: not a url\n", "'source' must be an http(s) URL"),
        ("title: [a, b]\n", "'title' must be a non-empty string"),
        ("- a\n- b\n", "expected a mapping"),
        ("title: 'unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_sidecar_names_the_file_and_the_field(tmp_path, sidecar, message):
    (tmp_path / "d.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "d.meta.yaml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(DocumentError, match=re.escape(message)) as err:
        read_document(tmp_path / "d.txt")
    assert err.value.file_name == "d.meta.yaml"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"Texte \x00 avec un octet nul", "binary data"),
        (b"Texte" + b"\x01\x02\x03" * 10, "30 control characters"),
        (b"   \n\n", "no text"),
    ],
)
def test_an_unreadable_document_is_a_document_error(tmp_path, data, message):
    (tmp_path / "bad.txt").write_bytes(data)
    with pytest.raises(DocumentError, match=message) as err:
        read_document(tmp_path / "bad.txt")
    assert "bad.txt" in str(err.value)


def test_sidecar_aliases_and_unknown_fields(tmp_path):
    (tmp_path / "d.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "d.meta.yaml").write_text("date: 2021-07-16\nurl: https://example.org/d\nlang: fr\n", encoding="utf-8")
    warnings: list[str] = []
    doc = read_document(tmp_path / "d.txt", warnings=warnings)
    assert (doc.published, doc.source_url) == (dt.date(2021, 7, 16), "https://example.org/d")
    assert len(warnings) == 1 and "'lang'" in warnings[0] and "d.meta.yaml" in warnings[0]


def test_a_stray_control_character_is_replaced_one_for_one(tmp_path):
    (tmp_path / "ctl.txt").write_bytes("Le Département\x08 signe.".encode())
    warnings: list[str] = []
    assert read_document(tmp_path / "ctl.txt", warnings=warnings).text == "Le Département\ufffd signe."
    assert "U+FFFD" in warnings[0]


def test_windows_1252_text_is_read_with_a_warning(tmp_path):
    sentence = "Le Département s'engage à hauteur de 8,4 M€."
    (tmp_path / "latin.txt").write_bytes(sentence.encode("cp1252"))
    warnings: list[str] = []
    assert read_document(tmp_path / "latin.txt", warnings=warnings).text == sentence
    assert warnings and "Windows-1252" in warnings[0]


def test_html_becomes_text_with_its_metadata(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Un titre</title><meta property='article:published_time' content='2021-07-16T10:00'>"
        "<style>p{}</style></head><body><nav><ul><li>Accueil</li></ul></nav><h1>Un titre</h1>"
        "<p>Le Département&nbsp;signe.</p><script>var x = 1;</script></body></html>", encoding="utf-8")
    doc = read_document(tmp_path / "p.html")
    assert doc.text == "Un titre\n\nLe Département\xa0signe.\n"  # the site's <nav> is no text of the page
    assert (doc.title, doc.published, doc.media_type) == ("Un titre", dt.date(2021, 7, 16), "text/html")


def test_the_json_ld_of_a_page_gives_what_its_meta_tags_lack(tmp_path):
    """A news page that prints its date and author only in its schema.org JSON-LD; an organisation as the author is
    no person, and a script that cannot be read gives nothing (the page is still read)."""
    (tmp_path / "p.html").write_text(
        "<html><head><script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@graph\": ["
        "{\"@type\": \"NewsArticle\", \"headline\": \"Le contrat signé\", \"datePublished\": "
        "\"2020-10-16T18:42:00+02:00\", \"author\": {\"@type\": \"Person\", \"name\": \"Nathalie Roubaud\"}, "
        "\"publisher\": {\"@type\": \"Organization\", \"name\": \"La Gazette\"}}]}</script>"
        "<script type='application/ld+json'>{not json</script></head>"
        "<body><p>Le Département signe.</p></body></html>", encoding="utf-8")
    doc = read_document(tmp_path / "p.html")
    assert doc.text == "Le Département signe.\n"
    assert (doc.title, doc.published, doc.author, doc.publisher) == (
        "Le contrat signé", dt.date(2020, 10, 16), "Nathalie Roubaud", "La Gazette")
    (tmp_path / "q.html").write_text(
        "<html><head><script type='application/ld+json'>{\"@type\": \"Article\", \"author\": "
        "{\"@type\": \"Organization\", \"name\": \"Quercy Télé\"}}</script></head><body><p>Texte.</p></body></html>",
        encoding="utf-8")
    assert read_document(tmp_path / "q.html").author is None


def test_an_html_table_row_is_one_line_of_cells(tmp_path):
    """A table row reads as a Markdown row (« a | b »), one line per row, so that a column's header stays above
    its cells (the financing tables of council reports)."""
    (tmp_path / "t.html").write_text(
        "<html><body><p>Recettes :</p><table>\n<tr><th>Libellé</th><th>Montant (€)</th></tr>\n"
        "<tr><td>Participation de l'<b>État</b></td>\n<td>512 300,00</td></tr>\n</table><p>Fin.</p></body></html>",
        encoding="utf-8")
    text = read_document(tmp_path / "t.html").text
    assert text == "Recettes :\n\nLibellé | Montant (€)\nParticipation de l'État | 512 300,00\n\nFin.\n"


@pytest.mark.parametrize(("name", "key"), [
    ("Communiqué de presse (2021) #1.txt", "communique-de-presse-2021-1"),
    ("003_0e27c881b6cd3738.txt", "003-0e27c881b6cd3738"),
    ("CP_Département_77.md", "cp-departement-77"),
])
def test_a_file_name_becomes_a_readable_lower_case_key(tmp_path, name, key):
    (tmp_path / name).write_text("Texte.", encoding="utf-8")
    doc = read_document(tmp_path / name)
    assert (doc.stem, doc.file_name) == (key, name)
    quads = assemble(Extraction(document=doc, sentences=segment(doc.text)), IRIS)
    assert str(quads[0][3]) == f"https://w3id.org/enfance-kg/graph/document/{key}"


def test_two_file_names_with_the_same_key_keep_the_first(tmp_path):
    for name in ("Note 1.txt", "note-1.md"):
        (tmp_path / name).write_text("Texte.", encoding="utf-8")
    listing = list_corpus(tmp_path)
    assert [p.name for p in listing.documents] == ["Note 1.txt"]
    assert "same document key 'note-1' as Note 1.txt" in " ".join(listing.warnings)


def test_the_corpus_listing_is_sorted_and_says_what_it_ignores(tmp_path):
    for name in ("b.txt", "a.md", "c.html", "b.meta.yaml", "x.pdf", "README.md", "b.html", "orphan.meta.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    listing = list_corpus(tmp_path)
    assert [p.name for p in listing.documents] == ["a.md", "b.html", "c.html"]
    ignored = " ".join(listing.warnings)
    for name in ("x.pdf", "README.md", "b.txt", "orphan.meta.json"):
        assert name in ignored


# --------------------------------------------------------------------------- segment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Siffredi et Mme. Dupont signent. Le Département paie.",
         ["M. Siffredi et Mme. Dupont signent.", "Le Département paie."]),
        ("Signé le 30 sept. 2020 à Melun. Ensuite ?", ["Signé le 30 sept. 2020 à Melun.", "Ensuite ?"]),
        ("Le budget est de 8,4 M€ soit 2.5 % du total. Fin.", ["Le budget est de 8,4 M€ soit 2.5 % du total.", "Fin."]),
        ("Des bilans, des visites, etc. sont prévus. Oui !", ["Des bilans, des visites, etc. sont prévus.", "Oui !"]),
        ("« C'est une étape. » Le préfet J. Martin signe…  Puis part.",
         ["« C'est une étape. »", "Le préfet J. Martin signe…", "Puis part."]),
        ("Titre\n\n  – premier point,\n– second point", ["Titre", "– premier point,", "– second point"]),
    ],
)
def test_sentences_are_cut_where_french_ends_them(text, expected):
    assert [s.text for s in segment(text)] == expected


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda p: p.name)
def test_sentences_keep_exact_offsets(path):
    text = read_document(path).text
    sentences = segment(text)
    assert sentences
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and "\n" not in sentence.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


# --------------------------------------------------------------------------- clean


def _flags(path: Path) -> list[tuple[str, bool]]:
    text = read_document(path).text
    return [(s.text, s.boilerplate) for s in clean(text, segment(text))]


@pytest.mark.parametrize(
    ("prefix", "fragment", "boilerplate"),
    [
        ("000", "Changer de région", True),
        ("000", "Provence-Alpes-Côte d'Azur Corse", True),
        ("000", "• Bretagne", True),
        ("000", "Choix de la station", True),
        ("000", "des Seine-et-Marnais de 3/4 ans", False),
        ("000", "La Seine-et-Marne territoire pilote", False),
        ("000", "Il veut développer les lieux d’accueil pour les fratries.", False),
        ("001", "PDF-182.05 Ko", True),
        ("001", "8,4 millions d'euros", False),
        ("001", "Pauline Maingre", False),
        ("003", "5 135 000 €", False),
        ("003", "Amélie CHABUET", False),
        ("004", "Mot de passe oublié ?", True),
        ("004", "[90% reste à lire]", True),
        ("004", "Article réservé aux abonnés", True),
        ("004", "Nos offres d'emploi", True),
        ("004", "Les informations à caractère personnel", True),
        ("004", "Le budget alloué était de 80", False),
        ("004", "Publié le 03/11/2021", False),
    ],
)
def test_boilerplate_is_marked_and_content_is_not(prefix, fragment, boilerplate):
    path = next(SEEDS.glob(prefix + "_*"))
    flags = [flag for text, flag in _flags(path) if fragment in text]
    assert flags, f"{fragment!r} not found in {path.name}"
    assert set(flags) == {boilerplate}


def test_cleaning_never_changes_the_text():
    for path in ALL_DOCUMENTS:
        text = read_document(path).text
        for sentence in clean(text, segment(text)):
            assert text[sentence.start:sentence.end] == sentence.text


# --------------------------------------------------------------------------- duplicates


def test_only_the_copy_of_the_hauts_de_seine_release_is_a_near_duplicate():
    texts = {p.stem: read_document(p).text for p in ALL_DOCUMENTS}
    assert [(a[:3], b[:3]) for a, b in near_duplicates(texts)] == [("002", "003")]


# --------------------------------------------------------------------------- assemble

TEXT = ("Ce lundi 14 mars, Adrien Taquet et Georges Siffredi ont signé la lettre d'intention. "
        "L'État apporte 5 135 000 € par an. Le Département consacre plus de 200 M€. "
        "Une enveloppe de 80 millions d'euros est ouverte. Bilans de santé pour les 3 à 4 ans (25 places).")


def _span(fragment: str) -> Evidence:
    start = TEXT.index(fragment)
    return Evidence(start, start + len(fragment))


def _extraction(**changes) -> Extraction:
    doc = SourceDocument(stem="t_doc", file_name="t_doc.txt", text=TEXT, source_url="https://example.org/x")
    state, council = OrgRef("state", "État"), OrgRef("council", "Département des Hauts-de-Seine", "92")
    values = dict(
        document=doc, sentences=segment(TEXT), title="Titre", published=dt.date(2022, 3, 14), kind="press_release",
        publisher=council, author="Amélie Chabuet", departements=["92"], focus="92",
        memberships=[Membership("Adrien Taquet", "Secrétaire d'État", state, _span("Adrien Taquet"))],
        signatures=[Signature("letter_of_intent", "92", dt.date(2022, 3, 14), ("Adrien Taquet", "Georges Siffredi"),
                              (state, council), (2020, 2022), _span("ont signé la lettre d'intention"))],
        fundings=[
            Funding(state, "state", "92", Decimal("5135000"), False, True, 3, None, _span("5 135 000 € par an"),
                    "letter_of_intent"),
            Funding(council, "department", "92", Decimal("2E+8"), True, False, None, (2022, 2022),
                    _span("plus de 200 M€")),
            Funding(state, "state", None, Decimal("80000000"), False, False, None, (2020, 2020),
                    _span("80 millions d'euros")),
        ],
        actions=[
            Action("bilan-sante-ecole-maternelle", 1, "92", "Bilans de santé", "existing", 3, 4,
                   (Capacity(25, "places"),), (OrgRef("hospital", "Hôpital de Melun"),), _span("Bilans de santé")),
            Action("bilan-sante-ecole-maternelle", 1, "92", "Bilans (bis)", None, None, None, (), (),
                   _span("pour les 3 à 4 ans")),
        ],
        observations=[Observation("places", Decimal("25"), "places", 2022, "92", _span("25 places"))],
    )
    values.update(changes)
    return Extraction(**values)


def _triples(extraction: Extraction) -> set[tuple]:
    quads = assemble(extraction, IRIS)
    assert {q[3] for q in quads} == {IRIS.document_graph("t-doc"), IRIS.graph("entities")}
    return {q[:3] for q in quads}


def test_facts_get_iris_from_where_the_document_states_them():
    triples = _triples(_extraction())
    subjects = {str(s) for s, _, _ in triples}
    base = "https://w3id.org/enfance-kg/id/"
    # sentence 1 signs and names Adrien Taquet, 2-4 give the amounts, 5 holds two actions and a figure
    for expected in ("funding/t-doc/s2", "funding/t-doc/s3", "funding/t-doc/s4", "signature/t-doc/s1",
                     "membership/t-doc/s1", "action/t-doc/s5", "action/t-doc/s5-2", "observation/t-doc/s5",
                     "contract/92/letter-of-intent/2022", "post/state/secretaire-d-etat", "org/hopital-de-melun"):
        assert base + expected in subjects, expected
    assert not any(isinstance(t, BNode) for triple in triples for t in triple)


def test_a_correction_or_a_new_fact_elsewhere_changes_no_iri():
    before = {t for q in assemble(_extraction(), IRIS) for t in q if isinstance(t, URIRef)}
    corrected = _extraction()
    corrected.fundings[0] = dataclasses.replace(corrected.fundings[0], amount=Decimal("5200000"), funder_kind="other",
                                                funder=OrgRef("other", "Caisse d'allocations familiales"))
    corrected.actions[1] = dataclasses.replace(corrected.actions[1], action_type="autre-action", label="Autre")
    corrected.observations.insert(0, Observation("montant", Decimal("80"), "euros", None, None, _span("80 millions")))
    after = {t for q in assemble(corrected, IRIS) for t in q if isinstance(t, URIRef)}
    facts = {iri for iri in before if "/t-doc/" in iri}
    assert facts <= after  # the corrected funding, the retyped action keep their IRIs
    assert IRIS.fact("observation", "t-doc", "s4") in after and IRIS.fact("observation", "t-doc", "s5") in after


def test_each_triple_lives_in_the_graph_of_its_subject():
    quads = assemble(_extraction(), IRIS)
    entities = {q[0] for q in quads if q[3] == IRIS.graph("entities")}
    own = {q[0] for q in quads if q[3] == IRIS.document_graph("t-doc")}
    assert not entities & own
    assert all(IRIS.belongs_to_document(s, "t-doc") for s in own)
    assert {IRIS.person("Adrien Taquet"), IRIS.contract("92", "letter_of_intent", 2022),
            IRIS.organisation("Hôpital de Melun"), IRIS.agent()} <= entities
    # the reference graph describes the State and the councils: a document only cites them
    assert not any(s in (IRIS.state(), IRIS.council("92"), IRIS.departement("92")) for s, _, _, _ in quads)


def test_an_organisation_named_like_a_reference_one_is_not_described_again():
    extraction = _extraction(actions=[Action("x", None, "92", "X", None, None, None, (),
                                             (OrgRef("other", "Council 92"),), _span("Bilans de santé"))])
    quads = assemble(extraction, IRIS)
    assert any(o == IRIS.council("92") for _, p, o, _ in quads if p == EKG.partner)
    assert not any(s == IRIS.council("92") for s, _, _, _ in quads)  # no second label or class for it


def test_amounts_envelopes_and_minimums_follow_the_model():
    triples = _triples(_extraction())
    funding = IRIS.fact("funding", "t-doc", "s3")
    amount = IRIS.part(funding, "amount")
    assert (amount, SCHEMA.minValue, Literal("200000000", datatype=decimal_literal(1).datatype)) in triples
    assert (amount, SCHEMA.validFrom, Literal("2022-01-01", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))) in triples
    assert (funding, EKG.period, Literal("2022")) in triples
    envelope = IRIS.fact("funding", "t-doc", "s4")
    assert (envelope, RDF.type, EKG.NationalEnvelope) in triples
    assert (envelope, RDF.type, EKG.FundingCommitment) in triples
    assert not any(s == envelope and p == EKG.recipient for s, p, _ in triples)
    per_year = IRIS.fact("funding", "t-doc", "s2")
    assert (per_year, EKG.perYear, Literal(True)) in triples
    assert (per_year, EKG.numberOfYears, Literal(3)) in triples


def test_every_fact_has_evidence_that_quotes_the_text():
    triples = _triples(_extraction())
    facts = {s for s, p, o in triples if p == RDF.type and o == EKG.Fact}
    assert len(facts) == 8
    exact = {s: str(o) for s, p, o in triples if p == OA.exact}
    start = {s: int(o) for s, p, o in triples if p == OA.start}
    end = {s: int(o) for s, p, o in triples if p == OA.end}
    for fact in facts:
        quote, position = IRIS.part(fact, "quote"), IRIS.part(fact, "position")
        assert TEXT[start[position]:end[position]] == exact[quote]
        assert (fact, EKG.sourceDocument, IRIS.document("t-doc")) in triples


def test_fact_counts():
    assert fact_counts(assemble(_extraction(), IRIS)) == {
        "membership": 1, "signature": 1, "funding": 3, "action": 2, "observation": 1}


def test_the_same_extraction_gives_the_same_quads():
    assert assemble(_extraction(), IRIS) == assemble(_extraction(), IRIS)


def test_a_fact_that_cannot_be_written_is_left_out_with_a_warning():
    bad = Membership("Adrien Taquet", None, None, Evidence(10, len(TEXT) + 5))
    unnamed = Funding(OrgRef("other", " "), "other", None, Decimal("0"), False, False, None, None, Evidence(0, 5))
    warnings: list[str] = []
    quads = assemble(_extraction(memberships=[bad], fundings=[unnamed]), IRIS, warnings=warnings)
    assert fact_counts(quads)["membership"] == 0 and fact_counts(quads)["funding"] == 0
    assert any("outside the text" in w for w in warnings) and any("no positive amount" in w for w in warnings)
    assert fact_counts(quads)["action"] == 2


def test_evidence_is_checked_against_the_text():
    from ingest.assemble import _Writer

    writer = _Writer(_extraction(), IRIS)
    with pytest.raises(AssemblyError, match="outside the text"):
        writer.evidence(IRIS.fact("action", "t-doc", "x"), Evidence(5, len(TEXT) + 1))


@pytest.mark.parametrize(("value", "lexical"), [
    (Decimal("8.4E+6"), "8400000"), (Decimal("2.50"), "2.5"), (3, "3"), (Decimal("0.5"), "0.5"), (2.5, "2.5")])
def test_decimals_are_written_without_exponent(value, lexical):
    assert str(decimal_literal(value)) == lexical
