"""``enfance-kg validate``: check RDF files or the store against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from enfance_kg.commands.options import remote_options, store_option, target
from enfance_kg.errors import EnfanceKGError
from enfance_kg.settings import Settings


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@store_option
@remote_options
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text: grouped by source document; turtle: the sh:ValidationReport; json: for programs.",
)
@click.option(
    "--severity",
    type=click.Choice(["violation", "warning"]),
    default="violation",
    show_default=True,
    help="Report, and fail on, results of this severity and above.",
)
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], store: Path, endpoint: str | None, gsp: str | None,
             update_endpoint: str | None, report_format: str, severity: str) -> None:
    """Validate RDF FILES (any syntax rdflib reads, guessed from the extension), or the store, against the shapes.

    The ontology and the reference data are loaded alongside the data. Results are
    grouped by the document they come from, with the quote of the offending fact.

    Exit status: 0 conforms, 1 results at or above --severity, 2 a file or the
    store can't be read (named, with the reason).
    """
    from enfance_kg.validation import validate_files, validate_store

    try:
        where = target(store, endpoint, gsp, update_endpoint)
        remote = not isinstance(where, Path)  # a remote store finds our graphs under the IRI base
        report = validate_files(files, severity=severity) if files else validate_store(
            where, severity=severity, iris=Settings.from_env().iris if remote else None)
    except EnfanceKGError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    click.echo(report.render(report_format), nl=False)
    ctx.exit(0 if report.conforms else 1)
