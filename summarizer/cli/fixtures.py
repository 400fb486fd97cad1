"""`summarizer fixtures list | check | record`: the recorded cases behind the tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.cases import check_case, load_cases, record_case
from summarizer.cli.app import app, echo_err
from summarizer.cli.backend_factory import make_backend
from summarizer.cli.progress import Progress
from summarizer.config import load_settings
from summarizer.models import ArticleSummary
from summarizer.recording import iter_recordings

fixtures_app = typer.Typer(
    help="Recorded cases: list them, check they match the current prompts and schemas, "
    "re-record them from a real backend.",
    no_args_is_help=True,
)
app.add_typer(fixtures_app, name="fixtures")

FixturesDir = Annotated[
    Path, typer.Option("--fixtures", help="Folder holding cases.toml and recordings/.")
]


@fixtures_app.command("list")
def list_cases(fixtures: FixturesDir = Path("fixtures")) -> None:
    """List the cases and how many recordings each has."""
    cases = load_cases(fixtures)
    for case in cases.cases:
        n = len(iter_recordings(cases.recordings(case)))
        inputs = case.input or ",".join(case.inputs)
        typer.echo(f"{case.name}\t{case.kind}\t{inputs}\t{case.passes}\t{n} recordings")


@fixtures_app.command("check")
def check(
    names: Annotated[
        list[str] | None, typer.Argument(help="Cases to check (default: all).")
    ] = None,
    fixtures: FixturesDir = Path("fixtures"),
) -> None:
    """Replay every case strictly. Exits 1 when a case's current requests have no
    recording (stale after a prompt or schema change) or recordings go unused."""
    cases = load_cases(fixtures)
    settings = load_settings()
    backend = make_backend(settings)
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


@fixtures_app.command("record")
def record(
    names: Annotated[
        list[str] | None, typer.Argument(help="Cases to record (default: all).")
    ] = None,
    fixtures: FixturesDir = Path("fixtures"),
    backend: Annotated[
        Literal["local", "openai"] | None, typer.Option(help="Backend (default: local).")
    ] = None,
    model: Annotated[str | None, typer.Option(help="Model for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint.")] = None,
) -> None:
    """Re-record cases by running them on a real backend (the embedded model by default)."""
    cases = load_cases(fixtures)
    settings = load_settings(backend=backend, model=model, base_url=base_url)
    progress = Progress()
    engine = make_backend(settings, progress)
    for case in cases.select(names):
        started = time.monotonic()
        with progress.running(f"recording {case.name} with {engine.name}/{engine.model}"):
            summary, n = record_case(
                cases, case, engine, secrets=[os.environ.get("OPENAI_API_KEY", "")],
                progress=progress,
            )  # fmt: skip
        tokens = ""
        if isinstance(summary, ArticleSummary):
            usage = summary.provenance.usage
            tokens = f", {usage.prompt_tokens}+{usage.completion_tokens} tokens"
        typer.echo(
            f"recorded {case.name}: {n} exchanges{tokens}, {time.monotonic() - started:.1f}s"
        )
