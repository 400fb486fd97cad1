"""ChatClient: the chat-completion function that instructor calls.

It canonicalises the request, routes it through the recorder to the backend, counts
usage, and returns an OpenAI ``ChatCompletion`` for instructor to parse. The prompt
version is an argument of each call, recorded in the exchange's metadata.
"""

from __future__ import annotations

from typing import Any

from openai.types.chat import ChatCompletion

from summarizer._version import __version__
from summarizer.backends.base import Backend
from summarizer.models import SCHEMA_VERSION, Usage
from summarizer.recording import Recorder

_REQUEST_FIELDS = ("model", "messages", "response_format", "temperature", "max_tokens", "seed")


class ChatClient:
    """One backend, one recorder, one usage counter: every model call of a run goes here."""

    def __init__(self, backend: Backend, recorder: Recorder | None = None) -> None:
        self.backend = backend
        self.recorder = recorder or Recorder(directory=None, mode="off")
        self.usage = Usage()

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

    def complete(self, kwargs: dict[str, Any], *, prompt_version: str) -> ChatCompletion:
        """Send one request (instructor's keyword arguments) and count its usage."""
        request = self.canonical_request(kwargs)
        metadata = {
            "backend": self.backend.name,
            "model": self.backend.model,
            "prompt_version": prompt_version,
            "schema_version": SCHEMA_VERSION,
            "summarizer_version": __version__,
        }
        response = self.recorder.call(request, lambda: self.backend.complete(request), metadata)
        usage = response.get("usage") or {}
        self.usage.calls += 1
        self.usage.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        self.usage.completion_tokens += int(usage.get("completion_tokens") or 0)
        return ChatCompletion.model_validate(response)
