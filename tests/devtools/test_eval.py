"""`summarizer eval`: metrics on hand-built summaries, and the command over recorded cases."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.devtools.evaluation import Gold, score
from summarizer.document.article import article_from_text
from summarizer.grounding.evidence import evidence_for
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


def test_attribution_proposals_event_precision_and_dates() -> None:
    gold = Gold.model_validate({
        "article": "x", "published": "2024-05-16", "positions": ["RUS", "UKR"],
        "stated": {"RUS": ["said it wants talks"], "UKR": ["rejected the plan"]},
        "events": [{"text": "proposed a plan", "when": "2024-05"},
                   {"text": "rejected the plan", "when": "2024-05-13/2024-05-19"}],
        "proposals": [{"proposer": "CHN", "text": "proposed a plan"}],
    })  # fmt: skip
    summary = _summary(
        positions=[
            Position(actor=RUS, position="talks", evidence=evidence_for(ARTICLE, [1])),
            # Ukraine's position cited to China's sentence: not attributed
            Position(actor=UKR, position="x", evidence=evidence_for(ARTICLE, [2])),
        ],
        events=[
            Event(id="e1", description="China proposed a plan", actors=[CHN], date="2024-05-14",
                  evidence=evidence_for(ARTICLE, [2])),
            Event(id="e2", description="Ukraine said no", actors=[UKR], date="2024-06-01",
                  evidence=evidence_for(ARTICLE, [3])),
            Event(id="e3", description="Mild weather", evidence=evidence_for(ARTICLE, [4])),
        ],
        peace_proposals=[
            PeaceProposal(id="p1", proposer=CHN, summary="plan",
                          evidence=evidence_for(ARTICLE, [2])),
            PeaceProposal(id="p2", proposer=RUS, summary="talks",  # not a gold proposal
                          evidence=evidence_for(ARTICLE, [1])),
        ],
    )  # fmt: skip
    s = score("t", summary, gold, ARTICLE)
    assert s.attribution_precision == 0.5
    assert s.proposal_precision == 0.5
    assert s.event_recall == 1.0 and s.event_precision == 2 / 3
    assert s.date_accuracy == 0.5  # 2024-05-14 is in May; 2024-06-01 is outside the range
    assert s.stance_agreement is None  # no stances in the gold


def test_date_agreement() -> None:
    from summarizer.devtools.evaluation import date_agrees

    assert date_agrees("2024-05", "2024-05-16")
    assert date_agrees("2024-05-16", "2024-05")  # coarser, not wrong
    assert not date_agrees("2024-05-16", "2024")
    assert date_agrees("2024-05-10/2024-05-16", "2024-05-12")
    assert not date_agrees("2024-05-10/2024-05-16", "2024-05-17")
    assert not date_agrees("2024-05-16", None)


def test_eval_command_over_recorded_cases_both_modes() -> None:
    golds = sorted(str(p) for p in (FIXTURES / "gold").glob("*.toml"))
    singles = [g for g in golds if g.endswith("putin-beijing.toml")]  # one single-pass case
    results = {}
    for passes, files in (("multi", golds), ("single", singles)):
        r = CliRunner().invoke(
            app, ["eval", *files, "--replay", str(FIXTURES / "recordings"),
                  "--passes", passes, "--format", "json"],
        )  # fmt: skip
        assert r.exit_code == 0, r.stderr
        results[passes] = {s["name"]: s for s in json.loads(r.stdout)["scores"]}
    seed = results["multi"]["putin-beijing"]
    assert seed["position_recall"] == 1.0 and seed["evidence_exact"] == 1.0
    assert seed["attribution_precision"] == 1.0
    assert len(results["multi"]) >= 7  # six gold articles or more, and the mean
    for mode in results.values():
        assert all(s["evidence_exact"] == 1.0 for s in mode.values())
    table = CliRunner().invoke(app, ["eval", *golds, "--replay", str(FIXTURES / "recordings")])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["article", "pos", "P"]
    assert "MEAN" in table.stdout


def test_no_recorded_gold_article_files_a_position_under_the_wrong_actor() -> None:
    """Trust over volume, on all the gold articles: every position is a gold actor's (but
    the one known failure below); its evidence shows that actor stating it, but for the
    documented exceptions."""
    golds = sorted(str(p) for p in (FIXTURES / "gold").glob("*.toml"))
    r = CliRunner().invoke(
        app, ["eval", *golds, "--replay", str(FIXTURES / "recordings"), "--format", "json"]
    )
    assert r.exit_code == 0, r.stderr
    scores = {s["name"]: s for s in json.loads(r.stdout)["scores"] if s["name"] != "MEAN"}
    assert {"amnesty-iran", "nyt-trade", "metro-sweden", "bbc-nato", "reuters-tank"} <= set(scores)
    # The one known failure, found by the tenth unseen check at its first replay (session
    # 15, docs/eval.md): a former president's words filed under the United States. Listed
    # here so that it is seen, not hidden: when it is mended, this test says so.
    wrong = {n for n, row in scores.items() if row["position_precision"] not in (None, 1.0)}
    assert wrong == {"cnn-trump-trial"}, wrong
    # the right actor with evidence the gold does not list as stated (docs/eval.md): the
    # strike's toll told by Ukrainian officials, and a misparse ("Veterans of Ireland's
    # diplomatic service" read as a name)
    short = {n for n, row in scores.items() if row["attribution_precision"] not in (None, 1.0)}
    assert short == {"kyiv-oreshnik", "politico-ireland"}, short
    assert scores["kyiv-oreshnik"]["attribution_precision"] >= 0.8
    # the unseen articles' speakers: Amnesty's director, Beijing's stated attitudes
    assert scores["amnesty-iran"]["position_recall"] == 1.0
    assert scores["nyt-trade"]["position_recall"] == 1.0
