"""The briefing's executive summary: one structured model call whose bullets cite item ids."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from summarizer.errors import ExtractionError
from summarizer.extraction.prompts import load_prompt
from summarizer.extraction.schemas import SENTENCE
from summarizer.llm.client import ChatClient
from summarizer.llm.structured_call import structured_call

PROMPT_NAME = "brief"


class LLMBullet(BaseModel):
    text: str = Field(json_schema_extra=SENTENCE)
    refs: list[str] = Field(min_length=1, max_length=4)


def summary_schema(ids: list[str]) -> type[BaseModel]:
    ref_type: Any = Literal[tuple(ids)] if ids else str
    bullet = create_model(
        "Bullet", __base__=LLMBullet, refs=(list[ref_type], Field(min_length=1, max_length=4))
    )
    return create_model(
        "ExecutiveSummary",
        bullets=(list[bullet], Field(min_length=3, max_length=5)),  # type: ignore[valid-type]
    )


def executive_summary(
    items: list[tuple[str, str]], client: ChatClient, *, max_retries: int = 1
) -> list[LLMBullet]:
    """``items``: (id, text) pairs. Returns 3–5 bullets whose refs are existing ids;
    raises ExtractionError when the model's answer never validates."""
    prompt = load_prompt(PROMPT_NAME)
    listing = "\n".join(f"[{i}] {text}" for i, text in items)
    outcome = structured_call(
        client,
        summary_schema([i for i, _ in items]),
        prompt.render("summary", items=listing),
        prompt_version=prompt.version,
        max_retries=max_retries,
        max_tokens=1024,
    )
    if outcome.value is None:
        failure = outcome.failure
        assert failure is not None
        raise ExtractionError(
            f"executive summary failed validation after {failure.attempts} attempts: "
            f"{failure.reason}",
            hint="use --no-llm for a rule-based summary",
        )
    bullets = getattr(outcome.value, "bullets", [])
    return [LLMBullet(text=b.text, refs=list(b.refs)) for b in bullets]
