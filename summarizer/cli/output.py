"""Writing results: stdout, or a file written whole (temp file, then rename)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from summarizer.errors import ConfigError
from summarizer.fileio import ensure_writable, write_atomic


def _is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def check_output(path: Path | None, inputs: Iterable[str | Path | None] = ()) -> None:
    """Fail before any model work when the output cannot be written, or is one of the
    inputs (writing it would destroy what is being read)."""
    if not _is_stdout(path):
        assert path is not None
        for given in inputs:
            if given is not None and str(given) != "-" and same_file(path, Path(given)):
                raise ConfigError(
                    f"{path} is one of the inputs: not overwritten",
                    hint="write the output to another file (-o)",
                )
        ensure_writable(path)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links and relative paths resolved)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def write_output(text: str, path: Path | None) -> None:
    if _is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert path is not None
    write_atomic(path, text)
