"""The shapes: they parse, use only defined terms, and each one catches the violation it is written for.

Every case of ``tests/fixtures/shapes/*.yaml`` changes the conforming graph ``base.ttl``
(together with the ontology and the few reference nodes it points at) and lists every
result validation must give, exactly: focus node, path, constraint component and shape.
Each case runs on both engines: the shapes compiled to SPARQL on Oxigraph (the product's)
and pyshacl on rdflib (the reference); they must give the same results, values and
messages included.

pyshacl's results on the cases (and its verdict on the shapes graph against SHACL-SHACL) are
recorded in ``tests/fixtures/shapes/pyshacl.json`` together
with the digest of everything they depend on (the cases, the shapes, the ontology and reference
data, the validation modules, pyshacl's and rdflib's versions): a cache of pyshacl's answers.
While those inputs are as recorded, the suite compares our engine with the record; once any has
changed, pyshacl runs on every case again, and test_the_pyshacl_record_is_current is skipped
naming what changed. ``python -m tests.test_shapes`` runs pyshacl on every case and writes the
record (pyshacl takes ~0.1 s a case, half of this file's time when it ran in every test).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from enfance_kg.iris import DEFAULT_BASE, Iris
from enfance_kg.namespaces import EKG, OA, PREFIXES, RDF, SH, XSD
from enfance_kg.reference import ontology_graph, reference_graph
from enfance_kg.validation import DATA_GRAPH, SHAPES_NS, ValidationReport, _validate_quads, shapes_graph, validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
HEADER = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + f"@base <{DEFAULT_BASE}> .\n"
IRIS = Iris()
#: the reference nodes base.ttl points at
REFERENCE_NODES = {
    IRIS.departement("77"), IRIS.region("11"), IRIS.country("FR"), IRIS.state(), IRIS.council("77"), IRIS.ars("11"),
    IRIS.strategy(),
}
ACTION_TYPE_PARTS = IRIS.base + "id/action-type/"
#: shape parameters that constrain nothing by themselves
NOT_CONSTRAINTS = {
    RDF.type, SH.property, SH.targetClass, SH.targetSubjectsOf, SH.severity, SH.message, SH.path, SH.name,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
}


def _turtle(text: str | None) -> Graph:
    graph = Graph()
    if text:
        graph.parse(data=HEADER + text, format="turtle")
    return graph


@cache
def _context() -> tuple:
    """The ontology and the reference nodes base.ttl uses.

    The concepts of action-types.ttl and the rules of extraction-rules.ttl are left out to keep each case fast
    (base.ttl has an action type and a rule of its own; nothing else points at the rules, which were half of the
    context's triples and 116 focus nodes of every case); the whole ontology is validated by test_validate_cli and
    test_ontology.
    """
    onto = ontology_graph()
    left_out = set(onto.subjects(RDF.type, EKG.ActionType)) | set(onto.subjects(RDF.type, EKG.ExtractionRule))
    triples = [t for t in onto if t[0] not in left_out and not str(t[0]).startswith(ACTION_TYPE_PARTS)]
    triples += [t for t in reference_graph(IRIS) if t[0] in REFERENCE_NODES]
    return tuple(triples)


def base_graph() -> Graph:
    graph = Graph().parse(FIXTURES / "base.ttl", format="turtle")
    for triple in _context():
        graph.add(triple)
    return graph


def _cases() -> list:
    params = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        # libyaml's safe loader when PyYAML has it: the cases are read at collection, in every xdist worker
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for name, case in yaml.load(path.read_text(encoding="utf-8"), Loader=loader).items():
            params.append(pytest.param(case, id=f"{path.stem}:{name}"))
    return params


CASES = _cases()


def _expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def _path(text: str | None) -> str:
    """An IRI path as its IRI; a sequence path "(a:b c:d)" as the IRIs in brackets; alternatives "a:b|c:d"."""
    if not text:
        return ""
    if text.startswith("("):
        return "(" + " ".join(str(_expand(part)) for part in text.strip("()").split()) + ")"
    if "|" in text:
        return "|".join(str(_expand(part)) for part in text.split("|"))
    return str(_expand(text))


def _expected(item: dict) -> tuple:
    focus = item["focus"]
    return (
        "_:" if focus == "_:" else DEFAULT_BASE + focus,
        _path(item.get("path")),
        str(SH) + item["component"] + "ConstraintComponent",
        SHAPES_NS + item["shape"],
    )


def _got(result, report) -> tuple:
    focus = "_:" if isinstance(result.focus, BNode) else str(result.focus)
    shapes = report.shapes
    if isinstance(result.path, URIRef):
        path = str(result.path)
    elif isinstance(result.path, BNode) and shapes.value(result.path, SH.alternativePath) is not None:
        path = "|".join(str(item) for item in Collection(shapes, shapes.value(result.path, SH.alternativePath)))
    elif isinstance(result.path, BNode):  # a sequence path: an RDF list in the shapes graph
        path = "(" + " ".join(str(item) for item in Collection(shapes, result.path)) + ")"
    else:
        path = ""
    return focus, path, str(result.component), str(result.shape)


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_base_conforms_at_every_severity(engine):
    report = validate_graph(base_graph(), severity="warning", with_context=False, engine=engine)
    assert report.conforms, report.to_text()
    # at info, only the notice that the two documents of base.ttl are near-duplicates, once
    notices = validate_graph(base_graph(), severity="info", with_context=False, engine=engine).results
    assert [(str(r.shape), r.severity) for r in notices] == [(SHAPES_NS + "Consistency-nearDuplicate", "info")]


@cache
def _shared_base() -> Graph:
    """One base graph for the cases, which change it only through :func:`_case_graph`."""
    return base_graph()


@contextlib.contextmanager
def _case_graph(case: dict) -> Iterator[Graph]:
    """The base graph with the case's triples removed and added, put back as it was afterwards (making a
    new base graph for each case took a quarter of the cases' time)."""
    graph = _shared_base()
    removed = list(_turtle(case.get("remove")))
    for triple in removed:
        assert triple in graph, f"the case removes a triple the base does not have: {triple}"
        graph.remove(triple)
    added = [triple for triple in _turtle(case.get("add")) if triple not in graph]
    for triple in added:
        graph.add(triple)
    try:
        yield graph
    finally:
        for triple in added:
            graph.remove(triple)
        for triple in removed:
            graph.add(triple)


NEAR_DUPLICATE = SHAPES_NS + "Consistency-nearDuplicate"


def _shown(report, expected: list) -> list:
    """The results, without the notice that base.ttl's two documents are near-duplicates unless it is expected."""
    if any(item[3] == NEAR_DUPLICATE for item in expected):
        return report.results
    return [r for r in report.results if str(r.shape) != NEAR_DUPLICATE]


def _comparable(result, report) -> tuple:
    """What both engines must agree on: the four keys, the value (blank nodes aside) and the messages."""
    value = "_:" if isinstance(result.value, BNode) else result.value
    if isinstance(value, Literal) and isinstance(value.toPython(), (int, float, Decimal)):
        value = ("number", Decimal(str(value)))  # the store writes numbers in its canonical form
    # numbers in messages: 1500000.0 for pyshacl, « 1 500 000 » for the compiled engine
    messages = tuple(sorted((k, re.sub(r"(?<=\d)[\u202f,](?=\d{3})|\.0\b", "", v)) for k, v in result.messages.items()))
    return (*_got(result, report), value, messages)


#: our engine's report on each case's graph (by the case's identity): both tests of a case read it
_OURS: dict[int, ValidationReport] = {}


def _ours(case: dict, graph: Graph) -> ValidationReport:
    if id(case) not in _OURS:
        _OURS[id(case)] = validate_graph(graph, severity="info", with_context=False)
    return _OURS[id(case)]


@pytest.mark.parametrize("case", CASES)
def test_shape_catches_its_violation(case):
    with _case_graph(case) as graph:
        report = _ours(case, graph)
        quads = [(s, p, o, DATA_GRAPH) for s, p, o in graph]
    expected = sorted(_expected(item) for item in case["expect"])
    assert sorted(_got(result, report) for result in _shown(report, expected)) == expected, report.to_text()
    for result in report.results:
        assert {"fr", "en"} <= set(result.messages), "every result carries its message in French and English"
    # validated as one document of a store (OPTIONAL where the whole store uses MINUS, the checks its types
    # do not target skipped), the graph gives the same results
    scoped = _validate_quads(quads, severity="info", iris=IRIS, with_context=False, scope=DATA_GRAPH)
    same = sorted(_comparable(r, report) for r in report.results)
    assert sorted(_comparable(r, scoped) for r in scoped.results) == same


# --------------------------------------------------------------------------- pyshacl, the reference engine

RECORD = FIXTURES / "pyshacl.json"
ROOT = Path(__file__).resolve().parents[1]
#: what pyshacl's results on the cases depend on, besides the two libraries' versions
RECORD_INPUTS = (
    "tests/fixtures/shapes", "shapes", "ontology", "enfance_kg/validation.py", "enfance_kg/validation_pyshacl.py",
    "enfance_kg/reference.py", "enfance_kg/namespaces.py", "enfance_kg/iris.py",
)

#: the kinds of file in those folders that can change a result (not READMEs, caches, an editor's backups)
RECORD_SUFFIXES = {".ttl", ".jsonld", ".json", ".rq", ".yaml", ".py"}


def _record_inputs() -> dict[str, str]:
    """Each input file's SHA-256 (by its path in the repository) and the versions of pyshacl and rdflib."""
    from importlib.metadata import version

    digests = {"pyshacl": version("pyshacl"), "rdflib": version("rdflib")}
    for name in RECORD_INPUTS:
        top = ROOT / name
        for path in sorted(top.rglob("*") if top.is_dir() else [top]):
            if path.suffix in RECORD_SUFFIXES and path.is_file() and path != RECORD:
                digests[path.relative_to(ROOT).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _term(value: object) -> object:
    if isinstance(value, tuple):  # ("number", Decimal): equal numbers written alike (5.0 and 5, 1.2E+6 and 1200000)
        return [value[0], format(value[1].normalize(), "f")]
    return value.n3() if isinstance(value, Node) else value


def _recordable(report: ValidationReport) -> list:
    """The report's results as :func:`_comparable` keys, in JSON's terms (nodes written as N-Triples), sorted."""
    rows = [[*key[:4], _term(key[4]), [list(pair) for pair in key[5]]]
            for key in (_comparable(r, report) for r in report.results)]
    return sorted(rows, key=json.dumps)


@cache
def _record() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


@cache
def _stale() -> list[str]:
    """The inputs changed since pyshacl's results were recorded (none: the record is pyshacl's answer now)."""
    recorded, now = _record()["inputs"], _record_inputs()
    return sorted(name for name in recorded.keys() | now.keys() if recorded.get(name) != now.get(name))


def test_the_pyshacl_record_is_current():
    """The recorded results were given by pyshacl on the cases, shapes and code as they are now. When they
    were not, the tests below run pyshacl instead of reading the record, and this test says so (skipped)."""
    if _stale():
        pytest.skip(f"pyshacl ran on every case: changed since its results were recorded: {_stale()}; "
                    "python -m tests.test_shapes records them again")
    assert sorted(_record()["cases"]) == sorted(param.id for param in CASES)


@pytest.mark.parametrize("case", CASES)
def test_pyshacl_agrees(case, request):
    """The reference engine finds the same results, with the same values and messages (as recorded, or run
    here when the record is not current)."""
    case_id = request.node.callspec.id
    with _case_graph(case) as graph:
        ours = _ours(case, graph)
        if _stale() or case_id not in _record()["cases"]:
            reference = _recordable(validate_graph(graph, severity="info", with_context=False, engine="pyshacl"))
        else:
            reference = _record()["cases"][case_id]
    assert reference == _recordable(ours)


def record_pyshacl() -> None:
    """Run pyshacl on every case and on the shapes graph against SHACL-SHACL, and write its results and their
    inputs' digests to :data:`RECORD`."""
    cases = {}
    for param in CASES:
        with _case_graph(param.values[0]) as graph:
            cases[param.id] = _recordable(validate_graph(graph, severity="info", with_context=False, engine="pyshacl"))
    lines = ["{", ' "inputs": ' + json.dumps(_record_inputs(), indent=2, sort_keys=True).replace("\n", "\n ") + ",",
             ' "shacl_shacl": ' + json.dumps(_shapes_against_shacl_shacl(), ensure_ascii=False) + ",", ' "cases": {']
    for number, (name, rows) in enumerate(sorted(cases.items())):  # a result a line, for readable diffs
        body = ",\n".join("   " + json.dumps(row, ensure_ascii=False) for row in rows)
        lines.append(f"  {json.dumps(name)}: [" + (f"\n{body}\n  " if rows else "") + "]"
                     + ("," if number < len(cases) - 1 else ""))
    RECORD.write_text("\n".join([*lines, " }", "}"]) + "\n", encoding="utf-8")
    print(f"{RECORD}: pyshacl's results on {len(cases)} cases", file=sys.stderr)


def _constraining_shapes() -> set[str]:
    shapes = shapes_graph()
    found = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if isinstance(shape, URIRef) and set(shapes.predicates(shape)) - NOT_CONSTRAINTS:
                found.add(str(shape))
    return found


def test_every_shape_has_a_fixture_that_violates_it():
    covered = {_expected(item)[3] for case in CASES for item in case.values[0]["expect"]}
    missing = sorted(s.removeprefix(SHAPES_NS) for s in _constraining_shapes() - covered)
    assert not missing, f"shapes with no violating fixture: {missing}"


def test_every_shape_is_named_explained_and_linked():
    shapes = shapes_graph()
    named = [*shapes.subjects(RDF.type, SH.PropertyShape), *shapes.subjects(RDF.type, SH.NodeShape)]
    for shape in named:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NS), shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), f"{shape}: no sh:severity"
        assert shapes.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")) is not None or (
            shapes.value(shape, SH.path) is not None
        ), f"{shape}: no link to its ontology term"
    # every property shape is reached from a node shape and says what it expects in French and English
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert (None, SH.property, shape) in shapes, f"{shape} is not used by any node shape"
        langs = {m.language for m in shapes.objects(shape, SH.message)}
        assert {"fr", "en"} <= langs, f"{shape}: sh:message needs @fr and @en"
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        langs = {m.language for m in shapes.objects(constraint, SH.message)}
        assert {"fr", "en"} <= langs, f"{constraint}: sh:message needs @fr and @en"


