"""`summarizer summarize`: articles → ArticleSummary (json, jsonl, markdown or text)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from summarizer.cli.app import app, echo_err, examples

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.models import ArticleSummary
from summarizer.cli.options import (
    AnyLanguageOpt,
    BackendOpt,
    BaseUrlOpt,
    ChunkOpt,
    KeepBoilerplateOpt,
    ModelOpt,
    ModelPathOpt,
    PassesOpt,
    QuietOpt,
    RecordOpt,
    ReplayOpt,
    StoreOpt,
    StrictOpt,
    TimeoutOpt,
)

SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".md": "markdown", ".markdown": "markdown",
            ".txt": "text", ".html": "html", ".htm": "html", ".csv": "csv"}  # fmt: skip


@app.command(
    epilog=examples(
        "summarizer summarize fixtures/articles/putin-beijing.txt",
        "summarizer summarize article.html -f markdown -o brief.md",
        "summarizer summarize a.txt b.txt -f jsonl | jq -c '.positions[].actor'",
        "summarizer summarize URL --backend openai --model gpt-4o-mini",
    )
)
def summarize(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles: text or HTML files (gzip ok), http(s) URLs, or - for stdin.",
            metavar="INPUT...",
        ),
    ],
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    fmt: Annotated[
        Literal["json", "jsonl", "markdown", "text", "html", "csv"] | None,
        typer.Option(
            "--format",
            "-f",
            help="json (the public contract: an object for one input, an array for "
            "several), jsonl (one object a line), markdown, text, html (the article with "
            "its evidence highlighted; one input) or csv (one row per event, position "
            "and stance). Default: from -o's extension, else json.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    passes: PassesOpt = "multi",
    strict: StrictOpt = False,
    chunk: ChunkOpt = True,
    record: RecordOpt = None,
    replay: ReplayOpt = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    any_language: AnyLanguageOpt = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for inputs that do not say (text)."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet (site) name for inputs that do not say (text).")
    ] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Summarise articles into events, positions and peace-proposal stances.

    Every item cites sentence ids; the code resolves them into exact quotes with
    character offsets into the cleaned text.
    """
    from summarizer import api
    from summarizer.cli.common import engine_from, logging_store, run_options, settings_from
    from summarizer.cli.output import check_output, format_for, write_output
    from summarizer.cli.progress import Progress
    from summarizer.errors import SummarizerError
    from summarizer.runs.store import RunLog

    kind = format_for(output, fmt, SUFFIXES, "json")
    if kind == "html" and len(inputs) != 1:
        raise typer.BadParameter(
            "the html view shows one article: give one input (or use `summarizer view`)",
            param_hint="--format",
        )
    settings = settings_from(
        backend=backend, model=model, base_url=base_url, model_path=model_path,
        timeout=timeout, record=record, replay=replay, store=store,
    )  # fmt: skip
    check_output(output, inputs, store=settings.store)  # before any model work
    # Read and clean every input first: bad input fails before any model work.
    articles = [api.clean(src, keep_boilerplate=keep_boilerplate) for src in inputs]
    progress = Progress(quiet=quiet)
    engine = engine_from(settings, progress)
    ledger = logging_store(settings)
    log = (
        RunLog.start(ledger, "summarize", backend=engine.name, model=engine.model,
                     options={"inputs": len(inputs), "passes": passes})
        if ledger is not None else None
    )  # fmt: skip
    run = run_options(settings, engine, passes=passes, strict=strict, any_language=any_language,
                      chunk=chunk, progress=progress)  # fmt: skip
    summaries: list[ArticleSummary] = []
    failures: list[tuple[str, SummarizerError]] = []
    try:
        for i, article in enumerate(articles, start=1):
            label = (
                f"[{i}/{len(articles)}] {article.source}" if len(articles) > 1 else article.source
            )
            with progress.running(f"summarising {label} with {engine.name}/{engine.model}"):
                try:
                    summaries.append(
                        api.summarize(article, options=run, store=log,
                                      published=published, outlet=outlet)
                    )  # fmt: skip
                except SummarizerError as exc:
                    failures.append((article.source, exc))
                    if len(articles) == 1:
                        raise
                    echo_err(f"error: {article.source}: {exc}")
            progress(f"done {label}")
    finally:
        if log is not None:
            log.finish("done" if not failures else "partial" if summaries else "failed")
    if summaries:
        write_output(_render(summaries, articles, kind, len(inputs)), output)
    if failures:
        names = ", ".join(src for src, _ in failures)
        echo_err(f"error: {len(failures)} of {len(articles)} inputs failed: {names}")
        raise typer.Exit(max(exc.exit_code for _, exc in failures))


def _render(summaries: list[ArticleSummary], articles: list[Article], fmt: str, n: int) -> str:
    from summarizer.renderers import render_summaries

    if fmt == "html":
        from summarizer.renderers.evidence_html import render_evidence_html

        return render_evidence_html(summaries[0], articles[0])
    if fmt == "csv":
        from summarizer.renderers.csv_rows import render_csv

        return render_csv(summaries)
    return render_summaries(summaries, fmt, as_array=n > 1)
