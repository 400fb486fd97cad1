"""Saved summaries: read ArticleSummary JSON (one object, an array, or JSON Lines)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError, InputNotFound, validation_message
from summarizer.fileio import UnusableJson, load_json, read_capped
from summarizer.models import SCHEMA_VERSION, ArticleSummary

MAX_SUMMARY_BYTES = 1024 * 1024 * 1024  # a summary file (or batch output) larger is refused


def load_summaries(path: Path) -> list[ArticleSummary]:
    """Every ArticleSummary in ``path``: a JSON object, a JSON array of them (what
    ``summarizer summarize a b -o s.json`` writes) or JSON Lines. Anything else is an
    InputError that says what is wrong; a file is never half-read."""
    return parse_summaries(read_summary_file(path), path)


def read_summary_file(path: Path) -> str:
    """The text of a summary file, or an InputError naming what is wrong with it."""
    try:
        return read_capped(path, MAX_SUMMARY_BYTES, "summary file").decode("utf-8")
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", hint="pass a summary JSON file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


def parse_summaries(text: str, path: Path) -> list[ArticleSummary]:
    """The summaries in ``text`` (read from ``path``, which messages name), their quotes
    checked (``check_quotes``)."""
    values = _json_values(text, path)
    if not values:
        raise InputError(f"{path}: holds no summary", hint="pass ArticleSummary JSON")
    summaries = [_summary(v, path, i) for i, v in enumerate(values, start=1)]
    for i, summary in enumerate(summaries, start=1):
        check_quotes(summary, path if len(summaries) == 1 else Path(f"{path} (item {i})"))
    return summaries


def check_quotes(summary: ArticleSummary, where: Path) -> None:
    """Refuse a saved summary whose quotes were edited: every quote must fit its offsets,
    and, when its article is a local file that still cleans to the same text (same
    sha256), be exactly that text at those offsets. (A URL is not fetched again; `view`
    checks against any source.)"""
    evidence = [x for ev in summary.events for x in ev.evidence]
    evidence += [e for p in summary.positions for e in p.evidence]
    for pp in summary.peace_proposals:
        evidence += pp.evidence + [e for s in pp.stances for e in s.evidence]
    for e in evidence:
        if e.end - e.start != len(e.quote) or e.start < 0 or _past_any_article(e):
            raise InputError(
                f"{where}: the quote of sentence {e.sentence_id} does not fit its offsets "
                f"({e.start}-{e.end}): the summary was edited",
                hint="summarise the article again; quotes are never written by hand",
            )
    source = Path(summary.source.input)
    if summary.source.input == "-" or "://" in summary.source.input[:12] or not source.is_file():
        return
    from summarizer.document.article import load_article

    try:
        article = load_article(str(source))
    except InputError:
        return
    if article.sha256 != summary.source.sha256:
        return  # another text now: nothing to compare with
    for e in evidence:
        if article.text[e.start : e.end] != e.quote:
            raise InputError(
                f"{where}: the quote of sentence {e.sentence_id} is not the article's text "
                f"at {e.start}-{e.end} ({source}): the summary was edited",
                hint="summarise the article again; quotes are never written by hand",
            )


# Inputs are read up to 20 MiB: no article has offsets or sentence ids past these.
_MAX_OFFSET = 64 * 1024 * 1024
_MAX_SENTENCES = 10_000_000


def _past_any_article(e: Any) -> bool:
    return e.end > _MAX_OFFSET or not 0 < e.sentence_id < _MAX_SENTENCES


def _json_values(text: str, path: Path) -> list[Any]:
    try:
        value = load_json(text)
    except UnusableJson as exc:
        raise InputError(f"{path}: not a summary ({exc})") from None
    except json.JSONDecodeError as exc:
        lines = [line for line in text.split("\n") if line.strip()]  # not U+2028
        if len(lines) > 1:  # JSON Lines
            try:
                return [load_json(line) for line in lines]
            except ValueError:
                pass
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            hint="pass a summary written by `summarizer summarize -o FILE.json`",
        ) from None
    return value if isinstance(value, list) else [value]


def _summary(value: Any, path: Path, index: int) -> ArticleSummary:
    where = f"{path}" if index == 1 else f"{path} (item {index})"
    if not isinstance(value, dict):
        raise InputError(f"{where}: not an ArticleSummary (a JSON object is needed)")
    version = value.get("schema_version")
    if version is not None and version != SCHEMA_VERSION:
        raise InputError(
            f"{where}: schema_version {version!r} is not supported (this is version "
            f"{SCHEMA_VERSION})",
            hint="summarise the article again with this version",
        )
    try:
        return ArticleSummary.model_validate(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise InputError(
            f"{where}: not a valid ArticleSummary ({field}: {validation_message(err)})",
            hint="pass a summary written by `summarizer summarize -o FILE.json`",
        ) from None
