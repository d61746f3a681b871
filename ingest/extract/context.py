"""What every fact grammar needs about one document, computed once.

The sentences that are not boilerplate, their spaCy analyses, the organisations and
départements each one names, the document's date and the years it mentions, and the
focus département ("le Département").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ingest.model import Mention, OrgRef, Sentence, SourceDocument
from ingest.segment import Lines

from .dates import years_in
from .fundings_tables import cell_amounts
from .mentions import sentence_mentions
from .orgs import OrgMention, find_orgs
from .places import PlaceMention, find_departements, heads_paragraph
from .text import fold
from .towns import TOWN_MENTIONS, departement_of_towns
from .vocabulary import pattern

if TYPE_CHECKING:
    from .layout import Layout

_EXAMPLES = re.compile(r"\b(?:parmi|comme|notamment|tels? que|telles? que|par exemple|à l'image de)\b", re.I)
#: a sentence that may hold a table line: cells between « | », « ; » or runs of spaces, or a bare figure closing a line
_TABLE_LIKE = re.compile(r"\||;.*;|\S(?: {3,}|\t)\S|\d\d\d[ \t]*(?:\n|$)")
_BULLET = re.compile(r"\s*(?:[-–—•*·▪►]|\d{1,2}[.)]\s)")  # matched at the line's start


@dataclass
class Context:
    source: SourceDocument
    sentences: list[Sentence]  # not boilerplate, in order
    docs: list[Doc]
    published: dt.date | None = None
    years: list[int] = field(default_factory=list)
    places: list[list[PlaceMention]] = field(default_factory=list)
    orgs: list[list[OrgMention]] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)  # per sentence, found once
    focus: str | None = None
    departements: list[str] = field(default_factory=list)
    #: per sentence, the département a document that goes through several in turn is at (empty for one about one)
    scopes: list[str | None] = field(default_factory=list)
    lines: Lines | None = None
    #: the document's text as extraction reads it: the stored text, except that the sentences spanning lines read
    #: as their view (``segment.reading``: same length, so every offset is one into the stored text)
    text: str = ""
    #: the blocks of the kept sentences (``layout.layout_of``), read once for every rule that needs them
    layout: Layout | None = None

    def line_bounds(self, index: int) -> tuple[int, int]:
        if self.lines is None:
            self.lines = Lines(self.text)
        sentence = self.sentences[index]
        return self.lines.around(sentence.start, sentence.end)

    def is_bullet(self, index: int) -> bool:
        """A list item: a line starting with a bullet or a number, or ending with ";" (an HTML list as text)."""
        start, end = self.line_bounds(index)
        return bool(_BULLET.match(self.text, start, end)) or _last_character(self.text, start, end) == ";"


def _last_character(text: str, start: int, end: int) -> str:
    """The last character of ``text[start:end]`` that is not a space (read backwards, nothing copied)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def build_context(source: SourceDocument, sentences: list[Sentence], docs: list[Doc]) -> Context:
    ctx = Context(source=source, sentences=sentences, docs=docs, text=_reading_text(source.text, sentences))
    ctx.years = years_in("\n".join(s.text for s in sentences))
    ctx.places = [find_departements(s.text, s.start) for s in sentences]
    ctx.orgs = [find_orgs(s.text, s.start) for s in sentences]
    ctx.departements, ctx.focus = _about(ctx)
    ctx.scopes = _scopes(ctx) if len(ctx.departements) >= 2 else []
    if ctx.focus in _METROPOLIS:
        # where a métropole holds the département's powers ("la Métropole de Lyon"), "la Métropole" is that council
        ctx.orgs = [
            [
                OrgMention("council", o.name, o.start, o.end, ctx.focus, o.use)
                if o.kind == "municipality" and re.fullmatch(r"m[ée]tropole", o.name, re.I) and o.name[0].isupper()
                else o
                for o in mentions
            ]
            for mentions in ctx.orgs
        ]
    ctx.mentions = [
        sentence_mentions(s.text, s.start, places, orgs)
        + (cell_amounts(source.text, s.start, s.end) if _TABLE_LIKE.search(s.text) else [])  # figures of a money column
        for s, places, orgs in zip(sentences, ctx.places, ctx.orgs, strict=True)
    ]
    return ctx


