"""The items two windows of one article both gave, made one: one position per actor
(evidence united, the text first given), an event reported twice once, proposals by
proposer and shared evidence or summary, stances per actor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from summarizer.extraction.schemas import LLMEvent, LLMPosition, LLMProposal, LLMStance
from summarizer.nlp.actors import key_of
from summarizer.nlp.overlap import similarity, words

_VAGUE = ("unclear", "neutral")

EVENT_MATCH = 0.5  # Jaccard of two events' description words that makes them one
PROPOSAL_MATCH = 0.4  # … of two proposals' summaries, from the same proposer


def _ids(*lists: Sequence[int]) -> list[int]:
    return sorted({i for ids in lists for i in ids})


Item = TypeVar("Item", LLMEvent, LLMPosition, LLMProposal, LLMStance)


def _unite(old: Item, new: Item, **update: Any) -> Item:
    """``old`` citing the sentences of both (and the context sentences of both, for
    items that carry them), with ``update`` applied."""
    ids = _ids(old.sentence_ids, new.sentence_ids)
    out = old.model_copy(update={"sentence_ids": ids, **update})
    out.set_context(_ids(old.context_ids, new.context_ids))
    return out


def merge_events(merged: list[LLMEvent], new: list[LLMEvent]) -> list[LLMEvent]:
    """Add ``new`` events; one that is already there (same action and a shared sentence,
    or the same actors described in the same words) adds its sentences to it instead."""
    out = list(merged)
    for event in new:
        at = next((i for i, e in enumerate(out) if _same_event(e, event)), None)
        if at is None:
            out.append(event)
            continue
        e = out[at]
        out[at] = _unite(e, event, when=e.when or event.when, where=e.where or event.where)
    return out


def _same_event(a: LLMEvent, b: LLMEvent) -> bool:
    if a.action == b.action and set(a.sentence_ids) & set(b.sentence_ids):
        return True
    same_actors = {key_of(x) for x in a.actors} == {key_of(x) for x in b.actors}
    return same_actors and similarity(words(a.description), words(b.description)) >= EVENT_MATCH


def merge_positions(merged: list[LLMPosition], new: list[LLMPosition]) -> list[LLMPosition]:
    """One position per actor (a leader speaks for the country): sentences united, the
    text and the speaker first given kept."""
    out = list(merged)
    for position in new:
        key = key_of(position.actor)
        at = next((i for i, p in enumerate(out) if key_of(p.actor) == key), None)
        if at is None:
            out.append(position)
            continue
        p = out[at]
        out[at] = _unite(p, position, speaker=p.speaker or position.speaker)
    return out


def merge_proposals(merged: list[LLMProposal], new: list[LLMProposal]) -> list[LLMProposal]:
    """One proposal per plan: the same proposer, and a shared sentence or a summary in the
    same words. Its stances merge per actor."""
    out = list(merged)
    for proposal in new:
        at = next((i for i, p in enumerate(out) if _same_proposal(p, proposal)), None)
        if at is None:
            out.append(proposal)
            continue
        p = out[at]
        out[at] = _unite(p, proposal, when=p.when or proposal.when,
                         stances=merge_stances(p.stances, proposal.stances))  # fmt: skip
    return out


def _same_proposal(a: LLMProposal, b: LLMProposal) -> bool:
    if key_of(a.proposer) != key_of(b.proposer):
        return False
    if set(a.sentence_ids) & set(b.sentence_ids):
        return True
    return similarity(words(a.summary), words(b.summary)) >= PROPOSAL_MATCH


def merge_stances(merged: list[LLMStance], new: list[LLMStance]) -> list[LLMStance]:
    """One stance per actor: sentences united; a definite stance (supports, rejects,
    conditional) wins over neutral or unclear, otherwise the first given stays."""
    out = list(merged)
    for stance in new:
        key = key_of(stance.actor)
        at = next((i for i, s in enumerate(out) if key_of(s.actor) == key), None)
        if at is None:
            out.append(stance)
            continue
        s = out[at]
        better = s.stance in _VAGUE and stance.stance not in _VAGUE
        out[at] = _unite(
            s, stance, stance=stance.stance if better else s.stance,
            conditions=(stance.conditions if better else s.conditions) or s.conditions
            or stance.conditions,
        )  # fmt: skip
    return out
