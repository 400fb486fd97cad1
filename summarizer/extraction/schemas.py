"""LLM-facing schemas: what the model fills in. It cites sentence ids, never quotes.

Schemas are built per article: ``sentence_ids`` may only hold the article's ids, so
grammar-constrained decoding cannot cite a sentence that does not exist.

Validators run with instructor's validation context ``{"article": Article, "say": Wording,
"lenient": bool}``, where ``say`` renders the prompt file's re-ask wording.
Strict (the default): any unsupported item raises, so instructor re-asks with the
precise messages. Lenient (used once the re-ask budget is spent): unsupported items
are dropped and recorded in ``dropped`` so the caller reports them as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    model_validator,
)

from summarizer.document.article import Article
from summarizer.grounding.checks import SupportProblem, check_item, stance_from_proposal
from summarizer.grounding.cited import Cited
from summarizer.grounding.wording import Wording
from summarizer.models import Actor, PloverAction, StanceValue
from summarizer.nlp.actors import find_actors

# Decoding hints for grammar-constrained backends (schema only, not validated): a small
# model that writes a raw double quote inside a string ends the string there, so text
# fields exclude it (and raw control characters, which JSON forbids), and sentence-like
# fields must end with terminal punctuation.
# Lengths are bounded too, so a model stuck in a repetition loop cannot run to max_tokens.
# Braces and brackets are excluded too: the model otherwise leaks JSON ("sentence_ids: [16,
# 17]}, {description: …") into a description.
SENTENCE: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]]{1,300}[.!?]$'}
# Shorter bounds where the model used to copy whole sentences of the article: every
# character it writes costs generation time, and the evidence already holds the sentence.
# They also exclude "_", ":", ";" and "=", so "sentence_ids: 16, 17" or "action = visit;"
# cannot leak into the text (measured: extract-v6's drafts wrote both into descriptions).
SHORT_SENTENCE: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]_:;=]{1,160}[.!?]$'}
CLAIM: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]_:;=]{1,200}[.!?]$'}
WHEN: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]_:;=]{1,40}$'}
SUMMARY: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]]{1,450}[.!?]$'}
LINE: dict[str, Any] = {"pattern": r'^[^"\\\n\r\t{}\[\]]{1,200}$'}


def at_most(n: int) -> dict[str, Any]:
    """A bound on a list for the grammar of constrained decoding (a small model in a
    repetition loop cannot run to max_tokens), not a limit on the answer: a model that
    gives more items, or cites more sentences, keeps them all (measured: the fixed caps
    cut 16 gold events before any check in `summarizer eval --oracle`)."""
    return {"maxItems": n}


PassName = Literal["overview", "positions", "proposals", "single"]
MULTI_PASSES: tuple[PassName, ...] = ("overview", "positions", "proposals")


class _LLM(BaseModel):
    model_config = ConfigDict(extra="ignore")


# Field order is the order the model writes in: the claim first, then the sentences it
# came from (measured: with sentence_ids first, the 1.5B model cited "1, 2, 3" for
# everything and repeated one text for every actor). Fields the model must always fill
# are required, nullable where "none" is a fair answer: a grammar lets a small model skip
# optional ones, and it did.
class LLMEvent(Cited, _LLM):
    description: str = Field(
        description="One short sentence: who did what.", json_schema_extra=SHORT_SENTENCE
    )
    action: PloverAction
    source: str | None = Field(description="Who did it, from the list, or null.")
    target: str | None = Field(description="To whom, from the list, or null.")
    when: Annotated[str, WithJsonSchema({"type": "string", **WHEN})] | None = Field(
        description="Date or time as stated, or null."
    )
    sentence_ids: list[int] = Field(min_length=1, json_schema_extra=at_most(3))
    where: str | None = Field(default=None, description="Place as stated, or null.")

    @property
    def actors(self) -> list[str]:
        """Source, then target: the actors the event is about."""
        return [a for a in (self.source, self.target) if a]


class LLMPosition(Cited, _LLM):
    actor: str = Field(description="The country (or organisation) holding the position.")
    position: str = Field(
        description="One sentence naming the actor: what it wants, demands or believes.",
        json_schema_extra=CLAIM,
    )
    sentence_ids: list[int] = Field(min_length=1, json_schema_extra=at_most(3))
    speaker: str | None = Field(default=None, description="Person who stated it, or null.")


class LLMStance(Cited, _LLM):
    actor: str
    stance: StanceValue
    sentence_ids: list[int] = Field(min_length=1, json_schema_extra=at_most(3))
    conditions: str | None = None


class LLMProposal(Cited, _LLM):
    proposer: str = Field(description="Country or organisation that proposed it.")
    summary: str = Field(json_schema_extra=CLAIM)
    sentence_ids: list[int] = Field(min_length=1, json_schema_extra=at_most(3))
    when: str | None = None
    stances: list[LLMStance] = Field(json_schema_extra=at_most(6))


class LLMResult(_LLM):
    """Base of every pass's answer; all lists are optional so passes can be merged."""

    _dropped: list[SupportProblem] = PrivateAttr(default_factory=list)
    _repairs: list[SupportProblem] = PrivateAttr(default_factory=list)

    @property
    def dropped(self) -> list[SupportProblem]:
        return self._dropped

    @property
    def repairs(self) -> list[SupportProblem]:
        """Items the checks mended or removed without a re-ask (each is a warning)."""
        return self._repairs

    def items(self, name: str) -> list[Any]:
        return list(getattr(self, name, None) or [])

    @model_validator(mode="after")
    def _check_support(self, info: ValidationInfo) -> LLMResult:
        context: dict[str, Any] = info.context or {}
        article: Article | None = context.get("article")
        if article is None:
            return self
        say: Wording = context["say"]
        problems: list[SupportProblem] = []
        repairs: list[SupportProblem] = []

        def keep(kind: str, index: int, item: Any) -> bool:
            found = check_item(article, kind, index, item, say)
            problems.extend(p for p in found if p.outcome == "reask")
            repairs.extend(p for p in found if p.outcome != "reask")
            return all(p.outcome == "repair" for p in found)

        updates: dict[str, list[Any]] = {}
        if "events" in type(self).model_fields:
            updates["events"] = [
                e for i, e in enumerate(self.items("events")) if keep("event", i, e)
            ]
        if "positions" in type(self).model_fields:
            updates["positions"] = [
                p for i, p in enumerate(self.items("positions")) if keep("position", i, p)
            ]
        if "peace_proposals" in type(self).model_fields:
            proposals = []
            for i, proposal in enumerate(self.items("peace_proposals")):
                if not keep("peace_proposal", i, proposal):
                    continue
                for stance in proposal.stances:  # a reaction told in the plan's sentences
                    stance_from_proposal(article, stance, proposal.sentence_ids)
                proposal.stances = [
                    s for j, s in enumerate(proposal.stances) if keep("stance", j, s)
                ]
                proposals.append(proposal)
            updates["peace_proposals"] = proposals
        if problems and not context.get("lenient"):
            raise ValueError(say("intro") + "\n- " + "\n- ".join(p.message for p in problems))
        for name, value in updates.items():
            setattr(self, name, value)
        self._dropped = problems
        self._repairs = repairs
        return self


