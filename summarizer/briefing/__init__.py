"""Briefing: many ArticleSummary → one Briefing (merge, stance matrix, executive summary)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

from summarizer.briefing import merge
from summarizer.errors import ExtractionError
from summarizer.llm.client import ChatClient
from summarizer.models import ArticleSummary
from summarizer.models.briefing import Briefing, Bullet, Citation


def build_briefing(
    summaries: list[ArticleSummary],
    *,
    title: str,
    client: ChatClient | None = None,
    max_retries: int = 1,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> Briefing:
    """With a model client, the executive summary comes from the model; without, from
    rules."""
    timeline = merge.timeline(summaries)
    positions = merge.positions(summaries)
    proposals = merge.proposals(summaries)
    citations: dict[str, list[Citation]] = {t.id: t.citations for t in timeline}
    texts: dict[str, str] = {t.id: t.description for t in timeline}
    for group in positions:
        for st in group.statements:
            citations[st.id] = st.citations
            texts[st.id] = f"{group.actor.name}: {st.position}"
    warnings = [f"{s.source.input}: {w}" for s in summaries for w in s.warnings]
    bullets: list[Bullet] = []
    by = "rules"
    if client is not None:
        from summarizer.briefing.executive import executive_summary

        items = _for_summary(texts, timeline)
        if len(items) < len(texts):
            warnings.append(
                f"executive summary: the model read {len(items)} of {len(texts)} items "
                "(the timeline entries told by most sources, and the statements)"
            )
        try:
            model_bullets = executive_summary(items, client, max_retries=max_retries)
        except ExtractionError as exc:  # the rules stand in; the note is not lost
            warnings.insert(0, f"executive summary: {exc.message}; written by rules instead")
        else:
            for i, b in enumerate(model_bullets, start=1):
                text = _without_refs(b.text)
                if text != b.text:
                    warnings.append(f"executive summary: bullet {i} wrote its refs into its "
                                    "text; they were removed from it")  # fmt: skip
                cited = [c for r in b.refs for c in citations.get(r, [])]
                bullets.append(Bullet(text=text, refs=b.refs, citations=cited))
            by = f"model:{client.backend.name}/{client.backend.model}"
    if not bullets:
        bullets = rule_bullets(timeline, positions, proposals, citations)
    return Briefing(
        title=title,
        created_at=now(),
        executive_summary=bullets,
        executive_summary_by=by,
        timeline=timeline,
        positions=positions,
        proposals=proposals,
        sources=merge.sources(summaries),
        period=merge.period(summaries),
        warnings=warnings,
    )


# "…, refs: 3, 4, 5, 6." — the small model sometimes writes the refs list into the text
_REF_ID = r"[A-Z]?\d+"
_REFS_IN_TEXT = re.compile(
    # "(refs: T1)", "[refs: T1; T2]", "(ref T1-T3)": both brackets, any separators
    rf"\s*[\(\[]\s*(?:refs?|sentence[_ ]?ids?)\b\s*:?\s*{_REF_ID}(?:\s*[,;\-–]\s*{_REF_ID})*"
    r"\s*[,;]?\s*[\)\]]"
    # "…, refs: 3, 4, 5, 27, ." : bare, with its colon
    rf"|[,;]?\s*\b(?:refs?|sentence[_ ]?ids?)\s*:\s*{_REF_ID}(?:\s*,\s*{_REF_ID})*\s*,?",
    re.I,
)


def _without_refs(text: str) -> str:
    cleaned = _REFS_IN_TEXT.sub(" ", text)
    cleaned = re.sub(r"\s+([,.;])", r"\1", re.sub(r"\s{2,}", " ", cleaned)).strip(" ,;")
    return cleaned if cleaned != text.strip() else text


MAX_SUMMARY_ITEMS = 48  # ~2,500 tokens of items: the prompt stays well inside 8k


def _for_summary(texts: dict[str, str], timeline: list) -> list[tuple[str, str]]:
    """The items the executive summary is written from: all when they fit, else the
    statements and the timeline entries told by most sources, in their order."""
    if len(texts) <= MAX_SUMMARY_ITEMS:
        return list(texts.items())
    entry_ids = [t.id for t in timeline]
    statements = [i for i in texts if i not in set(entry_ids)][: MAX_SUMMARY_ITEMS // 2]
    room = MAX_SUMMARY_ITEMS - len(statements)
    ranked = sorted(timeline, key=lambda t: -len({c.source for c in t.citations}))
    keep = {t.id for t in ranked[:room]} | set(statements)
    return [(i, text) for i, text in texts.items() if i in keep]


MAX_RULE_BULLETS = 6


def rule_bullets(
    timeline: list, positions: list, proposals: list, citations: dict[str, list[Citation]]
) -> list[Bullet]:
    """Deterministic bullets that cover every source: each source's main development (of
    its events that are not background, the one its sentences tell most, then the one it
    tells first; one told by several sources counts for each), then each proposal's
    stances, then the most widely stated positions while there is room."""
    bullets: list[Bullet] = []
    sources = list(dict.fromkeys(c.source for t in timeline for c in t.citations))
    news = [t for t in timeline if not t.background] or list(timeline)
    chosen: list = []
    for src in sources:
        told = [t for t in news if any(c.source == src for c in t.citations)]
        if not told or any(any(c.source == src for c in t.citations) for t in chosen):
            continue
        first = {t.id: min(c.sentence_id for c in t.citations if c.source == src) for t in told}
        chosen.append(max(told, key=lambda t: (
            len({c.source for c in t.citations}),
            sum(c.source == src for c in t.citations),
            -first[t.id],
        )))  # fmt: skip
    chosen.sort(key=lambda t: timeline.index(t))
    for entry in chosen:  # in the article's words: who did what is in the timeline row
        bullets.append(Bullet(text=entry.description, refs=[entry.id], citations=entry.citations))
    for row in proposals[:2]:
        stances = ", ".join(f"{c.actor.name} {c.stance}" for c in row.stances) or "no reactions"
        bullets.append(
            Bullet(
                text=f"{row.proposer.name}'s proposal ({row.summary.rstrip('.')}): {stances}.",
                refs=[row.id],
                citations=[c for cell in row.stances for c in cell.citations],
            )
        )
    widely = sorted(positions, key=lambda g: -len({s.source for s in g.statements}))
    for group in widely:
        if len(bullets) >= MAX_RULE_BULLETS - 1 and len(bullets) >= len(chosen) + 1:
            break
        st = group.statements[0]
        bullets.append(
            Bullet(text=f"{group.actor.name}: {st.position}", refs=[st.id], citations=st.citations)
        )
    return bullets[: max(MAX_RULE_BULLETS, len(chosen))]
