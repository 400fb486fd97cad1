"""Positions the parse shows that no model position holds: an actor the sentence shows
stating something (``Reading.speakers``), a country or an organisation the actor tables
know by name."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.nlp.actors import is_state_key, resolve_actor
from summarizer.nlp.reading import Reading

MAX_SENTENCES = 3  # a position's evidence from the words alone
# loose groupings that hold no position of their own ("the West", "the international
# community")
_LOOSE = frozenset({"the west", "international community", "west"})


@dataclass(frozen=True)
class WordPosition:
    key: str
    sentence_ids: tuple[int, ...]  # article order, the first names the actor stating
    context: tuple[int, ...] = ()  # earlier sentences a reference stands for


def eligible(key: str) -> bool:
    """A country, or an organisation or group the actor tables know by name."""
    if is_state_key(key):
        return True
    return key not in _LOOSE and resolve_actor(key).kind in ("organisation", "group")


def word_positions(
    reading: Reading, have: set[str], title: str | None = None
) -> list[WordPosition]:
    """For each actor key not in ``have``: the sentences (at most MAX_SENTENCES) the
    parse shows it stating something in, the headline left out (a topic, not words)."""
    found: dict[str, tuple[list[int], list[int]]] = {}
    for sid, sentence in reading.sentences.items():
        if title and sentence.text.strip() == title.strip():
            continue
        for key, context in reading.speakers(sid).items():
            if key in have or not eligible(key):
                continue
            ids, contexts = found.setdefault(key, ([], []))
            if len(ids) < MAX_SENTENCES:
                ids.append(sid)
                contexts += [c for c in context if c not in contexts]
    return [WordPosition(k, tuple(ids), tuple(c)) for k, (ids, c) in found.items()]


def leading_sentence(reading: Reading, key: str, ids: tuple[int, ...]) -> int:
    """Of a word position's sentences, the first whose main clause has the actor as its
    first doer, so that its text reads as that actor's ("Ukrainian President Volodymyr
    Zelenskyy said…" rather than "China has proposed a plan…, rejected by Ukraine")."""
    for i in ids:
        sentence = reading.sentence(i)
        if sentence is None:
            continue
        if any(c.root and c.doers[:1] == (key,) for c in sentence.clauses):
            return i
    return ids[0]
