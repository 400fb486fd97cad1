"""`summarizer schema`: print (or export) the JSON Schema of the public output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.app import app, echo_err
from summarizer.cli.output import write_output
from summarizer.models import PUBLIC_MODELS
from summarizer.schema_export import export, schema_text


@app.command()
def schema(
    name: Annotated[
        str, typer.Argument(help=f"Model name: {', '.join(PUBLIC_MODELS)}.")
    ] = "ArticleSummary",
    export_dir: Annotated[
        Path | None,
        typer.Option("--export", help="Write every public schema into this folder (schemas/)."),
    ] = None,
) -> None:
    """Print the JSON Schema of the output contract (schema_version 1)."""
    if export_dir is not None:
        for path in export(export_dir):
            echo_err(f"wrote {path}")
        return
    if name not in PUBLIC_MODELS:
        raise typer.BadParameter(f"unknown model {name!r}; choose from {', '.join(PUBLIC_MODELS)}")
    write_output(schema_text(name), None)
