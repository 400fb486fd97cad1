"""ArticleSummary → a one-page Markdown brief with evidence quotes."""

from __future__ import annotations

from summarizer.models import Actor, ArticleSummary, Evidence


def _actor(actor: Actor) -> str:
    return f"{actor.name} ({actor.country_code})" if actor.country_code else actor.name


def _quotes(evidence: list[Evidence], indent: str = "  ") -> list[str]:
    return [
        f"{indent}> [{e.sentence_id}]{' (context)' if e.context else ''} {e.quote}"
        for e in evidence
    ]


def render_markdown(summary: ArticleSummary) -> str:
    lines: list[str] = [f"# {summary.headline}", ""]
    title = summary.source.title or summary.source.input
    lines += [f"*Source:* {title} (`{summary.source.input}`)", "", summary.summary, ""]
    if summary.events:
        lines += ["## Events", ""]
        for e in summary.events:
            actors = ", ".join(_actor(a) for a in e.actors) or "—"
            if e.source is not None:  # PLOVER coding: who acted, upon whom
                actors = _actor(e.source) + (f" → {_actor(e.target)}" if e.target else "")
            when = f" — {e.when}" if e.when else ""
            if e.date and e.date != e.when:
                when += f" ({e.date})"
            where = f" — {e.where}" if e.where else ""
            lines.append(f"- **{e.action}** ({actors}){when}{where}: {e.description}")
            lines += _quotes(e.evidence)
        lines.append("")
    if summary.positions:
        lines += ["## Positions", ""]
        for p in summary.positions:
            speaker = f", via {p.speaker}" if p.speaker else ""
            lines.append(f"- **{_actor(p.actor)}**{speaker}: {p.position}")
            lines += _quotes(p.evidence)
        lines.append("")
    if summary.peace_proposals:
        lines += ["## Peace proposals", ""]
        for pp in summary.peace_proposals:
            when = f" ({pp.when})" if pp.when else ""
            lines.append(f"### {_actor(pp.proposer)}{when}: {pp.summary}")
            lines += _quotes(pp.evidence, indent="")
            lines.append("")
            if pp.stances:
                lines += ["| Actor | Stance | Conditions | Evidence |", "|---|---|---|---|"]
                for s in pp.stances:
                    cites = ", ".join(f"[{e.sentence_id}]" for e in s.evidence)
                    cond = (s.conditions or "").replace("|", "\\|")
                    lines.append(f"| {_actor(s.actor)} | {s.stance} | {cond} | {cites} |")
                lines.append("")
    if summary.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in summary.warnings] + [""]
    prov = summary.provenance
    lines.append(
        f"*Made by {prov.backend}/{prov.model} with prompt {prov.prompt_version}: "
        f"{prov.usage.calls} call(s), "
        f"{prov.usage.prompt_tokens} prompt + {prov.usage.completion_tokens} completion tokens.*"
    )
    return "\n".join(lines) + "\n"
