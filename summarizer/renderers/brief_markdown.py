"""Briefing → Markdown that renders cleanly on GitHub: tables and numbered citations."""

from __future__ import annotations

from summarizer.models import Actor
from summarizer.models.briefing import Briefing, Citation
from summarizer.renderers.citations import Citations


def _actor(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_brief_markdown(b: Briefing) -> str:
    refs = Citations(b)

    def cites(cs: list[Citation]) -> str:
        return "".join(f"[^{n}]" for n in refs.numbers_for(cs))

    meta = (
        f"*{len(b.sources)} sources · created {b.created_at:%Y-%m-%d %H:%M} UTC "
        f"· executive summary by {b.executive_summary_by}*"
    )
    out = [f"# {b.title}", "", meta, "", "## Executive summary", ""]
    out += [f"- {x.text} {cites(x.citations)}" for x in b.executive_summary] + [""]
    out += ["## Timeline", "", "| # | When | What | Actors | Sources |", "|---|---|---|---|---|"]
    for t in b.timeline:
        srcs = ", ".join(sorted({c.source for c in t.citations}))
        out.append(
            f"| {t.id} | {_cell(t.when or '')} | {_cell(t.description)} {cites(t.citations)} | "
            f"{_cell(', '.join(_actor(a) for a in t.actors))} | {srcs} |"
        )
    out += ["", "## Positions by country", ""]
    for group in b.positions:
        out += [f"### {_actor(group.actor)}", ""]
        for st in group.statements:
            who = f" ({st.speaker})" if st.speaker else ""
            out.append(f"- **{st.source}**{who}: {st.position} {cites(st.citations)}")
        out.append("")
    out += ["## Peace proposals: stance matrix", ""]
    if not b.proposals:
        out += ["No peace proposal is reported in these sources.", ""]
    for row in b.proposals:
        out += [f"### {row.id}. {_actor(row.proposer)}: {_cell(row.summary)}", ""]
        if not row.stances:
            out += ["No reactions reported.", ""]
            continue
        out += ["| Actor | Stance | By source | Evidence |", "|---|---|---|---|"]
        for cell in row.stances:
            flag = " ⚠ sources disagree" if cell.disagreement else ""
            by = ", ".join(f"{s}: {v}" for s, v in cell.by_source.items())
            out.append(f"| {_actor(cell.actor)} | **{cell.stance}**{flag} | {by} | "
                       f"{cites(cell.citations)} |")  # fmt: skip
        out.append("")
    out += ["## Sources", ""]
    out += [f"- **{s.id}**: {s.title or s.input} (`{s.input}`)" for s in b.sources]
    out += [""]
    if b.warnings:
        out += ["## Warnings", ""] + [f"- {w}" for w in b.warnings] + [""]
    for n, c in enumerate(refs.items, start=1):
        out.append(f"[^{n}]: {c.source}, sentence {c.sentence_id}: “{_cell(c.quote)}”")
    return "\n".join(out) + "\n"
