"""Indicators: "86 % des 3/4 ans en 2018", "une moyenne nationale de 70 %", "6 400 enfants confiés"."""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.model import Evidence, Observation

from .context import Context
from .numbers import find_counts, find_money, find_percentages
from .text import fold, strip_span

_YEAR = re.compile(r"\b(?:en|au|fin|depuis|pour)\s+(20[0-3]\d|19[89]\d)\b")
# "national" about the figure, not an institution's name ("l'Éducation nationale", "la Stratégie nationale")
_NATIONAL = re.compile(
    r"(?<!education )(?<!strategie )(?<!assemblee )\b(?:national|nationale)\b|"
    r"\b(?:en france|france entiere|moyenne nationale|au niveau national)\b"
)


def extract_observations(ctx: Context) -> list[Observation]:
    out: list[Observation] = []
    seen: set[tuple[str, Decimal]] = set()
    for index, sentence in enumerate(ctx.sentences):
        text = sentence.text
        folded = fold(text)
        money = find_money(text)
        year_match = _YEAR.search(folded)
        year = int(year_match.group(1)) if year_match else None
        figures: list[tuple[Decimal, str, int, int, str]] = []
        for value, start, end in find_percentages(text):
            figures.append((value, "percent", start, end, text[end : end + 60]))
        for value, what, start, end in find_counts(text):
            if any(m.start <= start < m.end for m in money):
                continue
            figures.append(
                (
                    value,
                    "children" if fold(what).startswith(("enfant", "jeune", "mineur", "bebe")) else "other",
                    start,
                    end,
                    text[start : end + 60],
                )
            )
        for value, unit, start, end, tail in figures:
            near = folded[max(0, start - 40) : end + 20]
            area = "FR" if _NATIONAL.search(near) else (ctx.places[index][0].code if ctx.places[index] else ctx.focus)
            label = " ".join(tail.split(",")[0].split(".")[0].split()) or text[start:end]
            key = (unit, value)
            if key in seen:
                continue
            seen.add(key)
            ev_start, ev_end = strip_span(ctx.text, sentence.start, sentence.end)
            out.append(Observation(label[:120], value, unit, year, area, Evidence(ev_start, ev_end)))  # type: ignore[arg-type]
    return out
