"""Where a sentence of prose holds several measures: clauses cut at commas, semicolons and coordinations.

Prose is cut at commas and semicolons into pieces; a piece without a verb of its own joins
the one before, so that « la CRIP a été renforcée, les conditions des assistants familiaux ont
été améliorées » gives two clauses and « des cabines de télémédecine … pour leur bilan de
santé » one. A coordination starts another clause when a verb follows it (« ouvrira une MECS
et recrutera »), when a nominal head of action follows it (« la création d'une équipe et le
renforcement de… ») or when its two sides name unrelated types.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .action_labels import first_type, has_action_label, matches, related
from .text import content_tokens, fold
from .vocabulary import alternation, words

_FOR_WHOM = re.compile(r"\s*[«\"]?\s*(?:pour|s'agissant|concernant|quant|du cote|cote)\b")


def _relative_pronoun(doc: Doc, start: int, end: int) -> int | None:
    """Where the first relative pronoun (« qui », « dont », « où ») of a piece stands, if any."""
    return next((t.idx for t in doc if start <= t.idx < end and t.pos_ == "PRON"
                 and "Rel" in t.morph.get("PronType", [])), None)


def has_verb(doc: Doc, start: int, end: int) -> bool:
    """Whether a piece has a verb of its own: a finite verb or a participle that is not a relative clause's (« des
    soignants qui vont aller vers les familles d'accueil » names who works in the measure before it; « les jeunes
    qui quittent l'ASE bénéficieront … » has its own verb after the relative clause's)."""
    relative = waiting = False  # after a relative pronoun: its clause's first verb is not the piece's, nor a participle
    for token in doc:
        if not start <= token.idx < end:
            continue
        forms = token.morph.get("VerbForm", []) if token.pos_ in ("VERB", "AUX") else []
        if token.pos_ == "PRON" and "Rel" in token.morph.get("PronType", []):
            relative = waiting = True
        elif waiting and forms:
            waiting = False
        elif "Fin" in forms or ("Part" in forms and not relative):
            return True
    return False


_NOMINAL_HEAD = (
    r"(?:la |le |l'|les |des |une |un |de |d')?(?:nouvel\w* |premier\w* )?"
    r"(?:creation|mise en|renforcement|renfort|deploiement|developpement|ouverture|preparation|"
    r"generalisation|amelioration|systematisation|accompagnement|recrutement|formation|installation|"
    r"extension|place|mesure|poste|organisation)"
)


def _in_brackets(text: str, position: int) -> bool:
    """Whether ``position`` falls inside an open bracket (« une équipe mobile (éducateur, psychologue, infirmier) »)."""
    return text.count("(", 0, position) > text.count(")", 0, position)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans between commas, semicolons and colons that list ("…sans solution : un accompagnement" does not), outside
    brackets (what a bracket lists details the words before it)."""
    pieces = []
    start = 0
    for m in re.finditer(r"[,;:]\s+(?:(?:ou encore|puis)\s+)?|\s+(?:ou encore|puis)\s", text):
        if m.group().startswith(":") and not re.search(r"[,;]\s", text[m.end() :]):
            continue  # "…sans solution : un accompagnement sera proposé" explains, it does not list
        if _in_brackets(text, m.start()):
            continue
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(text)))
    return pieces


# a coordination followed by a determiner or a number may open another measure (« …, ainsi que 8 places »)
_COORDINATED_MEASURE = re.compile(
    r"\s(?:et|mais aussi|ainsi que|ainsi qu'|de meme que|en plus d'|en plus de|outre)\s*"
    # the preposition of the first side said again (« portent sur le renforcement … et sur l'organisation … »)
    r"(?:(?:sur|pour|par|dans|avec)\s+)?"
    r"(?=(?:un|une|le|la|les|des|l'|d'un|d'une|du|de la|de l'|\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|"
    r"douze|quinze|vingt|trente)\b)"
)


# a preposition saying where or for whom a measure works, close before a coordination: what is coordinated are the
# places or people it serves (« auprès des familles et des assistants familiaux »), not another measure
_WHERE_OR_FOR_WHOM = re.compile(
    r"\b(?:vers|aupres d\w*|en appui d\w*|a destination d\w*|chez)\s+(?:\S+\s+){0,3}\S+\s*$"
)


