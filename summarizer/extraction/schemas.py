"""LLM-facing schemas: what the model fills in. It cites sentence ids, never quotes.

Validators run with instructor's validation context ``{"article": Article, "lenient": bool}``.
Strict (the default): any unsupported item raises, so instructor re-asks with the
precise messages. Lenient (used once the re-ask budget is spent): unsupported items
are dropped and recorded in ``dropped`` so the caller reports them as warnings.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from summarizer.article import Article
from summarizer.grounding import SupportProblem, check_item
from summarizer.models import Action, StanceValue

SentenceIds = list[int]


class _LLM(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LLMEvent(_LLM):
    description: str = Field(description="One sentence: who did what.")
    actors: list[str] = Field(max_length=4, description="Countries, organisations or people.")
    action: Action
    when: str | None = Field(default=None, description="Date or time as stated, or null.")
    where: str | None = Field(default=None, description="Place as stated, or null.")
    sentence_ids: SentenceIds = Field(min_length=1, max_length=3)


class LLMPosition(_LLM):
    actor: str = Field(description="The country (or organisation) holding the position.")
    speaker: str | None = Field(default=None, description="Person who stated it, or null.")
    position: str = Field(description="What the actor says it wants or believes.")
    sentence_ids: SentenceIds = Field(min_length=1, max_length=3)


class LLMStance(_LLM):
    actor: str
    stance: StanceValue
    conditions: str | None = None
    sentence_ids: SentenceIds = Field(min_length=1, max_length=3)


class LLMProposal(_LLM):
    proposer: str = Field(description="Country or organisation that proposed it.")
    summary: str
    when: str | None = None
    stances: list[LLMStance] = Field(max_length=6)
    sentence_ids: SentenceIds = Field(min_length=1, max_length=3)


class LLMSummary(_LLM):
    headline: str
    summary: str = Field(description="Two or three sentences.")
    events: list[LLMEvent] = Field(max_length=8)
    positions: list[LLMPosition] = Field(max_length=8)
    peace_proposals: list[LLMProposal] = Field(max_length=3)

    _dropped: list[SupportProblem] = PrivateAttr(default_factory=list)

    @property
    def dropped(self) -> list[SupportProblem]:
        return self._dropped

    @model_validator(mode="after")
    def _check_support(self, info: ValidationInfo) -> LLMSummary:
        context: dict[str, Any] = info.context or {}
        article: Article | None = context.get("article")
        if article is None:
            return self
        lenient = bool(context.get("lenient"))
        problems: list[SupportProblem] = []

        def keep(kind: str, index: int, item: Any) -> bool:
            found = check_item(article, kind, index, item)
            problems.extend(found)
            return not found

        events = [e for i, e in enumerate(self.events) if keep("event", i, e)]
        positions = [p for i, p in enumerate(self.positions) if keep("position", i, p)]
        proposals = []
        for i, proposal in enumerate(self.peace_proposals):
            if not keep("peace_proposal", i, proposal):
                continue
            proposal.stances = [
                s
                for j, s in enumerate(proposal.stances)
                if keep(f"peace_proposals[{i}].stance", j, s)
            ]
            proposals.append(proposal)
        if problems and not lenient:
            raise ValueError(
                "Some items are not supported by the sentences they cite. Fix each one "
                "(cite a sentence that states it) or remove it:\n- "
                + "\n- ".join(p.message for p in problems)
            )
        self.events, self.positions, self.peace_proposals = events, positions, proposals
        self._dropped = problems
        return self


SCHEMA_FOR_PASS: dict[str, type[BaseModel]] = {"summarize": LLMSummary}
PassName = Literal["summarize"]
