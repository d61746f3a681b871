"""``enfance-kg serve``: build the store on first start if there is none, then serve it over HTTP.

The server and the pipeline are imported inside the command, so that the kernel depends on neither.
"""

from __future__ import annotations

from pathlib import Path

import click

from enfance_kg import store as kg_store
from enfance_kg.backend import Endpoint, open_target
from enfance_kg.commands.options import remote_options, store_option, target
from enfance_kg.errors import StoreError
from enfance_kg.iris import Iris
from enfance_kg.settings import Settings


def store_base(store_dir: Path | Endpoint) -> str | None:
    """The IRI base a store was built with, read from its ontology graph's name (``{base}graph/ontology``)."""
    suffix = str(Iris("").graph("ontology"))
    names = open_target(store_dir).graph_names()
    return next((name[: -len(suffix)] for name in sorted(names) if name.endswith(suffix)), None)


def _build_first(corpus: Path, store_dir: Path, base: str) -> None:
    from enfance_kg.commands.progress import TerminalProgress
    from ingest import pipeline

    click.echo(f"no store in {store_dir}: building it from {corpus} first", err=True)
    progress = TerminalProgress("Building")
    try:
        report = pipeline.build(corpus, store_dir, progress=progress, iris=Iris(base))
    finally:
        progress.close()
    click.echo(report.summary(), err=True)
    if not kg_store.has_store(store_dir):
        raise StoreError(f"the build of {corpus} left no store in {store_dir}; nothing to serve")


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port to listen on.")
@click.option("--base-iri", default=None, metavar="IRI",
              help="The IRI base of the data (default: the store's own, else $ENFANCE_KG_BASE).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="S",
              help="The longest a query may run, in seconds (default $ENFANCE_KG_QUERY_TIMEOUT, or 60).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query worker processes (each holds the store open read-only).")
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False), default=Path("corpus"),
              show_default=True, help="The documents to build the store from when there is none yet.")
@remote_options
@click.option("--in-memory/--on-disk", "in_memory", default=None,
              help="Each query worker answers from a copy of the store in memory, or from the store on disk "
                   "(default: in memory when the store is small enough, see the README).")
@click.option("--no-cache", is_flag=True, default=False,
              help="Run every request's query: no cache of answers (default: a 64 MiB cache per build, "
                   "sized by $ENFANCE_KG_CACHE_MIB).")
def serve(store: Path, host: str, port: int, base_iri: str | None, timeout: float | None, workers: int,
          corpus: Path, endpoint: str | None, gsp: str | None, update_endpoint: str | None,
          in_memory: bool | None, no_cache: bool) -> None:
    """Serve the graph: SPARQL endpoint, Linked Data pages, saved-query API and query page.

    The store is built from the corpus on first start. It is served read-only; a new build
    swapped into the store folder (`enfance-kg build`) is picked up without a restart.
    With --endpoint, queries go to that remote SPARQL 1.1 store instead (with this server's time
    limit, caching and pages); it must hold a build made by `enfance-kg build --endpoint`.
    Ctrl-C stops the server.
    """
    import uvicorn

    from server.app import create_app
    from server.config import ServerConfig

    settings = Settings.from_env()
    where = target(store, endpoint, gsp, update_endpoint)
    remote = where if isinstance(where, Endpoint) else None
    if remote is not None:
        open_target(remote, iris=Iris(base_iri or settings.base)).version()  # said now: no build there yet
    elif not kg_store.has_store(store):
        _build_first(corpus, store, base_iri or settings.base)
    base = base_iri or store_base(where) or settings.base
    config = ServerConfig.from_settings(settings, store=store, base=base, timeout=timeout, workers=workers,
                                        endpoint=remote, in_memory=in_memory, cache_bytes=0 if no_cache else None)
    app = create_app(config)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    click.echo(f"serving {remote or store} (IRIs under {base}) at {url}\n"
               f"  query page {url}query · SPARQL {url}sparql · API {url}docs · Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
