"""Grammar over spaCy's parse of one sentence: subjects, agents and objects, the actors a
noun phrase names, references back, quotation spans, datelines — what the clauses and
the sentence reading are built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summarizer.nlp.lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT = ("nsubjpass", "csubjpass")
OBJECT = ("dobj", "dative", "attr", "oprd")
# prepositions whose object is acted on ("attacked positions in Ukraine", "sanctions on
# Russia", "talks with China"); "between", "among", "like", "as" name no one acted on
OBJECT_PREPS = frozenset(
    "against on upon to with at toward towards into in over from onto inside across around "
    "near off".split()
)
# inside a subject phrase: "a spokesperson of the committee", "officials from Russia"
SUBJECT_PREPS = frozenset("of for from at including".split())
_PHRASE = frozenset(
    "compound poss amod nmod appos conj det case flat nummod nn quantmod npadvmod".split()
)
HEDGES = frozenset("would could might may should can must".split())
FUTURE = frozenset("will shall".split())
GUESSES = frozenset("may might could".split())
FORMER = frozenset("former ex ex- retired onetime one-time erstwhile".split())
PAST_AUX = frozenset("has have had was were".split())
CONDITIONS = frozenset("if unless whether".split())
_RELATIVE = frozenset("which who whom that whose".split())
QUOTES_OPEN = '“‘"«'
QUOTES_CLOSE = '”’"»'


def quoted_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if (
            start is None
            and ch in QUOTES_OPEN
            and ((ch != "’" and ch != "‘") or _quote_like(text, i))
        ):
            start = i
        elif (
            start is not None
            and ch in QUOTES_CLOSE
            and i > start
            and (ch != "’" or _quote_like(text, i))
        ):
            spans.append((start, i + 1))
            start = None
    if start is not None:  # an opened quotation runs to the end of the sentence
        spans.append((start, len(text)))
    return spans


def _quote_like(text: str, i: int) -> bool:
    """A single quotation mark, not an apostrophe ("Russia’s", "don’t")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum()) and not (before.isalnum() and after == "s")


@dataclass
class Tokens:
    doc: Doc
    actor: dict[int, str]  # token index → actor key
    demonym: set[int]  # tokens whose actor is only a demonym ("Chinese")
    quoted: set[int]


def told_done(according: Token) -> bool:
    """Whether "according to X" sources an act told as done ("the attack included 600
    drones, according to Ukraine's Air Force", "were released in Doha, according to a
    Taliban representative"): a report of what happened, not X's stance ("according to
    the Pentagon, the base serves as an outpost")."""
    verb = governing(according)
    if verb is None:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux & PAST_AUX))


def own_words(noun: Token) -> bool:
    """Whether a noun of a held view is told as its owner's ("Ukraine's support came…"),
    not as a fact another tells ("they stress the EU's strong support for Ireland"): no
    verb above it, or it is inside that verb's subject."""
    verb = governing(noun)
    if verb is None:
        return True
    subjects = [c for c in verb.children if c.dep_ in SUBJECT or c.dep_ in PASSIVE_SUBJECT]
    return any(noun.i in {t.i for t in s.subtree} for s in subjects)


def dateline(doc: Doc) -> set[int]:
    """The tokens of a dateline opening the sentence ("DUBLIN —", "SEOUL, Aug. 20 (Yonhap)
    --"): where the story was filed, never who acts. Its place is in capitals and a dash
    ends it within the first dozen tokens."""
    if not doc or not (doc[0].text.isupper() and len(doc[0].text) > 1):
        return set()
    for t in doc[:12]:
        if t.text in ("—", "--", "–"):
            return set(range(t.i))
    return set()


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def is_verb(t: Token) -> bool:
    """A verb that heads a clause (an auxiliary only when it is the main verb: "is")."""
    return t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ not in ("aux", "auxpass"))


