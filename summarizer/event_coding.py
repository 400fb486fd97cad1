"""Code an event's PLOVER category from the words that report it.

The embedded 1.5B model picks a category badly (on PLOVER's gold-standard sentences it
answers ``mobilize`` for almost half), while the verb that reports an event names its
category well: "accused" is DISAPPROVE, "withdrew" RETREAT, "demanded" DEMAND. So, as the
PETRARCH coders do with their verb dictionaries, the words in
``summarizer/data/plover_words.toml`` code the action; the model's answer is kept only
when no listed word occurs. :func:`code_action` reads the event's description first (the
model's "who did what", which names the one happening) and then its sentences.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import get_args

from summarizer.attribution import PRIVATE_PERSON
from summarizer.models import PloverAction

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_CATEGORIES = {c.upper() for c in get_args(PloverAction)}
_VOWELS = "aeiou"
_JOINT = re.compile(r"\bjoint\s+(?:\w+\s+){0,2}?(?:drills?|exercises?|war\s+games?|patrols?)\b")
_CONDITIONAL = re.compile(r"\bunless\b|\bor else\b")
# An act announced for the future is coded as the promise or threat it is (PLOVER codes
# "will provide aid" as AGREE, "would blockade" as THREATEN); one a speaker says another
# "must" do is a demand.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|(?:prepared|ready|willing|going|plans?|intends?|vowed|"
    r"sworn|pledged|promised) to)\s+(?:\w+\s+)?$"
)
_MUST = re.compile(r"\b(?:must|should)\s+(?:\w+\s+)?$")
_COOPERATIVE = {"AID", "CONCEDE", "RETREAT", "CONSULT", "COOPERATE", "SUPPORT"}
_HOSTILE = {"COERCE", "PROTEST", "SANCTION", "ASSAULT", "FIGHT", "MOBILIZE"}


def inflections(verb: str) -> set[str]:
    """A regular verb's forms: ``ban`` → ban, bans, banned, banning, …"""
    out = {verb, verb + "s", verb + "ed", verb + "ing"}
    if verb.endswith("e"):
        out |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        out.add(verb + "es")
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in _VOWELS:
        out |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if (
        len(verb) >= 3
        and verb[-1] not in _VOWELS + "wxy"
        and verb[-2] in _VOWELS
        and verb[-3] not in _VOWELS
    ):
        out |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return out


@dataclass(frozen=True)
class Signal:
    category: str  # PLOVER, upper case
    start: int
    end: int
    strong: bool  # a verb or listed form, not only a noun
    inflected: bool = False  # a form generated from a listed verb


@dataclass(frozen=True)
class _Entry:
    category: str
    pattern: re.Pattern[str]
    strong: bool
    inflected: bool = False  # generated from a verb: "attack" may be the noun


def _phrase_pattern(words: list[str]) -> str:
    return r"\s+".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    path = resources.files("summarizer") / "data" / "plover_words.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for category, lists in table.items():
        if category not in _CATEGORIES:
            raise ValueError(f"plover_words.toml: {category} is not a PLOVER category")
        verbs, forms, nouns = [], [], []
        for verb in lists.get("verbs", []):
            first, *rest = verb.split()
            verbs += [_phrase_pattern([form, *rest]) for form in inflections(first)]
        forms += [_phrase_pattern(form.split()) for form in lists.get("forms", [])]
        nouns += [_phrase_pattern(noun.split()) for noun in lists.get("nouns", [])]
        for alts, strong, inflected in ((verbs, True, True), (forms, True, False),
                                        (nouns, False, False)):  # fmt: skip
            if alts:
                # longest first, so a phrase wins over its first word at the same place
                alts.sort(key=len, reverse=True)
                pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")
                entries.append(_Entry(category, pattern, strong, inflected))
    return tuple(entries)


# A verb's bare, -s or -ing form used as a noun: after a determiner or preposition ("the
# attack", "of sanctions", "an early warning"), a possessive ("Putin's two-day state
# visit") or a demonym ("Western sanctions"). A plural between them is the subject, not
# an adjective: "his forces launch", "Russia's forces attack" stay verbs.
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|that|these|those|his|her|its|their|our|any|no|each|every|"
    r"new|further|such|of|in|on|for|after|before|during|with|without|from|against|amid|"
    r"despite|under|over|by)\s+(?:[a-z][\w-]*[^\Ws]\s+)?"
    r"|[’']s\s+(?:[\w-]*[^\Ws]\s+){0,2}"
    r"|\b[A-Z][a-z]+(?:ern|an|ian|ese|ish|i)\s+)$"
)


