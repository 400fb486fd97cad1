"""The Typer application and the one place where errors become messages and exit codes.

Nothing heavy is imported here: commands import what they need when they run, so
``summarizer --help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarizer.cli.terminal import for_terminal, shown_path
from summarizer.errors import SummarizerError
from summarizer.fileio import guard_reads
from summarizer.version import __version__

try:  # typer ≥ 0.20 ships its own copy of click: its ClickException is the one raised
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - typer that uses the click package
    from click.exceptions import ClickException  # type: ignore[assignment]

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 2 bad input or usage, 3 configuration, 4 model not installed, "
    "5 backend failure, 6 the model never gave a valid answer, 7 recordings, 8 a budget "
    "stopped a batch, 70 internal error, 130 Ctrl-C, 143 SIGTERM. See docs/failures.md."
)


# a path the system refuses whatever the file: a name or path too long, a symlink loop
_PATH_ERRNOS = frozenset({errno.ENAMETOOLONG, errno.ELOOP})


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be: the same clean-up, exit 143."""


_SIGNALLED: list[int] = []  # the exit codes of the signals this command received


def _on_term(signum: int, frame: Any) -> None:
    _SIGNALLED.append(143)  # remembered: a raise inside a __del__ is printed and lost
    raise Terminated()


def _on_int(signum: int, frame: Any) -> None:
    _SIGNALLED.append(130)
    raise KeyboardInterrupt()


def _signal_code(exc: BaseException) -> int | None:
    """130 or 143 when ``exc`` is, or wraps, a Ctrl-C or SIGTERM (pydantic-core turns
    one raised while it builds a schema into a SchemaError), or one was received."""
    seen: BaseException | None = exc
    visited: set[int] = set()  # instructor's retry error and the one it wraps point at
    while seen is not None and id(seen) not in visited:  # each other: a loop
        visited.add(id(seen))
        if isinstance(seen, KeyboardInterrupt):
            return 143 if isinstance(seen, Terminated) else 130
        seen = seen.__cause__ or seen.__context__
    return _SIGNALLED[-1] if _SIGNALLED else None


def _stop_for_signal(ctx: Any, code: int) -> None:
    typer.echo("terminated" if code == 143 else "interrupted", err=True)
    ctx.exit(code)


def _terminate_as_interrupt() -> None:
    """SIGTERM ends a command as Ctrl-C does (outputs kept whole, the run marked in the
    store), with exit code 143 (128 + 15)."""
    try:
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, _on_term):
            signal.signal(signal.SIGTERM, _on_term)
        if signal.getsignal(signal.SIGINT) in (signal.default_int_handler, _on_int):
            signal.signal(signal.SIGINT, _on_int)
    except ValueError:  # not the main thread (a library caller's worker)
        pass


def _opened_stores() -> set[Any]:
    """The result stores open now (none where no command has imported the store yet)."""
    module = sys.modules.get("summarizer.runs.store")
    return module.opened_stores() if module is not None else set()


class _Group(TyperGroup):
    """Translate SummarizerError into a one-line message and its exit code, once."""

    def invoke(self, ctx: Any) -> Any:
        _terminate_as_interrupt()
        _SIGNALLED.clear()
        guard_reads()
        before = _opened_stores()
        try:
            result = self._invoke(ctx)
        finally:  # what the command opened, closed now: the last close checkpoints the WAL
            for store in _opened_stores() - before:
                store.close()
        if _SIGNALLED:  # a signal whose exception was lost on the way: still its exit code
            _stop_for_signal(ctx, _SIGNALLED[-1])
        return result

    def _invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SummarizerError as exc:
            typer.echo(f"error: {for_terminal(exc.message)}", err=True)
            if exc.hint:
                typer.echo(f"hint: {for_terminal(exc.hint)}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated)
            _stop_for_signal(ctx, 143 if isinstance(exc, Terminated) else 130)
        except (ClickException, typer.Exit, typer.Abort):
            raise  # usage errors: click prints the usage and exits 2
        except BrokenPipeError:  # output piped into `head` and the like
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:
            code = _signal_code(exc)
            if code is not None:
                _stop_for_signal(ctx, code)
            if isinstance(exc, OSError) and exc.errno in _PATH_ERRNOS and exc.filename:
                typer.echo(f"error: {shown_path(str(exc.filename))}: {exc.strerror}", err=True)
                typer.echo("hint: use a shorter path (each name at most 255 bytes)", err=True)
                ctx.exit(2)
            if os.environ.get("SUMMARIZER_DEBUG"):
                raise
            typer.echo(f"internal error: {type(exc).__name__}: {for_terminal(str(exc))}", err=True)
            typer.echo(
                "hint: rerun with SUMMARIZER_DEBUG=1 for a traceback, and report it", err=True
            )
            ctx.exit(70)


app = typer.Typer(
    cls=_Group,
    name="summarizer",
    help=(
        "Turn news articles into structured, source-grounded briefing data: events, "
        "country positions and peace-proposal stances, each citing the exact sentence "
        "that supports it."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Turn news articles into structured, source-grounded briefing data: events, country
    positions and peace-proposal stances, each citing the exact sentence that supports it."""
    # Libraries below us log retries and failures themselves; the CLI reports errors once.
    for name in ("instructor", "httpx", "openai"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def echo_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def examples(*lines: str) -> str:
    """An epilog of example commands, kept as written (``\\b`` stops click re-wrapping)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)
