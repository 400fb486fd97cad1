"""Compare summaries with gold annotations (``fixtures/gold/*.toml``; format in docs/eval.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.devtools.files import read_toml
from summarizer.document.article import Article
from summarizer.errors import InputError, validation_message
from summarizer.grounding.checks import names_any
from summarizer.models import Actor, ArticleSummary, Event, StanceValue
from summarizer.nlp.actors import actor_key, gold_key


class GoldEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    action: str | None = None  # PLOVER category, upper case
    source: str | None = None
    target: str | None = None
    when: str | None = None  # ISO date, month, year, or "DATE/DATE"
    # who did the act with the source, as the sentence tells it ("Hamas and Iran have
    # blamed Israel"; a mutual act, "held talks", names the target here): the oracle's
    # lies never offer them as the wrong source
    also: list[str] = []


class GoldProposal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposer: str
    text: str | None = None
    stances: dict[str, StanceValue] = {}


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: str
    case: str | None = None
    published: str | None = None
    positions: list[str] = []
    stated: dict[str, list[str]] = {}
    events: list[GoldEvent] = []
    proposals: list[GoldProposal] = []


def load_gold(path: Path) -> Gold:
    data = read_toml(path, "gold file", hint="see docs/eval.md for the format")
    try:
        return Gold.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"{path}: not a valid gold file ({validation_message(exc.errors()[0])})"
        ) from None


@dataclass(frozen=True)
class Score:
    name: str
    position_precision: float
    position_recall: float
    attribution_precision: float | None  # None when the gold gives no [stated] fragments
    stance_agreement: float | None  # None when the gold has no stances
    proposal_precision: float | None  # None when the summary reports no proposal
    event_precision: float | None  # None when the summary reports no event
    event_recall: float
    action_accuracy: float | None  # None when no matched gold event has a category
    source_accuracy: float | None  # None when no matched gold event has a source
    date_accuracy: float | None  # None when no matched gold event has a date
    evidence_exact: float
    supported: float
    items: int


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _maybe(a: int, b: int) -> float | None:
    return a / b if b else None


def _quotes(item: object) -> list[str]:
    """The item's own evidence (context sentences it refers back to are not its claim)."""
    return [x.quote.lower() for x in getattr(item, "evidence", []) if not x.context]


def _event_matches(event: GoldEvent, predicted: Event) -> bool:
    needle = event.text.lower()
    return needle in predicted.description.lower() or any(needle in q for q in _quotes(predicted))


def date_agrees(gold: str, predicted: str | None) -> bool:
    """A predicted ISO date agrees with the gold one when it falls inside it ('2024-05-16'
    inside '2024-05'), names the gold date's month (a coarser answer, not a wrong one), or
    lies within a 'DATE/DATE' range."""
    if not predicted:
        return False
    if "/" in gold:
        first, last = gold.split("/", 1)
        if len(predicted) < 7:
            return False  # a bare year is not a date inside a range of days
        return first[: len(predicted)] <= predicted <= last[: len(predicted)] + "~"
    return predicted.startswith(gold) or (gold.startswith(predicted) and len(predicted) >= 7)


def score(name: str, summary: ArticleSummary, gold: Gold, article: Article) -> Score:
    predicted = {actor_key(p.actor) for p in summary.positions}
    wanted = {gold_key(name) for name in gold.positions}
    hits = len(predicted & wanted)

    stated = {gold_key(k): [f.lower() for f in v] for k, v in gold.stated.items()}
    attributed = sum(
        any(f in q for f in stated.get(actor_key(p.actor), []) for q in _quotes(p))
        for p in summary.positions
    )

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
    real = sum(
        any(
            actor_key(pp.proposer) == gold_key(g.proposer)
            and (not g.text or any(g.text.lower() in q for q in _quotes(pp)))
            for g in gold.proposals
        )
        for pp in summary.peace_proposals
    )

    found = dated = dated_right = coded = coded_right = sourced = sourced_right = 0
    for event in gold.events:
        matches = [e for e in summary.events if _event_matches(event, e)]
        found += bool(matches)
        if matches and event.action:
            coded += 1
            coded_right += any(e.action.upper() == event.action for e in matches)
        if matches and event.source:
            sourced += 1
            sourced_right += any(
                e.source is not None and actor_key(e.source) == gold_key(event.source)
                for e in matches
            )
        if matches and event.when:
            dated += 1
            dated_right += any(date_agrees(event.when, e.date) for e in matches)
    true_events = sum(any(_event_matches(g, e) for g in gold.events) for e in summary.events)

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
        attribution_precision=_maybe(attributed, len(summary.positions)) if stated else None,
        stance_agreement=_maybe(agree, total),
        proposal_precision=_maybe(real, len(summary.peace_proposals)),
        event_precision=_maybe(true_events, len(summary.events)),
        event_recall=_ratio(found, len(gold.events)),
        action_accuracy=_maybe(coded_right, coded),
        source_accuracy=_maybe(sourced_right, sourced),
        date_accuracy=_maybe(dated_right, dated),
        evidence_exact=_ratio(exact, len(evidence)),
        supported=_ratio(sum(checks), len(checks)),
        items=len(checks),
    )


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def mean_score(scores: list[Score]) -> Score:
    n = len(scores) or 1
    return Score(
        name="MEAN",
        position_precision=sum(s.position_precision for s in scores) / n,
        position_recall=sum(s.position_recall for s in scores) / n,
        attribution_precision=_mean([s.attribution_precision for s in scores]),
        stance_agreement=_mean([s.stance_agreement for s in scores]),
        proposal_precision=_mean([s.proposal_precision for s in scores]),
        event_precision=_mean([s.event_precision for s in scores]),
        event_recall=sum(s.event_recall for s in scores) / n,
        action_accuracy=_mean([s.action_accuracy for s in scores]),
        source_accuracy=_mean([s.source_accuracy for s in scores]),
        date_accuracy=_mean([s.date_accuracy for s in scores]),
        evidence_exact=sum(s.evidence_exact for s in scores) / n,
        supported=sum(s.supported for s in scores) / n,
        items=sum(s.items for s in scores),
    )


def as_dict(score_: Score) -> dict[str, object]:
    return asdict(score_)
