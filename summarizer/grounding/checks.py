"""Grounding: sentence ids → exact Evidence, and support checks on cited sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summarizer.document.article import Article
from summarizer.grounding.evidence import leaked_structure, source_sentence
from summarizer.grounding.wording import Wording
from summarizer.models import Actor
from summarizer.nlp.actors import (
    actor_key,
    article_people,
    as_state_actor,
    key_of,
    mentions,
    name_of,
    resolve_actor,
)
from summarizer.nlp.events import check_roles, clause_action, supports
from summarizer.nlp.lexicon import reaction_verbs
from summarizer.nlp.reading import Reading, annotate


@dataclass(frozen=True)
class SupportProblem:
    kind: str  # "event", "position", "peace_proposal", "stance", or "pass"
    index: int
    label: str
    message: str  # for the model's re-ask: the problem and how to fix it
    finding: str = ""  # for the user's warnings: the problem alone
    # "reask": the item is wrong, the model is asked again (then it is dropped);
    # "repair": the item was mended and kept (the warning says how);
    # "drop": the item is removed without a re-ask (the warning says why)
    outcome: str = "reask"

    @property
    def warning(self) -> str:
        """For the reader: the problem, without the instruction the model was given, and
        an actor named once ("Ukraine or Ukraine": an event by and on one actor). The
        model's re-ask keeps its own wording, so recordings stay as they are."""
        text = _TO_THE_MODEL.sub("", self.finding or self.message)
        return _TWICE.sub(r"\1", text)


# the prompt's instructions that end a re-ask line ("…: remove it"): for the model only
_TWICE = re.compile(r"\b([A-Z][\w.'’ -]*?) or \1\b")
_TO_THE_MODEL = re.compile(r"[:;,] (?:or )?(?:remove it|write it in plain words)\s*$")


def _bad_ids(article: Article, ids: list[int]) -> list[int]:
    return [i for i in ids if article.sentence(i) is None]


# Re-ask wording comes from the prompt file: ``say(key, **values)`` renders one line of
# its [reask] table (see prompts/extract.toml; grounding/wording.py).


