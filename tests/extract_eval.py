"""Score the extractor alone against gold files, the way ``../shared/eval/score.py`` counts.

No store and no saved queries: the documents are read, segmented, cleaned and extracted,
and the facts are compared with the gold YAML files category by category. A fast loop
while working on the grammars:

    .venv/bin/python tests/extract_eval.py                 # seeds and the extra corpus
    .venv/bin/python tests/extract_eval.py --show 101_gironde   # facts found vs gold for one document
    .venv/bin/python tests/extract_eval.py --explain 101_gironde   # mention → rule → fact, and every miss
    .venv/bin/python tests/extract_eval.py --corpus DIR --gold DIR  # any folder of documents with gold
    .venv/bin/python tests/extract_eval.py --rules         # how often each rule is right, over every set run

``--rules`` tallies, per category and rule id, the facts the rule produced that the gold holds and those it
does not, summed over every set scored in the run: a rule that is wrong more often than right across many
documents costs F1 wherever it fires, which one set's misses never show. An action counts as wrong in the
share by which its (document, axis) holds more actions than the gold.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml

from ingest.clean import clean
from ingest.extract import extract_many
from ingest.extract.lexicon import action_types_by_key
from ingest.model import Extraction
from ingest.read import is_sidecar, read_document
from ingest.segment import segment

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _blind(letters: str) -> dict[str, tuple[Path, Path]]:
    """The sets ``tests/data/blind_<letter>``, one per letter, under the names ``blind-<letter>``."""
    return {f"blind-{s}": (DATA / f"blind_{s}" / "corpus", DATA / f"blind_{s}" / "gold") for s in letters}


SETS = {
    "seeds": (ROOT / "corpus", DATA / "seed_gold"),  # a copy of the evaluation's gold
    "extra": (DATA / "extra_corpus", DATA / "extra_gold"),
    # written blind by people who never saw the extractor nor the sets above (see their READMEs)
    **_blind("ab"),
    # written blind in other styles (C: real pages as a crawler stores them; D: other genres), then used for
    # development (see their READMEs)
    **_blind("cd"),
    # written blind for the third round (G, H: real pages as stored; I, J: other styles), then used for development
    **_blind("ghij"),
    # written blind for the fifth round (K, L: other styles; M: documents converted from PDF and office files), then
    # used for development
    **_blind("klm"),
    # written blind for the sixth round (P, Q: other styles), then used for development (Q held out by the round's
    # engineers until they reported)
    **_blind("pq"),
    # written blind for the seventh round (T, U: other styles), then used for development (U held out by the round's
    # engineers until they reported)
    **_blind("tu"),
    # written blind for the eighth round (V, W, X: other styles; Y: real pages as stored), scored once before the
    # round's merges, kept away from its engineers, and scored again after them
    **_blind("vwxy"),
    # written blind for the ninth round (E, F: other styles; Z: real pages as stored; 6, 3 and 3 documents, their
    # writers cut short), scored once on main before anything was tuned on them
    **_blind("efz"),
    # written blind for the tenth round (N: other styles; O: real pages as stored; 8 and 8 documents; the letters of
    # two sets lost with an earlier machine, reused), scored once on main before anything was tuned on them, then
    # used for development once the round's first merges had been scored on them
    **_blind("no"),
    # written blind for the eleventh round (R: other styles; S: real pages as stored; PH: twelve short documents, each
    # a bank of paraphrases of one hard kind of statement), scored once on main before anything was tuned on them
    **_blind("rs"),
    "blind-ph": (DATA / "blind_ph" / "corpus", DATA / "blind_ph" / "gold"),
    # written blind at the end of the eleventh round (4 real pages as stored, 4 other styles) and scored once on its
    # final main, to measure what the round's work carried to documents nobody had looked at
    "blind-rs2": (DATA / "blind_rs2" / "corpus", DATA / "blind_rs2" / "gold"),
    # written blind for the twelfth round (RA: other styles; SA: pages that look as real pages are stored), scored
    # once on main before anything was tuned on them
    "blind-ra": (DATA / "blind_ra" / "corpus", DATA / "blind_ra" / "gold"),
    "blind-sa": (DATA / "blind_sa" / "corpus", DATA / "blind_sa" / "gold"),
    # RB: genres none of the others holds (a parliamentary report going through three départements, a comparison of two,
    # a job offer, a tender notice, a compte administratif, an association's release, ODPE minutes, an encyclopedia)
    "blind-rb": (DATA / "blind_rb" / "corpus", DATA / "blind_rb" / "gold"),
    # written blind for the thirteenth round (RS4: real pages as stored, eight départements none of our work had read
    # about in that genre), scored once on main before anything was tuned on it
    "blind-rs4": (DATA / "blind_rs4" / "corpus", DATA / "blind_rs4" / "gold"),
}
HEALTH_LABEL = re.compile(r"\b(bilans? de santé|dépistages?|examens? de santé)\b", re.IGNORECASE)
TOLERANCE = Decimal("0.005")
EXTRACTIONS: dict[str, Extraction] = {}


def norm_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").replace(".", " ").split())


def is_health_check(type_key: str) -> bool:
    types = action_types_by_key()
    current = types.get(type_key)
    while current is not None:
        if any(HEALTH_LABEL.search(label.text) for label in current.labels if not label.gapped):
            return True
        current = types.get(current.broader) if current.broader else None
    return False


def health_check_3_4(action, type_key: str) -> bool:
    if not is_health_check(type_key):
        return False
    if action.age_min is not None or action.age_max is not None:
        low, high = action.age_min, action.age_max
    else:
        audience = action_types_by_key()[type_key].audience
        if audience is None:
            return False
        low, high = audience
    return low is not None and high is not None and float(low) >= 3 and float(high) <= 4


def predicted(doc: str, e: Extraction) -> dict[str, object]:
    return {
        "departments": {(doc, c) for c in e.departements},
        "fundings": {(doc, f.funder_kind, float(f.amount)) for f in e.fundings},
        "signatures (dated)": {(doc, s.date.isoformat()) for s in e.signatures if s.date},
        "people": {(doc, norm_name(m.person)) for m in e.memberships},
        "health checks 3-4": {(doc, a.departement) for a in e.actions if health_check_3_4(a, a.action_type)},
        "actions by axis": Counter((doc, a.axis) for a in e.actions if a.axis is not None),
        "places": {(doc, c.places) for a in e.actions for c in a.capacities},
    }


def gold_facts(doc: str, g: dict) -> dict[str, object]:
    places = set()
    for x in g.get("actions") or []:
        p = x.get("places")
        for n in p if isinstance(p, list) else [p] if p else []:
            places.add((doc, int(n)))
    return {
        "departments": {(doc, str(x["code"])) for x in g.get("departments") or []},
        "fundings": {(doc, x["funder"], float(x["amount_eur"])) for x in g.get("fundings") or []},
        "signatures (dated)": {(doc, str(x["date"])) for x in g.get("signatures") or [] if x.get("date")},
        "people": {(doc, norm_name(x["name"])) for x in g.get("people") or []},
        "health checks 3-4": {
            (doc, str(x["department_code"])) for x in g.get("actions") or [] if x.get("health_check_3_4")
        },
        "actions by axis": Counter((doc, int(x["axis"])) for x in g.get("actions") or [] if x.get("axis") is not None),
        "places": places,
    }


def compare(name: str, gold, pred) -> tuple[int, int, int]:
    if name == "fundings":
        unmatched = set(pred)
        tp = 0
        for doc, kind, amount in sorted(gold):
            hit = next(
                (
                    p
                    for p in sorted(unmatched)
                    if p[0] == doc and p[1] == kind and abs(p[2] - amount) <= float(TOLERANCE) * amount
                ),
                None,
            )
            if hit:
                unmatched.discard(hit)
                tp += 1
        return tp, len(unmatched), len(gold) - tp
    if isinstance(gold, Counter):
        tp = sum((gold & pred).values())
        return tp, sum(pred.values()) - tp, sum(gold.values()) - tp
    return len(gold & pred), len(pred - gold), len(gold - pred)


def extract_folder(corpus: Path) -> list[Extraction]:
    """Every document of ``corpus`` (sidecars aside) read, segmented, cleaned and extracted, in one batch."""
    paths = sorted(p for p in corpus.iterdir() if p.is_file() and not is_sidecar(p))
    sources = [read_document(p) for p in paths]
    return extract_many([(s, clean(s.text, segment(s.text))) for s in sources])


def run(corpus: Path, gold_dir: Path, extractions: list[Extraction] | None = None,
        ) -> tuple[dict[str, list[int]], dict[str, tuple[Extraction, dict]]]:
    """The scores of ``corpus`` against ``gold_dir``; ``extractions``: :func:`extract_folder`'s of the corpus, when
    already made (the test suite makes each set's once per run)."""
    if extractions is None:
        extractions = extract_folder(corpus)
    # gold files are named after the document's file (its key in the graph may be spelled otherwise)
    EXTRACTIONS.update({Path(e.document.file_name).stem: e for e in extractions})
    totals: dict[str, list[int]] = {}
    per_doc = {}
    for e in extractions:
        name = Path(e.document.file_name).stem
        gold_file = gold_dir / f"{name}.yaml"
        if not gold_file.exists():
            continue
        g = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        gf, pf = gold_facts(name, g), predicted(name, e)
        per_doc[name] = (e, {k: (gf[k], pf[k]) for k in gf})
        for name in gf:
            tp, fp, fn = compare(name, gf[name], pf[name])
            row = totals.setdefault(name, [0, 0, 0])
            row[0] += tp
            row[1] += fp
            row[2] += fn
    return totals, per_doc


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(title: str, totals: dict[str, list[int]]) -> float:
    print(f"== {title}")
    print(f"{'category':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}")
    all_ = [0, 0, 0]
    for name, (tp, fp, fn) in totals.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{name:<22}{tp:>5}{fp:>5}{fn:>5}{p:>7.2f}{r:>7.2f}{f:>7.2f}")
        all_ = [all_[0] + tp, all_[1] + fp, all_[2] + fn]
    p, r, f = prf(*all_)
    print(f"micro-F1 {f:.3f} (P {p:.3f} R {r:.3f})")
    return f


RuleTally = dict[tuple[str, str], list[float]]


def tally_rules(tally: RuleTally, stem: str, e: Extraction, cats: dict[str, tuple[object, object]]) -> None:
    """Add one document's facts to ``tally[(category, rule)] = [right, wrong]``."""

    def add(category: str, rule: str | None, right: float) -> None:
        row = tally.setdefault((category, rule or "?"), [0.0, 0.0])
        row[0] += right
        row[1] += 1 - right

    gold_fundings = sorted(cats["fundings"][0])  # type: ignore[call-overload]
    for f in sorted(e.fundings, key=lambda f: f.evidence.start):
        hit = next(
            (
                g
                for g in gold_fundings
                if g[1] == f.funder_kind and abs(g[2] - float(f.amount)) <= float(TOLERANCE) * g[2]
            ),
            None,
        )
        if hit:
            gold_fundings.remove(hit)
        add("fundings", f.evidence.rule, 1.0 if hit else 0.0)
    gold_axes: Counter = cats["actions by axis"][0]  # type: ignore[assignment]
    by_axis = Counter(a.axis for a in e.actions if a.axis is not None)
    for a in e.actions:
        if a.axis is not None:
            n, g = by_axis[a.axis], gold_axes[(stem, a.axis)]
            add("actions", a.evidence.rule, min(g, n) / n)
    gold_dates: set = cats["signatures (dated)"][0]  # type: ignore[assignment]
    for s in e.signatures:
        if s.date:
            add("signatures", s.evidence.rule, float((stem, s.date.isoformat()) in gold_dates))
    gold_people: set = cats["people"][0]  # type: ignore[assignment]
    for m in e.memberships:
        add("people", m.evidence.rule, float((stem, norm_name(m.person)) in gold_people))


def report_rules(tally: RuleTally) -> None:
    print("== rules (summed over the sets above): right, wrong, precision")
    for (category, rule), (right, wrong) in sorted(tally.items(), key=lambda kv: (kv[0][0], -kv[1][1])):
        print(f"{category:<11} {rule:<48} {right:>6.1f} {wrong:>6.1f} {right / (right + wrong):>6.2f}")


def _quote(e: Extraction, start: int, end: int, width: int = 110) -> str:
    text = " ".join(e.document.text[start:end].split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _facts(e: Extraction) -> list[tuple[str, object, str]]:
    """(category, value, rule/mentions) for every fact of an extraction, in text order."""
    rows: list[tuple[int, str, object, object]] = []
    for f in e.fundings:
        rows.append((f.evidence.start, "funding", (f.funder_kind, float(f.amount), f.recipient), f.evidence))
    for s in e.signatures:
        rows.append((s.evidence.start, "signature", (s.kind, s.date and s.date.isoformat()), s.evidence))
    for m in e.memberships:
        rows.append((m.evidence.start, "person", (m.person, m.role), m.evidence))
    for a in e.actions:
        value = (a.axis, a.action_type, [c.places for c in a.capacities], a.age_min, a.age_max)
        rows.append((a.evidence.start, "action", value, a.evidence))
    for o in e.observations:
        rows.append((o.evidence.start, "observation", (o.label, float(o.value), o.unit), o.evidence))
    return [(cat, value, ev) for _, cat, value, ev in sorted(rows, key=lambda r: (r[0], r[1]))]  # type: ignore


def explain(stem: str, cats: dict[str, tuple[object, object]]) -> None:
    """Print mention → rule → fact for every fact of one document, then what the gold has that was missed."""
    from ingest.extract import explain_actions, explain_amounts

    e = EXTRACTIONS[stem]
    print(f"== explain {stem}: départements {e.departements} (focus {e.focus})")
    for cat, value, ev in _facts(e):
        print(f"  {cat:<11} {value}")
        print(f"      rule {ev.rule or '?'}  mentions {', '.join(ev.mentions) or '-'}")
        print(f"      « {_quote(e, ev.start, ev.end)} »")
    for mention, rule in explain_amounts(e):
        print(f"  not a funding: {mention.text!r} at {mention.start} — rule {rule}")
    for start, end, rule in explain_actions(e):
        print(f"  not an action: « {_quote(e, start, end, 80)} » — rule {rule}")
    for cat, (g, p) in cats.items():
        missing = g - p  # type: ignore[operator]
        if cat == "fundings":
            missing = {x for x in g if not any(y[1] == x[1] and abs(y[2] - x[2]) <= 0.005 * x[2] for y in p)}
        for item in sorted(missing):
            print(f"  MISSED {cat}: {item}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    ap.add_argument("--show", action="append", default=[], help="document stem to detail (misses and extras)")
    ap.add_argument("--diff", action="store_true", help="print every miss and extra")
    ap.add_argument("--explain", action="append", default=[], help="document stem: mention → rule → fact, and misses")
    ap.add_argument("--rules", action="store_true", help="right and wrong facts per rule, over every set run")
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="a folder of documents (with --gold) instead of a named set; repeatable",
    )
    ap.add_argument("--gold", type=Path, action="append", default=[], help="the gold folder for each --corpus")
    args = ap.parse_args()
    custom = [f"custom {c}" for c in args.corpus]
    for i, corpus in enumerate(args.corpus):
        SETS[custom[i]] = (corpus, args.gold[i] if i < len(args.gold) else corpus)
    rules: RuleTally = {}
    for name in custom or args.set or sorted(SETS, reverse=True):
        corpus, gold = SETS[name]
        if not corpus.exists() or not gold.exists():
            continue
        totals, per_doc = run(corpus, gold)
        report("custom" if len(custom) == 1 else name, totals)
        for stem, (e, cats) in per_doc.items():
            tally_rules(rules, stem, e, cats)
            if stem in args.explain:
                explain(stem, cats)
            if not (args.diff or stem in args.show):
                continue
            for cat, (g, p) in cats.items():
                if isinstance(g, Counter):
                    missing, extra = g - p, p - g
                else:
                    missing, extra = g - p, p - g
                if cat == "fundings":
                    extra = {x for x in p if not any(y[1] == x[1] and abs(y[2] - x[2]) <= 0.005 * y[2] for y in g)}
                    missing = {x for x in g if not any(y[1] == x[1] and abs(y[2] - x[2]) <= 0.005 * x[2] for y in p)}
                if missing or extra:
                    print(f"  {stem} {cat}: missing {sorted(missing)} extra {sorted(extra)}")
            if stem in args.show:
                for a in e.actions:
                    print(f"    A{a.axis} {a.action_type} {a.age_min}-{a.age_max} | {a.label[:100]}")
    if args.rules:
        report_rules(rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
