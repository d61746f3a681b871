"""mypy runs clean on the server, the query runner and the query checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_is_clean_on_the_server_and_the_runner():
    targets = ["server", "enfance_kg/runner.py", "enfance_kg/query_check.py", "enfance_kg/commands/serve.py",
               "enfance_kg/backend.py", "enfance_kg/remote.py", "ingest/distributed.py"]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent", *targets],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout
