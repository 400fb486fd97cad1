"""Whose act a noun names: "Russia's invasion", "an attack by Russia", "North Korea has
intensified its criticism" (the nouns of ``data/plover_words.toml``, on the parse)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from summarizer.nlp.clauses import Clause
from summarizer.nlp.event_words import act_nouns, category_of
from summarizer.nlp.grammar import SUBJECT_PREPS, Tokens, phrase_actors

if TYPE_CHECKING:
    from spacy.tokens import Doc


def act_owners(doc: Doc, tokens: Tokens, clauses: tuple[Clause, ...]) -> frozenset[tuple[str, str]]:
    """(category, actor) for each noun of ``data/plover_words.toml`` that names an act and
    the actors it belongs to: its owner or modifier ("Russia's invasion", "the Russian
    attack"), the object of "by" under it, or the doer of the clause it is the object of
    ("North Korea has intensified its criticism"), when that verb is no act of its own."""
    by_noun = _by_noun()
    # a verb that only carries the noun ("intensified its criticism", "carried out
    # strikes"), not one that is an act or a statement itself ("condemned the strikes")
    doing = {
        c.index: c.acted_by
        for c in clauses
        if not c.quoted and not c.statement and category_of(c) is None
    }
    out: set[tuple[str, str]] = set()
    for t in doc:
        if t.pos_ not in ("NOUN", "PROPN") or t.i in tokens.quoted:
            continue
        before = doc[t.i - 1].lower_ + " " if t.i > 0 else ""
        named = (by_noun.get(before + t.lower_) or by_noun.get(t.lower_)
                 or by_noun.get(t.lemma_.lower()))  # fmt: skip
        if named is None:
            continue
        keys: set[str] = set()
        for child in t.children:
            # an owner or a people's adjective ("Russia's invasion", "the Russian attack");
            # not a compound, which often names the target ("Iran sanctions")
            if child.dep_ in ("poss", "amod"):
                keys |= phrase_actors(tokens, child, frozenset(), owner=t, people=True)
            if child.dep_ == "prep" and child.lower_ == "by":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    keys |= phrase_actors(tokens, obj, SUBJECT_PREPS, people=True)
        if t.dep_ == "dobj" and t.head.lemma_.lower() in _CARRIERS:
            keys |= set(doing.get(t.head.i, ()))
        out |= {(named, k) for k in keys}
    return frozenset(out)


@lru_cache(maxsize=1)
def _by_noun() -> dict[str, str]:
    """Noun (or two-word noun) → the category whose act it names."""
    out: dict[str, str] = {}
    for category, nouns in sorted(act_nouns().items()):
        for noun in sorted(nouns):
            out.setdefault(noun, category)
    return out


# verbs that only carry an act noun for their subject ("carried out strikes", "intensified
# its criticism"); not "suffered an attack", "survived", "tracked incursions"
_CARRIERS = frozenset(
    "carry conduct launch stage mount intensify escalate step impose issue make hold "
    "continue resume renew begin start unleash".split()
)
