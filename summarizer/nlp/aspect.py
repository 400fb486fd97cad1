"""Whether a sentence tells its act as done in the past — news — or as a state, an
ongoing or perfect act, a plan: background ("Military ties … have strengthened", "Moscow
relies on Chinese companies"). Read from the parse of its main verb's tense and
auxiliaries, not from word lists."""

from __future__ import annotations

from functools import lru_cache

from summarizer.nlp.lexicon import PARSE_LOCK, pipeline

_PAST_AUX = frozenset({"was", "were", "had"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})


@lru_cache(maxsize=2048)
def told_as_past(text: str) -> bool:
    """The first sentence's main verb is a simple past ("struck", "said"), a past passive
    ("were wounded") or a past perfect ("had agreed"), and no modal governs it."""
    with PARSE_LOCK:
        doc = pipeline()(text)
    sentence = next(iter(doc.sents), None)
    if sentence is None:
        return False
    verb = sentence.root
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _MODALS:
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and bool(aux & _PAST_AUX)
