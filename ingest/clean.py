"""Mark web boilerplate so extraction skips it, without touching the text.

Pages saved from news sites carry menus, region pickers, login and newsletter forms,
cookie banners, share buttons, paywall notices, comment forms and job-offer blocks.
This stage flags the sentences that belong to them (``Sentence.boilerplate``); the
text and every offset stay exactly as read, so quotes still point into the original.

The rules are generic, line by line:

- a line that is a known interface phrase (``Mot de passe oublié ?``, ``Partager``,
  ``Article réservé aux abonnés``, ``[90% reste à lire]``, cookie and personal-data
  notices, ``©`` credits, file-download labels…);
- a line made of région or département names (a region picker), or a single such name
  among other menu lines;
- a run of at least three short menu-like lines (a few words, no sentence punctuation,
  no figure), blank lines ignored;
- a line already seen earlier in the document (a repeated block), and every copy of a
  short line that is repeated.

Bylines (``Par …``, ``Publié le …``) and contact lines are never menu lines.

>>> from ingest.segment import segment
>>> text = "Mot de passe oublié ?\\nLe Département paiera 8,4 M€ en 2021.\\nPartager\\n"
>>> [(s.text, s.boilerplate) for s in clean(text, segment(text))]
[('Mot de passe oublié ?', True), ('Le Département paiera 8,4 M€ en 2021.', False), ('Partager', True)]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from enfance_kg import reference
from ingest.model import Sentence
from ingest.segment import Lines

# Interface phrases, matched on the normalised line (lower case, no accents, straight apostrophes).
# Strong ones mark a line of any length; the others only a line of at most SHORT_LINE words.
_STRONG = [
    r"a caractere personnel", r"\bdonnees personnelles\b", r"\brcs [a-z]+ \d", r"\bcookies?\b",
    r"\btous droits reserves\b", r"\bvotre (adresse )?e-?mail ne sera pas publie", r"\barticle reserve aux abonnes\b",
    r"\[?\d+ ?% reste a lire\]?", r"\bmot de passe\b", r"\bmentions legales\b",
]
_WEAK = [
    r"\bdeja inscrit", r"\bpas encore inscrit", r"\bm'inscrire\b", r"\binscrivez-vous\b", r"\bs'inscrire\b",
    r"\b(se|me|vous) connecter\b", r"^connexion$", r"^s'identifier\b", r"\bidentifiant\b", r"\bnewsletters?\b",
    r"\blettre d'information\b", r"^partager\b", r"\bpartager (sur|cet|l'article)\b", r"\bpartagez\b",
    r"^(imprimer|envoyer|tweeter|e-?mail|copier le lien)$", r"\btout (accepter|refuser)\b", r"\bparametrer\b",
    r"\babonnez-vous\b", r"\bs'abonner\b", r"\bnon abonnes?\b", r"\bn'etes pas abonne", r"\boffre decouverte\b",
    r"\bj'en profite\b", r"\breagir a cet article\b", r"^commentaires?\b", r"\blaisser un commentaire\b",
    r"\boffres? d'emploi\b", r"\bchanger de region\b", r"^retour$", r"^(retour|revenir) (a l'accueil|en haut)",
    r"\bchoix de la station\b", r"^toute la france$", r"^publicite$", r"^(a )?lire (aussi|egalement)\b",
    r"^voir (aussi|plus)\b", r"\bsuivez-nous\b", r"^telecharge(r|ment)\b", r"\bplan du site\b",
    r"^(facebook|twitter|x|linkedin|instagram|youtube|whatsapp|messenger)$", r"\b(sauter|aller) au contenu\b",
    r"^(menu|rechercher|recherche|fermer|accueil|ok|valider|annuler|continuer)$",
    r"^(en savoir plus|lire la suite|lire plus)$", r"\bvous avez oublie\b", r"\bcodes? d'acces\b",
    r"\bemail valide\b", r"\bcreation de votre compte\b", r"^mon (compte|espace|profil)\b", r"^ecouter\b",
    r"\ba venir dans\b", r"^podcasts?$", r"\ben direct$", r"\bprepa concours\b", r"^nos (services|offres)\b",
    r"^aujourd'hui sur\b", r"\bselectionnez vos themes\b", r"\bcreez votre\b", r"^icon\b",
    r"\bpartenaires? commerciaux\b",
    r"\bconsentement\b", r"\b\d+([.,]\d+)? ?(ko|mo|kb|mb)$", r"\.(pdf|docx?|odt|xlsx?)$", r"©", r"\bcredit photo\b",
    r"^(photo|illustration) ?:", r"^(haut de page|retour en haut)$",
]
_STRONG_RE = re.compile("|".join(f"(?:{p})" for p in _STRONG))
_WEAK_ANYWHERE = re.compile("|".join(f"(?:{p})" for p in _WEAK if not p.startswith("^")))
_WEAK_AT_START = re.compile("|".join(f"(?:{p[1:]})" for p in _WEAK if p.startswith("^")))


def _weak(norm: str) -> bool:
    return bool(_WEAK_AT_START.match(norm) or _WEAK_ANYWHERE.search(norm))


_BYLINE = re.compile(r"^(par|publie|mis a jour|modifie|le \d|contact|redige|auteur|source)\b")
_SENTENCE_PUNCT = re.compile(r"[.!?:;»]$")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

SHORT_LINE = 25  # words: a weak interface phrase marks a line up to this length
MENU_WORDS = 5  # a menu-like line has at most this many words
MENU_RUN = 3  # this many menu-like lines in a row are a menu


def normalise(text: str) -> str:
    """Lower case, accents dropped, typographic apostrophes and spaces made plain, bullets stripped."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    text = " ".join(text.split())
    return text.strip(" -–—•*#>|·").strip()


