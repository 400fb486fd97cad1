"""Slow, real end-to-end runs: the embedded model in process, and llama-cpp-python's
OpenAI-compatible server over HTTP. Run with: pytest -m slow"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.article import load_article
from summarizer.models import ArticleSummary
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow


def _summarizer(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


def assert_grounded(summary: ArticleSummary, text: str) -> None:
    evidence = [e for ev in summary.events for e in ev.evidence]
    evidence += [e for p in summary.positions for e in p.evidence]
    for pp in summary.peace_proposals:
        evidence += pp.evidence + [e for s in pp.stances for e in s.evidence]
    assert evidence, "no evidence at all"
    for e in evidence:
        assert text[e.start : e.end] == e.quote


def test_readme_command_summarises_the_seed_on_the_embedded_model() -> None:
    started = time.monotonic()
    proc = _summarizer("summarize", str(SEED), "--format", "json")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    summary = ArticleSummary.model_validate_json(proc.stdout)
    article = load_article(str(SEED))
    assert summary.source.sha256 == article.sha256
    assert_grounded(summary, article.text)
    codes = {p.actor.country_code for p in summary.positions}
    assert {"RUS", "CHN", "UKR"} <= codes, codes
    p = summary.provenance
    assert p.backend == "local" and p.usage.calls >= 3 and p.usage.prompt_tokens > 1000
    print(
        f"\nend-to-end {elapsed:.1f}s, {p.usage.calls} calls, "
        f"{p.usage.prompt_tokens} prompt + {p.usage.completion_tokens} completion tokens"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server() -> str:
    pytest.importorskip("llama_cpp.server")
    from summarizer.backends.model_file import ensure_model

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(ensure_model()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
         "--model_alias", "qwen-local"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_openai_backend_against_llama_cpp_server(llama_server: str, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    env_key = os.environ.pop("OPENAI_API_KEY", None)
    try:
        proc = _summarizer(
            "summarize",
            str(SEED),
            "--backend",
            "openai",
            "--base-url",
            llama_server,
            "--model",
            "qwen-local",
            "-o",
            str(out),
        )
    finally:
        if env_key is not None:
            os.environ["OPENAI_API_KEY"] = env_key
    assert proc.returncode == 0, proc.stderr
    summary = ArticleSummary.model_validate(json.loads(out.read_text()))
    assert summary.provenance.backend == "openai"
    assert summary.provenance.model == "qwen-local"
    assert_grounded(summary, load_article(str(SEED)).text)
    assert summary.positions, "no positions from the server run"
