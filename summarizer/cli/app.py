"""The Typer application and the one place where errors become messages and exit codes."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from summarizer.errors import SummarizerError


class _Group(TyperGroup):
    """Translate SummarizerError into a one-line message and its exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SummarizerError as exc:
            click.echo(f"error: {exc.message}", err=True)
            if exc.hint:
                click.echo(f"hint: {exc.hint}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, typer.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` and the like
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:
            if os.environ.get("SUMMARIZER_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo(
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
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Libraries below us log retries and failures themselves; the CLI reports errors once.
for _name in ("instructor", "httpx", "openai"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def echo_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
