"""Writing results: stdout, or a file written whole (temp file, then rename)."""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.fileio import ensure_writable, write_atomic


def _is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def check_output(path: Path | None) -> None:
    """Fail before any model work when the output cannot be written."""
    if not _is_stdout(path):
        assert path is not None
        ensure_writable(path)


def write_output(text: str, path: Path | None) -> None:
    if _is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert path is not None
    write_atomic(path, text)
