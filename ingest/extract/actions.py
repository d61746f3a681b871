"""Actions: what a département does or will do, classified into the SKOS action-type scheme.

A unit of text is a bullet (one measure per bullet) or a sentence of prose. Prose is cut
at commas and semicolons into clauses, a clause without a verb of its own joining the one
before, so that "la CRIP a été renforcée, les conditions des assistants familiaux ont été
améliorées" gives two actions and "des cabines de télémédecine … pour leur bilan de santé"
one. Each clause takes the type whose label starts first (the more specific on a tie); a
type is refined into a narrower one when the narrower type's labels or typical audience fit
the passage (or the sentence before). A prose sentence counts only if it says that
something is done (a verb or noun of action); a sentence that lists three aims or more is
a summary, not a measure. One action per type and département in a document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate, pairwise
from typing import cast

from spacy.tokens import Doc

from ingest.model import Action, Capacity, Evidence

from .action_labels import (
    AGENT,
    FORM,
    STRONG_VERB,
    Match,
    by_audience,
    by_keywords,
    find_label,
    has_action_label,
    matches,
    refine,
    related,
)
from .action_scope import (
    Unit,
    clause_not_a_measure,
    describes_measure_before,
    names_a_known_form,
    not_a_measure,
    states_aim,
)
from .clauses import clauses, in_semicolon_list, is_aims_summary, item_measures
from .context import Context, org_ref, scope
from .fundings_tables import pipe_column_words
from .layout import Layout, layout_of
from .lexicon import ActionType, action_types_by_key
from .nlp import parse_all
from .numbers import find_ages, find_capacities, find_counts
from .text import Token, content_tokens, fold, normalise_word, strip_span
from .vocabulary import alternation, words

__all__ = ["extract_actions", "has_action_label", "names_measure", "type_of"]

_CUE = re.compile(r"\b" + alternation(words("actions", "cue_prefixes")))
_CAPACITY_UNITS = alternation(words("actions", "capacity_units"))
_WORD = re.compile(r"[^\W\d_]")
_FUNDED = re.compile(rf"\s*,?\s*{alternation(words('actions', 'funded_purposes'))}")
_SIZE_SUBJECT = re.compile(rf"^\W*{alternation(words('actions', 'size_subjects'))}\b")
_CUE_STRICT = re.compile(r"\b" + alternation(words("actions", "strict_cue_prefixes")))
_FUTURE = re.compile(rf"\b{alternation(words('actions', 'future_words'))}\b")
_PAST = re.compile(rf"\b{alternation(words('actions', 'past_words'))}\b")
_QUOTES = re.compile(r"«[^»]*»")
# a second measure of a type already named: « une seconde équipe mobile », « un autre lieu de vie »
_ANOTHER = re.compile(rf"\b{alternation(words('actions', 'another_markers'))}\s+(?:\w+\s+)?$")
# a clause that points back at the measure just read (vocab/actions.yaml): a pronoun or a generic noun, the first
# of the measures just counted, another one of them; a verb of intent after a pronoun opens a measure of its own
_OPENING = r"^[\W\d]*(?:\[[\d:]+\]\W*)?"
# opening a sentence without a verb, words that say a measure grows (« Plus de visites des sages-femmes à la maison »)
_CUE_OPENING = re.compile(rf"{_OPENING}{alternation(words('actions', 'cue_openers'))}")
_POINTER = re.compile(rf"{_OPENING}{alternation(words('actions', 'measure_anaphors'))}\b")
_FIRST = re.compile(rf"{_OPENING}{alternation(words('actions', 'first_markers'))}\b")
_SECOND = re.compile(rf"{_OPENING}{alternation(words('actions', 'another_openers'))}\b"
                     rf"(?!\s+{alternation(words('actions', 'another_acts'))}\b)")
_NAMING = re.compile(rf"\W*{alternation(words('actions', 'naming_verbs'))}\b")
_INTENT = re.compile(rf"\b{alternation(words('actions', 'intent_verbs'))}\b")
_DEFINITE_HEAD = re.compile(rf"{_OPENING}(?:le|la|les|l')\s*([^\W\d_][\w-]*)")
_ASIDE = re.compile(r"^\s*,[^,]*,")  # an aside between commas right after a clause's opening
_ACRONYM = re.compile(r"\(([A-ZÉ]{2,8})\)")  # « l'équipe mobile d'intervention (EMI) »
ANTECEDENT_SENTENCES = 2  # sentences back where a pointing clause finds the measure it speaks of
_RULE_OF_KIND = {"item": "action.list-item", "heading": "action.heading", "row": "action.table-row",
                 "prose": "action.clause-label", "field": "action.clause-label", "menu": "action.list-item"}


def names_measure(text: str) -> bool:
    """Whether a passage names a kind of measure: by a label, or by the typical audience of a kind (« jusqu'à 21
    ans »)."""
    return has_action_label(text) or bool(by_audience(find_ages(text)))


def _units(ctx: Context, layout: Layout) -> list[Unit]:
    """The passages of text that may each state measures: a list item, a table row or a heading whole, each
    sentence of prose alone (with the lines it carries on to when a line break cuts it)."""
    units = []
    for number, block in enumerate(layout.blocks):
        if block.kind == "menu":
            continue
        prose = block.kind in ("prose", "field")
        groups: list[list[int]] = []
        for i in block.indexes if prose else []:
            if i in layout.continued and groups:
                groups[-1].append(i)
            else:
                groups.append([i])
        for indexes in groups if prose else [block.indexes]:
            first, last = ctx.sentences[indexes[0]], ctx.sentences[indexes[-1]]
            units.append(Unit(indexes, number, not prose, first.start, last.end))
    return units


def _spans(ctx: Context, unit: Unit) -> list[tuple[int, int]]:
    """The passages of a unit that may each state a measure: the whole item, or the clauses of a sentence
    that says something is done (not a list of aims, not a bare quote)."""
    if unit.item:
        return _cell_items(ctx, unit)
    text = ctx.text[unit.start : unit.end]
    docs = [_tagged(ctx, i) for i in unit.indexes]
    stated = _CUE.search(fold(text)) or _SECOND.match(fold(text)) or _CUE_OPENING.match(fold(text)) \
        or _sized(ctx, unit) or _stated_next(ctx, unit) or _agent_acts(ctx, unit) or _funded(ctx, unit)
    if not stated or any(is_aims_summary(doc) for doc in docs) or _QUOTES.fullmatch(text.strip()):
        return []
    spans: list[tuple[int, int]] = []
    for i, doc in zip(unit.indexes, docs, strict=True):
        sentence = ctx.sentences[i]
        pieces = [(sentence.start + a, sentence.start + b) for a, b in clauses(sentence.text, doc)]
        if spans:  # a line broken inside a clause: its first piece ends the clause of the line before
            spans[-1] = (spans[-1][0], pieces.pop(0)[1])
        spans += pieces
    return spans


_CELL_LIST = re.compile(r"[ \t]*;[ \t]+(?=[^|\s])")


def _cell_items(ctx: Context, unit: Unit) -> list[tuple[int, int]]:
    """The passages of an item: the whole of it, or for a row between « | » whose cell lists measures with « ; »
    (« | Hautes-Alpes (05) | 28/06/2021 | 310 000 € | bilans de santé en maternelle ; 4 places d'accueil d'urgence | »)
    each of them, the first with the cells before it."""
    text = ctx.text[unit.start : unit.end]
    if ctx.layout is not None and ctx.layout.blocks[unit.block].kind == "item":
        return _item_measures(ctx, unit)
    if ctx.layout is None or ctx.layout.blocks[unit.block].kind != "row" or text.count("|") < 2:
        return [(unit.start, unit.end)]
    cuts = [unit.start + m.start() for m in _CELL_LIST.finditer(text)]
    bounds = [unit.start, *cuts, unit.end]
    return [(a if a == unit.start else a + 1, b) for a, b in pairwise(bounds)]


def _item_measures(ctx: Context, unit: Unit) -> list[tuple[int, int]]:
    """The passages of a list item: the whole of it, or its sides where a coordination opens another measure of an
    unrelated type (``clauses.item_measures``)."""
    cuts = []
    for i in unit.indexes:
        sentence = ctx.sentences[i]
        cuts += [sentence.start + a for a, _b in item_measures(sentence.text, _tagged(ctx, i))[1:]]
    bounds = [unit.start, *[c for c in cuts if unit.start < c < unit.end], unit.end]
    return list(pairwise(bounds))


def _funded(ctx: Context, unit: Unit) -> bool:
    """An amount followed by words that say what it pays for (« 350 k€, destinés à l'accès aux soins des enfants
    confiés »): the measure it pays for is taken. A unit between them (« 14 euros par jour et par enfant) destinées à
    couvrir les frais ») makes it the price of one day, not money given to a measure."""
    return any(m.kind == "money" and _FUNDED.match(fold(ctx.text[m.end : m.end + 40]))
               for i in unit.indexes for m in ctx.mentions[i])


def _sized(ctx: Context, unit: Unit) -> bool:
    """A sentence naming a measure is stated when it, or the next sentence of its paragraph, then gives the measure's
    size in a clause of its own whose subject is a pronoun (« … d'un accueil séquentiel ; celui-ci compte 6 places »,
    « La Maison des fratries accueille … » ⏎ « Ouverte en 2021, elle compte 12 places »): that is said of a measure
    that exists or will, as « capacité » says it; so does a next sentence that is the size alone (« … une maison pour
    les fratries, à Béziers. Dix-huit places. »). A clause that names the measure with its size (« Ses 24 places sont
    réservées aux fratries ») only describes it."""
    indexes = list(unit.indexes)
    following = indexes[-1] + 1
    if following < len(ctx.sentences) and not ctx.text[unit.end : ctx.sentences[following].start].count("\n"):
        indexes.append(following)
    for i in indexes:
        sentence = ctx.sentences[i]
        for m in (m for m in ctx.mentions[i] if m.kind == "capacity"):
            opening = max(ctx.text.rfind(c, sentence.start, m.start) for c in ",;:")
            clause = ctx.text[max(sentence.start, opening + 1) : sentence.end]
            if _SIZE_SUBJECT.match(fold(clause)) and not has_action_label(clause):
                return True
            if i == following and not _WORD.search(sentence.text[: m.start - sentence.start] +
                                                   sentence.text[m.end - sentence.start :]):
                return True  # the next sentence is the size alone
    return False


_POSSESSIVES = frozenset({"nos", "notre", "vos", "votre"})


def _agent_acts(ctx: Context, unit: Unit) -> bool:
    """A sentence whose subject is who carries a measure out, acting in a verb of its own (« Dans les écoles, l'équipe
    de PMI voit chaque enfant de petite et moyenne section … », « Les puéricultrices de PMI examinent … »): the measure
    is carried out, as a council's page on its services says in the present."""
    for i in unit.indexes:
        sentence, doc = ctx.sentences[i], _tagged(ctx, i)
        if find_counts(sentence.text):
            continue  # « Les puéricultrices de PMI ont vu 6 112 enfants »: what the measure did, a figure
        agents = [m for m in matches(content_tokens(sentence.text, sentence.start)) if m.strength == AGENT]
        for agent in agents:
            opening = ctx.text[max(sentence.start, ctx.text.rfind(",", sentence.start, agent.start) + 1) : agent.start]
            if any(t.norm not in _POSSESSIVES for t in content_tokens(opening)):
                continue  # the agent is no subject (« Les frais de déplacement des équipes de PMI sont pris … »)
            after = [t for t in doc if sentence.start + t.idx >= agent.end and t.text not in (",", ";")]
            verb = next((t for t in after if t.pos_ in ("VERB", "AUX") or t.text in (",", ";")), None)
            if verb is not None and "Fin" in verb.morph.get("VerbForm", []) \
                    and not ctx.text[agent.end : sentence.start + verb.idx].count(","):
                return True
    return False


