"""Indicators: "86 % des 3/4 ans en 2018", "une moyenne nationale de 70 %", "6 400 enfants confiés"."""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.model import Evidence, Mention, Observation

from .context import Context
from .text import fold, strip_span

_YEAR = re.compile(r"\b(?:en|au|fin|depuis|pour)\s+(20[0-3]\d|19[89]\d)\b")
# "national" about the figure, not an institution's name ("l'Éducation nationale", "la Stratégie nationale")
_NATIONAL = re.compile(
    r"(?<!education )(?<!strategie )(?<!assemblee )\b(?:national|nationale)\b|"
    r"\b(?:en france|france entiere|moyenne nationale|au niveau national)\b"
)


def _figures(ctx: Context, index: int) -> list[tuple[Decimal, str, Mention]]:
    """(value, unit, mention) for the percentages and counts of a sentence that are not money."""
    mentions = ctx.mentions[index]
    money = [m for m in mentions if m.kind == "money"]
    out: list[tuple[Decimal, str, Mention]] = []
    for m in mentions:
        if m.kind == "percent":
            out.append((m.value, "percent", m))  # type: ignore[arg-type]
        elif m.kind == "count" and not any(x.start <= m.start < x.end for x in money):
            pair: tuple[Decimal, str] = m.value  # type: ignore[assignment]
            value, what = pair
            children = fold(what).startswith(("enfant", "jeune", "mineur", "bebe"))
            out.append((value, "children" if children else "other", m))
    return out


def extract_observations(ctx: Context) -> list[Observation]:
    out: list[Observation] = []
    seen: set[tuple[str, Decimal]] = set()
    for index, sentence in enumerate(ctx.sentences):
        folded = fold(sentence.text)
        year_match = _YEAR.search(folded)
        year = int(year_match.group(1)) if year_match else None
        for value, unit, mention in _figures(ctx, index):
            if (unit, value) in seen:
                continue
            seen.add((unit, value))
            start, end = mention.start - sentence.start, mention.end - sentence.start
            tail = sentence.text[end : end + 60] if unit == "percent" else sentence.text[start : end + 60]
            near = folded[max(0, start - 40) : end + 20]
            area = "FR" if _NATIONAL.search(near) else (ctx.places[index][0].code if ctx.places[index] else ctx.focus)
            label = " ".join(tail.split(",")[0].split(".")[0].split()) or mention.text
            ev_start, ev_end = strip_span(ctx.text, sentence.start, sentence.end)
            evidence = Evidence(ev_start, ev_end, f"observation.{'percent' if unit == 'percent' else 'count'}",
                                (mention.id,))
            out.append(Observation(label[:120], value, unit, year, area, evidence))  # type: ignore[arg-type]
    return out
