"""Build a backend and a recorder from settings (the CLI's wiring, nothing more)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import typer

from summarizer.backends.base import Backend
from summarizer.config import Settings
from summarizer.recording import Recorder


def make_backend(settings: Settings, progress: Callable[[str], None] | None = None) -> Backend:
    if settings.backend == "openai":
        from summarizer.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(
            model=settings.model,
            base_url=settings.base_url,
            api_key=os.environ.get("OPENAI_API_KEY"),
            schema_style=settings.schema_style,
            attempts=settings.transport_attempts,
        )
    from summarizer.backends.local import LocalBackend

    return LocalBackend(model_path=settings.model_path, progress=progress)


def recording_flags(record: Path | None, replay: Path | None) -> tuple[str | None, Path | None]:
    """--record DIR / --replay DIR → (record_mode, recordings) settings."""
    if record is not None and replay is not None:
        raise typer.BadParameter("use --record or --replay, not both")
    if record is not None:
        return "record", record
    if replay is not None:
        return "replay", replay
    return None, None


def make_recorder(settings: Settings, label: str = "") -> Recorder:
    mode = settings.record_mode
    if mode is None:
        mode = "auto" if settings.recordings is not None else "off"
    directory: Path | None = settings.recordings
    secrets = [os.environ.get("OPENAI_API_KEY", "")]
    return Recorder(directory=directory, mode=mode, secrets=secrets, label=label)
