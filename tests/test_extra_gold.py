"""The independent test corpus and its gold facts stay consistent with each other.

``tests/data/extra_corpus`` holds documents written for testing, ``tests/data/extra_gold``
one YAML file per document in the format of the evaluation contract (``score.py``).
These checks catch a gold file that cannot be scored as meant: a wrong key, a
document that is not there, a funding quote or a person the document never states.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "extra_corpus"
GOLD = ROOT / "tests" / "data" / "extra_gold"
DOC_SUFFIXES = {".txt", ".md", ".html"}
NOT_DOCUMENTS = {"README.md"}

TOP_KEYS = {"doc", "published", "departments", "fundings", "signatures", "people", "actions"}
DEPARTMENT_KEYS = {"code", "name"}
FUNDING_KEYS = {"funder", "recipient_code", "amount_eur", "period", "per_year", "text"}
SIGNATURE_KEYS = {"date", "kind", "department_code"}
PEOPLE_KEYS = {"name", "role"}
ACTION_REQUIRED = {"department_code", "label", "axis"}
ACTION_OPTIONAL = {"health_check_3_4", "age_min", "age_max", "places"}

FUNDERS = {"state", "ars", "department", "other"}
KINDS = {"contract", "amendment", "letter_of_intent"}

GOLD_FILES = sorted(GOLD.glob("*.yaml"))


def documents() -> dict[str, Path]:
    return {
        p.stem: p
        for p in sorted(CORPUS.iterdir())
        if p.suffix in DOC_SUFFIXES and p.name not in NOT_DOCUMENTS
    }


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as the scorer compares names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").split())


def departement_names() -> dict[str, str]:
    rows = json.loads((ROOT / "ontology" / "reference" / "departements.json").read_text(encoding="utf-8"))
    return {r["code"]: r["nom"] for r in rows if r["zone"] in ("metro", "drom")}


def test_every_document_has_gold_and_back():
    assert len(documents()) >= 12
    assert set(documents()) == {p.stem for p in GOLD_FILES}


def test_sidecars_belong_to_documents():
    docs = documents()
    for sidecar in CORPUS.glob("*.meta.yaml"):
        stem = sidecar.name.removesuffix(".meta.yaml")
        assert stem in docs, f"{sidecar.name} has no document"
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        assert set(meta) <= {"title", "published", "publisher", "source", "author"}, sidecar.name


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file(gold_path: Path):
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == TOP_KEYS
    assert gold["doc"] == gold_path.stem
    doc_path = documents().get(gold["doc"])
    assert doc_path is not None, f"no document {gold['doc']} in {CORPUS}"
    text = doc_path.read_text(encoding="utf-8")
    folded = fold(text)
    names = departement_names()

    assert gold["published"] is None or isinstance(gold["published"], dt.date)
    sidecar = CORPUS / f"{gold['doc']}.meta.yaml"
    if sidecar.exists():
        assert yaml.safe_load(sidecar.read_text(encoding="utf-8")).get("published") == gold["published"]

    codes = set()
    for dep in gold["departments"]:
        assert set(dep) == DEPARTMENT_KEYS
        assert isinstance(dep["code"], str) and names.get(dep["code"]) == dep["name"], dep
        codes.add(dep["code"])

    for funding in gold["fundings"]:
        assert set(funding) == FUNDING_KEYS, funding
        assert funding["funder"] in FUNDERS
        assert funding["recipient_code"] is None or funding["recipient_code"] in codes
        assert isinstance(funding["amount_eur"], int) and funding["amount_eur"] > 0
        assert isinstance(funding["per_year"], bool)
        assert funding["period"] is None or isinstance(funding["period"], str)
        assert funding["text"] in text, f"funding quote not in the document: {funding['text']!r}"

    for signature in gold["signatures"]:
        assert set(signature) == SIGNATURE_KEYS
        assert signature["kind"] in KINDS
        assert signature["date"] is None or isinstance(signature["date"], dt.date)
        assert signature["department_code"] in codes

    for person in gold["people"]:
        assert set(person) == PEOPLE_KEYS
        assert person["role"], person
        assert fold(person["name"]) in folded, f"person not named in the document: {person['name']!r}"

    for action in gold["actions"]:
        assert ACTION_REQUIRED <= set(action) <= ACTION_REQUIRED | ACTION_OPTIONAL, action
        assert action["department_code"] in codes
        assert action["axis"] in (None, 1, 2, 3, 4)
        if action.get("health_check_3_4"):
            assert action["axis"] == 1, action
        for key in ("age_min", "age_max"):
            assert action.get(key) is None or isinstance(action[key], int)
        places = action.get("places")
        if places is not None:
            assert isinstance(places, list) and all(isinstance(n, int) and n > 0 for n in places)


def test_set_covers_the_traps_it_is_meant_for():
    """The set is only useful if it keeps its variety: guard the cases it was written for."""
    golds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in GOLD_FILES]
    codes = [d["code"] for g in golds for d in g["departments"]]
    assert len(set(codes)) >= 12 and not {"77", "92"} & set(codes)
    assert any(len(c) == 3 for c in codes), "an overseas département"
    assert sum(1 for g in golds if any(a.get("health_check_3_4") for a in g["actions"])) >= 4
    assert any(not g["fundings"] for g in golds), "a document without funding"
    assert any(f["per_year"] for g in golds for f in g["fundings"])
    assert {s["kind"] for g in golds for s in g["signatures"]} == KINDS
    suffixes = {p.suffix for p in documents().values()}
    assert suffixes == DOC_SUFFIXES
