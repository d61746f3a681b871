"""Settings, read from the environment when asked for, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from enfance_kg.errors import EnfanceKGError
from enfance_kg.iris import DEFAULT_BASE, Iris


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise EnfanceKGError(f"${name} must be a number of seconds above 0, not {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Where the store lives, which base the IRIs use, and how long a query may run.

    ``ENFANCE_KG_STORE`` (default ``./store``), ``ENFANCE_KG_BASE`` (default
    ``https://w3id.org/enfance-kg/``) and ``ENFANCE_KG_QUERY_TIMEOUT`` (seconds, default 60)
    override the defaults.
    """

    store: Path = Path("store")
    base: str = DEFAULT_BASE
    query_timeout: float = 60.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            store=Path(os.environ.get("ENFANCE_KG_STORE", "store")),
            base=os.environ.get("ENFANCE_KG_BASE", DEFAULT_BASE),
            query_timeout=_seconds("ENFANCE_KG_QUERY_TIMEOUT", 60.0),
        )

    @property
    def iris(self) -> Iris:
        return Iris(self.base)
