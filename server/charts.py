"""A bar chart, as plain SVG, for a result with a label column and a number column.

>>> from server.graph import Term
>>> chart = bar_chart(["kind", "total"], [[Term("state"), Term("8 400 000", number=True, lexical="8400000")],
...                                       [Term("ars"), Term("4 300 000", number=True, lexical="4300000")]])
>>> (chart.label, chart.value, [bar.label for bar in chart.bars])
('kind', 'total', ['state', 'ars'])
>>> bar_chart(["a"], [[Term("x")]]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from markupsafe import Markup, escape

MAX_BARS = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    shown: str


@dataclass(frozen=True)
class Chart:
    label: str
    value: str
    bars: tuple[Bar, ...]

    def svg(self) -> Markup:
        """Horizontal bars, labels on the left, values at the end of each bar (no script, no inline style)."""
        row, top, label_width, width = 26, 8, 260, 720
        span = width - label_width - 110
        peak = max((abs(b.value) for b in self.bars), default=Decimal(0)) or Decimal(1)
        height = top * 2 + row * len(self.bars)
        parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                 f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(self.value)} by {escape(self.label)}">']
        for n, bar in enumerate(self.bars):
            y = top + n * row
            length = max(1.0, float(abs(bar.value) / peak) * span)
            label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
            parts.append(f'<g class="bar"><title>{escape(bar.label)}: {escape(bar.shown)}</title>'
                         f'<text class="bar-label" x="{label_width - 8}" y="{y + 17}" text-anchor="end">'
                         f'{escape(label)}</text>'
                         f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" rx="2"></rect>'
                         f'<text class="bar-value" x="{label_width + length + 6:.1f}" y="{y + 17}">'
                         f'{escape(bar.shown)}</text></g>')
        parts.append("</svg>")
        return Markup("".join(parts))


def _number(term: Any) -> Decimal | None:
    if not getattr(term, "number", False):
        return None
    try:
        return Decimal(term.lexical)
    except (InvalidOperation, TypeError):
        return None


def bar_chart(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Chart | None:
    """A chart when some column holds text labels and some column holds numbers, else ``None``.

    The label is the first text column whose values are all different (else all text columns
    joined); the value is the number column with the most different values (the first of those).
    """
    if not rows or len(rows) > MAX_BARS:
        return None
    filled = [[c for c in (row[i] for row in rows) if c is not None and c.value != ""] for i in range(len(columns))]
    numbers = [i for i, cells in enumerate(filled) if cells and all(_number(c) is not None for c in cells)]
    texts = [i for i, cells in enumerate(filled)
             if cells and i not in numbers and all(c.iri is None for c in cells)]
    if not numbers or not texts:
        return None
    unique = [i for i in texts if len({c.text for c in filled[i]}) == len(rows) == len(filled[i])]
    label_columns = unique[:1] or texts
    value = max(numbers, key=lambda i: (len({_number(c) for c in filled[i]}), -i))
    bars = []
    for row in rows:
        amount = _number(row[value]) if row[value] is not None else None
        if amount is None:
            continue
        label = " · ".join(row[i].text for i in label_columns if row[i] is not None and row[i].text)
        bars.append(Bar(label or "—", amount, row[value].value))
    if not bars:
        return None
    return Chart(" · ".join(columns[i] for i in label_columns), columns[value], tuple(bars))
