"""What the briefing renderers (Markdown and HTML) share: numbered citations [n] →
(source, sentence, quote), the timeline sorted by date, the actors × proposals stance
grid, how each source is named, and the pipeline's warnings in plain words.

Only what is displayed is sorted or reworded here: the Briefing itself (and so the
JSON, and what the executive summary was asked about) keeps its merge order and ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from urllib.parse import urlsplit

from summarizer.models import Actor
from summarizer.models.briefing import (
    Briefing,
    BriefSource,
    Citation,
    Period,
    ProposalRow,
    StanceCell,
    TimelineEntry,
)
from summarizer.nlp.actors import actor_key
from summarizer.renderers.plain_words import plain_warning


class Citations:
    def __init__(self, briefing: Briefing) -> None:
        self.titles = {s.id: s.title or s.input for s in briefing.sources}
        self.numbers: dict[tuple[str, int], int] = {}
        self.items: list[Citation] = []

    def number(self, c: Citation) -> int:
        k = (c.source, c.sentence_id)
        if k not in self.numbers:
            self.items.append(c)
            self.numbers[k] = len(self.items)
        return self.numbers[k]

    def numbers_for(self, citations: list[Citation]) -> list[int]:
        return sorted({self.number(c) for c in citations})


# --- dates and the timeline -------------------------------------------------------------


def period_text(p: Period | None) -> str:
    """'2024-05-16', or '2024-05-14 – 2024-05-16'; '' when no date is known."""
    if p is None:
        return ""
    return p.start if p.start == p.end else f"{p.start} – {p.end}"


_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def iso_date(text: str | None) -> str | None:
    """``text`` itself when it is an ISO calendar date, YYYY-MM-DD or YYYY-MM, else None
    ('Monday', 'mid-May', '2024-13-01' are not)."""
    m = _ISO.match((text or "").strip())
    if not m:
        return None
    try:
        date(int(m[1]), int(m[2]), int(m[3] or 1))
    except ValueError:
        return None
    return m[0]


@dataclass(frozen=True)
class TimelineRow:
    entry: TimelineEntry
    date: str | None  # what the row is placed by: an ISO day, month or year; None undated
    dated_by: str  # "event" (its own resolved date), "reported" (its source's) or ""

    @property
    def when(self) -> str:
        """The event's own `when` text, as the summary gave it ('' when none)."""
        return (self.entry.when or "").strip()

    @property
    def reported(self) -> str | None:
        """The publication date to show beside (or instead of) `when`: only when the row
        is not placed by its own date."""
        return self.entry.reported if self.dated_by != "event" else None

    @property
    def who(self) -> str:
        """ "Russia → Ukraine", "Russia", "→ Ukraine" or "" (names, not codes)."""
        source, target = self.entry.source, self.entry.target
        if source and target:
            return f"{source.name} → {target.name}"
        if source:
            return source.name
        return f"→ {target.name}" if target else ""


def timeline_rows(b: Briefing, *, background: bool | None = None) -> list[TimelineRow]:
    """The timeline by date: an event's own resolved date (``date``, or an ISO ``when``
    in briefings written before it), else the publication date of its first source, else
    undated at the end; ties keep the briefing's order. No date is made up.
    ``background`` True or False keeps only the background rows or only the others."""
    rows = []
    for t in b.timeline:
        if background is not None and t.background != background:
            continue
        own = t.date or iso_date(t.when)
        if own:
            rows.append(TimelineRow(t, own, "event"))
        elif t.reported:
            rows.append(TimelineRow(t, t.reported, "reported"))
        else:
            rows.append(TimelineRow(t, None, ""))
    order = {r.entry.id: i for i, r in enumerate(rows)}
    return sorted(rows, key=lambda r: (r.date is None, r.date or "", order[r.entry.id]))


@dataclass(frozen=True)
class StripDot:
    row: TimelineRow
    x: float  # 0…1 along the strip
    level: int  # 0, 1, 2… for dots that share a date


