"""`summarizer logs`: the runs in the result store, one run's items, or usage by day."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import typer

from summarizer.cli.app import app, examples
from summarizer.cli.options import StoreOpt


@app.command(
    epilog=examples(
        "summarizer logs                 # the latest runs",
        "summarizer logs 12              # one run, item by item",
        "summarizer logs --usage         # tokens and cost by day and model",
        "summarizer logs -f json | jq '.[0]'",
    )
)
def logs(
    run: Annotated[
        int | None, typer.Argument(help="Show this run's items.", min=1, max=2**63 - 1)
    ] = None,
    usage: Annotated[
        bool, typer.Option("--usage", help="Tokens and cost by day and model.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Runs to list.")] = 20,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    store: StoreOpt = None,
) -> None:
    """What summarizer did: runs (summarize, brief, batch), their items, tokens and cost,
    from the result store."""
    from summarizer.cli.common import open_store, settings_from
    from summarizer.cli.output import write_output
    from summarizer.errors import InputError
    from summarizer.runs.store import default_path

    settings = settings_from(store=store)
    path = settings.store if settings.store is not None else default_path()
    if not path.exists():  # reading the log never creates a store
        if run is not None:
            raise InputError(f"no run {run}: nothing is logged yet (no result store at {path})")
        empty = "[]" if fmt == "json" else f"(nothing logged yet: no result store at {path})"
        write_output(empty + "\n", None)
        return
    ledger = open_store(settings)
    data: Any
    if usage:  # what the model was asked: replayed calls spent nothing
        data = ledger.usage()
        columns = ["day", "backend", "model", "calls", "prompt_tokens", "completion_tokens",
                   "cost_usd"]  # fmt: skip
        rows = data
    elif run is not None:
        data = ledger.run(run)
        if data is None:
            raise InputError(f"no run {run} in {ledger.path}", hint="`summarizer logs` lists them")
        columns = ["input", "status", "calls", "prompt_tokens", "completion_tokens", "cost_usd",
                   "seconds", "error"]  # fmt: skip
        rows = data["item_rows"]
    else:
        data = ledger.runs(limit)
        columns = [
            "id",
            "command",
            "started_at",
            "status",
            "backend",
            "model",
            "items",
            "ok",
            "cached",
            "failed",
            "replayed",
            "prompt_tokens",
            "completion_tokens",
            "cost_usd",
        ]
        rows = data
    if fmt == "json":
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", None)
        return
    header = ""
    if run is not None:
        header = (f"run {data['id']}: {data['command']} · {data['started_at']} · "
                  f"{data['status']} · {data['backend']}/{data['model']}\n")  # fmt: skip
    empty = (
        "no model call logged yet (replayed calls spend nothing)"
        if usage
        else ("nothing logged yet")
    )
    write_output(header + _table(columns, rows, empty), None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _table(columns: list[str], rows: list[dict[str, Any]], empty: str) -> str:
    if not rows:
        return f"({empty})\n"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"