# a verb of working somewhere, then where (« … qui interviendra dans les foyers »): the pieces after a comma that name
# no verb go on with the places it works in (« …, les familles d'accueil et les écoles »), not with other measures
_WORKS_IN = re.compile(r"\b(?:interv\w*|se rend\w*|se deplac\w*|travaill\w*)\s+(?:\S+\s+){0,2}?(?:dans|en|sur)\s+"
                       r"(?:\S+\s+){0,3}\S+\s*$")


def _goes_on_with_where(text: str, doc: Doc, piece: tuple[int, int], previous: tuple[int, int]) -> bool:
    """Whether a verbless piece goes on with the places or people the piece before says the measure works in or
    serves (« une équipe mobile qui interviendra dans les foyers, les familles d'accueil et les écoles »)."""
    before = fold(text[previous[0] : previous[1]])
    return bool(_WHERE_OR_FOR_WHOM.search(before) or _WORKS_IN.search(before)) and not has_verb(doc, *piece)


_COORDINATOR = re.compile(r"(?:et|ainsi que|ainsi qu['’]|mais aussi|de m[êe]me que|en plus d['’]|en plus de|outre)\s*",
                          re.I)


def _verb_cuts(doc: Doc) -> list[int]:
    """Where « et » coordinates a verb (« ouvrira une MECS et recrutera », « envoyer …, et examiner … », « de créer six
    places … et de soutenir l'accueil des fratries »)."""
    cuts = []
    for i, token in enumerate(doc[:-1]):
        if token.lower_ != "et":
            continue
        after_preposition = doc[i + 1].lower_ in ("de", "d'", "d’", "à") and i + 2 < len(doc)
        verb = doc[i + 2] if after_preposition else doc[i + 1]
        forms = set(verb.morph.get("VerbForm", []))
        if verb.pos_ in ("VERB", "AUX") and ({"Inf"} if after_preposition else {"Fin", "Inf"}) & forms:
            cuts.append(token.idx)
    return cuts


_NOMINAL_OPENING = re.compile(_NOMINAL_HEAD + r"\b")


def _clause_end(text: str, start: int) -> int:
    end = text.find(";", start)
    return len(text) if end < 0 else end


def _coordination_cuts(text: str, doc: Doc, pieces: list[tuple[int, int]]) -> list[int]:
    """Where a coordination starts another measure: a coordinated verb ("ouvrira une MECS et recrutera"), a
    nominal head ("la création d'une équipe et le renforcement de…"), or two sides naming unrelated types."""
    cuts = _verb_cuts(doc)
    cuts += [m.start() + 1 for m in re.finditer(r"\s(?:et|ainsi que)\s+(?=" + _NOMINAL_HEAD + ")", fold(text))]
    for m in _COORDINATED_MEASURE.finditer(fold(text)):
        piece_start = max((a for a, _b in pieces if a <= m.start()), default=0)
        if _WHERE_OR_FOR_WHOM.search(fold(text[piece_start : m.start()])):
            continue  # « … viendra en appui des foyers et des assistants familiaux »: two places it works in
        after_end = min((a - 2 for a, _b in pieces if a > m.end()), default=len(text))
        before, after = first_type(text[piece_start : m.start()]), first_type(text[m.end() : after_end])
        if before and after is None and _NOMINAL_OPENING.match(fold(text), m.end()):
            # « … et sur l'organisation, en lien avec la DSDEN, d'un bilan de santé … »: a noun of action whose
            # complement an aside puts off names its measure after it
            after = first_type(text[m.end() : _clause_end(text, m.end())])
        if before and after and not related(before, after):
            cuts.append(m.start() + 1)
    return _outside_labels(text, sorted(set(cuts)))


# a second noun of action after the first, each with its definite article (« l'ouverture d'un lieu de vie …, et le
# renforcement de l'accueil familial »): two measures side by side, not one and its means (« par la prolongation des
# contrats et un accompagnement renforcé »)
_PARALLEL_HEAD = re.compile(r"(?:et|ainsi que|ainsi qu'|mais aussi)\s+(?:la |le |l'|les )" + _NOMINAL_HEAD)
_FIRST_HEAD = re.compile(r"\W*(?:la |le |l'|les )" + _NOMINAL_HEAD)


