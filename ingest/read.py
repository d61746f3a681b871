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

Text files are decoded as UTF-8 (a byte-order mark is honoured). A file that is not
UTF-8 but reads as Windows-1252 text is accepted with a warning; a few stray control
characters are replaced one for one by U+FFFD (offsets stay valid), with a warning; a file
holding binary data is a :class:`DocumentError` naming the file and the reason, which
fails that document only.

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
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

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


# --------------------------------------------------------------------------- sidecars


def find_sidecar(path: Path) -> Path | None:
    candidates = [path.with_name(path.stem + suffix) for suffix in SIDECAR_SUFFIXES]
    found = [c for c in candidates if c.is_file()]
    if len(found) > 1:
        raise DocumentError(path.name, f"several metadata sidecars: {', '.join(c.name for c in found)}")
    return found[0] if found else None


def read_sidecar(path: Path, warnings: list[str] | None = None) -> dict[str, object]:
    """The validated fields of a sidecar; a bad value raises a :class:`DocumentError` naming the field.

    ``date`` and ``url`` are read as ``published`` and ``source``; other unknown fields are ignored
    with a warning.
    """
    name = path.name
    try:
        raw_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DocumentError(name, f"cannot read the metadata sidecar: {err}") from err
    try:
        raw = json.loads(raw_text) if name.endswith(".json") else yaml.safe_load(raw_text)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise DocumentError(name, f"not valid {'JSON' if name.endswith('.json') else 'YAML'}: {err}") from err
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DocumentError(name, "expected a mapping of fields (title, published, publisher, author, source, kind)")
    for alias, field_name in SIDECAR_ALIASES.items():
        if alias in raw and field_name not in raw:
            raw[field_name] = raw.pop(alias)
    unknown = sorted(str(k) for k in raw if k not in SIDECAR_FIELDS)
    if unknown and warnings is not None:
        warnings.append(f"{name}: unknown field(s) {', '.join(map(repr, unknown))} ignored; "
                        f"the fields are {', '.join(SIDECAR_FIELDS)}")
    fields: dict[str, object] = {}
    for key in ("title", "publisher", "author"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise DocumentError(name, f"field {key!r} must be a non-empty string")
        fields[key] = value.strip()
    if raw.get("published") is not None:
        fields["published"] = _sidecar_date(name, raw["published"])
    if raw.get("source") is not None:
        source = raw["source"]
        if not isinstance(source, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", source.strip()):
            raise DocumentError(name, f"field 'source' must be an http(s) URL without spaces, got {source!r}")
        fields["source_url"] = source.strip()
    if raw.get("kind") is not None:
        if raw["kind"] not in DOCUMENT_KINDS:
            raise DocumentError(name, f"field 'kind' must be one of {', '.join(DOCUMENT_KINDS)}, got {raw['kind']!r}")
        fields["kind"] = raw["kind"]
    return fields


def _sidecar_date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise DocumentError(name, f"field 'published' must be a date YYYY-MM-DD, got {value!r}")


# --------------------------------------------------------------------------- HTML


_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul", "title", "option", "button", "label",
}
_META_FIELDS = {
    "og:title": "title", "twitter:title": "title", "dc.title": "title",
    "article:published_time": "published", "date": "published", "dc.date": "published", "pubdate": "published",
    "datepublished": "published", "dcterms.date": "published", "dc.date.issued": "published",
    "author": "author", "article:author": "author", "dc.creator": "author",
    "og:site_name": "publisher", "dc.publisher": "publisher", "publisher": "publisher",
    "og:url": "source_url",
}


class _HTMLText(HTMLParser):
    """Text of an HTML page, one line per block element, plus its ``<title>`` and ``<meta>`` fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP and tag != "head":
            self.skip_depth = max(0, self.skip_depth - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.parts.append("\n")
            return
        if tag in _SKIP and tag != "head":
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The readable text of an HTML page (one line per block) and the metadata of its head.

    >>> text, meta = html_to_text("<html><head><title>T</title></head><body><p>Un <b>deux</b>.</p>"
    ...                           "<script>x()</script><ul><li>trois</li></ul></body></html>")
    >>> text, meta["title"]
    ('Un deux.\\n\\ntrois\\n', 'T')
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
    title = " ".join("".join(parser.title_parts).split())
    if title:
        meta.setdefault("title", title)
    return (text + "\n") if text else "", meta


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
    """Read one document and its sidecar; raises :class:`DocumentError` when it cannot be used."""
    path = Path(path)
    name = path.name
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise DocumentError(name, f"unsupported file type {path.suffix!r} (expected {', '.join(sorted(MEDIA_TYPES))})")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(name, f"cannot read: {err.strerror or err}") from err
    text = decode(data, name, warnings)
    fields: dict[str, object] = {}
    if media_type == "text/html":
        text, meta = html_to_text(text)
        if "title" in meta:
            fields["title"] = meta["title"]
        for key in ("author", "publisher"):
            if key in meta:
                fields[key] = meta[key]
        if "published" in meta and (date := _html_date(meta["published"])):
            fields["published"] = date
        if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", meta.get("source_url", "")):
            fields["source_url"] = meta["source_url"]
    if not text.strip():
        raise DocumentError(name, "no text in the document")
    sidecar = find_sidecar(path)
    if sidecar is not None:
        fields.update(read_sidecar(sidecar, warnings))
    return SourceDocument(stem=document_key(path), file_name=name, text=text, media_type=media_type, path=path,
                          **fields)
