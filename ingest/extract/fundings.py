"""Funding commitments: who pays how much, to whom, over which period.

Each amount of money a sentence mentions goes through named rules, in order (their ids are
in ``vocab/rules.yaml``); the first that decides gives the payer, or says that the amount is
not a commitment (a restatement, a change of a budget, another programme's money). The
parse decides first (``payer.py``); surface rules are fallbacks for sentences the parse
does not cover. An amount whose payer the text does not state is ``other``, unless the
text says in other words that it is the State's money (the national envelope, « crédits
délégués »). The recipient is the focus département, or none for money shared by many.
The same amount from the same kind of funder stated twice in a document is one commitment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache
from itertools import combinations

from ingest.model import Evidence, Funding, Mention, OrgRef

from .context import Context, org_ref, scope
from .fundings_evidence import Place, closes_row, has_evidence
from .fundings_tables import (
    column_header,
    header_words,
    line_after_table,
    names_a_row,
    pipe_column_payer,
    pipe_column_words,
    row_column_payer,
    row_payer_kinds,
)
from .layout import layout_of
from .mentions import of_kind
from .money import Money
from .orgs import OrgMention
from .payer import Roles, budget_source, read_roles
from .text import fold, strip_span
from .vocabulary import alternation, pattern, section, words

_NOT_FUNDER = ("recipient", "partner", "location")
_PERIOD = re.compile(r"\b(20[0-3]\d)\s*(?:-|–|/|à|a)\s*(20[0-3]\d)\b")
_IN_YEAR = re.compile(r"\b(?:en|pour|au titre de|des|dès|sur|a partir de)\s+(?:l'annee\s+)?(20[0-3]\d)\b")
_YEARS = re.compile(r"\b(?:sur|pendant|durant|pour)\s+(\d|deux|trois|quatre|cinq)\s+ans\b")
_WORD_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
_RELATIVE = re.compile(
    r"\s*(?:\([^)]*\)\s*)?,?\s*(?:qui|lequel|laquelle|lesquels|lesquelles|lui|elle|eux|de son cote|pour sa part|"
    r"quant a (?:lui|elle))\b(?![^.;]*\b(?:qui|lequel|laquelle)\b)"
)
_COMPARED = re.compile(r"\b(?:equivalente?s?|egale?s?|superieure?s?|identiques?|a parite avec|autant que)\b")
_WINDOW = 90  # characters before an amount where its programme or budget may be named


@dataclass(frozen=True)
class Decision:
    """What a rule decided about one amount."""

    rule: str
    skip: bool = False  # not a commitment
    org: OrgMention | None = None  # the payer named in the text
    kind: str | None = None  # the funder kind when no organisation is named
    national: bool | None = None  # money for many départements (None: decided by the context)


@dataclass
class _Amount:
    """One amount and what the rules may read about it."""

    ctx: Context
    index: int
    mention: Mention
    roles: Roles | None

    @property
    def money(self) -> Money:
        return self.mention.value  # type: ignore[return-value]

    @property
    def before(self) -> str:
        """The folded text of the sentence before the amount."""
        sentence = self.ctx.sentences[self.index]
        return fold(self.ctx.text[sentence.start : self.mention.start])

    @property
    def after(self) -> str:
        sentence = self.ctx.sentences[self.index]
        return fold(self.ctx.text[self.mention.end : sentence.end])

    @property
    def window(self) -> str:
        """The folded text just before the amount, back to the previous amount or the sentence start."""
        sentence = self.ctx.sentences[self.index]
        previous = [m.end for m in of_kind(self.ctx.mentions[self.index], "money") if m.end <= self.mention.start]
        start = max([sentence.start, self.mention.start - _WINDOW, *previous])
        window = fold(self.ctx.text[start : self.mention.start])
        if previous and start == previous[-1] and "," in window:
            window = window.split(",", 1)[1]  # the previous amount's own clause is not this one's
        return window

    @property
    def clause_after(self) -> str:
        """The folded text after the amount, up to the next amount or the end of the clause."""
        later = [m.start for m in of_kind(self.ctx.mentions[self.index], "money") if m.start >= self.mention.end]
        end = min([self.ctx.sentences[self.index].end, *later])
        return re.split(r"[;,:]", fold(self.ctx.text[self.mention.end : end]), maxsplit=1)[0]

    @property
    def line_before(self) -> str:
        """The folded text of the line before the amount (a table row: « Participation de l'État …… 612 000 € »)."""
        start = line_start(self.ctx.text, self.mention.start)
        return fold(self.ctx.text[start : self.mention.start])

    @property
    def orgs(self) -> list[OrgMention]:
        return _actors(self.ctx, self.index)


Rule = Callable[[_Amount], Decision | None]

_LABEL_COLON = re.compile(r"[ \t]*:(?!\d)")
_COUNCIL_WORDS = re.compile(r"\b(?:departement|conseil|collectivite|cd)\b")


def _actors(ctx: Context, index: int) -> list[OrgMention]:
    """The organisations of sentence ``index`` that may act: not a département named by its place name alone before a
    colon (« Val-de-Marne : 3,4 millions d'euros pour mieux protéger les enfants », « Gers : 820 000 € »), the frame or
    the row a line is about, not its payer (« Département : 1,9 M€ » names the council and pays)."""
    orgs = ctx.orgs[index]
    if not any(o.kind == "council" and o.code for o in orgs):
        return orgs
    return [o for o in orgs if not (o.kind == "council" and o.code and not _COUNCIL_WORDS.search(fold(o.name))
                                    and _LABEL_COLON.match(ctx.text, o.end))]

#: characters back from an amount within which the start of its line is looked for: a line longer than this (a
#: page stored on one line) is read from there, so that every amount costs the same whatever the layout
LINE_REACH = 300


def line_start(text: str, position: int) -> int:
    """Where the line holding ``position`` starts, looked for at most ``LINE_REACH`` characters back."""
    floor = max(0, position - LINE_REACH)
    found = text.rfind("\n", floor, position)
    return found + 1 if found >= 0 else floor


def _money(mention: Mention) -> Money:
    return mention.value  # type: ignore[return-value]


def _soit(a: _Amount) -> Decision | None:
    """An amount after « soit » (or « c'est-à-dire ») restates what comes before it in the sentence: larger than
    the amount just before, it is the stated total (« 1 M€ et 1,2 M€, soit 2,2 M€ »: ``other``, or the one payer
    of its parts, see ``_total_kinds``); not larger, a part of that amount or the same money in other terms
    (« 2,84 M€ sur deux ans, soit 1,42 M€ par an »), whose payer is the same. A « soit » with no amount before it
    gives the value of what the sentence names (« la plus grande part, soit 210 k€ »): the other rules decide. An
    amount after « contre » is the same budget in another year (« 98,7 M€ en 2019, contre 86,5 M€ en 2016 »): the
    same payer's."""
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    last = previous[-1] if previous else None
    soit = pattern("fundings", "restatement_before").pattern
    if last is None:
        return _soit_of_rows(a, soit) or _soit_named(a, soit)
    between = fold(a.ctx.text[last.end : a.mention.start])
    if re.search(r"(?:,|\bet)\s*contre\s+(?:environ |pres de |quelque )?$", between):
        earlier = decide(_amount(a.ctx, a.index, last))  # « 98,7 M€ en 2019, contre 86,5 M€ en 2016 »
        return earlier if earlier.skip else replace(earlier, rule="funding.compared.earlier")
    if not re.search(rf"{soit}[^;.]{{0,60}}$", between):
        return None
    if a.money.value > _money(last).value:
        return Decision("funding.total.soit", kind="other")
    own = _own_payer(a)
    if own is not None:
        return own
    earlier = decide(_amount(a.ctx, a.index, last))
    if earlier.skip:
        return Decision("funding.skip.restated", skip=True)
    return replace(earlier, rule="funding.restated.part")


def _own_payer(a: _Amount) -> Decision | None:
    """A part restated with « soit » whose own words name who pays it (« dont la moitié, soit 84 000 €, est couverte
    par les crédits de l'État »): that payer, not the payer of the amount it is a part of."""
    named = _named_after(a)
    if named is not None and named.kind in _PAYERS:
        return Decision("funding.restated.own-payer", org=named)
    kind = budget_source(re.split(r"[;,:]", a.after.lstrip(" ,"), maxsplit=1)[0])
    return Decision("funding.restated.own-payer", kind=kind) if kind in ("state", "ars", "department") else None


_OTHER_PAYER_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}(?:du|de la|par le|par la|de l') ?(?:departement|collectivite|conseil|ars|agence)"
)


ROWS_ABOVE = 12  # table rows above a « soit … » line whose amounts it may sum
TOTAL_TOLERANCE = Decimal("0.005")  # how far a stated total may be from the sum of its rows (rounding)


def _soit_of_rows(a: _Amount, soit: str) -> Decision | None:
    """« soit 5,88 M€ sur la durée du contrat » under a table of the State's credits by year: the sum of the rows
    just above (the same figure within half a percent), paid by whoever pays them all; nothing when they differ."""
    if not re.fullmatch(rf"\W*{soit}\s*", a.before):
        return None
    rows: list[tuple[int, Mention]] = []
    for index in range(a.index - 1, max(-1, a.index - 1 - ROWS_ABOVE), -1):
        if "|" not in a.ctx.sentences[index].text:
            break
        rows += [(index, m) for m in of_kind(a.ctx.mentions[index], "money")]
    total = sum((_money(m).value for _, m in rows), Decimal(0))
    if len(rows) < 2 or abs(total - a.money.value) > a.money.value * TOTAL_TOLERANCE:
        return None
    decisions = [decide(_amount(a.ctx, index, m)) for index, m in rows]
    payers = {(d.skip, d.kind, d.org.kind if d.org else None) for d in decisions}
    return replace(decisions[0], rule="funding.total.rows") if len(payers) == 1 and not decisions[0].skip else None


def _soit_named(a: _Amount, soit: str) -> Decision | None:
    """« grâce aux crédits supplémentaires apportés par l'État dans le cadre du contrat signé par le Département, soit
    540 000 euros »: an amount after « soit » with no amount before it gives the value of the money the sentence
    names; when those are words of State money not given to another payer, the State's."""
    if not re.search(rf"(?<!\w){soit}\s*$", a.before):
        return None
    named = pattern("fundings", "state_money").search(a.before)
    if named is None or _OTHER_PAYER_AFTER.match(a.before, named.end()):
        return None
    return Decision("funding.payer.soit-named", kind="state")


def _variation(a: _Amount) -> Decision | None:
    """« les crédits progressent de 72,5 M€ », « une hausse de 3 M€ »: a change of a budget."""
    if (a.roles is not None and a.roles.variation) or pattern("fundings", "variation_words", anchor="$").search(
        a.before[-80:]
    ):
        if a.before.rstrip().endswith("+") and _named_after(a) is not None:
            return None  # « Côté financement : +2,1 M€ de l'État » (a post's shorthand): the State's money
        return Decision("funding.skip.variation", skip=True)
    return None


