"""Passages that hold no measure of the département, whatever action words they use.

Named, ordered rules over a unit of text (a list item, a table row, a sentence of prose)
and where it stands in the document (``layout.py``). Each returns the id of the rule that
decided, so that ``--explain`` can say why a passage with the words of a measure gave no
action. The words are data (``vocab/actions.yaml``).

>>> from ingest.extract.action_scope import opens_with_recital
>>> opens_with_recital("Vu le code de l'action sociale et des familles ;")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from .action_labels import matches
from .context import Context
from .dates import find_dates
from .layout import Block, Layout, cells
from .numbers import find_capacities, find_money, find_percentages, parse_number
from .orgs import find_orgs
from .text import content_tokens, fold
from .vocabulary import alternation, words


def _words(key: str) -> str:
    return alternation(words("actions", key))


_RECITAL = re.compile(rf"^\W*{_words('recital_openers')}\b")
_CONTEXT = re.compile(rf"(?<![\w]){_words('not_measure_contexts')}(?![\w])")
_LIST_ONLY = re.compile(rf"(?<![\w]){_words('list_only_contexts')}(?![\w])")
_BACKGROUND = re.compile(rf"(?<![\w]){_words('background_contexts')}(?![\w])")
_PROPOSALS = re.compile(rf"(?<![\w]){_words('proposal_leads')}(?![\w])")
_FINDING = re.compile(rf"(?<![\w]){_words('finding_words')}")
_QUANTITY_SUBJECT = re.compile(rf"^\W*{_words('quantity_subjects')}")
# a passage that opens on a figure counting what there is (« 512 assistants familiaux agréés », « **64 %** des enfants
# ont eu un bilan »): a key figure, unless a word says something is done or comes new
_FIGURE_OPENING = re.compile(r"^[\W_]*?(?P<num>\d{1,3}(?:[\s.]\d{3})*(?:,\d+)?)(?![.)]\s)\s*(?:%|[\s*_]*(?=[^\W\d_]))")
_DONE = re.compile(r"\b" + alternation([w for w in words("actions", "cue_prefixes") if w != "mesures?\\b"]))
_RESOURCE = re.compile(rf"\W*{_words('resource_counts')}\b")
_STUDY = re.compile(rf"^\W*(?:\w\)\s*)?{_words('study_openers')}\b")
_NATIONAL = re.compile(rf"(?<![\w]){_words('national_scope')}(?![\w])")
_NATIONAL_SUBJECT = re.compile(rf"^[\W\d_]*{_words('national_subjects')}")
_PROGRAMMES = alternation(words("fundings", "other_programmes"))
_OTHER_PROGRAMME = re.compile(rf"(?<![\w]){_words('other_programme_links')}\W+(?:\w+\W+){{0,8}}?{_PROGRAMMES}")
_AIM = re.compile(rf"^\W*{_words('aim_openers')}")
_VISITED = re.compile(rf"(?<![\w]){_words('visited_facility')}")
# a clause that opens with a concession (« …, alors même que l'arrivée de mineurs non accompagnés mobilise une part
# croissante des capacités d'accueil »): a circumstance set against what the sentence says, not a measure
_CONCESSION = re.compile(rf"^[\W\d_]*{_words('concession_openers')}")
_CROSS_REFERENCE = re.compile(_words("cross_references"))
_AUDIENCE = re.compile(rf"(?<![\w]){_words('audience_statements')}(?![\w])")
_ABSENT = re.compile(rf"(?<![\w]){_words('absence_statements')}")
_DEMAND = re.compile(rf"(?<![\w]){_words('demand_verbs')}")
_ASKERS = re.compile(r"\bqui (?:le |l'|en )$")
_WISH = re.compile(r"^[\W\d_]*qu(?:e\s|')")
# « des difficultés de recrutement d'assistants familiaux », « la difficulté à recruter des puéricultrices »: the words
# after it name what is hard to do, not something done (« parents en difficulté », « adolescents en grande difficulté
# à Thonon » name an audience)
_DIFFICULTY = re.compile(
    r"\b(?<!en )(?<!grande )(?<!grandes )difficult\w*\s+(?:tien\w*\s+)?(?:a|au|aux|de|d'|du|des)\s*"
    r"(?:[\w-]+[\s']+){0,4}"
    r"|\bretards?\s+(?:de|dans les?|dans la)\s+recrutements?\s+(?:de|d'|du|des)\s*(?:[\w-]+[\s']+){0,4}"
)
_STRONG = re.compile(r"\b" + _words("strong_verb_prefixes"))
# « Le budget de ces actions nouvelles en faveur des jeunes majeurs atteint 310 000 € »: measures already told
_POINTED_BACK = re.compile(rf"\bces (?:(?:nouvelles|deux|trois|quatre|cinq|six) )?{_words('pointed_measures')}\b")
# « Le groupe d'opposition propose une « maison de l'enfance dans chaque canton » », « 4. Les propositions de
# l'opposition »: what the council's opposition proposes or demands is none of the département's measures
_OPPOSITION = re.compile(
    rf"\b(?:{_words('opposition_names')})\b(?:\W+[\w'-]+){{0,8}}?\W+(?:{_words('opposition_verbs')})"
    rf"|\b(?:propositions?|revendications?|demandes?) (?:de l'|du groupe d'|des elus de l')opposition\b"
)
_DUTIES = re.compile(rf"\b{_words('duty_words')}\b")
_JOB_TITLE = re.compile(rf"(?<![\w/])[(\[]?\s*{_words('job_title_marks')}\s*[)\]]?\W*$")
_NOMINAL_HEAD_CELL = re.compile(rf"^\W*{_words('action_heads')}\b")
_ACTION_COLUMN = re.compile(rf"\W*{_words('action_columns')}\W*")
_SIDE_FIELD = re.compile(rf"^{_words('side_fields')}\W{{0,3}}(?:\([^)]*\)\W{{0,3}})?:")
_SIDE_QUESTION = re.compile(rf"^{_words('side_field_questions')}\s*\?")
# « 14 décembre : », « 11 et 12 janvier : », « 15/02/2022 : » at the start of a line
_DATE_OPENING = re.compile(
    r"^\W*(?:\d{1,2}(?:er)?(?:\s+(?:et|au|-)\s+\d{1,2})?\s+[a-zéû]+\.?(?:\s+\d{4})?|\d{1,2}/\d{1,2}/\d{2,4})\s*[:–—-]"
)


# « – Le Télégraphe de Pontivy (20/07) : », « Site de la mairie (21 juillet) : »: an entry of a press review or a log,
# what a source said on that day
_DATED_SOURCE = re.compile(
    r"^[\W_]*[^:()\n]{3,80}\((?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?)\)\s*:"
)
# « 11 h 30 – », « 9h00 — », « 13h30-16h30 : » at the start of a line (a timestamp « [00:38] » is no hour of a day)
_HOUR_OPENING = re.compile(r"^[\W_]*\d{1,2} ?h ?(?:\d{2})?(?: ?[-–à] ?\d{1,2} ?h ?(?:\d{2})?)? ?[:–—-]")
_FIGURE_CELL = re.compile(r"[\d\s.,%€+-]*\d[\d\s.,%€+-]*")
_WORD = re.compile(r"[^\W\d_]{2,}")
PROSE_CELL_WORDS = 12  # words in a table cell that make it a commentary in prose rather than a figure or a title
LEAD_WORDS = 8  # words before a colon that may introduce what follows it


@dataclass(frozen=True)
class Unit:
    """A passage the action rules read: its sentences, its block and whether it is a list item."""

    indexes: list[int]
    block: int
    item: bool
    start: int
    end: int


def opens_with_recital(text: str) -> bool:
    """« Vu le code… », « Considérant que… »: the legal basis or the context of a decision."""
    return bool(_RECITAL.match(fold(text)))


def _recital(ctx: Context, layout: Layout, unit: Unit) -> bool:
    return opens_with_recital(ctx.text[unit.start : unit.end])


def _dated_event(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """An agenda line: « 14 décembre : réunion plénière de l'ODPE », « 15/02/2022 : comité de suivi », a line of a day's
    programme that opens with its hour (« 11 h 30 – Table ronde … », « 9h00 — Ouverture »), or an entry of a press
    review dated in brackets before its colon (« Le Télégraphe de Pontivy (20/07) : grève dans une MECS »): an event."""
    folded = fold(ctx.text[unit.start : unit.end])
    if _HOUR_OPENING.match(folded) and not _finite_verb(ctx, unit):
        return True
    if _DATED_SOURCE.match(folded):
        return True
    opening = _DATE_OPENING.match(folded)
    return opening is not None and bool(find_dates(opening.group(), ctx.published, ctx.years) or "/" in opening.group())


def _finite_verb(ctx: Context, unit: Unit) -> bool:
    """A conjugated verb in the passage: a line of a live blog that opens with its hour (« 10 h 12 – Le Département
    annonce … ») says what is done, where a programme's line (« 11 h 30 – Visite de la pouponnière ») only names
    an event, even when a relative clause tells more of it (« … l'équipe mobile qui intervient auprès des enfants »)."""
    for i in unit.indexes:
        for token in ctx.docs[i]:
            if token.pos_ == "PRON" and "Rel" in token.morph.get("PronType", []):
                break
            if "Fin" in token.morph.get("VerbForm", []):
                return True
    return False


def _figures_row(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """A table row of figures (an indicator), or a row of titles (a summary bar, a menu); not a row of money,
    nor one whose cell names an action (« Création de 8 places d'accueil d'urgence | 2 | 209 800 ») or whose
    table's first row heads a column of actions (« N° | Action | Engagement | Crédits »)."""
    block = layout.blocks[unit.block]
    if block.kind != "row":
        return False
    cells = _cells(ctx, block)
    if len(cells) < 2:
        return False
    first = unit.block
    while first > 0 and layout.blocks[first - 1].kind == "row":
        first -= 1
    header = _cells(ctx, layout.blocks[first]) if first < unit.block else []
    return not (any(find_money(c) for c in cells[1:]) or _commentary_row(cells)
                or any(_NOMINAL_HEAD_CELL.match(fold(c)) for c in cells)
                or any(_ACTION_COLUMN.fullmatch(fold(c)) for c in header))


def _commentary_row(cells: list[str]) -> bool:
    """A row with no cell of bare figures, one of whose cells holds sentences (« Deux postes d'évaluateurs créés à
    la CRIP, pourvus en février »): a commentary in prose, which may report a measure; a budget line keeps its
    columns of figures beside its comment and stays a row of figures."""
    if any(_FIGURE_CELL.fullmatch(c.strip()) for c in cells):
        return False
    return any(len(_WORD.findall(c)) >= PROSE_CELL_WORDS for c in cells)


def _cells(ctx: Context, block: Block) -> list[str]:
    return cells(ctx.text[block.start : block.end])


def _introduces_a_list(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """The line that opens a list (« qui comprend les actions suivantes : »): its items hold the measures."""
    block = layout.blocks[unit.block]
    return block.leads_list and ctx.text[block.start : block.end].rstrip().endswith(":")


def _other_party_duties(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """Under a heading or after a lead-in that gives another party's commitments (« Article 4 – Engagements de la
    DSDEN », « La CAF s'engage à : »): what that party undertakes to do in a convention, not a measure of the
    département (its own list, « Le Département s'engage à : », holds its measures)."""
    block = layout.blocks[unit.block]
    for other in (block.lead, block.section):
        text = layout.text(ctx, other)
        if not text or not _DUTIES.search(fold(text)):
            continue
        kinds = {org.kind for org in find_orgs(text)}
        if kinds & _OTHER_PARTIES and not kinds & {"department", "state"}:
            return True
    return False


def _context(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """Under a heading, after a lead-in or before a colon saying recommendations, indicators, agenda…"""
    block = layout.blocks[unit.block]
    texts = [layout.text(ctx, block.lead)]
    if block.section is not None and not layout.blocks[block.section].title and _covers(layout, block, unit.block):
        section = layout.text(ctx, block.section)
        if block.kind == "item" or not _LIST_ONLY.search(fold(section)):  # a table of contents covers its items
            texts.append(section)
    if block.kind == "item":
        texts.append(_opening_item(ctx, layout, unit.block))
    text = ctx.text[unit.start : unit.end]
    if ":" in text and len(text[: text.index(":")].split()) <= LEAD_WORDS:
        texts.append(text[: text.index(":")])  # « Les indicateurs suivis comprennent au minimum : … »
    if any(_CONTEXT.search(fold(t)) and not _measures_after_cue(fold(t)) for t in texts if t):
        return True
    lead = layout.blocks[block.lead] if block.lead is not None else None
    if lead is not None and lead.kind != "heading" and _PROPOSALS.search(fold(texts[0])):
        return True
    return any(_BACKGROUND.search(fold(t)) for t in texts if t) and not _STRONG.search(fold(text))


def _covers(layout: Layout, block: Block, index: int) -> bool:
    """Whether a heading's cue covers the block: a heading whose section opens with a list (« Ce qu'il faut retenir »
    over its bullets, a box of key points) covers that list, not the prose that follows it."""
    heading = block.section
    assert heading is not None
    if layout.blocks[heading + 1].kind != "item":
        return True
    return all(layout.blocks[i].kind == "item" for i in range(heading + 1, index + 1))


_MEASURE_NOUNS = re.compile(rf"\b{_words('pointed_measures')}\b")


def _measures_after_cue(lead: str) -> bool:
    """Whether a lead names the strategy's engagements or axes and then the measures its list holds (« Le contrat
    déclinait les quatre engagements de la stratégie en une quinzaine de fiches-actions. Parmi les principales
    figuraient : »): the list is of the measures. Not other cues (« indicateurs de suivi des actions : »)."""
    cue = _CONTEXT.search(lead)
    if cue is None or not re.search(r"\b(?:engagements?|axes?)\b", cue.group()):
        return False
    return _MEASURE_NOUNS.search(lead, cue.end()) is not None


def _opening_item(ctx: Context, layout: Layout, index: int) -> str:
    """The item of another list whose colon opens the run of items ``index`` is in (« 4. Recommandations. La Défenseure
    des droits recommande au président du conseil départemental : » over « – de mettre fin … »): their lead-in."""
    marker = _marker(layout.text(ctx, index))
    at = index - 1
    while at >= 0 and layout.blocks[at].kind == "item" and _marker(layout.text(ctx, at)) == marker:
        at -= 1
    if at < 0 or layout.blocks[at].kind != "item" or marker is None:
        return ""
    text = layout.text(ctx, at)
    return text if text.rstrip().endswith(":") else ""


_MARKER = re.compile(r"\s*(?:(?P<bullet>[-–—•*·])|(?P<number>\d+[.)°])|(?P<letter>[a-z][.)]))")


def _marker(line: str) -> str | None:
    """The kind of mark a list item opens with: its bullet, or « 1. » for a number, « a) » for a letter."""
    found = _MARKER.match(line)
    if found is None:
        return None
    return found["bullet"] or ("1." if found["number"] else "a)")


def _finding(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """A figure's level or change (« La hausse des informations préoccupantes se poursuit (+ 8,8 %) »); in a table
    row, the cell that names the row (not the cell of its state: « en cours - 71 % des écoles couvertes »)."""
    text = ctx.text[unit.start : unit.end]
    row = layout.blocks[unit.block].kind == "row"
    if row:
        text = next((c for c in cells(text) if len(c.split()) >= 2), text)
    folded = fold(text).lstrip("*-–—•· \t0123456789.)")
    if _QUANTITY_SUBJECT.match(folded) or (not row and _key_figure(ctx.text[unit.start : unit.end])):
        return True
    finding = _FINDING.search(folded)
    if finding is None or not find_percentages(folded) or _STRONG.search(folded):
        return False
    return row or not _future_before(ctx, unit, unit.start + len(text) - len(folded) + finding.start())


def _future_before(ctx: Context, unit: Unit, at: int) -> bool:
    """A verb in the future before ``at`` (« les équipes de PMI interviendront dans toutes les écoles, y compris dans le
    nord où le taux de couverture ne dépassait pas 40 % »): what the passage says will be done comes first, the figure
    after it tells where, it is no finding."""
    for index in unit.indexes:
        start = ctx.sentences[index].start
        for token in ctx.docs[index]:
            if start + token.idx < at and token.pos_ in ("VERB", "AUX") and "Fut" in token.morph.get("Tense", []):
                return True
    return False


def _key_figure(text: str) -> bool:
    """« - **1 030** mesures d'AEMO en cours », « 14 maisons d'enfants sur le territoire »: a passage that opens on a
    count of what exists, with no word saying that something is done or new, and no capacity nor money first."""
    opening = _FIGURE_OPENING.match(text)
    if opening is None or "+" in text[: opening.end()] or (parse_number(opening.group("num")) or 0) < 2:
        return False
    if _RESOURCE.match(fold(text[opening.end() :])) or find_money(text):
        return False  # « 6 postes de TISF », « 3 000 € pour la PMI », a budget line
    if any(c[2] <= opening.end() for c in find_capacities(text)):
        return False  # « 30 places en logement accompagné »
    labels = [(m.start, m.end) for m in matches(content_tokens(text))]
    return not any(not any(a <= d.start() < b for a, b in labels) for d in _DONE.finditer(fold(text)))


def _study(ctx: Context, layout: Layout, unit: Unit) -> bool:
    return bool(_STUDY.match(fold(ctx.text[unit.start : unit.end]).lstrip("*-–—•· \t0123456789.)")))


def _national(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Le gouvernement compte ouvrir 1 200 places dans tout le pays », « Le site national … propose des fiches »,
    a heading « 1000 premiers jours : les ressources nationales » (the subject may follow a colon, or a short opening:
    « Pour rappel, la stratégie nationale … prévoit … »)."""
    folded = fold(ctx.text[unit.start : unit.end])
    colon = folded.find(": ")
    after = folded[colon + 2 :] if colon >= 0 and len(folded[:colon].split()) <= LEAD_WORDS else ""
    comma = folded.find(", ")  # an opening adverbial before the subject (« Pour rappel, la stratégie nationale … »)
    framed = folded[comma + 2 :] if comma >= 0 and len(folded[:comma].split()) <= OPENING_WORDS else ""
    return bool(_NATIONAL.search(folded) or any(_NATIONAL_SUBJECT.match(t) for t in (folded, after, framed)))


OPENING_WORDS = 3  # words of an adverbial that opens a sentence before its subject, up to a comma


def _audience(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Les jeunes majeurs … figurent parmi les publics prioritaires »: who a policy is for, not a measure."""
    return bool(_AUDIENCE.search(fold(ctx.text[unit.start : unit.end])))


def _absent(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Le contrat reste muet sur la pédopsychiatrie », « je m'étonne que les jeunes majeurs soient absents des actions
    retenues »: what the text says is missing names a measure that is not taken."""
    return bool(_ABSENT.search(fold(ctx.text[unit.start : unit.end])))


def _demand(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Les syndicats du secteur réclament la généralisation des bilans de santé … et une revalorisation des assistants
    familiaux », « Les assistants familiaux ne demandent pas des annonces mais un vrai statut »: what a party asks for
    is not a measure taken, up to the end of the sentence or a semicolon (after which another subject may act)."""
    folded = fold(ctx.text[unit.start : unit.end])
    for demand in _DEMAND.finditer(folded):
        if not _ASKERS.search(folded[: demand.start()]):  # « … à tous ceux qui le demandent »: an audience
            return ";" not in folded[demand.end() :]
    return False


def opens_with_wish(text: str) -> bool:
    """« – qu'une maison des adolescents soit ouverte à Dieppe ; » (an item of « ÉMET LE VŒU : »), « …, et il a raison,
    qu'il nous aide à ouvrir des places » : a passage that opens with « que » hangs on a verb of wishing or asking said
    elsewhere; it says what someone wants done, not what the département does."""
    return bool(_WISH.match(fold(text)))


def _wish(ctx: Context, layout: Layout, unit: Unit) -> bool:
    return opens_with_wish(ctx.text[unit.start : unit.end])


def states_difficulty(text: str) -> bool:
    """« Le Département fait face à des difficultés de recrutement d'assistants familiaux », « Dr Mazière signale la
    difficulté à recruter des puéricultrices »: a difficulty, and no strong verb of action besides its words."""
    folded = fold(text)
    found = list(_DIFFICULTY.finditer(folded))
    return bool(found) and not _STRONG.search(_DIFFICULTY.sub(" ", folded))


def _difficulty(ctx: Context, layout: Layout, unit: Unit) -> bool:
    return states_difficulty(ctx.text[unit.start : unit.end])


_OTHER_PARTIES = frozenset(words("actions", "other_party_kinds"))
# between another party's name and its verb of saying, a few words at most (« la Caf des Landes en a cosigné »)
_REPORTED = re.compile(rf"(?:\W+[\w'-]+){{0,4}}?\W+{_words('report_verbs')}")
_REPORT_VERB = re.compile(rf"\b{_words('report_verbs')}")
OPENING_WORDS = 4  # words before another party's name for it to open the passage as its subject


def reports_other_party(text: str) -> bool:
    """« La CAF rappelle que ses propres actions de soutien à la parentalité relèvent de … », « la Caf des Landes en a
    cosigné l'annexe … », « La représentante de l'ARS précise que … »: a passage opening on another party than the
    département and the State whose verb says, signs or meets tells what that party says or does, not a measure
    of the département (« L'association propose de créer … », « l'hôpital ouvre … » are no such verbs)."""
    folded = fold(text)
    if not _REPORT_VERB.search(folded):
        return False  # most passages: no verb of saying, and no need to look for organisations
    for org in find_orgs(text):
        if len(folded[: org.start].split()) > OPENING_WORDS:
            break
        if org.kind in _OTHER_PARTIES and _REPORTED.match(folded, org.end):
            return True
    return False


def clause_not_a_measure(text: str) -> str | None:
    """The id of the rule that sets aside one clause of a sentence that holds a measure in another (« …, et à des
    difficultés de recrutement au sein de la PMI », « …, qu'il nous aide à ouvrir des places »), or a list item
    (« - La CAF rappelle que … »), else None: a wish, what another party says, a facility the signatories visited
    (« la maison d'enfants de Moulins visitée lors de la signature »), a pointer at a measure described elsewhere
    (« permanence de la sage-femme à Lencloître (voir plus bas) »), a concession (« alors même que … »), a
    difficulty."""
    if opens_with_wish(text):
        return "action.not.wish"
    if reports_other_party(text):
        return "action.not.other-party"
    folded = fold(text)
    if _VISITED.search(folded):
        return "action.not.visited"
    if _CROSS_REFERENCE.search(folded):
        return "action.not.cross-reference"
    if _POINTED_BACK.search(folded) and not _STRONG.search(folded):
        return "action.not.pointed-back"
    if _OPPOSITION.search(folded):
        return "action.not.opposition"
    if _CONCESSION.match(folded):
        return "action.not.concession"
    return "action.not.difficulty" if states_difficulty(text) else None


_DEFINITE_OPENING = re.compile(r"^[\W\d_]*(?:le|la|les|l')\b")


def describes_measure_before(text: str, doc: Doc, start: int) -> bool:
    """« …une équipe mobile chargée d'épauler les foyers, les familles d'accueil qui prennent en charge des enfants en
    situation de handicap », « … la première est l'extension des bilans … : avant le contrat, les équipes de PMI ne
    voyaient que 52 % des enfants »: a clause after a measure of its sentence that opens on a definite noun phrase
    (people or places already known) and has a verb of its own, yet no word saying that something is done, tells
    whom or where that measure serves, or how things were; it is no measure. ``text`` is the clause, ``doc`` its
    sentence's analysis and ``start`` the clause's offset in that sentence. A clause without a verb (« …, l'accueil
    familial et les maisons d'enfants ») is one more object of the verb before, and one that says something was done to
    them (« …, les assistants familiaux ont été mieux rémunérés ») states a measure of its own."""
    folded = fold(text)
    if not _DEFINITE_OPENING.match(folded) or _DONE.search(folded) or _STRONG.search(folded):
        return False
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    tokens = list(span) if span is not None else []
    return any(t.pos_ in ("VERB", "AUX") for t in tokens) and not _done_to_them(tokens)


def _done_to_them(tokens: list) -> bool:
    """« … les assistants familiaux ont été mieux rémunérés »: an auxiliary and a past participle outside a relative
    clause say that something was done, a measure of its own."""
    for i, token in enumerate(tokens):
        if token.pos_ == "PRON" and "Rel" in token.morph.get("PronType", []):
            return False
        participle = token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm", []) \
            and "Past" in token.morph.get("Tense", [])
        if participle and any(t.pos_ == "AUX" for t in tokens[max(0, i - 3) : i]):
            return True
    return False


#: the clause opens on the article or demonstrative itself (« Cette équipe mobile … »), the money is « pour » it
#: (« 90 000 € pour l'équipe mobile dont il sera question »), or the label is in a bracket; a verb or a noun of creation
#: before the article (« la création de l'équipe mobile », « financera l'équipe mobile ») introduces a new one
_KNOWN = re.compile(r"(?:^\W*|\bpour\s+)(?:le|la|les|l'|cette|ces|cet|ce)\s*$|\(\s*$")


def names_a_known_form(before_label: str) -> bool:
    """Whether the words before a label that names a measure's form (« équipe mobile ») say the measure is one the
    reader knows: a definite article or a demonstrative (« l'équipe mobile dont je vais parler »), or a bracket after
    what it pays for (« 85 000 € pour le centre hospitalier (équipe mobile) »)."""
    return bool(_KNOWN.search(fold(before_label)))


def states_aim(text: str) -> bool:
    """« L'objectif est de … », « Leur mission : … »: a sentence that gives the aim of the measure before it."""
    return bool(_AIM.match(fold(text)))


def _aim(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« L'objectif est d'accueillir l'enfant ou la fratrie … », « Il s'agit d'un dispositif de prévention »: the
    aim of the measure the text has just described, in prose (a list of aims is not this)."""
    return not unit.item and unit.indexes[0] > 0 and bool(_AIM.match(fold(ctx.text[unit.start : unit.end])))


def _question(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """A question (an interviewer's, a FAQ's) asks about a measure; the answer states it."""
    return ctx.text[unit.start : unit.end].rstrip(" *_»\"").endswith("?")


def _job_title(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Infirmier(ère) puériculteur(trice) – Protection maternelle et infantile (H/F) »: the title of a post offered,
    marked for both sexes as every job offer is, names whom the employer seeks, not a measure."""
    return bool(_JOB_TITLE.search(fold(ctx.text[unit.start : unit.end])))


def _side_field(ctx: Context, layout: Layout, unit: Unit) -> bool:
    """« Public : référents ASE, éducateurs des MECS », « Financement : 138 000 € », « Durée : 2 jours », « Par qui ?
    9 puéricultrices … »: a field of a fiche or a catalogue entry that says for whom, by whom, at what cost or how long,
    not what the measure is."""
    opening = fold(ctx.text[unit.start : unit.end]).lstrip("*-–—•· \t0123456789.)_")
    return bool(_SIDE_FIELD.match(opening) or _SIDE_QUESTION.match(opening))


def _other_programme(ctx: Context, layout: Layout, unit: Unit) -> bool:
    return bool(_OTHER_PROGRAMME.search(fold(ctx.text[unit.start : unit.end])))


RULES: list[tuple[str, Callable[[Context, Layout, Unit], bool]]] = [
    ("action.not.question", _question),
    ("action.not.recital", _recital),
    ("action.not.dated-event", _dated_event),
    ("action.not.side-field", _side_field),
    ("action.not.job-title", _job_title),
    ("action.not.figures-row", _figures_row),
    ("action.not.list-lead-in", _introduces_a_list),
    ("action.not.context", _context),
    ("action.not.other-party-duties", _other_party_duties),
    ("action.not.finding", _finding),
    ("action.not.study", _study),
    ("action.not.national", _national),
    ("action.not.other-programme", _other_programme),
    ("action.not.audience", _audience),
    ("action.not.absent", _absent),
    ("action.not.demand", _demand),
    ("action.not.wish", _wish),
    ("action.not.difficulty", _difficulty),
    ("action.not.aim", _aim),
]


def not_a_measure(ctx: Context, layout: Layout, unit: Unit) -> str | None:
    """The id of the first rule that says the unit holds no measure of the département, else None."""
    return next((rule for rule, applies in RULES if applies(ctx, layout, unit)), None)


__all__ = ["RULES", "Block", "Unit", "clause_not_a_measure", "describes_measure_before", "names_a_known_form",
           "not_a_measure", "opens_with_recital", "opens_with_wish", "states_aim"]