def check_item(
    article: Article, kind: str, index: int, item: Any, say: Wording
) -> list[SupportProblem]:
    """Problems with one LLM item, first found first: missing sentences; text fields that
    carry the answer's structure; cited sentences that never name the item's actor (an
    earlier sentence of the paragraph counts when the cited one refers back — it is then
    kept as context); a position or stance whose sentences show someone else stating it;
    a "peace proposal" whose sentences speak of no plan, talks or agreement."""
    ids: list[int] = list(item.sentence_ids)
    n = len(article.sentences)
    label = _label(kind, item)
    bad = _bad_ids(article, ids)
    if bad:
        message = say("missing_sentence", label=label, sentence=bad[0], count=n)
        return [SupportProblem(kind, index, label, message)]
    for name in ("description", "position", "summary", "conditions"):
        text = getattr(item, name, None)
        if isinstance(text, str) and leaked_structure(text):
            message = say("leaked", label=label)
            return [SupportProblem(kind, index, label, message)]
    # (a position moved to the sentence it copies must still show its actor stating it:
    # that is checked below)
    claim = getattr(item, {"event": "description", "position": "position",
                           "peace_proposal": "summary"}.get(kind, ""), None)  # fmt: skip
    if isinstance(claim, str):
        better = source_sentence(article, claim, ids)
        if better is not None:  # the claim was written from another sentence: cite that
            item.sentence_ids = ids = [better]
            label += f" (moved to sentence {better}, which it restates)"
    cited = ", ".join(str(i) for i in ids)
    reading = annotate(article)
    if kind == "peace_proposal" and not any(
        (s := reading.sentence(i)) is not None and s.plan for i in ids
    ):
        finding = say("not_proposal", label=label, cited=cited)
        return [SupportProblem(kind, index, label, finding, finding)]
    actor_names: list[str]
    if kind == "event":
        actor_names = [a for a in (item.source, item.target) if a]
    elif kind == "peace_proposal":
        actor_names = [item.proposer]
    else:
        actor_names = [item.actor]
    if not actor_names:  # an event with no actor: the cited clause may show who acted
        return _event_roles(article, reading, index, label, item, ids) if kind == "event" else []
    actors = [resolve_actor(a) for a in actor_names]
    keys = [actor_key(as_state_actor(a)) for a in actors]
    who = actor_names[0] if len(actor_names) == 1 else " or ".join(actor_names)

    def names_actor(sentence_id: int) -> bool:
        sentence = article.sentence(sentence_id)
        return sentence is not None and names_any(article, actors, sentence.text)

    if kind in ("position", "stance"):  # the parse must show the actor stating it
        stating = {i: c for i in ids if (c := reading.speakers(i).get(keys[0])) is not None}
        if stating:
            out: list[SupportProblem] = []
            left = [i for i in ids if i not in stating]
            if left:
                item.sentence_ids = [i for i in ids if i in stating]
                out.append(_repair(kind, index, label, say(
                    "not_stated", label=label, cited=", ".join(map(str, left)), who=who)
                    + "; that evidence was left out"))  # fmt: skip
            _set_context(item, [c for found in stating.values() for c in found], ids)
            return out
        if any(names_actor(i) for i in ids) or any(
            reading.refers_to(i, k) is not None for i in ids for k in keys
        ):
            finding = say("not_stated", label=label, cited=cited, who=who)
            return [SupportProblem(kind, index, label, f"{finding}; {say('state_fix', who=who)}",
                                   finding)]  # fmt: skip
        return [_not_mentioned(article, kind, index, label, cited, who, names_actor, say)]
    context: list[int] = []
    if not any(names_actor(i) for i in ids):
        for i in ids:  # "the two leaders signed…": named in the sentences before
            earlier = [reading.refers_to(i, k) for k in keys]
            context += [e for e in earlier if e is not None]
        if not context:
            return [_not_mentioned(article, kind, index, label, cited, who, names_actor, say)]
    if kind == "peace_proposal":  # who put it forward, not who spoke of it
        owned = [c for i in ids if (c := reading.proposes(i, keys[0])) is not None]
        context += [i for c in owned for i in c]
        if not owned:
            finding = say("not_stated", label=label, cited=cited, who=who)
            return [SupportProblem(kind, index, label, f"{finding}; {say('state_fix', who=who)}",
                                   finding)]  # fmt: skip
    problems: list[SupportProblem] = []
    if kind == "event":
        problems = _event_roles(article, reading, index, label, item, ids)
    _set_context(item, context, ids)
    return problems


def _set_context(item: Any, context: list[int], ids: list[int]) -> None:
    if hasattr(item, "set_context"):
        item.set_context(sorted(set(context) - set(ids)))


def _repair(
    kind: str, index: int, label: str, finding: str, outcome: str = "repair"
) -> SupportProblem:
    return SupportProblem(kind, index, label, finding, finding, outcome)


def _not_mentioned(
    article: Article, kind: str, index: int, label: str, cited: str, who: str,
    names_actor: Callable[[int], bool], say: Wording,
) -> SupportProblem:  # fmt: skip
    candidates = [s.id for s in article.sentences if names_actor(s.id)]
    if candidates:
        shown = ", ".join(str(i) for i in candidates[:8])
        fix = say("cite_instead", who=who, candidates=shown + (" …" if len(candidates) > 8 else ""))
    else:
        fix = say("no_candidates", who=who)
    finding = say("not_mentioned", label=label, cited=cited, who=who)
    return SupportProblem(kind, index, label, f"{finding}; {fix}", finding)


