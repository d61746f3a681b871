"""Financing tables: rows of amounts under a header that says whose money each column is.

A table is a run of lines. Either its cells are separated by « | » (a Markdown table, or a table
copied as text: « Action | Axe | Crédits de l'État 2022 »), and its header is the top line of the
run; or each row ends with its amount, with or without dot leaders (« 2. Visites à domicile ……… 92 400 € »),
and its header is the short line above its first row (« Engagement Crédits État »). A row's amount is
paid by the organisation its column's header names, or the table's caption when the header names
none (« ANNEXE 1 – CRÉDITS ANNUELS DE L'ÉTAT (en euros) »). In a column whose header or caption says
that its figures are money (« Montant (€) », « Crédits de l'État », « (en euros) »), a bare figure is an
amount (``money.table-cell``).

>>> text = "Action | Crédits de l'État (en euros)\\nPMI | 149 000\\nTOTAL | 556 300"
>>> [(m.text, m.value.value) for m in cell_amounts(text, 38, 51)]
[('149 000', Decimal('149000'))]
>>> pipe_column_payer(text, 60).name
'État'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ingest.model import Mention

from .money import FIGURE, Money, find_money, parse_number
from .orgs import OrgMention, find_orgs
from .text import fold

_LEADERS = re.compile(r"(?:\.{4,}|…{2,}|_{4,}|-{4,})")
_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_PAYERS = ("state", "ars", "council")
_MONEY_HEADER = re.compile(
    r"€|\beur(?:os?)?\b|\bk€|\bcredits?\b|\bmontants?\b|\bbudgets?\b|\bfinancements?\b|\bcouts?\b|"
    r"\bparticipations?\b|\bdotations?\b|\bsubventions?\b"
)
_SCALES = ((re.compile(r"\bk€|\bkeur\b|milliers? d'euros"), Decimal(1000)),
           (re.compile(r"\bm€|\bmeur\b|millions? d'euros"), Decimal(1_000_000)))
_PER_YEAR = re.compile(r"\bpar an\b|\bannuel(?:le)?s?\b|\bchaque annee\b")
_BARE_FIGURE = re.compile(rf"\s*({FIGURE})(?:[ \u00a0]?(?P<scale>[Mk]))?\s*")  # « 1,1 M », « 450 k » as typed
# a row exported with « ; » between its cells: two of them at least, none followed by a space (prose puts one)
_CSV_ROW = re.compile(r"^[^;\n]*;(?! )[^;\n]*;(?! |$)|^[^;\n]*;(?! )[^;\n]*;\s*$")


def is_csv_row(line: str) -> bool:
    """Whether a line is a row of cells separated by « ; » (a table exported as text), not prose with semicolons."""
    return line.count(";") >= 2 and "; " not in line and bool(_CSV_ROW.match(line))


#: lines above a row where the header of its table may be
TABLE_ROWS = 30
#: words at most in the header of a table without « | »
HEADER_WORDS = 8


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def cells(self) -> list[tuple[int, int]]:
        """The cells of a « | » line or of a line exported with « ; » (« action;axe;budget;état »), as offsets; none
        for another line. The outer pipes of « | a | b | » open no cell."""
        separator = "|" if "|" in self.text else ";" if is_csv_row(self.text) else ""
        if not separator:
            return []
        bounds = [-1, *(i for i, c in enumerate(self.text) if c == separator), len(self.text)]
        cells = [(self.start + a + 1, self.start + b) for a, b in pairwise(bounds)]
        if not self.text[: bounds[1]].strip():
            cells = cells[1:]
        if not self.text[bounds[-2] + 1 :].strip():
            cells = cells[:-1]
        return cells


#: characters on either side of a position within which its line's ends are looked for: a table row is shorter,
#: and a page stored on one line costs the same per amount as any other
ROW_REACH = 2000


def _line(text: str, position: int) -> _Line:
    floor = max(0, position - ROW_REACH)
    found = text.rfind("\n", floor, position)
    start = found + 1 if found >= 0 else floor
    end = text.find("\n", position, position + ROW_REACH)
    end = min(len(text), position + ROW_REACH) if end < 0 else end
    return _Line(start, end, text[start:end])


def _above(text: str, line: _Line) -> _Line | None:
    return _line(text, line.start - 1) if line.start > 0 else None


def _pipe_header(text: str, row: _Line) -> tuple[_Line, _Line | None] | None:
    """The header of the « | » table a row is in (its top line), and the caption above it (or None)."""
    header, line = row, _above(text, row)
    for _ in range(TABLE_ROWS):
        if line is None or not line.cells:
            break
        header, line = line, _above(text, line)
    if header is row or _SEPARATOR.fullmatch(header.text):
        return None
    while line is not None and not line.text.strip() and line.start > 0:
        line = _above(text, line)
    return header, (line if line is not None and line.text.strip() else None)


def _column(row: _Line, header: _Line, position: int) -> tuple[int, int] | None:
    """The header cell above the row's cell that holds ``position``."""
    cells, top = row.cells, header.cells
    index = next((i for i, (a, b) in enumerate(cells) if a <= position < b), None)
    if index is None or not top:
        return None
    if len(top) == len(cells):
        return top[index]
    return top[-1] if index == len(cells) - 1 else None


