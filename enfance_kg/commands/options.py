"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

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
