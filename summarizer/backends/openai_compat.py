"""The ``openai`` backend: any OpenAI-compatible endpoint through the openai SDK."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlparse

import openai

from summarizer.backends.base import SchemaStyle, to_schema_style
from summarizer.backends.retrying import call_with_retries
from summarizer.errors import BackendError, ConfigError, EndpointUnreachable, TransportError

DEFAULT_MODEL = "gpt-4o-mini"
_NO_KEY = "no-key-needed"  # sent to loopback servers that ignore authentication


def _is_loopback(base_url: str | None) -> bool:
    if not base_url:
        return False
    host = urlparse(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _scrub(text: str, secret: str | None) -> str:
    if secret and secret != _NO_KEY:
        text = text.replace(secret, "[REDACTED]")
    return text


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _is_schema_shape_complaint(exc: openai.APIStatusError) -> bool:
    text = str(exc).lower()
    return exc.status_code in (400, 422, 500) and "json_object" in text


class OpenAIBackend:
    """An OpenAI-compatible HTTP endpoint. SDK retries are off; ours are counted."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        schema_style: SchemaStyle | None = None,
        timeout_s: float = 120.0,
        attempts: int = 4,
        wait: Any = None,
        sleep: Any = None,
    ) -> None:
        if not api_key:
            if not _is_loopback(base_url):
                raise ConfigError(
                    "the openai backend needs an API key, and OPENAI_API_KEY is not set",
                    hint="export OPENAI_API_KEY=..., or pass --base-url for a local server",
                )
            api_key = _NO_KEY
        self.model = model or DEFAULT_MODEL
        self.base_url = base_url
        self._key = api_key
        # OpenAI itself takes structured outputs; llama.cpp-style servers take the schema in
        # json_object. Unknown endpoints start with OpenAI's shape and switch when refused.
        self.schema_style: SchemaStyle = schema_style or "openai"
        self._style_fixed = schema_style is not None
        self.attempts = attempts
        self._retry_kwargs: dict[str, Any] = {}
        if wait is not None:
            self._retry_kwargs["wait"] = wait
        if sleep is not None:
            self._retry_kwargs["sleep"] = sleep
        self.calls = 0  # HTTP requests sent, retries included
        self._client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            max_retries=0,
            timeout=openai.Timeout(timeout_s, connect=10.0),
        )

    def _send(self, request: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        body = dict(request)
        body["response_format"] = to_schema_style(request.get("response_format"), self.schema_style)
        body = {k: v for k, v in body.items() if v is not None}
        try:
            completion = self._client.chat.completions.create(**body)
        except openai.APIConnectionError as exc:  # includes APITimeoutError
            kind = "timed out" if isinstance(exc, openai.APITimeoutError) else "unreachable"
            raise TransportError(
                f"endpoint {self._where()} {kind}", hint="is the server running? check --base-url"
            ) from None
        except openai.AuthenticationError:
            raise ConfigError(
                f"endpoint {self._where()} rejected the API key (HTTP 401)",
                hint="check OPENAI_API_KEY",
            ) from None
        except openai.APIStatusError as exc:
            if not self._style_fixed and _is_schema_shape_complaint(exc):
                self.schema_style = "llama"
                self._style_fixed = True
                return self._send(request)
            message = _scrub(_status_message(exc), self._key)
            if exc.status_code == 429 or exc.status_code >= 500:
                raise TransportError(message, retry_after=_retry_after(exc)) from None
            raise BackendError(message) from None
        return completion.model_dump(mode="json", exclude_none=True)

    def _where(self) -> str:
        return self.base_url or "api.openai.com"

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            return call_with_retries(
                lambda: self._send(request), attempts=self.attempts, **self._retry_kwargs
            )
        except TransportError as exc:
            if "unreachable" in exc.message:
                raise EndpointUnreachable(
                    f"{exc.message} after {self.attempts} attempts", hint=exc.hint
                ) from None
            raise TransportError(f"{exc.message} after {self.attempts} attempts") from None


def _status_message(exc: openai.APIStatusError) -> str:
    detail = ""
    try:
        body = exc.response.json()
        err = body.get("error", body) if isinstance(body, dict) else body
        detail = err.get("message", "") if isinstance(err, dict) else str(err)
    except ValueError:
        detail = exc.response.text[:200]
    return f"endpoint returned HTTP {exc.status_code}: {str(detail)[:300]}"
