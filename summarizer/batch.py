"""Many articles at once: a pool of workers, the result store as cache and ledger,
budgets, and results yielded as they finish (``summarizer.summarize_many``).

Each worker reads and cleans its input, looks it up in the cache, and otherwise runs
the same orchestration as ``summarizer.summarize``. Model calls of the openai backend
run side by side (one shared gate honours a server's Retry-After for every worker);
the local backend has one model in process, so its calls queue while reading,
cleaning, validation and writing go on beside them.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.errors import InputError, SummarizerError
from summarizer.ledger import Budget, BudgetExhausted, CallEvent, Prices
from summarizer.store import CallRow, Store, cache_key

if TYPE_CHECKING:
    from summarizer.backends.base import Backend
    from summarizer.models import ArticleSummary
    from summarizer.recording import Recorder

# What a folder given as input contributes: files with these endings, recursively.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".md", ".gz")


@dataclass
class BatchResult:
    """One input's outcome: ``status`` is ok, cached or failed."""

    input: str
    status: str
    key: str | None = None
    summary: ArticleSummary | None = None
    error_type: str | None = None
    error: str | None = None
    exit_code: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0

    def line(self) -> dict[str, Any]:
        """The JSONL record: input, key, status, summary, error, usage."""
        return {
            "input": self.input,
            "key": self.key,
            "status": self.status,
            "summary": self.summary.model_dump(mode="json") if self.summary else None,
            "error": {"type": self.error_type, "message": self.error}
            if self.status == "failed"
            else None,
            "usage": {
                "calls": self.calls,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "cost_usd": round(self.cost_usd, 6),
            },
        }


@dataclass
class BatchStats:
    ok: int = 0
    cached: int = 0
    failed: int = 0
    not_started: int = 0
    calls: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    stopped: str = ""  # why the run stopped early (a budget), if it did
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, result: BatchResult) -> None:
        with self._lock:
            setattr(self, result.status, getattr(self, result.status) + 1)
            self.calls += result.calls
            self.tokens += result.prompt_tokens + result.completion_tokens
            self.cost_usd += result.cost_usd


def expand_inputs(inputs: Iterable[str], input_file: Path | None = None) -> list[str]:
    """Files, URLs and '-' as given; folders become their article files (recursive, by
    ending, sorted); ``input_file`` adds one path or URL a line ('#' starts a comment).
    Duplicates are dropped, keeping the first."""
    given = list(inputs)
    if input_file is not None:
        try:
            lines = input_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{input_file}: cannot read the input list ({exc})") from None
        given += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    out: list[str] = []
    seen: set[str] = set()
    for item in given:
        path = Path(item)
        if "://" not in item[:12] and path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and p.name.lower().endswith(ARTICLE_SUFFIXES)
                and not p.name.startswith(".")
            )  # fmt: skip
            if not found:
                raise InputError(
                    f"{item}: no article files in this folder",
                    hint=f"files ending in {', '.join(ARTICLE_SUFFIXES)} are read",
                )
            candidates = found
        else:
            candidates = [item]
        for c in candidates:
            if c not in seen:
                seen.add(c)
                out.append(c)
    if not out:
        raise InputError("no inputs given", hint="pass files, folders, URLs or --input-file")
    return out


