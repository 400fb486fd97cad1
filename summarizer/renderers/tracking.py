"""Positions over time → json, markdown or html: per actor (and proposal), what each
source said in date order, then each change with the evidence before and after side by
side. What the articles and the model wrote is escaped (Markdown: entity references;
HTML: autoescape)."""

from __future__ import annotations

import json

from summarizer.errors import ConfigError
from summarizer.models.briefing import Citation
from summarizer.models.tracking import Said, Track, Tracking
from summarizer.renderers.citations import source_name
from summarizer.renderers.markdown_text import md
from summarizer.renderers.templating import actor_label, environment

TRACK_FORMATS: tuple[str, ...] = ("markdown", "html", "json")


def render_tracking(tracking: Tracking, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(tracking.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(tracking)
    if fmt == "html":
        return (
            environment()
            .get_template("tracking.html.j2")
            .render(
                t=tracking, title=title_of, when=when_of, quotes=quotes_of, source_name=source_name
            )
        )
    raise ConfigError(
        f"unknown format {fmt!r} for tracking", hint=f"use {', '.join(TRACK_FORMATS)}"
    )


def title_of(track: Track) -> str:
    """'Ukraine (UKR) on P1: China's peace plan', or the actor alone (plain text)."""
    who = actor_label(track.actor)
    return f"{who} on {track.proposal_id}: {track.proposal}" if track.proposal_id else who


def when_of(said: Said) -> str:
    return f"{said.source}, {said.published}" if said.published else f"{said.source}, undated"


def quotes_of(citations: list[Citation]) -> list[str]:
    return [f"“{c.quote}” ({c.source}, sentence {c.sentence_id})" for c in citations]


def _cell(text: str) -> str:
    return md(" ".join(text.split())).replace("|", "\\|")


def _markdown(tracking: Tracking) -> str:
    out = ["# Positions over time", ""]
    names = ", ".join(f"{s.id} {md(source_name(s))}"
                      + (f" ({s.published[:10]})" if s.published else "")
                      for s in tracking.sources)  # fmt: skip
    out += [f"*{len(tracking.sources)} sources, in date order: {names}*", ""]
    if tracking.since:
        out += [f"Since {tracking.since}.", ""]
    if not tracking.tracks:
        out += ["Nothing to track: no position or stance matches.", ""]
    for track in tracking.tracks:
        changed = len(track.changes)
        out += [f"## {md(title_of(track))}", ""]
        out += [f"{changed} change{'s' if changed != 1 else ''} across {len(track.said)} "
                f"source{'s' if len(track.said) != 1 else ''}.", ""]  # fmt: skip
        out += ["| Source | Said | Evidence |", "|---|---|---|"]
        for said in track.said:
            evidence = "<br>".join(_cell(q) for q in quotes_of(said.citations))
            out.append(f"| {when_of(said)} | {_cell(said.text)} | {evidence} |")
        out.append("")
        for change in track.changes:
            out += [f"**Change: {md(change.what)}** ({when_of(change.before)} → "
                    f"{when_of(change.after)})", ""]  # fmt: skip
            out += ["| Before | After |", "|---|---|"]
            before = "<br>".join(_cell(q) for q in quotes_of(change.before.citations))
            after = "<br>".join(_cell(q) for q in quotes_of(change.after.citations))
            out += [f"| {_cell(change.before.text)}<br>{before} | "
                    f"{_cell(change.after.text)}<br>{after} |", ""]  # fmt: skip
    for w in tracking.warnings:
        out.append(f"- note: {md(w)}")
    return "\n".join(out).rstrip() + "\n"
