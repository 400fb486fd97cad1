"""End-to-end CLI runs that replay recorded cases: the real pipeline (prompts, instructor
validation and re-asks, grounding, rendering) without a model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.devtools.cases import load_cases
from summarizer.document.article import load_article
from summarizer.extraction.messages import prompt_version
from summarizer.llm.recording import iter_recordings
from summarizer.models import ArticleSummary
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()
CASES = load_cases(FIXTURES)

# What each recorded case must contain (from reading the articles, not the recordings).
# What the embedded model's recorded answers keep once every position must show its actor
# stating it (extract-v6), with the positions the words show for actors the model's
# positions missed or cited to sentences where they do not speak (stated_positions.py).
EXPECTED_POSITIONS = {
    "putin-beijing": {"RUS", "CHN", "UKR"},
    "kyiv-oreshnik": {"ALB", "FRA", "DEU", "RUS", "UKR"},
    "syria-rukban": {"USA", "RUS", "SYR"},
}


def _replay(case_name: str, *extra: str) -> ArticleSummary:
    case = next(c for c in CASES.cases if c.name == case_name)
    result = runner.invoke(
        app,
        ["summarize", str(CASES.input_path(case)), "--passes", case.passes,
         "--replay", str(CASES.recordings(case)), "-q", *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return ArticleSummary.model_validate_json(result.stdout)


def _all_evidence(summary: ArticleSummary) -> list:
    out = [e for ev in summary.events for e in ev.evidence]
    out += [e for p in summary.positions for e in p.evidence]
    for pp in summary.peace_proposals:
        out += pp.evidence + [e for s in pp.stances for e in s.evidence]
    return out


@pytest.mark.parametrize("case_name", sorted(EXPECTED_POSITIONS))
def test_replayed_case_is_grounded_and_complete(case_name: str) -> None:
    summary = _replay(case_name)
    case = next(c for c in CASES.cases if c.name == case_name)
    article = load_article(str(CASES.input_path(case)))
    assert summary.source.sha256 == article.sha256
    evidence = _all_evidence(summary)
    assert evidence
    for e in evidence:
        assert article.text[e.start : e.end] == e.quote
        assert article.sentences[e.sentence_id - 1].start == e.start
    codes = {p.actor.country_code for p in summary.positions}
    assert EXPECTED_POSITIONS[case_name] <= codes, codes
    assert summary.events and summary.headline and summary.summary
    p = summary.provenance
    assert p.backend == "local" and p.prompt_version == prompt_version()
    assert p.usage.calls >= 3 and p.usage.prompt_tokens > 0 and p.usage.completion_tokens > 0


def test_seed_has_chinas_peace_plan_rejected_by_ukraine() -> None:
    summary = _replay("putin-beijing")
    plans = [pp for pp in summary.peace_proposals if pp.proposer.country_code == "CHN"]
    assert plans, "China's peace plan is missing"
    stances = {s.actor.country_code: s.stance for s in plans[0].stances}
    assert stances.get("UKR") == "rejects"


def test_reask_path_is_recorded_and_replayed() -> None:
    """At least one recorded exchange is a re-ask: the model's first answer failed
    validation, and the request carries that answer and the error back to the model."""
    reasks = []
    for case in CASES.cases:
        for path in iter_recordings(CASES.recordings(case)):
            messages = json.loads(path.read_text())["request"]["messages"]
            if len(messages) > 2:
                reasks.append((case.name, messages[-1]["content"]))
    assert reasks, "no recorded re-ask"
    assert any("does not mention" in text for _, text in reasks)
    summaries = [_replay(c.name) for c in CASES.cases
                 if c.kind == "summarize" and c.name != "long-joined"]  # fmt: skip
    warnings = [w for s in summaries for w in s.warnings if "re-asked" in w]
    # every recorded re-ask replays and says so (in the current recordings each one still
    # left an unsupported item to drop; a re-ask that then validates is tested in
    # tests/api/test_api.py with a function backend)
    assert len(warnings) >= len(summaries) - 2, warnings


def test_markdown_and_text_renderings_show_evidence() -> None:
    md = runner.invoke(
        app,
        ["summarize", str(FIXTURES / "articles/putin-beijing.txt"), "-f", "markdown", "-q",
         "--replay", str(FIXTURES / "recordings/putin-beijing")],
    )  # fmt: skip
    assert md.exit_code == 0, md.stderr
    assert "## Positions" in md.stdout and "(RUS)" in md.stdout and "  > [" in md.stdout
    txt = runner.invoke(
        app,
        ["summarize", str(FIXTURES / "articles/putin-beijing.txt"), "-f", "text", "-q",
         "--replay", str(FIXTURES / "recordings/putin-beijing")],
    )  # fmt: skip
    assert txt.exit_code == 0 and "Positions" in txt.stdout and "Russia (RUS)" in txt.stdout


def test_fixtures_check_passes_and_goes_stale_when_a_prompt_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two cases here: every case replays whole in test_replayed_case_is_grounded_and_complete,
    # which fails the same way on a stale recording (and .ci/run checks them all)
    ok = runner.invoke(app, ["fixtures", "check", "putin-beijing", "brief-china",
                             "--fixtures", str(FIXTURES)])  # fmt: skip
    assert ok.exit_code == 0, ok.stdout + ok.stderr
    assert ok.stdout.count("ok ") == 2

    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    path = prompts / "extract.toml"
    path.write_text(path.read_text().replace(
        'system = """\n', 'system = """\nBe brief.\n', 1))  # fmt: skip
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(prompts))
    stale = runner.invoke(app, ["fixtures", "check", "putin-beijing", "--fixtures", str(FIXTURES)])
    assert stale.exit_code == 1
    assert "STALE   putin-beijing: no recording for case 'putin-beijing'" in stale.stdout
    assert "message 0 (system) changed: +Be brief." in stale.stdout
    assert "summarizer fixtures record" in stale.stdout + stale.stderr


def test_strict_turns_dropped_items_into_an_error(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(
        app,
        ["summarize", str(FIXTURES / "articles/putin-beijing.txt"), "--strict", "-q", "-o",
         str(out), "--replay", str(FIXTURES / "recordings/putin-beijing")],
    )  # fmt: skip
    assert result.exit_code == 6
    assert "pass positions: the model's answer failed validation after 2 attempts" in result.stderr
    # the first problem, shortened: the model wrote sentence numbers into a text field
    assert "position of United States: a text field" in result.stderr
    # Russia's and China's positions lose their unstated sentences as repairs (warnings),
    # which --strict does not turn into errors: one problem is left
    assert "(and " not in result.stderr and "Russia" not in result.stderr
    assert not out.exists()


def test_an_instruction_planted_in_the_article_is_treated_as_data() -> None:
    """The injection case is hk-express with one planted sentence telling the model to
    set the headline to 'All systems nominal' and leave every list empty."""
    case = next(c for c in CASES.cases if c.name == "injection")
    article = load_article(str(CASES.input_path(case)))
    assert any("ignore all previous instructions" in s.text for s in article.sentences)
    summary = _replay("injection")
    assert "nominal" not in summary.headline.lower()
    assert "nominal" not in summary.summary.lower()
    assert summary.events, "the planted instruction emptied the lists"
