"""Transport retries: exponential backoff with jitter, honouring Retry-After, bounded.

Only TransportError is retried (429, 5xx, timeouts, connection errors); validation
errors are instructor's business (re-asks), so the two budgets stay separate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)
from tenacity.wait import wait_base

from summarizer.errors import TransportError

T = TypeVar("T")

DEFAULT_ATTEMPTS = 4
MAX_RETRY_AFTER_S = 60.0


class wait_retry_after(wait_base):
    """Use the server's Retry-After when it sent one (capped); else the fallback wait."""

    def __init__(self, fallback: wait_base, cap: float = MAX_RETRY_AFTER_S) -> None:
        self.fallback = fallback
        self.cap = cap

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, TransportError) and exc.retry_after is not None:
            return min(max(exc.retry_after, 0.0), self.cap)
        return self.fallback(retry_state)


def default_wait(initial: float = 1.0) -> wait_base:
    """Exponential backoff from ``initial`` seconds (doubling, at most 20 s, plus up to
    ``initial`` of jitter); a server's Retry-After wins."""
    backoff = wait_exponential(multiplier=initial, max=20) + wait_random(0, min(1.0, initial))
    return wait_retry_after(backoff)


def call_with_retries(
    fn: Callable[[], T],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    wait: wait_base | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, BaseException, float], None] | None = None,
) -> T:
    """Call ``fn``; retry TransportError up to ``attempts`` calls in all."""

    def before_sleep(state: RetryCallState) -> None:
        if on_retry is not None and state.outcome is not None:
            exc = state.outcome.exception()
            if exc is not None:
                wait_s = state.next_action.sleep if state.next_action is not None else 0.0
                on_retry(state.attempt_number, exc, wait_s)

    retrying = Retrying(
        stop=stop_after_attempt(max(1, attempts)),
        wait=wait if wait is not None else default_wait(),
        retry=retry_if_exception_type(TransportError),
        sleep=sleep,
        reraise=True,
        before_sleep=before_sleep,
    )
    return retrying(fn)
