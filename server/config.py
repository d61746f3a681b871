"""The server's settings: the kernel's (store, IRI base, query time limit) plus its own limits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from enfance_kg.backend import Endpoint
from enfance_kg.iris import DEFAULT_BASE
from enfance_kg.settings import Settings


def seconds(raw: str) -> float | None:
    """A ``timeout=`` value: a number of seconds above 0, else ``None``.

    >>> seconds("2.5"), seconds("0"), seconds("soon")
    (2.5, None, None)
    """
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value > 0 else None


@dataclass(frozen=True)
class ServerConfig:
    """What ``create_app`` needs; every field has a default that suits a small public endpoint.

    ``timeout`` is the longest a query runs (a request may ask for less with ``timeout=``);
    ``max_rows`` cuts longer results (stated in the ``X-Row-Limit`` header); ``max_body`` bounds
    request bodies (413 past it); ``workers`` is the number of query processes. ``in_memory``:
    each worker answers from an in-memory copy of the store (``True``), from the store on disk
    (``False``), or by the store's size (``None``: copied up to ``enfance_kg.store.IN_MEMORY_MAX_BYTES``).
    """

    store: Path = Path("store")
    base: str = DEFAULT_BASE
    timeout: float = 60.0
    workers: int = 2
    max_rows: int = 100_000
    max_body: int = 1024 * 1024
    page_size: int = 100
    start_method: str = "forkserver"
    endpoint: Endpoint | None = None  # a remote SPARQL 1.1 store to proxy queries to, instead of ``store``
    in_memory: bool | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> ServerConfig:
        settings = settings or Settings.from_env()
        config = cls(store=settings.store, base=settings.base, timeout=settings.query_timeout)
        return replace(config, **{k: v for k, v in overrides.items() if v is not None})
