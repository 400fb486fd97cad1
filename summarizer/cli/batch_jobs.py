"""`summarizer batch --via …`, `batch import`, `batch status`, `batch collect` and
`batch run-requests`: batch jobs handed to other engines in the OpenAI Batch format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli.app import echo_err, examples
from summarizer.cli.batch_group import batch_app
from summarizer.cli.options import BaseUrlOpt, QuietOpt, StoreOpt, TimeoutOpt

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.llm.backends.openai_files import BatchEndpoint
    from summarizer.runs.openai_batch.import_results import Progress
    from summarizer.runs.openai_batch.jobs import Job, Jobs

JobOpt = Annotated[
    int | None, typer.Option("--job", help="The batch job [default: the latest open one].")
]
MaxLinesOpt = Annotated[int, typer.Option(hidden=True, min=1)]
MaxBytesOpt = Annotated[int, typer.Option(hidden=True, min=1)]


def export_command(
    sources: list[str],
    *,
    settings: Settings,
    via: str,
    output: Path,
    requests: Path | None,
    backend: str | None,
    passes: str,
    strict: bool,
    check_language: bool,
    concurrency: int,
    use_cache: bool,
    quiet: bool,
    chunk: bool,
    limits: tuple[int, int],
    direct_only: dict[str, Any],
) -> None:
    """`summarizer batch … --via jsonl|openai-batch`: write (and submit) round 1."""
    from summarizer.cli.common import open_store
    from summarizer.errors import ConfigError
    from summarizer.llm.backends.openai_compat import DEFAULT_MODEL
    from summarizer.llm.redact import redact_url
    from summarizer.runs.batch import cache_options, options_hash
    from summarizer.runs.batch_output import JsonlOutput
    from summarizer.runs.openai_batch.answers import AnswerBackend, Engine
    from summarizer.runs.openai_batch.export import export_requests
    from summarizer.runs.openai_batch.import_results import Limits
    from summarizer.runs.openai_batch.jobs import Jobs

    for flag, value in direct_only.items():
        if value:
            raise typer.BadParameter(f"{flag} works with --via direct only", param_hint="--via")
    if backend == "local":
        raise typer.BadParameter(
            "--via writes requests for an OpenAI-compatible engine: leave out --backend "
            "local (name the engine's model with --model)",
            param_hint="--via",
        )
    if output.exists() and output.is_dir():
        raise ConfigError(f"cannot write {output}: it is a directory")
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise ConfigError(f"cannot write {output}: folder {output.parent} does not exist")
    requests_dir = requests or output.parent / f"{output.stem}.requests"
    if requests_dir.exists() and not requests_dir.is_dir():
        raise ConfigError(f"--requests {requests_dir} is a file: give a folder")
    endpoint = _endpoint(settings) if via == "openai-batch" else None  # a key, before work
    engine = Engine(  # stored with the job: the endpoint without its credentials
        model=settings.model or DEFAULT_MODEL,
        base_url=redact_url(settings.base_url) if settings.base_url else None,
        context_tokens=settings.context_tokens,
    )
    options = cache_options(
        AnswerBackend(engine, {}), passes=passes, strict=strict,
        max_retries=settings.max_retries, check_language=check_language, chunk=chunk,
    )  # fmt: skip
    store = open_store(settings)  # first: a store it refuses leaves no empty -o behind
    JsonlOutput(output, options=options_hash(options)).close()  # refuses another's output
    job, report = export_requests(
        sources, store=store, via=via, engine=engine, options=options, output=output,
        requests_dir=requests_dir, concurrency=concurrency, use_cache=use_cache,
        endpoint=redact_url(settings.base_url) if settings.base_url else None,
        limits=Limits(max_lines=limits[0], max_bytes=limits[1]),
    )  # fmt: skip
    jobs = Jobs(store)
    if endpoint is not None:
        from summarizer.runs.openai_batch.service import submit

        for batch in submit(jobs, job, endpoint):
            _say(quiet, f"summarizer: round {batch.round} part {batch.part} submitted as "
                        f"batch {batch.batch_id} ({batch.status})")  # fmt: skip
    _say(quiet, _report_text(job, report, jobs))
    if report.files and not quiet:
        if via == "jsonl":
            echo_err(
                "next: run each file with the OpenAI Batch API, `vllm run-batch`, or "
                "`summarizer batch run-requests FILE --base-url URL`, then "
                "`summarizer batch import OUTPUT.jsonl… [--errors ERRORS.jsonl]`"
            )
        else:
            echo_err(f"next: `summarizer batch status --job {job.id}`, then "
                     f"`summarizer batch collect --job {job.id} [--wait]`")  # fmt: skip
    _exit_for(report)


@batch_app.command(
    "import",
    epilog=examples(
        "summarizer batch import results.jsonl",
        "summarizer batch import out-1.jsonl out-2.jsonl --errors errors.jsonl",
    ),
)
def import_results(
    results: Annotated[
        list[Path],
        typer.Argument(help="Batch output files (any order of lines).", metavar="RESULTS..."),
    ],
    errors: Annotated[
        list[Path] | None,
        typer.Option("--errors", help="Batch error files (repeat for several)."),
    ] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
    max_lines: MaxLinesOpt = 50_000,
    max_bytes: MaxBytesOpt = 200_000_000,
) -> None:
    """Import batch output: each answer is validated and grounded as in a direct run,
    finished articles go to the store and the job's JSONL output, and the re-asks of
    answers that failed validation (and lines that came back without an answer) are
    written as the next round's request file. Importing a file twice changes nothing.

    Exit codes as for `summarizer batch`: 0 when nothing failed, else the highest exit
    code among the articles that failed in this import.
    """
    from summarizer.cli.common import open_store, settings_from
    from summarizer.runs.openai_batch.import_results import Limits, import_files
    from summarizer.runs.openai_batch.jobs import Jobs

    settings = settings_from(store=store)
    ledger = open_store(settings)
    report = import_files(
        ledger, list(results), list(errors or []), prices=_prices(settings),
        limits=Limits(max_lines=max_lines, max_bytes=max_bytes),
    )  # fmt: skip
    jobs = Jobs(ledger)
    for job_id in sorted(report.jobs):
        _say(quiet, _report_text(jobs.get(job_id), report, jobs))
    if report.unknown:
        echo_err(f"summarizer: warning: {report.unknown} line(s) belong to no batch job "
                 f"in {ledger.path}; left alone")  # fmt: skip
    if report.files and not quiet:
        echo_err("next: run the new request file(s) as before, then import their output")
    _exit_for(report)


@batch_app.command(
    "status",
    epilog=examples("summarizer batch status", "summarizer batch status --job 3"),
)
def status(
    job: JobOpt = None,
    store: StoreOpt = None,
    base_url: BaseUrlOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """A batch job's progress: articles done and waiting, requests answered, rounds, the
    OpenAI batches' states and counts, and the cost so far at batch prices."""
    from summarizer.cli.common import open_store, settings_from
    from summarizer.runs.openai_batch.jobs import Jobs
    from summarizer.runs.openai_batch.service import status as remote_status

    settings = settings_from(store=store, base_url=base_url, timeout=timeout)
    jobs = Jobs(open_store(settings))
    current = jobs.get(job) if job is not None else jobs.latest()
    endpoint = None
    if current.via == "openai-batch" and current.status == "open":
        endpoint = _endpoint(settings, current)
    batches = remote_status(jobs, current, endpoint)
    typer.echo(_job_table(jobs, current))
    if current.via == "jsonl":
        for row in jobs.files(current):
            typer.echo(f"  round {row['round']} part {row['part']}: {row['path']} "
                       f"({row['lines']} lines)")  # fmt: skip
    elif batches:
        typer.echo(f"  {'round':>5}  {'part':>4}  {'batch':<28}  {'status':<12}  requests")
        for b in batches:
            counts = (f"{b.completed}/{b.total} done, {b.failed} failed" if b.live
                      else f"{b.total} requests")  # fmt: skip
            name = b.batch_id or "(not submitted)"
            state = b.status + (" ✓" if b.collected else "")
            typer.echo(f"  {b.round:>5}  {b.part:>4}  {name:<28}  {state:<12}  {counts}")


