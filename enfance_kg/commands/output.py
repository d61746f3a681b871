"""Writing a command's result: to a file given with ``--output`` (whole or not at all), or to standard output.

A result is written to ``NAME.part`` beside the file and renamed over it once complete, so a
failure never leaves half a file under the name asked for. Every way writing can fail (a
missing folder, no permission, a full disk) is an :class:`OutputError` naming the place.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from enfance_kg.errors import OutputError


@contextlib.contextmanager
def _writing_to(path: Path) -> Iterator[IO[bytes]]:
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    tmp = path.with_name(f".{path.name}.part")
    try:
        handle = open(tmp, "wb")  # noqa: SIM115 (closed below, the file renamed only when complete)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err
    try:
        with handle:
            yield handle
        tmp.replace(path)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_result(output: Path | None, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write(handle)`` on the ``--output`` file, or on standard output when none is given."""
    if output is not None:
        with _writing_to(output) as handle:
            write(handle)
        return
    stdout = sys.stdout.buffer
    try:
        write(stdout)
        stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI ends quietly
    except OSError as err:
        raise OutputError(f"cannot write to standard output: {err.strerror or err}") from err
