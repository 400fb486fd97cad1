"""Positions the words show: an actor the article shows *stating a stance* that no
position of the model holds ("Russia had vowed to strike back", "France's Emmanuel Macron
… condemned the Russian strikes", "“We pray for the full recovery of both men,” said White
House Press Secretary Stephanie Grisham").

The speaker comes from the attribution rules (attribution.statements: the subject of the
statement verb, the agent of a passive, the X of "according to X"), never from a
sentence that only refers back ("he said"): those rules cannot tell who "he" is well
enough to file a country's position on it. A stance is an attitude verb (warns, urges,
condemns, rejects, vows, hopes, considers…) or a plain reporting verb (said, told,
according to) whose sentence carries a stance word (must, should, will, ready, oppose…)
or a quotation of the speaker's own words. A fact reported ("the death toll had risen to
21, Russian authorities said") is no position.
"""

from __future__ import annotations

import re

from summarizer.actors import actor_key, actor_spans, as_state_actor, is_state_key, resolve_actor
from summarizer.article import Article
from summarizer.attribution import (
    QUOTED,
    REACTION_FROM,
    STATEMENT_VERB,
    blank_quotations,
    both_speak,
    people_of,
    speakers,
    statements,
)

# Reporting verbs that carry no attitude of their own: the sentence must show one.
_NEUTRAL = re.compile(
    r"say|says|said|saying|tell|tells|told|states|stated|announce[sd]?|declare[sd]?|add|adds|"
    r"added|note[sd]?|reported|reports|wrote|writes?|posted|statement|remarks|spokes\w+|"
    r"confirm(?:s|ed)?|acknowledge[sd]?|according to|plan(?:s|ned)? to|aim(?:s|ed)? to|"
    r"intend(?:s|ed)? to|(?:is|are|was|were)\s+(?:also\s+|still\s+|now\s+)?(?:ready|willing)|"
    r"offer(?:s|ed)?|express(?:es|ed)?|maintain(?:s|ed)?",
    re.I,
)
# Words that make what was said a stance rather than a report of facts ("will" alone does
# not: "China said the drills will last three days" reports a plan).
_STANCE_WORDS = re.compile(
    r"(?<![\w-])(?:must|should|ought|needs? to|will not|would not|won['’]t|will never|"
    r"would never|will continue|would continue|never|ready|willing|hope[sd]?|hopeful|"
    r"optimistic|confident|concerned|want(?:s|ed)?|wish(?:es|ed)?|oppose[sd]?|"
    r"support(?:s|ed)?|reject(?:s|ed)?|condemn(?:s|ed)?|welcome[sd]?|warn(?:s|ed)?|"
    r"urge[sd]?|call(?:s|ed)? (?:for|on)|demand(?:s|ed)?|insist(?:s|ed)?|unacceptable|"
    r"determined|committed|refuse[sd]?|retaliat\w+|no room|aimed at|aims? to|intended to|"
    r"pressure|"
    # a claim to territory: "Downing Street said the sovereignty of the Falkland Islands
    # “rests with the UK”" (not "sovereign debt", "the decision rests with Putin")
    r"sovereignty|(?:integral|inalienable) part)(?![\w-])",
    re.I,
)
# A refusal or denial in the speaker's own first person, however short, on the speaker's
# own statement verb: "the IDF said: “We don't target journalists.”" — an act refused,
# not what the speaker cannot confirm, recall or discuss
_FIRST_PERSON_DENIAL = re.compile(
    r"(?<![\w-])(?:we|i)\s+(?:do\s+not|don['’]t|will\s+not|won['’]t|will\s+never|never|"
    r"cannot|can['’]t|would\s+never|refuse\s+to)\s+(?:\w+ly\s+)?(?:target|attack|accept|"
    r"recogni[sz]e|negotiate|allow|tolerate|give\s+up|interfere|surrender|cede|back\s+down|"
    r"retreat|withdraw|comply|bow|yield|agree|support|want|seek|intend|threaten|harm|"
    r"kill|bomb|strike|abandon|betray)(?![\w-])",
    re.I,
)
# A judgement of what someone did ("a harrowing pattern of unlawful killings") — the
# speaker's, unless the sentence gives it to someone else ("in what Kyiv called war crimes")
_JUDGEMENT = re.compile(
    r"(?<![\w-])(?:unlawful|illegal|illegitimate|unjustified|unprovoked|brutal|excessive|"
    r"disproportionate|outrageous|deplorable|irresponsible|reckless|atrocit(?:y|ies)|"
    r"war crimes?)(?![\w-])",
    re.I,
)
_CALLED = re.compile(
    r"(?<![\w-])(?:call(?:s|ed)?|describe[sd]?\s+as|term(?:s|ed)?|dub(?:s|bed)?|brand(?:s|ed)?|"
    r"label(?:s|led|ed)?)(?![\w-])[^,;]{0,30}$",
    re.I,
)
# A negation just before the verb: "has not condemned", "hasn't condemned", "never said"
_NOT_BEFORE = re.compile(r"(?:(?<![\w-])(?:not|never|no longer)|n['’]t)\s+(?:\w+\s+)?$", re.I)
# Words a quotation needs to be the speaker's own words, not a borrowed label ("military
# command and control facilities").
QUOTE_WORDS = 6
# Collectives that the tables know but that state nothing as one actor.
_LOOSE = frozenset({"the west", "europe"})
# Sentences kept as one position's evidence.
MAX_SENTENCES = 3
# Who no longer, or never did, speak for a government: "said former White House Russia
# adviser Fiona Hill", "criticised by Russian politicians" (an independent check on six
# unseen articles found these filed as the country's position).
_NOT_IN_OFFICE = re.compile(
    r"(?<!\w)(?:ex-(?=\w)|(?:former|politicians|opposition)(?![\w-]))", re.I
)


