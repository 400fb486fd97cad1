"""Positions over time (`summarizer track`): sources in date order, each actor's
statements and stances through them, and every change with its evidence both sides."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import summarizer
from summarizer.briefing.tracking import track
from summarizer.cli import app
from summarizer.document.article import article_from_text
from summarizer.grounding.evidence import evidence_for
from summarizer.models import ArticleSummary, PeaceProposal, Position, Source, Stance
from summarizer.renderers.tracking import render_tracking
from tests.builders import CHN, RUS, UKR, make_summary
from tests.conftest import FIXTURES

runner = CliRunner()

MAY = article_from_text(
    "China put forward a 12-point peace plan on Friday.\n\n"
    "Ukraine said it would study the plan and welcomed talks."
)
JUNE = article_from_text(
    "Ukraine rejected China's peace plan on Monday, saying it rewards Russia.\n\n"
    "Russia said it backs the plan."
)


def _dated(summary: ArticleSummary, day: str, outlet: str) -> ArticleSummary:
    source = summary.source.model_copy(update={"published": day, "outlet": outlet})
    return summary.model_copy(update={"source": source})


def _plan_story() -> list[ArticleSummary]:
    may = make_summary(MAY, "may.txt", source=Source(input="may.txt", sha256=MAY.sha256),
        positions=[Position(actor=UKR, position="Ukraine would study the plan.",
                            evidence=evidence_for(MAY, [2]))],
        peace_proposals=[PeaceProposal(id="p1", proposer=CHN, summary="A 12-point peace plan.",
            evidence=evidence_for(MAY, [1]),
            stances=[Stance(actor=UKR, stance="supports", evidence=evidence_for(MAY, [2]))])],
    )  # fmt: skip
    june = make_summary(JUNE, "june.txt", source=Source(input="june.txt", sha256=JUNE.sha256),
        positions=[Position(actor=UKR, position="Ukraine says the plan rewards Russia.",
                            evidence=evidence_for(JUNE, [1]))],
        peace_proposals=[PeaceProposal(id="p1", proposer=CHN, summary="China's peace plan.",
            evidence=evidence_for(JUNE, [1]),
            stances=[Stance(actor=UKR, stance="rejects", evidence=evidence_for(JUNE, [1])),
                     Stance(actor=RUS, stance="supports", evidence=evidence_for(JUNE, [2]))])],
    )  # fmt: skip
    # given out of order: the June article first
    return [_dated(june, "2023-06-05", "Wire"), _dated(may, "2023-05-26", "Daily")]


def test_a_stance_change_is_shown_with_the_evidence_before_and_after() -> None:
    tracking = track(_plan_story(), actor="Ukraine", proposal="peace plan")
    assert [(s.id, s.published) for s in tracking.sources] == [("S1", "2023-05-26"),
                                                               ("S2", "2023-06-05")]  # fmt: skip
    (plan,) = tracking.tracks
    assert (plan.actor, plan.proposal_id) == (UKR, "P1")
    assert [(s.source, s.stance) for s in plan.said] == [("S1", "supports"), ("S2", "rejects")]
    (change,) = plan.changes
    assert change.what == "supports → rejects"
    assert [c.quote for c in change.before.citations] == [MAY.sentences[1].text]
    assert [c.quote for c in change.after.citations] == [JUNE.sentences[0].text]
    md = render_tracking(tracking, "markdown")
    assert "**Change: supports → rejects** (S1, 2023-05-26 → S2, 2023-06-05)" in md
    html = render_tracking(tracking, "html")
    assert html.count('<div class="before">') == 1 and "rewards Russia" in html
    everything = track(_plan_story())
    russia = [t for t in everything.tracks if t.actor == RUS]
    assert [t.changes for t in russia] == [[]]  # one stance, nothing changed
    later = track(_plan_story(), since="2023-06-01", actor="UKR", proposal="P1")
    assert [s.source for s in later.tracks[0].said] == ["S1"] and not later.tracks[0].changes


def test_track_cli_reads_saved_summaries_and_writes_json(tmp_path: Path) -> None:
    paths = []
    for i, s in enumerate(_plan_story()):
        path = tmp_path / f"s{i}.json"
        path.write_text(s.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "track.json"
    result = runner.invoke(app, ["track", *paths, "--actor", "UKR", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    changes = [c["what"] for t in data["tracks"] for c in t["changes"]]
    assert "supports → rejects" in changes
    assert runner.invoke(app, ["track", "-q"]).exit_code == 2  # nothing to read
    bad = runner.invoke(app, ["track", *paths, "--since", "last week"])
    assert bad.exit_code == 3 and "not an ISO date" in bad.output


def test_recorded_articles_are_tracked_in_date_order(tmp_path: Path) -> None:
    """Three recorded articles (their dates given): Russia's statements in date order, each
    citing the article's own sentences."""
    saved = []
    for case, day in (("putin-beijing", "2024-05-16"), ("kyiv-oreshnik", "2026-05-24"),
                      ("syria-rukban", "2019-01-09")):  # fmt: skip
        path = tmp_path / f"{case}.json"
        made = runner.invoke(app, ["summarize", str(FIXTURES / "articles" / f"{case}.txt"),
                                   "--replay", str(FIXTURES / "recordings" / case),
                                   "--published", day, "-q", "-o", str(path)])  # fmt: skip
        assert made.exit_code == 0, made.output
        saved.append(path)
    result = runner.invoke(app, ["track", *map(str, saved), "--actor", "RUS", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (russia,) = [t for t in data["tracks"] if t["proposal_id"] is None]
    assert [s["published"] for s in russia["said"]] == ["2019-01-09", "2024-05-16", "2026-05-24"]
    by_source = {s["id"]: s["input"] for s in data["sources"]}
    for said in russia["said"]:
        article = summarizer.clean(by_source[said["source"]])
        assert said["citations"]
        for c in said["citations"]:
            assert article.text[c["start"] : c["end"]] == c["quote"]
