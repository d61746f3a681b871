"""Server fixtures: one query runner and one app over the seed store, a live server for what needs real
sockets (time limits, the browser), all shared by the session."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from enfance_kg.runner import QueryRunner
from server.app import create_app
from server.config import ServerConfig

#: the live server's time limit: short, so that the test of a query stopped at the limit is quick
LIVE_TIMEOUT = 3.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """uvicorn serving an app on a free port of 127.0.0.1, in a thread of the test process."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, name="live-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture(scope="session")
def seed_config(seed_store: Path) -> ServerConfig:
    return ServerConfig(store=seed_store, timeout=30, workers=2, max_rows=1000, max_body=64 * 1024)


@pytest.fixture(scope="session")
def seed_runner(seed_config: ServerConfig) -> Iterator[QueryRunner]:
    with QueryRunner(seed_config.store, workers=seed_config.workers, timeout=seed_config.timeout,
                     base=seed_config.base) as runner:
        runner.warm()
        yield runner


@pytest.fixture(scope="session")
def client(seed_config: ServerConfig, seed_runner: QueryRunner) -> Iterator[TestClient]:
    with TestClient(create_app(seed_config, runner=seed_runner)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live(seed_config: ServerConfig) -> Iterator[LiveServer]:
    """A real server on the seed store, with its own workers and a short time limit."""
    with LiveServer(create_app(replace(seed_config, timeout=LIVE_TIMEOUT))) as server:
        yield server
