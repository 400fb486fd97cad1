"""The local backend: grammar-constrained decoding gets the schema in llama.cpp's shape,
and the embedded model file is verified before it is used."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from summarizer.document.article import load_article
from summarizer.errors import ModelIntegrityError
from summarizer.extraction.extract import run_pass
from summarizer.llm.backends import model_file
from summarizer.llm.backends.local import LocalBackend
from summarizer.llm.client import ChatClient
from tests.conftest import SEED


class FakeLlama:
    """Stands in for llama_cpp.Llama: keeps the kwargs, answers with valid JSON."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []

    def create_chat_completion(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return {
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": self.answer}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }  # fmt: skip


def test_local_create_call_receives_llama_style_schema() -> None:
    article = load_article(str(SEED))
    backend = LocalBackend()
    fake = FakeLlama('{"positions": []}')
    backend._llama = fake
    done = run_pass(article, ChatClient(backend), "positions")
    assert done.result.positions == [] and done.dropped == [] and done.reasks == 0  # type: ignore[attr-defined]
    fmt = fake.calls[0]["response_format"]
    assert fmt["type"] == "json_object"
    assert "json_schema" not in fmt
    schema = fmt["schema"]
    assert schema["properties"]["positions"]["type"] == "array"
    ids = schema["$defs"]["Position"]["properties"]["sentence_ids"]["items"]["enum"]
    assert ids == list(range(1, len(article.sentences) + 1))
    assert fake.calls[0]["temperature"] == 0.0


def test_cached_model_with_wrong_hash_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path))
    bad = tmp_path / "models" / model_file.MODEL_FILENAME
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelIntegrityError, match="was not loaded"):
        model_file.ensure_model()


def test_assembly_verifies_the_hash_and_leaves_nothing_on_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = []
    for i in range(3):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(bytes([i]) * 1000)
        parts.append(p)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(model_file, "part_paths", lambda: parts)
    with pytest.raises(ModelIntegrityError, match="was not used"):
        model_file.ensure_model()
    assert list((tmp_path / "cache" / "models").iterdir()) == []
    expected = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    monkeypatch.setattr(model_file, "MODEL_SHA256", expected)
    path = model_file.ensure_model()
    assert path.read_bytes() == b"".join(p.read_bytes() for p in parts)