def _used_as_noun(text: str, start: int, matched: str) -> bool:
    if matched.split()[0].endswith(("ed", "d")):
        return False  # "attacked", "signed": a verb
    return bool(_NOUN_BEFORE.search(text[max(0, start - 40) : start]))


def signals(text: str) -> list[Signal]:
    """Every listed word in ``text`` (lower-case words only: "March" is a month)."""
    found = [
        Signal(
            entry.category,
            m.start(),
            m.end(),
            entry.strong and not (entry.inflected and _used_as_noun(text, m.start(), m.group(0))),
            entry.inflected,
        )
        for entry in _entries()
        for m in entry.pattern.finditer(text)
    ]
    return sorted(found, key=lambda s: (s.start, -(s.end - s.start)))


def _trigger(text: str) -> Signal | None:
    strong = [s for s in signals(text) if s.strong]
    return strong[0] if strong else None


_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?\b")
_PREPOSITION = re.compile(
    r"\b(?:in|into|to|with|from|against|on|of|at|by|for|over|near|toward|towards|"
    r"across|between|inside|around)\s+(?:the\s+)?$",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+\s+)?$")


# "BEIJING — Russian President…", "Kyiv, Ukraine (AP) —": a dateline names a place, not
# an actor; nor does a kicker ("CHINESE AGGRESSION: Manila accused…")
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.,' ]{0,40}?(?:\([A-Z][\w ]*\))?\s*(?:—|–|--)|[A-Z][A-Z ’'-]{2,40}:)\s*"
)


def _mentions(text: str) -> list[tuple[int, str | None]]:
    """(position, ISO code) of each actor the text names, demonyms included
    ("Burundian militiamen", "Vietnamese-led forces"); None for an organisation."""
    from summarizer.actors import actor_spans, article_people, demonym_code

    found: dict[int, str | None] = {
        a: x.country_code for a, _, x in actor_spans(text, article_people(text))
    }
    for m in _DEMONYM.finditer(text):
        code = demonym_code(m.group(0).split("-")[0])
        if code and not any(a <= m.start() < a + 12 for a in found):
            found[m.start()] = code
    dateline = _DATELINE.match(text)
    skip = dateline.end() if dateline else 0
    return sorted((a, code) for a, code in found.items() if a >= skip)


def source_and_target(text: str) -> tuple[str | None, str | None]:
    """The countries (ISO codes) that act and are acted upon, by where the text names
    them around the word that reports the event: the source is the first country named
    before it (not in a place phrase such as "in Syria"), or the agent of a passive verb
    ("was attacked by Burundian militiamen"); the target the first other country after it.
    (None, None) when the text has no event verb."""
    trigger = _trigger(text)
    if trigger is None:
        return None, None
    mentions = _mentions(text)
    before = [(a, c) for a, c in mentions if a < trigger.start]
    after = [(a, c) for a, c in mentions if a >= trigger.end]
    subjects = [(a, c) for a, c in before if not _PREPOSITION.search(text[max(0, a - 20) : a])]
    source = subjects[0][1] if subjects else None  # None too for an organisation
    # "a Syrian refugee said…", "a Kyiv resident who witnessed the attack": a private
    # person acting or speaking is not the country (protesters are its people protesting)
    private = subjects and PRIVATE_PERSON.search(text[subjects[0][0] : trigger.start])
    if private and trigger.category != "PROTEST":
        return None, None
    if _PASSIVE.search(text[max(0, trigger.start - 30) : trigger.start]):
        # "was attacked by Burundian militiamen": the agent acts on the subject; with no
        # agent ("two hostages … were released") the subject is acted upon, the actor
        # unknown
        agent = re.match(r"\s+(?:\w+\s+){0,2}?by\s+", text[trigger.end :])
        agents = [c for a, c in after if agent and a < trigger.end + agent.end() + 40]
        patient = subjects[0][1] if subjects else None
        return (agents[0], patient) if agents else (None, patient)
    target = next((c for _, c in after if c != source), None)
    return source, target


