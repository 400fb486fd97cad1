"""Command-line interface: one module per command, registered on one Typer app."""

from summarizer.cli import batch, brief, clean, evaluate, export, fixtures, logs, schema, summarize  # noqa: F401  (registers)
from summarizer.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
