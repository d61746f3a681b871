"""Errors the product reports to its users, each saying what went wrong and where."""

from __future__ import annotations


class EnfanceKGError(Exception):
    """Base class: a problem the user can act on (exit status 2 on the CLI)."""


class StoreError(EnfanceKGError):
    """The store is missing, unreadable or being built."""


class StoreBusy(StoreError):
    """Another process is writing the store, and the command was told not to wait."""


class InputError(EnfanceKGError):
    """A file given by the user cannot be read or parsed; the message names it and the reason."""


class QueryError(EnfanceKGError):
    """A saved query is unknown, badly written, or called with bad parameters."""


class _AtPosition(EnfanceKGError):
    """An error in a text the user gave; ``line`` and ``column`` (1-based) say where, when known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QuerySyntaxError(_AtPosition, QueryError):
    """A query that does not parse; ``line`` and ``column`` (1-based) say where, when known."""


class QueryRefused(QuerySyntaxError):
    """A well-formed request this product never runs: an update, a ``SERVICE`` call, a graph from elsewhere."""


class QueryTimeout(EnfanceKGError):
    """A query ran past its time limit and was stopped."""


class RdfSyntaxError(_AtPosition, InputError):
    """RDF data that does not parse; ``line`` and ``column`` (1-based) say where, when known."""


class DataRefused(InputError):
    """Data this product will not process as given: an ``owl:imports``, a remote context to fetch."""


class OutputError(EnfanceKGError):
    """A result cannot be written where the user asked (a missing folder, a full disk, no permission)."""