@batch_app.command(
    "collect",
    epilog=examples(
        "summarizer batch collect",
        "summarizer batch collect --job 3 --wait --poll 300",
    ),
)
def collect(
    job: JobOpt = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Keep collecting until every article is done.")
    ] = False,
    poll: Annotated[
        float, typer.Option(min=0.0, help="With --wait: seconds between two looks.")
    ] = 60.0,
    max_wait: Annotated[
        float | None,
        typer.Option(min=0.0, help="With --wait: give up after this many seconds."),
    ] = None,
    store: StoreOpt = None,
    base_url: BaseUrlOpt = None,
    timeout: TimeoutOpt = None,
    quiet: QuietOpt = False,
    max_lines: MaxLinesOpt = 50_000,
    max_bytes: MaxBytesOpt = 200_000_000,
) -> None:
    """Download the output and error files of the job's finished OpenAI batches, import
    them (as `batch import` does) and submit the next round if there is one."""
    from summarizer.cli.common import open_store, settings_from
    from summarizer.errors import ConfigError
    from summarizer.runs.openai_batch.import_results import Limits
    from summarizer.runs.openai_batch.jobs import Jobs
    from summarizer.runs.openai_batch.service import collect as collect_once
    from summarizer.runs.openai_batch.service import collect_until_done, status

    settings = settings_from(store=store, base_url=base_url, timeout=timeout)
    jobs = Jobs(open_store(settings))
    current = jobs.get(job) if job is not None else jobs.latest("openai-batch")
    if current.via != "openai-batch":
        raise ConfigError(f"batch job {current.id} was written with --via {current.via}: "
                          "import its output with `summarizer batch import`")  # fmt: skip
    endpoint = _endpoint(settings, current)
    limits = Limits(max_lines=max_lines, max_bytes=max_bytes)
    prices = _prices(settings)
    if wait:

        def waiting(open_batches: list[Any]) -> None:
            states = ", ".join(f"{b.batch_id} {b.status}" for b in open_batches)
            _say(quiet, f"summarizer: waiting {poll:g} s for {states}")

        report = collect_until_done(jobs, current, endpoint, prices=prices, poll_s=poll,
                                    limits=limits, on_wait=waiting,
                                    max_wait_s=max_wait)  # fmt: skip
    else:
        report = collect_once(jobs, current, endpoint, prices=prices, limits=limits)
    current = jobs.get(current.id)
    _say(quiet, _report_text(current, report, jobs))
    if current.status != "done" and not quiet:
        left = [b for b in status(jobs, current, None) if not b.collected]
        echo_err(f"{len(left)} batch(es) still running; run `summarizer batch collect "
                 f"--job {current.id}` again later (or with --wait)")  # fmt: skip
    _exit_for(report)


