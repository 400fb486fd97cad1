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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.actors import actor_key, as_state_actor, resolve_actor
from summarizer.article import Article, Sentence
from summarizer.briefing.merge import similarity, words
from summarizer.errors import ArticleTooLong
from summarizer.extraction.schemas import LLMEvent, LLMPosition, LLMProposal, LLMStance
from summarizer.grounding import SupportProblem

if TYPE_CHECKING:
    from summarizer.backends.client import ChatClient
    from summarizer.extraction.extract import Extraction, Passes

OVERLAP = 2  # sentences each window repeats from the one before
# Room kept beside a window's prompt and answer for one re-ask, which sends the answer
# and the validation errors back (answers run 300-700 tokens; errors a few lines).
REASK_TOKENS = 1024
EVENT_MATCH = 0.5  # Jaccard of two events' description words that makes them one
PROPOSAL_MATCH = 0.4  # … of two proposals' summaries, from the same proposer


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


def prompt_tokens(article: Article, passes: Passes) -> int:
    """The estimated prompt of the longest pass over ``article`` (a window or whole)."""
    from summarizer.extraction.extract import CHARS_PER_TOKEN, PROMPT_NAME, build_messages
    from summarizer.extraction.prompts import load_prompt
    from summarizer.extraction.schemas import MULTI_PASSES, article_actors

    prompt = load_prompt(PROMPT_NAME)
    actors = article_actors(article)
    names = MULTI_PASSES if passes == "multi" else ("single",)
    chars = max(
        sum(len(m["content"]) for m in build_messages(article, name, prompt, actors))
        for name in names
    )
    return int(chars / CHARS_PER_TOKEN)


def plan_windows(
    article: Article, context_tokens: int, *, passes: Passes = "multi", overlap: int = OVERLAP
) -> list[Window]:
    """Windows of whole sentences covering the article in order, each overlapping the one
    before by ``overlap`` sentences, each of whose prompts (instructions, actor list,
    numbered sentences) plus the answer and a re-ask fits ``context_tokens``. One window
    when the whole article fits as ``check_fits`` counts it. Raises ArticleTooLong when a
    single sentence, or the instructions alone, cannot fit a window."""
    from summarizer.extraction.extract import CHARS_PER_TOKEN, MAX_TOKENS, check_fits

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
    from summarizer.extraction.extract import actor_lines
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
        from summarizer.extraction.extract import CHARS_PER_TOKEN

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


# --- extraction over windows -----------------------------------------------------------


def extract_in_windows(
    article: Article,
    client: ChatClient,
    context_tokens: int,
    *,
    passes: Passes,
    progress: Callable[[str], None] | None = None,
    **options: Any,
) -> Extraction | None:
    """The passes over each window in order, merged; None when the article fits whole
    (the caller reads it at once)."""
    from summarizer.extraction.extract import extract

    plan = plan_windows(article, context_tokens, passes=passes)
    if len(plan) == 1:
        return None
    if progress:
        progress(
            f"the article ({len(article.sentences)} sentences) does not fit the model's "
            f"context of {context_tokens:,} tokens: reading it in {len(plan)} windows"
        )
    parts: list[tuple[Window, Extraction]] = []
    for window in plan:
        say = (lambda m, w=window: progress(f"{w.label}: {m}")) if progress else None
        view = window_view(article, window)
        parts.append((window, extract(view, client, passes=passes, progress=say, **options)))
    return merge_extractions(parts)


def merge_extractions(parts: Sequence[tuple[Window, Extraction]]) -> Extraction:
    """One Extraction from the windows' (in article order). Pass names in ``passes``,
    ``failed``, ``reasks`` and ``salvaged`` carry their window: ``positions (window 2/5)``."""
    from summarizer.extraction.extract import Extraction

    out = Extraction(prompt_version=parts[0][1].prompt_version if parts else "")
    names: list[str] = []
    for window, part in parts:
        names += [f"{name} ({window.label})" for name in part.passes]
        out.failed.update({f"{k} ({window.label})": v for k, v in part.failed.items()})
        out.reasks.update({f"{k} ({window.label})": v for k, v in part.reasks.items()})
        out.salvaged.update(f"{k} ({window.label})" for k in part.salvaged)
        out.dropped.extend(_in_window(p, window) for p in part.dropped)
        out.notes += [n for n in part.notes if n not in out.notes]
        if not out.headline and part.headline:
            out.headline, out.summary = part.headline, part.summary
        out.events = merge_events(out.events, part.events)
        out.positions = merge_positions(out.positions, part.positions)
        out.peace_proposals = merge_proposals(out.peace_proposals, part.peace_proposals)
    out.passes = tuple(names)
    if parts:
        n = parts[0][0].count
        last = parts[-1][0].last
        out.notes.append(
            f"the article is longer than the model's context: it was read in {n} windows "
            f"of whole sentences (1-{last}, each overlapping the one before by {OVERLAP}) "
            "and their items merged; the headline and summary are the first window's"
        )
    return out


