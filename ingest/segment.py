"""Split a text into sentences, keeping exact offsets into the original.

Sentences end at a line break, or at ``.``, ``!``, ``?`` or ``…`` (with any closing quote
or bracket) followed by a space and something that can start a sentence: a capital, a
digit, an opening quote, a dash or a bullet; or glued to a capitalised word, as real pages
print them (« … au total.Douze enfants … »). A full stop does not end a sentence after
an abbreviation (``M.``, ``Mme.``, ``Dr.``, ``art.``, ``etc.``, ``30 sept. 2020``) or a
single initial (``J. Dupont``); a decimal comma or a point inside a number never does.
Spaces around a sentence are left out of it, and ``sentence.text == text[start:end]``.

>>> [s.text for s in segment("M. Taquet a signé le 30 sept. 2020. Le Département paiera 8,4 M€.\\nFin")]
['M. Taquet a signé le 30 sept. 2020.', 'Le Département paiera 8,4 M€.', 'Fin']
>>> [s.text for s in segment("Des bilans, des visites, etc. sont prévus ! Et ensuite ?")]
['Des bilans, des visites, etc. sont prévus !', 'Et ensuite ?']
"""

from __future__ import annotations

import bisect
import re

from ingest.model import Sentence

# words after which a full stop is not the end of a sentence (compared in lower case)
ABBREVIATIONS = frozenset({
    "m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mes", "dr", "pr", "st", "ste", "mgr", "cf", "etc", "ex",
    "art", "al", "av", "bd", "boul", "fg", "pl", "rte", "tél", "tel", "n", "no", "nos", "p", "pp", "vol", "chap",
    "éd", "ed", "coll", "env", "approx", "min", "max", "hab",
    "janv", "févr", "fevr", "avr", "juil", "sept", "oct", "nov", "déc", "dec",
    "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
})
_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”])?[\"’')\]]*")
_NEXT = re.compile(r"\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"“‘'(\[–—•*#-])")
# a real page that glues two sentences (« … au total.Douze enfants … », « … ensemble.« C'est … »): a word of two
# letters or more, the stop, and a capitalised word right after it
_GLUED = re.compile(r"(?<=[a-zà-öø-ÿ»)][.!?…])(?=(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]|«))")
_WORD_BEFORE = re.compile(r"([A-Za-zÀ-ÖØ-öø-ÿ]+)$")
_LEADERS = re.compile(r"\.{4,}|…{2,}")
_SPOKEN_FIGURE = re.compile(r"\s+\d[\d\s,.]*\s*(?:millions?|milliards?|mille|euros?|€|M€|k€)[^.!?…]{0,20}?\b"
                            r"(?:exactement|precisement|précisément|tout juste|pile)\b")
#: how far back from a full stop the word before it is looked for: longer than any abbreviation, and a
#: bound, so that a document's cost stays linear in its length (no rescanning from the line's start)
_LOOK_BACK = 16


def _is_boundary(text: str, match: re.Match[str], line_end: int) -> int | None:
    """Where the sentence ends if the punctuation at ``match`` closes it, else ``None``.

    A word longer than ``_LOOK_BACK`` letters is seen cut to its last letters: never an abbreviation
    nor an initial, which is the right answer for it.
    """
    end = match.end()
    if end >= line_end:
        return end
    if not _NEXT.match(text, end, line_end) and not _glued(text, match):
        return None
    punct = match.group()
    if _LEADERS.match(punct):
        return None  # the dot leaders of a table row (« Visites à domicile ........ 92 400 € »)
    if punct.rstrip() in ("…", "...") and _SPOKEN_FIGURE.match(text, end):
        return None  # a speaker's pause before the figure they meant (« deux millions… 2,2 millions exactement »)
    if punct.startswith(".") and len(punct.rstrip("»\"”’')]")) == 1:
        word = _WORD_BEFORE.search(text, max(0, match.start() - _LOOK_BACK), match.start())
        if word and word.end() == match.start():  # not a word of the line before
            token = word.group(1)
            if token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper()):
                return None
    return end


def _glued(text: str, match: re.Match[str]) -> bool:
    """A stop glued to the next sentence's first word, after a word that is no abbreviation."""
    if len(match.group()) != 1 or not _GLUED.match(text, match.end()):
        return False
    word = _WORD_BEFORE.search(text, max(0, match.start() - _LOOK_BACK), match.start())
    return word is None or (len(word.group(1)) > 1 and word.group(1).lower() not in ABBREVIATIONS)