def test_shapes_split_by_severity():
    """Violations in the concern files, warnings in quality.ttl, warnings and a notice in consistency.ttl."""
    from enfance_kg.resources import shape_files

    for source in shape_files():
        graph = Graph().parse(data=source.read_text(encoding="utf-8"), format="turtle")
        severities = set(graph.objects(None, SH.severity))
        expected = {"quality.ttl": {SH.Warning}, "consistency.ttl": {SH.Warning, SH.Info}}.get(source.name,
                                                                                           {SH.Violation})
        assert severities == expected, f"{source.name}: {severities}"


def test_departement_codes_are_the_reference_codes():
    """The sh:in list of the code shape is exactly the 101 codes of the reference data."""
    from enfance_kg.reference import reference_codes

    shapes = shapes_graph()
    node = shapes.value(URIRef(SHAPES_NS + "Departement-code"), SH["in"])
    codes = set()
    while node != RDF.nil:
        codes.add(str(shapes.value(node, RDF.first)))
        node = shapes.value(node, RDF.rest)
    assert codes == set(reference_codes())
    assert len(codes) == 101


# --------------------------------------------------------------------------- the quote check

QUOTE_FACT = IRIS.fact("funding", "fixture", "state-77")


def _quote_graph(start_shift: int = 0, end_shift: int = 0) -> Graph:
    graph = base_graph()
    position = Iris.part(QUOTE_FACT, "position")
    for prop, shift in ((OA.start, start_shift), (OA.end, end_shift)):
        value = int(graph.value(position, prop))
        graph.set((position, prop, Literal(value + shift, datatype=XSD.nonNegativeInteger)))
    return graph