@batch_app.command(
    "run-requests",
    epilog=examples(
        "summarizer batch run-requests requests/round-001-part-001.jsonl "
        "--base-url http://127.0.0.1:8000/v1 --concurrency 16",
        "summarizer batch import requests/round-001-part-001.output.jsonl",
    ),
)
def run_requests(
    file: Annotated[Path, typer.Argument(help="A request file (OpenAI Batch format).")],
    base_url: Annotated[
        str,
        typer.Option(help="The OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"),
    ],
    concurrency: Annotated[
        int, typer.Option(min=1, max=1024, help="Requests in flight at once.")
    ] = 4,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The output file [default: FILE.output.jsonl]."),
    ] = None,
    timeout: TimeoutOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Run a request file against any OpenAI-compatible server (vLLM, llama.cpp, OpenAI…)
    and write the Batch API's output format, as vLLM's run-batch does. Lines that fail
    after retries are written as errors (the import sends them again); exit 5 then."""
    from summarizer.cli.common import engine_from, settings_from
    from summarizer.cli.output import check_output
    from summarizer.runs.openai_batch.run_requests import default_output
    from summarizer.runs.openai_batch.run_requests import run_requests as run_file

    settings = settings_from(backend="openai", base_url=base_url, timeout=timeout)
    target = output or default_output(file)
    if target.resolve() == file.resolve():
        raise typer.BadParameter("the output would replace the request file", param_hint="-o")
    check_output(target, [file], store=settings.store)
    backend = engine_from(settings)

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % max(1, total // 20) == 0):
            echo_err(f"summarizer: {done}/{total} requests answered")

    report = run_file(file, target, backend=backend, concurrency=concurrency,
                      progress=progress)  # fmt: skip
    _say(quiet, f"summarizer: wrote {target}: {report.ok} answered, {report.failed} failed, "
                f"{report.prompt_tokens + report.completion_tokens:,} tokens, "
                f"{report.seconds:.1f} s")  # fmt: skip
    if report.failed:
        echo_err(f"{report.failed} request(s) failed: their lines carry the error; "
                 "`summarizer batch import` sends them again in the next round")  # fmt: skip
        raise typer.Exit(5)


# --- shared -------------------------------------------------------------------------


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        echo_err(message)


def _prices(settings: Settings) -> Any:
    from summarizer.llm.ledger import Prices

    return Prices.with_extra({name: (p.input, p.output) for name, p in settings.prices.items()})


def _endpoint(settings: Settings, job: Job | None = None) -> BatchEndpoint:
    import os

    from summarizer.llm.backends.openai_files import BatchEndpoint

    base_url = settings.base_url or (job.endpoint if job is not None else None)
    return BatchEndpoint(
        base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY"),
        timeout_s=settings.timeout, attempts=settings.transport_attempts,
        retry_wait=settings.retry_wait,
    )  # fmt: skip


def _report_text(job: Job, report: Progress, jobs: Jobs) -> str:
    lines = [f"summarizer batch job {job.id} (--via {job.via}) → {job.output}"]
    lines += [f"  failed: {failure}" for failure in report.failures]
    if report.conflicts:
        shown = ", ".join(report.conflicts[:5]) + (" …" if len(report.conflicts) > 5 else "")
        lines.append(f"  warning: {len(report.conflicts)} custom_id(s) came back again with "
                     f"another answer; the first answer was kept: {shown}")  # fmt: skip
    if report.answers or report.errors or report.already:
        lines.append(f"  lines: {report.answers} answered, {report.errors} without "
                     f"an answer, {report.already} imported before")  # fmt: skip
    lines.append(f"  articles: {_articles(jobs, job)}")
    for path in report.files:
        lines.append(f"  round {report.round}: {path}")
    if report.files:
        lines.append(f"  round {report.round}: {report.requests} request(s) to send")
    lines.append(f"  {_usage(jobs, job)}")
    if jobs.get(job.id).status == "done":
        lines.append("  done: every article is finished")
    return "\n".join(lines)


def _articles(jobs: Jobs, job: Job) -> str:
    """ok, cached and failed as the output says; waiting from the job."""
    run = jobs.store.run(job.run_id) or {}
    waiting = jobs.article_counts(job).get("waiting", 0)
    return (f"{run.get('ok', 0)} ok, {run.get('cached', 0)} cached, {run.get('failed', 0)} "
            f"failed, {waiting} waiting")  # fmt: skip


def _usage(jobs: Jobs, job: Job) -> str:
    usage = jobs.usage(job)
    tokens = int(usage["prompt_tokens"] + usage["completion_tokens"])
    return (f"calls {int(usage['calls'])}, tokens {tokens:,}, cost ${usage['cost_usd']:.4f} "
            "at batch prices")  # fmt: skip


def _job_table(jobs: Jobs, job: Job) -> str:
    requests = jobs.request_counts(job)
    rows = [
        ("job", f"{job.id} (--via {job.via}, {job.status}; run {job.run_id})"),
        ("output", str(job.output)),
        ("requests", str(job.requests_dir)),
        ("model", job.engine.model),
        ("rounds", str(job.rounds)),
        ("articles", _articles(jobs, job)),
        ("requests", f"{requests.get('answered', 0)} answered, {requests.get('sent', 0)} "
                     f"waiting, {requests.get('error', 0)} without an answer"),
        ("usage", _usage(jobs, job)),
    ]  # fmt: skip
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def _exit_for(report: Progress) -> None:
    if report.failed_codes:
        echo_err(f"{len(report.failed_codes)} article(s) failed: see the lines with "
                 '"status": "failed" in the output')  # fmt: skip
        raise typer.Exit(max(report.failed_codes))
