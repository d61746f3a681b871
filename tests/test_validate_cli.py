"""``enfance-kg validate``: exit statuses, report formats, grouping by document, files and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from enfance_kg import store as kg_store
from enfance_kg.commands.validate import validate
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG, FOAF, RDF, SCHEMA, SH
from enfance_kg.reference import ontology_graph, reference_graph
from enfance_kg.validation import validate_graph

BASE = Path(__file__).parent / "fixtures" / "shapes" / "base.ttl"
IRIS = Iris()
DOCUMENT = IRIS.document("fixture")
FUNDING = IRIS.fact("funding", "fixture", "state-77")
AMOUNT = Iris.part(FUNDING, "amount")
SIGNATURE = IRIS.fact("signature", "fixture", "77-contract")


def run(*args: str):
    return CliRunner().invoke(validate, list(args), catch_exceptions=False)


def base() -> Graph:
    return Graph().parse(BASE, format="turtle")


@pytest.fixture
def broken(tmp_path) -> Path:
    """The base graph with the value of a funding amount taken away."""
    graph = base()
    graph.remove((AMOUNT, SCHEMA.value, None))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_reference_graph_conforms(tmp_path):
    path = tmp_path / "reference.nt"
    reference_graph(IRIS).serialize(path, format="nt")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforme")
    assert run(str(path), "--lang", "en").output.startswith("conforms")


def test_base_fixture_conforms_as_a_file():
    result = run(str(BASE), "--severity", "warning")
    assert result.exit_code == 0, result.output


def test_broken_file_exits_1_naming_focus_node_message_and_quote(broken):
    result = run(str(broken))
    assert result.exit_code == 1
    out = result.output
    assert out.startswith("non conforme : 1 violation dans 1 document")
    assert f"Document {DOCUMENT}" in out
    assert f"<{AMOUNT}>" in out
    assert "ekgsh:MonetaryAmount-stated" in out and "sh:MinCountConstraintComponent" in out
    assert "Un montant dit combien" in out and "An amount says how much" not in out
    assert "« L'État apporte 1\u202f200\u202f000\u00a0€ par an" in out
    english = run(str(broken), "--lang", "en").output
    assert english.startswith("does not conform: 1 violation in 1 document")
    assert "An amount says how much" in english and "Un montant dit combien" not in english


def test_json_report(broken):
    result = run(str(broken), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["conforms"] is False and report["counts"]["violation"] == 1
    [group] = report["documents"]
    assert group["document"] == str(DOCUMENT)
    [item] = group["results"]
    assert item["focusNode"] == str(AMOUNT)
    assert item["resultPath"] == "(schema:value|schema:minValue|schema:maxValue)"
    assert item["sourceShape"] == "https://w3id.org/enfance-kg/shapes#MonetaryAmount-stated"
    assert set(item["messages"]) == {"fr", "en"} and item["message"] == item["messages"]["fr"]
    assert item["quote"].startswith("L'État apporte")
    assert item["fact"] == str(FUNDING)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_reports(broken, fmt):
    result = run(str(broken), "--format", fmt, "--lang", "en")
    assert result.exit_code == 1
    assert "An amount says how much" in result.output and str(DOCUMENT) in result.output
    assert "L'État apporte" in result.output or "L&#39;État apporte" in result.output
    if fmt == "html":
        assert result.output.startswith("<!doctype html>") and "<style>" in result.output and "http" not in (
            result.output.split("<style>")[1].split("</style>")[0]
        )


def test_turtle_report(broken):
    result = run(str(broken), "--format", "turtle")
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    [node] = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    [item] = report.objects(node, SH.result)
    assert report.value(item, SH.focusNode) == AMOUNT


def test_severity_threshold(tmp_path):
    graph = base()
    graph.remove((SIGNATURE, EKG.signatureDate, None))  # a warning, not a violation
    path = tmp_path / "undated.ttl"
    graph.serialize(path, format="turtle")
    default = run(str(path))
    assert default.exit_code == 0, default.output
    assert "2 résultat(s) moins grave(s) non affiché(s)" in default.output  # the warning, the near-duplicates notice
    strict = run(str(path), "--severity", "warning", "--format", "json")
    assert strict.exit_code == 1
    [group] = json.loads(strict.output)["documents"]
    assert [(r["severity"], r["focusNode"]) for r in group["results"]] == [("warning", str(SIGNATURE))]
    # the Turtle report only holds the results shown, and conforms at the default threshold
    report = Graph().parse(data=run(str(path), "--format", "turtle").output, format="turtle")
    assert not list(report.subjects(RDF.type, SH.ValidationResult))
    assert Literal(True) in set(report.objects(None, SH.conforms))


def test_dataset_results_grouped_by_named_graph(tmp_path):
    dataset = Dataset()
    for triple in base():
        dataset.add((*triple, IRIS.document_graph("fixture")))
    stranger = URIRef(IRIS.base + "id/person/sans-nom")
    dataset.add((stranger, RDF.type, FOAF.Person, IRIS.document_graph("fixture")))  # no name, no link to the document
    path = tmp_path / "data.trig"
    dataset.serialize(path, format="trig")
    result = run(str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    [group] = json.loads(result.output)["documents"]
    assert group["document"] == str(DOCUMENT)
    assert [r["focusNode"] for r in group["results"]] == [str(stranger)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.ttl", None, "cannot read the file"),
        ("bad.ttl", "<urn:a> <urn:b> .", "not valid turtle"),
        ("bad.nq", "<urn:a> <urn:b> <urn:c> <urn:g> <urn:h> .", "not valid nquads"),
        ("data.csv", "a,b", "cannot tell the RDF syntax"),
    ],
)
def test_unreadable_file_exits_2(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(validate, [str(path)])
    assert result.exit_code == 2
    assert str(path) in result.stderr and reason in result.stderr


def _store(folder: Path, data: Graph) -> None:
    with kg_store.new_build(folder) as store:
        kg_store.add_quads(store, ((*t, IRIS.graph("ontology")) for t in ontology_graph()))
        kg_store.add_quads(store, ((*t, IRIS.graph("reference")) for t in reference_graph(IRIS)))
        kg_store.add_quads(store, ((*t, IRIS.document_graph("fixture")) for t in data))


def test_store(tmp_path):
    folder = tmp_path / "store"
    _store(folder, base())
    result = run("--store", str(folder), "--severity", "warning")
    assert result.exit_code == 0, result.output
    graph = base()
    graph.set((AMOUNT, SCHEMA.currency, Literal("USD")))
    _store(folder, graph)
    result = run("--store", str(folder), "--format", "json")
    assert result.exit_code == 1
    [group] = json.loads(result.output)["documents"]
    assert group["document"] == str(DOCUMENT)
    assert [(r["focusNode"], r["value"]) for r in group["results"]] == [(str(AMOUNT), "USD")]


def test_missing_store_exits_2(tmp_path):
    result = CliRunner().invoke(validate, ["--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no store" in result.stderr


def test_cli_group_lists_validate_and_ontology():
    from enfance_kg.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "validate" in result.output and "ontology" in result.output


def test_empty_graph_conforms():
    assert validate_graph(Graph()).conforms


@pytest.mark.slow
def test_seed_store_has_no_violations(seed_store):
    """The store built from the five seeds passes every violation-level shape (warnings may remain)."""
    result = run("--store", str(seed_store), "--format", "json")
    report = json.loads(result.output)
    shown = [(r["sourceShape"], r["focusNode"]) for g in report["documents"] for r in g["results"]]
    assert result.exit_code == 0, shown[:20]
    assert report["triples"] > 1000


def test_shared_nodes_are_not_pinned_on_a_document():
    """A problem with a département (pointed at by many facts) belongs to no document; one with a fact's
    part (its amount) belongs to the fact's document, with the fact's quote."""
    graph = base()
    graph.add((IRIS.departement("77"), EKG.article, Literal("de", lang="fr")))
    graph.set((AMOUNT, SCHEMA.currency, Literal("USD")))
    groups = {doc: [r.focus for r in results] for doc, results in validate_graph(graph).by_document()}
    assert groups == {None: [IRIS.departement("77")], DOCUMENT: [AMOUNT]}


def test_ontology_as_printed_validates(tmp_path):
    """The printed ontology writes decimals canonically ("4.0") where the files say "4": validating it
    with the ontology loaded alongside must not see two maximum ages."""
    from enfance_kg.commands.ontology import ontology_turtle

    path = tmp_path / "ontology.ttl"
    path.write_text(ontology_turtle(), encoding="utf-8")
    result = run(str(path), "--severity", "warning")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- per document, provenance


@pytest.mark.slow
def test_seed_store_per_document_conforms_and_lists_every_document(seed_store):
    result = run("--store", str(seed_store), "--per-document", "--format", "json")
    assert result.exit_code == 0, result.output[:2000]
    groups = json.loads(result.output)["documents"]
    documents = [g["document"] for g in groups if g["document"]]
    assert len(documents) == 5 and all(g["conforms"] for g in groups)
    text = run("--store", str(seed_store), "--per-document").output
    assert text.count("— conforme") == 5
    assert "  « STRATÉGIE NATIONALE DE PRÉVENTION ET DE PROTECTION DE L'ENFANCE 2020-2022 »" in text  # titled


@pytest.mark.slow
def test_one_document_of_the_store(seed_store):
    key = "003-0e27c881b6cd3738"
    result = run("--store", str(seed_store), "--document", key, "--severity", "warning", "--format", "json")
    report = json.loads(result.output)
    assert {g["document"] for g in report["documents"]} <= {str(IRIS.document(key))}
    missing = CliRunner().invoke(validate, ["--store", str(seed_store), "--document", "nope"])
    assert missing.exit_code == 2 and "no document 'nope'" in missing.stderr


@pytest.mark.slow
def test_a_shifted_quote_in_an_export_names_its_document_quote_and_true_place(seed_store, tmp_path):
    """Done when: shifting one quote's offset in an exported file makes `validate` exit 1 naming that document
    and that quote; the report says where the text holds the quote."""
    from tests.conftest import export_nquads

    lines = export_nquads(seed_store).decode("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "/funding/" in line and "oa#start" in line)
    subject = lines[start].split(" ", 1)[0]
    value = int(lines[start].split('"')[1])
    end = next(i for i, line in enumerate(lines) if line.startswith(subject) and "oa#end" in line)
    for i in (start, end):
        old = int(lines[i].split('"')[1])
        lines[i] = lines[i].replace(f'"{old}"', f'"{old + 3}"', 1)
    path = tmp_path / "shifted.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(path), "--format", "json")
    assert result.exit_code == 1, result.output[:2000]
    report = json.loads(result.output)
    [group] = [g for g in report["documents"] if g["results"]]
    [item] = group["results"]
    fact = subject.strip("<>").split("#")[0]
    assert item["sourceShape"].endswith("SpecificResource-quoteMatchesText")
    assert group["document"] and item["document"] == group["document"] and fact.split("/")[-2] in group["document"]
    assert item["fact"] == fact and item["quote"]
    assert item["quoteFoundAt"][0] == [value, value + len(item["quote"])]
    text = run(str(path)).output
    assert "dans le texte:" in text and f"{value}–{value + len(item['quote'])}" in text


def test_conflicting_amounts_name_both_documents_and_quotes(tmp_path):
    """Done when: two documents with conflicting amounts for the same funder, recipient and period produce a
    warning naming both (documents and quotes), listed apart from the other results."""
    import yaml

    from enfance_kg.namespaces import PREFIXES

    case = yaml.safe_load((BASE.parent / "consistency.yaml").read_text(encoding="utf-8"))["funding-amounts-disagree"]
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + f"@base <{IRIS.base}> .\n"
    graph = base() + Graph().parse(data=header + case["add"], format="turtle")
    path = tmp_path / "two-sources.ttl"
    graph.serialize(path, format="turtle")
    assert run(str(path)).exit_code == 0  # a warning: the default threshold passes
    result = run(str(path), "--severity", "warning", "--format", "json")
    assert result.exit_code == 1
    [conflict] = json.loads(result.output)["conflicts"]
    assert {conflict["document"], conflict["relatedDocument"]} == {str(DOCUMENT), str(IRIS.document("fixture-other"))}
    quotes = {conflict["quote"], conflict["relatedQuote"]}
    assert any("1\u202f200\u202f000" in q for q in quotes) and any("1 500 000" in q for q in quotes)
    assert "1\u202f500\u202f000 €" in conflict["message"] and "1\u202f200\u202f000 €" in conflict["message"]
    text = run(str(path), "--severity", "warning", "--lang", "en").output
    assert "Disagreements between sources (1)" in text and "fixture-other" in text


#: two sources, written for this test, that give the State's 2021 contribution to the Sarthe differently
TWO_SOURCES = {
    "100_sarthe-contrat.txt": (
        "Le Département de la Sarthe signe le contrat de prévention et de protection de l'enfance\n\n"
        "Le Mans, le 12 mars 2021\n\n"
        "Le Département de la Sarthe a signé le 12 mars 2021 avec l'État le contrat départemental de prévention "
        "et de protection de l'enfance. Pour l'année 2021, l'État apporte 1 200 000 euros au Département de la "
        "Sarthe pour financer ces actions.\n"),
    "101_sarthe-article.txt": (
        "Protection de l'enfance : un contrat pour la Sarthe\n\nArticle publié le 20 avril 2021\n\n"
        "La Sarthe a reçu le soutien de l'État dans le cadre de la stratégie nationale. Pour l'année 2021, l'État "
        "verse 1 500 000 euros au Département de la Sarthe au titre de la contractualisation, afin de renforcer "
        "la prévention.\n"),
}


@pytest.mark.slow
def test_two_built_documents_that_disagree_on_an_amount_give_one_warning_naming_both(tmp_path):
    """Done when, through the whole pipeline: two documents stating different State amounts to the same
    département for the same year give one disagreement naming both documents and both sentences; the
    same amount in both gives none."""
    from ingest import pipeline

    def conflicts(texts: dict[str, str], name: str) -> list[dict]:
        corpus = tmp_path / name / "corpus"
        corpus.mkdir(parents=True)
        for file, text in texts.items():
            (corpus / file).write_text(text, encoding="utf-8")
        pipeline.build(corpus, tmp_path / name / "store")
        result = run("--store", str(tmp_path / name / "store"), "--severity", "warning", "--format", "json")
        return json.loads(result.output)["conflicts"]

    [conflict] = conflicts(TWO_SOURCES, "disagree")
    assert conflict["sourceShape"].endswith("Consistency-fundingAmount")
    assert {conflict["document"], conflict["relatedDocument"]} == {
        str(IRIS.document("100-sarthe-contrat")), str(IRIS.document("101-sarthe-article"))}
    quotes = {conflict["document"]: conflict["quote"], conflict["relatedDocument"]: conflict["relatedQuote"]}
    assert quotes[str(IRIS.document("100-sarthe-contrat"))].startswith("Pour l'année 2021, l'État apporte 1 200 000")
    assert quotes[str(IRIS.document("101-sarthe-article"))].startswith("Pour l'année 2021, l'État verse 1 500 000")
    agreeing = {**TWO_SOURCES, "101_sarthe-article.txt": TWO_SOURCES["101_sarthe-article.txt"].replace(
        "1 500 000", "1 200 000")}
    assert conflicts(agreeing, "agree") == []
