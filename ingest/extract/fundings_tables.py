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
from .vocabulary import alternation, words

_LEADERS = re.compile(r"(?:\.{4,}|…{2,}|_{4,}|-{4,})")
_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_PAYERS = ("state", "ars", "council")
# a rule drawn across a table as text (« -------+--------+---- », « ====|==== »)
_RULE_LINE = re.compile(r"\s*[-=]{3,}(?:[+|]?[-=]+)*[+|]?[-=]*\s*")
_MONEY_HEADER = re.compile(
    r"€|\beur(?:os?)?\b|\bk€|\bcredits?\b|\bmontants?\b|\bbudgets?\b|\bfinancements?\b|\bcouts?\b|"
    r"\bparticipations?\b|\bdotations?\b|\bsubventions?\b|\bbp\b"
)
_SCALES = ((re.compile(r"\bk€|\bkeur\b|milliers? d'euros"), Decimal(1000)),
           (re.compile(r"\bm€|\bmeur\b|millions? d'euros"), Decimal(1_000_000)))
_PER_YEAR = re.compile(r"\bpar an\b|\bannuel(?:le)?s?\b|\bchaque annee\b")
_BARE_FIGURE = re.compile(rf"\s*({FIGURE})(?:\s?(Md|M|k|K))?\s*")
# a row exported with « ; » between its cells: two of them at least, none followed by a space (prose puts one)
_CSV_ROW = re.compile(r"^[^;\n]*;(?! )[^;\n]*;(?! |$)|^[^;\n]*;(?! )[^;\n]*;\s*$")


def is_csv_row(line: str) -> bool:
    """Whether a line is a row of cells separated by « ; » (a table exported as text), not prose with semicolons."""
    return line.count(";") >= 2 and "; " not in line and bool(_CSV_ROW.match(line))


#: tabs at least in a line exported from a spreadsheet with tabs between its cells (« code_action⇥libelle_action⇥axe »)
TSV_TABS = 3


def is_tsv_row(line: str) -> bool:
    """Whether a line is a row of cells separated by tabs (a spreadsheet exported as text)."""
    return line.count("\t") >= TSV_TABS
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
    def separator(self) -> str | None:
        """How the line's cells are told apart: « | », « ; » (a spreadsheet exported as text), runs of spaces or a
        tab (columns aligned by a PDF or office converter), or None (no cells)."""
        if "|" in self.text:
            return "|"
        if is_csv_row(self.text):
            return ";"
        if is_tsv_row(self.text):
            return "\t"  # a spreadsheet exported with tabs: cells by rank, empty ones kept
        return "aligned" if _ALIGNED.search(self.text) else None

    @property
    def cells(self) -> list[tuple[int, int]]:
        """The cells of a « | », « ; » or tab-separated line, as offsets (the outer pipes of « | a | b | » open no
        cell), or the stretches of text between runs of spaces of an aligned line; none for another line."""
        separator = self.separator
        if separator == "aligned":
            return [(self.start + m.start(), self.start + m.end()) for m in _ALIGNED_CELL.finditer(self.text)]
        if separator is None:
            return []
        bounds = [-1, *(i for i, c in enumerate(self.text) if c == separator), len(self.text)]
        cells = [(self.start + a + 1, self.start + b) for a, b in pairwise(bounds)]
        if separator == "|" and not self.text[: bounds[1]].strip():
            cells = cells[1:]
        if separator == "|" and not self.text[bounds[-2] + 1 :].strip():
            cells = cells[:-1]
        return cells


_ALIGNED = re.compile(r"\S(?: {3,}|\t+)\S")
_ALIGNED_CELL = re.compile(r"[^\s](?:[^\t]*?[^\s])??(?=\t| {3,}|\s*$)")


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


def _pipe_header(text: str, row: _Line, names: re.Pattern[str] | None = None) -> tuple[_Line, _Line | None] | None:
    """The header of the table a row is in, and the caption above it (or None): the top line of the run of « | »
    (or « ; ») lines, or for columns aligned by spaces the nearest line above whose cells name a money column (or
    what ``names`` matches)."""
    if row.separator == "aligned":
        header = _aligned_header(text, row, names or _MONEY_HEADER)
        line = _above(text, header) if header is not None else None
    else:
        header, line = row, _above(text, row)
        for _ in range(TABLE_ROWS):
            if line is not None and _RULE_LINE.fullmatch(line.text):
                line = _above(text, line)  # « -----+----- » between rows: the run goes on
                continue
            if line is None or line.separator != row.separator:
                break
            header, line = line, _above(text, line)
    if header is None or header is row or _SEPARATOR.fullmatch(header.text):
        return None
    while line is not None and not line.text.strip() and line.start > 0:
        line = _above(text, line)
    return header, (line if line is not None and line.text.strip() else None)


