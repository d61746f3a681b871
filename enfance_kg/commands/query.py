"""``enfance-kg query`` and ``enfance-kg queries``: run saved or ad-hoc SPARQL, list the catalogue."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rdflib.term import Node

from enfance_kg import binding, saved_queries
from enfance_kg.backend import Endpoint, open_target
from enfance_kg.commands.options import remote_options, store_option, target
from enfance_kg.commands.output import write_result
from enfance_kg.commands.table import render_rows
from enfance_kg.errors import QueryError
from enfance_kg.runner import QueryRequest
from enfance_kg.settings import Settings
from enfance_kg.store import Answer

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples", "nquads", "rdfxml")


def _parse_params(pairs: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """``NAME=VALUE`` or ``NAME:TYPE=VALUE`` pairs: the values given for each name, and the types given."""
    values: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name, _, type_name = key.strip().partition(":")
        if not sep or not name:
            raise QueryError(f"--param takes NAME=VALUE or NAME:TYPE=VALUE, got {pair!r}")
        if type_name:
            if types.get(name, type_name) != type_name:
                raise QueryError(f"--param {name} is given the types {types[name]} and {type_name}")
            types[name] = type_name
        values.setdefault(name, []).append(value)
    return values, types


def bind_params(saved: saved_queries.SavedQuery, pairs: tuple[str, ...], sample: binding.Sampler) -> dict[str, Node]:
    """The ``--param`` values bound for a saved query (typed by its header) or ad-hoc SPARQL (typed by
    ``NAME:TYPE=``, by the graph, or by what the value looks like). A name given twice is an error
    unless the saved query declares that parameter a list."""
    values, types = _parse_params(pairs)
    for name, given in values.items():
        param = saved.params.get(name)
        if len(given) > 1 and not (param is not None and param.list):
            what = "is not a list parameter" if param is not None else "is not a parameter of a saved query"
            raise QueryError(f"--param {name} is given {len(given)} times ({', '.join(given)}); {name} {what}, "
                             "so it takes one value")
        if param is not None and name in types and types[name] != param.type:
            raise QueryError(f"--param {name}:{types[name]}: {saved.name} declares {name} a {param.type}")
    if saved.params:
        return saved.bind({name: given if saved.params.get(name) and saved.params[name].list else given[0]
                           for name, given in values.items()})
    if values and saved.form == "SELECT":
        _, projected = saved_queries.projected_variables(saved.text)
        missing = sorted(set(values) - set(projected or values))
        if missing:
            raise QueryError(f"--param {', '.join(missing)}: bind only variables the SELECT projects "
                             f"(add {', '.join('?' + m for m in missing)} to it)")
    return binding.bind(saved.text, {name: given[0] for name, given in values.items()}, sample,
                        from_text=True, types=types)


def render_table(columns: list[str], rows: Sequence[Sequence[object]], *, width: int | None = None) -> str:
    """Rows as a table that fits the terminal (see :mod:`enfance_kg.commands.table`).

    >>> print(render_table(["code", "name"], [["77", "Seine-et-Marne"], ["92", None]], width=80))
    code   name
    ─────────────────────
    77     Seine-et-Marne
    92
    (2 rows)
    """
    return render_rows(columns, rows, width=width, base=Settings.from_env().base)


def _load_query(name: str | None, sparql: str | None) -> saved_queries.SavedQuery:
    if sparql is not None and name is not None:
        raise QueryError("give either a query NAME/FILE or --sparql, not both")
    if sparql is not None:
        return saved_queries.from_text(sparql, source="--sparql")
    if name is None:
        raise QueryError("give a saved query name, a .rq file, '-' for standard input, or --sparql TEXT")
    if name == "-":
        return saved_queries.from_text(sys.stdin.read(), source="<stdin>")
    return saved_queries.resolve(name)


def _samples(store: Path | Endpoint, predicates: Sequence[str]) -> list[Node]:
    """What the store holds as objects of ``predicates``, to type ad-hoc parameters like the graph."""
    return open_target(store).object_samples(predicates)


def _run_stoppable(store: Path | Endpoint, text: str, bindings: dict, fmt: str, timeout: float | None,
                   in_memory: bool = False) -> Answer:
    """Run the query in a worker process (or on the remote engine), so that the time limit and Ctrl-C
    stop it at once."""
    settings = Settings.from_env()
    limit = timeout if timeout is not None else settings.query_timeout
    with open_target(store, iris=settings.iris).service(workers=1, timeout=limit, base=settings.base,
                                                        subject="enfance-kg query", start_method="fork",
                                                        keep_warm=False, in_memory=in_memory) as runner:
        try:
            return runner.run(QueryRequest.make(text, substitutions=bindings, format=fmt))
        except KeyboardInterrupt:
            click.echo("interrupted: the query was stopped", err=True)
            raise SystemExit(130) from None


@click.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME[:TYPE]=VALUE",
              help="A parameter value; repeat it for a list parameter. TYPE (departement-code, year, date, "
                   "integer, decimal, boolean, iri, string) types a value of ad-hoc SPARQL.")
@click.option("--sparql", "sparql", metavar="TEXT", help="Run this SPARQL text instead of a saved query.")
@store_option
@remote_options
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(TABULAR_FORMATS + GRAPH_FORMATS),
    default=None,
    help="Output format (default: table on a terminal, CSV when piped; Turtle for graph results).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="S",
              help="Stop the query after S seconds, exit status 2 (default $ENFANCE_KG_QUERY_TIMEOUT, or 60).")
@click.option("--in-memory", "in_memory", is_flag=True,
              help="Answer from a copy of the store in memory: loading costs about a second per 100,000 quads, "
                   "heavy queries then run several times faster (default: read the store on disk).")
def query(name: str | None, params: tuple[str, ...], sparql: str | None, store: Path, endpoint: str | None,
          gsp: str | None, update_endpoint: str | None, fmt: str | None, output: Path | None,
          timeout: float | None, in_memory: bool) -> None:
    """Run a saved query NAME (see `enfance-kg queries`), a FILE.rq, '-' (standard input) or --sparql TEXT.

    \b
    Examples:
      enfance-kg query fundings --param department=77
      enfance-kg query health-checks-3-4 --format csv
      enfance-kg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    saved = _load_query(name, sparql)
    where = target(store, endpoint, gsp, update_endpoint)
    bindings = bind_params(saved, params, lambda predicates: _samples(where, predicates))
    graph_result = saved.form in ("CONSTRUCT", "DESCRIBE")
    if fmt is None:
        interactive = output is None and sys.stdout.isatty()
        fmt = "turtle" if graph_result else "table" if interactive else "csv"
    if graph_result and fmt in TABULAR_FORMATS:
        raise QueryError(f"{saved.name} returns a graph: use --format {', '.join(GRAPH_FORMATS)}")
    if not graph_result and fmt in GRAPH_FORMATS:
        raise QueryError(f"{saved.name} returns a table: use --format {', '.join(TABULAR_FORMATS)}")
    answer = _run_stoppable(where, saved.text, bindings, "json" if fmt == "table" else fmt, timeout, in_memory)
    if fmt == "table":
        if answer.form == "ASK":
            text = "true" if answer.boolean() else "false"
        else:
            columns, terms = answer.table()
            text = render_table(columns, terms)  # rdflib terms: the table knows IRIs and numbers
        data = (text + "\n").encode("utf-8")
    else:
        data = answer.data
    write_result(output, lambda handle: handle.write(data))


