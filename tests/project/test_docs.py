"""The README says what the code does: its settings table is generated from the one
declared Settings model, and the two commands at the top are the ones CI runs."""

from __future__ import annotations

import re

from summarizer.config import Settings, settings_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_settings_table_is_the_generated_one() -> None:
    match = re.search(r"<!-- settings-table:start[^>]*-->\n(.*?)<!-- settings-table:end -->",
                      README, re.S)  # fmt: skip
    assert match, "README has no generated settings table"
    assert match.group(1) == settings_table(), (
        "README settings table is stale: paste summarizer.config.settings_table()"
    )
    for name in Settings.model_fields:
        assert f"`{name}`" in match.group(1)


def test_readme_starts_with_the_two_commands() -> None:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block
    commands = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    assert commands[0].endswith("summarizer summarize fixtures/articles/putin-beijing.txt")
    assert commands[1].endswith("pip install -e '.[dev]' && pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[dev]'" in ci and "\npytest\n" in ci
