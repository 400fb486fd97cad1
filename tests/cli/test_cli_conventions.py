"""CLI conventions: usage errors, version and help, JSON shapes, file modes, early
failures, and saved summaries as `brief` input. Every run replays recordings or fails
before a model is needed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.fileio import process_umask
from tests.conftest import FIXTURES, SEED

runner = CliRunner()

SEED_REC = FIXTURES / "recordings" / "putin-beijing"
OTHER = FIXTURES / "articles" / "kyiv-oreshnik.txt"  # no recordings in SEED_REC
COMMANDS = [
    "summarize",
    "brief",
    "batch",
    "clean",
    "eval",
    "export",
    "logs",
    "schema",
    "view",
    "fixtures",
]
SUBCOMMANDS = [["fixtures", "list"], ["fixtures", "check"], ["fixtures", "record"]]


def _run(args: list[str]):
    return runner.invoke(app, [str(a) for a in args])


def _summarize(*inputs: Path | str, replay: Path = SEED_REC, extra: tuple[str, ...] = ()):
    return _run(["summarize", *inputs, "--replay", replay, "-q", *extra])


# 1. Usage errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summarize", "--bogus"], "No such option: --bogus"),
        (["summarize"], "Missing argument 'INPUT...'"),
        (
            ["summarize", str(SEED), "--record", "A", "--replay", "B"],
            "use --record or --replay, not both",
        ),
        (["summarise"], "No such command 'summarise'. Did you mean 'summarize'?"),
        (["summarize", str(SEED), "--format", "yaml"], "'yaml' is not one of"),
        (["brief", "a.txt"], "Missing option '--output'"),
        (["schema", "Nope"], "'Nope' is not one of"),
    ],
    ids=["bogus-option", "no-input", "record-and-replay", "misspelt-command",
         "bad-format", "brief-without-output", "unknown-schema"],
)  # fmt: skip
def test_usage_errors_exit_2_with_usage(args: list[str], message: str) -> None:
    result = _run(args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.stderr
    assert message in result.stderr
    assert "internal error" not in result.output
    assert "Traceback" not in result.output


# 2. Version and help --------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = _run([flag])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"summarizer {summarizer.__version__}\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_top_level_help(flag: str) -> None:
    result = _run([flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: summarizer [OPTIONS] COMMAND [ARGS]...")
    for command in COMMANDS:
        assert f"\n  {command} " in result.stdout


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [[c] for c in COMMANDS] + SUBCOMMANDS, ids=" ".join)
def test_command_help_has_usage_and_examples(command: list[str], flag: str) -> None:
    result = _run([*command, flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: summarizer {' '.join(command)} [OPTIONS]")
    assert "Examples:" in result.stdout
    assert "summarizer " in result.stdout.split("Examples:", 1)[1]


# 8. Shell completion ---------------------------------------------------------------------


def test_shell_completion_is_offered() -> None:
    result = _run(["--help"])
    assert result.exit_code == 0
    assert "--show-completion" in result.stdout
    assert "--install-completion" in result.stdout


# 3. JSON shape depends only on the number of inputs -------------------------------------


def test_one_input_gives_an_object() -> None:
    result = _summarize(SEED)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["schema_version"] == "1"


def test_two_inputs_give_an_array_of_two() -> None:
    result = _summarize(SEED, SEED)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert all(isinstance(d, dict) and d["schema_version"] == "1" for d in data)


def test_jsonl_gives_one_object_a_line() -> None:
    result = _summarize(SEED, SEED, extra=("--format", "jsonl"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        obj = json.loads(line)
        assert isinstance(obj, dict) and obj["schema_version"] == "1"


def test_one_of_two_failing_still_writes_an_array_of_one(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = _summarize(SEED, OTHER, extra=("-o", str(out)))
    assert result.exit_code == 7, result.output
    assert f"error: {OTHER}: no recording" in result.stderr
    assert f"error: 1 of 2 inputs failed: {OTHER}" in result.stderr
    data = json.loads(out.read_text())
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["source"]["input"] == str(SEED)


def test_one_of_two_failing_on_stdout_is_an_array_of_one() -> None:
    result = _summarize(SEED, OTHER)
    assert result.exit_code == 7, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1


# 4. Written files follow the umask -------------------------------------------------------


def _with_umask(mask: int, args: list[str]):
    old = os.umask(mask)
    process_umask.cache_clear()
    try:
        return _run(args)
    finally:
        os.umask(old)
        process_umask.cache_clear()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_summarize_output_follows_umask(tmp_path: Path, mask: int, mode: int) -> None:
    out = tmp_path / "out.json"
    result = _with_umask(
        mask, ["summarize", str(SEED), "--replay", str(SEED_REC), "-q", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == mode
    assert json.loads(out.read_text())["schema_version"] == "1"


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_clean_output_follows_umask(tmp_path: Path, mask: int, mode: int) -> None:
    out = tmp_path / "clean.txt"
    result = _with_umask(mask, ["clean", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == mode
    assert out.read_text().strip()


# 5. Unwritable -o fails before any model work ---------------------------------------------


def test_output_into_missing_folder_fails_before_model_work(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "missing" / "out.json"
    result = _summarize(SEED, replay=empty, extra=("-o", str(out)))
    assert result.exit_code == 3, result.output
    assert "does not exist" in result.stderr
    assert f"folder {tmp_path / 'missing'} does not exist" in result.stderr
    assert "no recording" not in result.stderr
    assert not out.exists()


def test_output_to_a_directory_fails_before_model_work(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _summarize(SEED, replay=empty, extra=("-o", str(tmp_path)))
    assert result.exit_code == 3, result.output
    assert f"cannot write {tmp_path}: it is a directory" in result.stderr
    assert "no recording" not in result.stderr


# 6. --model with the local backend --------------------------------------------------------


def test_model_name_with_local_backend_is_a_config_error(tmp_path: Path) -> None:
    from summarizer.llm.backends.model_file import MODEL_NAME

    empty = tmp_path / "empty"
    empty.mkdir()
    result = _summarize(SEED, replay=empty, extra=("--model", "something"))
    assert result.exit_code == 3, result.output
    assert MODEL_NAME in result.stderr
    assert "'something'" in result.stderr
    assert "--model-path" in result.stderr
    assert "no recording" not in result.stderr


# 7. brief with saved summaries -------------------------------------------------------------


def _saved_summary(tmp_path: Path, *inputs: Path, name: str = "s1.json") -> Path:
    out = tmp_path / name
    result = _summarize(*inputs, extra=("-o", str(out)))
    assert result.exit_code == 0, result.output
    return out


def _brief_no_llm(summary: Path, note: Path):
    # Any model call would go to a closed port and fail with exit 5.
    return _run(["brief", summary, "-o", note, "--no-llm", "-q", "--backend", "openai",
                 "--base-url", "http://127.0.0.1:9/v1"])  # fmt: skip


def _bad_summary(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.json"
    if kind == "hello":
        path.write_text('{"hello": 1}')
    else:
        good = _saved_summary(tmp_path, SEED).read_text()
        if kind == "truncated":
            path.write_text(good[: len(good) // 2])
        else:
            data = json.loads(good)
            data["schema_version"] = "2"
            path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("hello", "not a valid ArticleSummary"),
        ("truncated", "not valid JSON"),
        ("version2", "schema_version '2' is not supported"),
    ],
)
def test_brief_rejects_json_that_is_not_a_summary(tmp_path: Path, kind: str, message: str) -> None:
    bad = _bad_summary(tmp_path, kind)
    note = tmp_path / "note.md"
    result = _brief_no_llm(bad, note)
    assert result.exit_code == 2, result.output
    assert f"error: {bad}: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not note.exists()


def test_brief_no_llm_from_saved_summary_makes_no_model_call(tmp_path: Path) -> None:
    saved = _saved_summary(tmp_path, SEED)
    note = tmp_path / "note.md"
    result = _brief_no_llm(saved, note)
    assert result.exit_code == 0, result.output
    text = note.read_text()
    assert text.startswith("# Briefing note")
    assert "executive summary by rules" in text
    assert "## Executive summary" in text


def test_brief_accepts_an_array_of_summaries(tmp_path: Path) -> None:
    saved = _saved_summary(tmp_path, SEED, SEED, name="s.json")
    assert isinstance(json.loads(saved.read_text()), list)
    note = tmp_path / "note.json"
    result = _brief_no_llm(saved, note)
    assert result.exit_code == 0, result.output
    data = json.loads(note.read_text())
    assert data["executive_summary_by"] == "rules"
    assert len(data["sources"]) == 2


def test_the_output_format_follows_the_extension_everywhere(tmp_path: Path) -> None:
    """`summarize -o view.html` wrote JSON and `brief -o x.pdf` wrote Markdown (issue 26,
    item 5): the extension picks the format; one no format writes is exit 2, naming them."""
    replay = ["--replay", str(SEED_REC), "-q"]
    for name, starts in (("view.html", "<!doctype html>"), ("s.md", "# "), ("s.json", "{")):
        out = tmp_path / name
        result = runner.invoke(app, ["summarize", str(SEED), *replay, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").lower().startswith(starts), name
    saved = tmp_path / "s.json"
    pdf = runner.invoke(app, ["brief", str(saved), "--no-llm", "-o", str(tmp_path / "x.pdf")])
    assert pdf.exit_code == 2 and ".html" in pdf.output and ".md" in pdf.output
    assert not (tmp_path / "x.pdf").exists()
    odd = runner.invoke(app, ["summarize", str(SEED), *replay, "-o", str(tmp_path / "s.docx")])
    assert odd.exit_code == 2 and "--format" in odd.output
    forced = tmp_path / "s.out"
    chosen = runner.invoke(app, ["summarize", str(SEED), *replay, "-f", "text", "-o", str(forced)])
    assert chosen.exit_code == 0 and not forced.read_text().startswith("{")


def test_a_command_leaves_the_store_closed_and_checkpointed(tmp_path: Path) -> None:
    """Issue 27: a store nobody held any more stayed open (sqlite3's statement cache keeps
    the connection in a reference cycle) until the garbage collector ran, and with it
    its -wal and -shm files. Closed when the command ends, the WAL is folded back in."""
    store = tmp_path / "s.db"
    replay = str(FIXTURES / "recordings" / "putin-beijing")
    made = CliRunner().invoke(app, ["summarize", str(SEED), "--replay", replay, "-q",
                                    "--store", str(store)])  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]
    listed = CliRunner().invoke(app, ["logs", "--store", str(store)])
    assert listed.exit_code == 0 and "summarize" in listed.stdout, listed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]
