"""The catalogue of saved queries: ``queries/NAME.rq`` files with a ``#+`` YAML header.

A saved query is a SPARQL file whose first lines are a YAML header, each prefixed
with ``#+`` (the grlc convention)::

    #+ summary: {fr: Les engagements financiers, en: The funding commitments}
    #+ tags: [fundings]
    #+ params:
    #+   department:
    #+     type: departement-code
    #+     description: {fr: Code INSEE du département, en: INSEE code of the département}
    #+ example: enfance-kg query fundings --param department=77
    SELECT ?funding ?department WHERE { … }

The file name is the query's name everywhere (CLI, Python, HTTP). Parameters are
typed; a value is checked against its type and bound to the query's variable as an
RDF term through :func:`enfance_kg.store.run_query` (``substitutions=``), never
spliced into the text, so a quote or a brace in a value stays part of the value.

Binding follows pyoxigraph's substitution semantics, measured on 0.5: the variable
must be projected by the SELECT; a bound value acts as a constant in the triple
patterns, BINDs and FILTERs of the main group (not inside OPTIONAL blocks or
sub-queries that do not project it); ``BOUND(?param)`` is not reliable, so an
optional parameter is tested with ``COALESCE(STR(?param), "") = ""`` ("not given").
A parameter with no value and no default leaves the variable free: in a triple
pattern that means "any".

>>> q = get("fundings")
>>> q.summary["en"]
'The funding commitments, per document'
>>> q.bind({"department": "2a", "funder_kind": "state"})["funderKindFilter"]
rdflib.term.Literal('state')
>>> q.bind({"department": ["2a", 77]})["department"]  # a list parameter: one literal, codes spaced
rdflib.term.Literal('2A 77')
>>> q.bind({"department": '77" } UNION { ?s ?p ?o } #'})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
enfance_kg.errors.QueryError: parameter 'department' of fundings: ... is not a département code (77, 2A, 974)
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import Literal, URIRef
from rdflib.term import Node

from enfance_kg import resources
from enfance_kg.errors import QueryError
from enfance_kg.namespaces import XSD

#: the parameter types a header may declare
PARAM_TYPES = ("departement-code", "string", "integer", "decimal", "date", "year", "iri", "boolean", "enum")

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DEPARTEMENT = re.compile(r"^(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[4-9])$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_YEAR = re.compile(r"^[0-9]{4}$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_TRUE = {"true", "1", "yes", "oui"}
_FALSE = {"false", "0", "no", "non"}
_IRI_REF = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_HEADER_KEYS = {"summary", "description", "tags", "params", "example", "examples"}
_PARAM_KEYS = {"type", "default", "values", "variable", "description", "required", "list"}


#: parameter types whose values hold no space, so that a list of them can travel as one literal
LIST_TYPES = ("departement-code", "integer", "decimal", "date", "year", "iri", "boolean", "enum")


def _integral(value: Any) -> Any:
    """``2022.0`` → ``2022``: a float that is a whole number stands for that number."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class Param:
    """A typed parameter of a saved query.

    A ``list`` parameter takes several values (``--param department=77 --param department=92``);
    they are bound as one plain literal, their lexical forms separated by single spaces
    (``"77 92"``), which the query tests with ``CONTAINS(CONCAT(" ", ?list, " "), …)``.
    """

    name: str
    type: str
    variable: str
    description: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None
    values: tuple[str, ...] = ()
    required: bool = False
    list: bool = False

    def bind_value(self, value: Any, *, query: str = "") -> Node:
        """The term bound for ``value``: one value, or for a list parameter one or more."""
        many = isinstance(value, (list, tuple, set, frozenset))
        if not self.list:
            if many and len(value) != 1:
                where = f" of {query}" if query else ""
                raise QueryError(f"parameter {self.name!r}{where} takes one value, got {len(value)}")
            return self.to_term(next(iter(value)) if many else value, query=query)
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value) if many else [value]
        if not items:
            raise QueryError(f"parameter {self.name!r} of {query or 'the query'}: the list is empty")
        return Literal(" ".join(str(self.to_term(item, query=query)) for item in items))

    def to_term(self, value: Any, *, query: str = "") -> Node:
        """The RDF term for ``value``, or :class:`QueryError` when it doesn't fit the type.

        Python values are taken for what they are: ``92`` for a département code, ``2022`` or a
        ``datetime.date`` for a year, a ``datetime`` for a date.
        """
        value = _integral(value)
        text = str(value).strip() if not isinstance(value, bool) else ("true" if value else "false")

        def bad(expected: str) -> QueryError:
            where = f" of {query}" if query else ""
            return QueryError(f"parameter {self.name!r}{where}: {text!r} is not {expected}")

        kind = self.type
        if kind == "departement-code":
            code = text.upper()
            if len(code) == 1 and code.isdigit():
                code = "0" + code
            if isinstance(value, bool) or not _DEPARTEMENT.match(code):
                raise bad("a département code (77, 2A, 974)")
            return Literal(code, datatype=XSD.token)
        if kind == "string":
            if not text:
                raise bad("a non-empty string")
            return Literal(text)
        if kind == "integer":
            if isinstance(value, (bool, float)) or not _INTEGER.match(text):
                raise bad("an integer")
            return Literal(int(text))
        if kind == "decimal":
            if isinstance(value, float):
                text = repr(value)
            if isinstance(value, bool) or not _DECIMAL.match(text):
                raise bad("a decimal number (like 3 or 4.5)")
            try:
                return Literal(Decimal(text))
            except InvalidOperation as err:  # pragma: no cover - the regex already rules these out
                raise bad("a decimal number") from err
        if kind == "date":
            return Literal(self._date(value, text, bad).isoformat(), datatype=XSD.date)
        if kind == "year":
            if isinstance(value, dt.date):
                text = f"{value.year:04d}"
            if isinstance(value, bool) or not _YEAR.match(text):
                raise bad("a year (YYYY)")
            return Literal(text, datatype=XSD.gYear)
        if kind == "iri":
            if not _IRI.match(text):
                raise bad("an absolute IRI")
            return URIRef(text)
        if kind == "boolean":
            if text.lower() in _TRUE:
                return Literal(True)
            if text.lower() in _FALSE:
                return Literal(False)
            raise bad("true or false")
        if kind == "enum":
            if text not in self.values:
                raise bad("one of " + ", ".join(self.values))
            return Literal(text)
        raise QueryError(f"parameter {self.name!r}: unknown type {kind!r}")  # pragma: no cover

    @staticmethod
    def _date(value: Any, text: str, bad: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.datetime.fromisoformat(text).date() if "T" in text else dt.date.fromisoformat(text)
        except ValueError as err:
            raise bad("a date (YYYY-MM-DD)") from err


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its name, header and SPARQL text."""

    name: str
    text: str
    source: str
    summary: Mapping[str, str] = field(default_factory=dict)
    description: Mapping[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    params: Mapping[str, Param] = field(default_factory=dict)
    examples: tuple[str, ...] = ()
    form: str = "SELECT"

    @property
    def example(self) -> str:
        return self.examples[0] if self.examples else f"enfance-kg query {self.name}"

    def title(self, lang: str = "en") -> str:
        return self.summary.get(lang) or next(iter(self.summary.values()), "")

    def bind(self, values: Mapping[str, Any] | None = None) -> dict[str, Node]:
        """Check ``values`` against the parameters and return ``{variable: term}`` for substitution.

        A parameter not given stays unbound: its default is written in the query text
        (``COALESCE(?maxAge, 4)``), so the file gives the same rows in any SPARQL engine; the
        header's ``default`` documents it, and a test checks that the two agree.
        """
        values = {k: v for k, v in (values or {}).items() if v is not None}
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            known = ", ".join(sorted(self.params)) or "none"
            raise QueryError(f"{self.name} has no parameter {', '.join(map(repr, unknown))} (parameters: {known})")
        bound: dict[str, Node] = {}
        for name, param in self.params.items():
            if name in values:
                bound[param.variable] = param.bind_value(values[name], query=self.name)
            elif param.required:
                raise QueryError(f"{self.name} needs the parameter {name!r} ({param.type})")
        return bound


# --------------------------------------------------------------------------- parsing


def _fail(source: str, line: int, message: str) -> QueryError:
    return QueryError(f"{source}:{line}: {message}")


def _split_header(text: str) -> tuple[list[str], int]:
    """The header lines (``#+`` stripped), preceded by an empty line for each blank line above them.

    Keeping the leading blank lines makes an index in the list a line number in the file.
    Returns the lines and the number of file lines they span.
    """
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("#+"):
            rest = line[2:]
            header.append(rest[1:] if rest.startswith(" ") else rest)
        elif not line.strip() and not any(header):
            header.append("")
        else:
            break
    if not any(h.strip() for h in header):
        return [], len(header)
    return header, len(header)


def _line_of(header: list[str], pattern: str, start: int = 0) -> int:
    """1-based line (in the file) of the first header line from ``start`` matching ``pattern``."""
    regex = re.compile(pattern)
    for index in range(start, len(header)):
        if regex.search(header[index]):
            return index + 1
    return start + 1


def _texts(value: Any, source: str, line: int, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v.strip() for k, v in value.items()}
    raise _fail(source, line, f"{key} must be a text or a mapping of language to text ({{fr: …, en: …}})")


def projected_variables(text: str) -> tuple[str, list[str] | None]:
    """The query form and the variables a SELECT projects (``None`` for ``SELECT *`` or another form).

    The projection is read from the SELECT clause of the outermost query with a careful
    scan (comments, strings and IRIs skipped, parentheses counted), so no SPARQL parser
    is needed and pyoxigraph stays in :mod:`enfance_kg.store`.

    >>> projected_variables(get("document-departments").text)
    ('SELECT', ['document', 'code', 'name', 'departement', 'focus'])
    """
    code = strip_comments_and_strings(text)
    match = _FORM.search(code)
    if not match:
        return "", None
    form = match.group(1).upper()
    if form != "SELECT":
        return form, None
    rest = code[match.end():]
    depth = 0
    names: list[str] = []
    for token in re.finditer(r"\(|\)|\{|\bWHERE\b|\bFROM\b|\*|[?$]([A-Za-z_][A-Za-z0-9_]*)", rest, re.IGNORECASE):
        lexeme = token.group(0)
        if lexeme == "(":
            depth += 1
        elif lexeme == ")":
            depth -= 1
        elif depth == 0 and (lexeme == "{" or lexeme.upper() in ("WHERE", "FROM")):
            break
        elif lexeme == "*" and depth == 0:
            return form, None
        elif token.group(1):
            # a projected variable: bare at depth 0, or the one after AS closing a (expr AS ?v)
            before = rest[: token.start()].rstrip()
            if depth == 0 or (depth == 1 and re.search(r"\bAS$", before, re.IGNORECASE)):
                names.append(token.group(1))
    return form, names


def strip_comments_and_strings(text: str, *, keep_iris: bool = False) -> str:
    """The query text with comments, string literals and (unless ``keep_iris``) IRIs blanked (same length)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif ch in "\"'":
            long = text.startswith(ch * 3, i)
            quote = ch * 3 if long else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            out.append(" " * (j - i))
            i = j
        elif ch == "<" and _IRI_REF.match(text, i):
            j = text.index(">", i) + 1
            out.append(text[i:j] if keep_iris else " " * (j - i))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_query(text: str, *, name: str, source: str | None = None) -> SavedQuery:
    """Parse a saved query file; :class:`QueryError` names the file and line of any problem."""
    source = source or f"{name}.rq"
    header_lines, header_span = _split_header(text)
    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err)
        raise _fail(source, line, f"bad #+ header: {problem}") from err
    if header is None:
        header = {}
    if not isinstance(header, Mapping):
        raise _fail(source, 1, "the #+ header must be a YAML mapping (summary, description, tags, params, example)")
    for key in header:
        if key not in _HEADER_KEYS:
            line = _line_of(header_lines, rf"^{re.escape(str(key))}\s*:")
            raise _fail(source, line, f"unknown header key {key!r} (expected one of {', '.join(sorted(_HEADER_KEYS))})")
    if not header.get("summary"):
        raise _fail(source, 1, "the #+ header needs a summary ({fr: …, en: …})")

    body = text
    form, projected = projected_variables(body)
    if not form:
        raise _fail(source, header_span + 1, "no SELECT, CONSTRUCT, DESCRIBE or ASK query after the header")
    found = _FORM.search(strip_comments_and_strings(text))
    form_line = text[: found.start()].count("\n") + 1 if found else header_span + 1

    raw_params = header.get("params") or {}
    if not isinstance(raw_params, Mapping):
        raise _fail(source, _line_of(header_lines, r"^params\s*:"), "params must be a mapping of name to settings")
    params: dict[str, Param] = {}
    params_line = _line_of(header_lines, r"^params\s*:") - 1
    for pname, spec in raw_params.items():
        line = _line_of(header_lines, rf"^\s+{re.escape(str(pname))}\s*:", params_line)
        if not isinstance(spec, Mapping):
            raise _fail(source, line, f"parameter {pname!r} must be a mapping with at least a type")
        extra = set(spec) - _PARAM_KEYS
        if extra:
            raise _fail(source, line, f"parameter {pname!r}: unknown setting(s) {', '.join(sorted(map(str, extra)))}")
        ptype = spec.get("type")
        if ptype not in PARAM_TYPES:
            type_line = _line_of(header_lines, r"^\s+type\s*:", line - 1)
            raise _fail(source, type_line, f"parameter {pname!r}: unknown type {ptype!r} "
                        f"(expected one of {', '.join(PARAM_TYPES)})")
        variable = str(spec.get("variable") or pname)
        if not _VARIABLE.match(variable):
            raise _fail(source, line, f"parameter {pname!r}: {variable!r} is not a SPARQL variable name "
                        "(set `variable:` to one)")
        values = tuple(str(v) for v in spec.get("values") or ())
        if ptype == "enum" and not values:
            raise _fail(source, line, f"parameter {pname!r}: an enum needs its values")
        default = spec.get("default")
        param = Param(
            name=str(pname),
            type=ptype,
            variable=variable,
            description=_texts(spec.get("description"), source, line, "description"),
            default=None if default is None else str(default).lower() if isinstance(default, bool) else str(default),
            values=values,
            required=bool(spec.get("required", False)),
            list=bool(spec.get("list", False)),
        )
        if param.list and ptype not in LIST_TYPES:
            raise _fail(source, line, f"parameter {pname!r}: a list of {ptype} values cannot be bound "
                        f"(list types: {', '.join(LIST_TYPES)})")
        if param.default is not None:
            try:
                param.to_term(param.default, query=name)
            except QueryError as err:
                raise _fail(source, line, f"bad default: {err}") from err
        if form == "SELECT" and projected is not None and variable not in projected:
            raise _fail(source, form_line, f"parameter {pname!r}: ?{variable} is not projected by the SELECT "
                        "(values are bound by substitution, which needs the variable in the projection)")
        if form != "SELECT" and not re.search(rf"[?$]{variable}\b", body):
            raise _fail(source, line, f"parameter {pname!r}: ?{variable} does not occur in the query")
        params[param.name] = param

    tags = header.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    examples = header.get("examples") or header.get("example") or []
    if isinstance(examples, str):
        examples = [examples]
    return SavedQuery(
        name=name,
        text=text,
        source=source,
        summary=_texts(header.get("summary"), source, _line_of(header_lines, r"^summary\s*:"), "summary"),
        description=_texts(header.get("description"), source, _line_of(header_lines, r"^description\s*:"),
                           "description"),
        tags=tuple(str(t) for t in tags),
        params=params,
        examples=tuple(str(e) for e in examples),
        form=form,
    )


# --------------------------------------------------------------------------- the catalogue


@functools.cache
def catalogue() -> dict[str, SavedQuery]:
    """Every saved query shipped with the package, by name (file name without ``.rq``)."""
    found: dict[str, SavedQuery] = {}
    for file in resources.query_files():
        name = file.name[: -len(".rq")]
        found[name] = parse_query(file.read_text(encoding="utf-8"), name=name, source=f"queries/{file.name}")
    return found


def names() -> list[str]:
    return sorted(catalogue())


def get(name: str) -> SavedQuery:
    """A saved query by name; an unknown name suggests the nearest ones."""
    queries = catalogue()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `enfance-kg queries` lists them"
    raise QueryError(f"no saved query named {name!r}{hint}")


def from_file(path: Path) -> SavedQuery:
    """A query read from a ``.rq`` file outside the catalogue (a header is optional there)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"cannot read {path}: {err.strerror or err}") from err
    return from_text(text, name=path.stem, source=str(path))


def from_text(text: str, *, name: str = "query", source: str = "<query>") -> SavedQuery:
    """An ad-hoc query; a ``#+`` header is read when present, otherwise it has no parameters."""
    header, _ = _split_header(text)
    if header:
        return parse_query(text, name=name, source=source)
    form, _ = projected_variables(text)
    return SavedQuery(name=name, text=text, source=source, summary={"en": name}, form=form or "SELECT")


def resolve(name_or_path: str) -> SavedQuery:
    """A catalogue name, or the path of a ``.rq`` file."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        return from_file(Path(name_or_path))
    return get(name_or_path)


def run(store_handle: Any, query: SavedQuery, params: Mapping[str, Any] | None = None) -> Any:
    """Run a saved query on an open store with its parameters bound; pyoxigraph results."""
    from enfance_kg import store

    return store.run_query(store_handle, query.text, substitutions=query.bind(params))