def test_quote_with_narrow_no_break_spaces_matches():
    graph = _quote_graph()
    exact = str(graph.value(Iris.part(QUOTE_FACT, "quote"), OA.exact))
    assert "\u202f" in exact and "\u00a0" in exact and "É" in exact
    text = str(graph.value(IRIS.document("fixture"), URIRef(PREFIXES["ekg"] + "text")))
    start = int(graph.value(Iris.part(QUOTE_FACT, "position"), OA.start))
    assert text[start : start + len(exact)] == exact
    assert validate_graph(graph, with_context=False).conforms


@pytest.mark.parametrize(("start_shift", "end_shift"), [(1, 1), (-1, -1), (0, 1), (0, -1)])
def test_quote_off_by_one_is_caught(start_shift, end_shift):
    report = validate_graph(_quote_graph(start_shift, end_shift), with_context=False)
    found = [(r.focus, str(r.shape)) for r in report.results]
    assert found == [(Iris.part(QUOTE_FACT, "target"), SHAPES_NS + "SpecificResource-quoteMatchesText")]
    assert report.results[0].document == IRIS.document("fixture")
    assert "1\u202f200\u202f000" in report.results[0].quote


def test_every_class_of_the_ontology_is_shaped():
    """Each ekg: class is the target of a shape, or a subclass of one that is."""
    from enfance_kg.namespaces import OWL, RDFS

    shapes = shapes_graph()
    onto = ontology_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(EKG)):
            continue
        ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf))  # includes cls itself
        assert ancestors & targeted, f"{cls} has no shape"


