"""Funding commitments: who pays how much, to whom, over which period.

For each amount in euros, the funder is the organisation that the clause makes its
subject: a "par l'État" after the amount, else the nearest organisation before it in the
sentence, skipping recipients ("au Département") and partners ("avec l'État"), else the
last such organisation in the two sentences before, else the State. The recipient is the
focus département, or none (a national envelope) when the money goes to many départements.
The same amount from the same kind of funder stated twice in a document is one commitment.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from itertools import combinations

from ingest.model import Evidence, Funding

from .context import Context, org_ref
from .numbers import Money, find_money
from .orgs import OrgMention
from .text import fold, strip_span

_PART_OR_RESTATEMENT = re.compile(r"(?:\bdont|\bsoit|\bc'est-a-dire)\s*(?:environ\s+|pres de\s+|plus de\s+)?$")
_TOTAL = re.compile(
    r"\b(?:au total|total|globale?|en tout|soit|contrat de|convention de|enveloppe de|l'ensemble|cumule|cumulee|"
    r"au global|tous financeurs confondus|dote|dotee|budget|montant|cout|investissement|represente)\b"
)
_NOT_FUNDER = ("recipient", "partner", "location")
_KIND = {"state": "state", "ars": "ars", "council": "department"}
_NATIONAL = re.compile(
    r"\b(?:\d+|trente|quarante|cinquante|soixante(?:-dix)?|cent|tous les|l'ensemble des|ces|les|aux|des|autres)\s+"
    r"(?:premiers\s+|nouveaux\s+|)departements\b|\bdepartements (?:pilotes|signataires|volontaires|retenus)\b|"
    r"\bau niveau national\b|\bnationale?ment\b|\benveloppe nationale\b|\bfrance entiere\b"
)
_PERIOD = re.compile(r"\b(20[0-3]\d)\s*(?:-|–|/|à|a)\s*(20[0-3]\d)\b")
_IN_YEAR = re.compile(r"\b(?:en|pour|au titre de|des|dès|sur)\s+(?:l'annee\s+)?(20[0-3]\d)\b")
_YEARS = re.compile(r"\b(?:sur|pendant|durant|pour)\s+(\d|deux|trois|quatre|cinq)\s+ans\b")
_WORD_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
_RELATIVE = re.compile(
    r"\s*(?:\([^)]*\)\s*)?,?\s*(?:qui|lequel|laquelle|lesquels|lesquelles|lui|elle|eux|de son cote|pour sa part|"
    r"quant a (?:lui|elle))\b(?![^.;]*\b(?:qui|lequel|laquelle)\b)"
)
_PASSIVE_BY = re.compile(r"^\s*(?:[^.;]{0,60}?)\bpar\s+(?:l'|le |la |les )?\s*$")


def _clause_start(folded: str, position: int) -> int:
    cut = max(folded.rfind(";", 0, position), folded.rfind(". ", 0, position))
    return cut + 1 if cut >= 0 else 0


def _respectively(ctx: Context, index: int, money: Money) -> OrgMention | None:
    """"L'État et le Département apportent respectivement 1 M€ et 1,5 M€": the n-th amount, the n-th payer."""
    sentence = ctx.sentences[index]
    word = re.search(r"\brespectivement\b", fold(sentence.text))
    if word is None or money.start < word.start():
        return None
    payers = [
        o for o in ctx.orgs[index] if o.end <= sentence.start + word.start() and o.use not in _NOT_FUNDER
    ]
    amounts = [m.start for m in find_money(sentence.text) if m.start > word.start()]
    if len(payers) < 2 or len(payers) != len(amounts) or money.start not in amounts:
        return None
    return payers[amounts.index(money.start)]


def _funder(ctx: Context, index: int, money: Money) -> OrgMention | None:
    sentence = ctx.sentences[index]
    absolute = sentence.start + money.start
    orgs = ctx.orgs[index]
    paired = _respectively(ctx, index, money)
    if paired is not None:
        return paired
    # "financé par l'État (2 M€) et par le Département (1,5 M€)": an amount in brackets after its payer
    before_orgs = [o for o in orgs if o.end <= absolute]
    if (
        before_orgs
        and before_orgs[-1].kind != "pmi"
        and re.fullmatch(r"\s*\(\s*", ctx.text[before_orgs[-1].end : absolute])
    ):
        return before_orgs[-1]
    # "… versés par l'État": an agent after the amount, in the same clause
    for org in orgs:
        if org.start >= sentence.start + money.end:
            between = fold(ctx.text[sentence.start + money.end : org.start])
            if ";" in between or len(between) > 70:
                break
            if re.search(r"\bpar\s+(?:l'|le |la |les )?\s*$", between) and org.kind != "municipality":
                return org
            if re.fullmatch(r"\s*(?:de l'|du |de la |\(|)\s*", between) and org.kind in ("state", "ars", "council"):
                return org  # "trois millions d'euros de l'État", "2 M€ État, 1 M€ ARS"
            break
    before = [o for o in orgs if o.end <= absolute]
    if before:
        # "… au Département, qui engage 1,3 M€", "le Département, lui, apporte …": the antecedent pays
        last = before[-1]
        between = fold(ctx.text[last.end : absolute])
        if _RELATIVE.match(between) and last.kind != "pmi":
            return last
    for org in reversed(before):
        if org.use in _NOT_FUNDER or org.kind == "pmi":
            continue
        return org
    for back in (index - 1, index - 2):
        if back < 0 or "\n\n" in ctx.text[ctx.sentences[back].end : ctx.sentences[back + 1].start].replace(" ", ""):
            break  # only the same paragraph
        candidates = [o for o in ctx.orgs[back] if o.use not in _NOT_FUNDER and o.kind != "pmi"]
        if candidates:
            return candidates[-1]
    return None


def _national(ctx: Context, index: int) -> bool:
    folded = fold(ctx.sentences[index].text)
    if _NATIONAL.search(folded):
        return True
    if ctx.focus is None:
        return True
    if index > 0 and not ctx.places[index] and not any(o.kind == "council" for o in ctx.orgs[index]):
        return bool(_NATIONAL.search(fold(ctx.sentences[index - 1].text)))
    return False


def _period(text: str, money: Money) -> tuple[tuple[int, int] | None, int | None]:
    folded = fold(text)
    years = None
    count = _YEARS.search(folded)
    if count:
        value = count.group(1)
        years = int(value) if value.isdigit() else _WORD_NUMBERS[value]
    spans = [(m.start(), (int(m.group(1)), int(m.group(2)))) for m in _PERIOD.finditer(folded)]
    spans = [(pos, p) for pos, p in spans if p[0] <= p[1]]
    single = [(m.start(), (int(m.group(1)), int(m.group(1)))) for m in _IN_YEAR.finditer(folded)]
    single = [(pos, p) for pos, p in single if not any(pos <= q < pos + 12 for q, _ in spans)]
    candidates = spans + single
    if not candidates:
        return None, years
    _position, period = min(candidates, key=lambda c: abs(c[0] - money.start))
    return period, years


def extract_fundings(ctx: Context) -> list[Funding]:
    found: list[Funding] = []
    sure: list[bool] = []  # whether each funding's funder is named in its own sentence
    by_amount: dict[int | None, list[int]] = {}  # positions in ``found`` by amount bucket (see ``_bucket``)
    for index, sentence in enumerate(ctx.sentences):
        for money in find_money(sentence.text):
            if _PART_OR_RESTATEMENT.search(fold(sentence.text[: money.start])):
                continue  # "3 M€, dont 1 M€ pour la PMI", "6 M€ sur trois ans, soit 2 M€ par an": counted once
            funder_org = _funder(ctx, index, money)
            confident = funder_org is not None and sentence.start <= funder_org.start < sentence.end
            national = _national(ctx, index)
            if funder_org is not None and national and not (sentence.start <= funder_org.start < sentence.end):
                funder_org = None  # money for many départements, no payer in the sentence: the State's envelope
            if funder_org is None:
                funder = org_ref(ctx, "state", "État")
                kind = "state"
            else:
                funder = org_ref(ctx, funder_org.kind, funder_org.name, funder_org.code)
                kind = _KIND.get(funder_org.kind, "other")
            recipient = None if national else ctx.focus
            if kind == "department" and funder.code:
                recipient = funder.code
            period, years = _period(sentence.text, money)
            if period is None and years and ctx.years:
                period = None
            start, end = strip_span(ctx.text, sentence.start, sentence.end)
            funding = Funding(
                funder=funder,
                funder_kind=kind,  # type: ignore[arg-type]
                recipient=recipient,
                amount=money.value,
                minimum=money.minimum,
                per_year=money.per_year,
                years=years,
                period=period,
                evidence=Evidence(start, end),
            )
            _merge(found, funding, confident, sure, by_amount)
    return _without_totals(found, [ctx.text[f.evidence.start : f.evidence.end] for f in found], sure)


def _without_totals(found: list[Funding], texts: list[str], sure: list[bool]) -> list[Funding]:
    """Drop an amount given as a total ("au total", "un contrat de …") that is the sum of two or more other
    commitments of the document from different funders: it would count the same money twice. An amount
    whose payer the sentence does not name (a headline: "4 M€ pour l'enfance") that the body splits
    into two or more commitments is a total too.

    The parts of a total are looked for among its ``TOTAL_WINDOW`` neighbours on either side (every
    commitment of any real document): the cost stays linear in the length of a document."""
    kept = []
    for position, (funding, text, named) in enumerate(zip(found, texts, sure, strict=True)):
        near = range(max(0, position - TOTAL_WINDOW), min(len(found), position + TOTAL_WINDOW + 1))
        smaller = [(found[i], sure[i]) for i in near if i != position and found[i].amount < funding.amount]
        others = [f.amount for f, _ in smaller]
        kinds = {f.funder_kind for f, _ in smaller}
        if len(kinds) >= 2 and _TOTAL.search(fold(text)) and _is_sum(funding.amount, others):
            continue
        if not named and any(s for _, s in smaller) and _is_sum(funding.amount, others):
            continue
        kept.append(funding)
    return kept


#: commitments on either side of an amount among which its parts are looked for
TOTAL_WINDOW = 8


def _is_sum(total: Decimal, parts: list[Decimal]) -> bool:
    for size in range(2, min(len(parts), 4) + 1):
        for combo in combinations(parts, size):
            if _same_amount(sum(combo, Decimal(0)), total):
                return True
    return False


def _same_amount(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("0.005") * max(a, b)


_STEP = math.log(1.005)


def _bucket(amount: Decimal) -> int | None:
    """Amounts within 0.5 % of each other (``_same_amount``) fall at most two buckets apart."""
    return math.floor(math.log(amount) / _STEP) if amount > 0 else None


def _same_amount_candidates(by_amount: dict[int | None, list[int]], amount: Decimal) -> list[int]:
    """The positions of the commitments that may state ``amount``, in document order."""
    bucket = _bucket(amount)
    if bucket is None:
        return list(by_amount.get(None, []))
    return sorted(i for b in range(bucket - 2, bucket + 3) for i in by_amount.get(b, []))


def _merge(found: list[Funding], funding: Funding, confident: bool, sure: list[bool],
           by_amount: dict[int | None, list[int]]) -> None:
    """Add ``funding`` unless the document already states it; a funder guessed from context yields
    to one named next to the same amount elsewhere (a headline repeating the body's figure).

    Only the commitments of about the same amount are compared (``by_amount``), not all of them."""
    for i in _same_amount_candidates(by_amount, funding.amount):
        other = found[i]
        if not _same_amount(other.amount, funding.amount):
            continue
        if other.funder_kind != funding.funder_kind:
            if confident and not sure[i]:
                by_amount[_bucket(other.amount)].remove(i)
                by_amount.setdefault(_bucket(funding.amount), []).append(i)
                found[i], sure[i] = funding, True
                return
            if not confident and sure[i]:
                return
            continue
        if other.period and funding.period and other.period != funding.period:
            continue
        if other.period is None and funding.period is not None:
            found[i] = Funding(
                other.funder,
                other.funder_kind,
                other.recipient,
                other.amount,
                other.minimum or funding.minimum,
                other.per_year or funding.per_year,
                other.years or funding.years,
                funding.period,
                other.evidence,
            )
        return
    by_amount.setdefault(_bucket(funding.amount), []).append(len(found))
    found.append(funding)
    sure.append(confident)
