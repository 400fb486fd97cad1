"""One article through the model and the checks: language check, the passes (windows
when it is long), the summary assembled from what the checks keep. Every front door
(``summarizer.summarize``, the batch runner, the OpenAI Batch route) runs this."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from summarizer.document.language import looks_english
from summarizer.errors import ExtractionError, UnsupportedLanguage
from summarizer.extraction.extract import extract
from summarizer.extraction.messages import check_fits
from summarizer.llm.client import ChatClient
from summarizer.models import Provenance
from summarizer.pipeline.assemble import build_summary, extraction_warnings

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.llm.backends.base import Backend
    from summarizer.llm.ledger import Budget, CallEvent, Prices
    from summarizer.llm.recording import Recorder
    from summarizer.models import ArticleSummary
    from summarizer.pipeline.options import RunOptions


def summarize_article(
    article: Article,
    options: RunOptions,
    *,
    engine: Backend,
    recorder: Recorder,
    listener: Callable[[CallEvent], None] | None = None,
    budget: Budget | None = None,
    prices: Prices | None = None,
    parallel_passes: bool = False,
) -> ArticleSummary:
    """The summary of one cleaned article, by ``engine`` (answers recorded or replayed by
    ``recorder``) as ``options`` say; every call reported to ``listener``, spending
    ``budget`` at ``prices``."""
    passes, chunk = options.passes, options.chunk
    if options.check_language:
        english, share = looks_english(article.text)
        if not english:
            raise UnsupportedLanguage(
                f"{article.source}: the article does not look like English (only "
                f"{share:.0%} of its words are common English words); actor names are "
                "matched in English only, so every item would be dropped",
                hint="only English articles are supported for now; --any-language "
                "(check_language=False) tries anyway",
            )
    context = getattr(engine, "context_tokens", None)
    if not chunk:  # read whole or not at all (else a long article is read in windows)
        check_fits(article, context, passes=passes)
    client = ChatClient(engine, recorder, listener=listener, budget=budget, prices=prices)
    llm = extract(article, client, passes=passes, max_retries=options.max_retries,
                  strict=options.strict, progress=options.progress, parallel=parallel_passes,
                  context_tokens=context if chunk else None)  # fmt: skip
    if llm.failed and len(llm.failed) == len(llm.passes):
        first = next(iter(llm.failed.values()))
        raise ExtractionError(
            f"{article.source}: the model never gave a valid answer "
            f"({len(llm.failed)} of {len(llm.passes)} passes failed; {first})",
            hint="check the backend and model; small models may need --passes single",
        )
    provenance = Provenance(
        backend=engine.name,
        model=engine.model,
        prompt_version=llm.prompt_version,
        created_at=datetime.now(timezone.utc),
        usage=client.usage,
        failed_passes=list(llm.failed),
    )
    notes = extraction_warnings(llm) + list(dict.fromkeys(client.problems))
    return build_summary(article, llm, provenance, notes)