def strip_dots(rows: list[TimelineRow]) -> list[StripDot]:
    """Dated rows placed along a line from the first date to the last; empty unless at
    least two different dates are known."""
    dated = [r for r in rows if r.date]
    days = {r.date: _ordinal(r.date) for r in dated if r.date}
    if len(set(days.values())) < 2:
        return []
    lo, hi = min(days.values()), max(days.values())
    seen: dict[str, int] = {}
    dots = []
    for r in dated:
        assert r.date is not None
        level = seen.get(r.date, 0)
        seen[r.date] = level + 1
        dots.append(StripDot(r, (days[r.date] - lo) / (hi - lo), level))
    return dots


def _ordinal(iso: str) -> int:
    parts = [int(p) for p in iso.split("-")] + [1, 1]  # a year or a month: its first day
    return date(parts[0], parts[1], parts[2]).toordinal()


# --- the stance grid --------------------------------------------------------------------


@dataclass
class StanceGrid:
    """Actors (rows, in order of first reaction) × proposals (columns)."""

    proposals: list[ProposalRow]
    actors: list[Actor] = field(default_factory=list)
    cells: dict[tuple[str, str], StanceCell] = field(default_factory=dict)

    def cell(self, actor: Actor, proposal: ProposalRow) -> StanceCell | None:
        return self.cells.get((actor_key(actor), proposal.id))


def stance_grid(b: Briefing) -> StanceGrid:
    grid = StanceGrid(proposals=list(b.proposals))
    known: set[str] = set()
    for row in b.proposals:
        for cell in row.stances:
            k = actor_key(cell.actor)
            if k not in known:
                known.add(k)
                grid.actors.append(cell.actor)
            grid.cells[(k, row.id)] = cell
    return grid


@dataclass
class ActsMatrix:
    """Who acted on whom: sources (rows) × targets (columns), the timeline entries of each
    pair (background aside), actors in order of first appearance."""

    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    entries: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def ids(self, source: Actor, target: Actor) -> list[str]:
        return self.entries.get((actor_key(source), actor_key(target)), [])


def acts_matrix(b: Briefing) -> ActsMatrix:
    m = ActsMatrix()
    seen_s: set[str] = set()
    seen_t: set[str] = set()
    for t in b.timeline:
        if t.background or t.source is None or t.target is None:
            continue
        ks, kt = actor_key(t.source), actor_key(t.target)
        if ks == kt:
            continue  # an actor acting on itself says nothing about whom
        if ks not in seen_s:
            seen_s.add(ks)
            m.sources.append(t.source)
        if kt not in seen_t:
            seen_t.add(kt)
            m.targets.append(t.target)
        m.entries.setdefault((ks, kt), []).append(t.id)
    return m


STANCE_SYMBOLS = {
    "supports": "✓",
    "rejects": "✗",
    "conditional": "◐",
    "neutral": "○",
    "unclear": "?",
    "disputed": "⚠",
}


# --- sources ----------------------------------------------------------------------------

_WEB = re.compile(r"^https?://\S+$", re.I)


def source_link(s: BriefSource) -> str | None:
    """An http(s) address for the source, never anything else (javascript:, file:…)."""
    for candidate in (s.url, s.input):
        if candidate and _WEB.match(candidate.strip()):
            return candidate.strip()
    return None


def source_name(s: BriefSource) -> str:
    """A short name for lists and notes: the outlet, else the web site's host, else the
    input's file name, else the title."""
    if s.outlet:
        return s.outlet
    link = source_link(s)
    host = urlsplit(link).hostname if link else None
    if host:
        return host.removeprefix("www.")
    return PurePath(s.input).name or s.title or s.input


# --- warnings in plain words ------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    source: BriefSource | None  # the source the warning is about, when one is
    text: str  # plain words
    raw: str  # the pipeline's own wording, for experts


def notes(b: Briefing) -> list[Note]:
    """The briefing's warnings in plain words, each tied to its source when it names one
    (the briefing prefixes a source's warnings with its input)."""
    by_input = sorted(b.sources, key=lambda s: -len(s.input))
    out = []
    for w in b.warnings:
        src = next((s for s in by_input if w.startswith(f"{s.input}: ")), None)
        rest = w[len(src.input) + 2 :] if src else w
        out.append(Note(src, plain_warning(rest), w))
    return out