def _own_stretch(a: _Amount) -> str:
    """The folded text of the amount's sentence from the amount before it (or the start) to the amount after it (or
    the end), short of a proposition of contrast after it (« …, alors même que l'arrivée de mineurs non accompagnés
    … »): what is said of this amount and of no other."""
    sentence = a.ctx.sentences[a.index]
    money = of_kind(a.ctx.mentions[a.index], "money")
    start = max([sentence.start, *(m.end for m in money if m.end <= a.mention.start)])
    end = min([sentence.end, *(m.start for m in money if m.start >= a.mention.end)])
    before, after = fold(a.ctx.text[start : a.mention.start]), fold(a.ctx.text[a.mention.start : end])
    return before + pattern("fundings", "other_proposition", bounded=False).split(after, maxsplit=1)[0]


def _other_programme(a: _Amount) -> Decision | None:
    """Money of another programme (« le plan 1000 jours, doté de 2,7 M€ »): not this strategy's; also in a sentence
    that names again the programme of the sentence before (« … la convention de lutte contre la pauvreté, signée
    séparément. Elle finance 310 000 EUR … »)."""
    programmes, stretch = pattern("fundings", "other_programmes"), _own_stretch(a)
    if programmes.search(stretch) or programmes.search(a.clause_after):  # the window before it is in the stretch
        return Decision("funding.skip.other-programme", skip=True)
    if pattern("fundings", "outside_contract").search(stretch) or _set_apart_next(a):
        return Decision("funding.skip.outside-contract", skip=True)  # « hors contrat », « financement distinct »
    if a.index > 0 and pattern("fundings", "anaphoric_opening", anchor="^").search(a.before) and programmes.search(
        fold(a.ctx.sentences[a.index - 1].text)
    ) and not a.orgs:
        return Decision("funding.skip.other-programme", skip=True)
    return None


def _set_apart_next(a: _Amount) -> bool:
    """« L'ARS consacre 3,2 M€ à son plan régional de santé mentale. Ce plan ne relève pas du contrat. »: the sentence
    after, naming again what the amount's sentence spoke of, sets it apart from the contract (the last amount of its
    sentence only: the sentence after speaks of what was said last)."""
    following = a.index + 1
    later = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    if following >= len(a.ctx.sentences) or later:
        return False
    text = fold(a.ctx.sentences[following].text)
    return bool(pattern("fundings", "anaphoric_opening", anchor="^").search(text)) and bool(
        pattern("fundings", "outside_contract").search(text)
    )


#: below this, an amount is a unit price or an aid to one person (« une aide de 100 € »), never a programme's money
SMALLEST_COMMITMENT = Decimal(1000)


def _not_a_commitment(a: _Amount) -> Decision | None:
    """An amount too small to be a programme's money, an upper bound (« c'est moins de 2 M€ par an »), a pay, or the
    price of one unit (« le coût moyen d'une place est de 65 000 € »)."""
    if a.money.value < SMALLEST_COMMITMENT or pattern("fundings", "pay_after", anchor="^").search(a.after[:20]):
        return Decision("funding.skip.small", skip=True)  # « (environ 1 780 € net) »: a pay
    if pattern("fundings", "upper_bound_before", anchor="$").search(a.before[-30:]):
        return Decision("funding.skip.upper-bound", skip=True)
    if pattern("fundings", "not_commitment_before", anchor="$").search(a.before[-80:]):
        return Decision("funding.skip.small", skip=True)
    if _unit_price().search(a.window.rsplit(";", 1)[-1]):
        return Decision("funding.skip.unit-price", skip=True)
    return None


