"""Writing results: stdout, or a file written whole (temp file, then rename)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from summarizer.errors import ConfigError
from summarizer.fileio import ensure_writable, was_read, write_atomic


def format_for(
    output: Path | None, given: str | None, by_suffix: dict[str, str], default: str
) -> str:
    """The output format: ``--format`` when given, else from -o's extension (one this
    command does not write is a usage error naming the ones it does), else ``default``."""
    if given is not None:
        return given
    if _is_stdout(output) or output is None or not output.suffix:
        return default
    suffix = output.suffix.lower()
    if suffix not in by_suffix:
        import typer

        known = ", ".join(sorted(by_suffix))
        raise typer.BadParameter(
            f"{output.name}: no format writes {suffix} files; use one of {known}, or "
            "--format to choose",
            param_hint="-o",
        )
    return by_suffix[suffix]


def _is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def check_output(
    path: Path | None,
    inputs: Iterable[str | Path | None] = (),
    *,
    store: str | Path | None = None,
    input_file: Path | None = None,
) -> None:
    """Fail before any model work when the output cannot be written, or is one of the
    inputs, the result store or the list of inputs (writing it would destroy what is being
    read or kept)."""
    if not _is_stdout(path):
        assert path is not None
        check_not_ours(path, inputs, store=store, input_file=input_file)
        ensure_writable(path)


def check_not_ours(
    path: Path,
    inputs: Iterable[str | Path | None] = (),
    *,
    store: str | Path | None = None,
    input_file: Path | None = None,
) -> None:
    """Refuse an output path that names an input, the result store (``store``; None is
    the default store) or the ``--input-file`` list."""
    for given in inputs:
        if given is not None and str(given) != "-" and same_file(path, Path(given)):
            raise ConfigError(
                f"{path} is one of the inputs: not overwritten",
                hint="write the output to another file (-o)",
            )
    for label, other in (("the result store", Path(store) if store else _configured_store()),
                         ("the list of inputs (--input-file)", input_file)):  # fmt: skip
        if other is not None and same_file(path, other):
            raise ConfigError(f"{path} is {label}: not overwritten",
                              hint="write the output to another file")  # fmt: skip


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
    if was_read(path):  # the article a saved summary names, read again for its evidence
        raise ConfigError(
            f"{path} was read by this command (an input, or the article a summary names): "
            "not overwritten",
            hint="write the output to another file (-o)",
        )
    write_atomic(path, text)


def _configured_store() -> Path:
    """The result store the settings name (SUMMARIZER_STORE, the config file), else the
    default one: what a command that takes no --store would still destroy."""
    from summarizer.errors import SummarizerError
    from summarizer.runs.store import default_path

    try:
        from summarizer.config import load_settings

        configured = load_settings().store
    except SummarizerError:
        configured = None
    return Path(configured) if configured else default_path()