def _own_quotation(text: str) -> bool:
    return any(len(m.group(0).split()) >= QUOTE_WORDS for m in QUOTED.finditer(text))


_ANOTHER_CLAUSE = re.compile(
    r"(?<![\w-])(?:while|as|before|after|but|and|when|whereas|then)(?![\w-])", re.I
)


def _own_denial(text: str, verb: re.Match[str]) -> bool:
    """A first-person denial quoted on this very verb: right after it ("said: “We don't
    target…”") or just before it with no other statement between ("“We will never
    accept it,” the ministry said") — not a bystander's ("one resident said: “We
    can't…”")."""
    for quote in QUOTED.finditer(text):
        if not _FIRST_PERSON_DENIAL.search(quote.group(0)):
            continue
        if quote.start() >= verb.end() and re.fullmatch(
            r"\s*[:,]?\s*", text[verb.end() : quote.start()]
        ):
            return True
        between = text[quote.end() : verb.start()]
        if (
            quote.end() <= verb.start()
            and not text[: quote.start()].strip()  # the quotation opens the sentence
            and len(between) <= 60
            and not STATEMENT_VERB.search(between)
            and not _ANOTHER_CLAUSE.search(between)
        ):
            return True
    return False


def _judges(text: str) -> bool:
    return any(not _CALLED.search(text, 0, m.start()) for m in _JUDGEMENT.finditer(text))


def _attitude(text: str, verb: re.Match[str]) -> bool:
    """Whether a statement verb states an attitude: not negated ("has not claimed"), and
    either an attitude verb or a reporting verb in a sentence with a stance word or the
    speaker's own quotation."""
    if _NOT_BEFORE.search(text[: verb.start()][-20:]):
        return False
    if _NEUTRAL.fullmatch(verb.group(0)):
        return bool(
            _STANCE_WORDS.search(text)
            or _own_quotation(text)
            or _judges(text)
            or _own_denial(text, verb)
        )
    return True


def shows_a_stance(text: str) -> bool:
    """Whether a sentence states an attitude, whoever says it: a position needs one; a
    fact reported ("the Taliban members were released in Doha, according to a Taliban
    representative") is not a position."""
    plain = blank_quotations(text)
    return bool(REACTION_FROM.search(plain)) or any(
        _attitude(text, verb) for verb in STATEMENT_VERB.finditer(plain)
    )


