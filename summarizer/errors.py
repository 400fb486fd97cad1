"""The exception tree. Every error the library raises derives from SummarizerError.

    SummarizerError
    ├── InputError                 bad or unreadable input (exit 2)
    │   ├── InputNotFound
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── DecodeError
    │   ├── UnsupportedLanguage    not English (actors are matched in English only)
    │   └── ArticleTooLong         does not fit the model's context window
    ├── ConfigError                missing key, bad option, bad config file (exit 3)
    ├── ModelError                 the model cannot be used (exit 4)
    │   ├── ModelNotInstalled
    │   └── ModelIntegrityError
    ├── BackendError               the backend failed (exit 5)
    │   └── TransportError         retryable: 429, 5xx, timeouts, resets
    │       └── EndpointUnreachable
    ├── ExtractionError            the model's answer never validated (exit 6)
    └── RecordingError             record/replay problems (exit 7)
        └── RecordingMissing

The CLI catches SummarizerError once and prints ``message`` (and ``hint``) on one line.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Root of every error raised by summarizer."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(SummarizerError):
    exit_code = 2


class InputNotFound(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class DecodeError(InputError):
    pass


class UnsupportedLanguage(InputError):
    pass


class ArticleTooLong(InputError):
    pass


class ConfigError(SummarizerError):
    exit_code = 3


class ModelError(SummarizerError):
    exit_code = 4


class ModelNotInstalled(ModelError):
    pass


class ModelIntegrityError(ModelError):
    pass


class BackendError(SummarizerError):
    exit_code = 5


class TransportError(BackendError):
    """A retryable transport failure (429, 5xx, timeout, connection refused or reset)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class EndpointUnreachable(TransportError):
    """Nothing answers at the endpoint (connection refused): retried like any transport
    failure, then reported as unreachable."""


class ExtractionError(SummarizerError):
    exit_code = 6


class RecordingError(SummarizerError):
    exit_code = 7


class RecordingMissing(RecordingError):
    pass


def validation_message(err: object) -> str:
    """The message of one pydantic error, for people: without pydantic's "Value error, "
    or "Assertion failed, " in front of what our validator said."""
    text = str(err.get("msg", "")) if isinstance(err, dict) else str(err)
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return text
