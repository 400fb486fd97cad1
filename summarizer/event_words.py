"""PLOVER event categories from the words that report an event.

The embedded 1.5B model picks a category badly (on PLOVER's gold-standard sentences it
answers ``mobilize`` for almost half), while the verb that reports an event names its
category well: "accused" is DISAPPROVE, "withdrew" RETREAT, "demanded" DEMAND. So, as the
PETRARCH coders do with their verb dictionaries, the words in
``summarizer/data/plover_words.toml`` code the action (:func:`code_action`); who acted is
:mod:`summarizer.event_coding`'s business.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import get_args

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
MUST_BEFORE = re.compile(r"\b(?:must|should)\s+(?:\w+\s+)?$")
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
    short_vowel = verb[-2:-1] in tuple(_VOWELS) and (
        verb[-3:-2] not in tuple(_VOWELS) or verb[-4:-2] == "qu"  # "equip" → "equipped"
    )
    if len(verb) >= 3 and verb[-1] not in _VOWELS + "wxy" and short_vowel:
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


_PARTICLES = {"for", "on", "out", "down", "up", "back", "off", "to", "into", "with", "against"}


def _phrase_pattern(words: list[str], *, gap: bool = False) -> str:
    """A phrase's words in order; with ``gap``, one more word may stand before its last
    word unless that is a particle ("held direct talks", "launched a new offensive"; not
    "called them for")."""
    head = r"\s+".join(re.escape(w) for w in words[:-1])
    if len(words) < 2:
        return re.escape(words[0])
    between = r"\s+(?:[\w-]+\s+)?" if gap and words[-1] not in _PARTICLES else r"\s+"
    return head + between + re.escape(words[-1])


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[_Entry, ...], dict[str, re.Pattern[str]]]:
    path = resources.files("summarizer") / "data" / "plover_words.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    blocked: dict[str, re.Pattern[str]] = {}  # per category: its exceptions
    for category, lists in table.items():
        if category not in _CATEGORIES:
            raise ValueError(f"plover_words.toml: {category} is not a PLOVER category")
        verbs, forms, nouns = [], [], []
        for verb in lists.get("verbs", []):
            first, *rest = verb.split()
            verbs += [_phrase_pattern([form, *rest], gap=True) for form in inflections(first)]
        forms += [_phrase_pattern(form.split()) for form in lists.get("forms", [])]
        nouns += [_phrase_pattern(noun.split()) for noun in lists.get("nouns", [])]
        if excepted := [_phrase_pattern(e.split()) for e in lists.get("except", [])]:
            blocked[category] = re.compile(r"(?<![\w-])(?:" + "|".join(excepted) + r")(?![\w-])")
        for alts, strong, inflected in ((verbs, True, True), (forms, True, False),
                                        (nouns, False, False)):  # fmt: skip
            if alts:
                # longest first, so a phrase wins over its first word at the same place
                alts.sort(key=len, reverse=True)
                pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")
                entries.append(_Entry(category, pattern, strong, inflected))
    return tuple(entries), blocked


# A verb's bare, -s or -ing form used as a noun: after a determiner or preposition ("the
# attack", "of sanctions", "an early warning"), a possessive ("Putin's two-day state
# visit") or a demonym ("Western sanctions"). A plural between them is the subject, not
# an adjective: "his forces launch", "Russia's forces attack" stay verbs.
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|that|these|those|his|her|its|their|our|any|no|each|every|"
    r"new|further|such|of|in|on|for|after|before|during|with|without|from|against|amid|"
    r"despite|under|over|by|A|An|The|This|That|These|Those|His|Her|Its|Their|Our|Any|No|"
    r"Each|Every|Such)\s+(?:[a-z][\w-]*[^\Ws]\s+)?"
    r"|[’']s\s+(?:[\w-]*[^\Ws]\s+){0,2}"
    r"|\b[A-Z][a-z]+(?:ern|an|ian|ese|ish|i)\s+)$"
)


def _used_as_noun(text: str, start: int, matched: str) -> bool:
    if matched.split()[0].endswith(("ed", "d")):
        return False  # "attacked", "signed": a verb
    return bool(_NOUN_BEFORE.search(text[max(0, start - 40) : start]))


# A light verb makes its event noun the act: "announced a suspension of air links",
# "launched an investigation", "imposed sanctions", "declared a ceasefire".
_LIGHT_VERB = re.compile(
    r"\b(?:announc(?:e|es|ed|ing)|order(?:s|ed)?|impos(?:e|es|ed|ing)|declar(?:e|es|ed)|"
    r"launch(?:es|ed)?|conduct(?:s|ed)?|stag(?:e|es|ed)|mount(?:s|ed)?|"
    r"carr(?:y|ies|ied)\s+out)\s+(?:(?:a|an|the|new|its|their|fresh)\s+)?(?:[\w-]+\s+)?$"
    # "reached a “historic” Phase 1 trade agreement": the noun may come a few words later
    r"|\breach(?:es|ed)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}$"
)
# "announced the attack had been repelled": the noun is the subject of what follows
_NOUN_SUBJECT = re.compile(r"^\s+(?:had|has|have|was|were|is|are|would|will)\b")


def _strong(entry: _Entry, text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if not entry.strong:
        light = _LIGHT_VERB.search(before)
        return bool(light) and not _NOUN_SUBJECT.match(text[match.end() : match.end() + 8])
    return not (entry.inflected and _used_as_noun(text, match.start(), match.group(0)))


def signals(text: str) -> list[Signal]:
    """Every listed word in ``text`` (lower-case words only: "March" is a month), except
    inside one of its category's exceptions ("as demonstrated by", "requests for
    comment")."""
    entries, blocked = _entries()
    spans = {c: [m.span() for m in p.finditer(text)] for c, p in blocked.items()}
    found = [
        Signal(entry.category, m.start(), m.end(), _strong(entry, text, m), entry.inflected)
        for entry in entries
        for m in entry.pattern.finditer(text)
        if not any(a <= m.start() < b for a, b in spans.get(entry.category, []))
    ]
    return sorted(found, key=lambda s: (s.start, -(s.end - s.start)))


