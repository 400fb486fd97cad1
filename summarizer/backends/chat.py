"""The chat-completion callable handed to instructor.

It canonicalises the request, routes it through the recorder to the backend, counts
usage, and returns an OpenAI ``ChatCompletion`` for instructor to parse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion

from summarizer import __version__
from summarizer.backends.base import Backend
from summarizer.models import SCHEMA_VERSION, Usage
from summarizer.recording import Recorder

_REQUEST_FIELDS = ("model", "messages", "response_format", "temperature", "max_tokens", "seed")


class ChatCall:
    def __init__(
        self,
        backend: Backend,
        recorder: Recorder | None = None,
        *,
        prompt_version: str = "",
        on_call: Callable[[int], None] | None = None,
    ) -> None:
        self.backend = backend
        self.recorder = recorder or Recorder(directory=None, mode="off")
        self.prompt_version = prompt_version
        self.usage = Usage()
        self._on_call = on_call

    @property
    def model(self) -> str:
        return self.backend.model

    def canonical_request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The request as instructor made it (OpenAI shape, backend-neutral): the
        recording key. Backends translate the schema shape when they send it."""
        request = {k: kwargs[k] for k in _REQUEST_FIELDS if kwargs.get(k) is not None}
        request["model"] = self.backend.model
        request["messages"] = [
            {"role": m["role"], "content": m["content"]} for m in kwargs.get("messages", [])
        ]
        return request

    def __call__(self, **kwargs: Any) -> ChatCompletion:
        request = self.canonical_request(kwargs)
        metadata = {
            "backend": self.backend.name,
            "model": self.backend.model,
            "prompt_version": self.prompt_version,
            "schema_version": SCHEMA_VERSION,
            "summarizer_version": __version__,
        }
        if self._on_call is not None:
            self._on_call(self.usage.calls + 1)
        response = self.recorder.call(request, lambda: self.backend.complete(request), metadata)
        usage = response.get("usage") or {}
        self.usage.calls += 1
        self.usage.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        self.usage.completion_tokens += int(usage.get("completion_tokens") or 0)
        return ChatCompletion.model_validate(response)