# --------------------------------------------------------------------------- the shapes as SHACL


def _shacl_shacl() -> Graph:
    from pyshacl.rdfutil import load_from_source
    from pyshacl.validator import assign_baked_in

    assign_baked_in()  # pyshacl ships the W3C's SHACL-SHACL: nothing is fetched
    return load_from_source("http://www.w3.org/ns/shacl-shacl")


def _shapes_against_shacl_shacl() -> list:
    """pyshacl's verdict on the shapes graph against SHACL-SHACL: [conforms, the report's text]."""
    import pyshacl

    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=_shacl_shacl(), inference="none", inplace=True)
    return [conforms, text]


def test_the_shapes_are_valid_shacl():
    """The shapes graph conforms to SHACL-SHACL (the W3C's shapes for shapes), and a broken shape does not.

    The verdict on the shapes graph is pyshacl's as recorded (4 s of pyshacl) when the record is current,
    pyshacl's own otherwise. The broken shape is checked here."""
    import pyshacl

    conforms, text = _shapes_against_shacl_shacl() if _stale() else _record()["shacl_shacl"]
    assert conforms, text
    meta = _shacl_shacl()
    broken = Graph()
    for triple in shapes_graph().triples((URIRef(SHAPES_NS + "Fact-evidence"), None, None)):
        broken.add(triple)
    broken.add((URIRef(SHAPES_NS + "Fact-evidence"), SH.minCount, Literal("one")))
    assert not pyshacl.validate(broken, shacl_graph=meta, inference="none", inplace=True)[0]


