"""`summarizer batch`: a command with sub-commands. ``summarizer batch INPUT… -o OUT``
runs the batch (the hidden default command, ``run``); ``import``, ``status``,
``collect`` and ``run-requests`` handle batch jobs handed to other engines."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.20 ships its own copy of click
    from typer._click.core import Context
except ImportError:  # pragma: no cover - typer that uses the click package
    from click.core import Context  # type: ignore[assignment]

from summarizer.cli.app import app

DEFAULT = "run"


class BatchGroup(TyperGroup):
    """Arguments that do not start with a sub-command's name go to the default command,
    and so does ``--help``: `summarizer batch -h` shows the batch options and lists the
    sub-commands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        return ("" if name == DEFAULT else name), command, rest


class _Context(Context):
    @property
    def command_path(self) -> str:
        return str(super().command_path).rstrip()  # the default command has no name


class DefaultCommand(TyperCommand):
    """The default command: its usage reads `summarizer batch [OPTIONS] …`, and its help
    ends with the group's sub-commands."""

    context_class = _Context

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        group = ctx.parent.command if ctx.parent is not None else None
        if not isinstance(group, TyperGroup):
            return
        rows = [
            (name, group.commands[name].get_short_help_str(limit=70))
            for name in group.list_commands(ctx)
            if name != DEFAULT and not group.commands[name].hidden
        ]
        if rows:
            with formatter.section("Commands (summarizer batch COMMAND -h for more)"):
                formatter.write_dl(rows)


batch_app = typer.Typer(
    cls=BatchGroup,
    help="Summarise many articles to JSONL (resumable, cached), or hand them to a batch "
    "engine (OpenAI Batch API, vLLM run-batch, any OpenAI-compatible server).",
    rich_markup_mode=None,
    no_args_is_help=False,
)
app.add_typer(batch_app, name="batch")
