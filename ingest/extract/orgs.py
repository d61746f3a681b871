"""Organisations named in a clause: the State, the ARS, the département council, others.

Each mention says how the clause uses it when a preposition tells: a recipient ("au
Département", "aux départements") or a partner ("avec l'État", "entre l'État et …").

>>> [(m.kind, m.use) for m in find_orgs("L'État apporte son soutien financier au Département à hauteur de 5 M€")]
[('state', None), ('council', 'recipient')]
>>> [(m.kind, m.use) for m in find_orgs("un projet mené conjointement avec l'ARS et l'hôpital de Melun")]
[('ars', 'partner'), ('hospital', 'partner')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .places import find_departements
from .text import fold
from .vocabulary import alternation, section, words


@dataclass(frozen=True)
class OrgMention:
    kind: str  # state, ars, council, pmi, hospital, association, municipality, other
    name: str  # as written
    start: int
    end: int
    code: str | None  # département code of a council when named
    use: str | None  # "recipient", "partner" or None



def _org_patterns() -> list[tuple[str, re.Pattern[str], str]]:
    """(kind, pattern on folded text, case rule) from ``vocab/organisations.yaml``; the case rule is
    ``capital`` (the original starts with a capital), ``upper`` (written in capitals) or ``plain``."""
    out = []
    for kind, lists in section("organisations", "kinds").items():
        for rule in ("capital", "upper", "plain"):
            entries = lists.get(rule) or []
            if entries:
                out.append((kind, re.compile(rf"(?<![\w]){alternation(entries)}(?![\w-])"), rule))
    return out


def _collectivities() -> list[tuple[re.Pattern[str], str | None, bool]]:
    """Territorial collectivities that hold the powers of a département (code None: the focus département)."""
    return [
        (re.compile(rf"\b{c['pattern']}\b"), c["code"], bool(c["acronym"]))
        for c in section("organisations", "collectivities")
    ]


_ORG_PATTERNS = _org_patterns()
_COLLECTIVITIES = _collectivities()
# a non-council organisation named after its territory: "la CAF de la Moselle", "le CHU de Nantes"
_OF_PLACE = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:de la |de l'|du |des |de |d')?\s*$")
_RECIPIENT_BEFORE = re.compile(rf"(?<![\w]){alternation(words('organisations', 'recipient_before'))}\s*$")
_PARTNER_BEFORE = re.compile(
    rf"(?<![\w]){alternation(words('organisations', 'partner_before'))}\s+(?:l'|le |la |les )?\s*$"
)
_DEMONSTRATIVE_ARTICLE = re.compile(r"(?:\b(?:le|du|au|ce|l'|la|de la)\s*)$")


def _by_patterns(text: str, folded: str) -> list[OrgMention]:
    """Organisations named by the vocabulary's patterns, and the collectivities that act as a council."""
    found: list[OrgMention] = []
    for kind, pattern, case in _ORG_PATTERNS:
        for m in pattern.finditer(folded):
            if case == "capital" and not text[m.start()].isupper():
                continue
            if case == "upper" and not text[m.start() : m.end()].isupper():
                continue
            if (
                kind == "council"
                and m.group() == "departement"
                and not text[m.start()].isupper()
                and not _DEMONSTRATIVE_ARTICLE.search(folded[: m.start()])
            ):
                continue  # "30 départements", "département francilien" without article: not the council
            found.append(OrgMention(kind, text[m.start() : m.end()], m.start(), m.end(), None, _use(folded, m.start())))
    for pattern, code, upper in _COLLECTIVITIES:
        for m in pattern.finditer(folded):
            if upper and not text[m.start() : m.end()].isupper():
                continue
            name = text[m.start() : m.end()]
            found.append(OrgMention("council", name, m.start(), m.end(), code, _use(folded, m.start())))
    return found


def _with_places(text: str, folded: str, found: list[OrgMention]) -> list[OrgMention]:
    """A council named by its département ("le Département de Seine-et-Marne", or the place as actor); a
    place right after another organisation is part of its name ("la CAF de la Moselle")."""
    for place in find_departements(text):
        near = [o for o in found if 0 <= place.start - o.end <= 8]
        others = [o for o in near if o.kind not in ("council", "state")]
        named_after = next((o for o in others if _OF_PLACE.fullmatch(folded[o.end : place.start])), None)
        owner = next((o for o in near if o.kind == "council"), None)
        if named_after is not None:
            found.remove(named_after)
            n = named_after
            found.append(OrgMention(n.kind, text[n.start : place.end], n.start, place.end, None, n.use))
        elif owner is not None:
            found.remove(owner)
            found.append(
                OrgMention("council", text[owner.start : place.end], owner.start, place.end, place.code, owner.use)
            )
        else:
            found.append(OrgMention("council", place.text, place.start, place.end, place.code,
                                    _use(folded, place.start)))
    return found


def find_orgs(text: str, offset: int = 0) -> list[OrgMention]:
    """Organisation mentions in ``text`` in order, with offsets (plus ``offset``)."""
    folded = fold(text)
    found = _with_places(text, folded, _by_patterns(text, folded))
    found.sort(key=lambda o: (o.start, -o.end))
    kept: list[OrgMention] = []
    for org in found:
        if kept and org.start < kept[-1].end:
            continue
        if kept and kept[-1].use and org.use is None:
            between = fold(text[kept[-1].end : org.start])
            if re.fullmatch(r"\s*(?:\([^)]*\))?\s*(?:,|et|ou)\s*(?:l'|le |la |les )?\s*", between):
                org = OrgMention(org.kind, org.name, org.start, org.end, org.code, kept[-1].use)
        kept.append(org)
    return [OrgMention(o.kind, o.name, o.start + offset, o.end + offset, o.code, o.use) for o in kept]


def _use(folded: str, start: int) -> str | None:
    before = folded[max(0, start - 30) : start]
    before_article = re.sub(r"(?:\b(?:le|la|les)\s+|l')$", "", before)
    if _PARTNER_BEFORE.search(before):
        return "partner"
    if _RECIPIENT_BEFORE.search(before) or _RECIPIENT_BEFORE.search(before_article):
        return "recipient"
    return None
