"""mypy runs clean on the server, the query runner and the query checker."""

from __future__ import annotations

from tests.conftest import run_mypy


def test_mypy_is_clean_on_the_server_and_the_runner():
    targets = ["server", "enfance_kg/runner.py", "enfance_kg/query_check.py", "enfance_kg/commands/serve.py",
               "enfance_kg/backend.py", "enfance_kg/remote.py", "ingest/distributed.py"]
    result = run_mypy(*targets)
    assert result.returncode == 0, result.stdout
