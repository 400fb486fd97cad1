"""Briefings: merging across sources, the stance matrix, Markdown and self-contained HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from summarizer.article import article_from_text
from summarizer.briefing import build_briefing
from summarizer.cli import app
from summarizer.grounding import evidence_for
from summarizer.models import (
    ArticleSummary,
    Event,
    PeaceProposal,
    Position,
    Stance,
)
from summarizer.renderers.brief_html import render_brief_html
from summarizer.renderers.brief_markdown import render_brief_markdown
from tests.builders import CHN, GBR, HKG, make_summary

A = article_from_text(
    "Police besieged Hong Kong Polytechnic University on Monday.\n\n"
    "China warned it would not sit on its hands.\n\nBritain urged an end to the violence."
)
B = article_from_text(
    "Hundreds of protesters were trapped as police besieged the Polytechnic University campus "
    "in Hong Kong.\n\nBritain said it supports talks."
)


def _two_sources() -> list[ArticleSummary]:
    s1 = make_summary(
        A, "a.txt",
        events=[Event(id="e1", description="Police besieged Polytechnic University in Hong Kong.",
                      actors=[HKG], action="coerce", evidence=evidence_for(A, [1]))],
        positions=[Position(actor=CHN, position="Will act.", evidence=evidence_for(A, [2]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary="End the violence and hold a dialogue.",
            evidence=evidence_for(A, [3]),
            stances=[Stance(actor=CHN, stance="rejects", evidence=evidence_for(A, [2]))])],
    )  # fmt: skip
    s2 = make_summary(
        B, "b.txt",
        events=[Event(id="e1", description="Police besieged the Polytechnic University campus.",
                      actors=[HKG], action="coerce", evidence=evidence_for(B, [1]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary="Talks to end the violence.",
            evidence=evidence_for(B, [2]),
            stances=[Stance(actor=CHN, stance="neutral", evidence=evidence_for(B, [2]))])],
    )  # fmt: skip
    return [s1, s2]


def test_same_event_from_two_sources_is_merged_and_disagreement_flagged() -> None:
    note = build_briefing(_two_sources(), title="HK")
    assert len(note.timeline) == 1
    entry = note.timeline[0]
    assert entry.event_ids == ["S1:e1", "S2:e1"]
    assert {c.source for c in entry.citations} == {"S1", "S2"}
    [row] = note.proposals
    assert row.sources == ["S1", "S2"]
    [cell] = row.stances
    assert (cell.stance, cell.disagreement) == ("disputed", True)
    assert cell.by_source == {"S1": "rejects", "S2": "neutral"}
    assert note.executive_summary_by == "rules" and 1 <= len(note.executive_summary) <= 5


def test_markdown_has_tables_and_numbered_citations() -> None:
    md = render_brief_markdown(build_briefing(_two_sources(), title="HK"))
    assert md.startswith("# HK\n")
    assert "| T1 |" in md and "| S1, S2 |" in md
    assert "⚠ sources disagree" in md
    notes = re.findall(r"^\[\^(\d+)\]: (S\d), sentence (\d+): “(.+)”$", md, re.M)
    assert notes and all(f"[^{n}]" in md.split("\n[^1]:")[0] for n, *_ in notes)
    assert ("1", "S1", "1", "Police besieged Hong Kong Polytechnic University on Monday.") in notes


def test_html_is_self_contained() -> None:
    html = render_brief_html(build_briefing(_two_sources(), title="HK <b>"))
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "<title>HK &lt;b&gt;</title>" in html
    assert 'class="stance stance-disputed"' in html and "Legend:" in html
    assert html.count("<details") >= 4


def test_brief_cli_from_summary_files_without_a_model(tmp_path: Path) -> None:
    paths = []
    for i, s in enumerate(_two_sources()):
        p = tmp_path / f"s{i}.json"
        p.write_text(s.model_dump_json())
        paths.append(str(p))
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *paths, "-o", str(out), "--no-llm", "-q"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["timeline"][0]["event_ids"] == ["S1:e1", "S2:e1"]
    assert [s["input"] for s in data["sources"]] == ["a.txt", "b.txt"]


def test_recorded_three_article_briefing(tmp_path: Path) -> None:
    from summarizer.article import load_article
    from tests.conftest import FIXTURES

    inputs = [str(FIXTURES / "articles" / n)
              for n in ("hk-guardian.txt", "hk-express.txt", "taipei-times.txt")]  # fmt: skip
    replay = str(FIXTURES / "recordings" / "brief-china")
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *inputs, "-o", str(out), "--replay", replay, "-q"])
    assert result.exit_code == 0, result.stderr
    note = json.loads(out.read_text())
    assert note["executive_summary_by"].startswith("model:local/")
    assert 3 <= len(note["executive_summary"]) <= 5
    assert all(b["citations"] and b["refs"] for b in note["executive_summary"])
    texts = {f"S{i}": load_article(p).text for i, p in enumerate(inputs, start=1)}
    cited = [c for t in note["timeline"] for c in t["citations"]]
    cited += [c for b in note["executive_summary"] for c in b["citations"]]
    cited += [c for g in note["positions"] for s in g["statements"] for c in s["citations"]]
    assert cited
    for c in cited:
        assert texts[c["source"]][c["start"] : c["end"]] == c["quote"]
    merged = [t for t in note["timeline"] if len({c["source"] for c in t["citations"]}) > 1]
    assert merged, "no event merged across sources"
    assert any("Polytechnic" in c["quote"] for t in merged for c in t["citations"])
    for fmt, marker in (("md", "## Timeline"), ("html", '<section id="timeline">')):
        path = tmp_path / f"note.{fmt}"
        r = CliRunner().invoke(app, ["brief", *inputs, "-o", str(path), "--replay", replay, "-q"])
        assert r.exit_code == 0 and marker in path.read_text()
