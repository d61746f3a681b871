"""Find near-duplicate documents (a page that repeats most of a press release) and link them.

Each document becomes a set of word 5-grams ("shingles") of its text, boilerplate
sentences left out, words lower-cased without accents, so typography (’ or ', ``**``
bold marks, spacing) does not matter. Two documents are near-duplicates when the
shingles they share make up at least :data:`THRESHOLD` of the smaller set
(containment, not Jaccard: the copy may be a part of the original plus a comment).

Candidate pairs come from an inverted index over the shingles found in few documents,
so the work stays close to linear in the corpus size; the decision is then made on the
full sets. Shingles are hashed with CRC-32, which does not change between runs.

The result depends only on the texts, so a rebuild and an incremental ``add`` find
the same links. Both documents are kept with all their facts: the graph says what
each document states, and ``ekg:nearDuplicateOf`` (written in both directions, each in
its own document's graph) is what lets a query count a repeated fact once.

>>> base = "Le Département des Hauts-de-Seine consacre plus de deux cents millions d'euros à l'enfance. " * 1
>>> texts = {"a": base + "Il ouvre vingt-cinq places d'accueil pour les fratries dès cette année.",
...          "b": base + "Il ouvre vingt-cinq places d'accueil pour les fratries dès cette année. Un commentaire.",
...          "c": "Un tout autre texte sur la Gironde et ses assistants familiaux, sans rapport."}
>>> near_duplicates(texts, min_shingles=5)
[('a', 'b')]
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from rdflib.term import Node

from enfance_kg.iris import Iris
from enfance_kg.namespaces import EKG
from ingest.clean import clean, normalise
from ingest.model import Sentence
from ingest.segment import segment

SHINGLE = 5  # words per shingle
THRESHOLD = 0.5  # shared shingles / shingles of the smaller document
MIN_SHINGLES = 30  # documents with fewer shingles are never called duplicates
RARE = 50  # a shingle in more documents than this does not propose candidates
MIN_SHARED_RARE = 3

_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, sentences: Iterable[Sentence] | None = None) -> frozenset[int]:
    """The hashed word 5-grams of the text's non-boilerplate sentences (cut and cleaned here unless given)."""
    words: list[str] = []
    for sentence in clean(text, segment(text)) if sentences is None else sentences:
        if not sentence.boilerplate:
            words.extend(_WORD.findall(normalise(sentence.text)))
    return frozenset(
        zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(max(0, len(words) - SHINGLE + 1))
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def near_duplicates(
    texts: Mapping[str, str], *, threshold: float = THRESHOLD, min_shingles: int = MIN_SHINGLES
) -> list[tuple[str, str]]:
    """Pairs ``(a, b)`` of keys, ``a < b``, whose texts are near-duplicates; sorted."""
    return similar_pairs({key: shingles(text) for key, text in texts.items()}, threshold=threshold,
                         min_shingles=min_shingles)


def similar_pairs(
    shingle_sets: Mapping[str, frozenset[int]], *, threshold: float = THRESHOLD, min_shingles: int = MIN_SHINGLES
) -> list[tuple[str, str]]:
    """Like :func:`near_duplicates`, from the documents' :func:`shingles`."""
    sets = {key: s for key, s in shingle_sets.items() if len(s) >= min_shingles}
    index: dict[int, list[str]] = defaultdict(list)
    for key in sorted(sets):
        for shingle in sets[key]:
            index[shingle].append(key)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in index.values():
        if 1 < len(keys) <= RARE:
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    shared[(a, b)] += 1
    return sorted(
        pair for pair, count in shared.items()
        if count >= min(MIN_SHARED_RARE, min_shingles) and containment(sets[pair[0]], sets[pair[1]]) >= threshold
    )


def link_quads(pairs: Iterable[tuple[str, str]], iris: Iris) -> list[tuple[Node, Node, Node, Node]]:
    """``ekg:nearDuplicateOf`` both ways, each statement in the graph of the document it describes."""
    quads = []
    for a, b in pairs:
        quads.append((iris.document(a), EKG.nearDuplicateOf, iris.document(b), iris.document_graph(a)))
        quads.append((iris.document(b), EKG.nearDuplicateOf, iris.document(a), iris.document_graph(b)))
    return quads
