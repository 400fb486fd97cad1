"""The ``local`` backend: llama-cpp-python in process, grammar-constrained to the schema."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer.errors import BackendError, ModelError, ModelNotInstalled
from summarizer.llm.backends.base import SchemaStyle, to_schema_style
from summarizer.llm.backends.model_file import INSTALL_HINT, MODEL_NAME, ensure_model

DEFAULT_CONTEXT = 8192


class LocalBackend:
    """llama.cpp in process. The model loads lazily on the first call."""

    name = "local"
    schema_style: SchemaStyle = "llama"

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        n_ctx: int = DEFAULT_CONTEXT,
        n_threads: int | None = None,
        lookahead: int = 0,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.model_path = model_path
        self.model = model_path.stem if model_path else MODEL_NAME
        self.n_ctx = n_ctx
        self.context_tokens = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 2
        # Prompt-lookup decoding: draft up to ``lookahead`` tokens by copying what followed
        # the last n-gram earlier in the prompt (answers restate article phrases), verified
        # in one batch. Greedy decoding gives the same tokens either way. 0 = off.
        self.lookahead = lookahead
        self._progress = progress
        self._llama: Any = None
        # One model in process: calls from several threads queue here, while cleaning,
        # validation and writing go on beside them.
        self._lock = threading.Lock()

    def set_progress(self, progress: Callable[[str], None] | None) -> None:
        self._progress = progress

    def _load(self) -> Any:
        if self._llama is not None:
            return self._llama
        try:
            from llama_cpp import Llama
        except ImportError:
            raise ModelNotInstalled(
                "the local backend needs llama-cpp-python, which is not installed",
                hint=INSTALL_HINT,
            ) from None
        if self.model_path is not None:
            if not self.model_path.is_file():
                raise ModelError(
                    f"model file not found: {self.model_path}", hint="check --model-path"
                )
            path = self.model_path
        else:
            path = ensure_model(self._progress)
        if self._progress:
            self._progress(f"loading model {path.name}")
        try:
            draft: Any = None
            if self.lookahead:
                from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

                draft = LlamaPromptLookupDecoding(num_pred_tokens=self.lookahead)
            self._llama = Llama(
                model_path=str(path),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                seed=0,
                verbose=False,
                draft_model=draft,
                logits_all=draft is not None,  # llama-cpp-python 0.3.x sizes its score
                # buffer from this argument, not from draft_model (which needs every logit)
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"llama.cpp could not load {path}: {exc}", hint="is it a GGUF model file?"
            ) from None
        return self._llama

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return self._complete(request)

    def _complete(self, request: dict[str, Any]) -> dict[str, Any]:
        llama = self._load()
        kwargs: dict[str, Any] = {
            "messages": request["messages"],
            "response_format": to_schema_style(request.get("response_format"), "llama"),
            "temperature": request.get("temperature", 0.0),
            "max_tokens": request.get("max_tokens"),
            "seed": request.get("seed", 0),
        }
        try:
            response = llama.create_chat_completion(**kwargs)
        except ValueError as exc:  # e.g. prompt longer than the context window
            raise BackendError(
                f"llama.cpp rejected the request: {exc}",
                hint="the article may be too long for the model's context window",
            ) from None
        answer = dict(response)
        answer["model"] = self.model  # llama.cpp puts the file's absolute path here
        return answer
