"""The OpenAI Files and Batches endpoints through the openai SDK: upload a request file,
create a batch (``completion_window`` 24h), retrieve it, download a file's content.

Errors read like the chat backend's (unreachable, timed out, key refused, HTTP status),
retried the same bounded way for transport failures; the API key is never in a message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import openai

from summarizer.errors import BackendError, ConfigError, TransportError
from summarizer.llm.backends.openai_compat import (
    NO_KEY,
    connection_error,
    is_loopback,
    retry_after,
    scrub,
    status_message,
)
from summarizer.llm.backends.retrying import call_with_retries, default_wait
from summarizer.llm.redact import redact_url

T = TypeVar("T")


class BatchEndpoint:
    """One OpenAI-compatible API's Files and Batches endpoints."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        attempts: int = 4,
        retry_wait: float = 1.0,
    ) -> None:
        if not api_key:
            if not is_loopback(base_url):
                raise ConfigError(
                    "the OpenAI Batch API needs an API key, and OPENAI_API_KEY is not set",
                    hint="export OPENAI_API_KEY=...",
                )
            api_key = NO_KEY
        self.base_url = base_url
        self._key = api_key
        self.attempts = attempts
        self._wait = default_wait(initial=retry_wait)
        self._client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            max_retries=0,
            timeout=openai.Timeout(timeout_s, connect=10.0),
        )

    @property
    def where(self) -> str:
        return redact_url(self.base_url) if self.base_url else "api.openai.com"

    def upload(self, path: Path) -> str:
        """Upload a request file (purpose "batch"); its file id."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ConfigError(
                f"cannot read the request file {path}: {exc.strerror or exc}",
                hint="keep a job's request files until it is done",
            ) from None
        created = self._call(
            lambda: self._client.files.create(
                file=(path.name, data, "application/jsonl"), purpose="batch"
            ),
            f"uploading {path.name}",
        )
        return str(created.id)

    def create(self, input_file_id: str, metadata: dict[str, str]) -> dict[str, Any]:
        batch = self._call(
            lambda: self._client.batches.create(
                input_file_id=input_file_id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
                metadata=metadata,
            ),
            "creating a batch",
        )
        return dict(batch.model_dump(mode="json"))

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        batch = self._call(lambda: self._client.batches.retrieve(batch_id), f"batch {batch_id}")
        return dict(batch.model_dump(mode="json"))

    def content(self, file_id: str) -> bytes:
        response = self._call(lambda: self._client.files.content(file_id), f"file {file_id}")
        return bytes(response.content)

    def _call(self, fn: Callable[[], T], what: str) -> T:
        def attempt() -> T:
            try:
                return fn()
            except openai.APITimeoutError:
                raise TransportError(f"{self.where}: {what} timed out") from None
            except openai.APIConnectionError as exc:
                raise connection_error(exc, self.where) from None
            except openai.AuthenticationError:
                raise ConfigError(
                    f"{self.where} rejected the API key (HTTP 401)", hint="check OPENAI_API_KEY"
                ) from None
            except openai.APIStatusError as exc:
                message = scrub(f"{what}: {status_message(exc)}", self._key)
                message = message.replace("endpoint returned ", f"{self.where} returned ")
                if exc.status_code == 429 or exc.status_code >= 500:
                    raise TransportError(message, retry_after=retry_after(exc)) from None
                raise BackendError(message) from None

        return call_with_retries(attempt, attempts=self.attempts, wait=self._wait)
