"""ArticleSummary + its Article → one self-contained HTML page, the evidence view: the
cleaned article with every cited sentence highlighted at its offsets, coloured by the kind
of item that cites it, beside the extracted items. Selecting an item highlights exactly its
sentences; selecting a sentence lists the items that cite it.

The page is the Jinja2 template ``templates/evidence.html.j2`` (autoescaped, strict
undefined) with ``evidence.css`` and ``evidence.js`` inlined; nothing is fetched, so it
works offline from ``file://``. Highlights are cut from the Evidence offsets, never found
by searching the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2

from summarizer.document.article import Article
from summarizer.errors import InputError
from summarizer.models import (
    Actor,
    ArticleSummary,
    Event,
    Evidence,
    PeaceProposal,
    Position,
    Stance,
)
from summarizer.renderers.plain_words import plain_warning
from summarizer.renderers.templating import environment

TEMPLATE = "evidence.html.j2"

# kind → (legend label, what it means). The colours live in evidence.css (.k-<kind>).
KINDS: dict[str, tuple[str, str]] = {
    "event": ("event", "cited by an event"),
    "position": ("position", "cited by a country's position"),
    "stance": ("stance", "cited by a stance on a peace proposal"),
    "proposal": ("proposal", "cited by a peace proposal itself"),
    "multi": ("several kinds", "cited by items of more than one kind"),
}
_KIND_ORDER = ("event", "position", "stance", "proposal")
_PASS_NAMES = {
    "overview": "overview and events",
    "positions": "positions",
    "proposals": "peace proposals",
    "single": "single-call",
}
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Item:
    """One selectable extracted item: its DOM id, kind, a short label and its evidence."""

    dom_id: str
    kind: str
    name: str  # "Event e1", "Position of China (CHN)"
    label: str  # the name and what the item says, shortened
    evidence: list[Evidence]

    @property
    def sentence_ids(self) -> list[int]:
        return sorted({e.sentence_id for e in self.evidence})

    @property
    def sentences_attr(self) -> str:
        return " ".join(str(i) for i in self.sentence_ids)


@dataclass
class Items:
    """The page's items in the order shown, each with the model object it shows."""

    events: list[tuple[Item, Event]]
    positions: list[tuple[Item, Position]]
    proposals: list[tuple[Item, PeaceProposal, list[tuple[Item, Stance]]]]

    def all(self) -> list[Item]:
        out = [i for i, _ in self.events] + [i for i, _ in self.positions]
        for item, _, stances in self.proposals:
            out += [item, *(i for i, _ in stances)]
        return out


@dataclass
class Highlight:
    """A cited sentence: the span ``text[start:end]`` and the items that cite it."""

    sentence_id: int
    start: int
    end: int
    items: list[Item] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        present = {i.kind for i in self.items}
        return [k for k in _KIND_ORDER if k in present]

    @property
    def css_kind(self) -> str:
        kinds = self.kinds
        return kinds[0] if len(kinds) == 1 else "multi"


@dataclass
class Segment:
    text: str
    highlight: Highlight | None = None