@lru_cache(maxsize=1)
def _place_names() -> tuple[re.Pattern[str], frozenset[str]]:
    names: set[str] = {"toute la france", "outre-mer", "france"}
    for entry in [*reference.regions(), *reference.departements()]:
        names.add(normalise(entry["name"]))
        names.add(normalise(entry["name"]).replace("-", " "))
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![a-z])")
    return pattern, frozenset(names)


@dataclass
class _Line:
    start: int
    end: int
    norm: str
    words: int
    boilerplate: bool = False
    menu: bool = False


def _lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        norm = normalise(raw)
        if norm:
            lines.append(_Line(pos, pos + len(raw), norm, len(_WORD.findall(norm))))
        pos += len(raw) + 1
    return lines


def _is_place_list(line: _Line) -> bool:
    pattern, names = _place_names()
    if line.norm in names:
        return False  # a single name: only a menu item, decided with its neighbours
    found = pattern.findall(line.norm)
    if len(found) < 2:
        return False
    rest = pattern.sub(" ", line.norm)
    return len(_WORD.findall(rest)) <= max(1, line.words // 5)


def mark_lines(text: str) -> list[tuple[int, int]]:
    """The spans ``(start, end)`` of the lines of ``text`` that are boilerplate."""
    lines = _lines(text)
    _, names = _place_names()
    counts = Counter(line.norm for line in lines)
    seen: set[str] = set()
    for line in lines:
        line.boilerplate = bool(
            line.norm in seen  # a repeated block (checked first: it is the cheapest)
            or (counts[line.norm] > 1 and line.words <= MENU_WORDS)
            or _STRONG_RE.search(line.norm)
            or (line.words <= SHORT_LINE and _weak(line.norm))
            or _is_place_list(line)
        )
        seen.add(line.norm)
        line.menu = (
            line.words <= MENU_WORDS
            and not _BYLINE.match(line.norm)
            and not _SENTENCE_PUNCT.search(line.norm)
            and (not _DIGIT.search(line.norm) or line.boilerplate)
        ) or line.norm in names
    _mark_teasers(lines)
    # runs of menu-like lines (boilerplate lines join a run, blank lines are skipped)
    run: list[_Line] = []
    for line in [*lines, None]:  # type: ignore[assignment]
        if line is not None and (line.menu or line.boilerplate):
            run.append(line)
            continue
        if sum(1 for member in run if member.menu) >= MENU_RUN:
            for member in run:
                member.boilerplate = True
        run = []
    return [(line.start, line.end) for line in lines if line.boilerplate]


# links to other articles: "À lire aussi : <titre>", or a heading followed by a list of headlines
_TEASER = re.compile(
    r"^[\W_]*(?:(?:a )?lire (?:aussi|egalement)|voir aussi|sur le meme (?:sujet|theme)|"
    r"les plus (?:lus|partages|commentes)|"
    r"(?:dans|de) la meme rubrique|articles? (?:similaires|associes|lies|recommandes)|a decouvrir (?:aussi|egalement)|"
    r"ces articles peuvent vous interesser|vous (?:aimerez|pourriez aimer) aussi|nos derniers articles|"
    r"sur le meme sujet|en relation|a la une|"
    r"(?:nos |les )?dernier(?:e?s)? (?:videos|actualites|articles|infos|emissions|publications|reportages)|"
    r"articles? recents?|actualites recentes|dans ce numero|au sommaire(?: de ce numero)?|"
    r"a voir (?:aussi|egalement)|a ecouter (?:aussi|egalement)|toute l'actualite)\b"
)
TEASER_LINES = 6  # headlines after a bare teaser heading


def _mark_teasers(lines: list[_Line]) -> None:
    for index, line in enumerate(lines):
        m = _TEASER.match(line.norm)
        if not m:
            continue
        line.boilerplate = True
        if line.norm[m.end() :].strip(" :-–|"):
            continue  # the other article's title is on the same line
        for following in lines[index + 1 : index + 1 + TEASER_LINES]:
            if following.words > 30 or (following.norm.endswith(".") and following.words > 6):
                break  # prose again
            following.boilerplate = True


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Boilerplate lines that follow one another as one stretch: a sentence that runs over two headlines of a list of
    links (no full stop between them) is boilerplate as a whole."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def clean(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """The same sentences, with ``boilerplate`` set on those of boilerplate lines or interface phrases."""
    spans = _joined(text, mark_lines(text))
    lines = Lines(text)
    result = []
    index = 0
    for sentence in sentences:
        while index < len(spans) and spans[index][1] < sentence.start:
            index += 1
        inside = index < len(spans) and spans[index][0] <= sentence.start and sentence.end <= spans[index][1]
        if not inside and sentence.text.count(" ") < 12 and not lines.alone(sentence.start, sentence.end):
            # a short sentence inside a longer line ("… texte. Partager sur Facebook"): judged alone
            norm = normalise(sentence.text)
            inside = bool(_STRONG_RE.search(norm) or _weak(norm))
        result.append(replace(sentence, boilerplate=True) if inside else sentence)
    return result
