"""``enfance-kg audit``: the store's validation as static HTML pages, one per document."""

from __future__ import annotations

from pathlib import Path

import click

from enfance_kg.commands.options import store_option
from enfance_kg.errors import EnfanceKGError


@click.command()
@store_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("audit"),
              show_default=True, help="The folder the pages are written to (created if need be).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the pages and of the shapes' messages.")
@click.pass_context
def audit(ctx: click.Context, store: Path, out: Path, lang: str) -> None:
    """Write an audit report of the store as HTML pages that read offline: a summary (results per severity,
    per shape and per document; disagreements between sources) and a page per document with its facts'
    quotes highlighted in its text and its violations and warnings.

    Exit status: 0 no violation, 1 violations (the pages are written all the same), 2 the store can't be read.
    """
    from enfance_kg.audit import audit_summary, write_audit

    try:
        report = write_audit(store, out, lang=lang)
    except EnfanceKGError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    click.echo(f"{out / 'index.html'}: {audit_summary(report, lang)}")
    ctx.exit(1 if report.counts()["violation"] else 0)
