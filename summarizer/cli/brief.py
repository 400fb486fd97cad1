"""`summarizer brief`: several articles (or ArticleSummary JSON files) → one briefing note."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.article import load_article
from summarizer.briefing import build_briefing
from summarizer.cli.app import app
from summarizer.cli.backend_factory import make_backend, make_recorder, recording_flags
from summarizer.cli.output import write_output
from summarizer.cli.progress import Progress
from summarizer.config import load_settings
from summarizer.models import ArticleSummary
from summarizer.pipeline import summarize_article
from summarizer.render.brief_html import render_brief_html
from summarizer.render.brief_markdown import render_brief_markdown


def _as_summary(source: str) -> ArticleSummary | None:
    """An input that is already an ArticleSummary JSON file."""
    path = Path(source)
    if source == "-" or "://" in source or not path.is_file():
        return None
    head = path.read_bytes()[:1].strip()
    if head != b"{":
        return None
    try:
        return ArticleSummary.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


@app.command()
def brief(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles (files, URLs, -) or ArticleSummary JSON files.", metavar="INPUT..."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the note.")],
    fmt: Annotated[
        Literal["markdown", "html", "json"] | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown, html or json (default: from -o's extension, else markdown).",
        ),
    ] = None,
    title: Annotated[str, typer.Option(help="Title of the note.")] = "Briefing note",
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Executive summary by rules, without a model.")
    ] = False,
    backend: Annotated[Literal["local", "openai"] | None, typer.Option(help="Backend.")] = None,
    model: Annotated[str | None, typer.Option(help="Model for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint.")] = None,
    record: Annotated[Path | None, typer.Option(help="Record model exchanges here.")] = None,
    replay: Annotated[Path | None, typer.Option(help="Replay model exchanges from here.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Merge several articles into one briefing: executive summary, merged timeline,
    positions by country, a stance matrix and sources, every line cited."""
    mode, folder = recording_flags(record, replay)
    settings = load_settings(backend=backend, model=model, base_url=base_url,
                             recordings=folder, record_mode=mode)  # fmt: skip
    fmt = fmt or {".html": "html", ".htm": "html", ".json": "json"}.get(
        output.suffix.lower(), "markdown"
    )
    given = [_as_summary(src) for src in inputs]
    articles = {src: load_article(src) for src, s in zip(inputs, given, strict=True) if s is None}
    progress = Progress(quiet=quiet)
    needs_model = bool(articles) or not no_llm
    engine = make_backend(settings, progress) if needs_model else None
    recorder = make_recorder(settings, "brief")
    summaries: list[ArticleSummary] = []
    for i, (src, ready) in enumerate(zip(inputs, given, strict=True), start=1):
        if ready is not None:
            summaries.append(ready)
            continue
        assert engine is not None
        with progress.running(f"[{i}/{len(inputs)}] summarising {src}"):
            summaries.append(summarize_article(articles[src], engine, recorder=recorder,
                                               max_retries=settings.max_retries,
                                               progress=progress))  # fmt: skip
    with progress.running("writing the executive summary" if not no_llm else "merging"):
        note = build_briefing(
            summaries, title=title, backend=None if no_llm else engine, recorder=recorder
        )
    if fmt == "json":
        text = json.dumps(note.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        text = render_brief_html(note)
    else:
        text = render_brief_markdown(note)
    write_output(text, output)
    merged = sum(len(t.event_ids) > 1 for t in note.timeline)
    progress(f"wrote {output} ({fmt}, {len(note.timeline)} timeline entries, {merged} merged)")
