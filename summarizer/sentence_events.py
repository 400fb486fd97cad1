"""Events the words alone show: sentences no model event cites, read again for an act
reported as having happened, by a named actor, an unnamed kind of actor ("snipers",
"the two sides") or suffered in a past passive, and reactions drawn from a state ("That
drew rebukes from Prime Minister Martin"). No model call; each event cites its one
sentence (docs/events.md, "Events the words show")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.actors import is_state_key
from summarizer.attribution import PEOPLE_OF, REACTION_FROM, TITLES_ONLY
from summarizer.event_coding import (
    REPORTING,
    act_verb,
    actor_mentions,
    actors_of,
    is_passive,
    placed_mentions,
    plain,
    when_near,
)
from summarizer.event_words import Signal, code_action


@dataclass(frozen=True)
class WordEvent:
    """An act a sentence reports with a listed verb: by a named actor, or by an unnamed
    one (``source`` None) when :func:`_unnamed_actor` allows it."""

    sentence_id: int
    action: str  # PLOVER, lower case
    source: str | None  # ISO code, or an organisation's name; None when unnamed
    target: str | None
    when: str | None  # the sentence's own words ("on Thursday"), if it has any
    context: tuple[int, ...] = ()  # the sentence before, when its subject stands for it


def word_events(sentences: list[tuple[int, str]], skip: set[int]) -> list[WordEvent]:
    """Events the words alone show, in the sentences not in ``skip`` (those the model's
    events already cite): an act the sentence reports as having happened
    (``event_coding.reports_an_act``), outside quotation marks, by an actor it names as
    the one acting, country or organisation (``event_coding.source_and_target``), or by an
    unnamed kind of actor, the source then None. The small model lists four to six events
    and passes over much of the news; these fill the gaps, each citing its one sentence."""
    out = []
    previous: tuple[int, str] = (0, "")
    for sid, text in sentences:
        (before_id, before), previous = previous, (sid, text)
        if sid in skip:
            continue
        if (verb := act_verb(p := plain(text))) is None:
            if reaction := _reaction(p):
                out.append(WordEvent(sid, *reaction, None))
            continue
        source, target = actors_of(p, verb)
        context: tuple[int, ...] = ()
        refers = _REFERS_BACK.match(p[: verb.start])
        if source is None and refers and not is_passive(p, verb):
            source = _subject_of(before, refers.group(1))  # "They held a joint war game"
            target = next((c for a, _b, c in actor_mentions(p) if a >= verb.end and c != source),
                          None)  # fmt: skip
            context = (before_id,)
        action = code_action(p) or "consult"  # an act's verb always codes
        if source is None:
            if not _unnamed_actor(p, verb, action):
                continue
            target = _unplaced(p, target, verb)
        out.append(WordEvent(sid, action, source, target, when_near(p, verb), context))
    return out


# Who acts, unnamed, in a plainly reported act: armed men, police, crowds, officials —
# the kinds of actors news names by what they are ("snipers have also shot into crowds",
# "Hundreds of demonstrators blocked roads", "The two sides continue to negotiate")
_UNNAMED_KINDS = (
    r"police|policemen|officers|troops|soldiers|forces|militants|gunmen|snipers|fighters|"
    r"rebels|insurgents|militias?|militiamen|demonstrators|protesters|protestors|rioters|"
    r"attackers|assailants|authorities|officials|negotiators|mediators|sides|"
    r"member\s+states|warplanes|jets|drones"
)
_UNNAMED_SUBJECT = re.compile(
    rf"(?:^|[,;:(—–]\s*|\b(?:and|but)\s+)(?P<np>(?:[\w’'-]+\s+){{0,3}}?(?P<kind>{_UNNAMED_KINDS}))"
    r"\s+(?:(?:have|has|had|also|reportedly|then|later|again|repeatedly|"
    r"continued?\s+to|continues\s+to|began\s+to)\s+)*$",
    re.I,
)
# An act suffered, its doer unnamed: "Haniyeh was killed by an airstrike", "King and
# Weeks were abducted by gunmen", "Two hostages … were released Tuesday"
_SUFFERED = frozenset({"assault", "fight", "coerce", "concede", "sanction", "investigate",
                       "disapprove"})  # fmt: skip
# past only: "Aid convoys are (being) attacked almost daily" tells a habit, "for fear of
# being arrested" a fear; not after a modal ("should have been investigated")
_FINITE_PASSIVE = re.compile(r"\b(?:was|were|been)\s+(?:being\s+)?(?:\w+ly\s+)?$")
_MODAL_PERFECT = re.compile(
    r"\b(?:should|must|would|could|might|may|will|shall)\s+(?:not\s+)?have\s+been\s+"
    r"(?:being\s+)?(?:\w+ly\s+)?$"
)
# an act done, not a habit or a plan: a past form, or a perfect ("Gunmen kill dozens every
# month", "Negotiators meet on Thursday" are no events); "continue to" is going on
_DONE = re.compile(r"\b(?:has|have|had)\s+(?:\w+ly\s+)?$|\bcontinu(?:e|es|ed)\s+to\s+$")
_PAST_FORMS = frozenset({"met", "held", "fought", "shot", "struck", "beat", "hit", "put",
                         "sent", "froze", "withdrew", "retook", "gave", "blew", "took",
                         "began", "sought", "made", "led", "broke"})  # fmt: skip
# the doer a passive may name without naming who: arms and the unnamed kinds — not "an
# earthquake", "swarms of locusts" or a tennis player
_ARMED_AGENT = re.compile(
    rf"\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_UNNAMED_KINDS}|"
    r"(?:air)?strikes?|air\s+strikes?|missiles?|rockets?|shells?|shelling|bombs?|bombing|"
    r"gunfire|drones?|explosives?|mortars?|artillery|grenades?|bullets?)\b",
    re.I,
)
# no one did or suffered it: "No protesters were arrested", "police said nobody had been
# detained", "Not a single protester was arrested"
_NO_ONE = re.compile(r"\b(?:no|nobody|none|no\s+one|not\s+(?:a\s+single|one|any))\b[^,;]*$", re.I)


def _unnamed_actor(text: str, verb: Signal, action: str) -> bool:
    """Whether an act whose doer the sentence names as no country or organisation is
    still an event: its subject is one of the unnamed kinds of actor right before the verb
    (:data:`_UNNAMED_SUBJECT`), or it is an act suffered, in a finite past passive
    ("was killed", "were released"), whose agent, if any, is arms or such a kind — the
    event is kept with no source, never a guessed one."""
    before = text[max(0, verb.start - 30) : verb.start]
    if _NO_ONE.search(text, max(0, verb.start - 40), verb.start):
        return False
    subject = _UNNAMED_SUBJECT.search(text, 0, verb.start)
    if subject is not None:
        # capitalised only as a sentence's first word: "The Fighters attacked early" is a team
        kind = subject.start("kind")
        named = text[kind].isupper() and text[:kind].strip() != ""
        word = text[verb.start : verb.end].split()[0].lower()
        done = word.endswith("ed") or word in _PAST_FORMS or _DONE.search(before) is not None
        return done and not named
    after = text[verb.end :]
    return (
        action in _SUFFERED
        and _FINITE_PASSIVE.search(before) is not None
        and _MODAL_PERFECT.search(before) is None
        and not re.match(r"\s+to\s", after)  # "is allowed to say": leave given
        and ((by := re.search(r"\sby\s", after[:40])) is None
             or _ARMED_AGENT.match(after, by.start()) is not None)
    )  # fmt: skip


def _unplaced(text: str, target: str | None, verb: Signal) -> str | None:
    """The target of an act with no named doer, unless it is only where the act happened
    ("Police fired tear gas at protesters in Nairobi, Kenya": no foreign attack is read
    into a place), the one reporting it ("Israel's military said … it was being
    investigated": the incident is, not Israel) or a person's nationality ("Police
    arrested a Russian-born man")."""
    if target is None:
        return None
    mentions = actor_mentions(text)
    placed = placed_mentions(text, mentions)
    return next((c for a, b, c in mentions
                 if c == target and a not in placed and not _PLACE_NAMES.search(text, 0, a)
                 and not REPORTING.search(text, a, verb.start)
                 and not _DEMONYM_BEFORE_NOUN.match(text[a : b + 2])),
                None)  # fmt: skip


# a people's adjective before a noun is no target of its own: "a Russian-born man"
_DEMONYM_BEFORE_NOUN = re.compile(r"\w*(?:an|ese|ish|i|ic|ch)(?:-|\s[a-z])")


# a country after the place it is in: "in Nairobi, Kenya", "in eastern Congo"
_PLACE_NAMES = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around)\s+(?:the\s+)?"
    r"(?:(?-i:north|south|east|west)\w*\s+)?(?:[A-Z][\w’'.-]*,?\s+){0,3}$"
)


