"""The ``enfance-kg`` command line.

Each command lives in its own module of :mod:`enfance_kg.commands` and stays a thin
layer over plain functions. Exit statuses are shared by every command: 0 success,
1 the job ran but found problems (violations, failed documents), 2 the job could not
run (bad input, missing store, bad query), with a message on standard error that
says what and where.
"""

from __future__ import annotations

import os
import sys

import click

from enfance_kg.commands.audit import audit
from enfance_kg.commands.build import add, build
from enfance_kg.commands.builds import builds, rollback
from enfance_kg.commands.export import export
from enfance_kg.commands.ontology import ontology
from enfance_kg.commands.query import queries, query
from enfance_kg.commands.serve import serve
from enfance_kg.commands.validate import validate
from enfance_kg.errors import EnfanceKGError


class _Group(click.Group):
    """Turns the product's own errors into a one-line message and exit status 2.

    A reader that goes away (``enfance-kg export | head``) ends the command quietly; Ctrl-C
    says what became of the store (a build is only swapped in when complete).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EnfanceKGError as err:
            click.echo(f"error: {err}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            # the reader of standard output went away: nothing more to say, and nothing to flush at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except KeyboardInterrupt:
            if ctx.invoked_subcommand in ("build", "add", "rollback"):
                click.echo("interrupted: nothing was swapped in, the store is as it was", err=True)
            else:
                click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="enfance-kg")
def main() -> None:
    """A knowledge graph of France's child-protection strategy 2020-2022, built from the documents that report on it.

    Exit status: 0 success, 1 problems found (violations, failed documents), 2 could not run.
    """


for command in (build, add, builds, rollback, export, query, queries, serve, validate, audit, ontology):
    main.add_command(command)
