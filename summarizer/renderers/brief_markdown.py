"""Briefing → Markdown that renders cleanly on GitHub: the sources' period, a timeline
sorted by date, an actors × proposals stance grid, sources with outlet, date and link,
numbered citations, and the pipeline's warnings in plain words at the end."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.models.briefing import Briefing, BriefSource, Citation
from summarizer.renderers.citations import (
    STANCE_SYMBOLS,
    Citations,
    TimelineRow,
    acts_matrix,
    notes,
    period_text,
    source_link,
    source_name,
    stance_grid,
    timeline_rows,
)
from summarizer.renderers.markdown_text import md, md_code
from summarizer.renderers.markdown_text import md_actor as _actor


def _cell(text: str) -> str:
    return md(text).replace("|", "\\|").replace("\n", " ")


def _url(link: str) -> str:
    """An http(s) address as a Markdown autolink (characters that would end it encoded)."""
    return "<" + link.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def _source(s: BriefSource) -> str:
    parts = []
    if s.outlet:
        parts.append(f"**{_cell(s.outlet)}**")
    if s.title:
        parts.append(f"*{_cell(s.title)}*")
    if s.published:
        parts.append(f"published {s.published[:10]}")
    link = source_link(s)
    if link:
        parts.append(_url(link))
    elif s.url:
        parts.append(md_code(s.url))
    return " · ".join(parts) or md_code(s.input)


def _when(r: TimelineRow) -> str:
    when = [r.date] if r.dated_by == "event" and r.date else []
    when += [_cell(r.when)] if r.when and r.when != r.date else []
    when += [f"*reported {r.reported}*"] if r.reported else []
    return "<br>".join(when) or "*undated*"


def _timeline(rows: list[TimelineRow], cites: Callable[[list[Citation]], str]) -> list[str]:
    """The main timeline: one row per event, "source → target: what", its category."""
    if not rows:
        return ["No dated event is reported in these sources.", ""]
    out = ["| # | When | Category | Who → whom: what | Sources |", "|---|---|---|---|---|"]
    for r in rows:
        t = r.entry
        srcs = md(", ".join(sorted({c.source for c in t.citations})))
        who = f"**{_cell(r.who)}**: " if r.who else ""
        out.append(f"| {t.id} | {_when(r)} | {t.action} | {who}{_cell(t.description)} "
                   f"{cites(t.citations)} | {srcs} |")  # fmt: skip
    return [*out, ""]


def render_brief_markdown(b: Briefing) -> str:
    refs = Citations(b)

    def cites(cs: list[Citation]) -> str:
        return "".join(f"[^{n}]" for n in refs.numbers_for(cs))

    period = (
        f"Sources published **{period_text(b.period)}**"
        if b.period
        else "The sources' publication dates are not known"
    )
    names = "; ".join(_cell(source_name(s)) for s in b.sources)
    meta = (
        f"*{len(b.sources)} sources ({names}) · created {b.created_at:%Y-%m-%d %H:%M} UTC "
        f"· executive summary by {b.executive_summary_by}*"
    )
    out = [f"# {md(b.title)}", "", period, "", meta, "", "## Executive summary", ""]
    out += [f"- {md(x.text)} {cites(x.citations)}" for x in b.executive_summary] + [""]
    out += ["## Timeline", ""]
    out += _timeline(timeline_rows(b, background=False), cites)
    background = timeline_rows(b, background=True)
    if background:
        out += ["### Background", "", "Undated, told as a state or an ongoing act:", ""]
        for r in background:
            who = f"{_cell(r.who)}: " if r.who else ""
            out.append(f"- {r.entry.id} · {r.entry.action} · {who}{md(r.entry.description)} "
                       f"{cites(r.entry.citations)}")  # fmt: skip
        out.append("")
    matrix = acts_matrix(b)
    if matrix.sources:
        out += ["## Who acted on whom", "",
                "| Source → target | " + " | ".join(_cell(t.name) for t in matrix.targets) + " |",
                "|---" * (len(matrix.targets) + 1) + "|"]  # fmt: skip
        for doer in matrix.sources:
            cells = [", ".join(matrix.ids(doer, whom)) or "·" for whom in matrix.targets]
            out.append(f"| {_cell(doer.name)} | " + " | ".join(cells) + " |")
        out.append("")
    out += ["", "## Positions by country", ""]
    for group in b.positions:
        out += [f"### {_actor(group.actor)}", ""]
        for st in group.statements:
            who = f" ({md(st.speaker)})" if st.speaker else ""
            out.append(f"- **{md(st.source)}**{who}: {md(st.position)} {cites(st.citations)}")
        out.append("")
    out += ["## Peace proposals: stance grid", ""]
    if not b.proposals:
        out += ["No peace proposal is reported in these sources.", ""]
    grid = stance_grid(b)
    if grid.actors:
        out.append(
            "| Actor | "
            + " | ".join(f"{p.id} · {_cell(_actor(p.proposer))}" for p in grid.proposals)
            + " |"
        )
        out.append("|---" * (len(grid.proposals) + 1) + "|")
        for a in grid.actors:
            cells = []
            for p in grid.proposals:
                cell = grid.cell(a, p)
                if cell is None:
                    cells.append("—")
                    continue
                by = (
                    " (" + md(", ".join(f"{s} {v}" for s, v in cell.by_source.items())) + ")"
                    if cell.disagreement
                    else ""
                )
                cells.append(f"{STANCE_SYMBOLS[cell.stance]} **{cell.stance}**{by}")
            out.append(f"| {_cell(_actor(a))} | " + " | ".join(cells) + " |")
        out += ["", "— no stance reported · ⚠ disputed: the sources disagree", ""]
    for row in b.proposals:
        out += [f"### {row.id}. {_actor(row.proposer)}: {_cell(row.summary)}", ""]
        out += [f"Reported by {md(', '.join(row.sources))}.", ""]
        if not row.stances:
            out += ["No reactions reported.", ""]
            continue
        for cell in row.stances:
            flag = " ⚠ sources disagree" if cell.disagreement else ""
            by = md(", ".join(f"{s}: {v}" for s, v in cell.by_source.items()))
            out.append(f"- {_actor(cell.actor)}: **{cell.stance}**{flag} — {by} "
                       f"{cites(cell.citations)}")  # fmt: skip
        out.append("")
    out += ["## Sources", ""]
    out += [f"- **{md(s.id)}**: {_source(s)}" for s in b.sources]
    out += [""]
    plain = notes(b)
    if plain:
        out += ["## Appendix: processing notes", ""]
        for note in plain:
            src = note.source
            who = f"**{src.id}** ({_cell(source_name(src))}): " if src else ""
            out.append(f"- {who}{md(note.text)}")
            if note.text != note.raw:
                out.append(f"  - original message: {md_code(note.raw)}")
        out.append("")
    for n, c in enumerate(refs.items, start=1):
        out.append(f"[^{n}]: {md(c.source)}, sentence {c.sentence_id}: “{_cell(c.quote)}”")
    return "\n".join(out) + "\n"
