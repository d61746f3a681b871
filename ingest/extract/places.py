"""Départements named in a text, and which one "le Département" means.

Names are matched without accents or case, hyphens and spaces alike ("Seine-et Marne").
Names that are also common words or rivers (Nord, Var, Lot, Marne, Landes…) count only with
context: a capital letter and the article the name takes ("le Var", "du Nord", "en
Charente", "l'Ain"), "département de …", "préfet du …", or the INSEE code in brackets
("Nord (59)"). An INSEE code in brackets after a capitalised word also names its département.

>>> [(m.code, m.text) for m in find_departements("Le Nord compte parmi les trente départements, au nord de Lille.")]
[('59', 'Nord')]
>>> [m.code for m in find_departements("La Seine-et Marne et le Département des Hauts-de-Seine")]
['77', '92']
>>> [m.code for m in find_departements("un lot de mesures dans la Marne, le Val-de-Marne et la Haute-Marne")]
['51', '94', '52']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Departement, departements, departements_by_code, region_names
from .text import fold
from .vocabulary import alternation, section, words


@dataclass(frozen=True)
class PlaceMention:
    code: str
    start: int
    end: int
    text: str
    council: bool  # "Département de …", "conseil départemental de …"


def _name_pattern(name: str) -> str:
    folded = fold(name)
    words = re.split(r"[- ]+", folded)
    body = r"[- ]+".join(re.escape(w).replace("'", r"'\s*") for w in words)
    if folded.startswith("la "):
        body = "(?:la[- ]+)?" + r"[- ]+".join(re.escape(w) for w in words[1:])
    return body


def _key(folded_name: str) -> str:
    key = re.sub(r"[-\s']+", " ", folded_name).strip()
    return key[3:] if key.startswith("la ") else key


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, Departement]]:
    """One pattern for every name, longest first, and the département of each normalised name."""
    by_key = {_key(fold(dep.name)): dep for dep in departements()}
    names = sorted(departements(), key=lambda d: len(d.name), reverse=True)
    body = "|".join(_name_pattern(dep.name) for dep in names)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])"), by_key


@lru_cache(maxsize=1)
def _region_patterns() -> list[re.Pattern[str]]:
    """The names of the régions that are not also départements (one pattern)."""
    dep_names = {fold(d.name) for d in departements()}
    names = [n for n in region_names().values() if fold(n) not in dep_names and fold(n) != "la reunion"]
    return [re.compile(r"(?<![\w-])(?:" + "|".join(_name_pattern(n) for n in names) + r")(?![\w-])")]


_COUNCIL_BEFORE = re.compile(rf"{alternation(words('places', 'council_before'))}\s+(?:du|de la|de l'|des|de|d')\s*$")
_CONTEXT_BEFORE = re.compile(rf"{alternation(words('places', 'context_before'))}\s+(?:du|de la|de l'|des|de|d')\s*$")
_ARTICLE_BEFORE = {
    "le": re.compile(r"(?:^|[^\w])(?:le|du|au|dans le)\s+$"),
    "la": re.compile(r"(?:^|[^\w])(?:la|de la|en|dans la)\s+$"),
    "les": re.compile(r"(?:^|[^\w])(?:les|des|aux|dans les)\s+$"),
    "l'": re.compile(r"(?:^|[^\w])(?:l'|de l'|en|dans l')\s*$"),
    "": re.compile(r"(?:^|[^\w])(?:de|a|en)\s+$"),
}
# collectivities that act as the département of a territory: (pattern on folded text, code, written in capitals)
_ALIASES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"\bmetropole de lyon\b"), "69", False),
    (re.compile(r"\bctm\b"), "972", True),
    (re.compile(r"\bctg\b"), "973", True),
]
_CODE_AFTER = re.compile(r"\s*\((\d{2}|2[AB]|97\d)\)")
_BRACKET_CODE = re.compile(r"(?<=[A-Za-zÀ-ÿ])\s*\((\d{2}|2[AB]|97[1-6])\)")


def find_departements(text: str, offset: int = 0) -> list[PlaceMention]:
    """Départements named in ``text``, longest names first, with offsets (plus ``offset``)."""
    folded = fold(text)
    candidates: list[PlaceMention] = []
    pattern, by_key = _pattern()
    for m in pattern.finditer(folded):
        dep = by_key.get(_key(m.group()))
        if dep is None:
            continue
        start, end = m.start(), m.end()
        before = folded[max(0, start - 40) : start]
        original = text[start:end]
        council = bool(_COUNCIL_BEFORE.search(before))
        if dep.ambiguous and not _ambiguous_ok(dep, original, before, text[end : end + 8]):
            continue
        if original.islower() or (dep.name in _WITH_ARTICLE and not _with_article_ok(original, text[end : end + 5])):
            continue  # a proper name: « une réunion plénière », « Réunion du vendredi 25 juin » are not La Réunion
        candidates.append(PlaceMention(dep.code, start + offset, end + offset, original, council))
    candidates += _demonym_mentions(text, folded, offset)
    for alias, code, upper in _ALIASES:
        for m in alias.finditer(folded):
            if not upper or text[m.start() : m.end()].isupper():
                name = text[m.start() : m.end()]
                candidates.append(PlaceMention(code, m.start() + offset, m.end() + offset, name, True))
    by_code = departements_by_code()
    for m in _BRACKET_CODE.finditer(text):
        code = m.group(1)
        if code in by_code:
            candidates.append(
                PlaceMention(code, m.start(1) - 1 + offset, m.end(1) + 1 + offset, m.group(0).strip(), False)
            )
    for pattern in _region_patterns():
        for m in pattern.finditer(folded):  # "Pays de la Loire" is a région, not the Loire
            candidates = [c for c in candidates if not (m.start() <= c.start - offset < m.end())]
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[PlaceMention] = []
    for cand in candidates:
        if kept and (cand.start < kept[-1].end or (cand.code == kept[-1].code and cand.start - kept[-1].end <= 2)):
            continue  # overlapping, or "Var (83)": one mention
        kept.append(cand)
    return kept


_WITH_ARTICLE = frozenset(words("places", "with_article_names"))


def _demonym_forms(adjective: str) -> list[str]:
    """The four forms of a demonym from its masculine singular (« girondin » → girondine, girondins, girondines)."""
    if adjective.endswith("eau"):
        return [adjective, adjective + "x", adjective[:-3] + "elle", adjective[:-3] + "elles"]
    if adjective.endswith(("ois", "ais")):
        return [adjective, adjective + "e", adjective + "es"]
    if adjective.endswith("en"):
        return [adjective, adjective + "s", adjective + "ne", adjective + "nes"]
    if adjective.endswith("iste"):
        return [adjective, adjective + "s"]
    return [adjective, adjective + "s", adjective + "e", adjective + "es"]


_AGREEING_PREFIX = {"haut": "haut(?:e|s|es)?", "bas": "bas(?:se|ses|s)?"}


def _demonym_body(form: str) -> str:
    """The pattern of one form; a leading « haut- » or « bas- » may agree (« haute-viennoise »)."""
    body = _name_pattern(form)
    head, _, rest = body.partition(r"[- ]+")
    return _AGREEING_PREFIX[head] + r"[- ]+" + rest if rest and head in _AGREEING_PREFIX else body


@lru_cache(maxsize=1)
def _demonym_pattern() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    """One pattern for every form of every demonym, and each form's own pattern with its code."""
    table = section("places", "demonyms")
    forms = [(_demonym_body(form), str(code)) for code, adjectives in table.items() for adjective in adjectives
             for form in _demonym_forms(fold(adjective))]
    forms.sort(key=lambda item: len(item[0]), reverse=True)
    whole = re.compile(r"(?<![\w'-])(?:" + "|".join(body for body, _ in forms) + r")(?![\w-])")
    return whole, [(re.compile(body + r"$"), code) for body, code in forms]


