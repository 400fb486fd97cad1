from __future__ import annotations

import pytest
from tenacity import wait_none

from summarizer.errors import BackendError, TransportError
from summarizer.llm.backends.retrying import call_with_retries, default_wait


def test_retries_transport_errors_up_to_the_bound() -> None:
    calls = []

    def fail() -> None:
        calls.append(1)
        raise TransportError("HTTP 503")

    with pytest.raises(TransportError):
        call_with_retries(fail, attempts=4, wait=wait_none())
    assert len(calls) == 4


def test_other_errors_are_not_retried() -> None:
    calls = []

    def fail() -> None:
        calls.append(1)
        raise BackendError("HTTP 400")

    with pytest.raises(BackendError):
        call_with_retries(fail, attempts=4, wait=wait_none())
    assert len(calls) == 1


def test_retry_after_is_used_and_capped_and_backoff_grows() -> None:
    slept: list[float] = []
    answers = [
        TransportError("429", retry_after=3),
        TransportError("429", retry_after=999),
        TransportError("503"),
        "ok",
    ]

    def flaky() -> str:
        a = answers.pop(0)
        if isinstance(a, Exception):
            raise a
        return a

    assert call_with_retries(flaky, attempts=4, wait=default_wait(), sleep=slept.append) == "ok"
    assert slept[0] == 3 and slept[1] == 60
    assert 0 < slept[2] <= 20
