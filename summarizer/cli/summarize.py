"""`summarizer summarize`: articles → ArticleSummary (json, markdown or text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.article import Article, load_article
from summarizer.cli.app import app, echo_err
from summarizer.cli.backend_factory import make_backend, make_recorder, recording_flags
from summarizer.cli.output import write_output
from summarizer.cli.progress import Progress
from summarizer.config import load_settings
from summarizer.errors import SummarizerError
from summarizer.models import ArticleSummary
from summarizer.pipeline import summarize_article
from summarizer.render import render


@app.command()
def summarize(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles: text or HTML files (gzip ok), http(s) URLs, or - for stdin.",
            metavar="INPUT...",
        ),
    ],
    backend: Annotated[
        Literal["local", "openai"] | None,
        typer.Option(
            help="local: embedded model in process (default, no key). "
            "openai: any OpenAI-compatible endpoint."
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model name for the openai backend (default gpt-4o-mini).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 [env: OPENAI_BASE_URL]"
        ),
    ] = None,
    model_path: Annotated[
        Path | None, typer.Option(help="Load this GGUF file in the local backend instead.")
    ] = None,
    fmt: Annotated[
        Literal["json", "markdown", "text"],
        typer.Option("--format", "-f", help="json (the public contract), markdown or text."),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    passes: Annotated[
        Literal["single", "multi"],
        typer.Option(
            help="multi: three focused model calls sharing the article prefix. "
            "single: one call for everything."
        ),
    ] = "multi",
    strict: Annotated[
        bool, typer.Option(help="Fail instead of dropping items the article does not support.")
    ] = False,
    record: Annotated[
        Path | None, typer.Option(help="Record every model exchange into this folder.")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option(help="Replay model exchanges from this folder (no model).")
    ] = None,
    keep_boilerplate: Annotated[
        bool, typer.Option(help="Do not remove boilerplate lines from the input.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Summarise articles into events, positions and peace-proposal stances.

    Every item cites sentence ids; the code resolves them into exact quotes with
    character offsets into the cleaned text. Several inputs give a JSON array.
    """
    record_mode, recordings = recording_flags(record, replay)
    settings = load_settings(
        backend=backend, model=model, base_url=base_url, model_path=model_path,
        recordings=recordings, record_mode=record_mode,
    )  # fmt: skip
    # Read and clean every input first: bad input fails before any model work.
    articles: list[Article] = [
        load_article(src, keep_boilerplate=keep_boilerplate) for src in inputs
    ]
    progress = Progress(quiet=quiet)
    engine = make_backend(settings, progress)
    summaries: list[ArticleSummary] = []
    failures: list[tuple[str, SummarizerError]] = []
    for i, article in enumerate(articles, start=1):
        label = f"[{i}/{len(articles)}] {article.source}" if len(articles) > 1 else article.source
        with progress.running(f"summarising {label} with {engine.name}/{engine.model}"):
            try:
                summaries.append(
                    summarize_article(
                        article,
                        engine,
                        recorder=make_recorder(settings, article.source),
                        strict=strict,
                        passes=passes,
                        max_retries=settings.max_retries,
                        progress=progress,
                    )
                )
            except SummarizerError as exc:
                if len(articles) == 1:
                    raise
                failures.append((article.source, exc))
                echo_err(f"error: {article.source}: {exc}")
        progress(f"done {label}")
    if summaries:
        write_output(render(summaries, fmt), output)
    if failures:
        names = ", ".join(src for src, _ in failures)
        echo_err(f"error: {len(failures)} of {len(articles)} inputs failed: {names}")
        raise typer.Exit(max(exc.exit_code for _, exc in failures))
