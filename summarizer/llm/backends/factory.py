"""Build a backend by name: ``make_backend("local")`` or ``make_backend("openai", ...)``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import ConfigError
from summarizer.llm.backends.base import Backend, SchemaStyle

if TYPE_CHECKING:
    from summarizer.llm.backends.local import LocalBackend

BACKENDS = ("local", "openai")

# One in-process model per file: a second summarize() call reuses the loaded model.
_LOCAL: dict[Path | None, LocalBackend] = {}


def make_backend(
    name: str = "local",
    *,
    model: str | None = None,
    base_url: str | None = None,
    model_path: Path | str | None = None,
    api_key: str | None = None,
    schema_style: SchemaStyle | None = None,
    transport_attempts: int = 4,
    timeout: float = 120.0,
    retry_wait: float = 1.0,
    context_tokens: int | None = None,
    draft_tokens: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Backend:
    """A backend ready to use. ``local`` runs the embedded model (or ``model_path``, a GGUF
    file) in process (``draft_tokens``: see LocalBackend); ``openai`` talks to any
    OpenAI-compatible endpoint, reading ``OPENAI_API_KEY`` only when ``api_key`` is not
    given."""
    if name == "openai":
        from summarizer.llm.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(
            model=model,
            base_url=base_url,
            api_key=api_key if api_key is not None else os.environ.get("OPENAI_API_KEY"),
            schema_style=schema_style,
            attempts=transport_attempts,
            timeout_s=timeout,
            retry_wait=retry_wait,
            progress=progress,
            context_tokens=context_tokens,
        )
    if name != "local":
        raise ConfigError(f"unknown backend {name!r}", hint=f"use one of {', '.join(BACKENDS)}")
    from summarizer.llm.backends.local import LocalBackend
    from summarizer.llm.backends.model_file import MODEL_NAME

    path = Path(model_path) if model_path is not None else None
    if model is not None and model != MODEL_NAME and (path is None or model != path.stem):
        if model.endswith(".gguf"):
            path = Path(model)
        else:
            raise ConfigError(
                f"the local backend runs the embedded model {MODEL_NAME}, not {model!r}",
                hint="pass --model-path FILE.gguf to load another model, or --backend openai",
            )
    backend = _LOCAL.get(path)
    if backend is None:
        backend = _LOCAL[path] = LocalBackend(model_path=path, progress=progress)
    elif progress is not None:
        backend.set_progress(progress)
    if draft_tokens is not None:
        backend.draft_tokens = draft_tokens
    return backend
