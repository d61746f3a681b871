"""Property tests of the figure grammars: no string makes them fail, and French numbers written by a
formatter (spaces, non-breaking or narrow spaces or dots between thousands, a decimal comma, a scale)
parse back to their value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.dates import find_dates
from ingest.extract.money import find_money, parse_number
from ingest.extract.numbers import find_ages, find_capacities, find_percentages

SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f", "."])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)
FRENCHY = st.text(st.sampled_from(list("0123456789 ,.€%MkdésàaeuronlpictA\u00a0\u202f-'")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, FRENCHY))
def test_no_string_breaks_the_grammars(text):
    for money in find_money(text):
        assert 0 <= money.start < money.end <= len(text) and money.value > 0
    find_dates(text, dt.date(2021, 6, 1), [2020, 2021])
    find_ages(text)
    find_capacities(text)
    find_percentages(text)
    parse_number(text)


def french(value: int, separator: str) -> str:
    """An integer as a French formatter writes it: groups of three digits."""
    digits = str(value)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return separator.join(groups)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=999_999_999), SEPARATORS, st.sampled_from(["€", "euros", "EUR"]))
def test_amounts_written_with_thousands_separators_parse_back(value, separator, currency):
    text = f"L'État versera {french(value, separator)} {currency} au Département."
    assert [m.value for m in find_money(text)] == [Decimal(value)]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("M€", 10**6), ("millions d'euros", 10**6), ("MEUR", 10**6), ("k€", 1000),
                        ("Md€", 10**9), ("milliards d'euros", 10**9)]))
def test_amounts_with_a_decimal_comma_and_a_scale_parse_back(units, tenths, scale):
    word, factor = scale
    text = f"soit {units},{tenths} {word} sur trois ans" if tenths else f"soit {units} {word} sur trois ans"
    assert [m.value for m in find_money(text)] == [Decimal(units * 10 + tenths) * factor / 10]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=9))
def test_percentages_parse_back(units, tenths):
    text = f"un taux de {units},{tenths}\u202f% en 2021"
    assert [value for value, _, _ in find_percentages(text)] == [Decimal(f"{units}.{tenths}")]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=8))
def test_age_ranges_parse_back(low, span):
    high = low + span
    found = find_ages(f"des enfants de {low} à {high} ans")
    assert [(a, b) for a, b, _, _ in found] == [(Decimal(low), Decimal(high))]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=5000), st.sampled_from([" ", "\u00a0"]))
def test_capacities_parse_back(places, separator):
    text = f"un foyer de {french(places, separator)} places d'hébergement"
    assert [n for n, _, _, _ in find_capacities(text)] == [places]


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_dates_written_in_french_parse_back(day):
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
    written = f"{'1er' if day.day == 1 else day.day} {months[day.month - 1]} {day.year}"
    assert [d.value for d in find_dates(f"signé le {written}.")] == [day]
