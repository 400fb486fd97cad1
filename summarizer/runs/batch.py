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
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.document.cleaning.fetch import is_url
from summarizer.errors import (
    ConfigError,
    EndpointUnreachable,
    InputError,
    ModelError,
    SummarizerError,
)
from summarizer.fileio import read_capped
from summarizer.llm.ledger import Budget, BudgetExhausted, CallEvent, Prices
from summarizer.llm.redact import printable, redact_url
from summarizer.nlp.parsing import ParsePool, default_parse_workers
from summarizer.pipeline.summarize import summarize_article
from summarizer.runs.store import Store, cache_key
from summarizer.version import __version__

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.llm.backends.base import Backend
    from summarizer.llm.recording import Recorder
    from summarizer.models import ArticleSummary
    from summarizer.pipeline.options import RunOptions

# Errors that would fail every other input the same way: they stop the run (nothing more
# starts, the items are not written, a later run does them) instead of failing each item.
RUN_STOPPERS: tuple[type[SummarizerError], ...] = (
    BudgetExhausted,
    ConfigError,
    ModelError,
    EndpointUnreachable,
)

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

    def line(self, options: str = "") -> dict[str, Any]:
        """The JSONL record: input, key, status, summary, error, usage (and a hash of the
        options it was made with, so a resumed run can tell it was made the same way)."""
        return {
            "options": options,
            "input": self.input,
            "key": self.key,
            "status": self.status,
            "summary": self.summary.model_dump(mode="json") if self.summary else None,
            "error": {"type": self.error_type, "message": self.error, "exit_code": self.exit_code}
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
    stopped: str = ""  # why the run stopped early (a budget, an outage), if it did
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
            lines = read_capped(input_file, 64 * 1024 * 1024, "input list").decode().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{input_file}: cannot read the input list ({exc})") from None
        given += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    out: list[str] = []
    seen: set[str] = set()
    for item in given:
        path = Path(item)
        if not is_url(item) and path.is_dir():
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


def options_hash(options: dict[str, Any]) -> str:
    return cache_key(**options)[:12]


def cache_options(backend: Backend, *, passes: str, strict: bool, max_retries: int,
                check_language: bool, chunk: bool = True) -> dict[str, Any]:  # fmt: skip
    """What, besides the article, decides a summary: prompt and schema versions, the
    backend (its endpoint or model file too), passes and options, summarizer's version."""
    from summarizer.extraction.messages import prompt_version
    from summarizer.models import SCHEMA_VERSION

    return {
        "prompt": prompt_version(), "schema": SCHEMA_VERSION, "version": __version__,
        "backend": backend.name, "model": backend.model,
        "endpoint": redact_url(str(getattr(backend, "base_url", "") or "")),
        "model_path": str(getattr(backend, "model_path", "") or ""),
        "passes": passes, "strict": strict, "max_retries": max_retries,
        "check_language": check_language,
        # long articles read in windows (the default) or refused; named only when
        # refused, so the keys of every summary made before windows existed still hold
        **({} if chunk else {"chunk": False}),
    }  # fmt: skip


def article_key(article: Article, options: dict[str, Any]) -> str:
    """The cache key of a cleaned article under ``options`` (see ``cache_options``):
    everything the summary carries from the article, not only its text."""
    return cache_key(
        sha256=article.sha256, title=article.title, published=article.date,
        outlet=article.outlet, url=article.url, author=article.author, **options,
    )  # fmt: skip


def summarize_many(
    sources: Iterable[str | Article],
    options: RunOptions,
    *,
    concurrency: int = 4,
    store: Store | None = None,
    use_cache: bool = True,
    budget: Budget | None = None,
    prices: Prices | None = None,
    run_id: int | None = None,
    stop: threading.Event | None = None,
    parse_workers: int | ParsePool | None = None,
) -> Iterator[BatchResult]:
    """Summarise ``sources`` with ``concurrency`` workers and yield each result as it
    finishes. A failed input yields a ``failed`` result and the run goes on. An error that
    would fail every input alike (a budget reached, the endpoint down, a bad key, no
    model) stops the run: what is running finishes, nothing new starts, and the error is
    raised after the finished results; what did not finish is not yielded. Setting
    ``stop`` stops the same way, without an error. Every article shares the backend and
    the recorder of ``options``. ``parse_workers``: processes that parse each article's
    sentences while the model answers (default: see
    :func:`summarizer.nlp.parsing.default_parse_workers`; 0 parses in this process), or a
    :class:`~summarizer.nlp.parsing.ParsePool` the caller keeps and closes."""
    prices = prices or Prices()
    budget = budget or Budget()
    stop = stop or threading.Event()
    backend = options.engine()
    recorder = options.recorder("batch")
    own_run = store is not None and run_id is None
    if store is not None and run_id is None:
        run_id = store.start_run("summarize_many", backend=backend.name, model=backend.model)
    key_options = cache_options(backend, passes=options.passes, strict=options.strict,
                                max_retries=options.max_retries,
                                check_language=options.check_language,
                                chunk=options.chunk)  # fmt: skip
    pending = list(sources)
    names = shown_names(pending)
    stopped: SummarizerError | None = None
    status = "done"
    parsers = parse_workers if isinstance(parse_workers, ParsePool) else None
    if parse_workers is None or isinstance(parse_workers, int):
        workers = default_parse_workers(len(pending)) if parse_workers is None else parse_workers
        parsers = ParsePool(workers) if workers > 0 else None
    try:
        with ThreadPoolExecutor(max_workers=max(1, concurrency),
                                thread_name_prefix="summarizer") as pool:  # fmt: skip
            running: set[Future[BatchResult]] = set()

            def submit_next() -> None:
                while pending and len(running) < max(1, concurrency) and not stop.is_set():
                    running.add(pool.submit(
                        _one, pending.pop(0), options=options, backend=backend,
                        recorder=recorder, store=store, use_cache=use_cache, budget=budget,
                        prices=prices, run_id=run_id, key_options=key_options, names=names,
                        parsers=parsers,
                    ))  # fmt: skip

            submit_next()
            while running:
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    running.discard(future)
                    try:
                        result = future.result()
                    except RUN_STOPPERS as exc:
                        stop.set()  # the running ones finish; nothing new starts
                        stopped = stopped or exc
                        continue
                    yield result
                submit_next()
    except GeneratorExit:
        stop.set()
        status = "stopped"
        raise
    finally:
        if parsers is not None and parsers is not parse_workers:
            parsers.close()
        if stopped is not None or (stop.is_set() and status == "done"):
            status = "stopped"
        if own_run and store is not None and run_id is not None:
            store.finish_run(run_id, status)
    if stopped is not None:
        raise stopped


def _one(src: str | Article, **kwargs: Any) -> BatchResult:
    """One input, stored before it is returned (so a kill between storing and the
    caller's output leaves a summary the next run finds in the cache, never a line
    without its summary). A bug is a failed item (exit 70), not the end of the run."""
    store: Store | None = kwargs["store"]
    run_id: int | None = kwargs["run_id"]
    try:
        result = _work(src, **kwargs)
        if store is not None and run_id is not None:
            store_result(store, run_id, result)
        return result
    except RUN_STOPPERS:
        raise
    except Exception as exc:
        result = BatchResult(input=_shown(src, kwargs["names"]), status="failed",
                             error_type="InternalError",
                             error=f"{type(exc).__name__}: {exc}", exit_code=70)  # fmt: skip
    if store is not None and run_id is not None:
        store_result(store, run_id, result)
    return result


def shown_name(src: str) -> str:
    """How an input is named in the output, the store and messages: without its secrets
    (``redact_url``) and printable (``printable``). When that changed it, a short hash of
    the whole input follows ("…?sid=REDACTED #97653ffb"), so two inputs that read alike
    once their secrets are hidden are never taken for one another, in this run or the
    next."""
    name = printable(redact_url(src))
    if name == src:
        return name
    digest = hashlib.sha256(src.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{name} #{digest}"


def shown_names(sources: Iterable[str | Article]) -> dict[str, str]:
    """``shown_name`` of every input given as a string."""
    return {s: shown_name(s) for s in sources if isinstance(s, str)}


def _shown(src: str | Article, names: dict[str, str]) -> str:
    if isinstance(src, str):
        return names.get(src) or shown_name(src)
    return src.source


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


def _hit(src: str, key: str, text: str, started: float) -> BatchResult:
    """A cached summary, named for this input (the same text may come from another)."""
    from summarizer.models import ArticleSummary

    summary = ArticleSummary.model_validate_json(text)
    summary = summary.model_copy(
        update={"source": summary.source.model_copy(update={"input": src})}
    )
    return BatchResult(input=src, status="cached", key=key, summary=summary,
                       seconds=time.monotonic() - started)  # fmt: skip


def _work(
    src: str | Article,
    *,
    options: RunOptions,
    backend: Backend,
    recorder: Recorder,
    store: Store | None,
    use_cache: bool,
    budget: Budget,
    prices: Prices,
    run_id: int | None,
    key_options: dict[str, Any],
    names: dict[str, str],
    parsers: ParsePool | None = None,
) -> BatchResult:
    from summarizer.document.article import Article, article_from_text
    from summarizer.document.cleaning import read_input

    started = time.monotonic()
    shown = _shown(src, names)
    options_text = json.dumps(key_options, sort_keys=True)
    key: str | None = None
    try:
        raw_hash = None
        if isinstance(src, Article):
            article = src
        else:
            raw = read_input(src, allow_private_urls=options.allow_private_urls)
            raw_hash = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
            if store is not None and use_cache:
                key = store.key_for_input(raw_hash, options_text)
                hit = store.cached(key) if key else None
                if hit is not None and key is not None:
                    return _hit(shown, key, hit, started)
            article = article_from_text(raw.text, raw.source)
        key = article_key(article, key_options)
        if store is not None:
            if raw_hash is not None:
                store.remember_input(raw_hash, options_text, key)
            hit = store.cached(key) if use_cache else None
            if hit is not None:
                return _hit(shown, key, hit, started)
        if parsers is not None:  # parsed on another core while the model answers
            parsers.prefetch(article)
        ledger: list[CallEvent] = []
        item_key = key

        def listen(event: CallEvent) -> None:
            ledger.append(event)
            if store is not None:
                store.add_call(run_id, item_key, event)

        try:
            summary = summarize_article(
                article, options.replace(progress=None), engine=backend, recorder=recorder,
                listener=listen, budget=budget, prices=prices, parallel_passes=True,
            )  # fmt: skip
        except RUN_STOPPERS:
            raise
        except SummarizerError as exc:
            return _failed(shown, key, exc, ledger, started)
        spent = [e for e in ledger if not e.replayed]  # a replay reads tokens, spends none
        return BatchResult(
            input=shown, status="ok", key=key, summary=summary, calls=len(ledger),
            prompt_tokens=sum(e.prompt_tokens for e in spent),
            completion_tokens=sum(e.completion_tokens for e in spent),
            cost_usd=sum(e.cost_usd for e in spent), seconds=time.monotonic() - started,
        )  # fmt: skip
    except RUN_STOPPERS:
        raise
    except SummarizerError as exc:
        return _failed(shown, key, exc, [], started)


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
