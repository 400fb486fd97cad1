"""Article: cleaned text split into numbered sentences with exact character offsets."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field

import pysbd

from summarizer.document.cleaning import Removed, clean_text, read_input
from summarizer.document.cleaning.fetch import is_url

_MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Sentence:
    id: int  # 1-based
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    source: str
    text: str
    title: str | None
    sentences: list[Sentence]
    removed: list[Removed] = field(default_factory=list)
    author: str | None = None
    date: str | None = None  # publication date (ISO) when the page says
    outlet: str | None = None  # the site's name when the page says
    url: str | None = None  # the page's URL: the one fetched, or the page's canonical one
    html: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def sentence(self, sentence_id: int) -> Sentence | None:
        if 1 <= sentence_id <= len(self.sentences):
            return self.sentences[sentence_id - 1]
        return None

    def numbered(self) -> str:
        """The article as the model sees it: one numbered sentence a line."""
        return "\n".join(f"[{s.id}] {s.text}" for s in self.sentences)


_THREAD = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """One pysbd Segmenter per thread: it keeps the text it works on in itself, so two
    threads sharing one split each other's articles (seen in batch runs)."""
    segmenter: pysbd.Segmenter | None = getattr(_THREAD, "segmenter", None)
    if segmenter is None:
        segmenter = _THREAD.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences whose offsets are exact: ``text[s.start:s.end] == s.text``.

    pysbd finds the boundaries; offsets are recovered by searching each segment in
    order, so whatever pysbd does to whitespace never moves a quote.
    """
    sentences: list[Sentence] = []
    for paragraph_start, paragraph in _pieces(text):
        local = 0
        for segment in _segments(paragraph):
            piece = segment.strip()
            if not piece:
                continue
            found = paragraph.find(piece, local)
            if found < 0:  # pysbd changed characters: take the rest of the paragraph
                rest = paragraph[local:].strip()
                if not rest:
                    break
                found = paragraph.find(rest, local)
                piece = rest
            start = paragraph_start + found
            sentences.append(
                Sentence(id=len(sentences) + 1, start=start, end=start + len(piece), text=piece)
            )
            local = found + len(piece)
    return sentences


def _segments(paragraph: str) -> list[str]:
    """pysbd's sentences of a paragraph; a paragraph with no sentence end but the ones it
    ends with is one sentence as it stands (pysbd costs ~0.5 ms a call: 100,000 short
    lines took 75 s)."""
    body = paragraph.strip()
    if body and not any(c in body.rstrip(".!?…") for c in ".!?…;\n"):
        return [body]
    return list(_segmenter().segment(paragraph))


# pysbd's abbreviation pass is quadratic in the length of what it is given: a 280 KB line
# took 24 s, a 2 MB one never finished. Long paragraphs are cut first, at a sentence end
# where one is near, else at a space, into pieces pysbd handles in milliseconds.
_PIECE = 2000
_SENTENCE_END = re.compile(r"""[.!?]["”’)\]]?\s+(?=["“‘(\[]?[A-Z0-9])""")


def _pieces(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for start, paragraph in _paragraphs(text):
        if len(paragraph) <= 2 * _PIECE:
            out.append((start, paragraph))
            continue
        at = 0
        while at < len(paragraph):
            end = at + _PIECE
            if end >= len(paragraph):
                out.append((start + at, paragraph[at:]))
                break
            window_start = at + _PIECE // 2
            cut = 0
            for match in _SENTENCE_END.finditer(paragraph, window_start, end):
                cut = match.end()
            if not cut:
                space = paragraph.rfind(" ", window_start, end)
                cut = space + 1 if space > 0 else end
            out.append((start + at, paragraph[at:cut]))
            at = cut
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _guess_title(paragraphs: list[str]) -> str | None:
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    if len(first) <= _MAX_TITLE_CHARS and not first.rstrip().endswith((".", "?", "!", ":")):
        return first
    return None


def article_from_text(text: str, source: str = "-", *, keep_boilerplate: bool = False) -> Article:
    """Clean plain text or HTML (detected by content) into an Article."""
    cleaned = clean_text(text, source, keep_boilerplate=keep_boilerplate)
    return Article(
        source=source,
        text=cleaned.text,
        title=cleaned.title or _guess_title(cleaned.paragraphs),
        sentences=split_sentences(cleaned.text),
        removed=cleaned.removed,
        author=cleaned.author,
        date=cleaned.date,
        outlet=cleaned.outlet,
        url=source if is_url(source) else cleaned.url,
        html=cleaned.html,
    )


def load_article(
    source: str, *, keep_boilerplate: bool = False, allow_private_urls: bool = True
) -> Article:
    raw = read_input(source, allow_private_urls=allow_private_urls)
    return article_from_text(raw.text, raw.source, keep_boilerplate=keep_boilerplate)