def _tagged(ctx: Context, index: int) -> Doc:
    """A sentence's analysis with its parts of speech (which say where its clauses end): a line that a broken
    sentence carries on to was only tokenised when it names no measure itself (« … ; la seconde viendra en appui
    des » ⏎ « assistants familiaux … »), so it is tagged now."""
    doc = ctx.docs[index]
    if len(doc) and not doc.has_annotation("POS"):
        doc = ctx.docs[index] = parse_all([ctx.sentences[index].text], analyse=bool, parse=lambda _text: False)[0]
    return doc


def _stated_next(ctx: Context, unit: Unit) -> bool:
    """A sentence that only names a measure (« Troisième chantier : l'accueil de jour. ») is stated by the next
    sentence of its paragraph when that one says what is done without naming a measure of its own (« Nous
    créons 24 places, réparties entre … »)."""
    following = unit.indexes[-1] + 1
    if any(t.pos_ in ("VERB", "AUX") for i in unit.indexes for t in ctx.docs[i]):
        return False  # a sentence with a verb says itself whether something is done
    if following >= len(ctx.sentences) or ctx.text[unit.end : ctx.sentences[following].start].count("\n"):
        return False
    after = ctx.sentences[following].text
    return bool(_CUE.search(fold(after))) and not has_action_label(after) and not after.rstrip().endswith("?")


