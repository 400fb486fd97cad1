"""Several ArticleSummary → the deterministic parts of a Briefing: sources, a merged
timeline, positions by country and a stance matrix."""

from __future__ import annotations

import re
from datetime import date

from summarizer.models import (
    Actor,
    ArticleSummary,
    Event,
    Evidence,
    PeaceProposal,
    StanceValue,
)
from summarizer.models.briefing import (
    BriefSource,
    Citation,
    CountryPositions,
    Period,
    ProposalRow,
    StanceCell,
    Statement,
    TimelineEntry,
)
from summarizer.nlp.actors import actor_key
from summarizer.nlp.aspect import told_as_past
from summarizer.nlp.overlap import similarity, words

MERGE_THRESHOLD = 0.2  # Jaccard similarity of content words that makes two events one


def key(actor: Actor) -> str:
    return actor_key(actor)


SENTENCE_MATCH = 0.2  # Jaccard of two cited sentences that report the same thing
SENTENCE_MIN_SHARED = 4  # … sharing at least this many content words


def same_report(a: list[Citation], b: list[Citation]) -> bool:
    """Two events cite sentences from different sources that say the same thing."""
    for ca in a:
        wa = words(ca.quote)
        for cb in b:
            wb = words(cb.quote)
            shared = len(wa & wb)
            if shared >= SENTENCE_MIN_SHARED and similarity(wa, wb) >= SENTENCE_MATCH:
                return True
    return False


def cite(source: str, evidence: list[Evidence]) -> list[Citation]:
    return [
        Citation(source=source, sentence_id=e.sentence_id, quote=e.quote, start=e.start, end=e.end)
        for e in evidence
    ]


def sources(summaries: list[ArticleSummary]) -> list[BriefSource]:
    return [
        BriefSource(
            id=f"S{i}",
            input=s.source.input,
            title=s.source.title,
            sha256=s.source.sha256,
            url=s.source.url,
            outlet=s.source.outlet,
            published=s.source.published,
        )
        for i, s in enumerate(summaries, start=1)
    ]


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: str | None) -> str | None:
    """'2024-05-16' (also from '2024-05-16T09:00:00+00:00') when ``value`` starts with a
    real calendar date, else None."""
    m = _ISO_DAY.match(value or "")
    if not m:
        return None
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return m[0]


def period(summaries: list[ArticleSummary]) -> Period | None:
    """The earliest and latest publication date of the sources, None when none is known."""
    days = sorted(d for s in summaries if (d := iso_day(s.source.published)))
    return Period(start=days[0], end=days[-1]) if days else None


def _event_words(event: Event) -> set[str]:
    return words(event.description + " " + " ".join(e.quote for e in event.evidence))


def timeline(summaries: list[ArticleSummary]) -> list[TimelineEntry]:
    """The events of every source in date order (``timeline_order``), the background
    after the rest. The same event
    from two sources appears once, citing both: either their cited sentences say the same
    thing, or they name the same actors in similar words; two events of one source that
    cite the same sentence for the same act are one. An undated event told as a state or
    an ongoing act is marked ``background``."""
    entries: list[tuple[TimelineEntry, set[str], set[str]]] = []
    for i, summary in enumerate(summaries, start=1):
        src = f"S{i}"
        reported = iso_day(summary.source.published)
        for event in summary.events:
            ew, ea = _event_words(event), {key(a) for a in event.actors}
            cited = cite(src, event.evidence)
            match = next((m for m in entries if _same_event(m, src, event, ew, ea, cited)), None)
            if match is None:
                entry = TimelineEntry(
                    id="", description=event.description, action=event.action,
                    actors=list(event.actors), source=event.source, target=event.target,
                    when=event.when, date=event.date, where=event.where, reported=reported,
                    event_ids=[f"{src}:{event.id}"], citations=cited,
                )  # fmt: skip
                entries.append((entry, ew, ea))
                continue
            entry, tw, ta = match
            entry.event_ids.append(f"{src}:{event.id}")
            entry.citations.extend(c for c in cited if c not in entry.citations)
            entry.actors.extend(a for a in event.actors if key(a) not in ta)
            entry.source = entry.source or event.source
            entry.target = entry.target or event.target
            entry.when = entry.when or event.when
            entry.date = entry.date or event.date
            entry.where = entry.where or event.where
            entry.reported = entry.reported or reported
            tw |= ew
            ta |= ea
    out = [e for e, _, _ in entries]
    for entry in out:
        entry.background = not (entry.when or entry.date) and not any(
            told_as_past(c.quote) for c in entry.citations
        )
    # the developments first, by date, then the background: ids run without gaps in each
    out = timeline_order([e for e in out if not e.background]) + timeline_order(
        [e for e in out if e.background]
    )
    for n, entry in enumerate(out, start=1):
        entry.id = f"T{n}"
    return out


