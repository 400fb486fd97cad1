"""`summarizer batch`: many articles → JSONL, with concurrency, the result store as
cache and ledger, budgets, and resume."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from summarizer.cli.app import echo_err, examples
from summarizer.cli.batch_group import DEFAULT, DefaultCommand, batch_app
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

Via = Literal["direct", "jsonl", "openai-batch"]

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.llm.ledger import Prices
    from summarizer.runs.batch import BatchResult, BatchStats


@batch_app.command(
    DEFAULT,
    cls=DefaultCommand,
    hidden=True,
    epilog=examples(
        "summarizer batch articles/ -o out.jsonl --concurrency 8 --backend openai",
        "summarizer batch --input-file urls.txt -o out.jsonl --budget-usd 2",
        "summarizer batch articles/ -o out.jsonl              # again: finishes what is missing",
        "summarizer batch articles/ -o out.jsonl --retry-failed",
        "summarizer batch articles/ -o out.jsonl --csv rows.csv   # and the rows as CSV",
        "jq -c 'select(.status == \"failed\") | {input, error}' out.jsonl",
        "summarizer batch articles/ -o out.jsonl --via jsonl --requests requests/",
        "summarizer batch articles/ -o out.jsonl --via openai-batch   # then: batch collect",
    ),
)
def batch(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The JSONL file: one line per input, appended "
            "as each finishes; an existing file is resumed.",
        ),
    ],
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles: files, folders (read recursively: .txt .html .htm .md .gz), "
            "http(s) URLs.",
            metavar="INPUT...",
        ),
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option("--input-file", "-i", help="A file with one path or URL a line."),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="After the run (a budget stop too), write the CSV rows of every ok or "
            "cached line of the output here (see `summarizer export`).",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Articles in flight at once.")
    ] = 4,
    store: StoreOpt = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Summarise again even what the store holds.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run the inputs that failed last time again.")
    ] = False,
    budget_usd: Annotated[
        float | None,
        typer.Option(min=0, help="Stop before a call would take the cost past this (USD)."),
    ] = None,
    budget_tokens: Annotated[
        int | None,
        typer.Option(min=0, help="Stop before a call would take the tokens past this."),
    ] = None,
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
    quiet: QuietOpt = False,
    via: Annotated[
        Via,
        typer.Option(
            help="direct: call the backend now. jsonl: write the requests as OpenAI Batch "
            "files (nothing is sent; run them anywhere, then `summarizer batch import`). "
            "openai-batch: submit them to the OpenAI Batch API (then `batch collect`).",
        ),
    ] = "direct",
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="With --via: the folder for the request files [default: OUTPUT.requests/].",
        ),
    ] = None,
    max_lines: Annotated[int, typer.Option(hidden=True, min=1)] = 50_000,
    max_bytes: Annotated[int, typer.Option(hidden=True, min=1)] = 200_000_000,
) -> None:
    """Summarise many articles: one JSONL line per input (status ok, cached or failed),
    written as each finishes; a failed article never stops the run.

    Re-running the same command finishes only what is missing. The exit code is 0 when
    every input ended ok or cached, 8 when a budget stopped the run (run it again to go
    on), else the highest exit code among the failed inputs.
    """
    from summarizer.cli.common import engine_from, open_store, run_options, settings_from
    from summarizer.errors import ConfigError, SummarizerError
    from summarizer.llm.ledger import Budget
    from summarizer.runs.batch import (
        RUN_STOPPERS,
        BatchStats,
        cache_options,
        expand_inputs,
        options_hash,
        shown_names,
        summarize_many,
    )
    from summarizer.runs.batch_output import JsonlOutput

    settings = settings_from(
        backend=backend, model=model, base_url=base_url, model_path=model_path,
        timeout=timeout, record=record, replay=replay, store=store,
    )  # fmt: skip
    sources = expand_inputs(inputs or [], input_file)
    from summarizer.cli.output import check_not_ours

    for target in (output, csv):
        if target is not None:
            check_not_ours(target, sources, store=settings.store, input_file=input_file)
    if via != "direct":
        from summarizer.cli.batch_jobs import export_command

        export_command(
            sources, settings=settings, via=via, output=output, requests=requests,
            backend=backend, passes=passes, strict=strict, check_language=not any_language,
            concurrency=concurrency, use_cache=not no_cache, quiet=quiet, chunk=chunk,
            limits=(max_lines, max_bytes),
            direct_only={"--csv": csv, "--retry-failed": retry_failed,
                         "--budget-usd": budget_usd, "--budget-tokens": budget_tokens,
                         "--record": record, "--replay": replay},
        )  # fmt: skip
        return
    if output.exists() and output.is_dir():
        raise ConfigError(f"cannot write {output}: it is a directory")
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise ConfigError(f"cannot write {output}: folder {output.parent} does not exist")
    if csv is not None:
        from summarizer.fileio import ensure_writable

        if csv.resolve() == output.resolve():
            raise ConfigError(f"--csv {csv} is the JSONL output: give another path")
        ensure_writable(csv)
    engine = engine_from(settings)
    # everything that can refuse the run comes before the output is touched (a store
    # from a newer summarizer, a missing price, bad recordings)
    ledger = open_store(settings)
    prices = _prices(settings)
    budget = Budget(max_usd=budget_usd, max_tokens=budget_tokens)
    if budget_usd is not None:
        prices.require_price(
            engine.name, engine.model,
            hint=f'add it to the config file: [prices."{engine.model}"] with input = … '
            "and output = … (USD per million tokens), or use --budget-tokens",
        )  # fmt: skip
    run = run_options(
        settings, engine, passes=passes, strict=strict, any_language=any_language, chunk=chunk
    ).with_recorder("batch")
    options = cache_options(engine, passes=passes, strict=strict,
                          max_retries=settings.max_retries, check_language=not any_language,
                          chunk=chunk)  # fmt: skip
    out = JsonlOutput(output, retry_failed=retry_failed, options=options_hash(options),
                      described=options)  # fmt: skip
    names = shown_names(sources)
    todo = [s for s in sources if names[s] not in out.done]
    skipped = len(sources) - len(todo)
    run_id = ledger.start_run(
        "batch", backend=engine.name, model=engine.model,
        options={"inputs": len(sources), "concurrency": concurrency, "passes": passes},
    )  # fmt: skip
    stats = BatchStats()
    view = _View(len(todo), skipped, quiet=quiet)
    started = time.monotonic()
    status = "done"
    stopped: SummarizerError | None = None

    def quit_now() -> None:
        ledger.finish_run(run_id, "interrupted")
        out.close()

    halt = _Halt(lambda: min(concurrency, len(todo) - stats.ok - stats.cached - stats.failed),
                 quit_now)  # fmt: skip
    try:
        with halt:
            for result in summarize_many(
                todo, run, concurrency=concurrency, store=ledger, use_cache=not no_cache,
                budget=budget, prices=prices, run_id=run_id, stop=halt.stop,
            ):  # fmt: skip
                out.write(result)  # the workers stored it first
                stats.add(result)
                view.update(result, stats)
    except RUN_STOPPERS as exc:
        stopped = exc
        stats.stopped = exc.message
        status = "stopped"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        out.close()
        view.close()
        if halt.code:
            status = "interrupted"
        ledger.finish_run(run_id, status)
        ledger.close()  # now, not when collected: its last close checkpoints the WAL
    stats.not_started = len(todo) - (stats.ok + stats.cached + stats.failed)
    echo_err(_table(stats, skipped, time.monotonic() - started, output, run_id))
    if csv is not None:  # what is done so far, also when stopped or interrupted
        _write_csv(output, csv, quiet=quiet)
    if halt.code:
        how = "terminated" if halt.code == 143 else "interrupted"
        echo_err(f"{how}: {stats.not_started} input(s) not done; run the same command again "
                 "to go on" + (f" (it writes {csv} again)" if csv is not None else ""))  # fmt: skip
        raise typer.Exit(halt.code)
    if stopped is not None:
        echo_err(f"error: {stopped.message}")
        if stopped.hint:
            echo_err(f"hint: {stopped.hint}")
        echo_err(f"stopped: {stats.not_started} input(s) not done; fix that and run the same "
                 "command again to go on")  # fmt: skip
        raise typer.Exit(stopped.exit_code)
    codes = out.failed_codes  # the final status of every input, earlier runs' included
    if codes:
        echo_err(f"{len(codes)} input(s) failed: see the lines with \"status\": \"failed\" "
                 f"in {output}, or --retry-failed")  # fmt: skip
        raise typer.Exit(max(codes.values()))


def _write_csv(output: Path, csv: Path, *, quiet: bool) -> None:
    """The CSV rows of every ok or cached line of the output (earlier runs' included)."""
    from summarizer.fileio import write_atomic
    from summarizer.renderers.csv_rows import render_csv
    from summarizer.runs.saved import summaries_from_file

    loaded = summaries_from_file(output) if output.stat().st_size else None
    summaries = loaded.summaries if loaded is not None else []
    write_atomic(csv, render_csv(summaries))
    if not quiet:
        echo_err(f"summarizer: wrote {csv} (CSV rows of {len(summaries)} summaries)")


def _prices(settings: Settings) -> Prices:
    from summarizer.llm.ledger import Prices

    return Prices.with_extra({name: (p.input, p.output) for name, p in settings.prices.items()})


def _table(stats: BatchStats, skipped: int, seconds: float, output: Path, run_id: int) -> str:
    rows = [
        ("ok", str(stats.ok)),
        ("cached", str(stats.cached)),
        ("failed", str(stats.failed)),
        ("not started", str(stats.not_started)),
        ("already done", str(skipped)),
        ("model calls", str(stats.calls)),
        ("tokens", f"{stats.tokens:,}"),
        ("cost", f"${stats.cost_usd:.4f}"),
        ("wall time", f"{seconds:.1f} s"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"  {k:<{width}}  {v}" for k, v in rows]
    return f"summarizer batch → {output} (run {run_id}; `summarizer logs {run_id}`)\n" + "\n".join(
        lines
    )


class _Halt:
    """Ctrl-C or SIGTERM during a batch: the first says at once how many calls are in
    flight and lets them finish (their results are written; nothing new starts), then the
    run ends with 130 (143 for SIGTERM); a second quits now (the output is whole up to its
    last line, which a resumed run checks)."""

    def __init__(self, in_flight: Callable[[], int], quit_now: Callable[[], None]) -> None:
        import threading

        self.stop = threading.Event()
        self.code = 0
        self._in_flight, self._quit_now = in_flight, quit_now
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _Halt:
        import contextlib
        import signal

        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not the main thread: left as they are
                self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def _on_signal(self, signum: int, frame: object) -> None:
        import os
        import signal

        code = 143 if signum == signal.SIGTERM else 130
        if self.code:
            echo_err("quitting now")
            try:
                self._quit_now()
            finally:
                os._exit(code)
        self.code = code
        self.stop.set()
        echo_err(f"stopping: {self._in_flight()} input(s) in flight finish first, nothing new "
                 "starts (Ctrl-C again to quit now)")  # fmt: skip


class _View:
    """A progress bar on a terminal (done, failed, cached, tokens, cost, ETA); a plain
    line per finished input otherwise."""

    def __init__(self, total: int, skipped: int, *, quiet: bool) -> None:
        from rich.console import Console

        self.total, self.quiet, self.count = total, quiet, 0
        self.console = Console(stderr=True)
        self.bar = None
        if skipped and not quiet:
            echo_err(f"summarizer: {skipped} input(s) already done in the output; "
                     f"{total} to go")  # fmt: skip
        if not quiet and self.console.is_terminal and total:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=self.console,
            )  # fmt: skip
            self.task = self.bar.add_task("batch", total=total, detail="")
            self.bar.start()

    def update(self, result: BatchResult, stats: BatchStats) -> None:
        self.count += 1
        if self.quiet:
            return
        if self.bar is not None:
            detail = (f"failed {stats.failed} · cached {stats.cached} · "
                      f"{stats.tokens:,} tokens · ${stats.cost_usd:.4f}")  # fmt: skip
            self.bar.update(self.task, advance=1, detail=detail)
            return
        note = f" ({result.error_type}: {result.error})" if result.status == "failed" else ""
        print(f"summarizer: [{self.count}/{self.total}] {result.status} {result.input}"
              f" — {result.calls} calls, {result.prompt_tokens + result.completion_tokens} "
              f"tokens{note}", file=sys.stderr, flush=True)  # fmt: skip

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
