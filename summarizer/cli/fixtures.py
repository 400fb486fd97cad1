"""`summarizer fixtures list | check | record`: the recorded cases behind the tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.app import app, echo_err, examples
from summarizer.cli.options import BackendOpt, BaseUrlOpt, ModelOpt, ModelPathOpt, TimeoutOpt

fixtures_app = typer.Typer(
    help="Recorded cases: list them, check they match the current prompts and schemas, "
    "re-record them from a real backend.",
    epilog=examples(
        "summarizer fixtures list",
        "summarizer fixtures check",
        "summarizer fixtures record putin-beijing",
    ),
    no_args_is_help=True,
)
app.add_typer(fixtures_app, name="fixtures")

FixturesDir = Annotated[
    Path, typer.Option("--fixtures", help="Folder holding cases.toml and recordings/.")
]


@fixtures_app.command("list", epilog=examples("summarizer fixtures list"))
def list_cases(fixtures: FixturesDir = Path("fixtures")) -> None:
    """List the cases and how many recordings each has."""
    from summarizer.devtools.cases import load_cases
    from summarizer.llm.recording import iter_recordings

    cases = load_cases(fixtures)
    for case in cases.cases:
        n = len(iter_recordings(cases.recordings(case)))
        inputs = case.input or ",".join(case.inputs)
        typer.echo(f"{case.name}\t{case.kind}\t{inputs}\t{case.passes}\t{n} recordings")


@fixtures_app.command(
    "check", epilog=examples("summarizer fixtures check", "summarizer fixtures check seed")
)
def check(
    names: Annotated[
        list[str] | None, typer.Argument(help="Cases to check (default: all).")
    ] = None,
    fixtures: FixturesDir = Path("fixtures"),
) -> None:
    """Replay every case strictly. Exits 1 when a case's current requests have no
    recording (stale after a prompt or schema change) or recordings go unused."""
    from summarizer.devtools.cases import check_case, load_cases
    from summarizer.llm.backends.factory import make_backend

    cases = load_cases(fixtures)
    backend = make_backend("local")  # replay only: the model is never loaded
    failed = 0
    for case in cases.select(names):
        result = check_case(cases, case, backend)
        if result.ok:
            typer.echo(f"ok      {case.name}")
            continue
        failed += 1
        typer.echo(f"STALE   {case.name}: {result.problem}")
        for name in result.unused:
            typer.echo(f"        unused: {cases.recordings(case) / name}")
    if failed:
        echo_err(
            f"{failed} case(s) need re-recording: summarizer fixtures record "
            "[CASE...] (uses the embedded model unless --backend is given)"
        )
        raise typer.Exit(1)


@fixtures_app.command(
    "record",
    epilog=examples(
        "summarizer fixtures record                  # every case, embedded model",
        "summarizer fixtures record putin-beijing",
        "summarizer fixtures record long-joined --keep-current   # only changed exchanges",
        "summarizer fixtures record --backend openai --base-url http://127.0.0.1:8000/v1",
    ),
)
def record(
    names: Annotated[
        list[str] | None, typer.Argument(help="Cases to record (default: all).")
    ] = None,
    fixtures: FixturesDir = Path("fixtures"),
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    keep_current: Annotated[
        bool,
        typer.Option(
            "--keep-current",
            help="Answer the exchanges whose request has not changed from their recording "
            "and run the backend only for the others (a long case after a change that "
            "touches a few of its windows); recordings no longer used are removed.",
        ),
    ] = False,
) -> None:
    """Re-record cases by running them on a real backend (the embedded model by default)."""
    from summarizer.cli.common import engine_from, settings_from
    from summarizer.cli.progress import Progress
    from summarizer.devtools.cases import load_cases, record_case
    from summarizer.models import ArticleSummary

    cases = load_cases(fixtures)
    settings = settings_from(backend=backend, model=model, base_url=base_url,
                             model_path=model_path, timeout=timeout)  # fmt: skip
    progress = Progress()
    engine = engine_from(settings, progress)
    for case in cases.select(names):
        started = time.monotonic()
        with progress.running(f"recording {case.name} with {engine.name}/{engine.model}"):
            summary, n, total = record_case(
                cases, case, engine, secrets=[os.environ.get("OPENAI_API_KEY", "")],
                progress=progress, keep_current=keep_current,
            )  # fmt: skip
        tokens = ""
        if isinstance(summary, ArticleSummary):
            usage = summary.provenance.usage
            tokens = f", the summary's {usage.prompt_tokens}+{usage.completion_tokens} tokens"
        what = f"{n} exchanges"
        if keep_current:
            what = f"{n} of {total} exchanges from the backend ({total - n} kept)"
        typer.echo(f"recorded {case.name}: {what}{tokens}, {time.monotonic() - started:.1f}s")
