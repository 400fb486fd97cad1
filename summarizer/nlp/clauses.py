"""One verb of a sentence and its roles (:class:`Clause`), read from the parse."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from summarizer.nlp.grammar import (
    CONDITIONS,
    FUTURE,
    HEDGES,
    OBJECT,
    OBJECT_PREPS,
    PASSIVE_SUBJECT,
    PAST_AUX,
    SUBJECT,
    SUBJECT_PREPS,
    Tokens,
    antecedent,
    first_places,
    governing,
    inherited,
    kind_named,
    phrase_actors,
    reference,
    shared_subject,
    subject_of,
)
from summarizer.nlp.lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    done_to: tuple[str, ...] = ()  # the patients so read ("Ukrainian prisoners were freed")
    offset: int = 0  # the verb's character offset in the sentence
    modal: str = ""  # its modal auxiliary, if any ("must", "would")
    refers: str = ""  # the subject's word when it names no actor but refers back ("they")
    plural: bool = False  # the reference stands for several ("the two leaders")
    passive: bool = False
    negated: bool = False
    hedged: bool = False  # would/could/may, a condition, a question
    condition: bool = False  # under "if" or "unless": supposed, stated by no one
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
    # an infinitive with a subject of its own, the one its head acts on ("allowed Ukraine
    # to use…", "urged Russia to withdraw")
    raised: bool = False

    @property
    def done(self) -> bool:
        """An act reported as done: not negated, hedged or only planned."""
        return not (self.negated or self.hedged or self.planned)


def with_people(strict: Clause, loose: Clause) -> Clause:
    return replace(strict, acted_by=loose.doers, acted_on=loose.objects, done_to=loose.patients)


def read_clause(sid: int, tokens: Tokens, verb: Token, people: bool = False) -> Clause:
    lists = words()
    subject, passive = subject_of(verb)
    doers: set[str] = set()
    objects: set[str] = set()
    refers = unnamed = ""
    plural = False
    patients: set[str] = set()
    if subject is not None:
        subject = antecedent(subject)
        named = phrase_actors(tokens, subject, SUBJECT_PREPS, people=people)
        if passive:
            objects |= named
            patients |= named
        else:
            doers |= named
            if not named:
                refers, plural, unnamed = reference(subject, lists)
                if refers and subject.pos_ == "NOUN":  # "In Finland, the government…"
                    places = [o for c in verb.children
                              if c.dep_ == "prep" and c.lower_ == "in" and c.i < subject.i
                              for o in c.children if o.dep_ == "pobj"]  # fmt: skip
                    where = [phrase_actors(tokens, o, frozenset(), people=people) for o in places]
                    found = set().union(*where) if where else set()
                    if len(found) == 1:
                        doers |= found
                        refers = ""
    if passive:
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            for obj in (c for c in agent.children if c.dep_ == "pobj"):
                doers |= phrase_actors(tokens, obj, SUBJECT_PREPS, people=people)
                if not doers:  # "besieged by police": a kind of actor, no name
                    unnamed = obj.lemma_.lower()
        if not doers and subject is None and verb.dep_ in ("acl", "relcl"):
            objects |= phrase_actors(tokens, verb.head, SUBJECT_PREPS, people=people)
        if subject is None and verb.dep_ == "conj" and (shared := shared_subject(verb)):
            # "Sinwar served 20 years … and was released": the one released
            found = phrase_actors(tokens, shared, SUBJECT_PREPS, people=people)
            objects |= found
            patients |= found
    elif subject is None:
        from_head = inherited(tokens, verb, people)
        doers |= from_head
        shared = shared_subject(verb)
        if not from_head and shared is not None:  # "he had watched … and slammed…"
            refers, plural, unnamed = reference(shared, lists)
    for child in verb.children:
        if child.dep_ in OBJECT:
            found = phrase_actors(tokens, antecedent(child), OBJECT_PREPS, people=people)
            objects |= found
            patients |= phrase_actors(tokens, antecedent(child), frozenset(), people=people)
        elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS:
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                objects |= phrase_actors(tokens, obj, OBJECT_PREPS, people=people)
    objects -= doers
    first = first_places(tokens)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        g.lower_ in ("no", "nobody", "none", "nothing") and g.dep_ in ("det", *SUBJECT, "dobj")
        for c in verb.children
        if c.dep_ in (*SUBJECT, *PASSIVE_SUBJECT, "dobj")
        for g in (c, *c.children)
    )
    head_clause = governing(verb)
    # will, or under "plan to", "vow to", "going to"
    under = head_clause.lemma_.lower() if head_clause is not None else ""
    adjective = verb.head.lemma_.lower() if verb.head.pos_ == "ADJ" else ""
    planned = bool(aux & FUTURE) or (
        verb.dep_ == "xcomp" and (under in lists["plans"] or under == "go"
                                  or adjective in ("willing", "ready", "prepared"))
    )  # fmt: skip
    # "failed to reach agreement", "refused to withdraw": the act did not happen
    negated = negated or (verb.dep_ == "xcomp" and under in ("fail", "refuse", "decline"))
    hedged = bool(aux & HEDGES) or bool(marks & CONDITIONS)
    lemma = _lemma(verb)
    statement = (
        (
            lemma in lists["statement"]
            and not (
                # "maintain a stance", "added troops": these state only with a clause, or
                # as an appraisal ("described the invasion as the most direct threat")
                lemma in lists["with_clause"]
                and not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
                and not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
            )
            and not (
                # "a meeting Zelenskiy wanted": a wish told in passing states no position
                verb.dep_ in ("relcl", "acl") and lemma in lists["attitudes"]
            )
        )
        or (
            # "Beijing is concerned about…": a stance told by an adjective
            lemma in ("be", "become", "remain", "seem", "appear", "grow")
            and any(
                c.dep_ == "acomp"
                and c.lemma_.lower() in lists["attitude_adjectives"]
                and not any(g.dep_ == "neg" for g in c.children)
                for c in verb.children
            )
        )
        or (
            lemma in lists["makers"]
            and any(
                c.dep_ == "dobj" and c.lemma_.lower() in lists["statement_nouns"]
                for c in verb.children
            )
        )
    )
    return Clause(
        sentence_id=sid,
        index=verb.i,
        verb=verb.text,
        lemma=lemma,
        after=tuple(t.lower_ for t in verb.doc[verb.i + 1 : verb.i + 7]),
        offset=verb.idx,
        modal=next((a for a in aux if a in HEDGES | FUTURE), ""),
        doers=tuple(sorted(doers, key=first.__getitem__)),
        objects=tuple(sorted(objects, key=first.__getitem__)),
        patients=tuple(sorted(patients - doers, key=first.__getitem__)),
        refers=refers,
        plural=plural,
        passive=passive,
        negated=negated,
        hedged=hedged,
        condition=bool(marks & {"if", "unless"}),
        planned=planned,
        past=verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux & PAST_AUX)),
        present=verb.tag_ in ("VBZ", "VBP") and not aux,
        kind_named=subject is not None and kind_named(tokens, subject),
        quoted=verb.i in tokens.quoted and not _partly_quoted(tokens, verb),
        statement=statement,
        head=head_clause.i if head_clause is not None else None,
        root=verb.dep_ == "ROOT",
        dep=verb.dep_,
        unnamed=unnamed,
        raised=subject is not None
        and verb.dep_ in ("ccomp", "xcomp")
        and any(c.tag_ == "TO" for c in verb.children),
    )


def _partly_quoted(tokens: Tokens, verb: Token) -> bool:
    """A verb in quotation marks whose subject stands outside them: the writer's clause
    quoting a few words ("it was “deliberately sideswiped” by a vessel", "the Chinese
    vessel “conducted dangerous maneuvers and tried to block the path”"), not the
    quotation of another's clause ("“We will not back down,” he said")."""
    current = verb
    for _ in range(4):  # a verb joined to another, or an infinitive, shares its subject
        subject, _passive = subject_of(current)
        if subject is not None:
            return subject.i not in tokens.quoted
        if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def _lemma(verb: Token) -> str:
    """The verb's lemma; where the lemmatiser misreads a listed verb ("hoped" → "hop"),
    the listed base form its written form comes from."""
    lemma = verb.lemma_.lower()
    listed = words()["statement"]
    if lemma in listed:
        return lemma
    form = verb.lower_
    # the endings English inflects with, each with the base it leaves ("hoped" → "hope",
    # "denied" → "deny"; not "dented" → "deny")
    for ending, base in (("ied", form[:-3] + "y"), ("ies", form[:-3] + "y"),
                         ("ed", form[:-2]), ("ed", form[:-1]), ("es", form[:-2]),
                         ("s", form[:-1])):  # fmt: skip
        if form.endswith(ending) and base in listed:
            return base
    return lemma