def _payer_in(text: str, start: int, end: int) -> OrgMention | None:
    """The one payer a stretch of text names (several kinds: none)."""
    payers = [o for o in find_orgs(text[start:end], start) if o.kind in _PAYERS]
    return payers[-1] if payers and len({o.kind for o in payers}) == 1 else None


def pipe_column_payer(text: str, position: int) -> OrgMention | None:
    """The payer of the « | » table column that holds ``position``: named by its header cell, or by the caption
    when the header names no payer."""
    row = _line(text, position)
    found = _pipe_header(text, row) if row.cells else None
    if found is None:
        return None
    header, caption = found
    cell = _column(row, header, position)
    if cell is None:
        return None
    payer = _payer_in(text, *cell)
    if payer is None and caption is not None and _payer_in(text, header.start, header.end) is None:
        payer = _payer_in(text, caption.start, caption.end)
    return payer


def _ends_with_amount(line: _Line) -> bool:
    money = find_money(line.text)
    return bool(money) and not line.text[money[-1].end :].strip(" .;")


def _is_header(line: _Line) -> bool:
    """The line above a table's rows: one with dot leaders, or a short one that is no sentence."""
    words = line.text.split()
    if _LEADERS.search(line.text):
        return True
    return 0 < len(words) <= HEADER_WORDS and not line.text.rstrip().endswith((".", ":", ";", "!", "?", ","))


def row_column_payer(text: str, position: int, row_end: int) -> OrgMention | None:
    """The payer the header names for a table whose rows end with their amount (``row_end`` is where the amount
    ends): the header is the first line above the run of such rows."""
    row = _line(text, position)
    if text[row_end : row.end].strip(" .;"):
        return None  # a table row ends with its amount
    line = _above(text, row)
    for _ in range(TABLE_ROWS):
        if line is None:
            return None
        if not _ends_with_amount(line):
            return _payer_in(text, line.start, line.end) if _is_header(line) and not find_money(line.text) else None
        line = _above(text, line)
    return None


def _money_column(text: str, header: _Line, caption: _Line | None, cell: tuple[int, int]) -> Money | None:
    """What a bare figure of a column is worth when its header or the caption says the column is money: a
    ``Money`` template (scale in ``value``, per year), or None."""
    words = fold(text[cell[0] : cell[1]])
    said = words if _MONEY_HEADER.search(words) else ""
    if not said and caption is not None:
        caption_words = fold(caption.text)
        said = caption_words if re.search(r"\ben (?:euros?|€|k€|milliers d'euros)\b|\(\s*(?:en )?(?:€|k€|euros?)\s*\)",
                                          caption_words) else ""
    if not said:
        return None
    scale = next((value for pattern, value in _SCALES if pattern.search(said)), Decimal(1))
    return Money(0, 0, scale, False, False, bool(_PER_YEAR.search(words)), "money.table-cell")


_LETTER_SCALE = {"M": Decimal(1_000_000), "k": Decimal(1000)}


def cell_amounts(text: str, start: int, end: int) -> list[Mention]:
    """Amounts written without a currency in the money columns of the « | » table line ``text[start:end]``."""
    row = _line(text, start)
    if not row.cells:
        return []
    found = _pipe_header(text, row)
    if found is None:
        return []
    header, caption = found
    out = []
    for a, b in row.cells:
        figure = _BARE_FIGURE.fullmatch(text, a, b)
        cell = _column(row, header, a) if figure else None
        money = _money_column(text, header, caption, cell) if cell else None
        number = parse_number(figure.group(1)) if figure else None
        if money is None or figure is None or number is None:
            continue
        value = number * money.value * _LETTER_SCALE.get(figure.group("scale") or "", Decimal(1))
        if value < 1000:
            continue
        value = Decimal(int(value)) if value == value.to_integral_value() else value
        s, e = figure.start(1), figure.end("scale") if figure.group("scale") else figure.end(1)
        found_money = Money(s - start, e - start, value, False, False, money.per_year, "money.table-cell")
        out.append(Mention("money", s, e, text[s:e], found_money, "money.table-cell"))
    return out
