"""Grammars for figures: amounts of money, percentages, ages, capacities, counts.

Every function takes a piece of text and returns matches with offsets into that text.

>>> [(m.value, m.minimum, m.per_year) for m in find_money("l'État s'engage à hauteur de 8,4 millions d'euros")]
[(Decimal('8400000'), False, False)]
>>> [(m.value, m.per_year) for m in find_money("5\u202f135\u202f000 € par an")]
[(Decimal('5135000'), True)]
>>> [m.value for m in find_money("Quatre-vingt millions d'euros pour les 30 départements")]
[Decimal('80000000')]
>>> find_ages("des enfants de 3 à 4 ans")[0][:2]
(Decimal('3'), Decimal('4'))
"""

from __future__ import annotations

import re
from decimal import Decimal

from .money import FIGURE, SP, WORDS_NUMBER, Money, find_money, parse_number
from .text import fold
from .vocabulary import alternation, words

__all__ = ["Money", "find_ages", "find_capacities", "find_counts", "find_money", "find_percentages", "parse_number"]

_SP = SP
NUMBER = FIGURE
_APOS = "['’]"


_PERCENT = re.compile(rf"(?P<num>{NUMBER}){_SP}*(?:%|pour{_SP}cent\b|pourcents?\b)", re.IGNORECASE)


def find_percentages(text: str) -> list[tuple[Decimal, int, int]]:
    """``(value, start, end)`` for "86 %", "70 pour cent"."""
    out = []
    for m in _PERCENT.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