# What a reaction drawn from someone is: "That drew rebukes from Prime Minister Martin"
_REACTIONS = {"rebuke": "disapprove", "criticism": "disapprove", "condemnation": "disapprove",
              "objection": "disapprove", "protest": "disapprove", "praise": "support"}  # fmt: skip


def _reaction(text: str) -> tuple[str, str, str | None] | None:
    """A reaction the sentence reports drawn from a state or organisation ("That drew
    rebukes from Prime Minister Micheál Martin", "…sparked condemnation from Beijing"):
    (action, source, target). Not one drawn from some of a people ("from Russian
    opposition leader Alexei Navalny", "from U.S. farmers"), none at all ("drew no
    criticism", "has not drawn protests") or a supposed one ("would have drawn"). The
    target is the owner that opens the clause ("Russia's move drew praise…"), else none."""
    found = REACTION_FROM.search(text)
    if found is None:
        return None
    words = found.group(0).lower().split()
    action = _REACTIONS.get(words[-2].rstrip("s"))
    clause_start = max(text.rfind(c, 0, found.start()) for c in ",;:") + 1
    if (
        action is None
        or (len(words) > 3 and words[1] in _NONE_OF_IT)
        or _NOT_DRAWN.search(text, 0, found.start())
        or _IF.search(text, clause_start, found.start())
    ):
        return None
    mentions = actor_mentions(text)
    after = [(a, b, c) for a, b, c in mentions
             if found.end() <= a <= found.end() + 40
             and TITLES_ONLY.match(text[found.end() : a])]  # fmt: skip
    if (
        not after
        or not _SPEAKS_FOR_STATE.match(text, after[0][1])
        or PEOPLE_OF.fullmatch(text, after[0][0], after[0][1])
    ):
        return None  # "from Russian opposition leader…", "from Palestinians"
    owner = next((c for a, b, c in mentions
                  if _CLAUSE_OPENING.fullmatch(text, clause_start, a)
                  and re.match(r"[’']s\b", text[b : b + 3])
                  and not re.search(r"\bby\b", text[b : found.start()])), None)  # fmt: skip
    source = after[0][2]
    return action, source, owner if owner != source else None


