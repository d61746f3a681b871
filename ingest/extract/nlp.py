"""The French spaCy pipeline, loaded once per process.

``fr_core_news_sm`` without the lemmatizer and the dependency parser: the extractor uses
its tokens, morphology (verb forms) and named entities; sentences come from the
segmenter. Loading takes a fraction of a second instead of several; the French tokenizer's
pattern for hyphenated words is compiled in a compact form (see ``_compact_token_match``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared pipeline (tokenizer, tok2vec, morphologizer, attribute ruler, NER)."""
    with _compact_token_match():
        return spacy.load(MODEL, exclude=["lemmatizer", "parser"])


def _compact(pattern: str) -> str:
    """spaCy's French ``token_match`` (hyphenated and elided words kept whole) with each spelled-out
    letter class written ``\\w``: the same tokens for French text, and a 10 kB pattern instead of 1.45 MB."""
    from spacy.lang.char_classes import ALPHA, ALPHA_LOWER

    return pattern.replace(ALPHA, r"\w").replace(ALPHA_LOWER, r"\w")


@contextmanager
def _compact_token_match():
    """While the French language module is imported and the model's tokenizer is read (each compiles the
    ``token_match`` pattern), compile it in its compact form: the original takes seconds at every start."""
    compile_ = re.compile

    def compact_compile(pattern, flags=0):
        if isinstance(pattern, str) and len(pattern) > 100_000 and pattern.startswith("(?iu)"):
            pattern = _compact(pattern)
        return compile_(pattern, flags)

    re.compile = compact_compile
    try:
        yield
    finally:
        re.compile = compile_


# a sentence needs the statistical models when it may name a person (two capitalised words in a row)
# or hold a measure (its verbs decide where clauses end); the others only need tokens
_TWO_CAPITALS = re.compile(r"[A-ZÀ-Ý][\w'’-]*[ \u00a0]+(?:(?:de|du|d'|d’|le|la)[ \u00a0]?)?[A-ZÀ-Ý]")


def needs_analysis(text: str) -> bool:
    from .actions import has_action_label

    return bool(_TWO_CAPITALS.search(text)) or has_action_label(text)


def parse_all(texts: Iterable[str], batch_size: int = 64,
              on_parsed: Callable[[int], None] | None = None) -> list[Doc]:
    """Analyse many short texts in batches (``nlp.pipe``); texts that cannot hold a name or a measure
    are only tokenised, which is much faster and changes no result. ``on_parsed(characters)`` is
    called after each text (progress inside a long document)."""
    texts = list(texts)
    pipeline = nlp()
    wanted = [i for i, text in enumerate(texts) if needs_analysis(text)]
    analysed = {}
    for i, doc in zip(wanted, pipeline.pipe((texts[i] for i in wanted), batch_size=batch_size), strict=True):
        analysed[i] = doc
        if on_parsed is not None:
            on_parsed(len(texts[i]))
    docs = []
    for i, text in enumerate(texts):
        if i in analysed:
            docs.append(analysed[i])
            continue
        docs.append(pipeline.make_doc(text))
        if on_parsed is not None:
            on_parsed(len(text))
    return docs
