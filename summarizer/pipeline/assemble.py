"""Assemble an ArticleSummary from the model's items: sentence ids become exact evidence,
actor names become ISO-coded actors, and duplicates merge."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from summarizer.document.article import Article
from summarizer.extraction.extract import Extraction
from summarizer.extraction.merge import merge_events
from summarizer.extraction.schemas import LLMEvent, LLMPosition, LLMProposal
from summarizer.grounding.evidence import CITED_ENOUGH, evidence_for, words_shared
from summarizer.models import (
    Actor,
    ArticleSummary,
    Event,
    Evidence,
    PeaceProposal,
    Position,
    Provenance,
    Source,
    Stance,
)
from summarizer.nlp.actors import (
    actor_key,
    as_state_actor,
    key_of,
    name_of,
    resolve_actor,
)
from summarizer.nlp.contexts import contexts
from summarizer.nlp.dates import resolve_when, tense_of
from summarizer.nlp.events import verb_events
from summarizer.nlp.positions import leading_sentence, word_positions
from summarizer.nlp.reading import annotate

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SENTENCE_REF = re.compile(r"\bsentences?\s*\d", re.I)


def _authors(byline: str | None) -> list[str]:
    """'Samya Kullab; Vasilisa Stepanenko' or 'A, B and C' → the names."""
    if not byline:
        return []
    parts = re.split(r"\s*(?:;|,|\band\b|\|)\s*", byline)
    return [p.strip() for p in parts if p.strip() and len(p.strip()) > 2][:8]


def extraction_warnings(llm: Extraction) -> list[str]:
    """What the user is told about dropped items and re-asks (and windows, if used)."""
    warnings = list(llm.notes)
    warnings += [p.warning if p.kind == "pass" else f"dropped {p.warning}" for p in llm.dropped]
    warnings += [
        f"pass {name}: the model's answer was re-asked {n} time(s)"
        + ("; unsupported items were dropped" if name in llm.salvaged else "")
        for name, n in llm.reasks.items()
        if n
    ]
    return warnings


def build_summary(
    article: Article, llm: Extraction, provenance: Provenance, warnings: list[str]
) -> ArticleSummary:
    published = article.date if article.date and _ISO_DATE.match(article.date) else None
    _bound_texts(llm, warnings)
    events: list[Event] = []
    # the same happening told twice (a shared sentence and category, or the same actors
    # in near-same words) is one event with the sentences of both
    told = []
    for e in llm.events:
        if all(_is_question(article, i) for i in e.sentence_ids):
            warnings.append(
                f"dropped event '{_clip(e.description, 60)}': it cites only a question "
                f"(sentence {', '.join(map(str, e.sentence_ids))}), which reports nothing"
            )
            continue
        told.append(_coded(article, e))
    told += _word_events(article, told)
    told.sort(key=lambda e: min(e.sentence_ids))  # article order
    for e in merge_events([], told):
        texts = _texts(article, e.sentence_ids)
        events.append(
            Event(
                id=f"e{len(events) + 1}",
                description=e.description,
                actors=_unique([resolve_actor(a) for a in e.actors]),
                action=e.action,
                source=_state(e.source),
                target=_state(e.target),
                when=_stated(e.when),
                date=resolve_when(
                    _stated(e.when),
                    published,
                    tense_of(e.when, [e.description, *texts]),
                ),
                where=e.where,
                context=contexts(" ".join(texts)),
                evidence=cited(article, e),
            )
        )
    return ArticleSummary(
        source=Source(
            input=article.source,
            title=article.title,
            sha256=article.sha256,
            url=article.url,
            outlet=article.outlet,
            published=published,
            authors=_authors(article.author),
        ),
        headline=llm.headline or article.title or "",
        summary=llm.summary,
        events=events,
        positions=_with_word_positions(article, merge_positions(article, llm.positions)),
        peace_proposals=[
            _proposal(article, i, p) for i, p in enumerate(llm.peace_proposals, start=1)
        ],
        provenance=provenance,
        warnings=warnings,
    )


def _texts(article: Article, ids: list[int]) -> list[str]:
    return [s.text for i in ids if (s := article.sentence(i)) is not None]


def _is_question(article: Article, sentence_id: int) -> bool:
    """A heading asked as a question ("What has Trump said about Nato?"), not a question
    someone is reported asking ("Zelensky asked: why has the West not sent…?")."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return False
    text = sentence.text.strip()
    return text.endswith("?") and ":" not in text and len(text.split()) <= 12


