"""The briefing's executive summary: one model call whose bullets cite item ids."""

from __future__ import annotations

from typing import Any, Literal

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, Field, create_model

from summarizer.backends.chat import ChatCall
from summarizer.errors import ExtractionError, SummarizerError
from summarizer.extraction.prompts import load_prompt
from summarizer.extraction.schemas import SENTENCE

PROMPT_NAME = "brief"


class LLMBullet(BaseModel):
    text: str = Field(json_schema_extra=SENTENCE)
    refs: list[str] = Field(min_length=1, max_length=4)


def summary_schema(ids: list[str]) -> type[BaseModel]:
    ref_type: Any = Literal[tuple(ids)] if ids else str  # type: ignore[valid-type]
    bullet = create_model(
        "Bullet", __base__=LLMBullet, refs=(list[ref_type], Field(min_length=1, max_length=4))
    )
    return create_model(
        "ExecutiveSummary",
        bullets=(list[bullet], Field(min_length=3, max_length=5)),  # type: ignore[valid-type]
    )


def executive_summary(
    items: list[tuple[str, str]], chat: ChatCall, *, max_retries: int = 1
) -> list[LLMBullet]:
    """``items``: (id, text) pairs. Returns 3–5 bullets whose refs are existing ids."""
    prompt = load_prompt(PROMPT_NAME)
    chat.prompt_version = prompt.version
    listing = "\n".join(f"[{i}] {text}" for i, text in items)
    schema = summary_schema([i for i, _ in items])
    create = instructor.patch(create=chat, mode=instructor.Mode.JSON_SCHEMA)
    try:
        result = create(
            response_model=schema,
            max_retries=max_retries,
            model=chat.model,
            messages=prompt.render("summary", items=listing),
            temperature=0.0,
            max_tokens=1024,
            seed=0,
        )
    except InstructorRetryException as exc:
        if isinstance(exc.__cause__, SummarizerError):
            raise exc.__cause__ from None
        raise ExtractionError(
            f"executive summary failed validation: {str(exc).splitlines()[0]}",
            hint="use --no-llm for a rule-based summary",
        ) from None
    except IncompleteOutputException:
        raise ExtractionError(
            "executive summary was cut off at max_tokens", hint="use --no-llm"
        ) from None
    return [LLMBullet(text=b.text, refs=list(b.refs)) for b in result.bullets]  # type: ignore[attr-defined]
