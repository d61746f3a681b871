"""Content negotiation: the formats we offer, ``Accept`` with its q-values, and the ``format=`` override.

>>> choose("text/turtle;q=0.5, application/ld+json", GRAPH_FORMATS)
'jsonld'
>>> choose("application/*", RESULT_FORMATS), choose(None, ("html", "turtle"))
('json', 'html')
>>> choose("*/*;q=0.1, text/csv", RESULT_FORMATS)
'csv'
>>> choose("image/png", GRAPH_FORMATS)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
server.negotiation.NotAcceptable: none of the formats offered here is acceptable (text/turtle, application/trig, ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    aliases: tuple[str, ...] = ()  # other media types that mean the same
    extension: str = ""

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/trig"))
        text = text or self.media_type in ("application/n-triples", "application/n-quads", "application/json")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "application/sparql-results+json", ("application/json",), "srj"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx"),
    Format("csv", "text/csv", (), "csv"),
    Format("tsv", "text/tab-separated-values", (), "tsv"),
    Format("turtle", "text/turtle", ("application/x-turtle",), "ttl"),
    Format("trig", "application/trig", ("application/x-trig",), "trig"),
    Format("ntriples", "application/n-triples", ("text/plain",), "nt"),
    Format("nquads", "application/n-quads", ("text/x-nquads",), "nq"),
    Format("jsonld", "application/ld+json", ("application/json",), "jsonld"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "rdf"),
    Format("html", "text/html", ("application/xhtml+xml",), "html"),
    Format("problem", "application/problem+json", ("application/json",)),
    Format("data", "application/json"),
    Format("text", "text/plain"),
)}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "trig", "ntriples", "nquads", "jsonld", "rdfxml")
#: what ``format=`` accepts besides the names: extensions and common short names
_NAMES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdf": "rdfxml", "rdf+xml": "rdfxml",
          "srj": "json", "srx": "xml", "n-triples": "ntriples", "n-quads": "nquads"}


class NotAcceptable(Exception):
    """No offered format fits the request; ``offered`` lists the format names."""

    def __init__(self, offered: Sequence[str], asked: str | None = None) -> None:
        self.offered = tuple(offered)
        shown = ", ".join(FORMATS[name].media_type for name in offered)
        what = f"format {asked!r} is not offered here" if asked else "none of the formats offered here is acceptable"
        super().__init__(f"{what} ({shown})")


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """``(type, subtype, q)`` for each media range of an ``Accept`` header."""
    ranges = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0] or "/" not in parts[0]:
            continue
        kind, _, sub = parts[0].lower().partition("/")
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    return ranges


def _quality(media_types: Sequence[str], ranges: list[tuple[str, str, float]]) -> float:
    """The q a client gives one of ``media_types``: that of the most specific range matching it."""
    best, best_specificity = 0.0, -1
    for media_type in media_types:
        kind, _, sub = media_type.partition("/")
        for rkind, rsub, q in ranges:
            if (rkind, rsub) == (kind, sub):
                specificity = 2
            elif rkind == kind and rsub == "*":
                specificity = 1
            elif (rkind, rsub) == ("*", "*"):
                specificity = 0
            else:
                continue
            if specificity > best_specificity or (specificity == best_specificity and q > best):
                best, best_specificity = q, specificity
    return best


def choose(accept: str | None, offered: Sequence[str], *, override: str | None = None) -> str:
    """The offered format to answer with: ``override`` (a ``format=`` value) if given, else the best by
    ``accept``; ties go to the earlier offered format. Raises :class:`NotAcceptable`."""
    if override:
        name = _NAMES.get(override.lower(), override.lower())
        if name not in offered:
            raise NotAcceptable(offered, override)
        return name
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    if not ranges:
        return offered[0]
    scored = []
    for position, name in enumerate(offered):
        spec = FORMATS[name]
        main = _quality((spec.media_type,), ranges)
        alias = _quality(spec.aliases, ranges) * 0.99 if spec.aliases else 0.0  # an alias counts a little less
        scored.append((max(main, alias), -position, name))
    q, _, name = max(scored)
    if q <= 0:
        raise NotAcceptable(offered)
    return name


def prefers_html(accept: str | None) -> bool:
    """Whether a client asks for HTML explicitly (a browser), rather than accepting anything."""
    if not accept:
        return False
    ranges = _ranges(accept)
    html = max((q for kind, sub, q in ranges if (kind, sub) in (("text", "html"), ("application", "xhtml+xml"))),
               default=0.0)
    return html > 0 and html >= max((q for *_, q in ranges), default=0.0)
