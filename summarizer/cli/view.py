"""`summarizer view`: a saved summary + its article → the evidence view (one HTML page)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.app import app, examples
from summarizer.cli.options import KeepBoilerplateOpt


@app.command(
    epilog=examples(
        "summarizer summarize article.txt -o s.json && summarizer view s.json -o view.html",
        "summarizer view s.json --article saved-copy.html -o view.html",
        "summarizer summarize article.txt -f html -o view.html    # the same, in one step",
    )
)
def view(
    summary_file: Annotated[
        Path,
        typer.Argument(
            help="A saved ArticleSummary JSON file (summarizer summarize -o FILE.json).",
            metavar="SUMMARY.json",
        ),
    ],
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            "-a",
            help="The article the summary was made from (file, URL or -); default: the "
            "summary's source.input.",
            metavar="PATH",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
) -> None:
    """Show a saved summary over its article: every cited sentence highlighted, beside
    the events, positions and peace proposals that cite it (one self-contained HTML page).

    The article is cleaned again and must give exactly the text the summary was made
    from (same SHA-256), since the evidence offsets point into it.
    """
    from summarizer import api
    from summarizer.cli.output import check_output, write_output
    from summarizer.document.summaries import load_summaries
    from summarizer.errors import InputError
    from summarizer.renderers.evidence_html import render_evidence_html

    check_output(output, [summary_file, article])
    summaries = load_summaries(summary_file)
    if len(summaries) != 1:
        raise InputError(
            f"{summary_file}: holds {len(summaries)} summaries; `view` shows one",
            hint="save one summary a file, e.g. jq '.[0]' s.json > one.json",
        )
    summary = summaries[0]
    source = article if article is not None else _article_source(summary.source.input, summary_file)
    text = api.clean(source, keep_boilerplate=keep_boilerplate)
    if text.sha256 != summary.source.sha256:
        raise InputError(
            f"{source}: the article changed since the summary was made (its cleaned text "
            f"has sha256 {text.sha256[:12]}…, the summary's {summary.source.sha256[:12]}…)",
            hint="pass the text it was made from with --article PATH (and --keep-boilerplate "
            "if the summary was made with it), or summarise the article again",
        )
    write_output(render_evidence_html(summary, text), output)


def _article_source(recorded: str, summary_file: Path) -> str:
    """The summary's ``source.input``: a URL as is; a path as given (relative to the
    working directory), else relative to the summary file's folder."""
    from summarizer.document.cleaning.fetch import is_url
    from summarizer.errors import InputError

    if recorded == "-":
        raise InputError(
            f"{summary_file}: the summary was made from standard input",
            hint="pass the article with --article PATH (or --article - to read stdin)",
        )
    if is_url(recorded):
        return recorded
    beside = summary_file.parent / recorded
    if not Path(recorded).exists() and not Path(recorded).is_absolute() and beside.exists():
        recorded = str(beside)
    if Path(recorded).exists() and not Path(recorded).is_file():
        # a FIFO or a device named by the saved summary would be read for ever
        raise InputError(
            f"{summary_file}: its source.input {recorded} is not a regular file",
            hint="pass the article with --article PATH",
        )
    return recorded
