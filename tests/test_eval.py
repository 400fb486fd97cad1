"""`summarizer eval`: metrics on hand-built summaries, and the command over recorded cases."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from summarizer.article import article_from_text
from summarizer.cli import app
from summarizer.devtools.evaluation import Gold, score
from summarizer.grounding import evidence_for
from summarizer.models import (
    ArticleSummary,
    Event,
    PeaceProposal,
    Position,
    Stance,
)
from tests.builders import CHN, RUS, UKR, make_summary
from tests.conftest import FIXTURES

ARTICLE = article_from_text(
    "Russia said it wants talks.\n\nChina proposed a plan.\n\nUkraine rejected the plan.\n\n"
    "The weather was mild."
)


def _summary(**fields: object) -> ArticleSummary:
    return make_summary(ARTICLE, **fields)


def test_score_counts_what_matches_and_what_is_supported() -> None:
    gold = Gold.model_validate({
        "article": "x", "positions": ["RUS", "UKR"],
        "events": [{"text": "proposed a plan"}, {"text": "never happened"}],
        "proposals": [{"proposer": "CHN", "stances": {"UKR": "rejects", "RUS": "supports"}}],
    })  # fmt: skip
    summary = _summary(
        positions=[
            Position(actor=RUS, position="talks", evidence=evidence_for(ARTICLE, [1])),
            Position(actor=CHN, position="x", evidence=evidence_for(ARTICLE, [4])),  # unsupported
        ],
        events=[Event(id="e1", description="China proposed a plan", actors=[CHN],
                      evidence=evidence_for(ARTICLE, [2]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=CHN, summary="plan", evidence=evidence_for(ARTICLE, [2]),
            stances=[Stance(actor=UKR, stance="rejects", evidence=evidence_for(ARTICLE, [3]))],
        )],
    )  # fmt: skip
    s = score("t", summary, gold, ARTICLE)
    assert (s.position_precision, s.position_recall) == (0.5, 0.5)
    assert s.stance_agreement == 0.5 and s.event_recall == 0.5
    assert s.evidence_exact == 1.0
    assert s.items == 4 and s.supported == 0.75


def test_eval_command_over_recorded_cases_both_modes() -> None:
    golds = sorted(str(p) for p in (FIXTURES / "gold").glob("*.toml"))
    results = {}
    for passes in ("multi", "single"):
        r = CliRunner().invoke(
            app, ["eval", *golds, "--replay", str(FIXTURES / "recordings"),
                  "--passes", passes, "--format", "json"],
        )  # fmt: skip
        assert r.exit_code == 0, r.stderr
        results[passes] = {s["name"]: s for s in json.loads(r.stdout)["scores"]}
    seed = results["multi"]["putin-beijing"]
    assert seed["position_recall"] == 1.0 and seed["evidence_exact"] == 1.0
    assert seed["stance_agreement"] > 0
    for mode in results.values():
        assert set(mode) == {"putin-beijing", "kyiv-oreshnik", "syria-rukban", "MEAN"}
        assert all(s["evidence_exact"] == 1.0 for s in mode.values())
    table = CliRunner().invoke(app, ["eval", *golds, "--replay", str(FIXTURES / "recordings")])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["article", "pos", "P"]
    assert "MEAN" in table.stdout
