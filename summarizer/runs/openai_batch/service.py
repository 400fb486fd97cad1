"""``--via openai-batch``: each round's request files go to the OpenAI Batch API (upload,
create with ``completion_window`` 24h); ``status`` reads the batches' progress and
``collect`` downloads the output and error files of the finished ones, imports them, and
submits the next round when there is one. File and batch ids live in the store, so a
stopped client resumes where it was."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.fileio import write_atomic
from summarizer.runs.openai_batch.import_results import (
    DEFAULT_LIMITS,
    Limits,
    Progress,
    import_lines,
)
from summarizer.runs.openai_batch.jobs import Job, Jobs
from summarizer.runs.openai_batch.request_files import (
    LineError,
    OutputLine,
    read_output_file,
    read_request_file,
)

if TYPE_CHECKING:
    from summarizer.llm.backends.openai_files import BatchEndpoint
    from summarizer.llm.ledger import Prices

# The Batch API's statuses; a batch in one of FINISHED changes no more.
FINISHED = ("completed", "failed", "expired", "cancelled")


@dataclass
class RemoteBatch:
    round: int
    part: int
    batch_id: str | None
    status: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    collected: bool = False
    live: bool = True  # the counts come from the API (not only the store)


def submit(jobs: Jobs, job: Job, endpoint: BatchEndpoint) -> list[RemoteBatch]:
    """Upload and create a batch for every request file of the job that has none yet
    (each id is stored as soon as it exists: a stop between the two steps resumes)."""
    created: list[RemoteBatch] = []
    for row in jobs.files(job):
        if row["remote_batch"]:
            continue
        round_no, part = int(row["round"]), int(row["part"])
        file_id = row["remote_file"]
        if not file_id:
            file_id = endpoint.upload(Path(row["path"]))
            jobs.set_remote(job, round_no, part, remote_file=file_id)
        metadata = {"summarizer_job": str(job.id), "round": str(round_no), "part": str(part)}
        batch = endpoint.create(str(file_id), metadata)
        jobs.set_remote(job, round_no, part, remote_batch=str(batch["id"]),
                        remote_status=str(batch.get("status") or "validating"))  # fmt: skip
        created.append(_state(round_no, part, batch, collected=False))
    return created


def _state(round_no: int, part: int, batch: dict[str, Any], *, collected: bool) -> RemoteBatch:
    counts = batch.get("request_counts") or {}
    return RemoteBatch(
        round=round_no,
        part=part,
        batch_id=batch.get("id"),
        status=str(batch.get("status") or "?"),
        total=int(counts.get("total") or 0),
        completed=int(counts.get("completed") or 0),
        failed=int(counts.get("failed") or 0),
        collected=collected,
    )


def status(jobs: Jobs, job: Job, endpoint: BatchEndpoint | None) -> list[RemoteBatch]:
    """Every batch of the job; the ones not collected yet are asked for their progress."""
    out: list[RemoteBatch] = []
    for row in jobs.files(job):
        round_no, part = int(row["round"]), int(row["part"])
        if row["collected"] or not row["remote_batch"] or endpoint is None:
            stored = {"id": row["remote_batch"], "status": row["remote_status"] or "not sent",
                      "request_counts": {"total": row["lines"]}}  # fmt: skip
            state = _state(round_no, part, stored, collected=bool(row["collected"]))
            state.live = False
            out.append(state)
            continue
        batch = endpoint.retrieve(str(row["remote_batch"]))
        jobs.set_remote(job, round_no, part, remote_status=str(batch.get("status")))
        out.append(_state(round_no, part, batch, collected=False))
    return out


def collect(
    jobs: Jobs,
    job: Job,
    endpoint: BatchEndpoint,
    *,
    prices: Prices,
    limits: Limits = DEFAULT_LIMITS,
    report: Progress | None = None,
) -> Progress:
    """Import every finished batch of the job, then submit the next round if any."""
    report = report or Progress()
    for row in jobs.files(job):
        if row["collected"] or not row["remote_batch"]:
            continue
        round_no, part = int(row["round"]), int(row["part"])
        batch = endpoint.retrieve(str(row["remote_batch"]))
        state = str(batch.get("status"))
        jobs.set_remote(job, round_no, part, remote_status=state)
        if state not in FINISHED:
            continue
        lines = _download(endpoint, job, row, batch)
        if state != "completed":  # what the batch never answered is an error line
            answered = {line.custom_id for line in lines}
            reason = _batch_errors(batch) or f"the batch ended {state}"
            for request in read_request_file(Path(row["path"])):
                if request.custom_id not in answered:
                    error = LineError(code=f"batch_{state}", message=reason)
                    lines.append(OutputLine(custom_id=request.custom_id, error=error))
        import_lines(jobs.store, lines, prices=prices, limits=limits, report=report)
        jobs.set_remote(job, round_no, part, collected=1)
    submit(jobs, job, endpoint)
    return report


def _download(endpoint: BatchEndpoint, job: Job, row: dict[str, Any],
              batch: dict[str, Any]) -> list[OutputLine]:  # fmt: skip
    """The batch's output and error files, kept beside its request file, then read."""
    lines: list[OutputLine] = []
    request_file = Path(row["path"])
    for field, suffix in (("output_file_id", "output"), ("error_file_id", "errors")):
        file_id = batch.get(field)
        if not file_id:
            continue
        path = request_file.with_name(f"{request_file.stem}.{suffix}.jsonl")
        write_atomic(path, endpoint.content(str(file_id)))
        lines += read_output_file(path)
    return lines


def _batch_errors(batch: dict[str, Any]) -> str:
    errors = (batch.get("errors") or {}).get("data") or []
    return "; ".join(str(e.get("message") or e.get("code") or "") for e in errors[:3])


def collect_until_done(
    jobs: Jobs,
    job: Job,
    endpoint: BatchEndpoint,
    *,
    prices: Prices,
    poll_s: float,
    limits: Limits = DEFAULT_LIMITS,
    on_wait: Callable[[list[RemoteBatch]], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_wait_s: float | None = None,
) -> Progress:
    """``collect --wait``: collect, then wait ``poll_s`` and again, until the job is done
    (or ``max_wait_s`` has passed)."""
    report = Progress()
    deadline = None if max_wait_s is None else time.monotonic() + max_wait_s
    while True:
        collect(jobs, job, endpoint, prices=prices, limits=limits, report=report)
        if jobs.get(job.id).status == "done":
            return report
        open_batches = [b for b in status(jobs, job, None) if not b.collected]
        if not open_batches:  # nothing in flight and not done: nothing will change
            return report
        if deadline is not None and time.monotonic() + poll_s > deadline:
            return report
        if on_wait is not None:
            on_wait(open_batches)
        sleep(poll_s)
