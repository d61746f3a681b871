"""Towns named in a text, and the département they lie in.

A document that names no département may still say where it is from: a town council's page
(« VILLE DE PARAY-LE-MONIAL », « le maire de Digoin »), a local paper's story (« à Saint-Dié-des-Vosges »).
The towns are those of ``ontology/reference/towns.json`` (chefs-lieux and towns of 5,000 inhabitants or more,
see its README). A town counts only as a place: written with its capitals (or all in capitals) after a word that
introduces a place (« à », « de », « sur », « près de »), never glued by a hyphen to a longer name, so that « Orange »,
« Tours » or « Sens » opening a sentence are no towns.

>>> [code for code, _ in find_towns("Le maire de Paray-le-Monial et la sous-préfète de Charolles.")]
['71', '71']
>>> find_towns("Orange annonce un nouveau forfait. Sens dessus dessous.")
[]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from enfance_kg.resources import reference_file

_PLACE_BEFORE = re.compile(r"(?:^|[\s(])(?:à|a|de|d['’]|sur|près de|pres de|ville de|commune de)\s*$", re.IGNORECASE)


@cache
def _towns() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern for every town name, longest first, and each name's département and spelling, by its lower case."""
    with reference_file("towns.json").open(encoding="utf-8") as handle:
        by_code: dict[str, list[str]] = json.load(handle)
    where = {name.lower(): (code, name) for code, names in by_code.items() for name in names}
    body = "|".join(re.escape(name) for name in sorted((n for _, n in where.values()), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), where


def find_towns(text: str) -> list[tuple[str, int]]:
    """(département code, offset) of each town ``text`` names as a place: spelled as listed (« Paray-le-Monial »)
    or all in capitals (« PARAY-LE-MONIAL »), after a word that introduces a place."""
    pattern, where = _towns()
    found = []
    for m in pattern.finditer(text):
        code, name = where[m.group().lower()]
        if m.group() != name and not m.group().isupper():
            continue
        if _PLACE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            found.append((code, m.start()))
    return found


#: town mentions of one département a document must hold to be about it when it names no département
TOWN_MENTIONS = 2


def departement_of_towns(texts: Iterable[str], least: int = TOWN_MENTIONS) -> str | None:
    """The département a document that names none is about, from its towns: the one whose towns it names at least
    ``least`` times (``TOWN_MENTIONS`` unless told) and twice as often as any other's; none when the towns are of many
    places."""
    counts = Counter(code for text in texts for code, _ in find_towns(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < least:
        return None
    if len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]
