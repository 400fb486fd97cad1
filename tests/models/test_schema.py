from __future__ import annotations

import json

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.devtools.schema_export import schema_files
from tests.conftest import ROOT


def test_exported_schemas_are_current() -> None:
    for filename, text in schema_files().items():
        path = ROOT / "schemas" / filename
        assert path.is_file(), f"missing {path}: run summarizer schema --export schemas"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run summarizer schema --export schemas"
        )


def test_schema_command_prints_the_contract() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "ArticleSummary"
    assert set(schema["required"]) >= {"source", "headline", "summary", "provenance"}
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert list(evidence) == ["sentence_id", "quote", "start", "end", "context"]
    actor = schema["$defs"]["Actor"]["properties"]
    assert set(actor["kind"]["enum"]) == {"country", "leader", "organisation", "group"}


def test_briefing_schema_is_exported_too() -> None:
    result = CliRunner().invoke(app, ["schema", "Briefing"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Briefing"
    assert {"timeline", "positions", "proposals", "sources"} <= set(schema["required"])
    assert (ROOT / "schemas" / "Briefing.schema.json").is_file()
