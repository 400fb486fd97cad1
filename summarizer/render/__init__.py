"""Renderers: ArticleSummary → json, markdown or terminal text."""

from __future__ import annotations

from typing import Literal

from summarizer.models import ArticleSummary
from summarizer.render.markdown import render_markdown
from summarizer.render.text import render_text

OutputFormat = Literal["json", "markdown", "text"]


def render_json(summaries: list[ArticleSummary]) -> str:
    """One summary → one JSON object; several → a JSON array (pipes into jq)."""
    if len(summaries) == 1:
        return summaries[0].model_dump_json(indent=2) + "\n"
    body = ",\n".join(s.model_dump_json(indent=2) for s in summaries)
    return f"[\n{body}\n]\n"


def render(summaries: list[ArticleSummary], fmt: OutputFormat, width: int = 100) -> str:
    if fmt == "json":
        return render_json(summaries)
    if fmt == "markdown":
        return "\n---\n\n".join(render_markdown(s) for s in summaries)
    return "\n".join(render_text(s, width=width) for s in summaries)


__all__ = ["OutputFormat", "render", "render_json", "render_markdown", "render_text"]