def _aligned_header(text: str, row: _Line, names: re.Pattern[str]) -> _Line | None:
    """The header of a table whose columns are aligned by spaces: the nearest line above the row (blank lines, section
    lines and wrapped labels between) with two cells or more, one of them naming money, and no figure; none past a
    line of prose."""
    line = _above(text, row)
    for _ in range(TABLE_ROWS):
        if line is None or (len(line.text.split()) > _PROSE_WORDS and line.separator is None):
            return None
        cells = line.cells if line.separator == "aligned" else []
        if len(cells) >= 2 and not find_money(line.text) and not _FIGURE_CELL.search(line.text) and any(
            names.search(fold(text[a:b])) for a, b in cells
        ):
            return line
        line = _above(text, line)
    return None


#: words in a line beyond which it is prose, not a table's line
_PROSE_WORDS = 14
_FIGURE_CELL = re.compile(
    r"(?<![\w,.])\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?(?![\w,])|(?<![\w,.])(?!(?:19|20)\d\d(?!\d))\d{4,}(?![\w,])|"
    r"(?<![\w,.])\d+(?:,\d+)? ?(?:Md|M|k|K)(?!\w)"
)


def _column(row: _Line, header: _Line, position: int) -> tuple[int, int] | None:
    """The header cell above the row's cell that holds ``position``: the cell of the same rank, or for columns
    aligned by spaces the header cell that overlaps it most from ``position`` on."""
    cells, top = row.cells, header.cells
    index = next((i for i, (a, b) in enumerate(cells) if a <= position < b), None)
    if index is None or not top:
        return None
    if row.separator == "aligned":  # from ``position`` on: two cells a converter set two spaces apart read as one
        a, b = position - row.start, cells[index][1] - row.start
        overlaps = [(min(b, d - header.start) - max(a, c - header.start), (c, d)) for c, d in top]
        best = max(overlaps)
        return best[1] if best[0] > 0 else None
    if len(top) == len(cells) + 1 and _opens_blank(row) and not _opens_blank(header):
        return top[index + 1]  # « | Total | 141 500 » under « Fiche | Intitulé | État »: its first cell is blank
    if len(top) == len(cells):
        return top[index]
    return top[-1] if index == len(cells) - 1 else None


def _opens_blank(line: _Line) -> bool:
    """Whether a « | » line has nothing before its first pipe (an outer pipe, or a first cell left blank)."""
    return line.separator == "|" and not line.text.split("|", 1)[0].strip()


def names_a_row(text: str, start: int, end: int) -> bool:
    """Whether the organisation at ``text[start:end]`` is what its table cell says (« État », « ARS Normandie »): the
    payer of the row; not when the cell is a measure's label that names it (« Conseil départemental des jeunes
    confiés »). A line without cells is read as one cell."""
    row = _line(text, start)
    cell = next(((a, b) for a, b in row.cells if a <= start < b), (row.start, row.end))
    rest = fold(text[cell[0] : start] + " " + text[end : cell[1]])
    return len(re.findall(r"[^\W\d]{3,}", rest)) <= 2


def _payer_in(text: str, start: int, end: int) -> OrgMention | None:
    """The one payer a stretch of text names, or of several kinds the one a noun of money governs (« Crédits État
    2021 — contrat départemental d'Ille-et-Vilaine »: the State); none otherwise."""
    payers = [o for o in find_orgs(text[start:end], start) if o.kind in _PAYERS]
    if payers and len({o.kind for o in payers}) == 1:
        return payers[-1]
    if text[start:end].rstrip().endswith((".", ";", ":", "!", "?")):
        return None  # a sentence naming several (« financés par les participations de l'État et de l'ARS … »)
    owned = [o for o in payers if _OF_MONEY.search(fold(text[max(start, o.start - 30) : o.start]))]
    return owned[0] if len({o.kind for o in owned}) == 1 else None


# a noun of funding right before the organisation it belongs to (« Crédits de l'État », « Participation ARS »): the
# nouns whose complement names the payer (``vocab/fundings.yaml`` → ``funding_nouns``)
_OF_MONEY = re.compile(rf"\b{alternation(words('fundings', 'funding_nouns'))}\s*(?:de l'|du |de la |des |d'|de )?\s*$")


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


#: the funder kinds a row's financing cell may name alone (« État », « CD », « État / CD », « ARS (FIR) »)
_CELL_KINDS = {"etat": "state", "cd": "department", "departement": "department", "conseil departemental": "department",
               "ars": "ars", "fir": "ars", "ars (fir)": "ars", "caf": "other"}
_CELL_JOIN = re.compile(r"\s*(?:[/+,&]|\bet\b)\s*")


