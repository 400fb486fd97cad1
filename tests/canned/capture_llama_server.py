"""Capture a real chat-completion body from llama-cpp-python's server (run by hand).

    python tests/canned/capture_llama_server.py

Starts `python -m llama_cpp.server` with the embedded model on 127.0.0.1, sends the
positions request for the seed article in llama.cpp's schema shape, and writes the raw
response body to tests/canned/llama_server_completion.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx

from summarizer.document.article import load_article
from summarizer.extraction.messages import build_messages
from summarizer.extraction.schemas import build_schema

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.llama_server import MODEL_ALIAS, llama_server  # noqa: E402


def main() -> None:
    with llama_server() as url:
        article = load_article(str(ROOT / "fixtures/articles/putin-beijing.txt"))
        schema = build_schema("positions", article).model_json_schema()
        body = {
            "model": MODEL_ALIAS,
            "messages": build_messages(article, "positions"),
            "response_format": {"type": "json_object", "schema": schema},
            "temperature": 0.0,
            "max_tokens": 1024,
            "seed": 0,
        }
        reply = httpx.post(f"{url}/chat/completions", json=body, timeout=600)
        reply.raise_for_status()
    out = Path(__file__).with_name("llama_server_completion.json")
    out.write_text(json.dumps(reply.json(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
