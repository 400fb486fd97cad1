"""Past one machine: request files in the OpenAI Batch format, import in rounds, the
OpenAI Files and Batches endpoints (a loopback server speaking them), run-requests.

Every model answer comes from a loopback server speaking the real protocol (recorded
answers, or minimal valid ones), never from a mock of our own functions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import ConfigError
from summarizer.llm.recording import request_key
from summarizer.runs.openai_batch.request_files import (
    OutputLine,
    RequestLine,
    encode,
    output_line,
    read_output_file,
    read_request_file,
    write_request_files,
)
from summarizer.runs.store import Store
from tests import fault_servers as fs
from tests.conftest import FIXTURES
from tests.openai_batch_server import Answers, chat_server, openai_batch_server

runner = CliRunner()
QWEN = "qwen2.5-coder-1.5b-instruct-q4_k_m"  # the model the recordings were made with
SEED = str(FIXTURES / "articles" / "putin-beijing.txt")
KYIV = str(FIXTURES / "articles" / "kyiv-oreshnik.txt")
SYRIA = str(FIXTURES / "articles" / "syria-rukban.txt")
API_KEY = "sk-test-abcdefghijklmnopqrstuvwxyz0123"


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_RETRY_WAIT", "0.01")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().split("\n") if line]


def _run(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _request_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("round-*.jsonl") if p.name.count(".") == 1)


def _without_time(summary: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(summary))
    out["provenance"].pop("created_at")
    return out


# --- the request files ------------------------------------------------------------------


def test_request_files_hold_exactly_what_a_direct_run_sends(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    inputs = [SEED, KYIV, SYRIA]
    result = _run("batch", *inputs, "-o", out, "--via", "jsonl", "--requests", folder)
    assert result.exit_code == 0, result.stderr
    [path] = _request_files(folder)
    assert path.name == "round-001-part-001.jsonl"
    raw = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(raw) == 3 * 3  # one line per pass per article
    for line in raw:  # the documented line format, checked without our own model too
        assert set(line) == {"custom_id", "method", "url", "body"}
        assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
        body = line["body"]
        assert body["response_format"]["type"] == "json_schema"
        assert body["model"] == "gpt-4o-mini" and body["temperature"] == 0.0
        assert [m["role"] for m in body["messages"]] == ["system", "user"]
        RequestLine.model_validate(line)
    ids = [line["custom_id"] for line in raw]
    assert len(set(ids)) == len(ids)
    keys = {line["custom_id"].rsplit("-", 1)[0] for line in raw}
    assert {i.rsplit("-", 1)[1] for i in ids} == {"overview", "positions", "proposals"}
    assert out.read_text() == ""  # nothing finished: nothing sent
    assert "3 waiting" in result.stderr and "9 request(s) to send" in result.stderr

    with fs.openai_server() as srv:  # what a direct run sends for the same articles
        direct = _run("batch", *inputs, "-o", tmp_path / "direct.jsonl", "--backend", "openai",
                      "--base-url", srv.url, "--store", tmp_path / "d.sqlite3")  # fmt: skip
        assert direct.exit_code == 0, direct.stderr
    sent = sorted(json.dumps(b, sort_keys=True) for b in srv.requests)
    assert sorted(json.dumps(line["body"], sort_keys=True) for line in raw) == sent
    ledger = Store(os.environ["SUMMARIZER_STORE"])
    assert {r["key"] for r in ledger.query("SELECT key FROM batch_articles")} == keys


def test_limits_split_request_files(tmp_path: Path) -> None:
    lines = [{"custom_id": f"id-{i}", "method": "POST", "url": "/v1/chat/completions",
              "body": {"model": "m", "messages": [{"role": "user", "content": "x" * 50}]}}
             for i in range(5)]  # fmt: skip
    by_lines = write_request_files(tmp_path / "a", 1, lines, max_lines=2)
    assert [f.lines for f in by_lines] == [2, 2, 1]
    size = len(encode(lines[0]))
    by_bytes = write_request_files(tmp_path / "b", 1, lines, max_bytes=size * 3 + 1)
    assert [f.lines for f in by_bytes] == [3, 2]
    for written in (by_lines, by_bytes):
        got = [line.custom_id for f in written for line in read_request_file(f.path)]
        assert got == [f"id-{i}" for i in range(5)]
        assert all(f.path.stat().st_size <= size * 3 + 1 for f in by_bytes)
    with pytest.raises(ConfigError, match="more than a request file may hold"):
        write_request_files(tmp_path / "c", 1, lines, max_bytes=size - 1)

    folder = tmp_path / "requests"
    result = _run("batch", SEED, KYIV, "-o", tmp_path / "out.jsonl", "--via", "jsonl",
                  "--requests", folder, "--max-lines", "4")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    files = _request_files(folder)
    assert [len(read_request_file(p)) for p in files] == [4, 2]


# --- the OpenAI Batch API, end to end -----------------------------------------------------


def _prices_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[prices."{QWEN}"]\ninput = 1.0\noutput = 4.0\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(config))


def test_openai_batch_end_to_end_in_rounds_gives_the_direct_runs_summaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _prices_config(tmp_path, monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    batch_answers = Answers()
    with openai_batch_server(batch_answers) as api:
        exported = _run("batch", SEED, KYIV, "-o", out, "--via", "openai-batch", "--model",
                        QWEN, "--base-url", api.url, "--requests", folder)  # fmt: skip
        assert exported.exit_code == 0, exported.stderr
        assert "submitted as batch batch_1 (validating)" in exported.stderr
        ledger = Store(os.environ["SUMMARIZER_STORE"])
        [kyiv] = ledger.query("SELECT key FROM batch_articles WHERE input = ?", (KYIV,))
        first = {x.custom_id: x.body.model_dump() for x in _request_files_lines(folder)}
        invalid = request_key(first[kyiv["key"] + "-overview"])
        batch_answers.invalid_once.add(invalid)  # a re-ask in round 2
        batch_answers.fail_once.add(kyiv["key"] + "-positions")  # an error file's line

        status = _run("batch", "status")
        assert status.exit_code == 0, status.stderr
        assert "in_progress" in status.stdout and "2 waiting" in status.stdout
        early = _run("batch", "collect")  # completed on this look: round 1 comes in
        assert early.exit_code == 0, early.stderr
        assert "round 2" in early.stderr
        round_2 = {x.custom_id: x for x in read_request_file(folder / "round-002-part-001.jsonl")}
        assert kyiv["key"] + "-positions" in round_2  # sent again
        reask = round_2[kyiv["key"] + "-overview-reask1"].body.model_dump()
        assert reask["messages"][:2] == first[kyiv["key"] + "-overview"]["messages"]
        assert reask["messages"][2] == {"role": "assistant", "content": '{"unexpected": true}'}
        assert reask["messages"][3]["role"] == "user"

        done = _run("batch", "collect", "--wait", "--poll", "0.01", "--max-wait", "30")
        assert done.exit_code == 0, done.stderr
        assert "done: every article is finished" in done.stderr
        final = _run("batch", "status")
    assert len([p for p in api.paths if p.startswith("POST /v1/batches")]) >= 2

    direct_answers = Answers(invalid_once={invalid})  # the same answers, asked directly
    with chat_server(direct_answers) as url:
        direct_run = _run("batch", SEED, KYIV, "-o", tmp_path / "direct.jsonl", "--backend",
                          "openai", "--base-url", url, "--model", QWEN, "--store",
                          tmp_path / "direct.sqlite3")  # fmt: skip
        assert direct_run.exit_code == 0, direct_run.stderr
    direct = {r["input"]: r for r in _lines(tmp_path / "direct.jsonl")}
    records = {r["input"]: r for r in _lines(out)}
    assert {r["status"] for r in records.values()} == {"ok"}
    for source in (SEED, KYIV):
        got, want = records[source], direct[source]
        assert _without_time(got["summary"]) == _without_time(want["summary"])
        assert got["usage"]["calls"] == want["usage"]["calls"]  # re-asks counted
    # answered from the recordings as far as they are current for these prompts
    assert batch_answers.from_recordings == direct_answers.from_recordings
    answers = sum(r["usage"]["calls"] for r in records.values())

    # the ledger: every answer once (re-asks too), at half the price
    calls = ledger.query("SELECT * FROM calls WHERE run_id = (SELECT run_id FROM batch_jobs)")
    assert len(calls) == answers and answers >= 7
    for call in calls:
        full = (call["prompt_tokens"] * 1.0 + call["completion_tokens"] * 4.0) / 1e6
        assert call["cost_usd"] == pytest.approx(full / 2)
    total = sum(c["cost_usd"] for c in calls)
    assert f"cost ${total:.4f} at batch prices" in final.stdout
    assert f"{answers} answered" in final.stdout and "2 ok" in final.stdout

    # nothing secret anywhere: files, the store, what was printed
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert API_KEY.encode() not in written
    assert API_KEY not in exported.stderr + early.stderr + done.stderr + final.stdout
    assert all(h.get("authorization") == f"Bearer {API_KEY}" for h in api.headers)

    # importing the downloaded files again changes nothing
    before = out.read_text()
    again = _run("batch", "import", *sorted(folder.glob("*.output.jsonl")),
                 "--errors", *sorted(folder.glob("*.errors.jsonl")))  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert f"0 answered, 0 without an answer, {answers + 1} imported before" in again.stderr
    assert out.read_text() == before
    assert len(ledger.query("SELECT * FROM calls")) == answers


def _request_files_lines(folder: Path) -> list[Any]:
    return [line for path in _request_files(folder) for line in read_request_file(path)]


# --- --via jsonl: import in rounds ---------------------------------------------------------


def _canned(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """What the fake OpenAI endpoint answers: the smallest valid answer for the schema."""
    return fs.completion(json.dumps(fs.minimal_instance(fs._schema_of(body))))


def _answer(files: list[Path], out: Path, answer: Any = _canned) -> Path:
    """Answer every line of ``files`` (shuffled: order is not assumed); ``answer``
    returns a completion, or None for a line without one."""
    lines = []
    for path in files:
        for number, line in enumerate(read_request_file(path), start=1):
            body = answer(line.custom_id, line.body.model_dump())
            lines.append(
                output_line(line.custom_id, line_id=f"req-{number}", body=body)
                if body is not None
                else output_line(line.custom_id, line_id=f"req-{number}",
                                 error=("server_error", "overloaded"))
            )  # fmt: skip
    out.write_bytes(b"".join(encode(line) for line in reversed(lines)))
    for line in lines:
        OutputLine.model_validate(line)
    return out


def _schema_name(body: dict[str, Any]) -> str:
    return str(body["response_format"]["json_schema"]["name"])


def test_a_reask_round_sends_what_a_direct_run_sends_and_ends_with_its_summary(
    tmp_path: Path,
) -> None:
    with fs.openai_server([fs.SCHEMA_INVALID]) as srv:  # the first answer does not fit
        direct = _run("batch", SYRIA, "-o", tmp_path / "direct.jsonl", "--backend", "openai",
                      "--base-url", srv.url, "--store", tmp_path / "d.sqlite3")  # fmt: skip
    assert direct.exit_code == 0, direct.stderr
    [reask] = [body for body in srv.requests if len(body["messages"]) == 4]
    invalid_pass = _schema_name(reask)

    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0

    def first_round(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if _schema_name(body) == invalid_pass:
            return fs.completion('{"unexpected": true}')
        return _canned(custom_id, body)

    results = _answer(_request_files(folder), tmp_path / "results-1.jsonl", first_round)
    imported = _run("batch", "import", results)
    assert imported.exit_code == 0, imported.stderr
    assert "1 request(s) to send" in imported.stderr and out.read_text() == ""
    [line] = read_request_file(folder / "round-002-part-001.jsonl")
    assert line.custom_id.endswith("-reask1")
    assert line.body.model_dump() == reask  # the conversation, the answer, the re-ask

    again = _run("batch", "import", results)  # idempotent: nothing new, nothing rewritten
    assert again.exit_code == 0 and "3 imported before" in again.stderr
    assert _request_files(folder)[-1].name == "round-002-part-001.jsonl"

    second = _answer([folder / "round-002-part-001.jsonl"], tmp_path / "results-2.jsonl")
    finished = _run("batch", "import", second)
    assert finished.exit_code == 0, finished.stderr
    [record] = _lines(out)
    [want] = _lines(tmp_path / "direct.jsonl")
    assert record["status"] == "ok" and record["usage"]["calls"] == 4 == want["usage"]["calls"]
    assert _without_time(record["summary"]) == _without_time(want["summary"])
    assert any("re-asked 1 time" in w for w in record["summary"]["warnings"])


def test_answers_that_never_validate_end_the_article_as_failed_with_the_reason(
    tmp_path: Path,
) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0

    def invalid(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return fs.completion('{"unexpected": true}')

    first = _run("batch", "import", _answer(_request_files(folder), tmp_path / "r1.jsonl",
                                            invalid))  # fmt: skip
    assert first.exit_code == 0 and "3 request(s) to send" in first.stderr
    second = _run("batch", "import", _answer([folder / "round-002-part-001.jsonl"],
                                             tmp_path / "r2.jsonl", invalid))  # fmt: skip
    assert second.exit_code == 6, second.stderr  # as a direct run: no valid answer
    [record] = _lines(out)
    assert record["status"] == "failed" and record["error"]["type"] == "ExtractionError"
    assert "the model never gave a valid answer" in record["error"]["message"]
    assert record["usage"]["calls"] == 6  # every answer and re-ask is in the ledger
    assert not (folder / "round-003-part-001.jsonl").exists()


# --- run-requests: any OpenAI-compatible server --------------------------------------------


def test_run_requests_writes_the_output_format_and_import_finishes(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, KYIV, "-o", out, "--via", "jsonl", "--requests",
                folder).exit_code == 0  # fmt: skip
    [requests] = _request_files(folder)
    with fs.openai_server(delay=0.05) as srv:
        ran = _run("batch", "run-requests", requests, "--base-url", srv.url,
                   "--concurrency", "6")  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    assert len(srv.requests) == 6 and max(_overlap(srv.times, 0.05)) > 1  # side by side
    results = requests.with_name("round-001-part-001.output.jsonl")
    assert "6 answered, 0 failed" in ran.stderr
    lines = [OutputLine.model_validate(x) for x in _lines(results)]
    assert [x.custom_id for x in lines] == [x.custom_id for x in read_request_file(requests)]
    assert len({x.id for x in lines}) == 6 and all(x.answer for x in lines)
    imported = _run("batch", "import", results)
    assert imported.exit_code == 0, imported.stderr
    assert {r["status"] for r in _lines(out)} == {"ok"}


def _overlap(times: list[float], width: float) -> list[int]:
    return [sum(1 for u in times if t <= u < t + width) for t in times]


def test_lines_that_fail_are_sent_again_then_fail_their_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_ATTEMPTS", "1")
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0
    with fs.openai_server(default=fs.SERVER_ERROR) as srv:
        for round_no in (1, 2, 3):
            requests = folder / f"round-{round_no:03d}-part-001.jsonl"
            ran = _run("batch", "run-requests", requests, "--base-url", srv.url)
            assert ran.exit_code == 5, ran.stderr
            assert "3 request(s) failed" in ran.stderr
            results = requests.with_name(f"round-{round_no:03d}-part-001.output.jsonl")
            assert all(line["error"]["code"] == "server_error" for line in _lines(results))
            imported = _run("batch", "import", results)
            if round_no < 3:  # the same requests again
                assert imported.exit_code == 0, imported.stderr
                again = read_request_file(folder / f"round-{round_no + 1:03d}-part-001.jsonl")
                assert [x.custom_id for x in again] == [
                    x.custom_id for x in read_request_file(requests)]  # fmt: skip
    assert imported.exit_code == 5, imported.stderr
    [record] = _lines(out)
    assert record["status"] == "failed" and record["error"]["type"] == "BackendError"
    assert "came back without an answer 3 times" in record["error"]["message"]
    assert "HTTP 503" in record["error"]["message"]


def test_run_requests_against_a_server_that_is_down_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", tmp_path / "out.jsonl", "--via", "jsonl",
                "--requests", folder).exit_code == 0  # fmt: skip
    [requests] = _request_files(folder)
    down = _run("batch", "run-requests", requests, "--base-url", "http://127.0.0.1:9/v1")
    assert down.exit_code == 5, down.stderr
    assert "unreachable (connection refused)" in down.stderr
    assert "Traceback" not in down.output
    assert not requests.with_name("round-001-part-001.output.jsonl").exists()


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--via", "jsonl", "--budget-usd", "1"], 2, "--budget-usd works with --via direct"),
        (["--via", "jsonl", "--backend", "local"], 2, "leave out --backend local"),
        (["--via", "openai-batch"], 3, "the OpenAI Batch API needs an API key"),
        (["--via", "jsonl", "--requests", SEED], 3, "is a file: give a folder"),
    ],
    ids=["budget", "local", "no-key", "requests-is-a-file"],
)
def test_export_refuses_what_it_cannot_do(
    tmp_path: Path, extra: list[str], code: int, message: str
) -> None:
    result = _run("batch", SYRIA, "-o", tmp_path / "out.jsonl", *extra)
    assert result.exit_code == code, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists() or (tmp_path / "out.jsonl").read_text() == ""


def test_import_errors_are_one_line_and_change_nothing(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0
    good = _answer(_request_files(folder), tmp_path / "good.jsonl")
    broken = tmp_path / "broken.jsonl"
    broken.write_text(good.read_text() + "{not json\n")
    result = _run("batch", "import", broken)
    assert result.exit_code == 2 and "broken.jsonl, line 4: not JSON" in result.stderr
    assert out.read_text() == ""  # nothing imported from a file that did not read whole
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"custom_id": "x", "response": {"status": 200}}) + "\n")
    result = _run("batch", "import", wrong)
    assert result.exit_code == 2 and "not a batch output line" in result.stderr
    strangers = tmp_path / "strangers.jsonl"
    strangers.write_text(json.dumps(output_line("nobody-overview", line_id="1", body={})) + "\n")
    result = _run("batch", "import", strangers)
    assert result.exit_code == 2 and "belongs to a batch job" in result.stderr
    missing = _run("batch", "import", tmp_path / "missing.jsonl")
    assert missing.exit_code == 2 and "cannot read the batch output file" in missing.stderr
    no_job = _run("batch", "collect", "--store", tmp_path / "empty.sqlite3")
    assert no_job.exit_code == 3 and "no batch job" in no_job.stderr
    for result in (missing, no_job):
        assert "Traceback" not in result.output


def test_batch_help_lists_the_subcommands() -> None:
    result = _run("batch", "-h")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: summarizer batch [OPTIONS] [INPUT...]")
    for name in ("import", "status", "collect", "run-requests"):
        assert f"\n  {name} " in result.stdout
        sub = _run("batch", name, "-h")
        assert sub.exit_code == 0 and sub.stdout.startswith(f"Usage: summarizer batch {name}")
        assert "Examples:" in sub.stdout


def test_options_travel_with_the_job(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    exported = _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder,
                    "--no-chunk", "--passes", "single")  # fmt: skip
    assert exported.exit_code == 0, exported.stderr
    [line] = _request_files_lines(folder)
    assert line.custom_id.endswith("-single")
    imported = _run("batch", "import", _answer(_request_files(folder), tmp_path / "r.jsonl"))
    assert imported.exit_code == 0, imported.stderr
    [record] = _lines(out)
    assert record["status"] == "ok" and record["summary"]["provenance"]["usage"]["calls"] == 1
    [job] = Store(os.environ["SUMMARIZER_STORE"]).query("SELECT options FROM batch_jobs")
    assert json.loads(job["options"])["run"]["chunk"] is False


def test_an_expired_batch_is_sent_again_and_an_open_output_is_not_exported_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths: the job keeps them absolute
    with openai_batch_server() as api:
        args = ("batch", SYRIA, "-o", "out.jsonl", "--via", "openai-batch", "--base-url", api.url)
        assert _run(*args).exit_code == 0
        twice = _run(*args)
        assert twice.exit_code == 3 and "still waits for answers" in twice.stderr
        api.expire_next = True  # the 24 hours pass with nothing done
        expired = _run("batch", "collect")
        assert expired.exit_code == 0, expired.stderr
        assert "0 answered, 3 without an answer" in expired.stderr
        assert "batch_2" in _run("batch", "status").stdout  # the same requests, resubmitted
        monkeypatch.chdir(FIXTURES)
        done = _run("batch", "collect", "--wait", "--poll", "0", "--max-wait", "30")
    assert done.exit_code == 0, done.stderr
    [record] = _lines(tmp_path / "out.jsonl")
    assert record["status"] == "ok"
    assert (tmp_path / "out.requests" / "round-002-part-001.jsonl").exists()


def test_an_export_stopped_before_its_first_file_does_not_block_the_output(
    tmp_path: Path,
) -> None:
    from summarizer.runs.openai_batch.answers import Engine
    from summarizer.runs.openai_batch.jobs import Jobs

    out = tmp_path / "out.jsonl"
    jobs = Jobs(Store(os.environ["SUMMARIZER_STORE"]))
    stopped = jobs.create(via="jsonl", options={"passes": "multi"}, engine=Engine("m"),
                          output=out.resolve(), requests_dir=tmp_path, endpoint=None,
                          inputs=1)  # fmt: skip
    result = _run("batch", SYRIA, "-o", out, "--via", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert jobs.get(stopped.id).status == "stopped"
    assert "job 2" in result.stderr


def test_an_import_under_another_prompt_version_is_refused(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0
    results = _answer(_request_files(folder), tmp_path / "r.jsonl")
    ledger = Store(os.environ["SUMMARIZER_STORE"])
    [row] = ledger.query("SELECT id, options FROM batch_jobs")
    options = json.loads(row["options"])
    options["run"]["prompt"] = "extract-v0"  # as if exported by an older summarizer
    with ledger.transaction() as db:
        db.execute("UPDATE batch_jobs SET options = ?", (json.dumps(options),))
    refused = _run("batch", "import", results)
    assert refused.exit_code == 3, refused.output
    assert "was made with prompt version extract-v0" in refused.stderr
    assert out.read_text() == "" and not ledger.query("SELECT * FROM calls")


def test_strict_jobs_ask_for_every_pass_at_once(tmp_path: Path) -> None:
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    exported = _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder,
                    "--strict")  # fmt: skip
    assert exported.exit_code == 0, exported.stderr
    assert len(_request_files_lines(folder)) == 3
    imported = _run("batch", "import", _answer(_request_files(folder), tmp_path / "r.jsonl"))
    assert imported.exit_code == 0, imported.stderr
    assert [r["status"] for r in _lines(out)] == ["ok"]


def test_a_malformed_usage_in_a_results_line_is_counted_as_zero_not_a_crash(
    tmp_path: Path,
) -> None:
    """``"prompt_tokens": "many"`` (issue 27, item 2): the import finishes the article,
    the ledger holds the call with 0 tokens, nothing is trusted that cannot be used."""
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0

    def bad_usage(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = _canned(custom_id, body)
        answer["usage"] = {"prompt_tokens": "many", "completion_tokens": -7}
        return answer

    results = _answer(_request_files(folder), tmp_path / "results.jsonl", bad_usage)
    imported = _run("batch", "import", results)
    assert imported.exit_code == 0, imported.stderr
    [record] = _lines(out)
    assert record["status"] == "ok"
    assert record["usage"]["calls"] == 3  # every answer is in the ledger
    assert record["usage"]["prompt_tokens"] == record["usage"]["completion_tokens"] == 0


def test_an_import_stopped_after_storing_answers_finishes_when_imported_again(
    tmp_path: Path,
) -> None:
    """Issue 27, item 1: an import killed after its answers were stored but before the
    articles were finished left them waiting for good ("imported before", nothing done).
    The state is made by the import's own first step (``ingest``, committed), as a
    SIGTERM between the two steps leaves it; importing the same file again finishes
    every article."""
    from summarizer.llm.ledger import Prices
    from summarizer.runs.openai_batch.import_results import Progress, ingest
    from summarizer.runs.openai_batch.jobs import Jobs

    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    exported = _run("batch", SYRIA, KYIV, "-o", out, "--via", "jsonl", "--requests", folder)
    assert exported.exit_code == 0, exported.stderr
    results = _answer(_request_files(folder), tmp_path / "results.jsonl")
    store = Store(os.environ["SUMMARIZER_STORE"])
    report = Progress()
    ingest(Jobs(store), read_output_file(results), Prices(), report)
    store.close()
    assert report.answers == 6
    assert out.read_text() == ""  # stopped: nothing finished
    again = _run("batch", "import", results)
    assert again.exit_code == 0, again.stderr
    assert "6 imported before" in again.stderr
    assert sorted((r["input"], r["status"]) for r in _lines(out)) == [(KYIV, "ok"), (SYRIA, "ok")]
    assert "every article is finished" in again.stderr
    exported_again = _run("batch", "import", results)  # and once finished, nothing more
    assert exported_again.exit_code == 0 and len(_lines(out)) == 2


def test_a_custom_id_answered_twice_differently_keeps_the_first_and_says_so(
    tmp_path: Path,
) -> None:
    """Issue 27, item 13: conflicting duplicate custom_ids kept the first silently."""
    out, folder = tmp_path / "out.jsonl", tmp_path / "requests"
    assert _run("batch", SYRIA, "-o", out, "--via", "jsonl", "--requests", folder).exit_code == 0
    results = _answer(_request_files(folder), tmp_path / "results.jsonl")
    first = _lines(results)[0]
    other = json.loads(json.dumps(first))
    other["id"] = "req-duplicate"
    other["response"]["body"]["id"] = "another-completion"
    with results.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(other) + "\n")
    imported = _run("batch", "import", results)
    assert imported.exit_code == 0, imported.stderr
    assert "1 custom_id(s) came back again with another answer" in imported.stderr
    assert f"the first answer was kept: {first['custom_id']}" in imported.stderr
    assert [r["status"] for r in _lines(out)] == ["ok"]
