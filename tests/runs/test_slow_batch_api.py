"""Slow, real: export → `batch run-requests` against llama-cpp-python's OpenAI-compatible
server on the embedded model → import, round after round. The first round's requests are
the direct run's, and importing the direct run's own answers gives its summary exactly.

(The server does not always answer one request the same way twice: it reuses the longest
prompt prefix it still holds, so the order of earlier requests can change a token. Seen
here: the same positions request gave ``[4]`` directly and ``[4, 6]`` through the batch.
So the summaries of the two runs are compared only where the answers were the same.)

Run with: pytest -m slow -n 0 tests/runs/test_slow_batch_api.py"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer.document.article import load_article
from summarizer.llm.recording import iter_recordings, load_recording, request_key
from summarizer.models import ArticleSummary
from tests.conftest import ROOT
from tests.llama_server import MODEL_ALIAS, llama_server
from tests.project.test_slow_end_to_end import assert_grounded

pytestmark = pytest.mark.slow

ARTICLE = """Russia and Ukraine agree to new talks in Istanbul

Russia and Ukraine agreed on Monday to hold a new round of talks in Istanbul next week, \
Turkish officials said. Russian President Vladimir Putin said Moscow wants a lasting \
settlement, not a short ceasefire. Ukrainian President Volodymyr Zelensky said Kyiv will \
accept talks only after a full ceasefire. China said it supports the talks and called on \
both sides to show restraint. The United States welcomed the meeting but said its \
sanctions on Russia will stay in place.
"""


def _summarizer(*args: object, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *[str(a) for a in args]],
        capture_output=True, text=True, timeout=900, cwd=ROOT, env=env,
    )  # fmt: skip


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def test_run_requests_on_a_llama_cpp_server_then_import_equals_a_direct_run(
    tmp_path: Path,
) -> None:
    pytest.importorskip("llama_cpp.server")
    article = tmp_path / "istanbul.txt"
    article.write_text(ARTICLE)
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env |= {"SUMMARIZER_CONFIG": str(tmp_path / "none.toml"), "SUMMARIZER_STORE":
            str(tmp_path / "store.sqlite3")}  # fmt: skip
    with llama_server() as url:
        started = time.monotonic()
        direct = _summarizer("batch", article, "-o", tmp_path / "direct.jsonl", "--backend",
                             "openai", "--base-url", url, "--model", MODEL_ALIAS, "--record",
                             tmp_path / "direct-exchanges", "--no-cache", env=env)  # fmt: skip
        assert direct.returncode == 0, direct.stderr
        direct_s = time.monotonic() - started

        folder, out = tmp_path / "requests", tmp_path / "via.jsonl"
        exported = _summarizer("batch", article, "-o", out, "--via", "jsonl", "--model",
                               MODEL_ALIAS, "--requests", folder, env=env)  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        sent: list[dict[str, Any]] = []
        via_answers: dict[str, str] = {}
        started = time.monotonic()
        for round_no in range(1, 5):
            requests = folder / f"round-{round_no:03d}-part-001.jsonl"
            if not requests.exists():
                break
            sent += [json.loads(line)["body"] for line in requests.read_text().splitlines()]
            ran = _summarizer("batch", "run-requests", requests, "--base-url", url,
                              "--concurrency", "2", env=env)  # fmt: skip
            assert ran.returncode == 0, ran.stderr
            results = requests.with_name(f"{requests.stem}.output.jsonl")
            bodies = {json.loads(x)["custom_id"]: json.loads(x)["body"] for x in requests.open()}
            for line in _lines(results):
                message = line["response"]["body"]["choices"][0]["message"]
                via_answers[request_key(bodies[line["custom_id"]])] = message["content"]
            imported = _summarizer("batch", "import", results, env=env)
            assert imported.returncode == 0, imported.stderr
        batch_s = time.monotonic() - started
        rounds = round_no - 1

    recorded = [load_recording(p) for p in iter_recordings(tmp_path / "direct-exchanges")]
    direct_answers = {request_key(r["request"]): r["response"] for r in recorded}
    first_asks = sorted(request_key(r["request"]) for r in recorded
                        if len(r["request"]["messages"]) == 2)  # fmt: skip
    round_1 = [json.loads(x)["body"] for x in (folder / "round-001-part-001.jsonl").open()]
    assert sorted(request_key(b) for b in round_1) == first_asks  # what a direct run sends
    [via] = _lines(out)
    [want] = _lines(tmp_path / "direct.jsonl")
    assert via["status"] == "ok" == want["status"]
    # items survive the checks (which ones depends on the server's sampling: positions the
    # attribution rules reject are dropped with a warning)
    assert via["summary"]["positions"] or via["summary"]["events"], "nothing survived"
    assert_grounded(ArticleSummary.model_validate(via["summary"]), load_article(str(article)).text)
    same_answers = via_answers == {
        key: answer["choices"][0]["message"]["content"] for key, answer in direct_answers.items()
    }

    # the direct run's own answers, imported: exactly its summary
    env["SUMMARIZER_STORE"] = str(tmp_path / "replay.sqlite3")
    replayed_out, replay_folder = tmp_path / "replayed.jsonl", tmp_path / "replay-requests"
    replay = _summarizer("batch", article, "-o", replayed_out, "--via", "jsonl", "--model",
                         MODEL_ALIAS, "--requests", replay_folder, env=env)  # fmt: skip
    assert replay.returncode == 0, replay.stderr
    for replay_round in range(1, 5):
        requests = replay_folder / f"round-{replay_round:03d}-part-001.jsonl"
        if not requests.exists():
            break
        lines = [json.loads(x) for x in requests.open()]
        results = tmp_path / f"replay-{replay_round}.jsonl"
        results.write_text("".join(json.dumps({
            "id": f"r{i}", "custom_id": x["custom_id"], "error": None,
            "response": {"status_code": 200, "body": direct_answers[request_key(x["body"])]},
        }) + "\n" for i, x in enumerate(lines)))  # fmt: skip
        imported = _summarizer("batch", "import", results, env=env)
        assert imported.returncode == 0, imported.stderr
    [replayed] = _lines(replayed_out)
    for record in (via, want, replayed):
        record["summary"]["provenance"].pop("created_at")
    assert replayed["summary"] == want["summary"]
    if same_answers:  # the server answered the batch as it answered the direct run
        for record in (via, want):  # its token counts may differ by a token or two
            record["summary"]["provenance"].pop("usage")
        assert via["summary"] == want["summary"]
    print(
        f"\ndirect {direct_s:.1f}s, via run-requests {batch_s:.1f}s, "
        f"{len(sent)} requests in {rounds} round(s); the server gave "
        + ("the same answers" if same_answers else "other answers to the same requests")
    )