@dataclass
class _Found:
    """The actions of a document as its passages are read, one per type and département unless listed."""

    ctx: Context
    layout: Layout
    actions: dict[tuple[str, str], Action] = field(default_factory=dict)
    order: list[tuple[str, str]] = field(default_factory=list)
    said: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # labels by which each measure was found
    blocks: dict[tuple[str, str], int] = field(default_factory=dict)  # the block each action was read in
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # passages set aside, and the rule why
    masked: list[tuple[int, int]] = field(default_factory=list)  # spans whose words name no measure
    passages: list[tuple[int, int, tuple[str, str]]] = field(default_factory=list)  # (end, block, action) read
    heads: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)  # by evidence span: see _heads
    known_forms: set[tuple[str, str]] = field(default_factory=set)  # actions named by their form as known ones

    def __post_init__(self) -> None:
        # the masked spans' starts in order, and the furthest end among the spans up to each: a token is masked when
        # a span starting at or before it reaches past it (one look-up, where reading every span was quadratic)
        self.masked.sort()
        self._starts = [start for start, _ in self.masked]
        self._reach = list(accumulate((end for _, end in self.masked), max))

    def read_unit(self, unit: Unit, code: str) -> None:
        text = self.ctx.text[unit.start : unit.end]
        if not names_measure(text) and not unit.item and not _SECOND.match(fold(text)):
            return
        owner = self.owner(self.layout.blocks[unit.block].detail_of)
        if owner is not None:
            # a sub-item details the measure of the item above it: its capacities are that measure's
            self.actions[owner] = _with_capacities(self.actions[owner], self.ctx.text, unit.start, unit.end)
            return
        excluded = not_a_measure(self.ctx, self.layout, unit)
        if excluded is not None:
            self.skipped.append((unit.start, unit.end, excluded))
            return
        spans = _spans(self.ctx, unit)
        for span in spans:
            self.read(span, unit, code, spans)

    def owner(self, block: int | None) -> tuple[str, str] | None:
        """The last action read in a block, or in the item that block details."""
        while block is not None:
            owner = next((k for k in reversed(self.order) if self.blocks[k] == block), None)
            if owner is not None:
                return owner
            block = self.layout.blocks[block].detail_of
        return None

    def read_heading(self, unit: Unit, code: str) -> None:
        """A heading announces its section: it is a measure of its own only when its section names no measure
        (the document's title: none of its type or axis)."""
        if not self.layout.announces(unit.block):
            return
        before = set(self.actions)
        self.read_unit(unit, code)
        for key in [k for k in self.actions if k not in before]:
            section = set(self.layout.section_blocks(unit.block))
            others = [self.actions[k] for k, block in self.blocks.items() if block in section and k != key]
            mine = self.actions[key]
            title = self.layout.blocks[unit.block].title
            if any(not title or related(mine.action_type, a.action_type) or mine.axis == a.axis for a in others):
                del self.actions[key]
                self.order.remove(key)

    def is_masked(self, token: Token) -> bool:
        before = bisect_right(self._starts, token.start)
        return before > 0 and self._reach[before - 1] > token.start

    def read(self, span: tuple[int, int], unit: Unit, code: str, spans: list[tuple[int, int]]) -> None:
        ctx, (span_start, span_end) = self.ctx, span
        clause = ctx.text[span_start:span_end]
        tokens = [t for t in content_tokens(clause, span_start) if not self.is_masked(t)]
        found = matches(tokens)
        excluded = clause_not_a_measure(clause)
        if excluded is not None:
            self.skipped.append((span_start, span_end, excluded))
            return
        if self._refers_back(span, unit, found) or self._describes(span, unit):
            return
        rule = _RULE_OF_KIND[self.layout.blocks[unit.block].kind]
        if not found and self.layout.blocks[unit.block].kind == "item":
            found, rule = by_keywords(tokens, clause), "action.list-item-keywords"
        if not found:
            found, rule = by_audience(find_ages(clause), span_start), "action.audience"
        if not found:
            return
        counts = find_counts(clause)
        if counts and span_start + counts[0][2] < found[0].start and not _CUE_STRICT.search(fold(clause)):
            return  # "2 100 mineurs et jeunes majeurs sont accompagnés": a figure, not a measure
        ages = find_ages(clause) or _unit_ages(ctx.text, unit, span, spans)
        previous = _previous_tokens(ctx, unit.indexes[0])
        # the first type named decides; another one may stand in when the first is known already, unless it
        # was named by a generic label or a label in parts
        chosen = found[:1] + [m for m in found[1:] if not (m.generic or m.gapped)]
        candidates = [refine(match.type, tokens, previous, ages) for match in chosen]
        aim = self._aimed_kind(unit, found[0])
        if aim is not None:
            candidates[0] = aim
        count = len(self.order)
        self.place(candidates, found[0], unit, code, (span_start, span_end, rule), ages)
        if len(self.order) > count and found[0].strength == FORM \
                and names_a_known_form(ctx.text[span_start : found[0].start]):
            self.known_forms.add(self.order[-1])

    def _describes(self, span: tuple[int, int], unit: Unit) -> bool:
        """A clause that tells whom or where the measure an earlier clause of its sentence named serves
        (``action_scope.describes_measure_before``): set aside, its capacities that measure's."""
        index = next((i for i in unit.indexes if self.ctx.sentences[i].start <= span[0] < self.ctx.sentences[i].end),
                     unit.indexes[0])
        sentence = self.ctx.sentences[index]
        before = [(end, key) for end, _block, key in self.passages
                  if sentence.start < end <= span[0] and key in self.actions]
        clause = self.ctx.text[span[0] : span[1]]
        if not before or not describes_measure_before(clause, _tagged(self.ctx, index), span[0] - sentence.start):
            return False
        key = max(before)[1]
        self.actions[key] = _with_capacities(self.actions[key], self.ctx.text, *span)
        self.passages.append((span[1], unit.block, key))
        self.skipped.append((span[0], span[1], "action.not.description"))
        return True

    def _aimed_kind(self, unit: Unit, match: Match) -> ActionType | None:
        """A measure named only by who carries it out (« Deux puéricultrices rejoignent les équipes de PMI ») is of the
        kind its setting names: the heading of its section (« BILANS EN MATERNELLE : ON RECRUTE »), its aim in the next
        sentence of its paragraph (« Leur mission : … leur bilan de santé », or what they do in it: « Elles ont permis
        d'organiser les bilans de santé en école maternelle ») or the question the paragraph opens with
        (« Votre enfant est en moyenne section ? Il sera vu à l'école par l'infirmière de PMI »)."""
        if match.strength != AGENT:
            return None
        for start, end in self._setting(unit):
            tokens = content_tokens(self.ctx.text[start:end], start)
            named = [m for m in matches(tokens) if not m.generic]
            if named and named[0].type.axis == match.type.axis:
                return refine(named[0].type, tokens, [], find_ages(self.ctx.text[start:end]))
        return None

    def _setting(self, unit: Unit) -> list[tuple[int, int]]:
        """The section heading of a unit, the aim that follows it and the question before it in its paragraph."""
        sentences, block = self.ctx.sentences, self.layout.blocks[unit.block]
        spans = []
        if block.section is not None and not self.layout.blocks[block.section].title:
            spans.append((self.layout.blocks[block.section].start, self.layout.blocks[block.section].end))
        following, before = unit.indexes[-1] + 1, unit.indexes[0] - 1
        if following < len(sentences) and self.layout.of_sentence.get(following) == unit.block \
                and (states_aim(sentences[following].text) or _POINTER.match(fold(sentences[following].text))):
            spans.append((sentences[following].start, sentences[following].end))
        question = before >= 0 and sentences[before].text.rstrip().endswith("?")
        if question and self.layout.of_sentence.get(before) == unit.block:
            spans.append((sentences[before].start, sentences[before].end))
        return spans

    def _refers_back(self, span: tuple[int, int], unit: Unit, found: list[Match]) -> bool:
        """A clause that points back at the measure just read: « La seconde, de nuit, … » or « Une autre
        équipe … », naming no kind right after, state another measure of the kind just read; « La première, … »,
        « Il disposera de 12 places », « … : elle intervient auprès des adolescents … en famille d'accueil »
        describe it (where it works, for whom, its size), unless a verb of action or of intent opens a measure of
        its own (« Il compte ouvrir … »)."""
        antecedent = self._antecedent(unit, span[0])
        second = _SECOND.match(fold(self.ctx.text[span[0] : span[1]]))
        # « Une seconde équipe mobile, de PMI », « La seconde est la création d'une équipe d'appui aux assistants
        # familiaux » name their kind, right after the marker or after a verb that says what it is: the labels decide
        after = self.ctx.text[span[0] + second.end() : min(m.start for m in found)] if second and found else ""
        after = _ASIDE.sub("", after)  # « La deuxième, plus structurante, est un accueil de jour … »
        named = bool(found) and (len(after.split()) <= 1 or bool(_NAMING.match(fold(after))))
        if antecedent is not None and second and not named:
            previous = self.actions[antecedent]
            key = (f"{previous.action_type}#{len(self.order)}", antecedent[1])
            where = (span[0], span[1], "action.another-of-type")
            self.actions[key] = _action(self.ctx, type_of(previous.action_type), antecedent[1], where, None,
                                        unit.indexes)
            self.order.append(key)
            self.blocks[key] = unit.block
            self.passages.append((span[1], unit.block, key))
            return True
        antecedent = next((a for start in self._pointers(span, unit, found) if (a := self._antecedent(unit, start))),
                          None) or self._named_by_head(span, unit, found)
        if antecedent is None:
            return False
        self.actions[antecedent] = _with_capacities(self.actions[antecedent], self.ctx.text, *span)
        self.passages.append((span[1], unit.block, antecedent))
        return True

    def _pointers(self, span: tuple[int, int], unit: Unit, found: list[Match]) -> list[int]:
        """Where a word pointing back at a measure opens the clause, what follows a colon before its label, or
        the sentence the clause is part of (a pronoun or a demonstrative only in prose), with no verb of action
        or of intent between it and the label: the measure it speaks of was read before that point."""
        text = self.ctx.text
        label = found[0].start if found else span[1]
        sentence = next((s for s in (self.ctx.sentences[i] for i in unit.indexes) if s.start <= span[0] <= s.end),
                        self.ctx.sentences[unit.indexes[0]])
        colon = text.rfind(": ", span[0], label)
        starts = [span[0], sentence.start] + ([colon + 2] if colon >= 0 else [])
        out = []
        for start in starts:
            opening = fold(text[start:span[1]])
            before_label = fold(text[start:label])
            if _INTENT.search(before_label) or STRONG_VERB.search(before_label):
                continue
            if _FIRST.match(opening) or (not unit.item and _POINTER.match(opening)):
                out.append(start)
            elif start == sentence.start < span[0] and _SECOND.match(opening):
                out.append(span[0])  # « La seconde, médico-éducative, se rend … »: the measure its opening named
        return out

    def _named_by_head(self, span: tuple[int, int], unit: Unit, found: list[Match]) -> tuple[str, str] | None:
        """« Le bilan est réalisé à l'école … » after « Réaliser un bilan de santé … », « L'EMI intervient … » after
        « l'équipe mobile d'intervention (EMI) »: a clause of prose opening with a definite article and the head of a
        measure read before (its label's first word, or the acronym it was given), with no verb of action or intent
        before its own label, describes that measure."""
        opening = None if unit.item else self._definite_opening(span, unit, found)
        if opening is None:
            return None
        at, head = opening  # the measure it describes was read before the clause (the sentence, when that opens it)
        return next((key for key in reversed(self.order) if key in self.actions
                     and self.actions[key].evidence.end <= at and head in self._heads(key)), None)

    def _definite_opening(self, span: tuple[int, int], unit: Unit, found: list[Match]) -> tuple[int, str] | None:
        """Where a definite article opens the clause or its sentence, and the word after it, with no verb of action or
        intent between that and the clause's label."""
        sentence = next((s for s in (self.ctx.sentences[i] for i in unit.indexes) if s.start <= span[0] <= s.end), None)
        for at in sorted({span[0], sentence.start if sentence else span[0]}):
            if self.ctx.text[:at].rstrip().endswith(","):
                continue  # « avec les bailleurs, le service intégré … »: one of a list of names, not a subject
            clause = fold(self.ctx.text[at : found[0].start if found else span[1]])
            definite = _DEFINITE_HEAD.match(clause)
            if definite and not (_INTENT.search(clause) or STRONG_VERB.search(clause)):
                return at, normalise_word(definite.group(1))
        return None

    def _heads(self, key: tuple[str, str]) -> frozenset[str]:
        """The words a definite description of a measure may use: its label's first word, the acronym it was given.
        Read once per passage: every clause opening on a definite article looks through all the measures before it,
        and matching the labels again each time cost as the square of a long document's measures."""
        evidence = self.actions[key].evidence
        span = (evidence.start, evidence.end)
        if span not in self.heads:
            text = self.ctx.text[evidence.start : evidence.end]
            named = matches(content_tokens(text, evidence.start))
            heads = {normalise_word(a) for a in _ACRONYM.findall(text)}
            label = self.ctx.text[named[0].start : named[0].end] if named else ""
            self.heads[span] = frozenset(heads | {t.norm for t in content_tokens(label)[:1]})
        return self.heads[span]

    def _antecedent(self, unit: Unit, start: int) -> tuple[str, str] | None:
        """The measure read last, in this sentence or the two before it, if any."""
        first = max(0, unit.indexes[0] - ANTECEDENT_SENTENCES)
        since = self.ctx.sentences[first].start
        before = [(end, key) for end, _block, key in self.passages if since <= end <= start and key in self.actions]
        return max(before)[1] if before else None

    def place(self, candidates, match: Match, unit: Unit, code: str, where, ages) -> None:
        """A new action of the first type named, or of another type the passage names when the first is known
        already; a second measure of a known type when the text says so; otherwise the passage restates a
        measure already found, and its capacities join it."""
        start, end, rule = where
        first_key = (candidates[0].key, code)
        decided = self._decide(candidates, match, unit, code, (start, end, rule))
        self.said.setdefault(first_key, set()).add(match.label)
        if decided is None or len(decided) == 2:
            target = first_key if decided is None else decided
            self.actions[target] = _with_capacities(self.actions[target], self.ctx.text, start, end)
            self.passages.append((end, unit.block, target))
            return
        action_type, key, rule = decided
        self.actions[key] = _action(self.ctx, action_type, code, (start, end, rule), ages, unit.indexes)
        self.order.append(key)
        self.blocks[key] = unit.block
        self.passages.append((end, unit.block, key))

    def _decide(self, candidates, match: Match, unit: Unit, code: str, where: tuple[int, int, str]):
        start, end, rule = where
        first = candidates[0]
        first_key = (first.key, code)
        named = self._named_before(match, unit) if self._financing_line(unit) else None
        if named is not None:
            return named  # a line of a financing plan restating a measure the document has described
        if first_key not in self.actions:
            return first, first_key, rule
        another = (first, (f"{first.key}#{len(self.order)}", code))
        if _ANOTHER.search(fold(self.ctx.text[max(unit.start, match.start - 40) : match.start])):
            return (*another, "action.another-of-type")  # « une seconde équipe mobile »
        if match.label in self.said.get(first_key, ()):
            if self._sibling_item(first_key, unit, match.start):
                return (*another, "action.list-item-same-type")  # « - une équipe mobile … » ⏎ « - une équipe mobile … »
            return None  # the same words again: a measure already found, restated
        other = next((t for t in candidates[1:] if (t.key, code) not in self.actions), None)
        if other is not None:
            return other, (other.key, code), rule
        kind = self.layout.blocks[unit.block].kind
        sentence = self.ctx.sentences[unit.indexes[0]]
        listed = kind in ("item", "row") or in_semicolon_list(sentence.text, match.start - sentence.start)
        if listed and match.label and not self._financing_line(unit):
            return (*another, "action.list-item-same-type")  # another item of a list, in other words
        if kind == "prose" and _added(self.ctx.text[start : match.start], self.ctx.text[start:end]):
            return (*another, "action.another-of-type")  # « Des consultations itinérantes iront aussi … »
        return None

    def _sibling_item(self, key: tuple[str, str], unit: Unit, label_start: int) -> bool:
        """Whether a list item names, with an indefinite article, a measure of the kind another item of the same list
        named (« - une équipe mobile « enfance et handicap » … » ⏎ « - une équipe mobile d'intervention de crise … »):
        two items of one list are two measures, even in the same words."""
        block, other = self.layout.blocks[unit.block], self.layout.blocks[self.blocks[key]]
        same_list = block.kind == other.kind == "item" and block.lead is not None and block.lead == other.lead
        opening = self.ctx.text[unit.start : label_start].lstrip(" \t-–—•·▪*")
        return same_list and self.blocks[key] != unit.block and bool(_INDEFINITE.fullmatch(opening.lower()))

    def _named_before(self, match: Match, unit: Unit) -> tuple[str, str] | None:
        """The action already found whose passage holds the words of the label that decided, or every content
        word of the line's name (« Pack autonomie jeunes majeurs | 4 | 64 100 € » after « un « pack autonomie »
        (…) pour les jeunes majeurs »), if any."""
        name = re.split(r"\s*(?:\||\.{3,}|…{2,}|:)", self.ctx.text[unit.start : unit.end].strip(" -–•*"), maxsplit=1)[0]
        words = {t.norm for t in content_tokens(name)}
        for key, action in self.actions.items():
            tokens = content_tokens(self.ctx.text[action.evidence.start : action.evidence.end], action.evidence.start)
            if any(find_label(tokens, label) is not None for label in match.type.labels if label.text == match.label):
                return key
            if len(words) > 1 and words <= {t.norm for t in tokens}:
                return key
        return None

    def _financing_line(self, unit: Unit) -> bool:
        """A line of a financing plan (« 1. Entretien prénatal précoce ….. 118 000 € »): it names a measure
        the document has described, with its money."""
        line = self.ctx.text[unit.start : unit.end].rstrip(" .;")
        return any(m.kind == "money" and line.endswith(m.text.rstrip(" .;")) for i in unit.indexes
                   for m in self.ctx.mentions[i])


