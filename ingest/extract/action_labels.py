"""Which action type a passage names: the labels of the SKOS action-type scheme found in its words.

A passage takes the type whose label starts first (the more specific on a tie). A label in
parts (« bilan … maternelle ») and a generic label (« équipe mobile ») yield to a whole,
specific label of an unrelated type in the same passage. A label that is an everyday word
(« violences », « sport », « schéma départemental ») counts only when a word of action governs
it (« la lutte contre les violences », « l'élaboration du schéma départemental »). A type is refined into a narrower
one when the narrower type's labels or typical audience fit the passage. Where no label is
whole, a list item with a strong verb of action is typed by the distinctive words of the
labels it uses (``by_keywords``).

>>> [m.type.key for m in matches(content_tokens("la création d'une équipe mobile de PMI"))][:1]
['pmi']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import ActionType, Label, action_types, action_types_by_key
from .text import Token, content_tokens, fold
from .vocabulary import alternation, words

# how strongly a label says what a measure is: a whole label of a kind of measure, a label in parts, a label
# naming who carries it out (« puéricultrices de PMI »), a label naming its form (« équipe mobile »)
WHOLE, GAPPED, AGENT, FORM = range(4)


@dataclass
class Match:
    type: ActionType
    start: int  # absolute offset of the first token
    specificity: int
    label: str = ""
    gapped: bool = False  # found by a label in parts ("recrutement … puéricultrices"): weaker than a whole one
    end: int = 0  # absolute offset after the label's last token (for a gapped label, its first part)
    strength: int = WHOLE  # WHOLE, GAPPED, AGENT or FORM: a weaker label yields to a stronger one
    last: int = 0  # absolute offset of the label's last part (its first token for a whole label)

    @property
    def generic(self) -> bool:
        """Named by who carries the measure out or by its form, not by what it is."""
        return self.strength >= AGENT


def find_label(tokens: list[Token], label: Label) -> tuple[int, int, int] | None:
    """Offsets of the label in ``tokens`` (its first token, the end of that part, the start of its last part);
    all parts must be there."""
    norms = [t.norm for t in tokens]
    positions = []
    for part in label.parts:
        n = len(part)
        hit = next((i for i in range(len(norms) - n + 1) if tuple(norms[i : i + n]) == part), None)
        if hit is None:
            return None
        positions.append((tokens[hit].start, tokens[hit + n - 1].end))
    first = min(positions)
    return first[0], first[1], max(positions)[0]


@lru_cache(maxsize=1)
def _label_index() -> tuple[tuple[ActionType, tuple[tuple[Label, frozenset[str]], ...]], ...]:
    """Each type with its labels and the first word of every part (a cheap filter before the search)."""
    return tuple(
        (action_type, tuple((label, frozenset(part[0] for part in label.parts)) for label in action_type.labels))
        for action_type in action_types()
    )


@lru_cache(maxsize=1)
def _label_strengths() -> dict[tuple[tuple[str, ...], ...], int]:
    """The labels that name who carries a measure out (``agent_labels``) or its form (``form_labels``)."""
    out: dict[tuple[tuple[str, ...], ...], int] = {}
    for key, strength in (("agent_labels", AGENT), ("form_labels", FORM)):
        for text in words("actions", key):
            out[(tuple(t.norm for t in content_tokens(text)),)] = strength
    return out


def _strength(label: Label) -> int:
    return _label_strengths().get(label.parts, GAPPED if label.gapped else WHOLE)


@lru_cache(maxsize=1)
def _weak_labels() -> frozenset[tuple[tuple[str, ...], ...]]:
    """Labels that are everyday words: they name a measure only when a word of action governs them."""
    return frozenset((tuple(t.norm for t in content_tokens(text)),) for text in words("actions", "weak_labels"))


@lru_cache(maxsize=1)
def _governing() -> frozenset[str]:
    return frozenset(words("actions", "governing_words"))


GOVERNING_WINDOW = 3  # content words before a weak label where a word of action may govern it


def _governed(tokens: list[Token], start: int) -> bool:
    """Whether a word of action stands among the few content words before the one at ``start``."""
    index = next((i for i, t in enumerate(tokens) if t.start == start), 0)
    return any(t.norm in _governing() for t in tokens[max(0, index - GOVERNING_WINDOW) : index])


def _best_label(action_type: ActionType, labels, tokens: list[Token], present: set[str]) -> Match | None:
    best = None
    for label, firsts in labels:
        if not firsts <= present:
            continue
        where = find_label(tokens, label)
        if where is None:
            continue
        if label.parts in _weak_labels() and not _governed(tokens, where[0]):
            continue
        specificity = sum(len(p) for p in label.parts) + (2 if action_type.broader else 0)
        if best is None or (where[0], -specificity) < (best.start, -best.specificity):
            best = Match(action_type, where[0], specificity, label.text, label.gapped, where[1], _strength(label),
                         where[2])
    return best


def matches(tokens: list[Token]) -> list[Match]:
    """The types whose labels occur in ``tokens``, the one that decides first."""
    present = {t.norm for t in tokens}
    out = [m for action_type, labels in _label_index() if (m := _best_label(action_type, labels, tokens, present))]
    out.sort(key=lambda m: (m.start, -m.specificity, m.type.key))
    # a narrower type's label in parts that opens on its broader type's whole label (« équipe mobile … pédopsychiatrie
    # … foyers » on « équipe mobile de pédopsychiatrie ») is as strong as that whole label
    anchored = any(m.start == out[0].start and m.strength == WHOLE and m.type.key == out[0].type.broader
                   for m in out[1:])
    if out and out[0].strength > WHOLE and not anchored:
        # a weaker label yields to the strongest label of an unrelated type (the earliest among equals)
        related_keys = {out[0].type.key, out[0].type.broader} - {None}
        # (not to a label that is one of its own parts: « équipe mobile … maisons d'enfants » holds « maisons
        # d'enfants »)
        stronger = [m for m in out if m.strength < out[0].strength and m.type.key not in related_keys
                    and m.type.broader not in related_keys and not (out[0].gapped and m.start == out[0].last)]
        if out[0].strength == FORM:
            # a form (« équipe mobile ») takes the kind its complement names (« … de pédopsychiatrie ») or the
            # service that carries it out, not what the passage says of the children it serves
            stronger = [m for m in stronger if m.strength == AGENT or _words_between(tokens, out[0].end, m.last)
                        <= COMPLEMENT_WORDS]
        if stronger:
            best = min(stronger, key=lambda m: m.strength)
            best = next(m for m in stronger if m.strength == best.strength)
            out.remove(best)
            out.insert(0, best)
    return out


COMPLEMENT_WORDS = 2  # content words between a form label and the label of its complement


def _words_between(tokens: list[Token], end: int, start: int) -> int:
    """Content words from ``end`` to ``start``; 0 for a label that overlaps (« équipe mobile de pédopsychiatrie »)."""
    return sum(1 for t in tokens if end <= t.start < start)


def has_action_label(text: str) -> bool:
    """Whether some action-type label occurs in ``text``."""
    return bool(matches(content_tokens(text)))


def first_type(text: str) -> str | None:
    found = matches(content_tokens(text))
    return found[0].type.key if found else None


def related(a: str, b: str) -> bool:
    """The same type, or one the broader type of the other."""
    types = action_types_by_key()
    return a == b or types[a].broader == b or types[b].broader == a


# --- a measure described in other words ------------------------------------------------------------

STRONG_VERB = re.compile(r"\b" + alternation(words("actions", "strong_verb_prefixes")))


@lru_cache(maxsize=1)
def _keyword_index() -> dict[str, tuple[ActionType, ...]]:
    """Each distinctive word of the labels, and the (at most two) types whose labels use it: not a generic word, nor
    a word of action (« ouvert » of « milieu ouvert », « développement » of « bilan de santé et de développement »),
    which says that something is done, not what."""
    generic = frozenset(words("actions", "generic_label_words"))
    owners: dict[str, set[str]] = {}
    for action_type in action_types():
        for label in action_type.labels:
            for part in label.parts:
                for word in part:
                    owners.setdefault(word, set()).add(action_type.key)
    by_key = action_types_by_key()
    return {
        word: tuple(by_key[k] for k in sorted(keys))
        for word, keys in owners.items()
        if len(keys) <= 2 and word not in generic and len(word) > 3 and not STRONG_VERB.match(word)
    }


def by_keywords(tokens: list[Token], clause: str) -> list[Match]:
    """The type whose label words the clause uses most, for a clause with a strong verb and no whole label."""
    if not STRONG_VERB.search(fold(clause)):
        return []
    index = _keyword_index()
    score: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    types: dict[str, ActionType] = {}
    for token in tokens:
        for action_type in index.get(token.norm, ()):
            score.setdefault(action_type.key, set()).add(token.norm)
            first.setdefault(action_type.key, token.start)
            types[action_type.key] = action_type
    if not score:
        return []
    best = min(score, key=lambda k: (-len(score[k]), first[k]))
    return [Match(types[best], first[best], 0, "", strength=GAPPED)]


# --- a measure named by whom it serves ---------------------------------------------------------------


def fits_audience(age: tuple, audience: tuple) -> bool:
    """Whether an age range of the text (``(min, max, …)``, either bound open) lies within a type's typical audience:
    a bounded range inside it, an open one whose stated bound is the audience's upper bound (« jusqu'à 21 ans ») or
    lies within it from below (« dès 17 ans », « de 17 ans et plus »)."""
    low, high = age[0], age[1]
    a_low, a_high = audience
    if None in (a_low, a_high) or (low is None and high is None):
        return False
    if low is None:
        return high == a_high
    if high is None:
        return a_low <= low < a_high
    return a_low <= low and high <= a_high


def by_audience(ages, origin: int = 0) -> list[Match]:
    """The kind of measure whose typical audience the passage's first age range is (« un accompagnement jusqu'à 21
    ans », « un rendez-vous à 17 ans »), for a passage no label names: the broadest type that fits, if only one does
    (``origin``: the offset the ages are counted from)."""
    if not ages:
        return []
    fitting = [t for t in action_types() if t.broader is None and t.audience and fits_audience(ages[0], t.audience)]
    if len(fitting) != 1:
        return []
    return [Match(fitting[0], origin + ages[0][2], 0, "", strength=GAPPED)]


# --- narrower types ----------------------------------------------------------------------------------


def _narrower(type_key: str) -> list[ActionType]:
    return [t for t in action_types() if t.broader == type_key]


def refine(match: ActionType, tokens: list[Token], previous: list[Token], ages) -> ActionType:
    """A narrower type of ``match`` when its labels, or its typical audience, fit the passage."""
    for narrower in _narrower(match.key):
        if any(find_label(tokens, label) is not None for label in narrower.labels):
            return narrower
    for narrower in _narrower(match.key):
        if narrower.audience and ages:
            low, high = ages[0][0], ages[0][1]
            a_low, a_high = narrower.audience
            bounded = None not in (low, high, a_low, a_high)
            if bounded and a_low <= low and high <= a_high:
                return narrower
    for narrower in _narrower(match.key):
        if any(label.gapped and _in_context(previous, tokens, label) for label in narrower.labels):
            return narrower
    return match


def _in_context(previous: list[Token], tokens: list[Token], label: Label) -> bool:
    """A label in parts over the sentence before and the passage, when the parts the sentence before holds are
    not a measure of their own there (« … une maison d'enfants verra le jour. Une équipe mobile … » is no
    « équipe mobile … maison d'enfants »)."""
    if find_label(previous + tokens, label) is None:
        return False
    own = [part for part in label.parts if find_label(tokens, Label((part,), " ".join(part))) is None]
    return not any(matches([t for t in previous if t.norm in part]) for part in own)
