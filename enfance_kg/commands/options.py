"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from enfance_kg.backend import Endpoint
from enfance_kg.settings import Settings


def _default_store() -> Path:
    return Settings.from_env().store


store_option = click.option(
    "--store",
    "store",
    type=click.Path(path_type=Path, file_okay=False),
    default=_default_store,
    show_default="./store, or $ENFANCE_KG_STORE",
    help="The store folder.",
)

no_wait_option = click.option(
    "--no-wait", is_flag=True,
    help="When another command is writing the store, fail at once (exit 2) instead of waiting for it.")


def remote_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--endpoint``, ``--gsp`` and ``--update-endpoint``: a remote SPARQL 1.1 store instead of ``--store``.

    Credentials are read from the environment only (``ENFANCE_KG_SPARQL_USER``/``_PASSWORD`` or
    ``ENFANCE_KG_SPARQL_TOKEN``): a password on the command line would show in the process list.
    """
    options = [
        click.option("--endpoint", metavar="URL", default=None,
                     help="A remote SPARQL 1.1 store's query endpoint, instead of --store (or $ENFANCE_KG_ENDPOINT). "
                          "Credentials: $ENFANCE_KG_SPARQL_USER and $ENFANCE_KG_SPARQL_PASSWORD, or "
                          "$ENFANCE_KG_SPARQL_TOKEN."),
        click.option("--gsp", metavar="URL", default=None,
                     help="Its Graph Store HTTP Protocol endpoint, to write graphs (or $ENFANCE_KG_GSP)."),
        click.option("--update-endpoint", "update_endpoint", metavar="URL", default=None,
                     help="Its SPARQL Update endpoint, to write graphs where there is no Graph Store "
                          "(or $ENFANCE_KG_UPDATE_ENDPOINT)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def target(store: Path, endpoint: str | None, gsp: str | None = None, update_endpoint: str | None = None
           ) -> Path | Endpoint:
    """The store a command works on: the remote one when an endpoint is named, else the folder.

    An endpoint named only by ``$ENFANCE_KG_ENDPOINT`` gives way to a ``--store`` given on the command line.
    """
    context = click.get_current_context(silent=True)
    explicit = context is not None and context.get_parameter_source("store") == click.core.ParameterSource.COMMANDLINE
    if explicit and endpoint is None:
        return store
    return Endpoint.of(endpoint, gsp=gsp, update=update_endpoint) or store
