"""People named in a document, with the role and organisation the text gives them.

A name is a candidate when the statistical NER tags it as a person, or when a rule
finds it (a byline "Par …", a press contact, a role next to it); the candidate must look
like a personal name (two to four capitalised words, no word of a heading, a place or an
institution) and be used as one: inside a running sentence, with a role, in a byline or
in a press-contact block. A bare name on a line of its own (a photo credit) is not kept.

>>> [(p.name, p.role) for p in find_roles_and_names("Le préfet du Nord, Jean-Marc Roussel, a signé.")]
[('Jean-Marc Roussel', 'préfet du Nord')]
>>> [(p.name, p.role) for p in find_roles_and_names("« Bravo », déclare Patrick Septiers, président du Département.")]
[('Patrick Septiers', 'président du Département')]
>>> looks_like_name("Amélie CHABUET"), looks_like_name("Président du Département"), looks_like_name("Ma Gazette")
(True, False, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.model import Evidence, Membership

from .lexicon import departements, region_names
from .people_lines import (
    CIVILITIES,
    ROLE_START,
    block_people,
    closing_people,
    field_people,
    last_line_people,
    phone_people,
    speakers,
    turns,
)
from .text import fold, strip_span
from .vocabulary import alternation, pattern, words

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿœ"
# a capitalised word, with an elided prefix or an inner apostrophe ("N'Diaye", "Guivarc'h") and hyphens
_PLAIN = rf"(?:(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:['’][{_LOWER}]+)?|[{_UPPER}]{{2,}})"
_WORD = rf"{_PLAIN}(?:-{_PLAIN})?"
_PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|di|da|ben|el|Le|La|De|Du|Van|Von|Di|Da|Ben|El)"
NAME = rf"{_WORD}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0]?)?{_WORD}){{1,2}}"
_PARTICLES = frozenset({"de", "du", "des", "le", "la", "van", "von", "di", "da", "ben", "el"})
_NAME_RE = re.compile(rf"^{NAME}$")

ROLE_WORDS = "|".join(words("people", "role_words"))
_TITLE = re.compile(rf"^{CIVILITIES}\s+")

_STOP = {fold(w) for w in words("people", "not_name_words")}


def _place_words() -> set[str]:
    words: set[str] = set()
    for dep in departements():
        words.update(fold(w) for w in re.split(r"[- ']+", dep.name) if len(w) > 2)
    for name in region_names().values():
        words.update(fold(w) for w in re.split(r"[- ']+", name) if len(w) > 2)
    return words


_PLACE_WORDS: set[str] | None = None


@cache
def _places() -> set[str]:
    """The words of the names of départements and régions."""
    return _place_words()


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words, none of them a heading, place or institution word."""
    global _PLACE_WORDS
    if _PLACE_WORDS is None:
        _PLACE_WORDS = _place_words()
    text = " ".join(text.split())
    if not _NAME_RE.match(text):
        return False
    words = [w for w in re.split(r"[ \u00a0'’-]+", text) if w]
    lowered = [fold(w) for w in words]
    inner = lowered[1:-1]
    if any(w in _STOP and not (w in _PARTICLES and w in inner) for w in lowered):
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if all(fold(w) in _PLACE_WORDS for w in capitalised):
        return False  # "Seine Marne", "Haute Garonne": places
    if ROLE_START.match(lowered[0]) and all(fold(w) in _PLACE_WORDS for w in capitalised[1:]):
        return False  # « Maire de Paris », « Préfet de la Somme »: a role and its place, capitalised
    return not all(w.isupper() for w in words)


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str | None
    start: int  # of the name
    end: int
    clause_start: int  # of the name with its role, for the evidence
    clause_end: int


