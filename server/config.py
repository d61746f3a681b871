"""The server's settings: the kernel's (store, IRI base, query time limit) plus its own limits."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from enfance_kg.backend import Endpoint
from enfance_kg.errors import InputError
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


CACHE_ENV = "ENFANCE_KG_CACHE_MIB"


def cache_bytes(raw: str | None) -> int:
    """The answer cache's size from ``$ENFANCE_KG_CACHE_MIB`` (MiB; ``0`` or ``off``: no cache).

    >>> cache_bytes(None), cache_bytes("16"), cache_bytes("off")
    (67108864, 16777216, 0)
    """
    if raw is None or not raw.strip():
        return ServerConfig.cache_bytes
    if raw.strip().lower() in ("off", "no", "false"):
        return 0
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        raise InputError(f"${CACHE_ENV} must be a size in MiB (0 or off: no cache), not {raw!r}")
    return int(value * 1024**2)


@dataclass(frozen=True)
class ServerConfig:
    """What ``create_app`` needs; every field has a default that suits a small public endpoint.

    ``timeout`` is the longest a query runs (a request may ask for less with ``timeout=``);
    ``max_rows`` cuts longer results (stated in the ``X-Row-Limit`` header); ``max_body`` bounds
    request bodies (413 past it); ``workers`` is the number of query processes. ``in_memory``:
    each worker answers from an in-memory copy of the store (``True``), from the store on disk
    (``False``), or by the store's size (``None``: copied up to ``enfance_kg.store.IN_MEMORY_MAX_BYTES``).
    ``cache_bytes`` bounds the cache of whole answers (:mod:`server.cache`); ``0`` turns it off, and
    the query workers' cache of answers with it, so that every request runs its query
    (``$ENFANCE_KG_CACHE_MIB``, or ``enfance-kg serve --no-cache``).
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
    cache_bytes: int = 64 * 1024**2

    @classmethod
    def from_settings(cls, settings: Settings | None = None, env: Mapping[str, str] | None = None,
                      **overrides: Any) -> ServerConfig:
        """The settings' store, base and time limit, the cache size from ``$ENFANCE_KG_CACHE_MIB``, then
        every override that is not ``None``."""
        settings = settings or Settings.from_env()
        config = cls(store=settings.store, base=settings.base, timeout=settings.query_timeout,
                     cache_bytes=cache_bytes((os.environ if env is None else env).get(CACHE_ENV)))
        return replace(config, **{k: v for k, v in overrides.items() if v is not None})
