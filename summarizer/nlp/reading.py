"""One reading of an article, on spaCy's dependency parse: its clauses, who does what to
whom in each, and the actors each phrase names.

``annotate(article)`` parses every sentence once (cached per article) and returns a
:class:`Reading`; the checks and the events read that object, never the raw text. Grammar
(subject, agent, object, negation, modality, tense, quotation) comes from the parse; the
word lists that remain are lemmas in ``data/reading.toml``; actor names come from
``data/actors.toml`` through :func:`summarizer.nlp.actors.actor_spans`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.document.article import Article
from summarizer.nlp.act_nouns import act_owners
from summarizer.nlp.actors import (
    actor_key,
    actor_spans,
    article_people,
    as_state_actor,
    demonym_code,
    is_state_key,
)
from summarizer.nlp.clauses import Clause, read_clause, with_people
from summarizer.nlp.event_words import category_of
from summarizer.nlp.grammar import (
    GUESSES,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    SUBJECT_PREPS,
    Tokens,
    dateline,
    inside,
    is_verb,
    own_words,
    phrase_actors,
    quoted_spans,
    told_done,
)
from summarizer.nlp.lexicon import pipeline, reaction_verbs, words
from summarizer.nlp.parsing import awaited, keep_reading, kept_reading, parse, reading_key
from summarizer.nlp.titles import compass, stop_words, titled_people, titles_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "Clause",
    "Reading",
    "SentenceReading",
    "annotate",
    "pipeline",
    "reaction_verbs",
    "read_sentences",
    "words",
]


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
    # (category, actor) for a noun naming an act and whose act it is: "Russia's invasion",
    # "the Russian attack", "an attack by Russia", "North Korea intensified its criticism"
    act_owners: frozenset[tuple[str, str]] = frozenset()
    question: bool = False
    # (title lemma, actor) for a titled mention outside quotations ("US President Donald
    # Trump", "the Chinese foreign minister"): what a later "the president" refers to
    titles: tuple[tuple[str, str], ...] = ()

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
        titled = self._titled(clause)
        if titled:
            return titled
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

    def _titled(self, clause: Clause) -> dict[str, tuple[int, ...]]:
        """A title referring back ("the president says…", "both leaders have said…"): the
        actor of the nearest earlier mention with that title (for two, the two nearest
        distinct heads), up to TITLE_REACH sentences back, the sentence itself first."""
        lemma = clause.refers
        if lemma not in words()["titles"]:
            return {}
        wanted = _HEADS if lemma in _HEADS and clause.plural else frozenset({lemma})
        needed = 2 if clause.plural else 1
        found: dict[str, tuple[int, ...]] = {}
        for sid in range(clause.sentence_id, clause.sentence_id - TITLE_REACH - 1, -1):
            sentence = self.sentences.get(sid)
            if sentence is None:
                continue
            for title, key in reversed(sentence.titles):
                if title in wanted and key not in found:
                    found[key] = () if sid == clause.sentence_id else (sid,)
            if len(found) >= needed:
                return dict(list(found.items())[:needed])
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
            if clause.modal in GUESSES:  # "China's leaders may still believe…": the writer's guess
                continue
            if clause.condition:  # "unless the South offers…": supposed, not stated
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
        from summarizer.nlp.dates import when_words

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


def _plan_noun(token: Token, lists: dict) -> bool:
    """A noun naming a plan, talks or a ceasefire, not another kind of deal ("the Phase 1
    trade deal")."""
    return (
        token.lemma_.lower() in lists["plan_nouns"]
        and token.pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lists["not_peace"]
                    for c in token.children)
    )  # fmt: skip


def _quotes(text: str) -> bool:
    return any(ch in text for ch in QUOTES_OPEN + QUOTES_CLOSE)