def row_payer_kinds(text: str, position: int) -> set[str]:
    """The funder kinds that a cell of the « | » row holding ``position`` names, when the cell names nothing else
    (« | Bilans de santé … | 140 k€ | État / CD | »): the row's payers; none when no cell does."""
    row = _line(text, position)
    if row.separator != "|":
        return set()
    for a, b in row.cells:
        parts = [part for part in _CELL_JOIN.split(fold(text[a:b]).strip()) if part]
        if not a <= position < b and parts and all(part in _CELL_KINDS for part in parts):
            return {_CELL_KINDS[part] for part in parts}
    return set()


def pipe_column_words(text: str, position: int) -> str:
    """The words that name the « | » table column holding ``position``: its header cell and the table's caption
    (« Tableau n° 7 : crédits délégués aux départements » over « Exercice | Départements | Crédits délégués »)."""
    row = _line(text, position)
    found = _pipe_header(text, row) if row.cells else None
    if found is None:
        return ""
    header, caption = found
    cell = _column(row, header, position)
    if cell is None:
        return ""
    return text[cell[0] : cell[1]] + " " + (caption.text if caption is not None else "")


def column_header(text: str, position: int, names: re.Pattern[str] | None = None) -> str:
    """The header cell of the table column (« | », « ; » or aligned by spaces) holding ``position``, or "" (for
    columns aligned by spaces, the header is a line with a cell naming money, or what ``names`` matches)."""
    row = _line(text, position)
    found = _pipe_header(text, row, names) if row.cells else None
    cell = _column(row, found[0], position) if found is not None else None
    return text[cell[0] : cell[1]] if cell is not None else ""


def line_after_table(text: str, position: int) -> str:
    """The first line of text under the table whose row holds ``position`` (« Les montants de ce tableau retracent
    l'exécution budgétaire … »), blank lines skipped; "" when ``position`` is in no row of cells or nothing follows."""
    row = _line(text, position)
    separator = row.separator
    if separator is None:
        return ""
    for _ in range(TABLE_ROWS * 4):
        if row.end >= len(text):
            return ""
        row = _line(text, row.end + 1)
        if row.text.strip() and row.separator != separator and not _SEPARATOR.fullmatch(row.text):
            return row.text
    return ""


def _ends_with_amount(line: _Line) -> bool:
    money = find_money(line.text)
    return (bool(money) and not line.text[money[-1].end :].strip(" .;")) or bool(_TRAILING_FIGURE.search(line.text))


#: a bare figure closing a line (not a year): the amount of a table row whose cells a converter flattened
_TRAILING_FIGURE = re.compile(
    r"(?<=\s)(?!(?:19|20)\d\d\s*$)(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d{4,}(?:,\d+)?)\s*$"
)


def _is_header(line: _Line) -> bool:
    """The line above a table's rows: one with dot leaders, a short one that is no sentence, or one a little longer
    that names a money column (« N° Intitulé de l'action Axe Crédits État 2020 (€) »)."""
    words = line.text.split()
    if _LEADERS.search(line.text):
        return True
    limit = _PROSE_WORDS if _MONEY_HEADER.search(fold(line.text)) else HEADER_WORDS
    return 0 < len(words) <= limit and not line.text.rstrip().endswith((".", ":", ";", "!", "?", ","))


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


def header_words(cell: str) -> str:
    """The folded words of a header cell, with the underscores of an exported column name as spaces
    (« credits_prevus_2022 » reads « credits prevus 2022 »)."""
    return fold(cell).replace("_", " ")


def _money_column(text: str, header: _Line, caption: _Line | None, cell: tuple[int, int]) -> Money | None:
    """What a bare figure of a column is worth when its header says the column is money, or the caption says so and
    no header cell names money (« Montants en euros » over « Chap. | Nature | BP 2022 »: the codes are no money): a
    ``Money`` template (scale in ``value``, per year), or None."""
    words = header_words(text[cell[0] : cell[1]])
    said = words if _MONEY_HEADER.search(words) else ""
    if not said and caption is not None and not any(_MONEY_HEADER.search(fold(text[a:b])) for a, b in header.cells):
        caption_words = fold(caption.text)
        said = caption_words if _IN_EUROS.search(caption_words) else ""
        if not said and _payer_in(text, *cell) is not None and _MONEY_HEADER.search(caption_words):
            said = caption_words  # « État » over figures, under « Postes et financements 2021 »: the State's money
    if not said:
        return None
    scale = next((value for pattern, value in _SCALES if pattern.search(said)), Decimal(1))
    return Money(0, 0, scale, False, False, bool(_PER_YEAR.search(words)), "money.table-cell")


