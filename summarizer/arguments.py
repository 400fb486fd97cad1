"""What the library front's arguments become: a backend from its name, a recorder from a
folder, a run log from a store, saved summaries from ``.json`` paths."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.backends.base import Backend
    from summarizer.models import ArticleSummary
    from summarizer.recording import Recorder, RecordMode
    from summarizer.store import RunLog, Store

Progress = Callable[[str], None]


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        raise ConfigError(
            f"published date {value!r} is not an ISO date", hint="write it as 2026-05-24"
        ) from None


def run_log(
    store: str | Path | Store | RunLog | None, command: str, engine: Backend
) -> RunLog | None:
    from summarizer.store import RunLog, Store

    if store is None or isinstance(store, RunLog):
        return store
    ledger = store if isinstance(store, Store) else Store(store)
    return RunLog.start(ledger, command, backend=engine.name, model=engine.model)


def backend_for(
    backend: str | Backend,
    *,
    model: str | None,
    base_url: str | None,
    model_path: str | Path | None,
    progress: Progress | None,
) -> Backend:
    if not isinstance(backend, str):
        return backend
    from summarizer.backends.factory import make_backend

    return make_backend(backend, model=model, base_url=base_url, model_path=model_path,
                        progress=progress)  # fmt: skip


def recorder_for(
    recordings: str | Path | Recorder | None, mode: RecordMode | None, *, label: str
) -> Recorder:
    from summarizer.recording import Recorder

    if isinstance(recordings, Recorder):
        return recordings
    if mode is None:
        mode = "auto" if recordings is not None else "off"
    directory = Path(recordings) if recordings is not None else None
    secrets = [os.environ.get("OPENAI_API_KEY", "")]
    return Recorder(directory=directory, mode=mode, secrets=secrets, label=label)


def is_article(item: object) -> bool:
    from summarizer.article import Article

    return isinstance(item, Article)


def item_name(item: object) -> str:
    return str(getattr(item, "source", item))


def summaries_given(item: object) -> list[ArticleSummary] | None:
    """Summaries given as objects or saved JSON files; None for sources to summarise."""
    from summarizer.models import ArticleSummary

    if isinstance(item, ArticleSummary):
        return [item]
    if isinstance(item, (str, Path)) and str(item).lower().endswith(".json"):
        from summarizer.summaries import load_summaries

        return load_summaries(Path(item))
    return None
