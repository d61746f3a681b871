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
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc

from ingest.model import Action, Capacity, Evidence

from .context import Context, org_ref
from .lexicon import ActionType, Label, action_types, action_types_by_key
from .numbers import find_ages, find_capacities, find_counts
from .text import Token, content_tokens, fold, strip_span

_CUE = re.compile(
    r"\b(?:cre(?:e|er|era|eront|ee|es|ation|ations)|develop|renforc|deploi|deploy|mise en (?:place|oeuvre|œuvre)|"
    r"mettre en|mettra|lanc|augment|amelior|ouvr|ouverture|financ|systematis|dot(?:e|er|ee|ees|era)\b|innov|preven|"
    r"experiment|generalis|etend|extension|recrut|diversifi|redynamis|revaloris|organis|prepar|instaur|install|"
    r"perennis|consolid|propos|rendu prioritaire|priorite|appel a projets|multipli|accompagn|soutien|soutenir|former|"
    r"formation|mobilis|intervien|structur|amplifi|poursui|beneficier|accueillir|doubl|ameliorer|garanti|"
    r"systematique|objectif|s'engage|engage|projet|creera|ouvrira|proposera|permettr|realis|effectu|assur|mesures?\b|"
    r"ira|iront|sera|seront|va|vont|prevoi|prevu|aura|auront|capacite|verra le jour|verront le jour|voir le jour|"
    r"(?:cre|ouvr|lanc|develop|renforc|deploy|financ|recrut|propos|mett|install|experiment|generalis)ons\b|"
    r"\w+(?:era|eront|ira|iront)\b)"
)
# verbs and nouns that make a sentence about people counted into a measure
_CUE_STRICT = re.compile(
    r"\b(?:cre(?:e|er|era|ation)|ouvr|recrut|deploi|deploy|mise en place|lanc|financ|install|dote|prevoit|"
    r"\w+(?:era|eront)\b)"
)
_FUTURE = re.compile(
    r"\b(?:va|vont|sera|seront|compte|comptent|veut|veulent|souhaite|prevoit|prevu|projet|preparation|appel a projets|"
    r"s'engage a|objectif|permettrait|pourrait|pourraient|a venir|\w+(?:era|eront|ira|iront|rait|raient))\b"
)
_PAST = re.compile(r"\b(?:depuis|deja|effectif|a ete|ont ete|s'est dote|a rendu|a mis|existe|existant)\b")
_QUOTES = re.compile(r"«[^»]*»")
_FOR_WHOM = re.compile(r"\s*[«\"]?\s*(?:pour|s'agissant|concernant|quant|du cote|cote)\b")


@dataclass
class _Match:
    type: ActionType
    start: int  # absolute offset of the first token
    specificity: int
    label: str = ""
    gapped: bool = False  # found by a label in parts ("recrutement … puéricultrices"): weaker than a whole one


def _find_label(tokens: list[Token], label: Label) -> int | None:
    """Offset of the label's first token in ``tokens`` (all parts present for a gapped label), else None."""
    norms = [t.norm for t in tokens]
    positions = []
    for part in label.parts:
        n = len(part)
        hit = next((i for i in range(len(norms) - n + 1) if tuple(norms[i : i + n]) == part), None)
        if hit is None:
            return None
        positions.append(tokens[hit].start)
    return min(positions)


@lru_cache(maxsize=1)
def _label_index() -> tuple[tuple[ActionType, tuple[tuple[Label, frozenset[str]], ...]], ...]:
    """Each type with its labels and the first word of every part (a cheap filter before the search)."""
    return tuple(
        (action_type, tuple((label, frozenset(part[0] for part in label.parts)) for label in action_type.labels))
        for action_type in action_types()
    )


def _matches(tokens: list[Token]) -> list[_Match]:
    out = []
    present = {t.norm for t in tokens}
    for action_type, labels in _label_index():
        best = None
        for label, firsts in labels:
            if not firsts <= present:
                continue
            position = _find_label(tokens, label)
            if position is None:
                continue
            specificity = sum(len(p) for p in label.parts) + (2 if action_type.broader else 0)
            if best is None or (position, -specificity) < (best.start, -best.specificity):
                best = _Match(action_type, position, specificity, label.text, label.gapped)
        if best is not None:
            out.append(best)
    out.sort(key=lambda m: (m.start, -m.specificity, m.type.key))
    if out and out[0].gapped:
        # a label in parts ("recrutement … puéricultrices") yields to a whole label of an unrelated type
        related = {out[0].type.key, out[0].type.broader} - {None}
        whole = next(
            (m for m in out if not m.gapped and m.type.key not in related and m.type.broader not in related), None
        )
        if whole is not None:
            out.remove(whole)
            out.insert(0, whole)
    return out


