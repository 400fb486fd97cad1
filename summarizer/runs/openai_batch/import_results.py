"""Import batch output: match lines by custom_id, check each article's answers exactly as
a direct run does, finish what is done, and write the next round's requests.

``advance`` is the one step both ends share: the first round is ``advance`` with no
answers (every article's first requests), later rounds hold the re-asks of answers that
failed validation and the requests whose line came back without an answer (an error
file's lines), which are sent again up to ``MAX_TRIES`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import BackendError, ConfigError, InputError, SummarizerError
from summarizer.llm.ledger import CallEvent, Prices, token_counts
from summarizer.llm.recording import request_key
from summarizer.runs.batch import BatchResult, cache_options, options_hash, store_result
from summarizer.runs.batch_output import JsonlOutput
from summarizer.runs.openai_batch.answers import (
    AnswerBackend,
    pass_names,
    pass_of,
    reasks_in,
    resolve,
)
from summarizer.runs.openai_batch.jobs import ERROR, QUEUED, Job, Jobs
from summarizer.runs.openai_batch.request_files import (
    MAX_BYTES,
    MAX_LINES,
    OutputLine,
    iter_output_file,
    request_line,
    write_request_files,
)
from summarizer.runs.store import Store

MAX_TRIES = 3  # a request whose line came back without an answer this often fails its article


@dataclass(frozen=True)
class Limits:
    """Per request file (the OpenAI Batch API's by default)."""

    max_lines: int = MAX_LINES
    max_bytes: int = MAX_BYTES


DEFAULT_LIMITS = Limits()


@dataclass
class Progress:
    """What an import (or an export's first round) did."""

    answers: int = 0  # lines with an answer, newly imported
    errors: int = 0  # lines without one, newly imported
    already: int = 0  # lines imported before (nothing changed)
    unknown: int = 0  # lines whose custom_id no job holds
    ok: int = 0
    cached: int = 0  # (export) inputs the store already held a summary for
    failed: int = 0
    failed_codes: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # 'input: why', one a failed article
    conflicts: list[str] = field(default_factory=list)  # custom_ids answered twice, differently
    waiting: int = 0  # articles still waiting for answers
    files: list[Path] = field(default_factory=list)  # the next round's request files
    requests: int = 0  # lines in those files
    round: int = 0
    jobs: set[int] = field(default_factory=set)


def check_job_options(job: Job) -> None:
    """Requests are only reproducible with the prompt and schema the job was made with."""
    now = cache_options(AnswerBackend(job.engine, {}), **job.batch_options)
    for name, what in (("prompt", "prompt version"), ("schema", "schema version")):
        if now[name] != job.options[name]:
            raise ConfigError(
                f"batch job {job.id} was made with {what} {job.options[name]}, and this "
                f"summarizer has {now[name]}: its requests cannot be matched",
                hint="import with the summarizer version that exported the job",
            )


def ingest(
    jobs: Jobs, lines: Iterable[OutputLine], prices: Prices, report: Progress
) -> dict[int, set[str]]:
    """Store each line's answer (or why there is none) under its custom_id, and log each
    answer in the ledger once, at batch prices. Returns the articles touched, by job."""
    touched: dict[int, set[str]] = {}
    for line in lines:
        rows = jobs.by_custom_id(line.custom_id)
        if not rows:
            report.unknown += 1
            continue
        answer = line.answer
        if answer is not None and not _is_completion(answer):
            answer, reason = None, "the line's body is not a chat completion"
        else:
            reason = line.reason
        changed = False
        for row in rows:
            job_id, cid = int(row["job_id"]), str(row["custom_id"])
            if answer is not None:
                new = jobs.answered(job_id, cid, answer)
                if new:
                    _log_call(jobs, job_id, row, answer, prices)
                elif jobs.stored_answer(job_id, cid) != answer and cid not in report.conflicts:
                    report.conflicts.append(cid)  # the first answer stays: said, not silent
            else:
                new = jobs.failed_line(job_id, cid, reason)
            if new:
                touched.setdefault(job_id, set()).add(str(row["key"]))
            changed = changed or new
        if not changed:
            report.already += 1
        elif answer is not None:
            report.answers += 1
        else:
            report.errors += 1
    return touched


def _is_completion(answer: dict[str, Any]) -> bool:
    return isinstance(answer.get("choices"), list) and bool(answer["choices"])


def _log_call(
    jobs: Jobs, job_id: int, row: dict[str, Any], answer: dict[str, Any], prices: Prices
) -> None:
    job = jobs.get(job_id)
    prompt_tokens, completion_tokens, _problem = token_counts(answer.get("usage"))
    run_id = job.run_id
    jobs.store.add_call(
        run_id,
        str(row["key"]),
        CallEvent(
            request_hash=str(row["request_hash"]),
            prompt_version=str(job.options["prompt"]),
            backend="openai",
            model=job.engine.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            latency_s=0.0,
            attempts=1,
            cost_usd=prices.batch_cost(
                "openai", job.engine.model, prompt_tokens, completion_tokens
            ),
            replayed=False,
        ),
    )


def advance(
    jobs: Jobs,
    job: Job,
    keys: Iterable[str],
    out: JsonlOutput,
    report: Progress,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Run each article of ``keys`` with the answers so far: finish it (a summary, or a
    failure with its reason) or queue its next requests; then write the next round."""
    queue: dict[str, dict[str, Any]] = {}  # custom_id → request body
    for key in sorted(set(keys) | jobs.queued_keys(job)):
        waiting = jobs.waiting(job, key)
        if not waiting:
            continue
        article = waiting[0][1]
        outcome = resolve(article, job.engine, jobs.answers(job, key), **job.batch_options)
        if outcome.pending:
            blocked = _queue(jobs, job, key, article, outcome.pending, queue)
            if blocked is None:
                report.waiting += len(waiting)
                continue
            outcome.error = blocked
        for source, _ in waiting:
            _finish(jobs, job, key, source, outcome.summary, outcome.error, out, report)
    if queue:
        _write_round(jobs, job, queue, limits, report)
    report.jobs.add(job.id)
    if not jobs.article_counts(job).get("waiting"):
        jobs.finish(job)


def _queue(
    jobs: Jobs,
    job: Job,
    key: str,
    article: Any,
    pending: list[dict[str, Any]],
    queue: dict[str, dict[str, Any]],
) -> SummarizerError | None:
    """Queue what the article needs next; an error (and nothing queued) when a request
    ran out of tries."""
    rows = [(request, request_key(request)) for request in pending]
    known = {digest: jobs.by_hash(job, digest) for _, digest in rows}
    for row in known.values():
        if row is not None and row["state"] == ERROR and int(row["tries"]) >= MAX_TRIES:
            return BackendError(
                f"request {row['custom_id']} came back without an answer "
                f"{row['tries']} times (last: {row['error']})",
                hint="check the engine that ran the requests",
            )
    names: dict[str, str] | None = None
    for request, digest in rows:
        row = known[digest]
        if row is None:
            names = names or pass_names(article)
            cid = _custom_id(key, request, names, digest, jobs.custom_ids(job, key))
            jobs.add_request(job, cid, key, digest)
            queue[cid] = request
        elif row["state"] == ERROR:
            jobs.requeue(job, str(row["custom_id"]))
            queue[str(row["custom_id"])] = request
        elif row["state"] == QUEUED:
            queue[str(row["custom_id"])] = request
        # else SENT: its line has not come back yet
    return None


def _custom_id(
    key: str, request: dict[str, Any], names: dict[str, str], digest: str, taken: set[str]
) -> str:
    """The article's cache key plus the pass (plus the re-ask's number)."""
    reasks = reasks_in(request)
    cid = f"{key}-{pass_of(request, names)}" + (f"-reask{reasks}" if reasks else "")
    return cid if cid not in taken else f"{cid}-{digest[:8]}"


def _finish(
    jobs: Jobs,
    job: Job,
    key: str,
    source: str,
    summary: Any,
    error: SummarizerError | None,
    out: JsonlOutput,
    report: Progress,
) -> None:
    usage = jobs.usage(job, key)
    common: dict[str, Any] = {
        "input": source,
        "key": key,
        "calls": int(usage["calls"]),
        "prompt_tokens": int(usage["prompt_tokens"]),
        "completion_tokens": int(usage["completion_tokens"]),
        "cost_usd": float(usage["cost_usd"]),
    }
    if summary is not None:
        renamed = summary.model_copy(
            update={"source": summary.source.model_copy(update={"input": source})}
        )
        result = BatchResult(status="ok", summary=renamed, **common)
        report.ok += 1
    else:
        assert error is not None
        result = BatchResult(
            status="failed",
            error_type=type(error).__name__,
            error=error.message,
            exit_code=error.exit_code,
            **common,
        )
        report.failed += 1
        report.failed_codes.append(error.exit_code)
        report.failures.append(named(source, error.message))
    store_result(jobs.store, job.run_id, result)  # the store first, then the line
    if source not in out.done:
        out.write(result)
    jobs.set_status(job, source, result.status)


def _write_round(
    jobs: Jobs, job: Job, queue: dict[str, dict[str, Any]], limits: Limits, report: Progress
) -> None:
    round_no = jobs.get(job.id).rounds + 1
    lines = [request_line(cid, body) for cid, body in queue.items()]
    written = write_request_files(
        job.requests_dir, round_no, lines, max_lines=limits.max_lines, max_bytes=limits.max_bytes
    )
    jobs.sent(job, round_no, [(f.part, f.path, f.lines) for f in written], list(queue))
    report.files += [f.path for f in written]
    report.requests += len(lines)
    report.round = round_no


def named(source: str, message: str) -> str:
    """'input: why' (messages about an article often name it already)."""
    return message if message.startswith(source) else f"{source}: {message}"


def output_for(job: Job) -> JsonlOutput:
    return JsonlOutput(job.output, options=options_hash(job.options))


def import_lines(
    store: Store,
    lines: list[OutputLine] | Callable[[], Iterable[OutputLine]],
    *,
    prices: Prices,
    limits: Limits = DEFAULT_LIMITS,
    report: Progress | None = None,
) -> Progress:
    """Ingest ``lines`` (a list, or a function giving them afresh for each of its two
    passes: a large file is streamed) and advance every job they touch."""
    report = report or Progress()
    jobs = Jobs(store)
    again: Callable[[], Iterable[OutputLine]] = (
        (lambda: lines) if isinstance(lines, list) else lines
    )  # fmt: skip
    job_ids = {int(r["job_id"]) for line in again() for r in jobs.by_custom_id(line.custom_id)}
    for job_id in sorted(job_ids):
        check_job_options(jobs.get(job_id))
    report.jobs |= job_ids
    touched = ingest(jobs, again(), prices, report)
    for job_id in sorted(job_ids):
        job = jobs.get(job_id)
        # the articles these lines answered, and any whose answers were all stored by an
        # import that was stopped before it finished them: importing again finishes them
        keys = touched.get(job_id, set()) | jobs.settled_keys(job)
        if not keys and not jobs.queued_keys(job):
            continue
        out = output_for(job)
        try:
            advance(jobs, job, keys, out, report, limits)
        finally:
            out.close()
    return report


def import_files(
    store: Store,
    results: list[Path],
    errors: list[Path],
    *,
    prices: Prices,
    limits: Limits = DEFAULT_LIMITS,
) -> Progress:
    """``summarizer batch import``: check every file first (a malformed one changes
    nothing), then import their lines, streamed (memory stays at a line or so)."""
    paths = [*results, *errors]
    count = sum(1 for path in paths for _line in iter_output_file(path))

    def lines() -> Iterator[OutputLine]:
        for path in paths:
            yield from iter_output_file(path)

    report = import_lines(store, lines, prices=prices, limits=limits)
    if count and report.unknown == count:
        raise InputError(
            f"no line of {', '.join(str(p) for p in [*results, *errors])} belongs to a batch "
            f"job in the store {store.path}",
            hint="import into the store the requests were exported from (--store)",
        )
    return report
