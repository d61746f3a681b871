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
from enfance_kg.backend import Endpoint, open_target
from enfance_kg.commands.options import remote_options, store_option, target
from enfance_kg.commands.output import write_result
from enfance_kg.settings import Settings

EXPORT_FORMATS = ("nquads", "trig", "turtle", "jsonld", "ntriples")
#: line-based formats, written with their lines sorted so that equal datasets give equal bytes
SORTED_FORMATS = frozenset({"nquads", "ntriples"})


def _dump(store_dir: Path | Endpoint, output: IO[bytes], *, format: str) -> None:
    if isinstance(store_dir, Endpoint):  # every graph of ours, read back whole (a Graph Store GET each)
        kg_store.dump_quads(open_target(store_dir, iris=Settings.from_env().iris).quads(), output, format=format)
    else:
        kg_store.dump(kg_store.open_store(store_dir), output, format=format)


def export_dataset(store_dir: Path | Endpoint, output: IO[bytes], *, format: str) -> None:
    """Write the whole dataset; N-Quads and N-Triples come with their lines sorted."""
    if format not in SORTED_FORMATS:
        _dump(store_dir, output, format=format)
        return
    buffer = io.BytesIO()
    _dump(store_dir, buffer, format=format)
    lines = sorted(set(buffer.getvalue().splitlines()))
    output.write(b"".join(line + b"\n" for line in lines if line))


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="nquads", show_default=True,
              help="nquads, trig and jsonld keep the named graphs; turtle and ntriples hold their union.")
@store_option
@remote_options
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output (written whole, or not at all).")
def export(fmt: str, store: Path, endpoint: str | None, gsp: str | None, update_endpoint: str | None,
           output: Path | None) -> None:
    """Write the whole dataset: ontology, reference data, entities and every document's graph.

    N-Quads (the default) is sorted line by line, so two builds of the same corpus give
    byte-identical files. Turtle and N-Triples hold the union of the graphs; Turtle and TriG use the
    project's prefixes, JSON-LD its published @context.
    """
    where = target(store, endpoint, gsp, update_endpoint)
    if isinstance(where, Endpoint):
        open_target(where).version()  # a store with no build is said before any file is made
    else:
        kg_store.open_store(where)  # a missing or damaged store is said before any file is made
    write_result(output, lambda handle: export_dataset(where, handle, format=fmt))
