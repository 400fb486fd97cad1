"""The ``local`` backend: llama-cpp-python in process, grammar-constrained to the schema.

Two decode loops give the same kind of answer (greedy, under the schema's grammar):
``guided`` (the default where llguidance is installed) is ours, in
:mod:`summarizer.llm.backends.decoding`, and can verify drafts of several tokens per step;
``llama`` is llama-cpp-python's ``create_chat_completion``.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import BackendError, ModelError, ModelNotInstalled
from summarizer.llm.backends.base import SchemaStyle, to_schema_style
from summarizer.llm.backends.model_file import INSTALL_HINT, MODEL_NAME, ensure_model

DEFAULT_CONTEXT = 8192
DEFAULT_DRAFT_TOKENS = 0
Decoder = Literal["guided", "llama"]


def guided_available() -> bool:
    """Whether our decode loop can run: llguidance is installed (a broken install or an
    llama-cpp-python without the calls it needs is found when the model loads)."""
    import importlib.util

    return importlib.util.find_spec("llguidance") is not None


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
        decoder: Decoder | None = None,
        draft_tokens: int = DEFAULT_DRAFT_TOKENS,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.model_path = model_path
        self.model = model_path.stem if model_path else MODEL_NAME
        self.n_ctx = n_ctx
        self.context_tokens = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 2
        # ``guided``: our loop (backends/decoding/); ``llama``: llama-cpp-python's own.
        self.decoder: Decoder = decoder or ("guided" if guided_available() else "llama")
        # Guided loop only: draft up to this many tokens per step (forced by the grammar,
        # or copied from the article) and verify them in one batch. 0 = one token a step.
        self.draft_tokens = draft_tokens
        self._progress = progress
        self._llama: Any = None
        self._guided: Any = None
        self._formatter: Any = None
        self.last_stats: Any = None  # the guided loop's DecodeStats of the last call
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
            self._llama = Llama(
                model_path=str(path), n_ctx=self.n_ctx, n_threads=self.n_threads, seed=0,
                verbose=False,
            )  # fmt: skip
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
        response_format = to_schema_style(request.get("response_format"), "llama")
        if (
            self.decoder == "guided"
            and not request.get("temperature")  # our loop is greedy: sampling is llama.cpp's
            and _guidable(llama, response_format)
        ):
            answer = self._complete_guided(llama, request, response_format)
            if answer is not None:
                return answer
        kwargs: dict[str, Any] = {
            "messages": request["messages"],
            "response_format": response_format,
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

    def _complete_guided(
        self, llama: Any, request: dict[str, Any], response_format: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The same prompt, grammar and stopping rules as ``create_chat_completion``; None
        where our loop cannot run this request (llama.cpp's loop answers it then)."""
        from summarizer.llm.backends.decoding.grammar import grammar_for
        from summarizer.llm.backends.decoding.loop import GrammarRefused, GuidedDecoder

        if self._guided is None:
            try:
                self._guided, self._formatter = GuidedDecoder(llama), _chat_formatter(llama)
            except (ImportError, AttributeError) as exc:  # llguidance broken, or an
                # llama-cpp-python without the low-level calls the loop makes
                self.decoder = "llama"
                if self._progress:
                    self._progress(f"decoding with llama-cpp-python's own loop ({exc})")
                return None
        try:
            grammar = grammar_for(response_format)
        except ValueError as exc:
            if self._progress:
                self._progress(f"llguidance cannot run this schema's grammar ({exc}); "
                               "decoding with llama-cpp-python's own loop")  # fmt: skip
            return None
        formatted = self._formatter(messages=request["messages"])
        prompt = llama.tokenize(
            formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special, special=True
        )
        n_ctx = llama.n_ctx()
        if len(prompt) >= n_ctx:
            raise BackendError(
                f"llama.cpp rejected the request: Requested tokens ({len(prompt)}) exceed "
                f"context window of {n_ctx}",
                hint="the article may be too long for the model's context window",
            )
        max_tokens = request.get("max_tokens") or 0
        if max_tokens <= 0 or max_tokens + len(prompt) >= n_ctx:
            max_tokens = n_ctx - len(prompt)
        try:
            decoded = self._guided.run(prompt, grammar, max_tokens, draft_tokens=self.draft_tokens)
        except GrammarRefused:  # llguidance's matcher refused it, before any decoding
            return None
        except RuntimeError as exc:  # llama_decode failed, or the grammar engine did
            raise BackendError(
                f"the local model could not decode: {exc}",
                hint="try SUMMARIZER_DRAFT_TOKENS=0, or report it with the request",
            ) from None
        self.last_stats = decoded.stats
        text = llama.detokenize(decoded.tokens, prev_tokens=prompt).decode("utf-8", "ignore")
        finish = decoded.finish_reason
        stops = formatted.stop if isinstance(formatted.stop, list) else [formatted.stop]
        for stop in (s for s in stops if s):
            if stop in text:
                text, finish = text[: text.index(stop)], "stop"
        return {
            "id": f"chatcmpl-{uuid.uuid4()}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
            "usage": {
                "prompt_tokens": len(prompt),
                "completion_tokens": len(decoded.tokens),
                "total_tokens": len(prompt) + len(decoded.tokens),
            },
        }


def _guidable(llama: Any, response_format: Any) -> bool:
    """Our loop builds the prompt from the GGUF's own chat template and the grammar from a
    JSON response_format, on llama-cpp-python's batch and token buffers; anything else goes
    through llama-cpp-python."""
    return (
        all(hasattr(llama, name) for name in ("_batch", "_ctx", "input_ids", "n_tokens"))
        and isinstance(response_format, dict)
        and response_format.get("type") == "json_object"
        and getattr(llama, "chat_handler", None) is None
        and getattr(llama, "chat_format", None) == "chat_template.default"
        and "tokenizer.chat_template" in getattr(llama, "metadata", {})
    )


def _chat_formatter(llama: Any) -> Any:
    """The formatter ``Llama.__init__`` builds from the GGUF's chat template."""
    from llama_cpp import llama_chat_format

    eos, bos = llama.token_eos(), llama.token_bos()
    return llama_chat_format.Jinja2ChatFormatter(
        template=llama.metadata["tokenizer.chat_template"],
        eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos],
    )
