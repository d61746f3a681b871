"""Result tables a person reads in a terminal, drawn with rich to the terminal's width.

IRIs are written with the project's prefixes (``id:departement/77``) and, when still too long
for their column, cut in the middle (IRIs differ at their ends); numbers are right-aligned with
their thousands grouped by a narrow no-break space, never split across lines; text wraps inside
its column, with a rule between rows as soon as one does, so rows never run into each other.
Columns empty in every row are left out (and named below the table). When the columns cannot
fit side by side, each row is written as a record, one ``name  value`` line per column, the way
``psql``'s expanded display does.

>>> from rdflib import Literal, URIRef
>>> from enfance_kg.namespaces import XSD
>>> table = render_rows(["code", "name", "amount"],
...                     [[URIRef("https://w3id.org/enfance-kg/id/departement/77"), "Seine-et-Marne",
...                       Literal("8400000", datatype=XSD.integer)]], width=80)
>>> print(table.replace(THOUSANDS, "_"))
code                name                amount
──────────────────────────────────────────────
id:departement/77   Seine-et-Marne   8_400_000
(1 row)
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef

from enfance_kg.iris import DEFAULT_BASE
from enfance_kg.namespaces import PREFIXES, XSD

THOUSANDS = "\u202f"  # narrow no-break space: the SI grouping, read the same in French and in English
_NUMERIC = frozenset(str(XSD) + name for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong"))
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_GAP = 3  # rich's SIMPLE_HEAD box: one space of padding each side and one for the column rule
MIN_IRI, MIN_TEXT = 24, 16


@dataclass
class _Column:
    name: str
    cells: list[str]
    kind: str  # "number", "iri" or "text"

    @property
    def natural(self) -> int:
        return max([len(self.name), *(len(c) for c in self.cells)])

    @property
    def minimum(self) -> int:
        if self.kind == "number":
            return self.natural  # a number is never split
        floor = MIN_IRI if self.kind == "iri" else MIN_TEXT
        return max(len(self.name), min(self.natural, floor))  # nor is a column's name

    @property
    def empty(self) -> bool:
        return not any(self.cells)


def _prefixes(base: str) -> list[tuple[str, str]]:
    spaces = {**PREFIXES, "id": f"{base}id/", "graph": f"{base}graph/"}
    return sorted(((name, iri) for name, iri in spaces.items()), key=lambda item: -len(item[1]))


def compact_iri(iri: str, base: str = DEFAULT_BASE) -> str:
    """The IRI with the longest of the project's prefixes that fits (``id:departement/77``), else as it is."""
    for name, namespace in _prefixes(base):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def group_thousands(lexical: str) -> str:
    """``8400000.50`` → ``8 400 000.50`` (narrow spaces); anything that is not a plain number is left alone."""
    if not _NUMBER.fullmatch(lexical) or "e" in lexical.lower():
        return lexical
    sign = lexical[0] if lexical[0] in "+-" else ""
    whole, _, fraction = lexical.lstrip("+-").partition(".")
    grouped = f"{int(whole):,}".replace(",", THOUSANDS)
    return sign + grouped + (f".{fraction}" if fraction else "")


def _cell(value: object, base: str) -> tuple[str, str]:
    """The text of a cell and its kind."""
    if value is None:
        return "", "empty"
    if isinstance(value, URIRef):
        return compact_iri(str(value), base), "iri"
    if isinstance(value, Literal) and value.datatype is not None and str(value.datatype) in _NUMERIC:
        return group_thousands(str(value)), "number"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return group_thousands(str(value)), "number"
    return " ".join(str(value).split()), "text"


def _columns(names: Sequence[str], rows: Sequence[Sequence[object]], base: str,
             numeric: Collection[str]) -> list[_Column]:
    columns = []
    for index, name in enumerate(names):
        cells, kinds = [], set()
        for row in rows:
            text, kind = _cell(row[index], base)
            if kind == "text" and name in numeric and _NUMBER.fullmatch(text):
                text, kind = group_thousands(text), "number"
            cells.append(text)
            kinds.add(kind)
        kinds.discard("empty")
        kind = kinds.pop() if len(kinds) == 1 else "text"
        columns.append(_Column(name, cells, kind))
    return columns


