"""Reading the developer tooling's own TOML files (gold annotations, case manifests)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from summarizer.errors import InputError, InputNotFound

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: Path, what: str, hint: str | None = None) -> dict[str, Any]:
    """A TOML file as a dict; a missing, unreadable, binary or malformed file is an
    InputError (exit 2) that names it."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such {what}", hint=hint) from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}", hint=hint) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not a {what} (not UTF-8 text, byte {exc.start})", hint=hint
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if "\x00" in text:
        raise InputError(f"{path}: not a {what} (binary data)", hint=hint)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid {what} ({exc})", hint=hint) from None