def _unit_ages(text: str, unit: Unit, span: tuple[int, int], spans: list[tuple[int, int]]):
    """The ages a clause without its own takes from its passage: those no other clause of it holds (« pour
    les 3-4 ans » in a clause of its own is that clause's audience, not its neighbours')."""
    return [age for age in find_ages(text[unit.start : unit.end])
            if not any(s <= unit.start + age[2] < e for s, e in spans if (s, e) != span)]


_INDEFINITE = re.compile(r"\b(?:un|une|des|de nouve(?:aux|lles?)|d'autres|(?:deux|trois|quatre|cinq|six|\d+) "
                         r"(?:nouve(?:aux|lles) )?)\s*$", re.IGNORECASE)
_ADDITIVE = re.compile(rf"\b{alternation(words('actions', 'additive_adverbs'))}\b")


def _added(before_label: str, clause: str) -> bool:
    """A measure of a type already found, named in other words right after an indefinite article, in a clause
    that says it comes in addition (« Des consultations itinérantes iront aussi au-devant des familles »)."""
    return bool(_INDEFINITE.search(before_label)) and bool(_ADDITIVE.search(fold(clause)))


def _previous_tokens(ctx: Context, index: int) -> list[Token]:
    if index == 0:
        return []
    before = ctx.sentences[index - 1]
    return content_tokens(before.text, before.start)