def _widths(columns: list[_Column], available: int) -> list[int]:
    """Each column's width: its natural width when all fit, else shared out above each one's minimum."""
    natural = [c.natural for c in columns]
    if sum(natural) <= available:
        return natural
    minimum = [c.minimum for c in columns]
    low, high = 0, max(natural)
    while low < high:  # the largest level such that columns cut at that level still fit
        level = (low + high + 1) // 2
        if sum(min(n, max(m, level)) for n, m in zip(natural, minimum, strict=True)) <= available:
            low = level
        else:
            high = level - 1
    widths = [min(n, max(m, low)) for n, m in zip(natural, minimum, strict=True)]
    spare = available - sum(widths)
    for i in range(len(columns)):  # what is left goes to the columns still cut, left to right
        if spare <= 0:
            break
        extra = min(spare, natural[i] - widths[i]) if widths[i] == low else 0
        widths[i] += extra
        spare -= extra
    return widths


def cut_middle(text: str, width: int) -> str:
    """``text`` at most ``width`` characters long, cut in the middle: an IRI keeps its prefix and kind
    (``id:document/``) and as much as fits of its end, where IRIs differ.

    >>> cut_middle("id:document/000_67610ef93a0db9a1", 24)
    'id:document/…ef93a0db9a1'
    """
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head_end = max(text.rfind("/"), text.find(":")) + 1
    head = min(head_end, (width - 1) * 2 // 3) if head_end > 0 else (width - 1) // 3
    tail = width - 1 - head
    return text[:head] + "…" + (text[len(text) - tail:] if tail else "")


def render_rows(names: Sequence[str], rows: Sequence[Sequence[object]], *, width: int | None = None,
                base: str = DEFAULT_BASE, numeric: Collection[str] = (), count: bool = True) -> str:
    """The table as plain text at most ``width`` columns wide (default: the terminal's width)."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    every = _columns(names, rows, base, numeric)
    columns = [c for c in every if not c.empty] or every
    room = width - _GAP * (len(columns) - 1)
    if sum(c.minimum for c in columns) <= room:
        lines = _side_by_side(columns, _widths(columns, room), len(rows), width)
    else:
        lines = _records(columns, len(rows), width)
    if count:
        left_out = [c.name for c in every if c not in columns]
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
                     + (f"; empty in every row: {', '.join(left_out)})" if left_out else ")"))
    return "\n".join(lines)


def _print(renderable: object, width: int) -> list[str]:
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False,
            soft_wrap=False).print(renderable)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def _side_by_side(columns: list[_Column], widths: list[int], count: int, width: int) -> list[str]:
    from rich import box
    from rich.table import Column, Table

    wraps = any(c.kind == "text" and len(cell) > w for c, w in zip(columns, widths, strict=True) for cell in c.cells)
    table = Table(
        *(Column(c.name, width=w, justify="right" if c.kind == "number" else "left",
                 no_wrap=c.kind != "text", overflow="fold") for c, w in zip(columns, widths, strict=True)),
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), show_lines=wraps,
    )
    for index in range(count):
        table.add_row(*(cut_middle(c.cells[index], w) if c.kind == "iri" else c.cells[index]
                        for c, w in zip(columns, widths, strict=True)))
    return _print(table, max(width, sum(widths) + _GAP * (len(widths) - 1)))


def _records(columns: list[_Column], count: int, width: int) -> list[str]:
    """One block per row, one ``name  value`` line per column: for results too wide to sit side by side."""
    from rich.table import Column, Table

    names = max(len(c.name) for c in columns)
    room = max(8, width - names - 2)
    lines: list[str] = []
    for index in range(count):
        lines.append(f"─[ {index + 1} ]".ljust(width, "─"))
        grid = Table.grid(Column(width=names, no_wrap=True), Column(width=room, overflow="fold"), padding=(0, 2, 0, 0))
        for c in columns:
            grid.add_row(c.name, cut_middle(c.cells[index], room) if c.kind == "iri" else c.cells[index])
        lines.extend(_print(grid, names + 2 + room))
    return lines
