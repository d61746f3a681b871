"""Mentions, found once per sentence: money, ages, capacities, counts, percentages, places, organisations,
dates and people.

Each is a :class:`ingest.model.Mention` with offsets into the document text, its parsed
value and the id of the pattern that found it; the fact rules read these instead of
searching the text again. Dates are added once the document's date is known (a missing
year is resolved from it, see ``dates.py``): ``date.full`` (a year is written), ``date.no-year``,
``date.relative`` (« hier », « ce mardi »). People are added from ``people.py``'s names.

>>> [(m.kind, m.text, m.pattern) for m in sentence_mentions("L'État versera 2 M€ par an à 3 crèches.", 0)]
[('org', 'État', 'org.state'), ('money', '2 M€ par an', 'money.figure-glued')]
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.model import Mention

from .dates import find_dates, find_relative_dates
from .numbers import find_ages, find_capacities, find_counts, find_money, find_percentages
from .orgs import OrgMention, find_orgs
from .places import PlaceMention, find_departements

# an amount given by reference to the one before it in the sentence: « l'État a accordé 1 400 000 € et le Département
# a mis la même somme » (« une somme équivalente » states no figure)
_SAME_AMOUNT = re.compile(r"\b(?:la même somme|le même montant)\b", re.IGNORECASE)


def _money(text: str, offset: int) -> list[Mention]:
    found = find_money(text)
    for same in _SAME_AMOUNT.finditer(text):
        earlier = [m for m in found if m.end <= same.start()]
        if earlier and earlier[-1].pattern != "money.same-amount":
            found.append(replace(earlier[-1], start=same.start(), end=same.end(), pattern="money.same-amount"))
    return [Mention("money", offset + m.start, offset + m.end, text[m.start : m.end], m, m.pattern) for m in found]


def _figures(text: str, offset: int) -> list[Mention]:
    out = _money(text, offset)
    for low, high, start, end in find_ages(text):
        out.append(Mention("age", offset + start, offset + end, text[start:end], (low, high), "age.range"))
    for places, label, start, end in find_capacities(text):
        out.append(Mention("capacity", offset + start, offset + end, text[start:end], (places, label), "capacity"))
    for value, what, start, end in find_counts(text):
        out.append(Mention("count", offset + start, offset + end, text[start:end], (value, what), "count"))
    for value, start, end in find_percentages(text):
        out.append(Mention("percent", offset + start, offset + end, text[start:end], value, "percent"))
    return out


def sentence_mentions(
    text: str,
    offset: int,
    places: list[PlaceMention] | None = None,
    orgs: list[OrgMention] | None = None,
) -> list[Mention]:
    """Every mention of one sentence (``offset`` is where it starts in the document), in text order."""
    places = find_departements(text, offset) if places is None else places
    orgs = find_orgs(text, offset) if orgs is None else orgs
    found = _figures(text, offset)
    found += [Mention("place", p.start, p.end, p.text, p, "place.departement") for p in places]
    found += [Mention("org", o.start, o.end, o.name, o, f"org.{o.kind}") for o in orgs]
    return sorted(found, key=lambda m: (m.start, -m.end, m.kind))


def date_mentions(text: str, offset: int, reference, years, about=None) -> list[Mention]:
    """The dates of one sentence (``offset`` is where it starts), full or relative to ``reference``; ``about`` is
    a date near the document's, used only to give a year-less date its year when ``reference`` is unknown."""
    out = [
        Mention("date", offset + d.start, offset + d.end, text[d.start : d.end], d.value,
                "date.full" if d.year_stated else "date.no-year")
        for d in find_dates(text, reference or about, years)
    ]
    out += [
        Mention("date", offset + d.start, offset + d.end, text[d.start : d.end], d.value, "date.relative")
        for d in find_relative_dates(text, reference)
        if not any(m.start <= offset + d.start < m.end for m in out)
    ]
    return out


def of_kind(mentions: list[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.kind == kind]
