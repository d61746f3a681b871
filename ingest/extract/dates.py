"""Dates written in French: "le 29 septembre", "lundi 14 mars 2022", "14/03/2022", "1er juillet 2021".

A date without a year takes the year that fits: the one closest to the reference date (the
document's date) among the year before, the same year and the year after, keeping only
years where the stated weekday matches; with no reference date, the years the document
mentions are the candidates.

>>> import datetime as dt
>>> [d.value for d in find_dates("Ce lundi 14 mars, ils ont signé.", years=[2020, 2022])]
[datetime.date(2022, 3, 14)]
>>> [d.value for d in find_dates("signé le 29 septembre", reference=dt.date(2020, 10, 2))]
[datetime.date(2020, 9, 29)]
>>> [d.value for d in find_dates("Publié le 03/11/2021")]
[datetime.date(2021, 11, 3)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    "dec": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_SP = r"[ \u00a0\u202f]"
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TEXT_DATE = re.compile(
    rf"(?:\b(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?{_SP}+)?"
    rf"\b(?P<day>[0-3]?\d|1er)(?:{_SP}*er)?{_SP}+(?P<month>{_MONTH_RE})\.?(?![a-zéû])(?:{_SP}+(?P<year>(?:19|20)\d\d)\b)?"
    # « le 9 mars dernier »: the one before the reference, « le 3 mai prochain » the one after it
    rf"(?:{_SP}+(?P<side>derni(?:er|ère)|prochain|prochaine)\b)?",
    re.IGNORECASE,
)
# « 27/10/2021 », « 27.10.2021 », « 27-10-2021 », and with two digits for the year after slashes (« le 15/12/20 »)
_NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<day2>[0-3]?\d)/(?P<month2>[01]?\d)/(?P<year2>1[5-9]|2\d)\b(?![/.,]?\d)"
)
_ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_YEAR = re.compile(r"\b(20[0-3]\d|19[89]\d)\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: dt.date
    year_stated: bool


def years_in(text: str) -> list[int]:
    """The years a text mentions, in order of first mention."""
    seen: list[int] = []
    for m in _YEAR.finditer(text):
        year = int(m.group())
        if year not in seen:
            seen.append(year)
    return seen


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_year(
    month: int, day: int, weekday: int | None, reference: dt.date | None, years: Iterable[int] = ()
) -> dt.date | None:
    """The date (day, month) in the year that best fits the reference date, the weekday and the years mentioned."""
    candidates: list[dt.date] = []
    if reference is not None:
        for year in (reference.year - 1, reference.year, reference.year + 1):
            date = _safe_date(year, month, day)
            if date is not None and (weekday is None or date.weekday() == weekday):
                candidates.append(date)
        if candidates:
            return min(candidates, key=lambda d: (abs((d - reference).days), d))
    mentioned = list(years)
    for year in mentioned:
        date = _safe_date(year, month, day)
        if date is not None and (weekday is None or date.weekday() == weekday):
            candidates.append(date)
    if not candidates:
        return None
    if weekday is not None:
        return max(candidates)
    return candidates[-1] if len(candidates) == 1 else max(candidates)


def _resolve_side(side: str | None, month: int, day: int, reference: dt.date | None) -> dt.date | None:
    """« le 9 mars dernier »: the last 9 March on or before the reference; « le 3 mai prochain »: the next one."""
    if not side or reference is None:
        return None
    candidates = [d for year in (reference.year - 1, reference.year, reference.year + 1)
                  if (d := _safe_date(year, month, day)) is not None]
    if side.lower().startswith("derni"):
        return max((d for d in candidates if d <= reference), default=None)
    return min((d for d in candidates if d >= reference), default=None)


def find_dates(text: str, reference: dt.date | None = None, years: Iterable[int] = ()) -> list[DateMention]:
    """Full dates in ``text`` (with offsets), resolving a missing year as described above."""
    found: list[DateMention] = []
    years = list(years)
    for m in _TEXT_DATE.finditer(text):
        day = 1 if m.group("day").lower() == "1er" else int(m.group("day"))
        month = MONTHS[m.group("month").lower()]
        weekday = WEEKDAYS.get((m.group("weekday") or "").lower())
        if m.group("year"):
            date = _safe_date(int(m.group("year")), month, day)
            stated = True
        else:
            date = _resolve_side(m.group("side"), month, day, reference) or resolve_year(
                month, day, weekday, reference, years)
            stated = False
        if date is not None:
            found.append(DateMention(m.start(), m.end(), date, stated))
    for pattern in (_NUMERIC_DATE, _ISO_DATE):
        for m in pattern.finditer(text):
            if any(d.start <= m.start() < d.end for d in found):
                continue
            if m.groupdict().get("year2"):
                date = _safe_date(2000 + int(m.group("year2")), int(m.group("month2")), int(m.group("day2")))
            else:
                date = _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            if date is not None:
                found.append(DateMention(m.start(), m.end(), date, True))
    return sorted(found, key=lambda d: d.start)


# a season a periodical's issue is dated by (« n° 58 – Hiver 2021-2022 »), and the day it starts
_SEASON = re.compile(rf"\b(?P<season>hiver|printemps|été|ete|automne){_SP}+(?P<year>20\d\d)\b", re.IGNORECASE)
SEASON_STARTS = {"hiver": (12, 21), "printemps": (3, 20), "été": (6, 21), "ete": (6, 21), "automne": (9, 22)}
ISSUE_LINES = 3  # the first lines of a document, where a periodical prints its issue's date


def issue_date(lines: Iterable[str]) -> dt.date | None:
    """The day a periodical's issue dated by a season starts (« Hiver 2021-2022 » → 21 December 2021), from the
    first ``ISSUE_LINES`` lines given: not the day it was published, but near enough to give a year-less date
    its year."""
    for line in islice(lines, ISSUE_LINES):
        m = _SEASON.search(line)
        if m:
            month, day = SEASON_STARTS[m.group("season").lower()]
            return dt.date(int(m.group("year")), month, day)
    return None


_RELATIVE = re.compile(
    rf"\b(?:(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche){_SP}+dernier"
    rf"|(?:ce{_SP}+)?(?P<this>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    rf"(?!{_SP}*(?:\d|1er|prochain|soir{_SP}+prochain|matin{_SP}+prochain))"
    rf"|(?P<before>avant-hier)|(?P<yesterday>hier)|(?P<today>aujourd'hui|aujourd’hui|ce{_SP}+matin|ce{_SP}+jour|ce{_SP}+midi|"
    rf"cet{_SP}+apr[eè]s-midi|ce{_SP}+soir))\b",
    re.IGNORECASE,
)


def find_relative_dates(text: str, reference: dt.date | None) -> list[DateMention]:
    """Dates said relative to the document's date: "jeudi dernier" (the last Thursday before it),
    "ce mardi" or "mardi" alone (the last Tuesday up to it), "hier", "avant-hier", "ce matin", "aujourd'hui".
    A weekday with a day number ("mardi 3") is a full date (``find_dates``); "mardi prochain" is not past."""
    if reference is None:
        return []
    found = []
    for m in _RELATIVE.finditer(text):
        if m.group("weekday"):
            back = (reference.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7 or 7
        elif m.group("this"):
            back = (reference.weekday() - WEEKDAYS[m.group("this").lower()]) % 7
        elif m.group("before"):
            back = 2
        elif m.group("yesterday"):
            back = 1
        else:
            back = 0
        found.append(DateMention(m.start(), m.end(), reference - dt.timedelta(days=back), False))
    return found
