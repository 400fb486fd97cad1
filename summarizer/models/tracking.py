"""Positions over time: what each actor stated, and its stance on each proposal, across
articles in date order, with the changes between one and the next (``schema_version``
"1")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from summarizer.models import Actor, StanceValue
from summarizer.models import ContractModel as _Model
from summarizer.models.briefing import BriefSource, Citation


class Said(_Model):
    """One source's statement of the actor's position, or its stance on the proposal."""

    source: str = Field(description="S1, S2, … in date order.")
    published: str | None = Field(default=None, description="The source's date (ISO).")
    text: str = Field(description="The position; for a stance, its value and conditions.")
    stance: StanceValue | None = None
    citations: list[Citation]


class Change(_Model):
    kind: Literal["stance", "position"]
    what: str = Field(description="'supports → rejects', or 'a new statement'.")
    before: Said
    after: Said


class Track(_Model):
    actor: Actor
    proposal_id: str | None = Field(default=None, description="P1… for a stance track.")
    proposal: str | None = Field(default=None, description="The proposal, as first told.")
    said: list[Said] = Field(description="In the order of the sources' dates.")
    changes: list[Change] = Field(default_factory=list)


class Tracking(_Model):
    schema_version: Literal["1"] = "1"
    created_at: datetime
    since: str | None = None
    sources: list[BriefSource]
    tracks: list[Track]
    warnings: list[str] = Field(default_factory=list)
