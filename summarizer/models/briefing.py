"""Public briefing models: several ArticleSummary → one Briefing (``schema_version`` "1")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from summarizer.models import Action, Actor, IsoDate, StanceValue
from summarizer.models import ContractModel as _Model


class BriefSource(_Model):
    id: str = Field(description="S1, S2, … in input order.")
    input: str
    title: str | None = None
    sha256: str
    url: str | None = Field(default=None, description="The article's URL, when known.")
    outlet: str | None = Field(default=None, description="The site or publication's name.")
    published: str | None = Field(
        default=None, description="Publication date (ISO 8601), when the source says."
    )


class Period(_Model):
    """The publication dates the sources span (ISO dates, ``start <= end``)."""

    start: str
    end: str


class Citation(_Model):
    """One sentence of one source: ``quote == cleaned text of source [start:end]``."""

    source: str
    sentence_id: int
    quote: str
    start: int
    end: int


class TimelineEntry(_Model):
    id: str = Field(description="T1, T2, … in timeline order (by date).")
    description: str
    action: Action = Field(description="PLOVER event category, lower case.")
    actors: list[Actor] = Field(default_factory=list)
    source: Actor | None = Field(default=None, description="Who acted (PLOVER source).")
    target: Actor | None = Field(default=None, description="Acted upon (PLOVER target).")
    when: str | None = None
    date: IsoDate = Field(
        default=None,
        description="The event's own date, resolved by its summary: ISO day, month or year.",
    )
    where: str | None = None
    background: bool = Field(
        default=False,
        description="Told as background: undated, and not told as done (a state, an ongoing "
        "or perfect act: 'ties have strengthened', 'relies on').",
    )
    reported: str | None = Field(
        default=None,
        description="Publication date (ISO) of the first of its sources whose date is known.",
    )
    event_ids: list[str] = Field(description="Source event ids merged here, as 'S1:e2'.")
    citations: list[Citation]


class Statement(_Model):
    id: str = Field(description="Position id as 'S1:RUS'.")
    source: str
    speaker: str | None = None
    position: str
    citations: list[Citation]


class CountryPositions(_Model):
    actor: Actor
    statements: list[Statement]


class StanceCell(_Model):
    actor: Actor
    stance: StanceValue | Literal["disputed"]
    by_source: dict[str, StanceValue]
    disagreement: bool
    citations: list[Citation]


class ProposalRow(_Model):
    id: str
    proposer: Actor
    summary: str
    sources: list[str]
    stances: list[StanceCell]


class Bullet(_Model):
    text: str
    refs: list[str] = Field(description="Timeline ids (T1…) and statement ids (S1:RUS…).")
    citations: list[Citation]


class FailedInput(_Model):
    """An input the briefing could not use: it is missing from every section."""

    input: str
    error: str = Field(description="The error's class, e.g. 'ExtractionError'.")
    message: str
    exit_code: int = Field(description="The exit code the command line gives this error.")


class Briefing(_Model):
    schema_version: Literal["1"] = "1"
    title: str
    created_at: datetime
    executive_summary: list[Bullet]
    executive_summary_by: str = Field(description="'model:<backend>/<model>' or 'rules'.")
    timeline: list[TimelineEntry]
    positions: list[CountryPositions]
    proposals: list[ProposalRow]
    sources: list[BriefSource]
    period: Period | None = Field(
        default=None,
        description="Earliest and latest publication date of the sources; null if none is known.",
    )
    warnings: list[str] = Field(default_factory=list)
    failed_inputs: list[FailedInput] = Field(
        default_factory=list, description="Inputs left out because they failed."
    )
