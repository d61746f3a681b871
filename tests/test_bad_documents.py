"""A corpus of bad documents builds beside the good ones: each is ingested or refused with one line
that names it and says why, nothing crashes, and every good document is in the store.

The kinds and their expected outcomes are in ``tests/data/bad/README.md``; the 500 kB document and
the document of one 500 kB line are generated here.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from enfance_kg import store as kg_store
from enfance_kg.cli import main
from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG
from ingest.read import document_key, repair_mojibake
from tests.conftest import EXTRA_CORPUS, ROOT, SEEDS

pytestmark = pytest.mark.slow
BAD = ROOT / "tests" / "data" / "bad"
IRIS = Iris()

# file → (what becomes of it, the words its line says)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "control-gard.txt": ("ingested", None),
    "exact-copy-of-control.txt": ("warning", "the same file as the document control-gard"),
    "empty.txt": ("failed", "empty file (0 bytes)"),
    "whitespace-only.txt": ("failed", "no text in the document (only spaces and blank lines)"),
    "binary.txt": ("failed", "not a text file"),
    "nul-bytes.txt": ("failed", "binary data: a NUL character at offset 21"),
    "control-characters.txt": ("warning", "1 stray control character(s) replaced by U+FFFD"),
    "latin-1.txt": ("warning", "read as Windows-1252"),
    "windows-1252.txt": ("warning", "read as Windows-1252"),
    "utf-16-bom.txt": ("ingested", None),
    "mojibake-utf-8.txt": ("warning", "mojibake repaired"),
    "html-saved-as-text.txt": ("warning", "holds an HTML page, read as HTML"),
    "no-departement.txt": ("warning", "names no département"),
    "impossible-date.txt": ("failed", "impossible-date.meta.yaml: line 2: field 'published' is not a real date: "
                                      "'2021-02-30'"),
    "broken-sidecar.txt": ("failed", "broken-sidecar.meta.yaml: line 2, column 10: not valid YAML"),
    "twin.md": ("ingested", None),
    "twin.txt": ("ignored", "same document key 'twin' as twin.md"),
    "notes.pdf": ("ignored", "not a document"),
    "orphan.meta.yaml": ("ignored", "metadata sidecar without a document"),
    "huge-500kb.txt": ("ingested", None),
    "one-line-500kb.txt": ("ingested", None),
}
HUGE = 500_000  # characters of the generated long document: 2.5 times pipeline.LONG_DOCUMENT
PREFIXES = ("warning: ", "failed: ", "not swapped in: ", "facts: ", "near-duplicates: ")


def _generated(folder: Path) -> None:
    """A 500 kB document (a press release said again and again) and one whose text is a single 500 kB line.

    500 kB is two and a half times the length from which a build reports a document's progress
    (``pipeline.LONG_DOCUMENT``); that each stage's cost and memory grow no faster than the length is
    test_linear_time's (at 20 MB, then 2 MB, this document was a tenth, then a twentieth, of the suite's CPU
    time, for the same outcome)."""
    release = (SEEDS / "003_0e27c881b6cd3738.txt").read_text(encoding="utf-8")
    (folder / "huge-500kb.txt").write_text(release * (HUGE // len(release) + 1), encoding="utf-8")
    # sentences the language model need not analyse (the linear-time test covers those that it must)
    sentence = "Les indicateurs du contrat ont été examinés pour la {}e fois au cours de l'année. "
    line = ["Dans la Sarthe, le contrat de prévention et de protection de l'enfance est suivi de près. "]
    length = len(line[0])
    while length < HUGE:
        line.append(sentence.format(len(line)))
        length += len(line[-1])
    (folder / "one-line-500kb.txt").write_text("".join(line).rstrip() + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """``(store folder, CLI result, {stem: {predicate: value}} of the stored documents)``."""
    folder = tmp_path_factory.mktemp("bad")
    corpus = folder / "corpus"
    corpus.mkdir()
    for source in [*SEEDS.iterdir(), *BAD.iterdir()]:
        if source.name != "README.md":
            shutil.copy(source, corpus / source.name)
    _generated(corpus)
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--store", str(folder / "store")])
    documents: dict[str, dict] = {}
    prefix = str(IRIS.document(""))
    for s, p, o, _ in kg_store.quads(kg_store.open_store(folder / "store")):
        if p in (EKG.text, EKG.sha256, EKG.fileSha256) and str(s).startswith(prefix):
            documents.setdefault(str(s)[len(prefix):], {})[p] = str(o)
    return folder / "store", result, documents


def _lines_about(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(PREFIXES) and f" {name}: " in f" {line}"]


def test_the_bad_corpus_has_every_kind():
    assert {p.name for p in BAD.iterdir() if p.name != "README.md"} | {"huge-500kb.txt", "one-line-500kb.txt"} == \
        set(EXPECTED) | {"impossible-date.meta.yaml", "broken-sidecar.meta.yaml"}
    kinds = {name for name, (outcome, _) in EXPECTED.items() if outcome != "ingested"}
    assert len(kinds) >= 12


def test_the_build_runs_and_says_each_failure(bad_build):
    _, result, _ = bad_build
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():  # one line per message: nothing spills over
        assert line.startswith(PREFIXES) or line[0].isdigit(), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_document_gets_its_outcome(bad_build, name):
    _, result, documents = bad_build
    outcome, words = EXPECTED[name]
    lines = _lines_about(result.stderr, name)
    if outcome in ("failed", "ignored"):
        assert len(lines) == 1, lines
        assert lines[0].startswith("failed: " if outcome == "failed" else "warning: ") and words in lines[0]
        assert document_key(Path(name)) not in documents or name == "twin.txt"
        return
    assert document_key(Path(name)) in documents
    if outcome == "warning":
        assert any(line.startswith("warning: ") and words in line for line in lines), lines
    else:
        assert lines == [], lines


def test_every_good_document_is_in_the_store(bad_build):
    _, _, documents = bad_build
    assert {document_key(p) for p in SEEDS.iterdir()} <= set(documents)
    ingested = {document_key(Path(name)) for name, (outcome, _) in EXPECTED.items()
                if outcome in ("ingested", "warning")}
    assert ingested <= set(documents)


def test_the_stored_text_is_the_repaired_one_and_the_file_keeps_its_digest(bad_build):
    _, _, documents = bad_build
    repaired = documents["mojibake-utf-8"]
    text = repaired[EKG.text]
    assert "Département de la Haute-Loire" in text and "« stratégie nationale »" in text and "Ã" not in text
    data = (BAD / "mojibake-utf-8.txt").read_bytes()
    assert repaired[EKG.fileSha256] == hashlib.sha256(data).hexdigest()
    assert repaired[EKG.sha256] == hashlib.sha256(text.encode()).hexdigest() != repaired[EKG.fileSha256]
    assert "<" not in documents["html-saved-as-text"][EKG.text]
    assert "Cantal" in documents["utf-16-bom"][EKG.text]
    assert "\ufffd" in documents["control-characters"][EKG.text]
    assert len(documents["huge-500kb"][EKG.text]) >= HUGE


# --------------------------------------------------------------------------- the repair never harms good text


# pages of the blind sets stored as mojibake on purpose (see their READMEs): not correct text, the repair's job
STORED_AS_MOJIBAKE = {
    "c03_16.txt": "blind_c", "c07_04.txt": "blind_c", "c10_40.txt": "blind_c",
    "g04_88.txt": "blind_g", "g10_86.txt": "blind_g", "h05_76.txt": "blind_h", "h09_86.txt": "blind_h",
    "y03_56.txt": "blind_y", "y08_43.txt": "blind_y", "z02_972.html": "blind_z",
    "o05_26.txt": "blind_o", "s04_52.txt": "blind_s", "u04_49.txt": "blind_rs2",
    "sa08_06.txt": "blind_sa", "r04_15.txt": "blind_rs4", "r06_58.html": "blind_rs4",
}


def _our_texts() -> list[Path]:
    folders = [SEEDS, EXTRA_CORPUS, *(ROOT / "tests" / "data").glob("blind_*/corpus")]
    return [p for folder in folders for p in sorted(folder.iterdir())
            if p.suffix in {".txt", ".md", ".html"} and p.name not in STORED_AS_MOJIBAKE]


@pytest.mark.parametrize("name", sorted(STORED_AS_MOJIBAKE))
def test_the_mojibake_pages_of_the_blind_sets_are_repaired(name):
    text = (ROOT / "tests" / "data" / STORED_AS_MOJIBAKE[name] / "corpus" / name).read_text(encoding="utf-8")
    warnings: list[str] = []
    repaired = repair_mojibake(text, name, warnings)
    assert "Ã©" in text and "Ã©" not in repaired and warnings


@pytest.mark.parametrize("path", _our_texts(), ids=lambda p: p.name)
def test_ftfy_leaves_correct_french_text_alone(path):
    text = path.read_text(encoding="utf-8")
    warnings: list[str] = []
    assert repair_mojibake(text, path.name, warnings) == text
    assert warnings == []


@pytest.mark.parametrize("text", [
    "Le Département\u202fsigne : 8,4\u00a0M€ ; « l’État » et “les ARS” ‘citées’.",
    "Montant : 1\u202f250\u00a0000\u00a0€ — soit 2 % — le 1ᵉʳ mars, Œuvre, cœur, ﬁnancement, ＡＢＣ, ½.",
    "À Épinal, l'été : « Ça ira ! » dit-elle à l'Aide sociale à l'enfance (ASE)…",
    "Les crédits délégués s'élèvent à 950\u202f000 € par an ; ÉTAT, RÉGION, DÉPARTEMENT.",
])
def test_typography_survives_the_repair(text):
    assert repair_mojibake(text, "t.txt") == text


@pytest.mark.parametrize("original", [
    "Le Département de la Marne a signé « le contrat » avec l’État : 4,3 M€.",
    "Crédits supplémentaires pour la protection de l'enfance à Besançon.",
])
def test_mojibake_is_repaired_back_to_the_original(original):
    broken = original.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8").decode("utf-8")
    warnings: list[str] = []
    assert repair_mojibake(broken, "m.txt", warnings) == original
    assert len(warnings) == 1 and warnings[0].startswith("m.txt: mojibake repaired")