def segment(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, with exact offsets; blank lines give none. A sentence that a hard
    line break cuts (text converted from PDF, see :func:`soft_break`) spans its lines."""
    sentences: list[Sentence] = []
    line_start = start = 0
    length = len(text)
    full = _full_line(text)
    while True:
        newline = text.find("\n", line_start)
        line_end = length if newline < 0 else newline
        for match in _END.finditer(text, line_start, line_end):
            if match.start() < start:
                continue
            end = _is_boundary(text, match, line_end)
            if end is not None:
                _append(sentences, text, start, end)
                start = end
        if newline < 0:
            break
        if not soft_break(text, start, line_start, line_end, full):
            _append(sentences, text, start, line_end)
            start = newline + 1
        line_start = newline + 1
    _append(sentences, text, start, length)
    return sentences


#: the shortest line that may be a line of prose broken inside a sentence (shorter ones are headings, cells,
#: signature blocks)
BROKEN_LINE = 30
_OPEN_END = re.compile(r"[^.!?…:;|»\s][ \t]*$")  # a line that does not close its sentence
# the columns of a table turned into text: wide spaces, pipes, or cells exported with « ; » (« 2;185000; »)
_COLUMNS = re.compile(r"\S(?:[ \t]{3,}|\t+)\S|\||;(?! )[^;\n]*;")
_NEXT_LOWER = re.compile(r"[ \t]*[a-zà-öø-ÿœæ]")  # a hanging indent (« • … au titre » ⏎ « ··du fonds ») too
_NEXT_WORD = re.compile(r"[ \t]*[^\W_]")
_LINK = re.compile(r"[ \t]*\S*(?:@|www\.|https?:)")
_FUNCTION_END = re.compile(
    r"(?:^|[\s'’])(?:de|des|du|la|le|les|un|une|au|aux|à|et|ou|pour|par|sur|dans|avec|en|entre|leur|leurs|ses|son|"
    r"sa|ce|ces|cet|cette|que|qui|dont|est|sont|a|ont|sera|seront|d['’]|l['’]|qu['’])[ \t]*$",
    re.IGNORECASE,
)


_NEXT_CAPITALISED = re.compile(r"[ \t]?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?![^\n:]{0,30}[ \t]:)")  # not « Objectifs : »


def _wrapped_on(text: str, start: int, line_start: int, line_end: int) -> bool:
    """Whether a full line's sentence goes on with the capitalised word of the next line (« … que Marc-Antoine » ⏎
    « Vidal, préfet des Vosges, … »): the sentence began on a line before, or the line reads as prose (a comma),
    and the next line opens with a word, not a field label, a figure or a date."""
    if not _NEXT_CAPITALISED.match(text, line_end + 1):
        return False
    return start < line_start or "," in text[line_start:line_end]


#: a text wrapped at a fixed width (converted from PDF) has this many lines of prose at least; its width is the
#: length that this share of its long lines reach, and a line this close to the width was wrapped, not ended
WRAPPED_LINES = 6
WIDTH_RANK = 0.75
FULL_LINE = 0.8
#: wider than this, lines are paragraphs (a web page), not a page's width
WIDEST_WRAP = 130


def _full_line(text: str) -> int:
    """The length from which a line of ``text`` fills the width the text is wrapped at (no such width: never)."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if len(line.strip()) >= BROKEN_LINE)
    if len(lengths) < WRAPPED_LINES:
        return len(text) + 1
    width = lengths[int(len(lengths) * WIDTH_RANK)]
    return int(width * FULL_LINE) if width <= WIDEST_WRAP else len(text) + 1