# a measure described in other words: a strong verb of action, and words that belong to one type's labels
_STRONG_VERB = re.compile(
    r"\b(?:cre(?:er|era|eront|ee|ees|ation)|develop|renforc|deploi|deploy|ouvr|ouverture|financ|"
    r"mise en place|mettre en place|mettra en place|recrut)"
)
# words of labels that say nothing of the kind of measure
_GENERIC = frozenset(
    """enfant jeune famille parent accueil aide sociale social protection service dispositif place mesure
    accompagnement soutien prise charge action projet professionnel equipe departement departemental
    renforcement renforcer renfort mise moyen nouveau nouvelle structure lieu vie acces offre mode besoin
    specifique situation suivi plan programme premier 1 000 1000 mille jour an ans 3 4 confie adolescent mineur
    enfance bebe""".split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def _keyword_index() -> dict[str, tuple[ActionType, ...]]:
    """Each distinctive word of the labels, and the (at most two) types whose labels use it."""
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
        if len(keys) <= 2 and word not in _GENERIC and len(word) > 3
    }


def _by_keywords(tokens: list[Token], clause: str) -> list[_Match]:
    """The type whose label words the clause uses most, for a clause with a strong verb and no whole label."""
    if not _STRONG_VERB.search(fold(clause)):
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
    return [_Match(types[best], first[best], 0, "")]


def has_action_label(text: str) -> bool:
    """Whether some action-type label occurs in ``text``."""
    return bool(_matches(content_tokens(text)))


def _narrower(type_key: str) -> list[ActionType]:
    return [t for t in action_types() if t.broader == type_key]


def _refine(match: ActionType, tokens: list[Token], previous: list[Token], ages) -> ActionType:
    for narrower in _narrower(match.key):
        if any(_find_label(tokens, label) is not None for label in narrower.labels):
            return narrower
    for narrower in _narrower(match.key):
        if narrower.audience and ages:
            low, high = ages[0][0], ages[0][1]
            a_low, a_high = narrower.audience
            bounded = None not in (low, high, a_low, a_high)
            if bounded and a_low <= low and high <= a_high:
                return narrower
    for narrower in _narrower(match.key):
        if any(label.gapped and _find_label(previous + tokens, label) is not None for label in narrower.labels):
            return narrower
    return match


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    for token in doc:
        if (
            start <= token.idx < end
            and token.pos_ in ("VERB", "AUX")
            and ("Fin" in token.morph.get("VerbForm", []) or "Part" in token.morph.get("VerbForm", []))
        ):
            return True
    return False


