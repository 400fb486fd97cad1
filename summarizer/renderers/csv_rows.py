"""Summaries and briefings as CSV rows, for spreadsheets and pandas.

**One row per item per evidence span.** Every event, position, peace proposal and
stance gives one row for each sentence it cites, so every row's ``quote`` is exactly
``cleaned_text[start:end]`` and can be checked or highlighted on its own. Filter
``span == 1`` for one row per item; ``sentence_ids`` holds all of the item's sentence
ids in that row's source ("16;17"), ``sentence_id`` the one this row quotes. An item
without evidence still gets one row, with the evidence columns empty.

Columns (``COLUMNS``; the same for summaries and briefings):

- ``source``: the article's input (path or URL); in a briefing ``"S1: <input>"``.
- ``outlet``, ``published``: from the article's source, when known.
- ``item_id``: ``e1`` (event), the actor key (position: ``RUS``; ``RUS#2`` for a second
  position of the same actor), ``p1`` (proposal), ``p1.UKR`` (a stance on ``p1``); in a
  briefing ``T1``, ``S1:RUS`` and ``P1.UKR``.
- ``kind``: ``event``, ``position``, ``proposal`` or ``stance``.
- ``actor``, ``iso_code``: the actor's name and ISO 3166-1 alpha-3 code; an event's
  actors (and their codes) joined with ``"; "``.
- ``category``, ``event_source``, ``event_source_code``, ``event_target``,
  ``event_target_code``, ``date``, ``when``: for event rows, who did what to whom — the
  PLOVER category, the source and target actors (names and ISO codes), the event's date
  (ISO day, month or year, resolved against publication) and its ``when`` words.
- ``stance``: a stance's value (a briefing row gives its own source's value).
- ``proposal_id``, ``proposer``: for proposal and stance rows.
- ``text``: the event description, the position, the proposal summary, a stance's
  conditions (a briefing stance row says here when the sources disagree).
- ``sentence_ids``, ``span``, ``sentence_id``, ``quote``, ``start``, ``end``: see above.

The text is UTF-8 with a header row, RFC 4180 quoting (CRLF line ends) and every text
cell in double quotes. Against formula injection (OWASP's "CSV injection"), a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` — except ``quote``, which must stay exactly the article's text: it is only quoted,
so import the file with quoted fields as text (LibreOffice: "Format quoted field as
text"; Excel: Data → From Text, column type Text) when an article may start a sentence
with such a character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from summarizer.models import Actor, ArticleSummary, Evidence
from summarizer.models.briefing import Briefing, BriefSource, Citation
from summarizer.nlp.actors import actor_key

COLUMNS: tuple[str, ...] = (
    "source",
    "outlet",
    "published",
    "item_id",
    "kind",
    "actor",
    "iso_code",
    "category",
    "event_source",
    "event_source_code",
    "event_target",
    "event_target_code",
    "date",
    "when",
    "stance",
    "proposal_id",
    "proposer",
    "text",
    "sentence_ids",
    "span",
    "sentence_id",
    "quote",
    "start",
    "end",
)

Row = dict[str, Any]


def _join(values: Iterable[str | None]) -> str:
    seen: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return "; ".join(seen)


def _ids(sentence_ids: Iterable[int]) -> str:
    return ";".join(str(i) for i in dict.fromkeys(sentence_ids))


def _spans(base: Row, spans: Sequence[Evidence | Citation], all_ids: str) -> list[Row]:
    """``base`` once per span (or once with empty evidence columns)."""
    if not spans:
        return [{**base, "sentence_ids": all_ids, "span": "", "sentence_id": "", "quote": "",
                 "start": "", "end": ""}]  # fmt: skip
    return [
        {**base, "sentence_ids": all_ids, "span": n, "sentence_id": e.sentence_id,
         "quote": e.quote, "start": e.start, "end": e.end}
        for n, e in enumerate(spans, start=1)
    ]  # fmt: skip


def _actor_cells(actor: Actor) -> dict[str, str]:
    return {"actor": actor.name, "iso_code": actor.country_code or ""}


def _role_cells(event: Any) -> dict[str, str]:
    """The event's roles: category, source and target (names and codes), date, when."""
    source, target = event.source, event.target
    return {
        "category": event.action,
        "event_source": source.name if source else "",
        "event_source_code": (source.country_code or "") if source else "",
        "event_target": target.name if target else "",
        "event_target_code": (target.country_code or "") if target else "",
        "date": event.date or "",
        "when": event.when or "",
    }


def _actors_cells(actors: list[Actor]) -> dict[str, str]:
    return {
        "actor": _join(a.name for a in actors),
        "iso_code": _join(a.country_code for a in actors),
    }