UNNAMED = ""  # the code of a département the document speaks of as « le Département » without naming it
UNNAMED_MENTIONS = 2  # mentions of « le Département » that make an unnamed département the document's


def _code(ctx: Context, unit: Unit, unnamed: bool) -> str | None:
    """The département a unit's measure is of: one it names, the document's focus, or (for a page of a
    council that never names itself: « Le Département présentait son plan d'actions ») an unnamed one."""
    places = [p for i in unit.indexes for p in ctx.places[i]]
    if places:
        return places[0].code
    code = scope(ctx, unit.indexes[0]) if unit.indexes else ctx.focus
    return code if code is not None else UNNAMED if unnamed else None


def _unnamed_council(ctx: Context) -> bool:
    """A document that names no département yet speaks of « le Département » as an actor, again and again."""
    if ctx.departements:
        return False
    council = [o for orgs in ctx.orgs for o in orgs if o.kind == "council" and o.code is None and o.name[:1].isupper()]
    return len(council) >= UNNAMED_MENTIONS


_AXIS_WORDING = re.compile(rf"(?<![\w]){alternation(words('actions', 'axis_wordings'))}(?![\w])")
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’-]*|\d+)"
_INTRODUCER = alternation(words("actions", "name_introducers"))
_NAME_AFTER = re.compile(
    rf"\b{_INTRODUCER}s?\s+({_NAME_WORD}(?:\s+(?:et|de|du|des|d'|d’)?\s*{_NAME_WORD})*)",
    re.IGNORECASE,
)


