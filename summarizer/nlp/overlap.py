"""How much two texts say the same: content words (cut to five letters, a cheap stem)
and their Jaccard similarity. Windows merge their events by it, briefings their reports."""

from __future__ import annotations

import re

_STOP = frozenset(
    "that this with from have were will would their there they them than then been into "
    "said says also about after over more most some such only other which while where when "
    "what your being both each".split()
)


def words(text: str) -> set[str]:
    """Content words, cut to five letters (a cheap stem: 'besieged'/'besiege')."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