def _actor(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links (a ``javascript:`` URL must never be clickable)."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def _item(dom_id: str, kind: str, name: str, says: str, evidence: list[Evidence]) -> Item:
    return Item(dom_id, kind, name, f"{name}: {_short(says)}", evidence)


def _items(summary: ArticleSummary) -> Items:
    items = Items(events=[], positions=[], proposals=[])
    for n, e in enumerate(summary.events, start=1):
        item = _item(f"ev-{n}", "event", f"Event {e.id}", e.description, e.evidence)
        items.events.append((item, e))
    for n, p in enumerate(summary.positions, start=1):
        name = f"Position of {_actor(p.actor)}"
        items.positions.append((_item(f"pos-{n}", "position", name, p.position, p.evidence), p))
    for n, pp in enumerate(summary.peace_proposals, start=1):
        says = f"by {_actor(pp.proposer)}: {pp.summary}"
        item = _item(f"prop-{n}", "proposal", f"Peace proposal {pp.id}", says, pp.evidence)
        stances: list[tuple[Item, Stance]] = []
        for m, st in enumerate(pp.stances, start=1):
            name = f"Stance of {_actor(st.actor)} on {pp.id}"
            says = st.stance + (f" ({st.conditions})" if st.conditions else "")
            stances.append((_item(f"prop-{n}-st-{m}", "stance", name, says, st.evidence), st))
        items.proposals.append((item, pp, stances))
    return items


def _highlights(article: Article, items: Items) -> list[Highlight]:
    """One highlight per cited sentence, at the Evidence offsets, sorted, never overlapping."""
    text = article.text
    by_id: dict[int, Highlight] = {}
    for item in items.all():
        for ev in item.evidence:
            if not (0 <= ev.start < ev.end <= len(text)) or text[ev.start : ev.end] != ev.quote:
                raise InputError(
                    f"the summary's evidence for sentence {ev.sentence_id} does not match "
                    f"the text at {ev.start}-{ev.end}",
                    hint="the summary file was edited or damaged; summarise the article again",
                )
            h = by_id.setdefault(ev.sentence_id, Highlight(ev.sentence_id, ev.start, ev.end))
            if item not in h.items:
                h.items.append(item)
    out: list[Highlight] = []
    for h in sorted(by_id.values(), key=lambda h: (h.start, -h.end)):
        if out and h.start < out[-1].end:  # overlapping spans (not made by summarize)
            h.start = out[-1].end
            if h.start >= h.end:
                out[-1].items.extend(i for i in h.items if i not in out[-1].items)
                continue
        out.append(h)
    return out


def _paragraphs(text: str, highlights: list[Highlight]) -> list[list[Segment]]:
    """The text cut at blank lines (never inside a highlight) into paragraphs of plain and
    highlighted segments."""
    inside = [(h.start, h.end) for h in highlights]
    cuts = [
        (m.start(), m.end())
        for m in _BLANK_LINES.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in inside)
    ]
    bounds: list[tuple[int, int]] = []
    at = 0
    for s, e in cuts:
        bounds.append((at, s))
        at = e
    bounds.append((at, len(text)))
    paragraphs: list[list[Segment]] = []
    hi = 0
    for p_start, p_end in bounds:
        segs: list[Segment] = []
        pos = p_start
        while hi < len(highlights) and highlights[hi].start < p_end:
            h = highlights[hi]
            if h.start > pos:
                segs.append(Segment(text[pos : h.start]))
            segs.append(Segment(text[h.start : h.end], h))
            pos = h.end
            hi += 1
        if pos < p_end:
            segs.append(Segment(text[pos:p_end]))
        if segs and any(s.text.strip() for s in segs):
            paragraphs.append(segs)
    return paragraphs


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = environment().overlay()  # shared loader and escaping; this page's names
    env.globals["KINDS"] = KINDS
    return env


def check_same_text(summary: ArticleSummary, article: Article) -> None:
    """Raise InputError unless the summary was made from exactly this cleaned text."""
    if summary.source.sha256 != article.sha256:
        raise InputError(
            f"the summary was made from a different text: {summary.source.input} had sha256 "
            f"{summary.source.sha256[:12]}…, {article.source} has {article.sha256[:12]}…",
            hint="pass the article the summary was made from, or summarise it again",
        )


def render_evidence_html(summary: ArticleSummary, article: Article) -> str:
    """The evidence view of one summary over the article it was made from."""
    check_same_text(summary, article)
    items = _items(summary)
    highlights = _highlights(article, items)
    src = summary.source
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            s=summary,
            title=src.title or article.title or summary.headline,
            url=src.url,
            url_href=_safe_url(src.url),
            paragraphs=_paragraphs(article.text, highlights),
            highlights=highlights,
            events=items.events,
            positions=items.positions,
            proposals=items.proposals,
            warnings=[plain_warning(w) for w in summary.warnings],
            failed_passes=[_PASS_NAMES.get(p, p) for p in summary.provenance.failed_passes],
            n_sentences=len(article.sentences),
        )
    )


__all__ = ["KINDS", "check_same_text", "render_evidence_html"]