def code_action(text: str) -> str | None:
    """The PLOVER category (lower case) the text's words signal, or None.

    The earliest verb wins (a longer phrase over a shorter one at the same place); nouns
    count only when no verb occurs. Joint drills and exercises are COOPERATE; an act made
    conditional ("… will withdraw its force unless …") is a threat; an act announced for
    the future is a promise (AGREE) or a threat, and one someone "must" do a demand.
    """
    found = signals(text)
    if not found:
        return None
    strong = [s for s in found if s.strong]
    best = (strong or found)[0]
    category = best.category
    before = text[max(0, best.start - 40) : best.start]
    if _MUST.search(before):
        category = "DEMAND"
    elif _FUTURE.search(before):
        category = "AGREE" if category in _COOPERATIVE else category
        category = "THREATEN" if category in _HOSTILE else category
    if category == "MOBILIZE" and _JOINT.search(text):
        category = "COOPERATE"
    if _CONDITIONAL.search(text) and category not in {"DEMAND", "THREATEN", "REJECT"}:
        category = "THREATEN"
    return category.lower()


@dataclass(frozen=True)
class Coding:
    action: str
    source: str | None  # ISO code, when the words show who acted
    target: str | None


def code_event(description: str, sentences: list[str], answer: str) -> Coding:
    """An event's category from its description's words, else from the words of the
    sentences it cites, else the model's ``answer``; and who acted on whom, from the first
    of those texts with an event verb (None where the words do not show it)."""
    action = next((a for t in (description, *sentences) if (a := code_action(t))), answer)
    for text in (description, *sentences):
        if _trigger(text) is not None:
            source, target = source_and_target(text)
            return Coding(action, source, target)
    return Coding(action, None, None)


_BEFORE_BARE_VERB = re.compile(
    r"(?:\b[A-Z][\w.’'-]*|\b(?:will|would|must|should|could|can|cannot|may|might|shall|"
    r"to|did|does|do|they|he|she|it|we|also|then|now|jointly)|\))\s+$"
)


def _finite(text: str, trigger: Signal) -> bool:
    """Whether the event verb is plainly a verb: a past form ("attacked"), a listed form
    ("shot down"), a progressive ("has been training"), or a bare or -s form right after
    its subject or a modal ("Russia attacks", "troops leave", "they will meet") — not
    "the Oct. 7 attacks" or "a warning"."""
    word = text[trigger.start : trigger.end].split()[0]
    if not trigger.inflected or word.endswith("ed"):
        return True
    before = text[max(0, trigger.start - 30) : trigger.start]
    if word.endswith("ing"):  # "have been pressuring", not "a warning"
        return bool(re.search(r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?$", before))
    # after its subject ("Russia attacks", "troops leave") or a modal ("will meet")
    return bool(_BEFORE_BARE_VERB.search(before) or re.search(r"\b[a-z]+s\s+$", before))


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN_WORDS = re.compile(
    rf"\b(?:(?:last|this|next|on)\s+)?(?:{_DAYS})(?:\s+(?:night|morning|evening))?\b"
    rf"|\b(?:(?:in|on|since|last|this|early|late|mid-)\s*)?(?:{_MONTHS})"
    rf"(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    r"|\b(?:yesterday|today|tonight|overnight)\b"
    r"|\blast\s+(?:week|month|year)\b|\bin\s+(?:19|20)\d\d\b"
)


@dataclass(frozen=True)
class WordEvent:
    """An act a sentence reports with a listed verb and a named acting country."""

    sentence_id: int
    action: str  # PLOVER, lower case
    source: str  # ISO code
    target: str | None
    when: str | None  # the sentence's own words ("on Thursday"), if it has any


def word_events(sentences: list[tuple[int, str]], skip: set[int]) -> list[WordEvent]:
    """Events the words alone show, in the sentences not in ``skip`` (those the model's
    events already cite): a listed verb outside quotation marks, and a country named as
    the one acting (:func:`source_and_target`). The small model lists four to six events
    and passes over most of the news; these fill the gaps, each citing its one sentence."""
    out = []
    for sid, text in sentences:
        if sid in skip:
            continue
        plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        trigger = _trigger(plain)
        if trigger is None or not _finite(plain, trigger):
            continue
        source, target = source_and_target(plain)
        if source is None:
            continue
        when = _WHEN_WORDS.search(text)
        action = code_action(plain) or "consult"  # a trigger always codes; for the type
        out.append(WordEvent(sid, action, source, target, when.group(0) if when else None))
    return out
