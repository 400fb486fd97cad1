"""Long articles: windows of whole sentences that fit the model's context, and the merge
of what the windows gave.

An article whose numbered sentences, instructions and answer do not fit the model's
context is read in windows: runs of whole sentences, each overlapping the one before by
``OVERLAP`` sentences, planned from the same estimate as ``check_fits`` (characters /
``CHARS_PER_TOKEN``). A window is a view of the article (:class:`WindowArticle`): its
sentences keep their global ids and their offsets into the whole text, so schemas,
support checks and evidence work unchanged and every quote is cut from the full text.

Each window runs the usual passes; :func:`merge_extractions` then joins the answers:
one position per actor (evidence united, the text first given), events reported twice
(in the overlap, or again later) once, proposals by proposer and shared evidence or
summary, stances per actor. The headline and summary are the first window's: news puts
what the article is about first (and a combining call would cost another model call).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from summarizer.document.article import Article, Sentence
from summarizer.errors import ArticleTooLong
from summarizer.extraction.messages import (
    CHARS_PER_TOKEN,
    MAX_TOKENS,
    Passes,
    actor_lines,
    check_fits,
    prompt_tokens,
)

OVERLAP = 2  # sentences each window repeats from the one before
# Room kept beside a window's prompt and answer for one re-ask, which sends the answer
# and the validation errors back (answers run 300-700 tokens; errors a few lines).
REASK_TOKENS = 1024


@dataclass(frozen=True)
class Window:
    index: int  # 1-based
    count: int  # windows in the plan
    first: int  # first sentence id (global)
    last: int  # last sentence id (global), inclusive

    @property
    def label(self) -> str:
        return f"window {self.index}/{self.count}"


@dataclass(frozen=True)
class WindowArticle(Article):
    """One window of an article: the window's sentences, with their global ids and their
    offsets into the whole text (``text`` is the whole article's)."""

    total_sentences: int = 0  # in the whole article

    def sentence(self, sentence_id: int) -> Sentence | None:
        if not self.sentences:
            return None
        index = sentence_id - self.sentences[0].id
        return self.sentences[index] if 0 <= index < len(self.sentences) else None


def window_view(article: Article, window: Window) -> WindowArticle:
    values = {f.name: getattr(article, f.name) for f in fields(Article)}
    values["sentences"] = article.sentences[window.first - 1 : window.last]
    return WindowArticle(**values, total_sentences=len(article.sentences))


# --- planning ------------------------------------------------------------------------


def plan_windows(
    article: Article, context_tokens: int, *, passes: Passes = "multi", overlap: int = OVERLAP
) -> list[Window]:
    """Windows of whole sentences covering the article in order, each overlapping the one
    before by ``overlap`` sentences, each of whose prompts (instructions, actor list,
    numbered sentences) plus the answer and a re-ask fits ``context_tokens``. One window
    when the whole article fits as ``check_fits`` counts it. Raises ArticleTooLong when a
    single sentence, or the instructions alone, cannot fit a window."""

    n = len(article.sentences)
    try:
        check_fits(article, context_tokens, passes=passes)  # the rule --no-chunk applies
        return [Window(1, 1, 1, n)]
    except ArticleTooLong:
        pass
    budget = context_tokens - MAX_TOKENS - REASK_TOKENS  # for each window's prompt
    empty = window_view(article, Window(1, 1, 1, 0))  # no sentences: the instructions
    fixed = prompt_tokens(empty, passes)
    # The actor list changes with the window; the whole article's list (the most
    # mentioned actors, up to the cap) is the first guess, checked below per window.
    actor_chars = _actor_chars(article)
    lines = [len(f"[{s.id}] {s.text}\n") for s in article.sentences]
    room = int((budget - fixed) * CHARS_PER_TOKEN) - actor_chars
    for _ in range(8):
        if room <= 0:
            raise ArticleTooLong(
                f"{article.source}: the instructions alone need about {fixed:,} tokens; "
                f"with the answer they leave no room for the article in the model's "
                f"context of {context_tokens:,} tokens",
                hint="use a model with a longer context (--backend openai; set "
                "context_tokens for its window)",
            )
        spans = _balanced(article, lines, room, overlap, context_tokens)
        plan = [Window(i, len(spans), a + 1, b + 1) for i, (a, b) in enumerate(spans, start=1)]
        over = max(prompt_tokens(window_view(article, w), passes) - budget for w in plan)
        if over <= 0:
            return plan
        room -= int((over + 16) * CHARS_PER_TOKEN)  # this window's actors took more room
    raise ArticleTooLong(  # pragma: no cover - the loop shrinks the room each time
        f"{article.source}: could not plan windows that fit {context_tokens:,} tokens"
    )


def _actor_chars(article: Article) -> int:
    from summarizer.extraction.schemas import article_actors

    return len(actor_lines(article_actors(article)))


def _balanced(
    article: Article, lines: list[int], room: int, overlap: int, context_tokens: int
) -> list[tuple[int, int]]:
    """Greedy windows (0-based, inclusive) of at most ``room`` characters, then the
    smallest room that still needs as many windows, so they come out about even rather
    than a full run and a scrap at the end."""
    too_big = next((i for i, n in enumerate(lines) if n > room), None)
    if too_big is not None:
        s = article.sentences[too_big]
        raise ArticleTooLong(
            f"{article.source}: sentence {s.id} alone ({len(s.text):,} characters, about "
            f"{int(len(s.text) / CHARS_PER_TOKEN):,} tokens) is longer than a window of "
            f"the model's context ({context_tokens:,} tokens with the instructions and "
            "the answer) can hold",
            hint="use a model with a longer context (--backend openai; set context_tokens "
            "for its window)",
        )
    spans = _greedy(lines, room, overlap)
    low, high = max(lines), room
    while low < high:
        mid = (low + high) // 2
        if len(_greedy(lines, mid, overlap)) <= len(spans):
            high = mid
        else:
            low = mid + 1
    return _greedy(lines, high, overlap)


def _greedy(lines: list[int], room: int, overlap: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        size, end = 0, start
        while end < len(lines) and size + lines[end] <= room:
            size += lines[end]
            end += 1
        spans.append((start, end - 1))
        if end >= len(lines):
            return spans
        start = max(end - overlap, start + 1)
