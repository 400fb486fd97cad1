"""Record/replay at the chat-completion call, over real HTTP with the real SDK."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tenacity import wait_none

from summarizer.errors import RecordingMissing
from summarizer.llm.backends.openai_compat import OpenAIBackend
from summarizer.llm.client import ChatClient
from summarizer.llm.recording import Recorder, iter_recordings
from tests.chat_server import Reply, chat_server
from tests.conftest import FIXTURES
from tests.llm.test_openai_backend import completion_payload

KEY = "sk-live-abcdefghijklmnop1234"


def _kwargs(content: str) -> dict:
    return {
        "model": "ignored",
        "messages": [{"role": "system", "content": "rules"}, {"role": "user", "content": content}],
        "temperature": 0.0,
    }


def test_record_then_replay_without_the_server(tmp_path: Path) -> None:
    with chat_server([Reply(200, completion_payload())] * 2) as srv:
        backend = OpenAIBackend(model="m", base_url=srv.url, api_key=KEY, wait=wait_none())
        rec = Recorder(tmp_path, "record", secrets=[KEY], label="case-a")
        first = ChatClient(backend, rec).complete(
            _kwargs(f"hello, my key is {KEY}"), prompt_version="p1"
        )
    files = iter_recordings(tmp_path)
    assert len(files) == 1
    text = files[0].read_text()
    assert KEY not in text and "[REDACTED]" in text
    data = json.loads(text)
    assert data["metadata"]["case"] == "case-a" and data["metadata"]["backend"] == "openai"
    assert "headers" not in text.lower()

    # the server is gone: replay answers from the file, identically (the file is named by
    # the hash of the request as sent, so the same request finds it although its stored
    # copy is scrubbed)
    replay = Recorder(tmp_path, "replay")
    chat = ChatClient(backend, replay)
    again = chat.complete(_kwargs(f"hello, my key is {KEY}"), prompt_version="p1")
    assert again.choices[0].message.content == first.choices[0].message.content
    assert chat.usage.calls == 1 and chat.usage.prompt_tokens > 0


def test_identical_requests_replay_in_recorded_order(tmp_path: Path) -> None:
    a, b = completion_payload(), completion_payload()
    b["choices"][0]["message"]["content"] = '{"positions": []}'
    with chat_server([Reply(200, a), Reply(200, b)]) as srv:
        backend = OpenAIBackend(model="m", base_url=srv.url, api_key="k", wait=wait_none())
        rec = ChatClient(backend, Recorder(tmp_path, "record"))
        for _ in range(2):
            rec.complete(_kwargs("same"), prompt_version="p1")
    assert sorted(p.name.count("-") for p in iter_recordings(tmp_path)) == [0, 1]
    chat = ChatClient(backend, Recorder(tmp_path, "replay"))
    got = [
        chat.complete(_kwargs("same"), prompt_version="p1").choices[0].message.content
        for _ in range(2)
    ]
    assert got == [a["choices"][0]["message"]["content"], '{"positions": []}']


def test_replay_miss_names_case_nearest_and_difference(tmp_path: Path) -> None:
    with chat_server([Reply(200, completion_payload())]) as srv:
        backend = OpenAIBackend(model="m", base_url=srv.url, api_key="k", wait=wait_none())
        recorder = Recorder(tmp_path, "record", label="seed")
        ChatClient(backend, recorder).complete(_kwargs("line one"), prompt_version="extract-v8")
    chat = ChatClient(backend, Recorder(tmp_path, "replay", label="seed", case="seed"))
    with pytest.raises(RecordingMissing) as info:
        chat.complete(_kwargs("line one\nline two"), prompt_version="extract-v9")
    message = str(info.value)
    assert "case 'seed'" in message and "extract-v9" in message
    assert "message 1 (user) changed: +line two" in message
    assert "summarizer fixtures record seed" in message


def test_no_secret_in_fixtures() -> None:
    pattern = re.compile(r"sk-[A-Za-z0-9_-]{16,}|Bearer [A-Za-z0-9._-]{10,}|\"[Aa]uthorization\"")
    offenders = [
        str(p) for p in FIXTURES.rglob("*")
        if p.is_file() and p.suffix in (".json", ".toml", ".txt", ".md")
        and pattern.search(p.read_text(encoding="utf-8", errors="replace"))
    ]  # fmt: skip
    assert offenders == []


def test_secrets_in_a_url_fragment_are_redacted() -> None:
    from summarizer.llm.redact import redact_url

    shown = redact_url("https://news.example/story?x=1#access_token=tok3nVALUE&state=ok")
    assert "tok3nVALUE" not in shown and "access_token=REDACTED" in shown
    assert shown.startswith("https://news.example/story?x=1#") and "state=ok" in shown


def test_recording_into_a_file_or_replaying_a_hostile_recording_is_a_recording_error(
    tmp_path: Path,
) -> None:
    """Fifth adversarial pass: `--record FILE` was an internal error (FileExistsError) after
    the call was paid for; a recording nested too deeply or holding a lone surrogate was
    one at replay."""
    from summarizer.errors import RecordingError

    not_a_folder = tmp_path / "recfile"
    not_a_folder.write_text("hi")
    with chat_server([Reply(200, completion_payload())]) as srv:
        backend = OpenAIBackend(model="m", base_url=srv.url, api_key=KEY, wait=wait_none())
        with pytest.raises(RecordingError, match="cannot record into"):
            ChatClient(backend, Recorder(not_a_folder, "record")).complete(
                _kwargs("hello"), prompt_version="p1"
            )
    # a recording whose response holds a lone surrogate escape
    with chat_server([Reply(200, completion_payload())]) as srv:
        backend = OpenAIBackend(model="m", base_url=srv.url, api_key=KEY, wait=wait_none())
        ChatClient(backend, Recorder(tmp_path / "recs", "record")).complete(
            _kwargs("hello"), prompt_version="p1"
        )
    (path,) = iter_recordings(tmp_path / "recs")
    path.write_text(path.read_text().replace('"content": "', '"content": "\\udc80', 1))
    with pytest.raises(RecordingError, match="lone surrogate"):
        ChatClient(backend, Recorder(tmp_path / "recs", "replay")).complete(
            _kwargs("hello"), prompt_version="p1"
        )