def clean_name(raw: str) -> str:
    """The name without a title ("M.", "Mme", "Dr"), trailing punctuation, or a capitalised role word that follows
    it in a table of attendees (« M. Arnaud Pichon Directeur enfance famille »)."""
    name = _TITLE.sub("", " ".join(raw.replace("\u00a0", " ").split()).strip(" ,.;:*_–—-"))
    words = name.split(" ")
    while len(words) > 2 and ROLE_START.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


# « LE GALL Yannick »: the surname first, in capitals, as forms and lists of attendees write it; a capitalised
# word of four letters or fewer before a name is more often an acronym (« CHU Rennes », « UDAF Vienne »)
_SURNAME_FIRST = re.compile(
    rf"^(?P<surname>[{_UPPER}][{_UPPER}'’-]+(?:[ \u00a0][{_UPPER}][{_UPPER}'’-]+)?)[ \u00a0](?P<given>{_WORD})$"
)
SURNAME_FIRST_LETTERS = 5


def given_name_first(name: str) -> str:
    """« LE GALL Yannick » → « Yannick Le Gall »; any other name as it is."""
    found = _SURNAME_FIRST.match(name)
    if found is None or found["given"].isupper():
        return name
    surname = found["surname"]
    if sum(c.isalpha() for c in surname) < SURNAME_FIRST_LETTERS:
        return name
    return f"{found['given']} {surname.title()}"


# after a comma or a dash, or in brackets (« Anaïs Florentin (ingénieure d'études) »); after a closing « ** » too
_ROLE_AFTER = re.compile(r"^[*_]*\s*(?:[,–—-]|\()\s*(?P<role>[^,;:.()«»\n]{3,160})")
_ROLE_BEFORE = re.compile(
    rf"(?:^|[\s,(«])(?P<role>(?:le|la|l'|l’|Le|La|L'|L’)\s+(?:{ROLE_WORDS})[^,;.()«»\n]{{0,120}}?)\s*,?\s*$",
    re.IGNORECASE,
)
_ROLE_OPENING = re.compile(rf"(?:^|\s)(?:le|la|l'|l’)\s+(?:{ROLE_WORDS})\b", re.IGNORECASE)
_ROLE_BEFORE_BARE = re.compile(rf"(?P<role>\b(?:{ROLE_WORDS})\b[^,;.()«»\n]{{0,80}}?)\s*$", re.IGNORECASE)
_ROLE_TRIM = re.compile(
    r"\s+(?:a|ont|avait|est|sera|qui|et|déclare|indique|estime|explique|souligne|précise|rappelle)\b.*$", re.IGNORECASE
)


def role_after(text: str, end: int) -> str | None:
    """The role given right after a name: "…, président du Département de Seine-et-Marne"."""
    m = _ROLE_AFTER.match(text[end : end + 200])
    if not m:
        return None
    role = _ROLE_TRIM.sub("", m.group("role")).strip(" *_")
    role = re.sub(r"(?:\s+(?:en|de|du|des|la|le|les|à|au|aux|et|d'|d’|l'|l’))+\s*$", "", role)
    return role if role and ROLE_START.match(role) else None




# the end of a phrase that makes the capitalised words after it its complement, not a person it names: a preposition
# or an article (« journaliste à Ouest Normandie », « le financement de l'UAPED de … », « une maison aux Grands Prés »)
_COMPLEMENT_END = re.compile(
    r"(?:\b(?:à|au|aux|de|du|des|en|sur|par|pour|dans|chez|les)|\b[dl]['’])\s*$", re.IGNORECASE
)
# a field label or a separator between a role word and a name (not the label that ends right before it, « Directeur de
# la publication : Marc Vérany »): the name is another field's or another item's
_NOT_ONE_PHRASE = re.compile(r":|\s[–—|]\s")
# a vocative between a role and the name it addresses: « Monsieur le maire de Digoin, cher Paul Mercier »
_VOCATIVE = re.compile(r",\s*ch(?:er|ère)s?\s*$", re.IGNORECASE)


