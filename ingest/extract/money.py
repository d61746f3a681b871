"""Amounts of money in every spelling French documents use, from ``vocab/money.yaml``.

Figures with spaces, narrow spaces or dots as thousands separators and a decimal comma
(``5 135 000 €``, ``500.000 euros``, ``8,4 M€``), number words (``quatre-vingts millions
d'euros``, via text2num), scales with or without their currency (``2 millions``, ``MEUR``,
``k€``, ``Md€``, ``80 Ms``), compounds (``2 millions 800.000 euros``, ``un million deux cent
mille euros``), a lower bound (``plus de``), an approximation (``environ``) and a year
(``par an``). A unit price (``150 € par jour``) is not an amount.

>>> [(m.value, m.pattern) for m in find_money("4,3 MEUR puis 2 millions 800.000 euros")]
[(Decimal('4300000'), 'money.figure-glued'), (Decimal('2800000'), 'money.figure-scale-compound-currency')]
>>> [(m.value, m.per_year, m.minimum) for m in find_money("plus de 500.000 euros par an")]
[(Decimal('500000'), True, True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import text2num

from .vocabulary import alternation, section, words

SP = r"[ \u00a0\u202f\u2009\u2007]"
FIGURE = rf"\d{{1,3}}(?:{SP}\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_THOUSANDS = rf"\d{{1,3}}(?:(?:{SP}|\.)\d{{3}})+"
_NUMBER_WORDS = (
    "zéro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    "vingts?|trente|quarante|cinquante|soixante|cents?|mille|et"
)
# « et » is inside a number only before « un » or « onze » (« vingt et un », « soixante et onze »); a number never
# opens on it (« 1 874 300 € apportés par l'État et deux millions … »: there the « et » joins two amounts)
_JOINT = rf"[-{SP[1:-1]} ]+(?:et[-{SP[1:-1]} ]+(?=(?:un|une|onze)\b))?"
WORDS_NUMBER = rf"(?:(?!et\b)(?:{_NUMBER_WORDS})(?:{_JOINT}(?!et\b)(?:{_NUMBER_WORDS}))*)"


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    value: Decimal
    minimum: bool
    approximate: bool
    per_year: bool
    pattern: str = "money.figure-currency"


def parse_number(text: str) -> Decimal | None:
    """``"5 135 000"`` → 5135000, ``"8,4"`` → 8.4, ``"5.135.000"`` → 5135000, ``"quatre-vingt"`` → 80.

    >>> parse_number("5 135 000"), parse_number("8,4"), parse_number("500.000"), parse_number("quatre-vingts")
    (Decimal('5135000'), Decimal('8.4'), Decimal('500000'), Decimal('80'))
    """
    raw = re.sub(SP, "", text.strip())
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        try:
            return Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern above only lets decimals through
            return None
    spoken = re.sub(r"\s+", " ", text.strip().lower()).replace("une", "un")
    try:
        return Decimal(text2num(spoken, "fr"))
    except (ValueError, IndexError, KeyError):
        return None


def _spaced(entries: list[str]) -> list[str]:
    """Entries for a verbose pattern: a space is any space (one or more; `` ?`` an optional one)."""
    return [re.sub(r" \??", lambda m: SP + ("?" if m.group() == " ?" else "+"), e) for e in entries]


def _spellings(key: str) -> tuple[str, dict[str, Decimal]]:
    """An alternation of a scale list's spellings, and each spelling's value (looked up in lower case)."""
    entries = section("money", key)
    values = {}
    for entry in entries:
        for spelling in entry["spellings"]:
            values[spelling] = Decimal(entry["value"])
    return alternation(_spaced(list(values))), values


@lru_cache(maxsize=1)
def _grammar() -> re.Pattern[str]:
    scales, _ = _spellings("scales")
    exact, _ = _spellings("scales_exact")
    glued, _ = _spellings("glued")
    currency = alternation(_spaced(words("money", "currencies")))
    mods = {k: alternation(_spaced(words("money", k))) for k in ("minimum", "approximate", "other_modifiers")}
    per_year = alternation(_spaced(words("money", "per_year")))
    return re.compile(
        rf"""
        (?:(?:(?P<min>{mods["minimum"]})|(?P<approx>{mods["approximate"]})|{mods["other_modifiers"]}){SP}+)?
        (?:(?P<num>{FIGURE})|(?P<words>\b{WORDS_NUMBER}))(?![\d,])
        {SP}*
        (?:
          (?-i:(?P<glued>{glued}))(?![\w€])
        | (?:(?P<scale>{scales})|(?-i:(?P<exact>{exact})))(?![a-zé])
          (?P<half>{SP}+et{SP}+demie?)?
          (?P<compound>{SP}+(?:et{SP}+)?(?P<low>(?!et\b){WORDS_NUMBER}|{_THOUSANDS})(?![\d,]))?
          {SP}*(?P<cur1>{currency})?
        | (?P<cur2>{currency})
        )
        (?![\w])
        (?P<tail>{SP}*(?:{per_year})(?![\w]))?
        """,
        re.VERBOSE | re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _scale_values() -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for key in ("scales", "scales_exact", "glued"):
        for spelling, value in _spellings(key)[1].items():
            values.setdefault(spelling, value)
    return values


def _scale_value(written: str) -> Decimal:
    """The value of a scale as written: an exact spelling, else a spelling that matches it as a pattern."""
    values = _scale_values()
    if written in values:
        return values[written]
    for spelling, value in values.items():
        spaced = _spaced([spelling])[0]
        if re.fullmatch(spaced, written, re.IGNORECASE if spelling.islower() else 0):
            return value
    raise ValueError(f"no scale spelled {written!r} in vocab/money.yaml")  # pragma: no cover


@lru_cache(maxsize=1)
def _not_money_after() -> tuple[re.Pattern[str], re.Pattern[str]]:
    noun = re.compile(rf"{SP}*(?:de|d['’]){SP}*(?!euros?\b)[^\W\d]", re.IGNORECASE)
    gross = rf"(?:{SP}*(?:brut|bruts|net|nets|ht|ttc)\b)?"  # « 1 450 euros brut par mois »
    units = alternation(words("money", "per_unit"))
    each = alternation(words("money", "for_each"))
    monthly = alternation(words("money", "per_month"))
    unit = re.compile(
        rf"{gross}{SP}*(?:(?:et|,){SP}*)?(?:(?:par|/){SP}*(?:{units})(?![\w])|(?:{each}){SP}+(?!ann[ée]e|exercice|fois)\w"
        rf"|(?:{monthly})(?![\w]))",
        re.IGNORECASE,
    )
    return noun, unit


def _value(m: re.Match[str]) -> Decimal | None:
    number = parse_number(m.group("num") or m.group("words"))
    if number is None:
        return None
    scale_word = m.group("glued") or m.group("scale") or m.group("exact")
    if scale_word is None:
        return number
    scale = _scale_value(scale_word)
    value = number * scale
    if m.group("half"):
        value += scale / 2  # "deux millions et demi"
    if m.group("low"):
        low = parse_number(m.group("low"))
        if low is None or low <= 0 or low >= scale:
            return None  # "2 millions 2021 euros" is not one amount
        if _SPOKEN_TENTH.fullmatch(m.group("low")) and not (m.group("cur1") or m.group("cur2")):
            return value + low * scale / 10  # « un million six »: 1,6 million, as it is said
        value += low
    return value


#: the figure said after a scale for its first decimal (« un million six », « deux millions trois »)
_SPOKEN_TENTH = re.compile(r"un|deux|trois|quatre|cinq|six|sept|huit|neuf", re.IGNORECASE)
#: what may follow a spoken decimal: the end of the clause
_CLAUSE_END = re.compile(r"\s*(?:[.,;!?…)»]|$)")


def _accepted(m: re.Match[str], text: str) -> bool:
    """Whether a match is money: a currency or a money scale, no noun after a bare scale, no unit price."""
    currency = bool(m.group("glued") or m.group("cur1") or m.group("cur2"))
    if m.group("compound") and not currency:
        # « Nous mettrons un million six. »: a spoken amount, its first decimal said after the scale, the clause's end
        spoken = _SPOKEN_TENTH.fullmatch(m.group("low")) and (m.group("scale") or "").lower().startswith(
            ("million", "milliard"))
        return bool(spoken) and bool(_CLAUSE_END.match(text, m.end()))
    if not currency:
        scale = (m.group("scale") or "").lower()
        if not scale.startswith(("million", "milliard")):
            return False  # "3 k", "5 M", "mille" alone are not money
        noun, _ = _not_money_after()
        if noun.match(text, m.end()):
            return False  # "2 millions d'habitants"
    if m.group("words") and m.group("words").strip().lower() == "et":
        return False
    _, unit = _not_money_after()
    return not unit.match(text, m.end())


def _pattern_id(m: re.Match[str]) -> str:
    parts = ["figure" if m.group("num") else "words"]
    if m.group("glued"):
        parts.append("glued")
    elif m.group("scale") or m.group("exact"):
        parts.append("scale")
    if m.group("compound"):
        parts.append("compound")
    if m.group("cur1") or m.group("cur2"):
        parts.append("currency")
    return "money." + "-".join(parts)


#: a footnote call glued to a currency sign by a converter (« 7,9 M€2. »): read as a space, one character for one
_FOOTNOTE_CALL = re.compile(r"(?<=€)\d{1,2}(?=[\s.,;:)]|$)")


# a figure in thousands with two decimals, as accounts print euros without their sign (« 1 596 400,00 »)
_ACCOUNTING = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f.]\d{3})+,\d{2}(?![\d,.]|[ \u00a0\u202f]?%)")


def _accounting(text: str, found: list[Money]) -> list[Money]:
    """The figures of accounts that no other spelling found (« 1 596 400,00 » in a budget annex)."""
    out = []
    for m in _ACCOUNTING.finditer(text):
        if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            continue
        value = parse_number(m.group())
        if value is not None and value > 0:
            value = Decimal(int(value)) if value == value.to_integral_value() else value
            out.append(Money(m.start(), m.end(), value, False, False, False, "money.accounting-figure"))
    return out


# a figure without its sign in a share or restatement of the amount just before it (« a coûté 240 000 euros, dont
# 120 000 apportés par l'État »): the amount's euros
_SHARE_FIGURE = re.compile(
    r"\s*,?\s*(?:dont|soit)\s+(?:environ\s+|pres de\s+|près de\s+)?"
    r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+)"
    r"(?![\d,.]|[ \u00a0\u202f]*(?:€|%|(?:eur|euros?|[mkMK]€?|millions?|milliards?|MEUR)\b))"
)


def _share_figures(text: str, found: list[Money]) -> list[Money]:
    """The figures in euros that a « dont » or « soit » right after an amount gives without a sign, smaller than it."""
    out = []
    for money in found:
        m = _SHARE_FIGURE.match(text, money.end)
        value = parse_number(m.group(1)) if m else None
        taken = m is not None and any(f.start <= m.start(1) < f.end for f in found)
        if m and not taken and value is not None and 0 < value < money.value:
            out.append(Money(m.start(1), m.end(1), Decimal(int(value)), False, False, False, "money.share-figure"))
    return out


def find_money(text: str) -> list[Money]:
    """Amounts in euros, in text order, with "plus de" (minimum) and "par an" (per year); a figure of accounts
    (« 1 596 400,00 ») is one too."""
    found = []
    if "€" in text:
        text = _FOOTNOTE_CALL.sub(lambda m: " " * len(m.group()), text)
    for m in _grammar().finditer(text):
        if not _accepted(m, text):
            continue
        value = _value(m)
        if value is None or value <= 0:
            continue
        minimum = bool(m.group("min"))
        start = m.start() if minimum else m.start("num") if m.group("num") else m.start("words")
        if value == value.to_integral_value():
            value = Decimal(int(value))
        found.append(
            Money(start, m.end(), value, minimum, bool(m.group("approx")), bool(m.group("tail")), _pattern_id(m))
        )
    if "," in text:
        found = sorted([*found, *_accounting(text, found)], key=lambda money: money.start)
    if "dont" in text or "soit" in text:
        found = sorted([*found, *_share_figures(text, found)], key=lambda money: money.start)
    return found
