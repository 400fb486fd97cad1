"""`summarizer eval`: score summaries against gold annotations."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Literal

import typer

from summarizer.article import Article, load_article
from summarizer.cli.app import app
from summarizer.cli.backend_factory import make_backend, make_recorder
from summarizer.cli.output import write_output
from summarizer.cli.progress import Progress
from summarizer.config import load_settings
from summarizer.errors import ConfigError, InputError
from summarizer.evaluation import Gold, Score, as_dict, load_gold, mean_score, score
from summarizer.models import ArticleSummary
from summarizer.pipeline import summarize_article


def _read_summary(path: Path) -> ArticleSummary:
    try:
        return ArticleSummary.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except ValueError as exc:
        raise InputError(f"{path}: not an ArticleSummary JSON file ({exc})") from None


def _table(scores: list[Score], seconds: dict[str, float]) -> str:
    head = f"{'article':22} {'pos P':>6} {'pos R':>6} {'stance':>7} {'events':>7} "
    head += f"{'exact':>6} {'support':>8} {'items':>6} {'time s':>7}"
    lines = [head, "-" * len(head)]
    for s in scores:
        stance = "-" if s.stance_agreement is None else f"{s.stance_agreement:.2f}"
        took = f"{seconds[s.name]:.1f}" if s.name in seconds else "-"
        lines.append(
            f"{s.name[:22]:22} {s.position_precision:6.2f} {s.position_recall:6.2f} "
            f"{stance:>7} {s.event_recall:7.2f} {s.evidence_exact:6.2f} {s.supported:8.2f} "
            f"{s.items:6d} {took:>7}"
        )
    return "\n".join(lines) + "\n"


@app.command("eval")
def evaluate(
    golds: Annotated[list[Path], typer.Argument(help="Gold annotation files (TOML).")],
    summary: Annotated[
        list[Path] | None,
        typer.Option(
            help="Score these ArticleSummary JSON files instead of summarising "
            "(matched to gold by the cleaned text's SHA-256)."
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            help="Replay recordings from DIR/<case> (DIR/<case>-single with "
            "--passes single) instead of calling a model."
        ),
    ] = None,
    passes: Annotated[
        Literal["single", "multi"], typer.Option(help="Extraction passes.")
    ] = "multi",
    backend: Annotated[Literal["local", "openai"] | None, typer.Option(help="Backend.")] = None,
    model: Annotated[str | None, typer.Option(help="Model for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint.")] = None,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Precision/recall of countries with positions, stance agreement, event recall, exact
    evidence and support-check shares, per article and on average."""
    loaded: list[tuple[Path, Gold, Article]] = []
    for path in golds:
        gold = load_gold(path)
        loaded.append((path, gold, load_article(str((path.parent / gold.article).resolve()))))
    provided = {s.source.sha256: s for s in map(_read_summary, summary or [])}
    settings = load_settings(backend=backend, model=model, base_url=base_url)
    engine = None if provided else make_backend(settings)
    progress = Progress()
    scores: list[Score] = []
    seconds: dict[str, float] = {}
    for path, gold, article in loaded:
        name = gold.case or path.stem
        if provided:
            if article.sha256 not in provided:
                raise ConfigError(f"no summary given for {path} (article {gold.article})")
            result = provided[article.sha256]
        else:
            assert engine is not None
            if replay is not None:
                folder = replay / (f"{name}-single" if passes == "single" else name)
                settings = settings.model_copy(
                    update={"recordings": folder, "record_mode": "replay"}
                )
            started = time.monotonic()
            with progress.running(f"summarising {name} ({passes}-pass)"):
                result = summarize_article(
                    article, engine, recorder=make_recorder(settings, name), passes=passes,
                    max_retries=settings.max_retries, progress=progress,
                )  # fmt: skip
            seconds[name] = time.monotonic() - started
        scores.append(score(name, result, gold, article))
    scores.append(mean_score(scores))
    if fmt == "json":
        text = json.dumps(
            {"passes": passes, "scores": [as_dict(s) for s in scores], "seconds": seconds},
            indent=2,
        )
        write_output(text + "\n", output)
    else:
        write_output(_table(scores, seconds), output)
