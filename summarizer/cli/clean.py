"""`summarizer clean`: show exactly what text (and which sentences) the model would see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.cli.app import app, examples
from summarizer.cli.options import KeepBoilerplateOpt


@app.command(
    epilog=examples(
        "summarizer clean article.html",
        "summarizer clean article.txt -f json | jq '.sentences[] | [.id, .text]'",
        "curl -s URL | summarizer clean -",
    )
)
def clean(
    input: Annotated[str, typer.Argument(help="Text or HTML file (gzip ok), http(s) URL, or -.")],
    fmt: Annotated[
        Literal["text", "json"],
        typer.Option(
            "--format",
            "-f",
            help="text: the cleaned text. json: text, title, "
            "sentences with ids and offsets, and removed lines with reasons.",
        ),
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
) -> None:
    """Clean an article and split it into numbered sentences."""
    from summarizer import api
    from summarizer.cli.output import check_output, write_output

    check_output(output, [input])
    article = api.clean(input, keep_boilerplate=keep_boilerplate)
    if fmt == "text":
        write_output(article.text + "\n", output)
        return
    data = {
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "html": article.html,
        "sha256": article.sha256,
        "text": article.text,
        "sentences": [
            {"id": s.id, "start": s.start, "end": s.end, "text": s.text} for s in article.sentences
        ],
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed],
    }
    write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)
