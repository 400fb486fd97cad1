"""Run an extraction pass through instructor; the only module that imports instructor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import instructor
from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError

from summarizer.article import Article
from summarizer.backends.chat import ChatCall
from summarizer.errors import ExtractionError, SummarizerError
from summarizer.extraction.prompts import load_prompt
from summarizer.extraction.schemas import LLMSummary
from summarizer.grounding import SupportProblem

DEFAULT_MAX_RETRIES = 2  # re-asks after the first answer (3 calls at most per pass)
MAX_TOKENS = 2048
PROMPT_NAME = "summarize"


@dataclass
class PassResult:
    summary: LLMSummary
    dropped: list[SupportProblem] = field(default_factory=list)
    reasks: int = 0


def prompt_version() -> str:
    return load_prompt(PROMPT_NAME).version


def build_messages(article: Article) -> list[dict[str, str]]:
    prompt = load_prompt(PROMPT_NAME)
    return prompt.render(title=article.title or "(untitled)", article=article.numbered())


def run_pass(
    article: Article, chat: ChatCall, *, max_retries: int = DEFAULT_MAX_RETRIES, strict: bool = False
) -> PassResult:
    """Extract an LLMSummary. Validation failures are re-asked up to ``max_retries``
    times with instructor; then unsupported items are dropped (or, with ``strict``,
    the pass fails)."""
    chat.prompt_version = prompt_version()
    create = instructor.patch(create=chat, mode=instructor.Mode.JSON_SCHEMA)
    calls_before = chat.usage.calls
    kwargs: dict[str, Any] = {
        "model": chat.model,
        "messages": build_messages(article),
        "temperature": 0.0,
        "max_tokens": MAX_TOKENS,
        "seed": 0,
    }
    try:
        result = create(
            response_model=LLMSummary,
            context={"article": article},
            max_retries=max_retries,
            **kwargs,
        )
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, SummarizerError):
            raise cause from None
        return _salvage(article, exc, strict=strict, reasks=chat.usage.calls - calls_before - 1)
    return PassResult(summary=result, reasks=chat.usage.calls - calls_before - 1)


def _salvage(
    article: Article, exc: InstructorRetryException, *, strict: bool, reasks: int
) -> PassResult:
    """The re-ask budget is spent: keep what is supported, report what is not."""
    last = exc.failed_attempts[-1] if exc.failed_attempts else None
    text = _completion_text(last.completion) if last is not None else None
    reason = str(last.exception).splitlines()[0] if last is not None else str(exc)
    if strict or text is None:
        raise ExtractionError(
            f"the model's answer failed validation after {reasks + 1} attempts: {reason}",
            hint="try --passes multi, a larger model, or drop --strict to keep supported items",
        ) from None
    try:
        summary = LLMSummary.model_validate_json(
            text, context={"article": article, "lenient": True}
        )
    except ValidationError as err:
        raise ExtractionError(
            f"the model's answer is not valid JSON for the schema after {reasks + 1} attempts: "
            f"{err.errors()[0]['msg']}",
            hint="try again with another model (--model or --model-path)",
        ) from None
    return PassResult(summary=summary, dropped=list(summary.dropped), reasks=reasks)


def _completion_text(completion: Any) -> str | None:
    try:
        return str(completion.choices[0].message.content)
    except (AttributeError, IndexError):
        return None
