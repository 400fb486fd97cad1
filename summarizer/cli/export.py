"""`summarizer export`: saved summaries (files, batch output, the result store) → a SQLite
database for datasette and/or CSV rows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.app import app, echo_err, examples
from summarizer.cli.options import QuietOpt, StoreOpt


@app.command(
    epilog=examples(
        "summarizer export --sqlite briefing.db summaries.json out.jsonl",
        "summarizer export --sqlite briefing.db --from-store && datasette briefing.db",
        "summarizer export --csv rows.csv out.jsonl",
        "sqlite3 briefing.db 'SELECT iso_code, text FROM positions'",
    )
)
def export(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Summary files: ArticleSummary JSON (object, array or JSONL) or the JSONL "
            "of `summarizer batch` (its ok and cached lines).",
            metavar="SUMMARY_FILE...",
        ),
    ] = None,
    sqlite: Annotated[
        Path | None,
        typer.Option(
            "--sqlite",
            help="Write a SQLite database here (articles, events, positions, proposals, "
            "stances, evidence; foreign keys declared). An existing database is replaced.",
        ),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write CSV rows here: one per event, position, proposal and stance per "
            "evidence span (- for stdout).",
        ),
    ] = None,
    from_store: Annotated[
        bool,
        typer.Option("--from-store", help="Export every summary in the result store too."),
    ] = False,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Export summaries as a SQLite database ready for datasette, and/or as CSV.

    One article summarised more than once (the same cleaned text) is exported once, with
    its newest summary. Files are written whole (a temporary file, then a rename); an
    existing database is replaced (said on stderr), a file that is not a SQLite
    database is refused.
    """
    from summarizer.cli.common import settings_from
    from summarizer.cli.output import check_not_ours, check_output, same_file, write_output
    from summarizer.errors import ConfigError, InputError
    from summarizer.renderers.csv_rows import render_csv
    from summarizer.renderers.sqlite_export import check_target, export_sqlite
    from summarizer.runs.saved import load_saved, newest_per_article
    from summarizer.runs.store import default_path

    if sqlite is None and csv is None:
        raise typer.BadParameter("give --sqlite DB and/or --csv OUT.csv", param_hint="--sqlite")
    if not files and not from_store:
        raise typer.BadParameter(
            "give summary files and/or --from-store", param_hint="SUMMARY_FILE..."
        )
    store_path = None
    if from_store:
        store_path = settings_from(store=store).store or default_path()
    targets = [p for p in (sqlite, csv) if p is not None and str(p) != "-"]
    for target in targets:
        read = [*(files or []), *([store_path] if store_path else [])]
        if any(same_file(target, p) for p in read):
            raise ConfigError(f"{target} is one of the inputs: not overwritten")
    if sqlite is not None and csv is not None and same_file(sqlite, csv):
        raise ConfigError("--sqlite and --csv name the same file")
    configured = store_path or settings_from(store=store).store
    if sqlite is not None:  # the store's path, also before the store is made
        check_not_ours(sqlite, store=configured)
        check_target(sqlite)
    check_output(csv, store=configured)

    loaded = load_saved(files or [], store_path)
    summaries = loaded.summaries
    if not quiet:
        for line in loaded.skipped:
            echo_err(f"summarizer: skipped {line}")
    if not summaries:
        raise InputError("no summaries to export", hint="pass summary files or --from-store")
    chosen, duplicates = newest_per_article(summaries)
    if duplicates and not quiet:
        echo_err(f"summarizer: {duplicates} older summar{'y' if duplicates == 1 else 'ies'} "
                 "of the same article(s) left out (the newest is kept)")  # fmt: skip
    if sqlite is not None:
        existed = sqlite.exists()
        stats = export_sqlite(chosen, sqlite)
        if not quiet:
            if existed:
                echo_err(f"summarizer: replaced the existing database {sqlite}")
            counts = ", ".join(f"{n} {t}" for t, n in stats.counts.items())
            echo_err(f"summarizer: wrote {sqlite} ({counts})")
    if csv is not None:
        write_output(render_csv(chosen), csv)
        if not quiet and str(csv) != "-":
            echo_err(f"summarizer: wrote {csv} ({len(chosen)} articles)")
