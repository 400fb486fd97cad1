"""`summarizer eval`: score summaries against gold annotations."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from summarizer.cli.app import app, examples
from summarizer.cli.options import (
    BackendOpt,
    BaseUrlOpt,
    ModelOpt,
    ModelPathOpt,
    PassesOpt,
    TimeoutOpt,
)

if TYPE_CHECKING:
    from summarizer.devtools.evaluation import Score
    from summarizer.recording import Recorder


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


@app.command(
    "eval",
    epilog=examples(
        "summarizer eval fixtures/gold/*.toml --replay fixtures/recordings",
        "summarizer eval fixtures/gold/*.toml --replay fixtures/recordings --passes single",
        "summarizer eval fixtures/gold/kyiv-oreshnik.toml --summary kyiv.json -f json",
    ),
)
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
    passes: PassesOpt = "multi",
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Precision/recall of countries with positions, stance agreement, event recall, exact
    evidence and support-check shares, per article and on average."""
    from summarizer import api
    from summarizer.cli.common import engine_from, settings_from
    from summarizer.cli.output import check_output, write_output
    from summarizer.cli.progress import Progress
    from summarizer.devtools.evaluation import as_dict, load_gold, mean_score, score
    from summarizer.errors import ConfigError
    from summarizer.summaries import load_summaries

    check_output(output)
    loaded = []
    for path in golds:
        gold = load_gold(path)
        loaded.append((path, gold, api.clean(str((path.parent / gold.article).resolve()))))
    provided = {s.source.sha256: s for p in summary or [] for s in load_summaries(p)}
    settings = settings_from(backend=backend, model=model, base_url=base_url,
                             model_path=model_path, timeout=timeout)  # fmt: skip
    progress = Progress()
    engine = None if provided else engine_from(settings, progress)
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
            folder = None
            if replay is not None:
                folder = replay / (f"{name}-single" if passes == "single" else name)
            started = time.monotonic()
            with progress.running(f"summarising {name} ({passes}-pass)"):
                result = api.summarize(
                    article, backend=engine, passes=passes, max_retries=settings.max_retries,
                    progress=progress, recordings=_recorder(folder, name),
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


def _recorder(folder: Path | None, case: str) -> Recorder | None:
    from summarizer.recording import Recorder

    if folder is None:
        return None
    return Recorder(directory=folder, mode="replay", label=case, case=case)
