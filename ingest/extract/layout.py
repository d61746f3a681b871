"""The shape of a document: headings, list items and their lead-in, table rows, paragraphs.

Measures are told by where they stand as much as by their words: the items of a list take
their meaning from the line that introduces them (« Les actions retenues portent sur : »
or « l'ODPE formule cinq recommandations : »), a heading announces what its section says,
and a table row of figures is an indicator. Each line that holds sentences the extractor
keeps becomes a :class:`Block`; blocks know their lead-in and their section's heading.

A line is
- a **row** when it holds two ``|`` or more (a Markdown or text table, a summary bar);
- an **item** when it starts with a bullet, a dash, ``1.``/``a)``, or ends with « ; »;
- a **heading** when it is a Markdown heading, a line in bold alone, or a short line (at
  most ``HEADING_WORDS`` words) without closing punctuation that something follows;
- **prose** otherwise.

A line broken inside a sentence (a page converted from PDF, a paragraph cut inside a word) is
not a line of its own: it continues the block before it (see :func:`continues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .context import Context
from .fundings_tables import is_tsv_row
from .text import STOPWORDS, fold

BlockKind = Literal["heading", "item", "row", "menu", "field", "prose"]
HEADING_WORDS = 14
# (the check marks and arrows of social networks and newsletters, « ✅ 30 places supplémentaires … », are bullets too)
_BULLET = re.compile(r"[ \t]*(?:[-–—•·▪►◦‣→✅✔☑✓➔➜▶▸👉🔹🔸]|\*(?=\s)|\d{1,2}[.)](?=\s)|[a-z][)](?=\s))")
_MARKDOWN_HEADING = re.compile(r"[ \t]*(#{1,6})\s")
_BOLD_LINE = re.compile(r"[ \t]*\*\*[^*]+\*\*[ \t]*$")
_CLOSING = re.compile(r"[.;,:!…]\W*$")
_TABLE_RULE = re.compile(r"[\s|:-]*$")
_NUMBERED = re.compile(r"[ \t]*\d{1,2}[.)]\s")
_SEPARATOR = re.compile(r"[\s=_*-]*$")  # a blank line or a rule (« ------ »)
#: the level of a numbered section heading (« 2. ÉTAT D'AVANCEMENT DES FICHES-ACTIONS »): above bold lines and
#: short lines, below Markdown headings
NUMBERED_LEVEL = 7
#: the shortest line that may be a line of prose broken inside a sentence (shorter ones are headings, menu
#: items, cells)
BROKEN_LINE = 40
_OPEN_END = re.compile(r"[^.!?…:;|]$")  # a line that does not close its sentence
_FUNCTION_END = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r"|\w+')$")
_LOWER_START = re.compile(r"[^\W\d_A-ZÀ-ÖØ-Þ]")
_LINK = re.compile(r"\S*(?:@|www\.|https?:)")
# « Capacité : 24 places », « Durée d'accueil : 21 jours »: a label of one or two words, a colon, a value
_FIELD = re.compile(r"[^\W\d][\w'’-]*(?:[ \u00a0](?!(?:de|du|des|la|le|les|et)\b)[\w'’-]+)?[ \u00a0]*:[ \u00a0]+\S")


@dataclass
class Block:
    kind: BlockKind
    start: int  # the line's bounds in the document text
    end: int
    indexes: list[int]  # the kept sentences on the line, in order
    indent: int = 0
    level: int = 9  # heading level (1 for « # », 9 for a heading that is not Markdown)
    lead: int | None = None  # the block that introduces a list item (a line ending with « : », or a heading)
    section: int | None = None  # the heading block the block comes under
    title: bool = False  # the document's first heading
    leads_list: bool = False  # the line introduces the list items that follow it
    detail_of: int | None = None  # a sub-item that details the item above it (« – capacité : + 15 places »)


@dataclass
class Layout:
    blocks: list[Block] = field(default_factory=list)
    of_sentence: dict[int, int] = field(default_factory=dict)  # kept sentence index → block index
    continued: set[int] = field(default_factory=set)  # sentences that continue the one before on a broken line

    def block_of(self, index: int) -> Block:
        return self.blocks[self.of_sentence[index]]

    def text(self, ctx: Context, block: int | None) -> str:
        return "" if block is None else ctx.text[self.blocks[block].start : self.blocks[block].end]

    def announces(self, heading: int) -> bool:
        """Whether a heading is followed by something other than another heading (a run of short lines, such
        as the cells of a table turned into text or a list of links, announces nothing)."""
        following = self.section_blocks(heading)
        return bool(following) and (self.blocks[heading].title or self.blocks[following[0]].kind != "heading")

    def section_blocks(self, heading: int) -> list[int]:
        """The blocks a heading announces: up to the next heading of the same rank or higher (all the
        document for its title)."""
        head = self.blocks[heading]
        out = []
        for i in range(heading + 1, len(self.blocks)):
            other = self.blocks[i]
            if other.kind == "heading" and not head.title and other.level <= head.level:
                break
            out.append(i)
        return out


# a line of a table exported as text with semicolons (« Accueil d'urgence - 12 places;2;1,1 M;réalisé »): two
# separators or more, none followed by a space (a list written with « ; » has spaces after them)
_CSV_ROW = re.compile(r"(?=(?:[^;]*;){2})(?![^\n]*;[ \t]+\S)[^;\s][^\n]*")


def is_csv_row(line: str) -> bool:
    return bool(_CSV_ROW.fullmatch(line.strip()))


#: cells at least in a line whose columns a converter aligned with spaces (« Accueil de jour   80 000   40 000 »)
ALIGNED_CELLS = 3
_GAP = re.compile(r"(?<=\S)(?: {3,}|\t+)(?=\S)")


def is_aligned_row(line: str) -> bool:
    """A line of cells a PDF converter aligned with runs of spaces: three cells or more."""
    return len(_GAP.findall(line.strip())) >= ALIGNED_CELLS - 1


def cells(line: str) -> list[str]:
    """The cells of a table row: between « | », the semicolons or tabs of an exported table, or runs of spaces."""
    line = line.strip()
    if is_csv_row(line):
        return [c.strip() for c in line.split(";")]
    if "|" not in line and (is_tsv_row(line) or is_aligned_row(line)):
        return [c.strip() for c in (line.split("\t") if is_tsv_row(line) else _GAP.split(line))]
    return [c.strip() for c in line.strip("|").split("|")]


def _kind(line: str, last: bool) -> tuple[BlockKind, int]:
    """The kind of a line and, for a heading, its level."""
    if line.count("|") >= 2 or is_csv_row(line) or is_tsv_row(line):
        return "row", 9
    if markdown := _MARKDOWN_HEADING.match(line):
        return "heading", len(markdown.group(1))
    if _BULLET.match(line) or line.rstrip().endswith(";"):
        return "item", 9
    if _BOLD_LINE.match(line):
        return "heading", 8
    stripped = line.strip()
    if _is_menu(stripped):
        return "menu", 9
    if _FIELD.match(stripped) and not stripped.isupper():
        return "field", 9
    if not last and len(stripped.split()) <= HEADING_WORDS and not _CLOSING.search(stripped):
        return "heading", 9
    return "prose", 9


def _is_menu(line: str) -> bool:
    """Three words or more, each capitalised, no sentence punctuation: a menu bar (« Infos Sport Culture Jeux »)."""
    found = re.findall(r"[^\W\d_][\w'’-]*", line)
    capitals = sum(1 for w in found if w[0].isupper())
    lower_function = any(w.lower() in STOPWORDS and w[0].islower() for w in found)
    return len(found) >= 3 and capitals >= 0.75 * len(found) and not lower_function and not _upper_case(line) \
        and not _CLOSING.search(line)


UPPER_SHARE = 0.75  # words in capitals that make a line a heading (« ANNEXE 2 – INDICATEURS DE SUIVI (extrait) »)


def _upper_case(line: str) -> bool:
    found = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 1]
    return bool(found) and sum(w.isupper() for w in found) >= UPPER_SHARE * len(found)


def continues(ctx: Context, index: int) -> bool:
    """Whether sentence ``index`` opens a line that carries on the sentence before it: that one ends a long
    line of prose without closing it, at most one blank line comes between, and this line starts with a
    lower-case word or follows a function word (« … la réalisation par la PMI d'un bilan de » ⏎ « santé pour
    tous … », a paragraph cut inside a word: « aux enfant » ⏎ « s de rester … »)."""
    if index == 0:
        return False
    before, sentence = ctx.sentences[index - 1], ctx.sentences[index]
    start, end = ctx.line_bounds(index - 1)
    line = ctx.text[start:end].strip()
    gap = ctx.text[before.end : sentence.start]
    if ctx.text[before.end : end].strip() or gap.strip() or gap.count("\n") not in (1, 2) or len(line) < BROKEN_LINE:
        return False
    if not _OPEN_END.search(line) or "   " in line or _LINK.match(sentence.text):
        return False
    row = ctx.source.text[slice(*ctx.line_bounds(index))]
    if is_csv_row(row) or is_tsv_row(row) or is_aligned_row(row):
        return False  # the first row of a table exported as text starts its own line
    return bool(_LOWER_START.match(sentence.text) or _FUNCTION_END.search(fold(line)))


def _blocks(ctx: Context) -> Layout:
    layout = Layout()
    count = len(ctx.sentences)
    for index in range(count):
        start, end = ctx.line_bounds(index)
        if layout.blocks and layout.blocks[-1].start == start:
            layout.blocks[-1].indexes.append(index)
        elif layout.blocks and layout.blocks[-1].indexes[-1] == index - 1 and continues(ctx, index):
            _carry_on(ctx, layout.blocks[-1], index, end)
            layout.continued.add(index)
        else:
            line = ctx.text[start:end]
            if line.count("|") >= 2 and _TABLE_RULE.match(line):
                continue
            kind, level = _kind(line, last=end >= len(ctx.text.rstrip()))
            stored = ctx.source.text[start:end]
            if kind != "row" and "\n" not in stored and is_aligned_row(stored):
                kind, level = "row", 9  # (on the stored line: the view of a line broken inside a word pads it)
            if kind == "row" and "|" not in line and _wrapped_label(ctx, layout, start):
                _carry_row(layout.blocks[-1], index, end)
                layout.of_sentence[index] = len(layout.blocks) - 1
                continue
            if kind == "item" and _numbered_heading(ctx.text, start, end):
                kind, level = "heading", NUMBERED_LEVEL
            indent = len(line) - len(line.lstrip())
            layout.blocks.append(Block(kind, start, end, [index], indent, level))
        layout.of_sentence[index] = len(layout.blocks) - 1
    return layout


def _wrapped_label(ctx: Context, layout: Layout, start: int) -> bool:
    """Whether the line before a row of cells aligned by spaces is the start of its first cell, which a converter
    wrapped (« Bilans de santé en école mater- » ⏎ « nelle (enfants de 3 et 4 ans)      120 000      60 000 »): a
    line of one cell right above it, under a row of the same table (its header or the row before)."""
    if len(layout.blocks) < 2:
        return False
    label, above = layout.blocks[-1], layout.blocks[-2]
    one_line = "\n" not in ctx.text[label.start : label.end] and len(label.indexes) == 1
    return (label.kind in ("heading", "prose") and one_line and above.kind == "row"
            and not _GAP.search(ctx.text[label.start : label.end].strip())
            and not ctx.text[label.end : start].strip() and ctx.text[label.end : start].count("\n") == 1
            and not ctx.text[above.end : label.start].strip() and ctx.text[above.end : label.start].count("\n") == 1)


def _carry_row(block: Block, index: int, end: int) -> None:
    """The wrapped start of a row's first cell joins the row."""
    block.kind, block.level, block.end = "row", 9, end
    block.indexes.append(index)


