"""``enfance-kg build`` and ``add``: documents into the store (``export`` is in :mod:`.export`).

The pipeline lives in :mod:`ingest`, imported inside the commands so that the kernel
does not depend on it (and ``enfance-kg query`` does not pay for loading it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from enfance_kg.commands.options import no_wait_option, remote_options, store_option, target
from enfance_kg.commands.progress import TerminalProgress, say_waiting
from enfance_kg.settings import Settings

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Processes extracting documents in parallel (default: one per core, up to 4, for corpora of 128 "
         "documents or more; the result is the same whatever the number).")


def _run(label: str, job: Callable[[TerminalProgress], Any]) -> None:
    progress = TerminalProgress(label)
    try:
        report = job(progress)
    finally:
        progress.close()
    click.echo(report.summary(), err=True)
    if report.refused is not None:
        sys.exit(1)
    if report.failures:
        click.echo(f"{len(report.failures)} document(s) failed; the others are in the store.", err=True)
        sys.exit(1)


@click.command()
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False), default=Path("corpus"),
              show_default=True, help="The folder of documents (.txt, .md, .html, with optional NAME.meta.yaml).")
@store_option
@jobs_option
@click.option("--allow-empty", is_flag=True,
              help="Swap in the build even when it holds no document (an empty corpus, or every document failed).")
@click.option("--replace", is_flag=True,
              help="Swap in the build even when failed documents leave it with fewer documents than the store serves.")
@no_wait_option
@remote_options
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where documents are extracted: this machine's processes, or the workers of a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="The Dask scheduler, e.g. tcp://HOST:8786 (with --executor dask; default: a local cluster of "
                   "--jobs processes).")
def build(corpus: Path, store: Path, jobs: int | None, allow_empty: bool, replace: bool, no_wait: bool,
          endpoint: str | None, gsp: str | None, update_endpoint: str | None, executor: str,
          scheduler: str | None) -> None:
    """Build a new store from every document of the corpus, and swap it in once complete.

    With --endpoint and --gsp (or --update-endpoint) the graphs go to a remote SPARQL 1.1 store instead,
    one PUT per graph; graphs of documents that left the corpus are removed, and the build record is
    written last (see docs/scaling.md).

    Exit status 1 when a document failed (each one is named with its reason; the others are in the
    store), or when the build is not swapped in: the corpus has no document, every document failed,
    or failures would leave fewer documents than the store serves (the store is then unchanged);
    2 when the build could not run. The previous builds are kept: see `enfance-kg builds`.
    """
    from ingest import pipeline

    if scheduler is not None and executor != "dask":
        raise click.UsageError("--scheduler is for --executor dask")
    iris = Settings.from_env().iris
    where = target(store, endpoint, gsp, update_endpoint)
    _run("Building", lambda progress: pipeline.build(
        corpus, where, progress=progress, iris=iris, workers=jobs, allow_empty=allow_empty, replace=replace,
        wait=not no_wait, on_wait=say_waiting, executor=executor, scheduler=scheduler))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@store_option
@jobs_option
@no_wait_option
def add(files: tuple[Path, ...], store: Path, jobs: int | None, no_wait: bool) -> None:
    """Add documents to the store (a document with the same file stem is replaced).

    The result is the same as rebuilding with these documents in the corpus, near-duplicate links
    included. The files are read where they are; nothing is copied into the corpus folder. Exit
    status 1 when a document failed (when none could be added, the store is unchanged).
    """
    from ingest import pipeline

    iris = Settings.from_env().iris
    _run("Adding", lambda progress: pipeline.add(list(files), store, progress=progress, iris=iris, workers=jobs,
                                                 wait=not no_wait, on_wait=say_waiting))