def _in_window(problem: SupportProblem, window: Window) -> SupportProblem:
    """A pass that gave nothing says which window it was ("pass positions (window 3/4):
    the model's answer was cut off…"); dropped items need not: their ids are global."""
    if problem.kind != "pass":
        return problem
    named = f"{problem.label} ({window.label})"
    return replace(
        problem,
        label=named,
        message=problem.message.replace(problem.label, named, 1),
        finding=problem.finding.replace(problem.label, named, 1),
    )


def _ids(*lists: Sequence[int]) -> list[int]:
    return sorted({i for ids in lists for i in ids})


Item = TypeVar("Item", LLMEvent, LLMPosition, LLMProposal, LLMStance)


def _unite(old: Item, new: Item, **update: Any) -> Item:
    """``old`` citing the sentences of both (and the context sentences of both, for
    items that carry them), with ``update`` applied."""
    ids = _ids(old.sentence_ids, new.sentence_ids)
    out = old.model_copy(update={"sentence_ids": ids, **update})
    context = getattr(old, "_context_ids", None)
    if context is not None:
        more = getattr(new, "_context_ids", None) or []
        setattr(out, "_context_ids", [i for i in _ids(context, more) if i not in ids])  # noqa: B010
    return out


def _key(name: str) -> str:
    return actor_key(as_state_actor(resolve_actor(name)))


def merge_events(merged: list[LLMEvent], new: list[LLMEvent]) -> list[LLMEvent]:
    """Add ``new`` events; one that is already there (same action and a shared sentence,
    or the same actors described in the same words) adds its sentences to it instead."""
    out = list(merged)
    for event in new:
        at = next((i for i, e in enumerate(out) if _same_event(e, event)), None)
        if at is None:
            out.append(event)
            continue
        e = out[at]
        out[at] = _unite(e, event, when=e.when or event.when, where=e.where or event.where)
    return out


def _same_event(a: LLMEvent, b: LLMEvent) -> bool:
    if a.action == b.action and set(a.sentence_ids) & set(b.sentence_ids):
        return True
    same_actors = {_key(x) for x in a.actors} == {_key(x) for x in b.actors}
    return same_actors and similarity(words(a.description), words(b.description)) >= EVENT_MATCH


def merge_positions(merged: list[LLMPosition], new: list[LLMPosition]) -> list[LLMPosition]:
    """One position per actor (a leader speaks for the country): sentences united, the
    text and the speaker first given kept."""
    out = list(merged)
    for position in new:
        key = _key(position.actor)
        at = next((i for i, p in enumerate(out) if _key(p.actor) == key), None)
        if at is None:
            out.append(position)
            continue
        p = out[at]
        out[at] = _unite(p, position, speaker=p.speaker or position.speaker)
    return out


def merge_proposals(merged: list[LLMProposal], new: list[LLMProposal]) -> list[LLMProposal]:
    """One proposal per plan: the same proposer, and a shared sentence or a summary in the
    same words. Its stances merge per actor."""
    out = list(merged)
    for proposal in new:
        at = next((i for i, p in enumerate(out) if _same_proposal(p, proposal)), None)
        if at is None:
            out.append(proposal)
            continue
        p = out[at]
        out[at] = _unite(p, proposal, when=p.when or proposal.when,
                         stances=merge_stances(p.stances, proposal.stances))  # fmt: skip
    return out


def _same_proposal(a: LLMProposal, b: LLMProposal) -> bool:
    if _key(a.proposer) != _key(b.proposer):
        return False
    if set(a.sentence_ids) & set(b.sentence_ids):
        return True
    return similarity(words(a.summary), words(b.summary)) >= PROPOSAL_MATCH


_VAGUE = ("unclear", "neutral")


def merge_stances(merged: list[LLMStance], new: list[LLMStance]) -> list[LLMStance]:
    """One stance per actor: sentences united; a definite stance (supports, rejects,
    conditional) wins over neutral or unclear, otherwise the first given stays."""
    out = list(merged)
    for stance in new:
        key = _key(stance.actor)
        at = next((i for i, s in enumerate(out) if _key(s.actor) == key), None)
        if at is None:
            out.append(stance)
            continue
        s = out[at]
        better = s.stance in _VAGUE and stance.stance not in _VAGUE
        out[at] = _unite(
            s, stance, stance=stance.stance if better else s.stance,
            conditions=(stance.conditions if better else s.conditions) or s.conditions
            or stance.conditions,
        )  # fmt: skip
    return out


__all__ = [
    "OVERLAP",
    "Window",
    "WindowArticle",
    "extract_in_windows",
    "merge_extractions",
    "plan_windows",
    "window_view",
]