def _said_no_funding(a: _Amount) -> Decision | None:
    """« (coût estimé pour le CIAS : 17 800 € par an), ce qui n'est pas un financement du contrat », a table followed by
    « Les montants de ce tableau retracent l'exécution budgétaire ; ils ne constituent pas des engagements »: the text
    says in so many words that the amount commits nothing."""
    said = pattern("fundings", "said_no_funding")
    later = [m.start for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    rest = a.ctx.text[a.mention.end : min([a.ctx.sentences[a.index].end, *later])]
    if said.search(fold(rest)):
        return Decision("funding.skip.said-not", skip=True)
    below = fold(line_after_table(a.ctx.text, a.mention.start))
    if said.search(below) and pattern("fundings", "this_table").search(below):
        return Decision("funding.skip.said-not", skip=True)
    return None


_AND_OF = re.compile(r"[^.;:]{0,60}?(?<!\w)(?:et|ou)\s+(?:de |d'|a |pour )?\s*$")


#: what an amount coordinated with the one before it is too, when that one is it
_PASSED_SKIPS = ("funding.skip.unit-price", "funding.skip.unspent", "funding.skip.small", "funding.skip.spent")


def _coordinated_skip(a: _Amount) -> Decision | None:
    """« un coût moyen de 95 000 € par an pour un praticien et de 52 000 € pour un infirmier », « L'exécution
    s'établit à 108,6 M€ en AE et 108,4 M€ en CP »: an amount coordinated with a unit price, money spent or a pay
    just before it is one too."""
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    if not previous or not _AND_OF.match(fold(a.ctx.text[previous[-1].end : a.mention.start])):
        return None
    earlier = decide(_amount(a.ctx, a.index, previous[-1]))
    return earlier if earlier.rule in _PASSED_SKIPS else None


@cache
def _unit_price() -> re.Pattern[str]:
    """What says, before an amount, that it is the price of one unit (« le coût moyen d'une mesure est de », « le prix
    de journée », « une place revient à »): the units are ``unit_nouns``."""
    units = "|".join(words("fundings", "unit_nouns"))
    return re.compile("|".join(f"(?:{p.replace('{units}', units)})" for p in words("fundings", "unit_price_before")))


def _own_after(a: _Amount) -> str:
    """The folded text after the amount up to the next amount of its sentence: not another amount's words."""
    later = [m.start for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    return a.after[: later[0] - a.mention.end] if later else a.after


def _national_envelope_named(a: _Amount) -> bool:
    """« Pour comparaison, l'enveloppe nationale de la contractualisation s'élevait à 80 M€ en 2020 »: the State's
    national envelope, named as such in the amount's own stretch, is stated whatever it is compared with."""
    stretch = _own_stretch(a)
    return bool(pattern("fundings", "national").search(stretch)) and budget_source(stretch) == "state"


def _unspent(a: _Amount) -> Decision | None:
    """Money left over or not spent (« le reliquat de 3 300 € », « 410 k€ des crédits délégués n'avaient pas été
    engagés »), a figure given for comparison (« À titre de comparaison, la dépense nationale … 8,6 Md€ ») and the
    price of one kind of expense in brackets (« matériel de dépistage (30 000 €) »): no commitment."""
    own = _own_after(a)
    unspent = pattern("fundings", "unspent_after", anchor="^").search(own[:80])
    if unspent and re.search(r"\breport\w*", a.clause_after):
        unspent = None  # « les 206 k€ non engagés en 2021 soient reportés sur 2022 »: carried over, still committed
    if unspent or pattern("fundings", "unspent_before", anchor="$").search(a.before[-80:]):
        return Decision("funding.skip.unspent", skip=True)
    if pattern("fundings", "comparison_words").search(a.before) and not _national_envelope_named(a):
        return Decision("funding.skip.comparison", skip=True)
    item = re.split(r"[,;:]", a.before)[-1]
    if re.search(r"\(\s*$", item) and pattern("fundings", "expense_items").search(item):
        return Decision("funding.skip.expense-item", skip=True)  # « rémunération de 3 ETP (246 000 €) »
    label = _ROW_NUMBER.sub("", a.line_before)
    if closes_row(a.ctx.text, a.mention.end) and pattern("fundings", "expense_items", anchor="^").search(label):
        return Decision("funding.skip.expense-item", skip=True)  # « 64 – Charges de personnel | 96 800 € »
    return None


_ROW_NUMBER = re.compile(r"^[\s|*#\d.–-]*")  # an account's or a row's number opening a table row


_CELL_MARKS = ("|", ";", "  ", "\t")


def _spent_column(a: _Amount) -> Decision | None:
    """A cell of a table column whose header says the money was spent, paid or realised (« Réalisé 2021 »,
    « Encaissé / mandaté au 31/12/2021 », « Mandaté au 31/12/2020 »): what was done with a commitment, not one."""
    text = a.ctx.source.text
    line = text[line_start(text, a.mention.start) : text.find("\n", a.mention.end, a.mention.end + LINE_REACH)]
    if not any(mark in line for mark in _CELL_MARKS):
        return None  # no table row (the cheap test first: every amount goes through this rule)
    header = header_words(column_header(text, a.mention.start))
    if header and pattern("fundings", "spent_column").search(header):
        return Decision("funding.skip.spent", skip=True)
    return None


def _spent_prose(a: _Amount) -> Decision | None:
    """Money a sentence says was spent already or tells as what was spent before (« 4 millions d'euros déjà dépensés
    en 2021 », « 23,6 M€ en 2021 (dépense réalisée, compte administratif) », « il a dépensé 62 millions »,
    « consacrait environ 22 millions d'euros par an »): what was done, not a commitment."""
    own = _own_after(a)
    if pattern("fundings", "spent_after", anchor="^").search(own[:80]) or pattern(
        "fundings", "spent_before", anchor="$"
    ).search(a.before[-80:]):
        return Decision("funding.skip.spent", skip=True)
    return None


def _corrected(a: _Amount) -> Decision | None:
    """« l'État met un peu plus de deux millions… 2,2 millions exactement »: a speaker's round figure, put right by the
    exact one right after it, is not a second amount."""
    if pattern("fundings", "corrected_after", anchor="^").search(a.after[:60]):
        return Decision("funding.skip.corrected", skip=True)
    return None


# a verb of demanding in the amount's clause before it (the same verbs as an action's, ``vocab/actions.yaml``)
_DEMANDED = re.compile(rf"(?<![\w]){alternation(words('actions', 'demand_verbs'))}[^.;:]{{0,60}}?\s*$")


def _question(a: _Amount) -> Decision | None:
    """An amount in a question (« 1 million pour tout un département ? ») asks; an amount its speaker only believes or
    heard of (« Je crois que c'était autour de 900 000 euros », « Il paraît que le Département a mis 3 millions »)
    guesses; a hashtag (« #80M€ ») tags a post; an amount someone demands (« les syndicats réclament un plan de
    5 M€ ») is asked for: none commits anybody."""
    if a.ctx.sentences[a.index].text.rstrip().endswith("?"):
        return Decision("funding.skip.question", skip=True)
    if a.ctx.text[max(0, a.mention.start - 1) : a.mention.start] == "#":
        return Decision("funding.skip.hashtag", skip=True)  # « #80M€ » tags a post, it states nothing
    if pattern("fundings", "hearsay_before", anchor="$").search(a.before[-120:]):
        return Decision("funding.skip.hearsay", skip=True)
    if _DEMANDED.search(a.before[-100:]):
        return Decision("funding.skip.demanded", skip=True)  # « les syndicats réclament un plan de 5 M€ »
    return None


#: the line that opens the readers' comments of a web page, with their count (« Commentaires (3) »); not a count in a
#: share bar (« 12 commentaires »), which may stand above the article, nor a report's section « Commentaires »
_COMMENTS_HEADING = re.compile(r"^[ \t#*]*(?:commentaires?|reactions?) ?\(\d+\)[ \t]*$", re.MULTILINE)


@lru_cache(maxsize=4)
def _comments_start(text: str) -> int:
    """Where the readers' comments of a page begin (the line that opens them), or the end of the text."""
    found = _COMMENTS_HEADING.search(fold(text))
    return found.start() if found else len(text)


def _reader_comment(a: _Amount) -> Decision | None:
    """« Commentaires (3) » then « 80 millions pour toute la France, c'est une goutte d'eau. Rien que le Département
    dépense 400 millions par an. »: what a reader writes under a page commits nobody."""
    if a.mention.start > _comments_start(a.ctx.text):
        return Decision("funding.skip.reader-comment", skip=True)
    return None


def _accounts(a: _Amount) -> Decision | None:
    """A line of an organisation's accounts told in prose (« Les produits s'élèvent à 96 300 € », « Les charges de
    personnel représentent 61 200 € »): what its year cost and earned, not a commitment to the project."""
    if pattern("fundings", "accounts_before", anchor="$").search(a.before[-60:]):
        return Decision("funding.skip.accounts", skip=True)
    return None


def _other_purpose(a: _Amount) -> Decision | None:
    """The purpose an amount states right after it is another policy and names no child nor family (« soit le
    deuxième budget après celui de l'insertion (240 M€ pour le RSA) »): that policy's money, whatever the sentence
    around it speaks of."""
    purpose = _PURPOSE_AFTER.match(a.clause_after)
    if purpose is None or pattern("fundings", "child_policy_words").search(purpose.group(1)):
        return None
    found = pattern("fundings", "other_policies").search(purpose.group(1))
    return Decision("funding.skip.other-policy", skip=True) if found else None


def _other_policy(a: _Amount) -> Decision | None:
    """An amount on a line about another policy of a département (roads, collèges, sport, housing; its whole
    budget) that names no child, family nor the contract: « Routes : 38 M€ sont votés … », « Sport • … »; or whose own
    clause names such a policy and no child, whatever the rest of the sentence says (« le plan départemental de
    l'habitat, doté de 12 M€, … ne comporte aucun volet relatif aux enfants confiés »); the nearest heading above
    the line that names a policy says what it is about too (« 3e commission – Culture, sport » over « Il est
    proposé d'attribuer 74 500 € à onze clubs »)."""
    sentence = a.ctx.sentences[a.index]
    passage = fold(a.ctx.text[min(line_start(a.ctx.text, a.mention.start), sentence.start) : sentence.end])
    children, policies = pattern("fundings", "child_policy_words"), pattern("fundings", "other_policies")
    own = a.window  # the amount's own clause before it: « le plan départemental de l'habitat, doté de »
    if policies.search(own) and not children.search(own):
        return Decision("funding.skip.other-policy", skip=True)
    if children.search(passage):
        return None
    if policies.search(passage):
        return Decision("funding.skip.other-policy", skip=True)
    for heading in map(fold, _headings_above(a.ctx, a.index)):  # the nearest that says what it is about decides
        if children.search(heading):
            return None
        if policies.search(heading):
            return Decision("funding.skip.other-policy", skip=True)
    return None


#: the purpose an amount states right after it (« 240 M€ pour le RSA », « 38 M€ consacrés aux collèges »)
_PURPOSE_AFTER = re.compile(
    r"\s*(?:(?:par an|en \d{4})\s+)?"
    r"(?:pour|au titre d\w*|(?:consacre|dedie|affecte|destine)e?s? (?:a|aux|au))\s+([^()]{0,40})"
)


def _headings_above(ctx: Context, index: int) -> list[str]:
    """The heading of the section holding sentence ``index`` and the headings of higher level above it (a report's
    title over its commission's heading): each stops at the next of its level or higher."""
    layout = layout_of(ctx)
    position = layout.of_sentence.get(index)
    if position is None:
        return []
    found: list[str] = []
    level = 10
    for at in range(position - 1, -1, -1):
        block = layout.blocks[at]
        if block.kind == "heading" and block.level < level:
            found.append(ctx.text[block.start : block.end])
            level = block.level
            rubric = layout.blocks[at - 1] if at > 0 else None
            if rubric is not None and rubric.kind == "heading" and rubric.level >= level:
                found.append(ctx.text[rubric.start : rubric.end])  # « COLLÈGES » over « 2 500 ordinateurs … »
    return found


#: blocks after a heading within which the amount it announces is looked for
HEADLINE_REACH = 8


def _headline(a: _Amount) -> Decision | None:
    """A heading that gives an amount its section states again (« Un engagement financier de plus de 4 millions
    d'euros » over « Le montant total … s'élève à 4 074 300 € », « 12,4 M€ pour les projets des communes » over « la
    commission permanente a attribué 12,4 millions d'euros d'aides aux communes … »): the section says what it is;
    a rounded figure is no amount of its own, and an amount that the section says is no commitment is none."""
    layout = layout_of(a.ctx)
    position = layout.of_sentence.get(a.index)
    if position is None or layout.blocks[position].kind != "heading":
        return None
    for block in layout.blocks[position + 1 : position + 1 + HEADLINE_REACH]:
        if block.kind == "heading":
            return None
        for index in block.indexes:
            for mention in of_kind(a.ctx.mentions[index], "money"):
                body = _money(mention).value
                if _same_amount(body, a.money.value):
                    stated = decide(_amount(a.ctx, index, mention))
                    return Decision("funding.skip.headline", skip=True) if stated.skip else None
                if _rounded(a.money, body):
                    return Decision("funding.skip.headline", skip=True)
    return None


def _rounded(heading: Money, body: Decimal) -> bool:
    """Whether a heading's « plus de 4 millions » or « près de 2,3 millions » rounds the body's figure."""
    if heading.minimum:
        return heading.value < body <= heading.value * Decimal("1.1")
    return heading.approximate and abs(body - heading.value) <= heading.value * Decimal("0.1")


_AND_NEXT = re.compile(r"[^.;:()]{0,50}?(?<!\w)(?:et|ainsi que)\s+(?:de\s+|d')?$")


def _a_share(a: _Amount) -> bool:
    """Whether the amount is a « dont » share (« dont 2,1 M€ … »), or the next share of the same « dont », coordinated
    with the one before it (« dont 589,7 M€ en fonctionnement et 122,7 M€ en investissement »)."""
    shares = pattern("fundings", "share_before", anchor="$")
    if shares.search(a.before[-30:]):
        return True
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    if not previous or any(previous[-1].end <= o.start < a.mention.start for o in a.orgs):
        return False
    sentence_start = a.ctx.sentences[a.index].start
    before_previous = fold(a.ctx.text[max(sentence_start, previous[-1].start - 30) : previous[-1].start])
    return bool(shares.search(before_previous)) and bool(
        _AND_NEXT.match(fold(a.ctx.text[previous[-1].end : a.mention.start])))


def _share(a: _Amount) -> Decision | None:
    """« dont 2,1 M€ apportés par l'ARS »: a share of the total, a commitment when its payer is named."""
    if not _a_share(a):
        return None
    named = _named_after(a)
    if named is not None:
        return Decision("funding.share.dont", org=named)
    kind = budget_source(a.clause_after)
    if kind in ("state", "ars", "department"):  # « dont 540 000 € au titre du FIR », before the agent of the verb
        return Decision("funding.share.budget", kind=kind)  # of the total (« apportés par l'État, dont … du FIR »)
    if a.roles is not None and a.roles.how == "agent" and a.roles.payer is not None:
        return Decision("funding.share.dont", org=a.roles.payer)
    if pattern("fundings", "state_money").search(a.clause_after[:60]):  # « dont 48 000 € issus des crédits de la
        return Decision("funding.share.budget", kind="state")  # contractualisation »: State money in other words
    total = _amount_before(a.ctx, a.index, a.mention.start)
    decision = decide(total) if total is not None and total.index == a.index else None
    if decision is not None and not decision.skip and _one_payer(decision) and _earmarked(a):
        return replace(decision, rule="funding.share.of-payer")
    return Decision("funding.skip.share-without-payer", skip=True)


def _one_payer(decision: Decision) -> bool:
    """Whether a decision names one payer (an organisation of a paying kind, or the State, an ARS, a council)."""
    if decision.org is not None:
        return decision.org.kind in _PAYERS
    return decision.kind in ("state", "ars", "department")


def _earmarked(a: _Amount) -> bool:
    """A share set aside for a purpose or in words of the payer's money (« dont 3,5 MEUR réservés à l'outre-mer »,
    « dont 412.000 euros de crédits supplémentaires »), not a mere part of a cost."""
    return bool(pattern("fundings", "earmarked_after", anchor="^").search(a.after[:60]))


def _named_after(a: _Amount) -> OrgMention | None:
    """An organisation just after the amount: « 2 M€ de l'État », « 3 M€ (ARS) », « 1 M€ apportés par l'ARS »."""
    later = [m.start for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    for org in a.orgs:
        if org.start < a.mention.end:
            continue
        between = fold(a.ctx.text[a.mention.end : org.start])
        if ";" in between or len(between) > 70 or (later and later[0] < org.start):
            return None
        if later and re.fullmatch(r"\s*\(\s*", a.ctx.text[org.end : later[0]]):
            return None  # « financé par l'État (2 M€) »: the amount in brackets is the organisation's
        if pattern("fundings", "remainder_words").search(between) or re.search(r"\bdont\b", between):
            return None  # « 2,4 M€, le reste étant apporté par l'association », « 240 000 €, dont 120 000 versés par »
        agent = re.search(r"(?:(\S+)\s+)?\bpar\s+(?:l'|le |la |les )?\s*$", between)
        if agent and org.kind != "municipality":
            # « 90 000 euros en 2022, selon le courrier reçu par le Département »: who received a letter, not a payer
            return None if agent.group(1) and _receiving(agent.group(1)) else org
        if _of_payer().fullmatch(between) and org.kind in _PAYERS:
            return org
        return None
    return None


@cache
def _of_payer() -> re.Pattern[str]:
    """What may stand between an amount and its payer: « 2 M€ de l'État », « 485 k€ de crédits État », « 69 000 € de
    crédits de l'État », « 265 000 € de crédits supplémentaires de l'État », « 400 000 euros viennent de l'agence
    régionale de santé », « la moitié, 1,5 M€, provient de l'État », « 3 M€ (ARS) », « 620 000 € supplémentaires de
    la part de l'État », « dont 1,62 M€ couverts par les recettes attendues de l'État »."""
    nouns = alternation(words("fundings", "funding_nouns"))
    source = alternation(words("fundings", "source_verbs_after"))
    article = r"(?:de l'|du |de la |des |de |d'|\(|)"
    quoted = r"(?:[»\"”]\s*)?"  # « le contrat apportait « 900 000 euros » de l'État »
    added = r"(?:(?:supplementaires?|nouveaux|nouvelles?|complementaires?|additionnel(?:le)?s?)\s+)?"
    # a noun of money the payer's, brought by a participle (« couverts par les recettes attendues de »)
    agent = rf"(?:\w+\s+)?par\s+(?:les |des |la |le |l')?\s*(?:{nouns}|recettes?)\s+(?:[a-z]+(?:ees?|ues?|us)\s+)?"
    verb = rf"(?:(?:,\s*)?(?:qui )?{source}\s+|{agent})"
    return re.compile(rf"\s*{quoted}{added}{verb}?(?:(?:de |d'|des )?{nouns}\s+{added})?{article}\s*")


def _relative_payer(a: _Amount) -> Decision | None:
    """« les quelque 68 M€ que le Département consacre chaque année à l'enfance »: the subject of the relative clause
    the amount opens pays it."""
    for org in a.orgs:
        if org.start >= a.mention.end and org.kind in _PAYERS and org.use not in _NOT_FUNDER:
            between = fold(a.ctx.text[a.mention.end : org.start])
            if _RELATIVE_QUE.fullmatch(between):
                if _joined(a, org):  # « 2,8 M€, que l'État et le Département se partagent »: a joint total
                    return Decision("funding.total.joint", kind="other")
                return Decision("funding.payer.relative-subject", org=org)
            return None
    return None


_WHAT_IT_MAKES = re.compile(r",\s*(?:ce qui|cela|qui) (?:represente|representera|represent(?:ent|eront))\s+"
                            r"(?:environ |pres de |quelque |au total |plus de )?$")


def _what_it_makes(a: _Amount) -> Decision | None:
    """« … pris en charge par la collectivité départementale sous la forme d'un prix de journée, ce qui représente
    environ 240 000 € par an »: the sum of what the clause before says one payer takes on is that payer's."""
    found = _WHAT_IT_MAKES.search(a.before)
    if found is None:
        return None
    start = a.ctx.sentences[a.index].start + found.start()
    payers = [o for o in a.orgs if o.end <= start and o.kind in _PAYERS and o.use not in _NOT_FUNDER]
    if len({o.kind for o in payers}) != 1:
        return None
    return Decision("funding.payer.what-it-makes", org=payers[-1])


_RELATIVE_QUE = re.compile(r"\s*(?:\([^)]*\)\s*)?,?\s*(?:que|qu')\s*(?:l'|le |la |les |notre |son |sa )?\s*")


def _respectively(a: _Amount) -> Decision | None:
    """« L'État et le Département apportent respectivement 1 M€ et 1,5 M€ »: the n-th amount, the n-th payer."""
    sentence = a.ctx.sentences[a.index]
    word = re.search(r"\brespectivement\b", fold(sentence.text))
    if word is None or a.mention.start < sentence.start + word.start():
        return None
    payers = [o for o in a.orgs if o.end <= sentence.start + word.start() and o.use not in _NOT_FUNDER]
    amounts = [m.start for m in of_kind(a.ctx.mentions[a.index], "money") if m.start > sentence.start + word.start()]
    if len(payers) < 2 or len(payers) != len(amounts):
        return None
    return Decision("funding.payer.respectively", org=payers[amounts.index(a.mention.start)])


def _bracket_payers(a: _Amount) -> Decision | None:
    """« 600 M€ mobilisés sur 2020-2022 (État et assurance maladie) »: several payers of different kinds named in the
    brackets that follow the amount in its clause make it a joint total."""
    sentence = a.ctx.sentences[a.index]
    found = re.match(r"[^(;.]{0,40}\(([^()]{3,80})\)", a.ctx.text[a.mention.end : sentence.end])
    if found is None:
        return None
    start, end = a.mention.end + found.start(1), a.mention.end + found.end(1)
    kinds = {o.kind for o in a.orgs if start <= o.start and o.end <= end and o.kind not in ("pmi", "municipality")}
    return Decision("funding.total.joint", kind="other") if len(kinds) >= 2 else None


def _bracket(a: _Amount) -> Decision | None:
    """« financé par l'État (2 M€) et par le Département (1,5 M€) »: an amount in brackets after its payer."""
    before = [o for o in a.orgs if o.end <= a.mention.start]
    if before and before[-1].kind != "pmi" and re.fullmatch(r"\s*\(\s*", a.ctx.text[before[-1].end : a.mention.start]):
        return Decision("funding.payer.bracket", org=before[-1])
    return None


def _surface_after(a: _Amount) -> Decision | None:
    """The payer named just after the amount; several (« cofinancés par le Département et l'État ») or one
    named as a co-funder (« s'élève à 214 000 €, cofinancé par l'ARS à hauteur de 85 500 € »: the ARS pays a
    share, the amount is the total of several parties) make it a joint total."""
    org = _named_after(a)
    if org is not None and (_joined(a, org) or _COFUNDED.search(fold(a.ctx.text[a.mention.end : org.start]))):
        return Decision("funding.total.joint", kind="other")  # « 120 000 €, cofinancés par le Département et l'État »
    return Decision("funding.payer.named-after", org=org) if org is not None else None


_COFUNDED = re.compile(r"\bco-?financ\w*")
_JOINING = re.compile(r"\s*(?:,|et|ainsi que|ou)\s*(?:par\s+)?(?:l'|le |la |les )?\s*")


def _joined(a: _Amount, org: OrgMention) -> bool:
    """Whether ``org`` is coordinated with a payer of another kind just before or after it (« le Département et
    l'État »): several payers of one amount, a joint total."""
    text = a.ctx.text
    for other in a.orgs:
        if other is org or other.kind not in _PAYERS or other.kind == org.kind or other.use in _NOT_FUNDER:
            continue
        first, second = (other, org) if other.end <= org.start else (org, other)
        if second is other and _own_amount_after(a, other):
            continue  # « 215 000 € du FIR et le Département engage 1 015 000 € »: a clause of its own
        between = fold(text[first.end : second.start])
        if _JOINING.fullmatch(between) and not any(
            first.end <= m.start < second.start for m in of_kind(a.ctx.mentions[a.index], "money")
        ) and ("," not in between or _list_closes(a, second)):
            return True
    return False


def _own_amount_after(a: _Amount, org: OrgMention) -> bool:
    """Whether an organisation named after the amount is followed closely by an amount of its own, outside
    brackets (« … et le Département engage 1 015 000 € »): the subject of the next clause, not a co-payer."""
    later = [m.start for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= org.end and m is not a.mention]
    return bool(later) and bool(re.fullmatch(r"[^(;,.]{0,40}", a.ctx.text[org.end : later[0]]))


def _list_closes(a: _Amount, org: OrgMention) -> bool:
    """Whether a list of payers continues after ``org`` up to an « et » (« l'État, l'ARS et le Département »): a
    comma alone may start a new clause (« 940 000 € viennent de l'État, la collectivité apporte 1,36 M€ »)."""
    later = [o for o in a.orgs if o.start >= org.end and o.kind in _PAYERS]
    return bool(later) and bool(re.fullmatch(r"\s*(?:,|et|ainsi que)\s*(?:par\s+)?(?:l'|le |la |les )?\s*",
                                             fold(a.ctx.text[org.end : later[0].start])))


def _coordinated(a: _Amount) -> Decision | None:
    """« l'État s'engage à hauteur de 8,4 M€ et l'ARS de 4,3 M€ »: a payer named between two amounts that
    share one verb pays the second, unless it is the complement of the first (« 1 M€ de l'État »)."""
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    if not previous:
        return None
    between = [
        o for o in a.orgs
        if previous[-1].end <= o.start and o.end <= a.mention.start and o.use is None and o.kind != "pmi"
        and not _of_payer().fullmatch(fold(a.ctx.text[previous[-1].end : o.start]))
    ]  # « 1,47 M€ de crédits de l'État, auxquels s'ajoute … 2,1 M€ »: the State names the amount before
    if not between or (a.roles is not None and a.roles.payer is not None and a.roles.payer.start >= previous[-1].end):
        return None
    if _named_after(_amount(a.ctx, a.index, previous[-1])) is between[-1]:
        return None  # « 1 120 000 € sont apportés par l'État … et la part départementale s'élève à 1,18 M€ »
    return Decision("funding.payer.coordinated", org=between[-1])


def _contribution_of(a: _Amount) -> Decision | None:
    """« porte la contribution de l'État à 1,54 M€ », « Participation du Département …… 648 500 € »: a noun of
    funding whose complement is the payer, just before the amount."""
    line = a.line_before
    nouns = pattern("fundings", "funding_nouns")
    offset = a.mention.start - len(line)
    previous = [m.end for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    floor = max([offset, *previous])
    for org in reversed([o for o in a.orgs if o.end <= a.mention.start and o.start >= floor]):
        lead = line[max(0, org.start - offset - 40) : org.start - offset]
        if _COMPARED.search(lead):
            continue  # « un montant au moins équivalent à la participation de l'État »: a yardstick, not a payer
        if previous and floor == previous[-1] and _of_payer().fullmatch(fold(a.ctx.text[floor : org.start])):
            return None  # « 485 k€ de crédits État, et … 520 K€ »: the organisation names the amount before
        if re.search(rf"{nouns.pattern}\s+(?:de l'|du |de la |des |de |)\s*$", lead) and org.kind in _PAYERS:
            nearer = budget_source(fold(a.ctx.text[org.end : a.mention.start]))
            if nearer is not None and nearer != section("organisations", "funder_kinds").get(org.kind):
                return None  # « les crédits de l'État … ne représentent qu'une fraction du budget départemental, lequel
            return Decision("funding.payer.contribution-of", org=org)  # s'élève à 34,6 M€ »: the nearer budget's
    return None


def _table_column(a: _Amount) -> Decision | None:
    """A row of a financing table under a header that names the payer of its column (« Action | Axe | Crédits de
    l'État 2022 », « Action ……… Crédits État 2021 », « Engagement Crédits État »; see ``fundings_tables``). A row
    of a table whose rows end with their amount and that names its own payer (« - État : 1 020 000 € ») is left
    to the other rules, and so is a row that names the budget it comes from. A column whose header or caption says
    State money in other words (« Crédits délégués ») is the State's, national when they say « aux départements »."""
    text = a.ctx.source.text  # a table is read by its stored lines, not through the view that joins them
    if budget_source(fold(text[line_start(text, a.mention.start) : a.mention.start])):
        return None  # « Cofinancement départemental valorisé : 1 046 300 € » under a table of State credits
    named = row_payer_kinds(text, a.mention.start)  # « | 140 k€ | État / CD | »: the row's own financing cell
    if named:
        return Decision("funding.payer.table-column", kind=named.pop()) if len(named) == 1 else Decision(
            "funding.total.joint", kind="other")
    payer = pipe_column_payer(text, a.mention.start)
    if payer is None and not any(o.kind in _PAYERS and o.end <= a.mention.start for o in a.orgs):
        payer = row_column_payer(text, a.mention.start, a.mention.end)
    if payer is not None:
        return Decision("funding.payer.table-column", org=payer)
    column = fold(pipe_column_words(text, a.mention.start))
    if not a.orgs and pattern("fundings", "state_money").search(column):  # « Crédits délégués », no payer named
        national = True if pattern("fundings", "national").search(column) else None
        return Decision("funding.payer.table-column", kind="state", national=national)
    return None


_PAYERS = ("state", "ars", "council")


def _total_of_shares(a: _Amount) -> Decision | None:
    """« Le contrat mobilise au total 2,9 M€, dont 1,18 M€ de crédits délégués par l'État et 310 000 € apportés par
    l'agence »: an amount whose « dont » shares name payers of several kinds is their total (``other``), whatever
    words of State money or budgets the shares use; a payer the parse names for it decides first."""
    later = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    if not later or not pattern("fundings", "share_before", anchor="$").search(
        fold(a.ctx.text[a.mention.end : later[0].start])
    ):
        return None
    kinds = {o.kind for o in a.orgs if o.start >= later[0].start and o.kind in _PAYERS and o.use not in _NOT_FUNDER}
    if a.roles is not None and a.roles.payer is not None and a.roles.payer.start < later[0].start:
        # the parse's payer of the total (an agent after its shares is a share's: « apportés par »), unless a share is
        # another payer's money: « Le Département consacre 265 000 €, dont 150 000 € de crédits délégués par l'État »
        # is a cost two payers share (the State's money through its agency, the ARS, is still the State's)
        payer = a.roles.payer.kind
        others = kinds - {payer} - ({"ars"} if payer == "state" else set())
        return Decision("funding.total.other-share", kind="other") if payer in _PAYERS and others else None
    return Decision("funding.total.shares", kind="other") if len(kinds) >= 2 else None


def _parse_payer(a: _Amount) -> Decision | None:
    """The agent or subject of the governing verb, when it is an organisation."""
    if a.roles is None or a.roles.payer is None or a.roles.payer.kind == "pmi":
        return None
    if _LOCATIVE.search(fold(a.ctx.text[max(0, a.roles.payer.start - 12) : a.roles.payer.start])):
        return None  # « dans le Morbihan l'État met 1,9 million »: a place the sentence is set in pays nothing
    between = fold(a.ctx.text[a.roles.payer.end : a.mention.start])
    if a.roles.payer.end <= a.mention.start and _RELATIVE_DONT.search(between):
        return None  # « Le Département signe un contrat dont le coût total est de 2 M€ »: the relative clause's amount
    if any(a.mention.end <= m.start < a.roles.payer.start for m in of_kind(a.ctx.mentions[a.index], "money")):
        return None  # « 3,1 M€ sur deux ans, dont 240 000 € apportés par l'agence »: the agent is the share's
    money_before = any(m.end <= a.roles.payer.start for m in of_kind(a.ctx.mentions[a.index], "money"))
    if a.roles.how == "subject" and not money_before and _joined(a, a.roles.payer):
        return Decision("funding.total.joint", kind="other")  # « l'État et le Département scellent un contrat à … »
    return Decision(f"funding.payer.parse-{a.roles.how}", org=a.roles.payer)


_RELATIVE_DONT = re.compile(r"\bdont (?:le|la|les|l')\b")
_LOCATIVE = re.compile(r"\b(?:dans|en)\s+(?:le |la |les |l')?$")


def _received(a: _Amount) -> Decision | None:
    """« la Nièvre … a reçu 785 000 € », « l'Allier, qui a bénéficié de 1 020 000 € »: the subject of a verb of
    receiving is the money's recipient, never its payer; a département (its council) receiving money whose giver
    no rule before found named receives it from the State, its partner in the contract."""
    if a.roles is None or not _receiving(a.roles.governor.text):
        return None
    giver = _giver_after(a)
    if giver is not None:
        return Decision("funding.payer.received-from", org=giver)
    recipient = a.roles.payer
    if recipient is None and not a.roles.has_subject:
        before = [o for o in a.orgs if o.end <= a.mention.start and o.use not in _NOT_FUNDER]
        recipient = before[-1] if before else None
    if recipient is not None and recipient.kind == "council":
        return Decision("funding.payer.received", kind="state")
    return None


_FROM = re.compile(r"\s(?:du|de la|de l'|des|d')\s*$")  # « recevra du Département du Cher », « reçoit de l'ARS »


def _giver_after(a: _Amount) -> OrgMention | None:
    """The organisation a verb of receiving names as the giver, between the verb and the amount (« L'association
    recevra du Département du Cher une dotation de 340 000 euros »)."""
    assert a.roles is not None  # only called on a verb of receiving
    verb_end = a.ctx.sentences[a.index].start + a.roles.governor.idx + len(a.roles.governor.text)
    for org in (o for o in a.orgs if verb_end <= o.start and o.end <= a.mention.start):
        if org.kind in _PAYERS and _FROM.search(" " + fold(a.ctx.text[verb_end : org.start])):
            return org
    return None


def _receiving(verb: str) -> bool:
    return bool(pattern("fundings", "receiving_verbs", anchor="^").match(fold(verb)))


#: characters after an amount within which a budget named is the amount's own
AFTER_REACH = 40


def _parse_source(a: _Amount) -> Decision | None:
    """« 140 M€ sont inscrits sur le budget général », « prévus dans le PLFSS »: the budget says whose money."""
    kind = a.roles.source_kind if a.roles is not None else None
    # the budget right after it (« … de l'État et 465 k€ à la charge du Département »), else its own clause's
    kind = kind or budget_source(a.clause_after[:AFTER_REACH]) or budget_source(_own_window(a) + " " + a.clause_after)
    kind = kind or budget_source(_charge_after(a))
    return Decision("funding.payer.budget-source", kind=kind) if kind else None


def _own_window(a: _Amount) -> str:
    """The window before the amount from where its own clause starts: after the last « ; », and after an « et » or a
    comma that opens a new clause with its own subject (« … 215.000 euros du fonds d'intervention régional et le
    Département engage 1.015.000 euros »: the fund is the agency's amount's, not the Département's)."""
    window = a.window.rsplit(";", 1)[-1]
    offset = a.mention.start - len(window)
    for org in reversed([o for o in a.orgs if offset <= o.start and o.end <= a.mention.start]):
        if re.search(r"(?:,|\bet)\s*(?:l'|le |la |les )?\s*$", fold(a.ctx.text[offset : org.start])):
            return fold(a.ctx.text[org.start : a.mention.start])
    return window


_CHARGE = re.compile(
    r",\s*(?:\w+ment\s+)?(?:(?:reste|restent|sont|est|demeure)\s+)?(?:a la charge|pris en charge)\b[^,;:]*"
)


def _charge_after(a: _Amount) -> str:
    """The piece after the comma that closes the amount's clause when it says who bears it (« L'investissement est de
    2,3 M€, entièrement à la charge du Département »), or the rest of the clause of an amount in apposition (« Le
    crédit nécessaire, 165.000 euros, est inscrit au budget supplémentaire »)."""
    sentence = a.ctx.sentences[a.index]
    rest = fold(a.ctx.text[a.mention.end : sentence.end])
    found = _CHARGE.match(rest)
    if found:
        return found.group(0)
    apposition = re.search(r",\s*$", a.before) and re.match(r"\s*,([^,;:]*)", rest)
    return apposition.group(1) if apposition else ""


def _parse_no_payer(a: _Amount) -> Decision | None:
    """The parse found a subject that is no organisation (« le programme pèse 4,8 M€ »): no stated payer;
    or several organisations of different kinds (« l'État et l'ARS nous accompagnent à hauteur de … »): a joint
    total."""
    if a.roles is not None and a.roles.joint:
        return Decision("funding.total.joint", kind="other")
    if a.roles is None or not a.roles.has_subject or a.roles.subject_is_org:
        return None
    if a.roles.cost_verb:
        return Decision("funding.total.cost", kind="other")
    return None


_BEARER = re.compile(r"\s*(?:(?:par an|chaque annee|annuels?|en \d{4})\s*)?(?:pour|a)\s+(?:l'|le |la )?\s*")


def _cost_bearer(a: _Amount) -> Decision | None:
    """« la protection de l'enfance représente un budget annuel de 150 M€ pour le Département », « une dépense
    d'environ 1,1 M€ par an pour le Département », « la mesure coûte 2 M€ à l'État »: the bearer of a cost or a budget,
    right after its amount, is its payer (« une enveloppe de 1 M€ pour le Département », no cost, names whom it goes
    to)."""
    if not pattern("fundings", "cost_nouns").search(_own_window(a)):
        return None
    for org in a.orgs:
        if org.start < a.mention.end or org.kind not in _PAYERS:
            continue
        between = fold(a.ctx.text[a.mention.end : org.start])
        return Decision("funding.payer.cost-bearer", org=org) if _BEARER.fullmatch(between) else None
    return None


def _surface_relative(a: _Amount) -> Decision | None:
    """« … au Département, qui engage 1,3 M€ », « le Département, lui, apporte … »: the antecedent pays."""
    before = [o for o in a.orgs if o.end <= a.mention.start]
    if before and before[-1].kind != "pmi" and _RELATIVE.match(fold(a.ctx.text[before[-1].end : a.mention.start])):
        return Decision("funding.payer.surface-relative", org=before[-1])
    return None


def _stated_total(a: _Amount) -> Decision | None:
    """« … et le département 4,02 M€ : au total, 7,4 M€ », « Au total, ce sont près de 6 M€ »: an amount the text
    calls a total, whose payer no earlier rule found named, is ``other`` (or the one payer of all its parts, see
    ``_total_kinds``)."""
    previous = [m.end for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    since = fold(a.ctx.text[max([a.ctx.sentences[a.index].start, *previous]) : a.mention.start])
    return Decision("funding.total.stated", kind="other") if _total_before().search(since) else None


@cache
def _total_before() -> re.Pattern[str]:
    total = alternation(words("fundings", "total_before"))
    fillers = alternation(words("fundings", "total_fillers"))
    return re.compile(rf"(?<!\w)(?:{total})(?:[\s,:]|(?<!\w)(?:{fillers})(?!\w))*$")


_CLAUSE_OPENING = re.compile(
    # a numbered paragraph of an act may open the clause (« 4.1. Le Département verse … »)
    r"\W*(?:(?:article )?\d+(?:\.\d+)*\.?\s*(?:[-–:]\s*)?)?"
    r"\W*(?:(?:enfin|ensuite|puis|de plus|en outre|par ailleurs|de son cote|pour sa part|quant a elle|quant a lui|"
    r"d'autre part|cote chiffres|concretement|au titre de \S+)\W+)*"
    # a short fronted phrase closed by a comma (« Hors tableau, », « En 2022, », « Dans ce cadre, »)
    r"(?:[^\W\d][^,;:()]{1,30},\s*)?(?:l'|le |la |les |notre |son |sa )?\s*"
)


#: organisations that may pay an amount as the subject opening its clause (« L'assurance maladie financera … »)
_OPENERS = (*_PAYERS, "other", "municipality", "association")


def _opening_payer(ctx: Context, index: int, end: int, alone: bool = True) -> OrgMention | None:
    """The payer that opens the clause of sentence ``index`` ending at ``end`` (French puts the subject first):
    the clause starts at the sentence's start, after its last « ; » before ``end``, or inside the bracket still open
    at ``end`` (« … un cadre adapté (l'ARS finance le temps médical à hauteur de 95 000 €) »); other payers of the
    clause before ``end`` must be of the same kind when ``alone``."""
    sentence = ctx.sentences[index]
    start = max(sentence.start, ctx.text.rfind(";", sentence.start, end) + 1)
    bracket = ctx.text.rfind("(", start, end)
    if bracket >= 0 and ctx.text.find(")", bracket, end) < 0:
        start = bracket + 1
    inside = [o for o in _actors(ctx, index) if start <= o.start and o.end <= end and o.kind in _OPENERS]
    if not inside or inside[0].use in _NOT_FUNDER or (alone and len({o.kind for o in inside}) > 1):
        return None
    opening = _CLAUSE_OPENING.fullmatch(fold(ctx.text[start : inside[0].start]))
    return inside[0] if opening else None


def _clause_subject(a: _Amount) -> Decision | None:
    """Where the parse names no payer (a sentence it gets wrong: « … ; l'agence la finance à hauteur de 180 000 € »):
    the payer that opens the amount's clause, unless the verb's subject is a noun of total or cost (« le coût »)
    or the amount belongs to a relative clause of its own (« dont le coût … »)."""
    if a.roles is not None and (a.roles.payer is not None or pattern("fundings", "total_words").fullmatch(
        fold(a.roles.subject_word)
    )):
        return None
    org = _after_colon_payer(a) or _opening_payer(a.ctx, a.index, a.mention.start)
    between = fold(a.ctx.text[org.end : a.mention.start]) if org is not None else ""
    if org is None or re.search(r"\bdont\b", between) or pattern("fundings", "national").search(_own_stretch(a)):
        return None  # « Le Calvados fait partie des trente départements …, dotée au niveau national de 80 M€ »
    return Decision("funding.payer.clause-subject", org=org)


def _after_colon_payer(a: _Amount) -> OrgMention | None:
    """« … s'installe à Roanne : l'ARS la finance à hauteur de 185 000 € »: a colon opens a clause of its own, whose
    first payer is the subject (when a payer opens it; a label before the colon, « Crédits : 2 M€ », names none)."""
    sentence = a.ctx.sentences[a.index]
    colon = a.ctx.text.rfind(":", sentence.start, a.mention.start)
    if colon < 0 or a.ctx.text.rfind(";", colon, a.mention.start) >= 0:
        return None
    inside = [o for o in a.orgs if colon < o.start and o.end <= a.mention.start and o.kind in _OPENERS]
    if not inside or inside[0].use in _NOT_FUNDER or len({o.kind for o in inside}) > 1:
        return None
    return inside[0] if _CLAUSE_OPENING.fullmatch(fold(a.ctx.text[colon + 1 : inside[0].start])) else None


_FEMININE = re.compile(r"(?:agence|ars|collectivite|prefecture|region)\b")


def _pronoun_antecedent(a: _Amount) -> Decision | None:
    """« Le Département s'engage à … Il y consacrera 1.180.000 euros »: a subject pronoun with no antecedent in its
    sentence stands for the payer that opens the sentence before (its subject: other organisations after it are
    its objects), of its gender (« il » the State or a council, « elle » the ARS or « la collectivité »)."""
    word = fold(a.roles.subject_word) if a.roles is not None and not a.roles.cost_verb else ""
    if word not in ("il", "elle") or a.index == 0:
        return None  # « Pour 2022, il représente 1,5 M€ »: what costs the amount is a programme, not a payer
    previous = a.ctx.sentences[a.index - 1]
    org = _opening_payer(a.ctx, a.index - 1, previous.end, alone=False)
    if org is None or bool(_FEMININE.match(fold(org.name))) != word.startswith("elle"):
        return None
    return Decision("funding.payer.pronoun-antecedent", org=org)


_POSSESSIVE = re.compile(
    r"\b(?:son|sa|leur) (?:propre |)(?:engagement|apport|effort|participation|contribution|part|enveloppe|financement|"
    r"cofinancement|budget)\b[^.;:]{0,60}$"
)


def _possessive(a: _Amount) -> Decision | None:
    """« La collectivité s'est engagée à mobiliser un montant au moins équivalent ; son engagement s'établit à
    1,95 M€ »: a possessive before a noun of money stands for the payer that opens the clause or sentence before."""
    found = _POSSESSIVE.search(a.window)
    if found is None:
        return None
    sentence = a.ctx.sentences[a.index]
    at = a.mention.start - (len(a.window) - found.start())
    semicolon = a.ctx.text.rfind(";", sentence.start, at)
    if semicolon >= 0:
        org = _opening_payer(a.ctx, a.index, semicolon, alone=False)
    elif a.index > 0 and _CLAUSE_OPENING.fullmatch(fold(a.ctx.text[sentence.start : at])):
        org = _opening_payer(a.ctx, a.index - 1, a.ctx.sentences[a.index - 1].end, alone=False)
    else:
        org = None
    return Decision("funding.payer.possessive", org=org) if org is not None else None


def _first_person(a: _Amount) -> Decision | None:
    """« Nous consacrons 190 M€ par an à l'enfance », « Vous consacrez chaque année 262 M€ »: « vous » in a
    document about a département is that département (a letter addressed to it, its assembly's debate); « nous »
    is, where the document speaks for it (« l'État nous apporte … », « notre collectivité », a council's minutes)."""
    word = fold(a.roles.subject_word) if a.roles is not None else ""
    if a.ctx.focus is None or word not in ("nous", "vous") or _object_pronoun(a, word):
        return None
    if word == "nous" and not _speaks_for_departement(a.ctx.text):
        return Decision("funding.payer.we-quoted", kind="department") if _council_speaker(a) else None
    return Decision(f"funding.payer.{'we' if word == 'nous' else 'addressed'}", kind="department")


#: characters after an amount within which the quotation holding it closes
QUOTE_REACH = 300


#: a transcript's or an interview's speaker label opening a line (« [00:31] GRÉGOIRE MAILLOT, président du Conseil
#: départemental de l'Yonne : »), up to its colon
_SPEAKER_LABEL = re.compile(r"(?:\[[\d:.]+\]\s*)?[^:\n]{3,140}?\s:\s")  # after its timecode


def _council_speaker(a: _Amount) -> bool:
    """Whether the amount stands in a quotation whose speaker, named after it closes (in its sentence or the next
    line), is the head of the council: « Nous y ajoutons 410 000 euros », a souligné le président; or on a line of a
    transcript whose speaker label names the head of the council."""
    text = a.ctx.text
    label = _SPEAKER_LABEL.match(text, line_start(text, a.mention.start))
    if label is not None and label.end() <= a.mention.start and pattern("fundings", "council_speaker").search(
        fold(label.group(0))
    ):
        return True
    opened, closed = text.rfind("«", 0, a.mention.start), text.find("»", a.mention.end, a.mention.end + QUOTE_REACH)
    if opened < 0 or closed < 0 or text.rfind("»", opened, a.mention.start) >= 0:
        return False
    end = text.find("\n", closed + 1)
    end = text.find("\n", end + 1) if end >= 0 and not text[closed + 1 : end].strip() else end
    after = fold(text[closed + 1 : end if end >= 0 else closed + 160][:160])
    return bool(pattern("fundings", "council_speaker").search(after))


def _own_budget(a: _Amount) -> Decision | None:
    """« Les crédits de la politique enfance-famille devraient atteindre 71,4 M€ »: in a document that speaks for its
    département, its own budget for a policy is the council's money."""
    if a.ctx.focus is None or not pattern("fundings", "own_budget_before", bounded=False).search(a.before):
        return None
    return Decision("funding.payer.own-budget", kind="department") if _speaks_for_departement(a.ctx.text) else None


@lru_cache(maxsize=4)
def _speaks_for_departement(text: str) -> bool:
    """Whether a document speaks for its département (read once per document): its words (« notre collectivité »,
    the minutes of its assembly) or its letterhead, a first line that names the council alone (« DÉPARTEMENT DE LA
    CHARENTE », « Conseil départemental de l'Allier », not « DÉPARTEMENT … / PRÉFECTURE … »)."""
    folded = fold(text)
    if pattern("fundings", "departement_voice").search(folded):
        return True
    first = next((line for line in folded[:LETTERHEAD_REACH].splitlines() if line.strip(" #*>-\t")), "")
    first = re.sub(r"<[^>]*>", " ", first)  # an HTML page's first line
    return bool(_LETTERHEAD.match(first)) and not pattern("fundings", "other_letterhead").search(first)


#: characters from the start of a document within which its first line is looked for
LETTERHEAD_REACH = 400
_LETTERHEAD = re.compile(r"[\s#*>-]*(?:departement|conseil departemental) (?:de |du |des |d')")


def _proposed(a: _Amount) -> Decision | None:
    """« Il est proposé de lui attribuer une subvention de 88 000 € », « Je vous propose d'inscrire … »: in a document
    that speaks for its département (its council's report, its agenda), the proposal is the council's; the money too,
    when no rule before found it named."""
    proposal = pattern("fundings", "proposal_before", bounded=False)
    if a.ctx.focus is None or not proposal.search(a.before.rsplit(";", 1)[-1]):
        return None
    return Decision("funding.payer.proposed", kind="department") if _speaks_for_departement(a.ctx.text) else None


def _object_pronoun(a: _Amount, word: str) -> bool:
    """Whether the last « nous »/« vous » before the amount follows an organisation or a subject pronoun (« l'État
    nous verse … », « il vous attribue … »): an object the parse took for the subject."""
    sentence = a.ctx.sentences[a.index]
    found = [m.start() for m in re.finditer(rf"\b{word}\b", a.before)]
    if not found:
        return False
    position = sentence.start + found[-1]
    if re.search(r"\b(?:il|elle|ils|elles|qu'il|qu'elle|on)\s+$", a.before[: found[-1]]):
        return True
    return any(o.end <= position and not a.ctx.text[o.end : position].strip() for o in a.orgs)


def _same_verb_amount(a: _Amount) -> Decision | None:
    """« inscrire 138,2 M€ en fonctionnement …, ainsi que 3,4 M€ en investissement »: an amount coordinated with
    the one before it, with no organisation between them, is the same payer's money (a total or an amount of no
    stated payer passes nothing on)."""
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    if not previous or any(previous[-1].end <= o.start < a.mention.start for o in a.orgs):
        return None
    if not re.search(r"(?:,|\bet|\bainsi que|\bpuis)\s*$", fold(a.ctx.text[previous[-1].end : a.mention.start])):
        return None
    return _passed_on(decide(_amount(a.ctx, a.index, previous[-1])), "funding.payer.same-verb")


def _passed_on(earlier: Decision, rule: str) -> Decision | None:
    """The payer of an earlier amount, for an amount that is part of it or shares its verb; none when the earlier
    one is no commitment or a total of no one payer."""
    if earlier.skip or (earlier.org is None and earlier.kind not in ("state", "ars", "department")):
        return None
    return replace(earlier, rule=rule)


_BULLET = re.compile(r"\s*(?:[-•*–]|\d+°|[a-z]\))\s*")


def _breakdown_part(a: _Amount) -> Decision | None:
    """« Ce montant se décompose comme suit : - 874 600 € au titre de … ; - 340 000 € au titre de … »: an amount
    opening an item of a list whose heading announces a breakdown is a part of the amount before the heading, the
    same payer's."""
    text = a.ctx.text
    start = line_start(text, a.mention.start)
    if not _BULLET.fullmatch(text[start : a.mention.start]):
        return None
    heading = start
    while heading > 0 and text[heading - 1] == "\n":  # back over the list's items to its heading
        start, heading = heading, line_start(text, heading - 1)
        if not _BULLET.match(text[heading:start]):
            break
    if not re.search(r":\s*$", text[heading:start]) or not pattern("fundings", "breakdown_words").search(
        fold(text[heading:start])
    ):
        return None
    earlier = _amount_before(a.ctx, a.index, start)
    return _passed_on(decide(earlier), "funding.payer.breakdown") if earlier is not None else None


def _amount_before(ctx: Context, index: int, position: int) -> _Amount | None:
    """The last amount of the document before ``position``, looked for in the three sentences up to ``index``."""
    for i in range(index, max(-1, index - 4), -1):
        found = [m for m in of_kind(ctx.mentions[i], "money") if m.end <= position]
        if found:
            return _amount(ctx, i, found[-1])
    return None


def _surface_before(a: _Amount) -> Decision | None:
    """Where the parse says nothing: the nearest organisation before the amount that is not a recipient; none for an
    amount its own stretch calls national (the State's envelope, decided later)."""
    if (a.roles is not None and a.roles.has_subject) or pattern("fundings", "national").search(_own_stretch(a)):
        return None
    for org in reversed([o for o in a.orgs if o.end <= a.mention.start]):
        if _COMPARED.search(fold(a.ctx.text[max(0, org.start - 40) : org.start])):
            continue  # a yardstick (« équivalent à la participation de l'État »), not a payer
        if org.use not in _NOT_FUNDER and org.kind != "pmi":
            if a.mention.pattern.startswith("money.table-") and not names_a_row(a.ctx.source.text, org.start, org.end):
                return None  # a bare figure of a table row whose label names an organisation as a measure's name
            if _joined(a, org):
                return Decision("funding.total.joint", kind="other")  # « l'État et le Département signent … 3,1 M€ »
            return Decision("funding.payer.surface-before", org=org)
    return None


_FIELD_AMOUNT = re.compile(r"^\W*[^\W\d][\w'’ -]{1,40}\s?:\s*$")  # « Subvention : » before the amount
#: how many sentences back the line that introduces a list of amounts is looked for
LEAD_IN_REACH = 24


def _lead_in(a: _Amount) -> Decision | None:
    """An amount on a field line that names no organisation (« Subvention : 48 000 € »), in a list that a line opened
    by a payer introduces (« Le Département attribue les subventions suivantes : »): that payer's."""
    sentence = a.ctx.sentences[a.index]
    label = fold(a.ctx.text[max(sentence.start, line_start(a.ctx.text, a.mention.start)) : a.mention.start])
    if a.orgs or not _FIELD_AMOUNT.match(label) or pattern("fundings", "total_words").search(label):
        return None  # « Montant total attribué : 176 700 € » is the list's total
    for index in range(a.index - 1, max(-1, a.index - LEAD_IN_REACH), -1):
        text = a.ctx.sentences[index].text.rstrip()
        if text.endswith(":") and not _FIELD_AMOUNT.match(fold(text)):  # its subject; other organisations its objects
            org = _opening_payer(a.ctx, index, a.ctx.sentences[index].end, alone=False)
            return Decision("funding.payer.lead-in", org=org) if org is not None and org.kind in _PAYERS else None
    return None


def _national_envelope(a: _Amount) -> Decision | None:
    """Money for many départements is the State's, unless the parse says it is what a thing costs and the
    sentence names no national scope (a document whose département is not found: « Le chantier a coûté 3,2 M€ »)."""
    cost = a.roles is not None and a.roles.cost_verb and a.roles.has_subject and not a.roles.subject_is_org
    if cost and not pattern("fundings", "national").search(fold(a.ctx.sentences[a.index].text)):
        return None
    if _national(a.ctx, a.index):
        return Decision("funding.payer.national-envelope", kind="state", national=True)
    return None


def _state_words(a: _Amount) -> Decision | None:
    sentence = fold(a.ctx.sentences[a.index].text)
    if pattern("fundings", "state_money").search(sentence):
        return Decision("funding.payer.state-money-words", kind="state")
    return None


_TO_COUNCIL = re.compile(
    r"\b(?:attribue|alloue|accorde|verse|delegue|notifie|octroye)e?s?\s+(?:a|au)\s+"
    r"(?:departement|conseil departemental)\b"
)
# the same verbs before the amount, in any form, with the council as their indirect object (« l'arrêté préfectoral …
# attribuant au Département de la Creuse une subvention de 468 900 € »)
_TO_COUNCIL_BEFORE = re.compile(
    r"\b(?:attribu|allou|accord|vers|delegu|notifi|octroy)\w*\s+(?:a|au)\s+(?:departement|conseil departemental)\b"
    r"[^.;:]{0,80}$"
)


def _given_to_council(a: _Amount) -> Decision | None:
    """« Une subvention de 584 210 € est attribuée au Département des Ardennes », « attribuant au Département une
    subvention de 468 900 € »: money given to the département with no payer named is the State's, its partner in the
    contract (the act's author, a prefect)."""
    if _TO_COUNCIL.search(a.after) or _TO_COUNCIL_BEFORE.search(a.window.rsplit(";", 1)[-1]):
        return Decision("funding.payer.given-to-council", kind="state")
    return None


def _announced_by_state(a: _Amount) -> Decision | None:
    """« une enveloppe de 8,3 M€ débloquée … L'annonce a été faite par le secrétaire d'État »: money the State
    announces or releases, in the amount's sentence or the two after it, is the State's."""
    release = pattern("fundings", "release_words")
    for index in range(a.index, min(a.index + 3, len(a.ctx.sentences))):
        if any(o.kind == "state" for o in a.ctx.orgs[index]) and release.search(fold(a.ctx.sentences[index].text)):
            return Decision("funding.payer.announced-by-state", kind="state")
    return None


_WHOLE = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?[:=]?\s*(?:a\s+)?100\s*%")


def _whole_payer(a: _Amount) -> Decision | None:
    """The one payer that its line, after the amount, gives the whole of it (« 2 150 000 € | 2022-2023 | Département :
    100 % », « financé à 100 % par l'État »): that payer's money."""
    end = a.ctx.text.find("\n", a.mention.end)
    end = len(a.ctx.text) if end < 0 else end
    payers = [o for o in a.ctx.orgs[a.index] if a.mention.end <= o.start < end and o.kind in _PAYERS]
    if len({o.kind for o in payers}) != 1:
        return None
    org = payers[0]
    after = fold(a.ctx.text[org.end : min(end, org.end + 40)])
    before = fold(a.ctx.text[max(a.mention.end, org.start - 25) : org.start])
    if _WHOLE.match(after) or re.search(r"\b100\s*%\s*(?:par |du |de la |de l'|des )?\s*$", before):
        return Decision("funding.payer.whole", org=org)
    return None


_DESCRIPTION = re.compile(r"^\W*[:=–—]\s*([^\n]{3,120})")


def _described_after(a: _Amount) -> Decision | None:
    """An amount that opens its line, its description after a colon (« - **27,4 M€** : budget enfance-famille 2021
    du Département »): the budget the description names says whose money it is."""
    found = _DESCRIPTION.match(a.after)
    if found is None or re.search(r"\w", a.line_before):
        return None
    kind = budget_source(found.group(1))
    return Decision("funding.payer.described", kind=kind) if kind in ("state", "ars", "department") else None


def _buyer(a: _Amount) -> Decision | None:
    """« Pouvoir adjudicateur : Département de la Vienne » over « Montant estimatif : lot 1 – 260 000 € HT par an »:
    a public contract's amounts are paid by its buyer; when the buyer is the département, they are its money."""
    if a.ctx.focus is None or not _council_buyer(a.ctx.text):
        return None
    place = Place(a.ctx.text, a.mention.start, a.mention.end, a.window.rsplit(";", 1)[-1], a.clause_after,
                  a.line_before, a.mention.pattern)
    return Decision("funding.payer.buyer", kind="department") if has_evidence(place) else None


@lru_cache(maxsize=4)
def _council_buyer(text: str) -> bool:
    """Whether a document is a public contract's notice whose buyer, named in its field (« Pouvoir adjudicateur »,
    « Acheteur », « Entité adjudicatrice ») or on the line under its heading, is a département."""
    return any(_LETTERHEAD.match(found.group(1)) for found in _BUYER_FIELD.finditer(fold(text)))


_BUYER_FIELD = re.compile(
    r"\b(?:pouvoir adjudicateur|acheteur public|acheteur|entite adjudicatrice)\s*(?::|\n)[ \t]*\n?([^\n]{0,120})"
)


def _unstated(a: _Amount) -> Decision | None:
    """No rule found a payer: a funding of no stated payer (``other``) when its clause states it as one (a word of
    funding, total or cost, a verb of commitment, a purpose, its shares, a row of a table), otherwise none."""
    place = Place(a.ctx.text, a.mention.start, a.mention.end, a.window.rsplit(";", 1)[-1], a.clause_after,
                  a.line_before, a.mention.pattern)
    if has_evidence(place) or _named_as_total_next(a):
        return Decision("funding.payer.unstated", kind="other")
    return Decision("funding.skip.no-evidence", skip=True)


_TOTAL_ANAPHOR = re.compile(r"\W*(?:sur |de |dans )?(?:ce|cette) (?:total|montant|somme|enveloppe|budget)\b")


def _named_as_total_next(a: _Amount) -> bool:
    """« Près de 2,3 millions d'euros en 2021. Sur ce total, 1 120 000 € sont apportés par l'État … »: the next
    sentence names the last amount of this one as a total or a sum of money, which states it as one."""
    later = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.start >= a.mention.end]
    following = a.index + 1
    if later or following >= len(a.ctx.sentences):
        return False
    return bool(_TOTAL_ANAPHOR.match(fold(a.ctx.sentences[following].text)))


RULES: tuple[Rule, ...] = (
    _not_a_commitment, _reader_comment, _said_no_funding, _unspent, _coordinated_skip, _spent_column, _spent_prose,
    _question, _accounts, _other_purpose,
    _corrected, _soit, _variation, _other_programme,
    _other_policy, _headline,
    _share, _relative_payer, _what_it_makes, _respectively, _bracket, _bracket_payers,
    _surface_after, _coordinated, _contribution_of, _table_column, _total_of_shares, _received, _parse_source,
    _parse_payer, _surface_relative,
    _stated_total, _proposed, _own_budget, _pronoun_antecedent, _possessive, _first_person, _clause_subject,
    _same_verb_amount,
    _breakdown_part, _surface_before, _lead_in, _national_envelope, _cost_bearer, _parse_no_payer,
    _state_words, _given_to_council, _announced_by_state, _whole_payer, _described_after, _buyer, _unstated,
)


def decide(a: _Amount) -> Decision:
    """The first rule that decides about the amount."""
    for rule in RULES:
        decision = rule(a)
        if decision is not None:
            return decision
    raise AssertionError("funding.payer.unstated or funding.skip.no-evidence always decides")  # pragma: no cover


def _national(ctx: Context, index: int) -> bool:
    """Money for many départements: the sentence says so, or the document is about none, or the sentence
    before says so and this one names no département nor « la collectivité »."""
    national = pattern("fundings", "national")
    folded = fold(ctx.sentences[index].text)
    if national.search(folded) or ctx.focus is None:
        return True
    local = ctx.places[index] or any(o.kind == "council" for o in ctx.orgs[index]) or re.search(
        r"\b(?:(?:la|notre|cette) collectivite|(?:le|notre|ce) departement|notre territoire)\b", folded
    )
    if index > 0 and not local:
        return bool(national.search(fold(ctx.sentences[index - 1].text)))
    return False


def _period(text: str, position: int) -> tuple[tuple[int, int] | None, int | None]:
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
    _position, period = min(candidates, key=lambda c: abs(c[0] - position))
    return period, years


def _funder(ctx: Context, index: int, decision: Decision) -> tuple[OrgRef | None, str]:
    """The payer of a decision, as an organisation of the département the sentence at ``index`` speaks of."""
    kinds = section("organisations", "funder_kinds")
    area = scope(ctx, index)
    if decision.org is not None:
        org = decision.org
        return org_ref(ctx, org.kind, org.name, org.code, area), kinds.get(org.kind, "other")
    kind = decision.kind or "other"
    refs = {"state": ("state", "État"), "ars": ("ars", "ARS"), "department": ("council", "Département")}
    if kind in refs:
        return org_ref(ctx, *refs[kind], area=area), kind
    return None, "other"


def _funding(a: _Amount, decision: Decision) -> Funding:
    ctx, sentence = a.ctx, a.ctx.sentences[a.index]
    funder, kind = _funder(ctx, a.index, decision)
    national = decision.national if decision.national is not None else _national(ctx, a.index)
    recipient = None if national else _named_recipient(a) or scope(ctx, a.index)
    if a.roles is not None and a.roles.beneficiary is not None and a.roles.beneficiary.code and not national:
        recipient = a.roles.beneficiary.code
    if kind == "department" and funder is not None and funder.code:
        recipient = funder.code
    period, years = _period(sentence.text, a.mention.start - sentence.start)
    start, end = strip_span(ctx.text, sentence.start, sentence.end)
    used = (a.mention.id, *((f"org@{decision.org.start}-{decision.org.end}",) if decision.org else ()))
    money = a.money
    return Funding(
        funder=funder, funder_kind=kind, recipient=recipient,  # type: ignore[arg-type]
        amount=money.value, minimum=money.minimum, per_year=_per_year(a, decision), years=years, period=period,
        evidence=Evidence(start, end, decision.rule, used),
    )


_EACH_YEAR_BEFORE = re.compile(
    r"\b(?:chaque annee|tous les ans|annuellement)\b|"
    r"\b(?:cout|budget|montant|enveloppe|dotation|credits?|financement|contribution|participation)s? annuel(?:le)?s?\b"
)
_EACH_YEAR_AFTER = re.compile(r"^\s*(?:qu'|que\s)\s*\S+\s+(?:\S+\s+)?(?:chaque annee|tous les ans|par an)\b")


def _per_year(a: _Amount, decision: Decision | None = None) -> bool:
    """An amount for each year: « par an » after it (``Money.per_year``), « chaque année » or « coût annuel » before
    it in its clause (back to the amount before), « qu'il consacre chaque année » after it; a share (« dont … ») of
    an amount for each year is one too."""
    if a.money.per_year:
        return True
    sentence = a.ctx.sentences[a.index]
    previous = [m for m in of_kind(a.ctx.mentions[a.index], "money") if m.end <= a.mention.start]
    start = max([sentence.start, a.ctx.text.rfind(";", sentence.start, a.mention.start) + 1,
                 *(m.end for m in previous)])
    if _EACH_YEAR_BEFORE.search(fold(a.ctx.text[start : a.mention.start])) or _EACH_YEAR_AFTER.match(a.after):
        return True
    if decision is not None and decision.rule == "funding.share.dont" and previous:
        return _per_year(_amount(a.ctx, a.index, previous[-1]))
    return False


#: sentences back from an amount where the département it goes to may be named, within its paragraph
RECIPIENT_REACH = 4


def _named_recipient(a: _Amount) -> str | None:
    """In a document about several départements, the one the amount's paragraph is about: the last named before
    the amount in its sentence or, back to the paragraph's start, in the sentences before it (« Dans les
    Pyrénées-Orientales, l'avenant ajoute 0,45 M€ … »); none in a document about one département."""
    ctx = a.ctx
    if len(ctx.departements) < 2:
        return None
    for index in range(a.index, max(-1, a.index - RECIPIENT_REACH - 1), -1):
        places = [p for p in ctx.places[index] if index < a.index or p.end <= a.mention.start]
        if places:
            return places[-1].code
        if index > 0 and "\n\n" in ctx.text[ctx.sentences[index - 1].end : ctx.sentences[index].start]:
            return None
    return None


def _amount(ctx: Context, index: int, mention: Mention) -> _Amount:
    sentence = ctx.sentences[index]
    a, b = mention.start - sentence.start, mention.end - sentence.start
    return _Amount(ctx, index, mention, read_roles(ctx.docs[index], a, b, ctx.orgs[index], sentence.start))


def amounts(ctx: Context) -> list[_Amount]:
    """Every amount of the document, with what the parse says about it."""
    return [_amount(ctx, i, m) for i in range(len(ctx.sentences)) for m in of_kind(ctx.mentions[i], "money")]


#: rules that read the payer's kind in the amount's own words (the budget it comes from), as sure as a payer named
_NAMED_KINDS = frozenset({"funding.payer.budget-source"})


def extract_fundings(ctx: Context) -> list[Funding]:
    found: list[Funding] = []
    sure: list[bool] = []  # whether each funding's payer is named in its own sentence
    by_amount: dict[int | None, list[int]] = {}  # positions in ``found`` by amount bucket (see ``_bucket``)
    for amount in amounts(ctx):
        decision = decide(amount)
        if decision.skip:
            continue
        for each in [*(_each_payer(amount, decision) or [decision]), *_as_much(amount)]:
            _merge(found, _funding(amount, each), each.org is not None or each.rule in _NAMED_KINDS, sure, by_amount)
    return _broken_down(ctx, _total_kinds(found))


_EACH = re.compile(r"\bchacune?s?\b")


def _each_payer(a: _Amount, decision: Decision) -> list[Decision]:
    """« l'agence et la collectivité y consacrent chacune 140 000 € »: a joint amount that each of the payers
    coordinated before it gives, one commitment per payer."""
    if decision.rule != "funding.total.joint" or not (
        _EACH.search(a.window[-25:]) or _EACH.match(a.after.lstrip(" ,"))
    ):
        return []
    sentence = a.ctx.sentences[a.index]
    start = max(sentence.start, a.ctx.text.rfind(";", sentence.start, a.mention.start) + 1)
    payers: dict[str, OrgMention] = {}
    for org in a.orgs:
        if start <= org.start and org.end <= a.mention.start and org.kind in _PAYERS and org.use not in _NOT_FUNDER:
            payers.setdefault(org.kind, org)
    if len(payers) < 2:
        return []
    return [Decision("funding.payer.each", org=org) for org in payers.values()]


_AS_MUCH = re.compile(
    r"[^;.]{0,60}?\b(?:et|ainsi que) (?:autant|la meme somme|le meme montant) "
    r"(?:par|de la part d[eu']|du|de l'|de la)\s*"
)


def _as_much(a: _Amount) -> list[Decision]:
    """« 1 231 000 euros apportés par l'État et autant par le Département »: the same sum again, from the payer
    named after « autant »."""
    found = _AS_MUCH.match(a.after)
    if found is None:
        return []
    position = a.mention.end + found.end()
    if any(a.mention.end <= m.start < position for m in of_kind(a.ctx.mentions[a.index], "money")):
        return []  # « l'enveloppe s'élève à 2,4 M€ : 1,2 M€ apportés par l'État et autant … »: said of the later one
    org = next((o for o in a.orgs if position - 4 <= o.start <= position + 4 and o.kind in _PAYERS), None)
    return [Decision("funding.payer.as-much", org=org)] if org is not None else []


def skipped(ctx: Context) -> list[tuple[Mention, Decision]]:
    """The amounts a rule decided are no commitment, with that rule (for ``--explain``)."""
    return [(a.mention, d) for a in amounts(ctx) if (d := decide(a)).skip]


def _total_kinds(found: list[Funding]) -> list[Funding]:
    """A stated total whose payer the text does not name (« Total …… 1 200 000 € », « soit 2,2 M€ ») is ``other``
    when its parts come from several payers, and that payer's money when they all come from one (a table of
    State credits and its total row). Its parts are two to four other commitments among its ``TOTAL_WINDOW``
    neighbours on either side (every commitment of any real document): the cost stays linear."""
    out = []
    for position, funding in enumerate(found):
        if funding.funder is not None or funding.funder_kind != "other":
            out.append(funding)
            continue
        near = range(max(0, position - TOTAL_WINDOW), min(len(found), position + TOTAL_WINDOW + 1))
        parts = _parts(funding.amount, [found[i] for i in near if i != position and found[i].amount < funding.amount])
        kinds = {f.funder_kind for f in parts}
        kind = next(iter(kinds)) if len(kinds) == 1 else None
        if kind in ("state", "ars", "department"):
            funder = parts[0].funder  # the payer of its parts
            evidence = replace(funding.evidence, rule="funding.total.one-payer")
            funding = replace(funding, funder=funder, funder_kind=kind, evidence=evidence)  # type: ignore[arg-type]
        out.append(funding)
    return out


#: commitments on either side of an amount among which its parts are looked for
TOTAL_WINDOW = 8
#: the most lines of a breakdown (``_broken_down``)
BREAKDOWN_LINES = 12


def _broken_down(ctx: Context, found: list[Funding]) -> list[Funding]:
    """« La subvention se répartit comme suit : 1° … : 92 000 € ; 2° … : 75 000 € ; … » and « Le montant de la
    subvention de l'État s'élève à 537 200 € »: amounts of no stated payer, stated one after the other, that add up to
    one payer's amount next to them are that amount broken down line by line, the same payer's money."""
    out = list(found)
    for position, total in enumerate(found):
        if total.funder_kind not in ("state", "ars", "department"):
            continue
        for run in (_unstated_run(found, position - 1, -1), _unstated_run(found, position + 1, 1)):
            parts = _adding_up(total.amount, found, run)
            for i in parts:
                rule = replace(found[i].evidence, rule="funding.payer.breakdown-of-total")
                out[i] = replace(found[i], funder=total.funder, funder_kind=total.funder_kind, evidence=rule)
    return out


def _unstated_run(found: list[Funding], start: int, step: int) -> list[int]:
    """The positions of the amounts of no stated payer next to each other from ``start`` on, in steps of ``step``."""
    run: list[int] = []
    i = start
    while 0 <= i < len(found) and len(run) < BREAKDOWN_LINES and found[i].evidence.rule == "funding.payer.unstated":
        run.append(i)
        i += step
    return run


def _adding_up(total: Decimal, found: list[Funding], run: list[int]) -> list[int]:
    """The first two or more positions of ``run`` whose amounts add up to ``total``, or none."""
    added = Decimal(0)
    for count, i in enumerate(run, start=1):
        added += found[i].amount
        if count >= 2 and _same_amount(added, total):
            return run[:count]
        if added > total:
            break
    return []


def _parts(total: Decimal, candidates: list[Funding]) -> tuple[Funding, ...]:
    """Two to four of the candidates whose amounts add up to ``total``, or none."""
    for size in range(2, min(len(candidates), 4) + 1):
        for combo in combinations(candidates, size):
            if _same_amount(sum((f.amount for f in combo), Decimal(0)), total):
                return combo
    return ()


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
            found[i] = _with_period(other, funding)
        return
    by_amount.setdefault(_bucket(funding.amount), []).append(len(found))
    found.append(funding)
    sure.append(confident)


def _with_period(kept: Funding, later: Funding) -> Funding:
    from dataclasses import replace

    return replace(
        kept, minimum=kept.minimum or later.minimum, per_year=kept.per_year or later.per_year,
        years=kept.years or later.years, period=later.period,
    )
