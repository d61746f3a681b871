"""``enfance-kg serve``: the README's main command builds the store on first start, then serves it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.server.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "enfance-kg"


def test_serve_builds_on_first_start_and_serves(tmp_path):
    port = free_port()
    store_dir = tmp_path / "store"
    process = subprocess.Popen([str(CLI), "serve", "--store", str(store_dir), "--corpus", str(ROOT / "corpus"),
                                "--port", str(port), "--workers", "1", "--timeout", "10", "--in-memory"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.communicate()[1].decode()
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.3)
        answer = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s a ekg:Document }"}, timeout=10)
        assert answer.json()["boolean"] is True
        turtle = httpx.get(f"{url}/id/departement/77", headers={"accept": "text/turtle"}, timeout=10)
        assert turtle.headers["content-type"].startswith("text/turtle") and "Seine-et-Marne" in turtle.text
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    log = err.decode()
    assert "building it from" in log and "5 document(s) ingested" in log
    assert f"at http://127.0.0.1:{port}/" in log
    assert "Traceback" not in log
    assert process.returncode == 0
    assert (store_dir / "current").is_dir()


def test_the_workers_answer_from_memory_or_disk_as_configured(tmp_path):
    from server.app import create_app
    from server.config import ServerConfig

    assert create_app(ServerConfig(store=tmp_path)).state.runner.in_memory is None  # by the store's size
    for mode in (True, False):
        assert create_app(ServerConfig(store=tmp_path, in_memory=mode)).state.runner.in_memory is mode
