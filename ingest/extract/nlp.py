"""The French spaCy pipeline, loaded once per process.

``fr_core_news_sm`` without the lemmatizer and the dependency parser: the extractor uses
its tokens, morphology (verb forms) and named entities; sentences come from the
segmenter. Loading takes a fraction of a second instead of several.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared pipeline (tokenizer, tok2vec, morphologizer, attribute ruler, NER)."""
    return spacy.load(MODEL, exclude=["lemmatizer", "parser"])


def parse_all(texts: Iterable[str], batch_size: int = 64) -> list[Doc]:
    """Parse many short texts in batches (``nlp.pipe``)."""
    return list(nlp().pipe(texts, batch_size=batch_size))