def _same_event(
    match: tuple[TimelineEntry, set[str], set[str]],
    src: str,
    event: Event,
    ew: set[str],
    ea: set[str],
    cited: list[Citation],
) -> bool:
    entry, tw, ta = match
    if all(c.source != src for c in entry.citations):  # another source's report
        same_actors = not ea or not ta or bool(ea & ta)
        similar = same_actors and similarity(ew, tw) >= MERGE_THRESHOLD
        return similar or same_report(entry.citations, cited)
    mine = {(c.source, c.sentence_id) for c in entry.citations}
    return entry.action == event.action and bool(mine & {(c.source, c.sentence_id) for c in cited})


def timeline_date(entry: TimelineEntry) -> tuple[str | None, str]:
    """What an entry is placed by: its own resolved date ("event"), else the publication
    date of its first dated source ("reported"), else none (undated, at the end)."""
    if entry.date:
        return entry.date, "event"
    if entry.reported:
        return entry.reported, "reported"
    return None, ""


def timeline_order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """By date (a year or month sorts before the days inside it), undated last; ties keep
    the order of first report. No date is made up."""
    order = {id(e): i for i, e in enumerate(entries)}

    def placed(e: TimelineEntry) -> tuple[bool, str, int]:
        day, _ = timeline_date(e)
        return day is None, day or "", order[id(e)]

    return sorted(entries, key=placed)


def positions(summaries: list[ArticleSummary]) -> list[CountryPositions]:
    grouped: dict[str, CountryPositions] = {}
    for i, summary in enumerate(summaries, start=1):
        src = f"S{i}"
        for p in summary.positions:
            k = key(p.actor)
            group = grouped.setdefault(k, CountryPositions(actor=p.actor, statements=[]))
            group.statements.append(
                Statement(id=f"{src}:{k}", source=src, speaker=p.speaker, position=p.position,
                          citations=cite(src, p.evidence))
            )  # fmt: skip
    return sorted(grouped.values(), key=lambda g: (-len(g.statements), g.actor.name))


def proposals(summaries: list[ArticleSummary]) -> list[ProposalRow]:
    """Proposals merged by proposer and wording; one stance cell per actor, flagged when
    sources disagree."""
    rows: list[tuple[ProposalRow, set[str], dict[str, dict[str, object]]]] = []
    for i, summary in enumerate(summaries, start=1):
        src = f"S{i}"
        for pp in summary.peace_proposals:
            pw = words(pp.summary + " " + " ".join(e.quote for e in pp.evidence))
            found = next(
                (r for r in rows if key(r[0].proposer) == key(pp.proposer)
                 and similarity(r[1], pw) >= 0.1),
                None,
            )  # fmt: skip
            if found is None:
                row = ProposalRow(id=f"P{len(rows) + 1}", proposer=pp.proposer,
                                  summary=pp.summary, sources=[], stances=[])  # fmt: skip
                found = (row, set(), {})
                rows.append(found)
            row, rw, cells = found
            rw |= pw
            if src not in row.sources:
                row.sources.append(src)
            _add_stances(cells, src, pp)
    out = []
    for row, _, cells in rows:
        for cell in cells.values():
            by_source: dict[str, StanceValue] = cell["by_source"]  # type: ignore[assignment]
            values = set(by_source.values())
            row.stances.append(
                StanceCell(
                    actor=cell["actor"],  # type: ignore[arg-type]
                    stance=values.pop() if len(values) == 1 else "disputed",
                    by_source=by_source,
                    disagreement=len(set(by_source.values())) > 1,
                    citations=cell["citations"],  # type: ignore[arg-type]
                )
            )
        out.append(row)
    return out


def _add_stances(cells: dict[str, dict[str, object]], src: str, pp: PeaceProposal) -> None:
    for stance in pp.stances:
        k = key(stance.actor)
        cell = cells.setdefault(k, {"actor": stance.actor, "by_source": {}, "citations": []})
        cell["by_source"][src] = stance.stance  # type: ignore[index]
        cell["citations"].extend(cite(src, stance.evidence))  # type: ignore[attr-defined]
