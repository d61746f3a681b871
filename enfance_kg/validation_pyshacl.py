"""The reference engine: the same shapes run by pyshacl on an rdflib graph.

Slow (pyshacl evaluates each constraint once per focus node, in Python) but independent of
:mod:`enfance_kg.shacl_engine`: the shape fixtures are checked on both, and the benchmark
measures both on the same stores.
"""

from __future__ import annotations

import re
from functools import cache

import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from enfance_kg.iris import Iris
from enfance_kg.namespaces import RDF, SH, bind_prefixes
from enfance_kg.validation import (
    _NAME_OF,
    RANK,
    Provenance,
    Result,
    ValidationReport,
    _context,
    _GraphTriples,
    _shapes,
    _unique,
    canonical,
    result_key,
)


@cache
def _prepared(text: str):
    return prepareQuery(text)


class _DataGraph(Graph):
    """A graph that parses each SHACL-SPARQL query once: pyshacl passes the text for every focus node."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _message_templates() -> tuple[tuple[re.Pattern, str], ...]:
    """(the message as a pattern, ``{?var}`` matching anything; its language) for every tagged message."""
    templates = set()
    for message in _shapes().objects(None, SH.message):
        if isinstance(message, Literal) and message.language:
            parts = re.split(r"\{[?$]\w+\}", str(message))
            templates.add(("(.*)".join(re.escape(part) for part in parts), message.language))
    return tuple((re.compile(pattern, re.DOTALL), lang) for pattern, lang in sorted(templates))


def _language_of(message: str) -> str:
    """The language of a message pyshacl filled in from a template (it drops the tag), or ""."""
    for pattern, lang in _message_templates():
        if pattern.fullmatch(message):
            return lang
    return ""


def validate_with_pyshacl(data: Graph | Dataset, *, severity: str, iris: Iris, graphs: dict[Node, set[URIRef]],
                          with_context: bool = True) -> ValidationReport:
    union = _DataGraph()
    bind_prefixes(union)
    graphs = dict(graphs)
    if isinstance(data, Dataset):
        for s, p, o, g in data.quads((None, None, None, None)):
            union.add((s, p, canonical(o)))
            name = g.identifier if isinstance(g, Graph) else g
            if isinstance(name, URIRef):
                graphs.setdefault(s, set()).add(name)
    else:
        for s, p, o in data:
            union.add((s, p, canonical(o)))
    triples = len(union)
    if with_context:
        for s, p, o in _context(iris.base):
            union.add((s, p, canonical(o)))
    _conforms, report_graph, _text = pyshacl.validate(union, shacl_graph=_shapes(), inference="none", inplace=True,
                                                      allow_warnings=False, allow_infos=False)
    if not isinstance(report_graph, Graph):  # pyshacl returns its failure when a shape itself is broken
        raise RuntimeError(f"the shapes could not be applied: {report_graph}")
    provenance = Provenance(_GraphTriples(union, graphs), iris)
    kept, below = [], 0
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        level = _NAME_OF.get(URIRef(str(report_graph.value(node, SH.resultSeverity))), "violation")
        if RANK[level] < RANK[severity]:
            below += 1
            continue
        messages: dict[str, str] = {}
        for message in sorted(report_graph.objects(node, SH.resultMessage), key=str):
            lang = message.language if isinstance(message, Literal) else None
            messages.setdefault(lang or _language_of(str(message)), str(message))
        path = report_graph.value(node, SH.resultPath)
        if path is not None and not isinstance(path, URIRef):
            path = _shape_path(report_graph.value(node, SH.sourceShape))
        focus, shape = report_graph.value(node, SH.focusNode), report_graph.value(node, SH.sourceShape)
        assert focus is not None and shape is not None, "pyshacl always states a result's focus node and shape"
        result = Result(severity=level, focus=focus, path=path, value=report_graph.value(node, SH.value),
                        component=URIRef(str(report_graph.value(node, SH.sourceConstraintComponent))),
                        shape=shape, messages=messages)
        kept.append(provenance.complete(result))
    return ValidationReport(results=sorted(_unique(kept), key=result_key), severity=severity, below=below,
                            triples=triples,
                            shapes=_shapes())


def _shape_path(shape: Node | None) -> Node | None:
    """A path that is not an IRI, as the shapes graph holds it (pyshacl copies it into its report)."""
    return _shapes().value(shape, SH.path) if shape is not None else None
