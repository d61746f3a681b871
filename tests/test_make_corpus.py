"""The synthetic corpus generator is deterministic, varied, and its gold matches its text."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    return module


make_corpus = _load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[list[Path], Path]:
    base = tmp_path_factory.mktemp("generated")
    paths = make_corpus.make_corpus(base / "docs", 200, seed=3, gold_dir=base / "gold")
    return paths, base / "gold"


def test_prefix_is_stable(tmp_path: Path):
    few = make_corpus.make_corpus(tmp_path / "few", 10)
    many = make_corpus.make_corpus(tmp_path / "many", 25)
    assert [p.name for p in few] == [p.name for p in many[:10]]
    assert [p.read_bytes() for p in few] == [p.read_bytes() for p in many[:10]]
    other_seed = make_corpus.make_corpus(tmp_path / "other", 10, seed=1)
    assert [p.read_bytes() for p in other_seed] != [p.read_bytes() for p in few]


def test_gold_matches_text(generated):
    paths, gold_dir = generated
    assert len(paths) == 200 and len({p.stem for p in paths}) == 200
    for path in paths:
        text = path.read_text(encoding="utf-8")
        gold = yaml.safe_load((gold_dir / f"{path.stem}.yaml").read_text(encoding="utf-8"))
        assert list(gold) == ["doc", "published", "departments", "fundings", "signatures", "people", "actions"]
        assert gold["doc"] == path.stem
        assert len(gold["departments"]) == 1
        for funding in gold["fundings"]:
            assert funding["text"] in text, (path.name, funding["text"])
            assert funding["funder"] in {"state", "ars", "department", "other"}
        for person in gold["people"]:
            assert person["name"] in text, (path.name, person["name"])
        for signature in gold["signatures"]:
            assert isinstance(signature["date"], dt.date) and signature["date"].weekday() < 5
            if gold["published"] is None:  # no date on the page: the signature must carry its year
                assert str(signature["date"].year) in text
        for action in gold["actions"]:
            assert action["label"][1:] in text, (path.name, action["label"])
            assert action["axis"] in (None, 1, 2, 3, 4)


def test_corpus_is_varied(generated):
    paths, gold_dir = generated
    golds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.yaml"))]
    assert {p.suffix for p in paths} == {".txt", ".md", ".html"}
    assert {s["kind"] for g in golds for s in g["signatures"]} == {"contract", "amendment", "letter_of_intent"}
    assert {f["funder"] for g in golds for f in g["fundings"]} == {"state", "ars", "department", "other"}
    assert any(f["per_year"] for g in golds for f in g["fundings"])
    assert any("millions d'euros" in f["text"] and not f["text"][0].isdigit() for g in golds for f in g["fundings"])
    assert {a["axis"] for g in golds for a in g["actions"]} == {None, 1, 2, 3, 4}
    assert any(a.get("health_check_3_4") for g in golds for a in g["actions"])
    assert any(g["published"] is None for g in golds)
    assert len({g["departments"][0]["code"] for g in golds}) > 60
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert any("Mot de passe oublié" in t for t in texts) and any("Partager" in t for t in texts)
