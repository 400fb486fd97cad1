"""Briefing → json, markdown or html."""

from __future__ import annotations

import json

from summarizer.errors import ConfigError
from summarizer.models.briefing import Briefing

BRIEF_FORMATS: tuple[str, ...] = ("markdown", "html", "json")


def render_briefing(note: Briefing, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(note.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from summarizer.renderers.brief_html import render_brief_html

        return render_brief_html(note)
    if fmt == "markdown":
        from summarizer.renderers.brief_markdown import render_brief_markdown

        return render_brief_markdown(note)
    raise ConfigError(
        f"unknown format {fmt!r} for a briefing", hint=f"use {', '.join(BRIEF_FORMATS)}"
    )