def role_before(text: str, start: int) -> str | None:
    """The role given right before a name: "le président du Département, Patrick Septiers"."""
    window = text[max(0, start - 160) : start]
    vocative = _VOCATIVE.search(window)
    window = window[: vocative.start()] if vocative else window
    role = _role_before(window)
    if role is None or _COMPLEMENT_END.search(role) or _NOT_ONE_PHRASE.search(role.rstrip(" :")):
        return None
    return role


def _role_before(window: str) -> str | None:
    m = _ROLE_BEFORE.search(window)
    if m:
        # the last role of the window is this name's (« le préfet X et le président du conseil départemental Y »)
        last = [r.start() for r in _ROLE_OPENING.finditer(m.group("role"))]
        names = [n for n in _NAME_SEARCH.finditer(m.group("role")) if looks_like_name(clean_name(n.group()))]
        if len(last) > 1 and (names or re.search(r"\bet\s*$", m.group("role")[: last[-1]])):
            m = _ROLE_BEFORE.search(window, m.start("role") + last[-1]) or m
        role = re.sub(r"^(?:le|la|l'|l’)\s+", "", m.group("role"), flags=re.IGNORECASE).strip(" ,*_")
        return role or None
    m = _ROLE_BEFORE_BARE.search(window)
    if m and len(window) - m.end() <= 2:
        return m.group("role").strip(" ,*_") or None
    return None


_NAME_SEARCH = re.compile(rf"(?<![\w{_UPPER}]){NAME}(?![\w]|-\w)")


_LEAD = re.compile(
    rf"^(?:Pour|Selon|Avec|Chez|Mais|Ainsi|Enfin|Alors|Aussi|Comme|Quand|Interrogée?|Et|Or|Donc|Puis|Ici|Là)"
    rf"[ \u00a0]+(?={_WORD})"
)


