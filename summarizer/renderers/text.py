"""ArticleSummary → terminal output with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.models import Actor, ArticleSummary, Event


def _actor(actor: Actor) -> str:
    return f"{actor.name} ({actor.country_code})" if actor.country_code else actor.name


def who(event: Event) -> str:
    """ "Russia (RUS) → Ukraine (UKR)" when the roles are known, else the actors listed."""
    if event.source:
        return _actor(event.source) + (f" → {_actor(event.target)}" if event.target else "")
    if event.target:
        return f"→ {_actor(event.target)}"
    return ", ".join(_actor(a) for a in event.actors)


def build_renderable(summary: ArticleSummary) -> Group:
    parts: list = [Panel(Text(summary.summary), title=summary.headline, title_align="left")]
    if summary.events:
        t = Table(title="Events", show_lines=True, expand=True)
        for col in ("action", "who → whom", "when", "description", "evidence"):
            t.add_column(col)
        for e in summary.events:
            t.add_row(
                e.action,
                who(e),
                " · ".join(x for x in (e.date, e.when) if x),
                e.description,
                "\n".join(f"[{x.sentence_id}] {x.quote}" for x in e.evidence),
            )
        parts.append(t)
    if summary.positions:
        t = Table(title="Positions", show_lines=True, expand=True)
        for col in ("actor", "position", "evidence"):
            t.add_column(col)
        for p in summary.positions:
            t.add_row(
                _actor(p.actor),
                p.position + (f"\n— {p.speaker}" if p.speaker else ""),
                "\n".join(f"[{x.sentence_id}] {x.quote}" for x in p.evidence),
            )
        parts.append(t)
    for pp in summary.peace_proposals:
        t = Table(title=f"Peace proposal: {_actor(pp.proposer)} — {pp.summary}", expand=True)
        for col in ("actor", "stance", "conditions", "evidence"):
            t.add_column(col)
        for s in pp.stances:
            t.add_row(
                _actor(s.actor),
                s.stance,
                s.conditions or "",
                "\n".join(f"[{x.sentence_id}] {x.quote}" for x in s.evidence),
            )
        parts.append(t)
    for w in summary.warnings:
        parts.append(Text(f"warning: {w}", style="yellow"))
    prov = summary.provenance
    parts.append(
        Text(
            f"{prov.backend}/{prov.model} · prompt {prov.prompt_version} · "
            f"{prov.usage.calls} call(s) · "
            f"{prov.usage.prompt_tokens}+{prov.usage.completion_tokens} tokens",
            style="dim",
        )
    )
    return Group(*parts)


def render_text(summary: ArticleSummary, width: int = 100) -> str:
    console = Console(width=width, record=True, file=None, force_terminal=False)
    with console.capture() as capture:
        console.print(build_renderable(summary))
    return capture.get()