def trigger(text: str) -> Signal | None:
    """The word that reports the event: the earliest verb (None when there is none)."""
    strong = [s for s in signals(text) if s.strong]
    return strong[0] if strong else None


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
    if MUST_BEFORE.search(before):
        category = "DEMAND"
    elif _FUTURE.search(before):
        category = "AGREE" if category in _COOPERATIVE else category
        category = "THREATEN" if category in _HOSTILE else category
    if category == "MOBILIZE" and _JOINT.search(text):
        category = "COOPERATE"
    if _CONDITIONAL.search(text) and category not in {"DEMAND", "THREATEN", "REJECT"}:
        category = "THREATEN"
    return category.lower()


@lru_cache(maxsize=1)
def _context_patterns() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The [except] phrases, and each context's words, from plover_contexts.toml."""
    path = resources.files("summarizer") / "data" / "plover_contexts.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))

    def pattern(words: list[str], plural: bool) -> re.Pattern[str]:
        alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
        ending = r"(?:s|es)?" if plural else ""
        return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")" + ending + r"(?!\w)", re.I)

    blocked = pattern(table.pop("except", {}).get("words", []) or ["(?!)"], False)
    return blocked, tuple((name, pattern(entry["words"], True)) for name, entry in table.items())


def contexts(text: str) -> list[str]:
    """PLOVER contexts the words of a text name ("military", "diplomatic", "legal"…), in
    the order of summarizer/data/plover_contexts.toml."""
    blocked, patterns = _context_patterns()
    plain = blocked.sub(" ", text)
    return [name for name, found in patterns if found.search(plain)]