def test_one_message_per_language():
    """Jena's SHACL refuses a shape with two sh:message in one language: each has one in French, one in
    English, and no untagged one."""
    shapes = shapes_graph()
    for holder in set(shapes.subjects(SH.message, None)):
        tags = sorted(m.language or "" for m in shapes.objects(holder, SH.message))
        assert tags == ["en", "fr"], f"{holder}: messages tagged {tags}"


@pytest.mark.parametrize("extra", [
    "ekgsh:X a sh:NodeShape ; sh:targetNode <urn:x> ; sh:nodeKind sh:IRI .",
    "ekgsh:X a sh:NodeShape ; sh:targetClass ekg:Document ; sh:xone ( [ sh:nodeKind sh:IRI ] ) .",
    """ekgsh:X a sh:NodeShape ; sh:targetClass ekg:Document ; sh:sparql [ sh:select
        "SELECT $this WHERE { { $this ?p ?o } UNION { FILTER NOT EXISTS { $this ?q ?r } } }" ] .""",
])
def test_what_the_engine_does_not_compile_is_refused(extra):
    """SHACL the compiler does not translate stops the compilation, naming the shape: never skipped silently."""
    from enfance_kg.shacl_engine import UnsupportedShape, compile_shapes

    shapes = Graph().parse(data=HEADER + f"@prefix ekgsh: <{SHAPES_NS}> .\n" + extra, format="turtle")
    with pytest.raises(UnsupportedShape, match="X"):
        compile_shapes(shapes)


if __name__ == "__main__":
    record_pyshacl()
