"""Assemble an ArticleSummary from the model's items: sentence ids become exact evidence,
actor names become ISO-coded actors, and duplicates merge."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from summarizer.actors import (
    actor_key,
    as_state_actor,
    country_name,
    is_state_key,
    resolve_actor,
)
from summarizer.article import Article
from summarizer.attribution import mentioned_by_reference, named_in
from summarizer.dates import resolve_when, tense_of
from summarizer.event_coding import code_event, mentioned_keys, reported_by
from summarizer.event_words import contexts
from summarizer.extraction import Extraction
from summarizer.extraction.schemas import LLMEvent, LLMPosition, LLMProposal
from summarizer.extraction.windows import merge_events
from summarizer.grounding import CITED_ENOUGH, evidence_for, words_shared
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
from summarizer.sentence_events import word_events
from summarizer.stated_positions import (
    context_of,
    leading_sentence,
    stated_by,
    word_positions,
)

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


def _named(article: Article, event: LLMEvent) -> set[str]:
    """Actor keys (lower case) the event's sentences and their context name, quotations
    and derived demonyms ("Egyptian mediators") included."""
    ids = [*event.sentence_ids, *event._context_ids]
    texts = _texts(article, ids)
    keys = {key for i in ids for key in named_in(article, i)}
    keys |= {key for text in texts for key in mentioned_keys(text)}
    return {key.lower() for key in keys}


def _coded(article: Article, event: LLMEvent) -> LLMEvent:
    """The event with its PLOVER category taken from the words that report it, and its
    source where the words show who acted (event_coding)."""
    texts = _texts(article, event.sentence_ids)
    coding = code_event(event.description, texts, event.action)
    update: dict[str, Any] = {"action": coding.action}
    said = _stated(event.when)
    if said and not _in_article(article.text, said):
        said = update["when"] = None  # a year or day the article never gives
    if not said and coding.when:
        update["when"] = coding.when  # the date words of the sentence it cites
    if coding.source is None and _key_of(event.source) == reported_by(event.description):
        update["source"] = None  # who reports it did not do it: the words show no one
    named = _named(article, event) if coding.source is None else set()
    for role in ("source", "target"):
        key = _key_of(getattr(event, role))
        if coding.source is None and key and key.lower() not in named:
            refers = any(
                mentioned_by_reference(article, i, k) is not None
                for i in event.sentence_ids
                for k in {key, key.lower()}  # organisations are keyed in lower case
            )
            if not refers:
                # the model's actor, named nowhere in what the event cites, nor in the
                # sentence its "the president", "the administration" stands for
                update[role] = None
    if coding.source is not None:
        model_source, target = _key_of(event.source), _key_of(event.target)
        if model_source != coding.source:
            update["source"] = _name_of(coding.source)
            if target is None or target == coding.source:  # none given, or the two swapped
                new_target = coding.target or model_source
                update["target"] = _name_of(new_target) if new_target else None
    return event.model_copy(update=update)


def _word_events(article: Article, told: list[LLMEvent]) -> list[LLMEvent]:
    """Events the reporting words show in sentences no model event cites (see
    sentence_events.word_events); each is described by its own sentence."""
    cited_ids = {i for e in told for i in (*e.sentence_ids, *e._context_ids)}
    sentences = [(s.id, s.text) for s in article.sentences]
    out = []
    for w in word_events(sentences, cited_ids):
        text = article.sentences[w.sentence_id - 1].text
        event = LLMEvent(
            description=_clip(text),
            action=w.action,  # type: ignore[arg-type]
            source=_name_of(w.source) if w.source else None,
            target=_name_of(w.target) if w.target else None,
            when=w.when,
            sentence_ids=[w.sentence_id],
        )
        event._context_ids = list(w.context)  # the sentence naming whom "they" stands for
        out.append(event)
    return out


def _key_of(name: str | None) -> str | None:
    """An actor's key as event_coding gives it: the ISO code, else the name."""
    if not name:
        return None
    actor = resolve_actor(name)
    return actor.country_code or actor.name


def _name_of(key: str) -> str:
    return country_name(key) if is_state_key(key) else key


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
    """The position with only the evidence that shows its actor stating it (_stating);
    when its text was written from sentences that are no longer its evidence (under
    CITED_ENOUGH of its words remain), the text is its first stating sentence instead:
    what the reader sees must be what the evidence says."""
    evidence = _stating(article, key, position.evidence)
    own = [e.quote for e in evidence if not e.context]
    text = position.position
    if own and words_shared(text, own) < CITED_ENOUGH:
        text = _clip(own[0])
    return position.model_copy(update={"evidence": evidence, "position": text})


def _stating(article: Article, key: str, evidence: list[Evidence]) -> list[Evidence]:
    """A position's evidence without the cited sentences that do not show its actor
    stating a stance (the check needs one such sentence; the model often cites its
    neighbours too). Context sentences stay."""
    kept = [e for e in evidence if e.context or stated_by(article, e.sentence_id, key) is not None]
    return kept if any(not e.context for e in kept) else evidence


def _with_word_positions(article: Article, positions: list[Position]) -> list[Position]:
    """The model's positions and one for each actor the words show stating a stance that
    no model position holds (stated_positions), described by its first sentence; in
    article order (by each position's first own sentence)."""
    have = {actor_key(p.actor) for p in positions}
    out = list(positions)
    for key, ids in word_positions(article, have).items():
        text = article.sentences[leading_sentence(article, key, ids) - 1].text
        out.append(
            Position(
                actor=as_state_actor(resolve_actor(_name_of(key))),
                position=_clip(text),
                evidence=_evidence(
                    article, ids, [c for i in ids for c in context_of(article, i, key)]
                ),
            )
        )
    return sorted(out, key=_first_sentence)


def _first_sentence(position: Position) -> int:
    own = [e.sentence_id for e in position.evidence if not e.context]
    return min(own or [e.sentence_id for e in position.evidence] or [0])


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
    return _evidence(article, item.sentence_ids, getattr(item, "_context_ids", None) or [])


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
