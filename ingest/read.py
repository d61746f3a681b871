"""Read a corpus folder: documents, their encoding, and their optional metadata sidecars.

A corpus is a folder of ``.txt``, ``.md``, ``.html`` and ``.htm`` files, read in file-name
order. Each document is keyed by its file name without extension (its *stem*), which
becomes its IRI and its named graph, so two files with the same stem are an error.

Next to a document ``NAME.txt`` an optional sidecar ``NAME.meta.yaml`` (or ``.yml``,
``.json``) gives what the text may not state::

    title: "Le Département s'engage…"
    published: 2020-10-02          # YYYY-MM-DD
    publisher: Département de Seine-et-Marne
    author: Pauline Maingre
    source: https://www.seine-et-marne.fr/…
    kind: press_release            # press_release | news_article | web_page

(``date`` and ``url`` are accepted for ``published`` and ``source``; other fields are
ignored with a warning; a bad value fails the document with a message naming the field.)

Text files are decoded as UTF-8 (a byte-order mark is honoured, UTF-16 with a BOM too). A
file that is not UTF-8 but reads as Windows-1252 text is accepted with a warning; a few stray
control characters are replaced one for one by U+FFFD, with a warning; a file holding binary
data is a :class:`DocumentError` naming the file and the reason, which fails that document
only. Mojibake (UTF-8 read as Windows-1252 somewhere upstream: ``DÃ©partement``) is repaired
by ftfy, told to fix encodings only (never quotes, widths, spaces or ligatures), with a
warning; the repaired text is the stored text, and the file's own SHA-256 is kept beside it.
A ``.txt`` file that holds an HTML page is read as HTML, with a warning.

HTML is converted to text (scripts, styles and markup dropped, block elements on their
own lines) and **that text** is the document's stored text: every offset in the graph
indexes it, not the HTML source. Its ``<title>`` and ``<meta>`` tags fill the metadata
a sidecar does not give.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Bonjour.\\n", encoding="utf-8")
>>> _ = (folder / "a.meta.yaml").write_text("published: 2022-03-14\\n", encoding="utf-8")
>>> doc = read_document(folder / "a.txt")
>>> doc.stem, doc.text, doc.published
('a', 'Bonjour.\\n', datetime.date(2022, 3, 14))
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ftfy
import yaml

from enfance_kg.iris import document_key as iri_document_key
from ingest.model import SourceDocument

MEDIA_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
SIDECAR_FIELDS = ("title", "published", "publisher", "author", "source", "kind")
SIDECAR_ALIASES = {"date": "published", "url": "source"}
DOCUMENT_KINDS = ("press_release", "news_article", "web_page")
NOT_DOCUMENTS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG"})  # notes kept beside the documents


def document_key(path: Path) -> str:
    """The document's key: its file name without extension as a lower-case hyphenated slug (docs/model.md).

    >>> document_key(Path("003_0e27c881b6cd3738.txt")), document_key(Path("Communiqué 2021 (1).html"))
    ('003-0e27c881b6cd3738', 'communique-2021-1')
    """
    return iri_document_key(Path(path).stem)
# control characters that never occur in text (tab, newlines, form feed are fine)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class DocumentError(Exception):
    """One document cannot be read or processed; the message names the file and says why."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


