"""Renderers: ArticleSummary → json, jsonl, markdown or terminal text."""

from __future__ import annotations

from typing import Literal

from summarizer.errors import ConfigError
from summarizer.models import ArticleSummary

OutputFormat = Literal["json", "jsonl", "markdown", "text"]
FORMATS: tuple[str, ...] = ("json", "jsonl", "markdown", "text")


def render_json(summaries: list[ArticleSummary], *, as_array: bool | None = None) -> str:
    """A JSON object for one summary, a JSON array when ``as_array`` (by default: when
    there is not exactly one). The shape never depends on how many succeeded."""
    if as_array is None:
        as_array = len(summaries) != 1
    if not as_array:
        return summaries[0].model_dump_json(indent=2) + "\n"
    if not summaries:
        return "[]\n"
    body = ",\n".join(s.model_dump_json(indent=2) for s in summaries)
    return f"[\n{body}\n]\n"


def render_jsonl(summaries: list[ArticleSummary]) -> str:
    """One compact JSON object a line."""
    return "".join(s.model_dump_json() + "\n" for s in summaries)


def render_summaries(
    summaries: list[ArticleSummary], fmt: str, *, as_array: bool | None = None, width: int = 100
) -> str:
    if fmt == "json":
        return render_json(summaries, as_array=as_array)
    if fmt == "jsonl":
        return render_jsonl(summaries)
    if fmt == "markdown":
        from summarizer.renderers.markdown import render_markdown

        return "\n---\n\n".join(render_markdown(s) for s in summaries)
    if fmt == "text":
        from summarizer.renderers.text import render_text

        return "\n".join(render_text(s, width=width) for s in summaries)
    raise ConfigError(f"unknown format {fmt!r} for a summary", hint=f"use {', '.join(FORMATS)}")


__all__ = ["FORMATS", "OutputFormat", "render_json", "render_jsonl", "render_summaries"]
