"""Summaries saved by earlier runs: ArticleSummary files (an object, an array, JSON
Lines), the JSONL output of ``summarizer batch`` (its ok and cached lines), and the result
store's summaries table; one summary per article when an article was summarised twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.document.summaries import check_quotes
from summarizer.errors import InputError, InputNotFound, validation_message
from summarizer.fileio import load_json
from summarizer.models import ArticleSummary


@dataclass
class Loaded:
    """Summaries read from files or the store, and what was left out."""

    summaries: list[ArticleSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: what and why


def _validate(value: Any, where: str) -> ArticleSummary:
    try:
        return ArticleSummary.model_validate(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise InputError(
            f"{where}: not a valid ArticleSummary ({loc}: {validation_message(err)})"
        ) from None


def _is_batch_line(value: Any) -> bool:
    return isinstance(value, dict) and {"input", "status", "summary"} <= value.keys()


def _batch_lines(path: Path, text: str) -> Loaded | None:
    """A ``summarizer batch`` output (JSON Lines of {"input", "status", "summary", …}),
    or None when ``text`` is not one. Failed lines are skipped; so is a torn last line (a
    run killed mid-write)."""
    lines = text.split("\n")  # newlines only: a field may hold U+2028
    first = next((line for line in lines if line.strip()), "")
    try:
        if not _is_batch_line(load_json(first)):
            return None
    except ValueError:
        return None
    loaded = Loaded()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    for n, line in numbered:
        try:
            record = load_json(line)
        except ValueError:
            if n == numbered[-1][0]:
                loaded.skipped.append(f"{path}:{n}: a torn last line (a run cut short)")
                continue
            raise InputError(f"{path}:{n}: not valid JSON") from None
        if not _is_batch_line(record):
            raise InputError(f"{path}:{n}: not a `summarizer batch` line")
        if record["status"] not in ("ok", "cached") or record["summary"] is None:
            loaded.skipped.append(f"{path}:{n}: {record['input']} ({record['status']})")
            continue
        summary = _validate(record["summary"], f"{path}:{n}")
        check_quotes(summary, Path(f"{path}:{n}"))
        loaded.summaries.append(summary)
    return loaded


def summaries_from_file(path: Path) -> Loaded:
    """The summaries in a file: ArticleSummary JSON (an object, an array or JSON Lines,
    as ``load_summaries`` reads them) or a ``summarizer batch`` JSONL output, whose ok
    and cached lines are taken and failed lines skipped."""
    from summarizer.document.summaries import parse_summaries, read_summary_file

    text = read_summary_file(path)  # read once, parsed as batch output or as summaries
    batch = _batch_lines(path, text)
    if batch is not None:
        return batch
    return Loaded(summaries=parse_summaries(text, path))


def summaries_from_store(path: Path) -> Loaded:
    """Every summary in the result store's ``summaries`` table, oldest first. Rows that
    no longer validate (written by another version) are skipped."""
    if not path.is_file():
        raise InputNotFound(
            f"no result store at {path}", hint="pass --store PATH, or run `summarizer batch`"
        )
    loaded = Loaded()
    try:
        with closing(sqlite3.connect(str(path), timeout=30.0)) as db:
            rows = db.execute(
                "SELECT key, json FROM summaries ORDER BY created_at, rowid"
            ).fetchall()
    except sqlite3.Error as exc:
        raise InputError(f"cannot read the result store {path}: {exc}") from None
    for key, text in rows:
        try:
            loaded.summaries.append(ArticleSummary.model_validate_json(text))
        except ValidationError:
            loaded.skipped.append(f"{path}: summary {key} (not a valid ArticleSummary)")
    return loaded


def newest_per_article(summaries: list[ArticleSummary]) -> tuple[list[ArticleSummary], int]:
    """One summary per article (``source.sha256``): the newest by ``created_at``, in the
    order the articles first appear; and how many were dropped."""
    chosen: dict[str, ArticleSummary] = {}
    for s in summaries:
        old = chosen.get(s.source.sha256)
        if old is None or s.provenance.created_at >= old.provenance.created_at:
            chosen[s.source.sha256] = s
    return list(chosen.values()), len(summaries) - len(chosen)


def load_saved(files: Iterable[Path], store: Path | None = None) -> Loaded:
    """Every summary in ``files`` (``summaries_from_file``) and, with ``store``, in the
    result store (``summaries_from_store``), with what was left out of each."""
    loaded = Loaded()
    for part in [*(summaries_from_file(Path(f)) for f in files),
                 *([summaries_from_store(store)] if store is not None else [])]:  # fmt: skip
        loaded.summaries += part.summaries
        loaded.skipped += part.skipped
    return loaded


def summaries_of(items: Iterable[ArticleSummary | str | Path]) -> list[ArticleSummary]:
    """Summaries given as objects, or saved in files (read as ``summaries_from_file``)."""
    out: list[ArticleSummary] = []
    for item in items:
        out += (
            summaries_from_file(Path(item)).summaries if isinstance(item, (str, Path)) else [item]
        )
    return out
