"""People named by the layout of their lines rather than by a sentence: a letter's addressee and signature block,
a speaker's label in a transcript, a field line (« Direction générale : Agnès Morin-Lacombe »).

These lines are short, so the boilerplate stage often sets them aside as menu lines; they are read here whether
they were set aside or not, because a name line beside a role line is no menu:

- a name line next to a role line (one blank line allowed between): the addressee (« Madame Catherine Rollin » /
  « Présidente du Conseil départemental des Vosges ») names the role after the name, a signature block
  (« Le Préfet, » / « Philippe Arnoux ») before it; a heading in capitals that ends with the name
  (« DISCOURS DE CHRISTOPHE BRÉHÉRET ») counts as a name line;
- a speaker's label opening a line of a transcript (« JULIEN SARDA (animateur) : … », « CAMILLE VÉRAN, puéricultrice
  de PMI : … »), kept with its role or when the same label opens another line;
- a field line whose label says a function (« Affaire suivie par : … », « Direction générale : … »).

A name in capitals is given in title case (« Christophe Bréhéret »); its evidence still points at the capitals.

>>> [(n, r) for n, r, *_ in block_people(["Le Préfet,", "", "Philippe Arnoux"])]
[('Philippe Arnoux', 'Préfet')]
>>> [(n, r) for n, r, *_ in block_people(["DISCOURS DE CHRISTOPHE BRÉHÉRET", "Président du Conseil départemental"])]
[('Christophe Bréhéret', 'Président du Conseil départemental')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from .text import fold
from .vocabulary import alternation, words

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
#: a civility (« M. », « Mme », « Dr »…) and the role words a line or a role opens with: shared with people.py
CIVILITIES = alternation(words("people", "civilities"))
_CIVILITY = re.compile(rf"^{CIVILITIES}\s+")
# a rank may come before the role word (« 4e vice-présidente », « première adjointe »)
_RANK = r"(?:\d{1,2}(?:e|er|ère|re|ème)|premi(?:er|ère)|deuxième|troisième|quatrième|cinquième|sixième)\s+"
ROLE_START = re.compile(rf"^(?:(?:le|la|les)\s+|l['’]\s*)?(?:{_RANK})?{alternation(words('people', 'role_words'))}s?\b",
                        re.IGNORECASE)  # a role of several in the plural (« conseillers départementaux »); the article
# elided with no space after it (« L’inspectrice de l’éducation nationale, »)
ROLE_LINE_WORDS = 14  # a role line is short: « Présidente du Conseil départemental des Vosges »
# the name that ends a heading in capitals: « DISCOURS DE CHRISTOPHE BRÉHÉRET », « ÉDITORIAL PAR MARIE DUPONT »
_CAPS_TAIL = re.compile(rf"\b(?:DE|D['’]|PAR)\s*(?P<name>[{_UPPER}'’ -]+)$")
_PARTICLE = re.compile(r"(?<![^\s'’-])(?:DE|DES|DU|LA|LE|LES|D|L)(?![^\s'’-])")
# a transcript's timecode before a speaker's label: « [00:31] », « 01:27 – », « (12:04:10) »
_TIMECODE = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*[-–]?\s*)?"
_SPEAKER = re.compile(rf"^{_TIMECODE}(?P<name>[{_UPPER}][{_UPPER}'’-]+(?:[ \u00a0][{_UPPER}][{_UPPER}'’-]+){{1,2}})"
                      r"\s*(?:\((?P<role>[^()]{2,60})\)|,\s*(?P<role_after>[^():]{2,80}?))?\s*:")
_FIELD_LABEL = re.compile(
    rf"^\W*(?P<label>{alternation(words('people', 'field_labels'))})\s*:\s*(?P<rest>.+)$", re.IGNORECASE
)

def _title_case(name: str) -> str:
    """« CHRISTOPHE BRÉHÉRET » → « Christophe Bréhéret »; a name in mixed case stays as written."""
    return name.title() if name.isupper() else name


def _name_in(line: str) -> tuple[str, int] | None:
    """The personal name a line is (after a civility, a comma or colon at its end dropped), and its offset."""
    from .people import looks_like_name

    body = line.rstrip(" ,.;:")
    civility = _CIVILITY.match(body)
    at = civility.end() if civility else 0
    candidates = [(body[at:], at)]
    tail = _CAPS_TAIL.search(body) if body.isupper() else None
    if tail:  # the name the heading ends with, before the whole heading read as a name
        candidates.insert(0, (tail.group("name").strip(), tail.start("name")))
    for text, offset in candidates:
        if text.isupper() and _PARTICLE.search(text):
            continue  # « EXPOSÉ DES MOTIFS »: a heading in capitals, not a name
        if looks_like_name(_title_case(text)):
            return _title_case(text), offset
    return None


#: the delegation a signature's role line may open with: « et par délégation, la déléguée territoriale, »
_DELEGATION = re.compile(r"^(?:pour [^,]{3,80}?\s+)?et par d[ée]l[ée]gation,?\s*", re.IGNORECASE)


def _role_in(line: str) -> str | None:
    """The role a line states: the line itself, or the first of its parts split by « | » (« Conseillère
    départementale du canton de Vannes-2 | Vice-présidente du Morbihan »)."""
    line = _DELEGATION.sub("", line.split(" | ", 1)[0])
    if len(line.split()) > ROLE_LINE_WORDS or ":" in line.rstrip(" :") or not ROLE_START.match(line) or _name_in(line):
        return None
    return re.sub(r"^(?:(?:le|la)\s+|l['’]\s*)", "", line.strip(" ,.;:"), flags=re.IGNORECASE) or None


def block_people(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset of the name in its line)`` of the name lines beside a role line; ``lines``
    are a document's lines in order, stripped, ``""`` for a blank one."""
    out: list[tuple[str, str | None, int, int]] = []
    for index, line in enumerate(lines):
        found = _name_in(line) if line else None
        if found is None:
            continue
        role = _neighbour_role(lines, index, 1) or _neighbour_role(lines, index, -1)
        if role is not None:
            out.append((found[0], role, index, found[1]))
    return out