def _coded(article: Article, event: LLMEvent) -> LLMEvent:
    """The event with its date words checked: a year or day the article never gives is
    dropped for the date words of the sentence it cites. Category, source and target are
    the model's as the validation checks left them (grounding.check_item)."""
    update: dict[str, Any] = {}
    said = _stated(event.when)
    if said and not _in_article(article.text, said):
        said = update["when"] = None  # a year or day the article never gives
    if not said:
        reading = annotate(article)
        source = key_of(event.source) if event.source else None
        words = next((w for i in event.sentence_ids if (w := reading.when(i, source))), None)
        if words:
            update["when"] = words  # the date words of the sentence it cites
    return event.model_copy(update=update) if update else event


def _text(article: Article, sentence_id: int) -> str:
    sentence = article.sentence(sentence_id)
    return sentence.text if sentence is not None else ""


def _word_events(article: Article, told: list[LLMEvent]) -> list[LLMEvent]:
    """Events the verbs show in sentences no model event cites (nlp.events.verb_events);
    each is described by its own sentence."""
    cited_ids = {i for e in told for i in (*e.sentence_ids, *e.context_ids)}
    out = []
    reading = annotate(article)
    for w in verb_events(reading, cited_ids, article.title):
        text = _text(article, w.sentence_id)
        event = LLMEvent(
            description=_clip(text),
            action=w.action,  # type: ignore[arg-type]
            source=name_of(w.source) if w.source else None,
            target=name_of(w.target) if w.target else None,
            when=reading.when(w.sentence_id, w.source),
            sentence_ids=[w.sentence_id],
        )
        event.set_context(list(w.context))  # the sentence naming whom "they" stands for
        out.append(event)
    return out


def merge_positions(article: Article, items: list[LLMPosition]) -> list[Position]:
    """One position per actor: a leader speaks for their country; duplicates merge."""
    merged: dict[str, Position] = {}
    for item in items:
        raw = resolve_actor(item.actor)
        actor = as_state_actor(raw)
        speaker = item.speaker or (raw.name if raw.kind == "leader" else None)
        key = actor_key(actor)
        evidence = cited(article, item)
        if key not in merged:
            merged[key] = Position(
                actor=actor, speaker=speaker, position=item.position, evidence=evidence
            )
            continue
        existing = merged[key]
        text = existing.position
        if item.position.strip() and item.position.strip() not in text:
            text = f"{text.rstrip('. ')}. {item.position.strip()}"
        merged[key] = existing.model_copy(
            update={
                "position": text,
                "speaker": existing.speaker or speaker,
                "evidence": _merge_evidence(existing.evidence, evidence),
            }
        )
    return [_restated(article, key, p) for key, p in merged.items()]


def _restated(article: Article, key: str, position: Position) -> Position:
    """When a position's text was written from sentences that are not its evidence (under
    CITED_ENOUGH of its words are in it), the text is its first own sentence instead:
    what the reader sees must be what the evidence says."""
    own = [e.quote for e in position.evidence if not e.context]
    text = position.position
    if own and words_shared(text, own) < CITED_ENOUGH:
        text = _clip(own[0])
    return position.model_copy(update={"position": text})


def _with_word_positions(article: Article, positions: list[Position]) -> list[Position]:
    """The model's positions and one for each actor the parse shows stating something
    that no model position holds (nlp.positions.word_positions), described by its first
    sentence; in article order (by each position's first own sentence)."""
    have = {actor_key(p.actor) for p in positions}
    out = list(positions)
    reading = annotate(article)
    for found in word_positions(reading, have, article.title):
        lead = leading_sentence(reading, found.key, found.sentence_ids)
        out.append(
            Position(
                actor=as_state_actor(resolve_actor(name_of(found.key))),
                position=_clip(_text(article, lead)),
                evidence=_evidence(article, list(found.sentence_ids), list(found.context)),
            )
        )
    return sorted(out, key=_first_sentence)


def _first_sentence(position: Position) -> int:
    own = [e.sentence_id for e in position.evidence if not e.context]
    return min(own or [e.sentence_id for e in position.evidence] or [0])


# Free text from a model, at most: the grammar asks for a quarter of this, but an answer
# from an engine without the grammar (an imported batch result, another server) may hold
# anything (a 30 MB headline was seen)
TEXT_LIMITS = {"headline": 400, "summary": 2000, "description": 800, "position": 800,
               "conditions": 800, "proposal": 800}  # fmt: skip