def summarize_many(
    sources: Iterable[str],
    *,
    backend: Backend,
    concurrency: int = 4,
    store: Store | None = None,
    use_cache: bool = True,
    budget: Budget | None = None,
    prices: Prices | None = None,
    passes: str = "multi",
    strict: bool = False,
    max_retries: int = 1,
    recordings: Recorder | None = None,
    check_language: bool = True,
    run_id: int | None = None,
    on_start: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> Iterator[BatchResult]:
    """Summarise ``sources`` with ``concurrency`` workers and yield each result as it
    finishes. A failed input yields a ``failed`` result and the run goes on; a budget
    that would be exceeded stops the run: inputs not finished are not yielded (a later
    run does them)."""
    prices = prices or Prices()
    budget = budget or Budget()
    stop = stop or threading.Event()
    if store is not None and run_id is None:
        run_id = store.start_run("summarize_many", backend=backend.name, model=backend.model)
    pending = list(sources)
    with ThreadPoolExecutor(max_workers=max(1, concurrency),
                            thread_name_prefix="summarizer") as pool:  # fmt: skip
        running: dict[Future[BatchResult | None], str] = {}

        def submit_next() -> None:
            while pending and len(running) < max(1, concurrency) and not stop.is_set():
                src = pending.pop(0)
                if on_start is not None:
                    on_start(src)
                future = pool.submit(
                    _one, src, backend=backend, store=store, use_cache=use_cache,
                    budget=budget, prices=prices, passes=passes, strict=strict,
                    max_retries=max_retries, recordings=recordings,
                    check_language=check_language, run_id=run_id,
                )  # fmt: skip
                running[future] = src

        stopped: BudgetExhausted | None = None
        submit_next()
        while running:
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                running.pop(future)
                try:
                    result = future.result()
                except BudgetExhausted as exc:
                    stop.set()  # the running ones finish; nothing new starts
                    stopped = stopped or exc
                    continue
                if result is not None:
                    yield result
            submit_next()
        if stopped is not None:
            raise stopped


def _hit(src: str, key: str, text: str, started: float) -> BatchResult:
    """A cached summary, named for this input (the same text may come from another)."""
    from summarizer.models import ArticleSummary

    summary = ArticleSummary.model_validate_json(text)
    summary = summary.model_copy(
        update={"source": summary.source.model_copy(update={"input": src})}
    )
    return BatchResult(input=src, status="cached", key=key, summary=summary,
                       seconds=time.monotonic() - started)  # fmt: skip


def _one(
    src: str,
    *,
    backend: Backend,
    store: Store | None,
    use_cache: bool,
    budget: Budget,
    prices: Prices,
    passes: str,
    strict: bool,
    max_retries: int,
    recordings: Recorder | None,
    check_language: bool,
    run_id: int | None,
) -> BatchResult | None:
    result = _work(
        src, backend=backend, store=store, use_cache=use_cache, budget=budget, prices=prices,
        passes=passes, strict=strict, max_retries=max_retries, recordings=recordings,
        check_language=check_language, run_id=run_id,
    )  # fmt: skip
    if store is not None and run_id is not None and result is not None:
        # the store first, the caller's output after: a kill in between leaves a summary
        # that the next run finds in the cache, never a line without its summary
        store_result(store, run_id, result)
    return result


def store_result(store: Store, run_id: int, result: BatchResult) -> None:
    summary = result.summary
    store.add_item(
        run_id, input=result.input, key=result.key, status=result.status,
        error_type=result.error_type, error=result.error, calls=result.calls,
        prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
        cost_usd=result.cost_usd, seconds=result.seconds,
        summary_json=summary.model_dump_json()
        if summary is not None and result.status == "ok" else None,
        sha256=summary.source.sha256 if summary is not None else None,
    )  # fmt: skip


def _work(
    src: str,
    *,
    backend: Backend,
    store: Store | None,
    use_cache: bool,
    budget: Budget,
    prices: Prices,
    passes: str,
    strict: bool,
    max_retries: int,
    recordings: Recorder | None,
    check_language: bool,
    run_id: int | None,
) -> BatchResult | None:
    from summarizer.api import _summarize_article
    from summarizer.article import article_from_text
    from summarizer.cleaning import read_input
    from summarizer.extraction.extract import prompt_version
    from summarizer.models import SCHEMA_VERSION
    from summarizer.recording import Recorder

    started = time.monotonic()
    options = {
        "prompt": prompt_version(), "schema": SCHEMA_VERSION, "backend": backend.name,
        "model": backend.model, "passes": passes, "strict": strict,
        "max_retries": max_retries, "check_language": check_language,
    }  # fmt: skip
    options_text = json.dumps(options, sort_keys=True)
    key: str | None = None
    try:
        raw = read_input(src)
        raw_hash = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        if store is not None and use_cache:
            key = store.key_for_input(raw_hash, options_text)
            hit = store.cached(key) if key else None
            if hit is not None and key is not None:
                return _hit(src, key, hit, started)
        article = article_from_text(raw.text, raw.source)
        key = cache_key(sha256=article.sha256, **options)
        if store is not None:
            store.remember_input(raw_hash, options_text, key)
            hit = store.cached(key) if use_cache else None
            if hit is not None:
                return _hit(src, key, hit, started)
        ledger: list[CallEvent] = []
        item_key = key

        def listen(event: CallEvent) -> None:
            ledger.append(event)
            if store is not None:
                store.add_call(run_id, item_key, CallRow(**event.__dict__))

        recorder = recordings or Recorder(directory=None, mode="off")
        try:
            summary = _summarize_article(
                article, backend, recorder, passes=passes, strict=strict,  # type: ignore[arg-type]
                max_retries=max_retries, progress=None, check_language=check_language,
                listener=listen, budget=budget, prices=prices,
            )  # fmt: skip
        except BudgetExhausted:
            raise
        except SummarizerError as exc:
            return _failed(src, key, exc, ledger, started)
        return BatchResult(
            input=src, status="ok", key=key, summary=summary, calls=len(ledger),
            prompt_tokens=sum(e.prompt_tokens for e in ledger),
            completion_tokens=sum(e.completion_tokens for e in ledger),
            cost_usd=sum(e.cost_usd for e in ledger), seconds=time.monotonic() - started,
        )  # fmt: skip
    except BudgetExhausted:
        raise
    except SummarizerError as exc:
        return _failed(src, key, exc, [], started)


def _failed(
    src: str, key: str | None, exc: SummarizerError, ledger: list[CallEvent], started: float
) -> BatchResult:
    return BatchResult(
        input=src, status="failed", key=key, error_type=type(exc).__name__,
        error=exc.message, exit_code=exc.exit_code, calls=len(ledger),
        prompt_tokens=sum(e.prompt_tokens for e in ledger),
        completion_tokens=sum(e.completion_tokens for e in ledger),
        cost_usd=sum(e.cost_usd for e in ledger), seconds=time.monotonic() - started,
    )  # fmt: skip


# --- the JSONL output: append as results finish, resume after any stop -------------------


class JsonlOutput:
    """OUT.jsonl: one line per input, appended and flushed as each finishes. On open, a
    torn last line (a run killed mid-write) is cut off; ``done`` tells what is finished.
    With ``retry_failed``, failed lines are dropped (atomically) so they run again."""

    def __init__(self, path: Path, *, retry_failed: bool = False) -> None:
        self.path = path
        self.done: dict[str, str] = {}  # input → status
        self._lock = threading.Lock()
        keep: list[str] = []
        if path.exists():
            data = path.read_bytes()
            complete = data[: data.rfind(b"\n") + 1] if b"\n" in data else b""
            for raw in complete.decode("utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(raw)
                    status, source = str(record["status"]), str(record["input"])
                except (ValueError, KeyError, TypeError):
                    continue  # not ours or damaged: dropped from the rewritten file
                if retry_failed and status == "failed":
                    continue
                self.done[source] = status
                keep.append(raw)
            rewritten = "".join(line + "\n" for line in keep).encode("utf-8")
            if rewritten != data:
                from summarizer.fileio import write_atomic

                write_atomic(path, rewritten)
        self._fh = path.open("ab")

    def write(self, result: BatchResult) -> None:
        line = (json.dumps(result.line(), ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self._fh.write(line)  # one write per line: a kill cuts at most the last one
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self.done[result.input] = result.status

    def close(self) -> None:
        self._fh.close()