def soft_break(text: str, start: int, line_start: int, line_end: int, full: int | None = None) -> bool:
    """Whether the line break at ``line_end`` cuts the sentence opened at ``start`` (text converted from PDF or
    office files): the line is long, holds no table columns and leaves its sentence open, and the next line
    goes on with it: a word in lower case, or any word after a function word (« … la réalisation par la PMI
    d'un bilan de » ⏎ « santé pour tous … »), a word hyphenated across the break (« pro- » ⏎ « tection »), or any
    word after a line that fills the width the text is wrapped at (``full``, see :func:`_full_line`)."""
    if line_end - line_start < BROKEN_LINE or start >= line_end or not _OPEN_END.search(text, start, line_end):
        return False
    following = line_end + 1
    next_end = text.find("\n", following)
    next_end = len(text) if next_end < 0 else next_end
    if _COLUMNS.search(text, line_start, line_end) or _COLUMNS.search(text, following, next_end):
        return False
    if _LINK.match(text, following) or not _NEXT_WORD.match(text, following):
        return False
    if full is not None and len(text[line_start:line_end].rstrip()) >= full and _wrapped_on(text, start, line_start,
                                                                                            line_end):
        return True
    return bool(_NEXT_LOWER.match(text, following) or _FUNCTION_END.search(text[max(start, line_end - 12) : line_end]))


# a word cut at a line's end by a hyphen: the two halves are one word again, unless the first half is one that
# takes a hyphen (« peut-être », « ci-après », « non-accompagnés ») or the second starts with a capital
# (« Seine-⏎Maritime »), where the hyphen stays and only the break goes
_HYPHENATED = re.compile(r"([^\W\d_]+)-([ \t]*\n[ \t]*)([^\W\d_]+)")
_KEEPS_HYPHEN = frozenset({
    "ci", "là", "la", "peut", "est", "vis", "demi", "mi", "semi", "non", "ex", "après", "apres", "avant", "sous",
    "anti", "quasi", "grand", "grands", "petit", "petits", "arrière", "arriere", "t", "porte", "garde", "chef",
    "belle", "beau", "dit", "elle", "lui", "eux", "nous", "vous", "moi", "toi", "au", "celle", "celui", "ceux",
})


# slips of character recognition around figures, each mended by one character: « l,2 million », « l 900 enfants »,
# « de l2 % » (a letter l for the digit 1), « 1’Etat » (the digit for the letter), « S0CIAL » (a zero for an O)
_OCR_ONE = re.compile(r"(?<![\w'’])l(?=[,.]?\d|[ \u00a0\u202f]\d{3}(?!\d))")
_OCR_ELL = re.compile(r"(?<![\w'’])1(?=['’][A-ZÀ-ÖØ-Þa-zà-öø-ÿ])")
_OCR_OH = re.compile(r"(?<=[A-ZÀ-ÖØ-Þ])0(?=[A-ZÀ-ÖØ-Þ])")


def reading(text: str) -> str:
    """The text of a sentence as it reads: each line break a space, a word hyphenated across a break whole
    again, a slip of character recognition in a figure mended. Same length as ``text`` (the characters a repaired
    word loses go after it), so every offset into it is an offset into the original."""
    if "\n" in text:
        text = _HYPHENATED.sub(_join_word, text).replace("\n", " ")
    if "l" in text or "1" in text or "0" in text:
        text = _OCR_OH.sub("O", _OCR_ELL.sub("l", _OCR_ONE.sub("1", text)))
    return text


def _join_word(match: re.Match[str]) -> str:
    head, gap, tail = match.group(1), match.group(2), match.group(3)
    if tail[0].isupper() or head.lower() in _KEEPS_HYPHEN:
        return f"{head}-{tail}" + " " * len(gap)
    return head + tail + " " * (len(gap) + 1)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start=start, end=end, text=text[start:end]))


_BLANK = re.compile(r"\s*")


class Lines:
    """The lines of a text, found once: the bounds of the line around any span in logarithmic time.

    Stages that ask "what else is on this sentence's line?" use it instead of searching the text
    back and forth, which would make a long one-line document cost the square of its length.

    >>> lines = Lines("un\\ndeux trois\\n")
    >>> lines.around(3, 7), lines.alone(3, 7), lines.alone(3, 13)
    ((3, 13), False, True)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """``(line start, line end)`` of the line holding ``text[start:end]`` (the newline excluded)."""
        before = bisect.bisect_left(self.newlines, start)
        after = bisect.bisect_left(self.newlines, end)
        line_start = self.newlines[before - 1] + 1 if before else 0
        line_end = self.newlines[after] if after < len(self.newlines) else len(self.text)
        return line_start, line_end

    def alone(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is all there is on its line, spaces aside (nothing is copied)."""
        line_start, line_end = self.around(start, end)
        return bool(_BLANK.fullmatch(self.text, line_start, start) and _BLANK.fullmatch(self.text, end, line_end))