@dataclass
class CorpusListing:
    """The documents of a corpus folder, in file-name order, and the files left aside."""

    documents: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def list_corpus(folder: Path) -> CorpusListing:
    """The document files of ``folder`` sorted by name; other files are reported as warnings."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} does not exist or is not a folder")
    listing = CorpusListing()
    stems: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            listing.warnings.append(f"{path.name}: sub-folder ignored (the corpus is read flat)")
            continue
        if is_sidecar(path):
            if not any((folder / (path.name[: -len(s)] + ext)).exists()
                       for s in SIDECAR_SUFFIXES if path.name.endswith(s) for ext in MEDIA_TYPES):
                listing.warnings.append(f"{path.name}: metadata sidecar without a document, ignored")
            continue
        if path.stem.upper() in NOT_DOCUMENTS:
            listing.warnings.append(f"{path.name}: notes about the corpus, not a document, ignored")
            continue
        if path.suffix.lower() not in MEDIA_TYPES:
            listing.warnings.append(
                f"{path.name}: not a document (expected {', '.join(sorted(MEDIA_TYPES))}), ignored")
            continue
        key = document_key(path)
        if key in stems:
            listing.warnings.append(
                f"{path.name}: same document key {key!r} as {stems[key]} (documents are keyed by their "
                "name without extension, as a lower-case slug), ignored")
            continue
        stems[key] = path.name
        listing.documents.append(path)
    return listing


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, file_name: str, warnings: list[str] | None = None) -> str:
    """Bytes to text: UTF-8 (BOM honoured, UTF-16 with a BOM too), else Windows-1252 text, else an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), file_name, warnings)
        except UnicodeDecodeError as err:
            raise DocumentError(file_name, f"starts with a UTF-16 byte-order mark but is not UTF-16 ({err.reason})") \
                from err
    try:
        return _check_text(data.decode("utf-8"), file_name, warnings)
    except UnicodeDecodeError as err:
        utf8_error = err
    if b"\x00" not in data:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = None
        if text is not None and not _BINARY.search(text):  # Windows-1252 text has no control characters
            if warnings is not None:
                warnings.append(f"{file_name}: not UTF-8 (byte {utf8_error.start}); read as Windows-1252")
            return text
    raise DocumentError(
        file_name,
        f"not a text file: invalid UTF-8 at byte {utf8_error.start} ({utf8_error.reason}) and binary data; "
        "save it as UTF-8 text",
    )


def _check_text(text: str, file_name: str, warnings: list[str] | None = None) -> str:
    """Refuse binary data; a few stray control characters become U+FFFD, one for one, so offsets hold."""
    if "\x00" in text:
        raise DocumentError(file_name, f"binary data: a NUL character at offset {text.index(chr(0))}")
    found = _BINARY.findall(text)
    if not found:
        return text
    if len(found) > max(8, len(text) // 100):
        first = _BINARY.search(text)
        assert first is not None
        raise DocumentError(
            file_name, f"binary data: {len(found)} control characters, the first U+{ord(first.group()):04X} "
            f"at offset {first.start()}")
    if warnings is not None:
        warnings.append(f"{file_name}: {len(found)} stray control character(s) replaced by U+FFFD")
    return _BINARY.sub("\ufffd", text)


#: ftfy told to repair mojibake and nothing else: a correctly encoded French text comes out unchanged
#: (typographic quotes and apostrophes, U+00A0 and U+202F spaces, ligatures, full-width forms are kept)
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
    remove_control_chars=False, normalization=None, explain=False,
)


#: what mojibake always leaves: the character of a UTF-8 lead byte (Â-ô) followed by that of a continuation
#: byte (read as Windows-1252 or Latin-1), or a C1 control character; ftfy only looks at texts holding one
_MAYBE_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|[ÂÃ] |[\u0080-\u009f]")


def repair_mojibake(text: str, file_name: str, warnings: list[str] | None = None) -> str:
    """The text with its mojibake repaired (``DÃ©partement`` → ``Département``); a warning says so.

    >>> repair_mojibake("Le DÃ©partement signe Â« le contrat Â».", "a.txt")
    'Le Département signe « le contrat ».'
    >>> repair_mojibake("Le Département\u202fsigne « le contrat » l’été.", "b.txt")
    'Le Département\u202fsigne « le contrat » l’été.'
    """
    if not _MAYBE_MOJIBAKE.search(text):
        return text
    fixed = ftfy.fix_text(text, config=_FTFY)
    if fixed != text and warnings is not None:
        changed = sum(1 for a, b in zip(text, fixed, strict=False) if a != b) if len(text) == len(fixed) else None
        detail = f"{len(text) - len(fixed)} characters fewer" if changed is None else f"{changed} characters"
        warnings.append(f"{file_name}: mojibake repaired ({detail}); the repaired text is the one stored and "
                        "quoted, the file's SHA-256 is kept as ekg:fileSha256")
    return fixed


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """Whether a text file holds an HTML page (it starts with a doctype or an ``<html>`` tag).

    >>> looks_like_html("<!DOCTYPE html><html><body>x</body></html>"), looks_like_html("Le <b>gras</b>")
    (True, False)
    """
    return bool(_HTML_START.match(text[:4096]))