def _event_roles(
    article: Article, reading: Reading, index: int, label: str, item: Any, ids: list[int]
) -> list[SupportProblem]:
    """Who did it to whom, as the cited clauses say (nlp.events.check_roles): swapped or
    bystander roles are mended (and said so); an act the source only denies, supposes or
    plans is no event."""
    names = {key_of(n): n for n in (item.source, item.target) if n}
    source = key_of(item.source) if item.source else None
    target = key_of(item.target) if item.target else None
    roles = check_roles(reading, ids, source, target, item.action)
    if not roles.act_done:
        why = (
            roles.change
            or "the cited sentence reports no act done by its source (negated, supposed or planned)"
        )
        return [_repair("event", index, label, f"{label}: {why}", "drop")]
    out: list[SupportProblem] = []

    def name(key: str | None) -> str | None:
        return None if key is None else names.get(key) or name_of(key)

    if roles.change:
        item.source, item.target = name(roles.source), name(roles.target)
        out.append(_repair("event", index, label, f"{label}: {roles.change}"))
        if (
            item.source is None
            and item.target is not None
            and _named_anywhere(reading, item.target)
            and not _named_in(article, reading, ids, item.target)
        ):  # nothing of the event is left in its sentences: the model took the target from
            # elsewhere in the article (a free-text target, "government leaders", stays)
            why = f"{label}: no source, and the cited sentence does not name {item.target}"
            return [_repair("event", index, label, why, "drop")]
    worded = clause_action(reading, ids, roles.source)
    if worded is not None and worded[0] != item.action and not supports(reading, ids, item.action):
        # the verb says which act it was, and nothing in the sentence words the model's
        said = f"{label}: coded {worded[0]} (not {item.action}), as '{worded[1]}' says"
        out.append(_repair("event", index, label, said))
        item.action = worded[0]
        if roles.source is None:  # who did the act the verb says
            found = check_roles(
                reading, ids, None, roles.target, item.action, same=source == target
            )
            if found.source is not None:
                item.source, item.target = name(found.source), name(found.target)
                out.append(_repair("event", index, label, f"{label}: {found.change}"))
    return out


def _named_anywhere(reading: Reading, name: str) -> bool:
    key = actor_key(as_state_actor(resolve_actor(name)))
    return any(key in s.named for s in reading.sentences.values())


def _named_in(article: Article, reading: Reading, ids: list[int], name: str) -> bool:
    """Whether the cited sentences name ``name`` or refer back to it."""
    actor = resolve_actor(name)
    key = actor_key(as_state_actor(actor))
    return any(
        ((s := article.sentence(i)) is not None and names_any(article, [actor], s.text))
        or ((r := reading.sentence(i)) is not None and key in r.named)  # "the Fijian rebels"
        or reading.refers_to(i, key) is not None
        for i in ids
    )


def stance_from_proposal(article: Article, stance: Any, proposal_ids: list[int]) -> None:
    """A stance citing sentences that never name its actor, while one of the proposal's
    own sentences shows that actor reacting that way ("the plan was rejected by Ukraine":
    a clause the actor does whose verb is of the stance's kind), cites that sentence
    instead (the small model cites the plan's neighbours)."""
    actor = [resolve_actor(stance.actor)]
    if any(
        (s := article.sentence(i)) is not None and names_any(article, actor, s.text)
        for i in stance.sentence_ids
    ):
        return
    verbs = reaction_verbs().get(stance.stance)
    if not verbs:
        return  # conditions, neutrality and doubt need their own sentence
    key = actor_key(as_state_actor(actor[0]))
    reading = annotate(article)
    for i in proposal_ids:
        for clause, doers in reading.acts(i):
            if key in doers and clause.lemma in verbs and not clause.negated and not clause.quoted:
                stance.sentence_ids = [i]
                return


def names_any(article: Article, actors: list[Actor], text: str) -> bool:
    """Whether ``text`` (a sentence of ``article``) names one of ``actors``: by name, alias,
    or a person the article ties to the actor's country."""
    people = _people(article.text)
    return any(
        mentions(text, a, _name_parts(a.name) | _aliases_in_article(a, people)) for a in actors
    )


@lru_cache(maxsize=8)
def _people(text: str) -> dict[str, str]:
    return article_people(text)


def _aliases_in_article(actor: Actor, people: dict[str, str]) -> set[str]:
    """People the article ties to the actor's country ('Chinese leader Xi Jinping' makes a
    later 'Xi' count for China)."""
    code = actor.country_code
    return {name for name, c in people.items() if code and c == code}


def _name_parts(name: str) -> set[str]:
    """A person named 'Hoo Tiang Boon' is mentioned by their surname too."""
    words = [w for w in name.lower().split() if len(w) > 3]
    return {name.lower(), *words[-1:]} if words else {name.lower()}


def _label(kind: str, item: Any) -> str:
    if kind == "position":
        return f"position of {item.actor}"
    if kind == "event":
        text = item.description
        return f"event '{text[:60]}…'" if len(text) > 60 else f"event '{text}'"
    if kind == "peace_proposal":
        return f"peace proposal by {item.proposer}"
    return f"stance of {item.actor}"
