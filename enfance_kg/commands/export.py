"""``enfance-kg export``: the whole dataset as a dump, in the RDF syntax asked for.

N-Quads (the default) and N-Triples come with their lines sorted, so that two builds of the same
corpus give byte-identical files; N-Quads, TriG and JSON-LD keep the named graphs, Turtle and
N-Triples hold their union (a set: no triple is in two graphs). Turtle and TriG use the project's
prefixes; JSON-LD is compacted with the published ``@context`` (``ontology/context.jsonld``, served
at ``https://w3id.org/enfance-kg/context.jsonld``) and carries it, so that it reads offline.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

import click

from enfance_kg import store as kg_store
from enfance_kg.commands.options import store_option
from enfance_kg.commands.output import write_result

EXPORT_FORMATS = ("nquads", "trig", "turtle", "jsonld", "ntriples")
#: line-based formats, written with their lines sorted so that equal datasets give equal bytes
SORTED_FORMATS = frozenset({"nquads", "ntriples"})


def export_dataset(store_dir: Path, output: IO[bytes], *, format: str) -> None:
    """Write the whole dataset; N-Quads and N-Triples come with their lines sorted."""
    source = kg_store.open_store(store_dir)
    if format not in SORTED_FORMATS:
        kg_store.dump(source, output, format=format)
        return
    buffer = io.BytesIO()
    kg_store.dump(source, buffer, format=format)
    lines = sorted(set(buffer.getvalue().splitlines()))
    output.write(b"".join(line + b"\n" for line in lines if line))


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="nquads", show_default=True,
              help="nquads, trig and jsonld keep the named graphs; turtle and ntriples hold their union.")
@store_option
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output (written whole, or not at all).")
def export(fmt: str, store: Path, output: Path | None) -> None:
    """Write the whole dataset: ontology, reference data, entities and every document's graph.

    N-Quads (the default) is sorted line by line, so two builds of the same corpus give
    byte-identical files. Turtle and N-Triples hold the union of the graphs; Turtle and TriG use the
    project's prefixes, JSON-LD its published @context.
    """
    kg_store.open_store(store)  # a missing or damaged store is said before any file is made
    write_result(output, lambda handle: export_dataset(store, handle, format=fmt))