class UniqueIds:
    """``RUS``, then ``RUS#2`` for a second item with the same id."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, item_id: str) -> str:
        n = self.seen.get(item_id, 0) + 1
        self.seen[item_id] = n
        return item_id if n == 1 else f"{item_id}#{n}"


def rows_for_summary(summary: ArticleSummary) -> list[Row]:
    """The CSV rows of one summary (dicts keyed by ``COLUMNS``): events, positions,
    proposals and their stances, one row per evidence span."""
    src = summary.source
    base: Row = dict.fromkeys(COLUMNS, "")
    base.update(source=src.input, outlet=src.outlet or "", published=src.published or "")
    unique = UniqueIds()
    rows: list[Row] = []
    for e in summary.events:
        row = {**base, "item_id": unique(e.id), "kind": "event", **_actors_cells(e.actors),
               **_role_cells(e), "text": e.description}  # fmt: skip
        rows += _spans(row, e.evidence, _ids(x.sentence_id for x in e.evidence))
    for p in summary.positions:
        row = {**base, "item_id": unique(actor_key(p.actor)), "kind": "position",
               **_actor_cells(p.actor), "text": p.position}  # fmt: skip
        rows += _spans(row, p.evidence, _ids(x.sentence_id for x in p.evidence))
    for pp in summary.peace_proposals:
        proposal_id = unique(pp.id)
        common = {"proposal_id": proposal_id, "proposer": pp.proposer.name}
        row = {**base, **common, "item_id": proposal_id, "kind": "proposal",
               **_actor_cells(pp.proposer), "text": pp.summary}  # fmt: skip
        rows += _spans(row, pp.evidence, _ids(x.sentence_id for x in pp.evidence))
        for st in pp.stances:
            row = {**base, **common, "item_id": unique(f"{proposal_id}.{actor_key(st.actor)}"),
                   "kind": "stance", **_actor_cells(st.actor), "stance": st.stance,
                   "text": st.conditions or ""}  # fmt: skip
            rows += _spans(row, st.evidence, _ids(x.sentence_id for x in st.evidence))
    return rows


# a cell a spreadsheet would evaluate as a formula starts with one of these
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_VERBATIM = frozenset({"quote"})  # exactly cleaned_text[start:end]: quoted, never changed


def _neutral(row: Row) -> Row:
    return {
        k: "'" + v if isinstance(v, str) and k not in _VERBATIM and v.startswith(_FORMULA) else v
        for k, v in row.items()
    }


def _write(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(COLUMNS), extrasaction="ignore", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    writer.writerows(_neutral(r) for r in rows)
    return buffer.getvalue()


def render_csv(summaries: list[ArticleSummary]) -> str:
    """Every summary's rows under one header row (see the module docstring)."""
    return _write(row for s in summaries for row in rows_for_summary(s))


def _by_source(citations: list[Citation]) -> dict[str, list[Citation]]:
    grouped: dict[str, list[Citation]] = {}
    for c in citations:
        grouped.setdefault(c.source, []).append(c)
    return grouped


def _cited_rows(
    base: Row,
    citations: list[Citation],
    sources: dict[str, Row],
    stances: dict[str, str] | None = None,
) -> list[Row]:
    """One row per citation, the source columns from the citation's source (and, for a
    stance cell, the stance that source gives)."""
    groups = _by_source(citations)
    ids = {s: _ids(c.sentence_id for c in cs) for s, cs in groups.items()}
    rows = []
    for n, c in enumerate(citations, start=1):
        rows.append({**base, **sources.get(c.source, {"source": c.source}),
                     "sentence_ids": ids[c.source], "span": n, "sentence_id": c.sentence_id,
                     "quote": c.quote, "start": c.start, "end": c.end})  # fmt: skip
        if stances is not None:
            rows[-1]["stance"] = stances.get(c.source, base["stance"])
    if not citations:
        rows = _spans(base, [], "")
    return rows


def _source_cells(source: BriefSource) -> Row:
    outlet = getattr(source, "outlet", None)  # when a briefing's sources carry them
    published = getattr(source, "published", None)
    return {"source": f"{source.id}: {source.input}", "outlet": outlet or "",
            "published": published or ""}  # fmt: skip


def rows_for_briefing(note: Briefing) -> list[Row]:
    """The CSV rows of a briefing: one per timeline citation, position statement citation
    and stance cell citation."""
    sources = {s.id: _source_cells(s) for s in note.sources}
    base: Row = dict.fromkeys(COLUMNS, "")
    rows: list[Row] = []
    for t in note.timeline:
        row = {**base, "item_id": t.id, "kind": "event", **_actors_cells(t.actors),
               **_role_cells(t), "text": t.description}  # fmt: skip
        rows += _cited_rows(row, t.citations, sources)
    for group in note.positions:
        for st in group.statements:
            row = {**base, "item_id": st.id, "kind": "position", **_actor_cells(group.actor),
                   "text": st.position}  # fmt: skip
            rows += _cited_rows(row, st.citations, sources)
    for proposal in note.proposals:
        for cell in proposal.stances:
            disputed = ""
            if cell.disagreement:
                disputed = "disputed: " + ", ".join(f"{s} {v}" for s, v in cell.by_source.items())
            row = {**base, "item_id": f"{proposal.id}.{actor_key(cell.actor)}", "kind": "stance",
                   **_actor_cells(cell.actor), "stance": cell.stance,
                   "proposal_id": proposal.id, "proposer": proposal.proposer.name,
                   "text": disputed}  # fmt: skip
            by_source: dict[str, str] = dict(cell.by_source)
            rows += _cited_rows(row, cell.citations, sources, by_source)
    return rows


def render_briefing_csv(note: Briefing) -> str:
    """A briefing's rows (``rows_for_briefing``) under the ``COLUMNS`` header."""
    return _write(rows_for_briefing(note))


__all__ = [
    "COLUMNS",
    "UniqueIds",
    "render_briefing_csv",
    "render_csv",
    "rows_for_briefing",
    "rows_for_summary",
]