_NONE_OF_IT = frozenset({"no", "little", "few", "scant", "minimal", "muted"})
# a reaction not drawn, or only supposed, right before its verb: "has not drawn", "would
# have drawn"; or in a clause that only asks: "unclear whether the move drew"
_NOT_DRAWN = re.compile(
    r"(?:\b(?:not|never|could|would|might|may|will)|n['’]t)\s+(?:have\s+)?(?:been\s+)?$", re.I
)
_IF = re.compile(r"\b(?:whether|if|unless|unclear)\b", re.I)
_CLAUSE_OPENING = re.compile(r"\s*(?:(?:The|the)\s+)?")
# What may follow the actor a reaction is drawn from: nothing more (", the leader of…",
# "and Germany") or its government's people — not "opposition leader", "farmers"
_SPEAKS_FOR_STATE = re.compile(
    r"(?:\s*(?:[,.;:]|and\b|$)|(?:['’]s)?\s+(?:(?:foreign|defen[cs]e|interior|prime|"
    r"state)\s+)?(?:government|ministry|ministries|officials?|president|minister|leader|"
    r"leadership|authorities|embassy|diplomats?|spokes(?:man|woman|person)|military|"
    r"army|envoy|ambassador|administration|department|regime|treasury|pentagon|"
    r"kremlin)\b)",
    re.I,
)


# A sentence whose subject is a word standing for the actor of the sentence before
_REFERS_BACK = re.compile(
    r"^(It|They|The (?:country|group|government|militants?|regime|two countries))\b"
    r"(?:\s+(?:\w+ly|has|have|had|will|also|then|later|continued?\s+to|continues\s+to))*\s*$|"
    r"^(?:The country|It)\b[^,;]*,\s+but\s+(it)\s+(?:\w+ly\s+)?$"
)
_STATE_WORDS = ("The country", "The government", "The regime", "The two countries")


def _subject_of(text: str, word: str | None) -> str | None:
    """Whom the next sentence's "It", "They", "The country" or "The group" stands for: who
    acts in this sentence (its act's source); a sentence with no act of its own, the
    actor it names first ("Military ties between Russia and China…" → Russia), unless it
    reports someone's words (the reporter is not the actor: "Ukraine said Russia…"). The
    kind must fit: "the group" is no country, "the country" is one. None when unsure."""
    if not text:
        return None
    p = plain(text)
    verb = act_verb(p)
    if verb is not None:
        found = actors_of(p, verb)[0]
    elif REPORTING.search(p) or re.search(r"\b(?:denie[sd]|deny)\b", p):
        return None
    else:
        mentions = actor_mentions(p)
        found = mentions[0][2] if mentions else None
    if found is None or word is None:
        return found
    is_state = is_state_key(found)
    if word in _STATE_WORDS and not is_state:
        return None
    if word in ("The group", "The militants", "The militant") and is_state:
        return None
    return found