def _possessor(token: Token) -> bool:
    """An owner: a ``poss`` dependent, or a word the possessive marker follows ("Kyiv’s
    European allies", where the small model tags "Kyiv" as an adjective)."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.dep_ == "poss" or (following is not None and following.tag_ == "POS")


def phrase_actors(
    tokens: Tokens,
    head: Token,
    preps: frozenset[str],
    owner: Token | None = None,
    people: bool = False,
) -> set[str]:
    """Actors a noun phrase names: its head, compounds, owners, modifiers, appositions and
    conjuncts, and the objects of ``preps`` inside it; not its relative clauses. A
    demonym counts only before a head that speaks for a state ("the Chinese ministry")."""
    state_heads = words()["state_heads"]
    relations = words()["relations"]
    not_states = words()["not_states"]
    found: set[str] = set()
    stack = [head]
    # "Russia's Ukraine envoy", "Britain's ambassador to the UN": with an owner, the
    # head's other actors are its topic
    owned = [c for c in head.children if c.dep_ == "poss" and _names(tokens, c)]
    topics: set[int] = set()
    if owned:
        for c in head.children:
            if c.dep_ in ("compound", "prep", "amod", "nmod") and c not in owned:
                topics |= {t.i for t in c.subtree}
    if head.lemma_.lower() in state_heads:
        preps = preps | {"in"}  # "officials in Kyiv"
    seen: set[int] = set()
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        key = tokens.actor.get(t.i)
        if any(c.lower_ in FORMER for c in t.children if c.dep_ == "amod"):
            continue  # "a former Irish ambassador", "ex-Soviet officials"
        if key is None and t.pos_ == "PROPN" and t.lemma_.lower() in not_states:
            continue  # "the Washington Institute", "the Palestinian Dialogue Group in Turkey"
        # a name in quotation marks inside the writer's own phrase still names ("a “Chinese
        # maritime militia” vessel"); in a quoted phrase, it is the speaker's word
        if (
            key is not None
            and (t.i not in tokens.quoted or head.i not in tokens.quoted)
            and (t.i not in topics)
        ):
            first = t  # "the Russian and Syrian defense ministries": Syrian as Russian
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            noun = owner if owner is not None and first.head.i == first.i else first.head
            speaks = (
                noun.pos_ == "PROPN"
                or noun.lemma_.lower() in state_heads
                or (owner is not None and noun.i == owner.i)
            )
            if people and t.i not in topics:
                found.add(key)
            elif first.dep_ == "poss":
                if speaks:  # "Russia's ministry", not "Hong Kong's activists"
                    found.add(key)
            elif (
                t.i not in tokens.demonym
                or (
                    first.dep_ in ("amod", "compound", "nmod")
                    and (noun.pos_ == "PROPN" or noun.lemma_.lower() in state_heads)
                )
                or (t.i == head.i and any(c.lower_ == "the" for c in t.children))
            ):
                # "the Chinese have been reluctant": the state, as news writes it
                found.add(key)
        for child in t.children:
            if _possessor(child) and t.lemma_.lower() in relations:
                continue  # "Kyiv's allies" are not Kyiv
            if child.dep_ in _PHRASE:
                stack.append(child)
            elif child.dep_ == "prep" and child.lower_ in preps and _carries(t, head, state_heads):
                stack.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _carries(t: Token, head: Token, state_heads: frozenset[str]) -> bool:
    """Whether a preposition under ``t`` names whom the phrase stands for: under the
    phrase's head ("Thousands of US troops"), a title or body that speaks for a state
    ("a spokesperson of the committee") or a name; not under any other noun inside it
    ("Antony Loewenstein, author of The Palestine Laboratory", "a senior fellow at the
    Washington Institute": what they wrote or where they work)."""
    return t.i == head.i or t.pos_ == "PROPN" or t.lemma_.lower() in state_heads


def _names(tokens: Tokens, token: Token) -> bool:
    return any(t.i in tokens.actor for t in token.subtree)


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject token and whether the verb is passive."""
    passive = any(c.dep_ in ("auxpass", *PASSIVE_SUBJECT) for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ in SUBJECT or c.dep_ in PASSIVE_SUBJECT]
    # the nearest before the verb: a dateline parsed as a second subject ("SEOUL, Aug. 20
    # (Yonhap) -- North Korea's newspaper blasted…") is not it
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1], passive
    return (subjects[0] if subjects else None), passive


def antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("the region, which…")."""
    if token.lower_ not in _RELATIVE:
        return token
    head = token.head
    for _ in range(2):  # "the attacks, which Israeli figures say killed 1,200": attacks
        if head.dep_ in ("relcl", "acl"):
            return head.head
        if head.dep_ not in ("ccomp", "xcomp"):
            break
        head = head.head
    return token


def first_places(tokens: Tokens) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, key in sorted(tokens.actor.items()):
        first.setdefault(key, i)
    return first


def reference(subject: Token, lists: dict[str, Any]) -> tuple[str, bool, str]:
    """(the reference word, plural, '') when the subject refers back to an actor; else
    ('', False, the subject's head lemma)."""
    lemma = subject.lemma_.lower()
    dets = {c.lower_ for c in subject.children if c.dep_ in ("det", "nummod", "predet")}
    plural_word = bool(dets & {"both", "two"}) or lemma in ("both", "they")
    if subject.pos_ == "PRON" and lemma in lists["singular"] | lists["plural"]:
        return lemma, lemma == "both", ""
    if subject.pos_ == "PRON" and subject.lower_ in ("they", "he", "she", "it"):
        return subject.lower_, False, ""
    if subject.pos_ in ("NOUN", "PROPN") and (
        dets & {"the", "this", "both", "two", "its", "their"}
    ):
        if subject.tag_ in ("NNS", "NNPS") and lemma in lists["plural"]:
            return lemma, True, ""
        if subject.tag_ in ("NN", "NNP") and lemma in lists["singular"]:
            return lemma, plural_word, ""
    if lemma == "both" or (subject.lower_ == "both"):
        return "both", True, ""
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    while owner is not None and owner.pos_ == "NOUN":  # "his country's forces": his
        owner = next((c for c in owner.children if c.dep_ == "poss"), None)
    if (
        owner is not None
        and owner.pos_ == "PRON"
        and owner.lower_ in ("its", "his", "her", "their")
    ):
        return owner.lower_, owner.lower_ == "their", ""  # "its forces": the owner's
    return "", False, lemma


def kind_named(tokens: Tokens, subject: Token) -> bool:
    """A common noun that speaks for no state, its actors only the names before it: "US
    analysts", "Chinese companies" (not "US officials", "the Chinese ministry")."""
    if subject.pos_ != "NOUN" or subject.lemma_.lower() in words()["state_heads"]:
        return False
    named = [c for c in subject.subtree if c.i in tokens.actor]
    return bool(named) and all(c.head.i == subject.i and c.dep_ in ("compound", "amod", "nmod")
                               for c in named)  # fmt: skip


def shared_subject(verb: Token) -> Token | None:
    """The subject a conjunct verb shares with the verb it is joined to ("he watched … and
    slammed…"), when that verb has one and is active."""
    if verb.dep_ != "conj" or not is_verb(verb.head):
        return None
    subject, passive = subject_of(verb.head)
    return None if subject is None or passive else antecedent(subject)


def governing(verb: Token) -> Token | None:
    """The nearest verb above this one in the parse, if any."""
    head = verb.head
    while head.i != verb.i:
        if is_verb(head):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def inherited(tokens: Tokens, verb: Token, people: bool = False) -> set[str]:
    """The doers of a verb with no subject of its own: an infinitive or participle takes
    its governing verb's object ("urged Russia to stop") or subject ("vowed to respond"),
    a conjunct its first verb's subject ("condemned … and said")."""
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        head = verb.head
        if head.dep_ == "prep" and verb.dep_ == "pcomp":  # "accused Russia of attacking"
            head = head.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "is ready to negotiate"
            head = head.head
        if not is_verb(head):
            return set()
        by = verb.dep_ == "pcomp" and verb.head.lower_ in ("by", "while", "after", "before")
        if verb.dep_ in ("xcomp", "pcomp") and not by:  # "supported the UN by intervening"
            for c in head.children:
                if c.dep_ == "dobj":
                    found = phrase_actors(tokens, c, SUBJECT_PREPS, people=people)
                    if found:
                        return found
        subject, passive = subject_of(head)
        if subject is not None and (not passive or verb.dep_ in ("pcomp", "xcomp")):
            # "Russia and Syria have been accused of creating…": the accused created it
            return phrase_actors(tokens, antecedent(subject), SUBJECT_PREPS, people=people)
        if subject is None:
            return inherited(tokens, head, people)
    return set()