def strip_lead(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` of a candidate name without a leading word that is not a name ("Pour", "Selon"), nor a
    place that completes a role (« la maire de Dole Anne-Sophie Grandclément », « le préfet du Jura Sébastien
    Quirot », « en visite à Saint-Paul Adrien Taquet »)."""
    m = _LEAD.match(text[start:end])
    if m:
        start += m.end()
    first = _FIRST_WORD.match(text, start, end)
    if first is None or len(text[first.end() : end].split()) < 2:
        return start, end
    after_preposition = _PREPOSITION_BEFORE.search(text, max(0, start - 6), start) is not None
    global _PLACE_WORDS
    if _PLACE_WORDS is None:
        _PLACE_WORDS = _place_words()
    rest = text[first.end() : end]
    placeless = not any(fold(w) in _PLACE_WORDS for w in re.split(r"[ \u00a0'’-]+", rest))
    dropped = fold(first.group(1))
    if (after_preposition or dropped in _PLACE_WORDS) and dropped not in _STOP and placeless and looks_like_name(rest):
        return first.end(), end
    if ROLE_START.match(first.group(1)) and looks_like_name(rest):  # « la Députée Karine LEBON »: a role, capitalised
        return first.end(), end
    return start, end


_FIRST_WORD = re.compile(rf"({_WORD})[ \u00a0]+")
_PREPOSITION_BEFORE = re.compile(r"(?:\b(?:de|du|des|à|au|aux|en)|\bd['’])[ \u00a0]?$", re.IGNORECASE)


def find_roles_and_names(text: str) -> list[PersonMention]:
    """Names in ``text`` that carry a role next to them or an attribution verb (rule-based, no NER); names listed
    before a role in the plural share it (« Rémi Chaize, Sophie Vial, Karim Benmansour, conseillers
    départementaux »)."""
    out: list[PersonMention] = []
    bare: list[tuple[str, int, int]] = []  # names without a role, waiting for a plural role after the list
    for found in _NAME_SEARCH.finditer(text):
        name_start, name_end = strip_lead(text, found.start(), found.end())
        name = given_name_first(clean_name(text[name_start:name_end]))
        if not looks_like_name(name) or _NAMED_THING.search(fold(text[max(0, name_start - 60) : name_start])):
            continue  # « la maison d'enfants Jules-Heidet de Valdoie »: a thing named after someone
        after = role_after(text, name_end)
        before = None if after else role_before(text, name_start)
        role = after or before
        if role is None:
            bare = [*bare, (name, name_start, name_end)] if _listed(text, bare, name_start) else [
                (name, name_start, name_end)]
            continue
        start = name_start - (len(before) + 2 if before else 0)
        end = name_end + (len(after) + 2 if after else 0)
        if after and _PLURAL_ROLE.match(after) and _listed(text, bare, name_start):
            out += [PersonMention(n, after, a, b, a, min(len(text), end)) for n, a, b in bare]
        bare = []
        out.append(PersonMention(name, role, name_start, name_end, max(0, start), min(len(text), end)))
    return out


_PLURAL_ROLE = re.compile(r"\w+(?:s|x)\b", re.IGNORECASE)  # « conseillers départementaux », « co-signataires »


def _listed(text: str, bare: list[tuple[str, int, int]], start: int) -> bool:
    """Whether a name at ``start`` goes on the list of the names before it (« A, B et C »)."""
    return bool(bare) and re.fullmatch(r"\s*(?:,|et|,\s*et)\s*", text[bare[-1][2] : start]) is not None


_CONTACT = re.compile(
    r"\bcontacts?\s+(?:presse|media|médias)\b|\b(?:relations|service)\s+presse\b|\battachée?\s+de\s+presse\b",
    re.IGNORECASE,
)
_BYLINE_NAME = re.compile(
    rf"(?:^|[•|–—-])\s*\**\s*Par\s+(?P<name>{NAME})"
    rf"|(?:^|[.•|]\s*)(?:Texte|Textes|Auteur|Autrice|Rédigé par|Écrit par)\s*:?\s+(?P<credit>{NAME})"
    rf"|\b(?:[Uu]n |[Uu]ne )?(?:[Rr]eportage|[Aa]rticle|[Ee]nquête|[Cc]hronique|[Tt]exte|[Pp]ropos recueillis)"
    rf" (?:de|par)\s+(?P<report>{NAME})"
    rf"|^\W*[Rr]édaction\b[^,\n]{{0,40}},\s*avec\s+(?P<with>{NAME})"
    rf"|^\s*(?P<thesis>{NAME}),\s*(?:sous la direction|sous la codirection)\s+d[eu]\b"  # a thesis' author line
    rf"|^\s*[–—-]?\s*(?P<agency>{NAME})\s*(?:\(?avec\s+(?:l['’])?(?:AFP|Reuters|AP)\)?|,\s*(?:correspondante?|envoyée?\s+spéciale?)\b)"
)
_BYLINE_GROUPS = ("name", "credit", "report", "agency", "with", "thesis")
_CO_AUTHOR = re.compile(rf"\s*(?:\bet\b|&|,\s*avec\b)\s*(?P<name>{NAME})(?![\w])")  # « Par X, avec Y (images) »
_LEADING = re.compile(r"^[\s*_#>•·–—-]+")
# a name ends before a hyphenated word it does not hold: not « Bonnin Vice » of « Bonnin Vice-présidente »
_TITLED = re.compile(rf"(?<![\w]){CIVILITIES}[ \u00a0]+(?P<name>{NAME})(?![\w]|-\w)")
# a civility and a surname alone, its role right after it (« Mme Delmas, la responsable du service », « Mme Poirier
# (DGA solidarité) »): a person the text names by the surname only
_TITLED_SURNAME = re.compile(rf"(?<![\w]){CIVILITIES}[ \u00a0]+(?P<name>{_WORD})(?=\s*[,(])")


_ROLE_ORG = {kind: pattern("people", "role_orgs", kind) for kind in ("state", "ars", "council")}


def _role_org(ctx, role: str | None):
    from .context import org_ref
    from .places import find_departements

    if not role:
        return None
    folded = fold(role)
    if _ROLE_ORG["state"].search(folded):
        return org_ref(ctx, "state", "État")
    if _ROLE_ORG["ars"].search(folded):
        return org_ref(ctx, "ars", "ARS")
    if _ROLE_ORG["council"].search(folded):
        places = find_departements(role)
        return org_ref(ctx, "council", "Département", places[0].code if places else ctx.focus)
    return None


_MASTHEAD = re.compile(r"^\s*(?P<title>[^\n–—|]{3,60}?)\s+[–—|]\s")


def _masthead(text: str) -> str | None:
    """The folded name a periodical prints in capitals at the head of its first line (« VENDÉE TERRITOIRES – Le
    magazine du Département – n° 58 »): a title, never a person."""
    m = _MASTHEAD.match(text)
    title = m.group("title") if m else ""
    return " ".join(fold(title).replace("-", " ").split()) if title.isupper() else None


class _People:
    """The memberships of one document as its sentences are read, one per person (the first with a role wins)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.found: dict[str, Membership] = {}
        self.spans: list[tuple[str, int, int]] = []
        self.contact_until = -1
        self.masthead = _masthead(ctx.text)

    def add(self, name: str, role: str | None, span: tuple[int, int], name_span: tuple[int, int], rule: str) -> None:
        name = name.replace("’", "'")  # « Le Floc’h » and « Le Floc'h » are one name, written the plain way
        key = " ".join(fold(name).replace("-", " ").split())
        if key == self.masthead and role is None:
            return  # the periodical's name, as the interviewer's label (« Vendée Territoires : … »)
        if role and _CONTACT.search(role):
            role = "contact presse"
        self.spans.append((name, *name_span))
        start, end = strip_span(self.ctx.text, *span)
        current = self.found.get(key)
        if current is None or (current.role is None and role):
            mention = f"person@{name_span[0]}-{name_span[1]}"
            evidence = Evidence(start, end, rule, (mention,))
            self.found[key] = Membership(name, role, _role_org(self.ctx, role), evidence)

    def with_roles(self, sentence) -> None:
        """Names with a role next to them."""
        for m in find_roles_and_names(sentence.text):
            at = sentence.start
            self.add(m.name, m.role, (at + m.clause_start, at + m.clause_end), (at + m.start, at + m.end),
                     "person.role-beside")

    def titled(self, sentence) -> None:
        """A name after a civility (« M. Olivier Gaudin », « Mme Corinne Le Bihan », « Dr Karim Benhamou »): a person,
        with the role beside it if any."""
        for found in _TITLED.finditer(sentence.text):
            name = clean_name(found.group("name"))
            if not looks_like_name(name) or fold(name.split()[0]) in _STOP:
                continue
            at, end = sentence.start + found.start("name"), found.start("name") + len(name)
            role = role_after(sentence.text, end) or role_before(sentence.text, found.start())
            self.add(name, role, (sentence.start, sentence.end), (at, at + len(name)), "person.titled")

    def titled_surname(self, sentence) -> None:
        """A civility and a surname alone with a role right after it (« Mme Delmas, la responsable du service d'accueil
        familial »): the person, named by the surname (not one the document names in full: ``_whole_names``)."""
        for found in _TITLED_SURNAME.finditer(sentence.text):
            name, end = found.group("name"), found.end("name")
            role = role_after(sentence.text, end)
            if role is None or fold(name) in _STOP or fold(name) in _places():
                continue
            at = sentence.start + found.start("name")
            self.add(name, role, (sentence.start, sentence.end), (at, at + len(name)), "person.titled-surname")

    def byline(self, sentence) -> None:
        """The author of a byline, and a second one after « et » (« Par Maël Le Goff et Soizic Tanguy »)."""
        found = _BYLINE_NAME.search(sentence.text)
        group = next((g for g in _BYLINE_GROUPS if found.group(g)), None) if found else None
        if not (found and group and looks_like_name(clean_name(found.group(group)))):
            return
        at, name = found.start(group), clean_name(found.group(group))
        for _ in range(3):  # at most three authors
            start = sentence.start + at
            self.add(name, "auteur", (sentence.start, sentence.end), (start, start + len(name)), "person.byline")
            more = _CO_AUTHOR.match(sentence.text, at + len(name))
            if more is None or not looks_like_name(clean_name(more.group("name"))):
                return
            at, name = more.start("name"), clean_name(more.group("name"))

    def press_contact(self, index: int, sentence) -> None:
        """A name starting a line of a press-contact block, or after "Contact presse :"."""
        if index > self.contact_until:
            return
        stripped = _LEADING.sub("", sentence.text)
        after_label = re.sub(r"^.*?\bcontacts?\s+presse\s*:?\s*\**\s*", "", stripped, flags=re.IGNORECASE)
        m = re.match(NAME, after_label)
        if m and looks_like_name(clean_name(m.group())):
            offset = sentence.start + sentence.text.find(m.group())
            self.add(clean_name(m.group()), "contact presse", (sentence.start, sentence.end),
                     (offset, offset + len(m.group())), "person.press-contact")

    def statistical(self, index: int, sentence) -> None:
        """Names the statistical NER finds, used in running text, with a role, or in a contact block."""
        doc, text = self.ctx.docs[index], sentence.text
        running = any(t.pos_ in ("VERB", "AUX") for t in doc) and len(doc) > 5
        following = self.ctx.sentences[index + 1].text if index + 1 < len(self.ctx.sentences) else ""
        next_line_role = "|" not in following and bool(ROLE_START.match(_LEADING.sub("", following)))  # not a row
        for ent in doc.ents:
            lead = _LEAD.match(text[ent.start_char :]) if ent.label_ == "PER" else None
            ent_start = ent.start_char + (lead.end() if lead else 0)
            m = re.match(NAME, text[ent_start:]) if ent.label_ == "PER" else None
            if m is not None:  # not a place that completes a role (« la maire de Dole Sylvie … »)
                ent_start = strip_lead(text, ent_start, ent_start + len(m.group()))[0]
                m = re.match(NAME, text[ent_start:])
            if not m or not looks_like_name(clean_name(m.group())) or _NAMED_THING.search(fold(text[:ent_start])):
                continue
            if _HELD_IN.search(text[max(0, ent_start - 60) : ent_start]):
                continue  # « président de Passerelle Moselle »: the body a role is held in, not a person
            if _CREDIT_LABEL.search(fold(text[max(0, ent_start - 30) : ent_start])):
                continue  # « Images : Lucas Ferrand / Montage : Inès Babin »: the credits of a report
            role = role_after(text, ent_start + len(m.group())) or role_before(text, ent_start)
            if not (running or role or next_line_role or index <= self.contact_until):
                continue
            if role is None and next_line_role and not running:
                role = _LEADING.sub("", following).strip(" .*_")[:120]
            start = sentence.start + ent_start
            self.add(clean_name(m.group()), role, (sentence.start, sentence.end), (start, start + len(m.group())),
                     "person.ner")


# a role word and its « de »/« du »/« des » right before a name: the name is the body the role is held in
_HELD_IN = re.compile(rf"\b(?:{ROLE_WORDS})s?\s+(?:de|du|des)\s+$", re.IGNORECASE)

# the label of a report's credit right before a name (« Images : », « Montage : », « Photo : »)
_CREDIT_LABEL = re.compile(rf"\b{alternation(words('people', 'credit_labels'))}\s*:\s*$")

# a photo credit ends a caption: « La préfète X et le président Y lors de la signature. © Photo : Z »
_CREDIT = re.compile(r"©|\b(?:[Pp]hoto|[Cc]rédit(?: photo)?|[Ii]llustration)\s*:")


#: « l'association Regain Poitou », « le festival Arte Flamenco »: the name after such a noun is the thing's
#: (« la maison d'enfants Jules-Heidet », with the noun's complement); and a name right after an article is a place's
#: or a thing's (« dans l'Alta Rocca », « le Taravo »): a person's takes none
_NAMED_THING = re.compile(
    rf"\b(?:l'|le |la |les |du |de la |des |au |aux ){alternation(words('people', 'named_thing_nouns'))}"
    rf"(?:\s+(?:d'|de |des |du )[a-z]+)?\s+$|(?:^|[\s(])(?:l'|le |la |les )$"
)


def _captions(people: _People, captions) -> None:
    """People named with a role in a photo caption (the credit that ends it names no one of the story)."""
    for sentence in captions:
        credit = _CREDIT.search(sentence.text)
        if credit is None or credit.start() < 10:
            continue
        for m in find_roles_and_names(sentence.text[: credit.start()]):
            at = sentence.start
            people.add(m.name, m.role, (at + m.clause_start, at + m.clause_end), (at + m.start, at + m.end),
                       "person.caption")


def _by_layout(people: _People, text: str) -> None:
    """People named by their lines (``people_lines``): blocks of a letter, a transcript's speakers, field lines."""
    starts, lines, position = [], [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        starts.append(position + (raw.find(stripped) if stripped else 0))
        lines.append(stripped)
        position += len(raw) + 1
    for reader, rule in ((block_people, "person.letter-block"), (closing_people, "person.letter-block"),
                         (last_line_people, "person.last-line"), (speakers, "person.speaker"),
                         (turns, "person.speaker"), (field_people, "person.field-line"),
                         (phone_people, "person.phone")):
        for name, role, index, offset in reader(lines):
            start = starts[index] + offset
            line = (starts[index], starts[index] + len(lines[index]))
            people.add(name, role, line, (start, start + len(name)), rule)


def extract_people(ctx, captions=()) -> tuple[list[Membership], list[tuple[str, int, int]]]:
    """Memberships for every person named in the document (name, role, organisation, evidence), and the
    spans of every name found (the signatories of a signature are looked up there). ``captions`` are the
    sentences set aside as boilerplate that hold a photo credit: their people with a role count."""
    people = _People(ctx)
    _captions(people, captions)
    for index, sentence in enumerate(ctx.sentences):
        if _CONTACT.search(sentence.text):
            people.contact_until = index + 8
        people.with_roles(sentence)
        people.titled(sentence)
        people.titled_surname(sentence)
        people.byline(sentence)
        people.press_contact(index, sentence)
        people.statistical(index, sentence)
    _by_layout(people, ctx.source.text)  # the lines as stored: a role line the reading joins to the line before
    # it (« Pour le ministre et par délégation, » ⏎ « la directrice générale … , » ⏎ « Isabelle Dormoy-Vasseur ») is
    # still a line of its own
    return _whole_names(list(people.found.values())), people.spans


def _whole_names(memberships: list[Membership]) -> list[Membership]:
    """Without a name cut where a stored page stops (« souligne Bertrand Lhui »), when the document names the same
    first name with a surname that begins the same way (« Bertrand Lhuillier »)."""
    names = [m.person.split() for m in memberships]

    def cut(words: list[str]) -> bool:
        return any(other != words and other[:-1] == words[:-1] and other[-1].startswith(words[-1]) for other in names)

    def surname_of_other(words: list[str]) -> bool:  # « Mme Orsoni, … » after « Mme Letizia Orsoni »
        return len(words) == 1 and any(len(other) > 1 and fold(other[-1]) == fold(words[0]) for other in names)

    return [m for m, words in zip(memberships, names, strict=True) if not (cut(words) or surname_of_other(words))]
