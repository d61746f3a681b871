"""``enfance-kg builds`` and ``enfance-kg rollback``: the builds a store keeps, and serving an earlier one again."""

from __future__ import annotations

from pathlib import Path

import click

from enfance_kg import store as kg_store
from enfance_kg.commands.options import no_wait_option, store_option
from enfance_kg.commands.progress import say_waiting
from enfance_kg.commands.table import render_rows


def _describe(build: kg_store.BuildInfo) -> str:
    held = "" if build.documents is None else f", {build.documents} document(s), {build.quads} quads"
    return f"{build.id} (built {build.created.astimezone():%Y-%m-%d %H:%M:%S}{held})"


@click.command()
@store_option
def builds(store: Path) -> None:
    """List the builds the store keeps, newest first; the one being served is marked.

    Exit status: 0, or 2 when there is no store.
    """
    rows = [["*" if b.current else "", b.id, f"{b.created.astimezone():%Y-%m-%d %H:%M:%S}", b.documents, b.quads]
            for b in kg_store.builds(store)]
    click.echo(render_rows(["served", "build", "built", "documents", "quads"], rows,
                           numeric={"documents", "quads"}))


@click.command()
@click.option("--to", "to", metavar="BUILD", help="The build to serve (default: the one before the current one).")
@store_option
@no_wait_option
def rollback(to: str | None, store: Path, no_wait: bool) -> None:
    """Serve an earlier build again, in one atomic swap (a running server keeps the build it has open).

    The build being served is kept, so `enfance-kg rollback --to ID` goes forward again. Exit
    status: 0, or 2 when there is no store or no such build.
    """
    served = kg_store.build_id(store)
    chosen = kg_store.rollback(store, to, wait=not no_wait, on_wait=say_waiting)
    click.echo(f"now serving {_describe(chosen)}", err=True)
    click.echo(f"the build served before, {served}, is kept: `enfance-kg rollback --to {served}` serves it again",
               err=True)