# Actors offered to the model: the same list feeds the prompt and the schema's enum.
MAX_ACTORS = 24


@dataclass(frozen=True)
class ArticleActor:
    actor: Actor
    sentence_ids: list[int]


def article_actors(article: Article) -> list[ArticleActor]:
    """Countries and organisations the article names, most mentioned first (computed once
    per article; the prompt lists exactly these and the schema allows exactly these)."""
    found = find_actors([(s.id, s.text) for s in article.sentences])
    ranked = sorted(found.values(), key=lambda v: (-len(v[1]), v[0].name))
    return [ArticleActor(actor, ids) for actor, ids in ranked[:MAX_ACTORS]]


def _ids_type(ids: tuple[int, ...]) -> Any:
    return Literal[ids] if ids else int


def build_schema(
    pass_name: PassName, article: Article, actors: list[ArticleActor]
) -> type[LLMResult]:
    """The response model for one pass over one article and its actor list. It depends
    only on the sentence ids (a window's start later) and the actor names, so it is built
    once for each (pass, count, names, first id) and reused: building pydantic models is
    most of a pass's CPU."""
    first = article.sentences[0].id if article.sentences else 1  # a window starts later
    return _schema(pass_name, len(article.sentences), tuple(a.actor.name for a in actors), first)


@lru_cache(maxsize=256)
def _schema(
    pass_name: PassName, sentences: int, names: tuple[str, ...], first: int = 1
) -> type[LLMResult]:
    id_type: Any = _ids_type(tuple(range(first, first + sentences)))
    ids: Any = list[id_type]
    id_field: Any = (ids, Field(min_length=1, json_schema_extra=at_most(3)))
    actor_type: Any = Literal[names] if names else str
    # typing caches unions by equality, and Literal["A", "B"] == Literal["B", "A"]: the
    # names (in order) as metadata keep another article's order out of this one's schema
    optional_actor: Any = (Annotated[actor_type, names] | None, ...)  # required, may be null
    event = create_model(
        "Event", __base__=LLMEvent, sentence_ids=id_field, source=optional_actor,
        target=optional_actor,
    )  # fmt: skip
    position = create_model(
        "Position", __base__=LLMPosition, sentence_ids=id_field, actor=(actor_type, ...)
    )
    stance = create_model("Stance", __base__=LLMStance, sentence_ids=id_field)
    proposal = create_model(
        "PeaceProposal",
        __base__=LLMProposal,
        sentence_ids=id_field,
        stances=(list[stance], Field(json_schema_extra=at_most(6))),  # type: ignore[valid-type]
    )
    fields: dict[str, Any] = {}
    if pass_name in ("overview", "single"):
        # events before the summary: written first, the model lists more of them (with
        # the summary first it wrote four sentences and then two events)
        fields["headline"] = (str, Field(json_schema_extra=LINE))
        fields["events"] = (list[event], Field(json_schema_extra=at_most(8)))  # type: ignore[valid-type]
        fields["summary"] = (str, Field(json_schema_extra=SUMMARY))
    if pass_name in ("positions", "single"):
        fields["positions"] = (list[position], Field(json_schema_extra=at_most(8)))  # type: ignore[valid-type]
    if pass_name in ("proposals", "single"):
        fields["peace_proposals"] = (
            list[proposal],  # type: ignore[valid-type]
            Field(json_schema_extra=at_most(3)),
        )
    name = {"overview": "Overview", "positions": "Positions", "proposals": "PeaceProposals",
            "single": "ArticleExtraction"}[pass_name]  # fmt: skip
    return create_model(name, __base__=LLMResult, **fields)
