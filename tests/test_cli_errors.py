"""Errors at the edge: every way a command is commonly misused or meets a broken store ends with one line
that names the file, line, parameter or store and says why, and the documented exit status; never a
traceback. One table, one case per row, each run through ``CliRunner``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from enfance_kg.cli import main
from ingest import pipeline
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
SEED = SEEDS / "004_dff481fb7cc68a36.txt"


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    corpus = folder / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    pipeline.build(corpus, folder / "store")
    return folder / "store"


def _damaged(tmp: Path, good: Path) -> Path:
    """A copy of a good store whose database files are damaged (RocksDB reports corruption)."""
    shutil.copytree(good, tmp / "damaged", symlinks=True)
    (tmp / "damaged" / "current" / "CURRENT").write_text("garbage")
    return tmp / "damaged"


def _sidecar_corpus(tmp: Path, sidecar: str) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "doc.txt")
    (corpus / "doc.meta.yaml").write_text(sidecar, encoding="utf-8")
    return corpus


@dataclass(frozen=True)
class Case:
    id: str
    args: Callable[[Path, Path], list[str]]  # (tmp_path, good store) → the command line
    status: int
    says: str  # words the single message line holds ({tmp} is the test's folder)
    prefix: str = "error: "


CASES = [
    Case("damaged store, query", lambda t, g: ["query", "documents", "--store", str(_damaged(t, g))], 2,
         "error: the store in {tmp}/damaged is damaged (Corruption: CURRENT file does not end with newline); "
         "`enfance-kg rollback --store {tmp}/damaged` serves the previous build"),
    Case("damaged store, export", lambda t, g: ["export", "--store", str(_damaged(t, g))], 2,
         "error: the store in {tmp}/damaged is damaged"),
    Case("damaged store, add", lambda t, g: ["add", str(SEED), "--store", str(_damaged(t, g))], 2,
         "error: the store in {tmp}/damaged is damaged"),
    Case("damaged store, validate", lambda t, g: ["validate", "--store", str(_damaged(t, g))], 2,
         "error: the store in {tmp}/damaged is damaged"),
    Case("no store, query", lambda t, g: ["query", "documents", "--store", str(t / "none")], 2,
         "error: no store in {tmp}/none: run `enfance-kg build --store {tmp}/none` first"),
    Case("no store, builds", lambda t, g: ["builds", "--store", str(t / "none")], 2, "error: no store in {tmp}/none"),
    Case("store is a file", lambda t, g: ["build", "--corpus", str(SEEDS), "--store", str(_file(t))], 2,
         "Error: Invalid value for '--store': Directory '{tmp}/file' is a file.", "Error: "),  # click's usage error
    Case("missing corpus", lambda t, g: ["build", "--corpus", str(t / "nope"), "--store", str(t / "s")], 2,
         "error: corpus folder {tmp}/nope does not exist or is not a folder"),
    Case("export into a missing folder", lambda t, g: ["export", "--store", str(g), "-o", str(t / "no/x.nq")], 2,
         "error: cannot write {tmp}/no/x.nq: No such file or directory"),
    Case("query into a missing folder",
         lambda t, g: ["query", "documents", "--store", str(g), "-o", str(t / "no/x.csv")], 2,
         "error: cannot write {tmp}/no/x.csv: No such file or directory"),
    Case("impossible date in a sidecar",
         lambda t, g: ["build", "--corpus", str(_sidecar_corpus(t, "published: 2021-02-30\n")), "--store",
                       str(t / "s")], 1,
         "failed: doc.txt: doc.meta.yaml: line 1: field 'published' is not a real date: '2021-02-30' "
         "(day is out of range for month)", "failed: "),
    Case("bad field in a sidecar",
         lambda t, g: ["build", "--corpus", str(_sidecar_corpus(t, "title: T\nkind: blog\n")), "--store",
                       str(t / "s")], 1,
         "failed: doc.txt: doc.meta.yaml: line 2: field 'kind' must be one of press_release, news_article, "
         "web_page, got 'blog'", "failed: "),
    Case("sidecar that is not YAML",
         lambda t, g: ["build", "--corpus", str(_sidecar_corpus(t, "title: [T\n")), "--store", str(t / "s")], 1,
         "failed: doc.txt: doc.meta.yaml: line 2, column 1: not valid YAML: expected ',' or ']'", "failed: "),
    Case("empty corpus", lambda t, g: ["build", "--corpus", str(_empty(t)), "--store", str(t / "s")], 1,
         "not swapped in: no document (.txt, .md, .html) in {tmp}/empty; no store was made", "not swapped in: "),
    Case("rollback with one build", lambda t, g: ["rollback", "--store", str(g)], 2,
         "nothing to roll back to"),
    Case("add a missing file", lambda t, g: ["add", str(t / "missing.txt"), "--store", str(g)], 1,
         "failed: missing.txt: no such file: {tmp}/missing.txt", "failed: "),
]


def _file(tmp: Path) -> Path:
    (tmp / "file").write_text("not a folder")
    return tmp / "file"


def _empty(tmp: Path) -> Path:
    (tmp / "empty").mkdir()
    return tmp / "empty"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_failure_is_one_line_with_its_exit_status(case, tmp_path, good_store):
    result = CliRunner().invoke(main, case.args(tmp_path, good_store))
    assert result.exit_code == case.status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    said = [line for line in result.stderr.splitlines() if line.startswith(case.prefix)]
    assert len(said) == 1, result.stderr
    assert case.says.format(tmp=tmp_path) in said[0], said[0]
    assert "Traceback" not in result.output


def test_no_file_is_left_behind_when_the_export_cannot_run(tmp_path):
    result = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "none"), "-o", str(tmp_path / "x.nq")])
    assert result.exit_code == 2 and list(tmp_path.iterdir()) == []


def test_a_full_disk_is_one_line(tmp_path, good_store, monkeypatch):
    from enfance_kg.commands import export as export_command

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_command, "export_dataset", full)
    result = CliRunner().invoke(main, ["export", "--store", str(good_store), "-o", str(tmp_path / "x.nq")])
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {tmp_path}/x.nq: No space left on device\n"
    assert list(tmp_path.iterdir()) == []  # the partial file is removed


def test_ctrl_c_during_a_build_says_the_store_is_unchanged(tmp_path, good_store, monkeypatch):
    from enfance_kg import store as kg_store

    served = kg_store.build_id(good_store)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_ingest_stream", interrupted)
    result = CliRunner().invoke(main, ["build", "--corpus", str(SEEDS), "--store", str(good_store)])
    assert result.exit_code == 130
    assert result.stderr == "interrupted: nothing was swapped in, the store is as it was\n"
    assert kg_store.build_id(good_store) == served