_ADJECTIVE_AFTER_NOUN = re.compile(r"[a-z]\s+$")
_INHABITANTS_BEFORE = re.compile(r"(?:^|[^\w])(?:les|des|aux)\s+$")
_DEMONYM_LANDSCAPE = re.compile(rf"(?:^|[^\w]){alternation(words('places', 'demonym_landscape_nouns'))}\s+$")
_DEMONYM_COUNCIL = re.compile(rf"(?:^|[^\w]){alternation(words('places', 'demonym_council_nouns'))}\s+$")


def _demonym_mentions(text: str, folded: str, offset: int) -> list[PlaceMention]:
    """Départements named by the adjective of their people: lower case after a noun (« le Département girondin »,
    « les familles creusoises »), or the people themselves after an article (« au service des Ardéchois », not
    « les Girondins de Bordeaux »)."""
    whole, forms = _demonym_pattern()
    found: list[PlaceMention] = []
    for m in whole.finditer(folded):
        original, before = text[m.start() : m.end()], folded[max(0, m.start() - 40) : m.start()]
        if original.islower():
            if not _ADJECTIVE_AFTER_NOUN.search(before) or _DEMONYM_LANDSCAPE.search(before):
                continue
        elif not (_INHABITANTS_BEFORE.search(before) and not folded.startswith(" de ", m.end())):
            continue
        code = next(code for form, code in forms if form.match(m.group()))
        council = bool(_DEMONYM_COUNCIL.search(before))
        found.append(PlaceMention(code, m.start() + offset, m.end() + offset, original, council))
    return found


