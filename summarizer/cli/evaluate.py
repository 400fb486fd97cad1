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

# The two eval commands write a table or JSON, to stdout or a file.
FormatOpt = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")]

if TYPE_CHECKING:
    from summarizer.devtools.evaluation import Score
    from summarizer.llm.recording import Recorder


_COLUMNS = [  # header, Score field, width
    ("pos P", "position_precision", 6), ("pos R", "position_recall", 6),
    ("attrib", "attribution_precision", 6), ("stance", "stance_agreement", 6),
    ("prop P", "proposal_precision", 6), ("ev P", "event_precision", 5),
    ("ev R", "event_recall", 5), ("ev act", "action_accuracy", 6),
    ("ev src", "source_accuracy", 6), ("dates", "date_accuracy", 5),
    ("exact", "evidence_exact", 5), ("support", "supported", 7),
]  # fmt: skip


def _table(scores: list[Score], seconds: dict[str, float]) -> str:
    head = f"{'article':18}" + "".join(f" {h:>{w}}" for h, _f, w in _COLUMNS)
    head += f" {'items':>5} {'time s':>6}"
    lines = [head, "-" * len(head)]
    for s in scores:
        cells = []
        for _h, name, width in _COLUMNS:
            value = getattr(s, name)
            cells.append(f" {'-' if value is None else f'{value:.2f}':>{width}}")
        took = f"{seconds[s.name]:.1f}" if s.name in seconds else "-"
        lines.append(f"{s.name[:18]:18}" + "".join(cells) + f" {s.items:5d} {took:>6}")
    return "\n".join(lines) + "\n"


@app.command(
    "eval",
    epilog=examples(
        "summarizer eval fixtures/gold/*.toml --replay fixtures/recordings",
        "summarizer eval fixtures/gold/*.toml --replay fixtures/recordings --passes single",
        "summarizer eval fixtures/gold/kyiv-oreshnik.toml --summary kyiv.json -f json",
        "summarizer eval fixtures/gold/*.toml --oracle gold   # what the checks keep",
        "summarizer eval fixtures/gold/*.toml --oracle lie    # what lies they accept",
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
    oracle: Annotated[
        Literal["gold", "lie"] | None,
        typer.Option(
            help="Check the checks, no model: answer every pass with the gold items (gold: "
            "what the checks keep) or with the gold sentences under wrong actors (lie: what "
            "they accept). See docs/eval.md."
        ),
    ] = None,
    passes: PassesOpt = "multi",
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Per article and on average: positions P/R, attribution precision (positions whose
    evidence shows that actor stating it), stance agreement, proposal precision, events
    P/R, date accuracy, exact evidence and support-check shares ("-": nothing to score).
    Columns are defined in docs/eval.md."""
    from summarizer import api
    from summarizer.cli.common import engine_from, run_options, settings_from
    from summarizer.cli.output import check_output, write_output
    from summarizer.cli.progress import Progress
    from summarizer.devtools.evaluation import as_dict, load_gold, mean_score, score
    from summarizer.document.summaries import load_summaries
    from summarizer.errors import ConfigError

    check_output(output)
    loaded = []
    for path in golds:
        gold = load_gold(path)
        loaded.append((path, gold, api.clean(str((path.parent / gold.article).resolve()))))
    if oracle is not None:
        _oracle(loaded, oracle, fmt, output)
        return
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
                run = run_options(settings, engine, passes=passes, progress=progress)
                result = api.summarize(
                    article,
                    published=gold.published,
                    options=run.replace(recordings=_recorder(folder, name)),
                )
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


def _oracle(loaded: list, mode: Literal["gold", "lie"], fmt: str, output: Path | None) -> None:
    from dataclasses import asdict

    from summarizer.cli.output import write_output
    from summarizer.cli.progress import Progress
    from summarizer.devtools import oracle

    progress = Progress()
    counts = []
    for path, gold, article in loaded:
        name = gold.case or path.stem
        with progress.running(f"oracle ({mode}) on {name}"):
            counts.append(oracle.run(article, gold, name, mode))
    if fmt == "json":
        total = oracle.total(counts)
        text = json.dumps({"oracle": mode, "articles": [asdict(c) for c in counts],
                           "total": asdict(total)}, indent=2)  # fmt: skip
        write_output(text + "\n", output)
    else:
        write_output(oracle.table(counts, mode), output)


def _recorder(folder: Path | None, case: str) -> Recorder | None:
    from summarizer.llm.recording import Recorder

    if folder is None:
        return None
    return Recorder(directory=folder, mode="replay", label=case, case=case)


@app.command(
    "eval-plover",
    epilog=examples(
        "summarizer eval-plover fixtures/plover/records.json --replay fixtures/recordings/plover",
        "summarizer eval-plover fixtures/plover/records.json --record fixtures/recordings/plover",
        "summarizer eval-plover fixtures/plover/records.json --limit 10 -f json",
    ),
)
def evaluate_plover(
    records: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON array).")],
    replay: Annotated[
        Path | None, typer.Option(help="Answer from recordings in DIR, without a model.")
    ] = None,
    record: Annotated[
        Path | None, typer.Option(help="Run the model and record its answers into DIR.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N records.")] = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    model_path: ModelPathOpt = None,
    timeout: TimeoutOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Event coding against PLOVER gold-standard sentences: the events pass runs on each
    record's sentence; scored are the PLOVER category of the first event (and of any
    event), and the source and target countries of the first event."""
    from summarizer.cli.common import engine_from, settings_from
    from summarizer.cli.output import check_output, write_output
    from summarizer.cli.progress import Progress
    from summarizer.devtools import plover
    from summarizer.errors import ConfigError
    from summarizer.llm.recording import Recorder

    check_output(output)
    if replay is not None and record is not None:
        raise ConfigError("give --replay or --record, not both")
    rows = plover.load_records(records)[:limit]
    settings = settings_from(backend=backend, model=model, base_url=base_url,
                             model_path=model_path, timeout=timeout)  # fmt: skip
    progress = Progress()
    engine = engine_from(settings, progress)
    folder = replay or record
    recorder = Recorder(
        directory=folder, mode="replay" if replay else "record" if record else "off",
        label="plover", case="plover",
    )  # fmt: skip
    with progress.running(f"coding {len(rows)} PLOVER records"):
        outcomes = plover.run(rows, engine, recorder, progress=progress)
    result = plover.score(outcomes)
    if fmt == "json":
        per = [
            {"id": o.record.id, "gold": o.record.event,
             "predicted": [e.action.upper() for e in o.events],
             "source": sorted(o.record.sources),
             "predicted_source": o.first.source.country_code
             if o.first and o.first.source else None}
            for o in outcomes
        ]  # fmt: skip
        write_output(json.dumps({**result.as_dict(), "records_detail": per}, indent=2) + "\n",
                     output)  # fmt: skip
        return

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    text = (
        f"records                  {result.records}\n"
        f"category (first event)   {pct(result.category_first)}\n"
        f"category (any event)     {pct(result.category_any)}\n"
        f"source country           {pct(result.source_country)}\n"
        f"target country           {pct(result.target_country)}\n"
        f"context (any gold one)   {pct(result.context)}\n"
        f"context precision        {pct(result.context_precision)}\n"
        f"no event kept            {result.no_event}\n"
    )
    write_output(text, output)
