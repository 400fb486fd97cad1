"""Command-line interface: one module per command, registered on one Typer app."""

# Importing a command module registers its command on the app.
from summarizer.cli import batch as batch
from summarizer.cli import batch_jobs as batch_jobs
from summarizer.cli import brief as brief
from summarizer.cli import clean as clean
from summarizer.cli import evaluate as evaluate
from summarizer.cli import export as export
from summarizer.cli import fixtures as fixtures
from summarizer.cli import logs as logs
from summarizer.cli import schema as schema
from summarizer.cli import summarize as summarize
from summarizer.cli import track as track
from summarizer.cli import view as view
from summarizer.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