_PRONOUNS = frozenset({"he", "she", "it", "they"})
TITLE_REACH = 30  # sentences a title looks back for its holder (the nearest wins)
_HEADS = frozenset({"leader", "president", "premier", "chancellor", "king", "minister"})


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
def annotate(article: Article) -> Reading:
    """The article's reading (parsed once, here or by a parse worker; the last 32 articles
    are kept)."""
    key = reading_key(article)
    found = kept_reading(key) or awaited(key)
    reading = found if isinstance(found, Reading) else None
    if reading is None:
        reading = read_sentences([(s.id, s.text) for s in article.sentences], article.text)
    keep_reading(key, reading)
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
        docs = parse([t for _, t in sentences])
    titled = titled_people(sentences, docs, people)
    # a name part that is an ordinary word ("He" of "Liu He") names no one
    people = {k: v for k, v in {**titled, **people}.items() if k not in stop_words()}
    directions = compass(full_text if full_text is not None else "\n".join(t for _, t in sentences),
                       people)  # fmt: skip
    reading = Reading()
    for (sid, text), doc in zip(sentences, docs, strict=True):
        reading.sentences[sid] = _read(sid, text, doc, people, directions)
    return reading


def _read(
    sid: int, text: str, doc: Doc, people: dict[str, str], compass: dict[str, str]
) -> SentenceReading:
    quotes = quoted_spans(text)
    tokens = Tokens(doc, {}, set(), {t.i for t in doc if inside(t.idx, quotes)})
    filed = dateline(doc)
    found = [
        (doc.char_span(a, b, alignment_mode="expand"), x) for a, b, x in actor_spans(text, people)
    ]
    for span, actor in found:
        if span is None or span.root.i in filed:  # "DUBLIN — She's slammed NATO…"
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
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if (t.i not in covered and t.text in compass and t.i > 0 and doc[t.i - 1].lower_ == "the"
                and not (after is not None and after.text[:1].isupper())):  # fmt: skip
            tokens.actor[t.i] = compass[t.text]  # "the North warned…", "the North's committee"
    clauses = tuple(
        with_people(read_clause(sid, tokens, t), read_clause(sid, tokens, t, people=True))
        for t in doc
        if is_verb(t)
    )
    named = frozenset(k for i, k in tokens.actor.items() if i not in tokens.quoted)
    titles = titles_of(doc, tokens)
    according: set[str] = set()
    owners: set[str] = set()
    plan_owners: set[str] = set()
    lists = words()
    for t in doc:
        if _plan_noun(t, lists) and t.pos_ == "NOUN" and t.i not in tokens.quoted:
            for child in t.children:
                if child.dep_ in ("poss", "compound", "amod"):
                    plan_owners |= phrase_actors(tokens, child, frozenset(), owner=t)
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        plan_owners |= phrase_actors(tokens, obj, SUBJECT_PREPS)
        if t.lower_ == "according" and t.i not in tokens.quoted and not told_done(t):
            for to in (c for c in t.children if c.lower_ == "to"):
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    according |= phrase_actors(tokens, obj, SUBJECT_PREPS)
        if (
            t.lemma_.lower() in lists["statement_nouns"]
            and t.pos_ == "NOUN"
            and (t.i not in tokens.quoted)
        ):
            if t.lemma_.lower() in lists["held_nouns"] and not own_words(t):
                continue
            for child in t.children:
                if child.dep_ == "poss":
                    owners |= phrase_actors(tokens, child, frozenset(), owner=t)
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        owners |= phrase_actors(tokens, obj, SUBJECT_PREPS)
    return SentenceReading(
        id=sid,
        text=text,
        clauses=clauses,
        act_owners=act_owners(doc, tokens, clauses),
        named=named,
        according_to=frozenset(according),
        owners=frozenset(owners),
        question=text.rstrip("”’\"' )").endswith("?"),
        titles=titles,
        quotation_only=bool(clauses)
        and all(c.quoted for c in clauses)
        and text.lstrip()[:1] in QUOTES_OPEN,
        words=tuple(t.lower_ for t in doc),
        plan_owners=frozenset(plan_owners),
        quotes=tuple(quotes),
        plan=any(_plan_noun(t, lists) for t in doc),
    )
