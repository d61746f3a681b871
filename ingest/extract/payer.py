"""Who pays an amount, read from the dependency parse of its sentence.

The payer is the subject, the agent (« apportés par l'ARS ») or the source (« sur le budget de
l'État ») of the verb that governs the amount; a beneficiary is its object. A relative pronoun
subject (« … au Département, qui engage 1,3 M€ ») stands for its antecedent, a personal pronoun
(« elle apportera … ») for the organisation just before it or in the sentence before. A subject
that is no organisation (« le programme pèse 4,8 M€ ») means that the text names no payer.

``read_roles`` returns what the parse says, or ``None`` when the sentence was not parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from spacy.tokens import Doc, Token

from .orgs import OrgMention
from .text import fold
from .vocabulary import alternation, section, words

_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "lui", "eux"})
_RELATIVES = frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles"})
_MAX_CLIMB = 8


@dataclass(frozen=True)
class Roles:
    """What the parse says about one amount: the governing word, its payer or why there is none."""

    governor: Token
    payer: OrgMention | None = None
    how: str = ""  # "agent", "subject", "relative", "pronoun", "source"
    source_kind: str | None = None  # a budget the money comes from: state, ars, department, other
    subject_is_org: bool = False
    has_subject: bool = False
    cost_verb: bool = False  # "pèse", "coûte", "s'élève à": a total, not a payment
    variation: bool = False  # "progressent de": a change of a budget
    beneficiary: OrgMention | None = None
    joint: bool = False  # « L'État et l'ARS nous accompagnent à hauteur de … »: several payers, one total
    subject_word: str = ""  # the subject as written when it is no organisation (« il », « coût »)


@lru_cache(maxsize=1)
def _budget_sources() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(rf"(?<![\w]){alternation(entries)}(?![\w])"))
        for kind, entries in section("organisations", "budget_sources").items()
    ]


#: words that leave out the budget they precede (« 800 000 € au total, hors part départementale »)
_EXCLUDED = re.compile(
    r"\b(?:hors|sans|a l'exclusion d(?:e |u |es |')|non compris|(?:pas|jamais) (?:par|sur|dans|au|du|de))"
    r"\s*(?:la |le |les |l')?$"
    # or named as a yardstick (« un montant au moins équivalent aux crédits de l'État »)
    r"|\b(?:equivalente?s?|egale?s?|superieure?s?|identiques?|a parite avec|autant que|meme montant que)"
    r"\s*(?:a |au |aux |a la |a l'|de |du |des |de la |de l')?$"
)  # a budget left out, or that the money does not go through (« ne transitent pas par le budget départemental »)


def budget_source(folded: str) -> str | None:
    """The funder kind of a budget named in ``folded`` text (« le budget de l'État » → state); budgets of
    several kinds (« en comptant le FIR et l'ONDAM ») are a shared total: ``other``; a budget left out (« hors
    part départementale », « ne transitent pas par le budget départemental ») is none."""
    kinds = {
        kind for kind, pattern in _budget_sources()
        for found in pattern.finditer(folded) if not _EXCLUDED.search(folded, 0, found.start())
    }
    if len(kinds) > 1:
        return "other"
    return kinds.pop() if kinds else None


def _money_head(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the amount (offsets relative to the sentence) whose head lies outside it."""
    inside = [t for t in doc if start <= t.idx < end]
    for token in inside:
        if not (start <= token.head.idx < end) or token.head == token:
            return token
    return inside[-1] if inside else None


def _governor(head: Token) -> Token:
    """The verb that governs the amount, or the predicate noun of a copula ("le montant est de 3 M€")."""
    token = head
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT" or token.head == token:
            return token
        if any(c.dep_ in ("nsubj", "nsubj:pass", "cop") for c in token.children) and token is not head:
            return token
        token = token.head
    return token


def _org_at(token: Token, orgs: list[OrgMention], offset: int) -> OrgMention | None:
    """The organisation whose mention covers ``token`` (or, for a role noun, its complement)."""
    for candidate in (token, *[c for c in token.children if c.dep_ in ("nmod", "appos", "flat:name")]):
        start = offset + candidate.idx
        for org in orgs:
            if org.start <= start < org.end:
                return org
        if candidate is token and token.pos_ not in ("NOUN", "PROPN"):
            break
    return None


def _lemma_in(token: Token, key: str) -> bool:
    return fold(token.text) in _forms(key) or any(fold(token.text).startswith(stem) for stem in _stems(key))


@cache
def _forms(key: str) -> frozenset[str]:
    return frozenset(words("fundings", key))


@cache
def _stems(key: str) -> tuple[str, ...]:
    """Verb stems of a list of infinitives ("peser" → "pes"/"pès" folded "pes")."""
    infinitives = words("fundings", key)
    return tuple(w[:-2] if w.endswith(("er", "ir")) else w[:-3] if w.endswith("re") else w for w in infinitives)


def _subject(governor: Token) -> Token | None:
    """The subject of the verb, or of the verb it is coordinated with or depends on ("vont … se partager")."""
    for verb in (governor, governor.head if governor.dep_ in ("conj", "xcomp") else None):
        if verb is None:
            break
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj"):
                return child
    head = governor.head
    if governor.dep_ in ("amod", "acl") and head.dep_ == "ROOT" and head.i < governor.i and governor.pos_ == "VERB":
        return head  # « L'État accompagne le Département … » misparsed as a noun (the root) and its participle
    return None


def _agent(tokens: list[Token]) -> Token | None:
    for token in tokens:
        for child in token.children:
            if child.dep_ == "obl:agent":
                return child
    return None


def _resolve_subject(subject: Token, orgs: list[OrgMention], offset: int) -> tuple[OrgMention | None, str]:
    """The organisation a subject stands for: itself, the antecedent of "qui", an organisation before "elle"."""
    text = subject.text.lower()
    if text in _RELATIVES:
        antecedent = subject.head.head if subject.head.dep_.startswith("acl") else None
        return (_org_at(antecedent, orgs, offset) if antecedent is not None else None), "relative"
    if text in _PRONOUNS:
        before = [o for o in orgs if o.end <= offset + subject.idx and o.use is None]
        return (before[-1] if before else None), "pronoun"
    return _org_at(subject, orgs, offset), "subject"


_NEGATIONS = frozenset({"pas", "jamais", "ne", "n'", "n’"})


def _source(tokens: list[Token]) -> str | None:
    """A budget named by an oblique or a complement of the verb or of the amount ("sur le budget de l'État"); not
    one of a negated verb (« ne transitent pas par le budget départemental »)."""
    for token in tokens:
        if any(c.lower_ in _NEGATIONS for c in token.children):
            continue
        for child in token.children:
            if child.dep_ in ("obl", "obl:mod", "obl:arg", "nmod") and child not in tokens:
                kind = budget_source(fold(" ".join(t.text for t in child.subtree)))
                if kind:
                    return kind
    return None


def read_roles(doc: Doc, start: int, end: int, orgs: list[OrgMention], offset: int) -> Roles | None:
    """The roles around the amount at ``[start:end)`` of the sentence (``offset`` = its start in the text)."""
    if not doc.has_annotation("DEP"):
        return None
    head = _money_head(doc, start, end)
    if head is None:
        return None
    governor = _governor(head)
    amount_tokens = [t for t in doc if start <= t.idx < end]
    verbs = [c for t in amount_tokens for c in t.children if c.dep_.startswith("acl") and c.pos_ == "VERB"]
    agent = _agent([*verbs, governor])
    source = _source(amount_tokens + verbs)
    cost = _lemma_in(governor, "cost_verbs")
    variation = _lemma_in(governor, "variation_verbs")
    beneficiary = next(
        (o for c in governor.children if c.dep_ in ("obj", "iobj", "obl:arg") if (o := _org_at(c, orgs, offset))),
        None,
    )
    base = Roles(governor, source_kind=source, cost_verb=cost, variation=variation, beneficiary=beneficiary)
    if governor.pos_ == "VERB" and _lemma_in(governor, "act_verbs"):
        return replace(base, has_subject=True)  # the signatories of the contract the amount is in pay nothing by it
    if agent is not None and (org := _org_at(agent, orgs, offset)) is not None:
        return _with(base, org, "agent")
    subject = _subject(governor)
    if subject is None or subject in amount_tokens:
        return base
    org, how = _resolve_subject(subject, orgs, offset)
    if org is None and how == "subject" and _lemma_in(subject, "funding_subjects"):
        org, how = _complement_org(subject, orgs, offset), "subject-complement"  # « la recette … de l'État est … »
    if org is not None and (governor.pos_ in ("VERB", "AUX") or governor.dep_ == "ROOT") and _joint(
        subject, start, org, orgs, offset
    ):
        return Roles(governor, None, how, source, False, True, cost, variation, beneficiary, joint=True)
    if org is not None and org is not beneficiary:
        return _with(base, org, how, has_subject=True)
    named_subject = (subject.pos_ in ("NOUN", "PROPN") and how == "subject") or how == "relative"
    return Roles(governor, None, how, source, False, named_subject, cost, variation, beneficiary,
                 subject_word=subject.text)


def _complement_org(subject: Token, orgs: list[OrgMention], offset: int) -> OrgMention | None:
    """The one payer named inside a subject that is a noun of money (« la recette attendue au titre de la
    contractualisation avec l'État »); several kinds, or none: None."""
    starts = [offset + t.idx for t in subject.subtree]
    inside = [o for o in orgs if o.kind in ("state", "ars", "council") and any(o.start <= s < o.end for s in starts)]
    return inside[0] if inside and len({o.kind for o in inside}) == 1 else None


def _joint(subject: Token, amount: int, org: OrgMention, orgs: list[OrgMention], offset: int) -> bool:
    """Whether the subject is coordinated, before the amount, with an organisation of another kind (« l'État
    et l'ARS nous accompagnent à hauteur de … », not « l'État apporte 1 M€ et le Département 2 M€ »)."""
    # the parse may make the second of two coordinated subjects a subject of its own (« l'État et le Département
    # signent un contrat à 7,4 M€ »: two ``nsubj`` of one verb, the second with its « et »)
    second_subjects = [
        child for child in subject.head.children
        if child is not subject and child.dep_ == "nsubj" and any(c.dep_ == "cc" for c in child.children)
    ]
    for child in [*subject.children, *second_subjects]:
        if (child.dep_ not in ("conj", "nsubj")) or child.idx > amount:
            continue
        if (other := _org_at(child, orgs, offset)) is not None and other.kind != org.kind:
            return True
    return False


def _with(base: Roles, org: OrgMention, how: str, has_subject: bool = False) -> Roles:
    return Roles(
        base.governor, org, how, base.source_kind, True, has_subject or how != "agent", base.cost_verb,
        base.variation, base.beneficiary if base.beneficiary is not org else None,
    )
