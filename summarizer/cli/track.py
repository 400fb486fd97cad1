"""`summarizer track`: how each actor's stated position, and its stance on each proposal,
changed across articles and dates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.cli.app import app, echo_err, examples
from summarizer.cli.options import QuietOpt, StoreOpt


@app.command(
    epilog=examples(
        "summarizer track s1.json s2.json s3.json -o changes.md",
        "summarizer track --from-store --actor RUS --since 2024-05-01 -o russia.html",
        "summarizer track out.jsonl --proposal 'peace plan' -f json | jq '.tracks[].changes'",
    )
)
def track(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Summary files: ArticleSummary JSON (object, array or JSONL) or the JSONL "
            "of `summarizer batch`.",
            metavar="SUMMARY_FILE...",
        ),
    ] = None,
    from_store: Annotated[
        bool, typer.Option("--from-store", help="Track every summary in the result store too.")
    ] = False,
    actor: Annotated[
        str | None, typer.Option(help="Only this actor (a name or ISO code: RUS, Russia).")
    ] = None,
    proposal: Annotated[
        str | None,
        typer.Option(help="Only stances on this proposal (P1, or words of it or its proposer)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only sources published on or after this date (ISO).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    fmt: Annotated[
        Literal["markdown", "html", "json"] | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown, html or json (default: from -o's extension, else markdown).",
        ),
    ] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Show how each actor's stated position, and its stance on each peace proposal,
    changed across articles in date order: every change with the evidence before and
    after side by side."""
    from summarizer.briefing.tracking import track as build
    from summarizer.cli.common import settings_from
    from summarizer.cli.output import check_output, format_for, write_output
    from summarizer.errors import InputError
    from summarizer.pipeline.options import iso_date
    from summarizer.renderers.tracking import render_tracking
    from summarizer.runs.saved import load_saved, newest_per_article
    from summarizer.runs.store import default_path

    if not files and not from_store:
        raise typer.BadParameter("give summary files and/or --from-store",
                                 param_hint="SUMMARY_FILE...")  # fmt: skip
    settings = settings_from(store=store)
    check_output(output, list(files or []), store=settings.store)
    kind = format_for(output, fmt, {".md": "markdown", ".markdown": "markdown",
                                    ".html": "html", ".htm": "html", ".json": "json"},
                      "markdown")  # fmt: skip
    day = iso_date(since)
    loaded = load_saved(files or [], (settings.store or default_path()) if from_store else None)
    if not quiet:
        for line in loaded.skipped:
            echo_err(f"summarizer: skipped {line}")
    if not loaded.summaries:
        raise InputError("no summaries to track", hint="pass summary files or --from-store")
    chosen, _ = newest_per_article(loaded.summaries)
    tracking = build(chosen, actor=actor, proposal=proposal, since=day)
    write_output(render_tracking(tracking, kind), output)
    if not quiet:
        changes = sum(len(t.changes) for t in tracking.tracks)
        echo_err(f"summarizer: {len(tracking.tracks)} tracks, {changes} changes across "
                 f"{len(tracking.sources)} sources")  # fmt: skip