_NOMINAL_HEAD = (
    r"(?:la |le |l'|les |des |une |un |de |d')?(?:nouvel\w* |premier\w* )?"
    r"(?:creation|mise en|renforcement|renfort|deploiement|developpement|ouverture|preparation|"
    r"generalisation|amelioration|systematisation|accompagnement|recrutement|formation|installation|"
    r"extension|place|mesure|poste)"
)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans between commas, semicolons and colons that list ("…sans solution : un accompagnement" does not)."""
    pieces = []
    start = 0
    for m in re.finditer(r"[,;:]\s|\s+(?:ou encore|puis)\s", text):
        if m.group().startswith(":") and not re.search(r"[,;]\s", text[m.end() :]):
            continue  # "…sans solution : un accompagnement sera proposé" explains, it does not list
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(text)))
    return pieces


def _coordination_cuts(text: str, doc: Doc, pieces: list[tuple[int, int]]) -> list[int]:
    """Where a coordination starts another measure: a coordinated verb ("ouvrira une MECS et recrutera"), a
    nominal head ("la création d'une équipe et le renforcement de…"), or two sides naming unrelated types."""
    cuts = [
        token.idx
        for i, token in enumerate(doc[:-1])
        if token.lower_ == "et"
        and doc[i + 1].pos_ in ("VERB", "AUX")
        and ({"Fin", "Inf"} & set(doc[i + 1].morph.get("VerbForm", [])))
    ]
    cuts += [m.start() + 1 for m in re.finditer(r"\s(?:et|ainsi que)\s+(?=" + _NOMINAL_HEAD + ")", fold(text))]
    for m in re.finditer(r"\s(?:et|mais aussi|ainsi que|de meme que)\s+(?=(?:un|une|le|la|les|des|l')\b)", fold(text)):
        piece_start = max((a for a, _b in pieces if a <= m.start()), default=0)
        after_end = min((a - 2 for a, _b in pieces if a > m.end()), default=len(text))
        before, after = _first_type(text[piece_start : m.start()]), _first_type(text[m.end() : after_end])
        if before and after and not _related(before, after):
            cuts.append(m.start() + 1)
    return sorted(set(cuts))


def _cut(text: str, pieces: list[tuple[int, int]], cuts: list[int]) -> set[int]:
    """Split the pieces at the cuts (in place); the starts of the clauses a coordination opened."""
    forced: set[int] = set()
    for cut in cuts:
        for k, (a, b) in enumerate(pieces):
            if a < cut < b:
                word = re.match(r"(?:et|ainsi que|mais aussi|de même que|de meme que)\s*", text[cut:], re.IGNORECASE)
                pieces[k : k + 1] = [(a, cut), (cut + (word.end() if word else 0), b)]
                forced.add(cut + (word.end() if word else 0))
                break
    return forced


_DEPENDENT = re.compile(
    r"\s*(?:qui|que|qu'|dont|ou|lequel|laquelle|lesquels|lesquelles|afin|pour|avec|en partenariat|"
    r"en lien|dans le cadre|notamment|grace)\b"
)


def _joins_previous(text: str, doc: Doc, piece: tuple[int, int], previous: tuple[int, int] | None) -> bool:
    """Whether a piece continues the clause before it: a dependent piece, or one with no verb of its own
    that neither names a measure with a nominal head nor starts another listed measure of its own type."""
    if previous is None:
        return False
    folded = fold(text[piece[0] : piece[1]])
    nominal = bool(re.match(r"\s*(?:et |ou )?" + _NOMINAL_HEAD, folded)) or bool(
        re.match(r"\s*ainsi qu", folded) and has_action_label(text[piece[0] : piece[1]])
    )
    dependent = bool(_DEPENDENT.match(folded))
    own = _first_type(text[piece[0] : piece[1]])
    before = _first_type(text[previous[0] : previous[1]])
    listed = (
        not dependent and own is not None and before is not None and not _related(own, before)
        and bool(re.match(r"\s*(?:un|une|le|la|les|des|l')\b", folded))
    )
    return not listed and (dependent or not (_has_verb(doc, *piece) or nominal))


def _clauses(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Clause spans (relative to the sentence) at commas and semicolons; verbless pieces join the previous one."""
    pieces = _pieces(text)
    forced = _cut(text, pieces, _coordination_cuts(text, doc, pieces))
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if piece[0] not in forced and _joins_previous(text, doc, piece, merged[-1] if merged else None):
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    # "Pour les jeunes majeurs, nous créons …": a verbless opening that says for whom belongs to what follows
    if len(merged) > 1 and not _has_verb(doc, *merged[0]) and _FOR_WHOM.match(fold(text[merged[0][0] : merged[0][1]])):
        merged[0:2] = [(merged[0][0], merged[1][1])]
    return merged


def _related(a: str, b: str) -> bool:
    """The same type, or one the broader type of the other."""
    types = action_types_by_key()
    return a == b or types[a].broader == b or types[b].broader == a


def _first_type(text: str) -> str | None:
    found = _matches(content_tokens(text))
    return found[0].type.key if found else None


def _is_aims_summary(doc: Doc) -> bool:
    infinitives = sum(1 for t in doc if t.pos_ == "VERB" and "Inf" in t.morph.get("VerbForm", []))
    commas = sum(1 for t in doc if t.text == ",")
    return infinitives >= 3 and commas >= 2


def _units(ctx: Context) -> list[tuple[list[int], bool]]:
    """Sentence indexes of each unit of text, and whether it is a list item (one bullet may hold sentences)."""
    units: list[tuple[list[int], bool]] = []
    previous_line = None
    for index in range(len(ctx.sentences)):
        bullet = ctx.is_bullet(index)
        line = ctx.line_bounds(index)
        if bullet and line == previous_line and units and units[-1][1]:
            units[-1][0].append(index)
        else:
            units.append(([index], bullet))
        previous_line = line
    return units


