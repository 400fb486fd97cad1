"""Is this article in English? Actor names, demonyms and the support checks match English
only, so another language would lose every item; better to say so before the model runs."""

from __future__ import annotations

import re

# The commonest English words: together they make up about a third of English news text
# and almost none of French, German, Spanish, Russian or Chinese text.
_COMMON = frozenset(
    "the of and to in is that for on with as was said by at from it his an be are has have "
    "were will would its their they not but this which who had been after about also than "
    "more over into when there what could should can we he she our".split()
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
# A word: a run of letters; in scripts written without spaces, every character.
_WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+", re.UNICODE)
MIN_WORDS = 40  # shorter texts say too little to judge
MIN_SHARE = 0.12  # English news runs at 0.25-0.40; French or German at 0.01-0.05


def english_share(text: str) -> float:
    """Share of words that are common English words (non-Latin scripts count per
    character run, so Chinese or Russian text scores near zero)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0
    return sum(w in _COMMON for w in words) / len(words)


def looks_english(text: str) -> tuple[bool, float]:
    """(whether the text looks English, the share measured). Short texts pass."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return True, 1.0
    share = english_share(text)
    return share >= MIN_SHARE, share
