"""The ``openai`` backend: any OpenAI-compatible endpoint through the openai SDK."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import openai
from openai.types.chat import ChatCompletion

from summarizer.errors import BackendError, ConfigError, EndpointUnreachable, TransportError
from summarizer.fileio import UnusableJson, check_text
from summarizer.llm.backends.base import SchemaStyle, to_schema_style
from summarizer.llm.backends.retrying import MAX_RETRY_AFTER_S, call_with_retries, default_wait
from summarizer.llm.redact import redact_url

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_CONTEXT_TOKENS = 128_000  # gpt-4o-mini's; set context_tokens for other models
NO_KEY = "no-key-needed"  # sent to loopback servers that ignore authentication


def is_loopback(base_url: str | None) -> bool:
    if not base_url:
        return False
    host = urlparse(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def scrub(text: str, secret: str | None) -> str:
    if secret and secret != NO_KEY:
        text = text.replace(secret, "[REDACTED]")
    return text


def retry_after(exc: openai.APIStatusError) -> float | None:
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
    parallel_calls = True  # an HTTP endpoint serves the passes of one article side by side

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
        retry_wait: float = 1.0,
        progress: Callable[[str], None] | None = None,
        context_tokens: int | None = None,
    ) -> None:
        if not api_key:
            if not is_loopback(base_url):
                raise ConfigError(
                    "the openai backend needs an API key, and OPENAI_API_KEY is not set",
                    hint="export OPENAI_API_KEY=..., or pass --base-url for a local server",
                )
            api_key = NO_KEY
        self.model = model or DEFAULT_MODEL
        self.base_url = base_url
        self._key = api_key
        # OpenAI itself takes structured outputs; llama.cpp-style servers take the schema in
        # json_object. Unknown endpoints start with OpenAI's shape and switch when refused.
        self.schema_style: SchemaStyle = schema_style or "openai"
        self._style_fixed = schema_style is not None
        self.attempts = attempts
        self.timeout_s = timeout_s
        self.context_tokens = context_tokens or DEFAULT_CONTEXT_TOKENS
        self.progress = progress
        self._retry_kwargs: dict[str, Any] = {"wait": default_wait(initial=retry_wait)}
        if wait is not None:
            self._retry_kwargs["wait"] = wait
        if sleep is not None:
            self._retry_kwargs["sleep"] = sleep
        self.calls = 0  # HTTP requests sent, retries included
        self.gate = RateGate()
        self._local = threading.local()
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
        except RecursionError:  # a body nested deeper than the JSON parser goes
            raise BackendError(
                f"endpoint {self._where()} answered with JSON nested too deeply to read"
            ) from None
        except openai.APITimeoutError:
            raise TransportError(
                f"endpoint {self._where()} timed out after {self.timeout_s:g} s",
                hint="raise --timeout (SUMMARIZER_TIMEOUT), or check the server",
            ) from None
        except openai.APIConnectionError as exc:
            raise connection_error(exc, self._where()) from None
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
            message = scrub(status_message(exc), self._key)
            if exc.status_code == 429 or exc.status_code >= 500:
                raise TransportError(message, retry_after=retry_after(exc)) from None
            raise BackendError(message) from None
        if not isinstance(completion, ChatCompletion):  # e.g. an HTML error page with 200
            raise BackendError(
                f"endpoint {self._where()} answered with something that is not a chat "
                f"completion: {str(completion)[:80]!r}",
                hint="check --base-url: it should end in /v1 for most servers",
            )
        answer = completion.model_dump(mode="json", exclude_none=True)
        try:
            check_text(answer)
        except UnusableJson as exc:
            raise BackendError(f"endpoint {self._where()} answered with {exc}") from None
        return answer

    def _where(self) -> str:
        return redact_url(self.base_url) if self.base_url else "api.openai.com"

    def _announce(self, attempt: int, exc: BaseException, wait: float) -> None:
        if self.progress is None:
            return
        reason = exc.message if isinstance(exc, TransportError) else str(exc)
        reason = reason.replace(f"endpoint {self._where()} ", "")
        reason = reason.replace("endpoint returned ", "").split(": ")[0]
        self.progress(
            f"endpoint {self._where()}: {reason}, retrying in {wait:.1f} s "
            f"(attempt {attempt + 1} of {self.attempts})"
        )

    @property
    def last_attempts(self) -> int:
        """HTTP requests the last call in this thread took (1 + its retries)."""
        return int(getattr(self._local, "attempts", 1))

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        self._local.attempts = 0

        def attempt() -> dict[str, Any]:
            self._local.attempts += 1
            self.gate.wait()  # a 429's Retry-After pauses every worker, not just this one
            try:
                return self._send(request)
            except TransportError as exc:
                if exc.retry_after is not None:
                    self.gate.pause(min(exc.retry_after, MAX_RETRY_AFTER_S))
                raise

        try:
            return call_with_retries(
                attempt, attempts=self.attempts, on_retry=self._announce, **self._retry_kwargs
            )
        except TransportError as exc:
            message = f"{exc.message} after {self.attempts} attempts"
            if isinstance(exc, EndpointUnreachable):
                raise EndpointUnreachable(message, hint=exc.hint) from None
            raise TransportError(message, hint=exc.hint) from None


class RateGate:
    """One gate for every thread sharing a backend: when the server says "retry after N
    seconds", nobody sends before then."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0
        self._owner: int | None = None  # the thread whose 429 set the pause
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + max(0.0, seconds)
            if until > self._until:
                self._until = until
                self._owner = threading.get_ident()
                self.pauses += 1

    def wait(self) -> None:
        """Wait out a pause another worker's 429 set (the worker that got it waits in its
        own retry, which honours Retry-After)."""
        while True:
            with self._lock:
                delay = self._until - time.monotonic()
                mine = self._owner == threading.get_ident()
            if delay <= 0 or mine:
                return
            time.sleep(min(delay, 0.5))


def connection_error(exc: openai.APIConnectionError, where: str) -> TransportError:
    """Say what happened: refused (nothing listens), reset or cut short by the server."""
    cause = repr(exc.__cause__) if exc.__cause__ is not None else ""
    name = type(exc.__cause__).__name__ if exc.__cause__ is not None else ""
    if name == "ConnectError" or "refused" in cause.lower():
        reason = "refused" if "refused" in cause.lower() else "failed"
        return EndpointUnreachable(
            f"endpoint {where} unreachable (connection {reason})",
            hint="is the server running? check --base-url",
        )
    if name == "RemoteProtocolError" and "complete message body" in cause:
        return TransportError(f"endpoint {where} cut its answer short")
    return TransportError(f"endpoint {where} closed the connection without an answer")


def status_message(exc: openai.APIStatusError) -> str:
    detail = ""
    try:
        body = exc.response.json()
        err = body.get("error", body) if isinstance(body, dict) else body
        detail = err.get("message", "") if isinstance(err, dict) else str(err)
    except ValueError:
        detail = exc.response.text[:200]
    return f"endpoint returned HTTP {exc.status_code}: {str(detail)[:300]}"
