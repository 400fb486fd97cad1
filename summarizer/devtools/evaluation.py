"""Compare summaries with gold annotations (``fixtures/gold/*.toml``; format in docs/eval.md)."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.actors import actor_key, gold_key
from summarizer.article import Article
from summarizer.devtools.files import read_toml
from summarizer.errors import InputError
from summarizer.grounding import names_any
from summarizer.models import Actor, ArticleSummary, StanceValue

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass


class GoldEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


class GoldProposal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposer: str
    stances: dict[str, StanceValue] = {}


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: str
    case: str | None = None
    positions: list[str] = []
    events: list[GoldEvent] = []
    proposals: list[GoldProposal] = []


def load_gold(path: Path) -> Gold:
    data = read_toml(path, "gold file", hint="see docs/eval.md for the format")
    try:
        return Gold.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: not a valid gold file ({exc.errors()[0]['msg']})") from None


@dataclass(frozen=True)
class Score:
    name: str
    position_precision: float
    position_recall: float
    stance_agreement: float | None  # None when the gold has no stances
    event_recall: float
    evidence_exact: float
    supported: float
    items: int


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(name: str, summary: ArticleSummary, gold: Gold, article: Article) -> Score:
    predicted = {actor_key(p.actor) for p in summary.positions}
    wanted = {gold_key(name) for name in gold.positions}
    hits = len(predicted & wanted)

    agree = total = 0
    for proposal in gold.proposals:
        candidates = [
            pp
            for pp in summary.peace_proposals
            if actor_key(pp.proposer) == gold_key(proposal.proposer)
        ]
        got = {actor_key(s.actor): s.stance for pp in candidates for s in pp.stances}
        for actor, stance in proposal.stances.items():
            total += 1
            agree += got.get(gold_key(actor)) == stance

    found = 0
    for event in gold.events:
        needle = event.text.lower()
        found += any(
            needle in e.description.lower() or any(needle in x.quote.lower() for x in e.evidence)
            for e in summary.events
        )

    evidence = [x for e in summary.events for x in e.evidence]
    evidence += [x for p in summary.positions for x in p.evidence]
    for pp in summary.peace_proposals:
        evidence += pp.evidence + [x for s in pp.stances for x in s.evidence]
    exact = sum(article.text[x.start : x.end] == x.quote for x in evidence)

    def backed(actors: list[Actor], quotes: list[str]) -> bool:
        return any(names_any(article, actors, q) for q in quotes)

    checks = [backed(e.actors, [x.quote for x in e.evidence]) for e in summary.events if e.actors]
    checks += [backed([p.actor], [x.quote for x in p.evidence]) for p in summary.positions]
    checks += [
        backed([s.actor], [x.quote for x in s.evidence])
        for pp in summary.peace_proposals
        for s in pp.stances
    ]
    return Score(
        name=name,
        position_precision=_ratio(hits, len(predicted)),
        position_recall=_ratio(hits, len(wanted)),
        stance_agreement=_ratio(agree, total) if total else None,
        event_recall=_ratio(found, len(gold.events)),
        evidence_exact=_ratio(exact, len(evidence)),
        supported=_ratio(sum(checks), len(checks)),
        items=len(checks),
    )


def mean_score(scores: list[Score]) -> Score:
    n = len(scores) or 1
    stances = [s.stance_agreement for s in scores if s.stance_agreement is not None]
    return Score(
        name="MEAN",
        position_precision=sum(s.position_precision for s in scores) / n,
        position_recall=sum(s.position_recall for s in scores) / n,
        stance_agreement=sum(stances) / len(stances) if stances else None,
        event_recall=sum(s.event_recall for s in scores) / n,
        evidence_exact=sum(s.evidence_exact for s in scores) / n,
        supported=sum(s.supported for s in scores) / n,
        items=sum(s.items for s in scores),
    )


def as_dict(score_: Score) -> dict[str, object]:
    return asdict(score_)