def stated_by(article: Article, sentence_id: int, key: str) -> tuple[int, ...] | None:
    """Whether sentence ``sentence_id`` shows actor ``key`` stating a stance: None if
    not, () if in the sentence itself, else the earlier sentences its "he" or "the
    ministry" stands for (attribution.speakers)."""
    sentence = article.sentence(sentence_id)
    if sentence is None or not shows_a_stance(sentence.text):
        return None
    return speakers(article, sentence_id).context_for(key)


def stance_speakers(text: str, people: dict[str, str]) -> set[str]:
    """Actor keys one sentence shows stating a stance (see the module's docstring)."""
    found, _refers = statements(text, people)
    keys: set[str] = set()
    for verb, subjects in found:
        if _attitude(text, verb) and not _NOT_IN_OFFICE.search(_speaker_phrase(text, verb)):
            keys.update(subjects)  # not "Israel has not claimed responsibility"
    return keys


def _speaker_phrase(text: str, verb: re.Match[str]) -> str:
    """Where the speaker of ``verb`` is named: its clause before the verb, and the words
    after it when it is inverted (to the sentence's end: "…, said another witness in the
    probe, former adviser Fiona Hill") or passive (to the next comma: "criticised by
    Russian politicians"), not its object ("condemned the arrest of opposition leader
    Navalny")."""
    start = max(text.rfind(c, 0, verb.start()) for c in ",.;:—")
    before = text[start + 1 : verb.start()]
    after = text[verb.end() :]
    inverted = text[: verb.start()].rstrip().endswith((",", "”", '"', "’"))
    if inverted:  # "…, said another witness in the probe, former adviser Fiona Hill"
        return before + " " + re.split(r"[.;:]", after, maxsplit=1)[0]
    if re.match(r"\s+by\b", after):
        return before + " " + re.split(r"[,.;:]", after, maxsplit=1)[0]
    return before


def _eligible(key: str) -> bool:
    """A country, or an organisation or group the actor tables know by name."""
    if is_state_key(key):
        return True
    return key not in _LOOSE and resolve_actor(key).kind in ("organisation", "group")


def word_positions(article: Article, have: set[str]) -> dict[str, list[int]]:
    """For each actor key not in ``have``: the sentences (article order, at most
    MAX_SENTENCES) that show it stating a stance. Sentences that speak for two actors
    named just before ("Both sides said they were hopeful…") count for both; the
    sentence naming them is their context (:func:`context_of`)."""
    people = people_of(article)
    out: dict[str, list[int]] = {}
    for sentence in article.sentences:
        if article.title and sentence.text.strip() == article.title.strip():
            continue  # the headline: a topic, not someone's words
        keys = stance_speakers(sentence.text, people)
        if both_speak(sentence.text) and shows_a_stance(sentence.text):
            keys |= set(speakers(article, sentence.id).by_reference)
        for key in sorted(keys):
            if key in have or not _eligible(key):
                continue
            ids = out.setdefault(key, [])
            if len(ids) < MAX_SENTENCES:
                ids.append(sentence.id)
    return out


def leading_sentence(article: Article, key: str, ids: list[int]) -> int:
    """Of a word position's sentences, the first that names its actor first (outside
    quotations), so its text reads as that actor's: "Ukrainian President Volodymyr
    Zelenskyy said…" rather than "China has proposed a plan…, rejected by Ukraine"."""
    people = people_of(article)
    for i in ids:
        sentence = article.sentence(i)
        spans = actor_spans(blank_quotations(sentence.text), people) if sentence else []
        if spans and actor_key(as_state_actor(spans[0][2])) == key:
            return i
    return ids[0]


def context_of(article: Article, sentence_id: int, key: str) -> tuple[int, ...]:
    """The earlier sentences a word position's sentence needs to show who speaks."""
    return speakers(article, sentence_id).by_reference.get(key, ())
