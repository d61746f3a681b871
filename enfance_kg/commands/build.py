"""``enfance-kg build`` and ``add``: documents into the store (``export`` is in :mod:`.export`).

The pipeline lives in :mod:`ingest`, imported inside the commands so that the kernel
does not depend on it (and ``enfance-kg query`` does not pay for loading it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from enfance_kg.commands.options import store_option
from enfance_kg.settings import Settings

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Processes extracting documents in parallel (default: one per core, up to 4, for corpora of 128 "
         "documents or more; the result is the same whatever the number).")


class _Progress:
    """A progress bar on standard error when it is a terminal, nothing otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         item_show_func=lambda item: item)
            self.bar.__enter__()
        self.bar.update(1, name)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _run(label: str, job: Callable[..., object]) -> None:
    progress = _Progress(label)
    try:
        report = job(progress)
    finally:
        progress.close()
    click.echo(report.summary(), err=True)
    if not report.ok:
        click.echo(f"{len(report.failures)} document(s) failed; the others are in the store.", err=True)
        sys.exit(1)


@click.command()
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False), default=Path("corpus"),
              show_default=True, help="The folder of documents (.txt, .md, .html, with optional NAME.meta.yaml).")
@store_option
@jobs_option
def build(corpus: Path, store: Path, jobs: int | None) -> None:
    """Build a new store from every document of the corpus, and swap it in once complete.

    Exit status 1 when a document failed (each one is named with its reason; the others are in the
    store), 2 when the build could not run.
    """
    from ingest import pipeline

    iris = Settings.from_env().iris
    _run("Building", lambda progress: pipeline.build(corpus, store, progress=progress, iris=iris, workers=jobs))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@store_option
@jobs_option
def add(files: tuple[Path, ...], store: Path, jobs: int | None) -> None:
    """Add documents to the store (a document with the same file stem is replaced).

    The result is the same as rebuilding with these documents in the corpus, near-duplicate links
    included. The files are read where they are; nothing is copied into the corpus folder.
    """
    from ingest import pipeline

    iris = Settings.from_env().iris
    _run("Adding", lambda progress: pipeline.add(list(files), store, progress=progress, iris=iris, workers=jobs))
