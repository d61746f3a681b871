"""Check a SPARQL query's text before it runs: what it is, and what this product refuses to run.

One checker for every way in (``enfance-kg query``, the HTTP endpoint, the saved-query API):

* an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``…) is refused: the store is read-only;
* ``SERVICE`` is refused: queries never reach another endpoint;
* ``FROM``/``FROM NAMED`` may only name our own graphs (the caller says which ones are);
* a prefixed name whose prefix is neither declared nor predeclared is named with its line and column
  (pyoxigraph would report an unrelated keyword further on).

The text is scanned with a small SPARQL tokenizer (comments, strings, IRIs and prefixed names are
recognised, so a keyword inside a string or a local name is not mistaken for one); parsing proper
is left to the store. Positions are 1-based lines and columns, counted in characters.

>>> check_query("PREFIX ex: <http://example.org/>\\nSELECT * FROM ex:g WHERE { ?s ?p 'SERVICE' }").form
'SELECT'
>>> check_query("PREFIX ex: <http://example.org/>\\nSELECT * FROM ex:g { ?s ?p ?o }").default_graphs
('http://example.org/g',)
>>> check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", subject="the endpoint")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
enfance_kg.errors.QueryRefused: the endpoint is read-only: INSERT (line 1, column 1) is a SPARQL Update, ...
>>> check_query("SELECT * WHERE {\\n  ?s a foo:Bar }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
enfance_kg.errors.QuerySyntaxError: unknown prefix 'foo:' at line 2, column 8: declare it (PREFIX foo: <…>) ...
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from enfance_kg.errors import QueryRefused, QuerySyntaxError
from enfance_kg.namespaces import PREFIXES

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PLX = rf"(?:%[0-9A-Fa-f]{{2}}|{_ESCAPE})"
_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w:.\-\u00b7]|{_PLX})*(?:[\w:\-\u00b7]|{_PLX}))?"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[\w.\-]*\w|_:\w)
  | (?P<pname>(?P<prefix>[^\W\d_](?:[\w.\-\u00b7]*[\w\-\u00b7])?)?:(?P<local>{_LOCAL})?)
  | (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int
    prefix: str | None = None  # for a prefixed name: the part before the colon


@dataclass(frozen=True)
class CheckedQuery:
    """What a query is: its form and the dataset its ``FROM`` clauses name (IRIs, resolved)."""

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


class _Positions:
    """Offsets to (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (spaces and comments dropped).

    >>> [t.text for t in tokens("ASK { ?s a ekg:Action } # done")]
    ['ASK', '{', '?s', 'a', 'ekg:Action', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("prefix", "local"):  # inner groups of a prefixed name
            kind = "pname"
        if kind in ("space", "comment"):
            continue
        if kind == "pname":
            yield Token("pname", match.group(0), match.start(), match.group("prefix") or "")
        else:
            yield Token(str(kind), match.group(0), match.start())


def _keyword(token: Token | None) -> str:
    return token.text.upper() if token is not None and token.kind == "word" else ""


def _preview(names: list[str], n: int = 5) -> str:
    return ", ".join(names[:n]) + (", …" if len(names) > n else "")


def check_query(
    text: str,
    *,
    prefixes: Mapping[str, str] = PREFIXES,
    graph_allowed: Callable[[str], bool] | None = None,
    subject: str = "this endpoint",
) -> CheckedQuery:
    """Check ``text`` and return its form and ``FROM`` dataset, or raise.

    :class:`QueryRefused` for an update, ``SERVICE``, or a ``FROM`` graph that ``graph_allowed``
    rejects (``subject`` names who refuses: "this endpoint", "enfance-kg query");
    :class:`QuerySyntaxError` for an unknown prefix or a text that is no query at all.
    """
    where = _Positions(text)

    def at(token: Token) -> str:
        line, column = where(token.offset)
        return f"line {line}, column {column}"

    def refuse(token: Token, message: str) -> QueryRefused:
        line, column = where(token.offset)
        return QueryRefused(message, line=line, column=column)

    def syntax(token: Token | None, message: str) -> QuerySyntaxError:
        line, column = where(token.offset) if token is not None else where(len(text))
        return QuerySyntaxError(message, line=line, column=column)

    items = list(tokens(text))
    declared: dict[str, str] = {}
    base: str | None = None
    index = 0
    # the prologue: BASE <iri> and PREFIX p: <iri>, in any order
    while index < len(items) and _keyword(items[index]) in ("BASE", "PREFIX"):
        keyword = _keyword(items[index])
        if keyword == "BASE":
            iri = items[index + 1] if index + 1 < len(items) else None
            if iri is None or iri.kind != "iri":
                raise syntax(iri, f"BASE at {at(items[index])} needs an IRI in <…>")
            base = urljoin(base or "", iri.text[1:-1])
            index += 2
            continue
        name = items[index + 1] if index + 1 < len(items) else None
        iri = items[index + 2] if index + 2 < len(items) else None
        if name is None or name.kind != "pname" or not name.text.endswith(":") or iri is None or iri.kind != "iri":
            raise syntax(name, f"PREFIX at {at(items[index])} takes a name ending in ':' and an IRI in <…>")
        declared[name.prefix or ""] = urljoin(base or "", iri.text[1:-1])
        index += 3
    first = items[index] if index < len(items) else None
    keyword = _keyword(first)
    if first is not None and keyword in UPDATE_KEYWORDS:
        raise refuse(first, f"{subject} is read-only: {keyword} ({at(first)}) is a SPARQL Update, and only "
                     "queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run here")
    if first is None or keyword not in QUERY_FORMS:
        found = f"{first.text!r} at {at(first)}" if first is not None else "nothing"
        raise syntax(first, f"expected a query (SELECT, ASK, CONSTRUCT or DESCRIBE), found {found}")

    known = {**prefixes, **declared}
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    body = items[index:]
    for position, token in enumerate(body):
        if token.kind == "pname" and token.prefix not in known:
            shown = _preview(list(prefixes))
            raise syntax(token, f"unknown prefix '{token.prefix}:' at {at(token)}: declare it "
                         f"(PREFIX {token.prefix}: <…>) or use a predeclared one ({shown})")
        word = _keyword(token)
        if word == "SERVICE":
            raise refuse(token, f"SERVICE ({at(token)}) is refused: {subject} answers from its own graphs only "
                         "and never calls another endpoint")
        if word != "FROM":
            continue
        following = body[position + 1: position + 3]
        named = bool(following) and _keyword(following[0]) == "NAMED"
        target = following[1] if named and len(following) > 1 else (following[0] if following and not named else None)
        if target is None or target.kind not in ("iri", "pname"):
            raise syntax(target, f"FROM{' NAMED' if named else ''} at {at(token)} needs a graph IRI")
        graph = _resolve(target, known, base)
        if graph_allowed is not None and not graph_allowed(graph):
            raise refuse(target, f"FROM{' NAMED' if named else ''} <{graph}> ({at(target)}) is refused: it is not one "
                         f"of the store's graphs, and {subject} never fetches graphs from elsewhere")
        (named_graphs if named else default_graphs).append(graph)
    return CheckedQuery(keyword, tuple(default_graphs), tuple(named_graphs))


def _resolve(token: Token, known: Mapping[str, str], base: str | None) -> str:
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
    local = token.text[len(token.prefix or "") + 1:]
    return known[token.prefix or ""] + re.sub(r"\\(.)", r"\1", local)

