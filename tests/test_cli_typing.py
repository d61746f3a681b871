"""mypy runs clean on the CLI, its commands, the errors and the pipeline's read, segment and build stages."""

from __future__ import annotations

from tests.conftest import run_mypy

TARGETS = ["enfance_kg/cli.py", "enfance_kg/commands", "enfance_kg/errors.py", "ingest/read.py", "ingest/segment.py",
           "ingest/pipeline.py"]


def test_mypy_is_clean_on_the_cli_and_the_pipeline():
    result = run_mypy(*TARGETS)
    assert result.returncode == 0, result.stdout
