"""``enfance-kg validate``: check RDF files or the store against the shapes."""

from __future__ import annotations

from pathlib import Path

import click

from enfance_kg.commands.options import remote_options, store_option, target
from enfance_kg.errors import EnfanceKGError, InputError
from enfance_kg.settings import Settings


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@store_option
@remote_options
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "markdown", "html", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text and markdown: grouped by source document; html: one page; turtle: the sh:ValidationReport "
    "(one per document with --per-document); json: for programs.",
)
@click.option(
    "--severity",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Report, and fail on, results of this severity and above.",
)
@click.option("--per-document", is_flag=True,
              help="One report per document (named graph), those that conform included.")
@click.option("--document", "document_key", metavar="KEY",
              help="Validate only this document of the store (its key, as in id/document/KEY).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the report and of the shapes' messages.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of the standard output.")
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], store: Path, endpoint: str | None, gsp: str | None,
             update_endpoint: str | None, report_format: str, severity: str, per_document: bool,
             document_key: str | None, lang: str, output: Path | None) -> None:
    """Validate RDF FILES (any syntax rdflib reads, guessed from the extension), or the store, against the shapes.

    The ontology and the reference data are loaded alongside files. Each result names the document it
    comes from, the quote of the offending fact and the rule that extracted it; a quote that does not
    match the text at its offsets says where the text holds it.

    Exit status: 0 conforms, 1 results at or above --severity, 2 a file or the
    store can't be read (named, with the reason).
    """
    from enfance_kg.validation import validate_document, validate_files, validate_store

    try:
        where = target(store, endpoint, gsp, update_endpoint)
        remote = not isinstance(where, Path)  # a remote store finds our graphs under the IRI base
        iris = Settings.from_env().iris if remote else None
        if files:
            report = validate_files(files, severity=severity)
        elif document_key:
            if remote:
                raise InputError("--document reads a store on this machine: give --store, not an endpoint")
            report = validate_document(store, document_key, severity=severity)
        else:
            report = validate_store(where, severity=severity, iris=iris)
    except EnfanceKGError as err:
        click.echo(f"error: {err}", err=True)
        ctx.exit(2)
    text = report.render(report_format, lang=lang, per_document=per_document)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    ctx.exit(0 if report.conforms else 1)