def _two_sentences(text: str, doc: Doc, start: int, cut: int) -> bool:
    """« Les puéricultrices rendront visite aux familles …, et les bilans de santé seront réalisés … », « Nous ouvrirons
    une pouponnière … ; le recrutement de trente assistants familiaux sera engagé »: a comma and « et », or a
    semicolon, between two clauses, each with its subject and its finite verb."""
    def subject_and_verb(a: int, b: int) -> bool:  # a noun or a pronoun before the first finite verb (tags only)
        inside = [t for t in doc if a <= t.idx < b and not t.is_punct]
        verb = next((i for i, t in enumerate(inside) if has_finite_verb(doc, t.idx, t.idx + 1)), None)
        return verb is not None and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in inside[:verb])

    return text[:cut].rstrip()[-1:] in (",", ";") and subject_and_verb(start, cut) and subject_and_verb(cut, len(text))


def item_measures(text: str, doc: Doc) -> list[tuple[int, int]]:
    """The measures of a list item (spans relative to it): the whole item, or its sides where a coordination opens
    another measure (a verb, or a noun of action parallel to the one the item opens with: « l'ouverture d'un lieu de vie
    …, et le renforcement de l'accueil familial ») and each side names a measure of its own, unrelated to the other's;
    not an item that says one measure and what it works with (« … en lien avec la PMI et les maternités »)."""
    bounds = [0]
    semicolons = [m.end() for m in re.finditer(r";\s*", text) if not _in_brackets(text, m.start())]
    for cut in sorted({*_coordination_cuts(text, doc, _pieces(text)), *semicolons}):
        before, after = first_type(text[bounds[-1] : cut]), first_type(text[cut:])
        parallel = _PARALLEL_HEAD.match(fold(text), cut) and _FIRST_HEAD.match(fold(text), bounds[-1])
        if before and after and not related(before, after) and (
            parallel or cut in _verb_cuts(doc) or _two_sentences(text, doc, bounds[-1], cut)
        ):
            bounds.append(cut)
    return list(zip(bounds, [*bounds[1:], len(text)], strict=True))


def _outside_labels(text: str, cuts: list[int]) -> list[int]:
    """The cuts that fall inside no label (« la protection maternelle et infantile », its « infantile » tagged
    as a verb, is one name)."""
    if not cuts:
        return cuts
    spans = [(m.start, m.end) for m in matches(content_tokens(text)) if not m.gapped]
    return [cut for cut in cuts if not any(start < cut < end for start, end in spans)]


def _cut(text: str, pieces: list[tuple[int, int]], cuts: list[int]) -> set[int]:
    """Split the pieces at the cuts (in place); the starts of the clauses a coordination opened."""
    forced: set[int] = set()
    for cut in cuts:
        for k, (a, b) in enumerate(pieces):
            if a < cut < b:
                word = _COORDINATOR.match(text, cut)
                pieces[k : k + 1] = [(a, cut), (word.end() if word else cut, b)]
                forced.add(word.end() if word else cut)
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
    found = matches(content_tokens(text[piece[0] : piece[1]], piece[0]))
    own = found[0].type.key if found else None
    before = first_type(text[previous[0] : previous[1]])
    # a measure listed after another: its own article heads it, its label stands before any relative clause
    relative = _relative_pronoun(doc, *piece)
    # (or after a semicolon: « … : consultations de PMI délocalisées ; soutien à la parentalité dès la maternité »)
    headed = bool(re.match(r"\s*(?:(?:et|ou|ainsi que) )?(?:un|une|le|la|les|des|l')\b", folded))
    listed = (
        not dependent and own is not None and before is not None and not related(own, before)
        and (headed or text[: piece[0]].rstrip().endswith(";") or _after_colon(text, piece))
        and (relative is None or found[0].start < relative)
    )
    listed = listed and not _goes_on_with_where(text, doc, piece, previous)
    return not listed and (dependent or not (has_verb(doc, *piece) or nominal or _listed_infinitive(doc, piece[0])))


