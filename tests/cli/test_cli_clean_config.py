from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import load_settings
from tests.conftest import SEED

runner = CliRunner()


def test_clean_json_lists_sentences_and_removed_lines() -> None:
    result = runner.invoke(app, ["clean", str(SEED), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["title"].startswith("Putin visits Beijing")
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]
    removed = {r["text"]: r["reason"] for r in data["removed"]}
    assert removed["Back to top button"] == "ui"
    assert removed[
        "How the US Navy is preparing for possible Chinese aggression against Taiwan"
    ] == ("teaser")
    assert "There is talk of peace in Ukraine, but no proposals" in data["text"]  # heading kept


def test_clean_keep_boilerplate_and_stdin() -> None:
    result = runner.invoke(app, ["clean", "-", "--keep-boilerplate"], input=SEED.read_bytes())
    assert result.exit_code == 0
    assert "Back to top button" in result.stdout


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    result = runner.invoke(app, ["clean", str(SEED), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("Putin visits Beijing")
    assert [p.name for p in tmp_path.iterdir()] == ["clean.txt"]


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('backend = "openai"\nmodel = "from-file"\nbase_url = "http://file/v1"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(config))
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    settings = load_settings(model=None, base_url="http://flag/v1")
    assert (settings.backend, settings.model, settings.base_url) == (
        "openai", "from-env", "http://flag/v1",
    )  # fmt: skip


def test_bad_config_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('backend = "nonsense"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(config))
    result = runner.invoke(app, ["summarize", str(SEED)])
    assert result.exit_code == 3
    assert "invalid setting 'backend'" in result.stderr