def _with_article_ok(original: str, after: str) -> bool:
    """« La Réunion », « la Réunion », « LA RÉUNION » (not « LA RÉUNION DU 3 MARS »): the article and a capital noun."""
    parts = original.split()
    if len(parts) < 2 or not parts[-1][:1].isupper():
        return False
    return not (parts[-1].isupper() and re.match(r"\s+(?:du|de|des|d')\b", after, re.IGNORECASE))


# the name that heads its paragraph as a label closed by a period, a dash or a colon (« **Indre.** La priorité a porté
# … », « Savoie : miser sur les tout-petits », not a figure after the colon: « Lot : 1,5 M€ pour … » heads a story
# about the money): the département of a note that goes through several, not the river nor the common word
_LINE_OPENS = re.compile(r"(?:^|\n)[#*>\-–•\s]*$")
_LABEL_AFTER = re.compile(r"(?:\*\*|__)?(?:\.|\s+[–—-]|\s*:(?!\s*\d))(?:\*\*|__)?(?:\s|$)")


def heads_paragraph(text: str, start: int, end: int) -> bool:
    """Whether the name at ``[start:end)`` of ``text`` opens its line as a label closed by a period or a dash
    (« **Indre.** … », « Haute-Marne – Une unité … »): the subject of what follows."""
    return _is_label(text[max(0, start - 40) : start], text[end : end + 8])


def _is_label(before: str, after: str) -> bool:
    return bool(_LINE_OPENS.search(before) and _LABEL_AFTER.match(after))


# a table row that gives the INSEE code in the cell beside the name (« 01 | Ain | 1 642 300 », « Landes ; 40 »)
_CELL = r"\s*[|;\t]\s*|\s{2,}|\s+"


def _code_beside(dep: Departement, before: str, after: str) -> bool:
    code_before = bool(re.search(rf"(?:^|[\s|;])0*{dep.code}(?:{_CELL})$", before))
    if code_before and re.match(r"\s*(?:[|;\t]|\s{2,}|$)", after):
        return True
    return bool(re.match(rf"(?:{_CELL})0*{dep.code}(?:\s*[|;\t]|\s*$)", after))


def _ambiguous_ok(dep: Departement, original: str, before: str, after: str) -> bool:
    if not original[:1].isupper():
        return False
    if original.isupper() and not before.strip() and not after.strip():
        return True  # the name alone on its line in capitals: a letterhead (« ALLIER »), not the river
    if _CONTEXT_BEFORE.search(before) or _is_label(before, after):
        return True
    code = _CODE_AFTER.match(after)
    if (code and code.group(1) == dep.code) or _code_beside(dep, before, after):
        return True
    if dep.name == "Paris":
        return bool(re.search(r"\b(?:ville|conseil|mairie|maire|maire adjointe?) de\s*$", before))
    pattern = _ARTICLE_BEFORE.get(dep.article)
    return bool(pattern and pattern.search(before))