def _after_colon(text: str, piece: tuple[int, int]) -> bool:
    """Whether a piece is one of the bare nouns a colon lists (« … de renforcer la PMI : entretien prénatal proposé à
    toutes les futures mères, bilans de santé en école maternelle pour tous les enfants de 3 à 4 ans, et … »): no
    article heads such items, each names a measure in words of its own. Not a short piece (« vaccinations »: what the
    measure before offers) nor one opening on a preposition (« par les infirmières de PMI »: who carries it out)."""
    colon = text.rfind(": ", 0, piece[0])
    words = fold(text[piece[0] : piece[1]]).split()
    return (colon >= 0 and ";" not in text[colon : piece[0]] and len(words) >= LISTED_NOUN_WORDS
            and words[0] not in _PREPOSITIONS)


_PREPOSITIONS = frozenset({"par", "a", "au", "aux", "pour", "avec", "dans", "en", "sur", "chez", "aupres", "via"})
#: words a bare noun listed after a colon needs to name a measure of its own
LISTED_NOUN_WORDS = 6


_INFINITIVE_LEAD = frozenset({"et", "de", "d'", "d’", "à", "mieux", "aussi", "également", "enfin"})


def _listed_infinitive(doc: Doc, start: int) -> bool:
    """Whether a piece opens with an infinitive after « de » or « à » (« …, de créer un service d'accueil de jour, et de
    mieux accompagner les jeunes … »): one more of the things a verb provides for (« permettre d'ouvrir une maison des
    familles, de créer … »), a clause of its own."""
    tokens = [t for t in doc if t.idx >= start and not t.is_space]
    if not tokens or tokens[0].lower_ not in ("de", "d'", "d’", "et"):
        return False
    for token in tokens:
        if token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm", []):
            return True
        if token.lower_ not in _INFINITIVE_LEAD:
            return False
    return False