def _reading_text(text: str, sentences: list[Sentence]) -> str:
    """``text`` with each sentence replaced by its reading view (same length) where that one differs."""
    parts: list[str] = []
    position = 0
    for sentence in sentences:
        if sentence.text != text[sentence.start : sentence.end]:
            parts += [text[position : sentence.start], sentence.text]
            position = sentence.end
    return "".join([*parts, text[position:]]) if parts else text


_METROPOLIS = frozenset({"69"})
# a sentence that signs or pays: a département it names is one the document is about, even named once (a press
# review's item « Ardennes (08) – … ont signé le 5 février 2021 … », « la Haute-Loire, avec 780 000 euros … »); so is
# one that states a measure (``_states_fact``)
_STATES_FACT = re.compile(r"\d[\d\s\u00a0\u202f.,]*(?:€|euros?\b|M€|k€|MEUR|millions?\b)|\bsign(?:é|e|ent|ature)", re.I)


_FRAME = re.compile(r"\W*(?:dans|en|pour|du cote de)\s+(?:la |le |les |l['’]\s*)?$", re.IGNORECASE)


def _states_fact(ctx: Context, index: int, mention: PlaceMention) -> bool:
    """Whether sentence ``index`` signs or pays (not for comparison), or opens with the département as its frame
    (« En Meurthe-et-Moselle, … », « Dans l'Orne, … ») and states a measure or a fact, it or the next sentence of its
    paragraph (« Dans la Nièvre, plusieurs réclamations … Le Département a indiqué avoir créé un service … »)."""
    from .action_labels import has_action_label

    text = ctx.sentences[index].text
    if _STATES_FACT.search(text):
        return not pattern("fundings", "comparison_words").search(fold(text))
    if not _FRAME.fullmatch(text[: mention.start - ctx.sentences[index].start]):
        return False
    if has_action_label(text):
        return True
    following = ctx.sentences[index + 1] if index + 1 < len(ctx.sentences) else None
    if following is None or "\n\n" in ctx.text[ctx.sentences[index].end : following.start] or ctx.places[index + 1]:
        return False
    return bool(_STATES_FACT.search(following.text) or has_action_label(following.text))


def _row_states_fact(text: str, mention: PlaceMention, mentions: list[PlaceMention]) -> bool:
    """Whether the mention sits alone in a table row that gives an amount (« 19 | Corrèze | 712 900 »): each row of
    a table is a statement of its own, as a sentence that pays is."""
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    end = len(text) if end < 0 else end
    line = text[start:end]
    if "|" not in line and ";" not in line and "\t" not in line:
        return False
    alone = all(m.code == mention.code for m in mentions if start <= m.start < end)
    return alone and bool(_STATES_FACT.search(line) or re.search(r"\b\d{1,3}(?:[\s\u00a0\u202f]\d{3})+\b", line))


def _about(ctx: Context) -> tuple[list[str], str | None]:
    """The départements the document is about, in order of weight, and the focus one; for a document that names
    none, the one whose towns it names (``towns.py``)."""
    weight: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, mentions in enumerate(ctx.places):
        stated = len({m.code for m in mentions}) == 1 and _states_fact(ctx, index, mentions[0])
        for mention in mentions:
            label = heads_paragraph(ctx.text, mention.start, mention.end)  # « Vosges – Le centre hospitalier … »
            heads = label or _row_states_fact(ctx.text, mention, mentions)
            weight[mention.code] += 3 if mention.council else 2 if index < 3 or stated or heads else 1
            first.setdefault(mention.code, mention.start)
    if not weight:
        # « VILLE DE PARAY-LE-MONIAL », « à Digoin »; a Département's own page (« Le Département a créé … ») needs its
        # town once (« le village d'enfants d'Amilly »)
        least = 1 if _speaks_of_one_council(ctx) else TOWN_MENTIONS
        town = departement_of_towns((s.text for s in ctx.sentences), least)
        return ([town], town) if town else ([], None)
    ordered = sorted(weight, key=lambda code: (-weight[code], first[code]))
    counts = Counter(m.code for found in ctx.places for m in found)
    if (
        len(ordered) >= 2
        and all(count == 1 for count in counts.values())
        and not any(m.council for found in ctx.places for m in found)
        and all(_EXAMPLES.search(ctx.sentences[i].text) for i, found in enumerate(ctx.places) if found)
    ):
        return [], None  # "la Gironde, le Nord et la Seine-Saint-Denis figurent parmi…": examples, not the subject
    # a département named once in passing ("les Alpes-Maritimes voisines") is not what the document is about
    return [code for code in ordered if code == ordered[0] or weight[code] >= 2], ordered[0]