def _numbered_heading(text: str, start: int, end: int) -> bool:
    """A numbered line that stands alone is a section's heading, not an item (« 2. ÉTAT D'AVANCEMENT » after a
    rule, « 3. Programme de travail 2022 » after a blank line): short, no closing punctuation nor question, a
    blank line or a rule above it, and no numbered line right below it (then it opens a numbered list)."""
    line = text[start:end].strip()
    if not _NUMBERED.match(line) or len(line.split()) > HEADING_WORDS or _CLOSING.search(line) or line.endswith("?"):
        return False
    above = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : start]
    below_end = text.find("\n", end + 1)
    below = text[end + 1 : below_end if below_end >= 0 else len(text)]
    return (start == 0 or bool(_SEPARATOR.match(above))) and not _NUMBERED.match(below)


def _carry_on(ctx: Context, block: Block, index: int, end: int) -> None:
    """A broken line joins the block it continues, whose kind is then the kind of the whole."""
    block.indexes.append(index)
    block.end = end
    if block.kind in ("heading", "prose", "menu", "field"):
        whole = " ".join(ctx.text[block.start : end].split())
        block.kind, block.level = _kind(whole, last=end >= len(ctx.text.rstrip()))


def _indented_details(ctx: Context, layout: Layout) -> None:
    """Lines indented under a list item or a numbered heading, with no blank line between, detail it: they are
    items of their own under it, not prose (« 3. CCAS de Pontivy » over « ␣␣␣Lieu d'accueil enfants-parents
    itinérant, dans un camion aménagé. » and « ␣␣␣Subvention : 22 000 € »)."""
    for i, block in enumerate(layout.blocks[1:], start=1):
        if block.kind not in ("prose", "field", "heading") or block.indent == 0 or block.level < 9:
            continue
        above = layout.blocks[i - 1]
        numbered = above.kind == "heading" and above.level == NUMBERED_LEVEL
        if (above.kind == "item" or numbered) and above.indent < block.indent \
                and "\n\n" not in ctx.text[above.end : block.start]:
            block.kind = "item"


