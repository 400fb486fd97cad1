"""Run extraction passes through instructor; the only module that imports instructor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from summarizer.actors import find_actors
from summarizer.article import Article
from summarizer.backends.chat import ChatCall
from summarizer.errors import ExtractionError, SummarizerError
from summarizer.extraction.prompts import load_prompt
from summarizer.extraction.schemas import (
    MULTI_PASSES,
    LLMEvent,
    LLMPosition,
    LLMProposal,
    LLMResult,
    PassName,
    build_schema,
)
from summarizer.grounding import SupportProblem

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


def prompt_version() -> str:
    return load_prompt(PROMPT_NAME).version


def actor_lines(article: Article) -> str:
    found = find_actors([(s.id, s.text) for s in article.sentences])
    ordered = sorted(found.values(), key=lambda v: (-len(v[1]), v[0].name))
    lines = [
        f"- {actor.name}: sentences {', '.join(str(i) for i in ids[:12])}"
        + (" …" if len(ids) > 12 else "")
        for actor, ids in ordered
    ]
    return "\n".join(lines) or "- (none found)"


def build_messages(article: Article, pass_name: PassName) -> list[dict[str, str]]:
    return load_prompt(PROMPT_NAME).render(
        pass_name,
        title=article.title or "(untitled)",
        article=article.numbered(),
        sentence_count=str(len(article.sentences)),
        actors=actor_lines(article),
    )


def extract(
    article: Article,
    chat: ChatCall,
    *,
    passes: Passes = "multi",
    max_retries: int = DEFAULT_MAX_RETRIES,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Extraction:
    chat.prompt_version = prompt_version()
    names: tuple[PassName, ...] = MULTI_PASSES if passes == "multi" else ("single",)
    out = Extraction()
    for name in names:
        if progress:
            progress(f"pass {name} ({len(article.sentences)} sentences)")
        result, dropped, reasks = run_pass(
            article, chat, name, max_retries=max_retries, strict=strict
        )
        out.dropped.extend(dropped)
        if dropped:
            out.salvaged.add(name)
        out.reasks[name] = reasks
        if hasattr(result, "headline"):
            out.headline = result.headline  # type: ignore[attr-defined]
            out.summary = result.summary  # type: ignore[attr-defined]
        out.events += result.items("events")
        out.positions += result.items("positions")
        out.peace_proposals += result.items("peace_proposals")
    return out


def run_pass(
    article: Article,
    chat: ChatCall,
    pass_name: PassName,
    *,
    max_retries: int = DEFAULT_MAX_RETRIES,
    strict: bool = False,
) -> tuple[LLMResult, list[SupportProblem], int]:
    """One pass. Validation failures are re-asked up to ``max_retries`` times by
    instructor; then unsupported items are dropped (or, with ``strict``, it fails)."""
    schema = build_schema(pass_name, article)
    create = instructor.patch(create=chat, mode=instructor.Mode.JSON_SCHEMA)
    calls_before = chat.usage.calls
    kwargs: dict[str, Any] = {
        "model": chat.model,
        "messages": build_messages(article, pass_name),
        "temperature": 0.0,
        "max_tokens": MAX_TOKENS,
        "seed": 0,
    }
    try:
        result = create(
            response_model=schema,
            context={"article": article},
            max_retries=max_retries,
            **kwargs,
        )
    except IncompleteOutputException:
        reasks = chat.usage.calls - calls_before - 1
        message = (
            f"pass {pass_name}: the model's answer was cut off at {MAX_TOKENS} tokens, "
            "so this pass gave no items"
        )
        if strict:
            raise ExtractionError(message, hint="try --passes multi or another model") from None
        empty = schema.model_construct()
        return empty, [SupportProblem("pass", 0, f"pass {pass_name}", message)], reasks
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, SummarizerError):
            raise cause from None
        reasks = chat.usage.calls - calls_before - 1
        salvaged = _salvage(article, schema, exc, strict=strict, reasks=reasks, name=pass_name)
        return salvaged, list(salvaged.dropped), reasks
    return result, [], chat.usage.calls - calls_before - 1


def _salvage(
    article: Article,
    schema: type[LLMResult],
    exc: InstructorRetryException,
    *,
    strict: bool,
    reasks: int,
    name: str,
) -> LLMResult:
    """The re-ask budget is spent: keep what is supported, report what is not."""
    last = exc.failed_attempts[-1] if exc.failed_attempts else None
    text = _completion_text(last.completion) if last is not None else None
    attempts = reasks + 1
    salvaged: LLMResult | None = None
    reason = _first_error(last.exception) if last is not None else str(exc)
    if text is not None:
        try:
            salvaged = schema.model_validate_json(
                text, context={"article": article, "lenient": True}
            )
        except ValidationError as err:
            reason = f"not valid JSON for the schema ({err.errors()[0]['msg']})"
    if salvaged is not None and salvaged.dropped:
        first = salvaged.dropped[0].warning
        more = len(salvaged.dropped) - 1
        reason = first + (f" (and {more} more)" if more else "")
    if strict:
        raise ExtractionError(
            f"pass {name}: the model's answer failed validation after {attempts} attempts: "
            f"{reason}",
            hint="drop --strict to keep the supported items, or try another model",
        ) from None
    if salvaged is not None:
        return salvaged
    # Not even the shape is right: the pass gives nothing, and says so.
    empty = schema.model_construct()
    empty._dropped = [
        SupportProblem(
            "pass", 0, f"pass {name}",
            f"pass {name}: the model's answer was {reason} after {attempts} attempts, "
            "so this pass gave no items",
        )
    ]  # fmt: skip
    return empty


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}".splitlines()[0]
    return str(exc).splitlines()[0]


def _completion_text(completion: Any) -> str | None:
    try:
        return str(completion.choices[0].message.content)
    except (AttributeError, IndexError):
        return None