_IN_EUROS = re.compile(r"\ben (?:euros?|€|k€|milliers d'euros)\b|\(\s*(?:en )?(?:€|k€|euros?)\s*\)")
#: a scale written in a money cell without its currency (« 1,1 M », « 450 k »)
_CELL_SCALES = {"k": Decimal(1000), "K": Decimal(1000), "M": Decimal(1_000_000), "Md": Decimal(1_000_000_000)}


def cell_amounts(text: str, start: int, end: int) -> list[Mention]:
    """Amounts written without a currency in the money columns of the table lines of ``text[start:end]``."""
    out: list[Mention] = []
    position = start
    while position < end:
        row = _line(text, position)
        out += _row_amounts(text, row, (max(start, row.start), min(end, row.end)), start)
        flat = flat_row_amount(text, max(start, row.start), min(end, row.end), start) if not row.cells else None
        out += [flat] if flat is not None else []
        position = row.end + 1
    return out


def _row_amounts(text: str, row: _Line, span: tuple[int, int], origin: int) -> list[Mention]:
    """The bare figures of the money columns of ``row`` inside ``span`` (``origin``: where the sentence starts)."""
    start, end = span
    if not row.cells or not _FIGURE_CELL.search(text, start, end):
        return []
    found = _pipe_header(text, row)
    if found is None:
        return []
    header, caption = found
    out = []
    for a, b in row.cells:
        figure = _BARE_FIGURE.fullmatch(text, a, b) if start <= a and b <= end and not find_money(text[a:b]) else None
        cell = _column(row, header, a) if figure else None
        money = _money_column(text, header, caption, cell) if cell else None
        number = parse_number(figure.group(1)) if figure else None
        if money is None or figure is None or number is None:
            continue
        value = number * money.value * _CELL_SCALES.get(figure.group(2) or "", Decimal(1))
        if value < 1000:
            continue
        value = Decimal(int(value)) if value == value.to_integral_value() else value
        s, e = figure.start(1), figure.end(2) if figure.group(2) else figure.end(1)
        found_money = Money(s - origin, e - origin, value, False, False, money.per_year, "money.table-cell")
        out.append(Mention("money", s, e, text[s:e], found_money, "money.table-cell"))
    return out


#: a header whose column of amounts follows a column of axes (« … Axe Crédits État 2020 (€) »): a flattened row
#: « Équipe mobile 2 280 000 » reads as axis 2 and 280 000
_AXIS_THEN_MONEY = re.compile(r"\baxes?\s+(?:credits?|montants?|budgets?|financements?|couts?|participations?)\b")
_AXIS_FIGURE = re.compile(r"([1-4])[ \u00a0\u202f]((?!0)\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?)")


def flat_row_amount(text: str, start: int, end: int, origin: int) -> Mention | None:
    """The amount closing a line of ``text[start:end]`` that a converter flattened from a financing table: a bare
    figure ending the line, under a run of such lines headed by a line that names a money column (« N° Intitulé
    Axe Crédits État 2020 (€) » over « 1 Équipe mobile … 2 280 000 » and « TOTAL 1 046 300 »)."""
    row = _line(text, start)
    found = _TRAILING_FIGURE.search(row.text)
    if found is None or row.separator is not None or not start <= row.start + found.start() < end:
        return None
    if find_money(found.group(1)):
        return None  # a figure of accounts (« 1 046 300,00 ») is money already
    line, rows = _above(text, row), 1
    for _ in range(TABLE_ROWS):
        if line is None or not _ends_with_amount(line):
            break
        line, rows = _above(text, line), rows + 1
    below = _line(text, row.end + 1) if row.end < len(text) else None
    if rows < 2 and not (below is not None and below.start > row.start and _ends_with_amount(below)):
        return None  # a table has rows: one line ending with a figure under a short line is prose
    if line is None or not _is_header(line) or find_money(line.text) or not _MONEY_HEADER.search(fold(line.text)):
        return None
    header = fold(line.text)
    s, e = row.start + found.start(1), row.start + found.end(1)
    total = re.match(r"\s*(?:sous-)?total\b", fold(row.text))
    axis = _AXIS_FIGURE.fullmatch(text, s, e) if _AXIS_THEN_MONEY.search(header) and not total else None
    if axis is not None:
        s = axis.start(2)
    number = parse_number(text[s:e])
    scale = next((value for pattern, value in _SCALES if pattern.search(header)), Decimal(1))
    if number is None or number * scale < 1000:
        return None
    value = number * scale
    value = Decimal(int(value)) if value == value.to_integral_value() else value
    money = Money(s - origin, e - origin, value, False, False, bool(_PER_YEAR.search(header)), "money.table-row")
    return Mention("money", s, e, text[s:e], money, "money.table-row")
