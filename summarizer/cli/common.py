"""Settings → backend and recordings: the wiring every command shares."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from summarizer.config import Settings
    from summarizer.llm.backends.base import Backend
    from summarizer.pipeline.options import Passes, RunOptions
    from summarizer.runs.store import Store


def recording_flags(record: Path | None, replay: Path | None) -> tuple[str | None, Path | None]:
    """--record DIR / --replay DIR → (record_mode, recordings) settings."""
    if record is not None and replay is not None:
        raise typer.BadParameter("use --record or --replay, not both", param_hint="--record")
    if record is not None:
        return "record", record
    if replay is not None:
        return "replay", replay
    return None, None


def settings_from(
    *, record: Path | None = None, replay: Path | None = None, **flags: Any
) -> Settings:
    """Flags > SUMMARIZER_* environment > config file."""
    from summarizer.config import load_settings

    mode, folder = recording_flags(record, replay)
    return load_settings(recordings=folder, record_mode=mode, **flags)


def engine_from(settings: Settings, progress: Callable[[str], None] | None = None) -> Backend:
    from summarizer.llm.backends.factory import make_backend

    return make_backend(
        settings.backend,
        model=settings.model,
        base_url=settings.base_url,
        model_path=settings.model_path,
        schema_style=settings.schema_style,
        transport_attempts=settings.transport_attempts,
        timeout=settings.timeout,
        retry_wait=settings.retry_wait,
        context_tokens=settings.context_tokens,
        draft_tokens=settings.draft_tokens,
        progress=progress,
    )


def run_options(
    settings: Settings,
    engine: Backend | None,
    *,
    passes: Passes = "multi",
    strict: bool = False,
    any_language: bool = False,
    chunk: bool = True,
    progress: Callable[[str], None] | None = None,
    keep_boilerplate: bool = False,
) -> RunOptions:
    """The RunOptions of a command's flags and settings (the library calls take them as
    they are): the backend built from the settings, their recordings and retries."""
    from summarizer.pipeline.options import RunOptions

    return RunOptions(
        backend=engine if engine is not None else settings.backend,
        passes=passes, strict=strict, max_retries=settings.max_retries,
        recordings=settings.recordings, record_mode=settings.record_mode,
        progress=progress, check_language=not any_language, chunk=chunk,
        keep_boilerplate=keep_boilerplate,
    )  # fmt: skip


def open_store(settings: Settings) -> Store:
    """The result store of these settings (``--store``/SUMMARIZER_STORE, else the user
    data folder)."""
    from summarizer.runs.store import Store

    return Store(settings.store)


def logging_store(settings: Settings) -> Store | None:
    """The store for commands that only log to it (summarize, brief): when the default
    one cannot be opened the command runs unlogged, with a warning; a store asked for
    explicitly must open."""
    from summarizer.errors import ConfigError

    try:
        return open_store(settings)
    except ConfigError as exc:
        if settings.store is not None:
            raise
        print(f"summarizer: warning: not logging this run ({exc.message})", file=sys.stderr)
        return None
