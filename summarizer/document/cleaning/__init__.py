"""Input reading and cleaning: raw input (text, HTML, URL) → cleaned text."""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.document.cleaning.boilerplate import Filtered, Removed, classify_line, filter_lines
from summarizer.document.cleaning.html import extract_html, looks_like_html
from summarizer.document.cleaning.reader import RawInput, decode_bytes, read_input
from summarizer.errors import EmptyInput

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Cleaned:
    text: str  # kept paragraphs, verbatim, joined by blank lines
    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    html: bool = False


def clean_text(text: str, source: str = "-", *, keep_boilerplate: bool = False) -> Cleaned:
    """Plain text or HTML (detected by content) → the article text the model sees."""
    title = author = date = outlet = url = None
    is_html = looks_like_html(text)
    if is_html:
        meta = extract_html(text, source)
        text, title, author, date = meta.text, meta.title, meta.author, meta.date
        outlet, url = meta.outlet, meta.url
    filtered = filter_lines(text, keep_boilerplate=keep_boilerplate, title=title)
    if not filtered.paragraphs:
        raise EmptyInput(
            f"{source}: no article text left after removing boilerplate",
            hint="check the input, or pass --keep-boilerplate",
        )
    return Cleaned(
        text=PARAGRAPH_SEPARATOR.join(filtered.paragraphs),
        paragraphs=filtered.paragraphs,
        removed=filtered.removed,
        title=title,
        author=author,
        date=date,
        outlet=outlet,
        url=url,
        html=is_html,
    )


__all__ = [
    "Cleaned",
    "Filtered",
    "RawInput",
    "Removed",
    "classify_line",
    "clean_text",
    "decode_bytes",
    "filter_lines",
    "read_input",
]
