"""The openai backend over real HTTP, through the real openai SDK, against a local
chat-completions server that returns a payload captured from llama-cpp-python's server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tenacity import wait_none

from summarizer.errors import BackendError, ConfigError, EndpointUnreachable, TransportError
from summarizer.llm.backends.openai_compat import OpenAIBackend
from tests.chat_server import Reply, chat_server

CANNED = Path(__file__).resolve().parents[1] / "canned"
SCHEMA = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
REQUEST = {
    "model": "test-model",
    "messages": [{"role": "user", "content": "hi"}],
    "response_format": {"type": "json_schema", "json_schema": {"name": "R", "schema": SCHEMA}},
    "temperature": 0.0,
}


def completion_payload() -> dict:
    return json.loads((CANNED / "llama_server_completion.json").read_text())


def backend(url: str, **kw: object) -> OpenAIBackend:
    return OpenAIBackend(
        model="test-model", base_url=url, api_key="sk-test-secret-123456", wait=wait_none(), **kw
    )  # type: ignore[arg-type]


def test_success_sends_openai_shape_and_returns_the_completion() -> None:
    with chat_server([Reply(200, completion_payload())]) as srv:
        out = backend(srv.url).complete(REQUEST)
    assert (
        out["choices"][0]["message"]["content"]
        == completion_payload()["choices"][0]["message"]["content"]
    )
    assert srv.requests[0]["response_format"]["type"] == "json_schema"
    headers = {k.lower(): v for k, v in srv.headers[0].items()}
    assert headers["authorization"] == "Bearer sk-test-secret-123456"
    assert headers.get("x-stainless-retry-count", "0") == "0"


def test_switches_to_llama_shape_when_the_server_refuses_json_schema() -> None:
    refusal = {"error": {"message": "Input should be 'text' or 'json_object'", "type": "error"}}
    with chat_server([Reply(500, refusal), Reply(200, completion_payload())]) as srv:
        b = backend(srv.url)
        b.complete(REQUEST)
    assert [r["response_format"]["type"] for r in srv.requests] == ["json_schema", "json_object"]
    assert srv.requests[1]["response_format"]["schema"] == SCHEMA
    assert b.schema_style == "llama"


def test_429_with_retry_after_is_retried_and_honoured() -> None:
    waits: list[float] = []
    limited = Reply(429, {"error": {"message": "slow down"}}, {"retry-after": "7"})
    with chat_server([limited, limited, Reply(200, completion_payload())]) as srv:
        b = OpenAIBackend(model="m", base_url=srv.url, api_key="k", sleep=waits.append)
        b.complete(REQUEST)
    assert len(srv.requests) == 3
    assert waits == [7.0, 7.0]


def test_5xx_retries_are_bounded() -> None:
    boom = Reply(503, {"error": {"message": "overloaded"}})
    with (
        chat_server([boom] * 10) as srv,
        pytest.raises(TransportError, match=r"HTTP 503.*after 3 attempts"),
    ):
        backend(srv.url, attempts=3).complete(REQUEST)
    assert len(srv.requests) == 3


def test_4xx_is_not_retried_and_the_key_never_appears_in_the_error() -> None:
    bad = Reply(400, {"error": {"message": "bad request for key sk-test-secret-123456"}})
    with chat_server([bad, bad]) as srv, pytest.raises(BackendError) as info:
        backend(srv.url).complete(REQUEST)
    assert len(srv.requests) == 1
    assert "sk-test-secret-123456" not in str(info.value)


def test_unreachable_endpoint_is_a_clear_error() -> None:
    b = OpenAIBackend(
        model="m", base_url="http://127.0.0.1:9/v1", api_key="k", wait=wait_none(), attempts=2
    )
    refused = r"unreachable \(connection refused\) after 2 attempts"
    with pytest.raises(EndpointUnreachable, match=refused):
        b.complete(REQUEST)


def test_missing_key_for_a_remote_endpoint() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIBackend(model="m", base_url="https://api.example.com/v1", api_key=None)


def test_an_answer_with_a_lone_surrogate_is_a_backend_error() -> None:
    """Fifth adversarial pass: a server answering "\\udc80{…}" made the summary unwritable
    (exit 70 after every call was paid for)."""
    payload = completion_payload()
    payload["choices"][0]["message"]["content"] = (
        "\udc80" + payload["choices"][0]["message"]["content"]
    )
    with chat_server([Reply(200, payload)]) as srv, pytest.raises(BackendError) as err:
        backend(srv.url).complete(REQUEST)
    assert "lone surrogate" in str(err.value)
