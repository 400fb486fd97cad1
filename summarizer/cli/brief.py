"""`summarizer brief`: several articles (or ArticleSummary JSON files) → one briefing note."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from summarizer.cli.app import app, echo_err, examples
from summarizer.cli.options import (
    AnyLanguageOpt,
    BackendOpt,
    BaseUrlOpt,
    ChunkOpt,
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

if TYPE_CHECKING:
    from summarizer.document.article import Article


@app.command(
    epilog=examples(
        "summarizer brief a.txt b.html https://example.org/story -o note.html",
        "summarizer brief s1.json s2.json -o note.md --no-llm    # no model at all",
        "summarizer brief a.txt b.txt -o note.json --title 'Ukraine, week 21'",
        "summarizer brief a.json b.json --no-llm -o note.html --published 2024-05-16 "
        "--published 2024-05-20",
    )
)
def brief(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles (files, URLs, -) or ArticleSummary JSON files (.json).",
            metavar="INPUT...",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the note.")],
    fmt: Annotated[
        Literal["markdown", "html", "json", "csv"] | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown, html, json or csv (one row per statement, stance and timeline "
            "citation; default: from -o's extension, else markdown).",
        ),
    ] = None,
    title: Annotated[str, typer.Option(help="Title of the note.")] = "Briefing note",
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Executive summary by rules, without a model.")
    ] = False,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    passes: PassesOpt = "multi",
    strict: StrictOpt = False,
    chunk: ChunkOpt = True,
    record: RecordOpt = None,
    replay: ReplayOpt = None,
    any_language: AnyLanguageOpt = False,
    published: Annotated[
        list[str] | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) for inputs that do not say (text, saved "
            "summaries of text): once for all, or once per input in order ('' for none).",
        ),
    ] = None,
    outlet: Annotated[
        list[str] | None,
        typer.Option(
            help="Outlet (site) name for inputs that do not say: once for all, or "
            "once per input in order."
        ),
    ] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Merge several articles into one briefing: executive summary, merged timeline,
    positions by country, a stance matrix and sources, every line cited."""
    from summarizer import api
    from summarizer.cli.common import engine_from, logging_store, run_options, settings_from
    from summarizer.cli.output import check_output, format_for, write_output
    from summarizer.cli.progress import Progress
    from summarizer.renderers.briefing import render_briefing

    settings = settings_from(
        backend=backend, model=model, base_url=base_url, model_path=model_path,
        timeout=timeout, record=record, replay=replay, store=store,
    )  # fmt: skip
    by_suffix = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv",
                 ".md": "markdown", ".markdown": "markdown"}  # fmt: skip
    check_output(output, inputs, store=settings.store)
    kind = format_for(output, fmt, by_suffix, "markdown")
    progress = Progress(quiet=quiet)
    saved = (".json", ".jsonl")  # summaries, or the JSONL of `summarizer batch`
    summaries_only = all(src.lower().endswith(saved) for src in inputs)
    engine = None if (no_llm and summaries_only) else engine_from(settings, progress)
    # Read and clean every article first: bad input fails before any model work.
    items: list[str | Article] = [
        src if src.lower().endswith(saved) else api.clean(src) for src in inputs
    ]
    with progress.running("briefing"):
        run = run_options(
            settings,
            engine,
            passes=passes,
            strict=strict,
            any_language=any_language,
            chunk=chunk,
            progress=progress,
        )
        note = api.brief(items, title=title, use_llm=not no_llm, keep_going=True,
                         store=logging_store(settings), options=run,
                         published=published, outlet=outlet)  # fmt: skip
    if kind == "csv":
        from summarizer.renderers.csv_rows import render_briefing_csv

        write_output(render_briefing_csv(note), output)
    else:
        write_output(render_briefing(note, kind), output)
    merged = sum(len(t.event_ids) > 1 for t in note.timeline)
    progress(f"wrote {output} ({kind}, {len(note.timeline)} timeline entries, {merged} merged)")
    if note.failed_inputs:
        for failed in note.failed_inputs:
            echo_err(f"error: {failed.input}: {failed.message}")
        echo_err(
            f"error: {len(note.failed_inputs)} of {len(inputs)} inputs failed and were left "
            f"out of {output}: {', '.join(f.input for f in note.failed_inputs)}"
        )
        raise typer.Exit(max(f.exit_code for f in note.failed_inputs))
