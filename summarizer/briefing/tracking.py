"""Positions over time (``summarizer track``): the sources in date order, each actor's
statements and each proposal's stances through them, and the changes — a stance that is
not the one the source before gave, or a statement that says something the one before
did not (few content words in common)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from itertools import pairwise

from summarizer.briefing import merge
from summarizer.models import ArticleSummary
from summarizer.models.tracking import Change, Said, Track, Tracking
from summarizer.nlp.actors import actor_key, key_of
from summarizer.nlp.overlap import similarity, words

NEW_STATEMENT = 0.2  # Jaccard of two statements' content words below which one is new


def by_date(summaries: list[ArticleSummary]) -> list[ArticleSummary]:
    """Summaries by their source's publication date; undated ones last, in input order."""
    order = {id(s): i for i, s in enumerate(summaries)}
    return sorted(summaries, key=lambda s: (
        merge.iso_day(s.source.published) is None,
        merge.iso_day(s.source.published) or "", order[id(s)],
    ))  # fmt: skip


def track(
    summaries: list[ArticleSummary],
    *,
    actor: str | None = None,
    proposal: str | None = None,
    since: str | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> Tracking:
    """Every actor's positions and stances across ``summaries``; ``actor`` (a name or ISO
    code), ``proposal`` (an id like P1, or words of its summary or proposer) and ``since``
    (an ISO date: sources published on or after it; undated ones are then left out) keep
    only what matches."""
    warnings: list[str] = []
    chosen = by_date(summaries)
    if since:
        undated = [s for s in chosen if not merge.iso_day(s.source.published)]
        chosen = [s for s in chosen if (merge.iso_day(s.source.published) or "") >= since]
        if undated:
            warnings.append(f"{len(undated)} source(s) without a publication date were left "
                            "out by --since")  # fmt: skip
    sources = merge.sources(chosen)
    dates = {s.id: s.published for s in sources}
    want = key_of(actor) if actor else None
    tracks: list[Track] = []
    if proposal is None:
        for group in merge.positions(chosen):
            if want and actor_key(group.actor) != want:
                continue
            said = [Said(source=st.source, published=dates.get(st.source), text=st.position,
                         citations=st.citations) for st in group.statements]  # fmt: skip
            tracks.append(Track(actor=group.actor, said=said, changes=_new_statements(said)))
    for row in merge.proposals(chosen):
        if proposal and not _matches(proposal, row.id, row.summary, row.proposer.name):
            continue
        for cell in row.stances:
            if want and actor_key(cell.actor) != want:
                continue
            said = [
                Said(source=src, published=dates.get(src), text=value, stance=value,
                     citations=[c for c in cell.citations if c.source == src])
                for src, value in sorted(cell.by_source.items(), key=lambda kv: _n(kv[0]))
            ]  # fmt: skip
            tracks.append(Track(actor=cell.actor, proposal_id=row.id, proposal=row.summary,
                                said=said, changes=_stance_changes(said)))  # fmt: skip
    tracks.sort(key=lambda t: (-len(t.changes), -len(t.said), t.actor.name))
    return Tracking(created_at=now(), since=since, sources=sources, tracks=tracks,
                    warnings=warnings)  # fmt: skip


def _n(source_id: str) -> int:
    return int(source_id.lstrip("S") or 0)


def _matches(query: str, *fields: str) -> bool:
    q = query.strip().casefold()
    return any(q == f.casefold() or q in f.casefold() for f in fields)


def _stance_changes(said: list[Said]) -> list[Change]:
    return [
        Change(kind="stance", what=f"{a.stance} → {b.stance}", before=a, after=b)
        for a, b in pairwise(said)
        if a.stance != b.stance
    ]


def _new_statements(said: list[Said]) -> list[Change]:
    out = []
    for a, b in pairwise(said):
        before = words(a.text + " " + " ".join(c.quote for c in a.citations))
        after = words(b.text + " " + " ".join(c.quote for c in b.citations))
        if similarity(before, after) < NEW_STATEMENT:
            out.append(Change(kind="position", what="a new statement", before=a, after=b))
    return out
