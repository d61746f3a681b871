"""enfance-kg: a knowledge graph of the French child-protection strategy 2020-2022."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from enfance_kg.api import KnowledgeGraph, Rows

__all__ = ["KnowledgeGraph", "Rows"]


def __getattr__(name: str) -> Any:
    """``from enfance_kg import KnowledgeGraph`` without importing the store for every submodule."""
    if name in __all__:
        from enfance_kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'enfance_kg' has no attribute {name!r}")