_CLOSING = re.compile(rf"^\W*(?:{alternation(words('people', 'letter_closings'))})", re.IGNORECASE)
CLOSING_LINES = 4  # lines after a letter's closing formula where its writer's name stands


def closing_people(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset)`` of the writer of a letter: the first name line in the few lines after its
    closing formula (« Je vous prie de croire, Madame, … » / « Christophe Morvan-Lhuillier »), with or without a role
    line beside it."""
    out: list[tuple[str, str | None, int, int]] = []
    for index, line in enumerate(lines):
        if not (line and _CLOSING.match(fold(line))):
            continue
        for at in range(index + 1, min(len(lines), index + 1 + CLOSING_LINES)):
            found = _name_in(lines[at]) if lines[at] else None
            if found is not None:
                role = _neighbour_role(lines, at, -1) or _neighbour_role(lines, at, 1)
                out.append((found[0], role, at, found[1]))
                break
    return out


def last_line_people(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset)`` of the signatory a document closes with: its last line a personal name
    alone, after a blank line or a line that ends a sentence (« Elle recommande au préfet de … » / « » / « Mireille
    Ostrowski »), with the role line beside it when there is one."""
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) < 2:
        return []
    index, before = filled[-1], filled[-2]
    found = _name_in(lines[index])
    if found is None or (before == index - 1 and not lines[before].endswith((".", ",", ":"))):
        return []
    return [(found[0], _neighbour_role(lines, index, -1), index, found[1])]


#: a telephone number after a name on a contact line (« Marie-Ange Luciani, 04 95 34 50 00 »)
_PHONE = re.compile(
    r"\s*[,:–—-]?\s*(?:t[ée]l(?:[ée]phone)?\.?\s*:?\s*)?(?:\+33[\s.]?|0)[1-9](?:[\s.]?\d{2}){4}\b"
)


