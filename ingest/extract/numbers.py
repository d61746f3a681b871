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
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from .text import fold

_SP = r"[ \u00a0\u202f\u2009\u2007]"
# 5 135 000 | 5.135.000 | 8,4 | 80 | 1000
NUMBER = rf"\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_NUMBER_WORDS = (
    "zéro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    "vingts?|trente|quarante|cinquante|soixante|cents?|mille|et"
)
WORDS_NUMBER = rf"(?:(?:{_NUMBER_WORDS})(?:[-{_SP[1:-1]} ]+(?!et\b)(?:{_NUMBER_WORDS}))*)"
_SCALES = {
    "milliard": Decimal(10**9),
    "milliards": Decimal(10**9),
    "md": Decimal(10**9),
    "mds": Decimal(10**9),
    "million": Decimal(10**6),
    "millions": Decimal(10**6),
    "m": Decimal(10**6),
    "mio": Decimal(10**6),
    "k": Decimal(1000),
    "mille": Decimal(1000),
    "millier": Decimal(1000),
    "milliers": Decimal(1000),
}
_APOS = "['’]"
_EURO = rf"(?:€|euros?\b|EUR\b|{_SP}?d{_APOS}euros?\b|{_SP}?de{_SP}euros?\b)"

_MONEY = re.compile(
    rf"""
    (?:(?P<mod>plus{_SP}de|au{_SP}moins|près{_SP}de|environ|pr[eè]s{_SP}de|jusqu{_APOS}[àa]|au-delà{_SP}de|supérieure?s?{_SP}à|quelque|
        un{_SP}total{_SP}de|moins{_SP}de){_SP}+)?
    (?:
      (?P<num>{NUMBER})|(?P<words>\b{WORDS_NUMBER})
    )
    {_SP}*
    (?:
      (?P<scale>milliards?|millions?|millions?|Mds?|Md|M|k|K|mille|milliers?)(?![a-zé])
      (?P<half>{_SP}+et{_SP}+demie?)?
      {_SP}*(?P<cur1>€|d{_APOS}{_SP}?euros?\b|de{_SP}euros?\b|euros?\b|EUR\b)?
    |
      (?P<cur2>€|euros?\b|EUR\b)
    )
    (?P<tail>{_SP}*(?:par{_SP}an\b|par{_SP}année\b|/{_SP}?an\b|chaque{_SP}année\b|annuel(?:le)?s?\b|par{_SP}exercice\b))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "millions" without a currency is money unless a non-money noun follows ("2 millions d'habitants")
_NOT_MONEY_AFTER = re.compile(rf"{_SP}*(?:de|d{_APOS}){_SP}*(?!euros?\b)[^\W\d]", re.IGNORECASE)
_PER_UNIT = re.compile(
    rf"^{_SP}*(?:par|/){_SP}*(?:enfant|jeune|place|jour|mois|mineur|personne|famille|habitant|nuit)", re.IGNORECASE
)


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    value: Decimal
    minimum: bool
    approximate: bool
    per_year: bool


def parse_number(text: str) -> Decimal | None:
    """``"5 135 000"`` → 5135000, ``"8,4"`` → 8.4, ``"5.135.000"`` → 5135000, ``"quatre-vingt"`` → 80."""
    raw = re.sub(r"[ \u00a0\u202f\u2009\u2007]", "", text.strip())
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        pass
    words = re.sub(r"\s+", " ", text.strip().lower()).replace("une", "un")
    try:
        return Decimal(text2num(words, "fr"))
    except ValueError:
        return None


# "un million deux cent mille euros", "deux millions cinq cent mille euros": one amount in several number words
_COMPOUND = re.compile(
    rf"""
    (?:(?P<mod>plus{_SP}de|au{_SP}moins|près{_SP}de|pr[eè]s{_SP}de|environ|quelque){_SP}+)?
    (?P<high>{NUMBER}|\b{WORDS_NUMBER}){_SP}+(?P<scale>milliards?|millions?){_SP}+(?:et{_SP}+)?
    (?P<low>(?!et\b){WORDS_NUMBER}|\d{{1,3}}(?:{_SP}\d{{3}})+)(?:{_SP}+(?P<thousand>mille))?
    {_SP}*(?:€|d{_APOS}{_SP}?euros?\b|de{_SP}euros?\b|euros?\b)
    (?P<tail>{_SP}*(?:par{_SP}an\b|par{_SP}année\b|/{_SP}?an\b|chaque{_SP}année\b|annuel(?:le)?s?\b))?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _compounds(text: str) -> list[Money]:
    out = []
    for m in _COMPOUND.finditer(text):
        high, low = parse_number(m.group("high")), parse_number(m.group("low"))
        if high is None or low is None or low <= 0:
            continue
        if m.group("thousand"):
            low *= 1000
        scale = _SCALES[m.group("scale").lower()]
        if low >= scale:
            continue  # "2 millions 2021 euros" is not one amount
        mod = (m.group("mod") or "").lower()
        minimum = mod.startswith(("plus", "au moins"))
        start = m.start() if minimum else m.start("high")
        out.append(
            Money(
                start,
                m.end(),
                high * scale + low,
                minimum,
                mod.startswith(("pr", "env", "quel")),
                bool(m.group("tail")),
            )
        )
    return out


def find_money(text: str) -> list[Money]:
    """Amounts in euros, from figures or words, with "plus de" (minimum) and "par an" (per year)."""
    found = _compounds(text)
    taken = [(m.start, m.end) for m in found]
    for m in _MONEY.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        scale_word = (m.group("scale") or "").lower()
        has_currency = bool(m.group("cur1") or m.group("cur2"))
        if not scale_word and not has_currency:
            continue
        if scale_word in ("k", "m", "md", "mds") and not m.group("cur1") and m.group("scale") not in ("M", "Md", "Mds"):
            continue  # "3 k" or "5 m" alone are not money
        if scale_word in ("m", "md", "mds", "k") and not has_currency and m.group("scale") in ("M", "Md", "Mds"):
            continue
        if scale_word in ("mille", "millier", "milliers") and not has_currency:
            continue
        if scale_word and not has_currency and _NOT_MONEY_AFTER.match(text, m.end()):
            continue
        if m.group("words") and not scale_word and not has_currency:
            continue
        number = parse_number(m.group("num") or m.group("words"))
        if number is None:
            continue
        if m.group("words") and m.group("words").strip().lower() in ("et",):
            continue
        value = number * _SCALES.get(scale_word, Decimal(1))
        if m.group("half") and scale_word:
            value += _SCALES[scale_word] / 2  # "deux millions et demi"
        if value <= 0:
            continue
        if _PER_UNIT.match(text[m.end() :]):
            continue  # a unit price ("150 € par jour"), not a commitment
        mod = (m.group("mod") or "").lower().replace("\u00a0", " ")
        start = m.start("num") if m.group("num") else m.start("words")
        if mod.startswith(("plus", "au moins", "au-delà", "supérieur")):
            start = m.start()
        found.append(
            Money(
                start=start,
                end=m.end(),
                value=value.normalize() if value == value.to_integral() else value,
                minimum=mod.startswith(("plus", "au moins", "au-delà", "supérieur")),
                approximate=mod.startswith(("près", "pres", "environ", "quelque")),
                per_year=bool(m.group("tail")),
            )
        )
    return [_integral(m) for m in sorted(found, key=lambda money: money.start)]


def _integral(m: Money) -> Money:
    value = m.value
    if value == value.to_integral_value():
        value = Decimal(int(value))
    return Money(m.start, m.end, value, m.minimum, m.approximate, m.per_year)


_PERCENT = re.compile(rf"(?P<num>{NUMBER}){_SP}*(?:%|pour{_SP}cent\b|pourcents?\b)", re.IGNORECASE)


def find_percentages(text: str) -> list[tuple[Decimal, int, int]]:
    """``(value, start, end)`` for "86 %", "70 pour cent"."""
    out = []
    for m in _PERCENT.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


_AGE_NUM = r"\d{1,2}(?:[,.]5)?"
_DURATION_BEFORE = re.compile(
    rf"(?:sur|pendant|durant|depuis|pour|en|d{_APOS}ici|il{_SP}y{_SP}a|dans|tous{_SP}les|chaque)\s*$", re.IGNORECASE
)
_AGE_PATTERNS = [
    # 3/4 ans, 3-4 ans, 0-6 ans, 3 à 4 ans, de 3 à 4 ans, entre 3 et 4 ans
    (
        re.compile(
            rf"(?:\bentre{_SP}+(?P<a>{_AGE_NUM}){_SP}+et{_SP}+(?P<b>{_AGE_NUM})"
            rf"|(?:\bde{_SP}+)?(?P<c>{_AGE_NUM}){_SP}*(?:/|-|–|à|a){_SP}*(?P<d>{_AGE_NUM})){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "range",
    ),
    (
        re.compile(
            rf"\b(?:moins{_SP}de|jusqu{_APOS}(?:à|a)|avant|jusqu{_APOS}(?:à|a){_SP}l{_APOS}âge{_SP}de){_SP}+(?P<n>{_AGE_NUM}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "max",
    ),
    (
        re.compile(
            rf"\b(?:plus{_SP}de|dès|à{_SP}partir{_SP}de|au-delà{_SP}de|après){_SP}+(?P<n>{_AGE_NUM}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "min",
    ),
    (re.compile(rf"\b(?P<n>{_AGE_NUM}){_SP}+ans{_SP}+et{_SP}+plus\b", re.IGNORECASE), "min"),
    (
        re.compile(
            rf"\b(?:âgée?s?|enfants|jeunes|mineurs|filles|garçons|bébés){_SP}+de{_SP}+(?P<n>{_AGE_NUM}){_SP}+ans\b",
            re.IGNORECASE,
        ),
        "exact",
    ),
]


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
                low, high = Decimal(a.replace(",", ".")), Decimal(b.replace(",", "."))
                if low > high or high > 30:
                    continue
                found.append((low, high, m.start(), m.end()))
            else:
                n = Decimal(m.group("n").replace(",", "."))
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


_CAPACITY = re.compile(
    rf"\b(?P<num>{NUMBER}|{WORDS_NUMBER}){_SP}+(?:nouvelles{_SP}+|nouveaux{_SP}+|supplémentaires{_SP}+)?"
    rf"(?P<unit>places?|lits?)\b(?P<label>(?:{_SP}+(?:d{_APOS}|de{_SP}+|en{_SP}+)[\w'’-]+(?:{_SP}+(?:de|d{_APOS}|du){_SP}*[\w'’-]+)?)?)",
    re.IGNORECASE,
)


# "18 places en MECS et 20 en accueil de jour": a second number of the same unit
_MORE_OF_UNIT = re.compile(
    rf"^{_SP}*(?:,|et|ainsi{_SP}+que){_SP}*(?P<num>{NUMBER}|{WORDS_NUMBER}){_SP}+"
    rf"(?P<label>(?:en|d{_APOS}|de|pour){_SP}*[\w'’-]+(?:{_SP}+(?:de|d{_APOS}|du|à){_SP}*[\w'’-]+)*)",
    re.IGNORECASE,
)
# "une capacité d'accueil de vingt-quatre enfants"
_CAPACITY_OF = re.compile(
    rf"\bcapacité{_SP}+(?:d{_APOS}accueil{_SP}+|d{_APOS}hébergement{_SP}+)?(?:de|d{_APOS}){_SP}*"
    rf"(?P<num>{NUMBER}|{WORDS_NUMBER}){_SP}+(?P<unit>enfants|jeunes|mineurs|adolescents|bébés|personnes)\b",
    re.IGNORECASE,
)


def find_capacities(text: str) -> list[tuple[int, str, int, int]]:
    """``(places, label, start, end)`` for "25 places d'hébergement", "40 places d'accueil de jour",
    "une capacité de 36 places", "Six places", and the "20" of "18 places en MECS et 20 en accueil de jour"."""
    out = []
    for m in _CAPACITY.finditer(text):
        if fold(m.group("num")).strip() in ("un", "une"):
            continue  # "une place en famille d'accueil" is not a capacity
        value = parse_number(m.group("num"))
        if value is None or value <= 0 or value != value.to_integral_value():
            continue
        label = (m.group("unit") + m.group("label")).strip()
        out.append((int(value), label, m.start(), m.end()))
        end = m.end()
        while more := _MORE_OF_UNIT.match(text[end:]):
            extra = parse_number(more.group("num"))
            if extra is None or extra <= 0 or extra != extra.to_integral_value():
                break
            label = f"{m.group('unit')} {more.group('label')}"
            out.append((int(extra), label, end + more.start("num"), end + more.end()))
            end += more.end()
    for m in _CAPACITY_OF.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None and value > 1 and value == value.to_integral_value():
            out.append((int(value), m.group("unit"), m.start("num"), m.end()))
    return sorted(out, key=lambda c: c[2])


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
