"""Text helpers shared by the grammars: accent folding that keeps offsets, word tokens.

``fold`` returns a string of exactly the same length as its input, so a match found in
the folded text has the same offsets in the original.

>>> fold("Département de l’État")
"departement de l'etat"
>>> [t.norm for t in content_tokens("Les bilans de santé en écoles maternelles")]
['bilan', 'sante', 'ecole', 'maternelle']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "ʼ": "'"}
_SPACES = {"\u00a0", "\u202f", "\u2009", "\u2007", "\t"}
_DASHES = {"‑", "–", "—", "‐"}

# function words left out when labels are compared with the text
STOPWORDS = frozenset(
    [
        "de",
        "des",
        "du",
        "d",
        "la",
        "le",
        "les",
        "l",
        "un",
        "une",
        "en",
        "au",
        "aux",
        "a",
        "à",
        "et",
        "ou",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "leur",
        "leurs",
        "ses",
        "son",
        "sa",
        "ce",
        "ces",
        "cet",
        "cette",
    ]
)
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _SPACES:
        return " "
    if ch in _DASHES:
        return "-"
    base = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c)) or ch
    low = base.lower()
    if len(low) != 1:
        low = ch.lower() if len(ch.lower()) == 1 else "?"
    return low


class _Folding(dict[int, str]):
    """Each character's folded form by its code point, worked out the first time it is asked for: a table for
    ``str.translate``, which folds a text in one pass of C (joining the characters one by one in Python was the
    extraction's costliest pass over the text)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower case, accents dropped, typographic apostrophes, spaces and dashes made plain; same length."""
    return text.translate(_FOLDING)


def normalise_word(word: str) -> str:
    """A folded word without its plural mark (``maternelles`` → ``maternelle``, ``jeux`` → ``jeu``)."""
    word = fold(word)
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int


def content_tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of ``text`` other than function words, normalised, with offsets (plus ``offset``)."""
    tokens = []
    for match in _TOKEN.finditer(text):
        norm = normalise_word(match.group())
        if norm in STOPWORDS:
            continue
        tokens.append(Token(norm, match.start() + offset, match.end() + offset))
    return tokens


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so that ``text[start:end]`` has no surrounding spaces or bullets."""
    while start < end and (text[start].isspace() or text[start] in "-–—•*#>|·"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
