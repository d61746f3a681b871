"""The French spaCy pipeline, loaded once per process.

``fr_core_news_sm`` without the lemmatizer: tokens, morphology (verb forms), named entities
and, on the sentences that hold an amount of money, the dependency parse (who pays whom is
read from it, see ``fundings.py``). Sentences come from the segmenter. The French tokenizer's
pattern for hyphenated words is compiled in a compact form (see ``_compact_token_match``),
which makes loading take a fraction of a second instead of several.
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
    """The shared pipeline (tokenizer, tok2vec, morphologizer, parser, attribute ruler, NER)."""
    with _compact_token_match():
        return spacy.load(MODEL, exclude=["lemmatizer"])


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


# a sentence needs the statistical models when it may name a person (two capitalised words in a row);
# the caller adds its own reasons (a measure whose verbs decide where clauses end)
_TWO_CAPITALS = re.compile(r"[A-ZÀ-Ý][\w'’-]*[ \u00a0]+(?:(?:de|du|d'|d’|le|la)[ \u00a0]?)?[A-ZÀ-Ý]")


def may_name_person(text: str) -> bool:
    return bool(_TWO_CAPITALS.search(text))


def _plain_apostrophes(text: str) -> str:
    """``text`` with the typographic apostrophe (’, U+2019) written ', one character for one: the French model's
    tokenizer splits elisions only at ' (« l’État apporte » is read as one noun « l’ » and no subject)."""
    return text.replace("\u2019", "'") if "\u2019" in text else text


def parse_all(
    texts: Iterable[str],
    *,
    analyse: Callable[[str], bool],
    parse: Callable[[str], bool],
    batch_size: int = 64,
    on_parsed: Callable[[int], None] | None = None,
) -> list[Doc]:
    """Analyse many short texts in batches (``nlp.pipe``): the texts ``parse`` selects get the whole
    pipeline with the dependency parser, those ``analyse`` selects all of it but the parser, the others
    are only tokenised (much faster, and no grammar reads their tags). ``on_parsed(characters)`` is
    called after each text (progress inside a long document)."""
    texts = [_plain_apostrophes(text) for text in texts]
    pipeline = nlp()
    parsed = [i for i, text in enumerate(texts) if parse(text)]
    chosen = set(parsed)
    tagged = [i for i, text in enumerate(texts) if i not in chosen and analyse(text)]
    docs: dict[int, Doc] = {}

    def run(indexes: list[int]) -> None:
        for i, doc in zip(indexes, pipeline.pipe((texts[i] for i in indexes), batch_size=batch_size), strict=True):
            docs[i] = doc
            if on_parsed is not None:
                on_parsed(len(texts[i]))

    run(parsed)
    with pipeline.select_pipes(disable=["parser"]):
        run(tagged)
    result = []
    for i, text in enumerate(texts):
        if i not in docs:
            docs[i] = pipeline.make_doc(text)
            if on_parsed is not None:
                on_parsed(len(text))
        result.append(docs[i])
    return result
