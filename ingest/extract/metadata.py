"""Document metadata read from the text when no sidecar gives it: title, date, publisher, author, kind.

- title: the first heading or line that is not boilerplate, a date line, a byline or a bare label;
- date: "Publié le …", "Mis à jour le …", a dateline "Nanterre, le 14 mars 2022", else the first full date;
- author: a byline "Par Mariette Kammerer"; publisher: the outlet of the byline ("Par …, France Bleu Paris"),
  or the département council for its own press release;
- kind: "Communiqué de presse" makes a press release, a byline a news article, anything else a web page.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.model import OrgRef, Sentence

from .context import Context, org_ref
from .dates import find_dates
from .people import NAME, clean_name, looks_like_name
from .text import fold

_DATELINE = re.compile(r"^[A-ZÀ-Ý][\w' -]{1,40},\s+le\s+$")
_BYLINE = re.compile(
    rf"(?:^|[•|–—-]\s*)(?:\*+)?Par\s+(?P<author>{NAME})?\s*(?:[,•|–-]\s*(?P<outlet>[^•|,\n]{{3,60}}))?"
)
_SKIP_TITLE = re.compile(
    r"^(?:(?:communique de presse|communique|dossier de presse|contacts?(?: presse)?|retour|accueil|societe|social|"
    r"actualites?)\W*$|publie le|mis a jour|par\b|le \d|\d)"
)
_PRESS_RELEASE = re.compile(r"\bcommunique de presse\b|\bdossier de presse\b")


def _strip_markup(text: str) -> str:
    return text.strip().lstrip("#").strip().strip("*_ ").strip()


TITLE_LINE = 2000


def find_title(sentences: list[Sentence], text: str) -> str | None:
    for sentence in sentences[:40]:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        line_end = text.find("\n", sentence.end)
        # a title is short: read at most TITLE_LINE characters of a line (a one-line document is not copied 40 times)
        line = text[line_start : min(len(text) if line_end < 0 else line_end, line_start + TITLE_LINE)]
        candidate = _strip_markup(line)
        folded = fold(candidate)
        words = candidate.split()
        if len(words) < 4 or _SKIP_TITLE.match(folded) or (find_dates(candidate) and len(words) < 7):
            continue
        if re.search(r"\s[>»/|]\s", candidate) and not re.search(r"[a-z]{3,}\s[a-z]{3,}\s[a-z]{3,}", folded):
            continue  # a breadcrumb "Accueil > Actualités > Solidarités"
        if re.search(r"\b(?:newsletter|recevez|abonnez|inscrivez|connectez)\b", folded):
            continue
        if _DATELINE.match(candidate[: candidate.find(" le ") + 4] if " le " in candidate else ""):
            continue
        title = " ".join(candidate.split())
        if len(title) > 250:
            title = title[:250].rsplit(" ", 1)[0] + "…"
        return title
    return None


# a printed publication date (« Publié le », « Réponse publiée au JO le : », « synthèse diffusée le », « Date de
# diffusion : », « … et publication le 2 juillet 2021 »), an update (« Mis à jour le »), not one to come
# (« sera publié »)
_PUBLICATION = re.compile(
    r"\b(?:publiee?s?|publication|diffusee?s?|diffusion|mise? en ligne|date d'envoi)\b[^\d]{0,14}$"
)
_UPDATE = re.compile(r"\b(?:mis a jour|mise a jour|modifiee?)\b[^\d]{0,12}$")
_TO_COME = re.compile(r"\b(?:sera|seront|doit|doivent|devra|devrait)\s+(?:etre\s+)?\S+\s+\S*\s*$")
# the closing formula of an act, its own date: « Fait à Épinal, le 9 novembre 2020 »
_DONE_AT = re.compile(r"^\W*fait a [^,.;]{2,60},?\s+le\s+$")
HEAD_SENTENCES = 60  # sentences at a document's start where a first date dates it
HEAD_LINES = 80  # lines at a document's start where a dateline dates it
WORDS_BEFORE_DATE = 64  # characters before a date that hold any match of _PUBLICATION or _UPDATE (27 at most)


def printed_date(ctx: Context) -> dt.date | None:
    """The date the document prints for itself (see ``printed_date_of``)."""
    return printed_date_of(ctx.text)


@lru_cache(maxsize=8)
def printed_date_of(text: str) -> dt.date | None:
    """The date a document prints for itself: its latest publication date (a parliamentary answer is published after
    its question), else the dateline at its head (« Nanterre, le 14 mars 2022 »), else its first update date, else the
    date of its closing « Fait à …, le … »; None when it prints none. Lines are read, not sentences: a line « Publié le
    … · Partager » set aside as boilerplate still dates the page."""
    published: list[dt.date] = []
    found: dict[str, dt.date] = {}
    for index, line in enumerate(text.split("\n")):
        folded = fold(line)  # once per line (same length as the line): a prefix folded per date was quadratic
        for date in find_dates(line):
            if not date.year_stated:
                continue
            # what is written before the date, read where each pattern can match (they all end at the date): the
            # words just before it for the two bounded ones, where searching the whole prefix of a long line was
            # quadratic (\b still sees the character before the window)
            near = max(0, date.start - WORDS_BEFORE_DATE)
            if _PUBLICATION.search(folded, near, date.start) and not _TO_COME.search(folded, 0, date.start):
                published.append(date.value)
            elif index < HEAD_LINES and _DATELINE.match(line[: date.start].strip()):
                found.setdefault("dateline", date.value)
            elif _UPDATE.search(folded, near, date.start):
                found.setdefault("update", date.value)
            elif _DONE_AT.match(folded, 0, date.start):
                found["done-at"] = date.value
    if published:
        return max(published)
    return found.get("dateline") or found.get("update") or found.get("done-at")


def find_published(ctx: Context) -> dt.date | None:
    """The date the document prints for itself, else its first full date (a year-less date then takes its year)."""
    printed = printed_date(ctx)
    if printed is not None:
        return printed
    for sentence in ctx.sentences[:HEAD_SENTENCES]:
        for date in find_dates(sentence.text):
            if date.year_stated:
                return date.value
    return None


def find_byline(ctx: Context) -> tuple[str | None, str | None]:
    for sentence in ctx.sentences[:60]:
        m = _BYLINE.search(sentence.text)
        if m and (m.group("author") or m.group("outlet")):
            author = clean_name(m.group("author")) if m.group("author") else None
            if author and not looks_like_name(author):
                author = None
            outlet = m.group("outlet").strip(" .") if m.group("outlet") else None
            if outlet and (fold(outlet).startswith(("dans", "le ", "publie")) or find_dates(outlet)):
                outlet = None
            return author, outlet
    return None, None


def document_kind(ctx: Context, has_byline: bool) -> str:
    head = fold(" ".join(s.text for s in ctx.sentences[:15]))
    if _PRESS_RELEASE.search(head):
        return "press_release"
    if has_byline:
        return "news_article"
    return "web_page"


def publisher_for(ctx: Context, kind: str, outlet: str | None) -> OrgRef | None:
    if outlet:
        return OrgRef("media", outlet)
    if kind == "press_release":
        head = fold(" ".join(s.text for s in ctx.sentences[:12]))
        if re.search(r"\bprefe(?:t|te|cture)\b", head):
            return org_ref(ctx, "state", "État")
        if ctx.focus:
            return org_ref(ctx, "council", "Département", ctx.focus)
    return None