@click.command()
@click.option("--tag", "-t", "tags", multiple=True, help="Only queries with this tag (repeatable).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Language of summaries.")
@click.option("--names", "names_only", is_flag=True, help="Print only the names, one a line.")
def queries(tags: tuple[str, ...], lang: str, names_only: bool) -> None:
    """List the saved queries, with their summary and parameters."""
    catalogue = saved_queries.catalogue()
    chosen = [q for _, q in sorted(catalogue.items()) if not tags or set(tags) & set(q.tags)]
    if tags and not chosen:
        known = sorted({t for q in catalogue.values() for t in q.tags})
        raise QueryError(f"no query is tagged {', '.join(tags)} (tags: {', '.join(known)})")
    for q in chosen:
        if names_only:
            click.echo(q.name)
            continue
        click.echo(f"{click.style(q.name, bold=True)}  {q.title(lang)}")
        if q.tags:
            click.echo(f"    tags: {', '.join(q.tags)}")
        for p in q.params.values():
            detail = p.type
            if p.values:
                detail += " " + "|".join(p.values)
            if p.default is not None:
                detail += f", default {p.default}"
            desc = p.description.get(lang) or next(iter(p.description.values()), "")
            click.echo(f"    --param {p.name}=…  ({detail}){'  ' + desc if desc else ''}")
        click.echo(f"    e.g. {q.example}")
