"""The Python examples of docs/data-science.md (and of the README, if it has any) run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "docs" / "data-science.md", ROOT / "README.md"]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: Path) -> list[str]:
    return _BLOCK.findall(page.read_text(encoding="utf-8")) if page.exists() else []


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.name)
def test_python_examples_run(page, mini_store, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ENFANCE_KG_STORE", str(mini_store))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "store").symlink_to(mini_store, target_is_directory=True)  # the README opens ./store
    namespace: dict = {"__name__": "__doc_example__"}
    for number, block in enumerate(_blocks(page), start=1):
        try:
            exec(compile(block, f"{page.name}, python block {number}", "exec"), namespace)
        except Exception as err:  # report which block broke, with its text
            pytest.fail(f"{page.name}, python block {number} failed: {err!r}\n{block}")
    assert capsys.readouterr().out.strip(), "the examples print something"


def test_the_page_covers_install_cli_python_and_chart():
    text = (ROOT / "docs" / "data-science.md").read_text(encoding="utf-8")
    for needle in ("pip install", "enfance-kg build", "enfance-kg query", "KnowledgeGraph.open", "to_pandas",
                   "matplotlib", "kg.sparql", "kg.describe"):
        assert needle in text
