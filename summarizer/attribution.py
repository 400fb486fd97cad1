"""Attribution: does a sentence show an actor *stating* something, or only mention it?

A position or stance is supported when its evidence shows that actor (its government,
leader, officials, ministry, spokespeople) as the speaker or subject of a statement:
"China's foreign ministry said…", "…, said Kremlin spokesman Dmitry Peskov", "the plan was
rejected by Ukraine and the West", "according to the Pentagon". A bystander ("with the
support of Iran"), an object ("Ukraine accused Russia"), or a voice inside someone else's
quotation is not the speaker.

A sentence that refers back — "he said", "the two leaders signed", "the ministry warned"
— speaks for the actors named in the sentences it depends on: the one or two before it
in the same paragraph. Those sentences are returned as context, to join the evidence.

Rules over the sentence, not a model call: they cost nothing and say exactly why an item
failed. They are deliberately simple (nearest subject before a statement verb, passive
agents, inverted "said X", "according to X"); what they cannot tell is dropped with a
warning rather than attributed to the wrong country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.actors import (
    Actor,
    actor_key,
    actor_spans,
    article_people,
    as_state_actor,
    demonym_code,
    is_country_name,
    is_state_key,
)
from summarizer.article import Article

# An attitude the writer ascribes ("Beijing is also concerned", "They fear that…"): the
# actor's own only when nobody else in the clause is said to report or judge it.
_STATE_OF_MIND = (
    r"(?:is|are|was|were|(?:has|have|had) been)\s+(?:also\s+|still\s+|now\s+|not\s+|\w+ly\s+)?"
    r"(?:ready|willing|unwilling|reluctant|concerned|worried|wary|opposed|determined|eager|"
    r"keen|adamant)|fear(?:s|ed)?|balk(?:s|ed)?"
)
_ASCRIBED = re.compile(rf"(?:{_STATE_OF_MIND})", re.I)
_SOMEONE_ELSES = re.compile(
    r"(?<![\w-])(?:said|says|say|told|tells|reported|reports|found|finds|according to|"
    r"believes?|believed|assess(?:es|ed)?|estimates?|estimated)(?![\w-])",
    re.I,
)
# A government's own document speaks for it — "The Swedish brochure says…", "a Kremlin
# statement said" — but not one named after a place ("the Minsk memo", "the Ukraine
# declaration" signed by others) or an institute ("a German Marshall Fund memo")
_DOCUMENT = re.compile(
    r"\s+(?:brochure|pamphlet|guidance|memo|statement|communiqu[eé]|declaration|decree)\s+",
    re.I,
)
_INSTITUTIONS = frozenset(
    {"kremlin", "the kremlin", "white house", "the white house", "pentagon", "the pentagon",
     "state department", "downing street", "elysee", "élysée"}
)  # fmt: skip
# Some of a people speak for themselves: "Many Ukrainians fear…"
_SOME_OF = re.compile(r"(?<![\w-])(?:many|some|most|few|several|other|ordinary)\s+$", re.I)
# Verbs (and a few nouns) that report a statement, a demand or an attitude.
_STATEMENT = (
    r"say|says|said|saying|tell|tells|told|states|stated|announce[sd]?|declare[sd]?|"
    r"add|adds|added|stress(?:es|ed)?|note[sd]?|insist(?:s|ed)?|warn(?:s|ed)?|"
    r"urge[sd]?|call(?:s|ed)? (?:for|on)|demand(?:s|ed)?|ask(?:s|ed)?|accuse[sd]?|"
    r"condemn(?:s|ed)?|denounce[sd]?|critici[sz]e[sd]?|reject(?:s|ed)?|refuse[sd]?|"
    r"dismiss(?:es|ed)?|welcome[sd]?|praise[sd]?|support(?:s|ed)?|back(?:s|ed)|"
    r"despised|detested|loathed|resented|distrusted|hated|"
    r"slam(?:s|med)|assail(?:s|ed)?|lambast(?:s|ed)?|castigate[sd]?|decr(?:ies|ied)|"
    r"deplore[sd]?|"
    r"oppose[sd]?|want(?:s|ed)?|seek(?:s)?|sought|hope[sd]?|believe[sd]?|claim(?:s|ed)?|"
    r"vow(?:s|ed)?|pledge[sd]?|promise[sd]?|threaten(?:s|ed)?|propose[sd]?|"
    r"put forward|offer(?:s|ed)?|agree[sd]?|argue[sd]?|maintain(?:s|ed)?|"
    r"reiterate[sd]?|(?:re)?affirm(?:s|ed)?|express(?:es|ed)?|appreciate[sd]?|"
    r"thank(?:s|ed)?|blame[sd]?|protest(?:s|ed)?|object(?:s|ed)|confirm(?:s|ed)?|"
    r"den(?:y|ies|ied)|acknowledge[sd]?|reported|reports|characteri[sz]e[sd]?|"
    r"label(?:s|led|ed)|brand(?:s|ed)|recogni[sz]e[sd]?|press(?:es|ed)? for|"
    r"view(?:s|ed)?|regard(?:s|ed)?|consider(?:s|ed)?|describe[sd]?|vow|pledge|"
    rf"{_STATE_OF_MIND}|"
    r"statement|remarks|spokes(?:man|woman|person)|wrote|write[s]?|posted|"
    r"signal(?:s|led|ed)?|reaffirm(?:s|ed)?|emphasi[sz]e[sd]?|voice[sd]?|"
    r"seek to|aim(?:s|ed)? to|intend(?:s|ed)? to|plan(?:s|ned)? to"
)
STATEMENT_VERB = re.compile(rf"(?<![\w-])(?:{_STATEMENT})(?![\w-])", re.I)
# Verbs that report speech: once a sentence has one, what follows is the content of the
# speech ("Xi said China and Russia would maintain…"), so other verbs after it do not
# make new speakers; only another speech verb does ("…, while Ukraine said…").
_SPEECH = re.compile(
    r"(?:say|says|said|tell|tells|told|states|stated|announced?|declared?|added|adds|"
    r"stressed|noted|insisted|warned|warns|urged|urges|wrote|writes|posted|reported)",
    re.I,
)
_INVERTED = re.compile(r"(?<![\w-])(?:said|says|added|told|stated|wrote)(?![\w-])", re.I)
_ACCORDING = re.compile(r"(?<![\w-])according to(?![\w-])", re.I)
# A reaction drawn from someone: "That drew rebukes from Prime Minister Micheál Martin"
REACTION_FROM = re.compile(
    r"(?<![\w-])(?:drew|draws|drawn|sparked|prompted|triggered|met with)\s+"
    r"(?:\w+\s+)?(?:rebukes?|criticism|condemnation|protests?|objections?|praise|"
    r"warnings?)\s+from(?![\w-])",
    re.I,
)
# Only titles and names between a word and the actor it introduces: "from Prime Minister"
TITLES_ONLY = re.compile(
    r"^\s*(?:the\s+)?(?:(?:[A-Z][\w.'’-]*|prime|minister|foreign|president|leader|officials?|"
    r"government|spokes(?:man|woman|person))\s+)*$"
)
# After a country's name: its opposition, allies, residents… do not speak for its government
_NOT_THE_STATE = re.compile(
    r"(?:['’]s)?\s+(?:(?!and\b|or\b)[\w-]+\s+)?(?:opposition|allies|critics|rebels|dissidents|"
    r"residents|citizens|people(?![’']s)|protesters|activists|voters|media|press|refugees|"
    r"students|farmers|"
    r"fans|nationalists|netizens|civilians|workers|businesses|companies|firms|experts|"
    r"analysts|commentators|lawmakers|politicians)\b",
    re.I,
)
_PASSIVE_BY = re.compile(r"^\s+by\s+", re.I)
# Feelings count only as what an actor is said to hold ("the alliance despised by Russia")
_EMOTION = re.compile(r"despised|detested|loathed|resented|distrusted|hated", re.I)
# A subject that refers back to someone named earlier.
_ORGANISATION_NOUNS = r"organi[sz]ation|group|agency|watchdog"
_REFERRING = re.compile(
    r"(?<![\w-])(?:he|she|they|it|we|(?:both|the two|the three|the) (?:leaders?|president|premier|"
    r"prime minister|minister|ministry|government|spokes(?:man|woman|person)|officials?|"
    r"country|countries|side|sides|embassy|administration|chancellor|envoy|ambassador|"
    r"statement|declaration|leadership|authorities|military|army|forces|pair|"
    rf"{_ORGANISATION_NOUNS}))(?![\w-])",
    re.I,
)
# A referring subject that can only stand for an organisation: "The organization believes…"
_ORGANISATION_REFERENCE = re.compile(rf"(?<![\w-])the (?:{_ORGANISATION_NOUNS})(?![\w-])", re.I)
# A private person tied to a place speaks for themselves, not for the government:
# "Yevhen Zosin, 74, a Kyiv resident, said…", "American Kevin King, a professor, said…".
PRIVATE_PERSON = re.compile(
    r"(?<![\w-])(?:residents?|citizens?|witness(?:es)?|students?|professors?|analysts?|"
    r"experts?|researchers?|fellows?|reporters?|journalists?|scholars?|survivors?|victims?|"
    r"refugees?|protesters?|activists?|hostages?|relatives?|mother|father|wife|husband|"
    r"teachers?|doctors?|villagers?|locals?|fans?|voters?)(?![\w-])",
    re.I,
)
# The country an envoy is sent to is not the one speaking: "China's ambassador to Britain
# accused…" (the subject is China).
_HOSTED = re.compile(
    r"(?<![\w-])(?i:ambassador|envoy|embass(?:y|ies)|consulate|mission|delegation|"
    r"representative office|representative)s?"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s?)+?)?"  # "the embassy of China in London"
    r"(\s+(?i:to|in|at)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s?)+)"
)


def _unhosted(text: str) -> str:
    """The text with the host country of an envoy blanked ("ambassador to Britain")."""
    return _HOSTED.sub(
        lambda m: m.group(0)[: m.start(1) - m.start(0)] + " " * len(m.group(1)), text
    )


# What may follow the speaker of an inverted "…, said X": the rest of a name or title,
# then the clause ends ("said Kremlin spokesman Dmitry Peskov.", "said Ukraine's defence
# minister in a statement") — not a verb ("said Russia must withdraw").
_SPEAKER_TAIL = re.compile(
    r"(?:['’]s)?(?:\s+(?:[A-Z][\w.'’-]*|spokes(?:man|woman|person)|minister|ministry|"
    r"officials?|president|leader|chief|envoy|ambassador|foreign|defen[cs]e|secretary|"
    r"press|representative|of|the|for|and)(?![\w'’-]))*+"
    r"\s*(?:[,.;:!?()—–]|$|\s(?:in|on|at|to|during|after|late|early|adding|saying|while|as)\b)"
)
# An inverted speaker named with their office: "…,” said Philip Luther, Research and
# Advocacy Director for the Middle East and North Africa at Amnesty International." — the
# office's holder speaks for the actor that ends it (not a former holder).
_TITLED_SPEAKER = re.compile(
    r"\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+(?P<title>(?:[\w.'’-]+\s+){1,14}?)"
    r"(?:at|of|for)\s+(?:the\s+)?$"
)
# After the employer, nothing but the end of the clause: "… for Russia at Human Rights
# Watch" names Russia as the field, not the employer.
_EMPLOYER_END = re.compile(r"(?:['’]s\s+[\w\s]{0,40}?)?\s*(?:[,.;:!?)—–]|$)")
_OFFICE = re.compile(
    r"(?<![\w-])(?:director|head|chief|spokes(?:man|woman|person)|minister|secretary|"
    r"official|president|chair(?:man|woman)?|commander|ambassador|envoy|representative|"
    r"adviser|advisor)(?![\w-])",
    re.I,
)
# No longer, or never, the actor's voice: former holders, rivals, those only dealing with it
_FORMER = re.compile(
    r"(?<![\w-])(?:former|ex-(?=\w)|then-(?=\w)|onetime|one-time|late|previously|used to|"
    r"until|served as|retired|opposition|rival|critic|economist|talks|relations|involved|"
    r"familiar)(?![\w-])",
    re.I,
)
# "While China needs…, it has balked": a concessive opening whose one actor "it" is
_PRONOUN_VERB = re.compile(
    r",\s+it\s+(?:(?:has|have|had|is|was|also|still|now|been|not)\s+)*$", re.I
)
_LEADING = re.compile(r"\s*(?:While|Although|Though|Even though|Whereas)\s+(?:the\s+)?")
# After a speech verb, a clause of the writer's own: "…, but the Chinese have been…"
# (only after the speaker's quotation has closed: in "Lavrov said Moscow was ready, but
# Kyiv was unwilling" the but-clause is still what Lavrov said)
_NEW_CLAUSE = re.compile(r",?[”\"’],?\s+(?:but|while|whereas|yet)\s+(?:the\s+)?(?-i:[A-Z])")
_OWNED = re.compile(r"['’]s\s+")
_POSSESSED = re.compile(r"\w['’]s\s+$")
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:a|an|in)\s+$", re.I)
_NOUN = re.compile(r"statement|remarks|spokes\w+", re.I)  # nouns that report by themselves
_THAT = re.compile(r"\s+that\b", re.I)
# An actor inside a phrase that is another noun's object is not a subject: "opposition
# to the EU's plans", "a threat from Iran"; one that an office belongs to is ("the head of
# Russia's foreign ministry said", "a spokesman for the Pentagon").
_OBJECT_OF = re.compile(
    r"(?<![\w-])(?!(?i:head|chief|president|prime minister|minister|ministry|leader|embassy|"
    r"consulate|mission|delegation|ambassador|envoy|spokes\w+|secretary|members?|"
    r"government|officials?|representatives?|director|commander|council|parliament|"
    r"foreign minister|defen[cs]e minister|police|authorities|forces|troops|military|army|"
    r"diplomats?|lawmakers)\s)[A-Za-z]+\s+"
    r"(?:to|of|on|in|at|against|with|for|about|over|from|into|towards?|among|between|under)"
    r"\s+(?:the\s+)?$"
)
# A subject that stands for two actors named before: "Both sides said they were hopeful".
DUAL = re.compile(
    r"(?<![\w-])(?:both|the two) (?:sides|countries|governments|parties|leaders)(?![\w-])", re.I
)
_CONJOINED = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:\w+ly\s+)?$", re.I)
# Quoted speech and relative clauses are blanked before looking for the subject: a name
# inside someone's quotation, or in ", who hosted Putin,", is not the speaker.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|(?<![\w])‘[^’]*’(?![\w])")
_RELATIVE = re.compile(
    r",\s*(?:who|which|whose|whom|(?:a|an|the)\s+(?-i:[a-z])|(?!including\b)[a-z]+ing\b|"
    r"[a-z]+ed\s+by\b)[^,;]*,",
    re.I,
)  # relative clauses, appositives ("Xi, a longtime partner of Putin,"), participles
# Between two coordinated subjects: "Xi Jinping and Russian President Vladimir Putin",
# "France, Germany and Britain" (a comma joins only inside a list that ends in "and").
_AND = re.compile(
    r"^(?:['’]s)?(?:\s+[A-Z][\w.'’-]*){0,3}\s*,?\s*(?:and|&)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}$"
)
_COMMA = re.compile(r"^(?:['’]s)?(?:\s+[A-Z][\w.'’-]*){0,3}\s*,\s+(?:the\s+)?$")
# What may stand between a subject and its verb: titles, names, "'s", auxiliaries and
# adverbs, and an appositive ending in a comma ("Hoxha, Albania's foreign minister, said").
_SUBJECT_GAP = re.compile(
    r"^(?:['’]s)?(?:\s+(?:[A-Z][\w.'’-]*|the|of|for|and|leader|leaders|president|prime|"
    r"minister|ministers|foreign|defen[cs]e|interior|ministry|ministries|forces|troops|"
    r"police|diplomats?|lawmakers|negotiators?|representative|spokes(?:man|woman|person)|"
    r"officials?|government|chancellor|secretary|ambassador|envoy|authorities|military|"
    r"army|navy|embassy|administration|state|media|counterpart|deputy|chief|head|"
    r"commander|general|office|top|senior|new|has|have|had|also|again|since|already|still|"
    r"continu(?:e|es|ed)\s+to|"
    r"earlier|later|once|first|would|will|could|did|does|do|not|on|in|[a-z]+ly|"
    # a word naming the office's field: "US Marines exercise representative Colonel Glenn"
    r"[a-z]+(?=\s+(?:representative|spokes(?:man|woman|person)|officials?|commander|chief|"
    r"office)\b)"
    # whole words, and no trying every split of a long gap again ("recently" is "[a-z]+ly")
    r")(?![\w'’-]))*+\s*,?\s*$"
)
# A second predicate of the same subject after "but": "Ukraine, Bosnia and Herzegovina,
# and Georgia are not members but have asked to join"
_BUT_GAP = re.compile(
    r"^\s+(?:is|are|was|were)\s+(?:not\s+)?(?:[a-z]+\s+){0,3}?but\s+(?:(?:has|have|had|also)\s+)*$"
)
# Within one subject: "Russian President Vladimir Putin", "China's foreign ministry".
_SAME_SUBJECT = re.compile(
    r"^(?:['’]s)?\s+(?:(?:[A-Z][\w.'’-]*|leader|president|prime|minister|foreign|defen[cs]e|"
    r"ministry|spokes\w+|officials?|envoy|ambassador)\s+){0,4}$"
)
_PLAN_WORDS = re.compile(
    r"(?<![\w-])(?:plans?|proposals?|proposed|propose[sd]?|initiatives?|cease-?fires?|"
    r"truces?|talks|negotiat\w*|settlements?|deals?|agreements?|framework|road ?map|"
    r"resolutions?|peace process|accords?|armistice|mediat\w*|formula|summit)(?![\w-])",
    re.I,
)
_LEAKED = re.compile(r"sentence[_ ]?ids?|\b\d{1,3}(?:,\s+\d{1,3}){2,}\b", re.I)
# How far back a referring sentence may look for its antecedent.
ANTECEDENT_SENTENCES = 2


@dataclass(frozen=True)
class Speakers:
    """Who a sentence shows stating something: actor keys, and for each key the earlier
    sentences (context) it was found in when the sentence refers back."""

    direct: frozenset[str] = frozenset()
    by_reference: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def context_for(self, key: str) -> tuple[int, ...] | None:
        """None: not a speaker; () a speaker in the sentence itself; ids: by reference."""
        if key in self.direct:
            return ()
        return self.by_reference.get(key)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def blank_quotations(text: str) -> str:
    """The text with its quotations blanked (same length): what someone else said."""
    return _blank(text, QUOTED)


def _key(actor: Actor) -> str:
    return actor_key(as_state_actor(actor))


def _coordinated(
    spans: list[tuple[int, int, Actor]], index: int, text: str, step: int
) -> list[str]:
    """The subject at ``index``, the same actor's words around it ("Chinese leader Xi"),
    and subjects coordinated with it by "and" (commas only inside such a list)."""
    keys = [_key(spans[index][2])]
    i = index
    pending: list[str] = []  # joined by a comma: kept only if an "and" follows in the list
    seen_and = False
    while 0 <= i + step < len(spans):
        a, b = (spans[i + step], spans[i]) if step < 0 else (spans[i], spans[i + step])
        gap = text[a[1] : b[0]]
        nxt = _key(spans[i + step][2])
        if _SAME_SUBJECT.match(gap) and nxt == keys[-1]:
            pass
        elif _AND.match(gap):
            keys += pending
            pending = []
            keys.append(nxt)
            seen_and = True
            i += step
            continue
        elif _COMMA.match(gap):
            if step < 0 and not seen_and:
                break  # "Ukraine and Russia, Trump said": no list ends at the subject
            if step < 0:  # "France, Germany and Britain said"
                keys.append(nxt)
            else:  # "rejected by Ukraine, Russia and the West": kept if an "and" follows
                pending.append(nxt)
            i += step
            continue
        else:
            break
        i += step
    return list(dict.fromkeys(keys))


def _reporting_clauses(plain: str, text: str, spans: list[tuple[int, int, Actor]]) -> int:
    """Where the content ends when a sentence closes with its reporting clause: "Israel
    wants a ceasefire, Hamas said." / "Russia has lost troops, said Ukraine's minister."
    Returns the offset of that comma (verbs before it are what was said), or -1."""
    for verb in _INVERTED.finditer(plain):
        comma = plain.rfind(",", 0, verb.start())
        if comma < 0:
            continue
        between = plain[comma + 1 : verb.start()]
        rest = plain[verb.end() :].split()
        if len(rest) > (14 if not between.strip() else 5) or "that" in rest:
            continue  # more is said after it: "…, while Ukraine said it would fight on…"
        if re.match(r"\s*(?:while|but|and|as|whereas|although|though|after|when)\b", between):
            continue  # a clause of its own, not the sentence's reporting clause
        inside = [sp for sp in spans if comma < sp[0] and sp[1] <= verb.start()]
        after = [sp for sp in spans if verb.end() <= sp[0] <= verb.end() + 45
                 and _SPEAKER_TAIL.match(plain, sp[1])]  # fmt: skip
        if (not between.strip() and after) or (
            between.strip() and inside and _SUBJECT_GAP.match(plain[inside[-1][1] : verb.start()])
        ):
            return comma  # ", said X" or ", X said"
    return -1


def statement_subjects(text: str, people: dict[str, str]) -> tuple[set[str], bool]:
    """Actor keys shown stating something in one sentence, and whether a statement's
    subject is a referring word ('he said', 'the two leaders')."""
    found, refers = statements(text, people)
    return {key for _verb, keys in found for key in keys}, refers


def statements(
    text: str, people: dict[str, str]
) -> tuple[list[tuple[re.Match[str], list[str]]], bool]:
    """Each statement verb of one sentence with the actor keys shown as its subject (or
    agent, or the X of "according to X"), and whether a statement's subject is a
    referring word ('he said', 'the two leaders')."""
    plain = _unhosted(_blank(_blank(text, QUOTED), _RELATIVE))
    spans = actor_spans(plain, people)
    found: list[tuple[re.Match[str], list[str]]] = []
    refers = False
    spoken = False  # a speech verb has been seen: what follows is its content
    last_speech = 0
    first_subject: list[str] = []
    content_end = _reporting_clauses(plain, text, spans)
    for verb in STATEMENT_VERB.finditer(plain):
        if verb.start() < content_end:
            continue  # inside what the closing "…, X said" reports
        is_speech = bool(_SPEECH.fullmatch(verb.group(0)))
        if spoken and (clause := _NEW_CLAUSE.search(text, last_speech, verb.start())):
            spoken = False  # "Trump said…, but the Chinese have been reluctant…"
            content_end = max(content_end, clause.start())
        if spoken and not is_speech:
            continue  # the content of what was said
        last_speech = verb.end() if is_speech else last_speech
        spoken = spoken or is_speech  # even when the speaker is no actor we know
        clause_start = max(plain.rfind(";", 0, verb.start()), plain.rfind("—", 0, verb.start()),
                           content_end)  # fmt: skip
        before = text[: verb.start()].rstrip()  # the quotation itself was blanked
        if _ASCRIBED.fullmatch(verb.group(0)) and (
            _SOMEONE_ELSES.search(plain, clause_start + 1, verb.start())
            or _SOMEONE_ELSES.search(plain, verb.end())
            or _PASSIVE_BY.match(plain[verb.end() :])  # "was determined by the court"
        ):
            continue  # "A US report found that Russia was eager…", "…, officials said"
        if _POSSESSED.search(plain[: verb.start()]):
            continue  # a noun after a possessive: "Moscow's claims", "Trump's voice"
        if _ARTICLE_BEFORE.search(plain, 0, verb.start()) and not _NOUN.fullmatch(verb.group(0)):
            continue  # a noun: "in protest of the exercise by South Korea", "a pledge"
        if any(start < verb.start() < end for start, end, _actor in spans):
            continue  # inside a name: "the United States"
        if (
            _INVERTED.fullmatch(verb.group(0))
            and before.endswith((",", "”", '"', "’", "»"))
            and not _THAT.match(plain[verb.end() :])  # "…, a refugee, said that Russia…"
        ):
            # "…,” said Kremlin spokesman Dmitry Peskov
            following = [i for i, s in enumerate(spans) if verb.end() <= s[0] <= verb.end() + 45]
            if following and not _SPEAKER_TAIL.match(plain, spans[following[0]][1]):
                following = []  # "…, Barbara Woodward, said Russia must withdraw": content
            if not following or _TITLED_SPEAKER.fullmatch(
                plain, verb.end(), spans[following[0]][0]
            ):  # "said X, director for Russia at Human Rights Watch": the employer ends it
                following = _titled_speaker(plain, verb.end(), spans)
            if following:
                if not PRIVATE_PERSON.search(plain[verb.end() : spans[following[0]][1] + 30]):
                    found.append((verb, _coordinated(spans, following[0], plain, +1)))
                continue
            # no one after it: "Robertson, the U.S. commander, said: …" has its subject before
        passive = _PASSIVE_BY.match(plain[verb.end() :])
        if _EMOTION.fullmatch(verb.group(0)) and not passive:
            continue  # "Americans distrust China": a people's feeling; "despised by Russia"
        if passive and not re.search(r"\b(?:backed|supported)$", verb.group(0), re.I):
            at = verb.end() + passive.end()  # "rejected by Ukraine and the West"
            first = [i for i, s in enumerate(spans) if at <= s[0] <= at + 12]
            if first and _SOME_OF.search(plain, 0, spans[first[0]][0]):
                continue  # "despised by many Ukrainians": some people
            if first:
                if agents := _state_members(spans, first[0], plain):
                    found.append((verb, agents))
                continue
        left = [i for i, s in enumerate(spans) if clause_start < s[0] and s[1] <= verb.start()]
        if left:
            nearest = left[-1]
            while nearest and _OWNED.fullmatch(plain[spans[nearest - 1][1] : spans[nearest][0]]):
                nearest -= 1  # "Russia's Ukraine envoy said": the envoy is Russia's
            between = plain[spans[nearest][1] : verb.start()]
            if _CONJOINED.search(between) and first_subject:
                continue  # "Putin said …, and said …": the same subject
            if _REFERRING.search(between):
                lead = spans[left[0]]
                if (
                    _PRONOUN_VERB.search(plain, 0, verb.start())
                    and _LEADING.fullmatch(plain, 0, lead[0])
                    and len({_key(sp[2]) for sp in spans[: left[-1] + 1]}) == 1
                ):
                    # "While China needs and wants to buy…, it has balked…": "it" stands
                    # for the one actor of the concessive clause that opens the sentence
                    found.append((verb, [_key(lead[2])]))
                    continue
                refers = True  # "… in Ukraine, they offered": the referring word is nearer
                continue
            if _SOME_OF.search(plain, 0, spans[nearest][0]):
                continue  # "Many Ukrainians fear…": some people, not their state
            if _DOCUMENT.fullmatch(between) and _own_document(plain, spans[nearest]):
                found.append((verb, [_key(spans[nearest][2])]))  # "The Swedish brochure says"
                first_subject = first_subject or [_key(spans[nearest][2])]
                continue
            after_but = not _SUBJECT_GAP.match(between) and _BUT_GAP.match(between)
            if PRIVATE_PERSON.search(between) or not (_SUBJECT_GAP.match(between) or after_but):
                continue  # not its subject: "Ukraine must give up Donbas, Dmitriev said"
            if after_but and not _opens_clause(plain, clause_start + 1, spans, nearest):
                continue  # "Palestinians displaced by Israel are… but have vowed": not Israel
            head = nearest  # the first of a list ending in the subject: "Iraq and Syria"
            while head and _AND.match(plain[spans[head - 1][1] : spans[head][0]]):
                head -= 1
            if _OBJECT_OF.search(plain[: spans[head][0]]):
                continue  # "her opposition to the EU's ReArm Europe plans to…"
            subjects = _coordinated(spans, nearest, plain, -1)
            found.append((verb, subjects))
            first_subject = first_subject or subjects
            continue
        if _REFERRING.search(plain[clause_start + 1 : verb.start()]):
            refers = True
    for match in _ACCORDING.finditer(plain):
        following = [i for i, s in enumerate(spans) if match.end() <= s[0] <= match.end() + 20]
        if following:
            found.append((match, _coordinated(spans, following[0], plain, +1)))
    for match in REACTION_FROM.finditer(plain):  # the government's own people, right after
        following = [i for i, s in enumerate(spans)
                     if match.end() <= s[0] <= match.end() + 20
                     and TITLES_ONLY.match(plain[match.end() : s[0]])]  # fmt: skip
        if following and (members := _state_members(spans, following[0], plain)):
            found.append((match, members))
    return found, refers


# A people named by its plural demonym ("Americans", "Palestinians"), not its state
PEOPLE_OF = re.compile(r"[A-Z][a-z]+(?:ans|is)")


def _state_members(spans: list[tuple[int, int, Actor]], index: int, plain: str) -> list[str]:
    """The list of actors starting at ``index`` ("by the European Union and Ukrainian
    lawmakers"), less the members that are some of a people rather than a state: its
    opposition, activists, media ("Ukrainian lawmakers"), or a bare people ("by
    Americans", "from Palestinians")."""
    keys = _coordinated(spans, index, plain, +1)
    bad = {
        _key(sp[2])
        for sp in spans[index : index + len(keys) + 2]
        if _NOT_THE_STATE.match(plain, sp[1]) or PEOPLE_OF.fullmatch(plain, sp[0], sp[1])
    }
    return [k for k in keys if k not in bad]


def _opens_clause(plain: str, start: int, spans: list[tuple[int, int, Actor]], index: int) -> bool:
    """Whether the list of actors ending at ``index`` ("Ukraine, Bosnia and Herzegovina,
    and Georgia") opens its clause: nothing but "the" before its first name."""
    head = index
    while head and (
        _AND.match(plain[spans[head - 1][1] : spans[head][0]])
        or _COMMA.match(plain[spans[head - 1][1] : spans[head][0]])
    ):
        head -= 1
    return re.fullmatch(r"\s*(?:the\s+)?", plain[start : spans[head][0]], re.I) is not None


def _titled_speaker(plain: str, at: int, spans: list[tuple[int, int, Actor]]) -> list[int]:
    """[index of the actor] when an inverted verb ending at ``at`` names its speaker by
    name and office, the office ending the sentence's clause with that actor."""
    for i, (start, end, _actor) in enumerate(spans):
        if not at < start <= at + 160 or not _EMPLOYER_END.match(plain, end):
            continue
        named = _TITLED_SPEAKER.fullmatch(plain, at, start)
        if named is None:
            continue
        title = named.group("title")
        if _OFFICE.search(title) and not (_FORMER.search(title) or PRIVATE_PERSON.search(title)):
            return [i]
    return []


def _own_document(plain: str, span: tuple[int, int, Actor]) -> bool:
    """Whether the actor named right before a document word is its author: a demonym
    ("Swedish") or a government institution ("Kremlin"), not a place or a country's name."""
    name = plain[span[0] : span[1]].lower()
    if name in _INSTITUTIONS:
        return True
    adjective = name.endswith(("ish", "ese", "ian", "ean", "can", "man", "ch", "ss", "i", "ic"))
    return adjective and demonym_code(name) is not None and not is_country_name(name)


@lru_cache(maxsize=8)
def _people(text: str) -> dict[str, str]:
    return article_people(text)


def people_of(article: Article) -> dict[str, str]:
    """The people an article names, with the country each speaks for (cached)."""
    return _people(article.text)


def antecedents(article: Article, sentence_id: int) -> list[int]:
    """The sentences a sentence may refer back to: up to two before it. News paragraphs
    are often one sentence long, so a paragraph break does not stop the search; a heading
    (a line with no closing punctuation) does: it starts another topic."""
    out: list[int] = []
    current = article.sentence(sentence_id)
    while current is not None and len(out) < ANTECEDENT_SENTENCES:
        previous = article.sentence(current.id - 1)
        if previous is None or not previous.text.rstrip("”’\"' )").endswith((".", "!", "?", ":")):
            break
        out.append(previous.id)
        current = previous
    return out


def named_in(article: Article, sentence_id: int) -> set[str]:
    """Actors a sentence names outside quotations (a name inside a quotation is what
    someone said, not whom a later 'he' stands for)."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return set()
    plain = _blank(sentence.text, QUOTED)
    return {_key(a) for _s, _e, a in actor_spans(plain, _people(article.text))}


def speakers(article: Article, sentence_id: int) -> Speakers:
    """Who sentence ``sentence_id`` of ``article`` shows stating something."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return Speakers()
    direct, refers = statement_subjects(sentence.text, _people(article.text))
    by_reference: dict[str, tuple[int, ...]] = {}
    if refers and not direct:  # the subject of the nearest earlier sentence naming anyone
        dual = both_speak(sentence.text)
        organisation = _ORGANISATION_REFERENCE.search(_blank(sentence.text, QUOTED))
        for earlier in antecedents(article, sentence_id):
            subjects = _both_sides(article, earlier) if dual else _subjects_of(article, earlier)
            if organisation:
                subjects = [key for key in subjects if not is_state_key(key)]
            by_reference = {key: (earlier,) for key in subjects if key not in direct}
            if subjects or (not organisation and named_in(article, earlier)):
                break  # the nearest sentence naming anyone: its subject or no one
    return Speakers(frozenset(direct), by_reference)


def both_speak(text: str) -> bool:
    """Whether "both sides" (or "the two countries"…) is the subject of a statement:
    "Both sides said they were hopeful", not "He said both sides must respect the charter"
    or "confrontations between the two countries"."""
    plain = _blank(text, QUOTED)
    for dual in DUAL.finditer(plain):
        gap = _AUXILIARIES.match(plain, dual.end())
        verb = STATEMENT_VERB.match(plain, gap.end() if gap else dual.end())
        if verb and not re.search(r"\b(?:said|says|told|that)\s+$", plain[: dual.start()]):
            return True
    return False


_AUXILIARIES = re.compile(r"\s+(?:(?:have|has|had|also|both|jointly|\w+ly)\s+)*")
_PAIR = re.compile(r"\bbetween\s+(?:the\s+)?$")


def _both_sides(article: Article, sentence_id: int) -> list[str]:
    """Whom "both sides" or "the two countries" stands for: the two actors a sentence
    pairs ("between the United States and the Taliban", "the Afghan government freed
    three Taliban prisoners"): the pair after "between" when there is one, else the
    sentence's actors when it names exactly two; otherwise no one (a mediator is no side)."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return []
    plain = _blank(sentence.text, QUOTED)
    spans = actor_spans(plain, _people(article.text))
    for i, (start, _end, _actor) in enumerate(spans[:-1]):
        if _PAIR.search(plain[max(0, start - 12) : start]):
            pair = [_key(spans[i][2]), _key(spans[i + 1][2])]
            return pair if pair[0] != pair[1] else []
    keys = list(dict.fromkeys(_key(a) for start, _e, a in spans
                              if not _PLACE.search(plain[max(0, start - 12) : start])))  # fmt: skip
    return keys if len(keys) == 2 else []


_PLACE = re.compile(r"\b(?:to|in|into|at|from|near)\s+(?:the\s+)?$")  # "sent them to Qatar"


_AFTER_PREPOSITION = re.compile(
    r"\b(?:with|to|in|into|at|from|near|against|of|for|by|over|on|between)\s+(?:the\s+)?$", re.I
)
# a finite verb before the first actor: that actor is an object ("the North warned that
# inter-Korean dialogue won't resume unless the South…")
# a list goes on after this name: "Russia, Ukraine and…" (event_coding reads lists too)
LIST_GOES_ON = re.compile(r"\s*,|\s+(?:and|or)\s")
# (auxiliaries and reporting verbs only: "The newly elected government…" has a subject)
_VERB_BEFORE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|will|would|says|said|told|warned|announced|"
    r"accused|urged|called|claimed|added|reported)\b"
)


def _subjects_of(article: Article, sentence_id: int) -> list[str]:
    """Whom a later 'he' or 'the ministry' stands for: the actors the sentence shows
    stating something, else the first actor it names outside quotations (its subject
    in the usual news sentence), never its objects ('Ukraine accused Russia…')."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return []
    people = _people(article.text)
    stated, _refers = statement_subjects(sentence.text, people)
    if stated:
        return sorted(stated)
    plain = _blank(_blank(sentence.text, QUOTED), _RELATIVE)
    spans = actor_spans(plain, people)
    # not one in a phrase, nor one after a verb ("the North warned that … its exercise
    # with the U.S."): a sentence whose subject the tables do not know stands for no one
    first, phrase_end = None, -1
    for i, (start, end, _actor) in enumerate(spans):
        gap = plain[phrase_end:start] if phrase_end >= 0 else ""
        listed = _AND.match(gap) or (_COMMA.match(gap) and LIST_GOES_ON.match(plain, end))
        if _AFTER_PREPOSITION.search(plain, 0, start) or (phrase_end >= 0 and listed):
            phrase_end = end  # the phrase's list goes on: "Talks between Russia and Ukraine"
            continue
        first = i
        break
    if first is None:
        return []
    clause = max(plain.rfind(",", 0, spans[first][0]), 0)  # "Since the talks collapsed, China…"
    if _VERB_BEFORE.search(plain, clause, spans[first][0]):
        return []
    return _coordinated(spans, first, _blank(sentence.text, QUOTED), +1)


def mentioned_by_reference(article: Article, sentence_id: int, key: str) -> int | None:
    """For a sentence that does not name ``key`` but refers back to someone: the earlier
    sentence of its paragraph that names it, else None."""
    sentence = article.sentence(sentence_id)
    if sentence is None or not _REFERRING.search(_blank(sentence.text, QUOTED)):
        return None
    for earlier in antecedents(article, sentence_id):
        named = named_in(article, earlier)
        if key in named:
            return earlier
        if named:
            return None  # the nearest sentence naming anyone names someone else
    return None


def speaks_of_a_plan(text: str) -> bool:
    """Whether the text speaks of a plan, proposal, initiative, ceasefire, talks, deal…"""
    return bool(_PLAN_WORDS.search(text))


def leaked_structure(text: str) -> bool:
    """Whether a text field carries the answer's structure ('sentence_ids', '16, 17, 18')."""
    return bool(_LEAKED.search(text))


_POSSESSIVE_GAP = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,4}$")
_BY_GAP = re.compile(r"^\s+(?:[\w-]+\s+){0,3}?(?:by|from)\s+(?:the\s+)?$", re.I)
_PUT_FORWARD = re.compile(
    r"(?<![\w-])(?:propos(?:es|ed)|put forward|offer(?:s|ed)|suggest(?:s|ed)|"
    r"unveil(?:s|ed)?|present(?:s|ed)?|broker(?:s|ed)?|draft(?:s|ed)?|"
    r"mediat(?:es|ed)|tabled?|launch(?:es|ed)?|initiat(?:es|ed))(?![\w-])",
    re.I,
)


def plan_owners(article: Article, sentence_id: int) -> set[str]:
    """Actors a sentence shows putting a plan forward: the subject of 'proposed', 'put
    forward', 'unveiled'…, the owner in "China's peace plan", the agent in "a plan by
    Turkey"."""
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return set()
    people = _people(article.text)
    plain = _blank(_blank(sentence.text, QUOTED), _RELATIVE)
    spans = actor_spans(plain, people)
    owners: set[str] = set()
    for word in list(_PLAN_WORDS.finditer(plain)) + list(_PUT_FORWARD.finditer(plain)):
        for i, (start, end, _actor) in enumerate(spans):
            if end <= word.start() and _POSSESSIVE_GAP.match(plain[end : word.start()]):
                owners.add(_key(spans[i][2]))
            nearest = max((j for j, s in enumerate(spans) if s[1] <= word.start()), default=-1)
            if _PUT_FORWARD.fullmatch(word.group(0)) and i == nearest:
                owners.update(_coordinated(spans, i, plain, -1))
            if start >= word.end() and _BY_GAP.match(plain[word.end() : start]):
                owners.update(_coordinated(spans, i, plain, +1))
                break
    return owners
