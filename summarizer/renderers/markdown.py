"""ArticleSummary → a one-page Markdown brief with evidence quotes."""

from __future__ import annotations

from summarizer.models import ArticleSummary, Evidence
from summarizer.renderers.markdown_text import md, md_code
from summarizer.renderers.markdown_text import md_actor as _actor


def _quotes(evidence: list[Evidence], indent: str = "  ") -> list[str]:
    return [
        f"{indent}> [{e.sentence_id}]{' (context)' if e.context else ''} {md(e.quote)}"
        for e in evidence
    ]


def render_markdown(summary: ArticleSummary) -> str:
    lines: list[str] = [f"# {md(summary.headline)}", ""]
    title = md(summary.source.title or summary.source.input)
    lines += [f"*Source:* {title} ({md_code(summary.source.input)})", "", md(summary.summary), ""]
    if summary.events:
        lines += ["## Events", ""]
        for e in summary.events:
            actors = ", ".join(_actor(a) for a in e.actors) or "—"
            if e.source is not None:  # PLOVER coding: who acted, upon whom
                actors = _actor(e.source) + (f" → {_actor(e.target)}" if e.target else "")
            when = f" — {md(e.when)}" if e.when else ""
            if e.date and e.date != e.when:
                when += f" ({e.date})"
            where = f" — {md(e.where)}" if e.where else ""
            lines.append(f"- **{e.action}** ({actors}){when}{where}: {md(e.description)}")
            lines += _quotes(e.evidence)
        lines.append("")
    if summary.positions:
        lines += ["## Positions", ""]
        for p in summary.positions:
            speaker = f", via {md(p.speaker)}" if p.speaker else ""
            lines.append(f"- **{_actor(p.actor)}**{speaker}: {md(p.position)}")
            lines += _quotes(p.evidence)
        lines.append("")
    if summary.peace_proposals:
        lines += ["## Peace proposals", ""]
        for pp in summary.peace_proposals:
            when = f" ({md(pp.when)})" if pp.when else ""
            lines.append(f"### {_actor(pp.proposer)}{when}: {md(pp.summary)}")
            lines += _quotes(pp.evidence, indent="")
            lines.append("")
            if pp.stances:
                lines += ["| Actor | Stance | Conditions | Evidence |", "|---|---|---|---|"]
                for s in pp.stances:
                    cites = ", ".join(f"[{e.sentence_id}]" for e in s.evidence)
                    cond = md(s.conditions).replace("|", "\\|")
                    lines.append(f"| {_actor(s.actor)} | {s.stance} | {cond} | {cites} |")
                lines.append("")
    if summary.warnings:
        lines += ["## Warnings", ""] + [f"- {md(w)}" for w in summary.warnings] + [""]
    prov = summary.provenance
    lines.append(
        f"*Made by {prov.backend}/{md(prov.model)} with prompt {prov.prompt_version}: "
        f"{prov.usage.calls} call(s), "
        f"{prov.usage.prompt_tokens} prompt + {prov.usage.completion_tokens} completion tokens.*"
    )
    return "\n".join(lines) + "\n"
