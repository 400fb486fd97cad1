"""Capture a real chat-completion body from llama-cpp-python's server (run by hand).

    python tests/canned/capture_llama_server.py

Starts `python -m llama_cpp.server` with the embedded model on 127.0.0.1, sends the
positions request for the seed article in llama.cpp's schema shape, and writes the raw
response body to tests/canned/llama_server_completion.json.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from summarizer.article import load_article
from summarizer.backends.model_file import ensure_model
from summarizer.extraction.extract import build_messages
from summarizer.extraction.schemas import build_schema

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(ensure_model()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
         "--model_alias", "qwen-local"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(240):
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        article = load_article(str(ROOT / "fixtures/articles/putin-beijing.txt"))
        schema = build_schema("positions", article).model_json_schema()
        body = {
            "model": "qwen-local",
            "messages": build_messages(article, "positions"),
            "response_format": {"type": "json_object", "schema": schema},
            "temperature": 0.0,
            "max_tokens": 1024,
            "seed": 0,
        }
        reply = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body, timeout=600)
        reply.raise_for_status()
        out = Path(__file__).with_name("llama_server_completion.json")
        out.write_text(json.dumps(reply.json(), indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {out}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
