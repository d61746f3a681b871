"""mypy runs clean on validation: the engine, the reports, the audit pages, their commands and POST /validate."""

from __future__ import annotations

from tests.conftest import run_mypy

TARGETS = ["enfance_kg/validation.py", "enfance_kg/shacl_engine.py", "enfance_kg/validation_pyshacl.py",
           "enfance_kg/reports.py", "enfance_kg/audit.py", "enfance_kg/commands/validate.py",
           "enfance_kg/commands/audit.py", "server/routers/validate.py"]


def test_mypy_is_clean_on_validation():
    result = run_mypy(*TARGETS)
    assert result.returncode == 0, result.stdout
