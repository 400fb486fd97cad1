"""Who a name or a title stands for in one article: people the parse ties to a state by
their title ("U.S. Ambassador Gordon Sondland"), titled mentions a later "the president"
refers to, and "the North"/"the South" for the one actor the article names so."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from summarizer.nlp.actors import actor_key, actor_spans, as_state_actor
from summarizer.nlp.grammar import FORMER, Tokens, phrase_actors
from summarizer.nlp.lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def compass(text: str, people: dict[str, str]) -> dict[str, str]:
    """ "the North" / "the South" → the one actor the article names "North …" / "South …"
    (North Korea, South Sudan): news refers back to them so."""
    seen: dict[str, set[str]] = {}
    if "the north" not in text.lower() and "the south" not in text.lower():
        return {}  # (the common case: no need to find every actor again)
    for start, end, actor in actor_spans(text, people):
        first = text[start:end].split()[0]
        if first in ("North", "South") and " " in text[start:end]:
            seen.setdefault(first, set()).add(actor_key(as_state_actor(actor)))
    return {word: next(iter(keys)) for word, keys in seen.items() if len(keys) == 1}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def titled_people(
    sentences: list[tuple[int, str]], docs: list[Doc], people: dict[str, str]
) -> dict[str, str]:
    """People the parse ties to a state by their title: "U.S. Ambassador to the European
    Union Gordon Sondland", "Ferit Hoxha, Albania's foreign minister" → name → ISO code
    (their full name and surname; a later "Sondland" speaks for the state too)."""
    state_heads = words()["state_heads"]
    out: dict[str, str] = {}
    for (_sid, text), doc in zip(sentences, docs, strict=True):
        tokens = Tokens(doc, {}, set(), set())
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
            keys = set().union(*(phrase_actors(tokens, m, frozenset({"of", "to", "for"}))
                                 for m in modifiers))  # fmt: skip
            if len(keys) == 1:
                key = next(iter(keys))
                full = " ".join(p.text for p in parts).lower()
                out.setdefault(full, key)
                out.setdefault(parts[-1].text.lower(), key)
    return out


def titles_of(doc: Doc, tokens: Tokens) -> tuple[tuple[str, str], ...]:
    """(title lemma, actor) for each titled mention of one actor outside quotations: "US
    President Donald Trump", "President Xi", "the Russian foreign minister"."""
    titles = words()["titles"]
    out: list[tuple[str, str]] = []
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma not in titles or t.pos_ not in ("NOUN", "PROPN") or t.i in tokens.quoted:
            continue
        phrase = t.head if t.dep_ in ("compound", "flat") and t.head.pos_ == "PROPN" else t
        keys = phrase_actors(tokens, phrase, frozenset({"of"}), people=True)
        if len(keys) == 1:
            out.append((lemma, next(iter(keys))))
    return tuple(out)


def _titled(token: Token, state_heads: frozenset[str]) -> bool:
    """Whether a modifier of a name is a title that speaks for a state: the modifier or
    the words that make it ("foreign minister", "Kremlin spokesman"), not any word of what
    follows it ("author of The Palestine Laboratory, a book on Israel's military"); not a
    former one ("a former Irish ambassador" speaks for no one)."""
    title = [token, *(c for c in token.children if c.dep_ in ("compound", "amod", "nmod"))]
    return any(t.lemma_.lower() in state_heads for t in title) and not any(
        t.lower_ in FORMER for t in token.subtree
    )