def _link(ctx: Context, layout: Layout) -> None:
    """Each block's section heading, each item's lead-in; the first heading is the title."""
    _indented_details(ctx, layout)
    heading: int | None = None
    for i, block in enumerate(layout.blocks):
        if block.kind == "heading":
            block.title = heading is None and i <= 3
            block.section = heading if heading is not None and layout.blocks[heading].title else None
            heading = i
            continue
        block.section = heading
        if block.kind == "item":
            block.lead = _lead(ctx, layout, i)
            if block.lead is not None:
                layout.blocks[block.lead].leads_list = True
            block.detail_of = _parent_item(ctx, layout, i)


def _lead(ctx: Context, layout: Layout, i: int) -> int | None:
    """The line that introduces item ``i``: the nearest line before it that is not an item of the same list
    (an item less indented, a heading, a line of prose), when it ends with « : » or is a heading."""
    item = layout.blocks[i]
    for j in range(i - 1, -1, -1):
        other = layout.blocks[j]
        if other.kind == "item" and other.indent >= item.indent:
            continue
        if other.kind == "heading" or ctx.text[other.start : other.end].rstrip().endswith(":"):
            return j
        return None
    return None


def _parent_item(ctx: Context, layout: Layout, i: int) -> int | None:
    """The item a more indented item details: the nearest item above it with less indent, when that item does
    not end with « : » (then it introduces a list of measures)."""
    item = layout.blocks[i]
    for j in range(i - 1, -1, -1):
        other = layout.blocks[j]
        if other.kind != "item":
            return None
        if other.indent < item.indent:
            return None if ctx.text[other.start : other.end].rstrip().endswith(":") else j
    return None


def layout_of(ctx: Context) -> Layout:
    """The document's layout, read once: the actions and the fundings both read it."""
    if ctx.layout is None:
        ctx.layout = read_layout(ctx)
    return ctx.layout


def read_layout(ctx: Context) -> Layout:
    """The blocks of a document's kept sentences, with their lead-ins and sections."""
    layout = _blocks(ctx)
    _link(ctx, layout)
    return layout
