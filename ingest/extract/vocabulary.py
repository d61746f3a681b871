"""The one place that loads the extractor's vocabulary (``ingest/extract/vocab/*.yaml``).

Word lists and surface patterns are data: each file is read once per process, and the
helpers here turn a list into one compiled alternation. Patterns are written for the
folded text (see :func:`ingest.extract.text.fold`).

>>> bool(pattern("fundings", "share_before").search("4,8 m€, dont"))
True
>>> sorted(section("organisations", "funder_kinds"))
['ars', 'council', 'state']
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

_PACKAGE = "ingest.extract"
FILES = ("organisations", "money", "fundings", "actions", "people", "places", "boilerplate", "rules",
         "signatures")


class VocabularyError(ValueError):
    """A vocabulary file is missing, malformed, or lacks a list the code asks for."""


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed content of ``vocab/<name>.yaml``."""
    if name not in FILES:
        raise VocabularyError(f"unknown vocabulary file {name!r} (known: {', '.join(FILES)})")
    path = resources.files(_PACKAGE).joinpath("vocab", f"{name}.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise VocabularyError(f"vocab/{name}.yaml cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise VocabularyError(f"vocab/{name}.yaml must hold a mapping at its top level")
    return data


def section(name: str, *keys: str) -> Any:
    """``load(name)[keys[0]][keys[1]]…``, with an error naming the file and the missing key."""
    value: Any = load(name)
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise VocabularyError(f"vocab/{name}.yaml has no {'.'.join(keys)!r}")
        value = value[key]
    return value


def words(name: str, *keys: str) -> list[str]:
    """A list of strings from a vocabulary file."""
    value = section(name, *keys)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"vocab/{name}.yaml: {'.'.join(keys)!r} must be a list of strings")
    return value


def alternation(entries: list[str]) -> str:
    """``(?:a|b|c)`` with the longer entries first, so that the longest wording wins."""
    return "(?:" + "|".join(sorted(entries, key=len, reverse=True)) + ")"


@cache
def pattern(name: str, *keys: str, bounded: bool = True, anchor: str = "") -> re.Pattern[str]:
    """One compiled pattern for a list; ``bounded`` puts word boundaries around it, ``anchor`` is
    ``"$"`` (the text must end with an entry, spaces allowed) or ``"^"`` (start with one)."""
    body = alternation(words(name, *keys))
    if bounded:
        body = rf"(?<![\w]){body}(?![\w])"
    if anchor == "$":
        body = rf"{body}\s*$"
    elif anchor == "^":
        body = rf"^\s*{body}"
    return re.compile(body)