def _spans(ctx: Context, indexes: list[int], bullet: bool) -> list[tuple[int, int]]:
    """The passages of a unit that may each state a measure: the whole item, or the clauses of a sentence
    that says something is done (not a list of aims, not a bare quote)."""
    first, last = ctx.sentences[indexes[0]], ctx.sentences[indexes[-1]]
    if bullet:
        return [(first.start, last.end)]
    doc = ctx.docs[indexes[0]]
    if not _CUE.search(fold(first.text)) or _is_aims_summary(doc) or _QUOTES.fullmatch(first.text.strip()):
        return []
    return [(first.start + a, first.start + b) for a, b in _clauses(first.text, doc)]


@dataclass
class _Found:
    """The actions of a document as its passages are read, one per type and département unless listed."""

    ctx: Context
    actions: dict[tuple[str, str], Action]
    order: list[tuple[str, str]]
    said: dict[tuple[str, str], set[str]]  # labels by which each measure was found

    def read(self, span: tuple[int, int], indexes: list[int], bullet: bool, code: str) -> None:
        ctx, (span_start, span_end) = self.ctx, span
        clause = ctx.text[span_start:span_end]
        tokens = content_tokens(clause, span_start)
        found = _matches(tokens)
        rule = "action.list-item" if bullet else "action.clause-label"
        if not found and bullet:
            found, rule = _by_keywords(tokens, clause), "action.list-item-keywords"
        if not found:
            return
        counts = find_counts(clause)
        if counts and span_start + counts[0][2] < found[0].start and not _CUE_STRICT.search(fold(clause)):
            return  # "2 100 mineurs et jeunes majeurs sont accompagnés": a figure, not a measure
        first, last = ctx.sentences[indexes[0]], ctx.sentences[indexes[-1]]
        ages = find_ages(clause) or find_ages(ctx.text[first.start : last.end])
        previous = _previous_tokens(ctx, indexes[0])
        candidates = [_refine(match.type, tokens, previous, ages) for match in found]
        self.place(candidates, found[0].label, bullet, code, (span_start, span_end, rule), ages, indexes)

    def place(self, candidates, label: str, bullet: bool, code: str, where, ages, indexes) -> None:
        """Keep the first type named, or another type the passage names when the document has it already."""
        start, end, rule = where
        first_key = (candidates[0].key, code)
        restated = first_key in self.actions and label in self.said.get(first_key, ())
        if restated:
            candidates = candidates[:1]  # the same words again: a measure already found, restated
        action_type = next((t for t in candidates if (t.key, code) not in self.actions), None)
        self.said.setdefault(first_key, set()).add(label)
        key = (action_type.key, code) if action_type is not None else None
        if action_type is None and not restated and bullet and label:
            # another list item of the same type in other words: "un LAEP", "un centre parental"
            action_type, key, rule = candidates[0], (f"{candidates[0].key}#{len(self.order)}", code), \
                "action.list-item-same-type"
        if action_type is None or key is None:
            self.actions[first_key] = _with_capacities(self.actions[first_key], self.ctx.text, start, end)
            return
        self.actions[key] = _action(self.ctx, action_type, code, (start, end, rule), ages, indexes)
        self.order.append(key)


def _previous_tokens(ctx: Context, index: int) -> list[Token]:
    if index == 0:
        return []
    before = ctx.sentences[index - 1]
    return content_tokens(before.text, before.start)


def extract_actions(ctx: Context) -> list[Action]:
    found = _Found(ctx, {}, [], {})
    for indexes, bullet in _units(ctx):
        places = [p for i in indexes for p in ctx.places[i]]
        code = places[0].code if places else ctx.focus
        if code is None:
            continue
        for span in _spans(ctx, indexes, bullet):
            found.read(span, indexes, bullet, code)
    return [found.actions[key] for key in found.order]


def _with_capacities(action: Action, text: str, start: int, end: int) -> Action:
    """Capacities of a passage about a measure already found ("18 places en MECS") join that measure."""
    known = {c.places for c in action.capacities}
    found = find_capacities(text[start:end])
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
    capacities = tuple(Capacity(places, label) for places, label, _, _ in find_capacities(text))
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
        departement=code,
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