def masked_spans(ctx: Context, roles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans whose words never name a measure: people's names and roles (« éducateur dans une maison
    d'enfants »), the strategy's commitments restated, proper names of associations (« Loire Parrainage »)."""
    spans = list(roles)
    folded = fold(ctx.text)
    spans += [(m.start(), m.end()) for m in _AXIS_WORDING.finditer(folded)]
    for m in _NAME_AFTER.finditer(ctx.text):
        if m.group(1)[0].isupper():
            spans.append((m.start(1), m.end(1)))
    return sorted(spans)


_AFTER_AMOUNT = re.compile(r"[\s\d]*")  # what may follow a row's amount: more columns of bare figures (places)
#: blocks either side of a line closing with an amount where another one makes the two rows of a table
ROW_NEIGHBOURS = 2


def _money_rows(ctx: Context, layout: Layout) -> None:
    """Short lines that close with an amount, two of them or more close together, are the rows of a financing table
    a converter flattened into text (« 5 Accompagnement des sortants de l'ASE vers le logement (18-21 ans) 4 120 000 »,
    « 65  652412  Action 3 – Places d'accueil d'urgence  1 180 000,00  16 »), not headings: each names its measure as
    a row whose cells are split by « | » would."""
    closing = set()
    for number, block in enumerate(layout.blocks):
        if block.kind != "heading" or block.title:
            continue
        amounts = [m.end for i in block.indexes for m in ctx.mentions[i] if m.kind == "money"]
        if any(_AFTER_AMOUNT.fullmatch(ctx.text, end, block.end) for end in amounts):
            closing.add(number)
    for number in closing:
        if any(abs(number - other) <= ROW_NEIGHBOURS for other in closing - {number}):
            layout.blocks[number].kind = "row"


def read_actions(ctx: Context, roles: list[tuple[int, int]] | None = None) -> _Found:
    """Every action of a document, and the passages with words of a measure that a rule set aside. Headings
    are read after the body, as fallbacks for the measures their sections do not name."""
    layout = layout_of(ctx)
    _money_rows(ctx, layout)
    found = _Found(ctx, layout, masked=masked_spans(ctx, roles or []))
    units = _units(ctx, layout)
    unnamed = _unnamed_council(ctx)
    for unit in units:
        code = _code(ctx, unit, unnamed)
        if code is not None and layout.blocks[unit.block].kind != "heading":
            found.read_unit(unit, code)
    for unit in units:
        code = _code(ctx, unit, unnamed)
        if code is not None and layout.blocks[unit.block].kind == "heading":
            found.read_heading(unit, code)
    _drop_known_forms(found)
    return found


def _drop_known_forms(found: _Found) -> None:
    """An action named only by its form as a known one (« l'équipe mobile dont je vais parler », « 85 000 € pour le CH
    (équipe mobile) ») is the measure of its axis that the document names elsewhere in words of what it is."""
    for key in [k for k in found.order if k in found.known_forms and k in found.actions]:
        action = found.actions[key]
        if any(other not in found.known_forms and found.actions[other].axis == action.axis
               for other in found.order if other != key and other in found.actions):
            found.skipped.append((action.evidence.start, action.evidence.end, "action.not.known-form"))
            del found.actions[key]
            found.order.remove(key)


_CAPACITY_ANAPHOR = re.compile(rf"^\W*{alternation(words('actions', 'capacity_anaphors'))}\b")
_NEGATION = re.compile(r"\b(?:ne|n')\s*(?:\w+\s+){1,2}?(?:pas|plus|jamais)\b")
#: blocks after an action's own where a capacity stated apart (« Capacité : 24 places ») may still be its size
CAPACITY_REACH = 5


def _attach_capacities(found: _Found) -> None:
    """A capacity stated apart from its measure's noun is that measure's size: later in the same sentence
    (« La maison d'accueil d'urgence, gérée par …, ouvrira 4 places »), or in a sentence after it that opens
    with a pronoun or a generic noun (« Il disposera de 15 places. », « Au total, dix lits. »), or a field line
    of its section (« Capacité : 24 places »)."""
    for index, mentions in enumerate(found.ctx.mentions):
        for mention in (m for m in mentions if m.kind == "capacity"):
            places, label = cast(tuple[int, str], mention.value)
            if any(c.places == places for a in found.actions.values() for c in a.capacities):
                continue  # joined a measure restated in other words already
            key = _capacity_owner(found, index, mention.start)
            if key is None:
                continue
            action = found.actions[key]
            evidence = replace(action.evidence, mentions=(*action.evidence.mentions, mention.id))
            found.actions[key] = replace(action, capacities=(*action.capacities, Capacity(places, label)),
                                         evidence=evidence)


def _capacity_owner(found: _Found, index: int, start: int) -> tuple[str, str] | None:
    """The action a capacity mention outside every action's passage belongs to, if any."""
    ctx, layout = found.ctx, found.layout
    if any(a.evidence.start <= start < a.evidence.end for a in found.actions.values()):
        return None
    # the passages that named a measure, its own or a restatement of it, before the capacity
    before = [(end, block, key) for end, block, key in found.passages if end <= start and key in found.actions]
    if not before:
        return None
    passage_end, own, key = max(before)
    here, sentence = layout.of_sentence[index], ctx.sentences[index]
    if sentence.start < passage_end:
        return key  # later in the sentence of the measure
    block = layout.blocks[here]
    # a heading that gives a size (« Dix lits, trois chambres, un grand jardin ») opens the next part of the story
    section = _story_section(found, block.section)
    same_section = here == own or section in (layout.blocks[own].section, own) or block.kind == "heading"
    if here - own > CAPACITY_REACH or not same_section:
        return None
    unit = Unit([index], here, block.kind not in ("prose", "field"), sentence.start, sentence.end)
    # the line that opens a list (« Le Département a déjà créé 75 places, 89 le seront d'ici 2024 : ») sizes the
    # measure just named, which its items detail
    excluded = not_a_measure(ctx, layout, unit)
    lead_in = excluded == "action.not.list-lead-in"
    # a sentence that states a measure of its own sizes that one; one whose labels describe (« Ses 24 places sont
    # réservées aux fratries ») states none, and its capacity is the size of the measure before it
    own_measure = any(sentence.start < end <= sentence.end for end, _block, _key in found.passages)
    if not lead_in and (excluded is not None or own_measure):
        return None
    clause = fold(ctx.text[max(sentence.start, ctx.text.rfind(":", sentence.start, start) + 1) : start])
    if _NEGATION.search(clause):
        return None  # « On ne peut pas demander à une famille d'accueillir trois enfants … »: no size of anything
    # the pronoun may open the clause of the capacity (« Porté par une association, il pourra recevoir sept jeunes »)
    comma = ctx.text.rfind(",", sentence.start, start)
    starts = [sentence.start] + ([comma + 1] if comma >= 0 else [])
    anaphor = any(_CAPACITY_ANAPHOR.match(fold(ctx.text[at:start])) for at in starts)
    return key if lead_in or anaphor or ":" in ctx.text[sentence.start : start] or not clause.strip(" ,") else None


def _story_section(found: _Found, section: int | None) -> int | None:
    """A heading that asks a question (« Qui sera accueilli ? », « Combien ça coûte ? ») goes on with the story of
    the section it comes in, the way an article's questions do: its blocks belong to that section."""
    blocks = found.layout.blocks
    while section is not None and found.layout.text(found.ctx, section).rstrip(" *#").endswith("?"):
        above = [i for i in range(section) if blocks[i].kind == "heading"]
        if not above:
            break
        section = above[-1]
    return section


def _drop_restated_sizes(found: _Found) -> None:
    """A measure stated again in another passage with the same size, in other words of the same axis (« 2 | Accueil
    d'urgence des fratries (24 places) | 540 000 » of a financing table, then « vingt-quatre places d'accueil … pour
    que frères et sœurs ne soient plus séparés » in the text), is the measure read first."""
    kept: list[tuple[tuple[int | None, list[int]], int | None]] = []  # (axis, sizes) and block of each measure kept
    for key in list(found.order):
        action = found.actions.get(key)
        if action is None:
            continue
        mark, block = (action.axis, sorted(c.places for c in action.capacities)), found.blocks.get(key)
        if mark[0] is not None and mark[1] and any(m == mark and b != block for m, b in kept):
            found.skipped.append((action.evidence.start, action.evidence.end, "action.not.restated-size"))
            del found.actions[key]
            found.order.remove(key)
        else:
            kept.append((mark, block))


def extract_actions(ctx: Context, roles: list[tuple[int, int]] | None = None) -> list[Action]:
    """The actions of a document; ``roles`` are the spans of people's names and roles (never a measure)."""
    found = read_actions(ctx, roles)
    _attach_capacities(found)
    _drop_restated_sizes(found)
    _column_axes(found)
    return sorted((found.actions[key] for key in found.order), key=lambda a: (a.evidence.start, a.evidence.end))


# a cell holding a bare whole number: between « | », « ; », runs of spaces or a tab, or at a line's ends
_BARE_CELL = re.compile(r"(?:^|(?<=\|)|(?<=;)|(?<=\t)|(?<=   ))[ \t]*(\d{1,4})[ \t]*(?=\||;|\t|   |[ \t]*$)",
                        re.MULTILINE)
_UNIT_CELL = re.compile(rf"\|[ \t]*((?i:{_CAPACITY_UNITS}))[ \t]*(?=\|)")
_CAPACITY_COLUMN = re.compile(rf"^\W*(?:(?:nombre|nb|nbre)\.? (?:de |d')?)?(?:{_CAPACITY_UNITS}|capacites?\b)")


_AXIS_COLUMN = re.compile(r"^\W*axes?\b")


def _column_axes(found: _Found) -> None:
    """A table row's axis as its own column gives it (« | 4 | Équipe mobile de soins pour enfants confiés | 3 | 70 k€ |
    ARS | » under « | N° | Action | Axe | … | »): the document's word, over the axis of the measure's type."""
    text = found.ctx.text
    for key in found.order:
        action = found.actions[key]
        axis = _column_axis(text, action.evidence.start, action.evidence.end)
        if axis is not None and axis != action.axis:
            found.actions[key] = replace(action, axis=axis)


def _column_axis(text: str, start: int, end: int) -> int | None:
    """The figure from 1 to 4 of a row's cell in a « | » column headed « Axe »."""
    for m in _BARE_CELL.finditer(text, start, end):
        if m.end(1) > end:
            break
        if 1 <= int(m.group(1)) <= AXES and _AXIS_COLUMN.match(fold(pipe_column_words(text, m.start(1)))):
            return int(m.group(1))
    return None


AXES = 4  # the strategy's axes, numbered from 1


def column_capacities(text: str, start: int, end: int) -> list[tuple[int, str, int, int]]:
    """The capacities a table row gives as bare figures in a column whose header counts places (« Action 3 – Places
    d'accueil d'urgence   1 180 000,00   16 » under « … BP 2022   Places », « | Accueil de jour | 12 | » under
    « | Action | Capacité | »), or after a cell of its own that names the unit (« | Maison d'enfants, extension | places
    | 14 | 8 | 57 % | », planned and done): ``(places, header, start, end)`` as :func:`find_capacities` gives them."""
    out = []
    unit = _UNIT_CELL.search(text, start, end)  # « | Maison d'enfants, extension | places | 14 | 8 | 57 % | »
    for m in _BARE_CELL.finditer(text, start, end):
        if m.end(1) > end:
            break
        header = pipe_column_words(text, m.start(1))
        named = _CAPACITY_COLUMN.match(fold(header))
        if named is not None and int(m.group(1)) > 1:
            out.append((int(m.group(1)), header[: named.end()].strip(" |*"), m.start(1), m.end(1)))
        elif unit is not None and m.start(1) > unit.end() and int(m.group(1)) > 1:
            out.append((int(m.group(1)), unit.group(1), m.start(1), m.end(1)))
    return out


def _with_capacities(action: Action, text: str, start: int, end: int) -> Action:
    """Capacities of a passage about a measure already found ("18 places en MECS") join that measure."""
    known = {c.places for c in action.capacities}
    found = find_capacities(text[start:end]) + column_capacities(text, start, end)
    new = tuple(Capacity(places, label) for places, label, _, _ in found if places not in known)
    return replace(action, capacities=action.capacities + new) if new else action


def _action(ctx: Context, action_type: ActionType, code: str, where: tuple[int, int, str], ages, indexes) -> Action:
    start, end, rule = where
    start, end = strip_span(ctx.text, start, end)
    text = ctx.text[start:end]
    folded = fold(text)
    age_min = age_max = None
    if ages:
        age_min, age_max, _a_start, _a_end = ages[0]
    found = find_capacities(text) + column_capacities(ctx.text, start, end)
    capacities = tuple(Capacity(places, label) for places, label, _, _ in found)
    partners = []
    for i in indexes:
        for org in ctx.orgs[i]:
            if start <= org.start < end and (org.use == "partner" or org.kind not in ("council",)):
                if org.kind == "council" and (org.code or ctx.focus) == code:
                    continue
                ref = org_ref(ctx, org.kind, org.name, org.code)
                if ref not in partners:
                    partners.append(ref)
    if _PAST.search(folded) and not _FUTURE.search(folded):
        status = "existing"
    elif _FUTURE.search(folded):
        status = "planned"
    else:
        status = "ongoing"
    label = " ".join(text.replace("*", "").split()).strip(" -–—•,;")
    if len(label) > 200:
        label = label[:200].rsplit(" ", 1)[0] + "…"
    return Action(
        action_type=action_type.key,
        axis=action_type.axis,
        departement=code or None,
        label=label,
        status=status,  # type: ignore[arg-type]
        age_min=float(age_min) if age_min is not None else None,
        age_max=float(age_max) if age_max is not None else None,
        capacities=capacities,
        partners=tuple(partners),
        evidence=Evidence(start, end, rule, _mention_ids(ctx, indexes, start, end)),
    )


def _mention_ids(ctx: Context, indexes: list[int], start: int, end: int) -> tuple[str, ...]:
    """The ids of the mentions (ages, capacities, places, organisations) inside an action's passage."""
    return tuple(
        m.id for i in indexes for m in ctx.mentions[i]
        if start <= m.start and m.end <= end and m.kind in ("age", "capacity", "place", "org")
    )


def type_of(key: str) -> ActionType:
    return action_types_by_key()[key]
