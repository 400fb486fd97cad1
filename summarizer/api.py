"""The library front: summarise, clean, brief and render from Python.

    >>> import summarizer
    >>> s = summarizer.summarize("article.txt")                       # embedded model
    >>> s = summarizer.summarize("https://…", backend="openai", model="gpt-4o-mini")
    >>> note = summarizer.brief([s, "other.html"], use_llm=False)
    >>> print(summarizer.render(note, "markdown"))

The command line, ``summarizer eval`` and the recorded test cases all run through these
functions: there is one orchestrator.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from summarizer.errors import (
    ConfigError,
    InputError,
    SummarizerError,
)
from summarizer.pipeline.options import Passes, Progress, RunOptions, chosen, iso_date, per_item

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.llm.backends.base import Backend
    from summarizer.llm.ledger import CallEvent
    from summarizer.llm.recording import Recorder, RecordMode
    from summarizer.models import ArticleSummary
    from summarizer.models.briefing import Briefing
    from summarizer.models.tracking import Tracking
    from summarizer.runs.batch import BatchResult
    from summarizer.runs.store import RunLog, Store

Source = Union[str, Path, "Article"]


def clean(
    source: str | Path, *, keep_boilerplate: bool = False, allow_private_urls: bool = True
) -> Article:
    """Read and clean one input: a text or HTML file (gzip is fine), an http(s) URL, or
    ``"-"`` for standard input. Returns the :class:`Article` the model would see: cleaned
    text, title and numbered sentences with exact character offsets. Inputs are read up
    to 20 MiB; URLs up to 5 MiB within 60 s, and shown without credentials or tokens."""
    return RunOptions(keep_boilerplate=keep_boilerplate,
                      allow_private_urls=allow_private_urls).clean(source)  # fmt: skip


def summarize(
    source: Source,
    *,
    backend: str | Backend = "local",
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | Path | None = None,
    passes: Passes = "multi",
    strict: bool = False,
    max_retries: int = 1,
    recordings: str | Path | Recorder | None = None,
    record_mode: RecordMode | None = None,
    progress: Progress | None = None,
    keep_boilerplate: bool = False,
    check_language: bool = True,
    allow_private_urls: bool = True,
    store: str | Path | Store | RunLog | None = None,
    published: str | None = None,
    outlet: str | None = None,
    chunk: bool = True,
    options: RunOptions | None = None,
) -> ArticleSummary:
    """Summarise one article into events, positions and peace-proposal stances, every item
    citing exact sentences of the cleaned text.

    ``source``: a path, a URL, ``"-"`` or an :class:`Article`. ``backend``: ``"local"``
    (the embedded model, in process), ``"openai"`` (any OpenAI-compatible endpoint, with
    ``model`` and ``base_url``), or a :class:`Backend` object such as
    :class:`summarizer.testing.FunctionBackend`. ``recordings``: a folder of recorded
    model exchanges; ``record_mode`` ``"replay"`` answers from it without a model,
    ``"record"`` writes what the backend answers, ``"auto"`` (the default when a folder is
    given) does either. ``strict`` raises :class:`ExtractionError` instead of dropping
    items the article does not support. ``progress`` receives one-line messages.

    Raises :class:`UnsupportedLanguage` for an article that is not English (actor names
    are matched in English only; ``check_language=False`` tries anyway),
    :class:`ArticleTooLong` when it cannot fit the model's context and ``chunk=False``
    (by default an article too long for the context is read in overlapping windows of
    whole sentences and their items merged), and
    :class:`ExtractionError` when no pass of the model ever gave a valid answer.
    ``allow_private_urls=False`` refuses URLs on loopback, private or link-local
    addresses (for services that fetch what their users give them). ``store`` (a path or
    :class:`~summarizer.runs.store.Store`) logs the run, its model calls, tokens and cost.
    ``published`` (an ISO date) and ``outlet`` name the source when the input does not
    (plain text); HTML pages carry their own (JSON-LD, meta tags). ``options``: a
    :class:`~summarizer.RunOptions` instead of the keywords it holds (not both).
    """
    run = chosen(options, RunOptions.from_keywords(locals()))
    return _summarize(source, run, store=store, published=published, outlet=outlet)


def _summarize(
    source: Source,
    run: RunOptions,
    *,
    store: str | Path | Store | RunLog | None,
    published: str | None,
    outlet: str | None,
) -> ArticleSummary:
    from summarizer.document.article import Article
    from summarizer.pipeline.summarize import summarize_article
    from summarizer.runs.store import RunLog, open_log

    article = source if isinstance(source, Article) else run.clean(source)
    engine = run.engine()
    if published is not None or outlet is not None:  # only what the input does not say
        article = dataclasses.replace(
            article, date=article.date or iso_date(published), outlet=article.outlet or outlet
        )
    recorder = run.recorder(label=article.source)
    log = open_log(store, "summarize", engine)
    events: list[CallEvent] = []
    started = time.monotonic()

    def listen(event: CallEvent) -> None:
        events.append(event)
        if log is not None:
            log.call(None, event)

    try:
        summary = summarize_article(article, run, engine=engine, recorder=recorder, listener=listen)
    except SummarizerError as exc:
        if log is not None:
            log.item(article.source, None, events, error=exc, seconds=time.monotonic() - started)
            if not isinstance(store, RunLog):
                log.finish("failed")
        raise
    if log is not None:
        log.item(article.source, summary, events, seconds=time.monotonic() - started)
        if not isinstance(store, RunLog):
            log.finish("done")
    return summary


def summarize_text(
    text: str,
    *,
    title: str | None = None,
    source: str = "-",
    backend: str | Backend = "local",
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | Path | None = None,
    passes: Passes = "multi",
    strict: bool = False,
    max_retries: int = 1,
    recordings: str | Path | Recorder | None = None,
    record_mode: RecordMode | None = None,
    progress: Progress | None = None,
    keep_boilerplate: bool = False,
    check_language: bool = True,
    published: str | None = None,
    outlet: str | None = None,
    chunk: bool = True,
    options: RunOptions | None = None,
) -> ArticleSummary:
    """Like :func:`summarize`, for article text (plain text or HTML) held in a string.
    ``source`` names it in the output; ``title`` overrides the title found in the text."""
    from summarizer.document.article import article_from_text
    from summarizer.document.cleaning import decode_bytes

    run = chosen(options, RunOptions.from_keywords(locals()))
    text = decode_bytes(text.encode("utf-8"), source)  # the same checks as for files
    article = article_from_text(text, source, keep_boilerplate=run.keep_boilerplate)
    if title is not None:
        article = dataclasses.replace(article, title=title)
    return _summarize(article, run, store=None, published=published, outlet=outlet)


def brief(
    items: Iterable[ArticleSummary | Source],
    *,
    title: str = "Briefing note",
    use_llm: bool = True,
    backend: str | Backend = "local",
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | Path | None = None,
    passes: Passes = "multi",
    strict: bool = False,
    max_retries: int = 1,
    recordings: str | Path | Recorder | None = None,
    record_mode: RecordMode | None = None,
    progress: Progress | None = None,
    keep_going: bool = False,
    check_language: bool = True,
    store: str | Path | Store | RunLog | None = None,
    chunk: bool = True,
    allow_private_urls: bool = True,
    published: str | Sequence[str | None] | None = None,
    outlet: str | Sequence[str | None] | None = None,
    options: RunOptions | None = None,
) -> Briefing:
    """Merge several articles into one :class:`Briefing`: an executive summary, a merged
    timeline, positions by country, a stance matrix and the sources, every line cited.

    ``items``: :class:`ArticleSummary` objects, saved summary JSON files (``.json``; a
    file that is not a valid summary is an error, never re-summarised), or sources to
    summarise (paths, URLs, :class:`Article`). ``use_llm=False`` writes the executive
    summary by rules; with only summaries given, no model is used at all. When the
    model's executive summary never validates, the rules write it and a warning says so.
    ``keep_going=True`` leaves out an article that fails (listed in ``failed_inputs``
    and the warnings) instead of raising; it still raises when none succeeds.
    ``allow_private_urls=False`` refuses URLs on addresses that are not public, as in
    :func:`summarize`. ``published`` (ISO dates) and ``outlet``: one value for every item,
    or one per item in order (None for none), filling in what a source does not say — for
    saved summaries too, whose events' dates are then resolved against it.
    """
    from summarizer.briefing import build_briefing
    from summarizer.document.article import Article
    from summarizer.llm.client import ChatClient
    from summarizer.models.briefing import FailedInput
    from summarizer.pipeline.assemble import dated
    from summarizer.runs.store import RunLog, open_log

    run = chosen(options, RunOptions.from_keywords(locals()))
    given = list(items)
    if not given:
        raise InputError("nothing to brief: give at least one article or summary")
    ready = [_summaries_given(item) for item in given]
    dates = per_item(published, len(given), "published")
    outlets = per_item(outlet, len(given), "outlet")
    recorder = run.recorder(label="brief")
    needs_model = use_llm or any(r is None for r in ready)
    engine = run.engine() if needs_model else None
    log = open_log(store, "brief", engine) if engine is not None else None
    progress = run.progress
    summaries: list[ArticleSummary] = []
    failed: list[FailedInput] = []
    errors: list[SummarizerError] = []
    for i, (item, loaded) in enumerate(zip(given, ready, strict=True), start=1):
        day, site = iso_date(dates[i - 1]), outlets[i - 1]
        if loaded is not None:
            summaries.extend(dated(s, day, site) for s in loaded)
            continue
        assert engine is not None
        if progress:
            progress(f"[{i}/{len(given)}] summarising {_item_name(item)}")
        try:
            article = item if isinstance(item, Article) else run.clean(item)  # type: ignore[arg-type]
            summaries.append(_summarize(article, run.replace(backend=engine, recordings=recorder),
                                        store=log, published=day, outlet=site))  # fmt: skip
        except SummarizerError as exc:
            if not keep_going or isinstance(exc, ConfigError):
                raise
            errors.append(exc)
            failed.append(FailedInput(input=_item_name(item), error=type(exc).__name__,
                                      message=exc.message, exit_code=exc.exit_code))  # fmt: skip
            if progress:
                progress(f"[{i}/{len(given)}] failed, left out: {exc.message}")
    if not summaries:  # nothing to brief: the worst failure is the answer
        raise max(errors, key=lambda e: e.exit_code)
    client = (
        ChatClient(engine, recorder,
                   listener=(lambda e: log.call("executive-summary", e)) if log else None)
        if use_llm and engine is not None else None
    )  # fmt: skip
    if progress:
        progress("writing the executive summary" if client else "merging")
    note = build_briefing(summaries, title=title, client=client, max_retries=run.max_retries)
    if failed:
        left_out = [f"{f.input} was left out: {f.message}" for f in failed]
        note = note.model_copy(
            update={"failed_inputs": failed, "warnings": left_out + note.warnings}
        )
    if log is not None and not isinstance(store, RunLog):
        log.finish("done" if not failed else "partial")
    return note


def render(
    obj: ArticleSummary | Sequence[ArticleSummary] | Briefing | Tracking,
    format: str = "json",
    *,
    article: Article | None = None,
) -> str:
    """Render what the CLI writes: a summary as json, jsonl, markdown, text, csv or html
    (the evidence view: the cleaned article with its evidence highlighted — ``article``,
    or the summary's own source cleaned again); a list of summaries as a JSON array,
    JSONL, csv or the renderings one after another; a briefing as json, markdown, html or
    csv; positions over time (:func:`track`) as json, markdown or html."""
    from summarizer.models.briefing import Briefing
    from summarizer.models.tracking import Tracking

    if isinstance(obj, Tracking):
        from summarizer.renderers.tracking import render_tracking

        return render_tracking(obj, format)
    if isinstance(obj, Briefing):
        if format == "csv":
            from summarizer.renderers.csv_rows import render_briefing_csv

            return render_briefing_csv(obj)
        from summarizer.renderers.briefing import render_briefing

        return render_briefing(obj, format)
    summaries = list(obj) if isinstance(obj, Sequence) else [obj]
    if format == "csv":
        from summarizer.renderers.csv_rows import render_csv

        return render_csv(summaries)
    if format == "html":
        from summarizer.renderers.evidence_html import render_evidence_html

        if len(summaries) != 1:
            raise ConfigError("the html view shows one article: render one summary")
        source = article if article is not None else clean(summaries[0].source.input)
        return render_evidence_html(summaries[0], source)
    from summarizer.renderers import render_summaries

    return render_summaries(summaries, format, as_array=isinstance(obj, Sequence))


def track(
    items: Iterable[ArticleSummary | str | Path],
    *,
    actor: str | None = None,
    proposal: str | None = None,
    since: str | None = None,
) -> Tracking:
    """How each actor's stated position, and its stance on each proposal, changed across
    ``items`` (summaries, or saved summary files: JSON, JSONL, batch output) in the order
    of their sources' dates; see ``summarizer track``."""
    from summarizer.briefing.tracking import track as build
    from summarizer.runs.saved import newest_per_article, summaries_of

    chosen, _ = newest_per_article(summaries_of(items))
    return build(chosen, actor=actor, proposal=proposal, since=iso_date(since))


def export(items: Iterable[ArticleSummary | str | Path], sqlite: str | Path) -> dict[str, int]:
    """Write ``items`` (summaries, or saved summary files: JSON, JSONL, batch output) to
    a SQLite database for datasette, as ``summarizer export --sqlite`` does; returns the
    rows written per table. An existing export is replaced; anything else is refused."""
    from summarizer.renderers.sqlite_export import export_sqlite
    from summarizer.runs.saved import summaries_of

    summaries = summaries_of(items)
    if not summaries:
        raise InputError("no summaries to export")
    return dict(export_sqlite(summaries, Path(sqlite)).counts)


def summarize_many(
    sources: Iterable[Source],
    *,
    backend: str | Backend = "local",
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | Path | None = None,
    concurrency: int = 4,
    store: str | Path | Store | None = None,
    use_cache: bool = True,
    budget_usd: float | None = None,
    budget_tokens: int | None = None,
    prices: dict[str, tuple[float, float]] | None = None,
    passes: Passes = "multi",
    strict: bool = False,
    max_retries: int = 1,
    recordings: str | Path | Recorder | None = None,
    record_mode: RecordMode | None = None,
    check_language: bool = True,
    allow_private_urls: bool = True,
    stop: threading.Event | None = None,
    chunk: bool = True,
    parse_workers: int | None = None,
    options: RunOptions | None = None,
) -> Iterator[BatchResult]:
    """Summarise many articles (paths, URLs or :class:`Article` objects) with
    ``concurrency`` workers, yielding a :class:`~summarizer.runs.batch.BatchResult` (status
    ``ok``, ``cached`` or ``failed``, the summary or the error, tokens and cost) for each
    as it finishes. A failing article never stops the others; an error that would fail
    them all alike (a budget reached, the endpoint down, a bad key) stops the run and is
    raised after the finished results. With ``store`` (a path or
    :class:`~summarizer.runs.store.Store`) summaries are cached by a hash of the cleaned text,
    the article's metadata, prompt and schema versions, backend, model and options, and
    every call is logged with its cost. ``prices``: USD per million (input, output)
    tokens by model, added to the built-in table; ``budget_usd`` needs a price for the
    model. Setting ``stop`` (a ``threading.Event``) stops after the running articles.
    ``chunk=False`` refuses an article too long for the model's context instead of
    reading it in windows. ``parse_workers``: processes that parse each article while the
    model answers (default: one a core beyond the first, at most 4, for 16 articles or
    more, else none; ``SUMMARIZER_PARSE_WORKERS`` sets it; 0 parses in this process)."""
    from summarizer.document.article import Article
    from summarizer.llm.ledger import Budget, Prices
    from summarizer.runs.batch import summarize_many as run_many
    from summarizer.runs.store import Store

    run = chosen(options, RunOptions.from_keywords(locals()))
    run = run.with_engine().with_recorder("batch")
    engine = run.engine()
    table = Prices.with_extra(prices)
    if budget_usd is not None:
        hint = "pass prices={model: (usd_in, usd_out)} per million tokens"
        table.require_price(engine.name, engine.model, hint=hint)
    ledger = store if isinstance(store, Store) or store is None else Store(store)
    items: list[Any] = [s if isinstance(s, Article) else str(s) for s in sources]
    yield from run_many(
        items, run, concurrency=concurrency, store=ledger, use_cache=use_cache,
        budget=Budget(max_usd=budget_usd, max_tokens=budget_tokens), prices=table, stop=stop,
        parse_workers=parse_workers,
    )  # fmt: skip


async def asummarize_many(sources: Iterable[Source], **options: Any) -> AsyncIterator[BatchResult]:
    """:func:`summarize_many` for asyncio code: the same workers run in a thread, and
    results arrive through the event loop as they finish."""
    import asyncio

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    stop = threading.Event()  # set when the consumer stops early: no new article starts

    def produce() -> None:
        try:
            for result in summarize_many(sources, stop=stop, **options):
                if stop.is_set():
                    break
                loop.call_soon_threadsafe(queue.put_nowait, ("item", result))
        except BaseException as exc:  # handed to the consumer, raised there
            loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))
        else:
            loop.call_soon_threadsafe(queue.put_nowait, ("end", None))

    worker = loop.run_in_executor(None, produce)
    try:
        while True:
            kind, value = await queue.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                break
    finally:
        stop.set()
        await worker


def _item_name(item: object) -> str:
    return str(getattr(item, "source", item))


def _summaries_given(item: object) -> list[ArticleSummary] | None:
    """Summaries given as objects or saved files (``.json``: a summary, an array or JSON
    Lines; ``.jsonl``: those or the output of ``summarizer batch``, its ok lines); None
    for a source to summarise."""
    from summarizer.models import ArticleSummary
    from summarizer.runs.saved import summaries_from_file

    if isinstance(item, ArticleSummary):
        return [item]
    if isinstance(item, (str, Path)) and str(item).lower().endswith((".json", ".jsonl")):
        loaded = summaries_from_file(Path(item))
        if not loaded.summaries:
            raise InputError(
                f"{item}: holds no summary ({len(loaded.skipped)} lines left out)",
                hint="pass summaries written by `summarizer summarize` or batch",
            )
        return loaded.summaries
    return None
