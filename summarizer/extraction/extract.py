"""Extraction passes: numbered article → LLM items, each pass one structured model call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from summarizer.document.article import Article
from summarizer.errors import ExtractionError
from summarizer.extraction.merge import (
    merge_events,
    merge_positions,
    merge_proposals,
)
from summarizer.extraction.messages import MAX_TOKENS, PROMPT_NAME, Passes, build_messages
from summarizer.extraction.prompts import PromptTemplate, load_prompt
from summarizer.extraction.schemas import (
    MULTI_PASSES,
    ArticleActor,
    LLMEvent,
    LLMPosition,
    LLMProposal,
    LLMResult,
    PassName,
    article_actors,
    build_schema,
)
from summarizer.extraction.windows import OVERLAP, Window, plan_windows, window_view
from summarizer.grounding.checks import SupportProblem
from summarizer.llm.client import ChatClient
from summarizer.llm.structured_call import CallFailure, structured_call

DEFAULT_MAX_RETRIES = 1  # re-asks after the first answer (2 calls at most per pass)


@dataclass
class Extraction:
    headline: str = ""
    summary: str = ""
    events: list[LLMEvent] = field(default_factory=list)
    positions: list[LLMPosition] = field(default_factory=list)
    peace_proposals: list[LLMProposal] = field(default_factory=list)
    dropped: list[SupportProblem] = field(default_factory=list)
    reasks: dict[str, int] = field(default_factory=dict)
    salvaged: set[str] = field(default_factory=set)  # passes whose budget ran out
    failed: dict[str, str] = field(default_factory=dict)  # pass → why it gave no answer
    passes: tuple[str, ...] = ()
    prompt_version: str = ""
    notes: list[str] = field(default_factory=list)  # for the user's warnings (windows.py)


@dataclass(frozen=True)
class PassResult:
    result: LLMResult
    dropped: list[SupportProblem]
    reasks: int
    failure: str = ""  # why the pass gave no valid answer at all ("" when it did)


def extract(
    article: Article,
    client: ChatClient,
    *,
    passes: Passes = "multi",
    max_retries: int = DEFAULT_MAX_RETRIES,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    parallel: bool = False,
    context_tokens: int | None = None,
) -> Extraction:
    """The passes over one article. ``parallel`` (batch runs) sends them side by side when
    the backend serves calls in parallel; results are merged in pass order either way.
    ``context_tokens``: an article that does not fit it is read in windows (windows.py)."""
    if context_tokens:  # long articles: windows of whole sentences, merged
        windowed = extract_in_windows(article, client, context_tokens, passes=passes,
                                      progress=progress, max_retries=max_retries,
                                      strict=strict, parallel=parallel)  # fmt: skip
        if windowed is not None:
            return windowed
    prompt = load_prompt(PROMPT_NAME)
    actors = article_actors(article)  # once: the prompt and every pass's schema share it
    names: tuple[PassName, ...] = MULTI_PASSES if passes == "multi" else ("single",)
    out = Extraction(prompt_version=prompt.version, passes=names)

    def one(name: PassName) -> PassResult:
        if progress:
            progress(f"pass {name} ({len(article.sentences)} sentences)")
        return run_pass(article, client, name, prompt=prompt, actors=actors,
                        max_retries=max_retries, strict=strict)  # fmt: skip

    if parallel and len(names) > 1 and getattr(client.backend, "parallel_calls", False):
        # an endpoint that serves calls side by side gets the passes at once; results
        # are taken in pass order, so the summary is the same either way
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            results = list(pool.map(one, names))
    else:  # one model in process: in order, so each pass reuses the cached article prefix
        results = [one(name) for name in names]
    for name, done in zip(names, results, strict=True):
        out.dropped.extend(done.dropped)
        if done.failure:
            out.failed[name] = done.failure
        elif done.dropped:
            out.salvaged.add(name)
        out.reasks[name] = done.reasks
        result = done.result
        out.notes += [r.warning if r.outcome == "repair" else f"dropped {r.warning}"
                      for r in result.repairs]  # fmt: skip
        if "headline" in type(result).model_fields:
            out.headline = getattr(result, "headline", "") or ""
            out.summary = getattr(result, "summary", "") or ""
        out.events += result.items("events")
        out.positions += result.items("positions")
        out.peace_proposals += result.items("peace_proposals")
    return out


def run_pass(
    article: Article,
    client: ChatClient,
    pass_name: PassName,
    *,
    prompt: PromptTemplate | None = None,
    actors: list[ArticleActor] | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
    strict: bool = False,
) -> PassResult:
    """One pass. Validation failures are re-asked up to ``max_retries`` times; then
    unsupported items are dropped (or, with ``strict``, it fails)."""
    prompt = prompt or load_prompt(PROMPT_NAME)
    actors = article_actors(article) if actors is None else actors
    schema = build_schema(pass_name, article, actors)
    outcome = structured_call(
        client,
        schema,
        build_messages(article, pass_name, prompt, actors),
        prompt_version=prompt.version,
        context={"article": article, "say": prompt.wording()},
        max_retries=max_retries,
        max_tokens=MAX_TOKENS,
    )
    if outcome.value is not None:
        return PassResult(outcome.value, [], outcome.reasks)
    failure = outcome.failure
    assert failure is not None
    if failure.kind in ("truncated", "refused"):
        what = (
            f"the model's answer was cut off at {MAX_TOKENS} tokens"
            if failure.kind == "truncated"
            else failure.reason
        )
        message = f"pass {pass_name}: {what}, so this pass gave no items"
        if strict:
            raise ExtractionError(message, hint="try --passes multi or another model")
        empty = schema.model_construct()
        return PassResult(empty, [SupportProblem("pass", 0, f"pass {pass_name}", message)],
                          outcome.reasks, failure=message)  # fmt: skip
    salvaged = _salvage(article, schema, failure, prompt, strict=strict, name=pass_name)
    gave_nothing = [p.warning for p in salvaged.dropped if p.kind == "pass"]
    return PassResult(salvaged, list(salvaged.dropped), outcome.reasks,
                      failure=gave_nothing[0] if gave_nothing else "")  # fmt: skip


def _salvage(
    article: Article,
    schema: type[LLMResult],
    failure: CallFailure,
    prompt: PromptTemplate,
    *,
    strict: bool,
    name: str,
) -> LLMResult:
    """The re-ask budget is spent: keep what is supported, report what is not."""
    salvaged: LLMResult | None = None
    reason = failure.reason
    if failure.last_answer is not None:
        try:
            salvaged = schema.model_validate_json(
                failure.last_answer,
                context={"article": article, "say": prompt.wording(), "lenient": True},
            )
        except ValidationError as err:
            reason = f"not valid JSON for the schema ({err.errors()[0]['msg']})"
    if salvaged is not None and salvaged.dropped:
        first = salvaged.dropped[0].warning
        more = len(salvaged.dropped) - 1
        reason = first + (f" (and {more} more)" if more else "")
    if strict:
        raise ExtractionError(
            f"pass {name}: the model's answer failed validation after {failure.attempts} "
            f"attempts: {reason}",
            hint="drop --strict to keep the supported items, or try another model",
        )
    if salvaged is not None:
        return salvaged
    # Not even the shape is right: the pass gives nothing, and says so.
    empty = schema.model_construct()
    empty._dropped = [
        SupportProblem(
            "pass", 0, f"pass {name}",
            f"pass {name}: the model's answer was {reason} after {failure.attempts} attempts, "
            "so this pass gave no items",
        )
    ]  # fmt: skip
    return empty


# --- long articles: the passes over each window, merged ---------------------------


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