_AGE_FIGURE = r"\d{1,2}(?:[,.]5)?"
# an age in figures or in words, in a range or after whom it is of (« âgés de trois à quatre ans », « un enfant de deux
# ans »); a bound alone is read in figures only (« de plus de seize ans » in words tells who someone is, seldom whom a
# measure serves)
_AGE_NUM = rf"(?:{_AGE_FIGURE}|{WORDS_NUMBER})"
_AGE_PEOPLE = r"(?:âgée?s?|enfants?|petits|jeunes?|mineurs?|filles?|garçons?|bébés?)"
_DURATION_BEFORE = re.compile(
    rf"(?:sur|pendant|durant|depuis|pour|en|d{_APOS}ici|il{_SP}y{_SP}a|dans|tous{_SP}les|chaque)\s*$", re.IGNORECASE
)
_AGE_PATTERNS = [
    # 3/4 ans, 3-4 ans, 0-6 ans, 3 à 4 ans, de 3 à 4 ans, entre 3 et 4 ans; children « de 3 et 4 ans » are of both
    # ages
    (
        re.compile(
            rf"(?:\b(?:entre|{_AGE_PEOPLE}{_SP}+de){_SP}+(?P<a>{_AGE_NUM}){_SP}+et{_SP}+(?P<b>{_AGE_NUM})"
            rf"|(?:\bde{_SP}+)?(?P<c>{_AGE_NUM}){_SP}*(?:/|-|–|à|a){_SP}*(?P<d>{_AGE_NUM})){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "range",
    ),
    (
        re.compile(
            rf"\b(?:moins{_SP}de|jusqu{_APOS}(?:à|a)|avant|jusqu{_APOS}(?:à|a){_SP}l{_APOS}âge{_SP}de)(?:{_SP}+(?:ses|leurs|son|leur))?{_SP}+(?P<n>{_AGE_FIGURE}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "max",
    ),
    (
        re.compile(
            rf"\b(?:plus{_SP}de|dès|à{_SP}partir{_SP}de|au-delà{_SP}de|après){_SP}+(?P<n>{_AGE_FIGURE}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "min",
    ),
    (re.compile(rf"\b(?P<n>{_AGE_FIGURE}){_SP}+ans{_SP}+et{_SP}+plus\b", re.IGNORECASE), "min"),
    (
        re.compile(
            rf"\b{_AGE_PEOPLE}{_SP}+de{_SP}+(?P<n>{_AGE_NUM}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "exact",
    ),
]


def _age(text: str) -> Decimal:
    """An age in figures (« 3 », « 2,5 ») or in words (« trois »)."""
    if text[0].isdigit():
        return Decimal(text.replace(",", "."))
    return Decimal(parse_number(text) or 99)  # an unread word: no age (above every bound)


def find_ages(text: str) -> list[tuple[Decimal | None, Decimal | None, int, int]]:
    """``(min, max, start, end)`` for age ranges: "3/4 ans", "de 3 à 4 ans", "moins de 16 ans", "plus de 14 ans"."""
    found: list[tuple[Decimal | None, Decimal | None, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if _DURATION_BEFORE.search(text[: m.start()]) and kind in ("range", "exact"):
                continue
            if kind == "range":
                a = m.group("a") or m.group("c")
                b = m.group("b") or m.group("d")
                low, high = _age(a), _age(b)
                if low > high or high > 30:
                    continue
                found.append((low, high, m.start(), m.end()))
            else:
                n = _age(m.group("n"))
                if n > 30:
                    continue
                if kind == "max":
                    found.append((None, n, m.start(), m.end()))
                elif kind == "min":
                    found.append((n, None, m.start(), m.end()))
                else:
                    found.append((n, n, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda item: item[2])


_UNITS = alternation(words("actions", "capacity_units"))
_PEOPLE = alternation(words("actions", "capacity_people"))
_NUM = rf"(?P<num>{NUMBER}|{WORDS_NUMBER})"
# « Cinq de ces places », « Six des quarante-deux places de la MECS »: the part is the measure's size, not the whole
_PART_OF = (rf"(?:(?:de{_SP}+ces|des|d{_APOS}entre{_SP}+les|sur{_SP}+les){_SP}+"
            rf"(?:(?:{NUMBER}|{WORDS_NUMBER}){_SP}+)?)?")
# « **10** : places créées », a figure set in bold (a page of key figures) before its noun
_EMPHASIS = rf"(?:(?:\*\*|__){_SP}*:?)?"
_CAPACITY = re.compile(
    rf"\b{_NUM}{_EMPHASIS}{_SP}+{_PART_OF}(?:nouvelles{_SP}+|nouveaux{_SP}+|supplémentaires{_SP}+)?"
    rf"(?P<unit>{_UNITS})\b(?P<label>(?:{_SP}+(?:d{_APOS}|de{_SP}+|en{_SP}+)[\w'’-]+(?:{_SP}+(?:de|d{_APOS}|du){_SP}*[\w'’-]+)?)?)",
    re.IGNORECASE,
)
# "18 places en MECS et 20 en accueil de jour": a second number of the same unit
_MORE_OF_UNIT = re.compile(
    rf"^{_SP}*(?:,|et|ainsi{_SP}+que){_SP}*(?P<num>{NUMBER}|{WORDS_NUMBER}){_SP}+"
    rf"(?P<label>(?:en|d{_APOS}|de|pour){_SP}*[\w'’-]+(?:{_SP}+(?:de|d{_APOS}|du|à){_SP}*[\w'’-]+)*)",
    re.IGNORECASE,
)
# "75 places (dont 32 à la Maison de l'Enfance), 89 supplémentaires", "+10 places à Vannes, +6 à Lorient", « 30 places
# d'accueil d'urgence, dont 10 pour les moins de 6 ans »: a share or more of the same unit; the share may be said by
# what it is kept for (« 12 places, dont 2 réservées à l'accueil séquentiel », « (20 en régie, 10 confiées à … ») »)
_SHARE_OF_UNIT = re.compile(
    rf"^[^.;:]{{0,80}}?(?:\(|,){_SP}*(?:dont{_SP}+|et{_SP}+)?\+?(?P<num>{NUMBER}|{WORDS_NUMBER})"
    rf"{_SP}+(?:(?:à|a|en|au|aux|dans|pour(?!{_SP}*cent)){_SP}|(?P<more>supplémentaires|nouvelles|de{_SP}+plus)\b"
    rf"|(?:réservé|destiné|dédié|confié|affecté)e?s?{_SP}+(?:à|a|au|aux|pour)\b)",
    re.IGNORECASE,
)
# "une capacité d'accueil de vingt-quatre enfants", "Capacité prévue : 35 enfants", "accueillera jusqu'à 14 bébés",
# "pourra recevoir, une fois ouverte, 24 garçons et filles": a verb of welcoming to come, then the people counted
_WELCOMING = r"(?:accueill|recev|recevr|héberg|hébergr)(?:ir|oir|er|era|eront|erait|eraient|a|ont|ait|aient)"
_CAPACITY_OF = re.compile(
    rf"\b(?:capacité(?:{_SP}+(?:d{_APOS}accueil|d{_APOS}hébergement|prévue|totale))?{_SP}*(?:de|d{_APOS}|:){_SP}*"
    rf"|{_WELCOMING},?{_SP}+(?:[\w'’-]+,?{_SP}+){{0,8}}?(?:jusqu{_APOS}(?:à|a){_SP}+)?)"
    rf"{_NUM}{_SP}+(?P<unit>{_PEOPLE})\b",
    re.IGNORECASE,
)
# "Quinze adolescents pourront y être accueillis", "douze enfants seront hébergés": the people counted, then a
# passive verb of welcoming to come (not "1 700 enfants sont accueillis", a count of today)
_COUNTED_IN = re.compile(
    rf"\b{_NUM}{_SP}+(?P<unit>{_PEOPLE}){_SP}+(?:(?:pourr\w*|devr\w*|vont){_SP}+(?:y{_SP}+|en{_SP}+)?être|seront|sera)"
    rf"{_SP}+(?:accueilli|hébergé|reçu)e?s?\b",
    re.IGNORECASE,
)

# « porter de 25 à 40 le nombre de places », « le nombre de places passera de 12 à 20 »: the size a measure grows to
_FROM = rf"de{_SP}+(?:{NUMBER}|{WORDS_NUMBER}){_SP}+(?:à|a){_SP}+"
_RAISED_TO = re.compile(
    rf"\b(?:port|pass|augment|élev|relev)\w*{_SP}+(?:{_FROM}|à{_SP}+){_NUM}{_SP}+(?:le|son|leur){_SP}+nombre{_SP}+"
    rf"(?:de{_SP}+|d{_APOS})(?P<unit>{_UNITS})\b"
    rf"|\bnombre{_SP}+(?:de{_SP}+|d{_APOS})(?P<unit2>{_UNITS})\b[^.;:]{{0,40}}?\b{_FROM}"
    rf"{_NUM.replace('(?P<num>', '(?P<num2>')}\b",
    re.IGNORECASE,
)

# « Accueil d'urgence Tours Nord - capacité 14 »: a capacity given as a bare figure is a count of places
_BARE_CAPACITY = re.compile(
    rf"\bcapacité(?:{_SP}+(?:d{_APOS}accueil|totale))?{_SP}*(?::|de)?{_SP}*(?P<num>\d{{1,3}})(?![\d,.]|{_SP}*[%€\w])",
    re.IGNORECASE,
)


def _integer(text: str) -> int | None:
    value = parse_number(text)
    if value is None or value <= 0 or value != value.to_integral_value():
        return None
    return int(value)


def _following(text: str, m: re.Match[str]) -> list[tuple[int, str, int, int]]:
    """The numbers of the same unit after a capacity: "… et 20 en accueil de jour", "(dont 32 à …)"."""
    out = []
    end = m.end()
    while more := _MORE_OF_UNIT.match(text[end:]):
        extra = _integer(more.group("num"))
        if extra is None:
            break
        out.append((extra, f"{m.group('unit')} {more.group('label')}", end + more.start("num"), end + more.end()))
        end += more.end()
    while share := _SHARE_OF_UNIT.match(text[end:]):
        extra = _integer(share.group("num"))
        if extra is None or (share.group("num").strip().isdigit() and len(share.group("num").strip()) == 4):
            break  # a year ("… 2022 à Lyon") is not a share of places
        out.append((extra, m.group("unit"), end + share.start("num"), end + share.end("num")))
        end += share.end()
    return out


# « capacité inchangée (36 places) », « à capacité constante », « 36 places maintenues »: a size kept as it was is the
# size of no new measure
_UNCHANGED_BEFORE = re.compile(rf"\b(?:capacite|nombre de places){_SP}+(?:{alternation(words('actions', 'unchanged'))})"
                               rf"\b[^.;]{{0,12}}$")
_UNCHANGED_AFTER = re.compile(rf"^[^.;,]{{0,30}}?\b(?:{alternation(words('actions', 'unchanged'))})\b")


def _unchanged(text: str, start: int, end: int) -> bool:
    folded = fold(text)
    return bool(_UNCHANGED_BEFORE.search(folded, max(0, start - 40), start)
                or _UNCHANGED_AFTER.match(folded[end : end + 30]))


def find_capacities(text: str) -> list[tuple[int, str, int, int]]:
    """``(places, label, start, end)`` for "25 places d'hébergement", "40 places d'accueil de jour",
    "une capacité de 36 places", "Six places", "dix berceaux", the "20" of "18 places en MECS et 20 en accueil
    de jour" and the "32" of "75 places (dont 32 à …)"; people counted as a capacity after "capacité" or a verb
    of welcoming ("accueillera jusqu'à 14 bébés"). A line break between the number and its noun is a space."""
    text = text.replace("\n", " ")  # same length: offsets still index the text given
    out = []
    for m in _CAPACITY.finditer(text):
        if fold(m.group("num")).strip() in ("un", "une"):
            continue  # "une place en famille d'accueil" is not a capacity
        value = _integer(m.group("num"))
        if value is None or (value > 1 and not m.group("unit").lower().endswith(("s", "x"))):
            continue  # « ouvert en 2019 place Guignault », « 12 place de la Mairie »: an address, not a count
        out.append((value, (m.group("unit") + m.group("label")).strip(), m.start(), m.end()))
        out += _following(text, m)
    for m in _RAISED_TO.finditer(text):
        group = "num" if m.group("num") else "num2"
        value = _integer(m.group(group))
        if value is not None and value > 1:
            out.append((value, m.group("unit") or m.group("unit2"), m.start(group), m.end(group)))
    for m in (*_CAPACITY_OF.finditer(text), *_COUNTED_IN.finditer(text), *_BARE_CAPACITY.finditer(text)):
        value = _integer(m.group("num"))
        if value is not None and value > 1 and not any(s <= m.start("num") < e for _, _, s, e in out):
            unit = m.group("unit") if "unit" in m.re.groupindex else "places"
            out.append((value, unit, m.start("num"), m.end()))
    return sorted((c for c in out if not _unchanged(text, c[2], c[3])), key=lambda c: c[2])


_COUNT = re.compile(
    rf"\b(?P<num>{NUMBER}){_SP}+(?P<what>enfants|jeunes|mineurs|familles|bébés|naissances|mineurs{_SP}non{_SP}accompagnés|"
    rf"informations{_SP}préoccupantes|mesures|assistants{_SP}familiaux|professionnels)\b",
    re.IGNORECASE,
)


def find_counts(text: str) -> list[tuple[Decimal, str, int, int]]:
    """``(value, what, start, end)`` for "6 400 enfants", "22 000 enfants"."""
    out = []
    for m in _COUNT.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None and value >= 10:
            out.append((value, m.group("what"), m.start(), m.end()))
    return out
