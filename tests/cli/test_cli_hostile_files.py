"""Hostile saved files and paths (issue 27's fourth pass): each was an internal error
(exit 70), a hang or a file changed behind the user's back. Now a one-line message and
exit 2, and nothing written or created."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import api
from summarizer.cli import app
from tests.builders import make_summary
from tests.conftest import SEED

runner = CliRunner()


def _summary_file(tmp_path: Path, **changes: object) -> Path:
    """A valid summary of the seed article, with ``changes`` made to its JSON."""
    article = api.clean(str(SEED))
    data = json.loads(make_summary(article, str(SEED)).model_dump_json())
    data.update(changes)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("command", [["view"], ["export", "--csv", "OUT"], ["brief", "--no-llm",
                                     "-o", "OUT"]])  # fmt: skip
def test_json_nested_too_deeply_is_bad_input(tmp_path: Path, command: list[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    out = tmp_path / "out.md"
    args = [str(out) if a == "OUT" else a for a in command]
    _refused([*args, str(deep)], "nested too deeply")
    assert not out.exists()


def test_a_lone_surrogate_is_bad_input_and_a_pair_is_a_character(tmp_path: Path) -> None:
    bad = _summary_file(tmp_path, headline="Bad \ud800 headline")
    assert "\\ud800" in bad.read_text()
    out = tmp_path / "v.html"
    _refused(["view", str(bad), "-o", str(out)], "lone surrogate")
    _refused(["export", "--sqlite", str(tmp_path / "x.db"), str(bad)], "lone surrogate")
    assert not out.exists() and not (tmp_path / "x.db").exists()
    good = _summary_file(tmp_path, headline="Emoji \U0001f600 headline")  # written as a pair
    assert "\\ud83d\\ude00" in good.read_text()
    result = runner.invoke(app, ["view", str(good), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "\U0001f600" in out.read_text(encoding="utf-8")


def test_a_date_not_on_the_calendar_is_bad_input(tmp_path: Path) -> None:
    article = api.clean(str(SEED))
    sentence = article.sentences[0]
    event = {"id": "e1", "description": "An act.", "action": "consult", "date": "2024-13-45",
             "evidence": [{"sentence_id": sentence.id, "start": sentence.start,
                           "end": sentence.end, "quote": sentence.text}]}  # fmt: skip
    path = _summary_file(tmp_path, events=[event])
    out = tmp_path / "b.html"
    _refused(["brief", str(path), "--no-llm", "-o", str(out)], "not a date on the calendar")
    assert not out.exists()
    event["date"] = "2024-02-29"  # a leap day is one
    path.write_text(json.dumps({**json.loads(path.read_text()), "events": [event]}))
    assert runner.invoke(app, ["brief", str(path), "--no-llm", "-o", str(out)]).exit_code == 0


@pytest.mark.parametrize("where", ["input", "output"])
def test_a_file_name_too_long_is_bad_input(tmp_path: Path, where: str) -> None:
    long_name = str(tmp_path / ("a" * 5000 + ".txt"))
    args = ["clean", long_name] if where == "input" else ["clean", str(SEED), "-o", long_name]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "File name too long" in result.stderr
    assert "…" in result.stderr and len(result.stderr) < 400  # the name cut, not 5,000 a's


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_view_does_not_wait_on_a_fifo_the_summary_names(tmp_path: Path) -> None:
    fifo = tmp_path / "article"
    os.mkfifo(fifo)
    path = _summary_file(tmp_path)
    data = json.loads(path.read_text())
    data["source"]["input"] = str(fifo)
    path.write_text(json.dumps(data))
    _refused(["view", str(path), "-o", str(tmp_path / "v.html")], "is not a regular file")


def test_logs_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "new" / "x.db"
    result = runner.invoke(app, ["logs", "--store", str(missing)])
    assert result.exit_code == 0 and "nothing logged yet: no result store at" in result.stdout
    assert runner.invoke(app, ["logs", "--store", str(missing), "-f", "json"]).stdout == "[]\n"
    _refused(["logs", "3", "--store", str(missing)], "no run 3")
    assert not missing.parent.exists()


def test_probing_a_foreign_wal_database_leaves_nothing_beside_it(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    db = sqlite3.connect(foreign)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    before = foreign.read_bytes()
    result = runner.invoke(app, ["logs", "--store", str(foreign)])
    assert result.exit_code == 3
    assert "not a summarizer result store" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
    assert foreign.read_bytes() == before


def test_control_characters_in_a_file_name_never_reach_the_terminal(tmp_path: Path) -> None:
    name = str(tmp_path / "evil\x1b]0;owned\x07\u202ename.txt")
    result = runner.invoke(app, ["clean", name])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "evil\\x1b]0;owned\\x07\\u202ename.txt: no such file" in result.stderr


def test_an_error_whose_causes_loop_is_reported_not_hung(tmp_path: Path) -> None:
    """Fifth adversarial pass: instructor's retry error and the error it wraps point at each
    other; walking the chain for a signal never ended (a hang at 99% CPU). A replay folder
    whose name is too long for the system raises inside the model call."""
    long_folder = tmp_path / ("x" * 5000)
    result = runner.invoke(app, ["summarize", str(SEED), "--replay", str(long_folder)])
    assert result.exit_code == 2, result.output
    assert "File name too long" in result.stderr


def test_no_output_replaces_the_article_a_summary_names(tmp_path: Path) -> None:
    """Fifth adversarial pass: `view`, `brief` and `export` read the article a summary
    names (its `source.input`) and then overwrote it with their output."""
    from tests.conftest import FIXTURES

    article = tmp_path / "article.txt"
    article.write_bytes(SEED.read_bytes())
    saved = tmp_path / "s.json"
    replay = str(FIXTURES / "recordings" / "putin-beijing")
    made = runner.invoke(app, ["summarize", str(article), "--replay", replay, "-o", str(saved)])
    assert made.exit_code == 0, made.stderr
    for args in (
        ["view", str(saved), "-o", str(article)],
        ["brief", str(saved), "--no-llm", "-f", "markdown", "-o", str(article)],
        ["export", str(saved), "--csv", str(article)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 3, (args, result.output)
        assert "was read by this command" in result.stderr
        assert article.read_bytes() == SEED.read_bytes()
