"""``summarizer batch … --via jsonl|openai-batch``: clean every input, store it, and
write the first round's request files; nothing is sent.

Inputs the store already holds a summary for are done at once (status cached), inputs
that cannot be read or cleaned fail at once, and the rest wait for their answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError, SummarizerError
from summarizer.runs.batch import BatchResult, article_key, shown_names, store_result
from summarizer.runs.batch_output import JsonlOutput
from summarizer.runs.openai_batch.answers import Engine
from summarizer.runs.openai_batch.import_results import (
    DEFAULT_LIMITS,
    Limits,
    Progress,
    advance,
    named,
    output_for,
)
from summarizer.runs.openai_batch.jobs import Job, Jobs
from summarizer.runs.store import Store


@dataclass
class Prepared:
    source: str  # as shown (URLs without credentials)
    article: Any = None
    key: str | None = None
    cached: str | None = None  # the stored summary's JSON
    error: tuple[str, str, int] | None = None  # type, message, exit code


def export_requests(
    sources: list[str],
    *,
    store: Store,
    via: str,
    engine: Engine,
    options: dict[str, Any],
    output: Path,
    requests_dir: Path,
    endpoint: str | None = None,
    concurrency: int = 4,
    use_cache: bool = True,
    allow_private_urls: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Job, Progress]:
    """A new job holding ``sources`` and its first round of request files."""
    jobs = Jobs(store)
    output, requests_dir = output.resolve(), requests_dir.resolve()  # imports run anywhere
    busy = jobs.open_for(output)
    if busy is not None and not jobs.files(busy):  # stopped before its first file
        jobs.finish(busy, "stopped")
    elif busy is not None:
        raise ConfigError(
            f"{output} is the output of batch job {busy.id}, which still waits for answers",
            hint=f"import its results (`summarizer batch status --job {busy.id}`), "
            "or write to a new -o",
        )
    job = jobs.create(
        via=via,
        options=options,
        engine=engine,
        output=output,
        requests_dir=requests_dir,
        endpoint=endpoint,
        inputs=len(sources),
    )
    report = Progress(round=0)
    out = output_for(job)
    try:
        keys: list[str] = []
        names = shown_names(sources)
        todo = [src for src in sources if names[src] not in out.done]  # resumed output
        for item in _prepare_all(
            todo,
            store,
            options,
            concurrency=concurrency,
            use_cache=use_cache,
            allow_private_urls=allow_private_urls,
            names=names,
        ):
            if item.error is not None or item.cached is not None:
                _done_now(store, job, item, out, report)
                continue
            assert item.key is not None
            jobs.add_article(job, item.source, item.key, item.article)
            keys.append(item.key)
        advance(jobs, job, keys, out, report, limits)
    finally:
        out.close()
    return jobs.get(job.id), report


def _prepare_all(
    sources: list[str],
    store: Store,
    options: dict[str, Any],
    *,
    concurrency: int,
    use_cache: bool,
    allow_private_urls: bool,
    names: dict[str, str],
) -> Iterator[Prepared]:
    def one(src: str) -> Prepared:
        return _prepare(
            src,
            store,
            options,
            use_cache=use_cache,
            allow_private_urls=allow_private_urls,
            shown=names[src],
        )

    with ThreadPoolExecutor(
        max_workers=max(1, concurrency), thread_name_prefix="summarizer-export"
    ) as pool:
        yield from pool.map(one, sources)


def _prepare(
    src: str,
    store: Store,
    options: dict[str, Any],
    *,
    use_cache: bool,
    allow_private_urls: bool,
    shown: str,
) -> Prepared:
    """Read and clean one input, and look it up in the cache (as a direct run does)."""
    from summarizer.document.article import article_from_text
    from summarizer.document.cleaning import read_input

    options_text = json.dumps(options, sort_keys=True)
    try:
        raw = read_input(src, allow_private_urls=allow_private_urls)
        raw_hash = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        if use_cache:
            known = store.key_for_input(raw_hash, options_text)
            hit = store.cached(known) if known else None
            if hit is not None:
                return Prepared(shown, key=known, cached=hit)
        article = article_from_text(raw.text, raw.source)
        key = article_key(article, options)
        store.remember_input(raw_hash, options_text, key)
        hit = store.cached(key) if use_cache else None
        return Prepared(shown, article=article, key=key, cached=hit)
    except SummarizerError as exc:
        return Prepared(shown, error=(type(exc).__name__, exc.message, exc.exit_code))
    except Exception as exc:  # a bug fails its input, not the export (as in direct runs)
        return Prepared(shown, error=("InternalError", f"{type(exc).__name__}: {exc}", 70))


def _done_now(store: Store, job: Job, item: Prepared, out: JsonlOutput, report: Progress) -> None:
    if item.cached is not None:
        from summarizer.models import ArticleSummary

        summary = ArticleSummary.model_validate_json(item.cached)
        summary = summary.model_copy(
            update={"source": summary.source.model_copy(update={"input": item.source})}
        )
        result = BatchResult(input=item.source, status="cached", key=item.key, summary=summary)
        report.cached += 1
    else:
        assert item.error is not None
        kind, message, code = item.error
        result = BatchResult(
            input=item.source,
            status="failed",
            key=item.key,
            error_type=kind,
            error=message,
            exit_code=code,
        )
        report.failed += 1
        report.failed_codes.append(code)
        report.failures.append(named(item.source, message))
    store_result(store, job.run_id, result)
    out.write(result)
