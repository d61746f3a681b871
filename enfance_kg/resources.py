"""The one place that locates the files shipped inside the package (ontology, shapes, queries, reference data).

Files are found with ``importlib.resources``, never from the current directory, so
editable and wheel installs behave the same.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def _package_files(package: str, suffix: str) -> list[Traversable]:
    root = resources.files(package)
    return sorted((f for f in root.iterdir() if f.is_file() and f.name.endswith(suffix)), key=lambda f: f.name)


def package_files(package: str, suffix: str) -> list[Traversable]:
    """The files ending in ``suffix`` shipped in a data package (the server's own queries, for one)."""
    return _package_files(package, suffix)


def ontology_files() -> list[Traversable]:
    """The ontology and its SKOS schemes, Turtle files in ``ontology/``."""
    return _package_files("enfance_kg.ontology", ".ttl")


def shape_files() -> list[Traversable]:
    """The SHACL shapes, Turtle files in ``shapes/``."""
    return _package_files("enfance_kg.shapes", ".ttl")


def query_files() -> list[Traversable]:
    """The saved queries, ``.rq`` files in ``queries/``."""
    return _package_files("enfance_kg.queries", ".rq")


def context_file() -> Traversable:
    """The JSON-LD ``@context`` of the exports (``ontology/context.jsonld``): the project's prefixes."""
    return resources.files("enfance_kg.ontology").joinpath("context.jsonld")


def reference_file(name: str) -> Traversable:
    """A reference data file shipped in ``ontology/reference/`` (départements, régions)."""
    return resources.files("enfance_kg.ontology").joinpath("reference", name)
