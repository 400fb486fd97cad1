"""`summarizer schema`: print (or export) the JSON Schema of the public output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.cli.app import app, echo_err, examples


@app.command(
    epilog=examples(
        "summarizer schema",
        "summarizer schema Briefing | jq '.properties | keys'",
        "summarizer schema --export schemas",
    )
)
def schema(
    name: Annotated[
        Literal["ArticleSummary", "Briefing"],
        typer.Argument(help="The model whose schema to print."),
    ] = "ArticleSummary",
    export_dir: Annotated[
        Path | None,
        typer.Option("--export", help="Write every public schema into this folder (schemas/)."),
    ] = None,
) -> None:
    """Print the JSON Schema of the output contract (schema_version 1)."""
    from summarizer.cli.output import write_output
    from summarizer.devtools.schema_export import export, schema_text

    if export_dir is not None:
        for path in export(export_dir):
            echo_err(f"wrote {path}")
        return
    write_output(schema_text(name), None)