def clauses(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Clause spans (relative to the sentence) at commas and semicolons; verbless pieces join the previous one."""
    pieces = _pieces(text)
    forced = _cut(text, pieces, _coordination_cuts(text, doc, pieces))
    forced |= _semicolon_items(text, pieces)
    verbs = set(_verb_cuts(doc))
    forced |= {a for a, _b in pieces[1:] if a in verbs}  # « …, et examiner chaque enfant … »: cut at the comma already
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if piece[0] not in forced and _joins_previous(text, doc, piece, merged[-1] if merged else None):
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    # "Pour les jeunes majeurs, nous créons …": a verbless opening that says for whom belongs to what follows
    if len(merged) > 1 and not has_verb(doc, *merged[0]) and _FOR_WHOM.match(fold(text[merged[0][0] : merged[0][1]])):
        merged[0:2] = [(merged[0][0], merged[1][1])]
    return _predicates_joined(doc, merged, forced)


def _predicates_joined(doc: Doc, merged: list[tuple[int, int]], forced: set[int]) -> list[tuple[int, int]]:
    """« Une équipe mobile de pédopsychiatrie, financée par l'ARS, interviendra dans les maisons d'enfants »: a
    clause that opens with a verb or a participle and follows a clause with no finite verb is that clause's
    predicate (its subject is there), not a measure of its own; « …, chargé notamment d'améliorer le repérage des
    violences »: a participle with no finite verb after it says what the measure before does."""
    out = merged[:1]
    for piece in merged[1:]:
        apposition = _opens_with_verb(doc, piece[0], "Part") and not has_finite_verb(doc, *piece)
        # a semicolon closes a clause: what follows it is no predicate of the clause before (« … ; soutien à la
        # parentalité », its noun tagged as a participle)
        after_semicolon = doc.text[: piece[0]].rstrip().endswith(";")
        if piece[0] not in forced and not after_semicolon and _opens_with_verb(doc, piece[0]) and (
                apposition or not has_finite_verb(doc, *out[-1])):
            out[-1] = (out[-1][0], piece[1])
        else:
            out.append(piece)
    return out


_CLITICS = frozenset({"se", "s'", "s’", "y", "en", "ne", "n'", "n’"})


def _opens_with_verb(doc: Doc, start: int, *forms: str) -> bool:
    """Whether the first word from ``start`` (after « se », « y », « ne ») is a finite verb or a participle (or
    a verb of one of ``forms``)."""
    token = next((t for t in doc if t.idx >= start and not t.is_punct and not t.is_space
                  and t.lower_ not in _CLITICS), None)
    return token is not None and token.pos_ in ("VERB", "AUX") and bool(
        set(forms or ("Fin", "Part")) & set(token.morph.get("VerbForm", [])))


def has_finite_verb(doc: Doc, start: int, end: int) -> bool:
    return any(start <= t.idx < end and t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])
               for t in doc)


SEMICOLON_ITEMS = 2  # semicolons after a colon that make a sentence a list of items


def _semicolon_items(text: str, pieces: list[tuple[int, int]]) -> set[int]:
    """« … en cours de réalisation : amélioration du métier d'assistant familial ; nouveau village d'enfants ;
    bourses étudiantes » is a list written as one sentence: each piece after the colon between semicolons is an
    item of its own (a piece that depends on the one before, « qui … », still joins it)."""
    colon = text.find(": ")
    if colon < 0 or text.count(";", colon) < SEMICOLON_ITEMS:
        return set()
    starts = set()
    for start, _end in pieces:
        if start > colon and text[:start].rstrip().endswith(";") and not _DEPENDENT.match(fold(text[start:])):
            starts.add(start)
    return starts


def in_semicolon_list(text: str, start: int) -> bool:
    """Whether the clause at ``start`` of a sentence is an item of a list written with semicolons after a colon."""
    colon = text.find(": ")
    return 0 <= colon < start and text.count(";", colon) >= SEMICOLON_ITEMS


def _modal_verbs() -> frozenset[str]:
    return frozenset(words("actions", "modal_verbs"))


def is_aims_summary(doc: Doc) -> bool:
    """Whether a sentence lists three aims or more (« … renforcer la PMI, développer l'accueil familial, améliorer
    … »). Infinitives after a relative pronoun say what the noun before it is for (« une maison des familles, un lieu
    où des parents peuvent venir …, parler à un éducateur, souffler un peu »), not the sentence's aims; a modal verb in
    the infinitive (« on va pouvoir envoyer …, et examiner … ») is no aim of its own."""
    modal = _modal_verbs()
    infinitives = [t.i for t in doc if t.pos_ == "VERB" and "Inf" in t.morph.get("VerbForm", [])
                   and t.lower_ not in modal and t.i >= _purpose_opening_end(doc)]
    relative = next((t.i for t in doc if t.pos_ == "PRON" and "Rel" in t.morph.get("PronType", [])), len(doc))
    if infinitives and relative < infinitives[0]:
        return False
    commas = sum(1 for t in doc if t.text == ",")
    if len(infinitives) < 3 or commas < 2:
        return False
    # the things a verb provides for (« L'avenant prévoit de renforcer …, de créer une équipe … »), not the purposes an
    # amount serves (« va consacrer 200 M€ pour renforcer …, diversifier …, développer des solutions … »)
    provided = infinitives[0] > 0 and doc[infinitives[0] - 1].lower_ in ("de", "d'", "d’")
    return not (provided and any(_creates_a_thing(doc, i) for i in infinitives))


_PURPOSE_OPENERS = ("pour", "afin")


def _purpose_opening_end(doc: Doc) -> int:
    """The token after the comma closing a sentence's opening purpose (« Pour agir le plus précocement possible, le
    Département renforcera … »): its infinitive is the sentence's frame, not one of the aims it lists."""
    if len(doc) == 0 or doc[0].lower_ not in _PURPOSE_OPENERS:
        return 0
    return next((t.i + 1 for t in doc if t.text == ","), 0)


_STRONG_VERB = re.compile(alternation(words("actions", "strong_verb_prefixes")))
#: tokens after an infinitive within which the thing it creates is named
CREATED_REACH = 4


def _creates_a_thing(doc: Doc, index: int) -> bool:
    """An infinitive of a strong verb of action whose object is a thing named with an indefinite article or a number
    (« de créer à Granville une unité d'accueil d'urgence », « d'ouvrir des séances de bilans »): the sentence lists
    measures the text provides for, not aims (« réduire les inégalités, améliorer la protection des enfants »)."""
    if not _STRONG_VERB.match(fold(doc[index].text)):
        return False
    for token in doc[index + 1 : index + 1 + CREATED_REACH]:
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return False
        if token.pos_ == "NUM" or (token.pos_ == "DET" and "Ind" in token.morph.get("Definite", [])):
            return True
    return False


