"""ChatClient: the chat-completion function that instructor calls.

It canonicalises the request, routes it through the recorder to the backend, counts
usage, and returns an OpenAI ``ChatCompletion`` for instructor to parse. The prompt
version is an argument of each call, recorded in the exchange's metadata.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer.errors import BackendError, RecordingError, validation_message
from summarizer.llm.backends.base import Backend
from summarizer.llm.ledger import Budget, CallEvent, Prices, token_counts
from summarizer.llm.recording import Recorder, request_key
from summarizer.models import SCHEMA_VERSION, Usage
from summarizer.version import __version__


class ModelRefused(Exception):
    """The model declined to answer (``message.refusal``). Raised inside instructor's loop
    and turned into a failed call by the call layer: re-asking a refusal at temperature 0
    only repeats it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_REQUEST_FIELDS = ("model", "messages", "response_format", "temperature", "max_tokens", "seed")


class ChatClient:
    """One backend, one recorder, one usage counter: every model call of a run goes here."""

    def __init__(
        self,
        backend: Backend,
        recorder: Recorder | None = None,
        *,
        listener: Callable[[CallEvent], None] | None = None,
        budget: Budget | None = None,
        prices: Prices | None = None,
    ) -> None:
        self.backend = backend
        self.recorder = recorder or Recorder(directory=None, mode="off")
        self.usage = Usage()
        self.problems: list[str] = []  # what the backend reported that was not used
        self.cost_usd = 0.0
        self._count = threading.Lock()  # passes of one article may call at the same time
        self.listener = listener
        self.budget = budget
        self.prices = prices or Prices()

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

        name, model = self.backend.name, self.backend.model
        reservation: tuple[int, float] | None = None
        if self.budget is not None:  # stop before a call that could go past a limit
            prompt_estimate = int(sum(len(m["content"]) for m in request["messages"]) / 4.5)
            answer_max = int(request.get("max_tokens") or 0)
            reservation = self.budget.reserve(
                prompt_estimate + answer_max,
                self.prices.cost(name, model, prompt_estimate, answer_max),
            )
        started = time.monotonic()

        def send() -> dict[str, Any]:
            answer = self.backend.complete(request)
            self._completion(answer, f"the {self.backend.name} backend ({self.backend.model})")
            return answer  # only well-formed completions are recorded

        try:
            response = self.recorder.call(request, send, metadata)
        except BaseException:
            if self.budget is not None and reservation is not None:
                self.budget.settle(reservation, 0, 0.0)
            raise
        replayed = self.recorder.last_replayed
        prompt_tokens, completion_tokens, problem = token_counts(response.get("usage"))
        if problem:
            with self._count:
                self.problems.append(problem)
        # a replayed answer cost nothing now
        cost = 0.0 if replayed else self.prices.cost(name, model, prompt_tokens, completion_tokens)
        with self._count:
            self.usage.calls += 1
            self.usage.prompt_tokens += prompt_tokens
            self.usage.completion_tokens += completion_tokens
            self.cost_usd += cost
        if self.budget is not None and reservation is not None:
            spent = 0 if replayed else prompt_tokens + completion_tokens
            if problem and not replayed:  # an unusable report spends what was reserved
                spent, cost = max(spent, reservation[0]), max(cost, reservation[1])
            self.budget.settle(reservation, spent, cost)
        if self.listener is not None:
            self.listener(
                CallEvent(
                    request_hash=request_key(request),
                    prompt_version=prompt_version,
                    backend=name,
                    model=model,
                    prompt_tokens=prompt_tokens,
                    completion_tokens=completion_tokens,
                    latency_s=round(time.monotonic() - started, 3),
                    attempts=1 if replayed else int(getattr(self.backend, "last_attempts", 1)),
                    cost_usd=cost,
                    replayed=replayed is not None,
                )
            )
        where = f"recording {replayed}" if replayed is not None else "the backend"
        completion = self._completion(response, where, recorded=replayed is not None)
        message = completion.choices[0].message
        if message.content is None and getattr(message, "refusal", None):
            raise ModelRefused(str(message.refusal))
        return completion

    @staticmethod
    def _completion(response: Any, where: str, *, recorded: bool = False) -> ChatCompletion:
        """The response as a ChatCompletion with at least one choice, or a clear error."""
        error = RecordingError if recorded else BackendError
        if isinstance(response, dict) and response.get("usage") is not None:
            # the usage report is counted apart (token_counts); an unusable one does not
            # make the answer unusable
            prompt, completion_tokens, problem = token_counts(response["usage"])
            if problem:
                response = {**response, "usage": {
                    "prompt_tokens": prompt, "completion_tokens": completion_tokens,
                    "total_tokens": prompt + completion_tokens}}  # fmt: skip
        try:
            completion = ChatCompletion.model_validate(response)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise error(
                f"{where} answered with something that is not a chat completion "
                f"({field}: {validation_message(first)})",
                hint="re-record it" if recorded else "check the endpoint",
            ) from None
        if not completion.choices:
            raise error(f"{where} answered with no choices", hint="check the endpoint")
        return completion
