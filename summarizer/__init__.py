"""summarizer: news articles → structured, source-grounded briefing data.

The public API (everything in ``__all__``)::

    import summarizer

    s = summarizer.summarize("article.txt")          # the embedded model, offline
    print([p.actor.country_code for p in s.positions])
    note = summarizer.brief([s, "other.html"], use_llm=False)
    print(summarizer.render(note, "markdown"))

Names load on first use, so ``import summarizer`` (and the CLI's ``--help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from summarizer.errors import (
    ArticleTooLong,
    BackendError,
    ConfigError,
    EndpointUnreachable,
    ExtractionError,
    InputError,
    ModelError,
    RecordingError,
    RecordingMissing,
    SummarizerError,
    TransportError,
    UnsupportedLanguage,
)
from summarizer.version import __version__

_LAZY: dict[str, str] = {
    "summarize": "summarizer.api",
    "summarize_text": "summarizer.api",
    "summarize_many": "summarizer.api",
    "asummarize_many": "summarizer.api",
    "BatchResult": "summarizer.runs.batch",
    "Store": "summarizer.runs.store",
    "BudgetExhausted": "summarizer.llm.ledger",
    "clean": "summarizer.api",
    "brief": "summarizer.api",
    "render": "summarizer.api",
    "track": "summarizer.api",
    "export": "summarizer.api",
    "Tracking": "summarizer.models.tracking",
    "make_backend": "summarizer.llm.backends.factory",
    "Backend": "summarizer.llm.backends.base",
    "Article": "summarizer.document.article",
    "Sentence": "summarizer.document.article",
    "Recorder": "summarizer.llm.recording",
    "ArticleSummary": "summarizer.models",
    "Actor": "summarizer.models",
    "Event": "summarizer.models",
    "Evidence": "summarizer.models",
    "PeaceProposal": "summarizer.models",
    "Position": "summarizer.models",
    "Provenance": "summarizer.models",
    "Source": "summarizer.models",
    "Stance": "summarizer.models",
    "Usage": "summarizer.models",
    "Briefing": "summarizer.models.briefing",
    "RunOptions": "summarizer.pipeline.options",
}

__all__ = [
    "Actor",
    "Article",
    "ArticleSummary",
    "ArticleTooLong",
    "Backend",
    "BackendError",
    "BatchResult",
    "Briefing",
    "BudgetExhausted",
    "ConfigError",
    "EndpointUnreachable",
    "Event",
    "Evidence",
    "ExtractionError",
    "InputError",
    "ModelError",
    "PeaceProposal",
    "Position",
    "Provenance",
    "Recorder",
    "RecordingError",
    "RecordingMissing",
    "RunOptions",
    "Sentence",
    "Source",
    "Stance",
    "Store",
    "SummarizerError",
    "Tracking",
    "TransportError",
    "UnsupportedLanguage",
    "Usage",
    "__version__",
    "asummarize_many",
    "brief",
    "clean",
    "export",
    "make_backend",
    "render",
    "summarize",
    "summarize_many",
    "summarize_text",
    "track",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from summarizer.api import (
        asummarize_many,
        brief,
        clean,
        export,
        render,
        summarize,
        summarize_many,
        summarize_text,
        track,
    )
    from summarizer.document.article import Article, Sentence
    from summarizer.llm.backends.base import Backend
    from summarizer.llm.backends.factory import make_backend
    from summarizer.llm.ledger import BudgetExhausted
    from summarizer.llm.recording import Recorder
    from summarizer.models import (
        Actor,
        ArticleSummary,
        Event,
        Evidence,
        PeaceProposal,
        Position,
        Provenance,
        Source,
        Stance,
        Usage,
    )
    from summarizer.models.briefing import Briefing
    from summarizer.models.tracking import Tracking
    from summarizer.pipeline.options import RunOptions
    from summarizer.runs.batch import BatchResult
    from summarizer.runs.store import Store
