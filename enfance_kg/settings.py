"""Settings, read from the environment when asked for, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from enfance_kg.iris import DEFAULT_BASE, Iris


@dataclass(frozen=True)
class Settings:
    """Where the store lives and which base the IRIs use.

    ``ENFANCE_KG_STORE`` (default ``./store``) and ``ENFANCE_KG_BASE`` (default
    ``https://w3id.org/enfance-kg/``) override the defaults.
    """

    store: Path = Path("store")
    base: str = DEFAULT_BASE

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            store=Path(os.environ.get("ENFANCE_KG_STORE", "store")),
            base=os.environ.get("ENFANCE_KG_BASE", DEFAULT_BASE),
        )

    @property
    def iris(self) -> Iris:
        return Iris(self.base)
