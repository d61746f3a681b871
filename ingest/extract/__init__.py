"""French text → facts: the extraction stage of the pipeline.

``extract(source, sentences)`` reads one document (its sentences come from the segmenter,
boilerplate flagged) and returns an ``Extraction``: document metadata, the départements
it is about and its focus, people and their posts, signatures, funding commitments,
actions and indicators, each fact with the span of text that states it.
``extract_many`` does the same for many documents, parsing all their sentences in
batches with spaCy. See the modules for each grammar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ingest.model import Extraction, Membership, Mention, Sentence, SourceDocument
from ingest.segment import reading

from .actions import extract_actions, names_measure
from .context import add_dates, add_people, build_context
from .fundings import extract_fundings
from .metadata import document_kind, find_byline, find_published, find_title, publisher_for
from .money import find_money
from .nlp import may_name_person, parse_all
from .observations import extract_observations
from .people import extract_people
from .signatures import extract_signatures

__all__ = ["explain_actions", "explain_amounts", "extract", "extract_many"]


def _kept(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences extraction reads: not boilerplate, and as they read when they span lines (same offsets)."""
    kept = []
    for sentence in sentences:
        if not sentence.boilerplate and sentence.text.strip():
            read = reading(sentence.text)
            kept.append(sentence if read == sentence.text else replace(sentence, text=read))
    return kept


def explain_amounts(extraction: Extraction) -> list[tuple[Mention, str]]:
    """The amounts of money of a document that are no commitment, and the rule that said so."""
    from .fundings import skipped

    kept = _kept(extraction.sentences)
    docs = parse_all((s.text for s in kept), analyse=_needs_tags, parse=_needs_parse)
    ctx = build_context(extraction.document, kept, docs)
    ctx.published = extraction.published
    return [(mention, decision.rule) for mention, decision in skipped(ctx)]


def explain_actions(extraction: Extraction) -> list[tuple[int, int, str]]:
    """The passages with the words of a measure that a rule said hold none, and that rule's id."""
    from .actions import read_actions

    kept = _kept(extraction.sentences)
    docs = parse_all((s.text for s in kept), analyse=_needs_tags, parse=_needs_parse)
    ctx = build_context(extraction.document, kept, docs)
    ctx.published = extraction.published
    return read_actions(ctx, _role_spans(extraction.memberships, ctx.text)).skipped


def _role_spans(memberships: Iterable[Membership], text: str) -> list[tuple[int, int]]:
    """Where people's names and roles stand, which never name a measure: a membership's quote when it gives a role
    (« éducateur dans une maison d'enfants de Béziers ») or holds the person's words in quotation marks; for a person
    named without a role in a sentence that reports what they did (« Lucienne Faivre a présenté les grandes lignes : …
    une équipe de coordination des parcours … »), whose quote is that sentence, the name alone."""
    spans = []
    for m in memberships:
        start, end = m.evidence.start, m.evidence.end
        quoted = any(mark in text[start:end] for mark in "«»“”")
        at = text.find(m.person, start, end) if m.role is None and not quoted else -1
        spans.append((at, at + len(m.person)) if at >= 0 else (start, end))
    return spans


def _needs_parse(text: str) -> bool:
    return bool(find_money(text))


def _needs_tags(text: str) -> bool:
    return may_name_person(text) or names_measure(text)


def extract(source: SourceDocument, sentences: list[Sentence]) -> Extraction:
    """Every fact of one document; ``sentences`` flagged ``boilerplate`` are skipped."""
    return extract_many([(source, sentences)])[0]


def extract_many(documents: Iterable[tuple[SourceDocument, list[Sentence]]],
                 on_parsed: Callable[[int], None] | None = None) -> list[Extraction]:
    """``extract`` for many documents, with one batched spaCy pass over all their sentences.

    ``on_parsed(characters)`` is called as sentences are analysed, for a progress bar."""
    items = [(source, _kept(sentences), sentences) for source, sentences in documents]
    # sentences with an amount get the dependency parse; those that may name a person or a measure the tagger
    docs = parse_all((s.text for _, kept, _ in items for s in kept), analyse=_needs_tags, parse=_needs_parse,
                     on_parsed=on_parsed)
    results = []
    position = 0
    for source, kept, all_sentences in items:
        own = docs[position : position + len(kept)]
        position += len(kept)
        results.append(_extract_one(source, kept, all_sentences, own))
    return results


def _extract_one(source: SourceDocument, kept: list[Sentence], all_sentences: list[Sentence], docs) -> Extraction:
    ctx = build_context(source, kept, docs)
    ctx.published = source.published or find_published(ctx)
    add_dates(ctx)
    author, outlet = find_byline(ctx)
    kind = source.kind or document_kind(ctx, author is not None or outlet is not None)
    captions = [s for s in all_sentences if s.boilerplate and "\n" not in s.text]
    memberships, person_spans = extract_people(ctx, captions)
    add_people(ctx, person_spans)
    extraction = Extraction(
        document=source,
        sentences=all_sentences,
        title=source.title or find_title(kept, source.text),
        published=ctx.published,
        publisher=publisher_for(ctx, kind, source.publisher or outlet),
        author=source.author or author,
        kind=kind,  # type: ignore[arg-type]
        departements=list(ctx.departements),
        focus=ctx.focus,
    )
    extraction.memberships = memberships
    extraction.signatures = extract_signatures(ctx, person_spans)
    extraction.fundings = extract_fundings(ctx)
    extraction.actions = extract_actions(ctx, _role_spans(memberships, ctx.text))
    extraction.observations = extract_observations(ctx)
    return extraction
