"""``summarizer batch run-requests``: a request file run against any OpenAI-compatible
server, ``concurrency`` requests at a time, written in the Batch API's output format (as
vLLM's ``run-batch`` does on a cluster).

Each request goes through the openai backend as it is (its retries, Retry-After and
schema-shape fallback included). A request that fails after its retries becomes an
error line for the next import to retry; a server that cannot be reached at all, or
refuses the key, stops the run with nothing written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.errors import ConfigError, EndpointUnreachable, SummarizerError
from summarizer.fileio import write_atomic
from summarizer.llm.ledger import token_counts
from summarizer.runs.openai_batch.request_files import (
    RequestLine,
    encode,
    output_line,
    read_request_file,
)

if TYPE_CHECKING:
    from summarizer.llm.backends.base import Backend


@dataclass
class RunReport:
    lines: int = 0
    ok: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.output.jsonl")


def run_requests(
    path: Path,
    output: Path,
    *,
    backend: Backend,
    concurrency: int = 4,
    progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Answer every line of ``path`` and write ``output`` whole (in the file's order)."""
    lines = read_request_file(path)
    report = RunReport(lines=len(lines))
    results: list[dict[str, Any] | None] = [None] * len(lines)
    stop = threading.Event()
    stopped: list[SummarizerError] = []
    lock = threading.Lock()
    answered = [0]  # lines finished, counted under the lock
    started = time.monotonic()

    def one(index: int, line: RequestLine) -> None:
        if stop.is_set():
            return
        line_id = f"batch_req_{index + 1:06d}"
        try:
            answer = backend.complete(line.body.model_dump())
            results[index] = output_line(line.custom_id, line_id=line_id, body=answer)
        except (EndpointUnreachable, ConfigError) as exc:  # every other line would fail alike
            stop.set()
            with lock:
                stopped.append(exc)
            return
        except SummarizerError as exc:
            code = "server_error" if exc.exit_code == 5 else type(exc).__name__
            results[index] = output_line(line.custom_id, line_id=line_id,
                                         error=(code, exc.message))  # fmt: skip
        with lock:
            usage = (results[index] or {}).get("response") or {}
            counts = (usage.get("body") or {}).get("usage") or {}
            prompt_tokens, completion_tokens, _problem = token_counts(counts)
            report.prompt_tokens += prompt_tokens
            report.completion_tokens += completion_tokens
            answered[0] += 1
            done = answered[0]
            if progress is not None:  # one at a time: lines on a terminal stay whole
                progress(done, len(lines))

    with ThreadPoolExecutor(max_workers=max(1, concurrency),
                            thread_name_prefix="summarizer-requests") as pool:  # fmt: skip
        for future in [pool.submit(one, i, line) for i, line in enumerate(lines)]:
            future.result()
    if stopped:
        raise stopped[0]
    finished = [r for r in results if r is not None]
    report.ok = sum(1 for r in finished if r["error"] is None)
    report.failed = len(finished) - report.ok
    write_atomic(output, b"".join(encode(r) for r in finished))
    report.seconds = time.monotonic() - started
    return report
