"""Who acted on whom, from where a sentence names them around the event's verb; an event
coded again from its words; and the events the words alone show.

The category comes from :mod:`summarizer.event_words`. Here: the actor that acts (a
country by its ISO code, an organisation by its name) is the subject of the event verb —
named before it, after any reporting verb ("Ukraine said
Russia attacked…" is Russia's act), outside place phrases ("forces in Syria accused…") and
modifiers ("Iran-backed rebels", "Kyiv's allies"), or the agent of a passive ("was attacked
by Burundian militiamen"). Where the words do not show it, nothing is claimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.actors import (
    actor_spans,
    article_people,
    demonym_code,
    is_state_key,
    not_one_country,
)
from summarizer.attribution import (
    LIST_GOES_ON,
    PEOPLE_OF,
    PRIVATE_PERSON,
    QUOTED,
)
from summarizer.event_words import MUST_BEFORE, Signal, code_action, trigger

# A private person acting is not their country; nor is a lawyer acting for clients
# (lower case only: "Attorney General Pam Bondi" acts for the government).
_LAWYER = re.compile(r"(?<![\w-])(?:lawyers?|attorneys?)(?![\w-])")
_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?\b")
_NEXT_NAME = re.compile(r" [A-Z][a-z]+\b")
_PREVIOUS_NAME = re.compile(r"\b([A-Z][a-z]+) $")
# Who speaks only for themselves
_PRIVATE_SPEAKER = re.compile(
    PRIVATE_PERSON.pattern + r"|(?<![\w-])(?:bloggers?|commentators?|economists?|columnists?|"
    r"writers?|authors?|lawyers?|attorneys?)(?![\w-])",
    re.I,
)
# Some of a people are private persons: "Many Palestinians interviewed in Gaza expressed…"
_SOME_PEOPLE = re.compile(
    r"(?<![\w-])(?:many|some|most|few|several|other|dozens of|hundreds of|thousands of)\s+$",
    re.I,
)
_PREPOSITION = re.compile(
    r"\b(?:in|into|to|with|from|against|on|of|at|by|for|over|near|toward|towards|across|"
    r"between|inside|around|after|before|since|during|amid|despite|under)\s+(?:the\s+)?$",
    re.I,
)
# a country inside a modifier is not the subject: "Iran-backed rebels", "Kyiv's European
# allies", "pro-Russian separatists", "the Indian Ocean"
_MODIFIER_AFTER = re.compile(
    r"^(?:-(?:backed|allied|aligned|supported|funded|sponsored|based)\b"
    r"|[’']s\s+(?:\w+\s+)?(?:allies|partners|critics|neighbou?rs|friends|rivals|enemies|"
    r"opponents|backers|supporters)\b|\s+(?:Ocean|Sea|Gulf)\b)"
)
_MODIFIER_BEFORE = re.compile(
    r"\b(?:pro|anti)-$|\b(?-i:Sea|Gulf|Straits?|Bay)\s+of\s+(?:the\s+)?$", re.I
)  # "pro-Russian separatists", "the Sea of Japan"
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+\s+)?$")
_BY = re.compile(r"\s+(?:\w+\s+){0,2}?by\s+")
_AGENT_END = re.compile(r"\s(?:in|at|on|near|from|over|during|after|before|inside)\s|[,;.]")
# after a reporting verb comes what was reported, and its own subject
REPORTING = re.compile(
    r"(?:\b(?:said|says|say|told\s+[\w.’']+|claimed|claims|added|stated|according\s+to)\b"
    r"(?:\s+that)?"
    # "announced that…" reports; "announced a suspension" is the act itself
    r"|\b(?:reported|reports|announced|announces|confirmed|confirms)\s+that\b)\s+"
)
_PRONOUN_SUBJECT = re.compile(r"^(?:it|its|they|their|he|his|she|her|we|our)\b")
# ", Turkey said." closing a sentence names who reports, not whom the act was done to
_ATTRIBUTION_TAIL = re.compile(r",\s*(?:[\w’'.-]+\s+){0,5}?(?:said|says|told|reported|added)\b")
# "BEIJING — …", "Kyiv, Ukraine (AP) — …", "BEIRUT/THE HAGUE, March 7 (Reuters) - …": a
# dateline names a place, not an actor; nor does a kicker ("CHINESE AGGRESSION: Manila…",
# "Hong Kong chaos: China deploys…")
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.,'/ ]{0,60}?(?:\([A-Z][\w ]*\))?\s*(?:—|–|--|\s-\s)"
    r"|[A-Z][\w ’'-]{2,40}:(?=\s+[A-Z]))\s*"
)
_RELATIVE = re.compile(r",\s*(?:which|who|whom|whose|where)\b[^,]*,")
_ANONYMOUS = re.compile(r",\s*who\s+(?:asked|spoke|requested)\b[^,]*,")


def mentioned_keys(text: str) -> set[str]:
    """Every actor key ``text`` names, quotations included, demonyms derived ("Egyptian
    mediators"): what an event's own sentence can be said to name."""
    return {key for _a, _b, key in actor_mentions(text)}


def plain(text: str) -> str:
    """The text with quotations and relative clauses blanked (offsets kept): "Hezbollah,
    which Israel accuses of firing rockets, denied the attack" is about Hezbollah denying."""
    for pattern in (QUOTED, _ANONYMOUS, _RELATIVE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def actor_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each actor the text names — the ISO code of a country, the
    name of an organisation ("Hamas", "NATO") — demonyms included ("Burundian militiamen",
    "Vietnamese-led forces"); none in a dateline, a kicker or a modifier."""
    found: dict[int, tuple[int, str]] = {
        a: (b, x.country_code or x.name) for a, b, x in actor_spans(text, article_people(text))
    }
    for m in _DEMONYM.finditer(text):
        before = _PREVIOUS_NAME.search(text, 0, m.start())
        if before and not_one_country(before.group(1) + " " + m.group(0)):
            continue  # "Northern Irish police", "Turkish Cypriot leaders"
        second = _NEXT_NAME.match(text, m.end())
        if second and not_one_country(text[m.start() : second.end()]):
            continue
        code, end = demonym_code(m.group(0).split("-")[0]), m.end()
        if second and (two := demonym_code(text[m.start() : second.end()])):
            code, end = two, second.end()  # "Sri Lankan army"
        if code and not any(a <= m.start() < b for a, (b, _c) in found.items()):
            found[m.start()] = (end, code)
    dateline = _DATELINE.match(text)
    skip = dateline.end() if dateline else 0
    return [
        (a, b, code)
        for a, (b, code) in sorted(found.items())
        if a >= skip
        and not _MODIFIER_AFTER.match(text[b : b + 40])
        and not _MODIFIER_BEFORE.search(text[max(0, a - 20) : a])
    ]


# "thousands of US troops", "a group of Moroccan diplomats": the "of" names the subject
_QUANTITY_OF = re.compile(
    r"\b(?:thousands|hundreds|dozens|millions|scores|tens|some|many|group|number|members|"
    r"team|delegation|contingent|batch|patch|unit|units)\s+of\s+(?:the\s+)?$",
    re.I,
)


# A participle clause after a comma: ", publicly threatening", ", killing"
_PARTICIPLE_ADJUNCT = re.compile(r",\s+(?:[a-z]+ly\s+)?$")


# "It comes just hours after US allowed Ukraine…": a conjunction, not a preposition, when
# the actor after it is the subject of the event verb right behind it
_CONJUNCTION = re.compile(r"(?<![\w-])(?:after|before|since|until|because)\s+$", re.I)
_ANOTHER_CLAUSE = re.compile(r",\s+(?:the\s+)?[A-Z]")
_RIGHT_BEFORE = re.compile(r"\s+(?:(?:has|have|had|also|reportedly)\s+)?")


def _clause_subject(
    text: str, mentions: list[tuple[int, int, str]], start: int, verb: Signal
) -> list[tuple[int, str]]:
    """The actor after a conjunction right before a finite event verb, when the sentence's
    main clause, before the conjunction, names no actor ("It comes just hours after US
    allowed Ukraine…") — not "Since Israel killed Haniyeh, Iran has vowed revenge", whose
    event is Iran's."""
    for a, b, c in mentions:
        conjunction = _CONJUNCTION.search(text, 0, a)
        if (
            conjunction
            and start <= a < verb.start
            and re.search(r"\b[a-z]{2,}\b", text[start : conjunction.start()])  # main first
            and not _ANOTHER_CLAUSE.search(text, verb.end)
            # the main clause names no one as its subject ("both applied to Nato…, shortly
            # after Russia invaded Ukraine": Nato sits in a place phrase)
            and not any(
                x < conjunction.start() and not _in_place_phrase(text, x, y)
                for x, y, _z in mentions
            )
            and _RIGHT_BEFORE.fullmatch(text, b, verb.start)
            and _finite(text, verb)
        ):
            return [(a, c)]
    return []


def _demander(
    text: str, mentions: list[tuple[int, int, str]], start: int, tail: re.Match[str] | None
) -> str | None:
    """Who says another "must" act: the subject of the reporting verb before it ("Russia
    said Sudan must…"), else of the closing "…, the Philippines said"; no one when a
    private person says it ("a Ukrainian refugee in Poland said")."""
    if start:
        before = [(a, b, c) for a, b, c in mentions
                  if a < start and not _in_place_phrase(text, a, b)]  # fmt: skip
        if before and not _PRIVATE_SPEAKER.search(text, before[-1][1], start):
            return before[-1][2]
        return None
    if tail:
        after = [(a, c) for a, _b, c in mentions if a >= tail.start()]
        if after and not _PRIVATE_SPEAKER.search(text, tail.start()):
            return after[0][1]
    return None


def _some_people(text: str, at: int, mentions: list[tuple[int, int, str]]) -> bool:
    """Whether the actor named at ``at`` is some of a people ("Many Palestinians"), not
    the people or its state acting ("Palestinians blamed Israel")."""
    end = next((b for a, b, _c in mentions if a == at), at)
    people = PEOPLE_OF.fullmatch(text, at, end) is not None
    return people and _SOME_PEOPLE.search(text, 0, at) is not None


def _in_place_phrase(text: str, at: int, end: int) -> bool:
    """Whether the actor named at ``at`` sits in a prepositional phrase ("forces in
    Syria", "the war against Russia", "some of Iran's proxies") rather than being the
    subject ("thousands of US troops")."""
    before = text[max(0, at - 40) : at]
    if not _PREPOSITION.search(before[-20:]):
        return False
    possessive = re.match(r"[’']s\b", text[end : end + 3])
    return possessive is not None or not _QUANTITY_OF.search(before)


_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_OPENING_PHRASE = re.compile(
    r"\s*(?:In|At|From|After|During|Speaking|Before|On|Inside|Across|Amid|Despite|"
    r"Following|With|Under|Over|Outside|Near|Writing)\b"
)
_LIST_IN_PHRASE = re.compile(r",(?:\s+(?:and|the|[A-Z][\w.'’-]*))+\s*,")


def placed_mentions(text: str, mentions: list[tuple[int, int, str]]) -> set[int]:
    """Where the actors named in a place phrase start — and the rest of a list that such a
    phrase opens: "officials from Mexico, Canada, Japan and elsewhere" places all three."""
    out: set[int] = set()
    previous: tuple[int, int, str] | None = None
    # the comma closing an opening phrase ends no list: "At talks in Turkey, Russia and
    # Ukraine agreed…"
    closing = text.find(",") if _OPENING_PHRASE.match(text) else -1
    if closing >= 0 and _LIST_IN_PHRASE.match(text, closing):
        closing = -1  # "After strikes on Iran, Iraq and Syria, militias…": the list is in it
    for a, b, c in mentions:
        listed = (
            previous is not None
            and previous[0] in out
            and not previous[1] <= closing < a
            and (gap := _LIST_GAP.fullmatch(text, previous[1], a)) is not None
            # a list goes on ("Mexico, Canada, Japan and…") or ends here with "and";
            # "At the White House, Trump said" is no list
            and ("and" in gap.group(0) or LIST_GOES_ON.match(text, b) is not None)
        )
        if _in_place_phrase(text, a, b) or listed:
            out.add(a)
        previous = (a, b, c)
    return out


def _clause_start(text: str, mentions: list[tuple[int, int, str]], at: int) -> int:
    """Where the reported act's own clause starts: after the last reporting verb before
    ``at`` — unless its subject is a pronoun ("the ministry said its forces shot down…"),
    which stands for the one reporting."""
    last = None
    for m in REPORTING.finditer(text, 0, at):
        last = m
    if last is None:
        return 0
    named_after = any(last.end() <= a < at for a, _b, _c in mentions)
    if not named_after and _PRONOUN_SUBJECT.match(text[last.end() :]):
        return 0
    return last.end()


def source_and_target(text: str) -> tuple[str | None, str | None]:
    """The actors that act and are acted upon in ``text`` (ISO codes for countries, names
    for organisations), by where it names them around the word that reports the event;
    (None, None) when it has no event verb, and None for whichever the words do not
    show."""
    text = plain(text)
    verb = trigger(text)
    return (None, None) if verb is None else actors_of(text, verb)


def actors_of(text: str, verb: Signal) -> tuple[str | None, str | None]:
    """:func:`source_and_target` on text already made :func:`plain`, its verb found."""
    mentions = actor_mentions(text)
    start = _clause_start(text, mentions, verb.start)
    if (
        text[verb.start : verb.end].endswith("ing")
        and _PARTICIPLE_ADJUNCT.search(text, 0, verb.start)
        and _PRONOUN_SUBJECT.match(text[start:].lstrip().lower())
    ):
        # "He has injected drama into talks with partners, including Japan, publicly
        # threatening them": the participle's subject is the pronoun, no one named
        mentions = [m for m in mentions if m[0] >= verb.end]
    tail = _ATTRIBUTION_TAIL.search(text, verb.end)
    # nor a comment after a single dash: "… from north Finland – a dark time in Finland's
    # history"; a pair of dashes sets off an aside
    dashes = [m.start() for m in _DASH_COMMENT.finditer(text, verb.end)]
    aside = (dashes[0], dashes[1]) if len(dashes) > 1 else (len(text), len(text))
    end = min(tail.start() if tail else len(text), dashes[0] if len(dashes) == 1 else len(text))
    # the target may stand inside the verb's phrase: "joined NATO"
    first_word = verb.start + len(text[verb.start : verb.end].split()[0])
    # not the region an attack comes from ("launched its operations … from north
    # Finland"); "a missile from Yemen", "withdraw from Chad" keep theirs
    after = [(a, c) for a, _b, c in mentions if first_word <= a < end
             and not aside[0] < a < aside[1]  # "attacked — for the third time — Ukraine's"
             and (verb.category not in _LAUNCHED or not _FROM.search(text, 0, a))]  # fmt: skip
    placed = placed_mentions(text, mentions)
    subjects = [(a, c) for a, _b, c in mentions
                if start <= a < verb.start and a not in placed]  # fmt: skip
    # a subject with its own verb before the next one is another clause's: "Finland was
    # allied with the Nazis and Germany launched its operations…" → Germany
    # (not "Poland was angered by the strike and Russia's denial and summoned…")
    if len(subjects) > 1 and _OWN_CLAUSE.fullmatch(text, subjects[-1][0], verb.start):
        last = subjects[-1][0]  # "… and Germany launched": Germany's own clause
        if _OWN_VERB.search(text, subjects[-2][0], last):
            subjects = subjects[-1:]
    if not subjects:
        subjects = _clause_subject(text, mentions, start, verb)
    between = text[subjects[0][0] : verb.start] if subjects else ""
    private = (
        PRIVATE_PERSON.search(between)
        or _LAWYER.search(between)
        or (
            subjects and not is_passive(text, verb) and _some_people(text, subjects[0][0], mentions)
        )
    )
    if private and verb.category != "PROTEST":  # protesters are their country protesting
        return None, None
    # in "Hamas promotes Sinwar, Israel criticizes" the clause before the verb has its own
    # subject; an appositive ("Hoxha, Albania's foreign minister, reported") leaves none
    last_comma = text.rfind(",", start, verb.start)
    listed = any(b == last_comma for _a, b, _c in mentions)  # "Iran, Russia and Syria"
    own = [(a, c) for a, c in subjects if a > last_comma and not listed]
    subject = (own or subjects)[0][1] if subjects else None
    if MUST_BEFORE.search(text[max(0, verb.start - 40) : verb.start]):
        # "Russia said Sudan must return…": the one who says it demands it of Sudan;
        # "Russia should withdraw, Germany said": a demand on Russia, its speaker after
        return _demander(text, mentions, start, tail), subject
    if is_passive(text, verb):
        return _agent(text, verb, mentions), subject
    target = next((c for _a, c in after if c != subject), None)
    return subject, target


_DASH_COMMENT = re.compile(r"\s[–—]\s")
_LAUNCHED = frozenset({"FIGHT", "ASSAULT", "MOBILIZE"})
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?-i:north|south|east|west)\w*\s+$", re.I)
_OWN_VERB = re.compile(r"\b(?:is|are|was|were)\b[^,;]*\sand\s+(?:the\s+)?$")
# a name and then only what may stand before its verb: "Germany launched", "Ukraine has
# criticized", "the US military then struck"
_OWN_CLAUSE = re.compile(
    r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*(?:\s+(?:forces|troops|military|army|"
    r"government|has|have|had|also|then|later|reportedly|\w+ly))*\s+"
)


_PARTICIPLES = {"shot", "struck", "beat", "held", "met", "sent", "fought", "hit", "put"}


def is_passive(text: str, verb: Signal) -> bool:
    word = text[verb.start : verb.end].split()[0]
    participle = word.endswith(("ed", "en", "wn")) or word in _PARTICIPLES
    if not participle:
        return False  # "have been pressuring", "was ready to negotiate"
    if _PASSIVE.search(text[max(0, verb.start - 30) : verb.start]):
        return True
    # "the proposal rejected by Ukraine": a participle with its agent
    return word.endswith("ed") and re.match(r"\s+by\s", text[verb.end :]) is not None


def _agent(text: str, verb: Signal, mentions: list[tuple[int, int, str]]) -> str | None:
    """The country right after "by" ("was attacked by Burundian militiamen"), not a place
    further on ("killed by an airstrike in Tehran"); None without an agent ("two hostages
    were released": the subject is acted upon, the actor unknown)."""
    by = _BY.match(text, verb.end)
    if by is None:
        return None
    stop = _AGENT_END.search(text, by.end())
    end = stop.start() if stop else len(text)
    return next((c for a, _b, c in mentions if by.end() <= a < end), None)


@dataclass(frozen=True)
class Coding:
    action: str
    source: str | None  # ISO code or organisation name, when the words show who acted
    target: str | None
    when: str | None = None  # date words of the first cited sentence with an event verb


_REPORTER = re.compile(
    r"\s*(?:reports?|reported|says|said|documents?|documented)\b(?!\s+(?:on|its|it|their))",
    re.I,
)


def reported_by(description: str) -> str | None:
    """The organisation a description opens with as the one *reporting* the event
    ("Amnesty International reports 106 protesters killed in Iran"), not the one who did
    it. Not a state: "Israel reported intercepting missiles" is Israel's own act."""
    text = plain(description)
    mentions = actor_mentions(text)
    if not mentions or mentions[0][0] > 4:
        return None
    _start, end, key = mentions[0]
    if is_state_key(key):
        return None
    return key if _REPORTER.match(text, end) else None


def code_event(description: str, sentences: list[str], answer: str) -> Coding:
    """An event's category from its description's words, else from the words of the
    sentences it cites, else the model's ``answer``; and who acted on whom, from the first
    of those texts with an event verb (None where the words do not show it)."""
    texts = [plain(t) for t in (description, *sentences)]
    verbs = [trigger(t) for t in texts]
    action = next((a for t in texts if (a := code_action(t))), answer)
    pairs = list(zip(texts, verbs, strict=True))
    when = next((w for t, v in pairs[1:] if v and (w := when_near(t, v))), None)
    for text, verb in pairs:
        if verb is not None:
            return Coding(action, *actors_of(text, verb), when)
    return Coding(action, None, None, when)


_BEFORE_BARE_VERB = re.compile(
    r"(?:(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )"
    # a capital word, but not a sentence's opening determiner: "The visit sparked…"
    r"\b(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our)\s)[A-Z][\w.’'-]*"
    r"|\b(?:will|would|must|should|could|can|cannot|may|might|shall|to|did|does|do|they|"
    r"he|she|it|we|also|then|now|jointly)|\))\s+$"
)


def _finite(text: str, verb: Signal) -> bool:
    """Whether the event verb is plainly a verb: a past form ("attacked"), a listed form
    ("shot down"), a progressive ("has been training"), or a bare or -s form right after
    its subject or a modal ("Russia attacks", "troops leave", "they will meet") — not
    "the Oct. 7 attacks", "the Kursk attacks" or "a warning"."""
    word = text[verb.start : verb.end].split()[0]
    if not verb.inflected or word.endswith("ed"):
        return True
    before = text[max(0, verb.start - 30) : verb.start]
    if word.endswith("ing"):  # "have been pressuring", not "a warning"
        return bool(re.search(r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?$", before))
    if verb.end - verb.start == len(word) and _AUXILIARY_AFTER.match(text, verb.end):
        return False  # "U.S. aid might be freed": the noun is the subject of what follows
    return bool(_BEFORE_BARE_VERB.search(before) or re.search(r"\b[a-z]+s\s+$", before))


_AUXILIARY_AFTER = re.compile(
    r"\s+(?:might|may|could|would|will|should|can|must|was|were|is|are|has|had|have)\b"
)


# what is not an act that happened: denied, asked, supposed or hedged
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer|neither|nor)\s+(?:\w+\s+){0,2}$|n[’']t\s+$"
    r"|\bno\s+(?:signs?|intention|plans?)\s+of\s+$|\bwithout\s+$"
)
_HEDGED = re.compile(
    # "may" in lower case only: "in May 2022" is a month, not a hedge
    r"\b(?:if|whether|unless|could|might|(?-i:may)|would|allegedly|unclear|possibly|"
    r"likely|expected\s+to|plans?\s+to)\b|not\s+clear"
    # an inverted condition opening the sentence: "Should she win, Connolly will…", "Had
    # the hostages been released…"
    r"|(?:^|[—–-]\s)\s*(?-i:Should|Had|Were)\s"
    # an aim or an attempt right before the verb is not the act: "Ukraine hopes to join
    # NATO", "tried to ram"
    r"|\b(?:hopes?|hoped|aspires?|aspired|wants?|wanted|seeks?|sought|wish(?:es|ed)?|"
    r"tr(?:y|ies|ied)|attempt(?:s|ed)?|appl(?:y|ies|ied)|bid)\s+to\s+(?:\w+ly\s+)?$"
    # nor a feared one: "Moscow fears Kyiv will join NATO"
    r"|\b(?:fears?|feared|worr(?:y|ies|ied))\s+(?:that\s+)?(?:[\w’'.-]+\s+){1,3}will\s+$"
    # nor another's act urged or forced: "Trump pressed Ukraine to make concessions"
    r"|\b(?:urge[sd]?|press(?:es|ed)?|push(?:es|ed)?|ask(?:s|ed)?|call(?:s|ed)?\s+on|"
    r"encourage[sd]?|persuade[sd]?|invite[sd]?|forced|compel(?:s|led)?|told|tells?)"
    # not a move: "Israeli forces pushed into Rafah to attack"
    r"\s+(?!(?:on|ahead|forward|deeper|further|into|through|across|back|toward|towards|"
    r"north|south|east|west)\b)(?:[\w’'.-]+\s+){1,4}to\s+(?:\w+ly\s+)?$",
    re.I,
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN_WORDS = re.compile(
    rf"\b(?:(?:last|this|next|on)\s+)?(?:{_DAYS})(?:\s+(?:night|morning|evening))?\b"
    # a month with its day or year, or after in/on/last…: "May" alone may be a name
    rf"|\b(?:(?:in|on|last|this|early|late|mid-)\s*)(?:{_MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})(?:\s+\d{{1,2}}(?:,?\s+\d{{4}})?|,?\s+\d{{4}})\b"
    # news agencies' abbreviations with a day: "Oct. 11", "Sept. 3, 2019"
    r"|\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}\b(?:,?\s+\d{4}\b)?"
    r"|\b(?:yesterday|today|tonight|overnight)\b"
    r"|\blast\s+(?:week|month|year)\b|\b[Ii]n\s+(?:19|20)\d\d\b"
)


def reports_an_act(text: str) -> Signal | None:
    """The verb of the act a sentence reports as having happened, or None: a question,
    a negated, conditional or hedged verb ("has not attacked", "if Russia attacks",
    "could attack", "allegedly attacked") or one that is plainly not a verb is no act."""
    return act_verb(plain(text))


_BODY_MEMBER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:Knesset|[Pp]arliament|Congress|Duma|Politburo|Senate|House|"
    r"[Cc]abinet|board|party|committee|council)\b"
)


def act_verb(text: str) -> Signal | None:
    verb = trigger(text)
    if verb is None or text.rstrip(' ”"’)').endswith("?") or not _finite(text, verb):
        return None
    if _BODY_MEMBER.match(text, verb.end):
        return None  # "Netanyahu became a member of the Knesset": a person joins a body
    clause = re.split(r"[.;:]\s", text[: verb.start])[-1]
    if _NEGATED.search(clause[-40:]) or _HEDGED.search(clause):
        return None
    return verb


_OVERNIGHT_INTO = re.compile(rf"^\s+(?:into|to|on)\s+({_DAYS})\b")


def when_words(text: str) -> str | None:
    """The sentence's own date words nearest its event verb ("released Tuesday", not the
    "2016" of a clause about something earlier), outside quotations and relative
    clauses, or None. "Since 2016" dates something else; "overnight into Sunday" is
    Sunday."""
    text = plain(text)
    return when_near(text, trigger(text))


def when_near(text: str, verb: Signal | None) -> str | None:
    found = [
        m
        for m in _WHEN_WORDS.finditer(text)
        if not text[: m.start()].endswith(("since ", "the ", "The "))  # "the Oct. 7 attack"
    ]
    if not found:
        return None
    at = verb.start if verb else 0
    best = min(found, key=lambda m: abs(m.start() - at))
    into = _OVERNIGHT_INTO.match(text[best.end() :]) if best.group(0) == "overnight" else None
    return into.group(1) if into else best.group(0)
