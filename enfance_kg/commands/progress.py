"""Progress of a build on a terminal: a bar over the documents, and one inside a long document.

Drawn with rich on standard error, only when it is a terminal; the bars vanish when the work
is done, leaving the build's summary.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from enfance_kg.store import Holder


class TerminalProgress:
    """Implements :class:`ingest.pipeline.Progress` with rich's live bars (nothing when not on a terminal)."""

    def __init__(self, label: str, *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bars: Any = None
        self._documents: Any = None
        self._inside: Any = None
        self._inside_name: str | None = None

    def _start(self) -> Any:
        if self._bars is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), TextColumn("{task.fields[detail]}"),
                                  console=Console(stderr=True), transient=True)
            self._bars.start()
        return self._bars

    def document(self, done: int, total: int, name: str) -> None:
        if not self.enabled:
            return
        bars = self._start()
        if self._documents is None:
            self._documents = bars.add_task(self.label, total=total, detail="")
        bars.update(self._documents, completed=done, detail=name)
        if self._inside is not None:
            bars.remove_task(self._inside)
            self._inside = self._inside_name = None

    def inside(self, name: str, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        bars = self._start()
        description = f"  {name}: {stage}"
        if self._inside is None or self._inside_name != name:
            if self._inside is not None:
                bars.remove_task(self._inside)
            self._inside = bars.add_task(description, total=total or None, detail="characters" if total else "")
            self._inside_name = name
        bars.update(self._inside, description=description, completed=done, total=total or None,
                    detail="characters" if total else "")

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None


def say_waiting(holder: Holder) -> None:
    """Tell the user why nothing happens yet: another process is writing the store."""
    click.echo(f"waiting: the store is being written by {holder} (--no-wait fails at once instead)", err=True)
