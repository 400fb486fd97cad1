"""Public output models: the JSON contract (``schema_version`` "1").

Field names here are the user-facing API. Keep them stable; add fields freely.
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SCHEMA_VERSION: Final = "1"

ActorKind = Literal["country", "leader", "organisation", "group"]
# PLOVER's event categories in lower case (PLOVER writes them in capitals: FIGHT), and
# "other" for summaries made before events were coded with PLOVER (the model is not
# offered it). Mapping and definitions: docs/events.md.
PloverAction = Literal[
    "agree", "consult", "support", "concede", "cooperate", "aid", "retreat",
    "investigate", "demand", "disapprove", "reject", "threaten", "protest",
    "sanction", "mobilize", "coerce", "assault", "fight",
]  # fmt: skip
Action = Literal[PloverAction, "other"]
StanceValue = Literal["supports", "rejects", "conditional", "neutral", "unclear"]


def _iso_date(value: str | None) -> str | None:
    """An ISO day, month or year that exists on the calendar ("2024-13-45" is refused)."""
    if value is None:
        return None
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and len(parts[0]) == 4
            and all(p.isascii() and p.isdigit() for p in parts)
            and all(len(p) == 2 for p in parts[1:])):  # fmt: skip
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    numbers = [int(p) for p in parts] + [1, 1]
    try:
        _date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        raise ValueError(f"{value!r} is not a date on the calendar") from None
    return value


IsoDate = Annotated[str | None, AfterValidator(_iso_date)]


class ContractModel(BaseModel):
    """The base of every public output model: unknown fields are an error, so a typo in
    a consumer's hand-built summary is caught, not carried."""

    model_config = ConfigDict(extra="forbid")


_Model = ContractModel


class Evidence(_Model):
    """An exact span of the cleaned article text: ``quote == text[start:end]``."""

    sentence_id: int = Field(description="Id of the cited sentence (1-based).")
    quote: str = Field(description="The sentence, verbatim from the cleaned text.")
    start: int = Field(ge=0, description="Character offset of the quote in the cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    context: bool = Field(
        default=False,
        description="True for an earlier sentence the cited one refers back to ('he said', "
        "'the two leaders'): it names the actor, the cited sentence states the item.",
    )


class Actor(_Model):
    name: str
    kind: ActorKind
    country_code: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-3 code; null for NATO, the EU, 'the West' and the like.",
    )


class Source(_Model):
    input: str = Field(description="Path, URL or '-' for stdin.")
    title: str | None = None
    sha256: str = Field(description="SHA-256 of the cleaned text that offsets refer to.")
    url: str | None = Field(default=None, description="The article's URL, when known.")
    outlet: str | None = Field(default=None, description="The site or publication's name.")
    published: str | None = Field(
        default=None, description="Publication date (ISO 8601), when the page says."
    )
    authors: list[str] = Field(default_factory=list, description="Bylines, when given.")


class Event(_Model):
    id: str
    description: str
    actors: list[Actor] = Field(default_factory=list)
    action: Action = Field(
        default="other", description="PLOVER event category, lower case (FIGHT → fight)."
    )
    source: Actor | None = Field(default=None, description="Who acted (PLOVER source).")
    target: Actor | None = Field(default=None, description="Acted upon (PLOVER target).")
    when: str | None = Field(default=None, description="When, in the article's words.")
    date: IsoDate = Field(
        default=None,
        description="`when` as an ISO date (YYYY-MM-DD), month (YYYY-MM) or year (YYYY), "
        "resolved against the publication date; null when the words name no date.",
    )
    where: str | None = None
    context: list[str] = Field(
        default_factory=list,
        description="PLOVER contexts its sentences name (military, diplomatic, legal, "
        "economic…), from the words (summarizer/nlp/data/plover_contexts.toml).",
    )
    evidence: list[Evidence] = Field(default_factory=list)


class Position(_Model):
    actor: Actor
    speaker: str | None = Field(default=None, description="Who stated it, if named.")
    position: str
    evidence: list[Evidence] = Field(default_factory=list)


class Stance(_Model):
    actor: Actor
    stance: StanceValue
    conditions: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class PeaceProposal(_Model):
    id: str
    proposer: Actor
    summary: str
    when: str | None = None
    stances: list[Stance] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Usage(_Model):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Provenance(_Model):
    backend: str
    model: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    created_at: datetime
    usage: Usage = Field(default_factory=Usage)
    failed_passes: list[str] = Field(
        default_factory=list,
        description="Passes whose answer never validated: their items are missing (see warnings).",
    )


class ArticleSummary(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    headline: str
    summary: str
    events: list[Event] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    peace_proposals: list[PeaceProposal] = Field(default_factory=list)
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)


__all__ = [
    "SCHEMA_VERSION",
    "Action",
    "Actor",
    "ActorKind",
    "ArticleSummary",
    "ContractModel",
    "Event",
    "Evidence",
    "PeaceProposal",
    "PloverAction",
    "Position",
    "Provenance",
    "Source",
    "Stance",
    "StanceValue",
    "Usage",
]
