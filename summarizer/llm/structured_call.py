"""The one model-call layer: a chat call whose answer must validate against a schema.

Every model call summarizer makes goes through :func:`structured_call`, the only place
that imports instructor. Instructor re-asks the model with the validation error (up to
``max_retries`` times); its exceptions are mapped here, once:

- the answer never validated → a :class:`CallResult` whose ``failure`` says why, with the
  model's last answer, so the caller can keep what is supported or fail (``--strict``);
- the answer was cut off at ``max_tokens`` → ``failure.kind == "truncated"``;
- the model refused (``message.refusal``) → ``failure.kind == "refused"``, not re-asked;
- a :class:`~summarizer.errors.SummarizerError` from below (backend, recordings) → raised
  as it is;
- anything else is a bug and propagates unchanged: it never becomes a warning.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError

from summarizer.llm.client import ChatClient, ModelRefused

M = TypeVar("M", bound=BaseModel)

# Instructor logs every failed attempt at ERROR; a library must not print them. A
# NullHandler keeps Python's last-resort handler quiet while an application that
# configures logging still receives them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

# What instructor re-asks on: the answer is not valid JSON, or not valid for the schema.
_ANSWER_ERRORS: tuple[type[Exception], ...] = (ValidationError, json.JSONDecodeError)
try:  # instructor 1.17 raises this when it cannot parse a response at all
    from instructor.v2.core.errors import ResponseParsingError

    _ANSWER_ERRORS += (ResponseParsingError,)
except ImportError:  # pragma: no cover - other instructor layouts
    pass


@dataclass(frozen=True)
class CallFailure:
    """Why a structured call gave no valid answer."""

    kind: Literal["invalid", "truncated", "refused"]
    reason: str  # the first validation error, one line
    last_answer: str | None  # the text of the model's last answer, if any
    attempts: int  # model calls made (the first answer and the re-asks)


@dataclass(frozen=True)
class CallResult(Generic[M]):
    value: M | None
    failure: CallFailure | None
    calls: int  # model calls made, re-asks included

    @property
    def reasks(self) -> int:
        return max(0, self.calls - 1)


def structured_call(
    client: ChatClient,
    response_model: type[M],
    messages: list[dict[str, str]],
    *,
    prompt_version: str,
    context: dict[str, Any] | None = None,
    max_retries: int = 1,
    max_tokens: int = 2048,
) -> CallResult[M]:
    """Ask for ``response_model`` at temperature 0; re-ask on validation errors."""

    calls = 0  # this call's own count: other passes may share the client at the same time

    def send(**kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return client.complete(kwargs, prompt_version=prompt_version)

    create = instructor.patch(create=send, mode=instructor.Mode.JSON_SCHEMA)
    try:
        value = create(
            response_model=response_model,
            context=context,
            max_retries=max_retries,
            model=client.model,
            messages=messages,
            temperature=0.0,
            max_tokens=max_tokens,
            seed=0,
        )
    except IncompleteOutputException:
        failure = CallFailure(
            "truncated", f"the answer was cut off at {max_tokens} tokens", None, calls
        )
        return CallResult(None, failure, calls)
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, ModelRefused):
            failure = CallFailure("refused", f"the model refused: {cause.reason}", None, calls)
            return CallResult(None, failure, calls)
        if not isinstance(cause, _ANSWER_ERRORS):
            # A backend error, a recording miss, or a bug: never a failed answer.
            raise (cause if cause is not None else exc) from None
        last = exc.failed_attempts[-1] if exc.failed_attempts else None
        failure = CallFailure(
            "invalid",
            first_error(cause),
            _answer_text(last.completion) if last is not None else None,
            calls,
        )
        return CallResult(None, failure, calls)
    return CallResult(value, None, calls)


def first_error(exc: BaseException) -> str:
    """The first error of a validation failure, on one line."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if errors:
            err = errors[0]
            where = ".".join(str(p) for p in err["loc"])
            text = f"{where}: {err['msg']}" if where else str(err["msg"])
            return text.splitlines()[0]
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _answer_text(completion: Any) -> str | None:
    try:
        content = completion.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return None
    return None if content is None else str(content)