# --------------------------------------------------------------------------- sidecars


def find_sidecar(path: Path) -> Path | None:
    candidates = [path.with_name(path.stem + suffix) for suffix in SIDECAR_SUFFIXES]
    found = [c for c in candidates if c.is_file()]
    if len(found) > 1:
        raise DocumentError(path.name, f"several metadata sidecars: {', '.join(c.name for c in found)}")
    return found[0] if found else None


class _SidecarLoader(yaml.SafeLoader):
    """YAML as PyYAML's safe loader reads it, except that dates stay strings: an impossible date
    (``2021-02-30``) is then reported for its field, not as a crash inside the YAML library."""


_SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_sidecar(name: str, raw_text: str) -> tuple[object, dict[str, int]]:
    """The sidecar's content and the line of each top-level field (for messages)."""
    if name.endswith(".json"):
        try:
            return json.loads(raw_text), {}
        except json.JSONDecodeError as err:
            raise DocumentError(name, f"line {err.lineno}: not valid JSON: {err.msg}") from err
    loader = _SidecarLoader(raw_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines = {}
        if isinstance(node, yaml.MappingNode):
            lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DocumentError(name, f"{where}not valid YAML: {err.problem or err.context}") from err
    except yaml.YAMLError as err:
        raise DocumentError(name, f"not valid YAML: {' '.join(str(err).split())}") from err
    finally:
        loader.dispose()


def read_sidecar(path: Path, warnings: list[str] | None = None) -> dict[str, object]:
    """The validated fields of a sidecar; a bad value raises a :class:`DocumentError` naming the sidecar,
    the line and the field.

    ``date`` and ``url`` are read as ``published`` and ``source``; other unknown fields are ignored
    with a warning.
    """
    name = path.name
    try:
        raw_text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(name, f"not UTF-8 (byte {err.start}); save the metadata sidecar as UTF-8") from err
    except OSError as err:
        raise DocumentError(name, f"cannot read the metadata sidecar: {err.strerror or err}") from err
    raw, lines = _load_sidecar(name, raw_text)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DocumentError(name, "expected a mapping of fields (title, published, publisher, author, source, kind)")
    for alias, field_name in SIDECAR_ALIASES.items():
        if alias in raw and field_name not in raw:
            raw[field_name] = raw.pop(alias)
            lines[field_name] = lines.get(alias, 0)
    unknown = sorted(str(k) for k in raw if k not in SIDECAR_FIELDS)
    if unknown and warnings is not None:
        warnings.append(f"{name}: unknown field(s) {', '.join(map(repr, unknown))} ignored; "
                        f"the fields are {', '.join(SIDECAR_FIELDS)}")
    try:
        return _sidecar_fields(raw)
    except _FieldError as err:
        line = lines.get(err.field)
        raise DocumentError(name, f"{f'line {line}: ' if line else ''}{err}") from None


class _FieldError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


def _sidecar_fields(raw: dict[Any, Any]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key in ("title", "publisher", "author"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise _FieldError(key, f"field {key!r} must be a non-empty string")
        fields[key] = value.strip()
    if raw.get("published") is not None:
        fields["published"] = _sidecar_date(raw["published"])
    if raw.get("source") is not None:
        source = raw["source"]
        if not isinstance(source, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", source.strip()):
            raise _FieldError("source", f"field 'source' must be an http(s) URL without spaces, got {source!r}")
        fields["source_url"] = source.strip()
    if raw.get("kind") is not None:
        if raw["kind"] not in DOCUMENT_KINDS:
            raise _FieldError("kind", f"field 'kind' must be one of {', '.join(DOCUMENT_KINDS)}, got {raw['kind']!r}")
        fields["kind"] = raw["kind"]
    return fields


def _sidecar_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z ]*)?\s*", value):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError as err:
            raise _FieldError("published", f"field 'published' is not a real date: {value.strip()!r} ({err})") from None
    raise _FieldError("published", f"field 'published' must be a date YYYY-MM-DD, got {value!r}")


# --------------------------------------------------------------------------- HTML


# what a reader never reads as the page's text: code, embedded objects, and the site's navigation (``<nav>``: menus,
# breadcrumbs, the links of other pages, whose titles carry figures and measures of other pages)
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "nav"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tr", "ul", "title", "option", "button", "label",
}
_CELLS = {"td", "th"}  # one table row is one line, its cells separated by « | » (as in a Markdown table)
_META_FIELDS = {
    "og:title": "title", "twitter:title": "title", "dc.title": "title",
    "article:published_time": "published", "date": "published", "dc.date": "published", "pubdate": "published",
    "datepublished": "published", "dcterms.date": "published", "dc.date.issued": "published",
    "author": "author", "article:author": "author", "dc.creator": "author",
    "og:site_name": "publisher", "dc.publisher": "publisher", "publisher": "publisher",
    "og:url": "source_url",
}


class _HTMLText(HTMLParser):
    """Text of an HTML page, one line per block element and per table row, plus its ``<title>`` and ``<meta>``
    fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.cells = 0  # the cells opened so far in the current table row
        self.tables = 0  # the tables open around the current position
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.linked_data: list[str] | None = None  # the text of a JSON-LD script being read
        self.linked_data_blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and ("type", "application/ld+json") in {(k.lower(), (v or "").lower()) for k, v in attrs}:
            self.linked_data = []
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            field_name = _META_FIELDS.get(key)
            if field_name and values.get("content", "").strip() and field_name not in self.meta:
                self.meta[field_name] = values["content"].strip()
            return
        if tag == "link":
            values = {k.lower(): (v or "") for k, v in attrs}
            if values.get("rel", "").lower() == "canonical" and values.get("href"):
                self.meta.setdefault("source_url", values["href"].strip())
            return
        if tag == "title":
            self.in_title = True
        if tag in _SKIP and tag != "head":
            self.skip_depth += 1
        elif self.skip_depth:
            return  # a list or a block inside what is skipped (a menu's items) writes nothing
        elif tag in _BLOCK:
            self.parts.append("\n- " if tag == "li" else "\n")  # a list item reads as a bulleted line
            self.cells = 0
            self.tables += tag == "table"
        elif tag in _CELLS:
            self.parts.append(" | " if self.cells else "")
            self.cells += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP and tag != "head":
            self.skip_depth = max(0, self.skip_depth - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.linked_data is not None:
            self.linked_data_blocks.append("".join(self.linked_data))
            self.linked_data = None
        if tag == "title":
            self.in_title = False
            self.parts.append("\n")
            return
        if tag in _SKIP and tag != "head":
            self.skip_depth = max(0, self.skip_depth - 1)
        elif self.skip_depth:
            return
        elif tag in _BLOCK and tag != "tr":  # rows follow each other line by line: the next row opens its own
            self.parts.append("\n")
            self.tables -= tag == "table" and self.tables > 0

    def handle_data(self, data: str) -> None:
        if self.linked_data is not None:
            self.linked_data.append(data)
        if self.in_title:
            self.title_parts.append(data)
            return
        if not self.skip_depth:
            self.parts.append(" " if self.tables and data.isspace() else data)  # no blank line between two rows


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The readable text of an HTML page (one line per block) and the metadata of its head.

    >>> text, meta = html_to_text("<html><head><title>T</title></head><body><p>Un <b>deux</b>.</p>"
    ...                           "<script>x()</script><ul><li>trois</li></ul></body></html>")
    >>> text, meta["title"]
    ('Un deux.\\n\\n- trois\\n', 'T')
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
        lines.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    meta = dict(parser.meta)
    for block in parser.linked_data_blocks:
        for key, value in _linked_data_fields(block).items():
            meta.setdefault(key, value)  # the page's own <meta> tags first
    title = " ".join("".join(parser.title_parts).split())
    if title:
        meta.setdefault("title", title)
    return (text + "\n") if text else "", meta


# the schema.org properties of a page's JSON-LD (« <script type="application/ld+json"> ») that say what its <meta> tags
# say, when they are missing: a news site often prints its date and author only there
_LINKED_DATA_FIELDS = {"headline": "title", "datePublished": "published", "author": "author", "publisher": "publisher"}
_LINKED_DATA_KINDS = ("Article", "NewsArticle", "ReportageNewsArticle", "WebPage", "BlogPosting", "Report",
                      "PressRelease")


def _linked_data_fields(block: str) -> dict[str, str]:
    """The title, date, author and publisher of the article a JSON-LD block describes (nothing when it cannot be
    read: a page's scripts are not ours to validate)."""
    try:
        data = json.loads(block)
    except ValueError:
        return {}
    items = data.get("@graph", [data]) if isinstance(data, dict) else data if isinstance(data, list) else []
    for item in items:
        kinds = item.get("@type") if isinstance(item, dict) else None
        if not any(kind in _LINKED_DATA_KINDS for kind in (kinds if isinstance(kinds, list) else [kinds])):
            continue
        fields = {}
        for key, field_name in _LINKED_DATA_FIELDS.items():
            value = item.get(key)
            value = value[0] if isinstance(value, list) and value else value
            if key == "author" and isinstance(value, dict) and value.get("@type") not in (None, "Person"):
                continue  # an organisation as the author (« Quercy Télé ») is the publisher, not a person
            value = value.get("name") if isinstance(value, dict) else value
            if isinstance(value, str) and value.strip():
                fields[field_name] = value.strip()
        return fields
    return {}


def _html_date(value: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------- documents


def read_document(path: Path, *, warnings: list[str] | None = None) -> SourceDocument:
    """Read one document and its sidecar; raises :class:`DocumentError` when it cannot be used.

    A sidecar's error names the sidecar (``a.meta.yaml: line 2: …``), not the document.
    """
    path = Path(path)
    name = path.name
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise DocumentError(name, f"unsupported file type {path.suffix!r} (expected {', '.join(sorted(MEDIA_TYPES))})")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(name, f"cannot read: {err.strerror or err}") from err
    text = repair_mojibake(decode(data, name, warnings), name, warnings)
    fields: dict[str, object] = {"file_sha256": hashlib.sha256(data).hexdigest()}
    if media_type == "text/plain" and looks_like_html(text):
        if warnings is not None:
            warnings.append(f"{name}: holds an HTML page, read as HTML (the markup is dropped from the stored text)")
        media_type = "text/html"
    if media_type == "text/html":
        text, meta = html_to_text(text)
        fields.update(_html_fields(meta))
    if not data:
        raise DocumentError(name, "empty file (0 bytes)")
    if not text.strip():
        raise DocumentError(name, "no text in the document (only spaces and blank lines)" if not data.strip()
                            else "no text in the document")
    sidecar = find_sidecar(path)
    if sidecar is not None:
        fields.update(read_sidecar(sidecar, warnings))  # its errors name the sidecar
    return SourceDocument(stem=document_key(path), file_name=name, text=text, media_type=media_type, path=path,
                          **fields)  # type: ignore[arg-type]


def _html_fields(meta: dict[str, str]) -> dict[str, object]:
    fields: dict[str, object] = {}
    if "title" in meta:
        fields["title"] = meta["title"]
    for key in ("author", "publisher"):
        if key in meta:
            fields[key] = meta[key]
    if "published" in meta and (date := _html_date(meta["published"])):
        fields["published"] = date
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", meta.get("source_url", "")):
        fields["source_url"] = meta["source_url"]
    return fields