def _scopes(ctx: Context) -> list[str | None]:
    """For a document about several départements that goes through them in turn (a report's sections, a daily
    comparing two), the one each sentence is at: the last named alone by a heading or by the first sentence of a
    paragraph (« Savoie : miser sur les tout-petits », « Dans l'Oise, la signature … »); the focus before any."""
    scopes: list[str | None] = []
    current = ctx.focus
    for index, mentions in enumerate(ctx.places):
        codes = {m.code for m in mentions if m.code in ctx.departements}
        if len(codes) == 1 and _opens_paragraph(ctx, index):
            current = codes.pop()
        scopes.append(current)
    return scopes


def _opens_paragraph(ctx: Context, index: int) -> bool:
    if index == 0:
        return True
    return "\n" in ctx.text[ctx.sentences[index - 1].end : ctx.sentences[index].start]


def scope(ctx: Context, index: int) -> str | None:
    """The département a sentence without one of its own speaks of: the section's in a document that goes through
    several (``_scopes``), else the focus."""
    return ctx.scopes[index] if ctx.scopes else ctx.focus


def _speaks_of_one_council(ctx: Context) -> bool:
    """Whether the text names « le Département » (a council in the singular, of no département named): the page of
    one council, whose towns say which."""
    return any(o.kind == "council" and o.code is None and fold(o.name) == "departement" for found in ctx.orgs
               for o in found)


def add_dates(ctx: Context) -> None:
    """The dates of every sentence as mentions, once the document's date is known (``ctx.published``)."""
    from .dates import issue_date
    from .mentions import date_mentions

    about = None if ctx.published else issue_date(s.text for s in ctx.sentences)  # « n° 58 – Hiver 2021-2022 »
    for index, sentence in enumerate(ctx.sentences):
        found = date_mentions(sentence.text, sentence.start, ctx.published, ctx.years, about)
        ctx.mentions[index] = sorted([*ctx.mentions[index], *found], key=lambda m: (m.start, -m.end, m.kind))


def add_people(ctx: Context, spans: list[tuple[str, int, int]]) -> None:
    """The names ``people.py`` found, as mentions of their sentences."""
    from ingest.model import Mention

    starts = [s.start for s in ctx.sentences]
    for name, start, end in dict.fromkeys(spans):
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and start < ctx.sentences[index].end:
            mention = Mention("person", start, end, ctx.text[start:end], name, "person.name")
            ctx.mentions[index] = sorted([*ctx.mentions[index], mention], key=lambda m: (m.start, -m.end, m.kind))


def org_ref(ctx: Context, kind: str, name: str, code: str | None = None, area: str | None = None) -> OrgRef:
    """An ``OrgRef`` for a mention: the State, the ARS of the région of the département spoken of (``area``, the
    sentence's ``scope``; the focus by default), a council (« le Département »: that same département), or by
    name."""
    from .lexicon import departements_by_code

    area = area or ctx.focus
    if kind == "state":
        return OrgRef("state", "État")
    if kind == "ars":
        dep = departements_by_code().get(area or "")
        return OrgRef("ars", "Agence régionale de santé", dep.region if dep else None)
    if kind == "council":
        code = code or area
        dep = departements_by_code().get(code or "")
        return OrgRef("council", f"Département {dep.name}" if dep else name, code)
    return OrgRef(kind, " ".join(name.split()))  # type: ignore[arg-type]
