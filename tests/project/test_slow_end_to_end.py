"""Slow, real end-to-end runs: the embedded model in process, and llama-cpp-python's
OpenAI-compatible server over HTTP. Run with: pytest -m slow -n 0"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.document.article import load_article
from summarizer.models import ArticleSummary
from tests.conftest import ROOT, SEED
from tests.llama_server import MODEL_ALIAS, llama_server

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


@pytest.fixture(scope="module")
def llama_server_url() -> Iterator[str]:
    pytest.importorskip("llama_cpp.server")
    with llama_server() as url:
        yield url


def test_openai_backend_against_llama_cpp_server(llama_server_url: str, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    env_key = os.environ.pop("OPENAI_API_KEY", None)
    try:
        proc = _summarizer(
            "summarize",
            str(SEED),
            "--backend",
            "openai",
            "--base-url",
            llama_server_url,
            "--model",
            MODEL_ALIAS,
            # one call on 2 busy cores can pass the 120 s default (a clean-clone CI run
            # on 2026-12-07 timed out four times at 120 s): time the call, not the machine
            "--timeout",
            "600",
            "-o",
            str(out),
            timeout=2700,
        )
    finally:
        if env_key is not None:
            os.environ["OPENAI_API_KEY"] = env_key
    assert proc.returncode == 0, proc.stderr
    summary = ArticleSummary.model_validate(json.loads(out.read_text()))
    assert summary.provenance.backend == "openai"
    assert summary.provenance.model == MODEL_ALIAS
    assert_grounded(summary, load_article(str(SEED)).text)
    # the server samples differently from the in-process model (it may list no position,
    # or ones the attribution rules drop with a warning); what it gives must be grounded
    assert summary.positions or summary.events, "nothing survived the server run"