def _bound_texts(llm: Extraction, warnings: list[str]) -> None:
    """Cut over-long model text at a word (never mid-word), saying so in ``warnings``."""

    def bounded(text: str | None, kind: str) -> str | None:
        limit = TEXT_LIMITS[kind]
        if text is None or len(text) <= limit:
            return text
        warnings.append(f"the model's {kind} was {len(text):,} characters: cut to {limit}")
        return _clip(text, limit)

    llm.headline = bounded(llm.headline, "headline") or ""
    llm.summary = bounded(llm.summary, "summary") or ""
    for e in llm.events:
        e.description = bounded(e.description, "description") or ""
    for p in llm.positions:
        p.position = bounded(p.position, "position") or ""
    for pp in llm.peace_proposals:
        pp.summary = bounded(pp.summary, "proposal") or ""
        for s in pp.stances:
            s.conditions = bounded(s.conditions, "conditions")


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _proposal(article: Article, index: int, item: LLMProposal) -> PeaceProposal:
    stances: dict[str, Stance] = {}
    for s in item.stances:
        actor = as_state_actor(resolve_actor(s.actor))
        key = actor_key(actor)
        evidence = cited(article, s)
        if key in stances:
            prev = stances[key]
            stances[key] = prev.model_copy(
                update={"evidence": _merge_evidence(prev.evidence, evidence)}
            )
        else:
            stances[key] = Stance(
                actor=actor, stance=s.stance, conditions=s.conditions, evidence=evidence
            )
    return PeaceProposal(
        id=f"p{index}",
        proposer=as_state_actor(resolve_actor(item.proposer)),
        summary=item.summary,
        when=item.when,
        stances=list(stances.values()),
        evidence=cited(article, item),
    )


def cited(article: Article, item: Any) -> list[Evidence]:
    """An item's evidence: the sentences it cites, and the earlier sentences they refer
    back to (marked ``context``), in text order."""
    return _evidence(article, item.sentence_ids, getattr(item, "context_ids", None) or [])


def _evidence(article: Article, ids: list[int], context_ids: list[int]) -> list[Evidence]:
    """The sentences ``ids`` and, marked ``context``, the others of ``context_ids``."""
    context = [e.model_copy(update={"context": True}) for e in evidence_for(article, context_ids)]
    return _merge_evidence(evidence_for(article, ids), context)


_NO_DATE = re.compile(
    r"^(?:not (?:specified|stated|given|mentioned)|unknown|unspecified|"
    r"n/?a|none|null|-+)\.?$",
    re.I,
)


def _stated(when: str | None) -> str | None:
    """The words the article uses for when, or None for the model's 'not specified'."""
    if when is None or _NO_DATE.match(when.strip()) or _SENTENCE_REF.search(when):
        return None  # "not specified", or "sentence 19": no date words
    return when.strip() or None


def _in_article(text: str, when: str) -> bool:
    """Whether every number in the model's ``when`` is one the article gives: "Aug. 20,
    2023" for an article that says only "Aug. 20" has a year the model made up. (A number
    the article gives elsewhere passes: the model may take a date from the dateline.)"""
    iso = _ISO_WHEN.fullmatch(when.strip())
    # an ISO date's month is a word in the article ("Oct. 7, 2019" for 2019-10-07)
    numbers = [iso[1], iso[3]] if iso else re.findall(r"\d+", when)
    given = _numbers_in(text)
    return all(int(n) in given for n in numbers if n)


@lru_cache(maxsize=4)
def _numbers_in(text: str) -> frozenset[int]:
    """The numbers an article gives, read once per article, not once per event."""
    return frozenset(int(n) for n in re.findall(r"\d+", text))


_ISO_WHEN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def _state(name: str | None) -> Actor | None:
    return as_state_actor(resolve_actor(name)) if name else None


def _merge_evidence(a: list[Evidence], b: list[Evidence]) -> list[Evidence]:
    seen = {e.sentence_id for e in a}
    out = list(a) + [e for e in b if e.sentence_id not in seen]
    return sorted(out, key=lambda e: e.sentence_id)


def _unique(actors: list) -> list:
    out, seen = [], set()
    for a in actors:
        key = (a.name, a.country_code)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def dated(summary: ArticleSummary, published: str | None, outlet: str | None) -> ArticleSummary:
    """A saved summary given its source's publication date and outlet where it has none
    (a plain-text article says neither): the date goes into ``source.published`` and every
    event's ``when`` words are resolved against it, as when it was summarised with it."""
    day = published if published and _ISO_DATE.match(published) else None
    update: dict[str, Any] = {}
    if outlet and not summary.source.outlet:
        update["outlet"] = outlet
    if day and not summary.source.published:
        update["published"] = day
    if not update:
        return summary
    events = summary.events
    if "published" in update:
        events = [
            e if e.date or not e.when else e.model_copy(update={"date": resolve_when(
                e.when, day, tense_of(e.when, [e.description, *(x.quote for x in e.evidence)])
            )})
            for e in summary.events
        ]  # fmt: skip
    source = summary.source.model_copy(update=update)
    return summary.model_copy(update={"source": source, "events": events})
