"""Extraction passes: numbered article → LLM items, each pass one structured model call."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from summarizer.article import Article
from summarizer.backends.client import ChatClient
from summarizer.errors import ArticleTooLong, ExtractionError
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
from summarizer.grounding import SupportProblem
from summarizer.structured_call import CallFailure, structured_call

DEFAULT_MAX_RETRIES = 1  # re-asks after the first answer (2 calls at most per pass)
MAX_TOKENS = 2048
PROMPT_NAME = "extract"
Passes = Literal["single", "multi"]


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


def prompt_version() -> str:
    return load_prompt(PROMPT_NAME).version


def actor_lines(actors: list[ArticleActor]) -> str:
    lines = [
        f"- {a.actor.name}: sentences {', '.join(str(i) for i in a.sentence_ids[:12])}"
        + (" …" if len(a.sentence_ids) > 12 else "")
        for a in actors
    ]
    return "\n".join(lines) or "- (none found)"


def build_messages(
    article: Article, pass_name: PassName, prompt: PromptTemplate, actors: list[ArticleActor]
) -> list[dict[str, str]]:
    return prompt.render(
        pass_name,
        title=article.title or "(untitled)",
        article=article.numbered(),
        sentence_count=str(len(article.sentences))
        + (f" of {total}" if (total := getattr(article, "total_sentences", 0)) else ""),
        actors=actor_lines(actors),
    )


CHARS_PER_TOKEN = 4.5  # English prose through Qwen's and OpenAI's tokenizers: 4.5-5.5


def check_fits(article: Article, context_tokens: int | None, *, passes: Passes = "multi") -> None:
    """Refuse, before anything is sent, an article whose prompt and answer cannot fit
    the model's context window (estimated from characters, on the generous side)."""
    if not context_tokens:
        return
    prompt = load_prompt(PROMPT_NAME)
    name: PassName = "overview" if passes == "multi" else "single"
    messages = build_messages(article, name, prompt, article_actors(article))
    needed = int(sum(len(m["content"]) for m in messages) / CHARS_PER_TOKEN) + MAX_TOKENS
    if needed > context_tokens:
        words = len(article.text.split())
        raise ArticleTooLong(
            f"{article.source}: the article ({words:,} words) needs about {needed:,} tokens "
            f"with the instructions and the answer; the model's context holds "
            f"{context_tokens:,}",
            hint="shorten the article, or use a model with a longer context "
            "(--backend openai; set context_tokens for its window)",
        )


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
        from summarizer.extraction.windows import extract_in_windows

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
        context={"article": article, "say": prompt.reask_text},
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
                context={"article": article, "say": prompt.reask_text, "lenient": True},
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
