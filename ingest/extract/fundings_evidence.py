"""Whether an amount whose payer no rule found is a funding at all.

An amount that the text ties to no payer is recorded (funder ``other``) only on positive evidence of the kind a
careful reader uses: a word of funding, total, budget or cost in its own clause (« Crédits mobilisés : 186 000 € »,
« L'engagement global atteint 3,1 M€ »), a verb of commitment (« mobilisent 265 000 euros », « financé à hauteur
de »), a purpose (« 4 M€ pour les petits Bas-Rhinois »), shares of it (« 3,1 M€ …, dont 620 000 € de l'ARS ») or a
row of a table or a financing plan that the amount closes (« Lot 2 – Relais parental | 8 places | 310 000 € »), the
last labelled item of a list that closes with its stop (« 6° accompagnement des jeunes majeurs : 120 000 €. »), or
the label of its field line (« Montant estimatif : lot 1 – 260 000 € HT par an ; lot 2 – 185 000 € HT par an »).
Without any (« Les dépenses nouvelles excèdent … », « 70 %, soit 89 950 €, à la signature », a figure in a
comment), the amount is no commitment: the catch-all ``funding.payer.unstated`` no longer fires on whatever it
was never shown. The words are ``vocab/fundings.yaml`` → ``commitment_evidence``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .text import fold
from .vocabulary import pattern


@cache
def _evidence() -> re.Pattern[str]:
    return pattern("fundings", "commitment_evidence")


_ROW_END = re.compile(r"[\s*|€_)\]]*(?:\n|$)")  # only markup between the amount and the end of its line
_ROW_LABEL = re.compile(r"[^\W\d_]{3,}")  # a word before the amount on its line: the row's or the field's label
# the last item of a list of labelled amounts, closed by the list's full stop (« 6° accompagnement des jeunes majeurs :
# 120 000 €. »): a label, its colon or dash, the amount, the stop and the end of the line
_ITEM_END = re.compile(r"[\s*|€_)\]]*[.;][ \t]*(?:\n|$)")
_ITEM_LABEL = re.compile(r"[^\W\d_]{3,}[^:=–—]*[:=–—]\s*$")
_PURPOSE = re.compile(r"\s*(?:\*+\s*)?pour (?!(?:l'annee |les annees |la periode |l'exercice )?(?:20\d\d|19\d\d)\b)\S")
_SHARES = re.compile(r"[^.;]{0,60}?,\s*dont\b")
_APPOSITION = re.compile(r"(?:,|\bsoit|\()\s*$")
_CELL_END = re.compile(r"[ \t]*[;|]")  # the amount closes a cell of a row exported with « ; » or « | »
_TABLE_PATTERNS = ("money.table-", "money.accounting-figure")
_SENTENCE_END = re.compile(r"[.;:]|$")
_FIELD_LABEL = re.compile(r"\W*((?:[^\W\d_]+[ '’-]*){1,4}?)\s*:")  # a field line's label, a few words before its colon


@dataclass(frozen=True)
class Place:
    """Where an amount stands: ``text[start:end]`` in the folded words of its clause on either side (``before``,
    back to the amount before it; ``after``, up to the next amount or the end of the clause), the folded start
    of its line, and the id of the pattern that found it (``money.table-cell``: a cell of a table)."""

    text: str
    start: int
    end: int
    before: str
    after: str
    line_before: str
    found_by: str


def has_evidence(place: Place) -> bool:
    """Whether the amount is stated as a funding."""
    if _evidence().search(place.before) or _evidence().search(_after(place)):
        return True
    if _PURPOSE.match(place.after) or _SHARES.match(fold(place.text[place.end : place.end + 80])):
        return True
    if place.found_by.startswith(_TABLE_PATTERNS) or _CELL_END.match(place.text, place.end):
        return True  # a cell of a table of money (« Equipe mobile … ;3;320000;réalisé »)
    label = _FIELD_LABEL.match(place.line_before)
    if label and _evidence().search(label.group(1)):
        return True  # every amount of a field line whose label says money (« Montant estimatif : lot 1 – … ; lot 2 – »)
    if _ITEM_END.match(place.text, place.end) and _ITEM_LABEL.search(place.line_before):
        return True
    return bool(_ROW_END.match(place.text, place.end) and _ROW_LABEL.search(place.line_before))


def closes_row(text: str, end: int) -> bool:
    """Whether the amount ending at ``end`` closes a table row or a cell (only markup after it on its line)."""
    return bool(_ROW_END.match(text, end) or _CELL_END.match(text, end))


def _after(place: Place) -> str:
    """The clause after the amount; past the comma that closes an apposition when the amount is one (« Le solde,
    soit 11 500 €, reste à la charge de la commune », « Le crédit nécessaire, 165.000 euros, est inscrit … »)."""
    if not _APPOSITION.search(place.before):
        return place.after
    window = place.text[place.end : place.end + 200]
    rest = fold(window[: _SENTENCE_END.search(window).start()])  # type: ignore[union-attr]  # « $ » always matches
    return " ".join(rest.split(",")[:2])