def phone_people(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset)`` of the people a contact line gives with their telephone number (« Service
    de la communication — Marie-Ange Luciani, 04 95 34 50 00 »)."""
    from .people import NAME, looks_like_name

    out: list[tuple[str, str | None, int, int]] = []
    for index, line in enumerate(lines):
        for found in re.finditer(NAME, line):
            if _PHONE.match(line, found.end()) and looks_like_name(found.group()):
                out.append((found.group(), "contact", index, found.start()))
    return out


def _neighbour_role(lines: Sequence[str], index: int, step: int) -> str | None:
    """The role line next to line ``index`` in direction ``step``, one blank line allowed between."""
    for distance in (1, 2):
        at = index + step * distance
        if not 0 <= at < len(lines):
            return None
        line = lines[at]
        if line:
            return _role_in(line)
    return None


# a speaker's label that gives the function in capitals and the name in brackets: « VOIX OFF (Mathieu Ferrand) : »,
# « JOURNALISTE (Léa Bonnot, à Sens) : »
_ROLE_SPEAKER = re.compile(
    rf"^{_TIMECODE}(?P<role>[{_UPPER}][{_UPPER} '’-]{{2,40}}?)\s*"
    rf"\((?P<name>[{_UPPER}][^(),:]{{2,40}}?)(?:,[^()]{{0,40}})?\)\s*:"
)


def _speaker_label(line: str) -> tuple[str, str | None, bool] | None:
    """The name and role of a speaker's label opening ``line``, and whether the name is in capitals; a name in the
    brackets (« VOIX OFF (Mathieu Ferrand) ») before a role in them (« JULIEN SARDA (animateur) »)."""
    from .people import looks_like_name

    m = _ROLE_SPEAKER.match(line)
    if m and looks_like_name(m.group("name")):
        return m.group("name"), m.group("role").strip().lower(), False
    m = _SPEAKER.match(line)
    return (m.group("name"), m.group("role") or m.group("role_after"), True) if m else None


def speakers(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, 0)`` of the speakers' labels of a transcript (« JULIEN SARDA (animateur) : »,
    « VOIX OFF (Mathieu Ferrand) : »)."""
    from .people import looks_like_name

    labels = [(_speaker_label(line) if line else None) for line in lines]
    counts = Counter(label[0] for label in labels if label)
    out: list[tuple[str, str | None, int, int]] = []
    for index, label in enumerate(labels):
        if label is None or not (label[1] or counts[label[0]] > 1):
            continue
        name = _title_case(label[0]) if label[2] else label[0]
        if looks_like_name(name) and fold(name) not in {fold(n) for n, *_ in out}:
            out.append((name, label[1], index, 0))
    return out


def turns(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset)`` of the turns of a transcript or a parliamentary record that open with a
    name, what the speaker is after a comma, a full stop and a dash (« Léa Fourquet, L'Est Républicain. – … »,
    « Marc Tissot. – Et après 2022 ? », « Mme Anne Roux, rapporteure. – … »); the role is kept when it says a
    function."""
    from .people import clean_name, looks_like_name

    out: list[tuple[str, str | None, int, int]] = []
    for index, line in enumerate(lines):
        m = _turn().match(line) if line else None
        name = _title_case(clean_name(m.group("name"))) if m else ""
        if m is None or _CIVILITY.match(name) or not looks_like_name(name):
            continue  # « MME LARRIEU. – »: a civility and a surname, the short form of a person named in full
        what = (m.group("what") or m.group("bracket") or "").split(",")[0].strip()
        if fold(name) not in {fold(n) for n, *_ in out}:
            out.append((name, what if ROLE_START.match(what) else None, index, m.start("name")))
    return out


@cache
def _turn() -> re.Pattern[str]:
    from .people import NAME

    return re.compile(rf"^(?:{CIVILITIES}[ \u00a0]+)?(?P<name>{NAME})(?:,\s*(?P<what>[^.–—:;]{{2,80}})|"
                      rf"\s*\((?P<bracket>[^()]{{2,80}})\))?\.\s+[–—]\s")


def field_people(lines: Sequence[str]) -> list[tuple[str, str | None, int, int]]:
    """``(name, role, line index, offset)`` of the field lines whose label says a function and whose value opens
    with a name (« Direction générale : Agnès Morin-Lacombe »)."""
    from .people import NAME, clean_name, looks_like_name

    out: list[tuple[str, str | None, int, int]] = []
    for index, line in enumerate(lines):
        m = _FIELD_LABEL.match(line) if line else None
        name = re.match(NAME, m.group("rest")) if m else None
        if m and name and looks_like_name(clean_name(name.group())):
            rest_after = m.group("rest")[name.end():].strip()
            if rest_after and not re.match(r"^[,(|–—-]", rest_after):
                continue  # the value goes on as a sentence: not a field giving a name
            out.append((clean_name(name.group()), m.group("label").strip(), index, m.start("rest")))
    return out
